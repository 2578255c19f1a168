//! Items in words, shared by the human-facing formats (Markdown, HTML, CSV) so that
//! they say the same thing. The text here is plain and unescaped: each format escapes.

use super::itinerary::{Deadline, Delegation, Item, PresenceFrom, SessionInfo, Stamp, What, When};
use super::text::{date_range, home_span, long_date_range, moment_label, span};
use crate::model::{MeetingStatus, Role, SessionStatus};

/// One item as the formats show it.
#[derive(Debug, Clone, PartialEq)]
pub struct Described {
    /// "13:00–14:00 CET", or "All day".
    pub time: String,
    /// The same in the person's home zone, when asked for and different.
    pub home: Option<String>,
    pub title: String,
    /// A word that changes how the item reads: "proposed", "cancelled", "tentative",
    /// "not registered yet".
    pub flag: Option<&'static str>,
    /// Labelled details, in order.
    pub details: Vec<(&'static str, String)>,
}

/// How an item reads.
pub fn describe(item: &Item, session: &SessionInfo) -> Described {
    let (time, home) = match &item.when {
        When::AllDay { .. } => ("All day".to_string(), None),
        When::Span { start, end } => (span(&start.local, &end.local), home_span(start, end)),
    };
    let mut details = Vec::new();
    let (title, flag) = match &item.what {
        What::Meeting(m) => {
            if let Some(with) = &m.with {
                details.push(("With", with.clone()));
            }
            let place = m.room.clone().unwrap_or_else(|| session.venue.name.clone());
            details.push((
                "Where",
                match &m.address {
                    Some(address) => format!("{place}, {address}"),
                    None => place,
                },
            ));
            if let Some(url) = &m.url {
                details.push(("Link", url.clone()));
            }
            details.push((
                "Attendees",
                m.attendees
                    .iter()
                    .map(|a| a.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            ));
            details.push(("Kind", m.kind.to_string()));
            if let Some(n) = &m.notes {
                details.push(("Notes", n.clone()));
            }
            let flag = match m.status {
                MeetingStatus::Confirmed => None,
                MeetingStatus::Proposed => Some("proposed"),
                MeetingStatus::Cancelled => Some("cancelled"),
            };
            (m.title.clone(), flag)
        }
        What::Travel(t) => {
            if let When::Span { start, end } = &item.when {
                details.push(("Departs", end_of_journey(start, &t.from)));
                details.push(("Arrives", end_of_journey(end, &t.to)));
            }
            if let Some(c) = &t.carrier {
                details.push(("Carrier", c.clone()));
            }
            if let Some(r) = &t.reference {
                details.push(("Booking reference", r.clone()));
            }
            if let Some(n) = &t.notes {
                details.push(("Notes", n.clone()));
            }
            (format!("{}: {} → {}", t.label(), t.from, t.to), None)
        }
        What::CheckIn(s) | What::CheckOut(s) => {
            let check_in = matches!(item.what, What::CheckIn(_));
            if let Some(a) = &s.address {
                details.push(("Address", a.clone()));
            }
            if check_in {
                details.push((
                    "Stay",
                    format!(
                        "{} night{}, {}",
                        s.nights(),
                        if s.nights() == 1 { "" } else { "s" },
                        date_range(s.check_in, s.check_out)
                    ),
                ));
            }
            if let Some(r) = &s.reference {
                details.push(("Booking reference", r.clone()));
            }
            if check_in && let Some(n) = &s.notes {
                details.push(("Notes", n.clone()));
            }
            let verb = if check_in { "Check in" } else { "Check out" };
            (format!("{verb}: {}", s.name), None)
        }
        What::Arrival { city } => (presence_title("Arrival in", "Arrival", city), None),
        What::Departure { city } => (presence_title("Departure from", "Departure", city), None),
        What::SessionDay { number, of } => (
            format!("{} (day {number} of {of})", session.title),
            (session.status == SessionStatus::Tentative).then_some("tentative"),
        ),
        What::Deadline(Deadline::Nomination) => (
            format!("Deadline: nomination letter for {}", session.title),
            None,
        ),
        What::Deadline(Deadline::Window { name, opens }) => (
            format!(
                "Deadline: {name} for {} (open from {})",
                session.title,
                opens.format("%-d %B %Y")
            ),
            None,
        ),
        What::Deadline(Deadline::Visa) => (
            format!(
                "Deadline: apply for the visa (or ETIAS) for {}",
                session.title
            ),
            None,
        ),
        What::Deadline(Deadline::Registration { registered }) => (
            format!("Deadline: register on Indico for {}", session.title),
            (!registered).then_some("not registered yet"),
        ),
    };
    Described {
        time,
        home,
        title,
        flag,
        details,
    }
}

/// "Arrival in Vienna", or "Arrival" for a venue without a city.
fn presence_title(with_city: &str, alone: &str, city: &str) -> String {
    if city.trim().is_empty() {
        alone.to_string()
    } else {
        format!("{with_city} {city}")
    }
}

/// "Sun 7 Mar 12:30 UTC+01:00, Rome Fiumicino (FCO)".
fn end_of_journey(s: &Stamp, place: &str) -> String {
    format!("{}, {place}", moment_label(&s.local))
}

/// The days a delegate is there, in words; with no dates set, a note saying so, for
/// the itinerary shows the whole session then.
pub fn presence_line(d: &Delegation) -> String {
    let days = long_date_range(d.presence.first, d.presence.last);
    match d.presence.from {
        PresenceFrom::Dates => format!("There: {days}"),
        PresenceFrom::Journeys => format!("There: {days} (from the journeys booked)"),
        PresenceFrom::Session => {
            format!("Arrival and departure not set: every day of the session is shown ({days})")
        }
    }
}

/// "Head of delegation", "Adviser"...
pub fn role_label(role: Role) -> &'static str {
    match role {
        Role::Head => "Head of delegation",
        Role::Deputy => "Deputy head of delegation",
        Role::Delegate => "Delegate",
        Role::Adviser => "Adviser",
        Role::Observer => "Observer",
    }
}
