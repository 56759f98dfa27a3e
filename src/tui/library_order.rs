//! The library's order while it fills in: entry indices kept sorted as
//! entries arrive and change, at a cost that grows with the library, not
//! with its square.
//!
//! Sorting everything again for every loaded file costs n log n per file.
//! Instead, new and changed entries are staged and merged in a batch: a
//! sort of the batch and one linear merge. A batch is merged once it is a
//! eighth of the list (or when the caller says the list is complete), so
//! a library of n files costs O(n log n) in all, and the first screenful
//! still shows at once.

use std::cmp::Ordering;

/// The smallest batch worth a merge of its own.
const MIN_BATCH: usize = 16;
/// A batch is due once it is this fraction of the sorted list: the list
/// is merged about this many times while it loads.
const BATCH_FRACTION: usize = 8;

/// What the list is sorted by; `s` cycles through them in this order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SortKey {
    /// Newest first (undated last).
    #[default]
    Date,
    /// A to Z, whatever the case.
    Title,
    /// A to Z by guest (no guest last), each guest's newest first.
    Guest,
    /// Shortest first (no known duration last).
    Duration,
}

impl SortKey {
    /// The key `s` moves to next.
    pub fn next(self) -> Self {
        match self {
            SortKey::Date => SortKey::Title,
            SortKey::Title => SortKey::Guest,
            SortKey::Guest => SortKey::Duration,
            SortKey::Duration => SortKey::Date,
        }
    }

    /// How the header names it.
    pub fn label(self) -> &'static str {
        match self {
            SortKey::Date => "newest first",
            SortKey::Title => "by title",
            SortKey::Guest => "by guest",
            SortKey::Duration => "shortest first",
        }
    }
}

/// Entry indices in sorted order, plus those waiting to be merged in.
#[derive(Debug, Default)]
pub struct SortedEntries {
    sorted: Vec<usize>,
    staged: Vec<usize>,
    /// `is_staged[entry]`: whether `entry` waits in `staged`.
    is_staged: Vec<bool>,
}

impl SortedEntries {
    /// The entries merged so far, in order.
    pub fn as_slice(&self) -> &[usize] {
        &self.sorted
    }

    /// `entry` is new, or its sort key changed: it moves to its place at the
    /// next merge (until then it stays where it was, if anywhere).
    pub fn stage(&mut self, entry: usize) {
        if self.is_staged.len() <= entry {
            self.is_staged.resize(entry + 1, false);
        }
        if !self.is_staged[entry] {
            self.is_staged[entry] = true;
            self.staged.push(entry);
        }
    }

    /// Whether enough is staged to be worth a merge (anything at all while
    /// the list is empty: the first entries show at once).
    pub fn is_due(&self) -> bool {
        let batch = self.staged.len();
        batch > 0
            && (self.sorted.is_empty()
                || batch >= MIN_BATCH.max(self.sorted.len() / BATCH_FRACTION))
    }

    /// Whether anything waits to be merged.
    pub fn has_staged(&self) -> bool {
        !self.staged.is_empty()
    }

    /// Every entry moves to its place at the next merge: the order
    /// changed (one sort of the whole list then).
    pub fn stage_all(&mut self) {
        for entry in std::mem::take(&mut self.sorted) {
            self.stage(entry);
        }
    }

    /// Merges the staged entries in: those `keep` refuses leave the list;
    /// `order` compares two entries.
    pub fn merge(
        &mut self,
        keep: impl Fn(usize) -> bool,
        order: impl Fn(usize, usize) -> Ordering,
    ) {
        let is_staged = &self.is_staged;
        self.sorted.retain(|&e| !is_staged[e]);
        let mut batch = std::mem::take(&mut self.staged);
        for &entry in &batch {
            self.is_staged[entry] = false;
        }
        batch.retain(|&e| keep(e));
        batch.sort_by(|&a, &b| order(a, b));
        let old = std::mem::take(&mut self.sorted);
        self.sorted = merge_sorted(old, batch, order);
    }
}

/// Two sorted lists as one; on ties the first list's entry comes first.
fn merge_sorted(
    first: Vec<usize>,
    second: Vec<usize>,
    order: impl Fn(usize, usize) -> Ordering,
) -> Vec<usize> {
    let mut merged = Vec::with_capacity(first.len() + second.len());
    let (mut a, mut b) = (first.into_iter().peekable(), second.into_iter().peekable());
    while let (Some(&x), Some(&y)) = (a.peek(), b.peek()) {
        if order(y, x) == Ordering::Less {
            merged.push(y);
            b.next();
        } else {
            merged.push(x);
            a.next();
        }
    }
    merged.extend(a);
    merged.extend(b);
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by_key(keys: &[i32]) -> impl Fn(usize, usize) -> Ordering + '_ {
        move |a, b| keys[a].cmp(&keys[b]).then(a.cmp(&b))
    }

    #[test]
    fn staged_entries_merge_into_place_and_changed_ones_move() {
        let mut keys = vec![5, 1, 3];
        let mut order = SortedEntries::default();
        (0..3).for_each(|e| order.stage(e));
        order.merge(|_| true, by_key(&keys));
        assert_eq!(order.as_slice(), [1, 2, 0]);
        // Entry 1 changes, entry 3 arrives; until the merge nothing moves.
        keys[1] = 9;
        keys.push(4);
        order.stage(1);
        order.stage(3);
        order.stage(3);
        assert_eq!(order.as_slice(), [1, 2, 0]);
        order.merge(|_| true, by_key(&keys));
        assert_eq!(order.as_slice(), [2, 3, 0, 1]);
        assert!(!order.has_staged());
    }

    #[test]
    fn a_new_order_sorts_everything_again() {
        let keys = vec![2, 1, 3];
        let mut order = SortedEntries::default();
        (0..3).for_each(|e| order.stage(e));
        order.merge(|_| true, by_key(&keys));
        order.stage_all();
        order.merge(|_| true, |a, b| by_key(&keys)(b, a));
        assert_eq!(order.as_slice(), [2, 0, 1]);
        let cycle: Vec<SortKey> = std::iter::successors(Some(SortKey::Date), |k| Some(k.next()))
            .take(5)
            .collect();
        assert_eq!(cycle.first(), cycle.last(), "s comes back to the date");
    }

    #[test]
    fn refused_entries_leave_the_list() {
        let keys = vec![2, 1, 3];
        let mut order = SortedEntries::default();
        (0..3).for_each(|e| order.stage(e));
        order.merge(|_| true, by_key(&keys));
        order.stage(2);
        order.merge(|e| e != 2, by_key(&keys));
        assert_eq!(order.as_slice(), [1, 0]);
    }

    #[test]
    fn a_batch_is_due_once_it_is_a_fraction_of_the_list() {
        let keys: Vec<i32> = (0..5000).collect();
        let mut order = SortedEntries::default();
        assert!(!order.is_due(), "nothing to merge");
        order.stage(0);
        assert!(order.is_due(), "the first entries show at once");
        order.merge(|_| true, by_key(&keys));
        (1..MIN_BATCH).for_each(|e| order.stage(e));
        assert!(!order.is_due());
        order.stage(MIN_BATCH);
        assert!(order.is_due());
        (0..4096).for_each(|e| order.stage(e));
        order.merge(|_| true, by_key(&keys));
        (4096..4096 + 511).for_each(|e| order.stage(e));
        assert!(!order.is_due(), "511 of 4096 is under an eighth");
        order.stage(5000);
        assert!(order.is_due());
    }
}
