//! Text and time helpers shared by the export formats.

use std::borrow::Cow;

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use super::itinerary::{LocalTime, Stamp};

/// Data text made safe for a human-facing format: line breaks normalised to `\n`, and
/// control characters (other than newline and tab), bidi overrides and zero-width
/// characters shown as visible escapes (`\u{1b}`), as [`crate::text::printable`] does.
/// Legitimate right-to-left text (Arabic, Hebrew) has none of these and is unchanged.
pub fn clean(s: &str) -> Cow<'_, str> {
    // Most text is printable ASCII: a byte test says so without decoding characters.
    let plain = |b: u8| matches!(b, b' '..=b'~' | b'\n' | b'\t');
    if s.bytes().all(plain) || !s.chars().any(|c| c != '\n' && crate::text::needs_escape(c)) {
        return Cow::Borrowed(s);
    }
    let normalised = s.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(normalised.len() + 8);
    for c in normalised.chars() {
        if c != '\n' && crate::text::needs_escape(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The text with its first letter in capitals ("home: ..." → "Home: ...").
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// [`clean`], on one line: line breaks become " / ".
pub fn one_line(s: &str) -> String {
    clean(s)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" / ")
}

/// Best-effort removal of e-mail addresses and international phone numbers (written
/// with a leading `+`) from free text, for `--redact`. Structured fields (a person's
/// email and phone, booking references) are dropped outright; this only catches what
/// someone typed into a note.
pub fn scrub(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        // A phone number: '+', then digits and separators with at least 7 digits.
        if chars[i] == '+' && chars.get(i + 1).is_some_and(char::is_ascii_digit) {
            let mut j = i + 1;
            let mut digits = 0;
            while j < chars.len()
                && (chars[j].is_ascii_digit()
                    || matches!(chars[j], ' ' | '-' | '.' | '(' | ')' | '/'))
            {
                digits += usize::from(chars[j].is_ascii_digit());
                j += 1;
            }
            while j > i && !chars[j - 1].is_ascii_digit() {
                j -= 1;
            }
            if digits >= 7 {
                out.push_str("[phone removed]");
                i = j;
                continue;
            }
        }
        // An e-mail address: a word with '@' and a dot after it.
        if !chars[i].is_whitespace()
            && !is_open(chars[i])
            && (i == 0 || chars[i - 1].is_whitespace() || is_open(chars[i - 1]))
        {
            let mut j = i;
            while j < chars.len() && !chars[j].is_whitespace() && !is_close(chars[j]) {
                j += 1;
            }
            let word: String = chars[i..j].iter().collect();
            let word_trimmed = word.trim_end_matches(['.', ',', ';', ':', '!', '?']);
            if let Some(at) = word_trimmed.find('@')
                && at > 0
                && word_trimmed[at + 1..].contains('.')
            {
                out.push_str("[email removed]");
                i += word_trimmed.chars().count();
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

fn is_open(c: char) -> bool {
    matches!(c, '(' | '<' | '[' | '"' | '\'')
}

fn is_close(c: char) -> bool {
    matches!(c, ')' | '>' | ']' | '"' | '\'')
}

/// "Sunday 7 March 2027".
pub fn long_date(d: NaiveDate) -> String {
    d.format("%A %-d %B %Y").to_string()
}

/// "Sun 7 Mar".
pub fn short_date(d: NaiveDate) -> String {
    d.format("%a %-d %b").to_string()
}

/// "8 to 12 March 2027", "28 February to 3 March 2027", or one day.
pub fn date_range(first: NaiveDate, last: NaiveDate) -> String {
    if first == last {
        first.format("%-d %B %Y").to_string()
    } else if first.year() != last.year() {
        format!(
            "{} to {}",
            first.format("%-d %B %Y"),
            last.format("%-d %B %Y")
        )
    } else if first.month() != last.month() {
        format!("{} to {}", first.format("%-d %B"), last.format("%-d %B %Y"))
    } else {
        format!("{} to {}", first.format("%-d"), last.format("%-d %B %Y"))
    }
}

/// "Monday 8 to Friday 12 March 2027", with months and years only where needed.
pub fn long_date_range(first: NaiveDate, last: NaiveDate) -> String {
    if first == last {
        long_date(first)
    } else if first.year() != last.year() {
        format!("{} to {}", long_date(first), long_date(last))
    } else if first.month() != last.month() {
        format!("{} to {}", first.format("%A %-d %B"), long_date(last))
    } else {
        format!("{} to {}", first.format("%A %-d"), long_date(last))
    }
}

/// "14:05".
pub fn hm(t: NaiveDateTime) -> String {
    t.format("%H:%M").to_string()
}

/// "14:05 CET".
pub fn hm_abbrev(t: &LocalTime) -> String {
    format!("{} {}", hm(t.time), t.abbrev)
}

/// "Sun 7 Mar 08:35 CET (Europe/Zagreb)", or "Sun 7 Mar 12:30 UTC+01:00" for a time
/// written with an offset.
pub fn moment_label(t: &LocalTime) -> String {
    let day = t.time.format("%a %-d %b");
    if t.zone == t.abbrev {
        format!("{day} {}", hm_abbrev(t))
    } else {
        format!("{day} {} ({})", hm_abbrev(t), t.zone)
    }
}

/// A span of local time in one zone, as short as is clear: "13:00–14:00 CET", with the
/// end's date when it ends on another day, and both zones when they differ.
pub fn span(start: &LocalTime, end: &LocalTime) -> String {
    if start == end {
        // A moment, such as an arrival: "14:05 CET".
        return hm_abbrev(start);
    }
    let end_text = if end.time.date() != start.time.date() {
        format!("{} {}", short_date(end.time.date()), hm(end.time))
    } else {
        hm(end.time)
    };
    if start.zone == end.zone && start.abbrev == end.abbrev {
        format!("{}–{} {}", hm(start.time), end_text, start.abbrev)
    } else {
        format!(
            "{} {}–{} {}",
            hm(start.time),
            start.abbrev,
            end_text,
            end.abbrev
        )
    }
}

/// The home-time counterpart of a span, when it is asked for and the home clock shows
/// another time: "home: 07:00–08:00 EST (America/New_York)".
pub fn home_span(start: &Stamp, end: &Stamp) -> Option<String> {
    let (hs, he) = (start.home.as_ref()?, end.home.as_ref()?);
    if hs.offset == start.local.offset && he.offset == end.local.offset {
        return None;
    }
    let date = if hs.time.date() != start.local.time.date() {
        format!("{} ", short_date(hs.time.date()))
    } else {
        String::new()
    };
    Some(format!("home: {date}{} ({})", span(hs, he), hs.zone))
}

/// How delegates register for a session, with where: "each delegate registers on the
/// UN's Indico (https://indico.un.org)".
pub fn registration(r: crate::model::Registration, url: Option<&str>) -> String {
    match url {
        Some(url) => format!("{} ({url})", r.describe()),
        None => r.describe().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_keeps_lines_and_rtl_and_escapes_controls() {
        assert_eq!(clean("a\r\nb\rc\nd"), "a\nb\nc\nd");
        assert_eq!(clean("x\u{1b}[2Jy"), "x\\u{1b}[2Jy");
        assert_eq!(clean("שלום ë Привет"), "שלום ë Привет");
        assert_eq!(clean("a\u{202e}b"), "a\\u{202e}b");
        assert!(matches!(clean("plain\ttext"), Cow::Borrowed(_)));
    }

    #[test]
    fn scrub_removes_emails_and_phones() {
        assert_eq!(
            scrub("Call +43 1 555 0101 or mail a.b@example.org."),
            "Call [phone removed] or mail [email removed]."
        );
        assert_eq!(scrub("(x@y.org)"), "([email removed])");
        assert_eq!(
            scrub("room +1, 2027-03-07 18:30, a@b"),
            "room +1, 2027-03-07 18:30, a@b"
        );
    }

    #[test]
    fn date_ranges() {
        let d = |m, d| NaiveDate::from_ymd_opt(2027, m, d).unwrap();
        assert_eq!(date_range(d(3, 8), d(3, 12)), "8 to 12 March 2027");
        assert_eq!(date_range(d(2, 28), d(3, 2)), "28 February to 2 March 2027");
        assert_eq!(date_range(d(3, 8), d(3, 8)), "8 March 2027");
    }
}
