//! The reader on a non-Markdown episode: speakers coloured as for
//! Markdown, and the sidebar naming the format, the file's metadata and
//! what was forgiven.

use crate::support;

use std::sync::Arc;

use earmark::formats;
use earmark::tui::reader::Reader;
use earmark::tui::view;
use support::screen::{self, screen_text};

#[test]
fn a_webvtt_episode_shows_its_format_metadata_and_warnings() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats/feed_times.vtt");
    let episode = formats::parse_file(&path).expect("reads");
    let app = Reader::new(Arc::new(episode), (100, 24), true);
    let areas = app.areas();
    let width = areas.transcript.width
        + areas.timeline.map_or(0, |a| a.width)
        + areas.sidebar.map_or(0, |a| a.width);
    let height = areas.transcript.height + areas.status.map_or(0, |a| a.height);
    let buf = screen::draw(width, height, |frame| view::draw(frame, &app));
    let text = screen_text(&buf);
    insta::assert_snapshot!("webvtt_feed_times_100x24", text);
    for expected in [
        "Format    webvtt",
        "Forgiven",
        "lenient-timestamps",
        "First cue read",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
}
