//! The bottom bar while typing: the search bar (`/`), the filter (`&`)
//! or the go-to prompt (`t`), with the count, the mode and any error inline.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::style::Theme;
use crate::tui::goto;
use crate::tui::keymap::ReaderMode;
use crate::tui::line_editor::LineEditor;
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
        ReaderMode::Filter => {
            let filter = &reader.filter;
            let mode = filter.prompt.regex_flag();
            match &filter.prompt.error {
                Some(error) => ("&", &filter.prompt.input, format!("{mode}{error}"), true),
                None => {
                    let hint = "Enter: only the matching segments · empty: all";
                    ("&", &filter.prompt.input, format!("{mode}{hint}"), false)
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
    let room = width.saturating_sub(note.width() + prefix.len());
    let (mut spans, used) = editor_spans(input, room);
    let used = prefix.len() + used;
    let note_style = if is_error {
        theme.warning()
    } else {
        theme.dim()
    };
    spans.insert(0, Span::raw(prefix));
    spans.push(Span::raw(
        " ".repeat(width.saturating_sub(used + note.width())),
    ));
    spans.push(Span::styled(note, note_style));
    buf.set_line(area.x, area.y, &Line::from(spans), area.width);
}

/// A prompt's line in at most `room` columns, the cell under the cursor
/// reversed (a space past the end), scrolled so the cursor shows; and the
/// columns it takes.
pub(super) fn editor_spans(line: &LineEditor, room: usize) -> (Vec<Span<'static>>, usize) {
    let (shown, column) = line.window(room);
    let split = shown
        .grapheme_indices(true)
        .map(|(i, _)| i)
        .find(|&i| shown[..i].width() >= column)
        .unwrap_or(shown.len());
    let (before, rest) = shown.split_at(split);
    let under = rest.graphemes(true).next().unwrap_or("");
    let after = &rest[under.len()..];
    let cursor = if under.is_empty() { " " } else { under };
    let used = before.width() + cursor.width() + after.width();
    let reversed = Style::new().add_modifier(Modifier::REVERSED);
    let spans = vec![
        Span::raw(before.to_string()),
        Span::styled(cursor.to_string(), reversed),
        Span::raw(after.to_string()),
    ];
    (spans, used)
}
