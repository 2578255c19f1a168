//! The nomination letter, one per session: what the UN wants from an NGO with ECOSOC
//! status before a session (the session and its dates, then each representative as
//! FAMILY NAME, First name, with their role and email), from the organization's
//! profile (`organization.toml`) to the body's addressee (`bodies.toml`).
//!
//! Two renderings share what is said here: plain text ([`render`], the letter between
//! two rules with the warnings above it, to paste on letterhead) and an A4 page on the
//! organization's letterhead ([`super::letter_html`]). Both warn, outside the letter,
//! when the due date has passed, when more people are listed than the session
//! accepts, and when an email or a name as in the passport is missing.

use std::fmt::Write;

use chrono::NaiveDate;

use super::Sink;
use super::describe::role_label;
use super::itinerary::{Itinerary, Options, PersonItinerary, SessionInfo};
use super::text::{capitalise, date_range, long_date, one_line};
use crate::model::{Organization, Role, SessionStatus};

const RULE: &str = "------------------------------------------------------------------------";

/// What a letter says, before any format: built once, rendered as text or HTML.
pub struct Letter<'a> {
    pub session: &'a SessionInfo,
    pub organization: Option<&'a Organization>,
    /// The session's title on one line.
    pub title: String,
    /// The lines of the addressee's block; empty when `bodies.toml` lacks the body.
    pub addressee: Vec<String>,
    pub salutation: String,
    /// Head first, then deputy, delegates, advisers, observers; the plan's order within.
    pub delegates: Vec<Named<'a>>,
    /// "Rome, 30 November 2026", or the date alone, or nothing without `--today`.
    pub dated: Option<String>,
    /// What to fix before sending: not part of the letter.
    pub warnings: Vec<String>,
}

/// A representative as the letter lists them.
pub struct Named<'a> {
    pub person: &'a PersonItinerary,
    pub role: Role,
    /// "ESEMPIO, Marco" (or the family name alone for one who has only one name).
    pub name: String,
    /// The email, or why there is none.
    pub email: String,
}

/// The letter for session `s` of the itinerary, as of `options.today`.
pub fn letter<'a>(it: &'a Itinerary, s: &'a SessionInfo, options: &Options) -> Letter<'a> {
    let mut delegates: Vec<Named> = it
        .people
        .iter()
        .filter_map(|p| Some((p, p.delegation(&s.id)?.role)))
        .map(|(p, role)| Named {
            person: p,
            role,
            name: passport_name(p),
            email: match (&p.email, options.redact) {
                (Some(e), _) => one_line(e),
                (None, true) => "(email withheld)".to_string(),
                (None, false) => "(email address missing)".to_string(),
            },
        })
        .collect();
    delegates.sort_by_key(|d| d.role);
    let organization = it.organization.as_ref();
    let body = s.body_info.as_ref();
    let dated = options.today.map(|today| {
        let day = today.format("%-d %B %Y").to_string();
        match organization.and_then(|o| o.place.as_deref()) {
            Some(place) => format!("{}, {day}", one_line(place)),
            None => day,
        }
    });
    let mut letter = Letter {
        session: s,
        organization,
        title: one_line(&s.title),
        addressee: body
            .map(|b| b.addressee.iter().map(|l| one_line(l)).collect())
            .unwrap_or_default(),
        salutation: body
            .and_then(|b| b.salutation.as_deref())
            .map_or_else(|| "Dear Sir or Madam,".to_string(), one_line),
        delegates,
        dated,
        warnings: Vec::new(),
    };
    letter.warnings = warnings(&letter, options.today, options.redact);
    letter
}

/// FAMILY NAME, First name, as the UN asks for them.
fn passport_name(p: &PersonItinerary) -> String {
    let family = one_line(&p.family_name).to_uppercase();
    let given = one_line(&p.given_names);
    if given.is_empty() {
        family
    } else {
        format!("{family}, {given}")
    }
}

/// What would get the letter refused or sent late, said outside the letter.
fn warnings(l: &Letter, today: Option<NaiveDate>, redact: bool) -> Vec<String> {
    let s = l.session;
    let mut out = Vec::new();
    if let (Some(today), Some(due)) = (today, s.nomination_due)
        && today > due
    {
        let late = (today - due).num_days();
        out.push(format!(
            "the letter was due on {} ({} ago): send it at once, and ask the secretariat whether it is still accepted",
            long_date(due),
            crate::diag::plural(usize::try_from(late).unwrap_or(0), "day")
        ));
    }
    let n = l.delegates.len();
    if let Some(limit) = s.delegate_limit
        && n > limit
    {
        let body = s.body_info.as_ref().map_or("this body", |b| b.id.as_str());
        let why = match s.max_delegates {
            Some(_) => format!("this session accepts at most {limit} per NGO"),
            None => format!("{body} accepts at most {limit} representatives per NGO per session"),
        };
        out.push(format!(
            "{n} people are listed, but {why}: remove {} before sending",
            n - limit
        ));
    }
    if s.status == SessionStatus::Tentative {
        out.push(
            "the session's dates are tentative: check them against the official calendar before sending"
                .into(),
        );
    }
    let missing: Vec<&str> = l
        .delegates
        .iter()
        .filter(|d| d.person.email.is_none())
        .map(|d| d.person.id.as_str())
        .collect();
    if !missing.is_empty() && !redact {
        out.push(format!(
            "no email address for {}: the UN needs one for each person (email in sections.toml)",
            missing.join(", ")
        ));
    }
    let one_name: Vec<&str> = l
        .delegates
        .iter()
        .filter(|d| d.person.given_names.trim().is_empty())
        .map(|d| d.person.id.as_str())
        .collect();
    if !one_name.is_empty() {
        out.push(format!(
            "only one name known for {}: the UN needs FAMILY NAME, First name as in the passport (name and family_name in sections.toml)",
            one_name.join(", ")
        ));
    }
    if l.organization.is_none() {
        out.push(
            "no organization.toml: the letter cannot say who nominates (add the organization's name, ECOSOC status and signatory)"
                .into(),
        );
    }
    if l.addressee.is_empty() {
        out.push(format!(
            "no addressee for body \"{}\": add it to bodies.toml",
            one_line(&s.body)
        ));
    }
    out
}

/// Write the letters (small: one page a session, made whole).
pub(crate) fn write(itinerary: &Itinerary, options: &Options, sink: &mut Sink) {
    sink.buf.push_str(&render(itinerary, options));
}

/// The letters as text: one per session, from the people's delegations alone (no
/// items), so any [`Itinerary`] will do, an [`super::Outline`]'s head included.
pub fn render(itinerary: &Itinerary, options: &Options) -> String {
    itinerary
        .sessions
        .iter()
        .map(|s| text(&letter(itinerary, s, options)))
        .collect::<Vec<_>>()
        .join(&format!("\n{}\n\n", "=".repeat(RULE.len())))
}

fn text(l: &Letter) -> String {
    let s = l.session;
    let title = &l.title;
    let mut out = String::new();
    let _ = writeln!(out, "NOMINATION LETTER: {title}");
    if let Some(due) = s.nomination_due {
        let days = usize::try_from((s.start - due).num_days()).unwrap_or(0);
        let _ = writeln!(
            out,
            "Due: {} ({} before the opening on {})",
            long_date(due),
            crate::diag::plural(days, "day"),
            long_date(s.start)
        );
    }
    if let Some(d) = s.registration_deadline {
        let _ = writeln!(out, "The delegation's own deadline: {}", long_date(d));
    }
    for w in &l.warnings {
        let _ = writeln!(out, "WARNING: {w}.");
    }
    let _ = writeln!(
        out,
        "The letter is between the lines; --format letter-html gives it on letterhead, ready to print and sign."
    );
    let _ = writeln!(out, "{RULE}\n");

    if let Some(o) = l.organization {
        let _ = writeln!(out, "{}", one_line(&o.name));
        if let Some(status) = o.status_line() {
            let _ = writeln!(out, "{}", capitalise(&status));
        }
        for line in letterhead_contacts(o) {
            let _ = writeln!(out, "{line}");
        }
        let _ = writeln!(out);
    }
    if let Some(dated) = &l.dated {
        let _ = writeln!(out, "{dated}\n");
    }
    for line in &l.addressee {
        let _ = writeln!(out, "{line}");
    }
    if !l.addressee.is_empty() {
        let _ = writeln!(out);
    }
    let _ = writeln!(
        out,
        "Subject: Nomination of representatives to the {title}\n"
    );
    let _ = writeln!(out, "{}\n", l.salutation);
    let _ = writeln!(out, "{}:\n", opening(l));
    for (n, d) in l.delegates.iter().enumerate() {
        let _ = writeln!(
            out,
            "{}. {} – {} – {}",
            n + 1,
            d.name,
            role_label(d.role),
            d.email
        );
    }
    let _ = writeln!(out, "\n{}\n", closing());
    let _ = writeln!(out, "Yours faithfully,\n\n");
    let (name, title) = signature(l.organization);
    let _ = writeln!(out, "{name}\n{title}");
    if let Some(o) = l.organization {
        let _ = writeln!(out, "{}", one_line(&o.name));
    }
    let _ = writeln!(out, "{RULE}");
    out
}

/// "We hereby nominate the following 3 representatives of the International Police
/// Organization (IPO) to attend ..., to be held from ... at the ...".
pub fn opening(l: &Letter) -> String {
    let count = match l.delegates.len() {
        1 => "the following representative".to_string(),
        n => format!("the following {n} representatives"),
    };
    let of = match l.organization {
        Some(o) => format!("of the {}", one_line(&o.name)),
        None => "of our organization".to_string(),
    };
    let s = l.session;
    format!(
        "We hereby nominate {count} {of} to attend the {}, to be held from {} at the {}, {}",
        l.title,
        date_range(s.start, s.end),
        one_line(&s.venue.name),
        one_line(&s.venue.address)
    )
}

pub fn closing() -> &'static str {
    "Each representative will register individually on the UN's Indico system and attach this letter."
}

/// The signatory's name and title, or what to fill in by hand.
pub fn signature(o: Option<&Organization>) -> (String, String) {
    (
        o.and_then(|o| o.signatory.as_deref())
            .map_or_else(|| "[Name]".to_string(), one_line),
        o.and_then(|o| o.signatory_title.as_deref())
            .map_or_else(|| "President/CEO".to_string(), one_line),
    )
}

/// The letterhead's address and contact lines.
pub fn letterhead_contacts(o: &Organization) -> Vec<String> {
    let mut lines: Vec<String> = o.address.iter().map(|l| one_line(l)).collect();
    let contact: Vec<String> = [&o.email, &o.phone, &o.website]
        .into_iter()
        .flatten()
        .map(|c| one_line(c))
        .collect();
    if !contact.is_empty() {
        lines.push(contact.join(" · "));
    }
    lines
}
