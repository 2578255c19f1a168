//! A corpus of broken databases, one fault each.
//!
//! Every case writes a small valid database into a temporary folder, breaks one thing,
//! loads it, and asserts the first message exactly as a user sees it: the `error:` line,
//! the `--> file:line:col` and, where it is what tells the user how to fix it, the help.
//! Most cases also assert that the one fault gives one message, not a cascade.

use crate::property_cases;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use attache::store::{self, DbSource, RawFile};
use chrono::NaiveDate;
use proptest::prelude::*;

use crate::fixture;

// --- The base database -------------------------------------------------------------
// Line numbers matter: the cases below point into these texts.

const VENUES: &str = r#"format = 1

[[venue]]
id = "vic"
name = "Vienna International Centre"
city = "Vienna"
country = "AT"
timezone = "Europe/Vienna"
address = "Wagramer Strasse 5, 1220 Vienna"
rooms = ["M2", "M7"]
"#;

const SESSIONS: &str = r#"format = 1

[[session]]
id = "cnd-70"
body = "CND"
title = "70th session of the Commission on Narcotic Drugs"
kind = "regular"
venue = "vic"
start = 2027-03-08
end = 2027-03-12
registration_deadline = 2027-02-15
max_delegates = 3
status = "confirmed"

[[session]]
id = "ccpcj-36"
body = "CCPCJ"
title = "36th session of the Commission on Crime Prevention and Criminal Justice"
kind = "regular"
venue = "vic"
start = 2027-05-17
end = 2027-05-21
"#;

const SECTIONS: &str = r#"format = 1

[[section]]
id = "albania"
name = "IPO Albania"
country = "AL"
timezone = "Europe/Tirane"

[[person]]
id = "tomori"
name = "Mareglen Tomori"
section = "albania"

[[person]]
id = "nikolic"
name = "Ana Nikolic"
section = "albania"

[[person]]
id = "pekic"
name = "Petar Pekic"
section = "albania"
"#;

const PLAN: &str = r#"format = 1
session = "cnd-70"

[[delegate]]
person = "tomori"
role = "head"
arrive = 2027-03-07
depart = 2027-03-12
registered = true

[[delegate]]
person = "nikolic"
role = "delegate"
registered = false

[[meeting]]
id = "cnd70-x"
title = "Bilateral with the Civil Society Unit"
kind = "bilateral"
room = "M2"
start = 2027-03-09T13:00:00
end = 2027-03-09T14:00:00
attendees = ["tomori", "nikolic"]
status = "confirmed"

[[travel]]
person = "tomori"
mode = "flight"
from = "Tirana (TIA)"
to = "Vienna (VIE)"
depart = 2027-03-07T09:05:00
depart_tz = "Europe/Tirane"
arrive = 2027-03-07T10:55:00+01:00

[[stay]]
person = "tomori"
name = "Hotel Donaustadt"
check_in = 2027-03-07
check_out = 2027-03-12
"#;

/// A second plan, for the cases that need two.
const PLAN_CCPCJ: &str = r#"format = 1
session = "ccpcj-36"

[[delegate]]
person = "pekic"
role = "head"

[[meeting]]
id = "ccpcj36-briefing"
title = "Briefing"
kind = "briefing"
start = 2027-05-17T09:00:00
end = 2027-05-17T09:30:00
attendees = ["pekic"]
"#;

const TODAY: &str = "2026-11-23";

fn date(s: &str) -> NaiveDate {
    s.parse().expect("a test date")
}

/// A database in a temporary folder, to break.
struct Db {
    dir: tempfile::TempDir,
}

impl Db {
    /// The valid base database.
    fn base() -> Self {
        let db = Db {
            dir: tempfile::tempdir().expect("a temporary folder"),
        };
        fs::create_dir(db.path("plan")).unwrap();
        for (name, text) in [
            ("venues.toml", VENUES),
            ("sessions.toml", SESSIONS),
            ("sections.toml", SECTIONS),
            ("plan/cnd-70.toml", PLAN),
        ] {
            fs::write(db.path(name), text).unwrap();
        }
        db
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap()
    }

    /// Replace `from` (which must occur exactly once) by `to` in one file.
    #[track_caller]
    fn edit(self, rel: &str, from: &str, to: &str) -> Self {
        let text = self.read(rel);
        assert_eq!(text.matches(from).count(), 1, "{from:?} in {rel}");
        fs::write(self.path(rel), text.replacen(from, to, 1)).unwrap();
        self
    }

    fn write(self, rel: &str, bytes: impl AsRef<[u8]>) -> Self {
        fs::write(self.path(rel), bytes).unwrap();
        self
    }

    fn append(self, rel: &str, more: &str) -> Self {
        let text = self.read(rel) + more;
        self.write(rel, text)
    }

    fn remove(self, rel: &str) -> Self {
        fs::remove_file(self.path(rel)).unwrap();
        self
    }

    fn check(&self) -> Report {
        self.check_on(TODAY)
    }

    fn check_on(&self, today: &str) -> Report {
        let loaded = store::load(&DbSource::Dir(self.dir.path().into()), date(today));
        let text = loaded
            .diagnostics
            .render(&loaded.sources)
            .replace(&self.dir.path().display().to_string(), "$DB");
        Report {
            text,
            errors: loaded.diagnostics.errors().count(),
            warnings: loaded.diagnostics.warnings().count(),
        }
    }

    /// `attache check` on this database as of `today`: what it prints, and its exit code.
    fn check_cli(&self, today: &str) -> (Report, Option<i32>) {
        let out = Command::new(env!("CARGO_BIN_EXE_attache"))
            .arg("--db")
            .arg(self.dir.path())
            .args(["--today", today, "check"])
            .env_remove("ATTACHE_DB")
            .output()
            .expect("the binary runs");
        let text = String::from_utf8(out.stdout)
            .unwrap()
            .replace(&self.dir.path().display().to_string(), "$DB");
        let count = |word: &str| {
            let summary = text.lines().last().unwrap_or("");
            summary
                .split(", ")
                .find_map(|part| {
                    let (n, w) = part.split_once(' ')?;
                    w.starts_with(word).then(|| n.parse().ok())?
                })
                .unwrap_or(0)
        };
        let report = Report {
            errors: count("error"),
            warnings: count("warning"),
            text: text.clone(),
        };
        (report, out.status.code())
    }

    /// Run the binary on this database.
    fn run(&self, args: &[&str]) -> std::process::Output {
        Command::new(env!("CARGO_BIN_EXE_attache"))
            .arg("--db")
            .arg(self.dir.path())
            .args(["--today", TODAY])
            .args(args)
            .env_remove("ATTACHE_DB")
            .output()
            .expect("the binary runs")
    }
}

/// What `check` shows for a database.
struct Report {
    text: String,
    errors: usize,
    warnings: usize,
}

impl Report {
    fn first_block(&self) -> Vec<&str> {
        self.text
            .split("\n\n")
            .next()
            .unwrap_or("")
            .lines()
            .collect()
    }

    /// Assert the first message: its first line exactly, its `-->` place (or that it has
    /// none), and its help when given.
    #[track_caller]
    fn first(&self, message: &str, at: Option<&str>, help: Option<&str>) -> &Self {
        let block = self.first_block();
        assert_eq!(block.first().copied(), Some(message), "\n{}", self.text);
        let place = block
            .iter()
            .find_map(|l| l.trim_start().strip_prefix("--> "));
        assert_eq!(place, at, "place of the first message\n{}", self.text);
        if let Some(help) = help {
            let shown = block
                .iter()
                .find_map(|l| l.trim_start().strip_prefix("= help: "));
            assert_eq!(
                shown,
                Some(help),
                "help of the first message\n{}",
                self.text
            );
        }
        self
    }

    #[track_caller]
    fn counts(&self, errors: usize, warnings: usize) -> &Self {
        assert_eq!(
            (self.errors, self.warnings),
            (errors, warnings),
            "(errors, warnings)\n{}",
            self.text
        );
        assert!(
            self.text.ends_with(&format!(
                "{}, {}\n",
                plural(errors, "error"),
                plural(warnings, "warning")
            )),
            "summary line\n{}",
            self.text
        );
        self
    }

    /// Assert that the rendered text shows `expected` somewhere.
    #[track_caller]
    fn shows(&self, expected: &str) -> &Self {
        assert!(
            self.text.contains(expected),
            "{expected:?} in\n{}",
            self.text
        );
        self
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[test]
fn the_base_database_is_valid() {
    let report = Db::base().check();
    assert_eq!(report.text, "0 errors, 0 warnings\n");
}

// --- TOML syntax and types -----------------------------------------------------------

#[test]
fn toml_syntax_error() {
    Db::base()
        .edit("venues.toml", r#"id = "vic""#, r#"id = "vic"#)
        .check()
        .first(
            "error: invalid TOML: invalid basic string, expected `\"`",
            Some("venues.toml:4:10"),
            Some("check the syntax near here: quotes around text, commas between list items, one key per line"),
        )
        // The venue is lost with its file, but the sessions that use it are not
        // reported again: one mistake, one message.
        .counts(1, 0);
}

#[test]
fn list_without_commas() {
    Db::base()
        .edit(
            "plan/cnd-70.toml",
            r#"["tomori", "nikolic"]"#,
            r#"["tomori" "nikolic"]"#,
        )
        .check()
        .first(
            "error: invalid TOML: missing comma between array elements, expected `,`",
            Some("plan/cnd-70.toml:23:23"),
            None,
        )
        .counts(1, 0);
}

#[test]
fn date_in_quotes() {
    Db::base()
        .edit(
            "sessions.toml",
            "start = 2027-03-08",
            r#"start = "2027-03-08""#,
        )
        .check()
        .first(
            r#"error: "start" in session "cnd-70" must be a date like 2027-03-08, not text"#,
            Some("sessions.toml:9:9"),
            Some("remove the quotes: start = 2027-03-08"),
        )
        .counts(1, 0);
}

#[test]
fn number_for_a_date() {
    Db::base()
        .edit("sessions.toml", "end = 2027-03-12", "end = 20270312")
        .check()
        .first(
            r#"error: "end" in session "cnd-70" must be a date like 2027-03-08, not a whole number"#,
            Some("sessions.toml:10:7"),
            Some("write it without quotes, e.g. end = 2027-03-08"),
        )
        .counts(1, 0);
}

#[test]
fn number_for_text() {
    Db::base()
        .edit("venues.toml", r#"city = "Vienna""#, "city = 42")
        .check()
        .first(
            r#"error: "city" in venue "vic" must be text in quotes, not a whole number"#,
            Some("venues.toml:6:8"),
            Some(r#"put it in quotes: city = "...""#),
        )
        .counts(1, 0);
}

#[test]
fn text_for_true_or_false() {
    Db::base()
        .edit(
            "plan/cnd-70.toml",
            "registered = true",
            r#"registered = "yes""#,
        )
        .check()
        .first(
            r#"error: "registered" in delegate "tomori" must be true, false or a date, not text"#,
            Some("plan/cnd-70.toml:9:14"),
            Some("write registered = true, registered = false, or the day it was done: registered = 2026-11-30"),
        )
        // tomori's delegate entry is dropped, but the meeting, travel and stay that
        // name tomori are not reported as "not in the delegation".
        .counts(1, 0);
}

#[test]
fn text_for_a_list() {
    Db::base()
        .edit(
            "plan/cnd-70.toml",
            r#"["tomori", "nikolic"]"#,
            r#""tomori""#,
        )
        .check()
        .first(
            r#"error: "attendees" in meeting "cnd70-x" must be a list of texts, not text"#,
            Some("plan/cnd-70.toml:23:13"),
            Some(r#"write a list: attendees = ["a", "b"]"#),
        )
        .counts(1, 0);
}

#[test]
fn negative_max_delegates() {
    Db::base()
        .edit("sessions.toml", "max_delegates = 3", "max_delegates = -3")
        .check()
        .first(
            r#"error: "max_delegates" in session "cnd-70" must be a whole number from 0 to 4294967295, not -3"#,
            Some("sessions.toml:12:17"),
            Some("write e.g. max_delegates = 10"),
        )
        .counts(1, 0);
}

// --- Keys --------------------------------------------------------------------------

#[test]
fn missing_required_key() {
    Db::base()
        .edit("plan/cnd-70.toml", "end = 2027-03-09T14:00:00\n", "")
        .check()
        .first(
            r#"error: missing key "end" in meeting "cnd70-x""#,
            Some("plan/cnd-70.toml:16:1"),
            Some("add a line such as: end = 2027-03-09T13:00:00"),
        )
        .counts(1, 0);
}

#[test]
fn missing_name_of_a_person() {
    Db::base()
        .edit("sections.toml", "name = \"Ana Nikolic\"\n", "")
        .check()
        .first(
            r#"error: missing key "name" in person "nikolic""#,
            Some("sections.toml:14:1"),
            Some(r#"add a line such as: name = "...""#),
        )
        .counts(1, 0);
}

#[test]
fn unknown_key_with_a_typo() {
    Db::base()
        .edit("plan/cnd-70.toml", "attendees =", "atendees =")
        .check()
        .first(
            r#"error: unknown key "atendees" in meeting "cnd70-x""#,
            Some("plan/cnd-70.toml:23:1"),
            Some(r#"did you mean "attendees"?"#),
        )
        .counts(1, 0);
}

#[test]
fn misspelt_required_key_is_one_error() {
    // Not also "missing key address": the misspelling is the one fault.
    Db::base()
        .edit("venues.toml", "address =", "adress =")
        .check()
        .first(
            r#"error: unknown key "adress" in venue "vic""#,
            Some("venues.toml:9:1"),
            Some(r#"did you mean "address"?"#),
        )
        .counts(1, 0);
}

#[test]
fn unknown_top_level_key() {
    Db::base()
        .edit(
            "plan/cnd-70.toml",
            "session = \"cnd-70\"\n",
            "session = \"cnd-70\"\nnote = \"x\"\n",
        )
        .check()
        .first(
            r#"error: unknown key "note" at the top of the file"#,
            Some("plan/cnd-70.toml:3:1"),
            Some(r#"did you mean "notes"?"#),
        )
        .counts(1, 0);
}

#[test]
fn plan_without_session() {
    Db::base()
        .edit("plan/cnd-70.toml", "session = \"cnd-70\"\n", "")
        .check()
        .first(
            "error: the plan file plan/cnd-70.toml does not say which session it plans",
            Some("plan/cnd-70.toml:1:1"),
            Some(r#"add a line at the top, before any [[...]] table: session = "cnd-70""#),
        )
        .counts(1, 0);
}

#[test]
fn newer_format() {
    Db::base()
        .edit("venues.toml", "format = 1", "format = 2")
        .check()
        .first(
            "error: this file is in format 2, newer than this attache reads (format 1)",
            Some("venues.toml:1:10"),
            Some("a newer attache wrote it: update attache to read it"),
        )
        .counts(1, 0);
}

#[test]
fn format_in_quotes() {
    Db::base()
        .edit("sections.toml", "format = 1", r#"format = "1""#)
        .check()
        .first(
            r#"error: "format" must be 1, not text"#,
            Some("sections.toml:1:10"),
            Some("write format = 1 (a number, without quotes), or leave the line out"),
        )
        .counts(1, 0);
}

// --- Ids ---------------------------------------------------------------------------

#[test]
fn duplicate_venue() {
    Db::base()
        .append(
            "venues.toml",
            "\n[[venue]]\nid = \"vic\"\nname = \"VIC again\"\ncity = \"Vienna\"\ncountry = \"AT\"\ntimezone = \"Europe/Vienna\"\naddress = \"x\"\n",
        )
        .check()
        .first(
            r#"error: duplicate venue id "vic""#,
            Some("venues.toml:13:6"),
            Some("each venue needs its own id: rename this one"),
        )
        .counts(1, 0);
}

#[test]
fn duplicate_session() {
    Db::base()
        .edit("sessions.toml", r#"id = "ccpcj-36""#, r#"id = "cnd-70""#)
        .check()
        .first(
            r#"error: duplicate session id "cnd-70""#,
            Some("sessions.toml:16:6"),
            Some("each session needs its own id: rename this one"),
        )
        .counts(1, 0);
}

#[test]
fn duplicate_person() {
    Db::base()
        .edit("sections.toml", r#"id = "pekic""#, r#"id = "nikolic""#)
        .check()
        .first(
            r#"error: duplicate person id "nikolic""#,
            Some("sections.toml:20:6"),
            None,
        )
        .counts(1, 0);
}

#[test]
fn duplicate_meeting_across_two_plans() {
    Db::base()
        .write(
            "plan/ccpcj-36.toml",
            PLAN_CCPCJ.replace("ccpcj36-briefing", "cnd70-x"),
        )
        .check()
        .first(
            r#"error: duplicate meeting id "cnd70-x" (also in the plan for "ccpcj-36")"#,
            Some("plan/cnd-70.toml:17:6"),
            Some("meeting ids are unique across all plans: rename this one"),
        )
        .counts(1, 0);
}

#[test]
fn second_plan_for_a_session() {
    Db::base()
        .write("plan/extra.toml", "format = 1\nsession = \"cnd-70\"\n")
        .check()
        .first(
            r#"error: a second plan for session "cnd-70""#,
            Some("plan/extra.toml:2:11"),
            Some("merge it into plan/cnd-70.toml: one plan file per session"),
        )
        .counts(1, 0);
}

#[test]
fn id_that_is_not_a_slug() {
    Db::base()
        .edit("plan/cnd-70.toml", r#"id = "cnd70-x""#, r#"id = "CND70 X""#)
        .check()
        .first(
            r#"error: "CND70 X" is not a valid meeting id: ids are short lower-case names of letters, digits and - _ ."#,
            Some("plan/cnd-70.toml:17:6"),
            Some(r#"write it as "cnd70-x""#),
        )
        .counts(1, 0);
}

// --- The delegation ----------------------------------------------------------------

#[test]
fn same_person_twice_in_a_delegation() {
    Db::base()
        .append(
            "plan/cnd-70.toml",
            "\n[[delegate]]\nperson = \"tomori\"\nrole = \"adviser\"\n",
        )
        .check()
        .first(
            r#"error: "tomori" is listed twice in the delegation to "cnd-70""#,
            Some("plan/cnd-70.toml:42:10"),
            Some("remove one of the two [[delegate]] entries"),
        )
        .counts(1, 0);
}

#[test]
fn two_heads() {
    Db::base()
        .edit(
            "plan/cnd-70.toml",
            r#"role = "delegate""#,
            r#"role = "head""#,
        )
        .check()
        .first(
            r#"error: the delegation to "cnd-70" has 2 heads (tomori, nikolic)"#,
            Some("plan/cnd-70.toml:13:8"),
            Some(r#"a delegation has one head: make the others "deputy""#),
        )
        .counts(1, 0);
}

// --- References --------------------------------------------------------------------

#[test]
fn unknown_venue_in_session() {
    Db::base()
        .edit(
            "sessions.toml",
            "venue = \"vic\"\nstart = 2027-03-08",
            "venue = \"vik\"\nstart = 2027-03-08",
        )
        .check()
        .first(
            r#"error: unknown venue "vik" in session "cnd-70""#,
            Some("sessions.toml:8:9"),
            Some(r#"did you mean "vic"?"#),
        )
        .counts(1, 0);
}

#[test]
fn unknown_section_in_person() {
    Db::base()
        .edit(
            "sections.toml",
            "id = \"tomori\"\nname = \"Mareglen Tomori\"\nsection = \"albania\"",
            "id = \"tomori\"\nname = \"Mareglen Tomori\"\nsection = \"albnia\"",
        )
        .check()
        .first(
            r#"error: unknown section "albnia" in person "tomori""#,
            Some("sections.toml:12:11"),
            Some(r#"did you mean "albania"?"#),
        )
        .counts(1, 0);
}

#[test]
fn unknown_person_in_delegation() {
    Db::base()
        .edit(
            "plan/cnd-70.toml",
            r#"person = "nikolic""#,
            r#"person = "nikolc""#,
        )
        .check()
        .first(
            r#"error: unknown person "nikolc" in the delegation to "cnd-70""#,
            Some("plan/cnd-70.toml:12:10"),
            Some(r#"did you mean "nikolic"?"#),
        )
        // and, true enough, nikolic attends a meeting without being in the delegation
        .counts(1, 1);
}

#[test]
fn unknown_attendee() {
    Db::base()
        .edit(
            "plan/cnd-70.toml",
            r#"["tomori", "nikolic"]"#,
            r#"["tomory", "nikolic"]"#,
        )
        .check()
        .first(
            r#"error: unknown person "tomory" in meeting "cnd70-x""#,
            Some("plan/cnd-70.toml:23:14"),
            Some(r#"did you mean "tomori"?"#),
        )
        .shows("23 | attendees = [\"tomory\", \"nikolic\"]\n   |              ^^^^^^^^\n")
        .counts(1, 0);
}

#[test]
fn unknown_person_in_travel() {
    Db::base()
        .edit(
            "plan/cnd-70.toml",
            "person = \"tomori\"\nmode",
            "person = \"tomorri\"\nmode",
        )
        .check()
        .first(
            r#"error: unknown person "tomorri" in a [[travel]] of the plan for "cnd-70""#,
            Some("plan/cnd-70.toml:27:10"),
            Some(r#"did you mean "tomori"?"#),
        )
        .counts(1, 0);
}

#[test]
fn unknown_session_of_a_plan() {
    Db::base()
        .edit(
            "plan/cnd-70.toml",
            r#"session = "cnd-70""#,
            r#"session = "cnd-07""#,
        )
        .check()
        .first(
            r#"error: unknown session "cnd-07" in the plan plan/cnd-70.toml"#,
            Some("plan/cnd-70.toml:2:11"),
            Some(r#"did you mean "cnd-70"?"#),
        )
        .counts(1, 0);
}

#[test]
fn plan_in_a_file_of_another_name() {
    Db::base()
        .write("plan/cnd.toml", PLAN)
        .remove("plan/cnd-70.toml")
        .check()
        .first(
            r#"warning: the plan for "cnd-70" is in a file named plan/cnd.toml"#,
            Some("plan/cnd.toml:2:11"),
            Some("rename the file to plan/cnd-70.toml so it is easy to find"),
        )
        .counts(0, 1);
}

// --- Dates and times ---------------------------------------------------------------

#[test]
fn impossible_date() {
    // toml_edit itself rejects 30 February: the message says so about the value.
    Db::base()
        .edit("sessions.toml", "start = 2027-03-08", "start = 2027-02-30")
        .check()
        .first(
            "error: 2027-02-30 is not a valid date: expected day between 01 and 28",
            Some("sessions.toml:9:9"),
            Some("write a date as YYYY-MM-DD and a time as HH:MM:SS (e.g. 2027-03-08T13:00:00), with a day that exists in that month"),
        )
        .counts(1, 0);
}

#[test]
fn impossible_time() {
    Db::base()
        .edit(
            "plan/cnd-70.toml",
            "start = 2027-03-09T13:00:00",
            "start = 2027-03-09T25:00:00",
        )
        .check()
        .first(
            "error: 2027-03-09T25:00:00 is not a valid time: expected hour between 00 and 23",
            Some("plan/cnd-70.toml:21:9"),
            None,
        )
        .counts(1, 0);
}

#[test]
fn session_ends_before_it_starts() {
    Db::base()
        .edit("sessions.toml", "end = 2027-03-12", "end = 2027-03-02")
        .check()
        .first(
            r#"error: session "cnd-70" ends (2027-03-02) before it starts (2027-03-08)"#,
            Some("sessions.toml:10:7"),
            Some("swap start and end, or correct the date"),
        )
        .counts(1, 0);
}

#[test]
fn meeting_ends_before_it_starts() {
    Db::base()
        .edit("plan/cnd-70.toml", "end = 2027-03-09T14:00:00", "end = 2027-03-09T12:00:00")
        .check()
        .first(
            r#"error: meeting "cnd70-x" ends (2027-03-09 12:00) before it starts (2027-03-09 13:00)"#,
            Some("plan/cnd-70.toml:22:7"),
            Some("a meeting must end after it starts: correct start or end"),
        )
        .counts(1, 0);
}

#[test]
fn stay_ends_before_it_starts() {
    Db::base()
        .edit(
            "plan/cnd-70.toml",
            "check_out = 2027-03-12",
            "check_out = 2027-03-06",
        )
        .check()
        .first(
            r#"error: stay "tomori" checks out (2027-03-06) before checking in (2027-03-07)"#,
            Some("plan/cnd-70.toml:39:13"),
            Some("check_out is the morning you leave, on or after check_in (the same day: a day use)"),
        )
        .counts(1, 0);
}

#[test]
fn travel_arrives_before_it_departs() {
    Db::base()
        .edit(
            "plan/cnd-70.toml",
            "arrive = 2027-03-07T10:55:00+01:00",
            "arrive = 2027-03-07T08:55:00+01:00",
        )
        .check()
        .first(
            r#"error: travel "tomori" arrives (2027-03-07 08:55 +01:00) before it departs (2027-03-07 09:05 Europe/Tirane)"#,
            Some("plan/cnd-70.toml:33:10"),
            Some("check both times and their zones: each is the local time at that end"),
        )
        .counts(1, 0);
}

#[test]
fn delegate_departs_before_arriving() {
    Db::base()
        .edit(
            "plan/cnd-70.toml",
            "depart = 2027-03-12\n",
            "depart = 2027-03-06\n",
        )
        .check()
        .first(
            r#"error: delegate "tomori" departs (2027-03-06) before arriving (2027-03-07)"#,
            Some("plan/cnd-70.toml:8:10"),
            Some("swap arrive and depart, or correct the date"),
        )
        .counts(1, 0);
}

#[test]
fn unknown_time_zone() {
    Db::base()
        .edit("venues.toml", "Europe/Vienna", "Europe/Viena")
        .check()
        .first(
            r#"error: unknown time zone "Europe/Viena" in venue "vic""#,
            Some("venues.toml:8:12"),
            Some(r#"did you mean "Europe/Vienna"?"#),
        )
        .counts(1, 0);
}

#[test]
fn local_travel_time_without_a_zone() {
    Db::base()
        .edit("plan/cnd-70.toml", "depart_tz = \"Europe/Tirane\"\n", "")
        .check()
        .first(
            r#"error: "depart" in travel "tomori" is a local time with no zone"#,
            Some("plan/cnd-70.toml:31:10"),
            Some(r#"add depart_tz = "Europe/Vienna" (the zone of that end), or write the offset: depart = 2027-03-07T09:05:00+01:00"#),
        )
        .counts(1, 0);
}

#[test]
fn meeting_in_the_daylight_saving_gap() {
    Db::base()
        .edit("sessions.toml", "end = 2027-03-12", "end = 2027-03-31")
        .edit(
            "plan/cnd-70.toml",
            "start = 2027-03-09T13:00:00\nend = 2027-03-09T14:00:00",
            "start = 2027-03-28T02:30:00\nend = 2027-03-28T04:00:00",
        )
        .check()
        .first(
            r#"error: start of meeting "cnd70-x": 2027-03-28 02:30 does not exist in Europe/Vienna: the clocks skip it for daylight saving"#,
            Some("plan/cnd-70.toml:21:9"),
            // Not "write an offset": meeting times take none.
            Some("the clocks jump forward over this hour: move the meeting an hour later"),
        )
        .counts(1, 0);
}

#[test]
fn meeting_in_the_repeated_hour() {
    Db::base()
        .edit("sessions.toml", "end = 2027-03-12", "end = 2027-10-31")
        .edit(
            "plan/cnd-70.toml",
            "start = 2027-03-09T13:00:00\nend = 2027-03-09T14:00:00",
            "start = 2027-10-31T02:30:00\nend = 2027-10-31T04:00:00",
        )
        .check()
        .first(
            r#"error: start of meeting "cnd70-x": 2027-10-31 02:30 happens twice in Europe/Vienna: the clocks go back for daylight saving"#,
            Some("plan/cnd-70.toml:21:9"),
            Some("the clocks go back and this hour happens twice: move the meeting out of it"),
        )
        .counts(1, 0);
}

// --- Closed sets of words ------------------------------------------------------------

#[test]
fn unknown_role() {
    Db::base()
        .edit(
            "plan/cnd-70.toml",
            r#"role = "delegate""#,
            r#"role = "delgate""#,
        )
        .check()
        .first(
            r#"error: unknown role "delgate" in delegate "nikolic""#,
            Some("plan/cnd-70.toml:13:8"),
            Some(r#"did you mean "delegate"?"#),
        )
        .counts(1, 0);
}

#[test]
fn unknown_status() {
    Db::base()
        .edit(
            "sessions.toml",
            r#"status = "confirmed""#,
            r#"status = "confimed""#,
        )
        .check()
        .first(
            r#"error: unknown status "confimed" in session "cnd-70""#,
            Some("sessions.toml:13:10"),
            Some(r#"did you mean "confirmed"?"#),
        )
        .counts(1, 0);
}

#[test]
fn unknown_meeting_kind() {
    Db::base()
        .edit(
            "plan/cnd-70.toml",
            r#"kind = "bilateral""#,
            r#"kind = "bilat""#,
        )
        .check()
        .first(
            r#"error: unknown kind "bilat" in meeting "cnd70-x""#,
            Some("plan/cnd-70.toml:19:8"),
            Some("use one of: bilateral, side-event, visit, briefing, plenary, reception, other"),
        )
        .counts(1, 0);
}

#[test]
fn unknown_travel_mode() {
    Db::base()
        .edit(
            "plan/cnd-70.toml",
            r#"mode = "flight""#,
            r#"mode = "plane""#,
        )
        .check()
        .first(
            r#"error: unknown mode "plane" in travel "tomori""#,
            Some("plan/cnd-70.toml:28:8"),
            Some("use one of: flight, train, bus, car, ferry, other"),
        )
        .counts(1, 0);
}

#[test]
fn bad_country_code() {
    Db::base()
        .edit(
            "sections.toml",
            r#"country = "AL""#,
            r#"country = "Albania""#,
        )
        .check()
        .first(
            r#"error: "Albania" is not a country code in section "albania""#,
            Some("sections.toml:6:11"),
            Some(r#"use the two capital letters of ISO 3166, e.g. "AT" for Austria"#),
        )
        // the section is dropped, its three people are not reported again
        .counts(1, 0);
}

// --- Files that are not what they should be: no panic, one clear message -------------

#[test]
fn bad_utf8() {
    let mut bytes = VENUES.as_bytes().to_vec();
    let at = VENUES.find("International").unwrap();
    bytes.splice(at..at, [0xff, 0xfe]);
    Db::base()
        .write("venues.toml", bytes)
        .check()
        .first(
            "error: this file is not valid UTF-8 text",
            Some("venues.toml:5:16"),
            Some("save the file as UTF-8 in your editor (or check that it is a text file at all)"),
        )
        .counts(1, 0);
}

#[test]
fn binary_garbage() {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let mut x: u32 = 2463534242;
    bytes.extend((0..4096).map(|_| {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        x as u8
    }));
    Db::base()
        .write("plan/cnd-70.toml", &bytes)
        .check()
        .first(
            "error: this file is not valid UTF-8 text",
            Some("plan/cnd-70.toml:1:1"),
            None,
        )
        .counts(1, 0);
}

#[test]
fn control_characters_are_shown_escaped() {
    Db::base()
        .edit("plan/cnd-70.toml", "title = \"Bilateral", "title = \"Bi\u{1b}[2Jlateral")
        .check()
        .first(
            r"error: invalid TOML: an invisible control character (\u{1b})",
            Some("plan/cnd-70.toml:18:12"),
            None,
        )
        // the caret is under the escape as shown, not where the raw byte would be
        .shows("18 | title = \"Bi\\u{1b}[2Jlateral with the Civil Society Unit\"\n   |            ^^^^^^\n")
        .counts(1, 0);
}

#[test]
fn empty_venues_file() {
    Db::base()
        .write("venues.toml", "")
        .check()
        .first(
            r#"error: unknown venue "vic" in session "cnd-70""#,
            Some("sessions.toml:8:9"),
            Some("venues.toml defines no venue yet: add one there first"),
        )
        .counts(2, 0);
}

#[test]
fn empty_plan_file() {
    Db::base()
        .write("plan/cnd-70.toml", "")
        .check()
        .first(
            "error: the plan file plan/cnd-70.toml does not say which session it plans",
            Some("plan/cnd-70.toml:1:1"),
            None,
        )
        .counts(1, 0);
}

#[test]
fn truncated_file() {
    let cut = PLAN.find("Civil Society").unwrap();
    Db::base()
        .write("plan/cnd-70.toml", &PLAN[..cut])
        .check()
        .first(
            "error: invalid TOML: invalid basic string, expected `\"`",
            Some("plan/cnd-70.toml:18:29"),
            None,
        )
        .counts(1, 0);
}

#[test]
fn every_truncation_of_a_plan_loads_without_panic() {
    let base = [
        ("venues.toml", VENUES),
        ("sessions.toml", SESSIONS),
        ("sections.toml", SECTIONS),
    ];
    for cut in (0..=PLAN.len()).filter(|&i| PLAN.is_char_boundary(i)) {
        let mut files: Vec<RawFile> = base
            .iter()
            .map(|(p, t)| RawFile {
                path: p.into(),
                bytes: t.as_bytes().to_vec(),
            })
            .collect();
        files.push(RawFile {
            path: "plan/cnd-70.toml".into(),
            bytes: PLAN.as_bytes()[..cut].to_vec(),
        });
        let loaded = store::load_files(DbSource::Embedded, files, date(TODAY));
        let text = loaded.diagnostics.render(&loaded.sources);
        for d in &loaded.diagnostics.items {
            if d.is_error() {
                let place = d.location(&loaded.sources).unwrap_or_default();
                assert!(
                    place.starts_with("plan/cnd-70.toml:"),
                    "cut at {cut}:\n{text}"
                );
            }
        }
        if cut == PLAN.len() {
            assert_eq!(text, "0 errors, 0 warnings\n");
        }
    }
}

#[test]
fn five_megabyte_value() {
    let huge = format!("address = \"{}\"", "x".repeat(5 * 1024 * 1024));
    let report = Db::base()
        .edit(
            "venues.toml",
            r#"address = "Wagramer Strasse 5, 1220 Vienna""#,
            &huge,
        )
        .check();
    report
        .first(
            r#"error: "address" in venue "vic" is too long (5120 KB; the limit is 256 KB)"#,
            Some("venues.toml:9:11"),
            Some("shorten it, or keep long documents in a separate file and link to it"),
        )
        .counts(1, 0);
    // the line is shown cut, not 5 MB of it
    assert!(report.text.len() < 2_000, "{} bytes", report.text.len());
}

#[test]
fn hundred_thousand_nested_brackets() {
    let report = Db::base()
        .edit(
            "venues.toml",
            r#"rooms = ["M2", "M7"]"#,
            &format!("rooms = {}", "[".repeat(100_000)),
        )
        .check();
    report
        .first(
            "error: lists or tables nested more than 64 deep",
            Some("venues.toml:10:73"),
            Some("attache's files never nest this deep: this file is probably not a database file"),
        )
        .counts(1, 0);
    assert!(report.text.len() < 2_000, "{} bytes", report.text.len());
}

#[test]
fn merge_conflict_markers() {
    Db::base()
        .edit(
            "plan/cnd-70.toml",
            "role = \"delegate\"\n",
            "<<<<<<< HEAD\nrole = \"delegate\"\n=======\nrole = \"adviser\"\n>>>>>>> other\n",
        )
        .check()
        .first(
            "error: unresolved merge conflict marker",
            Some("plan/cnd-70.toml:13:1"),
            Some("a git merge left both versions here: keep the one you want and delete the marker lines (<<<<<<<, =======, >>>>>>>)"),
        )
        .shows("plan/cnd-70.toml:15:1")
        .shows("plan/cnd-70.toml:17:1")
        .counts(3, 0);
}

#[test]
fn folder_where_venues_toml_should_be() {
    let db = Db::base().remove("venues.toml");
    fs::create_dir(db.path("venues.toml")).unwrap();
    db.check()
        .first(
            "error: cannot read venues.toml: it is a folder, not a file",
            None,
            Some("move the folder away and put the venues.toml file there"),
        )
        .counts(1, 0);
}

#[test]
fn missing_sessions_file() {
    Db::base()
        .remove("sessions.toml")
        .check()
        .first(
            "error: the database in $DB has no sessions.toml",
            None,
            Some("every database has venues.toml, sessions.toml, sections.toml; `attache init` writes a complete one to start from"),
        )
        // and the plan's session is not reported unknown on top of it
        .counts(1, 0);
}

#[test]
fn database_folder_missing() {
    let db = Db::base();
    let gone = db.path("nowhere");
    let loaded = store::load(&DbSource::Dir(gone.clone()), date(TODAY));
    let text = loaded.diagnostics.render(&loaded.sources);
    let gone = gone.display();
    assert_eq!(
        text,
        format!(
            "error: the database folder {gone} does not exist\n = help: create one with: attache init {gone}\n\n1 error, 0 warnings\n"
        )
    );
}

#[test]
fn plan_folder_is_a_file() {
    let db = Db::base();
    fs::remove_dir_all(db.path("plan")).unwrap();
    db.write("plan", "session = \"cnd-70\"\n")
        .check()
        .first(
            "error: cannot read plan/: it is a file, not a folder",
            None,
            Some("plan/ holds one plan file per session: move the file named plan away"),
        )
        .counts(1, 0);
}

#[test]
fn file_over_the_size_limit() {
    let db = Db::base();
    let f = fs::File::create(db.path("plan/cnd-70.toml")).unwrap();
    f.set_len(store::source::MAX_FILE_BYTES + 1).unwrap(); // sparse: nothing is written
    db.check()
        .first(
            "error: cannot read plan/cnd-70.toml: it is 33 MB, over the limit of 32 MB",
            None,
            Some("a database file this large is almost surely not one: check the path"),
        )
        .counts(1, 0);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(property_cases::cases(64)))]

    /// Any bytes anywhere in a plan: a report, never a panic.
    #[test]
    fn any_bytes_in_a_plan_never_panic(at in 0..PLAN.len(), junk in proptest::collection::vec(any::<u8>(), 0..64)) {
        let mut bytes = PLAN.as_bytes().to_vec();
        bytes.splice(at..at, junk);
        let files = vec![
            RawFile { path: "venues.toml".into(), bytes: VENUES.into() },
            RawFile { path: "sessions.toml".into(), bytes: SESSIONS.into() },
            RawFile { path: "sections.toml".into(), bytes: SECTIONS.into() },
            RawFile { path: "plan/cnd-70.toml".into(), bytes },
        ];
        let loaded = store::load_files(DbSource::Embedded, files, date(TODAY));
        let _ = loaded.diagnostics.render(&loaded.sources);
        let _ = loaded.diagnostics.to_json(&loaded.sources);
    }
}

// --- Warnings: check still succeeds -----------------------------------------------

#[test]
fn meeting_outside_the_session() {
    Db::base()
        .edit(
            "plan/cnd-70.toml",
            "start = 2027-03-09T13:00:00\nend = 2027-03-09T14:00:00",
            "start = 2027-03-07T18:00:00\nend = 2027-03-07T19:00:00",
        )
        .check()
        .first(
            r#"warning: meeting "cnd70-x" (2027-03-07) is outside the session's days (2027-03-08 to 2027-03-12)"#,
            Some("plan/cnd-70.toml:21:9"),
            Some("fine for a briefing the day before; otherwise check the date"),
        )
        .counts(0, 1);
}

#[test]
fn more_delegates_than_allowed() {
    Db::base()
        .edit("sessions.toml", "max_delegates = 3", "max_delegates = 1")
        .check()
        .first(
            r#"warning: 2 delegates for "cnd-70", over the limit of 1"#,
            Some("plan/cnd-70.toml:2:11"),
            Some("the session's max_delegates is 1: take 1 off the [[delegate]] list"),
        )
        .counts(0, 1);
}

#[test]
fn registration_deadline_passed() {
    // Deadlines are the planning checks' business, which `attache check` runs on a
    // database that loads: so through the binary. The deadline is moved well before the
    // nomination letter's, which would warn too.
    let db = Db::base().edit(
        "sessions.toml",
        "registration_deadline = 2027-02-15",
        "registration_deadline = 2027-01-15",
    );
    let (report, code) = db.check_cli("2027-01-20");
    assert_eq!(code, Some(0), "warnings only: check succeeds");
    report
        .first(
            r#"warning: registration for "cnd-70" was due 5 days ago (2027-01-15) and 1 delegate is not registered: nikolic"#,
            Some("sessions.toml:11:25"),
            Some("register them (see the session's information note), then: attache accredit --session cnd-70 --person ID --step registered --on DATE"),
        )
        .counts(0, 1);
    // long before the deadline, or once the session is over, nobody needs telling
    assert_eq!(db.check_cli("2026-11-23").1, Some(0));
    assert!(
        db.check_cli("2026-11-23")
            .0
            .text
            .ends_with(": no problems found\n")
    );
    assert!(
        db.check_cli("2027-04-01")
            .0
            .text
            .ends_with(": no problems found\n")
    );
}

/// A tentative session is a planning check, which depends on the day: `check` (the
/// command) says it, with how to confirm; loading alone does not.
#[test]
fn tentative_session() {
    let db = Db::base().edit(
        "sessions.toml",
        r#"status = "confirmed""#,
        r#"status = "tentative""#,
    );
    db.check().counts(0, 0);
    let (report, code) = db.check_cli(TODAY);
    assert_eq!(code, Some(0));
    report
        .first(
            r#"warning: "cnd-70" is tentative: its dates (2027-03-08 to 2027-03-12) are not confirmed"#,
            Some("sessions.toml:13:10"),
            Some(r#"check the dates with the official calendar before booking travel, then: attache session confirm cnd-70 --source "...""#),
        )
        .counts(0, 1);
    // Within 60 days of the opening, and once it is over, it says so.
    let (soon, _) = db.check_cli("2027-01-20");
    assert!(
        soon.text.contains(r#""cnd-70" opens in 47 days"#),
        "{}",
        soon.text
    );
    let (past, _) = db.check_cli("2027-04-01");
    assert!(
        past.text
            .contains(r#""cnd-70" ended on 2027-03-12 and is still tentative"#),
        "{}",
        past.text
    );
}

// --- All at once, and through the binary ------------------------------------------------

/// Three independent faults in three files.
fn three_faults() -> Db {
    Db::base()
        .edit("venues.toml", "Europe/Vienna", "Europe/Viena")
        .edit(
            "sections.toml",
            "section = \"albania\"\n\n[[person]]\nid = \"pekic\"",
            "section = \"albania\"\n\n[[person]]\nid = \"Pekic\"",
        )
        .edit(
            "plan/cnd-70.toml",
            r#"["tomori", "nikolic"]"#,
            r#"["tomory", "nikolic"]"#,
        )
}

#[test]
fn all_problems_are_reported_at_once() {
    let report = three_faults().check();
    report
        .first(
            r#"error: unknown time zone "Europe/Viena" in venue "vic""#,
            Some("venues.toml:8:12"),
            None,
        )
        .shows("error: \"Pekic\" is not a valid person id")
        .shows("--> sections.toml:20:6")
        .shows("error: unknown person \"tomory\" in meeting \"cnd70-x\"")
        .shows("--> plan/cnd-70.toml:23:14")
        .counts(3, 0);
}

#[test]
fn check_exits_1_on_errors_and_0_on_warnings() {
    let out = three_faults().run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.ends_with("3 errors, 0 warnings\n"), "{stdout}");

    let out = Db::base()
        .edit(
            "sessions.toml",
            r#"status = "confirmed""#,
            r#"status = "tentative""#,
        )
        .run(&["check"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with("warning: \"cnd-70\" is tentative"),
        "{stdout}"
    );
    assert!(stdout.ends_with("0 errors, 1 warning\n"), "{stdout}");

    let out = Db::base().run(&["check"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .ends_with(": no problems found\n")
    );
}

#[test]
fn check_json_lists_every_problem_with_its_place() {
    let out = three_faults().run(&["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["errors"], 3);
    assert_eq!(json["warnings"], 0);
    let places: Vec<(String, u64, u64)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["place"]["file"].as_str().unwrap().to_string(),
                d["place"]["line"].as_u64().unwrap(),
                d["place"]["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            ("venues.toml".to_string(), 8, 12),
            ("sections.toml".to_string(), 20, 6),
            ("plan/cnd-70.toml".to_string(), 23, 14),
        ]
    );
}

#[test]
fn a_broken_database_stops_other_commands() {
    let out = three_faults().run(&["sessions"]);
    assert_eq!(out.status.code(), Some(2), "could not run");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("has errors: fix them first"), "{stderr}");
    // The errors of what it read (the calendar), counted, and no count of warnings
    // it never looked for.
    assert!(stderr.contains("\n1 error\n"), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    assert!(out.stdout.is_empty());
}

// --- The user story: the shipped data (the tests' copy of it) with one typo -------------

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn typo_in_an_attendee_of_the_shipped_data() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture::sample_dir(), dir.path());
    let plan = dir.path().join("plan/cnd-70.toml");
    let text = fs::read_to_string(&plan).unwrap();
    let from = r#"attendees = ["esempio", "primjeric"]"#;
    let line = text[..text.find(from).expect("the cnd70-vngoc attendees")]
        .lines()
        .count()
        + 1;
    fs::write(
        &plan,
        text.replacen(from, r#"attendees = ["esempio", "primjeirc"]"#, 1),
    )
    .unwrap();

    let loaded = store::load(&DbSource::Dir(dir.path().into()), date(TODAY));
    let errors: Vec<_> = loaded.diagnostics.errors().collect();
    assert_eq!(
        errors.len(),
        1,
        "{}",
        loaded.diagnostics.render(&loaded.sources)
    );
    assert_eq!(
        errors[0].render(&loaded.sources),
        format!(
            "error: unknown person \"primjeirc\" in meeting \"cnd70-vngoc\"\n\
             {pad}--> plan/cnd-70.toml:{line}:25\n\
             {pad} |\n\
             {line} | attendees = [\"esempio\", \"primjeirc\"]\n\
             {pad} |                         ^^^^^^^^^^^\n\
             {pad} = help: did you mean \"primjeric\"?\n",
            pad = " ".repeat(line.to_string().len())
        )
    );
}

/// A sessions.toml that does not parse must not hide the plans' own problems.
#[test]
fn a_broken_sessions_file_does_not_hide_a_plans_unknown_attendee() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    fixture::write_sample(&db);
    let sessions = db.join("sessions.toml");
    let mut text = std::fs::read_to_string(&sessions).unwrap();
    text.push_str("\n[[session]\n");
    std::fs::write(&sessions, text).unwrap();
    let plan = db.join("plan/cnd-70.toml");
    let text =
        std::fs::read_to_string(&plan)
            .unwrap()
            .replacen("\"mustermann\"", "\"musterman\"", 1);
    std::fs::write(&plan, text).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let loaded = attache::store::load(&attache::store::DbSource::Dir(db), today);
    let messages: Vec<&str> = loaded
        .diagnostics
        .errors()
        .map(|d| d.message.as_str())
        .collect();
    assert!(
        messages.iter().any(|m| m.starts_with("invalid TOML")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("unknown person \"musterman\"")),
        "{messages:?}"
    );
}
