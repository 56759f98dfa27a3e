//! Line-level helpers of the scan: where lines are, quick trims, headings.

use std::ops::Range;

/// Where each line of `range` of `body` starts and ends (its `\n` left
/// out), the last one running to the end of `range`. `range` starts at a
/// line's start. Over a whole body these are the pieces `split('\n')`
/// gives; a range that ends at a line's start may end with an empty line,
/// which is blank text and changes nothing.
pub(super) fn line_spans(
    body: &[u8],
    range: Range<usize>,
) -> impl Iterator<Item = Range<usize>> + '_ {
    let end = range.end;
    let mut next_start = (range.start < end || end == body.len()).then_some(range.start);
    let bytes = &body[..end];
    std::iter::from_fn(move || {
        let start = next_start?;
        let line_end = line_end(bytes, start);
        next_start = (line_end < end).then_some(line_end + 1);
        Some(start..line_end)
    })
}

/// Where the line starting at `start` ends: at its `\n`, or at the end of
/// `bytes`. The memchr crate finds a newline several times faster than a
/// byte loop on lines of ~140 bytes. (Left to the compiler, this was not
/// always inlined into the scan, which then took ~5% longer.)
#[inline(always)]
fn line_end(bytes: &[u8], start: usize) -> usize {
    match bytes.get(start) {
        // A third of a transcript's lines are blank: no search for those.
        Some(b'\n') => start,
        _ => memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |at| start + at),
    }
}

/// `line` trimmed (as [`str::trim`] does), unless it can be neither a
/// heading nor a header of any dialect: every one of those, trimmed,
/// starts with `#` or `[` or ends with `)` or `:`. A quick, exact no.
///
/// Only ASCII whitespace is trimmed first, so a line whose trimmed ends are
/// not plain ASCII (maybe Unicode whitespace) is a "maybe", left to the
/// recognisers. When both ends are plain ASCII, they are no whitespace of
/// any kind, so that trim is already [`str::trim`]'s.
pub(super) fn marker_trimmed(line: &str) -> Option<&str> {
    let trimmed = line.trim_ascii();
    let bytes = trimmed.as_bytes();
    let (&first, &last) = (bytes.first()?, bytes.last()?);
    let unsure = |b: u8| !b.is_ascii() || b.is_ascii_control();
    if unsure(first) || unsure(last) {
        return Some(line.trim());
    }
    let marker = matches!(first, b'#' | b'[') || matches!(last, b')' | b':');
    marker.then_some(trimmed)
}

/// [`str::trim`], without decoding chars when ASCII whitespace ends at
/// visible ASCII on both sides (most names and times), which no whitespace
/// is.
pub(super) fn trim(text: &str) -> &str {
    let visible = |b: Option<&u8>| b.is_some_and(u8::is_ascii_graphic);
    let trimmed = text.trim_ascii();
    let bytes = trimmed.as_bytes();
    if visible(bytes.first()) && visible(bytes.last()) {
        trimmed
    } else {
        text.trim()
    }
}

/// A Markdown ATX heading: one to six `#`, then a space or the end.
pub(super) fn is_heading(line: &str) -> bool {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    (1..=6).contains(&hashes) && matches!(line.as_bytes().get(hashes), None | Some(b' '))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quick trims give `str::trim`'s slice, at the same place.
    #[test]
    fn quick_trims_are_str_trim() {
        for text in [
            "",
            " ",
            "a",
            " a ",
            "\ta b\r",
            "\x0ba",
            "a\x0b",
            "\u{a0}a",
            "a\u{2003}",
            " \u{a0} ",
            "é",
            " (00:01) ",
            "Lenny ",
            "#",
            "\x0c[x]\x0c",
            "x\u{85}",
        ] {
            assert!(std::ptr::eq(trim(text), text.trim()), "{text:?}");
            if let Some(trimmed) = marker_trimmed(text) {
                assert!(std::ptr::eq(trimmed, text.trim()), "{text:?}");
            }
        }
    }

    /// The line spans are the pieces `split('\n')` gives.
    #[test]
    fn line_spans_are_the_split_lines() {
        for text in [
            "",
            "\n",
            "a",
            "a\n",
            "\n\nb",
            "a\n\n",
            "ab\ncd\n\nef",
            "\u{e9}\n\n",
        ] {
            let spans: Vec<&str> = line_spans(text.as_bytes(), 0..text.len())
                .map(|r| &text[r])
                .collect();
            assert_eq!(spans, text.split('\n').collect::<Vec<_>>(), "{text:?}");
        }
    }

    #[test]
    fn headings_are_recognised() {
        assert!(is_heading("# Title"));
        assert!(is_heading("## Transcript"));
        assert!(is_heading("#"));
        assert!(!is_heading("#1 thing"));
        assert!(!is_heading("####### seven"));
    }
}
