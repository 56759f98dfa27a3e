//! The cache directory: where it is, an entry's file name, what a source
//! file looks like now, writing entries atomically, and pruning.

use std::ffi::OsStr;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use super::entry::SourceStamp;
use crate::read_buffer::ReadBuffer;

/// The environment variable naming the cache directory when no
/// `--cache-dir` is given.
pub const CACHE_DIR_ENV: &str = "EARMARK_CACHE_DIR";
/// The environment variable that sets the cache's size cap, in bytes.
pub const CACHE_MAX_ENV: &str = "EARMARK_CACHE_MAX_BYTES";
/// The cache's size cap unless [`CACHE_MAX_ENV`] says otherwise: past it
/// the oldest entries are removed, down to three quarters of it.
pub const DEFAULT_MAX_BYTES: u64 = 1 << 30;
/// A file changed this recently is not cached: a change within the same
/// clock tick as the read could leave size and times as they were.
const RACY: Duration = Duration::from_secs(2);
/// Entries end so, and nothing else in the directory is ever removed.
const ENTRY_SUFFIX: &str = ".entry";
/// Temporary files start so; one left by a crashed run is removed by a
/// prune once it is an hour old.
const TEMP_PREFIX: &str = ".tmp-";
const STALE_TEMP: Duration = Duration::from_secs(3600);
/// An entry holds its file's text and a 17-byte row per segment, which
/// together never come to more than this many times the file's size (a
/// cue's timing line alone is longer than its row), plus the names and
/// header ([`ENTRY_SLACK`]).
const ENTRY_PER_SOURCE_BYTE: u64 = 4;
const ENTRY_SLACK: u64 = 1 << 20;

/// The cache directory: the `--cache-dir` flag, else `$EARMARK_CACHE_DIR`
/// (if set and non-empty), else `search/` in the platform's cache
/// directory (`~/.cache/earmark/search` on Linux). The flag says whether
/// it was named (flag or variable) rather than the default.
pub fn cache_dir(flag: Option<&Path>) -> Option<(PathBuf, bool)> {
    if let Some(dir) = flag {
        return Some((dir.to_path_buf(), true));
    }
    if let Some(dir) = std::env::var_os(CACHE_DIR_ENV).filter(|d| !d.is_empty()) {
        return Some((PathBuf::from(dir), true));
    }
    let dirs = directories::ProjectDirs::from("", "", "earmark")?;
    Some((dirs.cache_dir().join("search"), false))
}

/// Creates `dir` (and its parents) readable by its owner only, and checks
/// that this process may write in it. Existing directories keep their
/// mode. The error is a reason to show: "not a directory", "permission
/// denied"...
pub fn create_dir(dir: &Path) -> Result<(), String> {
    let made = fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir);
    if let Err(error) = made {
        return Err(match fs::metadata(dir) {
            Ok(meta) if !meta.is_dir() => "not a directory".to_string(),
            _ if error.kind() == io::ErrorKind::NotADirectory => "not a directory".into(),
            _ if error.kind() == io::ErrorKind::PermissionDenied => "permission denied".into(),
            _ => error.to_string(),
        });
    }
    let access = rustix::fs::Access::WRITE_OK | rustix::fs::Access::EXEC_OK;
    rustix::fs::access(dir, access).map_err(|_| "permission denied".to_string())
}

/// The size cap: [`CACHE_MAX_ENV`] when it is a number, else the default.
pub fn max_bytes() -> u64 {
    std::env::var(CACHE_MAX_ENV)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(DEFAULT_MAX_BYTES)
}

/// Something that changes with every build of earmark: the crate's
/// version and the running executable's size and modification time
/// (read once a run). An entry written by another build is not used,
/// though its layout may be the same: the parsers behind it may not.
pub fn build_stamp() -> u64 {
    let mut hash = Fnv::new();
    hash.write(env!("CARGO_PKG_VERSION").as_bytes());
    let exe = std::env::current_exe().and_then(fs::metadata);
    if let Ok(meta) = exe {
        hash.write(&meta.size().to_le_bytes());
        hash.write(&meta.mtime().to_le_bytes());
        hash.write(&meta.mtime_nsec().to_le_bytes());
        hash.write(&meta.ino().to_le_bytes());
    }
    hash.finish()
}

/// The stamp of a regular file as `metadata` describes it.
pub fn file_stamp(meta: &fs::Metadata) -> SourceStamp {
    SourceStamp {
        size: meta.size(),
        mtime: (meta.mtime(), meta.mtime_nsec() as u32),
        ctime: (meta.ctime(), meta.ctime_nsec() as u32),
        inode: meta.ino(),
        device: meta.dev(),
    }
}

/// Whether a file with `stamp` changed too recently to be cached (its
/// modification or status change within `RACY` of `now`, or later).
pub fn is_racy(stamp: &SourceStamp, now: SystemTime) -> bool {
    let Some(line) = now.checked_sub(RACY) else {
        return true;
    };
    let at = |(secs, nanos): (i64, u32)| match u64::try_from(secs) {
        Ok(secs) => SystemTime::UNIX_EPOCH + Duration::new(secs, nanos.min(999_999_999)),
        Err(_) => SystemTime::UNIX_EPOCH,
    };
    at(stamp.mtime) >= line || at(stamp.ctime) >= line
}

/// The entry file for the source named by the absolute `path`: FNV-1a 64
/// of its bytes in hex (the entry holds the path too, and is used only
/// when it is the same, so two paths with one hash only evict each other).
pub fn entry_path(dir: &Path, path: &[u8]) -> PathBuf {
    let mut hash = Fnv::new();
    hash.write(path);
    let mut name = [0u8; 16 + ENTRY_SUFFIX.len()];
    let hash = hash.finish();
    // By hand: `format!("{hash:016x}")` was ~2,000 instructions a file.
    for (k, digit) in name[..16].iter_mut().enumerate() {
        *digit = b"0123456789abcdef"[(hash >> (60 - 4 * k)) as usize & 0xf];
    }
    name[16..].copy_from_slice(ENTRY_SUFFIX.as_bytes());
    dir.join(OsStr::from_bytes(&name))
}

/// Reads the entry file at `path`, for a source of `source_len` bytes,
/// into `buffer` (emptied first); `false` when there is none, it cannot be
/// read, or it is larger than an entry for such a file can be: memory
/// stays bounded by the source's size, whatever the cache holds.
///
/// The entry's size is not asked for (a `statx` a file): the buffer is
/// kept from entry to entry, so it mostly holds the next one whole in
/// one read, and grows as the reads need up to one past the limit. A
/// read that leaves room over ends it, with no read to see the end: an
/// entry cut short by an odd file system is refused when decoded, as any
/// cut entry is, and costs only its parse.
pub fn read_entry(path: &Path, source_len: u64, buffer: &mut ReadBuffer) -> bool {
    let limit = entry_limit(source_len);
    let Ok(file) = File::open(path) else {
        return false;
    };
    // One past the limit: a larger file is refused having read no more.
    let read = buffer.fill_until_short_read(file, 0, limit.saturating_add(1));
    read.is_ok() && buffer.bytes().len() as u64 <= limit
}

/// The entry file at `path`, for a source of `source_len` bytes, mapped
/// into memory; `None` as for [`read_entry`]. For a source that is itself
/// mapped ([`MAP_MIN_BYTES`](crate::episode::MAP_MIN_BYTES) or more), whose
/// entry (tens of megabytes for a 250 MB file) read into a buffer cost
/// the zeroing of the buffer's fresh pages and a copy of every byte, on
/// one thread while the others waited: a sixth of searching such a file.
///
/// Entries are only ever replaced by a rename and removed by name, which
/// leave a mapped entry as it was; an entry truncated in place by another
/// program while it is read may end the process with SIGBUS, as the mapped
/// source itself may (see `episode::read::read_for_search`).
pub fn map_entry(path: &Path, source_len: u64) -> Option<memmap2::Mmap> {
    let file = File::open(path).ok()?;
    let len = file.metadata().ok()?.len();
    if len > entry_limit(source_len) {
        return None;
    }
    // SAFETY: the map is only read, and dropped before the search of its
    // source returns; see above for a file truncated while mapped.
    unsafe { memmap2::Mmap::map(&file) }.ok()
}

/// The most bytes an entry for a source of `source_len` bytes may take:
/// one past it is not read, so none is written.
pub fn entry_limit(source_len: u64) -> u64 {
    source_len
        .saturating_mul(ENTRY_PER_SOURCE_BYTE)
        .saturating_add(ENTRY_SLACK)
}

/// Writes `parts` one after the other as the entry at `path`: a new file (mode 0600) in the
/// same directory, renamed over it, so a reader sees the old entry or
/// the new one, never part of one. Not synced: an entry a crash loses or
/// cuts short is only a miss (decoding refuses a cut entry), and a sync
/// per file would cost more than the parse the entry saves.
pub fn write_entry(path: &Path, parts: [&[u8]; 2]) -> io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let dir = path.parent().unwrap_or(Path::new("."));
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let temp = dir.join(format!("{TEMP_PREFIX}{}-{n}", std::process::id()));
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&temp)?;
    let written = (file.write_all(parts[0]))
        .and_then(|()| file.write_all(parts[1]))
        .and_then(|()| fs::rename(&temp, path));
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written
}

/// Removes the oldest entries (by when they were written) while the
/// directory's entries take more than `max` bytes, down to three quarters
/// of it, and temporary files left by crashed runs. One listing of the
/// directory; run at most once per search, and only by one that wrote.
pub fn prune(dir: &Path, max: u64) {
    let Ok(listing) = fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    let mut entries = Vec::new();
    let mut total = 0u64;
    for item in listing.flatten() {
        let name = item.file_name();
        let name = name.to_string_lossy();
        let Ok(meta) = item.metadata() else { continue };
        let written = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
        if name.starts_with(TEMP_PREFIX) {
            let age = now.duration_since(written).unwrap_or_default();
            if age > STALE_TEMP {
                let _ = fs::remove_file(item.path());
            }
        } else if name.ends_with(ENTRY_SUFFIX) && meta.is_file() {
            total += meta.len();
            entries.push((written, meta.len(), item.path()));
        }
    }
    if total <= max {
        return;
    }
    entries.sort_by_key(|(written, _, _)| *written);
    let target = max / 4 * 3;
    for (_, len, path) in entries {
        if total <= target {
            break;
        }
        if fs::remove_file(&path).is_ok() {
            total -= len;
        }
    }
}

/// FNV-1a, 64 bits: stable across releases and platforms, unlike std's
/// hasher, and enough for a file name that is checked on use.
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A mapped entry holds the file's bytes; none comes back for a file
    /// that is missing or larger than an entry for its source may be.
    #[test]
    fn an_entry_is_mapped_whole_and_only_within_its_limit() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("e.entry");
        assert!(map_entry(&path, 1 << 30).is_none());
        let bytes: Vec<u8> = (0..=255u8).cycle().take(3 << 20).collect();
        fs::write(&path, &bytes).expect("write");
        let source_len = 1 << 20;
        assert!(bytes.len() as u64 <= entry_limit(source_len));
        assert_eq!(
            &map_entry(&path, source_len).expect("mapped")[..],
            &bytes[..]
        );
        assert!(bytes.len() as u64 > entry_limit(0));
        assert!(map_entry(&path, 0).is_none());
    }

    #[test]
    fn fnv_matches_its_published_values() {
        let hash = |bytes: &[u8]| {
            let mut h = Fnv::new();
            h.write(bytes);
            h.finish()
        };
        assert_eq!(hash(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(hash(b"foobar"), 0x8594_4171_f739_67e8);
    }

    /// An entry is named by its path's hash in sixteen hex digits.
    #[test]
    fn an_entry_is_named_by_its_paths_hash_in_hex() {
        let dir = Path::new("/cache");
        let named = |path: &[u8]| {
            let mut h = Fnv::new();
            h.write(path);
            dir.join(format!("{:016x}{ENTRY_SUFFIX}", h.finish()))
        };
        for path in [&b""[..], b"a", b"/x/episode.md", b"\xff\x00/\xc3\xa9"] {
            assert_eq!(entry_path(dir, path), named(path));
        }
        assert_eq!(entry_path(dir, b""), dir.join("cbf29ce484222325.entry"));
    }

    #[test]
    fn a_file_changed_in_the_last_two_seconds_is_racy() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let at = |secs| SourceStamp {
            mtime: (secs, 0),
            ctime: (secs, 0),
            ..SourceStamp::default()
        };
        assert!(is_racy(&at(999_999), now));
        assert!(is_racy(&at(1_000_005), now));
        assert!(!is_racy(&at(999_990), now));
        let just_past = SourceStamp {
            mtime: (999_997, 900_000_000),
            ctime: (999_997, 900_000_000),
            ..SourceStamp::default()
        };
        assert!(!is_racy(&just_past, now), "two seconds and a tenth ago");
    }
}
