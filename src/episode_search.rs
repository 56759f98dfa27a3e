//! The reader's search within one episode, as the user types: a literal
//! pattern regardless of case (most of what people type) goes through the
//! fast finder, anything else through the query's regex, on every core
//! either way.
//!
//! The segments are cut into blocks of about the same amount of text. A
//! search takes the blocks from the reader's place onwards (wrapping round
//! to the top), so the first hit at or after the place is known after a
//! block or two: it is handed out at once, the full count follows. Which
//! segments matched is kept per block for recent queries, also for a
//! search a newer key overtook, so a key that extends one of them (or
//! deletes back to one) searches only the segments that matched it where
//! it can.

use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use crate::caseless::CaselessLiteral;
use crate::episode::{Episode, Segment};
use crate::search::{self, Hit, Query, Stop, speaker_filter};

/// Below this much text to search, one thread does it all (spawning costs
/// more than it saves), and the hits are handed out only once, at the end.
const PARALLEL_MIN_BYTES: usize = 1 << 20;

/// About how much text a block holds: small enough that the first answer
/// and a look at [`Stop`] come within a millisecond or so, large enough
/// that handing blocks out costs nothing beside the search.
const BLOCK_BYTES: usize = 256 << 10;

/// How many recent queries' matched segments are kept to narrow from.
const KEPT_QUERIES: usize = 32;

/// Searches one episode after another key, narrowing where it can.
#[derive(Debug, Default)]
pub struct EpisodeSearcher {
    /// The episode the kept searches are of: its segment buffer (address,
    /// length), the same episode while the caller holds it.
    episode: (usize, usize),
    /// The episode's segments, cut into blocks of about [`BLOCK_BYTES`].
    blocks: Vec<Range<usize>>,
    /// Recent searches, oldest first.
    kept: Vec<KeptBlocks>,
    /// How many segments the last search looked at.
    searched: usize,
}

/// What one search found, block by block: the segments with hits, in
/// order; `None` for a block it did not get to (it was overtaken).
#[derive(Debug)]
struct KeptBlocks {
    query: Query,
    matched: Vec<Option<Vec<u32>>>,
}

/// What a search found in one block.
#[derive(Debug, Default)]
struct BlockFound {
    hits: Vec<Hit>,
    matched: Vec<u32>,
}

/// The segments of one block a search looks at.
enum Candidates<'a> {
    All(Range<usize>),
    Only(&'a [u32]),
}

impl Candidates<'_> {
    fn len(&self) -> usize {
        match self {
            Candidates::All(range) => range.len(),
            Candidates::Only(list) => list.len(),
        }
    }

    fn each(&self, mut visit: impl FnMut(usize)) {
        match self {
            Candidates::All(range) => range.clone().for_each(visit),
            Candidates::Only(list) => list.iter().for_each(|&i| visit(i as usize)),
        }
    }
}

fn stamp(episode: &Episode) -> (usize, usize) {
    (episode.segments.as_ptr() as usize, episode.segments.len())
}

impl EpisodeSearcher {
    /// Forgets the previous results (the next search starts afresh); call it
    /// when another episode is searched.
    pub fn clear(&mut self) {
        self.kept.clear();
        self.blocks.clear();
    }

    /// How many segments the last search looked at: all of them, or fewer
    /// where it narrowed a kept search.
    pub fn searched(&self) -> usize {
        self.searched
    }

    /// Every hit of `query` in `episode`, sorted, as [`crate::search::find_all`]
    /// gives them; `None` once `stop` says so (a newer search overtook this
    /// one; what it found so far is kept).
    pub fn search_until(
        &mut self,
        episode: &Episode,
        query: &Query,
        stop: Stop,
    ) -> Option<Vec<Hit>> {
        self.search_from(episode, query, 0, stop, &mut |_| {})
    }

    /// [`EpisodeSearcher::search_until`], taking the blocks from the one
    /// holding segment `from` onwards. On a large episode, `first_hits` is
    /// handed (at most once, before the answer) the hits found so far,
    /// sorted: those of a run of blocks from `from` that holds the first
    /// hit at or after it (wrapping round) and the block after that hit.
    pub fn search_from(
        &mut self,
        episode: &Episode,
        query: &Query,
        from: usize,
        stop: Stop,
        first_hits: &mut dyn FnMut(Vec<Hit>),
    ) -> Option<Vec<Hit>> {
        if query.is_empty() || episode.segments.is_empty() {
            self.searched = 0;
            return Some(Vec::new());
        }
        self.prepare(episode);
        let candidates = self.candidates(query);
        let searched = candidates.iter().map(Candidates::len).sum();
        let start = self.blocks.partition_point(|block| block.end <= from);
        let order: Vec<usize> = (start..self.blocks.len()).chain(0..start).collect();
        let mut collector = Collector::new(self.blocks.len(), start, from);
        let streamed = holds_at_least(episode, &candidates, PARALLEL_MIN_BYTES);
        let job = Job {
            episode,
            query,
            candidates: &candidates,
            order: &order,
            stop,
        };
        run_blocks(&job, streamed, &mut |block, found| {
            collector.add(block, found);
            if streamed && let Some(hits) = collector.first_hits() {
                first_hits(hits);
            }
        });
        drop(candidates);
        self.searched = searched;
        let complete = collector.is_complete();
        let (hits, matched) = collector.finish(complete);
        self.keep(KeptBlocks {
            query: query.clone(),
            matched,
        });
        complete.then_some(hits)
    }

    /// Cuts a new episode into blocks, forgetting the last one's searches.
    fn prepare(&mut self, episode: &Episode) {
        if self.episode != stamp(episode) || self.blocks.is_empty() {
            self.kept.clear();
            self.episode = stamp(episode);
            self.blocks = cut_into_blocks(episode);
        }
    }

    /// For each block, the segments to look at: those a kept search that
    /// `query` narrows found there (the fewest), else all of them.
    fn candidates(&self, query: &Query) -> Vec<Candidates<'_>> {
        let narrowed: Vec<&KeptBlocks> = (self.kept.iter())
            .filter(|kept| query.narrows(&kept.query))
            .collect();
        let each_block = self.blocks.iter().enumerate().map(|(b, block)| {
            let kept = narrowed.iter().filter_map(|k| k.matched[b].as_deref());
            match kept.min_by_key(|matched| matched.len()) {
                Some(matched) => Candidates::Only(matched),
                None => Candidates::All(block.clone()),
            }
        });
        each_block.collect()
    }

    /// Keeps `latest`, the searches it extends or that extend it, and no
    /// more than [`KEPT_QUERIES`].
    fn keep(&mut self, latest: KeptBlocks) {
        let related = |q: &Query| q.narrows(&latest.query) || latest.query.narrows(q);
        self.kept
            .retain(|k| related(&k.query) && !k.query.same_search(&latest.query));
        self.kept.push(latest);
        let extra = self.kept.len().saturating_sub(KEPT_QUERIES);
        self.kept.drain(..extra);
    }
}

/// The segments cut into runs of about [`BLOCK_BYTES`] of text, in order.
fn cut_into_blocks(episode: &Episode) -> Vec<Range<usize>> {
    let mut blocks = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, segment) in episode.segments.iter().enumerate() {
        bytes += segment.text_len();
        if bytes >= BLOCK_BYTES {
            blocks.push(start..i + 1);
            (start, bytes) = (i + 1, 0);
        }
    }
    if start < episode.segments.len() {
        blocks.push(start..episode.segments.len());
    }
    blocks
}

/// Whether the candidate segments hold at least `min` bytes of text
/// (counted only that far).
fn holds_at_least(episode: &Episode, candidates: &[Candidates], min: usize) -> bool {
    let mut bytes = 0;
    for block in candidates {
        block.each(|i| bytes += episode.segments.get(i).map_or(0, Segment::text_len));
        if bytes >= min {
            return true;
        }
    }
    false
}

/// Gathers each block's hits as they come, in whatever order the threads
/// finish them, and tells when the first answer is known.
struct Collector {
    found: Vec<Option<BlockFound>>,
    /// The block the search started in (it holds the place).
    start: usize,
    /// Blocks in search order: how many from `start` on are all in.
    done_in_order: usize,
    /// Which of those (in search order) holds the first hit at or after
    /// the place, once known.
    first_ahead: Option<usize>,
    /// The segment the search started from.
    from: usize,
    /// Whether the first answer was handed out.
    answered: bool,
}

impl Collector {
    fn new(blocks: usize, start: usize, from: usize) -> Self {
        Self {
            found: (0..blocks).map(|_| None).collect(),
            start,
            done_in_order: 0,
            first_ahead: None,
            from,
            answered: false,
        }
    }

    fn add(&mut self, block: usize, found: BlockFound) {
        self.found[block] = Some(found);
    }

    /// The `k`th block in search order.
    fn in_order(&self, k: usize) -> usize {
        (self.start + k) % self.found.len()
    }

    /// The hits of the blocks from the start in search order, once they
    /// hold the first hit at or after the place and one block more; once.
    fn first_hits(&mut self) -> Option<Vec<Hit>> {
        let blocks = self.found.len();
        if self.answered {
            return None;
        }
        while self.done_in_order < blocks && self.found[self.in_order(self.done_in_order)].is_some()
        {
            if self.first_ahead.is_none() && self.has_hit_ahead(self.done_in_order) {
                self.first_ahead = Some(self.done_in_order);
            }
            self.done_in_order += 1;
        }
        let first = self.first_ahead?;
        if first + 1 >= self.done_in_order && self.done_in_order < blocks {
            return None; // the screen below the hit may reach the next block
        }
        self.answered = true;
        // The blocks up to the one after the hit: the same answer however
        // the threads took turns.
        let upto = (first + 2).min(self.done_in_order);
        let mut done: Vec<usize> = (0..upto).map(|k| self.in_order(k)).collect();
        done.sort_unstable();
        let found = done.iter().filter_map(|&b| self.found[b].as_ref());
        Some(found.flat_map(|f| f.hits.iter().cloned()).collect())
    }

    /// Whether the `k`th block in search order has a hit at or after the
    /// place: any hit, except in the block the place is in.
    fn has_hit_ahead(&self, k: usize) -> bool {
        let Some(found) = &self.found[self.in_order(k)] else {
            return false;
        };
        match k {
            0 => found.hits.iter().any(|h| h.segment >= self.from),
            _ => !found.hits.is_empty(),
        }
    }

    /// Whether every block is in.
    fn is_complete(&self) -> bool {
        self.found.iter().all(Option::is_some)
    }

    /// Every hit in order (only `with_hits`: an overtaken search's are
    /// not wanted, and gathering millions takes a while), and each
    /// block's matched segments (`None` where the search did not get to).
    fn finish(self, with_hits: bool) -> (Vec<Hit>, Vec<Option<Vec<u32>>>) {
        let total: usize = self.found.iter().flatten().map(|f| f.hits.len()).sum();
        let mut hits = Vec::with_capacity(if with_hits { total } else { 0 });
        let matched = (self.found.into_iter())
            .map(|found| {
                found.map(|f| {
                    if with_hits {
                        hits.extend(f.hits);
                    }
                    f.matched
                })
            })
            .collect();
        (hits, matched)
    }
}

/// One search's work: the blocks to search, in the order to take them.
struct Job<'a> {
    episode: &'a Episode,
    query: &'a Query,
    candidates: &'a [Candidates<'a>],
    order: &'a [usize],
    stop: Stop<'a>,
}

/// Searches the job's blocks, on every core when `parallel`, handing each
/// block's result to `each` (on this thread) as it is found. Stops taking
/// blocks once the job's [`Stop`] says so.
fn run_blocks(job: &Job, parallel: bool, each: &mut dyn FnMut(usize, BlockFound)) {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if !parallel || threads < 2 {
        let matcher = Matcher::new(job);
        for &block in job.order {
            if (job.stop)() {
                return;
            }
            each(block, matcher.search_block(job, block));
        }
        return;
    }
    let next = AtomicUsize::new(0);
    let (sender, found) = mpsc::channel();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let sender = sender.clone();
            let next = &next;
            scope.spawn(move || {
                let matcher = Matcher::new(job);
                while let Some(&block) = job.order.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let stopped = (job.stop)();
                    if stopped
                        || sender
                            .send((block, matcher.search_block(job, block)))
                            .is_err()
                    {
                        return;
                    }
                }
            });
        }
        drop(sender);
        for (block, result) in found {
            each(block, result);
        }
    });
}

/// How one thread finds matches: the fast finder, or its own copy of the
/// query (a regex shared between threads hands its scratch space around
/// under a lock); and which speakers' segments it looks in.
struct Matcher<'q> {
    finder: BlockFinder,
    wanted: Box<dyn Fn(&Segment) -> bool + 'q>,
}

enum BlockFinder {
    Caseless(CaselessLiteral),
    Regex(Query),
}

impl<'q> Matcher<'q> {
    fn new(job: &Job<'q>) -> Self {
        let finder = match CaselessLiteral::for_query(job.query) {
            Some(caseless) => BlockFinder::Caseless(caseless),
            None => BlockFinder::Regex(job.query.clone()),
        };
        let wanted = Box::new(speaker_filter(job.query, job.episode));
        Self { finder, wanted }
    }

    fn each_match(&self, text: &str, found: &mut dyn FnMut(Range<usize>)) {
        match &self.finder {
            BlockFinder::Caseless(caseless) => caseless.find_iter(text).for_each(found),
            BlockFinder::Regex(query) => search::each_match_in_text(text, query, found),
        }
    }

    /// The hits in one block's candidate segments by the speakers the
    /// query wants, and the segments with any.
    fn search_block(&self, job: &Job, block: usize) -> BlockFound {
        let episode = job.episode;
        let mut found = BlockFound::default();
        job.candidates[block].each(|index| {
            let Some(segment) = episode.segments.get(index).filter(|s| (self.wanted)(s)) else {
                return;
            };
            let before = found.hits.len();
            self.each_match(segment.text(episode), &mut |range| {
                found.hits.push(Hit {
                    segment: index,
                    range,
                })
            });
            if found.hits.len() > before {
                found.matched.push(index as u32);
            }
        });
        found
    }
}
