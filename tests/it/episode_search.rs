//! The reader's search as the user types: the fast finder for literal
//! patterns gives exactly the hits the regex gives, key after key (fresh,
//! narrowed, and split across threads), and stops once overtaken. (How
//! its cost grows is in `threaded_growth.rs`.)

use crate::support;

use std::sync::atomic::{AtomicUsize, Ordering};

use earmark::episode::{Episode, Source};
use earmark::episode_search::EpisodeSearcher;
use earmark::formats;
use earmark::search::{self, Query, SearchOptions};
use support::seed::long_episode;

/// Copies of the seed that make more than a megabyte: searched on every core.
const OVER_A_MEGABYTE: usize = 20;

fn query(input: &str) -> Query {
    Query::parse(input, SearchOptions::default()).expect("valid")
}

/// Types each pattern one key at a time into one searcher, checking every
/// key against a fresh regex search; then a key deleted, and a regex.
fn check_typing(episode: &Episode, searcher: &mut EpisodeSearcher) {
    for pattern in [
        "product-market fit",
        "the ai",
        "@karina the",
        "aa",
        "-",
        "k",
        "café",
    ] {
        for end in (1..=pattern.len()).filter(|&end| pattern.is_char_boundary(end)) {
            let q = query(&pattern[..end]);
            let found = searcher.search_until(episode, &q, &|| false);
            assert_eq!(
                found,
                Some(search::find_all(episode, &q)),
                "{:?}",
                &pattern[..end]
            );
        }
    }
    let regex = Query::parse(
        "evals?",
        SearchOptions {
            regex: true,
            case_sensitive: false,
        },
    );
    let regex = regex.expect("valid");
    let found = searcher.search_until(episode, &regex, &|| false);
    assert_eq!(found, Some(search::find_all(episode, &regex)));
}

#[test]
fn every_key_finds_what_the_regex_finds() {
    let odd = "# Odd\n\nNo speaker: Product, PRODUCT-market fit, pro-duct.\n\n\
               Ann (00:00:01):\nA product-market fit? aaaa AAAA a-a the AI.\n";
    let odd = formats::parse_bytes(odd.as_bytes(), Source::File("odd.md".into())).expect("parses");
    let mut searcher = EpisodeSearcher::default();
    check_typing(&odd, &mut searcher);
    searcher.clear();
    // Over a megabyte: split across threads.
    let long = long_episode(OVER_A_MEGABYTE);
    assert!(long.segments.iter().map(|s| s.text_len()).sum::<usize>() > 1 << 20);
    check_typing(&long, &mut searcher);
}

#[test]
fn an_overtaken_search_stops() {
    let episode = long_episode(OVER_A_MEGABYTE);
    let looks = AtomicUsize::new(0);
    let overtaken = || looks.fetch_add(1, Ordering::Relaxed) >= 1;
    let mut searcher = EpisodeSearcher::default();
    assert_eq!(
        searcher.search_until(&episode, &query("the"), &overtaken),
        None
    );
    // It looked a few times (once per thread, then stopped), not per segment.
    assert!(looks.load(Ordering::Relaxed) < 2 + 2 * 8, "{looks:?}");
    // Nothing of the stopped search is kept to narrow from: the next key
    // finds what a fresh search finds.
    let found = searcher.search_until(&episode, &query("them"), &|| false);
    assert_eq!(found, Some(search::find_all(&episode, &query("them"))));
}
