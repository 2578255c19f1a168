//! The itinerary a delegate can trust (issue 13), tried on a delegation of its own for
//! the 36th CCPCJ (Monday 10 to Friday 14 May 2027): a head flying in from New York on
//! Saturday evening, a delegate there only on the 11th and 12th, one with dates but no
//! journey, one with neither.

use std::path::Path;

use attache::export::{self, Format, Options, Selection};
use attache::planning::{ItemKind, ops};
use attache::store::{self, DbSource, Loaded};
use attache::workspace::Workspace;
use chrono::{DateTime, NaiveDate, Utc};

use crate::fixture;

/// The command line on the database in `dir`, as of [`today`].
fn attache(dir: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_attache"))
        .args(["--db", dir, "--today", "2027-04-20"])
        .args(args)
        .env_remove("ATTACHE_DB")
        .output()
        .unwrap()
}

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 4, 20).unwrap()
}

const PEOPLE: &str = r#"
[[section]]
id = "usa"
name = "IPO USA"
country = "US"
timezone = "America/New_York"

[[person]]
id = "york"
name = "Nora York"
section = "usa"
email = "nora.york@example.org"
"#;

/// The plan: the lines a test changes are marked.
const PLAN: &str = r#"format = 1
session = "ccpcj-36"

[[delegate]]
person = "york"
role = "head"
arrive = 2027-05-09
depart = 2027-05-14

[[delegate]]
person = "esempio"
role = "delegate"
arrive = 2027-05-11
depart = 2027-05-12

[[delegate]]
person = "voorbeeld"
role = "adviser"
arrive = 2027-05-10T12:00:00
depart = 2027-05-13

[[delegate]]
person = "beispiel"
role = "observer"

[[meeting]]
id = "ccpcj36-briefing"
title = "👩‍💼 Briefing on خانه‌ها"
kind = "briefing"
room = "M7"
start = 2027-05-11T09:00:00
end = 2027-05-11T10:00:00
attendees = ["york", "esempio"]
status = "confirmed"

# Saturday 8 May, 18:00 in New York: already Sunday in Vienna.
[[travel]]
person = "york"
mode = "flight"
from = "New York JFK"
to = "Vienna VIE"
depart = 2027-05-08T18:00:00
depart_tz = "America/New_York"
arrive = 2027-05-09T08:05:00
arrive_tz = "Europe/Vienna"
number = "EX 100"

[[travel]]
person = "york"
mode = "flight"
from = "Vienna VIE"
to = "New York JFK"
depart = 2027-05-14T10:00:00+02:00
arrive = 2027-05-14T13:30:00-04:00
number = "EX 101"

[[stay]]
person = "york"
name = "Hotel Donaustadt Example"
check_in = 2027-05-09
check_out = 2027-05-14
"#;

/// The sample database with the USA section, Nora York and the plan above, in `dir`.
pub fn new_york_db(dir: &Path) -> Loaded {
    new_york_db_with(dir, PLAN)
}

fn new_york_db_with(dir: &Path, plan: &str) -> Loaded {
    fixture::write_sample(dir);
    let sections = dir.join("sections.toml");
    let text = std::fs::read_to_string(&sections).unwrap();
    std::fs::write(&sections, format!("{text}\n{PEOPLE}")).unwrap();
    std::fs::write(dir.join("plan/ccpcj-36.toml"), plan).unwrap();
    let loaded = store::load(&DbSource::Dir(dir.to_path_buf()), today());
    assert!(
        !loaded.diagnostics.has_errors(),
        "{}",
        loaded.diagnostics.render(&loaded.sources)
    );
    loaded
}

fn render(db: &attache::model::Database, format: Format, people: &[&str]) -> String {
    render_with(db, format, people, &Options::default())
}

fn render_with(
    db: &attache::model::Database,
    format: Format,
    people: &[&str],
    options: &Options,
) -> String {
    let selection = Selection {
        sessions: vec!["ccpcj-36".into()],
        people: people.iter().map(|p| p.to_string()).collect(),
        section: None,
    };
    export::export(db, format, &selection, options)
        .unwrap()
        .text
}

/// The text between a heading and the next one of the same kind.
fn under<'a>(text: &'a str, heading: &str, next: &str) -> &'a str {
    let start = text
        .find(heading)
        .unwrap_or_else(|| panic!("no {heading:?}"));
    let rest = &text[start + heading.len()..];
    &rest[..rest.find(next).unwrap_or(rest.len())]
}

#[test]
fn a_delegate_there_two_days_sees_those_two_of_five() {
    let tmp = tempfile::tempdir().unwrap();
    let db = new_york_db(tmp.path()).db;
    let md = render(&db, Format::Markdown, &["esempio"]);
    assert!(
        md.contains("day 2 of 5") && md.contains("day 3 of 5"),
        "{md}"
    );
    for n in [1, 4, 5] {
        assert!(!md.contains(&format!("day {n} of 5")), "day {n}: {md}");
    }
    assert!(
        md.contains("There: Tuesday 11 to Wednesday 12 May 2027"),
        "{md}"
    );
    // Arrival and departure are items even with no journey booked.
    let json: serde_json::Value =
        serde_json::from_str(&render(&db, Format::Json, &["voorbeeld"])).unwrap();
    let items = json["people"][0]["items"].as_array().unwrap();
    let kinds: Vec<&str> = items.iter().map(|i| i["kind"].as_str().unwrap()).collect();
    assert!(
        kinds.contains(&"arrival") && kinds.contains(&"departure"),
        "{kinds:?}"
    );
    let arrival = items.iter().find(|i| i["kind"] == "arrival").unwrap();
    assert_eq!(arrival["start"]["local"], "2027-05-10T12:00:00");
    let days = items.iter().filter(|i| i["kind"] == "session-day").count();
    assert_eq!(days, 4, "10 to 13 May");
    assert_eq!(
        json["people"][0]["delegations"][0]["present"]["from"],
        "dates"
    );
    // With neither dates nor journeys: the whole session, and a note that says so.
    let md = render(&db, Format::Markdown, &["beispiel"]);
    assert!(md.contains("Arrival and departure not set"), "{md}");
    assert_eq!(md.matches(" of 5)").count(), 5);
    // The delegation's page says who is there each day.
    let html = render(&db, Format::Html, &[]);
    let who = under(&html, "<dt>Who is there</dt>", "</dd>");
    assert!(
        who.contains(
            "Mon 10 May: Nora York, Sanne van Voorbeeld, Anna Beispiel (dates not set)<br>"
        ),
        "{who}"
    );
    assert!(
        who.contains("Tue 11 May: Nora York, Marco Esempio,"),
        "{who}"
    );
}

#[test]
fn the_delegates_dates_else_the_journeys_decide_the_days() {
    let tmp = tempfile::tempdir().unwrap();
    // York without dates: the flights say Sunday 9 (landing) to Friday 14 (leaving).
    let plan = PLAN.replacen("arrive = 2027-05-09\ndepart = 2027-05-14\n", "", 1);
    let db = new_york_db_with(tmp.path(), &plan).db;
    let json: serde_json::Value =
        serde_json::from_str(&render(&db, Format::Json, &["york"])).unwrap();
    let present = &json["people"][0]["delegations"][0]["present"];
    assert_eq!(present["first"], "2027-05-09");
    assert_eq!(present["last"], "2027-05-14");
    assert_eq!(present["from"], "journeys");
}

#[test]
fn the_new_york_evening_flight_is_saturdays_in_every_format() {
    let tmp = tempfile::tempdir().unwrap();
    let db = new_york_db(tmp.path()).db;
    let md = render(&db, Format::Markdown, &["york"]);
    let saturday = under(&md, "### Saturday 8 May 2027", "###");
    assert!(saturday.contains("Flight EX 100"), "{md}");
    assert!(saturday.contains("18:00 EDT"), "{saturday}");
    assert!(!under(&md, "### Sunday 9 May 2027", "###").contains("Flight EX 100"));
    // Both ends with their zones.
    assert!(
        saturday.contains("Sat 8 May 18:00 EDT (America/New\\_York)"),
        "{saturday}"
    );
    assert!(
        saturday.contains("Sun 9 May 08:05 CEST (Europe/Vienna)"),
        "{saturday}"
    );

    let html = render(&db, Format::Html, &["york"]);
    let saturday = under(&html, "<h3>Saturday 8 May 2027</h3>", "<h3>");
    assert!(saturday.contains("Flight EX 100"), "{saturday}");

    let csv = render(&db, Format::Csv, &["york"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let flight = reader
        .records()
        .map(Result::unwrap)
        .find(|r| r[col("title")].contains("EX 100"))
        .unwrap();
    assert_eq!(&flight[col("day")], "2027-05-08");
    assert_eq!(&flight[col("start")], "2027-05-08T18:00");

    let json: serde_json::Value =
        serde_json::from_str(&render(&db, Format::Json, &["york"])).unwrap();
    let items = json["people"][0]["items"].as_array().unwrap();
    let flight = items.iter().find(|i| i["kind"] == "travel").unwrap();
    assert_eq!(flight["day"], "2027-05-08");

    // The agenda, and the journey listing, put it on Saturday too.
    let dir = tmp.path().to_str().unwrap();
    let agenda = |day: &str| {
        let out = attache(dir, &["agenda", "--day", day, "--person", "york"]);
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(agenda("2027-05-08").contains("New York JFK to Vienna VIE"));
    assert!(!agenda("2027-05-09").contains("New York JFK to Vienna VIE"));
    let out = attache(
        dir,
        &[
            "travel",
            "list",
            "--session",
            "ccpcj-36",
            "--format",
            "json",
        ],
    );
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list["schema"], "attache-travel");
    assert_eq!(list["travel"][0]["id"], "york-flight-2027-05-08-1800");
    assert_eq!(list["travel"][0]["day"], "2027-05-08");
}

/// The UID of every event of `ics`, unfolded.
fn uids(ics: &str) -> Vec<String> {
    ics.replace("\r\n ", "")
        .lines()
        .filter_map(|l| l.strip_prefix("UID:"))
        .map(str::to_string)
        .collect()
}

#[test]
fn removing_an_earlier_journey_changes_no_other_uid() {
    let tmp = tempfile::tempdir().unwrap();
    let db = new_york_db(tmp.path()).db;
    let before = uids(&render(&db, Format::Ics, &["york"]));
    let back = "ccpcj-36/travel/york-flight-2027-05-14-1000@attache";
    assert!(before.iter().any(|u| u == back), "{before:?}");
    let tx = ops::remove_by_id(
        &db,
        "ccpcj-36",
        ItemKind::Travel,
        "york-flight-2027-05-08-1800",
    )
    .unwrap();
    let mut db2 = db.clone();
    tx.apply(&mut db2).unwrap();
    let after = uids(&render(&db2, Format::Ics, &["york"]));
    assert_eq!(after.iter().filter(|u| *u == back).count(), 1, "{after:?}");
    let gone = "ccpcj-36/travel/york-flight-2027-05-08-1800@attache";
    assert!(!after.iter().any(|u| u == gone));
    // Every other event keeps its UID.
    let mut expected: Vec<&String> = before.iter().filter(|u| *u != gone).collect();
    let mut got: Vec<&String> = after.iter().collect();
    expected.sort();
    got.sort();
    assert_eq!(got, expected);
}

/// The value of `name` in the event `uid` of `ics`.
fn property(ics: &str, uid: &str, name: &str) -> Option<String> {
    let text = ics.replace("\r\n ", "");
    let event = text
        .split("BEGIN:VEVENT")
        .find(|e| e.contains(&format!("UID:{uid}\r\n")))?;
    event
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{name}:")))
        .map(str::to_string)
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().to_utc()
}

#[test]
fn an_edit_records_when_and_sequence_grows_with_each_move() {
    let tmp = tempfile::tempdir().unwrap();
    let loaded = new_york_db(tmp.path());
    let mut ws = Workspace::from_loaded(loaded, today());
    let uid = "ccpcj36-briefing@attache";
    let ics = |ws: &Workspace| render(ws.db(), Format::Ics, &["york"]);
    assert_eq!(property(&ics(&ws), uid, "SEQUENCE").as_deref(), Some("0"));
    assert_eq!(property(&ics(&ws), uid, "LAST-MODIFIED"), None);

    let clock = std::sync::Arc::new(std::sync::Mutex::new(at("2027-04-20T09:00:00Z")));
    let read = clock.clone();
    ws.set_clock(Box::new(move || *read.lock().unwrap()));
    ws.apply(|db| ops::move_meeting(db, &"ccpcj36-briefing".into(), 30))
        .unwrap();
    let first = ics(&ws);
    assert_eq!(property(&first, uid, "SEQUENCE").as_deref(), Some("1"));
    assert_eq!(
        property(&first, uid, "LAST-MODIFIED").as_deref(),
        Some("20270420T090000Z")
    );
    // DTSTAMP is the last change: never in the future, the same for every event.
    assert_eq!(
        property(&first, uid, "DTSTAMP").as_deref(),
        Some("20270420T090000Z")
    );
    assert!(
        first
            .replace("\r\n ", "")
            .lines()
            .filter(|l| l.starts_with("DTSTAMP:"))
            .all(|l| l == "DTSTAMP:20270420T090000Z")
    );

    *clock.lock().unwrap() = at("2027-04-21T10:30:00Z");
    ws.apply(|db| {
        ops::edit_meeting(db, &"ccpcj36-briefing".into(), |m| {
            m.room = Some("M2".into())
        })
    })
    .unwrap();
    let second = ics(&ws);
    assert_eq!(property(&second, uid, "SEQUENCE").as_deref(), Some("2"));
    assert_eq!(
        property(&second, uid, "LAST-MODIFIED").as_deref(),
        Some("20270421T103000Z")
    );

    // A change of neither time nor place is recorded, without a new sequence.
    *clock.lock().unwrap() = at("2027-04-22T08:00:00Z");
    ws.apply(|db| {
        ops::edit_meeting(db, &"ccpcj36-briefing".into(), |m| {
            m.notes = Some("bring the report".into())
        })
    })
    .unwrap();
    let third = ics(&ws);
    assert_eq!(property(&third, uid, "SEQUENCE").as_deref(), Some("2"));
    assert_eq!(
        property(&third, uid, "LAST-MODIFIED").as_deref(),
        Some("20270422T080000Z")
    );
    // Other events keep theirs.
    let flight = "ccpcj-36/travel/york-flight-2027-05-08-1800@attache";
    assert_eq!(property(&third, flight, "SEQUENCE").as_deref(), Some("0"));

    // Saved and read back, the file keeps the record; the same data, the same bytes.
    ws.save().unwrap();
    let text = std::fs::read_to_string(tmp.path().join("plan/ccpcj-36.toml")).unwrap();
    assert!(
        text.contains("changed = 2027-04-22T08:00:00Z\nsequence = 2\n"),
        "{text}"
    );
    let reloaded = store::load(&DbSource::Dir(tmp.path().to_path_buf()), today());
    assert_eq!(render(&reloaded.db, Format::Ics, &["york"]), third);
    // Undo takes the record back with the change.
    ws.undo().unwrap();
    assert_eq!(property(&ics(&ws), uid, "SEQUENCE").as_deref(), Some("2"));
    assert_eq!(
        property(&ics(&ws), uid, "LAST-MODIFIED").as_deref(),
        Some("20270421T103000Z")
    );
}

#[test]
fn joiners_pass_through_every_format() {
    let tmp = tempfile::tempdir().unwrap();
    let db = new_york_db(tmp.path()).db;
    for format in Format::ALL {
        if matches!(format, Format::Letter | Format::LetterHtml) {
            continue; // the letters name people, not meetings
        }
        let text = render(&db, format, &["york"]).replace("\r\n ", "");
        let text = if format == Format::Json {
            // JSON may escape what it likes: read it back.
            serde_json::from_str::<serde_json::Value>(&text)
                .unwrap()
                .to_string()
        } else {
            text
        };
        assert!(text.contains("👩\u{200d}💼"), "{format:?} broke the emoji");
        assert!(
            text.contains("خانه\u{200c}ها"),
            "{format:?} broke the Persian word"
        );
        assert!(!text.contains("\\u{200d}"), "{format:?} escaped the joiner");
    }
}

#[test]
fn the_csv_starts_with_a_byte_order_mark_unless_asked_not_to() {
    let tmp = tempfile::tempdir().unwrap();
    let db = new_york_db(tmp.path()).db;
    let csv = render(&db, Format::Csv, &["york"]);
    assert!(csv.starts_with("\u{feff}session,person,"), "{}", &csv[..40]);
    let plain = render_with(
        &db,
        Format::Csv,
        &["york"],
        &Options {
            no_bom: true,
            ..Options::default()
        },
    );
    assert!(plain.starts_with("session,person,"));
    assert_eq!(csv.trim_start_matches('\u{feff}'), plain);
    // Formula protection is kept.
    assert!(!csv.contains(",=") && !csv.contains(",+"));
}

#[test]
fn the_letter_on_letterhead_is_ready_to_sign() {
    let tmp = tempfile::tempdir().unwrap();
    let db = new_york_db(tmp.path()).db;
    let options = Options {
        today: Some(today()),
        ..Options::default()
    };
    let html = render_with(&db, Format::LetterHtml, &[], &options);
    let letter = under(&html, "<article class=\"page\"", "</article>");
    for text in [
        "International Police Organization (IPO)",
        "in Special Consultative Status with the Economic and Social Council of the United Nations since 2022",
        "20 April 2027",
        "Secretariat to the Governing Bodies<br>",
        "United Nations Office on Drugs and Crime<br>",
        "Nomination of representatives to the 36th session of the Commission on Crime Prevention and Criminal Justice",
        "to be held from 10 to 14 May 2027 at the Vienna International Centre",
        "<td class=\"t\">YORK, Nora</td><td>Head of delegation</td><td class=\"t\">nora.york@example.org</td>",
        "<td class=\"t\">ESEMPIO, Marco</td>",
        "Dr. Mareglen Tomori",
        "Executive President – CEO",
    ] {
        assert!(letter.contains(text), "no {text:?} in\n{letter}");
    }
    // A4, and the warnings on screen only.
    assert!(html.contains("@page { size: A4;"));
    assert!(html.contains(".warnings { display: none; }"));
    assert!(!letter.contains("WARNING") && !letter.contains("tentative"));

    // Late, with someone without an email and one with a single name: both letters say so.
    let late = Options {
        today: NaiveDate::from_ymd_opt(2027, 5, 5),
        ..Options::default()
    };
    let mut db = db;
    db.people.get_mut("york").unwrap().email = None;
    db.people.get_mut("esempio").unwrap().name = "Esempio".into();
    for format in [Format::Letter, Format::LetterHtml] {
        let text = render_with(&db, format, &[], &late);
        assert!(
            text.contains("the letter was due on Monday 3 May 2027 (2 days ago)"),
            "{format:?}: {text}"
        );
        assert!(text.contains("no email address for york"), "{format:?}");
        assert!(
            text.contains("only one name known for esempio"),
            "{format:?}"
        );
    }
    // Over the limit.
    let mut db = db;
    db.sessions.get_mut("ccpcj-36").unwrap().max_delegates = Some(3);
    let text = render_with(&db, Format::LetterHtml, &[], &late);
    assert!(
        text.contains("4 people are listed, but this session accepts at most 3 per NGO"),
        "{text}"
    );
}

#[test]
fn check_warns_of_a_journey_that_misses_the_city_and_a_stay_outside_the_days() {
    let tmp = tempfile::tempdir().unwrap();
    let plan = PLAN.replace("to = \"Vienna VIE\"", "to = \"VIE\"").replace(
        "check_in = 2027-05-09\ncheck_out = 2027-05-14",
        "check_in = 2027-05-07\ncheck_out = 2027-05-14",
    );
    new_york_db_with(tmp.path(), &plan);
    let out = attache(tmp.path().to_str().unwrap(), &["check"]);
    let text =
        String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "warnings only: {text}");
    assert!(
        text.contains("none of york's journeys goes to Vienna (the venue's city)"),
        "{text}"
    );
    assert!(text.contains("stay \"york\" (2027-05-07 to 2027-05-14) is outside the days york is there (2027-05-09 to 2027-05-14)"), "{text}");
    assert!(text.contains("plan/ccpcj-36.toml:"), "{text}");
}

#[test]
fn a_file_without_ids_gets_them_at_its_next_save_and_keeps_its_order() {
    let tmp = tempfile::tempdir().unwrap();
    let loaded = new_york_db(tmp.path());
    let path = tmp.path().join("plan/ccpcj-36.toml");
    let before = std::fs::read_to_string(&path).unwrap();
    assert!(!before.contains("id = \"york"));
    let mut ws = Workspace::from_loaded(loaded, today());
    ws.apply(|db| ops::move_meeting(db, &"ccpcj36-briefing".into(), 15))
        .unwrap();
    ws.save().unwrap();
    let after = std::fs::read_to_string(&path).unwrap();
    for (table, id) in [
        ("[[travel]]", "york-flight-2027-05-08-1800"),
        ("[[travel]]", "york-flight-2027-05-14-1000"),
        ("[[stay]]", "york-stay-2027-05-09"),
    ] {
        assert!(
            after.contains(&format!("{table}\nid = \"{id}\"\nperson = \"york\"")),
            "{after}"
        );
    }
    // Nothing else moved: without the id lines and the meeting's times, the same text.
    let strip = |s: &str| -> Vec<String> {
        s.lines()
            .filter(|l| {
                !l.starts_with("id = \"york")
                    && !l.starts_with("start =")
                    && !l.starts_with("end =")
            })
            .map(str::to_string)
            .collect()
    };
    assert_eq!(strip(&after), strip(&before));
    // Loaded again, the ids are the same, so the calendar's UIDs are too.
    let reloaded = store::load(&DbSource::Dir(tmp.path().to_path_buf()), today());
    let ids: Vec<&str> = reloaded.db.plans["ccpcj-36"]
        .travel
        .iter()
        .map(|t| t.id.as_str())
        .collect();
    assert_eq!(
        ids,
        ["york-flight-2027-05-08-1800", "york-flight-2027-05-14-1000"]
    );
}

/// Each event's UID with its DTSTART: what a calendar matches and shows.
fn events(ics: &str) -> std::collections::BTreeMap<String, String> {
    let text = ics.replace("\r\n ", "");
    text.split("BEGIN:VEVENT")
        .skip(1)
        .filter_map(|e| {
            let get = |name: &str| {
                e.lines()
                    .find_map(|l| l.strip_prefix(name))
                    .map(str::to_string)
            };
            Some((get("UID:")?, get("DTSTART")?))
        })
        .collect()
}

/// `n` journeys of Nora York as a plan file writes them, without ids (as files made
/// before ids were), from (day of May, hour, by train) each.
fn journeys(legs: &[(u32, u32, bool)]) -> String {
    legs.iter()
        .map(|(day, hour, train)| {
            format!(
                "\n[[travel]]\nperson = \"york\"\nmode = \"{}\"\nfrom = \"New York JFK\"\nto = \"Vienna VIE\"\ndepart = 2027-05-{day:02}T{hour:02}:00:00+02:00\narrive = 2027-05-{day:02}T{hour:02}:30:00+02:00\n",
                if *train { "train" } else { "flight" }
            )
        })
        .collect()
}

use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(crate::property_cases::cases(24)))]

    /// Removing any one journey, or writing them in another order, changes no other
    /// event's UID nor what that UID shows: a calendar updates, never duplicates.
    #[test]
    fn no_journey_takes_anothers_uid(
        legs in prop::collection::btree_set((1u32..9, 6u32..22, any::<bool>()), 2..6),
        pick in any::<prop::sample::Index>(),
    ) {
        let legs: Vec<_> = legs.into_iter().collect();
        let base = PLAN.split("\n[[travel]]").next().unwrap().to_string();
        let tmp = tempfile::tempdir().unwrap();
        let db = new_york_db_with(tmp.path(), &format!("{base}{}", journeys(&legs))).db;
        let before = events(&render(&db, Format::Ics, &["york"]));

        let gone = &db.plans["ccpcj-36"].travel[pick.index(legs.len())].id;
        let tx = ops::remove_by_id(&db, "ccpcj-36", ItemKind::Travel, gone).unwrap();
        let mut fewer = db.clone();
        tx.apply(&mut fewer).unwrap();
        let mut expected = before.clone();
        expected.remove(&format!("ccpcj-36/travel/{gone}@attache"));
        prop_assert_eq!(events(&render(&fewer, Format::Ics, &["york"])), expected);

        let mut reversed = legs.clone();
        reversed.reverse();
        let other = tempfile::tempdir().unwrap();
        let db = new_york_db_with(other.path(), &format!("{base}{}", journeys(&reversed))).db;
        prop_assert_eq!(events(&render(&db, Format::Ics, &["york"])), before);
    }
}
