//! Checks across files: every reference resolves, ids are unique, dates make sense.
//!
//! Errors here make a database unusable (a meeting with an unknown attendee cannot be
//! exported); warnings are things a lead should see but may well mean (a briefing the
//! day before the session opens).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use crate::diag::{Code, Diagnostic, Diagnostics, did_you_mean};
use crate::model::{Database, Plan, Role, Session, SessionStatus};
use crate::text::printable;
use crate::time::resolve_local;

/// What the files declare, including what could not be loaded: items dropped for an
/// error already reported, and whole files that would not read or parse. A reference to
/// one of these is not reported again, so that one mistake gives one error rather than
/// a cascade ("unknown venue" for every session of a venue with a typo in its time zone).
#[derive(Debug, Clone, Default)]
pub struct Written {
    /// Kinds ("venue", "session", "section", "person") whose file could not be read or
    /// parsed: any id of theirs may exist.
    pub unreadable: HashSet<&'static str>,
    /// (kind, id) of every item written in the files, loaded or not.
    pub ids: HashSet<(&'static str, String)>,
    /// (session, person) of every [[delegate]] written in a plan, loaded or not.
    pub delegates: HashSet<(String, String)>,
}

impl Written {
    /// Whether a reference to `id` that the database lacks is already explained.
    pub fn excuses(&self, kind: &'static str, id: &str) -> bool {
        self.unreadable.contains(kind) || self.ids.contains(&(kind, id.to_string()))
    }

    fn excuses_delegate(&self, session: &str, person: &str) -> bool {
        self.delegates
            .contains(&(session.to_string(), person.to_string()))
    }
}

/// Validate the whole database as of `today` (which decides what "already passed" means).
pub fn validate(db: &Database, today: NaiveDate, diags: &mut Diagnostics) {
    validate_with(db, today, &Written::default(), diags);
}

/// [`validate`], knowing what the files held that the database lacks (see [`Written`]).
pub fn validate_with(db: &Database, today: NaiveDate, written: &Written, diags: &mut Diagnostics) {
    for s in db.sessions.values() {
        if !db.venues.contains_key(&s.venue) && !written.excuses("venue", &s.venue) {
            diags.push(
                unknown(
                    "venue",
                    &s.venue,
                    &format!("session \"{}\"", s.id),
                    db.venues.keys(),
                )
                .at(s.origin.field("venue")),
            );
        }
    }
    for p in db.people.values() {
        if !db.sections.contains_key(&p.section) && !written.excuses("section", &p.section) {
            diags.push(
                unknown(
                    "section",
                    &p.section,
                    &format!("person \"{}\"", p.id),
                    db.sections.keys(),
                )
                .at(p.origin.field("section")),
            );
        }
    }
    let mut meeting_ids: HashMap<&str, &str> = HashMap::new();
    for plan in db.plans.values() {
        let session = db.sessions.get(&plan.session);
        if session.is_none() && !written.excuses("session", &plan.session) {
            {
                diags.push(
                    unknown(
                        "session",
                        &plan.session,
                        &format!("the plan {}", printable(&plan.path.display().to_string())),
                        db.sessions.keys(),
                    )
                    .at(plan.origin.field("session"))
                    .help_opt(
                        did_you_mean(&plan.session, db.sessions.keys().map(String::as_str))
                            .or_else(|| {
                                Some(
                                    "add the session to sessions.toml, or fix the session id here"
                                        .into(),
                                )
                            }),
                    ),
                );
            }
        }
        let expected = format!("{}.toml", plan.session);
        if session.is_some()
            && plan
                .path
                .file_name()
                .is_some_and(|n| n.to_string_lossy() != expected)
        {
            diags.push(
                Diagnostic::warning(format!(
                    "the plan for \"{}\" is in a file named {}",
                    plan.session,
                    printable(&plan.path.display().to_string())
                ))
                .at(plan.origin.field("session"))
                .help(format!(
                    "rename the file to plan/{expected} so it is easy to find"
                )),
            );
        }
        for m in &plan.meetings {
            if let Some(other) = meeting_ids.insert(&m.id, &plan.session) {
                diags.push(
                    Diagnostic::error(format!(
                        "duplicate meeting id \"{}\" (also in the plan for \"{other}\")",
                        m.id
                    ))
                    .at(m.origin.field("id"))
                    .help("meeting ids are unique across all plans: rename this one"),
                );
            }
        }
        validate_plan_with(db, plan, session, today, written, diags);
    }
}

fn unknown<'a>(
    kind: &str,
    id: &str,
    in_what: &str,
    known: impl Iterator<Item = &'a String>,
) -> Diagnostic {
    let known: Vec<&str> = known.map(String::as_str).collect();
    let file = if matches!(kind, "section" | "person") {
        "sections.toml".to_string()
    } else {
        format!("{kind}s.toml")
    };
    let help = did_you_mean(id, known.iter().copied()).unwrap_or_else(|| {
        if known.is_empty() {
            format!("{file} defines no {kind} yet: add one there first")
        } else if known.len() <= 12 {
            format!("known {kind}s: {}", known.join(", "))
        } else {
            format!("no {kind} has this id: check the spelling, or add a [[{kind}]] to {file}")
        }
    });
    Diagnostic::error(format!("unknown {kind} \"{}\" in {in_what}", printable(id))).help(help)
}

pub(crate) fn validate_plan(
    db: &Database,
    plan: &Plan,
    session: &Session,
    today: NaiveDate,
    diags: &mut Diagnostics,
) {
    validate_plan_with(db, plan, Some(session), today, &Written::default(), diags);
}

/// Check one plan. Without its session (unknown, or its file unreadable) the checks
/// that need the session's dates and venue are left out, and the rest still run, so
/// that a broken sessions.toml does not hide the plans' own problems.
fn validate_plan_with(
    db: &Database,
    plan: &Plan,
    session: Option<&Session>,
    today: NaiveDate,
    written: &Written,
    diags: &mut Diagnostics,
) {
    let mut seen = HashSet::new();
    let mut heads = Vec::new();
    for d in &plan.delegates {
        let what = format!("the delegation to \"{}\"", plan.session);
        if !db.people.contains_key(&d.person) && !written.excuses("person", &d.person) {
            diags.push(
                unknown("person", &d.person, &what, db.people.keys()).at(d.origin.field("person")),
            );
        }
        if !seen.insert(d.person.as_str()) {
            diags.push(
                Diagnostic::error(format!("\"{}\" is listed twice in {what}", d.person))
                    .at(d.origin.field("person"))
                    .help("remove one of the two [[delegate]] entries"),
            );
        }
        if d.role == Role::Head {
            heads.push(d);
        }
    }
    if let [_, second, ..] = heads.as_slice() {
        diags.push(
            Diagnostic::error(format!(
                "the delegation to \"{}\" has {} heads ({})",
                plan.session,
                heads.len(),
                heads
                    .iter()
                    .map(|d| d.person.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .at(second.origin.field("role"))
            .help("a delegation has one head: make the others \"deputy\""),
        );
    }
    let venue = session.and_then(|s| db.venues.get(&s.venue));
    let tz = venue.map(|v| v.timezone);
    let rooms: Option<&Vec<String>> = venue.map(|v| &v.rooms);
    for m in &plan.meetings {
        let what = format!("meeting \"{}\"", m.id);
        for (i, a) in m.attendees.iter().enumerate() {
            let span = m.origin.field(&format!("attendees.{i}"));
            if !db.people.contains_key(a) {
                if !written.excuses("person", a) {
                    diags.push(unknown("person", a, &what, db.people.keys()).at(span));
                }
            } else if !seen.contains(a.as_str()) && !written.excuses_delegate(&plan.session, a) {
                diags.push(
                    Diagnostic::warning(format!("\"{a}\" attends {what} but is not in the delegation to \"{}\"", plan.session))
                        .at(span)
                        .help(format!("add them as a delegate: attache assign --session {} --person {a} --role delegate", plan.session))
                        .code(Code::AttendeeNotDelegate, &[a], &[&m.id]),
                );
            }
        }
        if let (Some(room), Some(venue)) = (&m.room, venue)
            && let Some(rooms) = rooms
            && !rooms.is_empty()
            && !rooms.contains(room)
        {
            diags.push(
                Diagnostic::warning(format!(
                    "room \"{}\" of {what} is not a room of venue \"{}\"",
                    printable(room),
                    venue.id
                ))
                .at(m.origin.field("room"))
                .code(Code::UnknownRoom, &[], &[&m.id])
                .help_opt(
                    did_you_mean(room, rooms.iter().map(String::as_str)).or_else(|| {
                        Some(
                            "add the room to the venue's rooms in venues.toml, or check its name"
                                .into(),
                        )
                    }),
                ),
            );
        }
        if let Some(session) = session
            && (!session.contains_day(m.start.date()) || !session.contains_day(m.end.date()))
        {
            diags.push(
                Diagnostic::warning(format!(
                    "{what} ({}) is outside the session's days ({} to {})",
                    m.start.format("%Y-%m-%d"),
                    session.start,
                    session.end
                ))
                .at(m.origin.field("start"))
                .help("fine for a briefing the day before; otherwise check the date")
                .code(Code::OutsideSession, &[], &[&m.id]),
            );
        }
        if let Some(tz) = tz {
            for (key, t) in [("start", m.start), ("end", m.end)] {
                if let Err(e) = resolve_local(tz, t) {
                    diags.push(
                        Diagnostic::error(format!("{key} of {what}: {}", e.explain(t, tz)))
                            .at(m.origin.field(key))
                            .help(meeting_time_help(e)),
                    );
                }
            }
        }
    }
    for (person, kind, origin) in plan
        .travel
        .iter()
        .map(|t| (&t.person, "travel", &t.origin))
        .chain(plan.stays.iter().map(|s| (&s.person, "stay", &s.origin)))
    {
        let what = format!("a [[{kind}]] of the plan for \"{}\"", plan.session);
        if !db.people.contains_key(person) {
            if !written.excuses("person", person) {
                diags.push(
                    unknown("person", person, &what, db.people.keys()).at(origin.field("person")),
                );
            }
        } else if !seen.contains(person.as_str())
            && !written.excuses_delegate(&plan.session, person)
        {
            diags.push(
                Diagnostic::warning(format!(
                    "\"{person}\" has {what} but is not in the delegation"
                ))
                .at(origin.field("person"))
                .help(format!(
                    "add them as a delegate, or move the {kind} to the right plan"
                ))
                .code(Code::LogisticsNotDelegate, &[person], &[]),
            );
        }
    }
    if let Some(session) = session {
        session_warnings(plan, session, today, diags);
    }
}

/// How to fix a meeting time that daylight saving skips or repeats. Meeting times are
/// local to the venue and take no offset, so the general advice (write an offset) does
/// not apply.
fn meeting_time_help(e: crate::time::TimeError) -> &'static str {
    match e {
        crate::time::TimeError::Gap => {
            "the clocks jump forward over this hour: move the meeting an hour later"
        }
        crate::time::TimeError::Ambiguous => {
            "the clocks go back and this hour happens twice: move the meeting out of it"
        }
    }
}

/// What a lead should know about a planned session: limits, deadlines, tentative dates.
fn session_warnings(plan: &Plan, session: &Session, today: NaiveDate, diags: &mut Diagnostics) {
    let here = plan.origin.field("session");
    let count = plan.delegates.len();
    let limit = session.delegate_limit();
    if count > limit {
        let why = match session.max_delegates {
            Some(m) if (m as usize) < crate::model::UN_NGO_LIMIT => {
                format!("the session's max_delegates is {m}")
            }
            _ => "the UN accepts at most 10 representatives of an NGO per session".into(),
        };
        diags.push(
            Diagnostic::warning(format!(
                "{count} delegates for \"{}\", over the limit of {limit}",
                session.id
            ))
            .at(here.clone())
            .help(format!(
                "{why}: take {} off the [[delegate]] list",
                count - limit
            ))
            .code(Code::OverLimit, &[], &[]),
        );
    }
    if !session.is_upcoming(today) {
        return;
    }
    if session.status == SessionStatus::Tentative {
        diags.push(
            Diagnostic::warning(format!("\"{}\" is tentative: its dates ({} to {}) are not confirmed", session.id, session.start, session.end))
                .at(session.origin.field("status"))
                .help("check the dates with the official calendar before booking travel, then set status = \"confirmed\"")
                .code(Code::Tentative, &[], &[]),
        );
    }
}
