//! The library's fit and finish, through the one Harness: a filter that
//! lists what plausibly matches and says why, columns apart at every
//! width, titles told apart, explicit quitting with a footer that says so
//! in every mode, sorting, the mouse, and `n` going on from one episode
//! of a library search to the next.

use crate::support;

use std::path::{Path, PathBuf};

use crossterm::event::{KeyCode, KeyModifiers};
use earmark::tui::Action;
use earmark::tui::keymap::{Mode, ReaderMode};
use earmark::tui::library::{Library, LibraryMode, SortKey};
use support::harness::Harness;

const NONE: KeyModifiers = KeyModifiers::NONE;

fn files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/library15");
    let mut files: Vec<PathBuf> = [
        "annie",
        "pricing",
        "winning",
        "office-hours-1",
        "office-hours-2",
    ]
    .iter()
    .map(|name| dir.join(format!("{name}.md")))
    .collect();
    files.sort();
    files
}

fn library_at(size: (u16, u16)) -> Harness {
    Harness::library("podcasts", &files(), size)
}

fn library(harness: &Harness) -> &Library {
    harness.shell.library.as_ref().expect("a library")
}

fn titles(harness: &Harness) -> Vec<String> {
    let library = library(harness);
    let entries = library
        .visible
        .iter()
        .map(|&e| library.entries[e].title.clone());
    entries.collect()
}

fn press(harness: &mut Harness, code: KeyCode) {
    harness.press(code, NONE);
}

#[test]
fn a_filter_lists_only_what_plausibly_matches_and_says_why() {
    let mut harness = library_at((100, 12));
    harness.type_text("annie");
    // "A long conversation about winning in the end" holds a, n, n, i, e
    // in order: the fuzzy matcher took it; a filter does not.
    assert_eq!(titles(&harness), ["Thinking in bets | Annie Duke"]);
    insta::assert_snapshot!("finish_filter_annie", harness.screen());
    harness.press(KeyCode::Char('u'), KeyModifiers::CONTROL);
    for _ in 0.."annie".len() {
        press(&mut harness, KeyCode::Backspace);
    }
    harness.type_text("pricing");
    insta::assert_snapshot!("finish_filter_pricing", harness.screen());
    assert_eq!(titles(&harness), ["The art of pricing"]);
}

#[test]
fn whole_words_rank_before_parts_of_words_and_keywords_say_so() {
    let mut harness = library_at((100, 12));
    harness.type_text("win");
    assert_eq!(
        titles(&harness),
        ["A long conversation about winning in the end"]
    );
    assert!(harness.screen().contains("title"), "{}", harness.screen());
    press(&mut harness, KeyCode::Esc);
    harness.type_text("poker");
    let screen = harness.screen();
    assert_eq!(titles(&harness), ["Thinking in bets | Annie Duke"]);
    assert!(screen.contains("keyword: poker"), "{screen}");
}

#[test]
fn episodes_with_the_same_title_show_their_file_names() {
    let harness = library_at((100, 12));
    let screen = harness.screen();
    assert!(
        screen.contains("Office hours · office-hours-1.md"),
        "{screen}"
    );
    assert!(
        screen.contains("Office hours · office-hours-2.md"),
        "{screen}"
    );
    assert!(
        !screen.contains("pricing.md"),
        "a title of its own: {screen}"
    );
    insta::assert_snapshot!("finish_list_100x12", screen);
}

/// Every cell of a row is set apart by a space from the next, whatever the
/// width: the date, the duration, the title, the guest and the reason.
#[test]
fn columns_never_touch_at_any_width() {
    for filter in ["", "o"] {
        let mut harness = library_at((100, 12));
        harness.type_text(filter);
        for width in 1..=130 {
            harness.resize(width, 12);
            let screen = harness.screen();
            for line in screen.lines().skip(2).take(5) {
                for cell in [
                    "2024-05-02",
                    "2023-01-10",
                    "1:21:01",
                    "1:02:00",
                    "Annie Duke",
                ] {
                    if let Some(at) = line.find(cell) {
                        let after = line[at + cell.len()..].chars().next();
                        let before = line[..at].chars().next_back();
                        assert!(
                            after.is_none_or(|c| c == ' ') && before.is_none_or(|c| c == ' '),
                            "{cell:?} touches a neighbour at {width}: {line:?}"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn esc_clears_then_leaves_the_filter_and_only_q_quits_with_no_prompt_open() {
    let mut harness = library_at((100, 12));
    assert_eq!(harness.shell.mode(), Mode::Library(LibraryMode::List));
    insta::assert_snapshot!("finish_footer_filter_empty", harness.screen());
    harness.type_text("q");
    assert!(!harness.quit, "q types into the open filter");
    assert_eq!(library(&harness).filter, "q");
    insta::assert_snapshot!("finish_footer_filter_typed", harness.screen());
    press(&mut harness, KeyCode::Esc);
    assert_eq!(library(&harness).filter, "", "Esc clears the filter");
    press(&mut harness, KeyCode::Esc);
    assert!(!harness.quit, "Esc on an empty filter does not quit");
    assert_eq!(harness.shell.mode(), Mode::Library(LibraryMode::Browse));
    insta::assert_snapshot!("finish_footer_browse", harness.screen());
    press(&mut harness, KeyCode::Esc);
    assert!(!harness.quit, "nor does Esc with nothing to leave");
    assert!(harness.screen().contains("q quits"), "{}", harness.screen());
    // `f` or a paste opens the filter again; Esc leaves it.
    press(&mut harness, KeyCode::Char('f'));
    assert_eq!(harness.shell.mode(), Mode::Library(LibraryMode::List));
    press(&mut harness, KeyCode::Esc);
    harness.paste("annie");
    assert_eq!(library(&harness).filter, "annie");
    harness.type_text("\u{1b}");
    press(&mut harness, KeyCode::Esc);
    press(&mut harness, KeyCode::Esc);
    press(&mut harness, KeyCode::Char('q'));
    assert!(harness.quit, "q quits once no prompt is open");
}

#[test]
fn the_footer_says_how_to_leave_in_the_search_and_the_skipped_files() {
    let mut harness = library_at((100, 12));
    harness.type_text("/poker");
    insta::assert_snapshot!("finish_footer_search", harness.screen());
    press(&mut harness, KeyCode::Esc);
    press(&mut harness, KeyCode::Tab);
    insta::assert_snapshot!("finish_footer_skipped", harness.screen());
    press(&mut harness, KeyCode::Esc);
    assert_eq!(harness.shell.mode(), Mode::Library(LibraryMode::List));
    harness.press(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(harness.quit, "Ctrl-c quits from anywhere");
}

#[test]
fn at_forty_columns_the_footer_keeps_how_to_leave_and_quit() {
    let mut harness = library_at((40, 10));
    assert!(
        harness.screen().contains("Ctrl-c quit"),
        "{}",
        harness.screen()
    );
    press(&mut harness, KeyCode::Esc);
    assert!(harness.screen().contains("q quit"), "{}", harness.screen());
}

#[test]
fn s_cycles_the_order_and_the_header_names_it() {
    let mut harness = library_at((100, 12));
    let newest = titles(&harness);
    assert_eq!(newest[0], "A long conversation about winning in the end");
    press(&mut harness, KeyCode::Esc);
    press(&mut harness, KeyCode::Char('s'));
    assert_eq!(library(&harness).sort, SortKey::Title);
    assert_eq!(
        titles(&harness),
        [
            "A long conversation about winning in the end",
            "Office hours",
            "Office hours",
            "The art of pricing",
            "Thinking in bets | Annie Duke",
        ]
    );
    insta::assert_snapshot!("finish_sorted_by_title", harness.screen());
    press(&mut harness, KeyCode::Char('s'));
    let guests: Vec<String> = {
        let library = library(&harness);
        let guests = library
            .visible
            .iter()
            .map(|&e| library.entries[e].guest.clone());
        guests.collect()
    };
    assert_eq!(
        guests,
        [
            "Annie Duke",
            "Julie Zhuo",
            "Madhavan Ramanujam",
            "Shreyas Doshi",
            "Tobi Lutke"
        ]
    );
    assert!(harness.screen().contains("by guest (s)"));
    press(&mut harness, KeyCode::Char('s'));
    let first_and_last = titles(&harness);
    assert_eq!(first_and_last[0], "Office hours", "30 minutes");
    assert_eq!(
        first_and_last[4],
        "A long conversation about winning in the end"
    );
    assert!(harness.screen().contains("shortest first (s)"));
    press(&mut harness, KeyCode::Char('s'));
    assert_eq!(titles(&harness), newest, "and back to the newest first");
}

#[test]
fn a_sort_keeps_the_selected_episode_selected() {
    let mut harness = library_at((100, 12));
    press(&mut harness, KeyCode::Esc);
    press(&mut harness, KeyCode::Char('j'));
    press(&mut harness, KeyCode::Char('j'));
    let library_now = library(&harness);
    let chosen = library_now.selected_entry();
    press(&mut harness, KeyCode::Char('s'));
    assert_eq!(library(&harness).selected_entry(), chosen);
}

#[test]
fn a_click_selects_a_row_and_a_double_click_opens_it() {
    let mut harness = library_at((100, 12));
    // Rows 0 and 1 are the header and the filter; the list starts at 2.
    harness.act(Action::Click(30, 4));
    let library_now = library(&harness);
    assert_eq!(library_now.selected, 2);
    assert!(harness.shell.reader.is_none(), "a click only selects");
    harness.act(Action::Click(30, 0));
    assert_eq!(
        library(&harness).selected,
        2,
        "a click off the list does nothing"
    );
    harness.act(Action::DoubleClick(30, 9));
    assert!(harness.shell.reader.is_none(), "nothing below the last row");
    harness.act(Action::DoubleClick(30, 3));
    let reader = harness.shell.reader.as_ref().expect("a double click opens");
    assert_eq!(reader.episode.title, titles_before_open()[1]);
}

fn titles_before_open() -> Vec<String> {
    titles(&library_at((100, 12)))
}

#[test]
fn a_double_click_on_a_match_of_the_search_opens_it_there() {
    let mut harness = library_at((100, 12));
    harness.type_text("/poker");
    // Row 2: the first episode's header; row 3: its first match.
    harness.act(Action::DoubleClick(30, 3));
    let reader = harness.shell.reader.as_ref().expect("opened at the match");
    assert_eq!(reader.search.current, Some(0));
}

#[test]
fn n_past_the_last_match_offers_the_next_episode_then_opens_it() {
    let mut harness = library_at((100, 16));
    harness.type_text("/poker");
    press(&mut harness, KeyCode::Enter);
    let first = harness.shell.reader.as_ref().unwrap().episode.title.clone();
    assert_eq!(first, "A long conversation about winning in the end");
    // One match here: the next `n` offers the next episode.
    press(&mut harness, KeyCode::Char('n'));
    let screen = harness.screen();
    assert!(
        screen.contains("last match in this episode · n again: next episode, Thinking in bets"),
        "{screen}"
    );
    insta::assert_snapshot!("finish_tour_offer", screen);
    press(&mut harness, KeyCode::Char('n'));
    let reader = harness.shell.reader.as_ref().unwrap();
    assert_eq!(reader.episode.title, "Thinking in bets | Annie Duke");
    assert_eq!(reader.search.current, Some(0), "at its first match");
    assert_eq!(reader.search.hits.len(), 3);
    // Its three matches, then the offer again.
    press(&mut harness, KeyCode::Char('n'));
    press(&mut harness, KeyCode::Char('n'));
    assert_eq!(
        harness.shell.reader.as_ref().unwrap().search.current,
        Some(2)
    );
    press(&mut harness, KeyCode::Char('n'));
    let screen = harness.screen();
    assert!(
        screen.contains("n again: next episode, The art of pricing"),
        "{screen}"
    );
    // Another key lets the offer lapse: `n` offers again before moving on.
    press(&mut harness, KeyCode::Char('j'));
    press(&mut harness, KeyCode::Char('n'));
    let reader = harness.shell.reader.as_ref().unwrap();
    assert_eq!(reader.episode.title, "Thinking in bets | Annie Duke");
    press(&mut harness, KeyCode::Char('n'));
    let reader = harness.shell.reader.as_ref().unwrap();
    assert_eq!(reader.episode.title, "The art of pricing");
    // The last episode: `n` wraps within it, as in any search.
    press(&mut harness, KeyCode::Char('n'));
    assert!(harness.screen().contains("search wrapped to the top"));
}

#[test]
fn capital_n_before_the_first_match_goes_back_to_the_previous_episode() {
    let mut harness = library_at((100, 16));
    harness.type_text("/poker");
    // Down steps over the next episode's header to its first match.
    press(&mut harness, KeyCode::Down);
    press(&mut harness, KeyCode::Enter);
    let reader = harness.shell.reader.as_ref().unwrap();
    assert_eq!(reader.episode.title, "Thinking in bets | Annie Duke");
    press(&mut harness, KeyCode::Char('N'));
    assert!(
        harness
            .screen()
            .contains("first match in this episode · N again: previous episode, A long"),
        "{}",
        harness.screen()
    );
    press(&mut harness, KeyCode::Char('N'));
    let reader = harness.shell.reader.as_ref().unwrap();
    assert_eq!(
        reader.episode.title,
        "A long conversation about winning in the end"
    );
    // Esc (after the one that puts the kept search away) comes back to
    // the results, on the episode the tour reached.
    press(&mut harness, KeyCode::Esc);
    press(&mut harness, KeyCode::Esc);
    assert_eq!(harness.shell.mode(), Mode::Library(LibraryMode::Search));
    let search = &library(&harness).search;
    let (group, hit) = search.row(search.selected).expect("a row");
    assert_eq!((group, hit.is_some()), (0, true));
}

#[test]
fn a_search_of_the_readers_own_ends_the_tour() {
    let mut harness = library_at((100, 16));
    harness.type_text("/poker");
    press(&mut harness, KeyCode::Enter);
    harness.type_text("/winning");
    press(&mut harness, KeyCode::Enter);
    press(&mut harness, KeyCode::Char('n'));
    press(&mut harness, KeyCode::Char('n'));
    let reader = harness.shell.reader.as_ref().unwrap();
    assert_eq!(
        reader.episode.title,
        "A long conversation about winning in the end"
    );
    assert_eq!(reader.mode, ReaderMode::Reading);
}

#[test]
fn back_from_an_episode_the_filter_still_filters() {
    let mut harness = library_at((100, 12));
    harness.type_text("annie");
    press(&mut harness, KeyCode::Enter);
    assert!(harness.shell.reader.is_some());
    press(&mut harness, KeyCode::Esc);
    let screen = harness.screen();
    assert!(screen.contains("filter: annie"), "{screen}");
    assert!(screen.contains("1 shown"), "{screen}");
    assert_eq!(titles(&harness), ["Thinking in bets | Annie Duke"]);
}

/// `n` titles, guests and keywords, varied like an archive's.
fn archive_fields(n: usize) -> Vec<earmark::library::filter::FilterFields> {
    (0..n)
        .map(|i| {
            let title = format!("Episode {i}: building product {} at scale", i % 97);
            let guest = format!("Guest {} Person{}", i % 131, i % 7);
            let keywords = vec![format!("topic{}", i % 53), "growth".to_string()];
            earmark::library::filter::FilterFields::new(
                &title,
                &guest,
                &keywords,
                &format!("ep{i}.md"),
            )
        })
        .collect()
}

#[test]
fn filtering_four_times_the_episodes_costs_about_four_times_as_much() {
    use earmark::library::filter::ListFilter;
    let archive = archive_fields(8000);
    for filter in ["person3", "growth", "buildng prodct"] {
        let ratio = support::growth::ratio(2000, |n| {
            let fields: Vec<_> = archive[..n].iter().collect();
            let mut list_filter = ListFilter::default();
            support::growth::cpu_time(|| {
                std::hint::black_box(list_filter.rank(filter, &fields));
            })
        });
        eprintln!("filter {filter:?} over 2,000 and 8,000 episodes: ratio {ratio:.2}");
        assert!(
            ratio < support::growth::MAX_RATIO,
            "{filter:?}: 4x cost {ratio:.1}x"
        );
    }
}

#[test]
fn help_names_the_librarys_quitting_and_mouse() {
    let out = support::cli::earmark().arg("--help").output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(
        help.contains("Esc clears\nthe filter, then leaves it; then `q` quits"),
        "{help}"
    );
    assert!(help.contains("Shift-drag selects text"), "{help}");
}
