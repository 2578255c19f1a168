//! A delegate: a person in a session's delegation, with their role and dates.
//!
//! ```toml
//! [[delegate]]
//! person = "esempio"          # required: a person id
//! role = "head"               # required: head (one at most), deputy, delegate, adviser, observer
//! arrive = 2027-03-07T18:30:00   # optional: a day, or a local time at the venue
//! depart = 2027-03-12         # optional
//! registered = true           # optional, default false: see accreditation.rs for
//!                             # this and the other steps (true or the day done)
//! notes = "..."               # optional
//! changed = 2026-11-30T07:41:00Z  # written by attaché: see model::Revision
//! sequence = 1                # written by attaché
//! ```

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::ids::PersonId;
use crate::model::{DayOrTime, Origin, Plan, Revision, Role};
use crate::store::fields::Fields;
use crate::text::printable;

use super::{Context, PlanItem, Record, Values, day_or_time, opt_text, revision, text};

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Delegate {
    pub person: PersonId,
    pub role: Role,
    pub arrive: Option<DayOrTime>,
    pub depart: Option<DayOrTime>,
    /// The accreditation steps done, and the visa ([`super::accreditation`]).
    pub accreditation: super::accreditation::Accreditation,
    pub notes: Option<String>,
    pub revision: Revision,
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
        let accreditation = super::accreditation::Accreditation::read(f);
        let notes = f.opt_str("notes");
        let revision = f.revision();
        Some(Delegate {
            person: person?,
            role: role?,
            arrive,
            depart,
            accreditation,
            notes,
            revision,
            origin: Origin::default(),
        })
    }

    fn write(&self) -> Values {
        vec![
            ("person", text(&self.person)),
            ("role", text(self.role.as_str())),
            ("arrive", day_or_time(self.arrive)),
            ("depart", day_or_time(self.depart)),
        ]
        .into_iter()
        .chain(self.accreditation.write())
        .chain([("notes", opt_text(&self.notes))])
        .chain(revision(&self.revision))
        .collect()
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
    fn revision(&self) -> Revision {
        self.revision
    }

    fn revision_mut(&mut self) -> &mut Revision {
        &mut self.revision
    }

    fn moved_from(&self, before: &Self) -> bool {
        (self.arrive, self.depart) != (before.arrive, before.depart)
    }

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
        out.extend(self.journeys_miss(ctx));
        out.extend(self.visa_after_session(ctx));
    }
}

impl Delegate {
    /// The rule that a visa is applied for or granted before the session ends: a
    /// later day is a typing mistake (or a visa that comes too late).
    fn visa_after_session(&self, ctx: &Context<'_>) -> Option<Diagnostic> {
        let session = ctx.session?;
        let on = self.accreditation.visa_on?;
        (on > session.end).then(|| {
            Diagnostic::warning(format!(
                "the visa date of {} ({on}) is after the session ends ({})",
                self.what(),
                session.end
            ))
            .at(self.at("visa_on"))
            .help("correct visa_on: the day the visa was applied for or granted")
        })
    }

    /// Whether they registered for the session (the step older files call
    /// `registered`).
    pub fn registered(&self) -> bool {
        self.accreditation.is_done(crate::model::Step::Registered)
    }

    /// The rule that a delegate who has journeys has one into the venue's city: else
    /// the itinerary cannot tell when they arrive (a journey to "VIE" alone, or to the
    /// wrong city, is the usual cause).
    fn journeys_miss(&self, ctx: &Context<'_>) -> Option<Diagnostic> {
        let venue = ctx.venue?;
        let city = venue.city.as_str();
        let legs: Vec<_> = ctx
            .plan
            .travel
            .iter()
            .filter(|t| t.person == self.person)
            .collect();
        if legs.is_empty() || city.trim().is_empty() || legs.iter().any(|t| venue.in_city(&t.to)) {
            return None;
        }
        let who = printable(&self.person);
        Some(
            Diagnostic::warning(format!(
                "none of {who}'s journeys goes to {} (the venue's city)",
                printable(city)
            ))
            .at(self.at("person"))
            .help(format!(
                "name the city where the journey ends (to = \"{} ...\"), add the name it uses to the venue's city_names, or set {who}'s arrive and depart",
                printable(city)
            ))
            .code(Code::JourneyMissesVenue, &[&self.person], &[]),
        )
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

/// Where a delegate's days at a session come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PresenceFrom {
    /// The arrival and departure the lead entered (either may come from a journey
    /// when only the other is set).
    Dates,
    /// Their journeys to and from the venue's city: no dates were entered.
    Journeys,
    /// Neither: the whole session, and the itinerary says the dates are not set.
    Session,
}

/// The days a delegate is at a session: from their arrival to their departure,
/// inclusive. The one rule for it, used by the itineraries and by `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Presence {
    pub first: chrono::NaiveDate,
    pub last: chrono::NaiveDate,
    pub from: PresenceFrom,
}

impl Presence {
    pub fn contains(&self, day: chrono::NaiveDate) -> bool {
        (self.first..=self.last).contains(&day)
    }
}

/// The days `d` is at `session` (held at `venue`): the delegate's dates, else the
/// arrival of their first journey into the city and the departure of their last
/// journey out of it, else the whole session. Dates that contradict each other (a
/// departure before the arrival, which `check` reports) give the whole session, so
/// that an itinerary never loses a day by a typing mistake.
pub fn presence(
    d: &Delegate,
    plan: &Plan,
    session: &crate::model::Session,
    venue: Option<&crate::model::Venue>,
) -> Presence {
    let (inbound, outbound) = journeys_to_and_from(plan, &d.person, venue);
    let first = d.arrive.map(DayOrTime::date).or(inbound);
    let last = d.depart.map(DayOrTime::date).or(outbound);
    let from = match (
        d.arrive.is_some() || d.depart.is_some(),
        first.is_some() || last.is_some(),
    ) {
        (true, _) => PresenceFrom::Dates,
        (false, true) => PresenceFrom::Journeys,
        (false, false) => PresenceFrom::Session,
    };
    let first = first.unwrap_or(session.start);
    let last = last.unwrap_or(session.end.max(first));
    if last < first {
        return Presence {
            first: session.start,
            last: session.end,
            from: PresenceFrom::Session,
        };
    }
    Presence { first, last, from }
}

/// The local date a person's first journey into the venue's city arrives, and the
/// date their last journey out of it leaves.
fn journeys_to_and_from(
    plan: &Plan,
    person: &str,
    venue: Option<&crate::model::Venue>,
) -> (Option<chrono::NaiveDate>, Option<chrono::NaiveDate>) {
    let Some(venue) = venue else {
        return (None, None);
    };
    let mut legs: Vec<_> = plan.travel.iter().filter(|t| t.person == person).collect();
    legs.sort_by_key(|t| t.depart.utc());
    let inbound = legs
        .iter()
        .find(|t| venue.in_city(&t.to))
        .map(|t| t.arrive.local.date());
    let outbound = legs
        .iter()
        .rev()
        .find(|t| venue.in_city(&t.from))
        .map(|t| t.day());
    (inbound, outbound)
}
