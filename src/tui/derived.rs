//! What the screens show, computed once after each change rather than on every frame:
//! the rows of each list (as ids, so that building them is cheap even for a very large
//! database) and the problems, each tied to the item it is about.
//!
//! Nothing here decides what is a problem: the problems are the loader's diagnostics,
//! the validation of the edited database and the planning checks
//! ([`crate::planning::checks`]).

// foldhash, not SipHash: the index hashes every finding's ids at each change.
use foldhash::{HashMap, HashMapExt, HashSet};

use chrono::NaiveDate;

use crate::diag::{Diagnostic, FileId, Severity, Span};
use crate::model::{Database, MeetingId, Origin, PersonId, SectionId, SessionId};
use crate::planning::checks::Finding;

/// The item a problem is about, to jump to it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Target {
    None,
    Session(SessionId),
    Person(PersonId),
    /// A delegate, or their travel or stay, in a session's plan.
    Delegate {
        session: SessionId,
        person: PersonId,
    },
    Meeting {
        session: SessionId,
        id: MeetingId,
    },
    /// Somewhere in a plan file, not in one item.
    Plan(SessionId),
}

impl Target {
    pub fn session(&self) -> Option<&SessionId> {
        match self {
            Target::Session(s)
            | Target::Delegate { session: s, .. }
            | Target::Meeting { session: s, .. }
            | Target::Plan(s) => Some(s),
            Target::None | Target::Person(_) => None,
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Target::None => "nothing: fix it in the file".into(),
            Target::Session(s) => format!("session {s}"),
            Target::Person(p) => format!("person {p}"),
            Target::Delegate { session, person } => {
                format!("{person} in the delegation to {session}")
            }
            Target::Meeting { id, .. } => format!("meeting {id}"),
            Target::Plan(s) => format!("the plan for {s}"),
        }
    }
}

/// A problem as the Problems screen lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub said: Said,
    pub target: Target,
    /// Whether it is a clash between meetings (drawn in red on the timeline).
    pub clash: bool,
}

/// What a problem says: a file's diagnostic, or a finding of the planning checks,
/// whose words are made when the problem is shown (a dense plan has tens of thousands
/// of clashes, and a frame shows a screenful).
#[derive(Debug, Clone, PartialEq)]
pub enum Said {
    Diagnostic(Diagnostic),
    /// Shared with the workspace's analysis.
    Finding(std::sync::Arc<Finding>),
}

impl Problem {
    /// Its message, place and help.
    pub fn diagnostic(&self) -> std::borrow::Cow<'_, Diagnostic> {
        match &self.said {
            Said::Diagnostic(d) => std::borrow::Cow::Borrowed(d),
            Said::Finding(f) => f.diagnostic(),
        }
    }

    pub fn severity(&self) -> Severity {
        match &self.said {
            Said::Diagnostic(d) => d.severity,
            Said::Finding(f) => f.severity(),
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity() == Severity::Error
    }

    /// The people it involves (a finding's), for marking.
    pub fn people(&self) -> &[PersonId] {
        match &self.said {
            Said::Finding(f) => &f.people,
            Said::Diagnostic(_) => &[],
        }
    }

    /// The meetings it involves (a finding's), for marking.
    pub fn meetings(&self) -> &[MeetingId] {
        match &self.said {
            Said::Finding(f) => &f.meetings,
            Said::Diagnostic(_) => &[],
        }
    }
}

/// The problems only a reading of the files changes: every diagnostic of the load
/// but the plan warnings, which the workspace's analysis keeps up to date edit by edit
/// (they carry a code). Computed once per reading, with the item each is about.
pub fn static_problems(ws: &crate::workspace::Workspace, config: &[String]) -> Vec<Problem> {
    let loaded = ws.loaded();
    let index = ItemIndex::new(&loaded.db);
    let files = loaded
        .diagnostics
        .items
        .iter()
        .filter(|d| d.about.is_none())
        .map(|d| Problem {
            target: d
                .span
                .as_ref()
                .map_or(Target::None, |s| match index.locate(s) {
                    Target::None => plan_of_file(loaded, s).unwrap_or(Target::None),
                    found => found,
                }),
            said: Said::Diagnostic(d.clone()),
            clash: false,
        });
    // The configuration's problems stay listed, every one, not only said once.
    let config = config.iter().map(|m| Problem {
        target: Target::None,
        said: Said::Diagnostic(crate::diag::Diagnostic::warning(format!("config: {m}"))),
        clash: false,
    });
    files.chain(config).collect()
}

/// The session of a plan file that could not be read (`plan/<session>.toml`), for a
/// problem in it: it is about that session's plan, not about "files".
fn plan_of_file(loaded: &crate::store::Loaded, span: &Span) -> Option<Target> {
    let session = crate::model::Plan::session_of(loaded.sources.path(span.file))?;
    let id = loaded.db.sessions.get_key_value(session)?.0;
    Some(Target::Plan(id.clone()))
}

/// A finding of the analysis as the Problems screen lists it: about its first
/// meeting, else its first person, else its session.
fn finding_problem(f: std::sync::Arc<Finding>) -> Problem {
    let target = match (f.meetings.first(), f.people.first()) {
        (Some(m), _) => Target::Meeting {
            session: f.session.clone(),
            id: m.clone(),
        },
        (None, Some(p)) => Target::Delegate {
            session: f.session.clone(),
            person: p.clone(),
        },
        (None, None) => Target::Session(f.session.clone()),
    };
    Problem {
        clash: f.kind.is_clash(),
        said: Said::Finding(f),
        target,
    }
}

/// The problems looked up by what they are about, built once per change so that a
/// frame never scans the whole list (a large plan can have many findings).
#[derive(Debug, Default)]
pub struct ProblemIndex {
    /// (errors, warnings) per session.
    pub by_session: HashMap<SessionId, (usize, usize)>,
    /// Indices of the problems about each person, by session.
    pub by_delegate: HashMap<SessionId, HashMap<PersonId, Vec<usize>>>,
    /// Indices of the problems about each meeting.
    pub by_meeting: HashMap<MeetingId, Vec<usize>>,
    /// Meetings in a clash.
    pub clashing: HashSet<MeetingId>,
    pub errors: usize,
    /// The widest session id among the problems ("files" for the others), in cells:
    /// the Problems list's column, measured once per change rather than each frame.
    pub session_width: usize,
}

impl ProblemIndex {
    /// Ids are copied only for a key not yet in a map: a dense plan has tens of
    /// thousands of findings about a few thousand people and meetings.
    pub fn new(problems: &[Problem]) -> Self {
        let mut ix = ProblemIndex::default();
        for (i, p) in problems.iter().enumerate() {
            let session = p.target.session().map_or("files", |s| s.as_str());
            ix.session_width = ix.session_width.max(crate::tui::widgets::width(session));
            let error = p.is_error();
            if error {
                ix.errors += 1;
            }
            if let Some(s) = p.target.session() {
                let bump = |c: &mut (usize, usize)| {
                    if error {
                        c.0 += 1;
                    } else {
                        c.1 += 1;
                    }
                };
                match ix.by_session.get_mut(s) {
                    Some(c) => bump(c),
                    None => {
                        let mut c = (0, 0);
                        bump(&mut c);
                        ix.by_session.insert(s.clone(), c);
                    }
                }
                let mut people: Vec<&PersonId> = p.people().iter().collect();
                if let Target::Delegate { person, .. } = &p.target
                    && !people.contains(&person)
                {
                    people.push(person);
                }
                if !ix.by_delegate.contains_key(s) {
                    ix.by_delegate.insert(s.clone(), HashMap::default());
                }
                if let Some(of_session) = ix.by_delegate.get_mut(s) {
                    for person in people {
                        match of_session.get_mut(person) {
                            Some(list) => list.push(i),
                            None => {
                                of_session.insert(person.clone(), vec![i]);
                            }
                        }
                    }
                }
            }
            let mut meetings: Vec<&MeetingId> = p.meetings().iter().collect();
            if let Target::Meeting { id, .. } = &p.target
                && !meetings.contains(&id)
            {
                meetings.push(id);
            }
            for m in meetings {
                match ix.by_meeting.get_mut(m) {
                    Some(list) => list.push(i),
                    None => {
                        ix.by_meeting.insert(m.clone(), vec![i]);
                    }
                }
                if p.clash && !ix.clashing.contains(m) {
                    ix.clashing.insert(m.clone());
                }
            }
        }
        ix
    }
}

/// What the checks found in the database as it is now: the planning checks'
/// findings and every problem, indexed. Recomputed only when the database changes;
/// each screen's rows are its own (see [`crate::tui::screens`]).
#[derive(Debug, Default)]
pub struct Checks {
    /// The workspace's findings (the analysis holds them, by session) and the
    /// problems of the files, as the Problems screen lists them.
    pub problems: Vec<Problem>,
    pub index: ProblemIndex,
    /// The sessions whose plan file is there but could not be read
    /// ([`crate::store::unread_plans`]), for the Sessions list to say so on each row
    /// without looking through the files at every frame.
    pub unread_plans: HashSet<SessionId>,
}

impl Checks {
    /// The workspace's findings and the problems of the files, errors first.
    pub fn new(ws: &crate::workspace::Workspace, static_problems: &[Problem]) -> Self {
        let mut problems: Vec<Problem> = static_problems.to_vec();
        let loaded = ws.loaded();
        if loaded.diagnostics.has_errors() {
            // What `check` shows beside the files' errors, by the same rule.
            let findings = ws.analysis().findings().cloned().collect();
            let (kept, _) = crate::store::held_back::reliable(loaded, findings);
            problems.extend(
                kept.into_iter()
                    .map(|f| finding_problem(std::sync::Arc::new(f))),
            );
        } else {
            problems.extend(ws.analysis().shared().cloned().map(finding_problem));
        }
        problems.sort_by_key(|p| p.severity() == Severity::Warning);
        let index = ProblemIndex::new(&problems);
        let unread_plans = crate::store::unread_plans(ws.db(), &loaded.sources)
            .map(|(s, _)| SessionId::from(s))
            .collect();
        Checks {
            problems,
            index,
            unread_plans,
        }
    }

    /// (errors, warnings) about a session (for the Sessions detail pane).
    pub fn session_problems(&self, session: &str) -> (usize, usize) {
        self.index
            .by_session
            .get(session)
            .copied()
            .unwrap_or_default()
    }

    /// The problems about a delegate of a session.
    pub fn delegate_problems(&self, session: &str, person: &str) -> Vec<&Problem> {
        self.index
            .by_delegate
            .get(session)
            .and_then(|of_session| of_session.get(person))
            .map(|ix| ix.iter().filter_map(|i| self.problems.get(*i)).collect())
            .unwrap_or_default()
    }

    /// The problems about a meeting.
    pub fn meeting_problems(&self, id: &str) -> Vec<&Problem> {
        self.index
            .by_meeting
            .get(id)
            .map(|ix| ix.iter().filter_map(|i| self.problems.get(*i)).collect())
            .unwrap_or_default()
    }
}

/// The status line after an edit, an undo or a redo: what it did to the clashes, the
/// news first (the description can be long), since the ‼ marks are easy to miss.
/// Clashes are told apart by the workspace (by kind and subject, not by words).
pub fn change_summary(outcome: &crate::workspace::Outcome) -> String {
    let d = &outcome.description;
    let new: Vec<&Finding> = outcome
        .findings
        .new
        .iter()
        .filter(|f| f.kind.is_clash())
        .collect();
    let gone = outcome
        .findings
        .resolved
        .iter()
        .filter(|f| f.kind.is_clash())
        .count();
    let who = |f: &Finding| {
        let who = if f.people.is_empty() {
            f.meetings.join(" and ")
        } else {
            f.people.join(", ")
        };
        crate::text::printable(&who).into_owned()
    };
    // An undo brings back what the edit had fixed: said so, not as something new.
    let back = d.starts_with("undone:");
    match (new.first(), gone) {
        (Some(first), _) if new.len() == 1 && back => {
            format!("‼ the clash is back ({}) · {d}", who(first))
        }
        (Some(first), _) if back => {
            format!(
                "‼ {} clashes are back ({}, ...) · {d}",
                new.len(),
                who(first)
            )
        }
        (Some(first), _) if new.len() == 1 => format!("‼ new clash ({}) · {d}", who(first)),
        (Some(first), _) => format!("‼ {} new clashes ({}, ...) · {d}", new.len(), who(first)),
        (None, 0) => d.clone(),
        (None, 1) => format!("{d} · a clash is resolved"),
        (None, n) => format!("{d} · {n} clashes are resolved"),
    }
}

/// Where each item of the database was read, to tell which item a span points into.
struct ItemIndex {
    /// Per file: (start, end, target), sorted by start.
    items: HashMap<FileId, Vec<(usize, usize, Target)>>,
    /// Plan files, for a span in a plan outside any item.
    plans: HashMap<FileId, SessionId>,
}

impl ItemIndex {
    fn new(db: &Database) -> Self {
        let mut items: HashMap<FileId, Vec<(usize, usize, Target)>> = HashMap::new();
        // An item spans its table header and every key it was read with.
        let mut add = |o: &Origin, t: Target| {
            let Some(f) = o.file else {
                return;
            };
            let ranges = || o.table.iter().cloned().chain(o.ranges());
            let start = ranges().map(|r| r.start).min();
            let end = ranges().map(|r| r.end).max();
            if let (Some(s), Some(e)) = (start, end) {
                items.entry(f).or_default().push((s, e, t));
            }
        };
        for s in db.sessions.values() {
            add(&s.origin, Target::Session(s.id.clone()));
        }
        for p in db.people.values() {
            add(&p.origin, Target::Person(p.id.clone()));
        }
        let mut plans = HashMap::new();
        for plan in db.plans.values() {
            let session = &plan.session;
            if let Some(f) = plan.origin.file {
                plans.insert(f, session.clone());
            }
            let delegate = |person: &PersonId| Target::Delegate {
                session: session.clone(),
                person: person.clone(),
            };
            for d in &plan.delegates {
                add(&d.origin, delegate(&d.person));
            }
            for t in &plan.travel {
                add(&t.origin, delegate(&t.person));
            }
            for s in &plan.stays {
                add(&s.origin, delegate(&s.person));
            }
            for m in &plan.meetings {
                add(
                    &m.origin,
                    Target::Meeting {
                        session: session.clone(),
                        id: m.id.clone(),
                    },
                );
            }
        }
        for v in items.values_mut() {
            v.sort_by_key(|(s, e, _)| (*s, std::cmp::Reverse(*e)));
        }
        Self { items, plans }
    }

    fn locate(&self, span: &Span) -> Target {
        let pos = span.range.start;
        if let Some(list) = self.items.get(&span.file) {
            let i = list.partition_point(|(s, _, _)| *s <= pos);
            // The innermost item starting at or before pos that contains it.
            for (s, e, t) in list[..i].iter().rev().take(8) {
                if *s <= pos && pos < (*e).max(s + 1) {
                    return t.clone();
                }
            }
        }
        match self.plans.get(&span.file) {
            Some(s) => Target::Plan(s.clone()),
            None => Target::None,
        }
    }
}

/// A row of the Sessions list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionRow {
    Session(SessionId),
    /// The line between upcoming sessions and past ones.
    PastHeading,
}

/// A row of a list grouped by section (Delegation, People).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupRow {
    Section(SectionId),
    Person(PersonId),
}

/// A row of the Agenda list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgendaRow {
    Day(NaiveDate),
    Meeting(MeetingId),
}

pub fn session_rows(db: &Database, today: NaiveDate, body: Option<&str>) -> Vec<SessionRow> {
    let mut rows = Vec::new();
    let mut past = false;
    for s in db.sessions_by_date(today) {
        if body.is_some_and(|b| !s.body.eq_ignore_ascii_case(b)) {
            continue;
        }
        if !s.is_upcoming(today) && !past {
            rows.push(SessionRow::PastHeading);
            past = true;
        }
        rows.push(SessionRow::Session(s.id.clone()));
    }
    rows
}

/// The bodies (CND, CCPCJ...) in order of first appearance.
pub fn bodies(db: &Database) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in db.sessions.values() {
        if !out.iter().any(|b| b.eq_ignore_ascii_case(&s.body)) {
            out.push(s.body.clone());
        }
    }
    out
}

/// The delegation of a session, grouped by section in the sections' file order.
pub fn delegation_rows(db: &Database, session: Option<&SessionId>) -> Vec<GroupRow> {
    let Some(plan) = session.and_then(|s| db.plans.get(s)) else {
        return Vec::new();
    };
    let section_of = |person: &str| {
        db.people
            .get(person)
            .map(|p| p.section.clone())
            .unwrap_or_default()
    };
    // The head's section first, then the others in file order; in each, by role (the
    // head first), then as written.
    let head_section = crate::items::delegate::heads(&plan.delegates)
        .next()
        .map(|h| section_of(&h.person));
    let order = |section: &SectionId| match db.sections.get_index_of(section.as_str()) {
        _ if head_section.as_ref() == Some(section) => 0,
        Some(i) => i + 1,
        None => usize::MAX,
    };
    let mut delegates: Vec<(usize, SectionId, crate::model::Role, usize, &PersonId)> = plan
        .delegates
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let sec = section_of(&d.person);
            (order(&sec), sec, d.role, i, &d.person)
        })
        .collect();
    delegates.sort();
    let mut rows = Vec::new();
    let mut last: Option<SectionId> = None;
    for (_, sec, _, _, person) in delegates {
        if last.as_ref() != Some(&sec) {
            rows.push(GroupRow::Section(sec.clone()));
            last = Some(sec);
        }
        rows.push(GroupRow::Person(person.clone()));
    }
    rows
}

/// People grouped by section; with a query, only those it matches (fuzzy), the
/// sections with the best match first and the best matches first within each.
pub fn people_rows(db: &Database, query: &str) -> Vec<GroupRow> {
    let mut matcher = Fuzzy::new(query);
    // (section order, score, person order, section, id)
    let mut hits: Vec<(usize, u32, usize, &str, &str)> = Vec::new();
    for (i, p) in db.people.values().enumerate() {
        let section_name = db.sections.get(&p.section).map_or("", |s| s.name.as_str());
        let hay = format!(
            "{} {} {} {}",
            p.name,
            p.id,
            section_name,
            p.position.as_deref().unwrap_or("")
        );
        let Some(score) = matcher.score(&hay) else {
            continue;
        };
        let order = db.sections.get_index_of(&p.section).unwrap_or(usize::MAX);
        hits.push((order, score, i, p.section.as_str(), p.id.as_str()));
    }
    if query.trim().is_empty() {
        hits.sort_by_key(|h| (h.0, h.3, h.2));
    } else {
        let mut best: HashMap<&str, u32> = HashMap::new();
        for h in &hits {
            let b = best.entry(h.3).or_default();
            *b = (*b).max(h.1);
        }
        hits.sort_by_key(|h| {
            (
                std::cmp::Reverse(best[h.3]),
                h.0,
                h.3,
                std::cmp::Reverse(h.1),
                h.2,
            )
        });
    }
    let mut rows = Vec::new();
    let mut last: Option<&str> = None;
    for (_, _, _, sec, id) in hits {
        if last != Some(sec) {
            rows.push(GroupRow::Section(sec.into()));
            last = Some(sec);
        }
        rows.push(GroupRow::Person(id.into()));
    }
    rows
}

/// A session's meetings day by day, in time order.
pub fn agenda_rows(db: &Database, session: Option<&SessionId>) -> Vec<AgendaRow> {
    let Some(plan) = session.and_then(|s| db.plans.get(s)) else {
        return Vec::new();
    };
    let mut meetings: Vec<_> = plan.meetings.iter().collect();
    meetings.sort_by(|a, b| (a.start, a.end, &a.id).cmp(&(b.start, b.end, &b.id)));
    let mut rows = Vec::new();
    let mut day = None;
    for m in meetings {
        if day != Some(m.start.date()) {
            day = Some(m.start.date());
            rows.push(AgendaRow::Day(m.start.date()));
        }
        rows.push(AgendaRow::Meeting(m.id.clone()));
    }
    rows
}

/// A fuzzy matcher for one query (nucleo's, as helix uses): case-insensitive and
/// accent-insensitive, so "arber" finds "Arbër". An empty query matches everything.
///
/// What holds the query as typed ranks first: fuzzy scores alone put "Meeting 48
/// (with Organization 427)" above "Meeting 427" for "meeting 427", and "Meeting 0"
/// above "Meeting 4" for "meeting 4".
pub struct Fuzzy {
    matcher: nucleo_matcher::Matcher,
    pattern: nucleo_matcher::pattern::Pattern,
    empty: bool,
    /// The query as typed, lower-case, when it is plain ASCII (the common case, and
    /// one a byte comparison settles); `None` otherwise.
    literal: Option<Vec<u8>>,
    buf: Vec<char>,
}

/// Added to the score of a match that holds the query as typed, and again when it
/// holds it as whole words: more than any fuzzy score of a short text.
const AS_TYPED: u32 = 1_000;

impl Fuzzy {
    pub fn new(query: &str) -> Self {
        use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
        let typed = query.trim();
        Self {
            matcher: nucleo_matcher::Matcher::new(nucleo_matcher::Config::DEFAULT),
            pattern: Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart),
            empty: typed.is_empty(),
            literal: typed
                .is_ascii()
                .then(|| typed.to_ascii_lowercase().into_bytes()),
            buf: Vec::new(),
        }
    }

    pub fn score(&mut self, haystack: &str) -> Option<u32> {
        if self.empty {
            return Some(0);
        }
        let hay = nucleo_matcher::Utf32Str::new(haystack, &mut self.buf);
        let fuzzy = self.pattern.score(hay, &mut self.matcher)?;
        let typed = self
            .literal
            .as_deref()
            .map_or(0, |l| as_typed(haystack.as_bytes(), l));
        Some(fuzzy.saturating_add(typed))
    }
}

/// [`AS_TYPED`] once if `hay` holds `needle` (lower-case ASCII) in any case, twice
/// if it holds it as whole words (nothing alphanumeric just before or after).
fn as_typed(hay: &[u8], needle: &[u8]) -> u32 {
    if needle.is_empty() || hay.len() < needle.len() {
        return 0;
    }
    let word = |i: Option<&u8>| !i.is_some_and(u8::is_ascii_alphanumeric);
    let mut best = 0;
    for (at, w) in hay.windows(needle.len()).enumerate() {
        if w.eq_ignore_ascii_case(needle) {
            best = AS_TYPED;
            let before = at.checked_sub(1).and_then(|b| hay.get(b));
            if word(before) && word(hay.get(at + needle.len())) {
                return 2 * AS_TYPED;
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{self, DbSource};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    /// The head's section comes first, the head first in it, whatever the order of
    /// the sections in the file.
    #[test]
    fn the_head_is_listed_first() {
        let mut db = crate::tui::testing::sample(today()).db;
        let plan = std::sync::Arc::make_mut(db.plans.get_mut("cnd-70").unwrap());
        let last = plan.delegates.len() - 1;
        for d in plan.delegates.iter_mut() {
            d.role = crate::model::Role::Delegate;
        }
        plan.delegates[last].role = crate::model::Role::Head;
        let head = plan.delegates[last].person.clone();
        let rows = delegation_rows(&db, Some(&"cnd-70".into()));
        assert!(matches!(&rows[0], GroupRow::Section(_)));
        assert_eq!(rows[1], GroupRow::Person(head));
    }

    #[test]
    fn fuzzy_ignores_case_and_accents() {
        let mut f = Fuzzy::new("arber");
        assert!(f.score("Arbër Shembulli").is_some());
        // The query as typed first, as whole words before inside a longer word.
        let mut f = Fuzzy::new("meeting 427");
        let exact = f.score("Meeting 427 m-427 Organization 12");
        let scattered = f.score("Meeting 48 m-48 Organization 427");
        assert!(exact > scattered, "{exact:?} {scattered:?}");
        let mut f = Fuzzy::new("Meeting 4");
        let four = f.score("Meeting 4 m-4");
        let forty = f.score("Meeting 40 m-40");
        let zero = f.score("Meeting 0 m-0");
        assert!(four > forty && forty > zero, "{four:?} {forty:?} {zero:?}");
        assert!(f.score("Marco").is_none());
        assert!(Fuzzy::new("").score("x").is_some());
    }

    /// The Problems screen shows what loading reported: one error per mistake, not
    /// the cascade a validation without the files' declarations would add.
    #[test]
    fn a_typo_in_a_zone_is_one_problem_not_one_per_session() {
        let files = crate::tui::testing::sample_files()
            .into_iter()
            .map(|mut f| {
                if f.path == std::path::Path::new("venues.toml") {
                    let text = String::from_utf8(f.bytes).unwrap();
                    f.bytes = text
                        .replacen("Europe/Vienna", "Europe/Viena", 1)
                        .into_bytes();
                }
                f
            })
            .collect();
        let loaded = store::load_files(DbSource::Embedded, files, today());
        let ws = crate::workspace::Workspace::from_loaded(loaded, today());
        let ps = Checks::new(&ws, &static_problems(&ws, &[])).problems;
        let errors: Vec<String> = ps
            .iter()
            .filter(|p| p.is_error())
            .map(|p| p.diagnostic().message.clone())
            .collect();
        assert_eq!(
            errors,
            vec!["unknown time zone \"Europe/Viena\" in venue \"vic\""]
        );
        // A shared file is broken: the plans' warnings wait, as in `attache check`.
        let warnings: Vec<String> = ps
            .iter()
            .filter(|p| !p.is_error())
            .map(|p| p.diagnostic().message.clone())
            .collect();
        assert!(
            !warnings
                .iter()
                .any(|w| w.contains("no hotel for the night")),
            "{warnings:?}"
        );
    }

    #[test]
    fn problems_point_at_items() {
        let loaded = crate::tui::testing::sample(today());
        assert!(!loaded.diagnostics.has_errors());
        let ws = crate::workspace::Workspace::from_loaded(loaded, today());
        let ps = Checks::new(&ws, &static_problems(&ws, &[])).problems;

        assert!(ps.iter().any(|p| p.clash));
        assert!(ps.len() >= ws.loaded().diagnostics.items.len());
        assert!(
            ps.iter()
                .any(|p| p.target == Target::Session("cnd-70".into()))
        );
        assert!(ps.iter().any(|p| p.target
            == Target::Meeting {
                session: "cnd-70".into(),
                id: "cnd70-briefing".into()
            }));
    }

    #[test]
    fn rows() {
        let loaded = crate::tui::testing::sample(today());
        let db = &loaded.db;
        let s = session_rows(db, today(), None);
        assert!(s.contains(&SessionRow::PastHeading));
        let cnd = session_rows(db, today(), Some("cnd"));
        assert!(cnd.len() < s.len());
        let d = delegation_rows(db, Some(&"cnd-70".into()));
        assert_eq!(
            d.iter()
                .filter(|r| matches!(r, GroupRow::Person(_)))
                .count(),
            6
        );
        assert!(matches!(d[0], GroupRow::Section(_)));
        let a = agenda_rows(db, Some(&"cnd-70".into()));
        assert_eq!(
            a[0],
            AgendaRow::Day(NaiveDate::from_ymd_opt(2027, 3, 7).unwrap())
        );
        let p = people_rows(db, "shembulli");
        assert_eq!(p.len(), 2, "{p:?}");
        let p = people_rows(db, "must");
        assert_eq!(
            p[1],
            GroupRow::Person("mustermann".into()),
            "best match first: {p:?}"
        );
    }
}
