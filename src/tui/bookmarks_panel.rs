//! Bookmarks in the reader: `m` / `M` to keep a quote, `'` for the list
//! (Enter jumps, `d` deletes, `u` undoes, `e` edits the note, `a` shows every
//! episode's), `y` / `Y` to copy. The store itself lives in the event loop:
//! changes leave as [`Effect::Bookmark`] and the merged list comes back as
//! [`Action::BookmarksChanged`].

use std::time::SystemTime;

use crate::bookmarks::{Bookmark, BookmarkKey, Change, episode_id, new_bookmark};
use crate::episode::time::format_hms;

use super::action::{Action, Effect, Effects};
use super::app::{App, jump_to};
use super::keymap::Mode;

/// The reader's view of the bookmarks.
#[derive(Debug, Default)]
pub struct BookmarkPanel {
    /// Every bookmark (the store's merged view).
    pub all: Vec<Bookmark>,
    /// This episode's id, as bookmarks name it.
    pub episode_id: String,
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
        let mut listed: Vec<&Bookmark> = self
            .all
            .iter()
            .filter(|b| self.all_episodes || b.episode == self.episode_id)
            .collect();
        listed.sort_by(|a, b| (&a.title, a.start).cmp(&(&b.title, b.start)));
        if !self.all_episodes {
            listed.sort_by_key(|b| b.start);
        }
        listed
    }
}

/// Sets up the panel for the reader's episode.
pub fn attach(app: &mut App, bookmarks: Vec<Bookmark>) {
    app.bookmarks.episode_id = episode_id(&app.episode);
    set_all(app, bookmarks);
}

/// The store's merged list changed (this run saved, or it was loaded).
pub fn set_all(app: &mut App, bookmarks: Vec<Bookmark>) {
    app.bookmarks.all = bookmarks;
    let mut marked: Vec<usize> = app
        .bookmarks
        .all
        .iter()
        .filter(|b| b.episode == app.bookmarks.episode_id)
        .filter_map(|b| segment_of(app, b))
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
        .position(|s| s.start == bookmark.start && s.text == bookmark.quote);
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
    let Some(bookmark) = new_bookmark(&app.episode, app.current, note, now) else {
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
    match change {
        Change::Add(b) => all.push(b.clone()),
        Change::Remove(key) => all.retain(|b| b.key() != *key),
        Change::SetNote(key, note) => {
            for b in all.iter_mut().filter(|b| b.key() == *key) {
                b.note.clone_from(note);
            }
        }
    }
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
            let note = std::mem::take(&mut app.bookmarks.note);
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
        .rposition(|b| b.episode == app.bookmarks.episode_id && b.start <= current_start)
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
    let change = Change::Add(bookmark);
    apply_locally(app, &change);
    app.message = Some("bookmark restored".into());
    vec![Effect::Bookmark(change)]
}

/// Enter: jump to the bookmark here, or open its episode.
fn jump_to_selected(app: &mut App) -> Effects {
    let Some(bookmark) = selected(app).cloned() else {
        return Vec::new();
    };
    app.mode = Mode::Reading;
    if bookmark.episode == app.bookmarks.episode_id {
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
    let text = segment.text.split('\n').collect::<Vec<_>>().join(" ");
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
        app.current,
        String::new(),
        SystemTime::UNIX_EPOCH,
    )?;
    Some(bookmark.deep_link())
}
