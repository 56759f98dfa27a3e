//! The shared corpus: `earmark dump --json` of every real episode must equal
//! its expected parse. The corpus lives beside the repository (`../shared`),
//! not in it, so this test skips when it is absent; `.ci/run` sets
//! `EARMARK_CORPUS` to make its absence a failure.

use crate::support;

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn fold_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn dump_json(path: &Path) -> Value {
    let output = Command::cargo_bin("earmark")
        .unwrap()
        .args(["dump", "--json"])
        .arg(path)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}: {:?}", path.display(), output);
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Compares one episode, returning every difference found.
fn differences(name: &str, got: &Value, want: &Value) -> Vec<String> {
    let mut diffs = Vec::new();
    for key in ["title", "metadata", "speakers"] {
        if got[key] != want[key] {
            diffs.push(format!(
                "{name}: {key}: got {} want {}",
                got[key], want[key]
            ));
        }
    }
    let (got_segs, want_segs) = (got["segments"].as_array(), want["segments"].as_array());
    let (got_segs, want_segs) = (got_segs.unwrap(), want_segs.unwrap());
    if got_segs.len() != want_segs.len() {
        diffs.push(format!(
            "{name}: {} segments, want {}",
            got_segs.len(),
            want_segs.len()
        ));
    }
    for (i, (g, w)) in got_segs.iter().zip(want_segs).enumerate() {
        let same_text = fold_whitespace(g["text"].as_str().unwrap_or_default())
            == fold_whitespace(w["text"].as_str().unwrap_or_default());
        if g["speaker"] != w["speaker"] || g["start"] != w["start"] || !same_text {
            diffs.push(format!("{name}: segment {i}: got {g} want {w}"));
            break;
        }
    }
    diffs
}

#[test]
fn every_shared_episode_parses_as_expected() {
    let Some(corpus) = support::corpus::dir() else {
        eprintln!("skipped: no ../shared/corpus (set EARMARK_CORPUS to require it)");
        return;
    };
    let mut files: Vec<_> = std::fs::read_dir(corpus.join("episodes"))
        .expect("corpus has episodes/")
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no episodes in {}", corpus.display());
    let mut diffs = Vec::new();
    for file in &files {
        let name = file.file_stem().unwrap().to_string_lossy().into_owned();
        let expected = corpus.join("expected").join(format!("{name}.json"));
        let want: Value =
            serde_json::from_str(&std::fs::read_to_string(&expected).unwrap()).unwrap();
        diffs.extend(differences(&name, &dump_json(file), &want));
    }
    assert!(
        diffs.is_empty(),
        "{} differences:\n{}",
        diffs.len(),
        diffs.join("\n")
    );
    eprintln!("{} episodes match", files.len());
}
