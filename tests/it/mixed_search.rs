//! `earmark search` over formats other than Markdown: the raw test that
//! skips WebVTT and SubRip files that cannot match
//! (`library::cue_prefilter`) against the full read. The same output, byte
//! for byte, errors included, in text and JSON: on fixtures built to hide
//! text from the bytes (tags mid-line, references, ASS overrides, labels,
//! dialogue dashes, phrases cut by cues, rolling captions, files that are
//! refused), on every format fixture, on episodes generated and written
//! with `dump --to X`, on generated caption files, and on the shared
//! corpus when it is present.

use crate::support;

use std::path::Path;

use earmark::episode::{Episode, Source};
use earmark::formats::parse_bytes;
use earmark::formats::write::{OutputFormat, render};
use earmark::library::cue_prefilter::CueFilter;
use earmark::library::search_command::{Pass, search_bytes};
use earmark::search::{Query, SearchOptions};
use proptest::prelude::*;
use serde_json::json;

/// Words in one cue and phrases cut by cues, pieces that only a seam
/// joins (`gro` + `wth`, `中` + `文`, `(` + `a side`), text behind
/// references and tags, labels, dashes, non-ASCII and case folds, a
/// speaker filter, and patterns with no seam-free piece (never filtered).
const PATTERNS: &[&str] = &[
    "growth",
    "the",
    "zebra",
    "zebra crossing",
    "product-market fit",
    "market fit",
    "fit",
    "gro",
    "wth",
    "growth market",
    "growth.",
    "中文",
    "文 and",
    "(a side",
    ") note",
    "Ann",
    "ann: we",
    "bob",
    "- growth",
    "café",
    "é",
    "q&a",
    "r&d",
    "<3",
    "&",
    "at&t",
    "¬it",
    "k",
    "K",
    "\u{212a}",
    "ſ",
    "@ann growth",
    "@bob zebra",
    "...",
    " ",
];

/// Regexes with literals every match starts with, one across a seam, and
/// ones with none (never filtered).
const REGEX_PATTERNS: &[&str] = &[
    "gro?wth",
    r"market\s+fit",
    "th(e|at)",
    "caf[ée]",
    r"\bk",
    r"\w+ing",
    "@ann gro",
];

const REGEX: SearchOptions = SearchOptions {
    regex: true,
    case_sensitive: false,
};

const CASE_SENSITIVE: SearchOptions = SearchOptions {
    regex: false,
    case_sensitive: true,
};

/// Asserts that the fast and the full pass print the same for `bytes`
/// under every pattern, and returns how many searches the filter ruled
/// the file out of (to show the fast path is taken, not only harmless).
fn assert_same(bytes: &[u8], name: &str) -> usize {
    let plain = [SearchOptions::default(), CASE_SENSITIVE];
    assert_same_for(bytes, name, PATTERNS, &plain)
        + assert_same_for(bytes, name, REGEX_PATTERNS, &[REGEX])
}

/// Fewer patterns for generated files, so that a debug build runs many of
/// them: one of each kind.
const GENERATED_PATTERNS: &[&str] = &[
    "growth",
    "zebra",
    "product-market fit",
    "gro",
    "wth",
    "中文",
    "café",
    "r&d",
    "k",
    "K",
    "@ann growth",
    "...",
];

fn assert_same_generated(bytes: &[u8], name: &str) {
    assert_same_for(bytes, name, GENERATED_PATTERNS, &[SearchOptions::default()]);
    assert_same_for(bytes, name, &REGEX_PATTERNS[..4], &[REGEX]);
}

fn assert_same_for(
    bytes: &[u8],
    name: &str,
    patterns: &[&str],
    options: &[SearchOptions],
) -> usize {
    let path = Path::new(name);
    let source = Source::File(path.to_path_buf());
    let mut ruled_out = 0;
    for pattern in patterns {
        for &options in options {
            let query = Query::parse(pattern, options).expect("a valid pattern");
            let filter = CueFilter::for_query(&query);
            ruled_out += usize::from(filter.is_some_and(|f| f.rules_out(bytes, &source)));
            for json in [false, true] {
                let fast = search_bytes(bytes, path, &query, json, Pass::Fastest);
                let full = search_bytes(bytes, path, &query, json, Pass::Full);
                assert_eq!(fast, full, "{name}: {pattern:?} {options:?} json={json}");
            }
        }
    }
    ruled_out
}

#[test]
fn fixtures_built_to_hide_text_give_the_same_output() {
    let mut ruled_out = 0;
    for path in support::cli::fixtures_in("mixed_search") {
        let bytes = std::fs::read(&path).expect("a readable fixture");
        ruled_out += assert_same(&bytes, &path.display().to_string());
    }
    assert!(ruled_out > 0, "the filter never ruled a fixture out");
}

/// The clean fixtures are ruled out for a word they lack, and the ones
/// that hide text, or would be refused, are read.
#[test]
fn which_fixtures_are_ruled_out() {
    let query = Query::parse("zebra", SearchOptions::default()).expect("valid");
    let filter = CueFilter::for_query(&query).expect("a literal");
    let ruled_out: Vec<String> = support::cli::fixtures_in("mixed_search")
        .iter()
        .filter(|path| {
            let bytes = std::fs::read(path).expect("a readable fixture");
            filter.rules_out(&bytes, &Source::File(path.to_path_buf()))
        })
        .filter_map(|path| Some(path.file_name()?.to_str()?.to_string()))
        .collect();
    assert_eq!(ruled_out, ["crlf.srt", "rolling.vtt"]);
}

#[test]
fn every_format_fixture_gives_the_same_output() {
    for path in support::cli::fixtures_in("formats") {
        let bytes = std::fs::read(&path).expect("a readable fixture");
        let name = path.display().to_string();
        // Every pattern for the formats the filter reads; one of each kind
        // for the others, which are always read in full.
        if name.ends_with(".vtt") || name.ends_with(".srt") {
            assert_same(&bytes, &name);
        } else {
            assert_same_generated(&bytes, &name);
        }
    }
}

/// Words that mean something to one format or another, and the words the
/// patterns look for.
#[rustfmt::skip]
const WORDS: &[&str] = &[
    "R&B", "&amp;", "&nbsp;", "&#103;", "a<b", "<b>bold</b>", "<v", "Bob>", "</v>", "x>y",
    "-->", "-", "- ", "“quoted”", "don't", "50%", "(aside)", "Ann:", "{\\an8}", "\\", "中",
    "文", "Zoë", "café", "cafÃ©", "\u{212a}", "\u{a0}", "3:2", "well,", "end.", "…", "gro",
    "wth", "growth", "product-market", "fit", "the", "and", "k", "1", "NOTE", "WEBVTT",
];

const NAMES: &[&str] = &["Ann", "Bo Chen", "Zoë", "李雷", "R&D <lead>", "SPEAKER_01"];

fn text() -> impl Strategy<Value = String> {
    let line = prop::collection::vec(prop::sample::select(WORDS), 1..8).prop_map(|w| w.join(" "));
    prop::collection::vec(line, 1..4).prop_map(|l| l.join("\n"))
}

/// An episode earmark could have read (built through a Podcasting 2.0
/// file), to be written in every format.
fn episode() -> impl Strategy<Value = Episode> {
    let segment = (prop::sample::select(NAMES), 0u32..36_000, text());
    prop::collection::vec(segment, 1..10).prop_map(|segments| {
        let entries: Vec<_> = segments
            .into_iter()
            .map(|(name, start, text)| {
                json!({ "speaker": name, "startTime": start, "body": format!("{text}\n") })
            })
            .collect();
        let file = json!({ "version": "1.0.0", "segments": entries }).to_string();
        parse_bytes(file.as_bytes(), Source::Builtin("generated.json")).expect("reads")
    })
}

/// Caption-file pieces: timing lines, voices, tags, references, labels,
/// dashes, notes, cue numbers, line ends of every kind, and the words.
const PIECES: &[&str] = &[
    "\n\n00:00:01.000 --> 00:00:02.000\n",
    "\n\n00:00:09.000 --> 00:00:12.000\n",
    "\n\n2\n00:00:03,000 --> 00:00:04,000\n",
    "00:00:05.000 --> 00:00:01.000\n",
    "\n\nNOTE a note\n",
    "\n",
    "\r\n",
    "\r",
    "<v Ann>",
    "<v Bob>",
    "</v>",
    "<i>",
    "</i>",
    "<",
    ">",
    "&amp;",
    "&lt;",
    "&#103;",
    "&eacute;",
    "&",
    "{\\an8}",
    "Ann: ",
    "Bob:",
    "- ",
    "growth",
    "gro",
    "wth",
    "product-market",
    " fit",
    "the ",
    ". ",
    "中",
    "文",
    "\u{a0}",
    "\u{212a}",
    "\u{200b}",
    "cafÃ©",
    "1",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    /// `dump --to X` of generated episodes, for every format.
    #[test]
    fn generated_episodes_in_every_format_give_the_same_output(episode in episode()) {
        for (target, name) in [
            (OutputFormat::WebVtt, "generated.vtt"),
            (OutputFormat::Srt, "generated.srt"),
            (OutputFormat::Json, "generated.json"),
            (OutputFormat::Text, "generated.txt"),
        ] {
            if let Ok(bytes) = render(&episode, target) {
                assert_same_generated(&bytes, name);
            }
        }
    }

    /// Caption files made of pieces that hide text from the bytes.
    #[test]
    fn generated_caption_files_give_the_same_output(
        pieces in prop::collection::vec(prop::sample::select(PIECES), 0..60),
        webvtt in any::<bool>(),
    ) {
        let (head, name) = if webvtt { ("WEBVTT", "generated.vtt") } else { ("1", "generated.srt") };
        let bytes = format!("{head}\n\n00:00:00.000 --> 00:00:01.000\n{}", pieces.concat());
        assert_same_generated(bytes.as_bytes(), name);
    }
}

/// The patterns the benchmark times, and one of each kind, for the large
/// real files (a debug build reads them slowly).
const CORPUS_PATTERNS: &[&str] = &[
    "growth",
    "product-market fit",
    "zebra crossing",
    "the",
    "café",
    "K",
];
const CORPUS_REGEX_PATTERNS: &[&str] = &["evals?", r"\bai\b"];

/// The shared episodes written with `dump --to webvtt/srt/json` (the
/// benchmark's folder), and every file of the shared formats.
#[test]
fn shared_corpus_gives_the_same_output() {
    let Some(dir) = support::corpus::dir() else {
        eprintln!("no shared corpus (set EARMARK_CORPUS): skipped");
        return;
    };
    let default = [SearchOptions::default()];
    let mut ruled_out = 0;
    let episodes = std::fs::read_dir(dir.join("episodes")).expect("the episodes");
    for entry in episodes {
        let path = entry.expect("an entry").path();
        let episode = earmark::formats::parse_file(&path).expect("an episode");
        for (target, extension) in [
            (OutputFormat::WebVtt, "vtt"),
            (OutputFormat::Srt, "srt"),
            (OutputFormat::Json, "json"),
        ] {
            let bytes = render(&episode, target).expect("written");
            let name = path.with_extension(extension).display().to_string();
            ruled_out += assert_same_for(&bytes, &name, CORPUS_PATTERNS, &default);
            ruled_out += assert_same_for(&bytes, &name, CORPUS_REGEX_PATTERNS, &[REGEX]);
        }
    }
    assert!(ruled_out > 0, "the filter never ruled a dumped episode out");
    for path in support::corpus::format_files(&dir) {
        let bytes = std::fs::read(&path).expect("a readable file");
        let name = path.display().to_string();
        assert_same_for(&bytes, &name, CORPUS_PATTERNS, &default);
        assert_same_for(&bytes, &name, CORPUS_REGEX_PATTERNS, &[REGEX]);
    }
}
