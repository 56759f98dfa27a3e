//! The timeline: one column mapping the whole episode top to bottom, in
//! speaker colours, with the part on screen marked like a scrollbar thumb.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::style::Theme;
use crate::tui::reader::Reader;
use crate::tui::wrap_index::VisibleRow;

const TRACK: &str = "│";
const THUMB: &str = "┃";
const HIT: &str = "◆";
const BOOKMARK: &str = "●";

/// Draws the strip into `area` (one column). Costs one lookup per row, not
/// per segment.
pub fn render(reader: &Reader, rows: &[VisibleRow], theme: Theme, area: Rect, buf: &mut Buffer) {
    let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
        return;
    };
    let total = reader.text_len().max(1);
    let height = usize::from(area.height).max(1);
    let view_start = reader.text_span(first.segment).0;
    let view_end = reader.text_span(last.segment).1;
    let hits = reader.search.visible_hits();
    for (i, y) in (area.y..area.bottom()).enumerate() {
        // The strip row covers bytes [from, to) of the whole text.
        let from = i * total / height;
        let to = ((i + 1) * total / height).max(from + 1);
        let segment = reader.segment_at_byte((from + to) / 2);
        let on_screen = from < view_end && to > view_start;
        let mut style = theme.dim();
        if let Some(color) =
            theme.speaker_color(reader.speaker_slot(reader.episode.segments[segment].speaker))
        {
            style = ratatui::style::Style::new().fg(color);
        }
        let (first, last) = (reader.segment_at_byte(from), reader.segment_at_byte(to - 1));
        let symbol = if has_hit_between(hits, first, last) {
            style = theme.label();
            HIT
        } else if has_mark_between(&reader.bookmarks.marked, first, last) {
            BOOKMARK
        } else if on_screen {
            THUMB
        } else {
            TRACK
        };
        buf.set_string(area.x, y, symbol, style);
    }
}

/// Whether any hit lies in segments `first..=last` (hits are sorted).
fn has_hit_between(hits: &[crate::search::Hit], first: usize, last: usize) -> bool {
    let i = hits.partition_point(|h| h.segment < first);
    hits.get(i).is_some_and(|h| h.segment <= last)
}

/// Whether a bookmarked segment lies in `first..=last` (`marked` is sorted).
fn has_mark_between(marked: &[usize], first: usize, last: usize) -> bool {
    let i = marked.partition_point(|&s| s < first);
    marked.get(i).is_some_and(|&s| s <= last)
}
