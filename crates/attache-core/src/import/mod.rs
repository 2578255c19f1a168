//! Reading a session's official programme from a downloaded file (`attache import`),
//! offline: an iCalendar file as Indico, Google or Outlook write it ([`ics`]), or a
//! CSV with a header ([`csv`]).
//!
//! Reading turns the file into [`Entry`]s in the venue's local time, or into
//! diagnostics that name the file, the line and the fix: all of them at once, and no
//! entries when there is any. A block spanning several days (Indico's whole-event
//! calendar) becomes one entry per day within the usual meeting hours, and what lies
//! outside the session's days is left out; both are said in [`Imported::notes`].
//! [`crate::planning::programme`] then matches the entries with the plan by UID.

pub mod csv;
pub mod ics;

use std::path::Path;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use chrono_tz::Tz;

use crate::diag::{Diagnostic, Diagnostics, FileId, Sources, Span};
use crate::model::{MeetingKind, MeetingStatus, Session};
use crate::text::printable;

/// The largest programme file read. A week's programme with its descriptions is a few
/// hundred kilobytes; a file far larger is almost surely not a programme.
pub const MAX_BYTES: u64 = 16 * 1024 * 1024;

/// The usual meeting hours of the Vienna commissions (10:00–13:00 and 15:00–18:00,
/// `../shared/domain/un-vienna.md`): a block of several days is cut into these days.
const DAY_START: NaiveTime = NaiveTime::from_hms_opt(10, 0, 0).unwrap();
const DAY_END: NaiveTime = NaiveTime::from_hms_opt(18, 0, 0).unwrap();

/// One item of the programme, in the venue's local time.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The source's identity of the item, which a re-import matches it by. A block
    /// cut into days gets one per day: `UID#2027-03-09`.
    pub uid: String,
    pub title: String,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub room: Option<String>,
    pub organizer: Option<String>,
    pub description: Option<String>,
    pub url: Option<String>,
    pub kind: Option<MeetingKind>,
    pub status: MeetingStatus,
    /// Where the item is in the file.
    pub span: Option<Span>,
}

/// When an item starts or ends, as the file says it, already in the venue's zone.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum When {
    /// An all-day value: the day.
    Day(NaiveDate),
    Time(NaiveDateTime),
}

/// An item as read, before it is placed in the session's days.
#[derive(Debug, Clone)]
pub(crate) struct Raw {
    pub uid: Option<String>,
    pub title: String,
    pub start: When,
    /// `None`: an all-day item of one day.
    pub end: Option<When>,
    pub room: Option<String>,
    pub organizer: Option<String>,
    pub description: Option<String>,
    pub url: Option<String>,
    pub kind: Option<MeetingKind>,
    pub status: MeetingStatus,
    pub span: Option<Span>,
}

/// A programme file, read.
#[derive(Debug, Default)]
pub struct Imported {
    /// The file's text, for rendering the diagnostics.
    pub sources: Sources,
    /// "iCalendar" or "CSV".
    pub format: &'static str,
    pub entries: Vec<Entry>,
    /// What was cut into days or left out, and why.
    pub notes: Vec<String>,
    /// Errors: when there is one, there are no entries and nothing may be written.
    pub diagnostics: Diagnostics,
}

/// Read the programme in `bytes` (the file at `path`) for `session`, whose venue is
/// in `tz`.
pub fn read(path: &Path, bytes: &[u8], session: &Session, tz: Tz) -> Imported {
    let mut out = Imported::default();
    let shown = path.display().to_string();
    let (text, bad_utf8) = match std::str::from_utf8(bytes) {
        Ok(t) => (t.to_string(), None),
        Err(e) => (
            String::from_utf8_lossy(bytes).into_owned(),
            Some(e.valid_up_to()),
        ),
    };
    let file = out.sources.add(path.to_path_buf(), text);
    let at = |range: std::ops::Range<usize>| Some(Span::new(file, range));
    if bytes.len() as u64 > MAX_BYTES {
        out.diagnostics.push(too_big(&shown, bytes.len() as u64));
        return out;
    }
    if let Some(offset) = bad_utf8 {
        out.diagnostics.push(
            Diagnostic::error(format!("{} is not UTF-8 text", printable(&shown)))
                .at(at(offset..offset + 1))
                .help("save the programme as UTF-8 (in LibreOffice: File > Save As, Text CSV, character set Unicode UTF-8)"),
        );
        return out;
    }
    let text = out.sources.files[file.0].text.clone();
    let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let offset = text.len() - body.len();
    let mut raw = Vec::new();
    if body
        .trim_start()
        .get(..15)
        .is_some_and(|s| s.eq_ignore_ascii_case("BEGIN:VCALENDAR"))
    {
        out.format = "iCalendar";
        ics::read(body, offset, file, tz, &mut raw, &mut out.diagnostics);
    } else if is_csv(path, body) {
        out.format = "CSV";
        csv::read(body, offset, file, tz, &mut raw, &mut out.diagnostics);
    } else {
        out.diagnostics.push(
            Diagnostic::error(format!(
                "{} is neither an iCalendar file nor a CSV file",
                printable(&shown)
            ))
            .at(at(offset..offset + body.lines().next().map_or(0, str::len)))
            .help("download the programme as .ics (Indico: the calendar icon of the event or of its timetable), or save it as CSV with a header: title,start,end,room"),
        );
    }
    if out.diagnostics.has_errors() {
        return out;
    }
    out.entries = place(raw, session, &mut out.notes);
    duplicates(&out.entries, &mut out.diagnostics);
    if out.diagnostics.has_errors() {
        out.entries.clear();
    }
    out
}

/// The error for a file over [`MAX_BYTES`], also given before reading one.
pub fn too_big(path: &str, len: u64) -> Diagnostic {
    Diagnostic::error(format!(
        "{} is {:.1} MB: a programme file is at most {} MB",
        printable(path),
        len as f64 / 1_048_576.0,
        MAX_BYTES / 1_048_576
    ))
    .help("check that this is the programme; a very long one can be imported a part at a time (one file per day)")
}

/// A CSV: named so, or a first line that is a header (separated by commas or
/// semicolons, and naming a title or a start).
fn is_csv(path: &Path, body: &str) -> bool {
    let named = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let header = body.lines().next().unwrap_or("").to_ascii_lowercase();
    named
        || (header.contains([',', ';'])
            && ["title", "start", "summary"]
                .iter()
                .any(|c| header.contains(c)))
}

/// The entries of the session: each raw item within its days, a block of several
/// days cut into one entry per day.
fn place(raw: Vec<Raw>, session: &Session, notes: &mut Vec<String>) -> Vec<Entry> {
    let mut entries = Vec::new();
    let mut outside = Vec::new();
    let mut without_uid = 0;
    for r in raw {
        let uid = r.uid.clone().unwrap_or_else(|| {
            without_uid += 1;
            fallback_uid(&r)
        });
        let pieces = pieces(&r);
        let kept: Vec<_> = pieces
            .iter()
            .filter(|(s, _)| session.contains_day(s.date()))
            .collect();
        if kept.is_empty() {
            outside.push(r.title.clone());
            continue;
        }
        if pieces.len() > 1 {
            notes.push(format!(
                "\"{}\" spans {} days: it is one item per day within the session, {}–{} (the usual meeting hours)",
                printable(&r.title),
                pieces.len(),
                DAY_START.format("%H:%M"),
                DAY_END.format("%H:%M")
            ));
        }
        for (start, end) in kept {
            entries.push(Entry {
                uid: if pieces.len() > 1 {
                    format!("{uid}#{}", start.date())
                } else {
                    uid.clone()
                },
                title: r.title.clone(),
                start: *start,
                end: *end,
                room: r.room.clone(),
                organizer: r.organizer.clone(),
                description: r.description.clone(),
                url: r.url.clone(),
                kind: r.kind,
                status: r.status,
                span: r.span.clone(),
            });
        }
    }
    if !outside.is_empty() {
        notes.push(format!(
            "left out {} outside the session's days ({} to {}): {}",
            crate::diag::plural(outside.len(), "item"),
            session.start,
            session.end,
            outside
                .iter()
                .map(|t| format!("\"{}\"", printable(t)))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if without_uid > 0 {
        notes.push(format!(
            "{} no UID: a re-import matches them by title and start",
            if without_uid == 1 {
                "1 item has".to_string()
            } else {
                format!("{without_uid} items have")
            }
        ));
    }
    entries
}

/// An item's identity when the file gives none.
fn fallback_uid(r: &Raw) -> String {
    let start = match r.start {
        When::Day(d) => d.to_string(),
        When::Time(t) => t.format("%Y-%m-%dT%H:%M").to_string(),
    };
    format!("{}@{start}", crate::text::slugify(&r.title))
}

/// An item's start and end on each day it covers: itself when it is within one day
/// (or crosses one midnight, like an evening reception), else one piece per day in
/// the usual meeting hours, clipped to its own start and end.
fn pieces(r: &Raw) -> Vec<(NaiveDateTime, NaiveDateTime)> {
    let (start, end) = match (r.start, r.end) {
        (When::Time(s), Some(When::Time(e))) if e - s <= Duration::hours(24) => {
            return vec![(s, e)];
        }
        (When::Time(s), Some(When::Time(e))) => (s, e),
        (When::Time(s), Some(When::Day(d))) => (s, d.and_time(NaiveTime::MIN)),
        (When::Day(d), None) => (d.and_time(DAY_START), d.and_time(DAY_END)),
        (When::Day(d), Some(When::Day(e))) => {
            (d.and_time(NaiveTime::MIN), e.and_time(NaiveTime::MIN))
        }
        (When::Day(d), Some(When::Time(e))) => (d.and_time(NaiveTime::MIN), e),
        (When::Time(s), None) => return vec![(s, s)],
    };
    let mut out = Vec::new();
    let mut day = start.date();
    while day.and_time(NaiveTime::MIN) < end {
        let s = start.max(day.and_time(DAY_START));
        let e = end.min(day.and_time(DAY_END));
        if s < e {
            out.push((s, e));
        }
        match day.succ_opt() {
            Some(next) => day = next,
            None => break,
        }
    }
    out
}

/// Two entries with one UID: the second is an error (a re-import could not tell them
/// apart).
fn duplicates(entries: &[Entry], diags: &mut Diagnostics) {
    let mut seen: std::collections::HashMap<&str, &Entry> = std::collections::HashMap::new();
    for e in entries {
        if let Some(first) = seen.insert(&e.uid, e) {
            diags.push(
                Diagnostic::error(format!(
                    "two items have the UID \"{}\": \"{}\" and \"{}\"",
                    printable(&e.uid),
                    printable(&first.title),
                    printable(&e.title)
                ))
                .at(e.span.clone())
                .help(
                    "each item needs its own UID (or id column): fix the file, or remove the copy",
                ),
            );
        }
    }
}

/// Text of an HTML description, as a person reads it: tags dropped (a line break for
/// `<br>`, `<p>`, `<li>`), the common entities decoded, spaces collapsed. Hand-written
/// because programme descriptions are simple markup and a full HTML engine would be a
/// large dependency for this; what it returns is text, escaped like any other on
/// display, so markup that slips through cannot do harm.
pub fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let Some(j) = rest[i..].find('>') else {
            out.push_str(&rest[i..]);
            rest = "";
            break;
        };
        let closing = rest[i + 1..].starts_with('/');
        let tag = rest[i + 1..i + j]
            .trim_start_matches('/')
            .to_ascii_lowercase();
        let name = tag
            .split(|c: char| !c.is_ascii_alphanumeric())
            .next()
            .unwrap_or("");
        if matches!(
            name,
            "br" | "p" | "li" | "div" | "tr" | "h1" | "h2" | "h3" | "h4"
        ) {
            out.push('\n');
        }
        rest = &rest[i + j + 1..];
        // A script or a style is not text: skip to its closing tag.
        if !closing && matches!(name, "script" | "style") {
            let end = rest.to_ascii_lowercase().find(&format!("</{name}"));
            rest = end.map_or("", |k| &rest[k..]);
        }
    }
    out.push_str(rest);
    let decoded = decode_entities(&out);
    decoded
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let end = tail.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| entity(&tail[1..e]));
        match (end, decoded) {
            (Some(e), Some(c)) => {
                out.push(c);
                rest = &tail[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => {
            let n = name.strip_prefix('#')?;
            let code = match n.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => n.parse().ok()?,
            };
            char::from_u32(code).filter(|c| !c.is_control() || *c == '\n')
        }
    }
}

/// The span of the 1-based line `line` of `text` (which starts at `offset` in the file).
pub(crate) fn line_span(file: FileId, text: &str, offset: usize, line: usize) -> Option<Span> {
    let mut start = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let len = l.trim_end_matches(['\r', '\n']).len();
            return Some(Span::new(file, offset + start..offset + start + len));
        }
        start += l.len();
    }
    None
}

#[cfg(test)]
mod tests;
