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
//! the body's own bytes as it does for a scan.
//!
//! ```text
//! dialect u8 (its index in Dialect::ALL), first line u32,
//! lines cleaned u32, lines cleaned before the first line u32,
//! heading: length u32 (u32::MAX: none) and its bytes,
//! header count u32, then per header: line start u32, line end u32,
//!   lines cleaned up to it u32,
//! cleaned header count u32, then per line: where it starts u32, its
//!   length u32 and bytes
//! ```

use std::borrow::Cow;

use super::{BodyScan, Dialect, HeaderAt};
use crate::episode::text::clean;

const NO_HEADING: u32 = u32::MAX;

impl<'a> BodyScan<'a> {
    /// The layout as bytes ([`BodyScan::decode`] reads them back).
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(24 + self.headers.len() * 12);
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
        }
        put_u32(&mut out, self.cleaned.len() as u32);
        for (at, line) in &self.cleaned {
            put_u32(&mut out, *at);
            put_str(&mut out, line);
        }
        out
    }

    /// The layout `bytes` hold, for `body`; `None` when they do not hold
    /// one that could be a scan's of it (see the module comment). Any
    /// bytes give a layout or `None`, never a panic, and memory in
    /// proportion to them.
    pub fn decode(body: &'a str, bytes: &[u8]) -> Option<BodyScan<'a>> {
        let mut r = Reader { bytes };
        let dialect = *Dialect::ALL.get(r.u8()? as usize)?;
        let first_line = r.u32()? as usize;
        let (unclean_lines, unclean_at_first_line) = (r.u32()?, r.u32()?);
        let heading = match r.u32()? {
            NO_HEADING => None,
            len => Some(one_clean_line(r.take(len as usize)?)?.to_string()),
        };
        let header_count = r.u32()? as usize;
        let mut headers = Vec::with_capacity(header_count.min(r.bytes.len() / 12));
        for _ in 0..header_count {
            let (start, end, unclean) = (r.u32()?, r.u32()?, r.u32()?);
            headers.push(HeaderAt {
                line: start..end,
                unclean_lines: unclean,
            });
        }
        let cleaned_count = r.u32()? as usize;
        let mut cleaned = Vec::with_capacity(cleaned_count.min(r.bytes.len() / 8));
        for _ in 0..cleaned_count {
            let at = r.u32()?;
            let len = r.u32()? as usize;
            cleaned.push((at, Box::from(one_clean_line(r.take(len)?)?)));
        }
        if !r.bytes.is_empty() {
            return None;
        }
        let layout = BodyScan {
            heading,
            dialect,
            body,
            first_line,
            headers,
            cleaned,
            unclean_lines,
            unclean_at_first_line,
        };
        layout.could_be_a_scan().then_some(layout)
    }

    /// Whether every place the layout names is a whole line of the body
    /// (at or after its first line), the headers in order, the counts of
    /// cleaned lines in order and no more than all, and every cleaned
    /// line a header's.
    fn could_be_a_scan(&self) -> bool {
        let body = self.body.as_bytes();
        let starts_line = |at: usize| at == 0 || body.get(at - 1) == Some(&b'\n');
        let ends_line = |at: usize| at == body.len() || body.get(at) == Some(&b'\n');
        let first_line_ok = self.first_line == body.len() || starts_line(self.first_line);
        let mut after = self.first_line;
        let mut cleaned_before = self.unclean_at_first_line;
        let headers_ok = self.headers.iter().all(|header| {
            let (start, end) = (header.line_start(), header.line_end());
            let ok = start >= after
                && start <= end
                && starts_line(start)
                && ends_line(end)
                && header.unclean_lines >= cleaned_before;
            (after, cleaned_before) = (end + 1, header.unclean_lines);
            ok
        });
        let counts_ok = cleaned_before <= self.unclean_lines;
        let mut previous = None;
        let cleaned_ok = self.cleaned.iter().all(|(at, _)| {
            let in_order = previous.is_none_or(|p| p < *at);
            previous = Some(*at);
            let is_header = self.headers.binary_search_by_key(at, |h| h.line.start);
            in_order && is_header.is_ok()
        });
        first_line_ok && headers_ok && counts_ok && cleaned_ok
    }
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
struct Reader<'b> {
    bytes: &'b [u8],
}

impl<'b> Reader<'b> {
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
    use super::super::tests::bodies;
    use super::*;

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

    #[test]
    fn a_layout_decodes_to_the_scan_it_was() {
        let mut decoded = 0;
        for body in bodies() {
            let Some(scan) = BodyScan::scan(&body) else {
                continue;
            };
            let back = BodyScan::decode(&body, &scan.encode());
            assert_eq!(back.as_ref(), Some(&scan), "{body:?}");
            decoded += 1;
        }
        assert!(decoded >= 6, "{decoded} bodies had a layout");
    }

    #[test]
    fn a_layout_cut_short_or_with_bytes_over_is_refused() {
        for body in bodies() {
            let Some(scan) = BodyScan::scan(&body) else {
                continue;
            };
            let bytes = scan.encode();
            for len in 0..bytes.len() {
                assert_eq!(BodyScan::decode(&body, &bytes[..len]), None, "cut at {len}");
            }
            let mut longer = bytes.clone();
            longer.push(0);
            assert_eq!(BodyScan::decode(&body, &longer), None);
        }
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
        let mut moved = BodyScan::decode(body, &scan.encode()).expect("decodes");
        // Into the middle of `é`, then onto a line's second byte.
        for start in [body.find('é').expect("é") + 1, 1] {
            moved.headers[1].line.start = start as u32;
            assert_eq!(BodyScan::decode(body, &moved.encode()), None, "{start}");
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
