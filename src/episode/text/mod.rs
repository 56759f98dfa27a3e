//! Text hygiene: everything that comes out of a transcript file passes through
//! [`clean`] once, so the rest of earmark can assume printable text.
//!
//! Two jobs, in this order:
//! 1. repair mojibake (UTF-8 that was once decoded as Windows-1252), because a
//!    repaired sequence may itself turn out to be a control character;
//! 2. remove terminal control: whole escape sequences (CSI, OSC, DCS, …), then
//!    any other C0/C1 control character; a tab becomes a space.

mod reach;

use std::borrow::Cow;

use reach::is_plain;
pub use reach::{
    UnplainWalk, holds_invisible, is_suspect_at, is_unplain_byte, mojibake_repairs_to_invisible,
    needs_cleaning, needs_cleaning_at, next_unplain_byte, next_unplain_control, unplain_positions,
};

const ESC: char = '\u{1b}';
const BEL: char = '\u{7}';
/// 8-bit (C1) introducers that open a sequence running to a terminator.
const C1_CSI: char = '\u{9b}';
const C1_STRING_OPENERS: [char; 5] = ['\u{90}', '\u{98}', '\u{9d}', '\u{9e}', '\u{9f}'];
const C1_ST: char = '\u{9c}';

/// Invisible chars that can make text read other than it is (Trojan
/// Source): the bidi embeddings, overrides, isolates and marks (U+061C,
/// U+200E, U+200F, U+202A..=U+202E, U+2066..=U+2069), the zero-width
/// space (U+200B), the word joiner (U+2060) and a byte order mark inside
/// text (U+FEFF). Cleaning drops them. The zero-width joiner and non-joiner
/// (U+200C, U+200D) are kept: emoji sequences and several scripts need
/// them, and they reorder nothing.
pub fn is_spoofing(c: char) -> bool {
    matches!(
        c,
        '\u{61c}'
            | '\u{200b}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}'
    )
}

/// U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR, which cleaning
/// turns into a space: a terminal may break a line on them where earmark
/// does not count one, and a one-line message must stay one line.
pub fn is_unicode_line_break(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}')
}

/// Cleans one piece of untrusted text (a line of a transcript, a metadata
/// value). Newlines are kept; callers that need a single line split first.
pub fn clean(text: &str) -> Cow<'_, str> {
    if is_plain(text) {
        return Cow::Borrowed(text);
    }
    let repaired = repair_mojibake(text);
    if !has_control(&repaired) && !holds_invisible(repaired.as_bytes()) {
        // Stripping would copy it unchanged (accented names, `£`, a
        // no-break space): keep the borrow.
        return repaired;
    }
    Cow::Owned(strip_control(&repaired))
}

/// Whether `text` holds a char [`strip_control`] changes: a C0 control
/// but `\n` (the tab and ESC among them), DEL, or a C1 control
/// (U+0080..=U+009F, bytes `C2 80..=C2 9F`). Without one, every char is
/// pushed as it is.
fn has_control(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        (b < 0x20 && b != b'\n')
            || b == 0x7f
            || (b == 0xc2 && bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)))
    })
}

/// Cleans text that must stay on one line (a title, a metadata value): as
/// [`clean`], then every run of whitespace, newlines included, becomes one
/// space and the ends are trimmed, so a value can never break a layout.
pub fn clean_one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // ASCII whitespace only: a no-break space in a name is meant.
    let cleaned = clean(text);
    let words = cleaned.split(|c: char| c.is_ascii_whitespace());
    for word in words.filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Cleans a file name for display: as [`clean`], with newlines turned into
/// spaces (a message naming the file must stay one line) but other spacing
/// kept, so the name still reads as the user typed it.
pub fn clean_file_name(name: &str) -> String {
    clean(name).replace('\n', " ")
}

/// Removes escape sequences whole, every other control character except
/// `\n` and every [`is_spoofing`] char; a tab and a Unicode line break
/// become a space.
pub fn strip_control(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push(' '),
            ESC => skip_escape(&mut chars),
            C1_CSI => skip_csi_body(&mut chars),
            c if C1_STRING_OPENERS.contains(&c) => skip_string_body(&mut chars),
            c if is_control(c) || is_spoofing(c) => {}
            c if is_unicode_line_break(c) => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// C0, DEL and C1 control characters.
fn is_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

/// Skips what follows an ESC: a CSI, a string sequence (OSC, DCS, SOS, PM,
/// APC) or a short escape (intermediates then one final character).
fn skip_escape(chars: &mut Chars) {
    match chars.peek() {
        Some('[') => {
            chars.next();
            skip_csi_body(chars);
        }
        Some(']' | 'P' | 'X' | '^' | '_') => {
            chars.next();
            skip_string_body(chars);
        }
        Some(_) => {
            // nF escapes: intermediates 0x20..=0x2F, then a final 0x30..=0x7E.
            while chars
                .next_if(|c| ('\u{20}'..='\u{2f}').contains(c))
                .is_some()
            {}
            chars.next_if(|c| ('\u{30}'..='\u{7e}').contains(c));
        }
        None => {}
    }
}

/// CSI: parameter and intermediate bytes, then one final byte. Stops early at
/// a newline or anything that cannot belong to the sequence, so a broken
/// sequence never swallows text.
fn skip_csi_body(chars: &mut Chars) {
    while chars
        .next_if(|c| ('\u{20}'..='\u{3f}').contains(c))
        .is_some()
    {}
    chars.next_if(|c| ('\u{40}'..='\u{7e}').contains(c));
}

/// OSC/DCS-style strings run to BEL, ESC `\` or C1 ST. An unterminated one
/// ends at the end of the line rather than eating the rest of the file.
fn skip_string_body(chars: &mut Chars) {
    while let Some(&c) = chars.peek() {
        match c {
            '\n' => return,
            BEL | C1_ST => {
                chars.next();
                return;
            }
            ESC => {
                chars.next();
                chars.next_if_eq(&'\\');
                return;
            }
            _ => {
                chars.next();
            }
        }
    }
}

/// Repairs runs like `â€™` back to `’`: each char is mapped to the byte
/// Windows-1252 would have given it; a UTF-8 lead byte followed by the right
/// number of continuation bytes that decodes to one valid char is replaced by
/// that char. Anything that does not round-trip is left as it is.
pub fn repair_mojibake(text: &str) -> Cow<'_, str> {
    if text.is_ascii() || !may_hold_mojibake(text) {
        return Cow::Borrowed(text);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut i = 0;
    while i < chars.len() {
        if let Some((decoded, used)) = decode_mojibake_at(&chars[i..]) {
            out.push(decoded);
            i += used;
            changed = true;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(text)
    }
}

/// [`bytes_may_hold_mojibake`] of a text.
fn may_hold_mojibake(text: &str) -> bool {
    bytes_may_hold_mojibake(text.as_bytes())
}

/// A quick, exact no for text [`repair_mojibake`] leaves as it is, read
/// from its UTF-8 bytes. A sequence starts with the char for a UTF-8 lead
/// byte, U+00C2..=U+00F4 (bytes `C3 82..=C3 B4`), followed by the char for
/// a continuation byte, which is never ASCII: so some `C3` byte has a
/// non-ASCII byte two places after it. A `ö` in a name (followed by a
/// letter) has not.
pub fn bytes_may_hold_mojibake(bytes: &[u8]) -> bool {
    memchr::memchr_iter(0xc3, bytes).any(|i| bytes.get(i + 2).is_some_and(|&b| b >= 0x80))
}

/// Tries to read one mojibake'd UTF-8 sequence at the start of `chars`.
fn decode_mojibake_at(chars: &[char]) -> Option<(char, usize)> {
    let lead = cp1252_byte(*chars.first()?)?;
    let len = match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let mut bytes = [lead, 0, 0, 0];
    for (k, slot) in bytes.iter_mut().enumerate().take(len).skip(1) {
        let b = cp1252_byte(*chars.get(k)?)?;
        if !(0x80..=0xBF).contains(&b) {
            return None;
        }
        *slot = b;
    }
    let decoded = std::str::from_utf8(&bytes[..len]).ok()?.chars().next()?;
    Some((decoded, len))
}

/// The byte Windows-1252 encodes `c` as, for non-ASCII chars. The five bytes
/// 1252 leaves undefined come through many decoders as the C1 char of the same
/// value, so those map back too.
fn cp1252_byte(c: char) -> Option<u8> {
    let b = match c {
        '\u{a0}'..='\u{ff}' => c as u32 as u8,
        '\u{81}' | '\u{8d}' | '\u{8f}' | '\u{90}' | '\u{9d}' => c as u32 as u8,
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    };
    Some(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quick noes in [`clean`] and [`repair_mojibake`] change nothing:
    /// every string of up to four pieces cleans as by the long way.
    #[test]
    fn quick_noes_agree_with_the_long_way() {
        let pieces = [
            "a",
            " ",
            "\n",
            "\t",
            "\u{1b}[2J",
            "\u{7f}",
            "\u{9b}",
            "\u{85}",
            "ö",
            "Ã",
            "Â",
            "¶",
            "\u{a0}",
            "€",
            "’",
            "â€™",
            "Ã¶",
            "Â›",
            "é",
            "x\r",
        ];
        let texts = crate::test_support::concatenations(&pieces, 4);
        let (mut kept, mut changed) = (0, 0);
        for text in &texts {
            let long_way = if is_plain(text) {
                text.clone()
            } else {
                let chars: Vec<char> = text.chars().collect();
                let mut repaired = String::new();
                let mut i = 0;
                while i < chars.len() {
                    if let Some((decoded, used)) = decode_mojibake_at(&chars[i..]) {
                        repaired.push(decoded);
                        i += used;
                    } else {
                        repaired.push(chars[i]);
                        i += 1;
                    }
                }
                strip_control(&repaired)
            };
            let cleaned = clean(text);
            assert_eq!(cleaned, long_way, "{text:?}");
            if cleaned == *text {
                kept += 1;
            } else {
                changed += 1;
            }
        }
        assert!(kept > 1000 && changed > 1000, "{kept} {changed}");
    }

    #[test]
    fn repairs_windows_1252_mojibake() {
        assert_eq!(clean("sheâ€™s"), "she’s");
        assert_eq!(clean("SÃ¶derstrÃ¶m"), "Söderström");
        assert_eq!(clean("â€œquotedâ€\u{9d}"), "“quoted”");
    }

    #[test]
    fn leaves_real_accents_alone() {
        assert_eq!(clean("naïve café — “ok”"), "naïve café — “ok”");
        assert_eq!(clean("Ã alone"), "Ã alone");
    }

    #[test]
    fn removes_escape_sequences_whole() {
        assert_eq!(clean("a\u{1b}[2Jb"), "ab");
        assert_eq!(clean("a\u{1b}[38;5;196mred\u{1b}[0m"), "ared");
        assert_eq!(clean("a\u{1b}]0;pwned\u{7}b"), "ab");
        assert_eq!(clean("a\u{1b}]52;c;aGk=\u{1b}\\b"), "ab");
        assert_eq!(clean("a\u{9b}2Jb"), "ab");
        assert_eq!(clean("a\u{9d}0;t\u{9c}b"), "ab");
        assert_eq!(clean("a\u{1b}Pq#0\u{1b}\\b"), "ab");
        assert_eq!(clean("a\u{1b}(Bb"), "ab");
    }

    #[test]
    fn unterminated_osc_stops_at_end_of_line() {
        assert_eq!(clean("a\u{1b}]0;title\nnext"), "a\nnext");
    }

    #[test]
    fn removes_other_controls_and_turns_tabs_into_spaces() {
        assert_eq!(clean("a\u{7}b\u{0}c\u{7f}d\u{85}e\tf\rg"), "abcde fg");
    }

    #[test]
    fn one_line_text_has_no_newlines_or_runs_of_spaces() {
        assert_eq!(clean_one_line(" a\n\n b\t\r\nc\u{1b}[2J "), "a b c");
        assert_eq!(clean_one_line("sheâ€™s"), "she’s");
        assert_eq!(clean_one_line("Marty\u{a0}Cagan"), "Marty\u{a0}Cagan");
        assert_eq!(
            clean_file_name("dir/a  b\n\u{1b}]0;x\u{7}.md"),
            "dir/a  b .md"
        );
    }

    /// Text `is_plain` lets through is what the full clean gives back.
    #[test]
    fn plain_text_is_left_as_it_is() {
        for c in (0..=0x10ffff_u32).filter_map(char::from_u32) {
            let text = format!("a{c}b\n{c}{c}");
            if is_plain(&text) {
                assert_eq!(strip_control(&repair_mojibake(&text)), text, "{c:?}");
            }
        }
        assert!(is_plain("no: she’s — “ok” 日本"));
        assert!(!is_plain("naïve"));
        assert!(!is_plain("Ã¶"));
    }

    /// Every spoofing char is dropped and every Unicode line break becomes
    /// a space, in plain text and inside mojibake'd text alike.
    #[test]
    fn spoofing_chars_are_dropped_and_line_breaks_become_spaces() {
        let spoofing = [
            '\u{61c}', '\u{200b}', '\u{200e}', '\u{200f}', '\u{202a}', '\u{202b}', '\u{202c}',
            '\u{202d}', '\u{202e}', '\u{2060}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
            '\u{feff}',
        ];
        for c in spoofing {
            assert!(is_spoofing(c), "{c:?}");
            assert_eq!(clean(&format!("a{c}b")), "ab", "{c:?}");
            assert_eq!(clean(&format!("naïve a{c}b")), "naïve ab", "{c:?}");
            assert_eq!(clean_file_name(&format!("x{c}.md")), "x.md", "{c:?}");
            let long = format!("{}{c}{}", "x".repeat(100), "y".repeat(100));
            assert_eq!(next_unplain_byte(&long, 0), 100, "{c:?}");
        }
        for c in ['\u{2028}', '\u{2029}'] {
            assert_eq!(clean(&format!("a{c}b")), "a b", "{c:?}");
            assert_eq!(clean_one_line(&format!("a{c}b")), "a b", "{c:?}");
        }
        // The joiners stay: emoji sequences and scripts need them.
        let family = "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467} \u{915}\u{94d}\u{200c}";
        assert_eq!(clean(family), family);
        // U+200B read as Windows-1252, repaired, then dropped.
        assert_eq!(clean("a\u{e2}\u{20ac}\u{2039}b"), "ab");
        assert!(mojibake_repairs_to_invisible(
            "\u{e2}\u{20ac}\u{2039}b".as_bytes()
        ));
        assert!(!mojibake_repairs_to_invisible(
            "\u{e2}\u{20ac}\u{2122}".as_bytes()
        ));
    }

    #[test]
    fn mojibake_that_decodes_to_a_control_is_still_removed() {
        // "Â›" is C2 9B, the 8-bit CSI, once repaired: removed with its body.
        assert_eq!(clean("aÂ›2Jb"), "ab");
    }
}
