//! The binary as scripts run it, and the fixtures the tests hand it.

#![allow(dead_code)] // each test file uses a different part of this

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;

/// How long one run of the binary may take before the test fails (a hang
/// is a bug, never a wait).
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// The earmark binary, killed after [`TIMEOUT`], with its search cache
/// in [`test_cache_dir`].
pub fn earmark() -> Command {
    let mut command = Command::cargo_bin("earmark").expect("the earmark binary");
    command.timeout(TIMEOUT);
    command.env(CACHE_DIR_ENV, test_cache_dir());
    command
}

/// The variable that names `earmark search`'s cache directory.
pub const CACHE_DIR_ENV: &str = "EARMARK_CACHE_DIR";

/// The search cache every test run of the binary uses (under the target
/// directory), so that no test reads or writes the user's own cache: set
/// it as [`CACHE_DIR_ENV`] on every command that may run a search.
pub fn test_cache_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("search-cache")
}

/// A file under `tests/fixtures/`.
pub fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(relative)
}

/// Every file in the fixtures folder `folder`, sorted by name.
pub fn fixtures_in(folder: &str) -> Vec<PathBuf> {
    let dir = fixture(folder);
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("a readable folder")
        .map(|entry| entry.expect("an entry").path())
        .collect();
    files.sort();
    files
}

/// Runs earmark with `args`, which it must refuse before doing anything:
/// exit status 2, nothing on stdout, one line on stderr (returned).
pub fn refused(args: &[&str]) -> String {
    let output = earmark().args(args).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{args:?}");
    assert!(output.stdout.is_empty(), "{args:?}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    stderr
}
