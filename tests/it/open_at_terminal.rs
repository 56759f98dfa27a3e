//! Opening an episode at a place from the command line, in a real
//! terminal: `--at TIME`, `FILE:TIME`, a `Y` link pasted back (`FILE at
//! 00:12:30`), `--search WORD` with `n` going on, a file whose real name
//! holds a colon, and a saved position that does not override any of them.
//! Fixture: tests/fixtures/open_at.md, a segment every 30 seconds.

use crate::support;

use support::cli::fixture;
use support::pty::Pty;

fn episode() -> String {
    fixture("open_at.md").display().to_string()
}

/// Runs earmark with `args` in a 100×30 terminal.
fn open(args: &str) -> Pty {
    Pty::earmark(args, 100, 30)
}

fn quit(mut pty: Pty) {
    pty.send("q");
    pty.wait_for_text("EXIT=0");
}

#[test]
fn at_opens_at_that_time_as_the_t_prompt_does() {
    let pty = open(&format!("'{}' --at 12:30", episode()));
    pty.wait_for_top_row("00:12:30");
    assert!(
        !pty.contents().contains("Segment 00 "),
        "{}",
        pty.contents()
    );
    quit(pty);
    let pty = open(&format!("'{}' --at 50%", episode()));
    pty.wait_for_top_row("00:09:30");
    quit(pty);
}

#[test]
fn a_time_after_the_file_name_opens_there() {
    let pty = open(&format!("'{}:12:30'", episode()));
    pty.wait_for_top_row("00:12:30");
    quit(pty);
}

/// `Y` copies `path at 00:12:30` for a local file: pasted back as the
/// argument, it opens there.
#[test]
fn a_copied_link_pasted_back_opens_there() {
    let pty = open(&format!("'{} at 00:15:00'", episode()));
    pty.wait_for_top_row("00:15:00");
    quit(pty);
}

#[test]
fn a_real_name_with_a_colon_opens_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let odd = dir.path().join("ep:12:30.md");
    std::fs::copy(fixture("open_at.md"), &odd).unwrap();
    let pty = open(&format!("'{}'", odd.display()));
    pty.wait_for_top_row("00:00:00");
    quit(pty);
}

#[test]
fn search_opens_at_the_first_match_and_n_goes_on() {
    let mut pty = open(&format!("'{}' --search zeppelin", episode()));
    pty.wait_for_top_row("00:07:30");
    pty.wait_for_text("1/2");
    pty.send("n");
    pty.wait_for_top_row("00:17:30");
    pty.send("N");
    pty.wait_for_top_row("00:07:30");
    quit(pty);
}

/// Where the episode was left is not where the command line says: the
/// saved position, loaded after the episode opened, does not move it,
/// not even when the place asked for is the start (where a reader that
/// has not moved is taken to the saved position).
#[test]
fn a_saved_position_does_not_override_the_command_line() {
    let mut first = open(&format!("'{}'", episode()));
    first.wait_for_top_row("00:00:00");
    first.send("G");
    first.send("q");
    first.wait_for_text("EXIT=0");
    let config = first.config.path().display().to_string();
    let env = [("EARMARK_CONFIG_DIR", config.as_str())];
    let resumed = Pty::shell(&format!("\"$0\" '{}'; sleep 30", episode()), 100, 30, &env);
    resumed.wait_for_text("00:19:30");
    drop(resumed);
    let script = format!("\"$0\" '{}' --at 0:00; echo EXIT=$?; sleep 30", episode());
    let second = Pty::shell(&script, 100, 30, &env);
    second.wait_for_top_row("00:00:00");
    std::thread::sleep(std::time::Duration::from_millis(500));
    second.wait_for_top_row("00:00:00");
    assert!(
        !second.contents().contains("00:19:30 "),
        "{}",
        second.contents()
    );
    quit(second);
}
