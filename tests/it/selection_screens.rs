//! `v` selects segments in the reader; `y`, `Y`, `m` and `M` act on the
//! whole range; Esc drops it. Through the Harness, with the clipboard and
//! the bookmark store the runner's ports keep.

use crate::support;

use crossterm::event::{KeyCode, KeyModifiers};
use earmark::episode::time::format_hms;
use earmark::formats;
use support::harness::Harness;

const NONE: KeyModifiers = KeyModifiers::NONE;

fn sample() -> Harness {
    Harness::reader(formats::sample(), (100, 30))
}

fn text(n: usize) -> String {
    let episode = formats::sample();
    episode.segments[n].text(&episode).replace('\n', " ")
}

#[test]
fn v_and_j_select_segments_shown_in_the_status_line() {
    let mut harness = sample();
    harness.type_text("vjj");
    let reader = harness.shell.reader.as_ref().unwrap();
    assert_eq!(reader.selection.range(reader.current), Some(0..=2));
    insta::assert_snapshot!("three_segments_selected", harness.screen());
    // The selected rows are drawn apart from the others.
    let buf = harness.buffer();
    let styled = |y: u16| buf[(12, y)].bg;
    let selected = support::screen::find_row(&buf, &text(1)[..20]).unwrap();
    let after = support::screen::find_row(&buf, &text(3)[..20]).unwrap();
    assert_ne!(styled(selected), styled(after));
    // k shrinks it; 2k goes past the start and turns it round.
    harness.type_text("k");
    let reader = harness.shell.reader.as_ref().unwrap();
    assert_eq!(reader.selection.range(reader.current), Some(0..=1));
}

#[test]
fn y_copies_the_range_with_its_speakers_and_both_times_and_ends_it() {
    let mut harness = sample();
    let episode = formats::sample();
    harness.type_text("v3jy");
    let copied = &harness.runner.terminal.copied;
    assert_eq!(copied.len(), 1);
    let quote = &copied[0];
    for n in 0..=3 {
        assert!(quote.contains(&text(n)[..30]), "segment {n}: {quote}");
    }
    let times = format!(
        "({}–{})",
        format_hms(episode.segments[0].start.unwrap()),
        format_hms(episode.segments[3].start.unwrap())
    );
    assert!(
        quote.ends_with(&format!("{} {times}", episode.title)),
        "{quote}"
    );
    assert!(quote.contains("\n\nKarina Nguyen: "), "{quote}");
    let reader = harness.shell.reader.as_ref().unwrap();
    assert!(!reader.selection.is_active());
    assert!(harness.screen().contains("copied 4 segments"));
}

#[test]
fn m_bookmarks_the_range_with_a_start_and_an_end() {
    let mut harness = sample();
    let episode = formats::sample();
    harness.type_text("jv]]m");
    let saved = &harness.runner.stores.bookmarks;
    assert_eq!(saved.len(), 1);
    let b = &saved[0];
    assert_eq!(b.start, episode.segments[0].start.or(b.start));
    assert_eq!(b.end, episode.segments[2].start);
    assert!(b.quote.contains(&text(1)) || b.quote.contains(&text(0)[..20]));
    assert!(
        harness
            .screen()
            .contains(&format!("bookmarked {}", b.time_span().unwrap()))
    );
}

#[test]
fn capital_m_asks_for_a_note_then_bookmarks_the_range() {
    let mut harness = sample();
    harness.type_text("vjjM");
    harness.type_text("three in a row");
    harness.press(KeyCode::Enter, NONE);
    let saved = &harness.runner.stores.bookmarks;
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].note, "three in a row");
    assert!(saved[0].end.is_some());
}

#[test]
fn esc_drops_the_selection_and_nothing_else() {
    let mut harness = sample();
    harness.type_text("/claude");
    harness.press(KeyCode::Enter, NONE);
    harness.type_text("vj");
    assert!(harness.screen().contains("2 segments selected"));
    harness.press(KeyCode::Esc, NONE);
    let reader = harness.shell.reader.as_ref().unwrap();
    assert!(!reader.selection.is_active());
    assert!(reader.search.kept_count().is_some(), "the search is kept");
    assert!(!harness.screen().contains("selected"));
    harness.type_text("y");
    let copied = &harness.runner.terminal.copied;
    assert!(!copied[0].contains('–'), "one segment again: {copied:?}");
}
