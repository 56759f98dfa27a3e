//! The bottom bar while typing: the search bar (`/`) or the go-to prompt
//! (`t`), with the count, the mode and any error inline.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::style::Theme;
use crate::tui::goto;
use crate::tui::keymap::ReaderMode;
use crate::tui::reader::Reader;

/// Draws the bar for the open prompt into `area` (one row).
pub fn render(reader: &Reader, theme: Theme, area: Rect, buf: &mut Buffer) {
    let (prefix, input, note, is_error) = match reader.mode {
        ReaderMode::Search => {
            let search = &reader.search;
            let mode = search.prompt.regex_flag();
            match &search.prompt.error {
                Some(error) => ("/", &search.prompt.input, format!("{mode}{error}"), true),
                None => {
                    let note = match search.counter() {
                        Some(counter) => format!("{mode}{counter}"),
                        None => mode.trim_end_matches(" · ").to_string(),
                    };
                    ("/", &search.prompt.input, note, false)
                }
            }
        }
        ReaderMode::Note => (
            "note ",
            &reader.bookmarks.note,
            "Enter saves · Esc cancels".to_string(),
            false,
        ),
        ReaderMode::GoTo => match &reader.goto.error {
            Some(error) => ("go to ", &reader.goto.input, error.clone(), true),
            None => (
                "go to ",
                &reader.goto.input,
                goto::hint(&reader.episode).to_string(),
                false,
            ),
        },
        _ => return,
    };
    let width = usize::from(area.width);
    let note = super::fit(
        &note,
        width.saturating_sub(prefix.len() + 2).min(note.width() + 1),
    );
    let room = width.saturating_sub(note.width() + prefix.len() + 1);
    // Show the end of a long query: that is where the typing happens.
    let shown = super::tail_fitting(input, room);
    let used = prefix.len() + shown.width() + 1;
    let note_style = if is_error {
        theme.warning()
    } else {
        theme.dim()
    };
    let line = Line::from(vec![
        Span::raw(prefix),
        Span::raw(shown),
        Span::styled(" ", Style::new().add_modifier(Modifier::REVERSED)),
        Span::raw(" ".repeat(width.saturating_sub(used + note.width()))),
        Span::styled(note, note_style),
    ]);
    buf.set_line(area.x, area.y, &line, area.width);
}
