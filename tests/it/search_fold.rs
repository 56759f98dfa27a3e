//! Search folds typographic quotes (docs/usage.md, "What a pattern
//! means"): `don't` finds `don’t`, `"x"` finds `“x”`, and the reverse, in
//! the reader, the library's search and `earmark search`; a regex or a
//! `--case-sensitive` search is taken as typed. The folded pattern is a
//! regex every engine runs, so the raw prefilters must stay exact for it:
//! the search-only pass finds exactly what the full parse finds.

use crate::support;

use std::path::{Path, PathBuf};

use earmark::episode::Source;
use earmark::formats;
use earmark::library::prefilter::Prefilter;
use earmark::library::search_command::{Pass, search_bytes};
use earmark::search::{Query, SearchOptions, find_in_text};
use proptest::prelude::*;
use support::cli::earmark;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fold/quotes.md")
}

fn query(pattern: &str, options: SearchOptions) -> Query {
    Query::parse(pattern, options).expect("a valid query")
}

/// The texts of the fixture's segments that `pattern` matches.
fn matching_segments(pattern: &str, options: SearchOptions) -> Vec<String> {
    let episode = formats::parse_file(&fixture()).expect("the fixture parses");
    let query = query(pattern, options);
    episode
        .segments
        .iter()
        .map(|s| s.text(&episode).to_string())
        .filter(|text| !find_in_text(text, &query).is_empty())
        .collect()
}

const REGEX: SearchOptions = SearchOptions {
    regex: true,
    case_sensitive: false,
};

const CASE_SENSITIVE: SearchOptions = SearchOptions {
    regex: false,
    case_sensitive: true,
};

#[test]
fn straight_quotes_find_curly_ones_and_the_reverse() {
    let both = |pattern: &str| matching_segments(pattern, SearchOptions::default()).len();
    assert_eq!(both("don't"), 2, "don’t and don't");
    assert_eq!(both("don’t"), 2, "the reverse");
    assert_eq!(both("didn't"), 1, "didn‘t: a wrong-way quote is a quote");
    assert_eq!(both("\"the engine\""), 2, "“the engine” and \"The engine\"");
    assert_eq!(both("'analytical'"), 1);
    assert_eq!(both("\"good enough\""), 1, "„good enough”");
    assert_eq!(both("5' and 7\""), 1, "primes fold with the quotes");
}

#[test]
fn the_match_covers_the_curly_quote_itself() {
    let text = "I don’t think so.";
    let ranges = find_in_text(text, &query("don't", SearchOptions::default()));
    assert_eq!(ranges, vec![2..9]);
    assert_eq!(&text[ranges[0].clone()], "don’t");
}

#[test]
fn regex_and_forced_case_are_taken_as_typed() {
    assert_eq!(matching_segments("don't", REGEX).len(), 1);
    assert_eq!(matching_segments("don't", CASE_SENSITIVE).len(), 1);
    assert_eq!(matching_segments("don’t", CASE_SENSITIVE).len(), 1);
    // Smart case still folds: an upper-case letter is about case only.
    assert_eq!(
        matching_segments("\"The engine\"", SearchOptions::default()).len(),
        1
    );
}

#[test]
fn dashes_and_other_text_are_not_folded() {
    let hits = matching_segments("self-serve", SearchOptions::default());
    assert_eq!(hits.len(), 1);
    assert!(matching_segments("—", SearchOptions::default()).len() == 1);
    assert!(matching_segments("-", SearchOptions::default()).len() == 1);
    // Regex syntax in a folded literal is still literal text.
    assert!(matching_segments("don't.*", SearchOptions::default()).is_empty());
}

#[test]
fn earmark_search_folds_and_its_case_sensitive_flag_does_not() {
    let out = earmark()
        .args(["search", "don't"])
        .arg(fixture())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.contains("I don’t think so."), "{text}");
    let out = earmark()
        .args(["search", "--case-sensitive", "don't"])
        .arg(fixture())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("You don't say."), "{text}");
}

/// Patterns with every foldable char, in both directions, with and
/// without an upper-case letter (smart case), with a speaker filter.
const PATTERNS: &[&str] = &[
    "don't",
    "don’t",
    "DON'T",
    "'",
    "’",
    "\"",
    "“x”",
    "\"x\"",
    "it's a",
    "‚‛′ʼ",
    "„‟″",
    "@ada don't",
    "'s",
];

/// Transcript pieces with quotes of every kind, as text and as the
/// mojibake (UTF-8 read as Windows-1252) that cleaning repairs into them.
const PIECES: &[&str] = &[
    "# The title\n",
    "## Transcript\n",
    "Ada Lovelace (00:00:01):\n",
    "Lenny Rachitsky (00:00:05):\n",
    "[00:00:28] Lenny: ",
    "\n",
    "\n\n",
    "\r\n",
    " ",
    "\t",
    "don",
    "DON",
    "t ",
    "it",
    "s a ",
    "x",
    "X",
    "'",
    "’",
    "‘",
    "‚",
    "‛",
    "′",
    "ʼ",
    "\"",
    "“",
    "”",
    "„",
    "‟",
    "″",
    "â€™",
    "â€œ",
    "â€\u{9d}",
    "\u{1b}[2J",
    "\u{200b}",
    "\u{a0}",
];

fn transcript_like() -> impl Strategy<Value = Vec<u8>> {
    support::generate::pieces_and_bytes(PIECES, 12, 120, 1..3)
}

/// The search-only pass (raw prefilter, then the parse of the parts that
/// may match) prints exactly what the full parse prints, and a file the
/// prefilter rules out holds no match.
fn assert_prefilter_exact(bytes: &[u8]) {
    let path = Path::new("generated.md");
    for pattern in PATTERNS {
        let query = query(pattern, SearchOptions::default());
        let full = search_bytes(bytes, path, &query, true, Pass::Full);
        let fast = search_bytes(bytes, path, &query, true, Pass::Fastest);
        let ruled_out = Prefilter::for_query(&query).is_some_and(|p| !p.may_match(bytes))
            && earmark::formats::is_markdown(bytes, &Source::File(path.into()));
        if ruled_out {
            assert!(full.as_ref().map_or(true, String::is_empty), "{pattern:?}");
        } else {
            assert_eq!(fast, full, "{pattern:?}");
        }
    }
}

/// The folded search counts what a search of the text with every quote
/// made straight counts (a case-sensitive pattern keeps the reference a
/// plain substring count).
fn assert_counts_as_straightened(bytes: &[u8]) {
    let Ok(episode) = formats::parse_bytes(bytes, Source::Builtin("generated")) else {
        return;
    };
    let straight =
        |text: &str| -> String { text.chars().map(earmark::search_fold::canonical).collect() };
    for pattern in ["DON't", "X\"", "X'", "\"X"] {
        let query = query(pattern, SearchOptions::default());
        for segment in &episode.segments {
            let text = segment.text(&episode);
            let expected = straight(text).matches(&straight(pattern)).count();
            assert_eq!(
                find_in_text(text, &query).len(),
                expected,
                "{pattern:?} in {text:?}"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn folded_search_finds_what_the_full_parse_finds(bytes in transcript_like()) {
        assert_prefilter_exact(&bytes);
        assert_counts_as_straightened(&bytes);
    }
}

#[test]
fn the_readers_search_folds_quotes() {
    let episode = formats::parse_file(&fixture()).expect("the fixture parses");
    let mut harness = support::harness::Harness::reader(episode, (100, 20));
    harness.type_text("/don't");
    let screen = harness.screen();
    assert!(
        screen.contains("/don't") && screen.contains("1/2"),
        "{screen}"
    );
    for _ in 0..2 {
        harness.press(
            crossterm::event::KeyCode::Backspace,
            crossterm::event::KeyModifiers::NONE,
        );
    }
    harness.type_text("’t");
    assert!(harness.screen().contains("/don’t"), "{}", harness.screen());
    assert!(harness.screen().contains("1/2"), "{}", harness.screen());
}

#[test]
fn the_librarys_search_folds_quotes() {
    let mut harness = support::harness::Harness::library("podcasts", &[fixture()], (100, 20));
    harness.type_text("/\"the engine\"");
    let screen = harness.screen();
    assert!(screen.contains("2 matches in 1 episode"), "{screen}");
    assert!(screen.contains("“the engine”"), "{screen}");
}
