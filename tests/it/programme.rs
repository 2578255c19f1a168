//! The official programme from the shell: import a downloaded timetable, pick who
//! attends what, re-import a newer copy and hear what changed, see attended items in
//! itineraries and clash checks (issue: "The official programme, offline").

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn attache(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_attache"))
        .arg("--db")
        .arg(db)
        // The clock is an input: edits stamp the time they are made at.
        .args(["--today", "2026-11-30", "--now", "2026-11-30T10:00:00Z"])
        .args(args)
        .env_remove("ATTACHE_DB")
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn out(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn ok(o: Output) -> String {
    let (stdout, stderr) = out(&o);
    assert!(o.status.success(), "{stdout}{stderr}");
    stdout + &stderr
}

fn programme(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/programme")
        .join(name)
        .display()
        .to_string()
}

fn db() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    crate::fixture::write_sample(&db);
    (tmp, db)
}

/// The id of the programme item titled `title`, from `attache programme --format json`.
fn item_id(db: &Path, title: &str) -> String {
    let json = ok(attache(
        db,
        &["programme", "--session", "cnd-70", "--format", "json"],
    ));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["title"] == title)
        .unwrap_or_else(|| panic!("no item {title} in {json}"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn import_attend_reimport_and_hear_what_changed() {
    let (_tmp, db) = db();
    let first = ok(attache(
        &db,
        &[
            "import",
            &programme("cnd-70-indico.ics"),
            "--session",
            "cnd-70",
        ],
    ));
    assert!(
        first.contains("imported the programme of cnd-70"),
        "{first}"
    );
    assert!(first.contains("(iCalendar): 9 added"), "{first}");
    assert!(first.contains("spans 5 days"), "{first}");
    assert!(
        first.contains("left out 1 item outside the session's days"),
        "{first}"
    );
    let medicines = item_id(&db, "Side event: Access to controlled medicines");
    let consultations = item_id(&db, "Informal consultations on draft resolutions");
    for item in [&medicines, &consultations] {
        ok(attache(
            &db,
            &[
                "attend",
                "--session",
                "cnd-70",
                "--item",
                item,
                "--person",
                "esempio",
            ],
        ));
    }
    // The newer copy: one side event moved by two hours, the consultations gone, a
    // new side event.
    let again = ok(attache(
        &db,
        &[
            "import",
            &programme("cnd-70-indico-v2.ics"),
            "--session",
            "cnd-70",
        ],
    ));
    assert!(
        again.contains("1 added, 1 moved, 1 gone but kept (attended), 7 unchanged"),
        "{again}"
    );
    assert!(
        again.contains("Wed 10 Mar 13:00–14:00 → Wed 10 Mar 15:00–16:00 (attended by esempio)"),
        "{again}"
    );
    assert!(
        again.contains("\"Side event: Alternative development\""),
        "{again}"
    );
    assert!(again.contains("kept in the plan as cancelled"), "{again}");
    // check tells the lead whom to tell, with the fix.
    let check = String::from_utf8_lossy(&attache(&db, &["check"]).stdout).into_owned();
    assert!(check.contains("\"Side event: Access to controlled medicines\" of the official programme, which Marco Esempio attends, moved from Wed 10 Mar 13:00 to Wed 10 Mar 15:00"), "{check}");
    assert!(
        check.contains(&format!(
            "attache attend --session cnd-70 --item {medicines} --ack"
        )),
        "{check}"
    );
    assert!(check.contains("\"Informal consultations on draft resolutions\" of the official programme, which Marco Esempio attends, is cancelled or no longer in the programme"), "{check}");
    // Acknowledged, the move is no longer a warning; the attendee stays.
    ok(attache(
        &db,
        &[
            "attend",
            "--session",
            "cnd-70",
            "--item",
            &medicines,
            "--ack",
        ],
    ));
    let check = String::from_utf8_lossy(&attache(&db, &["check"]).stdout).into_owned();
    assert!(!check.contains("moved from Wed 10 Mar 13:00"), "{check}");
    let list = ok(attache(
        &db,
        &["programme", "--session", "cnd-70", "--day", "2027-03-10"],
    ));
    assert!(
        list.contains("15:00–16:00") && list.contains("Marco Esempio"),
        "{list}"
    );
    assert!(!list.contains("Tuesday"), "only the day asked for: {list}");
    // Importing the same copy again changes nothing and writes nothing.
    let same = ok(attache(
        &db,
        &[
            "import",
            &programme("cnd-70-indico-v2.ics"),
            "--session",
            "cnd-70",
        ],
    ));
    assert!(same.contains(": 10 unchanged"), "{same}");
    assert!(!same.contains("wrote"), "{same}");
}

#[test]
fn attended_items_are_in_itineraries_and_clash_checks_and_the_rest_are_not() {
    let (_tmp, db) = db();
    ok(attache(
        &db,
        &[
            "import",
            &programme("cnd-70-indico.ics"),
            "--session",
            "cnd-70",
        ],
    ));
    let harm = item_id(&db, "Side event: Harm reduction in prisons");
    // esempio already meets the VNGOC at 13:00 on Tuesday: attending says so at once.
    let said = ok(attache(
        &db,
        &[
            "attend",
            "--session",
            "cnd-70",
            "--item",
            &harm,
            "--person",
            "esempio",
        ],
    ));
    assert!(said.contains("esempio attends"), "{said}");
    assert!(
        said.contains("warning: esempio is in two meetings at once") && said.contains(&harm),
        "{said}"
    );
    let ics = ok(attache(
        &db,
        &[
            "export",
            "--session",
            "cnd-70",
            "--person",
            "esempio",
            "--format",
            "ics",
        ],
    ));
    assert!(
        ics.contains("SUMMARY:Side event: Harm reduction in prisons"),
        "{ics}"
    );
    assert!(
        !ics.contains("Access to controlled medicines"),
        "not attended: {ics}"
    );
    let md = ok(attache(
        &db,
        &[
            "export",
            "--session",
            "cnd-70",
            "--person",
            "esempio",
            "--format",
            "md",
        ],
    ));
    assert!(md.contains("Harm reduction in prisons"), "{md}");
    // Nobody else goes: the whole delegation's export has no unattended item.
    let all = ok(attache(
        &db,
        &["export", "--session", "cnd-70", "--format", "csv"],
    ));
    assert!(
        all.contains("Harm reduction") && !all.contains("Civil society hearing"),
        "{all}"
    );
    // Taking them off resolves the clash.
    let off = ok(attache(
        &db,
        &[
            "attend",
            "--session",
            "cnd-70",
            "--item",
            &harm,
            "--person",
            "esempio",
            "--remove",
        ],
    ));
    assert!(
        off.contains("resolved: esempio is in two meetings at once"),
        "{off}"
    );
}

#[test]
fn a_bad_file_is_refused_whole_with_its_line_and_nothing_is_written() {
    let (tmp, db) = db();
    let plan = fs::read(db.join("plan/cnd-70.toml")).unwrap();
    let bad = tmp.path().join("programme.ics");
    fs::write(
        &bad,
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Fine\r\nUID:a\r\nDTSTART:20270309T120000Z\r\nDTEND:20270309T130000Z\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Broken\r\nUID:b\r\nDTSTART;TZID=Europe/Viena:20270309T130000\r\nDTEND:20270309T130000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    )
    .unwrap();
    let o = attache(
        &db,
        &["import", bad.to_str().unwrap(), "--session", "cnd-70"],
    );
    let (stdout, stderr) = out(&o);
    assert_eq!(o.status.code(), Some(2), "{stdout}{stderr}");
    assert!(
        stderr.contains("the time zone \"Europe/Viena\" of DTSTART does not exist"),
        "{stderr}"
    );
    assert!(stderr.contains("programme.ics:11:1"), "{stderr}");
    assert!(stderr.contains("nothing was imported"), "{stderr}");
    assert_eq!(fs::read(db.join("plan/cnd-70.toml")).unwrap(), plan);
    // An unknown session, and a dry run: nothing written either.
    let o = attache(
        &db,
        &["import", &programme("cnd-70.csv"), "--session", "cnd-77"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(out(&o).1.contains("did you mean"), "{:?}", out(&o));
    let dry = ok(attache(
        &db,
        &[
            "import",
            &programme("cnd-70.csv"),
            "--session",
            "cnd-70",
            "--dry-run",
        ],
    ));
    assert!(
        dry.contains("would import") && dry.contains("3 added") && dry.contains("dry run"),
        "{dry}"
    );
    assert_eq!(fs::read(db.join("plan/cnd-70.toml")).unwrap(), plan);
}

/// Two people who import the same programme in their own copies make the same
/// meetings, so that git merges them as one.
#[test]
fn the_same_programme_imported_twice_makes_the_same_file() {
    let (_a, one) = db();
    let (_b, two) = db();
    for db in [&one, &two] {
        ok(attache(
            db,
            &[
                "import",
                &programme("cnd-70-google.ics"),
                "--session",
                "cnd-70",
            ],
        ));
    }
    assert_eq!(
        fs::read_to_string(one.join("plan/cnd-70.toml")).unwrap(),
        fs::read_to_string(two.join("plan/cnd-70.toml")).unwrap()
    );
    let json = ok(attache(
        &one,
        &[
            "import",
            &programme("cnd-70-google.ics"),
            "--session",
            "cnd-70",
            "--format",
            "json",
        ],
    ));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["schema"], "attache-import");
    assert_eq!(v["unchanged"], 2);
}

/// A meeting away from the venue (a Permanent Mission) is at its own address in every
/// itinerary and calendar, never at the venue's; its place is no room of the venue to
/// warn about, and its link is given.
#[test]
fn a_meeting_away_from_the_venue_is_at_its_own_address() {
    let (_tmp, db) = db();
    let said = ok(attache(
        &db,
        &[
            "meeting",
            "add",
            "--session",
            "cnd-70",
            "--title",
            "Lunch at the mission",
            "--start",
            "2027-03-10 12:00",
            "--minutes",
            "60",
            "--attendee",
            "mustermann",
            "--place",
            "Permanent Mission of Germany",
            "--address",
            "Wagramer Strasse 14, 1220 Vienna",
        ],
    ));
    assert!(!said.contains("is not a room of venue"), "{said}");
    let export = |format: &str| {
        ok(attache(
            &db,
            &[
                "export",
                "--session",
                "cnd-70",
                "--person",
                "mustermann",
                "--format",
                format,
            ],
        ))
    };
    let ics = export("ics").replace("\r\n ", "");
    let event = &ics[ics.find("SUMMARY:Lunch at the mission").expect(&ics)..];
    let event = &event[..event.find("END:VEVENT").unwrap()];
    assert!(
        ics.contains("LOCATION:Permanent Mission of Germany\\, Wagramer Strasse 14\\, 1220 Vienna"),
        "{ics}"
    );
    assert!(!event.contains("Vienna International Centre"), "{event}");
    let md = export("md");
    assert!(
        md.contains("Permanent Mission of Germany, Wagramer Strasse 14, 1220 Vienna"),
        "{md}"
    );
    let agenda = ok(attache(
        &db,
        &["agenda", "--day", "2027-03-10", "--person", "mustermann"],
    ));
    assert!(
        agenda.contains("[Permanent Mission of Germany, Wagramer Strasse 14, 1220 Vienna]"),
        "{agenda}"
    );
}
