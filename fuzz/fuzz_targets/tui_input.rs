//! Arbitrary bytes as terminal input (see `attache::tui::replay`) against the
//! application on the shipped database: input handling and drawing never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date");
    // The embedded database: a replay never saves (no Ctrl-s) nor exports (no E),
    // and a quit prompt's "save" would only write the user's data folder, which the
    // fuzzing machine's is. Keep runs in a throwaway HOME (see SECURITY.md).
    let loaded = attache::store::load(&attache::store::DbSource::Embedded, today);
    let mut app =
        attache::tui::app::App::new(loaded, today, attache::tui::config::Config::default(), None);
    app.on_resize(120, 40);
    attache::tui::replay::replay(&mut app, data);
});
