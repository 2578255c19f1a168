//! A fuzzed database (as for `load`) that loads without errors is exported in every
//! format, with every option: rendering never panics, and nothing in the data becomes
//! a terminal control sequence in a text format.
#![no_main]

use attache::export::{self, Format, Options, Selection};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(files) = attache_fuzz::files_from(data) else {
        return;
    };
    let loaded = attache_fuzz::load_and_check(files);
    if loaded.diagnostics.has_errors() {
        return;
    }
    for (home_time, redact) in [(false, false), (true, true)] {
        let options = Options { home_time, redact };
        let Ok(itinerary) = export::build(&loaded.db, &Selection::default(), &options) else {
            continue;
        };
        for format in Format::ALL {
            let out = export::render(format, &itinerary, &options);
            assert!(
                !out.contains(['\u{1b}', '\u{7}', '\u{9b}', '\0']),
                "a control character in {} output",
                format.as_str()
            );
        }
    }
});
