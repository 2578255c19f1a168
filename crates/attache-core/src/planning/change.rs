//! Changes to a database as values that can be inverted: applying a change returns
//! nothing to remember, because its inverse is computed from the change itself. This
//! is what makes undo and redo free (the idea is helix's transactions).

use indexmap::IndexMap;

use crate::items::{Record, Values};
use crate::model::{
    Database, Delegate, Meeting, Person, Plan, Section, Session, SessionId, Stay, Travel,
};

/// One item of a plan.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Delegate(Delegate),
    Meeting(Meeting),
    Travel(Travel),
    Stay(Stay),
}

/// One record outside the plans: a section or a person of `sections.toml`, or a
/// session of the calendar.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    Section(Section),
    Person(Person),
    /// A session of the calendar, `sessions.toml`.
    Session(Session),
}

impl Entry {
    pub fn id(&self) -> &str {
        match self {
            Entry::Section(s) => &s.id,
            Entry::Person(p) => &p.id,
            Entry::Session(s) => &s.id,
        }
    }

    /// Its keys and values as its file holds them (its kind's writer).
    pub fn values(&self) -> Values {
        match self {
            Entry::Section(s) => s.write(),
            Entry::Person(p) => p.write(),
            Entry::Session(s) => s.write(),
        }
    }

    /// The name of its tables (`person`), as in its file.
    pub fn table(&self) -> &'static str {
        match self {
            Entry::Section(_) => Section::TABLE,
            Entry::Person(_) => Person::TABLE,
            Entry::Session(_) => Session::TABLE,
        }
    }
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

impl Item {
    /// Its keys and values as its plan file holds them (its kind's writer).
    pub fn values(&self) -> Values {
        match self {
            Item::Delegate(d) => d.write(),
            Item::Meeting(m) => m.write(),
            Item::Travel(t) => t.write(),
            Item::Stay(s) => s.write(),
        }
    }

    /// The name of its tables (`meeting`), as in the plan file.
    pub fn table(&self) -> &'static str {
        match self {
            Item::Delegate(_) => Delegate::TABLE,
            Item::Meeting(_) => Meeting::TABLE,
            Item::Travel(_) => Travel::TABLE,
            Item::Stay(_) => Stay::TABLE,
        }
    }

    /// The value that names it in messages: a meeting's id, a delegate's person...
    pub fn name(&self) -> &str {
        match self {
            Item::Delegate(d) => d.name_value(),
            Item::Meeting(m) => m.name_value(),
            Item::Travel(t) => t.name_value(),
            Item::Stay(s) => s.name_value(),
        }
    }
}

/// One key of an item whose value an edit changed, in the file's own words
/// (`start`: `2027-03-09T13:00:00` → `2027-03-09T13:30:00`); `None` for a key the item
/// does not have on that side.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldChange {
    pub key: &'static str,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// The keys whose values differ between two versions of an item, in the order its
/// file writes them. Made from the items' writers, so every kind, and every key a
/// kind gains, is compared without a list of fields here.
pub fn field_changes(before: Option<&Item>, after: Option<&Item>) -> Vec<FieldChange> {
    value_changes(before.map(Item::values), after.map(Item::values))
}

/// The same for a record of `sections.toml` or of the calendar: a section, a person,
/// a session.
pub fn entry_changes(before: Option<&Entry>, after: Option<&Entry>) -> Vec<FieldChange> {
    value_changes(before.map(Entry::values), after.map(Entry::values))
}

/// [`field_changes`] for any record, from its writer's keys and values: the keys whose
/// values differ, in the order the newer is written.
pub fn value_changes(before: Option<Values>, after: Option<Values>) -> Vec<FieldChange> {
    fn text(values: Option<Values>) -> Vec<(&'static str, Option<String>)> {
        values
            .unwrap_or_default()
            .into_iter()
            .map(|(k, v)| (k, v.map(|v| v.to_string().trim().to_string())))
            .collect()
    }
    let old = text(before);
    let new = text(after);
    let value = |list: &[(&'static str, Option<String>)], key: &str| {
        list.iter()
            .find(|(k, _)| *k == key)
            .and_then(|(_, v)| v.clone())
    };
    let mut keys: Vec<&'static str> = new.iter().map(|(k, _)| *k).collect();
    for (k, _) in &old {
        if !keys.contains(k) {
            keys.push(k);
        }
    }
    keys.into_iter()
        .map(|key| FieldChange {
            key,
            old: value(&old, key),
            new: value(&new, key),
        })
        .filter(|c| c.old != c.new)
        .collect()
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
    /// One slot of the sections, the people or the calendar's sessions (by the
    /// entries' kind), like an item's: `None` before, an entry added at `index`;
    /// `None` after, one removed.
    Entry {
        index: usize,
        before: Option<Entry>,
        after: Option<Entry>,
    },
    /// A new, empty plan for a session.
    CreatePlan(SessionId),
    /// Removing an empty plan (the inverse of creating one).
    RemovePlan(SessionId),
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
            Change::Entry {
                index,
                before,
                after,
            } => Change::Entry {
                index: *index,
                before: after.clone(),
                after: before.clone(),
            },
            Change::CreatePlan(s) => Change::RemovePlan(s.clone()),
            Change::RemovePlan(s) => Change::CreatePlan(s.clone()),
        }
    }

    /// The session whose plan this changes; `None` for a change of `sections.toml`.
    pub fn session(&self) -> Option<&str> {
        match self {
            Change::Item { session, .. }
            | Change::CreatePlan(session)
            | Change::RemovePlan(session) => Some(session),
            Change::Entry { before, after, .. } => match after.as_ref().or(before.as_ref()) {
                Some(Entry::Session(s)) => Some(&s.id),
                _ => None,
            },
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
                db.plans
                    .insert(s.clone(), std::sync::Arc::new(Plan::new(s)));
                Ok(())
            }
            Change::RemovePlan(s) => db
                .plans
                .shift_remove(s)
                .map(|_| ())
                .ok_or_else(|| format!("no plan for {s}")),
            Change::Entry {
                index,
                before,
                after,
            } => apply_entry(db, *index, before.as_ref(), after.as_ref()),
            Change::Item { session, .. } => {
                let plan = db
                    .plans
                    .get_mut(session)
                    .ok_or_else(|| format!("no plan for {session}"))?;
                // Copied here if the saved database still shares it.
                self.apply_to_plan(std::sync::Arc::make_mut(plan))
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

fn apply_entry(
    db: &mut Database,
    index: usize,
    before: Option<&Entry>,
    after: Option<&Entry>,
) -> Result<(), String> {
    match before.or(after) {
        Some(Entry::Section(_)) => {
            splice_map(&mut db.sections, index, before, after, |e| match e {
                Entry::Section(s) => Some(s),
                _ => None,
            })
        }
        Some(Entry::Person(_)) => splice_map(&mut db.people, index, before, after, |e| match e {
            Entry::Person(p) => Some(p),
            _ => None,
        }),
        Some(Entry::Session(_)) => {
            splice_map(&mut db.sessions, index, before, after, |e| match e {
                Entry::Session(s) => Some(s),
                _ => None,
            })
        }
        None => Ok(()),
    }
}

/// [`splice`] for the maps of the database, keyed by the entries' ids (which an edit
/// never changes).
fn splice_map<K, T>(
    map: &mut IndexMap<K, T>,
    index: usize,
    before: Option<&Entry>,
    after: Option<&Entry>,
    unwrap: fn(&Entry) -> Option<&T>,
) -> Result<(), String>
where
    K: std::hash::Hash + Eq + std::borrow::Borrow<str> + for<'a> From<&'a str>,
    T: Clone + PartialEq,
{
    let stale = || format!("the records changed under this edit at position {index}");
    let old = before
        .map(|e| unwrap(e).ok_or("wrong kind of record"))
        .transpose()?;
    let new = after
        .map(|e| unwrap(e).ok_or("wrong kind of record"))
        .transpose()?;
    let at = map.get_index(index);
    match (old, new, at) {
        (None, Some(new), _) if index <= map.len() => {
            let id = after.map(Entry::id).unwrap_or_default();
            if map.contains_key(id) {
                return Err(format!("\"{id}\" exists already"));
            }
            map.shift_insert(index, K::from(id), new.clone());
        }
        (Some(old), None, Some((_, v))) if v == old => {
            map.shift_remove_index(index);
        }
        (Some(old), Some(new), Some((id, v)))
            if v == old && after.is_some_and(|e| e.id() == id.borrow()) =>
        {
            map[index] = new.clone();
        }
        _ => return Err(stale()),
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
        self.changes.iter().filter_map(Change::session)
    }

    /// Whether this changes `sections.toml` (a section or a person).
    pub fn touches_entries(&self) -> bool {
        self.changes.iter().any(|c| match c {
            Change::Entry { before, after, .. } => {
                !matches!(after.as_ref().or(before.as_ref()), Some(Entry::Session(_)))
            }
            _ => false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{self, DbSource};

    #[test]
    fn a_moved_meeting_lists_its_start_and_end_old_to_new() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/sample");
        let db = store::load(&DbSource::Dir(dir), chrono::NaiveDate::MIN).db;
        let old = db.plans["cnd-70"].meetings[0].clone();
        let mut new = old.clone();
        new.start += chrono::Duration::minutes(30);
        new.end += chrono::Duration::minutes(30);
        new.room = None;
        let changes = field_changes(Some(&Item::Meeting(old.clone())), Some(&Item::Meeting(new)));
        let keys: Vec<&str> = changes.iter().map(|c| c.key).collect();
        assert_eq!(keys[..2], ["start", "end"]);
        let start = &changes[0];
        assert_eq!(
            start.old.as_deref(),
            Some(old.start.format("%Y-%m-%dT%H:%M:%S").to_string().as_str())
        );
        if old.room.is_some() {
            let room = changes.iter().find(|c| c.key == "room").unwrap();
            assert_eq!(room.new, None, "a cleared key has no new value");
        }
    }
}
