//! Problems: every diagnostic of the files and every finding of the planning checks,
//! errors first; Enter shows the item it is about.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{Cursor, View, lines, note, panel, split};
use crate::diag::Severity;
use crate::tui::action::{Action, Screen};
use crate::tui::component::{Component, Ctx};
use crate::tui::derived::Target;
use crate::tui::keymap::Context;
use crate::tui::queue::Msg;
use crate::tui::widgets::{self, cell};

const SHARE: u16 = 55;

/// Every problem (the list is the checks', [`crate::tui::derived::Checks`]).
#[derive(Debug, Default)]
pub struct Problems {
    pub cursor: Cursor,
    /// The problem selected before the database changed, to stay on it.
    kept: Option<crate::tui::derived::Said>,
    /// How many problems there are (as of the last refresh).
    len_hint: usize,
}

/// The problems in the order shown: every error first (an error stops a save or an
/// export, wherever it is), then the working session's warnings, then the others',
/// each group in the checks' order.
pub fn shown(ctx: &Ctx) -> Vec<usize> {
    let ps = &ctx.checks.problems;
    let working = |i: usize| ctx.session.is_some() && ps[i].target.session() == ctx.session;
    let (mut order, mut theirs) = (Vec::with_capacity(ps.len()), Vec::new());
    let mut mine = Vec::new();
    for (i, p) in ps.iter().enumerate() {
        match (p.is_error(), working(i)) {
            (true, _) => order.push(i),
            (false, true) => mine.push(i),
            (false, false) => theirs.push(i),
        }
    }
    order.extend(mine);
    order.extend(theirs);
    order
}

/// The problem at a row of the list.
fn at<'a>(ctx: &Ctx<'a>, row: usize) -> Option<&'a crate::tui::derived::Problem> {
    shown(ctx).get(row).map(|&i| &ctx.checks.problems[i])
}

impl Component for Problems {
    fn context(&self) -> Context {
        Context::Screen(Screen::Problems)
    }

    fn handle(&mut self, action: Action, ctx: &Ctx, out: &mut Vec<Msg>) {
        match action {
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Top
            | Action::Bottom => self.move_selection(action, ctx, out),
            Action::Open => {
                if let Some(p) = at(ctx, self.cursor.selected) {
                    out.push(Msg::Jump(p.target.clone()));
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
            (Action::Open, "go to item"),
            (Action::Reload, "reload"),
            (Action::Search, "search"),
            (Action::Help, "help"),
            (Action::Quit, "quit"),
        ]
    }
}

impl View for Problems {
    fn remember(&mut self, ctx: &Ctx) {
        self.kept = at(ctx, self.cursor.selected).map(|p| p.said.clone());
    }

    fn refresh(&mut self, ctx: &Ctx) {
        self.len_hint = ctx.checks.problems.len();
        if let Some(d) = self.kept.take()
            && let Some(i) = shown(ctx)
                .iter()
                .position(|&i| ctx.checks.problems[i].said == d)
        {
            self.cursor.selected = i;
        }
        self.settle();
    }

    fn list_area(&self, _ctx: &Ctx, body: Rect) -> Rect {
        let (l, _) = split(body, SHARE);
        ratatui::widgets::Block::bordered().inner(l)
    }

    fn cursor(&self) -> &Cursor {
        &self.cursor
    }

    fn cursor_mut(&mut self) -> &mut Cursor {
        &mut self.cursor
    }

    fn len(&self) -> usize {
        self.len_hint
    }

    fn selectable(&self, i: usize) -> bool {
        i < self.len_hint
    }
}

fn draw(me: &Problems, ctx: &Ctx, body: Rect, buf: &mut Buffer) {
    let t = ctx.theme;
    let (l, d) = split(body, SHARE);
    let ps = &ctx.checks.problems;
    let e = ctx.checks.index.errors;
    let title = match ctx.session {
        Some(s) => format!(
            "Problems · {}, {} · {s}'s first",
            crate::diag::plural(e, "error"),
            crate::diag::plural(ps.len() - e, "warning")
        ),
        None => format!(
            "Problems · {}, {}",
            crate::diag::plural(e, "error"),
            crate::diag::plural(ps.len() - e, "warning")
        ),
    };
    let order = shown(ctx);
    let session_of = |p: &crate::tui::derived::Problem| {
        p.target
            .session()
            .map_or("files".to_string(), |s| s.to_string())
    };
    let longest = ctx.checks.index.session_width;
    let li = panel(buf, l, &title, true, t);
    if ps.is_empty() {
        lines(buf, li, &[note("no problems found", t)]);
    }
    widgets::list(
        buf,
        li,
        ps.len(),
        Some(me.cursor.selected),
        &me.cursor.top,
        t.selected,
        |i, w| {
            let p = &ps[order[i]];
            let (label, style) = match p.severity() {
                Severity::Error => ("error  ", t.error),
                Severity::Warning if p.clash => ("clash  ", t.error),
                Severity::Warning => ("warning", t.warning),
            };
            // Which session it is about, so that sessions are told apart.
            let session = session_of(p);
            let session_w = longest.min(16).min(w / 5);
            Line::from(vec![
                Span::styled(label, style),
                Span::raw(" "),
                Span::styled(cell(&session, session_w), t.dim),
                Span::raw(" "),
                Span::raw(cell(
                    &p.diagnostic().message,
                    w.saturating_sub(9 + session_w),
                )),
            ])
        },
    );
    draw_detail(me, ctx, d, buf);
}

fn draw_detail(me: &Problems, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = ctx.theme;
    let inner = panel(buf, area, "Problem", false, t);
    let Some(p) = at(ctx, me.cursor.selected) else {
        return;
    };
    let w = inner.width as usize;
    let mut out: Vec<Line> = Vec::new();
    // The rustc-style rendering: message, place, the line, the help.
    for l in p.diagnostic().render(ctx.sources).lines() {
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

/// Driven through the application, as the user drives it.
#[cfg(test)]
mod through_the_app {
    use crate::tui::testing::*;

    #[test]
    fn problems_jump_to_their_item() {
        let mut a = app();
        a.update(Action::ShowProblems);
        let ctx = a.ctx();
        let i = super::shown(&ctx)
            .iter()
            .position(|&i| a.checks.problems[i].clash)
            .expect("the sample plan has a clash");
        a.screens.problems.cursor.selected = i;
        key(&mut a, KeyCode::Enter);
        assert_eq!(a.screen, Screen::Agenda);
        assert_eq!(a.selected_meeting().as_deref(), Some("cnd70-vngoc"));
    }
}
