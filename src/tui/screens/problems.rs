//! Problems: every diagnostic of the files and every finding of the planning checks,
//! errors first; Enter shows the item it is about.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{lines, note, panel, split};
use crate::diag::Severity;
use crate::tui::action::Screen;
use crate::tui::app::App;
use crate::tui::derived::Target;
use crate::tui::widgets::{self, cell};

const SHARE: u16 = 55;

pub fn list_area(_app: &App, body: Rect) -> Rect {
    let (l, _) = split(body, SHARE);
    ratatui::widgets::Block::bordered().inner(l)
}

pub fn draw(app: &App, body: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let (l, d) = split(body, SHARE);
    let ps = &app.view.problems;
    let e = ps
        .iter()
        .filter(|p| p.diagnostic.severity == Severity::Error)
        .count();
    let title = format!(
        "Problems · {}, {}",
        crate::diag::plural(e, "error"),
        crate::diag::plural(ps.len() - e, "warning")
    );
    let li = panel(buf, l, &title, true, t);
    if ps.is_empty() {
        lines(buf, li, &[note("no problems found", t)]);
    }
    widgets::list(
        buf,
        li,
        ps.len(),
        Some(app.problems.selected),
        &app.cursor(Screen::Problems).top,
        t.selected,
        |i, w| {
            let p = &ps[i];
            let (label, style) = match p.diagnostic.severity {
                Severity::Error => ("error  ", t.error),
                Severity::Warning if p.clash => ("clash  ", t.error),
                Severity::Warning => ("warning", t.warning),
            };
            Line::from(vec![
                Span::styled(label, style),
                Span::raw(" "),
                Span::raw(cell(&p.diagnostic.message, w.saturating_sub(8))),
            ])
        },
    );
    draw_detail(app, d, buf);
}

fn draw_detail(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let inner = panel(buf, area, "Problem", false, t);
    let Some(p) = app.view.problems.get(app.problems.selected) else {
        return;
    };
    let w = inner.width as usize;
    let mut out: Vec<Line> = Vec::new();
    // The rustc-style rendering: message, place, the line, the help.
    for l in p.diagnostic.render(&app.loaded.sources).lines() {
        let style = if l.starts_with("error") {
            t.error
        } else if l.starts_with("warning") {
            t.warning
        } else {
            t.base
        };
        for part in widgets::wrap(l, w) {
            out.push(Line::from(Span::styled(part, style)));
        }
    }
    out.push(Line::raw(""));
    out.push(match p.target {
        Target::None => Line::raw("fix it in the file, then reload (R)"),
        _ => Line::from(vec![
            Span::styled("enter", t.key),
            Span::raw(format!(": show {}", p.target.describe())),
        ]),
    });
    lines(buf, inner, &out);
}
