//! The iCalendar export read by real clients: calcurse imports it and shows each
//! meeting at the venue's time in any zone of the reader, and Python's `icalendar`
//! parses every event with the times, UIDs and stamps calendars need.
//!
//! Both tools are installed by `.ci/run`; where one is missing the test says so and
//! passes, except in CI (`CI` set), where a missing tool is a failure.

use std::path::Path;
use std::process::Command;

fn available(tool: &str, probe: &[&str]) -> bool {
    let ok = Command::new(tool)
        .args(probe)
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "{tool} is needed for this test in CI (.ci/run installs it)"
        );
        eprintln!("skipped: {tool} is not installed");
    }
    ok
}

/// The delegation's iCalendar export of the tests' database, written into `dir`.
fn export(dir: &Path) -> std::path::PathBuf {
    let out = dir.join("cnd-70.ics");
    let status = Command::new(env!("CARGO_BIN_EXE_attache"))
        .arg("--db")
        .arg(crate::fixture::sample_dir())
        .args([
            "--today",
            "2026-11-30",
            "-q",
            "export",
            "--session",
            "cnd-70",
            "--format",
            "ics",
            "-o",
        ])
        .arg(&out)
        .env_remove("ATTACHE_DB")
        .status()
        .unwrap();
    assert!(status.success());
    out
}

/// One day of calcurse's agenda, for a reader in `tz`.
fn calcurse_day(store: &Path, tz: &str, day: &str) -> String {
    let out = Command::new("calcurse")
        .arg("-D")
        .arg(store)
        .args(["--input-datefmt", "4", "-Q", "--from", day, "--days", "1"])
        .args(["--format-apt", " - %S -> %E %m\\n"])
        .env("TZ", tz)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Import the file into a calcurse store of its own, as a reader in `tz` would
/// (calcurse keeps times as the reader's local times), and return one day.
fn calcurse_import(dir: &Path, ics: &Path, tz: &str, day: &str) -> String {
    let store = dir.join(format!("calcurse-{}", tz.replace('/', "-")));
    std::fs::create_dir_all(&store).unwrap();
    let import = Command::new("calcurse")
        .arg("-D")
        .arg(&store)
        .arg("-i")
        .arg(ics)
        .env("TZ", tz)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&import.stdout);
    assert!(import.status.success(), "{report}");
    assert!(
        report.contains("0 skipped"),
        "calcurse skipped events: {report}"
    );
    calcurse_day(&store, tz, day)
}

#[test]
fn calcurse_imports_every_event_at_its_time_in_any_zone() {
    if !available("calcurse", &["--version"]) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let ics = export(tmp.path());
    // The speaking slot is at 13:00 in Vienna: 07:00 for a reader in New York.
    let vienna = calcurse_import(tmp.path(), &ics, "Europe/Vienna", "2027-03-09");
    assert!(
        vienna.contains(" - 13:00 -> 14:00 Speaking slot for the NGO statement"),
        "{vienna}"
    );
    let new_york = calcurse_import(tmp.path(), &ics, "America/New_York", "2027-03-09");
    assert!(
        new_york.contains(" - 07:00 -> 08:00 Speaking slot for the NGO statement"),
        "{new_york}"
    );
}

#[test]
fn python_icalendar_reads_every_event_with_its_uid_stamp_and_times() {
    if !available("python3", &["-c", "import icalendar"]) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let ics = export(tmp.path());
    let script = r#"
import sys, icalendar
from datetime import timezone
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
uids = []
for e in cal.walk("VEVENT"):
    for key in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
        assert key in e, (key, e.get("SUMMARY"))
    uids.append(str(e["UID"]))
    start = e.decoded("DTSTART")
    if hasattr(start, "tzinfo") and start.tzinfo is not None:
        start = start.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M")
    print(str(e["UID"]), start, str(e["SUMMARY"]), sep="\t")
assert len(uids) == len(set(uids)), "duplicate UIDs"
print("events", len(uids))
"#;
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(&ics)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let events = std::fs::read_to_string(&ics)
        .unwrap()
        .matches("BEGIN:VEVENT")
        .count();
    assert!(text.contains(&format!("events {events}")), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("cnd70-vngoc@attache\t2027-03-09T12:00\t")),
        "the 13:00 Vienna meeting is 12:00 UTC: {text}"
    );
}
