//! Byte searches for the short slices of markup: tag names, attribute
//! values, the text between two tags. The memchr crate's searches are the
//! fastest on long haystacks, but each call goes through a dispatch and a
//! set-up that cost more than the search on the dozen bytes of an
//! attribute value (a third of the time of reading word-level XML went
//! there). These look at the first [`SHORT`] bytes eight at a time, in a
//! plain word of the machine, and hand only what is left to memchr:
//! linear either way.

/// Bytes looked at eight at a time before the rest is handed to memchr.
const SHORT: usize = 64;

/// Every byte of a word set to 1, and every byte's top bit.
const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
const TOPS: u64 = u64::from_ne_bytes([0x80; 8]);

/// The eight bytes of `bytes` from `at` as one word (little-endian: the
/// first byte lowest).
fn word(bytes: &[u8], at: usize) -> u64 {
    let mut eight = [0u8; 8];
    eight.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(eight)
}

/// The top bit of each byte of `word` that equals `needle`'s bytes in
/// `pattern` (`needle` repeated): exact for the lowest such byte, which
/// is all that is asked of it (a borrow only runs upwards from a match).
fn matches(word: u64, pattern: u64) -> u64 {
    let diff = word ^ pattern;
    diff.wrapping_sub(ONES) & !diff & TOPS
}

/// The first of `needles` in the first [`SHORT`] bytes of `haystack`, a
/// word at a time, then byte by byte up to `SHORT`; `Err(at)` with where
/// the search stopped when none is there.
#[inline]
fn find_short<const N: usize>(needles: [u8; N], haystack: &[u8]) -> Result<usize, usize> {
    let patterns = needles.map(|n| ONES * u64::from(n));
    let mut at = 0;
    while at + 8 <= haystack.len() && at < SHORT {
        let word = word(haystack, at);
        let found = patterns.iter().fold(0, |any, &p| any | matches(word, p));
        if found != 0 {
            return Ok(at + found.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    if at >= SHORT || at == haystack.len() {
        return Err(at);
    }
    // The bytes after the last whole word: as the last eight, overlapping
    // the word before (whose bytes hold no needle, so the lowest match is
    // past them), rather than one at a time.
    if let Some(last) = haystack.len().checked_sub(8) {
        let found = patterns
            .iter()
            .fold(0, |any, &p| any | matches(word(haystack, last), p));
        return match found {
            0 => Err(haystack.len()),
            found => Ok(last + found.trailing_zeros() as usize / 8),
        };
    }
    let tail = haystack[at..].iter().position(|b| needles.contains(b));
    tail.map(|i| at + i).ok_or(haystack.len())
}

/// The first `needle` in `haystack`.
#[inline]
pub fn find(needle: u8, haystack: &[u8]) -> Option<usize> {
    match find_short([needle], haystack) {
        Ok(at) => Some(at),
        Err(at) if at == haystack.len() => None,
        Err(at) => memchr::memchr(needle, &haystack[at..]).map(|i| at + i),
    }
}

/// The first `one` or `other` in `haystack`.
#[inline]
pub fn find2(one: u8, other: u8, haystack: &[u8]) -> Option<usize> {
    match find_short([one, other], haystack) {
        Ok(at) => Some(at),
        Err(at) if at == haystack.len() => None,
        Err(at) => memchr::memchr2(one, other, &haystack[at..]).map(|i| at + i),
    }
}

/// The last `needle` in `haystack`.
pub fn rfind(needle: u8, haystack: &[u8]) -> Option<usize> {
    let (rest, last) = haystack.split_at(haystack.len().saturating_sub(SHORT));
    if let Some(at) = last.iter().rposition(|&b| b == needle) {
        return Some(rest.len() + at);
    }
    if rest.is_empty() {
        return None;
    }
    memchr::memrchr(needle, rest)
}

/// The first place where `needle` comes twice in a row in `haystack`:
/// eight places at a time (each word of bytes beside the word one byte
/// on), the last few bytes one at a time.
pub fn find_pair(needle: u8, haystack: &[u8]) -> Option<usize> {
    let pattern = ONES * u64::from(needle);
    let mut at = 0;
    while at + 9 <= haystack.len() {
        let pairs = exact_matches(word(haystack, at), pattern)
            & exact_matches(word(haystack, at + 1), pattern);
        if pairs != 0 {
            return Some(at + pairs.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    let rest = haystack.get(at..).unwrap_or_default();
    let pair = rest
        .windows(2)
        .position(|w| w[0] == needle && w[1] == needle);
    pair.map(|i| at + i)
}

/// The top bit of each byte of `word` that equals `needle`'s bytes in
/// `pattern`, every one exactly (no borrow between bytes, unlike
/// [`matches`]: both words' bytes are compared place by place).
fn exact_matches(word: u64, pattern: u64) -> u64 {
    let diff = word ^ pattern;
    let low = !TOPS;
    !(((diff & low) + low) | diff) & TOPS
}

/// Whether `haystack` holds `needle`.
pub fn contains(needle: u8, haystack: &[u8]) -> bool {
    find(needle, haystack).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fewer than `most` bytes drawn from `alphabet` (each at a place
    /// moved on by `stride`), the state stepped once.
    fn random_bytes(state: &mut u64, alphabet: &[u8], most: u64, stride: usize) -> Vec<u8> {
        *state = crate::test_support::xorshift_next(*state);
        let seed = *state;
        (0..(seed % most) as usize)
            .map(|i| alphabet[((seed >> (i % 50)) as usize + i * stride) % alphabet.len()])
            .collect()
    }

    #[test]
    fn near_misses_never_hide_the_first_match() {
        // Bytes one bit from the needles, and the top-bit bytes, beside
        // them in every order: the word-at-a-time test flags the lowest
        // match exactly.
        let alphabet = [
            b'<', b'=', b';', b'&', b'\'', 0x80, 0xbc, 0, 0xff, b'x', b'%',
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..20_000 {
            let bytes = random_bytes(&mut state, &alphabet, 90, 7);
            let first = bytes.iter().position(|&b| b == b'<');
            let either = bytes.iter().position(|&b| b == b'<' || b == b'&');
            assert_eq!(find(b'<', &bytes), first, "{bytes:?}");
            assert_eq!(find2(b'<', b'&', &bytes), either, "{bytes:?}");
        }
    }

    #[test]
    fn pairs_are_found_where_the_slice_methods_find_them() {
        let alphabet = [b' ', b' ', b'x', 0xa0, 0x20 ^ 0x80, 0x21, 0x1f];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            let bytes = random_bytes(&mut state, &alphabet, 40, 5);
            let first = bytes.windows(2).position(|w| w == b"  ");
            assert_eq!(find_pair(b' ', &bytes), first, "{bytes:?}");
        }
    }

    #[test]
    fn every_position_short_and_long_agrees_with_the_slice_methods() {
        for len in [0, 1, 5, 7, 8, 9, 31, 32, 33, 63, 64, 65, 71, 72, 100, 200] {
            for at in 0..len {
                let mut bytes = vec![b'x'; len];
                bytes[at] = b'<';
                if at + 3 < len {
                    bytes[at + 3] = b'<';
                }
                let first = bytes.iter().position(|&b| b == b'<');
                let last = bytes.iter().rposition(|&b| b == b'<');
                assert_eq!(find(b'<', &bytes), first, "{len} {at}");
                assert_eq!(rfind(b'<', &bytes), last, "{len} {at}");
                assert!(contains(b'<', &bytes));
                bytes[at] = b'&';
                let either = bytes.iter().position(|&b| b == b'<' || b == b'&');
                assert_eq!(find2(b'<', b'&', &bytes), either, "{len} {at}");
            }
            let plain = vec![b'x'; len];
            assert_eq!(find(b'<', &plain), None);
            assert_eq!(rfind(b'<', &plain), None);
            assert!(!contains(b'<', &plain));
            assert_eq!(find2(b'<', b'&', &plain), None);
        }
    }
}
