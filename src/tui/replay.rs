//! Arbitrary bytes replayed as terminal input (keys, mouse, resizes, pastes) against
//! the application, drawing after each event: the fuzz target `tui_input` and the
//! property test in `tests/tui_input.rs` both drive the app this way, looking for a
//! panic in input handling or drawing.
//!
//! Two keys are never produced: `E` (the export dialog writes files under the home
//! folder) and `Ctrl-s`, so that a replay touches nothing outside the database it was
//! given; saving is tested on its own.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::tui::app::App;
use crate::tui::view;

const SPECIAL: [KeyCode; 16] = [
    KeyCode::Up,
    KeyCode::Down,
    KeyCode::Left,
    KeyCode::Right,
    KeyCode::Enter,
    KeyCode::Esc,
    KeyCode::Tab,
    KeyCode::BackTab,
    KeyCode::Backspace,
    KeyCode::Delete,
    KeyCode::PageUp,
    KeyCode::PageDown,
    KeyCode::Home,
    KeyCode::End,
    KeyCode::F(1),
    KeyCode::Char(' '),
];

/// Replay `data` against `app`, drawing after every event. Returns the number of
/// events replayed.
pub fn replay(app: &mut App, data: &[u8]) -> usize {
    let mut bytes = data.iter().copied();
    let mut events = 0;
    while let Some(b) = bytes.next() {
        let mut next = || bytes.next().unwrap_or(0);
        match b {
            // Printable ASCII: typed text and most commands.
            0x20..=0x7e => key(app, KeyCode::Char(printable(b)), KeyModifiers::NONE),
            0x00..=0x0f => key(app, SPECIAL[b as usize], KeyModifiers::NONE),
            // Ctrl with a letter (never s).
            0x10..=0x19 => {
                let c = (b"abcdfghruz")[(b - 0x10) as usize] as char;
                key(app, KeyCode::Char(c), KeyModifiers::CONTROL);
            }
            0x80..=0x9f => {
                let (x, y) = (u16::from(next()), u16::from(next()));
                let kind = match b % 4 {
                    0 => MouseEventKind::Down(MouseButton::Left),
                    1 => MouseEventKind::ScrollDown,
                    2 => MouseEventKind::ScrollUp,
                    _ => MouseEventKind::Up(MouseButton::Left),
                };
                app.on_mouse(MouseEvent {
                    kind,
                    column: x,
                    row: y,
                    modifiers: KeyModifiers::NONE,
                });
            }
            0xa0..=0xaf => {
                let (w, h) = (u16::from(next()) % 220 + 1, u16::from(next()) % 80 + 1);
                app.on_resize(w, h);
            }
            0xb0..=0xbf => {
                let len = usize::from(next() % 32);
                let text: String = (0..len).map(|_| char::from(next())).collect();
                app.on_paste(&text);
            }
            // Non-ASCII text: letters with accents, CJK, emoji.
            _ => {
                let c = ['ë', 'č', '東', '😀', 'Ж', 'ש', '\u{202e}', '\u{1b}'][usize::from(b % 8)];
                key(app, KeyCode::Char(c), KeyModifiers::NONE);
            }
        }
        draw(app);
        events += 1;
        if app.should_quit {
            break;
        }
    }
    events
}

fn printable(b: u8) -> char {
    match b {
        b'E' => 'e',
        b => b as char,
    }
}

fn key(app: &mut App, code: KeyCode, modifiers: KeyModifiers) {
    app.on_key(KeyEvent::new(code, modifiers));
}

fn draw(app: &App) {
    let area = Rect::new(0, 0, app.size.width.max(1), app.size.height.max(1));
    let mut buf = Buffer::empty(area);
    view::render(app, area, &mut buf);
}
