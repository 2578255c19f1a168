//! The neutral itinerary every format renders: who goes to which session, and each
//! person's items in the order they happen.
//!
//! Building it is where the domain's decisions are made once for all formats: which
//! people and sessions are selected, what counts as an item, how each local time is
//! resolved to an instant (and shown in which zone), what `--redact` leaves out, and
//! the stable id each item keeps from one export to the next.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc};
use chrono_tz::{OffsetName, Tz};

use crate::diag::did_you_mean;
pub use crate::items::delegate::{Presence, PresenceFrom};
use crate::model::{
    Body, Database, DayOrTime, MeetingKind, MeetingStatus, Moment, Organization, Plan, Revision,
    Role, Session, SessionKind, SessionStatus, TravelMode, Zone,
};
use crate::time::{TimeError, resolve_local};

use super::text::scrub;

/// What to export. Empty lists mean "all".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Session ids; empty: every session that has a plan.
    pub sessions: Vec<String>,
    /// Person ids; empty: every delegate of the selected sessions.
    pub people: Vec<String>,
    /// Only the delegates of this section.
    pub section: Option<String>,
}

/// How to export.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Show each time in the person's home zone (their section's) as well.
    pub home_time: bool,
    /// Leave out email addresses, phone numbers and booking references.
    pub redact: bool,
    /// CSV without the UTF-8 byte-order mark it starts with by default (the mark is
    /// what makes LibreOffice and Excel read accents right on a double-click).
    pub no_bom: bool,
    /// The day the letter is prepared: it warns when the due date has passed. Only
    /// the letters read it, so the itineraries stay the same bytes from day to day.
    pub today: Option<NaiveDate>,
}

/// A selection that names something unknown, or selects nobody.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectError {
    pub message: String,
    pub help: Option<String>,
}

impl std::fmt::Display for SelectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for SelectError {}

impl SelectError {
    /// The message and help with what they quote from the files escaped: ids and the
    /// lists of them may hold anything, and both the command line and the export
    /// dialog show them as they are here.
    fn escaped(self) -> Self {
        let escape = |s: String| crate::text::printable_lines(&s).into_owned();
        SelectError {
            message: escape(self.message),
            help: self.help.map(escape),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Itinerary {
    /// Who sends the delegations, for the letters (`organization.toml`).
    pub organization: Option<Organization>,
    /// The selected sessions, by start date.
    pub sessions: Vec<SessionInfo>,
    /// The selected people, in the order of the first selected plan that lists them.
    pub people: Vec<PersonItinerary>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SessionInfo {
    pub id: String,
    pub body: String,
    pub title: String,
    pub kind: SessionKind,
    pub status: SessionStatus,
    pub start: NaiveDate,
    /// Inclusive.
    pub end: NaiveDate,
    /// The venue's zone: meetings and session days are in it.
    pub timezone: Tz,
    pub venue: VenueInfo,
    pub registration_deadline: Option<NaiveDate>,
    /// When the nomination letter is due (the body's rule, or the session's own).
    pub nomination_due: Option<NaiveDate>,
    /// The most delegates this session accepts from one NGO, when a rule says.
    pub delegate_limit: Option<usize>,
    /// How delegates register, and where.
    pub registration: Option<crate::model::Registration>,
    pub registration_url: Option<String>,
    /// The body's recurring windows for this session: name, first and last day.
    pub windows: Vec<(String, NaiveDate, NaiveDate)>,
    pub max_delegates: Option<u32>,
    /// How many delegates the whole plan has (selected or not).
    pub delegation_size: usize,
    /// Each day of the session, with the names of the selected people there that day.
    pub present: Vec<(NaiveDate, Vec<String>)>,
    /// The session's body as `bodies.toml` has it (its letters' addressee).
    pub body_info: Option<Body>,
}

impl SessionInfo {
    pub fn days(&self) -> u32 {
        u32::try_from((self.end - self.start).num_days() + 1).unwrap_or(1)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct VenueInfo {
    pub id: String,
    pub name: String,
    pub city: String,
    pub country: String,
    pub address: String,
    /// How to get in.
    pub access: Option<String>,
}

impl VenueInfo {
    /// "Vienna International Centre, Wagramer Strasse 5, 1220 Vienna, Austria".
    pub fn full(&self) -> String {
        format!("{}, {}", self.name, self.address)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PersonItinerary {
    pub id: String,
    pub name: String,
    pub family_name: String,
    pub given_names: String,
    pub honorific: Option<String>,
    pub position: Option<String>,
    /// `None` when redacted or not known.
    pub email: Option<String>,
    /// `None` when redacted or not known.
    pub phone: Option<String>,
    pub section: SectionInfo,
    /// The person's place in each selected session they go to, in session order.
    pub delegations: Vec<Delegation>,
    /// Sorted by instant (see [`Item::sort_key`]).
    pub items: Vec<Item>,
}

impl PersonItinerary {
    pub fn delegation(&self, session: &str) -> Option<&Delegation> {
        self.delegations.iter().find(|d| d.session == session)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct SectionInfo {
    pub id: String,
    pub name: String,
    /// The person's home zone.
    pub timezone: Option<Tz>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Delegation {
    pub session: String,
    pub role: Role,
    pub registered: bool,
    pub arrive: Option<DayOrTime>,
    pub depart: Option<DayOrTime>,
    /// The days they are there (see [`crate::items::delegate::presence`]): only those
    /// session days are in their itinerary.
    pub presence: Presence,
    pub notes: Option<String>,
}

/// One thing in a person's itinerary.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Stable and unique: a meeting's own id (`cnd70-vngoc`), or a path built from
    /// session, person and item ids (`cnd-70/travel/esempio-flight-2027-03-07-1405`,
    /// `cnd-70/stay/esempio-stay-2027-03-07/check-in`). Ids never contain `/` nor
    /// `@`, so the kinds cannot collide, and removing or reordering one journey or
    /// stay changes no other's. Items that are the same for everyone
    /// (see [`Item::shared`]) have the same id in every person's itinerary.
    pub id: String,
    /// The same item for every person who has it (a meeting, a session day, the
    /// nomination deadline), rather than one person's own (a flight, a hotel).
    pub shared: bool,
    pub session: String,
    /// The day of the item, the heading it goes under: the local date where and when
    /// it starts (a journey: its departure, in the departure's zone; a stay: check-in;
    /// anything at the venue: the venue's date).
    pub day: NaiveDate,
    pub when: When,
    pub what: What,
    /// When the plan item behind it last changed, and how often its time or place
    /// did (default for what no edit makes: session days, deadlines).
    pub revision: Revision,
}

impl Item {
    /// The order of a person's items: by day (see [`Item::day`]), then by instant;
    /// whole days count from their start at the venue and come before timed items of
    /// the same instant. The day comes first so that an evening flight from New York,
    /// already Sunday in Vienna, stays under its Saturday.
    pub fn sort_key(&self) -> (NaiveDate, DateTime<Utc>, u8, &str) {
        let (at, rank) = match &self.when {
            When::AllDay { start_utc, .. } => (*start_utc, self.what.rank()),
            When::Span { start, .. } => (start.utc, self.what.rank()),
        };
        (self.day, at, rank, &self.id)
    }

    pub fn is_all_day(&self) -> bool {
        matches!(self.when, When::AllDay { .. })
    }
}

// A timed item carries two stamps and a whole day only a date; itineraries hold a few
// hundred items, so boxing the stamps would buy nothing but indirection.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum When {
    /// A whole day at the venue (`start_utc` is its first instant there).
    AllDay {
        date: NaiveDate,
        start_utc: DateTime<Utc>,
    },
    /// From one instant to another, each shown in its own zone.
    Span { start: Stamp, end: Stamp },
}

/// An instant, and how to show it.
#[derive(Debug, Clone, PartialEq)]
pub struct Stamp {
    pub utc: DateTime<Utc>,
    /// In the zone it was given in: the venue's, or a journey end's.
    pub local: LocalTime,
    /// In the person's home zone, with `--home-time` (even when it is the same zone;
    /// human-facing formats then leave it out).
    pub home: Option<LocalTime>,
}

/// A wall-clock time with its zone.
#[derive(Debug, Clone, PartialEq)]
pub struct LocalTime {
    pub time: NaiveDateTime,
    /// An IANA name ("Europe/Vienna"), or "UTC+01:00" for a time given with an offset.
    pub zone: String,
    /// "CET", "CEST", or the offset when the zone has no abbreviation.
    pub abbrev: String,
    pub offset: FixedOffset,
}

impl LocalTime {
    fn in_tz(utc: DateTime<Utc>, tz: Tz) -> Self {
        let t = utc.with_timezone(&tz);
        let offset = t.offset().fix();
        Self {
            time: t.naive_local(),
            zone: tz.name().to_string(),
            abbrev: t
                .offset()
                .abbreviation()
                .map_or_else(|| offset_label(offset), str::to_string),
            offset,
        }
    }

    fn of_moment(m: &Moment) -> Self {
        match m.zone {
            Zone::Named(tz) => Self::in_tz(m.utc(), tz),
            Zone::Offset(off) => Self {
                time: m.local,
                zone: offset_label(off),
                abbrev: offset_label(off),
                offset: off,
            },
        }
    }
}

fn offset_label(off: FixedOffset) -> String {
    format!("UTC{off}")
}

#[derive(Debug, Clone, PartialEq)]
pub enum What {
    Deadline(Deadline),
    SessionDay {
        number: u32,
        of: u32,
    },
    /// The delegate's arrival at the venue's city, as the lead entered it.
    Arrival {
        city: String,
    },
    /// The delegate's departure from it.
    Departure {
        city: String,
    },
    CheckOut(StayInfo),
    CheckIn(StayInfo),
    Travel(TravelInfo),
    Meeting(MeetingInfo),
}

impl What {
    fn rank(&self) -> u8 {
        match self {
            What::Deadline(_) => 0,
            What::SessionDay { .. } => 1,
            What::Arrival { .. } => 2,
            What::CheckOut(_) => 3,
            What::CheckIn(_) => 4,
            What::Travel(_) => 5,
            What::Meeting(_) => 6,
            What::Departure { .. } => 7,
        }
    }

    /// The kind's name in CSV and JSON.
    pub fn kind(&self) -> &'static str {
        match self {
            What::Deadline(Deadline::Registration { .. }) => "registration-deadline",
            What::Deadline(Deadline::Nomination) => "nomination-due",
            What::Deadline(Deadline::Window { .. }) => "window-closes",
            What::Deadline(Deadline::Visa) => "visa-apply-by",
            What::SessionDay { .. } => "session-day",
            What::Arrival { .. } => "arrival",
            What::Departure { .. } => "departure",
            What::CheckOut(_) => "check-out",
            What::CheckIn(_) => "check-in",
            What::Travel(_) => "travel",
            What::Meeting(_) => "meeting",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Deadline {
    /// The delegation's own date for everyone to have registered on Indico.
    Registration { registered: bool },
    /// The body's date for the nomination letter (its `letter_due_days`).
    Nomination,
    /// The last day of one of the body's recurring windows (side events,
    /// co-sponsors...), with the day it opens.
    Window { name: String, opens: NaiveDate },
    /// The day to apply for a visa by, for a delegate who needs one.
    Visa,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StayInfo {
    pub name: String,
    pub address: Option<String>,
    pub check_in: NaiveDate,
    pub check_out: NaiveDate,
    /// `None` when redacted.
    pub reference: Option<String>,
    pub notes: Option<String>,
}

impl StayInfo {
    pub fn nights(&self) -> i64 {
        (self.check_out - self.check_in).num_days()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TravelInfo {
    pub mode: TravelMode,
    pub from: String,
    pub to: String,
    pub carrier: Option<String>,
    pub number: Option<String>,
    /// `None` when redacted.
    pub reference: Option<String>,
    pub notes: Option<String>,
}

impl TravelInfo {
    /// "Flight EX 4711", "Train EXR 150", "Car".
    pub fn label(&self) -> String {
        let mode = match self.mode {
            TravelMode::Flight => "Flight",
            TravelMode::Train => "Train",
            TravelMode::Bus => "Bus",
            TravelMode::Car => "Car",
            TravelMode::Ferry => "Ferry",
            TravelMode::Other => "Journey",
        };
        match &self.number {
            Some(n) => format!("{mode} {n}"),
            None => mode.to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct MeetingInfo {
    pub title: String,
    pub with: Option<String>,
    pub kind: MeetingKind,
    /// A room of the venue, or the name of a place away from it.
    pub room: Option<String>,
    /// The address of a place away from the venue; `None` at the venue.
    pub address: Option<String>,
    /// Room, venue and address (or, away from the venue, the place and its address):
    /// a calendar's location field.
    pub location: String,
    /// Its page, or the link to join.
    pub url: Option<String>,
    pub attendees: Vec<Attendee>,
    pub status: MeetingStatus,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Attendee {
    pub id: String,
    pub name: String,
}

/// Build the whole itinerary of `selection` (every person's items at once), or say
/// what in it is unknown. For what one screen shows; an export streams it through an
/// [`Outline`] instead.
pub fn build(
    db: &Database,
    selection: &Selection,
    options: &Options,
) -> Result<Itinerary, SelectError> {
    Ok(outline(db, selection, options)?.into_itinerary())
}

/// Resolve `selection`, or say what in it is unknown: the sessions and who goes,
/// before anyone's items are built.
pub fn outline<'a>(
    db: &'a Database,
    selection: &Selection,
    options: &Options,
) -> Result<Outline<'a>, SelectError> {
    let plans = select_plans(db, &selection.sessions).map_err(SelectError::escaped)?;
    let people = select_people(db, &plans, selection).map_err(SelectError::escaped)?;
    let sessions: Vec<SessionInfo> = plans.iter().map(|(s, p)| session_info(db, s, p)).collect();
    let people: Vec<PersonItinerary> = people
        .into_iter()
        .map(|id| person_head(db, &plans, id, options))
        .collect();
    let sessions: Vec<SessionInfo> = sessions
        .into_iter()
        .map(|s| who_is_there(s, &people))
        .collect();
    let attending = plans.iter().map(|(_, plan)| attendance(plan)).collect();
    let session_index = sessions_index(&sessions);
    Ok(Outline {
        db,
        plans,
        attending,
        session_index,
        options: *options,
        head: Itinerary {
            organization: db.organization.clone(),
            sessions,
            people,
        },
    })
}

/// A selection resolved, its items not yet built: what an export writes first (the
/// sessions, who goes where), and each person's items on demand. An export of the
/// whole organization so holds one person's items at a time, not everyone's.
pub struct Outline<'a> {
    db: &'a Database,
    plans: Vec<(&'a Session, &'a Plan)>,
    /// For each plan, the meetings (their places in the plan) each person attends:
    /// read once, rather than every meeting scanned for every delegate.
    attending: Vec<HashMap<&'a str, Vec<usize>>>,
    /// Where each selected session is in `head.sessions`.
    session_index: HashMap<String, usize>,
    options: Options,
    /// The sessions, and the people with their delegations but no `items`: those
    /// come from [`Outline::person`].
    pub head: Itinerary,
}

impl Outline<'_> {
    /// The `n`th person of [`Outline::head`], with their items.
    pub fn person(&self, n: usize) -> PersonItinerary {
        self.person_skipping(n, &|_| false)
    }

    /// The `n`th person, without the shared items (see [`Item::shared`]) whose id
    /// `skip` names: a format that lists a shared item once (iCalendar) does not
    /// build it again for each attendee.
    pub fn person_skipping(&self, n: usize, skip: &dyn Fn(&str) -> bool) -> PersonItinerary {
        let mut person = self.head.people[n].clone();
        let ctx = Ctx {
            db: self.db,
            person: &person.id,
            home: self.db.home_tz(&person.id),
            options: &self.options,
            skip,
        };
        let mut items = Vec::new();
        let plans = self
            .plans
            .iter()
            .zip(&self.head.sessions)
            .zip(&self.attending);
        for (((session, plan), info), attending) in plans {
            if let Some(delegation) = person.delegation(&session.id) {
                let meetings = attending.get(person.id.as_str()).map_or(&[][..], |m| m);
                let at = Plans {
                    session,
                    plan,
                    info,
                    meetings,
                };
                session_items(&ctx, &at, delegation, &mut items);
            }
        }
        items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        person.items = items;
        person
    }

    /// Every person with their items.
    pub fn into_itinerary(self) -> Itinerary {
        let people = (0..self.head.people.len())
            .map(|n| self.person(n))
            .collect();
        Itinerary {
            people,
            ..self.head
        }
    }

    /// The selected session `id`.
    pub fn session(&self, id: &str) -> Option<&SessionInfo> {
        self.session_index.get(id).map(|&n| &self.head.sessions[n])
    }

    /// The last change recorded of anything the selected people have in the selected
    /// plans (their places in the delegation, journeys, stays and meetings): when
    /// this version of their itineraries was made. Read from the plans, so that a
    /// file can say it before its first item is built.
    pub fn last_change(&self) -> Option<DateTime<Utc>> {
        let selected: HashSet<&str> = self.head.people.iter().map(|p| p.id.as_str()).collect();
        let mut last = None;
        for (_, plan) in &self.plans {
            for p in &self.head.people {
                let Some(d) = plan.delegate(&p.id) else {
                    continue;
                };
                let own = |person: &str| person == p.id.as_str();
                let changes = std::iter::once(d.revision.changed)
                    .chain(
                        plan.stays
                            .iter()
                            .filter(|s| own(&s.person))
                            .map(|s| s.revision.changed),
                    )
                    .chain(
                        plan.travel
                            .iter()
                            .filter(|t| own(&t.person))
                            .map(|t| t.revision.changed),
                    );
                last = last.max(changes.flatten().max());
            }
            let attended = plan
                .meetings
                .iter()
                .filter(|m| m.attendees.iter().any(|a| selected.contains(a.as_str())));
            last = last.max(attended.filter_map(|m| m.revision.changed).max());
        }
        last
    }
}

/// The session with, for each of its days, the selected people there that day.
/// Someone without dates or journeys is counted on every day, but marked: the lead
/// reading the list must not take a guess for a booking.
fn who_is_there(mut s: SessionInfo, people: &[PersonItinerary]) -> SessionInfo {
    s.present = s
        .start
        .iter_days()
        .take_while(|d| *d <= s.end)
        .map(|day| {
            let names = people
                .iter()
                .filter_map(|p| {
                    let d = p.delegation(&s.id)?;
                    d.presence.contains(day).then(|| match d.presence.from {
                        PresenceFrom::Session => format!("{} (dates not set)", p.name),
                        _ => p.name.clone(),
                    })
                })
                .collect();
            (day, names)
        })
        .collect();
    s
}

/// The selected sessions with their plans, by start date then id.
fn select_plans<'a>(
    db: &'a Database,
    ids: &[String],
) -> Result<Vec<(&'a Session, &'a Plan)>, SelectError> {
    let planned = || {
        let mut ids: Vec<&str> = db.plans.keys().map(|k| k.as_str()).collect();
        ids.sort_unstable();
        ids.join(", ")
    };
    let mut out: Vec<(&Session, &Plan)> = Vec::new();
    if ids.is_empty() {
        out.extend(
            db.plans
                .values()
                .filter_map(|p| Some((db.sessions.get(&p.session)?, &**p))),
        );
        if out.is_empty() {
            return Err(SelectError {
                message: "no session has a plan: there is nothing to export".into(),
                help: Some(
                    "plan a session first, e.g. add plan/SESSION.toml to the database".into(),
                ),
            });
        }
    }
    for id in ids {
        let Some(session) = db.sessions.get(id) else {
            return Err(SelectError {
                message: format!("unknown session \"{id}\""),
                help: did_you_mean(id, db.sessions.keys().map(|k| k.as_str()))
                    .or_else(|| Some(format!("sessions with a plan: {}", planned()))),
            });
        };
        let Some(plan) = db.plans.get(id) else {
            return Err(SelectError {
                message: format!("session \"{id}\" has no plan: there is nothing to export"),
                help: Some(format!("sessions with a plan: {}", planned())),
            });
        };
        if !out.iter().any(|(s, _)| s.id == session.id) {
            out.push((session, plan));
        }
    }
    out.sort_by(|a, b| (a.0.start, &a.0.id).cmp(&(b.0.start, &b.0.id)));
    Ok(out)
}

/// The selected people's ids, in the order of the first plan that lists them.
fn select_people<'a>(
    db: &'a Database,
    plans: &[(&Session, &'a Plan)],
    selection: &Selection,
) -> Result<Vec<&'a str>, SelectError> {
    let sessions_text = plans
        .iter()
        .map(|(s, _)| s.id.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let mut delegates: Vec<&str> = Vec::new();
    for (_, plan) in plans {
        for d in &plan.delegates {
            if !delegates.contains(&d.person.as_str()) {
                delegates.push(&d.person);
            }
        }
    }
    if let Some(section) = &selection.section
        && !db.sections.contains_key(section)
    {
        return Err(SelectError {
            message: format!("unknown section \"{section}\""),
            help: did_you_mean(section, db.sections.keys().map(|k| k.as_str())).or_else(|| {
                Some(format!(
                    "known sections: {}",
                    db.sections
                        .keys()
                        .map(|k| k.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            }),
        });
    }
    for id in &selection.people {
        if !db.people.contains_key(id) {
            return Err(SelectError {
                message: format!("unknown person \"{id}\""),
                help: did_you_mean(id, db.people.keys().map(|k| k.as_str()))
                    .or_else(|| Some(format!("the delegation: {}", delegates.join(", ")))),
            });
        }
        if !delegates.contains(&id.as_str()) {
            return Err(SelectError {
                message: format!("\"{id}\" is not in the delegation to {sessions_text}"),
                help: Some(format!("the delegation: {}", delegates.join(", "))),
            });
        }
    }
    let chosen: Vec<&str> = delegates
        .into_iter()
        .filter(|id| selection.people.is_empty() || selection.people.iter().any(|p| p == id))
        .filter(|id| {
            selection
                .section
                .as_ref()
                .is_none_or(|s| db.people.get(*id).is_some_and(|p| &p.section == s))
        })
        .collect();
    if chosen.is_empty() {
        let section = selection.section.as_deref().unwrap_or_default();
        return Err(SelectError {
            message: format!(
                "nobody selected: no delegate to {sessions_text} is in section \"{section}\"{}",
                if selection.people.is_empty() {
                    ""
                } else {
                    " among the people given"
                }
            ),
            help: Some("leave out --section, or choose another".into()),
        });
    }
    Ok(chosen)
}

fn session_info(db: &Database, s: &Session, plan: &Plan) -> SessionInfo {
    let venue = db.venues.get(&s.venue);
    SessionInfo {
        id: s.id.to_string(),
        body: s.body.clone(),
        title: s.title.clone(),
        kind: s.kind,
        status: s.status,
        start: s.start,
        end: s.end,
        timezone: venue.map_or(Tz::UTC, |v| v.timezone),
        venue: VenueInfo {
            id: s.venue.to_string(),
            name: venue.map_or_else(|| s.venue.to_string(), |v| v.name.clone()),
            city: venue.map(|v| v.city.clone()).unwrap_or_default(),
            country: venue.map(|v| v.country.clone()).unwrap_or_default(),
            address: venue.map(|v| v.address.clone()).unwrap_or_default(),
            access: venue.and_then(|v| v.access.clone()),
        },
        registration_deadline: s.registration_deadline,
        nomination_due: db.rules(s).letter_due,
        delegate_limit: db.rules(s).delegate_limit,
        registration: db.rules(s).registration,
        registration_url: db.rules(s).registration_url.map(str::to_string),
        windows: db
            .rules(s)
            .windows
            .iter()
            .map(|(w, from, to)| (w.name.clone(), *from, *to))
            .collect(),
        max_delegates: s.max_delegates,
        delegation_size: plan.delegates.len(),
        present: Vec::new(),
        body_info: db.bodies.get(&s.body).cloned(),
    }
}

/// The instant a wall-clock time at the venue means. The loader rejects times that a
/// daylight-saving change skips or repeats; for a database built without it, a
/// skipped time is read an hour later and a repeated one as its first occurrence,
/// rather than failing the export.
fn instant(tz: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    match resolve_local(tz, local) {
        Ok(t) => t.with_timezone(&Utc),
        Err(TimeError::Ambiguous) => tz
            .from_local_datetime(&local)
            .earliest()
            .map_or_else(|| Utc.from_utc_datetime(&local), |t| t.with_timezone(&Utc)),
        Err(TimeError::Gap) => tz
            .from_local_datetime(&(local + chrono::Duration::hours(1)))
            .earliest()
            .map_or_else(|| Utc.from_utc_datetime(&local), |t| t.with_timezone(&Utc)),
    }
}

/// Text from the plan as an export shows it: with `--redact`, scrubbed.
fn shown(s: &str, options: &Options) -> String {
    if options.redact {
        scrub(s)
    } else {
        s.to_string()
    }
}

struct Ctx<'a> {
    db: &'a Database,
    person: &'a str,
    home: Option<Tz>,
    options: &'a Options,
    /// The shared items not to build (see [`Outline::person_skipping`]).
    skip: &'a dyn Fn(&str) -> bool,
}

impl Ctx<'_> {
    fn text(&self, s: &str) -> String {
        shown(s, self.options)
    }

    fn opt_text(&self, s: &Option<String>) -> Option<String> {
        s.as_deref().map(|s| self.text(s))
    }

    fn reference(&self, s: &Option<String>) -> Option<String> {
        if self.options.redact { None } else { s.clone() }
    }

    fn stamp(&self, utc: DateTime<Utc>, local: LocalTime) -> Stamp {
        Stamp {
            utc,
            local,
            home: self
                .home
                .filter(|_| self.options.home_time)
                .map(|tz| LocalTime::in_tz(utc, tz)),
        }
    }

    fn venue_stamp(&self, tz: Tz, local: NaiveDateTime) -> Stamp {
        let utc = instant(tz, local);
        self.stamp(utc, LocalTime::in_tz(utc, tz))
    }

    fn all_day(&self, tz: Tz, date: NaiveDate) -> (When, NaiveDate) {
        (
            When::AllDay {
                date,
                start_utc: instant(tz, date.and_time(NaiveTime::MIN)),
            },
            date,
        )
    }

    fn person_name(&self, id: &str) -> String {
        self.db
            .people
            .get(id)
            .map_or_else(|| id.to_string(), |p| p.name.clone())
    }
}

/// Who attends which of a plan's meetings (by their place in the plan, in its order).
fn attendance(plan: &Plan) -> HashMap<&str, Vec<usize>> {
    let mut by_person: HashMap<&str, Vec<usize>> = HashMap::new();
    for (n, m) in plan.meetings.iter().enumerate() {
        for a in &m.attendees {
            let mine = by_person.entry(a.as_str()).or_default();
            // A name listed twice on one meeting still gives one item.
            if mine.last() != Some(&n) {
                mine.push(n);
            }
        }
    }
    by_person
}

fn sessions_index(sessions: &[SessionInfo]) -> HashMap<String, usize> {
    sessions
        .iter()
        .enumerate()
        .map(|(n, s)| (s.id.clone(), n))
        .collect()
}

/// A selected person and their places in the selected sessions, without items.
fn person_head(
    db: &Database,
    plans: &[(&Session, &Plan)],
    id: &str,
    options: &Options,
) -> PersonItinerary {
    let p = db.people.get(id);
    let (family_name, given_names) =
        p.map_or_else(|| (id.to_string(), String::new()), |p| p.name_parts());
    let section_id = p.map(|p| p.section.clone()).unwrap_or_default();
    let section = db.sections.get(&section_id);
    let text = |s: &Option<String>| s.as_deref().map(|s| shown(s, options));
    let delegations = plans
        .iter()
        .filter_map(|(session, plan)| {
            let d = plan.delegate(id)?;
            let venue = db.venues.get(&session.venue);
            Some(Delegation {
                session: session.id.to_string(),
                role: d.role,
                registered: d.registered(),
                arrive: d.arrive,
                depart: d.depart,
                presence: crate::items::delegate::presence(d, plan, session, venue),
                notes: text(&d.notes),
            })
        })
        .collect();
    PersonItinerary {
        id: id.to_string(),
        name: p.map_or_else(|| id.to_string(), |p| p.name.clone()),
        family_name,
        given_names,
        honorific: p.and_then(|p| p.honorific.clone()),
        position: p.and_then(|p| p.position.clone()),
        email: p.and_then(|p| p.email.clone()).filter(|_| !options.redact),
        phone: p.and_then(|p| p.phone.clone()).filter(|_| !options.redact),
        section: SectionInfo {
            id: section_id.to_string(),
            name: section.map_or_else(|| section_id.to_string(), |s| s.name.clone()),
            timezone: db.home_tz(id),
        },
        delegations,
        items: Vec::new(),
    }
}

/// One selected session as a person's items are built from it.
struct Plans<'p> {
    session: &'p Session,
    plan: &'p Plan,
    info: &'p SessionInfo,
    /// The meetings of `plan` the person attends.
    meetings: &'p [usize],
}

fn session_items(ctx: &Ctx, at: &Plans, delegation: &Delegation, items: &mut Vec<Item>) {
    let Plans {
        session,
        plan,
        info,
        meetings,
    } = *at;
    let registered = delegation.registered;
    let tz = info.timezone;
    let sid = &session.id;
    let person = ctx.person;
    let mut push = |id: String,
                    shared: bool,
                    (when, day): (When, NaiveDate),
                    what: What,
                    revision: Revision| {
        items.push(Item {
            id,
            shared,
            session: sid.to_string(),
            day,
            when,
            what,
            revision,
        });
    };
    let delegate_revision = plan
        .delegate(person)
        .map(|d| d.revision)
        .unwrap_or_default();

    if let Some(deadline) = session.registration_deadline {
        push(
            format!("{sid}/registration/{person}"),
            false,
            ctx.all_day(tz, deadline),
            What::Deadline(Deadline::Registration { registered }),
            delegate_revision,
        );
    }
    for (name, opens, closes) in &info.windows {
        let id = format!("{sid}/window/{}", crate::text::slugify(name));
        if (ctx.skip)(&id) {
            continue;
        }
        push(
            id,
            true,
            ctx.all_day(tz, *closes),
            What::Deadline(Deadline::Window {
                name: name.clone(),
                opens: *opens,
            }),
            Revision::default(),
        );
    }
    if let Some(d) = plan.delegate(person)
        && d.accreditation.visa == crate::model::Visa::Needed
    {
        push(
            format!("{sid}/visa/{person}"),
            false,
            ctx.all_day(tz, crate::planning::readiness::visa_apply_by(session.start)),
            What::Deadline(Deadline::Visa),
            delegate_revision,
        );
    }
    if let Some(due) = info.nomination_due
        && !(ctx.skip)(&format!("{sid}/nomination"))
    {
        push(
            format!("{sid}/nomination"),
            true,
            ctx.all_day(tz, due),
            What::Deadline(Deadline::Nomination),
            Revision::default(),
        );
    }
    let of = info.days();
    for (n, day) in session
        .start
        .iter_days()
        .take_while(|d| *d <= session.end)
        .enumerate()
        .filter(|(_, day)| delegation.presence.contains(*day))
    {
        let number = u32::try_from(n).unwrap_or(u32::MAX).saturating_add(1);
        let id = format!("{sid}/day/{number}");
        if (ctx.skip)(&id) {
            continue;
        }
        push(
            id,
            true,
            ctx.all_day(tz, day),
            What::SessionDay { number, of },
            Revision::default(),
        );
    }

    let city = &info.venue.city;
    let ends = [
        (
            delegation.arrive,
            "arrival",
            What::Arrival { city: city.clone() },
        ),
        (
            delegation.depart,
            "departure",
            What::Departure { city: city.clone() },
        ),
    ];
    for (when, name, what) in ends {
        let Some(when) = when else { continue };
        let at = match when {
            DayOrTime::Day(day) => ctx.all_day(tz, day),
            DayOrTime::Time(t) => {
                let stamp = ctx.venue_stamp(tz, t);
                (
                    When::Span {
                        start: stamp.clone(),
                        end: stamp,
                    },
                    t.date(),
                )
            }
        };
        push(
            format!("{sid}/{name}/{person}"),
            false,
            at,
            what,
            delegate_revision,
        );
    }

    for s in plan.stays.iter().filter(|s| s.person == person) {
        let stay = StayInfo {
            name: ctx.text(&s.name),
            address: ctx.opt_text(&s.address),
            check_in: s.check_in,
            check_out: s.check_out,
            reference: ctx.reference(&s.reference),
            notes: ctx.opt_text(&s.notes),
        };
        let id = &s.id;
        push(
            format!("{sid}/stay/{id}/check-in"),
            false,
            ctx.all_day(tz, s.check_in),
            What::CheckIn(stay.clone()),
            s.revision,
        );
        push(
            format!("{sid}/stay/{id}/check-out"),
            false,
            ctx.all_day(tz, s.check_out),
            What::CheckOut(stay),
            s.revision,
        );
    }

    for t in plan.travel.iter().filter(|t| t.person == person) {
        let start = ctx.stamp(t.depart.utc(), LocalTime::of_moment(&t.depart));
        let end = ctx.stamp(t.arrive.utc(), LocalTime::of_moment(&t.arrive));
        let day = t.day();
        push(
            format!("{sid}/travel/{}", t.id),
            false,
            (When::Span { start, end }, day),
            What::Travel(TravelInfo {
                mode: t.mode,
                from: ctx.text(&t.from),
                to: ctx.text(&t.to),
                carrier: ctx.opt_text(&t.carrier),
                number: ctx.opt_text(&t.number),
                reference: ctx.reference(&t.reference),
                notes: ctx.opt_text(&t.notes),
            }),
            t.revision,
        );
    }

    for m in meetings
        .iter()
        .filter_map(|&n| plan.meetings.get(n))
        .filter(|m| !(ctx.skip)(&m.id))
    {
        let start = ctx.venue_stamp(tz, m.start);
        let end = ctx.venue_stamp(tz, m.end);
        let day = start.local.time.date();
        let room = ctx.opt_text(&m.room);
        let address = ctx.opt_text(&m.address);
        // Away from the venue, the place's own address: never the venue's.
        let location = match (&room, &address) {
            (Some(place), Some(address)) => format!("{place}, {address}"),
            (None, Some(address)) => address.clone(),
            (Some(room), None) => format!("{room}, {}", info.venue.full()),
            (None, None) => info.venue.full(),
        };
        push(
            m.id.to_string(),
            true,
            (When::Span { start, end }, day),
            What::Meeting(MeetingInfo {
                title: ctx.text(&m.title),
                with: ctx.opt_text(&m.with),
                kind: m.kind,
                room,
                address,
                location,
                url: ctx.opt_text(&m.url),
                attendees: m
                    .attendees
                    .iter()
                    .map(|a| Attendee {
                        id: a.to_string(),
                        name: ctx.person_name(a),
                    })
                    .collect(),
                status: m.status,
                notes: ctx.opt_text(&m.notes),
            }),
            m.revision,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> Database {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let loaded = crate::testdata::sample(today);
        assert!(!loaded.diagnostics.has_errors());
        loaded.db
    }

    fn sel(sessions: &[&str], people: &[&str], section: Option<&str>) -> Selection {
        Selection {
            sessions: sessions.iter().map(|s| s.to_string()).collect(),
            people: people.iter().map(|s| s.to_string()).collect(),
            section: section.map(Into::into),
        }
    }

    #[test]
    fn items_are_sorted_and_ids_unique() {
        let it = build(&db(), &sel(&["cnd-70"], &[], None), &Options::default()).unwrap();
        assert_eq!(it.people.len(), 6);
        for p in &it.people {
            let keys: Vec<_> = p.items.iter().map(Item::sort_key).collect();
            assert!(keys.windows(2).all(|w| w[0] <= w[1]), "{}", p.id);
            let mut ids: Vec<_> = p.items.iter().map(|i| &i.id).collect();
            ids.sort();
            ids.dedup();
            assert_eq!(ids.len(), p.items.len());
        }
    }

    #[test]
    fn an_outline_builds_each_person_as_the_whole_itinerary_does() {
        let db = db();
        let selection = sel(&["cnd-70"], &[], None);
        let outline = outline(&db, &selection, &Options::default()).unwrap();
        let whole = build(&db, &selection, &Options::default()).unwrap();
        assert!(outline.head.people.iter().all(|p| p.items.is_empty()));
        for (n, p) in whole.people.iter().enumerate() {
            assert_eq!(&outline.person(n), p);
            // Skipping the shared items builds none of them, and only them.
            let own = outline.person_skipping(n, &|_| true);
            let want: Vec<&Item> = p.items.iter().filter(|i| !i.shared).collect();
            assert_eq!(own.items.iter().collect::<Vec<_>>(), want);
            assert!(p.items.iter().any(|i| i.shared), "{}", p.id);
        }
    }

    #[test]
    fn the_last_change_is_the_last_of_the_selected_peoples_items() {
        let mut db = db();
        let at = |h: u32| {
            let day = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
            Some(Utc.from_utc_datetime(&day.and_hms_opt(h, 0, 0).unwrap()))
        };
        let plan = std::sync::Arc::make_mut(db.plans.get_mut("cnd-70").unwrap());
        let met = plan
            .meetings
            .iter_mut()
            .find(|m| m.attendees.iter().any(|a| a == "esempio"));
        met.unwrap().revision.changed = at(9);
        // Someone else's journey, changed later, is not in esempio's file.
        let theirs = plan.travel.iter_mut().find(|t| t.person != "esempio");
        theirs.unwrap().revision.changed = at(11);
        let selection = sel(&["cnd-70"], &["esempio"], None);
        let outline = outline(&db, &selection, &Options::default()).unwrap();
        let whole = build(&db, &selection, &Options::default()).unwrap();
        let items_last = whole.people[0]
            .items
            .iter()
            .filter_map(|i| i.revision.changed)
            .max();
        assert_eq!(items_last, at(9));
        assert_eq!(outline.last_change(), items_last);
        let everyone = super::outline(&db, &sel(&["cnd-70"], &[], None), &Options::default());
        assert_eq!(everyone.unwrap().last_change(), at(11));
    }

    #[test]
    fn what_a_selection_error_quotes_is_escaped() {
        let mut db = db();
        // A session id with a terminal escape in it, planned: it is listed in the help.
        let mut plan = (*db.plans["cnd-70"]).clone();
        plan.session = "x\u{1b}[2J".into();
        db.plans.insert(plan.session.clone(), plan.into());
        let e = build(&db, &sel(&["nope\u{7}"], &[], None), &Options::default()).unwrap_err();
        assert_eq!(e.message, "unknown session \"nope\\u{7}\"");
        let help = e.help.unwrap_or_default();
        assert!(help.contains("x\\u{1b}[2J"), "{help}");
        assert!(!help.contains('\u{1b}'), "{help}");
    }

    #[test]
    fn unknown_ids_suggest() {
        let db = db();
        let e = build(&db, &sel(&["cnd-7O"], &[], None), &Options::default()).unwrap_err();
        assert_eq!(e.message, "unknown session \"cnd-7O\"");
        assert_eq!(e.help.as_deref(), Some("did you mean \"cnd-70\"?"));
        let e = build(
            &db,
            &sel(&["cnd-70"], &["esempo"], None),
            &Options::default(),
        )
        .unwrap_err();
        assert_eq!(e.help.as_deref(), Some("did you mean \"esempio\"?"));
        let e = build(
            &db,
            &sel(&["cnd-70"], &["tomori"], None),
            &Options::default(),
        )
        .unwrap_err();
        assert!(e.message.contains("not in the delegation"), "{e}");
        let e = build(
            &db,
            &sel(&["cnd-70"], &[], Some("itali")),
            &Options::default(),
        )
        .unwrap_err();
        assert_eq!(e.help.as_deref(), Some("did you mean \"italy\"?"));
        let e = build(&db, &sel(&["cnd-71"], &[], None), &Options::default()).unwrap_err();
        assert!(e.message.contains("has no plan"), "{e}");
        let e = build(
            &db,
            &sel(&["cnd-70"], &[], Some("serbia")),
            &Options::default(),
        )
        .unwrap_err();
        assert!(e.message.starts_with("nobody selected"), "{e}");
    }

    #[test]
    fn section_and_redact() {
        let it = build(
            &db(),
            &sel(&["cnd-70"], &[], Some("italy")),
            &Options {
                home_time: true,
                redact: true,
                ..Options::default()
            },
        )
        .unwrap();
        assert_eq!(it.people.len(), 1);
        let p = &it.people[0];
        assert_eq!((p.email.as_ref(), p.phone.as_ref()), (None, None));
        for i in &p.items {
            match &i.what {
                What::Travel(t) => assert_eq!(t.reference, None),
                What::CheckIn(s) | What::CheckOut(s) => assert_eq!(s.reference, None),
                _ => {}
            }
        }
    }

    #[test]
    fn gap_times_do_not_panic() {
        let vienna = chrono_tz::Europe::Vienna;
        let t = NaiveDate::from_ymd_opt(2027, 3, 28)
            .unwrap()
            .and_hms_opt(2, 30, 0)
            .unwrap();
        assert_eq!(instant(vienna, t).to_rfc3339(), "2027-03-28T01:30:00+00:00");
    }
}
