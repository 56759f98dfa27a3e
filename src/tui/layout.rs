//! The transcript as screen rows at one width: the wrap index.
//!
//! A segment becomes rows: a blank separator (all but the first), a speaker
//! header when the speaker changes, then its text wrapped by display width.
//! Rows are built per segment, lazily, and cached until the width changes, so
//! the cost of a frame depends on what is visible, never on the transcript's
//! length or on how far down the reader is.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::episode::Episode;

/// What one screen row of the transcript shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowKind {
    /// Space between segments.
    Blank,
    /// The speaker's name, when the speaker changes; carries the time.
    Header,
    /// A piece of the segment's text; `timed` rows carry the time in the
    /// gutter (the first text row of a segment without a header).
    Text { bytes: Range<usize>, timed: bool },
}

/// A reading position: row `row` of segment `segment`'s rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Position {
    pub segment: usize,
    pub row: usize,
}

/// A row placed on screen: which segment it belongs to and what it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisibleRow {
    pub segment: usize,
    pub kind: RowKind,
}

/// Most segments' rows kept at once; past this the cache starts over. Bounds
/// memory on huge transcripts while keeping every visible segment cached.
const CACHE_LIMIT: usize = 4096;

/// Rows per segment at one text width, computed on demand.
#[derive(Debug, Default)]
pub struct WrapIndex {
    width: usize,
    cache: RefCell<HashMap<usize, Rc<[RowKind]>>>,
}

impl WrapIndex {
    pub fn new(width: usize) -> Self {
        Self {
            width: width.max(1),
            cache: RefCell::default(),
        }
    }

    /// The text width rows are wrapped to.
    pub fn width(&self) -> usize {
        self.width
    }

    /// The rows of one segment.
    pub fn rows(&self, episode: &Episode, segment: usize) -> Rc<[RowKind]> {
        if let Some(rows) = self.cache.borrow().get(&segment) {
            return Rc::clone(rows);
        }
        let rows: Rc<[RowKind]> = segment_rows(episode, segment, self.width).into();
        let mut cache = self.cache.borrow_mut();
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(segment, Rc::clone(&rows));
        rows
    }

    /// The number of rows of one segment.
    pub fn row_count(&self, episode: &Episode, segment: usize) -> usize {
        self.rows(episode, segment).len()
    }

    /// Moves `n` rows down from `pos`, stopping at the last row.
    pub fn advance(&self, episode: &Episode, mut pos: Position, mut n: usize) -> Position {
        let last = episode.segments.len().saturating_sub(1);
        while n > 0 {
            let left_here = self.row_count(episode, pos.segment) - 1 - pos.row;
            if n <= left_here {
                pos.row += n;
                break;
            }
            if pos.segment == last {
                pos.row += left_here;
                break;
            }
            n -= left_here + 1;
            pos = Position {
                segment: pos.segment + 1,
                row: 0,
            };
        }
        pos
    }

    /// Moves `n` rows up from `pos`, stopping at the first row.
    pub fn retreat(&self, episode: &Episode, mut pos: Position, mut n: usize) -> Position {
        while n > 0 {
            if n <= pos.row {
                pos.row -= n;
                break;
            }
            if pos.segment == 0 {
                pos.row = 0;
                break;
            }
            n -= pos.row + 1;
            pos.segment -= 1;
            pos.row = self.row_count(episode, pos.segment) - 1;
        }
        pos
    }

    /// The last row of the transcript.
    pub fn end(&self, episode: &Episode) -> Position {
        let segment = episode.segments.len().saturating_sub(1);
        Position {
            segment,
            row: self.row_count(episode, segment) - 1,
        }
    }

    /// The rows that fill `height` screen lines from `top`.
    pub fn visible(&self, episode: &Episode, top: Position, height: usize) -> Vec<VisibleRow> {
        let mut out = Vec::with_capacity(height);
        let mut pos = top;
        while out.len() < height && pos.segment < episode.segments.len() {
            let rows = self.rows(episode, pos.segment);
            let take = (height - out.len()).min(rows.len().saturating_sub(pos.row));
            out.extend(rows[pos.row..pos.row + take].iter().map(|kind| VisibleRow {
                segment: pos.segment,
                kind: kind.clone(),
            }));
            pos = Position {
                segment: pos.segment + 1,
                row: 0,
            };
        }
        out
    }

    /// The first row of a segment worth showing at the top: its header or
    /// text, not the blank separator.
    pub fn first_content_row(&self, episode: &Episode, segment: usize) -> usize {
        let rows = self.rows(episode, segment);
        usize::from(rows.len() > 1 && rows[0] == RowKind::Blank)
    }

    /// The text byte a position shows (for keeping the place on resize).
    pub fn byte_at(&self, episode: &Episode, pos: Position) -> Option<usize> {
        match self.rows(episode, pos.segment).get(pos.row)? {
            RowKind::Text { bytes, .. } => Some(bytes.start),
            _ => None,
        }
    }

    /// The row of `segment` that shows text byte `byte`.
    pub fn row_of_byte(&self, episode: &Episode, segment: usize, byte: usize) -> usize {
        let rows = self.rows(episode, segment);
        rows.iter()
            .rposition(|r| matches!(r, RowKind::Text { bytes, .. } if bytes.start <= byte))
            .unwrap_or(0)
    }
}

/// Whether segment `i` starts a new speaker's turn (and so gets a header).
pub fn starts_turn(episode: &Episode, i: usize) -> bool {
    i == 0 || episode.segments[i].speaker != episode.segments[i - 1].speaker
}

fn segment_rows(episode: &Episode, i: usize, width: usize) -> Vec<RowKind> {
    let mut rows = Vec::new();
    if i > 0 {
        rows.push(RowKind::Blank);
    }
    let has_header = starts_turn(episode, i) && episode.segments[i].speaker.is_some();
    if has_header {
        rows.push(RowKind::Header);
    }
    let text = &episode.segments[i].text;
    let mut timed = !has_header;
    let mut offset = 0;
    for paragraph in text.split('\n') {
        for range in wrap(paragraph, width) {
            let bytes = offset + range.start..offset + range.end;
            rows.push(RowKind::Text { bytes, timed });
            timed = false;
        }
        offset += paragraph.len() + 1;
    }
    rows
}

/// Wraps one paragraph to `width` columns, at spaces where it can and inside
/// a word (never inside a grapheme) where it must. Returns byte ranges; a
/// line's trailing spaces are left out. An empty paragraph is one empty line.
pub fn wrap(text: &str, width: usize) -> Vec<Range<usize>> {
    let width = width.max(1);
    if text.is_ascii() {
        return wrap_units(
            text.bytes().enumerate().map(|(i, b)| (i, 1, 1, b == b' ')),
            width,
        );
    }
    let units = text.grapheme_indices(true).map(|(i, g)| {
        // Wide graphemes count 2; one wider than the line still gets a line.
        (i, g.len(), g.width(), g == " ")
    });
    wrap_units(units, width)
}

/// Greedy wrapping over (byte offset, byte length, columns, is_space) units.
fn wrap_units(
    units: impl Iterator<Item = (usize, usize, usize, bool)>,
    width: usize,
) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut start = 0; // first byte of the current line
    let mut content_end = 0; // byte after the line's last non-space unit
    let mut used = 0; // columns on the current line
    let mut last_space: Option<(usize, usize)> = None; // (line end, next line start)
    let mut after_space = 0; // columns placed since the last space
    for (at, len, cols, is_space) in units {
        if is_space {
            if at == start || used + cols > width {
                // No line starts with a space, and one that would overflow
                // ends the line instead.
                if at != start {
                    lines.push(start..content_end);
                }
                (start, content_end, used, last_space) = (at + len, at + len, 0, None);
                continue;
            }
            last_space = Some((content_end, at + len));
            used += cols;
            after_space = 0;
            continue;
        }
        if used > 0 && used + cols > width {
            match last_space.take() {
                Some((end, next)) => {
                    lines.push(start..end);
                    (start, used) = (next, after_space);
                }
                None => {
                    lines.push(start..content_end);
                    (start, used) = (at, 0);
                }
            }
            after_space = 0;
        }
        used += cols;
        after_space += cols;
        content_end = at + len;
    }
    lines.push(start..content_end.max(start));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, width: usize) -> Vec<&str> {
        wrap(text, width).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn wraps_at_spaces() {
        assert_eq!(lines("the quick brown fox", 10), ["the quick", "brown fox"]);
        assert_eq!(lines("ab cdefgh", 5), ["ab", "cdefg", "h"]);
        assert_eq!(lines("a  b", 10), ["a  b"]);
        assert_eq!(lines("aaaa bbbb", 4), ["aaaa", "bbbb"]);
        assert_eq!(lines("", 4), [""]);
        assert_eq!(lines("abc", 1), ["a", "b", "c"]);
    }

    #[test]
    fn wide_and_combining_text_wraps_by_display_width() {
        // Each CJK char is two columns wide.
        assert_eq!(lines("日本語のテキスト", 6), ["日本語", "のテキ", "スト"]);
        // A combining acute accent adds no width and stays with its letter.
        assert_eq!(
            lines("e\u{301}e\u{301}e\u{301}", 2),
            ["e\u{301}e\u{301}", "e\u{301}"]
        );
        // A wide char wider than the line still gets a line of its own.
        assert_eq!(lines("日本", 1), ["日", "本"]);
    }
}
