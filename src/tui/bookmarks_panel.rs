//! Bookmarks in the reader: `m` / `M` to keep a quote, `'` for the list
//! (Enter jumps, `d` deletes, `u` undoes, `e` edits the note, `a` shows every
//! episode's), `y` / `Y` to copy. The store itself lives in the event loop:
//! changes leave as [`Effect::Bookmark`] and the merged list comes back as
//! [`Action::BookmarksChanged`].

use std::collections::HashSet;
use std::sync::Arc;
use std::time::SystemTime;

use crate::bookmarks::{Bookmark, BookmarkKey, Change, EpisodeIdentity, new_bookmark};
use crate::episode::time::format_hms;

use super::action::{Action, Effect, Effects};
use super::app::{App, jump_to};
use super::keymap::Mode;

/// The reader's view of the bookmarks.
#[derive(Debug, Default)]
pub struct BookmarkPanel {
    /// Every bookmark (the store's merged view), shared with the shell: a
    /// file may hold 100,000.
    pub all: Arc<Vec<Bookmark>>,
    /// How bookmarks recognise this episode.
    pub identity: EpisodeIdentity,
    /// Indices into `all` of this episode's bookmarks.
    mine: Vec<usize>,
    /// Segments of this episode that have a bookmark, sorted.
    pub marked: Vec<usize>,
    /// The list shows every episode's bookmarks, not just this one's.
    pub all_episodes: bool,
    /// Index into [`BookmarkPanel::listed`].
    pub selected: usize,
    /// The last bookmark deleted while the list is open, for `u`.
    undo: Option<Bookmark>,
    /// The note being typed (`M`, or `e` in the list).
    pub note: String,
    /// Which bookmark `e` is editing; `None` when `M` is making a new one.
    editing: Option<BookmarkKey>,
}

impl BookmarkPanel {
    /// The bookmarks the list shows: this episode's in time order, or every
    /// episode's grouped by title.
    pub fn listed(&self) -> Vec<&Bookmark> {
        if !self.all_episodes {
            let mut listed: Vec<&Bookmark> = self.mine.iter().map(|&i| &self.all[i]).collect();
            listed.sort_by_key(|b| b.start);
            return listed;
        }
        let mut listed: Vec<&Bookmark> = self.all.iter().collect();
        listed.sort_by(|a, b| (&a.title, a.start).cmp(&(&b.title, b.start)));
        listed
    }

    /// Whether `bookmark` was made in this episode.
    pub fn is_mine(&self, bookmark: &Bookmark) -> bool {
        self.mine.iter().any(|&i| self.all[i] == *bookmark)
    }
}

/// Sets up the panel for the reader's episode.
pub fn attach(app: &mut App, bookmarks: Arc<Vec<Bookmark>>) {
    app.bookmarks.identity = EpisodeIdentity::of(&app.episode);
    set_all(app, bookmarks);
}

/// The store's merged list changed (this run saved, or it was loaded).
pub fn set_all(app: &mut App, bookmarks: Arc<Vec<Bookmark>>) {
    app.bookmarks.all = bookmarks;
    let episode = Arc::clone(&app.episode);
    // Bookmarks from before the fingerprint may need their quote looked up:
    // the segments are indexed once, and only if one does.
    let mut texts: Option<HashSet<&str>> = None;
    let mut is_segment = |quote: &str| {
        texts
            .get_or_insert_with(|| episode.segments.iter().map(|s| s.text(&episode)).collect())
            .contains(quote)
    };
    let identity = &app.bookmarks.identity;
    app.bookmarks.mine = (app.bookmarks.all.iter().enumerate())
        .filter(|(_, b)| b.belongs_to(identity, &mut is_segment))
        .map(|(i, _)| i)
        .collect();
    let mut marked: Vec<usize> = (app.bookmarks.mine.iter())
        .filter_map(|&i| segment_of(app, &app.bookmarks.all[i]))
        .collect();
    marked.sort_unstable();
    marked.dedup();
    app.bookmarks.marked = marked;
    let count = app.bookmarks.listed().len();
    app.bookmarks.selected = app.bookmarks.selected.min(count.saturating_sub(1));
}

/// The segment a bookmark of this episode points at: the one with its time
/// and quote, else the one its time lands on.
fn segment_of(app: &App, bookmark: &Bookmark) -> Option<usize> {
    let segments = &app.episode.segments;
    let exact = segments
        .iter()
        .position(|s| s.start == bookmark.start && s.text(&app.episode) == bookmark.quote);
    exact.or_else(|| bookmark.start.map(|t| app.episode.segment_at_time(t)))
}

/// Whether segment `i` has a bookmark.
pub fn is_marked(app: &App, i: usize) -> bool {
    app.bookmarks.marked.binary_search(&i).is_ok()
}

/// `m` (and `M` once the note is typed): bookmark the current segment.
pub fn mark(app: &mut App, note: String, now: SystemTime) -> Effects {
    if is_marked(app, app.current) {
        app.message = Some("this segment is already bookmarked (' lists bookmarks)".into());
        return Vec::new();
    }
    let note = note.trim().to_string();
    let identity = &app.bookmarks.identity;
    let Some(bookmark) = new_bookmark(&app.episode, identity, app.current, note, now) else {
        return Vec::new();
    };
    let time = bookmark.start.map(format_hms).unwrap_or_default();
    app.message = Some(format!("bookmarked {time}").trim_end().to_string());
    let change = Change::Add(bookmark);
    apply_locally(app, &change);
    vec![Effect::Bookmark(change)]
}

/// Shows a change at once; the store's merged view replaces it when saved.
fn apply_locally(app: &mut App, change: &Change) {
    let mut all = std::mem::take(&mut app.bookmarks.all);
    change.apply_to(Arc::make_mut(&mut all));
    set_all(app, all);
}

/// `M`: ask for a note, then bookmark.
pub fn start_note(app: &mut App, editing: Option<BookmarkKey>, note: String) {
    app.bookmarks.note = note;
    app.bookmarks.editing = editing;
    app.mode = Mode::Note;
}

/// Keys while the note prompt is open.
pub fn update_note(app: &mut App, action: Action, now: SystemTime) -> Effects {
    match action {
        Action::PromptInput(c) => app.bookmarks.note.push(c),
        Action::Paste(text) => app.bookmarks.note.push_str(&text),
        Action::PromptBackspace => {
            app.bookmarks.note.pop();
        }
        Action::Close => app.mode = close_note_mode(app),
        Action::PromptSubmit => {
            app.mode = close_note_mode(app);
            let note = std::mem::take(&mut app.bookmarks.note).trim().to_string();
            return match app.bookmarks.editing.take() {
                Some(key) => {
                    let change = Change::SetNote(key, note);
                    apply_locally(app, &change);
                    vec![Effect::Bookmark(change)]
                }
                None => mark(app, note, now),
            };
        }
        _ => {}
    }
    Vec::new()
}

/// Where Esc or Enter in the note prompt goes back to.
fn close_note_mode(app: &App) -> Mode {
    if app.bookmarks.editing.is_some() {
        Mode::Bookmarks
    } else {
        Mode::Reading
    }
}

/// `'`: open the list, on the bookmark nearest the current segment.
pub fn open_list(app: &mut App) {
    app.mode = Mode::Bookmarks;
    app.bookmarks.undo = None;
    let current_start = app.episode.segments[app.current].start;
    let listed = app.bookmarks.listed();
    app.bookmarks.selected = listed
        .iter()
        .rposition(|b| app.bookmarks.is_mine(b) && b.start <= current_start)
        .unwrap_or(0);
}

/// Keys while the list is open.
pub fn update_list(app: &mut App, action: Action) -> Effects {
    let count = app.bookmarks.listed().len();
    match action {
        Action::ScrollRows(n) => {
            let last = count.saturating_sub(1);
            app.bookmarks.selected = app.bookmarks.selected.saturating_add_signed(n).min(last);
        }
        Action::ToggleScope => {
            app.bookmarks.all_episodes = !app.bookmarks.all_episodes;
            app.bookmarks.selected = 0;
        }
        Action::DeleteBookmark => return delete_selected(app),
        Action::UndoDelete => return undo_delete(app),
        Action::EditNote => {
            if let Some(b) = selected(app) {
                let (key, note) = (b.key(), b.note.clone());
                start_note(app, Some(key), note);
            }
        }
        Action::PromptSubmit => return jump_to_selected(app),
        Action::Close => app.mode = Mode::Reading,
        _ => {}
    }
    Vec::new()
}

fn selected(app: &App) -> Option<&Bookmark> {
    app.bookmarks.listed().get(app.bookmarks.selected).copied()
}

fn delete_selected(app: &mut App) -> Effects {
    let Some(bookmark) = selected(app).cloned() else {
        return Vec::new();
    };
    let change = Change::Remove(bookmark.key());
    apply_locally(app, &change);
    app.bookmarks.undo = Some(bookmark);
    app.message = Some("bookmark deleted (u undoes)".into());
    vec![Effect::Bookmark(change)]
}

fn undo_delete(app: &mut App) -> Effects {
    let Some(bookmark) = app.bookmarks.undo.take() else {
        app.message = Some("nothing to undo".into());
        return Vec::new();
    };
    let key = bookmark.key();
    let change = Change::Add(bookmark);
    apply_locally(app, &change);
    // The restored bookmark is selected again, so `e` edits it.
    if let Some(i) = app.bookmarks.listed().iter().position(|b| b.key() == key) {
        app.bookmarks.selected = i;
    }
    app.message = Some("bookmark restored".into());
    vec![Effect::Bookmark(change)]
}

/// Enter: jump to the bookmark here, or open its episode.
fn jump_to_selected(app: &mut App) -> Effects {
    let Some(bookmark) = selected(app).cloned() else {
        return Vec::new();
    };
    app.mode = Mode::Reading;
    if app.bookmarks.is_mine(&bookmark) {
        jump_to_bookmark(app, &bookmark);
        return Vec::new();
    }
    match bookmark.path {
        Some(_) => vec![Effect::OpenBookmark(Box::new(bookmark))],
        None => {
            app.message = Some(format!("{} has no file to open", bookmark.title));
            Vec::new()
        }
    }
}

/// Jumps to a bookmark of the reader's episode.
pub fn jump_to_bookmark(app: &mut App, bookmark: &Bookmark) {
    if let Some(segment) = segment_of(app, bookmark) {
        app.jumps.push(app.place());
        jump_to(app, segment);
    }
}

/// `y`: the current segment as a quote, `“text” — Speaker, Title (hh:mm:ss)`.
pub fn quote_text(app: &App) -> String {
    let segment = &app.episode.segments[app.current];
    let text = segment
        .text(&app.episode)
        .split('\n')
        .collect::<Vec<_>>()
        .join(" ");
    let mut credit = String::new();
    if let Some(name) = app.episode.speaker_name(segment) {
        credit.push_str(name);
        credit.push_str(", ");
    }
    credit.push_str(&app.episode.title);
    if let Some(start) = segment.start {
        credit.push_str(&format!(" ({})", format_hms(start)));
    }
    format!("“{text}” — {credit}")
}

/// `Y`: a link to this moment (the episode's URL with `t=`, else its path
/// and the time), made the way bookmarks make theirs.
pub fn link_text(app: &App) -> Option<String> {
    let bookmark = new_bookmark(
        &app.episode,
        &app.bookmarks.identity,
        app.current,
        String::new(),
        SystemTime::UNIX_EPOCH,
    )?;
    Some(bookmark.deep_link())
}
