//! Guards against quadratic growth, by counting work rather than timing it (timings
//! belong to `cargo bench`): ten times the meetings may cost about ten times the
//! comparisons, never a hundred.

use crate::generator;

use attache::planning::checks;
use attache::store::{self, DbSource, RawFile};
use chrono::NaiveDate;

fn comparisons(meetings: usize) -> (usize, usize) {
    let shape = generator::Shape {
        people: 500,
        ..generator::Shape::with_meetings(meetings)
    };
    let files = generator::files(shape)
        .into_iter()
        .map(|(path, text)| RawFile {
            path: path.into(),
            bytes: text.into_bytes(),
        })
        .collect();
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let loaded = store::load_files(DbSource::Embedded, files, today);
    assert!(
        !loaded.diagnostics.has_errors(),
        "{}",
        loaded.diagnostics.render(&loaded.sources)
    );
    let meetings_loaded: usize = loaded.db.plans.values().map(|p| p.meetings.len()).sum();
    assert_eq!(meetings_loaded, meetings);
    let clashes = checks::clashes(&loaded.db);
    (clashes.comparisons, clashes.findings.len())
}

#[test]
fn clash_check_grows_linearly() {
    let (small, small_found) = comparisons(2_000);
    let (large, large_found) = comparisons(20_000);
    assert!(
        small > 0 && small_found > 0,
        "the generated plans must have some clashes to find"
    );
    let ratio = large as f64 / small as f64;
    assert!(
        ratio < 15.0,
        "10x the meetings made {ratio:.1}x the comparisons ({small} -> {large}, {small_found} -> {large_found} clashes)"
    );
    // A pairwise check would compare every two meetings of a person: far more.
    let pairwise = 20_000usize * 20_000 / 2 / 1_000;
    assert!(large < pairwise, "{large} comparisons is not a sweep");
}
