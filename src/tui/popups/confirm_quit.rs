//! Asking before something that cannot be taken back: quitting with unsaved changes,
//! deleting a meeting.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::widgets;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    /// Quit with these sessions' plans unsaved.
    Quit {
        sessions: Vec<String>,
    },
    DeleteMeeting {
        id: String,
    },
}

impl Confirm {
    pub fn draw(&self, app: &App, area: Rect, buf: &mut Buffer) {
        let t = &app.theme;
        let km = &app.config.keymap;
        let key = |a: Action| km.hint(Context::Confirm, a).unwrap_or_default();
        let (title, text, choices): (&str, String, Vec<(String, &str)>) = match self {
            Confirm::Quit { sessions } => (
                "Unsaved changes",
                format!(
                    "The plans for {} have unsaved changes.",
                    widgets::fit(&sessions.join(", "), 200)
                ),
                vec![
                    (key(Action::SaveAndQuit), "save and quit"),
                    (key(Action::Yes), "quit without saving"),
                    (key(Action::No), "stay"),
                ],
            ),
            Confirm::DeleteMeeting { id } => (
                "Delete meeting",
                format!(
                    "Delete the meeting {}? (u undoes it until you quit)",
                    crate::text::printable(id)
                ),
                vec![(key(Action::Yes), "delete"), (key(Action::No), "keep it")],
            ),
        };
        let rect = widgets::centered(area, 60, 8);
        let inner = super::frame(buf, rect, title, t);
        let mut lines: Vec<Line> = widgets::wrap(&text, inner.width as usize)
            .into_iter()
            .map(Line::raw)
            .collect();
        lines.push(Line::raw(""));
        let mut spans = Vec::new();
        for (k, what) in choices {
            spans.push(Span::styled(k, t.key));
            spans.push(Span::raw(format!(" {what}   ")));
        }
        lines.push(Line::from(spans));
        for (y, line) in lines.iter().take(inner.height as usize).enumerate() {
            buf.set_line(inner.x, inner.y + y as u16, line, inner.width);
        }
    }
}
