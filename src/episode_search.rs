//! The reader's search within one episode, as the user types: a literal
//! pattern regardless of case (most of what people type) goes through the
//! fast finder on every core, and a key that extends the last query searches
//! only the segments that matched it. Other queries (regex, exact case,
//! non-ASCII) take [`Searcher`], which does the same with the regex.

use std::ops::Range;

use crate::caseless::CaselessLiteral;
use crate::episode::{Episode, Segment};
use crate::search::{Hit, Query, Searcher, Stop, speaker_filter};

/// Below this much text to search, one thread does it all: spawning costs
/// more than it saves.
const PARALLEL_MIN_BYTES: usize = 1 << 20;

/// Segments searched between two looks at [`Stop`].
const SEGMENTS_BETWEEN_STOPS: usize = 512;

/// Searches one episode after another key, narrowing where it can.
#[derive(Debug, Default)]
pub struct EpisodeSearcher {
    regex: Searcher,
    last: Option<LastSegmentMatches>,
}

/// The last literal search that ran to its end.
#[derive(Debug)]
struct LastSegmentMatches {
    /// The episode's segment buffer (address, length): the same episode
    /// while the caller holds it.
    episode: (usize, usize),
    query: Query,
    /// The segments with hits, in order.
    matched: Vec<u32>,
}

fn stamp(episode: &Episode) -> (usize, usize) {
    (episode.segments.as_ptr() as usize, episode.segments.len())
}

impl EpisodeSearcher {
    /// Forgets the previous results (the next search starts afresh); call it
    /// when another episode is searched.
    pub fn clear(&mut self) {
        self.regex.clear();
        self.last = None;
    }

    /// Every hit of `query` in `episode`, sorted, as [`crate::search::find_all`]
    /// gives them; `None` once `stop` says so (a newer search overtook this
    /// one).
    pub fn search_until(
        &mut self,
        episode: &Episode,
        query: &Query,
        stop: Stop,
    ) -> Option<Vec<Hit>> {
        let Some(caseless) = CaselessLiteral::for_query(query) else {
            self.last = None;
            return self.regex.search_until(episode, query, stop);
        };
        let previous = self
            .last
            .take()
            .filter(|last| last.episode == stamp(episode) && query.narrows(&last.query));
        let segments: Vec<u32> = match previous {
            Some(last) => last.matched,
            None => (0..episode.segments.len())
                .filter_map(|i| u32::try_from(i).ok())
                .collect(),
        };
        let (hits, matched) = search_split(episode, query, &caseless, &segments, stop)?;
        self.last = Some(LastSegmentMatches {
            episode: stamp(episode),
            query: query.clone(),
            matched,
        });
        Some(hits)
    }
}

/// The hits in `segments` (and the segments with any), split across the
/// cores when there is enough text.
fn search_split(
    episode: &Episode,
    query: &Query,
    caseless: &CaselessLiteral,
    segments: &[u32],
    stop: Stop,
) -> Option<(Vec<Hit>, Vec<u32>)> {
    let text_len = |i: &u32| {
        episode
            .segments
            .get(*i as usize)
            .map_or(0, Segment::text_len)
    };
    let total: usize = segments.iter().map(text_len).sum();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if total < PARALLEL_MIN_BYTES || threads < 2 {
        return search_segments(episode, query, caseless, segments, stop);
    }
    let parts = split_by_bytes(segments, total, threads, text_len);
    let found: Option<Vec<_>> = std::thread::scope(|scope| {
        let workers: Vec<_> = parts
            .into_iter()
            .map(|part| scope.spawn(move || search_segments(episode, query, caseless, part, stop)))
            .collect();
        let joined = workers.into_iter().map(|worker| {
            worker
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        });
        joined.collect()
    });
    let mut found = found?.into_iter();
    let (mut hits, mut matched) = found.next().unwrap_or_default();
    for (more_hits, more_matched) in found {
        hits.extend(more_hits);
        matched.extend(more_matched);
    }
    Some((hits, matched))
}

/// `segments` cut into `parts` runs of about the same amount of text, in
/// order.
fn split_by_bytes(
    segments: &[u32],
    total: usize,
    parts: usize,
    text_len: impl Fn(&u32) -> usize,
) -> Vec<&[u32]> {
    let share = total.div_ceil(parts).max(1);
    let mut runs = Vec::with_capacity(parts);
    let (mut start, mut bytes) = (0, 0);
    for (k, segment) in segments.iter().enumerate() {
        bytes += text_len(segment);
        if bytes >= share && runs.len() + 1 < parts {
            runs.push(&segments[start..=k]);
            (start, bytes) = (k + 1, 0);
        }
    }
    runs.push(&segments[start..]);
    runs
}

/// The hits in `segments` by the speakers the query wants, and the
/// segments with any; `None` once `stop` says so.
fn search_segments(
    episode: &Episode,
    query: &Query,
    caseless: &CaselessLiteral,
    segments: &[u32],
    stop: Stop,
) -> Option<(Vec<Hit>, Vec<u32>)> {
    let wanted = speaker_filter(query, episode);
    let (mut hits, mut matched) = (Vec::new(), Vec::new());
    for (k, &index) in segments.iter().enumerate() {
        if k % SEGMENTS_BETWEEN_STOPS == 0 && stop() {
            return None;
        }
        let Some(segment) = episode.segments.get(index as usize).filter(|s| wanted(s)) else {
            continue;
        };
        let before = hits.len();
        let found = caseless.find_iter(segment.text(episode));
        hits.extend(found.map(|range: Range<usize>| Hit {
            segment: index as usize,
            range,
        }));
        if hits.len() > before {
            matched.push(index);
        }
    }
    Some((hits, matched))
}
