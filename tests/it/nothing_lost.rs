//! Data that must never be lost silently: a plan file named after another session,
//! and recovery copies of the built-in database.

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

/// plan/ccpcj-36.toml holding the plan for cnd-70: an edit of either session would
/// make saving write one plan over the other, so both are refused with the file to
/// rename, and nothing is written.
#[test]
fn a_plan_file_named_after_another_session_blocks_edits_of_both() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    crate::fixture::write_sample(&db);
    let misnamed = db.join("plan/ccpcj-36.toml");
    fs::rename(db.join("plan/cnd-70.toml"), &misnamed).unwrap();
    let before = fs::read(&misnamed).unwrap();

    let o = attache(
        &db,
        &["assign", "--session", "ccpcj-36", "--person", "esempio"],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("holds the plan for \"cnd-70\""), "{err}");
    assert!(err.contains("rename it to plan/cnd-70.toml"), "{err}");

    let o = attache(&db, &["meeting", "edit", "cnd70-csu", "--move", "15"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("rename that file to plan/cnd-70.toml"),
        "{err}"
    );

    assert_eq!(fs::read(&misnamed).unwrap(), before, "nothing written");
    assert!(!db.join("plan/cnd-70.toml").exists());
}

/// Copies made while on the built-in database are found again once it has been
/// written out to the data folder.
#[test]
fn the_built_in_database_keeps_its_recovery_folder_after_its_first_save() {
    use attache::store::{DbSource, location, recovery};
    let base = Path::new("/recovery");
    if let Some(data) = location::user_data_dir() {
        assert_eq!(
            recovery::dir_for(base, &DbSource::Embedded),
            recovery::dir_for(base, &DbSource::Dir(data))
        );
    }
}

/// A plan that is a broken link is named as such, and a pipe in place of a plan never
/// hangs a load: both are errors with their fix, at once.
#[test]
fn a_broken_link_and_a_pipe_are_reported_not_waited_on() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    crate::fixture::write_sample(&db);
    std::os::unix::fs::symlink(tmp.path().join("gone.toml"), db.join("plan/linked.toml")).unwrap();
    let fifo = db.join("plan/pipe.toml");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let mut child = Command::new(env!("CARGO_BIN_EXE_attache"))
        .arg("--db")
        .arg(&db)
        .args(["--today", "2026-11-23", "check"])
        .env_remove("ATTACHE_DB")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > std::time::Duration::from_secs(20) {
            child.kill().unwrap();
            panic!("check hung on a pipe");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("plan/linked.toml: it is a link to"), "{text}");
    assert!(text.contains("which does not exist"), "{text}");
    assert!(
        text.contains("plan/pipe.toml: it is not a regular file"),
        "{text}"
    );
}

/// An editor saving the plan again and again while attaché edits it in a loop: every
/// edit of the editor's survives (attaché's save refuses a file changed since it read
/// it, at the last moment, and keeps its own version as .mine). Each editor save
/// appends a numbered line to the file as it then is; at the end every number must
/// be there: a missing one is an edit attaché wrote over.
#[test]
fn an_editor_saving_during_attaches_saves_loses_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    crate::fixture::write_sample(&db);
    let plan = db.join("plan/cnd-70.toml");
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let editor = {
        let (plan, done) = (plan.clone(), done.clone());
        std::thread::spawn(move || {
            for i in 0..40u64 {
                let mut text = fs::read_to_string(&plan).unwrap();
                text.push_str(&format!("# editor {i}\n"));
                let tmp = plan.with_extension("editor-tmp");
                fs::write(&tmp, text).unwrap();
                fs::rename(&tmp, &plan).unwrap();
                std::thread::sleep(std::time::Duration::from_millis(10 + (i * 7) % 40));
            }
            done.store(true, std::sync::atomic::Ordering::SeqCst);
        })
    };
    let (mut saves, mut refused) = (0, 0);
    let mut minutes = 15;
    while !done.load(std::sync::atomic::Ordering::SeqCst) {
        let o = attache(
            &db,
            &[
                "meeting",
                "edit",
                "cnd70-csu",
                "--move",
                &minutes.to_string(),
            ],
        );
        if o.status.success() {
            saves += 1;
            minutes = -minutes;
        } else {
            refused += 1;
            let _ = fs::remove_file(db.join("plan/cnd-70.toml.mine"));
        }
    }
    editor.join().unwrap();
    let text = fs::read_to_string(&plan).unwrap();
    let lost: Vec<u64> = (0..40)
        .filter(|i| !text.contains(&format!("# editor {i}\n")))
        .collect();
    assert!(saves > 0, "attaché saved at least once ({refused} refused)");
    assert!(
        lost.is_empty(),
        "editor saves lost: {lost:?} ({saves} saves, {refused} refused)"
    );
}
