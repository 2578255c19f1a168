//! A small database written to a temporary folder, for the export tests.

#![allow(dead_code)]

use std::path::Path;

use attache::store::{DbSource, Loaded, load};
use chrono::NaiveDate;

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

pub const VENUES: &str = r#"format = 1

[[venue]]
id = "vic"
name = "Vienna International Centre"
city = "Vienna"
country = "AT"
timezone = "Europe/Vienna"
address = "Wagramer Strasse 5, 1220 Vienna, Austria"
rooms = ["M2", "M7"]
access = "U1 to Kaisermühlen, then Gate 1."
"#;

/// A session across the change to summer time in Vienna (Sunday 28 March 2027, 02:00
/// CET becomes 03:00 CEST).
pub const SESSIONS: &str = r#"format = 1

[[session]]
id = "dst-test"
body = "CND"
title = "Intersessional meeting across the clock change"
kind = "intersessional"
venue = "vic"
start = 2027-03-26
end = 2027-03-29
status = "confirmed"
"#;

/// Nora's home is New York, where summer time started on 14 March 2027.
pub const SECTIONS: &str = r#"format = 1

[[section]]
id = "usa"
name = "IPO USA"
country = "US"
timezone = "America/New_York"

[[section]]
id = "austria"
name = "IPO Austria"
country = "AT"
timezone = "Europe/Vienna"

[[person]]
id = "york"
name = "Nora York"
section = "usa"
email = "nora.york@example.org"

[[person]]
id = "wien"
name = "Wendelin Wien"
section = "austria"
"#;

pub const DST_PLAN: &str = r#"format = 1
session = "dst-test"

[[delegate]]
person = "york"
role = "head"
registered = true

[[delegate]]
person = "wien"
role = "delegate"
registered = true

# Friday before the change: CET, UTC+1.
[[meeting]]
id = "before"
title = "Before the change"
kind = "bilateral"
room = "M2"
start = 2027-03-26T10:00:00
end = 2027-03-26T11:00:00
attendees = ["york", "wien"]
status = "confirmed"

# Saturday night to Sunday morning, across the change: 6 hours on the wall, 5 elapsed.
[[meeting]]
id = "across"
title = "Night drafting session"
kind = "other"
start = 2027-03-27T22:00:00
end = 2027-03-28T04:00:00
attendees = ["york"]
status = "proposed"

# Monday after the change: CEST, UTC+2.
[[meeting]]
id = "after"
title = "After the change"
kind = "bilateral"
room = "M7"
start = 2027-03-29T10:00:00
end = 2027-03-29T11:30:00
attendees = ["york"]
status = "cancelled"

[[travel]]
person = "york"
mode = "flight"
from = "New York JFK"
to = "Vienna VIE"
depart = 2027-03-25T18:00:00
depart_tz = "America/New_York"
arrive = 2027-03-26T08:05:00
arrive_tz = "Europe/Vienna"
number = "EX 100"
ref = "NY-REF-1"

[[travel]]
person = "york"
mode = "flight"
from = "Vienna VIE"
to = "New York JFK"
depart = 2027-03-30T10:00:00+02:00
arrive = 2027-03-30T13:30:00-04:00
number = "EX 101"

[[stay]]
person = "york"
name = "Hotel Example"
check_in = 2027-03-26
check_out = 2027-03-30
"#;

/// Write a database folder and load it; panics with the diagnostics if it has errors.
pub fn load_dir(
    dir: &Path,
    venues: &str,
    sessions: &str,
    sections: &str,
    plans: &[(&str, &str)],
) -> Loaded {
    std::fs::write(dir.join("venues.toml"), venues).unwrap();
    std::fs::write(dir.join("sessions.toml"), sessions).unwrap();
    std::fs::write(dir.join("sections.toml"), sections).unwrap();
    std::fs::create_dir_all(dir.join("plan")).unwrap();
    for (name, text) in plans {
        std::fs::write(dir.join("plan").join(format!("{name}.toml")), text).unwrap();
    }
    let loaded = load(&DbSource::Dir(dir.to_path_buf()), today());
    assert!(
        !loaded.diagnostics.has_errors(),
        "{}",
        loaded.diagnostics.render(&loaded.sources)
    );
    loaded
}

pub fn dst_db(dir: &Path) -> Loaded {
    load_dir(dir, VENUES, SESSIONS, SECTIONS, &[("dst-test", DST_PLAN)])
}
