//! A preview of the chosen session's exports (nomination letter, itineraries), made
//! from the plan as edited, with the command that writes it to a file.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::export::{self, Format, Options, Selection};
use crate::model::Database;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::widgets;

/// The formats in the order the preview cycles through them (readable ones first).
pub const FORMATS: [Format; 6] = [
    Format::Letter,
    Format::Markdown,
    Format::Ics,
    Format::Csv,
    Format::Json,
    Format::Html,
];

#[derive(Debug)]
pub struct Export {
    pub session: Option<String>,
    pub format: usize,
    pub top: usize,
    pub text: Result<String, String>,
}

impl Export {
    pub fn new(app: &App) -> Self {
        let mut e = Export {
            session: app.session.clone(),
            format: 0,
            top: 0,
            text: Ok(String::new()),
        };
        e.render(app.db());
        e
    }

    fn render(&mut self, db: &Database) {
        let Some(session) = &self.session else {
            self.text = Err("choose a session first (1: Sessions)".into());
            return;
        };
        let selection = Selection {
            sessions: vec![session.clone()],
            ..Selection::default()
        };
        let options = Options::default();
        self.text = export::build(db, &selection, &options)
            .map(|it| export::render(FORMATS[self.format], &it, &options))
            .map_err(|e| match e.help {
                Some(h) => format!("{}: {h}", e.message),
                None => e.message,
            });
    }

    pub fn act(&mut self, action: Action, db: &Database) {
        let n = FORMATS.len();
        match action {
            Action::NextField => {
                self.format = (self.format + 1) % n;
                self.top = 0;
                self.render(db);
            }
            Action::PrevField => {
                self.format = (self.format + n - 1) % n;
                self.top = 0;
                self.render(db);
            }
            Action::Up => self.top = self.top.saturating_sub(1),
            Action::Down => self.top += 1,
            Action::PageUp => self.top = self.top.saturating_sub(10),
            Action::PageDown => self.top += 10,
            Action::Top => self.top = 0,
            Action::Bottom => self.top = usize::MAX / 2,
            _ => {}
        }
    }

    pub fn draw(&self, app: &App, area: Rect, buf: &mut Buffer) {
        let t = &app.theme;
        let rect = widgets::centered(area, 100, area.height.saturating_sub(2));
        let inner = super::frame(
            buf,
            rect,
            "Export preview (tab: next format, esc: close)",
            t,
        );
        if inner.is_empty() {
            return;
        }
        let w = inner.width as usize;
        let mut tabs = Vec::new();
        for (i, f) in FORMATS.iter().enumerate() {
            let style = if i == self.format {
                t.tab_active
            } else {
                t.tab
            };
            tabs.push(Span::styled(format!(" {} ", f.as_str()), style));
            tabs.push(Span::raw(" "));
        }
        buf.set_line(inner.x, inner.y, &Line::from(tabs), inner.width);
        let session = self.session.clone().unwrap_or_default();
        let fmt = FORMATS[self.format].as_str();
        let cmd = format!(
            "save first (ctrl-s), then: attache export --session {session} --format {fmt} -o {session}.{}",
            if fmt == "letter" { "txt" } else { fmt }
        );
        if inner.height > 1 {
            buf.set_line(
                inner.x,
                inner.y + 1,
                &Line::from(Span::styled(widgets::fit(&cmd, w), t.dim)),
                inner.width,
            );
        }
        let body = Rect::new(
            inner.x,
            inner.y + 2.min(inner.height),
            inner.width,
            inner.height.saturating_sub(2),
        );
        let lines: Vec<Line> = match &self.text {
            Ok(text) => text
                .lines()
                .map(|l| Line::raw(widgets::fit(l, w)))
                .collect(),
            Err(e) => vec![Line::from(Span::styled(widgets::fit(e, w), t.error))],
        };
        let h = body.height as usize;
        let top = self.top.min(lines.len().saturating_sub(h));
        for (y, line) in lines.iter().skip(top).take(h).enumerate() {
            buf.set_line(body.x, body.y + y as u16, line, body.width);
        }
    }
}
