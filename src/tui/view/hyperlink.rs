//! Clickable links (OSC 8) in ratatui's cells.
//!
//! A cell holds one grapheme, with nowhere to attach a link, so each cell
//! of a link's text gets its character wrapped in the OSC 8 sequence and a
//! forced width of one column: the terminal draws the character where it
//! was, and makes it part of the link (cells next to each other with the
//! same target are one link to the terminal). Terminals without OSC 8
//! ignore the sequence and show the text. Applied after the frame is
//! otherwise finished, and only to cells still showing the link's text (an
//! overlay drawn over it is left alone).
//!
//! The target comes from the file: only `http` and `https` become links,
//! and not with a control or invisible formatting character anywhere in
//! them (an ESC or BEL would end the sequence and write the rest to the
//! terminal).

use std::num::NonZeroU16;

use ratatui::buffer::{Buffer, CellDiffOption};

/// The longest target made clickable: terminals cap them near 2 KB.
const MAX_TARGET_BYTES: usize = 2000;

/// A link drawn on one row: `text` from column `x`, going to `target`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkSpot {
    pub x: u16,
    pub y: u16,
    /// What the cells show (ASCII: one cell a character).
    pub text: String,
    /// The cleaned target ([`clickable`]).
    pub target: String,
}

/// `url` as a link target, if it may be one: `http(s)://`, no control or
/// invisible formatting characters, short enough; spaces and non-ASCII
/// percent-encoded, so the sequence holds printable ASCII only.
pub fn clickable(url: &str) -> Option<String> {
    let url = url.trim();
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let web = lower.starts_with("http://") || lower.starts_with("https://");
    if !web || url.chars().any(is_hidden) {
        return None;
    }
    let mut target = String::with_capacity(url.len());
    for &byte in url.as_bytes() {
        if byte.is_ascii_graphic() {
            target.push(char::from(byte));
        } else {
            target.push_str(&format!("%{byte:02X}"));
        }
    }
    (target.len() <= MAX_TARGET_BYTES).then_some(target)
}

/// Characters that must never reach the terminal inside a sequence, or
/// that could make a link look like another: controls (C0, DEL, C1) and
/// the invisible formatting characters (bidi overrides, zero-width ones).
fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{206f}' | '\u{feff}')
}

/// `https://www.youtube.com/watch?v=x` as shown: without the scheme and
/// `www.` (the target keeps them).
pub fn without_scheme(target: &str) -> &str {
    let rest = target.split_once("://").map_or(target, |(_, rest)| rest);
    rest.strip_prefix("www.").unwrap_or(rest)
}

/// Makes the cells of each spot a link, where they still show its text.
pub fn apply(buf: &mut Buffer, spots: &[LinkSpot]) {
    let one = NonZeroU16::MIN;
    for spot in spots {
        for (i, c) in spot.text.chars().enumerate() {
            let Ok(dx) = u16::try_from(i) else { break };
            let Some(cell) = buf.cell_mut((spot.x.saturating_add(dx), spot.y)) else {
                break;
            };
            let mut own = [0; 4];
            if cell.symbol() != c.encode_utf8(&mut own) {
                continue;
            }
            let target = &spot.target;
            cell.set_symbol(&format!("\x1b]8;;{target}\x1b\\{c}\x1b]8;;\x1b\\"));
            cell.set_diff_option(CellDiffOption::ForcedWidth(one));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;

    #[test]
    fn only_clean_web_links_are_clickable() {
        assert_eq!(
            clickable(" https://www.youtube.com/watch?v=abc ").as_deref(),
            Some("https://www.youtube.com/watch?v=abc")
        );
        assert_eq!(
            clickable("HTTP://x.org/a b").as_deref(),
            Some("HTTP://x.org/a%20b")
        );
        assert_eq!(
            clickable("https://x.org/é").as_deref(),
            Some("https://x.org/%C3%A9")
        );
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "https://x.org/\u{1b}]8;;evil\u{7}",
            "https://x.org/\u{7}",
            "https://x.org/\u{9b}31m",
            "https://x.org/\u{202e}moc.live",
            "ftp://x.org",
            "https",
            "",
        ] {
            assert_eq!(clickable(bad), None, "{bad:?}");
        }
        let long = format!("https://x.org/{}", "a".repeat(3000));
        assert_eq!(clickable(&long), None);
    }

    #[test]
    fn shown_without_scheme_and_www() {
        assert_eq!(
            without_scheme("https://www.youtube.com/watch?v=a"),
            "youtube.com/watch?v=a"
        );
        assert_eq!(
            without_scheme("http://open.spotify.com/x"),
            "open.spotify.com/x"
        );
    }

    #[test]
    fn each_cell_of_the_text_links_and_keeps_one_column() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 2));
        buf.set_string(2, 1, "ab|", ratatui::style::Style::new());
        let spot = LinkSpot {
            x: 2,
            y: 1,
            text: "abc".into(),
            target: "https://x.org".into(),
        };
        apply(&mut buf, &[spot]);
        assert_eq!(
            buf[(2, 1)].symbol(),
            "\x1b]8;;https://x.org\x1b\\a\x1b]8;;\x1b\\"
        );
        assert_eq!(
            buf[(3, 1)].diff_option,
            CellDiffOption::ForcedWidth(NonZeroU16::MIN)
        );
        // A cell an overlay drew over is left as it is.
        assert_eq!(buf[(4, 1)].symbol(), "|");
        assert_eq!(buf[(1, 1)].symbol(), " ");
    }
}
