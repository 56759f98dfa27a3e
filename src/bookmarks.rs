//! Bookmarks: quotes a reader keeps, stored in `<config dir>/bookmarks.yaml`
//! (the format and the promises: `docs/stores.md`).
//!
//! A [`BookmarkStore`] holds the merged view in memory and the changes made
//! in this run. Saving re-reads the file under a lock and applies this run's
//! changes on top, so two earmark processes never undo each other's work.

mod csv;
mod export;
mod file;
mod select;

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::episode::identity::TranscriptId;
use crate::episode::time::{Seconds, format_hms};
use crate::episode::{Episode, Source};
use crate::owned_file::{self, Contents, Current, FileStamp, UpdateError};
use crate::wall_clock::format_rfc3339;

pub use csv::export_csv;
pub use export::{export_json, export_markdown, list_lines};
use file::BookmarkFile;
pub use select::{BookmarkSelection, selection};

/// The bookmarks file's name inside the config directory.
pub const FILE_NAME: &str = "bookmarks.yaml";

/// One kept quote, as stored in `bookmarks.yaml`. It is read by hand from
/// a YAML mapping (see `file.rs`), not by derive, so that any value a user
/// writes in a field we do not know, tags included, is kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "serde_yaml::Mapping")]
pub struct Bookmark {
    /// The episode's `video_id`, else an id derived from its title: what
    /// links and exports name the episode by.
    pub episode: String,
    /// The fingerprint of the episode's transcript ([`TranscriptId`]): what
    /// tells apart two files with the same `video_id`. `None` in bookmarks
    /// written before it was recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transcript: Option<String>,
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
    /// A range of segments (`v` then `m`): the start of its last segment.
    /// `None` for a bookmark of one segment, and in files written before
    /// ranges existed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<Seconds>,
    /// A range: how many segments its quote holds (what tells a range
    /// from one segment in an episode without times). `None` for one
    /// segment, and in files written before it was recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub segments: Option<u32>,
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
    /// [`Bookmark::transcript`].
    pub transcript: Option<String>,
    /// [`Bookmark::start`].
    pub start: Option<Seconds>,
    /// [`Bookmark::quote`].
    pub quote: String,
}

impl Bookmark {
    /// The identity used to merge: (episode, transcript, start, quote).
    /// The note and the creation time may differ between copies of the
    /// same bookmark.
    pub fn key(&self) -> BookmarkKey {
        BookmarkKey {
            episode: self.episode.clone(),
            transcript: self.transcript.clone(),
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

    /// Whether this bookmark was made in `episode` (known by `identity`).
    /// A bookmark that records its transcript belongs to the episode with
    /// that transcript, whatever the front matter says. An older one
    /// (no transcript) matched by `video_id` belongs here if it was made
    /// in this very file, or if its quote is one of this transcript's
    /// segments (the file was moved): so of two files sharing a
    /// `video_id`, each keeps its own.
    ///
    /// `is_segment` tells whether a text is one of the episode's segments
    /// (a caller checking many bookmarks indexes them once).
    pub fn belongs_to(
        &self,
        identity: &EpisodeIdentity,
        mut is_segment: impl FnMut(&str) -> bool,
    ) -> bool {
        match &self.transcript {
            Some(transcript) => *transcript == identity.transcript,
            None if self.episode != identity.episode => false,
            None => (self.path.is_some() && self.path == identity.path) || is_segment(&self.quote),
        }
    }

    /// `00:12:30`, or `00:12:30–00:13:05` for a range; `None` untimed.
    pub fn time_span(&self) -> Option<String> {
        let start = format_hms(self.start?);
        match self.end.filter(|&end| Some(end) != self.start) {
            Some(end) => Some(format!("{start}–{}", format_hms(end))),
            None => Some(start),
        }
    }

    /// Where the quote is, for people: [`Bookmark::time_span`], and for a
    /// range without times how many segments it holds (`3 segments`).
    pub fn place_text(&self) -> Option<String> {
        match (self.time_span(), self.segments.filter(|&n| n > 1)) {
            (Some(time), Some(n)) if self.end.is_none() => Some(format!("{time} · {n} segments")),
            (Some(time), _) => Some(time),
            (None, Some(n)) => Some(format!("{n} segments")),
            (None, None) => None,
        }
    }

    /// Where the episode is, for a reader without a URL: its path, else its
    /// title (the built-in sample has no path).
    fn locator(&self) -> &str {
        self.path.as_deref().unwrap_or(&self.title)
    }

    /// Where the episode is: its URL, else its file, else its title.
    fn locator_or_url(&self) -> &str {
        self.url.as_deref().unwrap_or(self.locator())
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

/// How bookmarks and reading positions recognise an episode.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EpisodeIdentity {
    /// [`episode_id`]: what links are made from, and what older entries
    /// were keyed by.
    pub episode: String,
    /// The [`TranscriptId`], as text.
    pub transcript: String,
    /// The file as an absolute path; `None` for the built-in sample.
    pub path: Option<String>,
}

impl EpisodeIdentity {
    /// The identity of `episode`. Fingerprints the whole transcript, so
    /// computed once per opened episode.
    pub fn of(episode: &Episode) -> Self {
        Self {
            episode: episode_id(episode),
            transcript: TranscriptId::of(episode).to_string(),
            path: absolute_path(&episode.source),
        }
    }

    /// The key of this episode's reading position in `state.yaml`.
    pub fn position_key(&self) -> String {
        format!("transcript-{}", self.transcript)
    }
}

/// A bookmark on segment `segment` of `episode`, quoting its whole text.
/// `None` when the episode has no such segment.
pub fn new_bookmark(
    episode: &Episode,
    identity: &EpisodeIdentity,
    segment: usize,
    note: String,
    now: SystemTime,
) -> Option<Bookmark> {
    new_range_bookmark(episode, identity, &[segment], note, now)
}

/// A bookmark on `segments` of `episode` (in order: a range, or the
/// segments of one a filtered view shows): the first one's speaker and
/// time, the last one's time as its end, their texts one paragraph each
/// (a later speaker's named at the start of theirs). `None` when the
/// episode has no such segments.
pub fn new_range_bookmark(
    episode: &Episode,
    identity: &EpisodeIdentity,
    segments: &[usize],
    note: String,
    now: SystemTime,
) -> Option<Bookmark> {
    let (&first, &last) = (segments.first()?, segments.last()?);
    let seg = episode.segments.get(first)?;
    let end = (last > first)
        .then(|| episode.segments.get(last).map(|s| s.start))
        .flatten();
    let end = match end {
        Some(time) => time,
        None if last > first && last >= episode.segments.len() => return None,
        None => None,
    };
    Some(Bookmark {
        episode: identity.episode.clone(),
        transcript: Some(identity.transcript.clone()),
        title: episode.title.clone(),
        path: identity.path.clone(),
        url: episode
            .meta_str("youtube_url")
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .map(String::from),
        speaker: episode.speaker_name(seg).map(String::from),
        start: seg.start,
        end,
        segments: (segments.len() > 1).then(|| u32::try_from(segments.len()).unwrap_or(u32::MAX)),
        quote: segments_text(episode, segments),
        note,
        created: format_rfc3339(now),
        extra: serde_yaml::Mapping::new(),
    })
}

/// The texts of segments `first..=last`, one paragraph each; when the
/// speaker changes inside the range, the new speaker's name leads their
/// paragraph (`Name: text`).
pub fn range_text(episode: &Episode, first: usize, last: usize) -> String {
    let last = last.min(episode.segments.len().saturating_sub(1));
    segments_text(episode, &(first..=last).collect::<Vec<_>>())
}

/// [`range_text`] for `segments` in order, not all next to each other (a
/// filtered view's).
pub fn segments_text(episode: &Episode, segments: &[usize]) -> String {
    let mut paragraphs = Vec::new();
    let mut before: Option<usize> = None;
    for &i in segments.iter().filter(|&&i| i < episode.segments.len()) {
        let segment = &episode.segments[i];
        let text = segment.text(episode);
        let new_speaker = before.is_some_and(|b| episode.segments[b].speaker != segment.speaker);
        before = Some(i);
        match episode.speaker_name(segment).filter(|_| new_speaker) {
            Some(name) => paragraphs.push(format!("{name}: {text}")),
            None => paragraphs.push(text.to_string()),
        }
    }
    paragraphs.join("\n\n")
}

/// The episode file as an absolute path, so the bookmark still finds it
/// from another working directory. If the current directory is gone the
/// path is kept as given rather than losing it.
fn absolute_path(source: &Source) -> Option<String> {
    let path = source.path()?;
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    Some(absolute.display().to_string())
}

/// One edit to the bookmarks, kept so it can be replayed on top of what
/// another process saved meanwhile.
#[derive(Debug, Clone, PartialEq)]
#[expect(
    clippy::large_enum_variant,
    reason = "one change per key press, a few kept until saved: boxing buys nothing"
)]
pub enum Change {
    /// Adds a bookmark unless one with the same key is there.
    Add(Bookmark),
    /// Removes the bookmark with this key, if it is there.
    Remove(BookmarkKey),
    /// Replaces the note of the bookmark with this key, if it is there.
    SetNote(BookmarkKey, String),
}

impl Change {
    /// Applies the change to a list of bookmarks (the reader's view).
    pub fn apply_to(&self, bookmarks: &mut Vec<Bookmark>) {
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
    /// The file is there but could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Not YAML (for commands that only read).
    #[error("{} is not a bookmarks file earmark can read: {reason}", path.display())]
    Corrupt { path: PathBuf, reason: String },
    /// Written by a newer earmark (or otherwise not ours to write).
    #[error("{file} is read-only this run: {reason}")]
    ReadOnly { file: String, reason: String },
    /// Locking, reading again, setting aside or writing failed.
    #[error("cannot save {}: {source}", path.display())]
    Save {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl StoreError {
    /// The reason in a few words, naming the file but not its folder: for
    /// a status line.
    pub fn brief(&self) -> String {
        match self {
            StoreError::Read { path, source } | StoreError::Save { path, source } => {
                format!("{}: {source}", owned_file::file_name(path))
            }
            StoreError::Corrupt { path, reason } => {
                format!("{}: {reason}", owned_file::file_name(path))
            }
            StoreError::ReadOnly { file, .. } => format!("{file} is read-only this run"),
        }
    }
}

impl From<UpdateError> for StoreError {
    fn from(error: UpdateError) -> Self {
        match error {
            UpdateError::ReadOnly { file, reason } => StoreError::ReadOnly { file, reason },
            UpdateError::Io { path, source } => StoreError::Save { path, source },
        }
    }
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
    /// Why this run must not write the file, if it must not.
    read_only: Option<StoreError>,
    /// The file as last read or written, to notice another earmark's save.
    seen: Option<FileStamp>,
    /// What the file held then, so a save need not parse it again while it
    /// has not changed (a file may hold 100,000 bookmarks).
    cache: Option<BookmarkFile>,
}

impl BookmarkStore {
    /// Loads `<dir>/bookmarks.yaml` (missing = empty) without changing it.
    /// The notices say, once each, what the user should know: entries that
    /// cannot be read (kept as they are), a newer version (read-only for
    /// this run), a file that is not YAML (set aside at the first save),
    /// a file that cannot be read (never written). Never fails.
    pub fn open(dir: PathBuf) -> (Self, Vec<String>) {
        let path = dir.join(FILE_NAME);
        let mut store = Self {
            dir,
            bookmarks: Vec::new(),
            pending: Vec::new(),
            read_only: None,
            seen: FileStamp::of(&owned_file::write_target(&path)),
            cache: None,
        };
        let opened = owned_file::open(&path, FILE_NAME, &file::SHAPE, |doc| {
            let file = BookmarkFile::decode(doc);
            let problems = file.problems().into_iter().map(String::from).collect();
            (file, problems)
        });
        if let Some(file) = opened.contents {
            store.bookmarks = file.bookmarks();
            store.cache = Some(file);
        }
        store.read_only = (opened.read_only).map(|reason| StoreError::ReadOnly {
            file: FILE_NAME.into(),
            reason,
        });
        let notice = opened.notice;
        (store, notice.into_iter().collect())
    }

    /// The file this store reads and writes.
    pub fn path(&self) -> PathBuf {
        self.dir.join(FILE_NAME)
    }

    /// The merged view, in file order.
    pub fn bookmarks(&self) -> &[Bookmark] {
        &self.bookmarks
    }

    /// The bookmarks this run added or changed and has not saved, as they
    /// are now, for the user to keep by hand when saving is impossible.
    pub fn unsaved(&self) -> Vec<Bookmark> {
        let mut unsaved: Vec<Bookmark> = Vec::new();
        for change in &self.pending {
            change.apply_to(&mut unsaved);
            if let Change::SetNote(key, _) = change
                && !unsaved.iter().any(|b| b.key() == *key)
            {
                let edited = self.bookmarks.iter().find(|b| b.key() == *key);
                unsaved.extend(edited.cloned());
            }
        }
        unsaved
    }

    /// Applies a change to the view at once and keeps it for the next save.
    pub fn apply(&mut self, change: Change) {
        change.apply_to(&mut self.bookmarks);
        self.pending.push(change);
    }

    /// Re-reads the file if another earmark changed it since this store
    /// last read or wrote it; this run's unsaved changes stay on top.
    /// Returns whether the view changed. A file that cannot be read now is
    /// left for the next save to report.
    pub fn refresh(&mut self) -> bool {
        let path = self.path();
        let now = FileStamp::of(&owned_file::write_target(&path));
        if now == self.seen {
            return false;
        }
        let Ok(Contents::Writable(doc) | Contents::ReadOnly(doc, _)) =
            owned_file::load(&path, &file::SHAPE)
        else {
            return false;
        };
        let file = BookmarkFile::decode(doc);
        let mut bookmarks = file.bookmarks();
        for change in &self.pending {
            change.apply_to(&mut bookmarks);
        }
        self.seen = now;
        self.cache = Some(file);
        let changed = bookmarks != self.bookmarks;
        self.bookmarks = bookmarks;
        changed
    }

    /// Takes the lock, re-reads the file, applies this run's pending
    /// changes on top of what is there (entries it cannot read are written
    /// back as they were), writes atomically, releases the lock. On success
    /// pending is cleared and the view is the merged file; the notices say
    /// what else happened (a file that is not YAML is set aside, never
    /// overwritten). On error the pending changes and the view are kept,
    /// so a later save may succeed. With nothing pending it touches
    /// nothing.
    pub fn save(&mut self) -> Result<Vec<String>, StoreError> {
        if self.pending.is_empty() {
            return Ok(Vec::new());
        }
        if let Some(error) = &self.read_only {
            return Err(same_error(error));
        }
        let path = self.path();
        let cached = (self.seen.as_ref()).zip(self.cache.take());
        let mut written = None;
        let result = owned_file::update_since(&path, &file::SHAPE, cached, |current| {
            let mut file = match current {
                Current::Unchanged(file) => file,
                Current::Read(doc) => BookmarkFile::decode(doc),
            };
            for change in &self.pending {
                file.apply(change);
            }
            let text = file.to_yaml();
            written = Some(file);
            text
        });
        let (notices, stamp) = match result {
            Ok(done) => done,
            Err(error @ UpdateError::ReadOnly { .. }) => {
                let error = StoreError::from(error);
                self.read_only = Some(same_error(&error));
                return Err(error);
            }
            Err(error) => return Err(error.into()),
        };
        if let Some(file) = written {
            self.bookmarks = file.bookmarks();
            self.cache = Some(file);
        }
        self.seen = stamp;
        self.pending.clear();
        Ok(notices)
    }
}

/// A copy of a read-only reason, for each save that it stops.
fn same_error(error: &StoreError) -> StoreError {
    match error {
        StoreError::ReadOnly { file, reason } => StoreError::ReadOnly {
            file: file.clone(),
            reason: reason.clone(),
        },
        other => StoreError::ReadOnly {
            file: FILE_NAME.into(),
            reason: other.to_string(),
        },
    }
}

/// Reads `<dir>/bookmarks.yaml` without changing anything, for commands
/// that only read: missing = empty; entries that cannot be read are
/// skipped, with a note for the user to know the list is not the whole
/// file; a file that cannot be read, or is not YAML, is an error (and
/// stays where it is).
pub fn read_bookmarks_noting(dir: &Path) -> Result<(Vec<Bookmark>, Option<String>), StoreError> {
    let path = dir.join(FILE_NAME);
    let loaded = owned_file::load(&path, &file::SHAPE).map_err(|source| StoreError::Read {
        path: path.clone(),
        source,
    })?;
    match loaded {
        Contents::Missing => Ok((Vec::new(), None)),
        Contents::Writable(doc) | Contents::ReadOnly(doc, _) => {
            let file = BookmarkFile::decode(doc);
            let note = owned_file::kept_notice(FILE_NAME, &file.problems())
                .map(|n| n.replace(" kept as is ", " skipped "));
            Ok((file.into_bookmarks(), note))
        }
        Contents::NotYaml(reason) => Err(StoreError::Corrupt { path, reason }),
    }
}

#[cfg(test)]
mod tests;
