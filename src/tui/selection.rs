//! A range of segments chosen with `v`: one end stays where `v` was
//! pressed, the other is the reader's current segment, so every key that
//! moves the current segment extends the range. `y`, `Y` and `m` / `M`
//! then act on the whole range; Esc (or `v` again) drops it.

use std::ops::RangeInclusive;

/// Where a selection was started, if one is being made.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SegmentSelection {
    anchor: Option<usize>,
}

impl SegmentSelection {
    /// Starts a selection at segment `at`.
    pub fn start(&mut self, at: usize) {
        self.anchor = Some(at);
    }

    /// Drops the selection; whether there was one.
    pub fn cancel(&mut self) -> bool {
        self.anchor.take().is_some()
    }

    /// Whether a selection is being made.
    pub fn is_active(&self) -> bool {
        self.anchor.is_some()
    }

    /// The segments selected, given the current one (the moving end).
    pub fn range(&self, current: usize) -> Option<RangeInclusive<usize>> {
        let anchor = self.anchor?;
        Some(anchor.min(current)..=anchor.max(current))
    }

    /// Whether segment `i` is in the selection.
    pub fn contains(&self, current: usize, i: usize) -> bool {
        self.range(current).is_some_and(|range| range.contains(&i))
    }

    /// What the status line says while selecting.
    pub fn notice(&self, current: usize) -> Option<String> {
        let range = self.range(current)?;
        let n = range.end() - range.start() + 1;
        let segments = if n == 1 { "segment" } else { "segments" };
        Some(format!(
            "{n} {segments} selected · y copy · Y link · m bookmark · Esc cancels"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_range_runs_from_the_anchor_to_the_current_segment_either_way() {
        let mut selection = SegmentSelection::default();
        assert_eq!(selection.range(4), None);
        selection.start(4);
        assert_eq!(selection.range(7), Some(4..=7));
        assert_eq!(selection.range(2), Some(2..=4));
        assert!(selection.contains(2, 3) && !selection.contains(2, 5));
        assert_eq!(
            selection.notice(4).as_deref(),
            Some("1 segment selected · y copy · Y link · m bookmark · Esc cancels")
        );
        assert!(selection.cancel());
        assert!(!selection.cancel());
        assert!(!selection.is_active());
    }
}
