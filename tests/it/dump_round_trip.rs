//! `earmark dump --to FORMAT` read back gives the same speakers, starts
//! and text, for every format as far as it carries them
//! (tests/support/round_trip.rs): over generated episodes, and over the
//! shared corpus when it is beside the repository.

use crate::support;

use std::path::{Path, PathBuf};

use earmark::episode::{Episode, Source};
use earmark::formats::labels;
use earmark::formats::write::{OutputFormat, render};
use earmark::formats::{parse_bytes, parse_file};
use proptest::prelude::*;
use support::round_trip::{check, check_words};

/// Words that mean something to one format or another, and text from
/// scripts and sequences that are easy to get wrong.
// A `#` or `(1:02):` alone on a segment's last line is the one thing
// Markdown cannot hold as text (docs/formats.md); the writer's own tests
// cover the lines it can save.
#[rustfmt::skip]
const WORDS: &[&str] = &[
    "R&B", "&amp;", "&nbsp;", "&#27;", "a<b", "<b>bold</b>", "<v", "Bob>", "</v>", "x>y",
    "-->", "--", "-", "“quoted”", "'single'", "don't", "50%", "(aside)", "(aside):",
    "[note]", "{\\an8}", "\\", "#tag", "*star*", "_under_", "`code`", "😀", "👨‍👩‍👧",
    "中文", "日本語です", "한국어", "שלום", "مرحبا", "e\u{301}", "Zoë", "3:2", "a:b",
    "well,", "end.", "what?", "wow!", "…", "1.5", "http://x.y/z?a=1&b=2", "C:\\dir",
    "$HOME", "%s", "{}", "WEBVTT", "NOTE", "1", "word", "and", "so", "the",
];

const NAMES: &[&str] = &[
    "Ann",
    "Bo Chen",
    "Zoë Ångström",
    "李雷",
    "O'Brien",
    "Dr. Jane Doe",
    "Ann Lee (host)",
    "SPEAKER_01",
    "Mary-Kate",
    "R&D <lead>",
];

fn line() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 1..8).prop_map(|w| w.join(" "))
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(line(), 1..4).prop_map(|l| l.join("\n"))
}

/// An episode: maybe an untimed intro without a speaker, then segments
/// with a speaker and a start (in any order: times may go backwards).
fn episode() -> impl Strategy<Value = Episode> {
    support::generate::podcasting20_episode(NAMES, text, 1..12)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_format_reads_back_what_it_carries(episode in episode()) {
        for target in OutputFormat::ALL {
            // Text is refused when its first lines would read as another
            // format (the intro starts with `<b>`): that is checked below.
            // A line starting like a label (`Note: …`) may be a speaker's
            // in text (docs/formats.md): text carries the rest.
            if target == OutputFormat::Text
                && (render(&episode, target).is_err() || has_label_line(&episode))
            {
                continue;
            }
            // SubRip has no comment to say its cues carry no labels: a cue
            // without a speaker starting `Name: ` may read as labelled.
            if target == OutputFormat::Srt && has_unvoiced_label(&episode) {
                continue;
            }
            if let Err(e) = check(&episode, target) {
                prop_assert!(false, "{e}");
            }
        }
    }
}

fn has_label_line(episode: &Episode) -> bool {
    let lines = episode
        .segments
        .iter()
        .flat_map(|s| s.text(episode).split('\n'));
    lines.map(str::trim).any(|l| labels::candidate(l).is_some())
}

fn has_unvoiced_label(episode: &Episode) -> bool {
    (episode.segments.iter())
        .filter(|s| s.speaker.is_none())
        .any(|s| labels::candidate(s.text(episode).trim_start()).is_some())
}

fn corpus() -> Option<PathBuf> {
    let root = match std::env::var("EARMARK_CORPUS") {
        Ok(dir) => PathBuf::from(dir),
        Err(_) => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
    };
    if root.join("episodes").is_dir() {
        return Some(root);
    }
    assert!(
        std::env::var("EARMARK_CORPUS").is_err(),
        "EARMARK_CORPUS is set but {} has no episodes/",
        root.display()
    );
    eprintln!("the shared corpus is not beside the repository: round trip over it skipped");
    None
}

/// Every file below `dir` (formats/ has a folder per format).
fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn every_corpus_transcript_reads_back_what_each_format_carries() {
    let Some(root) = corpus() else { return };
    let episodes = files_below(&root.join("episodes"));
    let least = episodes.len();
    let mut files = episodes;
    files.extend(files_below(&root.join("formats")));
    let (mut checked, mut refused) = (0, 0);
    let mut failures = Vec::new();
    for file in files {
        // Licences and notes beside the samples are no transcripts.
        let Ok(episode) = parse_file(&file) else {
            continue;
        };
        checked += 1;
        for target in OutputFormat::ALL {
            if earmark::formats::write::render(&episode, target).is_err() {
                refused += 1;
                continue;
            }
            if let Err(e) = check_words(&episode, target) {
                failures.push(format!(
                    "{}: {}",
                    file.display(),
                    e.chars().take(600).collect::<String>()
                ));
            }
        }
    }
    assert!(checked > least, "only {checked} corpus transcripts read");
    // Refusing is for files a format cannot hold at all (no speaker and
    // no time, for Markdown): a few, not the many.
    assert!(refused * 10 < checked, "{refused} conversions refused");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn text_that_would_read_as_another_format_is_refused_not_misread() {
    let file = r#"{"segments":[{"body":"<b>Intro</b>\n"},{"speaker":"Ann","startTime":1,"body":"Hi.\n"}]}"#;
    let episode = parse_bytes(file.as_bytes(), Source::Builtin("x.json")).unwrap();
    let why = render(&episode, OutputFormat::Text).unwrap_err();
    assert!(why.contains("another format"), "{why}");
    assert!(render(&episode, OutputFormat::Markdown).is_ok());
}
