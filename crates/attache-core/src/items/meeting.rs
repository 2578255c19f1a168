//! A side meeting of a session: a bilateral, a side event, a visit...
//!
//! ```toml
//! [[meeting]]
//! id = "cnd70-alliance"       # required: a slug, unique across all plans
//! title = "Bilateral"         # required, not empty
//! with = "Alliance of NGOs"   # optional
//! kind = "bilateral"          # optional, default other
//! room = "M7"                 # optional: a room of the venue, or the place's name
//! address = "..."             # optional: for a place away from the venue (a mission,
//!                             # a restaurant), its address; the room is then its name
//! start = 2027-03-09T13:00:00 # required: local times at the venue, that exist there
//! end = 2027-03-09T14:00:00   # required: after start
//! attendees = ["esempio"]     # optional: people, delegates of this plan
//! status = "confirmed"        # optional, default proposed
//! notes = "..."               # optional
//! url = "https://..."         # optional: its page, or the link to join
//! changed = 2026-11-30T07:41:00Z  # written by attaché: see model::Revision
//! sequence = 1                # written by attaché
//! ```
//!
//! An item of a session's official programme (`attache import`) is a meeting too,
//! so that attending it puts it in itineraries and clash checks like any other. It
//! carries its UID in the programme's file, which a re-import matches it by:
//!
//! ```toml
//! programme = "event-1234@indico.un.org"  # the source's UID
//! moved_from = 2027-03-09T13:00:00        # set by a re-import that moved it while
//!                                         # someone attends; `attache attend --ack` clears it
//! ```
//!
//! Its room is the organizers' word (not checked against the venue's rooms), and a
//! programme item nobody attends is nobody's clash.

use chrono::NaiveDateTime;

use crate::diag::{Code, Diagnostic, Diagnostics, did_you_mean};
use crate::ids::{MeetingId, PersonId};
use crate::model::{MeetingKind, MeetingStatus, Origin, Revision};
use crate::store::fields::Fields;
use crate::text::printable;

use super::{Context, PlanItem, Record, Values, blank, list, local, opt_text, revision, text};

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Meeting {
    pub id: MeetingId,
    pub title: String,
    pub with: Option<String>,
    pub kind: MeetingKind,
    /// A room of the venue; with an `address`, the name of a place away from it.
    pub room: Option<String>,
    /// Where a meeting away from the venue is: itineraries and calendars show this
    /// address, never the venue's.
    pub address: Option<String>,
    /// Local time in the venue's zone.
    #[serde(with = "crate::store::cache::times")]
    pub start: NaiveDateTime,
    #[serde(with = "crate::store::cache::times")]
    pub end: NaiveDateTime,
    pub attendees: Vec<PersonId>,
    pub status: MeetingStatus,
    pub notes: Option<String>,
    pub url: Option<String>,
    /// The UID of the official programme's item this meeting is (see the module's
    /// documentation); `None` for the delegation's own meetings.
    pub programme: Option<String>,
    /// The start it had when a re-import moved it while someone attends: a change
    /// to tell them of, until acknowledged.
    pub moved_from: Option<NaiveDateTime>,
    pub revision: Revision,
    pub origin: Origin,
}

impl Meeting {
    pub fn is_cancelled(&self) -> bool {
        self.status == MeetingStatus::Cancelled
    }

    /// Away from the venue: at a place with an address of its own.
    pub fn is_off_site(&self) -> bool {
        self.address.is_some()
    }

    /// An item of the official programme, not one of the delegation's own meetings.
    pub fn is_programme(&self) -> bool {
        self.programme.is_some()
    }
}

impl Record for Meeting {
    const TABLE: &'static str = "meeting";
    const NAME_KEY: &'static str = "id";

    fn read(f: &mut Fields<'_>) -> Option<Self> {
        let id = f.id("id");
        let title = f.req_str("title");
        let with = f.opt_str("with");
        let kind = f.word(
            "kind",
            MeetingKind::NAMES,
            MeetingKind::parse,
            Some(MeetingKind::Other),
        );
        let room = f.opt_str("room");
        let address = f.opt_str("address");
        let start = f.local_datetime("start");
        let end = f.local_datetime("end");
        let attendees = f.str_list("attendees");
        let status = f.word(
            "status",
            MeetingStatus::NAMES,
            MeetingStatus::parse,
            Some(MeetingStatus::Proposed),
        );
        let notes = f.opt_str("notes");
        let url = f.opt_str("url");
        let programme = f.opt_str("programme");
        let moved_from = f.opt_local_datetime("moved_from");
        let revision = f.revision();
        Some(Meeting {
            id: id?,
            title: title?,
            with,
            kind: kind?,
            room,
            address,
            start: start?,
            end: end?,
            attendees,
            status: status?,
            notes,
            url,
            programme,
            moved_from,
            revision,
            origin: Origin::default(),
        })
    }

    fn write(&self) -> Values {
        vec![
            ("id", text(&self.id)),
            ("title", text(&self.title)),
            ("with", opt_text(&self.with)),
            ("kind", text(self.kind.as_str())),
            ("room", opt_text(&self.room)),
            ("address", opt_text(&self.address)),
            ("start", local(self.start)),
            ("end", local(self.end)),
            ("attendees", list(&self.attendees)),
            ("status", text(self.status.as_str())),
            ("notes", opt_text(&self.notes)),
            ("url", opt_text(&self.url)),
            ("programme", opt_text(&self.programme)),
            ("moved_from", self.moved_from.and_then(local)),
        ]
        .into_iter()
        .chain(revision(&self.revision))
        .collect()
    }

    fn same(&self, other: &Self) -> bool {
        self.id == other.id
    }

    fn name_value(&self) -> &str {
        &self.id
    }

    fn origin(&self) -> &Origin {
        &self.origin
    }

    fn origin_mut(&mut self) -> &mut Origin {
        &mut self.origin
    }

    fn rules(&self, out: &mut Diagnostics) {
        if blank(&self.title) {
            out.push(
                Diagnostic::error("a meeting needs a title")
                    .at(self.at("title"))
                    .help("say what it is, e.g. \"Bilateral with UNODC\""),
            );
        }
        if self.end <= self.start {
            out.push(
                Diagnostic::error(format!(
                    "{} ends ({}) {} it starts ({})",
                    self.what(),
                    self.end.format("%Y-%m-%d %H:%M"),
                    if self.end == self.start {
                        "as"
                    } else {
                        "before"
                    },
                    self.start.format("%Y-%m-%d %H:%M")
                ))
                .at(self.at("end"))
                .help("a meeting must end after it starts: correct start or end"),
            );
        }
    }
}

impl PlanItem for Meeting {
    fn revision(&self) -> Revision {
        self.revision
    }

    fn revision_mut(&mut self) -> &mut Revision {
        &mut self.revision
    }

    fn moved_from(&self, before: &Self) -> bool {
        (self.start, self.end, &self.room, &self.address, self.status)
            != (
                before.start,
                before.end,
                &before.room,
                &before.address,
                before.status,
            )
    }

    fn rules_in(&self, ctx: &Context<'_>, out: &mut Diagnostics) {
        let what = self.what();
        for (i, a) in self.attendees.iter().enumerate() {
            let at = self.at(&format!("attendees.{i}"));
            if !ctx.db.people.contains_key(a) {
                out.extend(ctx.unknown_person(a, &what, at));
            } else if !ctx.in_delegation(a) {
                let session = printable(&ctx.plan.session);
                out.push(
                    Diagnostic::warning(format!(
                        "\"{}\" attends {what} but is not in the delegation to \"{session}\"",
                        printable(a)
                    ))
                    .at(at)
                    .help(format!(
                        "add them as a delegate: attache assign --session {session} --person {} --role delegate",
                        printable(a)
                    ))
                    .code(Code::AttendeeNotDelegate, &[a], &[&self.id]),
                );
            }
        }
        self.programme_changes(ctx, out);
        if let (Some(room), Some(venue)) = (&self.room, ctx.venue)
            && !self.is_off_site()
            && !self.is_programme()
            && !venue.rooms.is_empty()
            && !venue.rooms.contains(room)
        {
            out.push(
                Diagnostic::warning(format!(
                    "room \"{}\" of {what} is not a room of venue \"{}\"",
                    printable(room),
                    venue.id
                ))
                .at(self.at("room"))
                .code(Code::UnknownRoom, &[], &[&self.id])
                .help_opt(
                    did_you_mean(room, venue.rooms.iter().map(String::as_str)).or_else(|| {
                        Some(
                            "add the room to the venue's rooms in venues.toml, or check its name"
                                .into(),
                        )
                    }),
                ),
            );
        }
        if let Some(session) = ctx.session
            && (!session.contains_day(self.start.date()) || !session.contains_day(self.end.date()))
        {
            out.push(
                Diagnostic::warning(format!(
                    "{what} ({}) is outside the session's days ({} to {})",
                    self.start.format("%Y-%m-%d"),
                    session.start,
                    session.end
                ))
                .at(self.at("start"))
                .help("fine for a briefing the day before; otherwise check the date")
                .code(Code::OutsideSession, &[], &[&self.id]),
            );
        }
        for (key, t) in [("start", self.start), ("end", self.end)] {
            out.extend(ctx.venue_time(key, &what, t, "the meeting", self.at(key)));
        }
    }
}

impl Meeting {
    /// A programme item someone attends that a re-import moved, or that was
    /// cancelled or dropped from the programme: the attendees must be told.
    fn programme_changes(&self, ctx: &Context<'_>, out: &mut Diagnostics) {
        if !self.is_programme() || self.attendees.is_empty() {
            return;
        }
        let names: Vec<String> = self
            .attendees
            .iter()
            .map(|a| printable(ctx.db.person_name(a)).into_owned())
            .collect();
        let who = match names.as_slice() {
            [one] => format!("{one} attends"),
            [rest @ .., last] => format!("{} and {last} attend", rest.join(", ")),
            [] => return,
        };
        let title = printable(&self.title);
        let session = printable(&ctx.plan.session);
        let id = printable(&self.id);
        let people: Vec<&str> = self.attendees.iter().map(|a| a.as_str()).collect();
        let when = |t: NaiveDateTime| t.format("%a %d %b %H:%M").to_string();
        if self.is_cancelled() {
            out.push(
                Diagnostic::warning(format!(
                    "\"{title}\" of the official programme, which {who}, is cancelled or no longer in the programme"
                ))
                .at(self.at("status"))
                .help(format!(
                    "tell them, and take them off it: attache attend --session {session} --item {id} --person PERSON --remove"
                ))
                .code(Code::ProgrammeCancelled, &people, &[&self.id]),
            );
        } else if let Some(from) = self.moved_from {
            out.push(
                Diagnostic::warning(format!(
                    "\"{title}\" of the official programme, which {who}, moved from {} to {}",
                    when(from),
                    when(self.start)
                ))
                .at(self.at("moved_from"))
                .help(format!(
                    "tell them; then clear this with: attache attend --session {session} --item {id} --ack"
                ))
                .code(Code::ProgrammeMoved, &people, &[&self.id]),
            );
        }
    }
}

/// The rule that meeting ids are unique across all plans, as said of the second
/// meeting with `id`, the first being in the plan for `other`.
pub fn duplicate_id(id: &str, other: &str) -> Diagnostic {
    Diagnostic::error(format!(
        "duplicate meeting id \"{}\" (also in the plan for \"{}\")",
        printable(id),
        printable(other)
    ))
    .help("meeting ids are unique across all plans: rename this one")
}
