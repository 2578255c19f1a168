//! Guards against quadratic growth, by counting work rather than timing it (timings
//! belong to `cargo bench`): ten times the meetings may cost about ten times the
//! comparisons, never a hundred.

use crate::generator;

use attache::model::{Meeting, MeetingKind, MeetingStatus};
use attache::planning::analysis::Work;
use attache::planning::{checks, ops};
use attache::store::{self, DbSource, RawFile};
use attache::workspace::Workspace;
use chrono::NaiveDate;

fn comparisons(meetings: usize) -> (usize, usize) {
    let shape = generator::Shape {
        people: 500,
        ..generator::Shape::with_meetings(meetings)
    };
    let files = generator::files(shape)
        .into_iter()
        .map(|(path, text)| RawFile {
            path: path.into(),
            bytes: text.into_bytes(),
        })
        .collect();
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let loaded = store::load_files(DbSource::Embedded, files, today);
    assert!(
        !loaded.diagnostics.has_errors(),
        "{}",
        loaded.diagnostics.render(&loaded.sources)
    );
    let meetings_loaded: usize = loaded.db.plans.values().map(|p| p.meetings.len()).sum();
    assert_eq!(meetings_loaded, meetings);
    let clashes = checks::clashes(&loaded.db);
    (clashes.comparisons, clashes.findings.len())
}

#[test]
fn clash_check_grows_linearly() {
    let (small, small_found) = comparisons(2_000);
    let (large, large_found) = comparisons(20_000);
    assert!(
        small > 0 && small_found > 0,
        "the generated plans must have some clashes to find"
    );
    let ratio = large as f64 / small as f64;
    assert!(
        ratio < 15.0,
        "10x the meetings made {ratio:.1}x the comparisons ({small} -> {large}, {small_found} -> {large_found} clashes)"
    );
    // A pairwise check would compare every two meetings of a person: far more.
    let pairwise = 20_000usize * 20_000 / 2 / 1_000;
    assert!(large < pairwise, "{large} comparisons is not a sweep");
}

/// One `attache meeting add` as the command line runs it (the workspace opened with
/// the folder's lock, the operation applied, the files saved), into the one session of
/// a dense database of `meetings`: a long meeting of the head of delegation over a
/// morning of theirs. Returns the delta's work and how many clashes it made.
fn meeting_add_work(meetings: usize) -> (Work, usize) {
    let shape = generator::Shape {
        sessions: 1,
        people: 50,
        clash_density: 0.5,
        ..generator::Shape::with_meetings(meetings)
    };
    let tmp = tempfile::tempdir().unwrap();
    generator::write(tmp.path(), shape).unwrap();
    let today = NaiveDate::from_ymd_opt(2019, 11, 23).unwrap();
    let mut ws = Workspace::open(&DbSource::Dir(tmp.path().to_path_buf()), today);
    assert!(ws.read_only().is_none(), "{:?}", ws.read_only());
    ws.set_clock(Box::new(|| chrono::DateTime::UNIX_EPOCH));
    let at = |h| {
        NaiveDate::from_ymd_opt(2020, 1, 6)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    };
    let meeting = Meeting {
        id: "long-one".into(),
        title: "A long one".into(),
        with: None,
        kind: MeetingKind::Bilateral,
        room: None,
        address: None,
        start: at(7),
        end: at(13),
        attendees: vec!["p0".into()],
        status: MeetingStatus::Confirmed,
        notes: None,
        url: None,
        programme: None,
        moved_from: None,
        revision: Default::default(),
        origin: Default::default(),
    };
    let outcome = ws
        .apply(|db| ops::add_meeting(db, &"s0".into(), meeting))
        .unwrap();
    let found = outcome.findings;
    let clashes = found.new.iter().filter(|f| f.kind.is_clash()).count();
    assert!(clashes > 1, "the long meeting clashes: {:?}", found.work);
    ws.save_and_close().unwrap();
    (found.work, clashes)
}

/// The findings an edit made and resolved are told apart by hashing, not by comparing
/// every new finding with every old one: per finding of the touched session, ten times
/// the meetings (here some fifty times the findings, as clashes pile up) cost about
/// as much work (measured: 6.6 and 9.8 comparisons), where a pairwise comparison
/// would cost fifty times more.
#[test]
fn an_edits_findings_are_compared_in_linear_time() {
    let (small, small_clashes) = meeting_add_work(500);
    let (large, large_clashes) = meeting_add_work(5_000);
    assert!(
        large.findings > 10 * small.findings,
        "the sizes must differ: {small:?} -> {large:?}"
    );
    let per_finding = |w: &Work| (w.compared + w.intervals) as f64 / w.findings as f64;
    let growth = per_finding(&large) / per_finding(&small);
    assert!(
        growth < 3.0,
        "per finding, the work grew {growth:.1}x: {small:?} -> {large:?}"
    );
    assert!(
        small_clashes < large_clashes,
        "{small_clashes} -> {large_clashes}"
    );
}

/// `attache check` on a dense plan (half the meetings booked over another, as leads
/// book first and resolve later) gives a summary a person can read: one warning per
/// person double-booked, counting their clashes and naming the meetings, and a
/// summary line that counts every finding. `--all` still lists each pair.
#[test]
fn check_groups_a_dense_plans_clashes_and_all_lists_each() {
    let shape = generator::Shape {
        sessions: 4,
        people: 200,
        clash_density: 0.5,
        ..generator::Shape::with_meetings(2_000)
    };
    let tmp = tempfile::tempdir().unwrap();
    generator::write(tmp.path(), shape).unwrap();
    let check = |extra: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_attache"))
            .arg("--db")
            .arg(tmp.path())
            .args(["--today", "2019-11-23", "check"])
            .args(extra)
            .env_remove("ATTACHE_DB")
            // The cache of parsed plans goes with the database, not into the user's.
            .env("XDG_CACHE_HOME", tmp.path().join("cache"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let grouped = check(&[]);
    let all = check(&["--all"]);
    let warnings = |text: &str| text.lines().filter(|l| l.starts_with("warning:")).count();
    let total = warnings(&all);
    assert!(total > 500, "a dense plan has many clashes: {total}");
    // Ten delegates per plan, four plans: about forty groups of double bookings.
    assert!(
        warnings(&grouped) * 10 < total,
        "{} of {total}",
        warnings(&grouped)
    );
    let last = |text: &str| text.lines().last().unwrap_or("").to_string();
    assert!(
        last(&grouped).starts_with(&format!(
            "0 errors, {total} warnings (shown as {}",
            warnings(&grouped)
        )),
        "{}",
        last(&grouped)
    );
    assert_eq!(last(&all), format!("0 errors, {total} warnings"));
    let line = grouped
        .lines()
        .find(|l| l.contains("double bookings"))
        .expect("a grouped clash");
    // "p0 has 38 double bookings in s0 on 6–10 Jan 2020: m0-0, m0-10, ... and 19 more"
    let n: usize = line
        .split(" has ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{line}"));
    assert!(
        n > 1 && line.contains(" in s") && line.contains(" more"),
        "{line}"
    );
    assert!(
        grouped.contains("attache check --all lists each of the"),
        "the help says how to see each"
    );
    // The last lines say what it all comes to: each kind with its count (together, the
    // total), and the sessions with the most, each named once.
    for report in [&grouped, &all] {
        let tail: Vec<&str> = report
            .lines()
            .skip_while(|l| !l.starts_with("in short, "))
            .collect();
        assert_eq!(
            tail.first().copied(),
            Some(format!("in short, the checks found {total} warnings:").as_str()),
            "{report}"
        );
        let counted: usize = tail
            .iter()
            .skip(1)
            .take_while(|l| !l.trim_start().starts_with("most in "))
            .map(|l| {
                l.split_whitespace()
                    .next()
                    .unwrap()
                    .parse::<usize>()
                    .unwrap()
            })
            .sum();
        assert_eq!(counted, total, "{tail:?}");
        assert!(
            tail.iter()
                .any(|l| l.contains("person-clash in 4 sessions, ")),
            "{tail:?}"
        );
        let most = tail
            .iter()
            .find(|l| l.trim_start().starts_with("most in "))
            .unwrap();
        assert_eq!(
            most.matches(" (").count(),
            4,
            "four sessions, each once: {most}"
        );
    }
}

/// A database too large to hold in memory is refused at once, with the limit and a
/// way out, before any plan is read; the commands that read part of it still run.
#[test]
fn a_database_over_the_limit_is_refused_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    crate::fixture::write_over_the_limit(&db);
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_attache"))
            .arg("--db")
            .arg(&db)
            .args(["--today", "2026-11-23"])
            .args(args)
            .env_remove("ATTACHE_DB")
            .output()
            .unwrap()
    };
    let started = std::time::Instant::now();
    let out = run(&["check"]);
    let err = String::from_utf8_lossy(&out.stderr);
    let all = format!("{}{err}", String::from_utf8_lossy(&out.stdout));
    assert_ne!(out.status.code(), Some(0), "{all}");
    assert!(
        all.contains("MB of files, over the limit of 64 MB"),
        "{all}"
    );
    assert!(
        all.contains("move the plans of past sessions to another folder"),
        "{all}"
    );
    // Refused before parsing 66 MB: a guard against a regression, not a speed test.
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
    // The list of sessions reads the calendar alone, whatever the size of the plans.
    let sessions = run(&["sessions"]);
    assert_eq!(sessions.status.code(), Some(0), "{sessions:?}");
    assert!(String::from_utf8_lossy(&sessions.stdout).contains("cnd-70"));
}

/// The peak memory of `attache ARGS` on a generated database of `shape`, in bytes,
/// and the size of the database on disk; `None` where GNU time is missing (outside CI).
///
/// Measured by `/usr/bin/time`, not by `wait4` here: Linux carries the parent's
/// high-water mark over fork and exec into the child's `ru_maxrss`, so a child of this
/// test process (hundreds of MB while the other tests run) would report the test's
/// memory, not its own. `time` is small, and so is what its child inherits.
#[cfg(target_os = "linux")]
fn peak_of(shape: generator::Shape, args: &[&str]) -> Option<(u64, u64)> {
    let time = std::path::Path::new("/usr/bin/time");
    if !time.exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "GNU time is needed for this test in CI (.ci/run installs it)"
        );
        eprintln!("skipped: /usr/bin/time is not installed");
        return None;
    }
    let shape = generator::Shape {
        people: 500,
        ..shape
    };
    let tmp = tempfile::tempdir().unwrap();
    generator::write(tmp.path(), shape).unwrap();
    let on_disk: u64 = std::fs::read_dir(tmp.path().join("plan"))
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();
    let report = tmp.path().join("peak-kb");
    let status = std::process::Command::new(time)
        .args(["-f", "%M", "-o"])
        .arg(&report)
        .arg(env!("CARGO_BIN_EXE_attache"))
        .arg("--db")
        .arg(tmp.path())
        .args(["--today", "2019-11-23"])
        .args(args)
        .env_remove("ATTACHE_DB")
        .env("XDG_CACHE_HOME", tmp.path().join("cache"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.code().is_some_and(|c| c <= 1), "{args:?}: {status}");
    // The last line: before it, time may say the command's exit status.
    let text = std::fs::read_to_string(&report).unwrap();
    let kb: u64 = text.lines().last().unwrap().trim().parse().unwrap();
    Some((kb * 1024, on_disk))
}

/// Memory grows with the data, not faster: what ten times the meetings add to
/// `check`'s peak stays within fourteen times what they add on disk (measured: 7-9x;
/// the margin is for the allocator and the threads; the fixed part,
/// the program and the calendar, is left out by comparing two sizes).
#[cfg(target_os = "linux")]
#[test]
fn check_memory_grows_with_the_data() {
    assert_grows_with_the_data(&["check"], 14.0);
}

/// An export of everyone writes as it goes: its memory is the database's, not the
/// database's plus every itinerary plus the whole text (the JSON took 4x the memory it
/// takes now). Measured 8-10x in a debug build; the margin is for the allocator.
#[cfg(target_os = "linux")]
#[test]
fn an_export_of_everyone_streams() {
    for format in ["ics", "json"] {
        assert_grows_with_the_data(&["export", "--format", format], 14.0);
    }
}

/// On a dense plan (half the meetings booked over another: a finding for each), the
/// reports of every finding are written as they are made: `check` and `clashes` as
/// JSON held the whole document as a value, 20x the database.
#[cfg(target_os = "linux")]
#[test]
fn reports_of_every_finding_stream() {
    let dense = |meetings| generator::Shape {
        clash_density: 0.5,
        ..generator::Shape::with_meetings(meetings)
    };
    for args in [
        &["check", "--format", "json"][..],
        &["clashes", "--format", "json"],
        &["clashes"],
    ] {
        assert_grows_with_the_data_of(dense, args, 14.0);
    }
}

/// What ten times the meetings add to the peak memory of `attache ARGS` stays within
/// `times` what they add on disk.
#[cfg(target_os = "linux")]
fn assert_grows_with_the_data(args: &[&str], times: f64) {
    assert_grows_with_the_data_of(generator::Shape::with_meetings, args, times)
}

/// [`assert_grows_with_the_data`] on databases of a shape.
#[cfg(target_os = "linux")]
fn assert_grows_with_the_data_of(
    shape: impl Fn(usize) -> generator::Shape,
    args: &[&str],
    times: f64,
) {
    let Some((small, small_disk)) = peak_of(shape(3_000), args) else {
        return;
    };
    let Some((large, large_disk)) = peak_of(shape(30_000), args) else {
        return;
    };
    let grew = large.saturating_sub(small) as f64;
    let data = (large_disk - small_disk) as f64;
    eprintln!("{args:?}: {:.1}x ({small} -> {large})", grew / data);
    assert!(
        grew < times * data,
        "{args:?}: {:.0} MB more memory for {:.1} MB more data ({:.1}x)",
        grew / 1e6,
        data / 1e6,
        grew / data
    );
}
