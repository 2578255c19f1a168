//! The real binary driven in a pseudo-terminal, as a person would: assign a delegate,
//! add a meeting, save with ctrl-s, quit with q; then the plan file on disk holds both.
//! HOME and the XDG folders point into a temporary folder, and the database is a copy
//! of the tests' sample database, so nothing of the user's is touched.

#![cfg(unix)]

use std::fs;
use std::io::{Read, Write};
use std::os::fd::{FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::fixture;

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            fs::copy(e.path(), target).unwrap();
        }
    }
}

/// A child process on the slave side of a new pseudo-terminal.
struct Pty {
    master: fs::File,
    output: Arc<Mutex<Vec<u8>>>,
    child: std::process::Child,
}

impl Pty {
    fn spawn(mut cmd: Command, cols: u16, rows: u16) -> Pty {
        let mut master = 0;
        let mut slave = 0;
        let ws = libc::winsize {
            ws_row: rows,
            ws_col: cols,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        let r = unsafe {
            libc::openpty(
                &mut master,
                &mut slave,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                &ws,
            )
        };
        assert_eq!(r, 0, "openpty failed");
        let slave = unsafe { OwnedFd::from_raw_fd(slave) };
        let master = unsafe { fs::File::from_raw_fd(master) };
        cmd.stdin(Stdio::from(slave.try_clone().unwrap()))
            .stdout(Stdio::from(slave.try_clone().unwrap()))
            .stderr(Stdio::from(slave));
        unsafe {
            cmd.pre_exec(|| {
                // A new session whose controlling terminal is the pty.
                if libc::setsid() < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                if libc::ioctl(0, libc::TIOCSCTTY as _, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = cmd.spawn().expect("spawn attache");
        drop(cmd); // closes our copies of the slave side
        let output = Arc::new(Mutex::new(Vec::new()));
        let mut reader = master.try_clone().unwrap();
        let out = output.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => out.lock().unwrap().extend_from_slice(&buf[..n]),
                }
            }
        });
        Pty {
            master,
            output,
            child,
        }
    }

    fn send(&mut self, bytes: &[u8]) {
        self.master.write_all(bytes).unwrap();
        self.master.flush().unwrap();
        std::thread::sleep(Duration::from_millis(150));
    }

    /// The screen as a terminal shows it now (the output run through a VT100
    /// emulator: ratatui only redraws the cells that change).
    fn screen(&self) -> String {
        let nz = |n| std::num::NonZeroU16::new(n).unwrap();
        let mut parser = vt100::Parser::new(nz(ROWS), nz(COLS), 0);
        parser.process(&self.output.lock().unwrap());
        parser.screen().contents()
    }

    /// Wait until the screen shows `needle`.
    fn wait_for(&self, needle: &str) {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(needle) {
                return;
            }
            if start.elapsed() > Duration::from_secs(20) {
                panic!("timed out waiting for {needle:?}; the screen shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

const ROWS: u16 = 40;
const COLS: u16 = 120;

/// The command that runs attache on `db` with HOME in `home`.
fn attache(db: &Path, home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_attache"));
    cmd.args(["--db", db.to_str().unwrap(), "--today", "2026-11-23"])
        .env_clear()
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("TERM", "xterm-256color")
        .env("PATH", std::env::var_os("PATH").unwrap_or_default());
    cmd
}

impl Pty {
    fn wait_exit(&mut self) -> std::process::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "attache did not quit"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Pty {
    /// Wait for the child to exit, and its exit code; a child that does not exit is
    /// killed, not left behind, and the test fails with its screen.
    fn exit_code(&mut self) -> Option<i32> {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            if start.elapsed() > Duration::from_secs(20) {
                let _ = self.child.kill();
                let _ = self.child.wait();
                panic!("attache did not exit; the screen shows:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// A database too large to hold in memory: the terminal application refuses it at
/// once, before it takes the screen (nothing to restore), naming its size, the limit
/// and what to do. It used to draw the calendar and then sit read-only with the
/// error, offering to reload plans it never read. (Its peak memory is not measured
/// here: a child forked from the test binary counts the parent's pages until exec.)
#[test]
fn a_database_over_the_limit_is_refused_before_the_screen_is_taken() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    fs::create_dir_all(&home).unwrap();
    let db = tmp.path().join("db");
    fixture::write_over_the_limit(&db);

    let mut pty = Pty::spawn(attache(&db, &home), COLS, ROWS);
    let code = pty.exit_code();
    pty.wait_for("attache export --session S");
    let output = pty.output.lock().unwrap().clone();
    let text = String::from_utf8_lossy(&output);
    assert_eq!(code, Some(2), "{text}");
    for words in [
        "error: the database in ",
        "MB of files, over the limit of 64 MB",
        "move the plans of past sessions to another folder",
        "still work, e.g. attache sessions",
    ] {
        assert!(text.contains(words), "{words:?} in:\n{text}");
    }
    let alternate = b"\x1b[?1049h";
    assert!(
        !output.windows(alternate.len()).any(|w| w == alternate),
        "the terminal was taken before the refusal"
    );
}

#[test]
fn killed_mid_edit_then_restored_a_second_instance_is_read_only_and_export_writes() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    fs::create_dir_all(&home).unwrap();
    let db = tmp.path().join("db");
    copy_dir(&fixture::sample_dir(), &db);

    let mut first = Pty::spawn(attache(&db, &home), COLS, ROWS);
    first.wait_for("Sessions · upcoming first");
    first.send(b"3");
    first.wait_for("Agenda of cnd-70");
    first.send(b"G>"); // the last meeting, 15 minutes later
    first.wait_for("moved (+15 min)");

    // A second attache on the same folder looks but does not edit.
    let mut second = Pty::spawn(attache(&db, &home), COLS, ROWS);
    second.wait_for("read-only: the database is open in another attache");
    second.send(b"3");
    second.send(b"G>");
    second.wait_for("read-only: the database is open in another attache");
    assert!(!second.screen().contains("moved (+15 min)"));
    second.send(b"q");
    assert!(second.wait_exit().success());

    // The recovery copy is written half a second after the change; then the
    // first one is killed without a chance to clean up.
    std::thread::sleep(Duration::from_millis(1200));
    first.child.kill().unwrap();
    first.wait_exit();
    let before = fs::read_to_string(db.join("plan/cnd-70.toml")).unwrap();

    let mut again = Pty::spawn(attache(&db, &home), COLS, ROWS);
    again.wait_for("Unsaved plans from an earlier run");
    again.wait_for("y restore");
    again.send(b"y");
    again.wait_for("restored the unsaved plan for cnd-70");
    assert!(again.screen().contains("[+]"), "unsaved again");
    again.send(b"\x13");
    again.wait_for("saved 1 file");
    let after = fs::read_to_string(db.join("plan/cnd-70.toml")).unwrap();
    assert_ne!(before, after, "the restored edit was saved");

    // Export the head's itinerary through the dialog, to its default file.
    again.send(b"2");
    again.wait_for("Delegation to cnd-70");
    again.send(b"E");
    again.wait_for("Export from cnd-70");
    again.wait_for("cnd-70-esempio.ics");
    again.send(b"\r");
    again.wait_for("wrote ics (1 session, 1 person");
    let ics = fs::read_to_string(home.join("attache-exports/cnd-70-esempio.ics")).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR"), "{ics}");
    again.send(b"q");
    assert!(again.wait_exit().success());
}

#[test]
fn assign_add_meeting_save_quit() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    fs::create_dir_all(&home).unwrap();
    let db = tmp.path().join("db");
    copy_dir(&fixture::sample_dir(), &db);

    let mut cmd = Command::new(env!("CARGO_BIN_EXE_attache"));
    cmd.args(["--db", db.to_str().unwrap(), "--today", "2026-11-23"])
        .env_clear()
        .env("HOME", &home)
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("TERM", "xterm-256color")
        .env("PATH", std::env::var_os("PATH").unwrap_or_default());
    let mut pty = Pty::spawn(cmd, COLS, ROWS);

    pty.wait_for("Sessions · upcoming first");
    // Delegation: add Mareglen Tomori as an adviser.
    pty.send(b"2");
    pty.wait_for("Delegation to cnd-70");
    pty.send(b"a");
    pty.wait_for("Add to the delegation");
    pty.send(b"tomori");
    pty.send(b"\t\t"); // role: delegate -> adviser -> observer
    pty.send(b"\x1b[Z"); // shift-tab: back to adviser
    pty.send(b"\r");
    pty.wait_for("assigned tomori to cnd-70 as adviser");
    assert!(pty.screen().contains("[+]"), "the unsaved mark shows");
    // Their dates are asked at once (Esc skips them), then the picker is back for
    // the next colleague: Esc closes it.
    pty.wait_for("their dates?");
    pty.send(b"\x1b");
    pty.wait_for("Add to the delegation");
    pty.send(b"\x1b");
    pty.wait_for("Delegation to cnd-70");
    std::thread::sleep(Duration::from_millis(300));
    // Agenda: a new meeting with a title, on the default day and hours.
    pty.send(b"3");
    pty.wait_for("Agenda of cnd-70");
    pty.send(b"n");
    pty.wait_for("New meeting in cnd-70");
    pty.send(b"Coffee with the Civil Society Unit");
    pty.wait_for("ready to save");
    pty.send(b"\r");
    pty.wait_for("added meeting");
    // Save, then quit (no question: nothing is unsaved any more).
    pty.send(b"\x13");
    pty.wait_for("saved 1 file");
    pty.send(b"q");

    let start = Instant::now();
    let status = loop {
        if let Some(s) = pty.child.try_wait().unwrap() {
            break s;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "attache did not quit"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "exit status {status}");

    let plan = fs::read_to_string(db.join("plan/cnd-70.toml")).unwrap();
    assert!(plan.contains("person = \"tomori\""), "{plan}");
    assert!(plan.contains("role = \"adviser\""), "{plan}");
    assert!(
        plan.contains("title = \"Coffee with the Civil Society Unit\""),
        "{plan}"
    );
    // The comments of the file as shipped are kept.
    assert!(plan.contains("# --- Delegates"), "{plan}");
    // The saved database loads without errors.
    let check = Command::new(env!("CARGO_BIN_EXE_attache"))
        .args([
            "--db",
            db.to_str().unwrap(),
            "--today",
            "2026-11-23",
            "check",
        ])
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    // Nothing was left to recover.
    let recovery = home.join(".local/share/attache/recovery");
    assert!(
        !recovery.exists() || fs::read_dir(&recovery).unwrap().next().is_none(),
        "recovery copies left behind"
    );
}

/// Two attachés on the built-in database (a new user's first runs, no folder yet):
/// the first holds the data folder's lock from the start, so the second looks but
/// does not edit, and never writes the first one's recovery copies.
#[test]
fn a_second_instance_on_the_built_in_database_is_read_only() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    fs::create_dir_all(&home).unwrap();
    let built_in = |home: &Path| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_attache"));
        cmd.args(["--today", "2026-11-23"])
            .env_clear()
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("TERM", "xterm-256color")
            .env("PATH", std::env::var_os("PATH").unwrap_or_default());
        cmd
    };
    let mut first = Pty::spawn(built_in(&home), COLS, ROWS);
    first.wait_for("Sessions · upcoming first");
    let mut second = Pty::spawn(built_in(&home), COLS, ROWS);
    second.wait_for("read-only: the database is open in another attache");
    second.send(b"q");
    assert!(second.wait_exit().success());
    first.send(b"q");
    assert!(first.wait_exit().success());
}
