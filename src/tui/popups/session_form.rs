//! A session's dates, status and source (`e` on Sessions), or the same form opened to
//! confirm it (`c`: status set to confirmed, the cursor on the source to say where
//! the dates were confirmed), or to add a session (`a`: its id, body, title, kind and
//! venue too). Every key re-checks the form with the operation that will apply it
//! ([`calendar::edit_session`], [`calendar::add_session`]), as `attache session` does.

use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::calendar;
use crate::ids::SessionId;
use crate::model::{Database, NewSession, Session, SessionKind, SessionStatus};
use crate::planning::Transaction;
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx};
use crate::tui::keymap::{Context, Key};
use crate::tui::popups::Invalid;
use crate::tui::popups::form::{Field, FieldKey, Form, Look};
use crate::tui::queue::Msg;
use crate::tui::widgets;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SField {
    Id,
    Body,
    Title,
    Kind,
    Venue,
    Start,
    End,
    Status,
    Source,
}

impl FieldKey for SField {
    fn label(self) -> &'static str {
        match self {
            SField::Id => "Id",
            SField::Body => "Body",
            SField::Title => "Title",
            SField::Kind => "Kind",
            SField::Venue => "Venue",
            SField::Start => "Start",
            SField::End => "End",
            SField::Status => "Status",
            SField::Source => "Source",
        }
    }
}

const LOOK: Look = Look {
    max_width: 80,
    label_width: 9,
    inline_errors: true,
    ready: "✓ ready to save",
    cancel: "cancel",
    choose: Some("status"),
    tick: false,
};

#[derive(Debug, Clone)]
pub struct SessionForm {
    /// The session edited; `None` for a new one.
    pub session: Option<SessionId>,
    pub form: Form<SField>,
    /// The bodies and venues offered (ids), in the order of their choices.
    bodies: Vec<String>,
    venues: Vec<String>,
}

impl SessionForm {
    /// The form on `session` as it is; `confirm` sets the status to confirmed and
    /// puts the cursor on the source.
    pub fn new(db: &Database, session: &str, confirm: bool) -> Option<Self> {
        let s = db.sessions.get(session)?;
        let statuses = SessionStatus::NAMES.iter().map(|n| n.to_string()).collect();
        let status = match (confirm, s.status) {
            (true, _) | (false, SessionStatus::Confirmed) => 0,
            (false, SessionStatus::Tentative) => 1,
        };
        let fields = vec![
            Field::text(SField::Start, &s.start.to_string()).width(12),
            Field::text(SField::End, &s.end.to_string()).width(12),
            Field::choice(SField::Status, statuses, status),
            Field::text(SField::Source, s.source.as_deref().unwrap_or("")),
        ];
        let focus = if confirm {
            SField::Source
        } else {
            SField::Start
        };
        let mut f = Self {
            session: Some(s.id.clone()),
            form: Form::new(fields, focus),
            bodies: Vec::new(),
            venues: Vec::new(),
        };
        f.revalidate(db);
        Some(f)
    }

    /// The form for a new session: tentative, with its pattern as source, a week
    /// from `start` (the day the cursor was on, or today).
    pub fn add(db: &Database, start: NaiveDate) -> Self {
        let mut bodies: Vec<String> = db.bodies.keys().cloned().collect();
        for s in db.sessions.values() {
            if !bodies.contains(&s.body) {
                bodies.push(s.body.clone());
            }
        }
        let venues: Vec<String> = db.venues.keys().map(|v| v.to_string()).collect();
        let kinds = SessionKind::NAMES.iter().map(|n| n.to_string()).collect();
        let statuses = SessionStatus::NAMES.iter().map(|n| n.to_string()).collect();
        let end = start + chrono::Days::new(4);
        let fields = vec![
            Field::text(SField::Id, ""),
            Field::choice(SField::Body, bodies.clone(), 0),
            Field::text(SField::Title, ""),
            Field::choice(SField::Kind, kinds, 0),
            Field::choice(SField::Venue, venues.clone(), 0),
            Field::text(SField::Start, &start.to_string()).width(12),
            Field::text(SField::End, &end.to_string()).width(12),
            Field::choice(SField::Status, statuses, 1),
            Field::text(SField::Source, "inferred: "),
        ];
        let mut f = Self {
            session: None,
            form: Form::new(fields, SField::Id),
            bodies,
            venues,
        };
        f.revalidate(db);
        f
    }

    /// The new session as the form stands.
    fn new_session(&self, start: NaiveDate, end: NaiveDate) -> Session {
        let pick =
            |list: &[String], k: SField| list.get(self.form.choice(k)).cloned().unwrap_or_default();
        Session::new(NewSession {
            id: self.form.text(SField::Id).trim().into(),
            body: pick(&self.bodies, SField::Body),
            title: self.form.text(SField::Title).trim().to_string(),
            kind: SessionKind::ALL[self.form.choice(SField::Kind) % SessionKind::ALL.len()],
            venue: pick(&self.venues, SField::Venue).into(),
            start,
            end,
            status: SessionStatus::ALL[self.form.choice(SField::Status) % 2],
            source: self.form.optional(SField::Source),
            notes: None,
        })
    }

    fn date(&self, k: SField) -> Result<NaiveDate, (SField, String)> {
        let text = self.form.text(k).trim();
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map_err(|_| (k, format!("\"{text}\" is not a date: write YYYY-MM-DD")))
    }

    /// The transaction the form stands for, `None` when it changes nothing, or `Err`
    /// with its problems (in `field_errors` and `error`).
    pub fn transaction(&mut self, db: &Database) -> Result<Option<Transaction>, Invalid> {
        self.form.field_errors.clear();
        self.form.error = None;
        let (start, end) = match (self.date(SField::Start), self.date(SField::End)) {
            (Ok(s), Ok(e)) => (s, e),
            (s, e) => {
                self.form.field_errors = [s.err(), e.err()].into_iter().flatten().collect();
                return Err(Invalid);
            }
        };
        let Some(id) = self.session.clone() else {
            return match calendar::add_session(db, self.new_session(start, end)) {
                Ok(tx) => Ok(Some(tx)),
                Err(e) => {
                    self.form.error = Some(e);
                    Err(Invalid)
                }
            };
        };
        let status = SessionStatus::ALL[self.form.choice(SField::Status) % 2];
        let source = self.form.optional(SField::Source);
        let op = calendar::edit_session(
            db,
            &id,
            |s| format!("changed {} ({} to {}, {})", s.id, s.start, s.end, s.status),
            |s| {
                s.start = start;
                s.end = end;
                s.status = status;
                s.source = source;
            },
        );
        match op {
            Ok(tx) if tx.changes.is_empty() => Ok(None),
            Ok(tx) => Ok(Some(tx)),
            Err(e) => {
                self.form.error = Some(e);
                Err(Invalid)
            }
        }
    }

    pub fn revalidate(&mut self, db: &Database) {
        let _ = self.transaction(db);
    }
}

impl Component for SessionForm {
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
        let title = match &self.session {
            Some(id) => format!("Session {}", widgets::fit(id, 40)),
            None => "New session".to_string(),
        };
        let hint = "Dates as YYYY-MM-DD, first and last day. Confirm the dates on the official page and say where in Source.";
        let dim = ctx.theme.dim;
        let notes = |w: usize| {
            widgets::wrap(hint, w)
                .into_iter()
                .map(|l| Line::from(Span::styled(l, dim)))
                .collect()
        };
        self.form.draw(ctx, area, buf, &title, &LOOK, notes);
    }
}

/// Driven through the application, as the user drives it.
#[cfg(test)]
mod through_the_app {
    use crate::planning::checks::FindingKind;
    use crate::tui::testing::*;

    /// `c` on a tentative session opens the form on its source; typing where the
    /// dates were confirmed and Enter confirms it, its warning resolved; `u` undoes.
    #[test]
    fn c_confirms_the_selected_session_saying_where() {
        let mut a = app();
        a.update(Action::ShowSessions);
        let soon = |a: &App| {
            a.ws.analysis()
                .of_session("cnd-69-reconvened")
                .iter()
                .any(|f| f.kind == FindingKind::TentativeSoon)
        };
        assert!(
            soon(&a),
            "opens on 2026-12-03, ten days after the tests' today"
        );
        a.choose_session("cnd-69-reconvened");
        key(&mut a, KeyCode::Char('c'));
        let Some(Popup::Session(f)) = &a.popup else {
            panic!("no form: {:?}", a.popup);
        };
        assert_eq!(f.form.field(), super::SField::Source);
        for c in "UNODC CND page".chars() {
            key(&mut a, KeyCode::Char(c));
        }
        key(&mut a, KeyCode::Enter);
        assert!(a.popup.is_none(), "{:?}", a.popup);
        let s = &a.db().sessions["cnd-69-reconvened"];
        assert_eq!(s.status, crate::model::SessionStatus::Confirmed);
        assert_eq!(s.source.as_deref(), Some("UNODC CND page"));
        assert!(!soon(&a));
        assert!(a.is_dirty());
        key(&mut a, KeyCode::Char('u'));
        assert_eq!(
            a.db().sessions["cnd-69-reconvened"].status,
            crate::model::SessionStatus::Tentative
        );
        assert!(soon(&a));
    }

    /// `a` adds a session: an id and a title are all it needs (tentative, a week
    /// from the selected session's start); an id taken is refused on the form.
    #[test]
    fn a_adds_a_tentative_session() {
        let mut a = app();
        a.update(Action::ShowSessions);
        a.choose_session("cnd-70");
        key(&mut a, KeyCode::Char('a'));
        let type_in = |a: &mut App, text: &str| {
            for c in text.chars() {
                key(a, KeyCode::Char(c));
            }
        };
        type_in(&mut a, "cnd-70");
        key(&mut a, KeyCode::Tab);
        key(&mut a, KeyCode::Tab);
        type_in(&mut a, "CND intersessional meeting");
        key(&mut a, KeyCode::Enter);
        match &a.popup {
            Some(Popup::Session(f)) => {
                let e = f.form.error.as_ref().expect("refused");
                assert!(e.message.contains("already a session"), "{e:?}");
            }
            other => panic!("the form closed: {other:?}"),
        }
        key(&mut a, KeyCode::BackTab);
        key(&mut a, KeyCode::BackTab);
        type_in(&mut a, "cnd-70-intersessional");
        key(&mut a, KeyCode::Enter);
        assert!(a.popup.is_none(), "{:?}", a.popup);
        let s = &a.db().sessions["cnd-70-intersessional"];
        assert_eq!(s.title, "CND intersessional meeting");
        assert_eq!(s.status, crate::model::SessionStatus::Tentative);
        assert_eq!(s.start, NaiveDate::from_ymd_opt(2027, 3, 8).unwrap());
        assert!(a.is_dirty());
    }

    /// A date that is not one stays in the form, on its field.
    #[test]
    fn e_refuses_a_date_that_is_not_one() {
        let mut a = app();
        a.update(Action::ShowSessions);
        a.choose_session("cnd-70");
        key(&mut a, KeyCode::Char('e'));
        for c in "8 March".chars() {
            key(&mut a, KeyCode::Char(c));
        }
        key(&mut a, KeyCode::Enter);
        match &a.popup {
            Some(Popup::Session(f)) => {
                assert_eq!(f.form.field_errors[0].0, super::SField::Start)
            }
            other => panic!("the form closed: {other:?}"),
        }
    }
}
