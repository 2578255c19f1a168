//! Golden files for every export format on the tests' sample database, and the properties
//! that hold for all of them (same input, same bytes; redaction; home time).
//!
//! Update the snapshots with `INSTA_UPDATE=always cargo test --test it export::`, then
//! read the `.snap` files under tests/it/snapshots/ before committing them.

use attache::export::{self, Format, Itinerary, Options, Selection};
use attache::model::Database;
use chrono::NaiveDate;

use crate::{export_support, fixture};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// The CND 70 delegation (or these people of it), ready to render in any format.
struct Sample {
    db: Database,
    selection: Selection,
}

impl Sample {
    fn render(&self, format: Format, options: &Options) -> String {
        export::export(&self.db, format, &self.selection, options)
            .unwrap()
            .text
    }

    fn itinerary(&self, options: &Options) -> Itinerary {
        export::build(&self.db, &self.selection, options).unwrap()
    }
}

fn itinerary(people: &[&str]) -> Sample {
    let loaded = fixture::load_sample(today());
    assert!(
        !loaded.diagnostics.has_errors(),
        "the sample database has errors"
    );
    let selection = Selection {
        sessions: vec!["cnd-70".into()],
        people: people.iter().map(|p| p.to_string()).collect(),
        section: None,
    };
    Sample {
        db: loaded.db,
        selection,
    }
}

/// iCalendar and CSV end their lines with CRLF: checked here, then shown with LF in
/// the snapshots so that they read well in a diff (insta compares lines anyway).
fn readable(format: Format, text: &str) -> String {
    if matches!(format, Format::Ics | Format::Csv) {
        assert!(text.ends_with("\r\n"), "{format:?} ends with CRLF");
        assert!(
            !text.replace("\r\n", "").contains(['\n', '\r']),
            "bare line break in {format:?}"
        );
        text.replace("\r\n", "\n")
    } else {
        assert!(!text.contains('\r'), "{format:?} has CR");
        text.to_string()
    }
}

fn ext(format: Format) -> &'static str {
    format.as_str()
}

#[test]
fn whole_delegation_in_every_format() {
    let options = Options::default();
    let it = itinerary(&[]);
    for format in Format::ALL {
        let text = it.render(format, &options);
        insta::assert_snapshot!(
            format!("cnd70_delegation_{}", ext(format)),
            readable(format, &text)
        );
    }
}

#[test]
fn one_person_in_every_format() {
    let options = Options::default();
    let it = itinerary(&["esempio"]);
    for format in Format::ALL {
        let text = it.render(format, &options);
        insta::assert_snapshot!(
            format!("cnd70_esempio_{}", ext(format)),
            readable(format, &text)
        );
    }
}

#[test]
fn same_input_same_bytes() {
    for options in [
        Options::default(),
        Options {
            home_time: true,
            redact: true,
            ..Options::default()
        },
    ] {
        let a = itinerary(&[]);
        let b = itinerary(&[]);
        for format in Format::ALL {
            assert_eq!(
                a.render(format, &options).as_bytes(),
                b.render(format, &options).as_bytes(),
                "{format:?}"
            );
        }
    }
}

#[test]
fn every_session_with_a_plan_by_default() {
    let loaded = fixture::load_sample(today());
    let it = export::build(&loaded.db, &Selection::default(), &Options::default()).unwrap();
    let ids: Vec<&str> = it.sessions.iter().map(|s| s.id.as_str()).collect();
    let mut planned: Vec<&str> = loaded.db.plans.keys().map(|k| k.as_str()).collect();
    planned.sort_by_key(|id| loaded.db.sessions[*id].start);
    assert_eq!(ids, planned);
    // One letter per session.
    let letters = export::letter::render(&it, &Options::default());
    assert_eq!(letters.matches("NOMINATION LETTER: ").count(), ids.len());
}

#[test]
fn section_selects_its_people() {
    let loaded = fixture::load_sample(today());
    let selection = Selection {
        sessions: vec!["cnd-70".into()],
        people: vec![],
        section: Some("croatia".into()),
    };
    let it = export::build(&loaded.db, &selection, &Options::default()).unwrap();
    let ids: Vec<&str> = it.people.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["primjeric"]);
}

#[test]
fn redact_leaves_out_emails_phones_and_references() {
    let options = Options {
        home_time: false,
        redact: true,
        ..Options::default()
    };
    let it = itinerary(&[]);
    for format in Format::ALL {
        let text = it.render(format, &options);
        for secret in [
            "@example.org",
            "+43 1 555",
            "SAMPLE-ESM001",
            "SAMPLE-HDE-0001",
            "TEST-PRJ-0001",
            "SAMPLE-PKS-0002",
        ] {
            assert!(!text.contains(secret), "{format:?} shows {secret}");
        }
    }
    let letter = it.render(Format::Letter, &options);
    assert!(letter.contains("ESEMPIO, Marco – Head of delegation – (email withheld)"));
    insta::assert_snapshot!(
        "cnd70_esempio_redacted_md",
        itinerary(&["esempio"]).render(Format::Markdown, &options)
    );
}

#[test]
fn letter_names_family_name_first_in_capitals_and_warns_over_ten() {
    let it = itinerary(&[]);
    let letter = it.render(Format::Letter, &Options::default());
    assert!(letter.contains("1. ESEMPIO, Marco – Head of delegation – marco.esempio@example.org"));
    assert!(letter.contains("PRIMJERIĆ, Ivana"));
    assert!(letter.contains("VAN VOORBEELD, Sanne – Adviser"));
    assert!(letter.contains("Due: Monday 1 March 2027"));
    assert!(!letter.contains("remove"), "no warning for 6 people");

    // Eleven people: the letter warns.
    let mut big = it.itinerary(&Options::default());
    let template = big.people[0].clone();
    for n in 0..5 {
        let mut p = template.clone();
        p.id = format!("extra-{n}");
        p.family_name = format!("Extra{n}");
        p.delegations[0].role = attache::model::Role::Delegate;
        big.people.push(p);
    }
    let letter = export::letter::render(&big, &Options::default());
    assert!(
        letter.contains("WARNING: 11 people are listed, but CND accepts at most 10 representatives per NGO per session: remove 1 before sending."),
        "{letter}"
    );
}

#[test]
fn home_time_across_the_dst_change() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = export_support::dst_db(dir.path());
    let options = Options {
        home_time: true,
        redact: false,
        ..Options::default()
    };
    let selection = Selection {
        sessions: vec!["dst-test".into()],
        people: vec!["york".into()],
        section: None,
    };
    let it = Sample {
        db: loaded.db,
        selection,
    };
    let md = it.render(Format::Markdown, &options);
    assert!(md.contains(
        "- **10:00–11:00 CET** Before the change\n  - Home: 05:00–06:00 EDT (America/New\\_York)\n"
    ));
    assert!(md.contains("- **10:00–11:30 CEST** ~~After the change~~ (cancelled)\n  - Home: 04:00–05:30 EDT (America/New\\_York)\n"));
    insta::assert_snapshot!("dst_york_home_time_md", md);
    insta::assert_snapshot!("dst_york_home_time_json", it.render(Format::Json, &options));
}
