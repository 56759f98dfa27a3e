//! Property tests over generated files in every format: no panic, no
//! control character in any text or name, whatever the bytes.

use earmark::episode::Source;
use earmark::formats::parse_bytes;
use proptest::prelude::*;

/// Pieces that exercise every reader's branches when strung together.
const PIECES: &[&str] = &[
    "WEBVTT",
    "WEBVTT - t",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    " ",
    "\t",
    "-->",
    " --> ",
    "00:00:01.000",
    "00:01.500",
    "0.860",
    "3:33.380",
    "1:02:03,5",
    "99:99",
    "00:00:60.000",
    "NOTE",
    "STYLE",
    "REGION",
    "<v Ann>",
    "<v.loud Bob>",
    "</v>",
    "<v>",
    "<c.x>",
    "</c>",
    "<00:00:01.310>",
    "<b>",
    "<",
    ">",
    "&amp;",
    "&",
    "&nbsp;",
    "&#27;",
    "&#x9b;",
    "&#0;",
    "{\\an8}",
    "{",
    "}",
    "[",
    "]",
    "\"",
    ":",
    ",",
    "Ann: ",
    "[SPEAKER_01]: ",
    "Ann Lee (host): ",
    "Emma  0:00",
    "00:00:27 ",
    "1\n",
    "{\"segments\":[",
    "{\"startTime\":",
    "\"body\":",
    "\"start\":",
    "\"text\":",
    "\"speaker\":",
    "1.5",
    "-1",
    "1e308",
    "null",
    "]}",
    "}",
    "\"events\":[{\"tStartMs\":0,\"segs\":[{\"utf8\":\"",
    "start\tend\ttext\n",
    "0\t100\t",
    "\u{1b}[31m",
    "\u{1b}]0;x\u{7}",
    "\u{9b}",
    "\u{0}",
    "\u{200e}",
    "\u{a0}",
    "é",
    "パン",
    "hello",
    "world.",
    "?",
    "---\n",
    "# T\n",
    "Host (00:01):\n",
    "<cite>",
    "</cite>",
    "<time>",
    "</time>",
    "<p>",
    "</p>",
    "<br>",
    "<!--",
    "<html lang=\"",
    "<title>",
    "<script>",
    "</script>",
    "<tt>",
    "<?xml?>",
    "<!DOCTYPE html>",
    "datetime=\"PT1H\"",
    "<p begin=\"1s\" ",
    "end=\"00:00:01:05\">",
    "ttm:agent=\"a\">",
    "<span podcasts:unit=\"word\">",
    "</span>",
    "<pst:transcripts>",
    "<pst:speech>",
    "<pst:speaker>",
    "<pst:item start=\"1.0\">",
    "</pst:item>",
    "<timedtext>",
    "<p t=\"5\" d=\"9\">",
    "<transcript>",
    "<text start=\"1\" dur=\"2\">",
    "</text>",
    "<![CDATA[",
    "]]>",
];

fn file() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(prop::sample::select(PIECES), 0..60)
        .prop_map(|pieces| pieces.concat().into_bytes())
}

const NAMES: [&str; 8] = [
    "f.vtt", "f.srt", "f.json", "f.txt", "f.md", "f.tsv", "f.html", "f.xml",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(800))]

    #[test]
    fn generated_files_never_panic_or_leak_control(bytes in file(), name in 0..NAMES.len()) {
        check(&bytes, NAMES[name]);
    }

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400), name in 0..NAMES.len()) {
        check(&bytes, NAMES[name]);
    }
}

fn check(bytes: &[u8], name: &'static str) {
    let Ok(episode) = parse_bytes(bytes, Source::Builtin(name)) else {
        return;
    };
    let texts = episode.segments.iter().map(|s| s.text(&episode));
    for text in episode.speakers.iter().map(String::as_str).chain(texts) {
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{text:?}"
        );
    }
    for value in episode.metadata.values() {
        let text = value.as_str().unwrap_or_default();
        assert!(!text.chars().any(|c| c.is_control()), "{text:?}");
    }
    assert!(
        !episode.title.chars().any(|c| c.is_control()),
        "{:?}",
        episode.title
    );
}
