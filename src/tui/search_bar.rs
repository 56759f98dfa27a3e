//! The reader's search: the bar's state, and how `update` treats `/`, typing,
//! Enter, Esc, `n` and `N`.
//!
//! Searching itself runs off the UI thread: each keystroke bumps a
//! generation and asks for a search ([`Effect::Search`]); results come back
//! as [`Action::SearchResults`](super::action::Action::SearchResults) and are dropped if a newer generation exists,
//! so typing never waits on a search.

use std::sync::Arc;

use crate::search::{self, Hit};

use super::action::{Effect, Effects};
use super::app::{App, Place, jump_to_byte};
use super::keymap::Mode;
use super::search_prompt::{Asked, SearchPrompt};

/// What the search bar holds.
#[derive(Debug, Default)]
pub struct SearchState {
    /// The query as typed, its options, and the search asked last.
    pub prompt: SearchPrompt,
    /// The hits of the last query that ran, sorted.
    pub hits: Vec<Hit>,
    /// Index into `hits` of the current match.
    pub current: Option<usize>,
    /// Whether hits are highlighted (Esc in the reader turns it off).
    pub highlight: bool,
    /// The query whose hits are shown (the input is cleared by a new `/`
    /// while the old hits stay highlighted).
    pub shown: String,
    /// The query of the search asked for last, shown once its hits are in.
    asked: String,
    /// Set by `/` Enter on an empty bar: the hits asked for go on from this
    /// hit (the current one, if it was in the current segment), as `n`.
    repeat: Option<Option<Hit>>,
    /// Where the reader was when `/` was pressed: Esc goes back there.
    origin: Option<Place>,
    history: Vec<String>,
    /// While recalling with Up/Down: the history entry shown.
    history_cursor: Option<usize>,
}

impl SearchState {
    /// The hits to highlight: none once highlighting is off.
    pub fn visible_hits(&self) -> &[Hit] {
        if self.highlight { &self.hits } else { &[] }
    }

    /// `K/N`, `no match`, or nothing when nothing is typed: a fresh `/`
    /// shows no count left over from the last search.
    pub fn counter(&self) -> Option<String> {
        if self.prompt.input.is_empty() {
            return None;
        }
        Some(self.count_text())
    }

    /// The count of the search kept after Enter, for the status line; none
    /// when no hits are highlighted.
    pub fn kept_count(&self) -> Option<String> {
        (self.highlight && !self.shown.is_empty()).then(|| self.count_text())
    }

    fn count_text(&self) -> String {
        match (self.current, self.hits.len()) {
            (_, 0) if self.prompt.pending => "searching…".to_string(),
            (_, 0) => "no match".to_string(),
            (Some(k), n) => format!("{}/{n}", k + 1),
            (None, n) => format!("-/{n}"),
        }
    }
}

/// `/`: opens the bar, remembering where the reader is.
pub fn start(app: &mut App) {
    app.mode = Mode::Search;
    app.search.prompt.input.clear();
    app.search.prompt.error = None;
    app.search.history_cursor = None;
    app.search.origin = Some(app.place());
}

/// A key typed in the bar changed the query (or its options): search again.
pub fn edited(app: &mut App) -> Effects {
    app.search.history_cursor = None;
    rerun(app)
}

fn rerun(app: &mut App) -> Effects {
    let state = &mut app.search;
    match state.prompt.ask() {
        Asked::Nothing => {
            state.hits.clear();
            state.shown.clear();
            state.current = None;
            if let Some(origin) = state.origin {
                app.restore(origin);
            }
            Vec::new()
        }
        Asked::Search(query) => {
            state.asked.clone_from(&state.prompt.input);
            vec![Effect::Search {
                generation: state.prompt.generation,
                query: Arc::new(query),
                episode: Arc::clone(&app.episode),
            }]
        }
        Asked::Invalid => Vec::new(),
    }
}

/// Results are in: show them, and while typing land on the first hit at or
/// after where the search started.
pub fn results(app: &mut App, generation: u64, hits: Vec<Hit>) {
    if generation != app.search.prompt.generation {
        return; // stale: a newer query is on its way
    }
    let state = &mut app.search;
    state.prompt.pending = false;
    state.hits = hits;
    state.highlight = true;
    state.shown.clone_from(&state.asked);
    if let Some(anchor) = state.repeat.take() {
        // `/` Enter repeated the last search: go on from the hit the
        // reader was on, as `n` does.
        state.current = anchor.and_then(|hit| state.hits.iter().position(|h| *h == hit));
        step(app, true);
        return;
    }
    let from = state.origin.map_or(app.current, |o| o.current);
    state.current = search::first_hit_at_or_after(&state.hits, from);
    match state.current {
        Some(k) => {
            let (segment, byte) = (state.hits[k].segment, state.hits[k].range.start);
            jump_to_byte(app, segment, byte);
        }
        None => {
            if let Some(origin) = state.origin {
                app.restore(origin);
            }
        }
    }
}

/// Opens the reader on a hit found in the library: the query, its options
/// and its hits carried over, as if typed here, so `n` / `N` go on.
pub fn carry_over(app: &mut App, query: String, regex: bool, hits: Vec<Hit>, current: usize) {
    let state = &mut app.search;
    state.history.push(query.clone());
    state.shown.clone_from(&query);
    state.prompt.input = query;
    state.prompt.regex = regex;
    state.hits = hits;
    state.highlight = true;
    let Some(hit) = state.hits.get(current) else {
        return;
    };
    state.current = Some(current);
    let (segment, byte) = (hit.segment, hit.range.start);
    jump_to_byte(app, segment, byte);
}

/// Enter: keep the search; the place before it joins the jump list. On an
/// empty bar, Enter repeats the last search (as in less and vim).
pub fn submit(app: &mut App) -> Effects {
    app.mode = Mode::Reading;
    if app.search.prompt.input.is_empty() {
        return repeat_last(app);
    }
    let state = &mut app.search;
    let query = state.prompt.input.trim().to_string();
    if !query.is_empty() && state.history.last() != Some(&query) {
        state.history.push(query);
    }
    if let Some(origin) = state.origin.take()
        && state.current.is_some()
    {
        app.jumps.push(origin);
    }
    Vec::new()
}

/// `/` Enter: the last query again, going on to its next hit (the search
/// runs again, as the regex mode may have changed since).
fn repeat_last(app: &mut App) -> Effects {
    let state = &mut app.search;
    state.origin = None;
    let Some(last) = state.history.last().cloned() else {
        app.message = Some("no earlier search to repeat".into());
        return Vec::new();
    };
    let anchor = state
        .current
        .and_then(|k| state.hits.get(k))
        .filter(|hit| hit.segment == app.current)
        .cloned();
    state.prompt.input = last;
    state.repeat = Some(anchor);
    let effects = rerun(app);
    if effects.is_empty() {
        // The query does not run now (regex mode was toggled since, or it
        // was a speaker filter alone): say why.
        let state = &mut app.search;
        state.repeat = None;
        let why = state
            .prompt
            .error
            .as_deref()
            .unwrap_or("nothing to search for");
        app.message = Some(format!("/{}: {why}", state.prompt.input));
    }
    effects
}

/// Esc while typing: back to where `/` was pressed; the hits stay
/// highlighted until the next Esc.
pub fn cancel(app: &mut App) {
    app.mode = Mode::Reading;
    if let Some(origin) = app.search.origin.take() {
        app.restore(origin);
    }
}

/// Esc in the reader: clear the highlights.
pub fn clear(app: &mut App) {
    app.search.highlight = false;
}

/// Up / Down in the bar: walk through earlier queries.
pub fn recall(app: &mut App, older: bool) -> Effects {
    let state = &mut app.search;
    if state.history.is_empty() {
        return Vec::new();
    }
    let last = state.history.len() - 1;
    let cursor = match (state.history_cursor, older) {
        (None, true) => Some(last),
        (None, false) => return Vec::new(),
        (Some(i), true) => Some(i.saturating_sub(1)),
        (Some(i), false) if i < last => Some(i + 1),
        (Some(_), false) => None,
    };
    state.history_cursor = cursor;
    state.prompt.input = cursor.map_or_else(String::new, |i| state.history[i].clone());
    rerun(app)
}

/// `n` / `N`: the next or previous hit from the current segment, wrapping
/// around with a note.
pub fn step(app: &mut App, forward: bool) {
    let state = &app.search;
    if state.hits.is_empty() {
        app.message = Some(if state.prompt.input.is_empty() {
            "no search yet: press / to search".into()
        } else {
            "no match".into()
        });
        return;
    }
    let (target, wrapped) = next_hit_index(&state.hits, state.current, app.current, forward);
    app.search.current = Some(target);
    app.search.highlight = true;
    if wrapped {
        app.message = Some(if forward {
            "search wrapped to the top".into()
        } else {
            "search wrapped to the bottom".into()
        });
    }
    app.jumps.push(app.place());
    let (segment, byte) = (
        app.search.hits[target].segment,
        app.search.hits[target].range.start,
    );
    jump_to_byte(app, segment, byte);
}

/// The hit after (or before) the current one when it is in the current
/// segment, else the first hit past the current segment; and whether that
/// wrapped around the transcript.
fn next_hit_index(
    hits: &[Hit],
    current_hit: Option<usize>,
    segment: usize,
    forward: bool,
) -> (usize, bool) {
    let n = hits.len();
    let anchored = current_hit.filter(|&k| hits[k].segment == segment);
    if forward {
        let next = match anchored {
            Some(k) => k + 1,
            None => hits.partition_point(|h| h.segment <= segment),
        };
        if next < n { (next, false) } else { (0, true) }
    } else {
        let before = match anchored {
            Some(k) => k,
            None => hits.partition_point(|h| h.segment < segment),
        };
        if before > 0 {
            (before - 1, false)
        } else {
            (n - 1, true)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(segments: &[usize]) -> Vec<Hit> {
        segments
            .iter()
            .map(|&segment| Hit {
                segment,
                range: 0..1,
            })
            .collect()
    }

    #[test]
    fn next_and_previous_hits_wrap() {
        let h = hits(&[2, 2, 5, 9]);
        assert_eq!(next_hit_index(&h, Some(0), 2, true), (1, false));
        assert_eq!(next_hit_index(&h, Some(1), 2, true), (2, false));
        assert_eq!(next_hit_index(&h, Some(3), 9, true), (0, true));
        assert_eq!(next_hit_index(&h, Some(0), 2, false), (3, true));
        // Scrolled away from the current hit: go from where the reader is.
        assert_eq!(next_hit_index(&h, Some(0), 6, true), (3, false));
        assert_eq!(next_hit_index(&h, Some(0), 6, false), (2, false));
        assert_eq!(next_hit_index(&h, None, 0, true), (0, false));
    }
}
