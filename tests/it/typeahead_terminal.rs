//! Keys that arrive together (typed ahead over a slow link, pasted, typed
//! during a heavy frame) mean what they mean one by one; a bracketed paste
//! is text. Each burst below reaches earmark in one write.

use crate::support;

use std::process::Command;

use support::pty::Pty;

const PASTE_START: &str = "\x1b[200~";
const PASTE_END: &str = "\x1b[201~";

fn top_row(pty: &Pty) -> String {
    pty.contents().lines().next().unwrap_or("").to_string()
}

fn bottom_row(pty: &Pty) -> String {
    pty.contents().lines().last().unwrap_or("").to_string()
}

/// The sample episode, open and drawn.
fn sample() -> Pty {
    let pty = Pty::earmark("", 100, 30);
    pty.wait_for_text("Lenny Rachitsky");
    pty
}

/// Quits with `keys` (each its own write: an Esc with a key after it in
/// one write is Alt and that key) and checks earmark ended well and gave
/// the terminal back, bracketed paste off.
fn quit(pty: &mut Pty, keys: &[&str]) {
    for key in keys {
        pty.send(key);
    }
    pty.wait_for_text("EXIT=0");
    pty.wait_for_text("speed");
    assert!(pty.screen_is_restored(), "{}", pty.contents());
    assert!(!pty.parser_screen().bracketed_paste(), "paste mode left on");
}

#[test]
fn a_search_typed_in_one_go_is_a_search_not_keys() {
    let mut pty = sample();
    pty.send("/quality");
    // `q` of `quality` quit earmark when mapped as a reading key.
    pty.wait_for("the query in the bar", |s| {
        s.contents().lines().any(|l| l.starts_with("/quality"))
    });
    assert!(!pty.contents().contains("EXIT="), "{}", pty.contents());
    quit(&mut pty, &["\x1b", "q"]);
}

#[test]
fn a_note_typed_in_one_go_is_saved_whole() {
    let mut pty = sample();
    pty.send("Mhello\r");
    pty.wait_for_text("bookmarked");
    let config = pty.config.path().to_path_buf();
    quit(&mut pty, &["q"]);
    let output = Command::new(env!("CARGO_BIN_EXE_earmark"))
        .arg("--config-dir")
        .arg(&config)
        .args(["bookmarks", "list", "--json"])
        .output()
        .unwrap();
    let list: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let notes: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|b| b["note"].as_str())
        .collect();
    assert_eq!(notes, ["hello"], "{list}");
}

#[test]
fn a_time_typed_in_one_go_is_gone_to() {
    // The same jump typed key by key, waiting for each prompt: the place
    // a one-write burst must reach too.
    let mut slow = sample();
    let start = top_row(&slow);
    slow.send("t");
    slow.wait_for("the go-to prompt", |s| s.contents().contains("go to "));
    slow.send("37%");
    slow.wait_for_text("go to 37%");
    slow.send("\r");
    slow.wait_for("the jump", |s| {
        s.contents().lines().next().unwrap_or("") != start
    });
    let expected = top_row(&slow);
    quit(&mut slow, &["q"]);

    let mut fast = sample();
    fast.send("t37%\r");
    fast.wait_for("the jump", |s| {
        s.contents().lines().next().unwrap_or("") == expected
    });
    assert!(!bottom_row(&fast).contains("go to"), "{}", fast.contents());
    quit(&mut fast, &["q"]);
}

#[test]
fn a_paste_into_the_search_bar_is_searched_as_text() {
    let mut pty = sample();
    pty.send("/");
    pty.wait_for("the search bar", |s| {
        s.contents().lines().last().unwrap_or("").starts_with('/')
    });
    pty.send(&format!("{PASTE_START}q\nG{PASTE_END}"));
    // A newline in the paste is a space; `q` quits nothing, `G` moves nowhere.
    pty.wait_for("the pasted query", |s| {
        s.contents().lines().any(|l| l.starts_with("/q G"))
    });
    assert!(!pty.contents().contains("EXIT="), "{}", pty.contents());
    quit(&mut pty, &["\x1b", "q"]);
}

#[test]
fn a_paste_while_reading_runs_no_keys() {
    let mut pty = sample();
    let first = top_row(&pty);
    pty.send(&format!("{PASTE_START}Gq{PASTE_END}"));
    pty.send("?");
    pty.wait_for_text("this help");
    assert!(!pty.contents().contains("EXIT="), "{}", pty.contents());
    pty.send("?");
    pty.wait_for("the help closed", |s| !s.contents().contains("this help"));
    // Trailing blanks aside: the sidebar's last cell may be redrawn.
    assert_eq!(
        top_row(&pty).trim_end(),
        first.trim_end(),
        "the paste moved the view"
    );
    quit(&mut pty, &["q"]);
}
