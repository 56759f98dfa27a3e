//! Any sequence of user actions, at any terminal size, on the reader and on
//! the library: no panic, and every frame draws.

use crate::support;

use std::sync::Arc;

use earmark::episode;
use earmark::formats;
use earmark::tui::library::Library;
use earmark::tui::shell::Shell;
use earmark::tui::{Action, view};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::harness::Harness;

fn action() -> impl Strategy<Value = Action> {
    let simple = prop::sample::select(vec![
        Action::ScrollRows(1),
        Action::ScrollRows(-3),
        Action::ScrollHalfPages(1),
        Action::ScrollPages(-1),
        Action::ScrollPages(2),
        Action::Top,
        Action::Bottom,
        Action::NextSegment,
        Action::PreviousSegment,
        Action::NextSpeaker,
        Action::PreviousSpeaker,
        Action::ToggleSidebar,
        Action::ToggleHelp,
        Action::Close,
        Action::StartSearch,
        Action::StartShowOnly,
        Action::NextHit,
        Action::PreviousHit,
        Action::StartGoTo,
        Action::JumpBack,
        Action::PromptBackspace,
        Action::PromptSubmit,
        Action::HistoryPrevious,
        Action::HistoryNext,
        Action::ToggleRegex,
        Action::Bookmark,
        Action::BookmarkWithNote,
        Action::OpenBookmarks,
        Action::DeleteBookmark,
        Action::UndoDelete,
        Action::EditNote,
        Action::ToggleScope,
        Action::CopyQuote,
        Action::CopyLink,
        Action::ToggleSkipped,
    ]);
    prop_oneof![
        6 => simple,
        3 => prop::sample::select(vec!['a', 'e', '(', '1', ':', '%', 'm', ' ', '@', '日', '*'])
            .prop_map(Action::PromptInput),
        1 => (0u16..130, 0u16..45).prop_map(|(w, h)| Action::Resize(w, h)),
        1 => (0u16..130, 0u16..45).prop_map(|(x, y)| Action::Click(x, y)),
    ]
}

fn draw(shell: &Shell) {
    let (w, h) = shell.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| view::draw_shell(f, shell)).unwrap();
}

/// A library of two episodes, driven by the event loop's effect runner
/// (searches answered, bookmarks saved, copies and suspends kept in memory).
fn library_shell() -> Harness {
    let mut shell = Harness::new((80, 24), true);
    let paths = vec!["a.md".into(), "b.md".into()];
    shell
        .shell
        .attach_library(Library::new("lib".into(), paths, Vec::new()));
    let sample = Arc::new(formats::sample());
    let untimed = formats::parse_bytes(
        b"Ann:\nHi there.\n\nBo:\nHello.\n",
        episode::Source::Builtin("u"),
    );
    shell.act(Action::LibraryLoaded {
        entry: 0,
        result: Ok(sample),
    });
    shell.act(Action::LibraryLoaded {
        entry: 1,
        result: untimed.map(Arc::new).map_err(|e| e.to_string()),
    });
    shell
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn any_actions_at_any_size_never_panic(actions in prop::collection::vec(action(), 1..60)) {
        let mut shell = library_shell();
        for action in actions {
            shell.act(action);
            draw(&shell.shell);
        }
    }
}
