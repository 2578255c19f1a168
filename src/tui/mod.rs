//! The terminal application: `attache` without a command.
//!
//! A thin layer over the library, as components: keys become [`action::Action`]s
//! through the [`keymap`]; the shell ([`app::App`]) hands them to the open popup or
//! the current screen, each a [`component::Component`] that owns its state and draws
//! itself; what a component wants done beyond its own state it asks for with a
//! [`queue::Msg`] (every change through [`crate::planning::ops`] and the undo
//! history). One file per screen ([`screens`]) and per popup ([`popups`]), as gitui
//! does; the help is generated from the keymap in effect.
//!
//! The terminal is restored on every way out: normal exit, error, and panic (ratatui's
//! panic hook, plus ours that also releases the mouse). Unsaved plans are copied to a
//! recovery folder shortly after every change ([`recovery`]); on a crash or a quit
//! without saving, the program says where.

pub mod action;
pub mod app;
pub mod component;
pub mod config;
pub mod derived;
pub mod files;
pub mod graphemes;
pub mod keymap;
pub mod last_session;
pub mod popups;
pub mod queue;
/// The recovery copies live in the core (they are files, not terminal matters).
pub use crate::store::recovery;
pub mod replay;
pub mod screens;
#[cfg(test)]
pub mod testing;
pub mod theme;
pub mod view;
pub mod widgets;

use crate::ids::SessionId;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event,
};
use crossterm::execute;

use crate::store::{self, DbSource};
use crate::workspace::{Access, Workspace};

use app::{App, Message, MessageKind};

/// How long after a change the recovery copy is written (changes in quick succession,
/// like holding `>`, are written once).
pub const RECOVERY_DELAY: Duration = Duration::from_millis(500);

/// How often the database's files are compared with what was read.
pub const DISK_POLL: Duration = Duration::from_secs(2);

/// Open the database (its lock taken, or read-only when another attache holds it or
/// the folder cannot be written: then no recovery copies either, they are the other
/// process's) and make the application's state, offering to restore the unsaved plans
/// an earlier run left in `recovery_base`. The lock is held by the application's
/// workspace until it is dropped.
pub fn open(
    source: &DbSource,
    today: NaiveDate,
    config: config::Config,
    recovery_base: Option<PathBuf>,
) -> App {
    let recovery_dir = recovery_base.map(|base| recovery::dir_for(&base, source));
    ready(Workspace::open(source, today), config, recovery_dir)
}

/// The application on an open workspace, offering to restore the unsaved plans an
/// earlier run left (unless it is read-only, when [`App::over`] says why).
fn ready(mut ws: Workspace, config: config::Config, recovery_dir: Option<PathBuf>) -> App {
    // Edits record when they were made, for calendars to apply them (`--now` fixes it).
    ws.set_clock(crate::clock());
    let mut app = App::over(ws, config, recovery_dir);
    app.offer_recovery();
    app
}

/// The rest of a staged start: the whole database loading in the background, and
/// what the application made from it needs.
struct Loading {
    done: std::sync::mpsc::Receiver<store::Loaded>,
    today: NaiveDate,
    config: config::Config,
    recovery_dir: Option<PathBuf>,
    /// The lock taken before loading began, for the workspace to hold.
    access: std::cell::Cell<Option<Access>>,
    /// The session the first look chose, to tell whether the user picked another.
    first_session: Option<SessionId>,
    /// Where the session worked on last time is remembered.
    remembered: Option<PathBuf>,
}

/// Start in two stages, so that the first frame never waits for the plans, however
/// many there are: the calendar (venues, sessions, sections) at once, read-only,
/// while the whole database loads on another thread; [`Loading::take`] then swaps it in.
fn open_staged(
    source: &DbSource,
    today: NaiveDate,
    config: config::Config,
    recovery_dir: Option<PathBuf>,
) -> (App, Loading) {
    let access = Access::take(source);
    let mut app = App::new(store::load_top(source, today), today, config.clone(), None);
    let remembered = last_session::file_for(source);
    if let Some(s) = remembered
        .as_deref()
        .and_then(|f| last_session::read(f, app.db()))
    {
        app.choose_session(&s);
    }
    app.make_read_only("loading plans…", "the plans are still being read: a moment");
    app.plans_pending = true;
    let (tx, done) = std::sync::mpsc::channel();
    let src = source.clone();
    std::thread::spawn(move || {
        let _ = tx.send(store::load(&src, today));
    });
    let first_session = app.session.clone();
    let loading = Loading {
        done,
        today,
        config,
        recovery_dir,
        access: std::cell::Cell::new(Some(access)),
        first_session,
        remembered,
    };
    (app, loading)
}

impl Loading {
    fn remembered_session(&self, app: &App) -> Option<SessionId> {
        last_session::read(self.remembered.as_deref()?, app.db())
    }

    /// The application on the whole database once it is loaded, keeping the screen,
    /// the size and the session the user chose meanwhile.
    fn take(&self, quick: &App) -> Option<App> {
        let loaded = self.done.try_recv().ok()?;
        let access = self.access.take().unwrap_or_default();
        let ws = Workspace::with_access(loaded, self.today, access);
        let mut app = ready(ws, self.config.clone(), self.recovery_dir.clone());
        app.size = quick.size;
        app.id_salt = quick.id_salt;
        if !app.ws.loaded().diagnostics.has_errors() {
            app.screen = quick.screen;
            if quick.session != self.first_session && quick.session.is_some() {
                app.session = quick.session.clone();
            } else if let Some(s) = self.remembered_session(&app) {
                app.choose_session(&s);
            }
            app.refresh();
        }
        Some(app)
    }
}

/// Open the terminal application on the database at `source`; `colors` is the
/// command line's `--color always` (`Some(true)`) or `never` (`Some(false)`), which
/// win over `NO_COLOR`.
pub fn run(source: &DbSource, today: NaiveDate, colors: Option<bool>) -> ExitCode {
    use std::io::IsTerminal;
    if !io::stdin().is_terminal() || !io::stdout().is_terminal() {
        eprintln!(
            "error: the terminal application needs a terminal (input or output is redirected)\n  = help: use a command instead, e.g. `attache sessions --upcoming` or `attache check` (see attache --help)"
        );
        return ExitCode::from(2);
    }
    if let Err(refusal) = refuse_too_large(source) {
        eprint!("{refusal}");
        return ExitCode::from(2);
    }
    let mut config = config::load(config::default_path().as_deref());
    if let Some(on) = colors {
        config.no_color = !on;
    }
    let recovery_dir = recovery::default_dir().map(|base| recovery::dir_for(&base, source));
    let (mut app, loading) = open_staged(source, today, config, recovery_dir.clone());

    app.id_salt = crate::id_salt();
    install_panic_hook(recovery_dir.clone());
    let mut terminal = match ratatui::try_init() {
        Ok(t) => t,
        Err(e) => {
            ratatui::restore();
            eprintln!(
                "error: cannot open the terminal application: {e}\n  = help: run it in a terminal, or use a command (attache --help)"
            );
            return ExitCode::from(2);
        }
    };
    let _ = execute!(io::stdout(), EnableMouseCapture, EnableBracketedPaste);
    if let Ok(size) = terminal.size() {
        app.on_resize(size.width, size.height);
    }

    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        event_loop(&mut terminal, &mut app, Some(loading))
    }));

    // After a panic the hooks have restored the terminal already; restoring twice
    // would leave the alternate screen twice and move the cursor back to the top.
    if result.is_ok() {
        let _ = execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
        ratatui::restore();
    }

    if let (Some(file), Some(session)) = (last_session::file_for(source), &app.session) {
        let _ = last_session::write(&file, session);
    }
    let copies = write_recovery(&app);
    let mut err = io::stderr().lock();
    match result {
        Err(_) => {
            let _ = writeln!(
                err,
                "attaché stopped because of a bug (see the message above)."
            );
            if let Some(dir) = copies {
                let _ = writeln!(
                    err,
                    "Your unsaved plans were copied to {}: start attaché again to restore them.",
                    dir.display()
                );
            }
            ExitCode::from(101)
        }
        Ok(Err(e)) => {
            let _ = writeln!(err, "error: {e}");
            if let Some(dir) = copies {
                let _ = writeln!(err, "Your unsaved plans were copied to {}.", dir.display());
            }
            ExitCode::from(1)
        }
        Ok(Ok(())) => {
            if let Some(dir) = copies {
                let _ = writeln!(
                    err,
                    "Unsaved changes were not saved. A copy of each changed plan is in {}: the next start offers to restore them.",
                    dir.display()
                );
            }
            ExitCode::SUCCESS
        }
    }
}

/// A database too large to hold in memory is refused before the terminal is taken
/// (nothing to restore) and before a file is read, at once: the calendar would open,
/// and the plans never load. The words are the core's, as `attache check` gives them,
/// with what still works on it.
fn refuse_too_large(source: &DbSource) -> Result<(), String> {
    let Some(problem) = store::source::too_large_to_load(source) else {
        return Ok(());
    };
    Err(format!(
        "{} = note: the commands that read part of it still work, e.g. attache sessions, attache export --session S\n",
        problem.render(&crate::diag::Sources::default())
    ))
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    mut loading: Option<Loading>,
) -> io::Result<()> {
    let mut seen = app.generation();
    let mut pending: Option<Instant> = None;
    let mut next_poll = Instant::now() + DISK_POLL;
    loop {
        if let Some(full) = loading.as_ref().and_then(|l| l.take(app)) {
            *app = full;
            seen = app.generation();
            loading = None;
        }
        if std::mem::take(&mut app.repaint) {
            // Forget what the terminal is thought to show, so that all of it is sent.
            terminal.clear()?;
        }
        terminal.draw(|f| view::draw(app, f))?;
        if app.should_quit {
            return Ok(());
        }
        let until_poll = next_poll.saturating_duration_since(Instant::now());
        let mut timeout = pending
            .map_or(until_poll, |t| RECOVERY_DELAY.saturating_sub(t.elapsed()))
            .min(until_poll);
        if loading.is_some() || app.background.is_some() {
            // Look for the files being read often, without spinning.
            timeout = timeout.min(Duration::from_millis(20));
        }
        if event::poll(timeout)? {
            match event::read()? {
                Event::Key(k) => app.on_key(k),
                Event::Mouse(m) => app.on_mouse(m),
                Event::Resize(w, h) => app.on_resize(w, h),
                Event::Paste(s) => app.on_paste(&s),
                _ => {}
            }
        }
        app.poll_background();
        if Instant::now() >= next_poll {
            app.poll_disk();
            next_poll = Instant::now() + DISK_POLL;
        }
        if app.generation() != seen {
            seen = app.generation();
            pending = Some(Instant::now());
        }
        if pending.is_some_and(|t| t.elapsed() >= RECOVERY_DELAY) {
            pending = None;
            if let (Some(dir), true) = (&app.recovery_dir, app.generation() > 0)
                && let Err(e) = app.ws.write_recovery(dir)
            {
                app.message = Some(Message {
                    text: format!(
                        "could not write the recovery copy to {}: {e}",
                        dir.display()
                    ),
                    kind: MessageKind::Error,
                });
            }
        }
    }
}

/// Write the recovery copies now; the folder, if any were written.
fn write_recovery(app: &App) -> Option<PathBuf> {
    let dir = app.recovery_dir.as_ref()?;
    if app.discard_unsaved {
        recovery::clear(dir);
        return None;
    }
    if !app.is_dirty() {
        if app.generation() > 0 {
            recovery::clear(dir);
        }
        return None;
    }
    match app.ws.write_recovery(dir) {
        Ok(files) if !files.is_empty() => Some(dir.clone()),
        Ok(_) => None,
        Err(e) => {
            eprintln!(
                "error: could not write the recovery copy to {}: {e}",
                dir.display()
            );
            None
        }
    }
}

/// After ratatui's hook has restored the screen: release the mouse, print the panic,
/// and say where the unsaved plans will be.
fn install_panic_hook(recovery_dir: Option<PathBuf>) {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
        default(info);
        if let Some(dir) = &recovery_dir {
            eprintln!(
                "attaché: unsaved plans are being copied to {}",
                dir.display()
            );
        }
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "Quit without saving" means it: the next start offers nothing to restore.
    #[test]
    fn quitting_without_saving_leaves_no_recovery_copy() {
        use crate::tui::testing::*;
        let (_db, mut a) = folder_app();
        let copies = tempfile::tempdir().unwrap();
        let dir = copies.path().join("recovery");
        a.recovery_dir = Some(dir.clone());
        a.update(Action::ShowAgenda);
        a.update(Action::CancelMeeting);
        assert!(
            !a.write_recovery().unwrap().is_empty(),
            "a copy while it runs"
        );
        key(&mut a, KeyCode::Char('q'));
        key(&mut a, KeyCode::Char('y'));
        assert!(a.should_quit);
        assert_eq!(write_recovery(&a), None);
        assert!(!dir.exists(), "the copies are gone");
        // A quit that was not asked to drop anything (a crash, a closed terminal) keeps them.
        let (_db, mut b) = folder_app();
        b.recovery_dir = Some(dir.clone());
        b.update(Action::ShowAgenda);
        b.update(Action::CancelMeeting);
        assert_eq!(write_recovery(&b), Some(dir.clone()));
    }

    #[test]
    fn the_calendar_comes_first_then_the_whole_database_takes_over() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let dir = tempfile::tempdir().unwrap();
        crate::tui::testing::write_sample(dir.path());
        let source = DbSource::Dir(dir.path().to_path_buf());
        let (mut quick, loading) = open_staged(&source, today, config::Config::default(), None);
        assert!(
            quick.read_only(),
            "nothing can be edited before the plans are in"
        );
        assert!(quick.db().plans.is_empty());
        assert!(quick.db().sessions.contains_key("ccpcj-36"));
        quick.session = Some("ccpcj-36".into());
        let deadline = Instant::now() + Duration::from_secs(30);
        let full = loop {
            if let Some(app) = loading.take(&quick) {
                break app;
            }
            assert!(
                Instant::now() < deadline,
                "the database never finished loading"
            );
            std::thread::sleep(Duration::from_millis(5));
        };
        assert!(!full.read_only());
        assert!(full.db().plans.contains_key("cnd-70"));
        assert_eq!(
            full.session.as_deref(),
            Some("ccpcj-36"),
            "the user's choice is kept"
        );
    }
}
