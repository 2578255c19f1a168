//! Exporting itineraries: iCalendar, Markdown, HTML, CSV, JSON and the nomination letter
//! (as text, and as an A4 page on letterhead).
//!
//! Exporting is two pure steps, so that the same plan always gives the same bytes:
//!
//! 1. [`itinerary::outline`] turns the database and a [`Selection`] into an
//!    [`Outline`] of the neutral [`Itinerary`]: the selected sessions, and for each
//!    selected person (built on demand) their items
//!    (travel legs, hotel check-in and check-out, session days, meetings, deadlines)
//!    sorted by the instant they happen, with every time already resolved to UTC and to
//!    the local time and zone it is shown in.
//! 2. One `write(&Outline, &Options, &mut Sink)` per format turns that into text,
//!    as it goes: the head first, then one person at a time ([`Outline::person`]),
//!    each part passed on to the writer before the next is made. A whole
//!    organization's export so never holds everyone's items, nor the whole text.
//!
//! Nothing here reads a file, the clock or the environment: the command line
//! (`attache export`) does the loading and gives the writer.

pub mod csv;
pub mod describe;
pub mod html;
pub mod ics;
pub mod itinerary;
pub mod json;
pub mod letter;
pub mod letter_html;
pub mod markdown;
pub mod text;

use std::io::Write;

pub use itinerary::{Itinerary, Options, Outline, SelectError, Selection, build, outline};

/// The formats `attache export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// iCalendar (RFC 5545), for calendar applications.
    Ics,
    /// Markdown, to read or to paste into a document.
    Markdown,
    /// One self-contained HTML page, to read or print.
    Html,
    /// CSV (RFC 4180), one row per item, for spreadsheets.
    Csv,
    /// JSON, a documented and versioned schema (see [`json`]).
    Json,
    /// The nomination letter's text, one per session.
    Letter,
    /// The nomination letter as an A4 page on the organization's letterhead.
    LetterHtml,
}

impl Format {
    pub const ALL: [Format; 7] = [
        Format::Ics,
        Format::Markdown,
        Format::Html,
        Format::Csv,
        Format::Json,
        Format::Letter,
        Format::LetterHtml,
    ];

    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Ics => "ics",
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Letter => "letter",
            Format::LetterHtml => "letter-html",
        }
    }

    /// The usual extension of a file in this format (the letter is plain text).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Letter => "txt",
            Format::LetterHtml => "html",
            other => other.as_str(),
        }
    }
}

/// What an export wrote: its format, and what it holds (for the message).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub format: Format,
    pub sessions: usize,
    pub people: usize,
    /// The items written: each person's, and in iCalendar each shared event once;
    /// none for the letters, which list people.
    pub items: Option<usize>,
}

impl Written {
    /// `ics (1 session, 2 people, 14 items)`, for "wrote ... to FILE".
    pub fn summary(&self) -> String {
        let people = match self.people {
            1 => "1 person".to_string(),
            n => format!("{n} people"),
        };
        let items = self
            .items
            .map(|n| format!(", {}", crate::diag::plural(n, "item")))
            .unwrap_or_default();
        format!(
            "{} ({}, {people}{items})",
            self.format.as_str(),
            crate::diag::plural(self.sessions, "session"),
        )
    }
}

/// An export in memory: the text, and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub text: String,
    pub written: Written,
}

impl Rendered {
    /// See [`Written::summary`].
    pub fn summary(&self) -> String {
        self.written.summary()
    }
}

/// Why an export stopped: a selection that names something unknown (nothing was
/// written), or the writer failing (a full disk, a closed pipe).
#[derive(Debug)]
pub enum ExportError {
    Select(SelectError),
    Write(std::io::Error),
}

impl From<std::io::Error> for ExportError {
    fn from(e: std::io::Error) -> Self {
        ExportError::Write(e)
    }
}

/// Select and write, as the text is made: what `attache export` does. The selection
/// is resolved before the first byte, so an unknown id writes nothing; then one
/// person's items at a time are built and written, so memory holds one person's
/// itinerary and one part of the text, whatever the size of the export.
pub fn write(
    db: &crate::model::Database,
    format: Format,
    selection: &Selection,
    options: &Options,
    out: &mut dyn Write,
) -> Result<Written, ExportError> {
    let outline = itinerary::outline(db, selection, options).map_err(ExportError::Select)?;
    let mut sink = Sink::new(out);
    let items = match format {
        Format::Ics => Some(ics::write(&outline, options, &mut sink)?),
        Format::Markdown => Some(markdown::write(&outline, options, &mut sink)?),
        Format::Html => Some(html::write(&outline, options, &mut sink)?),
        Format::Csv => Some(csv::write(&outline, options, &mut sink)?),
        Format::Json => Some(json::write(&outline, options, &mut sink)?),
        Format::Letter => {
            letter::write(&outline.head, options, &mut sink);
            None
        }
        Format::LetterHtml => {
            letter_html::write(&outline.head, options, &mut sink);
            None
        }
    };
    sink.flush()?;
    Ok(Written {
        format,
        sessions: outline.head.sessions.len(),
        people: outline.head.people.len(),
        items,
    })
}

/// Select and render into memory: the terminal application's export dialog (its
/// preview, then the file), and tests.
pub fn export(
    db: &crate::model::Database,
    format: Format,
    selection: &Selection,
    options: &Options,
) -> Result<Rendered, SelectError> {
    let mut bytes = Vec::new();
    let written = match write(db, format, selection, options, &mut bytes) {
        Ok(written) => written,
        Err(ExportError::Select(e)) => return Err(e),
        // Writing into memory does not fail; should it, it is said, not panicked on.
        Err(ExportError::Write(e)) => {
            return Err(SelectError {
                message: format!("could not make the export: {e}"),
                help: None,
            });
        }
    };
    Ok(Rendered {
        // Every renderer writes UTF-8 text.
        text: String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
        written,
    })
}

/// Where a renderer writes: it makes one part of the text at a time in `buf` (the
/// head, one person) and [`Sink::flush`]es it on, so that the text is never whole
/// in memory.
pub(crate) struct Sink<'w> {
    pub buf: String,
    out: &'w mut dyn Write,
}

impl<'w> Sink<'w> {
    fn new(out: &'w mut dyn Write) -> Self {
        Sink {
            buf: String::with_capacity(64 * 1024),
            out,
        }
    }

    /// Pass what `buf` holds on to the writer.
    pub fn flush(&mut self) -> std::io::Result<()> {
        self.out.write_all(self.buf.as_bytes())?;
        self.buf.clear();
        Ok(())
    }
}
