//! A section of the NGO: a national branch or the headquarters, in `sections.toml`.
//!
//! ```toml
//! [[section]]
//! id = "austria"              # required: a short name, unique
//! name = "IPO Austria"        # required
//! country = "AT"              # required: ISO 3166 alpha-2
//! timezone = "Europe/Vienna"  # required: the IANA zone of its capital, its people's home time
//! ```

use chrono_tz::Tz;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Origin, SectionId};
use crate::store::fields::Fields;
use crate::text::printable;

use super::{Record, Values, blank, one_line, text};

#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub id: SectionId,
    pub name: String,
    pub country: String,
    pub timezone: Tz,
    pub origin: Origin,
}

impl Record for Section {
    const TABLE: &'static str = "section";
    const NAME_KEY: &'static str = "id";

    fn read(f: &mut Fields<'_>) -> Option<Self> {
        let id = f.id("id");
        let name = f.req_str("name");
        let country = country(f);
        let timezone = f.tz("timezone", true);
        Some(Section {
            id: id?,
            name: name?,
            country: country?,
            timezone: timezone?,
            origin: Origin::default(),
        })
    }

    fn write(&self) -> Values {
        vec![
            ("id", text(&self.id)),
            ("name", text(&self.name)),
            ("country", text(&self.country)),
            ("timezone", text(self.timezone.name())),
        ]
    }

    fn same(&self, other: &Self) -> bool {
        self.id == other.id
    }

    fn name_value(&self) -> &str {
        &self.id
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
                Diagnostic::error(format!("{} has an empty name", self.what()))
                    .at(self.at("name"))
                    .help("write the section's name, e.g. name = \"IPO Austria\""),
            );
        }
        one_line(self, "name", &self.name, out);
    }
}

/// An ISO 3166 alpha-2 code: two capital letters (venues have one too).
pub(crate) fn country(f: &mut Fields) -> Option<String> {
    let code = f.req_str("country")?;
    if is_country_code(&code) {
        return Some(code);
    }
    let d = Diagnostic::error(format!(
        "\"{}\" is not a country code in {}",
        printable(&code),
        f.what()
    ))
    .help("use the two capital letters of ISO 3166, e.g. \"AT\" for Austria");
    f.error_at("country", d);
    None
}

pub fn is_country_code(code: &str) -> bool {
    code.len() == 2 && code.chars().all(|c| c.is_ascii_uppercase())
}
