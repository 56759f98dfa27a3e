//! How the searches that spread over threads grow: CPU time of every
//! thread of the process, N and 4N in the same run.
//!
//! These tests have a binary of their own because the process's CPU time
//! counts every thread in it: beside other tests, their work would be
//! counted too. They take turns for the same reason, setup included.

mod support;

use std::sync::{Arc, Mutex};

use earmark::episode_search::EpisodeSearcher;
use earmark::library::cross_search::search_library;
use earmark::search::{Query, SearchOptions};
use support::{growth, seed};

static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn query(pattern: &str) -> Query {
    Query::parse(pattern, SearchOptions::default()).expect("valid")
}

/// Typing a word in the reader costs CPU time linear in the text.
#[test]
fn typing_grows_linearly_with_the_text() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    // Enough copies that every key searches over a mebibyte of text even
    // at N, so both sizes split across the cores: one thread at N against
    // two at 4N would measure the threads (which share a core's caches)
    // rather than the work.
    let large = seed::long_episode(4 * 56);
    let small = seed::long_episode(56);
    let ratio = growth::ratio(56, |copies| {
        let episode = if copies == 56 { &small } else { &large };
        let mut searcher = EpisodeSearcher::default();
        let started = growth::process_cpu_time();
        for end in 1..="product".len() {
            let typed = query(&"product"[..end]);
            std::hint::black_box(searcher.search_until(episode, &typed, &|| false));
        }
        growth::process_cpu_time() - started
    });
    assert!(ratio < growth::MAX_RATIO, "N to 4N: {ratio:.1}x");
}

/// Searching the library grows linearly with the episodes.
#[test]
fn searching_grows_linearly_with_the_episodes() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    // One episode many times over: the cache holds it at N and 4N alike,
    // so what grows is the work, not the misses.
    let episode = Arc::new(seed::seed());
    let large: Vec<_> = (0..4 * 50).map(|i| (i, Arc::clone(&episode))).collect();
    let query = query("synthetic");
    let ratio = growth::ratio(50, |size| {
        let episodes = &large[..size];
        let started = growth::process_cpu_time();
        std::hint::black_box(search_library(&query, episodes));
        growth::process_cpu_time() - started
    });
    assert!(ratio < growth::MAX_RATIO, "N to 4N: {ratio:.1}x");
}

/// Typing a query into the library's search and deleting keys, through the
/// worker's runner (kept results, narrowing, the episodes' list followed),
/// grows linearly with the episodes.
#[test]
fn typing_across_the_library_grows_linearly_with_the_episodes() {
    use earmark::tui::action::SearchRequest;
    use earmark::tui::search_worker::SearchRunner;
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let episode = Arc::new(seed::seed());
    let large: Vec<_> = (0..4 * 40).map(|i| (i, Arc::clone(&episode))).collect();
    let keys = [
        "s", "sy", "syn", "synt", "synth", "synthe", "synth", "syn", "synt",
    ];
    let ratio = growth::ratio(40, |size| {
        let episodes = &large[..size];
        let mut runner = SearchRunner::default();
        let started = growth::process_cpu_time();
        for (generation, typed) in (0..).zip(keys) {
            let request = SearchRequest::Library {
                generation,
                query: Arc::new(query(typed)),
                episodes: episodes.to_vec(),
            };
            std::hint::black_box(runner.answer(request));
        }
        growth::process_cpu_time() - started
    });
    assert!(ratio < growth::MAX_RATIO, "N to 4N: {ratio:.1}x");
}

/// Results handed on while the library's search runs (the first
/// screenful, then more) cost no more than linear in the episodes: many
/// small episodes, each with a hit, so the copies handed on are most of
/// the work.
#[test]
fn results_handed_on_as_found_grow_linearly_with_the_episodes() {
    use earmark::episode::Source;
    use earmark::tui::action::SearchRequest;
    use earmark::tui::search_worker::SearchRunner;
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let text = b"Ann (00:00:01):\nA synthetic line, and another.\n";
    let source = Source::File("small.md".into());
    let episode = earmark::formats::parse_bytes(text, source).expect("parses");
    let episode = Arc::new(episode);
    let large: Vec<_> = (0..4 * 2000).map(|i| (i, Arc::clone(&episode))).collect();
    let ratio = growth::ratio(2000, |size| {
        // Results go on in order from the first episode, so a thread held
        // off the core with the first one (a loaded machine) leaves nothing
        // to hand on before the end: such a run is taken again.
        for _attempt in 0..5 {
            let request = SearchRequest::Library {
                generation: 1,
                query: Arc::new(query("synth")),
                episodes: large[..size].to_vec(),
            };
            let mut handed_on = Vec::new();
            let started = growth::process_cpu_time();
            let answer = SearchRunner::default()
                .answer_as_found(request, &|_| false, &mut |a| handed_on.push(a));
            let spent = growth::process_cpu_time() - started;
            if handed_on.len() >= 3 {
                std::hint::black_box((answer, handed_on));
                return spent;
            }
        }
        panic!("results were not handed on as found, in five runs");
    });
    assert!(ratio < growth::MAX_RATIO, "N to 4N: {ratio:.1}x");
}

/// Typing a word in the reader from the middle of the transcript, each key
/// answered first around the place and then in full (blocks taken from
/// the place onwards, the first answer gathered as they come in), costs
/// CPU time linear in the text.
#[test]
fn typing_from_the_middle_grows_linearly_with_the_text() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let large = seed::long_episode(4 * 56);
    let small = seed::long_episode(56);
    let ratio = growth::ratio(56, |copies| {
        let episode = if copies == 56 { &small } else { &large };
        let middle = episode.segments.len() / 2;
        let mut searcher = EpisodeSearcher::default();
        let mut first_answers = 0;
        let started = growth::process_cpu_time();
        for end in 1..="product".len() {
            let typed = query(&"product"[..end]);
            let mut first = |hits: Vec<_>| first_answers += hits.len();
            let found = searcher.search_from(episode, &typed, middle, &|| false, &mut first);
            std::hint::black_box(found);
        }
        std::hint::black_box(first_answers);
        growth::process_cpu_time() - started
    });
    assert!(ratio < growth::MAX_RATIO, "N to 4N: {ratio:.1}x");
}
