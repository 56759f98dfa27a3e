//! The bookmarks list (`'`): a popup over the transcript.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Widget};

use super::fit;
use super::style::Theme;
use crate::tui::reader::Reader;

/// Draws the list centred over `area`.
pub fn render(reader: &Reader, theme: Theme, area: Rect, buf: &mut Buffer) {
    let panel = &reader.bookmarks;
    let listed = panel.listed();
    // `min` last: on a tiny terminal the popup is the whole screen.
    let width = area.width.saturating_sub(4).clamp(1, 100).min(area.width);
    let rows = u16::try_from(listed.len()).unwrap_or(u16::MAX);
    let height = rows.saturating_add(2).max(3).min(area.height);
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    let scope = if panel.all_episodes {
        "every episode"
    } else {
        "this episode"
    };
    let block = Block::new().borders(Borders::ALL).title(format!(
        " Bookmarks: {scope} · Enter jump · d delete · u undo · e note · a scope "
    ));
    let inner = block.inner(popup);
    Clear.render(popup, buf);
    block.render(popup, buf);
    if inner.is_empty() {
        return;
    }
    if listed.is_empty() {
        let note = " none yet: m bookmarks the current segment, M with a note";
        buf.set_line(
            inner.x,
            inner.y,
            &Line::styled(note, theme.dim()),
            inner.width,
        );
        return;
    }
    let rows = usize::from(inner.height).max(1);
    let first = panel.selected.saturating_sub(rows - 1);
    let text_width = usize::from(inner.width);
    for (y, (i, bookmark)) in (inner.y..inner.bottom()).zip(listed.iter().enumerate().skip(first)) {
        // A range shows both times (or how many segments, without times).
        let time = bookmark.place_text().unwrap_or_else(|| "--:--:--".into());
        let speaker = fit(bookmark.speaker.as_deref().unwrap_or("-"), 14);
        let mut text = format!(" {time}  {speaker} {}", bookmark.quote.replace('\n', " "));
        if panel.all_episodes {
            text = format!(" {} ·{text}", fit(&bookmark.title, 24).trim_end());
        }
        if !bookmark.note.is_empty() {
            text = format!(
                "{} · {}",
                fit(
                    &text,
                    text_width.saturating_sub(bookmark.note.len() + 3).max(10)
                ),
                bookmark.note
            );
        }
        let style = if i == panel.selected {
            theme.bar()
        } else {
            Style::new()
        };
        buf.set_line(
            inner.x,
            y,
            &Line::styled(fit(&text, text_width), style),
            inner.width,
        );
    }
}
