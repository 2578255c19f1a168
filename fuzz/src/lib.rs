//! What every fuzz target checks, whatever the input: loading and checking never
//! panic, every error says where it is, and nothing rendered for a terminal carries a
//! control character out of the data.

use attache::diag::{Diagnostics, Sources};
use attache::store::{self, DbSource, Loaded, RawFile};
use chrono::NaiveDate;

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date")
}

/// The shipped database with one file replaced by `data[1..]`: `data[0]` picks which
/// (one more than the files: a new plan file). Returns `None` for an empty input.
pub fn files_from(data: &[u8]) -> Option<Vec<RawFile>> {
    let (&which, bytes) = data.split_first()?;
    let mut files = store::source::embedded_files();
    let i = usize::from(which) % (files.len() + 1);
    let raw = RawFile {
        path: match files.get(i) {
            Some(f) => f.path.clone(),
            None => "plan/fuzz.toml".into(),
        },
        bytes: bytes.to_vec(),
    };
    match files.get_mut(i) {
        Some(f) => *f = raw,
        None => files.push(raw),
    }
    Some(files)
}

/// Load `files` and check the invariants; the loaded database, for more checks.
pub fn load_and_check(files: Vec<RawFile>) -> Loaded {
    let loaded = store::load_files(DbSource::Embedded, files, today());
    check_diagnostics(&loaded.diagnostics, &loaded.sources);
    if !loaded.diagnostics.has_errors() {
        let findings = attache::planning::checks::check(&loaded.db, today());
        let mut d = Diagnostics::default();
        d.extend(findings.into_iter().map(|f| f.diagnostic));
        check_diagnostics(&d, &loaded.sources);
    }
    loaded
}

/// Every error has a place; rendering (text and JSON) works and shows no control
/// character but line breaks and tabs.
pub fn check_diagnostics(d: &Diagnostics, sources: &Sources) {
    for e in d.errors() {
        assert!(
            e.location(sources).is_some(),
            "an error without a location: {e:?}"
        );
    }
    let text = d.render(sources);
    assert_terminal_safe(&text);
    let _ = d.to_json(sources).to_string();
}

pub fn assert_terminal_safe(text: &str) {
    if let Some(c) = text
        .chars()
        .find(|&c| c != '\n' && c != '\t' && attache::text::needs_escape(c))
    {
        panic!("raw {c:?} in output:\n{text}");
    }
}
