//! The exit-code table, command by command, as a script sees it: 0 ran and found
//! nothing to report, 1 ran and found problems, 2 could not run. And the ten common
//! mistakes of a new user, each answered at once with what is wrong and how to fix it.

use std::path::PathBuf;
use std::process::{Command, Output};

use crate::fixture;

/// A copy of the sample database in a fresh home, with `--today` set.
pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        fixture::write_sample(&dir.path().join("db"));
        Env { dir }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("db")
    }

    pub fn cmd(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_attache"));
        c.env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env_remove("ATTACHE_DB")
            .env_remove("NO_COLOR")
            .current_dir(self.dir.path())
            .args(["--today", "2026-11-23", "--db"])
            .arg(self.db());
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().unwrap()
    }

    /// Break the database: an unknown venue in sessions.toml.
    pub fn break_it(&self) {
        let path = self.db().join("sessions.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(
            &path,
            text.replacen("venue = \"vic\"", "venue = \"vik\"", 1),
        )
        .unwrap();
    }
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn code_of(env: &Env, args: &[&str]) -> (Option<i32>, String) {
    let out = env.run(args);
    (out.status.code(), text(&out.stdout) + &text(&out.stderr))
}

const COFFEE: [&str; 10] = [
    "meeting",
    "add",
    "--session",
    "cnd-70",
    "--title",
    "Coffee",
    "--start",
    "2027-03-09 13:00",
    "--minutes",
    "30",
];

/// A programme file of the tests.
const PROGRAMME: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/programme/cnd-70-indico.ics"
);

/// Every command, each way it can end.
#[test]
fn every_command_exits_0_1_or_2_by_the_table() {
    let with = |base: &[&'static str], more: &[&'static str]| -> Vec<&'static str> {
        base.iter().chain(more).copied().collect()
    };
    let cases: Vec<(Vec<&str>, i32)> = vec![
        (vec!["check"], 0),
        (vec!["check", "--format", "json"], 0),
        (vec!["sessions", "--upcoming"], 0),
        (vec!["people"], 0),
        (vec!["people", "--section", "italyy"], 2),
        (vec!["people", "--session", "cnd77"], 2),
        (vec!["delegation", "--session", "cnd-70"], 0),
        (vec!["delegation", "--session", "cnd77"], 2),
        (vec!["clashes", "--session", "cnd-70"], 1),
        (vec!["clashes", "--session", "ccpcj-33"], 0),
        (vec!["clashes", "--session", "cnd77"], 2),
        (vec!["agenda", "--day", "2027-03-09"], 0),
        (vec!["agenda", "--person", "esempo"], 2),
        (vec!["export", "--session", "cnd-70", "--format", "md"], 0),
        (vec!["export", "--session", "cnd77", "--format", "md"], 2),
        (
            vec!["export", "--format", "md", "-o", "/nonexistent/x.md"],
            2,
        ),
        (
            vec![
                "assign",
                "--session",
                "cnd-70",
                "--person",
                "tomori",
                "--dry-run",
            ],
            0,
        ),
        (
            vec!["assign", "--session", "cnd-70", "--person", "tomory"],
            2,
        ),
        (
            vec!["assign", "--session", "cnd77", "--person", "tomori"],
            2,
        ),
        (
            vec![
                "unassign",
                "--session",
                "cnd-70",
                "--person",
                "voorbeeld",
                "--dry-run",
            ],
            0,
        ),
        (
            vec!["unassign", "--session", "cnd-70", "--person", "tomori"],
            2,
        ),
        (with(&COFFEE, &["--dry-run"]), 0),
        (with(&COFFEE, &["--attendee", "esempio", "--strict"]), 1),
        (
            with(&COFFEE, &["--attendee", "esempio", "--strict", "--dry-run"]),
            1,
        ),
        (
            vec![
                "meeting",
                "add",
                "--session",
                "cnd-70",
                "--title",
                "x",
                "--start",
                "2027-03-09 13:00",
            ],
            2,
        ),
        (
            vec![
                "meeting",
                "edit",
                "cnd70-vngoc",
                "--move",
                "-30",
                "--dry-run",
            ],
            0,
        ),
        (
            vec![
                "meeting",
                "edit",
                "cnd70-side-event",
                "--start",
                "2027-03-09T13:00",
                "--strict",
            ],
            1,
        ),
        (vec!["meeting", "edit", "cnd70-vngok", "--move", "30"], 2),
        (vec!["meeting", "cancel", "cnd70-csu", "--dry-run"], 0),
        (vec!["meeting", "cancel", "nope"], 2),
        (vec!["meeting", "rm", "cnd70-csu", "--dry-run"], 0),
        (vec!["meeting", "rm", "nope"], 2),
        (
            vec![
                "travel",
                "add",
                "--session",
                "cnd-70",
                "--person",
                "esempio",
                "--mode",
                "train",
                "--from",
                "A",
                "--to",
                "B",
                "--depart",
                "2027-03-07T09:00+01:00",
                "--arrive",
                "2027-03-07T10:00+01:00",
                "--dry-run",
            ],
            0,
        ),
        (
            vec![
                "travel",
                "add",
                "--session",
                "cnd-70",
                "--person",
                "esempio",
                "--mode",
                "train",
                "--from",
                "A",
                "--to",
                "B",
                "--depart",
                "2027-03-07T09:00",
                "--arrive",
                "2027-03-07T10:00+01:00",
            ],
            2,
        ),
        (
            vec![
                "travel",
                "rm",
                "--session",
                "cnd-70",
                "--number",
                "1",
                "--dry-run",
            ],
            0,
        ),
        (
            vec!["travel", "rm", "--session", "cnd-70", "--number", "0"],
            2,
        ),
        (
            vec![
                "stay",
                "add",
                "--session",
                "cnd-70",
                "--person",
                "esempio",
                "--name",
                "H",
                "--check-in",
                "2027-03-07",
                "--check-out",
                "2027-03-08",
                "--dry-run",
            ],
            0,
        ),
        (
            vec![
                "stay",
                "add",
                "--session",
                "cnd-70",
                "--person",
                "esempo",
                "--name",
                "H",
                "--check-in",
                "2027-03-07",
                "--check-out",
                "2027-03-08",
            ],
            2,
        ),
        (
            vec![
                "stay",
                "rm",
                "--session",
                "cnd-70",
                "--number",
                "1",
                "--dry-run",
            ],
            0,
        ),
        (
            vec!["stay", "rm", "--session", "cnd-70", "--number", "999"],
            2,
        ),
        (vec!["programme", "--session", "cnd-70"], 0),
        (vec!["programme", "--session", "cnd77"], 2),
        (
            vec!["import", PROGRAMME, "--session", "cnd-70", "--dry-run"],
            0,
        ),
        (vec!["import", PROGRAMME, "--session", "cnd77"], 2),
        (vec!["import", "no-such-file.ics", "--session", "cnd-70"], 2),
        (
            vec![
                "attend",
                "--session",
                "cnd-70",
                "--item",
                "nope",
                "--person",
                "esempio",
            ],
            2,
        ),
        (
            vec![
                "attend",
                "--session",
                "cnd-70",
                "--item",
                "cnd70-vngoc",
                "--person",
                "esempoi",
            ],
            2,
        ),
        (vec!["merge-driver", "no-base", "no-ours", "no-theirs"], 2),
        (vec!["completions", "bash"], 0),
        (vec!["completions", "tcsh"], 2),
        (vec!["man"], 0),
        (vec!["no-such-command"], 2),
    ];
    let env = Env::new();
    for (args, expected) in &cases {
        let (code, output) = code_of(&env, args);
        assert_eq!(
            code,
            Some(*expected),
            "attache {}:\n{output}",
            args.join(" ")
        );
        if *expected == 2 {
            assert!(output.contains("error"), "{args:?} says why:\n{output}");
        }
    }
    // Nothing was written by the refused or dry runs above.
    let (code, _) = code_of(
        &env,
        &["meeting", "edit", "cnd70-vngoc", "--move", "0", "--dry-run"],
    );
    assert_eq!(code, Some(2), "moving by 0 changes nothing: refused");

    // A database that does not load: check reports it (1), the others cannot run (2).
    env.break_it();
    for (args, expected) in [
        (&["check"][..], 1),
        (&["sessions"], 2),
        (&["people"], 2),
        (&["delegation", "--session", "cnd-70"], 2),
        (&["clashes"], 2),
        (&["agenda"], 2),
        (&["export", "--format", "md"], 2),
        (&COFFEE[..], 2),
    ] {
        let (code, output) = code_of(&env, args);
        assert_eq!(
            code,
            Some(expected),
            "broken: attache {}:\n{output}",
            args.join(" ")
        );
    }
    // And a folder that is not there: not even check can run.
    let out = env
        .cmd()
        .args(["--db", "/nonexistent/db", "check"])
        .output();
    let out = out.unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
}

/// `init` writes where `--db` or `$ATTACHE_DB` says, and then every command finds it.
#[test]
fn init_honours_db_and_attache_db() {
    let env = Env::new();
    let home = env.dir.path();
    let flagged = home.join("via flag");
    let out = env
        .cmd()
        .args(["--db"])
        .arg(&flagged)
        .arg("init")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(flagged.join("sessions.toml").is_file());
    assert!(
        !home.join("data/attache").exists(),
        "not in the data folder"
    );

    let from_env = home.join("from-env");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_attache"));
    cmd.env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("ATTACHE_DB", &from_env);
    let out = cmd.arg("init").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_attache"));
    cmd.env("HOME", home).env("ATTACHE_DB", &from_env);
    let out = cmd.arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "the next command finds it");

    // quiet: the note goes, the exit code stays
    let out = env
        .cmd()
        .args(["-q", "--db"])
        .arg(home.join("quiet"))
        .arg("init")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty() && out.stderr.is_empty());

    // git setup without a database folder (the built-in database) cannot run
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_attache"));
    cmd.env("HOME", home.join("empty-home"))
        .env("XDG_DATA_HOME", home.join("empty-home/data"))
        .env_remove("ATTACHE_DB");
    let out = cmd.args(["git", "setup"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("attache init --git DIR"));

    // refused on a folder that holds a database, which stays as it was
    let out = env
        .cmd()
        .args(["--db"])
        .arg(&flagged)
        .arg("init")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("already"),
        "{}",
        text(&out.stderr)
    );
}

/// Ten mistakes a new user makes, each answered at once (exit 2, nothing written)
/// with what is wrong and how to fix it.
#[test]
fn ten_common_mistakes_are_each_answered_with_a_fix() {
    let env = Env::new();
    let before = std::fs::read(env.db().join("plan/cnd-70.toml")).unwrap();
    let cases: [(&[&str], &str, &str); 10] = [
        (
            &["delegation", "--session", "cnd-7O"],
            "unknown session \"cnd-7O\"",
            "did you mean \"cnd-70\"?",
        ),
        (
            &["clashes", "--session", "cnd77"],
            "unknown session \"cnd77\"",
            "did you mean \"cnd-70\"?",
        ),
        (
            &["--today", "30/11/2026", "sessions"],
            "for '--today <DATE>'",
            "YYYY-MM-DD",
        ),
        (
            &["agenda", "--day", "9 March"],
            "for '--day <DATE>'",
            "YYYY-MM-DD",
        ),
        (
            &[
                "meeting",
                "add",
                "--session",
                "cnd-70",
                "--title",
                "x",
                "--start",
                "09/03/2027 13:00",
                "--minutes",
                "30",
            ],
            "for '--start <WHEN>'",
            "2027-03-09T13:00",
        ),
        (
            &[
                "meeting",
                "add",
                "--session",
                "cnd-70",
                "--title",
                "x",
                "--start",
                "2027-03-09T13:00",
                "--minutes",
                "-30",
            ],
            "for '--minutes <MIN>'",
            "positive number of minutes",
        ),
        (
            &["assign", "--session", "cnd-70", "--person", "esempoi"],
            "unknown person \"esempoi\"",
            "did you mean \"esempio\"?",
        ),
        (
            &["meeting", "edit", "cnd70-vngok", "--move", "30"],
            "unknown meeting \"cnd70-vngok\"",
            "did you mean \"cnd70-vngoc\"?",
        ),
        (
            &[
                "assign",
                "--session",
                "cnd-70",
                "--person",
                "mustermann",
                "--role",
                "head",
            ],
            "already head",
            "make esempio deputy first",
        ),
        (
            &[
                "travel",
                "add",
                "--session",
                "cnd-70",
                "--person",
                "esempio",
                "--mode",
                "flight",
                "--from",
                "A",
                "--to",
                "B",
                "--depart",
                "2027-03-07T09:00",
                "--arrive",
                "2027-03-07T10:00+01:00",
            ],
            "--depart 2027-03-07T09:00 is a local time",
            "add --depart-tz",
        ),
    ];
    for (args, what, fix) in cases {
        let out = env.run(args);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(what), "{args:?} says what is wrong:\n{err}");
        assert!(err.contains(fix), "{args:?} says how to fix it:\n{err}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    assert_eq!(
        std::fs::read(env.db().join("plan/cnd-70.toml")).unwrap(),
        before
    );
}

/// Mistakes that are warnings, not errors, are said the moment they are made: an
/// 11th delegate, an attendee who is not a delegate, a meeting a year after its
/// session. `--strict` refuses each.
#[test]
fn warnings_are_said_when_made_and_strict_refuses_them() {
    let env = Env::new();
    let db = env.db();
    let plan = || std::fs::read_to_string(db.join("plan/cnd-70.toml")).unwrap();
    // fill the delegation to its limit of 10 (6 in the sample)
    for p in ["tomori", "nikolic", "pekic", "prastalo"] {
        let out = env.run(&["assign", "--session", "cnd-70", "--person", p]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert!(
            !text(&out.stderr).contains("warning:"),
            "{}",
            text(&out.stderr)
        );
    }
    let eleventh = ["assign", "--session", "cnd-70", "--person", "cafleshi"];
    let cases: [(Vec<&str>, &str); 3] = [
        (eleventh.to_vec(), "over-limit"),
        (
            [&COFFEE[..], &["--attendee", "zivotic"]].concat(),
            "attendee-not-delegate",
        ),
        (
            vec![
                "meeting",
                "edit",
                "cnd70-lab-visit",
                "--start",
                "2028-03-09T10:00",
            ],
            "outside-session",
        ),
    ];
    for (args, code) in cases {
        let before = plan();
        let strict = [&args[..], &["--strict", "--format", "json"]].concat();
        let out = env.run(&strict);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{strict:?}: {}",
            text(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["refused"], true);
        assert!(v["written"].as_array().unwrap().is_empty());
        let codes: Vec<&str> = v["findings"]["new"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap())
            .collect();
        assert!(codes.contains(&code), "{strict:?}: {codes:?}");
        assert_eq!(plan(), before, "nothing written by a refused edit");

        let out = env.run(&args);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        assert!(err.contains("warning: "), "{args:?} warns at once: {err}");
        assert!(err.contains("= help: "), "{args:?} with the fix: {err}");
        assert_ne!(plan(), before, "written without --strict");
    }
}

/// `meeting edit --move` says the old and new times; `-q` keeps only that.
#[test]
fn an_edit_prints_old_and_new_and_quiet_drops_the_notes() {
    let env = Env::new();
    let out = env.run(&["meeting", "edit", "cnd70-vngoc", "--move", "30"]);
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("meeting cnd70-vngoc: start 2027-03-09T13:00:00 → 2027-03-09T13:30:00"),
        "{stdout}"
    );
    assert!(
        stdout.contains("meeting cnd70-vngoc: end 2027-03-09T14:00:00 → 2027-03-09T14:30:00"),
        "{stdout}"
    );
    assert!(
        text(&out.stderr).contains("wrote "),
        "{}",
        text(&out.stderr)
    );

    let out = env.run(&["-q", "meeting", "edit", "cnd70-vngoc", "--move", "-30"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        !text(&out.stderr).contains("wrote"),
        "{}",
        text(&out.stderr)
    );
    assert!(text(&out.stdout).contains("→ 2027-03-09T13:00:00"));

    // unassign changes the meetings the person attended too, each said
    let out = env.run(&[
        "unassign",
        "--session",
        "cnd-70",
        "--person",
        "voorbeeld",
        "--dry-run",
    ]);
    let stdout = text(&out.stdout);
    assert!(stdout.contains("  - delegate voorbeeld"), "{stdout}");
    assert!(stdout.contains("meeting cnd70-csu: attendees"), "{stdout}");
}

/// `--format json` on an edit gives the new meeting's id: no scraping.
#[test]
fn a_new_meetings_id_comes_back_as_json() {
    let env = Env::new();
    let out = env.run(&[&COFFEE[..], &["--format", "json"]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (v["schema"].as_str(), v["version"].as_u64()),
        (Some("attache-edit"), Some(1))
    );
    let id = v["created"][0]["id"].as_str().unwrap().to_string();
    assert!(id.starts_with("cnd-70-coffee-"), "{id}");
    assert_eq!(v["created"][0]["item"], "meeting");
    assert_eq!(v["written"].as_array().unwrap().len(), 1);
    // and the id works at once
    let out = env.run(&["meeting", "rm", &id]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

/// `--color`: never by default into a pipe, always when asked, never with NO_COLOR
/// under auto.
#[test]
fn colour_follows_the_flag_and_no_color() {
    let env = Env::new();
    let args = ["clashes", "--session", "cnd-70"];
    let plain = env.run(&args);
    assert!(!plain.stdout.contains(&0x1b), "no colour into a pipe");
    let colour = env.run(&[&["--color", "always"][..], &args].concat());
    assert!(text(&colour.stdout).contains("\u{1b}[1;33mwarning:\u{1b}[0m"));
    let never = env.cmd().env("NO_COLOR", "1").args(args).output().unwrap();
    assert!(!never.stdout.contains(&0x1b));
    // results are never coloured: an export, a letter, a list stay as they are
    for args in [
        &["export", "--session", "cnd-70", "--format", "letter"][..],
        &["export", "--session", "cnd-70", "--format", "md"],
        &["delegation", "--session", "cnd-70"],
    ] {
        let plain = env.run(args);
        let colour = env.run(&[&["--color", "always"][..], args].concat());
        assert_eq!(plain.stdout, colour.stdout, "{args:?}");
    }
    // clap's own messages follow the flag too
    let usage = env.run(&["--color", "always", "sessions", "--from", "someday"]);
    assert_eq!(usage.status.code(), Some(2));
    assert!(usage.stderr.contains(&0x1b), "{}", text(&usage.stderr));
    let usage = env.run(&["--color=never", "sessions", "--from", "someday"]);
    assert!(!usage.stderr.contains(&0x1b), "{}", text(&usage.stderr));
}

/// `check` keeps the plan's warnings when another file has an error.
#[test]
fn check_keeps_warnings_beside_errors() {
    let env = Env::new();
    let clean = env.run(&["check", "--format", "json"]);
    let clean: serde_json::Value = serde_json::from_slice(&clean.stdout).unwrap();
    // an error in another plan: cnd-70's warnings (its clash) stay
    let other = env.db().join("plan/ccpcj-33.toml");
    let text_before = std::fs::read_to_string(&other).unwrap();
    std::fs::write(
        &other,
        text_before.replacen("role = ", "role = \"nobody\"\nx = ", 1),
    )
    .unwrap();
    let out = env.run(&["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["errors"].as_u64().unwrap() >= 1);
    let codes = |v: &serde_json::Value| -> Vec<String> {
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["place"]["file"] == "plan/cnd-70.toml")
            .filter_map(|d| d["code"].as_str().map(str::to_string))
            .collect()
    };
    assert!(codes(&v).contains(&"person-clash".to_string()), "{v:#}");
    assert_eq!(codes(&v), codes(&clean), "cnd-70's warnings, all of them");
    // A script is told why ccpcj-33's are not listed, as a person is.
    assert_eq!(
        v["notes"],
        serde_json::json!([
            "the plan warnings of plan/ccpcj-33.toml show once its errors are fixed"
        ]),
        "{v:#}"
    );
    assert_eq!(clean["notes"], serde_json::json!([]));
    let out = env.run(&["check"]);
    assert!(
        text(&out.stdout).contains(
            "note: the plan warnings of plan/ccpcj-33.toml show once its errors are fixed"
        ),
        "{}",
        text(&out.stdout)
    );
}
