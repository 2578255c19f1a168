//! Every cell drawn as wide on the terminal as ratatui counts it.
//!
//! ratatui lays text out by grapheme: a flag, an emoji with a skin tone, a family
//! joined by zero-width joiners, `❤️` with its emoji selector, each is one cell of the
//! width Unicode gives the whole cluster. Most terminals advance their cursor by the
//! width of each character instead (wcwidth): `🤝🏽` is 2 columns for ratatui and 4 for
//! them, and every column after it on that row is drawn two places off, over the
//! border, leaving debris that the next frame's diff never repairs.
//!
//! So after each frame, before it is sent, a cell whose characters would move the
//! terminal's cursor by another width than ratatui's is rewritten to a form on which
//! both agree: its base character with its combining marks, padded with spaces when
//! the base is narrower (`❤️` becomes `❤ `), or `�` when nothing of it can be shown
//! (a line separator, a stray joiner). What most terminals would show anyway, without
//! the shift.

use ratatui::buffer::Buffer;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Rewrite the cells of `buf` whose terminal width is not ratatui's, and wide
/// characters cut in two by what was drawn over their second half.
pub fn settle(buf: &mut Buffer) {
    let w = buf.area.width as usize;
    if w == 0 {
        return;
    }
    for row in buf.content.chunks_mut(w) {
        for i in 0..row.len() {
            let symbol = row[i].symbol();
            if symbol.len() == 1 {
                // ASCII (controls never reach a cell): one column for both.
                continue;
            }
            let covered = ratatui_width(symbol);
            if let Some(pieces) = settled(symbol) {
                // The cells the symbol covered hold its pieces, in order; the rest
                // stay blank, as ratatui left them.
                let mut x = i;
                for piece in pieces {
                    if let Some(cell) = row.get_mut(x) {
                        cell.set_symbol(&piece);
                    }
                    x += terminal_width(&piece).max(1);
                }
                debug_assert!(x <= i + covered.max(1));
            }
            let covered = ratatui_width(row[i].symbol()).saturating_sub(1);
            if row[i + 1..].iter().take(covered).any(|c| c.symbol() != " ")
                || i + covered >= row.len()
            {
                // A popup's border or text drawn over the second half of a wide
                // character: the terminal would draw the character over it, and
                // ratatui would skip the cell.
                row[i].set_symbol(" ");
            }
        }
    }
}

/// The columns ratatui gives a cell's symbol (as `ratatui`'s `CellWidth` counts).
fn ratatui_width(symbol: &str) -> usize {
    let halfwidth_marks = symbol
        .chars()
        .filter(|c| matches!(c, '\u{FF9E}' | '\u{FF9F}'))
        .count();
    symbol.width() + halfwidth_marks
}

/// The columns a terminal moves by when printing `symbol` one character at a time.
fn terminal_width(symbol: &str) -> usize {
    symbol.chars().map(char_width).sum()
}

/// A character's columns on a terminal that knows no graphemes: at most 2, and none
/// for a control.
fn char_width(c: char) -> usize {
    c.width().unwrap_or(0).min(2)
}

/// Characters that are never shown as themselves in a cell: controls, line and
/// paragraph separators, bidi and zero-width marks (data is escaped before it is
/// drawn; this catches what was not), and the joiners, which text keeps (a joined
/// emoji, a Persian name) but a cell of one character cannot show.
fn unshowable(c: char) -> bool {
    crate::text::needs_escape(c) || matches!(c, '\u{200C}' | '\u{200D}')
}

/// The pieces to draw in place of `symbol`, one per cell it covers (a wide piece
/// takes two), or `None` when it is fine as it is: one character with its accents.
///
/// - Each character that takes columns is a piece of its own, with the accents that
///   follow it: a terminal draws them so, and a cell holds one character, so that
///   the next frame's diff, which repaints cells, never leaves half of a cluster on
///   the screen.
/// - A flag's two regional indicators are its country's letters (`🇦🇹`: `A`, `T`):
///   terminals disagree on their width, letters they all draw alike.
/// - When the pieces would not fill the cluster's columns exactly (a skin tone, a
///   family joined by zero-width joiners, an emoji selector), only the first piece
///   is drawn; the cells it leaves stay blank.
/// - A cluster that starts with nothing showable is `�`.
pub fn settled(symbol: &str) -> Option<Vec<String>> {
    let want = ratatui_width(symbol);
    let pieces = pieces(symbol);
    if let [one] = pieces.as_slice()
        && one == symbol
        && terminal_width(one) == want
    {
        return None;
    }
    let fits = pieces.iter().map(|p| terminal_width(p)).sum::<usize>() == want;
    let first = match pieces.first() {
        Some(first) if terminal_width(first) <= want.max(1) => first.clone(),
        _ => return Some(vec!['\u{FFFD}'.to_string()]),
    };
    Some(if fits { pieces } else { vec![first] })
}

/// A symbol cut before each character that takes columns; regional indicators as
/// letters; joiners, selectors and anything unshowable left out. Empty when it
/// starts with no character that takes columns.
fn pieces(symbol: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in symbol.chars() {
        let c = regional_letter(c).unwrap_or(c);
        if unshowable(c) || is_variation_selector(c) {
            continue;
        }
        match (char_width(c), out.last_mut()) {
            (0, Some(last)) => last.push(c),
            (0, None) => return Vec::new(),
            _ => out.push(c.to_string()),
        }
    }
    out
}

/// The letter a regional indicator stands for (`🇦`: `A`).
fn regional_letter(c: char) -> Option<char> {
    let n = u32::from(c).checked_sub(0x1F1E6).filter(|n| *n < 26)?;
    char::from_u32(u32::from('A') + n)
}

fn is_variation_selector(c: char) -> bool {
    matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;

    #[test]
    fn a_wide_character_half_covered_by_a_border_gives_way() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 4, 1));
        buf.set_string(0, 0, "東京", ratatui::style::Style::default());
        buf[(1, 0)].set_symbol("│");
        settle(&mut buf);
        assert_eq!(buf[(0, 0)].symbol(), " ");
        assert_eq!(buf[(1, 0)].symbol(), "│");
        assert_eq!(buf[(2, 0)].symbol(), "京", "the whole one stays");
    }

    fn settled_text(s: &str) -> Option<String> {
        settled(s).map(|p| p.join("|"))
    }

    #[test]
    fn clusters_terminals_draw_wider_are_cut_to_their_base() {
        // A skin tone: 🤝 (2) + 🏽 (2) on a terminal, 2 for ratatui.
        assert_eq!(settled_text("🤝🏽").as_deref(), Some("🤝"));
        // A joined family: the first picture.
        assert_eq!(settled_text("👩\u{200D}💼").as_deref(), Some("👩"));
        // An emoji selector on a narrow heart: the heart (its second cell stays blank).
        assert_eq!(settled_text("❤\u{FE0F}").as_deref(), Some("❤"));
    }

    #[test]
    fn a_flag_is_its_letters_one_per_cell() {
        assert_eq!(settled_text("🇦🇹").as_deref(), Some("A|T"));
        let mut buf = Buffer::empty(Rect::new(0, 0, 6, 1));
        buf.set_string(0, 0, "x🇦🇹y", ratatui::style::Style::default());
        settle(&mut buf);
        let cells: Vec<&str> = buf.content.iter().map(|c| c.symbol()).collect();
        assert_eq!(cells, ["x", "A", "T", "y", " ", " "]);
    }

    #[test]
    fn what_both_count_alike_is_left_as_it_is() {
        for ok in ["東", "é", "e\u{301}", "ש", "🎌", "…", "│"] {
            assert_eq!(settled_text(ok), None, "{ok}");
        }
    }

    #[test]
    fn separators_and_stray_marks_become_a_replacement_character() {
        assert_eq!(settled_text("\u{2028}").as_deref(), Some("\u{FFFD}"));
        assert_eq!(settled_text("\u{200D}x").as_deref(), Some("x"));
        assert_eq!(settled_text("\u{301}").as_deref(), Some("\u{FFFD}"));
    }

    #[test]
    fn every_settled_cell_fits_the_columns_it_had() {
        for s in [
            "🤝🏽",
            "👩\u{200D}💼",
            "❤\u{FE0F}",
            "\u{2028}",
            "🏳\u{FE0F}\u{200D}🌈",
            "a\u{20E3}",
            "🇦🇹",
            "क्ष",
        ] {
            let pieces = settled(s).unwrap_or_else(|| vec![s.to_string()]);
            let w: usize = pieces.iter().map(|p| terminal_width(p)).sum();
            assert!(w <= ratatui_width(s).max(1), "{s:?} -> {pieces:?}");
            for p in &pieces {
                assert_eq!(terminal_width(p), ratatui_width(p), "{s:?} -> {p:?}");
            }
        }
    }
}
