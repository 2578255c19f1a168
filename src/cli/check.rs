//! `attache check`: every error and warning of the database, with its place.
//!
//! Warnings stay beside errors: the plan checks (clashes, nights, deadlines) run on
//! what loaded, and their findings are kept for every plan whose file has no error of
//! its own, as long as the shared files load (the rule is `store::held_back`, which
//! the TUI's Problems follows too). A plan
//! with errors is half read: its warnings wait until they are fixed, and the output
//! says so.

use super::error::{Outcome, Status};
use super::output::{Context, Format};
use crate::diag::{Diagnostic, Diagnostics, Severity, plural};
use crate::planning::checks::{self, Finding};
use crate::planning::grouped::{Overview, grouped};
use crate::store;
use crate::text::printable;

pub fn run(cx: &Context, format: Format, all: bool) -> Outcome {
    cx.require_folder()?;
    // The checks run beside validation, on another core.
    let (mut loaded, findings) =
        store::load_with(&cx.source, cx.today, |db| checks::check(db, cx.today));
    let (kept, waiting) = crate::store::held_back::reliable(&loaded, findings);
    let found = kept.len();
    let overview = Overview::of(&kept);
    let shown: Vec<Diagnostic> = if all || format == Format::Json {
        kept.into_iter().map(Finding::into_diagnostic).collect()
    } else {
        grouped(&loaded.db, kept)
    };
    let grouped_away = found - shown.len();
    loaded.diagnostics.extend(shown);
    loaded.diagnostics.sort();
    let d = &loaded.diagnostics;
    match format {
        // The shape of `Diagnostics::to_json`, written a diagnostic at a time.
        Format::Json => {
            let mut counts = serde_json::Map::new();
            counts.insert("errors".into(), d.count(Severity::Error).into());
            counts.insert("warnings".into(), d.count(Severity::Warning).into());
            // Why some plans' warnings are not listed (the text's `note:` lines).
            counts.insert("notes".into(), waiting.iter().map(|n| n.as_str()).collect());
            let items = d.items.iter().map(|x| x.to_json(&loaded.sources));
            cx.json_streamed("check", counts, "diagnostics", items);
        }
        Format::Text if d.items.is_empty() => cx.out(&format!(
            "{}: no problems found\n",
            printable(&cx.source.describe())
        )),
        // Rendering escapes what it quotes from the files (Diagnostic::render).
        Format::Text => {
            // Printed in parts as it is rendered: `--all` on a dense database is
            // megabytes of text, never held whole.
            // Rendered on both cores, a part at a time, and printed in order.
            for part in crate::diag::render_in_parts(&d.items, &loaded.sources, 1024) {
                cx.report(&part);
            }
            let mut text = String::new();
            if d.items.len() > LONG {
                text.push_str(&in_short(&overview, found));
            }
            text.push_str(&summary(d, grouped_away));
            for note in waiting {
                text.push_str(&format!("note: {}\n", printable(&note)));
            }
            cx.report(&text);
        }
    }
    let status = if d.has_errors() {
        Status::Found
    } else {
        Status::Clean
    };
    // The process ends here: freeing a large database item by item (hundreds of
    // thousands of small allocations) would only delay the exit.
    std::mem::forget(loaded);
    Ok(status)
}

/// More diagnostics than this fill more than a screen: then the report ends with what
/// they come to ([`in_short`]), the part of a long report a person reads.
const LONG: usize = 12;

/// How many sessions the overview names.
const SESSIONS_NAMED: usize = 5;

/// The findings in a few lines: each kind with how many, where and whom, then the
/// sessions with the most.
///
/// ```text
/// in short, the checks found 30256 warnings:
///   29998 person-clash in 100 sessions, 1000 people
///     258 room-clash in 92 sessions
///   most in s30 (408), s75 (389), s27 (376), s85 (362), s4 (360); 95 more sessions
/// ```
fn in_short(o: &Overview, found: usize) -> String {
    let mut text = format!("in short, the checks found {}:\n", plural(found, "warning"));
    let width = o.kinds.first().map_or(1, |k| k.findings.to_string().len());
    for k in &o.kinds {
        let whom = match k.people {
            0 => String::new(),
            1 => ", 1 person".to_string(),
            n => format!(", {n} people"),
        };
        text.push_str(&format!(
            "  {:>width$} {} in {}{whom}\n",
            k.findings,
            k.kind.name(),
            plural(k.sessions, "session")
        ));
    }
    let named: Vec<String> = o
        .sessions
        .iter()
        .take(SESSIONS_NAMED)
        .map(|(s, n)| format!("{} ({n})", printable(s)))
        .collect();
    if !named.is_empty() {
        text.push_str(&format!("  most in {}", named.join(", ")));
        let more = o.sessions.len().saturating_sub(SESSIONS_NAMED);
        if more > 0 {
            text.push_str(&format!("; {}", plural(more, "more session")));
        }
        text.push('\n');
    }
    text.push('\n');
    text
}

/// "0 errors, 30256 warnings (shown as 2100: attache check --all lists each)": the
/// count of every finding, and of what was shown when some were grouped.
fn summary(d: &Diagnostics, grouped_away: usize) -> String {
    let errors = d.errors().count();
    let shown = d.items.len() - errors;
    let warnings = shown + grouped_away;
    let mut line = format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    );
    if grouped_away > 0 {
        line.push_str(&format!(
            " (shown as {shown}, each group counted in one: attache check --all lists each)"
        ));
    }
    line + "\n"
}
