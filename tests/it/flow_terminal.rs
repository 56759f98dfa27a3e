//! The sidebar's link reaches a real terminal as an OSC 8 hyperlink: the
//! binary in a pseudo-terminal, its raw output read back.

use crate::support;

use support::cli::fixture;
use support::pty::Pty;

#[test]
fn the_link_is_written_as_an_osc_8_hyperlink() {
    let file = fixture("flow/turns.md");
    let mut pty = Pty::earmark(&format!("'{}'", file.display()), 110, 30);
    pty.wait_for_text("youtube.com/watch?v=abcDEF12345");
    let output = String::from_utf8_lossy(&pty.output()).into_owned();
    let open = "\u{1b}]8;;https://www.youtube.com/watch?v=abcDEF12345\u{1b}\\";
    let close = "\u{1b}]8;;\u{1b}\\";
    let linked: String = "youtube.com/watch?v=abcDEF12345"
        .chars()
        .filter(|c| output.contains(&format!("{open}{c}{close}")))
        .collect();
    assert_eq!(
        linked.len(),
        "youtube.com/watch?v=abcDEF12345".len(),
        "{linked}"
    );
    // The text around the link is where it was: the row after the label.
    let screen = pty.contents();
    let label = screen.lines().position(|l| l.contains("│ Link")).unwrap();
    let row = screen.lines().nth(label + 1).unwrap();
    assert!(row.ends_with("│ youtube.com/watch?v=abcDEF12345"), "{row}");
    pty.send("q");
    pty.wait_for_text("EXIT=0");
}
