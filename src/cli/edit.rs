//! Commands that change a plan (`assign`, `unassign`, `meeting ...`) and `clashes`.
//! Each runs one operation of [`crate::planning::ops`], prints what it changed, and
//! saves unless `--dry-run`.

use crate::ids::{MeetingId, PersonId, SessionId};
use std::process::ExitCode;

use chrono::{NaiveDate, NaiveDateTime};
use clap::{Args, Subcommand};

use super::{Format, print_out, with_valid_db};
use crate::model::{DayOrTime, Meeting, MeetingKind, MeetingStatus, Role};
use crate::planning::analysis::Delta;
use crate::planning::{DelegateChange, checks, ops};
use crate::store::{self, DbSource};
use crate::text::{printable, printable_lines};
use crate::workspace::Workspace;

#[derive(Debug, Args)]
pub struct DryRun {
    /// Show what would change, write nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct AssignArgs {
    #[arg(long, value_name = "ID")]
    pub session: SessionId,
    #[arg(long, value_name = "ID")]
    pub person: PersonId,
    /// head, deputy, delegate, adviser or observer [default for a new delegate: delegate]
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(Role::NAMES))]
    pub role: Option<String>,
    /// Arrival: a day (2027-03-07) or a local time at the venue (2027-03-07T18:30); "none" clears it
    #[arg(long, value_name = "WHEN")]
    pub arrive: Option<String>,
    /// Departure, like --arrive
    #[arg(long, value_name = "WHEN")]
    pub depart: Option<String>,
    /// Whether the person has registered on Indico
    #[arg(long, value_name = "BOOL")]
    pub registered: Option<bool>,
    #[command(flatten)]
    pub dry: DryRun,
}

#[derive(Debug, Args)]
pub struct UnassignArgs {
    #[arg(long, value_name = "ID")]
    pub session: SessionId,
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
    Cancel {
        id: MeetingId,
        #[command(flatten)]
        dry: DryRun,
    },
    /// Delete a meeting from its plan
    Rm {
        id: MeetingId,
        #[command(flatten)]
        dry: DryRun,
    },
}

#[derive(Debug, Args)]
pub struct MeetingFields {
    /// Who the meeting is with (an organization, a person)
    #[arg(long)]
    pub with: Option<String>,
    /// bilateral, side-event, visit, briefing, plenary, reception or other
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(MeetingKind::NAMES))]
    pub kind: Option<String>,
    #[arg(long)]
    pub room: Option<String>,
    /// Local start time at the venue: 2027-03-09T13:00
    #[arg(long, value_name = "WHEN")]
    pub start: Option<String>,
    /// Local end time at the venue
    #[arg(long, value_name = "WHEN")]
    pub end: Option<String>,
    /// Length in minutes (instead of --end)
    #[arg(long, value_name = "MIN", conflicts_with = "end")]
    pub minutes: Option<i64>,
    /// An attendee (person id); repeat for several, or separate with commas
    #[arg(long = "attendee", value_name = "ID", value_delimiter = ',')]
    pub attendees: Vec<PersonId>,
    /// proposed, confirmed or cancelled
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(MeetingStatus::NAMES))]
    pub status: Option<String>,
    #[arg(long)]
    pub notes: Option<String>,
}

#[derive(Debug, Args)]
pub struct MeetingAddArgs {
    #[arg(long, value_name = "ID")]
    pub session: SessionId,
    #[arg(long)]
    pub title: String,
    /// The meeting's id [default: made from the session and title]
    #[arg(long)]
    pub id: Option<MeetingId>,
    #[command(flatten)]
    pub fields: MeetingFields,
    #[command(flatten)]
    pub dry: DryRun,
}

#[derive(Debug, Args)]
pub struct MeetingEditArgs {
    pub id: MeetingId,
    #[arg(long)]
    pub title: Option<String>,
    /// Shift the meeting by MIN minutes (negative: earlier)
    #[arg(long = "move", value_name = "MIN", allow_negative_numbers = true)]
    pub shift: Option<i64>,
    #[command(flatten)]
    pub fields: MeetingFields,
    #[command(flatten)]
    pub dry: DryRun,
}

/// A local date-time as people type it: `2027-03-09T13:00`, `2027-03-09 13:00`, with
/// or without seconds.
pub fn parse_local(s: &str) -> Result<NaiveDateTime, String> {
    crate::time::parse_local(s).ok_or_else(|| {
        format!(
            "\"{}\" is not a date and time: write it like 2027-03-09T13:00",
            s.trim()
        )
    })
}

fn parse_when(s: &str) -> Result<Option<DayOrTime>, String> {
    if s.eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    if let Ok(d) = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d") {
        return Ok(Some(DayOrTime::Day(d)));
    }
    parse_local(s)
        .map(|t| Some(DayOrTime::Time(t)))
        .map_err(|_| format!("\"{s}\" is neither a day (2027-03-07) nor a time (2027-03-07T18:30)"))
}

fn usage(message: String) -> ExitCode {
    eprintln!("error: {}", printable(&message));
    ExitCode::from(2)
}

pub fn assign(args: AssignArgs, source: &DbSource, today: NaiveDate) -> ExitCode {
    let arrive = match args.arrive.as_deref().map(parse_when).transpose() {
        Ok(a) => a,
        Err(e) => return usage(e),
    };
    let depart = match args.depart.as_deref().map(parse_when).transpose() {
        Ok(d) => d,
        Err(e) => return usage(e),
    };
    let change = DelegateChange {
        role: args.role.as_deref().and_then(Role::parse),
        arrive,
        depart,
        registered: args.registered,
        notes: None,
        ..DelegateChange::default()
    };
    run_op(source, today, args.dry.dry_run, |db| {
        ops::assign(db, &args.session, &args.person, change)
    })
}

pub fn unassign(args: UnassignArgs, source: &DbSource, today: NaiveDate) -> ExitCode {
    run_op(source, today, args.dry.dry_run, |db| {
        ops::unassign(db, &args.session, &args.person)
    })
}

pub fn meeting(cmd: MeetingCommand, source: &DbSource, today: NaiveDate) -> ExitCode {
    match cmd {
        MeetingCommand::Add(a) => {
            let Some(start) = a.fields.start.as_deref() else {
                return usage("a new meeting needs --start".into());
            };
            let start = match parse_local(start) {
                Ok(s) => s,
                Err(e) => return usage(e),
            };
            let end = match (a.fields.end.as_deref(), a.fields.minutes) {
                (Some(e), _) => match parse_local(e) {
                    Ok(e) => e,
                    Err(e) => return usage(e),
                },
                (None, Some(m)) => start + chrono::Duration::minutes(m),
                (None, None) => return usage("a new meeting needs --end or --minutes".into()),
            };
            run_op(source, today, a.dry.dry_run, |db| {
                let meeting = Meeting {
                    id: a.id.clone().unwrap_or_else(|| {
                        ops::new_meeting_id(
                            db,
                            &SessionId::from(&a.session),
                            &a.title,
                            crate::id_salt(),
                        )
                    }),
                    title: a.title.clone(),
                    with: a.fields.with.clone(),
                    kind: a
                        .fields
                        .kind
                        .as_deref()
                        .and_then(MeetingKind::parse)
                        .unwrap_or(MeetingKind::Other),
                    room: a.fields.room.clone(),
                    start,
                    end,
                    attendees: a.fields.attendees.clone(),
                    status: a
                        .fields
                        .status
                        .as_deref()
                        .and_then(MeetingStatus::parse)
                        .unwrap_or(MeetingStatus::Proposed),
                    notes: a.fields.notes.clone(),
                    revision: Default::default(),
                    url: None,
                    programme: None,
                    moved_from: None,
                    origin: Default::default(),
                };
                ops::add_meeting(db, &SessionId::from(&a.session), meeting)
            })
        }
        MeetingCommand::Edit(a) => {
            let start = match a.fields.start.as_deref().map(parse_local).transpose() {
                Ok(s) => s,
                Err(e) => return usage(e),
            };
            let end = match a.fields.end.as_deref().map(parse_local).transpose() {
                Ok(s) => s,
                Err(e) => return usage(e),
            };
            run_op(source, today, a.dry.dry_run, |db| {
                ops::edit_meeting(db, &MeetingId::from(&a.id), |m| {
                    let f = &a.fields;
                    if let Some(t) = &a.title {
                        m.title = t.clone();
                    }
                    if let Some(shift) = a.shift {
                        m.start += chrono::Duration::minutes(shift);
                        m.end += chrono::Duration::minutes(shift);
                    }
                    if let Some(s) = start {
                        let length = m.end - m.start;
                        m.start = s;
                        m.end = s + length;
                    }
                    if let Some(e) = end {
                        m.end = e;
                    }
                    if let Some(min) = f.minutes {
                        m.end = m.start + chrono::Duration::minutes(min);
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
                    if !f.attendees.is_empty() {
                        m.attendees = f.attendees.clone();
                    }
                    if let Some(s) = f.status.as_deref().and_then(MeetingStatus::parse) {
                        m.status = s;
                    }
                    if let Some(n) = &f.notes {
                        m.notes = Some(n.clone()).filter(|n| !n.is_empty());
                    }
                })
            })
        }
        MeetingCommand::Cancel { id, dry } => run_op(source, today, dry.dry_run, |db| {
            ops::set_meeting_status(db, &MeetingId::from(&id), MeetingStatus::Cancelled)
        }),
        MeetingCommand::Rm { id, dry } => run_op(source, today, dry.dry_run, |db| {
            ops::remove_meeting(db, &MeetingId::from(&id))
        }),
    }
}

/// Open the database, run one operation through the workspace, print what it changed
/// and every finding it made or resolved (the same the terminal application shows),
/// and save. A change (not a dry run) holds the database's lock from before loading
/// until after saving, so that it neither writes under another attache nor reads half
/// its work.
pub(super) fn run_op(
    source: &DbSource,
    today: NaiveDate,
    dry_run: bool,
    op: impl FnOnce(&crate::model::Database) -> ops::OpResult,
) -> ExitCode {
    let mut ws = if dry_run {
        Workspace::from_loaded(store::load(source, today), today)
    } else {
        Workspace::open(source, today)
    };
    ws.set_clock(crate::clock());
    if let Some(code) = super::refuse_broken(ws.loaded(), source) {
        return code;
    }
    if let Some(r) = ws.read_only() {
        eprintln!("error: {}", printable(&r.why));
        return ExitCode::from(1);
    }
    let outcome = match ws.apply(op) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {}", printable(&e.message));
            if let Some(h) = e.help {
                eprintln!("  = help: {}", printable(&h));
            }
            return ExitCode::from(1);
        }
    };
    if dry_run {
        println!("would have {}", printable(&outcome.description));
        print_findings(&outcome.findings);
        println!("(dry run: nothing written)");
        return ExitCode::SUCCESS;
    }
    // What was done is said once it is written, never before.
    match ws.save_and_close() {
        Ok(report) => {
            println!("{}", printable(&outcome.description));
            print_findings(&outcome.findings);
            for p in &report.written {
                println!("wrote {}", printable(&p.display().to_string()));
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}", printable_lines(&e.to_string()));
            ExitCode::from(1)
        }
    }
}

/// What an edit did to the findings: each new one as a warning with its fix, and a
/// line for those it resolved.
fn print_findings(delta: &Delta) {
    for f in &delta.new {
        eprintln!("warning: {}", printable(&f.diagnostic.message));
        if let Some(h) = &f.diagnostic.help {
            eprintln!("  = help: {}", printable(h));
        }
    }
    for f in &delta.resolved {
        println!("resolved: {}", printable(&f.diagnostic.message));
    }
}

/// `attache clashes`: double bookings only; exit 1 when there are any.
pub fn clashes(
    session: Option<String>,
    format: Format,
    source: &DbSource,
    today: NaiveDate,
) -> ExitCode {
    with_valid_db(source, today, |loaded| {
        let findings: Vec<_> = checks::clashes(&loaded.db)
            .findings
            .into_iter()
            .filter(|f| session.as_ref().is_none_or(|s| &f.session == s))
            .collect();
        let out = match format {
            Format::Json => {
                let items: Vec<_> = findings
                    .iter()
                    .map(|f| {
                        serde_json::json!({
                            "kind": f.kind,
                            "session": f.session,
                            "people": f.people,
                            "meetings": f.meetings,
                            "message": f.diagnostic.message,
                            "location": f.diagnostic.location(&loaded.sources),
                            "help": f.diagnostic.help,
                        })
                    })
                    .collect();
                crate::text::json_text(&items) + "\n"
            }
            Format::Text if findings.is_empty() => "no clashes\n".to_string(),
            Format::Text => {
                let mut s: String = findings
                    .iter()
                    .map(|f| f.diagnostic.render(&loaded.sources) + "\n")
                    .collect();
                s.push_str(&format!(
                    "{}\n",
                    crate::diag::plural(findings.len(), "clash").replace("clashs", "clashes")
                ));
                s
            }
        };
        print_out(&out);
        if findings.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        }
    })
}
