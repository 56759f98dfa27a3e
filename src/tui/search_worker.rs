//! Runs searches off the UI thread. Only the newest request matters: older
//! ones still queued are skipped, a library search that a newer one
//! overtakes stops at its next episode, and the screens drop stale results
//! by their generation, so a keystroke never waits on a search.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Sender};
use std::thread;

use crate::episode::Episode;
use crate::search::{self, Hit, Query, Searcher};

use super::action::{Action, Effect};
use super::library::{EpisodeHits, SHOWN_HITS};

/// A search to run.
pub enum SearchRequest {
    /// Within the reader's episode.
    Episode {
        generation: u64,
        query: Arc<Query>,
        episode: Arc<Episode>,
    },
    /// Across the library's episodes (entry index, episode).
    Library {
        generation: u64,
        query: Arc<Query>,
        episodes: Vec<(usize, Arc<Episode>)>,
    },
}

impl SearchRequest {
    /// The request a search effect asks for; `None` for other effects.
    pub fn from_effect(effect: &Effect) -> Option<Self> {
        match effect {
            Effect::Search {
                generation,
                query,
                episode,
            } => Some(Self::Episode {
                generation: *generation,
                query: Arc::clone(query),
                episode: Arc::clone(episode),
            }),
            Effect::LibrarySearch {
                generation,
                query,
                episodes,
            } => Some(Self::Library {
                generation: *generation,
                query: Arc::clone(query),
                episodes: episodes.clone(),
            }),
            _ => None,
        }
    }
}

/// Runs searches one after the other, keeping the last results so that a
/// query extending the previous one only looks at what matched before:
/// segments in the reader, episodes in the library.
#[derive(Default)]
pub struct SearchRunner {
    searcher: Searcher,
    last_episode: Option<Arc<Episode>>,
    last_library: Option<LibraryDone>,
    /// How many episodes the last library search looked at.
    library_searched: usize,
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

impl SearchRunner {
    /// How many episodes the last library search looked at: all of them,
    /// or only those that matched a search it narrows.
    pub fn library_searched(&self) -> usize {
        self.library_searched
    }

    /// Runs one request to its end; its results as the Action that carries
    /// them.
    pub fn answer(&mut self, request: SearchRequest) -> Action {
        let never = |_| false;
        match self.answer_as_found(request, &never, &mut |_| {}) {
            Some(action) => action,
            // Not overtaken, so always answered; an empty answer otherwise.
            None => Action::LibrarySearchResults {
                generation: 0,
                results: Vec::new(),
                done: true,
            },
        }
    }

    /// Runs one request: a library search hands its first screenful to
    /// `partial` as soon as it is found; either search stops (answering
    /// `None`) once `overtaken(generation)` says a newer one of its kind
    /// was asked for.
    pub fn answer_as_found(
        &mut self,
        request: SearchRequest,
        overtaken: &(dyn Fn(u64) -> bool + Sync),
        partial: &mut dyn FnMut(Action),
    ) -> Option<Action> {
        match request {
            SearchRequest::Episode {
                generation,
                query,
                episode,
            } => {
                let same = self
                    .last_episode
                    .as_ref()
                    .is_some_and(|e| Arc::ptr_eq(e, &episode));
                if !same {
                    self.searcher.clear();
                }
                self.last_episode = Some(Arc::clone(&episode));
                let hits = self
                    .searcher
                    .search_until(&episode, &query, &|| overtaken(generation))?;
                Some(Action::SearchResults { generation, hits })
            }
            SearchRequest::Library {
                generation,
                query,
                episodes,
            } => {
                let stop = || overtaken(generation);
                let mut first_screen = |results| {
                    partial(Action::LibrarySearchResults {
                        generation,
                        results,
                        done: false,
                    });
                };
                let results = self.search_library(&query, &episodes, &stop, &mut first_screen)?;
                Some(Action::LibrarySearchResults {
                    generation,
                    results,
                    done: true,
                })
            }
        }
    }

    /// The library search, over only the episodes and segments that
    /// matched last time when `query` narrows the last finished search over
    /// the same episodes.
    fn search_library(
        &mut self,
        query: &Query,
        episodes: &[(usize, Arc<Episode>)],
        stop: &(dyn Fn() -> bool + Sync),
        first_screen: &mut dyn FnMut(Vec<EpisodeHits>),
    ) -> Option<Vec<EpisodeHits>> {
        let searched = identities(episodes);
        let previous = self
            .last_library
            .take()
            .filter(|last| query.narrows(&last.query) && last.searched == searched);
        let previous = previous.as_ref().map(|last| last.matched.as_slice());
        let candidates: Vec<usize> = match previous {
            Some(matched) => (0..episodes.len())
                .filter(|&i| matched[i].is_some())
                .collect(),
            None => (0..episodes.len()).collect(),
        };
        self.library_searched = candidates.len();
        let scope = Scope {
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
        self.last_library = Some(LibraryDone {
            query: query.clone(),
            searched,
            matched,
        });
        Some(results)
    }
}

/// A thread that runs [`SearchRequest`]s.
pub struct SearchWorker {
    requests: Sender<SearchRequest>,
    /// The newest library search asked for: older ones stop at their next
    /// episode.
    latest_library: Arc<AtomicU64>,
    /// The newest search in the reader: older ones stop within a few
    /// hundred segments.
    latest_episode: Arc<AtomicU64>,
}

impl SearchWorker {
    /// Starts the thread; each result is handed to `deliver` as an Action.
    pub fn spawn(deliver: impl Fn(Action) + Send + 'static) -> Self {
        let (requests, inbox) = mpsc::channel::<SearchRequest>();
        let latest_library = Arc::new(AtomicU64::new(0));
        let latest_episode = Arc::new(AtomicU64::new(0));
        let (library, episode) = (Arc::clone(&latest_library), Arc::clone(&latest_episode));
        thread::spawn(move || {
            let mut runner = SearchRunner::default();
            while let Ok(mut request) = inbox.recv() {
                while let Ok(newer) = inbox.try_recv() {
                    request = newer;
                }
                let latest = match request {
                    SearchRequest::Library { .. } => &library,
                    SearchRequest::Episode { .. } => &episode,
                };
                let overtaken = |generation| latest.load(Ordering::Relaxed) != generation;
                if let Some(answer) =
                    runner.answer_as_found(request, &overtaken, &mut |a| deliver(a))
                {
                    deliver(answer);
                }
            }
        });
        Self {
            requests,
            latest_library,
            latest_episode,
        }
    }

    /// Asks for a search; the answer arrives through `deliver`. It
    /// overtakes a search of its kind still running, which stops.
    pub fn request(&self, request: SearchRequest) {
        let (latest, generation) = match &request {
            SearchRequest::Library { generation, .. } => (&self.latest_library, generation),
            SearchRequest::Episode { generation, .. } => (&self.latest_episode, generation),
        };
        latest.store(*generation, Ordering::Relaxed);
        // The worker only stops when this handle is dropped.
        let _ = self.requests.send(request);
    }
}

/// Every episode's hits, for those with any, in the order given; the same
/// as the library's search answers, for benchmarks and tests.
pub fn search_library(query: &Query, episodes: &[(usize, Arc<Episode>)]) -> Vec<EpisodeHits> {
    let all: Vec<usize> = (0..episodes.len()).collect();
    let scope = Scope {
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
struct Scope<'a> {
    episodes: &'a [(usize, Arc<Episode>)],
    /// The positions in `episodes` to search, in order.
    positions: &'a [usize],
    /// By position: the segments to search (those that matched the query
    /// this one narrows); every segment when `None`.
    previous: Option<&'a [Option<Vec<u32>>]>,
}

/// One episode's results: its position, its hits, the segments with hits.
type Found = (usize, EpisodeHits, Vec<u32>);

/// The hits of the episodes `scope` lists, for those with any, in order. The episodes are taken one at a time by
/// `available_parallelism` threads, each with its own copy of the query
/// (a regex shared between threads hands its scratch space around under a
/// lock). Checked before each episode, `stop` ends the search (`None`).
/// The first [`FIRST_SCREEN`] episodes with hits go to `first_screen` as
/// soon as every episode before them is done.
fn search_positions(
    query: &Query,
    scope: &Scope,
    stop: &(dyn Fn() -> bool + Sync),
    first_screen: &mut dyn FnMut(Vec<EpisodeHits>),
) -> Option<Vec<Found>> {
    let positions = scope.positions;
    let workers = thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(positions.len())
        .max(1);
    let next = AtomicUsize::new(0);
    thread::scope(|threads| {
        let (sender, receiver) = mpsc::channel();
        for _ in 0..workers {
            let (sender, next, query) = (sender.clone(), &next, query.clone());
            threads.spawn(move || {
                let mut first = Vec::new();
                while !stop() {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&position) = positions.get(index) else {
                        break;
                    };
                    let hits = episode_hits(&query, scope, position, &mut first);
                    if sender.send((index, hits)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let mut in_order = InOrder::new(positions.len());
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

/// The episode at `position`'s count of hits, the first few and the
/// segments with hits, when it has any.
fn episode_hits(
    query: &Query,
    scope: &Scope,
    position: usize,
    first: &mut Vec<Hit>,
) -> Option<Found> {
    let (entry, episode) = &scope.episodes[position];
    let within = scope
        .previous
        .map(|previous| previous[position].as_deref().unwrap_or_default());
    let mut segments = Vec::new();
    let count = search::count_hits_in(episode, query, within, SHOWN_HITS, first, &mut segments);
    let hits = EpisodeHits {
        entry: *entry,
        count,
        hits: first.clone(),
    };
    (count > 0).then_some((position, hits, segments))
}

/// Results kept in the order searched, whatever order they arrive in.
struct InOrder {
    waiting: Vec<Option<Option<Found>>>,
    /// The first index not yet in `found`.
    next: usize,
    found: Vec<Found>,
    /// Whether the first screenful went out.
    shown: bool,
}

impl InOrder {
    fn new(count: usize) -> InOrder {
        InOrder {
            waiting: (0..count).map(|_| None).collect(),
            next: 0,
            found: Vec::new(),
            shown: false,
        }
    }

    fn accept(&mut self, index: usize, hits: Option<Found>) {
        if let Some(slot) = self.waiting.get_mut(index) {
            *slot = Some(hits);
        }
        while let Some(done) = self.waiting.get_mut(self.next).and_then(Option::take) {
            self.found.extend(done);
            self.next += 1;
        }
    }
}
