//! The library's `/` shows results as they are found: the first screenful
//! as soon as it is known, then more, always in the list's order and from
//! its top, so that what is shown is the start of the whole answer; a rare
//! word shows before the whole library is searched; the bar says the
//! search is still going and what it has found so far.

use crate::support;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use earmark::episode::{Episode, Source};
use earmark::formats;
use earmark::library::cross_search::{EpisodeHits, FIRST_SCREEN, search_library};
use earmark::tui::action::Action;
use earmark::tui::library::Library;
use earmark::tui::search_worker::SearchRunner;
use support::harness::Harness;
use support::library_requests::{literal, request, results};
use support::seed::{copies, seed};

/// Every answer `pattern` gets from `runner`: those handed on as found,
/// then the whole one.
fn answers_as_found(
    runner: &mut SearchRunner,
    generation: u64,
    pattern: &str,
    episodes: &[(usize, Arc<Episode>)],
) -> (Vec<Vec<EpisodeHits>>, Vec<EpisodeHits>) {
    let mut partials = Vec::new();
    let request = request(generation, pattern, episodes);
    let answer = runner
        .answer_as_found(request, &|_| false, &mut |a| {
            let (found, done) = results(a);
            assert!(!done, "handed on while searching");
            partials.push(found);
        })
        .expect("not overtaken");
    let (whole, done) = results(answer);
    assert!(done);
    (partials, whole)
}

/// Each answer handed on while searching is the start of the whole answer,
/// longer than the one before, and the whole is a fresh search's.
fn assert_growing_prefixes(partials: &[Vec<EpisodeHits>], whole: &[EpisodeHits]) {
    let mut shown = 0;
    for partial in partials {
        assert!(
            partial.len() > shown,
            "each shows more: {shown} then {}",
            partial.len()
        );
        assert!(partial.len() <= whole.len());
        assert_eq!(partial[..], whole[..partial.len()]);
        shown = partial.len();
    }
}

/// A common word in a large library: a screenful first (not one episode at
/// a time), then more, several times before the search ends.
#[test]
fn results_come_as_found_from_the_top_of_the_list() {
    let episodes = copies(600);
    let (partials, whole) = answers_as_found(&mut SearchRunner::default(), 1, "the", &episodes);
    assert_eq!(whole, search_library(&literal("the"), &episodes));
    assert_eq!(whole.len(), 600);
    assert!(partials.len() >= 3, "{} handed on", partials.len());
    assert_eq!(partials[0].len(), FIRST_SCREEN, "a screenful first");
    assert_growing_prefixes(&partials, &whole);
}

/// A library where only `with_hits` of `count` episodes have the seed's
/// words, the others a line that has none of them.
fn sparse_library(count: usize, with_hits: &[usize]) -> Vec<(usize, Arc<Episode>)> {
    let other = formats::parse_bytes(
        b"Host (00:00:01):\nNothing to see here.\n",
        Source::File("other.md".into()),
    )
    .expect("parses");
    let (seed, other) = (Arc::new(seed()), Arc::new(other));
    (0..count)
        .map(|entry| {
            let episode = if with_hits.contains(&entry) {
                &seed
            } else {
                &other
            };
            (entry, Arc::clone(episode))
        })
        .collect()
}

/// A word found in few episodes: what is found near the top of the list
/// shows before the rest of the library is searched, though it is less
/// than a screenful.
#[test]
fn a_rare_word_shows_before_the_whole_library_is_searched() {
    let episodes = sparse_library(3000, &[3, 40, 2900]);
    // The workers wait, a thousand episodes in, until something is handed
    // on: however the threads are scheduled, the search is then not over.
    let (looks, handed_on) = (AtomicUsize::new(0), AtomicBool::new(false));
    let stop = |_| {
        let waited = Instant::now();
        let late = looks.fetch_add(1, Ordering::SeqCst) >= 1000;
        while late
            && !handed_on.load(Ordering::SeqCst)
            && waited.elapsed() < Duration::from_secs(20)
        {
            thread::sleep(Duration::from_millis(1));
        }
        false
    };
    let mut partials = Vec::new();
    let request = request(1, "synth", &episodes);
    let answer = SearchRunner::default().answer_as_found(request, &stop, &mut |a| {
        partials.push(results(a).0);
        handed_on.store(true, Ordering::SeqCst);
    });
    let (whole, done) = results(answer.expect("not overtaken"));
    assert!(done);
    let entries = |found: &[EpisodeHits]| found.iter().map(|g| g.entry).collect::<Vec<_>>();
    assert_eq!(entries(&whole), [3, 40, 2900]);
    assert!(!partials.is_empty(), "found before the end");
    assert_eq!(entries(&partials[0]), [3, 40]);
    assert_growing_prefixes(&partials, &whole);
}

/// A query narrowed from the last key hands on what it finds as a fresh
/// search would, and nothing when it is answered from kept results.
#[test]
fn narrowed_searches_hand_on_what_a_fresh_search_finds() {
    let episodes = copies(300);
    let mut runner = SearchRunner::default();
    for (generation, typed) in (1..).zip(["t", "th", "the", "then"]) {
        let (partials, whole) = answers_as_found(&mut runner, generation, typed, &episodes);
        assert_eq!(whole, search_library(&literal(typed), &episodes), "{typed}");
        assert!(!partials.is_empty(), "{typed}: found as it went");
        assert_growing_prefixes(&partials, &whole);
    }
    // A key deleted: answered at once from what was kept.
    let (partials, whole) = answers_as_found(&mut runner, 9, "the", &episodes);
    assert_eq!(runner.library_searched(), 0);
    assert!(partials.is_empty());
    assert_eq!(whole, search_library(&literal("the"), &episodes));
}

/// A library of `count` loaded copies of the seed, searched with `/`.
fn searching_library(count: usize) -> Harness {
    let files: Vec<_> = (0..count)
        .map(|i| PathBuf::from(format!("podcasts/episode-{i:03}.md")))
        .collect();
    let mut harness = Harness::new((100, 30), true);
    let library = Library::new("podcasts".into(), files, Vec::new());
    harness.shell.attach_library(library);
    let episode = Arc::new(seed());
    for entry in 0..count {
        let result = Ok(Arc::clone(&episode));
        harness.act(Action::LibraryLoaded { entry, result });
    }
    harness.act(Action::StartSearch);
    harness
}

fn bar(harness: &Harness) -> String {
    let screen = harness.screen();
    let line = screen.lines().find(|l| l.starts_with('/'));
    line.expect("the search bar").to_string()
}

/// On screen: the last key's results stay while the next key's search
/// starts ("searching…"), then what the new search has found so far shows
/// with its count, then the whole.
#[test]
fn the_bar_says_what_was_found_so_far() {
    let mut harness = searching_library(80);
    harness.type_text_as_prompt("th");
    assert!(
        bar(&harness).ends_with("matches in 80 episodes"),
        "{}",
        bar(&harness)
    );
    let mut answers = harness.act_holding_searches(Action::PromptInput('e'));
    assert!(answers.len() >= 2, "found as it went, then the whole");
    insta::assert_snapshot!("library_as_found_key_typed_100x30", harness.screen());
    harness.act(answers.remove(0));
    assert!(
        bar(&harness).ends_with("in 30 episodes so far"),
        "{}",
        bar(&harness)
    );
    insta::assert_snapshot!("library_as_found_first_screen_100x30", harness.screen());
    // The user moves down meanwhile: the selection stays as more arrive.
    harness.act(Action::ScrollRows(3));
    let selected = harness
        .shell
        .library
        .as_ref()
        .expect("library")
        .search
        .selected;
    for answer in answers {
        harness.act(answer);
    }
    assert!(
        bar(&harness).ends_with("matches in 80 episodes"),
        "{}",
        bar(&harness)
    );
    let search = &harness.shell.library.as_ref().expect("library").search;
    assert_eq!(search.selected, selected);
}
