//! Exporting itineraries: iCalendar, Markdown, HTML, CSV, JSON and the nomination letter
//! (as text, and as an A4 page on letterhead).
//!
//! Exporting is two pure steps, so that the same plan always gives the same bytes:
//!
//! 1. [`itinerary::build`] turns the database and a [`Selection`] into a neutral
//!    [`Itinerary`]: the selected sessions, and for each selected person their items
//!    (travel legs, hotel check-in and check-out, session days, meetings, deadlines)
//!    sorted by the instant they happen, with every time already resolved to UTC and to
//!    the local time and zone it is shown in.
//! 2. One `render(&Itinerary, &Options) -> String` per format turns that into text.
//!
//! Nothing here reads a file, the clock or the environment: the command line
//! (`attache export`) does the loading and the writing.

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

pub use itinerary::{Itinerary, Options, SelectError, Selection, build};

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

/// An export ready to write: the text, and what it holds (for the message).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub format: Format,
    pub text: String,
    pub sessions: usize,
    pub people: usize,
    pub items: usize,
}

impl Rendered {
    /// `ics (1 session, 2 people, 14 items)`, for "wrote ... to FILE".
    pub fn summary(&self) -> String {
        format!(
            "{} ({}, {}, {})",
            self.format.as_str(),
            crate::diag::plural(self.sessions, "session"),
            match self.people {
                1 => "1 person".to_string(),
                n => format!("{n} people"),
            },
            crate::diag::plural(self.items, "item"),
        )
    }
}

/// Select and render: what `attache export` and the terminal application's export
/// dialog both do before writing the text with [`crate::store::write::atomic_write`].
pub fn export(
    db: &crate::model::Database,
    format: Format,
    selection: &Selection,
    options: &Options,
) -> Result<Rendered, SelectError> {
    let itinerary = build(db, selection, options)?;
    Ok(Rendered {
        format,
        text: render(format, &itinerary, options),
        sessions: itinerary.sessions.len(),
        people: itinerary.people.len(),
        items: itinerary.people.iter().map(|p| p.items.len()).sum(),
    })
}

/// Render an itinerary in one format.
pub fn render(format: Format, itinerary: &Itinerary, options: &Options) -> String {
    match format {
        Format::Ics => ics::render(itinerary, options),
        Format::Markdown => markdown::render(itinerary, options),
        Format::Html => html::render(itinerary, options),
        Format::Csv => csv::render(itinerary, options),
        Format::Json => json::render(itinerary, options),
        Format::Letter => letter::render(itinerary, options),
        Format::LetterHtml => letter_html::render(itinerary, options),
    }
}
