//! The help screen, generated from the keymap in effect: what it lists is what the
//! keys do, rebindings included.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx};
use crate::tui::keymap::Context;
use crate::tui::queue::Msg;
use crate::tui::widgets;

/// The widest the help is drawn, in columns (borders included).
const WIDTH: u16 = 96;

/// The widest the notes under the keys are wrapped to.
const NOTE_WIDTH: usize = 76;

/// The keys' column, indentation included.
const KEYS: usize = 20;

#[derive(Debug, Default)]
pub struct Help {
    pub top: usize,
}

/// The lines the help shows at once in a window `height` rows high (see `draw`).
pub fn page(height: u16) -> usize {
    // The body (height - 2), the popup two rows shorter, its borders.
    height.saturating_sub(2 + 2 + 2) as usize
}

impl Help {
    pub fn scroll(&mut self, action: Action, len: usize, page: usize) {
        let max = len.saturating_sub(page.max(1));
        self.top = match action {
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

/// The columns of text inside the help in a window `width` columns wide (see `draw`).
fn text_width(width: u16) -> usize {
    usize::from(width.min(WIDTH).saturating_sub(2))
}

/// Every line of the help, `width` columns wide at most: the current screen's keys
/// first, then everywhere, the other screens and the popups. What does not fit is
/// wrapped under the description, never cut.
pub fn lines(ctx: &Ctx, width: usize) -> Vec<Line<'static>> {
    let t = ctx.theme;
    let km = &ctx.config.keymap;
    let mut contexts = vec![Context::Screen(ctx.screen), Context::Global];
    for c in Context::all() {
        if !contexts.contains(&c) {
            contexts.push(c);
        }
    }
    let mut out = vec![
        Line::from(Span::styled(
            "Changes stay in memory until you save; every change can be undone.",
            t.dim,
        )),
        Line::raw(""),
    ];
    for c in contexts {
        let entries = km.describe(c);
        if entries.is_empty() {
            continue;
        }
        out.push(Line::from(Span::styled(c.title().to_string(), t.heading)));
        for (action, keys) in entries {
            let keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
            let keys = format!("  {:<w$}", keys.join(" "), w = KEYS - 2);
            let name = format!("[{}]", action.name());
            let room = width.saturating_sub(keys.chars().count()).max(12);
            let said = action.description();
            if widgets::width(said) + 2 + widgets::width(&name) <= room {
                out.push(Line::from(vec![
                    Span::styled(keys, t.key),
                    Span::raw(said.to_string()),
                    Span::styled(format!("  {name}"), t.dim),
                ]));
                continue;
            }
            // Too narrow: the description wrapped under itself, the name below it.
            let indent = " ".repeat(KEYS);
            let mut first = Some(Span::styled(keys, t.key));
            for l in widgets::wrap(said, room) {
                let lead = first.take().unwrap_or_else(|| Span::raw(indent.clone()));
                out.push(Line::from(vec![lead, Span::raw(l)]));
            }
            out.push(Line::from(vec![
                Span::raw(indent.clone()),
                Span::styled(name, t.dim),
            ]));
        }
        out.push(Line::raw(""));
    }
    let mut notes = vec![
        "Text fields: reaching one with tab selects its text, so typing replaces it; ←/→, home and end move, ctrl-u clears.".to_string(),
        "Mouse: click a tab or a row (again to open), wheel to scroll.".to_string(),
        "Files changed on disk by another program are noticed within seconds: you are asked before anything is reloaded, and saving never writes over them.".to_string(),
    ];
    if let Some(dir) = ctx.recovery_dir {
        notes.push(format!(
            "Unsaved plans are copied to {} shortly after each change; after a crash the next start offers to restore them.",
            dir.display()
        ));
    }
    let config = crate::tui::config::default_path()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "(no config folder on this system)".into());
    notes.push(format!(
        "Rebind keys in {config}: [keys] action-name = \"key\" (names in brackets)."
    ));
    for note in notes {
        for l in widgets::wrap(&note, NOTE_WIDTH.min(width)) {
            out.push(Line::from(Span::styled(l, t.dim)));
        }
    }
    out
}

impl Component for Help {
    fn context(&self) -> Context {
        Context::Pager
    }

    fn handle(&mut self, action: Action, ctx: &Ctx, out: &mut Vec<Msg>) {
        match action {
            Action::Cancel => out.push(Msg::Close),
            a => {
                let len = lines(ctx, text_width(ctx.size.width)).len();
                self.scroll(a, len, page(ctx.size.height));
            }
        }
    }

    fn draw(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        let rect = widgets::centered(area, WIDTH, area.height.saturating_sub(2));
        let inner = super::frame(buf, rect, "Keys (esc to close, ↑↓ to scroll)", ctx.theme);
        let lines = lines(ctx, usize::from(inner.width));
        let h = inner.height as usize;
        let top = self.top.min(lines.len().saturating_sub(h));
        for (y, line) in lines.iter().skip(top).take(h).enumerate() {
            buf.set_line(inner.x, inner.y + y as u16, line, inner.width);
        }
    }
}
