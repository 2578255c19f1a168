//! `attache people` and `attache delegation`: who is who, and who goes where, as text
//! for people and JSON for scripts (schemas `attache-people`, `attache-delegation`).

use chrono_tz::Tz;
use clap::Args;
use serde::Serialize;

use super::error::{Outcome, Status};
use super::output::{Context, Format, Time, local_time, moment_time};
use super::{FormatArg, lookup};
use crate::model::{Database, DayOrTime, Plan, Role, Session};
use crate::planning::analysis::Analysis;
use crate::planning::checks::{self, Readiness};
use crate::text::printable;

#[derive(Debug, Args)]
pub struct PeopleArgs {
    /// Only the people of this section (an id, e.g. italy)
    #[arg(long, value_name = "ID")]
    section: Option<String>,
    /// Only the people in this session's delegation
    #[arg(long, value_name = "ID")]
    session: Option<String>,
    #[command(flatten)]
    format: FormatArg,
}

#[derive(Debug, Args)]
pub struct DelegationArgs {
    /// The session (an id, see attache sessions)
    #[arg(long, value_name = "ID")]
    session: String,
    #[command(flatten)]
    format: FormatArg,
}

/// One person, for `attache people`.
#[derive(Serialize)]
struct PersonRow<'a> {
    id: &'a str,
    name: &'a str,
    section: &'a str,
    section_name: Option<&'a str>,
    position: Option<&'a str>,
    email: Option<&'a str>,
    /// The sessions whose delegation they are in, with their role, by session date.
    delegations: Vec<Membership<'a>>,
}

#[derive(Serialize)]
struct Membership<'a> {
    session: &'a str,
    role: Role,
}

pub fn people(args: PeopleArgs, cx: &Context) -> Outcome {
    let loaded = cx.load()?;
    let db = &loaded.db;
    if let Some(s) = &args.section {
        lookup::section(db, s)?;
    }
    let plan = match &args.session {
        Some(s) => Some(db.plans.get(&lookup::session(db, s, cx.today)?.id)),
        None => None,
    };
    let rows: Vec<PersonRow> = db
        .people
        .values()
        .filter(|p| args.section.as_ref().is_none_or(|s| &p.section == s))
        .filter(|p| plan.is_none_or(|plan| plan.is_some_and(|plan| plan.delegate(&p.id).is_some())))
        .map(|p| PersonRow {
            id: &p.id,
            name: &p.name,
            section: &p.section,
            section_name: db.sections.get(&p.section).map(|s| s.name.as_str()),
            position: p.position.as_deref(),
            email: p.email.as_deref(),
            delegations: memberships(db, &p.id, cx.today),
        })
        .collect();
    match args.format.format {
        Format::Json => cx.json("people", serde_json::json!({ "people": rows })),
        Format::Text if rows.is_empty() => cx.out(&match (&args.session, &args.section) {
            (Some(s), None) => format!(
                "nobody is in the delegation to {s} yet: attache assign --session {s} --person ID\n"
            ),
            _ => "no people match\n".into(),
        }),
        Format::Text => cx.out(&people_text(&rows)),
    }
    Ok(Status::Clean)
}

/// The delegations a person is in, upcoming sessions first.
fn memberships<'a>(
    db: &'a Database,
    person: &str,
    today: chrono::NaiveDate,
) -> Vec<Membership<'a>> {
    db.sessions_by_date(today)
        .into_iter()
        .filter_map(|s| {
            let d = db.plans.get(&s.id)?.delegate(person)?;
            Some(Membership {
                session: &s.id,
                role: d.role,
            })
        })
        .collect()
}

fn people_text(rows: &[PersonRow]) -> String {
    let mut out = format!(
        "{:<16}  {:<28}  {:<14}  DELEGATIONS\n",
        "ID", "NAME", "SECTION"
    );
    for r in rows {
        let delegations: Vec<String> = r
            .delegations
            .iter()
            .map(|m| format!("{} ({})", m.session, m.role))
            .collect();
        out.push_str(&format!(
            "{:<16}  {:<28}  {:<14}  {}\n",
            printable(r.id),
            printable(r.name),
            printable(r.section),
            if delegations.is_empty() {
                "-".to_string()
            } else {
                delegations.join(", ")
            }
        ));
    }
    out
}

/// A session's delegation, for `attache delegation`.
#[derive(Serialize)]
struct Delegation<'a> {
    session: SessionHead<'a>,
    delegates: Vec<DelegateRow<'a>>,
}

#[derive(Serialize)]
struct SessionHead<'a> {
    id: &'a str,
    title: &'a str,
    start: String,
    end: String,
    venue: &'a str,
    timezone: Option<&'a str>,
    /// The session's limit (its own, else its body's); `None` when nothing says.
    max_delegates: Option<usize>,
}

#[derive(Serialize)]
struct DelegateRow<'a> {
    person: &'a str,
    name: &'a str,
    section: Option<&'a str>,
    role: Role,
    /// A day (`2027-03-07`) or a time with its offset (`2027-03-07T18:30:00+01:00`).
    arrive: Option<String>,
    depart: Option<String>,
    registered: bool,
    ready: Readiness,
    journeys: Vec<Journey<'a>>,
    stays: Vec<StayRow<'a>>,
}

#[derive(Serialize)]
struct Journey<'a> {
    /// What `attache travel rm` takes.
    id: &'a str,
    mode: &'static str,
    from: &'a str,
    to: &'a str,
    depart: Time,
    arrive: Time,
    carrier: Option<&'a str>,
    number: Option<&'a str>,
}

#[derive(Serialize)]
struct StayRow<'a> {
    /// What `attache stay rm` takes.
    id: &'a str,
    name: &'a str,
    address: Option<&'a str>,
    check_in: String,
    check_out: String,
}

pub fn delegation(args: DelegationArgs, cx: &Context) -> Outcome {
    // One session's delegation: another session's broken plan does not block it.
    let loaded = cx.load_sessions(&[args.session.as_str()])?;
    let db = &loaded.db;
    let session = lookup::session(db, &args.session, cx.today)?;
    let empty = Plan::new(&session.id);
    let plan = db.plans.get(&session.id).map_or(&empty, |p| p);
    let analysis = Analysis::new(db, cx.today);
    let findings: Vec<_> = analysis.findings().cloned().collect();
    let ready = checks::readiness(plan, &findings);
    let tz = db.session_tz(&session.id);
    let list = Delegation {
        session: head(db, session),
        delegates: plan
            .delegates
            .iter()
            .zip(ready)
            .map(|(d, ready)| {
                let person = db.people.get(&d.person);
                DelegateRow {
                    person: &d.person,
                    name: db.person_name(&d.person),
                    section: person.map(|p| p.section.as_str()),
                    role: d.role,
                    arrive: d.arrive.map(|w| when(w, tz)),
                    depart: d.depart.map(|w| when(w, tz)),
                    registered: d.registered(),
                    ready,
                    journeys: journeys(plan, &d.person),
                    stays: stays(plan, &d.person),
                }
            })
            .collect(),
    };
    match args.format.format {
        Format::Json => cx.json("delegation", &list),
        Format::Text => cx.out(&delegation_text(&list)),
    }
    Ok(Status::Clean)
}

fn head<'a>(db: &'a Database, s: &'a Session) -> SessionHead<'a> {
    SessionHead {
        id: &s.id,
        title: &s.title,
        start: s.start.to_string(),
        end: s.end.to_string(),
        venue: &s.venue,
        timezone: db.session_tz(&s.id).map(|tz| tz.name()),
        max_delegates: db.rules(s).delegate_limit,
    }
}

/// An arrival or departure: a day as is, a time with the venue's offset.
fn when(w: DayOrTime, tz: Option<Tz>) -> String {
    match (w, tz) {
        (DayOrTime::Time(t), Some(tz)) => local_time(t, tz).at,
        (w, _) => w.to_string(),
    }
}

fn journeys<'a>(plan: &'a Plan, person: &str) -> Vec<Journey<'a>> {
    plan.travel
        .iter()
        .filter(|t| t.person == person)
        .map(|t| Journey {
            id: &t.id,
            mode: t.mode.as_str(),
            from: &t.from,
            to: &t.to,
            depart: moment_time(&t.depart),
            arrive: moment_time(&t.arrive),
            carrier: t.carrier.as_deref(),
            number: t.number.as_deref(),
        })
        .collect()
}

fn stays<'a>(plan: &'a Plan, person: &str) -> Vec<StayRow<'a>> {
    plan.stays
        .iter()
        .filter(|s| s.person == person)
        .map(|s| StayRow {
            id: &s.id,
            name: &s.name,
            address: s.address.as_deref(),
            check_in: s.check_in.to_string(),
            check_out: s.check_out.to_string(),
        })
        .collect()
}

/// An ISO time as people read it in a list: `2027-03-07 14:05` (a day stays a day).
fn short(iso: &str) -> &str {
    iso.get(..16).unwrap_or(iso)
}

fn delegation_text(d: &Delegation) -> String {
    let s = &d.session;
    let size = match s.max_delegates {
        Some(max) => format!("{} of {max} delegates", d.delegates.len()),
        None => format!("{} delegates", d.delegates.len()),
    };
    let mut out = format!(
        "{}: {} ({} to {}), {size}\n",
        s.id,
        printable(s.title),
        s.start,
        s.end,
    );
    if d.delegates.is_empty() {
        out.push_str(&format!(
            "  nobody yet: attache assign --session {} --person ID\n",
            s.id
        ));
    }
    let yes = |b: bool| if b { "yes" } else { "NO" };
    for r in &d.delegates {
        out.push_str(&format!(
            "\n{} ({}), {}, {}\n",
            printable(r.name),
            printable(r.person),
            r.role,
            printable(r.section.unwrap_or("-"))
        ));
        out.push_str(&format!(
            "  arrives {}, departs {}; registered {}, travel {}, hotel {}, {} problem(s)\n",
            r.arrive.as_deref().map_or("?", short),
            r.depart.as_deref().map_or("?", short),
            yes(r.ready.registered),
            yes(r.ready.travel_booked),
            match r.ready.hotel {
                checks::Hotel::Booked => "yes",
                checks::Hotel::Missing => "NO",
                checks::Hotel::NotChecked => "not checked",
            },
            r.ready.problems
        ));
        for j in &r.journeys {
            out.push_str(&format!(
                "  {} {} → {}, {} → {}{} [{}]\n",
                j.mode,
                printable(j.from),
                printable(j.to),
                short(&j.depart.at),
                short(&j.arrive.at),
                [j.carrier, j.number]
                    .iter()
                    .flatten()
                    .map(|s| format!(" {}", printable(s)))
                    .collect::<String>(),
                printable(j.id)
            ));
        }
        for st in &r.stays {
            out.push_str(&format!(
                "  hotel {}, {} → {} [{}]\n",
                printable(st.name),
                st.check_in,
                st.check_out,
                printable(st.id)
            ));
        }
    }
    out
}
