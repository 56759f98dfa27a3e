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
    let mut newlines = Newlines::new(&body[..end], range.start);
    std::iter::from_fn(move || {
        let start = next_start?;
        // Lines follow each other: the next newline ends this one.
        let line_end = newlines.next().unwrap_or(end);
        next_start = (line_end < end).then_some(line_end + 1);
        Some(start..line_end)
    })
}

/// The newlines of `bytes` from a place on, in order, found 64 bytes at a
/// time into a bit mask. A `memchr` a line (~140 bytes) cost more to set
/// up than its search, and was a tenth of searching for a common word.
struct Newlines<'a> {
    bytes: &'a [u8],
    /// Where the 64 bytes `mask` stands for start.
    block: usize,
    /// A bit for each newline of the block not yet given.
    mask: u64,
}

impl<'a> Newlines<'a> {
    fn new(bytes: &'a [u8], from: usize) -> Newlines<'a> {
        Newlines {
            bytes,
            block: from,
            mask: newline_mask(bytes, from),
        }
    }

    /// The next newline's index.
    #[inline(always)]
    fn next(&mut self) -> Option<usize> {
        while self.mask == 0 {
            self.block += 64;
            if self.block >= self.bytes.len() {
                return None;
            }
            self.mask = newline_mask(self.bytes, self.block);
        }
        let at = self.block + self.mask.trailing_zeros() as usize;
        self.mask &= self.mask - 1;
        Some(at)
    }
}

/// A bit for each newline among the (up to) 64 bytes of `bytes` from `at`.
#[inline(always)]
fn newline_mask(bytes: &[u8], at: usize) -> u64 {
    let rest = bytes.get(at..).unwrap_or_default();
    match rest.first_chunk::<64>() {
        Some(block) => block_newlines(block),
        None => (rest.iter().enumerate()).fold(0, |m, (i, &b)| m | (u64::from(b == b'\n') << i)),
    }
}

/// [`newline_mask`] of a whole block, 16 bytes an instruction (SSE2, which
/// every x86-64 processor has).
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn block_newlines(block: &[u8; 64]) -> u64 {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8,
    };
    // SAFETY: SSE2 is part of every x86-64 processor (the compiler assumes
    // it for this target); each load reads bytes `16 * k..16 * k + 16`
    // (k < 4) of the block, with any alignment.
    let quarter = |k: usize| unsafe {
        let newline = _mm_set1_epi8(b'\n' as i8);
        let read = _mm_loadu_si128(block.as_ptr().add(16 * k).cast::<__m128i>());
        u64::from(_mm_movemask_epi8(_mm_cmpeq_epi8(read, newline)) as u16)
    };
    quarter(0) | quarter(1) << 16 | quarter(2) << 32 | quarter(3) << 48
}

/// [`newline_mask`] of a whole block.
#[cfg(not(target_arch = "x86_64"))]
fn block_newlines(block: &[u8; 64]) -> u64 {
    (block.iter().enumerate()).fold(0, |m, (i, &b)| m | (u64::from(b == b'\n') << i))
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
#[inline]
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
#[inline]
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

    /// Over texts longer than a block, from every line start, to every
    /// end at a line start or the text's end: the same lines as a split.
    #[test]
    fn line_spans_across_blocks_are_the_split_lines() {
        let mut seed = 3u64;
        for len in [0, 1, 63, 64, 65, 127, 128, 129, 300] {
            seed = crate::test_support::lcg_next(seed);
            let mut next = seed;
            let text: String = (0..len)
                .map(|_| {
                    next = crate::test_support::lcg_next_by(next, 1);
                    if (next >> 33).is_multiple_of(9) {
                        '\n'
                    } else {
                        'a'
                    }
                })
                .collect();
            let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1));
            let starts: Vec<usize> = starts.collect();
            for &from in &starts {
                for &to in starts.iter().filter(|&&to| to >= from).chain([&text.len()]) {
                    let spans: Vec<&str> = line_spans(text.as_bytes(), from..to)
                        .map(|r| &text[r])
                        .collect();
                    let piece = &text[from..to];
                    let expected: Vec<&str> = match from == to && to < text.len() {
                        true => Vec::new(),
                        false => piece.split('\n').collect(),
                    };
                    assert_eq!(spans, expected, "{from}..{to} of {text:?}");
                }
            }
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
