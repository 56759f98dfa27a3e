//! The shared corpus of real transcripts, when it is there: from
//! `EARMARK_CORPUS` (set by .ci/run), else `../shared/corpus` beside the
//! repository. Tests that use it say plainly when it is absent.

#![allow(dead_code)] // each test file uses a different part of this

use std::path::{Path, PathBuf};

/// The corpus folder, if there is one.
pub fn dir() -> Option<PathBuf> {
    if let Ok(dir) = std::env::var("EARMARK_CORPUS") {
        return Some(PathBuf::from(dir));
    }
    let beside = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    beside.is_dir().then_some(beside)
}

/// Every file of the other formats (`formats/FORMAT/FILE`), sorted.
pub fn format_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for folder in std::fs::read_dir(dir.join("formats")).expect("the formats") {
        let folder = folder.expect("an entry").path();
        if !folder.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&folder).expect("a format folder") {
            files.push(file.expect("an entry").path());
        }
    }
    files.sort();
    files
}
