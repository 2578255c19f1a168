//! The README's scripting example, run as written: every delegate's itinerary, one
//! file each, and a clash check whose exit code the script reads. And every `attache`
//! command the README shows parses.

use std::path::Path;
use std::process::Command;

use crate::fixture;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

/// The shell block between the README's `script: begin` and `script: end` markers.
fn script() -> String {
    let text = readme();
    let block = text
        .split("<!-- script: begin -->")
        .nth(1)
        .and_then(|rest| rest.split("<!-- script: end -->").next())
        .expect("the README's scripting example");
    block
        .lines()
        .filter(|l| !l.starts_with("```"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_readme_scripting_example_runs_as_written() {
    if Command::new("jq").arg("--version").output().is_err() {
        eprintln!("skipped: the example needs jq, which is not installed");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    fixture::write_sample(&db);
    let bin = Path::new(env!("CARGO_BIN_EXE_attache")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("bash")
        .arg("-c")
        .arg(script())
        .current_dir(tmp.path())
        .env("PATH", path)
        .env("HOME", tmp.path())
        .env("ATTACHE_DB", &db)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "-q: no notes: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The sample's cnd-70 has a deliberate clash: the script saw exit 1.
    assert_eq!(said, "clashes: see itineraries/clashes.txt\n");
    let plan = attache::store::load(&fixture::sample(), "2026-11-23".parse().unwrap()).db;
    let delegates = &plan.plans["cnd-70"].delegates;
    let mut files: Vec<String> = std::fs::read_dir(tmp.path().join("itineraries"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files.len(), delegates.len() * 2 + 1, "{files:?}");
    for d in delegates {
        let ics = std::fs::read_to_string(tmp.path().join(format!("itineraries/{}.ics", d.person)))
            .unwrap();
        assert!(ics.starts_with("BEGIN:VCALENDAR"), "{}", d.person);
        assert!(files.contains(&format!("{}.html", d.person)));
    }
}

/// Each `attache ...` line of the README's shell blocks parses as written.
#[test]
fn every_command_the_readme_shows_parses() {
    let text = readme();
    let mut in_block = false;
    let mut checked = 0;
    for line in text.lines() {
        if line.starts_with("```") {
            in_block = line == "```sh";
            continue;
        }
        let line = line.split(" # ").next().unwrap().trim();
        let line = line
            .split(" > ")
            .next()
            .unwrap()
            .split(" | ")
            .next()
            .unwrap();
        let line = line.trim_start_matches("export ATTACHE_DB=~/delegation && ");
        if !in_block || !line.starts_with("attache ") || line.contains('$') {
            continue;
        }
        let words = shell_words(line);
        if let Err(e) = attache::cli::command().try_get_matches_from(&words)
            && e.kind() != clap::error::ErrorKind::DisplayHelp
        {
            panic!("README: `{line}` does not parse: {e}");
        }
        checked += 1;
    }
    assert!(checked >= 10, "{checked} commands checked");
}

/// Split a line as a shell would (double quotes only).
fn shell_words(line: &str) -> Vec<String> {
    let mut words = vec![];
    let mut word = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}
