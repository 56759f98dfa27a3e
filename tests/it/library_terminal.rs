//! The library end to end in a pseudo-terminal, as a new user would try it.

use crate::support;

use std::path::Path;

use support::pty::Pty;

fn top_row(screen: &vt100::Screen) -> String {
    screen.contents().lines().next().unwrap_or("").to_string()
}

#[test]
fn open_filter_read_go_back_search_and_resume_in_a_later_run() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(
        root.join("assets/karina-nguyen.md"),
        dir.path().join("karina.md"),
    )
    .unwrap();
    std::fs::copy(
        root.join("tests/fixtures/dialect_a.md"),
        dir.path().join("ada.md"),
    )
    .unwrap();
    let folder = dir.path().display().to_string();
    let script =
        format!("\"$0\" '{folder}'; echo EXIT=$?; \"$0\" '{folder}'; echo EXIT=$?; sleep 30");
    let mut pty = Pty::shell(&script, 120, 30, &[]);
    pty.wait_for_text("2 episodes");

    // Part of a guest's name, then open it.
    pty.send("nguyen");
    pty.wait_for_text("filter: nguyen");
    pty.send("\r");
    pty.wait_for_text("Lenny Rachitsky");
    pty.send("t");
    pty.send("30:00\r");
    pty.wait_for_top_row("00:29:09");
    // Back to the list, the filter as it was.
    pty.send("\x1b");
    pty.wait_for_text("filter: nguyen");
    pty.send("\x1b");
    pty.wait_for("the filter cleared", |s| s.contents().contains("2 shown"));

    // Search across episodes and open a hit.
    pty.send("/");
    pty.send("synthetic data");
    pty.wait_for_text("12 matches in 1 episode");
    pty.send("\r");
    pty.wait_for_text("1/12");
    pty.send("n");
    pty.wait_for_text("2/12");
    pty.send("q");
    // (The second run is already on the alternate screen, so the first's
    // exit status is looked for in what was written.)
    let exits = |pty: &Pty| {
        String::from_utf8_lossy(&pty.output())
            .matches("EXIT=0")
            .count()
    };
    let deadline = std::time::Instant::now() + support::pty::PATIENCE;
    while exits(&pty) < 1 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(exits(&pty), 1, "the first run exited 0");

    // A later run: the episode reopens where it was left (the second hit).
    pty.wait_for_text("2 episodes");
    pty.send("nguyen\r");
    pty.wait_for("the place of the last run", |s| {
        !top_row(s).contains("00:00:00")
    });
    let top = top_row(&pty.parser_screen());
    assert!(!top.contains("Not only are you working"), "{top}");
    pty.send("q");
    pty.wait_for_text("EXIT=0");
}
