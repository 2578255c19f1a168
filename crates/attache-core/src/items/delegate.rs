//! A delegate: a person in a session's delegation, with their role and dates.
//!
//! ```toml
//! [[delegate]]
//! person = "esempio"          # required: a person id
//! role = "head"               # required: head (one at most), deputy, delegate, adviser, observer
//! arrive = 2027-03-07T18:30:00   # optional: a day, or a local time at the venue
//! depart = 2027-03-12         # optional
//! registered = true           # optional, default false
//! notes = "..."               # optional
//! ```

use crate::diag::{Diagnostic, Diagnostics};
use crate::ids::PersonId;
use crate::model::{DayOrTime, Origin, Plan, Role};
use crate::store::fields::Fields;
use crate::text::printable;

use super::{Context, PlanItem, Record, Values, day_or_time, opt_text, text};

#[derive(Debug, Clone, PartialEq)]
pub struct Delegate {
    pub person: PersonId,
    pub role: Role,
    pub arrive: Option<DayOrTime>,
    pub depart: Option<DayOrTime>,
    pub registered: bool,
    pub notes: Option<String>,
    pub origin: Origin,
}

impl Record for Delegate {
    const TABLE: &'static str = "delegate";
    const NAME_KEY: &'static str = "person";

    fn read(f: &mut Fields<'_>) -> Option<Self> {
        let person = f.reference("person");
        let role = f.word("role", Role::NAMES, Role::parse, None);
        let arrive = f.opt_day_or_time("arrive");
        let depart = f.opt_day_or_time("depart");
        let registered = f.opt_bool("registered").unwrap_or(false);
        let notes = f.opt_str("notes");
        Some(Delegate {
            person: person?,
            role: role?,
            arrive,
            depart,
            registered,
            notes,
            origin: Origin::default(),
        })
    }

    fn write(&self) -> Values {
        vec![
            ("person", text(&self.person)),
            ("role", text(self.role.as_str())),
            ("arrive", day_or_time(self.arrive)),
            ("depart", day_or_time(self.depart)),
            ("registered", Some(self.registered.into())),
            ("notes", opt_text(&self.notes)),
        ]
    }

    fn same(&self, other: &Self) -> bool {
        self.person == other.person
    }

    fn name_value(&self) -> &str {
        &self.person
    }

    fn origin(&self) -> &Origin {
        &self.origin
    }

    fn origin_mut(&mut self) -> &mut Origin {
        &mut self.origin
    }

    fn rules(&self, out: &mut Diagnostics) {
        if let (Some(a), Some(d)) = (self.arrive, self.depart)
            && d.latest() < a.earliest()
        {
            out.push(
                Diagnostic::error(format!(
                    "{} departs ({d}) before arriving ({a})",
                    self.what()
                ))
                .at(self.at("depart"))
                .help("swap arrive and depart, or correct the date"),
            );
        }
    }
}

impl PlanItem for Delegate {
    fn rules_in(&self, ctx: &Context<'_>, out: &mut Diagnostics) {
        let in_what = format!("the delegation to \"{}\"", printable(&ctx.plan.session));
        out.extend(ctx.unknown_person(&self.person, &in_what, self.at("person")));
        let what = self.what();
        for (key, when, it) in [
            ("arrive", self.arrive, "the arrival"),
            ("depart", self.depart, "the departure"),
        ] {
            if let Some(DayOrTime::Time(t)) = when {
                out.extend(ctx.venue_time(key, &what, t, it, self.at(key)));
            }
        }
    }
}

/// The delegates who are head of the delegation, in order. The rule: one at most.
pub fn heads(delegates: &[Delegate]) -> impl Iterator<Item = &Delegate> {
    delegates.iter().filter(|d| d.role == Role::Head)
}

/// The rules on a delegation as a whole: each person in it once, one head at most.
pub fn delegation_rules(plan: &Plan, out: &mut Diagnostics) {
    let what = format!("the delegation to \"{}\"", printable(&plan.session));
    let mut seen = std::collections::HashSet::new();
    for d in &plan.delegates {
        if !seen.insert(d.person.as_str()) {
            out.push(
                Diagnostic::error(format!(
                    "\"{}\" is listed twice in {what}",
                    printable(&d.person)
                ))
                .at(d.at("person"))
                .help("remove one of the two [[delegate]] entries"),
            );
        }
    }
    let heads: Vec<&Delegate> = heads(&plan.delegates).collect();
    if let [_, second, ..] = heads.as_slice() {
        out.push(
            Diagnostic::error(format!(
                "{what} has {} heads ({})",
                heads.len(),
                heads
                    .iter()
                    .map(|d| printable(&d.person))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .at(second.at("role"))
            .help("a delegation has one head: make the others \"deputy\""),
        );
    }
}
