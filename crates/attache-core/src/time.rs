//! Local times in named zones, done right: a wall-clock time that a daylight-saving
//! change skips or repeats is an error to report, never a panic or a silent shift.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;

use crate::model::{DayOrTime, Moment, Zone};
use crate::text::printable;

/// A time as "2027-03-09 13:00", written out rather than through a `strftime`
/// pattern, which is parsed anew on every call: the clash check names two times for
/// each of tens of thousands of pairs.
pub struct Minute(pub NaiveDateTime);

impl std::fmt::Display for Minute {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use chrono::Datelike;
        let t = self.0;
        write!(
            f,
            "{:04}-{:02}-{:02} {}",
            t.year(),
            t.month(),
            t.day(),
            HourMinute(t)
        )
    }
}

/// A time's "13:00" (see [`Minute`]).
pub struct HourMinute(pub NaiveDateTime);

impl std::fmt::Display for HourMinute {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use chrono::Timelike;
        write!(f, "{:02}:{:02}", self.0.hour(), self.0.minute())
    }
}

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
/// the time as [`read_clock`] reads it. The one reader of local times for the command
/// line and the forms, so that they accept the same things.
pub fn parse_local(when: &str) -> Option<NaiveDateTime> {
    read_local(when).ok()
}

/// [`parse_local`], saying what is wrong: the day or the time, and why.
pub fn read_local(when: &str) -> Result<NaiveDateTime, String> {
    let syntax = || {
        "not a date and time: write it as YYYY-MM-DDTHH:MM, e.g. 2027-03-09T13:00 (or with a space)"
            .to_string()
    };
    let s = joined(when);
    let Some((date, time)) = s.split_once('T') else {
        return Err(syntax());
    };
    let date = day(date).map_err(|e| match e {
        DayError::Syntax => syntax(),
        DayError::Impossible(why) => why,
    })?;
    Ok(date.and_time(read_clock(time)?))
}

/// A day or a local time, as arrivals and departures are given: `2027-03-07`, or
/// `2027-03-07 18:30`.
pub fn read_day_or_time(when: &str) -> Result<DayOrTime, String> {
    let when = when.trim();
    if !when.contains(['T', ' ']) {
        return read_day(when).map(DayOrTime::Day);
    }
    read_local(when).map(DayOrTime::Time)
}

/// A day as typed, `2027-03-09` (one-digit months and days too). A day the calendar
/// does not have is named: "February 2027 has 28 days", not "use YYYY-MM-DD".
pub fn read_day(s: &str) -> Result<NaiveDate, String> {
    day(s).map_err(|e| match e {
        DayError::Syntax => format!(
            "\"{}\" is not a date: write it as YYYY-MM-DD, e.g. 2027-03-09",
            printable(s.trim())
        ),
        DayError::Impossible(why) => why,
    })
}

/// Why a day as typed is not one.
enum DayError {
    /// Not written as a date at all.
    Syntax,
    /// Written as one, but the calendar lacks it: why, in words.
    Impossible(String),
}

fn day(s: &str) -> Result<NaiveDate, DayError> {
    let parts: Vec<&str> = s.trim().split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(DayError::Syntax);
    };
    let number = |t: &str, max_len: usize| {
        (!t.is_empty() && t.len() <= max_len && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse::<u32>().ok())
            .flatten()
    };
    let (Some(year), Some(month), Some(day)) = (number(y, 4), number(m, 2), number(d, 2)) else {
        return Err(DayError::Syntax);
    };
    if y.len() != 4 {
        return Err(DayError::Syntax);
    }
    let year = year as i32;
    let first = NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(|| {
        DayError::Impossible(format!("there is no month {month}: months go from 1 to 12"))
    })?;
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| {
        let days = first
            .checked_add_months(chrono::Months::new(1))
            .map_or(31, |next| (next - first).num_days());
        DayError::Impossible(format!("{} has {days} days", first.format("%B %Y")))
    })
}

/// A time of day as people type it: `9:30`, `09:30`, `930`, `0930`, `9.30`, `9h30`,
/// `9h`, `9`, or with seconds, `09:30:00`.
pub fn read_clock(s: &str) -> Result<NaiveTime, String> {
    let t = s.trim().to_lowercase();
    let syntax = || {
        format!(
            "\"{}\" is not a time: write it like 13:30 (or 1330, 13.30, 13h30)",
            printable(s.trim())
        )
    };
    let digits = |p: &str| !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit());
    let (h, m, sec) = match t.find([':', '.', 'h']) {
        Some(i) => {
            let mut rest = t[i + 1..].split(':');
            let m = rest.next().unwrap_or("");
            let sec = rest.next();
            let ok = digits(&t[..i])
                && (digits(m) || m.is_empty() && sec.is_none())
                && sec.is_none_or(digits)
                && rest.next().is_none();
            if !ok {
                return Err(syntax());
            }
            (&t[..i], m, sec.unwrap_or("0"))
        }
        None if (1..=4).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit()) => {
            // 9, 09: an hour; 930, 0930: hours and minutes.
            let (h, m) = t.split_at(if t.len() <= 2 { t.len() } else { t.len() - 2 });
            (h, m, "0")
        }
        None => return Err(syntax()),
    };
    let number = |p: &str| {
        if p.is_empty() {
            Some(0)
        } else {
            p.parse::<u32>().ok()
        }
    };
    let (Some(h), Some(m), Some(sec)) = (number(h), number(m), number(sec)) else {
        return Err(syntax());
    };
    if h > 23 {
        return Err(format!("there is no hour {h}: hours go from 0 to 23"));
    }
    if m > 59 || sec > 59 {
        return Err("minutes and seconds go from 0 to 59".into());
    }
    NaiveTime::from_hms_opt(h, m, sec).ok_or_else(syntax)
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

    #[test]
    fn minutes_read_as_strftime_writes_them() {
        for (d, h, m) in [
            ((2027, 3, 9), 13, 0),
            ((999, 12, 31), 0, 5),
            ((2026, 1, 1), 23, 59),
        ] {
            let t = NaiveDate::from_ymd_opt(d.0, d.1, d.2)
                .unwrap()
                .and_hms_opt(h, m, 0)
                .unwrap();
            assert_eq!(
                Minute(t).to_string(),
                t.format("%Y-%m-%d %H:%M").to_string()
            );
            assert_eq!(HourMinute(t).to_string(), t.format("%H:%M").to_string());
        }
    }
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
    fn times_as_people_type_them() {
        let half_past_nine = NaiveTime::from_hms_opt(9, 30, 0).unwrap();
        for typed in [
            "9:30", "09:30", "930", "0930", "9.30", "9h30", " 9H30 ", "09:30:00",
        ] {
            assert_eq!(read_clock(typed), Ok(half_past_nine), "{typed}");
        }
        assert_eq!(
            read_clock("9"),
            Ok(NaiveTime::from_hms_opt(9, 0, 0).unwrap())
        );
        assert_eq!(
            read_clock("15h"),
            Ok(NaiveTime::from_hms_opt(15, 0, 0).unwrap())
        );
        assert!(read_clock("25:00").unwrap_err().contains("no hour 25"));
        assert!(read_clock("9:75").unwrap_err().contains("0 to 59"));
        for bad in ["", "soon", "9:3:0:0", "12345", "9::30", "-9:30", "٩:٣٠"] {
            assert!(read_clock(bad).unwrap_err().contains("not a time"), "{bad}");
        }
        assert_eq!(parse_local("2027-03-07 930"), Some(at(2027, 3, 7, 9, 30)));
        assert_eq!(parse_local("2027-03-07T9h30"), Some(at(2027, 3, 7, 9, 30)));
    }

    #[test]
    fn a_day_that_does_not_exist_says_so() {
        assert_eq!(
            read_day("2027-02-30").unwrap_err(),
            "February 2027 has 28 days"
        );
        assert_eq!(
            read_day("2028-02-30").unwrap_err(),
            "February 2028 has 29 days"
        );
        assert_eq!(
            read_day("2027-04-31").unwrap_err(),
            "April 2027 has 30 days"
        );
        assert!(read_day("2027-13-01").unwrap_err().contains("no month 13"));
        assert!(read_day("30/02/2027").unwrap_err().contains("YYYY-MM-DD"));
        assert_eq!(
            read_day("2027-3-9"),
            Ok(NaiveDate::from_ymd_opt(2027, 3, 9).unwrap())
        );
        assert_eq!(
            read_local("2027-02-30 10:00").unwrap_err(),
            "February 2027 has 28 days"
        );
        assert_eq!(
            read_day_or_time("2027-03-07"),
            Ok(DayOrTime::Day(NaiveDate::from_ymd_opt(2027, 3, 7).unwrap()))
        );
        assert_eq!(
            read_day_or_time("2027-03-07 1830"),
            Ok(DayOrTime::Time(at(2027, 3, 7, 18, 30)))
        );
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
