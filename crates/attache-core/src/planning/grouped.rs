//! Findings as a person reads them at any size: a clash check of a dense plan finds
//! tens of thousands of pairs, and nobody reads 70,000 warnings. Findings of one kind
//! about one subject in one session (a person double-booked, a room booked twice, a
//! delegate's nights without a hotel) become one warning that counts them and names
//! the meetings: "p2940 has 14 double bookings in s12 on 11–12 Jan 2027: m12-1,
//! m12-238, ... and 9 more". `attache check --all` still lists every pair.

// foldhash, not SipHash: every meeting of the database is hashed once per check.
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use rayon::prelude::*;

use chrono::NaiveDate;

use super::checks::Finding;
use crate::diag::{Code, Diagnostic};
use crate::ids::MeetingId;
use crate::model::{Database, Meeting};
use crate::text::printable;

/// How many meetings a grouped warning names before "and N more".
const NAMED: usize = 6;

/// The findings, grouped: one diagnostic per group (a single finding stays as it is),
/// in the order of each group's first finding.
pub fn grouped(db: &Database, findings: Vec<Finding>) -> Vec<Diagnostic> {
    // Meetings by id, built once: a dense plan has a finding per pair of them.
    let index_of: HashMap<&str, &Meeting> =
        db.meetings().map(|(_, m)| (m.id.as_str(), m)).collect();
    let db = &Meetings(index_of);
    // The groups as places in `findings`, which stay where they are: tens of
    // thousands of findings are not moved into groups, nor their keys copied.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut index: HashMap<(Code, &str, &str), usize> = HashMap::new();
    for (n, f) in findings.iter().enumerate() {
        match key(db, f) {
            Some(k) => {
                let g = *index.entry(k).or_insert_with(|| {
                    groups.push(Vec::new());
                    groups.len() - 1
                });
                groups[g].push(n);
            }
            None => groups.push(vec![n]),
        }
    }
    drop(index);
    let mut findings: Vec<Option<Finding>> = findings.into_iter().map(Some).collect();
    let groups: Vec<Vec<Finding>> = groups
        .into_iter()
        .map(|group| group.iter().filter_map(|&n| findings[n].take()).collect())
        .collect();
    drop(findings);
    // Each group is summed up, and its findings freed, on any core.
    groups
        .into_par_iter()
        .map(|group| summary(db, group))
        .collect()
}

/// What makes findings one group: their kind, session and subject. Kinds that are
/// about a whole session (a deadline, the delegation's size) are never grouped.
/// The database's meetings by id.
struct Meetings<'a>(HashMap<&'a str, &'a Meeting>);

fn key<'a>(db: &Meetings<'a>, f: &'a Finding) -> Option<(Code, &'a str, &'a str)> {
    let subject = match f.kind {
        Code::PersonClash | Code::TravelClash | Code::NotThere | Code::NightWithoutStay => {
            f.people.first()?.as_str()
        }
        Code::RoomClash => room(db, f.meetings.first()?)?,
        _ => return None,
    };
    Some((f.kind, f.session.as_str(), subject))
}

fn room<'a>(db: &Meetings<'a>, meeting: &MeetingId) -> Option<&'a str> {
    db.0.get(meeting.as_str())?.room.as_deref()
}

/// One diagnostic for a group: the first finding's place and help, a message that
/// counts them all.
fn summary(db: &Meetings, mut group: Vec<Finding>) -> Diagnostic {
    if group.len() == 1 {
        return group
            .pop()
            .map(Finding::into_diagnostic)
            .unwrap_or_else(|| {
                Diagnostic::warning("an empty group of findings (a bug: please report it)")
            });
    }
    let n = group.len();
    let first = &group[0];
    let said = first.diagnostic();
    let mut seen = HashSet::new();
    let meetings: Vec<&MeetingId> = group
        .iter()
        .flat_map(|f| &f.meetings)
        .filter(|m| seen.insert(*m))
        .collect();
    let days = days(db, &meetings);
    let named = named(&meetings);
    let who = first.people.first().map_or("", |p| p.as_str());
    let session = printable(&first.session);
    let message = match first.kind {
        Code::PersonClash => format!("{who} has {n} double bookings in {session}{days}: {named}"),
        Code::TravelClash => {
            format!("{who} is travelling during meetings {n} times in {session}{days}: {named}")
        }
        Code::NotThere => {
            format!("{who} is away for {n} of their meetings in {session}{days}: {named}")
        }
        Code::RoomClash => {
            let room = first
                .meetings
                .first()
                .and_then(|m| room(db, m))
                .unwrap_or_default();
            format!(
                "room \"{}\" is booked twice at once {n} times in {session}{days}: {named}",
                printable(room)
            )
        }
        Code::NightWithoutStay => format!("{who} has {n} nights without a hotel in {session}"),
        _ => format!("{} (and {} more like it)", said.message, n - 1),
    };
    let help = match &said.help {
        Some(h) => format!("{h}; attache check --all lists each of the {n}"),
        None => format!("attache check --all lists each of the {n}"),
    };
    let mut d = Diagnostic::warning(message)
        .at(said.span.clone())
        .help(help);
    d.about = said.about.clone();
    d
}

/// " on 11–12 Jan 2027", the days the meetings are on (empty when none is known).
fn days(db: &Meetings, meetings: &[&MeetingId]) -> String {
    let dates: Vec<NaiveDate> = meetings
        .iter()
        .filter_map(|m| db.0.get(m.as_str()))
        .map(|m| m.start.date())
        .collect();
    let (Some(lo), Some(hi)) = (dates.iter().min(), dates.iter().max()) else {
        return String::new();
    };
    if lo == hi {
        format!(" on {}", lo.format("%-d %b %Y"))
    } else if lo.format("%b %Y").to_string() == hi.format("%b %Y").to_string() {
        format!(" on {}–{}", lo.format("%-d"), hi.format("%-d %b %Y"))
    } else {
        format!(
            " on {} – {}",
            lo.format("%-d %b %Y"),
            hi.format("%-d %b %Y")
        )
    }
}

/// "m1, m2, m3 and 4 more".
fn named(meetings: &[&MeetingId]) -> String {
    let shown: Vec<String> = meetings
        .iter()
        .take(NAMED)
        .map(|m| printable(m).into_owned())
        .collect();
    match meetings.len().saturating_sub(NAMED) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}

/// What many findings come to, for the last lines a person reads after a long list:
/// how many of each kind, about how many people and in how many sessions, and the
/// sessions with the most.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overview {
    /// Each kind found: how many findings, distinct people named, distinct sessions;
    /// the most frequent kind first.
    pub kinds: Vec<KindCount>,
    /// Sessions by how many findings are listed under them, the most first.
    pub sessions: Vec<(crate::ids::SessionId, usize)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindCount {
    pub kind: Code,
    pub findings: usize,
    pub people: usize,
    pub sessions: usize,
}

impl Overview {
    pub fn of(findings: &[Finding]) -> Overview {
        let mut kinds: HashMap<Code, (usize, HashSet<&str>, HashSet<&str>)> = HashMap::new();
        let mut sessions: HashMap<&str, usize> = HashMap::new();
        for f in findings {
            let (n, people, in_sessions) = kinds.entry(f.kind).or_default();
            *n += 1;
            people.extend(f.people.iter().map(|p| p.as_str()));
            in_sessions.insert(f.session.as_str());
            *sessions.entry(f.session.as_str()).or_default() += 1;
        }
        let mut kinds: Vec<KindCount> = kinds
            .into_iter()
            .map(|(kind, (findings, people, sessions))| KindCount {
                kind,
                findings,
                people: people.len(),
                sessions: sessions.len(),
            })
            .collect();
        kinds.sort_by(|a, b| b.findings.cmp(&a.findings).then(a.kind.cmp(&b.kind)));
        let mut sessions: Vec<(crate::ids::SessionId, usize)> =
            sessions.into_iter().map(|(s, n)| (s.into(), n)).collect();
        sessions.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Overview { kinds, sessions }
    }
}
