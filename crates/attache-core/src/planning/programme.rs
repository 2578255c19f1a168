//! A session's official programme in its plan: importing it from a downloaded file
//! ([`crate::import`]) and picking who attends what.
//!
//! Programme items are meetings that carry their source's UID
//! ([`crate::items::meeting`]), so that attending one puts it in itineraries and clash
//! checks like any meeting. A re-import matches items by that UID and reports what
//! changed; it never loses what the lead decided: attendees stay, an item someone
//! attends that moved keeps where it was (`moved_from`) until the change is
//! acknowledged, and one that vanished from the programme stays, cancelled, so that
//! `check` says whom to tell.

use chrono::NaiveDateTime;

use super::change::{Item, ItemKind, Transaction};
use super::ops::{
    OpError, OpResult, item_change, meeting_or_err, new_meeting_id, plan_or_new, replace_meeting,
    session_exists, verify,
};
use crate::ids::{MeetingId, PersonId, SessionId};
use crate::import::Entry;
use crate::model::{Database, Meeting, MeetingKind, MeetingStatus, Origin};

/// What an import changed, item by item, for the user to read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    pub added: Vec<Line>,
    pub moved: Vec<Moved>,
    pub renamed: Vec<Renamed>,
    /// Cancelled in the programme (`STATUS:CANCELLED`).
    pub cancelled: Vec<Line>,
    /// Back from cancelled.
    pub reinstated: Vec<Line>,
    /// Gone from the programme and attended by nobody: removed from the plan.
    pub removed: Vec<Line>,
    /// Gone from the programme but attended: kept in the plan, cancelled.
    pub dropped: Vec<Line>,
    pub unchanged: usize,
}

/// An item, as a report names it.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub id: MeetingId,
    pub title: String,
    pub start: NaiveDateTime,
    pub attendees: Vec<PersonId>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Moved {
    pub item: Line,
    pub from: (NaiveDateTime, NaiveDateTime),
    pub to: (NaiveDateTime, NaiveDateTime),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Renamed {
    pub id: MeetingId,
    pub from: String,
    pub to: String,
}

impl Report {
    /// Whether the import changes nothing.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.moved.is_empty()
            && self.renamed.is_empty()
            && self.cancelled.is_empty()
            && self.reinstated.is_empty()
            && self.removed.is_empty()
            && self.dropped.is_empty()
    }

    /// "3 added, 1 moved, 12 unchanged".
    pub fn summary(&self) -> String {
        let parts = [
            (self.added.len(), "added"),
            (self.moved.len(), "moved"),
            (self.renamed.len(), "renamed"),
            (self.cancelled.len(), "cancelled"),
            (self.reinstated.len(), "reinstated"),
            (self.removed.len(), "removed"),
            (self.dropped.len(), "gone but kept (attended)"),
            (self.unchanged, "unchanged"),
        ];
        let said: Vec<String> = parts
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, what)| format!("{n} {what}"))
            .collect();
        if said.is_empty() {
            "nothing to import".into()
        } else {
            said.join(", ")
        }
    }
}

/// Bring the programme of `session` to `entries`: add what is new, update what
/// changed, and take out what is gone (keeping, cancelled, what someone attends).
/// One transaction, so one undo takes the whole import back.
pub fn import(
    db: &Database,
    session: &SessionId,
    entries: &[Entry],
) -> Result<(Transaction, Report), OpError> {
    session_exists(db, session)?;
    let mut tx = Transaction::new("");
    let plan = plan_or_new(db, session, &mut tx);
    let mut report = Report::default();
    let by_uid: std::collections::HashMap<&str, &Entry> =
        entries.iter().map(|e| (e.uid.as_str(), e)).collect();
    let mut seen = std::collections::HashSet::new();
    let mut removals = Vec::new();
    for (index, old) in plan.meetings.iter().enumerate() {
        let Some(uid) = old.programme.as_deref() else {
            continue;
        };
        seen.insert(uid);
        let new = match by_uid.get(uid) {
            Some(entry) => updated(old, entry, &mut report),
            None if old.attendees.is_empty() => {
                report.removed.push(line(old));
                removals.push((index, old.clone()));
                continue;
            }
            None if old.is_cancelled() => old.clone(),
            None => {
                report.dropped.push(line(old));
                Meeting {
                    status: MeetingStatus::Cancelled,
                    ..old.clone()
                }
            }
        };
        if &new == old {
            report.unchanged += 1;
        } else {
            let change = (Item::Meeting(old.clone()), Item::Meeting(new));
            tx.changes.push(item_change(
                session,
                ItemKind::Meeting,
                index,
                Some(change.0),
                Some(change.1),
            ));
        }
    }
    for (index, old) in removals.into_iter().rev() {
        tx.changes.push(item_change(
            session,
            ItemKind::Meeting,
            index,
            Some(Item::Meeting(old)),
            None,
        ));
    }
    let kept = plan.meetings.len() - tx.changes.iter().filter(|c| is_removal(c)).count();
    let new_entries = entries.iter().filter(|e| !seen.contains(e.uid.as_str()));
    let mut taken: Vec<MeetingId> = Vec::new();
    for (index, entry) in (kept..).zip(new_entries) {
        let m = added(db, session, entry, &taken);
        taken.push(m.id.clone());
        report.added.push(line(&m));
        tx.changes.push(item_change(
            session,
            ItemKind::Meeting,
            index,
            None,
            Some(Item::Meeting(m)),
        ));
    }
    tx.description = format!("imported the programme of {session}: {}", report.summary());
    let tx = verify(db, plan, tx)?;
    Ok((tx, report))
}

fn is_removal(c: &super::Change) -> bool {
    matches!(
        c,
        super::Change::Item {
            before: Some(_),
            after: None,
            ..
        }
    )
}

fn line(m: &Meeting) -> Line {
    Line {
        id: m.id.clone(),
        title: m.title.clone(),
        start: m.start,
        attendees: m.attendees.clone(),
    }
}

/// A programme meeting brought up to its entry. The lead's choices stay: attendees,
/// kind and notes. A move of an attended item remembers where it was.
fn updated(old: &Meeting, entry: &Entry, report: &mut Report) -> Meeting {
    let mut m = old.clone();
    if m.title != entry.title {
        report.renamed.push(Renamed {
            id: m.id.clone(),
            from: m.title.clone(),
            to: entry.title.clone(),
        });
        m.title = entry.title.clone();
    }
    if (m.start, m.end) != (entry.start, entry.end) {
        report.moved.push(Moved {
            item: line(old),
            from: (old.start, old.end),
            to: (entry.start, entry.end),
        });
        if !m.attendees.is_empty() {
            m.moved_from = match m.moved_from {
                Some(first) if first == entry.start => None,
                Some(first) => Some(first),
                None => Some(old.start),
            };
        }
        m.start = entry.start;
        m.end = entry.end;
    }
    match (old.is_cancelled(), entry.status == MeetingStatus::Cancelled) {
        (false, true) => report.cancelled.push(line(old)),
        (true, false) => report.reinstated.push(line(old)),
        _ => {}
    }
    m.status = entry.status;
    m.room = entry.room.clone();
    m.url = entry.url.clone();
    m.with = entry.organizer.clone();
    m
}

/// A new programme meeting for `entry`. Its id is made from the source's UID, not the
/// clock, so that two people importing the same programme in their own copies make
/// the same meetings, and git merges them as one.
fn added(db: &Database, session: &SessionId, entry: &Entry, taken: &[MeetingId]) -> Meeting {
    let salt = fnv(entry.uid.as_bytes());
    let id = (0..)
        .map(|n| new_meeting_id(db, session, &entry.title, salt.wrapping_add(n)))
        .find(|id| !taken.contains(id))
        .unwrap_or_else(|| MeetingId::from(format!("{session}-programme")));
    Meeting {
        id,
        title: entry.title.clone(),
        with: entry.organizer.clone(),
        kind: entry.kind.unwrap_or(MeetingKind::Other),
        room: entry.room.clone(),
        address: None,
        start: entry.start,
        end: entry.end,
        attendees: Vec::new(),
        status: entry.status,
        notes: entry.description.clone(),
        url: entry.url.clone(),
        programme: Some(entry.uid.clone()),
        moved_from: None,
        revision: Default::default(),
        origin: Origin::default(),
    }
}

/// FNV-1a of some bytes: a hash stable across Rust versions and machines.
fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Put `person` on the meeting `item` (`attend`), or take them off it.
pub fn attend(db: &Database, item: &MeetingId, person: &PersonId, attend: bool) -> OpResult {
    let (plan, index) = meeting_or_err(db, item)?;
    let on = plan.meetings[index].attendees.contains(person);
    if on == attend {
        return Err(OpError::new(format!(
            "{person} {} {item}",
            if attend {
                "already attends"
            } else {
                "does not attend"
            }
        )));
    }
    let what = if attend {
        format!("{person} attends")
    } else {
        format!("{person} no longer attends")
    };
    replace_meeting(db, item, &what, |m| {
        if attend {
            m.attendees.push(person.clone());
        } else {
            m.attendees.retain(|a| a != person);
        }
    })
}

/// Clear the note that a programme item someone attends has moved: the attendees
/// were told.
pub fn acknowledge(db: &Database, item: &MeetingId) -> OpResult {
    let (plan, index) = meeting_or_err(db, item)?;
    if plan.meetings[index].moved_from.is_none() {
        return Err(OpError::new(format!("{item} has no move to acknowledge")));
    }
    replace_meeting(db, item, "acknowledged the move of", |m| {
        m.moved_from = None
    })
}

/// The programme of a session, in time order: its meetings from the official
/// programme.
pub fn items<'a>(db: &'a Database, session: &str) -> Vec<&'a Meeting> {
    let mut items: Vec<&Meeting> = db
        .plans
        .get(session)
        .map(|p| p.meetings.iter().filter(|m| m.is_programme()).collect())
        .unwrap_or_default();
    items.sort_by(|a, b| (a.start, a.end, &a.id).cmp(&(b.start, b.end, &b.id)));
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planning::Editor;

    fn at(s: &str) -> NaiveDateTime {
        crate::time::parse_local(s).unwrap()
    }

    fn entry(uid: &str, start: &str, end: &str) -> Entry {
        Entry {
            uid: uid.into(),
            title: format!("Panel {uid}"),
            start: at(start),
            end: at(end),
            room: Some("M3".into()),
            organizer: None,
            description: Some("About it".into()),
            url: None,
            kind: None,
            status: MeetingStatus::Confirmed,
            span: None,
        }
    }

    fn editor() -> Editor {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        Editor::new(crate::testdata::sample(today).db)
    }

    fn run(e: &mut Editor, entries: &[Entry]) -> Report {
        let (tx, report) = import(e.db(), &"cnd-70".into(), entries).unwrap();
        e.apply(tx).unwrap();
        report
    }

    fn item<'a>(e: &'a Editor, uid: &str) -> &'a Meeting {
        e.db().plans["cnd-70"]
            .meetings
            .iter()
            .find(|m| m.programme.as_deref() == Some(uid))
            .unwrap()
    }

    #[test]
    fn a_move_is_remembered_until_it_moves_back_and_the_leads_choices_stay() {
        let mut e = editor();
        run(
            &mut e,
            &[entry("a", "2027-03-09 13:00", "2027-03-09 14:00")],
        );
        let id = item(&e, "a").id.clone();
        let tx = attend(e.db(), &id, &"esempio".into(), true).unwrap();
        e.apply(tx).unwrap();
        let tx = crate::planning::ops::edit_meeting(e.db(), &id, |m| {
            m.notes = Some("bring the leaflets".into());
            m.kind = MeetingKind::SideEvent;
        })
        .unwrap();
        e.apply(tx).unwrap();
        let r = run(
            &mut e,
            &[entry("a", "2027-03-09 15:00", "2027-03-09 16:00")],
        );
        assert_eq!(r.moved.len(), 1);
        let m = item(&e, "a");
        assert_eq!(m.moved_from, Some(at("2027-03-09 13:00")));
        assert_eq!(m.attendees, vec![PersonId::from("esempio")]);
        assert_eq!(m.notes.as_deref(), Some("bring the leaflets"));
        assert_eq!(m.kind, MeetingKind::SideEvent);
        // Moved again: still "moved from" the time they signed up for.
        run(
            &mut e,
            &[entry("a", "2027-03-09 16:00", "2027-03-09 17:00")],
        );
        assert_eq!(item(&e, "a").moved_from, Some(at("2027-03-09 13:00")));
        // Back where it was: nothing to tell them any more.
        run(
            &mut e,
            &[entry("a", "2027-03-09 13:00", "2027-03-09 14:00")],
        );
        assert_eq!(item(&e, "a").moved_from, None);
    }

    #[test]
    fn an_import_is_one_undo_and_unattended_items_go_when_dropped() {
        let mut e = editor();
        let before = e.db().plans["cnd-70"].clone();
        let r = run(
            &mut e,
            &[
                entry("a", "2027-03-09 13:00", "2027-03-09 14:00"),
                entry("b", "2027-03-10 13:00", "2027-03-10 14:00"),
            ],
        );
        assert_eq!(r.added.len(), 2);
        let r = run(
            &mut e,
            &[entry("b", "2027-03-10 13:00", "2027-03-10 14:00")],
        );
        assert_eq!((r.removed.len(), r.unchanged), (1, 1));
        assert!(
            e.db().plans["cnd-70"]
                .meetings
                .iter()
                .all(|m| m.programme.as_deref() != Some("a"))
        );
        e.undo();
        e.undo();
        assert_eq!(e.db().plans["cnd-70"], before);
    }

    #[test]
    fn attending_twice_and_acknowledging_nothing_are_refused() {
        let mut e = editor();
        run(
            &mut e,
            &[entry("a", "2027-03-09 13:00", "2027-03-09 14:00")],
        );
        let id = item(&e, "a").id.clone();
        let tx = attend(e.db(), &id, &"esempio".into(), true).unwrap();
        e.apply(tx).unwrap();
        let err = attend(e.db(), &id, &"esempio".into(), true).unwrap_err();
        assert!(err.message.contains("already attends"), "{}", err.message);
        assert!(
            acknowledge(e.db(), &id)
                .unwrap_err()
                .message
                .contains("no move")
        );
        // Someone unknown cannot attend: the meeting's own rule refuses them.
        assert!(attend(e.db(), &id, &"nobody".into(), true).is_err());
    }
}
