//! Runs searches off the UI thread. Only the newest request matters: older
//! ones still queued are skipped, and the app drops stale results by their
//! generation, so a keystroke never waits on a search.

use std::sync::Arc;
use std::sync::mpsc::{self, Sender};
use std::thread;

use crate::episode::Episode;
use crate::search::{Query, Searcher};

use super::action::Action;

struct Request {
    generation: u64,
    query: Arc<Query>,
}

/// A thread that searches one episode.
pub struct SearchWorker {
    requests: Sender<Request>,
}

impl SearchWorker {
    /// Starts the thread; each result is handed to `deliver` as an
    /// [`Action::SearchResults`].
    pub fn spawn(episode: Arc<Episode>, deliver: impl Fn(Action) + Send + 'static) -> Self {
        let (requests, inbox) = mpsc::channel::<Request>();
        thread::spawn(move || {
            // Keeps the last results, so a query that extends the previous
            // one only looks at segments that matched before.
            let mut searcher = Searcher::new();
            while let Ok(mut request) = inbox.recv() {
                while let Ok(newer) = inbox.try_recv() {
                    request = newer;
                }
                let hits = searcher.search(&episode, &request.query);
                deliver(Action::SearchResults {
                    generation: request.generation,
                    hits,
                });
            }
        });
        Self { requests }
    }

    /// Asks for a search; the answer arrives through `deliver`.
    pub fn request(&self, generation: u64, query: Arc<Query>) {
        // The worker only stops when this handle is dropped.
        let _ = self.requests.send(Request { generation, query });
    }
}
