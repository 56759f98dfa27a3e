//! The reader's state and `update`: every behaviour is a change of state
//! plus effects for the event loop to carry out. No I/O here.

use std::sync::Arc;

use crate::episode::Episode;

use super::action::{Action, Effect, Effects};
use super::bookmarks_panel::{self, BookmarkPanel};
use super::goto::{self, GoToState};
use super::help::HelpLayout;
use super::keymap::Mode;
use super::screen::Areas;
use super::search_bar::{self, SearchState};
use super::wrap_index::{Position, RowKind, VisibleRow, WrapIndex, starts_turn};

/// Where the reader is: enough to come back to it (Esc in the search bar,
/// Ctrl-o).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Place {
    pub top: Position,
    pub current: usize,
}

/// Everything the reader shows, and where the reader is.
#[derive(Debug)]
pub struct App {
    pub episode: Arc<Episode>,
    pub mode: Mode,
    /// Whether the user wants the sidebar (it still hides when too narrow).
    pub sidebar_wanted: bool,
    /// False with `NO_COLOR`: no colours, names in bold.
    pub colors: bool,
    /// The highlighted segment.
    pub current: usize,
    /// The first row on screen.
    pub top: Position,
    /// The text byte the top row showed when the user last scrolled: a
    /// series of resizes maps back to it instead of drifting.
    resize_anchor: Option<usize>,
    /// Rows the help is scrolled by.
    pub help_scroll: usize,
    pub search: SearchState,
    pub goto: GoToState,
    /// Places left by jumps, for Ctrl-o.
    pub jumps: Vec<Place>,
    pub bookmarks: BookmarkPanel,
    /// The clock bookmarks are stamped with (fixed in tests).
    pub now: fn() -> std::time::SystemTime,
    /// A one-off note for the status line, cleared by the next action.
    pub message: Option<String>,
    /// Each speaker's share of the talk, computed once.
    pub talk_shares: Vec<f64>,
    /// The episode's length, computed once (it may scan every segment).
    pub duration: Option<crate::episode::time::Seconds>,
    size: (u16, u16),
    wrap: WrapIndex,
    /// `text_ends[i]`: bytes of text in segments `0..=i`, for "how far
    /// through" and for the timeline.
    text_ends: Vec<usize>,
}

impl App {
    /// A reader on `episode` in a terminal of `width` × `height`.
    pub fn new(episode: Arc<Episode>, (width, height): (u16, u16), colors: bool) -> Self {
        let areas = Areas::new(width, height, true);
        let talk_shares = episode.talk_shares();
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
            mode: Mode::Reading,
            sidebar_wanted: true,
            colors,
            current: 0,
            top: Position::default(),
            resize_anchor: None,
            help_scroll: 0,
            search: SearchState::default(),
            goto: GoToState::default(),
            jumps: Vec::new(),
            bookmarks: BookmarkPanel::default(),
            now: std::time::SystemTime::now,
            message: None,
            talk_shares,
            duration,
            size: (width, height),
            wrap: WrapIndex::new(areas.text_width()),
            text_ends,
        }
    }

    /// The panes at the current size.
    pub fn areas(&self) -> Areas {
        Areas::new(self.size.0, self.size.1, self.sidebar_wanted)
    }

    /// The whole terminal.
    pub fn screen(&self) -> ratatui::layout::Rect {
        ratatui::layout::Rect::new(0, 0, self.size.0, self.size.1)
    }

    /// The wrap index for the transcript's current width.
    pub fn wrap(&self) -> &WrapIndex {
        &self.wrap
    }

    fn height(&self) -> usize {
        usize::from(self.areas().transcript.height)
    }

    /// The rows on screen now.
    pub fn visible_rows(&self) -> Vec<VisibleRow> {
        self.wrap.visible(&self.episode, self.top, self.height())
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
        let i = self.text_ends.partition_point(|&end| end <= byte);
        i.min(self.episode.segments.len().saturating_sub(1))
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
    pub fn restore(&mut self, place: Place) {
        let segment = place.top.segment.min(last_segment(self));
        let rows = self.wrap.row_count(&self.episode, segment);
        self.top = Position {
            segment,
            row: place.top.row.min(rows - 1),
        };
        self.current = place.current.min(last_segment(self));
    }

    fn bottom(&self) -> Position {
        let rows = self.height().saturating_sub(1);
        self.wrap.advance(&self.episode, self.top, rows)
    }
}

/// Applies one action. Returns what the event loop must do.
pub fn update(app: &mut App, action: Action) -> Effects {
    match action {
        Action::SearchResults { generation, hits } => {
            search_bar::results(app, generation, hits);
            return Vec::new();
        }
        Action::BookmarksChanged { bookmarks, .. } | Action::StoresLoaded { bookmarks, .. } => {
            bookmarks_panel::set_all(app, bookmarks);
            return Vec::new();
        }
        Action::Notice(notice) => {
            app.message = Some(notice);
            return Vec::new();
        }
        _ => {}
    }
    // What the user does next replaces the last note; results arriving from
    // workers do not, and neither does a resize (the note must stay long
    // enough to be read while the user drags the window's edge).
    if !matches!(action, Action::Resize(..)) {
        app.message = None;
    }
    if !matches!(action, Action::Resize(..) | Action::ToggleSidebar) {
        app.resize_anchor = None;
    }
    match action {
        Action::Resize(..) | Action::Quit | Action::Suspend => return update_common(app, action),
        _ => {}
    }
    match app.mode {
        Mode::Help => update_help(app, action),
        Mode::Reading => update_reading(app, action),
        Mode::Search => update_search(app, action),
        Mode::GoTo => update_goto(app, action),
        Mode::Bookmarks => bookmarks_panel::update_list(app, action),
        Mode::Note => bookmarks_panel::update_note(app, action, (app.now)()),
        _ => Vec::new(),
    }
}

fn update_search(app: &mut App, action: Action) -> Effects {
    match action {
        Action::PromptBackspace if app.search.prompt.input.is_empty() => search_bar::cancel(app),
        edit @ (Action::PromptInput(_)
        | Action::Paste(_)
        | Action::PromptBackspace
        | Action::ToggleRegex) => {
            app.search.prompt.edit(&edit);
            return search_bar::edited(app);
        }
        Action::HistoryPrevious => return search_bar::recall(app, true),
        Action::HistoryNext => return search_bar::recall(app, false),
        Action::PromptSubmit => return search_bar::submit(app),
        Action::Close => search_bar::cancel(app),
        other => return update_common(app, other),
    }
    Vec::new()
}

fn update_goto(app: &mut App, action: Action) -> Effects {
    match action {
        Action::PromptInput(c) => {
            app.goto.input.push(c);
            app.goto.error = None;
        }
        Action::Paste(text) => {
            app.goto.input.push_str(&text);
            app.goto.error = None;
        }
        Action::PromptBackspace => {
            app.goto.error = None;
            if app.goto.input.pop().is_none() {
                app.mode = Mode::Reading;
            }
        }
        Action::PromptSubmit => goto::submit(app),
        Action::Close => app.mode = Mode::Reading,
        other => return update_common(app, other),
    }
    Vec::new()
}

fn update_help(app: &mut App, action: Action) -> Effects {
    match action {
        Action::Close | Action::ToggleHelp => app.mode = Mode::Reading,
        Action::ScrollRows(n) => scroll_help(app, n),
        Action::ScrollHalfPages(n) => {
            let page = HelpLayout::new(app.screen()).visible_rows().max(1) as isize;
            scroll_help(app, n * (page / 2).max(1));
        }
        Action::ScrollPages(n) => {
            let page = HelpLayout::new(app.screen()).visible_rows().max(1) as isize;
            scroll_help(app, n * page);
        }
        Action::Top => app.help_scroll = 0,
        Action::Bottom => scroll_help(app, isize::MAX),
        other => return update_common(app, other),
    }
    Vec::new()
}

/// Scrolls the help, no further than its last row at the box's bottom (so
/// the way back up is as many keys as the way down).
fn scroll_help(app: &mut App, rows: isize) {
    let max = HelpLayout::new(app.screen()).max_scroll();
    app.help_scroll = app.help_scroll.saturating_add_signed(rows).min(max);
}

fn update_reading(app: &mut App, action: Action) -> Effects {
    let half_page = (app.height() / 2).max(1) as isize;
    let page = app.height().saturating_sub(1).max(1) as isize;
    match action {
        Action::ScrollRows(n) => scroll(app, n),
        Action::ScrollHalfPages(n) => scroll(app, n * half_page),
        Action::ScrollPages(n) => scroll(app, n * page),
        Action::Top => jump_to(app, 0),
        Action::Bottom => {
            app.top = max_top(app);
            app.current = app.episode.segments.len().saturating_sub(1);
        }
        Action::NextSegment => select(app, (app.current + 1).min(last_segment(app))),
        Action::PreviousSegment => select(app, app.current.saturating_sub(1)),
        Action::NextSpeaker => {
            let next = (app.current + 1..app.episode.segments.len())
                .find(|&i| starts_turn(&app.episode, i));
            match next {
                Some(i) => jump_to(app, i),
                None => app.message = Some("no later change of speaker".into()),
            }
        }
        Action::PreviousSpeaker => {
            let previous = (0..app.current)
                .rev()
                .find(|&i| starts_turn(&app.episode, i));
            jump_to(app, previous.unwrap_or(0));
        }
        Action::ToggleSidebar => {
            app.sidebar_wanted = !app.sidebar_wanted;
            relayout(app);
        }
        Action::ToggleHelp => {
            app.mode = Mode::Help;
            app.help_scroll = 0;
        }
        Action::Click(x, y) => click(app, x, y),
        Action::StartSearch => search_bar::start(app),
        Action::NextHit => search_bar::step(app, true),
        Action::PreviousHit => search_bar::step(app, false),
        Action::StartGoTo => goto::start(app),
        Action::JumpBack => match app.jumps.pop() {
            Some(place) => app.restore(place),
            None => app.message = Some("no earlier jump to go back to".into()),
        },
        Action::Bookmark => return bookmarks_panel::mark(app, String::new(), (app.now)()),
        Action::BookmarkWithNote => bookmarks_panel::start_note(app, None, String::new()),
        Action::OpenBookmarks => {
            bookmarks_panel::open_list(app);
            return vec![Effect::RefreshBookmarks];
        }
        Action::CopyQuote => {
            let quote = bookmarks_panel::quote_text(app);
            return copy(app, quote, "copied the quote".into());
        }
        Action::CopyLink => {
            let link = bookmarks_panel::link_text(app).unwrap_or_default();
            let done = format!("copied {link}");
            return copy(app, link, done);
        }
        Action::Close if app.search.kept_count().is_some() => search_bar::clear(app),
        Action::Close => return vec![Effect::Leave],
        other => return update_common(app, other),
    }
    Vec::new()
}

/// Copies `text`, saying `done`; or says it is too long to copy.
fn copy(app: &mut App, text: String, done: String) -> Effects {
    if !super::clipboard::fits(&text) {
        app.message = Some(super::clipboard::too_long_message(&text));
        return Vec::new();
    }
    app.message = Some(done);
    vec![Effect::Copy(text)]
}

/// Actions that mean the same in every mode.
fn update_common(app: &mut App, action: Action) -> Effects {
    match action {
        Action::Quit => return vec![Effect::Quit],
        Action::Suspend => return vec![Effect::Suspend],
        Action::Resize(width, height) => {
            app.size = (width, height);
            relayout(app);
        }
        _ => {}
    }
    Vec::new()
}

pub(super) fn last_segment(app: &App) -> usize {
    app.episode.segments.len().saturating_sub(1)
}

/// The lowest top that still fills the screen: the last page.
fn max_top(app: &App) -> Position {
    let end = app.wrap.end(&app.episode);
    app.wrap
        .retreat(&app.episode, end, app.height().saturating_sub(1))
}

/// Scrolls the view by rows; the current segment follows if it leaves the
/// screen. Scrolling down stops at the last page (or where a jump left the
/// view, if that is further down).
fn scroll(app: &mut App, rows: isize) {
    let n = rows.unsigned_abs();
    app.top = if rows >= 0 {
        let limit = max_top(app).max(app.top);
        app.wrap.advance(&app.episode, app.top, n).min(limit)
    } else {
        app.wrap.retreat(&app.episode, app.top, n)
    };
    keep_current_on_screen(app);
}

fn keep_current_on_screen(app: &mut App) {
    let rows = app.visible_rows();
    let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
        return;
    };
    app.current = app.current.clamp(first.segment, last.segment);
}

/// A jump: the target becomes current and shows at the top of the pane.
pub fn jump_to(app: &mut App, segment: usize) {
    let segment = segment.min(last_segment(app));
    app.current = segment;
    app.top = Position {
        segment,
        row: app.wrap.first_content_row(&app.episode, segment),
    };
}

/// A jump to a place inside a segment (a search hit): the segment shows at
/// the top, unless that would leave the byte below the screen, in which
/// case the byte's row shows with two rows of context above it.
pub fn jump_to_byte(app: &mut App, segment: usize, byte: usize) {
    jump_to(app, segment);
    let row = app.wrap.row_of_byte(&app.episode, segment, byte);
    if row >= app.top.row + app.height() {
        app.top.row = row.saturating_sub(2);
    }
}

/// Moves the highlight, scrolling only as far as needed to show it.
fn select(app: &mut App, segment: usize) {
    app.current = segment;
    let first = Position {
        segment,
        row: app.wrap.first_content_row(&app.episode, segment),
    };
    if first < app.top {
        app.top = first;
        return;
    }
    let last = Position {
        segment,
        row: app.wrap.row_count(&app.episode, segment) - 1,
    };
    if last > app.bottom() {
        let rows_above = app.height().saturating_sub(1);
        app.top = app.wrap.retreat(&app.episode, last, rows_above).min(first);
    }
}

/// A click on a transcript row makes its segment current.
fn click(app: &mut App, x: u16, y: u16) {
    let area = app.areas().transcript;
    let inside = x >= area.x && x < area.right() && y >= area.y && y < area.bottom();
    if !inside {
        return;
    }
    if let Some(row) = app.visible_rows().get(usize::from(y - area.y)) {
        app.current = row.segment;
    }
}

/// Rebuilds the wrap index after a change of width, keeping the top row on
/// the same text and the current segment current: if it no longer fits
/// below the top, the view scrolls to it (a following `m` or `y` must act
/// on the segment the user chose, not on one the new size happened to
/// leave at the bottom).
fn relayout(app: &mut App) {
    let width = app.areas().text_width();
    if width != app.wrap.width() {
        let byte = app
            .resize_anchor
            .or_else(|| app.wrap.byte_at(&app.episode, app.top));
        app.resize_anchor = byte;
        app.wrap = WrapIndex::new(width);
        let rows = app.wrap.row_count(&app.episode, app.top.segment);
        app.top.row = match byte {
            Some(byte) => app.wrap.row_of_byte(&app.episode, app.top.segment, byte),
            None => app.top.row.min(rows - 1),
        };
    }
    show_current(app);
}

/// Scrolls as little as needed to bring the current segment on screen.
fn show_current(app: &mut App) {
    let rows = app.visible_rows();
    let on_screen = rows
        .iter()
        .any(|row| row.segment == app.current && matches!(row.kind, RowKind::Text { .. }));
    if !on_screen && app.height() > 0 {
        select(app, app.current);
    }
}
