//! `cat FILE | earmark -` in a real pseudo-terminal: the transcript comes
//! from the pipe, the keys from the terminal, and the terminal comes back.

use crate::support;

use support::pty::{Pty, is_cooked_with_echo};

#[test]
fn a_transcript_piped_in_opens_takes_keys_from_the_terminal_and_quits_cleanly() {
    let fixture = support::cli::fixture("formats/labels_on_change.srt");
    let script = format!(
        "cat '{}' | \"$0\" -; echo EXIT=$?; stty -a; sleep 30",
        fixture.display()
    );
    let mut pty = Pty::shell(&script, 100, 30, &[]);
    pty.wait_for_text("Thanks for having me");
    pty.wait_for_text("<stdin>");
    // Keys reach the reader from the terminal: `?` opens the help.
    assert!(!pty.contents().contains("Esc closes"));
    pty.send("?");
    pty.wait_for_text("Esc closes");
    pty.send("\x1b");
    pty.send("q");
    pty.wait_for_text("EXIT=0");
    pty.wait_for_text("extproc"); // the last word of `stty -a`: all of it is there
    assert!(pty.screen_is_restored(), "screen:\n{}", pty.contents());
    assert!(is_cooked_with_echo(&pty.contents()), "{}", pty.contents());
}
