//! `&pattern` (less's `&`) and `@name` alone, through the Harness: the
//! filtered view and its status line, moves, search, go-to and selections
//! inside it, Esc back at the same place, `/@name` stepping through one
//! speaker's turns, an empty result, a narrow terminal and NO_COLOR.

use crate::support;

use std::sync::Arc;

use crossterm::event::{KeyCode, KeyModifiers};
use earmark::episode::Episode;
use earmark::tui::keymap::{Mode, ReaderMode};
use earmark::tui::reader::Reader;
use support::harness::Harness;

const NONE: KeyModifiers = KeyModifiers::NONE;

fn fixture(name: &str) -> Episode {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/filter")
        .join(name);
    earmark::formats::parse_file(&path).expect("the fixture parses")
}

fn panel(size: (u16, u16)) -> Harness {
    Harness::reader(fixture("panel.md"), size)
}

fn reader(harness: &Harness) -> &Reader {
    harness.current_reader()
}

fn enter(harness: &mut Harness) {
    harness.press(KeyCode::Enter, NONE);
}

fn esc(harness: &mut Harness) {
    harness.press(KeyCode::Esc, NONE);
}

/// `&text` Enter.
fn filter(harness: &mut Harness, text: &str) {
    harness.type_text("&");
    harness.type_text(text);
    enter(harness);
}

/// The segments on screen, in order, each once.
fn segments_on_screen(harness: &Harness) -> Vec<usize> {
    let mut segments: Vec<usize> = reader(harness)
        .visible_rows()
        .iter()
        .map(|row| row.segment)
        .collect();
    segments.dedup();
    segments
}

#[test]
fn ampersand_shows_only_the_matching_segments_with_a_status_line() {
    let mut harness = panel((80, 24));
    harness.type_text("&growth");
    insta::assert_snapshot!("filter_prompt_typed", harness.screen());
    enter(&mut harness);
    assert_eq!(harness.mode(), Mode::Reader(ReaderMode::Reading));
    // Smart case: `growth` also finds `Growth`.
    assert_eq!(segments_on_screen(&harness), [1, 4, 9, 13, 17]);
    insta::assert_snapshot!("filter_growth", harness.screen());
}

#[test]
fn moves_search_and_go_to_stay_inside_the_filtered_view() {
    let mut harness = panel((80, 24));
    filter(&mut harness, "growth");
    assert_eq!(reader(&harness).current, 1);
    harness.type_text("]");
    assert_eq!(reader(&harness).current, 4, "] steps over hidden segments");
    harness.type_text("2]");
    assert_eq!(
        reader(&harness).current,
        13,
        "a count counts shown segments"
    );
    harness.type_text("[");
    assert_eq!(reader(&harness).current, 9);
    harness.type_text("G");
    assert_eq!(reader(&harness).current, 17);
    harness.type_text("g");
    assert_eq!(reader(&harness).current, 1);
    // `/` finds only what is shown: `weekly` is in 4, `hiring` in none.
    harness.type_text("/ing");
    enter(&mut harness);
    assert_eq!(reader(&harness).search.hits.len(), 1, "only 9's Pricing");
    assert_eq!(reader(&harness).current, 9);
    harness.type_text("n");
    assert_eq!(
        reader(&harness).current,
        9,
        "n wraps onto the one shown hit"
    );
    esc(&mut harness); // the filter goes first: the footer says Esc: all
    assert!(reader(&harness).filter_notice().is_none());
    assert!(
        reader(&harness).search.hits.len() > 1,
        "all hits count again"
    );
    filter(&mut harness, "growth");
    // `t 6:00` (segment 8) goes to the first shown segment after it.
    harness.type_text("t6:00");
    enter(&mut harness);
    assert_eq!(reader(&harness).current, 9);
}

#[test]
fn a_selection_copies_and_bookmarks_inside_the_filtered_view() {
    let mut harness = panel((80, 24));
    filter(&mut harness, "growth");
    harness.type_text("vj");
    assert_eq!(reader(&harness).current, 4, "j extends by shown segments");
    harness.type_text("y");
    let copied = harness.runner.terminal.copied.last().expect("copied");
    assert!(copied.contains("word of mouth") && copied.contains("weekly"));
    assert!(!copied.contains("hiring"), "hidden segments are not copied");
    // `m` on a selection bookmarks what it shows, with both times.
    harness.type_text("gvjm");
    let bookmark = harness.runner.stores.bookmarks.last().expect("bookmarked");
    assert_eq!((bookmark.start, bookmark.end), (Some(45), Some(180)));
    assert_eq!(bookmark.segments, Some(2));
    assert!(!bookmark.quote.contains("hiring"), "{}", bookmark.quote);
}

#[test]
fn the_bookmarks_list_shows_a_range_with_both_times_or_its_segments() {
    let mut harness = panel((80, 12));
    harness.type_text("]vjjm");
    harness.type_text("'");
    let screen = harness.screen();
    assert!(screen.contains("00:00:45–00:02:15  Bo Chen"), "{screen}");
    insta::assert_snapshot!("bookmarks_list_range", screen);
    let untimed =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/untimed.md");
    let episode = earmark::formats::parse_file(&untimed).expect("parses");
    let mut harness = Harness::reader(episode, (80, 12));
    harness.type_text("vjm'");
    let screen = harness.screen();
    assert!(screen.contains("2 segments  Ada Lovelace"), "{screen}");
    insta::assert_snapshot!("bookmarks_list_untimed_range", screen);
}

#[test]
fn esc_returns_to_the_whole_transcript_at_the_same_place() {
    let mut harness = panel((80, 14));
    filter(&mut harness, "growth");
    harness.type_text("3]");
    let top_segment = reader(&harness).top.segment;
    assert_eq!(top_segment, 13);
    esc(&mut harness);
    assert!(reader(&harness).filter_notice().is_none());
    assert_eq!(reader(&harness).top.segment, top_segment, "still on top");
    assert_eq!(reader(&harness).current, 13);
    assert_eq!(segments_on_screen(&harness)[..2], [13, 14]);
    insta::assert_snapshot!("filter_esc_same_place", harness.screen());
    // An empty `&` does the same.
    filter(&mut harness, "growth");
    harness.type_text("]");
    filter(&mut harness, "");
    assert_eq!(reader(&harness).top.segment, 17);
    // And Esc once more leaves nothing to close but the reader.
    esc(&mut harness);
    assert!(!harness.quit);
}

#[test]
fn speaker_alone_in_ampersand_shows_their_segments() {
    let mut harness = panel((80, 24));
    filter(&mut harness, "@ann");
    let on_screen = segments_on_screen(&harness);
    assert_eq!(on_screen[..4], [0, 2, 5, 6]);
    insta::assert_snapshot!("filter_speaker_ann", harness.screen());
}

#[test]
fn slash_speaker_alone_steps_through_their_turns() {
    let mut harness = panel((80, 24));
    harness.type_text("/@ann");
    enter(&mut harness);
    // Ann's turns start at 0, 2, 5 (5 and 6 are one turn), 9, 12, 15, 18.
    assert_eq!(reader(&harness).search.hits.len(), 7);
    assert_eq!(reader(&harness).current, 0);
    let mut visited = Vec::new();
    for _ in 0..7 {
        harness.type_text("n");
        visited.push(reader(&harness).current);
    }
    assert_eq!(visited, [2, 5, 9, 12, 15, 18, 0]);
    harness.type_text("N");
    assert_eq!(reader(&harness).current, 18);
    insta::assert_snapshot!("slash_speaker_ann_stepping", harness.screen());
    // `/` Enter on an empty bar repeats it: her next turn, as `n`.
    harness.type_text("/");
    enter(&mut harness);
    assert_eq!(reader(&harness).current, 0);
}

#[test]
fn typing_a_name_alone_says_enter_finds_their_turns() {
    let mut harness = panel((80, 24));
    harness.type_text("/@ann");
    let screen = harness.screen();
    let last = screen.lines().last().unwrap_or_default();
    assert!(last.starts_with("/@ann"), "{last}");
    assert!(last.ends_with("Enter: this speaker's turns"), "{last}");
}

#[test]
fn nothing_matching_says_so_and_keeps_the_whole_transcript() {
    let mut harness = panel((80, 24));
    let before = harness.screen();
    filter(&mut harness, "zebra");
    assert!(reader(&harness).filter_notice().is_none());
    assert_eq!(segments_on_screen(&harness)[0], 0);
    let screen = harness.screen();
    assert!(screen.contains("&zebra: no segment matches"), "{screen}");
    assert_eq!(screen.lines().next(), before.lines().next());
    insta::assert_snapshot!("filter_no_match", screen);
}

#[test]
fn narrow_and_no_color_filtered_views() {
    let mut harness = panel((40, 12));
    filter(&mut harness, "growth");
    insta::assert_snapshot!("filter_growth_40x12", harness.screen());
    let mut plain = Harness::new((60, 16), false);
    plain.shell.open(Arc::new(fixture("panel.md")));
    filter(&mut plain, "@bo growth");
    assert_eq!(segments_on_screen(&plain), [1, 4, 13]);
    let buffer = plain.buffer();
    let colored = buffer
        .content
        .iter()
        .any(|cell| cell.fg != ratatui::style::Color::Reset);
    assert!(!colored, "NO_COLOR: no colour anywhere");
    insta::assert_snapshot!("filter_bo_no_color", plain.screen());
}

#[test]
fn a_resize_keeps_the_filtered_view() {
    let mut harness = panel((80, 24));
    filter(&mut harness, "growth");
    harness.type_text("2]");
    harness.resize(40, 12);
    assert_eq!(reader(&harness).current, 9);
    assert!(
        segments_on_screen(&harness)
            .iter()
            .all(|s| [1, 4, 9, 13, 17].contains(s))
    );
    harness.resize(80, 24);
    assert_eq!(reader(&harness).top.segment, 9);
}

#[test]
fn a_bookmark_the_filter_hides_shows_everything_and_lands_on_it() {
    let mut harness = panel((80, 24));
    harness.type_text("3]m"); // segment 3: no growth in it
    filter(&mut harness, "growth");
    harness.type_text("'");
    enter(&mut harness);
    assert!(
        reader(&harness).filter_notice().is_none(),
        "the filter is off"
    );
    assert_eq!(reader(&harness).current, 3);
    assert!(
        !reader(&harness).filter.is_active(),
        "Esc has nothing to clear"
    );
}
