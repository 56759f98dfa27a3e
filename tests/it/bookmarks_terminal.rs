//! Bookmarks end to end, in a pseudo-terminal: keep a quote, read it back
//! with the CLI, copy through OSC 52, and never lose one.

use crate::support;

use std::path::Path;

use assert_cmd::Command;
use support::pty::Pty;

/// earmark on `args` with the config dir `config`, in a shell that prints
/// the exit status afterwards.
fn earmark_with_config(args: &str, config: &Path) -> Pty {
    let script = format!(
        "\"$0\" --config-dir '{}' {args}; echo EXIT=$?; sleep 30",
        config.display()
    );
    Pty::shell(&script, 120, 40, &[])
}

fn bookmarks_cli(config: &Path, args: &[&str]) -> String {
    let output = Command::cargo_bin("earmark")
        .unwrap()
        .arg("--config-dir")
        .arg(config)
        .arg("bookmarks")
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).unwrap()
}

fn go_to(pty: &mut Pty, time: &str) {
    pty.send("t");
    pty.send(&format!("{time}\r"));
}

#[test]
fn a_bookmark_made_in_the_reader_is_read_back_by_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("karina-nguyen.md");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/karina-nguyen.md"),
        &copy,
    )
    .unwrap();
    let config = dir.path().join("config");
    let mut pty = earmark_with_config(&format!("'{}'", copy.display()), &config);
    pty.wait_for_text("Lenny Rachitsky");
    go_to(&mut pty, "30:00");
    pty.wait_for_top_row("00:29:09");
    pty.send("m");
    pty.wait_for_text("bookmarked 00:29:09");
    pty.send("y");
    pty.wait_for_text("copied the quote");
    pty.send("Y");
    pty.wait_for_text("t=1749s");
    pty.send("q");
    pty.wait_for_text("EXIT=0");

    let yaml = std::fs::read_to_string(config.join("bookmarks.yaml")).unwrap();
    for expected in [
        "episode: DeskgjrLxxs",
        "speaker: Karina Nguyen",
        "start: 1749",
        "quote: And then it's mostly like developing JSON schema",
        "title: OpenAI researcher on why soft skills",
        &format!("path: {}", copy.display()),
        "created: 20",
    ] {
        assert!(yaml.contains(expected), "{expected:?} not in\n{yaml}");
    }
    let listed = bookmarks_cli(&config, &["list"]);
    assert!(
        listed.contains("00:29:09") && listed.contains("Karina Nguyen"),
        "{listed}"
    );
    let exported = bookmarks_cli(&config, &["export", "--format", "md"]);
    assert!(exported.contains("And then it's mostly like developing JSON schema"));
    assert!(exported.contains("t=1749"), "{exported}");

    // y and Y went to the clipboard through OSC 52.
    let output = String::from_utf8_lossy(&pty.output()).into_owned();
    let copies: Vec<&str> = output
        .split("\x1b]52;c;")
        .skip(1)
        .filter_map(|rest| rest.split('\x07').next())
        .collect();
    assert_eq!(copies.len(), 2, "two OSC 52 copies");
    let quote = decode_base64(copies[0]);
    assert!(
        quote.starts_with("“And then it's mostly like developing JSON schema"),
        "{quote}"
    );
    assert!(quote.ends_with("— Karina Nguyen, OpenAI researcher on why soft skills are the future of work | Karina Nguyen (00:29:09)"), "{quote}");
    assert_eq!(
        decode_base64(copies[1]),
        "https://www.youtube.com/watch?v=DeskgjrLxxs&t=1749s"
    );
}

#[test]
fn two_readers_on_one_config_dir_lose_no_bookmark() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    let mut first = earmark_with_config("", &config);
    let mut second = earmark_with_config("", &config);
    first.wait_for_text("Lenny Rachitsky");
    second.wait_for_text("Lenny Rachitsky");
    // In turn: each save re-reads what the other wrote.
    for (which, time) in [(0, "10:00"), (1, "20:00"), (0, "40:00")] {
        let pty = if which == 0 { &mut first } else { &mut second };
        go_to(pty, time);
        pty.send("m");
        pty.wait_for_text("bookmarked");
    }
    for pty in [&mut first, &mut second] {
        pty.send("q");
        pty.wait_for_text("EXIT=0");
    }
    let listed = bookmarks_cli(&config, &["list"]);
    assert_eq!(listed.lines().count(), 3, "{listed}");
}

#[test]
fn a_bookmark_that_cannot_be_saved_is_printed_at_quit_and_the_exit_is_not_zero() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("a-file");
    std::fs::write(&blocker, "not a directory").unwrap();
    let mut pty = earmark_with_config("", &blocker.join("config"));
    pty.wait_for_text("Lenny Rachitsky");
    pty.wait_for_text("cannot read bookmarks.yaml: Not a directory");
    pty.send("m");
    pty.wait_for_text("bookmarked");
    pty.send("j");
    pty.wait_for_text("cannot read state.yaml: Not a directory");
    pty.send("j");
    pty.wait_for_text("bookmark not saved, kept for this run: bookmarks.yaml: Not a directory");
    pty.send("'");
    pty.wait_for_text("Bookmarks: this episode");
    assert!(
        pty.contents().contains("00:00:00"),
        "kept for the run:\n{}",
        pty.contents()
    );
    pty.send("\x1b");
    pty.send("q");
    pty.wait_for_text("EXIT=2");
    let screen = pty.contents();
    for expected in [
        "earmark: these bookmarks could not be saved:",
        "bookmarks:",
        "episode: DeskgjrLxxs",
        "speaker: Lenny Rachitsky",
        "quote: Not only are you working at the cutting edge",
        "earmark: cannot save",
    ] {
        assert!(screen.contains(expected), "{expected:?} not in:\n{screen}");
    }
}

#[test]
fn a_file_that_is_not_yaml_is_set_aside_only_when_a_bookmark_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("bookmarks.yaml"), "bookmarks: [unclosed\n").unwrap();
    let mut pty = earmark_with_config("", &config);
    pty.wait_for_text("bookmarks.yaml: not YAML at line 2, column 1; set aside at the next save");
    assert_eq!(
        names_in(&config),
        ["bookmarks.yaml"],
        "opening moves nothing"
    );
    pty.send("m");
    pty.wait_for_text("bookmarked");
    pty.send("j");
    pty.wait_for_text("moved bookmarks.yaml aside to bookmarks.yaml.corrupt-");
    pty.send("q");
    pty.wait_for_text("EXIT=0");
    let names = names_in(&config);
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("bookmarks.yaml.corrupt-")),
        "{names:?}"
    );
    assert!(!names.iter().any(|n| n.contains(".tmp-")), "{names:?}");
    assert_eq!(bookmarks_cli(&config, &["list"]).lines().count(), 1);
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn two_notices_at_start_up_are_both_seen() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("bookmarks.yaml"), "[").unwrap();
    std::fs::write(config.join("state.yaml"), "version: 9\n").unwrap();
    let mut pty = earmark_with_config("", &config);
    pty.wait_for_text("bookmarks.yaml: not YAML");
    pty.send("j");
    pty.wait_for_text("state.yaml is read-only this run: version 9, from a newer earmark");
    pty.send("q");
    pty.wait_for_text("EXIT=0");
}

#[test]
fn the_list_shows_what_another_running_earmark_saved() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    let mut first = earmark_with_config("", &config);
    let mut second = earmark_with_config("", &config);
    first.wait_for_text("Lenny Rachitsky");
    second.wait_for_text("Lenny Rachitsky");
    go_to(&mut second, "20:00");
    second.send("m");
    second.wait_for_text("bookmarked");
    second.send("q");
    second.wait_for_text("EXIT=0");
    first.send("'");
    first.wait_for_text("Bookmarks: this episode");
    first.wait_for_text("00:19:");
    first.send("\x1b");
    first.send("q");
    first.wait_for_text("EXIT=0");
}

/// A save that waits (another earmark holds the lock for as long as it
/// likes) never holds up the reader: marks, moves and the list go on, and
/// everything is saved once the lock is free. The same holds for a save of
/// a large file, which takes seconds.
#[test]
fn a_slow_save_never_freezes_the_reader() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    let lock = std::fs::File::create(config.join("bookmarks.yaml.lock")).unwrap();
    lock.lock().unwrap();
    let mut pty = earmark_with_config("", &config);
    pty.wait_for_text("Lenny Rachitsky");
    go_to(&mut pty, "10:00");
    pty.send("m");
    pty.wait_for_text("bookmarked 00:09:");
    go_to(&mut pty, "20:00");
    pty.send("m");
    pty.wait_for_text("bookmarked 00:19:");
    pty.send("'");
    pty.wait_for_text("Bookmarks: this episode");
    pty.wait_for_text("00:09:");
    pty.wait_for_text("00:19:");
    pty.send("\x1b");
    // Quitting waits for the save, and says so.
    pty.send("q");
    pty.wait_for_text("saving bookmarks and reading positions before quitting…");
    drop(lock);
    pty.wait_for_text("EXIT=0");
    assert_eq!(bookmarks_cli(&config, &["list"]).lines().count(), 2);
}

fn decode_base64(text: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = 0u32;
    let mut count = 0;
    let mut out = Vec::new();
    for c in text.bytes().filter(|&c| c != b'=') {
        let value = ALPHABET.iter().position(|&a| a == c).unwrap() as u32;
        bits = bits << 6 | value;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn a_bookmark_of_another_episode_opens_its_file_or_says_it_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.md");
    std::fs::copy(support::cli::fixture("dialect_a.md"), &other).unwrap();
    let config = dir.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    let entry = |title: &str, path: &Path| {
        format!(
            "- episode: {title}\n  title: {title}\n  path: {}\n  speaker: Lenny Rachitsky\n  \
             start: 285\n  quote: gone or not\n  created: 2026-11-26T10:00:00Z\n",
            path.display()
        )
    };
    let yaml = format!(
        "version: 1\nbookmarks:\n{}{}",
        entry("Aaa present", &other),
        entry("Zzz missing", &dir.path().join("deleted.md"))
    );
    std::fs::write(config.join("bookmarks.yaml"), yaml).unwrap();

    let mut pty = earmark_with_config("", &config);
    pty.wait_for_text("Lenny Rachitsky");
    pty.send("'");
    pty.send("a");
    pty.wait_for_text("Zzz missing");
    pty.send("j\r");
    pty.wait_for_text("cannot open");
    // The list keeps showing every episode's bookmarks.
    pty.send("'");
    pty.wait_for_text("Aaa present");
    pty.send("\r");
    pty.wait_for_text("Dialect A fixture");
    pty.send("q");
    pty.wait_for_text("EXIT=0");
}
