//! People and sections, from the shell and through the core: added, edited and removed
//! in `sections.toml` with its comments and layout kept; a person in plans removed only
//! when asked, with everything of theirs, as one change that undo brings back.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use attache::planning::Editor;
use attache::planning::ops::{self, PersonEdit, SectionEdit};
use attache::store::{self, DbSource, save};
use chrono::NaiveDate;
use proptest::prelude::*;

use crate::fixture;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn attache(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_attache"))
        .arg("--db")
        .arg(db)
        .args(["--today", "2026-11-23"])
        .args(args)
        .env_remove("ATTACHE_DB")
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn sample_copy() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    fixture::write_sample(&db);
    (dir, db)
}

/// The lines of `after` that `before` lacks, and the other way round.
fn diff(before: &str, after: &str) -> (Vec<String>, Vec<String>) {
    let lines = |s: &str| s.lines().map(str::to_string).collect::<Vec<_>>();
    let (b, a) = (lines(before), lines(after));
    let added = a.iter().filter(|l| !b.contains(l)).cloned().collect();
    let removed = b.iter().filter(|l| !a.contains(l)).cloned().collect();
    (added, removed)
}

#[test]
fn a_new_colleague_is_appended_to_sections_toml_with_a_readable_id() {
    let (_dir, db) = sample_copy();
    let before = fs::read_to_string(db.join("sections.toml")).unwrap();
    let o = attache(
        &db,
        &[
            "person",
            "add",
            "--section",
            "austria",
            "--family",
            "Beispiel",
            "--given",
            "Anna Maria",
            "--known-as",
            "Anna",
            "--title",
            "Mrs.",
            "--email",
            "am.beispiel@example.org",
            "--tz",
            "Europe/Vienna",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    // "beispiel" is taken: the id adds the first given name.
    assert!(
        text(&o).contains("added beispiel-anna \"Anna Maria Beispiel\""),
        "{}",
        text(&o)
    );
    let after = fs::read_to_string(db.join("sections.toml")).unwrap();
    assert!(after.starts_with(&before), "the file is only appended to");
    let (added, removed) = diff(&before, &after);
    assert!(removed.is_empty(), "{removed:?}");
    assert!(
        added.contains(&"known_as = \"Anna\"".to_string()),
        "{added:?}"
    );
    let loaded = store::load(&DbSource::Dir(db.clone()), today());
    assert!(!loaded.diagnostics.has_errors());
    let p = &loaded.db.people["beispiel-anna"];
    assert_eq!(p.name_parts(), ("Beispiel".into(), "Anna Maria".into()));
    assert_eq!(p.display_name(), "Anna");
    assert_eq!(
        loaded.db.home_tz("beispiel-anna"),
        Some(chrono_tz::Europe::Vienna)
    );
}

#[test]
fn an_edit_changes_only_its_lines_and_keeps_comments() {
    let (_dir, db) = sample_copy();
    let before = fs::read_to_string(db.join("sections.toml")).unwrap();
    let o = attache(
        &db,
        &[
            "person",
            "edit",
            "rios-giraldo",
            "--email",
            "jrg@example.org",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let after = fs::read_to_string(db.join("sections.toml")).unwrap();
    let (added, removed) = diff(&before, &after);
    assert_eq!(added, vec!["email = \"jrg@example.org\"".to_string()]);
    assert!(removed.is_empty());
    // A family name of two words stays written apart; the passport name is kept.
    let o = attache(
        &db,
        &["person", "edit", "rios-giraldo", "--given", "Jaiber Andres"],
    );
    assert!(o.status.success(), "{}", text(&o));
    let loaded = store::load(&DbSource::Dir(db), today());
    assert_eq!(
        loaded.db.people["rios-giraldo"].name_parts(),
        ("Rios Giraldo".into(), "Jaiber Andres".into())
    );
}

#[test]
fn bad_fields_are_refused_with_the_loaders_words_and_nothing_is_written() {
    let (_dir, db) = sample_copy();
    let before = fs::read_to_string(db.join("sections.toml")).unwrap();
    for (args, says) in [
        (
            &["--section", "austira", "--family", "X"][..],
            "did you mean \"austria\"",
        ),
        (
            &["--section", "austria", "--family", "X", "--email", "x at y"],
            "not an email address",
        ),
        (
            &[
                "--section",
                "austria",
                "--family",
                "X",
                "--tz",
                "Europe/Viena",
            ],
            "Europe/Vienna",
        ),
        (
            &["--section", "austria", "--family", "   "],
            "needs a family name",
        ),
        (
            &["--section", "austria", "--family", "A\nB"],
            "not one line",
        ),
        (
            &["--section", "austria", "--family", "X", "--id", "Bad Id"],
            "not a valid person id",
        ),
        (
            &["--section", "austria", "--family", "X", "--id", "tomori"],
            "duplicate person id",
        ),
    ] {
        let o = attache(&db, &[&["person", "add"][..], args].concat());
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o));
        assert!(text(&o).contains(says), "{args:?}: {}", text(&o));
    }
    assert_eq!(
        fs::read_to_string(db.join("sections.toml")).unwrap(),
        before
    );
}

#[test]
fn a_section_is_added_after_the_sections_and_edited() {
    let (_dir, db) = sample_copy();
    let o = attache(
        &db,
        &[
            "section",
            "add",
            "--name",
            "IPO Hungary",
            "--country",
            "HU",
            "--tz",
            "Europe/Budapest",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let after = fs::read_to_string(db.join("sections.toml")).unwrap();
    let section = after.find("id = \"ipo-hungary\"").unwrap();
    let people = after.find("\n[[person]]\n").unwrap();
    assert!(section < people, "with the other sections");
    let o = attache(&db, &["section", "edit", "ipo-hungary", "--country", "hu"]);
    assert!(text(&o).contains("already like that"), "{}", text(&o));
    let o = attache(&db, &["section", "edit", "ipo-hungary", "--country", "XYZ"]);
    assert!(text(&o).contains("not a country code"), "{}", text(&o));
    let o = attache(
        &db,
        &[
            "person",
            "add",
            "--section",
            "ipo-hungary",
            "--family",
            "Példa",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("added pelda"), "{}", text(&o));
}

#[test]
fn a_person_in_plans_is_removed_only_when_asked_with_everything_of_theirs() {
    let (_dir, db) = sample_copy();
    let o = attache(&db, &["person", "rm", "mustermann"]);
    assert_eq!(o.status.code(), Some(2), "refused: {}", text(&o));
    let said = text(&o);
    assert!(said.contains("cnd-70: "), "{said}");
    assert!(said.contains("journeys"), "{said}");
    assert!(said.contains("--from-plans"), "{said}");
    let o = attache(&db, &["person", "rm", "mustermann", "--from-plans"]);
    assert!(o.status.success(), "{}", text(&o));
    let loaded = store::load(&DbSource::Dir(db.clone()), today());
    assert!(
        !loaded.diagnostics.has_errors(),
        "{}",
        loaded.diagnostics.render(&loaded.sources)
    );
    assert!(!loaded.db.people.contains_key("mustermann"));
    let plan = &loaded.db.plans["cnd-70"];
    assert!(plan.travel.iter().all(|t| t.person != "mustermann"));
    assert!(plan.stays.iter().all(|s| s.person != "mustermann"));
    // Someone in no plan goes at once.
    let o = attache(
        &db,
        &["person", "add", "--section", "austria", "--family", "Neu"],
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = attache(&db, &["person", "rm", "neu"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("removed neu \"Neu\""), "{}", text(&o));
}

#[test]
fn unassign_names_what_goes_with_the_delegate() {
    let (_dir, db) = sample_copy();
    let o = attache(
        &db,
        &["unassign", "--session", "cnd-70", "--person", "shembulli"],
    );
    assert!(o.status.success(), "{}", text(&o));
    let said = text(&o);
    assert!(
        said.contains("removed shembulli from the delegation to cnd-70, with 2 journeys, 2 hotel stays and their seats at"),
        "{said}"
    );
    // Nothing of theirs is left for `check` to warn about.
    let o = attache(&db, &["check"]);
    assert!(!text(&o).contains("shembulli"), "{}", text(&o));
}

/// Removing a person from the core, then undoing, leaves the files as they were, byte
/// for byte, and the database equal.
#[test]
fn removing_a_person_is_one_change_that_undo_brings_back() {
    let (_dir, db) = sample_copy();
    let loaded = store::load(&DbSource::Dir(db.clone()), today());
    let mut e = Editor::new(loaded.db.clone());
    let tx = ops::remove_person(e.db(), &"esempio".into()).unwrap();
    assert!(
        tx.description.contains("from the plans of"),
        "{}",
        tx.description
    );
    e.apply(tx).unwrap();
    assert!(
        e.db()
            .plans
            .values()
            .all(|p| p.delegate("esempio").is_none())
    );
    e.undo().unwrap();
    assert_eq!(e.db(), &loaded.db);
    assert!(!e.is_dirty());
    let files = |d: &Path| {
        fs::read_to_string(d.join("sections.toml")).unwrap()
            + &fs::read_to_string(d.join("plan/cnd-70.toml")).unwrap()
    };
    let before = files(&db);
    e.redo().unwrap();
    save::save(&loaded, &e).unwrap();
    assert_ne!(files(&db), before);
    let reloaded = store::load(&DbSource::Dir(db), today());
    assert!(
        !reloaded.diagnostics.has_errors(),
        "{}",
        reloaded.diagnostics.render(&reloaded.sources)
    );
}

#[test]
fn new_ids_stay_readable_and_unique() {
    let db = fixture::load_sample(today()).db;
    assert_eq!(ops::new_person_id(&db, "Nouveau", "Jean"), "nouveau");
    assert_eq!(ops::new_person_id(&db, "Esempio", "Marco"), "esempio-marco");
    assert_eq!(
        ops::new_person_id(&db, "Müller-Lüdenscheidt", ""),
        "muller-ludenscheidt"
    );
    assert_eq!(ops::new_person_id(&db, "李", "小龙"), "person");
    assert_eq!(ops::new_section_id(&db, "IPO Italy"), "ipo-italy");
    assert_eq!(ops::new_section_id(&db, "Italy"), "italy-2");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever text goes into a new person's fields, the edit is refused with a
    /// message, or it is saved into a file that loads back to the same person.
    #[test]
    fn any_text_in_a_new_person_is_refused_or_round_trips(
        family in "\\PC{0,40}|[\\s\\S]{0,20}",
        given in "\\PC{0,40}",
        known in "[\\s\\S]{0,30}",
        email in "\\PC{0,20}",
        notes in "[\\s\\S]{0,200}",
        tz in prop::sample::select(vec!["", "Europe/Vienna", "Mars/Base", "  "]),
    ) {
        let (_dir, dir) = sample_copy();
        let loaded = store::load(&DbSource::Dir(dir.clone()), today());
        let mut e = Editor::new(loaded.db.clone());
        let edit = PersonEdit {
            family: Some(family),
            given: Some(given),
            known_as: Some(known),
            section: Some("austria".into()),
            email: Some(email),
            timezone: Some(tz.into()),
            notes: Some(notes),
            ..PersonEdit::default()
        };
        let made = edit
            .new_person(e.db(), None)
            .and_then(|p| ops::add_person(e.db(), p.clone()).map(|tx| (p, tx)));
        if let Ok((person, tx)) = made {
            prop_assert!(!tx.description.is_empty());
            e.apply(tx).unwrap();
            save::save(&loaded, &e).unwrap();
            let back = store::load(&DbSource::Dir(dir), today());
            prop_assert!(!back.diagnostics.has_errors(), "{}", back.diagnostics.render(&back.sources));
            prop_assert_eq!(&back.db.people[&person.id], &person);
        } else if let Err(err) = made {
            prop_assert!(!err.message.is_empty());
        }
    }
}

#[test]
fn a_section_edit_refuses_an_empty_zone() {
    let db = fixture::load_sample(today()).db;
    let edit = SectionEdit {
        timezone: Some(String::new()),
        ..SectionEdit::default()
    };
    let err = ops::edit_section(&db, &"italy".into(), &edit).unwrap_err();
    assert!(err.message.contains("time zone"), "{err}");
}
