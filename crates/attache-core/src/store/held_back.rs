//! Which planning findings can be trusted beside the files' errors, for `check` and
//! the TUI's Problems alike: a plan whose file has errors is half read, so its
//! warnings wait until they are fixed; an error in a shared file (venues, sessions,
//! sections, bodies, organization) holds every plan's warnings back.

use std::collections::HashSet;

use crate::diag::{Diagnostic, FileId};
use crate::planning::checks::Finding;
use crate::store::Loaded;

/// The findings worth showing beside the files' errors, and a note for each file
/// whose warnings wait for its errors to be fixed.
pub fn reliable(loaded: &Loaded, findings: Vec<Finding>) -> (Vec<Finding>, Vec<String>) {
    let errors: Vec<&Diagnostic> = loaded.diagnostics.errors().collect();
    if errors.is_empty() {
        return (findings, vec![]);
    }
    let broken: HashSet<FileId> = errors
        .iter()
        .filter_map(|d| d.span.as_ref().map(|s| s.file))
        .collect();
    let is_plan = |f: &FileId| loaded.sources.path(*f).starts_with(super::source::PLAN_DIR);
    let shared_broken = errors
        .iter()
        .any(|d| d.span.as_ref().is_none_or(|s| !is_plan(&s.file)));
    if shared_broken {
        let waiting = (!findings.is_empty()).then(|| {
            "the plans' warnings show once the errors in the shared files (venues, sessions, sections, bodies, organization) are fixed".to_string()
        });
        return (vec![], waiting.into_iter().collect());
    }
    let plan_ok = |session: &crate::ids::SessionId| {
        loaded
            .db
            .plans
            .get(session)
            .and_then(|p| p.origin.file)
            .is_none_or(|f| !broken.contains(&f))
    };
    let kept = findings
        .into_iter()
        .filter(|f| f.sessions.iter().all(plan_ok))
        .collect();
    let mut waiting: Vec<String> = broken
        .iter()
        .map(|f| {
            let path = loaded.sources.path(*f).display();
            format!("the plan warnings of {path} show once its errors are fixed")
        })
        .collect();
    waiting.sort();
    (kept, waiting)
}
