//! Finding an ASCII literal whatever its case by three of its letters at
//! once: `earmark search`'s raw test for a case-insensitive literal.
//!
//! Setting bit 5 of a byte (`| 0x20`) lower-cases an ASCII letter and maps
//! no byte but the letter's two cases to it, so three letters of the
//! literal (its rarest; fewer when it has fewer) are compared, in both
//! cases, 64 places a step (AVX2): a place where all are found is a
//! candidate, and the whole literal is compared there. Even a literal of
//! common letters (`the`) leaves few candidates that are not matches (two
//! letters left `th` in `this`, `that`, `with`…, a mispredicted branch
//! each); the packed searcher the regex crate chooses for the eight or
//! sixteen ways of writing a short word spent most of its time on those
//! (searching for `evals?`, it was a seventh of the CPU).
//!
//! Its matches are exactly a case-insensitive regex's only for a literal
//! without `k` and `s`, whose case-insensitive regex also matches the
//! Kelvin sign and the long s: the caller checks that
//! ([`CaselessPair::for_literal`] refuses them).

use std::ops::Range;

use super::commonness;

/// An ASCII literal holding a letter, searched for regardless of case.
#[derive(Debug, Clone)]
pub struct CaselessPair {
    /// The literal, lower-cased.
    needle: Vec<u8>,
    /// Where in `needle` the letters looked for are, its rarest (the same
    /// place twice when it holds fewer than three letters).
    first: usize,
    second: usize,
    third: usize,
    /// The letters looked for are the whole literal (`the`, `ai`): a place
    /// where all are found is a match, with nothing more to compare.
    whole: bool,
}

impl CaselessPair {
    /// The finder for `literal` when its matches are a case-insensitive
    /// regex's: ASCII, with a letter, and no `k` or `s` (see the module
    /// comment). `None` otherwise.
    pub fn for_literal(literal: &[u8]) -> Option<CaselessPair> {
        let needle = literal.to_ascii_lowercase();
        if !needle.is_ascii() || needle.iter().any(|&b| matches!(b, b'k' | b's')) {
            return None;
        }
        let mut letters: Vec<usize> = (0..needle.len())
            .filter(|&i| needle[i].is_ascii_lowercase())
            .collect();
        letters.sort_by_key(|&i| commonness(needle[i]));
        let first = *letters.first()?;
        let second = letters.get(1).copied().unwrap_or(first);
        let third = letters.get(2).copied().unwrap_or(second);
        let whole = (0..needle.len()).all(|i| [first, second, third].contains(&i));
        Some(CaselessPair {
            needle,
            first,
            second,
            third,
            whole,
        })
    }

    /// The first match starting at or after `from`: the leftmost place the
    /// literal occurs there, in any case.
    pub fn find_at(&self, haystack: &[u8], from: usize) -> Option<Range<usize>> {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU has AVX2, as just checked.
            return unsafe { self.find_avx2(haystack, from) };
        }
        self.find_by_byte(haystack, from)
    }

    /// Whether the literal is at `start` of `haystack`. (A loop of its
    /// own: `eq_ignore_ascii_case` was left a call a candidate.)
    #[inline(always)]
    fn is_at(&self, haystack: &[u8], start: usize) -> bool {
        let window = haystack.get(start..start + self.needle.len());
        window.is_some_and(|window| {
            let same = |(b, lower): (&u8, &u8)| b.to_ascii_lowercase() == *lower;
            window.iter().zip(&self.needle).all(same)
        })
    }

    /// [`CaselessPair::find_at`] by `memchr2` on the rarest letter's two
    /// cases: without AVX2, and for the last places of a haystack.
    fn find_by_byte(&self, haystack: &[u8], from: usize) -> Option<Range<usize>> {
        let lower = self.needle[self.first];
        let upper = lower.to_ascii_uppercase();
        let mut at = from.checked_add(self.first)?;
        loop {
            let rest = haystack.get(at..)?;
            let start = at + memchr::memchr2(lower, upper, rest)? - self.first;
            if self.is_at(haystack, start) {
                return Some(start..start + self.needle.len());
            }
            at = start + self.first + 1;
        }
    }

    /// [`CaselessPair::find_at`], 64 places a step: two halves of 32
    /// (AVX2), their hits tested and branched on once.
    ///
    /// A literal of two letters (`ai`) has no third to test: its own loop
    /// leaves out the third load and compare, a quarter of the loop's work
    /// on every byte searched.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn find_avx2(&self, haystack: &[u8], from: usize) -> Option<Range<usize>> {
        match self.third == self.second {
            true => self.find_avx2_letters::<false>(haystack, from),
            false => self.find_avx2_letters::<true>(haystack, from),
        }
    }

    /// [`CaselessPair::find_avx2`], the third letter tested when `THIRD`.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn find_avx2_letters<const THIRD: bool>(
        &self,
        haystack: &[u8],
        from: usize,
    ) -> Option<Range<usize>> {
        use std::arch::x86_64::{
            __m256i, _mm256_and_si256, _mm256_cmpeq_epi8, _mm256_loadu_si256, _mm256_movemask_epi8,
            _mm256_or_si256, _mm256_set1_epi8,
        };
        const HALF: usize = 32;
        const STEP: usize = 2 * HALF;
        let len = self.needle.len();
        // A step starting at `start` reads up to `start + len - 1 + STEP`.
        let steps_end = (haystack.len() + 1).saturating_sub(len + STEP - 1);
        let fold = _mm256_set1_epi8(0x20);
        let first = _mm256_set1_epi8(self.needle[self.first] as i8);
        let second = _mm256_set1_epi8(self.needle[self.second] as i8);
        let third = _mm256_set1_epi8(self.needle[self.third] as i8);
        // The places among the 32 from `at` where all three letters are.
        let hits_at = |at: usize| {
            // SAFETY: `at + offset + HALF <= start + len - 1 + STEP <=
            // haystack.len()` for each offset (each below `len`) and both
            // halves' `at`, as `start < steps_end` says; the loads take
            // any alignment.
            let (x, y) = unsafe {
                let base = haystack.as_ptr().add(at);
                let x = _mm256_loadu_si256(base.add(self.first).cast::<__m256i>());
                let y = _mm256_loadu_si256(base.add(self.second).cast::<__m256i>());
                (x, y)
            };
            let a = _mm256_cmpeq_epi8(_mm256_or_si256(x, fold), first);
            let b = _mm256_cmpeq_epi8(_mm256_or_si256(y, fold), second);
            let mut both = _mm256_and_si256(a, b);
            if THIRD {
                // SAFETY: as for `x` and `y`, `self.third` being below `len`.
                let z = unsafe {
                    let base = haystack.as_ptr().add(at);
                    _mm256_loadu_si256(base.add(self.third).cast::<__m256i>())
                };
                let c = _mm256_cmpeq_epi8(_mm256_or_si256(z, fold), third);
                both = _mm256_and_si256(both, c);
            }
            _mm256_movemask_epi8(both) as u32
        };
        let mut start = from;
        while start < steps_end {
            let mut hits = u64::from(hits_at(start)) | u64::from(hits_at(start + HALF)) << HALF;
            while hits != 0 {
                let candidate = start + hits.trailing_zeros() as usize;
                // In bounds: `candidate + len <= start + STEP - 1 + len`.
                if self.whole || self.is_at(haystack, candidate) {
                    return Some(candidate..candidate + len);
                }
                hits &= hits - 1;
            }
            start += STEP;
        }
        self.find_by_byte(haystack, start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::bytes::RegexBuilder;

    /// From every place, the first match is the case-insensitive regex's,
    /// on random text of the literal's letters in both cases, at lengths
    /// around a step's.
    #[test]
    fn finds_what_the_case_insensitive_regex_finds() {
        let mut seed = 0x9e37_79b9_u64;
        let mut found = 0;
        for literal in ["the", "ai", "eval", "a", "product-mart fit", "x-ray", "oo"] {
            let finder = CaselessPair::for_literal(literal.as_bytes()).expect("fits");
            let regex = RegexBuilder::new(&regex::escape(literal))
                .case_insensitive(true)
                .build()
                .expect("valid");
            let alphabet: Vec<u8> = literal
                .bytes()
                .flat_map(|b| [b, b.to_ascii_uppercase()])
                .chain(*b" \n\xc3\xa9-")
                .collect();
            for len in [0, 1, 5, 31, 32, 33, 40, 64, 65, 100, 127, 128, 129, 300] {
                let text: Vec<u8> = (0..len)
                    .map(|_| {
                        seed = crate::test_support::lcg_next(seed);
                        alphabet[(seed >> 33) as usize % alphabet.len()]
                    })
                    .collect();
                for from in 0..=len + 1 {
                    let expected = regex.find_at(&text, from.min(len)).map(|m| m.range());
                    let expected = expected.filter(|_| from <= len);
                    found += usize::from(expected.is_some());
                    assert_eq!(
                        finder.find_at(&text, from),
                        expected,
                        "{literal} in {text:?}"
                    );
                    assert_eq!(finder.find_by_byte(&text, from), expected);
                }
            }
        }
        assert!(found > 1000, "matches found: {found}");
    }

    /// Literals the regex would match otherwise are refused: `k` and `s`
    /// fold from non-ASCII letters, and a literal with no letter has no
    /// case.
    #[test]
    fn refuses_what_it_cannot_find_exactly() {
        for literal in ["market", "evals", "café", "2024", "", "- -"] {
            assert!(
                CaselessPair::for_literal(literal.as_bytes()).is_none(),
                "{literal}"
            );
        }
        let finder = CaselessPair::for_literal(b"The").expect("fits");
        assert_eq!(finder.find_at(b"xx tHE", 0), Some(3..6));
    }

    /// A literal of at most three letters is found by its letters alone.
    #[test]
    fn short_words_are_their_letters() {
        for (literal, whole) in [("the", true), ("ai", true), ("a", true), ("x-ray", false)] {
            let finder = CaselessPair::for_literal(literal.as_bytes()).expect("fits");
            assert_eq!(finder.whole, whole, "{literal}");
        }
        for literal in ["eval", "a-", "-a", "a b"] {
            let finder = CaselessPair::for_literal(literal.as_bytes()).expect("fits");
            assert!(!finder.whole, "{literal}");
        }
    }

    #[test]
    fn the_rarest_letters_are_looked_for() {
        let finder = CaselessPair::for_literal(b"the quiz").expect("fits");
        assert_eq!(finder.needle[finder.first], b'z');
        assert_eq!(finder.needle[finder.second], b'q');
        assert_eq!(finder.needle[finder.third], b'u');
    }
}
