//! config.yaml applied to the TUI: the theme's palette (with `auto`
//! resolved), the remapped keys, the sidebar and the reading width, and
//! the notes the status line shows at start.

use std::sync::Arc;

use super::background::Background;
use super::key_overrides::KeyOverrides;
use super::palette::Palette;
use super::shell::Shell;
use crate::config::{CONFIG_FILE, Loaded, ThemeChoice};

/// The most notes about the config the status line shows, one after the
/// other: past them, one says how many more there are.
const MOST_NOTES: usize = 3;

/// Keeps the first [`MOST_NOTES`] and says how many more `earmark config`
/// lists.
fn cap(notes: &mut Vec<String>, file: &str) {
    if notes.len() > MOST_NOTES {
        let more = notes.len() - MOST_NOTES;
        notes.truncate(MOST_NOTES);
        notes.push(format!(
            "{file}: {more} more problems: `earmark config` lists them"
        ));
    }
}

/// What a config makes of the TUI, worked out before the screen is taken.
#[derive(Debug, Clone)]
pub struct Look {
    pub palette: Palette,
    pub keys: Arc<KeyOverrides>,
    pub sidebar: bool,
    pub max_width: u16,
    /// For the status line, one at a time.
    pub notes: Vec<String>,
}

impl Look {
    /// The look `loaded` asks for. `background` is asked only for `theme:
    /// auto`, and only when there are colours to choose.
    pub fn new(
        loaded: &Loaded,
        colors: bool,
        background: impl FnOnce() -> Option<Background>,
    ) -> Self {
        let settings = &loaded.settings;
        let base = match settings.theme {
            ThemeChoice::Dark => Palette::DARK,
            ThemeChoice::Light => Palette::LIGHT,
            ThemeChoice::Auto if !colors => Palette::DARK,
            ThemeChoice::Auto => match background() {
                Some(Background::Light) => Palette::LIGHT,
                Some(Background::Dark) | None => Palette::DARK,
            },
        };
        let mut notes = loaded.notes.clone();
        let (palette, palette_notes) = base.with(&settings.palette);
        let file = &loaded.file;
        notes.extend(palette_notes.into_iter().map(|n| format!("{file}: {n}")));
        let (keys, key_notes) = KeyOverrides::from_config(&settings.keys, &loaded.text, file);
        notes.extend(key_notes);
        cap(&mut notes, file);
        // The status line is short: the file's name says enough there
        // (`earmark config` gives the whole path).
        let notes = notes
            .into_iter()
            .map(|note| match note.strip_prefix(file.as_str()) {
                Some(rest) if !file.is_empty() => format!("{CONFIG_FILE}{rest}"),
                _ => note,
            })
            .collect();
        Look {
            palette,
            keys: Arc::new(keys),
            sidebar: settings.sidebar,
            max_width: settings.max_width,
            notes,
        }
    }

    /// Sets the shell up with this look (before anything is opened).
    pub fn apply(&self, shell: &mut Shell) {
        shell.palette = self.palette;
        shell.keys = Arc::clone(&self.keys);
        shell.sidebar = self.sidebar;
        shell.max_width = self.max_width;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::settings::parse;

    fn look(yaml: &str, colors: bool, background: Option<Background>) -> Look {
        Look::new(&parse(yaml, "config.yaml"), colors, || background)
    }

    #[test]
    fn auto_follows_the_background_and_falls_back_to_dark() {
        assert_eq!(
            look("", true, Some(Background::Light)).palette,
            Palette::LIGHT
        );
        assert_eq!(
            look("", true, Some(Background::Dark)).palette,
            Palette::DARK
        );
        assert_eq!(look("", true, None).palette, Palette::DARK);
        assert_eq!(
            look("theme: light", true, Some(Background::Dark)).palette,
            Palette::LIGHT
        );
        assert_eq!(
            look("theme: dark", true, Some(Background::Light)).palette,
            Palette::DARK
        );
    }

    #[test]
    fn without_colours_the_terminal_is_not_asked() {
        let asked = std::cell::Cell::new(false);
        Look::new(&parse("theme: auto", "config.yaml"), false, || {
            asked.set(true);
            None
        });
        assert!(!asked.get());
    }

    #[test]
    fn a_hard_to_read_palette_colour_is_noted() {
        let light = look("theme: light\npalette:\n  dim: 250\n", true, None);
        assert_eq!(light.palette.dim, ratatui::style::Color::Indexed(250));
        assert_eq!(light.notes.len(), 1, "{:?}", light.notes);
        assert!(light.notes[0].starts_with("config.yaml: palette: dim has a contrast of"));
        assert!(
            look("palette:\n  dim: 250\n", true, None).notes.is_empty(),
            "fine on dark"
        );
    }

    #[test]
    fn the_status_line_names_the_file_without_its_folder() {
        let loaded =
            crate::config::settings::parse("theme: lite", "/home/a/.config/earmark/config.yaml");
        let notes = Look::new(&loaded, true, || None).notes;
        assert!(
            notes[0].starts_with("config.yaml: line 1: theme:"),
            "{notes:?}"
        );
    }

    #[test]
    fn many_problems_are_a_few_notes_and_a_count() {
        let yaml: String = (0..50).map(|i| format!("unknown{i}: 1\n")).collect();
        let notes = look(&yaml, true, None).notes;
        assert_eq!(notes.len(), MOST_NOTES + 1, "{notes:?}");
        assert!(
            notes[0].contains("line 1: unknown key `unknown0`"),
            "{notes:?}"
        );
        assert_eq!(
            notes[MOST_NOTES],
            "config.yaml: 47 more problems: `earmark config` lists them"
        );
    }

    #[test]
    fn sidebar_width_and_keys_reach_the_shell() {
        let look = look(
            "sidebar: false\nmax_width: 72\nkeys:\n  reading:\n    quit: Q\n",
            true,
            None,
        );
        let mut shell = Shell::new((100, 30), true);
        look.apply(&mut shell);
        assert!(!shell.sidebar);
        assert_eq!(shell.max_width, 72);
        assert!(!shell.keys.is_empty());
        let reader = shell.open(Arc::new(crate::formats::sample()));
        assert!(!reader.sidebar_wanted);
        assert!(!reader.keys.is_empty());
    }
}
