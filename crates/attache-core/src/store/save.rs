//! Saving edits back into the user's own files.
//!
//! An edited plan is written by editing the file's parsed document (toml_edit) rather
//! than re-serialising the model: only the keys that changed are touched, so comments,
//! key order and layout of everything else stay byte for byte. New items are appended
//! at the end of their list, so that a folder under git diffs and merges cleanly.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value};

use super::lock::Lock;
use super::source::DbSource;
use super::write::{Guarded, atomic_write, atomic_write_guarded, with_suffix};
use super::{Loaded, init, location};
use crate::items::Record;
use crate::model::{Database, FORMAT_VERSION, Person, Plan, Section, Session};
use crate::planning::Editor;

/// What a save wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SaveReport {
    /// The database folder written to (the user's data folder on the first save of
    /// the embedded database).
    pub dir: PathBuf,
    pub written: Vec<PathBuf>,
}

#[derive(Debug)]
pub enum SaveError {
    /// Files changed on disk since they were read: they were left alone, and our
    /// version of each was written beside it (`(theirs, ours)`).
    Conflicts {
        dir: PathBuf,
        kept: Vec<(PathBuf, PathBuf)>,
        written: Vec<PathBuf>,
    },
    /// Nothing could be written where it should be; the edits are still in memory.
    Io { path: PathBuf, error: io::Error },
    /// Another attaché holds the lock of the folder to write to.
    Locked { dir: PathBuf, why: String },
    /// A plan file no longer matches what was loaded in a way that editing it would
    /// corrupt (should not happen: loading refuses such files).
    Inconsistent { path: PathBuf, why: String },
}

impl std::fmt::Display for SaveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SaveError::Conflicts { kept, .. } => {
                write!(f, "not saved: changed on disk since attache read it:")?;
                for (theirs, ours) in kept {
                    write!(
                        f,
                        "\n  {} (your version is in {})",
                        theirs.display(),
                        ours.display()
                    )?;
                }
                write!(f, "\ncompare the two, merge by hand, then reload")
            }
            SaveError::Io { path, error } => write!(
                f,
                "could not write {}: {error}; it was left as it was: free some space or check the folder's permissions, then save again",
                path.display()
            ),
            SaveError::Locked { dir, why } => write!(
                f,
                "could not write to {}: {why}; nothing was written, save again once the other one is closed",
                dir.display()
            ),
            SaveError::Inconsistent { path, why } => {
                write!(f, "could not update {}: {why}", path.display())
            }
        }
    }
}

impl std::error::Error for SaveError {}

/// The suffix of our version of a file that changed on disk meanwhile. Not `.toml`, so
/// that it is never loaded as a second plan.
pub const CONFLICT_SUFFIX: &str = ".mine";

/// Write every changed plan of `editor` into the database `loaded` came from. The
/// embedded database is first written out to the user's data folder, under that
/// folder's lock.
pub fn save(loaded: &Loaded, editor: &Editor) -> Result<SaveReport, SaveError> {
    save_locked(loaded, editor, false).map(|(report, _lock)| report)
}

/// [`save`], returning the lock of the folder the embedded database was written out
/// to: the terminal application holds it from then on, as it holds the lock of a
/// folder it opened, so that no second attaché writes there meanwhile. `held`: the
/// caller holds the data folder's lock already (a second lock taken by the same
/// process would contend with it, as another process's would).
pub fn save_locked(
    loaded: &Loaded,
    editor: &Editor,
    held: bool,
) -> Result<(SaveReport, Option<Lock>), SaveError> {
    let (dir, lock) = match &loaded.source {
        DbSource::Dir(d) => (d.clone(), None),
        DbSource::Embedded => write_out(!held)?,
    };
    save_to(&dir, loaded, editor).map(|report| (report, lock))
}

/// Write the embedded database out to the user's data folder, holding its lock
/// (taking it when `acquire`). A database already there (written by another attaché
/// since this one started) is kept: saving into it then refuses any file changed from
/// what was loaded.
fn write_out(acquire: bool) -> Result<(PathBuf, Option<Lock>), SaveError> {
    let dir = location::user_data_dir().ok_or_else(|| SaveError::Io {
        path: PathBuf::from("~"),
        error: io::Error::other("this system has no data folder: open a database with --db"),
    })?;
    let io_error = |error| SaveError::Io {
        path: dir.clone(),
        error,
    };
    super::write::create_private_dir(&dir).map_err(io_error)?;
    let lock = match acquire {
        true => Some(Lock::acquire(&dir).map_err(|e| SaveError::Locked {
            dir: dir.clone(),
            why: e.to_string(),
        })?),
        false => None,
    };
    match init::write_default(&dir) {
        Err(e) if e.kind() != io::ErrorKind::AlreadyExists => Err(io_error(e)),
        _ => Ok((dir, lock)),
    }
}

/// Write the changed plans, and `sections.toml` when a section or a person changed,
/// into `dir`.
pub fn save_to(dir: &Path, loaded: &Loaded, editor: &Editor) -> Result<SaveReport, SaveError> {
    let mut files = Files {
        dir,
        loaded,
        report: SaveReport {
            dir: dir.to_path_buf(),
            written: Vec::new(),
        },
        kept: Vec::new(),
    };
    for session in editor.unsaved_sessions() {
        let old = editor.saved().plans.get(&session).map(|p| &**p);
        let Some(new) = editor.db().plans.get(&session) else {
            // A plan created and undone before saving: nothing on disk to change.
            continue;
        };
        let rel = old.map_or(&new.path, |p| &p.path);
        files.write(rel, |original| render_plan(original, old, new))?;
    }
    if editor.entries_unsaved() {
        let (old, new) = (editor.saved(), editor.db());
        files.write(Path::new(SECTIONS_FILE), |original| {
            render_sections(original, old, new)
        })?;
    }
    if editor.calendar_unsaved() {
        let (old, new) = (editor.saved(), editor.db());
        files.write(Path::new(super::source::SESSIONS_FILE), |original| {
            render_sessions(original, old, new)
        })?;
    }
    let Files { report, kept, .. } = files;
    if kept.is_empty() {
        Ok(report)
    } else {
        Err(SaveError::Conflicts {
            dir: report.dir,
            kept,
            written: report.written,
        })
    }
}

/// The file of the sections and people, relative to the database folder.
pub const SECTIONS_FILE: &str = "sections.toml";

/// The files one save writes, and what became of each.
struct Files<'a> {
    dir: &'a Path,
    loaded: &'a Loaded,
    report: SaveReport,
    /// Files changed on disk meanwhile: (theirs, ours beside it).
    kept: Vec<(PathBuf, PathBuf)>,
}

impl Files<'_> {
    /// Write one file of the database, `rel`, as `render` makes it from the file's
    /// text as loaded: only if the file still holds that text, checked at the last
    /// moment; else it stays theirs and ours goes beside it.
    fn write(
        &mut self,
        rel: &Path,
        render: impl FnOnce(Option<&str>) -> Result<String, String>,
    ) -> Result<(), SaveError> {
        let path = self.dir.join(rel);
        let original = self
            .loaded
            .sources
            .files
            .iter()
            .find(|f| f.path == rel)
            .map(|f| f.text.as_str());
        let text = render(original).map_err(|why| SaveError::Inconsistent {
            path: path.clone(),
            why,
        })?;
        if let Some(parent) = path.parent() {
            super::write::create_private_dir(parent).map_err(|error| SaveError::Io {
                path: parent.to_path_buf(),
                error,
            })?;
        }
        let unchanged = |now: Option<&[u8]>| match (now, original) {
            (Some(bytes), Some(text)) => !differs(bytes, text),
            (None, None) => true,
            _ => false,
        };
        let outcome = atomic_write_guarded(&path, text.as_bytes(), unchanged).map_err(|error| {
            SaveError::Io {
                path: path.clone(),
                error,
            }
        })?;
        if outcome == Guarded::Changed {
            let ours = with_suffix(&path, CONFLICT_SUFFIX);
            atomic_write(&ours, text.as_bytes(), false).map_err(|error| SaveError::Io {
                path: ours.clone(),
                error,
            })?;
            self.kept.push((path, ours));
        } else {
            self.report.written.push(path);
        }
        Ok(())
    }
}

/// The new text of `sessions.toml`: the file as loaded, edited session by session
/// (matched by id) to hold the editor's calendar, its comments and layout kept.
pub(crate) fn render_sessions(
    original: Option<&str>,
    old: &Database,
    new: &Database,
) -> Result<String, String> {
    let text = original.ok_or("sessions.toml was not read")?;
    let style = Style::of(text);
    let mut doc = style
        .read(text)
        .parse::<DocumentMut>()
        .map_err(|e| e.to_string())?;
    reconcile::<Session>(
        doc.as_table_mut(),
        &values(&old.sessions),
        &values(&new.sessions),
    )?;
    Ok(style.write(doc.to_string()))
}

/// Whether bytes read from disk differ from a file's text as loaded. A file that was
/// not UTF-8 was kept lossily, so it is compared the same way.
fn differs(bytes: &[u8], text: &str) -> bool {
    bytes != text.as_bytes()
        && (std::str::from_utf8(bytes).is_ok() || String::from_utf8_lossy(bytes) != text)
}

/// The database files that changed on disk since `loaded` was read: changed, deleted,
/// or new (a plan file someone added), as paths relative to the database folder, like
/// messages show them. Empty for the embedded database. Cheap enough to poll every
/// second or two (it reads the database's files, a few hundred KB at most); saving
/// refuses these files anyway and writes its version beside each.
pub fn changed_files(loaded: &Loaded) -> Vec<PathBuf> {
    let DbSource::Dir(dir) = &loaded.source else {
        return Vec::new();
    };
    let mut changed: Vec<PathBuf> = loaded
        .sources
        .files
        .iter()
        .filter(|f| match fs::read(dir.join(&f.path)) {
            Ok(bytes) => differs(&bytes, &f.text),
            Err(_) => true,
        })
        .map(|f| f.path.clone())
        .collect();
    let known = |rel: &Path| loaded.sources.files.iter().any(|f| f.path == rel);
    let mut on_disk: Vec<PathBuf> = super::source::REQUIRED_FILES
        .iter()
        .map(PathBuf::from)
        .collect();
    if let Ok(entries) = fs::read_dir(dir.join(super::source::PLAN_DIR)) {
        let mut plans: Vec<PathBuf> = entries
            .flatten()
            .map(|e| Path::new(super::source::PLAN_DIR).join(e.file_name()))
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        plans.sort();
        on_disk.extend(plans);
    }
    changed.extend(
        on_disk
            .into_iter()
            .filter(|rel| !known(rel) && dir.join(rel).is_file()),
    );
    changed
}

/// The new text of a plan file: `original` (the file as loaded, holding `old`) edited
/// to hold `new`; or a fresh file when there was none.
pub fn render_plan(
    original: Option<&str>,
    old: Option<&Plan>,
    new: &Plan,
) -> Result<String, String> {
    let empty = Plan::new(&new.session);
    let style = original.map(Style::of).unwrap_or_default();
    let (mut doc, old) = match (original, old) {
        (Some(text), Some(old)) => (
            style
                .read(text)
                .parse::<DocumentMut>()
                .map_err(|e| e.to_string())?,
            old,
        ),
        _ => (fresh_document(new), &empty),
    };
    let root = doc.as_table_mut();
    set_field(
        root,
        "notes",
        new.notes.as_deref().map(Value::from),
        old.notes.as_deref().map(Value::from),
    );
    reconcile(root, &old.delegates, &new.delegates)?;
    reconcile(root, &old.meetings, &new.meetings)?;
    reconcile(root, &old.travel, &new.travel)?;
    reconcile(root, &old.stays, &new.stays)?;
    write_missing_ids(root, "travel", new.travel.iter().map(|t| t.id.as_str()));
    write_missing_ids(root, "stay", new.stays.iter().map(|s| s.id.as_str()));
    Ok(style.write(doc.to_string()))
}

/// Journeys and stays read from a file written without ids got ids made from what
/// they are ([`crate::items::fill_ids`]); the next save of their file writes those ids
/// down, first in each table, so that no later reordering or removal changes them.
/// Nothing else of the table is touched, nor is any table moved.
fn write_missing_ids<'a>(root: &mut Table, key: &str, ids: impl Iterator<Item = &'a str>) {
    let id_first =
        |a: &toml_edit::Key, b: &toml_edit::Key| (a.get() != "id").cmp(&(b.get() != "id"));
    match root.get_mut(key) {
        Some(Item::ArrayOfTables(tables)) => {
            for (t, id) in tables.iter_mut().zip(ids) {
                if !t.contains_key("id") && !id.is_empty() {
                    t.insert("id", toml_edit::value(id));
                    t.sort_values_by(|a, _, b, _| id_first(a, b));
                }
            }
        }
        Some(Item::Value(Value::Array(list))) => {
            for (v, id) in list.iter_mut().zip(ids) {
                if let Some(t) = v.as_inline_table_mut()
                    && !t.contains_key("id")
                    && !id.is_empty()
                {
                    t.insert("id", Value::from(id));
                    t.sort_values_by(|a, _, b, _| id_first(a, b));
                }
            }
        }
        _ => {}
    }
}

/// The new text of `sections.toml`: `original` (holding the sections and people of
/// `old`) edited to hold those of `new`, key by key, like a plan.
pub fn render_sections(
    original: Option<&str>,
    old: &Database,
    new: &Database,
) -> Result<String, String> {
    let style = original.map(Style::of).unwrap_or_default();
    let mut doc = match original {
        Some(text) => style
            .read(text)
            .parse::<DocumentMut>()
            .map_err(|e| e.to_string())?,
        None => {
            let mut doc = DocumentMut::new();
            doc.insert("format", toml_edit::value(FORMAT_VERSION));
            doc
        }
    };
    let root = doc.as_table_mut();
    reconcile::<Section>(root, &values(&old.sections), &values(&new.sections))?;
    reconcile::<Person>(root, &values(&old.people), &values(&new.people))?;
    Ok(style.write(doc.to_string()))
}

fn values<K, T: Clone>(map: &indexmap::IndexMap<K, T>) -> Vec<T> {
    map.values().cloned().collect()
}

/// How a file spells what TOML does not care about: a byte-order mark, and Windows
/// line endings. Kept, so that an edit changes only the edited lines (a file saved by
/// Notepad would otherwise be rewritten whole, every line in `git diff`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Style {
    bom: bool,
    crlf: bool,
}

impl Style {
    fn of(text: &str) -> Style {
        let lines = text.matches('\n').count();
        Style {
            bom: text.starts_with('\u{FEFF}'),
            // Most lines end in CRLF: the file is a Windows one.
            crlf: lines > 0 && text.matches("\r\n").count() * 2 > lines,
        }
    }

    /// The text as edited: without the mark, with plain line endings.
    fn read<'a>(self, text: &'a str) -> std::borrow::Cow<'a, str> {
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        if self.crlf {
            text.replace("\r\n", "\n").into()
        } else {
            text.into()
        }
    }

    /// The edited text spelled as the file was.
    fn write(self, text: String) -> String {
        let text = if self.crlf {
            text.replace("\r\n", "\n").replace('\n', "\r\n")
        } else {
            text
        };
        if self.bom {
            format!("\u{FEFF}{text}")
        } else {
            text
        }
    }
}

fn fresh_document(plan: &Plan) -> DocumentMut {
    let mut doc = DocumentMut::new();
    doc.insert("format", toml_edit::value(FORMAT_VERSION));
    doc.insert("session", toml_edit::value(plan.session.as_str()));
    doc
}

/// Bring the `[[key]]` tables of one kind from `old` to `new`: items are matched by
/// identity ([`PlanItem::same`]), equal items first; removed ones are dropped, changed
/// ones edited key by key (keeping their comments), new ones created, each as the
/// item's own [`PlanItem::write`] says. The array is rebuilt in the plan's
/// order: tables already in that order keep their place in the file, the others move
/// to follow the item before them (toml_edit places a table without a position after
/// its predecessor).
fn reconcile<T: Record>(root: &mut Table, old: &[T], new: &[T]) -> Result<(), String> {
    let key = T::TABLE;
    if old == new {
        // Untouched: left exactly as written, however it is written.
        return Ok(());
    }
    let existing = match root.get(key) {
        Some(Item::ArrayOfTables(a)) => a.clone(),
        None => ArrayOfTables::new(),
        // Written inline (`meeting = [{ ... }]`), which loads the same: edited as the
        // [[meeting]] tables it stands for (only this list is rewritten so).
        Some(Item::Value(Value::Array(a))) if a.iter().all(Value::is_inline_table) => {
            let mut tables = ArrayOfTables::new();
            for v in a.iter() {
                if let Some(t) = v.as_inline_table() {
                    tables.push(t.clone().into_table());
                }
            }
            tables
        }
        Some(_) => return Err(format!("\"{key}\" is not a list of [[{key}]] tables")),
    };
    if existing.len() != old.len() {
        return Err(format!(
            "the file has {} [[{key}]] tables but {} were loaded",
            existing.len(),
            old.len()
        ));
    }
    let mut matched: Vec<Option<usize>> = vec![None; new.len()];
    let mut used = vec![false; old.len()];
    for pass in [true, false] {
        for (j, n) in new.iter().enumerate() {
            if matched[j].is_some() {
                continue;
            }
            let hit = (0..old.len())
                .find(|&i| !used[i] && if pass { old[i] == *n } else { old[i].same(n) });
            if let Some(i) = hit {
                used[i] = true;
                matched[j] = Some(i);
            }
        }
    }
    let in_place = in_file_order(&matched);
    let carried = carried_comments(&existing, &used);
    let mut rebuilt = ArrayOfTables::new();
    for (j, n) in new.iter().enumerate() {
        let table = match matched[j] {
            Some(i) => {
                let mut t = existing.get(i).cloned().unwrap_or_default();
                if let Some(intro) = &carried[i] {
                    let own = t.decor().prefix().and_then(|p| p.as_str()).unwrap_or("");
                    let own = own.trim_start_matches('\n').to_string();
                    t.decor_mut().set_prefix(format!("{intro}{own}"));
                }
                if old[i] != *n {
                    let before = old[i].write();
                    for (k, v) in n.write() {
                        let was = before
                            .iter()
                            .find(|(bk, _)| *bk == k)
                            .and_then(|(_, v)| v.clone());
                        set_field(&mut t, k, v, was);
                    }
                }
                if !in_place[j] {
                    t.set_position(None);
                }
                t
            }
            None => {
                let mut t = Table::new();
                for (k, v) in n.write() {
                    if let Some(v) = v {
                        t.insert(k, Item::Value(v));
                    }
                }
                t
            }
        };
        rebuilt.push(table);
    }
    if rebuilt.is_empty() {
        root.remove(key);
    } else {
        root.insert(key, Item::ArrayOfTables(rebuilt));
    }
    Ok(())
}

/// The comments that introduce a section (`# --- Meetings ---`, then a blank line)
/// above removed tables, for the next table that stays: removing the first meeting
/// must not remove the heading of the meetings. The comment right above a removed
/// table (no blank line between) is about that item and goes with it.
fn carried_comments(existing: &ArrayOfTables, kept: &[bool]) -> Vec<Option<String>> {
    let mut out = vec![None; kept.len()];
    let mut pending = String::new();
    for (i, t) in existing.iter().enumerate() {
        let prefix = t.decor().prefix().and_then(|p| p.as_str()).unwrap_or("");
        if !kept.get(i).copied().unwrap_or(true) {
            if let Some(end) = prefix.rfind("\n\n") {
                let intro = &prefix[..end + 2];
                if intro.contains('#') {
                    pending.push_str(intro);
                }
            }
        } else if !pending.is_empty() {
            out[i] = Some(std::mem::take(&mut pending));
        }
    }
    out
}

/// Which matched items can keep their table's place in the file: the longest run of
/// them whose old positions increase in the new order (found by patience sorting).
fn in_file_order(matched: &[Option<usize>]) -> Vec<bool> {
    let pairs: Vec<(usize, usize)> = matched
        .iter()
        .enumerate()
        .filter_map(|(j, m)| m.map(|i| (j, i)))
        .collect();
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; pairs.len()];
    for (k, &(_, i)) in pairs.iter().enumerate() {
        let at = tails.partition_point(|&t| pairs[t].1 < i);
        prev[k] = at.checked_sub(1).map(|a| tails[a]);
        if at == tails.len() {
            tails.push(k);
        } else {
            tails[at] = k;
        }
    }
    let mut keep = vec![false; matched.len()];
    let mut k = tails.last().copied();
    while let Some(x) = k {
        keep[pairs[x].0] = true;
        k = prev[x];
    }
    keep
}

/// Set one key when its value changed, keeping the comment that may follow it on its
/// line; remove it when it has no value any more.
fn set_field(table: &mut Table, key: &str, new: Option<Value>, old: Option<Value>) {
    if new.as_ref().map(ToString::to_string) == old.as_ref().map(ToString::to_string) {
        return;
    }
    match new {
        None => {
            table.remove(key);
        }
        Some(mut v) => match table.get_mut(key) {
            Some(Item::Value(existing)) => {
                *v.decor_mut() = existing.decor().clone();
                *existing = v;
            }
            _ => {
                table.insert(key, Item::Value(v));
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::MeetingId;
    use crate::planning::ops;
    use crate::store::{self, DbSource};

    fn today() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    /// Load the plan text given as plan/cnd-70.toml of the default database, apply
    /// `op`, and return what saving writes for it.
    fn edited(text: &str, op: impl FnOnce(&crate::model::Database) -> ops::OpResult) -> String {
        let mut files = crate::testdata::sample_files();
        for f in &mut files {
            if f.path == Path::new("plan/cnd-70.toml") {
                f.bytes = text.as_bytes().to_vec();
            }
        }
        let loaded = store::load_files(DbSource::Embedded, files, today());
        assert!(
            !loaded.diagnostics.has_errors(),
            "{}",
            loaded.diagnostics.render(&loaded.sources)
        );
        let mut editor = Editor::new(loaded.db.clone());
        editor.apply(op(editor.db()).unwrap()).unwrap();
        let original = loaded
            .sources
            .files
            .iter()
            .find(|f| f.path == Path::new("plan/cnd-70.toml"))
            .map(|f| f.text.as_str());
        render_plan(
            original,
            loaded.db.plans.get("cnd-70").map(|p| &**p),
            &editor.db().plans["cnd-70"],
        )
        .unwrap()
    }

    fn shipped() -> String {
        String::from_utf8(
            crate::testdata::sample_files()
                .into_iter()
                .find(|f| f.path == Path::new("plan/cnd-70.toml"))
                .unwrap()
                .bytes,
        )
        .unwrap()
    }

    fn changed_lines(a: &str, b: &str) -> usize {
        let (a, b): (Vec<&str>, Vec<&str>) = (a.split('\n').collect(), b.split('\n').collect());
        assert_eq!(a.len(), b.len());
        a.iter().zip(&b).filter(|(x, y)| x != y).count()
    }

    #[test]
    fn windows_line_endings_and_a_byte_order_mark_are_kept() {
        let windows = format!("\u{FEFF}{}", shipped().replace('\n', "\r\n"));
        let out = edited(&windows, |db| {
            ops::move_meeting(db, &MeetingId::from("cnd70-csu"), 15)
        });
        assert!(out.starts_with('\u{FEFF}'), "the mark is kept");
        assert_eq!(
            out.matches('\n').count(),
            out.matches("\r\n").count(),
            "every line still ends in CRLF"
        );
        assert_eq!(
            changed_lines(&windows, &out),
            2,
            "only start and end changed"
        );
    }

    #[test]
    fn removing_the_first_meeting_keeps_the_heading_above_it() {
        let text = shipped();
        assert!(text.contains("# --- Meetings ---"));
        let out = edited(&text, |db| {
            ops::remove_meeting(db, &MeetingId::from("cnd70-briefing"))
        });
        assert!(out.contains("# --- Meetings ---"), "{out}");
        assert!(!out.contains("cnd70-briefing"));
        // The comment about that meeting alone went with it.
        assert!(!out.contains("The day BEFORE the opening"), "{out}");
    }

    #[test]
    fn a_list_written_inline_is_edited_and_other_lists_stay_as_written() {
        let text = "format = 1\nsession = \"cnd-70\"\n\
            delegate = [{ person = \"esempio\", role = \"head\" }]\n\
            meeting = [{ id = \"m-a\", title = \"A\", start = 2027-03-09T09:00:00, end = 2027-03-09T10:00:00, attendees = [\"esempio\"] }]\n";
        let out = edited(text, |db| {
            ops::move_meeting(db, &MeetingId::from("m-a"), 30)
        });
        assert!(
            out.contains("delegate = [{ person = \"esempio\", role = \"head\" }]"),
            "{out}"
        );
        assert!(
            out.contains("[[meeting]]") && out.contains("09:30:00"),
            "{out}"
        );
    }
}
