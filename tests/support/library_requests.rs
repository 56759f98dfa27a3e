//! Library searches asked of the search runner directly, and their
//! answers taken apart: shared by the library search tests.

#![allow(dead_code)] // each test file uses a different part of this

use std::sync::Arc;

use earmark::episode::Episode;
use earmark::library::cross_search::EpisodeHits;
use earmark::search::{Query, SearchOptions};
use earmark::tui::action::{Action, SearchRequest};

/// `pattern` as a query with the default options (smart case, literal).
pub fn literal(pattern: &str) -> Arc<Query> {
    Arc::new(Query::parse(pattern, SearchOptions::default()).expect("valid"))
}

/// A library search for `pattern` over `episodes`.
pub fn request(
    generation: u64,
    pattern: &str,
    episodes: &[(usize, Arc<Episode>)],
) -> SearchRequest {
    SearchRequest::Library {
        generation,
        query: literal(pattern),
        episodes: episodes.to_vec(),
    }
}

/// A library search's answer: the episodes with hits, and whether the
/// search is done.
pub fn results(action: Action) -> (Vec<EpisodeHits>, bool) {
    match action {
        Action::LibrarySearchResults { results, done, .. } => (results, done),
        _ => panic!("not library results"),
    }
}
