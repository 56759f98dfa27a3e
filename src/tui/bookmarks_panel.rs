//! Bookmarks in the reader: `m` / `M` to keep a quote, `'` for the list
//! (Enter jumps, `d` deletes, `u` undoes, `e` edits the note, `a` shows every
//! episode's), `y` / `Y` to copy. The store itself lives in the event loop:
//! changes leave as [`Effect::Bookmark`] and the merged list comes back as
//! [`Action::BookmarksChanged`].

use std::collections::HashSet;
use std::sync::{Arc, OnceLock};
use std::time::SystemTime;

use crate::bookmarks::{
    Bookmark, BookmarkKey, Change, EpisodeIdentity, new_bookmark, new_range_bookmark, segments_text,
};
use crate::episode::time::format_hms;

use crate::episode::Episode;

use super::action::{Action, Effect};
use super::keymap::ReaderMode;
use super::line_editor::LineEditor;
use super::reader_feature::{FeatureContext, Jump, Outcome, Show};

/// The reader's view of the bookmarks.
#[derive(Debug, Default)]
pub struct BookmarkPanel {
    /// Every bookmark (the store's merged view), shared with the shell: a
    /// file may hold 100,000.
    pub all: Arc<Vec<Bookmark>>,
    /// How bookmarks recognise this episode: worked out the first time
    /// it is needed (it reads the whole transcript), never before the
    /// first frame.
    identity: OnceLock<EpisodeIdentity>,
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
    pub note: LineEditor,
    /// The segments the note being typed is for (`v` … `M`).
    range: Option<Vec<usize>>,
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

impl BookmarkPanel {
    /// Sets up the panel for the reader's episode.
    pub fn attach(&mut self, episode: &Episode, bookmarks: Arc<Vec<Bookmark>>) {
        self.identity = OnceLock::new();
        self.set_all(episode, bookmarks);
    }

    /// How bookmarks and reading positions recognise `episode`, the
    /// reader's (attached) episode.
    pub fn identity(&self, episode: &Episode) -> &EpisodeIdentity {
        self.identity.get_or_init(|| EpisodeIdentity::of(episode))
    }

    /// The store's merged list changed (this run saved, or it was loaded).
    pub fn set_all(&mut self, episode: &Episode, bookmarks: Arc<Vec<Bookmark>>) {
        self.all = bookmarks;
        // Bookmarks from before the fingerprint may need their quote looked
        // up: the segments are indexed once, and only if one does.
        let mut texts: Option<HashSet<&str>> = None;
        let mut is_segment = |quote: &str| {
            texts
                .get_or_insert_with(|| episode.segments.iter().map(|s| s.text(episode)).collect())
                .contains(quote)
        };
        let identity = &self.identity;
        let identity = || identity.get_or_init(|| EpisodeIdentity::of(episode));
        self.mine = (self.all.iter().enumerate())
            .filter(|(_, b)| b.belongs_to(identity(), &mut is_segment))
            .map(|(i, _)| i)
            .collect();
        let mut marked: Vec<usize> = (self.mine.iter())
            .filter_map(|&i| segment_of(episode, &self.all[i]))
            .collect();
        marked.sort_unstable();
        marked.dedup();
        self.marked = marked;
        let count = self.listed().len();
        self.selected = self.selected.min(count.saturating_sub(1));
    }

    /// Whether segment `i` has a bookmark.
    pub fn is_marked(&self, i: usize) -> bool {
        self.marked.binary_search(&i).is_ok()
    }

    /// `m` (and `M` once the note is typed): bookmark the current segment.
    pub fn mark(&mut self, note: String, context: &FeatureContext) -> Outcome {
        let current = context.place.current;
        if self.is_marked(current) {
            return Outcome::note("this segment is already bookmarked (' lists bookmarks)");
        }
        let note = note.trim().to_string();
        let episode = context.episode;
        let Some(bookmark) =
            new_bookmark(episode, self.identity(episode), current, note, context.now)
        else {
            return Outcome::none();
        };
        let time = bookmark.start.map(format_hms).unwrap_or_default();
        let change = Change::Add(bookmark);
        self.apply_locally(episode, &change);
        Outcome {
            note: Some(format!("bookmarked {time}").trim_end().to_string()),
            effects: vec![Effect::Bookmark(change)],
            ..Outcome::none()
        }
    }

    /// `v` … `m`: bookmark the selected `segments` (in order: a range,
    /// or the segments of one a filtered view shows) as one quote with a
    /// start and an end.
    pub fn mark_range(
        &mut self,
        segments: Vec<usize>,
        note: String,
        context: &FeatureContext,
    ) -> Outcome {
        let episode = context.episode;
        let note = note.trim().to_string();
        let Some(bookmark) = new_range_bookmark(
            episode,
            self.identity(episode),
            &segments,
            note,
            context.now,
        ) else {
            return Outcome::none();
        };
        let time = bookmark.place_text().unwrap_or_default();
        let change = Change::Add(bookmark);
        self.apply_locally(episode, &change);
        Outcome {
            note: Some(format!("bookmarked {time}").trim_end().to_string()),
            effects: vec![Effect::Bookmark(change)],
            ..Outcome::none()
        }
    }

    /// `v` … `M`: ask for a note, then bookmark the range.
    pub fn start_range_note(&mut self, range: Vec<usize>) -> Outcome {
        let outcome = self.start_note(None, String::new());
        self.range = Some(range);
        outcome
    }

    /// Shows a change at once; the store's merged view replaces it when
    /// saved.
    fn apply_locally(&mut self, episode: &Episode, change: &Change) {
        let mut all = std::mem::take(&mut self.all);
        change.apply_to(Arc::make_mut(&mut all));
        self.set_all(episode, all);
    }

    /// `M`: ask for a note, then bookmark.
    pub fn start_note(&mut self, editing: Option<BookmarkKey>, note: String) -> Outcome {
        self.note.set(note);
        self.editing = editing;
        self.range = None;
        Outcome::mode(ReaderMode::Note)
    }

    /// Keys while the note prompt is open.
    pub fn update_note(&mut self, action: Action, context: &FeatureContext) -> Outcome {
        match action {
            Action::Close => return Outcome::mode(self.close_note_mode()),
            Action::PromptSubmit => {
                let mode = self.close_note_mode();
                let note = self.note.take().trim().to_string();
                let outcome = match self.editing.take() {
                    Some(key) => {
                        let change = Change::SetNote(key, note);
                        self.apply_locally(context.episode, &change);
                        Outcome::effects(vec![Effect::Bookmark(change)])
                    }
                    None => match self.range.take() {
                        Some(range) => self.mark_range(range, note, context),
                        None => self.mark(note, context),
                    },
                };
                return Outcome {
                    mode: Some(mode),
                    ..outcome
                };
            }
            edit => {
                self.note.edit(&edit);
            }
        }
        Outcome::none()
    }

    /// Where Esc or Enter in the note prompt goes back to.
    fn close_note_mode(&self) -> ReaderMode {
        if self.editing.is_some() {
            ReaderMode::Bookmarks
        } else {
            ReaderMode::Reading
        }
    }

    /// `'`: open the list, on the bookmark nearest the current segment.
    pub fn open_list(&mut self, context: &FeatureContext) -> Outcome {
        self.undo = None;
        let current_start = context.episode.segments[context.place.current].start;
        let listed = self.listed();
        self.selected = listed
            .iter()
            .rposition(|b| self.is_mine(b) && b.start <= current_start)
            .unwrap_or(0);
        Outcome {
            mode: Some(ReaderMode::Bookmarks),
            effects: vec![Effect::RefreshBookmarks],
            ..Outcome::none()
        }
    }

    /// Keys while the list is open.
    pub fn update_list(&mut self, action: Action, context: &FeatureContext) -> Outcome {
        let count = self.listed().len();
        match action {
            Action::ScrollRows(n) => {
                let last = count.saturating_sub(1);
                self.selected = self.selected.saturating_add_signed(n).min(last);
            }
            Action::ToggleScope => {
                self.all_episodes = !self.all_episodes;
                self.selected = 0;
            }
            Action::DeleteBookmark => return self.delete_selected(context.episode),
            Action::UndoDelete => return self.undo_delete(context.episode),
            Action::EditNote => {
                if let Some(b) = self.selected_bookmark() {
                    let (key, note) = (b.key(), b.note.clone());
                    return self.start_note(Some(key), note);
                }
            }
            Action::PromptSubmit => return self.jump_to_selected(context),
            Action::Close => return Outcome::mode(ReaderMode::Reading),
            _ => {}
        }
        Outcome::none()
    }

    fn selected_bookmark(&self) -> Option<&Bookmark> {
        self.listed().get(self.selected).copied()
    }

    fn delete_selected(&mut self, episode: &Episode) -> Outcome {
        let Some(bookmark) = self.selected_bookmark().cloned() else {
            return Outcome::none();
        };
        let change = Change::Remove(bookmark.key());
        self.apply_locally(episode, &change);
        self.undo = Some(bookmark);
        Outcome {
            note: Some("bookmark deleted (u undoes)".into()),
            effects: vec![Effect::Bookmark(change)],
            ..Outcome::none()
        }
    }

    fn undo_delete(&mut self, episode: &Episode) -> Outcome {
        let Some(bookmark) = self.undo.take() else {
            return Outcome::note("nothing to undo");
        };
        let key = bookmark.key();
        let change = Change::Add(bookmark);
        self.apply_locally(episode, &change);
        // The restored bookmark is selected again, so `e` edits it.
        if let Some(i) = self.listed().iter().position(|b| b.key() == key) {
            self.selected = i;
        }
        Outcome {
            note: Some("bookmark restored".into()),
            effects: vec![Effect::Bookmark(change)],
            ..Outcome::none()
        }
    }

    /// Enter: jump to the bookmark here, or open its episode.
    fn jump_to_selected(&mut self, context: &FeatureContext) -> Outcome {
        let Some(bookmark) = self.selected_bookmark().cloned() else {
            return Outcome::none();
        };
        let outcome = if self.is_mine(&bookmark) {
            jump_to_bookmark(&bookmark, context)
        } else if bookmark.path.is_some() {
            Outcome::effects(vec![Effect::OpenBookmark(Box::new(bookmark))])
        } else {
            Outcome::note(format!("{} has no file to open", bookmark.title))
        };
        Outcome {
            mode: Some(ReaderMode::Reading),
            ..outcome
        }
    }

    /// `Y`: a link to this moment (the episode's URL with `t=`, else its
    /// path and the time), made the way bookmarks make theirs.
    pub fn link_text(&self, episode: &Episode, current: usize) -> Option<String> {
        let bookmark = new_bookmark(
            episode,
            self.identity(episode),
            current,
            String::new(),
            SystemTime::UNIX_EPOCH,
        )?;
        Some(bookmark.deep_link())
    }
}

/// The segment a bookmark of this episode points at: the one with its time
/// and quote, else the one its time lands on.
fn segment_of(episode: &Episode, bookmark: &Bookmark) -> Option<usize> {
    let exact = (episode.segments.iter())
        .position(|s| s.start == bookmark.start && s.text(episode) == bookmark.quote);
    exact.or_else(|| bookmark.start.map(|t| episode.segment_at_time(t)))
}

/// Goes to a bookmark of the reader's episode; the place left joins the
/// jump list.
pub fn jump_to_bookmark(bookmark: &Bookmark, context: &FeatureContext) -> Outcome {
    match segment_of(context.episode, bookmark) {
        Some(segment) => Outcome {
            remember: Some(context.place),
            jump: Some(Jump::Segment(segment)),
            // A bookmark a `&` filter hides: every segment again, so the
            // jump lands on it and not on the next one shown.
            show: (context.shown)
                .filter(|shown| !shown.contains(segment))
                .map(|_| Show::All),
            ..Outcome::none()
        },
        None => Outcome::none(),
    }
}

/// `v` … `y`: the selected `segments` (in order) as one quote, one
/// paragraph each (a later speaker named at the start of theirs), credited
/// to the first speaker with both times: `“…” — Speaker, Title
/// (00:01:00–00:02:10)`.
pub fn range_quote_text(episode: &Episode, segments: &[usize]) -> String {
    let (Some(&first), Some(&last)) = (segments.first(), segments.last()) else {
        return String::new();
    };
    if first == last {
        return quote_text(episode, first);
    }
    let text = segments_text(episode, segments);
    let segment = &episode.segments[first];
    let mut credit = String::new();
    if let Some(name) = episode.speaker_name(segment) {
        credit.push_str(name);
        credit.push_str(", ");
    }
    credit.push_str(&episode.title);
    let times = (segment.start, episode.segments[last].start);
    match times {
        (Some(start), Some(end)) => {
            credit.push_str(&format!(" ({}–{})", format_hms(start), format_hms(end)));
        }
        (Some(start), None) => credit.push_str(&format!(" ({})", format_hms(start))),
        _ => {}
    }
    format!("“{text}” — {credit}")
}

/// `y`: the current segment as a quote, `“text” — Speaker, Title (hh:mm:ss)`.
pub fn quote_text(episode: &Episode, current: usize) -> String {
    let segment = &episode.segments[current];
    let text = segment
        .text(episode)
        .split('\n')
        .collect::<Vec<_>>()
        .join(" ");
    let mut credit = String::new();
    if let Some(name) = episode.speaker_name(segment) {
        credit.push_str(name);
        credit.push_str(", ");
    }
    credit.push_str(&episode.title);
    if let Some(start) = segment.start {
        credit.push_str(&format!(" ({})", format_hms(start)));
    }
    format!("“{text}” — {credit}")
}
