//! The scan of a body's structure: its dialect, headers and segments.

use std::borrow::Cow;
use std::ops::Range;

use super::headers::{
    Dialect, Header, HeaderAt, detect_dialect, inline_times_header_trimmed,
    names_only_header_trimmed, speaker_times_header_trimmed,
};
use super::lines::{is_heading, line_spans, marker_trimmed, trim};
use crate::episode::text::{clean, next_unplain_byte};
use crate::episode::time::Seconds;

/// A transcript's structure: where its segments are and whose they are,
/// found without building any segment text, and holding nothing per line
/// (a file of 20 MB of blank lines once cost 32 bytes a line here).
///
/// This is the one reading of the body's structure: the full parser
/// ([`parse_bytes`](crate::episode::parse_bytes)) builds every segment
/// from it, and the search-only pass of `earmark search` builds only the
/// segments that may hold a match. Both therefore agree on the dialect,
/// the segment boundaries, the speakers and the times by construction.
#[derive(Debug)]
pub struct BodyScan<'a> {
    /// The first `# ` heading's text, when not empty.
    heading: Option<String>,
    /// The dialect the header lines are read in.
    dialect: Dialect,
    pub(super) body: &'a str,
    /// Where the transcript's lines start: after the last `## Transcript`
    /// line if there is one, else at the start of the body.
    first_line: usize,
    /// The detected dialect's header lines, in order.
    pub(super) headers: Vec<HeaderAt>,
    /// The header lines that cleaning changed, cleaned, by where they
    /// start in the body (in order).
    cleaned: Vec<(u32, Box<str>)>,
    /// How many lines went through [`clean`]: in all, and up to
    /// `first_line`. A segment whose lines none did is built without
    /// looking at them again.
    unclean_lines: u32,
    unclean_at_first_line: u32,
}

impl<'a> BodyScan<'a> {
    /// Reads the structure of a body (the text after any front matter).
    /// `None` when no line is a header of any dialect: that is not a
    /// transcript.
    ///
    /// Each line is cleaned ([`clean`] borrows when there is nothing to
    /// change), but only lines that can be a heading or a header by their
    /// first and last chars (`marker_trimmed`) go through the heading
    /// and header recognisers; the others are text whatever the dialect.
    pub fn scan(body: &'a str) -> Option<BodyScan<'a>> {
        Self::scan_with(body, |from| next_unplain_byte(body, from))
    }

    /// [`BodyScan::scan`] with the bytes cleaning acts on given by the caller:
    /// `next_unplain(from)` must be what [`next_unplain_byte`]`(body, from)`
    /// is (the index of the first such byte at or after `from`, or the
    /// body's length), for `from` that never decreases. The search pass
    /// finds those bytes once for its own check and for this scan (its
    /// [`unplain_positions`](crate::episode::text::unplain_positions) are those
    /// bytes in a body that holds no spoofing chars, the only bodies it
    /// scans).
    pub fn scan_with(
        body: &'a str,
        mut next_unplain: impl FnMut(usize) -> usize,
    ) -> Option<BodyScan<'a>> {
        let mut scan = ScanProgress::new(body);
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

/// What a [`BodyScan`] scan has read so far.
struct ScanProgress<'a> {
    pub(super) body: &'a str,
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

impl<'a> ScanProgress<'a> {
    fn new(body: &'a str) -> ScanProgress<'a> {
        ScanProgress {
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
    /// (Inlined, with [`ScanProgress::mark_headers`], into the scan's loop:
    /// `BodyScan::scan` took ~3% longer without.)
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
    fn finish(self) -> Option<BodyScan<'a>> {
        let dialect = detect_dialect(self.marked.each_ref().map(Vec::len))?;
        let [a, b, c] = self.marked;
        let headers = match dialect {
            Dialect::SpeakerTimes => a,
            Dialect::InlineTimes => b,
            Dialect::NamesOnly => c,
        };
        Some(BodyScan {
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
    pub(super) body: &'l str,
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
