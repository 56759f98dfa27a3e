//! The peak memory of `earmark dump --json` on a file, read from /proc
//! while it runs (the memory tests' one way of measuring it).
#![allow(dead_code)] // each test file uses a different part of this

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long a dump may take before it counts as a hang: generous, since
/// these run a debug build on machines that may be busy; it only guards
/// against waiting for ever, the memory is what is asserted.
const HANG: Duration = Duration::from_secs(120);

/// Runs `earmark dump --json PATH` and returns its peak resident set
/// (VmHWM, in KB), read while it runs: VmHWM only grows, so the last
/// reading before exit is the peak. `None` off Linux.
pub fn dump_peak_kb(path: &Path) -> Option<u64> {
    if !Path::new("/proc/self/status").exists() {
        return None;
    }
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("earmark"))
        .args(["dump", "--json"])
        .arg(path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let status_file = format!("/proc/{}/status", child.id());
    let started = Instant::now();
    let mut peak = 0;
    loop {
        // Read before checking for exit: a zombie has no VmHWM any more.
        if let Some(kb) = std::fs::read_to_string(&status_file)
            .ok()
            .and_then(|s| earmark_vm_hwm_kb(&s))
        {
            peak = peak.max(kb);
        }
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "{}: {status}", path.display());
            return Some(peak);
        }
        if started.elapsed() > HANG {
            child.kill().unwrap();
            panic!("{}: timed out", path.display());
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// VmHWM from a /proc status, once the child runs earmark: between fork and
/// exec it would still show the test process's memory.
fn earmark_vm_hwm_kb(status: &str) -> Option<u64> {
    let name = status.lines().find(|l| l.starts_with("Name:"))?;
    if name.split_whitespace().nth(1) != Some("earmark") {
        return None;
    }
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
