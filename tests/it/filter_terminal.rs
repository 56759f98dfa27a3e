//! `&word` Enter and Esc in the real binary on a pseudo-terminal: the
//! filtered view and its status line, then the whole transcript again with
//! the same segment at the top; the terminal restored on the way out.

use crate::support;

use support::pty::Pty;

#[test]
fn ampersand_filters_and_esc_comes_back_to_the_same_place() {
    let panel = support::cli::fixture("filter").join("panel.md");
    let mut pty = Pty::earmark(&format!("'{}'", panel.display()), 80, 24);
    pty.wait_for_text("00:00:00 / 14:15");
    pty.send("&growth");
    pty.wait_for_text("&growth");
    pty.send("\r");
    pty.wait_for_text("& growth · 5 of 20 segments · Esc: all");
    let screen = pty.contents();
    assert!(!screen.contains("hiring"), "only what matches:\n{screen}");
    pty.send("3]");
    // Segment 13's header (its time) on the first row.
    pty.wait_for_top_row("00:09:45  Bo Chen");
    pty.send("\x1b");
    pty.wait_for("the whole transcript", |s| {
        !s.contents().contains("of 20 segments") && s.contents().contains("Segment 14 talks")
    });
    pty.wait_for_top_row("00:09:45  Bo Chen");
    pty.send("q");
    pty.wait_for_text("EXIT=0");
    assert!(pty.screen_is_restored(), "{}", pty.contents());
}
