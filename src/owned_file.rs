//! The discipline for YAML files earmark owns (`bookmarks.yaml`,
//! `state.yaml`): read leniently, never overwrite what we cannot parse (it
//! is moved aside), and update under a lock by re-reading, changing and
//! writing atomically, so two processes never undo each other's work.

use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::atomic::{FileLock, write_atomically};

/// What reading an owned file found.
#[derive(Debug)]
pub enum Loaded<T> {
    Missing,
    Parsed(T),
    /// There and readable, but not a document we can use: the reason.
    Corrupt(String),
}

/// Reads and parses `path` with `parse`. Only a failure to read is an
/// error; what the bytes say is in [`Loaded`].
pub fn load<T>(path: &Path, parse: impl Fn(&[u8]) -> Result<T, String>) -> io::Result<Loaded<T>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(match parse(&bytes) {
            Ok(doc) => Loaded::Parsed(doc),
            Err(reason) => Loaded::Corrupt(reason),
        }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Loaded::Missing),
        Err(e) => Err(e),
    }
}

/// Parses YAML text into `T`; an empty file is `T::default()`. The error is
/// one line.
pub fn parse_yaml<T: DeserializeOwned + Default>(bytes: &[u8]) -> Result<T, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".to_string())?;
    if text.trim().is_empty() {
        return Ok(T::default());
    }
    serde_yaml::from_str(text).map_err(|e| {
        e.to_string()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    })
}

/// Renames `path` to `<path>.corrupt-<timestamp>` (with a counter if that
/// name is taken, since rename would replace it). Returns the new name.
pub fn set_aside(path: &Path) -> io::Result<PathBuf> {
    let stamp = crate::bookmarks::compact_timestamp(SystemTime::now());
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
    let name = |p: &Path| {
        p.file_name().map_or_else(
            || p.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    };
    let dir = path
        .parent()
        .map(|d| d.display().to_string())
        .unwrap_or_default();
    format!(
        "moved {} aside to {}: it could not be read ({reason}; in {dir})",
        name(path),
        name(target)
    )
}

fn suffixed(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// Under the lock: re-reads `path` (a corrupt file is moved aside and the
/// update starts from `T::default()`), applies `change`, writes it back
/// atomically. Returns the document as written and notices for the user.
pub fn update<T>(
    path: &Path,
    parse: impl Fn(&[u8]) -> Result<T, String>,
    change: impl FnOnce(&mut T),
) -> io::Result<(T, Vec<String>)>
where
    T: Serialize + Default,
{
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let _lock = FileLock::acquire(path)?;
    let mut notices = Vec::new();
    let mut doc = match load(path, parse)? {
        Loaded::Missing => T::default(),
        Loaded::Parsed(doc) => doc,
        Loaded::Corrupt(reason) => {
            let aside = set_aside(path)?;
            notices.push(set_aside_notice(path, &aside, &reason));
            T::default()
        }
    };
    change(&mut doc);
    let yaml = serde_yaml::to_string(&doc).map_err(io::Error::other)?;
    write_atomically(path, yaml.as_bytes())?;
    Ok((doc, notices))
}
