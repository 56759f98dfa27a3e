//! Bytes → [`Episode`]: reading a file and handing its bytes to the
//! parser of the format they are written in.

use std::path::Path;

use super::error::EpisodeError;
use super::model::{Episode, Source};
use super::read::read_file;

/// Reads and parses a transcript file.
pub fn parse_file(path: &Path) -> Result<Episode, EpisodeError> {
    let bytes = read_file(path)?;
    parse_bytes(&bytes, Source::File(path.to_path_buf()))
}

/// Parses a transcript held in memory, in whichever format it is written
/// (see [`crate::formats`]).
pub fn parse_bytes(bytes: &[u8], source: Source) -> Result<Episode, EpisodeError> {
    crate::formats::parse_bytes(bytes, source)
}
