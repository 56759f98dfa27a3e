//! Cells exactly as wide as the terminal draws them.
//!
//! ratatui sizes a grapheme by Unicode's rules for the whole sequence (an
//! emoji ZWJ family, `❤️`, `👍🏽` are two columns), but most terminals (xterm,
//! tmux, VTE, the vt100 model the tests read) add up the widths of its chars
//! instead, and place zero-width joiners and variation selectors where they
//! like. Then the rest of the row shifts, over the timeline strip and the
//! borders. After a frame is drawn, every cell is made to hold only what
//! takes the same columns both ways: joiners and variation selectors are
//! dropped, and a sequence still wider by its chars than its cells keeps
//! only its first chars that fit, the cells it leaves padded with spaces.

use ratatui::buffer::{Buffer, CellDiffOption};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Zero-width chars whose drawing differs between terminals: the joiners
/// (U+200C, U+200D) and the variation selectors (U+FE0E, U+FE0F).
fn is_unsteady(c: char) -> bool {
    matches!(c, '\u{200c}' | '\u{200d}' | '\u{fe0e}' | '\u{fe0f}')
}

/// The columns a terminal that adds up its chars' widths gives `text`.
fn char_width(text: &str) -> usize {
    text.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// `symbol` as it may be drawn in `cells` columns: unsteady chars
/// dropped, then the longest start whose chars fit; `None` when it is
/// already so.
fn steady(symbol: &str, cells: usize) -> Option<String> {
    if !symbol.contains(is_unsteady) && char_width(symbol) == cells {
        return None;
    }
    let mut out = String::new();
    let mut used = 0;
    for c in symbol.chars().filter(|&c| !is_unsteady(c)) {
        let width = c.width().unwrap_or(0);
        if used + width > cells {
            break;
        }
        out.push(c);
        used += width;
    }
    Some(out)
}

/// Rewrites every cell of `buf` whose symbol a terminal would draw at
/// another width than ratatui placed it at (see the module comment).
pub fn make_exact(buf: &mut Buffer) {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        let mut x = area.left();
        while x < area.right() {
            let cell = &buf[(x, y)];
            // A width set on purpose (a link's sequence: see hyperlink.rs).
            if let CellDiffOption::ForcedWidth(width) = cell.diff_option {
                x = x.saturating_add(width.get());
                continue;
            }
            let symbol = cell.symbol();
            // ASCII is one column everywhere.
            if symbol.len() == 1 {
                x += 1;
                continue;
            }
            let cells = symbol.width().max(1);
            if let Some(fixed) = steady(symbol, cells) {
                let used = char_width(&fixed);
                let fixed = if fixed.is_empty() {
                    " ".to_string()
                } else {
                    fixed
                };
                buf[(x, y)].set_symbol(&fixed);
                // The cells the sequence covered but its start does not:
                // spaces, which the diff now draws (it skips only the
                // cells a wide symbol covers).
                for k in used.max(1)..cells {
                    let Some(cell) = buf.cell_mut((x + k as u16, y)) else {
                        break;
                    };
                    cell.set_symbol(" ");
                }
            }
            x += cells as u16;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;

    #[test]
    fn sequences_keep_what_fits_their_cells() {
        let family = "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}";
        assert_eq!(steady(family, 2).as_deref(), Some("\u{1f468}"));
        assert_eq!(steady("\u{2764}\u{fe0f}", 2).as_deref(), Some("\u{2764}"));
        assert_eq!(
            steady("\u{1f44d}\u{1f3fd}", 2).as_deref(),
            Some("\u{1f44d}")
        );
        assert_eq!(steady(" \u{200d}", 1).as_deref(), Some(" "));
        assert_eq!(steady("e\u{301}", 1), None);
        assert_eq!(steady("日", 2), None);
    }

    /// After the fix, every cell's symbol is as wide by its chars as by
    /// Unicode's sequence rules, and the cells after the row's text are
    /// where they were.
    #[test]
    fn a_row_of_sequences_keeps_its_length() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 20, 1));
        let text = "a\u{1f468}\u{200d}\u{1f469}b\u{2764}\u{fe0f}c\u{1f44d}\u{1f3fd}d";
        buf.set_string(0, 0, text, ratatui::style::Style::new());
        buf.set_string(19, 0, "|", ratatui::style::Style::new());
        make_exact(&mut buf);
        let mut columns = 0;
        let mut x = 0;
        while x < 20 {
            let symbol = buf[(x, 0)].symbol();
            assert_eq!(
                char_width(symbol).max(1),
                symbol.width().max(1),
                "{symbol:?}"
            );
            assert!(!symbol.contains(is_unsteady), "{symbol:?}");
            let cells = symbol.width().max(1) as u16;
            columns += cells;
            x += cells;
        }
        assert_eq!(columns, 20);
        assert_eq!(buf[(19, 0)].symbol(), "|");
        assert_eq!(buf[(1, 0)].symbol(), "\u{1f468}");
        assert_eq!(buf[(4, 0)].symbol(), "\u{2764}");
        assert_eq!(buf[(5, 0)].symbol(), " ");
    }
}
