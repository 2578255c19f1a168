//! The five screens, one file each. Each is a [`Component`] that owns its rows (built
//! from the database when it changes, or when its own filter changes: typing in the
//! People filter rebuilds the People rows and nothing else), its selection and its
//! scroll, handles its own keys and draws itself. [`View`] is what the shell needs
//! of every screen besides: rebuilding, the list under the mouse.
//!
//! Adding a screen: a file here with its struct, a field in [`Screens`] (and its arm
//! in [`Screens::get`]/[`Screens::get_mut`]), and the [`Screen`] variant with its
//! `show-` action in `action.rs`; its default keys are the file's `keys()`.

pub mod agenda;
pub mod delegation;
pub mod people;
pub mod problems;
pub mod sessions;

use std::cell::Cell;

use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Widget};

use super::action::{Action, Screen};
use super::component::{Component, Ctx};
use super::keymap::Key;
use super::queue::Msg;
use super::theme::Theme;
use crate::model::{Stay, Travel};

/// A list's selection and its first visible row.
#[derive(Debug, Default)]
pub struct Cursor {
    pub selected: usize,
    /// Set while drawing (see [`crate::tui::widgets::scroll_top`]).
    pub top: Cell<usize>,
}

/// What the shell needs of a screen besides being a [`Component`].
pub trait View: Component {
    /// Rebuild the rows after the database (or the chosen session) changed, keeping
    /// the selection on the same item.
    fn refresh(&mut self, ctx: &Ctx);

    /// Before the database changes: note what is selected, if the rows cannot tell
    /// (the problems are rebuilt from scratch).
    fn remember(&mut self, _ctx: &Ctx) {}

    /// The rows of its list, where a click selects.
    fn list_area(&self, ctx: &Ctx, body: Rect) -> Rect;

    fn cursor(&self) -> &Cursor;
    fn cursor_mut(&mut self) -> &mut Cursor;
    fn len(&self) -> usize;

    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Headings (past sessions, sections, days) cannot be selected.
    fn selectable(&self, i: usize) -> bool;

    /// After the selection moved (the Sessions screen chooses the session).
    fn after_move(&mut self, _ctx: &Ctx, _out: &mut Vec<Msg>) {}

    /// Clamp the selection to the rows, off a heading.
    fn settle(&mut self) {
        let len = self.len();
        let c = self.cursor_mut();
        c.selected = c.selected.min(len.saturating_sub(1));
        if !self.selectable(self.cursor().selected) {
            self.skip_headers(1);
        }
    }

    /// Move off a heading in direction `dir` (or the other way at an end).
    fn skip_headers(&mut self, dir: i64) {
        let len = self.len();
        if len == 0 {
            return;
        }
        let start = self.cursor().selected.min(len - 1);
        for d in [dir, -dir] {
            let mut i = start as i64;
            while i >= 0 && (i as usize) < len {
                if self.selectable(i as usize) {
                    self.cursor_mut().selected = i as usize;
                    return;
                }
                i += d;
            }
        }
    }

    /// Up, down, a page, the ends: stepping over headings. Whether it moved.
    fn move_selection(&mut self, action: Action, ctx: &Ctx, out: &mut Vec<Msg>) {
        let len = self.len();
        if len == 0 {
            return;
        }
        let cur = self.cursor().selected as i64;
        let page = ctx.page() as i64;
        let (target, dir) = match action {
            Action::Up => (cur - 1, -1),
            Action::Down => (cur + 1, 1),
            Action::PageUp => (cur - page, -1),
            Action::PageDown => (cur + page, 1),
            Action::Top => (0, 1),
            Action::Bottom => (len as i64 - 1, -1),
            _ => return,
        };
        let mut t = target.clamp(0, len as i64 - 1);
        while t >= 0 && (t as usize) < len && !self.selectable(t as usize) {
            t += dir;
        }
        if t < 0 || t as usize >= len {
            return;
        }
        self.cursor_mut().selected = t as usize;
        self.after_move(ctx, out);
    }

    /// A click at (x, y) in `body` selects the row there; whether it was selected
    /// already (a second click opens it).
    fn click(&mut self, x: u16, y: u16, body: Rect, ctx: &Ctx, out: &mut Vec<Msg>) -> bool {
        let area = self.list_area(ctx, body);
        if !area.contains((x, y).into()) {
            return false;
        }
        let row = self.cursor().top.get() + (y - area.y) as usize;
        if row >= self.len() || !self.selectable(row) {
            return false;
        }
        if self.cursor().selected == row {
            return true;
        }
        self.cursor_mut().selected = row;
        self.after_move(ctx, out);
        false
    }
}

/// The screens, each with its state.
#[derive(Debug, Default)]
pub struct Screens {
    pub sessions: sessions::Sessions,
    pub delegation: delegation::Delegation,
    pub agenda: agenda::Agenda,
    pub people: people::People,
    pub problems: problems::Problems,
}

impl Screens {
    pub fn get(&self, s: Screen) -> &dyn View {
        match s {
            Screen::Sessions => &self.sessions,
            Screen::Delegation => &self.delegation,
            Screen::Agenda => &self.agenda,
            Screen::People => &self.people,
            Screen::Problems => &self.problems,
        }
    }

    pub fn get_mut(&mut self, s: Screen) -> &mut dyn View {
        match s {
            Screen::Sessions => &mut self.sessions,
            Screen::Delegation => &mut self.delegation,
            Screen::Agenda => &mut self.agenda,
            Screen::People => &mut self.people,
            Screen::Problems => &mut self.problems,
        }
    }
}

/// A screen's own default keys (the keymap adds them to the global ones).
pub fn keys(s: Screen) -> Vec<(Key, Action)> {
    match s {
        Screen::Sessions => sessions::keys(),
        Screen::Delegation => delegation::keys(),
        Screen::Agenda => agenda::keys(),
        Screen::People => people::keys(),
        Screen::Problems => Vec::new(),
    }
}

/// Split a screen into a list and a detail pane: side by side when wide (the list
/// getting `list_share` percent of the width), stacked otherwise.
pub fn split(body: Rect, list_share: u16) -> (Rect, Rect) {
    if body.width >= 120 {
        let lw = body.width * list_share / 100;
        (
            Rect::new(body.x, body.y, lw, body.height),
            Rect::new(body.x + lw, body.y, body.width - lw, body.height),
        )
    } else {
        let lh = (body.height * 55 / 100).max(5).min(body.height);
        (
            Rect::new(body.x, body.y, body.width, lh),
            Rect::new(body.x, body.y + lh, body.width, body.height - lh),
        )
    }
}

/// A bordered block with a title; returns the inside.
pub fn panel(buf: &mut Buffer, area: Rect, title: &str, focused: bool, theme: &Theme) -> Rect {
    let block = Block::bordered()
        .border_style(if focused {
            theme.border_focus
        } else {
            theme.border
        })
        .title(Span::styled(
            format!(
                " {} ",
                super::widgets::fit(title, area.width.saturating_sub(4) as usize)
            ),
            theme.title,
        ));
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

/// Draw lines from the top of `area`, cut at its bottom; a line wider than the area
/// is wrapped, continuing under its value when it starts with a label.
pub fn lines(buf: &mut Buffer, area: Rect, lines: &[Line]) {
    let mut y = 0u16;
    for line in lines {
        for part in reflow(line, area.width as usize) {
            if y >= area.height {
                return;
            }
            buf.set_line(area.x, area.y + y, &part, area.width);
            y += 1;
        }
    }
}

/// Split a styled line into lines of at most `w` columns, breaking at spaces when it
/// can. When the first span is a short label, continuation lines are indented by it.
pub fn reflow(line: &Line, w: usize) -> Vec<Line<'static>> {
    use unicode_width::UnicodeWidthChar;
    if line.width() <= w || w == 0 {
        let spans: Vec<Span<'static>> = line
            .spans
            .iter()
            .map(|s| Span::styled(s.content.to_string(), s.style))
            .collect();
        return vec![Line::from(spans)];
    }
    let hang = match line.spans.as_slice() {
        [first, _, ..] if first.width() <= 20 && first.width() * 2 <= w => first.width(),
        _ => 0,
    };
    let chars: Vec<(char, ratatui::style::Style)> = line
        .spans
        .iter()
        .flat_map(|s| s.content.chars().map(move |c| (c, s.style)))
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    let mut first = true;
    while i < chars.len() {
        let indent = if first { 0 } else { hang };
        let avail = w.saturating_sub(indent).max(1);
        // Take as many chars as fit, then back up to the last space.
        let mut used = 0;
        let mut j = i;
        let mut last_space = None;
        while j < chars.len() {
            let cw = chars[j].0.width().unwrap_or(0);
            if used + cw > avail {
                break;
            }
            if chars[j].0 == ' ' {
                last_space = Some(j);
            }
            used += cw;
            j += 1;
        }
        let end = match last_space {
            Some(s) if j < chars.len() && s > i => s,
            _ => j.max(i + 1),
        };
        let mut spans: Vec<Span<'static>> = Vec::new();
        if indent > 0 {
            spans.push(Span::raw(" ".repeat(indent)));
        }
        let first_text = spans.len();
        for (c, style) in &chars[i..end] {
            let n = spans.len();
            match spans.last_mut() {
                Some(last) if n > first_text && last.style == *style => {
                    last.content.to_mut().push(*c)
                }
                _ => spans.push(Span::styled(c.to_string(), *style)),
            }
        }
        out.push(Line::from(spans));
        i = end;
        // Skip the spaces the line broke at.
        while i < chars.len() && chars[i].0 == ' ' && !first {
            i += 1;
        }
        while i < chars.len() && chars[i].0 == ' ' {
            i += 1;
        }
        first = false;
    }
    out
}

/// "in 12 days", "today", "3 days ago".
pub fn relative(today: NaiveDate, day: NaiveDate) -> String {
    let n = (day - today).num_days();
    match n {
        0 => "today".into(),
        1 => "tomorrow".into(),
        -1 => "yesterday".into(),
        n if n > 0 => format!("in {n} days"),
        n => format!("{} days ago", -n),
    }
}

/// The rest of `area` below its first `n` rows.
pub fn below(area: Rect, n: u16) -> Rect {
    let n = n.min(area.height);
    Rect::new(area.x, area.y + n, area.width, area.height - n)
}

/// A dim line, for empty lists and notes.
pub fn note<'a>(text: &str, theme: &Theme) -> Line<'a> {
    Line::from(Span::styled(text.to_string(), theme.dim))
}

/// A journey in one line, times first (place names can be long):
/// `Sun 07 Mar 08:00 → 10:05  flight OS 502  Rome → Vienna`.
pub fn journey_line(t: &Travel) -> String {
    let mode = [
        Some(t.mode.as_str()),
        t.carrier.as_deref(),
        t.number.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let arrive = if t.arrive.local.date() == t.depart.local.date() {
        t.arrive.local.format("%H:%M")
    } else {
        t.arrive.local.format("%a %d %b %H:%M")
    };
    format!(
        "{} → {arrive}  {mode}  {} → {}",
        t.depart.local.format("%a %d %b %H:%M"),
        t.from,
        t.to,
    )
}

/// A hotel stay in one line: `Hotel Post  Sun 07 Mar → Sat 13 Mar (6 nights)`.
pub fn stay_line(s: &Stay) -> String {
    let nights = (s.check_out - s.check_in).num_days().max(0) as usize;
    format!(
        "{}  {} → {} ({})",
        s.name,
        s.check_in.format("%a %d %b"),
        s.check_out.format("%a %d %b"),
        crate::diag::plural(nights, "night")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reflow_hangs_under_the_label() {
        let line = Line::from(vec![
            Span::raw("Label     "),
            Span::raw("one two three four"),
        ]);
        let out: Vec<String> = reflow(&line, 20).iter().map(|l| l.to_string()).collect();
        assert_eq!(out, vec!["Label     one two", "          three four"]);
        let long = Line::raw("abcdefghij");
        assert_eq!(reflow(&long, 4).len(), 3);
        assert_eq!(reflow(&Line::raw("東京東京"), 3).len(), 4);
    }
}

/// Driven through the application, as the user drives it.
#[cfg(test)]
mod through_the_app {
    use crate::tui::testing::*;

    #[test]
    fn navigation_skips_headings() {
        let mut a = app();
        a.update(Action::ShowDelegation);
        let before = a.screens.delegation.cursor.selected;
        a.update(Action::Down);
        assert!(
            a.screens
                .delegation
                .selectable(a.screens.delegation.cursor.selected)
        );
        assert!(
            a.screens.delegation.cursor.selected > before + 1,
            "stepped over a section heading"
        );
        a.update(Action::Bottom);
        a.update(Action::Top);
        assert_eq!(a.selected_delegate().as_deref(), Some("esempio"));
        // Moving on the Sessions screen chooses the session.
        a.update(Action::ShowSessions);
        a.update(Action::Top);
        assert_ne!(a.session.as_deref(), Some("cnd-70"));
    }
}
