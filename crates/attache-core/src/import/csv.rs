//! A programme as a CSV with a header, as one is typed in a spreadsheet from the UN
//! Journal or a side-event list. Columns, in any order and case:
//!
//! - `title` (or `summary`, `name`), `start`, `end`: required;
//! - `room` (or `location`), `organizer` (or `with`), `description` (or `notes`),
//!   `url` (or `link`), `id` (or `uid`), `kind`, `status`, `zone` (or `timezone`).
//!
//! Times are `2027-03-09 13:00` in the venue's time, unless they carry an offset
//! (`2027-03-09T13:00+01:00`, or `Z` for UTC) or the row names a `zone`. A day alone
//! (`2027-03-09`) is an all-day item. Without an `id`, a re-import matches an item by
//! its title and start. A header row may be separated by commas or semicolons.

use chrono::{DateTime, NaiveDate};
use chrono_tz::Tz;

use super::{Raw, When, line_span};
use crate::diag::{Diagnostic, Diagnostics, FileId, Span};
use crate::model::{MeetingKind, MeetingStatus};
use crate::text::printable;

/// The columns read, each with the names it may go by.
const COLUMNS: &[(&str, &[&str])] = &[
    ("title", &["title", "summary", "name"]),
    ("start", &["start", "begin", "from"]),
    ("end", &["end", "until", "to"]),
    ("room", &["room", "location", "place"]),
    ("organizer", &["organizer", "organiser", "with"]),
    ("description", &["description", "notes"]),
    ("url", &["url", "link"]),
    ("id", &["id", "uid"]),
    ("kind", &["kind", "type"]),
    ("status", &["status"]),
    ("zone", &["zone", "timezone", "time zone"]),
];

pub(super) fn read(
    text: &str,
    offset: usize,
    file: FileId,
    tz: Tz,
    out: &mut Vec<Raw>,
    diags: &mut Diagnostics,
) {
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_ascii_lowercase()).collect(),
        Err(e) => {
            diags.push(
                Diagnostic::error(format!("the CSV header cannot be read: {e}"))
                    .at(line_span(file, text, offset, 1)),
            );
            return;
        }
    };
    let column = |name: &str| {
        let names = COLUMNS
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(&[][..], |(_, a)| a);
        header.iter().position(|h| names.contains(&h.as_str()))
    };
    let missing: Vec<&str> = ["title", "start", "end"]
        .into_iter()
        .filter(|c| column(c).is_none())
        .collect();
    if !missing.is_empty() {
        diags.push(
            Diagnostic::error(format!(
                "the CSV has no {} column",
                missing.join(", no ")
            ))
            .at(line_span(file, text, offset, 1))
            .help(format!(
                "its first line must name the columns, at least: title,start,end (it reads: {})",
                printable(first)
            )),
        );
        return;
    }
    let cols: Vec<(&str, Option<usize>)> = COLUMNS.iter().map(|(n, _)| (*n, column(n))).collect();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(1, |p| p.line() as usize);
                diags.push(
                    Diagnostic::error(format!("this row cannot be read: {e}"))
                        .at(line_span(file, text, offset, line)),
                );
                continue;
            }
        };
        let line = record.position().map_or(1, |p| p.line() as usize);
        let span = line_span(file, text, offset, line);
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cells = Cells {
            cols: &cols,
            record: &record,
        };
        if let Some(raw) = row(&cells, tz, span, diags) {
            out.push(raw);
        }
    }
}

/// A row's cells by column name.
struct Cells<'a> {
    cols: &'a [(&'static str, Option<usize>)],
    record: &'a csv::StringRecord,
}

impl<'a> Cells<'a> {
    /// The trimmed cell of the column `name`; `None` when absent or empty.
    fn get(&self, name: &str) -> Option<&'a str> {
        self.cols
            .iter()
            .find(|(n, _)| *n == name)
            .and_then(|(_, i)| *i)
            .and_then(|i| self.record.get(i))
            .map(str::trim)
            .filter(|v| !v.is_empty())
    }
}

/// One row as an item, or its problems.
fn row(cells: &Cells<'_>, venue: Tz, span: Option<Span>, diags: &mut Diagnostics) -> Option<Raw> {
    let get = |name: &str| cells.get(name);
    let err = |diags: &mut Diagnostics, message: String, help: &str| {
        diags.push(
            Diagnostic::error(message)
                .at(span.clone())
                .help(help.to_string()),
        );
    };
    let zone = match get("zone") {
        None => None,
        Some(z) => match crate::import::ics::zone_of(z) {
            Some(tz) => Some(tz),
            None => {
                err(
                    diags,
                    format!("the time zone \"{}\" does not exist", printable(z)),
                    "use an IANA name such as Europe/Vienna, or leave the zone empty for the venue's time",
                );
                return None;
            }
        },
    };
    let title = get("title");
    if title.is_none() {
        err(
            diags,
            "this row has no title".into(),
            "give every item a title, or delete the row",
        );
    }
    let mut time = |key: &str| match get(key) {
        None => {
            err(
                diags,
                format!("this row has no {key}"),
                "write times like 2027-03-09 13:00 (the venue's time)",
            );
            None
        }
        Some(v) => match when(v, zone.unwrap_or(venue), venue) {
            Ok(w) => Some(w),
            Err(why) => {
                err(
                    diags,
                    format!("{key} \"{}\" {why}", printable(v)),
                    "write times like 2027-03-09 13:00 (the venue's time), 2027-03-09T12:00Z (UTC) or a day like 2027-03-09",
                );
                None
            }
        },
    };
    let (start, end) = (time("start"), time("end"));
    let (title, start, end) = (title?, start?, end?);
    if let (When::Time(s), When::Time(e)) = (start, end)
        && e <= s
    {
        err(
            diags,
            format!(
                "\"{}\" ends ({}) before it starts ({})",
                printable(title),
                e.format("%Y-%m-%d %H:%M"),
                s.format("%Y-%m-%d %H:%M")
            ),
            "correct its start or end",
        );
        return None;
    }
    Some(Raw {
        uid: get("id").map(str::to_string),
        title: title.to_string(),
        start,
        end: Some(end),
        room: get("room").map(str::to_string),
        organizer: get("organizer").map(str::to_string),
        description: get("description").map(crate::import::html_text),
        url: get("url").map(str::to_string),
        kind: get("kind").and_then(|k| MeetingKind::parse(&crate::text::slugify(k))),
        status: match get("status").map(str::to_ascii_lowercase).as_deref() {
            Some("cancelled" | "canceled") => MeetingStatus::Cancelled,
            Some("tentative" | "proposed") => MeetingStatus::Proposed,
            _ => MeetingStatus::Confirmed,
        },
        span,
    })
}

/// A cell's time in the venue's zone: with an offset or `Z`, in `zone`, or a day.
fn when(text: &str, zone: Tz, venue: Tz) -> Result<When, String> {
    let s = text.trim().replacen(' ', "T", 1);
    let utc = s.strip_suffix(['Z', 'z']).map(|t| format!("{t}+00:00"));
    let with_offset = utc.as_deref().unwrap_or(&s);
    for f in ["%Y-%m-%dT%H:%M:%S%:z", "%Y-%m-%dT%H:%M%:z"] {
        if let Ok(t) = DateTime::parse_from_str(with_offset, f) {
            return Ok(When::Time(t.with_timezone(&venue).naive_local()));
        }
    }
    if let Some(local) = crate::time::parse_local(&s) {
        return crate::time::resolve_local(zone, local)
            .map(|t| When::Time(t.with_timezone(&venue).naive_local()))
            .map_err(|e| {
                let why = e.explain(local, zone);
                format!("is not a time there: {why}")
            });
    }
    if let Ok(d) = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") {
        return Ok(When::Day(d));
    }
    Err(if text.contains('/') {
        "is not a date in the form YYYY-MM-DD".into()
    } else {
        "is not a date and time".into()
    })
}
