//! Reading a transcript file's bytes: what is refused before any parsing
//! (directories, special files, files too large), with the file named.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use super::error::EpisodeError;

/// Files larger than this are refused: a transcript is ~100 KB and a whole
/// archive ~26 MB, so this only stops a stray disk image from eating memory.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Reads a transcript file's bytes, refusing directories, special files and
/// files over [`MAX_FILE_BYTES`], with the file named in the error.
pub fn read_file(path: &Path) -> Result<Vec<u8>, EpisodeError> {
    let mut bytes = Vec::new();
    read_file_into(path, &mut bytes)?;
    Ok(bytes)
}

/// [`read_file`] into a buffer the caller keeps: searching many files with
/// one buffer spares the kernel a fresh mapping (and its page faults) per
/// file.
pub fn read_file_into(path: &Path, bytes: &mut Vec<u8>) -> Result<(), EpisodeError> {
    bytes.clear();
    let error = |reason| EpisodeError::new(path.display(), reason);
    let meta = std::fs::metadata(path).map_err(|e| error(e.into()))?;
    if meta.is_dir() {
        return Err(error(super::error::Reason::Directory));
    }
    if !meta.is_file() {
        return Err(error(super::error::Reason::NotRegular));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(error(super::error::Reason::TooLarge(meta.len())));
    }
    bytes.reserve(meta.len() as usize);
    File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(bytes))
        .map_err(|e| error(e.into()))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(error(super::error::Reason::TooLarge(bytes.len() as u64)));
    }
    Ok(())
}
