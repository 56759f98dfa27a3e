//! The help popup: every key.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};

use super::style::Theme;
use crate::tui::app::App;
use crate::tui::keymap::HELP;

const KEY_WIDTH: usize = 15;

/// Draws the help centred over `area`.
pub fn render(app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
    let width = (KEY_WIDTH as u16 + 44).min(area.width);
    let height = (HELP.len() as u16 + 2).min(area.height);
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    let lines: Vec<Line> = HELP
        .iter()
        .skip(app.help_scroll.min(HELP.len().saturating_sub(1)))
        .map(|(keys, what)| {
            Line::from(vec![
                Span::styled(format!(" {keys:<KEY_WIDTH$}"), theme.label()),
                Span::raw(*what),
            ])
        })
        .collect();
    Clear.render(popup, buf);
    Paragraph::new(lines)
        .block(
            Block::new()
                .borders(Borders::ALL)
                .title(" Keys (Esc closes) "),
        )
        .render(popup, buf);
}
