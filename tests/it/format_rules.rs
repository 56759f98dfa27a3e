//! Reading rules, each with its own fixture in tests/fixtures/formats/:
//! a speaker label on a later line of a cue, files declaring Windows-1252
//! or Latin-1, Whisper's `[SPEAKER_01]:` labels in text, and files starting
//! with `[` that are JSON or not, and a cue that is only a label.

use crate::support;

use support::segments::rows;

use earmark::episode::{Episode, Format};
use earmark::formats::parse_file;

fn read(name: &str) -> Episode {
    let path = support::cli::fixture(&format!("formats/{name}"));
    parse_file(&path).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn a_label_on_a_later_line_of_a_cue_splits_it_when_the_name_is_a_speaker() {
    let episode = read("label_on_later_line.srt");
    assert_eq!(
        rows(&episode),
        [
            (Some("ANN"), Some(0), "Welcome back."),
            (Some("BO"), Some(0), "Thanks for having me."),
            (Some("ANN"), Some(2), "So, bread."),
            (
                Some("BO"),
                Some(4),
                "Yes, bread. Carl: is named on no first line."
            ),
        ]
    );
}

#[test]
fn a_colon_on_a_later_line_of_unlabelled_cues_stays_text() {
    let episode = read("colon_on_later_line.srt");
    assert!(episode.speakers.is_empty(), "{:?}", episode.speakers);
    assert_eq!(
        rows(&episode),
        [(
            None,
            Some(0),
            "The recipe reads: Flour: two cups, and water. Then knead it."
        )]
    );
}

#[test]
fn xml_declaring_windows_1252_decodes_it() {
    let episode = read("windows_1252.ttml");
    assert_eq!(episode.format, Format::Ttml);
    assert_eq!(rows(&episode), [(None, Some(1), "Café crème – “yes” € 5")]);
    assert!(
        episode
            .warnings
            .iter()
            .all(|w| !w.starts_with("lossy-utf8")),
        "{:?}",
        episode.warnings
    );
}

#[test]
fn html_declaring_latin_1_decodes_it() {
    let episode = read("latin_1.html");
    assert_eq!(episode.title, "Naïve");
    assert_eq!(rows(&episode), [(Some("José"), Some(0), "Olá, señor.")]);
}

#[test]
fn whisper_speaker_labels_in_text_are_speakers_on_the_line_or_above_it() {
    for name in ["whisper_labels.txt", "whisper_labels_alone.txt"] {
        let episode = read(name);
        assert_eq!(episode.format, Format::Text, "{name}");
        assert_eq!(episode.speakers, ["SPEAKER_01", "SPEAKER_00"], "{name}");
        let speakers: Vec<_> = rows(&episode).iter().map(|r| r.0).collect();
        assert_eq!(
            speakers,
            [Some("SPEAKER_01"), Some("SPEAKER_00"), Some("SPEAKER_01")],
            "{name}"
        );
        assert!(
            episode.segments[1].text(&episode).ends_with("I tu?"),
            "{name}"
        );
    }
}

/// A cue holding a label and nothing after it keeps its words: taking the
/// label away would leave the cue empty, and it would vanish.
#[test]
fn a_cue_with_only_a_label_keeps_it_as_text() {
    let episode = read("label_alone_in_cue.srt");
    assert_eq!(episode.speakers, ["ANN", "BO"]);
    assert_eq!(
        rows(&episode),
        [
            (Some("ANN"), Some(0), "Welcome back."),
            (Some("BO"), Some(2), "Thanks."),
            (Some("ANN"), Some(3), "So, bread. CARL:"),
        ]
    );
}

/// A label is on one line: a cue whose first line has no colon does not
/// start with one, though its lines read joined (`BREAKING NEWS:`).
#[test]
fn a_label_never_spans_the_lines_of_a_cue() {
    let episode = read("label_across_lines.srt");
    assert_eq!(episode.speakers, ["ANN", "BO"]);
    assert_eq!(
        rows(&episode),
        [
            (Some("ANN"), Some(0), "Welcome back."),
            (Some("BO"), Some(2), "Thanks. BREAKING NEWS: bread is back."),
        ]
    );
}

/// One-line cues said twice in a row are repeats, not rolling captions:
/// none adds a line to the one it repeats, so nothing is dropped.
#[test]
fn one_line_cues_said_twice_are_kept() {
    let episode = read("said_twice.srt");
    assert!(episode.warnings.is_empty(), "{:?}", episode.warnings);
    assert_eq!(rows(&episode), [(Some("Ann"), Some(0), "3:2 3:2 R&B R&B")]);
}

/// A file starting with `[` is read as JSON exactly when it parses as
/// JSON (the reader parses it once, detection no longer parses it first):
/// a bare array of segments reads, a number too big for a float is the
/// JSON refusal it always was, and a list followed by prose is text.
#[test]
fn a_file_starting_with_a_bracket_is_json_exactly_when_it_parses() {
    let segments = read("array_segments.json");
    assert_eq!(segments.format, Format::Podcasting20Json);
    assert_eq!(
        rows(&segments),
        [
            (Some("Ann"), Some(0), "A bare array."),
            (Some("Bo"), Some(2), "Of segments.")
        ]
    );
    let path = support::cli::fixture("formats/array_number_out_of_range.json");
    let refusal = parse_file(&path).expect_err("refused").to_string();
    assert!(
        refusal.ends_with(
            "looks like JSON, but it does not parse at line 3, column 17: number out of range"
        ),
        "{refusal}"
    );
    let prose = read("array_then_prose.txt");
    assert_eq!(prose.format, Format::Text);
    let text = prose.segments[0].text(&prose);
    assert!(
        text.starts_with("[{\"start\": 1, \"text\": \"a list\"}] is how"),
        "{text}"
    );
}
