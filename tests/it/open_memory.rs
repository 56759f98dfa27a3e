//! Opening a file in the reader costs at most three times its size (plus
//! the process itself), the wrap index included: a one-segment file of
//! one-character lines once cost ~25 bytes a screen row.

use crate::support;

use support::pty::Pty;

/// The process itself, beside what the file costs.
const BASE_KB: u64 = 16 * 1024;

/// VmHWM of a running process, in KB; `None` off Linux.
fn peak_rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Opens `bytes` as `name` in the reader, goes to the end and waits for
/// `last_text`, then checks the peak against three times the file.
fn assert_opens_within_three_times(name: &str, bytes: &[u8], last_text: &str) {
    if !std::path::Path::new("/proc/self/status").exists() {
        eprintln!("skipped: no /proc to read peak memory from");
        return;
    }
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();

    let mut pty = Pty::earmark(&path.display().to_string(), 100, 30);
    pty.wait_for_text("Host");
    // The end: every row of every segment counted.
    pty.send("G");
    pty.wait_for_text(last_text);
    let peak = peak_rss_kb(pty.earmark_pid()).expect("earmark's /proc status");
    let budget = 3 * bytes.len() as u64 / 1024 + BASE_KB;
    eprintln!(
        "{name}: {} bytes, peak {peak} KB, budget {budget} KB",
        bytes.len()
    );
    assert!(peak <= budget, "{name}: peak {peak} KB over {budget} KB");
    pty.send("q");
    pty.wait_for_text("EXIT=0");
}

/// A quarter of a million one-word segments (a debug build's share of the
/// million measured in release, BENCHMARKS.md): each once cost ~80 bytes
/// in the episode whatever its length, and 40 more in the layout.
#[test]
fn tiny_segments_open_within_three_times_their_size() {
    let mut bytes: Vec<u8> = (0..250_000)
        .flat_map(|i| format!("[00:00:{:02}] Host: hi\n", i % 60).into_bytes())
        .collect();
    bytes.extend(b"[00:01:00] Host: the end\n");
    assert_opens_within_three_times("tiny.md", &bytes, "the end");
}

/// Blank lines cost nothing a line.
#[test]
fn blank_lines_open_within_three_times_their_size() {
    let mut bytes = b"Host (00:00:01):\nhi\n".to_vec();
    bytes.resize(2_000_000, b'\n');
    bytes.extend(b"Host (00:00:02):\nthe end\n");
    assert_opens_within_three_times("blank.md", &bytes, "the end");
}

/// One 4 MB line: its text is kept once, and wrapped a screen at a time.
#[test]
fn one_long_line_opens_within_three_times_its_size() {
    let mut bytes = b"Host (00:00:01):\n".to_vec();
    bytes.extend(b"word ".repeat(800_000));
    bytes.extend(b"the end\n");
    assert_opens_within_three_times("long_line.md", &bytes, "the end");
}

#[test]
fn a_long_single_segment_opens_within_three_times_its_size() {
    if !std::path::Path::new("/proc/self/status").exists() {
        eprintln!("skipped: no /proc to read peak memory from");
        return;
    }
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("one_segment.md");
    // A million rows at any width (a debug build's share of the 20 MB
    // measured in release, BENCHMARKS.md).
    let mut bytes = b"Host (00:00:01):\n".to_vec();
    bytes.extend(b"x\n".repeat(999_999));
    bytes.extend(b"the end\n");
    std::fs::write(&path, &bytes).unwrap();

    let mut pty = Pty::earmark(&path.display().to_string(), 100, 30);
    pty.wait_for_text("Host");
    // The end: every row of the segment counted, the last ones wrapped.
    pty.send("G");
    pty.wait_for_text("the end");
    let peak = peak_rss_kb(pty.earmark_pid()).expect("earmark's /proc status");
    let budget = 3 * bytes.len() as u64 / 1024 + BASE_KB;
    eprintln!("{} bytes: peak {peak} KB, budget {budget} KB", bytes.len());
    assert!(peak <= budget, "peak {peak} KB over {budget} KB");
    pty.send("q");
    pty.wait_for_text("EXIT=0");
}
