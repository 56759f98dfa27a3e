//! The library with transcripts in several formats: files of one episode
//! side by side (same stem) are one entry, the best shown and the others
//! named; JSON and XML files that are not transcripts are listed under Tab
//! with why.

use crate::support;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use earmark::episode::Format;
use earmark::tui::library::Library;
use earmark::tui::shell::{self, Shell};
use earmark::tui::{Action, view};
use support::screen::{self, screen_text};

/// The fixture folder's files, sorted, relative to the crate (the tests'
/// working folder) so the screens name them the same on every machine.
fn files() -> Vec<PathBuf> {
    let dir = Path::new("tests/fixtures/same_stem");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

/// A shell on a library of `files`, loaded in the order `load_order` gives
/// (indices into `files`).
fn loaded_shell(files: &[PathBuf], load_order: &[usize]) -> Shell {
    let mut shell = Shell::new((100, 16), true);
    let library = Library::new("shows".into(), files.to_vec(), Vec::new());
    shell.attach_library(library);
    for &entry in load_order {
        let result = earmark::formats::parse_file(&files[entry])
            .map(Arc::new)
            .map_err(|e| e.reason.to_string());
        shell::update(&mut shell, Action::LibraryLoaded { entry, result });
    }
    shell
}

/// Each visible entry: its file name and the others named beside it.
fn shown(shell: &Shell) -> Vec<(String, Vec<String>)> {
    let library = shell.library.as_ref().unwrap();
    let mut shown: Vec<_> = library
        .visible
        .iter()
        .map(|&e| {
            let entry = &library.entries[e];
            let name = entry.path.file_name().unwrap().to_string_lossy();
            (name.into_owned(), entry.others.clone())
        })
        .collect();
    shown.sort();
    shown
}

fn expected() -> Vec<(String, Vec<String>)> {
    vec![
        ("bread.json".into(), vec![".srt".into(), ".vtt".into()]),
        ("cheese.html".into(), vec![".txt".into()]),
    ]
}

#[test]
fn files_of_one_episode_are_one_entry_showing_the_best_format() {
    let files = files();
    let forward: Vec<usize> = (0..files.len()).collect();
    let backward: Vec<usize> = forward.iter().rev().copied().collect();
    for order in [forward, backward] {
        let shell = loaded_shell(&files, &order);
        assert_eq!(shown(&shell), expected(), "loaded in the order {order:?}");
        let library = shell.library.as_ref().unwrap();
        assert_eq!(library.episode_count(), 2, "one count per episode");
        let bread = library
            .visible
            .iter()
            .map(|&e| &library.entries[e])
            .find(|e| e.path.ends_with("bread.json"))
            .unwrap();
        let episode = bread.episode.as_ref().unwrap();
        assert_eq!(episode.format, Format::WhisperJson);
        assert_eq!(episode.speakers, ["Ann", "Bo"]);
    }
}

#[test]
fn when_the_best_file_is_unreadable_the_next_best_is_shown() {
    let files = files();
    let json = files
        .iter()
        .position(|p| p.ends_with("bread.json"))
        .unwrap();
    let srt = files.iter().position(|p| p.ends_with("bread.srt")).unwrap();
    let vtt = files.iter().position(|p| p.ends_with("bread.vtt")).unwrap();
    let others: Vec<usize> = (0..files.len()).filter(|&e| e != json).collect();
    let mut shell = loaded_shell(&files, &others);
    let result = Err("looks like JSON, but it is cut short".to_string());
    shell::update(
        &mut shell,
        Action::LibraryLoaded {
            entry: json,
            result,
        },
    );
    let library = shell.library.as_ref().unwrap();
    assert!(
        library.visible.contains(&srt),
        "SRT with labels beats bare WebVTT"
    );
    assert!(!library.visible.contains(&vtt) && !library.visible.contains(&json));
    assert_eq!(library.entries[srt].others, [".vtt"]);
    assert!(
        library
            .skipped
            .iter()
            .any(|(name, _)| name.ends_with("bread.json"))
    );
}

#[test]
fn the_row_names_the_other_files_and_tab_says_why_json_and_xml_were_skipped() {
    let files = files();
    let all: Vec<usize> = (0..files.len()).collect();
    let mut shell = loaded_shell(&files, &all);
    let draw = |shell: &Shell| screen_text(&screen::draw(100, 16, |f| view::draw_shell(f, shell)));
    insta::assert_snapshot!("same_stem_list_100x16", draw(&shell));
    shell::update(&mut shell, Action::ToggleSkipped);
    let skipped = draw(&shell);
    insta::assert_snapshot!("same_stem_skipped_100x16", skipped);
    assert!(skipped.contains("package.json") && skipped.contains("JSON"));
    assert!(skipped.contains("feed.xml") && skipped.contains("rss"));
}

#[test]
fn a_long_title_is_cut_so_the_other_files_stay_named() {
    let dir = tempfile::tempdir().unwrap();
    let title =
        "A very long title about bread, butter, flour, water, salt and the patience it takes";
    let markdown = format!("---\ntitle: {title}\n---\n\nAnn (00:00:01):\nHello.\n");
    let (md, srt) = (dir.path().join("long.md"), dir.path().join("long.srt"));
    std::fs::write(&md, markdown).unwrap();
    std::fs::write(&srt, "1\n00:00:01,000 --> 00:00:02,000\nHello.\n").unwrap();
    let shell = loaded_shell(&[md, srt], &[0, 1]);
    let screen = screen_text(&screen::draw(100, 16, |f| view::draw_shell(f, &shell)));
    let row = screen
        .lines()
        .find(|l| l.contains("A very long"))
        .expect("the row");
    assert!(row.contains("… · also .srt"), "{row}");
}
