//! Adding a person to the delegation (`a`: a fuzzy picker of the people not in it, and
//! a role), and a delegate's details (`e`: role, arrival, departure, registration).
//! Both go through [`ops::assign`], whose refusals (a second head, departing before
//! arriving) are shown in the popup.

use crate::ids::{PersonId, SessionId};
use std::cell::Cell;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::model::{Database, DayOrTime, Role};
use crate::planning::{DelegateChange, OpError, Transaction, ops};
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx};
use crate::tui::derived::Fuzzy;
use crate::tui::keymap::{Context, Key};
use crate::tui::popups::form::{FieldKey, Form, Look};
use crate::tui::popups::{Invalid, TextField};
use crate::tui::queue::Msg;
use crate::tui::widgets;

fn role_index(r: Role) -> usize {
    Role::ALL.iter().position(|x| *x == r).unwrap_or(0)
}

#[derive(Debug)]
pub struct Assign {
    pub session: SessionId,
    pub query: TextField,
    /// People not in the delegation that match the query, best first.
    pub candidates: Vec<PersonId>,
    pub selected: usize,
    pub top: Cell<usize>,
    pub role: usize,
    pub error: Option<OpError>,
}

impl Assign {
    pub fn new(db: &Database, session: &str) -> Self {
        let mut a = Assign {
            session: session.into(),
            query: TextField::default(),
            candidates: Vec::new(),
            selected: 0,
            top: Cell::new(0),
            role: role_index(Role::Delegate),
            error: None,
        };
        a.refilter(db);
        a
    }

    pub fn refilter(&mut self, db: &Database) {
        self.error = None;
        self.selected = 0;
        self.top.set(0);
        let plan = db.plans.get(&self.session);
        let mut f = Fuzzy::new(&self.query.text);
        let mut scored: Vec<(u32, usize, PersonId)> = Vec::new();
        for (i, p) in db.people.values().enumerate() {
            if plan.is_some_and(|pl| pl.delegate(&p.id).is_some()) {
                continue;
            }
            let section = db.sections.get(&p.section).map_or("", |s| s.name.as_str());
            if let Some(s) = f.score(&format!("{} {} {section}", p.name, p.id)) {
                scored.push((s, i, p.id.clone()));
            }
        }
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        self.candidates = scored.into_iter().map(|(_, _, id)| id).collect();
    }

    pub fn act(&mut self, action: Action) {
        let n = self.candidates.len();
        let r = Role::ALL.len();
        self.error = None;
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(n.saturating_sub(1)),
            Action::PageUp => self.selected = self.selected.saturating_sub(10),
            Action::PageDown => self.selected = (self.selected + 10).min(n.saturating_sub(1)),
            Action::NextField => self.role = (self.role + 1) % r,
            Action::PrevField => self.role = (self.role + r - 1) % r,
            _ => {}
        }
    }

    /// The assignment of the selected person; none when nobody is selected.
    pub fn transaction(&self, db: &Database) -> Option<Result<Transaction, OpError>> {
        let person = self.candidates.get(self.selected)?;
        let change = DelegateChange {
            role: Some(Role::ALL[self.role]),
            ..Default::default()
        };
        Some(ops::assign(db, &self.session, person, change))
    }
}

impl Component for Assign {
    fn context(&self) -> Context {
        Context::Picker
    }

    fn hints(&self) -> &'static [(Action, &'static str)] {
        &[(Action::Submit, "add"), (Action::Cancel, "close")]
    }

    fn handle(&mut self, action: Action, ctx: &Ctx, out: &mut Vec<Msg>) {
        match action {
            Action::Cancel => out.push(Msg::Close),
            // The person's dates are asked at once (Esc skips them), then the picker
            // opens again for the next colleague (Esc when done), on the delegation as
            // it now is.
            Action::Submit => match self.transaction(ctx.db) {
                Some(Ok(tx)) => {
                    let mut then = Vec::new();
                    if let Some(p) = self.candidates.get(self.selected) {
                        then.push(Msg::SelectDelegate(p.clone()));
                        then.push(Msg::AskDates(self.session.clone(), p.clone()));
                    } else {
                        then.push(Msg::AssignMore(self.session.clone()));
                    }
                    out.push(Msg::apply_then(Ok(tx), then));
                }
                Some(Err(e)) => self.error = Some(e),
                None => {}
            },
            a => self.act(a),
        }
    }

    fn input(&mut self, key: Key, ctx: &Ctx, _out: &mut Vec<Msg>) {
        if self.query.input(key) {
            self.refilter(ctx.db);
        }
    }

    fn paste(&mut self, text: &str, ctx: &Ctx, _out: &mut Vec<Msg>) {
        self.query.paste(text);
        self.refilter(ctx.db);
    }

    fn draw(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        let t = ctx.theme;
        let db = ctx.db;
        let rect = widgets::centered(area, 76, area.height.saturating_sub(4).min(22));
        let title = format!(
            "Add to the delegation to {}",
            crate::text::printable(&self.session)
        );
        let inner = super::frame(buf, rect, &title, t);
        if inner.is_empty() {
            return;
        }
        let w = inner.width as usize;
        let mut spans = vec![Span::styled("find: ", t.key)];
        spans.extend(self.query.spans(true, w.saturating_sub(6), t));
        buf.set_line(inner.x, inner.y, &Line::from(spans), inner.width);
        let km = &ctx.config.keymap;
        let k = |a: Action| km.hint(Context::Picker, a).unwrap_or_default();
        let mut roles = vec![Span::styled("role: ", t.key)];
        for (i, r) in Role::ALL.iter().enumerate() {
            let style = if i == self.role { t.tab_active } else { t.dim };
            roles.push(Span::styled(format!(" {r} "), style));
        }
        roles.push(Span::styled(
            format!("  ({}/{})", k(Action::NextField), k(Action::PrevField)),
            t.dim,
        ));
        if inner.height > 1 {
            buf.set_line(inner.x, inner.y + 1, &Line::from(roles), inner.width);
        }
        let err_h = if self.error.is_some() { 2 } else { 1 };
        let list = Rect::new(
            inner.x,
            inner.y + 3.min(inner.height),
            inner.width,
            inner.height.saturating_sub(3 + err_h),
        );
        if self.candidates.is_empty() && list.height > 0 {
            buf.set_line(
                list.x,
                list.y,
                &Line::from(Span::styled("nobody else matches", t.dim)),
                list.width,
            );
        }
        widgets::list(
            buf,
            list,
            self.candidates.len(),
            Some(self.selected),
            &self.top,
            t.selected,
            |i, w| {
                let id = &self.candidates[i];
                let p = db.people.get(id);
                let name = p.map_or(id.as_str(), |p| p.name.as_str());
                let section = p
                    .and_then(|p| db.sections.get(&p.section))
                    .map_or("", |s| s.name.as_str());
                let nw = w.saturating_sub(2).min(40);
                Line::from(vec![
                    Span::raw(widgets::cell(name, nw)),
                    Span::raw(" "),
                    Span::styled(widgets::cell(section, w.saturating_sub(nw + 1)), t.dim),
                ])
            },
        );
        let y = inner.bottom().saturating_sub(err_h);
        if let Some(e) = &self.error {
            buf.set_line(
                inner.x,
                y,
                &Line::from(Span::styled(
                    widgets::fit(&format!("✗ {}", e.message), w),
                    t.error,
                )),
                inner.width,
            );
            if let Some(h) = &e.help {
                buf.set_line(
                    inner.x,
                    y + 1,
                    &Line::from(Span::styled(
                        widgets::fit(&format!("  help: {h}"), w),
                        t.warning,
                    )),
                    inner.width,
                );
            }
        } else {
            let hint = Line::from(vec![
                Span::styled(k(Action::Submit), t.key),
                Span::raw(" add  "),
                Span::styled(k(Action::Cancel), t.key),
                Span::raw(" close  type to filter"),
            ]);
            buf.set_line(inner.x, y, &hint, inner.width);
        }
    }
}

/// The fields of the delegate form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DField {
    Role,
    Arrive,
    Depart,
    Registered,
    Notes,
}

impl FieldKey for DField {
    fn label(self) -> &'static str {
        match self {
            DField::Role => "Role",
            DField::Arrive => "Arrives",
            DField::Depart => "Departs",
            DField::Registered => "Registered",
            DField::Notes => "Notes",
        }
    }
}

const LOOK: Look = Look {
    max_width: 76,
    label_width: 12,
    inline_errors: true,
    ready: "✓ ready",
    cancel: "cancel",
    choose: Some("role"),
    tick: true,
};

/// A delegate's details, on the shared form engine ([`super::form`]).
#[derive(Debug, Clone)]
pub struct DelegateForm {
    pub session: SessionId,
    pub person: PersonId,
    pub form: Form<DField>,
    /// Opened right after adding the person from the picker: closing it (saved or
    /// skipped) goes back to the picker for the next colleague.
    pub then_add_more: bool,
}

fn show_day_or_time(d: Option<DayOrTime>) -> String {
    match d {
        None => String::new(),
        Some(DayOrTime::Day(d)) => d.to_string(),
        Some(DayOrTime::Time(t)) => t.format("%Y-%m-%d %H:%M").to_string(),
    }
}

/// `""` (unknown), `2027-03-07` or `2027-03-07 14:05`.
pub fn parse_day_or_time(s: &str) -> Result<Option<DayOrTime>, String> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    crate::time::read_day_or_time(s).map(Some)
}

impl DelegateForm {
    pub fn new(db: &Database, session: &str, person: &str) -> Option<Self> {
        use super::form::Field as F;
        let d = db.plans.get(session)?.delegate(person)?;
        let roles = Role::ALL.iter().map(Role::to_string).collect();
        let fields = vec![
            F::choice(DField::Role, roles, role_index(d.role)),
            F::text(DField::Arrive, &show_day_or_time(d.arrive)).width(17),
            F::text(DField::Depart, &show_day_or_time(d.depart)).width(17),
            F::flag(
                DField::Registered,
                d.registered(),
                "[x] registered on Indico",
                "[ ] not yet",
            ),
            F::lines(DField::Notes, d.notes.as_deref().unwrap_or("")),
        ];
        Some(Self {
            session: session.into(),
            person: person.into(),
            form: Form::new(fields, DField::Arrive),
            then_add_more: false,
        })
    }

    fn change(&self) -> Result<DelegateChange, Vec<(DField, String)>> {
        let f = &self.form;
        let mut errors = Vec::new();
        let arrive = parse_day_or_time(f.text(DField::Arrive))
            .map_err(|e| errors.push((DField::Arrive, e)))
            .ok();
        let depart = parse_day_or_time(f.text(DField::Depart))
            .map_err(|e| errors.push((DField::Depart, e)))
            .ok();
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(DelegateChange {
            role: Some(Role::ALL[f.choice(DField::Role)]),
            arrive,
            depart,
            registered: Some(f.flag(DField::Registered)),
            notes: Some(f.optional(DField::Notes)),
            ..DelegateChange::default()
        })
    }

    fn unchanged(&self, db: &Database, c: &DelegateChange) -> bool {
        db.plans
            .get(&self.session)
            .and_then(|p| p.delegate(&self.person))
            .is_some_and(|d| {
                Some(d.role) == c.role
                    && Some(d.arrive) == c.arrive
                    && Some(d.depart) == c.depart
                    && Some(d.registered()) == c.registered
                    && Some(d.notes.clone()) == c.notes
            })
    }

    /// The edit to apply (`None`: nothing changed), or `Err` when the form has errors.
    pub fn transaction(&self, db: &Database) -> Result<Option<Transaction>, Invalid> {
        let c = self.change().map_err(|_| Invalid)?;
        if self.unchanged(db, &c) {
            return Ok(None);
        }
        ops::assign(db, &self.session, &self.person, c)
            .map(Some)
            .map_err(|_| Invalid)
    }

    pub fn revalidate(&mut self, db: &Database) {
        self.form.error = None;
        match self.change() {
            Err(e) => self.form.field_errors = e,
            Ok(c) => {
                self.form.field_errors.clear();
                if !self.unchanged(db, &c) {
                    self.form.error = ops::assign(db, &self.session, &self.person, c).err();
                }
            }
        }
    }
}

impl Component for DelegateForm {
    fn context(&self) -> Context {
        Context::Form
    }

    fn handle(&mut self, action: Action, ctx: &Ctx, out: &mut Vec<Msg>) {
        let (more, session) = (self.then_add_more, self.session.clone());
        let close = || {
            let back = more.then(|| Msg::AssignMore(session.clone()));
            std::iter::once(Msg::Close).chain(back).collect::<Vec<_>>()
        };
        match action {
            Action::Cancel => out.extend(close()),
            Action::Submit => {
                self.revalidate(ctx.db);
                match self.transaction(ctx.db) {
                    Ok(None) => out.extend(close()),
                    Ok(Some(tx)) => out.push(Msg::apply_then(Ok(tx), close())),
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
        }
    }

    fn paste(&mut self, text: &str, ctx: &Ctx, _out: &mut Vec<Msg>) {
        self.form.paste(text);
        self.revalidate(ctx.db);
    }

    fn draw(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        let name = ctx.db.person_name(&self.person);
        let title = format!(
            "{} in {}{}",
            widgets::fit(name, 30),
            crate::text::printable(&self.session),
            if self.then_add_more {
                " · added: their dates? (esc skips)"
            } else {
                ""
            }
        );
        let dim = ctx.theme.dim;
        let note = |w: usize| {
            vec![Line::from(Span::styled(
                widgets::fit(
                    "            YYYY-MM-DD or YYYY-MM-DD HH:MM (venue time); empty: not known",
                    w,
                ),
                dim,
            ))]
        };
        self.form.draw(ctx, area, buf, &title, &LOOK, note);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> Database {
        super::super::sample_db()
    }

    #[test]
    fn assign_picker_excludes_delegates_and_refuses_second_head() {
        let db = db();
        let mut a = Assign::new(&db, "cnd-70");
        assert!(!a.candidates.iter().any(|c| c == "esempio"));
        a.query = TextField::new("tomori");
        a.refilter(&db);
        assert_eq!(a.candidates[0], "tomori");
        a.role = role_index(Role::Head);
        let e = a.transaction(&db).unwrap().unwrap_err();
        assert!(e.message.contains("already head"), "{e}");
        a.role = role_index(Role::Adviser);
        assert!(a.transaction(&db).unwrap().is_ok());
    }

    #[test]
    fn delegate_form_dates() {
        let db = db();
        let mut f = DelegateForm::new(&db, "cnd-70", "mustermann").unwrap();
        assert_eq!(f.form.text(DField::Arrive), "2027-03-07");
        f.revalidate(&db);
        assert!(f.form.error.is_none() && f.form.field_errors.is_empty());
        assert!(f.transaction(&db).unwrap().is_none());
        f.form.set(DField::Depart, "2027-03-06");
        f.revalidate(&db);
        assert!(f.form.error.as_ref().unwrap().message.contains("depart"));
        f.form.set(DField::Depart, "soon");
        f.revalidate(&db);
        assert_eq!(f.form.field_errors.len(), 1);
        f.form.set(DField::Depart, "2027-03-12 18:00");
        f.revalidate(&db);
        assert!(f.transaction(&db).unwrap().is_some());
        assert_eq!(parse_day_or_time(""), Ok(None));
    }

    /// The form accepted an arrival that the clocks skip at the venue, which the
    /// meeting and journey forms refuse: the same rule now applies to all three.
    #[test]
    fn delegate_form_refuses_a_time_the_clocks_skip() {
        let db = db();
        let mut f = DelegateForm::new(&db, "cnd-70", "mustermann").unwrap();
        f.form.set(DField::Arrive, "2027-03-28 02:30");
        f.form.set(DField::Depart, "2027-03-29");
        f.revalidate(&db);
        let e = f.form.error.as_ref().expect("refused");
        assert!(
            e.message
                .contains("2027-03-28 02:30 does not exist in Europe/Vienna"),
            "{e}"
        );
        assert!(f.transaction(&db).is_err());
        f.form.set(DField::Arrive, "2027-03-28 03:30");
        f.revalidate(&db);
        assert!(f.form.error.is_none(), "{:?}", f.form.error);
    }
}

/// Driven through the application, as the user drives it.
#[cfg(test)]
mod through_the_app {
    use crate::tui::testing::*;

    #[test]
    fn delegate_form_sets_dates() {
        let mut a = app();
        a.update(Action::ShowDelegation);
        a.select_delegate("beispiel");
        key(&mut a, KeyCode::Char('e'));
        assert!(matches!(a.popup, Some(Popup::Delegate(_))));
        for c in "2027-03-08".chars() {
            key(&mut a, KeyCode::Char(c));
        }
        key(&mut a, KeyCode::Enter);
        assert!(a.popup.is_none());
        let d = a.db().plans["cnd-70"].delegate("beispiel").unwrap().clone();
        assert_eq!(
            d.arrive,
            Some(crate::model::DayOrTime::Day(
                NaiveDate::from_ymd_opt(2027, 3, 8).unwrap()
            ))
        );
    }
}
