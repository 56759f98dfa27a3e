//! The bookmark and position stores on their own thread, so that reading
//! or writing a large `bookmarks.yaml` (100,000 entries is 50 MB) never
//! holds up a frame. The reader shows each change at once; the worker
//! saves it, coalescing changes that queue up during a slow save, and
//! answers with the merged list ([`Action::BookmarksChanged`]).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use crate::bookmarks::{Bookmark, BookmarkStore, Change};
use crate::state::{PositionStore, Resume};

use super::action::Action;

/// What the event loop asks of the stores.
enum Request {
    Bookmark(Change),
    Position {
        key: String,
        resume: Resume,
    },
    /// Re-read the bookmarks if another earmark saved meanwhile.
    Refresh,
    /// Save what is pending one last time and say what could not be.
    Finish(Sender<Option<Unsaved>>),
}

/// Bookmarks that could not be saved when earmark quit: the user must see
/// them, so they are printed once the terminal is restored.
#[derive(Debug, Clone, PartialEq)]
pub struct Unsaved {
    /// The bookmarks, as a `bookmarks.yaml` would hold them.
    pub yaml: String,
    /// Why they could not be saved (one line naming the file).
    pub reason: String,
}

/// The handle the event loop keeps.
pub struct StoreWorker {
    requests: Sender<Request>,
    thread: Option<JoinHandle<()>>,
}

impl StoreWorker {
    /// Starts the worker: it loads the stores of `dir` (none: nothing is
    /// kept) and reports through `send`, first with
    /// [`Action::StoresLoaded`] and the notices of loading.
    pub fn spawn(dir: Option<PathBuf>, send: impl Fn(Action) + Send + 'static) -> Self {
        let (requests, inbox) = mpsc::channel();
        let thread = thread::Builder::new()
            .name("earmark-stores".into())
            .spawn(move || Stores::open(dir, &send).serve(&inbox, &send))
            .ok();
        Self { requests, thread }
    }

    /// Applies and saves a change to the bookmarks.
    pub fn bookmark(&self, change: Change) {
        let _ = self.requests.send(Request::Bookmark(change));
    }

    /// Saves where an episode was left.
    pub fn save_position(&self, key: String, resume: Resume) {
        let _ = self.requests.send(Request::Position { key, resume });
    }

    /// Re-reads the bookmarks if the file changed.
    pub fn refresh(&self) {
        let _ = self.requests.send(Request::Refresh);
    }

    /// Waits for every request sent so far, retries a save that failed,
    /// and returns the bookmarks that still could not be saved. When that
    /// takes longer than `patience` (a large file), `waiting` is called
    /// once first, so the user can be told.
    pub fn finish(mut self, patience: Duration, waiting: impl FnOnce()) -> Option<Unsaved> {
        let (reply, answer) = mpsc::channel();
        self.requests.send(Request::Finish(reply)).ok()?;
        let unsaved = match answer.recv_timeout(patience) {
            Ok(unsaved) => unsaved,
            Err(RecvTimeoutError::Timeout) => {
                waiting();
                answer.recv().ok().flatten()
            }
            Err(RecvTimeoutError::Disconnected) => None,
        };
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        unsaved
    }
}

/// The stores, owned by the worker thread.
struct Stores {
    bookmarks: Option<BookmarkStore>,
    positions: PositionStore,
    /// Changes applied so far, reported with each merged list so the
    /// reader knows which of its own changes the list already holds.
    applied: u64,
}

impl Stores {
    fn open(dir: Option<PathBuf>, send: &impl Fn(Action)) -> Self {
        let mut notices = Vec::new();
        // Positions first: they are small, and quitting early needs them.
        let (positions, position_notices) = PositionStore::open(dir.clone());
        let bookmarks = match &dir {
            Some(dir) => {
                let (store, found) = BookmarkStore::open(dir.clone());
                notices.extend(found);
                Some(store)
            }
            None => {
                notices.push("no config directory: bookmarks are kept for this run only".into());
                None
            }
        };
        notices.extend(position_notices);
        let stores = Self {
            bookmarks,
            positions,
            applied: 0,
        };
        send(Action::StoresLoaded {
            bookmarks: stores.merged(),
            positions: stores.positions.positions().clone(),
        });
        notices.into_iter().for_each(|n| send(Action::Notice(n)));
        stores
    }

    fn merged(&self) -> Arc<Vec<Bookmark>> {
        let all = self.bookmarks.as_ref().map(|s| s.bookmarks().to_vec());
        Arc::new(all.unwrap_or_default())
    }

    /// Answers requests until the event loop finishes or goes away. The
    /// requests that queued up during one save are handled together.
    fn serve(mut self, inbox: &Receiver<Request>, send: &impl Fn(Action)) {
        while let Ok(first) = inbox.recv() {
            let mut changed = false;
            let mut finish = None;
            for request in std::iter::once(first).chain(inbox.try_iter()) {
                match request {
                    Request::Bookmark(change) => changed |= self.apply(change),
                    Request::Position { key, resume } => self.save_position(&key, resume, send),
                    Request::Refresh => changed |= self.refresh(send),
                    Request::Finish(reply) => finish = Some(reply),
                }
            }
            if changed {
                self.save_bookmarks(send);
            }
            if let Some(reply) = finish {
                let _ = reply.send(self.finish());
                return;
            }
        }
    }

    /// Applies a change; whether there is now something to save.
    fn apply(&mut self, change: Change) -> bool {
        self.applied += 1;
        match &mut self.bookmarks {
            Some(store) => {
                store.apply(change);
                true
            }
            None => false,
        }
    }

    fn refresh(&mut self, send: &impl Fn(Action)) -> bool {
        let reread = self.bookmarks.as_mut().is_some_and(BookmarkStore::refresh);
        if reread {
            self.report(send);
        }
        false
    }

    fn report(&self, send: &impl Fn(Action)) {
        send(Action::BookmarksChanged {
            bookmarks: self.merged(),
            applied: self.applied,
        });
    }

    fn save_bookmarks(&mut self, send: &impl Fn(Action)) {
        let Some(store) = &mut self.bookmarks else {
            return;
        };
        let notices = match store.save() {
            Ok(notices) => notices,
            Err(error) => vec![format!(
                "bookmark not saved, kept for this run: {}",
                error.brief()
            )],
        };
        self.report(send);
        notices.into_iter().for_each(|n| send(Action::Notice(n)));
    }

    fn save_position(&mut self, key: &str, resume: Resume, send: &impl Fn(Action)) {
        match self.positions.save(key, resume) {
            Ok(notices) => notices.into_iter().for_each(|n| send(Action::Notice(n))),
            Err(error) => send(Action::Notice(error)),
        }
    }

    /// The last save: a failed one is retried once; what still fails is
    /// handed back for the user.
    fn finish(&mut self) -> Option<Unsaved> {
        let store = self.bookmarks.as_mut()?;
        let error = store.save().err()?;
        let unsaved = store.unsaved();
        if unsaved.is_empty() {
            return None;
        }
        let wrapped = BTreeMap::from([("bookmarks", &unsaved)]);
        Some(Unsaved {
            yaml: serde_yaml::to_string(&wrapped).unwrap_or_default(),
            reason: error.to_string(),
        })
    }
}
