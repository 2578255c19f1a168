//! The database as plain data: venues, sessions, sections, people and plans.
//!
//! Nothing here knows about files or terminals. Every item remembers where it was read
//! ([`Origin`]) so that checks run long after loading can still point at a line. The
//! items of a plan (delegates, meetings, journeys, stays) are defined in
//! [`crate::items`], each with its file keys and rules, and used from here.

use std::borrow::Cow;
use std::ops::Range;
use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use chrono_tz::Tz;
use indexmap::IndexMap;

use crate::diag::{FileId, Span};
use crate::time::{TimeError, resolve_local};

pub use crate::ids::{MeetingId, PersonId, SectionId, SessionId, VenueId};
pub use crate::items::{Delegate, Meeting, Stay, Travel};

/// The current version of the file format. Files may say `format = 1`.
pub const FORMAT_VERSION: i64 = 1;

/// The UN's limit on an NGO's representatives at one session.
pub const UN_NGO_LIMIT: usize = 10;

/// Defines a closed set of words used in the files (roles, statuses, kinds), with the
/// list of valid spellings for error messages.
macro_rules! word_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(s: &str) -> Option<Self> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}

word_enum!(
    /// What a session is, as the UN calls it.
    SessionKind {
        Regular = "regular",
        Reconvened = "reconvened",
        Intersessional = "intersessional",
        Thematic = "thematic",
        Conference = "conference",
        Congress = "congress",
        Special = "special",
        Other = "other",
    }
);

word_enum!(
    /// Whether a session's dates are official or inferred from its usual rhythm.
    SessionStatus { Confirmed = "confirmed", Tentative = "tentative" }
);

word_enum!(
    /// A delegate's role in the delegation; at most one head.
    Role {
        Head = "head",
        Deputy = "deputy",
        Delegate = "delegate",
        Adviser = "adviser",
        Observer = "observer",
    }
);

word_enum!(
    /// What a side meeting is.
    MeetingKind {
        Bilateral = "bilateral",
        SideEvent = "side-event",
        Visit = "visit",
        Briefing = "briefing",
        Plenary = "plenary",
        Reception = "reception",
        Other = "other",
    }
);

word_enum!(
    MeetingStatus { Proposed = "proposed", Confirmed = "confirmed", Cancelled = "cancelled" }
);

word_enum!(
    TravelMode {
        Flight = "flight",
        Train = "train",
        Bus = "bus",
        Car = "car",
        Ferry = "ferry",
        Other = "other",
    }
);

/// When a plan item was last changed, and how many times its time or place changed:
/// what a calendar needs to apply an update (iCalendar's `LAST-MODIFIED` and
/// `SEQUENCE`). Written by the operations from a clock the front end passes in
/// ([`crate::workspace::Workspace::set_clock`]); an item never edited by attaché has
/// neither.
///
/// ```toml
/// changed = 2026-11-30T07:41:00Z   # optional: when attaché last changed the item
/// sequence = 2                     # optional, default 0: changes of time or place
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Revision {
    pub changed: Option<DateTime<Utc>>,
    pub sequence: u32,
}

/// Where an item was read: its file, the span of its table and of each of its keys.
///
/// Two origins always compare equal: where an item came from is not part of its value,
/// so a plan saved and read back equals the plan that was saved.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    pub file: Option<FileId>,
    pub table: Option<Range<usize>>,
    pub fields: Vec<(Cow<'static, str>, Range<usize>)>,
}

impl PartialEq for Origin {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Origin {
    /// The span of the whole item.
    pub fn span(&self) -> Option<Span> {
        Some(Span::new(self.file?, self.table.clone()?))
    }

    /// The span of one key's value, or of the item when the key is absent.
    pub fn field(&self, key: &str) -> Option<Span> {
        let file = self.file?;
        self.fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, r)| Span::new(file, r.clone()))
            .or_else(|| self.span())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Venue {
    pub id: VenueId,
    pub name: String,
    pub city: String,
    /// Other names of the city that journeys may give ("Wien").
    pub city_names: Vec<String>,
    pub country: String,
    pub timezone: Tz,
    pub address: String,
    pub rooms: Vec<String>,
    /// How to get in: transport, gate, pass office.
    pub access: Option<String>,
    pub notes: Option<String>,
    pub origin: Origin,
}

impl Venue {
    /// Whether a journey's end, `place`, is in the venue's city: "Vienna VIE" and
    /// "Wien Hauptbahnhof" are (with `city_names = ["Wien"]`), "VIE" alone is not.
    pub fn in_city(&self, place: &str) -> bool {
        let place = place.to_lowercase();
        std::iter::once(&self.city)
            .chain(&self.city_names)
            .map(|c| c.trim().to_lowercase())
            .any(|c| !c.is_empty() && place.contains(&c))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub id: SessionId,
    pub body: String,
    pub title: String,
    pub kind: SessionKind,
    pub venue: VenueId,
    pub start: NaiveDate,
    /// Inclusive: the last day of the session.
    pub end: NaiveDate,
    pub registration_deadline: Option<NaiveDate>,
    pub max_delegates: Option<u32>,
    pub themes: Vec<String>,
    pub status: SessionStatus,
    pub source: Option<String>,
    pub notes: Option<String>,
    pub origin: Origin,
}

impl Session {
    /// The UN asks for the nomination letter at least a week before the opening.
    pub fn nomination_due(&self) -> NaiveDate {
        self.start - chrono::Days::new(7)
    }

    /// Sessions that have not ended by `today`: "upcoming" includes one under way.
    pub fn is_upcoming(&self, today: NaiveDate) -> bool {
        self.end >= today
    }

    /// The most delegates this session accepts from one NGO.
    pub fn delegate_limit(&self) -> usize {
        self.max_delegates
            .map_or(UN_NGO_LIMIT, |m| (m as usize).min(UN_NGO_LIMIT))
    }

    pub fn contains_day(&self, day: NaiveDate) -> bool {
        (self.start..=self.end).contains(&day)
    }
}

word_enum!(
    /// An NGO's consultative status with ECOSOC, as the UN grants it.
    EcosocStatus { General = "general", Special = "special", Roster = "roster" }
);

/// The organization whose delegations these are, for the nomination letter's
/// letterhead and signature (`organization.toml`, optional).
#[derive(Debug, Clone, PartialEq)]
pub struct Organization {
    pub name: String,
    pub ecosoc_status: Option<EcosocStatus>,
    /// The year the status was granted.
    pub ecosoc_since: Option<u32>,
    /// The postal address, one line each.
    pub address: Vec<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
    /// Who signs nomination letters (the UN asks for the President/CEO).
    pub signatory: Option<String>,
    pub signatory_title: Option<String>,
    /// Where letters are signed ("Rome"), before the date.
    pub place: Option<String>,
    pub origin: Origin,
}

impl Organization {
    /// "in Special Consultative Status with the Economic and Social Council of the
    /// United Nations since 2022", as letterheads say it.
    pub fn status_line(&self) -> Option<String> {
        let status = match self.ecosoc_status? {
            EcosocStatus::General => "General Consultative Status",
            EcosocStatus::Special => "Special Consultative Status",
            EcosocStatus::Roster => "Roster Status",
        };
        let since = self
            .ecosoc_since
            .map(|y| format!(" since {y}"))
            .unwrap_or_default();
        Some(format!(
            "in {status} with the Economic and Social Council of the United Nations{since}"
        ))
    }
}

/// A UN body that holds sessions (CND, CCPCJ...), with what a nomination letter to it
/// needs (`bodies.toml`, optional). Later keys (limits, due days, registration
/// channel) belong here too.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// As sessions name it: `body = "CND"`.
    pub id: String,
    pub name: String,
    /// Who nomination letters go to, one line each.
    pub addressee: Vec<String>,
    /// "Dear Secretary,"; default "Dear Sir or Madam,".
    pub salutation: Option<String>,
    pub source: Option<String>,
    pub notes: Option<String>,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub id: SectionId,
    pub name: String,
    pub country: String,
    pub timezone: Tz,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub id: PersonId,
    pub name: String,
    pub section: SectionId,
    /// Given when the family name is not simply the last word of `name`.
    pub family_name: Option<String>,
    pub honorific: Option<String>,
    pub position: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub languages: Vec<String>,
    pub notes: Option<String>,
    pub origin: Origin,
}

impl Person {
    /// (family name, given names), as the nomination letter needs them.
    pub fn name_parts(&self) -> (String, String) {
        let name = self.name.trim();
        if let Some(family) = &self.family_name {
            let given = name.strip_suffix(family.as_str()).unwrap_or(name).trim();
            return (family.clone(), given.to_string());
        }
        match name.rsplit_once(char::is_whitespace) {
            Some((given, family)) => (family.to_string(), given.trim().to_string()),
            None => (name.to_string(), String::new()),
        }
    }
}

/// A day, or a precise local time, as people give arrivals: "the 7th" or "the 7th at 18:30".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DayOrTime {
    Day(NaiveDate),
    Time(NaiveDateTime),
}

impl DayOrTime {
    pub fn date(self) -> NaiveDate {
        match self {
            DayOrTime::Day(d) => d,
            DayOrTime::Time(t) => t.date(),
        }
    }

    /// The earliest moment it can mean (a bare day: its start).
    pub fn earliest(self) -> NaiveDateTime {
        match self {
            DayOrTime::Day(d) => d.and_time(NaiveTime::MIN),
            DayOrTime::Time(t) => t,
        }
    }

    /// The latest moment it can mean (a bare day: its last second).
    pub fn latest(self) -> NaiveDateTime {
        match self {
            DayOrTime::Day(d) => d
                .and_hms_opt(23, 59, 59)
                .unwrap_or(d.and_time(NaiveTime::MIN)),
            DayOrTime::Time(t) => t,
        }
    }
}

impl std::fmt::Display for DayOrTime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DayOrTime::Day(d) => write!(f, "{d}"),
            DayOrTime::Time(t) => write!(f, "{}", t.format("%Y-%m-%dT%H:%M")),
        }
    }
}

/// The zone of one end of a journey: an offset written in the time, or a named zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    Offset(FixedOffset),
    Named(Tz),
}

/// A moment at one end of a journey: the local time as written, its zone, and the
/// instant it resolves to (checked when made, so a moment always has one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    pub local: NaiveDateTime,
    pub zone: Zone,
    utc: DateTime<Utc>,
}

impl Moment {
    pub fn new(local: NaiveDateTime, zone: Zone) -> Result<Self, TimeError> {
        let utc = match zone {
            Zone::Offset(off) => local
                .and_local_timezone(off)
                .single()
                .ok_or(TimeError::Gap)?
                .with_timezone(&Utc),
            Zone::Named(tz) => resolve_local(tz, local)?.with_timezone(&Utc),
        };
        Ok(Self { local, zone, utc })
    }

    pub fn utc(&self) -> DateTime<Utc> {
        self.utc
    }

    /// The zone's name or offset, for display.
    pub fn zone_label(&self) -> String {
        match self.zone {
            Zone::Offset(off) => off.to_string(),
            Zone::Named(tz) => tz.name().to_string(),
        }
    }
}

/// Everything planned for one session: who goes, what they meet, how they travel and
/// where they sleep. One file each, so that edits to one session stay in one file.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub session: SessionId,
    /// Path relative to the database folder, e.g. `plan/cnd-70.toml`.
    pub path: PathBuf,
    pub notes: Option<String>,
    pub delegates: Vec<Delegate>,
    pub meetings: Vec<Meeting>,
    pub travel: Vec<Travel>,
    pub stays: Vec<Stay>,
    pub origin: Origin,
}

impl Plan {
    pub fn new(session: &str) -> Self {
        Self {
            session: SessionId::from(session),
            path: PathBuf::from("plan").join(format!("{session}.toml")),
            notes: None,
            delegates: Vec::new(),
            meetings: Vec::new(),
            travel: Vec::new(),
            stays: Vec::new(),
            origin: Origin::default(),
        }
    }

    pub fn delegate(&self, person: &str) -> Option<&Delegate> {
        self.delegates.iter().find(|d| d.person == person)
    }

    pub fn meeting(&self, id: &str) -> Option<&Meeting> {
        self.meetings.iter().find(|m| m.id == id)
    }
}

/// The whole database. Maps keep the files' order, so lists show items as the user
/// wrote them, and find by id in constant time.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Database {
    pub venues: IndexMap<VenueId, Venue>,
    pub sessions: IndexMap<SessionId, Session>,
    pub sections: IndexMap<SectionId, Section>,
    pub people: IndexMap<PersonId, Person>,
    /// Keyed by session id.
    pub plans: IndexMap<SessionId, Plan>,
    /// Keyed by body, as sessions name it (`CND`).
    pub bodies: IndexMap<String, Body>,
    pub organization: Option<Organization>,
}

impl Database {
    /// A person's name, or the id itself for someone unknown (a broken reference in a
    /// plan still shows as what was written).
    pub fn person_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.people.get(id).map_or(id, |p| p.name.as_str())
    }

    /// The venue's zone for a session, when both are known.
    pub fn session_tz(&self, session: &str) -> Option<Tz> {
        let s = self.sessions.get(session)?;
        Some(self.venues.get(&s.venue)?.timezone)
    }

    /// A person's home zone: their section's.
    pub fn home_tz(&self, person: &str) -> Option<Tz> {
        let p = self.people.get(person)?;
        Some(self.sections.get(&p.section)?.timezone)
    }

    /// Sessions sorted by start date, upcoming (not yet ended on `today`) first, then
    /// the past ones, most recent first.
    pub fn sessions_by_date(&self, today: NaiveDate) -> Vec<&Session> {
        let (mut upcoming, mut past): (Vec<&Session>, Vec<&Session>) =
            self.sessions.values().partition(|s| s.is_upcoming(today));
        upcoming.sort_by_key(|s| (s.start, s.id.clone()));
        past.sort_by_key(|s| std::cmp::Reverse((s.start, s.id.clone())));
        upcoming.extend(past);
        upcoming
    }

    /// Every meeting across all plans, with its session id.
    pub fn meetings(&self) -> impl Iterator<Item = (&str, &Meeting)> {
        self.plans
            .values()
            .flat_map(|p| p.meetings.iter().map(move |m| (p.session.as_str(), m)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(name: &str, family: Option<&str>) -> Person {
        Person {
            id: "x".into(),
            name: name.into(),
            section: "s".into(),
            family_name: family.map(Into::into),
            honorific: None,
            position: None,
            email: None,
            phone: None,
            languages: vec![],
            notes: None,
            origin: Origin::default(),
        }
    }

    #[test]
    fn name_parts_split_family_name() {
        assert_eq!(
            person("Mareglen Tomori", None).name_parts(),
            ("Tomori".into(), "Mareglen".into())
        );
        assert_eq!(
            person("Jaiber Rios Giraldo", Some("Rios Giraldo")).name_parts(),
            ("Rios Giraldo".into(), "Jaiber".into())
        );
        assert_eq!(
            person("Cher", None).name_parts(),
            ("Cher".into(), "".into())
        );
    }

    #[test]
    fn word_enums_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(*r));
        }
        assert_eq!(
            MeetingKind::parse("side-event"),
            Some(MeetingKind::SideEvent)
        );
        assert_eq!(Role::parse("Head"), None);
    }

    #[test]
    fn nomination_due_a_week_before() {
        let d = NaiveDate::from_ymd_opt(2027, 3, 8).unwrap();
        let s = Session {
            id: "cnd-70".into(),
            body: "CND".into(),
            title: "t".into(),
            kind: SessionKind::Regular,
            venue: "vic".into(),
            start: d,
            end: d,
            registration_deadline: None,
            max_delegates: Some(20),
            themes: vec![],
            status: SessionStatus::Tentative,
            source: None,
            notes: None,
            origin: Origin::default(),
        };
        assert_eq!(
            s.nomination_due(),
            NaiveDate::from_ymd_opt(2027, 3, 1).unwrap()
        );
        assert_eq!(s.delegate_limit(), UN_NGO_LIMIT);
    }
}
