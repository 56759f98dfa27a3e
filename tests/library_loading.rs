//! A library that fills in while the user looks at it: the cost of loading
//! grows with the library, not with its square, and the selection stays
//! where the user put it (at the top, on the newest episode, until moved).

mod support;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use earmark::episode::{Episode, Source};
use earmark::formats;
use earmark::tui::Action;
use earmark::tui::library::Library;
use earmark::tui::shell::{self, Shell};
use earmark::tui::view;
use support::growth::{self, thread_cpu_time};
use support::screen::{self, screen_text};

/// Episode `i`: the later `i`, the newer; file names sort the same way, so
/// the alphabetically first file is the oldest.
fn episode(i: usize) -> Arc<Episode> {
    let date = format!(
        "{}-{:02}-{:02}",
        2000 + i / 336,
        1 + (i / 28) % 12,
        1 + i % 28
    );
    let text = format!(
        "---\ntitle: Episode {i:05}\nguest: Guest {i}\npublish_date: {date}\n---\n\n\
         Host (00:00:01):\nWelcome, guest {i}.\n\nGuest {i} (00:00:09):\nThanks.\n"
    );
    let source = Source::Builtin("library test");
    Arc::new(formats::parse_bytes(text.as_bytes(), source).expect("a valid transcript"))
}

fn path(i: usize) -> PathBuf {
    PathBuf::from(format!("/podcasts/ep{i:05}.md"))
}

fn library_shell(count: usize) -> Shell {
    let mut shell = Shell::new((120, 30), true);
    let files = (0..count).map(path).collect();
    shell.attach_library(Library::new("podcasts".into(), files, Vec::new()));
    shell
}

fn load(shell: &mut Shell, entry: usize, episode: &Arc<Episode>) {
    let result = Ok(Arc::clone(episode));
    shell::update(shell, Action::LibraryLoaded { entry, result });
}

fn library(shell: &Shell) -> &Library {
    shell.library.as_ref().expect("a library")
}

fn selected_title(shell: &Shell) -> String {
    let library = library(shell);
    library.entries[library.selected_entry().expect("a selection")]
        .title
        .clone()
}

fn screen(shell: &Shell) -> String {
    screen_text(&screen::draw(120, 30, |f| view::draw_shell(f, shell)))
}

/// Loads `count` entries through `update`, in a scattered order: the CPU
/// time the updates took.
fn time_loading(count: usize) -> Duration {
    let episodes: Vec<Arc<Episode>> = (0..count).map(episode).collect();
    let mut shell = library_shell(count);
    let start = thread_cpu_time();
    for k in 0..count {
        let entry = k * 7919 % count; // 7919 is prime: every entry once
        load(&mut shell, entry, &episodes[entry]);
    }
    let elapsed = thread_cpu_time() - start;
    assert_eq!(library(&shell).episode_count(), count);
    assert_eq!(library(&shell).visible.len(), count);
    elapsed
}

#[test]
fn loading_four_times_the_files_costs_about_four_times_as_much() {
    let ratio = growth::ratio(2000, time_loading);
    eprintln!("loading 2,000 and 8,000 files: ratio {ratio:.2}");
    assert!(ratio < growth::MAX_RATIO, "4x the files cost {ratio:.1}x");
}

#[test]
fn the_library_opens_at_the_top_on_the_newest_episode() {
    let count = 100;
    let mut shell = library_shell(count);
    // Files load in the order found: the oldest first.
    for i in 0..count {
        load(&mut shell, i, &episode(i));
        if i == count / 2 {
            let library = library(&shell);
            assert_eq!((library.selected, library.top), (0, 0), "while loading");
        }
    }
    let library = library(&shell);
    assert_eq!((library.selected, library.top), (0, 0));
    assert_eq!(selected_title(&shell), "Episode 00099");
    insta::assert_snapshot!("library_opens_on_the_newest", screen(&shell));
}

#[test]
fn the_selection_stays_where_the_user_put_it_while_loading_goes_on() {
    let count = 100;
    let mut shell = library_shell(count);
    let episodes: Vec<Arc<Episode>> = (0..count).map(episode).collect();
    for (i, episode) in episodes.iter().enumerate().take(40) {
        load(&mut shell, i, episode);
    }
    for _ in 0..3 {
        shell::update(&mut shell, Action::ScrollRows(1));
    }
    let chosen = selected_title(&shell);
    let row = |shell: &Shell| library(shell).selected - library(shell).top;
    assert_eq!(row(&shell), 3);
    // Newer episodes arrive and sort above the chosen one.
    for (i, episode) in episodes.iter().enumerate().skip(40) {
        load(&mut shell, i, episode);
        assert_eq!(selected_title(&shell), chosen, "after entry {i}");
        assert_eq!(row(&shell), 3, "the chosen row moved on screen");
    }
}

#[test]
fn files_found_in_batches_fill_the_list_and_an_empty_folder_says_so() {
    let mut shell = Shell::new((120, 30), true);
    shell.attach_library(Library::scanning("podcasts".into()));
    assert!(
        screen(&shell).contains("scanning… 0 found"),
        "{}",
        screen(&shell)
    );
    let batch = |range: std::ops::Range<usize>, done| Action::LibraryScanned {
        files: range.map(path).collect(),
        skipped: vec![("odd.md".into(), "permission denied".into())],
        done,
    };
    shell::update(&mut shell, batch(0..30, false));
    let text = screen(&shell);
    assert!(text.contains("scanning… 30 found"), "{text}");
    assert!(text.contains("ep00000"), "file names at once:\n{text}");
    shell::update(&mut shell, batch(30..50, true));
    assert!(screen(&shell).contains("loading 50 more"));
    for i in 0..50 {
        load(&mut shell, i, &episode(i));
    }
    let text = screen(&shell);
    assert!(text.contains("50 episodes · 2 skipped"), "{text}");
    assert_eq!(selected_title(&shell), "Episode 00049");

    let mut empty = Shell::new((120, 30), true);
    empty.attach_library(Library::scanning("empty".into()));
    shell::update(&mut empty, batch(0..0, true));
    let text = screen(&empty);
    assert!(text.contains("no transcripts under empty"), "{text}");
}

#[test]
fn a_paste_goes_into_the_filter_as_one_line() {
    let mut shell = library_shell(30);
    for i in 0..30 {
        load(&mut shell, i, &episode(i));
    }
    let paste = earmark::tui::keymap::action_for_paste(shell.mode(), "Guest\n27");
    shell::update(&mut shell, paste.expect("the filter takes a paste"));
    let library = library(&shell);
    assert_eq!(library.filter, "Guest 27");
    assert_eq!(selected_title(&shell), "Episode 00027");
}

#[test]
fn typing_a_filter_key_by_key_ranks_as_the_whole_filter_at_once() {
    let loaded = |count| {
        let mut shell = library_shell(count);
        for i in 0..count {
            load(&mut shell, i, &episode(i));
        }
        shell
    };
    for filter in ["Guest 2", "ep 1 g", "uest 19", "Guest !2", "g 0"] {
        let mut typed = loaded(300);
        for c in filter.chars() {
            shell::update(&mut typed, Action::PromptInput(c));
        }
        let mut pasted = loaded(300);
        shell::update(&mut pasted, Action::Paste(filter.into()));
        assert_eq!(
            library(&typed).visible,
            library(&pasted).visible,
            "{filter}"
        );
        assert!(!library(&typed).visible.is_empty(), "{filter}");
    }
}
