//! The reader's search on a large episode answers in two steps: first the
//! hits around the reader's place (enough for the first hit at or after
//! it and the screen below), then every hit with the count. The first
//! answer is part of the full one, which is what a search from scratch
//! finds; a search overtaken by the next key keeps what it found.

use crate::support;

use std::sync::atomic::{AtomicUsize, Ordering};

use earmark::episode::{Episode, Source};
use earmark::episode_search::EpisodeSearcher;
use earmark::formats;
use earmark::search::{self, Hit, Query, SearchOptions};
use earmark::tui::action::SearchRequest;
use earmark::tui::reader::update;
use earmark::tui::{Action, Effect};
use support::harness::Harness;

/// Segments in [`marked_episode`]: about 1.3 MB of text, so the search
/// is split into blocks across the cores.
const SEGMENTS: usize = 3_000;

/// The segments that say "zephyr", far apart.
const MARKED: [usize; 3] = [1_000, 1_500, 2_900];

fn query(input: &str) -> Query {
    Query::parse(input, SearchOptions::default()).expect("valid")
}

/// A transcript of [`SEGMENTS`] turns of about 440 bytes each, two
/// speakers taking turns; "zephyr" only in the [`MARKED`] segments.
fn marked_episode() -> Episode {
    let mut text = String::from("# Marked\n\n");
    for i in 0..SEGMENTS {
        let speaker = if i % 2 == 0 { "Ann" } else { "Bo" };
        let (m, s) = (i / 60 % 60, i % 60);
        let word = if MARKED.contains(&i) {
            "zephyr"
        } else {
            "breeze"
        };
        text.push_str(&format!(
            "{speaker} (0{}:{m:02}:{s:02}):\nTurn {i} is about the {word} and the weather. ",
            i / 3600
        ));
        text.push_str(&"The rain in the hills fell slowly on the old stone road. ".repeat(7));
        text.push_str("\n\n");
    }
    formats::parse_bytes(text.as_bytes(), Source::File("marked.md".into())).expect("parses")
}

/// The first answer and the full one of a search from `from`.
fn streamed(
    searcher: &mut EpisodeSearcher,
    episode: &Episode,
    pattern: &str,
    from: usize,
) -> (Vec<Vec<Hit>>, Option<Vec<Hit>>) {
    let mut first = Vec::new();
    let all = searcher.search_from(episode, &query(pattern), from, &|| false, &mut |hits| {
        first.push(hits)
    });
    (first, all)
}

#[test]
fn the_first_answer_holds_the_first_hit_ahead_and_the_full_one_every_hit() {
    let episode = marked_episode();
    let text: usize = episode.segments.iter().map(|s| s.text_len()).sum();
    assert!(text > 1 << 20, "large enough to stream: {text} bytes");
    for (pattern, from) in [
        ("zephyr", 1_200),
        ("zephyr", 2_950),
        ("rain", 10),
        ("turn 29", 2_000),
    ] {
        // Fresh each time: a search narrowed to a few segments is small,
        // and answered once.
        let mut searcher = EpisodeSearcher::default();
        let (first, all) = streamed(&mut searcher, &episode, pattern, from);
        let every = search::find_all(&episode, &query(pattern));
        assert_eq!(all.as_ref(), Some(&every), "{pattern} from {from}");
        let [first] = &first[..] else {
            panic!("one first answer for {pattern}: {first:?}");
        };
        assert!(first.is_sorted_by_key(|h| (h.segment, h.range.start)));
        assert!(first.iter().all(|hit| every.contains(hit)), "{pattern}");
        let ahead = search::first_hit_at_or_after(&every, from).map(|k| &every[k]);
        let first_ahead = search::first_hit_at_or_after(first, from).map(|k| &first[k]);
        assert_eq!(first_ahead, ahead, "{pattern} from {from}");
    }
    // A common word: the first answer is a small part of the whole.
    let (first, all) = streamed(&mut EpisodeSearcher::default(), &episode, "the", 1_200);
    assert!(first[0].len() * 2 < all.map_or(0, |a| a.len()));
}

#[test]
fn from_past_the_last_hit_the_first_answer_wraps_to_the_top() {
    let episode = marked_episode();
    let (first, _) = streamed(&mut EpisodeSearcher::default(), &episode, "zephyr", 2_950);
    let ahead = search::first_hit_at_or_after(&first[0], 2_950).map(|k| first[0][k].segment);
    assert_eq!(ahead, Some(MARKED[0]));
}

#[test]
fn an_overtaken_search_keeps_the_blocks_it_searched() {
    let episode = marked_episode();
    let mut searcher = EpisodeSearcher::default();
    let looks = AtomicUsize::new(0);
    // Overtaken once about half the blocks are handed out.
    let overtaken = || looks.fetch_add(1, Ordering::Relaxed) >= 3;
    let stopped = searcher.search_from(&episode, &query("zeph"), 0, &overtaken, &mut |_| {});
    assert_eq!(stopped, None);
    let found = searcher.search_until(&episode, &query("zephy"), &|| false);
    assert_eq!(found, Some(search::find_all(&episode, &query("zephy"))));
    assert!(
        searcher.searched() < SEGMENTS / 2,
        "the next key narrowed the blocks searched before: {} segments",
        searcher.searched()
    );
}

/// `/zephyr` typed, as the worker answers it: the screen while it
/// searches, after the first hits, and after all of them.
#[test]
fn the_view_lands_on_the_first_match_before_the_count_is_known() {
    let mut app = Harness::reader(marked_episode(), (100, 30));
    app.type_text("1201G/");
    let effects = update(app.current_reader_mut(), Action::Paste("zephyr".into()));
    let [Effect::Search(request @ SearchRequest::Episode { .. })] = &effects[..] else {
        panic!("{effects:?}");
    };
    let searching = app.screen();
    assert!(searching.contains("searching…"), "{searching}");
    insta::assert_snapshot!("stream_searching", searching);

    let mut first = Vec::new();
    let never = |_| false;
    let answer =
        (app.runner.searches).answer_as_found(request.clone(), &never, &mut |a| first.push(a));
    let [first @ Action::SearchResults { done: false, .. }] = &first[..] else {
        panic!("{first:?}");
    };
    app.act(first.clone());
    assert_eq!(app.current_reader().current, MARKED[1]);
    let first_screen = app.screen();
    assert!(first_screen.contains("/1+ searching…"), "{first_screen}");
    insta::assert_snapshot!("stream_first_match", first_screen);

    let place = app.current_reader().place();
    app.act(answer.expect("not overtaken"));
    assert_eq!(
        app.current_reader().place(),
        place,
        "the count does not move the view"
    );
    let counted = app.screen();
    assert!(counted.contains("2/3"), "{counted}");
    insta::assert_snapshot!("stream_counted", counted);
}

/// `n` past the hits found so far waits for the rest instead of wrapping;
/// once all are in, it is taken, to the next hit.
#[test]
fn n_does_not_wrap_before_the_search_is_done() {
    let mut app = Harness::reader(marked_episode(), (100, 30));
    app.type_text("1201G/");
    let effects = update(app.current_reader_mut(), Action::Paste("zephyr".into()));
    let [Effect::Search(request)] = &effects[..] else {
        panic!("{effects:?}");
    };
    let mut first = Vec::new();
    let never = |_| false;
    let answer =
        (app.runner.searches).answer_as_found(request.clone(), &never, &mut |a| first.push(a));
    app.act(first.remove(0));
    let _ = update(app.current_reader_mut(), Action::PromptSubmit);
    app.type_text("n");
    assert_eq!(app.current_reader().current, MARKED[1]);
    assert!(app.screen().contains("still searching"), "{}", app.screen());
    app.act(answer.expect("not overtaken"));
    assert_eq!(app.current_reader().current, MARKED[2]);
    assert!(app.screen().contains("3/3"), "{}", app.screen());
}

/// `n` typed right after Enter, before any hit is in (as a fast hand or a
/// paste of `zephyr⏎n` does): not "no match", but the step taken once the
/// hits arrive, from the first hit on to the next.
#[test]
fn n_before_the_first_hit_is_taken_when_the_hits_arrive() {
    let mut app = Harness::reader(marked_episode(), (100, 30));
    app.type_text("1201G");
    let request = submitted(&mut app, "zephyr");
    app.type_text("n");
    let waiting = app.screen();
    assert!(!waiting.contains("no match"), "{waiting}");
    assert!(waiting.contains("/zephyr  searching…"), "{waiting}");
    insta::assert_snapshot!("stream_waiting_after_enter", waiting);
    assert_eq!(
        app.current_reader().current,
        1_200,
        "nothing to step to yet"
    );

    answer_in_full(&mut app, request);
    assert_eq!(app.current_reader().current, MARKED[2]);
    assert!(app.screen().contains("3/3"), "{}", app.screen());
}

/// Every `n` and `N` typed before the hits arrive counts, not just the
/// last: from the first hit, `nn` goes two on (wrapping, with the note),
/// `nnN` one on and `NnN` one back.
#[test]
fn every_step_typed_before_the_hits_is_taken() {
    for (keys, expected) in [("nn", MARKED[0]), ("nnN", MARKED[2]), ("NnN", MARKED[0])] {
        let mut app = Harness::reader(marked_episode(), (100, 30));
        app.type_text("1201G");
        let request = submitted(&mut app, "zephyr");
        app.type_text(keys);
        answer_in_full(&mut app, request);
        assert_eq!(app.current_reader().current, expected, "{keys}");
        let wraps = keys == "nn";
        assert_eq!(
            app.screen().contains("wrapped"),
            wraps,
            "{keys}: {}",
            app.screen()
        );
    }
}

/// After `/` Enter on an empty bar (the last search again, one hit on),
/// an `n` typed before the hits arrive is one more.
#[test]
fn a_step_typed_after_a_repeated_search_is_taken_too() {
    let mut app = Harness::reader(marked_episode(), (100, 30));
    app.type_text("1201G");
    let request = submitted(&mut app, "zephyr");
    answer_in_full(&mut app, request);
    assert_eq!(app.current_reader().current, MARKED[1]);

    app.type_text("/");
    let effects = update(app.current_reader_mut(), Action::PromptSubmit);
    let [Effect::Search(again)] = &effects[..] else {
        panic!("{effects:?}");
    };
    let again = again.clone();
    app.type_text("n");
    answer_in_full(&mut app, again);
    assert_eq!(app.current_reader().current, MARKED[0], "{}", app.screen());
}

/// `n` after a second query's Enter steps through that query's hits, not
/// the first query's still highlighted.
#[test]
fn n_waits_for_the_new_query_not_the_old_hits() {
    let mut app = Harness::reader(marked_episode(), (100, 30));
    app.type_text("1201G");
    for (pattern, expected) in [("zephyr", MARKED[1]), ("turn 29", 2_901)] {
        let request = submitted(&mut app, pattern);
        if pattern != "zephyr" {
            app.type_text("n");
        }
        answer_in_full(&mut app, request);
        assert_eq!(app.current_reader().current, expected, "{pattern}");
    }
}

/// `/pattern` Enter in `app`'s reader: the search it asks for, not yet
/// answered.
fn submitted(app: &mut Harness, pattern: &str) -> SearchRequest {
    app.type_text("/");
    let effects = update(app.current_reader_mut(), Action::Paste(pattern.into()));
    let [Effect::Search(request)] = &effects[..] else {
        panic!("{effects:?}");
    };
    let request = request.clone();
    let _ = update(app.current_reader_mut(), Action::PromptSubmit);
    request
}

/// The whole answer to `request`, handed to `app` at once.
fn answer_in_full(app: &mut Harness, request: SearchRequest) {
    let never = |_| false;
    let answer = (app.runner.searches).answer_as_found(request, &never, &mut |_| {});
    app.act(answer.expect("not overtaken"));
}
