//! Runs searches off the UI thread. Only the newest request matters: older
//! ones still queued are skipped, and the screens drop stale results by
//! their generation, so a keystroke never waits on a search.

use std::sync::Arc;
use std::sync::mpsc::{self, Sender};
use std::thread;

use crate::episode::Episode;
use crate::search::{self, Query, Searcher};

use super::action::Action;
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

/// A thread that runs [`SearchRequest`]s.
pub struct SearchWorker {
    requests: Sender<SearchRequest>,
}

impl SearchWorker {
    /// Starts the thread; each result is handed to `deliver` as an Action.
    pub fn spawn(deliver: impl Fn(Action) + Send + 'static) -> Self {
        let (requests, inbox) = mpsc::channel::<SearchRequest>();
        thread::spawn(move || {
            // Keeps the last results, so a query that extends the previous
            // one only looks at segments that matched before.
            let mut searcher = Searcher::new();
            let mut last_episode: Option<Arc<Episode>> = None;
            while let Ok(mut request) = inbox.recv() {
                while let Ok(newer) = inbox.try_recv() {
                    request = newer;
                }
                let action = match request {
                    SearchRequest::Episode {
                        generation,
                        query,
                        episode,
                    } => {
                        if !last_episode
                            .as_ref()
                            .is_some_and(|e| Arc::ptr_eq(e, &episode))
                        {
                            searcher.clear();
                        }
                        let hits = searcher.search(&episode, &query);
                        last_episode = Some(episode);
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
                };
                deliver(action);
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
