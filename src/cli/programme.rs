//! `attache import`, `attache programme` and `attache attend`: a session's official
//! programme, read from a downloaded file, listed, and attended.

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use chrono_tz::Tz;
use clap::Args;
use serde::Serialize;

use super::FormatArg;
use super::edit::{DryRun, findings_json, findings_text, run_op, strict_refusal};
use super::error::{Error, Outcome, Status};
use super::lookup;
use super::output::{Context, Format, Time, local_time};
use crate::ids::{MeetingId, PersonId, SessionId};
use crate::import::{self, Imported};
use crate::model::{Database, Meeting, Session};
use crate::planning::programme::{self, Line, Report};
use crate::text::printable;
use crate::workspace::Workspace;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The programme: an iCalendar file (.ics, as Indico, Google or Outlook write it)
    /// or a CSV with a header naming at least title, start and end
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The session whose programme it is (an id, see attache sessions)
    #[arg(long, value_name = "ID")]
    pub session: SessionId,
    #[command(flatten)]
    pub dry: DryRun,
}

#[derive(Debug, Args)]
pub struct ProgrammeArgs {
    /// The session whose programme to list (an id, see attache sessions)
    #[arg(long, value_name = "ID")]
    pub session: SessionId,
    /// Only this day (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub day: Option<NaiveDate>,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct AttendArgs {
    /// The session the item belongs to (an id, see attache sessions)
    #[arg(long, value_name = "ID")]
    pub session: SessionId,
    /// The programme item (its id, as attache programme lists it)
    #[arg(long, value_name = "ID")]
    pub item: MeetingId,
    /// Who attends, or no longer attends with --remove (an id, see attache people)
    #[arg(long, value_name = "ID", required_unless_present = "ack")]
    pub person: Option<PersonId>,
    /// Take the person off the item instead
    #[arg(long, conflicts_with = "ack")]
    pub remove: bool,
    /// Clear the note that the item moved (its attendees were told)
    #[arg(long, conflicts_with = "person")]
    pub ack: bool,
    #[command(flatten)]
    pub dry: DryRun,
}

/// `attache import FILE --session S`: read the file; if all of it is valid, bring the
/// session's programme to it and say what changed.
pub fn import(args: ImportArgs, cx: &Context) -> Outcome {
    cx.require_folder()?;
    let opts = &args.dry;
    let mut ws = if opts.dry_run {
        Workspace::from_loaded(crate::store::load(&cx.source, cx.today), cx.today)
    } else {
        Workspace::open(&cx.source, cx.today)
    };
    // What the import changes records when (`--now`, else the clock).
    ws.set_clock(crate::clock());
    cx.refuse_broken(ws.loaded())?;
    let session = lookup::session(ws.db(), &args.session, cx.today)?.clone();
    let tz = ws
        .db()
        .session_tz(&session.id)
        .ok_or_else(|| Error::new(format!("the venue of {} has no time zone", session.id)))?;
    let imported = read_file(&args.file, &session, tz)?;
    if imported.diagnostics.has_errors() {
        return Err(
            Error::new("nothing was imported: fix the file and import it again")
                .detail(imported.diagnostics.render(&imported.sources)),
        );
    }
    if let Some(r) = ws.read_only() {
        return Err(Error::new(r.why.clone()));
    }
    let (tx, report) = programme::import(ws.db(), &session.id, &imported.entries)?;
    let outcome = ws.apply_tx(tx)?;
    let findings = findings_json(&outcome.findings, &ws.loaded().sources);
    let refused = opts.strict && !outcome.findings.new.is_empty();
    let mut written = Vec::new();
    if !opts.dry_run && !refused && !report.is_empty() {
        let saved = ws
            .save_and_close()
            .map_err(|e| Error::new(format!("{e} (nothing was imported)")))?;
        written = saved
            .written
            .iter()
            .map(|p| p.display().to_string())
            .collect();
    }
    let file = args.file.display().to_string();
    match opts.format.format {
        Format::Json => {
            let mut json = ImportJson::new(
                &session,
                tz,
                &file,
                &imported,
                &report,
                opts.dry_run,
                refused,
                &written,
            );
            json.findings = findings;
            cx.json("import", json);
        }
        Format::Text => {
            // The same words for findings as every edit: resolved ones with the
            // result, new ones with their fix on stderr.
            let mut text = report_text(&session.id, &file, &imported, &report, opts.dry_run);
            let (resolved, mut warnings) = findings_text(&outcome.findings);
            text.push_str(&resolved);
            if refused {
                warnings.push_str(&strict_refusal(outcome.findings.new.len()));
            }
            cx.report(&text);
            cx.err(&warnings);
            for w in &written {
                cx.wrote(w);
            }
        }
    }
    Ok(if refused {
        Status::Found
    } else {
        Status::Clean
    })
}

/// The file, read whole unless it is far too big to be a programme.
fn read_file(path: &Path, session: &Session, tz: Tz) -> Result<Imported, Error> {
    let shown = printable(&path.display().to_string()).into_owned();
    let meta =
        std::fs::metadata(path).map_err(|e| Error::new(format!("cannot read {shown}: {e}")))?;
    if meta.is_dir() {
        return Err(Error::new(format!("{shown} is a folder")).help("give the programme's file"));
    }
    if meta.len() > import::MAX_BYTES {
        let d = import::too_big(&shown, meta.len());
        return Err(Error::new(d.message).help_opt(d.help));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::new(format!("cannot read {shown}: {e}")))?;
    Ok(import::read(path, &bytes, session, tz))
}

fn when(t: NaiveDateTime) -> String {
    t.format("%a %d %b %H:%M").to_string()
}

/// One item of a report: `  moved  ID  Tue 09 Mar 13:00  "Title": ... (attended by ...)`.
fn item_line(what: &str, l: &Line, extra: &str) -> String {
    let who = if l.attendees.is_empty() {
        String::new()
    } else {
        let ids: Vec<&str> = l.attendees.iter().map(|a| a.as_str()).collect();
        format!(" (attended by {})", ids.join(", "))
    };
    format!(
        "  {what:<10} {}  {}  \"{}\"{extra}{who}\n",
        printable(&l.id),
        when(l.start),
        printable(&l.title),
    )
}

fn report_text(
    session: &str,
    file: &str,
    imported: &Imported,
    r: &Report,
    dry_run: bool,
) -> String {
    let mut out = format!(
        "{} the programme of {} from {} ({}): {}\n",
        if dry_run { "would import" } else { "imported" },
        printable(session),
        printable(file),
        imported.format,
        r.summary()
    );
    for l in &r.added {
        out.push_str(&item_line("added", l, ""));
    }
    for m in &r.moved {
        let extra = format!(
            ": {}–{} → {}–{}",
            when(m.from.0),
            m.from.1.format("%H:%M"),
            when(m.to.0),
            m.to.1.format("%H:%M")
        );
        out.push_str(&item_line("moved", &m.item, &extra));
    }
    for n in &r.renamed {
        out.push_str(&format!(
            "  {:<10} {}  \"{}\" → \"{}\"\n",
            "renamed",
            printable(&n.id),
            printable(&n.from),
            printable(&n.to)
        ));
    }
    for (what, list) in [
        ("cancelled", &r.cancelled),
        ("back", &r.reinstated),
        ("removed", &r.removed),
    ] {
        for l in list {
            out.push_str(&item_line(what, l, ""));
        }
    }
    for l in &r.dropped {
        let why = ": kept in the plan as cancelled, so that its attendees are told";
        out.push_str(&item_line("gone", l, why));
    }
    for n in &imported.notes {
        out.push_str(&format!("note: {}\n", printable(n)));
    }
    if dry_run {
        out.push_str("(dry run: nothing written)\n");
    }
    out
}

/// `attache import --format json` (schema `attache-import`).
#[derive(Serialize)]
struct ImportJson {
    session: SessionId,
    file: String,
    format: &'static str,
    dry_run: bool,
    refused: bool,
    added: Vec<LineJson>,
    moved: Vec<MovedJson>,
    renamed: Vec<RenamedJson>,
    cancelled: Vec<LineJson>,
    reinstated: Vec<LineJson>,
    removed: Vec<LineJson>,
    kept_cancelled: Vec<LineJson>,
    unchanged: usize,
    notes: Vec<String>,
    /// The findings it made and resolved, as for an edit.
    findings: serde_json::Value,
    written: Vec<String>,
}

#[derive(Serialize)]
struct LineJson {
    id: MeetingId,
    title: String,
    start: Time,
    attendees: Vec<PersonId>,
}

#[derive(Serialize)]
struct MovedJson {
    #[serde(flatten)]
    item: LineJson,
    from: Span,
    to: Span,
}

#[derive(Serialize)]
struct Span {
    start: Time,
    end: Time,
}

#[derive(Serialize)]
struct RenamedJson {
    id: MeetingId,
    from: String,
    to: String,
}

impl ImportJson {
    #[allow(clippy::too_many_arguments)]
    fn new(
        session: &Session,
        tz: Tz,
        file: &str,
        imported: &Imported,
        r: &Report,
        dry_run: bool,
        refused: bool,
        written: &[String],
    ) -> Self {
        let line = |l: &Line| LineJson {
            id: l.id.clone(),
            title: l.title.clone(),
            start: local_time(l.start, tz),
            attendees: l.attendees.clone(),
        };
        let lines = |v: &[Line]| v.iter().map(line).collect();
        let span = |(s, e): (NaiveDateTime, NaiveDateTime)| Span {
            start: local_time(s, tz),
            end: local_time(e, tz),
        };
        ImportJson {
            session: session.id.clone(),
            file: file.to_string(),
            format: imported.format,
            dry_run,
            refused,
            added: lines(&r.added),
            moved: r
                .moved
                .iter()
                .map(|m| MovedJson {
                    item: line(&m.item),
                    from: span(m.from),
                    to: span(m.to),
                })
                .collect(),
            renamed: r
                .renamed
                .iter()
                .map(|n| RenamedJson {
                    id: n.id.clone(),
                    from: n.from.clone(),
                    to: n.to.clone(),
                })
                .collect(),
            cancelled: lines(&r.cancelled),
            reinstated: lines(&r.reinstated),
            removed: lines(&r.removed),
            kept_cancelled: lines(&r.dropped),
            unchanged: r.unchanged,
            notes: imported.notes.clone(),
            findings: serde_json::Value::Null,
            written: written.to_vec(),
        }
    }
}

/// `attache programme --session S [--day D]`: the programme, in time order.
pub fn list(args: ProgrammeArgs, cx: &Context) -> Outcome {
    let loaded = cx.load()?;
    let db = &loaded.db;
    let session = lookup::session(db, &args.session, cx.today)?;
    let items: Vec<&Meeting> = programme::items(db, &session.id)
        .into_iter()
        .filter(|m| args.day.is_none_or(|d| m.start.date() == d))
        .collect();
    match args.format.format {
        Format::Json => {
            let tz = db.session_tz(&session.id).unwrap_or(chrono_tz::UTC);
            let items: Vec<ItemJson> = items.iter().map(|m| ItemJson::new(db, m, tz)).collect();
            cx.json(
                "programme",
                serde_json::json!({ "session": session.id, "day": args.day.map(|d| d.to_string()), "items": items }),
            );
        }
        Format::Text if items.is_empty() => cx.out(&format!(
            "{} has no programme{}: import one with: attache import FILE --session {}\n",
            printable(&session.id),
            args.day.map(|d| format!(" on {d}")).unwrap_or_default(),
            printable(&session.id)
        )),
        Format::Text => cx.out(&items_text(db, &items)),
    }
    Ok(Status::Clean)
}

fn items_text(db: &Database, items: &[&Meeting]) -> String {
    let mut out = String::new();
    let mut day = None;
    for m in items {
        if day != Some(m.start.date()) {
            day = Some(m.start.date());
            out.push_str(&format!("{}\n", m.start.format("%A %d %B %Y")));
        }
        let who: Vec<&str> = m.attendees.iter().map(|a| db.person_name(a)).collect();
        let mut notes = String::new();
        if let Some(r) = &m.room {
            notes.push_str(&format!(" · {}", printable(r)));
        }
        if !who.is_empty() {
            notes.push_str(&format!(" · {}", printable(&who.join(", "))));
        }
        if m.is_cancelled() {
            notes.push_str(" · CANCELLED");
        }
        if let Some(from) = m.moved_from {
            notes.push_str(&format!(" · MOVED from {}", when(from)));
        }
        out.push_str(&format!(
            "  {}–{}  {}  {}{notes}\n",
            m.start.format("%H:%M"),
            m.end.format("%H:%M"),
            printable(&m.id),
            printable(&m.title),
        ));
    }
    out
}

/// An item of `attache programme --format json` (schema `attache-programme`).
#[derive(Serialize)]
struct ItemJson {
    id: MeetingId,
    uid: Option<String>,
    title: String,
    start: Time,
    end: Time,
    room: Option<String>,
    organizer: Option<String>,
    url: Option<String>,
    status: &'static str,
    moved_from: Option<Time>,
    attendees: Vec<PersonId>,
}

impl ItemJson {
    fn new(_db: &Database, m: &Meeting, tz: Tz) -> Self {
        ItemJson {
            id: m.id.clone(),
            uid: m.programme.clone(),
            title: m.title.clone(),
            start: local_time(m.start, tz),
            end: local_time(m.end, tz),
            room: m.room.clone(),
            organizer: m.with.clone(),
            url: m.url.clone(),
            status: m.status.as_str(),
            moved_from: m.moved_from.map(|t| local_time(t, tz)),
            attendees: m.attendees.clone(),
        }
    }
}

/// `attache attend`: put a person on a programme item, take them off, or acknowledge
/// its move.
pub fn attend(args: AttendArgs, cx: &Context) -> Outcome {
    run_op(cx, &args.dry, |db| {
        let session = lookup::session(db, &args.session, cx.today)?;
        let item = programme::items(db, &session.id)
            .into_iter()
            .find(|m| m.id == args.item)
            .ok_or_else(|| unknown_item(db, &session.id, &args.item))?;
        Ok(match &args.person {
            _ if args.ack => programme::acknowledge(db, &item.id),
            Some(p) => {
                lookup::person(db, p)?;
                programme::attend(db, &item.id, p, !args.remove)
            }
            None => return Err(Error::new("say who attends: --person ID")),
        })
    })
}

fn unknown_item(db: &Database, session: &str, id: &str) -> Error {
    let ids = programme::items(db, session);
    let help = crate::diag::did_you_mean(id, ids.iter().map(|m| m.id.as_str()))
        .unwrap_or_else(|| format!("list them with: attache programme --session {session}"));
    Error::new(format!(
        "\"{}\" is not an item of the programme of {session}",
        printable(id)
    ))
    .help(help)
}
