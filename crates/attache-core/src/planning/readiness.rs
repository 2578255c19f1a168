//! Where each delegate's accreditation stands, step by step, with the day each step
//! is due and what to do next: what `attache readiness` prints and `check` warns of
//! once a due day has passed.
//!
//! The due days come from the session's rules ([`Database::rules`]) and its own
//! dates: the name as in the passport and the place in the letter by the letter's due
//! day; the Indico account and the registration by the registration deadline (else the
//! letter's); the badge on the first day; a visa applied for
//! [`VISA_LEAD_DAYS`](crate::items::accreditation::VISA_LEAD_DAYS) before the opening.

use chrono::NaiveDate;

use crate::items::accreditation::{Accreditation, VISA_LEAD_DAYS};
use crate::model::{Database, Delegate, Registration, Role, Session, SessionId, Step, Visa};

/// One step of one delegate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepState {
    pub step: &'static str,
    pub done: bool,
    /// The day it was done, when written down.
    pub on: Option<NaiveDate>,
    /// The day it is due, when a rule says.
    pub due: Option<NaiveDate>,
}

/// What a delegate must do next, and by when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Todo {
    /// The step's name (`registered`, `visa`), as `attache accredit --step` takes it.
    pub step: &'static str,
    pub what: String,
    pub due: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonReadiness {
    pub person: String,
    pub name: String,
    pub role: Role,
    pub steps: Vec<StepState>,
    pub visa: Visa,
    pub visa_on: Option<NaiveDate>,
    /// The day to apply for the visa by, when one is needed.
    pub visa_apply_by: Option<NaiveDate>,
    /// Everything left to do, soonest first (undated last).
    pub todo: Vec<Todo>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Readiness {
    pub session: SessionId,
    /// The delegation's own deadlines, by day: the letter, the registration deadline,
    /// the last day of each of the body's windows.
    pub deadlines: Vec<(NaiveDate, String)>,
    pub people: Vec<PersonReadiness>,
    /// The soonest due day of anything left to do, with who and what.
    pub next_deadline: Option<(NaiveDate, String, String)>,
}

/// The day `step` is due for a delegation to `session`.
pub fn step_due(db: &Database, session: &Session, step: Step) -> Option<NaiveDate> {
    let letter = db.rules(session).letter_due;
    match step {
        Step::PassportChecked | Step::LetterListed => letter,
        Step::IndicoAccount | Step::Registered => session.registration_deadline.or(letter),
        Step::Approved | Step::BadgeCollected => Some(session.start),
        Step::GroundsPass => None,
    }
}

/// The day to apply for a visa by, for a session opening on `start`.
pub fn visa_apply_by(start: NaiveDate) -> NaiveDate {
    start - chrono::Days::new(VISA_LEAD_DAYS)
}

/// Where every delegate of `session`'s plan stands (`None` without a plan), as of
/// `today`: the next deadline is the soonest not passed, of the delegation's and of
/// what each person has left to do (a passed one is `check`'s warning).
pub fn readiness(db: &Database, session: &str, today: NaiveDate) -> Option<Readiness> {
    let s = db.sessions.get(session)?;
    let plan = db.plans.get(session)?;
    let people: Vec<PersonReadiness> = plan.delegates.iter().map(|d| person(db, s, d)).collect();
    let rules = db.rules(s);
    let mut deadlines: Vec<(NaiveDate, String)> = rules
        .letter_due
        .map(|d| (d, "send the nomination letter".to_string()))
        .into_iter()
        .chain(s.registration_deadline.map(|d| {
            (
                d,
                "everyone registered (the delegation's own deadline)".into(),
            )
        }))
        .chain(rules.windows.iter().map(|(w, from, to)| {
            (
                *to,
                format!("{}: the window closes (open from {from})", w.name),
            )
        }))
        .collect();
    deadlines.sort();
    let everyone = deadlines
        .iter()
        .map(|(d, what)| (*d, "the delegation".to_string(), what.clone()));
    let next_deadline = people
        .iter()
        .flat_map(|p| p.todo.iter().map(move |t| (t, p)))
        .filter_map(|(t, p)| Some((t.due?, format!("{} ({})", p.name, p.person), t.what.clone())))
        .chain(everyone)
        .filter(|(d, _, _)| *d >= today)
        .min();
    Some(Readiness {
        session: s.id.clone(),
        deadlines,
        people,
        next_deadline,
    })
}

/// The steps done one after another on Indico: a later one done means the earlier
/// ones were (someone `registered = true` in an older file has an account).
const CHAIN: [Step; 4] = [
    Step::IndicoAccount,
    Step::Registered,
    Step::Approved,
    Step::BadgeCollected,
];

/// Whether `step` is done, or implied by a later step of the [`CHAIN`] done.
pub fn done(acc: &Accreditation, step: Step) -> bool {
    acc.is_done(step)
        || CHAIN
            .iter()
            .position(|&c| c == step)
            .is_some_and(|i| CHAIN[i + 1..].iter().any(|&later| acc.is_done(later)))
}

/// One delegate's steps and what they have left, without the rest of the delegation
/// (what a screen showing one person needs).
pub fn of_delegate(db: &Database, session: &str, person: &str) -> Option<PersonReadiness> {
    let s = db.sessions.get(session)?;
    let d = db.plans.get(session)?.delegate(person)?;
    Some(self::person(db, s, d))
}

fn person(db: &Database, s: &Session, d: &Delegate) -> PersonReadiness {
    let acc = &d.accreditation;
    let steps: Vec<StepState> = Step::ALL
        .iter()
        .map(|&step| StepState {
            step: step.as_str(),
            done: done(acc, step),
            on: acc.done.get(&step).copied().flatten(),
            due: step_due(db, s, step),
        })
        .collect();
    let channel = db.rules(s).registration;
    let mut todo: Vec<Todo> = Step::ALL
        .iter()
        .filter(|&&step| needed(step, channel) && !done(acc, step))
        .map(|&step| Todo {
            step: step.as_str(),
            what: what_to_do(step, channel),
            due: step_due(db, s, step),
        })
        .collect();
    let apply_by = (acc.visa != Visa::NotNeeded).then(|| visa_apply_by(s.start));
    match acc.visa {
        Visa::Needed => todo.push(Todo {
            step: "visa",
            what: "apply for the visa (or ETIAS)".into(),
            due: apply_by,
        }),
        Visa::Applied => todo.push(Todo {
            step: "visa",
            what: "wait for the visa, and chase it".into(),
            due: Some(s.start),
        }),
        Visa::NotNeeded | Visa::Granted => {}
    }
    todo.sort_by_key(|t| (t.due.is_none(), t.due));
    PersonReadiness {
        person: d.person.to_string(),
        name: db.person_name(&d.person).to_string(),
        role: d.role,
        steps,
        visa: acc.visa,
        visa_on: acc.visa_on,
        visa_apply_by: apply_by,
        todo,
    }
}

/// Whether a step is something to do: holding a grounds pass is not, and an Indico
/// account is not for a session whose delegates register elsewhere.
pub fn needed(step: Step, channel: Option<Registration>) -> bool {
    match step {
        Step::GroundsPass => false,
        Step::IndicoAccount => channel.is_none_or(|c| c == Registration::Indico),
        _ => true,
    }
}

/// What to do about a step not done, in the session's own channel.
fn what_to_do(step: Step, channel: Option<Registration>) -> String {
    match (step, channel) {
        (Step::Registered, Some(c)) => format!("register them: {}", c.describe()),
        _ => step.todo().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planning::{DelegateChange, Editor, ops};

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Every step goes done (on a day) and back to not done, each time as the plan
    /// file would hold it; a later Indico step implies the earlier ones.
    #[test]
    fn each_step_is_done_and_undone() {
        let db = crate::testdata::sample(day("2026-11-30")).db;
        let mut editor = Editor::new(db);
        let (session, person) = ("cnd-70".into(), "voorbeeld".into());
        for &step in Step::ALL {
            for (done, on) in [(true, Some(day("2027-01-05"))), (false, None)] {
                let change = DelegateChange {
                    steps: vec![(step, done, on)],
                    ..DelegateChange::default()
                };
                let tx = ops::assign(editor.db(), &session, &person, change).unwrap();
                editor.apply(tx).unwrap();
                let d = editor.db().plans["cnd-70"].delegate("voorbeeld").unwrap();
                assert_eq!(d.accreditation.is_done(step), done, "{step}");
                if done {
                    assert_eq!(d.accreditation.done[&step], on);
                }
            }
        }
        let mut acc = Accreditation::default();
        acc.set(Step::Approved, true, None);
        assert!(done(&acc, Step::IndicoAccount) && done(&acc, Step::Registered));
        assert!(!done(&acc, Step::BadgeCollected) && !done(&acc, Step::LetterListed));
    }

    /// A VNGOC meeting needs no Indico account; the visa's day is 8 weeks ahead.
    #[test]
    fn the_channel_and_the_visa_decide_what_is_left() {
        assert!(!needed(Step::IndicoAccount, Some(Registration::Vngoc)));
        assert!(needed(Step::IndicoAccount, Some(Registration::Indico)));
        assert!(needed(Step::IndicoAccount, None));
        assert!(!needed(Step::GroundsPass, None));
        assert_eq!(visa_apply_by(day("2027-03-08")), day("2027-01-11"));
    }
}
