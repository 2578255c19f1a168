//! `attache sessions`: the UN calendar, upcoming first.

use chrono::NaiveDate;
use clap::Args;

use super::error::{Outcome, Status};
use super::output::{Context, Format};
use super::{FormatArg, help, lookup};
use crate::model::{Database, Session};
use crate::text::printable;

#[derive(Debug, Args)]
pub struct SessionsArgs {
    /// Only sessions that have not ended yet
    #[arg(long)]
    upcoming: bool,
    /// Only sessions ending on or after DATE (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = help::date)]
    from: Option<NaiveDate>,
    /// Only sessions of this body (CND, CCPCJ, COP-UNTOC, ...), any case
    #[arg(long, value_name = "BODY")]
    body: Option<String>,
    #[command(flatten)]
    format: FormatArg,
}

pub fn run(args: SessionsArgs, cx: &Context) -> Outcome {
    let filter = Filter {
        from: if args.upcoming {
            Some(args.from.unwrap_or(cx.today).max(cx.today))
        } else {
            args.from
        },
        body: args.body,
    };
    let loaded = cx.load()?;
    if let Some(b) = &filter.body {
        lookup::body(&loaded.db, b)?;
    }
    print(cx, &loaded.db, &filter, args.format.format);
    Ok(Status::Clean)
}

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

fn print(cx: &Context, db: &Database, filter: &Filter, format: Format) {
    let today = cx.today;
    let sessions: Vec<&Session> = db
        .sessions_by_date(today)
        .into_iter()
        .filter(|s| filter.keeps(s))
        .collect();
    match format {
        Format::Json => {
            let list: Vec<_> = sessions.iter().map(|s| to_json(db, s)).collect();
            cx.json("sessions", serde_json::json!({ "sessions": list }));
        }
        Format::Text => cx.out(&table(db, &sessions, today)),
    }
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
