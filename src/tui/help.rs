//! The help overlay's layout: the key tables (in words, from the keymap)
//! wrapped to the terminal, and
//! the box it sits in, sized to its content and to the screen. Shared by
//! `update` (how far the help can scroll) and the view (what to draw).

use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

use super::key_docs::{self, HELP_SECTIONS};
use super::key_overrides::KeyOverrides;
use super::wrap_index::wrap;

/// Columns around the text inside the box: a space on each side.
const PADDING: usize = 1;
/// Columns between the keys and what they do.
const GAP: usize = 2;

/// One row of the help: keys (blank on a continuation row) and text, or
/// a section's title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpRow {
    pub keys: String,
    pub text: String,
    /// A section's title (in `text`), drawn as a heading.
    pub heading: bool,
}

/// The help laid out for one terminal size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpLayout {
    /// The box, borders included.
    pub popup: Rect,
    /// Columns of the keys column.
    pub key_width: usize,
    pub rows: Vec<HelpRow>,
}

impl HelpLayout {
    /// The help for a screen of `area`: as wide as its longest row where
    /// the screen allows, its text wrapped where it does not; as tall as
    /// its rows, or the screen (then it scrolls).
    pub fn new(area: Rect) -> Self {
        Self::with_keys(area, &KeyOverrides::default())
    }

    /// [`HelpLayout::new`], showing the keys as the config remapped them.
    pub fn with_keys(area: Rect, keys: &KeyOverrides) -> Self {
        let table = table(keys);
        let key_width = table
            .iter()
            .map(|(keys, _)| keys.width())
            .max()
            .unwrap_or(0);
        let text_width = table
            .iter()
            .map(|(_, text)| text.width())
            .max()
            .unwrap_or(0);
        let natural = 2 * PADDING + key_width + GAP + text_width + 2;
        let width = natural.min(usize::from(area.width));
        let inner = width.saturating_sub(2 + 2 * PADDING);
        // On a very narrow screen the keys take at most half the room.
        let key_width = key_width.min(inner / 2);
        let rows = rows(inner.saturating_sub(key_width + GAP).max(1), keys);
        let height = (rows.len() + 2).min(usize::from(area.height));
        let (width, height) = (width as u16, height as u16);
        let popup = Rect {
            x: area.x + (area.width - width) / 2,
            y: area.y + (area.height - height) / 2,
            width,
            height,
        };
        HelpLayout {
            popup,
            key_width,
            rows,
        }
    }

    /// Rows shown at once, inside the borders.
    pub fn visible_rows(&self) -> usize {
        usize::from(self.popup.height.saturating_sub(2))
    }

    /// The furthest the help scrolls: its last row at the box's bottom.
    pub fn max_scroll(&self) -> usize {
        self.rows.len().saturating_sub(self.visible_rows())
    }
}

/// Every section's rows as (keys, what they do), unwrapped.
fn table(keys: &KeyOverrides) -> Vec<(String, &'static str)> {
    HELP_SECTIONS
        .iter()
        .flat_map(|section| key_docs::rows_with(section, keys))
        .map(|row| (key_docs::help_keys(&row), row.does))
        .collect()
}

/// Each section's title, then its rows with the text wrapped to
/// `text_width` columns.
fn rows(text_width: usize, keys: &KeyOverrides) -> Vec<HelpRow> {
    let mut rows = Vec::new();
    for section in HELP_SECTIONS {
        rows.push(HelpRow {
            keys: String::new(),
            text: section.title.to_string(),
            heading: true,
        });
        for row in key_docs::rows_with(section, keys) {
            let keys = key_docs::help_keys(&row);
            for (i, range) in wrap(row.does, text_width).into_iter().enumerate() {
                rows.push(HelpRow {
                    keys: if i == 0 { keys.clone() } else { String::new() },
                    text: row.does[range].to_string(),
                    heading: false,
                });
            }
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wide_screen_gets_a_box_just_wide_enough() {
        let help = HelpLayout::new(Rect::new(0, 0, 200, 60));
        let widest = help
            .rows
            .iter()
            .map(|r| 2 * PADDING + help.key_width + GAP + r.text.width() + 2)
            .max()
            .unwrap();
        assert_eq!(usize::from(help.popup.width), widest);
        assert_eq!(
            help.rows.len(),
            table(&KeyOverrides::default()).len() + HELP_SECTIONS.len()
        );
        assert_eq!(help.max_scroll(), 0);
    }

    #[test]
    fn the_help_shows_every_key_of_its_sections() {
        let help = HelpLayout::new(Rect::new(0, 0, 200, 100));
        for section in HELP_SECTIONS {
            for row in key_docs::rows(section) {
                let keys = key_docs::help_keys(&row);
                let shown = help
                    .rows
                    .iter()
                    .any(|r| r.keys == keys && r.text == row.does);
                assert!(shown, "{keys} ({}) is not in the help", row.does);
            }
        }
    }

    #[test]
    fn a_narrow_screen_wraps_the_text_and_a_short_one_scrolls() {
        let help = HelpLayout::new(Rect::new(0, 0, 40, 10));
        assert_eq!(help.popup.width, 40);
        assert!(help.rows.len() > table(&KeyOverrides::default()).len() + HELP_SECTIONS.len());
        for row in help.rows.iter().filter(|row| !row.heading) {
            assert!(2 * PADDING + help.key_width + GAP + row.text.width() + 2 <= 40);
        }
        let headings: Vec<&str> = help
            .rows
            .iter()
            .filter(|row| row.heading)
            .map(|row| row.text.as_str())
            .collect();
        let titles: Vec<&str> = HELP_SECTIONS.iter().map(|section| section.title).collect();
        assert_eq!(headings, titles);
        assert_eq!(help.visible_rows(), 8);
        assert_eq!(help.max_scroll(), help.rows.len() - 8);
    }

    #[test]
    fn tiny_screens_do_not_panic() {
        for (w, h) in [(0, 0), (1, 1), (3, 2), (8, 3)] {
            let help = HelpLayout::new(Rect::new(0, 0, w, h));
            assert!(help.popup.width <= w && help.popup.height <= h);
        }
    }
}
