//! A journey of a delegate: one leg, by any means, with the local time at each end.
//!
//! ```toml
//! [[travel]]
//! id = "esempio-flight-k3f9"           # unique in the plan; made by attaché when absent
//! person = "esempio"                   # required: a person id, a delegate of this plan
//! mode = "flight"                      # required: flight, train, bus, car, ferry, other
//! from = "Rome FCO"                    # required, not empty
//! to = "Vienna VIE"                    # required, not empty
//! depart = 2027-03-07T14:05:00+01:00   # required: an offset date-time...
//! arrive = 2027-03-07T15:35:00         # required, not before depart: ...or a local one
//! arrive_tz = "Europe/Vienna"          # with the zone of that end (depart_tz likewise)
//! carrier = "Example Air"              # optional
//! number = "EX 123"                    # optional
//! ref = "ABC123"                       # optional
//! notes = "..."                        # optional
//! changed = 2026-11-30T07:41:00Z       # written by attaché: see model::Revision
//! sequence = 1                         # written by attaché
//! ```
//!
//! That each time exists in its zone is the [`Moment`](crate::model::Moment)'s own
//! rule: a moment cannot be made of a time its zone skips or repeats.

use crate::diag::{Diagnostic, Diagnostics};
use crate::ids::PersonId;
use crate::model::{Moment, Origin, Revision, TravelMode};
use crate::store::fields::Fields;

use super::{Context, PlanItem, Record, Values, blank, moment, opt_text, revision, text};

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Travel {
    /// Unique in its plan; empty only until [`super::fill_ids`] gives it one.
    pub id: String,
    pub person: PersonId,
    pub mode: TravelMode,
    pub from: String,
    pub to: String,
    pub depart: Moment,
    pub arrive: Moment,
    pub carrier: Option<String>,
    pub number: Option<String>,
    pub reference: Option<String>,
    pub notes: Option<String>,
    pub revision: Revision,
    pub origin: Origin,
}

impl Travel {
    /// The id a journey written without one gets (see [`super::fill_ids`]): who, how
    /// and when it leaves, which no reordering of the file changes.
    pub fn id_from_content(&self) -> String {
        format!(
            "{}-{}-{}",
            self.person,
            self.mode,
            self.depart.local.format("%Y-%m-%d-%H%M")
        )
    }

    /// The day of the journey, in every list and export: the local date where and
    /// when it starts. A flight leaving New York on Saturday evening is Saturday's,
    /// even though it lands in Vienna on Sunday.
    pub fn day(&self) -> chrono::NaiveDate {
        self.depart.local.date()
    }
}

impl Record for Travel {
    const TABLE: &'static str = "travel";
    const NAME_KEY: &'static str = "person";

    fn read(f: &mut Fields<'_>) -> Option<Self> {
        let id = f.opt_id("id").unwrap_or_default();
        let person = f.reference("person");
        let mode = f.word("mode", TravelMode::NAMES, TravelMode::parse, None);
        let from = f.req_str("from");
        let to = f.req_str("to");
        let depart = f.moment("depart", "depart_tz");
        let arrive = f.moment("arrive", "arrive_tz");
        let carrier = f.opt_str("carrier");
        let number = f.opt_str("number");
        let reference = f.opt_str("ref");
        let notes = f.opt_str("notes");
        let revision = f.revision();
        Some(Travel {
            id,
            person: person?,
            mode: mode?,
            from: from?,
            to: to?,
            depart: depart?,
            arrive: arrive?,
            carrier,
            number,
            reference,
            notes,
            revision,
            origin: Origin::default(),
        })
    }

    fn write(&self) -> Values {
        let (depart, depart_tz) = moment(&self.depart);
        let (arrive, arrive_tz) = moment(&self.arrive);
        vec![
            ("id", text(&self.id).filter(|_| !self.id.is_empty())),
            ("person", text(&self.person)),
            ("mode", text(self.mode.as_str())),
            ("from", text(&self.from)),
            ("to", text(&self.to)),
            ("depart", depart),
            ("depart_tz", depart_tz),
            ("arrive", arrive),
            ("arrive_tz", arrive_tz),
            ("carrier", opt_text(&self.carrier)),
            ("number", opt_text(&self.number)),
            ("ref", opt_text(&self.reference)),
            ("notes", opt_text(&self.notes)),
        ]
        .into_iter()
        .chain(revision(&self.revision))
        .collect()
    }

    fn same(&self, other: &Self) -> bool {
        self.id == other.id
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
        if let Some(key) = [("from", &self.from), ("to", &self.to)]
            .into_iter()
            .find_map(|(key, place)| blank(place).then_some(key))
        {
            out.push(
                Diagnostic::error(format!(
                    "{} needs where it leaves from and where it goes",
                    self.what()
                ))
                .at(self.at(key))
                .help("a city or a station, e.g. Rome Fiumicino"),
            );
        }
        let (d, a) = (&self.depart, &self.arrive);
        if a.utc() < d.utc() {
            out.push(
                Diagnostic::error(format!(
                    "{} arrives ({} {}) before it departs ({} {})",
                    self.what(),
                    a.local.format("%Y-%m-%d %H:%M"),
                    a.zone_label(),
                    d.local.format("%Y-%m-%d %H:%M"),
                    d.zone_label()
                ))
                .at(self.at("arrive"))
                .help("check both times and their zones: each is the local time at that end"),
            );
        }
    }
}

impl PlanItem for Travel {
    fn revision(&self) -> Revision {
        self.revision
    }

    fn revision_mut(&mut self) -> &mut Revision {
        &mut self.revision
    }

    fn moved_from(&self, before: &Self) -> bool {
        (&self.depart, &self.arrive, &self.from, &self.to)
            != (&before.depart, &before.arrive, &before.from, &before.to)
    }

    fn rules_in(&self, ctx: &Context<'_>, out: &mut Diagnostics) {
        ctx.traveller(&self.person, Self::TABLE, self.at("person"), out);
    }
}
