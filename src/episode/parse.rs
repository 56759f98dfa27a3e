//! Bytes → [`Episode`]: decoding, front matter, then one function per
//! transcript dialect (docs/markdown-transcripts.md).

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Map, Value};

use super::error::EpisodeError;
use super::front_matter::{self, FrontMatter};
use super::model::{Episode, Segment, SegmentsBuilder, Source, SpeakerId};
use super::read::{MAX_FILE_BYTES, read_file};
use super::text::{clean, clean_one_line, next_unplain_byte};
use super::time::{Seconds, parse_stamp};

/// Reads and parses a transcript file.
pub fn parse_file(path: &Path) -> Result<Episode, EpisodeError> {
    let bytes = read_file(path)?;
    parse_bytes(&bytes, Source::File(path.to_path_buf()))
}

/// Parses a transcript held in memory, in whichever format it is written
/// (see [`crate::formats`]).
pub fn parse_bytes(bytes: &[u8], source: Source) -> Result<Episode, EpisodeError> {
    crate::formats::parse_bytes(bytes, source)
}

/// Parses a Markdown transcript (docs/markdown-transcripts.md) held in memory.
pub fn parse_markdown(bytes: &[u8], source: Source) -> Result<Episode, EpisodeError> {
    use super::error::Reason;
    let error = |reason| EpisodeError::new(source.display(), reason);
    if bytes.contains(&0) {
        return Err(error(Reason::NotText));
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(error(Reason::TooLarge(bytes.len() as u64)));
    }
    let mut warnings = Vec::new();
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // Validation alone is much faster than the lossy decoder, and nearly
    // every file is valid.
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    };
    if matches!(text, Cow::Owned(_)) {
        warnings.push("invalid UTF-8 was replaced with \u{FFFD}".to_string());
    }

    let (front, body) = front_matter::split(&text);
    let FrontMatter {
        metadata,
        warnings: yaml_warnings,
    } = front_matter::parse(front);
    warnings.extend(yaml_warnings);

    let layout = Layout::scan(body).ok_or_else(|| error(Reason::NoTranscript))?;
    let transcript = build_transcript(&layout);
    let title = episode_title(&metadata, layout.heading(), &source);
    Ok(Episode {
        source,
        format: super::Format::Markdown,
        title,
        metadata,
        speakers: transcript.speakers,
        segments: transcript.segments,
        text: transcript.text,
        warnings,
    })
}

/// The display title (docs/markdown-transcripts.md): front matter `title`, else the first
/// `# ` heading, else the file name without extension.
pub fn episode_title(
    metadata: &Map<String, Value>,
    heading: Option<&str>,
    source: &Source,
) -> String {
    metadata
        .get("title")
        .and_then(|v| v.as_str())
        .filter(|t| !t.is_empty())
        .or(heading)
        .map_or_else(|| file_stem(source), str::to_string)
}

fn file_stem(source: &Source) -> String {
    match source {
        Source::File(path) => path
            .file_stem()
            .map(|s| clean_one_line(&s.to_string_lossy()))
            .unwrap_or_default(),
        Source::Builtin(name) => (*name).to_string(),
    }
}

/// A transcript's structure: where its segments are and whose they are,
/// found without building any segment text, and holding nothing per line
/// (a file of 20 MB of blank lines once cost 32 bytes a line here).
///
/// This is the one reading of the body's structure: the full parser
/// ([`parse_bytes`]) builds every segment from it, and the search-only
/// pass of `earmark search` builds only the segments that may hold a
/// match. Both therefore agree on the dialect, the segment boundaries, the
/// speakers and the times by construction.
#[derive(Debug)]
pub struct Layout<'a> {
    /// The first `# ` heading's text, when not empty.
    heading: Option<String>,
    /// The dialect the header lines are read in.
    dialect: Dialect,
    body: &'a str,
    /// Where the transcript's lines start: after the last `## Transcript`
    /// line if there is one, else at the start of the body.
    first_line: usize,
    /// The detected dialect's header lines, in order.
    headers: Vec<HeaderAt>,
    /// The header lines that cleaning changed, cleaned, by where they
    /// start in the body (in order).
    cleaned: Vec<(u32, Box<str>)>,
    /// How many lines went through [`clean`]: in all, and up to
    /// `first_line`. A segment whose lines none did is built without
    /// looking at them again.
    unclean_lines: u32,
    unclean_at_first_line: u32,
}

impl<'a> Layout<'a> {
    /// Reads the structure of a body (the text after any front matter).
    /// `None` when no line is a header of any dialect: that is not a
    /// transcript.
    ///
    /// Each line is cleaned ([`clean`] borrows when there is nothing to
    /// change), but only lines that can be a heading or a header by their
    /// first and last chars (`marker_trimmed`) go through the heading
    /// and header recognisers; the others are text whatever the dialect.
    pub fn scan(body: &'a str) -> Option<Layout<'a>> {
        Self::scan_with(body, |from| next_unplain_byte(body, from))
    }

    /// [`Layout::scan`] with the bytes cleaning acts on given by the caller:
    /// `next_unplain(from)` must be what [`next_unplain_byte`]`(body, from)`
    /// is (the index of the first such byte at or after `from`, or the
    /// body's length), for `from` that never decreases. The search pass
    /// finds those bytes once for its own check and for this scan (its
    /// [`unplain_positions`](super::text::unplain_positions) are those
    /// bytes in a body that holds no spoofing chars, the only bodies it
    /// scans).
    pub fn scan_with(
        body: &'a str,
        mut next_unplain: impl FnMut(usize) -> usize,
    ) -> Option<Layout<'a>> {
        let mut scan = Scan::new(body);
        let mut unplain = next_unplain(0);
        for Range { start, end } in line_spans(body.as_bytes(), 0..body.len()) {
            let raw = &body[start..end];
            // A line before the next byte cleaning acts on is clean as it is.
            let text = if unplain >= end {
                Cow::Borrowed(raw)
            } else {
                unplain = next_unplain(end);
                scan.unclean_lines += 1;
                clean(raw)
            };
            scan.read_line(start..end, text);
        }
        scan.finish()
    }

    /// The first `# ` heading's text, for the title when the front matter
    /// has none.
    pub fn heading(&self) -> Option<&str> {
        self.heading.as_deref()
    }

    /// The segments in file order, each with its speaker and time resolved
    /// but its text not yet built.
    pub fn segments(&self) -> impl Iterator<Item = SegmentSpan<'_>> {
        let first_header = self
            .headers
            .first()
            .map_or(self.body.len(), |h| h.line_start());
        // Text before the first header forms a speaker-less segment, but
        // only when some of it is not blank.
        let before = self.first_line..first_header;
        // No line cleaned between two counts: none to clean again. (A
        // header line cleaned itself counts too: then its segment is only
        // looked at again.)
        let unclean_up_to = |k: usize| {
            self.headers
                .get(k)
                .map_or(self.unclean_lines, |h| h.unclean_lines)
        };
        let plain = unclean_up_to(0) == self.unclean_at_first_line;
        let preamble = text_lines(self.body, before.clone(), plain)
            .any(|line| !line.trim().is_empty())
            .then(|| SegmentSpan {
                speaker: None,
                start: None,
                raw: before.clone(),
                header_text: "",
                body: self.body,
                lines: before,
                plain,
            });
        let mut speaker = None;
        let spans = self.headers.iter().enumerate().map(move |(k, header)| {
            let end = self
                .headers
                .get(k + 1)
                .map_or(self.body.len(), |h| h.line_start());
            let read = self.read_header(header);
            // `(00:07:30):` keeps the speaker of the segment before.
            speaker = read.speaker.or(speaker);
            SegmentSpan {
                speaker,
                start: read.start,
                raw: header.line_start()..end,
                header_text: read.text,
                body: self.body,
                lines: (header.line_end() + 1).min(end)..end,
                plain: unclean_up_to(k + 1) == header.unclean_lines,
            }
        });
        preamble.into_iter().chain(spans)
    }

    /// What a header line says, read again in the layout's dialect (the
    /// scan read it so, on the same cleaned line).
    fn read_header(&self, header: &HeaderAt) -> Header<'_> {
        let read =
            marker_trimmed(self.header_line(header)).and_then(|line| self.dialect.read(line));
        read.unwrap_or(Header {
            speaker: None,
            start: None,
            text: "",
        })
    }

    /// A header's line, cleaned.
    fn header_line(&self, header: &HeaderAt) -> &str {
        let at = header.line.start;
        match self.cleaned.binary_search_by_key(&at, |(start, _)| *start) {
            Ok(i) => &self.cleaned[i].1,
            Err(_) => &self.body[header.line_start()..header.line_end()],
        }
    }
}

/// What a [`Layout`] scan has read so far.
struct Scan<'a> {
    body: &'a str,
    heading: Option<String>,
    first_line: usize,
    /// For each dialect (in [`Dialect::ALL`] order), the lines it reads a
    /// header on. Only the chosen dialect's list is kept, as it is.
    marked: [Vec<HeaderAt>; 3],
    cleaned: Vec<(u32, Box<str>)>,
    /// Lines that went through [`clean`] so far, and up to `first_line`.
    unclean_lines: u32,
    unclean_at_first_line: u32,
}

impl<'a> Scan<'a> {
    fn new(body: &'a str) -> Scan<'a> {
        Scan {
            body,
            heading: None,
            first_line: 0,
            marked: Default::default(),
            cleaned: Vec::new(),
            unclean_lines: 0,
            unclean_at_first_line: 0,
        }
    }

    /// Reads the next line, already cleaned, which is `line` in the body.
    /// (Inlined, with [`Scan::mark_headers`], into the scan's loop:
    /// `Layout::scan` took ~3% longer without.)
    #[inline(always)]
    fn read_line(&mut self, line: Range<usize>, text: Cow<'a, str>) {
        let Some(trimmed) = marker_trimmed(&text) else {
            return;
        };
        if is_heading(trimmed) {
            self.read_heading(trimmed, line.end);
            return;
        }
        let marked = self.mark_headers(&line, trimmed);
        if marked && let Cow::Owned(text) = text {
            self.cleaned
                .push((line.start as u32, text.into_boxed_str()));
        }
    }

    /// A heading line, trimmed, ending at `end` in the body: the first `# `
    /// one may give the title, and a `## Transcript` one makes the lines up
    /// to it no part of the transcript.
    fn read_heading(&mut self, trimmed: &str, end: usize) {
        if trimmed.eq_ignore_ascii_case("## transcript") {
            self.first_line = (end + 1).min(self.body.len());
            self.unclean_at_first_line = self.unclean_lines;
            self.marked.iter_mut().for_each(Vec::clear);
            self.cleaned.clear();
        } else if self.heading.is_none()
            && let Some(title) = trimmed.strip_prefix("# ")
        {
            self.heading = Some(title.trim().to_string());
        }
    }

    /// Adds the header each dialect reads on the line `line` of the body
    /// to its list, given the cleaned line trimmed. Whether any
    /// did.
    ///
    /// A recogniser runs only on lines that end (or start) as all headers
    /// of its dialect do: most marker lines are in one dialect, and the
    /// calls that could only say no cost ~5% of a scan.
    #[inline(always)]
    fn mark_headers(&mut self, line: &Range<usize>, trimmed: &str) -> bool {
        let unclean_lines = self.unclean_lines;
        let [speaker_times, inline_times, names_only] = &mut self.marked;
        let mut marked = false;
        let mut mark = |list: &mut Vec<HeaderAt>, header: Option<Header>| {
            if header.is_some() {
                list.push(HeaderAt::new(line, unclean_lines));
                marked = true;
            }
        };
        let bytes = trimmed.as_bytes();
        if matches!(bytes.last(), Some(b')' | b':')) {
            mark(speaker_times, speaker_times_header_trimmed(trimmed));
        }
        if bytes.first() == Some(&b'[') {
            mark(inline_times, inline_times_header_trimmed(trimmed));
        }
        if bytes.last() == Some(&b':') && !ends_in_paren_colon(bytes) {
            mark(names_only, names_only_header_trimmed(trimmed));
        }
        marked
    }

    /// The layout read, with the dialect whose headers are the most; `None`
    /// when no dialect reads any.
    fn finish(self) -> Option<Layout<'a>> {
        let dialect = detect_dialect(self.marked.each_ref().map(Vec::len))?;
        let [a, b, c] = self.marked;
        let headers = match dialect {
            Dialect::SpeakerTimes => a,
            Dialect::InlineTimes => b,
            Dialect::NamesOnly => c,
        };
        Some(Layout {
            heading: self.heading.filter(|h| !h.is_empty()),
            dialect,
            body: self.body,
            first_line: self.first_line,
            headers,
            cleaned: self.cleaned,
            unclean_lines: self.unclean_lines,
            unclean_at_first_line: self.unclean_at_first_line,
        })
    }
}

/// Whether `line` ends in `)` and `:`, maybe with ASCII spaces between, as
/// every `Name (time):` line does: no `Name:` header does, since a name
/// holds no `)`.
fn ends_in_paren_colon(line: &[u8]) -> bool {
    let before_colon = line.strip_suffix(b":").map(<[u8]>::trim_ascii_end);
    before_colon.is_some_and(|rest| rest.ends_with(b")"))
}

/// Where one segment is and whose it is, before its text is built.
#[derive(Debug)]
pub struct SegmentSpan<'l> {
    /// The speaker's name as written (runs of spaces not yet folded);
    /// `None` before the first speaker.
    pub speaker: Option<&'l str>,
    pub start: Option<Seconds>,
    /// The bytes of the body its lines come from: from the start of its
    /// first line to the start of the next segment's (heading lines in
    /// between included, though they add no text).
    pub raw: Range<usize>,
    /// Text on the header line itself (inline times only).
    header_text: &'l str,
    body: &'l str,
    /// The bytes of the body its lines after the header line are.
    lines: Range<usize>,
    /// Whether cleaning leaves those lines as they are.
    plain: bool,
}

impl<'l> SegmentSpan<'l> {
    /// The segment's text: its non-empty lines, trimmed, joined with `\n`.
    /// Borrowed when it is one line of the file, as most segments are.
    pub fn text(&self) -> Cow<'l, str> {
        let mut pieces = self.pieces();
        let Some(first) = pieces.next() else {
            return Cow::Borrowed("");
        };
        let Some(second) = pieces.next() else {
            return first;
        };
        let mut text = String::with_capacity(first.len() + 1 + second.len());
        text.push_str(&first);
        for piece in std::iter::once(second).chain(pieces) {
            text.push('\n');
            text.push_str(&piece);
        }
        Cow::Owned(text)
    }

    /// Appends [`SegmentSpan::text`] to `out`, with no string of its own.
    pub fn write_text(&self, out: &mut String) {
        for (i, piece) in self.pieces().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&piece);
        }
    }

    /// The segment's non-empty lines, trimmed.
    fn pieces(&self) -> impl Iterator<Item = Cow<'l, str>> {
        let lines = text_lines(self.body, self.lines.clone(), self.plain);
        std::iter::once(Cow::Borrowed(self.header_text))
            .chain(lines)
            .map(trim_cow)
            .filter(|piece| !piece.is_empty())
    }
}

/// [`trim`] of a borrowed or an owned text, borrowed when it was.
fn trim_cow(text: Cow<'_, str>) -> Cow<'_, str> {
    match text {
        Cow::Borrowed(text) => Cow::Borrowed(trim(text)),
        Cow::Owned(text) if trim(&text).len() == text.len() => Cow::Owned(text),
        Cow::Owned(text) => Cow::Owned(trim(&text).to_string()),
    }
}

/// The text lines of `range` of `body` (whole lines), cleaned (unless the
/// scan found them `plain`), heading lines left out: what the scan reads as
/// text there. (Cleaning each line again cost ~25% of searching for a
/// common word.)
fn text_lines(body: &str, range: Range<usize>, plain: bool) -> impl Iterator<Item = Cow<'_, str>> {
    line_spans(body.as_bytes(), range).filter_map(move |line| {
        let raw = &body[line];
        let text = if plain {
            Cow::Borrowed(raw)
        } else {
            clean(raw)
        };
        let heading = marker_trimmed(&text).is_some_and(is_heading);
        (!heading).then_some(text)
    })
}

/// Where each line of `range` of `body` starts and ends (its `\n` left
/// out), the last one running to the end of `range`. `range` starts at a
/// line's start. Over a whole body these are the pieces `split('\n')`
/// gives; a range that ends at a line's start may end with an empty line,
/// which is blank text and changes nothing.
fn line_spans(body: &[u8], range: Range<usize>) -> impl Iterator<Item = Range<usize>> + '_ {
    let end = range.end;
    let mut next_start = (range.start < end || end == body.len()).then_some(range.start);
    let bytes = &body[..end];
    std::iter::from_fn(move || {
        let start = next_start?;
        let line_end = line_end(bytes, start);
        next_start = (line_end < end).then_some(line_end + 1);
        Some(start..line_end)
    })
}

/// Where the line starting at `start` ends: at its `\n`, or at the end of
/// `bytes`. The memchr crate finds a newline several times faster than a
/// byte loop on lines of ~140 bytes. (Left to the compiler, this was not
/// always inlined into the scan, which then took ~5% longer.)
#[inline(always)]
fn line_end(bytes: &[u8], start: usize) -> usize {
    match bytes.get(start) {
        // A third of a transcript's lines are blank: no search for those.
        Some(b'\n') => start,
        _ => memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |at| start + at),
    }
}

/// `line` trimmed (as [`str::trim`] does), unless it can be neither a
/// heading nor a header of any dialect: every one of those, trimmed,
/// starts with `#` or `[` or ends with `)` or `:`. A quick, exact no.
///
/// Only ASCII whitespace is trimmed first, so a line whose trimmed ends are
/// not plain ASCII (maybe Unicode whitespace) is a "maybe", left to the
/// recognisers. When both ends are plain ASCII, they are no whitespace of
/// any kind, so that trim is already [`str::trim`]'s.
fn marker_trimmed(line: &str) -> Option<&str> {
    let trimmed = line.trim_ascii();
    let bytes = trimmed.as_bytes();
    let (&first, &last) = (bytes.first()?, bytes.last()?);
    let unsure = |b: u8| !b.is_ascii() || b.is_ascii_control();
    if unsure(first) || unsure(last) {
        return Some(line.trim());
    }
    let marker = matches!(first, b'#' | b'[') || matches!(last, b')' | b':');
    marker.then_some(trimmed)
}

/// [`str::trim`], without decoding chars when ASCII whitespace ends at
/// visible ASCII on both sides (most names and times), which no whitespace
/// is.
fn trim(text: &str) -> &str {
    let visible = |b: Option<&u8>| b.is_some_and(u8::is_ascii_graphic);
    let trimmed = text.trim_ascii();
    let bytes = trimmed.as_bytes();
    if visible(bytes.first()) && visible(bytes.last()) {
        trimmed
    } else {
        text.trim()
    }
}

/// A Markdown ATX heading: one to six `#`, then a space or the end.
fn is_heading(line: &str) -> bool {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    (1..=6).contains(&hashes) && matches!(line.as_bytes().get(hashes), None | Some(b' '))
}

/// The three ways a transcript marks who speaks when (docs/markdown-transcripts.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dialect {
    /// `Name (HH:MM:SS):` on its own line.
    SpeakerTimes,
    /// `[HH:MM:SS] Name: text`.
    InlineTimes,
    /// `Name:` on its own line, no times.
    NamesOnly,
}

/// What a header line says.
#[derive(Debug, PartialEq)]
struct Header<'a> {
    /// `None`: the same speaker as before.
    speaker: Option<&'a str>,
    start: Option<Seconds>,
    /// Text on the header line itself (inline times only).
    text: &'a str,
}

impl Dialect {
    const ALL: [Dialect; 3] = [
        Dialect::SpeakerTimes,
        Dialect::InlineTimes,
        Dialect::NamesOnly,
    ];

    /// The header this dialect reads on a trimmed line, if any.
    fn read(self, trimmed: &str) -> Option<Header<'_>> {
        match self {
            Dialect::SpeakerTimes => speaker_times_header_trimmed(trimmed),
            Dialect::InlineTimes => inline_times_header_trimmed(trimmed),
            Dialect::NamesOnly => names_only_header_trimmed(trimmed),
        }
    }
}

/// Where a header line is in the body: all a [`Layout`] keeps of it. What
/// the header says is read again from the line when its segment is built
/// ([`Dialect::read`]): a file of a million tiny segments holds a million
/// of these, and keeping the header's parts (40 bytes a header) cost twice
/// the file. Offsets are `u32`: bodies are at most [`MAX_FILE_BYTES`].
#[derive(Debug, Clone)]
struct HeaderAt {
    /// The line in the body, its `\n` left out.
    line: Range<u32>,
    /// Lines the scan cleaned up to this one, this one included.
    unclean_lines: u32,
}

const _: () = assert!(MAX_FILE_BYTES <= u32::MAX as u64);

impl HeaderAt {
    fn new(line: &Range<usize>, unclean_lines: u32) -> HeaderAt {
        HeaderAt {
            line: line.start as u32..line.end as u32,
            unclean_lines,
        }
    }

    fn line_start(&self) -> usize {
        self.line.start as usize
    }

    fn line_end(&self) -> usize {
        self.line.end as usize
    }
}

/// The dialect whose header lines appear most often (the first on a tie),
/// given how many lines each (in [`Dialect::ALL`] order) reads a header on.
fn detect_dialect(counts: [usize; 3]) -> Option<Dialect> {
    let best = (0..3).rev().max_by_key(|&i| counts[i])?;
    (counts[best] > 0).then_some(Dialect::ALL[best])
}

/// Longest name accepted before a `(time)`: guards against a sentence that
/// happens to end in a parenthesised time.
const MAX_NAME_CHARS: usize = 80;

/// Longest line that can be a `Name (time):` or `Name:` header: a name of at
/// most [`MAX_NAME_CHARS`] chars (up to 4 bytes each), a time and some stray
/// spaces. Longer lines are text, known without running a regex over them:
/// a 20 MB line ending in `(00:00:01):` took 2 s (28 s unoptimised).
const MAX_HEADER_LINE_BYTES: usize = 512;

/// `Name (HH:MM:SS):` or `(HH:MM:SS):`, leniently (docs/markdown-transcripts.md: speaker headers with times).
///
/// Read by hand rather than by a regex (it ran on every other line and was
/// the largest cost of a parse); it accepts exactly what
/// `^(.*?)\s*\(\s*(\d{1,3}(?::\d{1,3}){1,2})\s*\)\s*:?$` with a
/// [`parse_stamp`]-able time did, which the tests check on many lines. The
/// text after the last `(` holds no `(`, so that is where the time starts.
///
/// `line` comes trimmed (the scan trims it once for all three dialects).
fn speaker_times_header_trimmed(line: &str) -> Option<Header<'_>> {
    if line.len() > MAX_HEADER_LINE_BYTES {
        return None;
    }
    let inside_end = [")", "):", ") :"]
        .iter()
        .find(|tail| line.ends_with(*tail))
        .map(|tail| line.len() - tail.len())?;
    let (open, start) = match two_digit_stamp(&line.as_bytes()[..inside_end]) {
        Some(found) => found,
        None => {
            // A byte search: `memrchr` costs more to set up than this line
            // takes.
            let open = line.as_bytes()[..inside_end]
                .iter()
                .rposition(|&b| b == b'(')?;
            (open, parse_stamp(trim(&line[open + 1..inside_end]))?)
        }
    };
    let name = trim(&line[..open]);
    // A name of at most MAX_NAME_CHARS bytes has at most as many chars.
    if name.len() > MAX_NAME_CHARS && name.chars().count() > MAX_NAME_CHARS {
        return None;
    }
    Some(Header {
        speaker: (!name.is_empty()).then_some(name),
        start: Some(start),
        text: "",
    })
}

/// Where `before` (a line up to a closing `)`) ends in `(hh:mm:ss` or
/// `(mm:ss` with two digits a field, as nearly every speaker-times header
/// does: the `(`'s index and the time, read without a loop. That `(` is
/// the last one, and the time has no spaces to trim, so this is what the
/// general reading finds. `None` for any other ending.
fn two_digit_stamp(before: &[u8]) -> Option<(usize, Seconds)> {
    let field = |tens: &u8, ones: &u8| {
        (tens.is_ascii_digit() && ones.is_ascii_digit())
            .then(|| u32::from(tens - b'0') * 10 + u32::from(ones - b'0'))
    };
    match before {
        [name @ .., b'(', h1, h2, b':', m1, m2, b':', s1, s2] => {
            let seconds = field(h1, h2)? * 3600 + field(m1, m2)? * 60 + field(s1, s2)?;
            Some((name.len(), seconds))
        }
        [name @ .., b'(', m1, m2, b':', s1, s2] => {
            Some((name.len(), field(m1, m2)? * 60 + field(s1, s2)?))
        }
        _ => None,
    }
}

/// One to four capitalised words (a word may carry `.`, `'`, `-`).
const NAME: &str = r"\p{Lu}[\p{L}\p{M}\p{N}'’.\-]*(?: \p{Lu}[\p{L}\p{M}\p{N}'’.\-]*){0,3}";

/// A header regex, built when first needed: its Unicode classes take
/// ~3 ms to compile, more than searching a whole episode. Nearly every
/// line is ASCII and is read by hand instead ([`ascii_inline_times`],
/// [`ascii_name_len`]), as a build of the regex with every class cut down
/// to its ASCII members would read it (the tests compare the two).
type HeaderRegex = LazyLock<Regex>;

/// `\s` on ASCII text (Unicode's White_Space there): the vertical tab
/// too, which [`u8::is_ascii_whitespace`] leaves out.
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ')
}

/// `text` after its leading [`is_ascii_space`] bytes.
fn skip_ascii_spaces(text: &str) -> &str {
    let spaces = text.bytes().take_while(|&b| is_ascii_space(b)).count();
    &text[spaces..]
}

/// A byte a [`NAME`] word may hold after its capital, read with ASCII
/// classes (`\p{L}` is `A-Za-z` there, `\p{N}` `0-9`, `\p{M}` and `’`
/// nothing).
fn is_ascii_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'\'' | b'.' | b'-')
}

/// How long the [`NAME`] at the start of `text` is when read with ASCII
/// classes (`\p{Lu}` is `A-Z` there); 0 when there is none. The regex may
/// also match a shorter name, but one always followed by a name byte or by
/// a space and a capital, which neither header pattern accepts after a
/// name: the longest is the only one a header can use.
fn ascii_name_len(text: &[u8]) -> usize {
    let word_len = |at: usize| match text.get(at..) {
        Some([capital, rest @ ..]) if capital.is_ascii_uppercase() => {
            1 + rest.iter().take_while(|&&b| is_ascii_name_byte(b)).count()
        }
        _ => 0,
    };
    let mut end = word_len(0);
    if end == 0 {
        return 0;
    }
    for _ in 1..4 {
        let next = word_len(end + 1);
        if text.get(end) != Some(&b' ') || next == 0 {
            break;
        }
        end += 1 + next;
    }
    end
}

/// Whether every char [`INLINE_TIMES`] can look at in `line` is ASCII, so
/// that reading it with ASCII classes ([`ascii_inline_times`]) gives what
/// the Unicode regex does. Most inline header lines hold a `’` somewhere in
/// their text, past what the regex reads: up to the first `]` nothing but
/// the time can match; a name cannot run past the first `:` after it; after
/// that `:` only whitespace, then one more char (or the end, for `$`),
/// which matters only if it is whitespace.
fn inline_reads_only_ascii(line: &str) -> bool {
    if line.is_ascii() {
        return true;
    }
    let bytes = line.as_bytes();
    let Some(colon) = line
        .find(']')
        .and_then(|r| line[r..].find(':').map(|c| r + c))
    else {
        return false;
    };
    // `\s` also takes the vertical tab, which `is_ascii_whitespace` does not.
    let space = |b: &&u8| b.is_ascii_whitespace() || **b == 0x0b;
    let after = colon + 1 + bytes[colon + 1..].iter().take_while(space).count();
    // The char that ends the run may be any that is not whitespace: both
    // builds stop there.
    bytes[..after].is_ascii() && !line[after..].starts_with(char::is_whitespace)
}

/// `[time] Name: ` with the given name, space and digit classes.
fn inline_times_pattern(name: &str, space: &str, digit: &str) -> String {
    format!(
        r"^\[{space}*({digit}{{1,3}}(?::{digit}{{1,3}}){{1,2}}){space}*\]{space}*(?:({name}):(?:{space}+|$))?"
    )
}

/// `Name:` with the given name and space classes.
fn names_only_pattern(name: &str, space: &str) -> String {
    format!(r"^({name}){space}*:$")
}

fn build(pattern: &str) -> Regex {
    Regex::new(pattern).expect("valid regex")
}

static INLINE_TIMES: HeaderRegex =
    LazyLock::new(|| build(&inline_times_pattern(NAME, r"\s", r"\d")));

/// `[HH:MM:SS] Name: text` or `[HH:MM:SS] text` (dialect B). The regex
/// matches the time and name only: the text is the rest of the line, so a
/// long line is not scanned to its end.
///
/// `line` comes trimmed (the scan trims it once for all three dialects).
fn inline_times_header_trimmed(line: &str) -> Option<Header<'_>> {
    // A quick no that spares most `[laughs]`-like lines the regex (and a
    // non-ASCII one the Unicode build): after `[` and any ASCII spaces,
    // a visible ASCII char must be a digit (`\s` matches none of them).
    let after = line.strip_prefix('[')?.trim_ascii_start();
    if after
        .as_bytes()
        .first()
        .is_some_and(|&b| b.is_ascii_graphic() && !b.is_ascii_digit())
    {
        return None;
    }
    if inline_reads_only_ascii(line) {
        return ascii_inline_times(line);
    }
    let caps = INLINE_TIMES.captures(line)?;
    Some(Header {
        speaker: caps.get(2).map(|m| m.as_str()),
        start: Some(parse_stamp(caps.get(1)?.as_str())?),
        text: &line[caps.get(0)?.end()..],
    })
}

/// [`inline_times_header_trimmed`] where [`INLINE_TIMES`] would read only
/// ASCII chars, by hand: as the regex with ASCII classes reads any line.
fn ascii_inline_times(line: &str) -> Option<Header<'_>> {
    let after_bracket = skip_ascii_spaces(line.strip_prefix('[')?);
    // The regex's time is the whole run of digits and colons: what follows
    // it (spaces, then `]`) is neither. `parse_stamp` takes exactly the
    // runs the time pattern matches.
    let time_len = after_bracket
        .bytes()
        .take_while(|&b| b.is_ascii_digit() || b == b':')
        .count();
    let (time, rest) = after_bracket.split_at(time_len);
    let start = parse_stamp(time)?;
    let rest = skip_ascii_spaces(skip_ascii_spaces(rest).strip_prefix(']')?);
    // The optional `Name:`, then at least one space or the end.
    let name_len = ascii_name_len(rest.as_bytes());
    let after_name = rest[name_len..]
        .strip_prefix(':')
        .filter(|after| name_len > 0 && after.bytes().next().is_none_or(is_ascii_space));
    let (speaker, text) = match after_name {
        Some(after) => (Some(&rest[..name_len]), skip_ascii_spaces(after)),
        None => (None, rest),
    };
    Some(Header {
        speaker,
        start: Some(start),
        text,
    })
}

static NAMES_ONLY: HeaderRegex = LazyLock::new(|| build(&names_only_pattern(NAME, r"\s")));

/// `Name:` alone on a line (dialect C).
///
/// `line` comes trimmed (the scan trims it once for all three dialects).
fn names_only_header_trimmed(line: &str) -> Option<Header<'_>> {
    if line.len() > MAX_HEADER_LINE_BYTES || !line.ends_with(':') || !could_be_name(line) {
        return None;
    }
    let speaker = if line.is_ascii() {
        ascii_names_only(line)?
    } else {
        NAMES_ONLY.captures(line)?.get(1)?.as_str()
    };
    Some(Header {
        speaker: Some(speaker),
        start: None,
        text: "",
    })
}

/// The name of a `Name:` line read by hand, as [`NAMES_ONLY`] with ASCII
/// classes reads any line: a name, any spaces, the colon, the end.
fn ascii_names_only(line: &str) -> Option<&str> {
    let name_len = ascii_name_len(line.as_bytes());
    let tail = skip_ascii_spaces(&line[name_len..]);
    (name_len > 0 && tail == ":").then(|| &line[..name_len])
}

/// A quick no for lines [`NAMES_ONLY`] cannot match, such as every
/// `Name (time):` line of dialect A: an ASCII first char that is not an
/// upper-case letter, or an ASCII char the pattern has no place for.
/// Non-ASCII chars are left to the regex.
///
/// Also no when the name, before the `:` and any ASCII spaces, is not one
/// to four words split by single spaces, each starting with a capital (or
/// a non-ASCII char): a text line such as `And she said, “here’s how”:`
/// would otherwise need the Unicode build of the regex, whose compilation
/// costs more than searching an episode.
fn could_be_name(line: &str) -> bool {
    let allowed =
        |b: u8| b.is_ascii_alphanumeric() || b.is_ascii_whitespace() || b"'.-:".contains(&b);
    let capital = |word: &str| {
        word.as_bytes()
            .first()
            .is_some_and(|&b| !b.is_ascii() || b.is_ascii_uppercase())
    };
    let name = line.strip_suffix(':').unwrap_or(line).trim_ascii_end();
    // The byte test first, on the name's last byte (the `)` of every
    // `Name (time):` line) before all of them: it is the cheaper.
    let ok = |b: &u8| !b.is_ascii() || allowed(*b);
    if !name.as_bytes().last().is_none_or(ok) || !line.as_bytes().iter().all(ok) {
        return false;
    }
    name.split(' ').count() <= 4 && name.split(' ').all(capital)
}

/// Speakers and segments, before they join the front matter.
struct Transcript {
    speakers: Vec<String>,
    text: String,
    segments: Vec<Segment>,
}

/// Builds every segment of a layout, their text written straight into the
/// episode's one buffer.
fn build_transcript(layout: &Layout) -> Transcript {
    let mut speakers = Speakers::default();
    // The segments' text is at most the body's (cleaning rarely adds a
    // byte), and there is a segment per header and maybe one before: room
    // reserved once, so neither list is copied as it grows.
    let mut built = SegmentsBuilder::with_capacity(layout.body.len(), layout.headers.len() + 1);
    for span in layout.segments() {
        let speaker = span.speaker.map(|name| speakers.id(name));
        built.push_with(speaker, span.start, |out| span.write_text(out));
    }
    let (text, segments) = built.finish();
    Transcript {
        speakers: speakers.names,
        text,
        segments,
    }
}

/// Speaker names in order of first appearance, with a map from name to id
/// so that finding a speaker costs the same however many there are (a
/// search of the list per segment made 100k speakers take minutes).
#[derive(Default)]
struct Speakers {
    names: Vec<String>,
    ids: HashMap<String, SpeakerId>,
}

impl Speakers {
    /// The id of a speaker, adding it on first appearance. Runs of spaces
    /// in a name are folded so `Lenny  Rachitsky` is the same person.
    fn id(&mut self, name: &str) -> SpeakerId {
        let name = fold_spaces(name);
        if let Some(&id) = self.ids.get(name.as_ref()) {
            return id;
        }
        let id = self.names.len();
        self.names.push(name.to_string());
        self.ids.insert(name.into_owned(), id);
        id
    }
}

/// A speaker's name as shown: runs of whitespace folded to one space.
/// Borrowed when it is already so, as nearly every name is.
pub fn fold_spaces(name: &str) -> Cow<'_, str> {
    if is_folded(name) {
        return Cow::Borrowed(name);
    }
    Cow::Owned(name.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Whether `name` is its own [`fold_spaces`]: words split by single spaces.
fn is_folded(name: &str) -> bool {
    let bytes = name.as_bytes();
    if !name.is_ascii() {
        return name.split_whitespace().eq(name.split(' '));
    }
    let spaced_ends = bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ');
    let mut previous = 0;
    let odd_space = bytes.iter().any(|&b| {
        // `\t`, `\n`, vertical tab, form feed and `\r` are the other
        // ASCII chars `split_whitespace` splits on.
        let odd = (b == b' ' && previous == b' ') || matches!(b, b'\t'..=b'\r');
        previous = b;
        odd
    });
    !spaced_ends && !odd_space
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quick test for names that need no folding agrees with folding.
    #[test]
    fn folded_names_are_borrowed_exactly_when_folding_changes_nothing() {
        let names = [
            "Lenny Rachitsky",
            "Lenny  Rachitsky",
            " Lenny",
            "Lenny ",
            "",
            " ",
            "a\tb",
            "a\u{b}b",
            "a\u{c}b",
            "a\rb",
            "a\u{1f}b",
            "José García",
            "José  García",
            "a\u{a0}b",
            "a\u{3000}b",
            "Dr. K",
        ];
        for name in names {
            let reference = name.split_whitespace().collect::<Vec<_>>().join(" ");
            let folded = fold_spaces(name);
            assert_eq!(folded, reference, "{name:?}");
            assert_eq!(
                matches!(folded, Cow::Borrowed(_)),
                reference == name,
                "{name:?}"
            );
        }
    }

    /// [`speaker_times_header_trimmed`] of any line.
    fn speaker_times_header(line: &str) -> Option<Header<'_>> {
        speaker_times_header_trimmed(line.trim())
    }

    /// [`inline_times_header_trimmed`] of any line.
    fn inline_times_header(line: &str) -> Option<Header<'_>> {
        inline_times_header_trimmed(line.trim())
    }

    /// [`names_only_header_trimmed`] of any line.
    fn names_only_header(line: &str) -> Option<Header<'_>> {
        names_only_header_trimmed(line.trim())
    }

    #[test]
    fn speaker_times_headers_are_lenient() {
        let h = speaker_times_header("Lenny Rachitsky (00:04:45):").unwrap();
        assert_eq!((h.speaker, h.start), (Some("Lenny Rachitsky"), Some(285)));
        let h = speaker_times_header("  Adam Grant  (1:19) ").unwrap();
        assert_eq!((h.speaker, h.start), (Some("Adam Grant"), Some(79)));
        let h = speaker_times_header("Jiaona Zhang (JZ) (00:39:27):").unwrap();
        assert_eq!(h.speaker, Some("Jiaona Zhang (JZ)"));
        let h = speaker_times_header("(00:07:30):").unwrap();
        assert_eq!((h.speaker, h.start), (None, Some(450)));
        assert!(speaker_times_header("I said (hello):").is_none());
        assert!(speaker_times_header("Plain text.").is_none());
    }

    /// The regex `speaker_times_header` used to be, kept as the reference.
    fn speaker_times_by_regex(line: &str) -> Option<Header<'_>> {
        static SPEAKER_TIMES: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"^(.*?)\s*\(\s*(\d{1,3}(?::\d{1,3}){1,2})\s*\)\s*:?$").expect("valid regex")
        });
        let line = line.trim();
        if line.len() > MAX_HEADER_LINE_BYTES
            || !(line.ends_with(')') || line.ends_with("):") || line.ends_with(") :"))
        {
            return None;
        }
        let caps = SPEAKER_TIMES.captures(line)?;
        let name = caps.get(1).map_or("", |m| m.as_str()).trim();
        if name.chars().count() > MAX_NAME_CHARS {
            return None;
        }
        Some(Header {
            speaker: (!name.is_empty()).then_some(name),
            start: Some(parse_stamp(caps.get(2)?.as_str())?),
            text: "",
        })
    }

    #[test]
    fn speaker_times_by_hand_agree_with_the_regex() {
        let names = [
            "",
            "Lenny",
            " Jiaona Zhang (JZ) ",
            "a(b",
            "Ünïcode\u{a0}Name",
            "(",
            ")",
        ];
        let stamps = [
            "00:04:45",
            "12:34",
            "99:99:99",
            "0a:00:00",
            "00:0a",
            "x12:34",
            "1:23:45",
            "1:19",
            " 1:02:03 ",
            "\u{2003}12:34\u{2003}",
            "1:2:3:4",
            "1234:00",
            "",
            "12",
            "1:",
            "١:٢",
            "00:0a",
            "(1:00)",
            "1:00) (2:00",
        ];
        let tails = ["", ":", " :", "  :", "::", ")", " "];
        let long = "N".repeat(MAX_NAME_CHARS + 1);
        let mut checked = 0;
        for name in names.iter().copied().chain([long.as_str()]) {
            for stamp in stamps {
                for tail in tails {
                    for opener in ["(", " (", "( ", ""] {
                        let line = format!("{name}{opener}{stamp}){tail}");
                        assert_eq!(
                            speaker_times_header(&line),
                            speaker_times_by_regex(&line),
                            "{line:?}"
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 1000);
    }

    #[test]
    fn names_only_quick_no_agrees_with_the_regex() {
        for line in [
            "Lenny:",
            "Dr. Fei-Fei Li:",
            "lenny:",
            "Lenny (00:01):",
            "Ünal:",
            "Ève Dupont:",
            "O'Brien  :",
            "Jean-Luc Picard:",
            "A_B:",
            "Élan vital [x]:",
            "Name\u{a0}Two:",
            "And she said, “here’s how”:",
            "One Two Three Four:",
            "One Two Three Four Five:",
            "One  Two:",
            "One two:",
            "Ève é:",
            "Lenny \u{a0}:",
            "Lenny\u{a0} :",
            "Lenny   :",
            "A:",
            ":",
            "Él Ñu Ça Ök Ü:",
            "Él Ñu Ça Ök Ü Ä:",
        ] {
            let by_regex = NAMES_ONLY.captures(line).is_some();
            assert_eq!(names_only_header(line).is_some(), by_regex, "{line:?}");
            let inline = format!("[00:01] {line}");
            let by_regex = INLINE_TIMES
                .captures(&inline)
                .map(|c| c.get(2).map(|m| m.range()));
            let by_hand = inline_times_header(&inline).map(|h| h.speaker);
            assert_eq!(by_hand.is_some(), by_regex.is_some(), "{inline:?}");
        }
    }

    /// [`NAME`] with every class cut down to its ASCII members: on an ASCII
    /// line it matches exactly where [`NAME`] does (`\p{Lu}` is `A-Z` there,
    /// `\p{L}` `A-Za-z`, `\p{N}` `0-9`, `\p{M}` and `’` nothing).
    const ASCII_NAME: &str = r"[A-Z][A-Za-z0-9'.\-]*(?: [A-Z][A-Za-z0-9'.\-]*){0,3}";

    /// `\s` and `\d` on ASCII text: Unicode's White_Space and Nd there.
    const ASCII_SPACE: &str = r"[\t\n\x0B\x0C\r ]";
    const ASCII_DIGIT: &str = "[0-9]";

    /// The header regexes with ASCII classes: what the hand readers
    /// ([`ascii_inline_times`], [`ascii_names_only`]) must read on any line
    /// (they once were the scan's ASCII builds).
    static ASCII_INLINE_TIMES: HeaderRegex =
        LazyLock::new(|| build(&inline_times_pattern(ASCII_NAME, ASCII_SPACE, ASCII_DIGIT)));
    static ASCII_NAMES_ONLY: HeaderRegex =
        LazyLock::new(|| build(&names_only_pattern(ASCII_NAME, ASCII_SPACE)));

    /// Every group's span where `regex` matches `line`.
    fn capture_spans(regex: &Regex, line: &str) -> Option<Vec<Option<Range<usize>>>> {
        regex
            .captures(line)
            .map(|c| c.iter().map(|m| m.map(|m| m.range())).collect())
    }

    /// The hand readers read `line` as the ASCII regexes do.
    fn assert_hand_reads_as_the_ascii_regexes(line: &str) {
        let by_regex = ASCII_INLINE_TIMES.captures(line).and_then(|caps| {
            Some(Header {
                speaker: caps.get(2).map(|m| m.as_str()),
                start: Some(parse_stamp(caps.get(1)?.as_str())?),
                text: &line[caps.get(0)?.end()..],
            })
        });
        assert_eq!(ascii_inline_times(line), by_regex, "{line:?}");
        let by_regex = ASCII_NAMES_ONLY
            .captures(line)
            .and_then(|caps| Some(caps.get(1)?.as_str()));
        assert_eq!(ascii_names_only(line), by_regex, "{line:?}");
    }

    /// The ASCII builds of the header regexes capture exactly what the
    /// Unicode builds do, on ASCII lines made of the pieces headers are
    /// (and, for inline times, on lines it reads only ASCII of); the hand
    /// readers read every such line, and the others, as the ASCII builds.
    #[test]
    fn ascii_header_regexes_agree_with_the_unicode_ones() {
        let pieces = [
            "[", "]", "00", "1", ":", " ", "  ", "\t", "\x0b", "Lenny", "Dr.", "O'Brien",
            "Fei-Fei", "a", "Z9", "_", "x:", "\r", "(", "A", "b c", "1234", "\x0c",
        ];
        let (mut checked, mut mixed) = (0, 0);
        let mut state = 12345u64;
        for _ in 0..20_000 {
            let mut line = String::new();
            for _ in 0..(state % 9) {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                line.push_str(pieces[(state >> 33) as usize % pieces.len()]);
            }
            for (ascii, unicode) in [
                (&ASCII_INLINE_TIMES, &INLINE_TIMES),
                (&ASCII_NAMES_ONLY, &NAMES_ONLY),
            ] {
                assert_eq!(
                    capture_spans(ascii, &line),
                    capture_spans(unicode, &line),
                    "{line:?}"
                );
            }
            assert_hand_reads_as_the_ascii_regexes(&line);
            for prefix in ["[00:01] ", "[1:02:03]\t", "[00:01] Lé: ", "[00:01]\u{a0}"] {
                let tail = [
                    "’",
                    " ’",
                    "\u{a0}x",
                    " \u{b}é",
                    "x é",
                    " ",
                    " …",
                    " \u{2003}x",
                ][checked % 8];
                let mixed_line = format!("{prefix}{line}:{tail}");
                assert_hand_reads_as_the_ascii_regexes(&mixed_line);
                if inline_reads_only_ascii(&mixed_line) {
                    assert_eq!(
                        capture_spans(&ASCII_INLINE_TIMES, &mixed_line),
                        capture_spans(&INLINE_TIMES, &mixed_line),
                        "{mixed_line:?}"
                    );
                    mixed += 1;
                }
                let line = format!("{prefix}{line}");
                assert_hand_reads_as_the_ascii_regexes(&line);
                if !line.is_ascii() {
                    continue;
                }
                let spans = |r: &Regex| r.captures(&line).map(|c| c.get(2).map(|m| m.range()));
                assert_eq!(spans(&ASCII_INLINE_TIMES), spans(&INLINE_TIMES), "{line:?}");
            }
            checked += 1;
        }
        assert_eq!(checked, 20_000);
        assert!(mixed > 1000, "{mixed}");
    }

    /// The hand readers on header-shaped lines: names of up to five words,
    /// spaces of every kind before and after the colon, good and bad times.
    #[test]
    fn hand_readers_agree_with_the_ascii_regexes_on_headers() {
        let names = [
            "",
            "Lenny",
            "Dr. Fei-Fei Li",
            "O'Brien",
            "A B C D",
            "A B C D E",
            "a b",
            "A  B",
            "A\tB",
            "A_B",
            "A1 B2 C-3",
            "Lé",
            "Ève",
            "A B\u{a0}C",
            "A B ",
        ];
        let spacers = ["", " ", "\x0b", "\t ", "\u{a0}"];
        let afters = ["", " ", "x", "\x0b", "\x0c y", ":", "’", " ’", "\u{2003}"];
        let times = [
            "[00:01] ",
            "[ 1:02:03 ]",
            "[1234:00] ",
            "[1:2:3:4]",
            "[00:01]",
            "[\x0b00:01\x0b]\x0b",
            "[1:] ",
            "[:1] ",
            "[12] ",
        ];
        let mut checked = 0;
        for name in names {
            for spacer in spacers {
                for after in afters {
                    let line = format!("{name}{spacer}:{after}");
                    assert_hand_reads_as_the_ascii_regexes(&line);
                    for time in times {
                        assert_hand_reads_as_the_ascii_regexes(&format!("{time}{line}"));
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 5000, "{checked}");
    }

    #[test]
    fn over_long_lines_are_text_not_headers() {
        let long_name = "Word ".repeat(MAX_HEADER_LINE_BYTES / 5);
        assert!(speaker_times_header(&format!("{long_name}(00:00:01):")).is_none());
        assert!(names_only_header(&format!("{}:", "A".repeat(600))).is_none());
        // Inline times keep the whole line, however long, as text.
        let text = "x ".repeat(1000);
        let line = format!("[00:00:01] Host: {text}");
        let h = inline_times_header(&line).unwrap();
        assert_eq!((h.speaker, h.text), (Some("Host"), text.trim_end()));
    }

    #[test]
    fn inline_times_headers() {
        let h = inline_times_header("[00:00:28] Lenny: Ryan Hoover is here").unwrap();
        assert_eq!(h.speaker, Some("Lenny"));
        assert_eq!(h.text, "Ryan Hoover is here");
        let h = inline_times_header("[00:02:12] Hey Ashley, head of marketing: hi").unwrap();
        assert_eq!(h.speaker, None);
        assert_eq!(h.text, "Hey Ashley, head of marketing: hi");
        let h = inline_times_header("[00:01:09] Lenny: [That's the clip").unwrap();
        assert_eq!((h.speaker, h.text), (Some("Lenny"), "[That's the clip"));
        assert!(inline_times_header("[laughs] yes").is_none());
        assert!(inline_times_header("[ laughs] she’s").is_none());
        for line in [
            "[\u{a0}00:01] x",
            "[١:٢] x",
            "[ \t00:01] x",
            "[]",
            "[",
            "[x",
        ] {
            let by_regex = INLINE_TIMES.captures(line).is_some();
            let by_hand = inline_times_header(line).is_some();
            // The time must also parse; the regex alone may say yes.
            assert!(by_regex || !by_hand, "{line:?}");
            if line
                .trim_start_matches(['[', ' ', '\t'])
                .starts_with(|c: char| c.is_ascii_alphabetic())
            {
                assert!(!by_regex, "{line:?}");
            }
        }
    }

    #[test]
    fn names_only_headers() {
        assert_eq!(names_only_header("Lenny:").unwrap().speaker, Some("Lenny"));
        assert_eq!(
            names_only_header("Dr. Fei-Fei Li:").unwrap().speaker,
            Some("Dr. Fei-Fei Li")
        );
        assert!(names_only_header("And he said:").is_none());
        assert!(names_only_header("One Two Three Four Five:").is_none());
    }

    /// The quick trims give `str::trim`'s slice, at the same place.
    #[test]
    fn quick_trims_are_str_trim() {
        for text in [
            "",
            " ",
            "a",
            " a ",
            "\ta b\r",
            "\x0ba",
            "a\x0b",
            "\u{a0}a",
            "a\u{2003}",
            " \u{a0} ",
            "é",
            " (00:01) ",
            "Lenny ",
            "#",
            "\x0c[x]\x0c",
            "x\u{85}",
        ] {
            assert!(std::ptr::eq(trim(text), text.trim()), "{text:?}");
            if let Some(trimmed) = marker_trimmed(text) {
                assert!(std::ptr::eq(trimmed, text.trim()), "{text:?}");
            }
        }
    }

    /// The line spans are the pieces `split('\n')` gives.
    #[test]
    fn line_spans_are_the_split_lines() {
        for text in [
            "",
            "\n",
            "a",
            "a\n",
            "\n\nb",
            "a\n\n",
            "ab\ncd\n\nef",
            "\u{e9}\n\n",
        ] {
            let spans: Vec<&str> = line_spans(text.as_bytes(), 0..text.len())
                .map(|r| &text[r])
                .collect();
            assert_eq!(spans, text.split('\n').collect::<Vec<_>>(), "{text:?}");
        }
    }

    #[test]
    fn headings_are_recognised() {
        assert!(is_heading("# Title"));
        assert!(is_heading("## Transcript"));
        assert!(is_heading("#"));
        assert!(!is_heading("#1 thing"));
        assert!(!is_heading("####### seven"));
    }
}
