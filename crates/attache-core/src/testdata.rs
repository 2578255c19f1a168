//! The unit tests' database: the repository's `tests/data/sample/`, which changes only
//! when a test needs it to. The shipped `data/` follows the UN calendar, so tests that
//! read it would break with each update.

use std::path::Path;

use chrono::NaiveDate;

use crate::store::{self, DbSource, Loaded, RawFile};

/// The files of `tests/data/sample/`, in the order loading reads them.
pub fn sample_files() -> Vec<RawFile> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/sample");
    let (files, problems) = store::source::read_files(&DbSource::Dir(dir));
    assert!(problems.is_empty(), "the sample database: {problems:?}");
    files
}

/// The sample loaded as the built-in database would be: nothing a test does can write
/// into the fixture's folder.
pub fn sample(today: NaiveDate) -> Loaded {
    store::load_files(DbSource::Embedded, sample_files(), today)
}
