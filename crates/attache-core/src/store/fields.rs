//! Reading one TOML table into model fields, collecting every problem on the way.
//!
//! Written by hand rather than with `serde::Deserialize` because serde stops at the
//! first error and loses the place of the ones it does report; a user fixing a file
//! wants every problem at once, each with its line and column.

use std::ops::Range;

use chrono::{FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};
use chrono_tz::Tz;
use toml::de::{DeTable, DeValue};
use toml::value::Datetime;

use crate::diag::{Diagnostic, Diagnostics, FileId, Span, did_you_mean};
use crate::model::{DayOrTime, Moment, Origin, Zone};
use crate::text::{is_slug, slugify};
use crate::time::{parse_tz, tz_names};

/// The longest text a single value may hold. Generous for notes, small enough that a
/// corrupted or hostile file cannot make every screen and export crawl.
pub const MAX_TEXT: usize = 256 * 1024;

/// A reader over one table (`[[meeting]]`, `[[person]]`, ...). Each getter records the
/// key as known; [`Fields::finish`] then reports the keys nobody asked for, so a typo
/// such as `atendees` never passes silently.
pub struct Fields<'a> {
    table: &'a DeTable<'a>,
    file: FileId,
    /// What kind of item this is: `meeting`.
    kind: String,
    /// How messages name this item: `meeting "alliance-ngos"`.
    /// The value of the key named by [`Fields::name_by`]; messages say
    /// `meeting "alliance-ngos"`. Kept as a borrow and formatted only for a message:
    /// most items have no problem, and a load reads tens of thousands of them.
    name: Option<&'a str>,
    known: Vec<&'static str>,
    origin: Origin,
    diags: &'a mut Diagnostics,
    /// False once a required value is missing or invalid: the item is then dropped
    /// rather than half-built, and its problems are already reported.
    ok: bool,
    /// Required keys found missing, reported by [`Fields::finish`] unless an unknown key
    /// is a misspelling of one (then "did you mean" on that key says it all).
    missing: Vec<(&'static str, Diagnostic)>,
}

impl<'a> Fields<'a> {
    /// A reader over `table`, whose header is at `span`.
    pub fn new(
        table: &'a DeTable<'a>,
        span: Range<usize>,
        file: FileId,
        kind: &str,
        diags: &'a mut Diagnostics,
    ) -> Self {
        Self {
            table,
            file,
            kind: kind.to_string(),
            name: None,
            known: Vec::new(),
            // A span per key: sized once, not grown by doubling.
            origin: Origin::new(file, span, table.len()),
            diags,
            ok: true,
            missing: Vec::new(),
        }
    }

    /// Name the item by the value of one of its keys, for the messages that follow.
    pub fn name_by(&mut self, key: &'static str) {
        if let Some(s) = self.table.get(key).and_then(|v| v.get_ref().as_str()) {
            self.name = Some(s);
        }
    }

    pub fn what(&self) -> String {
        match self.name {
            Some(name) => format!("{} \"{}\"", self.kind, crate::text::printable(name)),
            None => self.kind.clone(),
        }
    }

    fn span_of(&self, key: &str) -> Option<Span> {
        Some(Span::new(self.file, self.table.get(key)?.span()))
    }

    fn table_span(&self) -> Option<Span> {
        self.origin.span()
    }

    /// Look a key up, remember it as known and where its value is.
    fn get(&mut self, key: &'static str) -> Option<&'a DeValue<'a>> {
        self.known.push(key);
        let item = self.table.get(key)?;
        // Not the files' doing but the code's: a key a reader reads belongs in KEYS
        // (else its span is kept as text, in more memory). Every test load checks it.
        debug_assert!(
            crate::model::KEYS.contains(&key),
            "the key {key:?} is not in model::KEYS"
        );
        self.origin.record(key, None, item.span());
        Some(item.get_ref())
    }

    fn error(&mut self, d: Diagnostic) {
        self.ok = false;
        self.diags.push(d);
    }

    fn missing(&mut self, key: &'static str, example: &str) {
        let d = Diagnostic::error(format!("missing key \"{key}\" in {}", self.what()))
            .at(self.table_span())
            .help(format!("add a line such as: {key} = {example}"));
        self.ok = false;
        self.missing.push((key, d));
    }

    fn wrong_type(&mut self, key: &str, item: &DeValue, expected: &str, help: Option<String>) {
        let d = Diagnostic::error(format!(
            "\"{key}\" in {} must be {expected}, not {}",
            self.what(),
            describe(item)
        ))
        .at(self.span_of(key))
        .help_opt(help);
        self.error(d);
    }

    /// Report a problem with one key's value, without dropping the item.
    pub fn warn_at(&mut self, key: &str, d: Diagnostic) {
        let span = self.span_of(key).or_else(|| self.table_span());
        self.diags.push(d.at(span));
    }

    /// Report a problem with one key's value that makes the item unusable.
    pub fn error_at(&mut self, key: &str, d: Diagnostic) {
        let span = self.span_of(key).or_else(|| self.table_span());
        self.error(d.at(span));
    }

    fn text(&mut self, key: &'static str, required: bool, example: &str) -> Option<String> {
        let Some(item) = self.get(key) else {
            if required {
                self.missing(key, example);
            }
            return None;
        };
        match item.as_str() {
            Some(s) if s.len() > MAX_TEXT => {
                let d = Diagnostic::error(format!(
                    "\"{key}\" in {} is too long ({} KB; the limit is {} KB)",
                    self.what(),
                    s.len() / 1024,
                    MAX_TEXT / 1024
                ))
                .help("shorten it, or keep long documents in a separate file and link to it");
                self.error_at(key, d);
                None
            }
            Some(s) => Some(s.to_string()),
            None => {
                let help = Some(format!("put it in quotes: {key} = \"...\""));
                self.wrong_type(key, item, "text in quotes", help);
                None
            }
        }
    }

    /// A required string.
    pub fn req_str(&mut self, key: &'static str) -> Option<String> {
        self.text(key, true, "\"...\"")
    }

    /// An optional string.
    pub fn opt_str(&mut self, key: &'static str) -> Option<String> {
        self.text(key, false, "")
    }

    /// A required id, which must be a slug.
    pub fn id<Id: From<String>>(&mut self, key: &'static str) -> Option<Id> {
        let id = self.text(key, true, "\"short-name\"")?;
        if !is_slug(&id) {
            let suggestion = slugify(&id);
            let d = Diagnostic::error(format!(
                "\"{}\" is not a valid {} id: ids are short lower-case names of letters, digits and - _ .",
                crate::text::printable(&id),
                self.kind
            ))
            .help(if suggestion.is_empty() {
                "use letters and digits, e.g. \"cnd-70\"".to_string()
            } else {
                format!("write it as \"{suggestion}\"")
            });
            self.error_at(key, d);
            return None;
        }
        Some(id.into())
    }

    /// An optional id: absent is `None`, present must be a slug.
    pub fn opt_id(&mut self, key: &'static str) -> Option<String> {
        self.get(key)?;
        self.id(key)
    }

    /// When the item was last changed and how often its time or place changed
    /// ([`crate::model::Revision`]), both optional.
    pub fn revision(&mut self) -> crate::model::Revision {
        let expected = "a date-time in UTC like 2026-11-30T07:41:00Z";
        let changed = self
            .datetime("changed", expected, "2026-11-30T07:41:00Z")
            .and_then(|dt| match (to_naive(&dt), dt.offset.and_then(to_offset)) {
                (Some(t), Some(off)) => t
                    .and_local_timezone(off)
                    .single()
                    .map(|t| t.with_timezone(&chrono::Utc)),
                _ => {
                    let help =
                        Some("attaché writes it: e.g. changed = 2026-11-30T07:41:00Z".into());
                    self.wrong_type("changed", &DeValue::Datetime(dt), expected, help);
                    None
                }
            });
        let sequence = self.opt_u32("sequence").unwrap_or(0);
        crate::model::Revision { changed, sequence }
    }

    /// A reference to another item's id (checked against the database later).
    pub fn reference<Id: From<String>>(&mut self, key: &'static str) -> Option<Id> {
        self.text(key, true, "\"an-id\"").map(Id::from)
    }

    /// An optional list of strings; absent means empty.
    pub fn str_list<T: From<String>>(&mut self, key: &'static str) -> Vec<T> {
        let Some(item) = self.get(key) else {
            return Vec::new();
        };
        let Some(array) = item.as_array() else {
            let help = Some(format!("write a list: {key} = [\"a\", \"b\"]"));
            self.wrong_type(key, item, "a list of texts", help);
            return Vec::new();
        };
        let mut out = Vec::with_capacity(array.len());
        for (i, v) in array.iter().enumerate() {
            match v.get_ref().as_str() {
                Some(s) if s.len() <= MAX_TEXT => {
                    self.origin.record(key, Some(i), v.span());
                    out.push(T::from(s.to_string()));
                }
                _ => {
                    let d = Diagnostic::error(format!(
                        "item {} of \"{key}\" in {} must be text in quotes (at most {} KB), not {}",
                        i + 1,
                        self.what(),
                        MAX_TEXT / 1024,
                        describe(v.get_ref())
                    ));
                    let span = Some(Span::new(self.file, v.span()));
                    self.error(d.at(span));
                }
            }
        }
        out
    }

    pub fn opt_bool(&mut self, key: &'static str) -> Option<bool> {
        let item = self.get(key)?;
        match item.as_bool() {
            Some(b) => Some(b),
            None => {
                let help = Some(format!(
                    "write {key} = true or {key} = false, without quotes"
                ));
                self.wrong_type(key, item, "true or false", help);
                None
            }
        }
    }

    /// A step of a checklist: `true` (done), a date (done that day), `false` or
    /// absent (not done). `Some(on)` when done.
    pub fn opt_done(&mut self, key: &'static str) -> Option<Option<NaiveDate>> {
        let item = self.get(key)?;
        if let Some(b) = item.as_bool() {
            return b.then_some(None);
        }
        if matches!(item, DeValue::Datetime(_)) {
            return self.opt_date(key).map(Some);
        }
        let help = Some(format!(
            "write {key} = true, {key} = false, or the day it was done: {key} = 2026-11-30"
        ));
        self.wrong_type(key, item, "true, false or a date", help);
        None
    }

    pub fn opt_u32(&mut self, key: &'static str) -> Option<u32> {
        let item = self.get(key)?;
        match integer(item).map(u32::try_from) {
            Some(Ok(n)) => Some(n),
            Some(Err(_)) => {
                let d = Diagnostic::error(format!(
                    "\"{key}\" in {} must be a whole number from 0 to {}, not {}",
                    self.what(),
                    u32::MAX,
                    integer(item).unwrap_or_default()
                ))
                .help(format!("write e.g. {key} = 10"));
                self.error_at(key, d);
                None
            }
            None => {
                let help = Some(format!("write a whole number without quotes: {key} = 10"));
                self.wrong_type(key, item, "a whole number of at least 0", help);
                None
            }
        }
    }

    /// A required whole number of at least 0.
    pub fn req_u32(&mut self, key: &'static str) -> Option<u32> {
        if self.get(key).is_none() {
            self.missing(key, "10");
            return None;
        }
        self.opt_u32(key)
    }

    /// One of a closed set of words, or nothing when the key is absent.
    pub fn opt_word<T>(
        &mut self,
        key: &'static str,
        names: &[&str],
        parse: fn(&str) -> Option<T>,
    ) -> Option<T> {
        self.get(key)?;
        self.word(key, names, parse, None)
    }

    /// One of a closed set of words (a role, a status...).
    pub fn word<T>(
        &mut self,
        key: &'static str,
        names: &[&str],
        parse: fn(&str) -> Option<T>,
        default: Option<T>,
    ) -> Option<T> {
        let example = format!("\"{}\"", names[0]);
        let Some(s) = self.text(key, default.is_none(), &example) else {
            return default;
        };
        if let Some(v) = parse(&s) {
            return Some(v);
        }
        let help = did_you_mean(&s, names.iter().copied())
            .unwrap_or_else(|| format!("use one of: {}", names.join(", ")));
        let d = Diagnostic::error(format!(
            "unknown {key} \"{}\" in {}",
            crate::text::printable(&s),
            self.what()
        ))
        .help(help);
        self.error_at(key, d);
        None
    }

    /// An IANA time zone name.
    pub fn tz(&mut self, key: &'static str, required: bool) -> Option<Tz> {
        let name = self.text(key, required, "\"Europe/Vienna\"")?;
        if let Some(tz) = parse_tz(&name) {
            return Some(tz);
        }
        let help = did_you_mean(&name, tz_names())
            .unwrap_or_else(|| "use an IANA name such as \"Europe/Vienna\"".to_string());
        let d = Diagnostic::error(format!(
            "unknown time zone \"{}\" in {}",
            crate::text::printable(&name),
            self.what()
        ))
        .help(help);
        self.error_at(key, d);
        None
    }

    /// The TOML date-time of a key, or a report of what is there instead.
    fn datetime(&mut self, key: &'static str, expected: &str, example: &str) -> Option<Datetime> {
        let item = self.get(key)?;
        match item {
            DeValue::Datetime(d) => Some(*d),
            _ => {
                let help = match item.as_str() {
                    Some(s) if s.parse::<Datetime>().is_ok() => {
                        format!("remove the quotes: {key} = {s}")
                    }
                    _ => format!("write it without quotes, e.g. {key} = {example}"),
                };
                self.wrong_type(key, item, expected, Some(help));
                None
            }
        }
    }

    fn impossible(&mut self, key: &str, d: &Datetime) {
        let e = Diagnostic::error(format!(
            "\"{key}\" in {} is not a real date or time: {d}",
            self.what()
        ))
        .help("check the day of the month and the hour");
        self.error_at(key, e);
    }

    fn date_of(&mut self, key: &'static str, required: bool) -> Option<NaiveDate> {
        let expected = "a date like 2027-03-08";
        let Some(dt) = self.datetime(key, expected, "2027-03-08") else {
            if required && self.table.get(key).is_none() {
                self.missing(key, "2027-03-08");
            }
            return None;
        };
        if dt.time.is_some() || dt.offset.is_some() {
            let help = Some(format!("keep only the day: {key} = {}", dt.date?));
            self.wrong_type(key, &DeValue::Datetime(dt), expected, help);
            return None;
        }
        let date = to_date(&dt);
        if date.is_none() {
            self.impossible(key, &dt);
        }
        date
    }

    pub fn date(&mut self, key: &'static str) -> Option<NaiveDate> {
        self.date_of(key, true)
    }

    pub fn opt_date(&mut self, key: &'static str) -> Option<NaiveDate> {
        self.date_of(key, false)
    }

    /// A required local date-time (no offset: the zone is the venue's).
    pub fn local_datetime(&mut self, key: &'static str) -> Option<NaiveDateTime> {
        let expected = "a local date and time like 2027-03-09T13:00:00";
        let Some(dt) = self.datetime(key, expected, "2027-03-09T13:00:00") else {
            if self.table.get(key).is_none() {
                self.missing(key, "2027-03-09T13:00:00");
            }
            return None;
        };
        if dt.offset.is_some() || dt.date.is_none() || dt.time.is_none() {
            let help = Some("meeting times are the venue's local time: drop any offset".into());
            self.wrong_type(key, &DeValue::Datetime(dt), expected, help);
            return None;
        }
        let t = to_naive(&dt);
        if t.is_none() {
            self.impossible(key, &dt);
        }
        t
    }

    /// An optional local date and time.
    pub fn opt_local_datetime(&mut self, key: &'static str) -> Option<NaiveDateTime> {
        self.table.get(key)?;
        self.local_datetime(key)
    }

    /// An optional day, or day and local time.
    pub fn opt_day_or_time(&mut self, key: &'static str) -> Option<DayOrTime> {
        let expected = "a date (2027-03-07) or a local date and time (2027-03-07T18:30:00)";
        let dt = self.datetime(key, expected, "2027-03-07")?;
        let value = match (dt.date, dt.time, dt.offset) {
            (Some(_), None, None) => to_date(&dt).map(DayOrTime::Day),
            (Some(_), Some(_), None) => to_naive(&dt).map(DayOrTime::Time),
            _ => {
                let help = Some("give the venue's local time, without an offset".to_string());
                self.wrong_type(key, &DeValue::Datetime(dt), expected, help);
                return None;
            }
        };
        if value.is_none() {
            self.impossible(key, &dt);
        }
        value
    }

    /// A moment at one end of a journey: an offset date-time, or a local one with the
    /// zone named in `tz_key`.
    pub fn moment(&mut self, key: &'static str, tz_key: &'static str) -> Option<Moment> {
        let expected =
            "a date-time with an offset (2027-03-07T09:05:00+01:00), or a local one with";
        let expected = format!("{expected} {tz_key}");
        let Some(dt) = self.datetime(key, &expected, "2027-03-07T09:05:00+01:00") else {
            if self.table.get(key).is_none() {
                self.missing(key, "2027-03-07T09:05:00+01:00");
            }
            return None;
        };
        let tz = self.tz(tz_key, false);
        let Some(local) = to_naive(&dt) else {
            if dt.date.is_none() || dt.time.is_none() {
                let help = Some(format!(
                    "give both day and time: {key} = 2027-03-07T09:05:00"
                ));
                self.wrong_type(key, &DeValue::Datetime(dt), &expected, help);
            } else {
                self.impossible(key, &dt);
            }
            return None;
        };
        let zone = match (dt.offset, tz) {
            (Some(offset), None) => Zone::Offset(to_offset(offset)?),
            (None, Some(tz)) => Zone::Named(tz),
            (Some(_), Some(_)) => {
                let d = Diagnostic::error(format!(
                    "\"{key}\" in {} has both an offset and {tz_key}",
                    self.what()
                ))
                .help(format!(
                    "keep one: the offset, or {tz_key} with a local time"
                ));
                self.error_at(key, d);
                return None;
            }
            (None, None) => {
                if self.table.get(tz_key).is_none() {
                    let d = Diagnostic::error(format!(
                        "\"{key}\" in {} is a local time with no zone",
                        self.what()
                    ))
                    .help(format!(
                        "add {tz_key} = \"Europe/Vienna\" (the zone of that end), or write the offset: {key} = {}+01:00",
                        dt
                    ));
                    self.error_at(key, d);
                }
                return None;
            }
        };
        match Moment::new(local, zone) {
            Ok(m) => Some(m),
            Err(e) => {
                let tz = match zone {
                    Zone::Named(tz) => tz,
                    Zone::Offset(_) => chrono_tz::UTC,
                };
                let d = Diagnostic::error(format!(
                    "\"{key}\" in {}: {}",
                    self.what(),
                    e.explain(local, tz)
                ))
                .help(e.help());
                self.error_at(key, d);
                None
            }
        }
    }

    /// Report unknown keys, and hand back where the item was read and whether every
    /// required value was valid.
    pub fn finish(mut self) -> (Origin, bool) {
        let mut missing = std::mem::take(&mut self.missing);
        for (k, _) in self.table.iter() {
            let key: &str = k.get_ref();
            if self.known.contains(&key) {
                continue;
            }
            missing.retain(|(m, _)| did_you_mean(key, [*m]).is_none());
            let help = did_you_mean(key, self.known.iter().copied()).unwrap_or_else(|| {
                format!("the keys of {} are: {}", self.what(), self.known.join(", "))
            });
            let span = Some(Span::new(self.file, k.span()));
            self.diags.push(
                Diagnostic::error(format!(
                    "unknown key \"{}\" in {}",
                    crate::text::printable(key),
                    self.what()
                ))
                .at(span)
                .help(help),
            );
        }
        self.diags.extend(missing.into_iter().map(|(_, d)| d));
        let ok = self.ok;
        // Kept as long as the item, for every item of the database: no slack.
        self.origin.shrink();
        (self.origin, ok)
    }
}

/// What a TOML value is, in words, for "must be X, not Y" messages.
pub fn describe(item: &DeValue) -> &'static str {
    match item {
        DeValue::String(_) => "text",
        DeValue::Integer(_) => "a whole number",
        DeValue::Float(_) => "a decimal number",
        DeValue::Boolean(_) => "true/false",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
        DeValue::Datetime(d) => match (d.date, d.time, d.offset) {
            (Some(_), None, _) => "a date",
            (None, Some(_), _) => "a time of day",
            (Some(_), Some(_), Some(_)) => "a date-time with an offset",
            _ => "a local date-time",
        },
    }
}

/// The value of a TOML integer, if it fits.
pub fn integer(item: &DeValue) -> Option<i64> {
    let i = item.as_integer()?;
    i64::from_str_radix(i.as_str(), i.radix()).ok()
}

fn to_date(dt: &Datetime) -> Option<NaiveDate> {
    let d = dt.date?;
    NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
}

fn to_naive(dt: &Datetime) -> Option<NaiveDateTime> {
    let t = dt.time?;
    let time = NaiveTime::from_hms_nano_opt(
        t.hour.into(),
        t.minute.into(),
        t.second.unwrap_or(0).min(59).into(),
        t.nanosecond.unwrap_or(0),
    )?;
    Some(to_date(dt)?.and_time(time))
}

fn to_offset(offset: toml::value::Offset) -> Option<FixedOffset> {
    match offset {
        toml::value::Offset::Z => FixedOffset::east_opt(0),
        toml::value::Offset::Custom { minutes } => FixedOffset::east_opt(i32::from(minutes) * 60),
    }
}
