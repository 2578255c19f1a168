//! Changes to a database as values that can be inverted: applying a change returns
//! nothing to remember, because its inverse is computed from the change itself. This
//! is what makes undo and redo free (the idea is helix's transactions).

use crate::model::{Database, Delegate, Meeting, Plan, Session, SessionId, Stay, Travel};

/// One item of a plan.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Delegate(Delegate),
    Meeting(Meeting),
    Travel(Travel),
    Stay(Stay),
}

/// Which list of a plan an item lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemKind {
    Delegate,
    Meeting,
    Travel,
    Stay,
}

impl ItemKind {
    /// How messages call an item of this kind.
    pub fn noun(self) -> &'static str {
        match self {
            ItemKind::Delegate => "delegate",
            ItemKind::Meeting => "meeting",
            ItemKind::Travel => "journey",
            ItemKind::Stay => "stay",
        }
    }
}

impl Item {
    fn delegate(&self) -> Option<&Delegate> {
        match self {
            Item::Delegate(d) => Some(d),
            _ => None,
        }
    }

    fn meeting(&self) -> Option<&Meeting> {
        match self {
            Item::Meeting(m) => Some(m),
            _ => None,
        }
    }

    fn travel(&self) -> Option<&Travel> {
        match self {
            Item::Travel(t) => Some(t),
            _ => None,
        }
    }

    fn stay(&self) -> Option<&Stay> {
        match self {
            Item::Stay(s) => Some(s),
            _ => None,
        }
    }

    pub fn kind(&self) -> ItemKind {
        match self {
            Item::Delegate(_) => ItemKind::Delegate,
            Item::Meeting(_) => ItemKind::Meeting,
            Item::Travel(_) => ItemKind::Travel,
            Item::Stay(_) => ItemKind::Stay,
        }
    }
}

/// The smallest change: one slot of one plan list goes from `before` to `after`
/// (`None` before: an insertion at `index`; `None` after: a removal).
// Changes live briefly in a transaction or on the undo stack, a few at a time: boxing
// the items to shrink the rare plan-level variants would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Item {
        session: SessionId,
        kind: ItemKind,
        index: usize,
        before: Option<Item>,
        after: Option<Item>,
    },
    /// A new, empty plan for a session.
    CreatePlan(SessionId),
    /// Removing an empty plan (the inverse of creating one).
    RemovePlan(SessionId),
    /// One slot of the calendar (`sessions.toml`), as `Item` is of a plan: `None`
    /// before, a session added at `index`; `None` after, one removed.
    Session {
        index: usize,
        before: Option<Session>,
        after: Option<Session>,
    },
}

impl Change {
    pub fn inverse(&self) -> Change {
        match self {
            Change::Item {
                session,
                kind,
                index,
                before,
                after,
            } => Change::Item {
                session: session.clone(),
                kind: *kind,
                index: *index,
                before: after.clone(),
                after: before.clone(),
            },
            Change::CreatePlan(s) => Change::RemovePlan(s.clone()),
            Change::RemovePlan(s) => Change::CreatePlan(s.clone()),
            Change::Session {
                index,
                before,
                after,
            } => Change::Session {
                index: *index,
                before: after.clone(),
                after: before.clone(),
            },
        }
    }

    pub fn session(&self) -> &str {
        match self {
            Change::Item { session, .. }
            | Change::CreatePlan(session)
            | Change::RemovePlan(session) => session,
            Change::Session { before, after, .. } => after
                .as_ref()
                .or(before.as_ref())
                .map_or("", |s| s.id.as_str()),
        }
    }

    /// Apply to `db`. Changes are made by [`crate::planning::ops`] against the state
    /// they apply to, so a mismatch is a bug; it is reported rather than panicking.
    pub fn apply(&self, db: &mut Database) -> Result<(), String> {
        match self {
            Change::CreatePlan(s) => {
                if db.plans.contains_key(s) {
                    return Err(format!("a plan for {s} already exists"));
                }
                db.plans.insert(s.clone(), Plan::new(s));
                Ok(())
            }
            Change::RemovePlan(s) => db
                .plans
                .shift_remove(s)
                .map(|_| ())
                .ok_or_else(|| format!("no plan for {s}")),
            Change::Session {
                index,
                before,
                after,
            } => splice_calendar(db, *index, before.as_ref(), after.as_ref()),
            Change::Item { session, .. } => {
                let plan = db
                    .plans
                    .get_mut(session)
                    .ok_or_else(|| format!("no plan for {session}"))?;
                self.apply_to_plan(plan)
            }
        }
    }

    /// Apply an item change to one plan (used to try an edit on a copy first).
    pub fn apply_to_plan(&self, plan: &mut Plan) -> Result<(), String> {
        let Change::Item {
            kind,
            index,
            before,
            after,
            ..
        } = self
        else {
            return Err("not an item change".into());
        };
        match kind {
            ItemKind::Delegate => splice(&mut plan.delegates, *index, before, after, |i| match i {
                Item::Delegate(d) => Some(d),
                _ => None,
            }),
            ItemKind::Meeting => splice(&mut plan.meetings, *index, before, after, |i| match i {
                Item::Meeting(m) => Some(m),
                _ => None,
            }),
            ItemKind::Travel => splice(&mut plan.travel, *index, before, after, |i| match i {
                Item::Travel(t) => Some(t),
                _ => None,
            }),
            ItemKind::Stay => splice(&mut plan.stays, *index, before, after, |i| match i {
                Item::Stay(s) => Some(s),
                _ => None,
            }),
        }
    }
}

/// Apply a [`Change::Session`] to the calendar, checking that the slot holds what the
/// change expects (a session keeps its id: an edit never renames one).
fn splice_calendar(
    db: &mut Database,
    index: usize,
    before: Option<&Session>,
    after: Option<&Session>,
) -> Result<(), String> {
    let slot = db.sessions.get_index(index).map(|(_, s)| s);
    match (before, after) {
        (None, Some(new)) if index <= db.sessions.len() && !db.sessions.contains_key(&new.id) => {
            db.sessions.shift_insert(index, new.id.clone(), new.clone());
        }
        (Some(old), None) if slot == Some(old) => {
            db.sessions.shift_remove_index(index);
        }
        (Some(old), Some(new)) if slot == Some(old) && old.id == new.id => {
            db.sessions[index] = new.clone();
        }
        _ => {
            return Err(format!(
                "the calendar changed under this edit at position {index}"
            ));
        }
    }
    Ok(())
}

fn splice<T: Clone + PartialEq>(
    list: &mut Vec<T>,
    index: usize,
    before: &Option<Item>,
    after: &Option<Item>,
    unwrap: fn(&Item) -> Option<&T>,
) -> Result<(), String> {
    let before = before
        .as_ref()
        .map(|i| unwrap(i).ok_or("wrong item kind"))
        .transpose()?;
    let after = after
        .as_ref()
        .map(|i| unwrap(i).ok_or("wrong item kind"))
        .transpose()?;
    match (before, after) {
        (None, Some(new)) if index <= list.len() => list.insert(index, new.clone()),
        (Some(old), None) if list.get(index) == Some(old) => {
            list.remove(index);
        }
        (Some(old), Some(new)) if list.get(index) == Some(old) => list[index] = new.clone(),
        _ => {
            return Err(format!(
                "the plan changed under this edit at position {index}"
            ));
        }
    }
    Ok(())
}

/// A named group of changes, applied and undone together: one user action.
#[derive(Debug, Clone, PartialEq)]
pub struct Transaction {
    /// What the action did, in words: `assigned tomori to cnd-70 as head`.
    pub description: String,
    pub changes: Vec<Change>,
}

impl Transaction {
    pub fn new(description: impl Into<String>) -> Self {
        Self {
            description: description.into(),
            changes: Vec::new(),
        }
    }

    pub fn inverse(&self) -> Transaction {
        Transaction {
            description: format!("undo: {}", self.description),
            changes: self.changes.iter().rev().map(Change::inverse).collect(),
        }
    }

    /// Apply every change, or none: on a failure midway the applied ones are undone.
    pub fn apply(&self, db: &mut Database) -> Result<(), String> {
        for (done, change) in self.changes.iter().enumerate() {
            if let Err(e) = change.apply(db) {
                for c in self.changes[..done].iter().rev() {
                    let _ = c.inverse().apply(db);
                }
                return Err(e);
            }
        }
        Ok(())
    }

    /// The transaction with each item it adds or changes stamped as changed at `now`
    /// ([`crate::items::stamp`]): `changed`, and `sequence` one higher when the item's
    /// time or place changed. Removals carry no stamp: the item is gone.
    pub fn stamped(mut self, now: chrono::DateTime<chrono::Utc>) -> Self {
        use crate::items::stamp;
        for change in &mut self.changes {
            let Change::Item { before, after, .. } = change else {
                continue;
            };
            match (before.as_ref(), after.as_mut()) {
                (b, Some(Item::Delegate(a))) => stamp(b.and_then(Item::delegate), a, now),
                (b, Some(Item::Meeting(a))) => stamp(b.and_then(Item::meeting), a, now),
                (b, Some(Item::Travel(a))) => stamp(b.and_then(Item::travel), a, now),
                (b, Some(Item::Stay(a))) => stamp(b.and_then(Item::stay), a, now),
                (_, None) => {}
            }
        }
        self
    }

    /// The sessions whose plans this touches.
    pub fn sessions(&self) -> impl Iterator<Item = &str> {
        self.changes.iter().map(Change::session)
    }
}
