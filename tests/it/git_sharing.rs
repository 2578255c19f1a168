//! A lead and an assistant share a database through git, each in a clone of their
//! own: parallel edits merge item by item with no conflict, and a real conflict (the
//! same meeting moved to two times) is marked around that meeting alone, reported by
//! `check` at its line, and loads once fixed by hand.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn attache(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_attache"))
        .arg("--db")
        .arg(db)
        .args(["--today", "2026-11-23"])
        .args(args)
        .env_remove("ATTACHE_DB")
        .output()
        .unwrap()
}

fn ok(o: Output) -> String {
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(o.status.success(), "{text}");
    text
}

fn git(dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.org",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .output()
        .unwrap()
}

fn commit(dir: &Path, message: &str) {
    ok(git(dir, &["add", "-A"]));
    ok(git(dir, &["commit", "-q", "-m", message]));
}

fn add_meeting(db: &Path, title: &str, start: &str, who: &str) -> String {
    let out = ok(attache(
        db,
        &[
            "meeting",
            "add",
            "--session",
            "ccpcj-36",
            "--title",
            title,
            "--start",
            start,
            "--minutes",
            "60",
            "--attendee",
            who,
        ],
    ));
    // "added meeting <id> ..."
    out.split_whitespace()
        .skip_while(|w| *w != "meeting")
        .nth(1)
        .unwrap()
        .to_string()
}

fn meeting_ids(db: &Path) -> Vec<String> {
    let text = fs::read_to_string(db.join("plan/ccpcj-36.toml")).unwrap();
    text.lines()
        .filter_map(|l| l.strip_prefix("id = \""))
        .map(|l| l.trim_end_matches('"').to_string())
        .collect()
}

#[test]
fn two_clones_merge_item_by_item_and_a_real_conflict_is_marked_at_its_item() {
    if Command::new("git").arg("--version").output().is_err() {
        panic!("git is needed for this test (CI installs it)");
    }
    let tmp = tempfile::tempdir().unwrap();
    let origin = tmp.path().join("origin.git");
    let lead = tmp.path().join("lead");
    let assistant = tmp.path().join("assistant");
    ok(git(
        tmp.path(),
        &["init", "-q", "--bare", origin.to_str().unwrap()],
    ));

    // The lead makes the tests' database ready for git, and shares it.
    crate::fixture::write_sample(&lead);
    let out = ok(attache(&lead, &["git", "setup"]));
    assert!(out.contains("registered the merge driver"), "{out}");
    ok(git(&lead, &["checkout", "-q", "-b", "main"]));
    commit(&lead, "the sample database");
    ok(git(
        &lead,
        &["remote", "add", "origin", origin.to_str().unwrap()],
    ));
    ok(git(&lead, &["push", "-q", "origin", "main"]));

    // The assistant clones it and sets git up in the clone (config is not cloned).
    ok(git(
        tmp.path(),
        &[
            "clone",
            "-q",
            origin.to_str().unwrap(),
            assistant.to_str().unwrap(),
        ],
    ));
    ok(attache(&assistant, &["git", "setup"]));

    // In parallel, offline: both add a meeting with the same title, and more.
    ok(attache(
        &lead,
        &[
            "assign",
            "--session",
            "ccpcj-36",
            "--person",
            "esempio",
            "--role",
            "head",
        ],
    ));
    let lead_coffee = add_meeting(&lead, "Coffee with UNODC", "2027-05-11 09:00", "esempio");
    ok(attache(
        &lead,
        &[
            "travel",
            "add",
            "--session",
            "ccpcj-36",
            "--person",
            "esempio",
            "--mode",
            "train",
            "--from",
            "Rome",
            "--to",
            "Vienna",
            "--depart",
            "2027-05-10T08:00",
            "--depart-tz",
            "Europe/Rome",
            "--arrive",
            "2027-05-10T20:00",
            "--arrive-tz",
            "Europe/Vienna",
        ],
    ));
    commit(&lead, "lead: head, coffee, train");

    ok(attache(
        &assistant,
        &["assign", "--session", "ccpcj-36", "--person", "mustermann"],
    ));
    let assistant_coffee = add_meeting(
        &assistant,
        "Coffee with UNODC",
        "2027-05-12 09:00",
        "mustermann",
    );
    let side_event = add_meeting(&assistant, "Side event", "2027-05-12 13:00", "mustermann");
    commit(&assistant, "assistant: delegate, coffee, side event");
    ok(git(&assistant, &["push", "-q", "origin", "HEAD:main"]));

    assert_ne!(
        lead_coffee, assistant_coffee,
        "the same title makes two ids"
    );

    // The lead pulls: no conflict, every item present, the database loads.
    let pull = git(&lead, &["pull", "-q", "origin", "main"]);
    assert!(
        pull.status.success(),
        "{}",
        String::from_utf8_lossy(&pull.stderr)
    );
    let ids = meeting_ids(&lead);
    for id in [&lead_coffee, &assistant_coffee, &side_event] {
        assert!(ids.contains(id), "{id} missing after the merge: {ids:?}");
    }
    let plan = fs::read_to_string(lead.join("plan/ccpcj-36.toml")).unwrap();
    assert!(plan.contains("person = \"esempio\"") && plan.contains("person = \"mustermann\""));
    assert!(plan.contains("mode = \"train\""), "{plan}");
    let check = attache(&lead, &["check"]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    ok(git(&lead, &["push", "-q", "origin", "main"]));

    // A real conflict: both move the same meeting, to different times.
    ok(git(&assistant, &["pull", "-q", "origin", "main"]));
    ok(attache(
        &lead,
        &["meeting", "edit", &side_event, "--move", "60"],
    ));
    commit(&lead, "lead: side event an hour later");
    ok(git(&lead, &["push", "-q", "origin", "main"]));
    ok(attache(
        &assistant,
        &["meeting", "edit", &side_event, "--move", "-60"],
    ));
    commit(&assistant, "assistant: side event an hour earlier");
    let pull = git(&assistant, &["pull", "-q", "origin", "main"]);
    assert!(
        !pull.status.success(),
        "the same field changed twice must conflict"
    );

    let path = assistant.join("plan/ccpcj-36.toml");
    let text = fs::read_to_string(&path).unwrap();
    let open = text.find("<<<<<<< ours").expect("markers around the item");
    let close = text.find(">>>>>>> theirs").unwrap();
    let inside = &text[open..close];
    assert!(inside.contains(&side_event), "{text}");
    // Only that meeting is inside the markers.
    for other in [&lead_coffee, &assistant_coffee] {
        assert!(
            !inside.contains(other.as_str()),
            "{other} is inside the conflict: {text}"
        );
    }
    let check = attache(&assistant, &["check"]);
    assert_eq!(check.status.code(), Some(1));
    let report = String::from_utf8_lossy(&check.stdout);
    let line = text[..open].lines().count() + 1;
    assert!(
        report.contains(&format!("plan/ccpcj-36.toml:{line}:")),
        "check names the marker's line {line}: {report}"
    );

    // Fixed by hand (keep ours): it loads.
    let mid = text.find("=======").unwrap();
    let ours_part = &text[open + "<<<<<<< ours\n".len()..mid];
    let after = &text[close + ">>>>>>> theirs\n".len()..];
    fs::write(&path, format!("{}{ours_part}{after}", &text[..open])).unwrap();
    let check = attache(&assistant, &["check"]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
}

/// `attache init --git` writes the built-in database out ready to share: a repository
/// whose `.toml` files merge through attache and whose backups, our versions of
/// changed files and the lock stay out of it.
#[test]
fn init_git_writes_a_database_ready_to_share() {
    if Command::new("git").arg("--version").output().is_err() {
        panic!("git is needed for this test (CI installs it)");
    }
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    let out = ok(attache(&db, &["init", "--git"]));
    assert!(out.contains("registered the merge driver"), "{out}");
    assert!(db.join(".git").is_dir());
    assert!(
        fs::read_to_string(db.join(".gitattributes"))
            .unwrap()
            .contains("merge=attache")
    );
    let ignore = fs::read_to_string(db.join(".gitignore")).unwrap();
    for line in ["*.bak", "*.mine", ".attache.lock"] {
        assert!(ignore.lines().any(|l| l == line), "{ignore}");
    }
    ok(attache(&db, &["check"]));
}
