//! The `bookmarks.yaml` document: read leniently (it may be edited by
//! hand, or written by a newer earmark), each entry on its own so that one
//! bad entry costs only itself, and written back with every field and
//! entry we do not understand kept.

use serde_yaml::{Mapping, Value};

use super::{Bookmark, Change};
use crate::episode::time::{Seconds, parse_stamp};
use crate::owned_file::{Document, ListEntry, StoreItem, StoreShape};

/// Where the entries live, and the only format version this earmark
/// writes. Version 1 gained the optional `transcript` field; earlier
/// earmarks keep it as a field they do not know.
pub(super) const SHAPE: StoreShape = StoreShape {
    key: "bookmarks",
    list: true,
    version: 1,
};

/// One entry of the list: a bookmark, or what could not be read as one,
/// kept to be written back as it was.
#[derive(Debug, Clone)]
pub(super) enum BookmarkRecord {
    /// Boxed: a bookmark is several times the size of a kept entry.
    Bookmark(Box<Bookmark>),
    Kept {
        item: StoreItem,
        reason: String,
    },
}

/// The file's entries, decoded, and the rest of the document.
#[derive(Debug)]
pub(super) struct BookmarkFile {
    doc: Document,
    pub entries: Vec<BookmarkRecord>,
}

impl BookmarkFile {
    /// Decodes every entry; the document keeps the other keys.
    pub fn decode(mut doc: Document) -> Self {
        let entries = std::mem::take(&mut doc.items)
            .into_iter()
            .enumerate()
            .map(|(i, item)| decode_entry(i, item))
            .collect();
        Self { doc, entries }
    }

    /// The file as YAML: the bookmarks, kept entries as they were, in
    /// file order, then the other top-level keys.
    pub fn to_yaml(&self) -> String {
        let entries: Vec<ListEntry<'_, Bookmark>> = (self.entries.iter())
            .map(|entry| match entry {
                BookmarkRecord::Bookmark(b) => ListEntry::Typed(&**b),
                BookmarkRecord::Kept { item, .. } => ListEntry::Kept(item),
            })
            .collect();
        self.doc.list_to_yaml(&SHAPE, &entries)
    }

    /// The bookmarks, in file order, without copying them.
    pub fn into_bookmarks(self) -> Vec<Bookmark> {
        self.entries
            .into_iter()
            .filter_map(|e| match e {
                BookmarkRecord::Bookmark(b) => Some(*b),
                BookmarkRecord::Kept { .. } => None,
            })
            .collect()
    }

    /// The bookmarks, in file order.
    pub fn bookmarks(&self) -> Vec<Bookmark> {
        self.entries
            .iter()
            .filter_map(|e| match e {
                BookmarkRecord::Bookmark(b) => Some(Bookmark::clone(b)),
                BookmarkRecord::Kept { .. } => None,
            })
            .collect()
    }

    /// Why each entry that is not a bookmark was kept, in file order.
    pub fn problems(&self) -> Vec<&str> {
        self.entries
            .iter()
            .filter_map(|e| match e {
                BookmarkRecord::Kept { reason, .. } => Some(reason.as_str()),
                BookmarkRecord::Bookmark(_) => None,
            })
            .collect()
    }

    /// Applies one change to the bookmarks; kept entries are not touched.
    pub fn apply(&mut self, change: &Change) {
        match change {
            Change::Add(new) => {
                let key = new.key();
                let there = self
                    .entries
                    .iter()
                    .any(|e| matches!(e, BookmarkRecord::Bookmark(b) if b.key() == key));
                if !there {
                    self.entries
                        .push(BookmarkRecord::Bookmark(Box::new(new.clone())));
                }
            }
            Change::Remove(key) => self
                .entries
                .retain(|e| !matches!(e, BookmarkRecord::Bookmark(b) if b.key() == *key)),
            Change::SetNote(key, note) => {
                for entry in &mut self.entries {
                    if let BookmarkRecord::Bookmark(b) = entry
                        && b.key() == *key
                    {
                        b.note.clone_from(note);
                    }
                }
            }
        }
    }
}

/// BookmarkRecord `i` (from 0) as a bookmark, or kept with the reason.
fn decode_entry(i: usize, mut item: StoreItem) -> BookmarkRecord {
    let decoded = match &mut item {
        StoreItem::Value(Value::Mapping(map)) => decode(map),
        StoreItem::Value(_) => Err("expected a mapping".into()),
        StoreItem::Raw(_) => Err("not valid YAML (a duplicate key?)".into()),
    };
    match decoded {
        Ok(b) => BookmarkRecord::Bookmark(Box::new(b)),
        Err(e) => BookmarkRecord::Kept {
            item,
            reason: format!("entry {}: {e}", i + 1),
        },
    }
}

impl TryFrom<Mapping> for Bookmark {
    type Error = String;

    fn try_from(mut map: Mapping) -> Result<Self, String> {
        decode(&mut map)
    }
}

/// The fields earmark knows, in the order it writes them.
const KNOWN: [&str; 11] = [
    "episode",
    "transcript",
    "title",
    "path",
    "url",
    "speaker",
    "start",
    "end",
    "quote",
    "note",
    "created",
];

/// Reads the known fields of a bookmark's mapping; what is left becomes
/// `extra`, in file order. On error the mapping is left as it was, so the
/// entry can be written back unchanged (and nothing was copied but text).
fn decode(map: &mut Mapping) -> Result<Bookmark, String> {
    let get = |key: &str| map.get(key).unwrap_or(&Value::Null);
    let bookmark = Bookmark {
        episode: required_text(get("episode"), "episode")?,
        transcript: field(optional_text(get("transcript")), "transcript")?,
        title: field(scalar_text(get("title")), "title")?,
        path: field(optional_text(get("path")), "path")?,
        url: field(optional_text(get("url")), "url")?,
        speaker: field(optional_text(get("speaker")), "speaker")?,
        start: field(optional_seconds(get("start")), "start")?,
        end: field(optional_seconds(get("end")), "end")?,
        segments: segment_count(get("segments")),
        quote: required_text(get("quote"), "quote")?,
        note: field(scalar_text(get("note")), "note")?,
        created: field(scalar_text(get("created")), "created")?,
        extra: Mapping::new(),
    };
    for key in KNOWN {
        map.shift_remove(key);
    }
    if bookmark.segments.is_some() {
        map.shift_remove("segments");
    }
    Ok(Bookmark {
        extra: std::mem::take(map),
        ..bookmark
    })
}

/// A range's count of segments. One this earmark cannot read (a later
/// one's, or a slip of a hand) is no error: it stays with the unknown
/// fields and is written back as it was.
fn segment_count(value: &Value) -> Option<u32> {
    value.as_u64().and_then(|n| u32::try_from(n).ok())
}

/// Names the field in a conversion error.
fn field<T>(result: Result<T, &str>, name: &str) -> Result<T, String> {
    result.map_err(|reason| format!("{name}: {reason}"))
}

/// A field that identifies the bookmark: present and non-empty.
fn required_text(value: &Value, name: &str) -> Result<String, String> {
    match field(scalar_text(value), name)? {
        text if text.is_empty() => Err(format!("{name}: missing")),
        text => Ok(text),
    }
}

/// A text field, accepting any scalar: someone editing the file may write
/// `title: 1984` or `quote: true`, which YAML reads as a number or a
/// boolean. An empty value (`note:`) is empty text.
fn scalar_text(value: &Value) -> Result<String, &'static str> {
    match value {
        Value::Null => Ok(String::new()),
        Value::String(s) => Ok(s.clone()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Sequence(_) | Value::Mapping(_) | Value::Tagged(_) => Err("expected text"),
    }
}

/// An optional text field: empty or null is `None`, any other scalar text.
fn optional_text(value: &Value) -> Result<Option<String>, &'static str> {
    Ok(Some(scalar_text(value)?).filter(|t| !t.is_empty()))
}

/// A time: whole seconds, null, or a hand-written `hh:mm:ss` / `mm:ss`.
fn optional_seconds(value: &Value) -> Result<Option<Seconds>, &'static str> {
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
