//! The binary as scripts run it, and the fixtures the tests hand it.

#![allow(dead_code)] // each test file uses a different part of this

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;

/// How long one run of the binary may take before the test fails (a hang
/// is a bug, never a wait).
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// The earmark binary, killed after [`TIMEOUT`].
pub fn earmark() -> Command {
    let mut command = Command::cargo_bin("earmark").expect("the earmark binary");
    command.timeout(TIMEOUT);
    command
}

/// A file under `tests/fixtures/`.
pub fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(relative)
}
