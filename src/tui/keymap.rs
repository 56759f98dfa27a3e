//! Keys and mouse → [`Action`], as tables (docs/usage.md's key list).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseEvent, MouseEventKind};

use super::action::Action;

/// What the keyboard is driving right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Reading,
    Help,
    /// Typing in the search bar.
    Search,
    /// Typing in the go-to-time prompt.
    GoTo,
    /// The bookmarks list.
    Bookmarks,
    /// Typing a bookmark's note.
    Note,
    /// The library's list (typing filters it).
    Library,
    /// The library's search across episodes.
    LibrarySearch,
    /// The library's list of skipped files.
    LibrarySkipped,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;

/// Keys that mean the same in every mode.
const GLOBAL_KEYS: &[(KeyCode, KeyModifiers, Action)] = &[
    (KeyCode::Char('c'), CTRL, Action::Quit),
    (KeyCode::Char('z'), CTRL, Action::Suspend),
];

/// The reader's keys.
const READING_KEYS: &[(KeyCode, KeyModifiers, Action)] = &[
    (KeyCode::Char('q'), NONE, Action::Quit),
    (KeyCode::Char('j'), NONE, Action::ScrollRows(1)),
    (KeyCode::Down, NONE, Action::ScrollRows(1)),
    (KeyCode::Char('k'), NONE, Action::ScrollRows(-1)),
    (KeyCode::Up, NONE, Action::ScrollRows(-1)),
    (KeyCode::Char('d'), CTRL, Action::ScrollHalfPages(1)),
    (KeyCode::Char('u'), CTRL, Action::ScrollHalfPages(-1)),
    (KeyCode::Char(' '), NONE, Action::ScrollPages(1)),
    (KeyCode::PageDown, NONE, Action::ScrollPages(1)),
    (KeyCode::Char('b'), NONE, Action::ScrollPages(-1)),
    (KeyCode::PageUp, NONE, Action::ScrollPages(-1)),
    (KeyCode::Char('g'), NONE, Action::Top),
    (KeyCode::Home, NONE, Action::Top),
    (KeyCode::Char('G'), NONE, Action::Bottom),
    (KeyCode::End, NONE, Action::Bottom),
    (KeyCode::Char(']'), NONE, Action::NextSegment),
    (KeyCode::Char('['), NONE, Action::PreviousSegment),
    (KeyCode::Char('}'), NONE, Action::NextSpeaker),
    (KeyCode::Char('{'), NONE, Action::PreviousSpeaker),
    (KeyCode::Tab, NONE, Action::ToggleSidebar),
    (KeyCode::Char('?'), NONE, Action::ToggleHelp),
    (KeyCode::Esc, NONE, Action::Close),
    (KeyCode::Char('/'), NONE, Action::StartSearch),
    (KeyCode::Char('n'), NONE, Action::NextHit),
    (KeyCode::Char('N'), NONE, Action::PreviousHit),
    (KeyCode::Char('t'), NONE, Action::StartGoTo),
    (KeyCode::Char('o'), CTRL, Action::JumpBack),
    (KeyCode::Char('m'), NONE, Action::Bookmark),
    (KeyCode::Char('M'), NONE, Action::BookmarkWithNote),
    (KeyCode::Char('\''), NONE, Action::OpenBookmarks),
    (KeyCode::Char('y'), NONE, Action::CopyQuote),
    (KeyCode::Char('Y'), NONE, Action::CopyLink),
];

/// Keys in the bookmarks list.
const BOOKMARK_KEYS: &[(KeyCode, KeyModifiers, Action)] = &[
    (KeyCode::Char('j'), NONE, Action::ScrollRows(1)),
    (KeyCode::Down, NONE, Action::ScrollRows(1)),
    (KeyCode::Char('k'), NONE, Action::ScrollRows(-1)),
    (KeyCode::Up, NONE, Action::ScrollRows(-1)),
    (KeyCode::Enter, NONE, Action::PromptSubmit),
    (KeyCode::Char('d'), NONE, Action::DeleteBookmark),
    (KeyCode::Char('u'), NONE, Action::UndoDelete),
    (KeyCode::Char('e'), NONE, Action::EditNote),
    (KeyCode::Char('a'), NONE, Action::ToggleScope),
    (KeyCode::Esc, NONE, Action::Close),
    (KeyCode::Char('\''), NONE, Action::Close),
    (KeyCode::Char('q'), NONE, Action::Close),
];

/// Keys in the library's list; other characters go to the filter.
const LIBRARY_KEYS: &[(KeyCode, KeyModifiers, Action)] = &[
    (KeyCode::Down, NONE, Action::ScrollRows(1)),
    (KeyCode::Up, NONE, Action::ScrollRows(-1)),
    (KeyCode::Char('n'), CTRL, Action::ScrollRows(1)),
    (KeyCode::Char('p'), CTRL, Action::ScrollRows(-1)),
    (KeyCode::PageDown, NONE, Action::ScrollPages(1)),
    (KeyCode::PageUp, NONE, Action::ScrollPages(-1)),
    (KeyCode::Home, NONE, Action::Top),
    (KeyCode::End, NONE, Action::Bottom),
    (KeyCode::Enter, NONE, Action::PromptSubmit),
    (KeyCode::Backspace, NONE, Action::PromptBackspace),
    (KeyCode::Char('/'), NONE, Action::StartSearch),
    (KeyCode::Tab, NONE, Action::ToggleSkipped),
    (KeyCode::Esc, NONE, Action::Close),
];

/// Keys in the library's search; other characters are typed into it.
const LIBRARY_SEARCH_KEYS: &[(KeyCode, KeyModifiers, Action)] = &[
    (KeyCode::Down, NONE, Action::ScrollRows(1)),
    (KeyCode::Up, NONE, Action::ScrollRows(-1)),
    (KeyCode::PageDown, NONE, Action::ScrollPages(1)),
    (KeyCode::PageUp, NONE, Action::ScrollPages(-1)),
    (KeyCode::Enter, NONE, Action::PromptSubmit),
    (KeyCode::Backspace, NONE, Action::PromptBackspace),
    (KeyCode::Char('r'), CTRL, Action::ToggleRegex),
    (KeyCode::Esc, NONE, Action::Close),
];

/// Keys in the library's skipped-files list.
const LIBRARY_SKIPPED_KEYS: &[(KeyCode, KeyModifiers, Action)] = &[
    (KeyCode::Down, NONE, Action::ScrollRows(1)),
    (KeyCode::Up, NONE, Action::ScrollRows(-1)),
    (KeyCode::Char('j'), NONE, Action::ScrollRows(1)),
    (KeyCode::Char('k'), NONE, Action::ScrollRows(-1)),
    (KeyCode::Tab, NONE, Action::Close),
    (KeyCode::Esc, NONE, Action::Close),
    (KeyCode::Char('q'), NONE, Action::Close),
];

/// Keys in the search bar; other characters are typed into it.
const SEARCH_KEYS: &[(KeyCode, KeyModifiers, Action)] = &[
    (KeyCode::Enter, NONE, Action::PromptSubmit),
    (KeyCode::Esc, NONE, Action::Close),
    (KeyCode::Backspace, NONE, Action::PromptBackspace),
    (KeyCode::Up, NONE, Action::HistoryPrevious),
    (KeyCode::Down, NONE, Action::HistoryNext),
    (KeyCode::Char('r'), CTRL, Action::ToggleRegex),
];

/// Keys in the go-to-time prompt; other characters are typed into it.
const GOTO_KEYS: &[(KeyCode, KeyModifiers, Action)] = &[
    (KeyCode::Enter, NONE, Action::PromptSubmit),
    (KeyCode::Esc, NONE, Action::Close),
    (KeyCode::Backspace, NONE, Action::PromptBackspace),
];

/// Keys while the help is open: scrolling keys scroll it, the others close it.
const HELP_KEYS: &[(KeyCode, KeyModifiers, Action)] = &[
    (KeyCode::Esc, NONE, Action::Close),
    (KeyCode::Char('?'), NONE, Action::Close),
    (KeyCode::Char('q'), NONE, Action::Close),
    (KeyCode::Char('j'), NONE, Action::ScrollRows(1)),
    (KeyCode::Down, NONE, Action::ScrollRows(1)),
    (KeyCode::Char('k'), NONE, Action::ScrollRows(-1)),
    (KeyCode::Up, NONE, Action::ScrollRows(-1)),
    (KeyCode::Char(' '), NONE, Action::ScrollPages(1)),
    (KeyCode::PageDown, NONE, Action::ScrollPages(1)),
    (KeyCode::Char('b'), NONE, Action::ScrollPages(-1)),
    (KeyCode::PageUp, NONE, Action::ScrollPages(-1)),
    (KeyCode::Char('g'), NONE, Action::Top),
    (KeyCode::Home, NONE, Action::Top),
    (KeyCode::Char('G'), NONE, Action::Bottom),
    (KeyCode::End, NONE, Action::Bottom),
];

/// The action a key asks for in a mode, if any.
pub fn action_for_key(mode: Mode, key: KeyEvent) -> Option<Action> {
    // Shifted characters arrive with SHIFT set (`G`, `{`, `?`); the character
    // already says it, so only Ctrl and Alt distinguish bindings.
    let modifiers = key.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
    let table = match mode {
        Mode::Reading => READING_KEYS,
        Mode::Help => HELP_KEYS,
        Mode::Search => SEARCH_KEYS,
        Mode::GoTo | Mode::Note => GOTO_KEYS,
        Mode::Bookmarks => BOOKMARK_KEYS,
        Mode::Library => LIBRARY_KEYS,
        Mode::LibrarySearch => LIBRARY_SEARCH_KEYS,
        Mode::LibrarySkipped => LIBRARY_SKIPPED_KEYS,
    };
    let bound = GLOBAL_KEYS
        .iter()
        .chain(table)
        .find(|(code, mods, _)| *code == key.code && *mods == modifiers)
        .map(|(_, _, action)| action.clone());
    let typing = matches!(
        mode,
        Mode::Search | Mode::GoTo | Mode::Note | Mode::Library | Mode::LibrarySearch
    );
    match key.code {
        KeyCode::Char(c) if bound.is_none() && typing && modifiers.is_empty() => {
            Some(Action::PromptInput(c))
        }
        _ => bound,
    }
}

/// The most characters one paste puts in a prompt: a query, a time or a
/// note, not a document.
pub const PASTE_LIMIT: usize = 1000;

/// The action a paste asks for in a mode: text for an open prompt; nothing
/// elsewhere, so pasted text never runs as keys.
pub fn action_for_paste(mode: Mode, text: &str) -> Option<Action> {
    let prompt = matches!(
        mode,
        Mode::Search | Mode::GoTo | Mode::Note | Mode::Library | Mode::LibrarySearch
    );
    prompt.then(|| Action::Paste(paste_text(text)))
}

/// Pasted text as a prompt takes it: one line, each line break (`\r\n`,
/// `\n` or `\r`) a space, tabs spaces, escape sequences and other control
/// characters dropped, at most [`PASTE_LIMIT`] characters.
pub fn paste_text(text: &str) -> String {
    let lines = text.replace("\r\n", "\n").replace('\r', "\n");
    crate::episode::text::strip_control(&lines)
        .chars()
        .map(|c| if c == '\n' { ' ' } else { c })
        .take(PASTE_LIMIT)
        .collect()
}

/// Rows the mouse wheel scrolls per notch.
const WHEEL_ROWS: isize = 3;

/// The action a mouse event asks for, if any.
pub fn action_for_mouse(mouse: MouseEvent) -> Option<Action> {
    match mouse.kind {
        MouseEventKind::ScrollDown => Some(Action::ScrollRows(WHEEL_ROWS)),
        MouseEventKind::ScrollUp => Some(Action::ScrollRows(-WHEEL_ROWS)),
        MouseEventKind::Down(crossterm::event::MouseButton::Left) => {
            Some(Action::Click(mouse.column, mouse.row))
        }
        _ => None,
    }
}

/// The help screen's rows: keys and what they do.
pub const HELP: &[(&str, &str)] = &[
    ("q  Ctrl-c", "quit"),
    ("j k  ↓ ↑", "scroll a line"),
    ("Ctrl-d Ctrl-u", "half a page down / up"),
    ("Space PgDn", "a page down"),
    ("b PgUp", "a page up"),
    ("g Home", "top"),
    ("G End", "bottom"),
    ("] [", "next / previous segment"),
    ("} {", "next / previous change of speaker"),
    ("/", "search as you type (Enter keeps, Esc goes back)"),
    ("  Ctrl-r", "in the bar: regex on / off"),
    ("  ↑ ↓", "in the bar: earlier queries"),
    ("  Enter", "on an empty bar: the last search again"),
    ("  @name word", "search only what name says"),
    ("n N", "next / previous match"),
    ("t", "go to a time: 1:02:03 62m 3723 1h2m3s 45%"),
    ("Ctrl-o", "back to before the last jump"),
    ("m  M", "bookmark this segment / with a note"),
    ("'", "bookmarks: Enter jumps, d deletes, u undoes,"),
    ("", "e edits the note, a: every episode's"),
    ("y  Y", "copy the quote / a link to this moment"),
    ("Tab", "show / hide the sidebar"),
    ("mouse", "wheel scrolls; a click picks a segment"),
    ("Ctrl-z", "suspend (fg resumes)"),
    ("?", "this help"),
    ("Esc", "close what is open; back to the library"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyEventKind, KeyEventState, MouseButton};

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent {
            code,
            modifiers,
            kind: KeyEventKind::Press,
            state: KeyEventState::NONE,
        }
    }

    fn mouse(kind: MouseEventKind) -> MouseEvent {
        MouseEvent {
            kind,
            column: 7,
            row: 3,
            modifiers: KeyModifiers::NONE,
        }
    }

    #[test]
    fn shifted_characters_match_whatever_the_terminal_says_of_shift() {
        for modifiers in [KeyModifiers::NONE, KeyModifiers::SHIFT] {
            let bottom = action_for_key(Mode::Reading, key(KeyCode::Char('G'), modifiers));
            assert_eq!(bottom, Some(Action::Bottom));
        }
        let quit = action_for_key(Mode::Search, key(KeyCode::Char('c'), CTRL));
        assert_eq!(quit, Some(Action::Quit));
    }

    #[test]
    fn typing_modes_take_characters_as_input() {
        for mode in [Mode::Search, Mode::GoTo, Mode::Note, Mode::Library] {
            let q = action_for_key(mode, key(KeyCode::Char('q'), NONE));
            assert_eq!(q, Some(Action::PromptInput('q')), "{mode:?}");
        }
        let slash = action_for_key(Mode::Library, key(KeyCode::Char('/'), NONE));
        assert_eq!(slash, Some(Action::StartSearch));
        let n = action_for_key(Mode::Reading, key(KeyCode::Char('n'), NONE));
        assert_eq!(n, Some(Action::NextHit));
    }

    #[test]
    fn a_paste_is_text_for_a_prompt_and_nothing_while_reading() {
        for mode in [
            Mode::Search,
            Mode::GoTo,
            Mode::Note,
            Mode::Library,
            Mode::LibrarySearch,
        ] {
            let paste = action_for_paste(mode, "q\nG");
            assert_eq!(paste, Some(Action::Paste("q G".into())), "{mode:?}");
        }
        for mode in [
            Mode::Reading,
            Mode::Help,
            Mode::Bookmarks,
            Mode::LibrarySkipped,
        ] {
            assert_eq!(action_for_paste(mode, "q"), None, "{mode:?}");
        }
    }

    #[test]
    fn pasted_text_is_one_line_without_control_and_bounded() {
        assert_eq!(paste_text("a\r\nb\rc\nd\te"), "a b c d e");
        assert_eq!(paste_text("x\u{1b}[31my\u{7}z\u{9b}"), "xyz");
        let long = "ab".repeat(PASTE_LIMIT);
        assert_eq!(paste_text(&long).chars().count(), PASTE_LIMIT);
        assert_eq!(paste_text("café\n☕"), "café ☕");
    }

    #[test]
    fn the_wheel_scrolls_and_a_click_picks() {
        assert_eq!(
            action_for_mouse(mouse(MouseEventKind::ScrollDown)),
            Some(Action::ScrollRows(WHEEL_ROWS))
        );
        assert_eq!(
            action_for_mouse(mouse(MouseEventKind::ScrollUp)),
            Some(Action::ScrollRows(-WHEEL_ROWS))
        );
        assert_eq!(
            action_for_mouse(mouse(MouseEventKind::Down(MouseButton::Left))),
            Some(Action::Click(7, 3))
        );
        assert_eq!(action_for_mouse(mouse(MouseEventKind::Moved)), None);
    }
}
