//! The last segment's share of the talk is estimated at the speaking rate
//! of the last megabyte or so of timed text, not of the whole transcript:
//! the reader works the shares out before its first frame, so their cost
//! must not grow with the text.

use earmark::episode::{Episode, Source};
use earmark::formats;

/// Ann speaks first, slowly (1 word a second, 200 turns); Bo then speaks
/// fast (4 words a second) for more than a megabyte; Zed has the last
/// word, 100 words with no end time.
fn slow_then_fast() -> Episode {
    let words = "word ".repeat(100);
    let mut text = String::from("# Pace\n\n");
    let mut second = 0u32;
    let mut turn = |text: &mut String, name: &str, seconds: u32| {
        let (h, m, s) = (second / 3600, second / 60 % 60, second % 60);
        text.push_str(&format!(
            "{name} ({h:02}:{m:02}:{s:02}):\n{}\n\n",
            words.trim()
        ));
        second += seconds;
    };
    for _ in 0..200 {
        turn(&mut text, "Ann", 100);
    }
    for _ in 0..2_200 {
        turn(&mut text, "Bo", 25);
    }
    turn(&mut text, "Zed", 0);
    formats::parse_bytes(text.as_bytes(), Source::File("pace.md".into())).expect("parses")
}

#[test]
fn the_last_turn_is_timed_at_the_pace_of_the_last_megabyte() {
    let episode = slow_then_fast();
    let zed = (episode.speakers.iter())
        .position(|name| name == "Zed")
        .expect("Zed speaks");
    // Ann 200 × 100 s, Bo 2,200 × 25 s, Zed 100 words at Bo's 4 a second.
    let expected = 25.0 / (20_000.0 + 55_000.0 + 25.0);
    let share = episode.talk_shares()[zed];
    assert!(
        (share - expected).abs() < 1e-9,
        "Zed's share {share}, expected {expected}"
    );
}
