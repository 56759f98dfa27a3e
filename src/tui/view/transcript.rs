//! The transcript pane: only the visible rows are built, each with spans
//! that borrow from the episode.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use std::ops::Range;

use unicode_width::UnicodeWidthStr;

use crate::episode::time::format_hms;
use crate::search;

use super::style::Theme;
use crate::tui::reader::Reader;
use crate::tui::wrap_index::{RowKind, VisibleRow};

/// The bar that marks the current segment's rows.
const CURRENT_MARK: &str = "▌";
/// After a speaker's name pinned over the middle of their turn, as a
/// screenplay marks a speech carried over a page break.
const CONTINUED: &str = " (continued)";
/// After the time of a bookmarked segment.
const BOOKMARK_MARK: &str = "●";

/// Draws the visible rows into `area`.
pub fn render(reader: &Reader, rows: &[VisibleRow], theme: Theme, area: Rect, buf: &mut Buffer) {
    let gutter = reader.areas().gutter_width();
    for (y, row) in (area.y..area.bottom()).zip(rows) {
        let line = row_line(reader, theme, row, gutter);
        buf.set_line(area.x, y, &line, area.width);
    }
}

fn row_line<'a>(reader: &'a Reader, theme: Theme, row: &VisibleRow, gutter: u16) -> Line<'a> {
    let episode = &reader.episode;
    let segment = &episode.segments[row.segment];
    let is_current = row.segment == reader.current;
    let selected = reader.selection.contains(reader.current, row.segment);
    let mut spans = Vec::with_capacity(4);
    let marked = (is_current || selected) && row.kind != RowKind::Blank;
    if gutter > 0 {
        spans.push(gutter_span(reader, theme, row, marked));
    } else if marked {
        spans.push(Span::styled(
            CURRENT_MARK,
            theme.speaker(reader.speaker_slot(segment.speaker)),
        ));
    }
    match &row.kind {
        RowKind::Blank => {}
        RowKind::Header => {
            let name = episode.speaker_name(segment).unwrap_or_default();
            spans.push(Span::styled(
                name,
                theme.speaker(reader.speaker_slot(segment.speaker)),
            ));
        }
        RowKind::Pinned => {
            let name = episode.speaker_name(segment).unwrap_or_default();
            spans.push(Span::styled(
                name,
                theme.speaker(reader.speaker_slot(segment.speaker)),
            ));
            // Only whole: a cut "(contin" says less than the name alone.
            if name.width() + CONTINUED.width() <= reader.wrap().width() {
                spans.push(Span::styled(CONTINUED, theme.dim()));
            }
        }
        RowKind::Text { bytes, .. } => {
            let from = spans.len();
            text_spans(reader, theme, row.segment, bytes.clone(), &mut spans);
            if selected {
                // The selection shows under the text (hits keep theirs).
                for span in &mut spans[from..] {
                    span.style = theme.selection().patch(span.style);
                }
            }
        }
    }
    Line::from(spans)
}

/// A row's text, with search hits that fall in it highlighted (found by
/// binary search among the hits, so only visible segments cost anything).
fn text_spans<'a>(
    reader: &'a Reader,
    theme: Theme,
    segment: usize,
    bytes: Range<usize>,
    spans: &mut Vec<Span<'a>>,
) {
    let text = reader.episode.segment_text(segment);
    let current = reader
        .search
        .current
        .and_then(|k| reader.search.hits.get(k));
    let mut at = bytes.start;
    for hit in search::hits_in_segment(reader.search.visible_hits(), segment) {
        let start = hit.range.start.clamp(bytes.start, bytes.end);
        let end = hit.range.end.clamp(bytes.start, bytes.end);
        if start >= end || start < at {
            continue;
        }
        spans.push(Span::raw(&text[at..start]));
        let style = if Some(hit) == current {
            theme.current_hit()
        } else {
            theme.hit()
        };
        spans.push(Span::styled(&text[start..end], style));
        at = end;
    }
    spans.push(Span::raw(&text[at..bytes.end]));
}

/// The gutter: the current-segment bar, then the segment's time on its
/// header (or its first row when it has none).
fn gutter_span<'a>(reader: &Reader, theme: Theme, row: &VisibleRow, marked: bool) -> Span<'a> {
    let segment = &reader.episode.segments[row.segment];
    let mark = if marked { CURRENT_MARK } else { " " };
    let shows_time = matches!(
        row.kind,
        RowKind::Header | RowKind::Text { timed: true, .. }
    );
    let time = match (shows_time, segment.start) {
        (true, Some(start)) => format_hms(start),
        _ => " ".repeat(8),
    };
    let style = if marked {
        theme.speaker(reader.speaker_slot(segment.speaker))
    } else {
        theme.dim()
    };
    let bookmark = if shows_time && reader.bookmarks.is_marked(row.segment) {
        BOOKMARK_MARK
    } else {
        " "
    };
    Span::styled(format!("{mark}{time}{bookmark} "), style)
}
