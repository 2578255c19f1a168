//! `attache travel` and `attache stay` from a script: added to the plan file, checked,
//! refused with a clear message when a time has no zone.

use std::process::Command;

use crate::fixture;

fn attache(db: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_attache"))
        .arg("--db")
        .arg(db)
        .args(["--today", "2026-11-23"])
        .args(args)
        .env_remove("ATTACHE_DB")
        .output()
        .unwrap()
}

fn text(o: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn journeys_and_hotels_are_added_checked_and_removed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    fixture::write_sample(&db);
    let assign = [
        "assign",
        "--session",
        "ccpcj-36",
        "--person",
        "esempio",
        "--role",
        "head",
    ];
    let o = attache(
        &db,
        &[
            &assign[..],
            &["--arrive", "2027-05-09", "--depart", "2027-05-14"],
        ]
        .concat(),
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = attache(
        &db,
        &[
            "travel",
            "add",
            "--session",
            "ccpcj-36",
            "--person",
            "esempio",
            "--mode",
            "flight",
            "--from",
            "Rome FCO",
            "--to",
            "Vienna VIE",
            "--depart",
            "2027-05-09 10:05",
            "--depart-tz",
            "Europe/Rome",
            "--arrive",
            "2027-05-09T11:40+02:00",
            "--ref",
            "ABC123",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("added flight travel for esempio: Rome FCO to Vienna VIE"));
    let o = attache(
        &db,
        &[
            "stay",
            "add",
            "--session",
            "ccpcj-36",
            "--person",
            "esempio",
            "--name",
            "Hotel Example",
            "--check-in",
            "2027-05-09",
            "--check-out",
            "2027-05-12",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let plan = std::fs::read_to_string(db.join("plan/ccpcj-36.toml")).unwrap();
    assert!(
        plan.contains("depart = 2027-05-09T10:05:00\ndepart_tz = \"Europe/Rome\"\n"),
        "{plan}"
    );
    assert!(
        plan.contains("arrive = 2027-05-09T11:40:00+02:00\n"),
        "{plan}"
    );
    assert!(
        plan.contains("[[stay]]\nid = \"esempio-stay-2027-05-09\"\nperson = \"esempio\"\nname = \"Hotel Example\"\n"),
        "{plan}"
    );
    // Two nights are not covered: the check says which.
    let o = attache(&db, &["check"]);
    assert!(text(&o).contains("esempio has no hotel for the nights of 2027-05-12 to 2027-05-13"));
    // The listing shows the id that removes it.
    let o = attache(&db, &["stay", "list", "--session", "ccpcj-36"]);
    assert!(
        text(&o).starts_with("esempio-stay-2027-05-09  esempio  Hotel Example"),
        "{}",
        text(&o)
    );
    let o = attache(
        &db,
        &[
            "stay",
            "rm",
            "--session",
            "ccpcj-36",
            "esempio-stay-2027-05-10",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "an unknown id: could not run");
    assert!(
        text(&o).contains("did you mean \"esempio-stay-2027-05-09\"?"),
        "{}",
        text(&o)
    );
    let o = attache(
        &db,
        &[
            "stay",
            "rm",
            "--session",
            "ccpcj-36",
            "esempio-stay-2027-05-09",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let plan = std::fs::read_to_string(db.join("plan/ccpcj-36.toml")).unwrap();
    assert!(!plan.contains("[[stay]]"), "{plan}");
}

#[test]
fn a_local_time_without_a_zone_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    fixture::write_sample(&db);
    let o = attache(
        &db,
        &[
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
            "2027-03-07T08:00",
            "--arrive",
            "2027-03-07T09:00+01:00",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("--depart 2027-03-07T08:00 is a local time: add --depart-tz"),
        "{}",
        text(&o)
    );
}
