//! An iCalendar programme, parsed by the `icalendar` crate (maintained, and it reads
//! Indico's, Google's and Outlook's files: folded lines, escaped text, `TZID`
//! parameters, `VALUE=DATE`). What is ours is the mapping of its events to
//! programme items and the messages that point at a line.
//!
//! Times: `Z` (UTC, as Indico writes them) and `TZID` times become the venue's local
//! time; floating times are taken as the venue's. A `TZID` is an IANA name, possibly
//! quoted or behind a path (`/example.org/Europe/Vienna`), or one of the Windows
//! names Outlook writes.

use std::ops::Range;

use chrono::NaiveDateTime;
use chrono_tz::Tz;
use icalendar::{
    Calendar, CalendarComponent, CalendarDateTime, Component, DatePerhapsTime, Event, EventLike,
    EventStatus,
};

use super::{Raw, When, html_text, line_span};
use crate::diag::{Diagnostic, Diagnostics, FileId, Span};
use crate::model::{MeetingKind, MeetingStatus};
use crate::text::printable;

pub(super) fn read(
    text: &str,
    offset: usize,
    file: FileId,
    tz: Tz,
    out: &mut Vec<Raw>,
    diags: &mut Diagnostics,
) {
    let calendar: Calendar = match text.parse() {
        Ok(c) => c,
        Err(e) => {
            diags.push(not_parsed(&e, text, offset, file));
            return;
        }
    };
    let blocks = event_blocks(text);
    let events = calendar.components.iter().filter_map(|c| match c {
        CalendarComponent::Event(e) => Some(e),
        _ => None,
    });
    let mut count = 0;
    for (i, e) in events.enumerate() {
        count += 1;
        let block = blocks.get(i).cloned().unwrap_or(0..0);
        let event = Ev {
            e,
            text,
            block,
            offset,
            file,
            tz,
        };
        if let Some(raw) = event.raw(diags) {
            out.push(raw);
        }
    }
    if count == 0 && !diags.has_errors() {
        diags.push(
            Diagnostic::error("the calendar has no events (VEVENT): there is nothing to import")
                .at(Some(Span::new(file, offset..offset + 15)))
                .help("download the event's timetable rather than the event itself, or check that this is the right file"),
        );
    }
}

/// One event and where it is in the file.
struct Ev<'a> {
    e: &'a Event,
    text: &'a str,
    /// Byte range of its `BEGIN:VEVENT` … `END:VEVENT` in `text`.
    block: Range<usize>,
    offset: usize,
    file: FileId,
    tz: Tz,
}

impl Ev<'_> {
    fn raw(&self, diags: &mut Diagnostics) -> Option<Raw> {
        let title = self
            .e
            .get_summary()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        if title.is_none() {
            diags.push(
                Diagnostic::error("an event has no title (SUMMARY)")
                    .at(self.at("BEGIN"))
                    .help("give it a SUMMARY line, or remove the event from the file"),
            );
        }
        let start = self.when("DTSTART", self.e.get_start(), diags);
        let end = match self.e.get_end() {
            Some(end) => self.when("DTEND", Some(end), diags).map(Some),
            None => self.duration_end(start, diags),
        };
        let (title, start, end) = (title?, start?, end?);
        if let (When::Time(s), Some(When::Time(e))) = (start, end)
            && e <= s
        {
            diags.push(
                Diagnostic::error(format!(
                    "\"{}\" ends ({}) before it starts ({})",
                    printable(title),
                    e.format("%Y-%m-%d %H:%M"),
                    s.format("%Y-%m-%d %H:%M")
                ))
                .at(self.at("DTEND"))
                .help("correct DTSTART or DTEND"),
            );
            return None;
        }
        Some(Raw {
            uid: self
                .e
                .get_uid()
                .map(|u| u.trim().to_string())
                .filter(|u| !u.is_empty()),
            title: title.to_string(),
            start,
            end,
            room: text_of(self.e.get_location()),
            organizer: self.organizer(),
            description: self
                .e
                .get_description()
                .map(html_text)
                .filter(|d| !d.is_empty()),
            url: text_of(self.e.get_url()),
            kind: self.kind(),
            status: match self.e.get_status() {
                Some(EventStatus::Cancelled) => MeetingStatus::Cancelled,
                Some(EventStatus::Tentative) => MeetingStatus::Proposed,
                _ => MeetingStatus::Confirmed,
            },
            span: self.at("BEGIN"),
        })
    }

    /// The span of the event's first line starting with `name` (a property), else of
    /// its `BEGIN:VEVENT`.
    fn at(&self, name: &str) -> Option<Span> {
        let block = &self.text[self.block.clone()];
        let mut pos = self.block.start;
        let mut first = None;
        for line in block.split_inclusive('\n') {
            let bare = line.trim_end_matches(['\r', '\n']);
            let range = self.offset + pos..self.offset + pos + bare.len();
            first.get_or_insert(range.clone());
            let upper = bare.to_ascii_uppercase();
            if upper.starts_with(name) && upper[name.len()..].starts_with([':', ';']) {
                return Some(Span::new(self.file, range));
            }
            pos += line.len();
        }
        first.map(|r| Span::new(self.file, r))
    }

    /// A start or end in the venue's time.
    fn when(
        &self,
        key: &str,
        value: Option<DatePerhapsTime>,
        diags: &mut Diagnostics,
    ) -> Option<When> {
        let Some(value) = value else {
            let present = self.e.properties().contains_key(key);
            diags.push(if present {
                Diagnostic::error(format!("{key} is not a date or a date and time"))
                    .at(self.at(key))
                    .help(format!(
                        "write it as {key}:20270309T130000Z (UTC) or {key};VALUE=DATE:20270309"
                    ))
            } else {
                Diagnostic::error(format!(
                    "an event has no {}",
                    if key == "DTSTART" {
                        "start (DTSTART)"
                    } else {
                        "end (DTEND)"
                    }
                ))
                .at(self.at("BEGIN"))
                .help(format!("add a {key} line, e.g. {key}:20270309T130000Z"))
            });
            return None;
        };
        match value {
            DatePerhapsTime::Date(d) => Some(When::Day(d)),
            DatePerhapsTime::DateTime(CalendarDateTime::Floating(t)) => Some(When::Time(t)),
            DatePerhapsTime::DateTime(CalendarDateTime::Utc(t)) => {
                Some(When::Time(t.with_timezone(&self.tz).naive_local()))
            }
            DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone { date_time, tzid }) => {
                self.zoned(key, date_time, &tzid, diags).map(When::Time)
            }
        }
    }

    fn zoned(
        &self,
        key: &str,
        local: NaiveDateTime,
        tzid: &str,
        diags: &mut Diagnostics,
    ) -> Option<NaiveDateTime> {
        let Some(zone) = zone_of(tzid) else {
            diags.push(
                Diagnostic::error(format!(
                    "the time zone \"{}\" of {key} does not exist",
                    printable(tzid)
                ))
                .at(self.at(key))
                .help(crate::diag::did_you_mean(tzid, crate::time::tz_names()).unwrap_or_else(
                    || "use an IANA name such as Europe/Vienna, or give the time in UTC (ending in Z)".into(),
                )),
            );
            return None;
        };
        match crate::time::resolve_local(zone, local) {
            Ok(t) => Some(t.with_timezone(&self.tz).naive_local()),
            Err(e) => {
                diags.push(
                    Diagnostic::error(format!("{key}: {}", e.explain(local, zone)))
                        .at(self.at(key))
                        .help("check the time, or give it in UTC (ending in Z)"),
                );
                None
            }
        }
    }

    /// The end from `DURATION` (`PT1H30M`, `P1D`), when there is no `DTEND`; an
    /// all-day item without either lasts its day.
    fn duration_end(&self, start: Option<When>, diags: &mut Diagnostics) -> Option<Option<When>> {
        let duration = self.e.property_value("DURATION");
        match (start?, duration) {
            (When::Day(_), None) => Some(None),
            (start, Some(text)) => {
                match (parse_duration(text), start) {
                    (Some(d), When::Time(s)) => Some(Some(When::Time(s + d))),
                    (Some(d), When::Day(day)) => Some(Some(When::Day(
                        day + chrono::Days::new(d.num_days().max(1) as u64),
                    ))),
                    (None, _) => {
                        diags.push(
                        Diagnostic::error(format!("DURATION \"{}\" is not a duration", printable(text)))
                            .at(self.at("DURATION"))
                            .help("write it as PT1H30M (1 hour 30 minutes) or P1D (a day), or give DTEND"),
                    );
                        None
                    }
                }
            }
            (When::Time(_), None) => {
                diags.push(
                    Diagnostic::error("an event has no end (DTEND or DURATION)")
                        .at(self.at("DTSTART"))
                        .help("add a DTEND line, e.g. DTEND:20270309T140000Z"),
                );
                None
            }
        }
    }

    /// The organizer's name (`ORGANIZER;CN=...`), else its address.
    fn organizer(&self) -> Option<String> {
        let p = self.e.properties().get("ORGANIZER")?;
        let name = p
            .params()
            .get("CN")
            .map(|c| c.value().trim_matches('"').to_string());
        name.or_else(|| Some(p.value().trim_start_matches("mailto:").to_string()))
            .filter(|s| !s.trim().is_empty())
    }

    /// The kind, when a category names one (`Side Event` is `side-event`).
    fn kind(&self) -> Option<MeetingKind> {
        let categories = self.e.multi_properties().get("CATEGORIES")?;
        categories
            .iter()
            .flat_map(|p| p.value().split(','))
            .find_map(|c| MeetingKind::parse(&crate::text::slugify(c)))
    }
}

fn text_of(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// The byte range of each `BEGIN:VEVENT` … `END:VEVENT`, in order.
fn event_blocks(text: &str) -> Vec<Range<usize>> {
    let mut blocks = Vec::new();
    let mut start = None;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\r', '\n']);
        if bare.eq_ignore_ascii_case("BEGIN:VEVENT") {
            start = Some(pos);
        } else if bare.eq_ignore_ascii_case("END:VEVENT")
            && let Some(s) = start.take()
        {
            blocks.push(s..pos + bare.len());
        }
        pos += line.len();
    }
    blocks
}

/// The parser's refusal, at the line it names.
fn not_parsed(message: &str, text: &str, offset: usize, file: FileId) -> Diagnostic {
    let line = message
        .split("at line ")
        .nth(1)
        .and_then(|s| s.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(1);
    Diagnostic::error("the file is not valid iCalendar here")
        .at(line_span(file, text, offset, line))
        .help("each line is NAME:value, between BEGIN:VCALENDAR and END:VCALENDAR; download the file again, or export it again from the calendar")
}

/// A `TZID` as a zone: an IANA name (quoted, or at the end of a path), or a Windows
/// name as Outlook writes them.
pub fn zone_of(tzid: &str) -> Option<Tz> {
    let id = tzid.trim().trim_matches('"');
    if let Ok(tz) = id.parse::<Tz>() {
        return Some(tz);
    }
    let parts: Vec<&str> = id.split('/').filter(|p| !p.is_empty()).collect();
    for n in (1..=parts.len().min(3)).rev() {
        if let Ok(tz) = parts[parts.len() - n..].join("/").parse::<Tz>() {
            return Some(tz);
        }
    }
    WINDOWS_ZONES
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(id))
        .and_then(|(_, iana)| iana.parse().ok())
}

/// The Windows zone names Outlook writes for the places delegations come from and go
/// to (CLDR's windowsZones mapping, main city of each).
const WINDOWS_ZONES: &[(&str, &str)] = &[
    ("W. Europe Standard Time", "Europe/Berlin"),
    ("Central Europe Standard Time", "Europe/Budapest"),
    ("Central European Standard Time", "Europe/Warsaw"),
    ("Romance Standard Time", "Europe/Paris"),
    ("GMT Standard Time", "Europe/London"),
    ("Greenwich Standard Time", "Atlantic/Reykjavik"),
    ("E. Europe Standard Time", "Europe/Chisinau"),
    ("FLE Standard Time", "Europe/Kiev"),
    ("GTB Standard Time", "Europe/Bucharest"),
    ("Russian Standard Time", "Europe/Moscow"),
    ("Turkey Standard Time", "Europe/Istanbul"),
    ("Eastern Standard Time", "America/New_York"),
    ("Central Standard Time", "America/Chicago"),
    ("Mountain Standard Time", "America/Denver"),
    ("Pacific Standard Time", "America/Los_Angeles"),
    ("SA Pacific Standard Time", "America/Bogota"),
    ("E. South America Standard Time", "America/Sao_Paulo"),
    ("Argentina Standard Time", "America/Buenos_Aires"),
    ("Mexico Standard Time", "America/Mexico_City"),
    ("Central America Standard Time", "America/Guatemala"),
    ("Morocco Standard Time", "Africa/Casablanca"),
    ("W. Central Africa Standard Time", "Africa/Lagos"),
    ("South Africa Standard Time", "Africa/Johannesburg"),
    ("E. Africa Standard Time", "Africa/Nairobi"),
    ("Egypt Standard Time", "Africa/Cairo"),
    ("Arabian Standard Time", "Asia/Dubai"),
    ("Arab Standard Time", "Asia/Riyadh"),
    ("Israel Standard Time", "Asia/Jerusalem"),
    ("Iran Standard Time", "Asia/Tehran"),
    ("Pakistan Standard Time", "Asia/Karachi"),
    ("India Standard Time", "Asia/Calcutta"),
    ("Bangladesh Standard Time", "Asia/Dhaka"),
    ("SE Asia Standard Time", "Asia/Bangkok"),
    ("China Standard Time", "Asia/Shanghai"),
    ("Singapore Standard Time", "Asia/Singapore"),
    ("Tokyo Standard Time", "Asia/Tokyo"),
    ("Korea Standard Time", "Asia/Seoul"),
    ("AUS Eastern Standard Time", "Australia/Sydney"),
    ("New Zealand Standard Time", "Pacific/Auckland"),
    ("UTC", "UTC"),
];

/// An iCalendar duration: `P1D`, `PT1H30M`, `P1DT2H`, `P2W`.
fn parse_duration(text: &str) -> Option<chrono::Duration> {
    let s = text.trim().strip_prefix('P')?;
    let (days, time) = s.split_once('T').unwrap_or((s, ""));
    let mut total = chrono::Duration::zero();
    let mut add = |part: &str, units: &[(char, i64)]| -> Option<()> {
        let mut n = String::new();
        for c in part.chars() {
            if c.is_ascii_digit() {
                n.push(c);
            } else {
                let (_, secs) = units.iter().find(|(u, _)| *u == c)?;
                total += chrono::Duration::seconds(n.parse::<i64>().ok()? * secs);
                n.clear();
            }
        }
        n.is_empty().then_some(())
    };
    add(days, &[('W', 7 * 86_400), ('D', 86_400)])?;
    add(time, &[('H', 3_600), ('M', 60), ('S', 1)])?;
    (total > chrono::Duration::zero()).then_some(total)
}
