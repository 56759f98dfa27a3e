//! Colours and styles, in one place so `NO_COLOR` is honoured everywhere.

use ratatui::style::{Color, Modifier, Style};

/// Speaker colours from the 256-colour palette: mid-luminance hues that read
/// on dark and on light backgrounds, ordered so neighbours differ most (a
/// speaker whose colour is taken gets the next one: tui::speaker_colors).
const SPEAKER_PALETTE: [u8; 10] = [
    33,  // blue
    208, // orange
    35,  // green
    170, // orchid
    37,  // teal
    160, // red
    98,  // purple
    136, // dark gold
    162, // deep pink
    70,  // chartreuse
];
// Speakers get one slot each of this palette (tui::speaker_colors).
const _: () = assert!(SPEAKER_PALETTE.len() == crate::tui::speaker_colors::SLOTS);

/// The styles the views use, with or without colour.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub colors: bool,
}

impl Theme {
    /// The colour of a speaker's palette slot (`Reader::speaker_slot`), or
    /// none without colours.
    pub fn speaker_color(self, slot: Option<usize>) -> Option<Color> {
        let slot = slot?;
        self.colors
            .then(|| Color::Indexed(SPEAKER_PALETTE[slot % SPEAKER_PALETTE.len()]))
    }

    /// A speaker's name: bold, in their slot's colour when there is colour.
    pub fn speaker(self, slot: Option<usize>) -> Style {
        let style = Style::new().add_modifier(Modifier::BOLD);
        match self.speaker_color(slot) {
            Some(color) => style.fg(color),
            None => style,
        }
    }

    /// Secondary text: times, labels.
    pub fn dim(self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }

    /// Section labels in the sidebar.
    pub fn label(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// A link (the sidebar's, clickable where the terminal can).
    pub fn link(self) -> Style {
        Style::new().add_modifier(Modifier::UNDERLINED)
    }

    /// A section's title in the help.
    pub fn heading(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    /// The status line and other bars.
    pub fn bar(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// Text in a selection of segments (`v`).
    pub fn selection(self) -> Style {
        if self.colors {
            Style::new().bg(Color::Indexed(238))
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    /// A search hit in the text.
    pub fn hit(self) -> Style {
        if self.colors {
            Style::new().fg(Color::Black).bg(Color::Indexed(186))
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    /// The current search hit.
    pub fn current_hit(self) -> Style {
        if self.colors {
            Style::new()
                .fg(Color::Black)
                .bg(Color::Indexed(208))
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED)
        }
    }

    /// A note in the status line that needs attention.
    pub fn warning(self) -> Style {
        if self.colors {
            Style::new()
                .fg(Color::Indexed(160))
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }
}
