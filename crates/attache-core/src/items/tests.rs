//! Each rule of an item is one rule: the loader and the operations find the same
//! problems, with the same words, and what the writer writes the reader reads.

use crate::ids::SessionId;
use chrono::{NaiveDate, NaiveDateTime};

use super::*;
use crate::model::Role;
use crate::planning::{DelegateChange, ops};
use crate::store::{self, DbSource, Loaded, RawFile};

/// The top-level files of a small database: one venue in Vienna, a session across the
/// spring daylight-saving change (2027-03-28, 02:00 -> 03:00), four people.
pub(crate) const TOP: [(&str, &str); 3] = [
    (
        "venues.toml",
        r#"[[venue]]
id = "vic"
name = "Vienna International Centre"
city = "Vienna"
country = "AT"
timezone = "Europe/Vienna"
address = "Wagramer Strasse 5"
rooms = ["M2", "M7"]
"#,
    ),
    (
        "sessions.toml",
        r#"[[session]]
id = "cnd-70"
body = "CND"
title = "CND 70"
kind = "regular"
venue = "vic"
start = 2027-03-22
end = 2027-04-02
"#,
    ),
    (
        "sections.toml",
        r#"[[section]]
id = "hq"
name = "HQ"
country = "IT"
timezone = "Europe/Rome"

[[person]]
id = "ana"
name = "Ana Example"
section = "hq"

[[person]]
id = "ben"
name = "Ben Sample"
section = "hq"

[[person]]
id = "cleo"
name = "Cleo Muster"
section = "hq"

[[person]]
id = "dan"
name = "Dan Probe"
section = "hq"
"#,
    ),
];

pub(crate) fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

pub(crate) fn at(s: &str) -> NaiveDateTime {
    crate::time::parse_local(s).unwrap()
}

/// The small database with `plan` as the plan of cnd-70, loaded from memory.
fn load(plan: &str) -> Loaded {
    let mut files: Vec<RawFile> = TOP
        .iter()
        .map(|(path, text)| RawFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        })
        .collect();
    files.push(RawFile {
        path: "plan/cnd-70.toml".into(),
        bytes: format!("session = \"cnd-70\"\n{plan}").into_bytes(),
    });
    store::load_files(DbSource::Embedded, files, today())
}

const DELEGATES: &str = r#"
[[delegate]]
person = "ana"
role = "head"

[[delegate]]
person = "ben"
role = "delegate"
"#;

/// The one error of a plan holding the delegates above and `items`.
#[track_caller]
fn load_error(items: &str) -> Diagnostic {
    let loaded = load(&format!("{DELEGATES}{items}"));
    let errors: Vec<&Diagnostic> = loaded.diagnostics.errors().collect();
    let [e] = errors.as_slice() else {
        panic!("{}", loaded.diagnostics.render(&loaded.sources));
    };
    assert!(e.span.is_some(), "{e:?}");
    (*e).clone()
}

/// The database of a plan that loads without errors.
#[track_caller]
fn db(items: &str) -> Database {
    let loaded = load(&format!("{DELEGATES}{items}"));
    assert!(
        !loaded.diagnostics.has_errors(),
        "{}",
        loaded.diagnostics.render(&loaded.sources)
    );
    loaded.db
}

/// An item read from the keys of its table, as the loader reads it. Tests build items
/// from these and change what they test, so that a new optional key touches none.
#[track_caller]
pub(crate) fn item<T: PlanItem>(keys: &str) -> T {
    let text = format!("[[{}]]\n{keys}", T::TABLE);
    let doc = DeTable::parse(&text).unwrap();
    let list = doc.get_ref().get(T::TABLE).unwrap();
    let table = &list.get_ref().as_array().unwrap()[0];
    let mut diags = Diagnostics::default();
    let item = read(
        table.get_ref().as_table().unwrap(),
        table.span(),
        FileId(0),
        &mut diags,
    );
    assert!(diags.items.is_empty(), "{diags:?}");
    item.unwrap()
}

pub(crate) fn a_meeting() -> Meeting {
    item(
        r#"id = "m1"
title = "Bilateral"
kind = "bilateral"
room = "M2"
start = 2027-03-23T13:00:00
end = 2027-03-23T14:00:00
attendees = ["ana"]"#,
    )
}

fn meeting(title: &str, start: &str, end: &str) -> Meeting {
    Meeting {
        title: title.into(),
        start: at(start),
        end: at(end),
        ..a_meeting()
    }
}

/// The loader's message and the operation's refusal are the same words.
#[track_caller]
fn same_words(loaded: &Diagnostic, refused: ops::OpError) {
    assert_eq!(refused.message, loaded.message);
    assert_eq!(refused.help, loaded.help);
}

#[test]
fn an_empty_title_does_not_load_as_no_edit_accepts_it() {
    let e = load_error(
        "[[meeting]]\nid = \"m1\"\ntitle = \"\"\nstart = 2027-03-23T13:00:00\nend = 2027-03-23T14:00:00\n",
    );
    assert_eq!(e.message, "a meeting needs a title");
    let refused = ops::add_meeting(
        &db(""),
        &SessionId::from("cnd-70"),
        meeting(" ", "2027-03-23 13:00", "2027-03-23 14:00"),
    );
    same_words(&e, refused.unwrap_err());
}

#[test]
fn a_meeting_that_ends_before_it_starts_is_one_rule() {
    let e = load_error(
        "[[meeting]]\nid = \"m1\"\ntitle = \"Bilateral\"\nstart = 2027-03-23T13:00:00\nend = 2027-03-23T12:00:00\n",
    );
    let m = meeting("Bilateral", "2027-03-23 13:00", "2027-03-23 12:00");
    same_words(
        &e,
        ops::add_meeting(&db(""), &SessionId::from("cnd-70"), m).unwrap_err(),
    );
    let e = load_error(
        "[[meeting]]\nid = \"m1\"\ntitle = \"Bilateral\"\nstart = 2027-03-23T13:00:00\nend = 2027-03-23T13:00:00\n",
    );
    let m = meeting("Bilateral", "2027-03-23 13:00", "2027-03-23 13:00");
    same_words(
        &e,
        ops::add_meeting(&db(""), &SessionId::from("cnd-70"), m).unwrap_err(),
    );
}

#[test]
fn a_meeting_id_is_a_slug_for_the_loader_and_the_operations() {
    let e = load_error(
        "[[meeting]]\nid = \"M 1\"\ntitle = \"Bilateral\"\nstart = 2027-03-23T13:00:00\nend = 2027-03-23T14:00:00\n",
    );
    let mut m = meeting("Bilateral", "2027-03-23 13:00", "2027-03-23 14:00");
    m.id = "M 1".into();
    same_words(
        &e,
        ops::add_meeting(&db(""), &SessionId::from("cnd-70"), m).unwrap_err(),
    );
}

#[test]
fn a_meeting_time_the_clocks_skip_is_one_rule() {
    let e = load_error(
        "[[meeting]]\nid = \"m1\"\ntitle = \"Bilateral\"\nstart = 2027-03-28T02:30:00\nend = 2027-03-28T04:00:00\n",
    );
    let m = meeting("Bilateral", "2027-03-28 02:30", "2027-03-28 04:00");
    same_words(
        &e,
        ops::add_meeting(&db(""), &SessionId::from("cnd-70"), m).unwrap_err(),
    );
}

/// The delegate form (which calls `ops::assign`) accepted an arrival in the spring gap
/// that the meeting and journey forms refuse, and the loader did too.
#[test]
fn an_arrival_the_clocks_skip_does_not_load_and_is_refused() {
    let e = load_error(
        "[[delegate]]\nperson = \"cleo\"\nrole = \"adviser\"\narrive = 2027-03-28T02:30:00\n",
    );
    assert_eq!(
        e.message,
        "arrive of delegate \"cleo\": 2027-03-28 02:30 does not exist in Europe/Vienna: the clocks skip it for daylight saving"
    );
    let change = DelegateChange {
        role: Some(Role::Adviser),
        arrive: Some(Some(DayOrTime::Time(at("2027-03-28 02:30")))),
        ..Default::default()
    };
    same_words(
        &e,
        ops::assign(&db(""), &"cnd-70".into(), &"cleo".into(), change).unwrap_err(),
    );
    // Changing the dates of someone in the delegation, as the form does.
    let change = DelegateChange {
        depart: Some(Some(DayOrTime::Time(at("2027-03-28 02:30")))),
        ..Default::default()
    };
    let refused = ops::assign(&db(""), &"cnd-70".into(), &"ben".into(), change).unwrap_err();
    assert!(
        refused.message.starts_with("depart of delegate \"ben\": "),
        "{refused}"
    );
    // A day alone, or a time that exists, is fine.
    for when in [
        DayOrTime::Day(at("2027-03-28 00:00").date()),
        DayOrTime::Time(at("2027-03-28 03:30")),
    ] {
        let change = DelegateChange {
            arrive: Some(Some(when)),
            ..Default::default()
        };
        ops::assign(&db(""), &"cnd-70".into(), &"ben".into(), change).unwrap();
    }
}

#[test]
fn a_departure_in_the_repeated_hour_does_not_load() {
    let e = load_error(
        "[[delegate]]\nperson = \"cleo\"\nrole = \"adviser\"\ndepart = 2027-10-31T02:30:00\n",
    );
    assert!(
        e.message.contains("happens twice in Europe/Vienna"),
        "{e:?}"
    );
    assert_eq!(
        e.help.as_deref(),
        Some("the clocks go back and this hour happens twice: move the departure out of it")
    );
}

#[test]
fn a_delegate_who_departs_before_arriving_is_one_rule() {
    let e = load_error(
        "[[delegate]]\nperson = \"cleo\"\nrole = \"adviser\"\narrive = 2027-03-23\ndepart = 2027-03-22\n",
    );
    let change = DelegateChange {
        role: Some(Role::Adviser),
        arrive: Some(Some(DayOrTime::Day(at("2027-03-23 00:00").date()))),
        depart: Some(Some(DayOrTime::Day(at("2027-03-22 00:00").date()))),
        ..Default::default()
    };
    same_words(
        &e,
        ops::assign(&db(""), &"cnd-70".into(), &"cleo".into(), change).unwrap_err(),
    );
}

#[test]
fn an_unknown_delegate_is_one_rule() {
    let e = load_error("[[delegate]]\nperson = \"bem\"\nrole = \"adviser\"\n");
    let change = DelegateChange {
        role: Some(Role::Adviser),
        ..Default::default()
    };
    same_words(
        &e,
        ops::assign(&db(""), &"cnd-70".into(), &"bem".into(), change).unwrap_err(),
    );
    assert_eq!(e.help.as_deref(), Some("did you mean \"ben\"?"));
}

fn travel(from: &str, to: &str) -> Travel {
    Travel {
        from: from.into(),
        to: to.into(),
        ..item(TRAVEL.trim_start_matches("[[travel]]\n"))
    }
}

const TRAVEL: &str = "[[travel]]\nperson = \"ana\"\nmode = \"train\"\nfrom = \"Rome\"\nto = \"Vienna\"\ndepart = 2027-03-21T09:00:00\ndepart_tz = \"Europe/Rome\"\narrive = 2027-03-21T10:30:00\narrive_tz = \"Europe/Vienna\"\n";

#[test]
fn a_journey_from_nowhere_does_not_load_as_no_edit_accepts_it() {
    db(TRAVEL);
    let e = load_error(&TRAVEL.replace("from = \"Rome\"", "from = \"\""));
    assert!(e.message.contains("needs where it leaves from"), "{e:?}");
    same_words(
        &e,
        ops::put_travel(
            &db(""),
            &SessionId::from("cnd-70"),
            None,
            travel("", "Vienna"),
        )
        .unwrap_err(),
    );
    let e = load_error(&TRAVEL.replace("to = \"Vienna\"", "to = \" \""));
    same_words(
        &e,
        ops::put_travel(
            &db(""),
            &SessionId::from("cnd-70"),
            None,
            travel("Rome", " "),
        )
        .unwrap_err(),
    );
}

#[test]
fn a_journey_that_arrives_before_it_departs_is_one_rule() {
    let e = load_error(&TRAVEL.replace("10:30:00", "08:30:00"));
    let mut t = travel("Rome", "Vienna");
    t.arrive = crate::time::parse_moment("2027-03-21 08:30", Some("Europe/Vienna")).unwrap();
    same_words(
        &e,
        ops::put_travel(&db(""), &SessionId::from("cnd-70"), None, t).unwrap_err(),
    );
}

const STAY: &str = "[[stay]]\nperson = \"ana\"\nname = \"Hotel Post\"\ncheck_in = 2027-03-21\ncheck_out = 2027-03-25\n";

fn stay(name: &str, check_in: &str, check_out: &str) -> Stay {
    Stay {
        name: name.into(),
        check_in: check_in.parse().unwrap(),
        check_out: check_out.parse().unwrap(),
        ..item(STAY.trim_start_matches("[[stay]]\n"))
    }
}

#[test]
fn a_hotel_without_a_name_does_not_load_as_no_edit_accepts_it() {
    db(STAY);
    let e = load_error(&STAY.replace("Hotel Post", ""));
    assert!(e.message.contains("needs the hotel's name"), "{e:?}");
    let refused = ops::put_stay(
        &db(""),
        &SessionId::from("cnd-70"),
        None,
        stay("", "2027-03-21", "2027-03-25"),
    );
    same_words(&e, refused.unwrap_err());
}

/// Checking out before checking in is refused alike by the loader and an edit; the
/// same day is a day use, accepted by both.
#[test]
fn a_stay_that_ends_before_it_starts_is_one_rule() {
    let e = load_error(&STAY.replace("2027-03-25", "2027-03-20"));
    let refused = ops::put_stay(
        &db(""),
        &SessionId::from("cnd-70"),
        None,
        stay("Hotel Post", "2027-03-21", "2027-03-20"),
    );
    same_words(&e, refused.unwrap_err());
    db(&STAY.replace("2027-03-25", "2027-03-21"));
    let day_use = stay("Hotel Post", "2027-03-21", "2027-03-21");
    assert!(ops::put_stay(&db(""), &SessionId::from("cnd-70"), None, day_use).is_ok());
}

#[test]
fn an_unknown_traveller_is_one_rule() {
    let e = load_error(&TRAVEL.replace("person = \"ana\"", "person = \"anna\""));
    let mut t = travel("Rome", "Vienna");
    t.person = "anna".into();
    same_words(
        &e,
        ops::put_travel(&db(""), &SessionId::from("cnd-70"), None, t).unwrap_err(),
    );
}

/// A text longer than the loader reads was accepted by the operations, and saved into a
/// file that would then not load.
#[test]
fn an_edit_too_long_to_load_is_refused() {
    let mut m = meeting("Bilateral", "2027-03-23 13:00", "2027-03-23 14:00");
    m.notes = Some("x".repeat(crate::store::fields::MAX_TEXT + 1));
    let refused = ops::add_meeting(&db(""), &SessionId::from("cnd-70"), m).unwrap_err();
    assert!(
        refused
            .message
            .contains("\"notes\" in meeting \"m1\" is too long"),
        "{refused}"
    );
}

/// Whatever the writer writes, the reader reads back as it was, optional keys
/// included (the reader refuses a key it does not know, so a key only written fails
/// here too).
#[test]
fn every_key_written_is_read_back() {
    #[track_caller]
    fn round_trip<T: PlanItem + std::fmt::Debug>(keys: &str) {
        let item: T = item(keys);
        let mut diags = Diagnostics::default();
        assert_eq!(reread(&item, &mut diags).as_ref(), Some(&item));
        assert!(diags.items.is_empty(), "{diags:?}");
        let written: Vec<&str> = item
            .write()
            .iter()
            .filter(|(_, v)| v.is_some())
            .map(|(k, _)| *k)
            .collect();
        let read: Vec<&str> = keys
            .lines()
            .filter_map(|l| l.split_once(" = "))
            .map(|(k, _)| k)
            .collect();
        assert_eq!(written, read, "keys written, in order");
    }
    round_trip::<Delegate>(
        r#"person = "ana"
role = "deputy"
arrive = 2027-03-21T18:30:00
depart = 2027-03-26
registered = true
notes = "notes""#,
    );
    round_trip::<Meeting>(
        r#"id = "m1"
title = "Bilateral"
with = "UNODC"
kind = "bilateral"
room = "M2"
start = 2027-03-23T13:00:00
end = 2027-03-23T14:00:00
attendees = ["ana", "ben"]
status = "confirmed"
notes = "notes""#,
    );
    round_trip::<Travel>(
        r#"person = "ana"
mode = "train"
from = "Rome"
to = "Vienna"
depart = 2027-03-21T09:00:00+01:00
arrive = 2027-03-21T10:30:00
arrive_tz = "Europe/Vienna"
carrier = "ÖBB"
number = "RJ 130"
ref = "ABC"
notes = "notes""#,
    );
    round_trip::<Stay>(
        r#"person = "ana"
name = "Hotel Post"
address = "Post Strasse 1"
check_in = 2027-03-21
check_out = 2027-03-25
ref = "H-1"
notes = "notes""#,
    );
}
