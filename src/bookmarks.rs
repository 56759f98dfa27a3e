//! Bookmarks: quotes a reader keeps, stored in `<config dir>/bookmarks.yaml`
//! (INTERFACE.md, "Files").
//!
//! A [`BookmarkStore`] holds the merged view in memory and the changes made
//! in this run. Saving re-reads the file under a lock and applies this run's
//! changes on top, so two earmark processes never undo each other's work.

mod export;
mod file;

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::atomic::{FileLock, write_atomically};
use crate::episode::time::{Seconds, format_hms};
use crate::episode::{Episode, Source};
use crate::owned_file;

pub use export::{export_json, export_markdown, list_lines};
use file::{BookmarkFile, Loaded};

/// The bookmarks file's name inside the config directory.
pub const FILE_NAME: &str = "bookmarks.yaml";

/// One kept quote, as stored in `bookmarks.yaml`. It is read by hand from
/// a YAML mapping (see `file.rs`), not by derive, so that any value a user
/// writes in a field we do not know, tags included, is kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "serde_yaml::Mapping")]
pub struct Bookmark {
    /// The episode's `video_id`, else an id derived from its title.
    pub episode: String,
    /// The episode's title when the bookmark was made.
    pub title: String,
    /// Absolute path of the episode file; absent for the built-in sample.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The episode's `youtube_url`, for deep links.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Who said it; `None` for text before the first speaker.
    pub speaker: Option<String>,
    /// Seconds from the start; a hand-written `hh:mm:ss` is read too.
    pub start: Option<Seconds>,
    /// The segment's whole text.
    pub quote: String,
    /// What the reader wrote about it; empty for none.
    pub note: String,
    /// RFC 3339 UTC, e.g. `2026-11-26T10:00:00Z`.
    pub created: String,
    /// Fields earmark does not know (a user's or a later version's): kept
    /// as they are.
    #[serde(flatten)]
    pub extra: serde_yaml::Mapping,
}

/// What makes two bookmarks the same one when stores are merged.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BookmarkKey {
    /// [`Bookmark::episode`].
    pub episode: String,
    /// [`Bookmark::start`].
    pub start: Option<Seconds>,
    /// [`Bookmark::quote`].
    pub quote: String,
}

impl Bookmark {
    /// The identity used to merge: (episode, start, quote). The note and the
    /// creation time may differ between copies of the same bookmark.
    pub fn key(&self) -> BookmarkKey {
        BookmarkKey {
            episode: self.episode.clone(),
            start: self.start,
            quote: self.quote.clone(),
        }
    }

    /// A link to this moment: the episode's URL with `t=<start>s`, else
    /// `<path or title> at hh:mm:ss` (without ` at …` when untimed).
    pub fn deep_link(&self) -> String {
        match (&self.url, self.start) {
            (Some(url), Some(start)) => with_time_parameter(url, start),
            (Some(url), None) => url.clone(),
            (None, Some(start)) => format!("{} at {}", self.locator(), format_hms(start)),
            (None, None) => self.locator().to_string(),
        }
    }

    /// Where the episode is, for a reader without a URL: its path, else its
    /// title (the built-in sample has no path).
    fn locator(&self) -> &str {
        self.path.as_deref().unwrap_or(&self.title)
    }
}

/// Sets `t=<start>s` in a URL's query, before any `#fragment`: a `t`
/// already there (a link copied at some moment) gives way to the bookmark's
/// time, so the link has one.
fn with_time_parameter(url: &str, start: Seconds) -> String {
    let (base, fragment) = match url.find('#') {
        Some(i) => url.split_at(i),
        None => (url, ""),
    };
    let (path, query) = base.split_once('?').unwrap_or((base, ""));
    let is_time = |param: &&str| *param == "t" || param.starts_with("t=");
    let time = format!("t={start}s");
    let params: Vec<&str> = query
        .split('&')
        .filter(|param| !param.is_empty() && !is_time(param))
        .chain([time.as_str()])
        .collect();
    format!("{path}?{}{fragment}", params.join("&"))
}

/// A stable id for an episode: its `video_id` when it has one, else
/// `title-` and the FNV-1a 64-bit hash of its title in hex, which is the
/// same on every run and platform (std's hasher is neither).
pub fn episode_id(episode: &Episode) -> String {
    match episode.meta_str("video_id").map(str::trim) {
        Some(id) if !id.is_empty() => id.to_string(),
        _ => format!("title-{:016x}", fnv1a_64(episode.title.as_bytes())),
    }
}

fn fnv1a_64(bytes: &[u8]) -> u64 {
    const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes.iter().fold(OFFSET_BASIS, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(PRIME)
    })
}

/// A bookmark on segment `segment` of `episode`, quoting its whole text.
/// `None` when the episode has no such segment.
pub fn new_bookmark(
    episode: &Episode,
    segment: usize,
    note: String,
    now: SystemTime,
) -> Option<Bookmark> {
    let seg = episode.segments.get(segment)?;
    Some(Bookmark {
        episode: episode_id(episode),
        title: episode.title.clone(),
        path: absolute_path(&episode.source),
        url: episode
            .meta_str("youtube_url")
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .map(String::from),
        speaker: episode.speaker_name(seg).map(String::from),
        start: seg.start,
        quote: seg.text.clone(),
        note,
        created: format_rfc3339(now),
        extra: serde_yaml::Mapping::new(),
    })
}

/// The episode file as an absolute path, so the bookmark still finds it
/// from another working directory. If the current directory is gone the
/// path is kept as given rather than losing it.
fn absolute_path(source: &Source) -> Option<String> {
    let path = source.path()?;
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    Some(absolute.display().to_string())
}

/// Formats an instant as RFC 3339 in UTC to the second:
/// `2026-11-26T10:00:00Z`. Instants before 1970 work too.
pub fn format_rfc3339(t: SystemTime) -> String {
    let (days, secs) = days_and_seconds(t);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// The same instant, compact enough for a file name: `20261126T100000Z`.
pub fn compact_timestamp(t: SystemTime) -> String {
    format_rfc3339(t).replace(['-', ':'], "")
}

/// Whole days since 1970-01-01 and seconds into that day (0..86400).
fn days_and_seconds(t: SystemTime) -> (i64, i64) {
    let seconds = match t.duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
        // Round down, so 0.5 s before the epoch is 23:59:59 the day before.
        Err(before) => {
            let d = before.duration();
            let whole = i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
            -whole - i64::from(d.subsec_nanos() > 0)
        }
    };
    (seconds.div_euclid(86_400), seconds.rem_euclid(86_400))
}

/// Days since 1970-01-01 to a proleptic Gregorian (year, month, day), after
/// Howard Hinnant's `civil_from_days`: eras of 400 years starting in March,
/// so the leap day is the last day of a year.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let march_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * march_month + 2) / 5 + 1;
    let month = if march_month < 10 {
        march_month + 3
    } else {
        march_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    // Both are in range by construction (1..=31, 1..=12).
    (year, month as u32, day as u32)
}

/// One edit to the bookmarks, kept so it can be replayed on top of what
/// another process saved meanwhile.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Adds a bookmark unless one with the same key is there.
    Add(Bookmark),
    /// Removes the bookmark with this key, if it is there.
    Remove(BookmarkKey),
    /// Replaces the note of the bookmark with this key, if it is there.
    SetNote(BookmarkKey, String),
}

impl Change {
    fn apply_to(&self, bookmarks: &mut Vec<Bookmark>) {
        match self {
            Change::Add(new) => {
                let key = new.key();
                if !bookmarks.iter().any(|b| b.key() == key) {
                    bookmarks.push(new.clone());
                }
            }
            Change::Remove(key) => bookmarks.retain(|b| b.key() != *key),
            Change::SetNote(key, note) => {
                for b in bookmarks.iter_mut().filter(|b| b.key() == *key) {
                    b.note.clone_from(note);
                }
            }
        }
    }
}

/// Why bookmarks could not be read or saved; each renders as one line that
/// names the file.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create the config directory {}: {source}", path.display())]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot lock {}: {source}", path.display())]
    Lock {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} is not a bookmarks file earmark can read: {reason}", path.display())]
    Corrupt { path: PathBuf, reason: String },
    #[error("cannot move {} aside: {source}", path.display())]
    MoveAside {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The bookmarks of one config directory: what the file held when last
/// read, with this run's changes on top.
#[derive(Debug)]
pub struct BookmarkStore {
    dir: PathBuf,
    /// The merged view, in file order.
    bookmarks: Vec<Bookmark>,
    /// Changes not yet saved, in the order they were made.
    pending: Vec<Change>,
}

impl BookmarkStore {
    /// Loads `<dir>/bookmarks.yaml` (missing = empty). A file it cannot
    /// parse is moved aside to `bookmarks.yaml.corrupt-<timestamp>` and
    /// reported in the notices; an unreadable one is reported and left
    /// alone. Never fails.
    pub fn open(dir: PathBuf) -> (Self, Vec<String>) {
        let path = dir.join(FILE_NAME);
        let mut notices = Vec::new();
        let bookmarks = match file::load(&path) {
            Ok(Loaded::Missing) => Vec::new(),
            Ok(Loaded::Parsed(doc)) => doc.bookmarks,
            Ok(Loaded::Corrupt(reason)) => {
                notices.push(set_aside_under_lock(&path, &reason));
                Vec::new()
            }
            Err(error) => {
                notices.push(format!("{error}; bookmarks will not be saved"));
                Vec::new()
            }
        };
        let store = Self {
            dir,
            bookmarks,
            pending: Vec::new(),
        };
        (store, notices)
    }

    /// The directory this store reads and writes.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The merged view, in file order.
    pub fn bookmarks(&self) -> &[Bookmark] {
        &self.bookmarks
    }

    /// Whether there are changes the next [`save`](Self::save) will write.
    pub fn has_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Applies a change to the view at once and keeps it for the next save.
    pub fn apply(&mut self, change: Change) {
        change.apply_to(&mut self.bookmarks);
        self.pending.push(change);
    }

    /// Creates the dir if needed, takes the lock, re-reads the file, applies
    /// this run's pending changes on top of what is there, writes
    /// atomically, releases the lock. On success pending is cleared and the
    /// view is the merged file; the notices say what else happened (a file
    /// that became unparsable meanwhile is moved aside, never overwritten).
    /// On error the pending changes and the view are kept, so a later save
    /// may succeed. With nothing pending it touches nothing.
    pub fn save(&mut self) -> Result<Vec<String>, StoreError> {
        if self.pending.is_empty() {
            return Ok(Vec::new());
        }
        std::fs::create_dir_all(&self.dir).map_err(|source| StoreError::CreateDir {
            path: self.dir.clone(),
            source,
        })?;
        let path = self.dir.join(FILE_NAME);
        let _lock = FileLock::acquire(&path).map_err(|source| StoreError::Lock {
            path: path.clone(),
            source,
        })?;
        let (mut doc, notices) = read_for_update(&path)?;
        for change in &self.pending {
            change.apply_to(&mut doc.bookmarks);
        }
        file::to_yaml(&doc)
            .and_then(|yaml| write_atomically(&path, yaml.as_bytes()))
            .map_err(|source| StoreError::Write { path, source })?;
        self.bookmarks = doc.bookmarks;
        self.pending.clear();
        Ok(notices)
    }
}

/// Reads `<dir>/bookmarks.yaml` without changing anything, for commands
/// that only read: missing = empty; an unreadable or unparsable file is an
/// error (and stays where it is).
pub fn read_bookmarks(dir: &Path) -> Result<Vec<Bookmark>, StoreError> {
    let path = dir.join(FILE_NAME);
    match file::load(&path)? {
        Loaded::Missing => Ok(Vec::new()),
        Loaded::Parsed(doc) => Ok(doc.bookmarks),
        Loaded::Corrupt(reason) => Err(StoreError::Corrupt { path, reason }),
    }
}

/// The file as it is now, for a save that holds the lock: a corrupt file is
/// moved aside and the save starts from an empty one.
fn read_for_update(path: &Path) -> Result<(BookmarkFile, Vec<String>), StoreError> {
    match file::load(path)? {
        Loaded::Missing => Ok((BookmarkFile::default(), Vec::new())),
        Loaded::Parsed(doc) => Ok((doc, Vec::new())),
        Loaded::Corrupt(reason) => {
            let notice = set_aside(path, &reason)?;
            Ok((BookmarkFile::default(), vec![notice]))
        }
    }
}

/// Moves a corrupt file aside for [`BookmarkStore::open`], under the lock
/// and only if it is still corrupt: another process may have replaced it
/// with a good file since we read it. Returns the notice to show.
fn set_aside_under_lock(path: &Path, reason: &str) -> String {
    let outcome = FileLock::acquire(path)
        .map_err(|source| StoreError::Lock {
            path: path.to_path_buf(),
            source,
        })
        .and_then(|_lock| match file::load(path)? {
            Loaded::Corrupt(reason) => set_aside(path, &reason).map(Some),
            Loaded::Missing | Loaded::Parsed(_) => Ok(None),
        });
    match outcome {
        Ok(Some(notice)) => notice,
        Ok(None) => format!(
            "{} changed while it was read; it is readable now",
            path.display()
        ),
        Err(error) => format!(
            "{} is not a bookmarks file earmark can read ({reason}); {error}",
            path.display()
        ),
    }
}

/// Moves a corrupt file aside (see [`owned_file::set_aside`]) and says so.
fn set_aside(path: &Path, reason: &str) -> Result<String, StoreError> {
    let target = owned_file::set_aside(path).map_err(|source| StoreError::MoveAside {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(owned_file::set_aside_notice(path, &target, reason))
}

#[cfg(test)]
mod tests;
