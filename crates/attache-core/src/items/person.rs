//! A person who may go to sessions, in `sections.toml`.
//!
//! ```toml
//! [[person]]
//! id = "esempio"              # required: a short name, unique
//! name = "Marco Esempio"      # required: given names, then the family name, as in the passport
//! section = "italy"           # required: a section id
//! family_name = "Rios Giraldo"   # optional: when it is not simply the last word of name
//! known_as = "Marco"          # optional: the name they use
//! honorific = "Dr."           # optional
//! position = "..."            # optional
//! email = "m@example.org"     # optional: the nomination letter lists it
//! phone = "+43 1 555 0101"    # optional
//! languages = ["it", "en"]    # optional: ISO 639-1 codes
//! timezone = "Europe/Rome"    # optional: their home time, when not their section's
//! notes = "..."               # optional
//! ```

use chrono_tz::Tz;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Database, Origin, PersonId, SectionId};
use crate::store::fields::Fields;
use crate::text::printable;
use crate::validate::Written;

use super::{Record, Values, blank, list, one_line, opt_text, text};

#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub id: PersonId,
    /// Given names, then the family name, as in the passport.
    pub name: String,
    pub section: SectionId,
    /// Given when the family name is not simply the last word of `name`.
    pub family_name: Option<String>,
    /// The name they use, when not their full name.
    pub known_as: Option<String>,
    pub honorific: Option<String>,
    pub position: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub languages: Vec<String>,
    /// Their home time, when it is not their section's.
    pub timezone: Option<Tz>,
    pub notes: Option<String>,
    pub origin: Origin,
}

impl Record for Person {
    const TABLE: &'static str = "person";
    const NAME_KEY: &'static str = "id";

    fn read(f: &mut Fields<'_>) -> Option<Self> {
        let id = f.id("id");
        let name = f.req_str("name");
        let section = f.reference("section");
        let family_name = f.opt_str("family_name");
        let known_as = f.opt_str("known_as");
        let honorific = f.opt_str("honorific");
        let position = f.opt_str("position");
        let email = f.opt_str("email");
        let phone = f.opt_str("phone");
        let languages = f.str_list("languages");
        let timezone = f.tz("timezone", false);
        let notes = f.opt_str("notes");
        Some(Person {
            id: id?,
            name: name?,
            section: section?,
            family_name,
            known_as,
            honorific,
            position,
            email,
            phone,
            languages,
            timezone,
            notes,
            origin: Origin::default(),
        })
    }

    fn write(&self) -> Values {
        vec![
            ("id", text(&self.id)),
            ("name", text(&self.name)),
            ("family_name", opt_text(&self.family_name)),
            ("known_as", opt_text(&self.known_as)),
            ("section", text(&self.section)),
            ("honorific", opt_text(&self.honorific)),
            ("position", opt_text(&self.position)),
            ("email", opt_text(&self.email)),
            ("phone", opt_text(&self.phone)),
            (
                "languages",
                (!self.languages.is_empty())
                    .then(|| list(&self.languages))
                    .flatten(),
            ),
            ("timezone", self.timezone.and_then(|tz| text(tz.name()))),
            ("notes", opt_text(&self.notes)),
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
                    .help("write their name as in the passport, given names first"),
            );
        }
        for (key, value) in [
            ("name", Some(&self.name)),
            ("family_name", self.family_name.as_ref()),
            ("known_as", self.known_as.as_ref()),
            ("honorific", self.honorific.as_ref()),
            ("position", self.position.as_ref()),
            ("email", self.email.as_ref()),
            ("phone", self.phone.as_ref()),
        ] {
            if let Some(v) = value {
                one_line(self, key, v, out);
            }
        }
        self.family_name_rule(out);
        if let Some(email) = &self.email
            && !is_email(email)
        {
            out.push(
                Diagnostic::error(format!(
                    "\"{}\" is not an email address, in {}",
                    printable(email),
                    self.what()
                ))
                .at(self.at("email"))
                .help("write one address like name@example.org, or leave it out"),
            );
        }
    }
}

impl Person {
    /// The rule that a family name written apart is the end of the full name: the
    /// nomination letter splits the name there.
    fn family_name_rule(&self, out: &mut Diagnostics) {
        let Some(family) = &self.family_name else {
            return;
        };
        if blank(family) || !self.name.trim_end().ends_with(family.trim()) {
            out.push(
                Diagnostic::error(format!(
                    "the family name \"{}\" of {} is not the end of its name \"{}\"",
                    printable(family),
                    self.what(),
                    printable(&self.name)
                ))
                .at(self.at("family_name"))
                .help("write name as the given names followed by the family name"),
            );
        }
    }

    /// A person from the parts a passport gives: the name is the given names, then the
    /// family name, which is kept apart only when the name's last word is not all of
    /// it (so that files stay as people write them by hand).
    pub fn set_name(&mut self, family: &str, given: &str) {
        let (family, given) = (family.trim(), given.trim());
        self.name = if given.is_empty() {
            family.to_string()
        } else {
            format!("{given} {family}")
        };
        let last_word = self.name.rsplit(char::is_whitespace).next().unwrap_or("");
        self.family_name = (last_word != family).then(|| family.to_string());
    }
}

/// One `@` with text on both sides, no spaces: enough to catch a name typed in the
/// wrong field without refusing real addresses.
fn is_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((user, host)) => {
            !user.is_empty()
                && !host.is_empty()
                && !host.contains('@')
                && !s.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

/// The rule that a person's section exists (a section dropped for an error of its
/// own is not reported again).
pub fn section_rule(db: &Database, person: &Person, written: &Written) -> Option<Diagnostic> {
    if db.sections.contains_key(&person.section) || written.excuses("section", &person.section) {
        return None;
    }
    Some(
        crate::validate::unknown(
            "section",
            &person.section,
            &format!("person \"{}\"", printable(&person.id)),
            db.sections.keys(),
        )
        .at(person.at("section")),
    )
}
