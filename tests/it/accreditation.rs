//! Each delegate's accreditation, step by step: `attache accredit` marks steps as the
//! weeks pass, `attache readiness` says what to do next and by when, `check` warns of
//! a step whose day has passed, and old files with `registered = true` still read.

use std::path::Path;
use std::process::{Command, Output};

use attache::model::{Step, Visa};
use attache::store::{self, DbSource};
use chrono::NaiveDate;

use crate::fixture;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn attache(db: &Path, today: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_attache"))
        .arg("--db")
        .arg(db)
        .args(["--today", today, "--now", "2026-11-30T09:00:00Z"])
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

fn ok(o: Output) -> String {
    assert!(o.status.success(), "{}", text(&o));
    text(&o)
}

fn delegate(db: &Path, person: &str) -> attache::model::Delegate {
    let loaded = store::load(&DbSource::Dir(db.into()), day("2026-11-30"));
    assert!(!loaded.diagnostics.has_errors(), "{:?}", loaded.diagnostics);
    loaded.db.plans["cnd-70"].delegate(person).unwrap().clone()
}

/// The sample's plan has `registered = true` from before the steps: it reads as the
/// step, and implies the Indico account.
#[test]
fn registered_true_in_an_old_file_reads_as_the_step() {
    let loaded = fixture::load_sample(day("2026-11-30"));
    let d = loaded.db.plans["cnd-70"].delegate("esempio").unwrap();
    assert!(d.registered());
    assert!(d.accreditation.is_done(Step::Registered));
    let r =
        attache::planning::readiness::readiness(&loaded.db, "cnd-70", day("2026-11-30")).unwrap();
    let p = r.people.iter().find(|p| p.person == "esempio").unwrap();
    let account = p.steps.iter().find(|s| s.step == "indico-account").unwrap();
    assert!(account.done, "a registered delegate has an account");
}

/// A delegate from Albania who needs a visa, followed week by week.
#[test]
fn a_delegate_who_needs_a_visa_week_by_week() {
    let dir = tempfile::tempdir().unwrap();
    fixture::write_sample(dir.path());
    let db = dir.path();
    let s = ["--session", "cnd-70", "--person", "shembulli"];
    ok(attache(
        db,
        "2026-11-30",
        &[
            &["accredit"][..],
            &s,
            &["--step", "visa", "--state", "needed"],
        ]
        .concat(),
    ));
    let out = ok(attache(
        db,
        "2026-11-30",
        &["readiness", "--session", "cnd-70"],
    ));
    assert!(
        out.contains("apply for the visa (or ETIAS) by 2027-01-11 (in 42 days)"),
        "{out}"
    );
    assert!(
        out.contains("visa              needed  apply by 2027-01-11"),
        "{out}"
    );
    // Weeks later, not applied yet: check warns, with the command that fixes it.
    let late = ok(attache(db, "2027-01-15", &["check"]));
    assert!(
        late.contains("Arbër Shembulli (shembulli) for \"cnd-70\" is late: apply for the visa"),
        "{late}"
    );
    assert!(late.contains("--step visa --state applied"), "{late}");
    ok(attache(
        db,
        "2027-01-15",
        &[
            &["accredit"][..],
            &s,
            &["--step", "visa", "--state", "applied", "--on", "2027-01-15"],
        ]
        .concat(),
    ));
    let d = delegate(db, "shembulli");
    assert_eq!(
        (d.accreditation.visa, d.accreditation.visa_on),
        (Visa::Applied, Some(day("2027-01-15")))
    );
    let out = ok(attache(
        db,
        "2027-01-15",
        &["readiness", "--session", "cnd-70", "--format", "json"],
    ));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let p = json["sessions"][0]["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["person"] == "shembulli")
        .unwrap()
        .clone();
    assert_eq!(p["visa"], "applied");
    assert!(
        p["todo"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["what"] == "wait for the visa, and chase it")
    );
    // Each step: done on a day, then undone again.
    ok(attache(
        db,
        "2027-01-20",
        &[
            &["accredit"][..],
            &s,
            &["--step", "letter-listed", "--on", "2027-01-20"],
        ]
        .concat(),
    ));
    assert_eq!(
        delegate(db, "shembulli")
            .accreditation
            .done
            .get(&Step::LetterListed),
        Some(&Some(day("2027-01-20")))
    );
    ok(attache(
        db,
        "2027-01-20",
        &[
            &["accredit"][..],
            &s,
            &["--step", "letter-listed", "--undone"],
        ]
        .concat(),
    ));
    assert!(
        !delegate(db, "shembulli")
            .accreditation
            .is_done(Step::LetterListed)
    );
    // The visa granted: nothing about it is left to do.
    ok(attache(
        db,
        "2027-02-01",
        &[
            &["accredit"][..],
            &s,
            &["--step", "visa", "--state", "granted", "--on", "2027-02-01"],
        ]
        .concat(),
    ));
    let out = ok(attache(
        db,
        "2027-02-01",
        &["readiness", "--session", "cnd-70"],
    ));
    assert!(!out.contains("wait for the visa"), "{out}");
    // And the file says it in words a person can read.
    let file = std::fs::read_to_string(db.join("plan/cnd-70.toml")).unwrap();
    assert!(file.contains("\nvisa = \"granted\"\n"), "{file}");
    assert!(file.contains("\nvisa_on = 2027-02-01\n"), "{file}");
}

#[test]
fn a_step_that_does_not_exist_is_refused_with_the_names() {
    let dir = tempfile::tempdir().unwrap();
    fixture::write_sample(dir.path());
    let o = attache(
        dir.path(),
        "2026-11-30",
        &[
            "accredit",
            "--session",
            "cnd-70",
            "--person",
            "esempio",
            "--step",
            "aproved",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("unknown step \"aproved\": did you mean \"approved\"?"),
        "{}",
        text(&o)
    );
    let o = attache(
        dir.path(),
        "2026-11-30",
        &[
            "accredit",
            "--session",
            "cnd-70",
            "--person",
            "esempio",
            "--step",
            "visa",
            "--state",
            "maybe",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("not-needed, needed, applied, granted"),
        "{}",
        text(&o)
    );
}

#[test]
fn a_visa_date_after_the_session_and_a_step_of_the_wrong_type_are_reported() {
    let check_with = |added: &str| {
        let dir = tempfile::tempdir().unwrap();
        fixture::write_sample(dir.path());
        let plan = dir.path().join("plan/cnd-70.toml");
        let t = std::fs::read_to_string(&plan).unwrap();
        let t = t.replacen(
            "registered = true",
            &format!("registered = true\n{added}"),
            1,
        );
        std::fs::write(&plan, t).unwrap();
        let o = attache(dir.path(), "2026-11-30", &["check"]);
        (o.status.code(), text(&o))
    };
    let (code, out) = check_with("approved = \"yes\"");
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("true, false or a date"), "{out}");
    assert!(out.contains("plan/cnd-70.toml:"), "{out}");
    let (code, out) = check_with("visa = \"applied\"\nvisa_on = 2027-04-01");
    assert_eq!(code, Some(0), "a warning: {out}");
    assert!(
        out.contains(
            "visa date of delegate \"esempio\" (2027-04-01) is after the session ends (2027-03-12)"
        ),
        "{out}"
    );
}

/// Readiness on the default data tells a lead, person by person, what to do next.
#[test]
fn readiness_on_the_default_data() {
    let home = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_attache"))
        .args(["readiness", "--session", "cnd-70", "--today", "2026-11-30"])
        .env_remove("ATTACHE_DB")
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("data"))
        .output()
        .unwrap();
    let out = ok(o);
    assert!(
        out.starts_with("Readiness for cnd-70 as of 2026-11-30\nNext deadline: "),
        "{out}"
    );
    assert!(out.matches("  next: ").count() >= 5, "{out}");
}

/// Deadlines are calendar items with a reminder: the visa application day of a
/// delegate who needs one, the body's windows, the letter; a registration done has
/// no reminder.
#[test]
fn deadlines_are_in_the_calendar_with_a_reminder() {
    let dir = tempfile::tempdir().unwrap();
    fixture::write_sample(dir.path());
    let db = dir.path();
    let s = ["--session", "cnd-70", "--person", "shembulli"];
    ok(attache(
        db,
        "2026-11-30",
        &[
            &["accredit"][..],
            &s,
            &["--step", "visa", "--state", "needed"],
        ]
        .concat(),
    ));
    let ics = db.join("s.ics");
    let path = ics.to_str().unwrap();
    ok(attache(
        db,
        "2026-11-30",
        &[
            "export",
            "--session",
            "cnd-70",
            "--person",
            "shembulli",
            "--format",
            "ics",
            "-o",
            path,
        ],
    ));
    let text = std::fs::read_to_string(&ics).unwrap().replace("\r\n ", "");
    let event = |summary: &str| {
        text.split("BEGIN:VEVENT")
            .find(|e| e.contains(summary))
            .unwrap_or_else(|| panic!("no {summary} in {text}"))
            .to_string()
    };
    let visa = event("SUMMARY:Deadline: visa application");
    assert!(visa.contains("DTSTART;VALUE=DATE:20270111"), "{visa}");
    assert!(
        visa.contains("BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-P3D"),
        "{visa}"
    );
    let letter = event("SUMMARY:Deadline: nomination letter");
    assert!(letter.contains("TRIGGER:-P3D"), "{letter}");
    let registered = event("SUMMARY:Deadline: Indico registration (done)");
    assert!(!registered.contains("VALARM"), "{registered}");
    // Granted: the visa's day leaves the calendar.
    ok(attache(
        db,
        "2026-12-20",
        &[
            &["accredit"][..],
            &s,
            &["--step", "visa", "--state", "granted"],
        ]
        .concat(),
    ));
    ok(attache(
        db,
        "2026-12-20",
        &[
            "export",
            "--session",
            "cnd-70",
            "--person",
            "shembulli",
            "--format",
            "ics",
            "-o",
            path,
        ],
    ));
    assert!(
        !std::fs::read_to_string(&ics)
            .unwrap()
            .contains("visa application")
    );
}
