//! `--at` and `FILE:TIME` take the `t` prompt's rules for what issue 15
//! added to them: refused past the end with the episode's length, refused
//! with minutes or seconds over 59 after a larger field, and relative
//! times counted from the start.

use crate::support;

use support::cli::{earmark, fixture, refused};

#[test]
fn at_past_the_end_is_refused_with_the_length() {
    let file = fixture("flow/turns.md");
    let err = refused(&[file.to_str().unwrap(), "--at", "2:00:00"]);
    assert!(
        err.contains("turns.md: --at 2:00:00: past the end (1:14:34)"),
        "{err}"
    );
    let err = refused(&[&format!("{}:1:20:00", file.display())]);
    assert!(err.contains("past the end (1:14:34)"), "{err}");
}

#[test]
fn at_with_minutes_over_59_after_hours_is_refused_with_the_reason() {
    let file = fixture("flow/turns.md");
    let err = refused(&[file.to_str().unwrap(), "--at", "9:99:99"]);
    assert!(err.contains("stop at 59"), "{err}");
    // The same time after the file's name: split off, then refused alike
    // (not looked for as a file called `turns.md:1:75:00`).
    let err = refused(&[&format!("{}:1:75:00", file.display())]);
    assert!(err.contains("stop at 59"), "{err}");
}

#[test]
fn at_takes_relative_times_from_the_start() {
    let file = fixture("flow/turns.md");
    // Into a pipe, the reader prints the episode: accepted.
    let output = earmark()
        .arg(&file)
        .args(["--at", "+20m"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let err = refused(&[file.to_str().unwrap(), "--at", "+2h"]);
    assert!(err.contains("past the end"), "{err}");
}
