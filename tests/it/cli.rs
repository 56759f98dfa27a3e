//! The command line as users and scripts see it (docs/usage.md): `dump` as
//! text and JSON, exit codes, one-line error messages, help and version, and
//! a closed pipe.

use crate::support;

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use serde_json::{Value, json};
use support::cli::{TIMEOUT, earmark, fixture};
use tempfile::TempDir;

#[test]
fn dump_json_follows_the_schema() {
    let path = fixture("dialect_b.md");
    let output = earmark()
        .args(["dump", "--json"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stderr.is_empty());
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let keys: Vec<_> = json.as_object().unwrap().keys().cloned().collect();
    assert_eq!(
        keys,
        [
            "path", "title", "format", "metadata", "speakers", "segments", "warnings"
        ]
    );
    assert_eq!(json["path"], path.display().to_string());
    assert_eq!(json["format"], "markdown");
    assert_eq!(json["title"], "Inline times episode");
    assert_eq!(json["metadata"], json!({}));
    assert_eq!(
        json["speakers"],
        json!(["Lenny", "Ryan Hoover", "Dr. Fei-Fei Li"])
    );
    assert_eq!(
        json["segments"][1],
        json!({"speaker": "Lenny", "start": 132, "text": "Hey Ashley, head of marketing: how many?"})
    );
    assert_eq!(json["segments"].as_array().unwrap().len(), 4);
    assert_eq!(json["warnings"], json!([]));
}

#[test]
fn dump_json_gives_null_for_missing_speaker_and_time() {
    let output = earmark()
        .args(["dump", "--json"])
        .arg(fixture("dialect_a.md"))
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        json["segments"][0],
        json!({"speaker": null, "start": null, "text": "Text before the first header."})
    );
    assert_eq!(json["metadata"]["keywords"], json!(["one", "two"]));
}

#[test]
fn dump_text_has_a_header_then_one_entry_per_segment() {
    let output = earmark()
        .arg("dump")
        .arg(fixture("dialect_a.md"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    let (header, body) = text.split_once("\n\n").unwrap();
    let header: Vec<_> = header.lines().collect();
    assert_eq!(header[0], "Dialect A fixture");
    assert!(header.contains(&"keywords: one, two"), "{header:?}");
    assert!(header.contains(&"favourite_colour: teal"), "{header:?}");
    assert_eq!(
        header.last(),
        Some(&"speakers: Lenny Rachitsky, Ada Lovelace, Jiaona Zhang (JZ)")
    );
    let body: Vec<_> = body.lines().collect();
    assert_eq!(
        body[..4],
        [
            "--:--:--  Text before the first header.",
            "00:04:45  Lenny Rachitsky: Welcome.",
            "          Second line, indented.",
            "00:05:00  Lenny Rachitsky: Same speaker, new paragraph.",
        ]
    );
    assert_eq!(
        body.last(),
        Some(&"00:01:00  Lenny Rachitsky: A time going backwards stays in file order.")
    );
}

/// Exit 2, nothing on stdout, one stderr line naming the file and a reason.
fn assert_refused(path: &Path, reason: &str) {
    let output = earmark().arg("dump").arg(path).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", path.display());
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr:?}");
    assert!(
        stderr.contains(&path.display().to_string()),
        "{stderr:?} does not name the file"
    );
    assert!(stderr.contains(reason), "{stderr:?} lacks {reason:?}");
}

#[test]
fn errors_are_one_line_naming_the_file_with_exit_2() {
    let dir = TempDir::new().unwrap();
    assert_refused(&dir.path().join("missing.md"), "no such file or directory");
    assert_refused(dir.path(), "is a directory");
    let nul = dir.path().join("nul.md");
    std::fs::write(&nul, b"Host (00:01):\n\0").unwrap();
    assert_refused(&nul, "not a text file");
    let prose = dir.path().join("prose.md");
    std::fs::write(&prose, b"# Notes\n\nJust some prose, no speakers.\n").unwrap();
    assert_refused(&prose, "no transcript found");
}

#[test]
fn help_and_version() {
    let output = earmark().arg("--help").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let help = String::from_utf8(output.stdout).unwrap();
    assert!(help.contains("Usage: earmark"), "{help}");
    assert!(help.contains("dump"), "{help}");
    // The reader's size limit and its reason.
    assert_eq!(earmark::episode::MAX_FILE_BYTES, 256 << 20);
    assert!(help.contains("up to 256 MiB"), "{help}");
    assert!(
        help.contains("whole transcript, parsed, in memory"),
        "{help}"
    );
    assert!(
        help.contains("`earmark search` has no such limit"),
        "{help}"
    );
    let output = earmark().arg("--version").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        format!("earmark {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn usage_errors_exit_with_2() {
    let output = earmark().args(["dump"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(!output.stderr.is_empty());
}

/// `earmark dump big.md | head -1`: the reader closes the pipe early, which
/// must end earmark quietly, not with an error message.
#[test]
fn a_closed_pipe_is_not_an_error() {
    let dir = TempDir::new().unwrap();
    let seed = include_str!("../../assets/karina-nguyen.md");
    let big = earmark::episode::repeat_transcript(seed, 20).unwrap();
    let path = dir.path().join("big.md");
    std::fs::write(&path, &big).unwrap();
    for json in [false, true] {
        let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("earmark"));
        command.arg("dump").arg(&path);
        if json {
            command.arg("--json");
        }
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        // The reader is dropped here: the pipe is closed after one line, with
        // more than a pipe buffer (1.4 MB) still to write.
        assert!(!first.is_empty());
        let status = wait_with_timeout(&mut child);
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        assert_eq!(stderr, "", "json={json}");
        assert_eq!(status.code(), Some(0), "json={json}");
    }
}

/// Waits for a spawned child, killing it and failing after [`TIMEOUT`].
fn wait_with_timeout(child: &mut std::process::Child) -> std::process::ExitStatus {
    let started = std::time::Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if started.elapsed() > TIMEOUT {
            child.kill().unwrap();
            panic!("earmark did not exit after the pipe closed");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn the_global_config_dir_flag_may_come_before_a_command() {
    let dir = TempDir::new().unwrap();
    let output = earmark()
        .arg("--config-dir")
        .arg(dir.path())
        .arg("dump")
        .arg(fixture("dialect_b.md"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(output.stdout.starts_with(b"Inline times episode\n"));
}

#[test]
fn a_file_and_a_command_together_are_an_error() {
    let output = earmark()
        .arg(fixture("dialect_b.md"))
        .args(["dump"])
        .arg(fixture("dialect_a.md"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("not both"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1);
}
