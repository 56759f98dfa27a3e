//! Runs searches off the UI thread. Only the newest request matters: older
//! ones still queued are skipped, and the screens drop stale results by
//! their generation, so a keystroke never waits on a search.

use std::sync::Arc;
use std::sync::mpsc::{self, Sender};
use std::thread;

use crate::episode::Episode;
use crate::search::{self, Query, Searcher};

use super::action::{Action, Effect};
use super::library::EpisodeHits;

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
/// query extending the previous one only looks at segments that matched.
#[derive(Default)]
pub struct SearchRunner {
    searcher: Searcher,
    last_episode: Option<Arc<Episode>>,
}

impl SearchRunner {
    /// Runs one request; its results as the Action that carries them.
    pub fn answer(&mut self, request: SearchRequest) -> Action {
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
                let hits = self.searcher.search(&episode, &query);
                self.last_episode = Some(episode);
                Action::SearchResults { generation, hits }
            }
            SearchRequest::Library {
                generation,
                query,
                episodes,
            } => Action::LibrarySearchResults {
                generation,
                results: search_library(&query, &episodes),
            },
        }
    }
}

/// A thread that runs [`SearchRequest`]s.
pub struct SearchWorker {
    requests: Sender<SearchRequest>,
}

impl SearchWorker {
    /// Starts the thread; each result is handed to `deliver` as an Action.
    pub fn spawn(deliver: impl Fn(Action) + Send + 'static) -> Self {
        let (requests, inbox) = mpsc::channel::<SearchRequest>();
        thread::spawn(move || {
            let mut runner = SearchRunner::default();
            while let Ok(mut request) = inbox.recv() {
                while let Ok(newer) = inbox.try_recv() {
                    request = newer;
                }
                deliver(runner.answer(request));
            }
        });
        Self { requests }
    }

    /// Asks for a search; the answer arrives through `deliver`.
    pub fn request(&self, request: SearchRequest) {
        // The worker only stops when this handle is dropped.
        let _ = self.requests.send(request);
    }
}

/// Every episode's hits, for those with any, in the order given. The
/// episodes are split across the cores; results keep their order.
pub fn search_library(query: &Query, episodes: &[(usize, Arc<Episode>)]) -> Vec<EpisodeHits> {
    let workers = thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = episodes.len().div_ceil(workers).max(1);
    thread::scope(|scope| {
        let handles: Vec<_> = episodes
            .chunks(chunk)
            .map(|part| scope.spawn(move || search_episodes(query, part)))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

fn search_episodes(query: &Query, episodes: &[(usize, Arc<Episode>)]) -> Vec<EpisodeHits> {
    episodes
        .iter()
        .filter_map(|(entry, episode)| {
            let hits = search::find_all(episode, query);
            (!hits.is_empty()).then_some(EpisodeHits {
                entry: *entry,
                hits,
            })
        })
        .collect()
}
