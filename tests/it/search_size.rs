//! `earmark search` has no size limit (issue 13, point 5): a transcript
//! over the reader's 256 MiB is searched whole, from a file or from
//! standard input, while the reader still refuses it with its reason.
//! (A folder search reading a file that large: `tests/edges_cli.rs`.)

use crate::support;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use support::cli::earmark;
use tempfile::TempDir;

/// A transcript of `filler_lines` lines of 64 KiB (so that even the
/// unoptimised test binary reads them quickly) between one match at the
/// start and one at the end.
fn write_large_transcript(path: &Path, filler_lines: usize) -> u64 {
    let mut out = BufWriter::new(File::create(path).unwrap());
    let head = "---\ntitle: Large\n---\n\n## Transcript\n\n\
                Ann (00:00:01):\nthe zebra crossing\n\nBo (00:00:02):\n";
    out.write_all(head.as_bytes()).unwrap();
    let mut filler = vec![b'w'; 64 << 10];
    *filler.last_mut().unwrap() = b'\n';
    for _ in 0..filler_lines {
        out.write_all(&filler).unwrap();
    }
    out.write_all(b"\nCy (00:00:03):\nthe last zebra\n")
        .unwrap();
    out.flush().unwrap();
    std::fs::metadata(path).unwrap().len()
}

/// `earmark search` finds both matches of a file over the reader's limit,
/// from the file and from standard input, while the reader (run with
/// `reader_env` in its environment) refuses the file and says why.
fn search_ignores_the_readers_limit(path: &Path, reader_env: &[(&str, String)]) {
    let shown = path.display().to_string();
    let expected = format!(
        "{shown}\t00:00:01\tAnn\tthe zebra crossing\n{shown}\t00:00:03\tCy\tthe last zebra\n"
    );
    let output = earmark()
        .envs(reader_env.iter().cloned())
        .args(["search", "zebra"])
        .arg(path)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    assert_eq!(String::from_utf8_lossy(&output.stdout), expected);
    assert_eq!(output.status.code(), Some(0));

    // The same from standard input: no cap there either.
    let output = earmark()
        .envs(reader_env.iter().cloned())
        .args(["search", "zebra", "-"])
        .pipe_stdin(path)
        .unwrap()
        .output()
        .unwrap();
    let expected = expected.replace(&shown, "<stdin>");
    assert_eq!(String::from_utf8_lossy(&output.stdout), expected);
    assert_eq!(output.status.code(), Some(0));

    // The reader keeps its limit, and says why, for a file and for
    // standard input.
    let output = earmark()
        .envs(reader_env.iter().cloned())
        .arg("dump")
        .arg(path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    let name = path.file_name().unwrap().to_string_lossy();
    assert!(
        stderr.contains(name.as_ref()) && stderr.contains("256 MiB"),
        "{stderr}"
    );
    let output = earmark()
        .envs(reader_env.iter().cloned())
        .args(["dump", "-"])
        .pipe_stdin(path)
        .unwrap()
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("<stdin>: too large"), "{stderr}");
}

/// A transcript just over 256 MiB. Searching it in an unoptimised build
/// takes about a minute, so this runs with `cargo test --release --test
/// search_size`; the debug build runs the same test below on a smaller
/// file, with the reader's limit lowered.
#[test]
#[cfg_attr(debug_assertions, ignore = "slow unoptimised: run with --release")]
fn a_transcript_over_the_readers_limit_is_searched_whole() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("large.md");
    let size = write_large_transcript(&path, 4100);
    assert!(size > earmark::episode::MAX_FILE_BYTES, "{size}");
    search_ignores_the_readers_limit(&path, &[]);
}

/// The test above in a debug build, where the reader's limit can be lowered
/// ([`earmark::episode::READER_LIMIT_ENV`]): a 9 MiB file over an 8 MiB
/// limit, large enough to be mapped and split across threads as the
/// 256 MiB one is.
#[cfg(debug_assertions)]
#[test]
fn a_transcript_over_a_lowered_readers_limit_is_searched_whole() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("large.md");
    let limit: u64 = 8 << 20;
    let size = write_large_transcript(&path, 144);
    assert!(size > limit, "{size}");
    let env = [(earmark::episode::READER_LIMIT_ENV, limit.to_string())];
    search_ignores_the_readers_limit(&path, &env);
}

/// Without the variable, the debug build's reader keeps the real limit: the
/// file above opens.
#[cfg(debug_assertions)]
#[test]
fn the_reader_limit_is_only_lowered_when_asked() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("large.md");
    write_large_transcript(&path, 144);
    let output = earmark().arg("dump").arg(&path).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
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
