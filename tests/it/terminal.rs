//! End to end, in a real pseudo-terminal: open, read, resize, quit, and the
//! terminal comes back as it was.

use crate::support;

use support::pty::{Pty, is_cooked_with_echo};

#[test]
fn the_sample_opens_pages_resizes_and_quits_cleanly() {
    let mut pty = Pty::earmark("", 120, 40);
    pty.wait_for_text("Lenny Rachitsky");
    // The pty hands a frame over in pieces: wait for its last rows too.
    pty.wait_for_text("prioritization");
    let first = pty.contents();
    assert!(first.contains("2025-02-09"), "sidebar date:\n{first}");
    assert!(first.contains("1:14:34"), "sidebar duration:\n{first}");
    assert!(first.contains("prioritization"), "keywords:\n{first}");

    pty.send(" ");
    pty.wait_for("a page down", |s| s.contents() != first);
    pty.send("G");
    pty.wait_for_text("See you in the next episode");
    pty.send("g");
    pty.wait_for_text("Not only are you working at the cutting edge");
    // The next segment goes to the top, as every jump puts its target.
    pty.send("]");
    pty.wait_for_top_row("00:00:06  Karina Nguyen");

    for (cols, rows) in [(60, 20), (30, 8), (12, 4), (120, 40)] {
        pty.resize(cols, rows);
        pty.wait_for(&format!("a frame at {cols}x{rows}"), |s| {
            s.size() == (rows, cols) && !s.contents().trim().is_empty()
        });
    }
    // The same place after resizing.
    pty.wait_for_top_row("00:00:06  Karina Nguyen");

    pty.send("q");
    pty.wait_for_text("EXIT=0");
    pty.wait_for_text("extproc"); // the last word of `stty -a`: all of it is there
    assert!(pty.screen_is_restored(), "screen:\n{}", pty.contents());
    assert!(is_cooked_with_echo(&pty.contents()), "{}", pty.contents());
}

#[test]
fn sigterm_and_sighup_give_the_terminal_back() {
    // Then earmark exits as a process the signal ended, 128 + its number.
    for (signal, exit) in [
        ("-TERM", "EXIT=143"),
        ("-HUP", "EXIT=129"),
        ("-INT", "EXIT=130"),
    ] {
        let mut pty = Pty::earmark("", 100, 30);
        pty.wait_for_text("Lenny Rachitsky");
        pty.send("j");
        let status = std::process::Command::new("kill")
            .args([signal, &pty.earmark_pid().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        pty.wait_for_text("EXIT=");
        pty.wait_for_text("extproc"); // the last word of `stty -a`: all of it is there
        assert!(
            pty.contents().contains(exit),
            "{signal}:\n{}",
            pty.contents()
        );
        assert!(pty.screen_is_restored(), "{signal}:\n{}", pty.contents());
        assert!(
            is_cooked_with_echo(&pty.contents()),
            "{signal}: {}",
            pty.contents()
        );
    }
}

#[test]
fn ctrl_z_suspends_and_fg_redraws_everything() {
    let mut pty = Pty::shell(
        "exec bash --norc --noprofile -i",
        100,
        30,
        &[
            ("PS1", "PROMPT$ "),
            ("EARMARK_BIN", env!("CARGO_BIN_EXE_earmark")),
        ],
    );
    pty.wait_for_text("PROMPT$");
    pty.send("\"$EARMARK_BIN\"\r");
    pty.wait_for_text("Lenny Rachitsky");
    pty.send("\x1a");
    pty.wait_for_text("Stopped");
    assert!(pty.screen_is_restored(), "{}", pty.contents());
    pty.send("stty -a\r");
    pty.wait_for_text("extproc"); // the last word of `stty -a`: all of it is there
    assert!(is_cooked_with_echo(&pty.contents()), "{}", pty.contents());
    pty.send("clear; fg\r");
    pty.wait_for("a full redraw after fg", |s| {
        s.alternate_screen() && s.contents().contains("Lenny Rachitsky")
    });
    pty.send("q");
    pty.wait_for("the shell again", |s| !s.alternate_screen());
    assert!(pty.screen_is_restored(), "{}", pty.contents());
}

#[test]
fn a_file_that_cannot_be_opened_fails_before_touching_the_terminal() {
    let pty = Pty::earmark("/no/such/episode.md", 80, 24);
    pty.wait_for_text("EXIT=2");
    let screen = pty.contents();
    assert!(screen.contains("/no/such/episode.md"), "{screen}");
    let output = pty.output();
    // No alternate screen was ever entered.
    assert!(!output.windows(8).any(|w| w == b"\x1b[?1049h"), "{screen}");
}

#[test]
fn escape_sequences_in_a_file_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hostile.md");
    std::fs::write(
        &path,
        "---\ntitle: \"Evil \\e]0;pwned\\a title\"\n---\n\nHost (00:00:01):\n\
         Hi \x1b]52;c;aGVsbG8=\x07there \x1b[2J\u{9b}2Jfriend \x1b]0;owned\x07.\n",
    )
    .unwrap();
    let mut pty = Pty::earmark(&format!("'{}'", path.display()), 100, 30);
    pty.wait_for_text("there friend");
    pty.send("q");
    pty.wait_for_text("EXIT=0");
    let output = pty.output();
    // (Clearing the screen is earmark's own doing; the file's text is checked.)
    for bad in [&b"\x1b]"[..], b"aGVsbG8=", b"\xc2\x9b", b"pwned", b"owned"] {
        assert!(
            !output.windows(bad.len()).any(|w| w == bad),
            "{:?} reached the terminal",
            String::from_utf8_lossy(bad)
        );
    }
}

#[test]
fn searching_and_jumping_to_a_time() {
    let mut pty = Pty::earmark("", 120, 40);
    pty.wait_for_text("Lenny Rachitsky");
    pty.send("/");
    pty.send("synthetic data");
    pty.wait_for_text("1/12");
    pty.send("\r");
    pty.send("n");
    pty.wait_for_text("2/12");
    pty.send("t");
    pty.send("30:00\r");
    pty.wait_for_top_row("00:29:09");
    pty.send("q");
    pty.wait_for_text("EXIT=0");
}
