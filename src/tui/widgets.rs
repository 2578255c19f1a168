//! Small drawing helpers shared by the screens: width-aware text fitting (wide CJK
//! characters and emoji take two columns, and a column is never split) and a list
//! that builds only the rows it shows.

use std::borrow::Cow;
use std::cell::Cell;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthChar;
use unicode_width::UnicodeWidthStr;

use crate::text::printable;

/// Display width of `s` in terminal columns.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `s` made safe to show (escaped controls) and cut to `max` columns, with `…` when
/// cut. Never splits a wide character.
pub fn fit(s: &str, max: usize) -> String {
    let s = printable(s);
    let s: Cow<str> = if s.contains('\t') {
        Cow::Owned(s.replace('\t', " "))
    } else {
        s
    };
    if width(&s) <= max {
        return s.into_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// `s` fitted to exactly `w` columns: cut (with `…`) or padded with spaces.
pub fn cell(s: &str, w: usize) -> String {
    let mut out = fit(s, w);
    let have = width(&out);
    if have < w {
        out.push_str(&" ".repeat(w - have));
    }
    out
}

/// `s` right-aligned in exactly `w` columns.
pub fn cell_right(s: &str, w: usize) -> String {
    let out = fit(s, w);
    let have = width(&out);
    format!("{}{out}", " ".repeat(w.saturating_sub(have)))
}

/// Printable text as a span, for data: every string from the database goes through
/// [`printable`] before it reaches the terminal.
pub fn data<'a>(s: &'a str, style: Style) -> Span<'a> {
    match printable(s) {
        Cow::Borrowed(b) => Span::styled(b, style),
        Cow::Owned(o) => Span::styled(o, style),
    }
}

/// The first row to show so that `selected` is visible in `height` rows, keeping the
/// previous top when possible (so the view does not jump). This is the only state
/// drawing updates, in a `Cell`, as gitui's scroll state does.
pub fn scroll_top(top: &Cell<usize>, selected: usize, height: usize, len: usize) -> usize {
    let height = height.max(1);
    let mut t = top.get();
    if selected < t {
        t = selected;
    } else if selected >= t + height {
        t = selected + 1 - height;
    }
    t = t.min(len.saturating_sub(height));
    top.set(t);
    t
}

/// Draw rows `top..` of a list of `len` rows into `area`, building only the visible
/// ones with `row(i, width)`, and highlight `selected`.
#[allow(clippy::too_many_arguments)]
pub fn list<'a>(
    buf: &mut Buffer,
    area: Rect,
    len: usize,
    selected: Option<usize>,
    top: &Cell<usize>,
    selected_style: Style,
    row: impl Fn(usize, usize) -> Line<'a>,
) {
    if area.is_empty() {
        return;
    }
    let height = area.height as usize;
    let first = scroll_top(top, selected.unwrap_or(0), height, len);
    for (y, i) in (first..len.min(first + height)).enumerate() {
        let line = row(i, area.width as usize);
        let y = area.y + y as u16;
        if Some(i) == selected {
            buf.set_style(Rect::new(area.x, y, area.width, 1), selected_style);
        }
        buf.set_line(area.x, y, &line, area.width);
        if Some(i) == selected {
            buf.set_style(Rect::new(area.x, y, area.width, 1), selected_style);
        }
    }
    if len > height {
        // A one-column position mark on the right edge.
        let x = area.right().saturating_sub(1);
        let pos = if len <= 1 {
            0
        } else {
            (first * (height - 1)) / (len - height).max(1)
        };
        let y = area.y + pos.min(height - 1) as u16;
        if let Some(c) = buf.cell_mut((x, y)) {
            c.set_symbol("▐");
        }
    }
}

/// A rectangle of at most `w` x `h` centred in `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// A message as a bulleted item wrapped to `w` columns: `• ` on its first line, the
/// rest indented under it.
pub fn bullet<'a>(out: &mut Vec<Line<'a>>, message: &str, w: usize, style: Style) {
    for (k, l) in wrap(message, w.saturating_sub(2)).into_iter().enumerate() {
        let mark = if k == 0 { "• " } else { "  " };
        out.push(Line::from(Span::styled(format!("{mark}{l}"), style)));
    }
}

/// Wrap plain text to `w` columns (by words, hard-cutting words longer than a line),
/// keeping each paragraph's indentation on its continuation lines.
pub fn wrap(text: &str, w: usize) -> Vec<String> {
    let w = w.max(1);
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let para = printable(para).replace('\t', "    ");
        let body = para.trim_start_matches(' ');
        let indent = " ".repeat((para.len() - body.len()).min(w / 2));
        let mut line = indent.clone();
        let mut lw = indent.len();
        let mut fresh = true;
        for word in body.split(' ') {
            let ww = width(word);
            if !fresh && lw + 1 + ww > w {
                lines.push(std::mem::replace(&mut line, indent.clone()));
                lw = indent.len();
                fresh = true;
            }
            if !fresh {
                line.push(' ');
                lw += 1;
            }
            if lw + ww > w {
                for c in word.chars() {
                    let cw = c.width().unwrap_or(0);
                    if lw + cw > w && lw > indent.len() {
                        lines.push(std::mem::replace(&mut line, indent.clone()));
                        lw = indent.len();
                    }
                    line.push(c);
                    lw += cw;
                }
            } else {
                line.push_str(word);
                lw += ww;
            }
            fresh = false;
        }
        lines.push(line);
    }
    lines
}

/// A label and a value, for detail panes.
pub fn field<'a>(label: &'a str, value: impl Into<Cow<'a, str>>, label_style: Style) -> Line<'a> {
    let v: Cow<'a, str> = value.into();
    let v = match v {
        Cow::Borrowed(b) => printable(b),
        Cow::Owned(o) => Cow::Owned(printable(&o).into_owned()),
    };
    Line::from(vec![
        Span::styled(format!("{label:<16}"), label_style),
        Span::raw(v),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitting_counts_columns() {
        assert_eq!(fit("hello", 10), "hello");
        assert_eq!(fit("hello world", 6), "hello…");
        assert_eq!(fit("東京都庁", 5), "東京…");
        assert_eq!(width(&fit("東京都庁", 4)), 3);
        assert_eq!(cell("東京", 5), "東京 ");
        assert_eq!(cell("a\u{1b}b", 8), "a\\u{1b}b");
        assert_eq!(fit("abc", 0), "");
        assert_eq!(cell_right("7", 3), "  7");
    }

    #[test]
    fn scrolling_keeps_selection_visible() {
        let top = Cell::new(0);
        assert_eq!(scroll_top(&top, 0, 10, 100), 0);
        assert_eq!(scroll_top(&top, 15, 10, 100), 6);
        assert_eq!(scroll_top(&top, 10, 10, 100), 6);
        assert_eq!(scroll_top(&top, 3, 10, 100), 3);
        assert_eq!(scroll_top(&top, 3, 10, 5), 0);
    }

    #[test]
    fn wrapping() {
        assert_eq!(wrap("a bb ccc", 4), vec!["a bb", "ccc"]);
        assert_eq!(wrap("abcdef", 3), vec!["abc", "def"]);
        assert_eq!(wrap("x\ny", 10), vec!["x", "y"]);
        assert_eq!(wrap("  help: a b c", 9), vec!["  help: a", "  b c"]);
        assert_eq!(wrap(" |    ^^^", 20), vec![" |    ^^^"]);
    }
}
