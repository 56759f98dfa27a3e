//! Which segments the reader shows: all of them, or only those a `&`
//! filter kept. The wrap index and every move of the reader step through
//! segments by this map, so a filtered view is the same reader over fewer
//! segments, each still known by its number in the whole transcript
//! (bookmarks, search hits and times keep meaning what they meant).
//!
//! Each question is answered in O(log n) by a binary search of the kept
//! numbers; building the map is one pass over the hits.

use std::sync::Arc;

use crate::search::Hit;

/// The segments on screen, by their number in the whole transcript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShownSegments {
    /// Every segment of a transcript of this many.
    All(usize),
    /// Only these (sorted, distinct, never empty) of `total`.
    Only { kept: Arc<[usize]>, total: usize },
}

impl Default for ShownSegments {
    fn default() -> Self {
        ShownSegments::All(0)
    }
}

impl ShownSegments {
    /// Only `segments` (sorted, any repeats dropped) of `total`; `None`
    /// when that leaves nothing to show.
    pub fn only(segments: impl IntoIterator<Item = usize>, total: usize) -> Option<Self> {
        let mut kept: Vec<usize> = Vec::new();
        for segment in segments {
            if segment < total && kept.last() != Some(&segment) {
                kept.push(segment);
            }
        }
        // Sorted input (hits are) stays as it is; anything else is sorted.
        if !kept.is_sorted() {
            kept.sort_unstable();
            kept.dedup();
        }
        (!kept.is_empty()).then(|| ShownSegments::Only {
            kept: kept.into(),
            total,
        })
    }

    /// The segments holding the hits (sorted by segment, as searches give
    /// them).
    pub fn of_hits(hits: &[Hit], total: usize) -> Option<Self> {
        Self::only(hits.iter().map(|hit| hit.segment), total)
    }

    /// Whether only some segments are shown.
    pub fn is_filtered(&self) -> bool {
        matches!(self, ShownSegments::Only { .. })
    }

    /// How many segments are shown.
    pub fn len(&self) -> usize {
        match self {
            ShownSegments::All(total) => *total,
            ShownSegments::Only { kept, .. } => kept.len(),
        }
    }

    /// Whether nothing is shown (an empty transcript).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many segments the whole transcript has.
    pub fn total(&self) -> usize {
        match self {
            ShownSegments::All(total) | ShownSegments::Only { total, .. } => *total,
        }
    }

    /// Whether segment `segment` is shown.
    pub fn contains(&self, segment: usize) -> bool {
        match self {
            ShownSegments::All(total) => segment < *total,
            ShownSegments::Only { kept, .. } => kept.binary_search(&segment).is_ok(),
        }
    }

    /// The first shown segment (0 for an empty transcript).
    pub fn first(&self) -> usize {
        match self {
            ShownSegments::All(_) => 0,
            ShownSegments::Only { kept, .. } => kept[0],
        }
    }

    /// The last shown segment (0 for an empty transcript).
    pub fn last(&self) -> usize {
        match self {
            ShownSegments::All(total) => total.saturating_sub(1),
            ShownSegments::Only { kept, .. } => kept[kept.len() - 1],
        }
    }

    /// The first shown segment after `segment`.
    pub fn next(&self, segment: usize) -> Option<usize> {
        self.at_or_after(segment.checked_add(1)?)
    }

    /// The last shown segment before `segment`.
    pub fn previous(&self, segment: usize) -> Option<usize> {
        self.at_or_before(segment.checked_sub(1)?)
    }

    /// The first shown segment at or after `segment`.
    pub fn at_or_after(&self, segment: usize) -> Option<usize> {
        match self {
            ShownSegments::All(total) => (segment < *total).then_some(segment),
            ShownSegments::Only { kept, .. } => {
                kept.get(kept.partition_point(|&k| k < segment)).copied()
            }
        }
    }

    /// The last shown segment at or before `segment`.
    pub fn at_or_before(&self, segment: usize) -> Option<usize> {
        match self {
            ShownSegments::All(0) => None,
            ShownSegments::All(total) => Some(segment.min(total - 1)),
            ShownSegments::Only { kept, .. } => {
                let after = kept.partition_point(|&k| k <= segment);
                after.checked_sub(1).map(|i| kept[i])
            }
        }
    }

    /// The shown segment nearest `segment`: itself, else the next shown,
    /// else the last before it.
    pub fn nearest(&self, segment: usize) -> usize {
        self.at_or_after(segment)
            .or_else(|| self.at_or_before(segment))
            .unwrap_or(0)
    }

    /// The shown segment `steps` shown segments from `segment` (a shown
    /// one), stopping at the first and the last.
    pub fn step(&self, segment: usize, steps: isize) -> usize {
        match self {
            ShownSegments::All(total) => segment
                .saturating_add_signed(steps)
                .min(total.saturating_sub(1)),
            ShownSegments::Only { kept, .. } => {
                let at = kept.partition_point(|&k| k < segment);
                let to = at.saturating_add_signed(steps).min(kept.len() - 1);
                kept[to]
            }
        }
    }

    /// The shown segments from `from` on, in order.
    pub fn iter_from(&self, from: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(self.at_or_after(from), |&s| self.next(s))
    }

    /// The shown segments before `before`, last first.
    pub fn iter_back_from(&self, before: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(self.previous(before), |&s| self.previous(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn only(segments: &[usize], total: usize) -> ShownSegments {
        ShownSegments::only(segments.iter().copied(), total).expect("not empty")
    }

    #[test]
    fn steps_over_the_segments_left_out() {
        let shown = only(&[2, 2, 5, 9], 12);
        assert_eq!(shown.len(), 3);
        assert_eq!((shown.first(), shown.last()), (2, 9));
        assert_eq!(shown.next(2), Some(5));
        assert_eq!(shown.next(9), None);
        assert_eq!(shown.previous(5), Some(2));
        assert_eq!(shown.previous(2), None);
        assert_eq!(shown.at_or_after(6), Some(9));
        assert_eq!(shown.at_or_before(6), Some(5));
        assert_eq!(shown.nearest(10), 9);
        assert_eq!(shown.step(2, 5), 9);
        assert_eq!(shown.step(9, -1), 5);
        assert!(shown.contains(5) && !shown.contains(4));
        assert_eq!(shown.iter_from(3).collect::<Vec<_>>(), [5, 9]);
        assert_eq!(shown.iter_back_from(9).collect::<Vec<_>>(), [5, 2]);
    }

    #[test]
    fn all_is_every_segment() {
        let all = ShownSegments::All(4);
        assert_eq!(all.next(2), Some(3));
        assert_eq!(all.next(3), None);
        assert_eq!(all.previous(0), None);
        assert_eq!(all.step(1, -5), 0);
        assert_eq!(all.step(1, 9), 3);
        assert_eq!(all.at_or_before(10), Some(3));
        assert!(!all.is_filtered());
    }

    #[test]
    fn nothing_left_is_no_filter() {
        assert_eq!(ShownSegments::only([], 4), None);
        assert_eq!(ShownSegments::only([7], 4), None, "past the end");
        assert_eq!(only(&[3, 1, 3], 4), only(&[1, 3], 4));
    }
}
