//! The reach of cleaning: which bytes [`clean`] may change.
//!
//! These rules have one owner. The parser skips cleaning text that holds
//! none of these bytes, and `earmark search`'s fast path
//! (`library::prefilter`, `library::search_pass`) trusts that cleaning
//! leaves such text as it is; the tests below are the proofs both rely on,
//! so a change to what cleaning does fails here.

#[cfg(doc)]
use super::clean;
use super::{decode_mojibake_at, is_spoofing, is_unicode_line_break};

/// True when cleaning cannot change the text: no C0 control but `\n`, no
/// DEL, no byte 0xC2 or 0xC3, and no [`is_spoofing`] char or Unicode line
/// break. 0xC2 and 0xC3 lead every C1 control (U+0080..=U+009F) and every
/// char that can start a mojibake sequence (U+00C2..=U+00F4, the
/// Windows-1252 reading of a UTF-8 lead byte), so without them neither
/// repair nor stripping has anything to act on. That covers plain ASCII
/// and most other text (`’`, `—`, CJK).
pub(super) fn is_plain(text: &str) -> bool {
    next_unplain_byte(text, 0) == text.len()
}

/// Whether an [`is_spoofing`] char or a Unicode line break starts at byte
/// `i`: their UTF-8 forms, which all start with 0xD8, 0xE2 or 0xEF.
fn invisible_at(bytes: &[u8], i: usize) -> bool {
    matches!(
        &bytes[i..],
        // U+061C
        [0xd8, 0x9c, ..]
            // U+200B, U+200E, U+200F, U+2028..=U+202E
            | [0xe2, 0x80, 0x8b | 0x8e | 0x8f | 0xa8..=0xae, ..]
            // U+2060, U+2066..=U+2069
            | [0xe2, 0x81, 0xa0 | 0xa6..=0xa9, ..]
            // U+FEFF
            | [0xef, 0xbb, 0xbf, ..]
    )
}

/// Whether `bytes` hold an [`is_spoofing`] char or a Unicode line break,
/// which cleaning drops or turns into a space. The lead bytes are found by
/// the memchr crate; most are a `’` or a `—`, passed over after a look at
/// the next two bytes.
pub fn holds_invisible(bytes: &[u8]) -> bool {
    memchr::memchr3_iter(0xd8, 0xe2, 0xef, bytes).any(|i| invisible_at(bytes, i))
}

/// Whether the mojibake at the start of `bytes` repairs to an
/// [`is_spoofing`] char or a Unicode line break (`â€‹` is U+200B read as
/// Windows-1252), which cleaning then drops or turns into a space.
pub fn mojibake_repairs_to_invisible(bytes: &[u8]) -> bool {
    // Four chars of up to three bytes each are all a sequence can take.
    let head = &bytes[..bytes.len().min(12)];
    let valid = match std::str::from_utf8(head) {
        Ok(text) => text,
        Err(error) => std::str::from_utf8(&head[..error.valid_up_to()]).unwrap_or_default(),
    };
    let chars: Vec<char> = valid.chars().take(4).collect();
    decode_mojibake_at(&chars).is_some_and(|(c, _)| is_spoofing(c) || is_unicode_line_break(c))
}

/// A byte plain text (which cleaning leaves alone) has none of: a C0
/// control but `\n`, DEL, 0xC2 or 0xC3. Written with fewer compares than
/// that list (the tests check it on every byte), since whole bodies go
/// through it.
pub fn is_unplain_byte(b: u8) -> bool {
    // `b ^ 0x0A` maps 0x00..=0x1F onto itself with `\n` at 0; less one,
    // the other C0 controls are exactly the values below 0x1F. Clearing
    // the lowest bit maps 0xC2 and 0xC3, and only them, to 0xC2.
    ((b ^ b'\n').wrapping_sub(1) < 0x1f) | (b == 0x7f) | ((b & 0xfe) == 0xc2)
}

/// The index of the first byte at or after `from` that [`clean`] acts on
/// (a control char but `\n`, DEL, 0xC2 or 0xC3, or the start of an
/// [`is_spoofing`] char or a Unicode line break), or the text's length: a
/// piece of `text` that ends before it is left as it is by [`clean`]. One
/// pass over a whole body this way is much cheaper than checking it line by
/// line.
pub fn next_unplain_byte(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    let start = from.min(bytes.len());
    let stop = next_unplain_control(bytes, start);
    // The invisible chars' lead bytes before it, by the memchr crate: most
    // are a `’` or a `—`, passed over after a look at two more bytes.
    memchr::memchr3_iter(0xd8, 0xe2, 0xef, &bytes[start..stop])
        .map(|at| start + at)
        .find(|&at| invisible_at(bytes, at))
        .unwrap_or(stop)
}

/// The first unplain byte (a control char but `\n`, DEL, 0xC2 or 0xC3) at
/// or after `start`, or the length: what [`next_unplain_byte`] finds in
/// text that holds no invisible char (as text that does not
/// [`need cleaning`](needs_cleaning) holds none).
pub fn next_unplain_control(bytes: &[u8], start: usize) -> usize {
    let start = start.min(bytes.len());
    const BLOCK: usize = 64;
    let first_unplain = |piece: &[u8]| piece.iter().position(|&b| is_unplain_byte(b));
    // Whole blocks by a fold (vector compares); only a block that holds
    // such a byte is searched for where. Blocks of a fixed size compile to
    // tighter code than `chunks`.
    let (blocks, tail) = bytes[start..].as_chunks::<BLOCK>();
    for (k, block) in blocks.iter().enumerate() {
        if block.iter().fold(false, |any, &b| any | is_unplain_byte(b)) {
            return start + k * BLOCK + first_unplain(block).unwrap_or(0);
        }
    }
    let tail_start = start + blocks.len() * BLOCK;
    first_unplain(tail).map_or(bytes.len(), |at| tail_start + at)
}

/// Where every control char but `\n`, DEL, 0xC2 and 0xC3 sits in `bytes`,
/// in order: the bytes [`next_unplain_byte`] stops at when the bytes do
/// not [`hold invisible chars`](holds_invisible), found in one pass, for a
/// caller that has other uses for them before a [`BodyScan`] scan.
///
/// [`BodyScan`]: crate::episode::BodyScan
pub fn unplain_positions(bytes: &[u8]) -> Vec<usize> {
    // DEL, 0xC2 and 0xC3 by the memchr crate (vector code chosen at run
    // time), then the C0 controls but `\n` by whole blocks: two cheaper
    // passes than one testing for all of them.
    let mut found: Vec<usize> = memchr::memchr3_iter(0x7f, 0xc2, 0xc3, bytes).collect();
    let before = found.len();
    // `b ^ 0x0A` maps 0x00..=0x1F onto itself with `\n` at 0; less one,
    // the other C0 controls are exactly the values below 0x1F.
    let control = |b: u8| (b ^ b'\n').wrapping_sub(1) < 0x1f;
    const BLOCK: usize = 64;
    let mut start = 0;
    for block in bytes.chunks(BLOCK) {
        if block.iter().fold(false, |any, &b| any | control(b)) {
            let controls = block.iter().enumerate().filter(|(_, b)| control(**b));
            found.extend(controls.map(|(at, _)| start + at));
        }
        start += block.len();
    }
    if found.len() > before {
        found.sort_unstable();
    }
    found
}

/// Whether cleaning could change `bytes` in a way that makes a match of a
/// printable ASCII pattern appear: a control char (but `\n`, and `\r` before
/// `\n`), DEL, a C1 control in UTF-8, or mojibake that repairs to a C1
/// control, to U+212A or to U+017F.
pub fn needs_cleaning(bytes: &[u8]) -> bool {
    // Most 64-byte blocks hold none of the bytes that start a suspect: test
    // whole blocks with a loop the compiler turns into vector compares, and
    // look closer only at the blocks that do.
    const BLOCK: usize = 64;
    // Non-short-circuit `&` and `|` keep the test branch-free, so that it
    // vectorises.
    let suspect_start = |b: u8| ((b < 0x20) & (b != b'\n')) | (b == 0x7f) | ((b & 0xfe) == 0xc2);
    let mut start = 0;
    for block in bytes.chunks(BLOCK) {
        if block.iter().fold(false, |any, &b| any | suspect_start(b))
            && (start..start + block.len()).any(|i| is_suspect_at(bytes, i))
        {
            return true;
        }
        start += block.len();
    }
    holds_invisible(bytes)
}

/// [`needs_cleaning`] given where `bytes`' unplain bytes are
/// ([`unplain_positions`]): those
/// are exactly the bytes that can start a suspect, so only they are looked
/// at.
pub fn needs_cleaning_at(bytes: &[u8], unplain: &[usize]) -> bool {
    unplain.iter().any(|&i| is_suspect_at(bytes, i)) || holds_invisible(bytes)
}

/// The unplain bytes of `bytes` (a control char but `\n`, DEL, 0xC2 or
/// 0xC3), found in order as [`next_unplain_control`] finds them, each one
/// looked at once for what [`needs_cleaning`] flags: a layout scan that
/// walks to them anyway answers the check on the way, instead of a pass of
/// its own before it. (Invisible chars are not looked for: see
/// [`holds_invisible`].)
pub struct UnplainWalk<'b> {
    bytes: &'b [u8],
    /// The unplain byte every one up to which (itself included) was looked
    /// at, or the length.
    next: usize,
    suspect: bool,
}

impl<'b> UnplainWalk<'b> {
    /// A walk over `bytes` from `start`.
    pub fn new(bytes: &'b [u8], start: usize) -> UnplainWalk<'b> {
        let mut walk = UnplainWalk {
            bytes,
            next: start,
            suspect: false,
        };
        walk.settle(next_unplain_control(bytes, start));
        walk
    }

    /// The first unplain byte at or after `from` (or the length), as
    /// [`next_unplain_control`] gives it, every one before it looked at.
    pub fn next_from(&mut self, from: usize) -> usize {
        while self.next < from.min(self.bytes.len()) {
            self.settle(next_unplain_control(self.bytes, self.next + 1));
        }
        self.next
    }

    /// Whether an unplain byte looked at so far starts what
    /// [`needs_cleaning`] flags.
    pub fn flagged(&self) -> bool {
        self.suspect
    }

    /// Walks to the end, and tells whether any unplain byte starts what
    /// [`needs_cleaning`] flags: with [`holds_invisible`], its answer.
    pub fn needs_cleaning(mut self) -> bool {
        self.next_from(self.bytes.len());
        self.suspect
    }

    fn settle(&mut self, at: usize) {
        self.next = at;
        self.suspect |= at < self.bytes.len() && is_suspect_at(self.bytes, at);
    }
}

/// Whether the bytes at `i` start something cleaning would change
/// (looked at only where [`is_unplain_byte`] holds: [`needs_cleaning_at`]).
pub fn is_suspect_at(bytes: &[u8], i: usize) -> bool {
    let rest = &bytes[i..];
    match rest {
        [b'\r', b'\n', ..] | [b'\r'] => false,
        [b, ..] if *b < 0x20 && *b != b'\n' => true,
        [0x7f, ..] => true,
        // A C1 control, U+0080..=U+009F.
        [0xc2, 0x80..=0x9f, ..] => true,
        // `Â` then any non-ASCII: possibly `Â` + the Windows-1252 char for a
        // byte 0x80..=0x9F, which repairs to a C1 control.
        [0xc3, 0x82, 0x80..=0xff, ..] => true,
        // `Å¿`, which repairs to U+017F (long s).
        [0xc3, 0x85, 0xc2, 0xbf, ..] => true,
        // `â„ª`, which repairs to U+212A (Kelvin sign).
        [0xc3, 0xa2, 0xe2, 0x80, 0x9e, 0xc2, 0xaa, ..] => true,
        // `â`, `ï` or `Ø` (the Windows-1252 reading of a lead byte of a
        // char cleaning drops or turns into a space) before non-ASCII.
        [0xc3, 0xa2 | 0xaf | 0x98, 0x80..=0xff, ..] => mojibake_repairs_to_invisible(rest),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::episode::text::clean;

    #[test]
    fn unplain_bytes_are_the_listed_ones() {
        for b in 0..=u8::MAX {
            let listed = (b < 0x20 && b != b'\n') || b == 0x7f || b == 0xc2 || b == 0xc3;
            assert_eq!(is_unplain_byte(b), listed, "{b:#04x}");
        }
    }

    /// In whole blocks, in the tail after them, before and after `from`.
    #[test]
    fn next_unplain_byte_agrees_with_a_byte_loop() {
        for len in [0, 1, 63, 64, 65, 130, 200] {
            for at in 0..=len {
                let mut text = "x".repeat(len);
                if at < len {
                    text.replace_range(at..at + 1, "\u{7f}");
                }
                for from in [0, 1, 63, 64, 129, at, at + 1, len + 1] {
                    let expected = (from..len).find(|&i| i == at).unwrap_or(len);
                    assert_eq!(
                        next_unplain_byte(&text, from),
                        expected,
                        "{len} {at} {from}"
                    );
                }
            }
        }
    }

    /// Where text holds no invisible char, the unplain controls alone are
    /// the bytes cleaning acts on; where it holds one, they are not.
    #[test]
    fn without_invisible_chars_the_controls_are_the_unplain_bytes() {
        let plain = format!("{}a\tb é—’\u{7f}{}Ã\r\n", "x".repeat(70), "y".repeat(130));
        assert!(!needs_cleaning("a é—’ b\n".as_bytes()));
        for from in 0..=plain.len() + 1 {
            let control = next_unplain_control(plain.as_bytes(), from);
            assert_eq!(control, next_unplain_byte(&plain, from), "from {from}");
        }
        let invisible = "ab\u{200b}c";
        assert_eq!(next_unplain_byte(invisible, 0), 2);
        assert_eq!(
            next_unplain_control(invisible.as_bytes(), 0),
            invisible.len()
        );
    }

    #[test]
    fn unplain_positions_are_where_next_unplain_byte_stops() {
        let text = format!("{}a\tb é\u{7f}{}Ã\r\n", "x".repeat(70), "y".repeat(130));
        let mut expected = Vec::new();
        let mut at = next_unplain_byte(&text, 0);
        while at < text.len() {
            expected.push(at);
            at = next_unplain_byte(&text, at + 1);
        }
        assert_eq!(unplain_positions(text.as_bytes()), expected);
        assert_eq!(expected.len(), 5);
    }

    #[test]
    fn next_unplain_byte_finds_the_first_one() {
        let text = format!("{}\tb{}Ã", "a".repeat(100), "c".repeat(70));
        assert_eq!(next_unplain_byte(&text, 0), 100);
        assert_eq!(next_unplain_byte(&text, 100), 100);
        assert_eq!(next_unplain_byte(&text, 101), 172);
        assert_eq!(next_unplain_byte(&text, 174), 174);
        assert_eq!(next_unplain_byte("plain\n", 0), 6);
        assert_eq!(next_unplain_byte("x", 5), 1);
    }

    /// Text with only look-alike lead bytes (`’`, `—`, `…`, Arabic, `ï`)
    /// is plain: the search for invisible chars goes on past them.
    #[test]
    fn lead_bytes_of_other_chars_are_passed_over() {
        let text = format!("{}she’s — “ok” … ﻿x", "a".repeat(70));
        let text = text.replace('\u{feff}', "");
        assert!(!holds_invisible(text.as_bytes()));
        assert_eq!(next_unplain_byte(&text, 0), text.len());
        assert!(is_plain("مرحبا — she’s"));
        assert!(holds_invisible("she\u{202e}s".as_bytes()));
    }

    #[test]
    fn plain_text_needs_no_cleaning() {
        assert!(!needs_cleaning(b"plain text\nand more\r\n"));
        assert!(!needs_cleaning("naïve café — “ok” she’s\n".as_bytes()));
        assert!(!needs_cleaning(b"ends in a lone CR\r"));
    }

    #[test]
    fn text_that_cleaning_changes_is_flagged() {
        for text in [
            "tab\there",
            "a\u{7}b",
            "esc\u{1b}[2Jx",
            "del\u{7f}x",
            "lone\rcr",
            "c1 \u{9b}2Jx",
            "mojibake CSI Â›2Jx",
            "long \u{c5}\u{bf}",
            "kelvin \u{e2}\u{201e}\u{aa}",
            "zero\u{200b}width",
            "over\u{202e}ride",
            "bom\u{feff}inside",
            "line\u{2028}break",
            "mojibake zero-width \u{e2}\u{20ac}\u{2039}x",
        ] {
            assert!(needs_cleaning(text.as_bytes()), "{text:?}");
        }
        // The same suspects far into a long text, past the first block.
        let long = format!("{}tab\there", "x".repeat(1000));
        assert!(needs_cleaning(long.as_bytes()));
    }

    /// The unplain bytes are exactly the bytes that can start a suspect, so
    /// looking only at them gives the same answer.
    #[test]
    fn needs_cleaning_at_unplain_bytes_agrees() {
        use crate::episode::text::unplain_positions;
        let texts = [
            "plain text\nand more\r\n",
            "naïve café — “ok” she’s\n",
            "ends in a lone CR\r",
            "tab\there",
            "del\u{7f}x",
            "c1 \u{9b}2Jx",
            "mojibake CSI Â›2Jx",
            "long \u{c5}\u{bf}",
            "kelvin \u{e2}\u{201e}\u{aa}",
            "Ã© and Â and Å but nothing to flag",
            "zero\u{200b}width",
            "isolate\u{2067}x",
            "mojibake zero-width \u{e2}\u{20ac}\u{2039}x",
            "mojibake quote \u{e2}\u{20ac}\u{2122}s, not flagged",
        ];
        for text in texts {
            for pad in [0, 61, 200] {
                let text = format!("{}{text}{}", "x".repeat(pad), "é".repeat(pad));
                let bytes = text.as_bytes();
                let unplain = unplain_positions(bytes);
                assert_eq!(
                    needs_cleaning_at(bytes, &unplain),
                    needs_cleaning(bytes),
                    "{text:?}"
                );
            }
        }
    }

    /// A walk that stops wherever a scan asks (every line start, every
    /// byte, or only at the end) finds what [`next_unplain_control`] finds
    /// and flags what [`needs_cleaning`] flags, invisible chars aside.
    #[test]
    fn a_walk_to_the_unplain_bytes_answers_needs_cleaning() {
        let texts = [
            "plain text\nand more\r\n",
            "naïve café — “ok” she’s\n",
            "ends in a lone CR\r",
            "tab\there",
            "del\u{7f}x",
            "c1 \u{9b}2Jx",
            "mojibake CSI Â›2Jx",
            "long \u{c5}\u{bf}",
            "kelvin \u{e2}\u{201e}\u{aa}",
            "Ã© and Â and Å but nothing to flag",
            "two on a line: é then \u{7}\nthen é",
        ];
        for text in texts {
            for pad in [0, 61, 200] {
                let text = format!("{}{text}{}", "é".repeat(pad), "x\n".repeat(pad));
                let bytes = text.as_bytes();
                assert!(!holds_invisible(bytes), "{text:?}");
                for step in [1, 7, 64, bytes.len() + 1] {
                    for start in [0, 3] {
                        let mut walk = UnplainWalk::new(bytes, start);
                        for from in (start..=bytes.len()).step_by(step) {
                            let found = walk.next_from(from);
                            assert_eq!(found, next_unplain_control(bytes, from), "{text:?}");
                        }
                        if start == 0 {
                            let flagged = walk.needs_cleaning();
                            assert_eq!(flagged, needs_cleaning(bytes), "{text:?} by {step}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn the_mojibake_sources_really_repair_to_the_suspect_chars() {
        assert_eq!(clean("\u{c5}\u{bf}"), "\u{17f}");
        assert_eq!(clean("\u{e2}\u{201e}\u{aa}"), "\u{212a}");
        assert_eq!(clean("aÂ›2Jb"), "ab");
    }
}
