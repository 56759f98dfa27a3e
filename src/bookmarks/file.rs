//! The `bookmarks.yaml` document: reading it leniently (it may be edited by
//! hand), refusing shapes and versions we do not know, and writing it back
//! with every field we do not understand kept.

use std::io;
use std::path::Path;

use serde::{Deserialize, Deserializer, Serialize, de::Error as _};
use serde_yaml::Value;

use super::{Bookmark, StoreError};
use crate::episode::time::{Seconds, parse_stamp};

/// The only format version this earmark reads and writes.
const VERSION: u64 = 1;

/// The whole file.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct BookmarkFile {
    #[serde(default = "current_version")]
    pub version: u64,
    #[serde(default)]
    pub bookmarks: Vec<Bookmark>,
    /// Top-level keys earmark does not know, kept as they are.
    #[serde(flatten)]
    pub extra: serde_yaml::Mapping,
}

fn current_version() -> u64 {
    VERSION
}

impl Default for BookmarkFile {
    fn default() -> Self {
        Self {
            version: VERSION,
            bookmarks: Vec::new(),
            extra: serde_yaml::Mapping::new(),
        }
    }
}

/// What reading the file found.
#[derive(Debug)]
pub(super) enum Loaded {
    Missing,
    Parsed(BookmarkFile),
    /// It is there and readable but not a file we can use; the reason.
    Corrupt(String),
}

/// Reads and parses `path`. Only a failure to read is an error; what the
/// bytes say is in [`Loaded`].
pub(super) fn load(path: &Path) -> Result<Loaded, StoreError> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(match parse(&bytes) {
            Ok(doc) => Loaded::Parsed(doc),
            Err(reason) => Loaded::Corrupt(reason),
        }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Loaded::Missing),
        Err(source) => Err(StoreError::Read {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Parses the file's bytes; the error is a one-line reason. An empty file
/// is an empty store (a truncated file holds nothing to lose).
pub(super) fn parse(bytes: &[u8]) -> Result<BookmarkFile, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".to_string())?;
    if text.trim().is_empty() {
        return Ok(BookmarkFile::default());
    }
    let doc: BookmarkFile = serde_yaml::from_str(text).map_err(|e| one_line(&e.to_string()))?;
    if doc.version != VERSION {
        return Err(format!(
            "version {} is not one this earmark knows (it knows {VERSION})",
            doc.version
        ));
    }
    Ok(doc)
}

/// The document as YAML: `version`, `bookmarks`, then the other keys.
pub(super) fn to_yaml(doc: &BookmarkFile) -> io::Result<String> {
    serde_yaml::to_string(doc).map_err(io::Error::other)
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A text field, accepting any scalar: someone editing the file may write
/// `title: 1984` or `note: yes`, which YAML reads as a number or a boolean.
/// An empty value (`note:`) is empty text.
pub(super) fn scalar_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(String::new()),
        Value::String(s) => Ok(s),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Sequence(_) | Value::Mapping(_) | Value::Tagged(_) => {
            Err(D::Error::custom("expected text"))
        }
    }
}

/// An optional text field: empty or null is `None`, any other scalar text.
pub(super) fn optional_scalar_string<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<String>, D::Error> {
    let text = scalar_string(d)?;
    Ok(Some(text).filter(|t| !t.is_empty()))
}

/// A time: whole seconds, null, or a hand-written `hh:mm:ss` / `mm:ss`.
pub(super) fn optional_seconds<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Seconds>, D::Error> {
    let invalid = || D::Error::custom("expected seconds, hh:mm:ss or null");
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        Value::Number(n) => n
            .as_u64()
            .and_then(|s| Seconds::try_from(s).ok())
            .map(Some)
            .ok_or_else(invalid),
        Value::String(s) => {
            let s = s.trim();
            s.parse()
                .ok()
                .or_else(|| parse_stamp(s))
                .map(Some)
                .ok_or_else(invalid)
        }
        _ => Err(invalid()),
    }
}
