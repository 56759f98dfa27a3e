//! The search across the library's episodes, as its worker runs it: only
//! the first few hits of each episode kept (with the count of all), the
//! first screenful handed over before the rest, a search stopped once a
//! newer one overtakes it, and narrowing. (How its cost grows is in
//! `threaded_growth.rs`.)

use crate::support;

use std::cell::Cell;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use earmark::episode::Source;
use earmark::formats;
use earmark::library::cross_search::{EpisodeHits, SHOWN_HITS, search_library};
use earmark::search::{self};
use earmark::tui::action::{Action, Effect};
use earmark::tui::search_worker::SearchRunner;
use support::library_requests::{literal, request, results};
use support::seed::{copies, seed};

/// A common word: every episode has many hits, but only the first few are
/// kept, with the count of all of them.
#[test]
fn each_episode_keeps_its_count_and_only_its_first_hits() {
    let episodes = copies(3);
    let query = literal("the");
    let all = search::find_all(&episodes[0].1, &query);
    assert!(all.len() > 10 * SHOWN_HITS, "the seed has many");
    let found = search_library(&query, &episodes);
    assert_eq!(found.len(), 3);
    for (group, (entry, _)) in found.iter().zip(&episodes) {
        assert_eq!(group.entry, *entry);
        assert_eq!(group.count, all.len());
        assert_eq!(group.hits, all[..SHOWN_HITS]);
    }
}

/// With many episodes to search, the first screenful of results goes out
/// before the rest, and is the start of the whole answer.
#[test]
fn the_first_screenful_comes_before_the_rest() {
    let episodes = copies(200);
    let mut partials = Vec::new();
    let answer = SearchRunner::default()
        .answer_as_found(request(1, "the", &episodes), &|_| false, &mut |a| {
            partials.push(results(a))
        })
        .expect("not overtaken");
    let (all, done) = results(answer);
    assert!(done);
    assert_eq!(all.len(), 200);
    assert!(!partials.is_empty(), "a first screenful");
    let (first, done) = &partials[0];
    assert!(!done);
    assert!(!first.is_empty() && first.len() < all.len());
    assert_eq!(first[..], all[..first.len()]);
}

/// A newer search stops the one running at its next episode: it neither
/// answers nor goes through the rest.
#[test]
fn an_overtaken_search_stops_at_the_next_episode() {
    let episodes = copies(400);
    let asked = AtomicUsize::new(0);
    let overtaken = |generation: u64| {
        assert_eq!(generation, 7);
        asked.fetch_add(1, Ordering::Relaxed) >= 3
    };
    let partial = Cell::new(0);
    let mut runner = SearchRunner::default();
    let answer = runner.answer_as_found(request(7, "the", &episodes), &overtaken, &mut |_| {
        partial.set(partial.get() + 1)
    });
    assert!(answer.is_none(), "an overtaken search does not answer");
    // Each worker asks once per episode, and once more to stop.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    assert!(asked.load(Ordering::Relaxed) <= 4 + 2 * threads + 1);
    // The next search still looks at every episode: narrowed where the
    // overtaken one got to, in full after that.
    let answer = runner.answer(request(8, "then", &episodes));
    assert_eq!(runner.library_searched(), 400);
    assert_eq!(
        results(answer).0,
        search_library(&literal("then"), &episodes)
    );
}

/// Typing on narrows: a query extending the last finished one looks only
/// at the episodes that matched it, with the same results as afresh.
#[test]
fn a_longer_query_searches_only_the_episodes_that_matched() {
    let mut episodes = copies(6);
    let other = formats::parse_bytes(
        b"Host (00:00:01):\nNothing to see here.\n",
        Source::File("other.md".into()),
    )
    .expect("parses");
    for entry in [1, 4] {
        episodes[entry].1 = Arc::new(other.clone());
    }
    let mut runner = SearchRunner::default();
    let (first, _) = results(runner.answer(request(1, "synth", &episodes)));
    assert_eq!(first.len(), 4);
    assert_eq!(runner.library_searched(), 6);
    let (narrowed, _) = results(runner.answer(request(2, "synthetic", &episodes)));
    assert_eq!(runner.library_searched(), 4);
    assert_eq!(narrowed, search_library(&literal("synthetic"), &episodes));
    // A key deleted: the shorter query's results are kept, nothing is
    // searched again.
    let (again, _) = results(runner.answer(request(3, "synth", &episodes)));
    assert_eq!(runner.library_searched(), 0);
    assert_eq!(again, first);
    // Other episodes (the library loaded more): everything again.
    let more = copies(7);
    runner.answer(request(4, "synthetic", &more));
    assert_eq!(runner.library_searched(), 7);
}

/// On screen: the first screenful shows while the search goes on, and a
/// hit the user moved to meanwhile stays selected when the rest arrives.
#[test]
fn the_selection_stays_put_when_the_rest_arrives() {
    use earmark::tui::library::Library;
    use earmark::tui::shell::{self, Shell};
    // Enough episodes that the first screenful is handed on before the
    // last is searched (with a few, the threads may finish them all
    // first); names that differ, as files of one name but for the
    // extension are one entry.
    const EPISODES: usize = 400;
    let files: Vec<_> = (0..EPISODES)
        .map(|i| std::path::PathBuf::from(format!("podcasts/episode-{i}.md")))
        .collect();
    let mut shell = Shell::new((120, 30), true);
    shell.attach_library(Library::new("podcasts".into(), files.clone(), Vec::new()));
    let episode = Arc::new(seed());
    for entry in 0..files.len() {
        let result = Ok(Arc::clone(&episode));
        shell::update(&mut shell, Action::LibraryLoaded { entry, result });
    }
    shell::update(&mut shell, Action::StartSearch);
    let effects = shell::update(&mut shell, Action::PromptInput('s'));
    let request = effects
        .iter()
        .find_map(|effect| match effect {
            Effect::Search(request) => Some(request.clone()),
            _ => None,
        })
        .expect("a library search");
    let mut partials = Vec::new();
    let answer = SearchRunner::default()
        .answer_as_found(request, &|_| false, &mut |a| partials.push(a))
        .expect("answered");
    let partial = partials.pop().expect("a first screenful");
    shell::update(&mut shell, partial);
    let library = shell.library.as_ref().expect("the library");
    assert!(library.search.prompt.pending, "still searching");
    let shown = library.search.results.len();
    assert!(
        (1..EPISODES).contains(&shown),
        "{shown} of {EPISODES} episodes"
    );
    shell::update(&mut shell, Action::ScrollRows(2));
    let selected = shell.library.as_ref().expect("library").search.selected;
    assert!(selected > 1);
    shell::update(&mut shell, answer);
    let search = &shell.library.as_ref().expect("library").search;
    assert!(!search.prompt.pending);
    assert_eq!(search.results.len(), EPISODES);
    assert_eq!(search.selected, selected);
}

/// Literal patterns take a faster finder than the regex; what it finds is
/// what the regex finds: counts, the first hits and, for the next key, the
/// segments with hits (checked through narrowing). Speaker filters, short
/// and long patterns, punctuation, and segments by no known speaker.
#[test]
fn the_fast_finder_finds_what_the_regex_finds() {
    let odd = "# Odd\n\nNo speaker here: Product, PRODUCT, pro-duct.\n\n\
               Ann (00:00:01):\nA product-market fit? aaaa AAAA a-a.\n";
    let odd = formats::parse_bytes(odd.as_bytes(), Source::File("odd.md".into())).expect("parses");
    let mut episodes = copies(2);
    episodes.push((2, Arc::new(odd)));
    for pattern in [
        "p",
        "pr",
        "product",
        "product-",
        "the",
        "a",
        "aa",
        "-",
        "fit?",
        "@ann a",
        "@karina the",
    ] {
        let query = literal(pattern);
        let mut expected = Vec::new();
        for (entry, episode) in &episodes {
            let mut first = Vec::new();
            let count = search::count_hits_in(
                episode,
                &query,
                None,
                SHOWN_HITS,
                &mut first,
                &mut Vec::new(),
            );
            if count > 0 {
                let hits = first;
                expected.push(EpisodeHits {
                    entry: *entry,
                    count,
                    hits,
                });
            }
        }
        assert_eq!(search_library(&query, &episodes), expected, "{pattern:?}");
        // Narrowed from a shorter query, through the segments it kept.
        let mut runner = SearchRunner::default();
        let shorter = &pattern[..pattern.len() - 1];
        if !shorter.is_empty() && !shorter.ends_with(' ') {
            runner.answer(request(1, shorter, &episodes));
        }
        let (narrowed, done) = results(runner.answer(request(2, pattern, &episodes)));
        assert!(done);
        assert_eq!(narrowed, expected, "{pattern:?} narrowed from {shorter:?}");
    }
}
