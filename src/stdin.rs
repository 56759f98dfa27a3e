//! A transcript read from standard input: `-` as a path (`curl … |
//! earmark -`, `earmark dump -`, `earmark search PATTERN -`). The format is
//! told by content, as for a file; the episode is named `<stdin>`, and its
//! bookmarks and reading position are kept by its transcript, as every
//! episode's are (they find it again whenever the same transcript is
//! piped in).

use std::io::{self, Read};
use std::path::Path;

use crate::episode::{Episode, EpisodeError, MAX_LAYOUT_BYTES, Reason, Source, reader_limit};
use crate::formats;
use crate::read_buffer::ReadBuffer;

/// The name standard input is shown by.
pub const STDIN_NAME: &str = "<stdin>";

/// Whether `path` names standard input (`-`). A file called `-` is `./-`.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Reads standard input into `bytes`, refusing more than the reader opens
/// from a file.
pub fn read_into(bytes: &mut Vec<u8>) -> Result<(), EpisodeError> {
    read_capped(io::stdin().lock(), bytes, reader_limit(), Reason::TooLarge)
}

/// Reads standard input into `bytes` for `earmark search`, which has no
/// limit but the largest transcript that can be laid out.
pub fn read_for_search(buffer: &mut ReadBuffer) -> Result<&[u8], EpisodeError> {
    let error = |reason| EpisodeError::new(STDIN_NAME, reason);
    let cap = MAX_LAYOUT_BYTES;
    let read = buffer.fill(io::stdin().lock(), 0, cap + 1);
    read.map_err(|e| error(Reason::from(e)))?;
    let len = buffer.bytes().len() as u64;
    if len > cap {
        return Err(error(Reason::BeyondLayout(len)));
    }
    Ok(buffer.bytes())
}

/// Reads `input` into `bytes`, at most `cap` bytes (refused with
/// `too_large`): memory stays bounded however much is piped in.
fn read_capped(
    input: impl Read,
    bytes: &mut Vec<u8>,
    cap: u64,
    too_large: fn(u64) -> Reason,
) -> Result<(), EpisodeError> {
    bytes.clear();
    let error = |reason| EpisodeError::new(STDIN_NAME, reason);
    input
        .take(cap + 1)
        .read_to_end(bytes)
        .map_err(|e| error(Reason::from(e)))?;
    if bytes.len() as u64 > cap {
        return Err(error(too_large(bytes.len() as u64)));
    }
    Ok(())
}

/// Parses the transcript on standard input.
pub fn parse() -> Result<Episode, EpisodeError> {
    let mut bytes = Vec::new();
    read_into(&mut bytes)?;
    formats::parse_bytes(&bytes, Source::Builtin(STDIN_NAME))
}

/// Parses `path`, or standard input when it is `-`.
pub fn parse_path(path: &Path) -> Result<Episode, EpisodeError> {
    if is_stdin(path) {
        parse()
    } else {
        formats::parse_file(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_lone_dash_is_stdin() {
        assert!(is_stdin(Path::new("-")));
        assert!(!is_stdin(Path::new("./-")) && !is_stdin(Path::new("--")));
    }

    #[test]
    fn input_over_the_cap_is_refused_after_reading_one_byte_past_it() {
        let mut bytes = Vec::new();
        let error = read_capped(&[b'x'; 11][..], &mut bytes, 10, Reason::TooLarge).unwrap_err();
        assert!(matches!(error.reason, Reason::TooLarge(11)), "{error}");
        assert!(
            error.to_string().starts_with("<stdin>: too large"),
            "{error}"
        );
        read_capped(&[b'x'; 10][..], &mut bytes, 10, Reason::TooLarge).expect("at the cap");
        assert_eq!(bytes.len(), 10);
    }
}
