//! What every reader's fuzz target checks of what it read: no panic on
//! the way (libFuzzer catches those), and no control character in any
//! name or text.

#![allow(dead_code)] // each target uses a different part of this

use earmark::episode::Episode;
use earmark::formats::{FormatReader, parse_with};

/// Reads `data` with `reader` and checks the episode, if one was read.
pub fn check(reader: FormatReader, data: &[u8]) {
    if let Ok(episode) = parse_with(reader, data) {
        assert_clean(&episode);
    }
}

/// No control character in any speaker, text or the title.
pub fn assert_clean(episode: &Episode) {
    let texts = episode.segments.iter().map(|s| s.text(episode));
    for text in episode.speakers.iter().map(String::as_str).chain(texts) {
        assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text:?}");
    }
    assert!(!episode.title.chars().any(char::is_control), "{:?}", episode.title);
}
