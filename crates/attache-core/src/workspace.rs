//! The workspace: one open database that the command line and the terminal
//! application both drive.
//!
//! It holds what was read from the files, the edited database with its undo history,
//! the findings kept up to date edit by edit ([`Analysis`]), whether it may be
//! written (the folder's lock, its permissions, errors in the files), and the folder's
//! lock itself. Every edit goes through [`Workspace::apply`], which refuses edits of a
//! read-only database and answers with what changed and every finding the edit made
//! or resolved, compared by kind and subject, never by message text. Saving, reloading,
//! the changes made on disk by others and the recovery copies are here too, so that
//! neither front end has its own version of them.

use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use chrono::NaiveDate;

use crate::model::{Database, SessionId};
use crate::planning::analysis::{Analysis, Delta};
use crate::planning::{Change, Editor, OpError, Transaction};
use crate::store::lock::{Lock, LockError};
use crate::store::save::{SaveError, SaveReport};
use crate::store::{self, DbSource, Loaded, RawFile, recovery};

/// Why a workspace may not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOnly {
    /// In a few words, for a status bar.
    pub note: String,
    /// In full, for when an edit is refused.
    pub why: String,
    /// For a reason outside the files (the lock, the folder's permissions), which a
    /// reload does not end.
    pub external: bool,
}

/// What an edit, an undo or a redo did.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// What was done, in words ("moved meeting x by 15 minutes").
    pub description: String,
    /// The sessions whose plans changed.
    pub sessions: Vec<SessionId>,
    /// What changed, item by item (for an undo, the inverse of the edit's changes):
    /// what a front end shows as old → new, and the ids of the items made.
    pub changes: Vec<Change>,
    /// The findings it made and resolved.
    pub findings: Delta,
}

/// An open database.
pub struct Workspace {
    loaded: Loaded,
    editor: Editor,
    analysis: Analysis,
    read_only: Option<ReadOnly>,
    /// The lock of the folder this workspace may write (held until it is dropped).
    lock: Option<Lock>,
    /// Counts changes of the edited database (edits, undos, reloads, saves), so that a
    /// view can tell whether what it shows is still current.
    generation: u64,
    /// Counts the changes that can change the people and sections (an edit of
    /// `sections.toml`, a reload): lists of people need rebuilding only then.
    people_generation: u64,
    /// The front end's clock, read once per edit to stamp what it changes
    /// ([`Transaction::stamped`]); without one, edits are not stamped.
    clock: Option<Clock>,
}

/// A clock the front end passes in: the core never reads the time itself, so that a
/// test (or `--now`) decides what an edit records.
pub type Clock = Box<dyn Fn() -> chrono::DateTime<chrono::Utc> + Send>;

impl std::fmt::Debug for Workspace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workspace")
            .field("source", &self.loaded.source)
            .field("read_only", &self.read_only)
            .field("generation", &self.generation)
            .finish_non_exhaustive()
    }
}

impl Workspace {
    /// Open the database at `source` for editing: take its folder's lock (without it,
    /// or without the right to write there, the workspace is read-only and says why),
    /// then read it.
    pub fn open(source: &DbSource, today: NaiveDate) -> Workspace {
        let access = Access::take(source);
        Workspace::with_access(store::load(source, today), today, access)
    }

    /// A workspace over files read under `access` (taken before reading them, so that
    /// no other attaché writes them meanwhile).
    pub fn with_access(loaded: Loaded, today: NaiveDate, access: Access) -> Workspace {
        let mut ws = Workspace::from_loaded(loaded, today);
        ws.lock = access.lock;
        if let Some(r) = access.read_only {
            ws.read_only = Some(r);
        }
        ws
    }

    /// A workspace over files already read, without a lock (the caller holds it, or
    /// nothing will be saved).
    pub fn from_loaded(loaded: Loaded, today: NaiveDate) -> Workspace {
        let analysis = Analysis::new(&loaded.db, today);
        let read_only = errors_in_files(&loaded);
        Workspace {
            editor: Editor::new(loaded.db.clone()),
            loaded,
            analysis,
            read_only,
            lock: None,
            generation: 0,
            people_generation: 0,
            clock: None,
        }
    }

    /// Stamp every edit from now on with the time `clock` gives: each item an edit
    /// adds or changes records when (`changed`), and how often its time or place
    /// changed (`sequence`), for calendars to apply updates.
    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = Some(clock);
    }

    /// Keep the folder's lock for as long as this workspace lives.
    fn hold(&mut self, lock: Option<Lock>) {
        if lock.is_some() {
            self.lock = lock;
        }
    }

    /// Make the workspace read-only for a reason outside the files.
    pub fn make_read_only(&mut self, note: impl Into<String>, why: impl Into<String>) {
        self.read_only = Some(ReadOnly {
            note: note.into(),
            why: why.into(),
            external: true,
        });
    }

    pub fn db(&self) -> &Database {
        self.editor.db()
    }

    /// The files as read (their text, diagnostics and what they declared).
    pub fn loaded(&self) -> &Loaded {
        &self.loaded
    }

    pub fn editor(&self) -> &Editor {
        &self.editor
    }

    pub fn analysis(&self) -> &Analysis {
        &self.analysis
    }

    pub fn today(&self) -> NaiveDate {
        self.analysis.today()
    }

    /// Whether this workspace holds its folder's lock.
    pub fn holds_lock(&self) -> bool {
        self.lock.is_some()
    }

    pub fn read_only(&self) -> Option<&ReadOnly> {
        self.read_only.as_ref()
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// See `people_generation`: the same number as long as the people and sections
    /// are.
    pub fn people_generation(&self) -> u64 {
        self.people_generation
    }

    pub fn is_dirty(&self) -> bool {
        self.editor.is_dirty()
    }

    pub fn unsaved_sessions(&self) -> Vec<SessionId> {
        self.editor.unsaved_sessions()
    }

    /// Whether a section or a person was changed and not saved (`sections.toml`).
    pub fn entries_unsaved(&self) -> bool {
        self.editor.entries_unsaved()
    }

    pub fn can_undo(&self) -> bool {
        self.editor.can_undo()
    }

    pub fn can_redo(&self) -> bool {
        self.editor.can_redo()
    }

    /// Run an operation of [`crate::planning::ops`] on the database and apply what it
    /// returns. Refused, with the reason, when the workspace is read-only or the
    /// operation refuses.
    pub fn apply(
        &mut self,
        op: impl FnOnce(&Database) -> Result<Transaction, OpError>,
    ) -> Result<Outcome, OpError> {
        self.writable()?;
        let tx = op(self.editor.db())?;
        self.apply_tx(tx)
    }

    /// Apply a transaction made by an operation.
    pub fn apply_tx(&mut self, tx: Transaction) -> Result<Outcome, OpError> {
        self.writable()?;
        for s in tx.sessions() {
            plan_file_is_its_own(self.editor.db(), s)?;
        }
        let tx = match &self.clock {
            Some(now) => tx.stamped(now()),
            None => tx,
        };
        let tx = self
            .editor
            .apply(tx)
            .map_err(|e| OpError::from(format!("not applied: {e}")))?;
        let (description, sessions, changes) = described(tx);
        Ok(self.changed(description, sessions, changes))
    }

    /// Undo the last edit, if there is one.
    pub fn undo(&mut self) -> Option<Outcome> {
        self.writable().ok()?;
        let undone = self.editor.undo()?;
        let (description, sessions, _) = described(undone);
        let changes = undone.inverse().changes;
        Some(self.changed(format!("undone: {description}"), sessions, changes))
    }

    /// Redo the last undone edit, if there is one.
    pub fn redo(&mut self) -> Option<Outcome> {
        self.writable().ok()?;
        let (description, sessions, changes) = described(self.editor.redo()?);
        Some(self.changed(format!("redone: {description}"), sessions, changes))
    }

    fn refuse_save(&self) -> Result<(), SaveError> {
        match &self.read_only {
            Some(r) => Err(SaveError::Io {
                path: self.loaded.source.path().unwrap_or_default(),
                error: io::Error::other(format!("read-only: {}", r.why)),
            }),
            None => Ok(()),
        }
    }

    fn writable(&self) -> Result<(), OpError> {
        match &self.read_only {
            Some(r) => Err(OpError::from(format!("read-only: {}", r.why))),
            None => Ok(()),
        }
    }

    fn changed(
        &mut self,
        description: String,
        sessions: Vec<SessionId>,
        changes: Vec<Change>,
    ) -> Outcome {
        self.generation += 1;
        if changes.iter().any(|c| matches!(c, Change::Entry { .. })) {
            self.people_generation += 1;
        }
        let findings = self
            .analysis
            .update(self.editor.db(), sessions.iter().map(SessionId::as_str));
        Outcome {
            description,
            sessions,
            changes,
            findings,
        }
    }

    /// Write every unsaved plan. The embedded database is first written out to the
    /// user's data folder, whose lock the workspace keeps from then on.
    ///
    /// Files changed on disk since they were read are not overwritten (ours goes
    /// beside them as `.mine`, see [`SaveError::Conflicts`]); the plans that were
    /// written become the saved state and the others stay edited, unsaved.
    pub fn save(&mut self) -> Result<SaveReport, SaveError> {
        let (report, source) = self.save_files()?;
        let loaded = store::load(&source, self.today());
        let analysis = Analysis::new(&loaded.db, self.today());
        self.read_back(loaded, analysis);
        Ok(report)
    }

    /// Write every unsaved plan, like [`Workspace::save`], but leave reading the files
    /// back to the caller, who may do it on another thread ([`store::load`] on the
    /// returned source) and hand the result to [`Workspace::read_back`]. Until then
    /// the workspace still counts its plans as unsaved, and an edit made meanwhile
    /// would be lost by the read-back: the caller refuses edits in between. A save
    /// refused for files changed on disk is rebased here, as by [`Workspace::save`].
    pub fn save_files(&mut self) -> Result<(SaveReport, DbSource), SaveError> {
        self.refuse_save()?;
        match store::save::save_locked(&self.loaded, &self.editor, self.lock.is_some()) {
            Ok((report, lock)) => {
                self.hold(lock);
                let source = DbSource::Dir(report.dir.clone());
                Ok((report, source))
            }
            Err(e) => {
                if let SaveError::Conflicts { written, .. } = &e
                    && !written.is_empty()
                {
                    self.rebase(written);
                }
                Err(e)
            }
        }
    }

    /// The files as read back after [`Workspace::save_files`], with their analysis
    /// (both made where the reading was): they become the saved state.
    pub fn read_back(&mut self, loaded: Loaded, analysis: Analysis) {
        self.editor.mark_saved(loaded.db.clone());
        self.reset_analysed(loaded, analysis);
    }

    /// The files read again (by the caller, perhaps on another thread) in place of
    /// these, with their analysis: unsaved edits and the undo history are dropped, as
    /// by [`Workspace::reload`].
    pub fn replace(&mut self, loaded: Loaded, analysis: Analysis) {
        self.editor = Editor::new(loaded.db.clone());
        self.reset_analysed(loaded, analysis);
    }

    /// Save, and close: for a command that ends after one edit, which needs neither
    /// the files read back nor a rebase of what could not be written.
    pub fn save_and_close(self) -> Result<SaveReport, SaveError> {
        self.refuse_save()?;
        store::save::save_locked(&self.loaded, &self.editor, self.lock.is_some())
            .map(|(report, _lock)| report)
    }

    /// Some plans were written, others not: the written ones become the saved state
    /// (as on disk now), the others stay edited. The undo history starts again.
    fn rebase(&mut self, written: &[PathBuf]) {
        let DbSource::Dir(dir) = self.loaded.source.clone() else {
            return;
        };
        let files = written
            .iter()
            .filter_map(|path| {
                let rel = path.strip_prefix(&dir).ok()?.to_path_buf();
                let bytes = std::fs::read(path).ok()?;
                Some(RawFile { path: rel, bytes })
            })
            .collect();
        let rebased = self.loaded.with_files(files, self.today());
        let mut editor = Editor::new(rebased.db.clone());
        let mut tx = Transaction::new("your changes not saved (changed on disk)");
        for s in self.editor.unsaved_sessions() {
            let mine = self.editor.db().plans.get(&s).map(|p| &**p);
            if editor.db().plans.get(&s).map(|p| &**p) != mine {
                recovery::replace_plan(&mut tx, editor.db(), &s, mine);
            }
        }
        if !tx.changes.is_empty() && editor.apply(tx).is_err() {
            return;
        }
        self.editor = editor;
        self.reset(rebased);
    }

    /// Read the files again, dropping unsaved edits and the undo history.
    pub fn reload(&mut self) {
        let loaded = store::load(&self.loaded.source, self.today());
        let analysis = Analysis::new(&loaded.db, self.today());
        self.replace(loaded, analysis);
    }

    /// How many bytes the database's files hold: what reading them again costs.
    pub fn size(&self) -> usize {
        self.loaded.sources.files.iter().map(|f| f.text.len()).sum()
    }

    /// After the files were read again: analyse anew, and be read-only exactly when
    /// they have errors (or for the outside reason that still holds).
    fn reset(&mut self, loaded: Loaded) {
        let analysis = Analysis::new(self.editor.db(), self.today());
        self.reset_analysed(loaded, analysis);
    }

    fn reset_analysed(&mut self, loaded: Loaded, analysis: Analysis) {
        self.loaded = loaded;
        self.analysis = analysis;
        if !self.read_only.as_ref().is_some_and(|r| r.external) {
            self.read_only = errors_in_files(&self.loaded);
        }
        self.generation += 1;
        self.people_generation += 1;
    }

    /// The files of the database changed on disk since they were read.
    pub fn changed_on_disk(&self) -> Vec<PathBuf> {
        store::changed_files(&self.loaded)
    }

    /// A cheap fingerprint (modification time and size) of some of the database's
    /// files, to tell a change already reported from a new one.
    pub fn fingerprint(&self, files: &[PathBuf]) -> Vec<(PathBuf, Option<SystemTime>, u64)> {
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

    /// Copy every unsaved plan to the recovery folder `dir`.
    pub fn write_recovery(&self, dir: &Path) -> io::Result<Vec<PathBuf>> {
        recovery::write(dir, &self.loaded, &self.editor)
    }

    /// Apply the recovery copies in `dir` as unsaved changes (one undo takes them
    /// back). `Ok(None)`: the files already hold those plans.
    pub fn restore(&mut self, dir: &Path) -> Result<Option<Outcome>, String> {
        self.writable().map_err(|e| e.to_string())?;
        let copies = recovery::copies(dir);
        let names: Vec<&str> = copies.iter().map(|c| c.session.as_str()).collect();
        // The calendar first, then the people onto it, then the plans onto both: a
        // plan restored may be of a session, or name someone, added meanwhile.
        let calendar = recovery::read_calendar(dir, &self.loaded, self.today())?;
        let base = calendar.as_ref().unwrap_or(&self.loaded);
        let entries = recovery::read_entries(dir, base, self.today())?;
        let mut what: Vec<String> = match names.len() {
            0 => Vec::new(),
            1 => vec![format!("plan for {}", names[0])],
            _ => vec![format!("plans for {}", names.join(", "))],
        };
        if entries.is_some() {
            what.push("people and sections".into());
        }
        if calendar.is_some() {
            what.push("sessions of the calendar".into());
        }
        let mut tx = Transaction::new(format!(
            "restored the unsaved {} from an earlier run",
            what.join(" and ")
        ));
        // The people first: the plans restored may name someone added meanwhile, so
        // they are read against the files with the people restored.
        if let Some(new) = &calendar {
            recovery::replace_calendar(&mut tx, self.editor.db(), &new.db);
        }
        if let Some(new) = &entries {
            recovery::replace_entries(&mut tx, self.editor.db(), &new.db);
        }
        let files = entries
            .as_ref()
            .or(calendar.as_ref())
            .unwrap_or(&self.loaded);
        for c in &copies {
            let plan = recovery::read_copy(c, files, self.today())?;
            recovery::replace_plan(&mut tx, self.editor.db(), &c.session, plan.as_ref());
        }
        if tx.changes.is_empty() {
            return Ok(None);
        }
        self.apply_tx(tx).map(Some).map_err(|e| e.to_string())
    }
}

/// Refuse to edit a session whose plan file is misnamed, or whose file name another
/// session's plan has taken: saving would write one plan over the other. The message
/// says which file to rename.
fn plan_file_is_its_own(db: &Database, session: &str) -> Result<(), OpError> {
    let own = crate::model::Plan::file_of(session);
    let show = |p: &Path| crate::text::printable(&p.display().to_string()).into_owned();
    if let Some(plan) = db.plans.get(session)
        && plan.path != own
    {
        return Err(OpError::from(format!(
            "the plan for \"{session}\" is in {}: rename that file to {} first, so that saving cannot write over another plan",
            show(&plan.path),
            show(&own)
        )));
    }
    if let Some(other) = db
        .plans
        .values()
        .find(|p| p.path == own && p.session != session)
    {
        return Err(OpError::from(format!(
            "{} holds the plan for \"{}\", not \"{session}\": rename it to plan/{}.toml first, so that saving cannot write over it",
            show(&own),
            other.session,
            other.session
        )));
    }
    Ok(())
}

/// A transaction's description and the sessions it touched.
fn described(tx: &Transaction) -> (String, Vec<SessionId>, Vec<Change>) {
    let mut sessions: Vec<SessionId> = tx.sessions().map(SessionId::from).collect();
    sessions.sort();
    sessions.dedup();
    (tx.description.clone(), sessions, tx.changes.clone())
}

fn errors_in_files(loaded: &Loaded) -> Option<ReadOnly> {
    loaded.diagnostics.has_errors().then(|| ReadOnly {
        note: "the database has errors".into(),
        why: "the database has errors: fix them in the files (see Problems), then reload (R)"
            .into(),
        external: false,
    })
}

/// The right to write a database: its folder's lock, or why there is none.
#[derive(Debug, Default)]
pub struct Access {
    lock: Option<Lock>,
    read_only: Option<ReadOnly>,
}

impl Access {
    /// Take the lock of a database folder: without it (another attaché has it) or
    /// without the right to write there, the database opens read-only, and this says
    /// why. The built-in database has no folder yet: its first save takes the lock of
    /// the folder it writes.
    pub fn take(source: &DbSource) -> Access {
        let external = |note: &str, why: String| ReadOnly {
            note: note.into(),
            why,
            external: true,
        };
        let (lock, read_only) = match source {
            DbSource::Dir(dir) if dir.is_dir() => match Lock::acquire(dir) {
                Ok(lock) if !store::write::writable(dir) => (
                    Some(lock),
                    Some(external(
                        "folder not writable",
                        format!("the database folder {} cannot be written", dir.display()),
                    )),
                ),
                Ok(lock) => (Some(lock), None),
                Err(e) => (None, Some(lock_refused(&e, dir))),
            },
            // The built-in database is saved to the data folder: its lock, taken now,
            // keeps a second attaché on the built-in database read-only too, and its
            // recovery copies its own. Without a data folder, the first save says so.
            DbSource::Embedded => match store::location::user_data_dir() {
                Some(dir) if store::write::create_private_dir(&dir).is_ok() => {
                    match Lock::acquire(&dir) {
                        Ok(lock) => (Some(lock), None),
                        Err(e @ LockError::Locked { .. }) => (None, Some(lock_refused(&e, &dir))),
                        Err(_) => (None, None),
                    }
                }
                _ => (None, None),
            },
            DbSource::Dir(_) => (None, None),
        };
        Access { lock, read_only }
    }
}

fn lock_refused(e: &LockError, dir: &Path) -> ReadOnly {
    let (note, why) = match e {
        LockError::Locked { .. } => ("open in another attache", e.to_string()),
        LockError::Io { error, .. }
            if matches!(
                error.kind(),
                io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
            ) =>
        {
            (
                "folder not writable",
                format!(
                    "the database folder {} cannot be written ({error})",
                    dir.display()
                ),
            )
        }
        LockError::Io { .. } => ("cannot lock", e.to_string()),
    };
    ReadOnly {
        note: note.into(),
        why,
        external: true,
    }
}
