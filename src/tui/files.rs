//! The database's files, seen from the application: saving (with a partial save's
//! rebase), reloading, noticing changes on disk, and the recovery copies of unsaved
//! plans. Kept apart from the shell ([`super::app`]) because a core `Workspace` will
//! take this over.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::planning::{Editor, Transaction};
use crate::store::save::SaveError;
use crate::store::{self, DbSource, RawFile};

use super::app::App;
use super::derived;
use super::popups::Popup;
use super::popups::confirm_quit::Confirm;

impl App {
    // ----- saving --------------------------------------------------------------------

    pub(super) fn save(&mut self) {
        if self.read_only {
            self.refuse_read_only();
            return;
        }
        if !self.is_dirty() {
            self.info("nothing to save");
            return;
        }
        match crate::store::save::save_locked(&self.loaded, &self.editor) {
            Ok((report, lock)) => {
                if lock.is_some() {
                    self.lock = lock;
                }
                let source = DbSource::Dir(report.dir.clone());
                if source != self.loaded.source {
                    // The built-in database was written out: its copies move with it.
                    if let Some(dir) = self.recovery_dir.take() {
                        super::recovery::clear(&dir);
                        self.recovery_dir = dir
                            .parent()
                            .map(|base| super::recovery::dir_for(base, &source));
                    }
                }
                let reloaded = store::load(&source, self.today);
                let n = report.written.len();
                self.editor.mark_saved(reloaded.db.clone());
                self.read_only = self.external_read_only || reloaded.diagnostics.has_errors();
                self.parse_diags = derived::parse_diagnostics(&reloaded, self.today);
                self.loaded = reloaded;
                self.generation += 1;
                self.refresh();
                if let Some(dir) = &self.recovery_dir {
                    super::recovery::clear(dir);
                }
                self.info(format!(
                    "saved {} to {}",
                    crate::diag::plural(n, "file"),
                    report.dir.display()
                ));
            }
            Err(e @ SaveError::Conflicts { .. }) => self.save_conflict(e),
            Err(e) => {
                self.error("not saved: your changes are still here (see the message)");
                self.popup = Some(Popup::Confirm(Confirm::Notice {
                    title: "Not saved".into(),
                    text: format!("{e}\n\nYour changes are still here, unsaved."),
                }));
            }
        }
    }

    /// A save refused for files changed on disk: the other plans were written, ours
    /// of the changed ones are beside them as `.mine`, and our edits of those stay
    /// here, unsaved (saving again writes them beside theirs again).
    pub(super) fn save_conflict(&mut self, e: SaveError) {
        let SaveError::Conflicts { kept, written, .. } = &e else {
            return;
        };
        let text = format!(
            "{e}\n\nNothing was written over their version. Your changes are still here, unsaved: saving again writes them beside theirs again; reloading (R) takes theirs and drops yours."
        );
        if !written.is_empty() {
            self.rebase_after_partial_save(written);
        }
        let first = kept
            .first()
            .map(|(_, ours)| ours.display().to_string())
            .unwrap_or_default();
        self.error(format!(
            "not saved: changed on disk meanwhile; your version is in {first} (see the message)"
        ));
        self.popup = Some(Popup::Confirm(Confirm::Notice {
            title: "Not saved: changed on disk".into(),
            text,
        }));
        // They know now: no second popup for the same files.
        self.disk_changed = store::changed_files(&self.loaded);
        self.disk_seen = self.fingerprint(&self.disk_changed);
    }

    /// Some plans were written, others not: the written ones become the saved state
    /// (as on disk now), the others stay edited. The undo history starts again.
    pub(super) fn rebase_after_partial_save(&mut self, written: &[PathBuf]) {
        let DbSource::Dir(dir) = self.loaded.source.clone() else {
            return;
        };
        let mut files: Vec<RawFile> = self
            .loaded
            .sources
            .files
            .iter()
            .map(|f| RawFile {
                path: f.path.clone(),
                bytes: f.text.clone().into_bytes(),
            })
            .collect();
        for path in written {
            let Ok(rel) = path.strip_prefix(&dir) else {
                continue;
            };
            let Ok(bytes) = std::fs::read(path) else {
                continue;
            };
            match files.iter_mut().find(|f| f.path == rel) {
                Some(f) => f.bytes = bytes,
                None => files.push(RawFile {
                    path: rel.to_path_buf(),
                    bytes,
                }),
            }
        }
        let rebased = store::load_files(self.loaded.source.clone(), files, self.today);
        let mut editor = Editor::new(rebased.db.clone());
        let mut tx = Transaction::new("your changes not saved (changed on disk)");
        for s in self.editor.unsaved_sessions() {
            let mine = self.editor.db().plans.get(&s);
            if editor.db().plans.get(&s) != mine {
                super::recovery::replace_plan(&mut tx, editor.db(), &s, mine);
            }
        }
        if !tx.changes.is_empty() && editor.apply(tx).is_err() {
            return;
        }
        self.parse_diags = derived::parse_diagnostics(&rebased, self.today);
        self.loaded = rebased;
        self.editor = editor;
        self.changed();
    }

    /// `R`: read the files again (after fixing them in an editor). With unsaved
    /// changes, which a reload would drop, it asks first.
    pub(super) fn reload(&mut self) {
        if self.is_dirty() {
            self.popup = Some(Popup::Confirm(Confirm::DiskChanged {
                files: store::changed_files(&self.loaded),
                dirty: true,
            }));
            return;
        }
        self.reload_now();
    }

    pub(super) fn reload_now(&mut self) {
        let loaded = store::load(&self.loaded.source, self.today);
        self.parse_diags = derived::parse_diagnostics(&loaded, self.today);
        self.editor = Editor::new(loaded.db.clone());
        let errors = loaded.diagnostics.has_errors();
        self.loaded = loaded;
        self.disk_changed.clear();
        self.disk_seen.clear();
        self.generation += 1;
        self.refresh();
        if self.external_read_only {
            self.info(format!(
                "reloaded (still read-only: {})",
                self.read_only_note
            ));
        } else if errors {
            self.read_only = true;
            self.error("reloaded: the database still has errors (see Problems)");
        } else {
            self.read_only = false;
            self.info(format!("reloaded {}", self.loaded.source.describe()));
        }
    }

    // ----- the files on disk -----------------------------------------------------------

    pub(super) fn fingerprint(&self, files: &[PathBuf]) -> Vec<(PathBuf, Option<SystemTime>, u64)> {
        let DbSource::Dir(dir) = &self.loaded.source else {
            return Vec::new();
        };
        files
            .iter()
            .map(|f| {
                let meta = std::fs::metadata(dir.join(f)).ok();
                (
                    f.clone(),
                    meta.as_ref().and_then(|m| m.modified().ok()),
                    meta.map_or(0, |m| m.len()),
                )
            })
            .collect()
    }

    /// Look whether the database's files changed on disk (called every two seconds or
    /// so): when they did, and the user has not been told about these changes yet,
    /// ask whether to reload. Waits while another popup is open.
    pub fn poll_disk(&mut self) {
        if !matches!(self.loaded.source, DbSource::Dir(_)) {
            return;
        }
        let changed = store::changed_files(&self.loaded);
        if changed.is_empty() {
            self.disk_changed.clear();
            self.disk_seen.clear();
            return;
        }
        let print = self.fingerprint(&changed);
        self.disk_changed = changed.clone();
        if print == self.disk_seen || self.popup.is_some() {
            return;
        }
        self.disk_seen = print;
        self.screens.people.filtering = false;
        self.popup = Some(Popup::Confirm(Confirm::DiskChanged {
            files: changed,
            dirty: self.is_dirty(),
        }));
    }

    // ----- recovery --------------------------------------------------------------------

    /// At start-up: copies of unsaved plans left by an earlier run in this database's
    /// recovery folder are moved aside (this run writes its own there), and restoring
    /// them is offered.
    pub fn offer_recovery(&mut self) {
        let Some(dir) = self.recovery_dir.clone() else {
            return;
        };
        if !super::recovery::has_copies(&dir) {
            return;
        }
        let aside = match super::recovery::set_aside(&dir) {
            Ok(a) => a,
            Err(e) => {
                // Writing this run's copies there would replace them.
                self.recovery_dir = None;
                self.error(format!(
                    "unsaved plans of an earlier run are in {} (could not move them aside: {e}); this run makes no recovery copies",
                    dir.display()
                ));
                return;
            }
        };
        if self.read_only {
            self.info(format!(
                "unsaved plans of an earlier run are in {}: copy them over plan/ once the database loads",
                aside.display()
            ));
            return;
        }
        let sessions = super::recovery::copies(&aside)
            .into_iter()
            .map(|c| c.session)
            .collect();
        let written = super::recovery::written_at(&aside);
        self.popup = Some(Popup::Confirm(Confirm::Recover {
            dir: aside,
            sessions,
            written,
        }));
    }

    /// Apply the copies in `dir` as unsaved changes (one undo takes them back).
    pub fn restore(&mut self, dir: &Path) {
        if self.read_only {
            self.refuse_read_only();
            return;
        }
        let copies = super::recovery::copies(dir);
        let names: Vec<&str> = copies.iter().map(|c| c.session.as_str()).collect();
        let mut tx = Transaction::new(format!(
            "restored the unsaved {} from an earlier run",
            match names.len() {
                1 => format!("plan for {}", names[0]),
                _ => format!("plans for {}", names.join(", ")),
            }
        ));
        for c in &copies {
            match super::recovery::read_copy(c, &self.loaded, self.today) {
                Ok(plan) => super::recovery::replace_plan(
                    &mut tx,
                    self.editor.db(),
                    &c.session,
                    plan.as_ref(),
                ),
                Err(e) => {
                    self.error(format!(
                        "nothing restored: {e}; the copies stay in {}",
                        dir.display()
                    ));
                    return;
                }
            }
        }
        if tx.changes.is_empty() {
            self.info(format!(
                "nothing to restore: the files already hold those plans (the copies stay in {})",
                dir.display()
            ));
            return;
        }
        let description = tx.description.clone();
        if !self.apply_tx(tx) {
            return;
        }
        // This run's copies at once, then the old ones can go.
        let copied = match &self.recovery_dir {
            Some(rd) => super::recovery::write(rd, &self.loaded, &self.editor).is_ok(),
            None => false,
        };
        if copied {
            for c in &copies {
                let _ = std::fs::remove_file(&c.path);
            }
            let _ = std::fs::remove_dir(dir);
        }
        if let Some(first) = copies.first()
            && self.editor.db().sessions.contains_key(&first.session)
        {
            self.choose_session(&first.session);
        }
        self.info(format!(
            "{description}: unsaved until you save (ctrl-s); u undoes"
        ));
    }
}
