//! The exact parse of small hand-written files, one per dialect and per rule
//! of docs/markdown-transcripts.md, through the library API.

use crate::support;

use support::segments::rows;

use earmark::episode::{Episode, Source};
use earmark::formats::{parse_bytes, parse_file};
use serde_json::json;
use support::cli::fixture;

fn parse(name: &str) -> Episode {
    parse_file(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn dialect_a_speaker_headers_with_times() {
    let episode = parse("dialect_a.md");
    assert_eq!(episode.title, "Dialect A fixture");
    assert_eq!(
        episode.speakers,
        ["Lenny Rachitsky", "Ada Lovelace", "Jiaona Zhang (JZ)"]
    );
    assert_eq!(
        rows(&episode),
        [
            (None, None, "Text before the first header."),
            (
                Some("Lenny Rachitsky"),
                Some(4 * 60 + 45),
                "Welcome.\nSecond line, indented."
            ),
            // `(HH:MM:SS):` alone: same speaker, new segment.
            (
                Some("Lenny Rachitsky"),
                Some(300),
                "Same speaker, new paragraph."
            ),
            (
                Some("Ada Lovelace"),
                Some(5 * 60 + 7),
                "Minutes and seconds, one-digit minutes."
            ),
            (
                Some("Ada Lovelace"),
                Some(3600 + 2 * 60 + 3),
                "Stray spaces, no trailing colon, one-digit fields."
            ),
            (
                Some("Jiaona Zhang (JZ)"),
                Some(75 * 60 + 30),
                "Minutes over 59, and a name with parentheses."
            ),
            // Backwards in time, kept in file order.
            (
                Some("Lenny Rachitsky"),
                Some(60),
                "A time going backwards stays in file order."
            ),
        ]
    );
    assert!(episode.warnings.is_empty(), "{:?}", episode.warnings);
}

#[test]
fn front_matter_keys_are_kept_in_order_with_unknown_ones() {
    let episode = parse("dialect_a.md");
    assert_eq!(
        serde_json::Value::Object(episode.metadata.clone()),
        json!({
            "title": "Dialect A fixture",
            "guest": "Ada Lovelace",
            "publish_date": "2024-03-10",
            "duration_seconds": 61.5,
            "keywords": ["one", "two"],
            "favourite_colour": "teal",
        })
    );
    let keys: Vec<_> = episode.metadata.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "title",
            "guest",
            "publish_date",
            "duration_seconds",
            "keywords",
            "favourite_colour"
        ]
    );
    assert_eq!(episode.meta_f64("duration_seconds"), Some(61.5));
    assert_eq!(episode.meta_str("youtube_url"), None);
}

#[test]
fn dialect_b_inline_times_without_transcript_heading() {
    let episode = parse("dialect_b.md");
    // No front matter: the first `# ` heading is the title; without
    // `## Transcript` every heading line is dropped from the text.
    assert_eq!(episode.title, "Inline times episode");
    assert!(episode.metadata.is_empty());
    assert_eq!(episode.speakers, ["Lenny", "Ryan Hoover", "Dr. Fei-Fei Li"]);
    assert_eq!(
        rows(&episode),
        [
            (
                Some("Lenny"),
                Some(28),
                "Ryan Hoover is the founder of Product Hunt.\n\
                 Um, a line with no time continues the segment."
            ),
            // No name: the previous speaker goes on.
            (
                Some("Lenny"),
                Some(132),
                "Hey Ashley, head of marketing: how many?"
            ),
            (
                Some("Ryan Hoover"),
                Some(3 * 60 + 5),
                "Thanks for having me."
            ),
            (
                Some("Dr. Fei-Fei Li"),
                Some(190),
                "Names may carry dots and hyphens."
            ),
        ]
    );
}

#[test]
fn dialect_c_names_only_and_title_from_file_name() {
    let episode = parse("dialect_c.md");
    assert_eq!(episode.title, "dialect_c");
    assert_eq!(episode.speakers, ["Lenny", "Dr. Fei-Fei Li"]);
    assert_eq!(
        rows(&episode),
        [
            (Some("Lenny"), None, "Welcome to Lenny's Podcast."),
            (
                Some("Dr. Fei-Fei Li"),
                None,
                "Thank you.\nSecond paragraph."
            ),
            (Some("Lenny"), None, "Back to me."),
        ]
    );
    assert!(!episode.has_times());
}

#[test]
fn the_dialect_with_most_header_lines_wins() {
    let episode = parse("dialect_majority.md");
    // Three inline-time lines beat one speaker-time and one name-only line,
    // which are then plain text.
    assert_eq!(episode.speakers, ["Host", "Guest"]);
    assert_eq!(
        rows(&episode),
        [
            (Some("Host"), Some(1), "One.\nGuest (00:00:02):"),
            (Some("Guest"), Some(3), "Two.\nNote:"),
            (Some("Host"), Some(4), "Three."),
        ]
    );
}

#[test]
fn title_falls_back_to_the_heading_when_front_matter_has_none() {
    let episode = parse("no_title_key.md");
    assert_eq!(episode.title, "Heading Title");
    assert_eq!(
        serde_json::Value::Object(episode.metadata.clone()),
        json!({"guest": "Only A Guest"})
    );
    assert_eq!(rows(&episode), [(Some("Host"), Some(1), "Hello.")]);
}

#[test]
fn broken_yaml_is_a_warning_and_the_transcript_still_opens() {
    let episode = parse("broken_yaml.md");
    assert_eq!(episode.title, "Title From Heading");
    assert!(episode.metadata.is_empty());
    assert_eq!(episode.warnings.len(), 1, "{:?}", episode.warnings);
    assert!(
        episode.warnings[0].starts_with("front matter ignored: broken YAML"),
        "{:?}",
        episode.warnings
    );
    assert_eq!(rows(&episode), [(Some("Host"), Some(1), "Still opens.")]);
}

#[test]
fn hygiene_in_front_matter_and_body() {
    let episode = parse("hygiene.md");
    // Raw CSI and OSC 0 in the title, YAML `\e` escapes for OSC 52 and CSI,
    // raw OSC 52, an 8-bit CSI as UTF-8, a tab and a C1 NEL, mojibake.
    assert_eq!(episode.title, "Hygiene fixture");
    assert_eq!(
        serde_json::Value::Object(episode.metadata.clone()),
        json!({
            "title": "Hygiene fixture",
            "guest": "Gustav Söderström",
            "description": "clip board red",
            "raw_osc52": "xy",
            "csi8": "ab",
            "note": "tab here next",
        })
    );
    // Mojibake in a speaker name is repaired like any text.
    assert_eq!(episode.speakers, ["Gustav Söderström"]);
    assert_eq!(
        rows(&episode),
        [(
            Some("Gustav Söderström"),
            Some(1),
            "she’s here, title, clip, csi.\nbell ctrl del nel tab end"
        )]
    );
    assert!(episode.warnings.is_empty(), "{:?}", episode.warnings);
}

#[test]
fn crlf_and_a_byte_order_mark_are_accepted() {
    let episode = parse("crlf_bom.md");
    assert_eq!(episode.title, "CRLF and BOM");
    assert_eq!(
        rows(&episode),
        [
            (Some("Host"), Some(1), "First line.\nSecond line."),
            (Some("Guest"), Some(5), "Reply."),
        ]
    );
    assert!(episode.warnings.is_empty(), "{:?}", episode.warnings);
}

#[test]
fn invalid_utf8_becomes_replacement_characters_with_a_warning() {
    let episode = parse("invalid_utf8.md");
    assert_eq!(
        rows(&episode),
        [(Some("Host"), Some(1), "caf\u{FFFD} au lait")]
    );
    assert_eq!(
        episode.warnings,
        ["invalid UTF-8 was replaced with \u{FFFD}"]
    );
}

#[test]
fn a_file_name_used_as_title_is_cleaned_too() {
    let source = Source::File("dir/bad\u{1b}]0;pwned\u{7}\nname.md".into());
    let episode = parse_bytes(b"Host (00:01):\nhi\n", source).unwrap();
    assert_eq!(episode.title, "bad name");
    assert_eq!(episode.source.display(), "dir/bad name.md");
}

#[test]
fn files_without_a_transcript_are_errors_naming_the_file() {
    for (bytes, reason) in [
        (&b""[..], "no transcript found"),
        (b"---\ntitle: x\n---\n", "no transcript found"),
        (b"Host (00:01):\nhi\0\n", "not a text file"),
    ] {
        let error = parse_bytes(bytes, Source::File("some/ep.md".into())).unwrap_err();
        let message = error.to_string();
        assert!(message.starts_with("some/ep.md: "), "{message}");
        assert!(message.contains(reason), "{message}");
    }
}
