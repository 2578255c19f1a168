//! `attache sessions`: the UN calendar, upcoming first.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use clap::Args;

use super::error::{Error, Outcome, Status};
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
    /// Read every plan to show the size of each delegation (DEL.) instead of whether it has a plan file (PLAN); slower on a large database, and refused when a plan has errors
    #[arg(long)]
    delegations: bool,
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
    let (db, plans) = load(cx, args.delegations)?;
    if let Some(b) = &filter.body {
        lookup::body(&db, b)?;
    }
    print(cx, &db, &plans, &filter, args.format.format);
    Ok(Status::Clean)
}

/// The calendar, and what the list says of each session's plan. By default only the
/// calendar's files are read (not the people, not the plans) and the plans are looked
/// up in the folder's listing, so that the list costs the same at 50 meetings as at
/// 50,000 and a plan or person with errors neither stops it nor adds to it;
/// `--delegations` reads (and validates) everything.
fn load(cx: &Context, delegations: bool) -> Result<(Database, Plans), Error> {
    if delegations {
        return Ok((cx.load()?.db, Plans::Read));
    }
    cx.require_folder()?;
    let loaded = crate::store::load_calendar(&cx.source, cx.today);
    cx.refuse_broken(&loaded)?;
    let files = crate::store::source::plan_files(&cx.source).map_err(|d| {
        let help = d.help.clone().unwrap_or_else(|| {
            "make the folder readable (its permissions), or run attache check".into()
        });
        Error::new(d.message.clone()).help(help)
    })?;
    Ok((loaded.db, Plans::Listed(files)))
}

/// What the list knows of each session's plan.
enum Plans {
    /// The sessions whose plan file `plan/<id>.toml` is there (no plan was read).
    Listed(BTreeSet<String>),
    /// Every plan was read: the database's own.
    Read,
}

impl Plans {
    /// Whether the session has a plan: its file by its name, or a plan read for it.
    fn has(&self, db: &Database, s: &Session) -> bool {
        match self {
            Plans::Listed(files) => files.contains(s.id.as_str()),
            Plans::Read => db.plans.contains_key(&s.id),
        }
    }

    /// The size of the session's delegation, when the plans were read.
    fn delegates(&self, db: &Database, s: &Session) -> Option<usize> {
        match self {
            Plans::Listed(_) => None,
            Plans::Read => Some(db.plans.get(&s.id).map_or(0, |p| p.delegates.len())),
        }
    }

    /// The table's column: PLAN (yes or -) from the listing, DEL. (a count, or - for no
    /// plan) when the plans were read.
    fn heading(&self) -> &'static str {
        match self {
            Plans::Listed(_) => "PLAN",
            Plans::Read => "DEL.",
        }
    }

    fn cell(&self, db: &Database, s: &Session) -> String {
        match (self.has(db, s), self.delegates(db, s)) {
            (false, _) => "-".to_string(),
            (true, Some(n)) => n.to_string(),
            (true, None) => "yes".to_string(),
        }
    }
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

fn print(cx: &Context, db: &Database, plans: &Plans, filter: &Filter, format: Format) {
    let today = cx.today;
    let sessions: Vec<&Session> = db
        .sessions_by_date(today)
        .into_iter()
        .filter(|s| filter.keeps(s))
        .collect();
    match format {
        Format::Json => {
            let list: Vec<_> = sessions.iter().map(|s| to_json(db, plans, s)).collect();
            cx.json("sessions", serde_json::json!({ "sessions": list }));
        }
        Format::Text => cx.out(&table(db, plans, &sessions, today)),
    }
}

fn table(db: &Database, plans: &Plans, sessions: &[&Session], today: NaiveDate) -> String {
    if sessions.is_empty() {
        return "no sessions match\n".to_string();
    }
    // The id and body columns as wide as their longest, so that the columns after
    // them stay aligned (a long id is common: "uncac-irg-ngo-briefing-2027").
    let width = |cell: &dyn Fn(&Session) -> String, heading: &str, least: usize| {
        sessions
            .iter()
            .map(|s| cell(s).chars().count())
            .chain([heading.len(), least])
            .max()
            .unwrap_or(least)
    };
    let id_w = width(&|s| s.id.to_string(), "ID", 20);
    let body_w = width(&|s| printable(&s.body).into_owned(), "BODY", 14);
    let mut out = format!(
        "{:<24}  {:<id_w$}  {:<body_w$}  {:<14}  {:<9}  {:>4}  TITLE\n",
        "DATES",
        "ID",
        "BODY",
        "KIND",
        "STATUS",
        plans.heading()
    );
    let mut past_heading = false;
    for s in sessions {
        if !s.is_upcoming(today) && !past_heading {
            out.push_str("-- past --\n");
            past_heading = true;
        }
        out.push_str(&format!(
            "{:<24}  {:<id_w$}  {:<body_w$}  {:<14}  {:<9}  {:>4}  {}\n",
            format!("{} to {}", s.start, s.end),
            s.id,
            printable(&s.body),
            s.kind.as_str(),
            s.status.as_str(),
            plans.cell(db, s),
            printable(&s.title)
        ));
    }
    out
}

/// One session for `--format json`: ISO dates, and what a tool needs without a second
/// lookup (venue details, nomination due date; the delegation's size with
/// `--delegations`).
fn to_json(db: &Database, plans: &Plans, s: &Session) -> serde_json::Value {
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
        "planned": plans.has(db, s),
        "delegates": plans.delegates(db, s),
    })
}
