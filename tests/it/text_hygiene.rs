//! Text that reaches the terminal and the clipboard: bounded copies, no
//! spoofing characters, cells exactly as wide as the terminal draws them.

use crate::support;

use std::sync::Arc;

use earmark::episode::Source;
use earmark::formats::parse_bytes;
use earmark::tui::clipboard::MAX_COPY_BYTES;
use earmark::tui::reader::{Reader, update};
use earmark::tui::{Action, Effect, view};
use support::screen::{self, screen_text};

fn reader(transcript: &str) -> Reader {
    let episode = parse_bytes(transcript.as_bytes(), Source::Builtin("t.md")).expect("parses");
    Reader::new(Arc::new(episode), (100, 30), true)
}

fn screen(app: &Reader) -> String {
    screen_text(&screen::draw(100, 30, |f| view::draw(f, app)))
}

#[test]
fn a_quote_over_the_cap_is_not_copied_and_says_so() {
    let long = "word ".repeat(1_000_000); // a 5 MB segment
    let mut app = reader(&format!(
        "Host (00:00:01):\n{long}\nGuest (00:00:02):\nshort\n"
    ));
    let effects = update(&mut app, Action::CopyQuote);
    assert!(effects.is_empty(), "{} effects", effects.len());
    let shown = screen(&app);
    assert!(shown.contains("too long to copy"), "{shown}");

    update(&mut app, Action::NextSegment);
    let effects = update(&mut app, Action::CopyQuote);
    let [Effect::Copy(quote)] = &effects[..] else {
        panic!("{effects:?}")
    };
    assert!(quote.starts_with("“short”"), "{quote}");
    assert!(screen(&app).contains("copied the quote"));
}

#[test]
fn a_quote_just_under_the_cap_is_copied() {
    // The quote adds “”, a dash and the credit (~20 bytes) to the text.
    let text = "x".repeat(MAX_COPY_BYTES - 100);
    let mut app = reader(&format!("Host (00:00:01):\n{text}\n"));
    let effects = update(&mut app, Action::CopyQuote);
    assert!(matches!(&effects[..], [Effect::Copy(q)] if q.len() <= MAX_COPY_BYTES));
}

/// `earmark search` over `dir`, as text or JSON.
fn search_in(dir: &std::path::Path, json: bool) -> std::process::Output {
    let mut command = assert_cmd::Command::cargo_bin("earmark").unwrap();
    command.timeout(std::time::Duration::from_secs(20));
    command.env(support::cli::CACHE_DIR_ENV, support::cli::test_cache_dir());
    command.arg("search").arg("growth").arg(dir);
    if json {
        command.arg("--json");
    }
    command.output().unwrap()
}

const MATCHING: &str = "Host (00:00:01):\nwe talk about growth\n";

/// JSON names the file exactly (a cleaned name would name no file, or
/// another one); the text output keeps the cleaned name.
#[test]
fn search_json_gives_the_exact_path_and_text_the_cleaned_one() {
    let dir = tempfile::TempDir::new().unwrap();
    let name = "esc\u{1b}]0;pwned\u{7}\u{9b}2J.md";
    std::fs::write(dir.path().join(name), MATCHING).unwrap();
    // The cleaned look-alike exists too, and must not be confused with it.
    std::fs::write(dir.path().join("esc.md"), "Host (00:00:01):\nother\n").unwrap();

    let output = search_in(dir.path(), true);
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        !stdout.contains(['\u{1b}', '\u{7}', '\u{9b}']),
        "{stdout:?}"
    );
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    let path = lines[0]["path"].as_str().unwrap();
    assert_eq!(path, dir.path().join(name).to_str().unwrap());
    assert!(std::path::Path::new(path).is_file());
    assert!(lines[0].get("path_bytes").is_none());

    let output = search_in(dir.path(), false);
    let stdout = String::from_utf8(output.stdout).unwrap();
    let cleaned = dir.path().join("esc.md");
    assert!(
        stdout.starts_with(&format!("{}\t", cleaned.display())),
        "{stdout:?}"
    );
}

#[cfg(unix)]
#[test]
fn search_json_keeps_a_name_that_is_not_utf8_losslessly() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::TempDir::new().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"bad\xff\xfename.md");
    let full = dir.path().join(name);
    if std::fs::write(&full, MATCHING).is_err() {
        eprintln!("skipped: this file system refuses names that are not UTF-8");
        return;
    }
    let output = search_in(dir.path(), true);
    let line: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let bytes = line["path_bytes"].as_str().expect("path_bytes");
    assert_eq!(bytes, earmark::base64::encode(full.as_os_str().as_bytes()));
    assert!(
        line["path"]
            .as_str()
            .unwrap()
            .ends_with("bad\u{fffd}\u{fffd}name.md")
    );
}

/// Every char cleaning drops, and the two it turns into a space.
const DROPPED: &[char] = &[
    '\u{61c}', '\u{200b}', '\u{200e}', '\u{200f}', '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}',
    '\u{202e}', '\u{2060}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{feff}',
];
const SPACED: &[char] = &['\u{2028}', '\u{2029}'];

fn holds_any(text: &str, chars: &[char]) -> bool {
    text.contains(|c| chars.contains(&c))
}

fn run(args: &[&std::ffi::OsStr]) -> std::process::Output {
    let mut command = assert_cmd::Command::cargo_bin("earmark").unwrap();
    command.timeout(std::time::Duration::from_secs(20));
    command.env(support::cli::CACHE_DIR_ENV, support::cli::test_cache_dir());
    command.args(args).output().unwrap()
}

/// A file and a file name holding each spoofing char: none reaches stdout
/// raw (dump, search as text and as JSON) or the screen, and the text
/// around it reads as if it were not there.
#[test]
fn spoofing_chars_in_a_file_and_its_name_never_reach_the_output() {
    for &c in DROPPED.iter().chain(SPACED) {
        let dir = tempfile::TempDir::new().unwrap();
        let name = format!("ep{c}name.md");
        let path = dir.path().join(&name);
        let text = format!("---\ntitle: T{c}itle\n---\nHo{c}st (00:00:01):\nA{c}B growth\n");
        std::fs::write(&path, &text).unwrap();
        let joined = if SPACED.contains(&c) { " " } else { "" };

        let dump = run(&["dump".as_ref(), "--json".as_ref(), path.as_os_str()]);
        let stdout = String::from_utf8(dump.stdout).unwrap();
        assert!(
            !holds_any(&stdout, DROPPED) && !holds_any(&stdout, SPACED),
            "{c:?}"
        );
        let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(
            json["segments"][0]["text"],
            format!("A{joined}B growth"),
            "{c:?}"
        );
        assert_eq!(json["speakers"][0], format!("Ho{joined}st"), "{c:?}");
        assert_eq!(json["title"], format!("T{joined}itle"), "{c:?}");
        assert!(
            json["path"]
                .as_str()
                .unwrap()
                .ends_with(&format!("ep{joined}name.md"))
        );

        let search = run(&["search".as_ref(), "growth".as_ref(), dir.path().as_os_str()]);
        let stdout = String::from_utf8(search.stdout).unwrap();
        assert!(
            !holds_any(&stdout, DROPPED) && !holds_any(&stdout, SPACED),
            "{c:?}"
        );
        assert!(
            stdout.contains(&format!("ep{joined}name.md\t")),
            "{c:?} {stdout:?}"
        );

        let search = run(&[
            "search".as_ref(),
            "--json".as_ref(),
            "growth".as_ref(),
            dir.path().as_os_str(),
        ]);
        let stdout = String::from_utf8(search.stdout).unwrap();
        assert!(
            !holds_any(&stdout, DROPPED) && !holds_any(&stdout, SPACED),
            "{c:?}"
        );
        let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(json["path"], path.to_str().unwrap(), "{c:?}");

        let app = Reader::new(
            Arc::new(earmark::formats::parse_file(&path).unwrap()),
            (100, 30),
            true,
        );
        let shown = screen(&app);
        assert!(
            !holds_any(&shown, DROPPED) && !holds_any(&shown, SPACED),
            "{c:?}"
        );
        assert!(shown.contains(&format!("A{joined}B growth")), "{c:?}");
    }
}

/// A transcript of wide, joined and combining text: CJK, an emoji ZWJ
/// family, a heart with VS16, a skin tone, a flag, a lone ZWJ, combining
/// marks; in the title and a speaker's name too.
fn wide_transcript() -> String {
    let joined = "family \u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467} heart \u{2764}\u{fe0f} thumbs \
        \u{1f44d}\u{1f3fd} flag \u{1f1eb}\u{1f1f7} lone \u{200d}zwj e\u{30a} o\u{323}\u{303} \
        a\u{332}b\u{332} more \u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}\u{1f468}\u{200d}\u{1f469} \
        and \u{1f44d}\u{1f3fd}\u{1f44d}\u{1f3fd} \u{2764}\u{fe0f}\u{2764}\u{fe0f} end";
    let cjk = "日本語のテキストはとても長いので、折り返しが必要です。漢字とかなが混ざった文章をここに書いて、表示幅が二つ分であることを確かめます。";
    format!(
        "---\ntitle: Wide \u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467} 日本\nguest: Zoë \u{2764}\u{fe0f}\n---\n\
         Host (00:00:01):\n{cjk}\nGuest \u{2764}\u{fe0f} (00:00:05):\n{joined}\nHost (00:00:09):\nok\n"
    )
}

/// Every cell holds what a terminal that adds up chars' widths (xterm,
/// tmux, VTE) draws in exactly the cells ratatui gave it, with no joiner
/// or variation selector to be placed elsewhere; the strip keeps its
/// column on every row.
#[test]
fn every_cell_is_as_wide_by_its_chars_as_it_is_placed() {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    let episode = parse_bytes(wide_transcript().as_bytes(), Source::Builtin("w.md")).unwrap();
    let app = |size| Reader::new(Arc::new(episode.clone()), size, true);
    for (cols, rows) in [(100, 20), (63, 20), (41, 12)] {
        let app = app((cols, rows));
        let buf = screen::draw(cols, rows, |f| view::draw(f, &app));
        let strip = ["│", "┃", "◆", "●"];
        let strip_column = (0..cols)
            .rev()
            .find(|&x| strip.contains(&buf[(x, rows - 2)].symbol()));
        for y in 0..rows {
            let mut x = 0;
            while x < cols {
                let symbol = buf[(x, y)].symbol();
                let by_chars: usize = symbol.chars().map(|c| c.width().unwrap_or(0)).sum();
                let placed = symbol.width().max(1);
                assert_eq!(
                    by_chars.max(1),
                    placed,
                    "{cols}x{rows} ({x}, {y}): {symbol:?}"
                );
                assert!(!symbol.contains(['\u{200c}', '\u{200d}', '\u{fe0e}', '\u{fe0f}']));
                x += placed as u16;
            }
            if let Some(column) = strip_column
                && y < rows - 1
            {
                assert!(
                    strip.contains(&buf[(column, y)].symbol()),
                    "{cols}x{rows} row {y}"
                );
            }
        }
    }
}

/// The same text in a real terminal model (vt100): every row keeps the
/// strip in its column.
#[test]
fn wide_joined_and_combining_text_keeps_the_strip_and_border_in_place() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("wide.md");
    let text = wide_transcript();
    std::fs::write(&path, text).unwrap();
    for (cols, rows) in [(100, 20), (63, 20)] {
        let mut pty = support::pty::Pty::earmark(&path.display().to_string(), cols, rows);
        pty.wait_for_text("ok");
        let screen = pty.parser_screen();
        let strip = ["│", "┃", "◆", "●"];
        let column_of = |row: u16, wanted: &[&str]| {
            (0..cols).find(|&c| {
                screen
                    .cell(row, c)
                    .is_some_and(|cell| wanted.contains(&cell.contents()))
            })
        };
        let strip_column = column_of(rows - 2, &strip).expect("a strip");
        for row in 0..rows - 1 {
            let at = screen.cell(row, strip_column).map(|c| c.contents());
            assert!(
                at.is_some_and(|s| strip.contains(&s)),
                "{cols}x{rows}: row {row} has {at:?} at the strip's column:\n{}",
                pty.contents()
            );
        }
        pty.send("q");
        pty.wait_for_text("EXIT=0");
    }
}
