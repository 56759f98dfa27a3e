//! The reader's state and `update`: every behaviour is a change of state
//! plus effects for the event loop to carry out. No I/O here. The search
//! bar, the go-to prompt and the bookmarks panel keep their own state and
//! answer with an [`Outcome`]; only the reader acts on it.

use std::sync::Arc;

use crate::bookmarks::Bookmark;
use crate::episode::{Episode, SpeakerId};
use crate::search::Hit;

use super::action::{Action, Effect, Effects};
use super::bookmarks_panel::{self, BookmarkPanel};
use super::count::{Count, Counted, counted};
use super::filter_view::{FilterBar, is_filter_generation};
use super::goto::GoTo;
use super::help::HelpLayout;
use super::key_overrides::KeyOverrides;
use super::keymap::ReaderMode;
use super::palette::Palette;
use super::reader_feature::{FeatureContext, Jump, Outcome, Place, Show, segment_at_byte};
use super::screen::Areas;
use super::search_bar::SearchBar;
use super::selection::SegmentSelection;
use super::shown::ShownSegments;
use super::speaker_colors;
use super::wrap_index::{Position, RowKind, VisibleRow, WrapIndex, starts_turn};

/// The shortest pane that pins the speaker's name over a turn begun above
/// it: one row for the name, two for text.
const PIN_MIN_HEIGHT: usize = 3;

/// The default most columns the text wraps to (see
/// [`Reader::set_max_width`]).
pub const DEFAULT_MAX_WIDTH: u16 = crate::config::settings::DEFAULT_READING_WIDTH;

/// Everything the reader shows, and where the reader is.
#[derive(Debug)]
pub struct Reader {
    pub episode: Arc<Episode>,
    pub mode: ReaderMode,
    /// Whether the user wants the sidebar (it still hides when too narrow).
    pub sidebar_wanted: bool,
    /// False with `NO_COLOR`: no colours, names in bold.
    pub colors: bool,
    /// The theme's colours (config.yaml `theme`, `palette`).
    pub palette: Palette,
    /// Keys the config remapped, for the help.
    pub keys: Arc<KeyOverrides>,
    /// The highlighted segment.
    pub current: usize,
    /// The first row on screen.
    pub top: Position,
    /// The text byte the top row showed when the user last scrolled: a
    /// series of resizes maps back to it instead of drifting.
    resize_anchor: Option<usize>,
    /// Rows the help is scrolled by.
    pub help_scroll: usize,
    pub search: SearchBar,
    /// The `&` prompt, and the filter it applied.
    pub filter: FilterBar,
    pub goto: GoTo,
    /// Places left by jumps, for Ctrl-o.
    pub jumps: Vec<Place>,
    pub bookmarks: BookmarkPanel,
    /// The clock bookmarks are stamped with (fixed in tests).
    pub now: fn() -> std::time::SystemTime,
    /// A one-off note for the status line, cleared by the next action.
    pub message: Option<String>,
    /// Digits typed for the next key (`5j`).
    pub count: Count,
    /// Segments chosen with `v`, from its start to `current`.
    pub selection: SegmentSelection,
    /// Esc with nothing left to close: the shell goes back to the library
    /// it opened the reader from, if any ([`Reader::take_leave`]).
    leave_asked: bool,
    /// Each speaker's share of the talk, computed once.
    pub talk_shares: Vec<f64>,
    /// Each speaker's colour slot, from their name ([`Reader::speaker_slot`]).
    speaker_slots: Vec<usize>,
    /// The episode's length, computed once (it may scan every segment).
    pub duration: Option<crate::episode::time::Seconds>,
    size: (u16, u16),
    /// The most columns the text wraps to; `None`: the pane's width.
    max_width: Option<u16>,
    wrap: WrapIndex,
    /// `text_ends[i]`: bytes of text in segments `0..=i`, for "how far
    /// through" and for the timeline.
    text_ends: Vec<usize>,
}

impl Reader {
    /// A reader on `episode` in a terminal of `width` × `height`.
    pub fn new(episode: Arc<Episode>, (width, height): (u16, u16), colors: bool) -> Self {
        let max_width = Some(DEFAULT_MAX_WIDTH);
        let areas = Areas::new(width, height, true).with_max_text_width(max_width);
        let talk_shares = episode.talk_shares();
        let speaker_slots = speaker_colors::assign(
            &episode.speakers,
            &turns_taken(&episode),
            speaker_colors::SLOTS,
        );
        let duration = episode.duration_seconds();
        let text_ends = episode
            .segments
            .iter()
            .scan(0, |total, s| {
                *total += s.text_len() + 1;
                Some(*total)
            })
            .collect();
        Self {
            episode,
            mode: ReaderMode::Reading,
            sidebar_wanted: true,
            colors,
            palette: Palette::DARK,
            keys: Arc::default(),
            current: 0,
            top: Position::default(),
            resize_anchor: None,
            help_scroll: 0,
            search: SearchBar::default(),
            filter: FilterBar::default(),
            goto: GoTo::default(),
            jumps: Vec::new(),
            bookmarks: BookmarkPanel::default(),
            now: std::time::SystemTime::now,
            message: None,
            count: Count::default(),
            selection: SegmentSelection::default(),
            leave_asked: false,
            talk_shares,
            speaker_slots,
            duration,
            size: (width, height),
            max_width,
            wrap: WrapIndex::new(areas.text_width()),
            text_ends,
        }
    }

    /// The palette slot of a speaker's colour: the same for one name in
    /// every episode, distinct within this one.
    pub fn speaker_slot(&self, speaker: Option<SpeakerId>) -> Option<usize> {
        self.speaker_slots.get(speaker?).copied()
    }

    /// Shows or hides the sidebar (config.yaml `sidebar`; Tab toggles).
    pub fn show_sidebar(&mut self, wanted: bool) {
        self.sidebar_wanted = wanted;
        relayout(self);
    }

    /// The panes at the current size.
    pub fn areas(&self) -> Areas {
        Areas::new(self.size.0, self.size.1, self.sidebar_wanted)
            .with_max_text_width(self.max_width)
    }

    /// Sets the most columns the text wraps to (default
    /// [`DEFAULT_MAX_WIDTH`]); `None` or `Some(0)`: as wide as the pane.
    /// The place on screen is kept, as on a resize.
    pub fn set_max_width(&mut self, max: Option<u16>) {
        self.max_width = max.filter(|&width| width > 0);
        relayout(self);
    }

    /// The whole terminal.
    pub fn screen(&self) -> ratatui::layout::Rect {
        ratatui::layout::Rect::new(0, 0, self.size.0, self.size.1)
    }

    /// The wrap index for the transcript's current width.
    pub fn wrap(&self) -> &WrapIndex {
        &self.wrap
    }

    /// The segments on screen: all, or those a `&` filter shows.
    pub fn shown(&self) -> ShownSegments {
        self.wrap.shown(self.episode.segments.len())
    }

    /// What the status line says of a `&` filter, while one is on.
    pub fn filter_notice(&self) -> Option<String> {
        self.filter.notice(self.wrap.filter())
    }

    fn height(&self) -> usize {
        usize::from(self.areas().transcript.height)
    }

    /// The rows on screen now. When the top is in the middle of a turn,
    /// the first is the speaker's name pinned over the row on top (which
    /// was on screen one row lower before, and is again one row up).
    pub fn visible_rows(&self) -> Vec<VisibleRow> {
        let mut rows = self.wrap.visible(&self.episode, self.top, self.height());
        if self.pins(self.top)
            && let Some(first) = rows.first_mut()
        {
            first.kind = RowKind::Pinned;
        }
        rows
    }

    /// Whether a view with `top` on its first row pins the speaker's name
    /// there. Not in a pane too short to keep two rows of text beside it.
    fn pins(&self, top: Position) -> bool {
        self.height() >= PIN_MIN_HEIGHT && self.wrap.turn_began_above(&self.episode, top)
    }

    /// The top that shows `target` on the first row the pinned name does
    /// not cover: the row itself, or the one above it when a name would
    /// be pinned over it. Every jump lands there.
    fn top_showing(&self, target: Position) -> Position {
        if self.pins(target) {
            self.wrap.retreat(&self.episode, target, 1)
        } else {
            target
        }
    }

    /// The first row of text the pinned name leaves uncovered.
    fn first_uncovered(&self) -> Position {
        if self.pins(self.top) {
            self.wrap.advance(&self.episode, self.top, 1)
        } else {
            self.top
        }
    }

    /// Where segment `i`'s text starts and ends, in bytes of the whole text.
    pub fn text_span(&self, i: usize) -> (usize, usize) {
        let end = self.text_ends[i];
        let start = if i == 0 { 0 } else { self.text_ends[i - 1] };
        (start, end)
    }

    /// Bytes of text in the whole transcript.
    pub fn text_len(&self) -> usize {
        self.text_ends.last().copied().unwrap_or(0)
    }

    /// The segment holding byte `byte` of the whole text.
    pub fn segment_at_byte(&self, byte: usize) -> usize {
        segment_at_byte(&self.text_ends, self.episode.segments.len(), byte)
    }

    /// How far through the transcript the bottom of the screen is, 0..=100,
    /// given the rows on screen (computed once per frame by the view).
    pub fn percent(&self, rows: &[VisibleRow]) -> u16 {
        let Some(bottom) = rows.last() else {
            return 100;
        };
        let last_segment = last_segment(self);
        let shows_the_end = bottom.segment == last_segment
            && self.wrap.last_row(&self.episode, last_segment) == bottom.kind;
        if shows_the_end || self.text_len() == 0 {
            return 100;
        }
        (self.text_span(bottom.segment).1 * 100 / self.text_len()).min(100) as u16
    }

    /// Where the reader is now.
    pub fn place(&self) -> Place {
        Place {
            top: self.top,
            current: self.current,
        }
    }

    /// Goes back to a place. It may have been taken at another width, so
    /// its row is kept within the segment's rows now.
    /// A place left in a view that showed other segments lands on the
    /// nearest segment shown now.
    pub fn restore(&mut self, place: Place) {
        let shown = self.shown();
        let segment = shown.nearest(place.top.segment);
        let rows = self.wrap.row_count(&self.episode, segment);
        let row = if segment == place.top.segment {
            place.top.row.min(rows - 1)
        } else {
            self.wrap.first_content_row(&self.episode, segment)
        };
        self.top = Position { segment, row };
        self.current = shown.nearest(place.current);
    }

    /// What the features may read of the reader.
    fn context(&self) -> FeatureContext<'_> {
        FeatureContext {
            episode: &self.episode,
            place: self.place(),
            duration: self.duration,
            text_ends: &self.text_ends,
            now: (self.now)(),
            shown: self.wrap.filter(),
        }
    }

    /// Does what a feature asked: the one place the reader moves and
    /// changes mode for them.
    fn apply(&mut self, outcome: Outcome) -> Effects {
        if let Some(place) = outcome.remember {
            self.jumps.push(place);
        }
        if let Some(place) = outcome.restore {
            self.restore(place);
        }
        if let Some(show) = outcome.show {
            show_only(self, show);
        }
        match outcome.jump {
            Some(Jump::Segment(segment)) => jump_to(self, segment),
            Some(Jump::Byte { segment, byte }) => jump_to_byte(self, segment, byte),
            None => {}
        }
        if outcome.note.is_some() {
            self.message = outcome.note;
        }
        if let Some(mode) = outcome.mode {
            self.mode = mode;
        }
        outcome.effects
    }

    /// Whether the last action asked to leave the reader; asking again
    /// takes a new Esc.
    pub fn take_leave(&mut self) -> bool {
        std::mem::take(&mut self.leave_asked)
    }

    /// Sets up the bookmarks panel for this episode.
    pub fn attach_bookmarks(&mut self, bookmarks: Arc<Vec<Bookmark>>) {
        self.bookmarks.attach(&self.episode, bookmarks);
    }

    /// The store's merged list of bookmarks changed.
    pub fn set_bookmarks(&mut self, bookmarks: Arc<Vec<Bookmark>>) {
        self.bookmarks.set_all(&self.episode, bookmarks);
    }

    /// Goes to a bookmark of this episode (the place left joins the jump
    /// list).
    pub fn jump_to_bookmark(&mut self, bookmark: &Bookmark) {
        let outcome = bookmarks_panel::jump_to_bookmark(bookmark, &self.context());
        self.apply(outcome);
    }

    /// Opens on a hit found in the library, with its search carried over
    /// so `n` / `N` go on.
    pub fn carry_over_search(&mut self, query: String, regex: bool, hits: Vec<Hit>, hit: usize) {
        let outcome = self.search.carry_over(query, regex, hits, hit);
        self.apply(outcome);
    }

    /// Opens the search bar on `query` as if typed, and asks for its hits
    /// (an episode opened with a search to run).
    #[cfg(test)]
    fn start_search(&mut self, query: &str) -> Effects {
        let mut effects = update(self, Action::StartSearch);
        effects.extend(update(self, Action::Paste(query.to_string())));
        effects
    }

    fn bottom(&self) -> Position {
        let rows = self.height().saturating_sub(1);
        self.wrap.advance(&self.episode, self.top, rows)
    }
}

/// Applies one action. Returns what the event loop must do.
pub fn update(reader: &mut Reader, action: Action) -> Effects {
    match action {
        // A filter shows every matching segment: it waits for the end.
        Action::SearchResults {
            generation,
            done: false,
            ..
        } if is_filter_generation(generation) => return Vec::new(),
        Action::SearchResults {
            generation, hits, ..
        } if is_filter_generation(generation) => {
            let mut effects = with_filter(reader, |filter, context| {
                filter.results(generation, &hits, context)
            });
            effects.extend(with_search(reader, SearchBar::ask_again));
            return effects;
        }
        Action::SearchResults {
            generation,
            hits,
            done,
        } => {
            let mut effects = with_search(reader, |search, context| {
                search.results(generation, hits, done, context)
            });
            if done {
                // The worker is free: a `&` search it left is asked again.
                effects.extend(with_filter(reader, FilterBar::ask_again));
            }
            return effects;
        }
        Action::BookmarksChanged { bookmarks, .. } | Action::StoresLoaded { bookmarks, .. } => {
            reader.set_bookmarks(bookmarks);
            return Vec::new();
        }
        Action::Notice(notice) => {
            reader.message = Some(notice);
            return Vec::new();
        }
        _ => {}
    }
    // What the user does next replaces the last note; results arriving from
    // workers do not, and neither does a resize (the note must stay long
    // enough to be read while the user drags the window's edge).
    if !matches!(action, Action::Resize(..)) {
        reader.message = None;
    }
    if !matches!(action, Action::Resize(..) | Action::ToggleSidebar) {
        reader.resize_anchor = None;
    }
    match action {
        Action::Resize(..) | Action::Quit | Action::Suspend => {
            return update_common(reader, action);
        }
        _ => {}
    }
    match reader.mode {
        ReaderMode::Help => update_help(reader, action),
        ReaderMode::Reading => update_counted(reader, action),
        ReaderMode::Search => with_search(reader, |search, context| search.update(action, context)),
        ReaderMode::Filter => with_filter(reader, |filter, context| filter.update(action, context)),
        ReaderMode::GoTo => {
            let mut goto = std::mem::take(&mut reader.goto);
            let outcome = goto.update(action, &reader.context());
            reader.goto = goto;
            reader.apply(outcome)
        }
        ReaderMode::Bookmarks => {
            with_bookmarks(reader, |panel, context| panel.update_list(action, context))
        }
        ReaderMode::Note => {
            with_bookmarks(reader, |panel, context| panel.update_note(action, context))
        }
    }
}

/// Lets the search bar answer, then applies its outcome. The bar is taken
/// out for the while, so it can read the reader beside it.
fn with_search(
    reader: &mut Reader,
    answer: impl FnOnce(&mut SearchBar, &FeatureContext) -> Outcome,
) -> Effects {
    let mut search = std::mem::take(&mut reader.search);
    let outcome = answer(&mut search, &reader.context());
    reader.search = search;
    reader.apply(outcome)
}

/// [`with_search`] for the `&` prompt.
fn with_filter(
    reader: &mut Reader,
    answer: impl FnOnce(&mut FilterBar, &FeatureContext) -> Outcome,
) -> Effects {
    let mut filter = std::mem::take(&mut reader.filter);
    let outcome = answer(&mut filter, &reader.context());
    reader.filter = filter;
    reader.apply(outcome)
}

/// [`with_search`] for the bookmarks panel.
fn with_bookmarks(
    reader: &mut Reader,
    answer: impl FnOnce(&mut BookmarkPanel, &FeatureContext) -> Outcome,
) -> Effects {
    let mut panel = std::mem::take(&mut reader.bookmarks);
    let outcome = answer(&mut panel, &reader.context());
    reader.bookmarks = panel;
    reader.apply(outcome)
}

fn update_help(reader: &mut Reader, action: Action) -> Effects {
    match action {
        Action::Close | Action::ToggleHelp => reader.mode = ReaderMode::Reading,
        Action::ScrollRows(n) => scroll_help(reader, n),
        Action::ScrollHalfPages(n) => {
            let page = HelpLayout::with_keys(reader.screen(), &reader.keys)
                .visible_rows()
                .max(1) as isize;
            scroll_help(reader, n * (page / 2).max(1));
        }
        Action::ScrollPages(n) => {
            let page = HelpLayout::with_keys(reader.screen(), &reader.keys)
                .visible_rows()
                .max(1) as isize;
            scroll_help(reader, n * page);
        }
        Action::Top => reader.help_scroll = 0,
        Action::Bottom => scroll_help(reader, isize::MAX),
        other => return update_common(reader, other),
    }
    Vec::new()
}

/// Scrolls the help, no further than its last row at the box's bottom (so
/// the way back up is as many keys as the way down).
fn scroll_help(reader: &mut Reader, rows: isize) {
    let max = HelpLayout::with_keys(reader.screen(), &reader.keys).max_scroll();
    reader.help_scroll = reader.help_scroll.saturating_add_signed(rows).min(max);
}

fn update_reading(reader: &mut Reader, action: Action) -> Effects {
    if reader.selection.is_active() {
        update_selecting(reader, action)
    } else {
        update_plain(reader, action)
    }
}

/// A key while reading, with nothing selected.
fn update_plain(reader: &mut Reader, action: Action) -> Effects {
    let half_page = (reader.height() / 2).max(1) as isize;
    let page = reader.height().saturating_sub(1).max(1) as isize;
    match action {
        Action::ScrollRows(n) => scroll(reader, n),
        Action::ScrollHalfPages(n) => scroll(reader, n * half_page),
        Action::ScrollPages(n) => scroll(reader, n * page),
        Action::Top => jump_to(reader, 0),
        Action::Bottom => {
            reader.top = max_top(reader);
            reader.current = last_segment(reader);
        }
        Action::NextSegment => jump_to(reader, reader.shown().step(reader.current, 1)),
        Action::PreviousSegment => jump_to(reader, reader.shown().step(reader.current, -1)),
        Action::NextSpeaker => {
            let shown = reader.shown();
            let next = (shown.iter_from(reader.current + 1))
                .find(|&i| reader.wrap.starts_turn(&reader.episode, i));
            match next {
                Some(i) => jump_to(reader, i),
                None => reader.message = Some("no later change of speaker".into()),
            }
        }
        Action::PreviousSpeaker => {
            let shown = reader.shown();
            let previous = (shown.iter_back_from(reader.current))
                .find(|&i| reader.wrap.starts_turn(&reader.episode, i));
            jump_to(reader, previous.unwrap_or(shown.first()));
        }
        Action::ToggleSidebar => {
            reader.sidebar_wanted = !reader.sidebar_wanted;
            relayout(reader);
        }
        Action::ToggleHelp => {
            reader.mode = ReaderMode::Help;
            reader.help_scroll = 0;
        }
        Action::Click(x, y) | Action::DoubleClick(x, y) => click(reader, x, y),
        Action::JumpBack => match reader.jumps.pop() {
            Some(place) => reader.restore(place),
            None => reader.message = Some("no earlier jump to go back to".into()),
        },
        Action::ToggleSelection => reader.selection.start(reader.current),
        other => return update_feature_keys(reader, other),
    }
    Vec::new()
}

/// A key while reading, with nothing selected, that starts or steps one of
/// the reader's features (search, go-to, bookmarks, copying) or closes.
fn update_feature_keys(reader: &mut Reader, action: Action) -> Effects {
    match action {
        Action::StartSearch => with_search(reader, |search, context| search.start(context)),
        Action::NextHit => with_search(reader, |search, context| search.step(true, context)),
        Action::PreviousHit => with_search(reader, |search, context| search.step(false, context)),
        Action::StartShowOnly => {
            let outcome = reader.filter.start();
            reader.apply(outcome)
        }
        Action::StartGoTo => {
            let outcome = reader.goto.start();
            reader.apply(outcome)
        }
        Action::Bookmark => {
            with_bookmarks(reader, |panel, context| panel.mark(String::new(), context))
        }
        Action::BookmarkWithNote => {
            let outcome = reader.bookmarks.start_note(None, String::new());
            reader.apply(outcome)
        }
        Action::OpenBookmarks => with_bookmarks(reader, |panel, context| panel.open_list(context)),
        Action::CopyQuote => {
            let quote = bookmarks_panel::quote_text(&reader.episode, reader.current);
            copy(reader, quote, "copied the quote".into())
        }
        Action::CopyLink => {
            let link = (reader.bookmarks)
                .link_text(&reader.episode, reader.current)
                .unwrap_or_default();
            let done = format!("copied {link}");
            copy(reader, link, done)
        }
        Action::Close if reader.filter.is_active() => {
            let outcome = reader.filter.show_all();
            reader.apply(outcome)
        }
        Action::Close if reader.search.kept_count().is_some() => {
            reader.search.clear_highlight();
            Vec::new()
        }
        Action::Close => {
            reader.leave_asked = true;
            Vec::new()
        }
        other => update_common(reader, other),
    }
}

/// A key while reading, after any count typed before it: digits wait, Esc
/// drops them, and the next key runs as the count says.
fn update_counted(reader: &mut Reader, action: Action) -> Effects {
    match action {
        Action::CountDigit(digit) => {
            reader.count.push(digit);
            return Vec::new();
        }
        Action::Close if reader.count.take().is_some() => return Vec::new(),
        _ => {}
    }
    let Some(n) = reader.count.take() else {
        return update_reading(reader, action);
    };
    match counted(action, n) {
        Counted::Once(action) | Counted::Ignored(action) => update_reading(reader, action),
        Counted::Segment(n) => {
            reader.jumps.push(reader.place());
            jump_to(reader, n - 1);
            Vec::new()
        }
        Counted::Times(action, n) => repeat(reader, action, n),
    }
}

/// Runs a step `n` times (at most once per segment: no more can move),
/// stopping at the first that says something (the end, a wrap). The jump
/// list keeps only the place before the first step.
fn repeat(reader: &mut Reader, action: Action, n: usize) -> Effects {
    let jumps = reader.jumps.len();
    let mut effects = Vec::new();
    for _ in 0..n.min(reader.episode.segments.len()) {
        effects.extend(update_reading(reader, action.clone()));
        if reader.message.is_some() {
            break;
        }
    }
    reader.jumps.truncate(jumps + 1);
    effects
}

/// A key while segments are selected: line moves step the selection's end
/// by segments; `y`, `Y`, `m`, `M` act on the whole range and end it; Esc
/// and `v` drop it; other keys do what they always do (a jump or a page
/// moves the end too).
fn update_selecting(reader: &mut Reader, action: Action) -> Effects {
    let Some(range) = reader.selection.range(reader.current) else {
        return Vec::new();
    };
    let (first, last) = (*range.start(), *range.end());
    // In a filtered view, the range is what it shows between its ends.
    let shown = reader.shown();
    let selected = || -> Vec<usize> { shown.iter_from(first).take_while(|&s| s <= last).collect() };
    match action {
        Action::ScrollRows(n) => {
            let target = reader.shown().step(reader.current, n);
            select(reader, target);
        }
        Action::Close | Action::ToggleSelection => {
            reader.selection.cancel();
        }
        Action::CopyQuote => {
            reader.selection.cancel();
            let segments = selected();
            let quote = bookmarks_panel::range_quote_text(&reader.episode, &segments);
            let done = format!("copied {} segments", segments.len());
            return copy(reader, quote, done);
        }
        Action::CopyLink => {
            reader.selection.cancel();
            let link = (reader.bookmarks)
                .link_text(&reader.episode, first)
                .unwrap_or_default();
            let done = format!("copied {link}");
            return copy(reader, link, done);
        }
        Action::Bookmark => {
            reader.selection.cancel();
            let segments = selected();
            return with_bookmarks(reader, |panel, context| {
                panel.mark_range(segments, String::new(), context)
            });
        }
        Action::BookmarkWithNote => {
            reader.selection.cancel();
            let outcome = reader.bookmarks.start_range_note(selected());
            return reader.apply(outcome);
        }
        // Jumps and pages move the current segment, and so the range's
        // moving end, as in vim's visual mode.
        other => return update_plain(reader, other),
    }
    Vec::new()
}

/// Copies `text`, saying `done`; or says it is too long to copy.
fn copy(reader: &mut Reader, text: String, done: String) -> Effects {
    if !super::clipboard::fits(&text) {
        reader.message = Some(super::clipboard::too_long_message(&text));
        return Vec::new();
    }
    reader.message = Some(done);
    vec![Effect::Copy(text)]
}

/// Actions that mean the same in every mode.
fn update_common(reader: &mut Reader, action: Action) -> Effects {
    match action {
        Action::Quit => return vec![Effect::Quit],
        Action::Suspend => return vec![Effect::Suspend],
        Action::Resize(width, height) => {
            reader.size = (width, height);
            relayout(reader);
        }
        _ => {}
    }
    Vec::new()
}

/// How many turns each speaker takes.
fn turns_taken(episode: &Episode) -> Vec<usize> {
    let mut turns = vec![0; episode.speakers.len()];
    for (i, segment) in episode.segments.iter().enumerate() {
        if let Some(id) = segment.speaker
            && starts_turn(episode, i)
            && let Some(count) = turns.get_mut(id)
        {
            *count += 1;
        }
    }
    turns
}

/// The last segment shown.
fn last_segment(reader: &Reader) -> usize {
    reader.shown().last()
}

/// The lowest top that still fills the screen: the last page.
fn max_top(reader: &Reader) -> Position {
    let end = reader.wrap.end(&reader.episode);
    reader
        .wrap
        .retreat(&reader.episode, end, reader.height().saturating_sub(1))
}

/// Scrolls the view by rows; the current segment follows if it leaves the
/// screen. Scrolling down stops at the last page (or where a jump left the
/// view, if that is further down).
fn scroll(reader: &mut Reader, rows: isize) {
    let n = rows.unsigned_abs();
    reader.top = if rows >= 0 {
        let limit = max_top(reader).max(reader.top);
        reader
            .wrap
            .advance(&reader.episode, reader.top, n)
            .min(limit)
    } else {
        reader.wrap.retreat(&reader.episode, reader.top, n)
    };
    keep_current_on_screen(reader);
}

fn keep_current_on_screen(reader: &mut Reader) {
    let rows = reader.visible_rows();
    let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
        return;
    };
    reader.current = reader.current.clamp(first.segment, last.segment);
}

/// A jump: the target becomes current and its first row shows at the top
/// of the pane (below the pinned speaker's name when the turn began
/// above it). The one placement rule of `t`, `]`, `}`, `n`, bookmarks.
///
/// In a filtered view a hidden target gives way to the first segment shown
/// after it (the last one, past the end): `t` goes to the first shown
/// segment at or after the time.
fn jump_to(reader: &mut Reader, segment: usize) {
    let shown = reader.shown();
    let segment = shown.at_or_after(segment).unwrap_or(shown.last());
    reader.current = segment;
    let first = Position {
        segment,
        row: reader.wrap.first_content_row(&reader.episode, segment),
    };
    reader.top = reader.top_showing(first);
}

/// A jump to a place inside a segment (a search hit): the segment shows at
/// the top, unless that would leave the byte below the screen, in which
/// case the byte's row shows with two rows of context above it.
fn jump_to_byte(reader: &mut Reader, segment: usize, byte: usize) {
    jump_to(reader, segment);
    if reader.current != segment {
        return; // not shown: its place was taken by the next one shown
    }
    let target = Position {
        segment,
        row: reader.wrap.row_of_byte(&reader.episode, segment, byte),
    };
    if target > reader.bottom() {
        reader.top = reader.wrap.retreat(&reader.episode, target, 2);
    }
}

/// Moves the highlight, scrolling only as far as needed to show it.
fn select(reader: &mut Reader, segment: usize) {
    reader.current = segment;
    let first = Position {
        segment,
        row: reader.wrap.first_content_row(&reader.episode, segment),
    };
    let showing_first = reader.top_showing(first);
    if first < reader.first_uncovered() {
        reader.top = showing_first;
        return;
    }
    let last = Position {
        segment,
        row: reader.wrap.row_count(&reader.episode, segment) - 1,
    };
    if last > reader.bottom() {
        let rows_above = reader.height().saturating_sub(1);
        reader.top = reader
            .wrap
            .retreat(&reader.episode, last, rows_above)
            .min(showing_first);
    }
}

/// A click on a transcript row makes its segment current.
fn click(reader: &mut Reader, x: u16, y: u16) {
    let area = reader.areas().transcript;
    let inside = x >= area.x && x < area.right() && y >= area.y && y < area.bottom();
    if !inside {
        return;
    }
    if let Some(row) = reader.visible_rows().get(usize::from(y - area.y)) {
        reader.current = row.segment;
    }
}

/// Rebuilds the wrap index after a change of width, keeping the top row on
/// the same text and the current segment current: if it no longer fits
/// below the top, the view scrolls to it (a following `m` or `y` must act
/// on the segment the user chose, not on one the new size happened to
/// leave at the bottom).
fn relayout(reader: &mut Reader) {
    let width = reader.areas().text_width();
    if width != reader.wrap.width() {
        let byte = reader
            .resize_anchor
            .or_else(|| reader.wrap.byte_at(&reader.episode, reader.top));
        reader.resize_anchor = byte;
        reader.wrap = WrapIndex::showing(width, reader.wrap.filter().cloned());
        let rows = reader.wrap.row_count(&reader.episode, reader.top.segment);
        reader.top.row = match byte {
            Some(byte) => reader
                .wrap
                .row_of_byte(&reader.episode, reader.top.segment, byte),
            None => reader.top.row.min(rows - 1),
        };
    }
    show_current(reader);
}

/// Shows only some segments, or all again, keeping the place: the segment
/// at the top stays at the top (on the same text) when it is shown both
/// before and after; else the first shown after it comes to the top. Only
/// the search hits in the segments shown count for `n` and `N`.
fn show_only(reader: &mut Reader, show: Show) {
    let shown = match show {
        Show::All => {
            reader.filter.clear();
            None
        }
        Show::Only(shown) => Some(shown),
    };
    let byte = reader.wrap.byte_at(&reader.episode, reader.top);
    let top = reader.top.segment;
    reader.wrap = WrapIndex::showing(reader.wrap.width(), shown);
    reader.search.show_only(reader.wrap.filter());
    reader.resize_anchor = None;
    let shown = reader.shown();
    if !shown.contains(top) {
        jump_to(reader, shown.nearest(top));
        return;
    }
    reader.top = Position {
        segment: top,
        row: match byte {
            Some(byte) => reader.wrap.row_of_byte(&reader.episode, top, byte),
            None => reader.wrap.first_content_row(&reader.episode, top),
        },
    };
    if !shown.contains(reader.current) {
        reader.current = top;
    }
    keep_current_on_screen(reader);
}

/// Scrolls as little as needed to bring the current segment on screen.
fn show_current(reader: &mut Reader) {
    let rows = reader.visible_rows();
    let on_screen = rows
        .iter()
        .any(|row| row.segment == reader.current && matches!(row.kind, RowKind::Text { .. }));
    if !on_screen && reader.height() > 0 {
        select(reader, reader.current);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::action::SearchRequest;

    fn reader() -> Reader {
        Reader::new(Arc::new(crate::formats::sample()), (100, 30), true)
    }

    #[test]
    fn start_search_opens_the_bar_with_the_query_and_asks_for_its_hits() {
        let mut reader = reader();
        let effects = reader.start_search("schema");
        assert_eq!(reader.mode, ReaderMode::Search);
        assert_eq!(reader.search.prompt.input, "schema");
        assert!(matches!(effects[..], [Effect::Search(_)]), "{effects:?}");
    }

    #[test]
    fn esc_with_nothing_to_close_asks_to_leave_once() {
        let mut reader = reader();
        update(&mut reader, Action::ToggleHelp);
        update(&mut reader, Action::Close);
        assert!(!reader.take_leave(), "Esc closed the help");
        assert!(update(&mut reader, Action::Close).is_empty());
        assert!(reader.take_leave());
        assert!(!reader.take_leave(), "taken");
    }

    /// The worker runs only the newest search of the reader: a `/` asked
    /// while a `&` search runs takes its place, so the `&` one is asked
    /// again once the `/` one is answered (and the other way round).
    #[test]
    fn a_search_overtaken_by_the_other_prompts_is_asked_again() {
        let mut reader = reader();
        update(&mut reader, Action::StartShowOnly);
        update(&mut reader, Action::PromptInput('a'));
        let asked = update(&mut reader, Action::PromptSubmit);
        assert!(matches!(asked[..], [Effect::Search(_)]), "{asked:?}");
        let mut effects = reader.start_search("the");
        let Some(Effect::Search(SearchRequest::Episode { generation, .. })) = effects.pop() else {
            panic!("{effects:?}");
        };
        let again = update(
            &mut reader,
            Action::SearchResults {
                generation,
                hits: Vec::new(),
                done: true,
            },
        );
        let [Effect::Search(SearchRequest::Episode { generation, .. })] = again[..] else {
            panic!("{again:?}");
        };
        assert!(is_filter_generation(generation), "the & search again");
        let hits = vec![Hit {
            segment: 2,
            range: 0..1,
        }];
        let done = true;
        let after = update(
            &mut reader,
            Action::SearchResults {
                generation,
                hits,
                done,
            },
        );
        assert!(after.is_empty(), "nothing left to ask: {after:?}");
        assert_eq!(reader.shown().len(), 1);
    }

    #[test]
    fn a_feature_outcome_moves_the_reader_and_keeps_the_place_left() {
        let mut reader = reader();
        update(&mut reader, Action::StartGoTo);
        for c in "50%".chars() {
            update(&mut reader, Action::PromptInput(c));
        }
        let before = reader.place();
        update(&mut reader, Action::PromptSubmit);
        assert_eq!(reader.mode, ReaderMode::Reading);
        assert!(reader.current > 0);
        assert_eq!(reader.jumps, vec![before]);
    }
}
