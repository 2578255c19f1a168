//! `attache agenda`: one day's meetings and journeys, in time order — what a traveller
//! checks in the morning.

use std::process::ExitCode;

use chrono::NaiveDate;

use super::{Format, print_out};
use crate::model::Database;
use crate::store::Loaded;
use crate::text::printable;

/// One line of the agenda.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Entry {
    pub session: String,
    /// `HH:MM` local time at the venue (meetings) or at the departure (travel).
    pub start: String,
    pub end: String,
    pub zone: String,
    pub kind: &'static str,
    pub id: Option<String>,
    pub title: String,
    pub room: Option<String>,
    pub people: Vec<String>,
    pub status: Option<&'static str>,
}

/// Everything on `day`, optionally for one person only, sorted by local start time.
pub fn entries(db: &Database, day: NaiveDate, person: Option<&str>) -> Vec<Entry> {
    let mut out = Vec::new();
    for plan in db.plans.values() {
        let zone = db
            .session_tz(&plan.session)
            .map_or("", |tz| tz.name())
            .to_string();
        for m in plan.meetings.iter().filter(|m| m.start.date() == day) {
            if person.is_some_and(|p| !m.attendees.iter().any(|a| a == p)) {
                continue;
            }
            out.push(Entry {
                session: plan.session.to_string(),
                start: m.start.format("%H:%M").to_string(),
                end: m.end.format("%H:%M").to_string(),
                zone: zone.clone(),
                kind: m.kind.as_str(),
                id: Some(m.id.to_string()),
                title: m.title.clone(),
                room: m.room.clone(),
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
                start: t.depart.local.format("%H:%M").to_string(),
                end: t.arrive.local.format("%H:%M").to_string(),
                zone: t.depart.zone_label(),
                kind: t.mode.as_str(),
                id: Some(t.id.clone()),
                title: format!("{} to {}", t.from, t.to),
                room: None,
                people: vec![t.person.to_string()],
                status: None,
            });
        }
    }
    out.sort_by(|a, b| (&a.start, &a.end, &a.session).cmp(&(&b.start, &b.end, &b.session)));
    out
}

pub fn print(loaded: &Loaded, day: NaiveDate, person: Option<&str>, format: Format) -> ExitCode {
    if let Some(p) = person
        && !loaded.db.people.contains_key(p)
    {
        eprintln!("error: unknown person \"{}\"", printable(p));
        if let Some(h) = crate::diag::did_you_mean(p, loaded.db.people.keys().map(|k| k.as_str())) {
            eprintln!("  = help: {h}");
        }
        return ExitCode::from(1);
    }
    let list = entries(&loaded.db, day, person);
    let out = match format {
        Format::Json => {
            crate::text::json_text(&serde_json::json!({ "day": day.to_string(), "entries": list }))
                + "\n"
        }
        Format::Text => {
            let mut s = format!("{}\n", day.format("%A %Y-%m-%d"));
            if list.is_empty() {
                s.push_str("  nothing planned\n");
            }
            for e in &list {
                let cancelled = if e.status == Some("cancelled") {
                    " (cancelled)"
                } else {
                    ""
                };
                let room = e
                    .room
                    .as_deref()
                    .map(|r| format!(" [{}]", printable(r)))
                    .unwrap_or_default();
                s.push_str(&format!(
                    "  {}-{} {:<10} {}{room}{cancelled} — {}  ({})\n",
                    e.start,
                    e.end,
                    e.kind,
                    printable(&e.title),
                    printable(&e.people.join(", ")),
                    e.session
                ));
            }
            s
        }
    };
    print_out(&out);
    ExitCode::SUCCESS
}
