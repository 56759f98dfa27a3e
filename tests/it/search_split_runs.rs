//! A large file searched in runs on several threads gives the full parse's
//! output when the run after a cut starts with U+FEFF: only a file's start
//! may hold a BOM, and a U+FEFF anywhere else is an invisible char that
//! cleaning drops, so the search-only pass must leave such a file to the
//! full parse.

use std::path::Path;

use earmark::episode::line_cuts;
use earmark::library::search_command::{Pass, search_bytes};
use earmark::search::{Query, SearchOptions};

/// A transcript whose `\u{FEFF}` line (one of text) is where two runs
/// are cut.
fn feff_at_the_cut() -> Vec<u8> {
    let lines: Vec<String> = (0..60)
        .flat_map(|i| {
            let header = format!("Ann ({:02}:{:02}:00):\n", i / 60, i % 60);
            [header, format!("growth, line {i}\n"), "\n".to_string()]
        })
        .collect();
    for at in (1..lines.len()).filter(|at| lines[*at].starts_with("growth")) {
        let mut bytes = lines[..at].concat().into_bytes();
        let feff_at = bytes.len();
        bytes.extend_from_slice("\u{feff}".as_bytes());
        bytes.extend_from_slice(lines[at..].concat().as_bytes());
        if line_cuts(&bytes, 2).get(1) == Some(&feff_at) {
            return bytes;
        }
    }
    unreachable!("some text line starts right at the cut")
}

#[test]
fn a_feff_at_the_start_of_a_later_run_is_no_bom() {
    let bytes = feff_at_the_cut();
    let path = Path::new("feff.md");
    let query = Query::parse("growth", SearchOptions::default()).expect("a pattern");
    for json in [false, true] {
        let full = search_bytes(&bytes, path, &query, json, Pass::Full);
        let split = search_bytes(&bytes, path, &query, json, Pass::Split);
        assert_eq!(split, full, "json: {json}");
        let full = full.expect("searched");
        assert!(!full.contains('\u{feff}'), "cleaning drops the U+FEFF");
        assert_eq!(full.lines().count(), 60);
    }
}
