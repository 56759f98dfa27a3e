//! Range bookmarks (`v` … `m`) in `earmark bookmarks export`: CSV has
//! `end` and `segments` columns (empty for one segment), Markdown and JSON
//! show both times, and a range in an episode without times still reads
//! as a range. Older files (no `segments`) and a later earmark's (a
//! `segments` this one cannot read) export without losing anything.

use crate::support;

use std::fs;

use serde_json::Value;
use tempfile::TempDir;

const RANGES: &str = r#"version: 1
bookmarks:
- episode: ep1
  title: Timed
  speaker: Ann Lee
  start: 60
  end: 130
  segments: 3
  quote: |-
    First.

    Bo Chen: Second.
  note: ''
  created: 2026-11-26T10:00:00Z
- episode: ep2
  title: Untimed
  speaker: Ann Lee
  start: null
  segments: 4
  quote: Four paragraphs.
  note: ''
  created: 2026-11-26T10:01:00Z
- episode: ep3
  title: Single
  speaker: Cy Diaz
  start: 5
  quote: Just one.
  note: ''
  created: 2026-11-26T10:02:00Z
- episode: ep4
  title: From a later earmark
  start: 7
  segments: {from: 2, to: 5}
  quote: Kept.
  note: ''
  created: 2026-11-26T10:03:00Z
"#;

fn export(format: &str) -> String {
    let dir = TempDir::new().unwrap();
    fs::write(dir.path().join("bookmarks.yaml"), RANGES).unwrap();
    let output = support::cli::earmark()
        .env_remove("EARMARK_CONFIG_DIR")
        .arg("--config-dir")
        .arg(dir.path())
        .args(["bookmarks", "export", "--format", format])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn csv_has_end_and_segments_columns_empty_for_one_segment() {
    let out = export("csv");
    let records: Vec<&str> = out.split_terminator("\r\n").collect();
    assert_eq!(
        records[0],
        "title,speaker,start,end,segments,quote,note,link,created,episode,path"
    );
    assert!(
        records[1].starts_with("Timed,Ann Lee,00:01:00,00:02:10,3,"),
        "{}",
        records[1]
    );
    assert!(
        records
            .iter()
            .any(|r| r.starts_with("Untimed,Ann Lee,,,4,")),
        "{out}"
    );
    assert!(
        records
            .iter()
            .any(|r| r.starts_with("Single,Cy Diaz,00:00:05,,,")),
        "{out}"
    );
    assert!(
        records
            .iter()
            .any(|r| r.starts_with("From a later earmark,,00:00:07,,,")),
        "{out}"
    );
}

#[test]
fn markdown_shows_both_times_or_how_many_segments() {
    let out = export("md");
    assert!(out.contains("— Ann Lee · 00:01:00–00:02:10"), "{out}");
    assert!(out.contains("— Ann Lee · 4 segments"), "{out}");
    assert!(out.contains("— Cy Diaz · 00:00:05"), "{out}");
}

#[test]
fn json_keeps_end_segments_and_what_a_later_earmark_wrote() {
    let out: Value = serde_json::from_str(&export("json")).unwrap();
    let items = out.as_array().unwrap();
    assert_eq!(
        (items[0]["end"].as_u64(), items[0]["segments"].as_u64()),
        (Some(130), Some(3))
    );
    assert_eq!(items[1]["segments"].as_u64(), Some(4));
    assert!(items[2].get("segments").is_none() && items[2].get("end").is_none());
    assert_eq!(
        items[3]["segments"]["to"].as_u64(),
        Some(5),
        "kept as written"
    );
}

/// `bookmarks list` shows a timed range's two times in its first column.
#[test]
fn list_shows_a_timed_range_with_both_times() {
    let dir = TempDir::new().unwrap();
    fs::write(dir.path().join("bookmarks.yaml"), RANGES).unwrap();
    let output = support::cli::earmark()
        .env_remove("EARMARK_CONFIG_DIR")
        .arg("--config-dir")
        .arg(dir.path())
        .args(["bookmarks", "list"])
        .output()
        .unwrap();
    let out = String::from_utf8(output.stdout).unwrap();
    let when: Vec<&str> = out.lines().map(|l| l.split('\t').next().unwrap()).collect();
    assert_eq!(when, ["00:01:00–00:02:10", "-", "00:00:05", "00:00:07"]);
}
