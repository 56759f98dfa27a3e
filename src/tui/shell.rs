//! The top of the TUI: a library (when earmark opened a folder) and a
//! reader (when an episode is open), with what they share: the terminal
//! size, the bookmarks, and where each episode was left. Routes each Action
//! to the screen it is for.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::bookmarks::Bookmark;
use crate::episode::Episode;
use crate::episode::time::format_duration;
use crate::state::Resume;

use super::action::{Action, Effect, Effects};
use super::key_overrides::KeyOverrides;
use super::keymap::{Mode, ReaderMode};
use super::library::{self, Library, Open};
use super::palette::Palette;
use super::reader::{self, Reader};
use super::reader_feature::Place;
use super::search_tour::{SearchTour, TourStep};
use super::store_view::StoreView;
use super::wrap_index::Position;

/// Everything on screen, and what outlives one episode.
#[derive(Debug)]
pub struct Shell {
    pub library: Option<Library>,
    pub reader: Option<Reader>,
    /// Every bookmark, as the store last reported, while no reader is open
    /// (an open reader holds them, so its changes need no copy).
    pub bookmarks: Arc<Vec<Bookmark>>,
    /// Changes on their way to the store, and notices waiting their turn.
    pub stores: StoreView,
    /// Where episodes were left, by episode key (see `EpisodeIdentity`).
    pub positions: BTreeMap<String, Resume>,
    pub size: (u16, u16),
    pub colors: bool,
    /// The theme's colours (config.yaml).
    pub palette: Palette,
    /// Keys the config remapped.
    pub keys: Arc<KeyOverrides>,
    /// Whether a reader opens with the sidebar; follows Tab from one
    /// episode to the next.
    pub sidebar: bool,
    /// The widest the transcript's text runs (config.yaml `max_width`).
    pub max_width: u16,
    /// The command line said where to open (`--at`, `--search`): the
    /// saved position, loaded after, does not move the reader.
    pub keep_place: bool,
    /// The library search the open episode was opened from: `n` past its
    /// last match goes on to the next episode with matches.
    tour: Option<SearchTour>,
}

impl Shell {
    /// A shell with nothing open yet.
    pub fn new(size: (u16, u16), colors: bool) -> Self {
        Self {
            library: None,
            reader: None,
            bookmarks: Arc::default(),
            stores: StoreView::default(),
            positions: BTreeMap::new(),
            size,
            colors,
            palette: Palette::DARK,
            keys: Arc::default(),
            sidebar: true,
            max_width: crate::config::settings::DEFAULT_READING_WIDTH,
            keep_place: false,
            tour: None,
        }
    }

    /// The keymap mode for what has the keyboard.
    pub fn mode(&self) -> Mode {
        match (&self.reader, &self.library) {
            (Some(reader), _) => Mode::Reader(reader.mode),
            (None, Some(library)) => Mode::Library(library.mode),
            (None, None) => Mode::Reader(ReaderMode::Reading),
        }
    }

    /// Opens `episode` in the reader, where it was left.
    pub fn open(&mut self, episode: Arc<Episode>) -> &mut Reader {
        if let Some(previous) = self.reader.take() {
            self.sidebar = previous.sidebar_wanted;
            self.bookmarks = previous.bookmarks.all;
        }
        let mut reader = Reader::new(episode, self.size, self.colors);
        reader.palette = self.palette;
        reader.keys = Arc::clone(&self.keys);
        if !self.sidebar {
            reader.show_sidebar(false);
        }
        // config.yaml `max_width` (0: no limit).
        if self.max_width != reader::DEFAULT_MAX_WIDTH {
            reader.set_max_width(Some(self.max_width));
        }
        reader.attach_bookmarks(std::mem::take(&mut self.bookmarks));
        if let Some(resume) = saved_position(&self.positions, &reader) {
            restore(&mut reader, resume);
        }
        self.reader.insert(reader)
    }

    fn set_bookmarks(&mut self, bookmarks: Arc<Vec<Bookmark>>) {
        let old = match &mut self.reader {
            Some(reader) => {
                let old = std::mem::take(&mut reader.bookmarks.all);
                reader.set_bookmarks(bookmarks);
                old
            }
            None => std::mem::replace(&mut self.bookmarks, bookmarks),
        };
        retire(old);
    }

    /// The stores finished loading: an episode opened before they did goes
    /// to where it was left, unless the user has moved already.
    fn stores_loaded(
        &mut self,
        bookmarks: Arc<Vec<Bookmark>>,
        positions: BTreeMap<String, Resume>,
    ) {
        self.positions = positions;
        self.set_bookmarks(bookmarks);
        if let Some(reader) = &mut self.reader
            && !self.keep_place
            && reader.place() == Place::default()
            && let Some(resume) = saved_position(&self.positions, reader)
        {
            let resume = resume.clone();
            restore(reader, &resume);
        }
    }

    /// Opens a bookmark's episode, read by the event loop, at the bookmark;
    /// the reader it replaces saves its place first. A note if it could not
    /// be read.
    fn open_bookmark_episode(
        &mut self,
        bookmark: &Bookmark,
        episode: Result<Arc<Episode>, String>,
    ) -> Effects {
        let effects = self.on_exit();
        match episode {
            Ok(episode) => {
                let reader = self.open(episode);
                // It opens at the bookmark, not where it was left.
                reader.message = None;
                reader.jump_to_bookmark(bookmark);
            }
            Err(error) => {
                let notice = format!("cannot open the bookmark's episode: {error}");
                route(self, Action::Notice(notice));
            }
        }
        effects
    }

    /// Says that earmark is saving before it quits (a large file takes a
    /// while).
    pub fn saving_notice(&mut self) {
        let notice = "saving bookmarks and reading positions before quitting…".to_string();
        match (&mut self.reader, &mut self.library) {
            (Some(reader), _) => reader.message = Some(notice),
            (None, Some(library)) => library.message = Some(notice),
            (None, None) => {}
        }
    }

    /// The library's first frame needs the list's height.
    pub fn attach_library(&mut self, mut library: Library) {
        library::update(&mut library, Action::Resize(self.size.0, self.size.1));
        self.library = Some(library);
    }

    /// What must happen before earmark exits: keep the reader's place.
    pub fn on_exit(&mut self) -> Effects {
        self.reader
            .as_ref()
            .map(save_position)
            .into_iter()
            .collect()
    }
}

/// Frees a replaced list of bookmarks. A file may hold 100,000, and
/// freeing them takes longer than a frame: that happens on a thread of its
/// own, so the reader never waits for it.
fn retire(bookmarks: Arc<Vec<Bookmark>>) {
    const LARGE: usize = 10_000;
    if bookmarks.len() < LARGE {
        return;
    }
    let spawned = std::thread::Builder::new().spawn(move || drop(bookmarks));
    // Without a thread the list is freed here: slower, still correct.
    drop(spawned);
}

/// Where the reader's episode was left: by its transcript, else (a
/// position saved by an earlier earmark, keyed by `video_id`) only if it
/// fits this transcript, since two files may share a `video_id`.
fn saved_position<'a>(
    positions: &'a BTreeMap<String, Resume>,
    reader: &Reader,
) -> Option<&'a Resume> {
    if positions.is_empty() {
        return None; // the stores are not read yet: no need to know it
    }
    let identity = reader.bookmarks.identity(&reader.episode);
    if let Some(resume) = positions.get(&identity.position_key()) {
        return Some(resume);
    }
    let legacy = positions.get(&identity.episode)?;
    let segment = reader.episode.segments.get(legacy.segment)?;
    (segment.start == legacy.start).then_some(legacy)
}

/// Puts a reader back where `resume` says, if it still fits the episode.
fn restore(reader: &mut Reader, resume: &Resume) {
    let segments = &reader.episode.segments;
    let segment = match segments.get(resume.segment) {
        Some(s) if resume.start.is_none() || s.start == resume.start => resume.segment,
        // The file changed: find the place by its time instead.
        _ => match resume.start {
            Some(t) => reader.episode.segment_at_time(t),
            None => return,
        },
    };
    let current = if resume.current < segments.len() {
        resume.current
    } else {
        segment
    };
    reader.restore(Place {
        top: Position {
            segment,
            row: resume.row,
        },
        current,
    });
    if reader.place() != Place::default() {
        reader.jumps.push(Place::default());
        reader.message = Some(format!(
            "resumed at {} · Ctrl-o: back to the start",
            where_resumed(reader)
        ));
    }
}

/// Where a resumed reader is, as the note says it: the top segment's time
/// (`52:13`), else how far through the text (`45%`).
fn where_resumed(reader: &Reader) -> String {
    let top = reader.top.segment;
    if let Some(start) = reader.episode.segments[top].start {
        return format_duration(start);
    }
    let before = reader.text_span(top).0;
    format!("{}%", before * 100 / reader.text_len().max(1))
}

/// The effect that records where the reader is.
fn save_position(reader: &Reader) -> Effect {
    let top = reader.top;
    Effect::SavePosition {
        episode: reader.bookmarks.identity(&reader.episode).position_key(),
        resume: Resume {
            segment: top.segment,
            row: top.row,
            current: reader.current,
            start: reader.episode.segments[top.segment].start,
            extra: serde_yaml::Mapping::new(),
        },
    }
}

/// Applies one action to whichever screen it is for.
pub fn update(shell: &mut Shell, action: Action) -> Effects {
    let from_user = !is_report(&action);
    let effects = route(shell, action);
    shell.stores.sending(&effects);
    if from_user {
        let StoreViewAndSlot(stores, slot) = split(shell);
        stores.next_notice(slot);
    }
    effects
}

/// Actions that report what a worker or the event loop did, not what the
/// user did: they leave the status line's message alone.
fn is_report(action: &Action) -> bool {
    matches!(
        action,
        Action::Notice(_)
            | Action::BookmarkEpisodeRead { .. }
            | Action::BookmarksChanged { .. }
            | Action::StoresLoaded { .. }
            | Action::SearchResults { .. }
            | Action::LibraryLoaded { .. }
            | Action::LibrarySearchResults { .. }
    )
}

struct StoreViewAndSlot<'a>(&'a mut StoreView, Option<&'a mut Option<String>>);

/// The notice queue and the message slot, borrowed together.
fn split(shell: &mut Shell) -> StoreViewAndSlot<'_> {
    let slot = match (&mut shell.reader, &mut shell.library) {
        (Some(reader), _) => Some(&mut reader.message),
        (None, Some(library)) => Some(&mut library.message),
        (None, None) => None,
    };
    StoreViewAndSlot(&mut shell.stores, slot)
}

fn route(shell: &mut Shell, action: Action) -> Effects {
    match action {
        Action::Notice(notice) => {
            let StoreViewAndSlot(stores, slot) = split(shell);
            stores.notice(slot, notice);
            Vec::new()
        }
        Action::StoresLoaded {
            bookmarks,
            positions,
        } => {
            shell.stores_loaded(bookmarks, positions);
            Vec::new()
        }
        Action::Resize(width, height) => {
            shell.size = (width, height);
            if let Some(library) = &mut shell.library {
                library::update(library, action.clone());
            }
            if let Some(reader) = &mut shell.reader {
                reader::update(reader, action);
            }
            Vec::new()
        }
        Action::BookmarkEpisodeRead { bookmark, episode } => {
            shell.open_bookmark_episode(&bookmark, episode)
        }
        Action::BookmarksChanged { bookmarks, applied } => {
            let merged = shell.stores.merged(bookmarks, applied);
            shell.set_bookmarks(merged);
            Vec::new()
        }
        Action::LibraryLoaded { .. }
        | Action::LibraryScanned { .. }
        | Action::LibrarySearchResults { .. } => {
            if let Some(library) = &mut shell.library {
                library::update(library, action);
            }
            Vec::new()
        }
        action if shell.reader.is_some() => update_reader(shell, action),
        action => update_library(shell, action),
    }
}

fn update_reader(shell: &mut Shell, action: Action) -> Effects {
    if let Some(effects) = tour_step(shell, &action) {
        return effects;
    }
    let Some(reader) = &mut shell.reader else {
        return Vec::new();
    };
    let mut effects = Vec::new();
    for effect in reader::update(reader, action) {
        match effect {
            Effect::Quit => {
                effects.push(save_position(reader));
                effects.push(Effect::Quit);
            }
            other => effects.push(other),
        }
    }
    if reader.take_leave() && shell.library.is_some() {
        effects.extend(leave_reader(shell));
    }
    effects
}

/// `n` / `N` on a tour of the library's search, when they go past the
/// episode's matches: the offer of the next episode, or opening it (the
/// place in this one saved). `None`: the reader handles the action.
fn tour_step(shell: &mut Shell, action: &Action) -> Option<Effects> {
    let forward = match action {
        Action::NextHit => true,
        Action::PreviousHit => false,
        _ => {
            shell.tour.as_mut().map(SearchTour::forget_offer);
            return None;
        }
    };
    let (tour, reader, library) = (
        shell.tour.as_mut()?,
        shell.reader.as_mut()?,
        shell.library.as_ref()?,
    );
    if reader.mode != ReaderMode::Reading {
        return None;
    }
    match tour.step(forward, reader, library) {
        TourStep::InEpisode => None,
        TourStep::Offer(text) => {
            reader.message = Some(text);
            Some(Vec::new())
        }
        TourStep::Open { entry, hits, hit } => {
            let query = reader.search.shown.clone();
            let regex = reader.search.prompt.regex;
            // Leaving the reader ends a tour: this one goes on.
            let tour = shell.tour.take();
            let effects = leave_reader(shell).into_iter().collect();
            if let Some(library) = &mut shell.library {
                library.select_result(entry, hit);
            }
            open_entry(shell, entry, Some((hit, hits, query, regex)));
            shell.tour = tour;
            Some(effects)
        }
    }
}

/// Closes the reader (back to the library), keeping its place: the
/// position to save, if a reader was open.
fn leave_reader(shell: &mut Shell) -> Option<Effect> {
    let reader = shell.reader.take()?;
    shell.tour = None;
    shell.sidebar = reader.sidebar_wanted;
    shell.bookmarks = Arc::clone(&reader.bookmarks.all);
    let effect = save_position(&reader);
    if let Effect::SavePosition { episode, resume } = &effect {
        shell.positions.insert(episode.clone(), resume.clone());
    }
    Some(effect)
}

fn update_library(shell: &mut Shell, action: Action) -> Effects {
    let Some(library) = &mut shell.library else {
        return match action {
            Action::Quit => vec![Effect::Quit],
            _ => Vec::new(),
        };
    };
    let (effects, open) = library::update(library, action);
    match open {
        Some(Open::Episode(entry)) => open_entry(shell, entry, None),
        Some(Open::Hit {
            entry,
            hit,
            hits,
            query,
            regex,
        }) => {
            shell.tour = Some(SearchTour::new(query.clone(), regex, entry));
            open_entry(shell, entry, Some((hit, hits, query, regex)));
        }
        None => {}
    }
    effects
}

type CarriedSearch = (usize, Vec<crate::search::Hit>, String, bool);

/// Opens a library entry; with a search hit, at that hit with the search
/// still active so `n` / `N` go on inside the episode.
fn open_entry(shell: &mut Shell, entry: usize, search: Option<CarriedSearch>) {
    let episode = shell
        .library
        .as_ref()
        .and_then(|l| l.entries.get(entry))
        .and_then(|e| e.episode.clone());
    let Some(episode) = episode else {
        if let Some(library) = &mut shell.library {
            library.message = Some("that episode is still loading".into());
        }
        return;
    };
    let reader = shell.open(episode);
    if let Some((hit, hits, query, regex)) = search {
        // It opens at the hit, not where it was left.
        reader.message = None;
        reader.carry_over_search(query, regex, hits, hit);
    }
}
