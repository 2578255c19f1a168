//! Delegation: who goes to the chosen session, grouped by section, each with their
//! readiness at a glance (registered, travel, hotel, problems) from
//! [`crate::planning::checks::readiness`].

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{below, lines, note, panel, split};
use super::{journey_line, stay_line};
use crate::model::DayOrTime;
use crate::tui::action::{Action, Screen};
use crate::tui::app::App;
use crate::tui::derived::GroupRow;
use crate::tui::keymap::Context;
use crate::tui::widgets::{self, cell, fit};

const SHARE: u16 = 60;

pub fn list_area(_app: &App, body: Rect) -> Rect {
    let (l, _) = split(body, SHARE);
    below(ratatui::widgets::Block::bordered().inner(l), 1)
}

pub fn day_or_time(d: Option<DayOrTime>) -> String {
    match d {
        None => "–".into(),
        Some(DayOrTime::Day(d)) => d.format("%a %d %b").to_string(),
        Some(DayOrTime::Time(t)) => t.format("%d %b %H:%M").to_string(),
    }
}

pub fn draw(app: &App, body: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let db = app.db();
    let (l, d) = split(body, SHARE);
    let Some(sid) = app.session.as_deref() else {
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
    let limit = session.map_or(crate::model::UN_NGO_LIMIT, |s| s.delegate_limit());
    let title = match session {
        Some(s) => format!(
            "Delegation to {} · {n} of {limit} · nomination letter due {}",
            s.id,
            s.nomination_due().format("%d %b %Y")
        ),
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
    let readiness = &app.view.readiness;
    if app.view.delegation.is_empty() {
        let k = app
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
        app.view.delegation.len(),
        Some(app.delegation.selected),
        &app.cursor(Screen::Delegation).top,
        t.selected,
        |i, w| match &app.view.delegation[i] {
            GroupRow::Section(s) => {
                let name = db.sections.get(s).map_or(s.as_str(), |x| x.name.as_str());
                Line::from(Span::styled(fit(name, w), t.heading))
            }
            GroupRow::Person(p) => {
                let Some(dlg) = plan.and_then(|pl| pl.delegate(p)) else {
                    return Line::raw(fit(p, w));
                };
                let name = db.people.get(p).map_or(p.as_str(), |x| x.name.as_str());
                let r = readiness.iter().find(|r| &r.person == p);
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
                    mark(dlg.registered),
                    mark(r.is_some_and(|r| r.travel_booked)),
                    // Not checked (no dates, or no travel: taken to live nearby)
                    // is not a tick.
                    if !plan.is_some_and(|pl| pl.stays.iter().any(|s| &s.person == p))
                        && (dlg.arrive.is_none()
                            || dlg.depart.is_none()
                            || !r.is_some_and(|r| r.travel_booked))
                    {
                        Span::styled(" –  ", t.dim)
                    } else {
                        mark(r.is_some_and(|r| r.stay_booked))
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
    draw_detail(app, d, buf);
}

fn draw_detail(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let db = app.db();
    let (Some(sid), Some(pid)) = (app.session.as_deref(), app.selected_delegate()) else {
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
                if dlg.registered {
                    ", registered"
                } else {
                    ", NOT registered yet"
                }
            ),
            dim,
        ));
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
            let key = app
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
            .filter(|m| m.attendees.contains(&pid) && !m.is_cancelled())
            .count();
        out.push(widgets::field(
            "Meetings",
            format!("{meetings} (3: Agenda)"),
            dim,
        ));
    }
    let problems = app.delegate_problems(sid, &pid);
    if !problems.is_empty() {
        out.push(Line::from(Span::styled(
            format!("Problems ({})", problems.len()),
            t.warning,
        )));
        for p in problems.iter().take(inner.height as usize) {
            let style = if p.diagnostic.is_error() {
                t.error
            } else {
                t.warning
            };
            widgets::bullet(&mut out, &p.diagnostic.message, w, style);
        }
    }
    lines(buf, inner, &out);
}
