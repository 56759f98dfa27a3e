//! Every user intent as one value: keys, mouse and signals all become an
//! [`Action`], and `update` is the only thing that acts on them.

use std::sync::Arc;

use crate::search::{Hit, Query};

/// What the user (or the terminal) asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Quit,
    /// Scroll by this many rows (negative: up).
    ScrollRows(isize),
    /// Scroll by this many half pages.
    ScrollHalfPages(isize),
    /// Scroll by this many pages.
    ScrollPages(isize),
    Top,
    Bottom,
    NextSegment,
    PreviousSegment,
    NextSpeaker,
    PreviousSpeaker,
    ToggleSidebar,
    ToggleHelp,
    /// Esc: close whatever is open.
    Close,
    /// The terminal is now this many columns and rows.
    Resize(u16, u16),
    /// A click at this column and row of the terminal.
    Click(u16, u16),
    /// Ctrl-z: give the terminal back and stop until `fg`.
    Suspend,
    /// `/`: open the search bar.
    StartSearch,
    /// `n` / `N`: the next / previous search hit, wrapping.
    NextHit,
    PreviousHit,
    /// `t`: open the go-to-time prompt.
    StartGoTo,
    /// Ctrl-o: back to where the last jump left from.
    JumpBack,
    /// A character typed into the open prompt.
    PromptInput(char),
    PromptBackspace,
    /// Enter in a prompt.
    PromptSubmit,
    /// Up / Down in the search bar: earlier / later queries.
    HistoryPrevious,
    HistoryNext,
    /// Ctrl-r in the search bar.
    ToggleRegex,
    /// A search finished (on the worker): results for one generation.
    SearchResults {
        generation: u64,
        hits: Vec<Hit>,
    },
}

/// What `update` asks the event loop to do: the only way state reaches the
/// outside world.
#[derive(Debug, Clone)]
pub enum Effect {
    Quit,
    Suspend,
    /// Run this search (off the UI thread) and answer with
    /// [`Action::SearchResults`] for the same generation.
    Search {
        generation: u64,
        query: Arc<Query>,
    },
}

/// The effects of one update, in order.
pub type Effects = Vec<Effect>;
