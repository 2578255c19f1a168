//! The meeting form (`n` new, `e` edit): text fields, pickers for the kind, room and
//! status, and ticks for the attendees. Every change is checked at once by the same
//! operation that will apply it ([`ops::add_meeting`] / [`ops::edit_meeting`]), and its
//! refusal is shown in the form: an invalid meeting is never accepted.

use chrono::{NaiveDate, NaiveTime};
use crossterm::event::KeyCode;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::model::{Database, Meeting, MeetingKind, MeetingStatus, Origin};
use crate::planning::{OpError, Transaction, ops};
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx};
use crate::tui::keymap::{Context, Key};
use crate::tui::popups::{Invalid, TextField};
use crate::tui::queue::Msg;
use crate::tui::widgets;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    With,
    Kind,
    Day,
    Start,
    End,
    Room,
    Attendees,
    Status,
    Notes,
}

pub const FIELDS: [Field; 10] = [
    Field::Title,
    Field::With,
    Field::Kind,
    Field::Day,
    Field::Start,
    Field::End,
    Field::Room,
    Field::Attendees,
    Field::Status,
    Field::Notes,
];

impl Field {
    fn label(self) -> &'static str {
        match self {
            Field::Title => "Title",
            Field::With => "With",
            Field::Kind => "Kind",
            Field::Day => "Day",
            Field::Start => "Starts",
            Field::End => "Ends",
            Field::Room => "Room",
            Field::Attendees => "Attendees",
            Field::Status => "Status",
            Field::Notes => "Notes",
        }
    }
}

#[derive(Debug, Clone)]
pub struct MeetingForm {
    pub session: String,
    /// The meeting being edited; none for a new one.
    pub editing: Option<String>,
    pub focus: usize,
    pub title: TextField,
    pub with: TextField,
    pub kind: usize,
    pub day: TextField,
    pub start: TextField,
    pub end: TextField,
    /// The venue's rooms; `room` 0 is "no room", i + 1 is `rooms[i]`.
    pub rooms: Vec<String>,
    pub room: usize,
    /// The session's delegates (id, name) and whether each attends.
    pub people: Vec<(String, String)>,
    pub attending: Vec<bool>,
    pub person_cursor: usize,
    pub status: usize,
    pub notes: TextField,
    /// Fields that do not parse, with why.
    pub field_errors: Vec<(Field, String)>,
    /// The operation's refusal of the meeting as it stands.
    pub error: Option<OpError>,
}

fn rooms_of(db: &Database, session: &str) -> Vec<String> {
    db.sessions
        .get(session)
        .and_then(|s| db.venues.get(&s.venue))
        .map(|v| v.rooms.clone())
        .unwrap_or_default()
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
                        .map_or(d.person.clone(), |p| p.name.clone());
                    (d.person.clone(), name)
                })
                .collect()
        })
        .unwrap_or_default()
}

fn index_of<T: PartialEq + Copy>(all: &[T], x: T) -> usize {
    all.iter().position(|a| *a == x).unwrap_or(0)
}

impl MeetingForm {
    /// An empty form for a new meeting on `day`.
    pub fn new(db: &Database, session: &str, day: NaiveDate) -> Self {
        let people = people_of(db, session);
        Self {
            session: session.to_string(),
            editing: None,
            focus: 0,
            title: TextField::default(),
            with: TextField::default(),
            kind: index_of(MeetingKind::ALL, MeetingKind::Bilateral),
            day: TextField::new(&day.to_string()),
            start: TextField::new("09:00"),
            end: TextField::new("10:00"),
            rooms: rooms_of(db, session),
            room: 0,
            attending: vec![false; people.len()],
            people,
            person_cursor: 0,
            status: index_of(MeetingStatus::ALL, MeetingStatus::Proposed),
            notes: TextField::default(),
            field_errors: Vec::new(),
            error: None,
        }
    }

    /// A form holding an existing meeting.
    pub fn edit(db: &Database, session: &str, m: &Meeting) -> Self {
        let mut f = Self::new(db, session, m.start.date());
        f.editing = Some(m.id.clone());
        f.title = TextField::new(&m.title);
        f.with = TextField::new(m.with.as_deref().unwrap_or(""));
        f.kind = index_of(MeetingKind::ALL, m.kind);
        f.start = TextField::new(&m.start.format("%H:%M").to_string());
        f.end = TextField::new(&m.end.format("%H:%M").to_string());
        if m.end.date() != m.start.date() {
            f.end = TextField::new(&m.end.format("%Y-%m-%d %H:%M").to_string());
        }
        if let Some(room) = &m.room {
            match f.rooms.iter().position(|r| r == room) {
                Some(i) => f.room = i + 1,
                None => {
                    // A room the venue does not list: keep it choosable.
                    f.rooms.push(room.clone());
                    f.room = f.rooms.len();
                }
            }
        }
        for a in &m.attendees {
            match f.people.iter().position(|(id, _)| id == a) {
                Some(i) => f.attending[i] = true,
                None => {
                    f.people.push((a.clone(), a.clone()));
                    f.attending.push(true);
                }
            }
        }
        f.status = index_of(MeetingStatus::ALL, m.status);
        f.notes = TextField::new(m.notes.as_deref().unwrap_or(""));
        f.select_focused();
        f
    }

    pub fn field(&self) -> Field {
        FIELDS[self.focus.min(FIELDS.len() - 1)]
    }

    fn text_mut(&mut self) -> Option<&mut TextField> {
        match self.field() {
            Field::Title => Some(&mut self.title),
            Field::With => Some(&mut self.with),
            Field::Day => Some(&mut self.day),
            Field::Start => Some(&mut self.start),
            Field::End => Some(&mut self.end),
            Field::Notes => Some(&mut self.notes),
            _ => None,
        }
    }

    /// A form action (next field, tick...).
    pub fn act(&mut self, action: Action) {
        if let Some(focus) = super::step_focus(self.focus, FIELDS.len(), action) {
            self.focus = focus;
            self.select_focused();
            return;
        }
        if action != Action::Toggle {
            return;
        }
        match self.field() {
            Field::Attendees => {
                if let Some(a) = self.attending.get_mut(self.person_cursor) {
                    *a = !*a;
                }
            }
            Field::Kind | Field::Room | Field::Status => self.cycle(1),
            _ => {
                if let Some(t) = self.text_mut() {
                    t.input(Key::char(' '));
                }
            }
        }
    }

    /// Reaching a text field selects its text, so that typing replaces it.
    pub fn select_focused(&mut self) {
        if let Some(t) = self.text_mut() {
            t.select_all();
        }
    }

    fn cycle(&mut self, d: i64) {
        let step = |i: usize, n: usize| ((i as i64 + d).rem_euclid(n.max(1) as i64)) as usize;
        match self.field() {
            Field::Kind => self.kind = step(self.kind, MeetingKind::ALL.len()),
            Field::Status => self.status = step(self.status, MeetingStatus::ALL.len()),
            Field::Room => self.room = step(self.room, self.rooms.len() + 1),
            Field::Attendees => self.person_cursor = step(self.person_cursor, self.people.len()),
            _ => {}
        }
    }

    /// A key no binding claimed: typing, or ←/→ on a picker.
    pub fn input(&mut self, key: Key) -> bool {
        match self.field() {
            Field::Kind | Field::Room | Field::Status | Field::Attendees => match key.code {
                KeyCode::Left => {
                    self.cycle(-1);
                    true
                }
                KeyCode::Right => {
                    self.cycle(1);
                    true
                }
                _ => false,
            },
            _ => self.text_mut().is_some_and(|t| t.input(key)),
        }
    }

    pub fn paste(&mut self, s: &str) {
        if let Some(t) = self.text_mut() {
            t.paste(s);
        }
    }

    /// The meeting the form describes, or which fields do not parse.
    pub fn build(&self, db: &Database) -> Result<Meeting, Vec<(Field, String)>> {
        let mut errors = Vec::new();
        let day = NaiveDate::parse_from_str(self.day.text.trim(), "%Y-%m-%d")
            .map_err(|_| errors.push((Field::Day, "use YYYY-MM-DD, e.g. 2027-03-09".into())))
            .ok();
        let time = |f: &TextField, field: Field, errors: &mut Vec<(Field, String)>| {
            let t = f.text.trim();
            if let Some(dt) = crate::time::parse_local(t) {
                return Some(dt);
            }
            match NaiveTime::parse_from_str(t, "%H:%M") {
                Ok(time) => day.map(|d| d.and_time(time)),
                Err(_) => {
                    errors.push((field, "use HH:MM, e.g. 13:30".into()));
                    None
                }
            }
        };
        let start = time(&self.start, Field::Start, &mut errors);
        let end = time(&self.end, Field::End, &mut errors);
        let (Some(start), Some(end)) = (start, end) else {
            return Err(errors);
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let opt = |t: &TextField| Some(t.text.trim().to_string()).filter(|s| !s.is_empty());
        let id = match &self.editing {
            Some(id) => id.clone(),
            None => ops::new_meeting_id(db, &self.session, &self.title.text),
        };
        Ok(Meeting {
            id,
            title: self.title.text.trim().to_string(),
            with: opt(&self.with),
            kind: MeetingKind::ALL[self.kind],
            room: self
                .room
                .checked_sub(1)
                .and_then(|i| self.rooms.get(i))
                .cloned(),
            start,
            end,
            attendees: self
                .people
                .iter()
                .zip(&self.attending)
                .filter(|(_, a)| **a)
                .map(|((id, _), _)| id.clone())
                .collect(),
            status: MeetingStatus::ALL[self.status],
            notes: opt(&self.notes),
            origin: Origin::default(),
        })
    }

    /// The transaction that applies the form, `None` when it changes nothing, or
    /// `Err` when the form has errors (then in `field_errors` / `error`).
    pub fn transaction(&self, db: &Database) -> Result<Option<(Transaction, String)>, Invalid> {
        let m = self.build(db).map_err(|_| Invalid)?;
        let id = m.id.clone();
        let result = match &self.editing {
            None => ops::add_meeting(db, &self.session, m),
            Some(old_id) => {
                if ops::find_meeting(db, old_id).is_some_and(|(p, i)| p.meetings[i] == m) {
                    return Ok(None);
                }
                ops::edit_meeting(db, old_id, |x| {
                    let origin = std::mem::take(&mut x.origin);
                    *x = Meeting { origin, ..m };
                })
            }
        };
        result.map(|tx| Some((tx, id))).map_err(|_| Invalid)
    }

    /// Re-check the form as it stands.
    pub fn revalidate(&mut self, db: &Database) {
        self.error = None;
        match self.build(db) {
            Err(errors) => self.field_errors = errors,
            Ok(m) => {
                self.field_errors.clear();
                let r = match &self.editing {
                    None => ops::add_meeting(db, &self.session, m).map(|_| ()),
                    Some(old_id) => {
                        if ops::find_meeting(db, old_id).is_some_and(|(p, i)| p.meetings[i] == m) {
                            Ok(())
                        } else {
                            ops::edit_meeting(db, old_id, |x| {
                                let origin = std::mem::take(&mut x.origin);
                                *x = Meeting { origin, ..m };
                            })
                            .map(|_| ())
                        }
                    }
                };
                self.error = r.err();
            }
        }
    }

    pub fn is_valid(&self) -> bool {
        self.field_errors.is_empty() && self.error.is_none()
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
                self.act(act);
                self.revalidate(ctx.db);
            }
        }
    }

    fn input(&mut self, key: Key, ctx: &Ctx, _out: &mut Vec<Msg>) {
        if MeetingForm::input(self, key) {
            self.revalidate(ctx.db);
        }
    }

    fn paste(&mut self, text: &str, ctx: &Ctx, _out: &mut Vec<Msg>) {
        MeetingForm::paste(self, text);
        self.revalidate(ctx.db);
    }

    fn draw(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        let t = ctx.theme;
        let title = match &self.editing {
            Some(id) => format!("Edit meeting {}", crate::text::printable(id)),
            None => format!("New meeting in {}", crate::text::printable(&self.session)),
        };
        let w = area.width.saturating_sub(4).min(84);
        let inner_w = w.saturating_sub(2) as usize;
        let label_w = 11;
        let value_w = inner_w.saturating_sub(label_w);
        let mut lines: Vec<Line> = Vec::new();
        for (i, field) in FIELDS.iter().enumerate() {
            let focused = i == self.focus;
            let label_style = if focused { t.key } else { t.dim };
            let marker = if focused { "▸" } else { " " };
            let err = self
                .field_errors
                .iter()
                .find(|(f, _)| f == field)
                .map(|(_, e)| e.clone());
            let mut spans = vec![Span::styled(
                format!("{marker}{:<w$}", field.label(), w = label_w - 1),
                label_style,
            )];
            let picker = |text: String| {
                if focused {
                    format!("‹ {text} ›")
                } else {
                    format!("  {text}  ")
                }
            };
            match field {
                Field::Title
                | Field::With
                | Field::Day
                | Field::Start
                | Field::End
                | Field::Notes => {
                    let tf = match field {
                        Field::Title => &self.title,
                        Field::With => &self.with,
                        Field::Day => &self.day,
                        Field::Start => &self.start,
                        Field::End => &self.end,
                        _ => &self.notes,
                    };
                    let fw = match field {
                        Field::Day => 12,
                        Field::Start | Field::End => 17,
                        _ => value_w,
                    }
                    .min(value_w);
                    spans.extend(tf.spans(focused, fw, t));
                    if *field == Field::Day
                        && let Ok(d) = NaiveDate::parse_from_str(tf.text.trim(), "%Y-%m-%d")
                    {
                        spans.push(Span::styled(format!(" {}", d.format("%A")), t.dim));
                    }
                }
                Field::Kind => {
                    spans.push(Span::raw(picker(MeetingKind::ALL[self.kind].to_string())))
                }
                Field::Status => spans.push(Span::raw(picker(
                    MeetingStatus::ALL[self.status].to_string(),
                ))),
                Field::Room => {
                    let room = self
                        .room
                        .checked_sub(1)
                        .and_then(|i| self.rooms.get(i))
                        .map_or("(none)".to_string(), |r| {
                            crate::text::printable(r).into_owned()
                        });
                    spans.push(Span::raw(picker(room)));
                }
                Field::Attendees => {
                    if self.people.is_empty() {
                        spans.push(Span::styled(
                            "(no delegates yet: assign people first)",
                            t.dim,
                        ));
                    }
                }
            }
            if let Some(e) = err {
                spans.push(Span::styled(format!("  ✗ {e}"), t.error));
            }
            lines.push(Line::from(spans));
            if *field == Field::Attendees && !self.people.is_empty() {
                // Ticks, wrapped under the label.
                let mut row: Vec<Span> = vec![Span::raw(" ".repeat(label_w))];
                let mut used = label_w;
                for (k, ((_, name), on)) in self.people.iter().zip(&self.attending).enumerate() {
                    let text = format!(
                        "[{}] {}",
                        if *on { "x" } else { " " },
                        widgets::fit(name, 24)
                    );
                    let tw = widgets::width(&text) + 2;
                    if used + tw > inner_w && used > label_w {
                        lines.push(Line::from(std::mem::take(&mut row)));
                        row.push(Span::raw(" ".repeat(label_w)));
                        used = label_w;
                    }
                    let style = if focused && k == self.person_cursor {
                        t.selected
                    } else {
                        t.base
                    };
                    row.push(Span::styled(text, style));
                    row.push(Span::raw("  "));
                    used += tw;
                }
                lines.push(Line::from(row));
            }
        }
        lines.push(Line::raw(""));
        match (&self.error, self.field_errors.is_empty()) {
            (Some(e), _) => {
                for l in widgets::wrap(&format!("✗ {}", e.message), inner_w) {
                    lines.push(Line::from(Span::styled(l, t.error)));
                }
                if let Some(h) = &e.help {
                    for l in widgets::wrap(&format!("  help: {h}"), inner_w) {
                        lines.push(Line::from(Span::styled(l, t.warning)));
                    }
                }
            }
            (None, false) => {
                lines.push(Line::from(Span::styled("✗ fix the marked fields", t.error)))
            }
            (None, true) => lines.push(Line::from(Span::styled("✓ ready to save", t.ok))),
        }
        lines.push(super::form_hints(ctx, "cancel", Some("choose"), true));
        super::sized(buf, area, w, &title, &lines, t);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> Database {
        super::super::shipped_db()
    }

    #[test]
    fn new_meeting_is_checked_by_the_operation() {
        let db = db();
        let day = NaiveDate::from_ymd_opt(2027, 3, 9).unwrap();
        let mut f = MeetingForm::new(&db, "cnd-70", day);
        f.revalidate(&db);
        assert_eq!(f.error.as_ref().unwrap().message, "a meeting needs a title");
        f.title = TextField::new("Coffee with UNODC");
        f.end = TextField::new("08:00");
        f.revalidate(&db);
        assert!(
            f.error
                .as_ref()
                .unwrap()
                .message
                .contains("before it starts")
        );
        assert!(f.transaction(&db).is_err());
        f.end = TextField::new("9:45");
        f.start = TextField::new("nine");
        f.revalidate(&db);
        assert_eq!(f.field_errors.len(), 1);
        f.start = TextField::new("09:00");
        f.revalidate(&db);
        assert!(f.is_valid(), "{:?} {:?}", f.error, f.field_errors);
        let (tx, id) = f.transaction(&db).unwrap().unwrap();
        assert_eq!(id, "cnd-70-coffee-with-unodc");
        assert!(tx.description.contains("added meeting"));
    }

    #[test]
    fn editing_unchanged_is_nothing() {
        let db = db();
        let m = db.plans["cnd-70"].meeting("cnd70-csu").unwrap().clone();
        let mut f = MeetingForm::edit(&db, "cnd-70", &m);
        f.revalidate(&db);
        assert!(f.is_valid(), "{:?}", f.error);
        assert!(f.transaction(&db).unwrap().is_none());
        assert_eq!(f.rooms[f.room - 1], "M2");
        assert_eq!(f.attending.iter().filter(|a| **a).count(), 3);
        f.focus = 6; // room
        f.input(Key::plain(KeyCode::Right));
        f.revalidate(&db);
        let (tx, _) = f.transaction(&db).unwrap().unwrap();
        assert!(tx.description.contains("edited meeting cnd70-csu"));
    }
}
