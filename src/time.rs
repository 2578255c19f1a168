//! Local times in named zones, done right: a wall-clock time that a daylight-saving
//! change skips or repeats is an error to report, never a panic or a silent shift.

use chrono::{DateTime, LocalResult, NaiveDateTime, TimeZone};
use chrono_tz::Tz;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeError {
    /// The clocks jump over this time (spring forward): it never happens.
    Gap,
    /// The clocks pass this time twice (fall back): it is ambiguous.
    Ambiguous,
}

impl TimeError {
    /// What to tell the user, for a time in `tz`.
    pub fn explain(self, local: NaiveDateTime, tz: Tz) -> String {
        match self {
            TimeError::Gap => format!(
                "{} does not exist in {}: the clocks skip it for daylight saving",
                local.format("%Y-%m-%d %H:%M"),
                tz.name()
            ),
            TimeError::Ambiguous => format!(
                "{} happens twice in {}: the clocks go back for daylight saving",
                local.format("%Y-%m-%d %H:%M"),
                tz.name()
            ),
        }
    }

    pub fn help(self) -> &'static str {
        match self {
            TimeError::Gap => "move it an hour later, or write the time with an offset",
            TimeError::Ambiguous => {
                "write the time with its UTC offset (e.g. 02:30:00+02:00) to say which one"
            }
        }
    }
}

/// The instant a wall-clock time in `tz` means, if it means exactly one.
pub fn resolve_local(tz: Tz, local: NaiveDateTime) -> Result<DateTime<Tz>, TimeError> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => Ok(t),
        LocalResult::Ambiguous(_, _) => Err(TimeError::Ambiguous),
        LocalResult::None => Err(TimeError::Gap),
    }
}

/// Parse an IANA zone name.
pub fn parse_tz(name: &str) -> Option<Tz> {
    name.parse().ok()
}

/// All IANA zone names, for "did you mean" hints.
pub fn tz_names() -> impl Iterator<Item = &'static str> {
    chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    #[test]
    fn vienna_spring_gap_and_autumn_repeat() {
        let vienna = chrono_tz::Europe::Vienna;
        // 2027-03-28: 02:00 -> 03:00. 2027-10-31: 03:00 -> 02:00.
        assert_eq!(
            resolve_local(vienna, at(2027, 3, 28, 2, 30)),
            Err(TimeError::Gap)
        );
        assert_eq!(
            resolve_local(vienna, at(2027, 10, 31, 2, 30)),
            Err(TimeError::Ambiguous)
        );
        let before = resolve_local(vienna, at(2027, 3, 28, 1, 59)).unwrap();
        let after = resolve_local(vienna, at(2027, 3, 28, 3, 0)).unwrap();
        assert_eq!((after - before).num_minutes(), 1);
    }

    #[test]
    fn zone_names() {
        assert_eq!(parse_tz("Europe/Vienna"), Some(chrono_tz::Europe::Vienna));
        assert_eq!(parse_tz("Europe/Viena"), None);
        assert!(tz_names().any(|n| n == "Asia/Qatar"));
    }
}
