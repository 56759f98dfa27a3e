//! Whole-screen snapshots of every screen state worth reviewing, so a
//! layout change shows as a diff: the reader (top, middle, sidebar hidden),
//! the help, the search bar, go-to, the bookmarks list, the library, its
//! search and skipped files, notices and errors, narrow and tiny sizes, and
//! NO_COLOR. Where colour matters the snapshot is the styled form (each
//! row's runs of colour and emphasis). Sizes, clock and paths are fixed.

use crate::support;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use earmark::formats;
use earmark::tui::Action;
use earmark::tui::keymap::{Mode, ReaderMode};
use earmark::tui::library::{Library, LibraryMode};
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use support::harness::Harness;
use support::screen::{screen_text, styled_screen_text};

fn fixed_now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_795_687_200) // 2026-11-26T10:00:00Z
}

/// The sample episode in a reader of `width` × `height`, with no bookmarks
/// and a fixed clock, driven by the event loop's effect runner.
fn reader(width: u16, height: u16, colors: bool) -> Harness {
    let mut harness = Harness::new((width, height), colors);
    harness.open(formats::sample()).now = fixed_now;
    harness
}

fn typed(text: &str) -> Vec<Action> {
    text.chars().map(Action::PromptInput).collect()
}

fn go_to(app: &mut Harness, time: &str) {
    app.send(&[Action::StartGoTo]);
    app.send(&typed(time));
    app.send(&[Action::PromptSubmit]);
}

fn draw(app: &Harness) -> Buffer {
    app.buffer()
}

fn text(app: &Harness) -> String {
    app.screen()
}

#[test]
fn the_reader_at_the_top_in_colour() {
    let app = reader(100, 30, true);
    let buf = draw(&app);
    assert!(screen_text(&buf).contains("Lenny Rachitsky"));
    insta::assert_snapshot!("reader_top_100x30", screen_text(&buf));
    insta::assert_snapshot!("reader_top_100x30_styled", styled_screen_text(&buf));
}

#[test]
fn the_reader_without_colour() {
    let app = reader(100, 30, false);
    let buf = draw(&app);
    // No colour anywhere; emphasis (bold names, the reversed status line)
    // does the work instead.
    let cells = buf.content();
    assert!(
        cells
            .iter()
            .all(|c| (c.fg, c.bg) == (Color::Reset, Color::Reset))
    );
    assert!(
        cells
            .iter()
            .any(|c| c.modifier.contains(Modifier::REVERSED))
    );
    insta::assert_snapshot!(
        "reader_top_100x30_no_color_styled",
        styled_screen_text(&buf)
    );
}

#[test]
fn the_reader_in_the_middle_and_with_the_sidebar_hidden() {
    let mut app = reader(100, 30, true);
    go_to(&mut app, "30:00");
    assert_eq!(app.current_reader().mode, ReaderMode::Reading);
    insta::assert_snapshot!("reader_at_30m_100x30", text(&app));
    app.send(&[Action::ToggleSidebar]);
    let hidden = text(&app);
    assert!(!hidden.contains("Speakers"), "{hidden}");
    insta::assert_snapshot!("reader_at_30m_sidebar_hidden_100x30", hidden);
}

#[test]
fn the_help_over_the_reader() {
    let mut app = reader(100, 30, true);
    app.send(&[Action::ToggleHelp]);
    let buf = draw(&app);
    assert!(screen_text(&buf).contains("Keys (Esc closes)"));
    insta::assert_snapshot!("help_100x30_styled", styled_screen_text(&buf));
}

#[test]
fn the_search_bar_with_hits_while_typing_and_kept() {
    let mut app = reader(100, 30, true);
    app.send(&[Action::StartSearch]);
    app.send(&typed("product"));
    assert_eq!(app.current_reader().mode, ReaderMode::Search);
    let buf = draw(&app);
    insta::assert_snapshot!("search_typing_100x30_styled", styled_screen_text(&buf));
    app.send(&[Action::PromptSubmit, Action::NextHit]);
    let kept = text(&app);
    assert!(kept.contains("/product  2/"), "{kept}");
    insta::assert_snapshot!("search_kept_second_hit_100x30", kept);
}

#[test]
fn errors_and_notices_on_the_status_line() {
    let mut app = reader(100, 30, true);
    app.send(&[Action::StartSearch, Action::ToggleRegex]);
    app.send(&typed("claude ("));
    let invalid = text(&app);
    assert!(
        invalid.contains("invalid regex: unclosed group"),
        "{invalid}"
    );
    insta::assert_snapshot!("search_invalid_regex_100x30", invalid);
    let mut app = reader(100, 30, true);
    app.send(&[Action::StartGoTo]);
    app.send(&typed("150%"));
    app.send(&[Action::PromptSubmit]);
    let error = text(&app);
    assert!(
        error.contains("not a percentage from 0 to 100: 150%"),
        "{error}"
    );
    insta::assert_snapshot!("goto_error_100x30", error);
    let mut app = reader(100, 30, true);
    app.send(&[Action::Notice(
        "bookmarks.yaml is read-only: bookmarks stay unsaved".into(),
    )]);
    let buf = draw(&app);
    insta::assert_snapshot!("notice_100x30_styled", styled_screen_text(&buf));
}

#[test]
fn the_go_to_prompt_while_typing() {
    let mut app = reader(100, 30, true);
    app.send(&[Action::StartGoTo]);
    app.send(&typed("1:02"));
    assert_eq!(app.current_reader().mode, ReaderMode::GoTo);
    insta::assert_snapshot!("goto_typing_100x30", text(&app));
}

#[test]
fn the_bookmarks_list_empty_with_entries_and_editing_a_note() {
    let mut app = reader(100, 30, true);
    app.send(&[Action::OpenBookmarks]);
    insta::assert_snapshot!("bookmarks_empty_100x30", text(&app));
    app.send(&[Action::Close]);
    go_to(&mut app, "10:00");
    app.send(&[Action::Bookmark]);
    go_to(&mut app, "45:00");
    app.send(&[Action::BookmarkWithNote]);
    app.send(&typed("the part on evals"));
    app.send(&[Action::PromptSubmit, Action::OpenBookmarks]);
    let buf = draw(&app);
    assert!(screen_text(&buf).contains("the part on evals"));
    // Styled: the selected bookmark shows only in its style.
    insta::assert_snapshot!("bookmarks_two_100x30_styled", styled_screen_text(&buf));
    app.send(&[Action::EditNote]);
    app.send(&typed(" (again)"));
    assert_eq!(app.current_reader().mode, ReaderMode::Note);
    insta::assert_snapshot!("bookmarks_editing_note_100x30", text(&app));
}

#[test]
fn narrow_and_tiny_screens() {
    let mut app = reader(40, 12, true);
    go_to(&mut app, "30:00");
    insta::assert_snapshot!("reader_40x12", text(&app));
    app.send(&[Action::ToggleHelp]);
    insta::assert_snapshot!("help_40x12", text(&app));
    app.send(&[Action::Close, Action::Resize(20, 5)]);
    insta::assert_snapshot!("reader_20x5", text(&app));
    app.send(&[Action::ToggleHelp]);
    insta::assert_snapshot!("help_20x5", text(&app));
    app.send(&[Action::Close, Action::Resize(40, 12)]);
    app.send(&[Action::Bookmark, Action::OpenBookmarks]);
    insta::assert_snapshot!("bookmarks_40x12", text(&app));
}

#[test]
fn the_library_on_a_narrow_screen() {
    let (_dir, mut shell) = library_shell();
    shell.send(&[Action::Resize(40, 12)]);
    let text = shell.screen();
    assert!(text.contains("3 episodes"), "{text}");
    // Every episode keeps some of its title; the guest column gives way.
    for title in ["OpenAI rese", "Dialect A f", "Inline time"] {
        assert!(text.contains(title), "{title} is not shown:\n{text}");
    }
    insta::assert_snapshot!("library_40x12", text);
}

/// A library of three episodes and a file that is none, under fixed
/// names (the files themselves are read from the fixtures).
fn library_shell() -> (tempfile::TempDir, Harness) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes.md");
    std::fs::write(&notes, "# Just notes\n\nNothing said by anyone.\n").unwrap();
    let sources = [
        root.join("assets/karina-nguyen.md"),
        root.join("tests/fixtures/dialect_a.md"),
        root.join("tests/fixtures/dialect_b.md"),
        notes,
    ];
    let names: Vec<PathBuf> = ["karina.md", "ada.md", "inline.md", "notes.md"]
        .iter()
        .map(|name| Path::new("podcasts").join(name))
        .collect();
    let mut shell = Harness::new((100, 30), true);
    shell
        .shell
        .attach_library(Library::new("podcasts".into(), names, Vec::new()));
    for (entry, path) in sources.iter().enumerate() {
        let result = formats::parse_file(path)
            .map(Arc::new)
            .map_err(|e| e.reason.to_string());
        shell.send(&[Action::LibraryLoaded { entry, result }]);
    }
    (dir, shell)
}

fn shell_buffer(shell: &Harness) -> Buffer {
    shell.buffer()
}

#[test]
fn the_library_list_filtered_searched_and_skipped() {
    let (_dir, mut shell) = library_shell();
    let buf = shell_buffer(&shell);
    assert!(screen_text(&buf).contains("3 episodes · 1 skipped"));
    insta::assert_snapshot!("library_100x30_styled", styled_screen_text(&buf));
    shell.send(&typed("kar"));
    insta::assert_snapshot!(
        "library_filtered_100x30",
        screen_text(&shell_buffer(&shell))
    );
    shell.send(&[Action::Close, Action::StartSearch]);
    shell.send(&typed("product"));
    assert_eq!(shell.mode(), Mode::Library(LibraryMode::Search));
    insta::assert_snapshot!("library_search_100x30", screen_text(&shell_buffer(&shell)));
    shell.send(&[Action::Close, Action::ToggleSkipped]);
    assert_eq!(shell.mode(), Mode::Library(LibraryMode::Skipped));
    insta::assert_snapshot!("library_skipped_100x30", screen_text(&shell_buffer(&shell)));
}
