//! Where each episode was left, so it reopens there: `state.yaml` in the
//! config directory, kept with the same discipline as bookmarks (see
//! `owned_file`).

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::episode::time::Seconds;
use crate::owned_file::{self, Loaded};

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

/// The whole file.
#[derive(Debug, Serialize, Deserialize)]
struct StateFile {
    version: u64,
    #[serde(default)]
    positions: BTreeMap<String, Resume>,
    #[serde(flatten)]
    extra: serde_yaml::Mapping,
}

impl Default for StateFile {
    fn default() -> Self {
        Self {
            version: VERSION,
            positions: BTreeMap::new(),
            extra: serde_yaml::Mapping::new(),
        }
    }
}

fn parse(bytes: &[u8]) -> Result<StateFile, String> {
    let doc: StateFile = owned_file::parse_yaml(bytes)?;
    if doc.version != VERSION {
        return Err(format!(
            "version {} is not one this earmark knows",
            doc.version
        ));
    }
    Ok(doc)
}

/// Reading positions by episode id.
#[derive(Debug, Default)]
pub struct PositionStore {
    path: Option<PathBuf>,
    positions: BTreeMap<String, Resume>,
}

impl PositionStore {
    /// Loads `<dir>/state.yaml`; without a directory nothing is kept. A file
    /// that cannot be parsed is left for the first save to move aside.
    pub fn open(dir: Option<PathBuf>) -> (Self, Vec<String>) {
        let Some(path) = dir.map(|d| d.join(FILE_NAME)) else {
            return (Self::default(), Vec::new());
        };
        let (positions, notices) = match owned_file::load(&path, parse) {
            Ok(Loaded::Parsed(doc)) => (doc.positions, Vec::new()),
            Ok(Loaded::Missing) => (BTreeMap::new(), Vec::new()),
            Ok(Loaded::Corrupt(reason)) => (
                BTreeMap::new(),
                vec![format!(
                    "{}: {reason}; it will be set aside",
                    path.display()
                )],
            ),
            Err(error) => (
                BTreeMap::new(),
                vec![format!("{}: {error}", path.display())],
            ),
        };
        let store = Self {
            path: Some(path),
            positions,
        };
        (store, notices)
    }

    /// Every known position.
    pub fn positions(&self) -> &BTreeMap<String, Resume> {
        &self.positions
    }

    /// Records a position and saves it: under the lock, re-read, set this
    /// one, write atomically. Other episodes' positions written meanwhile by
    /// another earmark are kept.
    pub fn save(&mut self, episode: &str, resume: Resume) -> Result<Vec<String>, String> {
        self.positions.insert(episode.to_string(), resume.clone());
        let Some(path) = &self.path else {
            return Ok(Vec::new());
        };
        let (doc, notices) = owned_file::update(path, parse, |doc: &mut StateFile| {
            doc.positions.insert(episode.to_string(), resume);
        })
        .map_err(|e| format!("reading position not saved to {}: {e}", path.display()))?;
        self.positions = doc.positions;
        Ok(notices)
    }
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
}
