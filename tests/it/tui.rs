//! The terminal application drawn into ratatui's TestBackend: a snapshot of every
//! screen, the help, the meeting and journey forms showing errors, the travel and
//! hotels list and the too-small note, at 80x24 and 160x48; and every screen and popup
//! drawn at every size from 1x1 to 100x30 without a panic.

use attache::tui::action::{Action, Screen};
use attache::tui::app::App;
use attache::tui::config::Config;
use attache::tui::popups::Popup;
use attache::tui::popups::confirm_quit::Confirm;
use attache::tui::view;
use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::fixture;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn app() -> App {
    let loaded = fixture::load_sample(today());
    App::new(loaded, today(), Config::default(), None)
}

fn draw(app: &mut App, w: u16, h: u16) -> String {
    app.on_resize(w, h);
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| view::draw(app, f)).unwrap();
    view::buffer_to_string(terminal.backend().buffer())
}

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn chars(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

fn snap(name: &str, mut setup: impl FnMut(&mut App)) {
    for (w, h) in SIZES {
        let mut a = app();
        setup(&mut a);
        let text = draw(&mut a, w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), text);
    }
}

#[test]
fn sessions_screen() {
    snap("sessions", |_| {});
}

#[test]
fn delegation_screen() {
    snap("delegation", |a| a.update(Action::ShowDelegation));
}

#[test]
fn agenda_screen() {
    snap("agenda", |a| {
        a.update(Action::ShowAgenda);
        // Select the Tuesday clash.
        a.update(Action::Down);
        a.update(Action::Down);
    });
}

/// At 80 columns the selected meeting's details, with its clash explained, show on
/// Enter in the timeline's place, and below the list in a tall window.
#[test]
fn agenda_details_at_80_columns() {
    let clash = |a: &mut App| {
        a.update(Action::ShowAgenda);
        a.update(Action::Down);
        a.update(Action::Down);
    };
    let mut a = app();
    clash(&mut a);
    key(&mut a, KeyCode::Enter);
    assert!(
        a.popup.is_none(),
        "Enter shows the details, it does not edit"
    );
    let text = draw(&mut a, 80, 24);
    assert!(text.contains("Attendees"), "{text}");
    assert!(text.contains("Room"), "{text}");
    insta::assert_snapshot!("agenda_details_80x24", text);
    key(&mut a, KeyCode::Esc);
    assert!(!draw(&mut a, 80, 24).contains("Attendees"));
    let mut a = app();
    clash(&mut a);
    let text = draw(&mut a, 80, 40);
    assert!(
        text.contains("Attendees") && text.contains("Room"),
        "{text}"
    );
    insta::assert_snapshot!("agenda_details_80x40", text);
}

#[test]
fn people_screen() {
    snap("people", |a| a.update(Action::ShowPeople));
}

#[test]
fn problems_screen() {
    snap("problems", |a| a.update(Action::ShowProblems));
}

#[test]
fn help_popup() {
    snap("help", |a| {
        a.update(Action::ShowAgenda);
        a.update(Action::Help);
    });
}

/// In a narrow window every action's name is shown whole (wrapped, not cut at the
/// border): it is what a user types to rebind the key.
#[test]
fn help_fits_a_narrow_window() {
    for width in [80, 90] {
        let mut a = app();
        a.update(Action::ShowSessions);
        a.update(Action::Help);
        let mut names = 0;
        // Page through the whole help.
        for _ in 0..20 {
            let text = draw(&mut a, width, 24);
            for line in text.lines().filter(|l| l.contains('[')) {
                assert!(line.contains(']'), "cut at {width} columns: {line}\n{text}");
                names += 1;
            }
            a.update(Action::PageDown);
        }
        assert!(names > 20, "{names} names seen at {width} columns");
    }
}

#[test]
fn meeting_form_with_an_error() {
    snap("meeting_form_error", |a| {
        a.update(Action::ShowAgenda);
        key(a, KeyCode::Char('n'));
        chars(a, "Coffee with the UNODC Civil Society Unit");
        // Ends (field 6) before it starts.
        for _ in 0..5 {
            key(a, KeyCode::Tab);
        }
        for _ in 0..5 {
            key(a, KeyCode::Backspace);
        }
        chars(a, "08:30");
    });
}

#[test]
fn travel_and_hotels_list() {
    snap("travel_list", |a| {
        a.update(Action::ShowDelegation);
        key(a, KeyCode::Char('t'));
    });
}

#[test]
fn journey_form_with_errors() {
    snap("journey_form_error", |a| {
        a.update(Action::ShowDelegation);
        a.select_delegate("beispiel");
        key(a, KeyCode::Char('t'));
        key(a, KeyCode::Enter);
        chars(a, "Graz");
        key(a, KeyCode::Tab);
        chars(a, "2027-03-28 02:30");
        // The arrival's zone (field 7), misspelt.
        for _ in 0..4 {
            key(a, KeyCode::Tab);
        }
        chars(a, "Europe/Viena");
    });
}

#[test]
fn search_popup() {
    snap("search", |a| {
        key(a, KeyCode::Char('/'));
        chars(a, "lab");
    });
}

#[test]
fn export_dialog() {
    snap("export", |a| {
        a.update(Action::ShowDelegation);
        a.select_delegate("beispiel");
        key(a, KeyCode::Char('E'));
    });
}

#[test]
fn export_dialog_with_an_error() {
    snap("export_error", |a| {
        key(a, KeyCode::Char('E'));
        // Format: the letter's text (the last but one); then a path that cannot be written.
        key(a, KeyCode::Tab);
        key(a, KeyCode::Left);
        key(a, KeyCode::Left);
        for _ in 0..3 {
            key(a, KeyCode::Tab);
        }
        chars(a, "/proc/nowhere/letter.txt");
        key(a, KeyCode::Enter);
    });
}

fn confirm(a: &mut App, c: Confirm) {
    a.popup = Some(Popup::Confirm(c));
}

#[test]
fn changed_on_disk_popups() {
    snap("disk_changed_clean", |a| {
        confirm(
            a,
            Confirm::DiskChanged {
                files: vec!["plan/cnd-70.toml".into()],
                dirty: false,
            },
        )
    });
    snap("disk_changed_dirty", |a| {
        a.update(Action::ShowAgenda);
        a.update(Action::MoveLater);
        a.disk_changed = vec!["plan/cnd-70.toml".into(), "sections.toml".into()];
        confirm(
            a,
            Confirm::DiskChanged {
                files: a.disk_changed.clone(),
                dirty: true,
            },
        )
    });
    snap("save_conflict", |a| {
        a.update(Action::ShowAgenda);
        a.update(Action::MoveLater);
        confirm(
            a,
            Confirm::Notice {
                title: "Not saved: changed on disk".into(),
                text: "not saved: changed on disk since attache read it:\n  /home/lead/delegation/plan/cnd-70.toml (your version is in /home/lead/delegation/plan/cnd-70.toml.mine)\ncompare the two, merge by hand, then reload\n\nNothing was written over their version. Your changes are still here, unsaved: saving again writes them beside theirs again; reloading (R) takes theirs and drops yours.".into(),
            },
        )
    });
}

#[test]
fn recovery_popup() {
    snap("recovery", |a| {
        confirm(
            a,
            Confirm::Recover {
                dir: "/home/lead/.local/share/attache/recovery/delegation-1a2b3c4d-20261123-101500"
                    .into(),
                sessions: vec!["ccpcj-36".into(), "cnd-70".into()],
                people: false,
                calendar: false,
                written: Some("2026-11-23 10:14:58".into()),
            },
        )
    });
}

#[test]
fn read_only_status_bar() {
    snap("read_only", |a| {
        a.make_read_only(
            "open in another attache",
            "the database is open in another attache (pid 4242): close it or try again",
        );
        a.update(Action::ShowDelegation);
        key(a, KeyCode::Char('a'));
    });
    // Without a message: the note, and no hints for keys that would be refused.
    snap("read_only_hints", |a| {
        a.make_read_only(
            "folder not writable",
            "the database folder /srv/delegation cannot be written",
        );
        a.update(Action::ShowAgenda);
    });
}

#[test]
fn new_person_form_with_an_error() {
    snap("person_form", |a| {
        a.update(Action::ShowPeople);
        a.update(Action::AddPerson);
        chars(a, "Nuovo");
        key(a, KeyCode::Tab);
        chars(a, "Giulia");
        for _ in 0..5 {
            key(a, KeyCode::Tab);
        }
        chars(a, "giulia at example.org");
    });
}

#[test]
fn removing_a_delegate_names_what_goes_with_them() {
    snap("remove_delegate", |a| {
        a.update(Action::ShowDelegation);
        a.update(Action::Unassign);
    });
}

#[test]
fn removing_a_person_names_their_plans() {
    snap("remove_person", |a| {
        a.update(Action::ShowPeople);
        a.update(Action::RemovePerson);
    });
}

/// A delegate's own schedule: their days in time order, at the venue's time, with
/// their home time beside it where it differs.
#[test]
fn a_delegates_schedule() {
    snap("schedule", |a| {
        a.update(Action::ShowDelegation);
        a.update(Action::Schedule);
    });
    let mut loaded = fixture::load_sample(today());
    let first = loaded.db.plans["cnd-70"].delegates[0].person.clone();
    loaded.db.people.get_mut(&first).unwrap().timezone = Some(chrono_tz::America::New_York);
    let mut a = App::new(loaded, today(), Config::default(), None);
    a.update(Action::ShowDelegation);
    a.update(Action::Schedule);
    let text = draw(&mut a, 120, 40);
    assert!(text.contains("⌂ America/New_York (home)"), "{text}");
    // The briefing at 18:30 in Vienna is 12:30 in New York.
    assert!(text.contains("18:30–20:00 CET"), "{text}");
    assert!(text.contains("⌂ 12:30–14:00"), "{text}");
    // Scrolling goes on to the last day.
    for _ in 0..10 {
        a.update(Action::PageDown);
    }
    let text = draw(&mut a, 120, 40);
    assert!(text.contains("Friday 12 March 2027"), "{text}");
}

#[test]
fn too_small_note() {
    let mut a = app();
    let text = draw(&mut a, 60, 20);
    assert!(text.contains("make the window larger (needs 80x24, have 60x20)"));
    insta::assert_snapshot!("too_small_60x20", text);
    let text = draw(&mut a, 79, 24);
    assert!(text.contains("have 79x24"), "{text}");
}

#[test]
fn meeting_form_never_accepts_an_invalid_meeting() {
    let mut a = app();
    a.update(Action::ShowAgenda);
    let before = a.db().plans["cnd-70"].meetings.len();
    key(&mut a, KeyCode::Char('n'));
    key(&mut a, KeyCode::Enter); // no title
    assert!(a.popup.is_some(), "the form stays open");
    let text = draw(&mut a, 80, 24);
    assert!(text.contains("a meeting needs a title"), "{text}");
    chars(&mut a, "Coffee");
    key(&mut a, KeyCode::Enter);
    assert!(a.popup.is_none());
    assert_eq!(a.db().plans["cnd-70"].meetings.len(), before + 1);
    assert!(a.is_dirty());
    // The id is readable, with a suffix that keeps it apart from other writers'.
    let id = a.selected_meeting().unwrap();
    assert!(id.starts_with("cnd-70-coffee-"), "{id}");
    assert_eq!(a.db().plans["cnd-70"].meeting(&id).unwrap().title, "Coffee");
}

#[test]
fn wide_and_hostile_text_keeps_columns() {
    let mut loaded = fixture::load_sample(today());
    let p = loaded.db.people.get_mut("esempio").unwrap();
    p.name = "東京 太郎 🎌 Esempio\u{1b}[2J\u{202e}evil".into();
    let s = loaded.db.sessions.get_mut("cnd-70").unwrap();
    s.title = "第70回 麻薬委員会 session with a very long title that goes on and on".into();
    let mut a = App::new(loaded, today(), Config::default(), None);
    for screen in Screen::ALL {
        a.screen = screen;
        for (w, h) in SIZES {
            let text = draw(&mut a, w, h);
            assert!(!text.contains('\u{1b}'), "an escape reached the terminal");
            assert!(
                !text.contains('\u{202e}'),
                "a bidi override reached the terminal"
            );
            for line in text.lines() {
                assert!(
                    unicode_width::UnicodeWidthStr::width(line) <= w as usize,
                    "line wider than the screen: {line}"
                );
            }
        }
    }
    a.update(Action::ShowDelegation);
    let text = draw(&mut a, 80, 24);
    assert!(text.contains("東京 太郎"), "{text}");
    assert!(text.contains("\\u{1b}"), "{text}");
    // The role column still starts where the header says.
    let header = text.lines().find(|l| l.contains("NAME")).unwrap();
    let row = text.lines().find(|l| l.contains("東京")).unwrap();
    let col = |l: &str, pat: &str| {
        let i = l.find(pat).unwrap();
        unicode_width::UnicodeWidthStr::width(&l[..i])
    };
    assert_eq!(col(header, "ROLE"), col(row, "head"), "\n{header}\n{row}");
}

#[test]
fn every_screen_at_every_small_size() {
    let mut a = app();
    type Setup = Box<dyn Fn(&mut App)>;
    let setups: Vec<(&str, Setup)> = vec![
        ("sessions", Box::new(|_| {})),
        ("delegation", Box::new(|a| a.update(Action::ShowDelegation))),
        ("agenda", Box::new(|a| a.update(Action::ShowAgenda))),
        ("people", Box::new(|a| a.update(Action::ShowPeople))),
        ("problems", Box::new(|a| a.update(Action::ShowProblems))),
        ("help", Box::new(|a| a.update(Action::Help))),
        (
            "form",
            Box::new(|a| {
                a.update(Action::ShowAgenda);
                a.update(Action::NewMeeting);
            }),
        ),
        (
            "assign",
            Box::new(|a| {
                a.update(Action::ShowDelegation);
                a.update(Action::Assign);
            }),
        ),
        (
            "travel",
            Box::new(|a| {
                a.update(Action::ShowDelegation);
                a.update(Action::TravelAndHotels);
            }),
        ),
        (
            "journey",
            Box::new(|a| {
                a.update(Action::ShowDelegation);
                a.update(Action::TravelAndHotels);
                a.update(Action::Open);
            }),
        ),
        ("search", Box::new(|a| a.update(Action::Search))),
        (
            "schedule",
            Box::new(|a| {
                a.update(Action::ShowDelegation);
                a.update(Action::Schedule);
            }),
        ),
        (
            "person",
            Box::new(|a| {
                a.update(Action::ShowPeople);
                a.update(Action::EditPerson);
            }),
        ),
        (
            "section",
            Box::new(|a| {
                a.update(Action::ShowPeople);
                a.update(Action::AddSection);
            }),
        ),
        (
            "remove-person",
            Box::new(|a| {
                a.update(Action::ShowPeople);
                a.update(Action::RemovePerson);
            }),
        ),
        (
            "remove-delegate",
            Box::new(|a| {
                a.update(Action::ShowDelegation);
                a.update(Action::Unassign);
            }),
        ),
        ("export", Box::new(|a| a.update(Action::Export))),
        (
            "recovery",
            Box::new(|a| {
                confirm(
                    a,
                    Confirm::Recover {
                        dir: "/a/very/long/path/to/the/recovery/folder/of/this/database".into(),
                        sessions: vec!["cnd-70".into()],
                        people: true,
                        calendar: true,
                        written: Some("2026-11-23 10:14:58".into()),
                    },
                )
            }),
        ),
        (
            "disk",
            Box::new(|a| {
                confirm(
                    a,
                    Confirm::DiskChanged {
                        files: (0..9).map(|i| format!("plan/p{i}.toml").into()).collect(),
                        dirty: true,
                    },
                )
            }),
        ),
    ];
    for (name, setup) in &setups {
        a.popup = None;
        setup(&mut a);
        for w in 1..=100u16 {
            for h in 1..=30u16 {
                let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    draw(&mut a, w, h);
                }));
                assert!(r.is_ok(), "{name} panicked at {w}x{h}");
            }
        }
    }
}

/// The official programme beside the delegation's own meetings: an item nobody
/// attends is dimmed until someone does, and its details say what it is and how to
/// pick who goes.
#[test]
fn agenda_dims_the_programme_nobody_attends() {
    use attache::planning::programme;
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/programme/cnd-70-google.ics");
    let loaded = fixture::load_sample(today());
    let session = loaded.db.sessions["cnd-70"].clone();
    let imported = attache::import::read(
        &path,
        &std::fs::read(&path).unwrap(),
        &session,
        chrono_tz::Europe::Vienna,
    );
    let mut ws = attache::workspace::Workspace::from_loaded(loaded, today());
    ws.apply(|db| programme::import(db, &session.id, &imported.entries).map(|(tx, _)| tx))
        .unwrap();
    let mut a = App::over(ws, Config::default(), None);
    a.update(Action::ShowAgenda);
    let ngo_day = programme::items(a.db(), "cnd-70")
        .into_iter()
        .find(|m| m.title == "NGO day")
        .unwrap()
        .id
        .clone();
    a.select_meeting(&ngo_day);
    a.on_resize(160, 48);
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).unwrap();
    terminal.draw(|f| view::draw(&a, f)).unwrap();
    let buf = terminal.backend().buffer().clone();
    let text = view::buffer_to_string(&buf);
    assert!(text.contains("an item of the official programme"), "{text}");
    assert!(text.contains("nobody goes (e to pick who goes)"), "{text}");
    // In the list, the unattended dialogue is drawn dim; an own meeting is not.
    let style_of = |needle: &str| {
        let (y, line) = text
            .lines()
            .enumerate()
            .find(|(_, l)| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle} not drawn: {text}"));
        let x = line[..line.find(needle).unwrap()].chars().count();
        buf[(x as u16, y as u16)].style()
    };
    let dim = a.theme.dim.fg;
    assert_eq!(style_of("VNGOC informal dialogue").fg, dim);
    assert_ne!(
        style_of("Speaking slot").fg,
        dim,
        "an own meeting is not dimmed"
    );
}

/// The application on a copy of the sample database with one file changed.
fn sample_changed(file: &str, change: impl FnOnce(String) -> String) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    fixture::write_sample(dir.path());
    let path = dir.path().join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, change(text)).unwrap();
    let source = attache::store::DbSource::Dir(dir.path().to_path_buf());
    let loaded = attache::store::load(&source, today());
    (dir, App::new(loaded, today(), Config::default(), None))
}

/// The rows of the Problems list in a drawn screen.
fn problem_rows(shown: &str) -> Vec<&str> {
    shown
        .lines()
        .map(|l| l.trim_start_matches('│'))
        .filter(|l| {
            ["error ", "warning ", "clash "]
                .iter()
                .any(|w| l.starts_with(w))
        })
        .collect()
}

/// While a staged start is still reading the plans, no screen says a session has
/// no plan, no meetings or no delegates: they are not read yet.
#[test]
fn nothing_is_said_missing_while_the_plans_are_read() {
    let source = attache::store::DbSource::Dir(fixture::sample_dir());
    let mut app = App::new(
        attache::store::load_top(&source, today()),
        today(),
        Config::default(),
        None,
    );
    app.plans_pending = true;
    app.session = Some("cnd-70".into());
    app.update(Action::ShowSessions);
    app.screens.sessions.select("cnd-70");
    for show in [
        Action::ShowSessions,
        Action::ShowDelegation,
        Action::ShowAgenda,
    ] {
        app.update(show);
        let shown = draw(&mut app, 160, 48);
        assert!(shown.contains("the plans are still being read"), "{shown}");
        for false_ in [
            "no plan yet",
            "no meetings yet",
            "nobody assigned yet",
            "0 meetings",
        ] {
            assert!(!shown.contains(false_), "{false_}:\n{shown}");
        }
    }
}

/// A venue whose entry has an error is not "unknown": it is there, not read.
#[test]
fn a_venue_with_an_error_is_not_unknown() {
    let (_dir, mut app) = sample_changed("venues.toml", |text| {
        text.replacen("Europe/Vienna", "Europe/Viena", 1)
    });
    app.update(Action::ShowSessions);
    app.screens.sessions.select("cnd-70");
    let shown = draw(&mut app, 160, 48);
    assert!(shown.contains("vic (not read: see Problems)"), "{shown}");
    assert!(
        shown.contains("none shown while the files have errors"),
        "{shown}"
    );
}

/// Problems lists every error first, wherever it is: an error stops a save or an
/// export, and a warning of the working session must not hide it below.
#[test]
fn problems_list_errors_before_the_working_sessions_warnings() {
    // An error in another session's plan (which holds back that plan's warnings only).
    let (_dir, mut app) = sample_changed("plan/ccpcj-33.toml", |text| {
        text.replacen("role = \"head\"", "role = \"hed\"", 1)
    });
    app.session = Some("cnd-70".into());
    app.update(Action::ShowProblems);
    let shown = draw(&mut app, 160, 48);
    let rows = problem_rows(&shown);
    assert!(rows.len() > 1, "{shown}");
    assert!(rows[0].starts_with("error   ccpcj-33"), "{shown}");
    assert!(rows[1..].iter().any(|r| r.contains("cnd-70")), "{shown}");
}

/// A plan file that cannot be read (a merge left its conflict markers) is not an empty
/// plan: Agenda and Delegation say the file could not be read and where to look, never
/// "no meetings yet" nor "nobody assigned yet", which would tell the lead it is empty.
#[test]
fn a_plan_that_cannot_be_read_is_not_shown_as_empty() {
    let (_dir, mut app) = sample_changed("plan/cnd-70.toml", |text| {
        format!("<<<<<<< HEAD\n{text}=======\n>>>>>>> other\n")
    });
    app.session = Some("cnd-70".into());
    for (screen, show) in [
        (Screen::Agenda, Action::ShowAgenda),
        (Screen::Delegation, Action::ShowDelegation),
    ] {
        app.update(show);
        let shown = draw(&mut app, 160, 48);
        assert!(
            shown.contains("plan/cnd-70.toml could not be read"),
            "{screen:?}:\n{shown}"
        );
        assert!(
            !shown.contains("no meetings yet") && !shown.contains("nobody assigned yet"),
            "{screen:?}:\n{shown}"
        );
    }
    // Agenda's title counts no meetings it could not read.
    app.update(Action::ShowAgenda);
    let shown = draw(&mut app, 160, 48);
    assert!(
        shown.contains("Agenda of cnd-70 · plan not read"),
        "{shown}"
    );
    // People does not say its head is in no delegation.
    app.update(Action::ShowPeople);
    app.screens.people.select("esempio");
    let shown = draw(&mut app, 160, 48);
    assert!(
        shown.contains("none in the plans read (1 plan could not be read"),
        "{shown}"
    );
    assert!(!shown.contains("none yet"), "{shown}");
    // Problems lists its errors as the plan's, and first.
    app.update(Action::ShowProblems);
    let shown = draw(&mut app, 160, 48);
    let first = problem_rows(&shown).first().copied().unwrap_or_default();
    assert!(
        first.contains("error   cnd-70") && first.contains("merge conflict"),
        "{shown}"
    );
    assert!(!shown.contains("error   files"), "{shown}");
    // Delegation's title counts nobody it could not read.
    app.update(Action::ShowDelegation);
    let shown = draw(&mut app, 160, 48);
    assert!(shown.contains("cnd-70 · plan not read"), "{shown}");
    // Sessions says so too, not "no plan yet".
    app.update(Action::ShowSessions);
    app.screens.sessions.select("cnd-70");
    let shown = draw(&mut app, 160, 48);
    assert!(
        shown.contains("plan/cnd-70.toml could not be read"),
        "{shown}"
    );
    assert!(!shown.contains("no plan yet"), "{shown}");
    let row = shown
        .lines()
        .find(|l| l.contains("cnd-70 ") && l.contains("2027-03-08"))
        .unwrap_or_default();
    // DEL.: "?", not "–" (no plan).
    assert!(row.contains(" CND            ? 70th session"), "{row}");
    // Nor does the export dialog say the session has no plan, or 0 people.
    app.update(Action::Export);
    let shown = draw(&mut app, 160, 48);
    assert!(
        shown.contains("plan/cnd-70.toml could not be read"),
        "{shown}"
    );
    assert!(
        !shown.contains("has no plan") && !shown.contains("(0 people)"),
        "{shown}"
    );
}
