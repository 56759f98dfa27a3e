//! Every user intent as one value: keys, mouse and signals all become an
//! [`Action`], and `update` is the only thing that acts on them.

use std::path::PathBuf;
use std::sync::Arc;

use crate::bookmarks::{Bookmark, Change};
use crate::episode::Episode;
use crate::library::cross_search::EpisodeHits;
use crate::search::{Hit, Query};

/// What the user (or the terminal) asks for.
#[derive(Debug, Clone, PartialEq)]
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
    /// A digit typed while reading: part of a count for the next key
    /// (`5j`), as in less and vim.
    CountDigit(u8),
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
    /// A second click at the same place soon after the first.
    DoubleClick(u16, u16),
    /// `f` in the library: open the filter.
    StartFilter,
    /// `s` in the library: the next sort order.
    CycleSort,
    /// Ctrl-z: give the terminal back and stop until `fg`.
    Suspend,
    /// `/`: open the search bar.
    StartSearch,
    /// `&`: open the prompt that shows only the matching segments.
    StartShowOnly,
    /// `n` / `N`: the next / previous search hit, wrapping.
    NextHit,
    PreviousHit,
    /// `t`: open the go-to-time prompt.
    StartGoTo,
    /// Ctrl-o: back to where the last jump left from.
    JumpBack,
    /// A character typed into the open prompt.
    PromptInput(char),
    /// Text pasted into the open prompt, already one line (see
    /// [`paste_text`](super::keymap::paste_text)).
    Paste(String),
    PromptBackspace,
    /// A cursor move or deletion in the open prompt.
    PromptEdit(Edit),
    /// Enter in a prompt.
    PromptSubmit,
    /// Up / Down in the search bar: earlier / later queries.
    HistoryPrevious,
    HistoryNext,
    /// Ctrl-r in the search bar.
    ToggleRegex,
    /// The reader's search finished (`done`: on the worker), or found its
    /// first hit at or after the reader's place (the hits so far, sorted):
    /// results for one generation.
    SearchResults {
        generation: u64,
        hits: Vec<Hit>,
        done: bool,
    },
    /// `m`: bookmark the current segment; `M`: with a note.
    Bookmark,
    BookmarkWithNote,
    /// `'`: the bookmarks list.
    OpenBookmarks,
    /// In the list: delete, undo the delete, edit the note, this episode's
    /// or every episode's.
    DeleteBookmark,
    UndoDelete,
    EditNote,
    ToggleScope,
    /// `v`: start (or drop) a selection of segments.
    ToggleSelection,
    /// `y` / `Y`: copy the current quote / a link to this moment.
    CopyQuote,
    CopyLink,
    /// The bookmark store's merged list, after a save or a re-read, holding
    /// the first `applied` changes this run sent it.
    BookmarksChanged {
        bookmarks: Arc<Vec<Bookmark>>,
        applied: u64,
    },
    /// The stores finished loading (on their worker): every bookmark and
    /// where each episode was left.
    StoresLoaded {
        bookmarks: Arc<Vec<Bookmark>>,
        positions: std::collections::BTreeMap<String, crate::state::Resume>,
    },
    /// Something to tell the user in the status line (from the event loop:
    /// a file set aside, a save that failed).
    Notice(String),
    /// The event loop read the episode of a bookmark the user opened
    /// ([`Effect::OpenBookmark`]): open it there, or say why it could not
    /// be read.
    BookmarkEpisodeRead {
        bookmark: Box<Bookmark>,
        episode: Result<Arc<Episode>, String>,
    },
    /// Library: show / hide why files were skipped.
    ToggleSkipped,
    /// Library: files the walk found (their entries follow the last one,
    /// in this order), what it skipped (name, reason), and whether the walk
    /// is over.
    LibraryScanned {
        files: Vec<PathBuf>,
        skipped: Vec<(String, String)>,
        done: bool,
    },
    /// Library: a file finished parsing (entry index in scan order), or is
    /// not a transcript (the reason).
    LibraryLoaded {
        entry: usize,
        result: Result<Arc<Episode>, String>,
    },
    /// Library: a search across episodes finished (`done`), or the
    /// results it has found so far (in order from the first episode: the
    /// first screenful, then more as they are found).
    LibrarySearchResults {
        generation: u64,
        results: Vec<EpisodeHits>,
        done: bool,
    },
}

/// A cursor movement or deletion in a prompt (see
/// [`LineEditor`](super::line_editor::LineEditor)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// Left / Right: one grapheme.
    Left,
    Right,
    /// Home, Ctrl-a / End, Ctrl-e.
    Home,
    End,
    /// Alt-b, Ctrl-Left / Alt-f, Ctrl-Right: to the start of this or the
    /// previous word / past the end of this or the next word.
    WordLeft,
    WordRight,
    /// Delete: the grapheme under the cursor.
    DeleteForward,
    /// Ctrl-w: the word before the cursor (and the spaces after it).
    DeleteWordBack,
    /// Ctrl-u: everything before the cursor.
    KillToStart,
    /// Ctrl-k: everything from the cursor on.
    KillToEnd,
}

/// What `update` asks the event loop to do: the only way state reaches the
/// outside world.
#[derive(Debug, Clone)]
pub enum Effect {
    Quit,
    Suspend,
    /// Save this change to the bookmark store.
    Bookmark(Change),
    /// Re-read the bookmarks if another earmark saved meanwhile (the list
    /// was opened).
    RefreshBookmarks,
    /// Put this text on the clipboard (OSC 52).
    Copy(String),
    /// Open the bookmark's episode file at the bookmark.
    OpenBookmark(Box<Bookmark>),
    /// Remember where this episode was left.
    SavePosition {
        episode: String,
        resume: crate::state::Resume,
    },
    /// Run this search off the UI thread: the search worker (or the tests'
    /// synchronous runner) answers with [`Action::SearchResults`] or
    /// [`Action::LibrarySearchResults`] for the same generation.
    Search(SearchRequest),
}

/// A search to run, as [`Effect::Search`] carries it to the search port.
#[derive(Debug, Clone)]
pub enum SearchRequest {
    /// Within the reader's episode.
    Episode {
        generation: u64,
        query: Arc<Query>,
        episode: Arc<Episode>,
        /// The segment the search starts from: its first hit at or after
        /// it is answered first.
        from: usize,
    },
    /// Across the library's episodes (entry index, episode).
    Library {
        generation: u64,
        query: Arc<Query>,
        episodes: Vec<(usize, Arc<Episode>)>,
    },
}

/// The effects of one update, in order.
pub type Effects = Vec<Effect>;
