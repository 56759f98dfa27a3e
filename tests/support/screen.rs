//! Drawing into ratatui's TestBackend and reading the frame back as text.

#![allow(dead_code)] // each test file uses a different part of this

use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::{Frame, Terminal};
use unicode_width::UnicodeWidthStr;

/// One frame of `width` × `height`, drawn by `draw`.
pub fn draw(width: u16, height: u16, draw: impl FnOnce(&mut Frame)) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(draw).unwrap();
    terminal.backend().buffer().clone()
}

/// A row as text: the cell after a wide character is part of it, not a
/// column of its own.
pub fn row_text(buf: &Buffer, y: u16) -> String {
    let mut text = String::new();
    let mut x = 0;
    while x < buf.area.width {
        let symbol = without_links(buf[(x, y)].symbol());
        text.push_str(&symbol);
        x += symbol.width().max(1) as u16;
    }
    text
}

/// A cell's symbol without the OSC 8 sequences that make it part of a
/// link (what the terminal shows).
pub fn without_links(symbol: &str) -> String {
    let mut out = String::new();
    let mut rest = symbol;
    while let Some(start) = rest.find("\x1b]8;") {
        out.push_str(&rest[..start]);
        rest = match rest[start..].find("\x1b\\") {
            Some(end) => &rest[start + end + 2..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

/// The target of the link a cell is part of, if any.
pub fn link_target(buf: &Buffer, x: u16, y: u16) -> Option<String> {
    let symbol = buf[(x, y)].symbol();
    let rest = symbol.strip_prefix("\x1b]8;;")?;
    Some(rest[..rest.find("\x1b\\")?].to_string())
}

/// Every row, trailing spaces cut, one per line.
pub fn screen_text(buf: &Buffer) -> String {
    (0..buf.area.height)
        .map(|y| row_text(buf, y).trim_end().to_string() + "\n")
        .collect()
}

/// The row whose text contains `needle`, if any.
pub fn find_row(buf: &Buffer, needle: &str) -> Option<u16> {
    (0..buf.area.height).find(|&y| row_text(buf, y).contains(needle))
}

/// The column where `needle` starts on row `y`.
pub fn column_of(buf: &Buffer, y: u16, needle: &str) -> u16 {
    let row = row_text(buf, y);
    row[..row.find(needle).unwrap()].width() as u16
}

/// Every row as text, each followed by its runs of styled cells (`12-19
/// fg=Indexed(75) bold`): a snapshot that shows colours and emphasis,
/// where [`screen_text`] shows only the letters.
pub fn styled_screen_text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        out.push_str(&format!("{y:>3} {}\n", row_text(buf, y).trim_end()));
        for (start, end, style) in style_runs(buf, y) {
            out.push_str(&format!("      {start}-{end} {style}\n"));
        }
    }
    out
}

/// Row `y`'s runs of cells with one style other than the default, as
/// (first column, last column, style).
fn style_runs(buf: &Buffer, y: u16) -> Vec<(u16, u16, String)> {
    let mut runs: Vec<(u16, u16, String)> = Vec::new();
    for x in 0..buf.area.width {
        let style = cell_style(&buf[(x, y)]);
        match runs.last_mut() {
            Some((_, end, last)) if *last == style && *end + 1 == x => *end = x,
            _ => runs.push((x, x, style)),
        }
    }
    runs.retain(|(_, _, style)| !style.is_empty());
    runs
}

/// A cell's colours and emphasis in words; empty for the default.
fn cell_style(cell: &ratatui::buffer::Cell) -> String {
    use ratatui::style::Color;
    let mut words = Vec::new();
    if cell.fg != Color::Reset {
        words.push(format!("fg={:?}", cell.fg));
    }
    if cell.bg != Color::Reset {
        words.push(format!("bg={:?}", cell.bg));
    }
    for (name, _) in cell.modifier.iter_names() {
        words.push(name.to_lowercase());
    }
    words.join(" ")
}
