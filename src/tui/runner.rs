//! The effect runner: carries out what `update` asks for (suspend, copy,
//! save, search, read a bookmark's episode) through its ports. The event
//! loop runs it with the terminal, the store worker and the search worker;
//! tests run the same runner with in-memory ports and a search that answers
//! at once, so effect handling cannot differ between them.

use std::collections::VecDeque;
use std::io;
use std::path::PathBuf;
use std::sync::Arc;

use crate::bookmarks::{Bookmark, Change};
use crate::state::Resume;

use super::action::{Action, Effect, SearchRequest};
use super::search_worker::SearchRunner;
use super::shell::{self, Shell};

/// What the runner needs of the terminal.
pub trait TerminalPort {
    /// Gives the terminal back and stops until the user brings earmark back.
    fn suspend(&mut self) -> io::Result<()>;
    /// Puts `text` on the clipboard.
    fn copy(&mut self, text: &str) -> io::Result<()>;
}

/// Where bookmark changes and reading positions go. Each call returns what
/// the stores answer at once (an in-memory store); a worker answers later,
/// through the event loop.
pub trait StorePort {
    /// Records a change to the bookmarks.
    fn bookmark(&mut self, change: Change) -> Vec<Action>;
    /// Reads the bookmarks again if another earmark changed them.
    fn refresh(&mut self) -> Vec<Action>;
    /// Records where an episode (by key) was left.
    fn save_position(&mut self, key: String, resume: Resume) -> Vec<Action>;
}

/// What runs searches. Returns the answers it has at once.
pub trait SearchPort {
    /// Runs `request`; its results come back as actions.
    fn request(&mut self, request: SearchRequest) -> Vec<Action>;
}

/// A search that answers before it returns: for tests and tools.
impl SearchPort for SearchRunner {
    fn request(&mut self, request: SearchRequest) -> Vec<Action> {
        vec![self.answer(request)]
    }
}

/// Whether the loop goes on.
#[derive(Debug, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Quit,
}

/// What carries out effects: the terminal, the stores, the searches.
#[derive(Debug)]
pub struct Runner<T, S, X> {
    pub terminal: T,
    pub stores: S,
    pub searches: X,
}

impl<T: TerminalPort, S: StorePort, X: SearchPort> Runner<T, S, X> {
    /// Applies every pending action to `shell` and carries out its effects,
    /// until none is left or one quits.
    pub fn apply_all(
        &mut self,
        shell: &mut Shell,
        pending: &mut VecDeque<Action>,
    ) -> io::Result<Flow> {
        self.apply_all_shown(shell, pending, &mut |_| {})
    }

    /// [`Runner::apply_all`], showing each effect to `shown` before it is
    /// carried out: the screen tests read what `update` asked for.
    pub fn apply_all_shown(
        &mut self,
        shell: &mut Shell,
        pending: &mut VecDeque<Action>,
        shown: &mut dyn FnMut(&Effect),
    ) -> io::Result<Flow> {
        while let Some(action) = pending.pop_front() {
            for effect in shell::update(shell, action) {
                shown(&effect);
                if self.perform(effect, pending)? == Flow::Quit {
                    return Ok(Flow::Quit);
                }
            }
        }
        Ok(Flow::Continue)
    }

    /// Carries out one effect; what it learns comes back as actions.
    pub fn perform(&mut self, effect: Effect, pending: &mut VecDeque<Action>) -> io::Result<Flow> {
        let answers = match effect {
            Effect::Quit => return Ok(Flow::Quit),
            Effect::Suspend => {
                self.terminal.suspend()?;
                Vec::new()
            }
            Effect::Search(request) => self.searches.request(request),
            Effect::Copy(text) => {
                self.terminal.copy(&text)?;
                Vec::new()
            }
            Effect::Bookmark(change) => self.stores.bookmark(change),
            Effect::RefreshBookmarks => self.stores.refresh(),
            Effect::SavePosition { episode, resume } => self.stores.save_position(episode, resume),
            Effect::OpenBookmark(bookmark) => read_bookmark_episode(bookmark).into_iter().collect(),
        };
        pending.extend(answers);
        Ok(Flow::Continue)
    }
}

/// Reads the episode file of a bookmark the user opened; the shell opens
/// it (or says why not) when the answer comes back as an action.
fn read_bookmark_episode(bookmark: Box<Bookmark>) -> Option<Action> {
    let path = PathBuf::from(bookmark.path.as_deref()?);
    let episode = crate::formats::parse_file(&path)
        .map(Arc::new)
        .map_err(|error| error.to_string());
    Some(Action::BookmarkEpisodeRead { bookmark, episode })
}
