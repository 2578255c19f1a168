//! The tests' own database, `tests/data/sample/`: a copy of the shipped `data/` as of
//! commit 4cb5e0e (2026-11-23). `data/`, and the default database built from it, change
//! as the UN calendar is updated; this copy changes only when a test needs it to, so
//! that the tests and their snapshots do not follow the calendar.
//!
//! The few tests that are about the built-in database itself (that `attache` with no
//! database runs on it, that `init` writes it out) still use it, and say so.

use std::path::{Path, PathBuf};

use attache::store::write::{create_private, create_private_dir};
use attache::store::{self, DbSource, Loaded, RawFile};
use chrono::NaiveDate;

/// The folder of the sample database. Tests that change files work on a copy
/// ([`write_sample`]), never on this folder.
pub fn sample_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sample")
}

/// The sample database as a source to load.
pub fn sample() -> DbSource {
    DbSource::Dir(sample_dir())
}

/// The sample database loaded as of `today`.
pub fn load_sample(today: NaiveDate) -> Loaded {
    store::load(&sample(), today)
}

/// The sample database's files, in the order loading reads them (the three top-level
/// files, then the plans by name), as the embedded database's would be.
pub fn sample_files() -> Vec<RawFile> {
    let (files, problems) = store::source::read_files(&sample());
    assert!(problems.is_empty(), "the sample database: {problems:?}");
    files
}

/// Write the sample database into `dir` (created if needed) as `attache init` writes
/// the default one: folders and files readable by their owner only.
pub fn write_sample(dir: &Path) {
    for f in sample_files() {
        let path = dir.join(&f.path);
        create_private_dir(path.parent().unwrap()).unwrap();
        let mut out = create_private(&path).unwrap();
        std::io::Write::write_all(&mut out, &f.bytes).unwrap();
    }
}

/// The sample database in `dir`, with three plan files of comments that take it over
/// the size limit of a database ([`store::source::MAX_DATABASE_BYTES`]), each under a
/// file's own limit: what a database too large to load looks like, without its
/// meetings.
pub fn write_over_the_limit(dir: &Path) {
    write_sample(dir);
    let third = (store::source::MAX_DATABASE_BYTES / 3 + 1024 * 1024) as usize;
    let line = "# a long comment line, as a very large plan would have many of them........\n";
    let text = line.repeat(third / line.len() + 1);
    for i in 0..3 {
        std::fs::write(dir.join(format!("plan/big-{i}.toml")), &text).unwrap();
    }
}
