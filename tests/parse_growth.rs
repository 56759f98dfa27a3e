//! The parser's cost grows with its input, not faster: each input is parsed
//! at size N and 4N in the same run, and the time ratio must stay under 6
//! (a linear cost gives ~4, a quadratic one ~16). No wall-clock limit.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use earmark::episode::{Source, parse_bytes};
use earmark::tui::layout::WrapIndex;

/// The ratio a linear (or n log n) cost stays under from N to 4N, with room
/// for a noisy machine.
const MAX_RATIO: f64 = 6.0;

/// How long `work` takes once.
fn time(work: impl FnOnce()) -> Duration {
    let started = Instant::now();
    work();
    started.elapsed()
}

/// Time at 4N over time at N for `work` on inputs `make(n)`: the fastest
/// of seven runs of each, taken in turns so that a busy machine (tests run
/// in parallel, other builds beside them) slows both alike.
fn growth(n: usize, make: impl Fn(usize) -> Vec<u8>, work: impl Fn(&[u8])) -> f64 {
    // One measurement at a time: the tests of this file would otherwise
    // run in parallel and slow each other unevenly.
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let (small, big) = (make(n), make(4 * n));
    // Warm up allocator and caches on the small input first.
    work(&small);
    let (mut small_time, mut big_time) = (Duration::MAX, Duration::MAX);
    for _ in 0..7 {
        small_time = small_time.min(time(|| work(&small)));
        big_time = big_time.min(time(|| work(&big)));
    }
    big_time.as_secs_f64() / small_time.as_secs_f64().max(1e-9)
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
