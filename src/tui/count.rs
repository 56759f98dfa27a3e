//! A count typed before a key, as in less and vim: `5j` five lines down,
//! `3]` three segments on, `12g` segment 12. The digits wait in the
//! reader until a key uses them; Esc drops them.

use super::action::Action;

/// The largest count kept: more digits are ignored, so a held key cannot
/// ask for an unbounded amount of work.
pub const MAX_COUNT: usize = 99_999;

/// Digits typed so far, if any.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Count(Option<usize>);

impl Count {
    /// One more digit (a leading `0` counts for nothing, as in less).
    pub fn push(&mut self, digit: u8) {
        let so_far = self.0.unwrap_or(0);
        let next = so_far * 10 + usize::from(digit);
        if next == 0 {
            return;
        }
        if next <= MAX_COUNT {
            self.0 = Some(next);
        }
    }

    /// The count waiting for a key.
    pub fn pending(&self) -> Option<usize> {
        self.0
    }

    /// The count for the key just pressed; none waits after it.
    pub fn take(&mut self) -> Option<usize> {
        self.0.take()
    }

    /// What the status line says while digits wait.
    pub fn notice(&self) -> Option<String> {
        self.0.map(|n| format!("count {n} · Esc cancels"))
    }
}

/// How a count changes an action.
#[derive(Debug, Clone, PartialEq)]
pub enum Counted {
    /// One action that already covers the count (a scroll made longer).
    Once(Action),
    /// The action repeated this many times (segment, speaker and match
    /// steps).
    Times(Action, usize),
    /// `g` / `G` with a count: this segment (counted from 1).
    Segment(usize),
    /// A key a count means nothing to: it runs once.
    Ignored(Action),
}

/// What `action` means after the count `n`.
pub fn counted(action: Action, n: usize) -> Counted {
    let by = |k: isize| k.saturating_mul(n as isize);
    match action {
        Action::ScrollRows(k) => Counted::Once(Action::ScrollRows(by(k))),
        Action::ScrollHalfPages(k) => Counted::Once(Action::ScrollHalfPages(by(k))),
        Action::ScrollPages(k) => Counted::Once(Action::ScrollPages(by(k))),
        Action::Top | Action::Bottom => Counted::Segment(n),
        Action::NextSegment
        | Action::PreviousSegment
        | Action::NextSpeaker
        | Action::PreviousSpeaker
        | Action::NextHit
        | Action::PreviousHit => Counted::Times(action, n),
        other => Counted::Ignored(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(digits: &[u8]) -> Count {
        let mut count = Count::default();
        for &d in digits {
            count.push(d);
        }
        count
    }

    #[test]
    fn digits_make_a_number_and_taking_it_clears_it() {
        let mut count = typed(&[1, 0]);
        assert_eq!(count.notice().as_deref(), Some("count 10 · Esc cancels"));
        assert_eq!(count.take(), Some(10));
        assert_eq!(count.take(), None);
        assert_eq!(typed(&[0]).pending(), None, "a lone 0 is no count");
        assert_eq!(typed(&[0, 7]).pending(), Some(7));
    }

    #[test]
    fn a_count_is_bounded() {
        let count = typed(&[9; 12]);
        assert_eq!(count.pending(), Some(MAX_COUNT));
    }

    #[test]
    fn scrolls_grow_steps_repeat_and_g_takes_a_segment() {
        assert_eq!(
            counted(Action::ScrollRows(-1), 5),
            Counted::Once(Action::ScrollRows(-5))
        );
        assert_eq!(
            counted(Action::ScrollPages(1), 3),
            Counted::Once(Action::ScrollPages(3))
        );
        assert_eq!(
            counted(Action::NextSegment, 3),
            Counted::Times(Action::NextSegment, 3)
        );
        assert_eq!(counted(Action::Bottom, 12), Counted::Segment(12));
        assert_eq!(
            counted(Action::CopyQuote, 2),
            Counted::Ignored(Action::CopyQuote)
        );
    }
}
