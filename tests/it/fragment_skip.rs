//! `earmark search` skipping the merge of a file whose fragments cannot
//! hold a match (`library::fragment_prefilter`): the same output as the
//! full read, byte for byte, errors included, in text and JSON, on
//! fixtures built to defeat it (a word cut between tokens or chunks, text
//! cleaning changes, labels alone, markup), on every format fixture and on
//! the shared corpus; and the skip taken where it should be.

use crate::support;

use std::path::Path;

use earmark::episode::Source;
use earmark::formats::parse_bytes_unless;
use earmark::library::fragment_prefilter::FragmentFilter;
use support::search_passes::{assert_fast_is_full, caseless_query};

/// Whole words, words cut between fragments (`gro` + `wth`, `zeb` +
/// `ra`), case folds, non-ASCII, a phrase with a seam, a speaker filter,
/// one-char pieces, and patterns no piece serves (never filtered).
const PATTERNS: &[&str] = &[
    "growth",
    "GROWTH",
    "zebra",
    "zebra crossing",
    "product-market fit",
    "product",
    "duct-mar",
    "gro",
    "wth",
    "café",
    "cafe",
    "é",
    "k",
    "ann",
    "ann: we",
    "@ann growth",
    "@bob café",
    "...",
    " ",
];

/// Regexes with literals every match starts with, and one with none.
const REGEX_PATTERNS: &[&str] = &["gro?wth", r"zeb\w+", "caf[ée]", r"\w+ing"];

/// Whether the merge of the file at `path` is skipped for `pattern`.
fn merge_skipped(path: &Path, pattern: &str) -> bool {
    let bytes = std::fs::read(path).expect("a readable fixture");
    let query = caseless_query(pattern, false);
    let filter = FragmentFilter::for_query(&query).expect("a filter");
    let source = Source::File(path.to_path_buf());
    let parsed = parse_bytes_unless(&bytes, source, |r| filter.rules_out(r));
    matches!(parsed, Ok(None))
}

fn names_skipped(folder: &str, pattern: &str) -> Vec<String> {
    support::cli::fixtures_in(folder)
        .iter()
        .filter(|path| merge_skipped(path, pattern))
        .filter_map(|path| Some(path.file_name()?.to_str()?.to_string()))
        .collect()
}

#[test]
fn fixtures_built_to_defeat_the_skip_give_the_same_output() {
    support::search_passes::assert_fixtures_fast_is_full("fragment_skip", PATTERNS, REGEX_PATTERNS);
}

/// The skip is taken for a word a file lacks, and not where a word is cut
/// between fragments, hidden by cleaning, or where merging would refuse.
#[test]
fn which_fixtures_are_skipped() {
    assert_eq!(
        names_skipped("fragment_skip", "zebra"),
        ["clean.json", "tokens_cut.json"]
    );
    assert_eq!(
        names_skipped("fragment_skip", "growth"),
        Vec::<String>::new()
    );
    // The caption-like readers get it too: the markup fixtures hold no
    // `zebra`.
    let formats = names_skipped("formats", "zebra");
    for expected in ["podcasting_tokens.json", "apple.ttml", "otter.txt"] {
        assert!(
            formats.iter().any(|n| n == expected),
            "{expected}: {formats:?}"
        );
    }
}

#[test]
fn every_format_fixture_gives_the_same_output() {
    let few = ["zebra", "growth", "the", "gro", "café", "k", "@ann the"];
    for path in support::cli::fixtures_in("formats") {
        let bytes = std::fs::read(&path).expect("a readable fixture");
        let name = path.display().to_string();
        assert_fast_is_full(&bytes, &name, &few, false);
        assert_fast_is_full(&bytes, &name, &REGEX_PATTERNS[..2], true);
    }
}

/// Every file of the shared formats, as the user's own files would be.
#[test]
fn shared_formats_give_the_same_output() {
    let Some(dir) = support::corpus::dir() else {
        eprintln!("no shared corpus (set EARMARK_CORPUS): skipped");
        return;
    };
    let mut skipped = 0;
    for path in support::corpus::format_files(&dir) {
        let bytes = std::fs::read(&path).expect("a readable file");
        let name = path.display().to_string();
        assert_fast_is_full(&bytes, &name, &["zebra crossing", "the", "café"], false);
        assert_fast_is_full(&bytes, &name, &["evals?"], true);
        skipped += usize::from(merge_skipped(&path, "zebra crossing"));
    }
    assert!(skipped > 0, "no shared file's merge was skipped");
}
