//! The library's `/` as a person types: a search overtaken by the next key
//! keeps what it found, a deleted key is answered from what was found
//! before, and whatever the order of keys and overtakes, every answer is
//! what a fresh search gives.

use crate::support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use earmark::episode::{Episode, Source};
use earmark::formats;
use earmark::library::cross_search::{EpisodeHits, search_library};
use earmark::tui::action::Action;
use earmark::tui::search_worker::SearchRunner;
use support::library_requests::{literal, request};
use support::seed::copies;

fn results(action: Action) -> Vec<EpisodeHits> {
    match action {
        Action::LibrarySearchResults { results, done, .. } => {
            assert!(done, "a whole answer");
            results
        }
        _ => panic!("not library results"),
    }
}

/// Runs `pattern` until `stop_after` looks at the stop flag say stop (the
/// next key came); `None` when it was overtaken.
fn overtaken_after(
    runner: &mut SearchRunner,
    pattern: &str,
    episodes: &[(usize, Arc<Episode>)],
    stop_after: usize,
) -> Option<Vec<EpisodeHits>> {
    let looks = AtomicUsize::new(0);
    let overtaken = |_| looks.fetch_add(1, Ordering::Relaxed) >= stop_after;
    let answer = runner.answer_as_found(request(1, pattern, episodes), &overtaken, &mut |_| {});
    answer.map(results)
}

/// Episodes that differ: copies of the seed, and small ones that have some
/// of the words and not others.
fn mixed_library(copies_of_seed: usize) -> Vec<(usize, Arc<Episode>)> {
    let small = [
        "Ann (00:00:01):\nProduct market fit, PRODUCT MARKET.\n\nBo (00:00:05):\nproducts.\n",
        "Ann (00:00:01):\nNothing about it here.\n",
        "Ann (00:00:01):\nA product manager.\n\nBo (00:00:09):\nMarket, market.\n",
    ];
    let mut episodes = copies(copies_of_seed);
    for (k, text) in small.iter().enumerate() {
        let source = Source::File(format!("small-{k}.md").into());
        let episode = formats::parse_bytes(text.as_bytes(), source).expect("parses");
        let at = (k * 7) % (episodes.len() + 1);
        episodes.insert(at, (0, Arc::new(episode)));
    }
    for (entry, (slot, _)) in episodes.iter_mut().enumerate() {
        *slot = entry;
    }
    episodes
}

/// A search overtaken halfway keeps the episodes it finished: asked again,
/// only the others are searched.
#[test]
fn an_overtaken_search_keeps_what_it_found() {
    let episodes = copies(120);
    let mut runner = SearchRunner::default();
    assert!(overtaken_after(&mut runner, "growth", &episodes, 20).is_none());
    let answer = results(runner.answer(request(2, "growth", &episodes)));
    let searched = runner.library_searched();
    assert!(
        (1..120).contains(&searched),
        "{searched} of 120 searched again"
    );
    assert_eq!(answer, search_library(&literal("growth"), &episodes));
}

/// A key deleted: the shorter query was searched a moment ago, and its
/// results come back without searching again.
#[test]
fn a_deleted_key_is_answered_from_the_kept_results() {
    let episodes = mixed_library(30);
    let mut runner = SearchRunner::default();
    for pattern in ["prod", "produ", "product", "product m"] {
        runner.answer(request(1, pattern, &episodes));
    }
    for pattern in ["product", "produ", "prod"] {
        let answer = results(runner.answer(request(2, pattern, &episodes)));
        assert_eq!(runner.library_searched(), 0, "{pattern:?}");
        assert_eq!(answer, search_library(&literal(pattern), &episodes));
    }
}

/// Typing, deleting and typing again, with searches overtaken at every
/// stage: each answer is the fresh search's, for literals, a speaker
/// filter, a regex and a case-sensitive query.
#[test]
fn narrowed_and_kept_answers_are_what_a_fresh_search_gives() {
    let episodes = mixed_library(20);
    let typed = [
        "p",
        "pr",
        "pro",
        "prod",
        "produ",
        "product",
        "product ",
        "product m",
        "product ma",
        "product m",
        "product ",
        "product mar",
        "product market",
        "Product",
        "Product m",
        "@ann prod",
        "@ann product",
        "@ann prod",
        "prod",
        "pro",
    ];
    let mut runner = SearchRunner::default();
    for (k, pattern) in typed.iter().enumerate() {
        let expected = search_library(&literal(pattern), &episodes);
        match overtaken_after(&mut runner, pattern, &episodes, k % 4 * 3) {
            Some(answer) => assert_eq!(answer, expected, "{pattern:?}"),
            None => {
                let answer = results(runner.answer(request(2, pattern, &episodes)));
                assert_eq!(answer, expected, "{pattern:?} after an overtake");
            }
        }
    }
}

/// The library's episodes change (more loaded, the order changed): the
/// results kept for the episodes still there are used, at their new
/// places, and the new ones are searched.
#[test]
fn kept_results_follow_the_episodes_when_the_library_changes() {
    let episodes = mixed_library(10);
    let mut runner = SearchRunner::default();
    runner.answer(request(1, "product", &episodes));
    let mut changed: Vec<_> = episodes.iter().rev().cloned().collect();
    changed.extend(copies(4).into_iter().map(|(i, e)| (100 + i, e)));
    let answer = results(runner.answer(request(2, "product", &changed)));
    assert_eq!(runner.library_searched(), 4, "only the new episodes");
    assert_eq!(answer, search_library(&literal("product"), &changed));
}
