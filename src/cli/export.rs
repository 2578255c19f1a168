//! `attache export`: itineraries and nomination letters, to stdout or a file.

use std::io::{BufWriter, ErrorKind, Write};
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::error::{Error, Outcome, Status};
use super::lookup;
use super::output::Context;
use crate::export::{self, ExportError, Format, Options, Selection};
use crate::store::write::atomic_write_with;
use crate::text::printable;

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to write: ics (calendar), md, html (printable page), csv, json, letter or letter-html (nomination letter)
    #[arg(long, value_enum, value_name = "FORMAT")]
    format: FormatArg,

    /// A session to export; repeat for several [default: every session that has a plan]
    #[arg(long = "session", value_name = "ID")]
    sessions: Vec<String>,

    /// Only this delegate; repeat for several [default: the whole delegation]
    #[arg(long = "person", value_name = "ID")]
    people: Vec<String>,

    /// Only the delegates of this section
    #[arg(long, value_name = "ID")]
    section: Option<String>,

    /// Write to FILE (replaced whole, or left untouched if the export fails) instead of stdout; - is stdout
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,

    /// Also show each time in the person's home time zone (their section's)
    #[arg(long)]
    home_time: bool,

    /// Leave out email addresses, phone numbers and booking references
    #[arg(long)]
    redact: bool,

    /// CSV without the UTF-8 byte-order mark it starts with by default (for scripts that do not expect one)
    #[arg(long)]
    no_bom: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FormatArg {
    /// iCalendar, for calendar applications
    Ics,
    /// Markdown
    Md,
    /// One self-contained HTML page, to read or print
    Html,
    /// CSV, one row per item
    Csv,
    /// JSON (schema attache-itinerary, described in docs/export-json.md)
    Json,
    /// The nomination letter's text, one per session
    Letter,
    /// The nomination letter as an A4 page on the organization's letterhead, to print and sign
    LetterHtml,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Ics => Format::Ics,
            FormatArg::Md => Format::Markdown,
            FormatArg::Html => Format::Html,
            FormatArg::Csv => Format::Csv,
            FormatArg::Json => Format::Json,
            FormatArg::Letter => Format::Letter,
            FormatArg::LetterHtml => Format::LetterHtml,
        }
    }
}

pub fn run(args: ExportArgs, cx: &Context) -> Outcome {
    let loaded = load(&args, cx)?;
    lookup::sessions(&loaded.db, &args.sessions, cx.today)?;
    lookup::people(&loaded.db, &args.people)?;
    if let Some(s) = &args.section {
        lookup::section(&loaded.db, s)?;
    }
    let selection = Selection {
        sessions: args.sessions.clone(),
        people: args.people.clone(),
        section: args.section.clone(),
    };
    let options = Options {
        home_time: args.home_time,
        redact: args.redact,
        no_bom: args.no_bom,
        today: Some(cx.today),
    };
    let export = |out: &mut dyn Write| {
        export::write(&loaded.db, args.format.into(), &selection, &options, out)
    };
    match args.output.as_deref() {
        None => to_stdout(export),
        Some(p) if p.as_os_str() == "-" => to_stdout(export),
        Some(path) => {
            let written = atomic_write_with(path, false, export).map_err(|e| match e {
                ExportError::Select(e) => selected(e),
                ExportError::Write(e) => {
                    let shown = path.display().to_string();
                    Error::new(format!("cannot write {}: {e}", printable(&shown))).help(
                        "choose a folder you may write to with -o FILE, or - for standard output",
                    )
                }
            })?;
            cx.wrote(&format!("{} to {}", written.summary(), path.display()));
            Ok(Status::Clean)
        }
    }
}

/// Write the export to standard output as it is made. A closed pipe
/// (`attache export ... | head`) is not an error.
fn to_stdout(
    export: impl FnOnce(&mut dyn Write) -> Result<export::Written, ExportError>,
) -> Outcome {
    let mut out = BufWriter::with_capacity(256 * 1024, std::io::stdout().lock());
    let result = export(&mut out).and_then(|w| Ok(out.flush().map(|()| w)?));
    match result {
        Ok(_) => Ok(Status::Clean),
        Err(ExportError::Select(e)) => Err(selected(e)),
        Err(ExportError::Write(e)) if e.kind() == ErrorKind::BrokenPipe => Ok(Status::Clean),
        Err(ExportError::Write(e)) => Err(Error::new(format!("cannot write the export: {e}"))),
    }
}

/// The export's own words for what it cannot select (a session without a plan...).
fn selected(e: export::SelectError) -> Error {
    Error::new(e.message).help_opt(e.help)
}

/// The database an export needs: for `--session`s, those sessions' plans only (see
/// [`Context::load_sessions`]); everything when no session is named.
fn load(args: &ExportArgs, cx: &Context) -> Result<crate::store::Loaded, super::error::Error> {
    let ids: Vec<&str> = args.sessions.iter().map(String::as_str).collect();
    cx.load_sessions(&ids)
}
