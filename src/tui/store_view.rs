//! What the shell keeps between it and the store worker: the bookmark
//! changes sent but not yet in a merged list the worker reported (so a
//! slow save never makes a fresh bookmark blink out), and notices waiting
//! their turn in the status line (so two at start-up are both seen).

use std::collections::VecDeque;
use std::sync::Arc;

use crate::bookmarks::{Bookmark, Change};

use super::action::{Effect, Effects};

/// See the module documentation.
#[derive(Debug, Default)]
pub struct StoreView {
    /// Changes sent to the worker that no report has acknowledged yet.
    unacked: VecDeque<Change>,
    /// Changes sent in all.
    sent: u64,
    /// Notices not shown yet, oldest first.
    notices: VecDeque<String>,
}

impl StoreView {
    /// Notes the bookmark changes among `effects`, which go to the worker.
    pub fn sending(&mut self, effects: &Effects) {
        for effect in effects {
            if let Effect::Bookmark(change) = effect {
                self.unacked.push_back(change.clone());
                self.sent += 1;
            }
        }
    }

    /// The worker's merged list holding the first `applied` changes, with
    /// the changes sent since then applied on top.
    pub fn merged(&mut self, bookmarks: Arc<Vec<Bookmark>>, applied: u64) -> Arc<Vec<Bookmark>> {
        let in_flight = usize::try_from(self.sent.saturating_sub(applied)).unwrap_or(usize::MAX);
        let acknowledged = self.unacked.len().saturating_sub(in_flight);
        self.unacked.drain(..acknowledged);
        if self.unacked.is_empty() {
            return bookmarks;
        }
        let mut all = bookmarks;
        let list = Arc::make_mut(&mut all);
        for change in &self.unacked {
            change.apply_to(list);
        }
        all
    }

    /// Shows `notice` in `slot` (a screen's status-line message) if it is
    /// free, else queues it behind the others.
    pub fn notice(&mut self, slot: Option<&mut Option<String>>, notice: String) {
        match slot {
            Some(slot) if slot.is_none() && self.notices.is_empty() => *slot = Some(notice),
            _ => self.notices.push_back(notice),
        }
    }

    /// After the user acted: the next queued notice, if the slot is free.
    pub fn next_notice(&mut self, slot: Option<&mut Option<String>>) {
        if let Some(slot) = slot.filter(|s| s.is_none()) {
            *slot = self.notices.pop_front();
        }
    }

    /// How many notices wait behind the one shown.
    pub fn waiting(&self) -> usize {
        self.notices.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bookmark(quote: &str) -> Bookmark {
        let yaml = format!("episode: e\nquote: {quote}\n");
        serde_yaml::from_str(&yaml).unwrap()
    }

    #[test]
    fn changes_sent_after_a_report_stay_on_top_of_it() {
        let mut view = StoreView::default();
        let (a, b) = (bookmark("a"), bookmark("b"));
        view.sending(&vec![Effect::Bookmark(Change::Add(a.clone()))]);
        view.sending(&vec![Effect::Bookmark(Change::Add(b.clone()))]);
        // The worker saved the first only.
        let merged = view.merged(Arc::new(vec![a.clone()]), 1);
        assert_eq!(*merged, [a.clone(), b.clone()]);
        // Then both: nothing left to replay.
        let merged = view.merged(Arc::new(vec![a.clone(), b.clone()]), 2);
        assert_eq!(*merged, [a, b]);
        assert!(view.unacked.is_empty());
    }

    #[test]
    fn notices_wait_their_turn() {
        let mut view = StoreView::default();
        let mut slot = None;
        view.notice(Some(&mut slot), "first".into());
        view.notice(Some(&mut slot), "second".into());
        assert_eq!(slot.as_deref(), Some("first"));
        assert_eq!(view.waiting(), 1);
        slot = None; // the user acted
        view.next_notice(Some(&mut slot));
        assert_eq!(slot.as_deref(), Some("second"));
        assert_eq!(view.waiting(), 0);
    }
}
