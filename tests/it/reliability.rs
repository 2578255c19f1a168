//! Reliability and security of the database on disk, through the real binary: saves
//! killed at random moments, write errors, two writers, files changed behind our back,
//! hostile text in the data, file permissions and awkward paths.
//!
//! Every run gets `--today 2026-11-23`, `--db` pointing at a fresh copy of the tests'
//! sample database, and a HOME of its own, so that nothing on the machine counts. Unix
//! only: it sends signals, sets file modes and limits, and makes symbolic links.

#![cfg(unix)]

use attache::ids::MeetingId;
use std::collections::HashSet;
use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use attache::planning::{Editor, ops};
use attache::store::lock::{LOCK_FILE, Lock};
use attache::store::{self, DbSource, Loaded, save};
use chrono::NaiveDate;

use crate::fixture;

const TODAY: &str = "2026-11-23";
const BIN: &str = env!("CARGO_BIN_EXE_attache");

/// The edit most tests make: move one meeting of `plan/cnd-70.toml` by 15 minutes.
const MOVE: [&str; 5] = ["meeting", "edit", "cnd70-csu", "--move", "15"];

/// The moment edits record (`--now`), so that the files a command writes are known.
const NOW: &str = "2026-11-23T09:00:00Z";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// A home folder of its own with the sample database written out in it.
struct Env {
    home: tempfile::TempDir,
    db: PathBuf,
}

impl Env {
    fn new() -> Self {
        Self::named("db")
    }

    /// The database in a folder of this name inside the home.
    fn named(name: &str) -> Self {
        let home = tempfile::tempdir().unwrap();
        let db = home.path().join(name);
        fixture::write_sample(&db);
        Env { home, db }
    }

    /// The binary, run from the home, on this database.
    fn cmd(&self) -> Command {
        self.setup(Command::new(BIN))
    }

    /// The binary run by `sh -c SCRIPT`, the script ending in `exec "$0" "$@"`: to set a
    /// umask or a limit first.
    fn sh(&self, script: &str) -> Command {
        let mut c = Command::new("sh");
        c.arg("-c").arg(script).arg(BIN);
        self.setup(c)
    }

    fn setup(&self, mut c: Command) -> Command {
        c.env("HOME", self.home.path())
            .env("XDG_DATA_HOME", self.home.path().join(".local/share"))
            .env("XDG_CONFIG_HOME", self.home.path().join(".config"))
            .env_remove("ATTACHE_DB")
            .current_dir(self.home.path())
            .arg("--db")
            .arg(&self.db)
            .args(["--today", TODAY])
            .args(["--now", NOW]);
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().unwrap()
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.db.join(rel)
    }

    fn load(&self) -> Loaded {
        store::load(&DbSource::Dir(self.db.clone()), today())
    }

    fn assert_loads(&self) {
        let loaded = self.load();
        assert!(
            !loaded.diagnostics.has_errors(),
            "{}",
            loaded.diagnostics.render(&loaded.sources)
        );
    }
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Temporary files of interrupted writes (`.<name>.<pid>.<n>.tmp`) in a folder.
fn temp_files(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && n.ends_with(".tmp"))
        .collect()
}

fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let probe = dir.path().join("probe");
    fs::write(&probe, "").unwrap();
    fs::metadata(&probe).unwrap().uid() == 0
}

// --- Crash safety -----------------------------------------------------------------

/// The bytes `attache meeting edit cnd70-csu --move 15` writes into `plan/cnd-70.toml`
/// of this database, computed by the library the binary uses.
fn after_move(env: &Env) -> Vec<u8> {
    let loaded = env.load();
    assert!(
        !loaded.diagnostics.has_errors(),
        "{}",
        loaded.diagnostics.render(&loaded.sources)
    );
    let mut editor = Editor::new(loaded.db.clone());
    let tx = ops::edit_meeting(editor.db(), &MeetingId::from("cnd70-csu"), |m| {
        m.start += chrono::Duration::minutes(15);
        m.end += chrono::Duration::minutes(15);
    })
    .unwrap();
    let now = chrono::DateTime::parse_from_rfc3339(NOW).unwrap().to_utc();
    editor.apply(tx.stamped(now)).unwrap();
    let rel = Path::new("plan/cnd-70.toml");
    let original = loaded.sources.files.iter().find(|f| f.path == rel).unwrap();
    save::render_plan(
        Some(&original.text),
        loaded.db.plans.get("cnd-70").map(|p| &**p),
        &editor.db().plans["cnd-70"],
    )
    .unwrap()
    .into_bytes()
}

/// A small deterministic generator, seeded from the clock (the seed is printed, to
/// replay a failure with ATTACHE_TEST_SEED).
struct Rng(u64);

impl Rng {
    fn new() -> Self {
        let seed = std::env::var("ATTACHE_TEST_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
            });
        eprintln!("seed: ATTACHE_TEST_SEED={seed}");
        Rng(seed | 1)
    }

    /// A float in [0, 1).
    fn unit(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Wait until `child` starts writing (a temporary file of its own appears in `dir`);
/// false if it exits first.
fn wait_for_write(child: &mut std::process::Child, dir: &Path) -> bool {
    let mine = format!(".{}.", child.id());
    loop {
        if temp_files(dir).iter().any(|n| n.contains(&mine)) {
            return true;
        }
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
}

/// Kill `attache` with SIGKILL at random moments while it saves an edit, at least 200
/// times: the plan file always holds exactly the old or the new content (never a mix,
/// never cut short), the backup always holds a complete earlier version, every file
/// still loads, a killed process's lock never blocks the next one, and the temporary
/// files of killed saves do not pile up.
#[test]
fn killing_a_save_at_any_moment_leaves_the_old_or_the_new_file() {
    use std::os::unix::process::ExitStatusExt;

    let env = Env::new();
    let plan = env.path("plan/cnd-70.toml");
    let bak = env.path("plan/cnd-70.toml.bak");
    // Pad the plan with 1 MB of comments, so that writing it (twice: the backup, then
    // the file, each with an fsync) takes long enough to be killed in the middle of.
    let mut text = fs::read_to_string(&plan).unwrap();
    for i in 0..13_000 {
        text.push_str(&format!(
            "# padding {i:05}: a long comment, kept byte for byte by every save ........\n"
        ));
    }
    fs::write(&plan, &text).unwrap();

    let mut current = fs::read(&plan).unwrap();
    let mut next = after_move(&env);
    let mut seen: HashSet<Vec<u8>> = HashSet::from([current.clone()]);

    // How long an uninterrupted save takes, and how long its writing part.
    let t0 = Instant::now();
    let mut child = env.cmd().args(MOVE).stdout(Stdio::null()).spawn().unwrap();
    assert!(wait_for_write(&mut child, &env.path("plan")));
    let writing = Instant::now();
    assert!(child.wait().unwrap().success());
    let (full, write) = (t0.elapsed(), writing.elapsed());
    assert_eq!(
        fs::read(&plan).unwrap(),
        next,
        "the binary wrote what the library says"
    );
    current = next;
    seen.insert(current.clone());
    next = after_move(&env);

    let mut rng = Rng::new();
    let (mut kills, mut while_writing, mut old_kept, mut new_written, mut completed) =
        (0, 0, 0, 0, 0);
    let mut most_temps = 0;
    let started = Instant::now();
    // A guard against a loop that never ends, not a speed test: on a busy machine (in
    // the one test binary, other tests run beside this one) a save takes longer, and
    // so may the 200 kills.
    let deadline = Duration::from_secs(100).max(full * 400);
    while kills < 200 {
        assert!(
            started.elapsed() < deadline,
            "too slow: {kills} kills in {:?} (one save takes {full:?})",
            started.elapsed()
        );
        let mut child = env
            .cmd()
            .args(MOVE)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // A third of the kills anywhere in the run; the others while it writes.
        if rng.unit() < 1.0 / 3.0 {
            std::thread::sleep(full.mul_f64(rng.unit()));
        } else if wait_for_write(&mut child, &env.path("plan")) {
            std::thread::sleep(write.mul_f64(rng.unit() * 1.2));
            while_writing += 1;
        }
        let _ = child.kill();
        let status = child.wait().unwrap();
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        match (status.code(), status.signal()) {
            (Some(0), _) => completed += 1,
            (_, Some(9)) => kills += 1,
            _ => panic!("attache failed ({status}) after {kills} kills:\n{err}"),
        }

        let now = fs::read(&plan).unwrap();
        if now == current {
            assert_ne!(status.code(), Some(0), "a finished save changed nothing");
            old_kept += 1;
        } else if now == next {
            new_written += 1;
            current = now;
            seen.insert(current.clone());
            next = after_move(&env);
        } else {
            panic!(
                "after {kills} kills the plan is neither the old nor the new version: {} bytes (old {}, new {})",
                now.len(),
                current.len(),
                next.len()
            );
        }
        if let Ok(b) = fs::read(&bak) {
            assert!(
                seen.contains(&b),
                "the backup is not a complete earlier version"
            );
        }
        let temps = temp_files(&env.path("plan"));
        most_temps = most_temps.max(temps.len());
        assert!(temps.len() <= 1, "temporary files pile up: {temps:?}");
    }
    eprintln!(
        "one save: {full:?}, writing {write:?}; {kills} kills ({while_writing} aimed at the writing), old file kept {old_kept} times, new file written {new_written} times, {completed} saves finished; at most {most_temps} leftover temporary file"
    );

    // A save after all that works (no stale lock), removes the last leftover, and the
    // whole database loads.
    let out = env.run(&MOVE);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(fs::read(&plan).unwrap(), next);
    assert_eq!(temp_files(&env.path("plan")), Vec::<String>::new());
    assert_eq!(temp_files(&env.db), Vec::<String>::new());
    env.assert_loads();
}

/// A write that fails (here: a file-size limit, as a full disk would; it stops root
/// too, unlike a read-only folder) says what and where, changes nothing, exits 1.
#[test]
fn a_failed_write_says_so_and_keeps_the_old_files() {
    let env = Env::new();
    let plan = env.path("plan/cnd-70.toml");
    let before = fs::read(&plan).unwrap();
    assert!(before.len() > 4096);
    // Ignore SIGXFSZ (the ignoring survives exec), so that writing past the limit
    // fails with EFBIG instead of killing the process.
    let out = env
        .sh(r#"trap '' XFSZ; ulimit -f 4 && exec "$0" "$@""#)
        .args(MOVE)
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!("error: could not write {}", plan.display())),
        "{err}"
    );
    assert!(err.contains("File too large"), "{err}");
    assert!(err.contains("it was left as it was"), "{err}");
    assert_eq!(fs::read(&plan).unwrap(), before);
    assert!(!env.path("plan/cnd-70.toml.bak").exists());
    assert_eq!(temp_files(&env.path("plan")), Vec::<String>::new());
    env.assert_loads();
}

/// The same with a folder that cannot be written to, where permissions stop the user
/// (they do not stop root: then there is nothing to test).
#[test]
fn a_read_only_plan_folder_says_so_and_keeps_the_old_files() {
    use std::os::unix::fs::PermissionsExt;
    if is_root() {
        eprintln!("skipped: root writes into read-only folders");
        return;
    }
    let env = Env::new();
    let plan = env.path("plan/cnd-70.toml");
    let before = fs::read(&plan).unwrap();
    fs::set_permissions(env.path("plan"), fs::Permissions::from_mode(0o500)).unwrap();
    let out = env.run(&MOVE);
    fs::set_permissions(env.path("plan"), fs::Permissions::from_mode(0o700)).unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("could not write"), "{err}");
    assert!(err.contains("ermission denied"), "{err}");
    assert_eq!(fs::read(&plan).unwrap(), before);
}

// --- Two writers --------------------------------------------------------------------

/// While another attache holds the database, a change is refused with who holds it
/// and the file is untouched; a dry run (which writes nothing) still works; once the
/// other one is gone, the change goes through.
#[test]
fn a_change_while_another_attache_has_the_database_is_refused() {
    let env = Env::new();
    let plan = env.path("plan/cnd-70.toml");
    let before = fs::read(&plan).unwrap();
    let lock = Lock::acquire(&env.db).unwrap();

    let out = env.run(&MOVE);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!(
            "error: the database is open in another attache (pid {}): close it or try again\n",
            std::process::id()
        )
    );
    assert_eq!(fs::read(&plan).unwrap(), before);

    let out = env.cmd().args(MOVE).arg("--dry-run").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(env.run(&["check"]).status.code() == Some(0));

    drop(lock);
    let out = env.run(&MOVE);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_ne!(fs::read(&plan).unwrap(), before);
}

/// Not a test on its own: the child process of `a_killed_holder_never_blocks`, which
/// takes the lock and holds it until killed.
#[test]
#[ignore = "a helper process, run by a_killed_holder_never_blocks"]
fn hold_the_lock_until_killed() {
    let Some(dir) = std::env::var_os("ATTACHE_TEST_HOLD_LOCK") else {
        return;
    };
    let _lock = Lock::acquire(Path::new(&dir)).unwrap();
    // The harness may print on the same line first.
    println!("LOCK-HELD");
    loop {
        std::thread::sleep(Duration::from_secs(1));
    }
}

/// A child process killed when the test ends, passed or not.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A process that dies holding the lock (killed, crashed) does not block the next:
/// the system releases the lock with the process.
#[test]
fn a_killed_holder_never_blocks() {
    let env = Env::new();
    let mut holder = Command::new(std::env::current_exe().unwrap())
        .args([
            // Its name in the one test binary, `tests/it`.
            "reliability::hold_the_lock_until_killed",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("ATTACHE_TEST_HOLD_LOCK", &env.db)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let out = holder.stdout.take().unwrap();
    let mut holder = KillOnDrop(holder);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let held = BufReader::new(out)
            .lines()
            .any(|l| l.is_ok_and(|l| l.contains("LOCK-HELD")));
        let _ = tx.send(held);
    });
    assert_eq!(
        rx.recv_timeout(Duration::from_secs(60)),
        Ok(true),
        "the helper never took the lock"
    );
    let holder = &mut holder.0;

    let out = env.run(&MOVE);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(&format!(
            "open in another attache (pid {}): close it or try again",
            holder.id()
        )),
        "{}",
        stderr(&out)
    );

    holder.kill().unwrap();
    holder.wait().unwrap();
    let out = env.run(&MOVE);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// `changed_files` tells what changed on disk since loading (for the terminal
/// application to poll): an edited file, a deleted one, a new plan; not a file
/// rewritten with the same bytes.
#[test]
fn changed_files_lists_what_changed_on_disk_since_loading() {
    let env = Env::new();
    let loaded = env.load();
    assert_eq!(store::changed_files(&loaded), Vec::<PathBuf>::new());

    let cnd = env.path("plan/cnd-70.toml");
    fs::write(&cnd, fs::read(&cnd).unwrap()).unwrap();
    assert_eq!(store::changed_files(&loaded), Vec::<PathBuf>::new());

    let text = fs::read_to_string(&cnd).unwrap();
    fs::write(
        &cnd,
        text.replacen("role = \"deputy\"", "role = \"adviser\"", 1),
    )
    .unwrap();
    fs::remove_file(env.path("plan/cop-untoc-11.toml")).unwrap();
    fs::write(
        env.path("plan/ccpcj-36.toml"),
        "format = 1\nsession = \"ccpcj-36\"\n",
    )
    .unwrap();
    fs::write(env.path("plan/notes.txt"), "not a plan").unwrap();
    assert_eq!(
        store::changed_files(&loaded),
        [
            "plan/cnd-70.toml",
            "plan/cop-untoc-11.toml",
            "plan/ccpcj-36.toml"
        ]
        .map(PathBuf::from)
    );

    // The built-in database never changes (whatever it holds).
    let embedded = store::load(&DbSource::Embedded, today());
    assert_eq!(store::changed_files(&embedded), Vec::<PathBuf>::new());
}

/// A plan left with git's conflict markers is an error, and a change to it is refused
/// before anything is written.
#[test]
fn a_plan_with_merge_conflict_markers_is_refused_and_left_alone() {
    let env = Env::new();
    let plan = env.path("plan/cnd-70.toml");
    let text = fs::read_to_string(&plan).unwrap().replacen(
        "role = \"deputy\"\n",
        "<<<<<<< HEAD\nrole = \"deputy\"\n=======\nrole = \"adviser\"\n>>>>>>> theirs\n",
        1,
    );
    fs::write(&plan, &text).unwrap();

    let out = env.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("error: unresolved merge conflict marker"),
        "{}",
        stdout(&out)
    );
    let out = env.run(&MOVE);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unresolved merge conflict marker"));
    assert_eq!(fs::read_to_string(&plan).unwrap(), text);
    assert!(!env.path("plan/cnd-70.toml.bak").exists());
}

// --- Hostile text -------------------------------------------------------------------

/// Terminal controls written as TOML escapes: each is valid TOML and loads as data.
const HOSTILE: &str = concat!(
    r"CSI \u001b[2J\u001b[31m",
    r" OSC52 \u001b]52;c;ZXZpbA==\u0007",
    r" OSC8 \u001b]8;;https://evil.example/\u001b\\click\u001b]8;;\u001b\\",
    r" bidi \u202Egnp.exe\u202C \u2066iso\u2069",
    r" zero-width a\u200Bb\u200Dc\uFEFF",
    r" NUL \u0000 C1 \u009b2J DEL \u007f BS \u0008 CR \r",
);

/// Whether output shows any character that a terminal would act on, or that would
/// reorder or hide text.
fn unsafe_char(text: &str) -> Option<char> {
    text.chars()
        .find(|&c| c != '\n' && c != '\t' && attache::text::needs_escape(c))
}

fn assert_safe(what: &str, out: &Output) {
    for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let text = String::from_utf8_lossy(bytes);
        if let Some(c) = unsafe_char(&text) {
            panic!("{what}: raw {c:?} on {stream}:\n{text}");
        }
    }
}

/// Names, titles, notes, places and ids full of terminal escapes (CSI, OSC 52 which
/// writes the clipboard, OSC 8 links), bidi overrides, zero-width characters, NUL, and
/// a 100 KB title: the commands print all of it escaped, never raw.
#[test]
fn hostile_text_in_the_data_never_reaches_the_terminal_raw() {
    let env = Env::new();
    let edit = |rel: &str, from: &str, to: &str| {
        let p = env.path(rel);
        let text = fs::read_to_string(&p).unwrap();
        assert!(text.contains(from), "{rel} has no {from}");
        fs::write(&p, text.replacen(from, to, 1)).unwrap();
    };
    edit(
        "sessions.toml",
        "title = \"70th session of the Commission on Narcotic Drugs\"",
        &format!("title = \"{HOSTILE}\""),
    );
    edit(
        "sessions.toml",
        "body = \"CCPCJ\"",
        &format!("body = \"CCPCJ {HOSTILE}\""),
    );
    edit(
        "sessions.toml",
        "title = \"36th session of the Commission on Crime Prevention and Criminal Justice\"",
        &format!("title = \"{}{HOSTILE}\"", "long title ".repeat(10_000)),
    );
    edit(
        "sections.toml",
        "name = \"Marco Esempio\"",
        &format!("name = \"Marco {HOSTILE}\""),
    );
    let plan = "plan/cnd-70.toml";
    edit(
        plan,
        "title = \"Delegation briefing before the opening\"",
        &format!("title = \"{HOSTILE}\"\nwith = \"{HOSTILE}\"\nroom = \"{HOSTILE}\""),
    );
    edit(
        plan,
        "notes = \"Forensic adviser",
        &format!("notes = \"{HOSTILE} Forensic adviser"),
    );
    edit(plan, "from = \"", &format!("from = \"{HOSTILE} "));

    for args in [
        &["check"][..],
        &["sessions"],
        &["sessions", "--upcoming", "--body", "CND"],
        &["clashes"],
        &["agenda", "--day", "2027-03-07"],
        &["agenda", "--day", "2027-03-09", "--person", "esempio"],
        &["meeting", "edit", "cnd70-csu", "--move", "15", "--dry-run"],
        &[
            "meeting",
            "edit",
            "cnd70-csu",
            "--title",
            "\u{1b}[2J\u{202e}x",
        ],
        &[
            "assign",
            "--session",
            "\u{1b}]52;c;eA==\u{7}",
            "--person",
            "x",
        ],
    ] {
        let out = env.run(args);
        assert_safe(&format!("attache {}", args.join(" ")), &out);
    }

    // The hostile text did reach the output, escaped: the test checks something.
    let out = env.run(&["sessions"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let shown = stdout(&out);
    for escaped in [
        r"\u{1b}[2J",
        r"\u{1b}]52;c;ZXZpbA==\u{7}",
        r"\u{202e}",
        r"\u{0}",
    ] {
        assert!(shown.contains(escaped), "{escaped} not in:\n{shown}");
    }
    assert!(shown.len() > 100_000);
    let out = env.run(&["check"]);
    assert!(stdout(&out).contains(r"\u{1b}[2J"), "{}", stdout(&out));

    // JSON escapes C0 controls itself (and is for programs, not terminals).
    for args in [
        &["check", "--format", "json"][..],
        &["sessions", "--format", "json"],
    ] {
        let out = env.run(args);
        assert!(
            !out.stdout.iter().any(|&b| b < 0x20 && b != b'\n'),
            "attache {}: a raw control byte",
            args.join(" ")
        );
    }
}

/// Raw control characters in a file are not valid TOML: the error shows the line
/// with them escaped. Raw bidi overrides and zero-width characters are valid TOML and
/// load as data, shown escaped. A file name full of escapes is shown escaped too.
#[test]
fn raw_controls_in_files_and_names_are_shown_escaped() {
    let env = Env::new();
    let sections = env.path("sections.toml");
    let text = fs::read_to_string(&sections).unwrap();
    fs::write(
        &sections,
        text.replacen(
            "name = \"Marco Esempio\"",
            "name = \"Marco \u{1b}]52;c;ZXZpbA==\u{7} \u{1b}[2J\0Esempio\"",
            1,
        ),
    )
    .unwrap();
    let out = env.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert_safe("attache check", &out);
    assert!(stdout(&out).contains(r"\u{1b}"), "{}", stdout(&out));

    let env = Env::new();
    let sessions = env.path("sessions.toml");
    let text = fs::read_to_string(&sessions).unwrap();
    fs::write(
        &sessions,
        text.replacen(
            "title = \"70th session of the Commission on Narcotic Drugs\"",
            "title = \"70th \u{202e}sgurD citocraN\u{202c} \u{200b}session\"",
            1,
        ),
    )
    .unwrap();
    // A plan whose file name is an escape sequence (a synced folder can bring one).
    fs::write(
        env.path("plan/\u{1b}[2J\u{202e}.toml"),
        "format = 1\nsession = \"ccpcj-36\"\n",
    )
    .unwrap();
    for args in [&["check"][..], &["sessions"], &["clashes"]] {
        let out = env.run(args);
        assert_safe(&format!("attache {}", args.join(" ")), &out);
    }
    let out = env.run(&["sessions"]);
    assert!(
        stdout(&out).contains(r"70th \u{202e}sgurD"),
        "{}",
        stdout(&out)
    );
}

// --- Files and paths ----------------------------------------------------------------

fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(p).unwrap().permissions().mode() & 0o777
}

/// Everything attache creates is its owner's only, even under the usual umask 022:
/// the database written by `init`, a new plan, a new plan folder, backups, the lock
/// file, and our version of a file that changed on disk. `init` writes the built-in
/// database, whatever it holds; the edits are made on the sample database.
#[test]
fn files_attache_creates_are_owner_only() {
    let env = Env::new();
    let umask = r#"umask 022 && exec "$0" "$@""#;
    let dir = env.home.path().join("fresh");
    let out = env.sh(umask).arg("init").arg(&dir).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let mut seen = 0;
    let mut stack = vec![dir.clone()];
    while let Some(d) = stack.pop() {
        assert_eq!(mode(&d), 0o700, "{}", d.display());
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                assert_eq!(mode(&p), 0o600, "{}", p.display());
                seen += 1;
            }
        }
    }
    assert_eq!(
        seen,
        store::source::embedded_files().len(),
        "every file init wrote"
    );

    // A new plan; a backup; the lock file.
    let fresh = Env::named("fresh");
    let out = fresh
        .sh(umask)
        .args(["assign", "--session", "ccpcj-36", "--person", "esempio"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = fresh.sh(umask).args(MOVE).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    for rel in [
        "plan/ccpcj-36.toml",
        "plan/cnd-70.toml",
        "plan/cnd-70.toml.bak",
        LOCK_FILE,
    ] {
        assert_eq!(mode(&fresh.path(rel)), 0o600, "{rel}");
    }

    // Our version of a file changed on disk meanwhile.
    let loaded = fresh.load();
    let mut editor = Editor::new(loaded.db.clone());
    editor
        .apply(ops::move_meeting(editor.db(), &MeetingId::from("cnd70-csu"), 30).unwrap())
        .unwrap();
    let cnd = fresh.path("plan/cnd-70.toml");
    fs::write(
        &cnd,
        fs::read_to_string(&cnd).unwrap() + "# edited elsewhere\n",
    )
    .unwrap();
    let err = save::save(&loaded, &editor).unwrap_err();
    assert!(matches!(err, save::SaveError::Conflicts { .. }), "{err}");
    assert_eq!(mode(&fresh.path("plan/cnd-70.toml.mine")), 0o600);

    // A new plan folder.
    fs::remove_dir_all(fresh.path("plan")).unwrap();
    let out = fresh
        .sh(umask)
        .args(["assign", "--session", "ccpcj-36", "--person", "esempio"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(mode(&fresh.path("plan")), 0o700);
    assert_eq!(mode(&fresh.path("plan/ccpcj-36.toml")), 0o600);
}

/// A plan file that is a symlink (into a synced folder, say) is written through: the
/// link stays a link, its target gets the new content, the backup sits beside it.
#[test]
fn a_symlinked_plan_is_written_through() {
    let env = Env::new();
    let synced = env.home.path().join("synced");
    fs::create_dir(&synced).unwrap();
    let target = synced.join("cnd-70.toml");
    let link = env.path("plan/cnd-70.toml");
    fs::rename(&link, &target).unwrap();
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let expected = after_move(&env);

    let out = env.run(&MOVE);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read(&target).unwrap(), expected);
    assert!(synced.join("cnd-70.toml.bak").is_file());
    assert!(!env.path("plan/cnd-70.toml.bak").exists());
    env.assert_loads();
}

/// A database in a folder whose name has spaces and accents works like any other.
#[test]
fn a_database_path_with_spaces_and_accents_works() {
    let env = Env::named("x/Délégation 2027");
    let out = env.run(&["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let out = env.run(&MOVE);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("Délégation 2027"), "{}", stderr(&out));
    let out = env.run(&["sessions", "--upcoming"]);
    assert!(out.status.success());

    let other = env.home.path().join("y/Délégation 2028 ü");
    let out = env.cmd().arg("init").arg(&other).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    // `init` writes the built-in database: all of it, whatever it holds.
    for f in store::source::embedded_files() {
        assert!(other.join(&f.path).is_file(), "{}", f.path.display());
    }
}

/// A huge file (a wrong path, a disk image) is refused by its size, before reading.
#[test]
fn a_40_mb_file_is_over_the_limit() {
    let env = Env::new();
    let f = fs::File::create(env.path("sessions.toml")).unwrap();
    f.set_len(40 * 1024 * 1024).unwrap(); // sparse: takes no space
    let out = env.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("cannot read sessions.toml: it is 40 MB, over the limit of 32 MB"),
        "{}",
        stdout(&out)
    );
}

/// A pipe where a plan file should be would block a read forever: it is refused.
#[cfg(unix)]
#[test]
fn a_named_pipe_in_the_plan_folder_is_refused_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    fixture::write_sample(&db);
    let fifo = db.join("plan/x.toml");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let loaded = attache::store::load(&attache::store::DbSource::Dir(db), today);
    let text = loaded.diagnostics.render(&loaded.sources);
    assert!(
        text.contains("cannot read plan/x.toml: it is not a regular file"),
        "{text}"
    );
}
