//! One definition per kind of plan item: a delegate, a side meeting, a journey, a hotel
//! stay. Each kind's module holds all there is to know about it: its type, how it is
//! read from its `[[table]]` in a plan file (which keys, required or optional), how it
//! is written back, and its rules.
//!
//! The loader and the planning operations apply the same rules, through the same code:
//!
//! - loading reads each table with [`PlanItem::read`] and checks the item with
//!   [`PlanItem::rules`] ([`read`]); validation then checks it against the rest of the
//!   database with [`PlanItem::rules_in`];
//! - an operation writes the item it made as a plan file would hold it
//!   ([`PlanItem::write`]), reads that back with the loader's reader and rules, and
//!   checks it against the database with the same [`PlanItem::rules_in`] ([`check`]).
//!
//! So an edit is refused exactly when the file it would write would not load, and a
//! file the loader accepts holds items every edit accepts.

pub mod accreditation;
pub mod delegate;
pub mod meeting;
pub mod person;
pub mod section;
pub mod stay;
pub mod travel;

use std::collections::HashSet;
use std::ops::Range;

use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;
use toml::de::DeTable;
use toml_edit::Value;

pub use delegate::Delegate;
pub use meeting::Meeting;
pub use stay::Stay;
pub use travel::Travel;

use crate::diag::{Code, Diagnostic, Diagnostics, FileId, Span};
use crate::model::{Database, DayOrTime, Moment, Origin, Plan, Revision, Session, Venue, Zone};
use crate::store::fields::Fields;
use crate::text::printable;
use crate::time::{TimeError, resolve_local};
use crate::validate::Written;

/// An item's keys and values as written to its table, in order; `None` leaves a key out.
pub type Values = Vec<(&'static str, Option<Value>)>;

/// What every kind of record of the files defines: a `[[table]]` with its keys, read
/// and written by one definition, with the rules on the record alone. Plan items
/// ([`PlanItem`]) are records; so are sections and people, kept in `sections.toml`.
pub trait Record: Clone + PartialEq + Sized {
    /// The name of its tables in a file (`[[meeting]]`), and of the item in messages.
    const TABLE: &'static str;
    /// The key whose value names the item in messages: `meeting "cnd70-csu"`.
    const NAME_KEY: &'static str;

    /// Read the item's keys from its table. `None` when a required value is missing or
    /// invalid (already reported by `f`); an item is still made when only an optional
    /// value is wrong, so that its rules can report their problems at the same time.
    fn read(f: &mut Fields<'_>) -> Option<Self>;

    /// Its keys and values, in the order a new table is written.
    fn write(&self) -> Values;

    /// Whether `other` is a version of the same item (for saving: edited in place, not
    /// removed and added).
    fn same(&self, other: &Self) -> bool;

    /// The value of [`Record::NAME_KEY`].
    fn name_value(&self) -> &str;

    fn origin(&self) -> &Origin;

    fn origin_mut(&mut self) -> &mut Origin;

    /// The rules on the item alone: required text not empty, an end after its start...
    fn rules(&self, out: &mut Diagnostics);

    /// How messages name it: `meeting "cnd70-csu"`, `stay "tomori"`.
    fn what(&self) -> String {
        format!("{} \"{}\"", Self::TABLE, printable(self.name_value()))
    }

    /// The span of one of its keys' values, for a message about that key.
    fn at(&self, key: &str) -> Option<Span> {
        self.origin().field(key)
    }
}

/// What every kind of plan item defines beyond its record: its change record (for
/// calendars) and its rules against the database and the plan it is in.
pub trait PlanItem: Record {
    /// When it was last changed, and how often its time or place changed.
    fn revision(&self) -> Revision;

    fn revision_mut(&mut self) -> &mut Revision;

    /// Whether its time or place differs from `before`'s: what makes a calendar's
    /// `SEQUENCE` grow.
    fn moved_from(&self, before: &Self) -> bool;

    /// The rules against the database and the plan: references, the venue's rooms and
    /// time zone, the delegation.
    fn rules_in(&self, ctx: &Context<'_>, out: &mut Diagnostics);
}

/// Read one `[[table]]` into an item and check it with its own rules. `None` when the
/// item cannot be used: every problem is reported, and the item is dropped rather
/// than half-built, so that later checks do not report the same mistake again.
pub fn read<T: Record>(
    table: &DeTable<'_>,
    span: Range<usize>,
    file: FileId,
    diags: &mut Diagnostics,
) -> Option<T> {
    let mut f = Fields::new(table, span, file, T::TABLE, diags);
    f.name_by(T::NAME_KEY);
    let item = T::read(&mut f);
    let (origin, ok) = f.finish();
    let mut item = item?;
    *item.origin_mut() = origin;
    let mut own = Diagnostics::default();
    item.rules(&mut own);
    let broken = own.has_errors();
    diags.extend(own.items);
    (ok && !broken).then_some(item)
}

/// Check an item an operation made, as loading the plan file would: written as the
/// file would hold it, read back by the loader's reader with the item's own rules,
/// then checked against the database (the plan it goes in is `ctx`'s).
pub fn check<T: PlanItem>(item: &T, ctx: &Context<'_>, out: &mut Diagnostics) {
    reread(item, out);
    item.rules_in(ctx, out);
}

/// Write an item into a table of its own, and read it back with [`read`]: the item as
/// loading its file would give it, if it would. The problems found point at that
/// scratch text, so they are handed back without a place.
pub(crate) fn reread<T: Record>(item: &T, out: &mut Diagnostics) -> Option<T> {
    let mut table = toml_edit::Table::new();
    for (key, value) in item.write() {
        if let Some(value) = value {
            table.insert(key, toml_edit::Item::Value(value));
        }
    }
    let mut list = toml_edit::ArrayOfTables::new();
    list.push(table);
    let mut doc = toml_edit::DocumentMut::new();
    doc.insert(T::TABLE, toml_edit::Item::ArrayOfTables(list));
    let text = doc.to_string();
    let mut diags = Diagnostics::default();
    let scratch = FileId(usize::MAX);
    let read_back = match DeTable::parse(&text) {
        Ok(doc) => doc
            .get_ref()
            .get(T::TABLE)
            .and_then(|a| a.get_ref().as_array()?.first())
            .and_then(|t| Some((t.get_ref().as_table()?, t.span())))
            .and_then(|(table, span)| read::<T>(table, span, scratch, &mut diags)),
        Err(e) => {
            diags.push(Diagnostic::error(format!(
                "{} cannot be written as TOML: {}",
                item.what(),
                e.message()
            )));
            None
        }
    };
    out.extend(diags.items.into_iter().map(|d| d.at(None)));
    read_back
}

/// Record that an edit made `after` (from `before`, or new) at `now`: its `changed`
/// stamp, and one more in its sequence when its time or place changed. An item the
/// edit left as it was keeps its stamp.
pub fn stamp<T: PlanItem>(before: Option<&T>, after: &mut T, now: DateTime<Utc>) {
    let Some(before) = before else {
        after.revision_mut().changed = Some(now);
        return;
    };
    let mut unstamped = after.clone();
    *unstamped.revision_mut() = before.revision();
    if unstamped == *before {
        *after.revision_mut() = before.revision();
        return;
    }
    let moved = after.moved_from(before);
    let revision = after.revision_mut();
    revision.changed = Some(now);
    revision.sequence = before.revision().sequence + u32::from(moved);
}

/// The keys of a [`Revision`], last in every item's table.
fn revision(r: &Revision) -> [(&'static str, Option<Value>); 2] {
    let changed = r
        .changed
        .and_then(|t| datetime(t.format("%Y-%m-%dT%H:%M:%SZ").to_string()));
    let sequence = (r.sequence > 0).then(|| Value::from(i64::from(r.sequence)));
    [("changed", changed), ("sequence", sequence)]
}

/// Give every item of `list` without an id (written before journeys and stays had
/// them) one made from what it is, `base`, unique in the list: the same file gives
/// the same ids at every load, and the next save writes them down.
pub fn fill_ids<T>(list: &mut [T], id: fn(&mut T) -> &mut String, base: fn(&T) -> String) {
    let mut taken: HashSet<String> = list
        .iter_mut()
        .map(|t| id(t).clone())
        .filter(|i| !i.is_empty())
        .collect();
    for item in list.iter_mut() {
        if id(item).is_empty() {
            let fresh = unique_id(&base(item), |c| taken.contains(c));
            taken.insert(fresh.clone());
            *id(item) = fresh;
        }
    }
}

/// `base` as an id (a slug), with `-2`, `-3`... when `taken` says it is taken.
pub fn unique_id(base: &str, taken: impl Fn(&str) -> bool) -> String {
    let stem = crate::text::slugify(base);
    (1..)
        .map(|n| match n {
            1 => stem.clone(),
            n => format!("{stem}-{n}"),
        })
        .find(|c| !taken(c))
        .unwrap_or(stem)
}

/// The rule that journey and stay ids are unique in their plan.
pub fn unique_ids<'a>(
    kind: &str,
    items: impl Iterator<Item = (&'a str, Option<Span>)>,
    out: &mut Diagnostics,
) {
    let mut seen = HashSet::new();
    for (id, at) in items {
        if !seen.insert(id) {
            out.push(
                Diagnostic::error(format!(
                    "two [[{kind}]] entries of this plan have the id \"{}\"",
                    printable(id)
                ))
                .at(at)
                .help("ids of journeys and stays are unique in their plan: rename one, or delete the line and attaché makes a new one on the next save"),
            );
        }
    }
}

/// The tables of every kind in a plan file, in the order they are read and written.
pub const TABLES: [&str; 4] = [Delegate::TABLE, Meeting::TABLE, Travel::TABLE, Stay::TABLE];

/// What the rules of one plan's items check against: the database, and the plan's
/// session and venue when they are known (a plan of an unknown session, or one whose
/// sessions file did not load, still has the rules that need neither checked).
pub struct Context<'a> {
    pub db: &'a Database,
    pub plan: &'a Plan,
    pub session: Option<&'a Session>,
    pub venue: Option<&'a Venue>,
    delegates: HashSet<&'a str>,
    /// What the files held that the database lacks, when checking a loaded database:
    /// a reference to an item dropped for its own error is not reported again.
    written: Option<&'a Written>,
}

impl<'a> Context<'a> {
    pub fn new(db: &'a Database, plan: &'a Plan, written: Option<&'a Written>) -> Self {
        let session = db.sessions.get(&plan.session);
        Self {
            db,
            plan,
            session,
            venue: session.and_then(|s| db.venues.get(&s.venue)),
            delegates: plan.delegates.iter().map(|d| d.person.as_str()).collect(),
            written,
        }
    }

    /// The venue's time zone, in which meeting times and arrivals are written.
    pub fn tz(&self) -> Option<Tz> {
        self.venue.map(|v| v.timezone)
    }

    fn excuses(&self, kind: &'static str, id: &str) -> bool {
        self.written.is_some_and(|w| w.excuses(kind, id))
    }

    /// Whether `person` is in the plan's delegation (or written in it, and dropped for
    /// a problem reported already).
    pub fn in_delegation(&self, person: &str) -> bool {
        self.delegates.contains(person)
            || self
                .written
                .is_some_and(|w| w.excuses_delegate(&self.plan.session, person))
    }

    /// The rule that a person an item names exists: an error otherwise, with "did you
    /// mean".
    pub fn unknown_person(
        &self,
        person: &str,
        in_what: &str,
        at: Option<Span>,
    ) -> Option<Diagnostic> {
        if self.db.people.contains_key(person) || self.excuses("person", person) {
            return None;
        }
        Some(crate::validate::unknown("person", person, in_what, self.db.people.keys()).at(at))
    }

    /// The rule for the person of a journey or a hotel stay: known, and in the
    /// delegation (a warning: the booking may be in the wrong plan).
    fn traveller(&self, person: &str, kind: &str, at: Option<Span>, out: &mut Diagnostics) {
        let what = format!(
            "a [[{kind}]] of the plan for \"{}\"",
            printable(&self.plan.session)
        );
        if !self.db.people.contains_key(person) {
            out.extend(self.unknown_person(person, &what, at));
        } else if !self.in_delegation(person) {
            out.push(
                Diagnostic::warning(format!(
                    "\"{}\" has {what} but is not in the delegation",
                    printable(person)
                ))
                .at(at)
                .help(format!(
                    "add them as a delegate, or move the {kind} to the right plan"
                ))
                .code(Code::LogisticsNotDelegate, &[person], &[]),
            );
        }
    }

    /// The rule that a local time at the venue exists: a time that a daylight-saving
    /// change skips or repeats is an error. `key` of `what` is the time, `it` what to
    /// move in the help ("the meeting").
    pub fn venue_time(
        &self,
        key: &str,
        what: &str,
        local: NaiveDateTime,
        it: &str,
        at: Option<Span>,
    ) -> Option<Diagnostic> {
        let tz = self.tz()?;
        let e = resolve_local(tz, local).err()?;
        // Venue times take no offset, so the general advice (write one) does not apply.
        let help = match e {
            TimeError::Gap => {
                format!("the clocks jump forward over this hour: move {it} an hour later")
            }
            TimeError::Ambiguous => {
                format!("the clocks go back and this hour happens twice: move {it} out of it")
            }
        };
        Some(
            Diagnostic::error(format!("{key} of {what}: {}", e.explain(local, tz)))
                .at(at)
                .help(help),
        )
    }
}

/// The rule that a text an item needs is there: not empty, not only spaces.
fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// The rule that a name-like text is one line: a line break or other control
/// character in a name is a paste gone wrong, and breaks every list that shows it. A
/// warning, so that a file holding one still loads (it is shown escaped); an edit of
/// a section or a person refuses to make one ([`crate::planning::ops`]).
fn one_line<T: Record>(item: &T, key: &str, value: &str, out: &mut Diagnostics) {
    if value.chars().any(crate::text::breaks_line) {
        out.push(
            Diagnostic::warning(format!(
                "{key} of {} is not one line: \"{}\"",
                item.what(),
                printable(value)
            ))
            .at(item.at(key))
            .help(format!(
                "write {key} on one line, without line breaks or tabs"
            )),
        );
    }
}

// --- Values as written ---------------------------------------------------------------

pub(crate) fn text(s: &str) -> Option<Value> {
    Some(Value::from(s))
}

pub(crate) fn opt_text(s: &Option<String>) -> Option<Value> {
    s.as_deref().map(Value::from)
}

fn list<T: std::ops::Deref<Target = str>>(items: &[T]) -> Option<Value> {
    Some(Value::Array(items.iter().map(|i| &**i).collect()))
}

fn datetime(s: String) -> Option<Value> {
    s.parse::<toml_edit::Datetime>().ok().map(Value::from)
}

pub(crate) fn date(d: chrono::NaiveDate) -> Option<Value> {
    datetime(d.to_string())
}

fn local(t: NaiveDateTime) -> Option<Value> {
    datetime(t.format("%Y-%m-%dT%H:%M:%S").to_string())
}

fn day_or_time(d: Option<DayOrTime>) -> Option<Value> {
    match d? {
        DayOrTime::Day(day) => date(day),
        DayOrTime::Time(t) => local(t),
    }
}

/// The time key and zone key of a moment: an offset date-time, or a local one with
/// the zone's name.
fn moment(m: &Moment) -> (Option<Value>, Option<Value>) {
    let local = m.local.format("%Y-%m-%dT%H:%M:%S").to_string();
    match m.zone {
        Zone::Offset(off) => (datetime(format!("{local}{off}")), None),
        Zone::Named(tz) => (datetime(local), text(tz.name())),
    }
}

#[cfg(test)]
pub(crate) mod tests;

#[cfg(test)]
mod properties;
