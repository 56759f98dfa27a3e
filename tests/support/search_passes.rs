//! Checks shared by the tests of `earmark search`'s quick ways: whatever
//! a quick way skips, the output must be what the full read prints.

#![allow(dead_code)] // only the `it` binary's skip tests use these

use std::path::Path;

use earmark::library::search_command::{Pass, search_bytes};
use earmark::search::{Query, SearchOptions};

/// A case-insensitive query for `pattern`, as a regex when `regex`.
pub fn caseless_query(pattern: &str, regex: bool) -> Query {
    let options = SearchOptions {
        regex,
        case_sensitive: false,
    };
    Query::parse(pattern, options).expect("a valid pattern")
}

/// Asserts that the fastest and the full pass print the same for `bytes`
/// under every pattern, as text and as JSON.
pub fn assert_fast_is_full(bytes: &[u8], name: &str, patterns: &[&str], regex: bool) {
    let path = Path::new(name);
    for pattern in patterns {
        let query = caseless_query(pattern, regex);
        for json in [false, true] {
            let fast = search_bytes(bytes, path, &query, json, Pass::Fastest);
            let full = search_bytes(bytes, path, &query, json, Pass::Full);
            assert_eq!(fast, full, "{name}: {pattern:?} regex={regex} json={json}");
        }
    }
}

/// [`assert_fast_is_full`] on every fixture in `tests/fixtures/folder`,
/// for the literal `patterns` and the `regexes`.
pub fn assert_fixtures_fast_is_full(folder: &str, patterns: &[&str], regexes: &[&str]) {
    for path in super::cli::fixtures_in(folder) {
        let bytes = std::fs::read(&path).expect("a readable fixture");
        let name = path.display().to_string();
        assert_fast_is_full(&bytes, &name, patterns, false);
        assert_fast_is_full(&bytes, &name, regexes, true);
    }
}
