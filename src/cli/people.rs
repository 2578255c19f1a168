//! Commands that change `sections.toml`: `person add|edit|rm` and `section add|edit`.
//! Each runs one operation of [`crate::planning::ops`] through the workspace, like the
//! edits of a plan ([`super::edit::run_op`]): it prints what it changed, and saves
//! unless `--dry-run`.

use clap::{Args, Subcommand};

use super::edit::{DryRun, run_op};
use super::error::{Error, Outcome};
use super::output::Context;
use crate::ids::{PersonId, SectionId};
use crate::model::Database;
use crate::planning::ops::{self, PersonEdit, SectionEdit};
use crate::text::printable;

#[derive(Debug, Subcommand)]
pub enum PersonCommand {
    /// Add a person to a section (the id is made from the name unless --id)
    Add {
        /// The new person's id [default: from the family name, made unique]
        #[arg(long, value_name = "ID")]
        id: Option<String>,
        #[command(flatten)]
        fields: PersonFields,
        #[command(flatten)]
        dry: DryRun,
    },
    /// Change a person's fields (only those given; "" clears an optional one)
    Edit {
        /// The person's id (see attache people)
        id: String,
        #[command(flatten)]
        fields: PersonFields,
        #[command(flatten)]
        dry: DryRun,
    },
    /// Remove a person; one who is in plans is removed from them only with --from-plans
    Rm {
        /// The person's id (see attache people)
        id: String,
        /// Also take them out of every plan they are in (delegation, meetings, journeys, stays)
        #[arg(long)]
        from_plans: bool,
        #[command(flatten)]
        dry: DryRun,
    },
}

#[derive(Debug, Args)]
pub struct PersonFields {
    /// The section they belong to (a section id)
    #[arg(long, value_name = "ID")]
    pub section: Option<String>,
    /// Family name, as in the passport
    #[arg(long, value_name = "NAME")]
    pub family: Option<String>,
    /// Given names, as in the passport
    #[arg(long, value_name = "NAMES")]
    pub given: Option<String>,
    /// The name they use
    #[arg(long, value_name = "NAME")]
    pub known_as: Option<String>,
    /// Title: Dr., Mrs., Prof. ...
    #[arg(long, value_name = "TITLE")]
    pub title: Option<String>,
    /// Their position in the NGO
    #[arg(long, value_name = "TEXT")]
    pub position: Option<String>,
    /// Email address (the nomination letter lists it)
    #[arg(long, value_name = "ADDRESS")]
    pub email: Option<String>,
    /// Phone number, as it should be dialled from abroad
    #[arg(long, value_name = "NUMBER")]
    pub phone: Option<String>,
    /// Home time zone, when not their section's (IANA name, e.g. Europe/Vienna)
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
    /// Notes (a passport spelling, a diet...)
    #[arg(long, value_name = "TEXT")]
    pub notes: Option<String>,
}

impl From<PersonFields> for PersonEdit {
    fn from(f: PersonFields) -> Self {
        PersonEdit {
            family: f.family,
            given: f.given,
            known_as: f.known_as,
            section: f.section,
            honorific: f.title,
            position: f.position,
            email: f.email,
            phone: f.phone,
            timezone: f.tz,
            notes: f.notes,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum SectionCommand {
    /// Add a section (the id is made from the name unless --id)
    Add {
        /// The new section's id [default: from the name, made unique]
        #[arg(long, value_name = "ID")]
        id: Option<String>,
        #[command(flatten)]
        fields: SectionFields,
        #[command(flatten)]
        dry: DryRun,
    },
    /// Change a section's name, country or time zone
    Edit {
        /// The section's id (see attache people)
        id: String,
        #[command(flatten)]
        fields: SectionFields,
        #[command(flatten)]
        dry: DryRun,
    },
}

#[derive(Debug, Args)]
pub struct SectionFields {
    /// The section's name, e.g. "IPO Austria"
    #[arg(long)]
    pub name: Option<String>,
    /// ISO 3166 country code: AT, IT, ...
    #[arg(long, value_name = "CODE")]
    pub country: Option<String>,
    /// The IANA time zone of its capital: its people's home time
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
}

impl From<SectionFields> for SectionEdit {
    fn from(f: SectionFields) -> Self {
        SectionEdit {
            name: f.name,
            country: f.country,
            timezone: f.tz,
        }
    }
}

pub fn person(cmd: PersonCommand, cx: &Context) -> Outcome {
    match cmd {
        PersonCommand::Add { id, fields, dry } => {
            let edit = PersonEdit::from(fields);
            run_op(cx, &dry, |db| {
                Ok(edit
                    .new_person(db, id.as_deref())
                    .and_then(|p| ops::add_person(db, p)))
            })
        }
        PersonCommand::Edit { id, fields, dry } => {
            let edit = PersonEdit::from(fields);
            run_op(cx, &dry, |db| {
                Ok(ops::edit_person(db, &PersonId::from(id.as_str()), &edit))
            })
        }
        PersonCommand::Rm {
            id,
            from_plans,
            dry,
        } => run_op(cx, &dry, |db| {
            let id = PersonId::from(id.as_str());
            if !from_plans {
                refuse_if_in_plans(db, &id)?;
            }
            Ok(ops::remove_person(db, &id))
        }),
    }
}

/// A person in plans is removed only when the user says so: name the plans and what
/// they hold of theirs.
fn refuse_if_in_plans(db: &Database, id: &PersonId) -> Result<(), Error> {
    let plans = ops::person_plans(db, id);
    if plans.is_empty() {
        return Ok(());
    }
    let lines: Vec<String> = plans
        .iter()
        .map(|(plan, theirs)| {
            let role = match plan.delegate(id) {
                Some(d) => format!("{} of the delegation", d.role),
                None => "not a delegate".to_string(),
            };
            let with = theirs
                .describe()
                .map(|w| format!(", {w}"))
                .unwrap_or_default();
            format!("  {}: {role}{with}", printable(&plan.session))
        })
        .collect();
    Err(Error::new(format!(
        "{} is in these plans:\n{}",
        printable(id),
        lines.join("\n")
    ))
    .help(format!(
        "to remove them from these plans too: attache person rm {id} --from-plans"
    )))
}

pub fn section(cmd: SectionCommand, cx: &Context) -> Outcome {
    match cmd {
        SectionCommand::Add { id, fields, dry } => {
            let edit = SectionEdit::from(fields);
            run_op(cx, &dry, |db| {
                Ok(edit
                    .new_section(db, id.as_deref())
                    .and_then(|s| ops::add_section(db, s)))
            })
        }
        SectionCommand::Edit { id, fields, dry } => {
            let edit = SectionEdit::from(fields);
            run_op(cx, &dry, |db| {
                Ok(ops::edit_section(db, &SectionId::from(id.as_str()), &edit))
            })
        }
    }
}
