//! The transcript as screen rows at one width: the wrap index.
//!
//! A segment becomes rows: a blank separator (all but the first), a speaker
//! header when the speaker changes, then its text wrapped by display width.
//! Rows are built per segment, lazily, and cached until the width changes, so
//! the cost of a frame depends on what is visible, never on the transcript's
//! length or on how far down the reader is.
//!
//! A segment's text rows are not all kept: a row is found again from where
//! it starts (greedy wrapping from a row's start gives the same rows as
//! from the paragraph's), so only every 32nd row's start is kept. A 20 MB
//! segment of one-character lines has ten million rows; keeping each cost
//! ~25 bytes a row, five times the file.
//!
//! A filtered view (`&`) wraps only the segments it shows
//! ([`ShownSegments`]): a segment's separator and header follow the shown
//! segment before it, and moving down or up steps over the others.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::episode::Episode;

use super::shown::ShownSegments;

/// What one screen row of the transcript shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowKind {
    /// Space between segments.
    Blank,
    /// The speaker's name, when the speaker changes; carries the time.
    Header,
    /// The speaker's name pinned on the pane's first row while the top is
    /// in the middle of their turn (the reader puts it there, over the row
    /// that was on top: see `WrapIndex::turn_began_above`).
    Pinned,
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

/// One text row's start is kept in this many: finding a row wraps at most
/// this many rows again, and the index costs 4 bytes per this many rows.
const CHECKPOINT: usize = 32;

/// Rows per segment at one text width, computed on demand.
#[derive(Debug, Default)]
pub struct WrapIndex {
    width: usize,
    /// The segments shown; `None`: all of them.
    shown: Option<ShownSegments>,
    cache: RefCell<HashMap<usize, Rc<SegmentRows>>>,
}

/// The rows of one segment, as kept: how many, and where some start.
#[derive(Debug)]
struct SegmentRows {
    /// Rows before the text: the blank separator and the header.
    lead: Vec<RowKind>,
    /// Whether the first text row carries the time.
    timed: bool,
    /// How many text rows there are (at least one).
    text_rows: usize,
    /// Where text rows 0, [`CHECKPOINT`], 2 × [`CHECKPOINT`], … start.
    checkpoints: Vec<u32>,
    /// Whether the text is ASCII (one unit a byte, one column each).
    ascii: bool,
}

impl SegmentRows {
    fn new(index: &WrapIndex, episode: &Episode, i: usize) -> SegmentRows {
        let width = index.width;
        let mut lead = Vec::new();
        if index.previous(i).is_some() {
            lead.push(RowKind::Blank);
        }
        let has_header = index.starts_turn(episode, i) && episode.segments[i].speaker.is_some();
        if has_header {
            lead.push(RowKind::Header);
        }
        let text = episode.segment_text(i);
        let ascii = text.is_ascii();
        let mut checkpoints = Vec::new();
        let mut text_rows = 0;
        let mut at = Some(0);
        while let Some(start) = at {
            if text_rows % CHECKPOINT == 0 {
                checkpoints.push(start as u32);
            }
            text_rows += 1;
            at = row_from(text, start, width, ascii).1;
        }
        SegmentRows {
            lead,
            timed: !has_header,
            text_rows,
            checkpoints,
            ascii,
        }
    }

    fn len(&self) -> usize {
        self.lead.len() + self.text_rows
    }

    /// Rows `from..` of the segment, in order.
    fn rows_from<'t>(
        &'t self,
        text: &'t str,
        width: usize,
        from: usize,
    ) -> impl Iterator<Item = RowKind> + 't {
        let lead = self.lead.iter().skip(from).cloned();
        let first_text = from.saturating_sub(self.lead.len());
        let mut next =
            (first_text < self.text_rows).then(|| self.text_row_start(text, width, first_text));
        let mut index = first_text;
        let text_rows = std::iter::from_fn(move || {
            let start = next?;
            let (bytes, after) = row_from(text, start, width, self.ascii);
            next = after;
            let timed = self.timed && index == 0;
            index += 1;
            Some(RowKind::Text { bytes, timed })
        });
        lead.chain(text_rows)
    }

    /// Where text row `row` starts: from the checkpoint before it, the rows
    /// between wrapped again.
    fn text_row_start(&self, text: &str, width: usize, row: usize) -> usize {
        let mut start = self.checkpoints[row / CHECKPOINT] as usize;
        for _ in 0..row % CHECKPOINT {
            match row_from(text, start, width, self.ascii).1 {
                Some(next) => start = next,
                None => break,
            }
        }
        start
    }
}

impl WrapIndex {
    pub fn new(width: usize) -> Self {
        Self {
            width: width.max(1),
            shown: None,
            cache: RefCell::default(),
        }
    }

    /// An index at `width` of only the `shown` segments.
    pub fn showing(width: usize, shown: Option<ShownSegments>) -> Self {
        Self {
            shown: shown.filter(ShownSegments::is_filtered),
            ..Self::new(width)
        }
    }

    /// The segments shown, when only some are.
    pub fn filter(&self) -> Option<&ShownSegments> {
        self.shown.as_ref()
    }

    /// The segments shown, of a transcript of `total`.
    pub fn shown(&self, total: usize) -> ShownSegments {
        self.shown.clone().unwrap_or(ShownSegments::All(total))
    }

    /// The shown segment before `segment`.
    fn previous(&self, segment: usize) -> Option<usize> {
        match &self.shown {
            None => segment.checked_sub(1),
            Some(shown) => shown.previous(segment),
        }
    }

    /// The shown segment after `segment`.
    fn next(&self, episode: &Episode, segment: usize) -> Option<usize> {
        match &self.shown {
            None => Some(segment + 1).filter(|&s| s < episode.segments.len()),
            Some(shown) => shown.next(segment),
        }
    }

    fn last(&self, episode: &Episode) -> usize {
        match &self.shown {
            None => episode.segments.len().saturating_sub(1),
            Some(shown) => shown.last(),
        }
    }

    /// Whether segment `i` starts a new speaker's turn on screen (and so
    /// gets a header): it starts one in the transcript, or the segment
    /// before it is hidden (a filtered view names the speaker again after
    /// a gap, which may hide other speakers).
    pub fn starts_turn(&self, episode: &Episode, i: usize) -> bool {
        match self.previous(i) {
            Some(before) if before + 1 == i => starts_turn(episode, i),
            _ => true,
        }
    }

    /// The text width rows are wrapped to.
    pub fn width(&self) -> usize {
        self.width
    }

    /// What is kept of one segment's rows.
    fn segment(&self, episode: &Episode, segment: usize) -> Rc<SegmentRows> {
        if let Some(rows) = self.cache.borrow().get(&segment) {
            return Rc::clone(rows);
        }
        let rows = Rc::new(SegmentRows::new(self, episode, segment));
        let mut cache = self.cache.borrow_mut();
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(segment, Rc::clone(&rows));
        rows
    }

    /// The rows of one segment from row `from` on, in order.
    pub fn rows_from(
        &self,
        episode: &Episode,
        segment: usize,
        from: usize,
    ) -> impl Iterator<Item = RowKind> {
        let rows = self.segment(episode, segment);
        let text = episode.segment_text(segment);
        // Collected a screen at a time by the callers; owning the rows
        // here keeps the borrow of the cache short.
        rows.rows_from(text, self.width, from)
            .collect::<Vec<_>>()
            .into_iter()
    }

    /// One row of a segment.
    pub fn row(&self, episode: &Episode, segment: usize, row: usize) -> Option<RowKind> {
        let rows = self.segment(episode, segment);
        let text = episode.segment_text(segment);
        rows.rows_from(text, self.width, row).next()
    }

    /// The last row of a segment.
    pub fn last_row(&self, episode: &Episode, segment: usize) -> RowKind {
        let last = self.row_count(episode, segment) - 1;
        self.row(episode, segment, last).unwrap_or(RowKind::Blank)
    }

    /// The number of rows of one segment.
    pub fn row_count(&self, episode: &Episode, segment: usize) -> usize {
        self.segment(episode, segment).len()
    }

    /// Moves `n` rows down from `pos`, stopping at the last row.
    pub fn advance(&self, episode: &Episode, mut pos: Position, mut n: usize) -> Position {
        let last = self.last(episode);
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
                segment: self.next(episode, pos.segment).unwrap_or(last),
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
            let Some(previous) = self.previous(pos.segment) else {
                pos.row = 0;
                break;
            };
            n -= pos.row + 1;
            pos.segment = previous;
            pos.row = self.row_count(episode, pos.segment) - 1;
        }
        pos
    }

    /// The last row of the transcript.
    pub fn end(&self, episode: &Episode) -> Position {
        let segment = self.last(episode);
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
            let rows = self.segment(episode, pos.segment);
            let text = episode.segment_text(pos.segment);
            let take = height - out.len();
            out.extend(
                rows.rows_from(text, self.width, pos.row)
                    .take(take)
                    .map(|kind| VisibleRow {
                        segment: pos.segment,
                        kind,
                    }),
            );
            let Some(next) = self.next(episode, pos.segment) else {
                break;
            };
            pos = Position {
                segment: next,
                row: 0,
            };
        }
        out
    }

    /// The first row of a segment worth showing at the top: its header or
    /// text, not the blank separator.
    pub fn first_content_row(&self, episode: &Episode, segment: usize) -> usize {
        let rows = self.segment(episode, segment);
        usize::from(rows.len() > 1 && rows.lead.first() == Some(&RowKind::Blank))
    }

    /// Whether the row at `pos` is in the middle of a speaker's turn, with
    /// the turn's header above it (in this segment, or in an earlier one
    /// when the segment continues the same speaker's turn). A segment
    /// without a speaker has no header to pin.
    pub fn turn_began_above(&self, episode: &Episode, pos: Position) -> bool {
        if episode.segments[pos.segment].speaker.is_none() {
            return false;
        }
        let rows = self.segment(episode, pos.segment);
        match rows.lead.iter().position(|row| *row == RowKind::Header) {
            Some(header) => pos.row > header,
            None => true,
        }
    }

    /// The text byte a position shows (for keeping the place on resize).
    pub fn byte_at(&self, episode: &Episode, pos: Position) -> Option<usize> {
        match self.row(episode, pos.segment, pos.row)? {
            RowKind::Text { bytes, .. } => Some(bytes.start),
            _ => None,
        }
    }

    /// The row of `segment` that shows text byte `byte`.
    pub fn row_of_byte(&self, episode: &Episode, segment: usize, byte: usize) -> usize {
        let rows = self.segment(episode, segment);
        let text = episode.segment_text(segment);
        // The last checkpoint at or before `byte`, then row by row.
        let checkpoint = rows
            .checkpoints
            .partition_point(|&start| start as usize <= byte)
            .saturating_sub(1);
        let first = checkpoint * CHECKPOINT;
        let mut found = None;
        for (k, row) in rows
            .rows_from(text, self.width, rows.lead.len() + first)
            .enumerate()
        {
            match row {
                RowKind::Text { bytes, .. } if bytes.start <= byte => found = Some(k),
                _ => break,
            }
        }
        found.map_or(0, |k| rows.lead.len() + first + k)
    }
}

/// Whether segment `i` starts a new speaker's turn (and so gets a header).
pub fn starts_turn(episode: &Episode, i: usize) -> bool {
    i == 0 || episode.segments[i].speaker != episode.segments[i - 1].speaker
}

/// The text row of `text` that starts at byte `start`, wrapped to `width`
/// columns, and where the row after it starts (`None` after the last).
/// Reads only as far as that row goes: a row never costs the length of its
/// paragraph.
fn row_from(text: &str, start: usize, width: usize, ascii: bool) -> (Range<usize>, Option<usize>) {
    let rest = &text[start..];
    let (row, end) = if ascii {
        let units = rest
            .bytes()
            .take_while(|&b| b != b'\n')
            .enumerate()
            .map(|(i, b)| (i, 1, 1, b == b' '));
        first_line(units, width)
    } else {
        let units = rest
            .grapheme_indices(true)
            .take_while(|(_, g)| *g != "\n")
            .map(|(i, g)| (i, g.len(), g.width(), g == " "));
        first_line(units, width)
    };
    let next = match end {
        LineEnd::Wrapped { next } => Some(start + next),
        // Past the paragraph's `\n`, if another paragraph follows.
        LineEnd::Paragraph { end } => (start + end < text.len()).then_some(start + end + 1),
    };
    (start + row.start..start + row.end, next)
}

/// Wraps one paragraph to `width` columns, at spaces where it can and inside
/// a word (never inside a grapheme) where it must. Returns byte ranges; a
/// line's trailing spaces are left out. An empty paragraph is one empty line.
pub fn wrap(text: &str, width: usize) -> Vec<Range<usize>> {
    let (width, ascii) = (width.max(1), text.is_ascii());
    let mut lines = Vec::new();
    let mut at = Some(0);
    while let Some(start) = at {
        let (line, next) = row_from(text, start, width, ascii);
        lines.push(line);
        at = next;
    }
    lines
}

/// How the first line of some units ends.
enum LineEnd {
    /// Wrapped: the next line starts at `next`.
    Wrapped { next: usize },
    /// With the units, which end at `end`.
    Paragraph { end: usize },
}

/// The first line of greedy wrapping over (byte offset, byte length,
/// columns, is_space) units, and how it ends. Wide graphemes count 2; one
/// wider than the line still gets a line. Wrapping again from where the
/// next line starts gives the lines wrapping all the units gives after this
/// one: each line's state is what it would be if it were the first.
fn first_line(
    units: impl Iterator<Item = (usize, usize, usize, bool)>,
    width: usize,
) -> (Range<usize>, LineEnd) {
    let width = width.max(1);
    let mut start = 0; // first byte of the current line
    let mut content_end = 0; // byte after the line's last non-space unit
    let mut used = 0; // columns on the current line
    let mut last_space: Option<(usize, usize)> = None; // (line end, next line start)
    let mut end = 0; // byte after the last unit
    for (at, len, cols, is_space) in units {
        end = at + len;
        if is_space {
            if at == start {
                // No line starts with a space.
                (start, content_end) = (at + len, at + len);
                continue;
            }
            if used + cols > width {
                // A space that would overflow ends the line instead.
                return (start..content_end, LineEnd::Wrapped { next: at + len });
            }
            last_space = Some((content_end, at + len));
            used += cols;
            continue;
        }
        if used > 0 && used + cols > width {
            return match last_space {
                Some((line_end, next)) => (start..line_end, LineEnd::Wrapped { next }),
                None => (start..content_end, LineEnd::Wrapped { next: at }),
            };
        }
        used += cols;
        content_end = at + len;
    }
    (start..content_end.max(start), LineEnd::Paragraph { end })
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

    /// The wrapping this module once did, all lines at once: the reference.
    /// Greedy wrapping over (byte offset, byte length, columns, is_space) units.
    fn reference_wrap_units(
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

    fn reference_wrap(text: &str, width: usize) -> Vec<Range<usize>> {
        let units = text
            .grapheme_indices(true)
            .map(|(i, g)| (i, g.len(), g.width(), g == " "));
        reference_wrap_units(units, width.max(1))
    }

    /// Wrapping row by row, each from where the last one left off, gives
    /// the lines wrapping the whole paragraph at once gave.
    #[test]
    fn row_by_row_wrapping_agrees_with_wrapping_at_once() {
        let pieces = [
            "a",
            "bb",
            " ",
            "  ",
            "word",
            "日本",
            "e\u{301}",
            "\u{1f468}\u{200d}\u{1f469}",
            "longerword",
        ];
        let texts = crate::test_support::concatenations(&pieces, 5);
        for text in &texts {
            for width in [1, 2, 3, 5, 8] {
                assert_eq!(
                    wrap(text, width),
                    reference_wrap(text, width),
                    "{text:?} {width}"
                );
            }
        }
    }

    /// Rows found from a checkpoint are the rows found in order, for a
    /// segment of many rows; and each text byte maps back to its row.
    #[test]
    fn checkpointed_rows_are_the_rows_in_order() {
        let text: String =
            (0..500).map(|i| format!("w{i} ")).collect::<String>() + "\nend\n" + &"x\n".repeat(100);
        let source = format!("Host (00:00:01):\n{text}");
        let episode =
            crate::formats::parse_bytes(source.as_bytes(), crate::episode::Source::Builtin("t.md"))
                .expect("parses");
        let text = episode.segment_text(0);
        let index = WrapIndex::new(7);
        let count = index.row_count(&episode, 0);
        let in_order: Vec<RowKind> = index
            .visible(&episode, Position::default(), count)
            .into_iter()
            .map(|r| r.kind)
            .collect();
        assert_eq!(in_order.len(), count);
        assert!(count > 4 * CHECKPOINT, "{count}");
        let mut expected = vec![RowKind::Header];
        for (k, paragraph) in text.split('\n').enumerate() {
            let offset = text.split('\n').take(k).map(|p| p.len() + 1).sum::<usize>();
            for line in reference_wrap(paragraph, 7) {
                let timed = false;
                expected.push(RowKind::Text {
                    bytes: offset + line.start..offset + line.end,
                    timed,
                });
            }
        }
        assert_eq!(in_order, expected);
        for (row, kind) in in_order.iter().enumerate() {
            assert_eq!(index.row(&episode, 0, row).as_ref(), Some(kind), "{row}");
            if let RowKind::Text { bytes, .. } = kind {
                assert_eq!(index.row_of_byte(&episode, 0, bytes.start), row);
                assert_eq!(
                    index.byte_at(&episode, Position { segment: 0, row }),
                    Some(bytes.start)
                );
            }
        }
        assert_eq!(index.last_row(&episode, 0), in_order[count - 1]);
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
