//! `earmark FILE --at TIME` / `--search WORD` refused before the terminal
//! is touched when the reader could not follow them, with the `t`
//! prompt's and the `/` bar's own words, exit status 2.

use crate::support;

use support::cli::{earmark, fixture, refused};

#[test]
fn a_time_the_prompt_would_not_take_is_refused() {
    let file = fixture("open_at.md");
    let file = file.to_str().unwrap();
    let err = refused(&[file, "--at", "soon"]);
    assert!(
        err.contains("open_at.md: --at soon: not a time: soon"),
        "{err}"
    );
    let err = refused(&[file, "--at", "120%"]);
    assert!(err.contains("not a percentage from 0 to 100"), "{err}");
}

#[test]
fn a_time_in_an_episode_without_times_is_refused_as_the_prompt_does() {
    let file = fixture("untimed.md");
    let err = refused(&[file.to_str().unwrap(), "--at", "12:30"]);
    assert!(
        err.contains("this episode has no times: type a percentage like 45%"),
        "{err}"
    );
    // A percentage works without times, into a pipe as in the reader.
    let output = earmark().arg(&file).args(["--at", "50%"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn at_and_search_need_an_episode_file() {
    let err = refused(&["--at", "1:00", "search", "x", "."]);
    assert!(err.contains("give a file, not a command"), "{err}");
    let dir = fixture("search_shapes");
    let err = refused(&[dir.to_str().unwrap(), "--search", "pricing"]);
    assert!(err.contains("name its file"), "{err}");
    let file = fixture("open_at.md");
    let both = earmark()
        .arg(&file)
        .args(["--search", "x", "--at", "1"])
        .output()
        .unwrap();
    assert_eq!(both.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&both.stderr).contains("cannot be used with"));
}

#[test]
fn a_time_in_the_name_and_at_together_are_refused() {
    let arg = format!("{}:12:30", fixture("open_at.md").display());
    let err = refused(&[&arg, "--at", "1:00"]);
    assert!(
        err.contains("a time in the name and --at: give one"),
        "{err}"
    );
}

/// Into a pipe the whole episode is printed, as without `--at`.
#[test]
fn into_a_pipe_the_whole_episode_is_printed() {
    let file = fixture("open_at.md");
    let plain = earmark().arg(&file).output().unwrap();
    let at = earmark()
        .arg(&file)
        .args(["--at", "12:30"])
        .output()
        .unwrap();
    assert_eq!(at.status.code(), Some(0));
    assert_eq!(at.stdout, plain.stdout);
    let name = format!("{}:12:30", file.display());
    assert_eq!(earmark().arg(name).output().unwrap().stdout, plain.stdout);
}
