//! The lead's work on people in the terminal application, as they do it: add a
//! colleague with the form, put them in a delegation, remove a delegate with a booked
//! trip and bring everything back with one undo.

use attache::tui::action::{Action, Screen};
use attache::tui::app::App;
use attache::tui::config::Config;
use attache::tui::popups::Popup;
use attache::tui::popups::confirm_quit::Confirm;
use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::fixture;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn app() -> App {
    App::new(
        fixture::load_sample(today()),
        today(),
        Config::default(),
        None,
    )
}

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn chars(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

#[test]
fn a_new_colleague_is_added_with_the_form_and_selected() {
    let mut a = app();
    key(&mut a, KeyCode::Char('4'));
    key(&mut a, KeyCode::Char('a'));
    assert!(matches!(a.popup, Some(Popup::Person(_))));
    chars(&mut a, "Nuovo");
    key(&mut a, KeyCode::Tab);
    chars(&mut a, "Giulia Maria");
    // Known as, section (left as the selected person's), title, position, email.
    for _ in 0..5 {
        key(&mut a, KeyCode::Tab);
    }
    chars(&mut a, "giulia@example.org");
    key(&mut a, KeyCode::Enter);
    assert!(a.popup.is_none(), "accepted");
    let p = &a.db().people["nuovo"];
    assert_eq!(p.name, "Giulia Maria Nuovo");
    assert_eq!(p.email.as_deref(), Some("giulia@example.org"));
    assert_eq!(a.screen, Screen::People);
    assert_eq!(a.selected_person().as_deref(), Some("nuovo"));
    assert!(a.is_dirty());
    // Edit: the passport spelling.
    key(&mut a, KeyCode::Char('e'));
    chars(&mut a, "Nuovò");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.db().people["nuovo"].name, "Giulia Maria Nuovò");
    key(&mut a, KeyCode::Char('u'));
    assert_eq!(a.db().people["nuovo"].name, "Giulia Maria Nuovo");
}

#[test]
fn the_form_refuses_what_would_not_load_and_keeps_the_text() {
    let mut a = app();
    a.update(Action::ShowPeople);
    a.update(Action::AddPerson);
    key(&mut a, KeyCode::Enter);
    let Some(Popup::Person(f)) = &a.popup else {
        panic!("the form stays open")
    };
    assert!(
        f.form
            .error
            .as_ref()
            .unwrap()
            .message
            .contains("family name")
    );
    chars(&mut a, "X");
    for _ in 0..8 {
        key(&mut a, KeyCode::Tab);
    }
    chars(&mut a, "Mars/Olympus");
    key(&mut a, KeyCode::Enter);
    let Some(Popup::Person(f)) = &a.popup else {
        panic!("the form stays open")
    };
    assert!(
        f.form
            .error
            .as_ref()
            .unwrap()
            .message
            .contains("unknown time zone")
    );
    let before = a.db().people.len();
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.db().people.len(), before);
}

#[test]
fn removing_a_delegate_asks_and_one_undo_brings_back_their_trip() {
    let mut a = app();
    a.update(Action::ShowDelegation);
    let session = a.selected_session().unwrap().id.clone();
    let person = a.screens.delegation.selected().unwrap().to_string();
    let before = a.db().plans[&session].clone();
    assert!(
        before.travel.iter().any(|t| t.person == person),
        "the first delegate has a booked trip"
    );
    key(&mut a, KeyCode::Char('x'));
    assert!(
        matches!(&a.popup, Some(Popup::Confirm(Confirm::RemoveDelegate { with: Some(w), .. })) if w.contains("journeys")),
        "{:?}",
        a.popup
    );
    key(&mut a, KeyCode::Char('n'));
    assert_eq!(a.db().plans[&session], before, "n keeps them");
    key(&mut a, KeyCode::Char('x'));
    key(&mut a, KeyCode::Char('y'));
    let plan = &a.db().plans[&session];
    assert!(plan.delegate(&person).is_none());
    assert!(plan.travel.iter().all(|t| t.person != person));
    assert!(plan.stays.iter().all(|s| s.person != person));
    key(&mut a, KeyCode::Char('u'));
    assert_eq!(a.db().plans[&session], before);
}

#[test]
fn removing_a_person_in_plans_asks_naming_them() {
    let mut a = app();
    a.update(Action::ShowPeople);
    let person = a.selected_person().unwrap();
    key(&mut a, KeyCode::Char('x'));
    let Some(Popup::Confirm(Confirm::RemovePerson { plans, .. })) = &a.popup else {
        panic!("asks first: {:?}", a.popup)
    };
    assert!(!plans.is_empty());
    key(&mut a, KeyCode::Char('y'));
    assert!(!a.db().people.contains_key(&person));
    assert!(a.db().plans.values().all(|p| p.delegate(&person).is_none()));
    key(&mut a, KeyCode::Char('u'));
    assert!(a.db().people.contains_key(&person));
}

/// At 20x8 only the note asking for a larger window shows: `d` `y` must not delete a
/// meeting whose question was never visible, nor any other key act; quit still works.
#[test]
fn a_window_too_small_ignores_every_key_but_quit() {
    let mut a = app();
    a.update(Action::ShowAgenda);
    let before = a.db().clone();
    let popup_before = format!("{:?}", a.popup);
    a.on_resize(20, 8);
    for c in ['d', 'y', 'x', 'a', 'n', ' ', 'u'] {
        key(&mut a, KeyCode::Char(c));
    }
    key(&mut a, KeyCode::Enter);
    a.on_paste("pasted");
    a.on_mouse(crossterm::event::MouseEvent {
        kind: crossterm::event::MouseEventKind::ScrollDown,
        column: 1,
        row: 1,
        modifiers: KeyModifiers::NONE,
    });
    assert_eq!(a.db(), &before, "nothing changed");
    assert_eq!(format!("{:?}", a.popup), popup_before, "nothing opened");
    assert_eq!(a.screen, Screen::Agenda);
    // Once larger, keys act again.
    a.on_resize(80, 24);
    key(&mut a, KeyCode::Char('d'));
    assert!(matches!(
        a.popup,
        Some(Popup::Confirm(Confirm::DeleteMeeting { .. }))
    ));
    // Too small again: the question stays, unanswered, and q quits.
    a.on_resize(20, 8);
    key(&mut a, KeyCode::Char('y'));
    assert_eq!(a.db(), &before);
    key(&mut a, KeyCode::Char('q'));
    assert!(a.should_quit);
}

#[test]
fn quitting_from_a_window_too_small_still_asks_about_unsaved_changes() {
    let mut a = app();
    a.update(Action::ShowAgenda);
    a.update(Action::CancelMeeting);
    a.on_resize(30, 10);
    key(&mut a, KeyCode::Char('q'));
    assert!(!a.should_quit);
    assert!(matches!(
        a.popup,
        Some(Popup::Confirm(Confirm::Quit { .. }))
    ));
    // The answer waits for a window large enough to read the question.
    key(&mut a, KeyCode::Char('y'));
    assert!(!a.should_quit);
    a.on_resize(80, 24);
    key(&mut a, KeyCode::Char('y'));
    assert!(a.should_quit);
}

/// A three-line note pasted into Notes keeps its lines; the same paste in a one-line
/// field reads as words apart, never glued.
#[test]
fn a_pasted_note_keeps_its_lines_and_a_pasted_name_its_spaces() {
    let mut a = app();
    a.update(Action::ShowPeople);
    a.update(Action::AddPerson);
    a.on_paste("Nuovo\r\nEsempio");
    key(&mut a, KeyCode::Tab);
    a.on_paste("Giulia\nMaria");
    // Known as, section, title, position, email, phone, zone: then notes.
    for _ in 0..8 {
        key(&mut a, KeyCode::Tab);
    }
    a.on_paste("Passport: NUOVO ESEMPIO, Giulia Maria\nVegetarian\r\nArrives from Rome");
    key(&mut a, KeyCode::Enter);
    assert!(a.popup.is_none(), "{:?}", a.popup);
    let p = &a.db().people["nuovo-esempio"];
    assert_eq!(p.name, "Giulia Maria Nuovo Esempio");
    assert_eq!(
        p.notes.as_deref(),
        Some("Passport: NUOVO ESEMPIO, Giulia Maria\nVegetarian\nArrives from Rome")
    );
}

/// Moving a meeting's start keeps its length; times read as people type them; a day
/// that does not exist says so.
#[test]
fn a_new_start_keeps_the_meetings_length_and_times_read_as_typed() {
    let mut a = app();
    a.update(Action::ShowAgenda);
    let id = a.selected_meeting().unwrap();
    let before = attache::planning::ops::find_meeting(a.db(), &id)
        .map(|(p, i)| p.meetings[i].clone())
        .unwrap();
    let length = before.end - before.start;
    key(&mut a, KeyCode::Char('e'));
    // Title, with, kind, day: then the start.
    for _ in 0..4 {
        key(&mut a, KeyCode::Tab);
    }
    chars(&mut a, "15h");
    key(&mut a, KeyCode::Enter);
    assert!(a.popup.is_none(), "accepted: {:?}", a.popup);
    let after = attache::planning::ops::find_meeting(a.db(), &id)
        .map(|(p, i)| p.meetings[i].clone())
        .unwrap();
    assert_eq!(after.start.format("%H:%M").to_string(), "15:00");
    assert_eq!(after.end - after.start, length, "the length is kept");

    for (typed, start) in [
        ("930", "09:30"),
        ("9.30", "09:30"),
        ("9:30", "09:30"),
        ("1405", "14:05"),
    ] {
        key(&mut a, KeyCode::Char('e'));
        for _ in 0..4 {
            key(&mut a, KeyCode::Tab);
        }
        chars(&mut a, typed);
        key(&mut a, KeyCode::Enter);
        assert!(a.popup.is_none(), "{typed}: {:?}", a.popup);
        let m = attache::planning::ops::find_meeting(a.db(), &id)
            .map(|(p, i)| p.meetings[i].clone())
            .unwrap();
        assert_eq!(m.start.format("%H:%M").to_string(), start, "{typed}");
        assert_eq!(m.end - m.start, length, "{typed}");
    }

    key(&mut a, KeyCode::Char('e'));
    for _ in 0..3 {
        key(&mut a, KeyCode::Tab);
    }
    chars(&mut a, "2027-02-30");
    key(&mut a, KeyCode::Enter);
    let Some(Popup::Meeting(f)) = &a.popup else {
        panic!("refused: the form stays")
    };
    assert!(
        f.form
            .field_errors
            .iter()
            .any(|(_, e)| e == "February 2027 has 28 days"),
        "{:?}",
        f.form.field_errors
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(10))]

    /// Whatever is pasted into the new person form (empty, long, emoji, right-to-left,
    /// controls, line breaks, a 10,000-character note), the form says what is wrong on
    /// the form, or the person is added; drawing never panics and never overflows, and
    /// what was added saves into a file that loads back to the same person.
    #[test]
    fn any_text_in_the_new_person_form_is_refused_or_saved_and_loads(
        family in "\\PC{0,30}|[\\s\\S]{0,12}|.{500}",
        given in "\\PC{0,30}|🇦🇹🤝🏽 שלום",
        email in "[a-z]{1,8}@[a-z]{1,8}\\.org|\\PC{0,12}",
        zone in proptest::sample::select(vec!["", "Europe/Vienna", "Mars/Base", "europe/vienna"]),
        note_len in 0usize..10_000,
    ) {
        let dir = tempfile::tempdir().unwrap();
        fixture::write_sample(dir.path());
        let source = attache::store::DbSource::Dir(dir.path().to_path_buf());
        let loaded = attache::store::load(&source, today());
        let mut a = App::new(loaded, today(), Config::default(), None);
        a.update(Action::ShowPeople);
        a.update(Action::AddPerson);
        a.on_paste(&family);
        key(&mut a, KeyCode::Tab);
        a.on_paste(&given);
        for _ in 0..5 {
            key(&mut a, KeyCode::Tab);
        }
        a.on_paste(&email);
        key(&mut a, KeyCode::Tab);
        key(&mut a, KeyCode::Tab);
        a.on_paste(zone);
        key(&mut a, KeyCode::Tab);
        a.on_paste(&"ש🤝🏽\n".repeat(note_len / 4));
        let before = a.db().people.len();
        key(&mut a, KeyCode::Enter);
        for (w, h) in [(80u16, 24u16), (200, 55)] {
            a.on_resize(w, h);
            let mut buf = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, w, h));
            attache::tui::view::render(&a, buf.area, &mut buf);
        }
        match &a.popup {
            Some(Popup::Person(f)) => {
                proptest::prop_assert!(f.form.error.is_some(), "refused, saying why");
                proptest::prop_assert_eq!(a.db().people.len(), before);
            }
            None => {
                proptest::prop_assert_eq!(a.db().people.len(), before + 1);
                let added = a.db().people.values().last().unwrap().clone();
                a.update(Action::Save);
                let back = attache::store::load(&source, today());
                proptest::prop_assert!(!back.diagnostics.has_errors(), "{}", back.diagnostics.render(&back.sources));
                proptest::prop_assert_eq!(&back.db.people[&added.id], &added);
            }
            other => proptest::prop_assert!(false, "{:?}", other),
        }
    }
}
