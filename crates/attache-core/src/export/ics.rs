//! iCalendar (RFC 5545), for calendar applications.
//!
//! Written by hand rather than with the `icalendar` crate: the version that builds on
//! this crate's minimum Rust (0.17.6) folds lines by mixing character and byte
//! positions, may fold inside an escape such as `\,`, lets a carriage return in the
//! data through raw (which ends the line for every parser), and stamps DTSTAMP with
//! the clock unless told otherwise. The subset needed here is small, and the rules it
//! must follow are tested below:
//!
//! - lines end with CRLF and are folded at 75 octets, never inside a UTF-8 character
//!   or an escape, and never right after a space (some parsers trim line ends);
//! - TEXT values escape `\` `;` `,` and line breaks; control characters are shown as
//!   visible escapes (RFC 5545 forbids them in TEXT);
//! - times are written in UTC (`...Z`), which every client converts to its own zone,
//!   so no VTIMEZONE is needed; the local time at the venue is in the description;
//! - whole-day items (session days, deadlines, hotel check-in and check-out) are
//!   `VALUE=DATE` with an exclusive DTEND (the next day), and do not block free/busy;
//! - each event's UID is its item's stable id + `@attache`, so importing a newer
//!   export updates the events instead of duplicating them. An event shared by several
//!   people (a meeting, a session day) appears once in a file, listing its attendees;
//! - updates are applied: each event has `SEQUENCE` (how many times its time or place
//!   changed, as the plan records it) and, once attaché has changed it,
//!   `LAST-MODIFIED`. DTSTAMP is not the time of export (that would make every export
//!   differ): it is the last change of anything in the file, never in the future (see
//!   [`Outline::last_change`]);
//! - no ATTENDEE or ORGANIZER properties: importing those makes some clients offer to
//!   send invitations. Attendees are named in the description instead.
//!
//! `--home-time` adds the home time to the description of a person's own events, and
//! to shared ones when the file is one person's.

use std::collections::HashSet;
use std::io;

use chrono::{DateTime, NaiveDate, Utc};

use super::Sink;
use super::itinerary::{
    Deadline, Item, Itinerary, MeetingInfo, Options, Outline, PersonItinerary, SessionInfo,
    StayInfo, TravelInfo, What, When,
};
use super::text::{capitalise, clean, date_range, home_span, moment_label, span};
use crate::model::{MeetingStatus, SessionStatus};

/// The longest content line, in octets, without its CRLF.
const MAX_LINE: usize = 75;

/// Write the calendar: each person's events in turn, a shared event (a meeting, a
/// session day) once, the first time one of its attendees has it. Returns how many
/// events it wrote.
pub(crate) fn write(outline: &Outline, _options: &Options, sink: &mut Sink) -> io::Result<usize> {
    let it = &outline.head;
    let mut cal = Writer::default();
    cal.raw("BEGIN", "VCALENDAR");
    cal.raw("VERSION", "2.0");
    cal.raw("PRODID", "-//attache//itinerary export//EN");
    cal.raw("CALSCALE", "GREGORIAN");
    cal.raw("METHOD", "PUBLISH");
    cal.text("X-WR-CALNAME", &calendar_name(it));
    let several = it.people.len() > 1;
    // The moment this version of the calendar was made, its events' DTSTAMP: the last
    // change of anything in it, so that it is never in the future and the same data
    // gives the same bytes. With no recorded change at all (a plan written by hand),
    // the Unix epoch: an honest "unknown", which every client accepts.
    let stamp = utc(outline.last_change().unwrap_or(DateTime::UNIX_EPOCH));
    let mut done: HashSet<String> = HashSet::new();
    let mut events = 0;
    for n in 0..it.people.len() {
        let person = outline.person_skipping(n, &|id| done.contains(id));
        for item in &person.items {
            let Some(session) = outline.session(&item.session) else {
                continue;
            };
            event(&mut cal, session, &person, item, several, &stamp);
            events += 1;
        }
        done.extend(person.items.into_iter().filter(|i| i.shared).map(|i| i.id));
        sink.buf.push_str(&cal.out);
        cal.out.clear();
        sink.flush()?;
    }
    cal.raw("END", "VCALENDAR");
    sink.buf.push_str(&cal.out);
    Ok(events)
}

fn calendar_name(it: &Itinerary) -> String {
    let sessions = it
        .sessions
        .iter()
        .map(|s| s.title.as_str())
        .collect::<Vec<_>>()
        .join("; ");
    match it.people.as_slice() {
        [one] => format!("{sessions} ({})", one.name),
        _ => sessions,
    }
}

/// How many days before a deadline its calendar reminder (VALARM) goes off.
pub const DEADLINE_REMINDER_DAYS: u32 = 3;

fn event(
    cal: &mut Writer,
    session: &SessionInfo,
    person: &PersonItinerary,
    item: &Item,
    several: bool,
    stamp: &str,
) {
    let own = |summary: String| {
        if several && !item.shared {
            format!("{}: {summary}", person.name)
        } else {
            summary
        }
    };
    // Home time only where it is unambiguous: a person's own event, or a file for one.
    let home = !several || !item.shared;
    let mut description: Vec<String> = Vec::new();
    let (summary, location, status, busy) = match &item.what {
        What::Meeting(m) => {
            description.extend(meeting_lines(m, &item.when, home));
            let summary = if m.status == MeetingStatus::Cancelled {
                format!("Cancelled: {}", m.title)
            } else {
                m.title.clone()
            };
            let status = match m.status {
                MeetingStatus::Confirmed => "CONFIRMED",
                MeetingStatus::Proposed => "TENTATIVE",
                MeetingStatus::Cancelled => "CANCELLED",
            };
            (
                summary,
                Some(m.location.clone()),
                status,
                m.status != MeetingStatus::Cancelled,
            )
        }
        What::Travel(t) => {
            description.extend(travel_lines(t, &item.when, home));
            (
                own(format!("{}: {} → {}", t.label(), t.from, t.to)),
                Some(t.from.clone()),
                "CONFIRMED",
                true,
            )
        }
        What::CheckIn(s) => {
            description.extend(stay_lines(s));
            (
                own(format!("Check in: {}", s.name)),
                s.address.clone(),
                "CONFIRMED",
                false,
            )
        }
        What::CheckOut(s) => {
            description.extend(stay_lines(s));
            (
                own(format!("Check out: {}", s.name)),
                s.address.clone(),
                "CONFIRMED",
                false,
            )
        }
        What::Arrival { .. } | What::Departure { .. } => {
            description.push("As planned by the delegation lead.".into());
            (
                own(super::describe::describe(item, session).title),
                None,
                "CONFIRMED",
                false,
            )
        }
        What::SessionDay { number, of } => {
            description.push(format!(
                "{}, {}",
                session.title,
                date_range(session.start, session.end)
            ));
            if session.status == SessionStatus::Tentative {
                description.push("The dates are tentative: check the official calendar.".into());
            }
            description.push(format!("Venue: {}", session.venue.full()));
            if let Some(access) = &session.venue.access {
                description.push(format!("Getting in: {access}"));
            }
            let status = match session.status {
                SessionStatus::Confirmed => "CONFIRMED",
                SessionStatus::Tentative => "TENTATIVE",
            };
            (
                format!("{} (day {number} of {of})", session.title),
                Some(session.venue.full()),
                status,
                false,
            )
        }
        What::Deadline(Deadline::Nomination) => {
            description.push(format!(
                "The nomination letter for {} is due {} before the opening ({}).",
                session.title,
                session.nomination_due.map_or_else(String::new, |due| {
                    crate::diag::plural((session.start - due).num_days().max(0) as usize, "day")
                }),
                date_range(session.start, session.start)
            ));
            description.push(match session.delegate_limit {
                Some(n) => format!(
                    "Each delegate as FAMILY NAME, First name, with an email address; at most {n} people."
                ),
                None => "Each delegate as FAMILY NAME, First name, with an email address.".into(),
            });
            (
                format!("Deadline: nomination letter, {}", session.title),
                None,
                "CONFIRMED",
                false,
            )
        }
        What::Deadline(Deadline::Window { name, opens }) => {
            description.push(format!(
                "{name} for {}: open from {} to this day.",
                session.title,
                date_range(*opens, *opens)
            ));
            (
                format!("Deadline: {name}, {}", session.title),
                None,
                "CONFIRMED",
                false,
            )
        }
        What::Deadline(Deadline::Visa) => {
            description.push(format!(
                "Apply for the visa (or ETIAS) for {} by this day: processing takes up to 21 days.",
                session.title
            ));
            (
                own(format!("Deadline: visa application, {}", session.title)),
                None,
                "CONFIRMED",
                false,
            )
        }
        What::Deadline(Deadline::Registration { registered }) => {
            description.push(format!(
                "Register on Indico for {}, attaching the nomination letter.",
                session.title
            ));
            description.push(if *registered {
                "Registered: yes.".into()
            } else {
                "Registered: not yet.".into()
            });
            let done = if *registered {
                " (done)"
            } else {
                " (not registered yet)"
            };
            (
                own(format!(
                    "Deadline: Indico registration{done}, {}",
                    session.title
                )),
                None,
                "CONFIRMED",
                false,
            )
        }
    };

    cal.raw("BEGIN", "VEVENT");
    cal.raw("UID", &format!("{}@attache", item.id));
    cal.raw("DTSTAMP", stamp);
    if let Some(changed) = item.revision.changed {
        cal.raw("LAST-MODIFIED", &utc(changed));
    }
    cal.raw("SEQUENCE", &item.revision.sequence.to_string());
    match &item.when {
        When::AllDay { date, .. } => {
            cal.raw("DTSTART;VALUE=DATE", &day(*date));
            cal.raw("DTEND;VALUE=DATE", &day(date.succ_opt().unwrap_or(*date)));
        }
        When::Span { start, end } => {
            cal.raw("DTSTART", &utc(start.utc));
            // A moment (an arrival at a given time) has no DTEND: RFC 5545 reads it
            // as ending when it starts, and a DTEND equal to DTSTART (or before it)
            // is rejected by some clients.
            if end.utc > start.utc {
                cal.raw("DTEND", &utc(end.utc));
            }
        }
    }
    cal.text("SUMMARY", &summary);
    if let Some(location) = location {
        cal.text("LOCATION", &location);
    }
    if !description.is_empty() {
        cal.text("DESCRIPTION", &description.join("\n"));
    }
    cal.raw("STATUS", status);
    cal.raw("TRANSP", if busy { "OPAQUE" } else { "TRANSPARENT" });
    let done = matches!(
        item.what,
        What::Deadline(Deadline::Registration { registered: true })
    );
    if matches!(item.what, What::Deadline(_)) && !done {
        // A reminder a few days before each deadline still to meet.
        cal.raw("BEGIN", "VALARM");
        cal.raw("ACTION", "DISPLAY");
        cal.raw("TRIGGER", &format!("-P{DEADLINE_REMINDER_DAYS}D"));
        cal.text("DESCRIPTION", &summary);
        cal.raw("END", "VALARM");
    }
    cal.raw("END", "VEVENT");
}

fn meeting_lines(m: &MeetingInfo, when: &When, home: bool) -> Vec<String> {
    let mut lines = Vec::new();
    if let When::Span { start, end } = when {
        // The venue's time; a meeting away from it says where it is instead.
        let at = if m.address.is_some() {
            format!("At {}", m.location)
        } else {
            "At the venue".to_string()
        };
        lines.push(format!(
            "{at}: {} ({})",
            span(&start.local, &end.local),
            start.local.zone
        ));
        if home && let Some(h) = home_span(start, end) {
            lines.push(capitalise(&h));
        }
    }
    if let Some(with) = &m.with {
        lines.push(format!("With: {with}"));
    }
    lines.push(format!("Kind: {}", m.kind));
    lines.push(format!("Status: {}", m.status));
    let names: Vec<&str> = m.attendees.iter().map(|a| a.name.as_str()).collect();
    lines.push(format!("Attendees: {}", names.join(", ")));
    if let Some(notes) = &m.notes {
        lines.push(format!("Notes: {notes}"));
    }
    if let Some(url) = &m.url {
        lines.push(format!("Link: {url}"));
    }
    lines
}

fn travel_lines(t: &TravelInfo, when: &When, home: bool) -> Vec<String> {
    let mut lines = Vec::new();
    if let When::Span { start, end } = when {
        lines.push(format!(
            "Departs {} from {}",
            moment_label(&start.local),
            t.from
        ));
        lines.push(format!("Arrives {} at {}", moment_label(&end.local), t.to));
        if home && let Some(h) = home_span(start, end) {
            lines.push(capitalise(&h));
        }
    }
    if let Some(c) = &t.carrier {
        lines.push(format!("Carrier: {c}"));
    }
    if let Some(r) = &t.reference {
        lines.push(format!("Booking reference: {r}"));
    }
    if let Some(n) = &t.notes {
        lines.push(format!("Notes: {n}"));
    }
    lines
}

fn stay_lines(s: &StayInfo) -> Vec<String> {
    let mut lines = vec![format!(
        "{}: {} night{}, check in {}, check out {}",
        s.name,
        s.nights(),
        if s.nights() == 1 { "" } else { "s" },
        s.check_in.format("%a %-d %b"),
        s.check_out.format("%a %-d %b")
    )];
    if let Some(a) = &s.address {
        lines.push(format!("Address: {a}"));
    }
    if let Some(r) = &s.reference {
        lines.push(format!("Booking reference: {r}"));
    }
    if let Some(n) = &s.notes {
        lines.push(format!("Notes: {n}"));
    }
    lines
}

// Written out rather than with `format("%Y%m%d...")`, which parses its pattern on
// every call: a full export writes hundreds of thousands of these.
fn utc(t: DateTime<Utc>) -> String {
    use chrono::{Datelike, Timelike};
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

fn day(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

/// Content lines, folded and CRLF-terminated.
#[derive(Default)]
struct Writer {
    out: String,
}

impl Writer {
    /// A property whose value is written as is (dates, fixed words).
    fn raw(&mut self, name: &str, value: &str) {
        if fits(name, value.len()) {
            for part in [name, ":", value, "\r\n"] {
                self.out.push_str(part);
            }
            return;
        }
        fold(&mut self.out, &format!("{name}:{value}"), false);
    }

    /// A TEXT property: the value is cleaned and escaped.
    fn text(&mut self, name: &str, value: &str) {
        let value = clean(value);
        let escapes = value
            .bytes()
            .filter(|b| matches!(b, b'\\' | b';' | b',' | b'\n'))
            .count();
        if fits(name, value.len() + escapes) {
            self.out.push_str(name);
            self.out.push(':');
            escape_into(&mut self.out, &value);
            self.out.push_str("\r\n");
            return;
        }
        let mut line = String::with_capacity(name.len() + 1 + value.len() + escapes);
        line.push_str(name);
        line.push(':');
        escape_into(&mut line, &value);
        fold(&mut self.out, &line, true);
    }
}

/// TEXT escaping: `\` `;` `,` and line breaks. They are ASCII, so the runs between
/// them are whole UTF-8 and are copied as they are.
fn escape_into(out: &mut String, value: &str) {
    let mut run = 0;
    for (i, b) in value.bytes().enumerate() {
        let escape = match b {
            b'\\' => "\\\\",
            b';' => "\\;",
            b',' => "\\,",
            b'\n' => "\\n",
            _ => continue,
        };
        out.push_str(&value[run..i]);
        out.push_str(escape);
        run = i + 1;
    }
    out.push_str(&value[run..]);
}

/// Whether a content line of `name`, a colon and `len` octets of value needs no
/// folding: most lines (dates, UIDs, statuses) are short, and skip the folding work.
fn fits(name: &str, len: usize) -> bool {
    name.len() + 1 + len <= MAX_LINE
}

/// Write one content line folded at [`MAX_LINE`] octets (a continuation line starts
/// with a space, which counts), ending in CRLF. It is never split inside a UTF-8
/// character nor, in an `escaped` TEXT line, inside a backslash escape (every
/// backslash there starts one: `\\`, `\;`, `\,` or `\n`).
fn fold(out: &mut String, line: &str, escaped: bool) {
    let mut start = 0; // of the physical line being filled
    let mut limit = MAX_LINE;
    let mut chars = line.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let mut len = c.len_utf8();
        if escaped && c == '\\' {
            len += chars.next().map_or(0, |(_, e)| e.len_utf8());
        }
        if at - start + len > limit && at > start {
            // Carry trailing spaces over to the next line, so that no physical line
            // ends with one, when that keeps both lines within the limit.
            let kept = line[start..at].trim_end_matches([' ', '\t']).len();
            let carried = at - start - kept;
            let split = if kept > 0 && carried + len < MAX_LINE {
                start + kept
            } else {
                at
            };
            out.push_str(&line[start..split]);
            out.push_str("\r\n ");
            start = split;
            limit = MAX_LINE - 1;
        }
    }
    out.push_str(&line[start..]);
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(name: &str, value: &str) -> String {
        let mut w = Writer::default();
        w.text(name, value);
        w.out
    }

    fn unfold(s: &str) -> String {
        s.replace("\r\n ", "")
    }

    #[test]
    fn escapes_text() {
        assert_eq!(
            text("SUMMARY", "a\\b;c,d\ne\r\nf:g\"h"),
            "SUMMARY:a\\\\b\\;c\\,d\\ne\\nf:g\"h\r\n"
        );
        assert_eq!(text("SUMMARY", "x\u{1b}y"), "SUMMARY:x\\\\u{1b}y\r\n");
    }

    #[test]
    fn folds_at_75_octets_on_boundaries() {
        for value in [
            "a".repeat(200),
            "ë".repeat(100),
            "😀".repeat(60),
            ",".repeat(100),
            "ab ".repeat(60),
            format!("{}{}", "x".repeat(72), "\\,;ё€😀".repeat(20)),
            " ".repeat(200),
        ] {
            for pad in 0..4 {
                let v = format!("{}{value}", "y".repeat(pad));
                let s = text("DESCRIPTION", &v);
                assert!(s.ends_with("\r\n"));
                let body = &s[..s.len() - 2];
                for (i, line) in body.split("\r\n").enumerate() {
                    assert!(line.len() <= MAX_LINE, "{line:?} is {} octets", line.len());
                    if i > 0 {
                        assert!(line.starts_with(' '));
                    }
                    // no line ends inside an escape
                    let trailing = line.len() - line.trim_end_matches('\\').len();
                    assert_eq!(trailing % 2, 0, "{line:?}");
                }
                assert_eq!(unfold(&s), text("DESCRIPTION", &v).replace("\r\n ", ""));
                let expected = format!(
                    "DESCRIPTION:{}\r\n",
                    v.replace('\\', "\\\\")
                        .replace(',', "\\,")
                        .replace(';', "\\;")
                );
                assert_eq!(unfold(&s), expected);
            }
        }
    }

    #[test]
    fn no_line_ends_with_a_space_when_avoidable() {
        let s = text("DESCRIPTION", &format!("{}end", "word ".repeat(40)));
        for line in s.trim_end_matches("\r\n").split("\r\n") {
            assert!(!line.ends_with(' '), "{line:?}");
        }
    }
}
