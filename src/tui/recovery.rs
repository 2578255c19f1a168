//! The recovery copy of unsaved plans, so that a crash, a killed terminal or a
//! "quit without saving" by mistake loses nothing.
//!
//! Shortly after every change, each plan with unsaved changes is written, whole, to
//! the recovery folder (on Linux `~/.local/share/attache/recovery/`) as
//! `<session>.toml`: exactly the plan file a save would write, with a comment on top
//! saying which database it belongs to and when it was written. To recover, copy the
//! file over `plan/<session>.toml` in that database folder. A plan that was removed
//! is recorded as `<session>.removed`. Saving clears the folder.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::planning::Editor;
use crate::store::Loaded;
use crate::store::write::{atomic_write, create_private_dir};

/// The recovery folder in the user's data folder.
pub fn default_dir() -> Option<PathBuf> {
    crate::store::location::user_data_dir().map(|d| d.join("recovery"))
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

/// Remove the recovery copies (after a save).
pub fn clear(dir: &Path) {
    if let Ok(entries) = fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if is_recovery_file(&p) {
                let _ = fs::remove_file(p);
            }
        }
    }
}

/// Whether `dir` holds recovery copies.
pub fn has_copies(dir: &Path) -> bool {
    fs::read_dir(dir)
        .map(|mut it| it.any(|e| e.is_ok_and(|e| is_recovery_file(&e.path()))))
        .unwrap_or(false)
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
