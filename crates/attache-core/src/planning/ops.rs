//! Every change a delegation lead makes to a plan, as pure functions: each takes the
//! database and what to do, checks it, and returns a [`Transaction`] to apply, or an
//! error saying why not. Nothing here mutates or does I/O; the TUI and the command line
//! both drive these same functions through [`crate::planning::Editor`].
//!
//! A clash is not an error: leads book first and resolve later, so a double booking is
//! accepted here and reported by [`crate::planning::checks`]. What is refused is a plan
//! that would not load: a broken reference, an impossible or ambiguous time, two heads.
//! The rules are the loader's own, those of each kind of item in [`crate::items`]: an
//! edit is refused with the words `attache check` would use about its file.

use chrono::{Duration, NaiveDate};

use crate::diag::{Diagnostic, Diagnostics, did_you_mean};
use crate::items::Record;
use crate::items::{self, Context, PlanItem};
use crate::model::{
    Database, DayOrTime, Delegate, Meeting, MeetingId, MeetingStatus, Person, PersonId, Plan, Role,
    Section, SectionId, SessionId, Stay, Step, Travel, Visa,
};
use crate::planning::change::{Change, Entry, Item, ItemKind, Transaction};
use crate::text::{printable, slugify};
use crate::validate::Written;

/// Why an operation was refused, and what to do instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpError {
    pub message: String,
    pub help: Option<String>,
}

impl OpError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            help: None,
        }
    }

    pub(crate) fn help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }
}

impl From<&Diagnostic> for OpError {
    /// A rule's finding as the reason to refuse an edit.
    fn from(d: &Diagnostic) -> Self {
        Self {
            message: d.message.clone(),
            help: d.help.clone(),
        }
    }
}

impl std::fmt::Display for OpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.message)?;
        if let Some(h) = &self.help {
            write!(f, " ({h})")?;
        }
        Ok(())
    }
}

impl std::error::Error for OpError {}

impl From<String> for OpError {
    fn from(message: String) -> Self {
        OpError::new(message)
    }
}

pub type OpResult = Result<Transaction, OpError>;

pub(crate) fn session_exists(db: &Database, session: &str) -> Result<(), OpError> {
    if db.sessions.contains_key(session) {
        return Ok(());
    }
    Err(OpError::new(format!("unknown session \"{session}\"")).help(
        did_you_mean(session, db.sessions.keys().map(|k| k.as_str()))
            .or_else(|| Some("list them with: attache sessions".into())),
    ))
}

/// The plan of a session, or an empty one, with the change that creates it if needed.
pub(crate) fn plan_or_new(db: &Database, session: &str, tx: &mut Transaction) -> Plan {
    match db.plans.get(session) {
        Some(p) => (**p).clone(),
        None => {
            tx.changes.push(Change::CreatePlan(session.into()));
            Plan::new(session)
        }
    }
}

/// Try the transaction's item changes on a copy of the plan, and refuse it if the
/// result would not pass the loader's validation. Reusing the loader's rules means an
/// edit can never produce a plan that fails to load.
pub(crate) fn verify(db: &Database, mut plan: Plan, tx: Transaction) -> OpResult {
    for c in &tx.changes {
        if let Change::Item { .. } = c {
            c.apply_to_plan(&mut plan).map_err(OpError::new)?;
        }
    }
    if !db.sessions.contains_key(&plan.session) {
        return Err(OpError::new("unknown session"));
    }
    let mut diags = Diagnostics::default();
    // The date only decides deadline warnings, which are not errors: any day will do.
    crate::validate::validate_plan(db, &plan, &mut diags);
    match diags.errors().next() {
        Some(e) => Err(e.into()),
        None => Ok(tx),
    }
}

/// Refuse an item the loader would refuse, for the loader's reason: the item is
/// written as its plan file would hold it, read back with the loader's reader and the
/// item's rules, and checked against the database and `plan`, where it goes
/// ([`items::check`]).
fn check_item<T: PlanItem>(db: &Database, plan: &Plan, item: &T) -> Result<(), OpError> {
    let mut diags = Diagnostics::default();
    items::check(item, &Context::new(db, plan, None), &mut diags);
    match diags.errors().next() {
        Some(e) => Err(e.into()),
        None => Ok(()),
    }
}

pub(crate) fn item_change(
    session: &str,
    kind: ItemKind,
    index: usize,
    before: Option<Item>,
    after: Option<Item>,
) -> Change {
    Change::Item {
        session: session.into(),
        kind,
        index,
        before,
        after,
    }
}

/// What to set on a delegate; `None` leaves a value as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DelegateChange {
    pub role: Option<Role>,
    pub arrive: Option<Option<DayOrTime>>,
    pub depart: Option<Option<DayOrTime>>,
    /// The `registered` step (see `steps`).
    pub registered: Option<bool>,
    /// Accreditation steps to mark done (on a day, if given) or not done.
    pub steps: Vec<(Step, bool, Option<NaiveDate>)>,
    /// Where the visa stands now, and since when.
    pub visa: Option<(Visa, Option<NaiveDate>)>,
    pub notes: Option<Option<String>>,
}

/// Put a person in a session's delegation, or change their role, dates or
/// registration if they are in it already. Making someone head when another person is
/// head is refused: change the other's role first.
pub fn assign(
    db: &Database,
    session: &SessionId,
    person: &PersonId,
    change: DelegateChange,
) -> OpResult {
    session_exists(db, session)?;
    let mut tx = Transaction::new("");
    let plan = plan_or_new(db, session, &mut tx);
    let existing = plan.delegates.iter().position(|d| d.person == person);
    let old = existing.map(|i| plan.delegates[i].clone());
    let base = old.clone().unwrap_or(Delegate {
        person: person.into(),
        role: Role::Delegate,
        arrive: None,
        depart: None,
        accreditation: Default::default(),
        notes: None,
        revision: Default::default(),
        origin: Default::default(),
    });
    let mut accreditation = base.accreditation.clone();
    let registered = change.registered.map(|r| (Step::Registered, r, None));
    for (step, done, on) in change.steps.iter().copied().chain(registered) {
        // Marking a step done again keeps the day it was done, unless a day is given.
        let kept = accreditation.done.get(&step).copied().flatten();
        accreditation.set(step, done, on.or(kept));
    }
    if let Some((visa, on)) = change.visa {
        accreditation.visa = visa;
        accreditation.visa_on = on;
    }
    let new = Delegate {
        role: change.role.unwrap_or(base.role),
        arrive: change.arrive.unwrap_or(base.arrive),
        depart: change.depart.unwrap_or(base.depart),
        accreditation,
        notes: change.notes.unwrap_or_else(|| base.notes.clone()),
        ..base
    };
    check_item(db, &plan, &new)?;
    if old.as_ref() == Some(&new) {
        return Err(OpError::new(format!(
            "{person} is already in the delegation to {session} like that"
        )));
    }
    // The delegation's rule of one head, said as what to do about this edit.
    if new.role == Role::Head
        && let Some(head) = items::delegate::heads(&plan.delegates).find(|d| d.person != person)
    {
        return Err(OpError::new(format!(
            "{} is already head of the delegation to {session}",
            head.person
        ))
        .help(Some(format!(
            "make {} deputy first: attache assign --session {session} --person {} --role deputy",
            head.person, head.person
        ))));
    }
    tx.description = match &old {
        None => format!("assigned {person} to {session} as {}", new.role),
        Some(_) => format!("updated {person} in {session}: {}", describe_delegate(&new)),
    };
    let index = existing.unwrap_or(plan.delegates.len());
    tx.changes.push(item_change(
        session,
        ItemKind::Delegate,
        index,
        old.map(Item::Delegate),
        Some(Item::Delegate(new)),
    ));
    verify(db, plan, tx)
}

fn describe_delegate(d: &Delegate) -> String {
    let mut s = d.role.to_string();
    if let Some(a) = d.arrive {
        s.push_str(&format!(", arrives {a}"));
    }
    if let Some(dep) = d.depart {
        s.push_str(&format!(", departs {dep}"));
    }
    let done: Vec<&str> = d.accreditation.done.keys().map(|s| s.as_str()).collect();
    if !done.is_empty() {
        s.push_str(&format!(", {}", done.join(", ")));
    }
    if d.accreditation.visa != Visa::NotNeeded {
        s.push_str(&format!(", visa {}", d.accreditation.visa));
    }
    s
}

/// What goes with a person out of one plan: their place in the delegation, their seats
/// at its meetings, their journeys and their hotel stays (positions in the plan).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Belongings {
    pub delegate: Option<usize>,
    pub meetings: Vec<usize>,
    pub travel: Vec<usize>,
    pub stays: Vec<usize>,
}

impl Belongings {
    /// Everything of `person` in `plan`.
    pub fn of(plan: &Plan, person: &str) -> Belongings {
        let positions = |people: &mut dyn Iterator<Item = bool>| {
            people
                .enumerate()
                .filter_map(|(i, theirs)| theirs.then_some(i))
                .collect()
        };
        Belongings {
            delegate: plan.delegates.iter().position(|d| d.person == person),
            meetings: positions(
                &mut plan
                    .meetings
                    .iter()
                    .map(|m| m.attendees.iter().any(|a| a == person)),
            ),
            travel: positions(&mut plan.travel.iter().map(|t| t.person == person)),
            stays: positions(&mut plan.stays.iter().map(|s| s.person == person)),
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == Belongings::default()
    }

    /// What goes with the delegate, in words: "2 journeys, 1 hotel stay and their
    /// seats at 3 meetings"; `None` when nothing does.
    pub fn describe(&self) -> Option<String> {
        let count = |n: usize, one: &str, many: &str| match n {
            0 => None,
            1 => Some(format!("1 {one}")),
            n => Some(format!("{n} {many}")),
        };
        let parts: Vec<String> = [
            count(self.travel.len(), "journey", "journeys"),
            count(self.stays.len(), "hotel stay", "hotel stays"),
            count(self.meetings.len(), "meeting", "meetings")
                .map(|m| format!("their seats at {m}")),
        ]
        .into_iter()
        .flatten()
        .collect();
        match parts.as_slice() {
            [] => None,
            [one] => Some(one.clone()),
            [init @ .., last] => Some(format!("{} and {last}", init.join(", "))),
        }
    }
}

/// Push the changes that take everything of `person` out of `plan` (see
/// [`Belongings`]). Removals go from the last position to the first, so that each
/// change's position holds when it is applied, and when it is undone.
fn take_out(plan: &Plan, person: &str, tx: &mut Transaction) -> Belongings {
    let what = Belongings::of(plan, person);
    let session = plan.session.as_str();
    for &i in &what.meetings {
        let old = &plan.meetings[i];
        let mut new = old.clone();
        new.attendees.retain(|a| a != person);
        let (old, new) = (Item::Meeting(old.clone()), Item::Meeting(new));
        tx.changes.push(item_change(
            session,
            ItemKind::Meeting,
            i,
            Some(old),
            Some(new),
        ));
    }
    let removals = [
        (ItemKind::Travel, &what.travel),
        (ItemKind::Stay, &what.stays),
    ];
    for (kind, positions) in removals {
        for &i in positions.iter().rev() {
            let old = match kind {
                ItemKind::Travel => Item::Travel(plan.travel[i].clone()),
                _ => Item::Stay(plan.stays[i].clone()),
            };
            tx.changes
                .push(item_change(session, kind, i, Some(old), None));
        }
    }
    if let Some(i) = what.delegate {
        let old = Item::Delegate(plan.delegates[i].clone());
        tx.changes
            .push(item_change(session, ItemKind::Delegate, i, Some(old), None));
    }
    what
}

/// Take a person out of a delegation with everything they had in its plan: their seats
/// at its meetings, their journeys and their hotel stays (they will not be there). One
/// change, so one undo brings all of it back; its description names what went.
pub fn unassign(db: &Database, session: &SessionId, person: &PersonId) -> OpResult {
    session_exists(db, session)?;
    let plan = db
        .plans
        .get(session)
        .ok_or_else(|| OpError::new(format!("{session} has no plan yet")))?;
    if plan.delegate(person).is_none() {
        return Err(
            OpError::new(format!("{person} is not in the delegation to {session}")).help(
                did_you_mean(person, plan.delegates.iter().map(|d| d.person.as_str())),
            ),
        );
    }
    let mut tx = Transaction::new("");
    let gone = take_out(plan, person, &mut tx);
    tx.description = format!("removed {person} from the delegation to {session}");
    if let Some(with) = gone.describe() {
        tx.description.push_str(&format!(", with {with}"));
    }
    verify(db, (**plan).clone(), tx)
}

/// The session and position of a meeting, by id.
pub fn find_meeting<'a>(db: &'a Database, id: &str) -> Option<(&'a Plan, usize)> {
    db.plans.values().find_map(|p| {
        p.meetings
            .iter()
            .position(|m| m.id == id)
            .map(|i| (&**p, i))
    })
}

pub(crate) fn meeting_or_err<'a>(db: &'a Database, id: &str) -> Result<(&'a Plan, usize), OpError> {
    find_meeting(db, id).ok_or_else(|| {
        OpError::new(format!("unknown meeting \"{id}\""))
            .help(did_you_mean(id, db.meetings().map(|(_, m)| m.id.as_str())))
    })
}

/// A fresh meeting id made from a title: readable, unique in the database, and
/// unlikely to be made by anyone else. Leads and assistants add meetings offline in
/// their own copies and merge them with git: two people adding "Bilateral" must not
/// both make `cnd-70-bilateral`, or the merge sees one meeting edited twice. So the id
/// ends in four letters or digits drawn from `salt` (the front ends pass one made from
/// the clock and the process, once per edit; tests pass a fixed one).
pub fn new_meeting_id(db: &Database, session: &SessionId, title: &str, salt: u64) -> MeetingId {
    let base = cut_at_word(&format!("{session}-{}", slugify(title)), 43);
    let taken = |id: &str| find_meeting(db, id).is_some();
    (0..)
        .map(|n| format!("{base}-{}", suffix(salt.wrapping_add(n))))
        .find(|id| !taken(id))
        .unwrap_or(base)
        .into()
}

/// A slug cut to at most `max` characters after a whole word (`cnd-70-bilateral-with`,
/// not `cnd-70-bilateral-wi`); a first word longer than that is cut.
fn cut_at_word(slug: &str, max: usize) -> String {
    let mut out = String::new();
    for word in slug.split('-').filter(|w| !w.is_empty()) {
        let len = out.len() + usize::from(!out.is_empty()) + word.len();
        if len > max {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        out = slug.chars().take(max).collect();
    }
    out
}

/// Four characters of `[a-z0-9]` spread from a number (FNV-1a over its bytes, stable
/// across Rust versions).
fn suffix(salt: u64) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in salt.to_le_bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";
    (0..4)
        .map(|i| ALPHABET[((h >> (i * 5)) & 31) as usize] as char)
        .collect()
}

/// Add a side meeting to a session's plan (creating the plan if needed).
pub fn add_meeting(db: &Database, session: &SessionId, meeting: Meeting) -> OpResult {
    session_exists(db, session)?;
    let empty = Plan::new(session);
    check_item(db, db.plans.get(session).map_or(&empty, |p| p), &meeting)?;
    if let Some((p, _)) = find_meeting(db, &meeting.id) {
        let d = items::meeting::duplicate_id(&meeting.id, &p.session);
        return Err(OpError::from(&d).help(Some(format!(
            "meeting ids are unique across all plans: pick another, e.g. \"{}\"",
            new_meeting_id(
                db,
                session,
                &meeting.title,
                meeting.start.and_utc().timestamp() as u64
            )
        ))));
    }
    let mut tx = Transaction::new(format!(
        "added meeting {} \"{}\" to {session}, {} to {}",
        meeting.id,
        meeting.title,
        meeting.start.format("%Y-%m-%d %H:%M"),
        meeting.end.format("%H:%M")
    ));
    let plan = plan_or_new(db, session, &mut tx);
    tx.changes.push(item_change(
        session,
        ItemKind::Meeting,
        plan.meetings.len(),
        None,
        Some(Item::Meeting(meeting)),
    ));
    verify(db, plan, tx)
}

/// Replace a meeting by an edited copy (same id), describing the edit as `what`.
pub(crate) fn replace_meeting(
    db: &Database,
    id: &str,
    what: &str,
    edit: impl FnOnce(&mut Meeting),
) -> OpResult {
    let (plan, index) = meeting_or_err(db, id)?;
    let old = plan.meetings[index].clone();
    let mut new = old.clone();
    edit(&mut new);
    new.id = old.id.clone();
    // What an edit records is the workspace's to stamp, from the old one.
    new.revision = old.revision;
    check_item(db, plan, &new)?;
    if new == old {
        return Err(OpError::new(format!("meeting {id} is already like that")));
    }
    let tx = Transaction {
        description: format!("{what} meeting {id}"),
        changes: vec![item_change(
            &plan.session,
            ItemKind::Meeting,
            index,
            Some(Item::Meeting(old)),
            Some(Item::Meeting(new)),
        )],
    };
    verify(db, plan.clone(), tx)
}

/// Edit a meeting's fields; its id stays.
pub fn edit_meeting(db: &Database, id: &MeetingId, edit: impl FnOnce(&mut Meeting)) -> OpResult {
    replace_meeting(db, id, "edited", edit)
}

/// Shift a meeting by some minutes, keeping its length.
pub fn move_meeting(db: &Database, id: &MeetingId, minutes: i64) -> OpResult {
    let d = Duration::minutes(minutes);
    let what = format!("moved ({minutes:+} min)");
    replace_meeting(db, id, &what, |m| {
        m.start += d;
        m.end += d;
    })
}

/// Lengthen (or shorten, with negative minutes) a meeting by moving its end.
pub fn resize_meeting(db: &Database, id: &MeetingId, minutes: i64) -> OpResult {
    let what = format!("resized ({minutes:+} min)");
    replace_meeting(db, id, &what, |m| m.end += Duration::minutes(minutes))
}

/// Set a meeting's status: cancelling keeps it in the plan, marked, so everyone sees it
/// was called off.
pub fn set_meeting_status(db: &Database, id: &MeetingId, status: MeetingStatus) -> OpResult {
    let what = match status {
        MeetingStatus::Cancelled => "cancelled".to_string(),
        s => format!("marked {s}"),
    };
    replace_meeting(db, id, &what, |m| m.status = status)
}

/// Delete a meeting from its plan.
pub fn remove_meeting(db: &Database, id: &MeetingId) -> OpResult {
    let (plan, index) = meeting_or_err(db, id)?;
    let tx = Transaction {
        description: format!("deleted meeting {id} from {}", plan.session),
        changes: vec![item_change(
            &plan.session,
            ItemKind::Meeting,
            index,
            Some(Item::Meeting(plan.meetings[index].clone())),
            None,
        )],
    };
    verify(db, plan.clone(), tx)
}

/// Add a travel leg (or, with `index`, replace one). A new journey without an id gets
/// one made from who travels, how and when ([`Travel::id_from_content`]), unique in
/// the plan; an edited one keeps its own.
pub fn put_travel(
    db: &Database,
    session: &SessionId,
    index: Option<usize>,
    mut travel: Travel,
) -> OpResult {
    session_exists(db, session)?;
    let list = db.plans.get(session).map_or(&[][..], |p| &p.travel[..]);
    travel.id = item_id(
        list,
        index,
        travel.id.clone(),
        |t| &t.id,
        || travel.id_from_content(),
    );
    let desc = format!(
        "{} {} travel for {}: {} to {}",
        if index.is_some() { "edited" } else { "added" },
        travel.mode,
        travel.person,
        travel.from,
        travel.to
    );
    put_item(db, session, index, travel, desc, |p| &p.travel)
}

/// Add a hotel stay (or, with `index`, replace one); its id as for [`put_travel`].
pub fn put_stay(
    db: &Database,
    session: &SessionId,
    index: Option<usize>,
    mut stay: Stay,
) -> OpResult {
    session_exists(db, session)?;
    let list = db.plans.get(session).map_or(&[][..], |p| &p.stays[..]);
    stay.id = item_id(
        list,
        index,
        stay.id.clone(),
        |s| &s.id,
        || stay.id_from_content(),
    );
    let desc = format!(
        "{} stay for {} at {}, {} to {}",
        if index.is_some() { "edited" } else { "added" },
        stay.person,
        stay.name,
        stay.check_in,
        stay.check_out
    );
    put_item(db, session, index, stay, desc, |p| &p.stays)
}

/// The id of a journey or stay being put at `index` of `list` (or added): the one it
/// has, else the one it replaces, else a new one from `content`, unique in the list.
fn item_id<T>(
    list: &[T],
    index: Option<usize>,
    given: String,
    id: fn(&T) -> &String,
    content: impl FnOnce() -> String,
) -> String {
    if !given.is_empty() {
        return given;
    }
    if let Some(old) = index.and_then(|i| list.get(i)) {
        return id(old).clone();
    }
    items::unique_id(&content(), |c| list.iter().any(|t| id(t) == c))
}

/// Where the journey or stay `id` is in the plan of `session`, or why there is none,
/// with the ids there are.
pub fn find_item(
    db: &Database,
    session: &SessionId,
    kind: ItemKind,
    id: &str,
) -> Result<usize, OpError> {
    let plan = db
        .plans
        .get(session)
        .ok_or_else(|| OpError::new(format!("{session} has no plan")))?;
    let ids: Vec<&str> = match kind {
        ItemKind::Travel => plan.travel.iter().map(|t| t.id.as_str()).collect(),
        ItemKind::Stay => plan.stays.iter().map(|s| s.id.as_str()).collect(),
        ItemKind::Meeting => plan.meetings.iter().map(|m| m.id.as_str()).collect(),
        ItemKind::Delegate => plan.delegates.iter().map(|d| d.person.as_str()).collect(),
    };
    let what = match kind {
        ItemKind::Travel => "journey",
        ItemKind::Stay => "stay",
        ItemKind::Meeting => "meeting",
        ItemKind::Delegate => "delegate",
    };
    ids.iter().position(|i| *i == id).ok_or_else(|| {
        OpError::new(format!("{session} has no {what} \"{id}\"")).help(
            did_you_mean(id, ids.iter().copied()).or_else(|| {
                Some(if ids.is_empty() {
                    format!("{session} has no {what} yet")
                } else {
                    format!("its ids: {}", ids.join(", "))
                })
            }),
        )
    })
}

/// Remove the journey or stay `id` from the plan of `session`.
pub fn remove_by_id(db: &Database, session: &str, kind: ItemKind, id: &str) -> OpResult {
    let index = find_item(db, &SessionId::from(session), kind, id)?;
    let mut tx = remove_item(db, &SessionId::from(session), kind, index)?;
    tx.description = format!("removed {} {id} from {session}", kind.noun());
    Ok(tx)
}

fn put_item<T: PlanItem>(
    db: &Database,
    session: &str,
    index: Option<usize>,
    item: T,
    description: String,
    list: fn(&Plan) -> &Vec<T>,
) -> OpResult
where
    Item: From<T>,
{
    let mut tx = Transaction::new(description);
    let plan = plan_or_new(db, session, &mut tx);
    check_item(db, &plan, &item)?;
    let kind = Item::from(item.clone()).kind();
    let items = list(&plan);
    let change = match index {
        None => item_change(session, kind, items.len(), None, Some(Item::from(item))),
        Some(i) => {
            let old = items.get(i).cloned().ok_or_else(|| {
                OpError::new(format!("{session} has no item {} of that kind", i + 1))
            })?;
            let mut item = item;
            *item.revision_mut() = old.revision();
            item_change(
                session,
                kind,
                i,
                Some(Item::from(old)),
                Some(Item::from(item)),
            )
        }
    };
    tx.changes.push(change);
    verify(db, plan, tx)
}

/// Remove a travel leg or stay by position.
pub fn remove_item(db: &Database, session: &SessionId, kind: ItemKind, index: usize) -> OpResult {
    let plan = db
        .plans
        .get(session)
        .ok_or_else(|| OpError::new(format!("{session} has no plan")))?;
    let old = match kind {
        ItemKind::Travel => plan.travel.get(index).cloned().map(Item::Travel),
        ItemKind::Stay => plan.stays.get(index).cloned().map(Item::Stay),
        ItemKind::Delegate => plan.delegates.get(index).cloned().map(Item::Delegate),
        ItemKind::Meeting => plan.meetings.get(index).cloned().map(Item::Meeting),
    }
    .ok_or_else(|| OpError::new(format!("{session} has no such item")))?;
    let tx = Transaction {
        description: format!("removed a {kind:?} from {session}").to_lowercase(),
        changes: vec![item_change(session, kind, index, Some(old), None)],
    };
    verify(db, (**plan).clone(), tx)
}

// --- Sections and people (sections.toml) ------------------------------------------

/// Refuse a section or person the loader would refuse or warn about: written as
/// `sections.toml` would hold it, read back with the loader's reader and its rules,
/// and a person's section checked with the loader's rule
/// ([`items::person::section_rule`]). The loader's warnings on these records are about
/// text that is kept but should not be (a name on two lines): an edit does not make
/// one. Errors come first.
fn check_entry<T: Record>(
    entry: &T,
    rules_in: impl FnOnce(&T, &mut Diagnostics),
) -> Result<(), OpError> {
    let mut diags = Diagnostics::default();
    if let Some(read) = items::reread(entry, &mut diags) {
        rules_in(&read, &mut diags);
    }
    match diags.errors().chain(diags.warnings()).next() {
        Some(e) => Err(e.into()),
        None => Ok(()),
    }
}

fn check_person(db: &Database, person: &Person) -> Result<(), OpError> {
    check_entry(person, |p, out| {
        out.extend(items::person::section_rule(db, p, &Written::default()))
    })
}

fn check_section(section: &Section) -> Result<(), OpError> {
    check_entry(section, |_, _| {})
}

fn entry_change(index: usize, before: Option<Entry>, after: Option<Entry>) -> Change {
    Change::Entry {
        index,
        before,
        after,
    }
}

/// A readable id that no other entry of `map` has: `base`, else `base-2`, `base-3`...
fn unique_id<K: std::borrow::Borrow<str> + std::hash::Hash + Eq, T>(
    map: &indexmap::IndexMap<K, T>,
    base: &str,
    fallback: &str,
) -> String {
    let base = match slugify(base).chars().take(40).collect::<String>() {
        b if b.trim_matches('-').is_empty() => fallback.to_string(),
        b => b.trim_end_matches('-').to_string(),
    };
    (1..)
        .map(|n| match n {
            1 => base.clone(),
            n => format!("{base}-{n}"),
        })
        .find(|id| !map.contains_key(id.as_str()))
        .unwrap_or(base)
}

/// An id for a new person: their family name (`esempio`), else with their first given
/// name (`esempio-marco`), else numbered.
pub fn new_person_id(db: &Database, family: &str, given: &str) -> PersonId {
    let first = given.split_whitespace().next().unwrap_or("");
    let plain = unique_id(&db.people, family, "person");
    if plain == slugify(family) || first.is_empty() {
        return plain.into();
    }
    unique_id(&db.people, &format!("{family} {first}"), "person").into()
}

/// An id for a new section, from its name (`IPO Austria`: `ipo-austria`).
pub fn new_section_id(db: &Database, name: &str) -> SectionId {
    unique_id(&db.sections, name, "section").into()
}

fn duplicate(kind: &str, id: &str) -> OpError {
    OpError::new(format!("duplicate {kind} id \"{}\"", printable(id))).help(Some(format!(
        "each {kind} needs its own id: pick another, or leave it out to have one made"
    )))
}

/// Add a section at the end of `sections.toml`'s sections.
pub fn add_section(db: &Database, section: Section) -> OpResult {
    check_section(&section)?;
    if db.sections.contains_key(&section.id) {
        return Err(duplicate("section", &section.id));
    }
    let tx = Transaction {
        description: format!("added section {} \"{}\"", section.id, section.name),
        changes: vec![entry_change(
            db.sections.len(),
            None,
            Some(Entry::Section(section)),
        )],
    };
    Ok(tx)
}

/// Edit a section's name, country or time zone; its id stays.
pub fn edit_section(db: &Database, id: &SectionId, edit: &SectionEdit) -> OpResult {
    let (index, _, old) = db.sections.get_full(id).ok_or_else(|| {
        OpError::new(format!("unknown section \"{}\"", printable(id)))
            .help(did_you_mean(id, db.sections.keys().map(|k| k.as_str())))
    })?;
    let mut new = old.clone();
    edit.apply_to(&mut new)?;
    check_section(&new)?;
    if &new == old {
        return Err(OpError::new(format!("section {id} is already like that")));
    }
    Ok(Transaction {
        description: format!("edited section {id}"),
        changes: vec![entry_change(
            index,
            Some(Entry::Section(old.clone())),
            Some(Entry::Section(new)),
        )],
    })
}

/// A person's fields as typed on the command line or in a form. `None` leaves a field
/// as it is; empty text clears an optional one. The one reading of them for both front
/// ends.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PersonEdit {
    pub family: Option<String>,
    pub given: Option<String>,
    pub known_as: Option<String>,
    pub section: Option<String>,
    pub honorific: Option<String>,
    pub position: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub timezone: Option<String>,
    pub notes: Option<String>,
}

impl PersonEdit {
    /// Set the fields given on `person`; an unknown time zone is refused with what it
    /// might have meant.
    pub fn apply_to(&self, person: &mut Person) -> Result<(), OpError> {
        if self.family.is_some() || self.given.is_some() {
            let (family, given) = person.name_parts();
            person.set_name(
                self.family.as_deref().unwrap_or(&family),
                self.given.as_deref().unwrap_or(&given),
            );
        }
        if let Some(section) = &self.section {
            person.section = SectionId::from(section.trim());
        }
        let optional = |value: &Option<String>, field: &mut Option<String>| {
            if let Some(v) = value {
                *field = Some(v.trim().to_string()).filter(|v| !v.is_empty());
            }
        };
        optional(&self.known_as, &mut person.known_as);
        optional(&self.honorific, &mut person.honorific);
        optional(&self.position, &mut person.position);
        optional(&self.email, &mut person.email);
        optional(&self.phone, &mut person.phone);
        if let Some(notes) = &self.notes {
            person.notes = Some(notes.trim_end().to_string()).filter(|n| !n.trim().is_empty());
        }
        if let Some(zone) = &self.timezone {
            person.timezone = optional_zone(zone)?;
        }
        Ok(())
    }

    /// A new person of these fields: a family name and a section are needed; the id is
    /// `id`, or one made from the name ([`new_person_id`]).
    pub fn new_person(&self, db: &Database, id: Option<&str>) -> Result<Person, OpError> {
        let family = self.family.as_deref().unwrap_or("").trim();
        if family.is_empty() {
            return Err(OpError::new(
                "a new person needs a family name, as in the passport",
            ));
        }
        if self.section.as_deref().is_none_or(|s| s.trim().is_empty()) {
            return Err(
                OpError::new("a new person needs a section").help(Some(format!(
                    "one of: {}",
                    db.sections.keys().cloned().collect::<Vec<_>>().join(", ")
                ))),
            );
        }
        let given = self.given.as_deref().unwrap_or("");
        let mut person = Person {
            id: id.map_or_else(|| new_person_id(db, family, given), PersonId::from),
            name: String::new(),
            section: SectionId::default(),
            family_name: None,
            known_as: None,
            honorific: None,
            position: None,
            email: None,
            phone: None,
            languages: Vec::new(),
            timezone: None,
            notes: None,
            origin: Default::default(),
        };
        self.apply_to(&mut person)?;
        Ok(person)
    }
}

/// A zone as typed: empty text for none, else an IANA name.
fn optional_zone(name: &str) -> Result<Option<chrono_tz::Tz>, OpError> {
    match name.trim() {
        "" => Ok(None),
        name => crate::time::parse_zone(name)
            .map(Some)
            .map_err(|e| OpError::new(e.message())),
    }
}

/// A section's fields as typed, like [`PersonEdit`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SectionEdit {
    pub name: Option<String>,
    pub country: Option<String>,
    pub timezone: Option<String>,
}

impl SectionEdit {
    pub fn apply_to(&self, section: &mut Section) -> Result<(), OpError> {
        if let Some(name) = &self.name {
            section.name = name.trim().to_string();
        }
        if let Some(country) = &self.country {
            section.country = country.trim().to_uppercase();
        }
        if let Some(zone) = &self.timezone {
            section.timezone = optional_zone(zone)?
                .ok_or_else(|| OpError::new("a section needs a time zone, e.g. Europe/Vienna"))?;
        }
        Ok(())
    }

    /// A new section of these fields; all three are needed.
    pub fn new_section(&self, db: &Database, id: Option<&str>) -> Result<Section, OpError> {
        let name = self.name.as_deref().unwrap_or("").trim();
        let zone = self.timezone.as_deref().unwrap_or("");
        let mut section = Section {
            id: id.map_or_else(|| new_section_id(db, name), SectionId::from),
            name: String::new(),
            country: String::new(),
            timezone: optional_zone(zone)?.ok_or_else(|| {
                OpError::new("a new section needs a time zone, e.g. Europe/Vienna")
            })?,
            origin: Default::default(),
        };
        self.apply_to(&mut section)?;
        Ok(section)
    }
}

/// Add a person at the end of `sections.toml`'s people.
pub fn add_person(db: &Database, person: Person) -> OpResult {
    check_person(db, &person)?;
    if db.people.contains_key(&person.id) {
        return Err(duplicate("person", &person.id));
    }
    let tx = Transaction {
        description: format!(
            "added {} \"{}\" to section {}",
            person.id, person.name, person.section
        ),
        changes: vec![entry_change(
            db.people.len(),
            None,
            Some(Entry::Person(person)),
        )],
    };
    Ok(tx)
}

fn person_or_err<'a>(db: &'a Database, id: &PersonId) -> Result<(usize, &'a Person), OpError> {
    db.people
        .get_full(id)
        .map(|(i, _, p)| (i, p))
        .ok_or_else(|| {
            OpError::new(format!("unknown person \"{}\"", printable(id)))
                .help(did_you_mean(id, db.people.keys().map(|k| k.as_str())))
        })
}

/// Edit a person; their id stays (plans refer to them by it).
pub fn edit_person(db: &Database, id: &PersonId, edit: &PersonEdit) -> OpResult {
    let (index, old) = person_or_err(db, id)?;
    let mut new = old.clone();
    edit.apply_to(&mut new)?;
    check_person(db, &new)?;
    if &new == old {
        return Err(OpError::new(format!("{id} is already like that")));
    }
    Ok(Transaction {
        description: format!("edited {id}"),
        changes: vec![entry_change(
            index,
            Some(Entry::Person(old.clone())),
            Some(Entry::Person(new)),
        )],
    })
}

/// The plans a person is in, with what they have in each: what removing them takes.
pub fn person_plans<'a>(db: &'a Database, id: &PersonId) -> Vec<(&'a Plan, Belongings)> {
    db.plans
        .values()
        .map(|p| (&**p, Belongings::of(p, id)))
        .filter(|(_, b)| !b.is_empty())
        .collect()
}

/// Remove a person, and everything of theirs in every plan, as one change (a plan
/// naming someone unknown would not load). Front ends ask first, naming
/// [`person_plans`].
pub fn remove_person(db: &Database, id: &PersonId) -> OpResult {
    let (index, person) = person_or_err(db, id)?;
    let mut tx = Transaction::new(format!("removed {id} \"{}\"", person.name));
    let plans: Vec<&str> = person_plans(db, id)
        .into_iter()
        .map(|(plan, _)| {
            take_out(plan, id, &mut tx);
            plan.session.as_str()
        })
        .collect();
    if !plans.is_empty() {
        tx.description
            .push_str(&format!(", and from the plans of {}", plans.join(", ")));
    }
    tx.changes.push(entry_change(
        index,
        Some(Entry::Person(person.clone())),
        None,
    ));
    Ok(tx)
}

impl From<Travel> for Item {
    fn from(t: Travel) -> Self {
        Item::Travel(t)
    }
}

impl From<Stay> for Item {
    fn from(s: Stay) -> Self {
        Item::Stay(s)
    }
}

#[cfg(test)]
mod id_tests {
    use super::*;

    /// Two people adding a meeting with the same title offline make different ids, so
    /// that merging their copies keeps both meetings.
    #[test]
    fn new_meeting_ids_of_two_writers_differ_and_stay_readable() {
        let db = crate::testdata::sample(NaiveDate::MIN).db;
        let a = new_meeting_id(&db, &SessionId::from("cnd-70"), "Bilateral with UNODC", 1);
        let b = new_meeting_id(&db, &SessionId::from("cnd-70"), "Bilateral with UNODC", 2);
        assert_ne!(a, b);
        for id in [&a, &b] {
            assert!(id.starts_with("cnd-70-bilateral-with-unodc-"), "{id}");
            assert!(crate::text::is_slug(id), "{id}");
        }
        // Distinct across many writers, not only two.
        let ids: std::collections::HashSet<MeetingId> = (0..2000)
            .map(|salt| new_meeting_id(&db, &SessionId::from("cnd-70"), "Bilateral", salt))
            .collect();
        assert!(ids.len() > 1990, "{} distinct of 2000", ids.len());
    }

    /// A long title is cut after a whole word, never inside one.
    #[test]
    fn new_meeting_ids_are_cut_after_a_whole_word() {
        let db = crate::model::Database::default();
        let id = new_meeting_id(
            &db,
            &"cnd-70".into(),
            "Civil society participation at CND intersessional meetings",
            7,
        );
        let (base, suffix) = id.rsplit_once('-').unwrap();
        assert_eq!(base, "cnd-70-civil-society-participation-at-cnd");
        assert_eq!(suffix.len(), 4);
        assert_eq!(cut_at_word("a-verylongwordindeed", 5), "a");
        assert_eq!(cut_at_word("averylongwordindeed", 5), "avery");
    }
}
