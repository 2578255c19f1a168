//! `attache export`: itineraries and nomination letters, to stdout or a file.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::error::{Error, Outcome, Status};
use super::lookup;
use super::output::Context;
use crate::export::{self, Format, Options, Selection};
use crate::store::write::atomic_write;
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
    // The export's own words for what it cannot select (a session without a plan...).
    let rendered = export::export(&loaded.db, args.format.into(), &selection, &options)
        .map_err(|e| Error::new(e.message).help_opt(e.help))?;
    match args.output.as_deref() {
        None => cx.out(&rendered.text),
        Some(p) if p.as_os_str() == "-" => cx.out(&rendered.text),
        Some(path) => {
            let shown = path.display().to_string();
            let shown = printable(&shown);
            atomic_write(path, rendered.text.as_bytes(), false).map_err(|e| {
                Error::new(format!("cannot write {shown}: {e}"))
                    .help("choose a folder you may write to with -o FILE, or - for standard output")
            })?;
            cx.wrote(&format!("{} to {}", rendered.summary(), path.display()));
        }
    }
    Ok(Status::Clean)
}

/// The database an export needs: for `--session`s, the calendar and those sessions'
/// plans only (a plan of another session is neither read nor able to block the
/// export); everything when no session is named, or when a session's plan is not
/// where its name says (then a full read finds it, or says why not).
fn load(args: &ExportArgs, cx: &Context) -> Result<crate::store::Loaded, super::error::Error> {
    if args.sessions.is_empty() {
        return cx.load();
    }
    cx.require_folder()?;
    let ids: Vec<&str> = args.sessions.iter().map(String::as_str).collect();
    let loaded = crate::store::load_sessions(&cx.source, cx.today, &ids);
    let complete = ids.iter().all(|s| loaded.db.plans.contains_key(*s));
    if !complete || loaded.diagnostics.has_errors() {
        return cx.load();
    }
    Ok(loaded)
}
