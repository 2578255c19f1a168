//! People: the NGO's sections and people, with a fuzzy filter (`f`), and where each
//! person has been or is going.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{below, lines, note, panel, split};
use crate::tui::action::{Action, Screen};
use crate::tui::app::App;
use crate::tui::derived::GroupRow;
use crate::tui::keymap::Context;
use crate::tui::widgets::{self, cell, fit};

const SHARE: u16 = 55;

pub fn list_area(_app: &App, body: Rect) -> Rect {
    let (l, _) = split(body, SHARE);
    below(ratatui::widgets::Block::bordered().inner(l), 1)
}

pub fn draw(app: &App, body: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let db = app.db();
    let (l, d) = split(body, SHARE);
    let n = app
        .view
        .people
        .iter()
        .filter(|r| matches!(r, GroupRow::Person(_)))
        .count();
    let title = format!("People · {n} of {}", db.people.len());
    let li = panel(buf, l, &title, true, t);
    let w = li.width as usize;
    let filter_line = if app.people_filtering || !app.people_filter.text.is_empty() {
        let mut spans = vec![Span::styled("filter: ", t.key)];
        spans.extend(
            app.people_filter
                .spans(app.people_filtering, w.saturating_sub(8), t),
        );
        Line::from(spans)
    } else {
        let k = app
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
    if app.view.people.is_empty() {
        lines(buf, list, &[note("nobody matches", t)]);
    }
    let name_w = (w / 2).clamp(10, 32);
    widgets::list(
        buf,
        list,
        app.view.people.len(),
        Some(app.people.selected),
        &app.cursor(Screen::People).top,
        t.selected,
        |i, w| match &app.view.people[i] {
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
    draw_detail(app, d, buf);
}

fn draw_detail(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let db = app.db();
    let Some(p) = app.selected_person().and_then(|id| db.people.get(&id)) else {
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
    if let Some(h) = &p.honorific {
        out.push(widgets::field("Honorific", h.as_str(), dim));
    }
    if let Some(pos) = &p.position {
        out.push(widgets::field("Position", pos.as_str(), dim));
    }
    let section = db
        .sections
        .get(&p.section)
        .map_or(p.section.clone(), |s| s.name.clone());
    out.push(widgets::field("Section", section, dim));
    if let Some(e) = &p.email {
        out.push(widgets::field("Email", e.as_str(), dim));
    }
    if let Some(ph) = &p.phone {
        out.push(widgets::field("Phone", ph.as_str(), dim));
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
        out.push(Line::from(Span::styled("  none yet", dim)));
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
