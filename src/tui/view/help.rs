//! The help popup: every key, in a box sized to its content and the screen,
//! saying in its bottom border when there is more to scroll to.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};

use super::fit;
use super::style::Theme;
use crate::tui::help::HelpLayout;
use crate::tui::reader::Reader;

/// Draws the help centred over `area`.
pub fn render(reader: &Reader, theme: Theme, area: Rect, buf: &mut Buffer) {
    let help = HelpLayout::with_keys(area, &reader.keys);
    if help.popup.width < 2 || help.popup.height < 2 {
        return;
    }
    let scroll = reader.help_scroll.min(help.max_scroll());
    let key_width = help.key_width;
    let inner = usize::from(help.popup.width).saturating_sub(4);
    let lines: Vec<Line> = help
        .rows
        .iter()
        .skip(scroll)
        .take(help.visible_rows())
        .map(|row| match row.heading {
            true => Line::styled(format!(" {}", fit(&row.text, inner)), theme.heading()),
            false => Line::from(vec![
                Span::styled(format!(" {}  ", fit(&row.keys, key_width)), theme.label()),
                Span::raw(row.text.as_str()),
            ]),
        })
        .collect();
    let mut block = Block::new()
        .borders(Borders::ALL)
        .title(" Keys (Esc closes) ");
    if let Some(note) = scroll_note(scroll, &help) {
        block = block.title_bottom(Line::styled(note, theme.label()).right_aligned());
    }
    Clear.render(help.popup, buf);
    Paragraph::new(lines).block(block).render(help.popup, buf);
}

/// ` ↓ 5 more (j k scroll) `, ` ↑ `… at the ends: what lies beyond the box.
fn scroll_note(scroll: usize, help: &HelpLayout) -> Option<String> {
    let below = help.max_scroll() - scroll;
    match (scroll > 0, below > 0) {
        (false, false) => None,
        (_, true) => Some(format!(" ↓ {below} more · j k scroll ")),
        (true, false) => Some(" ↑ more above · k scrolls up ".into()),
    }
}
