//! The search-only pass of `earmark search` against the full parse: the
//! same output, byte for byte, in text and JSON, on the fixtures, on
//! generated transcripts and on the shared corpus when it is present; and
//! the same pass split across threads (as for a large file) against it.

use crate::support;

use std::path::{Path, PathBuf};

use earmark::episode::Source;
use earmark::library::prefilter::Prefilter;
use earmark::library::search_command::{Pass, search_bytes};
use earmark::search::{Query, SearchOptions};
use proptest::prelude::*;

/// Common words, phrases with spaces, patterns that start or end with a
/// space, single letters, letters with non-ASCII case folds (`k`, `s`),
/// upper case for smart case, a speaker filter, non-ASCII patterns (which
/// mojibake in the pieces below repairs into), and a tab, which the pass
/// leaves to the full parse.
const PATTERNS: &[&str] = &[
    "growth",
    "the",
    "ai",
    "AI",
    "The",
    "product-market fit",
    "zebra crossing",
    " the",
    "the ",
    " ",
    "e",
    "k",
    "K",
    "s",
    "S",
    "@lenny the",
    "@karina a",
    "@host growth",
    "(00",
    "):",
    "# ",
    "a\tb",
    "café",
    "’s",
    "’",
    "ö",
    "Ève",
    "\u{212a}",
];

/// Regex patterns, most with literals every match starts with (which the
/// raw prefilter looks for), some that match across lines or at a
/// segment's edges, and some with no such literals (parsed fully).
const REGEX_PATTERNS: &[&str] = &[
    "evals?",
    "gro?wth",
    r"\bai\b",
    "th(e|at)",
    r"the\s+",
    r"e\s+t",
    "^the",
    r"growth$",
    "k",
    "K",
    "[ſs]",
    r"\x{212a}",
    "caf[ée]",
    "’s?",
    r"[0-9]{2}:",
    r"(?s)e.t",
    r"\w+ing",
    "@lenny th(e|is)",
    r"a\tb",
];

const REGEX: SearchOptions = SearchOptions {
    regex: true,
    case_sensitive: false,
};

fn options() -> [SearchOptions; 2] {
    [
        SearchOptions::default(),
        SearchOptions {
            regex: false,
            case_sensitive: true,
        },
    ]
}

/// Fewer patterns for the large real episodes, so that the test stays
/// quick in a debug build: every kind is still there.
const CORPUS_PATTERNS: &[&str] = &[
    "growth",
    "the",
    "AI",
    "product-market fit",
    " the",
    "the ",
    "k",
    "s",
    "@lenny the",
    "’s",
];

/// The regex patterns for the real episodes: the ones the benchmarks time,
/// and one of each kind.
const CORPUS_REGEX_PATTERNS: &[&str] = &["evals?", r"\bai\b", r"the\s+", "k", "’s?"];

/// Asserts that both passes print the same for `bytes` under every pattern.
fn assert_same(bytes: &[u8], name: &str) {
    assert_same_for(bytes, name, PATTERNS, &options());
    assert_same_for(bytes, name, REGEX_PATTERNS, &[REGEX]);
}

/// Asserts that both passes print the same for `bytes` under `patterns`.
fn assert_same_for(bytes: &[u8], name: &str, patterns: &[&str], options: &[SearchOptions]) {
    let path = Path::new(name);
    for pattern in patterns {
        for &options in options {
            let query = Query::parse(pattern, options).expect("a valid pattern");
            for json in [false, true] {
                let fast = search_bytes(bytes, path, &query, json, Pass::Fastest);
                let full = search_bytes(bytes, path, &query, json, Pass::Full);
                let context = format!("{name}: {pattern:?} {options:?} json={json}");
                // A large file's segments searched in parts on threads,
                // printed in order: the same as in one run.
                let split = search_bytes(bytes, path, &query, json, Pass::Split);
                assert_eq!(split, fast, "split: {context}");
                // A file the prefilter rules out is not parsed at all, so a
                // file that is no transcript gives no error then (as before
                // this pass existed); the full parse must find nothing in it.
                // Only Markdown has the fast pass: other formats always parse.
                let ruled_out = Prefilter::for_query(&query).is_some_and(|p| !p.may_match(bytes))
                    && earmark::formats::is_markdown(bytes, &Source::File(path.into()));
                if ruled_out {
                    assert_eq!(fast, Ok(String::new()), "{context}");
                    assert!(full.as_ref().map_or(true, String::is_empty), "{context}");
                } else {
                    assert_eq!(fast, full, "{context}");
                }
            }
        }
    }
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("a readable folder")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
}

#[test]
fn fixtures_give_the_same_output() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let files = files_in(&dir);
    assert!(files.len() >= 10);
    for path in files {
        let bytes = std::fs::read(&path).expect("a readable fixture");
        assert_same(&bytes, &path.display().to_string());
    }
}

#[test]
fn shared_episodes_give_the_same_output() {
    let Some(dir) = support::corpus::dir() else {
        eprintln!("no shared corpus: skipped");
        return;
    };
    let files = files_in(&dir.join("episodes"));
    assert_eq!(files.len(), 25);
    let default = [SearchOptions::default()];
    for (i, path) in files.iter().enumerate() {
        let bytes = std::fs::read(path).expect("a readable episode");
        assert_same_for(
            &bytes,
            &path.display().to_string(),
            CORPUS_PATTERNS,
            &default,
        );
        assert_same_for(
            &bytes,
            &path.display().to_string(),
            CORPUS_REGEX_PATTERNS,
            &[REGEX],
        );
        // A few with CRLF line ends and a BOM.
        if i % 5 == 0 {
            let crlf = String::from_utf8_lossy(&bytes).replace('\n', "\r\n");
            let mut with_bom = b"\xEF\xBB\xBF".to_vec();
            with_bom.extend_from_slice(crlf.as_bytes());
            assert_same_for(&with_bom, "crlf-bom.md", CORPUS_PATTERNS, &default);
        }
    }
}

/// Transcript-shaped pieces: the three dialects' headers, same-speaker
/// headers, headings, `## Transcript`, front matter, blank and indented
/// lines, tabs, CRLF, mojibake (some repairing to `K`/`ſ` or a control),
/// Unicode spaces, controls, the words the patterns look for, and chars
/// cleaning drops or turns into a space (one of them as mojibake).
const PIECES: &[&str] = &[
    "---\ntitle: A growth talk\n---\n",
    "---\nguest: x\n---\n",
    "# The title\n",
    "# \n",
    "## Transcript\n",
    "## transcript  \n",
    "### Part\n",
    "Lenny Rachitsky (00:04:45):\n",
    "Lenny  Rachitsky (00:04:46):\n",
    "Karina Nguyen (1:02):\n",
    "(1:02:03):\n",
    "  (75:30) \n",
    "[00:00:28] Lenny: ",
    "[0:01] ",
    "[00:02] Host:\n",
    "Dr. Fei-Fei Li:\n",
    "Host:\n",
    "Ève Dupont:\n",
    "\n",
    "\r\n",
    "\n\n",
    "\t",
    " ",
    "   ",
    "text ",
    "growth ",
    "the ",
    "The ",
    "AI ",
    "ai",
    "k",
    "s",
    "zebra crossing",
    "product-market fit ",
    " the",
    "she’s ",
    "â€™",
    "Ã¶",
    "Â›2J",
    "â„ª",
    "Å¿",
    "\u{a0}",
    "\u{2003}",
    "\u{212a}",
    "\u{17f}",
    "\u{1b}[2J",
    "\u{7}",
    "\u{85}",
    "(",
    "):",
    ":",
    "#",
    "[",
    "]",
    "\u{200b}",
    "\u{202e}",
    "\u{2028}",
    "\u{feff}",
    "\u{e2}\u{20ac}\u{2039}",
];

fn transcript_like() -> impl Strategy<Value = Vec<u8>> {
    support::generate::pieces_and_bytes(PIECES, 12, 120, 1..3)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn generated_transcripts_give_the_same_output(bytes in transcript_like()) {
        assert_same(&bytes, "generated.md");
    }

    /// Mostly clean input, so that the search-only pass (not the fallback)
    /// is what gets compared.
    #[test]
    fn clean_generated_transcripts_give_the_same_output(
        pieces in prop::collection::vec(prop::sample::select(&PIECES[..42]), 0..150)
    ) {
        assert_same(pieces.concat().as_bytes(), "generated.md");
    }
}
