//! Finding a literal that is not ASCII whatever its case (`café`), by a
//! byte that every way of writing it holds at one place: `memchr` for it
//! (32 bytes a step), and the spellings compared where it is.
//!
//! The case-insensitive regex for such a literal matches its spellings
//! (`café`, `CAFÉ`, `cAfÉ`… sixteen), which its packed searcher (Teddy)
//! looked for at about an instruction a byte, most of searching for
//! `café`. A spelling's bytes that are not ASCII share their lead byte
//! across cases more often than not (`é` is `C3 A9`, `É` is `C3 89`), and
//! such a byte is rare in English text.

use std::ops::Range;

/// The spellings of a literal, all of one length, and a byte over 0x7F
/// that each holds at one place.
#[derive(Debug, Clone)]
pub struct SharedByteFinder {
    /// Sorted, each once.
    spellings: Vec<Vec<u8>>,
    /// Where in each spelling the shared byte is.
    at: usize,
    byte: u8,
}

impl SharedByteFinder {
    /// The finder for the first place any of `spellings` occurs, when
    /// they are of one length and share a byte over 0x7F at one place
    /// (the last such place: a lead byte is shared by more text than
    /// the bytes after it). `None` otherwise.
    pub fn for_spellings(spellings: &[Vec<u8>]) -> Option<SharedByteFinder> {
        let first = spellings.first()?;
        if spellings.iter().any(|s| s.len() != first.len()) {
            return None;
        }
        let shared = |i: &usize| spellings.iter().all(|s| s[*i] == first[*i]);
        let at = (0..first.len())
            .filter(|&i| first[i] >= 0x80)
            .rfind(shared)?;
        let mut spellings = spellings.to_vec();
        spellings.sort_unstable();
        spellings.dedup();
        Some(SharedByteFinder {
            byte: first[at],
            at,
            spellings,
        })
    }

    /// The first match starting at or after `from`: the leftmost place a
    /// spelling occurs there. (The shared byte is found in order, each
    /// where a match would start `at` before it, so the first place that
    /// holds a spelling is the leftmost.)
    pub fn find_at(&self, haystack: &[u8], from: usize) -> Option<Range<usize>> {
        let len = self.spellings.first().map_or(0, Vec::len);
        let mut next = from.checked_add(self.at)?;
        loop {
            let hit = next + memchr::memchr(self.byte, haystack.get(next..)?)?;
            let start = hit - self.at;
            let window = haystack.get(start..start + len);
            let holds =
                |w: &[u8]| (self.spellings.binary_search_by(|s| s.as_slice().cmp(w))).is_ok();
            if window.is_some_and(holds) {
                return Some(start..start + len);
            }
            next = hit + 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_other_lengths_or_no_shared_byte_are_refused() {
        let of = |s: &[&str]| s.iter().map(|s| s.as_bytes().to_vec()).collect::<Vec<_>>();
        assert!(SharedByteFinder::for_spellings(&of(&["caf\u{e9}", "CAF\u{c9}"])).is_some());
        assert!(SharedByteFinder::for_spellings(&of(&["k", "\u{212a}"])).is_none());
        assert!(SharedByteFinder::for_spellings(&of(&["ab", "AB"])).is_none());
        assert!(SharedByteFinder::for_spellings(&of(&["\u{e9}", "\u{3b1}"])).is_none());
        assert!(SharedByteFinder::for_spellings(&[]).is_none());
        let finder = SharedByteFinder::for_spellings(&of(&["\u{e9}t\u{e9}", "\u{c9}T\u{c9}"]));
        assert_eq!(finder.map(|f| f.at), Some(3), "the last shared byte");
    }
}
