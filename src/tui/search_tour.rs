//! Going through a library search's results from inside the episodes: after
//! opening an episode at a match of the library's search, `n` past its last
//! match offers the next episode with matches ("n again: next episode"),
//! and a second `n` opens it at its first match; `N` before the first
//! match does the same backwards, opening the previous episode at its
//! last match.

use crate::search::Hit;

use super::library::Library;
use super::reader::Reader;

/// The library search the open episode came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchTour {
    /// The query and its mode, as the library's search ran it: once the
    /// reader's search is another, `n` is the reader's own again.
    query: String,
    regex: bool,
    /// The library entry of the episode open now.
    entry: usize,
    /// The direction of the episode offered by the last `n` or `N`.
    offered: Option<bool>,
}

/// What `n` or `N` does on a tour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TourStep {
    /// The reader's own step: not past the episode's ends, or no episode
    /// beyond them.
    InEpisode,
    /// Past the end: say so and which episode `n` again opens.
    Offer(String),
    /// `n` again: open this entry at hit `hit` of `hits`.
    Open {
        entry: usize,
        hits: Vec<Hit>,
        hit: usize,
    },
}

impl SearchTour {
    /// A tour of the library's search from `entry`, opened at one of its
    /// matches for `query`.
    pub fn new(query: String, regex: bool, entry: usize) -> Self {
        Self {
            query,
            regex,
            entry,
            offered: None,
        }
    }

    /// Any other key: an offer lapses.
    pub fn forget_offer(&mut self) {
        self.offered = None;
    }

    /// What `n` (`forward`) or `N` does in `reader`.
    pub fn step(&mut self, forward: bool, reader: &Reader, library: &Library) -> TourStep {
        let search = &reader.search;
        let same_search = search.shown == self.query
            && search.prompt.regex == self.regex
            && !search.hits.is_empty();
        if !same_search || !search.would_wrap(forward, reader.current) {
            self.offered = None;
            return TourStep::InEpisode;
        }
        let Some((entry, title, left)) = neighbour(library, self.entry, forward) else {
            self.offered = None;
            return TourStep::InEpisode;
        };
        if self.offered != Some(forward) {
            self.offered = Some(forward);
            return TourStep::Offer(offer_text(forward, &title, left));
        }
        match hits_in(library, entry, forward) {
            Some((hits, hit)) => {
                (self.entry, self.offered) = (entry, None);
                TourStep::Open { entry, hits, hit }
            }
            None => TourStep::InEpisode,
        }
    }
}

/// The episode after (`forward`) or before `entry` in the results: its
/// entry, its title, and how many more lie beyond it.
fn neighbour(library: &Library, entry: usize, forward: bool) -> Option<(usize, String, usize)> {
    let results = &library.search.results;
    let at = results.iter().position(|group| group.entry == entry)?;
    let next = if forward { at + 1 } else { at.checked_sub(1)? };
    let group = results.get(next)?;
    let left = if forward {
        results.len() - next - 1
    } else {
        next
    };
    let title = library.entries.get(group.entry)?.title.clone();
    Some((group.entry, title, left))
}

fn offer_text(forward: bool, title: &str, left: usize) -> String {
    let (end, key, which) = if forward {
        ("last", "n", "next")
    } else {
        ("first", "N", "previous")
    };
    let side = if forward { "after" } else { "before" };
    let more = match left {
        0 => String::new(),
        n => format!(" ({n} more {side} it)"),
    };
    format!("{end} match in this episode · {key} again: {which} episode, {title}{more}")
}

/// Every hit of the library's query in `entry`, and the one to open at:
/// the first going forward, the last going back.
fn hits_in(library: &Library, entry: usize, forward: bool) -> Option<(Vec<Hit>, usize)> {
    let episode = library.entries.get(entry)?.episode.as_ref()?;
    let query = library.search.prompt.query()?;
    let hits = crate::search::find_all(episode, &query);
    let hit = if forward {
        0
    } else {
        hits.len().checked_sub(1)?
    };
    (!hits.is_empty()).then_some((hits, hit))
}
