//! Arbitrary bytes as one of the database's files (the first byte picks which; the
//! others are the shipped ones): loading never panics, every error has a location,
//! and diagnostics render safely.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some(files) = attache_fuzz::files_from(data) {
        attache_fuzz::load_and_check(files);
    }
});
