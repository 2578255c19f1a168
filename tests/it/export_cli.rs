//! `attache export` as a user runs it: stdout by default, `-o` written atomically,
//! clear errors with suggestions, and files left alone when the export fails.

use crate::{export_support, fixture};

use std::path::Path;
use std::process::{Command, Output};

fn attache(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_attache"))
        .env_remove("ATTACHE_DB")
        .arg("--db")
        .arg(fixture::sample_dir())
        .args(["--today", "2026-11-23", "export"])
        .args(args)
        .output()
        .unwrap()
}

/// `attache --db DB --today 2026-11-23 ARGS`, on a database of the test's own.
fn attache_in(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_attache"))
        .env_remove("ATTACHE_DB")
        .arg("--db")
        .arg(db)
        .args(["--today", "2026-11-23"])
        .args(args)
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn names(dir: &Path) -> Vec<String> {
    let mut n: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    n.sort();
    n
}

#[test]
fn writes_to_stdout_by_default_and_with_dash() {
    let out = attache(&[
        "--session",
        "cnd-70",
        "--person",
        "esempio",
        "--format",
        "ics",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let ics = text(&out.stdout);
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
    let dash = attache(&[
        "--session",
        "cnd-70",
        "--person",
        "esempio",
        "--format",
        "ics",
        "-o",
        "-",
    ]);
    assert_eq!(dash.stdout, out.stdout);
}

#[test]
fn output_file_has_the_same_bytes_and_nothing_else_is_left() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("deleg.html");
    let out = attache(&[
        "--session",
        "cnd-70",
        "--format",
        "html",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    assert!(
        text(&out.stderr).contains("wrote html (1 session, 6 people"),
        "{}",
        text(&out.stderr)
    );
    let stdout = attache(&["--session", "cnd-70", "--format", "html"]).stdout;
    assert_eq!(std::fs::read(&file).unwrap(), stdout);
    // Again, over the existing file: replaced whole, no temporary or backup file left.
    std::fs::write(&file, "old").unwrap();
    let out = attache(&[
        "--session",
        "cnd-70",
        "--format",
        "html",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    assert_eq!(std::fs::read(&file).unwrap(), stdout);
    assert_eq!(names(dir.path()), ["deleg.html"]);
}

#[test]
fn unknown_ids_fail_with_a_suggestion_and_leave_the_file_alone() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("keep.ics");
    std::fs::write(&file, "precious").unwrap();
    for (args, message, help) in [
        (
            &["--session", "cnd-70", "--person", "esempo"][..],
            "unknown person \"esempo\"",
            "did you mean \"esempio\"?",
        ),
        (
            &["--session", "cnd-7O"][..],
            "unknown session \"cnd-7O\"",
            "did you mean \"cnd-70\"?",
        ),
        (
            &["--session", "cnd-70", "--section", "croatai"][..],
            "unknown section \"croatai\"",
            "did you mean \"croatia\"?",
        ),
        (
            &["--session", "cnd-70", "--person", "tomori"][..],
            "\"tomori\" is not in the delegation to cnd-70",
            "the delegation: esempio",
        ),
        (
            &["--session", "cnd-71"][..],
            "session \"cnd-71\" has no plan",
            "sessions with a plan: ",
        ),
    ] {
        let mut all = args.to_vec();
        all.extend(["--format", "ics", "-o", file.to_str().unwrap()]);
        let out = attache(&all);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(&format!("error: {message}")), "{err}");
        assert!(err.contains(help), "{err}");
        assert!(out.stdout.is_empty());
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "precious");
        assert_eq!(names(dir.path()), ["keep.ics"], "no temporary file left");
    }
}

#[test]
fn a_database_with_errors_is_not_exported() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    std::fs::create_dir(&db).unwrap();
    export_support::dst_db(&db);
    // Break it: an unknown attendee.
    let plan = db.join("plan").join("dst-test.toml");
    let text_before = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(
        &plan,
        text_before.replace("attendees = [\"york\", \"wien\"]", "attendees = [\"yrok\"]"),
    )
    .unwrap();
    let file = dir.path().join("out.csv");
    std::fs::write(&file, "precious").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_attache"))
        .env_remove("ATTACHE_DB")
        .args(["--today", "2026-11-23", "--db", db.to_str().unwrap()])
        .args(["export", "--format", "csv", "-o", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("unknown person \"yrok\""), "{err}");
    assert!(err.contains("has errors: fix them first"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "precious");
}

#[test]
fn an_unwritable_output_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("no-such-folder").join("x.ics");
    let out = attache(&[
        "--session",
        "cnd-70",
        "--format",
        "ics",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    // The folder the user named, not the temporary file attache would have written.
    let folder = file.parent().unwrap().display().to_string();
    let said = text(&out.stderr);
    assert!(
        said.contains(&format!(": the folder {folder} does not exist")),
        "{said}"
    );
    assert!(!said.contains(".x.ics."), "{said}");
    assert!(!file.exists());
}

#[test]
fn every_format_runs_and_usage_errors_exit_2() {
    for format in ["ics", "md", "html", "csv", "json", "letter"] {
        let out = attache(&["--format", format, "--home-time", "--redact"]);
        assert!(out.status.success(), "{format}: {}", text(&out.stderr));
        assert!(!out.stdout.is_empty());
    }
    let out = attache(&["--format", "pdf"]);
    assert_eq!(out.status.code(), Some(2));
    let out = attache(&["--session", "cnd-70"]);
    assert_eq!(out.status.code(), Some(2), "--format is required");
}

/// `export --session S` reads the calendar and S's plan only: another plan's broken
/// file does not block it, and the bytes are those of a full read. An export of
/// everything still refuses the broken database.
#[test]
fn a_session_export_reads_only_its_plan() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    fixture::write_sample(&db);
    let run = |args: &[&str]| attache_in(&db, &[&["export"], args].concat());
    let before = run(&["--session", "cnd-70", "--format", "ics"]);
    assert!(before.status.success(), "{}", text(&before.stderr));
    // Another session's plan, broken.
    std::fs::write(
        db.join("plan/ccpcj-36.toml"),
        "session = \"ccpcj-36\"\n[[meeting\n",
    )
    .unwrap();
    let after = run(&["--session", "cnd-70", "--format", "ics"]);
    assert!(after.status.success(), "{}", text(&after.stderr));
    assert_eq!(after.stdout, before.stdout, "the same bytes as a full read");
    let all = run(&["--format", "ics"]);
    assert_eq!(all.status.code(), Some(2), "{}", text(&all.stdout));
    assert!(
        text(&all.stderr).contains("plan/ccpcj-36.toml"),
        "{}",
        text(&all.stderr)
    );
}

/// The same for the other commands about one session: its delegation and its
/// readiness read its plan, and another session's broken plan does not block them;
/// the whole readiness (every session) still refuses the broken database.
#[test]
fn commands_about_one_session_read_only_its_plan() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    fixture::write_sample(&db);
    let run = |args: &[&str]| attache_in(&db, args);
    let one = [
        vec!["delegation", "--session", "cnd-70"],
        vec!["readiness", "--session", "cnd-70"],
    ];
    let before: Vec<Output> = one.iter().map(|a| run(a)).collect();
    std::fs::write(
        db.join("plan/ccpcj-36.toml"),
        "session = \"ccpcj-36\"\n[[meeting\n",
    )
    .unwrap();
    for (args, before) in one.iter().zip(&before) {
        let after = run(args);
        assert_eq!(
            after.status.code(),
            before.status.code(),
            "{args:?}: {}",
            text(&after.stderr)
        );
        assert_eq!(
            after.stdout, before.stdout,
            "{args:?}: the same as a full read"
        );
    }
    let all = run(&["readiness"]);
    assert_eq!(all.status.code(), Some(2), "{}", text(&all.stdout));
    assert!(
        text(&all.stderr).contains("plan/ccpcj-36.toml"),
        "{}",
        text(&all.stderr)
    );
}
