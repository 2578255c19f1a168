//! The database on disk: where it is, reading and parsing its files, writing them back.

pub mod fields;
pub mod init;
pub mod location;
pub mod parse;
pub mod save;
pub mod source;
pub mod write;

use std::path::Path;

use chrono::NaiveDate;

use crate::diag::{Diagnostic, Diagnostics, FileId, Sources, Span};
use crate::model::Database;
use crate::validate::Written;
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
    let mut written = Written::default();
    let mut parsed = Vec::new();
    for raw in files {
        let path = raw.path.clone();
        let Some(file) = decode(raw, &mut sources, &mut diags) else {
            continue;
        };
        let Some(doc) = parse::parse_document(&sources, file, &mut diags) else {
            continue;
        };
        note_written(&doc, &path, &mut written);
        match path.to_str() {
            Some("venues.toml") => parse::venues(&doc, file, &mut db, &mut diags),
            Some("sessions.toml") => parse::sessions(&doc, file, &mut db, &mut diags),
            Some("sections.toml") => parse::sections(&doc, file, &mut db, &mut diags),
            _ => parse::plan(&doc, file, &path, &mut db, &mut diags),
        }
        parsed.push(path);
    }
    for (name, kinds) in KINDS {
        if !parsed.iter().any(|p| p.as_os_str() == name) {
            written.unreadable.extend(kinds);
        }
    }
    crate::validate::validate_with(&db, today, &written, &mut diags);
    diags.sort();
    Loaded {
        source,
        db,
        sources,
        diagnostics: diags,
    }
}

/// The kinds of item each top-level file declares.
const KINDS: [(&str, &[&str]); 3] = [
    ("venues.toml", &["venue"]),
    ("sessions.toml", &["session"]),
    ("sections.toml", &["section", "person"]),
];

/// Record what a parsed file declares, whether or not each item then loads, so that
/// validation does not report references to an item whose own error is reported.
fn note_written(doc: &toml_edit::Document<String>, path: &Path, written: &mut Written) {
    let root = doc.as_table();
    let tables = |name: &str| {
        root.get(name)
            .and_then(toml_edit::Item::as_array_of_tables)
            .into_iter()
            .flat_map(|a| a.iter())
    };
    let top = KINDS.iter().find(|(name, _)| path.as_os_str() == *name);
    if let Some((_, kinds)) = top {
        for &kind in *kinds {
            for t in tables(kind) {
                if let Some(id) = t.get("id").and_then(toml_edit::Item::as_str) {
                    written.ids.insert((kind, id.to_string()));
                }
            }
        }
    } else if let Some(session) = root.get("session").and_then(toml_edit::Item::as_str) {
        for t in tables("delegate") {
            if let Some(person) = t.get("person").and_then(toml_edit::Item::as_str) {
                written
                    .delegates
                    .insert((session.to_string(), person.to_string()));
            }
        }
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
