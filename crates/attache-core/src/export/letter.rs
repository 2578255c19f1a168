//! The nomination letter, one per session: what the UN wants from an NGO with ECOSOC
//! status before a session (the session and its dates, then each representative as
//! FAMILY NAME, First name, with their role and email), as plain text to paste on
//! letterhead. A few lines above the letter say when it is due and warn about what
//! would get it refused (more than 10 people, tentative dates, missing emails); they
//! are not part of the letter.

use std::fmt::Write;

use super::describe::role_label;
use super::itinerary::{Itinerary, Options, PersonItinerary, SessionInfo};
use super::text::{date_range, long_date, one_line};
use crate::model::{SessionStatus, UN_NGO_LIMIT};

const RULE: &str = "------------------------------------------------------------------------";

pub fn render(itinerary: &Itinerary, options: &Options) -> String {
    itinerary
        .sessions
        .iter()
        .map(|s| letter(itinerary, s, options))
        .collect::<Vec<_>>()
        .join(&format!("\n{}\n\n", "=".repeat(RULE.len())))
}

fn letter(it: &Itinerary, s: &SessionInfo, options: &Options) -> String {
    let mut people: Vec<(&PersonItinerary, crate::model::Role)> = it
        .people
        .iter()
        .filter_map(|p| Some((p, p.delegation(&s.id)?.role)))
        .collect();
    // Head first, then deputy, delegates, advisers, observers; the plan's order within.
    people.sort_by_key(|(_, role)| *role);

    let title = one_line(&s.title);
    let mut out = String::new();
    let _ = writeln!(out, "NOMINATION LETTER: {title}");
    let _ = writeln!(
        out,
        "Due: {} (at least one week before the opening on {})",
        long_date(s.nomination_due),
        long_date(s.start)
    );
    if let Some(d) = s.registration_deadline {
        let _ = writeln!(out, "The delegation's own deadline: {}", long_date(d));
    }
    let limit = s.delegate_limit;
    if people.len() > limit {
        let why = if limit < UN_NGO_LIMIT {
            format!("this session accepts at most {limit} per NGO")
        } else {
            format!("the UN accepts at most {UN_NGO_LIMIT} representatives per NGO per session")
        };
        let _ = writeln!(
            out,
            "WARNING: {} people are listed, but {why}: remove {} before sending.",
            people.len(),
            people.len() - limit
        );
    }
    if s.status == SessionStatus::Tentative {
        let _ = writeln!(
            out,
            "WARNING: the session's dates are tentative: check them against the official calendar before sending."
        );
    }
    let missing: Vec<&str> = people
        .iter()
        .filter(|(p, _)| p.email.is_none())
        .map(|(p, _)| p.id.as_str())
        .collect();
    if !missing.is_empty() && !options.redact {
        let _ = writeln!(
            out,
            "WARNING: no email address for {}: the UN needs one for each person.",
            missing.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "Paste the text between the lines on letterhead, to be signed by the President/CEO."
    );
    let _ = writeln!(out, "{RULE}\n");

    let _ = writeln!(
        out,
        "Subject: Nomination of representatives to the {title}\n"
    );
    let _ = writeln!(out, "Dear Sir or Madam,\n");
    let count = match people.len() {
        1 => "the following representative".to_string(),
        n => format!("the following {n} representatives"),
    };
    let _ = writeln!(
        out,
        "We hereby nominate {count} of our organization to attend the {title}, to be held from {} at the {}, {}:\n",
        date_range(s.start, s.end),
        one_line(&s.venue.name),
        one_line(&s.venue.address)
    );
    for (n, (p, role)) in people.iter().enumerate() {
        let family = one_line(&p.family_name).to_uppercase();
        let given = one_line(&p.given_names);
        let name = if given.is_empty() {
            family
        } else {
            format!("{family}, {given}")
        };
        let email = match (&p.email, options.redact) {
            (Some(e), _) => one_line(e),
            (None, true) => "(email withheld)".to_string(),
            (None, false) => "(email address missing)".to_string(),
        };
        let _ = writeln!(out, "{}. {name} – {} – {email}", n + 1, role_label(*role));
    }
    let _ = writeln!(
        out,
        "\nEach representative will register individually on the UN's Indico system and attach this letter.\n"
    );
    let _ = writeln!(
        out,
        "Yours faithfully,\n\n\n[Name]\nPresident/CEO\n[Place], [Date]"
    );
    let _ = writeln!(out, "{RULE}");
    out
}
