//! Whole-screen snapshots of every screen state worth reviewing, so a
//! layout change shows as a diff: the reader (top, middle, sidebar hidden),
//! the help, the search bar, go-to, the bookmarks list, the library, its
//! search and skipped files, notices and errors, narrow and tiny sizes, and
//! NO_COLOR. Where colour matters the snapshot is the styled form (each
//! row's runs of colour and emphasis). Sizes, clock and paths are fixed.

mod support;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use earmark::formats;
use earmark::tui::keymap::{Mode, ReaderMode};
use earmark::tui::library::{Library, LibraryMode};
use earmark::tui::reader::{Reader, update};
use earmark::tui::search_worker::SearchRunner;
use earmark::tui::shell::{self, Shell};
use earmark::tui::{Action, Effect, view};
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use support::screen::{self, screen_text, styled_screen_text};

fn fixed_now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_795_687_200) // 2026-11-26T10:00:00Z
}

/// The sample episode in a reader of `width` × `height`, with no bookmarks
/// and a fixed clock.
fn reader(width: u16, height: u16, colors: bool) -> Reader {
    let mut app = Reader::new(Arc::new(formats::sample()), (width, height), colors);
    app.now = fixed_now;
    app.attach_bookmarks(Arc::default());
    app
}

/// Applies actions as the event loop would: searches answered at once,
/// bookmark changes echoed back as saved.
fn act(app: &mut Reader, actions: &[Action]) {
    let mut runner = SearchRunner::default();
    for action in actions {
        let mut pending = vec![action.clone()];
        while let Some(action) = pending.pop() {
            for effect in update(app, action) {
                if let Effect::Search(request) = &effect {
                    pending.push(runner.answer(request.clone()));
                }
                if let Effect::Bookmark(_) = effect {
                    let bookmarks = app.bookmarks.all.clone();
                    pending.push(Action::BookmarksChanged {
                        bookmarks,
                        applied: u64::MAX,
                    });
                }
            }
        }
    }
}

fn typed(text: &str) -> Vec<Action> {
    text.chars().map(Action::PromptInput).collect()
}

fn go_to(app: &mut Reader, time: &str) {
    act(app, &[Action::StartGoTo]);
    act(app, &typed(time));
    act(app, &[Action::PromptSubmit]);
}

fn draw(app: &Reader) -> Buffer {
    let area = app.screen();
    screen::draw(area.width, area.height, |frame| view::draw(frame, app))
}

fn text(app: &Reader) -> String {
    screen_text(&draw(app))
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
    assert_eq!(app.mode, ReaderMode::Reading);
    insta::assert_snapshot!("reader_at_30m_100x30", text(&app));
    act(&mut app, &[Action::ToggleSidebar]);
    let hidden = text(&app);
    assert!(!hidden.contains("Speakers"), "{hidden}");
    insta::assert_snapshot!("reader_at_30m_sidebar_hidden_100x30", hidden);
}

#[test]
fn the_help_over_the_reader() {
    let mut app = reader(100, 30, true);
    act(&mut app, &[Action::ToggleHelp]);
    let buf = draw(&app);
    assert!(screen_text(&buf).contains("Keys (Esc closes)"));
    insta::assert_snapshot!("help_100x30_styled", styled_screen_text(&buf));
}

#[test]
fn the_search_bar_with_hits_while_typing_and_kept() {
    let mut app = reader(100, 30, true);
    act(&mut app, &[Action::StartSearch]);
    act(&mut app, &typed("product"));
    assert_eq!(app.mode, ReaderMode::Search);
    let buf = draw(&app);
    insta::assert_snapshot!("search_typing_100x30_styled", styled_screen_text(&buf));
    act(&mut app, &[Action::PromptSubmit, Action::NextHit]);
    let kept = text(&app);
    assert!(kept.contains("/product  2/"), "{kept}");
    insta::assert_snapshot!("search_kept_second_hit_100x30", kept);
}

#[test]
fn errors_and_notices_on_the_status_line() {
    let mut app = reader(100, 30, true);
    act(&mut app, &[Action::StartSearch, Action::ToggleRegex]);
    act(&mut app, &typed("claude ("));
    let invalid = text(&app);
    assert!(
        invalid.contains("invalid regex: unclosed group"),
        "{invalid}"
    );
    insta::assert_snapshot!("search_invalid_regex_100x30", invalid);
    let mut app = reader(100, 30, true);
    act(&mut app, &[Action::StartGoTo]);
    act(&mut app, &typed("150%"));
    act(&mut app, &[Action::PromptSubmit]);
    let error = text(&app);
    assert!(
        error.contains("not a percentage from 0 to 100: 150%"),
        "{error}"
    );
    insta::assert_snapshot!("goto_error_100x30", error);
    let mut app = reader(100, 30, true);
    act(
        &mut app,
        &[Action::Notice(
            "bookmarks.yaml is read-only: bookmarks stay unsaved".into(),
        )],
    );
    let buf = draw(&app);
    insta::assert_snapshot!("notice_100x30_styled", styled_screen_text(&buf));
}

#[test]
fn the_go_to_prompt_while_typing() {
    let mut app = reader(100, 30, true);
    act(&mut app, &[Action::StartGoTo]);
    act(&mut app, &typed("1:02"));
    assert_eq!(app.mode, ReaderMode::GoTo);
    insta::assert_snapshot!("goto_typing_100x30", text(&app));
}

#[test]
fn the_bookmarks_list_empty_with_entries_and_editing_a_note() {
    let mut app = reader(100, 30, true);
    act(&mut app, &[Action::OpenBookmarks]);
    insta::assert_snapshot!("bookmarks_empty_100x30", text(&app));
    act(&mut app, &[Action::Close]);
    go_to(&mut app, "10:00");
    act(&mut app, &[Action::Bookmark]);
    go_to(&mut app, "45:00");
    act(&mut app, &[Action::BookmarkWithNote]);
    act(&mut app, &typed("the part on evals"));
    act(&mut app, &[Action::PromptSubmit, Action::OpenBookmarks]);
    let buf = draw(&app);
    assert!(screen_text(&buf).contains("the part on evals"));
    // Styled: the selected bookmark shows only in its style.
    insta::assert_snapshot!("bookmarks_two_100x30_styled", styled_screen_text(&buf));
    act(&mut app, &[Action::EditNote]);
    act(&mut app, &typed(" (again)"));
    assert_eq!(app.mode, ReaderMode::Note);
    insta::assert_snapshot!("bookmarks_editing_note_100x30", text(&app));
}

#[test]
fn narrow_and_tiny_screens() {
    let mut app = reader(40, 12, true);
    go_to(&mut app, "30:00");
    insta::assert_snapshot!("reader_40x12", text(&app));
    act(&mut app, &[Action::ToggleHelp]);
    insta::assert_snapshot!("help_40x12", text(&app));
    act(&mut app, &[Action::Close, Action::Resize(20, 5)]);
    insta::assert_snapshot!("reader_20x5", text(&app));
    act(&mut app, &[Action::ToggleHelp]);
    insta::assert_snapshot!("help_20x5", text(&app));
    act(&mut app, &[Action::Close, Action::Resize(40, 12)]);
    act(&mut app, &[Action::Bookmark, Action::OpenBookmarks]);
    insta::assert_snapshot!("bookmarks_40x12", text(&app));
}

#[test]
fn the_library_on_a_narrow_screen() {
    let (_dir, mut shell) = library_shell();
    shell_act(&mut shell, &[Action::Resize(40, 12)]);
    let text = screen_text(&screen::draw(40, 12, |f| view::draw_shell(f, &shell)));
    assert!(text.contains("3 episodes"), "{text}");
    // Every episode keeps some of its title; the guest column gives way.
    for title in ["OpenAI rese", "Dialect A f", "Inline time"] {
        assert!(text.contains(title), "{title} is not shown:\n{text}");
    }
    insta::assert_snapshot!("library_40x12", text);
}

/// A library of three episodes and a file that is none, under fixed
/// names (the files themselves are read from the fixtures).
fn library_shell() -> (tempfile::TempDir, Shell) {
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
    let mut shell = Shell::new((100, 30), true);
    shell.attach_library(Library::new("podcasts".into(), names, Vec::new()));
    for (entry, path) in sources.iter().enumerate() {
        let result = formats::parse_file(path)
            .map(Arc::new)
            .map_err(|e| e.reason.to_string());
        shell_act(&mut shell, &[Action::LibraryLoaded { entry, result }]);
    }
    (dir, shell)
}

/// Applies actions to the shell, library searches answered at once.
fn shell_act(shell: &mut Shell, actions: &[Action]) {
    let mut runner = SearchRunner::default();
    for action in actions {
        let mut pending = vec![action.clone()];
        while let Some(action) = pending.pop() {
            for effect in shell::update(shell, action) {
                if let Effect::Search(request) = effect {
                    pending.push(runner.answer(request));
                }
            }
        }
    }
}

fn shell_buffer(shell: &Shell) -> Buffer {
    screen::draw(100, 30, |frame| view::draw_shell(frame, shell))
}

#[test]
fn the_library_list_filtered_searched_and_skipped() {
    let (_dir, mut shell) = library_shell();
    let buf = shell_buffer(&shell);
    assert!(screen_text(&buf).contains("3 episodes · 1 skipped"));
    insta::assert_snapshot!("library_100x30_styled", styled_screen_text(&buf));
    shell_act(&mut shell, &typed("kar"));
    insta::assert_snapshot!(
        "library_filtered_100x30",
        screen_text(&shell_buffer(&shell))
    );
    shell_act(&mut shell, &[Action::Close, Action::StartSearch]);
    shell_act(&mut shell, &typed("product"));
    assert_eq!(shell.mode(), Mode::Library(LibraryMode::Search));
    insta::assert_snapshot!("library_search_100x30", screen_text(&shell_buffer(&shell)));
    shell_act(&mut shell, &[Action::Close, Action::ToggleSkipped]);
    assert_eq!(shell.mode(), Mode::Library(LibraryMode::Skipped));
    insta::assert_snapshot!("library_skipped_100x30", screen_text(&shell_buffer(&shell)));
}
