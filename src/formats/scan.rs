//! Byte searches for the short slices of markup: tag names, attribute
//! values, the text between two tags. The memchr crate's searches are the
//! fastest on long haystacks, but each call goes through a dispatch and a
//! set-up that cost more than the search on the dozen bytes of an
//! attribute value (a third of the time of reading word-level XML went
//! there). These look at the first [`SHORT`] bytes one by one and hand
//! only what is left to memchr: linear either way.

/// Bytes compared one by one before the rest is handed to memchr.
const SHORT: usize = 32;

/// The first `needle` in `haystack`.
pub fn find(needle: u8, haystack: &[u8]) -> Option<usize> {
    let (head, tail) = haystack.split_at(haystack.len().min(SHORT));
    if let Some(at) = head.iter().position(|&b| b == needle) {
        return Some(at);
    }
    if tail.is_empty() {
        return None;
    }
    memchr::memchr(needle, tail).map(|at| at + head.len())
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

/// Whether `haystack` holds `needle`.
pub fn contains(needle: u8, haystack: &[u8]) -> bool {
    find(needle, haystack).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_position_short_and_long_agrees_with_the_slice_methods() {
        for len in [0, 1, 5, 31, 32, 33, 64, 100] {
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
            }
            let plain = vec![b'x'; len];
            assert_eq!(find(b'<', &plain), None);
            assert_eq!(rfind(b'<', &plain), None);
            assert!(!contains(b'<', &plain));
        }
    }
}
