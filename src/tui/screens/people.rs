//! People: the NGO's sections and people, with a fuzzy filter (`f`), and where each
//! person has been or is going.

use crate::ids::PersonId;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{Cursor, View, below, lines, note, panel, split};
use crate::model::{Database, SectionId};
use crate::planning::ops;
use crate::tui::action::{Action, Screen};
use crate::tui::component::{Component, Ctx};
use crate::tui::derived::{self, GroupRow};
use crate::tui::keymap::{Context, Key};
use crate::tui::popups::confirm_quit::Confirm;
use crate::tui::popups::person_form::{PersonForm, SectionForm};
use crate::tui::popups::{Popup, TextField};
use crate::tui::queue::Msg;
use crate::tui::widgets::{self, cell, fit};

const SHARE: u16 = 55;

pub fn keys() -> Vec<(Key, Action)> {
    vec![
        (Key::char('f'), Action::Filter),
        (Key::char('a'), Action::AddPerson),
        (Key::char('e'), Action::EditPerson),
        (Key::char('x'), Action::RemovePerson),
        (Key::char('A'), Action::AddSection),
        (Key::char('S'), Action::EditSection),
    ]
}

/// The NGO's people, by section, filtered.
#[derive(Debug, Default)]
pub struct People {
    pub rows: Vec<GroupRow>,
    /// What the rows were built for: the people's generation and the filter. An edit
    /// of a plan (most edits) leaves them as they are.
    built: Option<(u64, String)>,
    pub filter: TextField,
    /// Typing goes to the filter (the screen then takes every key).
    pub filtering: bool,
    pub cursor: Cursor,
}

impl People {
    /// The selected person's id.
    pub fn selected(&self) -> Option<&PersonId> {
        match self.rows.get(self.cursor.selected) {
            Some(GroupRow::Person(p)) => Some(p),
            _ => None,
        }
    }

    pub fn select(&mut self, person: &str) {
        if let Some(i) = self
            .rows
            .iter()
            .position(|r| matches!(r, GroupRow::Person(p) if p == person))
        {
            self.cursor.selected = i;
        }
    }

    /// Show everybody again.
    pub fn clear_filter(&mut self, ctx: &Ctx) {
        if !self.filter.text.is_empty() {
            self.filter = TextField::default();
            self.refresh(ctx);
        }
    }

    /// The section of the selected row (a person's, or the heading's).
    fn section(&self, ctx: &Ctx) -> Option<SectionId> {
        match self.rows.get(self.cursor.selected)? {
            GroupRow::Section(s) => Some(s.clone()),
            GroupRow::Person(p) => ctx.db.people.get(p).map(|p| p.section.clone()),
        }
    }

    /// Open the form or question of an edit of people and sections.
    fn edit(&self, action: Action, ctx: &Ctx, out: &mut Vec<Msg>) {
        if ctx.read_only {
            out.push(Msg::RefuseReadOnly);
            return;
        }
        let db = ctx.db;
        let person = self.selected();
        let popup = match action {
            Action::AddPerson => Some(Popup::Person(Box::new(PersonForm::new(
                db,
                self.section(ctx).as_deref(),
            )))),
            Action::EditPerson => person
                .and_then(|p| PersonForm::edit(db, p))
                .map(|f| Popup::Person(Box::new(f))),
            Action::RemovePerson => person.map(|p| Popup::Confirm(remove_person(db, p))),
            Action::AddSection => Some(Popup::Section(Box::new(SectionForm::new(db)))),
            Action::EditSection => self
                .section(ctx)
                .and_then(|s| SectionForm::edit(db, &s))
                .map(|f| Popup::Section(Box::new(f))),
            _ => None,
        };
        out.push(match popup {
            Some(p) => Msg::Open(p),
            None => Msg::Info("select a person first".into()),
        });
    }

    fn open(&self, ctx: &Ctx, out: &mut Vec<Msg>) {
        let Some(p) = self.selected() else {
            return;
        };
        let in_session = ctx
            .session
            .and_then(|s| ctx.db.plans.get(s))
            .is_some_and(|plan| plan.delegate(p).is_some());
        if in_session {
            out.push(Msg::Show(Screen::Delegation));
            out.push(Msg::SelectDelegate(p.into()));
        } else {
            let s = ctx.session.map_or("", |s| s.as_str());
            out.push(Msg::Info(format!(
                "{p} is not in the delegation to {s} (2: Delegation, then a to add)"
            )));
        }
    }
}

/// The question before removing a person: the plans they are in, and what they have
/// in each, go with them.
fn remove_person(db: &Database, person: &str) -> Confirm {
    let plans = ops::person_plans(db, &PersonId::from(person))
        .into_iter()
        .map(|(plan, theirs)| {
            let role = plan
                .delegate(person)
                .map_or("not a delegate".to_string(), |d| d.role.to_string());
            let with = theirs
                .describe()
                .map(|w| format!(", {w}"))
                .unwrap_or_default();
            format!("{}: {role}{with}", plan.session)
        })
        .collect();
    Confirm::RemovePerson {
        person: person.into(),
        plans,
    }
}

impl Component for People {
    fn context(&self) -> Context {
        if self.filtering {
            Context::Picker
        } else {
            Context::Screen(Screen::People)
        }
    }

    fn handle(&mut self, action: Action, ctx: &Ctx, out: &mut Vec<Msg>) {
        if self.filtering {
            match action {
                Action::Submit => self.filtering = false,
                Action::Cancel => {
                    self.filtering = false;
                    self.clear_filter(ctx);
                }
                Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                    self.move_selection(action, ctx, out)
                }
                _ => {}
            }
            return;
        }
        match action {
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Top
            | Action::Bottom => self.move_selection(action, ctx, out),
            Action::Open => self.open(ctx, out),
            Action::Back => self.clear_filter(ctx),
            Action::Filter => self.filtering = true,
            Action::AddPerson
            | Action::EditPerson
            | Action::RemovePerson
            | Action::AddSection
            | Action::EditSection => self.edit(action, ctx, out),
            _ => {}
        }
    }

    /// Typing in the filter rebuilds this list, and nothing else.
    fn input(&mut self, key: Key, ctx: &Ctx, _out: &mut Vec<Msg>) {
        if self.filtering && self.filter.input(key) {
            self.cursor.selected = 0;
            self.refresh(ctx);
        }
    }

    fn paste(&mut self, text: &str, ctx: &Ctx, _out: &mut Vec<Msg>) {
        if self.filtering {
            self.filter.paste(text);
            self.refresh(ctx);
        }
    }

    fn draw(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        draw(self, ctx, area, buf)
    }

    fn hints(&self) -> &'static [(Action, &'static str)] {
        if self.filtering {
            &[(Action::Submit, "done"), (Action::Cancel, "clear")]
        } else {
            &[
                (Action::AddPerson, "add"),
                (Action::EditPerson, "edit"),
                (Action::RemovePerson, "remove"),
                (Action::Filter, "filter"),
                (Action::Open, "in delegation"),
                (Action::Search, "search"),
                (Action::Help, "help"),
            ]
        }
    }
}

impl View for People {
    fn refresh(&mut self, ctx: &Ctx) {
        let now = (ctx.people_generation, self.filter.text.clone());
        if self.built.as_ref() == Some(&now) {
            return;
        }
        self.built = Some(now);
        let keep = self.selected().cloned();
        self.rows = derived::people_rows(ctx.db, &self.filter.text);
        if let Some(p) = keep {
            self.select(&p);
        }
        self.settle();
    }

    fn list_area(&self, _ctx: &Ctx, body: Rect) -> Rect {
        let (l, _) = split(body, SHARE);
        below(ratatui::widgets::Block::bordered().inner(l), 1)
    }

    fn cursor(&self) -> &Cursor {
        &self.cursor
    }

    fn cursor_mut(&mut self) -> &mut Cursor {
        &mut self.cursor
    }

    fn len(&self) -> usize {
        self.rows.len()
    }

    fn selectable(&self, i: usize) -> bool {
        matches!(self.rows.get(i), Some(GroupRow::Person(_)))
    }
}

fn draw(me: &People, ctx: &Ctx, body: Rect, buf: &mut Buffer) {
    let t = ctx.theme;
    let db = ctx.db;
    let (l, d) = split(body, SHARE);
    let n = me
        .rows
        .iter()
        .filter(|r| matches!(r, GroupRow::Person(_)))
        .count();
    let title = format!("People · {n} of {}", db.people.len());
    let li = panel(buf, l, &title, true, t);
    let w = li.width as usize;
    let filter_line = if me.filtering || !me.filter.text.is_empty() {
        let mut spans = vec![Span::styled("filter: ", t.key)];
        spans.extend(me.filter.spans(me.filtering, w.saturating_sub(8), t));
        Line::from(spans)
    } else {
        let k = ctx
            .config
            .keymap
            .hint(Context::Screen(Screen::People), Action::Filter)
            .unwrap_or_default();
        Line::from(Span::styled(
            fit(&format!("{k}: filter by name, section or position"), w),
            t.dim,
        ))
    };
    lines(buf, li, &[filter_line]);
    let list = below(li, 1);
    if me.rows.is_empty() {
        lines(buf, list, &[note("nobody matches", t)]);
    }
    let name_w = (w / 2).clamp(10, 32);
    widgets::list(
        buf,
        list,
        me.rows.len(),
        Some(me.cursor.selected),
        &me.cursor.top,
        t.selected,
        |i, w| match &me.rows[i] {
            GroupRow::Section(s) => {
                let text = db.sections.get(s).map_or_else(
                    || format!("{s} (unknown section)"),
                    |x| format!("{} · {} · {}", x.name, x.country, x.timezone.name()),
                );
                Line::from(Span::styled(fit(&text, w), t.heading))
            }
            GroupRow::Person(id) => {
                let Some(p) = db.people.get(id) else {
                    return Line::raw(fit(id, w));
                };
                Line::from(vec![
                    Span::raw("  "),
                    Span::raw(cell(&p.name, name_w)),
                    Span::raw(" "),
                    Span::styled(
                        cell(
                            p.position.as_deref().unwrap_or(""),
                            w.saturating_sub(name_w + 3),
                        ),
                        t.dim,
                    ),
                ])
            }
        },
    );
    draw_detail(me, ctx, d, buf);
}

fn draw_detail(me: &People, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = ctx.theme;
    let db = ctx.db;
    let Some(p) = me.selected().and_then(|id| db.people.get(id)) else {
        let inner = panel(buf, area, "Person", false, t);
        lines(buf, inner, &[note("no person selected", t)]);
        return;
    };
    let inner = panel(buf, area, &p.name, false, t);
    let w = inner.width as usize;
    let dim = t.dim;
    let mut out: Vec<Line> = Vec::new();
    let (family, given) = p.name_parts();
    out.push(widgets::field(
        "Letter name",
        format!("{}, {given}", family.to_uppercase()),
        dim,
    ));
    if let Some(k) = &p.known_as {
        out.push(widgets::field("Known as", k.as_str(), dim));
    }
    if let Some(h) = &p.honorific {
        out.push(widgets::field("Title", h.as_str(), dim));
    }
    if let Some(pos) = &p.position {
        out.push(widgets::field("Position", pos.as_str(), dim));
    }
    let section = db
        .sections
        .get(&p.section)
        .map_or(p.section.to_string(), |s| s.name.clone());
    out.push(widgets::field("Section", section, dim));
    if let Some(e) = &p.email {
        out.push(widgets::field("Email", e.as_str(), dim));
    }
    if let Some(ph) = &p.phone {
        out.push(widgets::field("Phone", ph.as_str(), dim));
    }
    if let Some(tz) = p.timezone {
        out.push(widgets::field("Home time", tz.name(), dim));
    }
    if !p.languages.is_empty() {
        out.push(widgets::field("Languages", p.languages.join(", "), dim));
    }
    out.push(widgets::field("Id", p.id.as_str(), dim));
    let mut trips: Vec<(chrono::NaiveDate, String)> = db
        .plans
        .values()
        .filter_map(|plan| {
            let d = plan.delegate(&p.id)?;
            let s = db.sessions.get(&plan.session)?;
            Some((
                s.start,
                format!("{} {} ({})", s.start.format("%Y-%m"), s.id, d.role),
            ))
        })
        .collect();
    trips.sort();
    trips.reverse();
    out.push(Line::from(Span::styled("Delegations", dim)));
    if trips.is_empty() {
        // Not "none" while a plan is unread: it may hold this person.
        let unread = ctx.checks.unread_plans.len();
        let none = match (ctx.plans_pending, unread) {
            (true, _) => format!("  {}", super::agenda::PLANS_PENDING),
            (false, 0) => "  none yet".to_string(),
            (false, n) => format!(
                "  none in the plans read ({} could not be read: see Problems)",
                crate::diag::plural(n, "plan")
            ),
        };
        out.push(Line::from(Span::styled(none, dim)));
    }
    for (_, trip) in trips {
        out.push(Line::raw(format!(
            "  • {}",
            fit(&trip, w.saturating_sub(4))
        )));
    }
    if let Some(n) = &p.notes {
        out.push(Line::from(Span::styled("Notes", dim)));
        out.extend(widgets::wrap(n, w).into_iter().map(Line::raw));
    }
    lines(buf, inner, &out);
}

/// Driven through the application, as the user drives it.
#[cfg(test)]
mod through_the_app {
    use crate::tui::testing::*;

    #[test]
    fn people_filter_takes_the_keys_until_enter() {
        let mut a = app();
        key(&mut a, KeyCode::Char('4'));
        key(&mut a, KeyCode::Char('f'));
        for c in "primj".chars() {
            key(&mut a, KeyCode::Char(c));
        }
        assert_eq!(a.selected_person().as_deref(), Some("primjeric"));
        key(&mut a, KeyCode::Enter);
        assert!(!a.screens.people.filtering);
        key(&mut a, KeyCode::Char('q'));
        assert!(a.should_quit, "q quits again once the filter is closed");
    }

    #[test]
    fn typing_in_the_filter_rebuilds_only_the_people_rows() {
        let mut a = app();
        key(&mut a, KeyCode::Char('4'));
        key(&mut a, KeyCode::Char('f'));
        // Marks: were the checks or another screen rebuilt, these would be refilled.
        a.checks.problems.clear();
        a.screens.sessions.rows.clear();
        a.screens.agenda.rows.clear();
        let before = a.screens.people.rows.len();
        for c in "primj".chars() {
            key(&mut a, KeyCode::Char(c));
        }
        key(&mut a, KeyCode::Backspace);
        assert!(
            a.screens.people.rows.len() < before,
            "the People rows are filtered"
        );
        assert!(
            a.checks.problems.is_empty(),
            "the checks were not run again"
        );
        assert!(a.screens.sessions.rows.is_empty() && a.screens.agenda.rows.is_empty());
    }
}
