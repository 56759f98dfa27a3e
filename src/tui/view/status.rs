//! The status line: a notice (when there is one), the title, the time, how
//! far through, and the way to help.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::style::Theme;
use crate::episode::time::{format_duration, format_hms};
use crate::tui::reader::Reader;
use crate::tui::wrap_index::VisibleRow;

/// The most a kept search's query takes of the status line: a long query
/// is cut (with `…`) rather than pushing the time off the screen.
const MAX_QUERY_WIDTH: usize = 24;
/// What is left of the query when the status line is narrow.
const MIN_QUERY_WIDTH: usize = 8;

/// Columns between the notice and the title.
const SEPARATOR: &str = "  ·  ";

/// Draws the status line into `area` (one row).
///
/// A notice is what the user must read: it comes first and is never cut
/// for the title; the title takes what is left. When the notice and the
/// right-hand side do not both fit, the right-hand side gives way.
pub fn render(reader: &Reader, rows: &[VisibleRow], theme: Theme, area: Rect, buf: &mut Buffer) {
    buf.set_style(area, theme.bar());
    let width = usize::from(area.width);
    // A count waiting for its key shows where a notice would (as less
    // shows it at the bottom).
    let notice = (reader.message.clone())
        .or_else(|| reader.count.notice())
        .or_else(|| reader.selection.notice(reader.current))
        .or_else(|| reader.filter_notice())
        .map(|m| format!(" {m}"));
    // The notice is kept whole; the right-hand side takes what it leaves.
    let reserved = notice.as_ref().map_or(1, |n| n.width() + 1);
    let right = right_text(reader, rows, width.saturating_sub(reserved));
    let right = match (right, &notice) {
        (Some(right), _) => right,
        (None, Some(_)) => String::new(),
        // Nothing fits and nothing else is shown: the time, cut.
        (None, None) => time_text(reader),
    };
    let room = width.saturating_sub(right.width() + usize::from(!right.is_empty()));
    let mut spans = Vec::new();
    let title_room = match notice {
        Some(notice) => {
            let notice = super::fit(&notice, notice.width().min(room));
            let left = room - notice.width();
            spans.push(Span::styled(notice, theme.warning()));
            if left > SEPARATOR.width() + 1 {
                spans.push(Span::raw(SEPARATOR));
                left - SEPARATOR.width()
            } else {
                spans.push(Span::raw(" ".repeat(left)));
                0
            }
        }
        None => {
            spans.push(Span::raw(" "));
            room.saturating_sub(1)
        }
    };
    if title_room > 0 {
        spans.push(Span::raw(super::fit(&reader.episode.title, title_room)));
    }
    if !right.is_empty() {
        spans.push(Span::raw(" "));
        spans.push(Span::raw(right));
    }
    let line = Line::from(spans).style(theme.bar());
    buf.set_line(area.x, area.y, &line, area.width);
}

/// `00:29:09 / 1:14:34  42%  ? help `: the current segment's time, the
/// episode's duration, how far through the screen's bottom is, after the
/// kept search if there is one, in at most `width` columns. On a narrow
/// line the least needed parts give way first (the help hint, the
/// percentage, then the search), so the time is never cut; `None` when not
/// even the time fits.
fn right_text(reader: &Reader, rows: &[VisibleRow], width: usize) -> Option<String> {
    let time = time_text(reader);
    let percent = format!("  {:>3}%", reader.percent(rows));
    let search = search_text(reader, MAX_QUERY_WIDTH);
    let short_search = search_text(reader, MIN_QUERY_WIDTH);
    let choices = [
        format!("{search}{time}{percent}  ? help "),
        format!("{search}{time}{percent} "),
        format!("{short_search}{time}{percent} "),
        format!("{short_search}{time} "),
        format!("{time} "),
    ];
    choices.into_iter().find(|text| text.width() <= width)
}

/// `00:29:09 / 1:14:34`: the current segment's time and the episode's
/// length, when known.
fn time_text(reader: &Reader) -> String {
    let segment = &reader.episode.segments[reader.current];
    let mut time = segment.start.map_or_else(|| "--:--:--".into(), format_hms);
    if let Some(duration) = reader.duration {
        time.push_str(&format!(" / {}", format_duration(duration)));
    }
    time
}

/// `/query  regex · 3/12  ` for the search kept after Enter (or still
/// running), its query cut to `query_width` columns; empty when there is
/// none.
fn search_text(reader: &Reader, query_width: usize) -> String {
    match reader.search.status() {
        Some((query, count)) => {
            let query = super::fit(query, query.width().min(query_width));
            format!("/{query}  {}{count}  ", reader.search.prompt.regex_flag())
        }
        None => String::new(),
    }
}
