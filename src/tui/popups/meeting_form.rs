//! The meeting form (`n` new, `e` edit): text fields, choices for the kind, room and
//! status, and ticks for the attendees, on the shared form engine ([`super::form`]).
//! Every change is checked at once by the same operation that will apply it
//! ([`ops::add_meeting`] / [`ops::edit_meeting`]), and its refusal is shown in the
//! form: an invalid meeting is never accepted.

use crate::ids::PersonId;
use crate::ids::{MeetingId, SessionId};
use chrono::{NaiveDate, NaiveDateTime};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::model::{Database, Meeting, MeetingKind, MeetingStatus, Origin};
use crate::planning::{OpError, Transaction, ops};
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx};
use crate::tui::keymap::{Context, Key};
use crate::tui::popups::Invalid;
use crate::tui::popups::form::{self, FieldKey, Form, Input, Look};
use crate::tui::queue::Msg;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    With,
    Kind,
    Day,
    Start,
    End,
    Room,
    /// A place away from the venue, instead of a room.
    Place,
    Address,
    Attendees,
    Status,
    Notes,
}

impl FieldKey for Field {
    fn label(self) -> &'static str {
        match self {
            Field::Title => "Title",
            Field::With => "With",
            Field::Kind => "Kind",
            Field::Day => "Day",
            Field::Start => "Starts",
            Field::End => "Ends",
            Field::Room => "Room",
            Field::Place => "Or at",
            Field::Address => "Address",
            Field::Attendees => "Attendees",
            Field::Status => "Status",
            Field::Notes => "Notes",
        }
    }

    /// The day's name after the day.
    fn note(self, input: &Input) -> Option<String> {
        match (self, input) {
            (Field::Day, Input::Text(tf)) => crate::time::read_day(&tf.text)
                .ok()
                .map(|d| format!(" {}", d.format("%A"))),
            _ => None,
        }
    }
}

const LOOK: Look = Look {
    max_width: 84,
    label_width: 11,
    inline_errors: true,
    ready: "✓ ready to save",
    cancel: "cancel",
    choose: Some("choose"),
    tick: true,
};

#[derive(Debug, Clone)]
pub struct MeetingForm {
    pub session: SessionId,
    /// Makes a new meeting's id differ from one another writer would make (see
    /// [`ops::new_meeting_id`]).
    pub id_salt: u64,
    /// The meeting being edited; none for a new one.
    pub editing: Option<MeetingId>,
    pub form: Form<Field>,
    /// How long the meeting lasts: a new start keeps it, a new end sets it.
    pub length: chrono::Duration,
}

/// The venue's rooms, after "no room".
fn rooms_of(db: &Database, session: &str) -> Vec<String> {
    let mut rooms = vec!["(none)".to_string()];
    rooms.extend(
        db.sessions
            .get(session)
            .and_then(|s| db.venues.get(&s.venue))
            .map(|v| v.rooms.clone())
            .unwrap_or_default(),
    );
    rooms
}

fn people_of(db: &Database, session: &str) -> Vec<(String, String)> {
    db.plans
        .get(session)
        .map(|p| {
            p.delegates
                .iter()
                .map(|d| {
                    let name = db
                        .people
                        .get(&d.person)
                        .map_or(d.person.to_string(), |p| p.name.clone());
                    (d.person.to_string(), name)
                })
                .collect()
        })
        .unwrap_or_default()
}

fn names<T: ToString>(all: &[T]) -> Vec<String> {
    all.iter().map(T::to_string).collect()
}

fn index_of<T: PartialEq + Copy>(all: &[T], x: T) -> usize {
    all.iter().position(|a| *a == x).unwrap_or(0)
}

impl MeetingForm {
    /// An empty form for a new meeting on `day`.
    pub fn new(db: &Database, session: &str, day: NaiveDate) -> Self {
        use form::Field as F;
        let kind = index_of(MeetingKind::ALL, MeetingKind::Bilateral);
        let status = index_of(MeetingStatus::ALL, MeetingStatus::Proposed);
        let fields = vec![
            F::text(Field::Title, ""),
            F::text(Field::With, ""),
            F::choice(Field::Kind, names(MeetingKind::ALL), kind),
            F::text(Field::Day, &day.to_string()).width(12),
            F::text(Field::Start, "09:00").width(17),
            F::text(Field::End, "10:00").width(17),
            F::choice(Field::Room, rooms_of(db, session), 0),
            F::text(Field::Place, ""),
            F::text(Field::Address, ""),
            F::ticks(
                Field::Attendees,
                people_of(db, session),
                "(no delegates yet: assign people first)",
            ),
            F::choice(Field::Status, names(MeetingStatus::ALL), status),
            F::lines(Field::Notes, ""),
        ];
        Self {
            session: session.into(),
            id_salt: 0,
            editing: None,
            form: Form::new(fields, Field::Title),
            length: chrono::Duration::hours(1),
        }
    }

    /// A form holding an existing meeting.
    pub fn edit(db: &Database, session: &str, m: &Meeting) -> Self {
        let mut f = Self::new(db, session, m.start.date());
        f.editing = Some(m.id.clone());
        f.length = m.end - m.start;
        let form = &mut f.form;
        form.set(Field::Title, &m.title);
        form.set(Field::With, m.with.as_deref().unwrap_or(""));
        form.set_choice(Field::Kind, index_of(MeetingKind::ALL, m.kind));
        form.set(Field::Start, &m.start.format("%H:%M").to_string());
        form.set(Field::End, &m.end.format("%H:%M").to_string());
        if m.end.date() != m.start.date() {
            form.set(Field::End, &m.end.format("%Y-%m-%d %H:%M").to_string());
        }
        match (&m.room, &m.address) {
            (Some(place), Some(address)) => {
                form.set(Field::Place, place);
                form.set(Field::Address, address);
            }
            // A room the venue does not list stays choosable.
            (Some(room), None) => form.choose_or_add(Field::Room, room),
            _ => {}
        }
        for a in &m.attendees {
            form.tick(Field::Attendees, a);
        }
        form.set_choice(Field::Status, index_of(MeetingStatus::ALL, m.status));
        form.set(Field::Notes, m.notes.as_deref().unwrap_or(""));
        form.select_focused();
        f
    }

    /// A time field: a time of day on the form's day (`9:30`, `930`, `9h30`...), or a
    /// day and time; `Ok(None)` when it reads but the day does not.
    fn time(&self, field: Field, day: Option<NaiveDate>) -> Result<Option<NaiveDateTime>, String> {
        let t = self.form.text(field);
        if let Ok(dt) = crate::time::read_local(t) {
            return Ok(Some(dt));
        }
        crate::time::read_clock(t).map(|time| day.map(|d| d.and_time(time)))
    }

    /// After an edit of the start: the end moves with it, so that the meeting keeps
    /// its length; after an edit of the end, that is the new length.
    fn keep_length(&mut self, edited: Field, db: &Database) {
        let day = crate::time::read_day(self.form.text(Field::Day)).ok();
        let (Ok(Some(start)), end) = (self.time(Field::Start, day), self.time(Field::End, day))
        else {
            return;
        };
        match edited {
            Field::Start => {
                let end = start + self.length;
                let text = if end.date() == start.date() && day == Some(start.date()) {
                    end.format("%H:%M").to_string()
                } else {
                    end.format("%Y-%m-%d %H:%M").to_string()
                };
                self.form.set(Field::End, &text);
            }
            Field::End => {
                if let Ok(Some(end)) = end
                    && end > start
                {
                    self.length = end - start;
                }
            }
            _ => return,
        }
        self.revalidate(db);
    }

    /// The meeting the form describes, or which fields do not parse.
    pub fn build(&self, db: &Database) -> Result<Meeting, Vec<(Field, String)>> {
        let f = &self.form;
        let mut errors = Vec::new();
        let day = crate::time::read_day(f.text(Field::Day))
            .map_err(|e| errors.push((Field::Day, e)))
            .ok();
        let start = self
            .time(Field::Start, day)
            .map_err(|e| errors.push((Field::Start, e)));
        let end = self
            .time(Field::End, day)
            .map_err(|e| errors.push((Field::End, e)));
        let place = f.optional(Field::Place);
        let address = f.optional(Field::Address);
        match (&place, &address) {
            (Some(_), None) => errors.push((
                Field::Address,
                "give the address of the place (or empty \"Or at\" for a room of the venue)".into(),
            )),
            (None, Some(_)) => errors.push((
                Field::Place,
                "name the place at this address, e.g. Permanent Mission of Italy".into(),
            )),
            _ => {}
        }
        let (Ok(Some(start)), Ok(Some(end))) = (start, end) else {
            return Err(errors);
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        // What the form does not show stays as it was: a programme item's source.
        let kept = self
            .editing
            .as_ref()
            .and_then(|id| ops::find_meeting(db, id))
            .map(|(p, i)| &p.meetings[i]);
        let id = match &self.editing {
            Some(id) => id.clone(),
            None => ops::new_meeting_id(
                db,
                &SessionId::from(&self.session),
                f.raw(Field::Title),
                self.id_salt,
            ),
        };
        Ok(Meeting {
            id,
            title: f.text(Field::Title).to_string(),
            with: f.optional(Field::With),
            kind: MeetingKind::ALL[f.choice(Field::Kind)],
            room: place
                .clone()
                .or_else(|| (f.choice(Field::Room) > 0).then(|| f.text(Field::Room).to_string())),
            address,
            start,
            end,
            attendees: f
                .ticked(Field::Attendees)
                .into_iter()
                .map(PersonId::from)
                .collect(),
            status: MeetingStatus::ALL[f.choice(Field::Status)],
            notes: f.optional(Field::Notes),
            revision: Default::default(),
            url: kept.and_then(|m| m.url.clone()),
            programme: kept.and_then(|m| m.programme.clone()),
            moved_from: kept.and_then(|m| m.moved_from),
            origin: Origin::default(),
        })
    }

    /// The operation on `m`: `None` when editing changes nothing.
    fn operation(&self, db: &Database, m: Meeting) -> Option<Result<Transaction, OpError>> {
        match &self.editing {
            None => Some(ops::add_meeting(db, &SessionId::from(&self.session), m)),
            Some(old_id) => {
                let unchanged = |old: &Meeting| {
                    Meeting {
                        revision: old.revision,
                        ..m.clone()
                    } == *old
                };
                if ops::find_meeting(db, old_id).is_some_and(|(p, i)| unchanged(&p.meetings[i])) {
                    return None;
                }
                Some(ops::edit_meeting(db, &MeetingId::from(old_id), |x| {
                    let origin = std::mem::take(&mut x.origin);
                    *x = Meeting { origin, ..m };
                }))
            }
        }
    }

    /// The transaction that applies the form, `None` when it changes nothing, or
    /// `Err` when the form has errors (then in `field_errors` / `error`).
    pub fn transaction(&self, db: &Database) -> Result<Option<(Transaction, MeetingId)>, Invalid> {
        let m = self.build(db).map_err(|_| Invalid)?;
        let id = m.id.clone();
        match self.operation(db, m) {
            None => Ok(None),
            Some(Ok(tx)) => Ok(Some((tx, id))),
            Some(Err(_)) => Err(Invalid),
        }
    }

    /// Re-check the form as it stands.
    pub fn revalidate(&mut self, db: &Database) {
        self.form.error = None;
        match self.build(db) {
            Err(errors) => self.form.field_errors = errors,
            Ok(m) => {
                self.form.field_errors.clear();
                self.form.error = self.operation(db, m).and_then(Result::err);
            }
        }
    }
}

impl Component for MeetingForm {
    fn context(&self) -> Context {
        Context::Form
    }

    fn handle(&mut self, action: Action, ctx: &Ctx, out: &mut Vec<Msg>) {
        match action {
            Action::Cancel => out.push(Msg::Close),
            Action::Submit => {
                self.revalidate(ctx.db);
                match self.transaction(ctx.db) {
                    Ok(None) => out.push(Msg::Close),
                    Ok(Some((tx, id))) => out.push(Msg::apply_then(
                        Ok(tx),
                        vec![Msg::Close, Msg::SelectMeeting(id)],
                    )),
                    Err(Invalid) => {}
                }
            }
            act => {
                self.form.act(act);
                self.revalidate(ctx.db);
            }
        }
    }

    fn input(&mut self, key: Key, ctx: &Ctx, _out: &mut Vec<Msg>) {
        if self.form.input(key) {
            self.revalidate(ctx.db);
            self.keep_length(self.form.field(), ctx.db);
        }
    }

    fn paste(&mut self, text: &str, ctx: &Ctx, _out: &mut Vec<Msg>) {
        self.form.paste(text);
        self.revalidate(ctx.db);
        self.keep_length(self.form.field(), ctx.db);
    }

    fn draw(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        let title = match &self.editing {
            Some(id) => format!("Edit meeting {}", crate::text::printable(id)),
            None => format!("New meeting in {}", crate::text::printable(&self.session)),
        };
        self.form
            .draw(ctx, area, buf, &title, &LOOK, |_| Vec::new());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyCode;

    fn db() -> Database {
        super::super::sample_db()
    }

    #[test]
    fn new_meeting_is_checked_by_the_operation() {
        let db = db();
        let day = NaiveDate::from_ymd_opt(2027, 3, 9).unwrap();
        let mut f = MeetingForm::new(&db, "cnd-70", day);
        f.revalidate(&db);
        assert_eq!(
            f.form.error.as_ref().unwrap().message,
            "a meeting needs a title"
        );
        f.form.set(Field::Title, "Coffee with UNODC");
        f.form.set(Field::End, "08:00");
        f.revalidate(&db);
        assert!(
            f.form
                .error
                .as_ref()
                .unwrap()
                .message
                .contains("before it starts")
        );
        assert!(f.transaction(&db).is_err());
        f.form.set(Field::End, "9:45");
        f.form.set(Field::Start, "nine");
        f.revalidate(&db);
        assert_eq!(f.form.field_errors.len(), 1);
        f.form.set(Field::Start, "09:00");
        f.revalidate(&db);
        assert!(
            f.form.is_valid(),
            "{:?} {:?}",
            f.form.error,
            f.form.field_errors
        );
        let (tx, id) = f.transaction(&db).unwrap().unwrap();
        // Readable, with a suffix that keeps two writers' ids apart.
        assert!(id.starts_with("cnd-70-coffee-with-unodc-"), "{id}");
        assert_eq!(id.len(), "cnd-70-coffee-with-unodc-".len() + 4, "{id}");
        assert!(tx.description.contains("added meeting"));
    }

    #[test]
    fn a_place_away_from_the_venue_needs_its_address_and_keeps_it() {
        let db = db();
        let day = NaiveDate::from_ymd_opt(2027, 3, 9).unwrap();
        let mut f = MeetingForm::new(&db, "cnd-70", day);
        f.form.set(Field::Title, "Lunch at the mission");
        f.form.set(Field::Place, "Permanent Mission of Italy");
        let errors = f.build(&db).unwrap_err();
        assert_eq!(errors[0].0, Field::Address, "{errors:?}");
        f.form.set(Field::Address, "Rennweg 27, 1030 Vienna");
        let m = f.build(&db).unwrap();
        assert_eq!(m.room.as_deref(), Some("Permanent Mission of Italy"));
        assert_eq!(m.address.as_deref(), Some("Rennweg 27, 1030 Vienna"));
        // Opened again, the form shows the place and its address, not a room.
        let again = MeetingForm::edit(&db, "cnd-70", &m);
        assert_eq!(again.form.text(Field::Place), "Permanent Mission of Italy");
        assert_eq!(again.form.text(Field::Address), "Rennweg 27, 1030 Vienna");
        assert_eq!(again.form.choice(Field::Room), 0);
    }

    #[test]
    fn editing_unchanged_is_nothing() {
        let db = db();
        let m = db.plans["cnd-70"].meeting("cnd70-csu").unwrap().clone();
        let mut f = MeetingForm::edit(&db, "cnd-70", &m);
        f.revalidate(&db);
        assert!(f.form.is_valid(), "{:?}", f.form.error);
        assert!(f.transaction(&db).unwrap().is_none());
        assert_eq!(f.form.text(Field::Room), "M2");
        assert_eq!(f.form.ticked(Field::Attendees).len(), 3);
        f.form.focus_on(Field::Room);
        f.form.input(Key::plain(KeyCode::Right));
        f.revalidate(&db);
        let (tx, _) = f.transaction(&db).unwrap().unwrap();
        assert!(tx.description.contains("edited meeting cnd70-csu"));
    }
}
