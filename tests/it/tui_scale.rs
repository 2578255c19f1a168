//! The terminal application on a large database (50,000 meetings in 100 sessions,
//! 5,000 people): every screen draws and an edit works. How fast is measured by
//! `cargo bench` (benches/scale.rs), not here: timed tests fail on busy machines.

use crate::generator;

use attache::store::{self, DbSource, RawFile};
use attache::tui::action::{Action, Screen};
use attache::tui::app::App;
use attache::tui::config::Config;
use attache::tui::view;
use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

#[test]
fn large_database_draws_every_screen_and_edits() {
    let today = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap();
    // The shape of the performance targets: 100 sessions of 500 meetings each.
    let shape = generator::Shape::with_meetings(50_000);
    let files: Vec<RawFile> = generator::files(shape)
        .into_iter()
        .map(|(path, text)| RawFile {
            path: path.into(),
            bytes: text.into_bytes(),
        })
        .collect();
    let loaded = store::load_files(DbSource::Embedded, files, today);
    let mut app = App::new(loaded, today, Config::default(), None);
    assert_eq!(app.session.as_deref(), Some("s0"));
    let area = Rect::new(0, 0, 160, 48);
    app.on_resize(160, 48);
    for screen in Screen::ALL {
        app.screen = screen;
        app.update(Action::Bottom);
        let mut buf = Buffer::empty(area);
        view::render(&app, area, &mut buf);
        assert!(!view::buffer_to_string(&buf).trim().is_empty());
    }
    app.screen = Screen::Agenda;
    app.update(Action::MoveLater);
    assert!(app.is_dirty(), "{:?}", app.message);
}
