//! Shared by the property tests.

/// How many cases a property test runs: `default`, or `PROPTEST_CASES` when it is set,
/// so that a long soak (`PROPTEST_CASES=20000 cargo test --release`) needs no edit. An
/// explicit `cases` in a `ProptestConfig` would otherwise silently override the variable.
pub fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
