//! Checks across files: every reference resolves, ids are unique, dates make sense.
//! The rules of the items of a plan are their own, in [`crate::items`]; this runs them
//! on every plan, with the rules across plans and about the session.
//!
//! Errors here make a database unusable (a meeting with an unknown attendee cannot be
//! exported); warnings are things a lead should see but may well mean (a briefing the
//! day before the session opens).

use std::collections::{HashMap, HashSet};

use crate::diag::{Code, Diagnostic, Diagnostics, did_you_mean};
use crate::items::{Context, PlanItem, Record};
use crate::model::{Database, Plan, Session};
use crate::text::printable;

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

    pub(crate) fn excuses_delegate(&self, session: &str, person: &str) -> bool {
        self.delegates
            .contains(&(session.to_string(), person.to_string()))
    }
}

/// Validate the whole database. (What depends on the day, deadlines passed and
/// tentative dates, is the planning checks': [`crate::planning::checks`].)
pub fn validate(db: &Database, diags: &mut Diagnostics) {
    validate_with(db, &Written::default(), diags);
}

/// [`validate`], knowing what the files held that the database lacks (see [`Written`]).
pub fn validate_with(db: &Database, written: &Written, diags: &mut Diagnostics) {
    for s in db.sessions.values() {
        crate::calendar::rules_in(db, s, Some(written), diags);
    }
    for p in db.people.values() {
        diags.extend(crate::items::person::section_rule(db, p, written));
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
                        did_you_mean(&plan.session, db.sessions.keys().map(|k| k.as_str()))
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
                diags.push(crate::items::meeting::duplicate_id(&m.id, other).at(m.at("id")));
            }
        }
        validate_plan_with(db, plan, Some(written), diags);
    }
}

/// An unknown reference: `unknown person "x" in meeting "m"`, with "did you mean",
/// or what is known, or where to add one.
pub(crate) fn unknown<'a>(
    kind: &str,
    id: &str,
    in_what: &str,
    known: impl Iterator<Item = &'a (impl std::ops::Deref<Target = str> + 'a)>,
) -> Diagnostic {
    let known: Vec<&str> = known.map(|k| &**k).collect();
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

/// Check one plan on its own, as [`validate`] would: the rules of each of its items
/// against the database, and of the delegation as a whole.
pub(crate) fn validate_plan(db: &Database, plan: &Plan, diags: &mut Diagnostics) {
    validate_plan_with(db, plan, None, diags);
}

/// Check one plan. Without its session (unknown, or its file unreadable) the checks
/// that need the session's dates and venue are left out, and the rest still run, so
/// that a broken sessions.toml does not hide the plans' own problems.
fn validate_plan_with(
    db: &Database,
    plan: &Plan,
    written: Option<&Written>,
    diags: &mut Diagnostics,
) {
    let ctx = Context::new(db, plan, written);
    for d in &plan.delegates {
        d.rules_in(&ctx, diags);
    }
    crate::items::delegate::delegation_rules(plan, diags);
    for m in &plan.meetings {
        m.rules_in(&ctx, diags);
    }
    for t in &plan.travel {
        t.rules_in(&ctx, diags);
    }
    for s in &plan.stays {
        s.rules_in(&ctx, diags);
    }
    crate::items::unique_ids(
        "travel",
        plan.travel.iter().map(|t| (t.id.as_str(), t.at("id"))),
        diags,
    );
    crate::items::unique_ids(
        "stay",
        plan.stays.iter().map(|s| (s.id.as_str(), s.at("id"))),
        diags,
    );
    if let Some(session) = ctx.session {
        session_warnings(db, plan, session, diags);
    }
}

/// What a lead should know about a planned session: its limit. (Deadlines and
/// tentative dates are the planning checks', [`crate::planning::checks`].)
fn session_warnings(db: &Database, plan: &Plan, session: &Session, diags: &mut Diagnostics) {
    let here = plan.origin.field("session");
    let count = plan.delegates.len();
    let rules = db.rules(session);
    if let Some(limit) = rules.delegate_limit
        && count > limit
    {
        let why = rules.limit_source(session);
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
}
