//! `attache sessions`: the UN calendar, upcoming first.

use std::process::ExitCode;

use chrono::NaiveDate;

use super::{Format, print_out};
use crate::model::{Database, Session};
use crate::store::Loaded;
use crate::text::printable;

pub struct Filter {
    /// Sessions ending on or after this day.
    pub from: Option<NaiveDate>,
    pub body: Option<String>,
}

impl Filter {
    fn keeps(&self, s: &Session) -> bool {
        self.from.is_none_or(|d| s.end >= d)
            && self
                .body
                .as_ref()
                .is_none_or(|b| s.body.eq_ignore_ascii_case(b))
    }
}

pub fn print(loaded: &Loaded, today: NaiveDate, filter: &Filter, format: Format) -> ExitCode {
    let db = &loaded.db;
    let sessions: Vec<&Session> = db
        .sessions_by_date(today)
        .into_iter()
        .filter(|s| filter.keeps(s))
        .collect();
    let out = match format {
        Format::Json => {
            let list: Vec<_> = sessions.iter().map(|s| to_json(db, s)).collect();
            crate::text::json_text(&list) + "\n"
        }
        Format::Text => table(db, &sessions, today),
    };
    print_out(&out);
    ExitCode::SUCCESS
}

fn table(db: &Database, sessions: &[&Session], today: NaiveDate) -> String {
    if sessions.is_empty() {
        return "no sessions match\n".to_string();
    }
    let mut out = format!(
        "{:<24}  {:<20}  {:<14}  {:<14}  {:<9}  {:>4}  TITLE\n",
        "DATES", "ID", "BODY", "KIND", "STATUS", "DEL."
    );
    let mut past_heading = false;
    for s in sessions {
        if !s.is_upcoming(today) && !past_heading {
            out.push_str("-- past --\n");
            past_heading = true;
        }
        let delegates = db
            .plans
            .get(&s.id)
            .map_or("-".to_string(), |p| p.delegates.len().to_string());
        out.push_str(&format!(
            "{:<24}  {:<20}  {:<14}  {:<14}  {:<9}  {:>4}  {}\n",
            format!("{} to {}", s.start, s.end),
            s.id,
            printable(&s.body),
            s.kind.as_str(),
            s.status.as_str(),
            delegates,
            printable(&s.title)
        ));
    }
    out
}

/// One session for `--format json`: ISO dates, and what a tool needs without a second
/// lookup (venue details, nomination due date, delegation size).
fn to_json(db: &Database, s: &Session) -> serde_json::Value {
    let venue = db.venues.get(&s.venue);
    serde_json::json!({
        "id": s.id,
        "body": s.body,
        "title": s.title,
        "kind": s.kind,
        "status": s.status,
        "start": s.start.to_string(),
        "end": s.end.to_string(),
        "venue": s.venue,
        "city": venue.map(|v| v.city.clone()),
        "timezone": venue.map(|v| v.timezone.name()),
        "registration_deadline": s.registration_deadline.map(|d| d.to_string()),
        "nomination_due": db.rules(s).letter_due.map(|d| d.to_string()),
        "max_delegates": db.rules(s).delegate_limit,
        "registration": db.rules(s).registration,
        "themes": s.themes,
        "source": s.source,
        "planned": db.plans.contains_key(&s.id),
        "delegates": db.plans.get(&s.id).map_or(0, |p| p.delegates.len()),
    })
}
