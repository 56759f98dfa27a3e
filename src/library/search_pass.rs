//! The search-only pass of `earmark search`: the matching segments of one
//! file, found without building the segments that cannot match.
//!
//! A file whose raw bytes match must still be parsed, and building every
//! segment (cleaning, trimming and copying every line) was most of the
//! cost of searching for a common word. This pass reads the file's
//! structure with the parser's own [`BodyScan`] (so the dialect, the segment
//! boundaries, speakers and times are the parser's by construction), runs
//! the raw-bytes regex of [`Prefilter`] over the body, and builds and
//! searches (with [`find_in_text`], exactly as for a parsed episode) only
//! the segments whose raw bytes hold a raw match.
//!
//! It is exact under the conditions [`search`] checks, which are the
//! prefilter's (a literal, non-empty pattern with no control char, or a
//! regex whose matches all start with one of a few such literals; no byte
//! [`needs_cleaning`] flags, and, for a
//! pattern that is not printable ASCII, no mojibake at all:
//! [`Prefilter::mojibake_may_matter`]) plus valid UTF-8. Why a segment with
//! no raw match in its raw range cannot match:
//!
//! * A segment's text is the trimmed, non-empty pieces of cleaned lines
//!   joined with `\n`: its header line's inline text (a tail of that line)
//!   and the cleaned lines after it. The pattern, even case-folded, holds no
//!   `\n`, so a match lies inside one piece, and so inside one cleaned line
//!   `clean(L)` of a raw line `L` within the segment's raw range
//!   ([`SegmentSpan::raw`]). Trimming only shortens a piece, so a pattern
//!   that starts or ends with a space needs nothing special.
//! * Under those conditions a match in `clean(L)` is a raw match in `L`:
//!   the prefilter's module comment gives the argument, line by line (for
//!   a printable-ASCII pattern, mojibake repair keeps every ASCII char and
//!   puts no char between two of them, and the two non-ASCII chars that
//!   fold to ASCII letters are matched by the raw regex or flagged; for any
//!   other pattern there is no mojibake to repair; either way the only
//!   control left to strip is a `\r` at the end of a line).
//! * A segment is built when a raw match starts within its raw range: the
//!   raw regex is asked for the first match starting at or after the
//!   range's start (a literal needs no context before it, so that is the
//!   first occurrence there), which is the test itself, not a guess.
//!   For a regex, the raw regex finds the literals its matches start with:
//!   a match starts with one of them inside one cleaned line, so a segment
//!   with none starting in its raw range has no match either.
//! * Valid UTF-8 is decoded as is (the parser decodes lossily only invalid
//!   input), and the BOM and front matter are split off by the same code.
//!
//! Segments that are built get the parser's text ([`SegmentSpan::text`])
//! and the same search, so their matches are the full path's; for text
//! output, a segment that is one borrowed line holding the raw match whole
//! takes that match as its first without a second search (see
//! `Candidate::raw_match_in` for why it is the same). The title, needed
//! only for JSON, comes from the same front matter parse and title rule
//! ([`episode_title`]), run only when a segment matched.
//!
//! Matching segments are handed to a [`MatchSink`] callback as they are
//! found, borrowing their text and speaker from the file, so that a common
//! word costs no copy of every segment.
//!
//! Anything else (a regex with no such literals, other patterns, control
//! bytes, invalid UTF-8, no transcript) returns `None`, and the caller parses the file fully.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

use super::prefilter::{Prefilter, any_run_of_blocks, needs_cleaning};
use super::unplain_list::{Listed, Unlisted, any_suspect, listed_utf8, listed_walk};
use crate::episode::front_matter;
use crate::episode::text::{UnplainWalk, holds_invisible};
use crate::episode::{
    BodyScan, SegmentSpan, Source, SparseSegments, episode_title, fold_spaces, line_cuts,
};
use crate::search::{Query, find_in_text, first_in_text};

/// How much of each match the caller shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// The first match of each segment (a line of text output shows one).
    FirstMatch,
    /// Every match of each segment, and the episode's title (JSON).
    Everything,
}

/// One segment that matched, with what the output shows of it, borrowed
/// where it can be: most segments are one line of the file, and copying
/// them was a large part of searching for a common word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentMatch<'a> {
    /// Its index among the episode's segments.
    pub index: usize,
    pub start: Option<u32>,
    /// The speaker's name as the episode lists it.
    pub speaker: Option<Cow<'a, str>>,
    pub text: Cow<'a, str>,
    /// Byte ranges of the matches in `text`: the first only, or all of them
    /// (by [`Detail`]); never empty.
    pub matches: &'a [Range<usize>],
}

/// Where the matching segments of a file go, in order, each with the
/// episode's title under [`Detail::Everything`] (`None` otherwise).
pub type MatchSink<'r> = dyn FnMut(&SegmentMatch, Option<&str>) + 'r;

/// Finds the matches of `query` in `text` (as much of them as `detail` asks
/// for) into `ranges`, emptied first.
pub fn find_matches_in(text: &str, query: &Query, detail: Detail, ranges: &mut Vec<Range<usize>>) {
    ranges.clear();
    match detail {
        Detail::FirstMatch => ranges.extend(first_in_text(text, query)),
        Detail::Everything => ranges.extend(find_in_text(text, query)),
    }
}

/// Reports the matching segments of a file's `bytes`, in order, and
/// returns whether there were any; or `None`, having reported nothing, when
/// this pass is not exact for them (see the module comment): then parse
/// the file.
///
/// The caller has found that no raw match starts before `first_match` (0
/// when it does not know), so the raw-bytes regex does not search those
/// bytes again.
pub fn search(
    bytes: &[u8],
    first_match: usize,
    source: &Source,
    prefilter: &Prefilter,
    query: &Query,
    detail: Detail,
    report: &mut MatchSink,
) -> Option<bool> {
    let prepared = Prepared::new(bytes, first_match, source, prefilter)?;
    let every = 0..prepared.segment_count();
    Some(prepared.search(every, prefilter, query, detail, report))
}

/// Where a file's layout may be known from without reading it (the
/// search cache), and kept for the next search.
pub trait LayoutMemory {
    /// The layout of `body` as kept, if it is.
    fn recall<'b>(&mut self, body: &'b str) -> Option<BodyScan<'b>>;
    /// Keeps `layout`, just read, for the next search.
    fn keep(&mut self, layout: &BodyScan);
}

/// A file this pass is exact for, its layout read: ready to search, whole
/// or in parts (a large file's parts on several threads).
pub struct Prepared<'a> {
    front: Option<&'a str>,
    body: &'a str,
    layout: BodyScan<'a>,
    /// No raw match starts before this offset in the body.
    first_match: usize,
    source: &'a Source,
}

impl<'a> Prepared<'a> {
    /// Checks that this pass is exact for `bytes` and reads their layout;
    /// `None` when it is not (then parse the file). `first_match` as for
    /// [`search`].
    pub fn new(
        bytes: &'a [u8],
        first_match: usize,
        source: &'a Source,
        prefilter: &Prefilter,
    ) -> Option<Prepared<'a>> {
        Self::remembering(bytes, first_match, source, prefilter, None)
    }

    /// [`Prepared::new`], taking the layout from `memory` when it knows
    /// it, and giving it the layout read otherwise. Only a file whose
    /// unplain bytes are listed is recalled: for them every byte is
    /// checked before the layout is read, by the list, so a layout from
    /// elsewhere skips no check (the other walk checks as it scans).
    pub fn remembering(
        bytes: &'a [u8],
        first_match: usize,
        source: &'a Source,
        prefilter: &Prefilter,
        memory: Option<&mut dyn LayoutMemory>,
    ) -> Option<Prepared<'a>> {
        let listed = match listed_utf8(bytes, true) {
            Err(Unlisted::Unfit) => return None,
            listed => listed.ok(),
        };
        let text = match &listed {
            Some(listed) => listed.text,
            None => visible_utf8(bytes)?,
        };
        if prefilter.mojibake_may_matter(bytes) {
            return None;
        }
        let (front, body) = split_front(text)?;
        let offset = bytes.len() - body.len();
        let layout = match &listed {
            Some(listed) => {
                let in_body = listed.from(offset);
                if any_suspect(bytes, in_body) {
                    return None;
                }
                recalled_or_scanned(memory, body, || {
                    BodyScan::scan_with(body, listed_walk(in_body, offset, body.len()))
                })?
            }
            None => walked_layout(body)?,
        };
        Some(Prepared {
            front,
            body,
            layout,
            first_match: first_match.saturating_sub(offset),
            source,
        })
    }

    /// Checks and reads `bytes` as [`Prepared::new`] does, on up to
    /// `parts` threads: the checks run on runs of whole lines (none of
    /// the bytes they look for reaches across a `\n`, and a cut after a
    /// `\n` is a char boundary), and the layout is read by
    /// [`BodyScan::scan_parallel_with`]. For a large file, where one thread
    /// took most of the time before the search could start. Memory stays
    /// that of the layout and the list of unplain bytes (at most a `u32`
    /// for every four bytes, see [`listed_utf8`]). The layout is taken
    /// from `memory` and given to it as [`Prepared::remembering`] does:
    /// reading it was a third of searching a 258 MB file again.
    pub fn new_parallel(
        bytes: &'a [u8],
        first_match: usize,
        source: &'a Source,
        prefilter: &Prefilter,
        parts: usize,
        memory: Option<&mut dyn LayoutMemory>,
    ) -> Option<Prepared<'a>> {
        let listed = listed_in_parts(bytes, prefilter, parts)?;
        let text = match &listed {
            Some(listed) => listed.text,
            // SAFETY: the runs were checked to be UTF-8 (see
            // `listed_in_parts`), only too rich in unplain bytes to list.
            None => unsafe { std::str::from_utf8_unchecked(bytes) },
        };
        let (front, body) = split_front(text)?;
        let offset = bytes.len() - body.len();
        let layout = match &listed {
            Some(listed) => {
                if any_suspect(bytes, listed.from(offset)) {
                    return None;
                }
                recalled_or_scanned(memory, body, || {
                    BodyScan::scan_parallel_with(body, parts, |run| {
                        let in_run = listed.from(offset + run.start);
                        Some(listed_walk(in_run, offset, run.end))
                    })
                })?
            }
            None => walked_layout_in_parts(body, parts)?,
        };
        Some(Prepared {
            front,
            body,
            layout,
            first_match: first_match.saturating_sub(offset),
            source,
        })
    }

    /// How many segments the file has.
    pub fn segment_count(&self) -> usize {
        self.layout.segment_count()
    }

    /// Reports the matching segments among `segments` (by index), in
    /// order, and returns whether there were any.
    pub fn search(
        &self,
        segments: Range<usize>,
        prefilter: &Prefilter,
        query: &Query,
        detail: Detail,
        report: &mut MatchSink,
    ) -> bool {
        let (mut title, mut matched) = (None, false);
        let mut ranges = Vec::new();
        let mut names = FoldedNames::default();
        let body_bytes = self.body.as_bytes();
        let mut spans = SparseSegments::new(&self.layout);
        let Some(last) = segments.end.checked_sub(1).filter(|_| !segments.is_empty()) else {
            return false;
        };
        let end = spans.raw(last).end;
        // The next segment that may hold a match, and where to look next.
        let mut next = segments.start;
        let mut from = self.first_match.max(spans.raw(next).start);
        // Each raw match finds its segment; segments between two are passed
        // over unbuilt. Matches before a segment belong to none (text
        // before `## Transcript`, or a skipped heading).
        while let Some(raw) = prefilter.first_match_from(body_bytes, from) {
            if raw.start >= end {
                break;
            }
            let Some(index) = spans.holding(raw.start, next) else {
                from = spans.raw(next).start.max(raw.start + 1);
                continue;
            };
            let span = spans.span(index);
            (next, from) = (index + 1, span.raw.end);
            let candidate = Candidate {
                index,
                span: &span,
                body: self.body,
                raw: prefilter.raw_match_is_whole().then_some(&raw),
            };
            let Some(segment) = candidate.search(query, detail, &mut names, &mut ranges) else {
                continue;
            };
            if detail == Detail::Everything && title.is_none() {
                let metadata = front_matter::parse(self.front).metadata;
                title = Some(episode_title(&metadata, self.layout.heading(), self.source));
            }
            report(&segment, title.as_deref());
            matched = true;
        }
        matched
    }
}

/// The layout of `body` as `memory` keeps it, else as `scan` reads it,
/// then given to `memory` for the next search.
fn recalled_or_scanned<'b>(
    mut memory: Option<&mut dyn LayoutMemory>,
    body: &'b str,
    scan: impl FnOnce() -> Option<BodyScan<'b>>,
) -> Option<BodyScan<'b>> {
    if let Some(layout) = memory.as_mut().and_then(|m| m.recall(body)) {
        return Some(layout);
    }
    let layout = scan()?;
    if let Some(memory) = memory {
        memory.keep(&layout);
    }
    Some(layout)
}

/// The `next_unplain` a layout scan of `within[start..]` takes
/// ([`BodyScan::scan_with`]), which also checks that cleaning leaves those
/// bytes as they are: with no invisible char among them (which
/// [`visible_utf8`] checked), the
/// bytes cleaning acts on are the unplain bytes alone, and the scan walks
/// to each of them anyway, so [`UnplainWalk`] looks at each on the way
/// rather than in a pass of its own before the scan. One that cleaning
/// would act on raises `cleaning_needed`, known only when the scan ends:
/// its layout is then not used, and the rest is read as plain.
fn checking_walk<'w>(
    within: &'w [u8],
    start: usize,
    cleaning_needed: &'w AtomicBool,
) -> Option<impl FnMut(usize) -> usize + 'w> {
    let mut walk = UnplainWalk::new(within, start);
    Some(move |from| {
        let next = match walk.flagged() {
            false => walk.next_from(from),
            true => within.len(),
        };
        if walk.flagged() {
            cleaning_needed.store(true, Ordering::Relaxed);
        }
        next
    })
}

/// How many speakers' names [`FoldedNames`] keeps: a host, a guest and a
/// few voices more (ads, a co-host). With two, a fifth of a podcast
/// library's files, those with a third speaker, folded a name every few
/// segments.
const RECENT_NAMES: usize = 4;

/// The last [`RECENT_NAMES`] speakers' names met and whether each is its
/// own [`fold_spaces`]: segments take turns among a few speakers, and
/// telling it of every segment's name again (a walk over its bytes) cost
/// more than comparing the name with these, 2% of searching for `the`.
#[derive(Default)]
struct FoldedNames<'l> {
    recent: [Option<(&'l str, bool)>; RECENT_NAMES],
    /// Which of `recent` a new name takes the place of.
    oldest: usize,
}

impl<'l> FoldedNames<'l> {
    /// [`fold_spaces`]`(name)`.
    fn fold(&mut self, name: &'l str) -> Cow<'l, str> {
        let known = self.recent.iter().flatten().find(|(seen, _)| *seen == name);
        match known {
            Some((_, true)) => Cow::Borrowed(name),
            Some((_, false)) => fold_spaces(name),
            None => {
                let folded = fold_spaces(name);
                let as_is = matches!(folded, Cow::Borrowed(_));
                self.recent[self.oldest] = Some((name, as_is));
                self.oldest = (self.oldest + 1) % RECENT_NAMES;
                folded
            }
        }
    }
}

/// A segment whose raw range holds a raw match.
struct Candidate<'c, 'l> {
    index: usize,
    span: &'c SegmentSpan<'l>,
    /// The body the layout was read from.
    body: &'c str,
    /// The first raw match in the segment's raw range, as a range of
    /// `body`, when it is the query's own match (a literal pattern; for a
    /// regex it only tells that a match may start there).
    raw: Option<&'c Range<usize>>,
}

impl<'l> Candidate<'_, 'l> {
    /// Builds the segment and searches it, finding its matches into
    /// `ranges`.
    fn search<'s>(
        &self,
        query: &Query,
        detail: Detail,
        names: &mut FoldedNames<'l>,
        ranges: &'s mut Vec<Range<usize>>,
    ) -> Option<SegmentMatch<'s>>
    where
        'l: 's,
    {
        let speaker = self.span.speaker.map(|name| names.fold(name));
        if !query.matches_speaker(speaker.as_deref()) {
            return None;
        }
        let text = self.span.text();
        match self.raw_match_in(&text) {
            Some(found) if detail == Detail::FirstMatch => {
                ranges.clear();
                ranges.push(found);
            }
            _ => find_matches_in(&text, query, detail, ranges),
        }
        (!ranges.is_empty()).then_some(SegmentMatch {
            index: self.index,
            start: self.span.start,
            speaker,
            text,
            matches: ranges,
        })
    }

    /// The raw match as a range of `text`, when `text` is a piece of the
    /// body that holds it whole. It is then `text`'s first match: it is the
    /// first place at or after the segment's start where the pattern occurs,
    /// and the query's regex, the same escaped pattern under the same case
    /// rule, matches the same bytes there. Most segments are one line of the
    /// file, borrowed as it is, so this spares searching them again.
    fn raw_match_in(&self, text: &str) -> Option<Range<usize>> {
        let raw = self.raw?;
        let start = (text.as_ptr() as usize).checked_sub(self.body.as_ptr() as usize)?;
        let inside = start + text.len() <= self.body.len()
            && raw.start >= start
            && raw.end <= start + text.len();
        inside.then(|| raw.start - start..raw.end - start)
    }
}

/// `bytes` as text when they are UTF-8 and hold no invisible char
/// ([`holds_invisible`]) but a leading BOM, both told in one pass over
/// the file rather than two: a 64-byte block of ASCII is valid and holds
/// no invisible char, and most blocks of a transcript are ASCII, so only
/// the runs of blocks that are not are validated and looked in. A char
/// never spans an ASCII byte, so such a run starts and ends on char
/// boundaries (a char that starts in one block and ends in the next makes
/// both non-ASCII: the run holds it whole).
pub fn visible_utf8(bytes: &[u8]) -> Option<&str> {
    let after_bom = usize::from(bytes.starts_with(b"\xEF\xBB\xBF")) * 3;
    let rest = &bytes[after_bom..];
    let fits = |run: &[u8]| std::str::from_utf8(run).is_ok() && !holds_invisible(run);
    if any_run_of_blocks(rest, |b| b >= 0x80, 0, |run| !fits(run)) {
        return None;
    }
    // SAFETY: every run of non-ASCII blocks (and the tail) is valid UTF-8,
    // they start and end on char boundaries, and the rest is ASCII and the
    // BOM, so the whole is valid UTF-8.
    Some(unsafe { std::str::from_utf8_unchecked(bytes) })
}

/// `bytes` listed ([`listed_utf8`]) when they are UTF-8 with no invisible
/// char but a leading BOM and, for a pattern that is not printable ASCII,
/// hold no mojibake (as [`Prepared::new`] checks), all checked on up to
/// `parts` runs of whole lines at once: `Some(None)` when they pass but
/// hold too many unplain bytes to list, `None` when they do not pass.
fn listed_in_parts<'b>(
    bytes: &'b [u8],
    prefilter: &Prefilter,
    parts: usize,
) -> Option<Option<Listed<'b>>> {
    let cuts = line_cuts(bytes, parts);
    let check = |k: usize, run: &'b [u8]| {
        let listed = listed_utf8(run, k == 0);
        match prefilter.mojibake_may_matter(run) {
            true => Err(Unlisted::Unfit),
            false => listed,
        }
    };
    let answers: Vec<Result<Listed<'b>, Unlisted>> = std::thread::scope(|scope| {
        let threads: Vec<_> = cuts
            .windows(2)
            .enumerate()
            .map(|(k, run)| scope.spawn(move || check(k, &bytes[run[0]..run[1]])))
            .collect();
        // Every thread is joined (none is left running), and a panic in
        // one is passed on.
        threads
            .into_iter()
            .map(|t| t.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    if answers.iter().any(|a| matches!(a, Err(Unlisted::Unfit))) {
        return None;
    }
    let mut runs = answers.into_iter().zip(cuts);
    let Some((Ok(mut whole), _)) = runs.next() else {
        return Some(None);
    };
    for (run, cut) in runs {
        let Ok(run) = run else {
            return Some(None);
        };
        whole.append(run, cut);
    }
    // SAFETY: every run is valid UTF-8, and the runs are cut after a `\n`,
    // which ends a char: so the whole is valid UTF-8. (Checking it again
    // on one thread took a tenth of searching a 258 MB file.)
    whole.text = unsafe { std::str::from_utf8_unchecked(bytes) };
    Some(Some(whole))
}

/// The front matter and body of `text` (a BOM dropped), when cleaning
/// leaves what comes before the body (the BOM included) as it is.
fn split_front(text: &str) -> Option<(Option<&str>, &str)> {
    let (front, body) = front_matter::split(text.strip_prefix('\u{FEFF}').unwrap_or(text));
    let before_body = &text.as_bytes()[..text.len() - body.len()];
    (!needs_cleaning(before_body)).then_some((front, body))
}

/// The layout of `body` by a walk to each unplain byte that checks it on
/// the way ([`checking_walk`]): for bytes with too many to list.
fn walked_layout(body: &str) -> Option<BodyScan<'_>> {
    let cleaning_needed = AtomicBool::new(false);
    let next_unplain = checking_walk(body.as_bytes(), 0, &cleaning_needed)?;
    let layout = BodyScan::scan_with(body, next_unplain)?;
    (!cleaning_needed.into_inner()).then_some(layout)
}

/// [`walked_layout`] on up to `parts` threads.
fn walked_layout_in_parts(body: &str, parts: usize) -> Option<BodyScan<'_>> {
    let body_bytes = body.as_bytes();
    let cleaning_needed = AtomicBool::new(false);
    let layout = BodyScan::scan_parallel_with(body, parts, |run| {
        // Looked for within the run, whose end stands for "none in it".
        checking_walk(&body_bytes[..run.end], run.start, &cleaning_needed)
    })?;
    (!cleaning_needed.into_inner()).then_some(layout)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Names told again from the last few give what folding gives,
    /// whatever order they come in.
    #[test]
    fn folded_names_are_fold_spaces() {
        let names = [
            "Ann Lee", "Ann  Lee", "Bo", " Bo", "Ann Lee", "Cy\tDee", "Bo",
        ];
        let mut folded = FoldedNames::default();
        for round in 0..3 {
            for k in 0..names.len() * 3 {
                let name = names[(k * (round + 1) + k / 4) % names.len()];
                assert_eq!(folded.fold(name), fold_spaces(name), "{name:?}");
                let borrowed = matches!(folded.fold(name), Cow::Borrowed(_));
                assert_eq!(borrowed, matches!(fold_spaces(name), Cow::Borrowed(_)));
            }
        }
    }

    /// The one-pass check agrees with the two checks it replaces, for
    /// ASCII, other chars, invisible ones, invalid bytes and a BOM, at
    /// every place around block boundaries.
    #[test]
    fn visible_utf8_is_utf8_without_invisible_chars() {
        let pieces: [&[u8]; 9] = [
            b"plain text ",
            "caf\u{e9} ".as_bytes(),
            "\u{2019}".as_bytes(),
            "\u{200b}".as_bytes(),
            "\u{feff}".as_bytes(),
            "\u{61c}".as_bytes(),
            b"\xff",
            b"\xe2\x80",
            b"\n",
        ];
        let expected = |bytes: &[u8]| {
            let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            std::str::from_utf8(bytes).is_ok() && !holds_invisible(body)
        };
        let (mut seed, mut kinds) = (7u64, [0; 2]);
        for _ in 0..4000 {
            let mut bytes = Vec::new();
            seed = crate::test_support::lcg_next(seed);
            let fill = (seed >> 33) as usize % 200;
            if seed % 5 == 0 {
                bytes.extend_from_slice("\u{feff}".as_bytes());
            }
            bytes.extend(std::iter::repeat_n(b'a', fill));
            for _ in 0..(seed >> 40) % 4 {
                seed = crate::test_support::lcg_next_by(seed, 1);
                let piece = pieces[(seed >> 35) as usize % pieces.len()];
                bytes.extend_from_slice(piece);
                bytes.extend(std::iter::repeat_n(b'b', (seed >> 45) as usize % 90));
            }
            let got = visible_utf8(&bytes).is_some();
            assert_eq!(
                got,
                expected(&bytes),
                "{:?}",
                String::from_utf8_lossy(&bytes)
            );
            kinds[usize::from(got)] += 1;
        }
        assert!(
            kinds.iter().all(|&n| n > 500),
            "both answers met: {kinds:?}"
        );
    }
}
