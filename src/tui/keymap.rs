//! Keys and mouse → [`Action`], as tables: one [`Binding`] per action in
//! each mode, with what it does in words. The help overlay and the key
//! tables in README.md and docs/usage.md are written from these tables
//! ([`super::key_docs`]), so they cannot drift from what the keys do.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseEvent, MouseEventKind};

use super::action::{Action, Edit};
use super::library::LibraryMode;

/// What the keyboard is driving right now: the reader or the library, each
/// in one of its own modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Reader(ReaderMode),
    Library(LibraryMode),
}

/// What the reader's keys are driving.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReaderMode {
    Reading,
    Help,
    /// Typing in the search bar.
    Search,
    /// Typing in the go-to-time prompt.
    GoTo,
    /// Typing in the `&` prompt (show only the matching segments).
    Filter,
    /// The bookmarks list.
    Bookmarks,
    /// Typing a bookmark's note.
    Note,
}

impl From<ReaderMode> for Mode {
    fn from(mode: ReaderMode) -> Self {
        Mode::Reader(mode)
    }
}

impl From<LibraryMode> for Mode {
    fn from(mode: LibraryMode) -> Self {
        Mode::Library(mode)
    }
}

/// A key as the tables name it: the key and the modifiers held with it
/// (only Ctrl and Alt count; see [`action_for_key`]).
pub type Key = (KeyCode, KeyModifiers);

/// The keys that ask for one action in a mode, and what it does.
#[derive(Debug)]
pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    /// What the action does, for the help and the docs. Empty: the binding
    /// shares the row above (`k` beside `j`, "a line down / up").
    pub does: &'static str,
}

/// One mode's bindings under a title, plus rows that are no key (the
/// mouse, the query syntax) for the help and the docs.
#[derive(Debug)]
pub struct Section {
    pub title: &'static str,
    pub bindings: &'static [Binding],
    /// (what, what it does) rows shown after the bindings.
    pub notes: &'static [(&'static str, &'static str)],
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;

const fn ch(c: char) -> Key {
    (KeyCode::Char(c), NONE)
}

const fn ctrl(c: char) -> Key {
    (KeyCode::Char(c), CTRL)
}

const fn key(code: KeyCode) -> Key {
    (code, NONE)
}

const fn alt(c: char) -> Key {
    (KeyCode::Char(c), KeyModifiers::ALT)
}

const fn ctrl_key(code: KeyCode) -> Key {
    (code, CTRL)
}

const fn bind(keys: &'static [Key], action: Action, does: &'static str) -> Binding {
    Binding { keys, action, does }
}

use KeyCode::{
    Backspace, Delete, Down, End, Enter, Esc, Home, Left, PageDown, PageUp, Right, Tab, Up,
};

/// Keys that mean the same in every mode.
pub const ANYWHERE: Section = Section {
    title: "Anywhere",
    bindings: &[
        bind(&[ctrl('c')], Action::Quit, "quit"),
        bind(&[ctrl('z')], Action::Suspend, "suspend (fg resumes)"),
    ],
    notes: &[],
};

/// The reader's keys.
pub const READING: Section = Section {
    title: "Reading",
    bindings: &[
        bind(&[ch('q')], Action::Quit, "quit"),
        bind(
            &[ch('j'), key(Down)],
            Action::ScrollRows(1),
            "a line down / up",
        ),
        bind(&[ch('k'), key(Up)], Action::ScrollRows(-1), ""),
        // less's own keys for the same moves (its `y` copies here).
        bind(
            &[ch('e'), ctrl('e'), key(Enter)],
            Action::ScrollRows(1),
            "a line down / up, as in less",
        ),
        bind(&[ctrl('y')], Action::ScrollRows(-1), ""),
        bind(
            &[ctrl('d'), ch('d')],
            Action::ScrollHalfPages(1),
            "half a page down / up",
        ),
        bind(&[ctrl('u'), ch('u')], Action::ScrollHalfPages(-1), ""),
        bind(
            &[ch(' '), key(PageDown)],
            Action::ScrollPages(1),
            "a page down / up",
        ),
        bind(&[ch('b'), key(PageUp)], Action::ScrollPages(-1), ""),
        bind(
            &[ch('f'), ctrl('f')],
            Action::ScrollPages(1),
            "a page down / up, as in less",
        ),
        bind(&[ctrl('b')], Action::ScrollPages(-1), ""),
        bind(&[ch('g'), key(Home)], Action::Top, "top / bottom"),
        bind(&[ch('G'), key(End)], Action::Bottom, ""),
        bind(&[ch(']')], Action::NextSegment, "next / previous segment"),
        bind(&[ch('[')], Action::PreviousSegment, ""),
        bind(
            &[ch('}')],
            Action::NextSpeaker,
            "next / previous change of speaker",
        ),
        bind(&[ch('{')], Action::PreviousSpeaker, ""),
        bind(&[ch('/')], Action::StartSearch, "search as you type"),
        bind(
            &[ch('&')],
            Action::StartShowOnly,
            "show only the segments that match, as less's &",
        ),
        bind(
            &[ch('n')],
            Action::NextHit,
            "next / previous match (wraps round, and says so)",
        ),
        bind(&[ch('N')], Action::PreviousHit, ""),
        bind(
            &[ch('t')],
            Action::StartGoTo,
            "go to a time: 1:02:03, 62m, 3723, 45%, +30s, -5m",
        ),
        bind(
            &[ctrl('o')],
            Action::JumpBack,
            "back to before the last jump",
        ),
        bind(
            &[ch('m')],
            Action::Bookmark,
            "bookmark this segment / with a note",
        ),
        bind(&[ch('M')], Action::BookmarkWithNote, ""),
        bind(&[ch('\'')], Action::OpenBookmarks, "the bookmarks list"),
        bind(
            &[ch('v')],
            Action::ToggleSelection,
            "select segments from here (moves extend; y Y m act on them)",
        ),
        bind(
            &[ch('y')],
            Action::CopyQuote,
            "copy the quote / a link to this moment (OSC 52, up to 75 KB)",
        ),
        bind(&[ch('Y')], Action::CopyLink, ""),
        bind(
            &[key(Tab)],
            Action::ToggleSidebar,
            "show / hide the sidebar",
        ),
        bind(&[ch('?')], Action::ToggleHelp, "this help"),
        bind(
            &[key(Esc)],
            Action::Close,
            "show every segment again (after &); clear a kept search; else back to the library",
        ),
    ],
    notes: &[
        (
            "5j 3] 10Ctrl-e",
            "a number first: the key that many times (12g: segment 12; Esc cancels)",
        ),
        ("wheel, click", "scroll 3 lines; a click picks a segment"),
    ],
};

/// Keys in the search bar; other characters are typed into it.
pub const SEARCH_BAR: Section = Section {
    title: "In the search bar",
    bindings: &[
        bind(
            &[key(Enter)],
            Action::PromptSubmit,
            "keep the search (on an empty bar: the last one again)",
        ),
        bind(
            &[key(Esc)],
            Action::Close,
            "back to where the search started",
        ),
        bind(
            &[key(Backspace)],
            Action::PromptBackspace,
            "delete a character",
        ),
        bind(
            &[key(Up)],
            Action::HistoryPrevious,
            "earlier / later queries",
        ),
        bind(&[key(Down)], Action::HistoryNext, ""),
        bind(&[ctrl('r')], Action::ToggleRegex, "regex on / off"),
    ],
    notes: &[
        ("@name word", "search only what name says"),
        ("@name Enter", "n / N step through that speaker's turns"),
        (
            "& prompt",
            "the same keys; Enter shows only the matches (empty: all)",
        ),
    ],
};

/// Keys in the go-to-time and note prompts; other characters are typed.
pub const PROMPT: Section = Section {
    title: "In the go-to and note prompts",
    bindings: &[
        bind(
            &[key(Enter)],
            Action::PromptSubmit,
            "go there / save the note",
        ),
        bind(&[key(Esc)], Action::Close, "close the prompt"),
        bind(
            &[key(Backspace)],
            Action::PromptBackspace,
            "delete a character",
        ),
    ],
    notes: &[],
};

/// Keys that edit the line in every prompt (search, go-to, note, the
/// library's filter and search), as in a shell; a prompt's own keys come
/// first (in the library's list Home / End pick the first / last episode).
pub const LINE_EDITING: Section = Section {
    title: "Editing a prompt",
    bindings: &[
        bind(
            &[key(Left)],
            Action::PromptEdit(Edit::Left),
            "a character left / right",
        ),
        bind(&[key(Right)], Action::PromptEdit(Edit::Right), ""),
        bind(
            &[alt('b'), ctrl_key(Left)],
            Action::PromptEdit(Edit::WordLeft),
            "a word left",
        ),
        bind(
            &[alt('f'), ctrl_key(Right)],
            Action::PromptEdit(Edit::WordRight),
            "a word right",
        ),
        bind(
            &[key(Home), ctrl('a')],
            Action::PromptEdit(Edit::Home),
            "to the start of the line",
        ),
        bind(
            &[key(End), ctrl('e')],
            Action::PromptEdit(Edit::End),
            "to the end of the line",
        ),
        bind(
            &[key(Delete)],
            Action::PromptEdit(Edit::DeleteForward),
            "delete the character under the cursor",
        ),
        bind(
            &[ctrl('w')],
            Action::PromptEdit(Edit::DeleteWordBack),
            "delete the word before the cursor",
        ),
        bind(
            &[ctrl('u')],
            Action::PromptEdit(Edit::KillToStart),
            "delete to the start / to the end of the line",
        ),
        bind(&[ctrl('k')], Action::PromptEdit(Edit::KillToEnd), ""),
    ],
    notes: &[("paste", "inserts at the cursor, as one line")],
};

/// Keys in the bookmarks list.
pub const BOOKMARKS: Section = Section {
    title: "In the bookmarks list",
    bindings: &[
        bind(
            &[ch('j'), key(Down)],
            Action::ScrollRows(1),
            "next / previous bookmark",
        ),
        bind(&[ch('k'), key(Up)], Action::ScrollRows(-1), ""),
        bind(&[key(Enter)], Action::PromptSubmit, "jump to it"),
        bind(
            &[ch('d')],
            Action::DeleteBookmark,
            "delete it / undo the delete",
        ),
        bind(&[ch('u')], Action::UndoDelete, ""),
        bind(&[ch('e')], Action::EditNote, "edit its note"),
        bind(
            &[ch('a')],
            Action::ToggleScope,
            "this episode's / every episode's",
        ),
        bind(
            &[key(Esc), ch('\''), ch('q')],
            Action::Close,
            "close the list",
        ),
    ],
    notes: &[],
};

/// Keys while the help is open; the reader's scrolling keys scroll it.
pub const HELP: Section = Section {
    title: "In the help",
    bindings: &[bind(
        &[key(Esc), ch('?'), ch('q')],
        Action::Close,
        "close the help",
    )],
    notes: &[("scrolling keys", "scroll it, as in the reader")],
};

/// Keys in the library's list; other characters go to the filter.
pub const LIBRARY: Section = Section {
    title: "In the library",
    bindings: &[
        bind(
            &[key(Down), ctrl('n')],
            Action::ScrollRows(1),
            "next / previous episode",
        ),
        bind(&[key(Up), ctrl('p')], Action::ScrollRows(-1), ""),
        bind(&[key(PageDown)], Action::ScrollPages(1), "a page down / up"),
        bind(&[key(PageUp)], Action::ScrollPages(-1), ""),
        bind(&[key(Home)], Action::Top, "first / last episode"),
        bind(&[key(End)], Action::Bottom, ""),
        bind(&[key(Enter)], Action::PromptSubmit, "open the episode"),
        bind(
            &[key(Backspace)],
            Action::PromptBackspace,
            "delete a character of the filter",
        ),
        bind(
            &[ch('/')],
            Action::StartSearch,
            "search every episode at once",
        ),
        bind(
            &[key(Tab)],
            Action::ToggleSkipped,
            "the files skipped, and why",
        ),
        bind(
            &[key(Esc)],
            Action::Close,
            "clear the filter; on an empty one, leave it",
        ),
    ],
    notes: &[
        (
            "other keys",
            "filter by title, guest, keywords and file name",
        ),
        ("click, double click", "select, open"),
    ],
};

/// Keys in the library's list once the filter is left (Esc): single keys
/// act, and `q` quits.
pub const LIBRARY_BROWSE: Section = Section {
    title: "In the library, the filter left",
    bindings: &[
        bind(
            &[ch('j'), key(Down), ctrl('n')],
            Action::ScrollRows(1),
            "next / previous episode",
        ),
        bind(&[ch('k'), key(Up), ctrl('p')], Action::ScrollRows(-1), ""),
        bind(&[key(PageDown)], Action::ScrollPages(1), "a page down / up"),
        bind(&[key(PageUp)], Action::ScrollPages(-1), ""),
        bind(&[ch('g'), key(Home)], Action::Top, "first / last episode"),
        bind(&[ch('G'), key(End)], Action::Bottom, ""),
        bind(&[key(Enter)], Action::PromptSubmit, "open the episode"),
        bind(&[ch('f')], Action::StartFilter, "filter again"),
        bind(
            &[ch('s')],
            Action::CycleSort,
            "sort: newest, title, guest, shortest",
        ),
        bind(
            &[ch('/')],
            Action::StartSearch,
            "search every episode at once",
        ),
        bind(
            &[key(Tab)],
            Action::ToggleSkipped,
            "the files skipped, and why",
        ),
        bind(&[ch('q')], Action::Quit, "quit"),
        bind(
            &[key(Esc)],
            Action::Close,
            "nothing to leave: says how to quit",
        ),
    ],
    notes: &[("click, double click", "select, open")],
};

/// Keys in the library's search; other characters are typed into it.
pub const LIBRARY_SEARCH: Section = Section {
    title: "In the library's search",
    bindings: &[
        bind(&[key(Down)], Action::ScrollRows(1), "next / previous match"),
        bind(&[key(Up)], Action::ScrollRows(-1), ""),
        bind(&[key(PageDown)], Action::ScrollPages(1), "a page down / up"),
        bind(&[key(PageUp)], Action::ScrollPages(-1), ""),
        bind(
            &[key(Enter)],
            Action::PromptSubmit,
            "open the episode at the match",
        ),
        bind(
            &[key(Backspace)],
            Action::PromptBackspace,
            "delete a character",
        ),
        bind(&[ctrl('r')], Action::ToggleRegex, "regex on / off"),
        bind(&[key(Esc)], Action::Close, "back to the list"),
    ],
    notes: &[("click, double click", "select, open at the match")],
};

/// Keys in the library's skipped-files list.
pub const LIBRARY_SKIPPED: Section = Section {
    title: "In the skipped files",
    bindings: &[
        bind(
            &[ch('j'), key(Down)],
            Action::ScrollRows(1),
            "a line down / up",
        ),
        bind(&[ch('k'), key(Up)], Action::ScrollRows(-1), ""),
        bind(
            &[key(Tab), key(Esc), ch('q')],
            Action::Close,
            "back to the list",
        ),
    ],
    notes: &[],
};

/// Every mode's section, in the order the help and the docs list them
/// (the keys of [`ANYWHERE`] work in all the others).
pub const SECTIONS: [&Section; 11] = [
    &READING,
    &SEARCH_BAR,
    &PROMPT,
    &LINE_EDITING,
    &BOOKMARKS,
    &HELP,
    &LIBRARY,
    &LIBRARY_BROWSE,
    &LIBRARY_SEARCH,
    &LIBRARY_SKIPPED,
    &ANYWHERE,
];

/// The action a key asks for in a mode, if any.
pub fn action_for_key(mode: impl Into<Mode>, key: KeyEvent) -> Option<Action> {
    let mode = mode.into();
    // Shifted characters arrive with SHIFT set (`G`, `{`, `?`); the character
    // already says it, so only Ctrl and Alt distinguish bindings.
    let pressed = (key.code, key.modifiers & (CTRL | KeyModifiers::ALT));
    let bound = bound_action(&ANYWHERE, pressed).or_else(|| match mode {
        // The help scrolls with the reader's keys: one set to learn.
        Mode::Reader(ReaderMode::Help) => {
            bound_action(&HELP, pressed).or_else(|| bound_action(&READING, pressed).filter(scrolls))
        }
        // A prompt's own keys first; then the line-editing keys.
        _ => bound_action(section(mode), pressed)
            .or_else(|| takes_text(mode).then(|| bound_action(&LINE_EDITING, pressed))?),
    });
    match pressed {
        (KeyCode::Char(c), held) if held.is_empty() && bound.is_none() && takes_text(mode) => {
            Some(Action::PromptInput(c))
        }
        (KeyCode::Char(c @ '0'..='9'), held)
            if held.is_empty() && bound.is_none() && mode == Mode::Reader(ReaderMode::Reading) =>
        {
            Some(Action::CountDigit(c as u8 - b'0'))
        }
        _ => bound,
    }
}

/// The keys of a mode other than help.
pub fn section(mode: Mode) -> &'static Section {
    match mode {
        Mode::Reader(ReaderMode::Reading) => &READING,
        Mode::Reader(ReaderMode::Help) => &HELP,
        Mode::Reader(ReaderMode::Search | ReaderMode::Filter) => &SEARCH_BAR,
        Mode::Reader(ReaderMode::GoTo | ReaderMode::Note) => &PROMPT,
        Mode::Reader(ReaderMode::Bookmarks) => &BOOKMARKS,
        Mode::Library(LibraryMode::List) => &LIBRARY,
        Mode::Library(LibraryMode::Browse) => &LIBRARY_BROWSE,
        Mode::Library(LibraryMode::Search) => &LIBRARY_SEARCH,
        Mode::Library(LibraryMode::Skipped) => &LIBRARY_SKIPPED,
    }
}

/// The action `section` binds to `pressed`, if any.
fn bound_action(section: &Section, pressed: Key) -> Option<Action> {
    section
        .bindings
        .iter()
        .find(|binding| binding.keys.contains(&pressed))
        .map(|binding| binding.action.clone())
}

/// Whether an action only moves the view (the help scrolls with these).
pub(crate) fn scrolls(action: &Action) -> bool {
    matches!(
        action,
        Action::ScrollRows(_)
            | Action::ScrollHalfPages(_)
            | Action::ScrollPages(_)
            | Action::Top
            | Action::Bottom
    )
}

/// Whether a mode has a prompt that takes typed characters and pastes.
fn takes_text(mode: Mode) -> bool {
    matches!(
        mode,
        Mode::Reader(ReaderMode::Search | ReaderMode::Filter | ReaderMode::GoTo | ReaderMode::Note)
            | Mode::Library(LibraryMode::List | LibraryMode::Search)
    )
}

/// The most characters one paste puts in a prompt: a query, a time or a
/// note, not a document.
pub const PASTE_LIMIT: usize = 1000;

/// The action a paste asks for in a mode: text for an open prompt; nothing
/// elsewhere, so pasted text never runs as keys.
pub fn action_for_paste(mode: impl Into<Mode>, text: &str) -> Option<Action> {
    let mode = mode.into();
    // The library's list with the filter left: a paste opens it again.
    let opens_filter = mode == Mode::Library(LibraryMode::Browse);
    (takes_text(mode) || opens_filter).then(|| Action::Paste(paste_text(text)))
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

/// The longest pause between the two clicks of a double click.
pub const DOUBLE_CLICK: std::time::Duration = std::time::Duration::from_millis(400);

/// Tells a double click from two clicks: a click at the same cell as the
/// one before, within [`DOUBLE_CLICK`], is a double click (a third one
/// starts over).
#[derive(Debug, Default)]
pub struct Clicks {
    last: Option<(std::time::Instant, u16, u16)>,
}

impl Clicks {
    /// `action` as the event loop applies it: a [`Action::Click`] made a
    /// [`Action::DoubleClick`] when it completes one; others unchanged.
    pub fn classify(&mut self, action: Action, now: std::time::Instant) -> Action {
        let Action::Click(x, y) = action else {
            return action;
        };
        let double = self.last.is_some_and(|(at, lx, ly)| {
            (lx, ly) == (x, y) && now.duration_since(at) <= DOUBLE_CLICK
        });
        if double {
            self.last = None;
            Action::DoubleClick(x, y)
        } else {
            self.last = Some((now, x, y));
            action
        }
    }
}

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
            let bottom = action_for_key(
                Mode::Reader(ReaderMode::Reading),
                key(KeyCode::Char('G'), modifiers),
            );
            assert_eq!(bottom, Some(Action::Bottom));
        }
        let quit = action_for_key(
            Mode::Reader(ReaderMode::Search),
            key(KeyCode::Char('c'), CTRL),
        );
        assert_eq!(quit, Some(Action::Quit));
    }

    #[test]
    fn the_help_scrolls_with_every_scrolling_key_of_the_reader() {
        let scrolling = READING.bindings.iter().filter(|b| scrolls(&b.action));
        let mut keys = 0;
        for binding in scrolling {
            for &(code, modifiers) in binding.keys {
                let action = action_for_key(Mode::Reader(ReaderMode::Help), key(code, modifiers));
                assert_eq!(action.as_ref(), Some(&binding.action), "{code:?}");
                keys += 1;
            }
        }
        assert_eq!(
            keys, 23,
            "j ↓ k ↑ e Ctrl-e Enter Ctrl-y Ctrl-d d Ctrl-u u Space PgDn b PgUp f Ctrl-f Ctrl-b \
             g Home G End"
        );
        // The reader's other keys do nothing there; its own close it.
        let n = action_for_key(
            Mode::Reader(ReaderMode::Help),
            key(KeyCode::Char('n'), NONE),
        );
        assert_eq!(n, None);
        let q = action_for_key(
            Mode::Reader(ReaderMode::Help),
            key(KeyCode::Char('q'), NONE),
        );
        assert_eq!(q, Some(Action::Close));
    }

    #[test]
    fn digits_are_a_count_while_reading_and_text_in_a_prompt() {
        let five = key(KeyCode::Char('5'), NONE);
        let reading = action_for_key(Mode::Reader(ReaderMode::Reading), five);
        assert_eq!(reading, Some(Action::CountDigit(5)));
        let search = action_for_key(Mode::Reader(ReaderMode::Search), five);
        assert_eq!(search, Some(Action::PromptInput('5')));
        let help = action_for_key(Mode::Reader(ReaderMode::Help), five);
        assert_eq!(help, None);
    }

    #[test]
    fn less_keys_move_as_in_less_where_earmark_has_no_use_for_them() {
        let reading = |code, modifiers| {
            action_for_key(Mode::Reader(ReaderMode::Reading), key(code, modifiers))
        };
        let moves = [
            (KeyCode::Char('f'), NONE, Action::ScrollPages(1)),
            (KeyCode::Char('f'), CTRL, Action::ScrollPages(1)),
            (KeyCode::Char('b'), CTRL, Action::ScrollPages(-1)),
            (KeyCode::Char('d'), NONE, Action::ScrollHalfPages(1)),
            (KeyCode::Char('u'), NONE, Action::ScrollHalfPages(-1)),
            (KeyCode::Char('e'), NONE, Action::ScrollRows(1)),
            (KeyCode::Char('e'), CTRL, Action::ScrollRows(1)),
            (KeyCode::Char('y'), CTRL, Action::ScrollRows(-1)),
            (KeyCode::Enter, NONE, Action::ScrollRows(1)),
        ];
        for (code, modifiers, action) in moves {
            assert_eq!(
                reading(code, modifiers),
                Some(action),
                "{code:?} {modifiers:?}"
            );
        }
        // Where earmark uses the key, earmark's meaning stays.
        assert_eq!(reading(KeyCode::Char('y'), NONE), Some(Action::CopyQuote));
    }

    #[test]
    fn no_key_is_bound_twice_in_a_mode() {
        let sections = SECTIONS.into_iter().filter(|s| s.title != ANYWHERE.title);
        for section in sections {
            let mut keys: Vec<Key> = ANYWHERE
                .bindings
                .iter()
                .flat_map(|b| b.keys)
                .copied()
                .collect();
            keys.extend(section.bindings.iter().flat_map(|b| b.keys));
            let count = keys.len();
            keys.sort_by_key(|k| format!("{k:?}"));
            keys.dedup();
            assert_eq!(keys.len(), count, "{}", section.title);
        }
    }

    #[test]
    fn typing_modes_take_characters_as_input() {
        for mode in [
            Mode::Reader(ReaderMode::Search),
            Mode::Reader(ReaderMode::GoTo),
            Mode::Reader(ReaderMode::Note),
            Mode::Library(LibraryMode::List),
        ] {
            let q = action_for_key(mode, key(KeyCode::Char('q'), NONE));
            assert_eq!(q, Some(Action::PromptInput('q')), "{mode:?}");
        }
        let slash = action_for_key(
            Mode::Library(LibraryMode::List),
            key(KeyCode::Char('/'), NONE),
        );
        assert_eq!(slash, Some(Action::StartSearch));
        let n = action_for_key(
            Mode::Reader(ReaderMode::Reading),
            key(KeyCode::Char('n'), NONE),
        );
        assert_eq!(n, Some(Action::NextHit));
    }

    #[test]
    fn every_prompt_edits_its_line_with_the_same_keys() {
        let typing = [
            Mode::Reader(ReaderMode::Search),
            Mode::Reader(ReaderMode::GoTo),
            Mode::Reader(ReaderMode::Note),
            Mode::Library(LibraryMode::List),
            Mode::Library(LibraryMode::Search),
        ];
        for mode in typing {
            for binding in LINE_EDITING.bindings {
                for &(code, modifiers) in binding.keys {
                    let action = action_for_key(mode, key(code, modifiers));
                    // The library's list keeps Home / End for its first and
                    // last episode (Ctrl-a / Ctrl-e move in the filter).
                    let list = mode == Mode::Library(LibraryMode::List);
                    if list && matches!(code, KeyCode::Home | KeyCode::End) && modifiers.is_empty()
                    {
                        continue;
                    }
                    assert_eq!(action.as_ref(), Some(&binding.action), "{mode:?} {code:?}");
                }
            }
        }
        let left = action_for_key(
            Mode::Reader(ReaderMode::Reading),
            key(KeyCode::Char('b'), KeyModifiers::ALT),
        );
        assert_eq!(left, None, "not while reading");
    }

    #[test]
    fn a_paste_is_text_for_a_prompt_and_nothing_while_reading() {
        for mode in [
            Mode::Reader(ReaderMode::Search),
            Mode::Reader(ReaderMode::GoTo),
            Mode::Reader(ReaderMode::Note),
            Mode::Library(LibraryMode::List),
            Mode::Library(LibraryMode::Search),
        ] {
            let paste = action_for_paste(mode, "q\nG");
            assert_eq!(paste, Some(Action::Paste("q G".into())), "{mode:?}");
        }
        for mode in [
            Mode::Reader(ReaderMode::Reading),
            Mode::Reader(ReaderMode::Help),
            Mode::Reader(ReaderMode::Bookmarks),
            Mode::Library(LibraryMode::Skipped),
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

    #[test]
    fn a_second_click_soon_at_the_same_place_is_a_double_click() {
        let start = std::time::Instant::now();
        let later = |ms| start + std::time::Duration::from_millis(ms);
        let mut clicks = Clicks::default();
        assert_eq!(
            clicks.classify(Action::Click(5, 4), start),
            Action::Click(5, 4)
        );
        assert_eq!(
            clicks.classify(Action::Click(5, 4), later(300)),
            Action::DoubleClick(5, 4)
        );
        // A third starts over; another cell or a long pause is a click.
        assert_eq!(
            clicks.classify(Action::Click(5, 4), later(350)),
            Action::Click(5, 4)
        );
        assert_eq!(
            clicks.classify(Action::Click(5, 5), later(400)),
            Action::Click(5, 5)
        );
        assert_eq!(
            clicks.classify(Action::Click(5, 5), later(900)),
            Action::Click(5, 5)
        );
        assert_eq!(clicks.classify(Action::Top, later(950)), Action::Top);
    }
}
