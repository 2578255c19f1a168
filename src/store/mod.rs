//! The database on disk: where it is, reading and parsing its files, writing them back.

pub mod fields;
pub mod init;
pub mod location;
pub mod parse;
pub mod source;
pub mod write;

use chrono::NaiveDate;

use crate::diag::{Diagnostic, Diagnostics, FileId, Sources, Span};
use crate::model::Database;
pub use source::{DbSource, RawFile};

/// A database as loaded: the model, the text of every file (for messages and for
/// saving edits into it), and every problem found.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub source: DbSource,
    pub db: Database,
    pub sources: Sources,
    pub diagnostics: Diagnostics,
}

/// Read, parse and validate a database as of `today`.
pub fn load(source: &DbSource, today: NaiveDate) -> Loaded {
    let (files, problems) = source::read_files(source);
    let mut loaded = load_files(source.clone(), files, today);
    loaded.diagnostics.extend(problems);
    loaded.diagnostics.sort();
    loaded
}

/// Parse and validate files already read (the embedded ones, or a test's).
pub fn load_files(source: DbSource, files: Vec<RawFile>, today: NaiveDate) -> Loaded {
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let mut db = Database::default();
    for raw in files {
        let path = raw.path.clone();
        let Some(file) = decode(raw, &mut sources, &mut diags) else {
            continue;
        };
        let Some(doc) = parse::parse_document(&sources, file, &mut diags) else {
            continue;
        };
        match path.to_str() {
            Some("venues.toml") => parse::venues(&doc, file, &mut db, &mut diags),
            Some("sessions.toml") => parse::sessions(&doc, file, &mut db, &mut diags),
            Some("sections.toml") => parse::sections(&doc, file, &mut db, &mut diags),
            _ => parse::plan(&doc, file, &path, &mut db, &mut diags),
        }
    }
    crate::validate::validate(&db, today, &mut diags);
    diags.sort();
    Loaded {
        source,
        db,
        sources,
        diagnostics: diags,
    }
}

/// Add a file's text to `sources`; text that is not UTF-8 is reported at the first bad
/// byte and kept (lossily) so that the message can show the line.
fn decode(raw: RawFile, sources: &mut Sources, diags: &mut Diagnostics) -> Option<FileId> {
    match String::from_utf8(raw.bytes) {
        Ok(text) => Some(sources.add(raw.path, text)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let file = sources.add(raw.path, text);
            diags.push(
                Diagnostic::error("this file is not valid UTF-8 text")
                    .at(Some(Span::new(file, at..at + 1)))
                    .help("save the file as UTF-8 in your editor (or check that it is a text file at all)"),
            );
            None
        }
    }
}
