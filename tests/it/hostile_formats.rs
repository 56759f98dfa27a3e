//! Hostile input for every reader: nothing panics, hangs, grows faster
//! than the file, or lets a control character through.

use std::time::Instant;

use earmark::episode::{Episode, Source};
use earmark::formats::parse_bytes;

fn parse(bytes: &[u8], name: &'static str) -> Result<Episode, String> {
    parse_bytes(bytes, Source::Builtin(name)).map_err(|e| e.to_string())
}

fn assert_clean(episode: &Episode) {
    let texts = episode.segments.iter().map(|s| s.text(episode));
    for text in episode
        .speakers
        .iter()
        .map(String::as_str)
        .chain(texts)
        .chain(std::iter::once(episode.title.as_str()))
    {
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{text:?}"
        );
    }
}

fn vtt_cues(n: usize) -> String {
    let mut text = String::from("WEBVTT\n\n");
    for i in 0..n {
        let (s, e) = (i, i + 1);
        text.push_str(&format!(
            "{:02}:{:02}:{:02}.000 --> {:02}:{:02}:{:02}.500\n<v Speaker {}>Line number {i}.\n\n",
            s / 3600 % 100,
            s / 60 % 60,
            s % 60,
            e / 3600 % 100,
            e / 60 % 60,
            e % 60,
            i % 3
        ));
    }
    text
}

fn srt_cues(n: usize) -> String {
    let mut text = String::new();
    for i in 0..n {
        let clock = format!("{:02}:{:02}:{:02}", i / 3600, i / 60 % 60, i % 60);
        text.push_str(&format!(
            "{}\n{clock},000 --> {clock},500\nSome words {i}\n\n",
            i + 1
        ));
    }
    text
}

/// Every line a different label: the dialogue vote must stay linear.
fn distinct_labels(n: usize) -> String {
    (0..n).map(|i| format!("Speaker {i}: words\n")).collect()
}

fn json_words(n: usize) -> String {
    let items: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"speaker":"S{}","startTime":{}.25,"endTime":{}.5,"body":"word{i}"}}"#,
                i / 50 % 2,
                i,
                i
            )
        })
        .collect();
    format!(r#"{{"version":"1.0.0","segments":[{}]}}"#, items.join(","))
}

/// Seconds to parse `make(n)`, best of three (the machine is shared).
fn time_parse(make: fn(usize) -> String, n: usize, name: &'static str) -> f64 {
    let text = make(n);
    (0..3)
        .map(|_| {
            let started = Instant::now();
            let episode = parse(text.as_bytes(), name).expect("parses");
            assert!(!episode.segments.is_empty());
            started.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

#[test]
fn every_reader_is_linear_in_the_file() {
    type Maker = fn(usize) -> String;
    let readers: [(Maker, &'static str); 4] = [
        (distinct_labels, "labels.txt"),
        (vtt_cues, "big.vtt"),
        (srt_cues, "big.srt"),
        (json_words, "big.json"),
    ];
    for (make, name) in readers {
        // The machine is shared: a busy moment can slow one measurement,
        // so up to three tries; a quadratic reader fails every one (16x).
        let ratios: Vec<f64> = (0..3)
            .map(|_| {
                let small = time_parse(make, 10_000, name);
                time_parse(make, 40_000, name) / small.max(1e-6)
            })
            .take_while(|&ratio| ratio >= 6.0)
            .collect();
        assert!(
            ratios.len() < 3,
            "{name}: 4x the cues took {ratios:.1?}x the time"
        );
    }
}

#[test]
fn huge_and_absurd_numbers_are_unknown_times() {
    let json = br#"{"segments":[{"startTime":1e308,"endTime":-5,"body":"a"},{"startTime":"NaN","body":"b"},{"startTime":99999999999999999999999,"body":"c"},{"startTime":[1],"speaker":{"x":1},"body":"d"}]}"#;
    let episode = parse(json, "n.json").expect("reads");
    assert!(episode.segments.iter().all(|s| s.start.is_none()));
    assert_eq!(episode.segment_text(0), "a b c d");
    let vtt = b"WEBVTT\n\n99999999:00:00.000 --> 99999999:00:01.000\nfar\n\n00:01.000 --> 00:02.000\nnear\n";
    let episode = parse(vtt, "n.vtt").expect("reads");
    assert_eq!(episode.segment_text(0), "near");
}

#[test]
fn end_before_start_and_backwards_times() {
    let srt =
        b"00:00:05,000 --> 00:00:01,000\nInverted.\n\n00:00:02,000 --> 00:00:03,000\nBackwards.\n";
    let episode = parse(srt, "t.srt").expect("reads");
    assert_eq!(episode.segments.len(), 2);
    assert_eq!(
        episode.warnings,
        [
            "times-backwards: 1 times go backwards",
            "end-before-start: 1 ends before their start"
        ]
    );
}

#[test]
fn a_twenty_megabyte_cue_and_a_megabyte_of_arrows() {
    let mut vtt = String::from("WEBVTT\n\n00:01.000 --> 00:02.000\n");
    vtt.push_str(&"word &amp; <b>bold</b> ".repeat(20 * 1024 * 1024 / 24));
    let episode = parse(vtt.as_bytes(), "big.vtt").expect("reads");
    assert!(
        episode.segments.iter().all(|s| s.text_len() <= 2_100 * 4) || episode.segments.len() == 1
    );
    let arrows = "-->".repeat((1 << 20) / 3);
    for name in ["a.srt", "a.vtt", "a.txt", "a.json"] {
        let _ = parse(arrows.as_bytes(), name);
        let _ = parse(format!("WEBVTT\n\n{arrows}").as_bytes(), name);
        let _ = parse(format!("1\n{arrows}\n").as_bytes(), name);
    }
}

#[test]
fn entity_bombs_and_nul_bytes() {
    let bomb = format!(
        "WEBVTT\n\n00:01.000 --> 00:02.000\n{}&#x1b;[2J&#0;&#xD800;&#1114112;\n",
        "&amp;".repeat(200_000)
    );
    let episode = parse(bomb.as_bytes(), "bomb.vtt").expect("reads");
    assert_clean(&episode);
    assert_eq!(episode.segment_text(0).matches('&').count(), 200_000);
    let nul = parse(b"WEBVTT\n\n00:01.000 --> 00:02.000\na\0b\n", "nul.vtt").expect("reads");
    assert_eq!(nul.segment_text(0), "a\u{FFFD}b");
    let refused = parse(b"1\n00:00:01,000 --> 00:00:02,000\na\0b\n", "nul.srt").unwrap_err();
    assert!(refused.contains("not a text file"), "{refused}");
}

#[test]
fn deep_nesting_is_refused_or_read_never_overflowed() {
    let deep = format!("{}{}", "[".repeat(1_000_000), "]".repeat(1_000_000));
    assert!(parse(deep.as_bytes(), "deep.json").is_err());
    let deep = format!(
        "{{\"segments\":[{{\"body\":{}1{}}}]}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let _ = parse(deep.as_bytes(), "deep.json");
    let deep = format!("{}{}", "{\"a\":".repeat(100_000), "}".repeat(100_000));
    assert!(parse(deep.as_bytes(), "deep.json").is_err());
    let deep = format!("<tt><body>{}<p>x</p>", "<div>".repeat(100_000));
    let refused = parse(deep.as_bytes(), "deep.ttml").unwrap_err();
    assert!(refused.contains("deeper than 256"), "{refused}");
    let deep = format!("<html><body>{}<p>x</p>", "<div>".repeat(100_000));
    assert!(parse(deep.as_bytes(), "deep.html").is_ok());
}

#[test]
fn escape_sequences_in_every_format_are_removed() {
    let files: [(&[u8], &'static str); 5] = [
        (
            b"WEBVTT\n\n00:01.000 --> 00:02.000\n<v \x1b]52;c;eA==\x07Ann>hi\x1b[2J\n",
            "e.vtt",
        ),
        (
            b"1\n00:00:01,000 --> 00:00:02,000\nANN\x1b[1m: x\x9b31m\n",
            "e.srt",
        ),
        (
            br#"{"segments":[{"speaker":"A\u001b[31m","startTime":0,"body":"x\u009b2J\u0007"}]}"#,
            "e.json",
        ),
        (
            br#"{"segments":[{"start":0,"end":1,"text":"\u001b]0;title\u0007y"}]}"#,
            "e.json",
        ),
        (b"ANN\x1b[0m: hi\nBOB: yo\x1b[2J\n", "e.txt"),
    ];
    for (bytes, name) in files {
        let episode = parse(bytes, name).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_clean(&episode);
    }
    let header = b"WEBVTT ]0;pwnedTitle
Language: en[31m

00:01.000 --> 00:02.000
hi
";
    let episode = parse(header, "h.vtt").expect("reads");
    assert_eq!(episode.title, "Title");
    assert_eq!(episode.meta_str("language"), Some("en"));
}
