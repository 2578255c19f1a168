//! Clash and readiness checks: what a lead must see at once, each explained with the
//! people, items and times involved.
//!
//! Overlaps are found by sweeping intervals sorted by start time (O(n log n) plus the
//! overlaps reported), never by comparing every pair: a database may hold 50,000
//! meetings.

use std::collections::HashSet;

// foldhash, not SipHash, for the maps of who and which room is busy when: they hash
// every meeting of the database for each check, and no key is chosen by an attacker
// who could make them collide (the files are the user's own).
use foldhash::{HashMap, HashMapExt};
use rayon::prelude::*;

use chrono::{DateTime, NaiveDate, Utc};

use crate::diag::{Diagnostic, Span};
use crate::model::{
    Database, Meeting, MeetingId, PersonId, Plan, Session, SessionId, SessionStatus,
};
use crate::time::resolve_local;
use crate::time::{HourMinute, Minute};

/// The kinds of findings are the diagnostics' codes: one list of stable names for the
/// checks here and the plan warnings of validation.
pub use crate::diag::Code as FindingKind;

/// One thing found, with what it involves (for the TUI to highlight and jump to).
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub kind: FindingKind,
    /// The session it is listed under (for a clash across two sessions, the later).
    pub session: SessionId,
    /// Every session it involves, sorted: an edit of any of them may change it.
    pub sessions: Vec<SessionId>,
    pub people: Vec<PersonId>,
    pub meetings: Vec<MeetingId>,
    /// What it says ([`Finding::diagnostic`]).
    pub(crate) said: Said,
}

/// What a finding says: its diagnostic, or for a clash the facts its words are made
/// from when it is shown. A dense plan has tens of thousands of clashes, and a
/// grouped report shows a few thousand: the others' words are never made, nor held.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Said {
    Made(Box<Diagnostic>),
    Clash(Box<Clash>),
}

impl From<Diagnostic> for Said {
    fn from(d: Diagnostic) -> Self {
        Said::Made(Box::new(d))
    }
}

/// Two things at once: the person's (the finding's) or this room's.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Clash {
    /// The venue and room booked twice; `None` for a person.
    room: Option<(Box<str>, Box<str>)>,
    first: Side,
    second: Side,
    /// Where the second starts.
    span: Option<Span>,
}

/// One of the two things of a clash. A meeting's id is the finding's: the n-th meeting
/// side is its n-th meeting.
#[derive(Debug, Clone, PartialEq)]
enum Side {
    /// Local times at the venue, in its zone.
    Meeting {
        start: chrono::NaiveDateTime,
        end: chrono::NaiveDateTime,
        zone: Option<chrono_tz::Tz>,
    },
    /// "Vienna to Geneva", escaped, and the times in UTC.
    Travel {
        route: Box<str>,
        start: chrono::NaiveDateTime,
        end: chrono::NaiveDateTime,
    },
}

impl Side {
    fn is_travel(&self) -> bool {
        matches!(self, Side::Travel { .. })
    }

    /// `meeting "m1" (2027-03-08 13:00 to 14:00 Europe/Vienna)` or `travel Vienna to
    /// Geneva (2027-03-08 12:00 to 13:30 UTC)`.
    fn write(&self, meeting: Option<&MeetingId>, out: &mut String) {
        use std::fmt::Write;
        // Writing into a String cannot fail.
        let _ = match self {
            Side::Meeting { start, end, zone } => {
                let id = meeting.map_or("", |m| m.as_str());
                let zone = zone.map_or(String::new(), |tz| format!(" {}", tz.name()));
                write!(
                    out,
                    "meeting \"{id}\" ({} to {}{zone})",
                    Minute(*start),
                    HourMinute(*end)
                )
            }
            Side::Travel { route, start, end } => write!(
                out,
                "travel {route} ({} to {} UTC)",
                Minute(*start),
                HourMinute(*end)
            ),
        };
    }
}

impl Finding {
    /// How grave it is, without making its words: a clash is a warning.
    pub fn severity(&self) -> crate::diag::Severity {
        match &self.said {
            Said::Made(d) => d.severity,
            Said::Clash(_) => crate::diag::Severity::Warning,
        }
    }

    /// What it says, with its place and help: made now for a clash (see [`Said`]).
    pub fn diagnostic(&self) -> std::borrow::Cow<'_, Diagnostic> {
        use std::borrow::Cow;
        match &self.said {
            Said::Made(d) => Cow::Borrowed(d),
            Said::Clash(c) => Cow::Owned(self.clash_diagnostic(c)),
        }
    }

    /// A clash in words: "p1 is in two meetings at once: meeting "m1" (...) and
    /// meeting "m2" (...)", with the help to resolve it.
    fn clash_diagnostic(&self, c: &Clash) -> Diagnostic {
        let mut ids = self.meetings.iter();
        let mut side = |s: &Side, out: &mut String| {
            let id = if s.is_travel() { None } else { ids.next() };
            s.write(id, out);
        };
        let (mut a, mut b) = (String::new(), String::new());
        side(&c.first, &mut a);
        side(&c.second, &mut b);
        let person = self.people.first().map_or("", |p| p.as_str());
        let (message, help) = match &c.room {
            Some((venue, room)) => (
                format!("room \"{room}\" at {venue} is booked twice: {a} and {b}"),
                "move one meeting to another room or time".to_string(),
            ),
            None if c.first.is_travel() => (
                format!("{person} is travelling during {b}: {a}"),
                format!("move the meeting, or take {person} off it"),
            ),
            None if c.second.is_travel() => (
                format!("{person} is travelling during {a}: {b}"),
                format!("move the meeting, or take {person} off it"),
            ),
            None => (
                format!("{person} is in two meetings at once: {a} and {b}"),
                format!("move one of them, or take {person} off one"),
            ),
        };
        Diagnostic::warning(message).at(c.span.clone()).help(help)
    }

    /// Its diagnostic, naming its kind and subject (as plan warnings do), so that it
    /// keeps its code wherever it is shown.
    pub fn into_diagnostic(self) -> Diagnostic {
        let mut d = match self.said {
            Said::Made(d) => *d,
            Said::Clash(ref c) => self.clash_diagnostic(c),
        };
        if d.about.is_none() {
            d.about = Some(Box::new(crate::diag::About {
                code: self.kind,
                people: self.people,
                meetings: self.meetings,
            }));
        }
        d
    }

    /// Its JSON: the diagnostic's one shape ([`crate::diag::Diagnostic::to_json`]) and
    /// the sessions it is about.
    pub fn to_json(&self, sources: &crate::diag::Sources) -> serde_json::Value {
        let mut v = self.clone().into_diagnostic().to_json(sources);
        v["session"] = self.session.as_str().into();
        v["sessions"] = self.sessions.iter().map(|s| s.as_str()).collect();
        v
    }
}

/// How close a deadline must be to be worth a warning.
pub const DEADLINE_NOTICE_DAYS: i64 = 14;

/// How close a tentative session's opening must be for its dates to need confirming now.
pub const TENTATIVE_NOTICE_DAYS: i64 = 60;

/// Run every check as of `today`. Findings come in a stable order.
pub fn check(db: &Database, today: NaiveDate) -> Vec<Finding> {
    let mut out = clashes(db).findings;
    for plan in db.plans.values() {
        check_plan(db, plan, today, &mut out);
    }
    for session in db.sessions.values() {
        out.extend(calendar(db, session, today));
    }
    out
}

/// Whether the calendar is still true about `session` as of `today`: a session over
/// and still tentative was never confirmed (or its dates were wrong); one opening
/// within [`TENTATIVE_NOTICE_DAYS`] needs its dates confirmed before anyone books; a
/// later one is worth a word only when a delegation is being planned for it.
pub fn calendar(db: &Database, session: &Session, today: NaiveDate) -> Option<Finding> {
    if session.status != SessionStatus::Tentative {
        return None;
    }
    let id = &session.id;
    let confirm = format!("attache session confirm {id} --source \"...\"");
    let (kind, message, help) = if session.end < today {
        (
            FindingKind::PastTentative,
            format!(
                "\"{id}\" ended on {} and is still tentative: the calendar does not say whether it met on these dates",
                session.end
            ),
            format!(
                "check the official record; then {confirm}, or correct the dates: attache session edit {id} --start DATE --end DATE --source \"...\""
            ),
        )
    } else if (session.start - today).num_days() <= TENTATIVE_NOTICE_DAYS {
        (
            FindingKind::TentativeSoon,
            format!(
                "\"{id}\" opens {} and its dates ({} to {}) are still tentative",
                in_days(session.start, today),
                session.start,
                session.end
            ),
            format!("confirm the dates on the official page, then: {confirm}"),
        )
    } else if db.plans.get(id).is_some_and(|p| !p.delegates.is_empty()) {
        (
            FindingKind::Tentative,
            format!(
                "\"{id}\" is tentative: its dates ({} to {}) are not confirmed",
                session.start, session.end
            ),
            format!(
                "check the dates with the official calendar before booking travel, then: {confirm}"
            ),
        )
    } else {
        return None;
    };
    Some(Finding {
        kind,
        session: id.clone(),
        sessions: vec![id.clone()],
        people: Vec::new(),
        meetings: Vec::new(),
        said: Diagnostic::warning(message)
            .at(session.origin.field("status"))
            .help(help)
            .into(),
    })
}

/// "today", "tomorrow", "in 12 days" (the day is `today` or later).
fn in_days(day: NaiveDate, today: NaiveDate) -> String {
    match (day - today).num_days() {
        0 => "today".into(),
        1 => "tomorrow".into(),
        d => format!("in {d} days"),
    }
}

/// The checks of one plan alone (all but the clashes, which cross plans).
pub fn check_plan(db: &Database, plan: &Plan, today: NaiveDate, out: &mut Vec<Finding>) {
    let Some(session) = db.sessions.get(&plan.session) else {
        return;
    };
    presence(db, plan, out);
    nights(plan, out);
    deadlines(db, plan, session, today, out);
}

/// The result of the clash sweep, with how many interval comparisons it made (a test
/// counts them to prove the sweep does not grow quadratically).
pub struct Clashes {
    pub findings: Vec<Finding>,
    pub comparisons: usize,
}

/// A busy time of one person or room.
struct Busy<'a> {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    session: &'a str,
    what: BusyWith<'a>,
}

enum BusyWith<'a> {
    Meeting(&'a Meeting),
    Travel {
        from: &'a str,
        to: &'a str,
        origin: Option<Span>,
    },
}

impl Busy<'_> {
    /// What a clash says of this, its words made only when shown.
    fn side(&self, tz_of: &dyn Fn(&str) -> Option<chrono_tz::Tz>) -> Side {
        match &self.what {
            BusyWith::Meeting(m) => Side::Meeting {
                start: m.start,
                end: m.end,
                zone: tz_of(self.session),
            },
            BusyWith::Travel { from, to, .. } => Side::Travel {
                route: format!(
                    "{} to {}",
                    crate::text::printable(from),
                    crate::text::printable(to)
                )
                .into(),
                start: self.start.naive_utc(),
                end: self.end.naive_utc(),
            },
        }
    }

    fn span(&self) -> Option<Span> {
        match &self.what {
            BusyWith::Meeting(m) => m.origin.field("start"),
            BusyWith::Travel { origin, .. } => origin.clone(),
        }
    }

    fn meeting_id(&self) -> Option<MeetingId> {
        match &self.what {
            BusyWith::Meeting(m) => Some(m.id.clone()),
            BusyWith::Travel { .. } => None,
        }
    }
}

/// The room a meeting books at its venue: an item of the official programme books
/// none (its room is the organizers', and two of their events in one hall are not
/// ours to report), nor does a meeting away from the venue (a restaurant is not a
/// room to book twice).
fn booked_room(m: &Meeting) -> Option<&str> {
    m.room
        .as_deref()
        .filter(|_| !m.is_programme() && !m.is_off_site())
}

/// A meeting's times as instants in its venue's zone; `None` for a time that does not
/// exist or is ambiguous (validation reports those).
fn meeting_utc(tz: chrono_tz::Tz, m: &Meeting) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let s = resolve_local(tz, m.start).ok()?.with_timezone(&Utc);
    let e = resolve_local(tz, m.end).ok()?.with_timezone(&Utc);
    Some((s, e))
}

/// Find every person and room booked twice at once, across all sessions.
pub fn clashes(db: &Database) -> Clashes {
    clashes_in(db, None)
}

/// What an edit touched, for re-checking only that: the findings involving these
/// sessions are the only ones an edit of them can make or resolve.
#[derive(Debug, Default)]
pub struct Touched<'a> {
    pub sessions: HashSet<&'a str>,
    people: HashSet<&'a str>,
    rooms: HashSet<(&'a str, &'a str)>,
    /// The plans whose items may overlap the touched sessions' in time (none: every
    /// plan), so that an edit does not read the whole database.
    plans: Option<HashSet<&'a str>>,
}

impl<'a> Touched<'a> {
    /// The people and rooms busy in these sessions' plans as they are in `db`.
    pub fn new(db: &'a Database, sessions: impl IntoIterator<Item = &'a str>) -> Self {
        let mut t = Touched {
            sessions: sessions.into_iter().collect(),
            ..Touched::default()
        };
        for s in &t.sessions {
            let Some(plan) = db.plans.get(*s) else {
                continue;
            };
            let venue = db.sessions.get(*s).map_or("", |s| s.venue.as_str());
            for m in &plan.meetings {
                t.people.extend(m.attendees.iter().map(PersonId::as_str));
                if let Some(room) = booked_room(m) {
                    t.rooms.insert((venue, room));
                }
            }
            t.people
                .extend(plan.travel.iter().map(|t| t.person.as_str()));
        }
        t
    }

    /// Read only these plans: those whose times can overlap the touched ones' (see
    /// [`window`]).
    pub fn within(mut self, plans: HashSet<&'a str>) -> Self {
        self.plans = Some(plans);
        self
    }

    fn involves(&self, f: &Finding) -> bool {
        f.sessions
            .iter()
            .any(|s| self.sessions.contains(s.as_str()))
    }
}

/// When a plan's items happen: from the earliest start to the latest end of its
/// meetings (local to the venue) and journeys (in UTC), widened by a day on each side
/// so that any zone's offset is covered. Two plans whose windows do not meet cannot
/// clash. `None`: nothing timed.
pub fn window(plan: &Plan) -> Option<(chrono::NaiveDateTime, chrono::NaiveDateTime)> {
    let meetings = plan.meetings.iter().map(|m| (m.start, m.end));
    let travel = plan
        .travel
        .iter()
        .map(|t| (t.depart.utc().naive_utc(), t.arrive.utc().naive_utc()));
    let (start, end) = meetings
        .chain(travel)
        .reduce(|(a, b), (c, d)| (a.min(c), b.max(d)))?;
    let day = chrono::Duration::days(1);
    Some((start - day, end + day))
}

/// The clashes of the whole database, or (with `touched`) only those involving the
/// touched sessions: then only the people and rooms busy there are swept, over every
/// plan, so that a clash with another session's meeting is still found.
pub fn clashes_in(db: &Database, touched: Option<&Touched>) -> Clashes {
    let wants_person = |p: &str| touched.is_none_or(|t| t.people.contains(p));
    let wants_room = |v: &str, r: &str| touched.is_none_or(|t| t.rooms.contains(&(v, r)));
    let mut by_person: HashMap<&str, Vec<Busy>> = HashMap::new();
    let mut by_room: HashMap<(&str, &str), Vec<Busy>> = HashMap::new();
    let wants_plan = |s: &str| {
        touched
            .and_then(|t| t.plans.as_ref())
            .is_none_or(|plans| plans.contains(s))
    };
    for plan in db.plans.values().filter(|p| wants_plan(&p.session)) {
        let Some(tz) = db.session_tz(&plan.session) else {
            continue;
        };
        let venue = db
            .sessions
            .get(&plan.session)
            .map_or("", |s| s.venue.as_str());
        for m in plan.meetings.iter().filter(|m| !m.is_cancelled()) {
            let room = booked_room(m).filter(|r| wants_room(venue, r));
            if room.is_none() && !m.attendees.iter().any(|a| wants_person(a)) {
                continue;
            }
            let Some((start, end)) = meeting_utc(tz, m) else {
                continue;
            };
            let busy = || Busy {
                start,
                end,
                session: &plan.session,
                what: BusyWith::Meeting(m),
            };
            for a in m.attendees.iter().filter(|a| wants_person(a)) {
                by_person.entry(a).or_default().push(busy());
            }
            if let Some(room) = room {
                by_room.entry((venue, room)).or_default().push(busy());
            }
        }
        for t in plan.travel.iter().filter(|t| wants_person(&t.person)) {
            let what = BusyWith::Travel {
                from: &t.from,
                to: &t.to,
                origin: t.origin.field("depart"),
            };
            by_person.entry(&t.person).or_default().push(Busy {
                start: t.depart.utc(),
                end: t.arrive.utc(),
                session: &plan.session,
                what,
            });
        }
    }
    let tz_of = |s: &str| db.session_tz(s);
    let mut people: Vec<_> = by_person.into_iter().collect();
    people.sort_by_key(|(p, _)| *p);
    let mut rooms: Vec<_> = by_room.into_iter().collect();
    rooms.sort_by_key(|(r, _)| *r);
    // Each person's and each room's sweep is its own: they run on all cores (a dense
    // plan has tens of thousands of clashes to describe), and are put back in order.
    let per_person = people.into_par_iter().map(|(person, busy)| {
        let mut found = Vec::new();
        let n = sweep(busy, |a, b| found.push(person_clash(person, a, b, &tz_of)));
        (n, found)
    });
    let per_room = rooms.into_par_iter().map(|((venue, room), busy)| {
        let mut found = Vec::new();
        let n = sweep(busy, |a, b| {
            found.push(room_clash(venue, room, a, b, &tz_of))
        });
        (n, found)
    });
    let swept: Vec<(usize, Vec<Finding>)> = per_person.chain(per_room).collect();
    let comparisons = swept.iter().map(|(n, _)| n).sum();
    let mut findings: Vec<Finding> = swept.into_iter().flat_map(|(_, f)| f).collect();
    if let Some(t) = touched {
        findings.retain(|f| t.involves(f));
    }
    Clashes {
        findings,
        comparisons,
    }
}

/// Report each overlapping pair in `items` once, in time order. Sorting by start, we
/// keep only the intervals still open; each new one is compared with those alone.
/// Returns the number of comparisons made.
fn sweep<'a>(mut items: Vec<Busy<'a>>, mut report: impl FnMut(&Busy<'a>, &Busy<'a>)) -> usize {
    items.sort_by_key(|b| (b.start, b.end));
    let mut open: Vec<usize> = Vec::new();
    let mut comparisons = 0;
    for (i, b) in items.iter().enumerate() {
        open.retain(|&j| items[j].end > b.start);
        for &j in &open {
            comparisons += 1;
            report(&items[j], b);
        }
        open.push(i);
    }
    comparisons
}

fn person_clash(
    person: &str,
    a: &Busy,
    b: &Busy,
    tz_of: &dyn Fn(&str) -> Option<chrono_tz::Tz>,
) -> Finding {
    let travel =
        matches!(a.what, BusyWith::Travel { .. }) || matches!(b.what, BusyWith::Travel { .. });
    let kind = if travel {
        FindingKind::TravelClash
    } else {
        FindingKind::PersonClash
    };
    Finding {
        kind,
        session: b.session.into(),
        sessions: both(a, b),
        people: vec![person.into()],
        meetings: [a.meeting_id(), b.meeting_id()]
            .into_iter()
            .flatten()
            .collect(),
        said: Said::Clash(Box::new(Clash {
            room: None,
            first: a.side(tz_of),
            second: b.side(tz_of),
            span: b.span(),
        })),
    }
}

/// The sessions of two clashing items, sorted and without repeats.
fn both(a: &Busy, b: &Busy) -> Vec<SessionId> {
    let mut v = vec![SessionId::from(a.session), SessionId::from(b.session)];
    v.sort();
    v.dedup();
    v
}

fn room_clash(
    venue: &str,
    room: &str,
    a: &Busy,
    b: &Busy,
    tz_of: &dyn Fn(&str) -> Option<chrono_tz::Tz>,
) -> Finding {
    Finding {
        kind: FindingKind::RoomClash,
        session: b.session.into(),
        sessions: both(a, b),
        people: Vec::new(),
        meetings: [a.meeting_id(), b.meeting_id()]
            .into_iter()
            .flatten()
            .collect(),
        said: Said::Clash(Box::new(Clash {
            room: Some((venue.into(), crate::text::printable(room).into())),
            first: a.side(tz_of),
            second: b.side(tz_of),
            span: b.span(),
        })),
    }
}

/// Attendees who have not arrived yet or have already left at a meeting's time.
fn presence(db: &Database, plan: &Plan, out: &mut Vec<Finding>) {
    let _ = db;
    for m in plan.meetings.iter().filter(|m| !m.is_cancelled()) {
        for (i, a) in m.attendees.iter().enumerate() {
            let Some(d) = plan.delegate(a) else { continue };
            let problem = match (d.arrive, d.depart) {
                (Some(arr), _) if m.start < arr.earliest() => Some(format!("arrives only {arr}")),
                (_, Some(dep)) if m.end > dep.latest() => {
                    Some(format!("has left by then (departs {dep})"))
                }
                _ => None,
            };
            if let Some(problem) = problem {
                out.push(Finding {
                    kind: FindingKind::NotThere,
                    session: plan.session.clone(),
                    sessions: vec![plan.session.clone()],
                    people: vec![a.clone()],
                    meetings: vec![m.id.clone()],
                    said: Diagnostic::warning(format!(
                        "{a} attends meeting \"{}\" on {} but {problem}",
                        m.id,
                        m.start.format("%Y-%m-%d %H:%M")
                    ))
                    .at(m.origin.field(&format!("attendees.{i}")))
                    .help(format!(
                        "change {a}'s arrival or departure, or take them off the meeting"
                    ))
                    .into(),
                });
            }
        }
    }
}

/// Nights between a delegate's arrival and departure with no hotel. Delegates with
/// neither travel nor any stay in the plan are taken to live nearby and not checked.
fn nights(plan: &Plan, out: &mut Vec<Finding>) {
    for d in &plan.delegates {
        let (Some(arrive), Some(depart)) = (d.arrive, d.depart) else {
            continue;
        };
        let stays: Vec<_> = plan.stays.iter().filter(|s| s.person == d.person).collect();
        let travels = plan.travel.iter().any(|t| t.person == d.person);
        if stays.is_empty() && !travels {
            continue;
        }
        let missing: Vec<NaiveDate> = arrive
            .date()
            .iter_days()
            .take_while(|n| *n < depart.date())
            .filter(|n| !stays.iter().any(|s| s.check_in <= *n && *n < s.check_out))
            .collect();
        for run in runs(&missing) {
            let (first, last) = (run[0], run[run.len() - 1]);
            let nights = if first == last {
                format!("the night of {first}")
            } else {
                format!("the nights of {first} to {last}")
            };
            out.push(Finding {
                kind: FindingKind::NightWithoutStay,
                session: plan.session.clone(),
                sessions: vec![plan.session.clone()],
                people: vec![d.person.clone()],
                meetings: Vec::new(),
                said: Diagnostic::warning(format!("{} has no hotel for {nights}", d.person))
                    .at(d.origin.span())
                    .help("add a [[stay]] covering it, or correct the arrival and departure")
                    .into(),
            });
        }
    }
}

/// Consecutive days grouped together.
fn runs(days: &[NaiveDate]) -> Vec<&[NaiveDate]> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=days.len() {
        if i == days.len() || days[i] != days[i - 1] + chrono::Days::new(1) {
            if start < i {
                out.push(&days[start..i]);
            }
            start = i;
        }
    }
    out
}

/// Registration and nomination-letter deadlines near or passed, for sessions to come.
fn deadlines(
    db: &Database,
    plan: &Plan,
    session: &Session,
    today: NaiveDate,
    out: &mut Vec<Finding>,
) {
    if !session.is_upcoming(today) || plan.delegates.is_empty() {
        return;
    }
    let here = plan.origin.field("session");
    let unregistered: Vec<PersonId> = plan
        .delegates
        .iter()
        .filter(|d| !d.registered())
        .map(|d| d.person.clone())
        .collect();
    if let Some(deadline) = session.registration_deadline
        && !unregistered.is_empty()
        && let Some(when) = due(deadline, today)
    {
        out.push(Finding {
            kind: FindingKind::RegistrationDue,
            session: session.id.clone(),
            sessions: vec![session.id.clone()],
            said: Diagnostic::warning(format!(
                "registration for \"{}\" {when} ({deadline}) and {} not registered: {}",
                session.id,
                if unregistered.len() == 1 {
                    "1 delegate is"
                } else {
                    "some delegates are"
                },
                unregistered.join(", ")
            ))
            .at(session.origin.field("registration_deadline"))
            .help(format!(
                "register them ({}), then: attache accredit --session {} --person ID --step registered --on DATE",
                db.rules(session)
                    .registration
                    .map_or("see the session's information note", |r| r.describe()),
                session.id
            ))
            .into(),
            people: unregistered,
            meetings: Vec::new(),
        });
    }
    overdue_steps(db, session, today, out);
    let Some(letter) = db.rules(session).letter_due else {
        return;
    };
    if session.start > today
        && let Some(when) = due(letter, today)
    {
        out.push(Finding {
            kind: FindingKind::NominationDue,
            session: session.id.clone(),
            sessions: vec![session.id.clone()],
            people: Vec::new(),
            meetings: Vec::new(),
            said: Diagnostic::warning(format!(
                "the nomination letter for \"{}\" {when} ({letter})",
                session.id
            ))
            .at(here)
            .help(format!(
                "print it on letterhead with: attache export --session {} --format letter-html -o letter.html",
                session.id
            ))
                .into(),
        });
    }
}

/// Each delegate's accreditation steps (and visa application) whose due day passed,
/// one finding per person, with the command that marks each done. The registration
/// (and the Indico account it needs) is [`FindingKind::RegistrationDue`]'s, when the
/// session has a deadline of its own.
fn overdue_steps(db: &Database, session: &Session, today: NaiveDate, out: &mut Vec<Finding>) {
    let Some(r) = super::readiness::readiness(db, &session.id, today) else {
        return;
    };
    let own_deadline = session.registration_deadline.is_some();
    for p in &r.people {
        let late: Vec<&super::readiness::Todo> = p
            .todo
            .iter()
            .filter(|t| t.due.is_some_and(|d| d < today))
            .filter(|t| !(own_deadline && matches!(t.step, "registered" | "indico-account")))
            .collect();
        let Some(first) = late.first() else {
            continue;
        };
        let list: Vec<String> = late
            .iter()
            .map(|t| format!("{} (due {})", t.what, t.due.unwrap_or(today)))
            .collect();
        let fix = match first.step {
            "visa" => format!(
                "once done: attache accredit --session {} --person {} --step visa --state applied --on DATE",
                session.id, p.person
            ),
            step => format!(
                "once done: attache accredit --session {} --person {} --step {step} --done --on DATE",
                session.id, p.person
            ),
        };
        out.push(Finding {
            kind: FindingKind::StepOverdue,
            session: session.id.clone(),
            sessions: vec![session.id.clone()],
            people: vec![p.person.as_str().into()],
            meetings: Vec::new(),
            said: Diagnostic::warning(format!(
                "{} ({}) for \"{}\" is late: {}",
                p.name,
                p.person,
                session.id,
                list.join("; ")
            ))
            .at(db.plans.get(&session.id).and_then(|plan| {
                plan.delegate(&p.person)
                    .and_then(|d| d.origin.field("person"))
            }))
            .help(fix)
            .into(),
        });
    }
}

/// "is due in 3 days" / "was due 2 days ago", when within notice or passed.
fn due(day: NaiveDate, today: NaiveDate) -> Option<String> {
    let days = (day - today).num_days();
    match days {
        d if d < 0 => Some(format!(
            "was due {} ago",
            crate::diag::plural((-d) as usize, "day")
        )),
        0 => Some("is due today".into()),
        d if d <= DEADLINE_NOTICE_DAYS => Some(format!(
            "is due in {}",
            crate::diag::plural(d as usize, "day")
        )),
        _ => None,
    }
}

/// One delegate's state at a glance, for the lead's overview.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Readiness {
    pub person: PersonId,
    pub registered: bool,
    pub travel_booked: bool,
    /// Every night between arrival and departure has a hotel (true with no dates).
    pub stay_booked: bool,
    /// Where their hotel stands, as a person reads it ([`Hotel`]).
    pub hotel: Hotel,
    pub clashes: usize,
    /// Every finding naming this person.
    pub problems: usize,
}

/// A delegate's hotel at a glance: the one reading of it for the command line and the
/// terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Hotel {
    /// A stay is booked, and no night between arrival and departure lacks one.
    Booked,
    /// Some night lacks a hotel (a `night-without-stay` finding).
    Missing,
    /// Nothing to check: no stay, and no dates or no journey (taken to live nearby),
    /// so "yes" would be as untrue as "no".
    NotChecked,
}

/// The readiness of each delegate of a plan, given the findings of [`check`].
pub fn readiness<F: std::borrow::Borrow<Finding>>(plan: &Plan, findings: &[F]) -> Vec<Readiness> {
    plan.delegates
        .iter()
        .map(|d| {
            let mine = || {
                findings
                    .iter()
                    .map(F::borrow)
                    .filter(|f| f.session == plan.session && f.people.contains(&d.person))
            };
            let missing = mine().any(|f| f.kind == FindingKind::NightWithoutStay);
            let hotel = match (missing, plan.stays.iter().any(|s| s.person == d.person)) {
                (true, _) => Hotel::Missing,
                (false, true) => Hotel::Booked,
                (false, false) => Hotel::NotChecked,
            };
            Readiness {
                person: d.person.clone(),
                registered: d.registered(),
                travel_booked: plan.travel.iter().any(|t| t.person == d.person),
                stay_booked: !missing,
                hotel,
                clashes: findings
                    .iter()
                    .map(F::borrow)
                    .filter(|f| f.kind.is_clash() && f.people.contains(&d.person))
                    .count(),
                problems: mine().count(),
            }
        })
        .collect()
}
