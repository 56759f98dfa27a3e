//! The library screen: every episode below a folder, filtered as you type,
//! and searched all at once with `/`. State and `update` only; loading and
//! searching run on workers (see `run.rs`) and come back as Actions.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::episode::Episode;
use crate::episode::metadata_line;
use crate::episode::time::format_duration;
use crate::library::cross_search::EpisodeHits;
use crate::library::filter::{FilterFields, ListFilter, MatchReason};
use crate::library::same_stem::{self, StemKey};
use crate::search::Hit;

use super::action::{Action, Effect, Effects, SearchRequest};
pub use super::library_order::SortKey;
use super::library_order::SortedEntries;
use super::line_editor::LineEditor;
use super::search_prompt::{Asked, SearchPrompt};

/// The terminal row of the list's first row (below the header and the
/// filter line; see `view/library.rs`).
const LIST_TOP: usize = 2;

/// One file of the library, loaded or not yet.
#[derive(Debug)]
pub struct LibraryEntry {
    pub path: PathBuf,
    /// `None` while its transcript is being parsed.
    pub episode: Option<Arc<Episode>>,
    /// Not a transcript after all: listed under skipped files instead.
    failed: bool,
    /// Another file of the same episode (same stem) is shown instead.
    shadowed: bool,
    /// The other files of this episode beside it (`.srt`, `.json`), named
    /// in its row.
    pub others: Vec<String>,
    pub title: String,
    pub guest: String,
    pub date: String,
    pub duration: String,
    /// The duration in seconds, for sorting by it.
    pub seconds: Option<crate::episode::time::Seconds>,
    /// The file's name, cleaned for the screen: shown beside a title that
    /// another episode shares.
    pub file_name: String,
    /// Title, guest, keywords and file name: what the filter matches.
    fields: FilterFields,
}

impl LibraryEntry {
    fn pending(path: PathBuf) -> Self {
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
        let title = crate::episode::text::clean(&stem.unwrap_or_default()).into_owned();
        let name = path.file_name().map(|s| s.to_string_lossy().into_owned());
        let file_name = crate::episode::text::clean(&name.unwrap_or_default()).into_owned();
        Self {
            fields: FilterFields::new(&title, "", &[], &file_name),
            file_name,
            seconds: None,
            path,
            episode: None,
            failed: false,
            shadowed: false,
            others: Vec::new(),
            title,
            guest: String::new(),
            date: String::new(),
            duration: String::new(),
        }
    }

    fn loaded(&mut self, episode: Arc<Episode>) {
        let text = |key: &str| {
            episode
                .metadata
                .get(key)
                .map(metadata_line)
                .unwrap_or_default()
        };
        self.title = episode.title.clone();
        self.guest = text("guest");
        self.date = text("publish_date");
        self.seconds = episode.duration_seconds();
        self.duration = self.seconds.map(format_duration).unwrap_or_default();
        let keywords = keywords(&episode);
        self.fields = FilterFields::new(&self.title, &self.guest, &keywords, &self.file_name);
        self.episode = Some(episode);
    }
}

/// An episode's keywords, one per item of its metadata's list (or the
/// comma-separated parts of a line).
fn keywords(episode: &Episode) -> Vec<String> {
    use serde_json::Value;
    match episode.metadata.get("keywords") {
        Some(Value::Array(items)) => items.iter().map(metadata_line).collect(),
        Some(other) => metadata_line(other)
            .split(',')
            .map(|k| k.trim().to_string())
            .filter(|k| !k.is_empty())
            .collect(),
        None => Vec::new(),
    }
}

/// What the library's keys are driving.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LibraryMode {
    /// The list, with the filter open and typed into (where the library
    /// starts: typing filters at once).
    List,
    /// The list with no prompt open: single keys act (`q` quits, `s`
    /// sorts, `f` opens the filter again).
    Browse,
    /// Why files were skipped.
    Skipped,
    /// `/`: search across every episode.
    Search,
}

/// The search across episodes.
#[derive(Debug, Default)]
pub struct CrossSearch {
    /// The query as typed, its options, and the search asked last.
    pub prompt: SearchPrompt,
    /// Episodes with hits, in library order.
    pub results: Vec<EpisodeHits>,
    /// `group_rows[g]`: the row of group `g`'s header in the results list.
    group_rows: Vec<usize>,
    /// The selected row (always a hit row when there are hits).
    pub selected: usize,
    pub top: usize,
    /// The results shown are those found so far by a search still running.
    partial: bool,
}

impl CrossSearch {
    /// Rows in the results list: a header per episode and a row per hit.
    pub fn row_count(&self) -> usize {
        self.group_rows.last().map_or(0, |&last| {
            last + 1 + self.results.last().map_or(0, |g| g.hits.len())
        })
    }

    /// What row `row` shows: the group, and the hit within it (`None` for
    /// the group's header).
    pub fn row(&self, row: usize) -> Option<(usize, Option<usize>)> {
        let group = self
            .group_rows
            .partition_point(|&start| start <= row)
            .checked_sub(1)?;
        let offset = row - self.group_rows[group];
        let hits = self.results[group].hits.len();
        match offset {
            0 => Some((group, None)),
            o if o <= hits => Some((group, Some(o - 1))),
            _ => None,
        }
    }

    /// Whether the results shown are this query's, found so far by a
    /// search still running (the first screenful of them, or more).
    pub fn is_partial(&self) -> bool {
        self.partial && self.prompt.pending
    }

    /// Total hits across episodes.
    pub fn hit_count(&self) -> usize {
        self.results.iter().map(|g| g.count).sum()
    }

    fn set_results(&mut self, results: Vec<EpisodeHits>) {
        let mut row = 0;
        self.group_rows = results
            .iter()
            .map(|group| {
                let start = row;
                row += 1 + group.hits.len();
                start
            })
            .collect();
        self.results = results;
        self.selected = usize::from(!self.results.is_empty());
        self.top = 0;
    }

    /// The rest of a search whose first screenful is shown: the selection
    /// and scrolling stay where the user put them.
    fn complete_results(&mut self, results: Vec<EpisodeHits>) {
        let (selected, top) = (self.selected, self.top);
        self.set_results(results);
        if selected < self.row_count() && self.row(selected).is_some_and(|(_, hit)| hit.is_some()) {
            (self.selected, self.top) = (selected, top);
        }
    }
}

/// Everything the library screen shows.
#[derive(Debug)]
pub struct Library {
    /// The folder, as the user named it.
    pub root: String,
    /// Every candidate file, in the order found; `order` sorts them.
    pub entries: Vec<LibraryEntry>,
    /// Files that are not episodes, and why.
    pub skipped: Vec<(String, String)>,
    /// LibraryEntry indices in the order `sort` says, merged in batches as
    /// entries arrive and load.
    order: SortedEntries,
    /// What the list is sorted by (`s` cycles).
    pub sort: SortKey,
    /// LibraryEntry indices the filter lets through, best match first.
    pub visible: Vec<usize>,
    /// Why each of `visible` matched, beside it (empty with no filter).
    pub reasons: Vec<MatchReason>,
    /// How many listed episodes have each title: a title that several
    /// share is shown with its file's name.
    title_counts: HashMap<String, usize>,
    /// Index into `visible`.
    pub selected: usize,
    /// The first row of `visible` on screen.
    pub top: usize,
    /// The entry the user moved the selection to, kept selected while the
    /// list fills in; `None`: the selection stays on the first row.
    pinned: Option<usize>,
    pub filter: LineEditor,
    pub mode: LibraryMode,
    /// The list's mode (filter open or not) to go back to from the
    /// search or the skipped files.
    list_mode: LibraryMode,
    pub skipped_scroll: usize,
    pub search: CrossSearch,
    /// Files still being parsed.
    pub loading: usize,
    /// Whether the folder is still being walked for files.
    pub scanning: bool,
    /// Episodes loaded so far.
    episodes: usize,
    /// Loaded files not shown because a better file of the same episode is.
    shadowed: usize,
    /// The entries of each folder and stem: files of one episode.
    stems: HashMap<StemKey, Vec<usize>>,
    /// Rows available for the list (set from the terminal size).
    pub page_rows: usize,
    /// A one-off note for the footer, cleared by the next key.
    pub message: Option<String>,
    list_filter: ListFilter,
    /// The filter `visible` was ranked for, and the entries it let through:
    /// a longer filter only ranks those again.
    narrowed: Narrowed,
}

/// What the last ranking let through, so that typing one more character
/// ranks only the entries still in the running (a match for `abc` is a
/// match for `ab`), not the whole library again.
#[derive(Debug, Default)]
struct Narrowed {
    filter: String,
    /// The ranking was of close matches (a fuzzy one does not narrow).
    close: bool,
    /// `passed[entry]`: whether `entry` matched `filter`.
    passed: Vec<bool>,
}

impl Library {
    /// A library of `root` whose files are still being looked for: they
    /// arrive with [`Action::LibraryScanned`].
    pub fn scanning(root: String) -> Self {
        Self {
            root,
            entries: Vec::new(),
            skipped: Vec::new(),
            order: SortedEntries::default(),
            sort: SortKey::default(),
            visible: Vec::new(),
            reasons: Vec::new(),
            title_counts: HashMap::new(),
            selected: 0,
            top: 0,
            pinned: None,
            filter: LineEditor::default(),
            mode: LibraryMode::List,
            list_mode: LibraryMode::List,
            skipped_scroll: 0,
            search: CrossSearch::default(),
            loading: 0,
            scanning: true,
            episodes: 0,
            shadowed: 0,
            stems: HashMap::new(),
            page_rows: 20,
            message: None,
            list_filter: ListFilter::default(),
            narrowed: Narrowed::default(),
        }
    }

    /// A library of `files` below `root`, none loaded yet.
    pub fn new(root: String, files: Vec<PathBuf>, skipped: Vec<(String, String)>) -> Self {
        let mut library = Self::scanning(root);
        library.scanned(files, skipped, true);
        library
    }

    /// The entry under the selection.
    pub fn selected_entry(&self) -> Option<usize> {
        self.visible.get(self.selected).copied()
    }

    /// Episodes loaded so far (several files of one episode count once).
    pub fn episode_count(&self) -> usize {
        self.episodes - self.shadowed
    }

    /// Whether every file is found and parsed.
    pub fn is_complete(&self) -> bool {
        !self.scanning && self.loading == 0
    }

    /// More files found (and skipped); `done`: the walk is over.
    fn scanned(&mut self, files: Vec<PathBuf>, skipped: Vec<(String, String)>, done: bool) {
        self.loading += files.len();
        for path in files {
            let entry = self.entries.len();
            if let Some(key) = StemKey::of(&path) {
                self.stems.entry(key).or_default().push(entry);
            }
            self.order.stage(entry);
            self.entries.push(LibraryEntry::pending(path));
        }
        self.skipped.extend(skipped);
        self.scanning &= !done;
        self.settle_when_due();
    }

    /// A transcript finished parsing (or turned out not to be one).
    fn loaded(&mut self, entry: usize, result: Result<Arc<Episode>, String>) {
        let Some(slot) = self.entries.get_mut(entry) else {
            return;
        };
        if slot.episode.is_some() || slot.failed {
            return; // told twice: counted once
        }
        self.loading = self.loading.saturating_sub(1);
        match result {
            Ok(episode) => {
                slot.loaded(episode);
                self.episodes += 1;
                // Its title changed: the next narrowing ranks it again.
                if let Some(passed) = self.narrowed.passed.get_mut(entry) {
                    *passed = true;
                }
                self.choose_among_same_stem(entry);
            }
            Err(reason) => {
                let path = slot.path.display().to_string();
                let path = crate::episode::text::clean(&path).into_owned();
                self.skipped.push((path, reason));
                slot.failed = true;
            }
        }
        self.order.stage(entry);
        self.settle_when_due();
    }

    /// `entry` loaded: of the loaded files sharing its stem, the best is
    /// shown, naming the others; the others leave the list.
    fn choose_among_same_stem(&mut self, entry: usize) {
        let Some(group) = StemKey::of(&self.entries[entry].path).and_then(|k| self.stems.get(&k))
        else {
            return;
        };
        let entries = &self.entries;
        let loaded: Vec<usize> = group
            .iter()
            .copied()
            .filter(|&e| entries[e].episode.is_some())
            .collect();
        let pair = |e: usize| (entries[e].path.as_path(), entries[e].episode.as_deref());
        let Some(best) = loaded
            .iter()
            .copied()
            .min_by(|&a, &b| match (pair(a), pair(b)) {
                ((pa, Some(ea)), (pb, Some(eb))) => same_stem::better((pa, ea), (pb, eb)),
                _ => std::cmp::Ordering::Equal,
            })
        else {
            return;
        };
        let mut others: Vec<String> = Vec::new();
        for &e in &loaded {
            let shadow = e != best;
            if shadow {
                others.push(same_stem::other_name(&self.entries[e].path));
            }
            if self.entries[e].shadowed != shadow {
                self.entries[e].shadowed = shadow;
                self.shadowed = if shadow {
                    self.shadowed + 1
                } else {
                    self.shadowed - 1
                };
                self.order.stage(e);
            }
        }
        others.sort();
        self.entries[best].others = others;
    }

    /// Merges what arrived once there is enough of it, or all is in.
    fn settle_when_due(&mut self) {
        if self.order.is_due() || (self.is_complete() && self.order.has_staged()) {
            self.settle();
        }
    }

    /// Puts every new or changed entry in its place and filters again.
    fn settle(&mut self) {
        let entries = &self.entries;
        let sort = self.sort;
        self.order.merge(
            |i| !entries[i].failed && !entries[i].shadowed,
            |a, b| compare(sort, &entries[a], &entries[b]).then(a.cmp(&b)),
        );
        self.count_titles();
        self.refilter();
    }

    /// `s`: the next order; the selected episode stays selected.
    fn cycle_sort(&mut self) {
        self.sort = self.sort.next();
        self.pinned = self.pinned.or(self.selected_entry());
        self.order.stage_all();
        self.settle();
    }

    fn count_titles(&mut self) {
        self.title_counts.clear();
        for &entry in self.order.as_slice() {
            let title = &self.entries[entry].title;
            *self.title_counts.entry(title.clone()).or_default() += 1;
        }
    }

    /// Whether another listed episode has `entry`'s title.
    pub fn shares_title(&self, entry: &LibraryEntry) -> bool {
        self.title_counts.get(&entry.title).is_some_and(|&n| n > 1)
    }

    /// Re-applies the filter after the list changed underneath: the entry
    /// the user chose stays selected, on the same screen row; otherwise the
    /// selection stays on the first row (the newest, or the best match).
    fn refilter(&mut self) {
        let row_on_screen = self.selected.saturating_sub(self.top);
        self.apply_filter(false);
        let kept = self
            .pinned
            .and_then(|entry| self.visible.iter().position(|&e| e == entry));
        match (kept, self.pinned) {
            (Some(selected), _) => {
                self.selected = selected;
                self.top = selected.saturating_sub(row_on_screen);
            }
            (None, None) => (self.selected, self.top) = (0, 0),
            // The chosen entry is gone (not a transcript after all): the
            // selection stays on its row.
            (None, Some(_)) => {
                self.selected = self.selected.min(self.visible.len().saturating_sub(1));
            }
        }
        self.scroll_to_selection();
    }

    /// Edits the filter; the best match is then selected.
    fn edit_filter(&mut self, edit: impl FnOnce(&mut LineEditor)) {
        edit(&mut self.filter);
        self.filter_edited();
    }

    /// The row of the list (0 for the first on screen) at terminal row
    /// `y`, if `y` is in the list's area (below the header and the filter
    /// line, above the footer).
    fn list_row(&self, y: u16) -> Option<usize> {
        let row = usize::from(y).checked_sub(LIST_TOP)?;
        // The list has one row more than a page (`page_rows` keeps one back).
        (row <= self.page_rows).then_some(row)
    }

    /// A click on the list selects the row under it.
    fn click_row(&mut self, y: u16) {
        let Some(row) = self.list_row(y) else {
            return;
        };
        let index = self.top + row;
        if index < self.visible.len() {
            self.selected = index;
            self.pinned = self.selected_entry();
        }
    }

    /// A click on the search's results selects the match under it.
    fn click_hit(&mut self, y: u16) {
        let Some(row) = self.list_row(y) else {
            return;
        };
        let search = &mut self.search;
        let row = search.top + row;
        if matches!(search.row(row), Some((_, Some(_)))) {
            search.selected = row;
        }
    }

    /// The search's selection moves to `entry`'s first match shown (its
    /// last going back): where Esc from a tour of the results comes back.
    pub fn select_result(&mut self, entry: usize, hit: usize) {
        let search = &mut self.search;
        let Some(group) = search.results.iter().position(|g| g.entry == entry) else {
            return;
        };
        let shown = search.results[group].hits.len();
        let row = search.group_rows[group] + 1 + hit.min(shown.saturating_sub(1));
        search.selected = row;
        let page = self.page_rows.max(1);
        if row < search.top + 1 || row >= search.top + page {
            search.top = row.saturating_sub(1);
        }
    }

    /// The filter changed: the best match is selected, as in fzf.
    fn filter_edited(&mut self) {
        self.apply_filter(true);
        self.pinned = None;
        self.selected = 0;
        self.top = 0;
    }

    /// Ranks the list against the filter. `narrow`: the list is unchanged
    /// since the last ranking, so a filter that extends the last one only
    /// ranks what the last one let through (in list order, so ties come out
    /// as a full ranking would give them). A `!` (nucleo's "not") breaks
    /// that rule: such a filter always ranks everything.
    fn apply_filter(&mut self, narrow: bool) {
        let last = &self.narrowed;
        let narrow = narrow
            && last.close
            && !last.filter.trim().is_empty()
            && self.filter.as_str().starts_with(&last.filter)
            // `!word` leaves out less as the word grows.
            && !self.filter.as_str().contains('!');
        if self.filter.as_str().trim().is_empty() {
            self.visible = self.order.as_slice().to_vec();
            self.reasons.clear();
        } else if !(narrow && self.rank_narrowed()) {
            let all = self.order.as_slice();
            let fields: Vec<&FilterFields> = all.iter().map(|&e| &self.entries[e].fields).collect();
            let ranked = self.list_filter.rank(self.filter.as_str(), &fields);
            self.narrowed.close = ranked
                .first()
                .is_some_and(|r| r.reason != MatchReason::Fuzzy);
            (self.visible, self.reasons) =
                ranked.into_iter().map(|r| (all[r.index], r.reason)).unzip();
        }
        let passed = &mut self.narrowed.passed;
        passed.clear();
        passed.resize(self.entries.len(), false);
        for &entry in &self.visible {
            passed[entry] = true;
        }
        self.narrowed.filter = self.filter.as_str().to_string();
    }

    /// Ranks only what the last (close) ranking let through: a longer
    /// filter's close matches are among them. False when none of them
    /// matches closely, so that the fuzzy fallback looks at everything.
    fn rank_narrowed(&mut self) -> bool {
        let passed = &self.narrowed.passed;
        let candidates: Vec<usize> = (self.order.as_slice().iter().copied())
            .filter(|&e| passed.get(e) == Some(&true))
            .collect();
        let fields: Vec<&FilterFields> = candidates
            .iter()
            .map(|&e| &self.entries[e].fields)
            .collect();
        let ranked = self.list_filter.rank_closely(self.filter.as_str(), &fields);
        if ranked.is_empty() {
            return false;
        }
        (self.visible, self.reasons) = ranked
            .into_iter()
            .map(|r| (candidates[r.index], r.reason))
            .unzip();
        true
    }

    fn scroll_to_selection(&mut self) {
        let rows = self.page_rows.max(1);
        if self.selected < self.top {
            self.top = self.selected;
        } else if self.selected >= self.top + rows {
            self.top = self.selected + 1 - rows;
        }
    }

    /// The user moves the selection: it stays on that entry from now on.
    fn move_selection(&mut self, by: isize) {
        let last = self.visible.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(by).min(last);
        self.pinned = self.selected_entry();
        self.scroll_to_selection();
    }
}

/// How two entries compare under `sort`; ties go by title, then date.
fn compare(sort: SortKey, x: &LibraryEntry, y: &LibraryEntry) -> std::cmp::Ordering {
    let title = || caseless_cmp(&x.title, &y.title);
    let newest_first = || y.date.cmp(&x.date);
    // An empty key (no guest, no duration) sorts last.
    let present_first = |a: bool, b: bool| b.cmp(&a);
    match sort {
        SortKey::Date => newest_first().then_with(|| x.title.cmp(&y.title)),
        SortKey::Title => title().then_with(newest_first),
        SortKey::Guest => present_first(!x.guest.is_empty(), !y.guest.is_empty())
            .then_with(|| caseless_cmp(&x.guest, &y.guest))
            .then_with(newest_first),
        SortKey::Duration => present_first(x.seconds.is_some(), y.seconds.is_some())
            .then_with(|| x.seconds.cmp(&y.seconds))
            .then_with(title),
    }
}

/// `a` and `b` compared letter by letter whatever their case, without
/// making lower-cased copies.
fn caseless_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    a.chars()
        .flat_map(char::to_lowercase)
        .cmp(b.chars().flat_map(char::to_lowercase))
}

/// What opening the selection asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Open {
    /// The episode, at its saved place.
    Episode(usize),
    /// The episode at a search hit, the search carried over.
    Hit {
        entry: usize,
        hit: usize,
        hits: Vec<Hit>,
        query: String,
        regex: bool,
    },
}

/// Applies one action to the library. `Some(Open)` when an episode should
/// open in the reader.
pub fn update(library: &mut Library, action: Action) -> (Effects, Option<Open>) {
    match action {
        Action::LibraryLoaded { entry, result } => library.loaded(entry, result),
        Action::LibraryScanned {
            files,
            skipped,
            done,
        } => library.scanned(files, skipped, done),
        Action::LibrarySearchResults {
            generation,
            results,
            done,
        } => {
            let search = &mut library.search;
            if generation == search.prompt.generation {
                // Results found so far came before: the user may be moving
                // among them.
                let partial_shown = search.prompt.pending && search.partial;
                search.prompt.pending = !done;
                search.partial = !done;
                if partial_shown {
                    search.complete_results(results);
                } else {
                    search.set_results(results);
                }
            }
        }
        Action::Resize(_, height) => {
            library.page_rows = usize::from(height.saturating_sub(4)).max(1);
            library.scroll_to_selection();
        }
        Action::Quit => return (vec![Effect::Quit], None),
        Action::Suspend => return (vec![Effect::Suspend], None),
        other => {
            library.message = None;
            return match library.mode {
                LibraryMode::List => update_list(library, other),
                LibraryMode::Browse => update_browse(library, other),
                LibraryMode::Skipped => (update_skipped(library, other), None),
                LibraryMode::Search => update_search(library, other),
            };
        }
    }
    (Vec::new(), None)
}

fn update_list(library: &mut Library, action: Action) -> (Effects, Option<Open>) {
    match action {
        // Esc clears the filter, then leaves it: quitting is `q` from there.
        Action::Close if !library.filter.is_empty() => library.edit_filter(LineEditor::clear),
        Action::Close => library.mode = LibraryMode::Browse,
        other => return update_either_list(library, other),
    }
    (Vec::new(), None)
}

fn update_browse(library: &mut Library, action: Action) -> (Effects, Option<Open>) {
    match action {
        Action::StartFilter => library.mode = LibraryMode::List,
        // Typing or pasting opens the filter with it.
        Action::PromptInput(_) | Action::Paste(_) => {
            library.mode = LibraryMode::List;
            return update_list(library, action);
        }
        Action::CycleSort => library.cycle_sort(),
        Action::Close => library.message = Some("q quits · f filters · / searches".into()),
        other => return update_either_list(library, other),
    }
    (Vec::new(), None)
}

/// What the list does whether or not the filter is open.
fn update_either_list(library: &mut Library, action: Action) -> (Effects, Option<Open>) {
    let page = library.page_rows.max(1) as isize;
    // Typing and line edits go to the filter (a cursor move changes no
    // text and ranks nothing again).
    if library.filter.edit(&action) {
        library.filter_edited();
        return (Vec::new(), None);
    }
    match action {
        Action::ScrollRows(n) => library.move_selection(n),
        Action::ScrollPages(n) => library.move_selection(n * page),
        Action::Top => library.move_selection(isize::MIN / 2),
        Action::Bottom => library.move_selection(isize::MAX / 2),
        Action::PromptSubmit => return (Vec::new(), library.selected_entry().map(Open::Episode)),
        Action::Click(_, y) => library.click_row(y),
        Action::DoubleClick(_, y) => {
            library.click_row(y);
            // Below the last row there is nothing to open.
            let clicked =
                (library.list_row(y)).is_some_and(|row| library.top + row < library.visible.len());
            return (
                Vec::new(),
                library
                    .selected_entry()
                    .filter(|_| clicked)
                    .map(Open::Episode),
            );
        }
        Action::StartSearch => {
            library.list_mode = library.mode;
            library.mode = LibraryMode::Search;
            return (rerun_search(library), None);
        }
        Action::ToggleSkipped => {
            library.list_mode = library.mode;
            library.mode = LibraryMode::Skipped;
        }
        _ => {}
    }
    (Vec::new(), None)
}

fn update_skipped(library: &mut Library, action: Action) -> Effects {
    match action {
        Action::ScrollRows(n) => {
            let last = library.skipped.len().saturating_sub(1);
            library.skipped_scroll = library.skipped_scroll.saturating_add_signed(n).min(last);
        }
        Action::Close | Action::ToggleSkipped => library.mode = library.list_mode,
        _ => {}
    }
    Vec::new()
}

fn update_search(library: &mut Library, action: Action) -> (Effects, Option<Open>) {
    if library.search.prompt.edit(&action) {
        return (rerun_search(library), None);
    }
    match action {
        Action::ScrollRows(n) => move_hit_selection(library, n),
        Action::ScrollPages(n) => move_hit_selection(library, n * library.page_rows as isize),
        Action::PromptSubmit => return (Vec::new(), open_selected_hit(library)),
        Action::Close => library.mode = library.list_mode,
        Action::Click(_, y) => library.click_hit(y),
        Action::DoubleClick(_, y) => {
            library.click_hit(y);
            let on_hit = (library.list_row(y))
                .is_some_and(|row| row + library.search.top == library.search.selected);
            if on_hit {
                return (Vec::new(), open_selected_hit(library));
            }
        }
        _ => {}
    }
    (Vec::new(), None)
}

/// Starts a search over every loaded episode (on the worker).
fn rerun_search(library: &mut Library) -> Effects {
    let search = &mut library.search;
    search.partial = false;
    match search.prompt.ask() {
        Asked::Nothing => {
            search.set_results(Vec::new());
            Vec::new()
        }
        Asked::Search(query) => {
            let episodes = library
                .order
                .as_slice()
                .iter()
                .filter_map(|&i| Some((i, Arc::clone(library.entries[i].episode.as_ref()?))))
                .collect();
            vec![Effect::Search(SearchRequest::Library {
                generation: search.prompt.generation,
                query: Arc::new(query),
                episodes,
            })]
        }
        Asked::Invalid => {
            // Results still coming for the query before the mistake are
            // dropped here (the reader's bar keeps them).
            search.prompt.generation += 1;
            Vec::new()
        }
    }
}

/// Moves the selection among hit rows, stepping over episode headers.
fn move_hit_selection(library: &mut Library, by: isize) {
    let search = &mut library.search;
    let rows = search.row_count();
    if rows == 0 {
        return;
    }
    let mut row = search.selected.saturating_add_signed(by).min(rows - 1);
    while matches!(search.row(row), Some((_, None))) {
        row = if by < 0 && row > 0 { row - 1 } else { row + 1 };
        if row >= rows {
            row = search.selected;
            break;
        }
    }
    if matches!(search.row(row), Some((_, None))) {
        row += 1; // the first header, when moving up past it
    }
    search.selected = row.min(rows - 1);
    let page = library.page_rows.max(1);
    if search.selected < search.top + 1 {
        search.top = search.selected.saturating_sub(1);
    } else if search.selected >= search.top + page {
        search.top = search.selected + 1 - page;
    }
}

fn open_selected_hit(library: &Library) -> Option<Open> {
    let search = &library.search;
    let (group, Some(hit)) = search.row(search.selected)? else {
        return None;
    };
    let group = &search.results[group];
    // Only the first few hits were kept: find them all in this episode,
    // for `n` and `N` to go on.
    let episode = library.entries.get(group.entry)?.episode.as_ref()?;
    let query = search.prompt.query()?;
    let hits = crate::search::find_all(episode, &query);
    let chosen = group.hits.get(hit)?;
    Some(Open::Hit {
        entry: group.entry,
        hit: hits.iter().position(|h| h == chosen)?,
        hits,
        query: search.prompt.input.as_str().to_string(),
        regex: search.prompt.regex,
    })
}
