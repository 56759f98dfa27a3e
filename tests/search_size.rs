//! `earmark search` has no size limit (issue 13, point 5): a transcript
//! over the reader's 256 MiB is searched whole, from a file or from
//! standard input, while the reader still refuses it with its reason.
//! (A folder search reading a file that large: `tests/edges_cli.rs`.)

mod support;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use support::cli::earmark;
use tempfile::TempDir;

/// A transcript just over 256 MiB: one match before 256 MiB of filler
/// lines (64 KiB each, so that even the unoptimised test binary reads
/// them quickly) and one after it.
fn write_large_transcript(path: &Path) -> u64 {
    let mut out = BufWriter::new(File::create(path).unwrap());
    let head = "---\ntitle: Large\n---\n\n## Transcript\n\n\
                Ann (00:00:01):\nthe zebra crossing\n\nBo (00:00:02):\n";
    out.write_all(head.as_bytes()).unwrap();
    let mut filler = vec![b'w'; 64 << 10];
    *filler.last_mut().unwrap() = b'\n';
    for _ in 0..4100 {
        out.write_all(&filler).unwrap();
    }
    out.write_all(b"\nCy (00:00:03):\nthe last zebra\n")
        .unwrap();
    out.flush().unwrap();
    std::fs::metadata(path).unwrap().len()
}

/// Searching 256 MiB in an unoptimised build takes about a minute, so
/// this runs with `cargo test --release --test search_size`; the tests
/// below show the same without a limit in every build.
#[test]
#[cfg_attr(debug_assertions, ignore = "slow unoptimised: run with --release")]
fn a_transcript_over_the_readers_limit_is_searched_whole() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("large.md");
    let size = write_large_transcript(&path);
    assert!(size > earmark::episode::MAX_FILE_BYTES, "{size}");
    let shown = path.display().to_string();
    let expected = format!(
        "{shown}\t00:00:01\tAnn\tthe zebra crossing\n{shown}\t00:00:03\tCy\tthe last zebra\n"
    );
    let output = earmark()
        .args(["search", "zebra"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    assert_eq!(String::from_utf8_lossy(&output.stdout), expected);
    assert_eq!(output.status.code(), Some(0));

    // The same from standard input: no cap there either.
    let output = earmark()
        .args(["search", "zebra", "-"])
        .pipe_stdin(&path)
        .unwrap()
        .output()
        .unwrap();
    let expected = expected.replace(&shown, "<stdin>");
    assert_eq!(String::from_utf8_lossy(&output.stdout), expected);
    assert_eq!(output.status.code(), Some(0));

    // The reader keeps its limit, and says why.
    let output = earmark().arg("dump").arg(&path).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("large.md") && stderr.contains("256 MiB"),
        "{stderr}"
    );
}

/// 257 MiB of NUL bytes on standard input (sparse, so it costs no disk):
/// read whole and refused for what it holds, not for its size.
#[test]
fn standard_input_over_the_readers_limit_is_read_whole() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("zeros");
    File::create(&path).unwrap().set_len(257 << 20).unwrap();
    let output = earmark()
        .args(["search", "zebra", "-"])
        .pipe_stdin(&path)
        .unwrap()
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr,
        "earmark: <stdin>: not a text file (it contains NUL bytes)\n"
    );
    assert_eq!(output.status.code(), Some(2));
}
