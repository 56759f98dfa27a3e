//! The reader at its edges in a real (pseudo-)terminal: no terminal to read
//! keys from, an empty library folder, special files in a library, a resize
//! that must keep the current segment and a notice.

use crate::support;

use std::path::Path;

use support::pty::{Pty, is_cooked_with_echo};

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(name)
        .display()
        .to_string()
}

#[test]
fn with_no_terminal_for_keys_it_says_so_and_points_at_dump() {
    // `setsid` leaves earmark with no controlling terminal, and stdin is
    // not one: there is nowhere to read keys from (stdout still is one).
    let has_setsid = std::process::Command::new("setsid")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_setsid {
        eprintln!("no `setsid` here: running with no terminal not checked");
        return;
    }
    let file = fixture("tests/fixtures/dialect_b.md");
    let script = format!("setsid -w \"$0\" '{file}' </dev/null; echo EXIT=$?; sleep 30");
    let pty = Pty::shell(&script, 100, 20, &[]);
    pty.wait_for_text("EXIT=");
    let text = pty.contents();
    assert!(text.contains("EXIT=2"), "{text}");
    assert!(
        text.contains("no terminal to read keys from") && text.contains("earmark dump"),
        "{text}"
    );
    assert!(!text.contains("os error 6"), "{text}");
    assert!(pty.screen_is_restored());
}

#[test]
fn an_empty_folder_says_there_are_no_transcripts_under_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.pdf"), "not a transcript").unwrap();
    let folder = dir.path().display().to_string();
    let mut pty = Pty::earmark(&format!("'{folder}'"), 100, 20);
    pty.wait_for_text("no transcripts under");
    let text = pty.contents();
    assert!(!text.contains("no episode matches the filter"), "{text}");
    let header = text.lines().next().unwrap_or_default().trim_end();
    assert!(header.ends_with("· 0 episodes"), "{header}");
    // Esc leaves the filter; then `q` quits.
    pty.send("\x1b");
    pty.wait_for_text("q quit");
    pty.send("q");
    pty.wait_for_text("EXIT=0");
    pty.wait_for_text("extproc"); // the last word of `stty -a`: all of it is there
    assert!(is_cooked_with_echo(&pty.contents()), "{}", pty.contents());
}

#[test]
fn pipes_sockets_and_device_links_are_listed_under_tab_with_their_reason() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixture("tests/fixtures/dialect_a.md"),
        dir.path().join("ada.md"),
    )
    .unwrap();
    let fifo = dir.path().join("pipe.md");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo failed");
    let _socket = std::os::unix::net::UnixListener::bind(dir.path().join("socket.md")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.md")).unwrap();
    let folder = dir.path().display().to_string();
    let mut pty = Pty::earmark(&format!("'{folder}'"), 120, 20);
    pty.wait_for_text("1 episode · 3 skipped");
    pty.send("\t");
    pty.wait_for_text("named pipe");
    let text = pty.contents();
    assert!(
        text.contains("pipe.md") && text.contains("socket.md"),
        "{text}"
    );
    assert!(
        text.contains("zero.md") && text.contains("a device"),
        "{text}"
    );
    // Esc closes the list, Esc leaves the filter; then `q` quits.
    pty.send("\x1b");
    pty.send("\x1b");
    pty.wait_for_text("q quit");
    pty.send("q");
    pty.wait_for_text("EXIT=0");
}

#[test]
fn a_resize_keeps_the_current_segment_and_the_notice() {
    let sample = fixture("assets/karina-nguyen.md");
    let mut pty = Pty::earmark(&format!("'{sample}'"), 100, 30);
    pty.wait_for_text("00:00:00 / 1:14:34");
    pty.send("]]]");
    pty.wait_for_text("00:00:26 / 1:14:34");
    pty.send("m");
    pty.wait_for_text("bookmarked 00:00:26");
    pty.resize(100, 10);
    pty.wait_for("a redraw at 100x10", |s| s.size() == (10, 100));
    pty.wait_for_text("00:00:26 / 1:14:34");
    assert!(
        pty.contents().contains("bookmarked 00:00:26"),
        "{}",
        pty.contents()
    );
    pty.resize(100, 30);
    pty.send("q");
    pty.wait_for_text("EXIT=0");
}
