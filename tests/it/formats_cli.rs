//! The command line on non-Markdown files: `dump --json` names the format
//! and the warnings, refusals are one line with exit 2, `earmark search`
//! reads every format.

use crate::support;

use std::path::PathBuf;

use serde_json::{Value, json};
use support::cli::earmark;

fn fixture(name: &str) -> PathBuf {
    support::cli::fixture(&format!("formats/{name}"))
}

fn dump_json(name: &str) -> Value {
    let output = earmark()
        .args(["dump", "--json"])
        .arg(fixture(name))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{name}");
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn dump_json_has_format_and_warnings() {
    let json = dump_json("feed_times.vtt");
    assert_eq!(json["format"], "webvtt");
    assert_eq!(
        json["warnings"],
        json!(["lenient-timestamps: 4 timing lines read leniently"])
    );
    assert_eq!(json["metadata"]["duration_seconds"], json!(220.3));
    assert_eq!(json["title"], "feed_times");
    assert_eq!(json["segments"][1]["start"], 213);
    for (name, format) in [
        ("labels_on_change.srt", "srt"),
        ("podcasting_words.json", "podcasting20-json"),
        ("whisper_cpp.json", "whisper-json"),
        ("subtitle_ms.json", "subtitle-json"),
        ("otter.txt", "text"),
    ] {
        assert_eq!(dump_json(name)["format"], format, "{name}");
    }
}

#[test]
fn dump_text_prints_the_format() {
    let output = earmark()
        .arg("dump")
        .arg(fixture("labels_on_change.srt"))
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("\nformat: srt\n"), "{text}");
    assert!(
        text.contains("00:00:04  Bo Chen: Thanks for having me."),
        "{text}"
    );
}

#[test]
fn refusals_are_one_line_with_exit_2() {
    for (name, reason) in [
        (
            "misspelt.json",
            "looks like JSON, but JSON has no transcript",
        ),
        ("diarization.json", "a diarization, not a transcript"),
        ("bad_signature.vtt", "looks like webvtt"),
        ("no_cues.vtt", "no transcript found (0 cues)"),
    ] {
        let path = fixture(name);
        let output = earmark().arg("dump").arg(&path).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{name}");
        assert!(output.stdout.is_empty());
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr.starts_with(&format!("earmark: {}: ", path.display())),
            "{stderr}"
        );
        assert!(stderr.contains(reason), "{stderr}");
    }
}

#[test]
fn search_reads_every_format_in_a_folder() {
    let dir = tempfile::TempDir::new().unwrap();
    for name in [
        "labels_on_change.srt",
        "podcasting_words.json",
        "voices_on_change.vtt",
        "misspelt.json",
    ] {
        std::fs::copy(fixture(name), dir.path().join(name)).unwrap();
    }
    std::fs::write(dir.path().join("ep.md"), "Host (00:01):\nWe bake bread.\n").unwrap();
    let output = earmark()
        .args(["search", "bread"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let files: Vec<_> = stdout
        .lines()
        .map(|l| l.split('\t').next().unwrap().rsplit('/').next().unwrap())
        .collect();
    assert_eq!(
        files,
        ["ep.md", "labels_on_change.srt", "voices_on_change.vtt"]
    );
    assert!(stdout.contains("\t00:00:00\tAnn Lee (host)\t"), "{stdout}");
    // Entities decode before matching: `Q&amp;A` is found as `Q&A`.
    let output = earmark()
        .args(["search", "Q&A"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("voices_on_change.vtt\t00:00:06\tBob\t"),
        "{stdout}"
    );
}
