//! The parser's cost grows with its input, not faster: each input is parsed
//! at size N and 4N in the same run, and the time ratio must stay under
//! `growth::MAX_RATIO` (a linear cost gives ~4, a quadratic one ~16). No
//! wall-clock limit.

mod support;

use earmark::episode::Source;
use earmark::formats::parse_bytes;
use earmark::tui::wrap_index::WrapIndex;
use support::growth::{self, MAX_RATIO};

/// Cost at 4N over cost at N for `work` on inputs `make(n)`.
fn growth(n: usize, make: impl Fn(usize) -> Vec<u8>, work: impl Fn(&[u8])) -> f64 {
    let (small, big) = (make(n), make(4 * n));
    growth::ratio(n, |size| {
        let input = if size == n { &small } else { &big };
        growth::cpu_time(|| work(input))
    })
}

fn parse(bytes: &[u8]) -> earmark::episode::Episode {
    parse_bytes(bytes, Source::Builtin("growth.md")).expect("a transcript")
}

/// `n` segments, each by a speaker of its own.
fn distinct_speakers(n: usize) -> Vec<u8> {
    let mut text = String::new();
    for i in 0..n {
        text.push_str(&format!("Speaker {i} (00:00:{:02}):\nhello\n\n", i % 60));
    }
    text.into_bytes()
}

#[test]
fn distinct_speakers_cost_linear_time() {
    let episode = parse(&distinct_speakers(100));
    assert_eq!(episode.speakers.len(), 100);
    assert_eq!(episode.speakers[99], "Speaker 99");
    let ratio = growth(5_000, distinct_speakers, |bytes| {
        assert!(!parse(bytes).speakers.is_empty());
    });
    eprintln!("distinct speakers: 4N/N time ratio {ratio:.2}");
    assert!(ratio < MAX_RATIO, "ratio {ratio:.2}");
}

/// One segment of `n` one-character lines.
fn one_character_lines(n: usize) -> Vec<u8> {
    let mut bytes = b"Host (00:00:01):\n".to_vec();
    bytes.extend(b"x\n".repeat(n));
    bytes
}

/// A segment every `n`th line of many blank ones.
fn blank_lines(n: usize) -> Vec<u8> {
    let mut bytes = Vec::new();
    for i in 0..n / 1000 {
        bytes.extend(format!("Host (00:00:{:02}):\nhi\n", i % 60).bytes());
        bytes.extend(b"\n".repeat(1000));
    }
    bytes
}

#[test]
fn lines_in_a_file_cost_linear_time() {
    for (name, make) in [
        (
            "one-character lines",
            one_character_lines as fn(usize) -> Vec<u8>,
        ),
        ("blank lines", blank_lines),
    ] {
        let ratio = growth(100_000, make, |bytes| {
            assert!(!parse(bytes).segments.is_empty());
        });
        eprintln!("{name}: 4N/N time ratio {ratio:.2}");
        assert!(ratio < MAX_RATIO, "{name}: ratio {ratio:.2}");
    }
}

/// Wrapping a long one-segment transcript to the screen and walking to its
/// end is linear too.
#[test]
fn wrapping_one_long_segment_costs_linear_time() {
    let ratio = growth(20_000, one_character_lines, |bytes| {
        let episode = parse(bytes);
        let wrap = WrapIndex::new(40);
        let end = wrap.end(&episode);
        assert!(end.row > 0);
    });
    eprintln!("wrapping one long segment: 4N/N time ratio {ratio:.2}");
    assert!(ratio < MAX_RATIO, "ratio {ratio:.2}");
}

/// Writing an episode out (`dump --to`) is linear even when no segment has
/// a time: each cue's end is the next later start, found in one pass.
#[test]
fn writing_segments_without_times_costs_linear_time() {
    use earmark::formats::write::{OutputFormat, render};
    let untimed = |n: usize| {
        let paragraphs: Vec<String> = (0..n)
            .map(|i| format!("Paragraph number {i} is here. It ends now."))
            .collect();
        let episode = parse_bytes(paragraphs.join("\n\n").as_bytes(), Source::Builtin("p.txt"));
        episode.expect("plain paragraphs")
    };
    let (small, big) = (untimed(10_000), untimed(40_000));
    assert!(small.segments.iter().all(|s| s.start.is_none()));
    for target in [
        OutputFormat::WebVtt,
        OutputFormat::Srt,
        OutputFormat::Json,
        OutputFormat::Text,
    ] {
        let ratio = growth::ratio(10_000, |size| {
            let episode = if size == 10_000 { &small } else { &big };
            growth::cpu_time(|| assert!(render(episode, target).is_ok()))
        });
        eprintln!("{}: 4N/N time ratio {ratio:.2}", target.name());
        assert!(ratio < MAX_RATIO, "{}: ratio {ratio:.2}", target.name());
    }
}
