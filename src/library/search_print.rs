//! `earmark search`'s other shapes of output: matches grouped under each
//! episode's title (as `rg --heading`), with context segments, coloured;
//! counts per file (`-c`); the files with a match (`-l`). Each file is
//! parsed in full and its segments narrowed by [`Filters`]; then one
//! file's output is written into a string, as every file's is.
//!
//! Everything printed from a file is one line with no control char: the
//! title and speaker through [`clean_one_line`], the excerpts through
//! [`push_excerpt`] (the parser already dropped spoofing chars), the path
//! as the caller cleaned it. Colour is the only escape sequence written.

use std::ops::Range;

use super::search_filters::{DateVerdict, Filters};
use super::search_pass::{Detail, MatchSink, SegmentMatch, find_matches_in};
use crate::episode::Episode;
use crate::episode::text::clean_one_line;
use crate::episode::time::push_hms;
use crate::search::{Query, push_excerpt};

/// Characters shown on each side of a match (as the plain lines show).
const CONTEXT_CHARS: usize = 40;
/// Longest stretch of a match shown.
const MAX_MATCH_CHARS: usize = 120;
/// Characters of a context segment shown, from its start.
const CONTEXT_SEGMENT_CHARS: usize = 2 * CONTEXT_CHARS;

/// The ANSI colours, as rg uses them: path magenta, line (here time) green,
/// match bold red; the title bold and the speaker cyan.
const PATH: &str = "\x1b[35m";
const TITLE: &str = "\x1b[1m";
const TIME: &str = "\x1b[32m";
const SPEAKER: &str = "\x1b[36m";
const MATCH: &str = "\x1b[1;31m";
const RESET: &str = "\x1b[0m";

/// How the matches of each file are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputStyle {
    /// `path<TAB>time<TAB>speaker<TAB>excerpt`, as without any option.
    Lines,
    /// The title and path, then `time  speaker: excerpt` per match.
    Heading,
    /// `path:N`, the number of matching segments.
    Count,
    /// `path`, once per file with a match.
    Files,
    /// One JSON object per matching segment (written by the caller).
    Json,
}

/// Everything that shapes a search's output beyond today's lines.
#[derive(Debug, Clone)]
pub struct Shape {
    pub style: OutputStyle,
    /// Whether matches (and titles, times, speakers) are coloured.
    pub color: bool,
    /// Segments shown before and after each match.
    pub context: usize,
    pub filters: Filters,
}

/// Where a file's matches go: JSON lines are the caller's, the rest are
/// written here.
pub enum Sink<'a, 'r> {
    Json(&'a mut MatchSink<'r>),
    Text(&'a mut String),
}

/// What printing one file came to.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Printed {
    pub matched: bool,
    /// A warning for the error stream (a file left out for want of a date).
    pub note: Option<String>,
}

/// Finds `query`'s matches in `episode`, narrowed by the shape's filters,
/// and writes them into `sink`. `path` is the file's cleaned name.
pub fn print_episode(
    episode: &Episode,
    query: &Query,
    shape: &Shape,
    path: &str,
    sink: Sink<'_, '_>,
) -> Printed {
    match shape.filters.date_verdict(episode) {
        DateVerdict::Inside => {}
        DateVerdict::Outside => return Printed::default(),
        DateVerdict::Undated => {
            return Printed {
                matched: false,
                note: Some(format!(
                    "{path}: no publish date, left out (--since/--until)"
                )),
            };
        }
    }
    let detail = match sink {
        Sink::Json(_) => Detail::Everything,
        // Every match of a row is coloured where the excerpt shows it.
        Sink::Text(_) if shape.color => Detail::Everything,
        Sink::Text(_) => Detail::FirstMatch,
    };
    let found = matching_segments(episode, query, &shape.filters, detail);
    let matched = !found.is_empty();
    match sink {
        Sink::Json(report) => {
            for (index, ranges) in &found {
                report(
                    &segment_match(episode, *index, ranges),
                    Some(&episode.title),
                );
            }
        }
        Sink::Text(out) if matched => write_text(episode, &found, shape, path, out),
        Sink::Text(_) => {}
    }
    Printed {
        matched,
        note: None,
    }
}

/// The matching segments (index, match ranges), in order, at most
/// `max_count` of them.
fn matching_segments(
    episode: &Episode,
    query: &Query,
    filters: &Filters,
    detail: Detail,
) -> Vec<(usize, Vec<Range<usize>>)> {
    let limit = filters.max_count.unwrap_or(usize::MAX);
    let mut found = Vec::new();
    let mut ranges = Vec::new();
    for (index, segment) in episode.segments.iter().enumerate() {
        if found.len() >= limit {
            break;
        }
        let speaker = episode.speaker_name(segment);
        if !query.matches_speaker(speaker) || !filters.speaker_matches(speaker) {
            continue;
        }
        find_matches_in(segment.text(episode), query, detail, &mut ranges);
        if ranges.is_empty() && !query.is_speaker_only() {
            continue;
        }
        found.push((index, std::mem::take(&mut ranges)));
    }
    found
}

fn segment_match<'a>(
    episode: &'a Episode,
    index: usize,
    ranges: &'a [Range<usize>],
) -> SegmentMatch<'a> {
    let segment = &episode.segments[index];
    SegmentMatch {
        index,
        start: segment.start,
        speaker: episode.speaker_name(segment).map(Into::into),
        text: segment.text(episode).into(),
        matches: ranges,
    }
}

/// One file's text output in `shape.style` (not JSON).
fn write_text(
    episode: &Episode,
    found: &[(usize, Vec<Range<usize>>)],
    shape: &Shape,
    path: &str,
    out: &mut String,
) {
    let paint = Paint(shape.color);
    match shape.style {
        OutputStyle::Count => {
            paint.push(out, PATH, path);
            out.push_str(&format!(":{}\n", found.len()));
        }
        OutputStyle::Files => {
            paint.push(out, PATH, path);
            out.push('\n');
        }
        OutputStyle::Heading => {
            write_heading(out, &episode.title, path, paint);
            write_rows(episode, found, shape, None, out);
        }
        OutputStyle::Lines | OutputStyle::Json => {
            write_rows(episode, found, shape, Some(path), out)
        }
    }
}

/// The match rows (and context rows, `--` between runs that do not
/// touch); with `path`, as tab-separated lines.
fn write_rows(
    episode: &Episode,
    found: &[(usize, Vec<Range<usize>>)],
    shape: &Shape,
    path: Option<&str>,
    out: &mut String,
) {
    let paint = Paint(shape.color);
    let mut next_unshown = 0;
    let count = episode.segments.len();
    for (k, (index, ranges)) in found.iter().enumerate() {
        let first = index.saturating_sub(shape.context).max(next_unshown);
        if shape.context > 0 && k > 0 && first > next_unshown {
            out.push_str("--\n");
        }
        // Context after this match, up to the next match (shown as one).
        let until_next = found.get(k + 1).map_or(count, |(next, _)| *next);
        let last = (index + shape.context)
            .min(count - 1)
            .min(until_next.saturating_sub(1).max(*index));
        for shown in first..=last {
            let is_match = shown == *index;
            let hit = is_match.then(|| ranges.first().cloned().unwrap_or(0..0));
            let segment = &episode.segments[shown];
            let row = Row {
                start: segment.start,
                speaker: episode.speaker_name(segment),
                text: segment.text(episode),
                hit,
                all: if is_match { ranges } else { &[] },
            };
            match path {
                Some(path) => row.write_line(path, paint, out),
                None => row.write_heading_row(paint, out),
            }
        }
        next_unshown = last + 1;
    }
}

/// One segment shown: a match (`hit`, its first match's range) or context.
struct Row<'a> {
    start: Option<u32>,
    speaker: Option<&'a str>,
    text: &'a str,
    hit: Option<Range<usize>>,
    /// Every match of a match row that is known (the first at least), to
    /// colour those the excerpt shows.
    all: &'a [Range<usize>],
}

impl Row<'_> {
    /// `path<TAB>hh:mm:ss<TAB>speaker<TAB>excerpt`, `-` for what is missing:
    /// byte for byte the line `earmark search` prints without options.
    fn write_line(&self, path: &str, paint: Paint, out: &mut String) {
        paint.push(out, PATH, path);
        out.push('\t');
        self.push_time(paint, out);
        out.push('\t');
        let speaker = self.speaker();
        paint.push(out, SPEAKER, speaker.as_deref().unwrap_or("-"));
        out.push('\t');
        self.push_text(paint, out);
        out.push('\n');
    }

    /// `hh:mm:ss  speaker: excerpt` for a match, `-` instead of `:` for
    /// context, as rg marks its context lines.
    fn write_heading_row(&self, paint: Paint, out: &mut String) {
        self.push_time(paint, out);
        out.push_str("  ");
        let speaker = self.speaker();
        paint.push(out, SPEAKER, speaker.as_deref().unwrap_or("-"));
        out.push_str(if self.hit.is_some() { ": " } else { "- " });
        self.push_text(paint, out);
        out.push('\n');
    }

    fn speaker(&self) -> Option<String> {
        self.speaker.map(clean_one_line)
    }

    fn push_time(&self, paint: Paint, out: &mut String) {
        let mut time = String::new();
        match self.start {
            Some(start) => push_hms(&mut time, start),
            None => time.push('-'),
        }
        paint.push(out, TIME, &time);
    }

    /// The excerpt around the first match, the match coloured; a context
    /// segment's start.
    fn push_text(&self, paint: Paint, out: &mut String) {
        let text = self.text;
        let Some(hit) = self.hit.clone() else {
            push_excerpt(out, text, 0..0, CONTEXT_SEGMENT_CHARS, 0);
            return;
        };
        let mut line = String::new();
        let matched = push_excerpt(&mut line, text, hit.clone(), CONTEXT_CHARS, MAX_MATCH_CHARS);
        let mut shown = 0;
        for span in self.spans_in_excerpt(&line, &hit, &matched) {
            out.push_str(&line[shown..span.start]);
            paint.push(out, MATCH, &line[span.clone()]);
            shown = span.end;
        }
        out.push_str(&line[shown..]);
    }

    /// Where the matches sit in the excerpt `line`: the first at
    /// `matched`, the later ones at the same shift from the text (the
    /// excerpt keeps the text's bytes between its `…`s: a cleaned text has
    /// no control char to replace but tabs and line breaks, one byte each),
    /// those the excerpt shows whole.
    fn spans_in_excerpt(
        &self,
        line: &str,
        hit: &Range<usize>,
        matched: &Range<usize>,
    ) -> Vec<Range<usize>> {
        let mut spans = vec![matched.clone()];
        let shift = |at: usize| (at + matched.start).checked_sub(hit.start);
        // The excerpt ends with `…` when the text was cut there.
        let text_end = shift(self.text.len()).unwrap_or(0);
        let visible_end = if text_end == line.len() {
            line.len()
        } else {
            line.len().saturating_sub('…'.len_utf8())
        };
        for later in self.all.iter().filter(|m| m.start >= hit.end) {
            let (Some(start), Some(end)) = (shift(later.start), shift(later.end)) else {
                continue;
            };
            let whole =
                end <= visible_end && line.is_char_boundary(start) && line.is_char_boundary(end);
            if whole && start >= spans.last().map_or(0, |s| s.end) {
                spans.push(start..end);
            }
        }
        spans
    }
}

/// Whether `shape` can be printed as the search's own passes find the
/// segments (the fast pass among them): no context and no filter, which
/// need the whole episode; not JSON, which the caller writes.
pub fn streams(shape: &Shape) -> bool {
    shape.context == 0 && shape.filters.is_empty() && shape.style != OutputStyle::Json
}

/// What [`stream_row`] has seen of one file (or one part of a large one).
#[derive(Debug, Default, Clone)]
pub struct Streamed {
    rows: usize,
    title: Option<String>,
}

impl Streamed {
    /// Takes in the state of a part that came after this one.
    pub fn append(&mut self, part: Streamed) {
        self.rows += part.rows;
        if self.title.is_none() {
            self.title = part.title;
        }
    }

    /// Whether a row was streamed.
    pub fn matched(&self) -> bool {
        self.rows > 0
    }
}

/// Whether the streamed shape needs each file's title or every match of
/// a segment (segments come with both then).
pub fn needs_every_match(shape: &Shape) -> bool {
    shape.style == OutputStyle::Heading || shape.color
}

/// One matching segment, as found: a row (for the heading and lines
/// output styles), or only counted.
pub fn stream_row(
    shape: &Shape,
    path: &str,
    segment: &SegmentMatch,
    title: Option<&str>,
    state: &mut Streamed,
    out: &mut String,
) {
    state.rows += 1;
    if state.title.is_none() {
        state.title = title.map(str::to_string);
    }
    let row = Row {
        start: segment.start,
        speaker: segment.speaker.as_deref(),
        text: &segment.text,
        hit: Some(segment.matches.first().cloned().unwrap_or(0..0)),
        all: segment.matches,
    };
    let paint = Paint(shape.color);
    match shape.style {
        OutputStyle::Heading => row.write_heading_row(paint, out),
        OutputStyle::Lines => row.write_line(path, paint, out),
        OutputStyle::Count | OutputStyle::Files | OutputStyle::Json => {}
    }
}

/// After the last of a file's segments: its heading goes before its rows;
/// its count or name is written.
pub fn stream_end(shape: &Shape, path: &str, state: &Streamed, out: &mut String) {
    if !state.matched() {
        return;
    }
    let paint = Paint(shape.color);
    match shape.style {
        OutputStyle::Heading => {
            let mut heading = String::new();
            write_heading(
                &mut heading,
                state.title.as_deref().unwrap_or(""),
                path,
                paint,
            );
            out.insert_str(0, &heading);
        }
        OutputStyle::Count => {
            paint.push(out, PATH, path);
            out.push_str(&format!(":{}\n", state.rows));
        }
        OutputStyle::Files => {
            paint.push(out, PATH, path);
            out.push('\n');
        }
        OutputStyle::Lines | OutputStyle::Json => {}
    }
}

/// `Title · path`, on a line of its own.
fn write_heading(out: &mut String, title: &str, path: &str, paint: Paint) {
    paint.push(out, TITLE, &clean_one_line(title));
    out.push_str(" · ");
    paint.push(out, PATH, path);
    out.push('\n');
}

/// Writes text in a colour, or plain when colour is off.
#[derive(Clone, Copy)]
struct Paint(bool);

impl Paint {
    fn push(self, out: &mut String, color: &str, text: &str) {
        if self.0 && !text.is_empty() {
            out.push_str(color);
            out.push_str(text);
            out.push_str(RESET);
        } else {
            out.push_str(text);
        }
    }
}
