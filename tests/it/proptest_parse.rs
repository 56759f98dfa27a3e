//! Properties of the parser on arbitrary input: it never panics, and nothing
//! it returns carries a control character (only `\n`, inside segment text)
//! or a spoofing one.

use crate::support;

use earmark::episode::{Episode, Source};
use earmark::formats::parse_bytes;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use serde_json::Value;

/// Pieces of transcript-like structure, so random inputs reach the dialect,
/// front matter and hygiene code paths rather than only "no transcript".
const PIECES: &[&str] = &[
    "---\n",
    "title: ",
    "guest: \"",
    "\\e]0;x\\a",
    "- ",
    "[",
    "]",
    "{",
    "&a ",
    "*a ",
    "# Title\n",
    "## Transcript\n",
    "Lenny Rachitsky (00:04:45):\n",
    "(1:02:03):\n",
    " (75:30) ",
    "[00:00:28] Lenny: ",
    "[0:01] ",
    "Dr. Fei-Fei Li:\n",
    "Host:",
    "\n",
    "\r\n",
    "\t",
    " ",
    "text ",
    "\u{1b}[2J",
    "\u{1b}]52;c;aGk=\u{7}",
    "\u{1b}]0;",
    "\u{1b}",
    "\u{9b}",
    "\u{9d}",
    "\u{85}",
    "\u{7f}",
    "â€™",
    "Ã¶",
    "Â›",
    "Ã",
    "\u{feff}",
    "\u{200b}",
    "\u{202e}",
    "\u{2067}",
    "\u{2028}",
    "\u{200f}",
    "\u{e2}\u{20ac}\u{2039}",
];

/// Bytes biased toward transcript structure, with raw bytes mixed in.
fn transcript_like() -> impl Strategy<Value = Vec<u8>> {
    support::generate::pieces_and_bytes(PIECES, 4, 200, 1..4)
}

/// Controls, and the invisible chars that make text read other than it
/// is (docs/text-hygiene.md).
fn is_forbidden(c: char) -> bool {
    c.is_control() || earmark::episode::text::is_spoofing(c) || matches!(c, '\u{2028}' | '\u{2029}')
}

fn assert_clean(what: &str, text: &str, newline_allowed: bool) {
    let bad = text
        .chars()
        .find(|&c| is_forbidden(c) && !(newline_allowed && c == '\n'));
    assert_eq!(bad, None, "control character in {what}: {text:?}");
}

fn assert_clean_value(what: &str, value: &Value) {
    match value {
        Value::String(s) => assert_clean(what, s, false),
        Value::Array(items) => items.iter().for_each(|v| assert_clean_value(what, v)),
        Value::Object(map) => {
            for (key, v) in map {
                assert_clean("metadata key", key, false);
                assert_clean_value(what, v);
            }
        }
        _ => {}
    }
}

fn assert_episode_clean(episode: &Episode) {
    assert_clean("title", &episode.title, false);
    for speaker in &episode.speakers {
        assert_clean("speaker", speaker, false);
    }
    for segment in &episode.segments {
        assert_clean("segment text", segment.text(episode), true);
        if let Some(id) = segment.speaker {
            assert!(id < episode.speakers.len(), "speaker id out of range");
        }
    }
    for (key, value) in &episode.metadata {
        assert_clean("metadata key", key, false);
        assert_clean_value("metadata", value);
    }
    for warning in &episode.warnings {
        assert_clean("warning", warning, false);
    }
}

fn check(bytes: &[u8]) {
    // Errors are fine (no transcript, NUL bytes); panics and dirt are not.
    if let Ok(episode) = parse_bytes(bytes, Source::File("prop.md".into())) {
        assert_episode_clean(&episode);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(384))]

    #[test]
    fn arbitrary_bytes_never_panic_or_leak_controls(
        bytes in prop::collection::vec(any::<u8>(), 0..4096)
    ) {
        check(&bytes);
    }

    #[test]
    fn transcript_like_bytes_never_panic_or_leak_controls(bytes in transcript_like()) {
        check(&bytes);
    }
}

/// The property's own checker must catch what it is meant to catch.
#[test]
fn the_checker_sees_controls() {
    for c in [
        '\u{0}', '\u{7}', '\u{1b}', '\u{7f}', '\u{85}', '\u{9b}', '\u{9f}',
    ] {
        assert!(is_forbidden(c), "{c:?}");
    }
    let caught = std::panic::catch_unwind(|| assert_clean("t", "a\nb", false));
    assert!(caught.is_err(), "a newline in a title must be caught");
    assert_clean("segment text", "a\nb", true);
}

/// Transcript-like inputs do parse often, so the properties check something.
#[test]
fn transcript_like_inputs_mostly_parse() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = transcript_like();
    let mut parsed = 0;
    for _ in 0..200 {
        let bytes = strategy.new_tree(&mut runner).unwrap().current();
        parsed += usize::from(parse_bytes(&bytes, Source::File("p.md".into())).is_ok());
    }
    assert!(parsed > 100, "only {parsed} of 200 parsed");
}
