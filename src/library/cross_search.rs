//! The search across a library's episodes: each episode's count of hits
//! and its first few, found on every core, the first screenful handed on
//! as soon as it is known and more as it is found, a search overtaken by a newer one stopped at its
//! next episode, and what recent searches found (even overtaken ones) kept
//! per episode, so that a query extending one searches only what matched
//! it and a key deleted is answered without searching. No drawing and no
//! keys: the library screen asks for a search and shows what comes back.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;

use crate::caseless::CaselessLiteral;
use crate::episode::Episode;
use crate::search::{self, Hit, Query, speaker_filter};

/// Hits of each episode a search across the library keeps and shows; the
/// episode's header gives the count of all of them, and opening one finds
/// them all in that episode.
pub const SHOWN_HITS: usize = 5;

/// One episode's hits in a search across the library.
#[derive(Debug, Clone, PartialEq)]
pub struct EpisodeHits {
    /// The episode's index in the library's entries.
    pub entry: usize,
    /// How many hits the episode has.
    pub count: usize,
    /// The first of them, up to [`SHOWN_HITS`].
    pub hits: Vec<Hit>,
}

/// How many recent queries' results are kept, for the next key to narrow
/// or, after a delete, to answer from.
const KEPT_QUERIES: usize = 32;

/// Runs library searches one after the other, keeping what the recent ones
/// found, episode by episode, even for a search overtaken halfway: a query
/// extending one of them looks only at the segments that matched it, the
/// same query again (a key deleted) is answered from what was found, and
/// only episodes no search reached are searched in full.
#[derive(Default)]
pub struct CrossSearcher {
    /// The episodes the kept results are of, by position. Held, so that an
    /// episode's address names it as long as its results are kept.
    episodes: Vec<(usize, Arc<Episode>)>,
    /// Recent queries' results, oldest first.
    kept: Vec<KeptEpisodeResults>,
    /// How many episodes the last search looked at.
    searched: usize,
}

/// One query's results, episode by episode.
struct KeptEpisodeResults {
    query: Query,
    /// By position: the result in that episode, once searched.
    done: Vec<Option<EpisodeResult>>,
}

/// What a query found in one episode.
#[derive(Debug, Clone, Default)]
struct EpisodeResult {
    count: usize,
    /// The first [`SHOWN_HITS`].
    hits: Vec<Hit>,
    /// The segments with hits, in order: where a query extending this one
    /// looks.
    matched: Vec<u32>,
}

impl CrossSearcher {
    /// How many episodes the last search looked at: those no kept result
    /// answered, and not ruled out by one.
    pub fn searched(&self) -> usize {
        self.searched
    }

    /// Every episode's hits (for those with any, in the order given),
    /// searching only what the kept results leave open. What is found goes
    /// to `as_found` while the search runs, in order from the first
    /// episode: the first screenful as soon as it is known, then more each
    /// time it has doubled. `None` once `stop` says so (checked before each
    /// episode): what was found until then is kept for the next search.
    pub fn search(
        &mut self,
        query: &Query,
        episodes: &[(usize, Arc<Episode>)],
        stop: &(dyn Fn() -> bool + Sync),
        as_found: &mut dyn FnMut(Vec<EpisodeHits>),
    ) -> Option<Vec<EpisodeHits>> {
        self.follow(episodes);
        let mut target = self.take_kept(query);
        let work = plan(&self.kept, query, &mut target.done);
        self.searched = work.len();
        let scope = SearchScope {
            episodes,
            work: &work,
        };
        let complete = search_work(query, &scope, &mut target.done, stop, as_found);
        let answer = complete.then(|| answer(episodes, &target.done));
        self.keep(target);
        answer
    }

    /// Keeps the results of the episodes also in `episodes`, at their new
    /// positions; the others' are dropped.
    fn follow(&mut self, episodes: &[(usize, Arc<Episode>)]) {
        let same = |(a, x): &(usize, Arc<Episode>), (b, y): &(usize, Arc<Episode>)| {
            a == b && Arc::ptr_eq(x, y)
        };
        let unchanged = self.episodes.len() == episodes.len()
            && self.episodes.iter().zip(episodes).all(|(a, b)| same(a, b));
        if unchanged {
            return;
        }
        let identity = |(entry, episode): &(usize, Arc<Episode>)| (*entry, Arc::as_ptr(episode));
        let old: HashMap<_, usize> = (self.episodes.iter().map(identity))
            .enumerate()
            .map(|(position, id)| (id, position))
            .collect();
        let moved: Vec<Option<usize>> = episodes
            .iter()
            .map(|e| old.get(&identity(e)).copied())
            .collect();
        for kept in &mut self.kept {
            let mut done = std::mem::take(&mut kept.done);
            kept.done = moved
                .iter()
                .map(|from| from.and_then(|p| done.get_mut(p)?.take()))
                .collect();
        }
        self.episodes = episodes.to_vec();
    }

    /// The kept results of `query` itself, taken out to be filled in, or
    /// none yet.
    fn take_kept(&mut self, query: &Query) -> KeptEpisodeResults {
        match self.kept.iter().position(|k| k.query.same_search(query)) {
            Some(at) => self.kept.remove(at),
            None => KeptEpisodeResults {
                query: query.clone(),
                done: vec![None; self.episodes.len()],
            },
        }
    }

    /// Keeps `latest` (the newest), the queries it extends or that extend
    /// it (a key typed, a key deleted), and no more than [`KEPT_QUERIES`].
    fn keep(&mut self, latest: KeptEpisodeResults) {
        let related = |q: &Query| q.narrows(&latest.query) || latest.query.narrows(q);
        self.kept.retain(|k| related(&k.query));
        self.kept.push(latest);
        let extra = self.kept.len().saturating_sub(KEPT_QUERIES);
        self.kept.drain(..extra);
    }
}

/// Every episode's hits, for those with any, in the order given; the same
/// as the library's search answers, for benchmarks and tests.
pub fn search_library(query: &Query, episodes: &[(usize, Arc<Episode>)]) -> Vec<EpisodeHits> {
    let work: Vec<Work> = (0..episodes.len()).map(|p| (p, None)).collect();
    let scope = SearchScope {
        episodes,
        work: &work,
    };
    let mut done = vec![None; episodes.len()];
    search_work(query, &scope, &mut done, &|| false, &mut |_| {});
    answer(episodes, &done)
}

/// An episode to search: its position, and the segments to look at (those
/// a shorter query matched) or `None` for all of them.
type Work<'k> = (usize, Option<&'k [u32]>);

/// What is left to search for `query` once the kept results have answered
/// what they can: an episode `done` already holds needs nothing, one where
/// a query `query` extends found nothing has nothing, one where it found
/// something is searched in the segments it matched (the fewest of any
/// kept), and the rest in full.
fn plan<'k>(
    kept: &'k [KeptEpisodeResults],
    query: &Query,
    done: &mut [Option<EpisodeResult>],
) -> Vec<Work<'k>> {
    let bases: Vec<&KeptEpisodeResults> = kept.iter().filter(|k| query.narrows(&k.query)).collect();
    let mut work = Vec::new();
    for (position, slot) in done.iter_mut().enumerate() {
        if slot.is_some() {
            continue;
        }
        let base = (bases.iter())
            .filter_map(|k| k.done.get(position)?.as_ref())
            .min_by_key(|result| result.matched.len());
        match base {
            Some(result) if result.count == 0 => *slot = Some(EpisodeResult::default()),
            Some(result) => work.push((position, Some(result.matched.as_slice()))),
            None => work.push((position, None)),
        }
    }
    work
}

/// The episodes with hits in `done`, in order.
fn answer(episodes: &[(usize, Arc<Episode>)], done: &[Option<EpisodeResult>]) -> Vec<EpisodeHits> {
    (episodes.iter().zip(done))
        .filter_map(|((entry, _), result)| Some((entry, result.as_ref()?)))
        .filter(|(_, result)| result.count > 0)
        .map(|(entry, result)| EpisodeHits {
            entry: *entry,
            count: result.count,
            hits: result.hits.clone(),
        })
        .collect()
}

/// What one library search looks at.
struct SearchScope<'a> {
    episodes: &'a [(usize, Arc<Episode>)],
    /// The episodes to search, in order.
    work: &'a [Work<'a>],
}

/// Searches the episodes `scope.work` lists, each result going into
/// `done` at its position as it comes in. The episodes are taken one at a
/// time by `available_parallelism` threads, each with its own copy of the
/// query (a regex shared between threads hands its scratch space around
/// under a lock). Checked before each episode, `stop` ends the search.
/// What is known without a gap from the first episode goes to `as_found`
/// (see [`ResultsInOrder`]). Whether every episode is done.
fn search_work(
    query: &Query,
    scope: &SearchScope,
    done: &mut [Option<EpisodeResult>],
    stop: &(dyn Fn() -> bool + Sync),
    as_found: &mut dyn FnMut(Vec<EpisodeHits>),
) -> bool {
    let work = scope.work;
    let workers = thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(work.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let mut in_order = ResultsInOrder::default();
    in_order.advance(scope.episodes, done, as_found);
    thread::scope(|threads| {
        let (sender, receiver) = mpsc::channel();
        for _ in 0..workers {
            let (sender, next) = (sender.clone(), &next);
            let finder = Finder::new(query);
            threads.spawn(move || {
                while !stop() {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&(position, within)) = work.get(index) else {
                        break;
                    };
                    let result = episode_result(&finder, &scope.episodes[position].1, within);
                    if sender.send((position, result)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        for (position, result) in receiver {
            done[position] = Some(result);
            in_order.advance(scope.episodes, done, as_found);
        }
    });
    in_order.next == done.len()
}

/// Episodes with hits at the top of the results before the rest are
/// shown: more than a screen's rows, as each takes at least two.
pub const FIRST_SCREEN: usize = 30;

/// Episodes searched, in order, after which what was found is shown even
/// when it is less than a screenful (a rare word): doubled at each showing.
const FIRST_STRETCH: usize = 256;

/// How far the results are known without a gap, and when to hand on what
/// is known: the first [`FIRST_SCREEN`] episodes with hits, then twice as
/// many each time, or whatever was found once the episodes searched have
/// doubled since. Each handing-on copies the known results; doubling keeps
/// the copies' total within a log of the whole.
struct ResultsInOrder {
    /// The first position not done yet.
    next: usize,
    /// Episodes with hits before `next`.
    with_hits: usize,
    /// Episodes with hits last handed on.
    shown: usize,
    /// Hand on this many episodes with hits once they are known...
    due_hits: usize,
    /// ... or what is known once `next` reaches this.
    due_next: usize,
}

impl Default for ResultsInOrder {
    fn default() -> Self {
        Self {
            next: 0,
            with_hits: 0,
            shown: 0,
            due_hits: FIRST_SCREEN,
            due_next: FIRST_STRETCH,
        }
    }
}

impl ResultsInOrder {
    /// Moves past the episodes done; hands on what is known when it is
    /// due and the search is not over (the whole answer comes after).
    fn advance(
        &mut self,
        episodes: &[(usize, Arc<Episode>)],
        done: &[Option<EpisodeResult>],
        as_found: &mut dyn FnMut(Vec<EpisodeHits>),
    ) {
        while let Some(Some(result)) = done.get(self.next) {
            self.with_hits += usize::from(result.count > 0);
            self.next += 1;
        }
        if self.next == done.len() {
            return;
        }
        // A fixed number when enough are known, so that what shows does
        // not depend on which thread finished first.
        let show = if self.with_hits >= self.due_hits {
            self.due_hits
        } else if self.next >= self.due_next && self.with_hits > self.shown {
            self.with_hits
        } else {
            return;
        };
        let mut known = answer(&episodes[..self.next], &done[..self.next]);
        known.truncate(show);
        self.shown = show;
        self.due_hits = 2 * show.max(FIRST_SCREEN / 2);
        self.due_next = 2 * self.next;
        as_found(known);
    }
}

/// What one thread searches with: its own copy of the query, and the fast
/// finder when the query has one.
struct Finder {
    query: Query,
    caseless: Option<CaselessLiteral>,
}

impl Finder {
    fn new(query: &Query) -> Self {
        Self {
            query: query.clone(),
            caseless: CaselessLiteral::for_query(query),
        }
    }
}

/// `episode`'s count of hits, the first few and the segments with hits,
/// looking only at the segments `within` lists when given.
fn episode_result(finder: &Finder, episode: &Episode, within: Option<&[u32]>) -> EpisodeResult {
    let mut result = EpisodeResult::default();
    let (hits, matched) = (&mut result.hits, &mut result.matched);
    result.count = match &finder.caseless {
        Some(caseless) => count_caseless(episode, finder, caseless, within, hits, matched),
        None => {
            let query = &finder.query;
            search::count_hits_in(episode, query, within, SHOWN_HITS, hits, matched)
        }
    };
    result
}

/// [`search::count_hits_in`] keeping [`SHOWN_HITS`], with the fast finder:
/// the same count, hits and segments. Once the hits shown are found, the
/// rest of each segment's matches are only counted.
fn count_caseless(
    episode: &Episode,
    finder: &Finder,
    caseless: &CaselessLiteral,
    within: Option<&[u32]>,
    first: &mut Vec<Hit>,
    matched: &mut Vec<u32>,
) -> usize {
    first.clear();
    matched.clear();
    let wanted = speaker_filter(&finder.query, episode);
    let mut count = 0;
    let mut count_in = |index: usize| {
        let Some(segment) = episode.segments.get(index).filter(|s| wanted(s)) else {
            return;
        };
        let found = count_in_segment(caseless, segment.text(episode), index, first);
        if found > 0 {
            count += found;
            matched.extend(u32::try_from(index).ok());
        }
    };
    match within {
        Some(segments) => segments.iter().for_each(|&i| count_in(i as usize)),
        None => (0..episode.segments.len()).for_each(count_in),
    }
    count
}

/// The matches in one segment's `text`: the first go to `first` until it
/// holds [`SHOWN_HITS`], the rest are only counted.
fn count_in_segment(
    caseless: &CaselessLiteral,
    text: &str,
    segment: usize,
    first: &mut Vec<Hit>,
) -> usize {
    let (mut from, mut found) = (0, 0);
    while first.len() < SHOWN_HITS {
        let Some(range) = caseless.find_at(text.as_bytes(), from) else {
            return found;
        };
        from = range.end;
        found += 1;
        first.push(Hit { segment, range });
    }
    found + caseless.count_from(text, from)
}
