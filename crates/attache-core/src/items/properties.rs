//! The loader and the operations agree: every database that loads without errors can
//! have each of its items moved, renamed and removed by the operations (refused only
//! for a reason that is the edit's own: a time the clocks skip), and every database the
//! operations make, saved and loaded again, loads without errors and as it was edited.

use crate::ids::SessionId;
use std::fs;
use std::path::Path;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use proptest::prelude::*;

use super::tests::{TOP, a_meeting, at, item, today};
use super::*;
use crate::model::{MeetingKind, MeetingStatus, Role, TravelMode};
use crate::planning::{DelegateChange, Editor, ItemKind, OpError, Transaction, ops};
use crate::store::{self, DbSource, Loaded, save};
use crate::time::resolve_local;

/// The people of [`TOP`].
const PEOPLE: [&str; 4] = ["ana", "ben", "cleo", "dan"];

/// What an edit may do: be refused for a reason of its own, or be applied.
enum Expect {
    /// Applied.
    Done,
    /// Refused or not: the edit puts a time where the clocks skip or repeat it.
    MayRefuse,
}

/// One edit of one item.
struct Edit {
    what: String,
    result: Result<Transaction, OpError>,
    expect: Expect,
}

/// Load a database folder, asserting it has no errors.
fn load_clean(dir: &Path) -> Loaded {
    let loaded = store::load(&DbSource::Dir(dir.to_path_buf()), today());
    assert!(
        !loaded.diagnostics.has_errors(),
        "{}",
        loaded.diagnostics.render(&loaded.sources)
    );
    loaded
}

/// Whether a local time at the venue of `session` exists (once).
fn exists(db: &Database, session: &str, t: NaiveDateTime) -> bool {
    db.session_tz(session)
        .is_none_or(|tz| resolve_local(tz, t).is_ok())
}

/// Move, rename and remove every item of every plan of `db`.
fn edits(db: &Database, minutes: i64, days: i64) -> Vec<Edit> {
    let mut out = Vec::new();
    let shift = Duration::minutes(minutes);
    let day_shift = Duration::days(days);
    for plan in db.plans.values() {
        let session = plan.session.as_str();
        let ok = |t: Option<DayOrTime>| match t {
            Some(DayOrTime::Time(t)) => exists(db, session, t),
            _ => true,
        };
        for d in &plan.delegates {
            let moved = |t: Option<DayOrTime>| {
                t.map(|t| match t {
                    DayOrTime::Day(day) => DayOrTime::Day(day + day_shift),
                    DayOrTime::Time(t) => DayOrTime::Time(t + day_shift),
                })
            };
            let (arrive, depart) = (moved(d.arrive), moved(d.depart));
            if d.arrive.is_some() || d.depart.is_some() {
                out.push(Edit {
                    what: format!("move delegate {} of {session}", d.person),
                    result: ops::assign(
                        db,
                        &SessionId::from(session),
                        &d.person,
                        DelegateChange {
                            arrive: Some(arrive),
                            depart: Some(depart),
                            ..Default::default()
                        },
                    ),
                    expect: if ok(arrive) && ok(depart) {
                        Expect::Done
                    } else {
                        Expect::MayRefuse
                    },
                });
            }
            let notes = match d.notes.as_deref() {
                Some("renamed") => "renamed again",
                _ => "renamed",
            };
            out.push(Edit {
                what: format!("rename delegate {} of {session}", d.person),
                result: ops::assign(
                    db,
                    &SessionId::from(session),
                    &d.person,
                    DelegateChange {
                        notes: Some(Some(notes.into())),
                        ..Default::default()
                    },
                ),
                expect: Expect::Done,
            });
            out.push(Edit {
                what: format!("remove delegate {} of {session}", d.person),
                result: ops::unassign(db, &SessionId::from(session), &d.person),
                expect: Expect::Done,
            });
        }
        for m in &plan.meetings {
            let fits = exists(db, session, m.start + shift) && exists(db, session, m.end + shift);
            out.push(Edit {
                what: format!("move meeting {} by {minutes} min", m.id),
                result: ops::move_meeting(db, &m.id, minutes),
                expect: if fits {
                    Expect::Done
                } else {
                    Expect::MayRefuse
                },
            });
            out.push(Edit {
                what: format!("rename meeting {}", m.id),
                result: ops::edit_meeting(db, &m.id, |m| m.title.push_str(" (renamed)")),
                expect: Expect::Done,
            });
            out.push(Edit {
                what: format!("remove meeting {}", m.id),
                result: ops::remove_meeting(db, &m.id),
                expect: Expect::Done,
            });
        }
        for (i, t) in plan.travel.iter().enumerate() {
            let moved = |m: &Moment| Moment::new(m.local + shift, m.zone);
            // A journey whose new times do not exist, or put its arrival before its
            // departure (its two zones change their clocks on different days), cannot
            // be moved: nothing to try.
            if let (Ok(depart), Ok(arrive)) = (moved(&t.depart), moved(&t.arrive))
                && arrive.utc() >= depart.utc()
            {
                let moved = Travel {
                    depart,
                    arrive,
                    ..t.clone()
                };
                out.push(Edit {
                    what: format!("move journey {i} of {session}"),
                    result: ops::put_travel(db, &SessionId::from(session), Some(i), moved),
                    expect: Expect::Done,
                });
            }
            let renamed = Travel {
                from: format!("{} Central", t.from),
                ..t.clone()
            };
            out.push(Edit {
                what: format!("rename journey {i} of {session}"),
                result: ops::put_travel(db, &SessionId::from(session), Some(i), renamed),
                expect: Expect::Done,
            });
            out.push(Edit {
                what: format!("remove journey {i} of {session}"),
                result: ops::remove_item(db, &SessionId::from(session), ItemKind::Travel, i),
                expect: Expect::Done,
            });
        }
        for (i, s) in plan.stays.iter().enumerate() {
            let moved = Stay {
                check_in: s.check_in + day_shift,
                check_out: s.check_out + day_shift,
                ..s.clone()
            };
            out.push(Edit {
                what: format!("move stay {i} of {session}"),
                result: ops::put_stay(db, &SessionId::from(session), Some(i), moved),
                expect: Expect::Done,
            });
            let renamed = Stay {
                name: format!("{} Annex", s.name),
                ..s.clone()
            };
            out.push(Edit {
                what: format!("rename stay {i} of {session}"),
                result: ops::put_stay(db, &SessionId::from(session), Some(i), renamed),
                expect: Expect::Done,
            });
            out.push(Edit {
                what: format!("remove stay {i} of {session}"),
                result: ops::remove_item(db, &SessionId::from(session), ItemKind::Stay, i),
                expect: Expect::Done,
            });
        }
    }
    out
}

/// Make every edit of `loaded` (read from `dir`) in turn: each is accepted unless it is
/// its own fault, and what it makes is saved into `dir`, loads without errors and as
/// edited; then the files are put back for the next one. Returns how many were applied.
fn edit_every_item(dir: &Path, loaded: &Loaded, minutes: i64, days: i64) -> usize {
    let mut applied = 0;
    for edit in edits(&loaded.db, minutes, days) {
        let tx = match (edit.result, edit.expect) {
            (Ok(tx), _) => tx,
            (Err(_), Expect::MayRefuse) => continue,
            (Err(e), Expect::Done) => panic!("{}: refused: {e}", edit.what),
        };
        let mut editor = Editor::new(loaded.db.clone());
        editor.apply(tx).unwrap();
        let report = save::save_to(dir, loaded, &editor)
            .unwrap_or_else(|e| panic!("{}: not saved: {e}", edit.what));
        let reloaded = store::load(&DbSource::Dir(dir.to_path_buf()), today());
        assert!(
            !reloaded.diagnostics.has_errors(),
            "{}: the saved database does not load:\n{}",
            edit.what,
            reloaded.diagnostics.render(&reloaded.sources)
        );
        assert_eq!(reloaded.db.plans, editor.db().plans, "{}", edit.what);
        for path in report.written {
            let rel = path.strip_prefix(dir).unwrap();
            let file = loaded.sources.files.iter().find(|f| f.path == rel).unwrap();
            fs::write(&path, &file.text).unwrap();
        }
        applied += 1;
    }
    applied
}

/// Every item of the shipped database, moved, renamed and removed.
#[test]
fn every_item_of_the_shipped_data_can_be_edited() {
    let dir = tempfile::tempdir().unwrap();
    store::init::write_default(dir.path()).unwrap();
    let loaded = load_clean(dir.path());
    let items: usize = loaded
        .db
        .plans
        .values()
        .map(|p| p.delegates.len() + p.meetings.len() + p.travel.len() + p.stays.len())
        .sum();
    let applied = edit_every_item(dir.path(), &loaded, 60, 1);
    assert!(applied >= items * 2, "{applied} edits of {items} items");
}

// --- Generated databases --------------------------------------------------------------

/// Local times around the spring change in Vienna (2027-03-28, 02:00 -> 03:00), the
/// autumn one (2027-10-31, 03:00 -> 02:00), and ordinary ones.
fn local_time() -> impl Strategy<Value = NaiveDateTime> {
    prop_oneof![
        12 => (22..=31u32, 0..24u32, prop::sample::select(vec![0u32, 15, 30, 45])).prop_map(
            |(day, hour, min)| NaiveDate::from_ymd_opt(2027, 3, day)
                .unwrap()
                .and_hms_opt(hour, min, 0)
                .unwrap()
        ),
        1 => prop::sample::select(vec![
            "2027-03-28 01:30",
            "2027-03-28 02:30",
            "2027-03-28 03:00",
            "2027-10-31 02:30",
            "2027-10-31 03:30",
        ])
        .prop_map(at),
    ]
}

/// Text of the kinds the files may hold, the empty one included.
fn words(base: &'static str) -> impl Strategy<Value = String> {
    prop_oneof![
        24 => Just(base.to_string()),
        1 => Just(String::new()),
        1 => Just("  ".to_string()),
        2 => Just(format!("{base} ü \u{1b}[2J")),
    ]
}

fn person() -> impl Strategy<Value = String> {
    prop::sample::select(PEOPLE.to_vec()).prop_map(String::from)
}

fn day_or_time() -> impl Strategy<Value = Option<DayOrTime>> {
    prop_oneof![
        Just(None),
        local_time().prop_map(|t| Some(DayOrTime::Day(t.date()))),
        local_time().prop_map(|t| Some(DayOrTime::Time(t))),
    ]
}

fn delegate() -> impl Strategy<Value = Delegate> {
    (
        person(),
        prop::sample::select(Role::ALL.to_vec()),
        day_or_time(),
        day_or_time(),
        prop::bool::weighted(0.9),
        (
            any::<u8>(),
            prop::sample::select(crate::model::Visa::ALL.to_vec()),
        ),
        prop::option::of(words("notes")),
    )
        .prop_map(
            |(person, role, arrive, depart, in_order, (steps, visa), notes)| {
                // Each step done or not, one of them with the day it was done.
                let mut accreditation = super::accreditation::Accreditation::default();
                for (i, step) in crate::model::Step::ALL.iter().enumerate() {
                    let on =
                        (i == 0).then(|| chrono::NaiveDate::from_ymd_opt(2027, 1, 10).unwrap());
                    accreditation.set(*step, steps & (1 << i) != 0, on);
                }
                accreditation.visa = visa;
                accreditation.visa_on = (steps & 0x80 != 0)
                    .then(|| chrono::NaiveDate::from_ymd_opt(2027, 1, 12).unwrap());
                // Mostly in order: one departing before arriving does not load.
                let (arrive, depart) = match (arrive, depart) {
                    (Some(a), Some(d)) if in_order && d.latest() < a.earliest() => {
                        (Some(d), Some(a))
                    }
                    other => other,
                };
                Delegate {
                    person: person.into(),
                    role,
                    arrive,
                    depart,
                    accreditation,
                    notes,
                    ..item("person = \"ana\"\nrole = \"delegate\"")
                }
            },
        )
}

fn meeting() -> impl Strategy<Value = Meeting> {
    (
        words("Bilateral"),
        prop::sample::select(MeetingKind::ALL.to_vec()),
        prop::option::of(prop::sample::select(vec!["M2", "M7", "Nowhere"])),
        local_time(),
        prop_oneof![20 => prop::sample::select(vec![30i64, 60, 90, 600]), 1 => prop::sample::select(vec![-30i64, 0])],
        prop::collection::vec(person(), 0..3),
        prop::sample::select(MeetingStatus::ALL.to_vec()),
        prop::option::of(words("with")),
    )
        .prop_map(
            |(title, kind, room, start, minutes, attendees, status, with)| Meeting {
                title,
                with,
                kind,
                room: room.map(String::from),
                start,
                end: start + Duration::minutes(minutes),
                attendees: attendees.into_iter().map(Into::into).collect(),
                status,
                ..a_meeting()
            },
        )
}

fn travel() -> impl Strategy<Value = Travel> {
    (
        person(),
        prop::sample::select(TravelMode::ALL.to_vec()),
        words("Rome"),
        words("Vienna"),
        local_time(),
        prop_oneof![20 => prop::sample::select(vec![90i64, 600]), 1 => prop::sample::select(vec![-60i64, 0])],
        any::<bool>(),
    )
        .prop_filter_map(
            "a time its zone skips",
            |(person, mode, from, to, depart, minutes, offset)| {
                let zone = if offset {
                    Zone::Offset(chrono::FixedOffset::east_opt(3600)?)
                } else {
                    Zone::Named(chrono_tz::Europe::Rome)
                };
                let depart = Moment::new(depart, zone).ok()?;
                let arrive = Moment::new(
                    depart.local + Duration::minutes(minutes),
                    Zone::Named(chrono_tz::Europe::Vienna),
                )
                .ok()?;
                Some(Travel {
                    person: person.into(),
                    mode,
                    from,
                    to,
                    depart,
                    arrive,
                    ..item(concat!(
                        "person = \"ana\"\nmode = \"train\"\nfrom = \"Rome\"\nto = \"Vienna\"\n",
                        "depart = 2027-03-21T09:00:00+01:00\narrive = 2027-03-21T10:30:00+01:00"
                    ))
                })
            },
        )
}

fn stay() -> impl Strategy<Value = Stay> {
    let nights = prop_oneof![20 => 1..5i64, 1 => -1..=0i64];
    (person(), words("Hotel Post"), local_time(), nights).prop_map(
        |(person, name, check_in, nights)| Stay {
            person: person.into(),
            name,
            check_in: check_in.date(),
            check_out: check_in.date() + Duration::days(nights),
            ..item(
                "person = \"ana\"\nname = \"Hotel\"\ncheck_in = 2027-03-21\ncheck_out = 2027-03-22",
            )
        },
    )
}

fn plan() -> impl Strategy<Value = Plan> {
    (
        prop::collection::vec(delegate(), 0..4),
        prop::collection::vec(meeting(), 0..4),
        prop::collection::vec(travel(), 0..3),
        prop::collection::vec(stay(), 0..3),
    )
        .prop_map(|(delegates, meetings, travel, stays)| {
            let mut plan = Plan::new("cnd-70");
            // Each person once, one head: the rest would not load, and is tested
            // elsewhere.
            for mut d in delegates {
                if plan.delegate(&d.person).is_some() {
                    continue;
                }
                if d.role == Role::Head && delegate::heads(&plan.delegates).next().is_some() {
                    d.role = Role::Deputy;
                }
                plan.delegates.push(d);
            }
            plan.meetings = meetings
                .into_iter()
                .enumerate()
                .map(|(i, m)| Meeting {
                    id: format!("m{i}").into(),
                    ..m
                })
                .collect();
            plan.travel = travel;
            plan.stays = stays;
            plan
        })
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    /// A generated plan, written out as a file: when it loads without errors, every
    /// one of its items can be moved, renamed and removed, and what each edit makes
    /// loads without errors.
    #[test]
    fn a_database_that_loads_can_have_every_item_edited(
        plan in plan(),
        minutes in prop_oneof![Just(15i64), Just(60), Just(-60), Just(24 * 60), 1..3000i64, -3000..0i64],
        days in prop_oneof![Just(1i64), Just(-1), 2..4i64, -3..-1i64],
    ) {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("plan")).unwrap();
        for (path, text) in TOP {
            fs::write(dir.path().join(path), text).unwrap();
        }
        let text = save::render_plan(None, None, &plan).unwrap();
        fs::write(dir.path().join("plan/cnd-70.toml"), text).unwrap();
        let loaded = store::load(&DbSource::Dir(dir.path().to_path_buf()), today());
        if loaded.diagnostics.has_errors() {
            // Not a database `check` accepts: nothing to hold.
            return Ok(());
        }
        edit_every_item(dir.path(), &loaded, minutes, days);
    }
}

/// The written value of `key`, as [`field_changes`] gives it.
fn written(item: &crate::planning::Item, key: &str) -> Option<String> {
    item.values()
        .into_iter()
        .find(|(k, _)| *k == key)
        .and_then(|(_, v)| v.map(|v| v.to_string().trim().to_string()))
}

/// What an edit prints as old → new is exact: a key is listed if and only if its
/// written value differs, with both values as the file writes them.
fn assert_exact_diff(a: crate::planning::Item, b: crate::planning::Item) {
    use crate::planning::change::field_changes;
    let changes = field_changes(Some(&a), Some(&b));
    let keys: Vec<&str> = a.values().iter().map(|(k, _)| *k).collect();
    for key in keys {
        let (old, new) = (written(&a, key), written(&b, key));
        match changes.iter().find(|c| c.key == key) {
            Some(c) => {
                assert_ne!(old, new, "{key} listed but unchanged");
                assert_eq!((&c.old, &c.new), (&old, &new), "{key}");
            }
            None => assert_eq!(old, new, "{key} changed but not listed"),
        }
    }
    assert_eq!(
        changes.is_empty(),
        a == b,
        "no change listed iff the items are equal"
    );
    // an item added or removed lists every key it has
    let added = field_changes(None, Some(&b));
    assert!(added.iter().all(|c| c.old.is_none() && c.new.is_some()));
    assert_eq!(
        added.len(),
        b.values().iter().filter(|(_, v)| v.is_some()).count()
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn an_edits_old_and_new_values_are_exact(
        (m1, m2) in (meeting(), meeting()),
        (t1, t2) in (travel(), travel()),
        (s1, s2) in (stay(), stay()),
        (d1, d2) in (delegate(), delegate()),
    ) {
        use crate::planning::Item;
        assert_exact_diff(Item::Meeting(m1.clone()), Item::Meeting(m2));
        assert_exact_diff(Item::Meeting(m1.clone()), Item::Meeting(m1));
        assert_exact_diff(Item::Travel(t1), Item::Travel(t2));
        assert_exact_diff(Item::Stay(s1), Item::Stay(s2));
        assert_exact_diff(Item::Delegate(d1.clone()), Item::Delegate(d2));
        assert_exact_diff(Item::Delegate(d1.clone()), Item::Delegate(d1));
    }
}
