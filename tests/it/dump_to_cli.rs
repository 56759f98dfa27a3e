//! `earmark dump --to FORMAT` as scripts run it: each format written,
//! nothing from the file reaching stdout as a control sequence, a
//! conversion that cannot be made refused in one line.

use crate::support;

use support::cli::{earmark, fixture};

const FORMATS: [&str; 5] = ["markdown", "webvtt", "srt", "json", "text"];

/// Control chars (but the line break), C1 controls, bidi controls and
/// line separators: what must never reach a terminal from a file.
fn is_forbidden(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{61c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
}

/// What `earmark dump --to FORMAT FIXTURE` prints, the run succeeding.
fn dump_to(format: &str, name: &str) -> String {
    let out = earmark()
        .args(["dump", "--to", format])
        .arg(fixture(name))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).expect("UTF-8")
}

#[test]
fn every_format_is_written_and_says_what_it_is() {
    let starts = [
        ("markdown", "---\n"),
        ("webvtt", "WEBVTT"),
        ("srt", "1\n00:00:00,000 --> "),
        ("json", "{"),
        ("text", "Ann Lee (host)  00:00:00\n"),
    ];
    for (format, start) in starts {
        let out = dump_to(format, "formats/labels_on_change.srt");
        assert!(out.starts_with(start), "{format}:\n{out}");
        assert!(out.contains("Thanks for having me."), "{format}:\n{out}");
    }
}

#[test]
fn nothing_from_a_hostile_file_reaches_stdout_as_a_control_sequence() {
    for format in FORMATS {
        let out = dump_to(format, "dump_to/hostile.vtt");
        let bad: Vec<char> = out.chars().filter(|&c| is_forbidden(c)).collect();
        assert!(bad.is_empty(), "{format}: {bad:?} in\n{out}");
        assert!(
            out.contains("Hi") && out.contains("isolated"),
            "{format}:\n{out}"
        );
    }
}

/// Runs `earmark dump --to FORMAT FILE …`: exit code, stdout, stderr.
fn dump(args: &[&str], file: &str) -> (Option<i32>, String, String) {
    let output = earmark()
        .arg("dump")
        .args(args)
        .arg(fixture(file))
        .output()
        .expect("runs");
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).expect("UTF-8");
    (
        output.status.code(),
        text(output.stdout),
        text(output.stderr),
    )
}

#[test]
fn a_conversion_that_cannot_be_made_is_refused_in_one_line() {
    let (code, out, err) = dump(&["--to", "markdown"], "dump_to/prose.txt");
    assert_eq!((code, out.as_str()), (Some(2), ""));
    assert!(
        err.contains("prose.txt: cannot write it as markdown"),
        "{err}"
    );
    assert!(
        err.contains("--to text") && err.lines().count() == 1,
        "{err}"
    );
    let (code, out, _) = dump(&["--to", "text"], "dump_to/prose.txt");
    assert_eq!(code, Some(0));
    assert!(out.contains("A second paragraph."), "{out}");
}

#[test]
fn to_and_json_do_not_go_together_and_unknown_formats_are_named() {
    let file = "formats/labels_on_change.srt";
    let (code, _, err) = dump(&["--json", "--to", "srt"], file);
    assert_eq!(code, Some(2));
    assert!(err.contains("cannot be used with"), "{err}");
    let (code, _, err) = dump(&["--to", "docx"], file);
    assert_eq!(code, Some(2));
    assert!(err.contains("markdown") && err.contains("webvtt"), "{err}");
}
