//! The UN bodies' rules as data (`bodies.toml`): each body's delegate limit, the days
//! before the opening its nomination letter is due, how delegates register, its
//! recurring windows; a session may override them; `check`, the letter and the
//! exports read them; bad rules are reported at their line.

use std::path::Path;
use std::process::{Command, Output};

use attache::store::{self, DbSource};
use chrono::NaiveDate;

use crate::fixture;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn attache(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_attache"))
        .arg("--db")
        .arg(db)
        .args(["--today", "2026-11-30"])
        .args(args)
        .env_remove("ATTACHE_DB")
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The sample database in a folder of its own, with `edit` made to one of its files.
fn sample_with(file: &str, edit: impl FnOnce(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fixture::write_sample(dir.path());
    let path = dir.path().join(file);
    let before = std::fs::read_to_string(&path).unwrap();
    let after = edit(before.clone());
    assert_ne!(before, after, "the edit changed nothing");
    std::fs::write(&path, after).unwrap();
    dir
}

#[test]
fn each_body_has_its_own_letter_due_date() {
    let loaded = fixture::load_sample(day("2026-11-30"));
    let db = &loaded.db;
    let due = |id: &str| db.rules(&db.sessions[id]).letter_due;
    // The Commissions: a week before.
    assert_eq!(due("cnd-70"), Some(day("2027-03-01")));
    assert_eq!(due("ccpcj-36"), Some(day("2027-05-03")));
    // The CoSP: interest expressed about 17 days ahead, not 7.
    assert_eq!(due("cosp-uncac-12"), Some(day("2027-11-26")));
    // The Crime Congress: 17 days (3 April for 20 April).
    assert_eq!(due("crime-congress-15"), Some(day("2026-04-08")));
    // The COP: nothing found, so nothing made up.
    assert_eq!(due("cop-untoc-14"), None);
    let limit = |id: &str| db.rules(&db.sessions[id]).delegate_limit;
    assert_eq!(limit("cnd-70"), Some(10));
    assert_eq!(limit("cosp-uncac-12"), None);
}

#[test]
fn the_letter_says_the_bodys_due_date() {
    let dir = tempfile::tempdir().unwrap();
    fixture::write_sample(dir.path());
    let o = attache(
        dir.path(),
        &["export", "--session", "cnd-70", "--format", "letter"],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("Due: Monday 1 March 2027 (7 days before the opening"),
        "{}",
        text(&o)
    );
}

#[test]
fn a_limit_is_any_number_and_a_session_overrides_its_body() {
    // 20 is 20: no hidden cap of 10.
    let dir = sample_with("bodies.toml", |s| {
        s.replacen("delegate_limit = 10 ", "delegate_limit = 20 ", 1)
    });
    let loaded = store::load(&DbSource::Dir(dir.path().into()), day("2026-11-30"));
    let s = &loaded.db.sessions["cnd-70"];
    assert_eq!(loaded.db.rules(s).delegate_limit, Some(20));
    // The session's own keys win, and the due date follows them.
    let dir = sample_with("sessions.toml", |s| {
        s.replacen(
            "registration_deadline = 2027-02-15",
            "registration_deadline = 2027-02-15\nmax_delegates = 3\nletter_due_days = 21\nregistration = \"vngoc\"",
            1,
        )
    });
    let loaded = store::load(&DbSource::Dir(dir.path().into()), day("2026-11-30"));
    assert!(!loaded.diagnostics.has_errors());
    let s = &loaded.db.sessions["cnd-70"];
    let rules = loaded.db.rules(s);
    assert_eq!(rules.delegate_limit, Some(3));
    assert_eq!(rules.letter_due, Some(day("2027-02-15")));
    assert_eq!(
        rules.registration,
        Some(attache::model::Registration::Vngoc)
    );
    let o = attache(dir.path(), &["check"]);
    assert!(text(&o).contains("over the limit of 3"), "{}", text(&o));
    assert!(
        text(&o).contains("the session's max_delegates"),
        "{}",
        text(&o)
    );
}

#[test]
fn bad_rules_are_reported_at_their_line_with_the_fix() {
    let dir = sample_with("bodies.toml", |s| {
        s.replacen("delegate_limit = 10 ", "delegate_limit = 0 ", 1)
            .replacen("registration = \"indico\"", "registration = \"indigo\"", 1)
            + "\n[[window]]\nbody = \"CND\"\nname = \"Side events\"\nopens_days_before = 40\ncloses_days_before = 50\n\n[[window]]\nbody = \"CNX\"\nname = \"Speakers\"\nopens_days_before = 40\ncloses_days_before = 30\n\n[[body]]\nid = \"UNGASS\"\nname = \"Special session of the General Assembly\"\n"
    });
    let o = attache(dir.path(), &["check"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let out = text(&o);
    for expected in [
        "accepts no delegates (delegate_limit = 0)",
        "unknown registration \"indigo\"",
        "did you mean \"indico\"?",
        "closes (50 days before the opening) before it opens (40 days before)",
        "unknown body \"CNX\"",
        "has no rules: no delegate_limit, letter_due_days or registration",
        "bodies.toml:",
    ] {
        assert!(out.contains(expected), "{expected}\n{out}");
    }
}

/// The shipped bodies: the Commissions' 10 and 7 days, the CoSP's 17, the CND's
/// side-event window in January for a session in March.
#[test]
fn the_shipped_bodies_have_their_rules() {
    let loaded = store::load(&DbSource::Embedded, day("2026-11-30"));
    assert!(!loaded.diagnostics.has_errors());
    let db = &loaded.db;
    let cnd = db.rules(&db.sessions["cnd-70"]);
    assert_eq!(cnd.delegate_limit, Some(10));
    assert_eq!(cnd.letter_due, Some(day("2027-03-01")));
    let (window, from, to) = &cnd.windows[0];
    assert_eq!(window.name, "Side events");
    assert_eq!((*from, *to), (day("2027-01-09"), day("2027-01-21")));
    let cosp = db.rules(&db.sessions["cosp-uncac-12"]);
    assert_eq!(cosp.letter_due, Some(day("2027-11-26")));
}
