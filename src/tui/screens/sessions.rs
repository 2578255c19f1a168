//! Sessions: the UN calendar, upcoming first (as of today) and past ones below as
//! history, with the selected session's dates, venue, deadlines and delegation.

use crate::ids::SessionId;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{Cursor, View, below, lines, note, panel, relative, split};
use crate::model::{Database, Session, SessionStatus};
use crate::tui::action::{Action, Screen};
use crate::tui::component::{Component, Ctx};
use crate::tui::derived::{self, SessionRow};
use crate::tui::keymap::{Context, Key};
use crate::tui::popups::Popup;
use crate::tui::popups::session_form::SessionForm;
use crate::tui::queue::Msg;
use crate::tui::widgets::{self, cell, cell_right, field, fit};

const SHARE: u16 = 62;

pub fn keys() -> Vec<(Key, Action)> {
    vec![
        (Key::char('f'), Action::FilterBody),
        (Key::char('c'), Action::ConfirmSession),
        (Key::char('e'), Action::EditSession),
        (Key::char('a'), Action::AddSession),
    ]
}

/// Where a submission window stands today, for one that has not closed: an open
/// window says when it closes (that is the date to act by), not when it opened.
fn window_state(
    today: chrono::NaiveDate,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> String {
    if today < from {
        format!("opens {}", relative(today, from))
    } else {
        format!("open, closes {}", relative(today, to))
    }
}

/// The session to start on: the next upcoming one that has a plan, else the next
/// upcoming one, else the first.
pub fn default_session(db: &Database, today: chrono::NaiveDate) -> Option<SessionId> {
    let upcoming: Vec<&str> = db
        .sessions_by_date(today)
        .into_iter()
        .filter(|s| s.is_upcoming(today))
        .map(|s| s.id.as_str())
        .collect();
    upcoming
        .iter()
        .find(|id| db.plans.contains_key(**id))
        .or(upcoming.first())
        .map(|&s| SessionId::from(s))
        .or_else(|| db.sessions.keys().next().cloned())
}

#[derive(Debug, Default)]
pub struct Sessions {
    pub rows: Vec<SessionRow>,
    /// The bodies of the sessions, for the filter to cycle through.
    pub bodies: Vec<String>,
    /// Show one body's sessions only.
    pub body_filter: Option<String>,
    pub cursor: Cursor,
}

impl Sessions {
    /// The id of the selected session.
    pub fn selected(&self) -> Option<&str> {
        match self.rows.get(self.cursor.selected) {
            Some(SessionRow::Session(id)) => Some(id),
            _ => None,
        }
    }

    pub fn selected_session<'a>(&self, db: &'a Database) -> Option<&'a Session> {
        self.selected().and_then(|id| db.sessions.get(id))
    }

    /// Select session `id`; whether it is listed.
    pub fn select(&mut self, id: &str) -> bool {
        match self
            .rows
            .iter()
            .position(|r| matches!(r, SessionRow::Session(s) if s == id))
        {
            Some(i) => {
                self.cursor.selected = i;
                true
            }
            None => false,
        }
    }

    fn rebuild(&mut self, ctx: &Ctx) {
        self.rows = derived::session_rows(ctx.db, ctx.today, self.body_filter.as_deref());
        self.bodies = derived::bodies(ctx.db);
    }

    /// Select session `id`, dropping the filter when it hides it.
    pub fn reveal(&mut self, id: &str, ctx: &Ctx) {
        if !self.select(id) && self.body_filter.is_some() {
            self.body_filter = None;
            self.rebuild(ctx);
            self.select(id);
        }
    }

    fn cycle_body(&mut self, ctx: &Ctx, out: &mut Vec<Msg>) {
        let bodies = &self.bodies;
        let next = match &self.body_filter {
            None => bodies.first().cloned(),
            Some(b) => bodies
                .iter()
                .position(|x| x.eq_ignore_ascii_case(b))
                .and_then(|i| bodies.get(i + 1))
                .cloned(),
        };
        self.body_filter = next;
        self.cursor.selected = 0;
        self.cursor.top.set(0);
        self.refresh(ctx);
        self.skip_headers(1);
        self.after_move(ctx, out);
        out.push(Msg::Info(match &self.body_filter {
            Some(b) => {
                let b = crate::text::printable(b).into_owned();
                format!("showing {b} only (f: next body, esc: all)")
            }
            None => "showing every body".into(),
        }));
    }
}

impl Component for Sessions {
    fn context(&self) -> Context {
        Context::Screen(Screen::Sessions)
    }

    fn handle(&mut self, action: Action, ctx: &Ctx, out: &mut Vec<Msg>) {
        match action {
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Top
            | Action::Bottom => self.move_selection(action, ctx, out),
            Action::Open if self.selected_session(ctx.db).is_some() => {
                out.push(Msg::Show(Screen::Delegation));
            }
            Action::Back if self.body_filter.is_some() => {
                self.body_filter = None;
                self.refresh(ctx);
                out.push(Msg::Info("showing every body".into()));
            }
            Action::FilterBody => self.cycle_body(ctx, out),
            Action::AddSession => {
                let start = self
                    .selected_session(ctx.db)
                    .map_or(ctx.today, |s| s.start.max(ctx.today));
                let form = SessionForm::add(ctx.db, start);
                out.push(Msg::Open(Popup::Session(Box::new(form))));
            }
            Action::ConfirmSession | Action::EditSession => {
                let confirm = action == Action::ConfirmSession;
                let form = self
                    .selected()
                    .and_then(|id| SessionForm::new(ctx.db, id, confirm));
                if let Some(form) = form {
                    out.push(Msg::Open(Popup::Session(Box::new(form))));
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
            (Action::Open, "delegation"),
            (Action::FilterBody, "filter"),
            (Action::ConfirmSession, "confirm"),
            (Action::EditSession, "dates"),
            (Action::AddSession, "add"),
            (Action::Search, "search"),
            (Action::Help, "help"),
            (Action::Quit, "quit"),
        ]
    }
}

impl View for Sessions {
    fn refresh(&mut self, ctx: &Ctx) {
        self.rebuild(ctx);
        if let Some(s) = ctx.session {
            self.select(s);
        }
        self.settle();
    }

    fn list_area(&self, _ctx: &Ctx, body: Rect) -> Rect {
        let (l, _) = split(body, SHARE);
        below(inner(l), 1)
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
        matches!(self.rows.get(i), Some(SessionRow::Session(_)))
    }

    /// A new selection chooses the session the other screens show.
    fn after_move(&mut self, ctx: &Ctx, out: &mut Vec<Msg>) {
        if let Some(id) = self.selected()
            && ctx.session.map(SessionId::as_str) != Some(id)
        {
            out.push(Msg::ChooseSession(id.into()));
        }
    }
}

fn inner(r: Rect) -> Rect {
    ratatui::widgets::Block::bordered().inner(r)
}

fn draw(me: &Sessions, ctx: &Ctx, body: Rect, buf: &mut Buffer) {
    let t = ctx.theme;
    let db = ctx.db;
    let (l, d) = split(body, SHARE);
    let title = match &me.body_filter {
        Some(b) => format!(
            "Sessions · {} only · ? tentative dates",
            crate::text::printable(b)
        ),
        None => "Sessions · upcoming first · ? tentative dates".to_string(),
    };
    let li = panel(buf, l, &title, true, t);
    let w = li.width as usize;
    // Columns: start, days, tentative mark, id, body, delegates, title.
    let id_w = 20.min(w / 4);
    let body_w = 10;
    let fixed = 10 + 1 + 4 + 1 + 2 + id_w + 1 + body_w + 1 + 5 + 1;
    let title_w = w.saturating_sub(fixed);
    let header = format!(
        "{} {} {}{} {} {} {}",
        cell("START", 10),
        cell_right("DAYS", 4),
        "  ",
        cell("ID", id_w),
        cell("BODY", body_w),
        cell_right("DEL.", 5),
        cell("TITLE", title_w)
    );
    lines(buf, li, &[Line::from(Span::styled(header, t.dim))]);
    let list = below(li, 1);
    if me.rows.is_empty() {
        lines(
            buf,
            list,
            &[note("no sessions: add some to sessions.toml", t)],
        );
    }
    widgets::list(
        buf,
        list,
        me.rows.len(),
        Some(me.cursor.selected),
        &me.cursor.top,
        t.selected,
        |i, w| match &me.rows[i] {
            SessionRow::PastHeading => {
                let text = "── past sessions (history) ";
                let rest = w.saturating_sub(widgets::width(text));
                Line::from(Span::styled(
                    fit(&format!("{text}{}", "─".repeat(rest)), w),
                    t.dim,
                ))
            }
            SessionRow::Session(id) => {
                let Some(s) = db.sessions.get(id) else {
                    return Line::raw(fit(id, w));
                };
                let days = (s.end - s.start).num_days() + 1;
                let del = match db.plans.get(id) {
                    Some(p) => match db.rules(s).delegate_limit {
                        Some(limit) => format!("{}/{limit}", p.delegates.len()),
                        None => p.delegates.len().to_string(),
                    },
                    // A plan file that could not be read, or not yet: not "no plan".
                    None if ctx.plans_pending => "…".into(),
                    None if ctx.checks.unread_plans.contains(id.as_str()) => "?".into(),
                    None => "–".into(),
                };
                let past = !s.is_upcoming(ctx.today);
                let style = if past { t.dim } else { t.base };
                let tentative = if s.status == SessionStatus::Tentative {
                    Span::styled("? ", t.warning)
                } else {
                    Span::raw("  ")
                };
                Line::from(vec![
                    Span::styled(
                        format!("{} {}", s.start, cell_right(&format!("{days}d"), 4)),
                        style,
                    ),
                    Span::raw(" "),
                    tentative,
                    Span::styled(cell(&s.id, id_w), style),
                    Span::raw(" "),
                    Span::styled(cell(&s.body, body_w), style),
                    Span::raw(" "),
                    Span::styled(cell_right(&del, 5), style),
                    Span::raw(" "),
                    Span::styled(cell(&s.title, title_w), style),
                ])
            }
        },
    );
    draw_detail(me, ctx, d, buf);
}

fn draw_detail(me: &Sessions, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = ctx.theme;
    let db = ctx.db;
    let Some(s) = me.selected_session(db) else {
        let inner = panel(buf, area, "Session", false, t);
        lines(buf, inner, &[note("no session selected", t)]);
        return;
    };
    let inner = panel(buf, area, &format!("{} · {}", s.id, s.body), false, t);
    let w = inner.width as usize;
    let today = ctx.today;
    let mut out: Vec<Line> = Vec::new();
    for l in widgets::wrap(&s.title, w) {
        out.push(Line::from(Span::styled(l, t.title)));
    }
    let days = (s.end - s.start).num_days() + 1;
    let when = if s.contains_day(today) {
        "under way".to_string()
    } else if s.is_upcoming(today) {
        relative(today, s.start)
    } else {
        format!("ended {}", relative(today, s.end))
    };
    let dim = t.dim;
    out.push(field(
        "Dates",
        format!(
            "{} – {} ({}, {})",
            s.start.format("%a %d %b %Y"),
            s.end.format("%a %d %b %Y"),
            crate::diag::plural(days as usize, "day"),
            when
        ),
        dim,
    ));
    let mut status = vec![Span::styled(format!("{:<16}", "Status"), dim)];
    match s.status {
        SessionStatus::Tentative => status.push(Span::styled(
            "tentative: dates not confirmed, check before booking",
            t.warning,
        )),
        SessionStatus::Confirmed => status.push(Span::styled("confirmed", t.ok)),
    }
    out.push(Line::from(status));
    // A venue the files name but that did not load (its entry has errors) is not
    // unknown.
    let venue = db.venues.get(&s.venue).map_or_else(
        || match ctx.db_has_errors {
            true => format!("{} (not read: see Problems)", s.venue),
            false => format!("{} (unknown venue)", s.venue),
        },
        |v| format!("{}, {} ({})", v.name, v.city, v.timezone.name()),
    );
    out.push(field("Venue", venue, dim));
    let deadline = |label: &'static str, d: chrono::NaiveDate| {
        let style = if d < today {
            t.dim
        } else if (d - today).num_days() <= 14 {
            t.warning
        } else {
            t.base
        };
        Line::from(vec![
            Span::styled(format!("{label:<16}"), dim),
            Span::styled(
                format!("{} ({})", d.format("%a %d %b %Y"), relative(today, d)),
                style,
            ),
        ])
    };
    if let Some(r) = s.registration_deadline {
        out.push(deadline("Register by", r));
    }
    let rules = db.rules(s);
    if let Some(due) = rules.letter_due {
        out.push(deadline("Letter due", due));
    }
    for (w, from, to) in &rules.windows {
        let label = Span::styled(format!("{:<16}", crate::text::printable(&w.name)), dim);
        let when = if *to < today {
            Span::styled(format!("closed {}", to.format("%d %b %Y")), t.dim)
        } else {
            Span::styled(
                format!(
                    "{} – {} ({})",
                    from.format("%d %b"),
                    to.format("%d %b %Y"),
                    window_state(today, *from, *to)
                ),
                t.base,
            )
        };
        out.push(Line::from(vec![label, when]));
    }
    if let Some(r) = rules.registration {
        out.push(Line::from(vec![
            Span::styled(format!("{:<16}", "Registration"), dim),
            Span::styled(
                crate::export::text::registration(r, rules.registration_url).to_string(),
                t.base,
            ),
        ]));
    }
    let limit = rules.delegate_limit;
    let (n, style) = match db.plans.get(&s.id) {
        Some(p) if limit.is_some_and(|l| p.delegates.len() > l) => (p.delegates.len(), t.error),
        Some(p) => (p.delegates.len(), t.base),
        None => (0, t.dim),
    };
    let at_most = limit.map_or_else(|| "no limit known".to_string(), |l| format!("at most {l}"));
    let unread = crate::store::unread_plan(db, ctx.sources, &s.id);
    let size = match (db.plans.contains_key(&s.id), unread) {
        (false, _) if ctx.plans_pending => super::agenda::PLANS_PENDING.to_string(),
        (true, _) => match limit {
            Some(l) => format!("{n} of at most {l}"),
            None => format!("{n} ({at_most})"),
        },
        (false, Some(path)) => format!(
            "{} could not be read ({at_most}): see Problems",
            crate::text::printable(&path.display().to_string())
        ),
        (false, None) => format!("no plan yet ({at_most}): 2, then a to add people"),
    };
    out.push(Line::from(vec![
        Span::styled(format!("{:<16}", "Delegation"), dim),
        Span::styled(size, style),
    ]));
    let (e, wn) = ctx.checks.session_problems(&s.id);
    let pstyle = if e > 0 {
        t.error
    } else if wn > 0 {
        t.warning
    } else {
        t.ok
    };
    out.push(Line::from(vec![
        Span::styled(format!("{:<16}", "Problems"), dim),
        Span::styled(
            if ctx.plans_pending {
                super::agenda::PLANS_PENDING.to_string()
            } else if e + wn == 0 && ctx.db_has_errors {
                // The plans' warnings wait while the files have errors (held_back).
                "none shown while the files have errors (5: Problems)".to_string()
            } else if e + wn == 0 {
                "none".to_string()
            } else {
                format!(
                    "{}, {} (5: Problems)",
                    crate::diag::plural(e, "error"),
                    crate::diag::plural(wn, "warning")
                )
            },
            pstyle,
        ),
    ]));
    if !s.themes.is_empty() {
        out.push(Line::from(Span::styled("Themes", dim)));
        for th in &s.themes {
            for (k, l) in widgets::wrap(th, w.saturating_sub(4))
                .into_iter()
                .enumerate()
            {
                out.push(Line::raw(format!(
                    "{}{l}",
                    if k == 0 { "  • " } else { "    " }
                )));
            }
        }
    }
    if let Some(n) = &s.notes {
        out.push(Line::from(Span::styled("Notes", dim)));
        out.extend(widgets::wrap(n, w).into_iter().map(Line::raw));
    }
    // The delegation's own notes, from its plan file (`notes = "..."` at its top).
    if let Some(n) = ctx.db.plans.get(&s.id).and_then(|p| p.notes.as_ref()) {
        out.push(Line::from(Span::styled("Plan notes", dim)));
        out.extend(widgets::wrap(n, w).into_iter().map(Line::raw));
    }
    if let Some(src) = &s.source {
        out.push(Line::from(Span::styled("Source", dim)));
        out.extend(
            widgets::wrap(src, w)
                .into_iter()
                .map(|l| Line::from(Span::styled(l, dim))),
        );
    }
    lines(buf, inner, &out);
}

/// Driven through the application, as the user drives it.
#[cfg(test)]
mod through_the_app {
    use crate::tui::testing::*;

    #[test]
    fn body_filter_shows_one_body_until_escape() {
        let mut a = app();
        key(&mut a, KeyCode::Char('f'));
        let b = a.screens.sessions.body_filter.clone().unwrap();
        assert!(a.screens.sessions.rows.iter().all(|r| match r {
            SessionRow::Session(id) => a.db().sessions[id].body == b,
            SessionRow::PastHeading => true,
        }));
        key(&mut a, KeyCode::Esc);
        assert!(a.screens.sessions.body_filter.is_none());
    }
}

#[cfg(test)]
mod tests {
    use super::window_state;
    use chrono::NaiveDate;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 1, d).unwrap()
    }

    #[test]
    fn an_open_window_says_when_it_closes_not_when_it_opened() {
        assert_eq!(
            window_state(day(10), day(9), day(21)),
            "open, closes in 11 days"
        );
        assert_eq!(window_state(day(21), day(9), day(21)), "open, closes today");
        assert_eq!(
            window_state(day(9), day(9), day(21)),
            "open, closes in 12 days"
        );
        assert_eq!(window_state(day(1), day(9), day(21)), "opens in 8 days");
    }
}
