//! Search: a query (literal or regex, smart case, optional speaker filter)
//! turned into sorted (segment, byte range) hits.
//!
//! The TUI and the CLI share these semantics (docs/usage.md, "Search
//! semantics"). Hits are plain data: the view highlights the ones that fall
//! in visible segments by binary search ([`hits_in_segment`]).

use std::mem::MaybeUninit;
use std::ops::Range;

use regex::{Regex, RegexBuilder};

use crate::episode::{Episode, Segment};

/// Upper bound on a compiled pattern (and on the lazy DFA's cache), so that a
/// pattern like `(a{1000}){1000}` is refused at once instead of eating memory
/// and time.
pub const SIZE_LIMIT: usize = 1 << 20;

/// Above this much segment text a fresh search is split across threads; below
/// it, spawning costs more than it saves.
const PARALLEL_MIN_BYTES: usize = 4 << 20;

/// How the query text is read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SearchOptions {
    /// The pattern is a regex (the `regex` crate's syntax), not a literal.
    pub regex: bool,
    /// Match case exactly even when the pattern is all lower case.
    pub case_sensitive: bool,
}

/// Why a query cannot be searched for. `Display` is the one-line message
/// shown inline in the search bar (and on stderr by the CLI).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SearchError {
    /// The regex does not parse; the reason is regex's own, on one line.
    #[error("invalid regex: {0}")]
    InvalidRegex(String),
    /// The pattern compiles to more than [`SIZE_LIMIT`] bytes.
    #[error("pattern too large (compiles to over {})", size_text(*.0))]
    TooLarge(usize),
    /// The regex can match nothing but empty text (`^`, `\b`, `x{0}`):
    /// every segment would "match" with nothing to show.
    #[error("the regex matches only empty text (nothing to show)")]
    OnlyEmpty,
}

/// `1 MiB`, `512 KiB`: a limit as people say it.
fn size_text(bytes: usize) -> String {
    if bytes >= 1 << 20 && bytes.is_multiple_of(1 << 20) {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{} KiB", bytes.div_ceil(1024))
    }
}

/// A parsed, compiled query. Build one with [`Query::parse`] per edit of
/// the search bar; it is cheap for the short patterns people type.
#[derive(Debug, Clone)]
pub struct Query {
    input: String,
    /// The speaker filter, lower-cased: `karina` from `@Karina canvas`.
    speaker: Option<String>,
    /// What the engines search for: the part of the input after any
    /// filter, or for a literal with typographic punctuation, its folded
    /// regex (`crate::search_fold`).
    pattern: String,
    /// The options the engines run `pattern` with (`regex` set for a
    /// folded literal).
    options: SearchOptions,
    case_insensitive: bool,
    /// `None` when the query can match nothing yet (empty pattern, or a
    /// speaker filter still being typed).
    matcher: Option<Regex>,
}

impl Query {
    /// Parses and compiles `input` under `options`.
    ///
    /// `@name rest` searches `rest` only in segments whose speaker's name
    /// contains `name` (case-insensitively). `@name` with nothing after it
    /// yet, or an empty pattern, gives a query with no hits, not an error.
    /// Smart case looks at the searched pattern only, not at the filter.
    pub fn parse(input: &str, options: SearchOptions) -> Result<Query, SearchError> {
        let (speaker, typed, complete) = split_speaker_filter(input);
        let case_insensitive = !options.case_sensitive && !has_upper_case(typed, options.regex);
        let (pattern, options) = fold_typography(typed, options);
        let matcher = if complete && !pattern.is_empty() {
            Some(compile(&pattern, options.regex, case_insensitive)?)
        } else {
            None
        };
        Ok(Query {
            input: input.to_string(),
            speaker: speaker.map(str::to_lowercase),
            pattern,
            options,
            case_insensitive,
            matcher,
        })
    }

    /// Whether the query can match nothing (empty, or a filter still being
    /// typed). Such a query is valid; it just has no hits.
    pub fn is_empty(&self) -> bool {
        self.matcher.is_none()
    }

    /// Whether the query is a speaker filter alone (`@name`): on the
    /// command line, it lists everything that speaker says.
    pub fn is_speaker_only(&self) -> bool {
        self.speaker.is_some() && self.pattern.is_empty()
    }

    /// The text as typed, filter included.
    pub fn input(&self) -> &str {
        &self.input
    }

    /// The part that is searched for, without the speaker filter, as the
    /// engines run it: as typed, or the folded regex of a literal holding
    /// typographic punctuation (then [`Query::options`] says regex).
    pub fn pattern(&self) -> &str {
        &self.pattern
    }

    /// The options the engines run [`Query::pattern`] with: those the query
    /// was parsed with, but a folded literal is a regex.
    pub fn options(&self) -> SearchOptions {
        self.options
    }

    /// Whether matching ignores case (smart case or not forced).
    pub fn is_case_insensitive(&self) -> bool {
        self.case_insensitive
    }

    /// Whether a segment by this speaker is searched at all. Without a
    /// filter every segment is; with one, only those with a speaker whose
    /// name contains the filter.
    pub fn matches_speaker(&self, name: Option<&str>) -> bool {
        match (&self.speaker, name) {
            (None, _) => true,
            (Some(filter), Some(name)) => name.to_lowercase().contains(filter.as_str()),
            (Some(_), None) => false,
        }
    }

    /// Per speaker id, whether its segments are searched.
    fn speaker_mask(&self, episode: &Episode) -> Vec<bool> {
        episode
            .speakers
            .iter()
            .map(|name| self.matches_speaker(Some(name)))
            .collect()
    }

    fn segment_wanted(&self, mask: &[bool], segment: &Segment) -> bool {
        match (&self.speaker, segment.speaker) {
            (None, _) => true,
            (Some(_), Some(id)) => mask.get(id).copied().unwrap_or(false),
            (Some(_), None) => false,
        }
    }

    /// Whether every hit of `self` lies in a segment that had a hit of
    /// `previous`: the same options, literal mode, the same filter and case,
    /// and `previous`'s pattern a prefix of this one's.
    pub fn narrows(&self, previous: &Query) -> bool {
        !previous.is_empty()
            && !self.is_empty()
            && !self.options.regex
            && self.options == previous.options
            && self.case_insensitive == previous.case_insensitive
            && self.speaker == previous.speaker
            && self.pattern.starts_with(&previous.pattern)
    }

    /// Whether `other` finds exactly what `self` finds: the same pattern,
    /// options, case and speaker filter (regex or not).
    pub fn same_search(&self, other: &Query) -> bool {
        self.pattern == other.pattern
            && self.options == other.options
            && self.case_insensitive == other.case_insensitive
            && self.speaker == other.speaker
            && self.is_empty() == other.is_empty()
    }
}

/// A literal searched regardless of forced case that holds typographic
/// punctuation becomes its folded regex (`don't` also finds `don’t`);
/// anything else is searched as typed, on today's path.
fn fold_typography(typed: &str, options: SearchOptions) -> (String, SearchOptions) {
    if options.regex || options.case_sensitive || !crate::search_fold::has_foldable(typed) {
        return (typed.to_string(), options);
    }
    let folded = SearchOptions {
        regex: true,
        ..options
    };
    (crate::search_fold::folded_regex(typed), folded)
}

/// Splits `@name rest` into (`Some(name)`, `rest`, complete). The filter
/// is complete once a space follows the name; until then nothing matches.
/// Input without a leading `@word` is all pattern.
fn split_speaker_filter(input: &str) -> (Option<&str>, &str, bool) {
    let Some(after_at) = input.strip_prefix('@') else {
        return (None, input, true);
    };
    match after_at.find(char::is_whitespace) {
        // `@ foo`: no word, so not a filter; search it as typed.
        Some(0) => (None, input, true),
        Some(end) => {
            let space_len = after_at[end..].chars().next().map_or(1, char::len_utf8);
            (Some(&after_at[..end]), &after_at[end + space_len..], true)
        }
        None if after_at.is_empty() => (None, "", false),
        None => (Some(after_at), "", false),
    }
}

/// Smart case: an upper-case letter makes the search case-sensitive. In a
/// regex, escapes (`\W`, `\S`, `\p{Lu}`, `\x{4E}`) are syntax, not letters
/// the user wants matched, so they do not count.
fn has_upper_case(pattern: &str, regex: bool) -> bool {
    if !regex {
        return pattern.chars().any(char::is_uppercase);
    }
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(escaped) = chars.next()
                && matches!(escaped, 'p' | 'P' | 'x' | 'u' | 'U')
                && chars.clone().next() == Some('{')
            {
                chars.by_ref().find(|&c| c == '}');
            }
        } else if c.is_uppercase() {
            return true;
        }
    }
    false
}

fn compile(pattern: &str, regex: bool, case_insensitive: bool) -> Result<Regex, SearchError> {
    let source = if regex {
        pattern.to_string()
    } else {
        regex::escape(pattern)
    };
    if regex && matches_only_empty(&source) {
        return Err(SearchError::OnlyEmpty);
    }
    RegexBuilder::new(&source)
        .case_insensitive(case_insensitive)
        .size_limit(SIZE_LIMIT)
        .dfa_size_limit(SIZE_LIMIT)
        .build()
        .map_err(|error| match error {
            regex::Error::CompiledTooBig(limit) => SearchError::TooLarge(limit),
            other => SearchError::InvalidRegex(first_meaningful_line(&other.to_string())),
        })
}

/// Whether the regex, if valid, can only ever match empty text. (An invalid
/// one is left for the compiler to explain.)
fn matches_only_empty(pattern: &str) -> bool {
    regex_syntax::Parser::new()
        .parse(pattern)
        .is_ok_and(|hir| hir.properties().maximum_len() == Some(0))
}

/// regex's syntax errors span several lines (the pattern, a caret, then
/// `error: reason`); the reason is the line worth showing.
fn first_meaningful_line(message: &str) -> String {
    let lines = || message.lines().map(str::trim).filter(|l| !l.is_empty());
    lines()
        .find_map(|l| l.strip_prefix("error:"))
        .map(str::trim)
        .or_else(|| lines().next())
        .unwrap_or("unknown error")
        .to_string()
}

/// One match: a byte range into `episode.segments[segment].text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub segment: usize,
    pub range: Range<usize>,
}

/// Asked now and then during a long search: `true` stops it (a newer one
/// overtook it).
pub type Stop<'a> = &'a (dyn Fn() -> bool + Sync);

/// Segments searched between two looks at [`Stop`].
const SEGMENTS_BETWEEN_STOPS: usize = 512;

/// Every hit of `query` in `episode`, sorted by (segment, byte start).
pub fn find_all(episode: &Episode, query: &Query) -> Vec<Hit> {
    find_all_until(episode, query, &|| false).unwrap_or_default()
}

/// [`find_all`], or `None` once `stop` says so.
pub fn find_all_until(episode: &Episode, query: &Query, stop: Stop) -> Option<Vec<Hit>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    find_all_split(episode, query, PARALLEL_MIN_BYTES, threads, stop)
}

/// [`find_all`] with the parallel threshold and thread count as parameters,
/// so that tests can run the threaded path on a small episode.
fn find_all_split(
    episode: &Episode,
    query: &Query,
    parallel_min_bytes: usize,
    threads: usize,
    stop: Stop,
) -> Option<Vec<Hit>> {
    let Some(matcher) = &query.matcher else {
        return Some(Vec::new());
    };
    let mask = query.speaker_mask(episode);
    let segments = &episode.segments;
    let total: usize = segments.iter().map(Segment::text_len).sum();
    if total < parallel_min_bytes || threads < 2 {
        let mut hits = Vec::new();
        search_range(
            episode,
            0..segments.len(),
            query,
            &mask,
            matcher,
            &mut hits,
            stop,
        )?;
        return Some(hits);
    }
    let chunks = split_by_bytes(segments, total, threads);
    let parts: Option<Vec<Vec<Hit>>> = std::thread::scope(|scope| {
        let workers: Vec<_> = chunks
            .into_iter()
            .map(|range| {
                let (mask, matcher) = (&mask, matcher.clone());
                scope.spawn(move || {
                    let mut hits = Vec::new();
                    search_range(episode, range, query, mask, &matcher, &mut hits, stop)
                        .map(|()| hits)
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p))
            })
            .collect()
    });
    Some(parts?.concat())
}

/// How many hits `query` has in `episode`, with the first `keep` of them
/// (sorted) put in `first` (emptied first): what a list of results shows,
/// with nothing allocated for the hits it does not show. Only the segments
/// `within` lists (sorted; every segment when `None`) are searched, and the
/// segments with hits go in `matched` (emptied first): a query extending
/// this one need search only those.
pub fn count_hits_in(
    episode: &Episode,
    query: &Query,
    within: Option<&[u32]>,
    keep: usize,
    first: &mut Vec<Hit>,
    matched: &mut Vec<u32>,
) -> usize {
    let Some(matcher) = &query.matcher else {
        first.clear();
        matched.clear();
        return 0;
    };
    let each_match = |text: &str, found: &mut dyn FnMut(Range<usize>)| {
        (matcher.find_iter(text).filter(|m| !m.is_empty())).for_each(|m| found(m.range()))
    };
    let wanted = speaker_filter(query, episode);
    count_matches_in(episode, within, wanted, each_match, keep, first, matched)
}

/// Whether `query`'s speaker filter lets a segment of `episode` through
/// (every segment when it has none), each speaker's name looked at once.
pub fn speaker_filter<'q>(query: &'q Query, episode: &Episode) -> impl Fn(&Segment) -> bool + 'q {
    let mask = query.speaker_mask(episode);
    move |segment: &Segment| query.segment_wanted(&mask, segment)
}

/// The turns of the speakers a speaker-only query (`@ann`) names, one
/// hit each: a turn is a run of segments by one of them, and its hit is
/// the whole text of its first segment. No hits for any other query.
pub fn speaker_turns(episode: &Episode, query: &Query) -> Vec<Hit> {
    if !query.is_speaker_only() {
        return Vec::new();
    }
    let wanted = speaker_filter(query, episode);
    let segments = &episode.segments;
    (0..segments.len())
        .filter(|&i| wanted(&segments[i]))
        .filter(|&i| i == 0 || segments[i - 1].speaker != segments[i].speaker)
        .map(|segment| Hit {
            segment,
            range: 0..segments[segment].text_len(),
        })
        .collect()
}

/// The segments of the speakers a speaker-only query (`@ann`) names, in
/// order; none for any other query.
pub fn speaker_segments(episode: &Episode, query: &Query) -> Vec<usize> {
    if !query.is_speaker_only() {
        return Vec::new();
    }
    let wanted = speaker_filter(query, episode);
    (0..episode.segments.len())
        .filter(|&i| wanted(&episode.segments[i]))
        .collect()
}

/// Counts the matches `each_match` reports in the `wanted` segments of
/// those `within` lists (every segment when `None`), keeping the first
/// `keep` as hits and the segments with a match in `matched` (both emptied
/// first). One loop for every way of finding matches (a regex, the
/// caseless finder), so they count, keep and narrow alike.
pub fn count_matches_in(
    episode: &Episode,
    within: Option<&[u32]>,
    wanted: impl Fn(&Segment) -> bool,
    each_match: impl Fn(&str, &mut dyn FnMut(Range<usize>)),
    keep: usize,
    first: &mut Vec<Hit>,
    matched: &mut Vec<u32>,
) -> usize {
    first.clear();
    matched.clear();
    let mut count = 0;
    let mut count_in = |index: usize| {
        let Some(segment) = episode.segments.get(index).filter(|s| wanted(s)) else {
            return;
        };
        let before = count;
        each_match(segment.text(episode), &mut |range| {
            if first.len() < keep {
                first.push(Hit {
                    segment: index,
                    range,
                });
            }
            count += 1;
        });
        if count > before {
            matched.extend(u32::try_from(index).ok());
        }
    };
    match within {
        Some(segments) => segments.iter().for_each(|&i| count_in(i as usize)),
        None => (0..episode.segments.len()).for_each(count_in),
    }
    count
}

/// Contiguous segment ranges holding about `total / parts` bytes each, so
/// the threads finish together and their results concatenate in order.
fn split_by_bytes(segments: &[Segment], total: usize, parts: usize) -> Vec<Range<usize>> {
    let share = total.div_ceil(parts).max(1);
    let mut ranges = Vec::with_capacity(parts);
    let (mut start, mut bytes) = (0, 0);
    for (i, segment) in segments.iter().enumerate() {
        bytes += segment.text_len();
        if bytes >= share && ranges.len() + 1 < parts {
            ranges.push(start..i + 1);
            (start, bytes) = (i + 1, 0);
        }
    }
    ranges.push(start..segments.len());
    ranges
}

/// The hits in `segments[range]`, or `None` once `stop` says so.
fn search_range(
    episode: &Episode,
    range: Range<usize>,
    query: &Query,
    mask: &[bool],
    matcher: &Regex,
    hits: &mut Vec<Hit>,
    stop: Stop,
) -> Option<()> {
    for index in range {
        if index % SEGMENTS_BETWEEN_STOPS == 0 && stop() {
            return None;
        }
        let segment = &episode.segments[index];
        if query.segment_wanted(mask, segment) {
            push_hits(index, segment.text(episode), matcher, hits);
        }
    }
    Some(())
}

fn push_hits(segment: usize, text: &str, matcher: &Regex, hits: &mut Vec<Hit>) {
    // A zero-length match (`a*`, `x?`) highlights nothing and would make the
    // count meaningless, so it is not a hit.
    hits.extend(
        matcher
            .find_iter(text)
            .filter(|m| !m.is_empty())
            .map(|m| Hit {
                segment,
                range: m.range(),
            }),
    );
}

/// The first hit of `query` in one text, as [`find_in_text`] would give
/// it, without looking for the others.
pub fn first_in_text(text: &str, query: &Query) -> Option<Range<usize>> {
    let matcher = query.matcher.as_ref()?;
    matcher
        .find_iter(text)
        .find(|m| !m.is_empty())
        .map(|m| m.range())
}

/// Hands each hit of `query` in one text to `found`, in order, with
/// nothing allocated; the speaker filter is the caller's business here.
pub fn each_match_in_text(text: &str, query: &Query, found: &mut dyn FnMut(Range<usize>)) {
    if let Some(matcher) = &query.matcher {
        (matcher.find_iter(text).filter(|m| !m.is_empty())).for_each(|m| found(m.range()));
    }
}

/// The hits of `query` in one text, in order; the speaker filter is the
/// caller's business here (see [`Query::matches_speaker`]).
pub fn find_in_text(text: &str, query: &Query) -> Vec<Range<usize>> {
    let Some(matcher) = &query.matcher else {
        return Vec::new();
    };
    matcher
        .find_iter(text)
        .filter(|m| !m.is_empty())
        .map(|m| m.range())
        .collect()
}

/// The hits in `segment`, found by binary search in sorted `hits`.
pub fn hits_in_segment(hits: &[Hit], segment: usize) -> &[Hit] {
    let start = hits.partition_point(|h| h.segment < segment);
    let end = start + hits[start..].partition_point(|h| h.segment == segment);
    &hits[start..end]
}

/// The index of the first hit in a segment at or after `segment`, wrapping
/// to the first hit when there is none after; `None` when there are no hits.
pub fn first_hit_at_or_after(hits: &[Hit], segment: usize) -> Option<usize> {
    if hits.is_empty() {
        return None;
    }
    let index = hits.partition_point(|h| h.segment < segment);
    Some(if index == hits.len() { 0 } else { index })
}

/// Keeps the last query's results so that a query that extends the previous
/// one (same options, literal mode, the old pattern a prefix of the new, same
/// speaker filter) only re-searches the segments that matched before: typing
/// one more character narrows instead of starting over.
#[derive(Debug, Default)]
pub struct Searcher {
    last: Option<LastHits>,
}

#[derive(Debug)]
struct LastHits {
    episode: EpisodeStamp,
    query: Query,
    hits: Vec<Hit>,
}

/// Enough of an episode to tell that the next search is on the same one.
/// Episodes are immutable, so the segment buffer's address, its length and
/// its text buffer's address and length identify it while it lives; call
/// [`Searcher::clear`] when an episode is dropped and another loaded.
#[derive(Debug, PartialEq, Eq)]
struct EpisodeStamp {
    segments: usize,
    len: usize,
    text: usize,
    text_len: usize,
}

impl EpisodeStamp {
    fn of(episode: &Episode) -> Self {
        EpisodeStamp {
            segments: episode.segments.as_ptr() as usize,
            len: episode.segments.len(),
            text: episode.text.as_ptr() as usize,
            text_len: episode.text.len(),
        }
    }
}

impl Searcher {
    /// A searcher with no previous results.
    pub fn new() -> Self {
        Self::default()
    }

    /// Forgets the previous results (the next search starts afresh).
    pub fn clear(&mut self) {
        self.last = None;
    }

    /// Every hit of `query` in `episode`, sorted; the same as [`find_all`],
    /// but narrowing the previous results when `query` extends the last one.
    pub fn search(&mut self, episode: &Episode, query: &Query) -> Vec<Hit> {
        self.search_until(episode, query, &|| false)
            .unwrap_or_default()
    }

    /// [`Searcher::search`], or `None` once `stop` says so (a newer search
    /// overtook this one); the last finished search is kept to narrow.
    pub fn search_until(
        &mut self,
        episode: &Episode,
        query: &Query,
        stop: Stop,
    ) -> Option<Vec<Hit>> {
        let stamp = EpisodeStamp::of(episode);
        let hits = match &self.last {
            Some(last) if last.episode == stamp && query.narrows(&last.query) => {
                narrow(episode, query, &last.hits, stop)?
            }
            _ => find_all_until(episode, query, stop)?,
        };
        let result = hits.clone();
        self.last = Some(LastHits {
            episode: stamp,
            query: query.clone(),
            hits,
        });
        Some(result)
    }
}

/// Re-searches only the segments of `previous` (already filtered by speaker).
fn narrow(episode: &Episode, query: &Query, previous: &[Hit], stop: Stop) -> Option<Vec<Hit>> {
    let Some(matcher) = &query.matcher else {
        return Some(Vec::new());
    };
    let mut hits = Vec::new();
    let mut last_segment = None;
    for (k, hit) in previous.iter().enumerate() {
        if k % SEGMENTS_BETWEEN_STOPS == 0 && stop() {
            return None;
        }
        if last_segment == Some(hit.segment) {
            continue;
        }
        last_segment = Some(hit.segment);
        if let Some(segment) = episode.segments.get(hit.segment) {
            push_hits(hit.segment, segment.text(episode), matcher, &mut hits);
        }
    }
    Some(hits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::episode::Source;
    use crate::formats;

    fn literal() -> SearchOptions {
        SearchOptions::default()
    }

    fn regex() -> SearchOptions {
        SearchOptions {
            regex: true,
            case_sensitive: false,
        }
    }

    fn query(input: &str, options: SearchOptions) -> Query {
        Query::parse(input, options).expect("a valid query")
    }

    fn ranges(text: &str, input: &str, options: SearchOptions) -> Vec<Range<usize>> {
        find_in_text(text, &query(input, options))
    }

    /// Two speakers and one unattributed segment.
    fn small_episode() -> Episode {
        let text = "# T\n\nIntro line about canvas.\n\n\
                    Karina Nguyen (00:00:01):\nCanvas was fun. canvas again.\n\n\
                    Lenny Rachitsky (00:00:05):\nTell me about Canvas.\n";
        formats::parse_bytes(text.as_bytes(), Source::Builtin("small")).expect("parses")
    }

    /// The reference: the same regex run on each segment on its own.
    fn naive(episode: &Episode, q: &Query) -> Vec<Hit> {
        let mut hits = Vec::new();
        for (i, segment) in episode.segments.iter().enumerate() {
            if q.matches_speaker(episode.speaker_name(segment)) {
                for range in find_in_text(segment.text(episode), q) {
                    hits.push(Hit { segment: i, range });
                }
            }
        }
        hits
    }

    #[test]
    fn literal_mode_escapes_regex_syntax() {
        assert_eq!(ranges("a.c abc", "a.c", literal()), vec![0..3]);
        assert_eq!(ranges("a.c abc", "a.c", regex()), vec![0..3, 4..7]);
        assert_eq!(ranges("(x)", "(", literal()), vec![0..1]);
    }

    #[test]
    fn smart_case() {
        let text = "AI and ai and Ai";
        assert_eq!(ranges(text, "ai", literal()), vec![0..2, 7..9, 14..16]);
        assert_eq!(ranges(text, "AI", literal()), vec![0..2]);
        assert_eq!(ranges(text, "Ai", regex()), vec![14..16]);
    }

    #[test]
    fn escapes_are_not_upper_case_letters() {
        assert!(query(r"\Wai", regex()).is_case_insensitive());
        assert!(query(r"\p{Lu}x", regex()).is_case_insensitive());
        assert!(!query(r"\WAi", regex()).is_case_insensitive());
        // In a literal, a backslash is just a character.
        assert!(!query(r"\W", literal()).is_case_insensitive());
    }

    #[test]
    fn forced_case_sensitivity() {
        let forced = SearchOptions {
            regex: false,
            case_sensitive: true,
        };
        assert_eq!(ranges("AI and ai", "ai", forced), vec![7..9]);
    }

    #[test]
    fn matches_do_not_overlap() {
        assert_eq!(ranges("aaaa", "aa", literal()).len(), 2);
        assert_eq!(ranges("aaaaa", "aa", literal()), vec![0..2, 2..4]);
    }

    #[test]
    fn empty_matches_are_not_hits() {
        assert_eq!(ranges("abc", "x*", regex()), Vec::<Range<usize>>::new());
        assert_eq!(ranges("axxb", "x*", regex()), vec![1..3]);
        assert!(
            find_all(&formats::sample(), &query("a*", regex()))
                .iter()
                .all(|h| !h.range.is_empty())
        );
    }

    #[test]
    fn empty_pattern_has_no_hits_and_is_no_error() {
        let q = query("", literal());
        assert!(q.is_empty());
        assert!(find_all(&small_episode(), &q).is_empty());
    }

    #[test]
    fn invalid_regex_is_a_one_line_error() {
        let error = Query::parse("(", regex()).expect_err("unclosed group");
        let message = error.to_string();
        assert!(matches!(error, SearchError::InvalidRegex(_)));
        assert!(!message.contains('\n'), "{message:?}");
        assert_eq!(message, "invalid regex: unclosed group");
        // The same text is fine as a literal.
        assert!(Query::parse("(", literal()).is_ok());
    }

    #[test]
    fn oversized_patterns_are_refused_quickly() {
        for pattern in [r"\w{1000}{1000}", "(a{1000}){1000}", r"\w{5000}"] {
            let started = std::time::Instant::now();
            let error = Query::parse(pattern, regex()).expect_err(pattern);
            assert!(
                started.elapsed().as_secs() < 5,
                "{pattern} took {:?}",
                started.elapsed()
            );
            assert!(!error.to_string().contains('\n'), "{error}");
        }
        let error = Query::parse("(a{1000}){1000}", regex()).expect_err("too large");
        assert_eq!(error, SearchError::TooLarge(SIZE_LIMIT));
        assert_eq!(
            error.to_string(),
            "pattern too large (compiles to over 1 MiB)"
        );
    }

    #[test]
    fn speaker_filter_limits_segments() {
        let episode = small_episode();
        let q = query("@karina canvas", literal());
        assert_eq!(q.speaker.as_deref(), Some("karina"));
        assert_eq!(q.pattern(), "canvas");
        let hits = find_all(&episode, &q);
        let karina = episode.speakers.iter().position(|s| s == "Karina Nguyen");
        assert_eq!(hits.len(), 2);
        assert!(
            hits.iter()
                .all(|h| episode.segments[h.segment].speaker == karina)
        );
        // Without the filter the unattributed intro and Lenny count too.
        assert_eq!(find_all(&episode, &query("canvas", literal())).len(), 4);
        // The filter's case does not make the pattern case-sensitive.
        assert_eq!(
            find_all(&episode, &query("@KARINA canvas", literal())).len(),
            2
        );
        assert!(find_all(&episode, &query("@nobody canvas", literal())).is_empty());
    }

    #[test]
    fn speaker_filter_still_being_typed_has_no_hits() {
        let episode = small_episode();
        for input in ["@", "@kar", "@karina", "@karina "] {
            let q = query(input, literal());
            assert!(q.is_empty(), "{input}");
            assert!(find_all(&episode, &q).is_empty(), "{input}");
        }
        // `@ x` has no word after the `@`, so it is a plain pattern.
        assert_eq!(query("@ x", literal()).speaker, None);
    }

    #[test]
    fn a_speaker_filter_alone_finds_the_speakers_turns() {
        let episode = small_episode();
        let karina = episode.speakers.iter().position(|s| s == "Karina Nguyen");
        for input in ["@karina", "@KAR", "@karina "] {
            let q = query(input, literal());
            assert!(q.is_speaker_only(), "{input}");
            let turns = speaker_turns(&episode, &q);
            assert!(!turns.is_empty(), "{input}");
            for hit in &turns {
                assert_eq!(episode.segments[hit.segment].speaker, karina);
                let before = hit
                    .segment
                    .checked_sub(1)
                    .map(|i| episode.segments[i].speaker);
                assert_ne!(before, Some(karina), "one hit per turn");
            }
            let segments = speaker_segments(&episode, &q);
            assert!(segments.len() >= turns.len());
            assert!(
                segments
                    .iter()
                    .all(|&i| episode.segments[i].speaker == karina)
            );
        }
        // A pattern after the name: not a speaker alone.
        let with_pattern = query("@karina canvas", literal());
        assert!(speaker_turns(&episode, &with_pattern).is_empty());
        let nobody = query("@nobody", literal());
        assert!(speaker_segments(&episode, &nobody).is_empty());
    }

    /// Counting keeps only the first hits, and searching only the
    /// segments a shorter query matched gives the same count and hits.
    #[test]
    fn counting_within_the_last_matches_is_the_same() {
        let episode = formats::sample();
        let mut first = Vec::new();
        let mut matched = Vec::new();
        let wide = query("s", literal());
        let all = find_all(&episode, &wide);
        let count = count_hits_in(&episode, &wide, None, 3, &mut first, &mut matched);
        assert_eq!(count, all.len());
        assert_eq!(first, all[..3]);
        let mut segments: Vec<u32> = all.iter().map(|h| h.segment as u32).collect();
        segments.dedup();
        assert_eq!(matched, segments);
        let narrow = query("synthetic data", literal());
        let expected = find_all(&episode, &narrow);
        let mut within = Vec::new();
        let count = count_hits_in(
            &episode,
            &narrow,
            Some(&matched),
            99,
            &mut first,
            &mut within,
        );
        assert_eq!((count, &first), (expected.len(), &expected));
        assert!(within.len() < matched.len());
    }

    #[test]
    fn the_sample_has_twelve_synthetic_data() {
        let hits = find_all(&formats::sample(), &query("synthetic data", literal()));
        assert_eq!(hits.len(), 12);
    }

    #[test]
    fn find_all_agrees_with_a_naive_search() {
        let episode = formats::sample();
        for (input, options) in [
            ("ai", literal()),
            ("AI", literal()),
            ("the", literal()),
            (r"\bevals?\b", regex()),
            ("@karina data", literal()),
            ("@lenny [a-z]+ing", regex()),
        ] {
            let q = query(input, options);
            assert_eq!(find_all(&episode, &q), naive(&episode, &q), "{input}");
        }
        // And against plain string matching, for an ASCII pattern.
        let count: usize = episode
            .segments
            .iter()
            .map(|s| s.text(&episode).to_ascii_lowercase().matches("ai").count())
            .sum();
        assert_eq!(find_all(&episode, &query("ai", literal())).len(), count);
    }

    #[test]
    fn hits_are_sorted() {
        let hits = find_all(&formats::sample(), &query("e", literal()));
        assert!(
            hits.windows(2)
                .all(|w| (w[0].segment, w[0].range.start) < (w[1].segment, w[1].range.start))
        );
    }

    #[test]
    fn threaded_search_gives_the_same_hits() {
        let episode = formats::sample();
        for (input, options) in [
            ("the", literal()),
            ("@karina a", literal()),
            ("x*", regex()),
        ] {
            let q = query(input, options);
            let expected = naive(&episode, &q);
            for threads in 2..5 {
                assert_eq!(
                    find_all_split(&episode, &q, 0, threads, &|| false).unwrap_or_default(),
                    expected,
                    "{input}"
                );
            }
        }
    }

    #[test]
    fn parallel_split_covers_every_segment_in_order() {
        let episode = formats::sample();
        let total = episode.segments.iter().map(Segment::text_len).sum();
        for parts in 1..5 {
            let ranges = split_by_bytes(&episode.segments, total, parts);
            assert!(ranges.len() <= parts);
            assert_eq!(ranges.first().map(|r| r.start), Some(0));
            assert_eq!(ranges.last().map(|r| r.end), Some(episode.segments.len()));
            assert!(ranges.windows(2).all(|w| w[0].end == w[1].start));
        }
    }

    /// A search that a newer one overtakes stops within a few hundred
    /// segments and answers nothing, on one thread and on several, fresh
    /// or narrowing; the next narrows from the last search that finished.
    #[test]
    fn an_overtaken_search_stops_early() {
        let mut big = formats::sample();
        let copies = big.segments.clone();
        while big.segments.len() < 10 * SEGMENTS_BETWEEN_STOPS {
            big.segments.extend(copies.iter().cloned());
        }
        use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
        let looks = AtomicUsize::new(0);
        let looks = &looks;
        let stop_after = |n: usize| {
            looks.store(0, Relaxed);
            move || looks.fetch_add(1, Relaxed) >= n
        };
        let q = query("s", literal());
        for threads in [1, 2] {
            let stop = stop_after(2);
            assert_eq!(find_all_split(&big, &q, 0, threads, &stop), None);
            assert!(looks.load(Relaxed) <= 2 + threads);
        }
        let mut searcher = Searcher::new();
        let all = searcher.search(&big, &q);
        let longer = query("sy", literal());
        assert_eq!(searcher.search_until(&big, &longer, &stop_after(1)), None);
        let kept = searcher.last.as_ref().map(|last| &last.hits);
        assert_eq!(kept, Some(&all), "the last finished search is kept");
        let longest = query("syn", literal());
        let hits = searcher.search_until(&big, &longest, &|| false);
        assert_eq!(hits, Some(find_all(&big, &longest)));
    }

    #[test]
    fn narrowing_gives_the_same_hits_as_a_fresh_search() {
        let episode = formats::sample();
        for full in [
            "synthetic data",
            "product-market fit",
            "@karina canvas",
            "@lenny the",
            "aaaa",
            "so I think",
        ] {
            let mut searcher = Searcher::new();
            for end in (0..=full.len()).filter(|&i| full.is_char_boundary(i)) {
                let q = query(&full[..end], literal());
                assert_eq!(
                    searcher.search(&episode, &q),
                    find_all(&episode, &q),
                    "{:?}",
                    &full[..end]
                );
            }
            // And back out again, one character at a time.
            for end in (0..full.len()).rev() {
                let q = query(&full[..end], literal());
                assert_eq!(
                    searcher.search(&episode, &q),
                    find_all(&episode, &q),
                    "{:?}",
                    &full[..end]
                );
            }
        }
    }

    #[test]
    fn narrowing_only_when_it_is_safe() {
        let q = |input, options| query(input, options);
        assert!(q("ab", literal()).narrows(&q("a", literal())));
        assert!(!q("ab", regex()).narrows(&q("a", regex())));
        assert!(!q("aB", literal()).narrows(&q("a", literal())));
        assert!(!q("@x ab", literal()).narrows(&q("a", literal())));
        assert!(!q("b", literal()).narrows(&q("a", literal())));
        assert!(!q("a", literal()).narrows(&q("", literal())));
    }

    #[test]
    fn searcher_notices_another_episode() {
        let (sample, small) = (formats::sample(), small_episode());
        let mut searcher = Searcher::new();
        let q = query("can", literal());
        searcher.search(&sample, &q);
        let q = query("canvas", literal());
        assert_eq!(searcher.search(&small, &q), find_all(&small, &q));
    }

    fn hit(segment: usize, start: usize) -> Hit {
        Hit {
            segment,
            range: start..start + 1,
        }
    }

    #[test]
    fn hits_in_segment_by_binary_search() {
        let hits = [
            hit(1, 0),
            hit(1, 5),
            hit(3, 2),
            hit(7, 0),
            hit(7, 4),
            hit(7, 9),
        ];
        assert_eq!(hits_in_segment(&hits, 0), &[]);
        assert_eq!(hits_in_segment(&hits, 1), &hits[0..2]);
        assert_eq!(hits_in_segment(&hits, 2), &[]);
        assert_eq!(hits_in_segment(&hits, 7), &hits[3..6]);
        assert_eq!(hits_in_segment(&hits, 8), &[]);
        assert_eq!(hits_in_segment(&[], 0), &[]);
    }

    #[test]
    fn first_hit_at_or_after_wraps() {
        let hits = [hit(1, 0), hit(1, 5), hit(3, 2), hit(7, 0)];
        assert_eq!(first_hit_at_or_after(&hits, 0), Some(0));
        assert_eq!(first_hit_at_or_after(&hits, 1), Some(0));
        assert_eq!(first_hit_at_or_after(&hits, 2), Some(2));
        assert_eq!(first_hit_at_or_after(&hits, 7), Some(3));
        assert_eq!(first_hit_at_or_after(&hits, 8), Some(0));
        assert_eq!(first_hit_at_or_after(&[], 3), None);
    }
}

/// A hit shown on one line: the text around it with newlines and tabs as
/// spaces, `…` where cut, and where the match sits in that line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    pub line: String,
    /// Byte range of the match within `line`.
    pub matched: Range<usize>,
}

/// The text around `hit`: up to `context` chars on each side (cut at char
/// boundaries), and at most `max_match` chars of the match itself.
pub fn excerpt(text: &str, hit: Range<usize>, context: usize, max_match: usize) -> Excerpt {
    let mut line = String::new();
    let matched = push_excerpt(&mut line, text, hit, context, max_match);
    Excerpt { line, matched }
}

/// [`excerpt`] appended to `out`, for a caller writing many lines into one
/// buffer; returns where the match sits in `out`. Inlined, the general
/// way kept apart: a call's saved registers and moved arguments were a
/// fifth of an excerpt's cost.
#[inline]
pub fn push_excerpt(
    out: &mut String,
    text: &str,
    hit: Range<usize>,
    context: usize,
    max_match: usize,
) -> Range<usize> {
    if hit.len() <= max_match
        && let Some(matched) = push_plain_excerpt(out, text, &hit, context)
    {
        return matched;
    }
    push_any_excerpt(out, text, hit, context, max_match)
}

/// [`push_excerpt`] of any text: chars counted, control chars made spaces.
#[cold]
#[inline(never)]
fn push_any_excerpt(
    out: &mut String,
    text: &str,
    hit: Range<usize>,
    context: usize,
    max_match: usize,
) -> Range<usize> {
    let start = chars_back(text, hit.start, context);
    // A match of no more bytes than `max_match` has no more chars either.
    let match_end = if hit.len() <= max_match {
        hit.end
    } else {
        chars_forward(text, hit.start, max_match).min(hit.end)
    };
    let end = if match_end < hit.end {
        match_end
    } else {
        chars_forward(text, hit.end, context)
    };
    out.reserve(end - start + 8);
    if start > 0 {
        out.push('…');
    }
    let matched = if may_hold_control(&text[start..end]) {
        push_one_line(out, &text[start..hit.start]);
        let matched_start = out.len();
        push_one_line(out, &text[hit.start..match_end]);
        let matched = matched_start..out.len();
        push_one_line(out, &text[match_end..end]);
        matched
    } else {
        // No control char: the three pieces go in as they are, in one copy
        // (looked at once, not piece by piece: most excerpts are plain).
        let at = out.len();
        out.push_str(&text[start..end]);
        at + hit.start - start..at + match_end - start
    };
    if end < text.len() {
        out.push('…');
    }
    matched
}

/// [`push_excerpt`] when the match is shown whole and the bytes from
/// `context` before it to `context` after it are ASCII with no control
/// char, as around most matches: a char is then a byte, so the excerpt is
/// those bytes, copied as they are ([`LineBytes::plain_excerpt`]). `None`,
/// having appended nothing, otherwise.
fn push_plain_excerpt(
    out: &mut String,
    text: &str,
    hit: &Range<usize>,
    context: usize,
) -> Option<Range<usize>> {
    let at = out.len();
    let most = hit.len().saturating_add(2 * context);
    let mut matched = None;
    push_line(out, most, |line| {
        matched = Some(line.plain_excerpt(text, hit, context)?);
        Some(())
    });
    matched.map(|m| at + m.start..at + m.end)
}

/// `…`, where an excerpt is cut.
const ELLIPSIS: &str = "\u{2026}";

/// Bytes copied at a time into a [`LineBytes`].
const LANES: usize = 16;

/// Appends one line to `out` with one reserve: what `write` puts into the
/// [`LineBytes`] it is given (at most `most` bytes, or the line is not
/// written and `write` fails), kept if `write` gives `Some`; nothing is
/// appended if it gives `None`. Pushing a line piece by piece onto a
/// `String` checked the room and called `memcpy` for every piece: two
/// thirds of the cost of a printed match.
#[inline]
pub fn push_line(
    out: &mut String,
    most: usize,
    write: impl FnOnce(&mut LineBytes<'_>) -> Option<()>,
) -> bool {
    // SAFETY: `out`'s bytes change here only by the `set_len` below, which
    // keeps them UTF-8 (as said there).
    let bytes = unsafe { out.as_mut_vec() };
    bytes.reserve(most);
    let mut line = LineBytes {
        spare: bytes.spare_capacity_mut(),
        len: 0,
    };
    if write(&mut line).is_none() {
        return false;
    }
    let written = line.len;
    let len = bytes.len() + written;
    // SAFETY: `line.spare` was `bytes`' spare capacity, and its first
    // `written` bytes are initialized and UTF-8: `LineBytes::len` grows only
    // in `LineBytes::copy`, by the `n` bytes after it once `copy_lanes` or
    // `copy_short` stored every one of them (`dst` is exactly those bytes);
    // `copy` is given only whole `&str`s, or bytes it keeps only when it
    // found each to be printable ASCII; UTF-8 strings one after another are
    // UTF-8. (`plain_excerpt` only ever sets it back to what it was.)
    unsafe { bytes.set_len(len) };
    true
}

/// A line being written into a `String`'s spare capacity ([`push_line`]):
/// pieces copied sixteen bytes at a time, the last sixteen overlapping the
/// ones before them, rather than with a call to `memcpy` each.
pub struct LineBytes<'o> {
    spare: &'o mut [MaybeUninit<u8>],
    /// Bytes written (and initialized) at the start of `spare`.
    len: usize,
}

impl LineBytes<'_> {
    /// Appends `text` (`None` when there is no room).
    #[inline(always)]
    pub fn put(&mut self, text: &str) -> Option<()> {
        self.copy::<false>(text.as_bytes())
    }

    /// Appends `bytes` if every one is printable ASCII (space to `~`);
    /// `None`, having appended nothing, otherwise or when there is no room.
    #[inline]
    fn put_printable(&mut self, bytes: &[u8]) -> Option<()> {
        self.copy::<true>(bytes)
    }

    /// The excerpt [`push_excerpt`] makes of `hit` in `text` (at most
    /// `context` chars each side, `…` where cut), appended when the match
    /// and the bytes around it are printable ASCII; where the match sits in
    /// the line. The window's bytes are checked as they are copied,
    /// in one pass; `None`, having appended nothing, when one is not plain.
    #[inline]
    pub fn plain_excerpt(
        &mut self,
        text: &str,
        hit: &Range<usize>,
        context: usize,
    ) -> Option<Range<usize>> {
        let start = hit.start.saturating_sub(context);
        let end = hit.end.saturating_add(context).min(text.len());
        let window = text.as_bytes().get(start..end)?;
        let mark = self.len;
        if start > 0 {
            self.put(ELLIPSIS)?;
        }
        let at = self.len;
        let copied = self.put_printable(window);
        if copied.is_none() || (end < text.len() && self.put(ELLIPSIS).is_none()) {
            self.len = mark;
            return None;
        }
        Some(at + hit.start - start..at + hit.end - start)
    }

    /// Copies `src` after the line, and keeps it unless `CHECK` and a byte
    /// of it is not printable ASCII: whether it was kept (`None` when there
    /// is no room for it).
    #[inline(always)]
    fn copy<const CHECK: bool>(&mut self, src: &[u8]) -> Option<()> {
        let n = src.len();
        let dst = self.spare.get_mut(self.len..)?.get_mut(..n)?;
        let odd = if n >= LANES {
            copy_lanes::<CHECK>(dst, src)?
        } else {
            copy_short::<CHECK>(dst, src)?
        };
        if CHECK && odd {
            return None;
        }
        self.len += n;
        Some(())
    }
}

/// Copies `src` (at least [`LANES`] bytes) to `dst`, as long, sixteen
/// bytes at a time and the last sixteen overlapping, so every byte of
/// `dst` is stored; whether (when `CHECK`) a byte of it is not printable
/// ASCII. `None`, having stored nothing, if `src` is short.
#[inline(always)]
fn copy_lanes<const CHECK: bool>(dst: &mut [MaybeUninit<u8>], src: &[u8]) -> Option<bool> {
    let (whole, _) = src.as_chunks::<LANES>();
    let last = src.last_chunk::<LANES>()?;
    let (whole_dst, _) = dst.as_chunks_mut::<LANES>();
    // The least byte of each lane, shifted so that printable ASCII is the
    // top of the range: a vector min a sixteen, one test at the end.
    let shift = |b: u8| b.wrapping_add(0x81);
    let mut least = last.map(shift);
    for (to, lanes) in whole_dst.iter_mut().zip(whole) {
        *to = lanes.map(MaybeUninit::new);
        if CHECK {
            least = std::array::from_fn(|i| least[i].min(shift(lanes[i])));
        }
    }
    *dst.last_chunk_mut::<LANES>()? = last.map(MaybeUninit::new);
    Some(CHECK && least.iter().fold(false, |any, &b| any | (b < shift(0x20))))
}

/// [`copy_lanes`] of fewer than [`LANES`] bytes: two overlapping copies
/// of eight, four or two, or one byte.
#[inline(always)]
fn copy_short<const CHECK: bool>(dst: &mut [MaybeUninit<u8>], src: &[u8]) -> Option<bool> {
    fn pair<const N: usize>(dst: &mut [MaybeUninit<u8>], src: &[u8]) -> Option<()> {
        let (first, last) = (src.first_chunk::<N>()?, src.last_chunk::<N>()?);
        *dst.first_chunk_mut::<N>()? = first.map(MaybeUninit::new);
        *dst.last_chunk_mut::<N>()? = last.map(MaybeUninit::new);
        Some(())
    }
    match src.len() {
        8.. => pair::<8>(dst, src)?,
        4.. => pair::<4>(dst, src)?,
        2.. => pair::<2>(dst, src)?,
        1 => pair::<1>(dst, src)?,
        0 => {}
    }
    Some(CHECK && src.iter().any(|&b| unprintable(b)))
}

/// Whether `byte` is not printable ASCII (space to `~`).
#[inline]
fn unprintable(byte: u8) -> bool {
    !(0x20..0x7f).contains(&byte)
}

/// Appends `text` with every control char (the newlines between a
/// segment's lines among them) as a space, so that it stays on one line.
fn push_one_line(out: &mut String, text: &str) {
    if !may_hold_control(text) {
        out.push_str(text);
        return;
    }
    out.extend(text.chars().map(|c| if c.is_control() { ' ' } else { c }));
}

/// Whether `text` may hold a control char. Control chars are the bytes
/// below 0x20, DEL, and C1 controls, which start with 0xC2 in UTF-8: text
/// without those bytes holds none. A fold without an early exit compiles
/// to vector compares.
fn may_hold_control(text: &str) -> bool {
    let suspect = |b: u8| (b < 0x20) | (b == 0x7f) | (b == 0xc2);
    text.bytes().fold(false, |any, b| any | suspect(b))
}

/// The byte index `count` chars before `index` (or 0).
fn chars_back(text: &str, index: usize, count: usize) -> usize {
    if count == 0 {
        return index;
    }
    // Over ASCII bytes a char is a byte; elsewhere, counting the bytes that
    // start a char is the same count as decoding the chars, and quicker.
    let ascii_start = index.saturating_sub(count);
    if text.as_bytes()[ascii_start..index].is_ascii() {
        return ascii_start;
    }
    let starts = text.as_bytes()[..index]
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, b)| starts_char(**b));
    starts.map(|(i, _)| i).nth(count - 1).unwrap_or(0)
}

/// The byte index `count` chars after `index` (or the end).
fn chars_forward(text: &str, index: usize, count: usize) -> usize {
    // As in `chars_back` (and a char starts right after an ASCII byte).
    let ascii_end = index.saturating_add(count).min(text.len());
    if text.as_bytes()[index..ascii_end].is_ascii() {
        return ascii_end;
    }
    let starts = text.as_bytes()[index..]
        .iter()
        .enumerate()
        .filter(|(_, b)| starts_char(**b));
    starts
        .map(|(i, _)| index + i)
        .nth(count)
        .unwrap_or(text.len())
}

/// Whether a byte of UTF-8 starts a char (is not a continuation byte).
fn starts_char(byte: u8) -> bool {
    byte & 0xc0 != 0x80
}

#[cfg(test)]
mod excerpt_tests {
    use super::{chars_back, chars_forward, excerpt, push_any_excerpt, push_excerpt, push_line};

    /// A line written sixteen bytes at a time holds what pushing its
    /// pieces does, for pieces of every length around the lanes (the
    /// overlapping last sixteen and the short copies among them), after
    /// text of every length, with room to spare or just enough.
    #[test]
    fn lines_hold_their_pieces() {
        let text: String = (0..70u32)
            .map(|i| char::from(b' ' + (i * 7 % 95) as u8))
            .collect();
        for before in [0, 1, 5, 17, 40] {
            for len in 0..70 {
                for most in [len + 4, len + 40] {
                    let mut out = "\u{e9}".repeat(before);
                    let want = format!("{out}{}|\u{2026}", &text[..len]);
                    let written = push_line(&mut out, most, |line| {
                        line.put(&text[..len])?;
                        line.put("|")?;
                        line.put("\u{2026}")
                    });
                    assert!(written, "{before} {len}");
                    assert_eq!(out, want);
                }
            }
        }
    }

    /// Bytes copied and checked at once are kept if and only if each is
    /// printable ASCII, for every length around the lanes and an odd byte
    /// at every place (the overlapping last sixteen among them), each kind
    /// of odd byte; a line given up appends nothing.
    #[test]
    fn only_printable_ascii_is_copied_as_plain() {
        let byte_by_byte = |bytes: &[u8]| bytes.iter().all(|b| (0x20..0x7f).contains(b));
        let line_of = |bytes: &[u8]| {
            let mut out = "> ".to_string();
            let kept = push_line(&mut out, bytes.len() + 2, |line| {
                line.put("<")?;
                line.put_printable(bytes)?;
                line.put(">")
            });
            (kept, out)
        };
        for len in 0..70 {
            let plain: Vec<u8> = (0..len).map(|i| b' ' + (i * 7 % 95) as u8).collect();
            let (kept, out) = line_of(&plain);
            assert!(kept, "{len}");
            assert_eq!(out.as_bytes(), [b"> <", &plain[..], b">"].concat());
            for at in 0..len {
                for odd in [0u8, b'\t', 0x1f, 0x7f, 0x80, 0xc2, 0xff] {
                    let mut bytes = plain.clone();
                    bytes[at] = odd;
                    assert!(!byte_by_byte(&bytes));
                    assert_eq!(
                        line_of(&bytes),
                        (false, "> ".to_string()),
                        "{len} {at} {odd}"
                    );
                }
            }
        }
    }

    /// The fast paths for ASCII give what counting chars one by one gives,
    /// at every boundary of texts that mix ASCII with wider chars.
    #[test]
    fn char_steps_agree_with_counting_chars() {
        for text in [
            "plain ascii text",
            "é—x “quoted” 日本語 ok",
            "ab\u{1F600}cd",
            "",
        ] {
            let boundaries = (0..=text.len()).filter(|&i| text.is_char_boundary(i));
            for index in boundaries {
                for count in 0..=text.len() + 1 {
                    let back = text[..index]
                        .char_indices()
                        .rev()
                        .nth(count.wrapping_sub(1))
                        .map_or(0, |(i, _)| i);
                    let expected_back = if count == 0 { index } else { back };
                    assert_eq!(chars_back(text, index, count), expected_back);
                    let forward = text[index..]
                        .char_indices()
                        .nth(count)
                        .map_or(text.len(), |(i, _)| index + i);
                    assert_eq!(
                        chars_forward(text, index, count),
                        forward,
                        "{text:?} {index} {count}"
                    );
                }
            }
        }
    }

    /// The one-look way for plain ASCII around a match appends what the
    /// general way does, for matches near the ends and far from them,
    /// with wide chars and control chars at every distance.
    #[test]
    fn plain_excerpts_are_the_general_ones() {
        let pieces = ["a", "bc ", "\u{e9}", "\t", "\u{85}", "\u{7f}", "\n", "xyz"];
        let (mut seed, mut plain) = (11u64, 0);
        for _ in 0..3000 {
            let mut text = String::new();
            seed = crate::test_support::lcg_next(seed);
            for k in 0..(seed >> 40) % 40 {
                let piece = pieces[((seed >> (k % 50)) as usize + k as usize) % pieces.len()];
                let run = if piece.len() == 1 && piece != "a" {
                    1
                } else {
                    1 + (seed >> 20) % 9
                };
                text.push_str(&piece.repeat(run as usize));
            }
            let hit = crate::test_support::char_range(&text, seed);
            let (context, max_match) = ((seed % 12) as usize, 1 + (seed >> 3) as usize % 12);
            let (mut fast, mut general) = ("> ".to_string(), "> ".to_string());
            let got = push_excerpt(&mut fast, &text, hit.clone(), context, max_match);
            let want = push_any_excerpt(&mut general, &text, hit, context, max_match);
            assert_eq!((fast, got), (general, want), "{text:?}");
            plain += usize::from(text.is_ascii() && !text.bytes().any(|b| b < 0x20 || b == 0x7f));
        }
        assert!(plain > 100, "plain texts met: {plain}");
    }

    #[test]
    fn control_chars_become_spaces() {
        let e = excerpt("one\ntwo\u{85}three", 0..3, 40, 60);
        assert_eq!(e.line, "one two three");
    }

    #[test]
    fn short_text_is_whole_and_on_one_line() {
        let e = excerpt("we talked\nabout growth", 16..22, 40, 60);
        assert_eq!(e.line, "we talked about growth");
        assert_eq!(&e.line[e.matched], "growth");
    }

    #[test]
    fn long_text_is_cut_around_the_match() {
        let text = format!("{}growth{}", "a".repeat(100), "b".repeat(100));
        let e = excerpt(&text, 100..106, 40, 60);
        assert_eq!(
            e.line,
            format!("…{}growth{}…", "a".repeat(40), "b".repeat(40))
        );
        assert_eq!(&e.line[e.matched], "growth");
    }

    /// The excerpt of plain text (copied in one piece) and of text with
    /// control chars (copied piece by piece) put the match at the same
    /// place: where the pieces before it end.
    #[test]
    fn the_match_is_placed_alike_with_or_without_controls() {
        for before in ["", "ab", "caf\u{e9} \u{2019}", "x\ty", "\u{85}z"] {
            for after in ["", " cd", "\n\u{9f}", "\u{2014}"] {
                let text = format!("{before}growth{after}");
                let hit = before.len()..before.len() + "growth".len();
                let e = excerpt(&text, hit, 40, 60);
                assert_eq!(&e.line[e.matched.clone()], "growth", "{text:?}");
                let expected: String = text
                    .chars()
                    .map(|c| if c.is_control() { ' ' } else { c })
                    .collect();
                assert_eq!(e.line, expected, "{text:?}");
            }
        }
    }

    #[test]
    fn a_long_match_is_cut_too() {
        let text = "x".repeat(500);
        let e = excerpt(&text, 0..500, 10, 60);
        assert_eq!(e.matched.len(), 60);
        assert!(e.line.ends_with('…'));
    }
}
