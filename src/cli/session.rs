//! `attache session add|edit|confirm`: keep the calendar true without editing
//! `sessions.toml` by hand. Each is one edit through the workspace
//! ([`crate::calendar`]), so the file keeps its comments and layout, and what the
//! edit changes in the findings (a tentative session confirmed) is printed.

use chrono::NaiveDate;
use clap::{Args, Subcommand};

use super::edit::{DryRun, run_op};
use super::error::Outcome;
use super::output::Context;
use super::{help, lookup};
use crate::calendar;
use crate::ids::SessionId;
use crate::model::{NewSession, Session, SessionKind, SessionStatus};

#[derive(Debug, Subcommand)]
pub enum SessionCommand {
    /// Add a session to the calendar (tentative unless --confirmed)
    Add(AddArgs),
    /// Change a session's dates, title, source or status
    Edit(EditArgs),
    /// Mark a session's dates as confirmed, recording where they were confirmed
    Confirm(ConfirmArgs),
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Its id, a short lower-case slug (e.g. ccpcj-36-thematic)
    pub id: SessionId,
    /// The UN body, as bodies.toml names it (CND, CCPCJ, COP-UNTOC, CoSP-UNCAC, ...)
    #[arg(long)]
    pub body: String,
    /// Its title, as the UN writes it
    #[arg(long)]
    pub title: String,
    /// regular, reconvened, intersessional, thematic, conference, congress, special, other
    #[arg(long, default_value = "regular", value_parser = parse_kind)]
    pub kind: SessionKind,
    /// A venue id of venues.toml
    #[arg(long, default_value = "vic")]
    pub venue: String,
    /// The first day
    #[arg(long, value_name = "DATE", value_parser = help::date)]
    pub start: NaiveDate,
    /// The last day, inclusive [default: the first]
    #[arg(long, value_name = "DATE", value_parser = help::date)]
    pub end: Option<NaiveDate>,
    /// The dates are published (else the session is tentative)
    #[arg(long)]
    pub confirmed: bool,
    /// Where the dates come from: the official page, or the pattern they follow
    #[arg(long, value_name = "TEXT")]
    pub source: Option<String>,
    /// Notes on the session
    #[arg(long, value_name = "TEXT")]
    pub notes: Option<String>,
    #[command(flatten)]
    pub dry: DryRun,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The session's id (see attache sessions)
    pub id: SessionId,
    /// The first day (alone, it moves the session and keeps its length)
    #[arg(long, value_name = "DATE", value_parser = help::date)]
    pub start: Option<NaiveDate>,
    /// The last day, inclusive
    #[arg(long, value_name = "DATE", value_parser = help::date)]
    pub end: Option<NaiveDate>,
    /// Its title
    #[arg(long)]
    pub title: Option<String>,
    /// Where the dates come from: the official page, or the pattern they follow
    #[arg(long, value_name = "TEXT")]
    pub source: Option<String>,
    /// Notes on the session
    #[arg(long, value_name = "TEXT")]
    pub notes: Option<String>,
    /// Mark the dates as not confirmed
    #[arg(long, conflicts_with = "confirmed")]
    pub tentative: bool,
    /// Mark the dates as confirmed
    #[arg(long)]
    pub confirmed: bool,
    #[command(flatten)]
    pub dry: DryRun,
}

#[derive(Debug, Args)]
pub struct ConfirmArgs {
    /// The session's id (see attache sessions)
    pub id: SessionId,
    /// Where the dates were confirmed (the official page), recorded as its source
    #[arg(long, value_name = "TEXT")]
    pub source: Option<String>,
    #[command(flatten)]
    pub dry: DryRun,
}

fn parse_kind(s: &str) -> Result<SessionKind, String> {
    SessionKind::parse(s).ok_or_else(|| format!("one of: {}", SessionKind::NAMES.join(", ")))
}

pub fn run(cmd: SessionCommand, cx: &Context) -> Outcome {
    match cmd {
        SessionCommand::Add(a) => {
            let session = Session::new(NewSession {
                id: a.id,
                body: a.body,
                title: a.title,
                kind: a.kind,
                venue: a.venue.into(),
                start: a.start,
                end: a.end.unwrap_or(a.start),
                status: match a.confirmed {
                    true => SessionStatus::Confirmed,
                    false => SessionStatus::Tentative,
                },
                source: a.source,
                notes: a.notes,
            });
            run_op(cx, &a.dry, |db| Ok(calendar::add_session(db, session)))
        }
        SessionCommand::Edit(e) => run_op(cx, &e.dry, |db| {
            lookup::session(db, &e.id, cx.today)?;
            Ok(calendar::edit_session(
                db,
                &e.id,
                |s| format!("changed {} ({} to {}, {})", s.id, s.start, s.end, s.status),
                |s| {
                    // Moving the start alone keeps the session's length.
                    if let Some(start) = e.start {
                        let length = s.end - s.start;
                        s.start = start;
                        s.end = e.end.unwrap_or(start + length);
                    } else if let Some(end) = e.end {
                        s.end = end;
                    }
                    if let Some(t) = e.title {
                        s.title = t;
                    }
                    if let Some(src) = e.source {
                        s.source = Some(src);
                    }
                    if let Some(n) = e.notes {
                        s.notes = Some(n);
                    }
                    if e.tentative {
                        s.status = SessionStatus::Tentative;
                    } else if e.confirmed {
                        s.status = SessionStatus::Confirmed;
                    }
                },
            ))
        }),
        SessionCommand::Confirm(c) => run_op(cx, &c.dry, |db| {
            lookup::session(db, &c.id, cx.today)?;
            Ok(calendar::confirm_session(db, &c.id, c.source))
        }),
    }
}
