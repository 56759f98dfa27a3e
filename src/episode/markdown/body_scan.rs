//! The scan of a body's structure: its dialect, headers and segments.

mod codec;

use std::borrow::Cow;
use std::ops::Range;

use super::headers::{
    Dialect, Header, HeaderAt, detect_dialect, inline_times_header_trimmed,
    names_only_header_trimmed, speaker_times_header_trimmed,
};
use super::lines::{is_heading, line_spans, marker_trimmed, trim};
use crate::episode::text::{clean, is_unplain_byte, next_unplain_byte};
use crate::episode::time::Seconds;

/// A transcript's structure: where its segments are and whose they are,
/// found without building any segment text, and holding nothing per line
/// (a file of 20 MB of blank lines once cost 32 bytes a line here).
///
/// This is the one reading of the body's structure: the full parser
/// ([`parse_bytes`](crate::formats::parse_bytes)) builds every segment
/// from it, and the search-only pass of `earmark search` builds only the
/// segments that may hold a match. Both therefore agree on the dialect,
/// the segment boundaries, the speakers and the times by construction.
#[derive(Debug, PartialEq)]
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
    /// What each header line says, when the layout was decoded from the
    /// search cache (which keeps it, so that a search for a common word
    /// does not read every matching segment's header line again): as the
    /// cache holds it, each read when it is used ([`KnownHeader::read`]).
    /// Empty after a scan.
    known: Vec<[u8; codec::KNOWN_BYTES]>,
}

/// What a header line says, as ranges of the line (cleaned): a decoded
/// layout's answer to [`BodyScan::read_header`].
#[derive(Debug, Clone, PartialEq)]
struct KnownHeader {
    speaker: Option<Range<u32>>,
    start: Option<Seconds>,
    text: Range<u32>,
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
    /// checks those bytes as this scan walks to them (in a body that holds
    /// no spoofing chars, the only bodies it scans, they are the unplain
    /// bytes): `next_unplain` is asked for the body's end last, so that a
    /// caller that checks the bytes it passes on the way to each answer has
    /// passed them all.
    pub fn scan_with(
        body: &'a str,
        mut next_unplain: impl FnMut(usize) -> usize,
    ) -> Option<BodyScan<'a>> {
        let mut scan = ScanProgress::new(body);
        scan.read_lines(0..body.len(), &mut next_unplain);
        next_unplain(body.len());
        scan.finish()
    }

    /// [`BodyScan::scan`] on up to `parts` threads: the body is cut at line
    /// starts into runs of about the same size, each run is read apart, and
    /// what they read is joined in order. The result is the same as
    /// [`BodyScan::scan`]'s (the tests check it): no line is read across a
    /// cut, and what one run learns that changes the others (a `##
    /// Transcript` line dropping every header before it, the first `# `
    /// heading) is settled when the runs are joined.
    #[cfg(test)]
    fn scan_parallel(body: &'a str, parts: usize) -> Option<BodyScan<'a>> {
        Self::scan_parallel_with(body, parts, |run| {
            let within = &body[..run.end];
            Some(move |from| next_unplain_byte(within, from))
        })
    }

    /// Scans `body` in `parts` runs (as `scan_parallel`, the tests' form,
    /// does) with the bytes cleaning acts on given by
    /// the caller, run by run: `next_unplain_in(run)` gives, for a run of
    /// the body, a `next_unplain` as [`BodyScan::scan_with`] takes, right for
    /// every position in the run (where the run ends may stand for "none
    /// in the run"); or `None`, and then the scan gives up (the caller's
    /// own check of the run failed). Each run's `next_unplain` is asked
    /// for the run's end last, so that a caller that checks the bytes it
    /// passes on the way to each answer has passed them all.
    pub fn scan_parallel_with<N>(
        body: &'a str,
        parts: usize,
        next_unplain_in: impl Fn(Range<usize>) -> Option<N> + Sync,
    ) -> Option<BodyScan<'a>>
    where
        N: FnMut(usize) -> usize,
    {
        let cuts = line_cuts(body.as_bytes(), parts);
        let read_run = |run: Range<usize>| {
            let mut next_unplain = next_unplain_in(run.clone())?;
            let mut scan = ScanProgress::new(body);
            scan.read_lines(run.clone(), &mut next_unplain);
            next_unplain(run.end);
            Some(scan)
        };
        let scans: Vec<Option<ScanProgress<'a>>> = std::thread::scope(|scope| {
            let threads: Vec<_> = cuts
                .windows(2)
                .map(|run| {
                    let run = run[0]..run[1];
                    scope.spawn(move || read_run(run))
                })
                .collect();
            threads
                .into_iter()
                .map(|t| t.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect()
        });
        let mut scans = scans.into_iter();
        let mut joined = scans.next().flatten()?;
        for scan in scans {
            joined.append(scan?);
        }
        joined.finish()
    }

    /// The first `# ` heading's text, for the title when the front matter
    /// has none.
    pub fn heading(&self) -> Option<&str> {
        self.heading.as_deref()
    }

    /// The segments in file order, each with its speaker and time resolved
    /// but its text not yet built.
    pub fn segments(&self) -> impl Iterator<Item = SegmentSpan<'_>> {
        self.segments_from(0)
    }

    /// How many segments [`BodyScan::segments`] gives, without reading every
    /// header line again.
    pub fn segment_count(&self) -> usize {
        usize::from(self.preamble().is_some()) + self.headers.len()
    }

    /// [`BodyScan::segments`] from the segment at index `first` on, without
    /// reading the header lines before it but to find the speaker it
    /// carries over: a large file's later parts start there.
    pub fn segments_from(&self, first: usize) -> impl Iterator<Item = SegmentSpan<'_>> {
        let preamble = self.preamble();
        let skipped = first.saturating_sub(usize::from(preamble.is_some()));
        let skipped = skipped.min(self.headers.len());
        let preamble = preamble.filter(|_| first == 0);
        // The speaker the first one carries over if it names none.
        let mut speaker = (0..skipped).rev().find_map(|k| self.read_header(k).speaker);
        let spans = (skipped..self.headers.len()).map(move |k| {
            let read = self.read_header(k);
            // `(00:07:30):` keeps the speaker of the segment before.
            speaker = read.speaker.or(speaker);
            self.header_span(k, read, speaker)
        });
        preamble.into_iter().chain(spans)
    }

    /// The segment of header `k`, as `read` from its line, with `speaker`
    /// (the one it names or carries over).
    #[inline]
    pub(super) fn header_span<'s>(
        &'s self,
        k: usize,
        read: Header<'s>,
        speaker: Option<&'s str>,
    ) -> SegmentSpan<'s> {
        let header = &self.headers[k];
        let end = self.header_raw_end(k);
        SegmentSpan {
            speaker,
            start: read.start,
            raw: header.line_start()..end,
            header_text: read.text,
            body: self.body,
            lines: (header.line_end() + 1).min(end)..end,
            plain: self.text_lines_plain(k),
            one_line: header.one_text_line,
        }
    }

    /// Whether no line after header `k`'s went through [`clean`] in the
    /// scan, up to the next header's: none was counted between the two
    /// headers' counts, or the one that was is the next header's line
    /// itself (a name such as `Söderström`: nine in ten such segments of a
    /// podcast library). The next header's line went through cleaning when
    /// it holds an unplain byte ([`is_unplain_byte`]): the scan cleans every
    /// line that holds a byte [`next_unplain_byte`] stops at, and it stops
    /// at those (and at more: the starts of invisible chars, which need not
    /// be looked for, since an unplain byte is enough to know).
    #[inline]
    fn text_lines_plain(&self, k: usize) -> bool {
        let counted = self
            .unclean_lines_up_to(k + 1)
            .checked_sub(self.headers[k].unclean_lines);
        match counted {
            Some(0) => true,
            Some(1) => self.headers.get(k + 1).is_some_and(|next| {
                let line = self.body.as_bytes().get(next.line_start()..next.line_end());
                line.is_some_and(|line| line.iter().any(|&b| is_unplain_byte(b)))
            }),
            _ => false,
        }
    }

    /// Where the segment of header `k` ends: where the next header's line
    /// starts, or the body's end.
    pub(super) fn header_raw_end(&self, k: usize) -> usize {
        self.headers
            .get(k + 1)
            .map_or(self.body.len(), |h| h.line_start())
    }

    /// Lines cleaned before header `k` (all of them past the last header).
    /// No line cleaned between two counts: none to clean again. (A header
    /// line cleaned itself counts too: then its segment is only looked at
    /// again.)
    pub(super) fn unclean_lines_up_to(&self, k: usize) -> u32 {
        self.headers
            .get(k)
            .map_or(self.unclean_lines, |h| h.unclean_lines)
    }

    /// The speaker-less segment of the text before the first header, when
    /// some of it is not blank.
    pub(super) fn preamble(&self) -> Option<SegmentSpan<'_>> {
        let first_header = self
            .headers
            .first()
            .map_or(self.body.len(), |h| h.line_start());
        let before = self.first_line..first_header;
        let plain = self.unclean_lines_up_to(0) == self.unclean_at_first_line;
        text_lines(self.body, before.clone(), plain)
            .any(|line| !line.trim().is_empty())
            .then(|| SegmentSpan {
                speaker: None,
                start: None,
                raw: before.clone(),
                header_text: "",
                body: self.body,
                lines: before,
                plain,
                one_line: false,
            })
    }

    /// What header `k`'s line says: as known, or read again in the
    /// layout's dialect (the scan read it so, on the same cleaned line).
    /// A known header whose bytes do not read (a damaged cache entry) is
    /// read from its line too. (Inlined into the search pass's building
    /// of one segment, which it is most of: the call and the header passed
    /// back through memory were a fifth of its cost.)
    #[inline(always)]
    pub(super) fn read_header(&self, k: usize) -> Header<'_> {
        let line = self.header_line(&self.headers[k]);
        if let Some(known) = self.known.get(k).and_then(KnownHeader::read) {
            // Untrusted ranges: `get` takes only a range of whole chars of
            // the line, and makes a part outside it none (a speaker) or
            // empty (text).
            let part = |range: &Range<u32>| line.get(range.start as usize..range.end as usize);
            return Header {
                speaker: known.speaker.as_ref().and_then(part),
                start: known.start,
                text: part(&known.text).unwrap_or_default(),
            };
        }
        let read = marker_trimmed(line).and_then(|line| self.dialect.read(line));
        read.unwrap_or(Header {
            speaker: None,
            start: None,
            text: "",
        })
    }

    /// A header's line, cleaned.
    #[inline]
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
    /// Whether a `## Transcript` line was read (`first_line` is then set).
    saw_transcript: bool,
    /// Where the lines holding text are, to tell each header whether its
    /// segment's text is all on its first line.
    text_lines: TextLineCount,
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
            saw_transcript: false,
            text_lines: TextLineCount::default(),
        }
    }

    /// Reads the lines of `range` (whole lines, from a line's start to a
    /// line's start or the body's end), cleaning those `next_unplain` (as
    /// for [`BodyScan::scan_with`], from `range.start` on) says may change.
    fn read_lines(&mut self, range: Range<usize>, mut next_unplain: impl FnMut(usize) -> usize) {
        let body = self.body;
        let mut unplain = next_unplain(range.start);
        let whole_lines = range.start < range.end || range.end == body.len();
        if !whole_lines {
            return;
        }
        for Range { start, end } in line_spans(body.as_bytes(), range.clone()) {
            let raw = &body[start..end];
            // A line before the next byte cleaning acts on is clean as it is.
            let text = if unplain >= end {
                Cow::Borrowed(raw)
            } else {
                unplain = next_unplain(end);
                self.unclean_lines += 1;
                clean(raw)
            };
            self.read_line(start..end, text);
            // The empty piece after the range's last `\n` is no line of
            // its own when the range is a run: the next run's first line
            // is (and at the body's end it is blank, changing nothing).
            if start < range.end {
                self.text_lines.count(raw.as_bytes());
            }
        }
    }

    /// Takes in what `later` read of the lines right after these, as if
    /// this scan had read them itself.
    fn append(&mut self, later: ScanProgress<'a>) {
        let last_headers = self.marked.each_mut().map(|list| list.last_mut());
        self.text_lines.append(&later.text_lines, last_headers);
        let before = self.unclean_lines;
        let shifted = |mut header: HeaderAt| {
            header.unclean_lines += before;
            header
        };
        if later.saw_transcript {
            // Its `## Transcript` line drops everything read before it.
            self.marked.iter_mut().for_each(Vec::clear);
            self.cleaned.clear();
            self.first_line = later.first_line;
            self.unclean_at_first_line = before + later.unclean_at_first_line;
            self.saw_transcript = true;
        }
        for (mine, theirs) in self.marked.iter_mut().zip(later.marked) {
            mine.extend(theirs.into_iter().map(shifted));
        }
        self.cleaned.extend(later.cleaned);
        self.unclean_lines += later.unclean_lines;
        if self.heading.is_none() {
            self.heading = later.heading;
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
            self.saw_transcript = true;
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
        let (lists, text_lines) = (&mut self.marked, &mut self.text_lines);
        let mut marked = false;
        // `d`: the dialect's index in `Dialect::ALL`.
        let mut mark = |d: usize, header: Option<Header>| {
            if header.is_some() {
                text_lines.open_segment(d, lists[d].last_mut());
                lists[d].push(HeaderAt::new(line, unclean_lines));
                marked = true;
            }
        };
        let bytes = trimmed.as_bytes();
        if matches!(bytes.last(), Some(b')' | b':')) {
            mark(0, speaker_times_header_trimmed(trimmed));
        }
        if bytes.first() == Some(&b'[') {
            mark(1, inline_times_header_trimmed(trimmed));
        }
        if bytes.last() == Some(&b':') && !ends_in_paren_colon(bytes) {
            mark(2, names_only_header_trimmed(trimmed));
        }
        marked
    }

    /// The layout read, with the dialect whose headers are the most; `None`
    /// when no dialect reads any.
    fn finish(self) -> Option<BodyScan<'a>> {
        let dialect = detect_dialect(self.marked.each_ref().map(Vec::len))?;
        let d = Dialect::ALL.iter().position(|&each| each == dialect)?;
        let [a, b, c] = self.marked;
        let mut headers = match dialect {
            Dialect::SpeakerTimes => a,
            Dialect::InlineTimes => b,
            Dialect::NamesOnly => c,
        };
        if let Some(last) = headers.last_mut() {
            last.one_text_line = self.text_lines.one_line_since(d);
        }
        Some(BodyScan {
            heading: self.heading.filter(|h| !h.is_empty()),
            dialect,
            body: self.body,
            first_line: self.first_line,
            headers,
            cleaned: self.cleaned,
            unclean_lines: self.unclean_lines,
            unclean_at_first_line: self.unclean_at_first_line,
            known: Vec::new(),
        })
    }
}

/// What a scan has counted of the lines it read, to tell each header
/// whether its segment's text is on the first line after it
/// ([`HeaderAt::one_text_line`]) without looking at those lines again:
/// it is when no line after that first one, up to the next header's,
/// holds a byte other than ASCII whitespace. Counts of lines rather than
/// a state per header: each line costs one count and one compare whatever
/// the dialects, and two runs' counts add up.
#[derive(Default)]
struct TextLineCount {
    /// Lines read.
    read: u64,
    /// Lines read up to the last one holding a byte other than ASCII
    /// whitespace (a header's and a heading's too); 0: none.
    text_end: u64,
    /// For each dialect (in [`Dialect::ALL`] order), where its last
    /// header's line is among the lines read (its index).
    open: [u64; 3],
    /// For each dialect, `text_end` when its first header was read, for
    /// a scan whose lines come before these (they end the segment of its
    /// last header of the dialect); `None` while none was.
    leading: [Option<u64>; 3],
}

impl TextLineCount {
    /// Counts the next line, `raw` as it is in the body.
    #[inline(always)]
    fn count(&mut self, raw: &[u8]) {
        self.read += 1;
        if !raw.trim_ascii_start().is_empty() {
            self.text_end = self.read;
        }
    }

    /// Whether the lines after dialect `d`'s last header's line, up to
    /// the last line read, hold text on their first line alone.
    fn one_line_since(&self, d: usize) -> bool {
        counted_one_line(self.open[d], self.text_end)
    }

    /// Notes that the line about to be counted is a header of dialect `d`,
    /// after `last`, the one before it in the scan if any: whose segment
    /// it ends.
    #[inline(always)]
    fn open_segment(&mut self, d: usize, last: Option<&mut HeaderAt>) {
        match last {
            Some(last) => last.one_text_line = self.one_line_since(d),
            None => _ = self.leading[d].get_or_insert(self.text_end),
        }
        self.open[d] = self.read;
    }

    /// Takes in `later`'s counts, of the lines right after these, as if
    /// these had counted them; `last` holds each dialect's last header
    /// read before them, whose segment ends in `later` if it read a
    /// header of the dialect.
    fn append(&mut self, later: &TextLineCount, last: [Option<&mut HeaderAt>; 3]) {
        // One of `later`'s `text_end`s, counted from the start of these.
        let (read, text_end_before) = (self.read, self.text_end);
        let shifted = |text_end: u64| match text_end {
            0 => text_end_before,
            _ => read + text_end,
        };
        for (d, last) in last.into_iter().enumerate() {
            let Some(leading) = later.leading[d] else {
                continue;
            };
            let text_end = shifted(leading);
            match last {
                Some(last) => last.one_text_line = counted_one_line(self.open[d], text_end),
                None => _ = self.leading[d].get_or_insert(text_end),
            }
            self.open[d] = read + later.open[d];
        }
        self.text_end = shifted(later.text_end);
        self.read += later.read;
    }
}

/// Whether the lines after the header on line `header` (an index) hold
/// text on their first line alone, when `text_end` lines are read up to
/// the last one holding any before the next header's: the header's own
/// line and that first one, no more.
fn counted_one_line(header: u64, text_end: u64) -> bool {
    text_end <= header + 2
}

/// Where to cut `bytes` into about `parts` runs of whole lines: 0, then
/// line starts in increasing order, then the length (one run when there is
/// no `\n` to cut after).
pub fn line_cuts(bytes: &[u8], parts: usize) -> Vec<usize> {
    let share = bytes.len().div_ceil(parts.max(1)).max(1);
    let mut cuts = vec![0];
    let mut aim = share;
    while aim < bytes.len() {
        let Some(newline) = memchr::memchr(b'\n', &bytes[aim..]) else {
            break;
        };
        let cut = aim + newline + 1;
        if cut < bytes.len() {
            cuts.push(cut);
        }
        aim = cut + share;
    }
    cuts.push(bytes.len());
    cuts
}

/// Whether `line` ends in `)` and `:`, maybe with ASCII spaces between, as
/// every `Name (time):` line does: no `Name:` header does, since a name
/// holds no `)`.
fn ends_in_paren_colon(line: &[u8]) -> bool {
    let before_colon = line.strip_suffix(b":").map(<[u8]>::trim_ascii_end);
    before_colon.is_some_and(|rest| rest.ends_with(b")"))
}

/// Where one segment is and whose it is, before its text is built.
#[derive(Debug, Clone)]
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
    /// Whether those lines hold no byte but ASCII whitespace after their
    /// first line, as the scan found ([`HeaderAt::one_text_line`]).
    one_line: bool,
}

impl<'l> SegmentSpan<'l> {
    /// The segment's text: its non-empty lines, trimmed, joined with `\n`.
    /// Borrowed when it is one line of the file, as most segments are.
    /// (Inlined: a call a segment was ~27 instructions of the ~1,000 a
    /// matching segment costs `earmark search`.)
    #[inline]
    pub fn text(&self) -> Cow<'l, str> {
        match self.only_line() {
            Some(line) => Cow::Borrowed(line),
            None => self.joined_pieces(),
        }
    }

    /// [`SegmentSpan::text`] by the walk over every line.
    fn joined_pieces(&self) -> Cow<'l, str> {
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

    /// The text when it is the segment's first line alone, trimmed, with
    /// no header text and nothing but ASCII whitespace after that line:
    /// the shape of most segments, told with one newline search rather
    /// than the walk over every line [`SegmentSpan::pieces`] makes (a
    /// tenth of searching for a common word). `None` when unsure: then
    /// the walk tells.
    ///
    /// The scan knows that shape of nearly every segment from the lines it
    /// walked (`one_line`): then there is no search at all.
    #[inline]
    fn only_line(&self) -> Option<&'l str> {
        if !self.plain || !self.header_text.is_empty() {
            return None;
        }
        let lines = self.body.get(self.lines.clone())?;
        if !self.one_line && !text_on_first_line(lines.as_bytes()) {
            return None;
        }
        // The ASCII whitespace after the first line's text is trimmed too.
        let piece = trim(lines);
        // The scan tells a heading by `marker_trimmed`, which trims as
        // `trim` does whenever the line may be one (it starts with `#`).
        (!piece.is_empty() && !is_heading(piece)).then_some(piece)
    }

    /// Appends [`SegmentSpan::text`] to `out`, with no string of its own.
    pub fn write_text(&self, out: &mut String) {
        if let Some(line) = self.only_line() {
            out.push_str(line);
            return;
        }
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

/// Whether `lines` hold no `\n` before their last byte that is not ASCII
/// whitespace: then that byte ends the first line's text and all after it
/// is blank, both known from one search up to it.
fn text_on_first_line(lines: &[u8]) -> bool {
    let text_end = lines.iter().rposition(|b| !b.is_ascii_whitespace());
    text_end.is_none_or(|last| memchr::memchr(b'\n', &lines[..last]).is_none())
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

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// Bodies whose structure a cut can break: a `## Transcript` line late
    /// (dropping the headers before it), the first `# ` heading late,
    /// header lines that cleaning changes, text before the first header,
    /// a header that carries the speaker over, and each dialect winning.
    pub(in crate::episode::markdown) fn bodies() -> Vec<String> {
        let fixtures = ["dialect_a.md", "dialect_b.md", "dialect_c.md", "hygiene.md"];
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/");
        let mut bodies: Vec<String> = fixtures
            .iter()
            .filter_map(|name| std::fs::read_to_string(format!("{dir}{name}")).ok())
            .collect();
        assert_eq!(bodies.len(), fixtures.len(), "the fixtures are readable");
        let speaker_times = "Ann (00:00:01):\nhello\n\n(00:00:05):\nstill Ann\n";
        let inline = "[00:01:00] Bo: one\n[00:01:05] two\n";
        let names = "Cy:\nthree\n\nDee:\nfour\n";
        bodies.push(format!(
            "intro text\n{speaker_times}# Late title\n{inline}## Transcript\n\
             preamble\n{speaker_times}{names}Ed\t(00:02:00):\ntab\tin text\n\
             {names}{names}## transcript\n{inline}{speaker_times}"
        ));
        bodies.push(format!("{names}# \n# Second\n{speaker_times}\r\n{names}"));
        bodies.push("no header at all\n".repeat(5));
        bodies.push(String::new());
        bodies
    }

    /// Each header's [`HeaderAt::one_text_line`] included: a run may end
    /// in a segment's lines, or start with them.
    #[test]
    fn a_scan_in_parts_reads_what_one_scan_reads() {
        let mut bodies = bodies();
        bodies.extend(shaped_bodies(23, 300));
        for body in bodies {
            let whole = BodyScan::scan(&body);
            for parts in 1..=12 {
                assert_eq!(
                    BodyScan::scan_parallel(&body, parts),
                    whole,
                    "{parts} parts of {body:?}"
                );
            }
        }
    }

    #[test]
    fn line_cuts_fall_after_newlines_and_cover_the_bytes() {
        let bytes = b"ab\ncd\n\nef";
        for parts in 1..=10 {
            let cuts = line_cuts(bytes, parts);
            assert_eq!((cuts[0], cuts[cuts.len() - 1]), (0, bytes.len()));
            assert!(cuts.windows(2).all(|w| w[0] < w[1]), "{cuts:?}");
            let inner = &cuts[1..cuts.len() - 1];
            assert!(inner.iter().all(|&at| bytes[at - 1] == b'\n'), "{cuts:?}");
            assert!(cuts.len() <= parts + 1, "{parts}: {cuts:?}");
        }
        assert_eq!(line_cuts(b"no newline", 4), [0, 10]);
        assert_eq!(line_cuts(b"a\nb\nc\nd\n", 2), [0, 6, 8]);
    }

    #[test]
    fn segments_from_an_index_are_the_tail_of_all_segments() {
        let text = |s: SegmentSpan| {
            let speaker = s.speaker.map(str::to_string);
            (speaker, s.start, s.raw.clone(), s.text().into_owned())
        };
        for body in bodies() {
            let Some(layout) = BodyScan::scan(&body) else {
                continue;
            };
            let all: Vec<_> = layout.segments().map(text).collect();
            assert_eq!(layout.segment_count(), all.len());
            for first in 0..=all.len() + 1 {
                let tail: Vec<_> = layout.segments_from(first).map(text).collect();
                assert_eq!(
                    tail,
                    all[first.min(all.len())..],
                    "from {first} of {body:?}"
                );
            }
        }
    }

    /// Whether the lines after header `k`'s hold no `\n` before their
    /// last byte that is not ASCII whitespace: what the newline search of
    /// [`SegmentSpan::only_line`] finds.
    fn one_line_by_search(layout: &BodyScan, k: usize) -> bool {
        let end = layout.header_raw_end(k);
        let start = (layout.headers[k].line_end() + 1).min(end);
        let lines = &layout.body.as_bytes()[start..end];
        let text_end = lines.iter().rposition(|b| !b.is_ascii_whitespace());
        text_end.is_none_or(|last| !lines[..=last].contains(&b'\n'))
    }

    /// The scan tells each header what the newline search over its
    /// segment's lines would: for lines of every shape, a `## Transcript`
    /// line between headers, headers of the other dialects and headings
    /// among the text lines, the body's end with or without a newline.
    #[test]
    fn the_scan_knows_which_segments_are_one_line() {
        let mut bodies = bodies();
        bodies.extend(shaped_bodies(29, 2000));
        let (mut one, mut more) = (0, 0);
        for body in bodies {
            let Some(layout) = BodyScan::scan(&body) else {
                continue;
            };
            for (k, header) in layout.headers.iter().enumerate() {
                let searched = one_line_by_search(&layout, k);
                assert_eq!(header.one_text_line, searched, "{k} of {body:?}");
                (one, more) = (one + usize::from(searched), more + usize::from(!searched));
            }
        }
        assert!(one >= 500 && more >= 500, "{one} one-line, {more} not");
    }

    /// A segment's text by the quick look at its first line is the text
    /// the walk over its lines builds, and the quick look answers for
    /// the usual shape: one line, blank lines after it. It answers the
    /// same whether the scan told it the segment is one line or not.
    #[test]
    fn the_only_line_is_the_walks_text() {
        let mut bodies = bodies();
        bodies.push(
            "Ann (00:00:01):\n  one line  \n\n \t\n\nBo (00:00:02):\n## heading\n\n\
             Cy (00:00:03):\n\n\nlate line\nDee (00:00:04):\nfirst\nsecond\n\
             Ed (00:00:05):\n\u{a0}spaced\u{a0}\n\u{2003}\nFay (00:00:06):\n"
                .to_string(),
        );
        bodies.extend(shaped_bodies(17, 400));
        let mut quick = 0;
        for body in bodies {
            let Some(layout) = BodyScan::scan(&body) else {
                continue;
            };
            for span in layout.segments() {
                quick += usize::from(span.only_line().is_some());
                let searched = SegmentSpan {
                    one_line: false,
                    ..span.clone()
                };
                assert_eq!(span.only_line(), searched.only_line(), "{body:?}");
                let walked = span.joined_pieces();
                assert_eq!(span.text(), walked, "{:?} of {body:?}", span.raw);
                let mut written = String::from("before");
                span.write_text(&mut written);
                assert_eq!(
                    written,
                    format!("before{walked}"),
                    "{:?} of {body:?}",
                    span.raw
                );
            }
        }
        assert!(quick >= 10, "the quick look answered {quick} times");
    }

    /// `count` bodies of random lines: headers of each dialect, text lines
    /// with Unicode or ASCII spaces around them, blank lines of each kind,
    /// headings and lines that only look like one, chars cleaning changes.
    fn shaped_bodies(seed: u64, count: usize) -> Vec<String> {
        let lines = [
            "Söderström (00:00:01):",
            "Ann (00:00:02):",
            "(00:00:03):",
            "café au lait",
            "plain text",
            "  spaced text \x0c ",
            "\u{a0}no-break\u{2003}",
            "\u{2003}",
            "crlf\r",
            "",
            " \t ",
            "bell\u{7} in text",
            "## heading",
            "#not a heading",
            " # spaced heading ",
            "Zoë:",
            "[00:01:00] Åsa: inline",
            "[00:01:05]",
            "## Transcript",
            "\x0b",
        ];
        let mut seed = seed;
        (0..count)
            .map(|_| {
                seed = crate::test_support::lcg_next(seed);
                let mut next = seed;
                let body: String = (0..(seed >> 40) % 16)
                    .map(|_| {
                        next = crate::test_support::lcg_next_by(next, 1);
                        format!("{}\n", lines[(next >> 33) as usize % lines.len()])
                    })
                    .collect();
                // Some bodies end without a newline.
                match (seed >> 20) % 3 {
                    0 => body.trim_end_matches('\n').to_string(),
                    _ => body,
                }
            })
            .collect()
    }

    /// Segments told plain by the counts of cleaned lines have the text
    /// that cleaning every line gives: when the one line counted is the
    /// next header's too, whatever the lines around it hold.
    #[test]
    fn plain_segments_are_what_cleaning_every_line_gives() {
        let mut bodies = bodies();
        bodies.extend(shaped_bodies(11, 400));
        let mut refined = 0;
        for body in bodies {
            let Some(layout) = BodyScan::scan(&body) else {
                continue;
            };
            for (k, span) in layout
                .segments()
                .skip(usize::from(layout.preamble().is_some()))
                .enumerate()
            {
                let cleaned = SegmentSpan {
                    plain: false,
                    ..span.clone()
                };
                assert_eq!(
                    span.text(),
                    cleaned.joined_pieces(),
                    "{:?} of {body:?}",
                    span.raw
                );
                let counted = layout.unclean_lines_up_to(k + 1) - layout.headers[k].unclean_lines;
                refined += usize::from(span.plain && counted == 1);
            }
        }
        assert!(
            refined >= 20,
            "the next header's line was the one {refined} times"
        );
    }
}
