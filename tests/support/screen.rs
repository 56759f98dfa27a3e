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
        let symbol = buf[(x, y)].symbol();
        text.push_str(symbol);
        x += symbol.width().max(1) as u16;
    }
    text
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
