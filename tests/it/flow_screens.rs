//! Reading flow (issue 15): where jumps land, the speaker's name pinned
//! over a turn begun above the pane, the resume note, `t`'s messages and
//! relative times, the reading width, speaker colours and the sidebar's
//! link. Driven through the one Harness, with whole-screen snapshots.

use crate::support;

use std::path::Path;
use std::sync::Arc;

use crossterm::event::{KeyCode, KeyModifiers};
use earmark::episode::Episode;
use earmark::tui::reader::Reader;
use support::harness::Harness;

const NONE: KeyModifiers = KeyModifiers::NONE;

fn fixture(name: &str) -> Episode {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/flow")
        .join(name);
    earmark::formats::parse_file(&path).expect("the fixture parses")
}

fn turns(size: (u16, u16)) -> Harness {
    Harness::reader(fixture("turns.md"), size)
}

fn reader(harness: &Harness) -> &Reader {
    harness.shell.reader.as_ref().expect("a reader is open")
}

/// The screen row (from the top) showing `needle`.
fn row_of(harness: &Harness, needle: &str) -> Option<usize> {
    harness
        .screen()
        .lines()
        .position(|line| line.contains(needle))
}

/// The screen without its status line.
fn pane(harness: &Harness) -> Vec<String> {
    let screen = harness.screen();
    let mut lines: Vec<String> = screen.lines().map(str::to_string).collect();
    lines.pop();
    lines
}

/// A row of the transcript without the timeline's column (`width` wide)
/// and the current segment's bar, which differ from screen to screen.
fn text_part(row: &str, width: usize) -> String {
    let row: String = row.chars().take(width - 1).collect();
    row.trim_start_matches('▌').trim_end().to_string()
}

/// The row where segment `n`'s text begins.
fn begins_row(harness: &Harness, n: usize) -> Option<usize> {
    row_of(harness, &format!("Segment {n:02} begins"))
}

#[test]
fn every_jump_puts_its_target_where_t_does() {
    // `t` first: where it puts segment 03 (a segment in the middle of
    // Ada's turn) is the rule the other jumps must follow.
    let mut by_t = turns((60, 14));
    by_t.type_text("t2:00");
    by_t.press(KeyCode::Enter, NONE);
    assert_eq!(reader(&by_t).current, 3);
    let t_row = begins_row(&by_t, 3).expect("t shows its target");
    assert!(t_row <= 1, "near the top:\n{}", by_t.screen());
    insta::assert_snapshot!("t_lands_below_the_pinned_name", by_t.screen());

    let mut by_bracket = turns((60, 14));
    by_bracket.type_text("]]]");
    assert_eq!(reader(&by_bracket).current, 3);
    assert_eq!(
        begins_row(&by_bracket, 3),
        Some(t_row),
        "{}",
        by_bracket.screen()
    );
    assert_eq!(by_bracket.screen(), by_t.screen(), "`]` lands as `t` does");

    let mut by_brace = turns((60, 14));
    by_brace.type_text("}}");
    assert_eq!(reader(&by_brace).current, 5);
    // A new turn: its header on the first row, its text under it.
    assert_eq!(begins_row(&by_brace, 5), Some(1), "{}", by_brace.screen());
    let mut by_t_brace = turns((60, 14));
    by_t_brace.type_text("t10:00");
    by_t_brace.press(KeyCode::Enter, NONE);
    assert_eq!(
        by_brace.screen(),
        by_t_brace.screen(),
        "`}}` lands as `t` does"
    );

    let mut by_search = turns((60, 14));
    by_search.type_text("/Segment 03 begins");
    by_search.press(KeyCode::Enter, NONE);
    by_search.type_text("gn");
    assert_eq!(reader(&by_search).current, 3);
    assert_eq!(
        begins_row(&by_search, 3),
        Some(t_row),
        "{}",
        by_search.screen()
    );

    let mut back = turns((60, 14));
    back.type_text("G[[[[[[[[");
    assert_eq!(reader(&back).current, 3);
    assert_eq!(
        begins_row(&back, 3),
        Some(t_row),
        "`[` too:\n{}",
        back.screen()
    );
}

#[test]
fn a_bookmark_jump_lands_as_t_does() {
    let mut harness = turns((60, 14));
    harness.type_text("]]]m");
    let expected = pane(&harness);
    harness.type_text("g'");
    harness.press(KeyCode::Enter, NONE);
    assert_eq!(reader(&harness).current, 3);
    assert_eq!(pane(&harness), expected);
}

#[test]
fn the_speaker_is_pinned_over_a_turn_begun_above() {
    let mut harness = turns((60, 14));
    // Into Ada's turn: her header scrolls off the top.
    harness.type_text("]]jj");
    let screen = harness.screen();
    assert!(
        screen
            .lines()
            .next()
            .unwrap()
            .contains("Ada Lovelace (continued)"),
        "{screen}"
    );
    insta::assert_snapshot!("pinned_name_mid_turn", screen);
    // Back to the header itself: nothing is pinned over it.
    harness.type_text("g]");
    let first = harness.screen().lines().next().unwrap().to_string();
    assert!(!first.contains("(continued)"), "{first}");
}

#[test]
fn scrolling_still_shows_every_line_under_the_pinned_name() {
    let mut harness = turns((60, 10));
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..200 {
        for line in harness.screen().lines() {
            seen.insert(text_part(line, 60));
        }
        harness.press(KeyCode::Char('j'), NONE);
    }
    // Every row of the transcript at this width, read off a screen tall
    // enough to need no pinning.
    let mut tall = turns((60, 400));
    tall.resize(60, 400);
    let all: Vec<String> = tall.screen().lines().map(str::to_string).collect();
    let text_rows: Vec<String> = all[..all.len() - 1]
        .iter()
        .map(|l| text_part(l, 60))
        .filter(|l| !l.is_empty())
        .collect();
    assert!(text_rows.len() > 40, "{}", text_rows.len());
    for row in text_rows {
        assert!(seen.contains(&row), "never shown while scrolling: {row:?}");
    }
}

#[test]
fn the_pinned_name_works_small_without_colour_and_without_sidebar() {
    let mut harness = Harness::new((24, 6), false);
    harness.shell.open(Arc::new(fixture("turns.md")));
    harness.type_text("]]j");
    let screen = harness.screen();
    let mut lines = screen.lines();
    assert_eq!(
        text_part(lines.next().unwrap(), 24),
        "Ada Lovelace",
        "{screen}"
    );
    assert!(!lines.next().unwrap().contains("Segment"), "{screen}");
    insta::assert_snapshot!("pinned_name_24x6_no_color", screen);
    // Too short a pane to spare a row: nothing pinned, text on every row.
    harness.resize(24, 3);
    assert!(
        !harness.screen().contains("(continued"),
        "{}",
        harness.screen()
    );
    // A wide terminal with the sidebar hidden.
    harness.resize(120, 12);
    harness.press(KeyCode::Tab, NONE);
    let first = harness.screen().lines().next().unwrap().to_string();
    assert!(first.contains("Ada Lovelace (continued)"), "{first}");
}

/// `t`, then `text`, then Enter.
fn go_to(harness: &mut Harness, text: &str) {
    harness.press(KeyCode::Char('t'), NONE);
    harness.type_text(text);
    harness.press(KeyCode::Enter, NONE);
}

/// The start of the current segment.
fn current_start(harness: &Harness) -> Option<u32> {
    let reader = reader(harness);
    reader.episode.segments[reader.current].start
}

#[test]
fn t_past_the_end_says_so_with_the_length() {
    let mut harness = turns((60, 14));
    go_to(&mut harness, "2:00:00");
    assert_eq!(reader(&harness).current, 0, "nothing moved");
    let screen = harness.screen();
    assert!(screen.contains("past the end (1:14:34)"), "{screen}");
    insta::assert_snapshot!("t_past_the_end", screen);
}

#[test]
fn t_refuses_minutes_or_seconds_over_59_after_a_larger_field() {
    let mut harness = turns((80, 14));
    go_to(&mut harness, "9:99:99");
    assert_eq!(reader(&harness).current, 0);
    assert!(
        harness.screen().contains("stop at 59"),
        "{}",
        harness.screen()
    );
}

#[test]
fn relative_jumps_go_from_the_current_time() {
    let mut harness = turns((60, 14));
    go_to(&mut harness, "20:00");
    assert_eq!(current_start(&harness), Some(1200));
    go_to(&mut harness, "+10m");
    assert_eq!(current_start(&harness), Some(1800));
    go_to(&mut harness, "-5m");
    assert_eq!(
        current_start(&harness),
        Some(1200),
        "25:00 is in the 20:00 segment"
    );
    go_to(&mut harness, "+2m30s");
    assert_eq!(current_start(&harness), Some(1200));
    go_to(&mut harness, "+20m30s");
    assert_eq!(current_start(&harness), Some(2400));
    go_to(&mut harness, "-2h");
    assert_eq!(
        reader(&harness).current,
        0,
        "back past the start: the start"
    );
    go_to(&mut harness, "+2h");
    assert!(harness.screen().contains("past the end (1:14:34)"));
    // Each jump is one Ctrl-o away from the place before it.
    harness.press(KeyCode::Esc, NONE);
    harness.press(KeyCode::Char('o'), KeyModifiers::CONTROL);
    assert_eq!(current_start(&harness), Some(2400));
}

#[test]
fn a_percentage_without_times_goes_that_far_through_the_text() {
    let mut harness = Harness::reader(fixture("untimed.md"), (60, 14));
    go_to(&mut harness, "50%");
    // Nine short segments, then one with more than half the text: half-way
    // through the text is in the last, not in the fifth.
    assert_eq!(reader(&harness).current, 9, "{}", harness.screen());
    go_to(&mut harness, "0%");
    assert_eq!(reader(&harness).current, 0);
    go_to(&mut harness, "+5m");
    assert!(
        harness.screen().contains("no times"),
        "{}",
        harness.screen()
    );
}

/// Where `t` to `time` leaves the reader on `turns.md`, saved as on
/// quitting.
fn positions_after(time: &str) -> std::collections::BTreeMap<String, earmark::state::Resume> {
    let mut first = turns((60, 14));
    go_to(&mut first, time);
    first.press(KeyCode::Char('q'), NONE);
    std::mem::take(&mut first.runner.stores.positions)
}

#[test]
fn resuming_says_so_and_ctrl_o_goes_back_to_the_start() {
    let positions = positions_after("52:13");
    // Opened from the command line: the saved positions arrive after the
    // first frame.
    let mut harness = turns((60, 14));
    harness.act(earmark::tui::Action::StoresLoaded {
        bookmarks: Arc::default(),
        positions,
    });
    assert_eq!(current_start(&harness), Some(3000));
    let screen = harness.screen();
    assert!(
        screen.contains("resumed at 50:00 · Ctrl-o: back to the start"),
        "{screen}"
    );
    insta::assert_snapshot!("resumed", screen);
    harness.press(KeyCode::Char('o'), KeyModifiers::CONTROL);
    assert_eq!(reader(&harness).current, 0);
    assert_eq!(reader(&harness).top, Default::default());
}

#[test]
fn resuming_from_the_library_says_so_too_and_the_start_says_nothing() {
    let positions = positions_after("20:00");
    let mut harness = Harness::new((60, 14), true);
    harness.shell.positions = positions;
    harness.shell.open(Arc::new(fixture("turns.md")));
    assert!(
        harness.screen().contains("resumed at 20:00"),
        "{}",
        harness.screen()
    );
    // An episode left at its start opens there without a word.
    let mut fresh = Harness::new((60, 14), true);
    fresh.shell.positions = positions_after("0:00");
    fresh.shell.open(Arc::new(fixture("turns.md")));
    assert!(!fresh.screen().contains("resumed"), "{}", fresh.screen());
}

/// The widest text of the transcript's rows (the gutter's 11 columns
/// left out), in columns.
fn widest_text(harness: &Harness) -> usize {
    let screen = harness.screen();
    let lines: Vec<&str> = screen.lines().collect();
    lines[..lines.len() - 1]
        .iter()
        .map(|line| {
            let text: String = line.chars().skip(11).collect();
            let text = text.trim_end().trim_end_matches(['│', '┃']).trim_end();
            unicode_width::UnicodeWidthStr::width(text)
        })
        .max()
        .unwrap_or(0)
}

#[test]
fn lines_stop_at_the_reading_width_with_the_sidebar_hidden() {
    let mut harness = Harness::reader(earmark::formats::sample(), (180, 16));
    harness.press(KeyCode::Tab, NONE);
    let widest = widest_text(&harness);
    assert!(
        (90..=100).contains(&widest),
        "{widest}:\n{}",
        harness.screen()
    );
    insta::assert_snapshot!("reading_width_180x16_sidebar_hidden", harness.screen());
    // The timeline stays at the terminal's edge; the text at the left.
    let first = harness.screen().lines().next().unwrap().to_string();
    assert!(first.ends_with('┃') || first.ends_with('│'), "{first}");
    assert!(first.starts_with("▌00:00:00"), "{first}");
    // Narrower, wider, none: the setter the config file's value goes to.
    let reader = harness.shell.reader.as_mut().unwrap();
    reader.set_max_width(Some(60));
    assert!((50..=60).contains(&widest_text(&harness)));
    let reader = harness.shell.reader.as_mut().unwrap();
    reader.set_max_width(None);
    assert!(widest_text(&harness) > 120, "{}", harness.screen());
}

/// The colour of the header naming `name` on the reader's screen.
fn name_color(harness: &Harness, name: &str) -> ratatui::style::Color {
    let buf = harness.buffer();
    let y = support::screen::find_row(&buf, name).expect("the name is on screen");
    let x = support::screen::column_of(&buf, y, name);
    buf[(x, y)].fg
}

#[test]
fn the_host_keeps_one_colour_in_every_episode() {
    let first = Harness::reader(fixture("host_first.md"), (60, 20));
    let second = Harness::reader(fixture("guest_first.md"), (60, 20));
    let host = name_color(&first, "Lenny Rachitsky");
    assert_eq!(name_color(&second, "Lenny Rachitsky"), host);
    // Still distinct within an episode: the guest who opens the show and
    // whose name asks for the host's colour takes the next one.
    let guest = name_color(&second, "Eric Ries");
    let third = name_color(&second, "Ada Lovelace");
    assert!(guest != host && third != host && guest != third);
    assert_eq!(name_color(&first, "Ada Lovelace"), third, "Ada's too");
    insta::assert_snapshot!(
        "speaker_colours_guest_first",
        support::screen::styled_screen_text(&second.buffer())
    );
}

/// Every cell of row `y` that is part of a link, with its target.
fn link_cells(buf: &ratatui::buffer::Buffer, y: u16) -> Vec<(u16, String)> {
    (0..buf.area.width)
        .filter_map(|x| support::screen::link_target(buf, x, y).map(|t| (x, t)))
        .collect()
}

#[test]
fn the_sidebar_link_is_one_clickable_row_and_names_are_whole() {
    let harness = Harness::reader(earmark::formats::sample(), (100, 30));
    let buf = harness.buffer();
    // Too long beside its label: on the row under it, whole.
    let label = support::screen::find_row(&buf, "Link").expect("the link's label");
    let y = label + 1;
    let row = support::screen::row_text(&buf, y);
    assert!(row.contains("│ youtube.com/watch?v=DeskgjrLxxs"), "{row}");
    let cells = link_cells(&buf, y);
    let shown = row[row.find("youtube.com").unwrap()..]
        .trim_end()
        .chars()
        .count();
    assert_eq!(cells.len(), shown, "every cell of the link's text: {row}");
    let target = "https://www.youtube.com/watch?v=DeskgjrLxxs";
    assert!(cells.iter().all(|(_, t)| t == target), "{cells:?}");
    // Not wrapped: the row after is not the rest of the link.
    let next = support::screen::row_text(&buf, y + 1);
    assert!(!next.contains("DeskgjrLxxs"), "{next}");
    // The speakers' names whole, the bars shorter.
    let screen = harness.screen();
    for name in ["Lenny Rachitsky ", "Christina Cacioppo "] {
        assert!(screen.contains(name), "{name}:\n{screen}");
    }
    insta::assert_snapshot!("sidebar_link_and_names_100x30", screen);
}

#[test]
fn only_clean_web_links_from_a_file_become_clickable() {
    let harness = Harness::reader(fixture("hostile_links.md"), (120, 30));
    let buf = harness.buffer();
    let mut targets = Vec::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let symbol = buf[(x, y)].symbol();
            // Nothing but the link sequences' own ESCs; no BEL at all.
            assert!(!symbol.contains('\u{7}'), "{symbol:?}");
            let bare = support::screen::without_links(symbol);
            assert!(!bare.chars().any(char::is_control), "{symbol:?}");
        }
        targets.extend(link_cells(&buf, y).into_iter().map(|(_, t)| t));
    }
    targets.dedup();
    assert!(
        targets.iter().all(|t| t.starts_with("https://")),
        "{targets:?}"
    );
    assert!(
        targets.contains(&"https://example.org/ok".to_string()),
        "{targets:?}"
    );
    assert!(
        !harness.screen().contains("javascript")
            || !targets.iter().any(|t| t.contains("javascript"))
    );
    let screen = harness.screen();
    assert!(screen.contains("A Speaker With A Rather Long"), "{screen}");
}

/// An episode of `segments` segments by `segments / 4` speakers.
fn crowded(segments: usize) -> Episode {
    let mut text = String::from("---\ntitle: Crowded\n---\n\n## Transcript\n\n");
    for i in 0..segments {
        let (h, m, s) = (i / 3600, i / 60 % 60, i % 60);
        text.push_str(&format!(
            "Speaker {} ({h:02}:{m:02}:{s:02}):\nWords {i}.\n\n",
            i % (segments / 4).max(1)
        ));
    }
    let source = earmark::episode::Source::Builtin("crowded.md");
    earmark::formats::parse_bytes(text.as_bytes(), source).expect("it parses")
}

#[test]
fn opening_with_many_speakers_grows_linearly() {
    let episodes: std::collections::HashMap<usize, Arc<Episode>> = [2000, 8000]
        .into_iter()
        .map(|n| (n, Arc::new(crowded(n))))
        .collect();
    let ratio = support::growth::ratio(2000, |n| {
        let episode = Arc::clone(&episodes[&n]);
        support::growth::cpu_time(|| drop(Reader::new(episode, (100, 30), true)))
    });
    assert!(ratio < support::growth::MAX_RATIO, "{ratio}");
}
