//! The `bookmarks.yaml` document: reading it leniently (it may be edited by
//! hand), refusing shapes and versions we do not know, and writing it back
//! with every field we do not understand kept.

use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_yaml::{Mapping, Value};

use super::{Bookmark, StoreError};
use crate::episode::time::{Seconds, parse_stamp};

/// The only format version this earmark reads and writes.
const VERSION: u64 = 1;

/// The whole file. Read by hand from a mapping, like [`Bookmark`], so that
/// unknown top-level keys keep whatever they hold.
#[derive(Debug, Serialize, Deserialize)]
#[serde(try_from = "Mapping")]
pub(super) struct BookmarkFile {
    pub version: u64,
    pub bookmarks: Vec<Bookmark>,
    /// Top-level keys earmark does not know, kept as they are.
    #[serde(flatten)]
    pub extra: Mapping,
}

impl Default for BookmarkFile {
    fn default() -> Self {
        Self {
            version: VERSION,
            bookmarks: Vec::new(),
            extra: Mapping::new(),
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

impl TryFrom<Mapping> for Bookmark {
    type Error = String;

    /// Takes the known fields out of the mapping; what is left is `extra`,
    /// in file order.
    fn try_from(mut map: Mapping) -> Result<Self, String> {
        let mut take = |key: &str| map.shift_remove(key).unwrap_or(Value::Null);
        let episode = required_text(take("episode"), "episode")?;
        let quote = required_text(take("quote"), "quote")?;
        Ok(Self {
            episode,
            title: field(scalar_text(take("title")), "title")?,
            path: field(optional_text(take("path")), "path")?,
            url: field(optional_text(take("url")), "url")?,
            speaker: field(optional_text(take("speaker")), "speaker")?,
            start: field(optional_seconds(take("start")), "start")?,
            quote,
            note: field(scalar_text(take("note")), "note")?,
            created: field(scalar_text(take("created")), "created")?,
            extra: map,
        })
    }
}

impl TryFrom<Mapping> for BookmarkFile {
    type Error = String;

    fn try_from(mut map: Mapping) -> Result<Self, String> {
        let version = match map.shift_remove("version") {
            None => VERSION,
            Some(v) => v.as_u64().ok_or("version: expected a whole number")?,
        };
        let bookmarks = match map.shift_remove("bookmarks") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Sequence(items)) => bookmarks_from(items)?,
            Some(_) => return Err("bookmarks: expected a list".into()),
        };
        Ok(Self {
            version,
            bookmarks,
            extra: map,
        })
    }
}

/// Each item of the `bookmarks` list; an error names the item (from 1).
fn bookmarks_from(items: Vec<Value>) -> Result<Vec<Bookmark>, String> {
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            match item {
                Value::Mapping(map) => Bookmark::try_from(map),
                _ => Err("expected a mapping".into()),
            }
            .map_err(|e| format!("bookmark {}: {e}", i + 1))
        })
        .collect()
}

/// Names the field in a conversion error.
fn field<T>(result: Result<T, &str>, name: &str) -> Result<T, String> {
    result.map_err(|reason| format!("{name}: {reason}"))
}

/// A field that identifies the bookmark: present and non-empty.
fn required_text(value: Value, name: &str) -> Result<String, String> {
    match field(scalar_text(value), name)? {
        text if text.is_empty() => Err(format!("{name}: missing")),
        text => Ok(text),
    }
}

/// A text field, accepting any scalar: someone editing the file may write
/// `title: 1984` or `quote: true`, which YAML reads as a number or a
/// boolean. An empty value (`note:`) is empty text.
fn scalar_text(value: Value) -> Result<String, &'static str> {
    match value {
        Value::Null => Ok(String::new()),
        Value::String(s) => Ok(s),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Sequence(_) | Value::Mapping(_) | Value::Tagged(_) => Err("expected text"),
    }
}

/// An optional text field: empty or null is `None`, any other scalar text.
fn optional_text(value: Value) -> Result<Option<String>, &'static str> {
    Ok(Some(scalar_text(value)?).filter(|t| !t.is_empty()))
}

/// A time: whole seconds, null, or a hand-written `hh:mm:ss` / `mm:ss`.
fn optional_seconds(value: Value) -> Result<Option<Seconds>, &'static str> {
    const INVALID: &str = "expected seconds, hh:mm:ss or null";
    match value {
        Value::Null => Ok(None),
        Value::Number(n) => n
            .as_u64()
            .and_then(|s| Seconds::try_from(s).ok())
            .map(Some)
            .ok_or(INVALID),
        Value::String(s) => {
            let s = s.trim();
            s.parse()
                .ok()
                .or_else(|| parse_stamp(s))
                .map(Some)
                .ok_or(INVALID)
        }
        _ => Err(INVALID),
    }
}
