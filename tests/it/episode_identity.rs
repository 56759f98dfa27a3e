//! An episode is what its transcript holds, not its `video_id`: two files
//! sharing a `video_id` (one's front matter copied from the other) keep
//! their own reading positions and bookmarks; a file moved, renamed or
//! re-saved with CRLF and a BOM keeps both; entries written before the
//! fingerprint existed still land on the right file.

use crate::support;

use std::path::Path;
use std::sync::Arc;

use earmark::bookmarks::Bookmark;
use earmark::episode::Episode;
use earmark::formats;
use earmark::state::Resume;
use earmark::tui::{Action, Effect};
use support::cli::fixture;
use support::harness::Harness;

fn gardens() -> Arc<Episode> {
    Arc::new(formats::parse_file(&fixture("shared_video_id_gardens.md")).unwrap())
}

fn bridges() -> Arc<Episode> {
    Arc::new(formats::parse_file(&fixture("shared_video_id_bridges.md")).unwrap())
}

/// Applies an action as the event loop would: bookmark changes come back
/// as the store's merged list, positions are recorded.
fn current(shell: &Harness) -> usize {
    shell.current_reader().current
}

fn marked(shell: &Harness) -> Vec<usize> {
    shell.current_reader().bookmarks.marked.clone()
}

fn listed(shell: &mut Harness) -> usize {
    shell.act(Action::OpenBookmarks);
    let count = shell.current_reader().bookmarks.listed().len();
    shell.act(Action::Close);
    count
}

/// Quits and starts earmark again on the same stores.
fn close(shell: &mut Harness) {
    shell.restart();
}

fn open(shell: &mut Harness, episode: Arc<Episode>) {
    shell.shell.open(episode);
}

#[test]
fn the_fixtures_share_a_video_id_but_not_a_transcript() {
    let (a, b) = (gardens(), bridges());
    assert_eq!(a.meta_str("video_id"), b.meta_str("video_id"));
    assert_eq!(a.title, b.title);
    assert_ne!(a.segments, b.segments);
}

/// Reads gardens to its fourth segment and bookmarks it.
fn read_and_mark_gardens(shell: &mut Harness) {
    open(shell, gardens());
    for _ in 0..3 {
        shell.act(Action::NextSegment);
    }
    shell.act(Action::Bookmark);
    assert_eq!(marked(shell), [3]);
    close(shell);
}

#[test]
fn two_files_with_one_video_id_keep_their_own_place_and_bookmarks() {
    let mut shell = Harness::new((100, 30), true);
    read_and_mark_gardens(&mut shell);

    open(&mut shell, bridges());
    assert_eq!(current(&shell), 0, "bridges opens at its own start");
    assert_eq!(marked(&shell), Vec::<usize>::new());
    assert_eq!(
        listed(&mut shell),
        0,
        "gardens' bookmark is not this episode's"
    );
    // Links are still made from the video_id.
    let effects = shell.act_effects(Action::CopyLink);
    assert!(
        matches!(&effects[..], [Effect::Copy(link)] if link.contains("v=SHAREDid001")),
        "{effects:?}"
    );
    shell.act(Action::Bottom);
    close(&mut shell);

    open(&mut shell, gardens());
    assert_eq!(current(&shell), 3, "gardens kept its place");
    assert_eq!(marked(&shell), [3]);
    assert_eq!(listed(&mut shell), 1);
}

#[test]
fn a_moved_renamed_crlf_copy_keeps_its_place_and_bookmarks() {
    let mut shell = Harness::new((100, 30), true);
    read_and_mark_gardens(&mut shell);

    let text = std::fs::read_to_string(fixture("shared_video_id_gardens.md")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let moved = dir.path().join("elsewhere/renamed.md");
    std::fs::create_dir_all(moved.parent().unwrap()).unwrap();
    std::fs::write(&moved, format!("\u{feff}{}", text.replace('\n', "\r\n"))).unwrap();
    open(&mut shell, Arc::new(formats::parse_file(&moved).unwrap()));
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
    let mut shell = Harness::new((100, 30), true);
    shell.runner.stores.bookmarks = vec![
        legacy_bookmark(&gardens_path, "Soil is everything.", 150),
        legacy_bookmark(&bridges_path, "Concrete does not bend.", 360),
        // Made in gardens before it was moved: found by its quote.
        legacy_bookmark(Path::new("/gone/gardens.md"), "And water?", 240),
    ];
    // Keyed by video_id: it fits gardens (segment 3 starts at 150 s) only.
    let resume: Resume =
        serde_yaml::from_str("segment: 3\nrow: 0\ncurrent: 3\nstart: 150\n").unwrap();
    shell
        .runner
        .stores
        .positions
        .insert("SHAREDid001".into(), resume);
    // What the stores hold when earmark starts.
    shell.restart();

    open(&mut shell, gardens());
    assert_eq!(current(&shell), 3);
    assert_eq!(marked(&shell), [3, 4]);
    close(&mut shell);

    open(&mut shell, bridges());
    assert_eq!(marked(&shell), [5]);
    assert_eq!(
        current(&shell),
        0,
        "gardens' old position does not fit bridges"
    );
}
