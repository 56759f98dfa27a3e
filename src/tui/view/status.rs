//! The status line: title, time, how far through, and the way to help.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::style::Theme;
use crate::episode::time::{format_duration, format_hms};
use crate::tui::app::App;
use crate::tui::layout::VisibleRow;

/// Draws the status line into `area` (one row).
pub fn render(app: &App, rows: &[VisibleRow], theme: Theme, area: Rect, buf: &mut Buffer) {
    buf.set_style(area, theme.bar());
    let right = right_text(app, rows);
    let width = usize::from(area.width);
    let room = width.saturating_sub(right.width() + 1);
    let left = match &app.message {
        Some(message) => Span::styled(super::fit(&format!(" {message}"), room), theme.warning()),
        None => Span::raw(super::fit(&format!(" {}", app.episode.title), room)),
    };
    let line = Line::from(vec![left, Span::raw(" "), Span::raw(right)]).style(theme.bar());
    buf.set_line(area.x, area.y, &line, area.width);
}

/// `00:29:09 / 1:14:34  42%  ? help `: the current segment's time, the
/// episode's duration, how far through the screen's bottom is.
fn right_text(app: &App, rows: &[VisibleRow]) -> String {
    let segment = &app.episode.segments[app.current];
    let time = segment.start.map_or_else(|| "--:--:--".into(), format_hms);
    let duration = app
        .duration
        .map(|d| format!(" / {}", format_duration(d)))
        .unwrap_or_default();
    let search = match app.search.counter() {
        Some(counter) if app.search.highlight => format!("/{}  {counter}  ", app.search.input),
        _ => String::new(),
    };
    format!(
        "{search}{time}{duration}  {:>3}%  ? help ",
        app.percent(rows)
    )
}
