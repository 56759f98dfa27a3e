//! Colours and styles, in one place so `NO_COLOR` is honoured everywhere.
//! A [`Palette`] holds a theme's colours (dark and light built in, the
//! config's `palette:` set over them); [`Theme`] turns them into styles.
//! Every built-in colour is checked for contrast against the backgrounds
//! its theme is meant for (tests/theme_contrast.rs).

use ratatui::style::{Color, Modifier, Style};

pub use crate::tui::palette::Palette;
use crate::tui::palette::contrast;

/// The text colour on a highlight: black or white, whichever reads.
fn text_on(highlight: Color) -> Color {
    contrast::rgb(highlight).map_or(Color::Black, contrast::text_on)
}

/// The styles the views use, with or without colour.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub colors: bool,
    pub palette: Palette,
}

impl Theme {
    /// The styles of `palette`, or none of its colours when `colors` is
    /// false (`NO_COLOR`).
    pub fn new(colors: bool, palette: Palette) -> Self {
        Self { colors, palette }
    }

    /// The colour of a speaker's palette slot (`Reader::speaker_slot`:
    /// the same for one name in every episode), or none without colours.
    pub fn speaker_color(self, slot: Option<usize>) -> Option<Color> {
        let slot = slot?;
        let speakers = self.palette.speakers();
        (self.colors && !speakers.is_empty()).then(|| speakers[slot % speakers.len()])
    }

    /// A speaker's name: bold, in their slot's colour when there is colour.
    pub fn speaker(self, slot: Option<usize>) -> Style {
        let style = Style::new().add_modifier(Modifier::BOLD);
        match self.speaker_color(slot) {
            Some(color) => style.fg(color),
            None => style,
        }
    }

    /// Secondary text: times, labels. A grey that reads on the theme's
    /// background; dimmed (as the terminal dims) without colours.
    pub fn dim(self) -> Style {
        if self.colors {
            Style::new().fg(self.palette.dim)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
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
            let bg = self.palette.hit;
            Style::new().fg(text_on(bg)).bg(bg)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    /// The current search hit.
    pub fn current_hit(self) -> Style {
        if self.colors {
            let bg = self.palette.current_hit;
            Style::new()
                .fg(text_on(bg))
                .bg(bg)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED)
        }
    }

    /// A note in the status line that needs attention.
    pub fn warning(self) -> Style {
        if self.colors {
            Style::new()
                .fg(self.palette.warning)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }
}
