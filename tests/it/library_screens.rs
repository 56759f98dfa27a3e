//! The library, driven by Actions through the shell: listing, filtering,
//! skipped files, search across episodes, opening and coming back.

use crate::support;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use earmark::tui::keymap::{Mode, ReaderMode};
use earmark::tui::library::{Library, LibraryMode};
use earmark::tui::{Action, view};
use support::harness::Harness;
use support::screen;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
}

/// A folder with the sample, two fixtures and a file that is no episode.
fn folder() -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        ("assets/karina-nguyen.md", "karina.md"),
        ("tests/fixtures/dialect_a.md", "ada.md"),
        ("tests/fixtures/dialect_b.md", "inline.md"),
    ];
    let mut paths: Vec<PathBuf> = files
        .iter()
        .map(|(from, to)| {
            let path = dir.path().join(to);
            std::fs::copy(fixture(from), &path).unwrap();
            path
        })
        .collect();
    let notes = dir.path().join("notes.md");
    std::fs::write(&notes, "# Just notes\n\nNothing said by anyone.\n").unwrap();
    paths.push(notes);
    paths.sort();
    (dir, paths)
}

/// The library with every file loaded, as the loaders would, driven by the
/// event loop's effect runner.
fn loaded_shell(files: &[PathBuf]) -> Harness {
    let mut shell = Harness::new((120, 30), true);
    let library = Library::new("podcasts".into(), files.to_vec(), Vec::new());
    shell.shell.attach_library(library);
    for (entry, path) in files.iter().enumerate() {
        let result = earmark::formats::parse_file(path)
            .map(Arc::new)
            .map_err(|e| e.reason.to_string());
        shell.act(Action::LibraryLoaded { entry, result });
    }
    shell
}

fn screen(shell: &Harness) -> String {
    shell.screen()
}

#[test]
fn the_list_shows_every_episode_newest_first_and_counts_the_skipped() {
    let (_dir, files) = folder();
    let mut shell = loaded_shell(&files);
    let text = screen(&shell);
    assert!(text.contains("podcasts · 3 episodes · 1 skipped"), "{text}");
    let karina = text.find("2025-02-09").expect("the sample's date");
    let ada = text.find("2024-03-10").expect("the fixture's date");
    assert!(karina < ada, "newest first:\n{text}");
    assert!(
        text.contains("1:14:34") && text.contains("Karina Nguyen"),
        "{text}"
    );
    shell.act(Action::ToggleSkipped);
    assert_eq!(shell.mode(), Mode::Library(LibraryMode::Skipped));
    let text = screen(&shell);
    assert!(
        text.contains("notes.md") && text.contains("no transcript"),
        "{text}"
    );
    shell.act(Action::Close);
    assert_eq!(shell.mode(), Mode::Library(LibraryMode::List));
}

#[test]
fn typing_filters_by_title_guest_and_keywords() {
    let (_dir, files) = folder();
    let mut shell = loaded_shell(&files);
    shell.type_text_as_prompt("lovelace");
    let library = shell.shell.library.as_ref().unwrap();
    assert_eq!(library.visible.len(), 1);
    assert_eq!(library.entries[library.visible[0]].guest, "Ada Lovelace");
    shell.act(Action::Close);
    shell.type_text_as_prompt("churn");
    let library = shell.shell.library.as_ref().unwrap();
    let first = &library.entries[library.visible[0]];
    assert!(
        first.title.contains("Karina Nguyen"),
        "keywords match: {}",
        first.title
    );
    assert!(screen(&shell).contains("filter: churn"));
}

#[test]
fn enter_opens_the_episode_and_esc_comes_back_as_it_was() {
    let (_dir, files) = folder();
    let mut shell = loaded_shell(&files);
    shell.type_text_as_prompt("karina");
    shell.act(Action::PromptSubmit);
    assert!(shell.shell.reader.is_some());
    assert_eq!(shell.mode(), Mode::Reader(ReaderMode::Reading));
    assert!(screen(&shell).contains("Lenny Rachitsky"));
    shell.act(Action::StartGoTo);
    shell.type_text_as_prompt("30:00");
    shell.act(Action::PromptSubmit);
    shell.act(Action::Close);
    assert!(shell.shell.reader.is_none(), "Esc goes back to the library");
    let saved: Vec<_> = shell.runner.stores.positions.values().collect();
    assert!(
        matches!(&saved[..], [resume] if resume.start == Some(1749)),
        "{saved:?}"
    );
    let text = screen(&shell);
    assert!(text.contains("filter: karina"), "filter kept:\n{text}");
    // Reopening comes back to where it was left.
    shell.act(Action::PromptSubmit);
    let reader = shell.shell.reader.as_ref().unwrap();
    assert_eq!(
        reader.episode.segments[reader.top.segment].start,
        Some(1749)
    );
}

#[test]
fn slash_searches_every_episode_and_opens_at_the_hit() {
    let (_dir, files) = folder();
    let mut shell = loaded_shell(&files);
    shell.act(Action::StartSearch);
    assert_eq!(shell.mode(), Mode::Library(LibraryMode::Search));
    shell.type_text_as_prompt("product hunt");
    let text = screen(&shell);
    assert!(text.contains("Inline times episode — 1 match\n"), "{text}");
    assert!(
        text.contains("00:00:28") && text.contains("Product Hunt"),
        "{text}"
    );
    shell.act(Action::Close);
    shell.type_text_as_prompt("");
    shell.act(Action::StartSearch);
    // The query is kept; change it to one with hits in the sample.
    for _ in 0.."product hunt".len() {
        shell.act(Action::PromptBackspace);
    }
    shell.type_text_as_prompt("synthetic data");
    let text = screen(&shell);
    assert!(text.contains("12 matches"), "{text}");
    shell.act(Action::ScrollRows(1));
    shell.act(Action::PromptSubmit);
    let reader = shell.shell.reader.as_ref().expect("the episode opened");
    assert_eq!(reader.search.current, Some(1));
    assert_eq!(reader.search.hits.len(), 12);
    assert_eq!(reader.current, reader.search.hits[1].segment);
    assert!(screen(&shell).contains("2/12"));
    shell.act(Action::NextHit);
    assert!(
        screen(&shell).contains("3/12"),
        "n goes on inside the episode"
    );
}

#[test]
fn an_invalid_regex_across_episodes_is_an_inline_error() {
    let (_dir, files) = folder();
    let mut shell = loaded_shell(&files);
    shell.act(Action::StartSearch);
    shell.act(Action::ToggleRegex);
    shell.type_text_as_prompt("(");
    assert!(
        screen(&shell).contains("invalid regex"),
        "{}",
        screen(&shell)
    );
}

#[test]
fn the_list_shows_at_once_and_fills_in_as_files_load() {
    let (_dir, files) = folder();
    let mut shell = Harness::new((120, 30), true);
    shell
        .shell
        .attach_library(Library::new("podcasts".into(), files.clone(), Vec::new()));
    let text = screen(&shell);
    assert!(text.contains("loading 4 more"), "{text}");
    assert!(text.contains("karina"), "file names while loading:\n{text}");
    let result = earmark::formats::parse_file(&files[1])
        .map(Arc::new)
        .map_err(|e| e.to_string());
    shell.act(Action::LibraryLoaded { entry: 1, result });
    assert!(screen(&shell).contains("loading 3 more"));
}

#[test]
fn every_screen_draws_at_every_size_without_a_panic() {
    let (_dir, files) = folder();
    let mut shell = loaded_shell(&files);
    let sizes = [
        (1, 1),
        (2, 1),
        (5, 2),
        (12, 4),
        (30, 8),
        (60, 20),
        (120, 30),
    ];
    let draw = |shell: &Harness, (w, h): (u16, u16)| {
        screen::draw(w, h, |f| view::draw_shell(f, &shell.shell));
    };
    for &size in &sizes {
        shell.act(Action::Resize(size.0, size.1));
        draw(&shell, size);
        shell.act(Action::ToggleSkipped);
        draw(&shell, size);
        shell.act(Action::Close);
        shell.act(Action::StartSearch);
        shell.type_text_as_prompt("a");
        shell.act(Action::ScrollRows(3));
        draw(&shell, size);
        shell.act(Action::Close);
        shell.act(Action::PromptSubmit);
        for open in [
            Action::OpenBookmarks,
            Action::ToggleHelp,
            Action::BookmarkWithNote,
        ] {
            shell.act(open);
            draw(&shell, size);
            shell.act(Action::Close);
        }
        shell.act(Action::Bookmark);
        shell.act(Action::OpenBookmarks);
        draw(&shell, size);
        shell.act(Action::Close);
        shell.act(Action::Close);
        shell.act(Action::Close);
        assert!(
            shell.shell.reader.is_none(),
            "back in the library at {size:?}"
        );
    }
}
