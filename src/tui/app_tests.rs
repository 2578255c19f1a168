//! The shell's tests: starting, the status line, the mouse, a broken database. The
//! components' own are beside them (driven through the application, as the user
//! drives them, with [`crate::tui::testing`]).

use crate::tui::testing::*;

#[test]
fn starts_on_the_next_planned_session() {
    let a = app();
    assert_eq!(a.session.as_deref(), Some("cnd-70"));
    assert_eq!(a.selected_session().unwrap().id, "cnd-70");
    assert_eq!(a.screen, Screen::Sessions);
    assert!(!a.read_only());
    assert_eq!(a.selected_delegate().as_deref(), Some("esempio"));
    assert_eq!(a.selected_meeting().as_deref(), Some("cnd70-briefing"));
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
    // Fixed again, then the fix undone: the clash is said to be back.
    a.update(Action::MoveLater);
    a.update(Action::Undo);
    let text = a.message.clone().unwrap().text;
    assert!(
        text.starts_with("‼ the clash is back (esempio) · undone: moved (+15 min)"),
        "{text}"
    );
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
        a.screens.agenda.details,
        "a second click opens, as Enter does: the details, in a narrow window"
    );
    a.update(Action::Back);
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
    let mut files = crate::tui::testing::sample_files();
    for f in &mut files {
        if f.path == std::path::Path::new("plan/cnd-70.toml") {
            f.bytes =
                b"format = 1\nsession = \"cnd-70\"\n[[delegate]]\nperson = \"nobody\"\n".to_vec();
        }
    }
    let loaded = store::load_files(DbSource::Embedded, files, today());
    assert!(loaded.diagnostics.has_errors());
    let mut a = App::new(loaded, today(), Config::default(), None);
    assert!(a.read_only());
    assert_eq!(a.screen, Screen::Problems);
    assert!(a.checks.problems[0].is_error());
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
fn config_problems_show_in_the_status_bar() {
    let loaded = crate::tui::testing::sample(today());
    let config = crate::tui::config::parse("theme = 3");
    let a = App::new(loaded, today(), config, None);
    assert!(a.message.as_ref().unwrap().text.starts_with("config:"));
    // Every problem, listed on Problems for as long as the app runs.
    let loaded = crate::tui::testing::sample(today());
    let config = crate::tui::config::parse("theme = \"blue\"\n[keys]\nquit = \"zz\"\n");
    let mut a = App::new(loaded, today(), config, None);
    let said = a.message.as_ref().unwrap().text.clone();
    assert!(said.contains("and 1 more: see Problems"), "{said}");
    a.update(Action::Down);
    a.update(Action::ShowAgenda);
    a.update(Action::CancelMeeting);
    let config: Vec<String> = a
        .checks
        .problems
        .iter()
        .map(|p| p.diagnostic().message.clone())
        .filter(|m| m.starts_with("config:"))
        .collect();
    assert_eq!(config.len(), 2, "{config:?}");
    assert!(
        config.iter().any(|m| m.contains("\"zz\" is not a key")),
        "{config:?}"
    );
}
