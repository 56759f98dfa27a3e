//! Symbolic links while walking a folder, as `earmark search` (and the
//! library, which walks the same way) treats them: links that stay inside
//! the folder are followed, each real folder once; links that lead outside
//! only with `--follow` / `-L`, as `rg -L`.

use std::os::unix::fs::symlink;
use std::path::Path;
use std::time::Duration;

use crate::support::cli::{CACHE_DIR_ENV, test_cache_dir};
use assert_cmd::Command;

const TRANSCRIPT: &str = "---\ntitle: Linked\n---\n\nAda (00:00:01):\nA marmalade sandwich.\n";

/// A folder with `inside/one.md`, a second link to `inside`, and a link to
/// another folder holding `two.md`.
fn linked_folders() -> (tempfile::TempDir, tempfile::TempDir) {
    let (root, outside) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    std::fs::create_dir(root.path().join("inside")).unwrap();
    std::fs::write(root.path().join("inside/one.md"), TRANSCRIPT).unwrap();
    std::fs::write(outside.path().join("two.md"), TRANSCRIPT).unwrap();
    symlink(root.path().join("inside"), root.path().join("again")).unwrap();
    symlink(outside.path(), root.path().join("elsewhere")).unwrap();
    (root, outside)
}

/// The files `earmark search marmalade ROOT` (with `flags`) matched in.
fn matched_files(root: &Path, flags: &[&str]) -> Vec<String> {
    let output = Command::cargo_bin("earmark")
        .unwrap()
        .timeout(Duration::from_secs(20))
        .env(CACHE_DIR_ENV, test_cache_dir())
        .arg("search")
        .args(flags)
        .arg("marmalade")
        .arg(root)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let mut files: Vec<String> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| line.split('\t').next().unwrap_or("").to_string())
        .map(|path| path.rsplit('/').next().unwrap_or("").to_string())
        .collect();
    files.sort();
    files
}

#[test]
fn links_leading_outside_the_folder_are_followed_only_when_asked() {
    let (root, _outside) = linked_folders();
    // `inside` is reached twice (as itself and through `again`): once.
    assert_eq!(matched_files(root.path(), &[]), ["one.md"]);
    for flag in ["--follow", "-L"] {
        assert_eq!(matched_files(root.path(), &[flag]), ["one.md", "two.md"]);
    }
}

#[test]
fn the_help_tells_of_follow() {
    let output = Command::cargo_bin("earmark")
        .unwrap()
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8(output.stdout).unwrap();
    assert!(help.contains("--follow"), "{help}");
}
