//! A delegate's journey or hotel stay (from the travel and hotels list, `t` on
//! Delegation). One form serves both: a list of labelled fields, and a builder per
//! kind. Times are read by [`crate::time::parse_moment`], as on the command line, and
//! every change is checked at once by the operation that will apply it
//! ([`ops::put_travel`] / [`ops::put_stay`]): an invalid item is never accepted.

use crate::ids::PersonId;
use crate::ids::SessionId;
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::model::{Database, DayOrTime, Moment, Stay, Travel, TravelMode, Zone};
use crate::planning::ops::{self, OpResult};
use crate::planning::{ItemKind, Transaction};
use crate::time::MomentError;
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx};
use crate::tui::keymap::{Context, Key};
use crate::tui::popups::Invalid;
use crate::tui::popups::form::{FieldKey, Form, Look};
use crate::tui::popups::logistics::{self, Row};
use crate::tui::queue::Msg;
use crate::tui::widgets;

/// Every field either kind of item has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Mode,
    From,
    Departs,
    DepartZone,
    To,
    Arrives,
    ArriveZone,
    Carrier,
    Number,
    Hotel,
    Address,
    CheckIn,
    CheckOut,
    Reference,
    Notes,
}

const TRAVEL_FIELDS: [Field; 11] = [
    Field::Mode,
    Field::From,
    Field::Departs,
    Field::DepartZone,
    Field::To,
    Field::Arrives,
    Field::ArriveZone,
    Field::Carrier,
    Field::Number,
    Field::Reference,
    Field::Notes,
];

const STAY_FIELDS: [Field; 6] = [
    Field::Hotel,
    Field::Address,
    Field::CheckIn,
    Field::CheckOut,
    Field::Reference,
    Field::Notes,
];

impl FieldKey for Field {
    fn label(self) -> &'static str {
        match self {
            Field::Mode => "Mode",
            Field::From => "From",
            Field::Departs => "Departs",
            Field::DepartZone | Field::ArriveZone => "  zone",
            Field::To => "To",
            Field::Arrives => "Arrives",
            Field::Carrier => "Carrier",
            Field::Number => "Number",
            Field::Hotel => "Hotel",
            Field::Address => "Address",
            Field::CheckIn => "Check-in",
            Field::CheckOut => "Check-out",
            Field::Reference => "Booking ref",
            Field::Notes => "Notes",
        }
    }

    /// The field's name in a message, where "zone" alone would not say which.
    fn name(self) -> &'static str {
        match self {
            Field::DepartZone => "Departure zone",
            Field::ArriveZone => "Arrival zone",
            f => f.label(),
        }
    }
}

impl Field {
    /// Columns for the value: dates and zones are short, names and notes take the line.
    fn width(self) -> Option<usize> {
        match self {
            Field::Departs | Field::Arrives | Field::DepartZone | Field::ArriveZone => Some(23),
            Field::CheckIn | Field::CheckOut => Some(12),
            Field::Number | Field::Reference => Some(16),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct ItemForm {
    pub session: SessionId,
    pub person: PersonId,
    pub kind: ItemKind,
    /// The item's index in the plan's list of its kind; none for a new one.
    pub editing: Option<usize>,
    /// The fields of the kind, on the shared form engine ([`super::form`]).
    pub form: Form<Field>,
}

const LOOK: Look = Look {
    max_width: 80,
    label_width: 13,
    inline_errors: false,
    ready: "✓ ready to save",
    cancel: "back to the list",
    choose: Some("mode"),
    tick: false,
};

/// A moment as typed back into the form: the local time and its zone's name, or the
/// time with its offset and no zone.
fn show_moment(m: &Moment) -> (String, String) {
    let local = m.local.format("%Y-%m-%d %H:%M").to_string();
    match m.zone {
        Zone::Named(tz) => (local, tz.name().to_string()),
        Zone::Offset(off) => (format!("{local}{off}"), String::new()),
    }
}

fn at(day: NaiveDate, h: u32) -> NaiveDateTime {
    day.and_time(NaiveTime::from_hms_opt(h, 0, 0).unwrap_or_default())
}

/// A local time as the form shows it.
fn typed(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

/// The local time in `to` of the moment `by` after `local` in `from` (the other end of
/// a journey of that length); `None` when a zone is unknown or the time does not exist.
fn shifted(
    local: NaiveDateTime,
    from: Option<chrono_tz::Tz>,
    by: Duration,
    to: Option<chrono_tz::Tz>,
) -> Option<NaiveDateTime> {
    let start = crate::time::resolve_local(from?, local).ok()?;
    Some((start + by).with_timezone(&to?).naive_local())
}

impl ItemForm {
    fn text(&self, f: Field) -> &str {
        self.form.text(f)
    }

    fn set(&mut self, f: Field, text: &str) {
        self.form.set(f, text);
    }

    fn blank(session: &str, person: &str, kind: ItemKind) -> Self {
        use super::form::Field as F;
        let keys: &[Field] = match kind {
            ItemKind::Stay => &STAY_FIELDS,
            _ => &TRAVEL_FIELDS,
        };
        let fields = keys
            .iter()
            .map(|&k| match (k, k.width()) {
                (Field::Mode, _) => F::choice(
                    k,
                    TravelMode::NAMES.iter().map(|m| m.to_string()).collect(),
                    0,
                ),
                (Field::Notes, _) => F::lines(Field::Notes, ""),
                (k, Some(w)) => F::text(k, "").width(w),
                (k, None) => F::text(k, ""),
            })
            .collect();
        Self {
            session: session.into(),
            person: person.into(),
            kind,
            editing: None,
            form: Form::new(fields, keys[0]),
        }
    }

    /// A new journey. The first one is the way there: from home (the person's zone)
    /// to the venue, arriving when the delegate arrives (at their arrival time when
    /// it is known, two hours after leaving). Later ones are the way back: from the
    /// venue to where the first one left from, leaving at the departure time.
    pub fn new_travel(db: &Database, session: &str, person: &str) -> Self {
        let mut f = Self::blank(session, person, ItemKind::Travel);
        let s = db.sessions.get(session);
        let venue = s.and_then(|s| db.venues.get(&s.venue));
        let home_tz = db.home_tz(person);
        let there_tz = venue.map(|v| v.timezone);
        let home = home_tz.map(|z| z.name().to_string()).unwrap_or_default();
        let there = venue
            .map(|v| v.timezone.name().to_string())
            .unwrap_or_default();
        let city = venue.map(|v| v.city.clone()).unwrap_or_default();
        let plan = db.plans.get(session);
        let delegate = plan.and_then(|p| p.delegate(person));
        let first = plan.and_then(|p| p.travel.iter().find(|t| t.person == person));
        let mode = first.map_or(TravelMode::Flight, |t| t.mode);
        f.set(Field::Mode, mode.as_str());
        let trip = Duration::hours(2);
        match first {
            None => {
                let day = delegate
                    .and_then(|d| d.arrive)
                    .map(DayOrTime::date)
                    .or_else(|| s.map(|s| s.start - Duration::days(1)))
                    .unwrap_or_default();
                let (departs, arrives) = match delegate.and_then(|d| d.arrive) {
                    Some(DayOrTime::Time(t)) => {
                        (shifted(t, there_tz, -trip, home_tz).unwrap_or(t - trip), t)
                    }
                    _ => (at(day, 8), at(day, 10)),
                };
                f.set(Field::To, &city);
                f.set(Field::Departs, &typed(departs));
                f.set(Field::DepartZone, &home);
                f.set(Field::Arrives, &typed(arrives));
                f.set(Field::ArriveZone, &there);
                f.form.focus_on(Field::From); // the one thing not known here
            }
            Some(out) => {
                let day = delegate
                    .and_then(|d| d.depart)
                    .map(DayOrTime::date)
                    .or_else(|| s.map(|s| s.end))
                    .unwrap_or_default();
                let (departs, arrives) = match delegate.and_then(|d| d.depart) {
                    Some(DayOrTime::Time(t)) => {
                        (t, shifted(t, there_tz, trip, home_tz).unwrap_or(t + trip))
                    }
                    _ => (at(day, 17), at(day, 19)),
                };
                f.set(Field::From, &out.to);
                f.set(Field::To, &out.from);
                f.set(Field::Departs, &typed(departs));
                f.set(Field::DepartZone, &there);
                f.set(Field::Arrives, &typed(arrives));
                f.set(Field::ArriveZone, &home);
                f.form.focus_on(Field::Departs);
            }
        }
        f.form.select_focused();
        f
    }

    /// A new hotel stay over the delegate's nights at the session.
    pub fn new_stay(db: &Database, session: &str, person: &str) -> Self {
        let mut f = Self::blank(session, person, ItemKind::Stay);
        let s = db.sessions.get(session);
        let d = db.plans.get(session).and_then(|p| p.delegate(person));
        let check_in = d.and_then(|d| d.arrive).map(DayOrTime::date);
        let check_out = d.and_then(|d| d.depart).map(DayOrTime::date);
        if let Some(day) = check_in.or_else(|| s.map(|s| s.start - Duration::days(1))) {
            f.set(Field::CheckIn, &day.to_string());
        }
        if let Some(day) = check_out.or_else(|| s.map(|s| s.end)) {
            f.set(Field::CheckOut, &day.to_string());
        }
        f.form.select_focused();
        f
    }

    /// A form holding the plan's journey `index`.
    pub fn edit_travel(session: &str, index: usize, t: &Travel) -> Self {
        let mut f = Self::blank(session, &t.person, ItemKind::Travel);
        f.editing = Some(index);
        let (depart, depart_zone) = show_moment(&t.depart);
        let (arrive, arrive_zone) = show_moment(&t.arrive);
        f.set(Field::Mode, t.mode.as_str());
        f.set(Field::From, &t.from);
        f.set(Field::Departs, &depart);
        f.set(Field::DepartZone, &depart_zone);
        f.set(Field::To, &t.to);
        f.set(Field::Arrives, &arrive);
        f.set(Field::ArriveZone, &arrive_zone);
        f.set(Field::Carrier, t.carrier.as_deref().unwrap_or(""));
        f.set(Field::Number, t.number.as_deref().unwrap_or(""));
        f.set(Field::Reference, t.reference.as_deref().unwrap_or(""));
        f.set(Field::Notes, t.notes.as_deref().unwrap_or(""));
        f.form.select_focused();
        f
    }

    /// A form holding the plan's hotel stay `index`.
    pub fn edit_stay(session: &str, index: usize, s: &Stay) -> Self {
        let mut f = Self::blank(session, &s.person, ItemKind::Stay);
        f.editing = Some(index);
        f.set(Field::Hotel, &s.name);
        f.set(Field::Address, s.address.as_deref().unwrap_or(""));
        f.set(Field::CheckIn, &s.check_in.to_string());
        f.set(Field::CheckOut, &s.check_out.to_string());
        f.set(Field::Reference, s.reference.as_deref().unwrap_or(""));
        f.set(Field::Notes, s.notes.as_deref().unwrap_or(""));
        f.form.select_focused();
        f
    }

    fn optional(&self, f: Field) -> Option<String> {
        self.form.optional(f)
    }

    /// One end of a journey from its time and zone fields; a problem is put on the
    /// field that has to change.
    fn moment(
        &self,
        when: Field,
        zone: Field,
        errors: &mut Vec<(Field, String)>,
    ) -> Option<Moment> {
        let z = Some(self.text(zone)).filter(|z| !z.is_empty());
        let e = match crate::time::parse_moment(self.text(when), z) {
            Ok(m) => return Some(m),
            Err(e) => e,
        };
        let field = match e {
            MomentError::Syntax(_) | MomentError::Time { .. } => when,
            _ => zone,
        };
        let message = match e.help() {
            Some(help) => format!("{} ({help})", e.message()),
            None => e.message(),
        };
        errors.push((field, message));
        None
    }

    fn travel(&self) -> Result<Travel, Vec<(Field, String)>> {
        let mut errors = Vec::new();
        let depart = self.moment(Field::Departs, Field::DepartZone, &mut errors);
        let arrive = self.moment(Field::Arrives, Field::ArriveZone, &mut errors);
        let (Some(depart), Some(arrive)) = (depart, arrive) else {
            return Err(errors);
        };
        Ok(Travel {
            id: String::new(),
            person: self.person.clone(),
            mode: TravelMode::parse(self.text(Field::Mode)).unwrap_or(TravelMode::Other),
            from: self.text(Field::From).to_string(),
            to: self.text(Field::To).to_string(),
            depart,
            arrive,
            carrier: self.optional(Field::Carrier),
            number: self.optional(Field::Number),
            reference: self.optional(Field::Reference),
            notes: self.optional(Field::Notes),
            revision: Default::default(),
            origin: Default::default(),
        })
    }

    fn stay(&self) -> Result<Stay, Vec<(Field, String)>> {
        let mut errors = Vec::new();
        let mut day = |f: Field| {
            crate::time::read_day(self.text(f))
                .map_err(|e| errors.push((f, e)))
                .ok()
        };
        let (Some(check_in), Some(check_out)) = (day(Field::CheckIn), day(Field::CheckOut)) else {
            return Err(errors);
        };
        Ok(Stay {
            id: String::new(),
            person: self.person.clone(),
            name: self.text(Field::Hotel).to_string(),
            address: self.optional(Field::Address),
            check_in,
            check_out,
            reference: self.optional(Field::Reference),
            notes: self.optional(Field::Notes),
            revision: Default::default(),
            origin: Default::default(),
        })
    }

    /// The operation the form describes: `Ok(None)` when editing changes nothing,
    /// `Err` with the fields that do not parse.
    fn operation(&self, db: &Database) -> Result<Option<OpResult>, Vec<(Field, String)>> {
        let plan = db.plans.get(&self.session);
        let op = match self.kind {
            ItemKind::Stay => {
                let mut stay = self.stay()?;
                let old = self.editing.and_then(|i| plan?.stays.get(i));
                if let Some(old) = old {
                    // The form edits what the lead sees; the id and the record of
                    // changes stay the item's own.
                    stay.id = old.id.clone();
                    stay.revision = old.revision;
                    if *old == stay {
                        return Ok(None);
                    }
                    stay.origin = old.origin.clone();
                }
                ops::put_stay(db, &SessionId::from(&self.session), self.editing, stay)
            }
            _ => {
                let mut travel = self.travel()?;
                let old = self.editing.and_then(|i| plan?.travel.get(i));
                if let Some(old) = old {
                    travel.id = old.id.clone();
                    travel.revision = old.revision;
                    if *old == travel {
                        return Ok(None);
                    }
                    travel.origin = old.origin.clone();
                }
                ops::put_travel(db, &SessionId::from(&self.session), self.editing, travel)
            }
        };
        Ok(Some(op))
    }

    /// Check the form as it stands: the transaction that applies it, `None` when it
    /// changes nothing, or `Err` when it has problems (then in `field_errors` and
    /// `error`). One pass: submitting does not check twice.
    pub fn transaction(&mut self, db: &Database) -> Result<Option<Transaction>, Invalid> {
        self.form.field_errors.clear();
        self.form.error = None;
        match self.operation(db) {
            Err(errors) => self.form.field_errors = errors,
            Ok(Some(Err(e))) => self.form.error = Some(e),
            Ok(None) => return Ok(None),
            Ok(Some(Ok(tx))) => return Ok(Some(tx)),
        }
        Err(Invalid)
    }

    /// Re-check the form as it stands (after each key).
    pub fn revalidate(&mut self, db: &Database) {
        let _ = self.transaction(db);
    }
}

impl Component for ItemForm {
    fn context(&self) -> Context {
        Context::Form
    }

    /// Whatever ends the form (accepted, nothing changed, cancelled) goes back to the
    /// travel and hotels list, on the item.
    fn handle(&mut self, action: Action, ctx: &Ctx, out: &mut Vec<Msg>) {
        let row = match self.editing {
            Some(i) => Row::Item(self.kind, i),
            None => Row::Add(self.kind),
        };
        let (session, person) = (self.session.clone(), self.person.clone());
        let back = |row| Msg::Logistics {
            session: session.clone(),
            person: person.clone(),
            row: Some(row),
        };
        match action {
            Action::Cancel => out.push(back(row)),
            Action::Submit => match self.transaction(ctx.db) {
                Ok(None) => out.push(back(row)),
                Ok(Some(tx)) => {
                    let row = logistics::landing(ctx.db, &self.session, row);
                    out.push(Msg::apply_then(Ok(tx), vec![back(row)]));
                }
                Err(Invalid) => {}
            },
            act => {
                self.form.act(act);
                self.revalidate(ctx.db);
            }
        }
    }

    fn input(&mut self, key: Key, ctx: &Ctx, _out: &mut Vec<Msg>) {
        if self.form.input(key) {
            self.revalidate(ctx.db);
        }
    }

    fn paste(&mut self, text: &str, ctx: &Ctx, _out: &mut Vec<Msg>) {
        self.form.paste(text);
        self.revalidate(ctx.db);
    }

    fn draw(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        let name = ctx.db.person_name(&self.person);
        let what = match (self.kind, self.editing) {
            (ItemKind::Stay, None) => "New hotel stay for",
            (ItemKind::Stay, Some(_)) => "Hotel stay of",
            (_, None) => "New journey for",
            (_, Some(_)) => "Journey of",
        };
        let title = format!("{what} {}", widgets::fit(name, 30));
        let hint = match self.kind {
            ItemKind::Stay => "Dates as YYYY-MM-DD; check-out is the morning of leaving.",
            _ => {
                "Each time is local at its end: 2027-03-07 09:05 and that place's zone (or write the offset, 09:05+01:00, and no zone)."
            }
        };
        let dim = ctx.theme.dim;
        let notes = |w: usize| {
            widgets::wrap(hint, w)
                .into_iter()
                .map(|l| Line::from(Span::styled(l, dim)))
                .collect()
        };
        let look = Look {
            choose: LOOK.choose.filter(|_| self.kind != ItemKind::Stay),
            ..LOOK
        };
        self.form.draw(ctx, area, buf, &title, &look, notes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyCode;

    fn db() -> Database {
        super::super::sample_db()
    }

    /// A delegate of the shipped plan for cnd-70 with no journey yet, if any.
    fn delegate(db: &Database) -> PersonId {
        let plan = &db.plans["cnd-70"];
        plan.delegates
            .iter()
            .find(|d| !plan.travel.iter().any(|t| t.person == d.person))
            .map(|d| d.person.clone())
            .expect("a delegate without travel")
    }

    fn type_into(f: &mut ItemForm, field: Field, text: &str) {
        f.form.focus_on(field);
        f.form.paste(text);
    }

    #[test]
    fn a_new_journey_goes_to_the_venue_and_is_checked() {
        let db = db();
        let p = delegate(&db);
        let mut f = ItemForm::new_travel(&db, "cnd-70", &p);
        assert_eq!(f.form.field(), Field::From);
        assert_eq!(f.text(Field::To), "Vienna");
        assert_eq!(f.text(Field::ArriveZone), "Europe/Vienna");
        f.revalidate(&db);
        let e = f.form.error.as_ref().unwrap_or_else(|| panic!("{f:?}"));
        assert!(e.message.contains("needs where it leaves from"), "{e:?}");
        type_into(&mut f, Field::From, "Rome");
        type_into(&mut f, Field::ArriveZone, "Europe/Viena");
        f.revalidate(&db);
        assert_eq!(f.form.field_errors.len(), 1);
        assert_eq!(f.form.field_errors[0].0, Field::ArriveZone);
        assert!(
            f.form.field_errors[0]
                .1
                .contains("did you mean \"Europe/Vienna\"?")
        );
        assert!(f.transaction(&db).is_err());
        type_into(&mut f, Field::ArriveZone, "Europe/Vienna");
        f.revalidate(&db);
        assert!(
            f.form.is_valid(),
            "{:?} {:?}",
            f.form.field_errors,
            f.form.error
        );
        let tx = f.transaction(&db).unwrap().unwrap();
        assert!(tx.description.contains("added flight travel"), "{tx:?}");
    }

    #[test]
    fn each_problem_is_put_on_the_field_to_change() {
        let db = db();
        let p = delegate(&db);
        let mut f = ItemForm::new_travel(&db, "cnd-70", &p);
        type_into(&mut f, Field::From, "Rome");
        type_into(&mut f, Field::Departs, "2027-03-28 02:30");
        type_into(&mut f, Field::DepartZone, "Europe/Rome");
        type_into(&mut f, Field::Arrives, "2027-03-07 11:00+01:00");
        f.revalidate(&db);
        let fields: Vec<Field> = f.form.field_errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, [Field::Departs, Field::ArriveZone], "{f:?}");
        assert!(
            f.form.field_errors[0]
                .1
                .contains("does not exist in Europe/Rome")
        );
        type_into(&mut f, Field::ArriveZone, "");
        type_into(&mut f, Field::Departs, "2027-03-07 12:00");
        f.revalidate(&db);
        assert!(f.form.field_errors.is_empty(), "{:?}", f.form.field_errors);
        assert!(
            f.form
                .error
                .as_ref()
                .unwrap()
                .message
                .contains("it departs")
        );
        type_into(&mut f, Field::Departs, "7 March");
        f.revalidate(&db);
        assert_eq!(f.form.field_errors[0].0, Field::Departs);
    }

    /// The way there arrives when the delegate arrives: at their arrival time, when
    /// the plan gives one, leaving two hours before in their home time.
    #[test]
    fn a_new_journey_arrives_at_the_delegates_arrival_time() {
        let mut db = db();
        let p = delegate(&db);
        let arrival = NaiveDate::from_ymd_opt(2027, 3, 7)
            .unwrap()
            .and_hms_opt(18, 30, 0)
            .unwrap();
        let plan = std::sync::Arc::make_mut(db.plans.get_mut("cnd-70").unwrap());
        let d = plan.delegates.iter_mut().find(|d| d.person == p).unwrap();
        d.arrive = Some(DayOrTime::Time(arrival));
        let f = ItemForm::new_travel(&db, "cnd-70", &p);
        assert_eq!(f.text(Field::Arrives), "2027-03-07 18:30");
        // Home and Vienna keep the same time in March: two hours before.
        assert_eq!(f.text(Field::Departs), "2027-03-07 16:30");
    }

    #[test]
    fn the_second_journey_is_the_way_back() {
        let db = db();
        let plan = &db.plans["cnd-70"];
        let (i, out) = plan.travel.iter().enumerate().next().expect("travel");
        let f = ItemForm::new_travel(&db, "cnd-70", &out.person);
        assert_eq!(f.text(Field::From), out.to);
        assert_eq!(f.text(Field::To), out.from);
        assert_eq!(f.text(Field::Mode), out.mode.as_str());
        // Editing a journey unchanged is nothing; its times read back as they were.
        let mut e = ItemForm::edit_travel("cnd-70", i, out);
        e.revalidate(&db);
        assert!(
            e.form.is_valid(),
            "{:?} {:?}",
            e.form.field_errors,
            e.form.error
        );
        assert!(e.transaction(&db).unwrap().is_none());
        e.form.focus = 0;
        e.form.input(Key::plain(KeyCode::Right));
        let tx = e.transaction(&db).unwrap().unwrap();
        assert!(tx.description.starts_with("edited"), "{tx:?}");
    }

    #[test]
    fn a_hotel_stay_needs_a_name_and_nights() {
        let db = db();
        let p = delegate(&db);
        let mut f = ItemForm::new_stay(&db, "cnd-70", &p);
        assert_eq!(f.form.field(), Field::Hotel);
        f.revalidate(&db);
        assert!(
            f.form
                .error
                .as_ref()
                .unwrap()
                .message
                .contains("hotel's name")
        );
        type_into(&mut f, Field::Hotel, "Hotel Post");
        type_into(&mut f, Field::CheckOut, "2027-02-30");
        f.revalidate(&db);
        assert_eq!(
            f.form.field_errors[0],
            (Field::CheckOut, "February 2027 has 28 days".to_string())
        );
        // A day use: in and out the same day.
        let check_in = f.text(Field::CheckIn).to_string();
        type_into(&mut f, Field::CheckOut, &check_in);
        f.revalidate(&db);
        assert!(f.form.is_valid(), "{:?}", f.form.error);
        type_into(&mut f, Field::CheckOut, "2027-03-01");
        f.revalidate(&db);
        assert!(
            f.form
                .error
                .as_ref()
                .unwrap()
                .message
                .contains("checks out")
        );
        type_into(&mut f, Field::CheckOut, "2027-03-14");
        f.revalidate(&db);
        assert!(
            f.form.is_valid(),
            "{:?} {:?}",
            f.form.field_errors,
            f.form.error
        );
        let tx = f.transaction(&db).unwrap().unwrap();
        assert!(tx.description.contains("added stay"), "{tx:?}");
    }
}

/// Driven through the application, as the user drives it.
#[cfg(test)]
mod through_the_app {
    use crate::tui::testing::*;

    #[test]
    fn a_journey_form_refuses_and_returns_to_the_list_on_escape() {
        let mut a = app();
        a.update(Action::ShowDelegation);
        a.select_delegate("beispiel");
        key(&mut a, KeyCode::Char('t'));
        key(&mut a, KeyCode::Enter);
        // No origin: Enter keeps the form open with the operation's refusal.
        key(&mut a, KeyCode::Enter);
        match &a.popup {
            Some(Popup::Item(f)) => assert!(f.form.error.is_some()),
            other => panic!("the form closed: {other:?}"),
        }
        key(&mut a, KeyCode::Esc);
        assert!(matches!(a.popup, Some(Popup::Logistics(_))));
        assert!(!a.is_dirty());
    }
}
