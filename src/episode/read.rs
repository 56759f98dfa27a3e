//! Reading a transcript file's bytes: what is refused before any parsing
//! (directories, special files, files too large), with the file named.

use std::fs::{File, Metadata};
use std::io::Read;
use std::ops::Deref;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use memmap2::Mmap;

use super::error::{EpisodeError, Reason};
use crate::read_buffer::ReadBuffer;

/// Files larger than this are refused by the reader: it keeps the whole
/// transcript, parsed, in memory (about twice the file), and a transcript
/// is ~100 KB and a whole archive ~26 MB, so this only stops a stray disk
/// image from eating memory. `earmark search` has no such limit.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Set in the environment of a debug build, a lower limit than
/// [`MAX_FILE_BYTES`] for the reader: the tests that show `earmark search`
/// has none then need a file of a few MiB, not 256 MiB (which an
/// unoptimised build takes a minute to search). Ignored in release builds.
pub const READER_LIMIT_ENV: &str = "EARMARK_DEBUG_READER_LIMIT";

/// The reader's limit: [`MAX_FILE_BYTES`], or in a debug build a lower
/// one from [`READER_LIMIT_ENV`].
pub fn reader_limit() -> u64 {
    let lowered = cfg!(debug_assertions)
        .then(|| std::env::var(READER_LIMIT_ENV).ok()?.parse::<u64>().ok())
        .flatten();
    lowered.map_or(MAX_FILE_BYTES, |limit| limit.min(MAX_FILE_BYTES))
}

/// The largest transcript anything can lay out: positions in a body are
/// 32-bit (a header's place costs 12 bytes, not 24).
pub const MAX_LAYOUT_BYTES: u64 = u32::MAX as u64;

/// Files at least this large are mapped by [`read_for_search`] rather than
/// copied: no buffer to fill and fault in (a 258 MB file cost ~0.5 s of
/// system time read), and the pages are the kernel's cache. Smaller files
/// are read into one reused buffer: mapping and unmapping each of
/// thousands of small files costs more than the copy.
pub const MAP_MIN_BYTES: u64 = 4 << 20;

/// Reads a transcript file's bytes, refusing directories, special files and
/// files over [`MAX_FILE_BYTES`] ([`reader_limit`]), with the file named
/// in the error.
pub fn read_file(path: &Path) -> Result<Vec<u8>, EpisodeError> {
    let mut bytes = Vec::new();
    read_file_into(path, &mut bytes)?;
    Ok(bytes)
}

/// [`read_file`] into a buffer the caller keeps: searching many files with
/// one buffer spares the kernel a fresh mapping (and its page faults) per
/// file.
pub fn read_file_into(path: &Path, bytes: &mut Vec<u8>) -> Result<(), EpisodeError> {
    read_capped(path, bytes, reader_limit(), Reason::TooLarge)
}

/// A file's bytes for `earmark search`: read into the caller's buffer, or
/// mapped when large.
pub enum FileBytes<'b> {
    Read(&'b [u8]),
    Mapped(Mmap),
}

impl Deref for FileBytes<'_> {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            FileBytes::Read(bytes) => bytes,
            FileBytes::Mapped(map) => map,
        }
    }
}

/// A file's bytes for `earmark search`, which has no size limit but
/// [`MAX_LAYOUT_BYTES`]: large files (4 MiB or more) are mapped, so
/// that memory holds no copy of them, and the others are read into
/// `buffer`. Directories and special files are refused as by [`read_file`].
pub fn read_for_search<'b>(
    path: &Path,
    buffer: &'b mut ReadBuffer,
) -> Result<FileBytes<'b>, EpisodeError> {
    read_for_search_seen(path, buffer).map(|(bytes, _)| bytes)
}

/// [`read_for_search`], with how the file looked just before it was read
/// (what the search cache keys an entry by: a change during the read
/// leaves the file looking otherwise, and the entry unused).
pub fn read_for_search_seen<'b>(
    path: &Path,
    buffer: &'b mut ReadBuffer,
) -> Result<(FileBytes<'b>, Metadata), EpisodeError> {
    let error = |reason| EpisodeError::new(path.display(), reason);
    let (file, seen) = open_regular(path)?;
    let len = seen.len();
    if len > MAX_LAYOUT_BYTES {
        return Err(error(Reason::BeyondLayout(len)));
    }
    if len < MAP_MIN_BYTES {
        let cap = MAX_LAYOUT_BYTES;
        buffer
            .fill(file, len, cap + 1)
            .map_err(|e| error(e.into()))?;
        let read = buffer.bytes().len() as u64;
        if read > cap {
            return Err(error(Reason::BeyondLayout(read)));
        }
        return Ok((FileBytes::Read(buffer.bytes()), seen));
    }
    // SAFETY: the map is only read, and dropped before the search returns.
    // A file truncated by another process while it is searched may end the
    // process with SIGBUS, as it does for rg, which maps files too; a
    // file changed while searched gives the lines of either version.
    let map = unsafe { Mmap::map(&file) }.map_err(|e| error(e.into()))?;
    if map.len() as u64 > MAX_LAYOUT_BYTES {
        return Err(error(Reason::BeyondLayout(map.len() as u64)));
    }
    Ok((FileBytes::Mapped(map), seen))
}

/// The regular file at `path`, opened for reading, and how it looked
/// then (one `statx` for both the refusal and the caller); directories
/// and special files are refused as by [`regular_file_len`].
///
/// Opened first and looked at through the open file: a `stat` by name
/// before the open walked the path twice, a twentieth of searching a
/// folder of small files. `O_NONBLOCK` makes the open of a FIFO (put where
/// a file was found) return at once rather than wait for a writer; it
/// changes nothing for a regular file. When the open fails, the file is
/// looked at by name, so that the error says what it said before (a
/// directory one may not read is still "a directory").
fn open_regular(path: &Path) -> Result<(File, Metadata), EpisodeError> {
    let error = |reason| EpisodeError::new(path.display(), reason);
    let nonblocking = rustix::fs::OFlags::NONBLOCK.bits() as i32;
    let opened = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(nonblocking)
        .open(path);
    let file = match opened {
        Ok(file) => file,
        Err(e) => {
            regular_file_len(path)?;
            return Err(error(e.into()));
        }
    };
    let meta = file.metadata().map_err(|e| error(e.into()))?;
    if meta.is_dir() {
        return Err(error(Reason::Directory));
    }
    if !meta.is_file() {
        return Err(error(Reason::NotRegular));
    }
    Ok((file, meta))
}

/// The length of the regular file at `path`; directories and special
/// files are refused.
fn regular_file_len(path: &Path) -> Result<u64, EpisodeError> {
    let error = |reason| EpisodeError::new(path.display(), reason);
    let meta = std::fs::metadata(path).map_err(|e| error(e.into()))?;
    if meta.is_dir() {
        return Err(error(Reason::Directory));
    }
    if !meta.is_file() {
        return Err(error(Reason::NotRegular));
    }
    Ok(meta.len())
}

/// Reads the regular file at `path` into `bytes`, refusing more than
/// `cap` bytes with `too_large`, even if the file grew after it was looked
/// at.
fn read_capped(
    path: &Path,
    bytes: &mut Vec<u8>,
    cap: u64,
    too_large: fn(u64) -> Reason,
) -> Result<(), EpisodeError> {
    let len = regular_file_len(path)?;
    if len > cap {
        return Err(EpisodeError::new(path.display(), too_large(len)));
    }
    read_known(path, bytes, len, cap, too_large)
}

/// [`read_capped`] of a regular file found `len` bytes long, at most
/// `cap`.
fn read_known(
    path: &Path,
    bytes: &mut Vec<u8>,
    len: u64,
    cap: u64,
    too_large: fn(u64) -> Reason,
) -> Result<(), EpisodeError> {
    let file = File::open(path).map_err(|e| EpisodeError::new(path.display(), e.into()))?;
    read_opened(file, path, bytes, len, cap, too_large)
}

/// [`read_known`] of a file already open.
fn read_opened(
    file: File,
    path: &Path,
    bytes: &mut Vec<u8>,
    len: u64,
    cap: u64,
    too_large: fn(u64) -> Reason,
) -> Result<(), EpisodeError> {
    bytes.clear();
    let error = |reason| EpisodeError::new(path.display(), reason);
    bytes.reserve(len as usize);
    read_in_chunks(file.take(cap + 1), bytes).map_err(|e| error(e.into()))?;
    if bytes.len() as u64 > cap {
        return Err(error(too_large(bytes.len() as u64)));
    }
    Ok(())
}

/// Bytes read at a time by [`read_in_chunks`].
const READ_CHUNK: usize = 64 << 10;

/// Appends everything `from` holds to `into`, read [`READ_CHUNK`] bytes at
/// a time into a small buffer and copied on. The kernel's copy straight
/// into a `Vec` the size of a file costs twice the system time of this: such
/// a `Vec` starts 16 bytes into a page, and the kernel copies slowly to
/// an address not 64-byte aligned (see [`crate::read_buffer`], which
/// `earmark search` reads its many files with). One file opened by the
/// reader does not need a buffer kept for the next.
///
/// The chunk is a fresh array on the stack, zeroed for every file: one
/// kept per thread and zeroed once (no memset) measured slower, 10–25%
/// more user time searching 3,000 files.
fn read_in_chunks(mut from: impl Read, into: &mut Vec<u8>) -> std::io::Result<()> {
    let mut chunk = [0u8; READ_CHUNK];
    loop {
        match from.read(&mut chunk) {
            Ok(0) => return Ok(()),
            Ok(n) => into.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sparse file over the reader's limit: refused by the reader's
    /// reads, mapped whole for search (no copy, so this costs no memory).
    #[test]
    fn search_reads_what_the_reader_refuses() {
        let dir = tempfile::TempDir::new().expect("a temp dir");
        let path = dir.path().join("large.md");
        let len = MAX_FILE_BYTES + 1;
        File::create(&path)
            .and_then(|f| f.set_len(len))
            .expect("a sparse file");
        let refused = read_file(&path).expect_err("over the reader's limit");
        assert!(
            matches!(refused.reason, Reason::TooLarge(n) if n == len),
            "{refused}"
        );
        let mut buffer = ReadBuffer::new();
        let bytes = read_for_search(&path, &mut buffer).expect("no limit");
        assert!(matches!(bytes, FileBytes::Mapped(_)));
        assert_eq!(bytes.len() as u64, len);
        assert!(buffer.bytes().is_empty(), "mapped, not copied");
    }

    /// A FIFO is refused by what it is, at once: the open does not wait
    /// for a writer. So is a directory.
    #[test]
    fn search_refuses_fifos_and_directories_without_waiting() {
        let dir = tempfile::TempDir::new().expect("a temp dir");
        let fifo = dir.path().join("pipe.md");
        let mode = rustix::fs::Mode::from_raw_mode(0o600);
        rustix::fs::mknodat(rustix::fs::CWD, &fifo, rustix::fs::FileType::Fifo, mode, 0)
            .expect("a FIFO");
        let mut buffer = ReadBuffer::new();
        let refused = read_for_search(&fifo, &mut buffer)
            .err()
            .expect("not a file");
        assert!(matches!(refused.reason, Reason::NotRegular), "{refused}");
        let refused = read_for_search(dir.path(), &mut buffer)
            .err()
            .expect("a dir");
        assert!(matches!(refused.reason, Reason::Directory), "{refused}");
    }

    /// A file of several chunks, and a short last one, read whole and in
    /// order; a file over the cap refused.
    #[test]
    fn files_of_many_chunks_are_read_whole() {
        let dir = tempfile::TempDir::new().expect("a temp dir");
        let path = dir.path().join("long.md");
        let written: Vec<u8> = (0..3 * READ_CHUNK + 123).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &written).expect("written");
        let mut bytes = vec![b'x'; 10];
        let len = written.len() as u64;
        read_known(&path, &mut bytes, len, len, Reason::TooLarge).expect("read");
        assert!(bytes == written, "the same bytes, the buffer emptied first");
        let cap = 2 * READ_CHUNK as u64;
        let refused = read_capped(&path, &mut bytes, cap, Reason::TooLarge).expect_err("capped");
        assert!(matches!(refused.reason, Reason::TooLarge(_)), "{refused}");
    }

    #[test]
    fn small_files_are_read_into_the_buffer() {
        let dir = tempfile::TempDir::new().expect("a temp dir");
        let path = dir.path().join("small.md");
        std::fs::write(&path, "Ann (00:00:01):\nhello\n").expect("written");
        let mut buffer = ReadBuffer::new();
        let bytes = read_for_search(&path, &mut buffer).expect("read");
        assert!(matches!(
            bytes,
            FileBytes::Read(b"Ann (00:00:01):\nhello\n")
        ));
        let error = read_for_search(dir.path(), &mut buffer)
            .err()
            .expect("a folder");
        assert!(matches!(error.reason, Reason::Directory));
    }
}
