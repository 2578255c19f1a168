//! What a terminal really shows: the application's output fed to a terminal emulator
//! (vt100, which advances its cursor by each character's width as most terminals do),
//! frame after frame, across screens and popups, with names and titles full of flags,
//! skin tones, joined emoji, combining marks, wide CJK, right-to-left text and line
//! separators. After every frame the emulator's screen must be exactly the frame
//! drawn: no border moved, no debris left by an earlier screen.

use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;

use attache::tui::action::{Action, Screen};
use attache::tui::app::App;
use attache::tui::config::Config;
use attache::tui::view;
use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::{ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Size};
use unicode_width::UnicodeWidthStr;

use crate::fixture;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// Text a user may well paste: every kind of cluster terminals and Unicode disagree on.
const HOSTILE: [&str; 8] = [
    "🇦🇹 Delegation",
    "Bilateral 🤝🏽 with UNODC",
    "Team 👩\u{200D}💼👨\u{200D}👩\u{200D}👧",
    "Cafe\u{301} ❤\u{FE0F} ✔\u{FE0F}",
    "東京 太郎",
    "שלום עליכם مرحبا",
    "line\u{2028}separator\u{2029}here",
    "x🏳\u{FE0F}\u{200D}🌈y",
];

fn hostile_app() -> App {
    let mut loaded = fixture::load_sample(today());
    let db = &mut loaded.db;
    for (i, p) in db.people.values_mut().enumerate() {
        // An odd column before some, so that wide characters fall on every parity.
        let lead = if i % 2 == 0 { "" } else { "A" };
        p.name = format!("{lead}{} {}", HOSTILE[i % HOSTILE.len()], p.name);
        p.position = Some(HOSTILE[(i + 3) % HOSTILE.len()].to_string());
    }
    for plan in db.plans.values_mut() {
        let plan = std::sync::Arc::make_mut(plan);
        for (i, m) in plan.meetings.iter_mut().enumerate() {
            m.title = format!("{} {}", HOSTILE[i % HOSTILE.len()], m.title);
            m.with = Some(HOSTILE[(i + 1) % HOSTILE.len()].to_string());
        }
    }
    for (i, s) in db.sessions.values_mut().enumerate() {
        s.title = format!("{} {}", HOSTILE[i % HOSTILE.len()], s.title);
    }
    App::new(loaded, today(), Config::default(), None)
}

/// Rows of a ratatui buffer as a terminal shows them: each cell's symbol, the cells
/// a wide symbol covers left out.
fn frame_rows(buf: &Buffer) -> Vec<String> {
    let w = buf.area.width as usize;
    buf.content
        .chunks(w)
        .map(|row| {
            let mut line = String::new();
            let mut skip = 0;
            for c in row {
                if skip == 0 {
                    line.push_str(c.symbol());
                }
                skip = skip.max(c.symbol().width()).saturating_sub(1);
            }
            line.trim_end().to_string()
        })
        .collect()
}

/// Rows of the emulator's screen, the same way.
fn screen_rows(screen: &vt100::Screen, w: u16, h: u16) -> Vec<String> {
    (0..h)
        .map(|r| {
            let mut line = String::new();
            for c in 0..w {
                let Some(cell) = screen.cell(r, c) else {
                    continue;
                };
                if cell.is_wide_continuation() {
                    continue;
                }
                match cell.contents() {
                    "" => line.push(' '),
                    s => line.push_str(s),
                }
            }
            line.trim_end().to_string()
        })
        .collect()
}

/// The bytes a terminal backend wrote, shared with the test.
#[derive(Clone, Default)]
struct Sent(Rc<RefCell<Vec<u8>>>);

impl Write for Sent {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(b);
        Ok(b.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The real application's backend (crossterm's escape sequences), writing to `Sent`,
/// of a fixed size and answering where its cursor is, as a terminal would.
struct Backend {
    inner: CrosstermBackend<Sent>,
    size: Size,
}

impl ratatui::backend::Backend for Backend {
    type Error = std::io::Error;

    fn draw<'a, I>(&mut self, content: I) -> std::io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a ratatui::buffer::Cell)>,
    {
        self.inner.draw(content)
    }

    fn hide_cursor(&mut self) -> std::io::Result<()> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> std::io::Result<()> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> std::io::Result<Position> {
        Ok(Position::ORIGIN)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, p: P) -> std::io::Result<()> {
        self.inner.set_cursor_position(p)
    }

    fn clear(&mut self) -> std::io::Result<()> {
        self.inner.clear()
    }

    fn clear_region(&mut self, t: ClearType) -> std::io::Result<()> {
        self.inner.clear_region(t)
    }

    fn size(&self) -> std::io::Result<Size> {
        Ok(self.size)
    }

    fn window_size(&mut self) -> std::io::Result<WindowSize> {
        Ok(WindowSize {
            columns_rows: self.size,
            pixels: Size::new(0, 0),
        })
    }

    fn flush(&mut self) -> std::io::Result<()> {
        ratatui::backend::Backend::flush(&mut self.inner)
    }
}

/// A terminal whose output goes to an emulator, drawn frame by frame as the real
/// application draws (only what changed is sent).
struct Emulated {
    terminal: Terminal<Backend>,
    sent: Sent,
    parser: vt100::Parser,
    w: u16,
    h: u16,
}

impl Emulated {
    fn new(w: u16, h: u16) -> Self {
        let sent = Sent::default();
        let backend = Backend {
            inner: CrosstermBackend::new(sent.clone()),
            size: Size::new(w, h),
        };
        let terminal = Terminal::new(backend).unwrap();
        let nz = |n: u16| std::num::NonZeroU16::new(n).unwrap();
        Emulated {
            terminal,
            sent,
            parser: vt100::Parser::new(nz(h), nz(w), 0),
            w,
            h,
        }
    }

    /// Draw a frame; the emulator's screen must be it, row by row.
    fn frame(&mut self, app: &mut App, step: &str) {
        app.on_resize(self.w, self.h);
        if std::mem::take(&mut app.repaint) {
            self.terminal.clear().unwrap();
        }
        let completed = self.terminal.draw(|f| view::draw(app, f)).unwrap();
        let expected = frame_rows(completed.buffer);
        let bytes = std::mem::take(&mut *self.sent.0.borrow_mut());
        self.parser.process(&bytes);
        let shown = screen_rows(self.parser.screen(), self.w, self.h);
        for (y, (want, got)) in expected.iter().zip(&shown).enumerate() {
            assert_eq!(
                got, want,
                "{step} at {}x{}, row {y}: the terminal shows another line than the frame",
                self.w, self.h
            );
        }
    }
}

fn walk(app: &mut App, term: &mut Emulated) {
    term.frame(app, "start");
    for screen in Screen::ALL {
        app.update(screen.show_action());
        term.frame(app, screen.title());
        for _ in 0..4 {
            app.update(Action::Down);
            term.frame(app, &format!("{} moved", screen.title()));
        }
    }
    let popups: [(&str, Screen, Action); 7] = [
        ("schedule", Screen::Delegation, Action::Schedule),
        ("meeting form", Screen::Agenda, Action::EditMeeting),
        ("person form", Screen::People, Action::EditPerson),
        ("remove person", Screen::People, Action::RemovePerson),
        ("remove delegate", Screen::Delegation, Action::Unassign),
        ("search", Screen::Sessions, Action::Search),
        ("help", Screen::Sessions, Action::Help),
    ];
    for (what, screen, action) in popups {
        app.update(screen.show_action());
        term.frame(app, what);
        app.update(action);
        term.frame(app, &format!("{what} open"));
        app.update(Action::Cancel);
        app.popup = None;
        term.frame(app, &format!("{what} closed"));
    }
}

#[test]
fn every_grapheme_keeps_its_columns_across_screens_and_popups() {
    for (w, h) in [(80, 24), (121, 37), (200, 55)] {
        let mut app = hostile_app();
        let mut term = Emulated::new(w, h);
        walk(&mut app, &mut term);
    }
}

#[test]
fn the_search_shows_hostile_names_as_typed_without_moving_borders() {
    let mut app = hostile_app();
    let mut term = Emulated::new(80, 24);
    app.update(Action::Search);
    for c in "bilateral".chars() {
        app.on_key(crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char(c),
            crossterm::event::KeyModifiers::NONE,
        ));
        term.frame(&mut app, "typing a search");
    }
}

/// Ctrl-L forgets what the terminal is thought to show: the next frame is sent whole,
/// so that what another program wrote over it goes.
#[test]
fn ctrl_l_repaints_the_whole_screen() {
    let mut app = hostile_app();
    let mut term = Emulated::new(80, 24);
    term.frame(&mut app, "start");
    // Another program writes over the screen.
    term.parser
        .process(b"\x1b[5;10Hgarbage from elsewhere\x1b[20;1H!!!");
    app.on_key(crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Char('l'),
        crossterm::event::KeyModifiers::CONTROL,
    ));
    assert!(app.repaint);
    term.frame(&mut app, "after ctrl-l");
    let shown = term.parser.screen().contents();
    assert!(!shown.contains("garbage"), "{shown}");
}
