//! Runs searches off the UI thread. Only the newest request matters: older
//! ones still queued are skipped, a library search that a newer one
//! overtakes stops at its next episode, and the screens drop stale results
//! by their generation, so a keystroke never waits on a search.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Sender};
use std::thread;

use crate::episode::Episode;
use crate::episode_search::EpisodeSearcher;
use crate::library::cross_search::CrossSearcher;

use super::action::{Action, SearchRequest};

/// Runs searches one after the other, keeping the last results so that a
/// query extending the previous one only looks at what matched before:
/// segments in the reader, episodes in the library.
#[derive(Default)]
pub struct SearchRunner {
    searcher: EpisodeSearcher,
    last_episode: Option<Arc<Episode>>,
    library: CrossSearcher,
}

impl SearchRunner {
    /// How many episodes the last library search looked at: all of them,
    /// or only those that matched a search it narrows.
    pub fn library_searched(&self) -> usize {
        self.library.searched()
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

    /// Runs one request: a library search hands what it has found to
    /// `partial` as it goes (the first screenful first), a reader's search
    /// its first hit at or after the reader's place; either search stops (answering
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
                from,
            } => {
                let same = self
                    .last_episode
                    .as_ref()
                    .is_some_and(|e| Arc::ptr_eq(e, &episode));
                if !same {
                    self.searcher.clear();
                }
                self.last_episode = Some(Arc::clone(&episode));
                let mut first_hits = |hits| {
                    partial(Action::SearchResults {
                        generation,
                        hits,
                        done: false,
                    });
                };
                let stop = || overtaken(generation);
                let hits =
                    (self.searcher).search_from(&episode, &query, from, &stop, &mut first_hits)?;
                Some(Action::SearchResults {
                    generation,
                    hits,
                    done: true,
                })
            }
            SearchRequest::Library {
                generation,
                query,
                episodes,
            } => {
                let stop = || overtaken(generation);
                let mut as_found = |results| {
                    partial(Action::LibrarySearchResults {
                        generation,
                        results,
                        done: false,
                    });
                };
                let results = self
                    .library
                    .search(&query, &episodes, &stop, &mut as_found)?;
                Some(Action::LibrarySearchResults {
                    generation,
                    results,
                    done: true,
                })
            }
        }
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
