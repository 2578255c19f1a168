//! Delegation: who goes to the chosen session, grouped by section, each with their
//! readiness at a glance (registered, travel, hotel, problems) from
//! [`crate::planning::checks::readiness`].

use crate::ids::PersonId;
use crate::ids::SessionId;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{Cursor, View, below, lines, note, panel, split};
use super::{journey_line, stay_line};
use crate::model::{DayOrTime, Role};
use crate::planning::checks::{self, Readiness};
use crate::planning::{DelegateChange, ops};
use crate::tui::action::{Action, Screen};
use crate::tui::component::{Component, Ctx};
use crate::tui::derived::{self, GroupRow};
use crate::tui::keymap::{Context, Key};
use crate::tui::popups::Popup;
use crate::tui::popups::accreditation_form::AccreditationForm;
use crate::tui::popups::assign::{Assign, DelegateForm};
use crate::tui::popups::confirm_quit::Confirm;
use crate::tui::popups::schedule::Schedule;
use crate::tui::queue::Msg;
use crate::tui::widgets::{self, cell, fit};

const SHARE: u16 = 60;

pub fn keys() -> Vec<(Key, Action)> {
    vec![
        (Key::char('a'), Action::Assign),
        (Key::char('x'), Action::Unassign),
        (Key::char('r'), Action::CycleRole),
        (Key::char('e'), Action::EditDelegate),
        (Key::char(' '), Action::ToggleRegistered),
        (Key::char('c'), Action::Accreditation),
        (Key::char('t'), Action::TravelAndHotels),
        (Key::char('s'), Action::Schedule),
    ]
}

/// The delegation to the chosen session.
#[derive(Debug, Default)]
pub struct Delegation {
    /// The session the rows are of.
    pub session: Option<SessionId>,
    pub rows: Vec<GroupRow>,
    /// The delegates at a glance.
    pub readiness: Vec<Readiness>,
    pub cursor: Cursor,
}

impl Delegation {
    /// The selected delegate's id.
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

    fn cycle_role(&self, ctx: &Ctx, s: &SessionId, p: &PersonId, out: &mut Vec<Msg>) {
        let db = ctx.db;
        let Some(current) = db
            .plans
            .get(s)
            .and_then(|plan| plan.delegate(p))
            .map(|d| d.role)
        else {
            return;
        };
        let start = Role::ALL.iter().position(|r| *r == current).unwrap_or(0);
        let mut first_error = None;
        // Try the next roles in turn: the domain refuses some (a second head).
        for k in 1..Role::ALL.len() {
            let role = Role::ALL[(start + k) % Role::ALL.len()];
            let change = DelegateChange {
                role: Some(role),
                ..Default::default()
            };
            match ops::assign(db, s, p, change) {
                Ok(tx) => {
                    out.push(Msg::apply(Ok(tx)));
                    return;
                }
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        if let Some(e) = first_error {
            out.push(Msg::Error(e.to_string()));
        }
    }
}

/// The question before taking a delegate out: who, in which role, and what goes with
/// them.
fn remove_delegate(ctx: &Ctx, session: &str, person: &str) -> Confirm {
    let plan = ctx.db.plans.get(session);
    let role = plan
        .and_then(|p| p.delegate(person))
        .map_or_else(String::new, |d| d.role.to_string());
    let with = plan.and_then(|p| ops::Belongings::of(p, person).describe());
    Confirm::RemoveDelegate {
        session: session.into(),
        person: person.into(),
        role,
        with,
    }
}

impl Component for Delegation {
    fn context(&self) -> Context {
        Context::Screen(Screen::Delegation)
    }

    fn handle(&mut self, action: Action, ctx: &Ctx, out: &mut Vec<Msg>) {
        let needs_delegate = matches!(
            action,
            Action::Unassign
                | Action::CycleRole
                | Action::EditDelegate
                | Action::ToggleRegistered
                | Action::Accreditation
                | Action::TravelAndHotels
        );
        if needs_delegate && self.selected().is_none() {
            out.push(Msg::Info("no delegate selected (a adds a person)".into()));
            return;
        }
        let (session, person) = (ctx.session, self.selected());
        match action {
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Top
            | Action::Bottom => self.move_selection(action, ctx, out),
            Action::Open | Action::EditDelegate => {
                if ctx.read_only {
                    out.push(Msg::RefuseReadOnly);
                } else if let (Some(s), Some(p)) = (session, person)
                    && let Some(f) = DelegateForm::new(ctx.db, s, p)
                {
                    out.push(Msg::Open(Popup::Delegate(f)));
                }
            }
            Action::Assign => {
                if let Some(s) = session {
                    out.push(Msg::Open(Popup::Assign(Assign::new(ctx.db, s))));
                }
            }
            Action::Unassign => {
                if let (Some(s), Some(p)) = (session, person) {
                    out.push(Msg::Open(Popup::Confirm(remove_delegate(ctx, s, p))));
                }
            }
            Action::CycleRole => {
                if let (Some(s), Some(p)) = (session, person) {
                    self.cycle_role(ctx, s, p, out);
                }
            }
            Action::Schedule => {
                if let (Some(s), Some(p)) = (session, person) {
                    out.push(Msg::Open(Popup::Schedule(Schedule::new(s, p))));
                }
            }
            Action::TravelAndHotels => {
                if let (Some(s), Some(p)) = (session, person) {
                    out.push(Msg::Logistics {
                        session: s.into(),
                        person: p.into(),
                        row: None,
                    });
                }
            }
            Action::Accreditation => {
                if ctx.read_only {
                    out.push(Msg::RefuseReadOnly);
                } else if let (Some(s), Some(p)) = (session, person)
                    && let Some(f) = AccreditationForm::new(ctx.db, s, p)
                {
                    out.push(Msg::Open(Popup::Accreditation(Box::new(f))));
                }
            }
            Action::ToggleRegistered => {
                if let (Some(s), Some(p)) = (session, person) {
                    let now = ctx
                        .db
                        .plans
                        .get(s)
                        .and_then(|plan| plan.delegate(p))
                        .is_some_and(|d| d.registered());
                    let change = DelegateChange {
                        registered: Some(!now),
                        ..Default::default()
                    };
                    out.push(Msg::apply(ops::assign(ctx.db, s, p, change)));
                }
            }
            _ => {}
        }
    }

    fn draw(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        draw(self, ctx, area, buf)
    }

    fn hints(&self) -> &'static [(Action, &'static str)] {
        &[
            (Action::Assign, "add"),
            (Action::Unassign, "remove"),
            (Action::CycleRole, "role"),
            (Action::EditDelegate, "dates"),
            (Action::ToggleRegistered, "registered"),
            (Action::Accreditation, "checklist"),
            (Action::TravelAndHotels, "travel"),
            (Action::Schedule, "schedule"),
            (Action::Help, "help"),
        ]
    }
}

impl View for Delegation {
    fn refresh(&mut self, ctx: &Ctx) {
        let keep = if self.session.as_ref() == ctx.session {
            self.selected().cloned()
        } else {
            self.cursor = Cursor::default();
            self.session = ctx.session.cloned();
            None
        };
        self.rows = derived::delegation_rows(ctx.db, ctx.session);
        self.readiness = match ctx.session.and_then(|s| ctx.db.plans.get(s)) {
            Some(plan) => checks::readiness(plan, ctx.analysis.of_session(&plan.session)),
            None => Vec::new(),
        };
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

pub fn day_or_time(d: Option<DayOrTime>) -> String {
    match d {
        None => "–".into(),
        Some(DayOrTime::Day(d)) => d.format("%a %d %b").to_string(),
        Some(DayOrTime::Time(t)) => t.format("%d %b %H:%M").to_string(),
    }
}

fn draw(me: &Delegation, ctx: &Ctx, body: Rect, buf: &mut Buffer) {
    let t = ctx.theme;
    let db = ctx.db;
    let (l, d) = split(body, SHARE);
    let Some(sid) = ctx.session else {
        let inner = panel(buf, body, "Delegation", true, t);
        lines(
            buf,
            inner,
            &[note("choose a session first (1: Sessions)", t)],
        );
        return;
    };
    let session = db.sessions.get(sid);
    let plan = db.plans.get(sid);
    let n = plan.map_or(0, |p| p.delegates.len());
    let title = match session {
        Some(s) => {
            let rules = db.rules(s);
            let size = match rules.delegate_limit {
                // An unread plan has delegates nobody can count yet.
                _ if super::agenda::unread_plan(ctx).is_some() => "plan not read".to_string(),
                Some(limit) => format!("{n} of {limit}"),
                None => n.to_string(),
            };
            match rules.letter_due {
                Some(due) => format!(
                    "Delegation to {} · {size} · nomination letter due {}",
                    s.id,
                    due.format("%d %b %Y")
                ),
                None => format!("Delegation to {} · {size}", s.id),
            }
        }
        None => format!("Delegation to {sid}"),
    };
    let li = panel(buf, l, &title, true, t);
    let w = li.width as usize;
    let name_w = w
        .saturating_sub(2 + 1 + 8 + 1 + 12 + 1 + 12 + 1 + 12 + 4)
        .max(6);
    let header = format!(
        "  {} {} {} {} REG TRV HTL  !",
        cell("NAME", name_w),
        cell("ROLE", 8),
        cell("ARRIVES", 12),
        cell("DEPARTS", 12)
    );
    lines(buf, li, &[Line::from(Span::styled(fit(&header, w), t.dim))]);
    let list = below(li, 1);
    let readiness = &me.readiness;
    if me.rows.is_empty()
        && let Some(unread) = super::agenda::unread_plan(ctx)
    {
        lines(buf, list, &[note(&unread, t)]);
    } else if me.rows.is_empty() {
        let k = ctx
            .config
            .keymap
            .hint(
                crate::tui::keymap::Context::Screen(Screen::Delegation),
                crate::tui::action::Action::Assign,
            )
            .unwrap_or_default();
        lines(
            buf,
            list,
            &[note(
                &format!("nobody assigned yet: press {k} to add a person"),
                t,
            )],
        );
    }
    let mark = |ok: bool| {
        if ok {
            Span::styled(" ✓  ", t.ok)
        } else {
            Span::styled(" ✗  ", t.error)
        }
    };
    widgets::list(
        buf,
        list,
        me.rows.len(),
        Some(me.cursor.selected),
        &me.cursor.top,
        t.selected,
        |i, w| match &me.rows[i] {
            GroupRow::Section(s) => {
                let name = db.sections.get(s).map_or(s.as_str(), |x| x.name.as_str());
                Line::from(Span::styled(fit(name, w), t.heading))
            }
            GroupRow::Person(p) => {
                let Some(dlg) = plan.and_then(|pl| pl.delegate(p)) else {
                    return Line::raw(fit(p, w));
                };
                let name = db.people.get(p).map_or(p.as_str(), |x| x.name.as_str());
                let r = readiness.iter().find(|r| r.person == p);
                let problems = r.map_or(0, |r| r.problems);
                Line::from(vec![
                    Span::raw("  "),
                    Span::raw(cell(name, name_w)),
                    Span::raw(" "),
                    Span::raw(cell(dlg.role.as_str(), 8)),
                    Span::raw(" "),
                    Span::raw(cell(&day_or_time(dlg.arrive), 12)),
                    Span::raw(" "),
                    Span::raw(cell(&day_or_time(dlg.depart), 12)),
                    mark(dlg.registered()),
                    mark(r.is_some_and(|r| r.travel_booked)),
                    // Not checked (no dates, or no travel: taken to live nearby)
                    // is not a tick.
                    match r.map(|r| r.hotel) {
                        Some(checks::Hotel::NotChecked) | None => Span::styled(" –  ", t.dim),
                        Some(h) => mark(h == checks::Hotel::Booked),
                    },
                    if problems > 0 {
                        Span::styled(format!("{problems:>2}"), t.warning)
                    } else {
                        Span::raw("  ")
                    },
                ])
            }
        },
    );
    draw_detail(me, ctx, d, buf);
}

fn draw_detail(me: &Delegation, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = ctx.theme;
    let db = ctx.db;
    let (Some(sid), Some(pid)) = (ctx.session, me.selected().cloned()) else {
        let inner = panel(buf, area, "Delegate", false, t);
        lines(buf, inner, &[note("no delegate selected", t)]);
        return;
    };
    let plan = db.plans.get(sid);
    let person = db.people.get(&pid);
    let name = person.map_or(pid.as_str(), |p| p.name.as_str());
    let inner = panel(buf, area, name, false, t);
    let w = inner.width as usize;
    let dim = t.dim;
    let mut out: Vec<Line> = Vec::new();
    if let Some(p) = person {
        let section = db
            .sections
            .get(&p.section)
            .map_or(p.section.as_str(), |s| s.name.as_str());
        let mut who = section.to_string();
        if let Some(pos) = &p.position {
            who = format!("{pos}, {who}");
        }
        out.push(Line::from(Span::styled(fit(&who, w), dim)));
    }
    if let Some(dlg) = plan.and_then(|pl| pl.delegate(&pid)) {
        out.push(widgets::field(
            "Role",
            format!(
                "{}{}",
                dlg.role,
                if dlg.registered() {
                    ", registered"
                } else {
                    ", NOT registered yet"
                }
            ),
            dim,
        ));
        // This delegate's alone: drawing never works out the whole delegation's.
        let next =
            crate::planning::readiness::of_delegate(db, sid, &pid).map(|p| match p.todo.first() {
                Some(t) => match t.due {
                    Some(d) => format!("{} by {d} (c: checklist)", t.what),
                    None => format!("{} (c: checklist)", t.what),
                },
                None => "accredited: nothing left to do".into(),
            });
        if let Some(next) = next {
            out.push(widgets::field("Next", next, dim));
        }
        let dates = if dlg.arrive.is_none() && dlg.depart.is_none() {
            "arrival and departure not set (e to set them)".to_string()
        } else {
            format!("{} → {}", day_or_time(dlg.arrive), day_or_time(dlg.depart))
        };
        out.push(widgets::field("Dates", dates, dim));
        if let Some(n) = &dlg.notes {
            out.extend(
                widgets::wrap(n, w)
                    .into_iter()
                    .map(|l| Line::from(Span::styled(l, dim))),
            );
        }
    }
    if let Some(plan) = plan {
        let travel: Vec<Line> = (plan.travel.iter().filter(|x| x.person == pid))
            .map(|tr| widgets::field("Travel", journey_line(tr), dim))
            .chain(
                (plan.stays.iter().filter(|x| x.person == pid))
                    .map(|st| widgets::field("Hotel", stay_line(st), dim)),
            )
            .collect();
        if travel.is_empty() {
            let key = ctx
                .config
                .keymap
                .hint(Context::Screen(Screen::Delegation), Action::TravelAndHotels)
                .unwrap_or_default();
            out.push(widgets::field(
                "Travel",
                format!("nothing booked yet ({key} to book journeys and a hotel)"),
                dim,
            ));
        }
        out.extend(travel);
        let meetings = plan
            .meetings
            .iter()
            .filter(|m| m.attendees.contains(&PersonId::from(&pid)) && !m.is_cancelled())
            .count();
        out.push(widgets::field(
            "Meetings",
            format!("{meetings} (3: Agenda)"),
            dim,
        ));
    }
    let problems = ctx.checks.delegate_problems(sid, &pid);
    if !problems.is_empty() {
        out.push(Line::from(Span::styled(
            format!("Problems ({})", problems.len()),
            t.warning,
        )));
        for p in problems.iter().take(inner.height as usize) {
            let style = if p.is_error() { t.error } else { t.warning };
            widgets::bullet(&mut out, &p.diagnostic().message, w, style);
        }
    }
    lines(buf, inner, &out);
}

/// Driven through the application, as the user drives it.
#[cfg(test)]
mod through_the_app {
    use crate::tui::testing::*;

    #[test]
    fn assign_cycle_role_unassign() {
        let mut a = app();
        key(&mut a, KeyCode::Char('2'));
        key(&mut a, KeyCode::Char('a'));
        for c in "zivotic".chars() {
            key(&mut a, KeyCode::Char(c));
        }
        key(&mut a, KeyCode::Enter);
        // Their dates are asked at once, in the delegate's form.
        let Some(Popup::Delegate(form)) = &a.popup else {
            panic!("{:?}", a.message)
        };
        assert_eq!(form.person, "zivotic");
        for c in "2027-03-07".chars() {
            key(&mut a, KeyCode::Char(c));
        }
        key(&mut a, KeyCode::Enter);
        assert_eq!(
            a.db().plans["cnd-70"]
                .delegate("zivotic")
                .unwrap()
                .arrive
                .map(|d| d.date()),
            chrono::NaiveDate::from_ymd_opt(2027, 3, 7)
        );
        // Then the picker is back for the next person, without the one just added.
        let Some(Popup::Assign(picker)) = &a.popup else {
            panic!("{:?}", a.message)
        };
        assert!(!picker.candidates.iter().any(|c| c == "zivotic"));
        key(&mut a, KeyCode::Esc);
        assert!(a.popup.is_none());
        let plan = &a.db().plans["cnd-70"];
        assert_eq!(plan.delegate("zivotic").unwrap().role, Role::Delegate);
        assert_eq!(a.selected_delegate().as_deref(), Some("zivotic"));
        // delegate -> adviser -> observer -> (head refused: esempio is head) deputy
        key(&mut a, KeyCode::Char('r'));
        key(&mut a, KeyCode::Char('r'));
        key(&mut a, KeyCode::Char('r'));
        assert_eq!(
            a.db().plans["cnd-70"].delegate("zivotic").unwrap().role,
            Role::Deputy
        );
        key(&mut a, KeyCode::Char(' '));
        assert!(
            a.db().plans["cnd-70"]
                .delegate("zivotic")
                .unwrap()
                .registered()
        );
        // Removing asks first: nothing changes until the answer.
        key(&mut a, KeyCode::Char('x'));
        assert!(a.db().plans["cnd-70"].delegate("zivotic").is_some());
        key(&mut a, KeyCode::Char('y'));
        assert!(a.db().plans["cnd-70"].delegate("zivotic").is_none());
    }
}
