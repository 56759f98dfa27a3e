//! Every prompt edits its line like a shell: the cursor shows (a reversed
//! cell), moves by character and word, and the kills cut where it is.
//! Driven through the Harness; the snapshots show the reversed cell.

use crate::support;

use std::sync::Arc;

use crossterm::event::{KeyCode, KeyModifiers};
use earmark::formats;
use earmark::tui::Action;
use earmark::tui::library::Library;
use support::harness::Harness;
use support::screen;

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const ALT: KeyModifiers = KeyModifiers::ALT;

/// A reader on the sample without colours, so the styled snapshot shows
/// only emphasis (bold names, the reversed cursor).
fn plain_reader(size: (u16, u16)) -> Harness {
    let mut harness = Harness::new(size, false);
    harness.shell.open(Arc::new(formats::sample()));
    harness
}

/// The whole screen with its styled runs (the cursor is the reversed
/// cell on the last row).
fn styled(harness: &Harness) -> String {
    screen::styled_screen_text(&harness.buffer())
}

/// The column of the one reversed cell on the lowest row that has one
/// (the prompt's: the bottom row in the reader, the filter's in the
/// library).
fn cursor_column(harness: &Harness) -> u16 {
    let buf = harness.buffer();
    let y = (0..buf.area.height)
        .rev()
        .find(|&y| (0..buf.area.width).any(|x| reversed_at(&buf, x, y)))
        .expect("a cursor");
    let reversed: Vec<u16> = (0..buf.area.width)
        .filter(|&x| reversed_at(&buf, x, y))
        .collect();
    assert_eq!(reversed.len(), 1, "one cursor cell: {reversed:?}");
    reversed[0]
}

fn reversed_at(buf: &ratatui::buffer::Buffer, x: u16, y: u16) -> bool {
    let modifier = buf[(x, y)].modifier;
    modifier.contains(ratatui::style::Modifier::REVERSED)
}

#[test]
fn the_search_bar_edits_in_the_middle_and_searches_what_it_holds() {
    let mut harness = plain_reader((80, 20));
    harness.type_text("/pricng power");
    assert_eq!(cursor_column(&harness), 13, "after the text");
    // Alt-b twice: to the start of "pricng"; Right ×4, type the missing i.
    harness.press(KeyCode::Char('b'), ALT);
    harness.press(KeyCode::Char('b'), ALT);
    assert_eq!(cursor_column(&harness), 1);
    for _ in 0..4 {
        harness.press(KeyCode::Right, NONE);
    }
    harness.type_text("i");
    let reader = harness.shell.reader.as_ref().unwrap();
    assert_eq!(reader.search.prompt.input, "pricing power");
    assert_eq!(cursor_column(&harness), 6, "on the n");
    insta::assert_snapshot!("search_bar_cursor_mid_line", styled(&harness));
    // Ctrl-k cuts from the cursor on; Ctrl-u everything before it.
    harness.press(KeyCode::Char('k'), CTRL);
    assert_eq!(
        harness.shell.reader.as_ref().unwrap().search.prompt.input,
        "prici"
    );
    harness.press(KeyCode::Left, NONE);
    harness.press(KeyCode::Char('u'), CTRL);
    let reader = harness.shell.reader.as_ref().unwrap();
    assert_eq!(reader.search.prompt.input, "i");
    assert_eq!(cursor_column(&harness), 1, "at the start, on the i");
}

#[test]
fn home_end_delete_and_ctrl_w_in_the_go_to_prompt() {
    let mut harness = plain_reader((80, 20));
    harness.type_text("t1:02:03");
    harness.press(KeyCode::Home, NONE);
    assert_eq!(cursor_column(&harness), 6, "after `go to `");
    harness.press(KeyCode::Delete, NONE);
    harness.press(KeyCode::Char('e'), CTRL);
    harness.type_text(" 45");
    harness.press(KeyCode::Char('w'), CTRL);
    let reader = harness.shell.reader.as_ref().unwrap();
    assert_eq!(reader.goto.input, ":02:03 ");
    harness.press(KeyCode::Char('a'), CTRL);
    harness.type_text("1");
    assert_eq!(
        harness.shell.reader.as_ref().unwrap().goto.input,
        "1:02:03 "
    );
    insta::assert_snapshot!("goto_prompt_after_edits", styled(&harness));
}

#[test]
fn the_note_prompt_moves_over_wide_and_combined_characters_whole() {
    let mut harness = plain_reader((80, 20));
    harness.press(KeyCode::Char('M'), NONE);
    // "e" + a combining acute: one grapheme; 日本 two wide ones.
    harness.paste("cafe\u{301} 日本");
    harness.press(KeyCode::Left, NONE);
    assert_eq!(cursor_column(&harness), 5 + 7, "on 本, after `note `");
    harness.press(KeyCode::Left, NONE);
    harness.press(KeyCode::Left, NONE);
    harness.press(KeyCode::Left, NONE);
    assert_eq!(cursor_column(&harness), 5 + 3, "on é: one step");
    harness.press(KeyCode::Delete, NONE);
    let reader = harness.shell.reader.as_ref().unwrap();
    assert_eq!(reader.bookmarks.note, "caf 日本");
    insta::assert_snapshot!("note_prompt_wide", styled(&harness));
    harness.press(KeyCode::Enter, NONE);
    let saved = &harness.runner.stores.bookmarks;
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].note, "caf 日本");
}

#[test]
fn a_long_query_scrolls_to_keep_the_cursor_in_view() {
    let mut harness = plain_reader((40, 12));
    harness.type_text("/");
    harness.paste("one two three four five six seven eight nine ten");
    let end = screen::row_text(&harness.buffer(), 11);
    assert!(end.contains("nine ten"), "{end}");
    harness.press(KeyCode::Home, NONE);
    let start = screen::row_text(&harness.buffer(), 11);
    assert!(start.starts_with("/one two"), "{start}");
    assert_eq!(cursor_column(&harness), 1);
}

#[test]
fn the_library_filter_edits_with_the_same_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("karina.md");
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/karina-nguyen.md");
    std::fs::copy(sample, &path).unwrap();
    let mut harness = Harness::new((100, 12), false);
    let library = Library::new("podcasts".into(), vec![path.clone()], Vec::new());
    harness.shell.attach_library(library);
    let result = formats::parse_file(&path)
        .map(Arc::new)
        .map_err(|e| e.reason.to_string());
    harness.act(Action::LibraryLoaded { entry: 0, result });
    harness.type_text("karxna");
    assert!(harness.screen().contains("0 shown"), "{}", harness.screen());
    harness.press(KeyCode::Left, NONE);
    harness.press(KeyCode::Left, NONE);
    harness.press(KeyCode::Backspace, NONE);
    harness.type_text("i");
    let library = harness.shell.library.as_ref().unwrap();
    assert_eq!(library.filter, "karina");
    assert_eq!(library.visible.len(), 1, "the filter ran again");
    insta::assert_snapshot!("library_filter_cursor", styled(&harness));
    // Home / End still pick the first / last episode there; Ctrl-a moves.
    harness.press(KeyCode::Char('a'), CTRL);
    harness.press(KeyCode::Char('k'), CTRL);
    assert_eq!(harness.shell.library.as_ref().unwrap().filter, "");
}
