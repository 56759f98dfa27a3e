//! `earmark search` skipping a JSON file from its bytes alone
//! (`library::json_prefilter`, and `library::json_reads` for a file it
//! then does not parse at all): the same output as the full read, byte
//! for byte, errors included, on fixtures built to defeat the skip (a
//! word cut between `segs` or tokens, hidden by an escape, next to a
//! refusal), on generated files, and on the shared corpus; and the skip
//! taken where it should be.

use crate::support;

use std::path::Path;

use earmark::episode::Source;
use earmark::formats::parse_bytes;
use earmark::formats::write::OutputFormat;
use earmark::library::cue_prefilter::CueFilter;
use earmark::library::fragment_prefilter::FragmentFilter;
use earmark::library::json_reads;
use earmark::library::prefilter::needs_cleaning;
use earmark::library::search_command::{Pass, search_bytes};
use proptest::prelude::*;
use support::search_passes::{assert_fast_is_full, caseless_query};

/// Words the fixtures hold whole, cut, escaped or not at all.
const PATTERNS: &[&str] = &[
    "zebra",
    "ZEBRA",
    "zebra crossing",
    "growth",
    "gro",
    "café",
    "cafe",
    "the loop",
    "q&a",
    "ann",
    "@ann zebra",
    "k",
];

const REGEX_PATTERNS: &[&str] = &["zeb?ra", "caf[ée]"];

/// The scanner, on the bytes it is for: UTF-8 that cleaning leaves as
/// they are (search checks that first).
fn reads_as_podcasting20(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes).is_ok()
        && !needs_cleaning(bytes)
        && json_reads::reads_as_podcasting20(bytes)
}

/// Whether the bytes alone let search skip the file for `pattern`
/// without parsing it.
fn skipped_unread(bytes: &[u8], pattern: &str) -> bool {
    let query = caseless_query(pattern, false);
    let raw = CueFilter::for_query(&query).expect("a raw filter");
    let filter = FragmentFilter::for_query(&query).expect("a filter");
    raw.raw_clear(bytes).is_some() && json_reads::reads_without_match(bytes, &filter)
}

#[test]
fn fixtures_built_to_defeat_the_skip_give_the_same_output() {
    support::search_passes::assert_fixtures_fast_is_full("json_skip", PATTERNS, REGEX_PATTERNS);
}

/// Only the plain Podcasting 2.0 file is skipped unread; every file the
/// bytes hide a word in, or that is refused, is read.
#[test]
fn which_fixtures_are_skipped_unread() {
    let skipped = |pattern: &str| -> Vec<String> {
        support::cli::fixtures_in("json_skip")
            .iter()
            .filter(|path| skipped_unread(&std::fs::read(path).expect("readable"), pattern))
            .filter_map(|path| Some(path.file_name()?.to_str()?.to_string()))
            .collect()
    };
    assert_eq!(skipped("zebra"), ["plain.json"]);
    // The word whole, after an escaped quote, beside an escaped `&`, and
    // one with a non-ASCII char.
    for held in ["growth", "loop", "q&a", "café"] {
        let skipped = skipped(held);
        assert!(!skipped.iter().any(|n| n == "plain.json"), "{held}");
    }
    // The only other file these fixtures let through holds no word cut.
    assert_eq!(skipped("growth"), ["tokens_cut.json"]);
}

/// Every file the byte scanner says reads does read.
#[test]
fn what_the_scanner_proves_reads() {
    for path in support::cli::fixtures_in("json_skip") {
        let bytes = std::fs::read(&path).expect("a readable fixture");
        if reads_as_podcasting20(&bytes) {
            let parsed = parse_bytes(&bytes, Source::File(path.clone()));
            assert!(parsed.is_ok(), "{}: {parsed:?}", path.display());
        }
    }
}

/// Pieces of JSON strings: the word whole, cut, escaped, beside
/// whitespace, quotes, seams, non-ASCII and labels.
const STRING_PIECES: &[&str] = &[
    "zebra", "ze", "bra", "zeb", "ra", " ", "  ", "\\n", "\\\"", "\\u0026", "\\u0062", "\\u00e9",
    "\\t", "\\/", "\\\\", "é", "caf", "e", "Ann:", ":", ".", "-", "’", "Â", "\u{a0}", "k", "\t",
];

fn json_string() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(STRING_PIECES), 0..5).prop_map(|p| p.concat())
}

/// One item of a list: a Podcasting 2.0 segment, a Whisper segment, or a
/// YouTube event, with or without each field.
fn item() -> impl Strategy<Value = String> {
    let speaker = prop::option::of(prop::sample::select(
        &["Ann", " ", "B\\u0062", "Ann Lee"][..],
    ));
    (0..3u8, speaker, json_string(), json_string(), 0..3u8).prop_map(
        |(kind, speaker, text, more, time)| {
            let speaker = speaker.map_or(String::new(), |s| format!(r#""speaker":"{s}","#));
            let time = ["", r#""startTime":1.5,"#, r#""startTime":01,"#][time as usize];
            match kind {
                0 => format!(r#"{{{speaker}{time}"body":"{text}"}}"#),
                1 => format!(r#"{{{speaker}"start":1,"end":2,"text":"{text}"}}"#),
                _ => {
                    format!(r#"{{"tStartMs":1,"segs":[{{"utf8":"{text}"}},{{"utf8":"{more}"}}]}}"#)
                }
            }
        },
    )
}

/// A whole file: an object with one list, or a bare array.
fn file() -> impl Strategy<Value = String> {
    let list = prop::sample::select(&["segments", "events"][..]);
    (prop::collection::vec(item(), 1..6), list, any::<bool>()).prop_map(|(items, list, bare)| {
        let items = items.join(",\n");
        match bare {
            true => format!("[{items}]"),
            false => format!("{{\"version\":\"1\",\n\"{list}\": [{items}]}}\n"),
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The skip never changes what search prints, and what the scanner
    /// proves reads does read.
    #[test]
    fn skipping_changes_nothing(text in file()) {
        let bytes = text.as_bytes();
        if reads_as_podcasting20(bytes) {
            let parsed = parse_bytes(bytes, Source::File("a.json".into()));
            prop_assert!(parsed.is_ok(), "{text}: {parsed:?}");
        }
        for pattern in ["zebra", "caf", "café", "k"] {
            let query = caseless_query(pattern, false);
            let fast = search_bytes(bytes, Path::new("a.json"), &query, false, Pass::Fastest);
            let full = search_bytes(bytes, Path::new("a.json"), &query, false, Pass::Full);
            prop_assert_eq!(fast, full, "{} {:?}", text, pattern);
        }
    }
}

/// The shared corpus's JSON files, as the user's own files would be.
#[test]
fn shared_json_files_give_the_same_output() {
    let Some(dir) = support::corpus::dir() else {
        eprintln!("no shared corpus (set EARMARK_CORPUS): skipped");
        return;
    };
    let files = support::corpus::format_files(&dir);
    let json = files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"));
    for path in json {
        let bytes = std::fs::read(path).expect("a readable file");
        let name = path.display().to_string();
        assert_fast_is_full(
            &bytes,
            &name,
            &["zebra crossing", "the", "café", "k"],
            false,
        );
    }
}

/// The shared episodes written as Podcasting 2.0 JSON (`dump --to json`,
/// as in the mixed folder of benches/mixed_search.sh): skipped unread for
/// a word none holds, and searched alike either way.
#[test]
fn dumped_episodes_are_skipped_unread() {
    let Some(dir) = support::corpus::dir() else {
        eprintln!("no shared corpus (set EARMARK_CORPUS): skipped");
        return;
    };
    let episodes = std::fs::read_dir(dir.join("episodes")).expect("the episodes folder");
    let mut count = 0;
    for entry in episodes.flatten().take(8) {
        let path = entry.path();
        let episode = earmark::formats::parse_file(&path).expect("an episode");
        let json = earmark::formats::write::render(&episode, OutputFormat::Json).expect("JSON");
        let name = path.display().to_string();
        assert!(skipped_unread(&json, "zebra crossing"), "{name}");
        assert_fast_is_full(
            &json,
            &format!("{name}.json"),
            &["zebra crossing", "the", "café"],
            false,
        );
        count += 1;
    }
    assert!(count > 0, "no episode in the shared corpus");
}

/// What search takes for sure not Markdown (to decode a file once) is
/// never read as Markdown: every fixture, and files made to look like it.
#[test]
fn surely_not_markdown_is_never_markdown() {
    use earmark::formats::is_markdown;
    use earmark::library::search_command::surely_not_markdown;
    let mut files: Vec<(String, Vec<u8>)> = ["json_skip", "formats", "fragment_skip"]
        .iter()
        .flat_map(|folder| support::cli::fixtures_in(folder))
        .map(|path| {
            (
                path.display().to_string(),
                std::fs::read(&path).expect("readable"),
            )
        })
        .collect();
    for (name, text) in [
        ("a.md", &b"WEBVTT\n\n---\n"[..]),
        ("a.md", b"WEBVTT\0 x\n"),
        ("a.md", b"WEBVTTX\n## Transcript\n"),
        ("a.md", b" \n{\"a\": 1}\n## Transcript\n"),
        ("a.md", b"{\0}"),
        ("a.md", b"{\xff\xfe}"),
    ] {
        files.push((name.to_string(), text.to_vec()));
    }
    let mut sure = 0;
    for (name, bytes) in &files {
        if surely_not_markdown(bytes) {
            sure += 1;
            let source = Source::File(name.into());
            assert!(!is_markdown(bytes, &source), "{name}: {bytes:?}");
        }
    }
    assert!(sure > 10, "only {sure} files tested");
}
