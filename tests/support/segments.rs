//! An episode's segments in a form easy to compare whole.

#![allow(dead_code)] // each test file uses a different part of this

use earmark::episode::Episode;

/// Each segment as `(speaker, start, text)`.
pub fn rows(episode: &Episode) -> Vec<(Option<&str>, Option<u32>, &str)> {
    episode
        .segments
        .iter()
        .map(|s| (episode.speaker_name(s), s.start, s.text(episode)))
        .collect()
}
