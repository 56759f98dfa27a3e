//! Finding an ASCII literal whatever its case, several times faster than the
//! case-insensitive regex it stands in for: the first bytes of the literal
//! are looked for in every case at once (the packed SIMD searcher of the
//! `aho-corasick` crate, 16 or 32 bytes a step), or its rarest byte in both
//! cases with `memchr2` where that searcher is not available, and the
//! bytes after them are compared. A one-byte literal is counted without
//! finding each match. Its matches are exactly the regex's, so it is used
//! only where that holds (see [`CaselessLiteral::for_query`]).

use std::ops::Range;

use aho_corasick::Span;
use aho_corasick::packed::{self, MatchKind};

use crate::search::Query;

mod pair;
mod shared_byte;
pub use pair::CaselessPair;
pub use shared_byte::SharedByteFinder;

/// An ASCII literal searched for regardless of ASCII case.
#[derive(Debug, Clone)]
pub struct CaselessLiteral {
    /// The literal, lower-cased.
    needle: Vec<u8>,
    /// The position in `needle` of its rarest byte: the one looked for.
    anchor: usize,
    lower: u8,
    upper: u8,
    /// Finds the literal's first [`PREFIX`] bytes in every case at once.
    prefix: Option<packed::Searcher>,
}

/// How many of the literal's first bytes the packed searcher looks for:
/// three letters are eight ways of writing them, few enough for it.
const PREFIX: usize = 3;

impl CaselessLiteral {
    /// The finder for `query` when it gives the same matches as the query's
    /// regex: a literal (not regex) searched regardless of case, made of
    /// ASCII without `k` or `s` (the only ASCII letters whose case-insensitive
    /// regex also matches a non-ASCII letter: the Kelvin sign and the long
    /// s). `None` otherwise, and for a query that matches nothing.
    pub fn for_query(query: &Query) -> Option<Self> {
        let pattern = query.pattern();
        let fits = !query.is_empty()
            && !query.options().regex
            && query.is_case_insensitive()
            && pattern.is_ascii()
            && !pattern
                .bytes()
                .any(|b| matches!(b.to_ascii_lowercase(), b'k' | b's'));
        fits.then(|| Self::new(pattern.as_bytes()))?
    }

    /// `None` for an empty literal.
    fn new(literal: &[u8]) -> Option<Self> {
        let needle = literal.to_ascii_lowercase();
        let anchor = (0..needle.len()).min_by_key(|&i| commonness(needle[i]))?;
        let lower = needle[anchor];
        Some(Self {
            anchor,
            lower,
            upper: lower.to_ascii_uppercase(),
            prefix: prefix_searcher(&needle),
            needle,
        })
    }

    /// How many matches `haystack` has from `from` on: for a one-byte
    /// literal, its bytes counted many at a time.
    pub fn count_from(&self, haystack: &str, from: usize) -> usize {
        let Some(rest) = haystack.as_bytes().get(from..) else {
            return 0;
        };
        if self.needle.len() == 1 {
            return count_either(rest, self.lower, self.upper);
        }
        let mut count = 0;
        let mut at = from;
        while let Some(found) = self.find_at(haystack.as_bytes(), at) {
            count += 1;
            at = found.end;
        }
        count
    }

    /// The matches in `haystack`, leftmost first and not overlapping, as a
    /// regex finds them.
    pub fn find_iter<'h>(&'h self, haystack: &'h str) -> impl Iterator<Item = Range<usize>> + 'h {
        let haystack = haystack.as_bytes();
        let mut from = 0;
        std::iter::from_fn(move || {
            let found = self.find_at(haystack, from)?;
            from = found.end;
            Some(found)
        })
    }

    /// The match at `start`, if there is one.
    fn match_at(&self, haystack: &[u8], start: usize) -> Option<Range<usize>> {
        let end = start + self.needle.len();
        let window = haystack.get(start..end)?;
        window
            .eq_ignore_ascii_case(&self.needle)
            .then_some(start..end)
    }

    /// The first match starting at or after `from`.
    pub fn find_at(&self, haystack: &[u8], from: usize) -> Option<Range<usize>> {
        match &self.prefix {
            Some(prefix) => self.find_by_prefix(prefix, haystack, from),
            None => self.find_by_anchor(haystack, from),
        }
    }

    /// The first match at or after `from`, its first bytes found by the
    /// packed searcher.
    fn find_by_prefix(
        &self,
        prefix: &packed::Searcher,
        haystack: &[u8],
        mut from: usize,
    ) -> Option<Range<usize>> {
        while from < haystack.len() {
            let span = Span::from(from..haystack.len());
            let start = prefix.find_in(haystack, span)?.start();
            if let Some(found) = self.match_at(haystack, start) {
                return Some(found);
            }
            from = start + 1;
        }
        None
    }

    /// The first match at or after `from`, its anchor byte found with
    /// `memchr2`.
    fn find_by_anchor(&self, haystack: &[u8], from: usize) -> Option<Range<usize>> {
        let mut at = from.checked_add(self.anchor)?;
        loop {
            let rest = haystack.get(at..)?;
            let hit = at + memchr::memchr2(self.lower, self.upper, rest)?;
            if let Some(found) = self.match_at(haystack, hit - self.anchor) {
                return Some(found);
            }
            at = hit + 1;
        }
    }
}

/// The packed searcher for every way of writing `needle`'s first
/// [`PREFIX`] bytes, for a literal of two bytes or more; `None` where the
/// processor lacks what it needs.
fn prefix_searcher(needle: &[u8]) -> Option<packed::Searcher> {
    if needle.len() < 2 {
        return None;
    }
    let mut variants = vec![Vec::new()];
    for &byte in &needle[..needle.len().min(PREFIX)] {
        let cases = [byte, byte.to_ascii_uppercase()];
        let cases = if cases[0] == cases[1] {
            &cases[..1]
        } else {
            &cases[..]
        };
        variants = (variants.iter())
            .flat_map(|v| cases.iter().map(move |&c| [v.as_slice(), &[c]].concat()))
            .collect();
    }
    let mut builder = packed::Config::new()
        .match_kind(MatchKind::LeftmostFirst)
        .builder();
    builder.extend(variants);
    builder.build()
}

/// How many bytes of `haystack` are `a` or `b`: compared a chunk at a time
/// into byte-wide counters, which the compiler turns into vector code.
fn count_either(haystack: &[u8], a: u8, b: u8) -> usize {
    haystack
        .chunks(255)
        .map(|chunk| {
            let hits = chunk
                .iter()
                .fold(0u8, |n, &byte| n + u8::from((byte == a) | (byte == b)));
            usize::from(hits)
        })
        .sum()
}

/// How common a byte is in English text, higher for more common: the
/// anchor is the byte with the lowest.
fn commonness(byte: u8) -> u8 {
    const LETTERS_BY_FREQUENCY: &[u8] = b"zqxjkvbpygfwmucldrhsnioate";
    match byte {
        b' ' => 255,
        b'a'..=b'z' => LETTERS_BY_FREQUENCY
            .iter()
            .position(|&b| b == byte)
            .map_or(0, |rank| 100 + rank as u8 * 5),
        _ => 50,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{SearchOptions, find_in_text};

    fn query(pattern: &str, regex: bool) -> Query {
        let options = SearchOptions {
            regex,
            case_sensitive: false,
        };
        Query::parse(pattern, options).expect("a valid query")
    }

    fn found(pattern: &str, text: &str) -> Vec<Range<usize>> {
        let finder = CaselessLiteral::for_query(&query(pattern, false)).expect("a fast pattern");
        finder.find_iter(text).collect()
    }

    #[test]
    fn matches_as_the_regex_does() {
        let text = "Product-market fit; PRODUCT. prod product-Market AaAaA aa é-p P";
        for pattern in ["p", "product", "product-m", "aa", "a", "-", " p", "é"] {
            let q = query(pattern, false);
            let Some(finder) = CaselessLiteral::for_query(&q) else {
                assert_eq!(pattern, "é", "only the non-ASCII pattern is refused");
                continue;
            };
            let fast: Vec<_> = finder.find_iter(text).collect();
            assert_eq!(fast, find_in_text(text, &q), "{pattern:?}");
        }
    }

    #[test]
    fn matches_do_not_overlap_and_stop_at_the_end() {
        assert_eq!(found("aa", "aaaaa"), vec![0..2, 2..4]);
        assert_eq!(found("ab", "xxa"), Vec::<Range<usize>>::new());
        assert_eq!(found("fit", "FIT"), vec![0..3]);
    }

    #[test]
    fn only_where_the_regex_would_match_the_same() {
        let refused =
            |pattern: &str, regex: bool| CaselessLiteral::for_query(&query(pattern, regex));
        // The Kelvin sign and the long s fold to k and s.
        assert!(refused("market", false).is_none());
        assert!(refused("sign", false).is_none());
        assert!(refused("café", false).is_none());
        assert!(refused("evals?", true).is_none());
        // An upper-case letter makes the search case-sensitive.
        assert!(refused("AI", false).is_none());
        assert!(refused("", false).is_none());
        assert!(refused("@lenny ", false).is_none());
        assert!(refused("@lenny growth", false).is_some());
    }

    #[test]
    fn common_and_rare_anchors_find_the_same() {
        let text = "pP-xp product pRoduct_z zz Z p";
        for pattern in ["p", "pr", "product", "-x", "z", "zz", "p p"] {
            let q = query(pattern, false);
            let fast: Vec<_> = CaselessLiteral::for_query(&q)
                .expect("fast")
                .find_iter(text)
                .collect();
            assert_eq!(fast, find_in_text(text, &q), "{pattern:?}");
        }
        // Every length, and matches up to the very end.
        for len in 0..20 {
            let text = "ap".repeat(len);
            assert_eq!(found("p", &text).len(), len);
            assert_eq!(found("pa", &text).len(), len.saturating_sub(1));
        }
    }

    /// Long texts, where the packed searcher works a vector at a time
    /// (short ones it hands to a slower path): the same matches as the
    /// regex, and the same count.
    #[test]
    fn long_texts_match_and_count_as_the_regex_does() {
        let letters = b"pPrRoOdDuU -aA";
        let mut state: u64 = 0x2545_f491;
        let text: String = (0..60_000)
            .map(|_| {
                state = crate::test_support::xorshift_next(state);
                char::from(letters[state as usize % letters.len()])
            })
            .collect();
        for pattern in [
            "p", "pr", "pro", "prod", "rod", "-a", "aa", " p", "a a", "uu",
        ] {
            let q = query(pattern, false);
            let finder = CaselessLiteral::for_query(&q).expect("fast");
            let expected = find_in_text(&text, &q);
            assert!(expected.len() > 10, "{pattern:?} is in the text");
            let fast: Vec<_> = finder.find_iter(&text).collect();
            assert_eq!(fast, expected, "{pattern:?}");
            assert_eq!(finder.count_from(&text, 0), expected.len(), "{pattern:?}");
            let after = expected[3].end;
            assert_eq!(finder.count_from(&text, after), expected.len() - 4);
        }
        let finder = CaselessLiteral::for_query(&query("pr", false)).expect("fast");
        assert_eq!(finder.count_from(&text, text.len() + 1), 0);
    }

    #[test]
    fn the_rarest_byte_is_looked_for() {
        let finder = CaselessLiteral::for_query(&query("the quiz", false)).expect("fast");
        assert_eq!(finder.needle[finder.anchor], b'z');
    }
}
