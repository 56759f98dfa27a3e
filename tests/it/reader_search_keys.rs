//! The reader's `/` in a long episode as a person types: a search a newer
//! key overtook does not lose what earlier keys found, a deleted key and a
//! key the fast finder cannot take (`k`, `s`) narrow too, and every answer
//! is what a fresh search gives.

use crate::support;

use std::sync::atomic::{AtomicUsize, Ordering};

use earmark::episode::Episode;
use earmark::episode_search::EpisodeSearcher;
use earmark::search::{self, Query, SearchOptions};
use support::seed::long_episode;

/// Copies of the seed that make more than a megabyte: searched on every core.
const OVER_A_MEGABYTE: usize = 20;

fn query(input: &str) -> Query {
    Query::parse(input, SearchOptions::default()).expect("valid")
}

fn search(searcher: &mut EpisodeSearcher, episode: &Episode, pattern: &str) -> usize {
    let q = query(pattern);
    let found = searcher.search_until(episode, &q, &|| false);
    assert_eq!(found, Some(search::find_all(episode, &q)), "{pattern:?}");
    searcher.searched()
}

fn segments_with_hits(episode: &Episode, pattern: &str) -> usize {
    let mut segments: Vec<usize> = search::find_all(episode, &query(pattern))
        .iter()
        .map(|hit| hit.segment)
        .collect();
    segments.dedup();
    segments.len()
}

/// A key overtaken by the next: the one after still narrows from the last
/// search that finished.
#[test]
fn an_overtaken_key_does_not_lose_the_narrowing() {
    let episode = long_episode(OVER_A_MEGABYTE);
    let mut searcher = EpisodeSearcher::default();
    search(&mut searcher, &episode, "prod");
    let looks = AtomicUsize::new(0);
    let overtaken = || looks.fetch_add(1, Ordering::Relaxed) >= 1;
    assert_eq!(
        searcher.search_until(&episode, &query("produ"), &overtaken),
        None
    );
    let searched = search(&mut searcher, &episode, "produc");
    assert_eq!(searched, segments_with_hits(&episode, "prod"));
    assert!(searched < episode.segments.len() / 4);
}

/// Deleting keys, and a `k` after a literal the fast finder took: each
/// looks only at the segments a kept, shorter query matched.
#[test]
fn deleted_keys_and_k_narrow_from_kept_searches() {
    let episode = long_episode(OVER_A_MEGABYTE);
    let mut searcher = EpisodeSearcher::default();
    for end in 1..="product market".len() {
        search(&mut searcher, &episode, &"product market"[..end]);
    }
    let kept = segments_with_hits(&episode, "product mar");
    assert!(kept < episode.segments.len() / 10);
    for pattern in [
        "product marke",
        "product mark",
        "product mar",
        "product mark",
    ] {
        let searched = search(&mut searcher, &episode, pattern);
        assert!(searched <= kept, "{pattern:?}: {searched} segments");
    }
}

/// Keys typed, deleted and typed again, with searches overtaken in
/// between: every answer that comes is the fresh search's.
#[test]
fn answers_after_overtakes_are_what_a_fresh_search_gives() {
    let episode = long_episode(OVER_A_MEGABYTE);
    let mut searcher = EpisodeSearcher::default();
    let typed = [
        "t",
        "th",
        "the",
        "the ",
        "the a",
        "the ai",
        "the a",
        "the ",
        "the s",
        "the sk",
        "the ",
        "@karina the",
        "@karina the a",
        "@karina the",
        "the",
        "th",
    ];
    for (k, pattern) in typed.iter().enumerate() {
        let q = query(pattern);
        let looks = AtomicUsize::new(0);
        let overtaken = || k % 3 == 1 && looks.fetch_add(1, Ordering::Relaxed) >= 1;
        let expected = search::find_all(&episode, &q);
        match searcher.search_until(&episode, &q, &overtaken) {
            Some(found) => assert_eq!(found, expected, "{pattern:?}"),
            None => assert_eq!(
                searcher.search_until(&episode, &q, &|| false),
                Some(expected),
                "{pattern:?} after an overtake"
            ),
        }
    }
}
