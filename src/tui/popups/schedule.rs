//! One delegate's own schedule (`s` on Delegation): their days at the session in time
//! order (arrival, journeys, hotel, session days, meetings, departure) with their home
//! time beside the venue's.
//!
//! It is the export's itinerary ([`itinerary::build`]) drawn in the terminal, worded by
//! the same [`describe`] as the Markdown and HTML ones: what a delegate reads in the
//! file they are sent is what the lead reads here, item for item.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::export::describe::{describe, role_label};
use crate::export::itinerary::{self, Itinerary, Options, Selection};
use crate::export::text::{short_date, span};
use crate::ids::{PersonId, SessionId};
use crate::model::{Database, DayOrTime};
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx};
use crate::tui::keymap::Context;
use crate::tui::popups::help::page;
use crate::tui::queue::Msg;
use crate::tui::theme::Theme;
use crate::tui::widgets;

#[derive(Debug, Clone)]
pub struct Schedule {
    pub session: SessionId,
    pub person: PersonId,
    pub top: usize,
}

impl Schedule {
    pub fn new(session: &str, person: &str) -> Self {
        Self {
            session: session.into(),
            person: person.into(),
            top: 0,
        }
    }

    /// The person's itinerary for the session, with home times.
    fn itinerary(&self, db: &Database) -> Result<Itinerary, String> {
        let selection = Selection {
            sessions: vec![self.session.to_string()],
            people: vec![self.person.to_string()],
            section: None,
        };
        let options = Options {
            home_time: true,
            ..Options::default()
        };
        itinerary::build(db, &selection, &options).map_err(|e| e.message)
    }
}

/// Every line of the schedule, at `width` columns.
pub fn lines(me: &Schedule, ctx: &Ctx, width: usize) -> Vec<Line<'static>> {
    let t = ctx.theme;
    let it = match me.itinerary(ctx.db) {
        Ok(it) => it,
        Err(e) => return vec![Line::from(Span::styled(widgets::fit(&e, width), t.error))],
    };
    let (Some(person), Some(session)) = (it.people.first(), it.sessions.first()) else {
        return vec![Line::from(Span::styled("nothing to show", t.dim))];
    };
    let mut out = header(person, session, ctx, width);
    let described: Vec<_> = person.items.iter().map(|i| describe(i, session)).collect();
    // The time column fits the longest time (a journey's, with its zone), within reason.
    let time_w = described
        .iter()
        .map(|d| widgets::width(&d.time) + 4)
        .max()
        .unwrap_or(0)
        .clamp(12, (width / 3).max(12));
    let mut day = None;
    for (item, d) in person.items.iter().zip(&described) {
        if day != Some(item.day) {
            day = Some(item.day);
            out.push(Line::raw(""));
            out.push(Line::from(Span::styled(
                item.day.format("%A %d %B %Y").to_string(),
                t.heading,
            )));
        }
        out.extend(item_lines(d, home_time(item).as_deref(), time_w, width, t));
    }
    out
}

/// Who, in which role, when they come and go, and in which zones the times are.
fn header(
    person: &itinerary::PersonItinerary,
    session: &itinerary::SessionInfo,
    ctx: &Ctx,
    width: usize,
) -> Vec<Line<'static>> {
    let t = ctx.theme;
    let mut out = Vec::new();
    if let Some(d) = person.delegation(&session.id) {
        let when = |w: Option<DayOrTime>| {
            w.map_or("not set".to_string(), |w| match w {
                DayOrTime::Day(d) => d.format("%a %d %b").to_string(),
                DayOrTime::Time(t) => t.format("%a %d %b %H:%M").to_string(),
            })
        };
        out.push(widgets::field("Role", role_label(d.role), t.dim));
        out.push(widgets::field(
            "Arrives",
            format!("{} · departs {}", when(d.arrive), when(d.depart)),
            t.dim,
        ));
    }
    let home = person
        .section
        .timezone
        .map_or("unknown".to_string(), |z| z.name().to_string());
    out.push(widgets::field(
        "Times",
        widgets::fit(
            &format!(
                "{} (the venue's); ⌂ {home} (home) where it differs",
                session.timezone.name()
            ),
            width.saturating_sub(16),
        ),
        t.dim,
    ));
    out
}

/// An item's time at home, when the person's home keeps another time: short, the
/// header names the zone (`12:30–14:00 EST`, with the day when it is another).
fn home_time(item: &itinerary::Item) -> Option<String> {
    let itinerary::When::Span { start, end } = &item.when else {
        return None;
    };
    let (hs, he) = (start.home.as_ref()?, end.home.as_ref()?);
    if hs.offset == start.local.offset && he.offset == end.local.offset {
        return None;
    }
    let day = if hs.time.date() != start.local.time.date() {
        format!("{} ", short_date(hs.time.date()))
    } else {
        String::new()
    };
    Some(format!("{day}{}", span(hs, he)))
}

/// An item: its time, its home time when different, its title and flag, then its
/// place (for a meeting) on a second line.
fn item_lines(
    d: &crate::export::describe::Described,
    home: Option<&str>,
    time_w: usize,
    width: usize,
    t: &Theme,
) -> Vec<Line<'static>> {
    let mut spans = vec![Span::raw(widgets::cell(&format!("  {}", d.time), time_w))];
    let mut used = time_w;
    if let Some(home) = home {
        let h = format!("⌂ {home}  ");
        used += widgets::width(&h);
        spans.push(Span::styled(h, t.dim));
    }
    let mut title = d.title.clone();
    if let Some(flag) = d.flag {
        title.push_str(&format!(" ({flag})"));
    }
    spans.push(Span::raw(widgets::fit(&title, width.saturating_sub(used))));
    let mut out = vec![Line::from(spans)];
    if let Some((_, place)) = d
        .details
        .iter()
        .find(|(k, _)| *k == "Where" || *k == "Address")
    {
        out.push(Line::from(Span::styled(
            widgets::fit(&format!("{:time_w$}{place}", ""), width),
            t.dim,
        )));
    }
    out
}

impl Component for Schedule {
    fn context(&self) -> Context {
        Context::Pager
    }

    fn handle(&mut self, action: Action, ctx: &Ctx, out: &mut Vec<Msg>) {
        match action {
            Action::Cancel => out.push(Msg::Close),
            a => {
                let len = lines(self, ctx, width(ctx.size)).len();
                let page = page(ctx.size.height).max(1);
                let max = len.saturating_sub(page);
                self.top = match a {
                    Action::Up => self.top.saturating_sub(1),
                    Action::Down => self.top + 1,
                    Action::PageUp => self.top.saturating_sub(page),
                    Action::PageDown => self.top + page,
                    Action::Top => 0,
                    Action::Bottom => max,
                    _ => self.top,
                }
                .min(max);
            }
        }
    }

    fn draw(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        let rect = widgets::centered(area, 100, area.height.saturating_sub(2));
        let name = ctx.db.person_name(&self.person).to_string();
        let title = format!(
            "{} at {} (esc to close, ↑↓ to scroll)",
            widgets::fit(&name, 30),
            crate::text::printable(&self.session)
        );
        let inner = super::frame(buf, rect, &title, ctx.theme);
        let lines = lines(self, ctx, inner.width as usize);
        let h = inner.height as usize;
        let top = self.top.min(lines.len().saturating_sub(h));
        for (y, line) in lines.iter().skip(top).take(h).enumerate() {
            buf.set_line(inner.x, inner.y + y as u16, line, inner.width);
        }
    }

    fn hints(&self) -> &'static [(Action, &'static str)] {
        &[(Action::Cancel, "close")]
    }
}

/// The schedule's inner width in a window of `size`.
fn width(size: Rect) -> usize {
    size.width.min(100).saturating_sub(2) as usize
}
