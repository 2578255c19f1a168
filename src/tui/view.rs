//! Drawing: the tab bar, the current screen, the status bar and the open popup, from
//! `&App`. Below 80x24 only a note asking for a larger window is drawn; at any size
//! down to 1x1 nothing panics.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::action::{Action, Screen};
use super::app::{App, MessageKind};
use super::keymap::Context;
use super::widgets;

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// The three bands of the window.
#[derive(Debug, Clone, Copy)]
pub struct Areas {
    pub tabs: Rect,
    pub body: Rect,
    pub status: Rect,
}

pub fn areas(size: Rect) -> Areas {
    let h = size.height;
    Areas {
        tabs: Rect::new(size.x, size.y, size.width, h.min(1)),
        body: Rect::new(size.x, size.y + 1.min(h), size.width, h.saturating_sub(2)),
        status: Rect::new(size.x, size.y + h.saturating_sub(1), size.width, h.min(1)),
    }
}

pub fn too_small(size: Rect) -> bool {
    size.width < MIN_WIDTH || size.height < MIN_HEIGHT
}

pub fn draw(app: &App, frame: &mut Frame) {
    let area = frame.area();
    render(app, area, frame.buffer_mut());
}

/// Draw everything into `buf` (the tests draw into a plain buffer).
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    if area.is_empty() {
        return;
    }
    if too_small(area) {
        let text = format!(
            "make the window larger (needs {MIN_WIDTH}x{MIN_HEIGHT}, have {}x{})",
            area.width, area.height
        );
        let lines = widgets::wrap(&text, area.width as usize);
        let h = (lines.len() as u16).min(area.height);
        let rect = Rect::new(area.x, area.y + (area.height - h) / 2, area.width, h);
        Paragraph::new(text)
            .centered()
            .wrap(Wrap { trim: true })
            .render(rect, buf);
        return;
    }
    let a = areas(area);
    draw_tabs(app, a.tabs, buf);
    let ctx = app.ctx();
    app.screens.get(app.screen).draw(&ctx, a.body, buf);
    draw_status(app, a.status, buf);
    if let Some(p) = &app.popup {
        p.component().draw(&ctx, a.body, buf);
    }
    super::graphemes::settle(buf);
}

/// The tab titles with the columns they take, for drawing and for mouse clicks.
fn tab_layout(app: &App) -> Vec<(Screen, String, u16, u16)> {
    let mut x = 0u16;
    let mut out = Vec::new();
    for s in Screen::ALL {
        let mut title = format!(" {} {} ", s.index() + 1, s.title());
        if s == Screen::Problems && !app.checks.problems.is_empty() {
            title = format!(" 5 Problems ({}) ", app.checks.problems.len());
        }
        let w = widgets::width(&title) as u16;
        out.push((s, title, x, x + w));
        x += w + 1;
    }
    out
}

/// The screen whose tab is at (x, y).
pub fn tab_at(app: &App, x: u16, y: u16) -> Option<Screen> {
    if too_small(app.size) || y != areas(app.size).tabs.y {
        return None;
    }
    tab_layout(app)
        .into_iter()
        .find(|(_, _, a, b)| (*a..*b).contains(&x))
        .map(|(s, ..)| s)
}

/// The rows of the current screen's list, where a click selects.
pub fn list_area(app: &App) -> Option<Rect> {
    if too_small(app.size) {
        return None;
    }
    let body = areas(app.size).body;
    Some(app.screens.get(app.screen).list_area(&app.ctx(), body))
}

fn draw_tabs(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let errors = app.checks.index.errors > 0;
    let mut spans = Vec::new();
    for (s, title, _, _) in tab_layout(app) {
        let mut style = if s == app.screen { t.tab_active } else { t.tab };
        if s == Screen::Problems && errors && s != app.screen {
            style = t.error;
        }
        spans.push(Span::styled(title, style));
        spans.push(Span::raw(" "));
    }
    buf.set_line(area.x, area.y, &Line::from(spans), area.width);
    let used: u16 = tab_layout(app).last().map_or(0, |(_, _, _, e)| *e + 1);
    let free = area.width.saturating_sub(used) as usize;
    // The working session, in as many words as fit; after a jump changed it, in the
    // warning colour, with the way back.
    let (texts, style) = match (&app.session, &app.previous_session) {
        (Some(s), Some(prev)) => (
            vec![
                format!(" now {s} · ⌫ back to {prev} "),
                format!(" {s} · ⌫ {prev} "),
                format!(" {s} "),
            ],
            t.warning,
        ),
        (Some(s), None) => (vec![format!(" attaché · {s} "), format!(" {s} ")], t.dim),
        (None, _) => (vec![" attaché ".to_string()], t.dim),
    };
    let Some(right) = texts
        .iter()
        .map(|r| widgets::fit(r, usize::MAX))
        .find(|r| widgets::width(r) <= free)
    else {
        return;
    };
    let rw = widgets::width(&right) as u16;
    buf.set_line(
        area.right() - rw,
        area.y,
        &Line::from(Span::styled(right, style)),
        rw,
    );
}

fn draw_status(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    buf.set_style(area, t.status);
    let mut spans = Vec::new();
    if app.is_dirty() {
        spans.push(Span::styled("[+] ", t.unsaved));
    }
    let refused = app
        .message
        .as_ref()
        .is_some_and(|m| m.text.starts_with("read-only: "));
    if let Some(r) = app.ws.read_only()
        && !refused
    {
        spans.push(Span::styled(
            format!("read-only: {} · ", widgets::fit(&r.note, 40)),
            t.error,
        ));
    }
    if !app.disk_changed.is_empty() {
        let k = app
            .config
            .keymap
            .hint(Context::Global, Action::Reload)
            .unwrap_or_default();
        spans.push(Span::styled(format!("changed on disk ({k}) · "), t.warning));
    }
    match &app.message {
        Some(m) => {
            let style = match m.kind {
                MessageKind::Info => t.base,
                MessageKind::Error => t.error,
            };
            let used: usize = spans.iter().map(|s| s.width()).sum();
            spans.push(Span::styled(
                widgets::fit(&m.text, (area.width as usize).saturating_sub(used)),
                style,
            ));
        }
        None => {
            let ctx = app.context();
            let hints = match &app.popup {
                Some(p) => p.component().hints(),
                None => app.screens.get(app.screen).hints(),
            };
            let km = &app.config.keymap;
            let mut undo = Vec::new();
            if app.is_dirty() {
                undo.push((Action::Save, "save"));
            }
            if app.ws.can_undo() {
                undo.push((Action::Undo, "undo"));
            }
            let mut used: usize = spans.iter().map(|s| s.width()).sum();
            for (action, label) in undo.iter().chain(hints.iter()) {
                // Read-only: no hints for keys that would only be refused.
                if app.read_only() && action.edits() {
                    continue;
                }
                if let Some(k) = km.hint(ctx, *action) {
                    let label = format!(" {label}  ");
                    let w = widgets::width(&k) + widgets::width(&label);
                    if used + w > area.width as usize + 2 {
                        break;
                    }
                    used += w;
                    spans.push(Span::styled(k, t.key));
                    spans.push(Span::raw(label));
                }
            }
        }
    }
    buf.set_line(area.x, area.y, &Line::from(spans), area.width);
}

/// The whole screen as text, one line per row (wide characters once), for tests and
/// snapshots.
pub fn buffer_to_string(buf: &Buffer) -> String {
    let mut out = String::new();
    let w = buf.area.width as usize;
    if w == 0 {
        return out;
    }
    for row in buf.content.chunks(w) {
        let mut skip = 0usize;
        let mut line = String::new();
        for c in row {
            if skip == 0 {
                line.push_str(c.symbol());
            }
            skip = skip.max(widgets::width(c.symbol())).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
