//! The library's mouse and quitting in a real pseudo-terminal: mouse
//! capture is on while earmark runs, a double click (two SGR mouse
//! presses at one cell) opens the episode under it, Esc on the empty
//! filter does not quit, `q` does, and the terminal comes back with mouse
//! reporting off.

use crate::support;

use std::path::Path;

use support::pty::Pty;

/// An SGR mouse press and release of the left button at a 0-based cell.
fn click(column: u16, row: u16) -> String {
    let (x, y) = (column + 1, row + 1);
    format!("\x1b[<0;{x};{y}M\x1b[<0;{x};{y}m")
}

#[test]
fn a_double_click_opens_an_episode_and_only_q_quits_the_list() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/library15");
    let mut pty = Pty::earmark(&format!("'{}'", folder.display()), 100, 16);
    pty.wait_for_text("5 episodes");
    assert_ne!(
        pty.parser_screen().mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "mouse capture is on while earmark runs"
    );
    // Esc on the empty filter leaves it; Esc again only says how to quit.
    pty.send("\x1b");
    pty.wait_for_text("q quit");
    pty.send("\x1b");
    pty.wait_for_text("q quits · f filters");
    assert!(!pty.contents().contains("EXIT="), "Esc did not quit");
    // Row 3 of the screen is the second episode, the newest but one.
    pty.send(&format!("{}{}", click(30, 3), click(30, 3)));
    pty.wait_for_text("Poker taught me");
    pty.send("\x1b");
    pty.wait_for_text("5 shown");
    pty.send("q");
    pty.wait_for_text("EXIT=0");
    assert!(pty.screen_is_restored(), "{}", pty.contents());
}
