//! What the tests of the components share: the application on the shipped database
//! (or a copy of it in a temporary folder), keys, and the names they use.

pub use std::path::{Path, PathBuf};

pub use chrono::NaiveDate;
pub use crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

pub use crate::model::Role;
pub use crate::planning::{DelegateChange, Editor, ops};
pub use crate::store::{self, DbSource};
pub use crate::tui::action::{Action, Screen};
pub use crate::tui::app::{App, MessageKind};
pub use crate::tui::config::Config;
pub use crate::tui::derived::SessionRow;
pub use crate::tui::popups::Popup;
pub use crate::tui::popups::confirm_quit::Confirm;
pub use crate::tui::screens::View;
pub use crate::tui::view;

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

pub fn app() -> App {
    let loaded = store::load(&DbSource::Embedded, today());
    App::new(loaded, today(), Config::default(), None)
}

pub fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

pub fn ctrl(app: &mut App, c: char) {
    app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

pub fn meeting(app: &App, id: &str) -> crate::model::Meeting {
    ops::find_meeting(app.db(), id)
        .map(|(p, i)| p.meetings[i].clone())
        .unwrap()
}

pub fn at(h: u32, m: u32) -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(2027, 3, 9)
        .unwrap()
        .and_hms_opt(h, m, 0)
        .unwrap()
}

pub fn folder_app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    crate::store::init::write_default(dir.path()).unwrap();
    let loaded = store::load(&DbSource::Dir(dir.path().to_path_buf()), today());
    let a = App::new(loaded, today(), Config::default(), None);
    (dir, a)
}

pub fn edit_on_disk(dir: &Path, rel: &str, from: &str, to: &str) {
    let path = dir.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}
