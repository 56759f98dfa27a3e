//! The reader driven through the same effect runner as the event loop
//! (tests/support/harness.rs): searches answered, bookmarks saved and
//! echoed back, copies and a bookmark's episode carried out by the runner's
//! ports, not by a loop of the test's own.

use crate::support;

use crossterm::event::{KeyCode, KeyModifiers};
use earmark::formats;
use earmark::tui::keymap::{Mode, ReaderMode};
use support::harness::Harness;

const NONE: KeyModifiers = KeyModifiers::NONE;

fn sample(size: (u16, u16)) -> Harness {
    Harness::reader(formats::sample(), size)
}

#[test]
fn typed_search_is_answered_by_the_runner_and_n_goes_on() {
    let mut harness = sample((100, 30));
    harness.type_text("/claude");
    assert_eq!(harness.shell.mode(), Mode::Reader(ReaderMode::Search));
    let reader = harness.shell.reader.as_ref().unwrap();
    let hits = reader.search.hits.len();
    assert!(hits > 1, "the runner's search answered");
    let first = reader.current;
    harness.press(KeyCode::Enter, NONE);
    harness.press(KeyCode::Char('n'), NONE);
    let reader = harness.shell.reader.as_ref().unwrap();
    assert!(reader.current >= first);
    assert!(
        harness.screen().contains(&format!("/{hits}")),
        "{}",
        harness.screen()
    );
}

#[test]
fn a_bookmark_is_saved_by_the_stores_port_and_comes_back_merged() {
    let mut harness = sample((100, 30));
    harness.press(KeyCode::Char('j'), NONE);
    harness.press(KeyCode::Char('m'), NONE);
    assert_eq!(harness.runner.stores.bookmarks.len(), 1);
    let reader = harness.shell.reader.as_ref().unwrap();
    assert_eq!(reader.bookmarks.all.len(), 1, "the merged list came back");
    assert!(reader.bookmarks.is_marked(reader.current));
    assert!(harness.screen().contains("bookmarked"));
}

#[test]
fn y_copies_through_the_terminal_port() {
    let mut harness = sample((100, 30));
    harness.press(KeyCode::Char('y'), NONE);
    let copied = &harness.runner.terminal.copied;
    assert_eq!(copied.len(), 1);
    assert!(copied[0].starts_with('“'), "{copied:?}");
}

#[test]
fn q_quits_and_saves_where_the_reader_was() {
    let mut harness = sample((100, 30));
    harness.press(KeyCode::Char('G'), NONE);
    harness.press(KeyCode::Char('q'), NONE);
    assert!(harness.quit);
    let positions = &harness.runner.stores.positions;
    assert_eq!(positions.len(), 1, "{positions:?}");
    assert!(positions.values().all(|resume| resume.segment > 0));
}

#[test]
fn a_resize_and_a_paste_reach_the_reader() {
    let mut harness = sample((100, 30));
    harness.resize(40, 10);
    assert_eq!(harness.screen().lines().count(), 10);
    harness.press(KeyCode::Char('t'), NONE);
    harness.paste("1:00:00");
    harness.press(KeyCode::Enter, NONE);
    let reader = harness.shell.reader.as_ref().unwrap();
    let start = reader.episode.segments[reader.current].start;
    assert!(start.is_some_and(|t| t >= 3500), "{start:?}");
}
