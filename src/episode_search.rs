//! The reader's search within one episode, as the user types: a literal
//! pattern regardless of case (most of what people type) goes through the
//! fast finder, anything else through the query's regex, on every core
//! either way. The segments with hits of recent queries are kept, so a key
//! that extends one of them (or deletes back to one) searches only the
//! segments that matched it, even after a search a newer key overtook.

use std::ops::Range;

use crate::caseless::CaselessLiteral;
use crate::episode::{Episode, Segment};
use crate::search::{self, Hit, Query, Stop, speaker_filter};

/// Below this much text to search, one thread does it all: spawning costs
/// more than it saves.
const PARALLEL_MIN_BYTES: usize = 1 << 20;

/// Segments searched between two looks at [`Stop`].
const SEGMENTS_BETWEEN_STOPS: usize = 512;

/// How many recent queries' matched segments are kept to narrow from.
const KEPT_QUERIES: usize = 32;

/// Searches one episode after another key, narrowing where it can.
#[derive(Debug, Default)]
pub struct EpisodeSearcher {
    /// The episode the kept searches are of: its segment buffer (address,
    /// length), the same episode while the caller holds it.
    episode: (usize, usize),
    /// Recent searches that ran to their end, oldest first.
    kept: Vec<KeptSegmentMatches>,
    /// How many segments the last search looked at.
    searched: usize,
}

/// A search that ran to its end: the segments with hits, in order.
#[derive(Debug)]
struct KeptSegmentMatches {
    query: Query,
    matched: Vec<u32>,
}

fn stamp(episode: &Episode) -> (usize, usize) {
    (episode.segments.as_ptr() as usize, episode.segments.len())
}

impl EpisodeSearcher {
    /// Forgets the previous results (the next search starts afresh); call it
    /// when another episode is searched.
    pub fn clear(&mut self) {
        self.kept.clear();
    }

    /// How many segments the last search looked at: all of them, or those
    /// that matched a kept search it narrows.
    pub fn searched(&self) -> usize {
        self.searched
    }

    /// Every hit of `query` in `episode`, sorted, as [`crate::search::find_all`]
    /// gives them; `None` once `stop` says so (a newer search overtook this
    /// one; what earlier searches found is still kept).
    pub fn search_until(
        &mut self,
        episode: &Episode,
        query: &Query,
        stop: Stop,
    ) -> Option<Vec<Hit>> {
        if query.is_empty() {
            self.searched = 0;
            return Some(Vec::new());
        }
        if self.episode != stamp(episode) {
            self.kept.clear();
            self.episode = stamp(episode);
        }
        let base = (self.kept.iter())
            .filter(|kept| query.narrows(&kept.query))
            .min_by_key(|kept| kept.matched.len());
        let every: Vec<u32>;
        let segments = match base {
            Some(kept) => kept.matched.as_slice(),
            None => {
                every = (0..episode.segments.len())
                    .filter_map(|i| u32::try_from(i).ok())
                    .collect();
                &every
            }
        };
        self.searched = segments.len();
        let (hits, matched) = search_split(episode, query, segments, stop)?;
        self.keep(KeptSegmentMatches {
            query: query.clone(),
            matched,
        });
        Some(hits)
    }

    /// Keeps `latest`, the searches it extends or that extend it, and no
    /// more than [`KEPT_QUERIES`].
    fn keep(&mut self, latest: KeptSegmentMatches) {
        let related = |q: &Query| q.narrows(&latest.query) || latest.query.narrows(q);
        self.kept
            .retain(|k| related(&k.query) && !k.query.same_search(&latest.query));
        self.kept.push(latest);
        let extra = self.kept.len().saturating_sub(KEPT_QUERIES);
        self.kept.drain(..extra);
    }
}

/// How one thread finds matches: the fast finder, or its own copy of the
/// query (a regex shared between threads hands its scratch space around
/// under a lock).
enum Matcher {
    Caseless(CaselessLiteral),
    Regex(Query),
}

impl Matcher {
    fn new(query: &Query) -> Self {
        match CaselessLiteral::for_query(query) {
            Some(caseless) => Matcher::Caseless(caseless),
            None => Matcher::Regex(query.clone()),
        }
    }

    fn each_match(&self, text: &str, found: &mut dyn FnMut(Range<usize>)) {
        match self {
            Matcher::Caseless(caseless) => caseless.find_iter(text).for_each(found),
            Matcher::Regex(query) => search::each_match_in_text(text, query, found),
        }
    }
}

/// The hits in `segments` (and the segments with any), split across the
/// cores when there is enough text.
fn search_split(
    episode: &Episode,
    query: &Query,
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
        return search_segments(episode, query, segments, stop);
    }
    let parts = split_by_bytes(segments, total, threads, text_len);
    let found: Option<Vec<_>> = std::thread::scope(|scope| {
        let workers: Vec<_> = parts
            .into_iter()
            .map(|part| scope.spawn(move || search_segments(episode, query, part, stop)))
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
    segments: &[u32],
    stop: Stop,
) -> Option<(Vec<Hit>, Vec<u32>)> {
    let matcher = Matcher::new(query);
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
        matcher.each_match(segment.text(episode), &mut |range| {
            hits.push(Hit {
                segment: index as usize,
                range,
            })
        });
        if hits.len() > before {
            matched.push(index);
        }
    }
    Some((hits, matched))
}
