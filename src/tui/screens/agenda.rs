//! Agenda: the chosen session day by day. On top a timeline (hours 08:00-20:00
//! across, days down, meetings as blocks; overlapping meetings get a row each, and
//! meetings in a clash found by the checks are red); below, the meetings as a list.

use crate::ids::MeetingId;
use crate::ids::SessionId;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

use chrono::{NaiveDate, NaiveTime, Timelike};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::{Cursor, View, lines, note, panel, relative};
use crate::model::{Database, Meeting, MeetingStatus, Plan};
use crate::planning::{OpError, Transaction, ops};
use crate::tui::action::{Action, Screen};
use crate::tui::component::{Component, Ctx};
use crate::tui::derived::{self, AgendaRow};
use crate::tui::keymap::{Context, Key};
use crate::tui::popups::Popup;
use crate::tui::popups::confirm_quit::Confirm;
use crate::tui::popups::meeting_form::MeetingForm;
use crate::tui::queue::Msg;
use crate::tui::widgets::{self, cell, fit};

/// How far a meeting moves or grows per key press.
pub const STEP_MINUTES: i64 = 15;

pub fn keys() -> Vec<(Key, Action)> {
    let ch = Key::char;
    vec![
        (ch('n'), Action::NewMeeting),
        (ch('e'), Action::EditMeeting),
        (ch('H'), Action::MoveEarlier),
        (ch('<'), Action::MoveEarlier),
        (ch('L'), Action::MoveLater),
        (ch('>'), Action::MoveLater),
        (ch('+'), Action::Lengthen),
        (ch('='), Action::Lengthen),
        (ch('-'), Action::Shorten),
        (ch('c'), Action::CancelMeeting),
        (ch('d'), Action::DeleteMeeting),
        (
            Key::plain(crossterm::event::KeyCode::Delete),
            Action::DeleteMeeting,
        ),
    ]
}

/// The chosen session's meetings.
#[derive(Debug, Default)]
pub struct Agenda {
    /// The session the rows are of.
    pub session: Option<SessionId>,
    pub rows: Vec<AgendaRow>,
    pub cursor: Cursor,
    pub timeline_top: std::cell::Cell<usize>,
    /// In a window too narrow for the details beside the list: the selected
    /// meeting's details shown in the timeline's place (Enter, Esc).
    pub details: bool,
}

impl Agenda {
    /// The selected meeting's id.
    pub fn selected(&self) -> Option<&MeetingId> {
        match self.rows.get(self.cursor.selected) {
            Some(AgendaRow::Meeting(m)) => Some(m),
            _ => None,
        }
    }

    pub fn select(&mut self, id: &str) {
        if let Some(i) = self
            .rows
            .iter()
            .position(|r| matches!(r, AgendaRow::Meeting(m) if m == id))
        {
            self.cursor.selected = i;
        }
    }

    fn new_meeting(&self, ctx: &Ctx, out: &mut Vec<Msg>) {
        let Some(s) = ctx.session else {
            out.push(Msg::Info("choose a session first (1: Sessions)".into()));
            return;
        };
        let db = ctx.db;
        let day = self
            .selected()
            .and_then(|id| ops::find_meeting(db, id).map(|(p, i)| p.meetings[i].start.date()))
            .or_else(|| db.sessions.get(s).map(|x| x.start))
            .unwrap_or(ctx.today);
        let mut f = MeetingForm::new(db, s, day);
        f.revalidate(db);
        out.push(Msg::Open(Popup::Meeting(Box::new(f))));
    }

    fn edit_meeting(&self, ctx: &Ctx, out: &mut Vec<Msg>) {
        if ctx.read_only {
            out.push(Msg::RefuseReadOnly);
            return;
        }
        let Some(id) = self.selected() else {
            return;
        };
        let db = ctx.db;
        if let Some((plan, i)) = ops::find_meeting(db, id) {
            let mut f = MeetingForm::edit(db, &plan.session, &plan.meetings[i]);
            f.revalidate(db);
            out.push(Msg::Open(Popup::Meeting(Box::new(f))));
        }
    }

    fn meeting_op(
        &self,
        ctx: &Ctx,
        out: &mut Vec<Msg>,
        op: impl FnOnce(&Database, &str) -> Result<Transaction, OpError>,
    ) {
        match self.selected() {
            Some(id) => out.push(Msg::apply(op(ctx.db, id))),
            None => out.push(Msg::Info("no meeting selected".into())),
        }
    }
}

impl Component for Agenda {
    fn context(&self) -> Context {
        Context::Screen(Screen::Agenda)
    }

    fn handle(&mut self, action: Action, ctx: &Ctx, out: &mut Vec<Msg>) {
        let needs_meeting = matches!(
            action,
            Action::EditMeeting
                | Action::MoveEarlier
                | Action::MoveLater
                | Action::Lengthen
                | Action::Shorten
                | Action::CancelMeeting
                | Action::DeleteMeeting
        );
        if needs_meeting && self.selected().is_none() {
            out.push(Msg::Info("no meeting selected (n adds one)".into()));
            return;
        }
        let step = STEP_MINUTES;
        match action {
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Top
            | Action::Bottom => self.move_selection(action, ctx, out),
            Action::Open if !wide(ctx.size.width) => self.details = !self.details,
            Action::Back => self.details = false,
            Action::Open | Action::EditMeeting => self.edit_meeting(ctx, out),
            Action::NewMeeting => self.new_meeting(ctx, out),
            Action::MoveEarlier => self.meeting_op(ctx, out, |db, id| {
                ops::move_meeting(db, &MeetingId::from(id), -step)
            }),
            Action::MoveLater => self.meeting_op(ctx, out, |db, id| {
                ops::move_meeting(db, &MeetingId::from(id), step)
            }),
            Action::Lengthen => self.meeting_op(ctx, out, |db, id| {
                ops::resize_meeting(db, &MeetingId::from(id), step)
            }),
            Action::Shorten => self.meeting_op(ctx, out, |db, id| {
                ops::resize_meeting(db, &MeetingId::from(id), -step)
            }),
            Action::CancelMeeting => self.meeting_op(ctx, out, |db, id| {
                let cancelled =
                    ops::find_meeting(db, id).is_some_and(|(p, i)| p.meetings[i].is_cancelled());
                let status = if cancelled {
                    MeetingStatus::Proposed
                } else {
                    MeetingStatus::Cancelled
                };
                ops::set_meeting_status(db, &MeetingId::from(id), status)
            }),
            Action::DeleteMeeting => {
                if let Some(id) = self.selected() {
                    out.push(Msg::Open(Popup::Confirm(Confirm::DeleteMeeting {
                        id: id.into(),
                    })));
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
            (Action::Open, "details"),
            (Action::NewMeeting, "new"),
            (Action::EditMeeting, "edit"),
            (Action::DeleteMeeting, "delete"),
            (Action::CancelMeeting, "cancel"),
            (Action::MoveEarlier, "earlier"),
            (Action::MoveLater, "later"),
            (Action::Lengthen, "longer"),
            (Action::Shorten, "shorter"),
            (Action::Help, "help"),
        ]
    }
}

impl View for Agenda {
    fn refresh(&mut self, ctx: &Ctx) {
        let keep = if self.session.as_ref() == ctx.session {
            self.selected().cloned()
        } else {
            self.cursor = Cursor::default();
            self.timeline_top.set(0);
            self.session = ctx.session.cloned();
            None
        };
        self.rows = derived::agenda_rows(ctx.db, ctx.session);
        if let Some(m) = keep {
            self.select(&m);
        }
        self.settle();
    }

    fn list_area(&self, ctx: &Ctx, body: Rect) -> Rect {
        let (_, l, _) = layout(self, ctx, body);
        ratatui::widgets::Block::bordered().inner(l)
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
        matches!(self.rows.get(i), Some(AgendaRow::Meeting(_)))
    }
}

/// The hours the timeline shows.
pub const FIRST_HOUR: u32 = 8;
pub const LAST_HOUR: u32 = 20;
const LABEL_W: u16 = 11;

/// Whether the details fit beside the list.
fn wide(width: u16) -> bool {
    width >= 120
}

/// Rows the list keeps when the details take the timeline's place.
const LIST_WITH_DETAILS: u16 = 7;

/// Timeline on top, list below, and the selected meeting's details: beside the list
/// when wide; when narrow, below it if the window is tall, else in the timeline's
/// place when asked for (Enter).
fn layout(me: &Agenda, ctx: &Ctx, body: Rect) -> (Rect, Rect, Option<Rect>) {
    let rows = timeline_rows(me, ctx).len() as u16;
    let th = (rows + 3).min(body.height / 2).max(4.min(body.height));
    let stack = |top: Rect, list_h: u16| {
        let list_h = list_h.min(top.height);
        (
            Rect::new(top.x, top.y, top.width, list_h),
            Rect::new(top.x, top.y + list_h, top.width, top.height - list_h),
        )
    };
    if !wide(body.width) && me.details {
        let (list, detail) = stack(body, LIST_WITH_DETAILS);
        return (Rect::new(body.x, body.y, body.width, 0), list, Some(detail));
    }
    let timeline = Rect::new(body.x, body.y, body.width, th);
    let rest = Rect::new(body.x, body.y + th, body.width, body.height - th);
    if !wide(rest.width) && rest.height >= 24 {
        let (list, detail) = stack(rest, rest.height / 2);
        return (timeline, list, Some(detail));
    }
    if wide(rest.width) {
        let lw = rest.width * 58 / 100;
        (
            timeline,
            Rect::new(rest.x, rest.y, lw, rest.height),
            Some(Rect::new(rest.x + lw, rest.y, rest.width - lw, rest.height)),
        )
    } else {
        (timeline, rest, None)
    }
}

fn plan<'a>(ctx: &Ctx<'a>) -> Option<&'a Plan> {
    ctx.session.and_then(|s| ctx.db.plans.get(s)).map(|p| &**p)
}

/// The days shown: the session's, widened to any meeting outside them.
fn days(me: &Agenda, ctx: &Ctx) -> Vec<NaiveDate> {
    let db = ctx.db;
    let Some(sid) = ctx.session else {
        return Vec::new();
    };
    let mut first = db.sessions.get(sid).map(|s| s.start);
    let mut last = db.sessions.get(sid).map(|s| s.end);
    for r in &me.rows {
        if let AgendaRow::Day(d) = r {
            first = Some(first.map_or(*d, |f| f.min(*d)));
            last = Some(last.map_or(*d, |l| l.max(*d)));
        }
    }
    let (Some(mut d), Some(last)) = (first, last) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    // A runaway meeting date must not make thousands of rows.
    while d <= last && out.len() < 62 {
        out.push(d);
        d = d.succ_opt().unwrap_or(d);
        if out.last() == Some(&d) {
            break;
        }
    }
    out
}

/// One timeline row: a day and, within it, the meetings of one lane.
struct TimelineRow<'a> {
    day: NaiveDate,
    lane: usize,
    meetings: Vec<&'a Meeting>,
}

fn timeline_rows<'a>(me: &Agenda, ctx: &Ctx<'a>) -> Vec<TimelineRow<'a>> {
    let Some(plan) = plan(ctx) else {
        return days(me, ctx)
            .into_iter()
            .map(|day| TimelineRow {
                day,
                lane: 0,
                meetings: Vec::new(),
            })
            .collect();
    };
    // One pass over the meetings, grouped by day.
    let mut by_day: std::collections::BTreeMap<NaiveDate, Vec<&Meeting>> = Default::default();
    for m in &plan.meetings {
        by_day.entry(m.start.date()).or_default().push(m);
    }
    let mut out = Vec::new();
    for day in days(me, ctx) {
        let mut ms = by_day.remove(&day).unwrap_or_default();
        ms.sort_by_key(|m| (m.start, m.end));
        // Interval partitioning: each meeting goes in the lane that frees up first, if
        // free at its start, else in a new lane (O(n log lanes)).
        let mut lanes: Vec<Vec<&Meeting>> = Vec::new();
        let mut free: BinaryHeap<Reverse<(chrono::NaiveDateTime, usize)>> = BinaryHeap::new();
        for m in ms {
            let lane = match free.peek() {
                Some(Reverse((end, lane))) if *end <= m.start => {
                    let lane = *lane;
                    free.pop();
                    lane
                }
                _ => {
                    lanes.push(Vec::new());
                    lanes.len() - 1
                }
            };
            lanes[lane].push(m);
            free.push(Reverse((m.end.max(m.start), lane)));
        }
        if lanes.is_empty() {
            out.push(TimelineRow {
                day,
                lane: 0,
                meetings: Vec::new(),
            });
        }
        for (lane, meetings) in lanes.into_iter().enumerate() {
            out.push(TimelineRow {
                day,
                lane,
                meetings,
            });
        }
    }
    out
}

fn draw(me: &Agenda, ctx: &Ctx, body: Rect, buf: &mut Buffer) {
    let t = ctx.theme;
    let db = ctx.db;
    let Some(sid) = ctx.session else {
        let inner = panel(buf, body, "Agenda", true, t);
        lines(
            buf,
            inner,
            &[note("choose a session first (1: Sessions)", t)],
        );
        return;
    };
    let (tl, list, detail) = layout(me, ctx, body);
    let tz = db
        .session_tz(sid)
        .map_or("venue time".to_string(), |z| z.name().to_string());
    // An unread plan has meetings nobody can count yet.
    let n = match unread_plan(ctx) {
        Some(_) => "plan not read".to_string(),
        None => crate::diag::plural(plan(ctx).map_or(0, |p| p.meetings.len()), "meeting"),
    };
    let title = format!("Agenda of {sid} · {n} · times in {tz}");
    if tl.height > 0 {
        let ti = panel(buf, tl, &title, false, t);
        draw_timeline(me, ctx, ti, buf);
    }
    let li = panel(buf, list, "Meetings day by day", true, t);
    draw_list(me, ctx, li, buf);
    if let Some(d) = detail {
        draw_detail(me, ctx, d, buf);
    }
}

fn draw_timeline(me: &Agenda, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = ctx.theme;
    if area.height == 0 || area.width <= LABEL_W + 12 {
        return;
    }
    let hours = (LAST_HOUR - FIRST_HOUR) as u16;
    let grid_w = area.width - LABEL_W;
    let cph = (grid_w / hours).max(1);
    let gx = area.x + LABEL_W;
    let col = |time: NaiveTime| -> i64 {
        let minutes = time.hour() as i64 * 60 + time.minute() as i64 - FIRST_HOUR as i64 * 60;
        minutes * cph as i64 / 60
    };
    let width = (cph * hours) as i64;
    // Hour labels.
    let step = if cph >= 3 { 1 } else { 2 };
    for h in (FIRST_HOUR..=LAST_HOUR).step_by(step) {
        let x = gx + (h - FIRST_HOUR) as u16 * cph;
        if x + 2 <= area.right() {
            buf.set_string(x, area.y, format!("{h:02}"), t.dim);
        }
    }
    let rows = timeline_rows(me, ctx);
    let selected = me.selected().cloned();
    let clash = &ctx.checks.index.clashing;
    let session = ctx.session.and_then(|s| ctx.db.sessions.get(s));
    let grid = Rect::new(area.x, area.y + 1, area.width, area.height - 1);
    let sel_row = rows
        .iter()
        .position(|r| r.meetings.iter().any(|m| Some(&m.id) == selected.as_ref()))
        .unwrap_or(0);
    let top = widgets::scroll_top(&me.timeline_top, sel_row, grid.height as usize, rows.len());
    for (y, row) in rows.iter().skip(top).take(grid.height as usize).enumerate() {
        let y = grid.y + y as u16;
        if row.lane == 0 {
            let in_session = session.is_some_and(|s| s.contains_day(row.day));
            let style = if in_session { t.base } else { t.dim };
            buf.set_string(area.x, y, row.day.format("%a %d %b").to_string(), style);
        }
        // Hour ticks.
        for h in 0..=hours {
            let x = gx + h * cph;
            if x < area.right() {
                buf.set_string(x, y, "·", t.dim);
            }
        }
        for m in &row.meetings {
            let (s, e) = (
                col(m.start.time()),
                col(m.end.time()).max(col(m.start.time()) + 1),
            );
            let e = if m.end.date() > m.start.date() {
                width
            } else {
                e
            };
            let style: Style = if Some(&m.id) == selected.as_ref() {
                t.block_selected
            } else if clash.contains(m.id.as_str()) {
                t.clash
            } else if m.is_cancelled() {
                t.cancelled
            } else if unattended(m) {
                t.dim
            } else {
                t.block
            };
            if e <= 0 {
                buf.set_string(gx, y, "◂", style);
                continue;
            }
            if s >= width {
                buf.set_string(gx + width as u16 - 1, y, "▸", style);
                continue;
            }
            let (s, e) = (s.max(0) as u16, e.min(width) as u16);
            let w = (e - s).max(1);
            let label = if m.is_cancelled() {
                format!("×{}", m.title)
            } else {
                m.title.clone()
            };
            buf.set_string(gx + s, y, cell(&label, w as usize), style);
        }
    }
}

/// What the screens say of a plan while a staged start is still reading the plans.
pub(super) const PLANS_PENDING: &str = "the plans are still being read: a moment";

/// What an empty list says when the working session's plan file is there but could
/// not be read, or is not read yet: not "nothing planned", which would be false.
pub(super) fn unread_plan(ctx: &Ctx) -> Option<String> {
    if ctx.plans_pending {
        return Some(PLANS_PENDING.to_string());
    }
    let path = crate::store::unread_plan(ctx.db, ctx.sources, ctx.session?)?;
    Some(format!(
        "{} could not be read: its errors are on the Problems screen; fix them, then R reloads",
        crate::text::printable(&path.display().to_string())
    ))
}

fn draw_list(me: &Agenda, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = ctx.theme;
    let db = ctx.db;
    let session = ctx.session.and_then(|s| db.sessions.get(s));
    if me.rows.is_empty()
        && let Some(unread) = unread_plan(ctx)
    {
        lines(buf, area, &[note(&unread, t)]);
        return;
    }
    if me.rows.is_empty() {
        let k = ctx
            .config
            .keymap
            .hint(
                crate::tui::keymap::Context::Screen(Screen::Agenda),
                crate::tui::action::Action::NewMeeting,
            )
            .unwrap_or_default();
        lines(
            buf,
            area,
            &[note(&format!("no meetings yet: press {k} to add one"), t)],
        );
        return;
    }
    let clash = &ctx.checks.index.clashing;
    let troubled = &ctx.checks.index.by_meeting;
    let plan = plan(ctx);
    widgets::list(
        buf,
        area,
        me.rows.len(),
        Some(me.cursor.selected),
        &me.cursor.top,
        t.selected,
        |i, w| match &me.rows[i] {
            AgendaRow::Day(d) => {
                let mut text = d.format("%A %d %B %Y").to_string();
                if let Some(s) = session
                    && !s.contains_day(*d)
                {
                    text.push_str(if *d < s.start {
                        " · before the session"
                    } else {
                        " · after the session"
                    });
                }
                Line::from(Span::styled(fit(&text, w), t.heading))
            }
            AgendaRow::Meeting(id) => {
                let Some(m) = plan.and_then(|p| p.meeting(id)) else {
                    return Line::raw(fit(id, w));
                };
                let mark = if clash.contains(id.as_str()) {
                    Span::styled("‼ ", t.error)
                } else if troubled.contains_key(id.as_str()) {
                    Span::styled("! ", t.warning)
                } else {
                    Span::raw("  ")
                };
                let time = format!("{}–{}", m.start.format("%H:%M"), m.end.format("%H:%M"));
                let extra = format!(
                    "{} · {} · {}{}",
                    m.kind,
                    m.status,
                    crate::diag::plural(m.attendees.len(), "person").replace("persons", "people"),
                    m.room.as_ref().map_or(String::new(), |r| format!(" · {r}"))
                );
                let extra_w = (w / 3).min(40);
                let title_w = w.saturating_sub(2 + 12 + 1 + extra_w + 1);
                let style = if m.is_cancelled() {
                    t.cancelled
                } else if unattended(m) {
                    t.dim
                } else {
                    t.base
                };
                Line::from(vec![
                    mark,
                    Span::styled(cell(&time, 12), style),
                    Span::raw(" "),
                    Span::styled(cell(&m.title, title_w), style),
                    Span::raw(" "),
                    Span::styled(cell(&extra, extra_w), t.dim),
                ])
            }
        },
    );
}

fn draw_detail(me: &Agenda, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = ctx.theme;
    let db = ctx.db;
    let Some(id) = me.selected().cloned() else {
        let inner = panel(buf, area, "Meeting", false, t);
        lines(buf, inner, &[note("no meeting selected", t)]);
        return;
    };
    let Some((plan, i)) = crate::planning::ops::find_meeting(db, &id) else {
        return;
    };
    let m = &plan.meetings[i];
    let inner = panel(buf, area, &m.id, false, t);
    let w = inner.width as usize;
    let dim = t.dim;
    let mut out: Vec<Line> = Vec::new();
    for l in widgets::wrap(&m.title, w) {
        out.push(Line::from(Span::styled(l, t.title)));
    }
    if let Some(with) = &m.with {
        out.push(widgets::field("With", with.as_str(), dim));
    }
    out.push(widgets::field("Kind", m.kind.as_str(), dim));
    let status_style = match m.status {
        crate::model::MeetingStatus::Confirmed => t.ok,
        crate::model::MeetingStatus::Proposed => t.warning,
        crate::model::MeetingStatus::Cancelled => t.dim,
    };
    out.push(Line::from(vec![
        Span::styled(format!("{:<16}", "Status"), dim),
        Span::styled(m.status.as_str(), status_style),
    ]));
    out.push(widgets::field(
        "When",
        format!(
            "{} {}–{} ({})",
            m.start.format("%a %d %b"),
            m.start.format("%H:%M"),
            m.end.format("%H:%M"),
            relative(ctx.today, m.start.date())
        ),
        dim,
    ));
    if let Some(home) = home_time(db, &plan.session, m, ctx.config.home_tz) {
        out.push(widgets::field("Home time", home, dim));
    }
    match &m.address {
        Some(address) => {
            out.push(widgets::field("At", m.room.as_deref().unwrap_or("–"), dim));
            out.push(widgets::field("Address", address.as_str(), dim));
        }
        None => out.push(widgets::field(
            "Room",
            m.room.as_deref().unwrap_or("–"),
            dim,
        )),
    }
    if m.is_programme() {
        out.push(widgets::field(
            "Programme",
            "an item of the official programme",
            dim,
        ));
        if let Some(from) = m.moved_from {
            let moved = format!(
                "moved from {} (tell the attendees)",
                from.format("%a %d %b %H:%M")
            );
            out.push(Line::from(vec![
                Span::styled(format!("{:<16}", "Changed"), dim),
                Span::styled(moved, t.warning),
            ]));
        }
    }
    if let Some(url) = &m.url {
        out.push(widgets::field("Link", url.as_str(), dim));
    }
    out.push(Line::from(Span::styled("Attendees", dim)));
    if m.attendees.is_empty() && m.is_programme() {
        out.push(Line::from(Span::styled(
            "  nobody goes (e to pick who goes)",
            dim,
        )));
    } else if m.attendees.is_empty() {
        out.push(Line::from(Span::styled("  nobody yet (e to edit)", dim)));
    }
    for a in &m.attendees {
        let name = db.person_name(a);
        out.push(Line::raw(format!("  • {}", fit(name, w.saturating_sub(4)))));
    }
    if let Some(n) = &m.notes {
        out.push(Line::from(Span::styled("Notes", dim)));
        out.extend(widgets::wrap(n, w).into_iter().map(Line::raw));
    }
    for p in ctx
        .checks
        .meeting_problems(&id)
        .into_iter()
        .take(inner.height as usize)
    {
        let style = if p.clash || p.is_error() {
            t.error
        } else {
            t.warning
        };
        widgets::bullet(&mut out, &p.diagnostic().message, w, style);
    }
    lines(buf, inner, &out);
}

/// The meeting's times in the configured home zone, when it differs from the venue's.
fn home_time(
    db: &Database,
    session: &str,
    m: &Meeting,
    home: Option<chrono_tz::Tz>,
) -> Option<String> {
    let home = home?;
    let venue = db.session_tz(session)?;
    if venue == home {
        return None;
    }
    let s = crate::time::resolve_local(venue, m.start)
        .ok()?
        .with_timezone(&home);
    let e = crate::time::resolve_local(venue, m.end)
        .ok()?
        .with_timezone(&home);
    Some(format!(
        "{}–{} {}",
        s.format("%a %H:%M"),
        e.format("%H:%M"),
        home.name()
    ))
}

/// Driven through the application, as the user drives it.
/// An item of the official programme that nobody of the delegation attends: drawn
/// dimmed, beside the meetings that are the delegation's.
fn unattended(m: &crate::model::Meeting) -> bool {
    m.is_programme() && m.attendees.is_empty()
}

#[cfg(test)]
mod through_the_app {
    use crate::tui::testing::*;

    #[test]
    fn move_resize_undo_redo() {
        let mut a = app();
        key(&mut a, KeyCode::Char('3'));
        assert_eq!(a.screen, Screen::Agenda);
        a.select_meeting("cnd70-csu");
        key(&mut a, KeyCode::Char('L'));
        key(&mut a, KeyCode::Char('>'));
        let m = meeting(&a, "cnd70-csu");
        assert_eq!((m.start, m.end), (at(14, 0), at(15, 0)));
        assert!(a.is_dirty());
        assert_eq!(
            a.selected_meeting().as_deref(),
            Some("cnd70-csu"),
            "selection follows the meeting"
        );
        key(&mut a, KeyCode::Char('+'));
        assert_eq!(meeting(&a, "cnd70-csu").end, at(15, 15));
        key(&mut a, KeyCode::Char('-'));
        key(&mut a, KeyCode::Char('-'));
        assert_eq!(meeting(&a, "cnd70-csu").end, at(14, 45));
        key(&mut a, KeyCode::Char('H'));
        key(&mut a, KeyCode::Char('<'));
        assert_eq!(meeting(&a, "cnd70-csu").start, at(13, 30));
        // Undo all seven changes, step by step.
        for _ in 0..7 {
            key(&mut a, KeyCode::Char('u'));
        }
        let m = meeting(&a, "cnd70-csu");
        assert_eq!((m.start, m.end), (at(13, 30), at(14, 30)));
        assert!(!a.is_dirty());
        key(&mut a, KeyCode::Char('u'));
        assert_eq!(a.message.as_ref().unwrap().text, "nothing to undo");
        ctrl(&mut a, 'r');
        assert_eq!(meeting(&a, "cnd70-csu").start, at(13, 45));
        assert!(
            a.message
                .as_ref()
                .unwrap()
                .text
                .starts_with("redone: moved")
        );
        assert!(a.is_dirty());
        assert!(a.generation() > 0);
    }

    #[test]
    fn refused_operation_shows_the_domain_message() {
        let mut a = app();
        a.update(Action::ShowAgenda);
        a.select_meeting("cnd70-passes"); // 45 minutes
        for _ in 0..3 {
            a.update(Action::Shorten);
        }
        let m = a.message.clone().unwrap();
        assert_eq!(m.kind, MessageKind::Error);
        assert!(m.text.contains("as it starts"), "{}", m.text);
    }

    #[test]
    fn delete_asks_first_and_undoes() {
        let mut a = app();
        a.update(Action::ShowAgenda);
        a.select_meeting("cnd70-lab-visit");
        key(&mut a, KeyCode::Char('d'));
        assert!(matches!(
            a.popup,
            Some(Popup::Confirm(Confirm::DeleteMeeting { .. }))
        ));
        key(&mut a, KeyCode::Char('n'));
        assert!(ops::find_meeting(a.db(), "cnd70-lab-visit").is_some());
        key(&mut a, KeyCode::Char('d'));
        key(&mut a, KeyCode::Char('y'));
        assert!(ops::find_meeting(a.db(), "cnd70-lab-visit").is_none());
        key(&mut a, KeyCode::Char('u'));
        assert!(ops::find_meeting(a.db(), "cnd70-lab-visit").is_some());
    }
}
