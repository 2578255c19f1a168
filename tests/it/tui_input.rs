//! The short, always-run version of the `tui_input` fuzz target: random input (keys,
//! mouse, resizes, pastes, hostile characters) against the application on a copy of the
//! tests' sample database, drawing after each event, never panics and never leaves the
//! database unloadable; and the same from inside the travel and hotels popups.

use crate::{fixture, property_cases};

use attache::store::{self, DbSource};
use attache::tui::app::App;
use attache::tui::config::Config;
use attache::tui::replay::replay;
use chrono::NaiveDate;
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(property_cases::cases(128)))]

    #[test]
    fn random_input_never_panics(data in prop::collection::vec(any::<u8>(), 0..160)) {
        let dir = tempfile::tempdir().unwrap();
        fixture::write_sample(dir.path());
        let source = DbSource::Dir(dir.path().to_path_buf());
        let mut app = App::new(store::load(&source, today()), today(), Config::default(), None);
        app.on_resize(120, 40);
        replay(&mut app, &data);
        // Whatever was typed (a quit prompt's "save" included), the files still load.
        let after = store::load(&source, today());
        prop_assert!(!after.diagnostics.has_errors(), "{}", after.diagnostics.render(&after.sources));
    }

    /// The same, starting in the travel and hotels list or in a journey form (random
    /// input rarely finds its way there): `2` Delegation, `j` the next delegate, `t`
    /// the list, `\x04` Enter.
    #[test]
    fn random_input_in_the_travel_forms_never_panics(
        start in prop::sample::select(vec![&b"2t"[..], b"2t\x04", b"2jt\x04", b"2jt\x0d\x0d\x04"]),
        data in prop::collection::vec(any::<u8>(), 0..160),
    ) {
        let dir = tempfile::tempdir().unwrap();
        fixture::write_sample(dir.path());
        let source = DbSource::Dir(dir.path().to_path_buf());
        let mut app = App::new(store::load(&source, today()), today(), Config::default(), None);
        app.on_resize(100, 30);
        replay(&mut app, start);
        prop_assert!(app.popup.is_some(), "{start:?} opens the list or a form");
        replay(&mut app, &data);
        let after = store::load(&source, today());
        prop_assert!(!after.diagnostics.has_errors(), "{}", after.diagnostics.render(&after.sources));
    }
}
