//! Colours and text styles. With `NO_COLOR` set every style is plain or uses only
//! bold, reverse and underline, so nothing depends on colour alone.

use ratatui::style::{Color, Modifier, Style};

use super::config::ThemeKind;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    pub base: Style,
    pub tab: Style,
    pub tab_active: Style,
    pub border: Style,
    pub border_focus: Style,
    pub title: Style,
    pub heading: Style,
    pub selected: Style,
    pub dim: Style,
    pub error: Style,
    pub warning: Style,
    pub ok: Style,
    pub key: Style,
    pub status: Style,
    pub unsaved: Style,
    pub block: Style,
    pub block_selected: Style,
    pub clash: Style,
    pub cancelled: Style,
    pub input: Style,
}

impl Theme {
    pub fn new(kind: ThemeKind, no_color: bool) -> Self {
        if no_color {
            return Self::plain();
        }
        let (fg, dim, accent, bg_status, block_bg) = match kind {
            ThemeKind::Dark => (
                Color::Reset,
                Color::DarkGray,
                Color::Cyan,
                Color::DarkGray,
                Color::Blue,
            ),
            ThemeKind::Light => (
                Color::Reset,
                Color::Gray,
                Color::Blue,
                Color::Gray,
                Color::LightBlue,
            ),
        };
        let b = Modifier::BOLD;
        Self {
            base: Style::new().fg(fg),
            tab: Style::new(),
            tab_active: Style::new().fg(accent).add_modifier(b | Modifier::REVERSED),
            border: Style::new().fg(dim),
            border_focus: Style::new().fg(accent),
            title: Style::new().add_modifier(b),
            heading: Style::new().fg(accent).add_modifier(b),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            dim: Style::new().fg(dim),
            error: Style::new().fg(Color::Red).add_modifier(b),
            warning: Style::new().fg(Color::Yellow),
            ok: Style::new().fg(Color::Green),
            key: Style::new().fg(accent).add_modifier(b),
            status: Style::new().bg(bg_status),
            unsaved: Style::new().fg(Color::Yellow).add_modifier(b),
            block: Style::new().bg(block_bg).fg(Color::White),
            block_selected: Style::new()
                .bg(Color::White)
                .fg(Color::Black)
                .add_modifier(b),
            clash: Style::new().bg(Color::Red).fg(Color::White),
            cancelled: Style::new().fg(dim).add_modifier(Modifier::CROSSED_OUT),
            input: Style::new().add_modifier(Modifier::UNDERLINED),
        }
    }

    /// No colours: `NO_COLOR`.
    pub fn plain() -> Self {
        let b = Modifier::BOLD;
        Self {
            base: Style::new(),
            tab: Style::new(),
            tab_active: Style::new().add_modifier(Modifier::REVERSED),
            border: Style::new(),
            border_focus: Style::new().add_modifier(b),
            title: Style::new().add_modifier(b),
            heading: Style::new().add_modifier(b),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            dim: Style::new(),
            error: Style::new().add_modifier(b),
            warning: Style::new(),
            ok: Style::new(),
            key: Style::new().add_modifier(b),
            status: Style::new(),
            unsaved: Style::new().add_modifier(b),
            block: Style::new().add_modifier(Modifier::REVERSED),
            block_selected: Style::new().add_modifier(b | Modifier::UNDERLINED),
            clash: Style::new().add_modifier(b | Modifier::REVERSED),
            cancelled: Style::new().add_modifier(Modifier::CROSSED_OUT),
            input: Style::new().add_modifier(Modifier::UNDERLINED),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_means_no_colours() {
        let t = Theme::new(ThemeKind::Dark, true);
        let styles = [
            t.base,
            t.tab,
            t.tab_active,
            t.border,
            t.border_focus,
            t.title,
            t.heading,
            t.selected,
            t.dim,
            t.error,
            t.warning,
            t.ok,
            t.key,
            t.status,
            t.unsaved,
            t.block,
            t.block_selected,
            t.clash,
            t.cancelled,
            t.input,
        ];
        for s in styles {
            assert_eq!((s.fg, s.bg), (None, None), "{s:?}");
        }
        // Selection and clashes stay visible without colour.
        assert!(t.selected.add_modifier.contains(Modifier::REVERSED));
        assert!(t.clash.add_modifier.contains(Modifier::REVERSED));
        assert_ne!(
            Theme::new(ThemeKind::Light, false),
            Theme::new(ThemeKind::Dark, false)
        );
    }
}
