//! A delegate's accreditation, step by step: what the UN asks of each person before
//! a session (an Indico account, the form, the letter attached, approval, the badge
//! at Gate 1) and what may stop them travelling (a visa or ETIAS). Each step is a key
//! of the delegate's table, `true` or the day it was done:
//!
//! ```toml
//! letter_listed = 2026-11-20     # named in the nomination letter sent
//! indico_account = true
//! registered = 2026-11-25        # the form filled in, the letter attached
//! approved = false
//! badge_collected = false        # at the Pass Office, Gate 1
//! grounds_pass = false           # holds an annual grounds pass (still registers)
//! passport_checked = true        # FAMILY NAME, First name as in the passport
//! visa = "needed"                # not-needed (default), needed, applied, granted
//! visa_on = 2027-01-10           # the day it was applied for or granted
//! ```
//!
//! `registered = true` in files older than the steps reads as that one step.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use toml_edit::Value;

use crate::model::{Step, Visa};
use crate::store::fields::Fields;

use super::{Values, date};

/// Which steps are done (and when, if known), and where the visa stands.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Accreditation {
    /// The steps done, with the day when it was written down.
    pub done: BTreeMap<Step, Option<NaiveDate>>,
    pub visa: Visa,
    /// The day the visa was applied for or granted.
    pub visa_on: Option<NaiveDate>,
}

/// How many days before the opening a Schengen visa is applied for at the latest
/// (6 to 8 weeks ahead: the earlier end, since processing takes up to 21 days).
pub const VISA_LEAD_DAYS: u64 = 56;

impl Accreditation {
    pub fn is_done(&self, step: Step) -> bool {
        self.done.contains_key(&step)
    }

    /// Mark `step` done (on a day, if given) or not done.
    pub fn set(&mut self, step: Step, done: bool, on: Option<NaiveDate>) {
        if done {
            self.done.insert(step, on);
        } else {
            self.done.remove(&step);
        }
    }

    pub(super) fn read(f: &mut Fields<'_>) -> Self {
        let mut done = BTreeMap::new();
        for step in Step::ALL {
            if let Some(on) = f.opt_done(step.key()) {
                done.insert(*step, on);
            }
        }
        let visa = f
            .opt_word("visa", Visa::NAMES, Visa::parse)
            .unwrap_or_default();
        let visa_on = f.opt_date("visa_on");
        Accreditation {
            done,
            visa,
            visa_on,
        }
    }

    /// The keys as written: `registered` always (as files have had it), the other
    /// steps only when done, the visa only when it matters.
    pub(super) fn write(&self) -> Values {
        let mut out: Values = Step::ALL
            .iter()
            .map(|step| {
                let value = match self.done.get(step) {
                    Some(Some(day)) => date(*day),
                    Some(None) => Some(Value::from(true)),
                    None if *step == Step::Registered => Some(Value::from(false)),
                    None => None,
                };
                (step.key(), value)
            })
            .collect();
        out.push((
            "visa",
            (self.visa != Visa::NotNeeded).then(|| self.visa.as_str().into()),
        ));
        out.push(("visa_on", self.visa_on.and_then(date)));
        out
    }
}
