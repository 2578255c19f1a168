//! Every `--format json` output: its envelope (`schema`, `version`), its times with
//! offset and zone, one shape of place, and every key it prints named in docs/json.md.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::cli_codes::{Env, text};

fn json(env: &Env, args: &[&str]) -> Value {
    let out = env.run(args);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{args:?}: {}",
        text(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

/// Every key of a document, at any depth.
fn keys(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                out.insert(k.clone());
                keys(v, out);
            }
        }
        Value::Array(list) => list.iter().for_each(|v| keys(v, out)),
        _ => {}
    }
}

fn programme_file(name: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/programme")
        .join(name)
        .display()
        .to_string()
}

/// Every JSON output of the command line, with its schema.
fn outputs(env: &Env) -> Vec<(&'static str, Value)> {
    vec![
        ("check", json(env, &["check", "--format", "json"])),
        ("sessions", json(env, &["sessions", "--format", "json"])),
        (
            "sessions",
            json(env, &["sessions", "--delegations", "--format", "json"]),
        ),
        ("people", json(env, &["people", "--format", "json"])),
        (
            "delegation",
            json(
                env,
                &["delegation", "--session", "cnd-70", "--format", "json"],
            ),
        ),
        (
            "agenda",
            json(env, &["agenda", "--day", "2027-03-07", "--format", "json"]),
        ),
        ("clashes", json(env, &["clashes", "--format", "json"])),
        (
            "import",
            json(
                env,
                &[
                    "import",
                    &programme_file("cnd-70-indico.ics"),
                    "--session",
                    "cnd-70",
                    "--dry-run",
                    "--format",
                    "json",
                ],
            ),
        ),
        (
            "programme",
            json(
                env,
                &["programme", "--session", "cnd-70", "--format", "json"],
            ),
        ),
        (
            "edit",
            json(
                env,
                &[
                    "meeting",
                    "edit",
                    "cnd70-side-event",
                    "--start",
                    "2027-03-09T13:00",
                    "--dry-run",
                    "--format",
                    "json",
                ],
            ),
        ),
        // a meeting made, with the clash it makes
        (
            "edit",
            json(
                env,
                &[
                    "meeting",
                    "add",
                    "--session",
                    "cnd-70",
                    "--title",
                    "Tea",
                    "--start",
                    "2027-03-09T13:00",
                    "--minutes",
                    "30",
                    "--attendee",
                    "esempio",
                    "--dry-run",
                    "--format",
                    "json",
                ],
            ),
        ),
        (
            "travel",
            json(
                env,
                &["travel", "list", "--session", "cnd-70", "--format", "json"],
            ),
        ),
        (
            "stays",
            json(
                env,
                &["stay", "list", "--session", "cnd-70", "--format", "json"],
            ),
        ),
        (
            "readiness",
            json(
                env,
                &["readiness", "--session", "cnd-70", "--format", "json"],
            ),
        ),
    ]
}

#[test]
fn every_output_has_its_schema_and_every_key_is_documented() {
    let env = Env::new();
    let doc =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/json.md")).unwrap();
    for (schema, v) in outputs(&env) {
        assert_eq!(v["schema"], format!("attache-{schema}"), "{v:#}");
        // Each schema at its own version, which its section's title gives when not 1.
        let version = attache::cli::output::schema_version(schema);
        assert_eq!(v["version"], version, "{schema}");
        let title = match version {
            1 => format!("(`attache-{schema}`)"),
            v => format!("(`attache-{schema}`, version {v})"),
        };
        assert!(doc.contains(&title), "a section for {schema}: {title}");
        let mut found = BTreeSet::new();
        keys(&v, &mut found);
        for k in found {
            assert!(
                doc.contains(&format!("`{k}`")),
                "{schema}: key `{k}` is not in docs/json.md"
            );
        }
    }
}

/// Every finding code is in the documentation's table, by its stable name.
#[test]
fn every_code_is_documented() {
    let doc =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/json.md")).unwrap();
    for code in attache::diag::Code::ALL {
        assert!(
            doc.contains(&format!("| `{}` |", code.name())),
            "{} is not in docs/json.md's table of codes",
            code.name()
        );
    }
}

/// A time is ISO 8601 with its offset, and its zone: never a bare HH:MM.
#[test]
fn times_have_date_offset_and_zone() {
    let env = Env::new();
    let v = json(&env, &["agenda", "--day", "2027-03-07", "--format", "json"]);
    let entries = v["entries"].as_array().unwrap();
    assert!(entries.len() >= 2, "{v:#}");
    for e in entries {
        for end in ["start", "end"] {
            let at = e[end]["at"].as_str().unwrap();
            chrono::DateTime::parse_from_rfc3339(at).unwrap_or_else(|_| panic!("{at}"));
            assert!(e[end]["zone"].is_string());
        }
    }
    let briefing = entries
        .iter()
        .find(|e| e["id"] == "cnd70-briefing")
        .unwrap();
    assert_eq!(briefing["start"]["at"], "2027-03-07T18:30:00+01:00");
    assert_eq!(briefing["start"]["zone"], "Europe/Vienna");
}

/// check, clashes and the edits give a place in one shape, and findings their code.
#[test]
fn places_and_codes_are_one_shape_everywhere() {
    let env = Env::new();
    let mut seen = 0;
    for (schema, v) in outputs(&env) {
        let list: Vec<&Value> = match schema {
            "check" => v["diagnostics"].as_array().unwrap().iter().collect(),
            "clashes" => v["clashes"].as_array().unwrap().iter().collect(),
            "edit" => v["findings"]["new"].as_array().unwrap().iter().collect(),
            _ => continue,
        };
        assert!(!list.is_empty(), "{schema} has findings in the sample");
        for d in list {
            seen += 1;
            let place = d["place"]
                .as_object()
                .unwrap_or_else(|| panic!("{schema}: {d}"));
            let names: Vec<&String> = place.keys().collect();
            assert_eq!(names, ["column", "file", "line"], "{schema}");
            let code = d["code"]
                .as_str()
                .unwrap_or_else(|| panic!("{schema}: a code in {d}"));
            assert!(
                code.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{code}"
            );
        }
    }
    assert!(seen > 3);
}

/// The listings: people with their ids, sections and delegations; a delegation with
/// its journeys and stays.
#[test]
fn the_listings_answer_who_is_who_and_who_goes() {
    let env = Env::new();
    let v = json(&env, &["people", "--section", "italy", "--format", "json"]);
    let people = v["people"].as_array().unwrap();
    assert!(people.iter().all(|p| p["section"] == "italy"), "{v:#}");
    let esempio = people.iter().find(|p| p["id"] == "esempio").unwrap();
    assert_eq!(esempio["delegations"][0]["session"], "cnd-70");
    assert_eq!(esempio["delegations"][0]["role"], "head");

    let v = json(&env, &["people", "--session", "cnd-70", "--format", "json"]);
    let ids: Vec<&str> = v["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 6, "{ids:?}");
    assert!(
        ids.contains(&"esempio") && !ids.contains(&"tomori"),
        "{ids:?}"
    );

    let v = json(
        &env,
        &["delegation", "--session", "cnd-70", "--format", "json"],
    );
    assert_eq!(v["session"]["id"], "cnd-70");
    let delegates = v["delegates"].as_array().unwrap();
    assert_eq!(delegates.len(), 6);
    let head = &delegates[0];
    assert_eq!(
        (head["person"].as_str(), head["role"].as_str()),
        (Some("esempio"), Some("head"))
    );
    assert_eq!(head["journeys"].as_array().unwrap().len(), 2);
    assert_eq!(head["stays"][0]["check_in"], "2027-03-07");
    // Each journey and stay by the id that removes it.
    let journey = head["journeys"][0]["id"].as_str().unwrap();
    let out = env.run(&["travel", "rm", "--session", "cnd-70", journey, "--dry-run"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        head["stays"][0]["id"]
            .as_str()
            .is_some_and(|id| !id.is_empty())
    );
    let shembulli = delegates
        .iter()
        .find(|d| d["person"] == "shembulli")
        .unwrap();
    assert_eq!(
        shembulli["ready"]["stay_booked"], false,
        "a night without hotel"
    );
    assert_eq!(shembulli["ready"]["hotel"], "missing");
    assert_eq!(head["ready"]["hotel"], "booked");
    // Without dates, journeys or stays there is nothing to check: neither yes nor no.
    let out = env.run(&["delegation", "--session", "ccpcj-33", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let unchecked: Vec<_> = v["delegates"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["arrive"].is_null() && d["stays"].as_array().is_some_and(|s| s.is_empty()))
        .collect();
    assert!(!unchecked.is_empty(), "{v:#}");
    for d in unchecked {
        assert_eq!(d["ready"]["hotel"], "not-checked", "{d:#}");
    }
    let out = env.run(&["delegation", "--session", "ccpcj-33"]);
    assert!(
        text(&out.stdout).contains("hotel not checked"),
        "{}",
        text(&out.stdout)
    );

    let out = env.run(&["delegation", "--session", "cnd-70"]);
    let t = text(&out.stdout);
    assert!(t.starts_with("cnd-70: 70th session"), "{t}");
    assert!(t.contains("Marco Esempio (esempio), head, italy"), "{t}");
    let out = env.run(&["people"]);
    assert!(
        text(&out.stdout).contains("esempio"),
        "{}",
        text(&out.stdout)
    );
}

/// The programme's outputs, after a first import: listing it, and re-importing a newer
/// copy (added, moved, renamed, cancelled...), every key documented, times with offset.
#[test]
fn the_programme_and_its_reimport_are_documented() {
    let env = Env::new();
    let doc =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/json.md")).unwrap();
    let file = |name: &str| format!("{}/tests/data/programme/{name}", env!("CARGO_MANIFEST_DIR"));
    let first = env.run(&[
        "-q",
        "import",
        &file("cnd-70-indico.ics"),
        "--session",
        "cnd-70",
    ]);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    let v1 = json(
        &env,
        &["programme", "--session", "cnd-70", "--format", "json"],
    );
    let item = &v1["items"][0];
    chrono::DateTime::parse_from_rfc3339(item["start"]["at"].as_str().unwrap()).unwrap();
    let v2 = json(
        &env,
        &[
            "import",
            &file("cnd-70-indico-v2.ics"),
            "--session",
            "cnd-70",
            "--dry-run",
            "--format",
            "json",
        ],
    );
    assert!(!v2["moved"].as_array().unwrap().is_empty(), "{v2:#}");
    assert!(
        v2["findings"]["new"].is_array(),
        "an import reports findings like an edit"
    );
    for (schema, v) in [("programme", v1), ("import", v2)] {
        assert_eq!(v["schema"], format!("attache-{schema}"));
        assert!(doc.contains(&format!("(`attache-{schema}`)")));
        let mut found = BTreeSet::new();
        keys(&v, &mut found);
        for k in found {
            assert!(
                doc.contains(&format!("`{k}`")),
                "{schema}: key `{k}` is not in docs/json.md"
            );
        }
    }
}
