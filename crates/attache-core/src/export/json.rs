//! JSON: the itinerary as data, in a documented and versioned schema.
//!
//! ```text
//! {
//!   "schema": "attache-itinerary",      always this
//!   "version": 2,                       bumped on any change that breaks a reader
//!   "options": { "home_time": bool, "redacted": bool },
//!   "sessions": [ Session ],            by start date
//!   "people": [ Person ]                in the plan's order
//! }
//! Session = { "id", "body", "title", "kind", "status" ("confirmed"|"tentative"),
//!   "start", "end" (dates, inclusive), "timezone" (IANA, the venue's),
//!   "venue": { "id", "name", "city", "country", "address", "access" (text|null) },
//!   "registration_deadline" (date|null), "nomination_due" (date),
//!   "delegate_limit" (number), "delegation_size" (number: the whole plan's) }
//! Person = { "id", "name", "family_name", "given_names", "honorific", "position",
//!   "email", "phone" (null when unknown or redacted),
//!   "section": { "id", "name", "timezone" (IANA|null) },
//!   "delegations": [ { "session", "role", "registered" (bool),
//!                      "arrive", "depart" ("2027-03-07" or "2027-03-07T14:05", local
//!                      to the venue, or null), "notes",
//!                      "present": { "first", "last" (dates: the days they are there,
//!                        whose session days are in "items"), "from" ("dates",
//!                        "journeys", or "session": no dates set, the whole session) } } ],
//!   "items": [ Item ]                   sorted by when they happen }
//! Item = { "id" (stable: the meeting id, or e.g. "cnd-70/travel/esempio/1"),
//!   "session", "kind", "shared" (bool: the same item for everyone who has it),
//!   "day" (date at the venue), "all_day" (bool), "date" (date|null: whole-day items),
//!   "start", "end" (Time|null: timed items), "title" (a readable summary),
//!   and exactly one of:
//!   "meeting": { "title", "with", "kind", "room", "location", "status",
//!                "attendees": [ { "id", "name" } ], "notes" }
//!   "travel": { "mode", "from", "to", "carrier", "number", "reference", "notes" }
//!   "stay": { "name", "address", "check_in", "check_out", "nights", "reference", "notes" }
//!   "session_day": { "number", "of" }
//!   "deadline": { "what" ("registration"|"nomination"), "registered" (bool|null) } }
//! Time = { "utc" ("2027-03-09T12:00:00Z"), "local" ("2027-03-09T13:00:00"),
//!   "zone" ("Europe/Vienna", or "UTC+01:00" for a time given with an offset),
//!   "abbreviation" ("CET"), "utc_offset" ("+01:00"),
//!   "home": { "local", "zone", "abbreviation", "utc_offset" } | null (with --home-time) }
//! ```
//!
//! `kind` is one of `registration-deadline`, `nomination-due`, `session-day`,
//! `arrival`, `departure` (the delegate's dates, with no object of their own),
//! `check-out`, `check-in`, `travel`, `meeting`. An item's `day` is the local date
//! where and when it starts (a journey: its departure's). Text is the data as written (JSON
//! escapes control characters); with `--redact`, emails, phone numbers and booking
//! references are `null` and addresses or numbers typed into notes are replaced.
//! Fields may be added within a version; none is removed or changes meaning.
//! Version 2: a journey's day is its departure's, journeys and stays have stable ids,
//! arrival and departure are items (see docs/export-json.md).
//! The same schema, with an example, is in `docs/export-json.md`.

use std::io;

use serde::Serialize;

use super::Sink;
use super::describe::describe;
use super::itinerary::{
    Deadline, Item, Itinerary, LocalTime, Options, Outline, PersonItinerary, PresenceFrom,
    SessionInfo, Stamp, What, When,
};

pub const SCHEMA: &str = "attache-itinerary";
pub const VERSION: u32 = 2;

/// Write the document: its head, then each person as an element of `people`, laid
/// out exactly as the whole document would be (two spaces a level). Returns how many
/// items it wrote.
pub(crate) fn write(outline: &Outline, options: &Options, sink: &mut Sink) -> io::Result<usize> {
    let it = &outline.head;
    let head = Doc {
        schema: SCHEMA,
        version: VERSION,
        options: OptionsJson {
            home_time: options.home_time,
            redacted: options.redact,
        },
        sessions: it.sessions.iter().map(session).collect(),
        people: Vec::new(),
    };
    // `people` is the last key: its empty list is opened instead, and closed below.
    let head = crate::text::json_text(&head);
    sink.buf
        .push_str(head.strip_suffix("[]\n}").unwrap_or(&head));
    sink.buf.push_str("[\n");
    let mut items = 0;
    for n in 0..it.people.len() {
        let p = outline.person(n);
        if n > 0 {
            sink.buf.push_str(",\n");
        }
        let element = crate::text::json_text(&person(it, &p));
        for (i, line) in element.lines().enumerate() {
            if i > 0 {
                sink.buf.push('\n');
            }
            sink.buf.push_str("    ");
            sink.buf.push_str(line);
        }
        items += p.items.len();
        sink.flush()?;
    }
    sink.buf.push_str("\n  ]\n}\n");
    Ok(items)
}

#[derive(Serialize)]
struct Doc<'a> {
    schema: &'static str,
    version: u32,
    options: OptionsJson,
    sessions: Vec<SessionJson<'a>>,
    people: Vec<PersonJson<'a>>,
}

#[derive(Serialize)]
struct OptionsJson {
    home_time: bool,
    redacted: bool,
}

#[derive(Serialize)]
struct SessionJson<'a> {
    id: &'a str,
    body: &'a str,
    title: &'a str,
    kind: crate::model::SessionKind,
    status: crate::model::SessionStatus,
    start: String,
    end: String,
    timezone: &'a str,
    venue: VenueJson<'a>,
    registration_deadline: Option<String>,
    nomination_due: Option<String>,
    delegate_limit: Option<usize>,
    delegation_size: usize,
}

#[derive(Serialize)]
struct VenueJson<'a> {
    id: &'a str,
    name: &'a str,
    city: &'a str,
    country: &'a str,
    address: &'a str,
    access: Option<&'a str>,
}

fn session(s: &SessionInfo) -> SessionJson<'_> {
    SessionJson {
        id: &s.id,
        body: &s.body,
        title: &s.title,
        kind: s.kind,
        status: s.status,
        start: s.start.to_string(),
        end: s.end.to_string(),
        timezone: s.timezone.name(),
        venue: VenueJson {
            id: &s.venue.id,
            name: &s.venue.name,
            city: &s.venue.city,
            country: &s.venue.country,
            address: &s.venue.address,
            access: s.venue.access.as_deref(),
        },
        registration_deadline: s.registration_deadline.map(|d| d.to_string()),
        nomination_due: s.nomination_due.map(|d| d.to_string()),
        delegate_limit: s.delegate_limit,
        delegation_size: s.delegation_size,
    }
}

#[derive(Serialize)]
struct PersonJson<'a> {
    id: &'a str,
    name: &'a str,
    family_name: &'a str,
    given_names: &'a str,
    honorific: Option<&'a str>,
    position: Option<&'a str>,
    email: Option<&'a str>,
    phone: Option<&'a str>,
    section: SectionJson<'a>,
    delegations: Vec<DelegationJson<'a>>,
    items: Vec<ItemJson<'a>>,
}

#[derive(Serialize)]
struct SectionJson<'a> {
    id: &'a str,
    name: &'a str,
    timezone: Option<&'static str>,
}

#[derive(Serialize)]
struct DelegationJson<'a> {
    session: &'a str,
    role: crate::model::Role,
    registered: bool,
    arrive: Option<String>,
    depart: Option<String>,
    present: PresentJson,
    notes: Option<&'a str>,
}

#[derive(Serialize)]
struct PresentJson {
    first: String,
    last: String,
    from: &'static str,
}

fn person<'a>(it: &'a Itinerary, p: &'a PersonItinerary) -> PersonJson<'a> {
    PersonJson {
        id: &p.id,
        name: &p.name,
        family_name: &p.family_name,
        given_names: &p.given_names,
        honorific: p.honorific.as_deref(),
        position: p.position.as_deref(),
        email: p.email.as_deref(),
        phone: p.phone.as_deref(),
        section: SectionJson {
            id: &p.section.id,
            name: &p.section.name,
            timezone: p.section.timezone.map(|tz| tz.name()),
        },
        delegations: p
            .delegations
            .iter()
            .map(|d| DelegationJson {
                session: &d.session,
                role: d.role,
                registered: d.registered,
                arrive: d.arrive.map(|a| a.to_string()),
                depart: d.depart.map(|a| a.to_string()),
                present: PresentJson {
                    first: d.presence.first.to_string(),
                    last: d.presence.last.to_string(),
                    from: match d.presence.from {
                        PresenceFrom::Dates => "dates",
                        PresenceFrom::Journeys => "journeys",
                        PresenceFrom::Session => "session",
                    },
                },
                notes: d.notes.as_deref(),
            })
            .collect(),
        items: p.items.iter().map(|i| item(it, i)).collect(),
    }
}

#[derive(Serialize)]
struct ItemJson<'a> {
    id: &'a str,
    session: &'a str,
    kind: &'static str,
    shared: bool,
    day: String,
    all_day: bool,
    date: Option<String>,
    start: Option<TimeJson>,
    end: Option<TimeJson>,
    title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    meeting: Option<MeetingJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    travel: Option<TravelJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stay: Option<StayJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    session_day: Option<SessionDayJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deadline: Option<DeadlineJson>,
}

#[derive(Serialize)]
struct TimeJson {
    utc: String,
    local: String,
    zone: String,
    abbreviation: String,
    utc_offset: String,
    home: Option<HomeJson>,
}

#[derive(Serialize)]
struct HomeJson {
    local: String,
    zone: String,
    abbreviation: String,
    utc_offset: String,
}

#[derive(Serialize)]
struct MeetingJson<'a> {
    title: &'a str,
    with: Option<&'a str>,
    kind: crate::model::MeetingKind,
    room: Option<&'a str>,
    address: Option<&'a str>,
    location: &'a str,
    url: Option<&'a str>,
    status: crate::model::MeetingStatus,
    attendees: Vec<AttendeeJson<'a>>,
    notes: Option<&'a str>,
}

#[derive(Serialize)]
struct AttendeeJson<'a> {
    id: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct TravelJson<'a> {
    mode: crate::model::TravelMode,
    from: &'a str,
    to: &'a str,
    carrier: Option<&'a str>,
    number: Option<&'a str>,
    reference: Option<&'a str>,
    notes: Option<&'a str>,
}

#[derive(Serialize)]
struct StayJson<'a> {
    name: &'a str,
    address: Option<&'a str>,
    check_in: String,
    check_out: String,
    nights: i64,
    reference: Option<&'a str>,
    notes: Option<&'a str>,
}

#[derive(Serialize)]
struct SessionDayJson {
    number: u32,
    of: u32,
}

#[derive(Serialize)]
struct DeadlineJson {
    what: &'static str,
    registered: Option<bool>,
}

fn time(s: &Stamp) -> TimeJson {
    TimeJson {
        utc: s.utc.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        local: local(&s.local),
        zone: s.local.zone.clone(),
        abbreviation: s.local.abbrev.clone(),
        utc_offset: s.local.offset.to_string(),
        home: s.home.as_ref().map(|h| HomeJson {
            local: local(h),
            zone: h.zone.clone(),
            abbreviation: h.abbrev.clone(),
            utc_offset: h.offset.to_string(),
        }),
    }
}

fn local(t: &LocalTime) -> String {
    t.time.format("%Y-%m-%dT%H:%M:%S").to_string()
}

fn item<'a>(it: &'a Itinerary, i: &'a Item) -> ItemJson<'a> {
    let title = it
        .sessions
        .iter()
        .find(|s| s.id == i.session)
        .map(|s| describe(i, s).title)
        .unwrap_or_default();
    let (date, start, end) = match &i.when {
        When::AllDay { date, .. } => (Some(date.to_string()), None, None),
        When::Span { start, end } => (None, Some(time(start)), Some(time(end))),
    };
    let mut out = ItemJson {
        id: &i.id,
        session: &i.session,
        kind: i.what.kind(),
        shared: i.shared,
        day: i.day.to_string(),
        all_day: i.is_all_day(),
        date,
        start,
        end,
        title,
        meeting: None,
        travel: None,
        stay: None,
        session_day: None,
        deadline: None,
    };
    match &i.what {
        What::Meeting(m) => {
            out.meeting = Some(MeetingJson {
                title: &m.title,
                with: m.with.as_deref(),
                kind: m.kind,
                room: m.room.as_deref(),
                address: m.address.as_deref(),
                location: &m.location,
                url: m.url.as_deref(),
                status: m.status,
                attendees: m
                    .attendees
                    .iter()
                    .map(|a| AttendeeJson {
                        id: &a.id,
                        name: &a.name,
                    })
                    .collect(),
                notes: m.notes.as_deref(),
            });
        }
        What::Travel(t) => {
            out.travel = Some(TravelJson {
                mode: t.mode,
                from: &t.from,
                to: &t.to,
                carrier: t.carrier.as_deref(),
                number: t.number.as_deref(),
                reference: t.reference.as_deref(),
                notes: t.notes.as_deref(),
            });
        }
        What::CheckIn(s) | What::CheckOut(s) => {
            out.stay = Some(StayJson {
                name: &s.name,
                address: s.address.as_deref(),
                check_in: s.check_in.to_string(),
                check_out: s.check_out.to_string(),
                nights: s.nights(),
                reference: s.reference.as_deref(),
                notes: s.notes.as_deref(),
            });
        }
        What::Arrival { .. } | What::Departure { .. } => {}
        What::SessionDay { number, of } => {
            out.session_day = Some(SessionDayJson {
                number: *number,
                of: *of,
            });
        }
        What::Deadline(d) => {
            out.deadline = Some(match d {
                Deadline::Registration { registered } => DeadlineJson {
                    what: "registration",
                    registered: Some(*registered),
                },
                Deadline::Nomination => DeadlineJson {
                    what: "nomination",
                    registered: None,
                },
                Deadline::Window { .. } => DeadlineJson {
                    what: "window",
                    registered: None,
                },
                Deadline::Visa => DeadlineJson {
                    what: "visa",
                    registered: None,
                },
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::{Format, Selection};

    /// The document written a person at a time is, byte for byte, the one serde
    /// writes whole.
    #[test]
    fn streamed_people_are_laid_out_as_in_the_whole_document() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let db = crate::testdata::sample(today).db;
        let options = Options {
            home_time: true,
            ..Options::default()
        };
        for people in [vec![], vec!["esempio".to_string()]] {
            let selection = Selection {
                sessions: vec!["cnd-70".into()],
                people,
                section: None,
            };
            let streamed = crate::export::export(&db, Format::Json, &selection, &options)
                .unwrap()
                .text;
            let it = crate::export::build(&db, &selection, &options).unwrap();
            let whole = Doc {
                schema: SCHEMA,
                version: VERSION,
                options: OptionsJson {
                    home_time: true,
                    redacted: false,
                },
                sessions: it.sessions.iter().map(session).collect(),
                people: it.people.iter().map(|p| person(&it, p)).collect(),
            };
            assert_eq!(streamed, crate::text::json_text(&whole) + "\n");
        }
    }
}
