//! A hotel stay of a delegate.
//!
//! ```toml
//! [[stay]]
//! person = "esempio"            # required: a person id, a delegate of this plan
//! name = "Hotel Donaustadt"     # required, not empty
//! address = "..."               # optional
//! check_in = 2027-03-07         # required
//! check_out = 2027-03-12        # required: the morning you leave, on or after check_in (same day: day use)
//! ref = "H-998877"              # optional
//! notes = "..."                 # optional
//! ```

use chrono::NaiveDate;

use crate::diag::{Diagnostic, Diagnostics};
use crate::ids::PersonId;
use crate::model::Origin;
use crate::store::fields::Fields;

use super::{Context, PlanItem, Record, Values, blank, date, opt_text, text};

#[derive(Debug, Clone, PartialEq)]
pub struct Stay {
    pub person: PersonId,
    pub name: String,
    pub address: Option<String>,
    pub check_in: NaiveDate,
    pub check_out: NaiveDate,
    pub reference: Option<String>,
    pub notes: Option<String>,
    pub origin: Origin,
}

impl Record for Stay {
    const TABLE: &'static str = "stay";
    const NAME_KEY: &'static str = "person";

    fn read(f: &mut Fields<'_>) -> Option<Self> {
        let person = f.reference("person");
        let name = f.req_str("name");
        let address = f.opt_str("address");
        let check_in = f.date("check_in");
        let check_out = f.date("check_out");
        let reference = f.opt_str("ref");
        let notes = f.opt_str("notes");
        Some(Stay {
            person: person?,
            name: name?,
            address,
            check_in: check_in?,
            check_out: check_out?,
            reference,
            notes,
            origin: Origin::default(),
        })
    }

    fn write(&self) -> Values {
        vec![
            ("person", text(&self.person)),
            ("name", text(&self.name)),
            ("address", opt_text(&self.address)),
            ("check_in", date(self.check_in)),
            ("check_out", date(self.check_out)),
            ("ref", opt_text(&self.reference)),
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
    fn rules_in(&self, ctx: &Context<'_>, out: &mut Diagnostics) {
        ctx.traveller(&self.person, Self::TABLE, self.at("person"), out);
    }
}
