//! Commands that change `sections.toml`: `person add|edit|rm` and `section add|edit`.
//! Each runs one operation of [`crate::planning::ops`] through the workspace, like the
//! edits of a plan ([`super::edit::run_op`]): it prints what it changed, and saves
//! unless `--dry-run`.

use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, Subcommand};

use super::edit::{DryRun, run_op};
use crate::ids::{PersonId, SectionId};
use crate::planning::ops::{self, PersonEdit, SectionEdit};
use crate::store::{self, DbSource};
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
        id: String,
        #[command(flatten)]
        fields: PersonFields,
        #[command(flatten)]
        dry: DryRun,
    },
    /// Remove a person; one who is in plans is removed from them only with --from-plans
    Rm {
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
    #[arg(long, value_name = "ADDRESS")]
    pub email: Option<String>,
    #[arg(long, value_name = "NUMBER")]
    pub phone: Option<String>,
    /// Home time zone, when not their section's (IANA name, e.g. Europe/Vienna)
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
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
        #[arg(long, value_name = "ID")]
        id: Option<String>,
        #[command(flatten)]
        fields: SectionFields,
        #[command(flatten)]
        dry: DryRun,
    },
    /// Change a section's name, country or time zone
    Edit {
        id: String,
        #[command(flatten)]
        fields: SectionFields,
        #[command(flatten)]
        dry: DryRun,
    },
}

#[derive(Debug, Args)]
pub struct SectionFields {
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

pub fn person(cmd: PersonCommand, source: &DbSource, today: NaiveDate) -> ExitCode {
    match cmd {
        PersonCommand::Add { id, fields, dry } => {
            let edit = PersonEdit::from(fields);
            run_op(source, today, dry.dry_run, |db| {
                ops::add_person(db, edit.new_person(db, id.as_deref())?)
            })
        }
        PersonCommand::Edit { id, fields, dry } => {
            let edit = PersonEdit::from(fields);
            run_op(source, today, dry.dry_run, |db| {
                ops::edit_person(db, &PersonId::from(id.as_str()), &edit)
            })
        }
        PersonCommand::Rm {
            id,
            from_plans,
            dry,
        } => {
            if !from_plans && let Some(code) = refuse_if_in_plans(&id, source, today) {
                return code;
            }
            run_op(source, today, dry.dry_run, |db| {
                ops::remove_person(db, &PersonId::from(id.as_str()))
            })
        }
    }
}

/// A person in plans is removed only when the user says so: name the plans and what
/// they hold of theirs.
fn refuse_if_in_plans(id: &str, source: &DbSource, today: NaiveDate) -> Option<ExitCode> {
    let db = store::load(source, today).db;
    let plans = ops::person_plans(&db, &PersonId::from(id));
    if plans.is_empty() {
        return None;
    }
    eprintln!("error: {} is in these plans:", printable(id));
    for (plan, theirs) in &plans {
        let role = match plan.delegate(id) {
            Some(d) => format!("{} of the delegation", d.role),
            None => "not a delegate".to_string(),
        };
        let with = theirs
            .describe()
            .map(|w| format!(", {w}"))
            .unwrap_or_default();
        eprintln!("  {}: {role}{with}", printable(&plan.session));
    }
    eprintln!("  = help: to remove them from these plans too: attache person rm {id} --from-plans");
    Some(ExitCode::from(1))
}

pub fn section(cmd: SectionCommand, source: &DbSource, today: NaiveDate) -> ExitCode {
    match cmd {
        SectionCommand::Add { id, fields, dry } => {
            let edit = SectionEdit::from(fields);
            run_op(source, today, dry.dry_run, |db| {
                ops::add_section(db, edit.new_section(db, id.as_deref())?)
            })
        }
        SectionCommand::Edit { id, fields, dry } => {
            let edit = SectionEdit::from(fields);
            run_op(source, today, dry.dry_run, |db| {
                ops::edit_section(db, &SectionId::from(id.as_str()), &edit)
            })
        }
    }
}
