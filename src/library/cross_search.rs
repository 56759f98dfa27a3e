//! The search across a library's episodes: each episode's count of hits
//! and its first few, found on every core, the first screenful handed on
//! as soon as it is known, a search overtaken by a newer one stopped at its
//! next episode, and a query that extends the last one searching only what
//! matched before. No drawing and no keys: the library screen asks for a
//! search and shows what comes back.

use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;

use crate::caseless::CaselessLiteral;
use crate::episode::Episode;
use crate::search::{self, Hit, Query, speaker_filter};

/// Hits of each episode a search across the library keeps and shows; the
/// episode's header gives the count of all of them, and opening one finds
/// them all in that episode.
pub const SHOWN_HITS: usize = 5;

/// One episode's hits in a search across the library.
#[derive(Debug, Clone, PartialEq)]
pub struct EpisodeHits {
    /// The episode's index in the library's entries.
    pub entry: usize,
    /// How many hits the episode has.
    pub count: usize,
    /// The first of them, up to [`SHOWN_HITS`].
    pub hits: Vec<Hit>,
}

/// Runs library searches one after the other, keeping what the last one
/// found so that a query extending it only looks at the episodes and
/// segments that matched.
#[derive(Default)]
pub struct CrossSearcher {
    last: Option<LibraryDone>,
    /// How many episodes the last search looked at.
    searched: usize,
}

/// The last library search that ran to its end: what the next one can
/// narrow.
struct LibraryDone {
    query: Query,
    /// The episodes it searched: entry and address, in order.
    searched: Vec<(usize, usize)>,
    /// By position in `searched`: the segments with hits (sorted), for
    /// the episodes with any.
    matched: Vec<Option<Vec<u32>>>,
}

/// The identity of a request's episodes, to tell that the next search is
/// over the same ones (episodes are immutable while an `Arc` holds them).
fn identities(episodes: &[(usize, Arc<Episode>)]) -> Vec<(usize, usize)> {
    episodes
        .iter()
        .map(|(entry, episode)| (*entry, Arc::as_ptr(episode) as usize))
        .collect()
}

impl CrossSearcher {
    /// How many episodes the last search looked at: all of them, or only
    /// those that matched a search it narrows.
    pub fn searched(&self) -> usize {
        self.searched
    }

    /// Every episode's hits (for those with any, in the order given), over
    /// only the episodes and segments that matched last time when `query`
    /// narrows the last finished search over the same episodes. The first
    /// screenful goes to `first_screen` as soon as it is known; `None` once
    /// `stop` says so (checked before each episode).
    pub fn search(
        &mut self,
        query: &Query,
        episodes: &[(usize, Arc<Episode>)],
        stop: &(dyn Fn() -> bool + Sync),
        first_screen: &mut dyn FnMut(Vec<EpisodeHits>),
    ) -> Option<Vec<EpisodeHits>> {
        let searched = identities(episodes);
        let previous = self
            .last
            .take()
            .filter(|last| query.narrows(&last.query) && last.searched == searched);
        let previous = previous.as_ref().map(|last| last.matched.as_slice());
        let candidates: Vec<usize> = match previous {
            Some(matched) => (0..episodes.len())
                .filter(|&i| matched[i].is_some())
                .collect(),
            None => (0..episodes.len()).collect(),
        };
        self.searched = candidates.len();
        let scope = SearchScope {
            episodes,
            positions: &candidates,
            previous,
        };
        let found = search_positions(query, &scope, stop, first_screen)?;
        let mut matched = vec![None; episodes.len()];
        let mut results = Vec::with_capacity(found.len());
        for (position, hits, segments) in found {
            matched[position] = Some(segments);
            results.push(hits);
        }
        self.last = Some(LibraryDone {
            query: query.clone(),
            searched,
            matched,
        });
        Some(results)
    }
}

/// Every episode's hits, for those with any, in the order given; the same
/// as the library's search answers, for benchmarks and tests.
pub fn search_library(query: &Query, episodes: &[(usize, Arc<Episode>)]) -> Vec<EpisodeHits> {
    let all: Vec<usize> = (0..episodes.len()).collect();
    let scope = SearchScope {
        episodes,
        positions: &all,
        previous: None,
    };
    let found = search_positions(query, &scope, &|| false, &mut |_| {});
    found
        .unwrap_or_default()
        .into_iter()
        .map(|(_, hits, _)| hits)
        .collect()
}

/// What one library search looks at.
struct SearchScope<'a> {
    episodes: &'a [(usize, Arc<Episode>)],
    /// The positions in `episodes` to search, in order.
    positions: &'a [usize],
    /// By position: the segments to search (those that matched the query
    /// this one narrows); every segment when `None`.
    previous: Option<&'a [Option<Vec<u32>>]>,
}

/// One episode's results: its position, its hits, the segments with hits.
type EpisodeResult = (usize, EpisodeHits, Vec<u32>);

/// The hits of the episodes `scope` lists, for those with any, in order. The episodes are taken one at a time by
/// `available_parallelism` threads, each with its own copy of the query
/// (a regex shared between threads hands its scratch space around under a
/// lock). Checked before each episode, `stop` ends the search (`None`).
/// The first [`FIRST_SCREEN`] episodes with hits go to `first_screen` as
/// soon as every episode before them is done.
fn search_positions(
    query: &Query,
    scope: &SearchScope,
    stop: &(dyn Fn() -> bool + Sync),
    first_screen: &mut dyn FnMut(Vec<EpisodeHits>),
) -> Option<Vec<EpisodeResult>> {
    let positions = scope.positions;
    let workers = thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(positions.len())
        .max(1);
    let next = AtomicUsize::new(0);
    thread::scope(|threads| {
        let (sender, receiver) = mpsc::channel();
        for _ in 0..workers {
            let (sender, next) = (sender.clone(), &next);
            let finder = Finder::new(query);
            threads.spawn(move || {
                let mut first = Vec::new();
                while !stop() {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&position) = positions.get(index) else {
                        break;
                    };
                    let hits = episode_hits(&finder, scope, position, &mut first);
                    if sender.send((index, hits)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let mut in_order = ResultsInOrder::new(positions.len());
        for (index, hits) in receiver {
            in_order.accept(index, hits);
            if in_order.found.len() >= FIRST_SCREEN && !in_order.shown {
                in_order.shown = true;
                first_screen(in_order.found.iter().map(|(_, h, _)| h.clone()).collect());
            }
        }
        // Every worker is done; one that stopped early left episodes out.
        (in_order.next == positions.len() && !stop()).then_some(in_order.found)
    })
}

/// Episodes with hits at the top of the results before the rest are
/// shown: more than a screen's rows, as each takes at least two.
const FIRST_SCREEN: usize = 30;

/// What one thread searches with: its own copy of the query, and the fast
/// finder when the query has one.
struct Finder {
    query: Query,
    caseless: Option<CaselessLiteral>,
}

impl Finder {
    fn new(query: &Query) -> Self {
        Self {
            query: query.clone(),
            caseless: CaselessLiteral::for_query(query),
        }
    }
}

/// The episode at `position`'s count of hits, the first few and the
/// segments with hits, when it has any.
fn episode_hits(
    finder: &Finder,
    scope: &SearchScope,
    position: usize,
    first: &mut Vec<Hit>,
) -> Option<EpisodeResult> {
    let (entry, episode) = &scope.episodes[position];
    let within = scope
        .previous
        .map(|previous| previous[position].as_deref().unwrap_or_default());
    let mut segments = Vec::new();
    let count = match &finder.caseless {
        Some(caseless) => count_caseless(episode, finder, caseless, within, first, &mut segments),
        None => {
            let query = &finder.query;
            search::count_hits_in(episode, query, within, SHOWN_HITS, first, &mut segments)
        }
    };
    let hits = EpisodeHits {
        entry: *entry,
        count,
        hits: first.clone(),
    };
    (count > 0).then_some((position, hits, segments))
}

/// [`search::count_hits_in`] keeping [`SHOWN_HITS`], with the fast finder:
/// the same count, hits and segments.
fn count_caseless(
    episode: &Episode,
    finder: &Finder,
    caseless: &CaselessLiteral,
    within: Option<&[u32]>,
    first: &mut Vec<Hit>,
    matched: &mut Vec<u32>,
) -> usize {
    let wanted = speaker_filter(&finder.query, episode);
    let each_match =
        |text: &str, found: &mut dyn FnMut(Range<usize>)| caseless.find_iter(text).for_each(found);
    search::count_matches_in(
        episode, within, wanted, each_match, SHOWN_HITS, first, matched,
    )
}

/// Results kept in the order searched, whatever order they arrive in.
struct ResultsInOrder {
    waiting: Vec<Option<Option<EpisodeResult>>>,
    /// The first index not yet in `found`.
    next: usize,
    found: Vec<EpisodeResult>,
    /// Whether the first screenful went out.
    shown: bool,
}

impl ResultsInOrder {
    fn new(count: usize) -> ResultsInOrder {
        ResultsInOrder {
            waiting: (0..count).map(|_| None).collect(),
            next: 0,
            found: Vec::new(),
            shown: false,
        }
    }

    fn accept(&mut self, index: usize, hits: Option<EpisodeResult>) {
        if let Some(slot) = self.waiting.get_mut(index) {
            *slot = Some(hits);
        }
        while let Some(done) = self.waiting.get_mut(self.next).and_then(Option::take) {
            self.found.extend(done);
            self.next += 1;
        }
    }
}
