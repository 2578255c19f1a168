//! Whatever is in the files, loading never panics, every error says where it is, and
//! every message renders without a raw control character: random bytes, random
//! mutations of the shipped files (the tests' copy of them, `tests/data/sample`), random
//! Unicode in every string field.
//!
//! The same invariants as the cargo-fuzz targets (`fuzz/`, see SECURITY.md), in a form
//! that runs with `cargo test`. Inputs the fuzzer found that once broke them are kept
//! at the end as plain tests.

use crate::{fixture, property_cases};

use std::sync::OnceLock;

use attache::diag::{Diagnostics, Sources};
use attache::store::{self, DbSource, RawFile};
use chrono::NaiveDate;
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// The sample database's files: the three top-level ones, then the plans, in the order
/// of the built-in database's that the fuzz targets read.
fn sample() -> &'static [RawFile] {
    static FILES: OnceLock<Vec<RawFile>> = OnceLock::new();
    FILES.get_or_init(fixture::sample_files)
}

/// The sample files with file `i` (modulo one more than their number: a new plan)
/// replaced by `bytes`: how the fuzz targets read their input.
fn with_file(i: usize, bytes: Vec<u8>) -> Vec<RawFile> {
    let mut files = sample().to_vec();
    let i = i % (files.len() + 1);
    match files.get_mut(i) {
        Some(f) => f.bytes = bytes,
        None => files.push(RawFile {
            path: "plan/fuzz.toml".into(),
            bytes,
        }),
    }
    files
}

/// The first character a terminal would act on (or that would reorder or hide text)
/// in rendered output; line breaks and tabs are fine.
fn unsafe_char(text: &str) -> Option<char> {
    text.chars()
        .find(|&c| c != '\n' && c != '\t' && attache::text::needs_escape(c))
}

fn check_rendering(d: &Diagnostics, sources: &Sources) -> Result<(), TestCaseError> {
    for e in d.errors() {
        prop_assert!(
            e.location(sources).is_some(),
            "an error without a location: {}",
            e.message
        );
    }
    let text = d.render(sources);
    if let Some(c) = unsafe_char(&text) {
        return Err(TestCaseError::fail(format!("raw {c:?} in:\n{text}")));
    }
    let _ = d.to_json(sources).to_string();
    Ok(())
}

/// Load, and check the invariants on what loading and checking report.
fn load_and_check(files: Vec<RawFile>) -> Result<store::Loaded, TestCaseError> {
    let loaded = store::load_files(DbSource::Embedded, files, today());
    check_rendering(&loaded.diagnostics, &loaded.sources)?;
    if !loaded.diagnostics.has_errors() {
        let mut d = Diagnostics::default();
        d.extend(
            attache::planning::checks::check(&loaded.db, today())
                .into_iter()
                .map(|f| f.diagnostic().into_owned()),
        );
        check_rendering(&d, &loaded.sources)?;
    }
    Ok(loaded)
}

// --- Mutations of the shipped files -----------------------------------------------

#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    /// Replace the byte at an offset (which may cut a UTF-8 sequence).
    FlipByte(usize, u8),
    /// Replace the character at a char index.
    ReplaceChar(usize, char),
    InsertText(usize, String),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let n = any::<usize>();
    prop_oneof![
        n.prop_map(Mutation::DeleteLine),
        n.prop_map(Mutation::DuplicateLine),
        (n, n).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        (n, any::<u8>()).prop_map(|(a, b)| Mutation::FlipByte(a, b)),
        (n, toml_char()).prop_map(|(a, c)| Mutation::ReplaceChar(a, c)),
        (n, toml_fragment()).prop_map(|(a, s)| Mutation::InsertText(a, s)),
        n.prop_map(Mutation::Truncate),
    ]
}

/// Characters that mean something in TOML (or to a terminal), and any other.
fn toml_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => prop::sample::select(
            "[]{}=\"'#.,\n\r\t \\-+:0123456789eET_zZ\u{0}\u{1b}\u{7f}\u{202e}\u{feff}"
                .chars()
                .collect::<Vec<_>>()
        ),
        1 => any::<char>(),
    ]
}

/// Bits of TOML, so that inserted text often makes a file that still parses.
fn toml_fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(toml_char(), 0..12).prop_map(String::from_iter),
        prop::sample::select(vec![
            "[[meeting]]\n",
            "[[delegate]]\nperson = \"esempio\"\n",
            "[[session]]\nid = \"x\"\n",
            "[[venue]]\n",
            "[[person]]\n",
            "id = \"cnd70-csu\"\n",
            "start = 2027-03-09T13:00:00\n",
            "end = 2027-03-09T12:00:00\n",
            "start = 2027-03-28T02:30:00\n",
            "depart = 2027-03-07T14:05:00+25:00\n",
            "timezone = \"Mars/Olympus\"\n",
            "role = \"head\"\n",
            "x = [[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]\n",
            "a.b.c.d = 1\n",
            "<<<<<<< HEAD\n",
            "=======\n",
            "format = 2\n",
            "\"\"\"\n",
            "title = \"\\u001b[2J\\u202e\"\n",
            "\u{feff}",
            "\r\n",
        ])
        .prop_map(str::to_string),
    ]
}

fn line_spans(text: &[u8]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = 0;
    for (i, &b) in text.iter().enumerate() {
        if b == b'\n' {
            spans.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < text.len() {
        spans.push((start, text.len()));
    }
    spans
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let lines = line_spans(bytes);
    let line = |i: usize| lines.get(i % lines.len().max(1)).copied();
    match m {
        Mutation::DeleteLine(i) => {
            if let Some((a, b)) = line(*i) {
                bytes.drain(a..b);
            }
        }
        Mutation::DuplicateLine(i) => {
            if let Some((a, b)) = line(*i) {
                let copy = bytes[a..b].to_vec();
                bytes.splice(b..b, copy);
            }
        }
        Mutation::SwapLines(i, j) => {
            if let (Some((a, b)), Some((c, d))) = (line(*i), line(*j))
                && b <= c
            {
                let first = bytes[a..b].to_vec();
                let second = bytes[c..d].to_vec();
                bytes.splice(c..d, first);
                bytes.splice(a..b, second);
            }
        }
        Mutation::FlipByte(i, b) => {
            if !bytes.is_empty() {
                let n = bytes.len();
                bytes[i % n] = *b;
            }
        }
        Mutation::ReplaceChar(i, c) => {
            let mut text = String::from_utf8_lossy(bytes).into_owned();
            let n = text.chars().count();
            if n > 0 {
                let (at, old) = text.char_indices().nth(i % n).unwrap();
                text.replace_range(at..at + old.len_utf8(), c.encode_utf8(&mut [0; 4]));
                *bytes = text.into_bytes();
            }
        }
        Mutation::InsertText(i, s) => {
            let at = match line(*i) {
                Some((a, _)) => a,
                None => 0,
            };
            bytes.splice(at..at, s.bytes());
        }
        Mutation::Truncate(i) => {
            let n = bytes.len();
            bytes.truncate(i % (n + 1));
        }
    }
}

// --- Random text in every string field --------------------------------------------

/// Call `f` on every string value of a TOML document (in tables, arrays of tables,
/// arrays and inline tables), in document order.
fn for_each_string(item: &mut toml_edit::Item, f: &mut impl FnMut(&mut toml_edit::Value)) {
    match item {
        toml_edit::Item::Value(v) => for_each_string_value(v, f),
        toml_edit::Item::Table(t) => {
            for (_, it) in t.iter_mut() {
                for_each_string(it, f);
            }
        }
        toml_edit::Item::ArrayOfTables(a) => {
            for t in a.iter_mut() {
                for (_, it) in t.iter_mut() {
                    for_each_string(it, f);
                }
            }
        }
        toml_edit::Item::None => {}
    }
}

fn for_each_string_value(v: &mut toml_edit::Value, f: &mut impl FnMut(&mut toml_edit::Value)) {
    match v {
        toml_edit::Value::String(_) => f(v),
        toml_edit::Value::Array(a) => {
            for x in a.iter_mut() {
                for_each_string_value(x, f);
            }
        }
        toml_edit::Value::InlineTable(t) => {
            for (_, x) in t.iter_mut() {
                for_each_string_value(x, f);
            }
        }
        _ => {}
    }
}

/// Text a hostile or careless hand may type: terminal escapes, bidi overrides,
/// zero-width characters, NUL, any Unicode at all, and now and then something long.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::collection::vec(any::<char>(), 0..40).prop_map(String::from_iter),
        4 => prop::collection::vec(
            prop::sample::select(vec![
                "\u{1b}[2J", "\u{1b}]52;c;ZXZpbA==\u{7}", "\u{1b}]8;;https://evil.example/\u{1b}\\",
                "\u{202e}", "\u{2066}", "\u{200b}", "\u{feff}", "\u{0}", "\u{9b}", "\r", "\n",
                "\t", "\"", "'", "\\", "#", "=", "[", "ë", "東", "🇦🇹", "e\u{301}", " ", "a",
                "cnd-70", "esempio", "vic", "2027-03-09T13:00:00", "Europe/Vienna",
            ]),
            0..20,
        )
        .prop_map(|parts| parts.concat()),
        1 => (any::<char>(), 1000..100_000usize).prop_map(|(c, n)| c.to_string().repeat(n)),
    ]
}

// --- The properties -----------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(property_cases::cases(256)))]

    /// Random bytes as any one of the files.
    #[test]
    fn random_bytes_as_a_file(i in 0..8usize, bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        load_and_check(with_file(i, bytes))?;
    }

    /// Random TOML-looking text as any one of the files.
    #[test]
    fn random_toml_as_a_file(i in 0..8usize, parts in prop::collection::vec(toml_fragment(), 0..40)) {
        load_and_check(with_file(i, parts.concat().into_bytes()))?;
    }

    /// The sample files with lines deleted, duplicated or swapped, bytes and
    /// characters changed, text inserted, the end cut off.
    #[test]
    fn mutated_shipped_files(i in 0..7usize, mutations in prop::collection::vec(mutation(), 1..8)) {
        let mut bytes = sample()[i].bytes.clone();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        load_and_check(with_file(i, bytes))?;
    }

    /// Random text in string fields (ids, references, names, titles, notes, times,
    /// zones...), written with TOML's escapes as an editor would.
    #[test]
    fn random_text_in_string_fields(
        i in 0..7usize,
        picks in prop::collection::vec((any::<usize>(), any_text()), 1..4),
    ) {
        let text = std::str::from_utf8(&sample()[i].bytes).unwrap();
        let mut doc: toml_edit::DocumentMut = text.parse().unwrap();
        let mut count = 0;
        for_each_string(doc.as_item_mut(), &mut |_| count += 1);
        prop_assume!(count > 0);
        for (pick, new) in &picks {
            let mut k = 0;
            for_each_string(doc.as_item_mut(), &mut |v| {
                if k == pick % count {
                    *v = toml_edit::Value::from(new.as_str());
                }
                k += 1;
            });
        }
        load_and_check(with_file(i, doc.to_string().into_bytes()))?;
    }
}

// --- Inputs found by fuzzing ---------------------------------------------------------

/// Every file in `tests/fuzz_inputs/` is an input of the `load` fuzz target (first
/// byte: which file it replaces; the rest: its bytes) that must keep passing: crashes
/// the fuzzer found (copy the artifact here), and hand-made worst cases.
#[test]
fn saved_fuzz_inputs() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_inputs");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    assert!(!names.is_empty());
    for path in names {
        let data = std::fs::read(&path).unwrap();
        let Some((&which, bytes)) = data.split_first() else {
            continue;
        };
        if let Err(e) = load_and_check(with_file(usize::from(which), bytes.to_vec())) {
            panic!("{}: {e}", path.display());
        }
    }
}

/// The built-in database itself, deliberately: whatever the calendar, it loads without
/// errors and all it reports renders safely.
#[test]
fn the_shipped_database_passes() {
    let loaded = load_and_check(store::source::embedded_files()).unwrap();
    assert!(!loaded.diagnostics.has_errors());
}

/// The checks themselves catch what they are meant to: a raw escape in rendered text,
/// an error without a place.
#[test]
fn the_checks_catch_what_they_should() {
    assert_eq!(unsafe_char("a \u{1b}[2J b"), Some('\u{1b}'));
    assert_eq!(unsafe_char("a \u{feff} b"), Some('\u{feff}'));
    assert_eq!(unsafe_char("line\n\tnext"), None);
    let sources = Sources::default();
    let mut d = Diagnostics::default();
    d.push(attache::diag::Diagnostic::error("nowhere"));
    assert!(check_rendering(&d, &sources).is_err());
}

/// Found by `random_text_in_string_fields` in CI: a session id that is a lone byte
/// order mark was quoted raw in the message about the plan's unknown people.
#[test]
fn a_session_id_of_a_byte_order_mark_is_escaped() {
    let i = sample()
        .iter()
        .position(|f| f.path.ends_with("plan/cnd-67-thematic.toml"))
        .unwrap();
    let text = std::str::from_utf8(&sample()[i].bytes).unwrap();
    let text = text.replacen("session = \"cnd-67-thematic\"", "session = \"\\uFEFF\"", 1);
    let text = text.replacen("person = \"", "person = \"\" # was \"", 1);
    let loaded = load_and_check(with_file(i, text.into_bytes())).unwrap();
    let rendered = loaded.diagnostics.render(&loaded.sources);
    assert!(
        rendered.contains("unknown person \"\" in the delegation to \"\\u{feff}\""),
        "{rendered}"
    );
}
