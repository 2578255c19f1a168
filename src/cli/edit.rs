//! Commands that change a plan (`assign`, `unassign`, `meeting ...`) and `clashes`.
//! Each runs one operation of [`crate::planning::ops`] through the workspace, prints
//! what it changed (old → new) and every finding it made or resolved, and saves unless
//! `--dry-run`; `--strict` refuses an edit that makes a warning.

use chrono::{Duration, NaiveDateTime};
use clap::{Args, Subcommand};
use serde::Serialize;

use super::error::{Error, Outcome, Status};
use super::output::{Context, Format};
use super::{FormatArg, help, lookup};
use crate::diag::Sources;
use crate::ids::{MeetingId, PersonId, SessionId};
use crate::model::{Database, DayOrTime, Meeting, MeetingKind, MeetingStatus, Role};
use crate::planning::analysis::Delta;
use crate::planning::change::{Change, Entry, FieldChange, entry_changes, field_changes};
use crate::planning::{DelegateChange, checks, ops};
use crate::text::printable;
use crate::workspace::{self, Workspace};

/// The options every edit takes.
#[derive(Debug, Args)]
pub struct DryRun {
    /// Show what would change, write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Refuse the edit (exit 1, nothing written) if it makes any new warning
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct AssignArgs {
    /// The session whose delegation it is (an id, see attache sessions)
    #[arg(long, value_name = "ID")]
    pub session: SessionId,
    /// The person to put in it or change (an id, see attache people)
    #[arg(long, value_name = "ID")]
    pub person: PersonId,
    /// head, deputy, delegate, adviser or observer [default for a new delegate: delegate]
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(Role::NAMES))]
    pub role: Option<String>,
    /// Arrival: a day (2027-03-07) or a local time at the venue (2027-03-07T18:30); "none" clears it
    #[arg(long, value_name = "WHEN", value_parser = when)]
    pub arrive: Option<When>,
    /// Departure, like --arrive
    #[arg(long, value_name = "WHEN", value_parser = when)]
    pub depart: Option<When>,
    /// Whether the person has registered on Indico: true or false
    #[arg(long, value_name = "BOOL")]
    pub registered: Option<bool>,
    #[command(flatten)]
    pub dry: DryRun,
}

#[derive(Debug, Args)]
pub struct UnassignArgs {
    /// The session whose delegation it is
    #[arg(long, value_name = "ID")]
    pub session: SessionId,
    /// The person to take out
    #[arg(long, value_name = "ID")]
    pub person: PersonId,
    #[command(flatten)]
    pub dry: DryRun,
}

#[derive(Debug, Subcommand)]
pub enum MeetingCommand {
    /// Add a side meeting to a session's plan
    Add(MeetingAddArgs),
    /// Change a meeting's fields (only those given)
    Edit(MeetingEditArgs),
    /// Mark a meeting cancelled (it stays in the plan, marked)
    Cancel(MeetingIdArgs),
    /// Delete a meeting from its plan
    Rm(MeetingIdArgs),
}

#[derive(Debug, Args)]
pub struct MeetingIdArgs {
    /// The meeting's id (see attache agenda, or the plan file)
    #[arg(value_name = "ID")]
    pub id: MeetingId,
    #[command(flatten)]
    pub dry: DryRun,
}

/// The fields of a meeting that `add` and `edit` both set.
#[derive(Debug, Args)]
pub struct MeetingFields {
    /// Who the meeting is with (an organization, a person)
    #[arg(long, value_name = "WHO")]
    pub with: Option<String>,
    /// bilateral, side-event, visit, briefing, plenary, reception or other
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(MeetingKind::NAMES))]
    pub kind: Option<String>,
    /// A room of the venue (e.g. M7), or with --address the name of a place away from
    /// it (--place is the same flag); "" clears it
    #[arg(long, visible_alias = "place", value_name = "ROOM")]
    pub room: Option<String>,
    /// The address of a place away from the venue (a mission, a restaurant), which
    /// itineraries and calendars then show instead of the venue's; "" clears it
    #[arg(long, value_name = "ADDRESS")]
    pub address: Option<String>,
    /// An attendee (person id); repeat for several, or separate with commas
    #[arg(long = "attendee", value_name = "ID", value_delimiter = ',')]
    pub attendees: Vec<PersonId>,
    /// proposed, confirmed or cancelled
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(MeetingStatus::NAMES))]
    pub status: Option<String>,
    /// Free notes; "" clears them
    #[arg(long, value_name = "TEXT")]
    pub notes: Option<String>,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("length").required(true).args(["end", "minutes"])))]
pub struct MeetingAddArgs {
    /// The session whose plan gets the meeting
    #[arg(long, value_name = "ID")]
    pub session: SessionId,
    /// What the meeting is, in a few words
    #[arg(long, value_name = "TEXT")]
    pub title: String,
    /// Local start time at the venue: 2027-03-09T13:00
    #[arg(long, value_name = "WHEN", value_parser = help::local_time)]
    pub start: NaiveDateTime,
    /// Local end time at the venue (or give --minutes)
    #[arg(long, value_name = "WHEN", value_parser = help::local_time)]
    pub end: Option<NaiveDateTime>,
    /// Length in minutes (or give --end)
    #[arg(long, value_name = "MIN", allow_negative_numbers = true, value_parser = minutes)]
    pub minutes: Option<i64>,
    /// The meeting's id [default: made from the session and title]
    #[arg(long, value_name = "ID")]
    pub id: Option<MeetingId>,
    #[command(flatten)]
    pub fields: MeetingFields,
    #[command(flatten)]
    pub dry: DryRun,
}

#[derive(Debug, Args)]
pub struct MeetingEditArgs {
    /// The meeting's id
    #[arg(value_name = "ID")]
    pub id: MeetingId,
    /// A new title
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// Shift the meeting by MIN minutes, keeping its length (negative: earlier)
    #[arg(long = "move", value_name = "MIN", allow_negative_numbers = true)]
    pub shift: Option<i64>,
    /// A new local start time, keeping the length: 2027-03-09T13:00
    #[arg(long, value_name = "WHEN", value_parser = help::local_time)]
    pub start: Option<NaiveDateTime>,
    /// A new local end time
    #[arg(long, value_name = "WHEN", value_parser = help::local_time, conflicts_with = "minutes")]
    pub end: Option<NaiveDateTime>,
    /// A new length in minutes (instead of --end)
    #[arg(long, value_name = "MIN", allow_negative_numbers = true, value_parser = minutes)]
    pub minutes: Option<i64>,
    #[command(flatten)]
    pub fields: MeetingFields,
    #[command(flatten)]
    pub dry: DryRun,
}

#[derive(Debug, Args)]
pub struct ClashesArgs {
    /// Only clashes in this session's plan
    #[arg(long, value_name = "ID")]
    session: Option<String>,
    #[command(flatten)]
    format: FormatArg,
}

/// `--arrive`/`--depart`: a day, a local time, or `none` to clear it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct When(Option<DayOrTime>);

fn when(s: &str) -> Result<When, String> {
    if s.trim().eq_ignore_ascii_case("none") {
        return Ok(When(None));
    }
    // The core's reader, as the forms'; "none" clears.
    crate::time::read_day_or_time(s).map(|w| When(Some(w)))
}

/// A meeting's length: a positive number of minutes.
fn minutes(s: &str) -> Result<i64, String> {
    match s.trim().parse::<i64>() {
        Ok(m) if m > 0 => Ok(m),
        Ok(_) => Err("a meeting's length is a positive number of minutes, e.g. 30".into()),
        Err(_) => Err("expected a number of minutes, e.g. 30".into()),
    }
}

pub fn assign(args: AssignArgs, cx: &Context) -> Outcome {
    let change = DelegateChange {
        role: args.role.as_deref().and_then(Role::parse),
        arrive: args.arrive.map(|w| w.0),
        depart: args.depart.map(|w| w.0),
        registered: args.registered,
        notes: None,
        ..DelegateChange::default()
    };
    run_op(cx, &args.dry, |db| {
        known(db, cx, Some(&args.session), Some(&args.person))?;
        Ok(ops::assign(db, &args.session, &args.person, change))
    })
}

pub fn unassign(args: UnassignArgs, cx: &Context) -> Outcome {
    run_op(cx, &args.dry, |db| {
        known(db, cx, Some(&args.session), Some(&args.person))?;
        Ok(ops::unassign(db, &args.session, &args.person))
    })
}

/// Refuse unknown ids before an operation, with the nearest known ones.
pub(super) fn known(
    db: &Database,
    cx: &Context,
    session: Option<&str>,
    person: Option<&str>,
) -> Result<(), Error> {
    if let Some(s) = session {
        lookup::session(db, s, cx.today)?;
    }
    if let Some(p) = person {
        lookup::person(db, p)?;
    }
    Ok(())
}

pub fn meeting(cmd: MeetingCommand, cx: &Context) -> Outcome {
    match cmd {
        MeetingCommand::Add(a) => {
            let end = match (a.end, a.minutes) {
                (Some(e), _) => e,
                (None, Some(m)) => a.start + Duration::minutes(m),
                (None, None) => return Err(Error::new("a new meeting needs --end or --minutes")),
            };
            run_op(cx, &a.dry, |db| {
                known(db, cx, Some(&a.session), None)?;
                let f = &a.fields;
                let meeting = Meeting {
                    id: a.id.clone().unwrap_or_else(|| {
                        ops::new_meeting_id(db, &a.session, &a.title, crate::id_salt())
                    }),
                    title: a.title.clone(),
                    with: f.with.clone(),
                    kind: f
                        .kind
                        .as_deref()
                        .and_then(MeetingKind::parse)
                        .unwrap_or(MeetingKind::Other),
                    room: f.room.clone().filter(|r| !r.is_empty()),
                    address: f.address.clone().filter(|a| !a.is_empty()),
                    start: a.start,
                    end,
                    attendees: f.attendees.clone(),
                    status: f
                        .status
                        .as_deref()
                        .and_then(MeetingStatus::parse)
                        .unwrap_or(MeetingStatus::Proposed),
                    notes: f.notes.clone().filter(|n| !n.is_empty()),
                    url: None,
                    programme: None,
                    moved_from: None,
                    revision: Default::default(),
                    origin: Default::default(),
                };
                Ok(ops::add_meeting(db, &a.session, meeting))
            })
        }
        MeetingCommand::Edit(a) => run_op(cx, &a.dry, |db| {
            Ok(ops::edit_meeting(db, &a.id, |m| edit_fields(m, &a)))
        }),
        MeetingCommand::Cancel(a) => run_op(cx, &a.dry, |db| {
            Ok(ops::set_meeting_status(db, &a.id, MeetingStatus::Cancelled))
        }),
        MeetingCommand::Rm(a) => run_op(cx, &a.dry, |db| Ok(ops::remove_meeting(db, &a.id))),
    }
}

/// Set on a meeting the fields `meeting edit` was given, and only those.
fn edit_fields(m: &mut Meeting, a: &MeetingEditArgs) {
    let f = &a.fields;
    if let Some(t) = &a.title {
        m.title = t.clone();
    }
    if let Some(shift) = a.shift {
        m.start += Duration::minutes(shift);
        m.end += Duration::minutes(shift);
    }
    if let Some(s) = a.start {
        let length = m.end - m.start;
        m.start = s;
        m.end = s + length;
    }
    if let Some(e) = a.end {
        m.end = e;
    }
    if let Some(min) = a.minutes {
        m.end = m.start + Duration::minutes(min);
    }
    if let Some(w) = &f.with {
        m.with = Some(w.clone()).filter(|w| !w.is_empty());
    }
    if let Some(k) = f.kind.as_deref().and_then(MeetingKind::parse) {
        m.kind = k;
    }
    if let Some(r) = &f.room {
        m.room = Some(r.clone()).filter(|r| !r.is_empty());
    }
    if let Some(a) = &f.address {
        m.address = Some(a.clone()).filter(|a| !a.is_empty());
    }
    if !f.attendees.is_empty() {
        m.attendees = f.attendees.clone();
    }
    if let Some(s) = f.status.as_deref().and_then(MeetingStatus::parse) {
        m.status = s;
    }
    if let Some(n) = &f.notes {
        m.notes = Some(n.clone()).filter(|n| !n.is_empty());
    }
}

/// Open the database, run one operation through the workspace, print what it changed
/// and every finding it made or resolved (the same the terminal application shows),
/// and save. A change (not a dry run) holds the database's lock from before loading
/// until after saving, so that it neither writes under another attache nor reads half
/// its work.
pub(super) fn run_op(
    cx: &Context,
    opts: &DryRun,
    op: impl FnOnce(&Database) -> Result<ops::OpResult, Error>,
) -> Outcome {
    cx.require_folder()?;
    let mut ws = if opts.dry_run {
        Workspace::from_loaded(crate::store::load(&cx.source, cx.today), cx.today)
    } else {
        Workspace::open(&cx.source, cx.today)
    };
    // What the edit changes records when (`--now`, else the clock).
    ws.set_clock(crate::clock());
    cx.refuse_broken(ws.loaded())?;
    if let Some(r) = ws.read_only() {
        return Err(Error::new(r.why.clone()));
    }
    // Unknown ids are refused before the operation, the operation's own refusals after.
    let tx = op(ws.db())??;
    let outcome = ws.apply_tx(tx)?;
    let refused = opts.strict && !outcome.findings.new.is_empty();
    let mut report = EditReport::new(&outcome, &ws.loaded().sources, opts, refused);
    if !opts.dry_run && !refused {
        let saved = ws.save_and_close().map_err(|e| Error::new(e.to_string()))?;
        report.written = saved
            .written
            .iter()
            .map(|p| p.display().to_string())
            .collect();
    }
    report.print(cx, opts.format.format);
    Ok(if refused {
        Status::Found
    } else {
        Status::Clean
    })
}

/// What an edit did, as printed (text) or returned (`--format json`, schema
/// `attache-edit`).
#[derive(Serialize)]
struct EditReport {
    description: String,
    /// Whether the files were (or, with --dry-run, would be) changed.
    done: bool,
    dry_run: bool,
    /// Refused by --strict because it made warnings.
    refused: bool,
    sessions: Vec<SessionId>,
    changes: Vec<ItemChange>,
    /// The items the edit made: `{"item": "meeting", "id": "cnd-70-coffee-k3f9"}`.
    created: Vec<serde_json::Value>,
    findings: serde_json::Value,
    written: Vec<String>,
    /// How many new findings (for --strict's refusal).
    #[serde(skip)]
    new: usize,
    /// The findings as text: the resolved ones (stdout), the new ones (stderr).
    #[serde(skip)]
    findings_text: (String, String),
}

/// One item an edit added, changed or removed, with its keys old → new.
#[derive(Serialize)]
struct ItemChange {
    /// The plan's session; `null` for a section or a person (`sections.toml`).
    session: Option<SessionId>,
    item: &'static str,
    /// The value that names it: a meeting's id, a delegate's or journey's person.
    name: String,
    action: &'static str,
    fields: Vec<FieldChange>,
}

impl EditReport {
    fn new(outcome: &workspace::Outcome, sources: &Sources, opts: &DryRun, refused: bool) -> Self {
        let changes: Vec<ItemChange> = outcome.changes.iter().filter_map(item_change).collect();
        let created = changes
            .iter()
            .filter(|c| c.action == "added")
            .map(|c| serde_json::json!({ "item": c.item, "id": c.name, "session": c.session }))
            .collect();
        let delta = &outcome.findings;
        EditReport {
            description: outcome.description.clone(),
            done: !refused,
            dry_run: opts.dry_run,
            refused,
            sessions: outcome.sessions.clone(),
            changes,
            created,
            findings: findings_json(delta, sources),
            written: vec![],
            new: delta.new.len(),
            findings_text: findings_text(delta),
        }
    }

    fn print(&self, cx: &Context, format: Format) {
        if format == Format::Json {
            cx.json("edit", self);
            return;
        }
        let mut out = String::new();
        let mut err = String::new();
        let prefix = if self.dry_run || self.refused {
            "would have "
        } else {
            ""
        };
        out.push_str(&format!("{prefix}{}\n", printable(&self.description)));
        for c in &self.changes {
            out.push_str(&c.text());
        }
        out.push_str(&self.findings_text.0);
        err.push_str(&self.findings_text.1);
        if self.refused {
            err.push_str(&strict_refusal(self.new));
        } else if self.dry_run {
            out.push_str("(dry run: nothing written)\n");
        }
        cx.report(&out);
        cx.err(&err);
        for w in &self.written {
            cx.wrote(w);
        }
    }
}

/// The findings an edit made and resolved, in the one JSON shape of findings.
pub(super) fn findings_json(delta: &Delta, sources: &Sources) -> serde_json::Value {
    let json =
        |list: &[checks::Finding]| -> Vec<_> { list.iter().map(|f| f.to_json(sources)).collect() };
    serde_json::json!({ "new": json(&delta.new), "resolved": json(&delta.resolved) })
}

/// The findings an edit made and resolved, as text: the resolved ones for stdout,
/// each new one with its fix for stderr.
pub(super) fn findings_text(delta: &Delta) -> (String, String) {
    let mut out = String::new();
    let mut err = String::new();
    for f in &delta.new {
        let said = f.diagnostic();
        err.push_str(&format!("warning: {}\n", printable(&said.message)));
        if let Some(h) = &said.help {
            err.push_str(&format!("  = help: {}\n", printable(h)));
        }
    }
    for f in &delta.resolved {
        out.push_str(&format!(
            "resolved: {}\n",
            printable(&f.diagnostic().message)
        ));
    }
    (out, err)
}

/// What `--strict` says when it refuses an edit that makes `new` warnings.
pub(super) fn strict_refusal(new: usize) -> String {
    format!(
        "error: refused (--strict): this edit would make {}; nothing written\n  = help: fix what the warnings say, or run it without --strict\n",
        crate::diag::plural(new, "warning")
    )
}

impl ItemChange {
    /// `  meeting cnd70-x: start 2027-03-09T13:00:00 → 2027-03-09T13:30:00`, one line a key.
    fn text(&self) -> String {
        let name = printable(&self.name);
        match self.action {
            "added" => format!("  + {} {name}\n", self.item),
            // What is removed is said in full: which journey of three, which stay.
            "removed" => {
                let values: Vec<String> = self
                    .fields
                    .iter()
                    .filter_map(|f| Some(format!("{} = {}", f.key, printable(f.old.as_deref()?))))
                    .collect();
                format!("  - {} {name}: {}\n", self.item, values.join(", "))
            }
            _ => self
                .fields
                .iter()
                .map(|f| {
                    let shown = |v: &Option<String>| {
                        v.as_deref()
                            .map_or("(none)".to_string(), |v| printable(v).into_owned())
                    };
                    format!(
                        "  {} {name}: {} {} → {}\n",
                        self.item,
                        f.key,
                        shown(&f.old),
                        shown(&f.new)
                    )
                })
                .collect(),
        }
    }
}

fn item_change(c: &Change) -> Option<ItemChange> {
    let action = |before: bool, after: bool| match (before, after) {
        (false, _) => "added",
        (_, false) => "removed",
        _ => "changed",
    };
    match c {
        Change::Item {
            session,
            before,
            after,
            ..
        } => {
            let item = after.as_ref().or(before.as_ref())?;
            Some(ItemChange {
                session: Some(session.clone()),
                item: item.table(),
                name: item.name().to_string(),
                action: action(before.is_some(), after.is_some()),
                fields: field_changes(before.as_ref(), after.as_ref()),
            })
        }
        Change::Entry { before, after, .. } => {
            let entry = after.as_ref().or(before.as_ref())?;
            Some(ItemChange {
                // A session of the calendar is told under its own id.
                session: match entry {
                    Entry::Session(s) => Some(s.id.clone()),
                    _ => None,
                },
                item: entry.table(),
                name: entry.id().to_string(),
                action: action(before.is_some(), after.is_some()),
                fields: entry_changes(before.as_ref(), after.as_ref()),
            })
        }
        _ => None,
    }
}

/// `attache clashes`: double bookings only; exit 1 when there are any.
pub fn clashes(args: ClashesArgs, cx: &Context) -> Outcome {
    let loaded = cx.load()?;
    if let Some(s) = &args.session {
        lookup::session(&loaded.db, s, cx.today)?;
    }
    let findings: Vec<_> = checks::clashes(&loaded.db)
        .findings
        .into_iter()
        .filter(|f| args.session.as_ref().is_none_or(|s| &f.session == s))
        .collect();
    match args.format.format {
        Format::Json => {
            let items = findings.iter().map(|f| f.to_json(&loaded.sources));
            cx.json_streamed("clashes", serde_json::Map::new(), "clashes", items);
        }
        Format::Text if findings.is_empty() => cx.out("no clashes\n"),
        Format::Text => {
            // Printed a part at a time, each made on both cores: a dense plan has tens
            // of thousands of clashes, megabytes of text never held whole.
            for part in findings.chunks(1024) {
                let said: Vec<_> = part.iter().map(|f| f.diagnostic().into_owned()).collect();
                for text in crate::diag::render_in_parts(&said, &loaded.sources, said.len()) {
                    cx.report(&text);
                }
            }
            let n = findings.len();
            cx.report(&format!("{n} clash{}\n", if n == 1 { "" } else { "es" }));
        }
    }
    Ok(if findings.is_empty() {
        Status::Clean
    } else {
        Status::Found
    })
}
