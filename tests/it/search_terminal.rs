//! `earmark search` on a terminal: grouped under headings and coloured by
//! default (as `rg` is), with NO_COLOR respected; the same search into a
//! pipe is the tab-separated lines (tests/search_shapes_cli.rs).

use crate::support;

use support::cli::fixture;
use support::pty::Pty;

fn search_on_a_terminal(envs: &[(&str, &str)]) -> Pty {
    let dir = fixture("search_shapes").join("b-growth.md");
    let script = format!(
        "\"$0\" search pricing '{}'; echo EXIT=$?; sleep 30",
        dir.display()
    );
    let pty = Pty::shell(&script, 100, 20, envs);
    pty.wait_for_text("EXIT=0");
    pty
}

#[test]
fn on_a_terminal_matches_are_grouped_and_coloured() {
    let pty = search_on_a_terminal(&[]);
    let screen = pty.contents();
    let rows: Vec<&str> = screen.lines().collect();
    assert!(rows[0].starts_with("Growth with Grace · "), "{screen}");
    assert_eq!(
        rows[1],
        "00:00:07  Lenny Rachitsky: Is pricing part of growth?"
    );
    assert_eq!(rows[2], "00:00:30  Grace Hopper: Pricing is growth, yes.");
    let raw = String::from_utf8_lossy(&pty.output()).into_owned();
    assert!(raw.contains("\u{1b}[1;31mpricing\u{1b}[0m"), "{raw:?}");
}

#[test]
fn no_color_keeps_the_headings_without_colour() {
    let pty = search_on_a_terminal(&[("NO_COLOR", "1")]);
    assert!(
        pty.contents().starts_with("Growth with Grace · "),
        "{}",
        pty.contents()
    );
    let raw = String::from_utf8_lossy(&pty.output()).into_owned();
    assert!(!raw.contains("\u{1b}["), "{raw:?}");
}
