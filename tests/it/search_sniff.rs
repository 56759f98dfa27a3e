//! `earmark search` looks for a NUL only near a file's start before taking
//! its quick ways: a Markdown file with a NUL further on must still get
//! what the full parse gives it (a refusal), whether or not it holds the
//! pattern, in text and JSON, named or found in a folder.

use std::path::Path;

use earmark::library::search_command::{Pass, search_bytes};
use earmark::search::{Query, SearchOptions};

/// The dialect fixture, its transcript repeated to about 40 KB, with a
/// NUL put at `nul_at` (within a line of text).
fn transcript_with_nul(nul_at: usize) -> Vec<u8> {
    let fixture = include_str!("../fixtures/dialect_a.md");
    let (head, transcript) = fixture.split_at(fixture.find("Lenny").expect("a header"));
    let mut text = head.to_string();
    while text.len() < 40_000 {
        text.push_str(transcript);
        text.push('\n');
    }
    let mut bytes = text.into_bytes();
    let at = (nul_at..bytes.len())
        .find(|&i| bytes[i].is_ascii_lowercase())
        .expect("a letter after the place");
    bytes[at] = 0;
    bytes
}

#[test]
fn a_late_nul_is_refused_as_an_early_one_is() {
    let path = Path::new("late-nul.md");
    for nul_at in [0, 100, 8_000, 9_000, 30_000] {
        let bytes = transcript_with_nul(nul_at);
        for pattern in ["the", "zebra", "Lenny", "café"] {
            for regex in [false, true] {
                let options = SearchOptions {
                    regex,
                    ..SearchOptions::default()
                };
                let query = Query::parse(pattern, options).expect("a valid pattern");
                for json in [false, true] {
                    let fast = search_bytes(&bytes, path, &query, json, Pass::Fastest);
                    let full = search_bytes(&bytes, path, &query, json, Pass::Full);
                    let context = format!("NUL near {nul_at}, {pattern:?} regex={regex}");
                    assert_eq!(fast, full, "{context}");
                    let refused = full.expect_err("a NUL is no text");
                    assert!(refused.contains("late-nul.md"), "{context}: {refused}");
                }
            }
        }
    }
}
