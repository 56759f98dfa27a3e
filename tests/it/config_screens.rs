//! config.yaml on screen, through the Harness: the light theme's reader
//! and library (whole screens, with colours), remapped keys working and
//! shown in the help, the sidebar hidden from the start, NO_COLOR winning
//! over a theme.

use crate::support;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crossterm::event::{KeyCode, KeyModifiers};
use earmark::config::settings::parse;
use earmark::formats;
use earmark::tui::Action;
use earmark::tui::background::Background;
use earmark::tui::configure::Look;
use earmark::tui::library::Library;
use ratatui::style::Color;
use support::harness::Harness;
use support::screen::styled_screen_text;

const NONE: KeyModifiers = KeyModifiers::NONE;

/// A harness set up as `yaml` asks, on a terminal that says its
/// background is `background`.
fn configured(
    yaml: &str,
    size: (u16, u16),
    colors: bool,
    background: Option<Background>,
) -> Harness {
    let loaded = parse(yaml, "config.yaml");
    assert!(loaded.notes.is_empty(), "{:?}", loaded.notes);
    let look = Look::new(&loaded, colors, || background);
    assert!(look.notes.is_empty(), "{:?}", look.notes);
    let mut harness = Harness::new(size, colors);
    look.apply(&mut harness.shell);
    harness
}

fn reader(yaml: &str) -> Harness {
    let mut harness = configured(yaml, (100, 30), true, None);
    harness.shell.open(Arc::new(formats::sample()));
    harness
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
}

/// Every colour used on screen.
fn colours(harness: &Harness) -> Vec<Color> {
    let buf = harness.buffer();
    let mut used: Vec<Color> = buf.content.iter().flat_map(|c| [c.fg, c.bg]).collect();
    used.sort_by_key(|c| format!("{c:?}"));
    used.dedup();
    used.retain(|&c| c != Color::Reset);
    used
}

#[test]
fn the_light_reader_with_a_search_kept() {
    let mut harness = reader("theme: light\n");
    harness.type_text("/claude");
    harness.press(KeyCode::Enter, NONE);
    insta::assert_snapshot!("light_reader_100x30", styled_screen_text(&harness.buffer()));
    let used = colours(&harness);
    for dark_only in [Color::Indexed(39), Color::Indexed(186), Color::Indexed(246)] {
        assert!(!used.contains(&dark_only), "{dark_only:?} in {used:?}");
    }
}

#[test]
fn auto_on_a_light_terminal_is_the_light_theme() {
    let mut auto = configured("theme: auto\n", (100, 30), true, Some(Background::Light));
    auto.shell.open(Arc::new(formats::sample()));
    let light = reader("theme: light\n");
    assert_eq!(auto.buffer(), light.buffer());
    let dark = reader("theme: dark\n");
    assert_ne!(dark.buffer(), light.buffer());
}

#[test]
fn the_light_library() {
    let mut harness = configured("theme: light\n", (100, 16), true, None);
    let files: Vec<PathBuf> = ["assets/karina-nguyen.md", "tests/fixtures/dialect_a.md"]
        .into_iter()
        .map(fixture)
        .collect();
    let library = Library::new("podcasts".into(), files.clone(), Vec::new());
    harness.shell.attach_library(library);
    for (entry, path) in files.iter().enumerate() {
        let result = formats::parse_file(path)
            .map(Arc::new)
            .map_err(|e| e.reason.to_string());
        harness.act(Action::LibraryLoaded { entry, result });
    }
    insta::assert_snapshot!(
        "light_library_100x16",
        styled_screen_text(&harness.buffer())
    );
}

#[test]
fn no_color_wins_over_the_light_theme() {
    let mut harness = configured("theme: light\n", (100, 30), false, Some(Background::Light));
    harness.shell.open(Arc::new(formats::sample()));
    harness.type_text("/claude");
    assert_eq!(colours(&harness), Vec::<Color>::new());
}

#[test]
fn remapped_keys_work_and_the_help_shows_them() {
    let mut harness = reader("keys:\n  reading:\n    quit: Q\n    line-down: [j, Ctrl-j]\n");
    harness.press(KeyCode::Char('q'), NONE);
    assert!(!harness.quit, "q no longer quits");
    let before = harness.shell.reader.as_ref().unwrap().top;
    harness.press(KeyCode::Char('j'), KeyModifiers::CONTROL);
    assert_ne!(
        harness.shell.reader.as_ref().unwrap().top,
        before,
        "Ctrl-j scrolls"
    );
    harness.press(KeyCode::Char('?'), NONE);
    let help = harness.screen();
    assert!(help.contains("│ Q  "), "{help}");
    assert!(help.contains("│ j Ctrl-j  k ↑"), "{help}");
    assert!(!help.contains("│ q "), "{help}");
    harness.press(KeyCode::Esc, NONE);
    harness.press(KeyCode::Char('Q'), KeyModifiers::SHIFT);
    assert!(harness.quit);
}

#[test]
fn the_sidebar_can_start_hidden_and_tab_still_shows_it() {
    let mut harness = reader("sidebar: false\n");
    let hidden = harness.screen();
    assert!(!hidden.contains("Speakers"), "{hidden}");
    harness.press(KeyCode::Tab, NONE);
    assert!(
        harness.screen().contains("Speakers"),
        "{}",
        harness.screen()
    );
    let shown = reader("");
    assert!(shown.screen().contains("Speakers"));
}

/// The widest transcript row (status line and timeline aside) with the
/// sidebar hidden,
/// on a terminal 160 columns wide, as `yaml` sets the reading width.
fn widest_row(yaml: &str) -> usize {
    let mut harness = configured(&format!("sidebar: false\n{yaml}"), (160, 30), true, None);
    harness.shell.open(Arc::new(formats::sample()));
    let screen = harness.screen();
    let rows: Vec<&str> = screen.lines().collect();
    let text_rows = &rows[..rows.len().saturating_sub(1)];
    text_rows
        .iter()
        // The timeline keeps the right edge: the text ends before it.
        .map(|row| {
            let text: String = row.chars().take(150).collect();
            text.trim_end().chars().count()
        })
        .max()
        .unwrap_or(0)
}

#[test]
fn max_width_from_the_config_sets_where_lines_wrap() {
    let default = widest_row("");
    let narrow = widest_row("max_width: 40\n");
    let unlimited = widest_row("max_width: 0\n");
    assert!(narrow < default, "40: {narrow}, default: {default}");
    assert!(default < unlimited, "default: {default}, 0: {unlimited}");
    // The text column (after the gutter) holds at most 40 columns.
    assert!(narrow <= 40 + 12, "{narrow}");
}
