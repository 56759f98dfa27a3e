//! The search-only pass of `earmark search`: the matching segments of one
//! file, found without building the segments that cannot match.
//!
//! A file whose raw bytes match must still be parsed, and building every
//! segment (cleaning, trimming and copying every line) was most of the
//! cost of searching for a common word. This pass reads the file's
//! structure with the parser's own [`Layout`] (so the dialect, the segment
//! boundaries, speakers and times are the parser's by construction), runs
//! the raw-bytes regex of [`Prefilter`] over the body, and builds and
//! searches (with [`find_in_text`], exactly as for a parsed episode) only
//! the segments whose raw bytes hold a raw match.
//!
//! It is exact under the conditions [`search`] checks, which are the
//! prefilter's (a literal, non-empty, printable-ASCII pattern, and no byte
//! [`needs_cleaning`](super::prefilter::needs_cleaning) flags) plus valid UTF-8. Why a segment with no raw
//! match in its raw range cannot match:
//!
//! * A segment's text is the trimmed, non-empty pieces of cleaned lines
//!   joined with `\n`: its header line's inline text (a tail of that line)
//!   and the cleaned lines after it. Printable ASCII, even case-folded,
//!   holds no `\n`, so a match lies inside one piece, and so inside one
//!   cleaned line `clean(L)` of a raw line `L` within the segment's raw
//!   range ([`SegmentSpan::raw`]). Trimming only shortens a piece, so a
//!   pattern that starts or ends with a space needs nothing special.
//! * On a file with no [`needs_cleaning`](super::prefilter::needs_cleaning) byte, a match in `clean(L)` is a
//!   raw match in `L`: the prefilter's module comment gives the argument,
//!   line by line (mojibake repair keeps every ASCII char and puts no char
//!   between two of them; the only control left to strip is a `\r` at the
//!   end of a line; the two non-ASCII chars that fold to ASCII letters are
//!   matched by the raw regex or flagged).
//! * The raw regex reports non-overlapping matches. An occurrence that is
//!   not reported overlaps a reported one, which cannot cross a `\n`
//!   either, so it starts in the same line `L`: the segment's raw range
//!   holds the start of a reported match.
//! * Valid UTF-8 is decoded as is (the parser decodes lossily only invalid
//!   input), and the BOM and front matter are split off by the same code.
//!
//! Segments that are built get the parser's text ([`SegmentSpan::text`])
//! and the same search, so their matches are the full path's. The title,
//! needed only for JSON, comes from the same front matter parse and title
//! rule ([`episode_title`]), run only when a segment matched.
//!
//! Anything else (regex mode, other patterns, control bytes, invalid UTF-8,
//! no transcript) returns `None`, and the caller parses the file fully.

use std::ops::Range;

use super::prefilter::{Prefilter, needs_cleaning_at};
use crate::episode::front_matter;
use crate::episode::text::unplain_positions;
use crate::episode::{Layout, SegmentSpan, Source, episode_title, fold_spaces};
use crate::search::{Query, find_in_text};

/// One segment that matched, with what the output shows of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentMatch {
    /// Its index among the episode's segments.
    pub index: usize,
    pub start: Option<u32>,
    /// The speaker's name as the episode lists it.
    pub speaker: Option<String>,
    pub text: String,
    /// Byte ranges of the matches in `text`.
    pub matches: Vec<Range<usize>>,
}

/// The matching segments of one file, in order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FileMatches {
    /// The episode's title, when it was asked for and a segment matched.
    pub title: Option<String>,
    pub segments: Vec<SegmentMatch>,
}

/// The matching segments of a file's `bytes`, or `None` when this pass is
/// not exact for them (see the module comment): then parse the file.
pub fn search(
    bytes: &[u8],
    source: &Source,
    prefilter: &Prefilter,
    query: &Query,
    want_title: bool,
) -> Option<FileMatches> {
    search_after(bytes, 0, source, prefilter, query, want_title)
}

/// [`search`] for a caller that knows no raw match starts before
/// `first_match` in `bytes` (it found the first one there), so that the
/// raw-bytes regex does not search those bytes again.
pub fn search_after(
    bytes: &[u8],
    first_match: usize,
    source: &Source,
    prefilter: &Prefilter,
    query: &Query,
    want_title: bool,
) -> Option<FileMatches> {
    // One pass finds the bytes that both the cleaning check and the
    // layout scan look at.
    let unplain = unplain_positions(bytes);
    if needs_cleaning_at(bytes, &unplain) {
        return None;
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let (front, body) = front_matter::split(text);
    // The body is a tail of `bytes`: its unplain bytes are the last ones,
    // shifted.
    let offset = bytes.len() - body.len();
    let mut next = unplain.partition_point(|&at| at < offset);
    let layout = Layout::scan_with(body, |from| {
        while unplain.get(next).is_some_and(|&at| at < offset + from) {
            next += 1;
        }
        unplain.get(next).map_or(body.len(), |&at| at - offset)
    })?;
    let mut found = FileMatches::default();
    // No raw match starts before `first_match`, in the body either (a
    // match in the body is one in `bytes`).
    let from = first_match.saturating_sub(offset);
    let mut raw_matches = prefilter
        .match_starts_from(body.as_bytes(), from)
        .peekable();
    for (index, span) in layout.segments().enumerate() {
        // Matches before this segment belong to no segment (front of the
        // body before `## Transcript`, or a skipped heading).
        while raw_matches.next_if(|&at| at < span.raw.start).is_some() {}
        let Some(&at) = raw_matches.peek() else {
            break;
        };
        if at < span.raw.end
            && let Some(segment) = search_segment(index, &span, query)
        {
            found.segments.push(segment);
        }
    }
    if want_title && !found.segments.is_empty() {
        let metadata = front_matter::parse(front).metadata;
        found.title = Some(episode_title(&metadata, layout.heading(), source));
    }
    Some(found)
}

/// Builds one segment that may match and searches it.
fn search_segment(index: usize, span: &SegmentSpan, query: &Query) -> Option<SegmentMatch> {
    let speaker = span.speaker.map(fold_spaces);
    if !query.matches_speaker(speaker.as_deref()) {
        return None;
    }
    let text = span.text();
    let matches = find_in_text(&text, query);
    (!matches.is_empty()).then_some(SegmentMatch {
        index,
        start: span.start,
        speaker,
        text,
        matches,
    })
}
