//! An episode is what its transcript holds, not its `video_id`: two files
//! sharing a `video_id` (one's front matter copied from the other) keep
//! their own reading positions and bookmarks; a file moved, renamed or
//! re-saved with CRLF and a BOM keeps both; entries written before the
//! fingerprint existed still land on the right file.

mod support;

use std::path::Path;
use std::sync::Arc;

use earmark::bookmarks::Bookmark;
use earmark::episode::Episode;
use earmark::formats;
use earmark::state::Resume;
use earmark::tui::shell::{self, Shell};
use earmark::tui::{Action, Effect};
use support::cli::fixture;

fn gardens() -> Arc<Episode> {
    Arc::new(formats::parse_file(&fixture("shared_video_id_gardens.md")).unwrap())
}

fn bridges() -> Arc<Episode> {
    Arc::new(formats::parse_file(&fixture("shared_video_id_bridges.md")).unwrap())
}

/// Applies an action as the event loop would: bookmark changes come back
/// as the store's merged list, positions are recorded.
fn act(shell: &mut Shell, action: Action) -> Vec<Effect> {
    let effects = shell::update(shell, action);
    for effect in &effects {
        if let Effect::Bookmark(_) = effect {
            let bookmarks = shell.all_bookmarks().clone();
            shell::update(
                shell,
                Action::BookmarksChanged {
                    bookmarks,
                    applied: u64::MAX,
                },
            );
        }
    }
    effects
}

/// Closes the reader as quitting does, recording where it was left.
fn close(shell: &mut Shell) {
    for effect in shell.on_exit() {
        if let Effect::SavePosition { episode, resume } = effect {
            shell.positions.insert(episode, resume);
        }
    }
}

fn current(shell: &Shell) -> usize {
    shell.reader.as_ref().unwrap().current
}

fn marked(shell: &Shell) -> Vec<usize> {
    shell.reader.as_ref().unwrap().bookmarks.marked.clone()
}

fn listed(shell: &mut Shell) -> usize {
    act(shell, Action::OpenBookmarks);
    let count = shell.reader.as_ref().unwrap().bookmarks.listed().len();
    act(shell, Action::Close);
    count
}

#[test]
fn the_fixtures_share_a_video_id_but_not_a_transcript() {
    let (a, b) = (gardens(), bridges());
    assert_eq!(a.meta_str("video_id"), b.meta_str("video_id"));
    assert_eq!(a.title, b.title);
    assert_ne!(a.segments, b.segments);
}

/// Reads gardens to its fourth segment and bookmarks it.
fn read_and_mark_gardens(shell: &mut Shell) {
    shell.open(gardens());
    for _ in 0..3 {
        act(shell, Action::NextSegment);
    }
    act(shell, Action::Bookmark);
    assert_eq!(marked(shell), [3]);
    close(shell);
}

#[test]
fn two_files_with_one_video_id_keep_their_own_place_and_bookmarks() {
    let mut shell = Shell::new((100, 30), true);
    read_and_mark_gardens(&mut shell);

    shell.open(bridges());
    assert_eq!(current(&shell), 0, "bridges opens at its own start");
    assert_eq!(marked(&shell), Vec::<usize>::new());
    assert_eq!(
        listed(&mut shell),
        0,
        "gardens' bookmark is not this episode's"
    );
    // Links are still made from the video_id.
    let effects = act(&mut shell, Action::CopyLink);
    assert!(
        matches!(&effects[..], [Effect::Copy(link)] if link.contains("v=SHAREDid001")),
        "{effects:?}"
    );
    act(&mut shell, Action::Bottom);
    close(&mut shell);

    shell.open(gardens());
    assert_eq!(current(&shell), 3, "gardens kept its place");
    assert_eq!(marked(&shell), [3]);
    assert_eq!(listed(&mut shell), 1);
}

#[test]
fn a_moved_renamed_crlf_copy_keeps_its_place_and_bookmarks() {
    let mut shell = Shell::new((100, 30), true);
    read_and_mark_gardens(&mut shell);

    let text = std::fs::read_to_string(fixture("shared_video_id_gardens.md")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let moved = dir.path().join("elsewhere/renamed.md");
    std::fs::create_dir_all(moved.parent().unwrap()).unwrap();
    std::fs::write(&moved, format!("\u{feff}{}", text.replace('\n', "\r\n"))).unwrap();
    shell.open(Arc::new(formats::parse_file(&moved).unwrap()));
    assert_eq!(current(&shell), 3);
    assert_eq!(marked(&shell), [3]);
}

/// A bookmark as an earmark before the fingerprint wrote it.
fn legacy_bookmark(path: &Path, quote: &str, start: u32) -> Bookmark {
    let yaml = format!(
        "episode: SHAREDid001\ntitle: Gardens\npath: {}\nstart: {start}\nquote: {quote}\n",
        std::path::absolute(path).unwrap().display()
    );
    serde_yaml::from_str(&yaml).unwrap()
}

#[test]
fn entries_written_before_the_fingerprint_land_on_the_right_file() {
    let gardens_path = fixture("shared_video_id_gardens.md");
    let bridges_path = fixture("shared_video_id_bridges.md");
    let mut shell = Shell::new((100, 30), true);
    shell.bookmarks = Arc::new(vec![
        legacy_bookmark(&gardens_path, "Soil is everything.", 150),
        legacy_bookmark(&bridges_path, "Concrete does not bend.", 360),
        // Made in gardens before it was moved: found by its quote.
        legacy_bookmark(Path::new("/gone/gardens.md"), "And water?", 240),
    ]);
    // Keyed by video_id: it fits gardens (segment 3 starts at 150 s) only.
    let resume: Resume =
        serde_yaml::from_str("segment: 3\nrow: 0\ncurrent: 3\nstart: 150\n").unwrap();
    shell.positions.insert("SHAREDid001".into(), resume);

    shell.open(gardens());
    assert_eq!(current(&shell), 3);
    assert_eq!(marked(&shell), [3, 4]);
    close(&mut shell);

    shell.open(bridges());
    assert_eq!(marked(&shell), [5]);
    assert_eq!(
        current(&shell),
        0,
        "gardens' old position does not fit bridges"
    );
}
