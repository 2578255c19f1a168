//! `attache travel` and `attache stay`: journeys and hotels, from scripts. Each runs one
//! operation of [`crate::planning::ops`] through the same path as the other edits.

use crate::ids::{PersonId, SessionId};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, Subcommand};

use super::edit::{DryRun, run_op};
use super::{Format, print_out, with_valid_db};
use crate::model::{Moment, Stay, Travel, TravelMode};
use crate::planning::{ItemKind, ops};
use crate::store::DbSource;
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
    #[arg(long, value_name = "ID")]
    pub session: SessionId,
    #[arg(long, value_name = "ID")]
    pub person: PersonId,
    /// flight, train, bus, car, ferry or other
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(TravelMode::NAMES))]
    pub mode: String,
    #[arg(long)]
    pub from: String,
    #[arg(long)]
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
    #[arg(long)]
    pub carrier: Option<String>,
    #[arg(long)]
    pub number: Option<String>,
    /// The booking reference
    #[arg(long = "ref", value_name = "REF")]
    pub reference: Option<String>,
    #[command(flatten)]
    pub dry: DryRun,
}

#[derive(Debug, Args)]
pub struct StayArgs {
    #[arg(long, value_name = "ID")]
    pub session: SessionId,
    #[arg(long, value_name = "ID")]
    pub person: PersonId,
    /// The hotel's name
    #[arg(long)]
    pub name: String,
    #[arg(long)]
    pub address: Option<String>,
    #[arg(long, value_name = "DATE")]
    pub check_in: NaiveDate,
    /// The morning you leave
    #[arg(long, value_name = "DATE")]
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
    #[arg(long, value_name = "ID")]
    pub session: String,
    /// Only this delegate's
    #[arg(long, value_name = "ID")]
    pub person: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// A journey's end as typed: an offset date-time, or a local one with its zone
/// ([`crate::time::parse_moment`]), refused in the words of the flags.
fn moment(when: &str, tz: Option<&str>, flag: &str) -> Result<Moment, String> {
    crate::time::parse_moment(when, tz).map_err(|e| match e {
        MomentError::Syntax(s) => {
            format!("\"{s}\" is not a date and time: write it like 2027-03-09T13:00")
        }
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

fn usage(message: String) -> ExitCode {
    eprintln!("error: {}", crate::text::printable(&message));
    ExitCode::from(2)
}

pub fn travel(cmd: TravelCommand, source: &DbSource, today: NaiveDate) -> ExitCode {
    match cmd {
        TravelCommand::Add(a) => {
            let a = *a;
            let depart = match moment(&a.depart, a.depart_tz.as_deref(), "depart") {
                Ok(m) => m,
                Err(e) => return usage(e),
            };
            let arrive = match moment(&a.arrive, a.arrive_tz.as_deref(), "arrive") {
                Ok(m) => m,
                Err(e) => return usage(e),
            };
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
            run_op(source, today, a.dry.dry_run, |db| {
                ops::put_travel(db, &SessionId::from(&a.session), None, travel)
            })
        }
        TravelCommand::Rm(r) => remove(r, ItemKind::Travel, source, today),
        TravelCommand::List(l) => list(l, ItemKind::Travel, source, today),
    }
}

pub fn stay(cmd: StayCommand, source: &DbSource, today: NaiveDate) -> ExitCode {
    match cmd {
        StayCommand::Add(a) => {
            let stay = Stay {
                id: String::new(),
                person: a.person,
                name: a.name,
                address: a.address,
                check_in: a.check_in,
                check_out: a.check_out,
                reference: a.reference,
                notes: None,
                revision: Default::default(),
                origin: Default::default(),
            };
            run_op(source, today, a.dry.dry_run, |db| {
                ops::put_stay(db, &SessionId::from(&a.session), None, stay)
            })
        }
        StayCommand::Rm(r) => remove(r, ItemKind::Stay, source, today),
        StayCommand::List(l) => list(l, ItemKind::Stay, source, today),
    }
}

fn remove(r: RemoveArgs, kind: ItemKind, source: &DbSource, today: NaiveDate) -> ExitCode {
    if let Some(id) = r.id {
        return run_op(source, today, r.dry.dry_run, |db| {
            ops::remove_by_id(db, &r.session, kind, &id)
        });
    }
    let Some(index) = r.number.unwrap_or(0).checked_sub(1) else {
        return usage("--number counts from 1".into());
    };
    run_op(source, today, r.dry.dry_run, |db| {
        ops::remove_item(db, &r.session, kind, index)
    })
}

/// One journey or stay as `list` shows it.
#[derive(Debug, serde::Serialize)]
struct Listed {
    id: String,
    person: String,
    /// The day it is listed under: a journey's departure day, a stay's check-in.
    day: String,
    what: String,
    /// From `changed` in the file: when attaché last changed it.
    changed: Option<String>,
}

fn list(l: ListArgs, kind: ItemKind, source: &DbSource, today: NaiveDate) -> ExitCode {
    with_valid_db(source, today, |loaded| {
        let Some(plan) = loaded.db.plans.get(&l.session) else {
            eprintln!("error: {} has no plan", printable(&l.session));
            return ExitCode::from(1);
        };
        let mine = |p: &str| l.person.as_deref().is_none_or(|who| who == p);
        let changed = |r: crate::model::Revision| r.changed.map(|t| t.to_rfc3339());
        let mut rows: Vec<(chrono::DateTime<chrono::Utc>, Listed)> = match kind {
            ItemKind::Stay => plan
                .stays
                .iter()
                .filter(|s| mine(&s.person))
                .map(|s| {
                    let at = s.check_in.and_time(chrono::NaiveTime::MIN).and_utc();
                    let what = crate::tui::screens::stay_line(s);
                    (
                        at,
                        Listed {
                            id: s.id.clone(),
                            person: s.person.to_string(),
                            day: s.day().to_string(),
                            what,
                            changed: changed(s.revision),
                        },
                    )
                })
                .collect(),
            _ => plan
                .travel
                .iter()
                .filter(|t| mine(&t.person))
                .map(|t| {
                    let what = crate::tui::screens::journey_line(t);
                    (
                        t.depart.utc(),
                        Listed {
                            id: t.id.clone(),
                            person: t.person.to_string(),
                            day: t.day().to_string(),
                            what,
                            changed: changed(t.revision),
                        },
                    )
                })
                .collect(),
        };
        rows.sort_by(|a, b| (a.0, &a.1.id).cmp(&(b.0, &b.1.id)));
        let rows: Vec<Listed> = rows.into_iter().map(|(_, r)| r).collect();
        let out = match l.format {
            Format::Json => crate::text::json_text(&rows) + "\n",
            Format::Text if rows.is_empty() => {
                format!("no {} in {}\n", kind.noun(), printable(&l.session))
            }
            Format::Text => rows
                .iter()
                .map(|r| {
                    format!(
                        "{}  {}  {}\n",
                        printable(&r.id),
                        printable(&r.person),
                        printable(&r.what)
                    )
                })
                .collect(),
        };
        print_out(&out);
        ExitCode::SUCCESS
    })
}
