//! Any sequence of user actions, at any terminal size, on the reader and on
//! the library: no panic, and every frame draws.

use std::sync::Arc;

use earmark::episode;
use earmark::formats;
use earmark::tui::library::Library;
use earmark::tui::search_worker::SearchRunner;
use earmark::tui::shell::{self, Shell};
use earmark::tui::{Action, Effect, view};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

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

/// Applies an action, doing what the event loop would for searches and
/// bookmark saves (so results and marks come back).
fn act(shell: &mut Shell, action: Action) {
    for effect in shell::update(shell, action) {
        let reply = match effect {
            Effect::Search(request) => SearchRunner::default().answer(request),
            Effect::Bookmark(_) => Action::BookmarksChanged {
                bookmarks: shell.all_bookmarks().clone(),
                applied: u64::MAX,
            },
            _ => continue,
        };
        shell::update(shell, reply);
    }
}

fn draw(shell: &Shell) {
    let (w, h) = shell.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| view::draw_shell(f, shell)).unwrap();
}

fn library_shell() -> Shell {
    let mut shell = Shell::new((80, 24), true);
    let paths = vec!["a.md".into(), "b.md".into()];
    shell.attach_library(Library::new("lib".into(), paths, Vec::new()));
    let sample = Arc::new(formats::sample());
    let untimed = formats::parse_bytes(
        b"Ann:\nHi there.\n\nBo:\nHello.\n",
        episode::Source::Builtin("u"),
    );
    act(
        &mut shell,
        Action::LibraryLoaded {
            entry: 0,
            result: Ok(sample),
        },
    );
    act(
        &mut shell,
        Action::LibraryLoaded {
            entry: 1,
            result: untimed.map(Arc::new).map_err(|e| e.to_string()),
        },
    );
    shell
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn any_actions_at_any_size_never_panic(actions in prop::collection::vec(action(), 1..60)) {
        let mut shell = library_shell();
        for action in actions {
            act(&mut shell, action);
            draw(&shell);
        }
    }
}
