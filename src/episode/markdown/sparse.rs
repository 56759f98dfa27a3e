//! A few segments of a [`BodyScan`], found by where they lie in the body
//! and built one at a time: for a caller (`earmark search`) that wants
//! only the segments holding a hit, and whose cost should follow the
//! hits, not the segments (reading every header line again to build a
//! segment that holds none was ~7% of searching a large file for a rare
//! phrase).
//!
//! The segments are the ones [`BodyScan::segments`] gives, by
//! construction: the same spans built by the same code
//! ([`BodyScan::header_span`]), and a segment whose header names no
//! speaker gets the one carried over from the nearest header before it
//! that names one, as the walk over all segments carries it.

use std::ops::Range;

use super::body_scan::{BodyScan, SegmentSpan};
use super::headers::HeaderAt;

/// Segments of a scanned body, looked up by index or by a position in the
/// body, in increasing order.
pub struct SparseSegments<'s, 'a> {
    scan: &'s BodyScan<'a>,
    preamble: Option<SegmentSpan<'s>>,
    /// A header (by index among the headers) whose carried speaker is
    /// known, and that speaker: headers up to it are never read again to
    /// find a speaker, so finding them all costs one pass at most.
    carried: Option<(usize, Option<&'s str>)>,
}

impl<'s, 'a> SparseSegments<'s, 'a> {
    /// The segments of `scan`, none built yet.
    pub fn new(scan: &'s BodyScan<'a>) -> SparseSegments<'s, 'a> {
        SparseSegments {
            scan,
            preamble: scan.preamble(),
            carried: None,
        }
    }

    /// How many segments there are ([`BodyScan::segment_count`]).
    pub fn count(&self) -> usize {
        usize::from(self.preamble.is_some()) + self.scan.headers.len()
    }

    /// The bytes of the body segment `index` comes from
    /// ([`SegmentSpan::raw`]); `index` is below [`SparseSegments::count`].
    pub fn raw(&self, index: usize) -> Range<usize> {
        match (&self.preamble, index) {
            (Some(preamble), 0) => preamble.raw.clone(),
            _ => {
                let k = self.header_index(index);
                self.scan.headers[k].line_start()..self.scan.header_raw_end(k)
            }
        }
    }

    /// The index of the segment whose raw range holds byte `at` of the
    /// body, looking at segments `from` on; `None` when none does (`at`
    /// is before them all, or `from` is past the last). Segments' raw
    /// ranges follow each other with no gap from the first on.
    #[inline]
    pub fn holding(&self, at: usize, from: usize) -> Option<usize> {
        let preamble = usize::from(self.preamble.is_some());
        if from < preamble && self.raw(0).contains(&at) {
            return Some(0);
        }
        let first_header = self.header_index(from.max(preamble));
        // Past the last header (`from` past the last segment): none.
        let headers = self.scan.headers.get(first_header..)?;
        if headers.first()?.line_start() > at {
            return None;
        }
        Some(preamble + first_header + last_starting_by(headers, at))
    }

    /// Segment `index`, built; indices asked for must not decrease (the
    /// carried speaker is worked out from the last one asked for).
    ///
    /// Inlined into the search pass's loop, its one caller there: the
    /// segment's parts then stay in registers rather than being written
    /// out and read back.
    #[inline]
    pub fn span(&mut self, index: usize) -> SegmentSpan<'s> {
        if index == 0
            && let Some(preamble) = &self.preamble
        {
            return preamble.clone();
        }
        let k = self.header_index(index);
        let scan = self.scan;
        let read = scan.read_header(k);
        let speaker = match (read.speaker, self.carried) {
            (Some(named), _) => Some(named),
            // The header before is the last one built: its speaker is the
            // one carried over, with nothing to read again.
            (None, Some((before, carried))) if before + 1 == k => carried,
            (None, _) => self.carried_before(k),
        };
        self.carried = Some((k, speaker));
        scan.header_span(k, read, speaker)
    }

    /// The speaker header `k` carries over when it names none: the one
    /// the nearest header before it names, looked for back to the last
    /// header whose speaker is known.
    fn carried_before(&self, k: usize) -> Option<&'s str> {
        let scan = self.scan;
        let (known_at, known) = match self.carried {
            Some((at, speaker)) if at < k => (at + 1, speaker),
            _ => (0, None),
        };
        let named = (known_at..k)
            .rev()
            .find_map(|header| scan.read_header(header).speaker);
        named.or(known)
    }

    /// The index among the headers of segment `index`.
    fn header_index(&self, index: usize) -> usize {
        index - usize::from(self.preamble.is_some())
    }
}

/// The index of the last of `headers` whose line starts at or before `at`,
/// the first's doing so. Most often the next hit is in the first segment
/// looked at or one a few on: those are walked to, and only a hit farther
/// on takes a galloping search (a binary search over all the rest cost a
/// cache miss a step).
fn last_starting_by(headers: &[HeaderAt], at: usize) -> usize {
    const WALKED: usize = 4;
    let starts_by = |h: &HeaderAt| h.line_start() <= at;
    let near = headers.get(1..).unwrap_or_default().iter().take(WALKED);
    let walked = near.take_while(|h| starts_by(h)).count();
    if walked < WALKED {
        return walked;
    }
    let mut bound = WALKED * 2;
    while bound < headers.len() && starts_by(&headers[bound]) {
        bound *= 2;
    }
    let (low, high) = (bound / 2, bound.min(headers.len()));
    low + headers[low..high].partition_point(starts_by) - 1
}

#[cfg(test)]
mod tests {
    use super::super::body_scan::tests::bodies;
    use super::*;

    type Seen = (Option<String>, Option<u32>, Range<usize>, String);

    fn seen(span: SegmentSpan) -> Seen {
        let speaker = span.speaker.map(str::to_string);
        (
            speaker,
            span.start,
            span.raw.clone(),
            span.text().into_owned(),
        )
    }

    /// Every other, every third… segment, built alone, is the one the walk
    /// over all of them builds: speakers carried over across the segments
    /// passed by included.
    #[test]
    fn segments_built_alone_are_the_walks() {
        let mut bodies = bodies();
        let carried = "Ann (00:00:01):\nhello\n\n".to_string() + &"(00:00:05):\nmore\n\n".repeat(9);
        bodies.push(carried + "Bo (00:01:00):\nbye\n\n(00:01:05):\nstill Bo\n");
        for body in bodies {
            let Some(layout) = BodyScan::scan(&body) else {
                continue;
            };
            let all: Vec<Seen> = layout.segments().map(seen).collect();
            assert_eq!(SparseSegments::new(&layout).count(), all.len());
            for step in 1..=4 {
                for first in 0..step.min(all.len()) {
                    let mut sparse = SparseSegments::new(&layout);
                    for k in (first..all.len()).step_by(step) {
                        assert_eq!(sparse.raw(k), all[k].2, "raw {k} of {body:?}");
                        assert_eq!(seen(sparse.span(k)), all[k], "{k} of {body:?}");
                    }
                }
            }
        }
    }

    /// A position is found in the segment whose raw range holds it, and in
    /// none before the first segment, looking from any segment up to it
    /// (near, walked to, or far, galloped to), and in none from a later one.
    #[test]
    fn positions_find_their_segment() {
        let mut bodies = bodies();
        let many = "Ann (00:00:01):\nhello\n\n".repeat(40);
        bodies.push(format!("before\n{many}(00:09:00):\nlast\n"));
        bodies.push("Cy:\nx\n".repeat(70));
        for body in bodies {
            let Some(layout) = BodyScan::scan(&body) else {
                continue;
            };
            let sparse = SparseSegments::new(&layout);
            let raws: Vec<Range<usize>> = layout.segments().map(|s| s.raw).collect();
            let first = raws.first().map_or(body.len(), |r| r.start);
            for at in 0..body.len() {
                let owner = raws.iter().position(|r| r.contains(&at));
                assert_eq!(sparse.holding(at, 0), owner, "{at} in {body:?}");
                if let Some(k) = owner {
                    for from in 0..=k {
                        assert_eq!(sparse.holding(at, from), Some(k), "{at} from {from}");
                    }
                    for from in k + 1..raws.len() + 3 {
                        assert_eq!(sparse.holding(at, from), None, "{at} from {from}");
                    }
                }
                assert_eq!(at < first, owner.is_none(), "no gap after the first");
            }
        }
    }
}
