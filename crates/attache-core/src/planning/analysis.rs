//! Every finding about the plans (the planning checks and the plans' warnings from
//! validation), kept up to date edit by edit.
//!
//! After an edit only the sessions it touched are checked again: their plans' own
//! checks, and the clashes of the people and rooms busy in them (swept over every
//! plan, so that a clash with another session is still found). At 50,000 meetings a
//! full analysis takes tens of milliseconds; an edit's takes about one.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use chrono::NaiveDate;

use crate::diag::Diagnostics;
use crate::model::{Database, MeetingId, PersonId, SessionId};
use crate::planning::checks::{self, Finding, FindingKind, Touched};

/// The findings of a database as it is now, by the session each is listed under.
/// Each is shared (`Arc`): a front end lists them all (the terminal's Problems) and
/// keeps them at the cost of a count, not of a copy.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    today: NaiveDate,
    by_session: BTreeMap<SessionId, Vec<Arc<Finding>>>,
    len: usize,
    /// When each plan's items happen ([`checks::window`]), to read after an edit only
    /// the plans that can clash with the edited ones.
    windows: HashMap<SessionId, Window>,
}

type Window = Option<(chrono::NaiveDateTime, chrono::NaiveDateTime)>;

/// What an edit changed in the findings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Delta {
    /// Findings the edit made.
    pub new: Vec<Finding>,
    /// Findings the edit resolved.
    pub resolved: Vec<Finding>,
    /// What finding them took.
    pub work: Work,
}

/// How much an update compared, counted rather than timed so that a test can hold it
/// to the size of the data (a former version compared the messages of every new
/// finding with every old one: at 1,000,000 meetings, one edit took 16 minutes).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Work {
    /// The touched sessions' findings before and after the edit: what is compared.
    pub findings: usize,
    /// Findings compared: keyed to tell new from resolved, and compared while
    /// sorting each session's list.
    pub compared: usize,
    /// Intervals the clash sweep compared.
    pub intervals: usize,
}

/// What tells one finding from another, whatever its words: its kind and whom and
/// what it concerns. A finding names at most two meetings (a clash), taken in either
/// order: the same clash whichever starts first (a resize can swap them in the sweep).
type Key<'a> = (
    FindingKind,
    &'a [SessionId],
    &'a [PersonId],
    (Option<&'a str>, Option<&'a str>),
);

fn key(f: &Finding) -> Key<'_> {
    let (a, b) = (
        f.meetings.first().map(MeetingId::as_str),
        f.meetings.get(1).map(MeetingId::as_str),
    );
    let meetings = if b.is_some() && b < a { (b, a) } else { (a, b) };
    (f.kind, &f.sessions, &f.people, meetings)
}

impl Analysis {
    /// Analyse the whole database as of `today`.
    pub fn new(db: &Database, today: NaiveDate) -> Self {
        let mut a = Analysis {
            today,
            ..Analysis::default()
        };
        let (all, _) = findings(db, today, None);
        a.insert(all);
        a.windows = db
            .plans
            .values()
            .map(|p| (p.session.clone(), checks::window(p)))
            .collect();
        a
    }

    pub fn today(&self) -> NaiveDate {
        self.today
    }

    /// Every finding, session by session, in a stable order.
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.shared().map(|f| &**f)
    }

    /// [`Analysis::findings`], each to keep.
    pub fn shared(&self) -> impl Iterator<Item = &Arc<Finding>> {
        self.by_session.values().flatten()
    }

    /// The findings listed under one session.
    pub fn of_session(&self, session: &str) -> &[Arc<Finding>] {
        self.by_session.get(session).map_or(&[], Vec::as_slice)
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Bring the analysis up to date after an edit of `sessions` (now as in `db`), and
    /// say which findings appeared and which went.
    pub fn update<'a>(
        &mut self,
        db: &Database,
        sessions: impl IntoIterator<Item = &'a str>,
    ) -> Delta {
        let sessions: BTreeSet<&str> = sessions.into_iter().collect();
        if sessions.is_empty() {
            return Delta::default();
        }
        for s in &sessions {
            let w = db.plans.get(*s).and_then(|p| checks::window(p));
            self.windows.insert(SessionId::from(*s), w);
        }
        let near = near(&self.windows, &sessions);
        let touched = Touched::new(db, sessions.iter().copied()).within(near);
        let mut old = Vec::new();
        for (s, list) in &mut self.by_session {
            if touched.sessions.contains(s.as_str()) {
                old.append(list);
            } else if list.iter().any(|f| f.sessions.len() > 1) {
                let (gone, kept) = std::mem::take(list)
                    .into_iter()
                    .partition(|f| f.sessions.iter().any(|s| sessions.contains(s.as_str())));
                *list = kept;
                old.extend::<Vec<Arc<Finding>>>(gone);
            }
        }
        let (new, intervals) = findings(db, self.today, Some(&touched));
        let mut delta = diff(&old, &new);
        delta.work.findings = old.len() + new.len();
        delta.work.intervals = intervals;
        self.len -= old.len();
        delta.work.compared += self.insert(new);
        self.by_session.retain(|_, list| !list.is_empty());
        delta
    }

    /// Add findings to their sessions' lists, kept in [`order`]; returns the number of
    /// comparisons the sorting made. Each list grows once, by what it gains: tens of
    /// thousands of findings are not pushed one by one into lists that double.
    fn insert(&mut self, found: Vec<Finding>) -> usize {
        self.len += found.len();
        let mut compared = 0;
        let mut found: Vec<Arc<Finding>> = found.into_iter().map(Arc::new).collect();
        // Stable: a session's findings keep the order they were found in.
        found.sort_by(|a, b| {
            compared += 1;
            a.session.cmp(&b.session)
        });
        // Session by session from the end: each run drained into a list of its size.
        while let Some(last) = found.last() {
            let session = last.session.clone();
            let start = found
                .iter()
                .rposition(|f| f.session != session)
                .map_or(0, |i| i + 1);
            let mut run: Vec<Arc<Finding>> = found.drain(start..).collect();
            let list = self.by_session.entry(session).or_default();
            if list.is_empty() {
                *list = run;
            } else {
                list.reserve_exact(run.len());
                list.append(&mut run);
            }
            list.sort_by(|a, b| {
                compared += 1;
                order(a).cmp(&order(b))
            });
        }
        compared
    }
}

/// The plans whose windows meet a touched plan's (the touched ones included).
fn near<'a>(
    windows: &'a HashMap<SessionId, Window>,
    sessions: &BTreeSet<&'a str>,
) -> HashSet<&'a str> {
    let touched: Vec<(chrono::NaiveDateTime, chrono::NaiveDateTime)> = sessions
        .iter()
        .filter_map(|s| windows.get(*s).copied().flatten())
        .collect();
    let mut near: HashSet<&str> = sessions.iter().copied().collect();
    for (s, w) in windows {
        if let Some((a, b)) = w
            && touched.iter().any(|(c, d)| a <= d && c <= b)
        {
            near.insert(s.as_str());
        }
    }
    near
}

/// The order of findings within a session: clashes first, then by kind, people and
/// meetings (the same whether found by a full analysis or after an edit).
fn order(f: &Finding) -> (bool, Key<'_>) {
    (!f.kind.is_clash(), key(f))
}

/// The findings of the whole database, or only those involving the touched sessions,
/// with the number of intervals the clash sweep compared.
fn findings(db: &Database, today: NaiveDate, touched: Option<&Touched>) -> (Vec<Finding>, usize) {
    let clashes = checks::clashes_in(db, touched);
    let mut out = clashes.findings;
    for plan in db.plans.values() {
        if touched.is_some_and(|t| !t.sessions.contains(plan.session.as_str())) {
            continue;
        }
        checks::check_plan(db, plan, today, &mut out);
        let mut diags = Diagnostics::default();
        crate::validate::validate_plan(db, plan, &mut diags);
        out.extend(diags.items.into_iter().filter_map(|d| {
            let about = d.about.as_deref()?.clone();
            Some(Finding {
                kind: about.code,
                session: plan.session.clone(),
                sessions: vec![plan.session.clone()],
                people: about.people,
                meetings: about.meetings,
                said: d.into(),
            })
        }));
    }
    for session in db.sessions.values() {
        if touched.is_none_or(|t| t.sessions.contains(session.id.as_str())) {
            out.extend(checks::calendar(db, session, today));
        }
    }
    (out, clashes.comparisons)
}

/// The findings in `new` and not in `old`, and the other way round, counting repeats:
/// each finding is keyed a fixed number of times and looked up in a hash map, so the
/// work is linear in the findings, however many the touched sessions have.
fn diff(old: &[Arc<Finding>], new: &[Finding]) -> Delta {
    let mut delta = Delta::default();
    let mut keyed = |f| {
        delta.work.compared += 1;
        key(f)
    };
    let mut count: HashMap<Key, i64> = HashMap::new();
    for f in old {
        *count.entry(keyed(f)).or_default() += 1;
    }
    for f in new {
        *count.entry(keyed(f)).or_default() -= 1;
    }
    let (mut made, mut resolved) = (Vec::new(), Vec::new());
    for f in new {
        if let Some(c) = count.get_mut(&keyed(f))
            && *c < 0
        {
            *c += 1;
            made.push(f.clone());
        }
    }
    for f in old {
        if let Some(c) = count.get_mut(&keyed(f))
            && *c > 0
        {
            *c -= 1;
            resolved.push(Finding::clone(f));
        }
    }
    delta.new = made;
    delta.resolved = resolved;
    delta
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Role;
    use crate::planning::{DelegateChange, Editor, ops};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
    }

    fn keys(a: &Analysis) -> Vec<String> {
        let mut k: Vec<String> = a
            .findings()
            .map(|f| {
                format!(
                    "{:?} {:?} {:?} {:?}",
                    f.kind, f.sessions, f.people, f.meetings
                )
            })
            .collect();
        k.sort();
        k
    }

    /// After every edit, the analysis kept up to date edit by edit is the one a full
    /// analysis of the edited database gives, and its delta is the difference.
    #[test]
    fn updated_edit_by_edit_equals_a_full_analysis() {
        let db = crate::testdata::sample(today()).db;
        let mut editor = Editor::new(db);
        let mut analysis = Analysis::new(editor.db(), today());
        let ids: Vec<MeetingId> = editor
            .db()
            .plans
            .values()
            .flat_map(|p| p.meetings.iter().map(|m| m.id.clone()))
            .collect();
        let mut edits = 0;
        for (i, id) in ids.iter().enumerate() {
            let minutes = [30, -90, 24 * 60, 15][i % 4];
            let Ok(tx) = ops::move_meeting(editor.db(), id, minutes) else {
                continue;
            };
            let before = keys(&analysis);
            let tx = editor.apply(tx).unwrap().clone();
            let delta = analysis.update(editor.db(), tx.sessions());
            let full = Analysis::new(editor.db(), today());
            assert_eq!(keys(&analysis), keys(&full), "after moving {id}");
            assert_eq!(analysis.len(), full.len());
            let after = keys(&analysis);
            assert_eq!(
                delta.new.len() as i64 - delta.resolved.len() as i64,
                after.len() as i64 - before.len() as i64
            );
            edits += 1;
        }
        assert!(edits > 5, "only {edits} edits were tried");
    }

    /// Two meetings of one person starting together clash; lengthening the first
    /// swaps their order in the sweep, which is still the same clash: the edit reports
    /// it neither as new nor as resolved, and neither does its undo.
    #[test]
    fn a_clash_is_the_same_clash_whichever_meeting_comes_first() {
        let db = crate::testdata::sample(today()).db;
        let mut editor = Editor::new(db);
        let at = |h| {
            NaiveDate::from_ymd_opt(2027, 3, 10)
                .unwrap()
                .and_hms_opt(h, 0, 0)
                .unwrap()
        };
        for (id, end) in [("twin-a", 10), ("twin-b", 11)] {
            let meeting = crate::model::Meeting {
                id: id.into(),
                title: id.into(),
                with: None,
                kind: crate::model::MeetingKind::Bilateral,
                room: None,
                address: None,
                start: at(9),
                end: at(end),
                attendees: vec!["esempio".into()],
                status: crate::model::MeetingStatus::Confirmed,
                notes: None,
                revision: Default::default(),
                url: None,
                programme: None,
                moved_from: None,
                origin: Default::default(),
            };
            let tx = ops::add_meeting(editor.db(), &SessionId::from("cnd-70"), meeting).unwrap();
            editor.apply(tx).unwrap();
        }
        let mut analysis = Analysis::new(editor.db(), today());
        let tx = ops::resize_meeting(editor.db(), &MeetingId::from("twin-a"), 120).unwrap();
        let tx = editor.apply(tx).unwrap().clone();
        let delta = analysis.update(editor.db(), tx.sessions());
        assert!(
            delta.new.is_empty() && delta.resolved.is_empty(),
            "{delta:?}"
        );
        let tx = editor.undo().unwrap().clone();
        let delta = analysis.update(editor.db(), tx.sessions());
        assert!(
            delta.new.is_empty() && delta.resolved.is_empty(),
            "{delta:?}"
        );
    }

    #[test]
    fn an_edit_reports_the_clash_it_makes_and_undo_the_clash_it_resolves() {
        let db = crate::testdata::sample(today()).db;
        let mut editor = Editor::new(db);
        let mut analysis = Analysis::new(editor.db(), today());
        // Over the limit: an 11th delegate is a finding of validation, now typed.
        let people: Vec<PersonId> = editor.db().people.keys().cloned().collect();
        let mut over = None;
        for p in &people {
            let change = DelegateChange {
                role: Some(Role::Observer),
                ..DelegateChange::default()
            };
            let Ok(tx) = ops::assign(editor.db(), &"cnd-70".into(), p, change) else {
                continue;
            };
            let tx = editor.apply(tx).unwrap().clone();
            let delta = analysis.update(editor.db(), tx.sessions());
            if let Some(f) = delta.new.iter().find(|f| f.kind == FindingKind::OverLimit) {
                over = Some(f.clone());
                break;
            }
        }
        let over = over.expect("an 11th delegate is reported at once");
        assert_eq!(over.sessions, vec!["cnd-70".to_string()]);
        let tx = editor.undo().unwrap().clone();
        let delta = analysis.update(editor.db(), tx.sessions());
        assert!(
            delta
                .resolved
                .iter()
                .any(|f| f.kind == FindingKind::OverLimit),
            "{delta:?}"
        );
        assert!(delta.new.is_empty(), "{delta:?}");
    }
}
