//! The discipline for YAML files earmark owns (`bookmarks.yaml`,
//! `state.yaml`), documented in `docs/stores.md`:
//!
//! - reading never changes the file: entries earmark cannot read are kept
//!   as they are and written back, a newer version makes the store
//!   read-only, and only a file that is not YAML at all is set aside, at
//!   the first write, after the user was told;
//! - writing happens under a lock, re-reading the file first and applying
//!   this run's changes on top, then replacing it atomically;
//! - a symbolic link is written through: the target is locked and
//!   replaced, the link stays.

mod document;

use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::atomic::{FileLock, remove_stale_temporaries, write_atomically};

pub use document::{Document, ListEntry, StoreItem, StoreShape};

/// What reading an owned file found.
#[derive(Debug)]
pub enum Contents {
    /// No file yet: an empty store.
    Missing,
    /// A document this earmark may read and write.
    Writable(Document),
    /// A document from a newer earmark (or with a version it cannot
    /// read): shown but never written. The reason says why.
    ReadOnly(Document, String),
    /// Not YAML, or not a mapping: set aside at the first write.
    NotYaml(String),
}

/// Reads `path` as a document of `shape`. Only a
/// failure to read is an error; what the bytes say is in [`Contents`].
pub fn load(path: &Path, shape: &StoreShape) -> io::Result<Contents> {
    // A FIFO or a device would block the read forever, or never end.
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        return Err(io::Error::other("not a regular file"));
    }
    match std::fs::read(path) {
        Ok(bytes) => Ok(classify(&bytes, shape)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Contents::Missing),
        Err(e) => Err(e),
    }
}

/// What a store opening its file starts from: what it decoded (none for a
/// missing file or one it cannot read), why it must not write this run
/// (a newer version), and the one notice the user should see.
#[derive(Debug)]
pub struct Opened<T> {
    /// The decoded contents; `None` when there were none to read.
    pub contents: Option<T>,
    /// Set when the file is read-only this run, with the reason.
    pub read_only: Option<String>,
    /// Entries kept unread, read-only, not YAML, or not readable at all.
    pub notice: Option<String>,
}

/// Opens the owned file `path` (called `file` in notices) without changing
/// it. `decode` turns the document into the store's contents and says why
/// each entry it could not read was kept. A file that is not YAML is set
/// aside only by the next save ([`update_since`]); a file that cannot be
/// read is never written, since each save reads it again first and fails
/// the same way.
pub fn open<T>(
    path: &Path,
    file: &str,
    shape: &StoreShape,
    decode: impl FnOnce(Document) -> (T, Vec<String>),
) -> Opened<T> {
    let mut opened = Opened {
        contents: None,
        read_only: None,
        notice: None,
    };
    match load(path, shape) {
        Ok(Contents::Missing) => {}
        Ok(Contents::Writable(doc)) => {
            let (contents, problems) = decode(doc);
            let problems: Vec<&str> = problems.iter().map(String::as_str).collect();
            opened.notice = kept_notice(file, &problems);
            opened.contents = Some(contents);
        }
        Ok(Contents::ReadOnly(doc, reason)) => {
            opened.contents = Some(decode(doc).0);
            opened.notice = Some(read_only_notice(file, &reason));
            opened.read_only = Some(reason);
        }
        Ok(Contents::NotYaml(reason)) => opened.notice = Some(not_yaml_notice(file, &reason)),
        Err(error) => opened.notice = Some(format!("cannot read {file}: {error}")),
    }
    opened
}

/// What the bytes of an owned file are, for a store of `shape`.
pub fn classify(bytes: &[u8], shape: &StoreShape) -> Contents {
    match Document::parse(bytes, shape) {
        Ok(doc) => match doc.version_problem(shape) {
            Some(reason) => Contents::ReadOnly(doc, reason),
            None => Contents::Writable(doc),
        },
        Err(reason) => Contents::NotYaml(reason),
    }
}

/// The file a write really goes to: the target of a symbolic link
/// (followed to the end, a relative link read from the link's folder), so
/// that a file linked from a dotfiles folder keeps being the one updated.
pub fn write_target(path: &Path) -> PathBuf {
    let mut target = path.to_path_buf();
    // A bound, so a loop of links cannot hang us.
    for _ in 0..40 {
        let Ok(next) = std::fs::read_link(&target) else {
            return target;
        };
        target = match target.parent() {
            Some(dir) if next.is_relative() => dir.join(next),
            _ => next,
        };
    }
    target
}

/// Renames `path` to `<path>.corrupt-<timestamp>` (with a counter if that
/// name is taken, since rename would replace it). Returns the new name.
pub fn set_aside(path: &Path) -> io::Result<PathBuf> {
    let stamp = crate::wall_clock::compact_timestamp(SystemTime::now());
    let mut target = suffixed(path, &format!(".corrupt-{stamp}"));
    let mut n = 1;
    while target.exists() {
        target = suffixed(path, &format!(".corrupt-{stamp}-{n}"));
        n += 1;
    }
    std::fs::rename(path, &target)?;
    Ok(target)
}

/// What to tell the user: the action first, since a status line cuts the
/// end; names, not whole paths, for the same reason.
pub fn set_aside_notice(path: &Path, target: &Path, reason: &str) -> String {
    let moved = format!("moved {} aside to {}", file_name(path), file_name(target));
    let with_reason = format!("{moved} ({reason})");
    if with_reason.chars().count() <= NOTICE_WIDTH {
        with_reason
    } else {
        moved
    }
}

/// What a notice about an owned file must fit in: a status line on an
/// 80-column terminal.
pub const NOTICE_WIDTH: usize = 80;

/// The notices for what opening an owned file found, each one line naming
/// the file: read-only, not readable as YAML, or entries kept unread
/// (how many, and the first's reason).
pub fn read_only_notice(file: &str, reason: &str) -> String {
    format!("{file} is read-only this run: {reason}")
}

/// See [`read_only_notice`].
pub fn not_yaml_notice(file: &str, reason: &str) -> String {
    format!("{file}: {reason}; set aside at the next save")
}

/// See [`read_only_notice`]; `None` when every entry was read.
pub fn kept_notice(file: &str, problems: &[&str]) -> Option<String> {
    // "entry 1: start: expected seconds…" → "entry 1: start": the field
    // is what the user needs to find it.
    let first = problems
        .first()?
        .splitn(3, ": ")
        .take(2)
        .collect::<Vec<_>>()
        .join(": ");
    let notice = match problems.len() {
        1 => format!("{file}: 1 unreadable entry kept as is ({first})"),
        n => format!("{file}: {n} unreadable entries kept as is ({first}, …)"),
    };
    Some(shorten(&notice))
}

/// `text` cut to [`NOTICE_WIDTH`] characters, with `…` where it was cut.
fn shorten(text: &str) -> String {
    if text.chars().count() <= NOTICE_WIDTH {
        return text.to_string();
    }
    let kept: String = text.chars().take(NOTICE_WIDTH - 1).collect();
    format!("{kept}…")
}

/// A path's last component, for messages that must fit a status line.
pub fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn suffixed(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// Why an update did not happen.
#[derive(Debug, thiserror::Error)]
pub enum UpdateError {
    /// The file is from a newer earmark: it is never written.
    #[error("{file} is read-only this run: {reason}")]
    ReadOnly { file: String, reason: String },
    /// Reading, locking, setting aside or writing failed.
    #[error("cannot save {}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
}

impl UpdateError {
    /// The reason in a few words, naming the file but not its folder: for
    /// a status line.
    pub fn brief(&self) -> String {
        match self {
            UpdateError::ReadOnly { file, .. } => format!("{file} is read-only this run"),
            UpdateError::Io { path, source } => format!("{}: {source}", file_name(path)),
        }
    }
}

/// What a save starts from.
#[derive(Debug)]
pub enum Current<C> {
    /// The file has not changed since the caller last read or wrote it: the
    /// caller's copy, so a large file is not parsed again.
    Unchanged(C),
    /// The file as it is now (empty if it was missing or set aside).
    Read(Document),
}

/// Under the lock: re-reads `path` (a file that is not YAML is set aside
/// and the update starts from an empty document), lets `change` apply this
/// run's changes, writes the result atomically. Returns the document as
/// written and notices for the user.
pub fn update(
    path: &Path,
    shape: &StoreShape,
    change: impl FnOnce(&mut Document),
) -> Result<(Document, Vec<String>), UpdateError> {
    let mut written = Document::empty();
    let (notices, _) = update_since(path, shape, None::<(&FileStamp, ())>, |current| {
        if let Current::Read(doc) = current {
            written = doc;
        }
        change(&mut written);
        written.to_yaml(shape)
    })?;
    Ok((written, notices))
}

/// [`update`] for a caller that keeps its own copy of the file: when the
/// file still has the stamp it had when `cached` was taken, `change` gets
/// the copy instead of the file parsed again. `change` returns the text to
/// write. Returns the notices and the file's stamp once written.
pub fn update_since<C>(
    path: &Path,
    shape: &StoreShape,
    cached: Option<(&FileStamp, C)>,
    change: impl FnOnce(Current<C>) -> String,
) -> Result<(Vec<String>, Option<FileStamp>), UpdateError> {
    let target = write_target(path);
    let io_error = |source| UpdateError::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io_error)?;
    }
    let _lock = FileLock::acquire(&target).map_err(io_error)?;
    remove_stale_temporaries(&target);
    if target != path {
        // Left by an earmark that wrote beside the link instead.
        remove_stale_temporaries(path);
    }
    let mut notices = Vec::new();
    let current = match cached {
        Some((stamp, copy)) if FileStamp::of(&target).as_ref() == Some(stamp) => {
            Current::Unchanged(copy)
        }
        _ => Current::Read(match load(&target, shape).map_err(io_error)? {
            Contents::Missing => Document::empty(),
            Contents::Writable(doc) => doc,
            Contents::ReadOnly(_, reason) => {
                return Err(UpdateError::ReadOnly {
                    file: file_name(path),
                    reason,
                });
            }
            Contents::NotYaml(reason) => {
                let aside = set_aside(&target).map_err(io_error)?;
                notices.push(set_aside_notice(&target, &aside, &reason));
                Document::empty()
            }
        }),
    };
    let text = change(current);
    write_atomically(&target, text.as_bytes()).map_err(io_error)?;
    Ok((notices, FileStamp::of(&target)))
}

/// What tells one version of a file from another without reading it: its
/// modification time, length and (on Unix) inode, which an atomic
/// replacement changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileStamp {
    modified: Option<SystemTime>,
    len: u64,
    inode: u64,
}

impl FileStamp {
    /// The stamp of the file at `path` now; `None` if there is none.
    pub fn of(path: &Path) -> Option<Self> {
        let meta = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&meta);
        #[cfg(not(unix))]
        let inode = 0;
        Some(Self {
            modified: meta.modified().ok(),
            len: meta.len(),
            inode,
        })
    }
}
