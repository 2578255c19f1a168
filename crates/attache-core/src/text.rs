//! Text made safe to show: data may hold anything a hostile or careless hand typed,
//! and none of it may reach a terminal as a control sequence.

use std::borrow::Cow;

/// Control characters, bidi overrides and zero-width characters shown as visible escapes
/// (`\u{1b}`), everything else unchanged. Borrowed when there is nothing to escape, so
/// the common case costs no allocation.
pub fn printable(s: &str) -> Cow<'_, str> {
    // Printable ASCII (and tab) needs no escape, and a byte test says so at once.
    if s.bytes().all(|b| matches!(b, b' '..=b'~' | b'\t')) || !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if needs_escape(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// [`printable`] for text of several lines (a rendered message, a report): the same
/// escapes, but line breaks are kept.
pub fn printable_lines(s: &str) -> Cow<'_, str> {
    let plain = |b: u8| matches!(b, b' '..=b'~' | b'\t' | b'\n');
    if s.bytes().all(plain) || !s.chars().any(|c| c != '\n' && needs_escape(c)) {
        return Cow::Borrowed(s);
    }
    let lines: Vec<Cow<'_, str>> = s.split('\n').map(printable).collect();
    Cow::Owned(lines.join("\n"))
}

/// Characters that end a line of text or act like it: controls (tab included) and
/// the Unicode line and paragraph separators. A one-line value holds none.
pub fn breaks_line(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Characters that change how a terminal or a bidi-aware renderer shows what follows:
/// C0 and C1 controls (U+009B is a terminal's CSI), the zero-width space and bidi
/// marks, embeddings, overrides and isolates, the Arabic letter mark, and the Unicode
/// line and paragraph separators (which some terminals and viewers break lines at).
///
/// The zero-width joiner and non-joiner (U+200D, U+200C) are not among them: text
/// needs them (emoji such as 👩‍💼, Persian and Indic names), and they reorder nothing.
pub fn needs_escape(c: char) -> bool {
    c.is_control() && c != '\t'
        || matches!(c,
            '\u{061C}' // Arabic letter mark
            | '\u{200B}' // zero-width space
            | '\u{200E}'..='\u{200F}' // LRM, RLM
            | '\u{2028}'..='\u{2029}' // line and paragraph separators
            | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
            | '\u{2066}'..='\u{2069}' // bidi isolates
            | '\u{FEFF}')
}

/// JSON as attaché prints it: pretty, and with every character [`needs_escape`] names
/// written as a `\uXXXX` escape. serde_json escapes only C0 controls, so C1 controls
/// and bidi characters would otherwise reach a terminal raw; the escapes decode to the
/// same text, so nothing is lost for a program reading it.
pub fn json_text(value: &impl serde::Serialize) -> String {
    let raw = serde_json::to_string_pretty(value).unwrap_or_default();
    escape_json(raw)
}

/// Escape, inside JSON text, what [`needs_escape`] names (all such characters are in
/// the Basic Multilingual Plane and can only occur inside strings, where an escape
/// means the same). Raw line breaks are JSON's own layout and stay.
pub fn escape_json(raw: String) -> String {
    if !raw.chars().any(|c| c != '\n' && needs_escape(c)) {
        return raw;
    }
    let mut out = String::with_capacity(raw.len() + 16);
    for c in raw.chars() {
        if c != '\n' && needs_escape(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether `s` is a short human slug: lower-case letters, digits, `-`, `_`, `.`,
/// starting with a letter or digit. Ids are typed on command lines and in files, so
/// they stay plain.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'))
}

/// A slug made from free text, for new ids and "try this instead" hints. Latin
/// letters with accents lose them (`Primjerić`: `primjeric`), so that the ids made from
/// European names stay readable.
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    let mut buf = [0u8; 4];
    for c in s.chars().flat_map(char::to_lowercase) {
        let plain = unaccented(c).unwrap_or_else(|| c.encode_utf8(&mut buf));
        for c in plain.chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c);
            } else if !out.ends_with('-') && !out.is_empty() {
                out.push('-');
            }
        }
    }
    out.trim_end_matches('-').chars().take(64).collect()
}

/// The plain letters of a lower-case Latin letter with an accent, or `None`.
fn unaccented(c: char) -> Option<&'static str> {
    const TABLE: &[(&str, &str)] = &[
        ("àáâãäåāăą", "a"),
        ("æ", "ae"),
        ("çćĉċč", "c"),
        ("ðďđ", "d"),
        ("èéêëēĕėęě", "e"),
        ("ĝğġģ", "g"),
        ("ĥħ", "h"),
        ("ìíîïĩīĭįı", "i"),
        ("ĵ", "j"),
        ("ķ", "k"),
        ("ĺļľŀł", "l"),
        ("ñńņňŉ", "n"),
        ("òóôõöøōŏő", "o"),
        ("œ", "oe"),
        ("ŕŗř", "r"),
        ("śŝşšș", "s"),
        ("ß", "ss"),
        ("ţťŧț", "t"),
        ("þ", "th"),
        ("ùúûüũūŭůűų", "u"),
        ("ŵ", "w"),
        ("ýÿŷ", "y"),
        ("źżž", "z"),
    ];
    TABLE
        .iter()
        .find(|(accented, _)| accented.contains(c))
        .map(|(_, plain)| *plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_escapes_c1_controls_bidi_and_separators_and_decodes_to_the_same_text() {
        let hostile = "a\u{9b}2Jb\u{85}c\u{202e}d\u{61c}e\u{2028}f\u{2029}g 👩\u{200d}💼";
        let text = json_text(&serde_json::json!({ "name": hostile }));
        assert!(
            !text.chars().any(|c| c != '\n' && needs_escape(c)),
            "{text:?}"
        );
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["name"], hostile);
    }

    #[test]
    fn escapes_terminal_controls_and_bidi() {
        assert_eq!(printable("plain ë 東"), "plain ë 東");
        assert_eq!(printable("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(printable("x\u{202E}y"), "x\\u{202e}y");
        assert!(matches!(printable("ok"), Cow::Borrowed(_)));
        // Joiners are text: an emoji sequence and a Persian name stay whole.
        assert_eq!(printable("👩\u{200d}💼"), "👩\u{200d}💼");
        assert_eq!(printable("می\u{200c}خواهم"), "می\u{200c}خواهم");
        assert_eq!(
            printable_lines("a\n\u{1b}]52;c;x\u{7}\r\n"),
            "a\n\\u{1b}]52;c;x\\u{7}\\u{d}\n"
        );
        assert!(matches!(printable_lines("a\nb\n"), Cow::Borrowed(_)));
    }

    #[test]
    fn slugs() {
        assert!(is_slug("cnd-70"));
        assert!(!is_slug("CND 70"));
        assert!(!is_slug(""));
        assert_eq!(slugify("CND 70 (reconvened)"), "cnd-70-reconvened");
    }
}
