//! The database's files, seen from the application: the messages and questions around
//! what the core's [`crate::workspace::Workspace`] does (read-only when another attaché
//! holds the lock, saving with a partial save's rebase, reloading, noticing changes on
//! disk, the recovery copies of unsaved plans).

use std::path::{Path, PathBuf};

use crate::planning::analysis::Analysis;
use crate::store::save::{SaveError, SaveReport};
use crate::store::{self, DbSource};

use super::app::App;
use super::popups::Popup;
use super::popups::confirm_quit::Confirm;

/// From how many bytes of files reading them again (after a save, or `R`) goes to
/// another thread: about 2 MB, some 7,000 meetings, where a reading starts to take
/// longer than a frame.
pub const BACKGROUND_ABOVE: usize = 2 * 1024 * 1024;

/// A reading of the files under way on another thread, and what it is for.
pub struct Background {
    done: std::sync::mpsc::Receiver<Read>,
    job: Job,
}

/// The files as read, and their analysis, both made where the reading was.
type Read = (store::Loaded, Analysis);

enum Job {
    /// Read back what a save wrote.
    Saved(SaveReport),
    Reload,
}

impl App {
    /// Open read-only: `note` in a few words for the status bar, `why` in full
    /// (another attache holds the database's lock, the folder cannot be written).
    /// Such a process never writes recovery copies: the folder is the other one's.
    pub fn make_read_only(&mut self, note: impl Into<String>, why: impl Into<String>) {
        let why = why.into();
        self.recovery_dir = None;
        self.error(format!("read-only: {why}"));
        self.ws.make_read_only(note, why);
    }

    // ----- saving --------------------------------------------------------------------

    pub(super) fn save(&mut self) {
        if self.ws.read_only().is_some() {
            self.refuse_read_only();
            return;
        }
        if !self.is_dirty() {
            self.info("nothing to save");
            return;
        }
        match self.ws.save_files() {
            Ok((report, source)) => self.read(&source, Job::Saved(report)),
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

    /// Read the database at `source` for `job`: here and now for a small database, on
    /// another thread for a large one, whose result [`App::poll_background`] takes in.
    fn read(&mut self, source: &DbSource, job: Job) {
        let today = self.today();
        let read = move |source: &DbSource| {
            let loaded = store::load(source, today);
            let analysis = Analysis::new(&loaded.db, today);
            (loaded, analysis)
        };
        if self.ws.size() <= self.background_above {
            return self.read_done(job, read(source));
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let source = source.clone();
        std::thread::spawn(move || {
            let _ = tx.send(read(&source));
        });
        self.info(match job {
            Job::Saved(_) => "saved; reading the files back…",
            Job::Reload => "reading the files again…",
        });
        self.background = Some(Background { done: rx, job });
    }

    /// Take in the files read on another thread, once they are; whether they were.
    pub fn poll_background(&mut self) -> bool {
        let Some(background) = &self.background else {
            return false;
        };
        match background.done.try_recv() {
            Ok(read) => {
                if let Some(b) = self.background.take() {
                    self.read_done(b.job, read);
                }
                true
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => false,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                self.background = None;
                self.error("reading the files failed: reload (R) to try again");
                false
            }
        }
    }

    /// The files are read: what was saved or reloaded becomes the state shown.
    fn read_done(&mut self, job: Job, (loaded, analysis): Read) {
        match job {
            Job::Saved(report) => {
                self.ws.read_back(loaded, analysis);
                self.after_load();
                if let Some(dir) = &self.recovery_dir {
                    super::recovery::clear(dir);
                }
                self.info(format!(
                    "saved {} to {}",
                    crate::diag::plural(report.written.len(), "file"),
                    report.dir.display()
                ));
            }
            Job::Reload => {
                self.ws.replace(loaded, analysis);
                self.disk_changed.clear();
                self.disk_seen.clear();
                self.after_load();
                self.say_reloaded();
            }
        }
    }

    /// A save refused for files changed on disk: the other plans were written (the
    /// workspace made them the saved state), ours of the changed ones are beside them
    /// as `.mine`, and our edits of those stay here, unsaved (saving again writes them
    /// beside theirs again).
    pub(super) fn save_conflict(&mut self, e: SaveError) {
        let SaveError::Conflicts { kept, .. } = &e else {
            return;
        };
        let text = format!(
            "{e}\n\nNothing was written over their version. Your changes are still here, unsaved: saving again writes them beside theirs again; reloading (R) takes theirs and drops yours."
        );
        self.after_load();
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
        self.disk_changed = self.ws.changed_on_disk();
        self.disk_seen = self.ws.fingerprint(&self.disk_changed);
    }

    /// `R`: read the files again (after fixing them in an editor). With unsaved
    /// changes, which a reload would drop, it asks first.
    pub(super) fn reload(&mut self) {
        if self.is_dirty() {
            self.popup = Some(Popup::Confirm(Confirm::DiskChanged {
                files: self.ws.changed_on_disk(),
                dirty: true,
            }));
            return;
        }
        self.reload_now();
    }

    pub(super) fn reload_now(&mut self) {
        let source = self.ws.loaded().source.clone();
        // A database grown past the limit is not read (its plans would not load, and
        // would then look changed on disk): what is open stays as it is, and says why.
        if let Some(problem) = crate::store::source::too_large_to_load(&source) {
            let help = problem.help.map(|h| format!(" ({h})")).unwrap_or_default();
            self.error(format!("not reloaded: {}{help}", problem.message));
            return;
        }
        self.read(&source, Job::Reload);
    }

    fn say_reloaded(&mut self) {
        match self.ws.read_only() {
            Some(r) if r.external => {
                let note = r.note.clone();
                self.info(format!("reloaded (still read-only: {note})"));
            }
            Some(_) => self.error("reloaded: the database still has errors (see Problems)"),
            None => {
                let what = self.ws.loaded().source.describe();
                self.info(format!("reloaded {what}"));
            }
        }
    }

    /// The files were read again (reload, save): what only a reading changes, then
    /// everything derived.
    pub(super) fn after_load(&mut self) {
        self.static_problems = super::derived::static_problems(&self.ws, &self.config.messages);
        self.refresh();
    }

    // ----- the files on disk -----------------------------------------------------------

    /// Look whether the database's files changed on disk (called every two seconds or
    /// so): when they did, and the user has not been told about these changes yet,
    /// ask whether to reload. Waits while another popup is open.
    pub fn poll_disk(&mut self) {
        // While files are being read back, ours look changed: wait for the reading.
        if self.ws.loaded().source.path().is_none() || self.background.is_some() {
            return;
        }
        let changed = self.ws.changed_on_disk();
        if changed.is_empty() {
            self.disk_changed.clear();
            self.disk_seen.clear();
            return;
        }
        let print = self.ws.fingerprint(&changed);
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
        if self.ws.read_only().is_some() {
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
        let people = super::recovery::has_entries(&aside);
        let calendar = super::recovery::has_calendar(&aside);
        self.popup = Some(Popup::Confirm(Confirm::Recover {
            dir: aside,
            sessions,
            people,
            calendar,
            written,
        }));
    }

    /// Replay the copies in `dir` onto the plans as they are now, as unsaved changes
    /// (one undo takes them back).
    pub fn restore(&mut self, dir: &Path) {
        if self.ws.read_only().is_some() {
            self.refuse_read_only();
            return;
        }
        let first = super::recovery::copies(dir).into_iter().next();
        let outcome = match self.ws.restore(dir) {
            Ok(Some(outcome)) => outcome,
            Ok(None) => {
                return self.info(format!(
                    "nothing to restore: the files already hold those plans (the copies stay in {})",
                    dir.display()
                ));
            }
            Err(e) => {
                return self.error(format!(
                    "nothing restored: {e}; the copies stay in {}",
                    dir.display()
                ));
            }
        };
        self.refresh();
        // This run's copies at once, then the old ones can go.
        if self.write_recovery().is_ok() {
            super::recovery::clear(dir);
        }
        if let Some(first) = first
            && self.db().sessions.contains_key(&first.session)
        {
            self.choose_session(&first.session);
        }
        self.info(format!(
            "{}: unsaved until you save (ctrl-s); u undoes",
            outcome.description
        ));
    }

    /// Copy the unsaved plans to this run's recovery folder.
    pub fn write_recovery(&self) -> std::io::Result<Vec<PathBuf>> {
        match &self.recovery_dir {
            Some(dir) => self.ws.write_recovery(dir),
            None => Ok(Vec::new()),
        }
    }
}

/// Driven through the application, as the user drives it.
#[cfg(test)]
mod through_the_app {
    use crate::ids::MeetingId;
    use crate::tui::testing::*;

    /// A big database is read back after a save on another thread: the keys keep
    /// working meanwhile, edits wait (and are refused, not lost), and once read the
    /// save is complete as if it had been done in line.
    #[test]
    fn a_big_database_is_read_back_off_the_ui_thread() {
        let (dir, mut a) = folder_app();
        a.background_above = 0;
        a.update(Action::ShowAgenda);
        a.select_meeting("cnd70-csu");
        a.update(Action::MoveLater);
        a.update(Action::Save);
        assert!(a.background.is_some(), "reading back on another thread");
        a.update(Action::MoveLater);
        assert!(a.message.as_ref().unwrap().text.starts_with("a moment"));
        a.update(Action::Down); // moving around still works
        let start = std::time::Instant::now();
        while !a.poll_background() {
            assert!(start.elapsed() < std::time::Duration::from_secs(20));
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert!(!a.is_dirty(), "saved");
        assert!(a.message.as_ref().unwrap().text.starts_with("saved 1 file"));
        assert_eq!(
            meeting(&a, "cnd70-csu").start,
            at(13, 45),
            "one move, saved"
        );
        let text = std::fs::read_to_string(dir.path().join("plan/cnd-70.toml")).unwrap();
        assert!(text.contains("start = 2027-03-09T13:45:00"));
        // Reloading goes the same way.
        a.update(Action::Reload);
        while !a.poll_background() {
            assert!(start.elapsed() < std::time::Duration::from_secs(20));
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert!(a.message.as_ref().unwrap().text.starts_with("reloaded"));
    }

    #[test]
    fn save_is_refused_with_its_message_when_it_fails() {
        // The embedded database saves to the user's data folder; point it nowhere
        // writable by using a folder database that is a file.
        let dir = tempfile::tempdir().unwrap();
        crate::tui::testing::write_sample(dir.path());
        let loaded = store::load(&DbSource::Dir(dir.path().to_path_buf()), today());
        let mut a = App::new(loaded, today(), Config::default(), None);
        a.update(Action::ShowAgenda);
        a.update(Action::MoveLater);
        ctrl(&mut a, 's');
        assert!(!a.is_dirty(), "{:?}", a.message);
        assert!(a.message.as_ref().unwrap().text.starts_with("saved 1 file"));
        let back = store::load(&DbSource::Dir(dir.path().to_path_buf()), today());
        assert_eq!(back.db.plans["cnd-70"], a.db().plans["cnd-70"]);
    }

    /// The application on the database in `dir`, as read now.
    fn open_dir(dir: &std::path::Path) -> App {
        let source = DbSource::Dir(dir.to_path_buf());
        App::new(
            store::load(&source, today()),
            today(),
            Config::default(),
            None,
        )
    }

    #[test]
    fn reload_after_fixing_the_files() {
        let dir = tempfile::tempdir().unwrap();
        crate::tui::testing::write_sample(dir.path());
        let plan = dir.path().join("plan/cnd-70.toml");
        let good = std::fs::read_to_string(&plan).unwrap();
        std::fs::write(
            &plan,
            good.replace("person = \"mustermann\"", "person = \"musterman\""),
        )
        .unwrap();
        let mut a = open_dir(dir.path());
        assert!(a.read_only());
        a.update(Action::Reload);
        assert!(a.read_only(), "still broken");
        std::fs::write(&plan, &good).unwrap();
        key(&mut a, KeyCode::Char('R'));
        assert!(!a.read_only(), "{:?}", a.message);
        assert!(a.checks.index.errors == 0);
        a.update(Action::ShowAgenda);
        a.update(Action::MoveLater);
        assert!(a.is_dirty());
        a.update(Action::Reload);
        assert!(a.is_dirty(), "a reload never drops unsaved changes");
    }

    #[test]
    fn a_database_grown_past_the_limit_is_not_reloaded() {
        let dir = tempfile::tempdir().unwrap();
        crate::tui::testing::write_sample(dir.path());
        let mut a = open_dir(dir.path());
        let plans = a.db().plans.len();
        let third = (store::source::MAX_DATABASE_BYTES / 3 + 1024 * 1024) as usize;
        let line = "# a long comment line, as a very large plan would have many of them....\n";
        let text = line.repeat(third / line.len() + 1);
        for i in 0..3 {
            std::fs::write(dir.path().join(format!("plan/big-{i}.toml")), &text).unwrap();
        }
        key(&mut a, KeyCode::Char('R'));
        let said = a
            .message
            .as_ref()
            .map(|m| m.text.clone())
            .unwrap_or_default();
        assert!(said.starts_with("not reloaded: "), "{said}");
        assert!(said.contains("over the limit of 64 MB"), "{said}");
        assert!(a.popup.is_none(), "no offer to reload plans it never read");
        assert_eq!(a.db().plans.len(), plans, "what was open stays");
        assert!(!a.read_only());
    }

    #[test]
    fn files_changed_on_disk_are_offered_for_reload() {
        let (dir, mut a) = folder_app();
        a.poll_disk();
        assert!(a.popup.is_none() && a.disk_changed.is_empty());
        // Clean: reload takes their version.
        edit_on_disk(
            dir.path(),
            "plan/cnd-70.toml",
            "start = 2027-03-09T13:30:00",
            "start = 2027-03-09T13:45:00",
        );
        a.poll_disk();
        assert!(matches!(
            &a.popup,
            Some(Popup::Confirm(Confirm::DiskChanged { files, dirty: false }))
                if files == &[PathBuf::from("plan/cnd-70.toml")]
        ));
        key(&mut a, KeyCode::Char('y'));
        assert!(a.popup.is_none());
        assert_eq!(meeting(&a, "cnd70-csu").start, at(13, 45));
        assert!(a.disk_changed.is_empty());
        a.poll_disk();
        assert!(a.popup.is_none(), "nothing new");
        // "Not now": told once, noted in the status bar until reloaded.
        edit_on_disk(
            dir.path(),
            "plan/cnd-70.toml",
            "start = 2027-03-09T13:45:00",
            "start = 2027-03-09T14:00:00",
        );
        a.poll_disk();
        key(&mut a, KeyCode::Esc);
        a.poll_disk();
        assert!(a.popup.is_none(), "asked once for the same change");
        assert_eq!(a.disk_changed.len(), 1);
        // Dirty: keep mine, then saving refuses their file and keeps the edits.
        a.update(Action::ShowAgenda);
        a.select_meeting("cnd70-lab-visit");
        a.update(Action::MoveLater);
        assert!(a.is_dirty());
        edit_on_disk(
            dir.path(),
            "plan/cnd-70.toml",
            "start = 2027-03-09T14:00:00",
            "start = 2027-03-09T14:15:00",
        );
        a.poll_disk();
        assert!(matches!(
            &a.popup,
            Some(Popup::Confirm(Confirm::DiskChanged { dirty: true, .. }))
        ));
        key(&mut a, KeyCode::Char('k'));
        assert!(a.popup.is_none());
        assert!(a.message.as_ref().unwrap().text.contains(".mine"));
        let theirs = std::fs::read_to_string(dir.path().join("plan/cnd-70.toml")).unwrap();
        ctrl(&mut a, 's');
        assert!(a.is_dirty(), "the edits stay in memory");
        assert_eq!(a.message.as_ref().unwrap().kind, MessageKind::Error);
        let Some(Popup::Confirm(Confirm::Notice { title, text })) = &a.popup else {
            panic!("no message: {:?}", a.popup)
        };
        assert!(title.contains("changed on disk"), "{title}");
        assert!(text.contains("cnd-70.toml.mine"), "{text}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("plan/cnd-70.toml")).unwrap(),
            theirs,
            "their file untouched"
        );
        let mine = std::fs::read_to_string(dir.path().join("plan/cnd-70.toml.mine")).unwrap();
        assert!(
            mine.contains("13:45:00") && !mine.contains("14:15:00"),
            "ours is our edit of what we read, not of theirs"
        );
        key(&mut a, KeyCode::Enter);
        assert!(a.popup.is_none());
        a.poll_disk();
        assert!(a.popup.is_none(), "the conflict message said it already");
        // R with unsaved changes asks; y reloads and drops them.
        key(&mut a, KeyCode::Char('R'));
        assert!(matches!(
            &a.popup,
            Some(Popup::Confirm(Confirm::DiskChanged { dirty: true, .. }))
        ));
        key(&mut a, KeyCode::Char('n'));
        assert!(a.is_dirty());
        key(&mut a, KeyCode::Char('R'));
        key(&mut a, KeyCode::Char('y'));
        assert!(!a.is_dirty());
        assert_eq!(meeting(&a, "cnd70-csu").start, at(14, 15));
    }

    #[test]
    fn a_partly_refused_save_keeps_only_the_refused_edits() {
        let (dir, mut a) = folder_app();
        a.update(Action::ShowAgenda);
        a.select_meeting("cnd70-csu");
        a.update(Action::MoveLater);
        a.choose_session("ccpcj-33");
        let m = a.db().plans["ccpcj-33"].meetings[0].id.clone();
        a.select_meeting(&m);
        a.update(Action::MoveLater);
        assert_eq!(a.ws.unsaved_sessions().len(), 2);
        edit_on_disk(
            dir.path(),
            "plan/cnd-70.toml",
            "start = 2027-03-09T13:30:00",
            "start = 2027-03-09T13:45:00",
        );
        a.update(Action::Save);
        assert!(matches!(
            a.popup,
            Some(Popup::Confirm(Confirm::Notice { .. }))
        ));
        a.update(Action::Submit);
        assert_eq!(a.ws.unsaved_sessions(), vec!["cnd-70".to_string()]);
        assert_eq!(meeting(&a, "cnd70-csu").start, at(13, 45), "ours kept");
        // Saving again refuses only the changed file: ccpcj-33 was saved.
        std::fs::remove_file(dir.path().join("plan/cnd-70.toml.mine")).unwrap();
        a.update(Action::Save);
        let Some(Popup::Confirm(Confirm::Notice { text, .. })) = &a.popup else {
            panic!("{:?}", a.popup)
        };
        assert!(
            text.contains("cnd-70.toml") && !text.contains("ccpcj-33"),
            "{text}"
        );
        let back = store::load(&DbSource::Dir(dir.path().to_path_buf()), today());
        assert_eq!(back.db.plans["ccpcj-33"], a.db().plans["ccpcj-33"]);
    }

    /// A colleague added and put in a delegation, then a crash: both the person and
    /// the plan come back, and saving writes both files.
    #[test]
    fn unsaved_people_are_copied_and_restored_with_the_plans() {
        let (dir, first) = folder_app();
        let source = DbSource::Dir(dir.path().to_path_buf());
        let rec = crate::tui::recovery::dir_for(&dir.path().join("recovery-base"), &source);
        let mut editor = Editor::new(first.db().clone());
        let new = ops::PersonEdit {
            family: Some("Nuovo".into()),
            section: Some("italy".into()),
            email: Some("nuovo@example.org".into()),
            ..Default::default()
        }
        .new_person(editor.db(), None)
        .unwrap();
        editor
            .apply(ops::add_person(editor.db(), new).unwrap())
            .unwrap();
        let tx = ops::assign(
            editor.db(),
            &"ccpcj-36".into(),
            &"nuovo".into(),
            DelegateChange::default(),
        );
        editor.apply(tx.unwrap()).unwrap();
        crate::tui::recovery::write(&rec, first.ws.loaded(), &editor).unwrap();
        drop(first);

        let loaded = store::load(&source, today());
        let mut a = App::new(loaded, today(), Config::default(), Some(rec.clone()));
        a.offer_recovery();
        assert!(
            matches!(
                &a.popup,
                Some(Popup::Confirm(Confirm::Recover { people: true, .. }))
            ),
            "{:?}",
            a.popup
        );
        key(&mut a, KeyCode::Char('y'));
        assert_eq!(
            a.db().people["nuovo"].email.as_deref(),
            Some("nuovo@example.org")
        );
        assert!(a.db().plans["ccpcj-36"].delegate("nuovo").is_some());
        let said = a
            .message
            .as_ref()
            .map(|m| m.text.clone())
            .unwrap_or_default();
        assert!(said.contains("people and sections"), "{said}");
        a.update(Action::Save);
        let back = store::load(&source, today());
        assert!(back.db.people.contains_key("nuovo"));
        assert!(back.db.plans["ccpcj-36"].delegate("nuovo").is_some());
    }

    /// A session confirmed in the TUI, then a crash: the calendar comes back too.
    #[test]
    fn unsaved_sessions_of_the_calendar_are_copied_and_restored() {
        let (dir, first) = folder_app();
        let source = DbSource::Dir(dir.path().to_path_buf());
        let rec = crate::tui::recovery::dir_for(&dir.path().join("recovery-base"), &source);
        let mut editor = Editor::new(first.db().clone());
        let tx =
            crate::calendar::confirm_session(editor.db(), "cnd-70", Some("UNODC CND page".into()));
        editor.apply(tx.unwrap()).unwrap();
        crate::tui::recovery::write(&rec, first.ws.loaded(), &editor).unwrap();
        drop(first);

        let loaded = store::load(&source, today());
        let mut a = App::new(loaded, today(), Config::default(), Some(rec.clone()));
        a.offer_recovery();
        assert!(
            matches!(
                &a.popup,
                Some(Popup::Confirm(Confirm::Recover { calendar: true, .. }))
            ),
            "{:?}",
            a.popup
        );
        key(&mut a, KeyCode::Char('y'));
        let confirmed = &a.db().sessions["cnd-70"];
        assert_eq!(confirmed.status, crate::model::SessionStatus::Confirmed);
        assert_eq!(confirmed.source.as_deref(), Some("UNODC CND page"));
        a.update(Action::Save);
        let back = store::load(&source, today());
        assert_eq!(
            back.db.sessions["cnd-70"].status,
            crate::model::SessionStatus::Confirmed
        );
    }

    #[test]
    fn recovery_copies_are_offered_and_restored() {
        let (dir, first) = folder_app();
        let source = DbSource::Dir(dir.path().to_path_buf());
        let base = dir.path().join("recovery-base");
        let rec = crate::tui::recovery::dir_for(&base, &source);
        // An earlier run moved a meeting and assigned a person to a new plan, then died.
        let mut editor = Editor::new(first.db().clone());
        editor
            .apply(ops::move_meeting(editor.db(), &MeetingId::from("cnd70-csu"), 30).unwrap())
            .unwrap();
        let tx = ops::assign(
            editor.db(),
            &"ccpcj-36".into(),
            &"tomori".into(),
            DelegateChange::default(),
        );
        editor.apply(tx.unwrap()).unwrap();
        crate::tui::recovery::write(&rec, first.ws.loaded(), &editor).unwrap();
        let recovered = editor.db().clone();

        let loaded = store::load(&source, today());
        let mut a = App::new(loaded, today(), Config::default(), Some(rec.clone()));
        a.offer_recovery();
        let (aside, sessions) = match &a.popup {
            Some(Popup::Confirm(Confirm::Recover { dir, sessions, .. })) => {
                (dir.clone(), sessions.clone())
            }
            other => panic!("not offered: {other:?}"),
        };
        assert_eq!(sessions, vec!["ccpcj-36".to_string(), "cnd-70".to_string()]);
        assert!(!crate::tui::recovery::has_copies(&rec), "moved aside");
        assert!(crate::tui::recovery::has_copies(&aside));
        key(&mut a, KeyCode::Char('y'));
        assert!(a.popup.is_none());
        assert!(a.is_dirty());
        assert_eq!(a.db().plans["cnd-70"], recovered.plans["cnd-70"]);
        assert_eq!(a.db().plans["ccpcj-36"], recovered.plans["ccpcj-36"]);
        assert!(
            a.message
                .as_ref()
                .unwrap()
                .text
                .starts_with("restored the unsaved plans"),
            "{:?}",
            a.message
        );
        // Copied again for this run; the old copies are gone.
        assert!(crate::tui::recovery::has_copies(&rec));
        assert!(!aside.exists());
        // One undo takes the restore back; ctrl-s writes it.
        key(&mut a, KeyCode::Char('u'));
        assert!(!a.is_dirty());
        ctrl(&mut a, 'r');
        ctrl(&mut a, 's');
        assert!(!a.is_dirty(), "{:?}", a.message);
        let back = store::load(&source, today());
        assert_eq!(back.db.plans["cnd-70"], recovered.plans["cnd-70"]);
        assert_eq!(back.db.plans["ccpcj-36"], recovered.plans["ccpcj-36"]);

        // Set aside: nothing applied, the copies stay where the message says.
        crate::tui::recovery::write(&rec, first.ws.loaded(), &editor).unwrap();
        let mut b = App::new(
            store::load(&source, today()),
            today(),
            Config::default(),
            Some(rec.clone()),
        );
        b.offer_recovery();
        key(&mut b, KeyCode::Esc);
        assert!(!b.is_dirty());
        let text = b.message.clone().unwrap().text;
        assert!(text.starts_with("set aside"), "{text}");
        assert!(crate::tui::recovery::copies(&base).is_empty());
        let aside = std::fs::read_dir(&base)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .find(|p| text.contains(&p.display().to_string()))
            .expect("the message names the folder");
        assert_eq!(crate::tui::recovery::copies(&aside).len(), 2);
    }

    #[test]
    fn a_second_instance_opens_read_only() {
        let (dir, _) = folder_app();
        let source = DbSource::Dir(dir.path().to_path_buf());
        let base = dir.path().join("recovery-base");
        let mut first = crate::tui::open(&source, today(), Config::default(), Some(base.clone()));
        assert!(first.ws.holds_lock() && !first.read_only());
        first.update(Action::ShowAgenda);
        first.update(Action::MoveLater);
        let rec = first.recovery_dir.clone().unwrap();
        crate::tui::recovery::write(&rec, first.ws.loaded(), first.ws.editor()).unwrap();

        let mut second = crate::tui::open(&source, today(), Config::default(), Some(base.clone()));
        assert!(!second.ws.holds_lock());
        assert!(second.read_only());
        assert_eq!(
            second.ws.read_only().unwrap().note,
            "open in another attache"
        );
        assert!(
            second.recovery_dir.is_none(),
            "the first one's copies are left alone"
        );
        assert!(crate::tui::recovery::has_copies(&rec));
        let m = second.message.clone().unwrap();
        assert!(
            m.text
                .starts_with("read-only: the database is open in another attache (pid "),
            "{}",
            m.text
        );
        // Editing keys say why and do nothing; looking and exporting work.
        second.update(Action::ShowDelegation);
        key(&mut second, KeyCode::Char('a'));
        assert!(second.popup.is_none());
        assert!(
            second
                .message
                .as_ref()
                .unwrap()
                .text
                .starts_with("read-only: the database is open")
        );
        key(&mut second, KeyCode::Enter);
        assert!(
            second.popup.is_none(),
            "enter does not open the delegate form"
        );
        second.update(Action::ShowAgenda);
        for c in ['n', 'L', 'd', 'c', 'u'] {
            key(&mut second, KeyCode::Char(c));
            assert!(second.popup.is_none() && !second.is_dirty(), "{c}");
            assert!(
                second
                    .message
                    .as_ref()
                    .unwrap()
                    .text
                    .starts_with("read-only: "),
                "{c}"
            );
        }
        ctrl(&mut second, 's');
        assert!(
            second
                .message
                .as_ref()
                .unwrap()
                .text
                .starts_with("read-only: ")
        );
        key(&mut second, KeyCode::Char('E'));
        assert!(matches!(second.popup, Some(Popup::Export(_))));
        key(&mut second, KeyCode::Esc);
        // A reload keeps it read-only.
        second.update(Action::Reload);
        assert!(second.read_only());
        // Once the first one quits, the next start may edit.
        drop(first);
        drop(second);
        let third = crate::tui::open(&source, today(), Config::default(), Some(base));
        assert!(!third.read_only() && third.ws.holds_lock());
        assert!(matches!(
            third.popup,
            Some(Popup::Confirm(Confirm::Recover { .. }))
        ));
    }

    #[test]
    fn a_folder_that_cannot_be_locked_opens_read_only() {
        let (dir, _) = folder_app();
        // A folder where the lock file should be: locking fails like in a read-only folder.
        std::fs::create_dir(dir.path().join(crate::store::lock::LOCK_FILE)).unwrap();
        let source = DbSource::Dir(dir.path().to_path_buf());
        let mut a = crate::tui::open(&source, today(), Config::default(), None);
        assert!(!a.ws.holds_lock() && a.read_only());
        assert!(a.message.as_ref().unwrap().text.starts_with("read-only: "));
        a.update(Action::ShowAgenda);
        a.update(Action::MoveLater);
        assert!(!a.is_dirty());
    }
}
