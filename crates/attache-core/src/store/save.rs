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
use super::write::{atomic_write, with_suffix};
use super::{Loaded, init, location};
use crate::items::PlanItem;
use crate::model::{FORMAT_VERSION, Plan};
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
    save_locked(loaded, editor).map(|(report, _lock)| report)
}

/// [`save`], returning the lock of the folder the embedded database was written out
/// to: the terminal application holds it from then on, as it holds the lock of a
/// folder it opened, so that no second attaché writes there meanwhile.
pub fn save_locked(
    loaded: &Loaded,
    editor: &Editor,
) -> Result<(SaveReport, Option<Lock>), SaveError> {
    let (dir, lock) = match &loaded.source {
        DbSource::Dir(d) => (d.clone(), None),
        DbSource::Embedded => {
            let (dir, lock) = write_out()?;
            (dir, Some(lock))
        }
    };
    save_to(&dir, loaded, editor).map(|report| (report, lock))
}

/// Write the embedded database out to the user's data folder, holding its lock.
/// A database already there (written by another attaché since this one started) is
/// kept: saving into it then refuses any file changed from what was loaded.
fn write_out() -> Result<(PathBuf, Lock), SaveError> {
    let dir = location::user_data_dir().ok_or_else(|| SaveError::Io {
        path: PathBuf::from("~"),
        error: io::Error::other("this system has no data folder: open a database with --db"),
    })?;
    let io_error = |error| SaveError::Io {
        path: dir.clone(),
        error,
    };
    super::write::create_private_dir(&dir).map_err(io_error)?;
    let lock = Lock::acquire(&dir).map_err(|e| SaveError::Locked {
        dir: dir.clone(),
        why: e.to_string(),
    })?;
    match init::write_default(&dir) {
        Err(e) if e.kind() != io::ErrorKind::AlreadyExists => Err(io_error(e)),
        _ => Ok((dir, lock)),
    }
}

/// Write the changed plans into `dir`.
pub fn save_to(dir: &Path, loaded: &Loaded, editor: &Editor) -> Result<SaveReport, SaveError> {
    let mut report = SaveReport {
        dir: dir.to_path_buf(),
        written: Vec::new(),
    };
    let mut kept = Vec::new();
    for session in editor.unsaved_sessions() {
        let old = editor.saved().plans.get(&session);
        let Some(new) = editor.db().plans.get(&session) else {
            // A plan created and undone before saving: nothing on disk to change.
            continue;
        };
        let rel = old.map_or(&new.path, |p| &p.path);
        let path = dir.join(rel);
        let original = loaded
            .sources
            .files
            .iter()
            .find(|f| &f.path == rel)
            .map(|f| f.text.as_str());
        let text = render_plan(original, old, new).map_err(|why| SaveError::Inconsistent {
            path: path.clone(),
            why,
        })?;
        if changed_on_disk(&path, original) {
            let ours = with_suffix(&path, CONFLICT_SUFFIX);
            atomic_write(&ours, text.as_bytes(), false).map_err(|error| SaveError::Io {
                path: ours.clone(),
                error,
            })?;
            kept.push((path, ours));
            continue;
        }
        if let Some(parent) = path.parent() {
            super::write::create_private_dir(parent).map_err(|error| SaveError::Io {
                path: parent.to_path_buf(),
                error,
            })?;
        }
        atomic_write(&path, text.as_bytes(), true).map_err(|error| SaveError::Io {
            path: path.clone(),
            error,
        })?;
        report.written.push(path);
    }
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

/// Whether the file on disk differs from the text it had when loaded (or exists when
/// it did not).
fn changed_on_disk(path: &Path, original: Option<&str>) -> bool {
    match (fs::read(path), original) {
        (Ok(bytes), Some(text)) => differs(&bytes, text),
        (Ok(_), None) => true,
        (Err(_), Some(_)) => true,
        (Err(_), None) => false,
    }
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
    let (mut doc, old) = match (original, old) {
        (Some(text), Some(old)) => (text.parse::<DocumentMut>().map_err(|e| e.to_string())?, old),
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
    Ok(doc.to_string())
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
fn reconcile<T: PlanItem>(root: &mut Table, old: &[T], new: &[T]) -> Result<(), String> {
    let key = T::TABLE;
    let existing = match root.get(key) {
        Some(Item::ArrayOfTables(a)) => a.clone(),
        None => ArrayOfTables::new(),
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
    let mut rebuilt = ArrayOfTables::new();
    for (j, n) in new.iter().enumerate() {
        let table = match matched[j] {
            Some(i) => {
                let mut t = existing.get(i).cloned().unwrap_or_default();
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
