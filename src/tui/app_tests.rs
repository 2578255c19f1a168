//! The shell's tests: whole interactions through keys, as the user has them.

use super::*;
use crate::model::Role;
use crate::planning::{DelegateChange, ops};
use crate::store::{self, DbSource};
use crate::tui::derived::SessionRow;
use crossterm::event::{KeyCode, KeyModifiers, MouseEvent};
use std::path::Path;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn app() -> App {
    let loaded = store::load(&DbSource::Embedded, today());
    App::new(loaded, today(), Config::default(), None)
}

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn ctrl(app: &mut App, c: char) {
    app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

fn meeting(app: &App, id: &str) -> crate::model::Meeting {
    ops::find_meeting(app.db(), id)
        .map(|(p, i)| p.meetings[i].clone())
        .unwrap()
}

fn at(h: u32, m: u32) -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(2027, 3, 9)
        .unwrap()
        .and_hms_opt(h, m, 0)
        .unwrap()
}

#[test]
fn starts_on_the_next_planned_session() {
    let a = app();
    assert_eq!(a.session.as_deref(), Some("cnd-70"));
    assert_eq!(a.selected_session().unwrap().id, "cnd-70");
    assert_eq!(a.screen, Screen::Sessions);
    assert!(!a.read_only);
    assert_eq!(a.selected_delegate().as_deref(), Some("esempio"));
    assert_eq!(a.selected_meeting().as_deref(), Some("cnd70-briefing"));
}

#[test]
fn move_resize_undo_redo() {
    let mut a = app();
    key(&mut a, KeyCode::Char('3'));
    assert_eq!(a.screen, Screen::Agenda);
    a.select_meeting("cnd70-csu");
    key(&mut a, KeyCode::Char('L'));
    key(&mut a, KeyCode::Char('>'));
    let m = meeting(&a, "cnd70-csu");
    assert_eq!((m.start, m.end), (at(14, 0), at(15, 0)));
    assert!(a.is_dirty());
    assert_eq!(
        a.selected_meeting().as_deref(),
        Some("cnd70-csu"),
        "selection follows the meeting"
    );
    key(&mut a, KeyCode::Char('+'));
    assert_eq!(meeting(&a, "cnd70-csu").end, at(15, 15));
    key(&mut a, KeyCode::Char('-'));
    key(&mut a, KeyCode::Char('-'));
    assert_eq!(meeting(&a, "cnd70-csu").end, at(14, 45));
    key(&mut a, KeyCode::Char('H'));
    key(&mut a, KeyCode::Char('<'));
    assert_eq!(meeting(&a, "cnd70-csu").start, at(13, 30));
    // Undo all seven changes, step by step.
    for _ in 0..7 {
        key(&mut a, KeyCode::Char('u'));
    }
    let m = meeting(&a, "cnd70-csu");
    assert_eq!((m.start, m.end), (at(13, 30), at(14, 30)));
    assert!(!a.is_dirty());
    key(&mut a, KeyCode::Char('u'));
    assert_eq!(a.message.as_ref().unwrap().text, "nothing to undo");
    ctrl(&mut a, 'r');
    assert_eq!(meeting(&a, "cnd70-csu").start, at(13, 45));
    assert!(
        a.message
            .as_ref()
            .unwrap()
            .text
            .starts_with("redone: moved")
    );
    assert!(a.is_dirty());
    assert!(a.generation > 0);
}

#[test]
fn the_status_bar_says_when_a_change_makes_or_resolves_a_clash() {
    let mut a = app();
    a.update(Action::ShowAgenda);
    a.select_meeting("cnd70-csu"); // 13:30, clashing with cnd70-vngoc until 14:00
    a.update(Action::MoveLater);
    assert!(
        !a.message.as_ref().unwrap().text.contains("clash"),
        "still clashing"
    );
    a.update(Action::MoveLater);
    let text = a.message.clone().unwrap().text;
    assert!(text.starts_with("moved (+15 min)"), "{text}");
    assert!(text.ends_with("· a clash is resolved"), "{text}");
    a.update(Action::MoveEarlier);
    let text = a.message.clone().unwrap().text;
    assert!(
        text.starts_with("‼ new clash (esempio) · moved (-15 min)"),
        "{text}"
    );
}

#[test]
fn refused_operation_shows_the_domain_message() {
    let mut a = app();
    a.update(Action::ShowAgenda);
    a.select_meeting("cnd70-passes"); // 45 minutes
    for _ in 0..3 {
        a.update(Action::Shorten);
    }
    let m = a.message.clone().unwrap();
    assert_eq!(m.kind, MessageKind::Error);
    assert!(m.text.contains("before it starts"), "{}", m.text);
}

#[test]
fn quit_asks_only_with_unsaved_changes() {
    let mut a = app();
    key(&mut a, KeyCode::Char('q'));
    assert!(a.should_quit);

    let mut a = app();
    a.update(Action::ShowAgenda);
    a.update(Action::CancelMeeting);
    key(&mut a, KeyCode::Char('q'));
    assert!(!a.should_quit);
    assert!(matches!(
        a.popup,
        Some(Popup::Confirm(Confirm::Quit { .. }))
    ));
    key(&mut a, KeyCode::Char('n'));
    assert!(a.popup.is_none() && !a.should_quit);
    key(&mut a, KeyCode::Char('q'));
    key(&mut a, KeyCode::Esc);
    assert!(a.popup.is_none() && !a.should_quit);
    key(&mut a, KeyCode::Char('q'));
    key(&mut a, KeyCode::Char('y'));
    assert!(a.should_quit);
}

#[test]
fn save_is_refused_with_its_message_when_it_fails() {
    // The embedded database saves to the user's data folder; point it nowhere
    // writable by using a folder database that is a file.
    let dir = tempfile::tempdir().unwrap();
    crate::store::init::write_default(dir.path()).unwrap();
    let loaded = store::load(&DbSource::Dir(dir.path().to_path_buf()), today());
    let mut a = App::new(loaded, today(), Config::default(), None);
    a.update(Action::ShowAgenda);
    a.update(Action::MoveLater);
    ctrl(&mut a, 's');
    assert!(!a.is_dirty(), "{:?}", a.message);
    assert!(a.message.as_ref().unwrap().text.starts_with("saved 1 file"));
    let back = store::load(&DbSource::Dir(dir.path().to_path_buf()), today());
    assert_eq!(back.db.plans["cnd-70"], a.db().plans["cnd-70"]);
}

#[test]
fn delete_asks_first_and_undoes() {
    let mut a = app();
    a.update(Action::ShowAgenda);
    a.select_meeting("cnd70-lab-visit");
    key(&mut a, KeyCode::Char('d'));
    assert!(matches!(
        a.popup,
        Some(Popup::Confirm(Confirm::DeleteMeeting { .. }))
    ));
    key(&mut a, KeyCode::Char('n'));
    assert!(ops::find_meeting(a.db(), "cnd70-lab-visit").is_some());
    key(&mut a, KeyCode::Char('d'));
    key(&mut a, KeyCode::Char('y'));
    assert!(ops::find_meeting(a.db(), "cnd70-lab-visit").is_none());
    key(&mut a, KeyCode::Char('u'));
    assert!(ops::find_meeting(a.db(), "cnd70-lab-visit").is_some());
}

#[test]
fn assign_cycle_role_unassign() {
    let mut a = app();
    key(&mut a, KeyCode::Char('2'));
    key(&mut a, KeyCode::Char('a'));
    for c in "zivotic".chars() {
        key(&mut a, KeyCode::Char(c));
    }
    key(&mut a, KeyCode::Enter);
    assert!(a.popup.is_none(), "{:?}", a.message);
    let plan = &a.db().plans["cnd-70"];
    assert_eq!(plan.delegate("zivotic").unwrap().role, Role::Delegate);
    assert_eq!(a.selected_delegate().as_deref(), Some("zivotic"));
    // delegate -> adviser -> observer -> (head refused: esempio is head) deputy
    key(&mut a, KeyCode::Char('r'));
    key(&mut a, KeyCode::Char('r'));
    key(&mut a, KeyCode::Char('r'));
    assert_eq!(
        a.db().plans["cnd-70"].delegate("zivotic").unwrap().role,
        Role::Deputy
    );
    key(&mut a, KeyCode::Char(' '));
    assert!(
        a.db().plans["cnd-70"]
            .delegate("zivotic")
            .unwrap()
            .registered
    );
    key(&mut a, KeyCode::Char('x'));
    assert!(a.db().plans["cnd-70"].delegate("zivotic").is_none());
}

#[test]
fn delegate_form_sets_dates() {
    let mut a = app();
    a.update(Action::ShowDelegation);
    a.select_delegate("beispiel");
    key(&mut a, KeyCode::Char('e'));
    assert!(matches!(a.popup, Some(Popup::Delegate(_))));
    for c in "2027-03-08".chars() {
        key(&mut a, KeyCode::Char(c));
    }
    key(&mut a, KeyCode::Enter);
    assert!(a.popup.is_none());
    let d = a.db().plans["cnd-70"].delegate("beispiel").unwrap().clone();
    assert_eq!(
        d.arrive,
        Some(crate::model::DayOrTime::Day(
            NaiveDate::from_ymd_opt(2027, 3, 8).unwrap()
        ))
    );
}

#[test]
fn a_whole_trip_is_booked_from_the_travel_list() {
    let mut a = app();
    a.update(Action::ShowDelegation);
    a.select_delegate("beispiel");
    let mine = |a: &App| {
        let plan = &a.db().plans["cnd-70"];
        let n = |p: &String| p == "beispiel";
        let travel: Vec<(String, String)> = plan
            .travel
            .iter()
            .filter(|t| n(&t.person))
            .map(|t| (t.from.clone(), t.to.clone()))
            .collect();
        (travel, plan.stays.iter().filter(|s| n(&s.person)).count())
    };
    assert_eq!(mine(&a), (vec![], 0));
    key(&mut a, KeyCode::Char('t'));
    let rows = |a: &App| match &a.popup {
        Some(Popup::Logistics(l)) => (l.rows.len(), l.selected),
        other => panic!("not the list: {other:?}"),
    };
    assert_eq!(rows(&a), (2, 0));
    // There: only where from is left to type.
    key(&mut a, KeyCode::Enter);
    for c in "Graz".chars() {
        key(&mut a, KeyCode::Char(c));
    }
    key(&mut a, KeyCode::Enter);
    assert_eq!(rows(&a), (3, 0), "back on the list, on the new journey");
    // Back: the form knows the way.
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Enter);
    // And a hotel.
    key(&mut a, KeyCode::End);
    key(&mut a, KeyCode::Enter);
    for c in "Hotel Post".chars() {
        key(&mut a, KeyCode::Char(c));
    }
    key(&mut a, KeyCode::Enter);
    let trip = vec![
        ("Graz".to_string(), "Vienna".to_string()),
        ("Vienna".to_string(), "Graz".to_string()),
    ];
    assert_eq!(mine(&a), (trip.clone(), 1));
    assert_eq!(rows(&a), (5, 3), "on the hotel stay");
    // Removing asks first; the list comes back either way.
    key(&mut a, KeyCode::Char('d'));
    assert!(matches!(
        a.popup,
        Some(Popup::Confirm(Confirm::RemoveItem { .. }))
    ));
    key(&mut a, KeyCode::Char('n'));
    assert_eq!(mine(&a).1, 1);
    key(&mut a, KeyCode::Char('d'));
    key(&mut a, KeyCode::Char('y'));
    assert_eq!(mine(&a), (trip.clone(), 0));
    assert_eq!(rows(&a), (4, 3), "on adding a hotel stay");
    key(&mut a, KeyCode::Esc);
    assert!(a.popup.is_none());
    key(&mut a, KeyCode::Char('u'));
    assert_eq!(mine(&a), (trip, 1), "undo brings the hotel back");
}

#[test]
fn a_journey_form_refuses_and_returns_to_the_list_on_escape() {
    let mut a = app();
    a.update(Action::ShowDelegation);
    a.select_delegate("beispiel");
    key(&mut a, KeyCode::Char('t'));
    key(&mut a, KeyCode::Enter);
    // No origin: Enter keeps the form open with the operation's refusal.
    key(&mut a, KeyCode::Enter);
    match &a.popup {
        Some(Popup::Item(f)) => assert!(f.error.is_some()),
        other => panic!("the form closed: {other:?}"),
    }
    key(&mut a, KeyCode::Esc);
    assert!(matches!(a.popup, Some(Popup::Logistics(_))));
    assert!(!a.is_dirty());
}

#[test]
fn problems_jump_to_their_item() {
    let mut a = app();
    a.update(Action::ShowProblems);
    let i = a
        .checks
        .problems
        .iter()
        .position(|p| p.clash)
        .expect("the sample plan has a clash");
    a.screens.problems.cursor.selected = i;
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.screen, Screen::Agenda);
    assert_eq!(a.selected_meeting().as_deref(), Some("cnd70-vngoc"));
}

#[test]
fn search_jumps() {
    let mut a = app();
    key(&mut a, KeyCode::Char('/'));
    for c in "shembulli".chars() {
        key(&mut a, KeyCode::Char(c));
    }
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.screen, Screen::People);
    assert_eq!(a.selected_person().as_deref(), Some("shembulli"));
    key(&mut a, KeyCode::Char('/'));
    for c in "ccpcj33 lab".chars() {
        key(&mut a, KeyCode::Char(c));
    }
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.screen, Screen::Agenda);
    assert_eq!(a.session.as_deref(), Some("ccpcj-33"));
    assert_eq!(a.selected_meeting().as_deref(), Some("ccpcj33-lab-visit"));
}

#[test]
fn body_filter_and_people_filter() {
    let mut a = app();
    key(&mut a, KeyCode::Char('f'));
    let b = a.screens.sessions.body_filter.clone().unwrap();
    assert!(a.screens.sessions.rows.iter().all(|r| match r {
        SessionRow::Session(id) => a.db().sessions[id].body == b,
        SessionRow::PastHeading => true,
    }));
    key(&mut a, KeyCode::Esc);
    assert!(a.screens.sessions.body_filter.is_none());
    key(&mut a, KeyCode::Char('4'));
    key(&mut a, KeyCode::Char('f'));
    for c in "primj".chars() {
        key(&mut a, KeyCode::Char(c));
    }
    assert_eq!(a.selected_person().as_deref(), Some("primjeric"));
    key(&mut a, KeyCode::Enter);
    assert!(!a.screens.people.filtering);
    key(&mut a, KeyCode::Char('q'));
    assert!(a.should_quit, "q quits again once the filter is closed");
}

#[test]
fn navigation_skips_headings() {
    let mut a = app();
    a.update(Action::ShowDelegation);
    let before = a.screens.delegation.cursor.selected;
    a.update(Action::Down);
    assert!(
        a.screens
            .delegation
            .selectable(a.screens.delegation.cursor.selected)
    );
    assert!(
        a.screens.delegation.cursor.selected > before + 1,
        "stepped over a section heading"
    );
    a.update(Action::Bottom);
    a.update(Action::Top);
    assert_eq!(a.selected_delegate().as_deref(), Some("esempio"));
    // Moving on the Sessions screen chooses the session.
    a.update(Action::ShowSessions);
    a.update(Action::Top);
    assert_ne!(a.session.as_deref(), Some("cnd-70"));
}

#[test]
fn mouse_click_on_tabs_and_rows() {
    let mut a = app();
    a.on_resize(100, 30);
    let click = |a: &mut App, x, y| {
        a.on_mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: x,
            row: y,
            modifiers: KeyModifiers::NONE,
        })
    };
    click(&mut a, 20, 0);
    assert_eq!(a.screen, Screen::Delegation);
    click(&mut a, 30, 0);
    assert_eq!(a.screen, Screen::Agenda);
    let area = view::list_area(&a).unwrap();
    // The 4th row of the list: Monday's meeting.
    click(&mut a, area.x + 5, area.y + 3);
    assert_eq!(a.selected_meeting().as_deref(), Some("cnd70-passes"));
    click(&mut a, area.x + 5, area.y + 3);
    assert!(
        matches!(a.popup, Some(Popup::Meeting(_))),
        "a second click opens"
    );
    a.update(Action::Cancel);
    a.on_mouse(MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: 0,
        row: 5,
        modifiers: KeyModifiers::NONE,
    });
    assert_ne!(a.selected_meeting().as_deref(), Some("cnd70-passes"));
}

#[test]
fn a_broken_database_opens_read_only_on_problems() {
    let mut files = crate::store::source::embedded_files();
    for f in &mut files {
        if f.path == std::path::Path::new("plan/cnd-70.toml") {
            f.bytes =
                b"format = 1\nsession = \"cnd-70\"\n[[delegate]]\nperson = \"nobody\"\n".to_vec();
        }
    }
    let loaded = store::load_files(DbSource::Embedded, files, today());
    assert!(loaded.diagnostics.has_errors());
    let mut a = App::new(loaded, today(), Config::default(), None);
    assert!(a.read_only);
    assert_eq!(a.screen, Screen::Problems);
    assert!(a.checks.problems[0].diagnostic.is_error());
    a.update(Action::ShowAgenda);
    a.update(Action::NewMeeting);
    assert!(a.popup.is_none());
    assert!(
        a.message
            .as_ref()
            .unwrap()
            .text
            .starts_with("read-only: the database has errors")
    );
    a.update(Action::Quit);
    assert!(a.should_quit);
}

#[test]
fn reload_after_fixing_the_files() {
    let dir = tempfile::tempdir().unwrap();
    crate::store::init::write_default(dir.path()).unwrap();
    let plan = dir.path().join("plan/cnd-70.toml");
    let good = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(
        &plan,
        good.replace("person = \"mustermann\"", "person = \"musterman\""),
    )
    .unwrap();
    let source = DbSource::Dir(dir.path().to_path_buf());
    let mut a = App::new(
        store::load(&source, today()),
        today(),
        Config::default(),
        None,
    );
    assert!(a.read_only);
    a.update(Action::Reload);
    assert!(a.read_only, "still broken");
    std::fs::write(&plan, &good).unwrap();
    key(&mut a, KeyCode::Char('R'));
    assert!(!a.read_only, "{:?}", a.message);
    assert!(a.checks.index.errors == 0);
    a.update(Action::ShowAgenda);
    a.update(Action::MoveLater);
    assert!(a.is_dirty());
    a.update(Action::Reload);
    assert!(a.is_dirty(), "a reload never drops unsaved changes");
}

#[test]
fn config_problems_show_in_the_status_bar() {
    let loaded = store::load(&DbSource::Embedded, today());
    let config = crate::tui::config::parse("theme = 3");
    let a = App::new(loaded, today(), config, None);
    assert!(a.message.as_ref().unwrap().text.starts_with("config:"));
}

fn folder_app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    crate::store::init::write_default(dir.path()).unwrap();
    let loaded = store::load(&DbSource::Dir(dir.path().to_path_buf()), today());
    let a = App::new(loaded, today(), Config::default(), None);
    (dir, a)
}

fn edit_on_disk(dir: &Path, rel: &str, from: &str, to: &str) {
    let path = dir.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn export_dialog_writes_the_selected_delegate() {
    let mut a = app();
    let dir = tempfile::tempdir().unwrap();
    a.update(Action::ShowDelegation);
    a.select_delegate("beispiel");
    key(&mut a, KeyCode::Char('E'));
    let Some(Popup::Export(e)) = &a.popup else {
        panic!("no export dialog")
    };
    assert_eq!(e.selection().people, vec!["beispiel".to_string()]);
    assert_eq!(e.format(), crate::export::Format::Ics);
    // To the path field (the fifth), typed over the default name.
    for _ in 0..4 {
        key(&mut a, KeyCode::Tab);
    }
    let target = dir.path().join("out/beispiel.ics");
    for c in target.to_str().unwrap().chars() {
        key(&mut a, KeyCode::Char(c));
    }
    key(&mut a, KeyCode::Enter);
    assert!(a.popup.is_none(), "{:?}", a.popup);
    let m = a.message.clone().unwrap();
    assert_eq!(m.kind, MessageKind::Info);
    assert!(
        m.text.starts_with("wrote ics (1 session, 1 person"),
        "{}",
        m.text
    );
    assert!(
        m.text.ends_with(&target.display().to_string()),
        "{}",
        m.text
    );
    // The same bytes as `attache export --session cnd-70 --person beispiel --format ics`.
    let want = crate::export::export(
        a.db(),
        crate::export::Format::Ics,
        &crate::export::Selection {
            sessions: vec!["cnd-70".into()],
            people: vec!["beispiel".into()],
            section: None,
        },
        &crate::export::Options::default(),
    )
    .unwrap();
    assert_eq!(std::fs::read_to_string(&target).unwrap(), want.text);
    // Unwritable: the dialog stays open with the error, nothing is written.
    key(&mut a, KeyCode::Char('E'));
    for _ in 0..4 {
        key(&mut a, KeyCode::Tab);
    }
    let bad = target.join("x.ics"); // under a file
    a.on_paste(bad.to_str().unwrap());
    key(&mut a, KeyCode::Enter);
    let Some(Popup::Export(e)) = &a.popup else {
        panic!("the dialog closed on an error")
    };
    assert!(
        e.error.as_ref().unwrap().starts_with("cannot"),
        "{:?}",
        e.error
    );
    assert!(!bad.exists());
    key(&mut a, KeyCode::Esc);
    assert!(a.popup.is_none());
}

#[test]
fn files_changed_on_disk_are_offered_for_reload() {
    let (dir, mut a) = folder_app();
    a.poll_disk();
    assert!(a.popup.is_none() && a.disk_changed.is_empty());
    // Clean: reload takes their version.
    edit_on_disk(
        dir.path(),
        "plan/cnd-70.toml",
        "start = 2027-03-09T13:30:00",
        "start = 2027-03-09T13:45:00",
    );
    a.poll_disk();
    assert!(matches!(
        &a.popup,
        Some(Popup::Confirm(Confirm::DiskChanged { files, dirty: false }))
            if files == &[PathBuf::from("plan/cnd-70.toml")]
    ));
    key(&mut a, KeyCode::Char('y'));
    assert!(a.popup.is_none());
    assert_eq!(meeting(&a, "cnd70-csu").start, at(13, 45));
    assert!(a.disk_changed.is_empty());
    a.poll_disk();
    assert!(a.popup.is_none(), "nothing new");
    // "Not now": told once, noted in the status bar until reloaded.
    edit_on_disk(
        dir.path(),
        "plan/cnd-70.toml",
        "start = 2027-03-09T13:45:00",
        "start = 2027-03-09T14:00:00",
    );
    a.poll_disk();
    key(&mut a, KeyCode::Esc);
    a.poll_disk();
    assert!(a.popup.is_none(), "asked once for the same change");
    assert_eq!(a.disk_changed.len(), 1);
    // Dirty: keep mine, then saving refuses their file and keeps the edits.
    a.update(Action::ShowAgenda);
    a.select_meeting("cnd70-lab-visit");
    a.update(Action::MoveLater);
    assert!(a.is_dirty());
    edit_on_disk(
        dir.path(),
        "plan/cnd-70.toml",
        "start = 2027-03-09T14:00:00",
        "start = 2027-03-09T14:15:00",
    );
    a.poll_disk();
    assert!(matches!(
        &a.popup,
        Some(Popup::Confirm(Confirm::DiskChanged { dirty: true, .. }))
    ));
    key(&mut a, KeyCode::Char('k'));
    assert!(a.popup.is_none());
    assert!(a.message.as_ref().unwrap().text.contains(".mine"));
    let theirs = std::fs::read_to_string(dir.path().join("plan/cnd-70.toml")).unwrap();
    ctrl(&mut a, 's');
    assert!(a.is_dirty(), "the edits stay in memory");
    assert_eq!(a.message.as_ref().unwrap().kind, MessageKind::Error);
    let Some(Popup::Confirm(Confirm::Notice { title, text })) = &a.popup else {
        panic!("no message: {:?}", a.popup)
    };
    assert!(title.contains("changed on disk"), "{title}");
    assert!(text.contains("cnd-70.toml.mine"), "{text}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("plan/cnd-70.toml")).unwrap(),
        theirs,
        "their file untouched"
    );
    let mine = std::fs::read_to_string(dir.path().join("plan/cnd-70.toml.mine")).unwrap();
    assert!(
        mine.contains("13:45:00") && !mine.contains("14:15:00"),
        "ours is our edit of what we read, not of theirs"
    );
    key(&mut a, KeyCode::Enter);
    assert!(a.popup.is_none());
    a.poll_disk();
    assert!(a.popup.is_none(), "the conflict message said it already");
    // R with unsaved changes asks; y reloads and drops them.
    key(&mut a, KeyCode::Char('R'));
    assert!(matches!(
        &a.popup,
        Some(Popup::Confirm(Confirm::DiskChanged { dirty: true, .. }))
    ));
    key(&mut a, KeyCode::Char('n'));
    assert!(a.is_dirty());
    key(&mut a, KeyCode::Char('R'));
    key(&mut a, KeyCode::Char('y'));
    assert!(!a.is_dirty());
    assert_eq!(meeting(&a, "cnd70-csu").start, at(14, 15));
}

#[test]
fn a_partly_refused_save_keeps_only_the_refused_edits() {
    let (dir, mut a) = folder_app();
    a.update(Action::ShowAgenda);
    a.select_meeting("cnd70-csu");
    a.update(Action::MoveLater);
    a.choose_session("ccpcj-33");
    let m = a.db().plans["ccpcj-33"].meetings[0].id.clone();
    a.select_meeting(&m);
    a.update(Action::MoveLater);
    assert_eq!(a.editor.unsaved_sessions().len(), 2);
    edit_on_disk(
        dir.path(),
        "plan/cnd-70.toml",
        "start = 2027-03-09T13:30:00",
        "start = 2027-03-09T13:45:00",
    );
    a.update(Action::Save);
    assert!(matches!(
        a.popup,
        Some(Popup::Confirm(Confirm::Notice { .. }))
    ));
    a.update(Action::Submit);
    assert_eq!(a.editor.unsaved_sessions(), vec!["cnd-70".to_string()]);
    assert_eq!(meeting(&a, "cnd70-csu").start, at(13, 45), "ours kept");
    // Saving again refuses only the changed file: ccpcj-33 was saved.
    std::fs::remove_file(dir.path().join("plan/cnd-70.toml.mine")).unwrap();
    a.update(Action::Save);
    let Some(Popup::Confirm(Confirm::Notice { text, .. })) = &a.popup else {
        panic!("{:?}", a.popup)
    };
    assert!(
        text.contains("cnd-70.toml") && !text.contains("ccpcj-33"),
        "{text}"
    );
    let back = store::load(&DbSource::Dir(dir.path().to_path_buf()), today());
    assert_eq!(back.db.plans["ccpcj-33"], a.db().plans["ccpcj-33"]);
}

#[test]
fn recovery_copies_are_offered_and_restored() {
    let (dir, first) = folder_app();
    let source = DbSource::Dir(dir.path().to_path_buf());
    let base = dir.path().join("recovery-base");
    let rec = crate::tui::recovery::dir_for(&base, &source);
    // An earlier run moved a meeting and assigned a person to a new plan, then died.
    let mut editor = Editor::new(first.db().clone());
    editor
        .apply(ops::move_meeting(editor.db(), "cnd70-csu", 30).unwrap())
        .unwrap();
    let tx = ops::assign(editor.db(), "ccpcj-36", "tomori", DelegateChange::default());
    editor.apply(tx.unwrap()).unwrap();
    crate::tui::recovery::write(&rec, &first.loaded, &editor).unwrap();
    let recovered = editor.db().clone();

    let loaded = store::load(&source, today());
    let mut a = App::new(loaded, today(), Config::default(), Some(rec.clone()));
    a.offer_recovery();
    let (aside, sessions) = match &a.popup {
        Some(Popup::Confirm(Confirm::Recover { dir, sessions, .. })) => {
            (dir.clone(), sessions.clone())
        }
        other => panic!("not offered: {other:?}"),
    };
    assert_eq!(sessions, vec!["ccpcj-36".to_string(), "cnd-70".to_string()]);
    assert!(!crate::tui::recovery::has_copies(&rec), "moved aside");
    assert!(crate::tui::recovery::has_copies(&aside));
    key(&mut a, KeyCode::Char('y'));
    assert!(a.popup.is_none());
    assert!(a.is_dirty());
    assert_eq!(a.db().plans["cnd-70"], recovered.plans["cnd-70"]);
    assert_eq!(a.db().plans["ccpcj-36"], recovered.plans["ccpcj-36"]);
    assert!(
        a.message
            .as_ref()
            .unwrap()
            .text
            .starts_with("restored the unsaved plans"),
        "{:?}",
        a.message
    );
    // Copied again for this run; the old copies are gone.
    assert!(crate::tui::recovery::has_copies(&rec));
    assert!(!aside.exists());
    // One undo takes the restore back; ctrl-s writes it.
    key(&mut a, KeyCode::Char('u'));
    assert!(!a.is_dirty());
    ctrl(&mut a, 'r');
    ctrl(&mut a, 's');
    assert!(!a.is_dirty(), "{:?}", a.message);
    let back = store::load(&source, today());
    assert_eq!(back.db.plans["cnd-70"], recovered.plans["cnd-70"]);
    assert_eq!(back.db.plans["ccpcj-36"], recovered.plans["ccpcj-36"]);

    // Set aside: nothing applied, the copies stay where the message says.
    crate::tui::recovery::write(&rec, &first.loaded, &editor).unwrap();
    let mut b = App::new(
        store::load(&source, today()),
        today(),
        Config::default(),
        Some(rec.clone()),
    );
    b.offer_recovery();
    key(&mut b, KeyCode::Esc);
    assert!(!b.is_dirty());
    let text = b.message.clone().unwrap().text;
    assert!(text.starts_with("set aside"), "{text}");
    assert!(crate::tui::recovery::copies(&base).is_empty());
    let aside = std::fs::read_dir(&base)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| text.contains(&p.display().to_string()))
        .expect("the message names the folder");
    assert_eq!(crate::tui::recovery::copies(&aside).len(), 2);
}

#[test]
fn a_second_instance_opens_read_only() {
    let (dir, _) = folder_app();
    let source = DbSource::Dir(dir.path().to_path_buf());
    let base = dir.path().join("recovery-base");
    let (mut first, lock) =
        crate::tui::open(&source, today(), Config::default(), Some(base.clone()));
    assert!(lock.is_some() && !first.read_only);
    first.update(Action::ShowAgenda);
    first.update(Action::MoveLater);
    let rec = first.recovery_dir.clone().unwrap();
    crate::tui::recovery::write(&rec, &first.loaded, &first.editor).unwrap();

    let (mut second, lock2) =
        crate::tui::open(&source, today(), Config::default(), Some(base.clone()));
    assert!(lock2.is_none());
    assert!(second.read_only);
    assert_eq!(second.read_only_note, "open in another attache");
    assert!(
        second.recovery_dir.is_none(),
        "the first one's copies are left alone"
    );
    assert!(crate::tui::recovery::has_copies(&rec));
    let m = second.message.clone().unwrap();
    assert!(
        m.text
            .starts_with("read-only: the database is open in another attache (pid "),
        "{}",
        m.text
    );
    // Editing keys say why and do nothing; looking and exporting work.
    second.update(Action::ShowDelegation);
    key(&mut second, KeyCode::Char('a'));
    assert!(second.popup.is_none());
    assert!(
        second
            .message
            .as_ref()
            .unwrap()
            .text
            .starts_with("read-only: the database is open")
    );
    key(&mut second, KeyCode::Enter);
    assert!(
        second.popup.is_none(),
        "enter does not open the delegate form"
    );
    second.update(Action::ShowAgenda);
    for c in ['n', 'L', 'd', 'c', 'u'] {
        key(&mut second, KeyCode::Char(c));
        assert!(second.popup.is_none() && !second.is_dirty(), "{c}");
        assert!(
            second
                .message
                .as_ref()
                .unwrap()
                .text
                .starts_with("read-only: "),
            "{c}"
        );
    }
    ctrl(&mut second, 's');
    assert!(
        second
            .message
            .as_ref()
            .unwrap()
            .text
            .starts_with("read-only: ")
    );
    key(&mut second, KeyCode::Char('E'));
    assert!(matches!(second.popup, Some(Popup::Export(_))));
    key(&mut second, KeyCode::Esc);
    // A reload keeps it read-only.
    second.update(Action::Reload);
    assert!(second.read_only);
    // Once the first one quits, the next start may edit.
    drop(lock);
    drop(second);
    drop(lock2);
    let (third, lock3) = crate::tui::open(&source, today(), Config::default(), Some(base));
    assert!(!third.read_only && lock3.is_some());
    assert!(matches!(
        third.popup,
        Some(Popup::Confirm(Confirm::Recover { .. }))
    ));
}

#[test]
fn a_folder_that_cannot_be_locked_opens_read_only() {
    let (dir, _) = folder_app();
    // A folder where the lock file should be: locking fails like in a read-only folder.
    std::fs::create_dir(dir.path().join(crate::store::lock::LOCK_FILE)).unwrap();
    let source = DbSource::Dir(dir.path().to_path_buf());
    let (mut a, lock) = crate::tui::open(&source, today(), Config::default(), None);
    assert!(lock.is_none() && a.read_only);
    assert!(a.message.as_ref().unwrap().text.starts_with("read-only: "));
    a.update(Action::ShowAgenda);
    a.update(Action::MoveLater);
    assert!(!a.is_dirty());
}
