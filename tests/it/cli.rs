//! The `attache` binary as a script or a user runs it: exit codes, JSON output, where
//! the database is found, and `init`.
//!
//! Every run gets `--today 2026-11-23`, a HOME (and XDG_DATA_HOME) that is a fresh empty
//! folder, and no ATTACHE_DB, so that nothing on the machine running the tests counts.
//! Runs on data use the tests' sample database (`--db`); the tests of where the database
//! is found and of `init` use the built-in one, and assert nothing that a new UN
//! calendar would change.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use attache::store::{self, DbSource};
use serde_json::Value;

use crate::fixture;

const TODAY: &str = "2026-11-23";

/// A fresh, empty home for one test.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Self {
        Home {
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// The command, run from this home with `--today` set.
    fn cmd(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_attache"));
        c.env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.path(".local/share"))
            .env("XDG_CONFIG_HOME", self.path(".config"))
            .env("XDG_CACHE_HOME", self.path(".cache"))
            .env_remove("ATTACHE_CACHE")
            .env_remove("ATTACHE_DB")
            .current_dir(self.dir.path())
            .args(["--today", TODAY]);
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().expect("the binary runs")
    }

    /// Run on the tests' sample database.
    fn run_sample(&self, args: &[&str]) -> Output {
        self.cmd()
            .arg("--db")
            .arg(fixture::sample_dir())
            .args(args)
            .output()
            .expect("the binary runs")
    }
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("UTF-8 output")
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: not JSON:\n{}", stdout(out)))
}

/// The ids in a `sessions --format json` answer, in order.
fn session_ids(out: &Output) -> Vec<String> {
    json(out)["sessions"]
        .as_array()
        .expect("an array")
        .iter()
        .map(|s| s["id"].as_str().expect("an id").to_string())
        .collect()
}

/// A small valid database of one session, unlike the embedded one.
/// Add `text` at the end of a file (to break it).
fn append(path: &Path, text: &str) {
    let mut content = fs::read_to_string(path).unwrap();
    content.push_str(text);
    fs::write(path, content).unwrap();
}

fn write_small_db(dir: &Path, session: &str) {
    fs::create_dir_all(dir).unwrap();
    fs::write(
        dir.join("venues.toml"),
        "format = 1\n\n[[venue]]\nid = \"vic\"\nname = \"Vienna International Centre\"\ncity = \"Vienna\"\ncountry = \"AT\"\ntimezone = \"Europe/Vienna\"\naddress = \"Wagramer Strasse 5\"\n",
    )
    .unwrap();
    fs::write(
        dir.join("sessions.toml"),
        format!(
            "format = 1\n\n[[session]]\nid = \"{session}\"\nbody = \"TEST\"\ntitle = \"A test session\"\nkind = \"other\"\nvenue = \"vic\"\nstart = 2027-01-11\nend = 2027-01-12\n"
        ),
    )
    .unwrap();
    fs::write(dir.join("sections.toml"), "format = 1\n").unwrap();
}

/// Every file under `dir`, with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else {
                out.insert(p.clone(), fs::read(&p).unwrap());
            }
        }
    }
    out
}

// --- check ----------------------------------------------------------------------------

/// On the built-in database, deliberately: whatever the calendar, it must check
/// without errors (warnings may come and go).
#[test]
fn check_accepts_the_embedded_database() {
    let home = Home::new();
    let out = home.run(&["check"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let text = stdout(&out);
    let summary = text.lines().last().unwrap_or("");
    // "0 errors, N warnings", or with no warnings either, "...: no problems found".
    assert!(
        summary.starts_with("0 errors, ") || summary.ends_with(": no problems found"),
        "{text}"
    );
}

/// Output that cannot be written (a full disk) is an error, exit 2, said on stderr:
/// never exit 0 with the output lost. A closed pipe is not (`| head`).
#[cfg(target_os = "linux")]
#[test]
fn output_that_cannot_be_written_is_an_error() {
    let home = Home::new();
    for args in [
        &["sessions"][..],
        &["check", "--format", "json"],
        &["clashes"],
        &["people"],
    ] {
        let full = fs::File::create("/dev/full").expect("/dev/full");
        let out = home.cmd().args(args).stdout(full).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("cannot write the output: No space left on device"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
}

/// The plans' cache entries in a home (see `store::cache`).
fn cache_entries(home: &Home) -> usize {
    fs::read_dir(home.path(".cache/attache/plans")).map_or(0, |d| d.count())
}

#[test]
fn plans_read_from_the_cache_say_what_the_files_say() {
    let home = Home::new();
    let db = home.path("db");
    fixture::write_sample(&db);
    let db = db.to_str().unwrap();
    let check = |home: &Home| {
        let out = home.run(&["--db", db, "check", "--all"]);
        format!("{}{}", stdout(&out), stderr(&out))
    };
    let first = check(&home);
    let plans = fs::read_dir(home.path("db/plan")).unwrap().count();
    assert_eq!(cache_entries(&home), plans, "one entry per plan");
    assert_eq!(check(&home), first, "read from the cache");
    // An edit by hand, then one by attaché: both are read, not the cache's copies.
    let plan = home.path("db/plan/cnd-70.toml");
    let text = fs::read_to_string(&plan).unwrap();
    fs::write(
        &plan,
        text.replace("start = 2027-03-09T13:30:00", "start = 2027-03-09T13:40:00"),
    )
    .unwrap();
    let moved = check(&home);
    assert!(moved.contains("cnd70-csu\" (2027-03-09 13:40"), "{moved}");
    let out = home.run(&[
        "--db",
        db,
        "meeting",
        "edit",
        "cnd70-csu",
        "--title",
        "Renamed by attaché",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let listed = home.run(&[
        "--db",
        db,
        "export",
        "--session",
        "cnd-70",
        "--format",
        "md",
    ]);
    assert!(stdout(&listed).contains("Renamed by attaché"));
    // Turned off, it writes nothing.
    let off = Home::new();
    fixture::write_sample(&off.path("db"));
    let out = off
        .cmd()
        .env("ATTACHE_CACHE", "off")
        .args(["--db", off.path("db").to_str().unwrap(), "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(cache_entries(&off), 0);
}

#[test]
fn check_fails_on_a_broken_database() {
    let home = Home::new();
    let db = home.path("db");
    write_small_db(&db, "test-1");
    fs::write(
        db.join("venues.toml"),
        "format = 1\n\n[[venue]\nid = \"vic\"\n",
    )
    .unwrap();
    let out = home.run(&["--db", db.to_str().unwrap(), "check"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.starts_with("error: invalid TOML"), "{text}");
    assert!(text.contains("--> venues.toml:3:"), "{text}");
    assert!(text.ends_with("1 error, 0 warnings\n"), "{text}");
}

#[test]
fn check_json_has_counts_and_diagnostics() {
    let home = Home::new();
    let out = home.run_sample(&["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    assert_eq!(
        (&v["schema"], &v["version"]),
        (&"attache-check".into(), &1.into())
    );
    assert_eq!(v["errors"], 0);
    let items = v["diagnostics"].as_array().expect("a list of diagnostics");
    assert_eq!(v["warnings"].as_u64(), Some(items.len() as u64));
    for d in items {
        assert_eq!(d["severity"], "warning");
        assert!(d["message"].is_string());
        assert!(d["code"].is_string(), "a plan warning has its code: {d}");
        for key in ["place", "help", "people", "meetings"] {
            assert!(d.get(key).is_some(), "{key} in {d}");
        }
        if let Some(place) = d["place"].as_object() {
            for key in ["file", "line", "column"] {
                assert!(place.contains_key(key), "{key} in {d}");
            }
        }
    }

    // and a broken one: the error with its place
    let db = home.path("db");
    write_small_db(&db, "test-1");
    fs::write(
        db.join("sessions.toml"),
        fs::read_to_string(db.join("sessions.toml"))
            .unwrap()
            .replace("venue = \"vic\"", "venue = \"vik\""),
    )
    .unwrap();
    let out = home.run(&["--db", db.to_str().unwrap(), "check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(v["errors"], 1);
    let d = &v["diagnostics"][0];
    assert_eq!(d["severity"], "error");
    assert_eq!(d["message"], "unknown venue \"vik\" in session \"test-1\"");
    assert_eq!(d["code"], Value::Null, "errors have no code");
    let place = &d["place"];
    assert_eq!(place["file"], "sessions.toml");
    assert_eq!(
        (place["line"].as_u64(), place["column"].as_u64()),
        (Some(8), Some(9))
    );
    assert_eq!(d["help"], "did you mean \"vic\"?");
}

#[test]
fn bad_usage_exits_2() {
    let home = Home::new();
    for args in [
        &["--no-such-flag"][..],
        &["no-such-command"],
        &["check", "--format", "xml"],
        &["sessions", "--from", "next tuesday"],
        &["--today", "2026-02-30", "check"],
    ] {
        let out = home.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(!stderr(&out).is_empty(), "{args:?}: a message on stderr");
        assert!(out.stdout.is_empty(), "{args:?}: nothing on stdout");
    }
}

// --- sessions -------------------------------------------------------------------------

#[test]
fn upcoming_sessions_as_json() {
    let home = Home::new();
    let out = home.run_sample(&["sessions", "--upcoming", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["schema"], "attache-sessions");
    let sessions = v["sessions"].as_array().expect("an array");
    assert!(sessions.len() >= 6, "{} upcoming sessions", sessions.len());
    let mut starts = Vec::new();
    for s in sessions {
        let start = s["start"].as_str().expect("start");
        let end = s["end"].as_str().expect("end");
        for d in [start, end] {
            assert!(
                d.len() == 10 && d.parse::<chrono::NaiveDate>().is_ok(),
                "{d} is an ISO date"
            );
        }
        assert!(start >= TODAY, "{} starts {start}, before {TODAY}", s["id"]);
        assert!(end >= start);
        starts.push(start.to_string());
    }
    let mut sorted = starts.clone();
    sorted.sort();
    assert_eq!(starts, sorted, "upcoming first, in date order");
}

/// The columns after the id line up under their headings whatever the ids' length
/// (the shipped calendar has ids of 35 characters).
#[test]
fn sessions_columns_stay_aligned_with_long_ids() {
    let home = Home::new();
    let out = home.run(&["sessions"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let mut lines = text.lines();
    let heading = lines.next().unwrap_or_default();
    let status_at = heading.find("STATUS").expect("a STATUS column");
    let rows: Vec<&str> = lines.filter(|l| !l.starts_with("--")).collect();
    assert!(
        rows.iter()
            .any(|r| r.split_whitespace().nth(3).is_some_and(|id| id.len() > 30)),
        "{text}"
    );
    for row in rows {
        let status = row.get(status_at..).unwrap_or_default();
        assert!(
            ["tentative", "confirmed", "cancelled", "postponed"]
                .iter()
                .any(|s| status.starts_with(s)),
            "misaligned: {row}\n{text}"
        );
    }
}

#[test]
fn sessions_of_one_body() {
    let home = Home::new();
    let out = home.run_sample(&["sessions", "--body", "cnd", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    let sessions = v["sessions"].as_array().unwrap();
    assert!(sessions.len() >= 3);
    assert!(sessions.iter().all(|s| s["body"] == "CND"), "{v:#}");

    let text = stdout(&home.run_sample(&["sessions", "--body", "cnd"]));
    assert!(text.contains("cnd-70"), "{text}");
    assert!(!text.contains("ccpcj-36"), "{text}");

    // a body no session has is a mistake, said with the known ones, not "no sessions"
    let none = home.run_sample(&["sessions", "--body", "no-such-body"]);
    assert_eq!(none.status.code(), Some(2));
    assert!(
        stderr(&none).contains("known bodies: "),
        "{}",
        stderr(&none)
    );
    let typo = home.run_sample(&["sessions", "--body", "CNDD"]);
    assert!(
        stderr(&typo).contains("did you mean \"CND\"?"),
        "{}",
        stderr(&typo)
    );
    // a known body with nothing left to come is an answer, not a mistake
    let none = home.run_sample(&["sessions", "--body", "cnd", "--from", "2100-01-01"]);
    assert_eq!(none.status.code(), Some(0));
    assert_eq!(stdout(&none), "no sessions match\n");
}

/// The list of sessions reads the calendar, not the plans nor the people: a plan or
/// `sections.toml` with errors neither stops it nor adds a warning, and the PLAN column says which sessions have a
/// plan file. `--delegations` reads the plans for the size of each delegation, and so
/// is refused while a plan has errors, naming the file.
#[test]
fn sessions_list_the_calendar_without_reading_the_plans() {
    let home = Home::new();
    let db = home.path("db");
    fixture::write_sample(&db);
    let run = |args: &[&str]| home.cmd().arg("--db").arg(&db).args(args).output().unwrap();
    let row = |text: &str, id: &str| {
        text.lines()
            .find(|l| l.split_whitespace().nth(3) == Some(id))
            .unwrap_or_else(|| panic!("no row for {id}:\n{text}"))
            .to_string()
    };

    // With the plans as shipped: PLAN by default, DEL. with --delegations.
    let plain = run(&["sessions"]);
    assert_eq!(plain.status.code(), Some(0), "{}", stderr(&plain));
    let text = stdout(&plain);
    assert!(text.starts_with("DATES") && text.lines().next().unwrap().contains(" PLAN "));
    assert!(
        row(&text, "cnd-70").contains("  yes  70th session"),
        "{text}"
    );
    assert!(
        row(&text, "cnd-71").contains("    -  71st session"),
        "{text}"
    );
    let counted = stdout(&run(&["sessions", "--delegations"]));
    assert!(
        counted.lines().next().unwrap().contains(" DEL. "),
        "{counted}"
    );
    assert!(
        row(&counted, "cnd-70").contains("    6  70th session"),
        "{counted}"
    );
    let v = json(&run(&["sessions", "--format", "json", "--delegations"]));
    let cnd70 = |v: &Value| {
        v["sessions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == "cnd-70")
            .cloned()
            .unwrap()
    };
    assert_eq!(
        (cnd70(&v)["planned"].clone(), cnd70(&v)["delegates"].clone()),
        (Value::from(true), Value::from(6))
    );
    // The calendar alone says everything else the whole database does (the bodies'
    // rules, the venues, which sessions are planned).
    let listed = json(&run(&["sessions", "--format", "json"]));
    let mut read = v.clone();
    for s in read["sessions"].as_array_mut().unwrap() {
        s["delegates"] = Value::Null;
    }
    assert_eq!(listed["sessions"], read["sessions"]);

    // A plan with an error: the list is the same, without a word about it.
    append(
        &db.join("plan/cnd-70.toml"),
        "\n[[meeting]\nid = \"unclosed\"\n",
    );
    let again = run(&["sessions"]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert_eq!(
        stderr(&again),
        "",
        "no warning about a plan it did not read"
    );
    assert_eq!(stdout(&again), text);
    let v = json(&run(&["sessions", "--format", "json"]));
    assert_eq!(v["version"], 2);
    assert_eq!(cnd70(&v)["planned"], true);
    assert_eq!(cnd70(&v)["delegates"], Value::Null, "not read, not guessed");
    let refused = run(&["sessions", "--delegations"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("plan/cnd-70.toml"),
        "{}",
        stderr(&refused)
    );
    assert!(refused.stdout.is_empty());

    // Nor do the people, which it does not read either.
    append(&db.join("sections.toml"), "\n[[person]\n");
    let again = run(&["sessions"]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert_eq!(
        (stdout(&again), stderr(&again)),
        (text.clone(), String::new())
    );

    // A broken calendar still stops it: that is what it reads.
    fs::write(db.join("sessions.toml"), "format = 1\n[[session]\n").unwrap();
    let calendar = run(&["sessions"]);
    assert_eq!(calendar.status.code(), Some(2));
    assert!(
        stderr(&calendar).contains("sessions.toml"),
        "{}",
        stderr(&calendar)
    );
}

// --- init -------------------------------------------------------------------------------
// `init` writes the built-in database out: these tests compare with it, and name none of
// its sessions or people.

#[test]
fn init_writes_a_database_that_checks() {
    let home = Home::new();
    let dir = home.path("delegation");
    let out = home.run(&["init", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("wrote the default database ("));

    let check = home.run(&["--db", dir.to_str().unwrap(), "check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));

    // the same database as the embedded one
    let written = store::load(&DbSource::Dir(dir.clone()), TODAY.parse().unwrap());
    let embedded = store::load(&DbSource::Embedded, TODAY.parse().unwrap());
    assert!(!written.diagnostics.has_errors());
    assert_eq!(written.db, embedded.db);

    // every file of it, plans included, byte for byte
    let files = snapshot(&dir);
    for f in store::source::embedded_files() {
        assert_eq!(
            files.get(&dir.join(&f.path)),
            Some(&f.bytes),
            "{} written as built in",
            f.path.display()
        );
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for path in files.keys() {
            let mode = fs::metadata(path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{} is {mode:o}", path.display());
        }
        for d in [dir.clone(), dir.join("plan")] {
            let mode = fs::metadata(&d).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o700, "{} is {mode:o}", d.display());
        }
    }
}

#[test]
fn init_never_overwrites() {
    let home = Home::new();
    let dir = home.path("delegation");
    assert_eq!(
        home.run(&["init", dir.to_str().unwrap()]).status.code(),
        Some(0)
    );
    // a local edit that a second init must not lose
    let sessions = dir.join("sessions.toml");
    fs::write(
        &sessions,
        fs::read_to_string(&sessions).unwrap() + "# my note\n",
    )
    .unwrap();
    let before = snapshot(&dir);

    let out = home.run(&["init", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "could not run");
    let err = stderr(&out);
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains("already exists"), "{err}");
    assert!(out.stdout.is_empty());
    assert_eq!(snapshot(&dir), before, "files changed by a refused init");
}

// --- where the database is ----------------------------------------------------------

#[test]
fn attache_db_is_honoured_and_db_beats_it() {
    let home = Home::new();
    let env_db = home.path("from-env");
    let flag_db = home.path("from-flag");
    write_small_db(&env_db, "env-1");
    write_small_db(&flag_db, "flag-1");

    let out = home
        .cmd()
        .env("ATTACHE_DB", &env_db)
        .args(["sessions", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(session_ids(&out), ["env-1"]);

    let out = home
        .cmd()
        .env("ATTACHE_DB", &env_db)
        .args([
            "--db",
            flag_db.to_str().unwrap(),
            "sessions",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(session_ids(&out), ["flag-1"]);

    // a broken ATTACHE_DB is reported, not silently replaced by another database
    let out = home
        .cmd()
        .env("ATTACHE_DB", home.path("nowhere"))
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "could not run");
    assert!(stderr(&out).contains("does not exist"), "{}", stderr(&out));
}

/// The built-in database, deliberately: compared with itself, not with what it holds.
#[test]
fn a_fresh_home_uses_the_embedded_database() {
    let home = Home::new();
    let out = home.run(&["sessions", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let embedded = store::load(&DbSource::Embedded, TODAY.parse().unwrap());
    let mut expected: Vec<String> = embedded
        .db
        .sessions
        .keys()
        .map(ToString::to_string)
        .collect();
    let mut got = session_ids(&out);
    expected.sort();
    got.sort();
    assert_eq!(got, expected);

    // and a database in the user's data folder, once there, is used instead
    let data = home.path(".local/share/attache");
    write_small_db(&data, "home-1");
    let out = home.run(&["sessions", "--format", "json"]);
    assert_eq!(session_ids(&out), ["home-1"]);
}

/// The built-in database, deliberately (its first save is the point): the session and
/// the person are picked from it, so that a new calendar does not break the test.
#[test]
fn the_first_save_of_the_embedded_database_takes_the_data_folders_lock() {
    let home = Home::new();
    let data = home.path(".local/share/attache");
    fs::create_dir_all(&data).unwrap();
    let embedded = store::load(&DbSource::Embedded, TODAY.parse().unwrap()).db;
    let (session, person) = embedded
        .sessions
        .keys()
        .find_map(|s| {
            let delegates = embedded.plans.get(s).map(|p| &p.delegates[..]);
            let person = embedded
                .people
                .keys()
                .find(|p| !delegates.unwrap_or_default().iter().any(|d| d.person == *p))?;
            Some((s.clone(), person.clone()))
        })
        .expect("a session and someone not yet in its delegation");
    // Another attaché holds the folder (this test, for it).
    let held = attache::store::lock::Lock::acquire(&data).expect("the lock");
    let assign = ["assign", "--session", &session, "--person", &person];
    let out = home.run(&assign);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("open in another attache"),
        "{}",
        stderr(&out)
    );
    assert!(
        !data.join("sessions.toml").exists(),
        "nothing written while it is held"
    );
    drop(held);
    let out = home.run(&assign);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let plan = fs::read_to_string(data.join(format!("plan/{session}.toml"))).unwrap();
    assert!(plan.contains(&format!("person = \"{person}\"")), "{plan}");
}
