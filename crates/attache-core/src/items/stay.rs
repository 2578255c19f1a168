//! A hotel stay of a delegate.
//!
//! ```toml
//! [[stay]]
//! id = "esempio-hotel-k3f9"     # unique in the plan; made by attaché when absent
//! person = "esempio"            # required: a person id, a delegate of this plan
//! name = "Hotel Donaustadt"     # required, not empty
//! address = "..."               # optional
//! check_in = 2027-03-07         # required
//! check_out = 2027-03-12        # required: the morning you leave, on or after check_in (same day: day use)
//! ref = "H-998877"              # optional
//! notes = "..."                 # optional
//! changed = 2026-11-30T07:41:00Z  # written by attaché: see model::Revision
//! sequence = 1                  # written by attaché
//! ```

use chrono::NaiveDate;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::ids::PersonId;
use crate::model::{Origin, Revision};
use crate::store::fields::Fields;

use super::{Context, PlanItem, Record, Values, blank, date, opt_text, revision, text};

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Stay {
    /// Unique in its plan; empty only until [`super::fill_ids`] gives it one.
    pub id: String,
    pub person: PersonId,
    pub name: String,
    pub address: Option<String>,
    pub check_in: NaiveDate,
    pub check_out: NaiveDate,
    pub reference: Option<String>,
    pub notes: Option<String>,
    pub revision: Revision,
    pub origin: Origin,
}

impl Stay {
    /// The rule that a stay falls within the days its guest is there (checking out on
    /// the day they leave at the latest): a stay outside them is a booking to move or
    /// a date typed wrong.
    fn outside_presence(&self, ctx: &Context<'_>) -> Option<Diagnostic> {
        let session = ctx.session?;
        let delegate = ctx.plan.delegate(&self.person)?;
        let there = super::delegate::presence(delegate, ctx.plan, session, ctx.venue);
        if there.from == super::delegate::PresenceFrom::Session
            || (there.first <= self.check_in && self.check_out <= there.last)
        {
            return None;
        }
        let who = crate::text::printable(&self.person);
        Some(
            Diagnostic::warning(format!(
                "{} ({} to {}) is outside the days {who} is there ({} to {})",
                self.what(),
                self.check_in,
                self.check_out,
                there.first,
                there.last
            ))
            .at(self.at("check_in"))
            .help(format!(
                "move the stay's dates, or correct {who}'s arrive and depart"
            ))
            .code(Code::StayOutsidePresence, &[&self.person], &[]),
        )
    }

    /// The id a stay written without one gets (see [`super::fill_ids`]).
    pub fn id_from_content(&self) -> String {
        format!("{}-stay-{}", self.person, self.check_in)
    }

    /// The day of the stay in lists and exports: its check-in.
    pub fn day(&self) -> NaiveDate {
        self.check_in
    }
}

impl Record for Stay {
    const TABLE: &'static str = "stay";
    const NAME_KEY: &'static str = "person";

    fn read(f: &mut Fields<'_>) -> Option<Self> {
        let id = f.opt_id("id").unwrap_or_default();
        let person = f.reference("person");
        let name = f.req_str("name");
        let address = f.opt_str("address");
        let check_in = f.date("check_in");
        let check_out = f.date("check_out");
        let reference = f.opt_str("ref");
        let notes = f.opt_str("notes");
        let revision = f.revision();
        Some(Stay {
            id,
            person: person?,
            name: name?,
            address,
            check_in: check_in?,
            check_out: check_out?,
            reference,
            notes,
            revision,
            origin: Origin::default(),
        })
    }

    fn write(&self) -> Values {
        vec![
            ("id", text(&self.id).filter(|_| !self.id.is_empty())),
            ("person", text(&self.person)),
            ("name", text(&self.name)),
            ("address", opt_text(&self.address)),
            ("check_in", date(self.check_in)),
            ("check_out", date(self.check_out)),
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
        if blank(&self.name) {
            out.push(
                Diagnostic::error(format!("{} needs the hotel's name", self.what()))
                    .at(self.at("name"))
                    .help("as the booking says, e.g. Hotel Donaustadt"),
            );
        }
        // The same day is a day use (a room to rest or change in between flights).
        let (i, o) = (self.check_in, self.check_out);
        if o < i {
            out.push(
                Diagnostic::error(format!(
                    "{} checks out ({o}) before checking in ({i})",
                    self.what()
                ))
                .at(self.at("check_out"))
                .help("check_out is the morning you leave, on or after check_in (the same day: a day use)"),
            );
        }
    }
}

impl PlanItem for Stay {
    fn revision(&self) -> Revision {
        self.revision
    }

    fn revision_mut(&mut self) -> &mut Revision {
        &mut self.revision
    }

    fn moved_from(&self, before: &Self) -> bool {
        (self.check_in, self.check_out, &self.name, &self.address)
            != (
                before.check_in,
                before.check_out,
                &before.name,
                &before.address,
            )
    }

    fn rules_in(&self, ctx: &Context<'_>, out: &mut Diagnostics) {
        ctx.traveller(&self.person, Self::TABLE, self.at("person"), out);
        out.extend(self.outside_presence(ctx));
    }
}
