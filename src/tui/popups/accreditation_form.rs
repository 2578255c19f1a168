//! A delegate's accreditation checklist (`c` on Delegation): one tick per step, and
//! where the visa stands, applied with the same operation as `attache accredit`
//! ([`ops::assign`] with the steps changed). A step ticked keeps the day it was done.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::ids::{PersonId, SessionId};
use crate::model::{Database, Step, Visa};
use crate::planning::readiness;
use crate::planning::{DelegateChange, Transaction, ops};
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx};
use crate::tui::keymap::{Context, Key};
use crate::tui::popups::Invalid;
use crate::tui::popups::form::{Field, FieldKey, Form, Look};
use crate::tui::queue::Msg;
use crate::tui::widgets;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AField {
    Step(Step),
    Visa,
}

impl FieldKey for AField {
    fn label(self) -> &'static str {
        match self {
            AField::Step(s) => s.as_str(),
            AField::Visa => "visa",
        }
    }
}

const LOOK: Look = Look {
    max_width: 84,
    label_width: 18,
    inline_errors: true,
    ready: "",
    cancel: "cancel",
    choose: Some("tick or choose"),
    tick: false,
};

#[derive(Debug, Clone)]
pub struct AccreditationForm {
    pub session: SessionId,
    pub person: PersonId,
    pub form: Form<AField>,
}

impl AccreditationForm {
    pub fn new(db: &Database, session: &str, person: &str) -> Option<Self> {
        let s = db.sessions.get(session)?;
        let d = db.plans.get(session)?.delegate(person)?;
        let mut fields: Vec<Field<AField>> = Step::ALL
            .iter()
            .map(|&step| {
                let done = readiness::done(&d.accreditation, step);
                Field::flag(AField::Step(step), done, "[x] done", "[ ] not done")
            })
            .collect();
        let visas = Visa::NAMES.iter().map(|n| n.to_string()).collect();
        let visa = Visa::ALL
            .iter()
            .position(|v| *v == d.accreditation.visa)
            .unwrap_or(0);
        fields.push(Field::choice(AField::Visa, visas, visa));
        Some(Self {
            session: s.id.clone(),
            person: d.person.clone(),
            form: Form::new(fields, AField::Step(Step::ALL[0])),
        })
    }

    /// The edit the ticks stand for (`None` when nothing changed).
    pub fn transaction(&mut self, db: &Database) -> Result<Option<Transaction>, Invalid> {
        self.form.error = None;
        let Some(d) = db
            .plans
            .get(&self.session)
            .and_then(|p| p.delegate(&self.person))
        else {
            return Ok(None);
        };
        let mut change = DelegateChange::default();
        for &step in Step::ALL {
            let ticked = self.form.flag(AField::Step(step));
            if ticked != readiness::done(&d.accreditation, step) {
                change.steps.push((step, ticked, None));
            }
        }
        let visa = Visa::ALL[self.form.choice(AField::Visa) % Visa::ALL.len()];
        if visa != d.accreditation.visa {
            change.visa = Some((visa, None));
        }
        if change.steps.is_empty() && change.visa.is_none() {
            return Ok(None);
        }
        match ops::assign(db, &self.session, &self.person, change) {
            Ok(tx) => Ok(Some(tx)),
            Err(e) => {
                self.form.error = Some(e);
                Err(Invalid)
            }
        }
    }
}

impl Component for AccreditationForm {
    fn context(&self) -> Context {
        Context::Form
    }

    fn handle(&mut self, action: Action, ctx: &Ctx, out: &mut Vec<Msg>) {
        match action {
            Action::Cancel => out.push(Msg::Close),
            Action::Submit => match self.transaction(ctx.db) {
                Ok(None) => out.push(Msg::Close),
                Ok(Some(tx)) => out.push(Msg::apply_then(Ok(tx), vec![Msg::Close])),
                Err(Invalid) => {}
            },
            act => self.form.act(act),
        }
    }

    fn input(&mut self, key: Key, _ctx: &Ctx, _out: &mut Vec<Msg>) {
        self.form.input(key);
    }

    fn draw(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        let name = ctx.db.person_name(&self.person);
        let title = format!("Accreditation of {}", widgets::fit(name, 40));
        let dim = ctx.theme.dim;
        // What is left, with its day, as the saved plan stands (attache readiness).
        let left: Vec<String> = readiness::readiness(ctx.db, &self.session, ctx.today)
            .and_then(|r| {
                r.people
                    .into_iter()
                    .find(|p| p.person == self.person.as_str())
            })
            .map(|p| {
                p.todo
                    .iter()
                    .map(|t| match t.due {
                        Some(d) => format!("{d}  {}", t.what),
                        None => t.what.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let notes = |w: usize| {
            let mut out: Vec<Line> = left
                .iter()
                .flat_map(|l| widgets::wrap(l, w))
                .map(|l| Line::from(Span::styled(l, ctx.theme.base)))
                .collect();
            out.extend(
                widgets::wrap(
                    "Space or ←/→ ticks a step or chooses the visa's state (apply 8 weeks ahead).",
                    w,
                )
                .into_iter()
                .map(|l| Line::from(Span::styled(l, dim))),
            );
            out
        };
        self.form.draw(ctx, area, buf, &title, &LOOK, notes);
    }
}

/// Driven through the application, as the user drives it.
#[cfg(test)]
mod through_the_app {
    use crate::model::{Step, Visa};
    use crate::tui::testing::*;

    /// `c` on a delegate opens the checklist; space ticks the step under the cursor,
    /// ←/→ chooses the visa's state, Enter applies both as one edit, `u` undoes it.
    #[test]
    fn c_ticks_steps_and_sets_the_visa() {
        let mut a = app();
        a.update(Action::ShowDelegation);
        a.select_delegate("shembulli");
        key(&mut a, KeyCode::Char('c'));
        assert!(
            matches!(a.popup, Some(Popup::Accreditation(_))),
            "{:?}",
            a.popup
        );
        key(&mut a, KeyCode::Char(' '));
        for _ in 0..Step::ALL.len() {
            key(&mut a, KeyCode::Tab);
        }
        key(&mut a, KeyCode::Right);
        key(&mut a, KeyCode::Enter);
        assert!(a.popup.is_none(), "{:?}", a.popup);
        let acc = |a: &App| {
            a.db().plans["cnd-70"]
                .delegate("shembulli")
                .unwrap()
                .accreditation
                .clone()
        };
        assert!(acc(&a).is_done(Step::PassportChecked));
        assert_eq!(acc(&a).visa, Visa::Needed);
        assert!(acc(&a).is_done(Step::Registered), "kept from the file");
        key(&mut a, KeyCode::Char('u'));
        assert!(!acc(&a).is_done(Step::PassportChecked));
        assert_eq!(acc(&a).visa, Visa::NotNeeded);
    }
}
