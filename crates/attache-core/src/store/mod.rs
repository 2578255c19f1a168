//! The database on disk: where it is, reading and parsing its files, writing them back.

pub mod cache;
pub mod fields;
pub mod git;
pub mod held_back;
pub mod init;
pub mod location;
pub mod lock;
pub mod merge;
pub mod parse;
pub mod recovery;
pub mod save;
pub mod source;
pub mod write;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use toml::de::{DeTable, DeValue};

use chrono::NaiveDate;

use crate::diag::{Diagnostic, Diagnostics, FileId, Sources, Span};
use crate::model::Database;
use crate::validate::Written;
pub use save::changed_files;
pub use source::{DbSource, RawFile};

/// A database as loaded: the model, the text of every file (for messages and for
/// saving edits into it), and every problem found.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub source: DbSource,
    pub db: Database,
    pub sources: Sources,
    pub diagnostics: Diagnostics,
    /// What the files declare, loaded or not: validating the database again (after an
    /// edit) with it reports one error per mistake, as loading did, not a cascade.
    pub written: Written,
}

impl Loaded {
    /// The same database with some files in other versions (added when new), read
    /// as `load` reads them: what a plan file would become, before it is written.
    pub fn with_files(&self, changed: Vec<RawFile>, today: NaiveDate) -> Loaded {
        let mut files: Vec<RawFile> = self
            .sources
            .files
            .iter()
            .filter(|f| !changed.iter().any(|c| c.path == f.path))
            .map(|f| RawFile {
                path: f.path.clone(),
                bytes: f.text.clone().into_bytes(),
            })
            .collect();
        files.extend(changed);
        load_files(self.source.clone(), files, today)
    }
}

/// Read, parse and validate a database as of `today`.
pub fn load(source: &DbSource, today: NaiveDate) -> Loaded {
    let (files, problems) = source::read_files(source);
    with_problems(load_files(source.clone(), files, today), problems)
}

/// [`load`], running `also` on the parsed database beside its validation, on another
/// core: `attache check` runs the clash checks there, which took its time at 50,000
/// meetings from parse, validate, check in a row to parse, then both at once.
/// `also` sees the database before validation: it must take any database.
pub fn load_with<T: Send>(
    source: &DbSource,
    _today: NaiveDate,
    also: impl FnOnce(&Database) -> T + Send,
) -> (Loaded, T) {
    let (files, problems) = source::read_files(source);
    let mut loaded = parse_files(source.clone(), files);
    let Loaded {
        db,
        written,
        diagnostics,
        ..
    } = &mut loaded;
    // rayon waits for both and resumes a panic of either here: a bug is not lost.
    let (t, ()) = rayon::join(
        || also(db),
        || crate::validate::validate_with(db, written, diagnostics),
    );
    (with_problems(loaded, problems), t)
}

/// Read, parse and validate only the top-level files (venues, sessions, sections): a
/// fast first look whatever the number of plans, for a screen to show while the rest
/// loads.
pub fn load_top(source: &DbSource, today: NaiveDate) -> Loaded {
    let (files, problems) = source::read_top_files(source);
    with_problems(load_files(source.clone(), files, today), problems)
}

/// Read, parse and validate the calendar alone (venues, sessions, bodies, the
/// organization; [`source::read_calendar_files`]): a list of the sessions, at the cost of
/// the calendar whatever the number of people and plans, and untouched by their errors.
pub fn load_calendar(source: &DbSource, today: NaiveDate) -> Loaded {
    let (files, problems) = source::read_calendar_files(source);
    with_problems(load_files(source.clone(), files, today), problems)
}

/// The plan file of `session` when it is in the database but could not be read (a
/// syntax error, a merge conflict): the session is not unplanned, and a screen that
/// shows its plan must say so rather than "nobody assigned yet". `None` when the
/// plan loaded, or there is no such file.
pub fn unread_plan<'a>(db: &'a Database, sources: &'a Sources, session: &str) -> Option<&'a Path> {
    unread_plans(db, sources).find_map(|(s, path)| (s == session).then_some(path))
}

/// Every plan file read but not loaded ([`unread_plan`]), with its session.
pub fn unread_plans<'a>(
    db: &'a Database,
    sources: &'a Sources,
) -> impl Iterator<Item = (&'a str, &'a Path)> + 'a {
    sources.files.iter().filter_map(|f| {
        let session = crate::model::Plan::session_of(&f.path)?;
        (!db.plans.contains_key(session)).then_some((session, f.path.as_path()))
    })
}

/// Read, parse and validate the top-level files and the plans of `sessions` only: what
/// an export of those sessions needs. Checks across plans (a meeting id used in two)
/// see only these plans. A session whose plan is not in `plan/<id>.toml` is simply
/// planless here: the caller reads everything then.
pub fn load_sessions(source: &DbSource, today: NaiveDate, sessions: &[&str]) -> Loaded {
    let (files, problems) = source::read_session_files(source, sessions);
    with_problems(load_files(source.clone(), files, today), problems)
}

/// Parse and validate files already read (the embedded ones, or a test's).
///
/// Nothing the loader checks depends on the day any more (deadlines and tentative
/// dates are the planning checks', [`crate::planning::checks`]): `_today` stays in
/// the loaders' signatures so that their callers need not change.
pub fn load_files(source: DbSource, files: Vec<RawFile>, _today: NaiveDate) -> Loaded {
    let mut loaded = parse_files(source, files);
    let Loaded {
        db,
        written,
        diagnostics,
        ..
    } = &mut loaded;
    crate::validate::validate_with(db, written, diagnostics);
    diagnostics.sort();
    loaded
}

/// Add the problems of reading the files to a load's, in order.
fn with_problems(mut loaded: Loaded, problems: Vec<Diagnostic>) -> Loaded {
    loaded.diagnostics.extend(problems);
    loaded.diagnostics.sort();
    loaded
}

/// Parse files already read into a database, not yet validated.
///
/// Files are parsed on all cores, each into its own part of the database (parsing is
/// most of the time of a load), then merged in file order, so the result and the order
/// of messages do not depend on the threads.
fn parse_files(source: DbSource, files: Vec<RawFile>) -> Loaded {
    let cache = match &source {
        DbSource::Dir(dir) => cache::for_database(dir),
        DbSource::Embedded => None,
    };
    parse_files_with(source, files, cache.as_ref())
}

/// [`parse_files`], taking the plans that `cache` holds from it.
fn parse_files_with(source: DbSource, files: Vec<RawFile>, cache: Option<&cache::Plans>) -> Loaded {
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let mut decoded = Vec::new();
    for raw in files {
        let path = raw.path.clone();
        if let Some(file) = decode(raw, &mut sources, &mut diags) {
            decoded.push((file, path));
        }
    }
    let parts = parse_all(&decoded, |file, path| {
        parse_cached(&sources, file, path, cache)
    });
    let mut db = Database::default();
    let mut written = Written::default();
    let mut parsed = Vec::new();
    for part in parts {
        diags.extend(part.diags.items);
        written.ids.extend(part.written.ids);
        written.delegates.extend(part.written.delegates);
        if part.parsed {
            parsed.push(part.path);
        }
        merge(&mut db, part.db, &mut diags);
    }
    for (name, kinds) in KINDS {
        if !parsed.iter().any(|p| p.as_os_str() == name) {
            written.unreadable.extend(kinds);
        }
    }
    Loaded {
        source,
        db,
        sources,
        diagnostics: diags,
        written,
    }
}

/// What one file holds, parsed on its own.
#[derive(Default)]
struct Part {
    path: PathBuf,
    parsed: bool,
    db: Database,
    diags: Diagnostics,
    written: Written,
}

/// Parse every file into its part, on all cores: rayon's work stealing spreads the big
/// plan files, `collect` keeps the parts in file order, and a panic while parsing one
/// file is resumed here (a bug to see), never turned into a file silently missing.
fn parse_all(
    files: &[(FileId, PathBuf)],
    parse: impl Fn(FileId, &Path) -> Part + Sync,
) -> Vec<Part> {
    files.par_iter().map(|(f, p)| parse(*f, p)).collect()
}

/// [`parse_one`], or what it gave last time for the same text ([`cache`]).
fn parse_cached(
    sources: &Sources,
    file: FileId,
    path: &Path,
    cache: Option<&cache::Plans>,
) -> Part {
    let cache = cache.filter(|_| path.starts_with(source::PLAN_DIR));
    let text = sources.get(file).map_or("", |f| f.text.as_str());
    if let Some(part) = cache.and_then(|c| c.get(path, text, file)) {
        return part;
    }
    let part = parse_one(sources, file, path);
    if let Some(c) = cache {
        c.put(path, text, &part);
    }
    part
}

fn parse_one(sources: &Sources, file: FileId, path: &Path) -> Part {
    let mut part = Part {
        path: path.to_path_buf(),
        ..Part::default()
    };
    let Some(doc) = parse::parse_document(sources, file, &mut part.diags) else {
        return part;
    };
    part.parsed = true;
    let doc = doc.get_ref();
    note_written(doc, path, &mut part.written);
    let (db, diags) = (&mut part.db, &mut part.diags);
    match path.to_str() {
        Some("venues.toml") => parse::venues(doc, file, db, diags),
        Some("sessions.toml") => parse::sessions(doc, file, db, diags),
        Some("sections.toml") => parse::sections(doc, file, db, diags),
        Some("organization.toml") => parse::organization(doc, file, db, diags),
        Some("bodies.toml") => parse::bodies(doc, file, db, diags),
        _ => parse::plan(doc, file, path, db, diags),
    }
    part
}

/// Add one file's items to the database. Each kind lives in one file, so only plans
/// can collide: a second plan for a session is reported and left out.
fn merge(db: &mut Database, part: Database, diags: &mut Diagnostics) {
    db.venues.extend(part.venues);
    db.sessions.extend(part.sessions);
    db.sections.extend(part.sections);
    db.people.extend(part.people);
    db.bodies.extend(part.bodies);
    if part.organization.is_some() {
        db.organization = part.organization;
    }
    for (session, plan) in part.plans {
        if let Some(first) = db.plans.get(&session) {
            diags.push(
                Diagnostic::error(format!("a second plan for session \"{session}\""))
                    .at(plan.origin.field("session"))
                    .help(format!(
                        "merge it into {}: one plan file per session",
                        first.path.display()
                    )),
            );
        } else {
            db.plans.insert(session, plan);
        }
    }
}

/// The kinds of item each top-level file declares.
const KINDS: [(&str, &[&str]); 4] = [
    ("venues.toml", &["venue"]),
    ("sessions.toml", &["session"]),
    ("sections.toml", &["section", "person"]),
    ("bodies.toml", &["body"]),
];

/// Record what a parsed file declares, whether or not each item then loads, so that
/// validation does not report references to an item whose own error is reported.
fn note_written(doc: &DeTable, path: &Path, written: &mut Written) {
    let text = |v: &toml::Spanned<DeValue>| v.get_ref().as_str().map(str::to_string);
    let tables = |name: &str| {
        doc.get(name)
            .and_then(|a| a.get_ref().as_array())
            .into_iter()
            .flat_map(|a| a.iter())
            .filter_map(|t| t.get_ref().as_table())
    };
    let top = KINDS.iter().find(|(name, _)| path.as_os_str() == *name);
    if let Some((_, kinds)) = top {
        for &kind in *kinds {
            for t in tables(kind) {
                if let Some(id) = t.get("id").and_then(text) {
                    written.ids.insert((kind, id));
                }
            }
        }
    } else if let Some(session) = doc.get("session").and_then(text) {
        for t in tables("delegate") {
            if let Some(person) = t.get("person").and_then(text) {
                written.delegates.insert((session.clone(), person));
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The shipped files, many copies of its plans, and broken files among them: big
    /// and small parts, with and without messages, in an order the threads must keep.
    fn many_files() -> (Sources, Vec<(FileId, PathBuf)>) {
        let (shipped, _) = source::read_files(&DbSource::Embedded);
        let mut files = shipped.clone();
        for i in 0..12 {
            for raw in shipped.iter().filter(|r| r.path.starts_with("plan")) {
                let mut bytes = raw.bytes.clone();
                if i % 3 == 0 {
                    bytes.extend_from_slice(format!("\nunknown_{i} = 1\n").as_bytes());
                }
                files.push(RawFile {
                    path: Path::new("plan").join(format!(
                        "copy-{i}-{}",
                        raw.path.file_name().unwrap().display()
                    )),
                    bytes,
                });
            }
            files.push(RawFile {
                path: PathBuf::from(format!("plan/broken-{i}.toml")),
                bytes: format!("session = {i}\n[[meeting]\n").into_bytes(),
            });
        }
        let mut sources = Sources::default();
        let mut diags = Diagnostics::default();
        let decoded = files
            .into_iter()
            .map(|raw| {
                let path = raw.path.clone();
                (decode(raw, &mut sources, &mut diags).unwrap(), path)
            })
            .collect();
        (sources, decoded)
    }

    #[test]
    fn parsing_in_parallel_gives_the_parts_and_messages_in_file_order() {
        let (sources, files) = many_files();
        let parallel = parse_all(&files, |f, p| parse_one(&sources, f, p));
        let sequential: Vec<Part> = files
            .iter()
            .map(|(f, p)| parse_one(&sources, *f, p))
            .collect();
        assert_eq!(parallel.len(), files.len());
        assert!(sequential.iter().any(|p| !p.diags.items.is_empty()));
        for (par, seq) in parallel.iter().zip(&sequential) {
            assert_eq!(par.path, seq.path);
            assert_eq!(par.parsed, seq.parsed);
            assert_eq!(par.diags, seq.diags, "{}", par.path.display());
            assert_eq!(format!("{:?}", par.db), format!("{:?}", seq.db));
        }
    }

    #[test]
    fn a_panic_while_parsing_one_file_is_not_swallowed() {
        let (sources, files) = many_files();
        let result = std::panic::catch_unwind(|| {
            parse_all(&files, |f, p| {
                assert!(!p.ends_with("broken-7.toml"), "a parser bug");
                parse_one(&sources, f, p)
            })
        });
        assert!(result.is_err(), "the panic was lost");
    }
}
