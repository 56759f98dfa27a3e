//! Drawing: one file per pane, all reading from `Reader`.

mod bookmarks;
mod cells;
mod help;
pub mod hyperlink;
mod library;
mod prompt;
mod sidebar;
mod status;
pub mod style;
mod timeline;
mod transcript;

use ratatui::Frame;
use unicode_width::UnicodeWidthChar;

use super::keymap::ReaderMode;
use super::reader::Reader;
use super::shell::Shell;
use style::Theme;

/// Draws whatever the shell shows: the reader, else the library.
pub fn draw_shell(frame: &mut Frame, shell: &Shell) {
    match (&shell.reader, &shell.library) {
        (Some(reader), _) => draw(frame, reader),
        (None, Some(library)) => {
            let area = frame.area();
            library::render(
                library,
                Theme::new(shell.colors, shell.palette),
                area,
                frame.buffer_mut(),
            );
        }
        (None, None) => {}
    }
    cells::make_exact(frame.buffer_mut());
}

/// Draws the whole reader.
pub fn draw(frame: &mut Frame, reader: &Reader) {
    let theme = Theme::new(reader.colors, reader.palette);
    let areas = reader.areas();
    let buf = frame.buffer_mut();
    // The transcript, the timeline and the status line all need the rows
    // on screen: found once per frame.
    let rows = reader.visible_rows();
    transcript::render(reader, &rows, theme, areas.transcript, buf);
    if let Some(area) = areas.timeline {
        timeline::render(reader, &rows, theme, area, buf);
    }
    let links = match areas.sidebar {
        Some(area) => sidebar::render(reader, theme, area, buf),
        None => Vec::new(),
    };
    if let Some(area) = areas.status {
        match reader.mode {
            ReaderMode::Search | ReaderMode::Filter | ReaderMode::GoTo | ReaderMode::Note => {
                prompt::render(reader, theme, area, buf)
            }
            _ => status::render(reader, &rows, theme, area, buf),
        }
    }
    match reader.mode {
        ReaderMode::Help => help::render(reader, theme, frame.area(), frame.buffer_mut()),
        ReaderMode::Bookmarks => bookmarks::render(reader, theme, frame.area(), frame.buffer_mut()),
        _ => {}
    }
    cells::make_exact(frame.buffer_mut());
    // Last: the cells' text must be final (and `make_exact` would take the
    // sequences for text of the wrong width).
    hyperlink::apply(frame.buffer_mut(), &links);
}

/// `text` cut and padded to exactly `width` display columns, with `…` where
/// it was cut.
pub fn fit(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(width);
    let mut used = 0;
    let total: usize = text.chars().map(|c| c.width().unwrap_or(0)).sum();
    let room = if total > width {
        width.saturating_sub(1)
    } else {
        width
    };
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > room {
            break;
        }
        out.push(c);
        used += w;
    }
    if total > width && width > 0 {
        out.push('…');
        used += 1;
    }
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
    out
}

/// `1 match`, `2 matches`: a count with its noun in the right number.
pub fn count_with_noun(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    #[test]
    fn fit_cuts_and_pads_by_display_width() {
        assert_eq!(super::fit("abc", 5), "abc  ");
        assert_eq!(super::fit("abcdef", 4), "abc…");
        assert_eq!(super::fit("日本語", 4), "日… ");
        assert_eq!(super::fit("日本", 4), "日本");
        assert_eq!(super::fit("abc", 0), "");
    }

    #[test]
    fn counts_take_the_singular_for_one_only() {
        assert_eq!(super::count_with_noun(0, "match", "matches"), "0 matches");
        assert_eq!(super::count_with_noun(1, "match", "matches"), "1 match");
        assert_eq!(super::count_with_noun(12, "match", "matches"), "12 matches");
    }
}
