//! `attache accredit` marks a delegate's accreditation steps as the weeks pass;
//! `attache readiness` tells a lead, person by person, what to do next and by when
//! ([`crate::planning::readiness`]).

use chrono::NaiveDate;
use clap::Args;

use super::FormatArg;
use super::edit::{DryRun, known, run_op};
use super::error::{Error, Outcome, Status};
use super::output::{Context, Format};
use super::{help, lookup};
use crate::ids::{PersonId, SessionId};
use crate::model::{Step, Visa};
use crate::planning::readiness::{self, Readiness};
use crate::planning::{DelegateChange, ops};
use crate::text::printable;

#[derive(Debug, Args)]
pub struct AccreditArgs {
    /// The session whose delegation it is (an id, see attache sessions)
    #[arg(long, value_name = "ID")]
    pub session: SessionId,
    /// The delegate (a person id, see attache delegation)
    #[arg(long, value_name = "ID")]
    pub person: PersonId,
    /// passport-checked, letter-listed, indico-account, registered, approved,
    /// badge-collected, grounds-pass, or visa
    #[arg(long, value_name = "NAME")]
    pub step: String,
    /// Mark the step done (the default)
    #[arg(long, conflicts_with = "undone")]
    pub done: bool,
    /// Mark the step not done
    #[arg(long)]
    pub undone: bool,
    /// For --step visa: not-needed, needed, applied or granted
    #[arg(long, value_name = "STATE")]
    pub state: Option<String>,
    /// The day it was done (or the visa applied for or granted)
    #[arg(long, value_name = "DATE", value_parser = help::date)]
    pub on: Option<NaiveDate>,
    #[command(flatten)]
    pub dry: DryRun,
}

#[derive(Debug, Args)]
pub struct ReadinessArgs {
    /// Only this session [default: every planned session to come]
    #[arg(long, value_name = "ID")]
    pub session: Option<String>,
    #[command(flatten)]
    pub format: FormatArg,
}

fn usage(message: String) -> Outcome {
    Err(Error::new(message))
}

pub fn accredit(a: AccreditArgs, cx: &Context) -> Outcome {
    let mut change = DelegateChange::default();
    if a.step == "visa" {
        let Some(state) = a.state.as_deref() else {
            return usage(format!(
                "--step visa needs --state: one of {}",
                Visa::NAMES.join(", ")
            ));
        };
        let Some(visa) = Visa::parse(state) else {
            return usage(format!(
                "unknown visa state \"{state}\": use one of {}",
                Visa::NAMES.join(", ")
            ));
        };
        change.visa = Some((visa, a.on));
    } else {
        let Some(step) = Step::parse(&a.step) else {
            let names: Vec<&str> = Step::NAMES.iter().copied().chain(["visa"]).collect();
            let hint = crate::diag::did_you_mean(&a.step, names.iter().copied())
                .unwrap_or_else(|| format!("use one of: {}", names.join(", ")));
            return usage(format!("unknown step \"{}\": {hint}", a.step));
        };
        if a.state.is_some() {
            return usage("--state is for --step visa; other steps take --done or --undone".into());
        }
        change.steps.push((step, !a.undone, a.on));
    }
    run_op(cx, &a.dry, |db| {
        known(db, cx, Some(&a.session), Some(&a.person))?;
        Ok(ops::assign(db, &a.session, &a.person, change))
    })
}

pub fn readiness(a: ReadinessArgs, cx: &Context) -> Outcome {
    let one: Vec<&str> = a.session.iter().map(String::as_str).collect();
    let loaded = cx.load_sessions(&one)?;
    let db = &loaded.db;
    let today = cx.today;
    let sessions: Vec<&str> = match &a.session {
        Some(s) => vec![lookup::session(db, s, today)?.id.as_str()],
        None => db
            .sessions_by_date(today)
            .into_iter()
            .filter(|s| s.is_upcoming(today) && db.plans.contains_key(&s.id))
            .map(|s| s.id.as_str())
            .collect(),
    };
    let all: Vec<Readiness> = sessions
        .iter()
        .filter_map(|s| readiness::readiness(db, s, today))
        .collect();
    match a.format.format {
        Format::Json => {
            let list: Vec<serde_json::Value> = all.iter().map(json).collect();
            cx.json(
                "readiness",
                serde_json::json!({ "today": today.to_string(), "sessions": list }),
            );
        }
        Format::Text => {
            if all.is_empty() {
                cx.out("no planned session to come: add delegates with attache assign\n");
            }
            for r in &all {
                cx.out(&text(r, today));
            }
        }
    }
    Ok(Status::Clean)
}

/// "in 3 days", "today", "5 days ago".
fn when(day: NaiveDate, today: NaiveDate) -> String {
    match (day - today).num_days() {
        0 => "today".into(),
        d if d < 0 => format!("{} days ago, LATE", -d),
        1 => "tomorrow".into(),
        d => format!("in {d} days"),
    }
}

fn text(r: &Readiness, today: NaiveDate) -> String {
    let mut out = format!("Readiness for {} as of {today}\n", r.session);
    if let Some((day, person, what)) = &r.next_deadline {
        out += &format!(
            "Next deadline: {day} ({}): {person}: {what}\n",
            when(*day, today)
        );
    }
    if !r.deadlines.is_empty() {
        out += "\nThe delegation\n";
        for (day, what) in &r.deadlines {
            out += &format!("  {day} ({}): {what}\n", when(*day, today));
        }
    }
    for p in &r.people {
        out += &format!("\n{} ({}, {})\n", printable(&p.name), p.person, p.role);
        match p.todo.first() {
            Some(t) => {
                let by = t
                    .due
                    .map_or(String::new(), |d| format!(" by {d} ({})", when(d, today)));
                out += &format!("  next: {}{by}\n", t.what);
            }
            None => out += "  ready: nothing left to do\n",
        }
        for s in &p.steps {
            let state = match (s.done, s.on) {
                (true, Some(on)) => format!("done {on}"),
                (true, None) => "done".into(),
                (false, _) => "not done".into(),
            };
            let due = s.due.map_or(String::new(), |d| format!("  due {d}"));
            out += &format!("  {:<17} {state}{due}\n", s.step);
        }
        if p.visa != Visa::NotNeeded || p.visa_on.is_some() {
            let on = p.visa_on.map_or(String::new(), |d| format!(" {d}"));
            let by = p
                .visa_apply_by
                .map_or(String::new(), |d| format!("  apply by {d}"));
            out += &format!("  {:<17} {}{on}{by}\n", "visa", p.visa);
        }
    }
    out + "\n"
}

fn json(r: &Readiness) -> serde_json::Value {
    let day = |d: Option<NaiveDate>| d.map(|d| d.to_string());
    let people: Vec<serde_json::Value> = r
        .people
        .iter()
        .map(|p| {
            serde_json::json!({
                "person": p.person,
                "name": p.name,
                "role": p.role,
                "steps": p.steps.iter().map(|s| serde_json::json!({
                    "step": s.step, "done": s.done, "on": day(s.on), "due": day(s.due),
                })).collect::<Vec<_>>(),
                "visa": p.visa,
                "visa_on": day(p.visa_on),
                "visa_apply_by": day(p.visa_apply_by),
                "next": p.todo.first().map(|t| serde_json::json!({
                    "step": t.step, "what": t.what, "due": day(t.due),
                })),
                "todo": p.todo.iter().map(|t| serde_json::json!({
                    "step": t.step, "what": t.what, "due": day(t.due),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    serde_json::json!({
        "session": r.session,
        "deadlines": r.deadlines.iter().map(|(d, what)| serde_json::json!({
            "due": d.to_string(), "what": what,
        })).collect::<Vec<_>>(),
        "next_deadline": r.next_deadline.as_ref().map(|(d, p, w)| serde_json::json!({
            "due": d.to_string(), "person": p, "what": w,
        })),
        "people": people,
    })
}
