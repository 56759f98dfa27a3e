//! A [`BodyScan`] as bytes, for `earmark search`'s cache: reading a
//! Markdown file's layout was most of searching it for a common word,
//! and the layout of an unchanged file is the same every time.
//!
//! The bytes are untrusted (the cache is a directory the user can
//! write), so decoding checks that the layout could be a scan's of the
//! body it is given: every header a whole line of it, in order, every
//! count in order, every string clean and on one line. A layout that
//! passes can be wrong only in what it says of the structure (speakers,
//! times, where segments start), never make a segment's text or speaker
//! reach past the body or hold a char cleaning removes; the caller checks
//! the body's own bytes as it does for a scan. What each header line says
//! is checked when it is read (`BodyScan::read_header`): a part that is
//! not a piece of its line reads as none, and a header whose bytes do not
//! read is read from its line.
//!
//! Whether a segment's text is all on its first line
//! ([`HeaderAt::one_text_line`]) cannot be checked without the newline
//! search it spares, and is not: a wrong "yes" makes that segment's text
//! run from its first line's text to its last byte that is not ASCII
//! whitespace, `\n`s, blank lines and the spaces around lines kept. That
//! is still within the segment's lines (so within the body, and ending on
//! a char boundary: at an ASCII byte or the lines' end), and holds only
//! what those lines hold: a char cleaning removes only where the lines
//! are wrongly told plain, which would put it in the text anyway. A wrong
//! "no" costs the search only.
//!
//! ```text
//! dialect u8 (its index in Dialect::ALL), first line u32,
//! lines cleaned u32, lines cleaned before the first line u32,
//! heading: length u32 (u32::MAX: none) and its bytes,
//! header count u32, then per header: line start u32, line end u32,
//!   lines cleaned up to it u32, text on the first line after it alone
//!   u8 (0 or 1),
//! cleaned header count u32, then per line: where it starts u32, its
//!   length u32 and bytes,
//! known header count u32 (0 or the header count), then per header what
//!   its cleaned line says: speaker (flag u8, start u32, end u32),
//!   start time (flag u8, seconds u32), inline text (start u32, end u32)
//! ```

use std::borrow::Cow;

use std::ops::Range;

use super::{BodyScan, Dialect, HeaderAt, KnownHeader};
use crate::episode::text::clean;

const NO_HEADING: u32 = u32::MAX;
/// Bytes per header of what its line says (speaker, start, text).
pub(super) const KNOWN_BYTES: usize = 22;

impl<'a> BodyScan<'a> {
    /// The layout as bytes ([`BodyScan::decode`] reads them back).
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(28 + self.headers.len() * (HEADER_BYTES + KNOWN_BYTES));
        let dialect = Dialect::ALL.iter().position(|d| *d == self.dialect);
        out.push(dialect.unwrap_or(0) as u8);
        for word in [
            self.first_line as u32,
            self.unclean_lines,
            self.unclean_at_first_line,
        ] {
            put_u32(&mut out, word);
        }
        match &self.heading {
            Some(heading) => put_str(&mut out, heading),
            None => put_u32(&mut out, NO_HEADING),
        }
        put_u32(&mut out, self.headers.len() as u32);
        for header in &self.headers {
            put_u32(&mut out, header.line.start);
            put_u32(&mut out, header.line.end);
            put_u32(&mut out, header.unclean_lines);
            out.push(u8::from(header.one_text_line));
        }
        put_u32(&mut out, self.cleaned.len() as u32);
        for (at, line) in &self.cleaned {
            put_u32(&mut out, *at);
            put_str(&mut out, line);
        }
        self.encode_known(&mut out);
        out
    }

    /// What each header line says, as ranges of the line: none when a
    /// part is not a piece of its line (then a search reads the lines).
    fn encode_known(&self, out: &mut Vec<u8>) {
        let known: Option<Vec<KnownHeader>> =
            (0..self.headers.len()).map(|k| self.known_of(k)).collect();
        put_known(out, &known.unwrap_or_default());
    }

    /// What header `k`'s line says, as ranges of the line.
    fn known_of(&self, k: usize) -> Option<KnownHeader> {
        let line = self.header_line(&self.headers[k]);
        let read = self.read_header(k);
        let speaker = match read.speaker {
            Some(name) => Some(range_in(line, name)?),
            None => None,
        };
        Some(KnownHeader {
            speaker,
            start: read.start,
            text: range_in(line, read.text)?,
        })
    }

    /// The layout `bytes` hold, for `body`; `None` when they do not hold
    /// one that could be a scan's of it (see the module comment). Any
    /// bytes give a layout or `None`, never a panic, and memory in
    /// proportion to them.
    pub fn decode(body: &'a str, bytes: &[u8]) -> Option<BodyScan<'a>> {
        let mut r = LayoutReader { bytes };
        let dialect = *Dialect::ALL.get(r.u8()? as usize)?;
        let first_line = r.u32()? as usize;
        let (unclean_lines, unclean_at_first_line) = (r.u32()?, r.u32()?);
        let heading = match r.u32()? {
            NO_HEADING => None,
            len => Some(one_clean_line(r.take(len as usize)?)?.to_string()),
        };
        let header_count = r.u32()? as usize;
        let header_bytes = r.take(header_count.checked_mul(HEADER_BYTES)?)?;
        let mut lines = LineCheck::new(body, first_line, unclean_at_first_line)?;
        let headers = lines.headers(header_bytes)?;
        if lines.cleaned_before > unclean_lines {
            return None;
        }
        let cleaned_count = r.u32()? as usize;
        let mut cleaned: Vec<(u32, Box<str>)> =
            Vec::with_capacity(cleaned_count.min(r.bytes.len() / 8));
        for _ in 0..cleaned_count {
            let at = r.u32()?;
            let len = r.u32()? as usize;
            // In order, and each a header's line (the headers are in order).
            let in_order = cleaned.last().is_none_or(|(before, _)| *before < at);
            let is_header = headers.binary_search_by_key(&at, |h| h.line.start);
            if !in_order || is_header.is_err() {
                return None;
            }
            cleaned.push((at, Box::from(one_clean_line(r.take(len)?)?)));
        }
        let known_count = r.u32()? as usize;
        let known_bytes = r.take(known_count.checked_mul(KNOWN_BYTES)?)?;
        let known_fits = known_count == 0 || known_count == headers.len();
        if !r.bytes.is_empty() || !known_fits {
            return None;
        }
        // Each known header is read only when its segment is built
        // (`BodyScan::read_header`), which checks it then: a search for a
        // rare word builds few segments, and decoding every header's parts
        // here was a third of recalling a layout.
        let known = known_bytes.as_chunks::<KNOWN_BYTES>().0.to_vec();
        Some(BodyScan {
            heading,
            dialect,
            body,
            first_line,
            headers,
            cleaned,
            unclean_lines,
            unclean_at_first_line,
            known,
        })
    }
}

/// Bytes per header of where its line is (start, end, lines cleaned) and
/// whether its text is on one line.
const HEADER_BYTES: usize = 13;

/// The checks that a decoded layout's header lines could be a scan's
/// (see the module comment), made on each header as it is read rather
/// than in a pass of their own after: every one a whole line of the body
/// at or after the first line and after the one before, and the counts of
/// cleaned lines never decreasing.
struct LineCheck<'b> {
    body: &'b [u8],
    /// Where the next header's line may start at the earliest.
    after: usize,
    /// Lines cleaned up to the last header read (or the first line).
    cleaned_before: u32,
}

impl<'b> LineCheck<'b> {
    /// The checks from `first_line` on, when it is a line's start (or the
    /// body's end).
    fn new(body: &'b str, first_line: usize, cleaned_before: u32) -> Option<LineCheck<'b>> {
        let check = LineCheck {
            body: body.as_bytes(),
            after: first_line,
            cleaned_before,
        };
        (first_line == body.len() || check.starts_line(first_line)).then_some(check)
    }

    /// The headers `bytes` hold ([`HEADER_BYTES`] each), when every one
    /// passes the checks.
    fn headers(&mut self, bytes: &[u8]) -> Option<Vec<HeaderAt>> {
        let (records, _) = bytes.as_chunks::<HEADER_BYTES>();
        // All read, then all checked: two loops that run to their end cost
        // less than one that pushes and may stop (~36 instructions a header
        // rather than ~38).
        let headers: Vec<HeaderAt> = records.iter().map(header_record).collect();
        let flags_read = records.iter().all(|record| record[12] <= 1);
        (flags_read && headers.iter().all(|header| self.fits(header))).then_some(headers)
    }

    /// Whether `header` is a whole line after the last one checked, with
    /// no fewer lines cleaned up to it; it is then the last one checked.
    fn fits(&mut self, header: &HeaderAt) -> bool {
        let (start, end) = (header.line_start(), header.line_end());
        let ok = start >= self.after
            && start <= end
            && self.starts_line(start)
            && self.ends_line(end)
            && header.unclean_lines >= self.cleaned_before;
        (self.after, self.cleaned_before) = (end + 1, header.unclean_lines);
        ok
    }

    fn starts_line(&self, at: usize) -> bool {
        at == 0 || self.body.get(at - 1) == Some(&b'\n')
    }

    fn ends_line(&self, at: usize) -> bool {
        at == self.body.len() || self.body.get(at) == Some(&b'\n')
    }
}

/// A header from its [`HEADER_BYTES`] bytes, unchecked.
fn header_record(record: &[u8; HEADER_BYTES]) -> HeaderAt {
    let word = |at: usize| {
        u32::from_le_bytes([record[at], record[at + 1], record[at + 2], record[at + 3]])
    };
    HeaderAt {
        line: word(0)..word(4),
        unclean_lines: word(8),
        one_text_line: record[12] == 1,
    }
}

impl KnownHeader {
    /// A header's parts from their [`KNOWN_BYTES`] bytes ([`put_known`]);
    /// `None` for a flag byte other than 0 or 1.
    pub(super) fn read(bytes: &[u8; KNOWN_BYTES]) -> Option<KnownHeader> {
        let word = |at: usize| {
            u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
        };
        let optional = |at: usize| match bytes[at] {
            0 => Some(None),
            1 => Some(Some(word(at + 1))),
            _ => None,
        };
        Some(KnownHeader {
            speaker: optional(0)?.map(|start| start..word(5)),
            start: optional(9)?,
            text: word(14)..word(18),
        })
    }
}

/// Where `part` lies in `line`, when it is a piece of it (an empty part
/// is anywhere: at the start).
fn range_in(line: &str, part: &str) -> Option<Range<u32>> {
    if part.is_empty() {
        return Some(0..0);
    }
    let start = (part.as_ptr() as usize).checked_sub(line.as_ptr() as usize)?;
    let end = start.checked_add(part.len())?;
    (end <= line.len()).then_some(start as u32..end as u32)
}

/// The known header count, then each header's parts.
fn put_known(out: &mut Vec<u8>, known: &[KnownHeader]) {
    put_u32(out, known.len() as u32);
    for header in known {
        put_known_header(out, header);
    }
}

/// A header's parts, in [`KNOWN_BYTES`] bytes.
fn put_known_header(out: &mut Vec<u8>, header: &KnownHeader) {
    put_optional(out, header.speaker.as_ref().map(|r| r.start));
    put_u32(out, header.speaker.as_ref().map_or(0, |r| r.end));
    put_optional(out, header.start);
    put_u32(out, header.text.start);
    put_u32(out, header.text.end);
}

/// A flag byte (1: there is one) and the value (0 when there is none).
fn put_optional(out: &mut Vec<u8>, value: Option<u32>) {
    out.push(u8::from(value.is_some()));
    put_u32(out, value.unwrap_or(0));
}

/// `bytes` as a string when they are UTF-8 that cleaning leaves as it is,
/// with no newline (a heading or a header line).
fn one_clean_line(bytes: &[u8]) -> Option<&str> {
    let text = std::str::from_utf8(bytes).ok()?;
    let clean = matches!(clean(text), Cow::Borrowed(_)) && !text.contains('\n');
    clean.then_some(text)
}

fn put_u32(out: &mut Vec<u8>, word: u32) {
    out.extend_from_slice(&word.to_le_bytes());
}

/// A string's length and bytes (a heading or a line: far below 4 GiB).
fn put_str(out: &mut Vec<u8>, text: &str) {
    put_u32(out, text.len() as u32);
    out.extend_from_slice(text.as_bytes());
}

/// Reads the encoded layout front to back; `None` past its end.
struct LayoutReader<'b> {
    bytes: &'b [u8],
}

impl<'b> LayoutReader<'b> {
    fn take(&mut self, len: usize) -> Option<&'b [u8]> {
        let (taken, rest) = self.bytes.split_at_checked(len)?;
        self.bytes = rest;
        Some(taken)
    }

    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
}

#[cfg(test)]
mod tests {
    use super::super::SegmentSpan;
    use super::super::tests::bodies;
    use super::*;

    impl BodyScan<'_> {
        /// A copy to damage.
        fn clone_layout(&self) -> Self {
            BodyScan {
                heading: self.heading.clone(),
                headers: self.headers.clone(),
                cleaned: self.cleaned.clone(),
                known: self.known.clone(),
                ..*self
            }
        }

        /// [`BodyScan::encode`], with the known parts as they are rather
        /// than read again from the lines.
        fn encode_as_is(&self) -> Vec<u8> {
            let mut bytes = self.encode();
            let known_at = bytes.len() - 4 - self.headers.len() * KNOWN_BYTES;
            bytes.truncate(known_at);
            put_u32(&mut bytes, self.known.len() as u32);
            bytes.extend(self.known.iter().flatten());
            bytes
        }
    }

    /// Builds every segment of `layout`, as a search would: whatever the
    /// layout says, no panic, and nothing cleaning would change.
    fn build_all(layout: &BodyScan) {
        for span in layout.segments() {
            let text = span.text();
            assert!(!text.contains('\u{1b}'), "{text:?}");
            if let Some(speaker) = span.speaker {
                assert!(matches!(clean(speaker), Cow::Borrowed(_)), "{speaker:?}");
            }
        }
    }

    /// Every segment as a search shows it.
    fn segments(layout: &BodyScan) -> Vec<(Option<String>, Option<u32>, String)> {
        let shown = |s: SegmentSpan| (s.speaker.map(str::to_string), s.start, s.text().into());
        layout.segments().map(shown).collect()
    }

    /// Calls `check` with each test body that has a layout and its scan;
    /// returns how many had one.
    fn for_each_scan(mut check: impl FnMut(&str, &BodyScan)) -> usize {
        let mut scanned = 0;
        for body in bodies() {
            if let Some(scan) = BodyScan::scan(&body) {
                check(&body, &scan);
                scanned += 1;
            }
        }
        scanned
    }

    /// A layout decodes to the scan it was, with what each header line
    /// says known, and gives the same segments as the scan.
    #[test]
    fn a_layout_decodes_to_the_scan_it_was() {
        let decoded = for_each_scan(|body, scan| {
            let mut back = BodyScan::decode(body, &scan.encode()).expect("decodes");
            assert_eq!(back.known.len(), scan.headers.len(), "{body:?}");
            assert_eq!(segments(&back), segments(scan), "{body:?}");
            back.known.clear();
            assert_eq!(&back, scan, "{body:?}");
        });
        assert!(decoded >= 6, "{decoded} bodies had a layout");
    }

    /// A known part outside its line, or not on a char boundary, reads
    /// as no speaker (the one before carries over) and no inline text.
    #[test]
    fn a_known_part_outside_its_line_reads_as_none() {
        let body = "Ann (00:00:01):\nhi\n\nZoë Ångström (00:00:02):\nhello\n";
        let scan = BodyScan::scan(body).expect("a layout");
        let good = BodyScan::decode(body, &scan.encode()).expect("decodes");
        // Past the line, into `ë`, and ending before it starts.
        #[allow(clippy::reversed_empty_ranges)]
        let bad_ranges = [0..200, 0..3, 2..1];
        for bad_range in bad_ranges {
            let mut bad = good.clone_layout();
            let parts = KnownHeader {
                speaker: Some(bad_range.clone()),
                start: Some(2),
                text: bad_range.clone(),
            };
            bad.known[1] = known_bytes(&parts);
            let read = BodyScan::decode(body, &bad.encode_as_is()).expect("decodes");
            let last = read.segments().last().expect("two segments");
            assert_eq!(last.speaker, Some("Ann"), "{bad_range:?}");
            assert_eq!(last.text(), "hello", "{bad_range:?}");
        }
    }

    /// `header` as a decoded layout keeps it.
    fn known_bytes(header: &KnownHeader) -> [u8; KNOWN_BYTES] {
        let mut bytes = Vec::new();
        put_known_header(&mut bytes, header);
        bytes.try_into().expect("KNOWN_BYTES long")
    }

    /// A known header whose flag bytes are neither 0 nor 1 is read from
    /// its line: the segments are the scan's all the same.
    #[test]
    fn a_known_header_that_does_not_read_is_read_from_its_line() {
        let mut damaged = 0;
        for_each_scan(|body, scan| {
            let good = BodyScan::decode(body, &scan.encode()).expect("decodes");
            for flag_at in [0, 9] {
                for k in 0..good.known.len() {
                    let mut bad = good.clone_layout();
                    bad.known[k][flag_at] = 2;
                    let read = BodyScan::decode(body, &bad.encode_as_is()).expect("decodes");
                    assert_eq!(segments(&read), segments(scan), "{k} of {body:?}");
                    damaged += 1;
                }
            }
        });
        assert!(damaged >= 20, "{damaged} headers damaged");
    }

    /// Every header told its segment is one line, or none: the layout
    /// decodes, none told gives the scan's segments (the newline search
    /// tells), and all told gives texts that are the scan's or a piece of
    /// their segment's bytes.
    #[test]
    fn a_wrong_one_line_flag_keeps_each_text_in_its_segment() {
        let mut wrong = 0;
        for_each_scan(|body, scan| {
            let good = BodyScan::decode(body, &scan.encode()).expect("decodes");
            for told in [false, true] {
                let mut bad = good.clone_layout();
                bad.headers.iter_mut().for_each(|h| h.one_text_line = told);
                let read = BodyScan::decode(body, &bad.encode_as_is()).expect("decodes");
                build_all(&read);
                if !told {
                    assert_eq!(segments(&read), segments(scan), "{body:?}");
                    continue;
                }
                for (span, right) in read.segments().zip(segments(scan)) {
                    let text = span.text();
                    let in_segment = body[span.raw.clone()].contains(&*text);
                    wrong += usize::from(text != right.2);
                    assert!(text == right.2 || in_segment, "{text:?} of {body:?}");
                }
            }
        });
        assert!(wrong >= 1, "{wrong} texts changed");
        let body = "Ann (00:00:01):\nfirst \n  second\n\n# third\n \nBo (00:00:02):\nx\n";
        let mut bad = BodyScan::scan(body).expect("a layout");
        bad.headers[0].one_text_line = true;
        let read = BodyScan::decode(body, &bad.encode()).expect("decodes");
        let text = read.segments().next().map(|s| s.text().into_owned());
        assert_eq!(text.as_deref(), Some("first \n  second\n\n# third"));
    }

    #[test]
    fn a_layout_cut_short_or_with_bytes_over_is_refused() {
        for_each_scan(|body, scan| {
            let bytes = scan.encode();
            for len in 0..bytes.len() {
                assert_eq!(BodyScan::decode(body, &bytes[..len]), None, "cut at {len}");
            }
            let mut longer = bytes.clone();
            longer.push(0);
            assert_eq!(BodyScan::decode(body, &longer), None);
        });
    }

    /// Every byte of an encoded layout changed, and every layout read
    /// against bodies it was not made for: refused, or a layout whose
    /// segments build (in the body's bounds, on its char boundaries).
    #[test]
    fn a_damaged_or_misplaced_layout_never_panics() {
        let bodies = bodies();
        for body in &bodies {
            let Some(scan) = BodyScan::scan(body) else {
                continue;
            };
            let bytes = scan.encode();
            for at in 0..bytes.len() {
                for value in [0, 1, 0x0a, 0x7f, 0xff, bytes[at] ^ 0x80] {
                    let mut damaged = bytes.clone();
                    damaged[at] = value;
                    if let Some(layout) = BodyScan::decode(body, &damaged) {
                        build_all(&layout);
                    }
                }
            }
            for other in &bodies {
                if let Some(layout) = BodyScan::decode(other, &bytes) {
                    build_all(&layout);
                }
            }
        }
    }

    #[test]
    fn a_header_that_is_not_a_whole_line_is_refused() {
        let body = "Ann (00:00:01):\nhello\nBo (00:00:02):\ncafé\n";
        let scan = BodyScan::scan(body).expect("a layout");
        let bytes = scan.encode();
        // The second header's line start: after the dialect, three counts,
        // no heading, the header count and the first header.
        let second = 1 + 12 + 4 + 4 + HEADER_BYTES;
        assert_eq!(bytes[second..second + 4], 22u32.to_le_bytes());
        // Into the middle of `é`, onto a line's second byte, past the end.
        for start in [body.find('é').expect("é") + 1, 24, 200] {
            let mut moved = bytes.clone();
            moved[second..second + 4].copy_from_slice(&(start as u32).to_le_bytes());
            assert_eq!(BodyScan::decode(body, &moved), None, "{start}");
        }
    }

    #[test]
    fn a_heading_or_cleaned_line_that_cleaning_would_change_is_refused() {
        let body = "# Title\nAnn (00:00:01):\nhello\n";
        let scan = BodyScan::scan(body).expect("a layout");
        for heading in ["esc \u{1b}[31m", "two\nlines", "bidi \u{202e}"] {
            let mut bad = BodyScan::decode(body, &scan.encode()).expect("decodes");
            bad.heading = Some(heading.to_string());
            assert_eq!(BodyScan::decode(body, &bad.encode()), None, "{heading:?}");
        }
        let mut bad = BodyScan::decode(body, &scan.encode()).expect("decodes");
        let at = bad.headers[0].line.start;
        bad.cleaned.push((at, Box::from("Ann\u{7} (00:00:01):")));
        assert_eq!(BodyScan::decode(body, &bad.encode()), None);
    }
}
