//! The database as plain data: venues, sessions, sections, people and plans.
//!
//! Nothing here knows about files or terminals. Every item remembers where it was read
//! ([`Origin`]) so that checks run long after loading can still point at a line. The
//! items of a plan (delegates, meetings, journeys, stays) are defined in
//! [`crate::items`], each with its file keys and rules, and used from here.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use chrono_tz::Tz;
use indexmap::IndexMap;

use crate::diag::{FileId, Span};
use crate::time::{TimeError, resolve_local};

pub use crate::ids::{MeetingId, PersonId, SectionId, SessionId, VenueId};
pub use crate::items::{Delegate, Meeting, Stay, Travel};

/// The current version of the file format. Files may say `format = 1`.
pub const FORMAT_VERSION: i64 = 1;

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

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                $name::parse(&s).ok_or_else(|| serde::de::Error::unknown_variant(&s, $name::NAMES))
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
    /// A step of a delegate's accreditation (see [`crate::items::accreditation`]),
    /// in the order they are done.
    Step {
        PassportChecked = "passport-checked",
        LetterListed = "letter-listed",
        IndicoAccount = "indico-account",
        Registered = "registered",
        Approved = "approved",
        BadgeCollected = "badge-collected",
        GroundsPass = "grounds-pass",
    }
);

impl Step {
    /// Its key in a delegate's table.
    pub fn key(self) -> &'static str {
        match self {
            Step::PassportChecked => "passport_checked",
            Step::LetterListed => "letter_listed",
            Step::IndicoAccount => "indico_account",
            Step::Registered => "registered",
            Step::Approved => "approved",
            Step::BadgeCollected => "badge_collected",
            Step::GroundsPass => "grounds_pass",
        }
    }

    /// What to do, for a lead's list.
    pub fn todo(self) -> &'static str {
        match self {
            Step::PassportChecked => "check the name as in the passport (FAMILY NAME, First name)",
            Step::LetterListed => "list them in the nomination letter",
            Step::IndicoAccount => "create their Indico account",
            Step::Registered => "register them (form, photo, the letter attached)",
            Step::Approved => "wait for the secretariat's approval",
            Step::BadgeCollected => {
                "collect the badge at the Pass Office, Gate 1 (photo ID, a copy of the letter)"
            }
            Step::GroundsPass => "holds an annual grounds pass",
        }
    }
}

word_enum!(
    /// Where a delegate's visa (or ETIAS) stands.
    Visa {
        NotNeeded = "not-needed",
        Needed = "needed",
        Applied = "applied",
        Granted = "granted",
    }
);

// word_enum! takes no attributes on variants, so #[default] cannot be derived.
#[allow(clippy::derivable_impls)]
impl Default for Visa {
    fn default() -> Self {
        Visa::NotNeeded
    }
}

word_enum!(
    /// How an NGO registers its delegates for a body's sessions.
    Registration {
        Indico = "indico",
        Vngoc = "vngoc",
        ExpressionOfInterest = "expression-of-interest",
        AllottedSlots = "allotted-slots",
    }
);

impl Registration {
    /// In words, for a lead: where each delegate registers.
    pub fn describe(self) -> &'static str {
        match self {
            Registration::Indico => "each delegate registers on the UN's Indico",
            Registration::Vngoc => "register through the Vienna NGO Committee (VNGOC), not Indico",
            Registration::ExpressionOfInterest => {
                "the NGO first expresses its interest, then registers its delegates"
            }
            Registration::AllottedSlots => {
                "slots are allotted per NGO: registrations over the allotment are suspended"
            }
        }
    }
}

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
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Revision {
    pub changed: Option<DateTime<Utc>>,
    pub sequence: u32,
}

/// Where an item was read: its file, the span of its table and of each of its keys.
///
/// Two origins always compare equal: where an item came from is not part of its value,
/// so a plan saved and read back equals the plan that was saved.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Origin {
    /// Not kept by the cache of parsed plans: a file's id is its place in one load's
    /// [`crate::diag::Sources`], and the cache sets it ([`Origin::set_file`]).
    #[serde(skip)]
    pub file: Option<FileId>,
    pub table: Option<Range<usize>>,
    /// Each key read, and where its value is (see [`FieldSpan`]).
    fields: Vec<FieldSpan>,
    /// A key [`KEYS`] does not name, kept as text (none in the files attaché reads:
    /// a key added to a reader belongs in [`KEYS`]).
    other: Vec<(String, Range<usize>)>,
}

impl PartialEq for Origin {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Origin {
    pub fn new(file: FileId, table: Range<usize>, keys: usize) -> Self {
        Origin {
            file: Some(file),
            table: Some(table),
            fields: Vec::with_capacity(keys),
            other: Vec::new(),
        }
    }

    /// The span of the whole item.
    pub fn span(&self) -> Option<Span> {
        Some(Span::new(self.file?, self.table.clone()?))
    }

    /// Remember where the value of `key` (with `item`: the `item`th of its list) is.
    pub fn record(&mut self, key: &str, item: Option<usize>, range: Range<usize>) {
        match FieldSpan::new(key, item, range.clone()) {
            Some(f) => self.fields.push(f),
            None => {
                let key = match item {
                    Some(i) => format!("{key}.{i}"),
                    None => key.to_string(),
                };
                self.other.push((key, range));
            }
        }
    }

    /// Drop the room kept for keys not read: every item of the database has one.
    pub fn shrink(&mut self) {
        self.fields.shrink_to_fit();
    }

    /// The span of one key's value (`"start"`, or `"attendees.2"` for an item of a
    /// list), or of the item when the key is absent.
    pub fn field(&self, key: &str) -> Option<Span> {
        let file = self.file?;
        let (name, item) = match key.rsplit_once('.') {
            Some((name, n)) => match n.parse::<usize>() {
                Ok(n) => (name, Some(n)),
                Err(_) => (key, None),
            },
            None => (key, None),
        };
        let wanted = FieldSpan::new(name, item, 0..0);
        let known = wanted.and_then(|w| {
            self.fields
                .iter()
                .find(|f| (f.key, f.item) == (w.key, w.item))
                .map(FieldSpan::range)
        });
        known
            .or_else(|| {
                self.other
                    .iter()
                    .find(|(k, _)| k == key)
                    .map(|(_, r)| r.clone())
            })
            .map(|r| Span::new(file, r))
            .or_else(|| self.span())
    }

    /// The spans of every key read.
    pub fn ranges(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        let known = self.fields.iter().map(FieldSpan::range);
        known.chain(self.other.iter().map(|(_, r)| r.clone()))
    }
}

/// Where one key's value is in its file, in 12 bytes: every item of the database
/// keeps one per key it was read with (a meeting, about ten), and as a name and two
/// words they were most of a large database's memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct FieldSpan {
    /// Its place in [`KEYS`].
    key: u16,
    /// 0 for the key's value; n + 1 for item n of its list.
    item: u16,
    start: u32,
    len: u32,
}

impl FieldSpan {
    /// `None` when the key is not in [`KEYS`], or the list or the file too long to say
    /// so in 12 bytes.
    fn new(key: &str, item: Option<usize>, range: Range<usize>) -> Option<Self> {
        let key = *key_index().get(key)?;
        let item = match item {
            None => 0,
            Some(n) => u16::try_from(n.checked_add(1)?).ok()?,
        };
        Some(FieldSpan {
            key,
            item,
            start: u32::try_from(range.start).ok()?,
            len: u32::try_from(range.len()).ok()?,
        })
    }

    fn range(&self) -> Range<usize> {
        let start = self.start as usize;
        start..start + self.len as usize
    }
}

/// Each key's place in [`KEYS`], by hashing: a load looks up every key of every item.
fn key_index() -> &'static foldhash::HashMap<&'static str, u16> {
    static INDEX: std::sync::LazyLock<foldhash::HashMap<&'static str, u16>> =
        std::sync::LazyLock::new(|| {
            KEYS.iter()
                .enumerate()
                .filter_map(|(n, k)| Some((*k, u16::try_from(n).ok()?)))
                .collect()
        });
    &INDEX
}

/// Every key the readers of the database's files read (`store::fields`).
pub const KEYS: &[&str] = &[
    "access",
    "address",
    "addressee",
    "approved",
    "arrive",
    "arrive_tz",
    "attendees",
    "badge_collected",
    "body",
    "carrier",
    "changed",
    "check_in",
    "check_out",
    "city",
    "city_names",
    "closes_days_before",
    "country",
    "delegate_limit",
    "depart",
    "depart_tz",
    "ecosoc_since",
    "ecosoc_status",
    "email",
    "end",
    "family_name",
    "from",
    "grounds_pass",
    "honorific",
    "id",
    "indico_account",
    "kind",
    "known_as",
    "languages",
    "letter_due_days",
    "letter_listed",
    "max_delegates",
    "mode",
    "moved_from",
    "name",
    "notes",
    "number",
    "opens_days_before",
    "passport_checked",
    "person",
    "phone",
    "place",
    "position",
    "programme",
    "ref",
    "reference",
    "registered",
    "registration",
    "registration_deadline",
    "registration_url",
    "role",
    "room",
    "rooms",
    "salutation",
    "section",
    "sequence",
    "session",
    "signatory",
    "signatory_title",
    "source",
    "start",
    "status",
    "themes",
    "timezone",
    "title",
    "to",
    "url",
    "venue",
    "visa",
    "visa_on",
    "website",
    "with",
];

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
    /// Overrides the body's `delegate_limit` for this session.
    pub max_delegates: Option<u32>,
    /// Overrides the body's `letter_due_days` for this session.
    pub letter_due_days: Option<u32>,
    /// Overrides the body's registration channel for this session.
    pub registration: Option<Registration>,
    /// Overrides the body's `registration_url` for this session.
    pub registration_url: Option<String>,
    pub themes: Vec<String>,
    pub status: SessionStatus,
    pub source: Option<String>,
    pub notes: Option<String>,
    pub origin: Origin,
}

/// What a new session is made of, as the command line and the form take it: the rest
/// (deadlines, limits, registration, themes) is the body's until someone sets it.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub id: SessionId,
    pub body: String,
    pub title: String,
    pub kind: SessionKind,
    pub venue: VenueId,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub status: SessionStatus,
    pub source: Option<String>,
    pub notes: Option<String>,
}

impl Session {
    /// A session as added by hand: one way to make it, for every front end.
    pub fn new(n: NewSession) -> Self {
        Session {
            id: n.id,
            body: n.body,
            title: n.title,
            kind: n.kind,
            venue: n.venue,
            start: n.start,
            end: n.end,
            registration_deadline: None,
            max_delegates: None,
            letter_due_days: None,
            registration: None,
            registration_url: None,
            themes: Vec::new(),
            status: n.status,
            source: n.source,
            notes: n.notes,
            origin: Origin::default(),
        }
    }

    /// Sessions that have not ended by `today`: "upcoming" includes one under way.
    pub fn is_upcoming(&self, today: NaiveDate) -> bool {
        self.end >= today
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

/// A UN body that holds sessions (CND, CCPCJ...), with its rules for NGOs
/// (`bodies.toml`, optional): how many delegates, when the nomination letter is due,
/// how delegates register, its recurring windows, and where the letter goes. Nothing
/// about a body is in the code: a session of a body without rules has none.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// As sessions name it: `body = "CND"`.
    pub id: String,
    pub name: String,
    /// The most representatives of one NGO at a session (any number).
    pub delegate_limit: Option<u32>,
    /// How many days before the opening the nomination letter is due.
    pub letter_due_days: Option<u32>,
    pub registration: Option<Registration>,
    pub registration_url: Option<String>,
    /// Recurring windows (side-event applications, co-sponsors, speakers), from the
    /// `[[window]]` tables of `bodies.toml` that name this body.
    pub windows: Vec<Window>,
    /// Who nomination letters go to, one line each.
    pub addressee: Vec<String>,
    /// "Dear Secretary,"; default "Dear Sir or Madam,".
    pub salutation: Option<String>,
    pub source: Option<String>,
    pub notes: Option<String>,
    pub origin: Origin,
}

/// A recurring window of a body, as a rule from each session's opening: it opens
/// `opens_days_before` and closes `closes_days_before` the first day (CND side-event
/// applications: mid to late January for a session in March).
#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    pub name: String,
    pub opens_days_before: u32,
    pub closes_days_before: u32,
    pub source: Option<String>,
    pub origin: Origin,
}

impl Window {
    /// The first and last day of the window for a session opening on `start`.
    pub fn dates(&self, start: NaiveDate) -> (NaiveDate, NaiveDate) {
        let before = |d: u32| start - chrono::Days::new(u64::from(d));
        (
            before(self.opens_days_before),
            before(self.closes_days_before),
        )
    }
}

/// The rules that hold for one session: its body's, with what the session overrides.
#[derive(Debug, Clone, PartialEq)]
pub struct Rules<'a> {
    pub body: Option<&'a Body>,
    /// The most delegates of one NGO; `None` when nothing says.
    pub delegate_limit: Option<usize>,
    /// The day the nomination letter is due; `None` when nothing says.
    pub letter_due: Option<NaiveDate>,
    pub registration: Option<Registration>,
    pub registration_url: Option<&'a str>,
    /// Each window of the body, with its dates for this session.
    pub windows: Vec<(&'a Window, NaiveDate, NaiveDate)>,
}

impl Rules<'_> {
    /// Why the limit is what it is, for a message: the session's own, or its body's.
    pub fn limit_source(&self, session: &Session) -> String {
        match (session.max_delegates, self.body, self.delegate_limit) {
            (Some(m), _, _) => format!("the session's max_delegates is {m}"),
            (None, Some(b), Some(n)) => format!(
                "{} accepts at most {n} representatives of an NGO per session (bodies.toml)",
                b.id
            ),
            _ => "the limit".into(),
        }
    }
}

pub use crate::items::person::Person;
pub use crate::items::section::Section;

impl Person {
    /// The name to address them by: the one they use, else their full name.
    pub fn display_name(&self) -> &str {
        self.known_as.as_deref().unwrap_or(&self.name)
    }

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(into = "ZoneRepr", try_from = "ZoneRepr")]
pub enum Zone {
    Offset(FixedOffset),
    Named(Tz),
}

/// A zone as the cache of parsed plans keeps it: chrono's offsets have no serde form.
#[derive(Clone, Copy, serde::Serialize, serde::Deserialize)]
enum ZoneRepr {
    /// Seconds east of UTC.
    Offset(i32),
    Named(Tz),
}

impl From<Zone> for ZoneRepr {
    fn from(z: Zone) -> Self {
        match z {
            Zone::Offset(off) => ZoneRepr::Offset(off.local_minus_utc()),
            Zone::Named(tz) => ZoneRepr::Named(tz),
        }
    }
}

impl TryFrom<ZoneRepr> for Zone {
    type Error = &'static str;

    fn try_from(z: ZoneRepr) -> Result<Self, Self::Error> {
        match z {
            ZoneRepr::Offset(secs) => FixedOffset::east_opt(secs)
                .map(Zone::Offset)
                .ok_or("an offset out of range"),
            ZoneRepr::Named(tz) => Ok(Zone::Named(tz)),
        }
    }
}

/// A moment at one end of a journey: the local time as written, its zone, and the
/// instant it resolves to (checked when made, so a moment always has one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
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
            path: Plan::file_of(session),
            notes: None,
            delegates: Vec::new(),
            meetings: Vec::new(),
            travel: Vec::new(),
            stays: Vec::new(),
            origin: Origin::default(),
        }
    }

    /// Where a session's plan is kept: `plan/<session>.toml`. The one rule for it, for
    /// the loader, the saver and whatever looks for a plan file.
    pub fn file_of(session: &str) -> PathBuf {
        PathBuf::from(crate::store::source::PLAN_DIR).join(format!("{session}.toml"))
    }

    /// The session whose plan `path` would be (`plan/<session>.toml`), if it is one.
    pub fn session_of(path: &std::path::Path) -> Option<&str> {
        let name = path
            .strip_prefix(crate::store::source::PLAN_DIR)
            .ok()?
            .to_str()?;
        name.strip_suffix(".toml")
            .filter(|s| !s.is_empty() && !s.contains('/'))
    }

    pub fn delegate(&self, person: &str) -> Option<&Delegate> {
        self.delegates.iter().find(|d| d.person == person)
    }

    /// Say that the plan and every item of it were read from `file` (the cache of
    /// parsed plans keeps no file ids: see [`crate::store::cache`]).
    pub fn set_file(&mut self, file: FileId) {
        let origins = std::iter::once(&mut self.origin)
            .chain(self.delegates.iter_mut().map(|d| &mut d.origin))
            .chain(self.meetings.iter_mut().map(|m| &mut m.origin))
            .chain(self.travel.iter_mut().map(|t| &mut t.origin))
            .chain(self.stays.iter_mut().map(|s| &mut s.origin));
        for origin in origins {
            origin.file = Some(file);
        }
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
    /// Keyed by session id. Shared, copied on write (`Arc::make_mut`): the editor
    /// keeps the database as saved beside the database as edited, and an edit copies
    /// the one plan it changes, not the whole database.
    pub plans: IndexMap<SessionId, Arc<Plan>>,
    /// Keyed by body, as sessions name it (`CND`).
    pub bodies: IndexMap<String, Body>,
    pub organization: Option<Organization>,
}

impl Database {
    /// The rules of `session`: its body's (`bodies.toml`), each overridden by the
    /// session's own key when it has one.
    pub fn rules<'a>(&'a self, session: &'a Session) -> Rules<'a> {
        let body = self.bodies.get(&session.body);
        let days = session
            .letter_due_days
            .or_else(|| body.and_then(|b| b.letter_due_days));
        Rules {
            body,
            delegate_limit: session
                .max_delegates
                .or_else(|| body.and_then(|b| b.delegate_limit))
                .map(|m| m as usize),
            letter_due: days.map(|d| session.start - chrono::Days::new(u64::from(d))),
            registration: session
                .registration
                .or_else(|| body.and_then(|b| b.registration)),
            registration_url: session
                .registration_url
                .as_deref()
                .or_else(|| body.and_then(|b| b.registration_url.as_deref())),
            windows: body.map_or_else(Vec::new, |b| {
                b.windows
                    .iter()
                    .map(|w| {
                        let (from, to) = w.dates(session.start);
                        (w, from, to)
                    })
                    .collect()
            }),
        }
    }

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

    /// A person's home zone: their own when given, else their section's.
    pub fn home_tz(&self, person: &str) -> Option<Tz> {
        let p = self.people.get(person)?;
        p.timezone
            .or_else(|| Some(self.sections.get(&p.section)?.timezone))
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
    #[test]
    fn a_plan_file_and_its_session_name_each_other() {
        let path = Plan::file_of("cnd-70");
        assert_eq!(path, std::path::Path::new("plan/cnd-70.toml"));
        assert_eq!(Plan::session_of(&path), Some("cnd-70"));
        for other in [
            "sessions.toml",
            "plan/cnd-70.bak",
            "plan/.toml",
            "plan/a/b.toml",
        ] {
            assert_eq!(
                Plan::session_of(std::path::Path::new(other)),
                None,
                "{other}"
            );
        }
    }

    use super::*;

    #[test]
    fn an_origin_finds_each_key_and_list_item_and_falls_back_to_the_item() {
        let file = FileId(3);
        let mut o = Origin::new(file, 10..200, 4);
        o.record("start", None, 20..39);
        o.record("attendees", Some(0), 50..55);
        o.record("attendees", Some(1), 57..64);
        // Not in KEYS, and a list too long for 16 bits: kept as text, found alike.
        o.record("not_a_key", None, 70..80);
        o.record("attendees", Some(70_000), 90..95);
        o.shrink();
        let at = |r: Range<usize>| Some(Span::new(file, r));
        assert_eq!(o.field("start"), at(20..39));
        assert_eq!(o.field("attendees.1"), at(57..64));
        assert_eq!(o.field("attendees.0"), at(50..55));
        assert_eq!(o.field("not_a_key"), at(70..80));
        assert_eq!(o.field("attendees.70000"), at(90..95));
        // Absent: the item itself.
        assert_eq!(o.field("end"), at(10..200));
        assert_eq!(o.field("attendees.2"), at(10..200));
        let mut ranges: Vec<_> = o.ranges().collect();
        ranges.sort_by_key(|r| r.start);
        assert_eq!(ranges, [20..39, 50..55, 57..64, 70..80, 90..95]);
        assert_eq!(std::mem::size_of::<FieldSpan>(), 12);
    }

    fn person(name: &str, family: Option<&str>) -> Person {
        Person {
            id: "x".into(),
            name: name.into(),
            section: "s".into(),
            family_name: family.map(Into::into),
            known_as: None,
            honorific: None,
            position: None,
            email: None,
            phone: None,
            languages: vec![],
            timezone: None,
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

    fn body(limit: Option<u32>, days: Option<u32>) -> Body {
        Body {
            id: "CND".into(),
            name: "Commission on Narcotic Drugs".into(),
            delegate_limit: limit,
            letter_due_days: days,
            registration: Some(Registration::Indico),
            registration_url: None,
            windows: vec![Window {
                name: "side-event applications".into(),
                opens_days_before: 54,
                closes_days_before: 43,
                source: None,
                origin: Origin::default(),
            }],
            addressee: vec![],
            salutation: None,
            source: None,
            notes: None,
            origin: Origin::default(),
        }
    }

    fn session(body: &str) -> Session {
        let d = NaiveDate::from_ymd_opt(2027, 3, 8).unwrap();
        Session {
            id: "cnd-70".into(),
            body: body.into(),
            title: "t".into(),
            kind: SessionKind::Regular,
            venue: "vic".into(),
            start: d,
            end: d,
            registration_deadline: None,
            max_delegates: None,
            letter_due_days: None,
            registration: None,
            registration_url: None,
            themes: vec![],
            status: SessionStatus::Tentative,
            source: None,
            notes: None,
            origin: Origin::default(),
        }
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// The rules come from the body, a session overrides any of them, and no limit
    /// is capped: 20 is 20.
    #[test]
    fn a_sessions_rules_are_its_bodys_unless_it_overrides_them() {
        let mut db = Database::default();
        db.bodies.insert("CND".into(), body(Some(10), Some(7)));
        let mut s = session("CND");
        let r = db.rules(&s);
        assert_eq!(r.delegate_limit, Some(10));
        assert_eq!(r.letter_due, Some(day(2027, 3, 1)));
        assert_eq!(r.registration, Some(Registration::Indico));
        assert_eq!(r.windows[0].1, day(2027, 1, 13));
        assert_eq!(r.windows[0].2, day(2027, 1, 24));
        s.max_delegates = Some(20);
        s.letter_due_days = Some(17);
        s.registration = Some(Registration::Vngoc);
        let r = db.rules(&s);
        assert_eq!(r.delegate_limit, Some(20));
        assert_eq!(r.letter_due, Some(day(2027, 2, 19)));
        assert_eq!(r.registration, Some(Registration::Vngoc));
        // A body without rules, or none at all: nothing is made up.
        let other = session("COP-UNTOC");
        let r = db.rules(&other);
        assert_eq!((r.delegate_limit, r.letter_due), (None, None));
    }
}
