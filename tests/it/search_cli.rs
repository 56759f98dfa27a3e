//! `earmark search` as users and scripts see it (docs/usage.md): the line
//! and JSON formats, search semantics, exit codes, directory walks in a
//! stable order, and the raw-bytes prefilter never hiding a match.

use crate::support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;
use support::cli::earmark;
use tempfile::TempDir;

fn search(args: &[&str], paths: &[&Path]) -> Output {
    earmark()
        .arg("search")
        .args(args)
        .args(paths)
        .output()
        .unwrap()
}

fn stdout_lines(output: &Output) -> Vec<String> {
    String::from_utf8(output.stdout.clone())
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, text).unwrap();
    path
}

const TIMED: &str = "---\ntitle: Timed episode\n---\n\n## Transcript\n\n\
    Lenny Rachitsky (00:00:05):\nWe talk about Growth today.\n\n\
    Ada Lovelace (00:29:09):\nGrowth loops, growth teams and\nmore growth.\n\n\
    Lenny Rachitsky (01:02:03):\nNothing to see here.\n";

const NAMES_ONLY: &str = "Intro without a speaker: growth.\n\nLenny:\nNo times, growth.\n";

fn timed_dir() -> (TempDir, PathBuf) {
    let dir = TempDir::new().unwrap();
    let path = write(dir.path(), "timed.md", TIMED);
    (dir, path)
}

#[test]
fn one_tab_separated_line_per_matching_segment() {
    let (_dir, path) = timed_dir();
    let output = search(&["growth"], &[&path]);
    assert_eq!(output.status.code(), Some(0));
    let p = path.display();
    assert_eq!(
        stdout_lines(&output),
        [
            format!("{p}\t00:00:05\tLenny Rachitsky\tWe talk about Growth today."),
            format!("{p}\t00:29:09\tAda Lovelace\tGrowth loops, growth teams and more growth."),
        ]
    );
    assert!(output.stderr.is_empty());
}

#[test]
fn missing_time_and_speaker_are_dashes() {
    let dir = TempDir::new().unwrap();
    let path = write(dir.path(), "names.md", NAMES_ONLY);
    let output = search(&["growth"], &[&path]);
    let p = path.display();
    assert_eq!(
        stdout_lines(&output),
        [
            format!("{p}\t-\t-\tIntro without a speaker: growth."),
            format!("{p}\t-\tLenny\tNo times, growth."),
        ]
    );
}

#[test]
fn long_segments_are_cut_around_the_first_match() {
    let dir = TempDir::new().unwrap();
    let text = format!(
        "Host (00:00:01):\n{}\tneedle here {}\n",
        "x".repeat(200),
        "y".repeat(200)
    );
    let path = write(dir.path(), "long.md", &text);
    let lines = stdout_lines(&search(&["needle"], &[&path]));
    let excerpt = lines[0].split('\t').nth(3).unwrap();
    assert_eq!(
        excerpt,
        format!("…{} needle here {}…", "x".repeat(39), "y".repeat(34))
    );
}

#[test]
fn json_lists_every_match_with_byte_offsets() {
    let (_dir, path) = timed_dir();
    let output = search(&["--json", "growth"], &[&path]);
    assert_eq!(output.status.code(), Some(0));
    let objects: Vec<Value> = stdout_lines(&output)
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(objects.len(), 2);
    let keys: Vec<_> = objects[1].as_object().unwrap().keys().cloned().collect();
    assert_eq!(
        keys,
        [
            "path", "title", "segment", "start", "speaker", "text", "matches"
        ]
    );
    let second = &objects[1];
    assert_eq!(second["path"], path.display().to_string());
    assert_eq!(second["title"], "Timed episode");
    assert_eq!(
        (second["segment"].clone(), second["start"].clone()),
        (1.into(), 1749.into())
    );
    assert_eq!(second["speaker"], "Ada Lovelace");
    let text = second["text"].as_str().unwrap();
    let matches = second["matches"].as_array().unwrap();
    assert_eq!(matches.len(), text.to_lowercase().matches("growth").count());
    for m in matches {
        let (start, end) = (
            m[0].as_u64().unwrap() as usize,
            m[1].as_u64().unwrap() as usize,
        );
        assert!(text[start..end].eq_ignore_ascii_case("growth"));
    }
}

#[test]
fn json_gives_null_for_missing_time_and_speaker() {
    let dir = TempDir::new().unwrap();
    let path = write(dir.path(), "names.md", NAMES_ONLY);
    let lines = stdout_lines(&search(&["--json", "growth"], &[&path]));
    let first: Value = serde_json::from_str(&lines[0]).unwrap();
    assert_eq!(first["start"], Value::Null);
    assert_eq!(first["speaker"], Value::Null);
    assert_eq!(first["segment"], 0);
}

fn count(args: &[&str], path: &Path) -> usize {
    stdout_lines(&search(args, &[path])).len()
}

#[test]
fn smart_case_forced_case_and_regex() {
    let (_dir, path) = timed_dir();
    assert_eq!(count(&["growth"], &path), 2);
    assert_eq!(count(&["Growth"], &path), 2);
    assert_eq!(count(&["--case-sensitive", "growth"], &path), 1);
    assert_eq!(count(&["GROWTH"], &path), 0);
    assert_eq!(count(&["--regex", r"growth \w+s\b"], &path), 1);
    assert_eq!(count(&["--regex", r"\bnothing\b"], &path), 1);
    // Literal mode reads regex syntax as text.
    assert_eq!(count(&["grow.h"], &path), 0);
}

#[test]
fn speaker_filter() {
    let (_dir, path) = timed_dir();
    let lines = stdout_lines(&search(&["@ada growth"], &[&path]));
    assert_eq!(lines.len(), 1);
    assert!(lines[0].contains("\tAda Lovelace\t"));
    assert_eq!(count(&["@lenny growth"], &path), 1);
    assert_eq!(count(&["@nobody growth"], &path), 0);
}

#[test]
fn no_match_is_exit_1_with_nothing_printed() {
    let (_dir, path) = timed_dir();
    let output = search(&["zebra crossing"], &[&path]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty() && output.stderr.is_empty());
    let output = search(&["--regex", "zebra"], &[&path]);
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn invalid_regex_is_exit_2_naming_the_pattern() {
    let (_dir, path) = timed_dir();
    let output = search(&["--regex", "grow(th"], &[&path]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("grow(th") && stderr.contains("invalid regex"),
        "{stderr}"
    );
}

#[test]
fn missing_path_is_exit_2_but_other_matches_are_printed() {
    let (dir, path) = timed_dir();
    let missing = dir.path().join("missing.md");
    let output = search(&["growth"], &[&missing, &path]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout_lines(&output).len(), 2);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains(&missing.display().to_string()) && stderr.contains("no such file"));
}

#[test]
fn an_explicit_file_that_is_no_transcript_is_an_error() {
    let (dir, path) = timed_dir();
    let notes = write(dir.path(), "notes.md", "growth, but no speakers at all\n");
    let output = search(&["growth"], &[&notes, &path]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout_lines(&output).len(), 2);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("notes.md") && stderr.contains("no transcript"),
        "{stderr}"
    );
}

#[test]
fn directories_are_searched_recursively_in_a_stable_order() {
    let dir = TempDir::new().unwrap();
    let root = dir.path();
    write(root, "b.md", TIMED);
    write(root, "a/z.txt", NAMES_ONLY);
    write(root, "a/deeper/y.markdown", TIMED);
    write(root, ".hidden/x.md", TIMED);
    write(root, "a/ignored.pdf", TIMED);
    // Not transcripts: passed over in silence, as rg passes over binaries.
    write(root, "a/notes.md", "growth, but no speakers at all\n");
    fs::write(root.join("a/binary.md"), b"growth\0\x01").unwrap();
    let first = search(&["growth"], &[root]);
    assert_eq!(first.status.code(), Some(0));
    assert!(
        first.stderr.is_empty(),
        "{:?}",
        String::from_utf8_lossy(&first.stderr)
    );
    let files: Vec<String> = stdout_lines(&first)
        .iter()
        .map(|l| l.split('\t').next().unwrap().to_string())
        .collect();
    let under = |name: &str| root.join(name).display().to_string();
    let expected: Vec<String> = [("a/deeper/y.markdown", 2), ("a/z.txt", 2), ("b.md", 2)]
        .iter()
        .flat_map(|(name, n)| std::iter::repeat_n(under(name), *n))
        .collect();
    assert_eq!(files, expected);
    for _ in 0..3 {
        assert_eq!(search(&["growth"], &[root]).stdout, first.stdout);
    }
}

/// The prefilter skips files whose raw bytes do not hold the pattern; text
/// that only matches after cleaning must still be found.
#[test]
fn matches_that_appear_only_after_cleaning_are_found() {
    let dir = TempDir::new().unwrap();
    let text = "Host (00:00:01):\nWe found product\tmarket fit.\n\n\
                Guest (00:00:02):\nSynth\u{7}etic data, \u{1b}[1mbold\u{1b}[0m claims.\n\n\
                Host (00:00:03):\nA lone\rcarriage return.\n";
    write(dir.path(), "dirty.md", text);
    let root = dir.path();
    for (pattern, want) in [
        ("product market", 1),
        ("synthetic data", 1),
        ("bold claims", 1),
        ("lonecarriage", 1),
        ("zebra", 0),
    ] {
        let output = search(&[pattern], &[root]);
        assert_eq!(stdout_lines(&output).len(), want, "{pattern}");
    }
    let output = search(&["--json", "product market"], &[root]);
    let object: Value = serde_json::from_str(&stdout_lines(&output)[0]).unwrap();
    assert_eq!(object["text"], "We found product market fit.");
}

/// Every segment that holds the pattern, and only those: the command's
/// output beside a plain scan of each parsed episode.
#[test]
fn finds_exactly_the_segments_that_contain_the_pattern() {
    let dir = TempDir::new().unwrap();
    let root = dir.path();
    for (i, text) in [TIMED, NAMES_ONLY, "Host (00:00:01):\nno match\n"]
        .iter()
        .enumerate()
    {
        write(root, &format!("{i}.md"), text);
    }
    fs::write(
        root.join("sample.md"),
        include_str!("../../assets/karina-nguyen.md"),
    )
    .unwrap();
    for pattern in ["growth", "synthetic data", "the", "k", "zebra"] {
        let mut want = 0;
        for entry in fs::read_dir(root).unwrap() {
            let episode = earmark::formats::parse_file(&entry.unwrap().path()).unwrap();
            want += episode
                .segments
                .iter()
                .filter(|s| s.text(&episode).to_lowercase().contains(pattern))
                .count();
        }
        assert_eq!(count(&[pattern], root), want, "{pattern}");
    }
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let dir = TempDir::new().unwrap();
    let mut text = String::from("Host (00:00:01):\n");
    for i in 0..20_000 {
        text.push_str(&format!(
            "\nGuest (00:00:{:02}):\ngrowth number {i}\n",
            i % 60
        ));
    }
    write(dir.path(), "big.md", &text);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("earmark"))
        .env(support::cli::CACHE_DIR_ENV, support::cli::test_cache_dir())
        .args(["search", "growth"])
        .arg(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    assert!(output.status.code().is_some(), "killed by a signal");
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
