//! A calendar that stays true: `attache check` warns of past sessions still tentative
//! and of tentative ones opening soon; `attache session add|edit|confirm` change
//! `sessions.toml` line by line; the Sessions screen confirms a session; and the
//! shipped calendar is up to date.

use std::path::Path;
use std::process::{Command, Output};

use attache::model::SessionStatus;
use attache::planning::checks::{self, FindingKind};
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

/// The calendar findings of the sample as of `today`, as (kind, session).
fn calendar(today: &str) -> Vec<(FindingKind, String)> {
    let loaded = fixture::load_sample(day(today));
    checks::check(&loaded.db, day(today))
        .into_iter()
        .filter(|f| {
            matches!(
                f.kind,
                FindingKind::PastTentative | FindingKind::TentativeSoon | FindingKind::Tentative
            )
        })
        .map(|f| (f.kind, f.session.to_string()))
        .collect()
}

#[test]
fn a_tentative_session_is_a_warning_when_past_or_within_60_days() {
    let found = calendar("2026-11-30");
    let of = |id: &str| found.iter().find(|(_, s)| s == id).map(|(k, _)| *k);
    // Over, never confirmed.
    assert_eq!(of("ccpcj-35"), Some(FindingKind::PastTentative));
    assert_eq!(of("cop-untoc-13"), Some(FindingKind::PastTentative));
    // Opens in 3 days.
    assert_eq!(of("cnd-69-reconvened"), Some(FindingKind::TentativeSoon));
    // Planned, more than 60 days ahead: the old reminder before booking travel.
    assert_eq!(of("cnd-70"), Some(FindingKind::Tentative));
    // Neither planned nor near: nothing to say yet.
    assert_eq!(of("cnd-71"), None);
    // Confirmed sessions are never named.
    assert_eq!(of("cnd-69"), None);
    // 60 days before cnd-70 opens (2027-03-08) it needs confirming; 61 days before, not yet.
    let soon = |today: &str| {
        calendar(today)
            .into_iter()
            .any(|(k, s)| k == FindingKind::TentativeSoon && s == "cnd-70")
    };
    assert!(soon("2027-01-07"));
    assert!(!soon("2027-01-06"));
}

#[test]
fn check_tells_how_to_confirm() {
    let dir = tempfile::tempdir().unwrap();
    fixture::write_sample(dir.path());
    let o = attache(dir.path(), "2026-11-30", &["check"]);
    assert!(o.status.success(), "{}", text(&o));
    let out = text(&o);
    assert!(
        out.contains("\"ccpcj-35\" ended on 2026-05-22 and is still tentative"),
        "{out}"
    );
    assert!(
        out.contains("attache session confirm ccpcj-35 --source"),
        "{out}"
    );
    assert!(
        out.contains("\"cnd-69-reconvened\" opens in 3 days"),
        "{out}"
    );
    assert!(
        out.contains("confirm the dates on the official page"),
        "{out}"
    );
}

#[test]
fn confirming_a_session_changes_only_its_lines() {
    let dir = tempfile::tempdir().unwrap();
    fixture::write_sample(dir.path());
    let file = dir.path().join("sessions.toml");
    let before = std::fs::read_to_string(&file).unwrap();
    let o = attache(
        dir.path(),
        "2026-11-30",
        &[
            "session",
            "confirm",
            "ccpcj-35",
            "--source",
            "UNODC CCPCJ page",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("resolved: \"ccpcj-35\" ended"),
        "{}",
        text(&o)
    );
    let after = std::fs::read_to_string(&file).unwrap();
    // Its status line goes (confirmed is the default) and its source is replaced:
    // nothing else of the file changes.
    let at = before.find("id = \"ccpcj-35\"").unwrap();
    let status = at + before[at..].find("status = \"tentative\"\n").unwrap();
    let line_end = |from: usize| from + before[from..].find('\n').unwrap() + 1;
    let source_end = line_end(line_end(status));
    let expected = format!(
        "{}source = \"UNODC CCPCJ page\"\n{}",
        &before[..status],
        &before[source_end..]
    );
    assert_eq!(after, expected);
    // The comments at the top of the file are all still there.
    assert!(after.starts_with("# attaché sample database: UN sessions"));
    let loaded = attache::store::load(
        &attache::store::DbSource::Dir(dir.path().into()),
        day("2026-11-30"),
    );
    assert!(!loaded.diagnostics.has_errors());
    assert_eq!(
        loaded.db.sessions["ccpcj-35"].status,
        SessionStatus::Confirmed
    );
}

#[test]
fn sessions_are_added_and_moved_and_bad_ones_refused() {
    let dir = tempfile::tempdir().unwrap();
    fixture::write_sample(dir.path());
    let db = dir.path();
    let add = [
        "session",
        "add",
        "ccpcj-35-thematic",
        "--body",
        "CCPCJ",
        "--title",
        "CCPCJ thematic discussions",
        "--kind",
        "thematic",
        "--start",
        "2026-12-09",
        "--end",
        "2026-12-11",
        "--source",
        "inferred: yearly in November or December",
    ];
    let o = attache(db, "2026-11-30", &add);
    assert!(o.status.success(), "{}", text(&o));
    // Tentative, and opening within 60 days: said at once.
    assert!(text(&o).contains("opens in 9 days"), "{}", text(&o));
    let o = attache(db, "2026-11-30", &add);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("already a session"), "{}", text(&o));
    // Moving the start keeps the length.
    let o = attache(
        db,
        "2026-11-30",
        &[
            "session",
            "edit",
            "ccpcj-35-thematic",
            "--start",
            "2026-12-14",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let loaded = attache::store::load(&attache::store::DbSource::Dir(db.into()), day("2026-11-30"));
    let s = &loaded.db.sessions["ccpcj-35-thematic"];
    assert_eq!((s.start, s.end), (day("2026-12-14"), day("2026-12-16")));
    assert_eq!(s.status, SessionStatus::Tentative);
    // The loader's own words for what would not load.
    let o = attache(
        db,
        "2026-11-30",
        &["session", "edit", "cnd-70", "--end", "2027-03-01"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("ends (2027-03-01) before it starts"),
        "{}",
        text(&o)
    );
    let o = attache(
        db,
        "2026-11-30",
        &[
            "session",
            "add",
            "x-1",
            "--body",
            "CND",
            "--title",
            "X",
            "--venue",
            "vix",
            "--start",
            "2027-01-04",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("did you mean \"vic\""), "{}", text(&o));
    let o = attache(db, "2026-11-30", &["session", "confirm", "cnd-7O"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("unknown session"), "{}", text(&o));
}

#[test]
fn a_limit_of_zero_and_a_deadline_after_the_opening_are_reported_at_their_line() {
    let dir = tempfile::tempdir().unwrap();
    fixture::write_sample(dir.path());
    let file = dir.path().join("sessions.toml");
    let text_before = std::fs::read_to_string(&file).unwrap();
    let edited = text_before.replacen(
        "registration_deadline = 2027-02-15",
        "registration_deadline = 2027-03-15\nmax_delegates = 0",
        1,
    );
    assert_ne!(edited, text_before);
    std::fs::write(&file, edited).unwrap();
    let o = attache(dir.path(), "2026-11-30", &["check"]);
    assert_eq!(o.status.code(), Some(1));
    let out = text(&o);
    assert!(
        out.contains("accepts no delegates (max_delegates = 0)"),
        "{out}"
    );
    assert!(out.contains("sessions.toml:"), "{out}");
    assert!(
        out.contains(
            "registration deadline of session \"cnd-70\" (2027-03-15) is after its opening"
        ),
        "{out}"
    );
}

/// The shipped calendar itself: every session to come is either confirmed with a
/// source, or tentative with the pattern it was inferred from; the joint CND/CCPCJ
/// meeting is on the first reconvened day; the missing recurring meetings are there.
#[test]
fn the_shipped_calendar_is_up_to_date() {
    let today = day("2026-11-30");
    let loaded = attache::store::load(&attache::store::DbSource::Embedded, today);
    assert!(!loaded.diagnostics.has_errors());
    let db = &loaded.db;
    for s in db.sessions.values().filter(|s| s.is_upcoming(today)) {
        let source = s.source.as_deref().unwrap_or("");
        assert!(!source.is_empty(), "{} has no source", s.id);
        if s.status == SessionStatus::Tentative {
            assert!(source.starts_with("inferred"), "{}: {source}", s.id);
        }
    }
    let joint = &db.sessions["cnd-ccpcj-joint-2026"];
    assert_eq!(joint.start, db.sessions["cnd-69-reconvened"].start);
    for past in ["ccpcj-33-reconvened", "ccpcj-34-reconvened"] {
        assert_eq!(db.sessions[past].status, SessionStatus::Confirmed, "{past}");
    }
    let kinds: Vec<&str> = db.sessions.keys().map(|k| k.as_str()).collect();
    for id in [
        "ccpcj-35-thematic",
        "untoc-constructive-dialogue-2027-07",
        "untoc-environment-expert-group-2",
        "uncac-irg-ngo-briefing-2027",
    ] {
        assert!(kinds.contains(&id), "{id} is missing");
    }
}
