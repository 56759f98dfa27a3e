//! `-` as a path: `earmark dump -` and `earmark search PATTERN -` read the
//! transcript from standard input, its format told by content, and name it
//! `<stdin>`.

use crate::support;

use earmark::episode::Source;
use earmark::episode::identity::TranscriptId;
use earmark::formats::{parse_bytes, parse_file};
use support::cli::{earmark, fixture};

fn fixture_bytes(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).unwrap()
}

/// Runs earmark with `args` and `input` on stdin: code, stdout, stderr.
fn run(args: &[&str], input: Vec<u8>) -> (Option<i32>, String, String) {
    let output = earmark().args(args).write_stdin(input).output().unwrap();
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (
        output.status.code(),
        text(output.stdout),
        text(output.stderr),
    )
}

#[test]
fn dump_reads_stdin_in_any_format_and_names_it_stdin() {
    for name in [
        "formats/labels_on_change.srt",
        "formats/whisperx.json",
        "dialect_a.md",
    ] {
        let (code, out, err) = run(&["dump", "--json", "-"], fixture_bytes(name));
        assert_eq!(code, Some(0), "{name}: {err}");
        let piped: serde_json::Value = serde_json::from_str(&out).unwrap();
        let (_, from_file, _) = run(
            &["dump", "--json", fixture(name).to_str().unwrap()],
            Vec::new(),
        );
        let from_file: serde_json::Value = serde_json::from_str(&from_file).unwrap();
        assert_eq!(piped["path"], "<stdin>");
        assert_eq!(piped["format"], from_file["format"], "{name}");
        assert_eq!(piped["segments"], from_file["segments"], "{name}");
    }
}

#[test]
fn dump_to_converts_stdin() {
    let (code, out, _) = run(
        &["dump", "-", "--to", "webvtt"],
        fixture_bytes("formats/labels_on_change.srt"),
    );
    assert_eq!(code, Some(0));
    assert!(
        out.starts_with("WEBVTT") && out.contains("<v Bo Chen>Thanks"),
        "{out}"
    );
}

#[test]
fn search_reads_stdin_beside_files() {
    let srt = fixture("formats/labels_on_change.srt");
    let input = fixture_bytes("formats/otter.txt");
    let args = [
        "search",
        "--regex",
        "(welcome|Welcome back)",
        "-",
        srt.to_str().unwrap(),
    ];
    let (code, out, _) = run(&args, input);
    assert_eq!(code, Some(0));
    let names: Vec<&str> = out.lines().filter_map(|l| l.split('\t').next()).collect();
    assert_eq!(
        names.first(),
        Some(&"<stdin>"),
        "standard input first:\n{out}"
    );
    assert!(
        names.iter().any(|n| n.ends_with("labels_on_change.srt")),
        "{out}"
    );
    let (code, out, _) = run(
        &["search", "Thanks", "-"],
        fixture_bytes("formats/labels_on_change.srt"),
    );
    assert_eq!(code, Some(0));
    assert!(out.starts_with("<stdin>\t00:00:04\tBo Chen\t"), "{out}");
}

#[test]
fn refusals_and_empty_input_name_stdin_and_exit_2() {
    let (code, _, err) = run(
        &["dump", "-"],
        b"WEBVTTX\n\n00:01.000 --> 00:02.000\nHi\n".to_vec(),
    );
    assert_eq!(code, Some(2));
    assert!(
        err.starts_with("earmark: <stdin>: looks like webvtt") && err.lines().count() == 1,
        "{err}"
    );
    let (code, _, err) = run(&["dump", "-"], Vec::new());
    assert_eq!(code, Some(2));
    assert!(
        err.contains("<stdin>: no transcript found (the file is empty)"),
        "{err}"
    );
    let (code, _, err) = run(&["search", "x", "-"], b"WEBVTTX x\n".to_vec());
    assert_eq!(code, Some(2));
    assert!(err.contains("<stdin>: looks like webvtt"), "{err}");
}

/// Bookmarks and reading positions are keyed by the transcript, so an
/// episode piped in finds those made on its file.
#[test]
fn a_piped_episode_is_the_same_episode_as_its_file() {
    let path = fixture("formats/labels_on_change.srt");
    let piped = parse_bytes(&std::fs::read(&path).unwrap(), Source::Builtin("<stdin>")).unwrap();
    let file = parse_file(&path).unwrap();
    assert_eq!(TranscriptId::of(&piped), TranscriptId::of(&file));
    assert_eq!(piped.title, "<stdin>");
}
