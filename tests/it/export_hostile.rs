//! Hostile text in every format: commas, semicolons, quotes, line breaks, a
//! spreadsheet formula, HTML, Markdown syntax, emoji, Cyrillic, Albanian, right-to-left
//! text, a bidi override and terminal escapes. Each format must carry the text through
//! readable and inert.

use crate::export_support;

use std::io::BufReader;

use attache::export::{self, Format, Options, Selection};
use attache::store::Loaded;

use export_support::{SECTIONS, VENUES, load_dir};

const TITLE: &str = "=cmd|' /C calc'!A0 <script>alert('x')</script> | *b* _i_ `c` [l](u) 😀";
const WITH: &str = "Привет, Arbër ë; \"quoted\" \u{1b}[31mred\u{1b}[0m مرحبا بالعالم \u{202e}evil";
const NOTES: &str = "# heading\nline two; a,b\\c\r\n- list =1+1 @SUM(A1)";
const NAME: &str = "Zoë Ковальчук";
const FROM: &str = "+1 \"Airport\", Gate; 5";
const STAY: &str = "<b>Hotel</b> & \"Spa\"";
const STAY_NOTES: &str = "-5 nights\u{1b}";

fn toml_str(s: &str) -> String {
    // A TOML basic string: JSON's escapes are valid TOML escapes.
    serde_json::to_string(s).unwrap()
}

fn hostile_db(dir: &std::path::Path) -> Loaded {
    let sessions = format!(
        r#"format = 1

[[session]]
id = "hostile"
body = "CND"
title = {title}
kind = "other"
venue = "vic"
start = 2027-03-08
end = 2027-03-09
status = "confirmed"
registration_deadline = 2027-02-15
"#,
        title = toml_str("Session <i>x</i>, 2027; \"test\" ë\u{1b}[2J")
    );
    let sections = format!(
        "{SECTIONS}\n[[person]]\nid = \"zoe\"\nname = {}\nsection = \"usa\"\nemail = \"zoe@example.org\"\n",
        toml_str(NAME)
    );
    let plan = format!(
        r#"format = 1
session = "hostile"

[[delegate]]
person = "zoe"
role = "head"
registered = false
notes = {notes}

[[meeting]]
id = "m1"
title = {title}
with = {with}
kind = "bilateral"
room = "M2"
start = 2027-03-08T10:00:00
end = 2027-03-08T11:00:00
attendees = ["zoe"]
status = "confirmed"
notes = {notes}

[[travel]]
person = "zoe"
mode = "train"
from = {from}
to = "@home\tTab"
depart = 2027-03-08T07:00:00
depart_tz = "Europe/Vienna"
arrive = 2027-03-08T08:00:00
arrive_tz = "Europe/Vienna"
ref = "REF;1,2"

[[stay]]
person = "zoe"
name = {stay}
check_in = 2027-03-07
check_out = 2027-03-09
notes = {stay_notes}
"#,
        title = toml_str(TITLE),
        with = toml_str(WITH),
        notes = toml_str(NOTES),
        from = toml_str(FROM),
        stay = toml_str(STAY),
        stay_notes = toml_str(STAY_NOTES),
    );
    let venues = VENUES.replace(
        "access = \"U1 to Kaisermühlen, then Gate 1.\"",
        &format!(
            "access = {}",
            toml_str("Gate \"1\"; bring ID, passport\nline <2> \u{1b}[2J")
        ),
    );
    load_dir(dir, &venues, &sessions, &sections, &[("hostile", &plan)])
}

fn render_all() -> Vec<(Format, String)> {
    let dir = tempfile::tempdir().unwrap();
    let loaded = hostile_db(dir.path());
    let selection = Selection {
        sessions: vec!["hostile".into()],
        ..Selection::default()
    };
    let options = Options::default();
    Format::ALL
        .iter()
        .map(|f| {
            let rendered = export::export(&loaded.db, *f, &selection, &options).unwrap();
            (*f, rendered.text)
        })
        .collect()
}

fn get(all: &[(Format, String)], f: Format) -> String {
    all.iter().find(|(g, _)| *g == f).unwrap().1.clone()
}

#[test]
fn no_format_lets_a_terminal_escape_or_bidi_override_through() {
    for (format, text) in render_all() {
        // iCalendar lines are folded: read them unfolded.
        let text = text.replace("\r\n ", "");
        assert!(!text.contains('\u{1b}'), "{format:?} has a raw ESC");
        // JSON is data: it keeps the override as written (see json_keeps_the_text_exactly),
        // and whoever shows it must take care; every other format shows it visibly.
        if format != Format::Json {
            assert!(
                !text.contains('\u{202e}'),
                "{format:?} has a raw bidi override"
            );
        }
        // Everyone's text arrives intact.
        let letter = matches!(format, Format::Letter | Format::LetterHtml);
        let texts: &[&str] = if letter {
            // The letter has only names, the session and the venue.
            &["Zoë", "КОВАЛЬЧУК", "ë"]
        } else {
            &["Привет", "Arbër ë", "مرحبا بالعالم", "Ковальчук"]
        };
        for s in texts {
            assert!(text.contains(s), "{format:?} lost {s}");
        }
        if !letter {
            assert!(text.contains('😀'), "{format:?} lost the emoji");
        }
        if format == Format::Json {
            assert!(text.contains("\\u001b"), "JSON keeps ESC, escaped");
        } else if format == Format::Markdown {
            // Rendered, `\\u\{1b\}` reads \u{1b}.
            assert!(
                text.contains("\\\\u\\{1b\\}"),
                "Markdown shows ESC as a visible escape"
            );
        } else {
            assert!(
                text.contains("\\u{1b}"),
                "{format:?} shows ESC as a visible escape"
            );
        }
    }
}

fn unescape_ics(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(c) => out.push(c),
                None => panic!("dangling backslash in {s:?}"),
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn ics_escapes_text_and_folds_safely() {
    let text = get(&render_all(), Format::Ics);
    for line in text.trim_end_matches("\r\n").split("\r\n") {
        assert!(line.len() <= 75, "{line:?}");
        assert!(!line.contains(['\r', '\n']), "{line:?}");
    }
    let cal = ical::IcalParser::new(BufReader::new(text.as_bytes()))
        .next()
        .unwrap()
        .unwrap();
    let event = |uid: &str| {
        cal.events
            .iter()
            .find(|e| {
                e.properties
                    .iter()
                    .any(|p| p.name == "UID" && p.value.as_deref() == Some(uid))
            })
            .unwrap()
    };
    let value = |e: &ical::parser::ical::component::IcalEvent, name: &str| -> String {
        e.properties
            .iter()
            .find(|p| p.name == name)
            .unwrap()
            .value
            .clone()
            .unwrap()
    };
    let m = event("m1@attache");
    let summary = value(m, "SUMMARY");
    // Raw value: no unescaped , or ; and the text round-trips.
    assert_eq!(unescape_ics(&summary), TITLE);
    let description = unescape_ics(&value(m, "DESCRIPTION"));
    assert!(
        description.contains(
            "With: Привет, Arbër ë; \"quoted\" \\u{1b}[31mred\\u{1b}[0m مرحبا بالعالم \\u{202e}evil"
        ),
        "{description}"
    );
    assert!(
        description.contains("Notes: # heading\nline two; a,b\\c\n- list =1+1 @SUM(A1)"),
        "{description}"
    );
    let raw = value(m, "DESCRIPTION");
    assert!(raw.contains("Привет\\, Arbër ë\\; \"quoted\""), "{raw}");
    assert!(raw.contains("a\\,b\\\\c\\n- list"), "{raw}");

    let t = event("hostile/travel/zoe-train-2027-03-08-0700@attache");
    assert_eq!(unescape_ics(&value(t, "LOCATION")), FROM);
    assert!(unescape_ics(&value(t, "DESCRIPTION")).contains("Booking reference: REF;1,2"));
    let s = event("hostile/stay/zoe-stay-2027-03-07/check-in@attache");
    assert_eq!(
        unescape_ics(&value(s, "SUMMARY")),
        format!("Check in: {STAY}")
    );
}

#[test]
fn markdown_escapes_its_syntax() {
    let md = get(&render_all(), Format::Markdown);
    assert!(!md.contains("<script>"), "{md}");
    assert!(
        md.contains(
            "- **10:00–11:00 CET** =cmd\\|' /C calc'\\!A0 \\<script\\>alert('x')\\</script\\> \\| \\*b\\* \\_i\\_ \\`c\\` \\[l\\](u) 😀\n"
        ),
        "{md}"
    );
    assert!(md.contains("\\<b\\>Hotel\\</b\\> \\& \"Spa\""), "{md}");
    // A note's later lines cannot open a heading or a list.
    assert!(
        md.contains(
            "  - Notes: \\# heading\\\n    line two; a,b\\\\c\\\n    \\- list =1+1 @SUM(A1)"
        ),
        "{md}"
    );
    // The session title in a heading.
    assert!(
        md.contains("## Session \\<i\\>x\\</i\\>, 2027; \"test\" ë\\\\u\\{1b\\}\\[2J\n"),
        "{md}"
    );
}

#[test]
fn html_escapes_everything() {
    let html = get(&render_all(), Format::Html);
    assert!(!html.contains("<script"), "no script element at all");
    assert!(!html.contains("<b>Hotel") && !html.contains("<i>x"));
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert!(html.contains("&lt;b&gt;Hotel&lt;/b&gt; &amp; &quot;Spa&quot;"));
    assert!(html.contains("Gate &quot;1&quot;; bring ID, passport<br>\nline &lt;2&gt; \\u{1b}[2J"));
    // Attribute values (the picture's tooltips) cannot be closed by the data.
    for attr in html.split(" title=\"").skip(1) {
        let value = &attr[..attr.find('"').unwrap()];
        assert!(!value.contains(['<', '>', '\'']), "{value}");
    }
    // Self-contained.
    for external in ["http://", "https://", "src=", "<link", "@import", "url("] {
        assert!(!html.contains(external), "{external}");
    }
}

#[test]
fn csv_quotes_and_neutralises_formulas() {
    let text = get(&render_all(), Format::Csv);
    assert!(text.ends_with("\r\n"));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(rows.iter().all(|r| r.len() == headers.len()));
    let row = |item: &str| rows.iter().find(|r| &r[col("item")] == item).unwrap();

    let m = row("m1");
    assert_eq!(&m[col("title")], format!("'{TITLE}"));
    assert_eq!(
        &m[col("with")],
        "Привет, Arbër ë; \"quoted\" \\u{1b}[31mred\\u{1b}[0m مرحبا بالعالم \\u{202e}evil"
    );
    assert_eq!(
        &m[col("notes")],
        "# heading / line two; a,b\\c / - list =1+1 @SUM(A1)"
    );
    assert_eq!(&m[col("name")], NAME);

    let t = row("hostile/travel/zoe-train-2027-03-08-0700");
    assert_eq!(&t[col("location")], "'+1 \"Airport\", Gate; 5 → @home\tTab");
    assert_eq!(&t[col("reference")], "REF;1,2");
    let s = row("hostile/stay/zoe-stay-2027-03-07/check-in");
    assert_eq!(&s[col("notes")], "'-5 nights\\u{1b}");
    assert_eq!(&s[col("title")], format!("Check in: {STAY}"));
    // No cell of a free-text column starts a formula.
    for r in &rows {
        for c in [
            "name",
            "title",
            "with",
            "location",
            "attendees",
            "notes",
            "reference",
        ] {
            assert!(
                !r[col(c)].starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{c}: {:?}",
                &r[col(c)]
            );
        }
    }
}

#[test]
fn json_keeps_the_text_exactly() {
    let text = get(&render_all(), Format::Json);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["schema"], "attache-itinerary");
    assert_eq!(v["version"], 2);
    let items = v["people"][0]["items"].as_array().unwrap();
    let m = items.iter().find(|i| i["id"] == "m1").unwrap();
    assert_eq!(m["meeting"]["title"], TITLE);
    assert_eq!(m["meeting"]["with"], WITH);
    assert_eq!(m["meeting"]["notes"], NOTES);
    assert_eq!(v["people"][0]["name"], NAME);
    let t = items.iter().find(|i| i["kind"] == "travel").unwrap();
    assert_eq!(t["travel"]["from"], FROM);
    assert_eq!(t["travel"]["to"], "@home\tTab");
}

#[test]
fn letter_shows_names_readably() {
    let letter = get(&render_all(), Format::Letter);
    assert!(
        letter.contains("1. КОВАЛЬЧУК, Zoë – Head of delegation – zoe@example.org"),
        "{letter}"
    );
    assert!(letter.contains("Session <i>x</i>, 2027; \"test\" ë"));
}
