//! Speaker shares and the episode's length at their edges: a transcript that
//! stops before the stated duration, no duration at all, a duration of
//! `0:00` or an empty one.

use crate::support;

use std::path::Path;

use earmark::episode::{self, Episode};
use earmark::formats;
use support::growth;

fn fixture(name: &str) -> Episode {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    formats::parse_file(&path).unwrap()
}

/// The share of the speaker called `name`.
fn share(episode: &Episode, name: &str) -> f64 {
    let id = episode.speakers.iter().position(|s| s == name).unwrap();
    episode.talk_shares()[id]
}

fn assert_close(got: f64, want: f64) {
    assert!((got - want).abs() < 1e-9, "got {got}, want {want}");
}

// In these fixtures the host says 10 words from 0:00, the guest 40 words
// from 0:10 until 1:00, and the host 10 last words from 1:00: 50 words in
// 60 s, so the last 10 words take 12 s.

#[test]
fn the_last_segment_lasts_as_long_as_its_words_take_not_until_the_stated_end() {
    let episode = fixture("ends_early.md");
    assert_eq!(episode.duration_seconds(), Some(3600));
    assert_close(share(&episode, "Host"), 22.0 / 72.0);
    assert_close(share(&episode, "Guest"), 50.0 / 72.0);
}

#[test]
fn without_a_duration_the_last_speaker_still_gets_their_words() {
    let episode = fixture("shares_no_metadata.md");
    assert_close(share(&episode, "Host"), 22.0 / 72.0);
}

#[test]
fn the_estimate_is_capped_by_the_stated_duration() {
    // duration_seconds: 65 leaves the last segment 5 s, not 12.
    let episode = fixture("ends_within_duration.md");
    assert_close(share(&episode, "Host"), 15.0 / 65.0);
}

#[test]
fn a_zero_or_empty_duration_means_unknown() {
    for name in ["duration_zero.md", "duration_empty.md"] {
        let episode = fixture(name);
        // The last timestamp, 45:50, as for a file with no front matter.
        assert_eq!(episode.duration_seconds(), Some(45 * 60 + 50), "{name}");
    }
}

/// Each speaker's share of the words.
fn word_shares(episode: &Episode) -> Vec<f64> {
    let mut words = vec![0.0; episode.speakers.len()];
    for segment in &episode.segments {
        if let Some(id) = segment.speaker {
            words[id] += segment.text(episode).split_whitespace().count() as f64;
        }
    }
    let total: f64 = words.iter().sum();
    words.into_iter().map(|w| w / total).collect()
}

#[test]
fn real_episodes_that_end_early_credit_no_one_with_the_missing_minutes() {
    let Some(dir) = support::corpus::dir() else {
        eprintln!("the corpus is absent (set EARMARK_CORPUS): real episodes not checked");
        return;
    };
    let path = dir.join("episodes/interview-q-compilation.md");
    let episode = formats::parse_file(&path).unwrap();
    // The transcript ends at 20:23 and the front matter says 1:28:28.
    let by_time = episode.talk_shares();
    let by_words = word_shares(&episode);
    let host = episode.speakers.iter().position(|s| s == "Lenny").unwrap();
    assert!(
        (by_time[host] - by_words[host]).abs() < 0.10,
        "host by time {:.2}, by words {:.2}",
        by_time[host],
        by_words[host]
    );
    // In every real episode the last speaker's share by time stays near
    // their share by words.
    for entry in std::fs::read_dir(dir.join("episodes")).unwrap() {
        let path = entry.unwrap().path();
        let episode = formats::parse_file(&path).unwrap();
        let Some(id) = episode.segments.last().and_then(|s| s.speaker) else {
            continue;
        };
        let (by_time, by_words) = (episode.talk_shares()[id], word_shares(&episode)[id]);
        eprintln!(
            "{}: {by_time:.3} by time, {by_words:.3} by words",
            path.display()
        );
        assert!(
            (by_time - by_words).abs() < 0.15,
            "{}: last speaker {by_time:.2} by time, {by_words:.2} by words",
            path.display()
        );
    }
}

#[test]
fn shares_take_time_in_proportion_to_the_transcript() {
    let build = |segments: u32| {
        let mut text = String::from("---\nduration: '99:00:00'\n---\n\n");
        for i in 0..segments {
            let speaker = ["Host", "Guest", "Other"][i as usize % 3];
            let (h, m, s) = (i / 3600, i / 60 % 60, i % 60);
            text.push_str(&format!(
                "{speaker} ({h:02}:{m:02}:{s:02}):\nSome words said in turn {i}.\n\n"
            ));
        }
        formats::parse_bytes(text.as_bytes(), episode::Source::Builtin("big")).unwrap()
    };
    let (small, large) = (build(20_000), build(80_000));
    assert_eq!(large.segments.len(), 4 * small.segments.len());
    let ratio = growth::ratio(20_000, |size| {
        let episode = if size == 20_000 { &small } else { &large };
        growth::cpu_time(|| {
            std::hint::black_box(episode.talk_shares());
        })
    });
    eprintln!("talk_shares: 4x the segments, {ratio:.2}x the time");
    assert!(
        ratio < growth::MAX_RATIO,
        "4x the segments took {ratio:.1}x the time"
    );
}
