//! A raw-bytes test that lets `earmark search` skip merging and searching
//! a JSON transcript that cannot match, before its fragments are even
//! looked at: testing every fragment against the pattern
//! ([`super::fragment_prefilter`]) cost more than the bytes' own search.
//!
//! The file is still read (the reader alone says whether it refuses the
//! file, and a skipped file must not hide a refusal), but its fragments
//! are only asked whether merging them keeps any text. The test uses the
//! pieces of [`super::cue_prefilter`] (runs of the pattern with no char
//! that can sit beside a seam between two fragments) and holds when,
//! besides [`CueFilter::raw_clear`](super::cue_prefilter::CueFilter::raw_clear)
//! (no piece in the bytes, bytes that are UTF-8 and that cleaning leaves
//! as they are), every one of [`strings_are_bytes`]'s conditions holds.
//! Why a JSON file it accepts (read by a JSON reader) holds no match:
//!
//! * Escapes: every `\` starts an escape of a line break, a quote, or
//!   (`\u`) an ASCII seam char, so every string's value is the bytes
//!   between its quotes with some escapes turned into ASCII seam chars.
//!   A quote after a `\` is text; the others (the JSON being valid, or
//!   the reader refuses it) alternate: the first opens a string, the next
//!   closes it.
//! * Every fragment text a JSON reader makes is one string value (a body,
//!   a text, a word) or several concatenated as they are (a YouTube
//!   event's `segs`); speakers and metadata are not searched. Merging
//!   takes labels off the front of texts, trims them and joins them with
//!   a line break, a space or nothing, after cleaning each fragment.
//! * Cleaning: the bytes need none ([`needs_cleaning`] on the whole file
//!   covers every single string), and an escape puts an ASCII char where
//!   the bytes had one (its `\`), which cleaning leaves alone and which
//!   breaks any sequence it repairs (mojibake is only ever made of
//!   non-ASCII chars). A concatenation could form such a sequence across
//!   two strings: no string ends with a non-ASCII char when one of its
//!   last three starts with the byte every such sequence starts with, so
//!   none can.
//!   So every segment's text is made of trimmed tails of concatenations
//!   of string values, joined.
//! * A piece has no seam char, so a match of it lies within one run of a
//!   string's own bytes between escapes (no piece in the bytes: there is
//!   none), or starts in a string and runs on across its end: that value,
//!   trailing whitespace trimmed, then ends with a proper prefix of the
//!   piece (not with an escape's seam char). The test looks at the end of
//!   every string that is not a key (a key is followed by a `:`) and
//!   finds none.
//!
//! [`needs_cleaning`]: crate::episode::text::needs_cleaning

use memchr::memchr_iter;

use super::fragment_prefilter::FragmentFilter;
use crate::episode::Format;
use crate::formats::fragment::Reading;

/// Whether `bytes` look like a JSON document: `{` or `[` first, after
/// whitespace. Only such a file is worth the test; the reader still says
/// which format it is ([`read_by_json_reader`]).
pub fn looks_like_json(bytes: &[u8]) -> bool {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    matches!(first, Some(b'{' | b'['))
}

/// Whether every string of `bytes` is its own bytes but for escapes of
/// ASCII seam chars, and none ends with what could start a match or a
/// repair running on into the next text (see the module comment): every
/// escape is `\n`, `\"` or a `\u` one of an ASCII seam char (some
/// encoders escape `<`, `>`, `&` and `'`), and every value string ends clear
/// ([`value_ends_clear`]).
pub fn strings_are_bytes(bytes: &[u8], filter: &FragmentFilter) -> bool {
    if !looks_like_json(bytes) || !memchr_iter(b'\\', bytes).all(|at| plain_escape(&bytes[at..])) {
        return false;
    }
    let mut open = None;
    for at in memchr_iter(b'"', bytes) {
        // Every `\` starts a plain escape: a `"` after one is text.
        if at > 0 && bytes[at - 1] == b'\\' {
            continue;
        }
        let Some(start) = open.take() else {
            open = Some(at + 1);
            continue;
        };
        if !is_key(&bytes[at + 1..]) && !value_ends_clear(&bytes[start..at], filter) {
            return false;
        }
    }
    true
}

/// The escapes that stand for a seam char cleaning leaves alone: a line
/// break and a quote.
const PLAIN_ESCAPES: [u8; 2] = [b'n', b'"'];

/// The chars a `\u` escape may stand for: ASCII seam chars (some
/// encoders escape the markup ones).
const ESCAPED_SEAM_CHARS: &str = ",.;:!?%)]}([{&<>\"'";

/// Whether `escape` (from its `\`) starts one of the escapes the module
/// comment allows.
pub fn plain_escape(escape: &[u8]) -> bool {
    match escape.get(1) {
        Some(b) if PLAIN_ESCAPES.contains(b) => true,
        Some(b'u') => escape
            .get(2..6)
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
            .and_then(char::from_u32)
            .is_some_and(|c| ESCAPED_SEAM_CHARS.contains(c)),
        _ => false,
    }
}

/// Whether a value string (its bytes between the quotes) ends, trailing
/// whitespace and line-break escapes aside, with neither the start of a
/// sequence cleaning may repair, nor other whitespace, nor a proper
/// prefix of a piece. An escape there stands for an ASCII seam char,
/// which no match can run across.
pub fn value_ends_clear(value: &[u8], filter: &FragmentFilter) -> bool {
    let mut value = value.trim_ascii_end();
    while let Some(before) = value.strip_suffix(b"\\n") {
        value = before.trim_ascii_end();
    }
    let escaped = value.ends_with(b"\\\"")
        || value.len() >= 6 && value[value.len() - 6..].starts_with(b"\\u");
    if escaped {
        return true;
    }
    !may_start_a_repair(value) && !ends_with_other_whitespace(value) && !filter.may_run_on(value)
}

/// Whether the last chars of `value` may start a sequence cleaning
/// repairs, run on into the next string. Every such sequence (see
/// `needs_cleaning`, and mojibake for a pattern that is not ASCII) starts
/// with a char whose first byte is 0xC3 and is at most four chars, all
/// non-ASCII: one that runs on starts within the last three chars, at
/// most 12 bytes.
fn may_start_a_repair(value: &[u8]) -> bool {
    let tail = &value[value.len().saturating_sub(12)..];
    value.last().is_some_and(|&b| b >= 0x80) && memchr::memchr(0xc3, tail).is_some()
}

/// Whether `value` ends with whitespace that is not ASCII (a no-break
/// space), which merging may trim.
fn ends_with_other_whitespace(value: &[u8]) -> bool {
    let start = value.len().saturating_sub(4);
    let tail = (start..=value.len()).find_map(|at| std::str::from_utf8(&value[at..]).ok());
    // Bytes that are not UTF-8 (the caller checks) count as whitespace.
    tail.is_none_or(|tail| tail.chars().next_back().is_some_and(char::is_whitespace))
}

/// Whether the string whose closing quote `rest` follows is a key.
fn is_key(rest: &[u8]) -> bool {
    rest.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b':')
}

/// Whether `reading` came from one of the JSON readers, the only ones the
/// module's argument is about (a file starting with `[` may be text).
pub fn read_by_json_reader(reading: &Reading) -> bool {
    matches!(
        reading.format,
        Format::Podcasting20Json
            | Format::WhisperJson
            | Format::SubtitleJson
            | Format::YoutubeJson3
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{Query, SearchOptions};

    fn clear(pattern: &str, json: &str) -> bool {
        let query = Query::parse(pattern, SearchOptions::default()).expect("valid");
        let filter = FragmentFilter::for_query(&query).expect("a filter");
        strings_are_bytes(json.as_bytes(), &filter)
    }

    #[test]
    fn plain_strings_are_their_bytes() {
        assert!(clear("zebra", r#"{"segments":[{"body":"a cat"}]}"#));
        assert!(clear("zebra", r#" [ {"text": "a cat. "} ]"#));
        assert!(!clear("zebra", "WEBVTT\n\n"));
    }

    /// Escapes of a line break, a quote or an ASCII seam char are seams;
    /// every other may hide text from the bytes.
    #[test]
    fn only_escapes_of_seam_chars_are_clear() {
        for clear_escape in [
            r"a\ncat",
            r#"a \"cat\""#,
            r"a\u003ccat",
            r"a\u0026",
            r"\n\n",
        ] {
            let json = format!(r#"{{"segments":[{{"body":"{clear_escape}"}}]}}"#);
            assert!(clear("zebra", &json), "{clear_escape}");
        }
        for hiding in [
            r"a \u0063at",
            r"a\u00e9",
            r"a\u2019s",
            r"a\/b",
            r"a\\b",
            r"a\tb",
            r"a\rb",
            r"a\u00",
        ] {
            let json = format!(r#"{{"segments":[{{"body":"{hiding}"}}]}}"#);
            assert!(!clear("zebra", &json), "{hiding}");
        }
    }

    /// A value ending with the start of a piece may run on into the next
    /// text; a key never does.
    #[test]
    fn a_piece_started_at_a_strings_end_is_not_clear() {
        let segs = r#"{"events":[{"segs":[{"utf8":"ze"},{"utf8":"bra"}]}]}"#;
        assert!(!clear("zebra", segs));
        assert!(!clear("zebra", r#"[{"text":"a ZEB  "}]"#));
        assert!(clear("zebra", r#"{"ze" : 1, "text":"zebr."}"#));
        assert!(!clear("zebra", r#"[{"text":"a ze\n \n"}, {"text":"bra"}]"#));
        assert!(clear("zebra", r#"[{"text":"a ze\"\n"}, {"text":"bra"}]"#));
        assert!(!clear("zebra", r#"[{"text":"a \"ze"}, {"text":"bra"}]"#));
    }

    #[test]
    fn a_string_ending_with_what_cleaning_may_join_is_not_clear() {
        assert!(!clear("zebra", r#"[{"text":"caf\u00e9"}]"#));
        assert!(!clear("zebra", "[{\"text\":\"caf\u{e9}\"}]"));
        assert!(!clear("zebra", "[{\"text\":\"x \u{c2}\u{2019}\"}]"));
        assert!(!clear("zebra", "[{\"text\":\"a ze\u{a0}\"}]"));
        assert!(!clear("zebra", "[{\"text\":\"a \u{a0}\"}]"));
        assert!(clear("zebra", "[{\"text\":\"caf\u{e9}s\"}]"));
        assert!(clear("zebra", "[{\"text\":\"\u{201c}Hi.\u{201d}\"}]"));
        assert!(clear("zebra", "[{\"text\":\"So\u{2026}\\n\"}]"));
    }
}
