//! The command line at its edges: files a folder search must not skip in
//! silence, patterns that cannot find anything, output that is not a
//! terminal, and messages that say what is wrong.

use crate::support;

use std::fs;
use std::path::{Path, PathBuf};

use support::cli::{earmark, fixture};
use tempfile::TempDir;

const TIMED: &str = "---\ntitle: Timed episode\n---\n\n## Transcript\n\n\
    Lenny Rachitsky (00:00:05):\nWe talk about Growth today.\n\n\
    Ada Lovelace (00:29:09):\nGrowth loops, growth teams and\nmore growth.\n\n\
    Lenny Rachitsky (01:02:03):\nNothing to see here.\n";

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    path
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn search(args: &[&str], dir: &Path) -> std::process::Output {
    earmark()
        .arg("search")
        .args(args)
        .arg(dir)
        .output()
        .unwrap()
}

/// A folder with one transcript, `huge.md` over the reader's size limit
/// (sparse, so it costs no disk: NUL bytes, no text), a FIFO, a socket and
/// a link to a device, all named like transcripts.
fn folder_with_unsearchable_files() -> TempDir {
    let dir = TempDir::new().unwrap();
    write(dir.path(), "timed.md", TIMED);
    let huge = fs::File::create(dir.path().join("huge.md")).unwrap();
    huge.set_len(257 << 20).unwrap();
    let fifo = dir.path().join("pipe.md");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo failed");
    let _socket = std::os::unix::net::UnixListener::bind(dir.path().join("socket.md")).unwrap();
    std::os::unix::fs::symlink("/dev/null", dir.path().join("null.md")).unwrap();
    dir
}

#[test]
fn a_folder_search_names_every_file_it_could_not_search() {
    let dir = folder_with_unsearchable_files();
    let output = search(&["zebra"], dir.path());
    // Nothing matched where it could look: still 1, but never in silence.
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    let line = |name: &str| {
        stderr
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} not named in:\n{stderr}"))
            .to_string()
    };
    assert!(line("pipe.md").contains("named pipe"), "{stderr}");
    assert!(line("socket.md").contains("socket"), "{stderr}");
    assert!(line("null.md").contains("device"), "{stderr}");
    // Search has no size limit: the large file was read, and holds no
    // text, so it is passed over as rg passes over binary files.
    assert!(!stderr.contains("huge.md"), "{stderr}");
    assert_eq!(stderr.lines().count(), 3, "{stderr}");
    // Matches elsewhere are still printed, with exit 0.
    let output = search(&["growth"], dir.path());
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(text(&output.stdout).lines().count(), 2);
    assert_eq!(text(&output.stderr).lines().count(), 3);
}

#[test]
fn an_empty_pattern_is_an_error_that_says_so() {
    let dir = TempDir::new().unwrap();
    write(dir.path(), "timed.md", TIMED);
    for pattern in ["", "@"] {
        let output = search(&[pattern], dir.path());
        assert_eq!(output.status.code(), Some(2), "{pattern:?}");
        assert!(output.stdout.is_empty());
        let stderr = text(&output.stderr);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains("pattern is empty"), "{pattern:?}: {stderr}");
    }
}

#[test]
fn a_regex_that_only_matches_empty_text_is_an_error_that_says_so() {
    let dir = TempDir::new().unwrap();
    write(dir.path(), "timed.md", TIMED);
    for pattern in ["^", r"\b", "x{0}", "(?:)", "^$"] {
        let output = search(&["--regex", pattern], dir.path());
        assert_eq!(output.status.code(), Some(2), "{pattern:?}");
        let stderr = text(&output.stderr);
        assert!(
            stderr.contains(pattern) && stderr.contains("matches only empty text"),
            "{pattern:?}: {stderr}"
        );
    }
    // One that can match something still runs.
    let output = search(&["--regex", "gro?wth"], dir.path());
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn a_speaker_alone_lists_everything_they_say() {
    let dir = TempDir::new().unwrap();
    let path = write(dir.path(), "timed.md", TIMED);
    for pattern in ["@lenny", "@lenny "] {
        let output = search(&[pattern], &path);
        assert_eq!(output.status.code(), Some(0), "{pattern:?}");
        let stdout = text(&output.stdout);
        let lines: Vec<&str> = stdout.lines().collect();
        assert_eq!(lines.len(), 2, "{stdout}");
        assert!(lines[0].contains("\t00:00:05\tLenny Rachitsky\tWe talk about Growth today."));
        assert!(lines[1].contains("\t01:02:03\tLenny Rachitsky\tNothing to see here."));
    }
    let output = search(&["--json", "@ada"], &path);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["speaker"], "Ada Lovelace");
    assert_eq!(json["matches"], serde_json::json!([]));
    assert_eq!(search(&["@nobody"], &path).status.code(), Some(1));
}

#[test]
fn reading_into_a_pipe_prints_the_transcript_as_dump_does() {
    let path = fixture("dialect_b.md");
    let dump = earmark().arg("dump").arg(&path).output().unwrap();
    let read = earmark().arg(&path).output().unwrap();
    assert_eq!(read.status.code(), Some(0));
    assert!(read.stderr.is_empty(), "{}", text(&read.stderr));
    assert_eq!(text(&read.stdout), text(&dump.stdout));
    assert!(
        !read.stdout.contains(&0x1b),
        "no escape sequences in a pipe"
    );
    // The built-in sample too.
    let sample = earmark().output().unwrap();
    assert_eq!(sample.status.code(), Some(0));
    assert!(text(&sample.stdout).starts_with("OpenAI researcher"));
}

#[test]
fn a_library_into_a_pipe_says_it_needs_a_terminal() {
    let dir = TempDir::new().unwrap();
    write(dir.path(), "timed.md", TIMED);
    let output = earmark().arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("needs a terminal") && stderr.contains("earmark search"));
}

#[test]
fn a_write_error_on_stdout_says_it_was_stdout() {
    let Ok(full) = fs::OpenOptions::new().write(true).open("/dev/full") else {
        eprintln!("no /dev/full here: write errors not checked");
        return;
    };
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_earmark"))
        .arg("dump")
        .arg(fixture("dialect_b.md"))
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("cannot write to standard output")
            && stderr.contains("No space left on device"),
        "{stderr}"
    );
}

#[test]
fn broken_yaml_names_the_line_in_the_file() {
    let output = earmark()
        .arg("dump")
        .arg(fixture("broken_yaml.md"))
        .output()
        .unwrap();
    let stdout = text(&output.stdout);
    // `title: [unclosed` is line 2 of the file; the parser gives up on line 3.
    assert!(
        stdout.contains("at line 3 column 6, while parsing a flow sequence at line 2 column 8"),
        "{stdout}"
    );
}

#[test]
fn a_folder_with_no_transcripts_says_so() {
    let dir = TempDir::new().unwrap();
    write(dir.path(), "notes.pdf", "growth");
    let output = search(&["growth"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("no transcript files"), "{stderr}");
}
