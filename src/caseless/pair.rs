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
//! A literal with `k` or `s` has more spellings: its case-insensitive
//! regex also matches the Kelvin sign (U+212A) for `k` and the long s
//! (U+017F) for `s`. Transcripts hardly ever hold either, so such a
//! literal is searched as above, and its regex asked only when one of the
//! two is where a match before the one found could lie
//! ([`CaselessPair::find_at`]). The matches are the regex's either way.

use std::ops::Range;

use regex::bytes::{Regex, RegexBuilder};

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
    /// For a literal with `k` or `s`: its case-insensitive regex, which
    /// also finds the spellings with the Kelvin sign or the long s.
    wide: Option<Regex>,
}

impl CaselessPair {
    /// The finder for `literal`, whose matches are its case-insensitive
    /// regex's: ASCII, with a letter. `None` otherwise.
    pub fn for_literal(literal: &[u8]) -> Option<CaselessPair> {
        let needle = literal.to_ascii_lowercase();
        if !needle.is_ascii() {
            return None;
        }
        let wide = match needle.iter().any(|&b| matches!(b, b'k' | b's')) {
            true => Some(case_insensitive_regex(literal)?),
            false => None,
        };
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
            wide,
        })
    }

    /// The first match starting at or after `from`: the leftmost place the
    /// literal occurs there, in any case (see the module comment for `k`
    /// and `s`).
    #[inline]
    pub fn find_at(&self, haystack: &[u8], from: usize) -> Option<Range<usize>> {
        let ascii = self.find_ascii_at(haystack, from);
        match &self.wide {
            None => ascii,
            Some(regex) => self.wide_or_ascii(regex, haystack, from, ascii),
        }
    }

    /// The first match from `from` given `ascii`, the first spelled in
    /// ASCII: that one, unless the Kelvin sign or the long s lies between
    /// `from` and its start (anywhere from `from`, when there is none);
    /// then the regex's. A match spelled with one of them that starts
    /// before `ascii` holds it before `ascii`'s start: any of its bytes from
    /// there on are `ascii`'s own, plain ASCII.
    #[inline(never)]
    fn wide_or_ascii(
        &self,
        regex: &Regex,
        haystack: &[u8],
        from: usize,
        ascii: Option<Range<usize>>,
    ) -> Option<Range<usize>> {
        let end = ascii.as_ref().map_or(haystack.len(), |m| m.start);
        match haystack.get(from..end).is_some_and(holds_wide_fold) {
            true => regex.find_at(haystack, from).map(|m| m.range()),
            false => ascii,
        }
    }

    /// The first match from `from` spelled in ASCII.
    #[inline]
    fn find_ascii_at(&self, haystack: &[u8], from: usize) -> Option<Range<usize>> {
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

/// The case-insensitive regex of the ASCII `literal`.
fn case_insensitive_regex(literal: &[u8]) -> Option<Regex> {
    let literal = std::str::from_utf8(literal).ok()?;
    RegexBuilder::new(&regex::escape(literal))
        .case_insensitive(true)
        .build()
        .ok()
}

/// Whether `bytes` hold the Kelvin sign or the long s: found by their last
/// bytes (`0xAA`, `0xBF`), which the curly quotes and dashes common in
/// transcripts do not end with.
fn holds_wide_fold(bytes: &[u8]) -> bool {
    memchr::memchr2_iter(0xAA, 0xBF, bytes).any(|at| {
        let through = &bytes[..=at];
        through.ends_with("\u{212A}".as_bytes()) || through.ends_with("\u{17F}".as_bytes())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// From every place, the first match is the case-insensitive regex's,
    /// on random text of the literal's letters in both cases (with the
    /// Kelvin sign and the long s among them, and chars ending in the same
    /// bytes), at lengths around a step's; and the two ASCII searches agree.
    #[test]
    fn finds_what_the_case_insensitive_regex_finds() {
        let mut seed = 0x9e37_79b9_u64;
        let (mut found, mut wide_found) = (0, 0);
        let literals = ["the", "ai", "eval", "a", "product-mart fit", "x-ray", "oo"];
        let with_k_or_s = ["sales", "ask", "okay", "zebra crossing", "s", "kiosk"];
        for literal in literals.iter().chain(&with_k_or_s) {
            let finder = CaselessPair::for_literal(literal.as_bytes()).expect("fits");
            let regex = case_insensitive_regex(literal.as_bytes()).expect("valid");
            let mut pieces: Vec<Vec<u8>> = (literal.bytes())
                .flat_map(|b| [vec![b], vec![b.to_ascii_uppercase()]])
                .collect();
            for other in [" ", "\n", "é", "-", "\u{212A}", "\u{17F}", "¿", "ª", "’"] {
                pieces.push(other.as_bytes().to_vec());
            }
            for len in [0, 1, 5, 31, 32, 33, 40, 64, 65, 100, 127, 128, 129, 300] {
                let text = crate::test_support::drawn_from(&pieces, len, &mut seed);
                for from in 0..=text.len() + 1 {
                    let expected = regex
                        .find_at(&text, from.min(text.len()))
                        .map(|m| m.range());
                    let expected = expected.filter(|_| from <= text.len());
                    found += usize::from(expected.is_some());
                    wide_found +=
                        usize::from(expected.clone().is_some_and(|m| !text[m].is_ascii()));
                    assert_eq!(
                        finder.find_at(&text, from),
                        expected,
                        "{literal} in {text:?} from {from}"
                    );
                    let ascii = finder.find_ascii_at(&text, from);
                    assert_eq!(finder.find_by_byte(&text, from), ascii);
                }
            }
        }
        assert!(found > 1000, "matches found: {found}");
        assert!(wide_found > 100, "matches with a wide fold: {wide_found}");
    }

    /// A literal with `k` or `s` finds the spellings with the Kelvin sign
    /// and the long s, as its regex does, and where no such char is the
    /// ASCII search's answer stands; a literal that is not ASCII or holds
    /// no letter is refused.
    #[test]
    fn finds_the_wide_spellings_and_refuses_what_it_cannot_find() {
        for literal in ["café", "2024", "", "- -"] {
            assert!(
                CaselessPair::for_literal(literal.as_bytes()).is_none(),
                "{literal}"
            );
        }
        let ask = CaselessPair::for_literal(b"ask").expect("fits");
        let wide = "xx a\u{17F}\u{212A} then ASK".as_bytes();
        assert_eq!(ask.find_at(wide, 0), Some(3..9));
        assert_eq!(ask.find_at(wide, 4), Some(15..18));
        assert_eq!(ask.find_at("it’s ¿ ask".as_bytes(), 0), Some(10..13));
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
