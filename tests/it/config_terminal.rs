//! config.yaml in a real terminal: `theme: auto` asks the terminal for
//! its background (OSC 11) before taking the screen and picks the light
//! theme on a light one; a bad file shows on the status line and the
//! reader goes on; NO_COLOR wins over a theme.

use crate::support;

use std::time::{Duration, Instant};

use earmark::tui::palette::Palette;
use ratatui::style::Color;
use support::pty::{PATIENCE, Pty};

/// The OSC 11 query earmark sends.
const QUERY: &[u8] = b"\x1b]11;?";

/// earmark on the sample episode, after `setup` (shell commands, run
/// first, `$C` the config file).
fn earmark_after(setup: &str) -> Pty {
    let script =
        format!("C=\"$EARMARK_CONFIG_DIR/config.yaml\"; {setup}; \"$0\"; echo EXIT=$?; sleep 30");
    Pty::shell(&script, 100, 30, &[])
}

/// The colour of the first cell of `text` on screen.
fn colour_of(pty: &Pty, text: &str) -> vt100::Color {
    let screen = pty.parser_screen();
    let (row, line) = screen
        .contents()
        .lines()
        .enumerate()
        .find(|(_, line)| line.contains(text))
        .map(|(row, line)| (row, line.to_string()))
        .unwrap_or_else(|| panic!("{text:?} not on screen:\n{}", screen.contents()));
    let col = line[..line.find(text).unwrap()].chars().count();
    screen
        .cell(row as u16, col as u16)
        .expect("a cell")
        .fgcolor()
}

/// Whether `colour` is one of `palette`'s speaker colours and of no other
/// built-in palette's (which slot a name takes is speaker_colors' rule).
fn is_speaker_colour(palette: &Palette, colour: vt100::Color) -> bool {
    let holds = |p: &Palette| {
        p.speakers()
            .iter()
            .any(|c| matches!((c, colour), (Color::Indexed(a), vt100::Color::Idx(b)) if *a == b))
    };
    let other = if palette.name == "dark" {
        &Palette::LIGHT
    } else {
        &Palette::DARK
    };
    holds(palette) && !holds(other)
}

#[test]
fn auto_asks_the_terminal_and_a_light_answer_gives_the_light_theme() {
    let mut pty = earmark_after("unset COLORFGBG");
    let deadline = Instant::now() + PATIENCE;
    while !pty.output().windows(QUERY.len()).any(|w| w == QUERY) {
        assert!(Instant::now() < deadline, "no OSC 11 query was sent");
        std::thread::sleep(Duration::from_millis(2));
    }
    pty.send("\x1b]11;rgb:ffff/ffff/ffff\x1b\\\x1b[?62;22c");
    pty.wait_for_text("Lenny Rachitsky");
    // The host's name in one of the light theme's speaker colours.
    let colour = colour_of(&pty, "Lenny Rachitsky");
    assert!(is_speaker_colour(&Palette::LIGHT, colour), "{colour:?}");
    assert!(
        !pty.contents().contains("rgb:"),
        "the answer was not read as keys"
    );
    pty.send("q");
    pty.wait_for_text("EXIT=0");
}

#[test]
fn a_terminal_that_says_nothing_gets_the_dark_theme() {
    let mut pty = earmark_after("unset COLORFGBG");
    pty.wait_for_text("Lenny Rachitsky");
    let colour = colour_of(&pty, "Lenny Rachitsky");
    assert!(is_speaker_colour(&Palette::DARK, colour), "{colour:?}");
    pty.send("q");
    pty.wait_for_text("EXIT=0");
}

#[test]
fn a_bad_config_shows_on_the_status_line_and_the_reader_goes_on() {
    let mut pty = earmark_after("printf 'sidebar: false\\ntheme: lite\\n' > \"$C\"");
    pty.wait_for_text("config.yaml: line 2: theme: unknown variant");
    assert!(
        pty.contents().contains("Speakers"),
        "the defaults: sidebar shown"
    );
    pty.send("q");
    pty.wait_for_text("EXIT=0");
}

#[test]
fn no_color_wins_over_the_light_theme() {
    let mut pty = earmark_after("printf 'theme: light\\n' > \"$C\"; export NO_COLOR=1");
    pty.wait_for_text("Lenny Rachitsky");
    assert_eq!(colour_of(&pty, "Lenny Rachitsky"), vt100::Color::Default);
    pty.send("q");
    pty.wait_for_text("EXIT=0");
}
