//! `attache travel` and `attache stay`: journeys and hotels, from scripts. Each runs one
//! operation of [`crate::planning::ops`] through the same path as the other edits.

use crate::ids::{PersonId, SessionId};
use chrono::NaiveDate;
use clap::{Args, Subcommand};

use super::edit::{DryRun, known, run_op};
use super::error::{Error, Outcome, Status};
use super::output::{Context, Format};
use super::{FormatArg, help, lookup};
use crate::model::{Moment, Revision, Stay, Travel, TravelMode};
use crate::planning::{ItemKind, ops};
use crate::text::printable;
use crate::time::MomentError;

#[derive(Debug, Subcommand)]
pub enum TravelCommand {
    /// Add a journey (a flight, a train...) for a delegate
    Add(Box<TravelArgs>),
    /// Remove a journey, by its id (see `attache travel list`)
    Rm(RemoveArgs),
    /// List a plan's journeys with their ids, by departure
    List(ListArgs),
}

#[derive(Debug, Subcommand)]
pub enum StayCommand {
    /// Add a hotel stay for a delegate
    Add(StayArgs),
    /// Remove a stay, by its id (see `attache stay list`)
    Rm(RemoveArgs),
    /// List a plan's hotel stays with their ids, by check-in
    List(ListArgs),
}

#[derive(Debug, Args)]
pub struct TravelArgs {
    /// The session whose plan gets the journey
    #[arg(long, value_name = "ID")]
    pub session: SessionId,
    /// The delegate who travels (a person id)
    #[arg(long, value_name = "ID")]
    pub person: PersonId,
    /// flight, train, bus, car, ferry or other
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(TravelMode::NAMES))]
    pub mode: String,
    /// Where the journey leaves from (e.g. "Rome FCO")
    #[arg(long, value_name = "PLACE")]
    pub from: String,
    /// Where it goes (e.g. "Vienna VIE")
    #[arg(long, value_name = "PLACE")]
    pub to: String,
    /// Departure: with its offset (2027-03-07T09:05+01:00), or local with --depart-tz
    #[arg(long, value_name = "WHEN")]
    pub depart: String,
    /// The zone of the departure, for a local --depart (e.g. Europe/Rome)
    #[arg(long, value_name = "ZONE")]
    pub depart_tz: Option<String>,
    /// Arrival: with its offset, or local with --arrive-tz
    #[arg(long, value_name = "WHEN")]
    pub arrive: String,
    /// The zone of the arrival, for a local --arrive (e.g. Europe/Vienna)
    #[arg(long, value_name = "ZONE")]
    pub arrive_tz: Option<String>,
    /// The airline, railway or company
    #[arg(long, value_name = "NAME")]
    pub carrier: Option<String>,
    /// The flight or train number (e.g. "OS 502")
    #[arg(long, value_name = "NUMBER")]
    pub number: Option<String>,
    /// The booking reference
    #[arg(long = "ref", value_name = "REF")]
    pub reference: Option<String>,
    #[command(flatten)]
    pub dry: DryRun,
}

#[derive(Debug, Args)]
pub struct StayArgs {
    /// The session whose plan gets the stay
    #[arg(long, value_name = "ID")]
    pub session: SessionId,
    /// The delegate who stays (a person id)
    #[arg(long, value_name = "ID")]
    pub person: PersonId,
    /// The hotel's name
    #[arg(long, value_name = "NAME")]
    pub name: String,
    /// The hotel's address
    #[arg(long, value_name = "ADDRESS")]
    pub address: Option<String>,
    /// The first night, YYYY-MM-DD
    #[arg(long, value_name = "DATE", value_parser = help::date)]
    pub check_in: NaiveDate,
    /// The morning you leave, YYYY-MM-DD
    #[arg(long, value_name = "DATE", value_parser = help::date)]
    pub check_out: NaiveDate,
    /// The booking reference
    #[arg(long = "ref", value_name = "REF")]
    pub reference: Option<String>,
    #[command(flatten)]
    pub dry: DryRun,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("which").required(true).args(["id", "number"]))]
pub struct RemoveArgs {
    /// The session whose plan holds it
    #[arg(long, value_name = "ID")]
    pub session: SessionId,
    /// Its id, as `list` shows it (e.g. esempio-flight-2027-03-07-1405)
    #[arg(value_name = "ID")]
    pub id: Option<String>,
    /// Its number in the plan file, counting from 1 (the id is safer: it never changes)
    #[arg(long, value_name = "N")]
    pub number: Option<usize>,
    #[command(flatten)]
    pub dry: DryRun,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// The session whose plan to list
    #[arg(long, value_name = "ID")]
    pub session: String,
    /// Only this delegate's
    #[arg(long, value_name = "ID")]
    pub person: Option<String>,
    #[command(flatten)]
    pub format: FormatArg,
}

/// A journey's end as typed: an offset date-time, or a local one with its zone
/// ([`crate::time::parse_moment`]), refused in the words of the flags.
fn moment(when: &str, tz: Option<&str>, flag: &str) -> Result<Moment, String> {
    crate::time::parse_moment(when, tz).map_err(|e| match e {
        MomentError::Syntax(s) => format!(
            "--{flag} \"{s}\" is not a date and time: write it like 2027-03-09T13:00+01:00, or 2027-03-09T13:00 with --{flag}-tz"
        ),
        MomentError::OffsetAndZone => {
            format!("--{flag} has an offset and --{flag}-tz a zone: give one")
        }
        MomentError::NoZone => {
            let when = when.trim().replace(' ', "T");
            format!(
                "--{flag} {when} is a local time: add --{flag}-tz (e.g. Europe/Vienna) or write the offset (e.g. {when}+01:00)"
            )
        }
        e @ MomentError::UnknownZone { .. } => e.message(),
        e @ MomentError::Time { .. } => {
            format!("--{flag}: {} ({})", e.message(), e.help().unwrap_or_default())
        }
    })
}

pub fn travel(cmd: TravelCommand, cx: &Context) -> Outcome {
    match cmd {
        TravelCommand::Add(a) => {
            let a = *a;
            let depart = moment(&a.depart, a.depart_tz.as_deref(), "depart").map_err(Error::new)?;
            let arrive = moment(&a.arrive, a.arrive_tz.as_deref(), "arrive").map_err(Error::new)?;
            let travel = Travel {
                id: String::new(),
                person: a.person.clone(),
                mode: TravelMode::parse(&a.mode).unwrap_or(TravelMode::Other),
                from: a.from,
                to: a.to,
                depart,
                arrive,
                carrier: a.carrier,
                number: a.number,
                reference: a.reference,
                notes: None,
                revision: Default::default(),
                origin: Default::default(),
            };
            run_op(cx, &a.dry, |db| {
                known(db, cx, Some(&a.session), Some(&a.person))?;
                Ok(ops::put_travel(db, &a.session, None, travel))
            })
        }
        TravelCommand::Rm(r) => remove(r, ItemKind::Travel, cx),
        TravelCommand::List(l) => list(l, ItemKind::Travel, cx),
    }
}

pub fn stay(cmd: StayCommand, cx: &Context) -> Outcome {
    match cmd {
        StayCommand::Add(a) => {
            let stay = Stay {
                id: String::new(),
                person: a.person.clone(),
                name: a.name,
                address: a.address,
                check_in: a.check_in,
                check_out: a.check_out,
                reference: a.reference,
                notes: None,
                revision: Default::default(),
                origin: Default::default(),
            };
            run_op(cx, &a.dry, |db| {
                known(db, cx, Some(&a.session), Some(&a.person))?;
                Ok(ops::put_stay(db, &a.session, None, stay))
            })
        }
        StayCommand::Rm(r) => remove(r, ItemKind::Stay, cx),
        StayCommand::List(l) => list(l, ItemKind::Stay, cx),
    }
}

fn remove(r: RemoveArgs, kind: ItemKind, cx: &Context) -> Outcome {
    run_op(cx, &r.dry, |db| {
        known(db, cx, Some(&r.session), None)?;
        Ok(match (&r.id, r.number) {
            (Some(id), _) => ops::remove_by_id(db, &r.session, kind, id),
            (None, number) => {
                let index = number
                    .unwrap_or(0)
                    .checked_sub(1)
                    .ok_or_else(|| Error::new("--number counts from 1"))?;
                ops::remove_item(db, &r.session, kind, index)
            }
        })
    })
}

/// One journey or stay as `list` shows it.
#[derive(Debug, serde::Serialize)]
struct Listed<'a> {
    id: &'a str,
    person: &'a str,
    /// The day it is listed under: a journey's departure day, a stay's check-in.
    day: String,
    /// The journey or stay in one line, as the terminal application shows it.
    what: String,
    /// When attaché last changed it (`changed` in the file), or null.
    changed: Option<String>,
    /// How many times its time or place changed (`sequence` in the file).
    sequence: u32,
}

/// `attache travel list` and `attache stay list`: a plan's journeys (by departure) or
/// stays (by check-in), each with the id that `rm` takes.
fn list(l: ListArgs, kind: ItemKind, cx: &Context) -> Outcome {
    let loaded = cx.load()?;
    let db = &loaded.db;
    let session = lookup::session(db, &l.session, cx.today)?;
    if let Some(p) = &l.person {
        lookup::person(db, p)?;
    }
    let mine = |p: &str| l.person.as_deref().is_none_or(|who| who == p);
    let changed = |r: Revision| r.changed.map(|t| t.to_rfc3339());
    let plan = db.plans.get(&session.id);
    let mut rows: Vec<(chrono::DateTime<chrono::Utc>, Listed)> = match (kind, plan) {
        (_, None) => Vec::new(),
        (ItemKind::Stay, Some(plan)) => plan
            .stays
            .iter()
            .filter(|s| mine(&s.person))
            .map(|s| {
                let at = s.check_in.and_time(chrono::NaiveTime::MIN).and_utc();
                let row = Listed {
                    id: &s.id,
                    person: &s.person,
                    day: s.day().to_string(),
                    what: crate::tui::screens::stay_line(s),
                    changed: changed(s.revision),
                    sequence: s.revision.sequence,
                };
                (at, row)
            })
            .collect(),
        (_, Some(plan)) => plan
            .travel
            .iter()
            .filter(|t| mine(&t.person))
            .map(|t| {
                let row = Listed {
                    id: &t.id,
                    person: &t.person,
                    day: t.day().to_string(),
                    what: crate::tui::screens::journey_line(t),
                    changed: changed(t.revision),
                    sequence: t.revision.sequence,
                };
                (t.depart.utc(), row)
            })
            .collect(),
    };
    rows.sort_by(|a, b| (a.0, a.1.id).cmp(&(b.0, b.1.id)));
    let rows: Vec<Listed> = rows.into_iter().map(|(_, r)| r).collect();
    let (schema, key) = match kind {
        ItemKind::Stay => ("stays", "stays"),
        _ => ("travel", "travel"),
    };
    match l.format.format {
        Format::Json => cx.json(
            schema,
            serde_json::json!({ "session": session.id.as_str(), key: rows }),
        ),
        Format::Text if rows.is_empty() => cx.out(&format!(
            "no {} in {} yet\n",
            kind.noun(),
            printable(&session.id)
        )),
        Format::Text => cx.out(
            &rows
                .iter()
                .map(|r| {
                    format!(
                        "{}  {}  {}\n",
                        printable(r.id),
                        printable(r.person),
                        printable(&r.what)
                    )
                })
                .collect::<String>(),
        ),
    }
    Ok(Status::Clean)
}
