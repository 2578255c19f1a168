//! `attache agenda`: one day's meetings and journeys, in time order — what a traveller
//! checks in the morning.

use chrono::{NaiveDate, NaiveDateTime};
use clap::Args;

use super::error::{Outcome, Status};
use super::output::{Context, Format, Time, local_time, moment_time};
use super::{FormatArg, help, lookup};
use crate::model::Database;
use crate::text::printable;

#[derive(Debug, Args)]
pub struct AgendaArgs {
    /// The day, YYYY-MM-DD [default: today]
    #[arg(long, value_name = "DATE", value_parser = help::date)]
    day: Option<NaiveDate>,
    /// Only this person's meetings and journeys (a person id, see attache people)
    #[arg(long, value_name = "ID")]
    person: Option<String>,
    #[command(flatten)]
    format: FormatArg,
}

/// One line of the agenda.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Entry {
    pub session: String,
    /// Local time where it starts: at the venue (meetings), at the departure (travel).
    #[serde(skip)]
    pub local_start: NaiveDateTime,
    #[serde(skip)]
    pub local_end: NaiveDateTime,
    pub start: Time,
    pub end: Time,
    pub kind: &'static str,
    /// A meeting's id (journeys have none).
    pub id: Option<String>,
    pub title: String,
    pub room: Option<String>,
    /// The address of a meeting away from the venue (its `room` names the place).
    pub address: Option<String>,
    pub people: Vec<String>,
    pub status: Option<&'static str>,
}

/// Everything on `day`, optionally for one person only, sorted by local start time.
pub fn entries(db: &Database, day: NaiveDate, person: Option<&str>) -> Vec<Entry> {
    let mut out = Vec::new();
    for plan in db.plans.values() {
        let Some(tz) = db.session_tz(&plan.session) else {
            continue;
        };
        for m in plan.meetings.iter().filter(|m| m.start.date() == day) {
            if person.is_some_and(|p| !m.attendees.iter().any(|a| a == p)) {
                continue;
            }
            out.push(Entry {
                session: plan.session.to_string(),
                local_start: m.start,
                local_end: m.end,
                start: local_time(m.start, tz),
                end: local_time(m.end, tz),
                kind: m.kind.as_str(),
                id: Some(m.id.to_string()),
                title: m.title.clone(),
                room: m.room.clone(),
                address: m.address.clone(),
                people: m.attendees.iter().map(ToString::to_string).collect(),
                status: Some(m.status.as_str()),
            });
        }
        for t in plan.travel.iter().filter(|t| t.day() == day) {
            if person.is_some_and(|p| t.person != p) {
                continue;
            }
            out.push(Entry {
                session: plan.session.to_string(),
                local_start: t.depart.local,
                local_end: t.arrive.local,
                start: moment_time(&t.depart),
                end: moment_time(&t.arrive),
                kind: t.mode.as_str(),
                id: Some(t.id.clone()),
                title: format!("{} to {}", t.from, t.to),
                room: None,
                address: None,
                people: vec![t.person.to_string()],
                status: None,
            });
        }
    }
    out.sort_by(|a, b| {
        (a.local_start, a.local_end, &a.session).cmp(&(b.local_start, b.local_end, &b.session))
    });
    out
}

pub fn run(args: AgendaArgs, cx: &Context) -> Outcome {
    let loaded = cx.load()?;
    if let Some(p) = &args.person {
        lookup::person(&loaded.db, p)?;
    }
    let day = args.day.unwrap_or(cx.today);
    let list = entries(&loaded.db, day, args.person.as_deref());
    match args.format.format {
        Format::Json => cx.json(
            "agenda",
            serde_json::json!({ "day": day.to_string(), "entries": list }),
        ),
        Format::Text => cx.out(&text(day, &list)),
    }
    Ok(Status::Clean)
}

fn text(day: NaiveDate, list: &[Entry]) -> String {
    let mut s = format!("{}\n", day.format("%A %Y-%m-%d"));
    if list.is_empty() {
        s.push_str("  nothing planned\n");
    }
    for e in list {
        let cancelled = if e.status == Some("cancelled") {
            " (cancelled)"
        } else {
            ""
        };
        let room = match (&e.room, &e.address) {
            (Some(place), Some(address)) => {
                format!(" [{}, {}]", printable(place), printable(address))
            }
            (Some(room), None) => format!(" [{}]", printable(room)),
            (None, Some(address)) => format!(" [{}]", printable(address)),
            (None, None) => String::new(),
        };
        s.push_str(&format!(
            "  {}-{} {:<10} {}{room}{cancelled} — {}  ({})\n",
            e.local_start.format("%H:%M"),
            e.local_end.format("%H:%M"),
            e.kind,
            printable(&e.title),
            printable(&e.people.join(", ")),
            e.session
        ));
    }
    s
}
