//! Local times in named zones, done right: a wall-clock time that a daylight-saving
//! change skips or repeats is an error to report, never a panic or a silent shift.

use chrono::{DateTime, LocalResult, NaiveDateTime, TimeZone};
use chrono_tz::Tz;

use crate::model::{Moment, Zone};

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

/// Why a journey's time, as typed, is not a [`Moment`]. The command line and the
/// terminal application word some of these their own way (flags, fields).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MomentError {
    /// Not a date and time; the text as read.
    Syntax(String),
    /// A local time with no zone to place it.
    NoZone,
    /// An offset in the time and a zone as well: which one counts?
    OffsetAndZone,
    /// Not an IANA zone name; `hint` suggests one.
    UnknownZone { name: String, hint: String },
    /// A local time its zone skips or repeats (`tz` is UTC for an offset).
    Time {
        error: TimeError,
        local: NaiveDateTime,
        tz: Tz,
    },
}

impl MomentError {
    /// The problem in words (no command-line flags).
    pub fn message(&self) -> String {
        match self {
            MomentError::Syntax(_) => {
                "not a date and time: e.g. 2027-03-07 09:05, or 2027-03-07 09:05+01:00".into()
            }
            MomentError::NoZone => {
                "a local time needs its zone (e.g. Europe/Vienna), or write the offset".into()
            }
            MomentError::OffsetAndZone => "the time has an offset and a zone: give one".into(),
            MomentError::UnknownZone { name, hint } => format!(
                "unknown time zone \"{}\" ({hint})",
                crate::text::printable(name)
            ),
            MomentError::Time { error, local, tz } => error.explain(*local, *tz),
        }
    }

    /// What to do about it, when there is a usual fix.
    pub fn help(&self) -> Option<&'static str> {
        match self {
            MomentError::Time { error, .. } => Some(error.help()),
            _ => None,
        }
    }
}

/// What was typed, with the date and time joined by `T` and an offset stuck to the
/// time: `2027-03-07 09:05 +01:00` reads as `2027-03-07T09:05+01:00`.
fn joined(when: &str) -> String {
    let mut words = when.split_whitespace();
    let mut s = words.next().unwrap_or_default().to_string();
    if let Some(time) = words.next() {
        s.push('T');
        s.push_str(time);
    }
    s.extend(words);
    s
}

/// A local date and time as people type it: `2027-03-07T09:05` or `2027-03-07 09:05`,
/// with seconds or not. The one reader of local times for the command line and the
/// forms, so that they accept the same things.
pub fn parse_local(when: &str) -> Option<NaiveDateTime> {
    let s = joined(when);
    ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(&s, f).ok())
}

/// An IANA zone by name, or what it might have meant.
pub fn parse_zone(name: &str) -> Result<Tz, MomentError> {
    parse_tz(name).ok_or_else(|| MomentError::UnknownZone {
        name: name.to_string(),
        hint: crate::diag::did_you_mean(name, tz_names())
            .unwrap_or_else(|| "use an IANA name such as Europe/Vienna".into()),
    })
}

/// A journey's end as typed: a time with its offset (`2027-03-07 09:05+01:00`), or a
/// local time and the zone of its place.
pub fn parse_moment(when: &str, zone: Option<&str>) -> Result<Moment, MomentError> {
    let s = joined(when);
    let offset = ["%Y-%m-%dT%H:%M:%S%:z", "%Y-%m-%dT%H:%M%:z"]
        .iter()
        .find_map(|f| DateTime::parse_from_str(&s, f).ok());
    let (local, zone) = match (offset, zone) {
        (Some(t), None) => (t.naive_local(), Zone::Offset(*t.offset())),
        (Some(_), Some(_)) => return Err(MomentError::OffsetAndZone),
        (None, zone) => {
            let local = parse_local(&s).ok_or(MomentError::Syntax(s))?;
            let name = zone.ok_or(MomentError::NoZone)?;
            (local, Zone::Named(parse_zone(name)?))
        }
    };
    Moment::new(local, zone).map_err(|error| MomentError::Time {
        error,
        local,
        tz: match zone {
            Zone::Named(tz) => tz,
            Zone::Offset(_) => chrono_tz::UTC,
        },
    })
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

    #[test]
    fn moments_as_typed() {
        // Local times read alike with `T` or a space, with seconds or not.
        for typed in [
            "2027-03-07T09:05",
            " 2027-03-07 09:05 ",
            "2027-03-07 09:05:00",
        ] {
            assert_eq!(parse_local(typed), Some(at(2027, 3, 7, 9, 5)), "{typed}");
        }
        assert_eq!(parse_local("09:05"), None);
        let m = parse_moment("2027-03-07 09:05 +01:00", None).unwrap();
        assert_eq!(m.zone_label(), "+01:00");
        assert_eq!(m.local, at(2027, 3, 7, 9, 5));
        let m = parse_moment("2027-03-07T09:05:00", Some("Europe/Rome")).unwrap();
        assert_eq!(m.utc().to_rfc3339(), "2027-03-07T08:05:00+00:00");
        assert_eq!(
            parse_moment("07/03/2027", None),
            Err(MomentError::Syntax("07/03/2027".into()))
        );
        assert_eq!(
            parse_moment("2027-03-07 09:05", None),
            Err(MomentError::NoZone)
        );
        assert_eq!(
            parse_moment("2027-03-07T09:05+01:00", Some("Europe/Rome")),
            Err(MomentError::OffsetAndZone)
        );
        let e = parse_moment("2027-03-07 09:05", Some("Europe/Viena")).unwrap_err();
        assert!(
            e.message().contains("did you mean \"Europe/Vienna\"?"),
            "{e:?}"
        );
        let e = parse_moment("2027-03-28 02:30", Some("Europe/Vienna")).unwrap_err();
        assert!(e.message().contains("does not exist in Europe/Vienna"));
        assert_eq!(e.help(), Some(TimeError::Gap.help()));
    }
}
