//! Popups drawn over the screens, one file each. A popup takes the keys while it is
//! open: its own bindings first (submit, cancel, next field...), then typed text.

pub mod accreditation_form;
pub mod assign;
pub mod confirm_quit;
pub mod export;
pub mod form;
pub mod help;
pub mod item_form;
pub mod logistics;
pub mod meeting_form;
pub mod person_form;
pub mod schedule;
pub mod search;
pub mod session_form;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

use crossterm::event::{KeyCode, KeyModifiers};

use super::action::Action;
use super::component::{Component, Ctx};
use super::keymap::{Context, Key};
use super::theme::Theme;
use super::widgets;

#[derive(Debug)]
pub enum Popup {
    Help(help::Help),
    Search(search::Search),
    Meeting(Box<meeting_form::MeetingForm>),
    Assign(assign::Assign),
    Delegate(assign::DelegateForm),
    Confirm(confirm_quit::Confirm),
    Export(export::Export),
    Logistics(logistics::Logistics),
    Item(Box<item_form::ItemForm>),
    Session(Box<session_form::SessionForm>),
    Accreditation(Box<accreditation_form::AccreditationForm>),
    Person(Box<person_form::PersonForm>),
    Section(Box<person_form::SectionForm>),
    Schedule(schedule::Schedule),
}

impl Popup {
    /// The popup as the component it is.
    pub fn component(&self) -> &dyn Component {
        match self {
            Popup::Help(p) => p,
            Popup::Search(p) => p,
            Popup::Meeting(p) => p.as_ref(),
            Popup::Assign(p) => p,
            Popup::Delegate(p) => p,
            Popup::Confirm(p) => p,
            Popup::Export(p) => p,
            Popup::Logistics(p) => p,
            Popup::Item(p) => p.as_ref(),
            Popup::Session(p) => p.as_ref(),
            Popup::Accreditation(p) => p.as_ref(),
            Popup::Person(p) => p.as_ref(),
            Popup::Section(p) => p.as_ref(),
            Popup::Schedule(p) => p,
        }
    }

    pub fn component_mut(&mut self) -> &mut dyn Component {
        match self {
            Popup::Help(p) => p,
            Popup::Search(p) => p,
            Popup::Meeting(p) => p.as_mut(),
            Popup::Assign(p) => p,
            Popup::Delegate(p) => p,
            Popup::Confirm(p) => p,
            Popup::Export(p) => p,
            Popup::Logistics(p) => p,
            Popup::Item(p) => p.as_mut(),
            Popup::Session(p) => p.as_mut(),
            Popup::Accreditation(p) => p.as_mut(),
            Popup::Person(p) => p.as_mut(),
            Popup::Section(p) => p.as_mut(),
            Popup::Schedule(p) => p,
        }
    }

    /// Which keymap context applies while this popup is open.
    pub fn context(&self) -> Context {
        self.component().context()
    }
}

/// A form that cannot be applied as it stands (its messages are in the form).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Invalid;

/// A one-line text input with a cursor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextField {
    pub text: String,
    /// In characters.
    pub cursor: usize,
    /// The whole text is selected, as when a form field is reached with tab: typing
    /// replaces it, backspace clears it, an arrow key starts editing it.
    pub replace: bool,
    /// Line breaks are kept (notes); else a pasted line break becomes a space.
    pub multiline: bool,
}

/// A text of several lines on one line: each line break shown as `↵`, one character
/// for one, so that the cursor stays where it is in the text.
fn shown_breaks(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('\n') {
        text.replace('\n', "↵").into()
    } else {
        text.into()
    }
}

impl TextField {
    pub fn new(text: &str) -> Self {
        Self {
            text: text.to_string(),
            cursor: text.chars().count(),
            replace: false,
            multiline: false,
        }
    }

    /// A field of several lines (notes): pasted line breaks are kept, shown as `↵`.
    pub fn lines(text: &str) -> Self {
        Self {
            multiline: true,
            ..Self::new(text)
        }
    }

    /// Replace the text, the cursor at its end; the kind of field stays.
    pub fn set_text(&mut self, text: &str) {
        *self = Self {
            multiline: self.multiline,
            ..Self::new(text)
        };
    }

    /// Select the whole text (when the field is reached), so that typing replaces it.
    pub fn select_all(&mut self) {
        self.replace = !self.text.is_empty();
        self.cursor = self.text.chars().count();
    }

    fn byte(&self, char_index: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_index)
            .map_or(self.text.len(), |(i, _)| i)
    }

    /// Apply an editing key; returns whether the text or cursor changed.
    pub fn input(&mut self, key: Key) -> bool {
        if std::mem::take(&mut self.replace) {
            match (key.code, key.mods) {
                (KeyCode::Char(c), m)
                    if !m.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
                        && !c.is_control() =>
                {
                    self.text.clear();
                    self.cursor = 0;
                }
                (KeyCode::Backspace | KeyCode::Delete, _) => {
                    self.text.clear();
                    self.cursor = 0;
                    return true;
                }
                (KeyCode::Left | KeyCode::Right | KeyCode::Home | KeyCode::End, _) => {
                    // Leaving the selection is a change the user sees.
                    let len = self.text.chars().count();
                    self.cursor = match key.code {
                        KeyCode::Home => 0,
                        KeyCode::Left => len.saturating_sub(1),
                        _ => len,
                    };
                    return true;
                }
                _ => {}
            }
        }
        let len = self.text.chars().count();
        match (key.code, key.mods) {
            (KeyCode::Char('u'), KeyModifiers::CONTROL) => {
                self.text.clear();
                self.cursor = 0;
            }
            (KeyCode::Char('a'), KeyModifiers::CONTROL) | (KeyCode::Home, _) => self.cursor = 0,
            (KeyCode::Char('e'), KeyModifiers::CONTROL) | (KeyCode::End, _) => self.cursor = len,
            (KeyCode::Char(c), m) if !m.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) => {
                if c.is_control() {
                    return false;
                }
                let at = self.byte(self.cursor);
                self.text.insert(at, c);
                self.cursor += 1;
            }
            (KeyCode::Backspace, _) if self.cursor > 0 => {
                let at = self.byte(self.cursor - 1);
                self.text.remove(at);
                self.cursor -= 1;
            }
            (KeyCode::Delete, _) if self.cursor < len => {
                let at = self.byte(self.cursor);
                self.text.remove(at);
            }
            (KeyCode::Left, _) if self.cursor > 0 => self.cursor -= 1,
            (KeyCode::Right, _) if self.cursor < len => self.cursor += 1,
            _ => return false,
        }
        true
    }

    /// Insert pasted text; it replaces a selected text. Its line breaks (`\n`,
    /// `\r\n`, `\r`, U+2028, U+2029) stay in a field of several lines, and are a
    /// space in a one-line field, so that the lines are never glued together; tabs
    /// are spaces; other control characters are dropped.
    pub fn paste(&mut self, s: &str) {
        if std::mem::take(&mut self.replace) {
            self.text.clear();
            self.cursor = 0;
        }
        let text = s
            .replace("\r\n", "\n")
            .replace(['\r', '\u{2028}', '\u{2029}'], "\n");
        let mut pasted = String::with_capacity(text.len());
        for c in text.chars() {
            match c {
                '\n' if self.multiline => pasted.push('\n'),
                '\n' | '\t' => {
                    if !pasted.ends_with(' ') {
                        pasted.push(' ');
                    }
                }
                c if c.is_control() => {}
                c => pasted.push(c),
            }
        }
        let at = self.byte(self.cursor);
        self.text.insert_str(at, &pasted);
        self.cursor += pasted.chars().count();
    }

    /// The field as spans fitting `w` columns, with the cursor shown when focused.
    pub fn spans(&self, focused: bool, w: usize, theme: &Theme) -> Vec<Span<'static>> {
        let shown = crate::text::printable(&shown_breaks(&self.text)).into_owned();
        if !focused {
            return vec![Span::styled(widgets::cell(&shown, w), theme.input)];
        }
        if self.replace {
            let text = widgets::fit(&shown, w.saturating_sub(1));
            let pad = w.saturating_sub(widgets::width(&text));
            return vec![
                Span::styled(text, theme.selected),
                Span::styled(" ".repeat(pad), theme.input),
            ];
        }
        // Escapes make the shown text longer than the raw one: place the cursor by the
        // shown prefix.
        let raw_before: String = shown_breaks(&self.text).chars().take(self.cursor).collect();
        let before = crate::text::printable(&raw_before).into_owned();
        let after = shown[before.len().min(shown.len())..].to_string();
        let mut after_chars = after.chars();
        let at = after_chars
            .next()
            .map_or(" ".to_string(), |c| c.to_string());
        let rest: String = after_chars.collect();
        // Keep the cursor visible: cut the start of long text.
        let avail = w.saturating_sub(1);
        let mut before_vis = before.clone();
        while widgets::width(&before_vis) > avail && !before_vis.is_empty() {
            before_vis.remove(0);
        }
        let used = widgets::width(&before_vis) + widgets::width(&at);
        let rest = widgets::cell(&rest, w.saturating_sub(used));
        vec![
            Span::styled(before_vis, theme.input),
            Span::styled(at, theme.selected),
            Span::styled(rest, theme.input),
        ]
    }
}

/// The next field of a form after `action` (Tab forward, Shift-Tab back, wrapping), or
/// `None` when the action does not move between fields.
pub fn step_focus(
    focus: usize,
    fields: usize,
    action: crate::tui::action::Action,
) -> Option<usize> {
    match action {
        crate::tui::action::Action::NextField => Some((focus + 1) % fields),
        crate::tui::action::Action::PrevField => Some((focus + fields - 1) % fields),
        _ => None,
    }
}

/// One hint of a popup's key line: an action (shown by its key in effect) or a key
/// that is not an action (`←/→` on a picker), and what it does.
#[derive(Debug, Clone, Copy)]
pub enum Hint {
    Act(Action, &'static str),
    Keys(&'static str, &'static str),
}

/// A popup's line of key hints, read from the keymap in effect in `context`.
pub fn hint_line(ctx: &Ctx, context: Context, hints: &[Hint]) -> Line<'static> {
    let t = ctx.theme;
    let mut spans = Vec::new();
    for (i, h) in hints.iter().enumerate() {
        let (key, what) = match *h {
            Hint::Act(a, what) => (ctx.key(context, a), what),
            Hint::Keys(k, what) => (k.to_string(), what),
        };
        let gap = if i + 1 < hints.len() { "  " } else { "" };
        spans.push(Span::styled(key, t.key));
        spans.push(Span::raw(format!(" {what}{gap}")));
    }
    Line::from(spans)
}

/// A form's key line: accept, `cancel` (what Esc does there), next field, ←/→ to
/// `choose` when it has pickers, and space to tick when it has ticks.
pub fn form_hints(
    ctx: &Ctx,
    cancel: &'static str,
    choose: Option<&'static str>,
    tick: bool,
) -> Line<'static> {
    let mut hints = vec![
        Hint::Act(Action::Submit, "accept"),
        Hint::Act(Action::Cancel, cancel),
        Hint::Act(Action::NextField, "next field"),
    ];
    if let Some(choose) = choose {
        hints.push(Hint::Keys("←/→", choose));
    }
    if tick {
        hints.push(Hint::Act(Action::Toggle, "tick"));
    }
    hint_line(ctx, Context::Form, &hints)
}

/// A popup `w` wide and as tall as `lines` (at most `area`), centred, framed and
/// filled: what every form draws.
pub fn sized(buf: &mut Buffer, area: Rect, w: u16, title: &str, lines: &[Line], theme: &Theme) {
    let h = (lines.len() as u16 + 2).min(area.height);
    let inner = frame(buf, widgets::centered(area, w, h), title, theme);
    body(buf, inner, lines);
}

/// Draw `lines` from the top of a popup's inside, cut at its bottom.
pub fn body(buf: &mut Buffer, inner: Rect, lines: &[ratatui::text::Line]) {
    for (y, line) in lines.iter().take(inner.height as usize).enumerate() {
        buf.set_line(inner.x, inner.y + y as u16, line, inner.width);
    }
}

/// The tests' database (`tests/data/sample`), for the forms' tests.
#[cfg(test)]
pub fn sample_db() -> crate::model::Database {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date");
    crate::tui::testing::sample(today).db
}

/// Clear `area` and draw a bordered popup frame titled `title`; returns the inside.
pub fn frame(buf: &mut Buffer, area: Rect, title: &str, theme: &Theme) -> Rect {
    Clear.render(area, buf);
    let block = Block::bordered()
        .border_style(theme.border_focus)
        .title(Span::styled(format!(" {title} "), theme.title))
        .style(Style::new());
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_field_edits() {
        let mut f = TextField::new("ab");
        f.input(Key::plain(KeyCode::Left));
        f.input(Key::char('é'));
        assert_eq!(f.text, "aéb");
        f.input(Key::plain(KeyCode::Backspace));
        assert_eq!(f.text, "ab");
        f.input(Key::plain(KeyCode::Delete));
        assert_eq!(f.text, "a");
        f.input(Key::ctrl('u'));
        assert_eq!(f.text, "");
        assert!(!f.input(Key::plain(KeyCode::Backspace)));
        f.paste("x\u{1b}y");
        assert_eq!(f.text, "xy");
    }

    #[test]
    fn a_selected_field_is_replaced_by_typing() {
        let mut f = TextField::new("09:00");
        f.select_all();
        f.input(Key::char('1'));
        assert_eq!((f.text.as_str(), f.replace), ("1", false));
        f.select_all();
        f.input(Key::plain(KeyCode::Backspace));
        assert_eq!(f.text, "");
        let mut f = TextField::new("09:00");
        f.select_all();
        f.input(Key::plain(KeyCode::Left));
        f.input(Key::char('5'));
        assert_eq!(f.text, "09:050");
        let mut f = TextField::new("a");
        f.select_all();
        f.paste("b");
        assert_eq!(f.text, "b");
        let mut f = TextField::default();
        f.select_all();
        assert!(!f.replace, "nothing to select");
    }
}

#[cfg(test)]
mod paste_tests {
    use super::TextField;

    #[test]
    fn a_one_line_field_turns_line_breaks_into_single_spaces() {
        let mut t = TextField::new("");
        t.paste("first\r\nsecond\n\nthird\u{2028}fourth\tfifth\u{7}");
        assert_eq!(t.text, "first second third fourth fifth");
        assert_eq!(t.cursor, t.text.chars().count());
    }

    #[test]
    fn a_field_of_several_lines_keeps_them_and_shows_them() {
        let mut t = TextField::lines("a");
        t.paste("\nb\r\nc\rd");
        assert_eq!(t.text, "a\nb\nc\nd");
        let theme = crate::tui::theme::Theme::plain();
        let shown: String = t
            .spans(false, 20, &theme)
            .iter()
            .map(|s| s.content.to_string())
            .collect();
        assert!(shown.starts_with("a↵b↵c↵d"), "{shown}");
        t.set_text("x");
        t.paste("1\n2");
        assert_eq!(t.text, "x1\n2", "set_text keeps the kind of field");
    }

    #[test]
    fn a_huge_paste_is_taken_whole_and_drawn_within_its_width() {
        let mut t = TextField::new("");
        t.paste(&"é🤝🏽\n".repeat(2500));
        assert_eq!(t.text.chars().count(), 4 * 2500);
        let theme = crate::tui::theme::Theme::plain();
        let w: usize = t
            .spans(true, 30, &theme)
            .iter()
            .map(|s| crate::tui::widgets::width(&s.content))
            .sum();
        assert!(w <= 30, "{w}");
    }
}
