//! What the tests of the components share: the application on the tests' own
//! database (`tests/data/sample`, which changes only when a test needs it to, unlike
//! the shipped `data/`), keys, and the names they use.

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

/// The files of the tests' database, `tests/data/sample`.
pub fn sample_files() -> Vec<store::RawFile> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sample");
    let (files, problems) = store::source::read_files(&DbSource::Dir(dir));
    assert!(problems.is_empty(), "the sample database: {problems:?}");
    files
}

/// The tests' database, loaded as the built-in one would be (so that nothing a test
/// does can write into the fixture's folder).
pub fn sample(today: NaiveDate) -> store::Loaded {
    store::load_files(DbSource::Embedded, sample_files(), today)
}

pub fn app() -> App {
    let loaded = sample(today());
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

/// Write the tests' database into `dir`, as `attache init` writes the built-in one.
pub fn write_sample(dir: &Path) {
    for f in sample_files() {
        let path = dir.join(&f.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &f.bytes).unwrap();
    }
}

pub fn folder_app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    write_sample(dir.path());
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
