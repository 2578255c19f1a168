//! The planning engine end to end: operations, clash checks, undo, and saving back into
//! hand-written files without disturbing them.

use crate::property_cases;
use attache::ids::{MeetingId, SessionId};

use std::fs;
use std::path::Path;

use attache::model::{MeetingKind, MeetingStatus, Role};
use attache::planning::checks::{self, FindingKind};
use attache::planning::{DelegateChange, Editor, ops};
use attache::store::{self, DbSource, Loaded, save};
use chrono::{NaiveDate, NaiveDateTime};
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap()
}

const VENUES: &str = r#"format = 1
[[venue]]
id = "vic"
name = "Vienna International Centre"
city = "Vienna"
country = "AT"
timezone = "Europe/Vienna"
address = "Wagramer Strasse 5"
rooms = ["M2", "M7"]
"#;

const SESSIONS: &str = r#"format = 1
[[session]]
id = "cnd-70"
body = "CND"
title = "CND 70"
kind = "regular"
venue = "vic"
start = 2027-03-22
end = 2027-04-02

[[session]]
id = "ccpcj-36"
body = "CCPCJ"
title = "CCPCJ 36"
kind = "regular"
venue = "vic"
start = 2027-03-22
end = 2027-03-26
"#;

const SECTIONS: &str = r#"format = 1
[[section]]
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
"#;

/// A plan written by a person: comments everywhere, odd spacing, keys out of order.
const PLAN: &str = r#"# Our plan for CND 70 -- keep this comment!
format = 1
session = "cnd-70"

# The head first.
[[delegate]]
role   = "head"      # decided in January
person = "ana"
arrive = 2027-03-21

[[delegate]]
person = "ben"
role = "delegate"

# --- meetings ---
[[meeting]]
id = "m1"
title = "Bilateral"   # with the Alliance
kind = "bilateral"
room = "M2"
start = 2027-03-23T13:00:00
end = 2027-03-23T14:00:00
attendees = ["ana", "ben"]
status = "confirmed"

[[meeting]]
id = "m2"
title = "Lab visit"
kind = "visit"
start = 2027-03-24T09:00:00
end = 2027-03-24T10:00:00
attendees = ["ana"]

# trailing comment at the end of the file
"#;

fn write_db(dir: &Path) {
    fs::create_dir_all(dir.join("plan")).unwrap();
    fs::write(dir.join("venues.toml"), VENUES).unwrap();
    fs::write(dir.join("sessions.toml"), SESSIONS).unwrap();
    fs::write(dir.join("sections.toml"), SECTIONS).unwrap();
    fs::write(dir.join("plan/cnd-70.toml"), PLAN).unwrap();
}

fn open(dir: &Path) -> Loaded {
    let loaded = store::load(&DbSource::Dir(dir.to_path_buf()), today());
    assert!(
        !loaded.diagnostics.has_errors(),
        "{}",
        loaded.diagnostics.render(&loaded.sources)
    );
    loaded
}

/// Apply ops through an editor and save; returns the editor.
fn edit_and_save(dir: &Path, f: impl FnOnce(&mut Editor)) -> Editor {
    let loaded = open(dir);
    let mut editor = Editor::new(loaded.db.clone());
    f(&mut editor);
    save::save(&loaded, &editor).unwrap();
    editor
}

/// Lines removed and added between two texts (a plain line diff by position is
/// enough here: edits never add or remove lines in the middle of these tests).
fn changed_lines(a: &str, b: &str) -> Vec<(String, String)> {
    a.lines()
        .zip(b.lines())
        .filter(|(x, y)| x != y)
        .map(|(x, y)| (x.to_string(), y.to_string()))
        .collect()
}

#[test]
fn a_journey_during_a_meeting_is_a_travel_clash_said_in_both_zones() {
    let dir = tempfile::tempdir().unwrap();
    write_db(dir.path());
    let journey = r#"
[[travel]]
person = "ben"
mode = "train"
from = "Zagreb Glavni"
to = "Wien Hbf"
depart = 2027-03-23T12:00:00+01:00
arrive = 2027-03-23T13:40:00+01:00
"#;
    let plan = dir.path().join("plan/cnd-70.toml");
    fs::write(&plan, format!("{PLAN}{journey}")).unwrap();
    let loaded = open(dir.path());
    let found = checks::clashes(&loaded.db).findings;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].kind, FindingKind::TravelClash);
    assert_eq!(found[0].meetings, vec!["m1"]);
    let said = found[0].diagnostic();
    assert_eq!(
        said.message,
        "ben is travelling during meeting \"m1\" (2027-03-23 13:00 to 14:00 Europe/Vienna): travel Zagreb Glavni to Wien Hbf (2027-03-23 11:00 to 12:40 UTC)"
    );
    assert_eq!(
        said.help.as_deref(),
        Some("move the meeting, or take ben off it")
    );
    // It points at the later of the two: the meeting's start.
    let place = said.location(&loaded.sources).unwrap();
    assert!(place.ends_with("cnd-70.toml:21:9"), "{place}");
}

#[test]
fn moving_a_meeting_changes_exactly_its_two_time_lines() {
    let dir = tempfile::tempdir().unwrap();
    write_db(dir.path());
    edit_and_save(dir.path(), |e| {
        let tx = ops::move_meeting(e.db(), &MeetingId::from("m1"), 30).unwrap();
        e.apply(tx).unwrap();
    });
    let after = fs::read_to_string(dir.path().join("plan/cnd-70.toml")).unwrap();
    assert_eq!(after.lines().count(), PLAN.lines().count());
    assert_eq!(
        changed_lines(PLAN, &after),
        vec![
            (
                "start = 2027-03-23T13:00:00".into(),
                "start = 2027-03-23T13:30:00".into()
            ),
            (
                "end = 2027-03-23T14:00:00".into(),
                "end = 2027-03-23T14:30:00".into()
            ),
        ]
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("plan/cnd-70.toml.bak")).unwrap(),
        PLAN
    );
}

#[test]
fn changing_a_role_keeps_the_comment_on_its_line() {
    let dir = tempfile::tempdir().unwrap();
    write_db(dir.path());
    edit_and_save(dir.path(), |e| {
        let change = DelegateChange {
            role: Some(Role::Deputy),
            ..Default::default()
        };
        let tx = ops::assign(e.db(), &"cnd-70".into(), &"ana".into(), change).unwrap();
        e.apply(tx).unwrap();
    });
    let after = fs::read_to_string(dir.path().join("plan/cnd-70.toml")).unwrap();
    assert_eq!(
        changed_lines(PLAN, &after),
        vec![(
            "role   = \"head\"      # decided in January".into(),
            "role   = \"deputy\"      # decided in January".into()
        )]
    );
}

#[test]
fn new_items_are_appended_and_everything_else_stays() {
    let dir = tempfile::tempdir().unwrap();
    write_db(dir.path());
    edit_and_save(dir.path(), |e| {
        let tx = ops::assign(
            e.db(),
            &"cnd-70".into(),
            &"cleo".into(),
            DelegateChange::default(),
        )
        .unwrap();
        e.apply(tx).unwrap();
    });
    let after = fs::read_to_string(dir.path().join("plan/cnd-70.toml")).unwrap();
    // Every original line is still there, in order.
    let mut rest = after.lines();
    for line in PLAN.lines() {
        assert!(rest.any(|l| l == line), "lost or moved: {line:?}\n{after}");
    }
    assert!(after.starts_with("# Our plan for CND 70 -- keep this comment!\n"));
    assert!(
        after
            .contains("[[delegate]]\nperson = \"cleo\"\nrole = \"delegate\"\nregistered = false\n")
    );
    let reloaded = open(dir.path());
    assert!(reloaded.db.plans["cnd-70"].delegate("cleo").is_some());
}

#[test]
fn unassign_removes_from_meetings_and_undo_restores_bytes() {
    let dir = tempfile::tempdir().unwrap();
    write_db(dir.path());
    let loaded = open(dir.path());
    let mut e = Editor::new(loaded.db.clone());
    let tx = ops::unassign(e.db(), &"cnd-70".into(), &"ben".into()).unwrap();
    e.apply(tx).unwrap();
    assert_eq!(
        e.db().plans["cnd-70"].meeting("m1").unwrap().attendees,
        vec!["ana"]
    );
    assert!(e.is_dirty());
    e.undo().unwrap();
    assert!(!e.is_dirty());
    save::save(&loaded, &e).unwrap();
    assert_eq!(
        fs::read_to_string(dir.path().join("plan/cnd-70.toml")).unwrap(),
        PLAN
    );
}

#[test]
fn a_second_head_is_refused_with_a_way_out() {
    let dir = tempfile::tempdir().unwrap();
    write_db(dir.path());
    let db = open(dir.path()).db;
    let err = ops::assign(
        &db,
        &"cnd-70".into(),
        &"ben".into(),
        DelegateChange {
            role: Some(Role::Head),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(
        err.message,
        "ana is already head of the delegation to cnd-70"
    );
    assert!(err.help.unwrap().contains("--role deputy"));
    let err = ops::assign(
        &db,
        &"cnd-70".into(),
        &"bem".into(),
        DelegateChange::default(),
    )
    .unwrap_err();
    assert_eq!(err.help.as_deref(), Some("did you mean \"ben\"?"));
}

#[test]
fn a_meeting_in_the_dst_gap_is_refused_and_one_across_the_change_keeps_its_times() {
    let dir = tempfile::tempdir().unwrap();
    write_db(dir.path());
    let db = open(dir.path()).db;
    // Vienna springs forward on 2027-03-28 at 02:00.
    let gap = ops::move_meeting(
        &db,
        &MeetingId::from("m2"),
        at("2027-03-28T02:30")
            .signed_duration_since(at("2027-03-24T09:00"))
            .num_minutes(),
    );
    let err = gap.unwrap_err();
    assert!(
        err.message.contains("does not exist in Europe/Vienna"),
        "{}",
        err.message
    );
    // A meeting on the Monday after the change keeps 09:00 local: 07:00 UTC, not 08:00.
    let mut e = Editor::new(db);
    let minutes = at("2027-03-29T09:00")
        .signed_duration_since(at("2027-03-24T09:00"))
        .num_minutes();
    let tx = ops::move_meeting(e.db(), &MeetingId::from("m2"), minutes).unwrap();
    e.apply(tx).unwrap();
    let m = e.db().plans["cnd-70"].meeting("m2").unwrap().clone();
    let utc = attache::time::resolve_local(chrono_tz::Europe::Vienna, m.start).unwrap();
    assert_eq!(utc.naive_utc(), at("2027-03-29T07:00"));
    let before =
        attache::time::resolve_local(chrono_tz::Europe::Vienna, at("2027-03-24T09:00")).unwrap();
    assert_eq!(before.naive_utc(), at("2027-03-24T08:00"));
}

#[test]
fn clashes_across_two_sessions_and_a_double_booked_room() {
    let dir = tempfile::tempdir().unwrap();
    write_db(dir.path());
    let db = open(dir.path()).db;
    let mut e = Editor::new(db);
    let tx = ops::assign(
        e.db(),
        &"ccpcj-36".into(),
        &"ana".into(),
        DelegateChange::default(),
    )
    .unwrap();
    e.apply(tx).unwrap();
    let meeting = attache::model::Meeting {
        id: "x1".into(),
        title: "Other session's side event".into(),
        with: None,
        kind: MeetingKind::SideEvent,
        room: Some("M2".into()),
        start: at("2027-03-23T13:30"),
        end: at("2027-03-23T14:30"),
        attendees: vec!["ana".into()],
        status: MeetingStatus::Proposed,
        notes: None,
        revision: Default::default(),
        address: None,
        url: None,
        programme: None,
        moved_from: None,
        origin: Default::default(),
    };
    let tx = ops::add_meeting(e.db(), &SessionId::from("ccpcj-36"), meeting).unwrap();
    e.apply(tx).unwrap();
    let found = checks::clashes(e.db()).findings;
    let kinds: Vec<_> = found.iter().map(|f| f.kind).collect();
    assert_eq!(
        kinds,
        vec![FindingKind::PersonClash, FindingKind::RoomClash]
    );
    assert_eq!(
        found[0].diagnostic().message,
        "ana is in two meetings at once: meeting \"m1\" (2027-03-23 13:00 to 14:00 Europe/Vienna) and meeting \"x1\" (2027-03-23 13:30 to 14:30 Europe/Vienna)"
    );
    assert_eq!(found[1].meetings, vec!["m1", "x1"]);
    let room = found[1].diagnostic();
    assert_eq!(
        room.message,
        "room \"M2\" at vic is booked twice: meeting \"m1\" (2027-03-23 13:00 to 14:00 Europe/Vienna) and meeting \"x1\" (2027-03-23 13:30 to 14:30 Europe/Vienna)"
    );
    assert_eq!(
        room.help.as_deref(),
        Some("move one meeting to another room or time")
    );
    // Cancelling one resolves both.
    let tx =
        ops::set_meeting_status(e.db(), &MeetingId::from("x1"), MeetingStatus::Cancelled).unwrap();
    e.apply(tx).unwrap();
    assert!(checks::clashes(e.db()).findings.is_empty());
}

#[test]
fn saving_over_a_file_changed_on_disk_keeps_both() {
    let dir = tempfile::tempdir().unwrap();
    write_db(dir.path());
    let loaded = open(dir.path());
    let mut e = Editor::new(loaded.db.clone());
    let tx = ops::move_meeting(e.db(), &MeetingId::from("m1"), 15).unwrap();
    e.apply(tx).unwrap();
    let theirs = format!("{PLAN}# edited elsewhere\n");
    let path = dir.path().join("plan/cnd-70.toml");
    fs::write(&path, &theirs).unwrap();
    let err = save::save(&loaded, &e).unwrap_err();
    assert!(matches!(err, save::SaveError::Conflicts { .. }));
    assert!(err.to_string().contains("changed on disk"));
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        theirs,
        "their version untouched"
    );
    let ours = fs::read_to_string(dir.path().join("plan/cnd-70.toml.mine")).unwrap();
    assert!(ours.contains("start = 2027-03-23T13:15:00"));
    // The copy is not loaded as a second plan.
    assert!(!open(dir.path()).diagnostics.has_errors());
}

#[test]
fn new_plan_files_are_private() {
    let dir = tempfile::tempdir().unwrap();
    write_db(dir.path());
    edit_and_save(dir.path(), |e| {
        let tx = ops::assign(
            e.db(),
            &"ccpcj-36".into(),
            &"cleo".into(),
            DelegateChange::default(),
        )
        .unwrap();
        e.apply(tx).unwrap();
    });
    let path = dir.path().join("plan/ccpcj-36.toml");
    assert!(
        fs::read_to_string(&path)
            .unwrap()
            .starts_with("format = 1\nsession = \"ccpcj-36\"\n")
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
}

/// One random operation, by index into the people and meetings of the test database.
#[derive(Debug, Clone)]
enum Op {
    Assign {
        session: usize,
        person: usize,
        role: usize,
    },
    Unassign {
        session: usize,
        person: usize,
    },
    Add {
        session: usize,
        day: u32,
        hour: u32,
        minutes: i64,
        attendees: Vec<usize>,
    },
    Move {
        meeting: usize,
        minutes: i64,
    },
    Resize {
        meeting: usize,
        minutes: i64,
    },
    Cancel {
        meeting: usize,
    },
    Remove {
        meeting: usize,
    },
    Undo,
    Redo,
}

fn op_strategy() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..2usize, 0..4usize, 0..5usize).prop_map(|(session, person, role)| Op::Assign {
            session,
            person,
            role
        }),
        (0..2usize, 0..4usize).prop_map(|(session, person)| Op::Unassign { session, person }),
        (
            0..2usize,
            20..31u32,
            0..24u32,
            -30..300i64,
            prop::collection::vec(0..4usize, 0..3)
        )
            .prop_map(|(session, day, hour, minutes, attendees)| Op::Add {
                session,
                day,
                hour,
                minutes,
                attendees
            }),
        (0..6usize, -3000..3000i64).prop_map(|(meeting, minutes)| Op::Move { meeting, minutes }),
        (0..6usize, -120..120i64).prop_map(|(meeting, minutes)| Op::Resize { meeting, minutes }),
        (0..6usize).prop_map(|meeting| Op::Cancel { meeting }),
        (0..6usize).prop_map(|meeting| Op::Remove { meeting }),
        Just(Op::Undo),
        Just(Op::Redo),
    ]
}

fn run(e: &mut Editor, op: &Op, n: &mut usize) {
    const SESSIONS: [&str; 2] = ["cnd-70", "ccpcj-36"];
    const PEOPLE: [&str; 4] = ["ana", "ben", "cleo", "nobody"];
    let meeting_id = |e: &Editor, i: usize| -> MeetingId {
        let ids: Vec<MeetingId> = e.db().meetings().map(|(_, m)| m.id.clone()).collect();
        ids.get(i % ids.len().max(1))
            .cloned()
            .unwrap_or_else(|| "none".into())
    };
    let result = match op {
        Op::Undo => {
            e.undo();
            return;
        }
        Op::Redo => {
            e.redo();
            return;
        }
        Op::Assign {
            session,
            person,
            role,
        } => ops::assign(
            e.db(),
            &SESSIONS[*session].into(),
            &PEOPLE[*person].into(),
            DelegateChange {
                role: Some(Role::ALL[*role]),
                ..Default::default()
            },
        ),
        Op::Unassign { session, person } => {
            ops::unassign(e.db(), &SESSIONS[*session].into(), &PEOPLE[*person].into())
        }
        Op::Add {
            session,
            day,
            hour,
            minutes,
            attendees,
        } => {
            *n += 1;
            let start = NaiveDate::from_ymd_opt(2027, 3, *day)
                .unwrap()
                .and_hms_opt(*hour, 30, 0)
                .unwrap();
            let m = attache::model::Meeting {
                id: format!("p{n}").into(),
                title: "Generated".into(),
                with: None,
                kind: MeetingKind::Other,
                room: Some("M7".into()),
                start,
                end: start + chrono::Duration::minutes(*minutes),
                attendees: attendees.iter().map(|&i| PEOPLE[i].into()).collect(),
                status: MeetingStatus::Proposed,
                notes: None,
                revision: Default::default(),
                address: None,
                url: None,
                programme: None,
                moved_from: None,
                origin: Default::default(),
            };
            ops::add_meeting(e.db(), &SessionId::from(SESSIONS[*session]), m)
        }
        Op::Move { meeting, minutes } => {
            ops::move_meeting(e.db(), &MeetingId::from(&meeting_id(e, *meeting)), *minutes)
        }
        Op::Resize { meeting, minutes } => {
            ops::resize_meeting(e.db(), &MeetingId::from(&meeting_id(e, *meeting)), *minutes)
        }
        Op::Cancel { meeting } => ops::set_meeting_status(
            e.db(),
            &MeetingId::from(&meeting_id(e, *meeting)),
            MeetingStatus::Cancelled,
        ),
        Op::Remove { meeting } => {
            ops::remove_meeting(e.db(), &MeetingId::from(&meeting_id(e, *meeting)))
        }
    };
    if let Ok(tx) = result {
        e.apply(tx).unwrap();
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(property_cases::cases(48)))]

    /// Whatever the operations, the saved database loads without errors and equals the
    /// edited one; and undoing everything gives back the original bytes.
    #[test]
    fn random_edits_save_load_and_undo(ops_list in prop::collection::vec(op_strategy(), 1..25)) {
        let dir = tempfile::tempdir().unwrap();
        write_db(dir.path());
        let loaded = open(dir.path());
        let mut e = Editor::new(loaded.db.clone());
        let mut n = 0;
        for op in &ops_list {
            run(&mut e, op, &mut n);
        }
        // Save a copy of the folder, reload it: same plans, no errors.
        let copy = tempfile::tempdir().unwrap();
        write_db(copy.path());
        let copy_loaded = open(copy.path());
        save::save_to(copy.path(), &copy_loaded, &e).unwrap();
        let reloaded = store::load(&DbSource::Dir(copy.path().to_path_buf()), today());
        prop_assert!(!reloaded.diagnostics.has_errors(), "{}", reloaded.diagnostics.render(&reloaded.sources));
        prop_assert_eq!(&reloaded.db.plans, &e.db().plans);
        // Undo everything, save: the original bytes.
        while e.undo().is_some() {}
        save::save(&loaded, &e).unwrap();
        prop_assert_eq!(fs::read_to_string(dir.path().join("plan/cnd-70.toml")).unwrap(), PLAN);
        prop_assert!(!dir.path().join("plan/ccpcj-36.toml").exists());
    }
}
