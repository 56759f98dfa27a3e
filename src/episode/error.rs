//! Why an episode could not be opened, always with the file it concerns.

use std::fmt;

/// An episode that cannot be opened: the file and the reason.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct EpisodeError {
    /// The file as the user named it.
    pub path: String,
    pub reason: Reason,
}

impl EpisodeError {
    /// File names are untrusted too: they are cleaned like file text.
    pub fn new(path: impl fmt::Display, reason: Reason) -> Self {
        Self {
            path: super::text::clean_file_name(&path.to_string()),
            reason,
        }
    }
}

/// The reasons an episode cannot be opened.
#[derive(Debug, thiserror::Error)]
pub enum Reason {
    #[error("no such file or directory")]
    Missing,
    #[error("permission denied")]
    PermissionDenied,
    #[error("cannot read: {0}")]
    Unreadable(std::io::Error),
    #[error("is a directory, not a transcript file")]
    Directory,
    #[error("not a regular file")]
    NotRegular,
    #[error("too large ({0} bytes; the limit is 256 MiB)")]
    TooLarge(u64),
    /// Over [`MAX_LAYOUT_BYTES`](super::MAX_LAYOUT_BYTES): positions in a
    /// transcript are 32-bit.
    #[error("too large ({0} bytes; a transcript can be at most 4 GiB)")]
    BeyondLayout(u64),
    #[error("not a text file (it contains NUL bytes)")]
    NotText,
    #[error("no transcript found (no speaker or time lines)")]
    NoTranscript,
    #[error("no transcript found (the file is empty)")]
    Empty,
    /// Read as a known format, the file holds no transcript (or is broken).
    #[error("looks like {looked_like}, but {why}")]
    Refused {
        /// The format it looked like, as a user would name it.
        looked_like: &'static str,
        /// Why it cannot be read, one line.
        why: String,
    },
}

impl From<std::io::Error> for Reason {
    fn from(error: std::io::Error) -> Self {
        match error.kind() {
            std::io::ErrorKind::NotFound => Reason::Missing,
            std::io::ErrorKind::PermissionDenied => Reason::PermissionDenied,
            _ => Reason::Unreadable(error),
        }
    }
}
