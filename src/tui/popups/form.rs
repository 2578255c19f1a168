//! The form engine the meeting, delegate, journey and hotel stay forms and the export
//! dialog share: a list of labelled fields (text, a choice among options, a yes/no
//! flag, ticks on a list), the focus and how keys move it and change the focused
//! field, the problems found in the form as it stands, and how all that is drawn.
//!
//! A form itself only says which fields it has, how it turns them into the operation
//! it stands for (checked at once, after each key, by that same operation), and what
//! its few extra lines say.

use crossterm::event::KeyCode;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::planning::OpError;
use crate::tui::action::Action;
use crate::tui::component::Ctx;
use crate::tui::keymap::Key;
use crate::tui::popups::TextField;
use crate::tui::theme::Theme;
use crate::tui::widgets;

/// A form's field names.
pub trait FieldKey: Copy + PartialEq + std::fmt::Debug {
    fn label(self) -> &'static str;

    /// The field's name in a message about it (when the label alone would not say).
    fn name(self) -> &'static str {
        self.label()
    }

    /// A note after the field's value (dim), e.g. the day's name after a date.
    fn note(self, _input: &Input) -> Option<String> {
        None
    }
}

/// What a field holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Text(TextField),
    /// One of `options`; ←/→ (or space) choose.
    Choice {
        options: Vec<String>,
        index: usize,
    },
    /// Yes or no, each shown by its own words; ←/→ or space flip it.
    Flag {
        on: bool,
        yes: &'static str,
        no: &'static str,
    },
    /// Ticks on a list of (id, name), drawn under the label; ←/→ move, space ticks.
    Ticks {
        items: Vec<(String, String)>,
        on: Vec<bool>,
        cursor: usize,
        /// Said when the list is empty.
        empty: &'static str,
    },
}

#[derive(Debug, Clone)]
pub struct Field<K> {
    pub key: K,
    pub input: Input,
    /// Columns for a text value; none: the rest of the line.
    pub width: Option<usize>,
}

impl<K> Field<K> {
    pub fn text(key: K, text: &str) -> Self {
        Field {
            key,
            input: Input::Text(TextField::new(text)),
            width: None,
        }
    }

    /// A text of several lines (notes): pasted line breaks are kept.
    pub fn lines(key: K, text: &str) -> Self {
        Field {
            key,
            input: Input::Text(TextField::lines(text)),
            width: None,
        }
    }

    pub fn choice(key: K, options: Vec<String>, index: usize) -> Self {
        Field {
            key,
            input: Input::Choice { options, index },
            width: None,
        }
    }

    pub fn flag(key: K, on: bool, yes: &'static str, no: &'static str) -> Self {
        Field {
            key,
            input: Input::Flag { on, yes, no },
            width: None,
        }
    }

    pub fn ticks(key: K, items: Vec<(String, String)>, empty: &'static str) -> Self {
        let on = vec![false; items.len()];
        Field {
            key,
            input: Input::Ticks {
                items,
                on,
                cursor: 0,
                empty,
            },
            width: None,
        }
    }

    pub fn width(mut self, w: usize) -> Self {
        self.width = Some(w);
        self
    }
}

/// How a form looks: what differs between the forms.
#[derive(Debug, Clone, Copy)]
pub struct Look {
    /// The popup's widest.
    pub max_width: u16,
    /// Columns of the label, its focus marker included.
    pub label_width: usize,
    /// A field's problem after it on its line; else the field is marked and its
    /// problem listed under the form, with the field's name.
    pub inline_errors: bool,
    /// Said when the form can be accepted.
    pub ready: &'static str,
    /// What Esc does, in the key line.
    pub cancel: &'static str,
    /// What ←/→ choose, if the form has choices.
    pub choose: Option<&'static str>,
    /// Whether the form has ticks (space in the key line).
    pub tick: bool,
}

#[derive(Debug, Clone)]
pub struct Form<K> {
    pub fields: Vec<Field<K>>,
    pub focus: usize,
    /// Fields that do not parse, with why.
    pub field_errors: Vec<(K, String)>,
    /// The operation's refusal of the form as it stands.
    pub error: Option<OpError>,
}

impl<K: FieldKey> Form<K> {
    /// A form on `fields`, focused on `focus` (its text selected).
    pub fn new(fields: Vec<Field<K>>, focus: K) -> Self {
        let mut f = Form {
            fields,
            focus: 0,
            field_errors: Vec::new(),
            error: None,
        };
        f.focus_on(focus);
        f
    }

    /// The focused field.
    pub fn field(&self) -> K {
        self.fields[self.focus.min(self.fields.len() - 1)].key
    }

    pub fn slot(&self, k: K) -> Option<usize> {
        self.fields.iter().position(|f| f.key == k)
    }

    fn input_of(&self, k: K) -> Option<&Input> {
        self.slot(k).map(|i| &self.fields[i].input)
    }

    fn input_mut(&mut self, k: K) -> Option<&mut Input> {
        self.slot(k).map(|i| &mut self.fields[i].input)
    }

    /// Focus `k`, selecting its text.
    pub fn focus_on(&mut self, k: K) {
        if let Some(i) = self.slot(k) {
            self.focus = i;
            self.select_focused();
        }
    }

    /// A text field's text, trimmed; a choice's option.
    pub fn text(&self, k: K) -> &str {
        match self.input_of(k) {
            Some(Input::Text(t)) => t.text.trim(),
            Some(Input::Choice { options, index }) => {
                options.get(*index).map_or("", |s| s.as_str())
            }
            _ => "",
        }
    }

    /// A text field's text as typed.
    pub fn raw(&self, k: K) -> &str {
        match self.input_of(k) {
            Some(Input::Text(t)) => &t.text,
            _ => "",
        }
    }

    /// A text field's text, or `None` when empty.
    pub fn optional(&self, k: K) -> Option<String> {
        Some(self.text(k).to_string()).filter(|s| !s.is_empty())
    }

    /// Set a text field's text, or choose the option that reads `text`.
    pub fn set(&mut self, k: K, text: &str) {
        match self.input_mut(k) {
            Some(Input::Text(t)) => t.set_text(text),
            Some(Input::Choice { options, index }) => {
                if let Some(i) = options.iter().position(|o| o == text) {
                    *index = i;
                }
            }
            _ => {}
        }
    }

    pub fn set_choice(&mut self, k: K, i: usize) {
        if let Some(Input::Choice { index, .. }) = self.input_mut(k) {
            *index = i;
        }
    }

    /// Choose the option `text`, adding it to the options if it is not one.
    pub fn choose_or_add(&mut self, k: K, text: &str) {
        if let Some(Input::Choice { options, index }) = self.input_mut(k) {
            *index = match options.iter().position(|o| o == text) {
                Some(i) => i,
                None => {
                    options.push(text.to_string());
                    options.len() - 1
                }
            };
        }
    }

    pub fn choice(&self, k: K) -> usize {
        match self.input_of(k) {
            Some(Input::Choice { index, .. }) => *index,
            _ => 0,
        }
    }

    pub fn set_flag(&mut self, k: K, value: bool) {
        if let Some(Input::Flag { on, .. }) = self.input_mut(k) {
            *on = value;
        }
    }

    pub fn flag(&self, k: K) -> bool {
        matches!(self.input_of(k), Some(Input::Flag { on: true, .. }))
    }

    /// The ids ticked.
    pub fn ticked(&self, k: K) -> Vec<String> {
        match self.input_of(k) {
            Some(Input::Ticks { items, on, .. }) => items
                .iter()
                .zip(on)
                .filter(|(_, on)| **on)
                .map(|((id, _), _)| id.clone())
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Tick `id`, adding it to the list (named by its id) if it is not there.
    pub fn tick(&mut self, k: K, id: &str) {
        if let Some(Input::Ticks { items, on, .. }) = self.input_mut(k) {
            match items.iter().position(|(x, _)| x == id) {
                Some(i) => on[i] = true,
                None => {
                    items.push((id.to_string(), id.to_string()));
                    on.push(true);
                }
            }
        }
    }

    fn focused_input(&mut self) -> &mut Input {
        let i = self.focus.min(self.fields.len() - 1);
        &mut self.fields[i].input
    }

    /// Reaching a text field selects its text, so that typing replaces it.
    pub fn select_focused(&mut self) {
        if let Input::Text(t) = self.focused_input() {
            t.select_all();
        }
    }

    /// A form action: the next or previous field, or space on the focused one.
    pub fn act(&mut self, action: Action) {
        if let Some(focus) = super::step_focus(self.focus, self.fields.len(), action) {
            self.focus = focus;
            self.select_focused();
        } else if action == Action::Toggle {
            match self.focused_input() {
                Input::Text(t) => {
                    t.input(Key::char(' '));
                }
                Input::Choice { .. } => self.step(1),
                Input::Flag { on, .. } => *on = !*on,
                Input::Ticks { on, cursor, .. } => {
                    if let Some(a) = on.get_mut(*cursor) {
                        *a = !*a;
                    }
                }
            }
        }
    }

    /// Move a choice (or the ticks' cursor) by `d`, round; flip a flag.
    fn step(&mut self, d: i64) {
        let step = |i: usize, n: usize| ((i as i64 + d).rem_euclid(n.max(1) as i64)) as usize;
        match self.focused_input() {
            Input::Choice { options, index } => *index = step(*index, options.len()),
            Input::Ticks { items, cursor, .. } => *cursor = step(*cursor, items.len()),
            Input::Flag { on, .. } => *on = !*on,
            Input::Text(_) => {}
        }
    }

    /// A key no binding claimed: typing, or ←/→ on a choice, flag or ticks. Whether
    /// anything changed.
    pub fn input(&mut self, key: Key) -> bool {
        if let Input::Text(t) = self.focused_input() {
            return t.input(key);
        }
        match key.code {
            KeyCode::Left => self.step(-1),
            KeyCode::Right => self.step(1),
            KeyCode::Char(c) if !c.is_control() => return self.jump_to(c),
            _ => return false,
        }
        true
    }

    /// A letter typed on a choice chooses the next option with a word starting with
    /// it (`h`: hq, then hungary...), round: quicker than ←/→ through a long list.
    fn jump_to(&mut self, typed: char) -> bool {
        let Input::Choice { options, index } = self.focused_input() else {
            return false;
        };
        let typed: String = typed.to_lowercase().collect();
        let starts = |o: &String| {
            o.to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w.starts_with(&typed))
        };
        let n = options.len();
        match (1..=n)
            .map(|d| (*index + d) % n)
            .find(|&i| starts(&options[i]))
        {
            Some(i) => {
                *index = i;
                true
            }
            None => false,
        }
    }

    pub fn paste(&mut self, s: &str) {
        if let Input::Text(t) = self.focused_input() {
            t.paste(s);
        }
    }

    pub fn is_valid(&self) -> bool {
        self.field_errors.is_empty() && self.error.is_none()
    }

    /// Draw the form titled `title`: its fields, then `notes` (given the inner
    /// width), the problems, and the keys.
    pub fn draw(
        &self,
        ctx: &Ctx,
        area: Rect,
        buf: &mut Buffer,
        title: &str,
        look: &Look,
        notes: impl Fn(usize) -> Vec<Line<'static>>,
    ) {
        let t = ctx.theme;
        let w = area.width.saturating_sub(4).min(look.max_width);
        let inner_w = w.saturating_sub(2) as usize;
        let mut lines = self.field_lines(t, inner_w, look);
        lines.extend(notes(inner_w));
        lines.push(Line::raw(""));
        lines.extend(self.problem_lines(t, inner_w, look));
        lines.push(super::form_hints(ctx, look.cancel, look.choose, look.tick));
        super::sized(buf, area, w, title, &lines, t);
    }

    /// The fields' lines, for a form drawn in a layout of its own (the export dialog).
    pub fn field_lines(&self, t: &Theme, inner_w: usize, look: &Look) -> Vec<Line<'static>> {
        let label_w = look.label_width;
        let value_w = inner_w.saturating_sub(label_w);
        let mut lines = Vec::new();
        for (i, field) in self.fields.iter().enumerate() {
            let focused = i == self.focus;
            let marker = if focused { "▸" } else { " " };
            let mut spans = vec![Span::styled(
                format!("{marker}{:<w$}", field.key.label(), w = label_w - 1),
                if focused { t.key } else { t.dim },
            )];
            match &field.input {
                Input::Text(tf) => {
                    let fw = field.width.unwrap_or(value_w).min(value_w);
                    spans.extend(tf.spans(focused, fw, t));
                }
                Input::Choice { options, index } => {
                    let text = options.get(*index).map_or("", |s| s.as_str());
                    let text = crate::text::printable(text);
                    spans.push(Span::raw(if focused {
                        format!("‹ {text} ›")
                    } else {
                        format!("  {text}  ")
                    }));
                }
                Input::Flag { on, yes, no } => spans.push(Span::raw(if *on { *yes } else { *no })),
                Input::Ticks { items, empty, .. } => {
                    if items.is_empty() {
                        spans.push(Span::styled(*empty, t.dim));
                    }
                }
            }
            if let Some(note) = field.key.note(&field.input) {
                spans.push(Span::styled(note, t.dim));
            }
            if let Some((_, e)) = self.field_errors.iter().find(|(k, _)| *k == field.key) {
                spans.push(Span::styled(
                    if look.inline_errors {
                        format!("  ✗ {e}")
                    } else {
                        " ✗".to_string()
                    },
                    t.error,
                ));
            }
            lines.push(Line::from(spans));
            if let Input::Ticks {
                items, on, cursor, ..
            } = &field.input
                && !items.is_empty()
            {
                lines.extend(tick_lines(
                    items,
                    on,
                    focused.then_some(*cursor),
                    label_w,
                    inner_w,
                    t,
                ));
            }
        }
        lines
    }

    /// What stops the form being accepted, or that it is ready.
    fn problem_lines(&self, t: &Theme, inner_w: usize, look: &Look) -> Vec<Line<'static>> {
        let mut lines = Vec::new();
        if !look.inline_errors {
            for (field, e) in &self.field_errors {
                let text = format!("{}: {e}", field.name());
                widgets::bullet(&mut lines, &text, inner_w, t.error);
            }
        }
        let help = |lines: &mut Vec<Line<'static>>, e: &OpError| {
            if let Some(h) = &e.help {
                for l in widgets::wrap(&format!("  help: {h}"), inner_w) {
                    lines.push(Line::from(Span::styled(l, t.warning)));
                }
            }
        };
        match (&self.error, look.inline_errors) {
            (Some(e), false) => {
                widgets::bullet(&mut lines, &e.message, inner_w, t.error);
                help(&mut lines, e);
            }
            (Some(e), true) => {
                for l in widgets::wrap(&format!("✗ {}", e.message), inner_w) {
                    lines.push(Line::from(Span::styled(l, t.error)));
                }
                help(&mut lines, e);
            }
            (None, true) if !self.field_errors.is_empty() => {
                lines.push(Line::from(Span::styled("✗ fix the marked fields", t.error)))
            }
            (None, _) if self.field_errors.is_empty() => {
                lines.push(Line::from(Span::styled(look.ready, t.ok)))
            }
            (None, _) => {}
        }
        lines
    }
}

/// Ticks wrapped under the label: `[x] name`, the cursor's highlighted.
fn tick_lines(
    items: &[(String, String)],
    on: &[bool],
    cursor: Option<usize>,
    label_w: usize,
    inner_w: usize,
    t: &Theme,
) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut row: Vec<Span> = vec![Span::raw(" ".repeat(label_w))];
    let mut used = label_w;
    for (k, ((_, name), on)) in items.iter().zip(on).enumerate() {
        let text = format!(
            "[{}] {}",
            if *on { "x" } else { " " },
            widgets::fit(name, 24)
        );
        let tw = widgets::width(&text) + 2;
        if used + tw > inner_w && used > label_w {
            lines.push(Line::from(std::mem::take(&mut row)));
            row.push(Span::raw(" ".repeat(label_w)));
            used = label_w;
        }
        let style = if cursor == Some(k) {
            t.selected
        } else {
            t.base
        };
        row.push(Span::styled(text, style));
        row.push(Span::raw("  "));
        used += tw;
    }
    lines.push(Line::from(row));
    lines
}

#[cfg(test)]
mod choice_tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq)]
    struct K;

    impl FieldKey for K {
        fn label(self) -> &'static str {
            "Room"
        }
    }

    /// Typing a letter on a choice goes to the next option with a word starting with it.
    #[test]
    fn a_letter_chooses_the_next_option_starting_with_it() {
        let rooms = ["(none)", "M2", "M7", "NGO Lounge", "Board Room A"];
        let mut f = Form::new(
            vec![Field::choice(
                K,
                rooms.iter().map(|r| r.to_string()).collect(),
                0,
            )],
            K,
        );
        assert!(f.input(Key::char('n')));
        assert_eq!(f.text(K), "NGO Lounge");
        assert!(f.input(Key::char('m')));
        assert_eq!(f.text(K), "M2");
        assert!(f.input(Key::char('m')));
        assert_eq!(f.text(K), "M7");
        assert!(f.input(Key::char('r')), "a word inside the name");
        assert_eq!(f.text(K), "Board Room A");
        assert!(!f.input(Key::char('z')), "nothing starts with z");
        assert_eq!(f.text(K), "Board Room A");
    }
}
