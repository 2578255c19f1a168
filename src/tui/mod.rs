//! The terminal application: `attache` without a command.
//!
//! A thin layer over the library in the style of ratatui's templates: keys become
//! [`action::Action`]s through the [`keymap`], [`app::App::update`] applies them (every
//! change through [`crate::planning::ops`] and the undo history), and [`view`] draws
//! the state. One file per screen ([`screens`]) and per popup ([`popups`]), as gitui
//! does; the help is generated from the keymap in effect.
//!
//! The terminal is restored on every way out: normal exit, error, and panic (ratatui's
//! panic hook, plus ours that also releases the mouse). Unsaved plans are copied to a
//! recovery folder shortly after every change ([`recovery`]); on a crash or a quit
//! without saving, the program says where.

pub mod action;
pub mod app;
pub mod config;
pub mod derived;
pub mod keymap;
pub mod popups;
pub mod recovery;
pub mod replay;
pub mod screens;
pub mod theme;
pub mod view;
pub mod widgets;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event,
};
use crossterm::execute;

use crate::store::{self, DbSource};

use app::{App, Message, MessageKind};

/// How long after a change the recovery copy is written (changes in quick succession,
/// like holding `>`, are written once).
pub const RECOVERY_DELAY: Duration = Duration::from_millis(500);

/// How often the database's files are compared with what was read.
pub const DISK_POLL: Duration = Duration::from_secs(2);

/// Take the database's lock, load it and make the application's state: read-only
/// when another attache holds the lock or the folder cannot be written (then no
/// recovery copies either: they are the other process's), else offering to restore
/// the unsaved plans an earlier run left in `recovery_base`. The lock is held until
/// the returned value is dropped.
pub fn open(
    source: &DbSource,
    today: NaiveDate,
    config: config::Config,
    recovery_base: Option<PathBuf>,
) -> (App, Option<store::lock::Lock>) {
    let mut read_only: Option<(&str, String)> = None;
    let lock = match source {
        DbSource::Dir(dir) if dir.is_dir() => match store::lock::Lock::acquire(dir) {
            Ok(lock) if !writable(dir) => {
                read_only = Some((
                    "folder not writable",
                    format!("the database folder {} cannot be written", dir.display()),
                ));
                Some(lock)
            }
            Ok(lock) => Some(lock),
            Err(e) => {
                read_only = Some(read_only_reason(&e, dir));
                None
            }
        },
        _ => None,
    };
    let loaded = store::load(source, today);
    let recovery_dir = recovery_base.map(|base| recovery::dir_for(&base, source));
    let mut app = App::new(loaded, today, config, recovery_dir);
    match read_only {
        Some((note, why)) => app.make_read_only(note, why),
        None => app.offer_recovery(),
    }
    (app, lock)
}

/// Why the lock could not be taken, for the status bar: (in a few words, in full).
fn read_only_reason(e: &store::lock::LockError, dir: &Path) -> (&'static str, String) {
    use store::lock::LockError;
    match e {
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
    }
}

/// Whether this process may create files in `dir`.
fn writable(dir: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let Ok(c) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else {
            return true;
        };
        // SAFETY: a valid NUL-terminated path; access only reads it.
        unsafe { libc::access(c.as_ptr(), libc::W_OK) == 0 }
    }
    #[cfg(not(unix))]
    {
        !std::fs::metadata(dir).is_ok_and(|m| m.permissions().readonly())
    }
}

/// Open the terminal application on the database at `source`.
pub fn run(source: &DbSource, today: NaiveDate) -> ExitCode {
    use std::io::IsTerminal;
    if !io::stdin().is_terminal() || !io::stdout().is_terminal() {
        eprintln!(
            "error: the terminal application needs a terminal (input or output is redirected)\n  = help: use a command instead, e.g. `attache sessions --upcoming` or `attache check` (see attache --help)"
        );
        return ExitCode::from(2);
    }
    let config = config::load(config::default_path().as_deref());
    let (mut app, _lock) = open(source, today, config, recovery::default_dir());
    let recovery_dir = app.recovery_dir.clone();

    install_panic_hook(recovery_dir.clone());
    let mut terminal = match ratatui::try_init() {
        Ok(t) => t,
        Err(e) => {
            ratatui::restore();
            eprintln!(
                "error: cannot open the terminal application: {e}\n  = help: run it in a terminal, or use a command (attache --help)"
            );
            return ExitCode::from(1);
        }
    };
    let _ = execute!(io::stdout(), EnableMouseCapture, EnableBracketedPaste);
    if let Ok(size) = terminal.size() {
        app.on_resize(size.width, size.height);
    }

    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        event_loop(&mut terminal, &mut app)
    }));

    // After a panic the hooks have restored the terminal already; restoring twice
    // would leave the alternate screen twice and move the cursor back to the top.
    if result.is_ok() {
        let _ = execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
        ratatui::restore();
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

fn event_loop(terminal: &mut ratatui::DefaultTerminal, app: &mut App) -> io::Result<()> {
    let mut seen = app.generation;
    let mut pending: Option<Instant> = None;
    let mut next_poll = Instant::now() + DISK_POLL;
    loop {
        terminal.draw(|f| view::draw(app, f))?;
        if app.should_quit {
            return Ok(());
        }
        let until_poll = next_poll.saturating_duration_since(Instant::now());
        let timeout = pending
            .map_or(until_poll, |t| RECOVERY_DELAY.saturating_sub(t.elapsed()))
            .min(until_poll);
        if event::poll(timeout)? {
            match event::read()? {
                Event::Key(k) => app.on_key(k),
                Event::Mouse(m) => app.on_mouse(m),
                Event::Resize(w, h) => app.on_resize(w, h),
                Event::Paste(s) => app.on_paste(&s),
                _ => {}
            }
        }
        if Instant::now() >= next_poll {
            app.poll_disk();
            next_poll = Instant::now() + DISK_POLL;
        }
        if app.generation != seen {
            seen = app.generation;
            pending = Some(Instant::now());
        }
        if pending.is_some_and(|t| t.elapsed() >= RECOVERY_DELAY) {
            pending = None;
            if let (Some(dir), true) = (&app.recovery_dir, app.generation > 0)
                && let Err(e) = recovery::write(dir, &app.loaded, &app.editor)
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
    if !app.is_dirty() {
        if app.generation > 0 {
            recovery::clear(dir);
        }
        return None;
    }
    match recovery::write(dir, &app.loaded, &app.editor) {
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
