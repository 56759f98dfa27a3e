//! `earmark bookmarks` as users and scripts see it: list, JSON, Markdown
//! and JSON export, `-o FILE`, the config directory from the flag and the
//! environment, and a corrupt file reported without being touched.

use crate::support;

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use serde_json::{Value, json};
use tempfile::TempDir;

/// Two episodes, written in a different order from their times, one
/// bookmark with a URL, one from the built-in sample without a path, a
/// multi-line quote, a note and a field earmark does not know.
const FIXTURE: &str = r#"version: 1
bookmarks:
- episode: DeskgjrLxxs
  title: OpenAI researcher on why soft skills are the future of work
  path: /home/me/podcasts/karina-nguyen.md
  url: https://www.youtube.com/watch?v=DeskgjrLxxs
  speaker: Karina Nguyen
  start: 1749
  quote: And then it's mostly like developing JSON schema.
  note: schemas
  created: 2026-11-26T10:00:00Z
  tags: [work]
- episode: title-0123456789abcdef
  title: The sample
  speaker: null
  start: null
  quote: |-
    First line of the quote.
    Second line of the quote.
  note: ''
  created: 2026-11-26T10:05:00Z
- episode: DeskgjrLxxs
  title: OpenAI researcher on why soft skills are the future of work
  path: /home/me/podcasts/karina-nguyen.md
  url: https://www.youtube.com/watch?v=DeskgjrLxxs
  speaker: Lenny Rachitsky
  start: 65
  quote: Welcome to the podcast.
  note: ''
  created: 2026-11-26T10:10:00Z
"#;

fn earmark() -> Command {
    let mut command = support::cli::earmark();
    command.env_remove("EARMARK_CONFIG_DIR");
    command
}

fn config_with(contents: &str) -> TempDir {
    let dir = TempDir::new().unwrap();
    fs::write(dir.path().join("bookmarks.yaml"), contents).unwrap();
    dir
}

/// Runs `earmark --config-dir DIR args…`, expects success and no stderr,
/// and returns stdout.
fn run_ok(dir: &Path, args: &[&str]) -> String {
    let output = earmark()
        .arg("--config-dir")
        .arg(dir)
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn list_prints_one_tab_separated_line_per_bookmark() {
    let dir = config_with(FIXTURE);
    let out = run_ok(dir.path(), &["bookmarks", "list"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "00:29:09\tKarina Nguyen\tAnd then it's mostly like developing JSON schema.\t\
             OpenAI researcher on why soft skills are the future of work\tschemas",
            "-\t-\tFirst line of the quote. Second line of the quote.\tThe sample\t-",
            "00:01:05\tLenny Rachitsky\tWelcome to the podcast.\t\
             OpenAI researcher on why soft skills are the future of work\t-",
        ]
    );
    // `list` is the default action.
    assert_eq!(run_ok(dir.path(), &["bookmarks"]), out);
}

#[test]
fn list_cuts_long_quotes_to_one_short_line() {
    let long = "word ".repeat(100);
    let dir = config_with(&format!(
        "version: 1\nbookmarks:\n- {{episode: e, title: t, start: 1, quote: '{long}'}}\n"
    ));
    let out = run_ok(dir.path(), &["bookmarks"]);
    let excerpt = out.split('\t').nth(2).unwrap();
    assert!(excerpt.ends_with('…'), "{excerpt}");
    assert!(excerpt.chars().count() <= 81, "{excerpt}");
    assert_eq!(out.lines().count(), 1);
}

#[test]
fn list_json_is_the_array_of_bookmarks() {
    let dir = config_with(FIXTURE);
    let out = run_ok(dir.path(), &["bookmarks", "list", "--json"]);
    let array: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(array.as_array().unwrap().len(), 3);
    assert_eq!(
        array[0],
        json!({
            "episode": "DeskgjrLxxs",
            "title": "OpenAI researcher on why soft skills are the future of work",
            "path": "/home/me/podcasts/karina-nguyen.md",
            "url": "https://www.youtube.com/watch?v=DeskgjrLxxs",
            "speaker": "Karina Nguyen",
            "start": 1749,
            "quote": "And then it's mostly like developing JSON schema.",
            "note": "schemas",
            "created": "2026-11-26T10:00:00Z",
            "tags": ["work"]
        })
    );
    assert_eq!(array[1]["speaker"], Value::Null);
    assert_eq!(array[1].get("path"), None);
    assert_eq!(run_ok(dir.path(), &["bookmarks", "--json"]), out);
}

#[test]
fn export_markdown_groups_by_episode_in_time_order() {
    let dir = config_with(FIXTURE);
    let out = run_ok(dir.path(), &["bookmarks", "export"]);
    let expected = "---\n\
        title: Bookmarks\n\
        source:\n\
        - https://www.youtube.com/watch?v=DeskgjrLxxs\n\
        - The sample\n\
        tags:\n\
        - earmark\n\
        - podcast\n\
        ---\n\
        \n# Bookmarks\n\
        \n## OpenAI researcher on why soft skills are the future of work\n\
        \n> Welcome to the podcast.\n\
        \n— Lenny Rachitsky · [00:01:05](<https://www.youtube.com/watch?v=DeskgjrLxxs&t=65s>)\n\
        \n> And then it's mostly like developing JSON schema.\n\
        \n— Karina Nguyen · [00:29:09](<https://www.youtube.com/watch?v=DeskgjrLxxs&t=1749s>) · note: schemas\n\
        \n## The sample\n\
        \n> First line of the quote.\n> Second line of the quote.\n";
    assert_eq!(out, expected);
    assert!(out.contains("t=1749"));
    assert_eq!(
        run_ok(dir.path(), &["bookmarks", "export", "--format", "md"]),
        out
    );
}

#[test]
fn export_json_matches_list_json() {
    let dir = config_with(FIXTURE);
    let out = run_ok(dir.path(), &["bookmarks", "export", "--format", "json"]);
    let array: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(array[2]["quote"], "Welcome to the podcast.");
    assert_eq!(out, run_ok(dir.path(), &["bookmarks", "list", "--json"]));
}

#[test]
fn export_to_a_file_writes_it_and_prints_nothing() {
    let dir = config_with(FIXTURE);
    let out_dir = TempDir::new().unwrap();
    let target = out_dir.path().join("quotes.md");
    fs::write(&target, "old contents").unwrap();
    let printed = run_ok(
        dir.path(),
        &["bookmarks", "export", "-o", target.to_str().unwrap()],
    );
    assert_eq!(printed, "");
    let written = fs::read_to_string(&target).unwrap();
    assert_eq!(written, run_ok(dir.path(), &["bookmarks", "export"]));
    assert_eq!(fs::read_dir(out_dir.path()).unwrap().count(), 1);
}

#[test]
fn export_to_an_impossible_file_is_a_one_line_error() {
    let dir = config_with(FIXTURE);
    let output = earmark()
        .arg("--config-dir")
        .arg(dir.path())
        .args(["bookmarks", "export", "-o"])
        .arg(dir.path().join("bookmarks.yaml/inside.md"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.starts_with("earmark: cannot write "), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn a_corrupt_file_is_exit_2_and_left_untouched() {
    let garbage = "version: 1\nbookmarks: [unclosed\n";
    let dir = config_with(garbage);
    for args in [
        &["bookmarks"][..],
        &["bookmarks", "list", "--json"],
        &["bookmarks", "export"],
    ] {
        let output = earmark()
            .arg("--config-dir")
            .arg(dir.path())
            .args(args)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty());
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.starts_with("earmark: "), "{stderr}");
        assert!(stderr.contains("bookmarks.yaml"), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
    let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "nothing moved aside, no lock file");
    assert_eq!(
        fs::read_to_string(dir.path().join("bookmarks.yaml")).unwrap(),
        garbage
    );
}

#[test]
fn entries_it_cannot_read_are_skipped_with_a_word_and_a_newer_version_is_listed() {
    let dir = config_with(
        "version: 1\nbookmarks:\n- {episode: e, quote: bad, start: -5}\n\
         - {episode: e, title: T, quote: good, start: 5}\n",
    );
    let output = earmark()
        .arg("--config-dir")
        .arg(dir.path())
        .arg("bookmarks")
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.contains("good"), "{stdout}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        stderr,
        "earmark: bookmarks.yaml: 1 unreadable entry skipped (entry 1: start)\n"
    );

    let newer = config_with("version: 2\nbookmarks:\n- {episode: e, quote: future}\n");
    assert!(run_ok(newer.path(), &["bookmarks"]).contains("future"));
}

#[test]
fn no_file_yet_is_an_empty_list() {
    let dir = TempDir::new().unwrap();
    assert_eq!(run_ok(dir.path(), &["bookmarks"]), "");
    assert_eq!(run_ok(dir.path(), &["bookmarks", "--json"]), "[]\n");
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn the_environment_names_the_config_dir() {
    let dir = config_with(FIXTURE);
    let output = earmark()
        .env("EARMARK_CONFIG_DIR", dir.path())
        .args(["bookmarks", "list"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8(output.stdout).unwrap().lines().count(), 3);
}

#[test]
fn the_flag_wins_over_the_environment() {
    let empty = TempDir::new().unwrap();
    let full = config_with(FIXTURE);
    let output = earmark()
        .env("EARMARK_CONFIG_DIR", empty.path())
        .arg("--config-dir")
        .arg(full.path())
        .args(["bookmarks"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(output.stdout).unwrap().lines().count(), 3);
}

#[test]
fn the_flag_works_after_the_subcommand_too() {
    let dir = config_with(FIXTURE);
    let output = earmark()
        .args(["bookmarks", "list", "--config-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8(output.stdout).unwrap().lines().count(), 3);
}

#[test]
fn an_empty_environment_variable_falls_back_to_the_platform_dir() {
    let xdg = TempDir::new().unwrap();
    fs::create_dir(xdg.path().join("earmark")).unwrap();
    fs::write(xdg.path().join("earmark/bookmarks.yaml"), FIXTURE).unwrap();
    let output = earmark()
        .env("EARMARK_CONFIG_DIR", "")
        .env("XDG_CONFIG_HOME", xdg.path())
        .args(["bookmarks"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8(output.stdout).unwrap().lines().count(), 3);
}

/// Runs `earmark --config-dir DIR args…` and returns (status, stdout,
/// stderr).
fn run(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let output = earmark()
        .arg("--config-dir")
        .arg(dir)
        .args(args)
        .output()
        .unwrap();
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap();
    (
        output.status.code(),
        text(output.stdout),
        text(output.stderr),
    )
}

#[test]
fn export_episode_takes_the_bookmarks_of_matching_episodes() {
    let dir = config_with(FIXTURE);
    for pattern in ["soft skills", "karina-nguyen", "DeskgjrLxxs"] {
        let out = run_ok(
            dir.path(),
            &[
                "bookmarks",
                "export",
                "--format",
                "json",
                "--episode",
                pattern,
            ],
        );
        let array: Value = serde_json::from_str(&out).unwrap();
        let quotes: Vec<&str> = array
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["quote"].as_str().unwrap())
            .collect();
        assert_eq!(
            quotes,
            [
                "And then it's mostly like developing JSON schema.",
                "Welcome to the podcast."
            ],
            "{pattern}"
        );
    }
    // Smart case: an upper-case letter asks for exact case.
    let (status, out, err) = run(
        dir.path(),
        &["bookmarks", "export", "--episode", "Soft Skills"],
    );
    assert_eq!((status, out.as_str()), (Some(1), ""), "{err}");
}

#[test]
fn export_since_takes_bookmarks_made_on_or_after_the_date() {
    let dir = config_with(
        FIXTURE
            .replace("2026-11-26T10:10:00Z", "2026-12-01T09:00:00Z")
            .as_str(),
    );
    let out = run_ok(
        dir.path(),
        &[
            "bookmarks",
            "export",
            "--format",
            "csv",
            "--since",
            "2026-12-01",
        ],
    );
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(out.contains("Welcome to the podcast."), "{out}");
    let (status, _, err) = run(dir.path(), &["bookmarks", "export", "--since", "soon"]);
    assert_eq!(status, Some(2));
    assert!(err.contains("`soon` is not a date"), "{err}");
}

#[test]
fn an_empty_export_says_so_and_writes_no_file() {
    let dir = config_with(FIXTURE);
    let out_dir = TempDir::new().unwrap();
    let target = out_dir.path().join("quotes.md");
    fs::write(&target, "old contents").unwrap();
    let (status, out, err) = run(
        dir.path(),
        &[
            "bookmarks",
            "export",
            "--episode",
            "nothing like it",
            "-o",
            target.to_str().unwrap(),
        ],
    );
    assert_eq!(status, Some(1));
    assert_eq!(out, "");
    assert_eq!(
        err,
        "earmark: nothing to export: none of the 3 bookmarks is selected\n"
    );
    assert_eq!(fs::read_to_string(&target).unwrap(), "old contents");
    let empty = TempDir::new().unwrap();
    let (status, _, err) = run(empty.path(), &["bookmarks", "export"]);
    assert_eq!(
        (status, err.as_str()),
        (
            Some(1),
            "earmark: nothing to export: no bookmarks saved yet\n"
        )
    );
}

/// RFC 4180 quoting, CRLF records, a multi-line quote in one cell, and no
/// cell a spreadsheet would run as a formula.
#[test]
fn export_csv_is_rfc_4180_and_formula_safe() {
    let hostile = FIXTURE
        .replace(
            "note: schemas",
            "note: '=HYPERLINK(\"http://x\",\"click\")'",
        )
        .replace("speaker: Lenny Rachitsky", "speaker: '@Lenny, \"host\"'");
    let dir = config_with(&hostile);
    let out = run_ok(dir.path(), &["bookmarks", "export", "--format", "csv"]);
    let records: Vec<&str> = out.split_terminator("\r\n").collect();
    assert_eq!(
        records[0],
        "title,speaker,start,end,segments,quote,note,link,created,episode,path"
    );
    assert_eq!(
        records[1],
        "OpenAI researcher on why soft skills are the future of work,Karina Nguyen,00:29:09,,,\
         And then it's mostly like developing JSON schema.,\
         \"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\",\
         https://www.youtube.com/watch?v=DeskgjrLxxs&t=1749s,2026-11-26T10:00:00Z,DeskgjrLxxs,\
         /home/me/podcasts/karina-nguyen.md"
    );
    assert_eq!(
        records[2],
        "The sample,,,,,\"First line of the quote.\nSecond line of the quote.\",,The sample,\
         2026-11-26T10:05:00Z,title-0123456789abcdef,"
    );
    assert!(records[3].starts_with("OpenAI researcher on why soft skills are the future of work,\"'@Lenny, \"\"host\"\"\",00:01:05,"), "{}", records[3]);
    assert_eq!(records.len(), 4);
}
