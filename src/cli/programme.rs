//! `attache import`, `attache programme` and `attache attend`: a session's official
//! programme, read from a downloaded file, listed, and attended.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{NaiveDate, NaiveDateTime};
use clap::Args;
use serde_json::json;

use super::edit::{DryRun, run_op};
use super::{Format, print_out, with_valid_db};
use crate::ids::{MeetingId, PersonId, SessionId};
use crate::import::{self, Imported};
use crate::model::{Database, Meeting};
use crate::planning::programme::{self, Line, Report};
use crate::store::{self, DbSource};
use crate::text::{json_text, printable, printable_lines};
use crate::workspace::Workspace;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The programme: an iCalendar file (.ics, as Indico, Google or Outlook write it)
    /// or a CSV with a header naming at least title, start and end.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The session whose programme it is.
    #[arg(long, value_name = "ID")]
    pub session: SessionId,
    /// Show what would change, and write nothing.
    #[command(flatten)]
    pub dry: DryRun,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct ProgrammeArgs {
    /// The session whose programme to list.
    #[arg(long, value_name = "ID")]
    pub session: SessionId,
    /// Only this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub day: Option<NaiveDate>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct AttendArgs {
    /// The session the item belongs to.
    #[arg(long, value_name = "ID")]
    pub session: SessionId,
    /// The programme item (its id, as `attache programme` lists it).
    #[arg(long, value_name = "ID")]
    pub item: MeetingId,
    /// Who attends (or no longer attends, with --remove).
    #[arg(long, value_name = "ID", required_unless_present = "ack")]
    pub person: Option<PersonId>,
    /// Take the person off the item instead.
    #[arg(long, conflicts_with = "ack")]
    pub remove: bool,
    /// Clear the note that the item moved (its attendees were told).
    #[arg(long, conflicts_with = "person")]
    pub ack: bool,
    #[command(flatten)]
    pub dry: DryRun,
}

/// `attache import FILE --session S`: read the file; if all of it is valid, bring the
/// session's programme to it and say what changed.
pub fn import(args: ImportArgs, source: &DbSource, today: NaiveDate) -> ExitCode {
    let mut ws = if args.dry.dry_run {
        Workspace::from_loaded(store::load(source, today), today)
    } else {
        Workspace::open(source, today)
    };
    if let Some(code) = super::refuse_broken(ws.loaded(), source) {
        return code;
    }
    let Some(session) = ws.db().sessions.get(&args.session).cloned() else {
        return unknown_session(ws.db(), &args.session);
    };
    let Some(tz) = ws.db().session_tz(&session.id) else {
        eprintln!(
            "error: the venue of {} has no time zone",
            printable(&session.id)
        );
        return ExitCode::from(2);
    };
    let imported = match read_file(&args.file, &session, tz) {
        Ok(i) => i,
        Err(code) => return code,
    };
    if imported.diagnostics.has_errors() {
        eprint!("{}", imported.diagnostics.render(&imported.sources));
        eprintln!("nothing was imported: fix the file and import it again");
        return ExitCode::from(2);
    }
    if let Some(r) = ws.read_only() {
        eprintln!("error: {}", printable(&r.why));
        return ExitCode::from(1);
    }
    let mut report = Report::default();
    let outcome = ws.apply(|db| {
        programme::import(db, &session.id, &imported.entries).map(|(tx, r)| {
            report = r;
            tx
        })
    });
    let outcome = match outcome {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {}", printable(&e.message));
            if let Some(h) = e.help {
                eprintln!("  = help: {}", printable(&h));
            }
            return ExitCode::from(1);
        }
    };
    let written = if args.dry.dry_run || report.is_empty() {
        Vec::new()
    } else {
        match ws.save_and_close() {
            Ok(saved) => saved.written,
            Err(e) => {
                eprintln!(
                    "error: {} (nothing was imported)",
                    printable_lines(&e.to_string())
                );
                return ExitCode::from(1);
            }
        }
    };
    let file = args.file.display().to_string();
    match args.format {
        Format::Json => print_out(
            &(json_text(&report_json(
                &session.id,
                &file,
                &imported,
                &report,
                args.dry.dry_run,
            )) + "\n"),
        ),
        Format::Text => {
            print_report(&session.id, &file, &imported, &report, args.dry.dry_run);
            for f in &outcome.findings.new {
                eprintln!("warning: {}", printable(&f.diagnostic.message));
                if let Some(h) = &f.diagnostic.help {
                    eprintln!("  = help: {}", printable(h));
                }
            }
            for f in &outcome.findings.resolved {
                println!("resolved: {}", printable(&f.diagnostic.message));
            }
            for p in &written {
                println!("wrote {}", printable(&p.display().to_string()));
            }
        }
    }
    ExitCode::SUCCESS
}

/// The file, read whole unless it is far too big to be a programme.
fn read_file(
    path: &Path,
    session: &crate::model::Session,
    tz: chrono_tz::Tz,
) -> Result<Imported, ExitCode> {
    let shown = path.display().to_string();
    let fail = |what: String| {
        eprintln!("error: {}", printable(&what));
        ExitCode::from(2)
    };
    let meta = std::fs::metadata(path).map_err(|e| fail(format!("cannot read {shown}: {e}")))?;
    if meta.is_dir() {
        return Err(fail(format!(
            "{shown} is a folder: give the programme's file"
        )));
    }
    if meta.len() > import::MAX_BYTES {
        let d = import::too_big(&shown, meta.len());
        eprint!("{}", d.render(&Default::default()));
        return Err(ExitCode::from(2));
    }
    let bytes = std::fs::read(path).map_err(|e| fail(format!("cannot read {shown}: {e}")))?;
    Ok(import::read(path, &bytes, session, tz))
}

fn unknown_session(db: &Database, id: &str) -> ExitCode {
    eprintln!("error: unknown session \"{}\"", printable(id));
    if let Some(h) = crate::diag::did_you_mean(id, db.sessions.keys().map(|k| k.as_str())) {
        eprintln!("  = help: {}", printable(&h));
    }
    ExitCode::from(2)
}

fn when(t: NaiveDateTime) -> String {
    t.format("%a %d %b %H:%M").to_string()
}

fn people(l: &Line) -> String {
    if l.attendees.is_empty() {
        String::new()
    } else {
        let ids: Vec<&str> = l.attendees.iter().map(|a| a.as_str()).collect();
        format!(" (attended by {})", ids.join(", "))
    }
}

fn print_report(session: &str, file: &str, imported: &Imported, r: &Report, dry_run: bool) {
    let mut out = format!(
        "{} the programme of {} from {} ({}): {}\n",
        if dry_run { "would import" } else { "imported" },
        printable(session),
        printable(file),
        imported.format,
        r.summary()
    );
    for l in &r.added {
        out.push_str(&item_line("added", l, String::new()));
    }
    for m in &r.moved {
        let extra = format!(
            ": {}–{} → {}–{}",
            when(m.from.0),
            m.from.1.format("%H:%M"),
            when(m.to.0),
            m.to.1.format("%H:%M")
        );
        out.push_str(&item_line("moved", &m.item, extra));
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
    for l in &r.cancelled {
        out.push_str(&item_line("cancelled", l, String::new()));
    }
    for l in &r.reinstated {
        out.push_str(&item_line("back", l, String::new()));
    }
    for l in &r.removed {
        out.push_str(&item_line("removed", l, String::new()));
    }
    for l in &r.dropped {
        let why = ": kept in the plan as cancelled, so that its attendees are told";
        out.push_str(&item_line("gone", l, why.into()));
    }
    for n in &imported.notes {
        out.push_str(&format!("note: {}\n", printable(n)));
    }
    if dry_run {
        out.push_str("(dry run: nothing written)\n");
    }
    print_out(&out);
}

/// One item of a report: `  moved  ID  Tue 09 Mar 13:00  "Title": ... (attended by ...)`.
fn item_line(what: &str, l: &Line, extra: String) -> String {
    format!(
        "  {what:<10} {}  {}  \"{}\"{extra}{}\n",
        printable(&l.id),
        when(l.start),
        printable(&l.title),
        people(l)
    )
}

fn line_json(l: &Line) -> serde_json::Value {
    json!({
        "id": l.id,
        "title": l.title,
        "start": l.start.format("%Y-%m-%dT%H:%M:%S").to_string(),
        "attendees": l.attendees,
    })
}

fn report_json(
    session: &str,
    file: &str,
    imported: &Imported,
    r: &Report,
    dry_run: bool,
) -> serde_json::Value {
    let lines = |v: &[Line]| v.iter().map(line_json).collect::<Vec<_>>();
    let t = |t: NaiveDateTime| t.format("%Y-%m-%dT%H:%M:%S").to_string();
    json!({
        "schema": "attache.import",
        "version": 1,
        "session": session,
        "file": file,
        "format": imported.format,
        "dry_run": dry_run,
        "added": lines(&r.added),
        "moved": r.moved.iter().map(|m| {
            let mut v = line_json(&m.item);
            v["from"] = json!({"start": t(m.from.0), "end": t(m.from.1)});
            v["to"] = json!({"start": t(m.to.0), "end": t(m.to.1)});
            v
        }).collect::<Vec<_>>(),
        "renamed": r.renamed.iter().map(|n| json!({"id": n.id, "from": n.from, "to": n.to})).collect::<Vec<_>>(),
        "cancelled": lines(&r.cancelled),
        "reinstated": lines(&r.reinstated),
        "removed": lines(&r.removed),
        "kept_cancelled": lines(&r.dropped),
        "unchanged": r.unchanged,
        "notes": imported.notes,
    })
}

/// `attache programme --session S [--day D]`: the programme, in time order.
pub fn list(args: ProgrammeArgs, source: &DbSource, today: NaiveDate) -> ExitCode {
    with_valid_db(source, today, |loaded| {
        let db = &loaded.db;
        if !db.sessions.contains_key(&args.session) {
            return unknown_session(db, &args.session);
        }
        let items: Vec<&Meeting> = programme::items(db, &args.session)
            .into_iter()
            .filter(|m| args.day.is_none_or(|d| m.start.date() == d))
            .collect();
        match args.format {
            Format::Json => {
                let tz = db.session_tz(&args.session);
                let v = json!({
                    "schema": "attache.programme",
                    "version": 1,
                    "session": args.session,
                    "timezone": tz.map(|t| t.name()),
                    "items": items.iter().map(|m| item_json(db, m)).collect::<Vec<_>>(),
                });
                print_out(&(json_text(&v) + "\n"));
            }
            Format::Text if items.is_empty() => {
                println!(
                    "{} has no programme{}: import one with: attache import FILE --session {}",
                    printable(&args.session),
                    args.day.map(|d| format!(" on {d}")).unwrap_or_default(),
                    printable(&args.session)
                );
            }
            Format::Text => print_out(&items_text(db, &items)),
        }
        ExitCode::SUCCESS
    })
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
        out.push_str(&format!(
            "  {}–{}  {}  {}{}{}{}{}\n",
            m.start.format("%H:%M"),
            m.end.format("%H:%M"),
            printable(&m.id),
            printable(&m.title),
            m.room
                .as_deref()
                .map(|r| format!(" · {}", printable(r)))
                .unwrap_or_default(),
            if who.is_empty() {
                String::new()
            } else {
                format!(" · {}", printable(&who.join(", ")))
            },
            if m.is_cancelled() {
                " · CANCELLED"
            } else {
                ""
            },
            m.moved_from
                .map(|f| format!(" · MOVED from {}", when(f)))
                .unwrap_or_default(),
        ));
    }
    out
}

fn item_json(db: &Database, m: &Meeting) -> serde_json::Value {
    let t = |t: NaiveDateTime| t.format("%Y-%m-%dT%H:%M:%S").to_string();
    json!({
        "id": m.id,
        "uid": m.programme,
        "title": m.title,
        "start": t(m.start),
        "end": t(m.end),
        "room": m.room,
        "organizer": m.with,
        "url": m.url,
        "status": m.status.as_str(),
        "moved_from": m.moved_from.map(t),
        "attendees": m.attendees.iter().map(|a| json!({"id": a, "name": db.person_name(a)})).collect::<Vec<_>>(),
    })
}

/// `attache attend`: put a person on a programme item, take them off, or acknowledge
/// its move.
pub fn attend(args: AttendArgs, source: &DbSource, today: NaiveDate) -> ExitCode {
    run_op(source, today, args.dry.dry_run, |db| {
        let (plan, _) = crate::planning::ops::find_meeting(db, &args.item).ok_or_else(|| {
            crate::planning::OpError {
                message: format!("unknown programme item \"{}\"", args.item),
                help: crate::diag::did_you_mean(
                    &args.item,
                    programme::items(db, &args.session)
                        .iter()
                        .map(|m| m.id.as_str()),
                )
                .or_else(|| {
                    Some(format!(
                        "list them with: attache programme --session {}",
                        args.session
                    ))
                }),
            }
        })?;
        if plan.session != args.session {
            return Err(crate::planning::OpError {
                message: format!(
                    "{} is in {}, not in {}",
                    args.item, plan.session, args.session
                ),
                help: Some(format!("use --session {}", plan.session)),
            });
        }
        match &args.person {
            _ if args.ack => programme::acknowledge(db, &args.item),
            Some(p) => programme::attend(db, &args.item, p, !args.remove),
            None => unreachable_person(),
        }
    })
}

/// Clap requires --person unless --ack; this is never reached.
fn unreachable_person() -> crate::planning::ops::OpResult {
    Err(crate::planning::OpError {
        message: "say who attends: --person ID".into(),
        help: None,
    })
}
