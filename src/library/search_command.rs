//! `earmark search PATTERN PATH...`: the segments that match, across files
//! and directories (docs/usage.md), one line (or JSON object) per segment.
//!
//! Files are searched in parallel and printed in a stable order (by path,
//! then by segment) as soon as every file before them is done; a large
//! file's segments are split across the threads, and their lines joined
//! in order. Files that
//! cannot match are not parsed at all (see [`super::prefilter`], and
//! [`super::cue_prefilter`] for WebVTT and SubRip; JSON is read but not
//! merged, [`super::json_prefilter`]), and in Markdown files
//! that may, only the segments that may match are built (see
//! [`super::search_pass`]). Other formats' files, once parsed, are kept
//! in [`super::search_cache`] for the next search.

use std::collections::HashSet;
use std::io::{self, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};

use serde::Serialize;

use super::cue_prefilter::CueFilter;
use super::fragment_prefilter::FragmentFilter;
use super::json_line::{self, JsonPath};
use super::json_prefilter::{looks_like_json, read_by_json_reader, strings_are_bytes};
use super::json_reads::reads_without_match;
use super::prefilter::Prefilter;
use super::scan::{ScanOptions, Skipped, scan};
use super::search_cache::entry::{Entry, SegmentView};
use super::search_cache::{self, CacheSetting, Lookup, SearchCache, Slot};
use super::search_pass::{
    Detail, LayoutMemory, MatchSink, Prepared, SegmentMatch, find_matches_in,
};
use super::search_print::{self, OutputStyle, Shape, Sink, Streamed};
use crate::episode::{
    self, BodyScan, Episode, EpisodeError, FileBytes, Reason, Source,
    time::{ShortHms, push_hms},
};
use crate::formats::{self, fragment::Reading};
use crate::read_buffer::ReadBuffer;
use crate::search::{self, Query, SearchOptions};
use crate::stdin;

/// Characters of context shown on each side of the first match.
const CONTEXT_CHARS: usize = 40;
/// Longest stretch of a match shown in an excerpt; a regex like `.*` can
/// match a whole segment, and the line should stay readable.
const MAX_MATCH_CHARS: usize = 120;

/// What `earmark search` was asked to do.
#[derive(Debug, Clone)]
pub struct SearchCommand {
    /// The query as typed, `@speaker` filter included.
    pub pattern: String,
    /// Files and directories to search.
    pub paths: Vec<PathBuf>,
    pub options: SearchOptions,
    /// One JSON object per line instead of tab-separated text.
    pub json: bool,
    /// Follow links to folders outside the folders named (`--follow`).
    pub follow: bool,
    /// Headings, colour, context, counts or filters ([`search_print`]);
    /// `None`: today's lines, by the fastest pass.
    pub shape: Option<Shape>,
    /// Where parsed files are cached ([`search_cache`]), or not at all.
    pub cache: CacheSetting,
}

/// How a search ended; [`SearchOutcome::exit_code`] is grep's convention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchOutcome {
    /// At least one segment matched, and nothing went wrong.
    Matched,
    /// Nothing matched, and nothing went wrong.
    NothingMatched,
    /// Something went wrong (reported on the error stream); any matches
    /// found elsewhere were still printed.
    Failed,
}

impl SearchOutcome {
    /// 0 matched, 1 nothing matched, 2 an error.
    pub fn exit_code(self) -> u8 {
        match self {
            SearchOutcome::Matched => 0,
            SearchOutcome::NothingMatched => 1,
            SearchOutcome::Failed => 2,
        }
    }
}

/// Runs the search, printing matches to `out` and one line per problem to
/// `err`. An `Err` is a failure to write (a closed pipe among them).
pub fn run(
    request: &SearchCommand,
    out: &mut impl Write,
    err: &mut impl Write,
) -> io::Result<SearchOutcome> {
    let query = match Query::parse(&request.pattern, request.options) {
        Ok(query) => query,
        Err(error) => {
            writeln!(err, "earmark: {}: {error}", one_line(&request.pattern))?;
            return Ok(SearchOutcome::Failed);
        }
    };
    if query.is_empty() && !query.is_speaker_only() {
        writeln!(
            err,
            "earmark: the pattern is empty (`@name` alone lists what name says)"
        )?;
        return Ok(SearchOutcome::Failed);
    }
    // `-` is standard input, searched first; the rest are walked.
    let (stdin_named, paths): (Vec<PathBuf>, Vec<PathBuf>) = request
        .paths
        .iter()
        .cloned()
        .partition(|p| stdin::is_stdin(p));
    let mut found = scan(
        &paths,
        ScanOptions {
            follow: request.follow,
        },
    );
    found.files.splice(0..0, stdin_named.into_iter().take(1));
    for problem in &found.errors {
        report_problem(err, problem, "")?;
    }
    for problem in &found.skipped {
        report_problem(err, problem, " (skipped)")?;
    }
    if found.files.is_empty() && found.errors.is_empty() {
        // As rg does: a search of nothing is worth a word, not just exit 1.
        writeln!(err, "earmark: no transcript files to search")?;
    }
    let explicit: HashSet<&Path> = request.paths.iter().map(PathBuf::as_path).collect();
    let files: Vec<FileToSearch> = found
        .files
        .iter()
        .map(|path| FileToSearch {
            path,
            explicit: explicit.contains(path.as_path()),
        })
        .collect();
    let cache = SearchCache::open(&request.cache).unwrap_or_else(|warning| {
        let _ = writeln!(err, "earmark: {warning}");
        None
    });
    let context = WorkerContext {
        prefilter: Prefilter::for_query(&query),
        cue_filter: CueFilter::for_query(&query),
        fragment_filter: FragmentFilter::for_query(&query),
        query,
        json: request.json,
        shape: request.shape.clone(),
        cache: cache.map(Arc::new),
    };
    let totals = search_files(&files, &context, out, err)?;
    out.flush()?;
    if let Some(cache) = &context.cache {
        cache.finish();
    }
    Ok(if totals.failed || !found.errors.is_empty() {
        SearchOutcome::Failed
    } else if totals.matched {
        SearchOutcome::Matched
    } else {
        SearchOutcome::NothingMatched
    })
}

fn report_problem(err: &mut impl Write, problem: &Skipped, suffix: &str) -> io::Result<()> {
    let path = episode::text::clean_file_name(&problem.path.display().to_string());
    writeln!(err, "earmark: {path}: {}{suffix}", problem.reason)
}

/// A user's pattern in a message: kept on one line.
fn one_line(text: &str) -> String {
    episode::text::clean_one_line(text)
}

/// One file to search, and whether the user named it (then failing to parse
/// it is an error, not a silent skip).
struct FileToSearch<'a> {
    path: &'a Path,
    explicit: bool,
}

/// What every worker needs.
#[derive(Clone)]
struct WorkerContext {
    query: Query,
    prefilter: Option<Prefilter>,
    /// The raw test for WebVTT and SubRip files.
    cue_filter: Option<CueFilter>,
    /// The test on other formats' fragments, before they are merged.
    fragment_filter: Option<FragmentFilter>,
    json: bool,
    shape: Option<Shape>,
    /// Parsed files' entries, read and written.
    cache: Option<Arc<SearchCache>>,
}

/// One file's result, formatted by the worker so that the printing thread
/// only copies bytes.
#[derive(Default)]
struct FileReport {
    output: String,
    /// The output of a large file's later parts, printed after `output`
    /// as they are: joining them into one string copied every line again.
    later_parts: Vec<String>,
    matched: bool,
    /// A line for the error stream.
    message: Option<String>,
    /// Whether `message` is an error (exit 2) rather than a warning.
    failed: bool,
    /// A group under a heading: a blank line goes between two of them.
    grouped: bool,
}

#[derive(Default)]
struct Totals {
    matched: bool,
    failed: bool,
}

/// Searches `files` on `available_parallelism` workers, which take the next
/// file from a shared counter, and prints each file's report in file order.
///
/// The calling thread is one of the workers, printing what is ready between
/// its files: a separate printing thread woken for every file took turns
/// with the workers on a two-core machine, and the wake-ups alone cost a
/// third of the system time.
fn search_files(
    files: &[FileToSearch],
    context: &WorkerContext,
    out: &mut impl Write,
    err: &mut impl Write,
) -> io::Result<Totals> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let take_next = || {
        let index = next.fetch_add(1, Ordering::Relaxed);
        files.get(index).map(|file| (index, file))
    };
    let spare = SpareBuffers::default();
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::channel();
        for _ in 1..workers {
            let (sender, take_next, spare) = (sender.clone(), &take_next, &spare);
            // A regex shared between threads hands its scratch space around
            // under a lock; a clone per worker has its own.
            let context = context.clone();
            scope.spawn(move || {
                let mut buffer = ReadBuffer::new();
                while let Some((index, file)) = take_next() {
                    let mut early = |part: String| sender.send(Ready::Part(index, part)).is_ok();
                    let report = search_file(file, &context, &mut buffer, spare, &mut early);
                    // The printer hung up (a closed pipe): stop early.
                    if sender.send(Ready::File(index, report)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let mut printer = ReportsInOrder::new(files.len(), &spare);
        let mut buffer = ReadBuffer::new();
        while let Some((index, file)) = take_next() {
            // A large file's parts are printed as they are done, with what
            // the other workers have sent meanwhile.
            let mut failure = None;
            let mut early = |part: String| {
                let mut printed = printer.take_part(index, part, out);
                while let Ok(ready) = receiver.try_recv() {
                    printed = printed.and_then(|()| printer.take(ready, out, err));
                }
                failure = failure.take().or(printed.err());
                failure.is_none()
            };
            let report = search_file(file, context, &mut buffer, &spare, &mut early);
            if let Some(error) = failure {
                return Err(error);
            }
            printer.accept(index, report, out, err)?;
            while let Ok(ready) = receiver.try_recv() {
                printer.take(ready, out, err)?;
            }
        }
        for ready in receiver {
            printer.take(ready, out, err)?;
        }
        Ok(printer.totals)
    })
}

/// What a worker hands the printer: a file's report, or, before it, one
/// of a large file's first parts.
enum Ready {
    File(usize, FileReport),
    Part(usize, String),
}

/// Where a large file's parts go in order as soon as each is done (and
/// every part before it), rather than when the whole file is: the
/// printer, which writes them at once when the file is next in order.
/// Printing 53 MB of lines after both threads had searched a 258 MB file
/// for `the` was a sixth of the time, on one thread. It says whether to
/// go on: not once the output is closed (`earmark search the big.md |
/// head` then stops within a run, not at the end of the file).
type EarlyParts<'e> = dyn FnMut(String) -> bool + 'e;

/// The [`EarlyParts`] of a file being searched, and the printer's spare
/// buffers to write the parts into.
struct EarlySink<'e> {
    print: &'e mut EarlyParts<'e>,
    spare: &'e SpareBuffers,
}

/// Output buffers already printed, for the workers to fill again: fresh
/// ones for every file cost a page fault per 4 KB of output, and the
/// faults of two threads queue on one lock (searching the 300-file archive
/// for `the`: 1,180 page faults with fresh buffers, 850 with these).
#[derive(Default)]
struct SpareBuffers(Mutex<Vec<String>>);

impl SpareBuffers {
    /// An empty buffer, reused when one is spare.
    fn take(&self) -> String {
        let spare = self.0.lock().ok().and_then(|mut spare| spare.pop());
        spare.unwrap_or_default()
    }

    fn give_back(&self, mut buffer: String) {
        buffer.clear();
        if let Ok(mut spare) = self.0.lock() {
            spare.push(buffer);
        }
    }
}

/// Reports waiting to be printed in file order.
struct ReportsInOrder<'s> {
    waiting: Vec<Waiting>,
    next: usize,
    totals: Totals,
    spare: &'s SpareBuffers,
    /// Whether a group under a heading was printed yet.
    any_group: bool,
}

impl<'s> ReportsInOrder<'s> {
    fn new(count: usize, spare: &'s SpareBuffers) -> ReportsInOrder<'s> {
        ReportsInOrder {
            waiting: (0..count).map(|_| Waiting::default()).collect(),
            next: 0,
            totals: Totals::default(),
            spare,
            any_group: false,
        }
    }

    /// Takes what a worker sent.
    fn take(&mut self, ready: Ready, out: &mut impl Write, err: &mut impl Write) -> io::Result<()> {
        match ready {
            Ready::File(index, report) => self.accept(index, report, out, err),
            Ready::Part(index, part) => self.take_part(index, part, out),
        }
    }

    /// Takes the next part of file `index`'s output, before its report:
    /// printed at once when that file is next in order, else held back.
    fn take_part(&mut self, index: usize, part: String, out: &mut impl Write) -> io::Result<()> {
        if let Some(waiting) = self.waiting.get_mut(index) {
            waiting.parts.push(part);
        }
        self.print_parts(out)
    }

    /// Prints the parts that came in of the file next in order.
    fn print_parts(&mut self, out: &mut impl Write) -> io::Result<()> {
        let Some(waiting) = self.waiting.get_mut(self.next) else {
            return Ok(());
        };
        for part in waiting.parts.drain(..) {
            out.write_all(part.as_bytes())?;
            self.spare.give_back(part);
        }
        Ok(())
    }

    /// Takes file `index`'s report and prints every report that is now
    /// next in order, holding back any that come before an earlier file is
    /// done.
    fn accept(
        &mut self,
        index: usize,
        report: FileReport,
        out: &mut impl Write,
        err: &mut impl Write,
    ) -> io::Result<()> {
        if let Some(slot) = self.waiting.get_mut(index) {
            slot.report = Some(report);
        }
        self.print_parts(out)?;
        while let Some(report) = self
            .waiting
            .get_mut(self.next)
            .and_then(|w| w.report.take())
        {
            if report.grouped && std::mem::replace(&mut self.any_group, true) {
                out.write_all(b"\n")?;
            }
            out.write_all(report.output.as_bytes())?;
            for part in &report.later_parts {
                out.write_all(part.as_bytes())?;
            }
            if let Some(message) = &report.message {
                writeln!(err, "earmark: {message}")?;
            }
            self.totals.matched |= report.matched;
            self.totals.failed |= report.failed;
            self.spare.give_back(report.output);
            self.next += 1;
            self.print_parts(out)?;
        }
        Ok(())
    }
}

/// A file's output that came in before it is its turn.
#[derive(Default)]
struct Waiting {
    /// Its first parts, printed before its report ([`Ready::Part`]).
    parts: Vec<String>,
    report: Option<FileReport>,
}

/// Reads and searches one file, reading into the worker's `buffer`.
fn search_file(
    file: &FileToSearch,
    context: &WorkerContext,
    buffer: &mut ReadBuffer,
    spare: &SpareBuffers,
    early: &mut EarlyParts,
) -> FileReport {
    let from_stdin = stdin::is_stdin(file.path);
    let cache = context.cache.as_deref().filter(|_| !from_stdin);
    let holds_episode = search_cache::may_hold(file.path);
    let slot = match cache
        .filter(|_| holds_episode)
        .map(|cache| search_cached(file, cache, context, spare))
    {
        Some(Ok(report)) => return report,
        Some(Err(slot)) => slot,
        None => None,
    };
    let read = if from_stdin {
        stdin::read_for_search(buffer).map(|bytes| (FileBytes::Read(bytes), None))
    } else {
        episode::read_for_search_seen(file.path, buffer).map(|(bytes, seen)| (bytes, Some(seen)))
    };
    let (bytes, seen) = match read {
        Ok(read) => read,
        Err(error) => return unreadable(file, &error),
    };
    // A Markdown file's entry (its layout) is looked up only once it is
    // read and may match; its stamp is how the file looked before the read.
    let layout_slot = match (cache, seen) {
        (Some(cache), Some(seen)) if !holds_episode => cache.slot(file.path, &seen),
        _ => None,
    };
    let (source, shown) = if from_stdin {
        (
            Source::Builtin(stdin::STDIN_NAME),
            Path::new(stdin::STDIN_NAME),
        )
    } else {
        (Source::File(file.path.to_path_buf()), file.path)
    };
    let mut lines = ReportLines::new(shown, context.json, spare.take());
    lines.stream = context.shape.clone().filter(search_print::streams);
    let kept = match (&slot, &layout_slot) {
        (Some(slot), _) => Some((slot, Kept::Episode)),
        (None, Some(slot)) => Some((slot, Kept::Layout)),
        (None, None) => None,
    };
    let remember = cache
        .zip(kept)
        .map(|(cache, (slot, kind))| CacheUse { cache, slot, kind });
    // A streamed shape's heading waits for the whole file.
    let early = lines.stream.is_none().then_some(EarlySink {
        print: early,
        spare,
    });
    let pass = Pass::Fastest;
    match find_matches(&bytes, &source, context, pass, remember, &mut lines, early) {
        Ok(()) => lines.finish(),
        Err(error) => unreadable(file, &error),
    }
}

/// Searches a file's cache entry, when it has a fresh one; else the slot
/// for the entry its parse may write.
fn search_cached(
    file: &FileToSearch,
    cache: &SearchCache,
    context: &WorkerContext,
    spare: &SpareBuffers,
) -> Result<FileReport, Option<Slot>> {
    search_cache::with_entry_buffer(|buffer| match cache.look_up(file.path, buffer) {
        Lookup::Miss(slot) => Err(slot),
        Lookup::Hit(entry) => {
            let mut lines = ReportLines::new(file.path, context.json, spare.take());
            lines.stream = context.shape.clone().filter(search_print::streams);
            let source = Source::File(file.path.to_path_buf());
            search_entry(&entry, source, context, &mut lines);
            Ok(lines.finish())
        }
    })
}

/// Reports the matches in a cached episode as [`find_matches`] does in
/// the file it was parsed from: its text is tested first (exact, see
/// [`search_cache`]), and its segments searched, from the entry, only
/// when that finds something. The shapes that need the whole episode
/// get it built from the entry.
fn search_entry(entry: &Entry, source: Source, context: &WorkerContext, lines: &mut ReportLines) {
    if let Some(shape) = &context.shape
        && !search_print::streams(shape)
    {
        lines.print_shaped(&entry.to_episode(source), &context.query, shape);
        return;
    }
    let prefilter = context.prefilter.as_ref();
    if prefilter.is_some_and(|p| p.first_match(entry.text().as_bytes()).is_none()) {
        return;
    }
    let (title, segments) = (entry.title(), entry.segments());
    report_segment_matches(
        title,
        segments,
        &context.query,
        detail(context),
        &mut |s, t| lines.write(s, t),
    );
}

/// How much of each match the output shows.
fn detail(context: &WorkerContext) -> Detail {
    let wants_everything = context
        .shape
        .as_ref()
        .is_some_and(search_print::needs_every_match);
    if context.json || wants_everything {
        Detail::Everything
    } else {
        Detail::FirstMatch
    }
}

/// Which way a file is searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pass {
    /// What `earmark search` does: skip files the prefilter rules out, use
    /// the search-only pass where it is exact, parse fully elsewhere.
    Fastest,
    /// Parse every file and search every segment: the reference.
    Full,
    /// As `Fastest`, with every Markdown file the fast pass takes searched
    /// in parts on two threads, as a large one is: for tests.
    Split,
}

/// What searching one file's `bytes` prints (or the error that stops it),
/// as if the user had named the file: for tests that check that every
/// [`Pass`] gives the same output.
pub fn search_bytes(
    bytes: &[u8],
    path: &Path,
    query: &Query,
    json: bool,
    pass: Pass,
) -> Result<String, String> {
    let context = WorkerContext {
        prefilter: Prefilter::for_query(query),
        cue_filter: CueFilter::for_query(query),
        fragment_filter: FragmentFilter::for_query(query),
        query: query.clone(),
        json,
        shape: None,
        cache: None,
    };
    let source = Source::File(path.to_path_buf());
    let mut lines = ReportLines::new(path, json, String::new());
    let found = find_matches(bytes, &source, &context, pass, None, &mut lines, None);
    found.map_err(|e| e.to_string())?;
    match lines.report.message {
        Some(message) => Err(message),
        None => Ok(lines
            .report
            .later_parts
            .iter()
            .fold(lines.report.output, |all, part| all + part)),
    }
}

/// What the search of one file may write to the cache, and where.
#[derive(Clone, Copy)]
struct CacheUse<'c> {
    cache: &'c SearchCache,
    slot: &'c Slot,
    kind: Kept,
}

/// What a file's entry holds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kept {
    /// The episode, when a file not named as Markdown is parsed in full.
    Episode,
    /// The layout, when a Markdown file's is read by the search-only pass.
    Layout,
}

impl LayoutMemory for CacheUse<'_> {
    fn recall<'b>(&mut self, body: &'b str) -> Option<BodyScan<'b>> {
        self.cache.recall_layout(self.slot, body)
    }

    fn keep(&mut self, layout: &BodyScan) {
        self.cache.keep_layout(self.slot, layout);
    }
}

/// Reports the matching segments of one file, by the quickest exact way
/// `pass` allows (see [`super::prefilter`] and [`super::search_pass`]);
/// a file parsed in full, or a Markdown file's layout just read, is
/// written to the cache when `remember` says where.
fn find_matches(
    bytes: &[u8],
    source: &Source,
    context: &WorkerContext,
    pass: Pass,
    remember: Option<CacheUse>,
    lines: &mut ReportLines,
    early: Option<EarlySink>,
) -> Result<(), EpisodeError> {
    let mut layouts = remember.filter(|kept| kept.kind == Kept::Layout);
    let remember = |episode: &Episode| {
        if let Some(CacheUse {
            cache,
            slot,
            kind: Kept::Episode,
        }) = remember
        {
            cache.remember(slot, episode);
        }
    };
    if let Some(shape) = &context.shape
        && !search_print::streams(shape)
    {
        let episode = formats::parse_bytes(bytes, source.clone())?;
        remember(&episode);
        lines.print_shaped(&episode, &context.query, shape);
        return Ok(());
    }
    let detail = detail(context);
    // A binary file goes straight to the full parse, which refuses it:
    // neither raw test can rule it out, and each would search all of it.
    let binary = starts_binary(bytes);
    // Before the Markdown test, which decodes the whole file: the raw
    // tests skip only files they show read as captions or JSON (Markdown
    // with front matter is left to the Markdown prefilter).
    let raw = match pass == Pass::Full || binary || formats::opens_with_front_matter(bytes) {
        true => RawVerdict::Read { json_clear: false },
        false => raw_verdict(bytes, source, context),
    };
    let RawVerdict::Read { json_clear } = raw else {
        return Ok(());
    };
    // The fast path reads Markdown's layout; other formats parse fully.
    if pass != Pass::Full
        && let Some(prefilter) = &context.prefilter
        && !binary
        && !surely_not_markdown(bytes)
        && crate::formats::is_markdown(bytes, source)
    {
        // `may_match`, keeping where the first raw match is.
        let first_match = prefilter.first_match(bytes);
        if first_match.is_none() && !prefilter.cleaning_may_matter(bytes) {
            return Ok(());
        }
        let first_match = first_match.unwrap_or(0);
        let parts = match pass {
            Pass::Split => 2,
            _ if bytes.len() >= SPLIT_MIN_BYTES => workers(usize::MAX),
            _ => 1,
        };
        let memory = layouts.as_mut().map(|m| m as &mut dyn LayoutMemory);
        let prepared = if parts > 1 {
            Prepared::new_parallel(bytes, first_match, source, prefilter, parts, memory)
        } else {
            Prepared::remembering(bytes, first_match, source, prefilter, memory)
        };
        if let Some(prepared) = prepared {
            search_in_parts(&prepared, context, detail, parts, (lines, early));
            return Ok(());
        }
    }
    let fragment_filter = context
        .fragment_filter
        .as_ref()
        .filter(|_| pass != Pass::Full);
    // Fragments that cannot hold a match are not merged.
    let rules_out = |reading: &Reading| match json_clear && read_by_json_reader(reading) {
        true => FragmentFilter::merge_keeps_text(reading),
        false => fragment_filter.is_some_and(|f| f.rules_out(reading)),
    };
    let Some(episode) = formats::parse_bytes_unless(bytes, source.clone(), rules_out)? else {
        return Ok(());
    };
    remember(&episode);
    report_episode_matches(&episode, &context.query, detail, &mut |s, t| {
        lines.write(s, t)
    });
    Ok(())
}

/// What the raw tests tell of a file that is not Markdown with front
/// matter, before it is read.
enum RawVerdict {
    /// It cannot match, and reads without a refusal.
    Skip,
    /// It must be read; `json_clear` when a JSON reader's fragments need
    /// not be merged or searched (see json_prefilter).
    Read { json_clear: bool },
}

/// The raw tests, cheapest first. A JSON file whose bytes cannot match is
/// not read at all when they alone show that it reads (json_reads); else
/// it is read, to learn whether it is refused, but neither merged nor
/// searched when its strings are their bytes (json_prefilter). A caption
/// file whose bytes cannot match is not read at all (cue_prefilter).
fn raw_verdict(bytes: &[u8], source: &Source, context: &WorkerContext) -> RawVerdict {
    let cue_filter = context.cue_filter.as_ref();
    let Some((cue_filter, text)) = cue_filter.and_then(|f| Some((f, f.raw_clear(bytes)?))) else {
        return RawVerdict::Read { json_clear: false };
    };
    let fragment_filter = context.fragment_filter.as_ref();
    let json_filter = fragment_filter.filter(|_| looks_like_json(bytes));
    let skip = match json_filter {
        Some(filter) => reads_without_match(bytes, filter),
        None => cue_filter.rules_out_clear(text, source),
    };
    match skip {
        true => RawVerdict::Skip,
        false => RawVerdict::Read {
            json_clear: json_filter.is_some_and(|f| strings_are_bytes(bytes, f)),
        },
    }
}

/// Whether `bytes` are sure not to be read as Markdown, from their first
/// bytes: the Markdown test decodes the whole file, which the read then
/// does again. A file starting with `WEBVTT` decodes (a NUL and all) to
/// text detection calls WebVTT or refuses as such; one starting with `{`
/// after whitespace, and with no NUL (which decoding refuses, and then
/// the Markdown parser reports), to text it calls JSON.
pub fn surely_not_markdown(bytes: &[u8]) -> bool {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    bytes.starts_with(b"WEBVTT") || (first == Some(&b'{') && memchr::memchr(0, bytes).is_none())
}

/// Whether a NUL byte is among the first [`BINARY_SNIFF`] bytes, as in a
/// binary file. Neither the fast path nor the caption filter takes bytes
/// holding a NUL (a control char cleaning acts on), so sending them
/// straight to the full parse changes nothing but the time: a large binary
/// file is refused without a raw search of all of it first.
fn starts_binary(bytes: &[u8]) -> bool {
    memchr::memchr(0, &bytes[..bytes.len().min(BINARY_SNIFF)]).is_some()
}

/// How much of a file [`starts_binary`] looks at. Binary formats put a
/// NUL in their first bytes; a file with its first one later only takes
/// the longer way to the same refusal. (64 KiB, most of a transcript,
/// was a pass of its own over nearly every file: 4% of a search for a
/// word no file holds.)
const BINARY_SNIFF: usize = 8 << 10;

/// Files at least this large are searched on every core: their checks and
/// layout scan cut into runs of lines, their segments into as many runs
/// as there are threads, each formatted apart and printed in order.
const SPLIT_MIN_BYTES: usize = 8 << 20;

/// Threads for `work` items: one per core, at most one per item.
fn workers(work: usize) -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(work)
        .max(1)
}

/// Searches a prepared file's segments on `parts` threads (each with its
/// own regexes), in runs of about the same count, several a thread so
/// that one done early takes another, and writes their lines into `lines`
/// in order; or, when there is an `early` sink, hands each run's lines to
/// it as soon as every run before it is done.
fn search_in_parts(
    prepared: &Prepared,
    context: &WorkerContext,
    detail: Detail,
    parts: usize,
    (lines, mut early): (&mut ReportLines, Option<EarlySink>),
) {
    let prefilter = context.prefilter.as_ref();
    let Some(prefilter) = prefilter.filter(|_| parts > 1) else {
        if let Some(prefilter) = prefilter {
            let every = 0..prepared.segment_count();
            let query = &context.query;
            prepared.search(every, prefilter, query, detail, &mut |s, t| {
                lines.write(s, t)
            });
        }
        return;
    };
    let count = prepared.segment_count();
    let share = count.div_ceil(parts * RUNS_PER_THREAD).max(1);
    let runs = count.div_ceil(share);
    let next_run = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::channel();
        for _ in 0..parts.min(runs) {
            let (prefilter, query) = (prefilter.clone(), context.query.clone());
            let (sender, next_run, template) = (sender.clone(), &next_run, lines.sibling());
            let spare = early.as_ref().map(|early| early.spare);
            scope.spawn(move || {
                loop {
                    let k = next_run.fetch_add(1, Ordering::Relaxed);
                    if k >= runs {
                        break;
                    }
                    let mut part = template.sibling();
                    // A buffer the printer is done with: its pages are not
                    // faulted in and zeroed again.
                    part.report.output = spare.map(SpareBuffers::take).unwrap_or_default();
                    let run = k * share..((k + 1) * share).min(count);
                    prepared.search(run, &prefilter, &query, detail, &mut |s, t| {
                        part.write(s, t)
                    });
                    if sender.send((k, part)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let mut done: Vec<Option<ReportLines>> = (0..runs).map(|_| None).collect();
        let mut next = 0;
        // Leaving the loop hangs up: each thread stops after its run.
        'runs: for (k, part) in receiver {
            done[k] = Some(part);
            while let Some(part) = done.get_mut(next).and_then(Option::take) {
                let go_on = match early.as_mut() {
                    Some(early) => (early.print)(lines.take_flags(part)),
                    None => {
                        lines.append(part);
                        true
                    }
                };
                if !go_on {
                    break 'runs;
                }
                next += 1;
            }
        }
    });
}

/// Runs of segments a thread takes in turn when a large file is searched
/// in parts: the first run's lines are printed once it is done, while the
/// rest are searched, and a thread done early takes another run rather
/// than wait for the other.
const RUNS_PER_THREAD: usize = 16;

/// Reports every matching segment of a parsed episode.
fn report_episode_matches(
    episode: &Episode,
    query: &Query,
    detail: Detail,
    report: &mut MatchSink,
) {
    let segments = episode.segments.iter().map(|segment| SegmentView {
        start: segment.start,
        speaker: episode.speaker_name(segment),
        text: segment.text(episode),
    });
    report_segment_matches(&episode.title, segments, query, detail, report);
}

/// Reports every matching segment of `segments`, an episode's titled
/// `title`, in order.
fn report_segment_matches<'e>(
    title: &str,
    segments: impl Iterator<Item = SegmentView<'e>>,
    query: &Query,
    detail: Detail,
    report: &mut MatchSink,
) {
    let title = (detail == Detail::Everything).then_some(title);
    let mut ranges = Vec::new();
    for (index, segment) in segments.enumerate() {
        if !query.matches_speaker(segment.speaker) {
            continue;
        }
        // `@name` alone: every segment of that speaker, with no match in it.
        find_matches_in(segment.text, query, detail, &mut ranges);
        if ranges.is_empty() && !query.is_speaker_only() {
            continue;
        }
        let found = SegmentMatch {
            index,
            start: segment.start,
            speaker: segment.speaker.map(Into::into),
            text: segment.text.into(),
            matches: &ranges,
        };
        report(&found, title);
    }
}

/// A file that could not be searched. Named by the user, it is an error.
/// Found in a folder, a file that was read and holds no transcript is
/// passed over silently (as `rg` passes over binary files): nothing in it
/// could have matched. Any other file left unsearched (unreadable, too
/// large, not a regular file) is named as skipped, with the reason: a match
/// may be in it.
fn unreadable(file: &FileToSearch, error: &EpisodeError) -> FileReport {
    let holds_no_transcript = matches!(error.reason, Reason::NotText | Reason::NoTranscript);
    let message = if file.explicit {
        Some(error.to_string())
    } else if holds_no_transcript {
        None
    } else {
        Some(format!("{error} (skipped)"))
    };
    FileReport {
        message,
        failed: file.explicit,
        ..FileReport::default()
    }
}

/// One file's matching segments, formatted as they are found.
struct ReportLines {
    /// The file's name for text output and messages: cleaned, one line.
    path: String,
    /// The exact name, for JSON output (`None` for text output).
    json_path: Option<JsonPath>,
    report: FileReport,
    /// A shape printed as segments are found ([`search_print::streams`]).
    stream: Option<Shape>,
    streamed: Streamed,
}

impl ReportLines {
    /// Lines for the file at `path`, written into `output` (empty).
    fn new(path: &Path, json: bool, output: String) -> ReportLines {
        ReportLines {
            path: Source::File(path.to_path_buf()).display(),
            json_path: json.then(|| JsonPath::new(path)),
            report: FileReport {
                output,
                ..FileReport::default()
            },
            stream: None,
            streamed: Streamed::default(),
        }
    }

    /// Lines for the same file, written apart (a part of a large file).
    fn sibling(&self) -> ReportLines {
        ReportLines {
            path: self.path.clone(),
            json_path: self.json_path.clone(),
            report: FileReport::default(),
            stream: self.stream.clone(),
            streamed: Streamed::default(),
        }
    }

    /// Takes the lines of `part` (which came after these) in.
    fn append(&mut self, part: ReportLines) {
        let output = self.take_flags(part);
        let report = &mut self.report;
        if report.output.is_empty() && report.later_parts.is_empty() {
            report.output = output;
        } else if !output.is_empty() {
            report.later_parts.push(output);
        }
    }

    /// Takes in what `part` (which came after these) found but its lines,
    /// which it returns.
    fn take_flags(&mut self, part: ReportLines) -> String {
        self.streamed.append(part.streamed);
        let (report, part) = (&mut self.report, part.report);
        report.matched |= part.matched;
        if report.message.is_none() {
            report.message = part.message;
        }
        report.failed |= part.failed;
        part.output
    }

    /// The file's report, a streamed shape's heading, count or name added.
    fn finish(mut self) -> FileReport {
        if let Some(shape) = &self.stream {
            let out = &mut self.report.output;
            search_print::stream_end(shape, &self.path, &self.streamed, out);
            self.report.grouped = self.streamed.matched() && shape.style == OutputStyle::Heading;
        }
        self.report
    }

    /// Prints a parsed episode's matches in `shape` ([`search_print`]).
    fn print_shaped(&mut self, episode: &Episode, query: &Query, shape: &Shape) {
        let path = self.path.clone();
        let printed = if shape.style == OutputStyle::Json {
            let mut write = |s: &SegmentMatch, t: Option<&str>| self.write(s, t);
            search_print::print_episode(episode, query, shape, &path, Sink::Json(&mut write))
        } else {
            let out = Sink::Text(&mut self.report.output);
            search_print::print_episode(episode, query, shape, &path, out)
        };
        self.report.matched |= printed.matched;
        self.report.grouped = printed.matched && shape.style == OutputStyle::Heading;
        if self.report.message.is_none() {
            self.report.message = printed.note;
        }
    }

    /// Formats one matching segment (`title` is there for JSON).
    fn write(&mut self, segment: &SegmentMatch, title: Option<&str>) {
        let out = &mut self.report.output;
        self.report.matched = true;
        if let Some(shape) = &self.stream {
            search_print::stream_row(shape, &self.path, segment, title, &mut self.streamed, out);
            return;
        }
        let Some(json_path) = &self.json_path else {
            write_line(&self.path, segment, out);
            return;
        };
        if let Err(error) = write_json(json_path, title.unwrap_or_default(), segment, out) {
            self.report.message = Some(format!("{}: {error}", self.path));
            self.report.failed = true;
        }
    }
}

/// `path<TAB>hh:mm:ss<TAB>speaker<TAB>excerpt`, `-` for a missing field.
fn write_line(path: &str, segment: &SegmentMatch, out: &mut String) {
    let first = segment.matches.first().cloned().unwrap_or(0..0);
    if !write_plain_line(path, segment, &first, out) {
        write_any_line(path, segment, first, out);
    }
}

/// [`write_line`] when the excerpt is plain ([`LineBytes::plain_excerpt`])
/// and the stamp under 100 hours, as for most matches: written with one
/// reserve for the whole line ([`search::push_line`]). Whether it was; if
/// not, nothing was appended.
#[inline]
fn write_plain_line(
    path: &str,
    segment: &SegmentMatch,
    first: &Range<usize>,
    out: &mut String,
) -> bool {
    let stamp = match segment.start.map(ShortHms::of) {
        Some(Some(stamp)) => Some(stamp),
        Some(None) => return false,
        None => None,
    };
    let speaker = segment.speaker.as_deref().unwrap_or("-");
    if first.len() > MAX_MATCH_CHARS {
        return false;
    }
    let excerpt = first.len().saturating_add(2 * CONTEXT_CHARS + 6);
    let most = path.len() + speaker.len() + excerpt + 12;
    search::push_line(out, most, |line| {
        line.put(path)?;
        line.put("\t")?;
        line.put(stamp.as_ref().map_or("-", ShortHms::as_str))?;
        line.put("\t")?;
        line.put(speaker)?;
        line.put("\t")?;
        line.plain_excerpt(&segment.text, first, CONTEXT_CHARS)?;
        line.put("\n")
    })
}

/// [`write_line`] of any segment, piece by piece.
#[cold]
#[inline(never)]
fn write_any_line(path: &str, segment: &SegmentMatch, first: Range<usize>, out: &mut String) {
    out.push_str(path);
    out.push('\t');
    match segment.start {
        Some(start) => push_hms(out, start),
        None => out.push('-'),
    }
    out.push('\t');
    out.push_str(segment.speaker.as_deref().unwrap_or("-"));
    out.push('\t');
    search::push_excerpt(out, &segment.text, first, CONTEXT_CHARS, MAX_MATCH_CHARS);
    out.push('\n');
}

#[derive(Serialize)]
struct MatchJson<'a> {
    path: &'a str,
    /// The exact name in base64, only when it is not UTF-8.
    #[serde(skip_serializing_if = "Option::is_none")]
    path_bytes: Option<&'a str>,
    title: &'a str,
    segment: usize,
    start: Option<u32>,
    speaker: Option<&'a str>,
    text: &'a str,
    matches: Vec<[usize; 2]>,
}

/// One JSON object on one line, byte offsets into `text`, the path exact
/// and nothing a terminal acts on written raw ([`json_line`]).
fn write_json(
    path: &JsonPath,
    title: &str,
    segment: &SegmentMatch,
    out: &mut String,
) -> serde_json::Result<()> {
    let object = MatchJson {
        path: &path.text,
        path_bytes: path.bytes.as_deref(),
        title,
        segment: segment.index,
        start: segment.start,
        speaker: segment.speaker.as_deref(),
        text: &segment.text,
        matches: segment.matches.iter().map(|m| [m.start, m.end]).collect(),
    };
    out.push_str(&json_line::to_line(&object)?);
    out.push('\n');
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::ops::Range;

    use super::*;

    /// The text around one match, on one line: up to `CONTEXT_CHARS` chars
    /// on each side (cut at char boundaries, `…` where cut), newlines and
    /// tabs as spaces. The same excerpt the library's search results show.
    fn excerpt_line(text: &str, hit: Range<usize>) -> String {
        search::excerpt(text, hit, CONTEXT_CHARS, MAX_MATCH_CHARS).line
    }

    #[test]
    fn short_text_is_shown_whole() {
        assert_eq!(
            excerpt_line("we talked\nabout growth", 16..22),
            "we talked about growth"
        );
    }

    #[test]
    fn long_text_is_cut_around_the_first_match() {
        let text = format!("{}growth{}", "a".repeat(100), "b".repeat(100));
        let line = excerpt_line(&text, 100..106);
        assert_eq!(
            line,
            format!("…{}growth{}…", "a".repeat(40), "b".repeat(40))
        );
    }

    #[test]
    fn cuts_fall_on_char_boundaries() {
        let text = format!("{}x{}", "é".repeat(50), "—".repeat(50));
        let at = "é".len() * 50;
        let line = excerpt_line(&text, at..at + 1);
        assert_eq!(line, format!("…{}x{}…", "é".repeat(40), "—".repeat(40)));
    }

    #[test]
    fn a_very_long_match_is_cut_too() {
        let text = "z".repeat(1000);
        let line = excerpt_line(&text, 0..1000);
        assert_eq!(line, format!("{}…", "z".repeat(MAX_MATCH_CHARS)));
    }

    /// A large file's first parts are printed as soon as they come in
    /// when the file is next in order, and held back behind a file before
    /// it until that one is done; reports follow their parts.
    /// A line written in one piece when it is plain is the line written
    /// piece by piece, for paths and speakers of every length around the
    /// sixteen-byte copies, missing fields, stamps past 100 hours, texts
    /// shorter and longer than the context, ASCII or not, with control and
    /// wide chars, and matches at the ends, empty or too long to show whole.
    #[test]
    fn plain_lines_are_the_general_ones() {
        let pieces = [
            "a",
            "the ",
            "xyz",
            "\u{e9}",
            "\t",
            "\u{85}",
            "\n",
            "\u{1F600}",
        ];
        let (mut seed, mut plain) = (5u64, 0);
        for _ in 0..4000 {
            seed = crate::test_support::lcg_next(seed);
            // A third of the texts of plain pieces only.
            let kinds = if seed % 3 == 0 { 3 } else { pieces.len() };
            let mut text = String::new();
            for k in 0..(seed >> 40) % 60 {
                let piece = pieces[((seed >> (k % 50)) as usize + k as usize) % kinds];
                let plain_piece = piece.bytes().all(|b| (0x20..0x7f).contains(&b));
                let run = if plain_piece {
                    1 + (seed >> 21) % 12
                } else {
                    1
                };
                text.push_str(&piece.repeat(run as usize));
            }
            let hit = if seed % 7 == 0 {
                0..text.len()
            } else {
                crate::test_support::char_range(&text, seed)
            };
            let path = "p/".repeat((seed >> 27) as usize % 30);
            let speaker = match (seed >> 33) % 4 {
                0 => None,
                n => Some("Speak\u{e9}r ".repeat(n as usize * (seed >> 35) as usize % 5)),
            };
            let start = match (seed >> 38) % 5 {
                0 => None,
                1 => Some(360_000 + (seed >> 41) as u32 % 9_000_000),
                _ => Some((seed >> 41) as u32 % 360_000),
            };
            let matches = [hit];
            let segment = SegmentMatch {
                index: 0,
                start,
                speaker: speaker.map(Into::into),
                text: text.as_str().into(),
                matches: &matches,
            };
            let (mut fast, mut general) = ("before\n".to_string(), "before\n".to_string());
            write_line(&path, &segment, &mut fast);
            write_any_line(&path, &segment, matches[0].clone(), &mut general);
            assert_eq!(fast, general, "{text:?} {:?}", matches[0]);
            plain += usize::from(write_plain_line(
                &path,
                &segment,
                &matches[0],
                &mut String::new(),
            ));
        }
        assert!(plain > 500, "plain lines met: {plain}");
    }

    #[test]
    fn parts_are_printed_as_soon_as_every_file_before_is_done() {
        let spare = SpareBuffers::default();
        let mut printer = ReportsInOrder::new(3, &spare);
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let report = |text: &str| FileReport {
            output: text.to_string(),
            matched: true,
            ..FileReport::default()
        };
        let part = |text: &str| text.to_string();
        printer
            .take_part(0, part("a1 "), &mut out)
            .expect("written");
        assert_eq!(out, b"a1 ");
        printer
            .take_part(1, part("b1 "), &mut out)
            .expect("written");
        printer
            .take_part(0, part("a2 "), &mut out)
            .expect("written");
        assert_eq!(out, b"a1 a2 ", "file 1 waits for file 0");
        printer
            .take(Ready::File(0, report("a3 ")), &mut out, &mut err)
            .expect("written");
        assert_eq!(out, b"a1 a2 a3 b1 ", "file 1's first part follows");
        printer
            .take(Ready::Part(1, part("b2 ")), &mut out, &mut err)
            .expect("written");
        printer
            .accept(2, report("c "), &mut out, &mut err)
            .expect("written");
        assert_eq!(out, b"a1 a2 a3 b1 b2 ");
        printer
            .accept(1, report("b3 "), &mut out, &mut err)
            .expect("written");
        assert_eq!(out, b"a1 a2 a3 b1 b2 b3 c ");
        assert!(printer.totals.matched && err.is_empty());
    }

    /// A large file's runs reach the printer in order, all of them, the
    /// same lines as one pass; and none after the printer says its
    /// output is closed.
    #[test]
    fn a_large_file_goes_out_run_by_run_until_the_output_closes() {
        let body: String = (0..4000)
            .map(|k| format!("Ann (00:00:{:02}):\nthe line {k}\n\n", k % 60))
            .collect();
        let bytes = format!("---\ntitle: t\n---\n\n{body}");
        let query = Query::parse("the", SearchOptions::default()).expect("valid");
        let context = WorkerContext {
            prefilter: Prefilter::for_query(&query),
            cue_filter: None,
            fragment_filter: None,
            query,
            json: false,
            shape: None,
            cache: None,
        };
        let source = Source::File(PathBuf::from("big.md"));
        let prefilter = context.prefilter.as_ref().expect("a literal");
        let prepared = Prepared::new_parallel(bytes.as_bytes(), 0, &source, prefilter, 2, None);
        let prepared = prepared.expect("plain Markdown");
        let spare = SpareBuffers::default();
        let printed_until = |stop_after: usize| {
            let mut printed = Vec::new();
            let mut print = |part: String| {
                printed.push(part);
                printed.len() < stop_after
            };
            let mut lines = ReportLines::new(Path::new("big.md"), false, String::new());
            let early = EarlySink {
                print: &mut print,
                spare: &spare,
            };
            search_in_parts(
                &prepared,
                &context,
                Detail::FirstMatch,
                2,
                (&mut lines, Some(early)),
            );
            assert!(lines.report.matched && lines.report.output.is_empty());
            printed
        };
        let all = printed_until(usize::MAX);
        assert_eq!(all.len(), 2 * RUNS_PER_THREAD, "every run");
        let one_pass = search_bytes(
            bytes.as_bytes(),
            Path::new("big.md"),
            &context.query,
            false,
            Pass::Fastest,
        );
        assert_eq!(all.concat(), one_pass.expect("searched"));
        assert_eq!(printed_until(1).len(), 1, "nothing after the output closed");
    }

    #[test]
    fn exit_codes_follow_grep() {
        assert_eq!(SearchOutcome::Matched.exit_code(), 0);
        assert_eq!(SearchOutcome::NothingMatched.exit_code(), 1);
        assert_eq!(SearchOutcome::Failed.exit_code(), 2);
    }
}
