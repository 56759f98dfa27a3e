//! A text's lines, split at `\n` exactly as `str::split('\n')` splits
//! them, found with the `memchr` crate's vector search (several times
//! quicker on long files than the standard library's byte search).

/// The lines of `text`: what `text.split('\n')` gives.
pub fn lines(text: &str) -> Lines<'_> {
    Lines { rest: Some(text) }
}

/// Iterator of [`lines`].
#[derive(Debug, Clone)]
pub struct Lines<'a> {
    rest: Option<&'a str>,
}

impl<'a> Iterator for Lines<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        match memchr::memchr(b'\n', rest.as_bytes()) {
            Some(at) => {
                self.rest = Some(&rest[at + 1..]);
                Some(&rest[..at])
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_those_of_split() {
        for text in ["", "\n", "a", "a\n", "a\nb", "\n\na\n\nb\n\n", "é\nü"] {
            let ours: Vec<_> = lines(text).collect();
            let std: Vec<_> = text.split('\n').collect();
            assert_eq!(ours, std, "{text:?}");
        }
    }
}
