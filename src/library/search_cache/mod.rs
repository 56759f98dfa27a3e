//! `earmark search`'s cache of parsed transcripts (docs/usage.md, "The
//! search cache"), as ripgrep-all keeps one for PDFs.
//!
//! A WebVTT, SubRip, JSON or other non-Markdown file that may match is
//! parsed in full, several times slower than a raw search of it. After
//! such a parse the episode's searchable form (title, the date metadata
//! the filters read, speakers, each segment's start, speaker and text
//! span, and the one text buffer: [`entry`]) is written to an entry; the
//! next search of the same, unchanged file reads the entry instead, tests
//! its text with the query's raw test, and builds the episode only when
//! that finds something. The output is the same by construction: the
//! episode built from an entry is the one the parse built, and the same
//! code prints it.
//!
//! Why the raw test of the entry's text is exact: every segment's text is
//! a piece of that text, and every match of a literal query in a piece is
//! an occurrence of the literal in the whole (as is the literal a
//! regex's match starts with: `library::prefilter`); so no occurrence in
//! the whole means no match in any segment. No separator is involved.
//!
//! An entry is used only when the file's size, modification and status
//! change times (to the nanosecond), inode and device, and the path it
//! was named by (made absolute) are those recorded, and the build that
//! wrote it is this one ([`store::build_stamp`]); a file changed in the
//! last two seconds is not cached (a change in the same clock tick could
//! leave its times as they were, as git's "racily clean" index entries).
//! The named path rather than the canonical one: the title of a file with
//! no title is its name, and a link's name is not its target's.
//!
//! Entries live in a directory the user can write, so they are untrusted
//! input: decoding checks everything ([`entry::decode`]), and an entry
//! that fails is passed over and written again after the file is parsed.
//!
//! A Markdown file (named `.md` or `.markdown`) is searched from its own
//! bytes by the search-only pass (`library::search_pass`), whose reading
//! of the file's layout (`BodyScan`) was most of the work for a common
//! word: its entry holds that layout alone ([`SearchCache::keep_layout`],
//! `BodyScan::encode`), checked against the file's bytes when read back
//! (`BodyScan::decode`), while the pass checks those bytes as it always
//! does. Never cached: standard input (it has no stamp). Nothing in the
//! cache is the user's: removing the directory loses only time.

pub mod entry;
pub mod store;

use std::cell::RefCell;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::SystemTime;

use entry::{Entry, EntryKey, SourceStamp};

use crate::episode::{BodyScan, Episode, Format, MAP_MIN_BYTES};
use crate::read_buffer::ReadBuffer;

/// Whether and where `earmark search` keeps its cache.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum CacheSetting {
    /// `--no-cache`: neither read nor written.
    Off,
    /// The directory `--cache-dir` names, else the default
    /// ([`store::cache_dir`]).
    #[default]
    Default,
    /// `--cache-dir DIR`.
    At(PathBuf),
}

/// An open cache directory, shared by the search's workers.
#[derive(Debug)]
pub struct SearchCache {
    dir: PathBuf,
    build: u64,
    /// Where relative paths are from.
    cwd: PathBuf,
    /// When the search started, for the racy test.
    now: SystemTime,
    /// Whether an entry was written (then the search prunes, once).
    wrote: AtomicBool,
}

/// What the cache knows of a file.
pub enum Lookup<'b> {
    /// A fresh, valid entry.
    Hit(Entry<'b>),
    /// No usable entry; where to write one after a parse, when the file
    /// may be cached.
    Miss(Option<Slot>),
}

/// Where and for what an entry may be written.
#[derive(Debug)]
pub struct Slot {
    entry_path: PathBuf,
    stamp: SourceStamp,
    path: Vec<u8>,
}

impl SearchCache {
    /// Opens (creating it if needed) the cache `setting` names. `Err`
    /// holds a one-line warning when a directory the user named cannot be
    /// used; the default one failing is silent (the search goes on
    /// without a cache either way).
    pub fn open(setting: &CacheSetting) -> Result<Option<SearchCache>, String> {
        let flag = match setting {
            CacheSetting::Off => return Ok(None),
            CacheSetting::Default => None,
            CacheSetting::At(dir) => Some(dir.as_path()),
        };
        let Some((dir, named)) = store::cache_dir(flag) else {
            return Ok(None);
        };
        let cwd = std::env::current_dir().unwrap_or_default();
        if let Err(reason) = store::create_dir(&dir) {
            let shown = crate::episode::text::clean_file_name(&dir.display().to_string());
            let warning = format!("cache directory {shown}: {reason}; searching without it");
            return if named { Err(warning) } else { Ok(None) };
        }
        Ok(Some(SearchCache {
            dir,
            build: store::build_stamp(),
            cwd,
            now: SystemTime::now(),
            wrote: AtomicBool::new(false),
        }))
    }

    /// The entry for the file at `path`, read into `buffer`, if it is
    /// fresh and valid (see the module comment).
    pub fn look_up<'b>(&self, path: &Path, buffer: &'b mut ReadBuffer) -> Lookup<'b> {
        let Ok(meta) = std::fs::metadata(path) else {
            return Lookup::Miss(None);
        };
        let Some(slot) = self.slot(path, &meta) else {
            return Lookup::Miss(None);
        };
        if !store::read_entry(&slot.entry_path, slot.stamp.size, buffer) {
            return Lookup::Miss(Some(slot));
        }
        match entry::decode(buffer.bytes()) {
            Ok(found) if found.key == self.key(&slot) => Lookup::Hit(found),
            // Stale (another build, a changed file) or damaged: removed, so
            // that searches which never parse the file (a raw test rules it
            // out) do not read it again and again until one does.
            _ => {
                let _ = std::fs::remove_file(&slot.entry_path);
                Lookup::Miss(Some(slot))
            }
        }
    }

    /// The key an entry for `slot`'s file is written under by this build,
    /// and must be read under.
    fn key<'s>(&self, slot: &'s Slot) -> EntryKey<'s> {
        EntryKey {
            build: self.build,
            stamp: slot.stamp,
            path: &slot.path,
        }
    }

    /// The slot for the entry of the file at `path`, which looked like
    /// `meta` before it was read; `None` when it is not cached (not a
    /// regular file, or changed too recently).
    pub fn slot(&self, path: &Path, meta: &std::fs::Metadata) -> Option<Slot> {
        let stamp = store::file_stamp(meta);
        if !meta.is_file() || store::is_racy(&stamp, self.now) {
            return None;
        }
        let absolute = self.cwd.join(path);
        Some(Slot {
            entry_path: store::entry_path(&self.dir, absolute.as_os_str().as_bytes()),
            stamp,
            path: absolute.into_os_string().into_vec(),
        })
    }

    /// The layout of a Markdown file's `body` from its entry in `slot`,
    /// if the entry is fresh and the layout could be a scan's of it (see
    /// `BodyScan::decode`). A stale or damaged entry is removed.
    ///
    /// The entry of a source large enough to be mapped is mapped too
    /// ([`store::map_entry`]); a smaller one's, or one that cannot be
    /// mapped, is read into this thread's buffer.
    pub fn recall_layout<'b>(&self, slot: &Slot, body: &'b str) -> Option<BodyScan<'b>> {
        // A file system that cannot map the entry still gets it read.
        if slot.stamp.size >= MAP_MIN_BYTES
            && let Some(map) = store::map_entry(&slot.entry_path, slot.stamp.size)
        {
            return self.layout_from_entry(slot, &map, body);
        }
        with_entry_buffer(|buffer| {
            if !store::read_entry(&slot.entry_path, slot.stamp.size, buffer) {
                return None;
            }
            self.layout_from_entry(slot, buffer.bytes(), body)
        })
    }

    /// The layout `entry` holds for `body`, if it is `slot`'s and could
    /// be a scan's of `body`; the entry is removed when it is not.
    fn layout_from_entry<'b>(
        &self,
        slot: &Slot,
        entry: &[u8],
        body: &'b str,
    ) -> Option<BodyScan<'b>> {
        let layout = match entry::decode_layout(entry) {
            Ok((key, layout)) if key == self.key(slot) => BodyScan::decode(body, layout),
            _ => None,
        };
        if layout.is_none() {
            let _ = std::fs::remove_file(&slot.entry_path);
        }
        layout
    }

    /// Writes the entry for a Markdown file whose layout was just read.
    pub fn keep_layout(&self, slot: &Slot, layout: &BodyScan) {
        let key = self.key(slot);
        let encoded = layout.encode();
        let fits = |entry: &Vec<u8>| entry.len() as u64 <= store::entry_limit(slot.stamp.size);
        if let Some(entry) = entry::encode_layout(&key, &encoded).filter(fits)
            && store::write_entry(&slot.entry_path, [&entry, &[]]).is_ok()
        {
            self.wrote.store(true, Ordering::Relaxed);
        }
    }

    /// Writes the entry for a file parsed into `episode` (Markdown is not
    /// cached). A failure to write only costs the next search time.
    pub fn remember(&self, slot: &Slot, episode: &Episode) {
        if episode.format == Format::Markdown {
            return;
        }
        let key = self.key(slot);
        let fits = |head: &Vec<u8>| {
            (head.len() + episode.text.len()) as u64 <= store::entry_limit(slot.stamp.size)
        };
        if let Some(head) = entry::encode_head(&key, episode).filter(fits)
            && store::write_entry(&slot.entry_path, [&head, episode.text.as_bytes()]).is_ok()
        {
            self.wrote.store(true, Ordering::Relaxed);
        }
    }

    /// After the search: prunes the directory past its cap, if this
    /// search wrote to it.
    pub fn finish(&self) {
        if self.wrote.load(Ordering::Relaxed) {
            store::prune(&self.dir, store::max_bytes());
        }
    }
}

/// Whether the file at `path` may have an entry: not when its name says
/// Markdown (`.md`, `.markdown`), which is never cached, so that a
/// Markdown file costs no look-up. (A Markdown file by another name is
/// looked up, and not found.)
pub fn may_hold(path: &Path) -> bool {
    let extension = path.extension().and_then(|e| e.to_str());
    !extension.is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

thread_local! {
    /// Each worker's buffer for entries, reused from file to file.
    static ENTRY_BUFFER: RefCell<ReadBuffer> = const { RefCell::new(ReadBuffer::new()) };
}

/// Runs `work` with this thread's entry buffer.
pub fn with_entry_buffer<T>(work: impl FnOnce(&mut ReadBuffer) -> T) -> T {
    ENTRY_BUFFER.with(|buffer| match buffer.try_borrow_mut() {
        Ok(mut buffer) => work(&mut buffer),
        Err(_) => work(&mut ReadBuffer::new()),
    })
}
