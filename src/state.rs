//! Where each episode was left, so it reopens there: `state.yaml` in the
//! config directory, kept with the same discipline as bookmarks (see
//! `owned_file` and `docs/stores.md`).

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use serde_yaml::{Mapping, Value};

use crate::episode::time::Seconds;
use crate::owned_file::{self, Document, StoreItem, StoreShape};

/// The state file's name inside the config directory.
pub const FILE_NAME: &str = "state.yaml";
const VERSION: u64 = 1;

/// A reading position in one episode.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resume {
    /// The segment at the top of the screen, and the row within it.
    pub segment: usize,
    #[serde(default)]
    pub row: usize,
    /// The highlighted segment.
    #[serde(default)]
    pub current: usize,
    /// The top segment's time, to find the place again if the file changed.
    #[serde(default)]
    pub start: Option<Seconds>,
    /// Fields earmark does not know, kept.
    #[serde(flatten)]
    pub extra: serde_yaml::Mapping,
}

/// Where the positions live, and the only version this earmark writes.
/// Keys are `transcript-<fingerprint>` (see `EpisodeIdentity`); keys
/// written by earlier earmarks (a `video_id`) are still read.
const SHAPE: StoreShape = StoreShape {
    key: "positions",
    list: false,
    version: VERSION,
};

/// Reading positions by episode key.
#[derive(Debug, Default)]
pub struct PositionStore {
    path: Option<PathBuf>,
    positions: BTreeMap<String, Resume>,
    /// Why this run must not write the file, if it must not.
    read_only: bool,
}

impl PositionStore {
    /// Loads `<dir>/state.yaml` without changing it; without a directory
    /// nothing is kept. The notice says what the user should know, once:
    /// entries it cannot read (kept as they are), a newer version
    /// (read-only for this run), a file that is not YAML (set aside at
    /// the first save), a file that cannot be read (never written).
    pub fn open(dir: Option<PathBuf>) -> (Self, Vec<String>) {
        let Some(path) = dir.map(|d| d.join(FILE_NAME)) else {
            return (Self::default(), Vec::new());
        };
        let mut store = Self {
            path: Some(path.clone()),
            ..Self::default()
        };
        let opened = owned_file::open(&path, FILE_NAME, &SHAPE, |doc| decode(&doc));
        store.positions = opened.contents.unwrap_or_default();
        store.read_only = opened.read_only.is_some();
        let notice = opened.notice;
        (store, notice.into_iter().collect())
    }

    /// Every known position.
    pub fn positions(&self) -> &BTreeMap<String, Resume> {
        &self.positions
    }

    /// Records a position and saves it: under the lock, re-read, set this
    /// one, write atomically. Other episodes' positions written meanwhile by
    /// another earmark are kept, and so are entries it cannot read. The
    /// position is kept in memory even when the save fails.
    pub fn save(&mut self, key: &str, resume: Resume) -> Result<Vec<String>, String> {
        self.positions.insert(key.to_string(), resume.clone());
        let Some(path) = &self.path else {
            return Ok(Vec::new());
        };
        if self.read_only {
            return Err(format!(
                "reading position not saved: {FILE_NAME} is read-only"
            ));
        }
        let entry = StoreItem::Value(Value::Mapping(Mapping::from_iter([(
            Value::from(key),
            serde_yaml::to_value(&resume).unwrap_or(Value::Null),
        )])));
        let (doc, notices) = owned_file::update(path, &SHAPE, |doc| {
            match doc
                .items
                .iter_mut()
                .find(|item| item_key(item) == Some(key))
            {
                Some(item) => *item = entry,
                None => doc.items.push(entry),
            }
        })
        .map_err(|e| format!("reading position not saved: {}", e.brief()))?;
        self.positions = decode(&doc).0;
        Ok(notices)
    }
}

/// The key of a position entry, if it is one we can read.
fn item_key(item: &StoreItem) -> Option<&str> {
    match item {
        StoreItem::Value(Value::Mapping(map)) => map.keys().next()?.as_str(),
        _ => None,
    }
}

/// The positions the document holds, and why each other entry was kept.
fn decode(doc: &Document) -> (BTreeMap<String, Resume>, Vec<String>) {
    let mut positions = BTreeMap::new();
    let mut problems = Vec::new();
    for (i, item) in doc.items.iter().enumerate() {
        let decoded = match item {
            StoreItem::Value(Value::Mapping(map)) => map.iter().next().and_then(|(k, v)| {
                let key = k.as_str()?.to_string();
                let resume = serde_yaml::from_value::<Resume>(v.clone()).ok()?;
                Some((key, resume))
            }),
            _ => None,
        };
        match decoded {
            Some((key, resume)) => {
                positions.insert(key, resume);
            }
            None => problems.push(format!("entry {}", i + 1)),
        }
    }
    (positions, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resume(segment: usize) -> Resume {
        Resume {
            segment,
            row: 1,
            current: segment,
            start: Some(60),
            extra: serde_yaml::Mapping::new(),
        }
    }

    #[test]
    fn positions_round_trip_and_merge_between_processes() {
        let dir = tempfile::tempdir().unwrap();
        let (mut a, _) = PositionStore::open(Some(dir.path().to_path_buf()));
        let (mut b, _) = PositionStore::open(Some(dir.path().to_path_buf()));
        a.save("one", resume(3)).unwrap();
        b.save("two", resume(7)).unwrap();
        let (reopened, notices) = PositionStore::open(Some(dir.path().to_path_buf()));
        assert!(notices.is_empty());
        assert_eq!(reopened.positions()["one"], resume(3));
        assert_eq!(reopened.positions()["two"], resume(7));
    }

    #[test]
    fn unknown_keys_survive_and_a_corrupt_file_is_set_aside() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(
            &path,
            "version: 1\ntheme: dark\npositions:\n  x: {segment: 2, mine: 1}\n",
        )
        .unwrap();
        let (mut store, _) = PositionStore::open(Some(dir.path().to_path_buf()));
        store.save("y", resume(1)).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains("theme: dark") && text.contains("mine: 1"),
            "{text}"
        );

        std::fs::write(&path, "positions: [not, a, map").unwrap();
        let (mut store, notices) = PositionStore::open(Some(dir.path().to_path_buf()));
        assert_eq!(notices.len(), 1);
        let saved = store.save("z", resume(4)).unwrap();
        assert!(saved[0].contains("moved state.yaml aside"), "{saved:?}");
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            names.iter().any(|n| n.starts_with("state.yaml.corrupt-")),
            "{names:?}"
        );
        assert!(!names.iter().any(|n| n.contains(".tmp-")), "{names:?}");
    }

    #[test]
    fn an_unwritable_directory_is_an_error_not_a_crash() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("plain-file");
        std::fs::write(&file, "x").unwrap();
        let (mut store, _) = PositionStore::open(Some(file.join("sub")));
        assert!(store.save("a", resume(1)).is_err());
        assert_eq!(store.positions()["a"], resume(1), "kept in memory");
    }

    #[test]
    fn opening_moves_nothing_a_newer_version_is_read_only_and_bad_entries_stay() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let newer = "version: 3\npositions:\n  a: {segment: 2}\n";
        std::fs::write(&path, newer).unwrap();
        let (mut store, notices) = PositionStore::open(Some(dir.path().to_path_buf()));
        assert_eq!(
            notices,
            ["state.yaml is read-only this run: version 3, from a newer earmark"]
        );
        assert_eq!(store.positions()["a"].segment, 2);
        assert!(store.save("b", resume(1)).is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), newer);

        let bad = "version: 1\npositions:\n  a: {segment: -5}\n  b:\n    segment: 1\n    segment: 2\n  c: {segment: 4}\n";
        std::fs::write(&path, bad).unwrap();
        let (mut store, notices) = PositionStore::open(Some(dir.path().to_path_buf()));
        assert_eq!(
            notices,
            ["state.yaml: 2 unreadable entries kept as is (entry 1, …)"]
        );
        assert_eq!(store.positions().keys().collect::<Vec<_>>(), ["c"]);
        store.save("d", resume(1)).unwrap();
        let written = std::fs::read_to_string(&path).unwrap();
        assert!(written.contains("segment: -5"), "{written}");
        assert!(
            written.contains("  b:\n    segment: 1\n    segment: 2\n"),
            "{written}"
        );
        let names = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(names, 2, "state.yaml and its lock, nothing set aside");
    }
}
