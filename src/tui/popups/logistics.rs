//! A delegate's travel and hotels (`t` on Delegation): their journeys and hotel stays
//! in one list, with a row to add each kind. Enter opens the item's form
//! ([`super::item_form`]), `d` removes it after asking; the list comes back after
//! either, so a whole trip (there, back, the hotel) is booked in one go.

use crate::ids::{PersonId, SessionId};
use std::cell::Cell;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::model::{Database, Travel};
use crate::planning::ItemKind;
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx};
use crate::tui::keymap::Context;
use crate::tui::popups::confirm_quit::Confirm;
use crate::tui::popups::item_form::ItemForm;
use crate::tui::popups::{Hint, Popup, hint_line};
use crate::tui::queue::Msg;
use crate::tui::screens::{journey_line, stay_line};
use crate::tui::widgets;

/// A row: an item by its index in the plan's list of its kind, or an "add" row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Item(ItemKind, usize),
    Add(ItemKind),
}

#[derive(Debug)]
pub struct Logistics {
    pub session: SessionId,
    pub person: PersonId,
    pub rows: Vec<Row>,
    pub selected: usize,
    pub top: Cell<usize>,
}

/// The row a form opened from `row` lands on once applied: a new item is appended to
/// the list of its kind (reckoned before the change is applied).
pub fn landing(db: &Database, session: &str, row: Row) -> Row {
    let plan = db.plans.get(session);
    match row {
        Row::Add(ItemKind::Stay) => Row::Item(ItemKind::Stay, plan.map_or(0, |p| p.stays.len())),
        Row::Add(kind) => Row::Item(kind, plan.map_or(0, |p| p.travel.len())),
        row => row,
    }
}

/// The person's journeys by departure, the row to add one, their hotel stays, the row
/// to add one.
fn rows(db: &Database, session: &str, person: &str) -> Vec<Row> {
    let mut rows = Vec::new();
    if let Some(plan) = db.plans.get(session) {
        let mut travel: Vec<(usize, &Travel)> = plan
            .travel
            .iter()
            .enumerate()
            .filter(|(_, t)| t.person == person)
            .collect();
        travel.sort_by_key(|(_, t)| t.depart.utc());
        rows.extend(travel.iter().map(|(i, _)| Row::Item(ItemKind::Travel, *i)));
        rows.push(Row::Add(ItemKind::Travel));
        let stays = plan.stays.iter().enumerate();
        rows.extend(
            stays
                .filter(|(_, s)| s.person == person)
                .map(|(i, _)| Row::Item(ItemKind::Stay, i)),
        );
    } else {
        rows.push(Row::Add(ItemKind::Travel));
    }
    rows.push(Row::Add(ItemKind::Stay));
    rows
}

impl Logistics {
    pub fn new(db: &Database, session: &str, person: &str) -> Self {
        Self {
            session: session.into(),
            person: person.into(),
            rows: rows(db, session, person),
            selected: 0,
            top: Cell::new(0),
        }
    }

    /// Select `row` if it is in the list.
    pub fn select(&mut self, row: Row) {
        if let Some(i) = self.rows.iter().position(|r| *r == row) {
            self.selected = i;
        }
    }

    pub fn move_selection(&mut self, action: Action) {
        let last = self.rows.len().saturating_sub(1);
        self.selected = match action {
            Action::Up => self.selected.saturating_sub(1),
            Action::Down => (self.selected + 1).min(last),
            Action::Top | Action::PageUp => 0,
            Action::Bottom | Action::PageDown => last,
            _ => self.selected,
        };
    }

    pub fn row(&self) -> Option<Row> {
        self.rows.get(self.selected).copied()
    }

    /// The form for the selected row: the item's, or a new one of its kind.
    pub fn open(&self, db: &Database) -> Option<ItemForm> {
        let plan = db.plans.get(&self.session);
        let (s, p) = (self.session.as_str(), self.person.as_str());
        let mut form = match self.row()? {
            Row::Add(ItemKind::Stay) => ItemForm::new_stay(db, s, p),
            Row::Add(_) => ItemForm::new_travel(db, s, p),
            Row::Item(ItemKind::Stay, i) => ItemForm::edit_stay(s, i, plan?.stays.get(i)?),
            Row::Item(_, i) => ItemForm::edit_travel(s, i, plan?.travel.get(i)?),
        };
        form.revalidate(db);
        Some(form)
    }

    /// The selected item: its kind, place, id, and itself in words, for the question
    /// before removing it (which removes it by its id, wherever it is by then).
    pub fn describe(&self, db: &Database) -> Option<(ItemKind, usize, String, String)> {
        let plan = db.plans.get(&self.session)?;
        match self.row()? {
            Row::Item(ItemKind::Stay, i) => {
                let s = plan.stays.get(i)?;
                Some((ItemKind::Stay, i, s.id.clone(), stay_line(s)))
            }
            Row::Item(kind, i) => {
                let t = plan.travel.get(i)?;
                Some((kind, i, t.id.clone(), journey_line(t)))
            }
            Row::Add(_) => None,
        }
    }
}

impl Component for Logistics {
    fn context(&self) -> Context {
        Context::List
    }

    fn handle(&mut self, action: Action, ctx: &Ctx, out: &mut Vec<Msg>) {
        match action {
            Action::Cancel => out.push(Msg::Close),
            Action::Open => out.push(match self.open(ctx.db) {
                Some(f) => Msg::Open(Popup::Item(Box::new(f))),
                None => Msg::Close,
            }),
            Action::RemoveItem => match self.describe(ctx.db) {
                Some((kind, index, id, what)) => {
                    out.push(Msg::Open(Popup::Confirm(Confirm::RemoveItem {
                        session: self.session.clone(),
                        person: self.person.clone(),
                        kind,
                        index,
                        id,
                        what,
                    })))
                }
                None => out.push(Msg::Info(
                    "choose a journey or a hotel stay to remove".into(),
                )),
            },
            a => self.move_selection(a),
        }
    }

    fn draw(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        let t = ctx.theme;
        let db = ctx.db;
        let name = db.person_name(&self.person);
        let title = format!(
            "Travel and hotels: {} in {}",
            widgets::fit(name, 30),
            crate::text::printable(&self.session)
        );
        let h = (self.rows.len() as u16 + 4).min(area.height.saturating_sub(2));
        let rect = widgets::centered(area, area.width.saturating_sub(4).min(90), h);
        let inner = super::frame(buf, rect, &title, t);
        if inner.is_empty() {
            return;
        }
        let list = Rect::new(
            inner.x,
            inner.y,
            inner.width,
            inner.height.saturating_sub(2),
        );
        let plan = db.plans.get(&self.session);
        widgets::list(
            buf,
            list,
            self.rows.len(),
            Some(self.selected),
            &self.top,
            t.selected,
            |i, w| {
                let (label, text, style) = match self.rows[i] {
                    Row::Add(ItemKind::Stay) => ("", "+ add a hotel stay".into(), t.key),
                    Row::Add(_) => ("", "+ add a journey".into(), t.key),
                    Row::Item(ItemKind::Stay, k) => (
                        "hotel",
                        plan.and_then(|p| p.stays.get(k))
                            .map(stay_line)
                            .unwrap_or_default(),
                        t.base,
                    ),
                    Row::Item(_, k) => (
                        "journey",
                        plan.and_then(|p| p.travel.get(k))
                            .map(journey_line)
                            .unwrap_or_default(),
                        t.base,
                    ),
                };
                Line::from(vec![
                    Span::styled(widgets::cell(label, 9), t.dim),
                    Span::styled(widgets::fit(&text, w.saturating_sub(9)), style),
                ])
            },
        );
        let hints = hint_line(
            ctx,
            Context::List,
            &[
                Hint::Act(Action::Open, "edit or add"),
                Hint::Act(Action::RemoveItem, "remove"),
                Hint::Act(Action::Cancel, "close"),
            ],
        );
        if inner.height >= 2 {
            buf.set_line(inner.x, inner.bottom() - 1, &hints, inner.width);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_the_delegates_items_then_the_add_rows() {
        let db = super::super::sample_db();
        let plan = &db.plans["cnd-70"];
        let person = plan.travel[0].person.clone();
        let mut l = Logistics::new(&db, "cnd-70", &person);
        let journeys = plan.travel.iter().filter(|t| t.person == person).count();
        let stays = plan.stays.iter().filter(|s| s.person == person).count();
        assert_eq!(l.rows.len(), journeys + stays + 2);
        assert_eq!(l.rows[journeys], Row::Add(ItemKind::Travel));
        assert_eq!(l.rows.last(), Some(&Row::Add(ItemKind::Stay)));
        assert!(
            l.describe(&db)
                .is_some_and(|(k, _, _, _)| k == ItemKind::Travel)
        );
        l.move_selection(Action::Bottom);
        assert!(l.describe(&db).is_none());
        assert_eq!(l.open(&db).map(|f| f.kind), Some(ItemKind::Stay));
        // Someone with nothing booked has just the two add rows.
        let l = Logistics::new(&db, "cnd-70", "nobody");
        assert_eq!(
            l.rows,
            [Row::Add(ItemKind::Travel), Row::Add(ItemKind::Stay)]
        );
    }
}

/// Driven through the application, as the user drives it.
#[cfg(test)]
mod through_the_app {
    use crate::ids::PersonId;
    use crate::tui::testing::*;

    #[test]
    fn a_whole_trip_is_booked_from_the_travel_list() {
        let mut a = app();
        a.update(Action::ShowDelegation);
        a.select_delegate("beispiel");
        let mine = |a: &App| {
            let plan = &a.db().plans["cnd-70"];
            let n = |p: &PersonId| p == "beispiel";
            let travel: Vec<(String, String)> = plan
                .travel
                .iter()
                .filter(|t| n(&t.person))
                .map(|t| (t.from.clone(), t.to.clone()))
                .collect();
            (travel, plan.stays.iter().filter(|s| n(&s.person)).count())
        };
        assert_eq!(mine(&a), (vec![], 0));
        key(&mut a, KeyCode::Char('t'));
        let rows = |a: &App| match &a.popup {
            Some(Popup::Logistics(l)) => (l.rows.len(), l.selected),
            other => panic!("not the list: {other:?}"),
        };
        assert_eq!(rows(&a), (2, 0));
        // There: only where from is left to type.
        key(&mut a, KeyCode::Enter);
        for c in "Graz".chars() {
            key(&mut a, KeyCode::Char(c));
        }
        key(&mut a, KeyCode::Enter);
        assert_eq!(rows(&a), (3, 0), "back on the list, on the new journey");
        // Back: the form knows the way.
        key(&mut a, KeyCode::Down);
        key(&mut a, KeyCode::Enter);
        key(&mut a, KeyCode::Enter);
        // And a hotel.
        key(&mut a, KeyCode::End);
        key(&mut a, KeyCode::Enter);
        for c in "Hotel Post".chars() {
            key(&mut a, KeyCode::Char(c));
        }
        key(&mut a, KeyCode::Enter);
        let trip = vec![
            ("Graz".to_string(), "Vienna".to_string()),
            ("Vienna".to_string(), "Graz".to_string()),
        ];
        assert_eq!(mine(&a), (trip.clone(), 1));
        assert_eq!(rows(&a), (5, 3), "on the hotel stay");
        // Removing asks first; the list comes back either way.
        key(&mut a, KeyCode::Char('d'));
        assert!(matches!(
            a.popup,
            Some(Popup::Confirm(Confirm::RemoveItem { .. }))
        ));
        key(&mut a, KeyCode::Char('n'));
        assert_eq!(mine(&a).1, 1);
        key(&mut a, KeyCode::Char('d'));
        key(&mut a, KeyCode::Char('y'));
        assert_eq!(mine(&a), (trip.clone(), 0));
        assert_eq!(rows(&a), (4, 3), "on adding a hotel stay");
        key(&mut a, KeyCode::Esc);
        assert!(a.popup.is_none());
        key(&mut a, KeyCode::Char('u'));
        assert_eq!(mine(&a), (trip, 1), "undo brings the hotel back");
    }
}
