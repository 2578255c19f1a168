//! The recovery copy of unsaved plans, so that a crash, a killed terminal or a
//! "quit without saving" by mistake loses nothing.
//!
//! Shortly after every change, each plan with unsaved changes is written, whole, to
//! the database's recovery folder (on Linux `~/.local/share/attache/recovery/<db>/`,
//! one folder per database, see [`dir_for`]) as `<session>.toml`: exactly the plan
//! file a save would write, with a comment on top saying which database it belongs to
//! and when it was written. A plan that was removed is recorded as
//! `<session>.removed`. Saving clears the folder.
//!
//! Only the process holding the database's lock writes there, so copies found at
//! start-up were left by an earlier run that did not save: they are moved aside
//! ([`set_aside`]) and the application offers to restore them as unsaved changes
//! ([`read_copy`]). By hand: copy the file over `plan/<session>.toml`.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::model::{Database, Plan};
use crate::planning::change::{Change, Item, ItemKind};
use crate::planning::{Editor, Transaction};
use crate::store::write::{atomic_write, create_private_dir};
use crate::store::{DbSource, Loaded, RawFile};

/// The folder holding every database's recovery folder, in the user's data folder.
pub fn default_dir() -> Option<PathBuf> {
    crate::store::location::user_data_dir().map(|d| d.join("recovery"))
}

/// The recovery folder of one database under `base`: named after the database
/// folder's last component, made unique by a hash of its full path, so that two
/// attache processes on two databases never touch each other's copies.
pub fn dir_for(base: &Path, source: &DbSource) -> PathBuf {
    let DbSource::Dir(dir) = source else {
        return base.join("built-in");
    };
    let full = fs::canonicalize(dir).unwrap_or_else(|_| dir.clone());
    let name: String = full
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(32)
        .collect();
    // FNV-1a: stable across Rust versions, unlike the standard hasher.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in full.as_os_str().as_encoded_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    base.join(format!("{name}-{:08x}", h as u32))
}

/// Write every unsaved plan to `dir`, removing older copies of plans that are no
/// longer unsaved. Returns the files written.
pub fn write(dir: &Path, loaded: &Loaded, editor: &Editor) -> io::Result<Vec<PathBuf>> {
    let unsaved = editor.unsaved_sessions();
    if unsaved.is_empty() {
        clear(dir);
        return Ok(Vec::new());
    }
    if !dir.exists() {
        create_private_dir(dir)?;
    }
    let mut written = Vec::new();
    let header = format!(
        "# attaché recovery copy of an unsaved plan, written {}.\n\
         # Database: {}\n\
         # To recover it, copy this file over plan/<session>.toml in that database folder.\n",
        chrono::Local::now().format("%Y-%m-%d %H:%M:%S"),
        loaded.source.describe()
    );
    for session in &unsaved {
        let safe: String = session
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        match editor.db().plans.get(session) {
            Some(plan) => {
                let old = editor.saved().plans.get(session);
                let original = old.and_then(|o| {
                    loaded
                        .sources
                        .files
                        .iter()
                        .find(|f| f.path == o.path)
                        .map(|f| f.text.as_str())
                });
                let text = crate::store::save::render_plan(original, old, plan)
                    .map_err(io::Error::other)?;
                let path = dir.join(format!("{safe}.toml"));
                atomic_write(&path, format!("{header}{text}").as_bytes(), false)?;
                let _ = fs::remove_file(dir.join(format!("{safe}.removed")));
                written.push(path);
            }
            None => {
                let path = dir.join(format!("{safe}.removed"));
                atomic_write(
                    &path,
                    format!("{header}# The plan for {session} was removed (not saved).\n")
                        .as_bytes(),
                    false,
                )?;
                written.push(path);
            }
        }
    }
    // Drop copies of plans saved or undone since.
    if let Ok(entries) = fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if !written.contains(&p) && is_recovery_file(&p) {
                let _ = fs::remove_file(p);
            }
        }
    }
    Ok(written)
}

fn is_recovery_file(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "toml" || e == "removed")
}

/// Remove the recovery copies (after a save), and the folder once empty.
pub fn clear(dir: &Path) {
    if let Ok(entries) = fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if is_recovery_file(&p) {
                let _ = fs::remove_file(p);
            }
        }
    }
    let _ = fs::remove_dir(dir);
}

/// Whether `dir` holds recovery copies.
pub fn has_copies(dir: &Path) -> bool {
    fs::read_dir(dir)
        .map(|mut it| it.any(|e| e.is_ok_and(|e| is_recovery_file(&e.path()))))
        .unwrap_or(false)
}

/// One recovery copy: the plan of `session` as it was, unsaved, in an earlier run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copy {
    pub session: String,
    pub path: PathBuf,
    /// The plan was removed (`<session>.removed`).
    pub removed: bool,
}

/// The copies in `dir`, by session.
pub fn copies(dir: &Path) -> Vec<Copy> {
    let mut out: Vec<Copy> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| is_recovery_file(p))
        .filter_map(|path| {
            let session = path.file_stem()?.to_str()?.to_string();
            let removed = path.extension().is_some_and(|e| e == "removed");
            Some(Copy {
                session,
                path,
                removed,
            })
        })
        .collect();
    out.sort_by(|a, b| a.session.cmp(&b.session));
    out
}

/// When the copies in `dir` were written, as their header says.
pub fn written_at(dir: &Path) -> Option<String> {
    let copy = copies(dir).into_iter().next()?;
    let text = fs::read_to_string(copy.path).ok()?;
    let line = text.lines().next()?;
    let at = line.rsplit_once(", written ")?.1.trim_end_matches('.');
    Some(crate::text::printable(at).into_owned())
}

/// Move the folder `dir` aside (to `<dir>-<date>-<time>` beside it), so that this run
/// does not overwrite the copies in it; returns where.
pub fn set_aside(dir: &Path) -> io::Result<PathBuf> {
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "recovery".into());
    let mut aside = dir.with_file_name(format!("{name}-{stamp}"));
    let mut n = 1;
    while aside.exists() {
        n += 1;
        aside = dir.with_file_name(format!("{name}-{stamp}-{n}"));
    }
    fs::rename(dir, &aside)?;
    Ok(aside)
}

/// The plan a copy holds, read as the database `loaded` would read it in place of the
/// plan file (`None`: the plan was removed). An error says why it cannot be used.
pub fn read_copy(copy: &Copy, loaded: &Loaded, today: NaiveDate) -> Result<Option<Plan>, String> {
    if copy.removed {
        return Ok(None);
    }
    let bytes = fs::read(&copy.path).map_err(|e| format!("{}: {e}", copy.path.display()))?;
    let rel = loaded.db.plans.get(&copy.session).map_or_else(
        || Path::new("plan").join(format!("{}.toml", copy.session)),
        |p| p.path.clone(),
    );
    let mut files: Vec<RawFile> = loaded
        .sources
        .files
        .iter()
        .filter(|f| f.path != rel)
        .map(|f| RawFile {
            path: f.path.clone(),
            bytes: f.text.clone().into_bytes(),
        })
        .collect();
    files.push(RawFile {
        path: rel.clone(),
        bytes,
    });
    let back = crate::store::load_files(loaded.source.clone(), files, today);
    if let Some(d) = back.diagnostics.errors().next() {
        return Err(format!(
            "the copy of {} does not load: {}",
            crate::text::printable(&copy.session),
            d.message
        ));
    }
    back.db
        .plans
        .get(&copy.session)
        .cloned()
        .map(Some)
        .ok_or_else(|| {
            format!(
                "{} holds no plan for {}",
                copy.path.display(),
                crate::text::printable(&copy.session)
            )
        })
}

/// The changes that turn the plan of `session` in `db` into `new` (`None`: no plan),
/// added to `tx`: each list that differs is emptied and refilled, so that the
/// result is exactly `new` and one undo takes it back. (A plan's notes are not an
/// item: they stay as they are.)
pub fn replace_plan(tx: &mut Transaction, db: &Database, session: &str, new: Option<&Plan>) {
    let empty = Plan::new(session);
    let old = db.plans.get(session);
    if old.is_none() {
        if new.is_none() {
            return;
        }
        tx.changes.push(Change::CreatePlan(session.to_string()));
    }
    let old = old.unwrap_or(&empty);
    let target = new.unwrap_or(&empty);
    fn list<T: Clone + PartialEq>(
        tx: &mut Transaction,
        session: &str,
        kind: ItemKind,
        old: &[T],
        new: &[T],
        item: fn(T) -> Item,
    ) {
        if old == new {
            return;
        }
        for (i, x) in old.iter().enumerate().rev() {
            tx.changes.push(Change::Item {
                session: session.to_string(),
                kind,
                index: i,
                before: Some(item(x.clone())),
                after: None,
            });
        }
        for (i, x) in new.iter().enumerate() {
            tx.changes.push(Change::Item {
                session: session.to_string(),
                kind,
                index: i,
                before: None,
                after: Some(item(x.clone())),
            });
        }
    }
    list(
        tx,
        session,
        ItemKind::Delegate,
        &old.delegates,
        &target.delegates,
        Item::Delegate,
    );
    list(
        tx,
        session,
        ItemKind::Meeting,
        &old.meetings,
        &target.meetings,
        Item::Meeting,
    );
    list(
        tx,
        session,
        ItemKind::Travel,
        &old.travel,
        &target.travel,
        Item::Travel,
    );
    list(
        tx,
        session,
        ItemKind::Stay,
        &old.stays,
        &target.stays,
        Item::Stay,
    );
    if new.is_none() {
        tx.changes.push(Change::RemovePlan(session.to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planning::ops;
    use crate::store::{self, DbSource};

    #[test]
    fn writes_loadable_plans_and_clears() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let loaded = store::load(&DbSource::Embedded, today);
        let mut editor = Editor::new(loaded.db.clone());
        let dir = tempfile::tempdir().unwrap();
        let rec = dir.path().join("recovery");
        assert!(write(&rec, &loaded, &editor).unwrap().is_empty());
        let tx = ops::move_meeting(editor.db(), "cnd70-csu", 30).unwrap();
        editor.apply(tx).unwrap();
        let files = write(&rec, &loaded, &editor).unwrap();
        assert_eq!(files, vec![rec.join("cnd-70.toml")]);
        let text = fs::read_to_string(&files[0]).unwrap();
        assert!(text.starts_with("# attaché recovery copy"));
        assert!(text.contains("2027-03-09T14:00:00"), "{text}");
        // The copy is a plan file the loader reads back as the edited plan.
        let mut raw = crate::store::source::embedded_files();
        for f in &mut raw {
            if f.path == Path::new("plan/cnd-70.toml") {
                f.bytes = text.clone().into_bytes();
            }
        }
        let back = store::load_files(DbSource::Embedded, raw, today);
        assert_eq!(back.db.plans["cnd-70"], editor.db().plans["cnd-70"]);
        editor.undo();
        assert!(write(&rec, &loaded, &editor).unwrap().is_empty());
        assert!(!has_copies(&rec));
    }
}
