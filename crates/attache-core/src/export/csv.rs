//! CSV (RFC 4180: comma-separated, CRLF line ends, fields quoted when needed), one row
//! per item of each person, for spreadsheets.
//!
//! The columns are fixed, in this order (a column that does not apply is empty):
//!
//! | column | content |
//! | --- | --- |
//! | `session` | session id |
//! | `person` | person id |
//! | `name` | person's name |
//! | `role` | their role in the session's delegation |
//! | `item` | the item's stable id (as in the iCalendar UID and the JSON) |
//! | `kind` | `registration-deadline`, `nomination-due`, `session-day`, `check-out`, `check-in`, `travel`, `meeting` |
//! | `status` | meetings: `confirmed`, `proposed`, `cancelled`; session days: `confirmed`, `tentative`; registration: `registered`, `not-registered` |
//! | `all_day` | `yes` for whole-day items, `no` otherwise |
//! | `start`, `end` | local date-time (`2027-03-09T13:00`), or the date for whole-day items |
//! | `start_zone`, `end_zone` | IANA zone (`Europe/Vienna`) or offset (`UTC+01:00`) |
//! | `start_utc`, `end_utc` | `2027-03-09T12:00:00Z`; empty for whole-day items |
//! | `home_start`, `home_end`, `home_zone` | with `--home-time`: the same times in the person's home zone |
//! | `title` | what it is |
//! | `with` | a meeting's counterpart, or a journey's carrier |
//! | `location` | room and venue, the hotel, or `from → to` |
//! | `attendees` | a meeting's attendees' names, separated by `; ` |
//! | `notes` | notes, lines joined by ` / ` |
//! | `reference` | booking reference; empty with `--redact` |
//! | `day` | the day it is listed under: the local date where and when it starts (a journey: its departure's) |
//!
//! The file starts with a UTF-8 byte-order mark (U+FEFF), so that a double-click opens
//! it in LibreOffice or Excel with accents intact; `--no-bom` leaves it out for
//! scripts. Readers that know UTF-8 (Python's `utf-8-sig`, the `csv` crate with
//! trimming of the mark) skip it.
//!
//! Text that a spreadsheet would run as a formula (cells starting with `=`, `+`, `-`,
//! `@`, a tab or a carriage return) is neutralised with a leading `'` in the free-text
//! columns (`name`, `title`, `with`, `location`, `attendees`, `notes`, `reference`).
//! Control characters are shown as visible escapes.

use std::io;

use chrono::{DateTime, NaiveDateTime, Utc};

use super::Sink;
use super::describe::describe;
use super::itinerary::{
    Deadline, Item, LocalTime, Options, Outline, PersonItinerary, SessionInfo, What, When,
};
use super::text::one_line;
use crate::model::SessionStatus;

pub const COLUMNS: [&str; 24] = [
    "session",
    "person",
    "name",
    "role",
    "item",
    "kind",
    "status",
    "all_day",
    "start",
    "start_zone",
    "end",
    "end_zone",
    "start_utc",
    "end_utc",
    "home_start",
    "home_end",
    "home_zone",
    "title",
    "with",
    "location",
    "attendees",
    "notes",
    "reference",
    "day",
];

/// The UTF-8 byte-order mark the CSV starts with unless [`Options::no_bom`]: without
/// it, LibreOffice's and Excel's default import read UTF-8 as Latin-1 (`PrimjeriÄ‡`).
pub const BOM: &str = "\u{FEFF}";

/// Write the header, then each person's rows. Returns how many items it wrote.
pub(crate) fn write(outline: &Outline, options: &Options, sink: &mut Sink) -> io::Result<usize> {
    if !options.no_bom {
        sink.buf.push_str(BOM);
    }
    sink.buf.push_str(&rows(|w| w.write_record(COLUMNS)));
    let mut items = 0;
    for n in 0..outline.head.people.len() {
        sink.flush()?;
        let p = outline.person(n);
        sink.buf.push_str(&rows(|w| {
            for item in &p.items {
                if let Some(session) = outline.session(&item.session) {
                    w.write_record(record(&p, item, session))?;
                }
            }
            Ok(())
        }));
        items += p.items.len();
    }
    Ok(items)
}

/// Rows as CSV text (RFC 4180: CRLF, quoted only where needed).
fn rows(write: impl FnOnce(&mut ::csv::Writer<Vec<u8>>) -> ::csv::Result<()>) -> String {
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .quote_style(::csv::QuoteStyle::Necessary)
        .from_writer(Vec::new());
    // Into memory, from strings: neither can fail.
    let _ = write(&mut w);
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// One item's row.
fn record(p: &PersonItinerary, item: &Item, session: &SessionInfo) -> [String; 24] {
    let d = describe(item, session);
    let role = p
        .delegation(&item.session)
        .map(|d| d.role.to_string())
        .unwrap_or_default();
    let status = match &item.what {
        What::Meeting(m) => m.status.to_string(),
        What::SessionDay { .. } => match session.status {
            SessionStatus::Confirmed => "confirmed".into(),
            SessionStatus::Tentative => "tentative".into(),
        },
        What::Deadline(Deadline::Registration { registered: true }) => "registered".into(),
        What::Deadline(Deadline::Registration { registered: false }) => "not-registered".into(),
        _ => String::new(),
    };
    let (all_day, start, start_zone, end, end_zone, start_utc, end_utc, home) = match &item.when {
        When::AllDay { date, .. } => (
            "yes",
            date.to_string(),
            session.timezone.name().to_string(),
            date.to_string(),
            session.timezone.name().to_string(),
            String::new(),
            String::new(),
            None,
        ),
        When::Span { start, end } => (
            "no",
            local(start.local.time),
            start.local.zone.clone(),
            local(end.local.time),
            end.local.zone.clone(),
            utc(start.utc),
            utc(end.utc),
            start.home.as_ref().zip(end.home.as_ref()),
        ),
    };
    let (home_start, home_end, home_zone) = match home {
        Some((a, b)) => (local(a.time), local(b.time), zone(a)),
        None => Default::default(),
    };
    let (with, location, attendees, notes, reference) = match &item.what {
        What::Meeting(m) => (
            m.with.clone(),
            Some(m.location.clone()),
            Some(
                m.attendees
                    .iter()
                    .map(|a| a.name.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            m.notes.clone(),
            None,
        ),
        What::Travel(t) => (
            t.carrier.clone(),
            Some(format!("{} → {}", t.from, t.to)),
            None,
            t.notes.clone(),
            t.reference.clone(),
        ),
        What::CheckIn(s) | What::CheckOut(s) => (
            None,
            Some(match &s.address {
                Some(a) => format!("{}, {a}", s.name),
                None => s.name.clone(),
            }),
            None,
            s.notes.clone(),
            s.reference.clone(),
        ),
        What::SessionDay { .. } => (None, Some(session.venue.full()), None, None, None),
        What::Arrival { city } | What::Departure { city } => {
            (None, Some(city.clone()), None, None, None)
        }
        What::Deadline(_) => (None, None, None, None, None),
    };
    let free = |s: Option<String>| neutralise(&one_line(&s.unwrap_or_default()));
    let record: [String; 24] = [
        item.session.clone(),
        p.id.clone(),
        neutralise(&one_line(&p.name)),
        role,
        item.id.clone(),
        item.what.kind().to_string(),
        status,
        all_day.to_string(),
        start,
        start_zone,
        end,
        end_zone,
        start_utc,
        end_utc,
        home_start,
        home_end,
        home_zone,
        neutralise(&one_line(&d.title)),
        free(with),
        free(location),
        free(attendees),
        free(notes),
        free(reference),
        item.day.to_string(),
    ];
    record
}

fn local(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M").to_string()
}

fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn zone(t: &LocalTime) -> String {
    t.zone.clone()
}

/// Prefix a cell that a spreadsheet would read as a formula with `'`.
pub fn neutralise(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(neutralise("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(neutralise("+1"), "'+1");
        assert_eq!(neutralise("-x"), "'-x");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("plain = fine"), "plain = fine");
    }
}
