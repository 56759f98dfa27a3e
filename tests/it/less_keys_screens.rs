//! less's movement keys and counts in the reader, through the Harness:
//! `f` / Ctrl-f / Ctrl-b, `d` / `u`, `e` / Ctrl-e / Ctrl-y, Enter, and a
//! number before a key (`5j`, `3]`, `12g`) shown while it waits.

use crate::support;

use crossterm::event::{KeyCode, KeyModifiers};
use earmark::formats;
use earmark::tui::wrap_index::Position;
use support::harness::Harness;

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;

fn sample() -> Harness {
    Harness::reader(formats::sample(), (100, 30))
}

fn top(harness: &Harness) -> Position {
    harness.shell.reader.as_ref().unwrap().top
}

fn current(harness: &Harness) -> usize {
    harness.shell.reader.as_ref().unwrap().current
}

/// Where the view is after `keys` from the start, as a fresh reader.
fn top_after(keys: &[(KeyCode, KeyModifiers)]) -> Position {
    let mut harness = sample();
    for &(code, modifiers) in keys {
        harness.press(code, modifiers);
    }
    top(&harness)
}

#[test]
fn less_keys_move_as_earmarks_own() {
    let space = top_after(&[(KeyCode::Char(' '), NONE)]);
    assert!(space > Position::default());
    assert_eq!(top_after(&[(KeyCode::Char('f'), NONE)]), space);
    assert_eq!(top_after(&[(KeyCode::Char('f'), CTRL)]), space);
    let half = top_after(&[(KeyCode::Char('d'), CTRL)]);
    assert_eq!(top_after(&[(KeyCode::Char('d'), NONE)]), half);
    let line = top_after(&[(KeyCode::Char('j'), NONE)]);
    for key in [
        (KeyCode::Char('e'), NONE),
        (KeyCode::Char('e'), CTRL),
        (KeyCode::Enter, NONE),
    ] {
        assert_eq!(top_after(&[key]), line, "{key:?}");
    }
    // And back up: Ctrl-b, u, Ctrl-y undo a page, a half page, a line.
    let start = Position::default();
    assert_eq!(
        top_after(&[(KeyCode::Char('f'), NONE), (KeyCode::Char('b'), CTRL)]),
        start
    );
    assert_eq!(
        top_after(&[(KeyCode::Char('d'), NONE), (KeyCode::Char('u'), NONE)]),
        start
    );
    assert_eq!(
        top_after(&[(KeyCode::Enter, NONE), (KeyCode::Char('y'), CTRL)]),
        start
    );
}

#[test]
fn a_count_shows_while_it_waits_and_multiplies_the_key() {
    let mut harness = sample();
    harness.type_text("1");
    harness.type_text("5");
    insta::assert_snapshot!("count_waiting", harness.screen());
    harness.type_text("j");
    let fifteen = top_after(&[(KeyCode::Char('j'), NONE); 15]);
    assert_eq!(top(&harness), fifteen);
    assert!(!harness.screen().contains("count 15"), "taken by j");
    // 3] steps three segments; 12g goes to segment 12.
    let mut harness = sample();
    harness.type_text("3]");
    assert_eq!(current(&harness), 3);
    harness.type_text("12g");
    assert_eq!(current(&harness), 11);
    // 10 Ctrl-e: ten lines, as ten Ctrl-e.
    let mut harness = sample();
    harness.type_text("10");
    harness.press(KeyCode::Char('e'), CTRL);
    assert_eq!(top(&harness), top_after(&[(KeyCode::Char('e'), CTRL); 10]));
}

#[test]
fn esc_cancels_a_count_and_nothing_else() {
    let mut harness = sample();
    harness.type_text("/claude");
    harness.press(KeyCode::Enter, NONE);
    harness.type_text("4");
    assert!(harness.screen().contains("count 4"), "{}", harness.screen());
    harness.press(KeyCode::Esc, NONE);
    let screen = harness.screen();
    assert!(!screen.contains("count 4"), "{screen}");
    let reader = harness.shell.reader.as_ref().unwrap();
    assert!(reader.search.kept_count().is_some(), "the search is kept");
    let before = top(&harness);
    harness.type_text("j");
    assert_eq!(top(&harness).row, before.row + 1, "one line, not four");
}
