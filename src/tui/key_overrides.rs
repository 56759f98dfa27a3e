//! Keys the config file remaps (`keys:` in config.yaml), layered over the
//! static tables of [`keymap`]: each binding has a stable
//! name, an override gives that binding other keys, and the lookup asks
//! the overrides first. The tables themselves never change, so the help
//! and the docs still come from them, with the remapped keys shown.

use std::collections::BTreeMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, Edit};
use super::keymap::{
    self, BOOKMARKS, Binding, HELP, Key, LIBRARY, LIBRARY_BROWSE, LIBRARY_SEARCH, LIBRARY_SKIPPED,
    Mode, PROMPT, READING, ReaderMode, SEARCH_BAR, Section,
};
use crate::config::settings::{KeyLines, KeySpecs};

/// The sections that can be remapped, by the name the config uses. The
/// keys that work anywhere (Ctrl-c, Ctrl-z) cannot: a config must not be
/// able to take away the way out.
pub const SECTION_NAMES: [(&str, &Section); 9] = [
    ("reading", &READING),
    ("search-bar", &SEARCH_BAR),
    ("prompt", &PROMPT),
    ("bookmarks", &BOOKMARKS),
    ("help", &HELP),
    ("library", &LIBRARY),
    ("library-browse", &LIBRARY_BROWSE),
    ("library-search", &LIBRARY_SEARCH),
    ("library-skipped", &LIBRARY_SKIPPED),
];

/// An action's name in the config; `None` for an action without one yet
/// (a test checks that every binding in the tables has one).
pub fn action_name(action: &Action) -> Option<&'static str> {
    use Action as A;
    Some(match action {
        A::Quit => "quit",
        A::Suspend => "suspend",
        A::ScrollRows(n) if *n > 0 => "line-down",
        A::ScrollRows(_) => "line-up",
        A::ScrollHalfPages(n) if *n > 0 => "half-page-down",
        A::ScrollHalfPages(_) => "half-page-up",
        A::ScrollPages(n) if *n > 0 => "page-down",
        A::ScrollPages(_) => "page-up",
        A::Top => "top",
        A::Bottom => "bottom",
        A::NextSegment => "next-segment",
        A::PreviousSegment => "previous-segment",
        A::NextSpeaker => "next-speaker",
        A::PreviousSpeaker => "previous-speaker",
        A::StartSearch => "search",
        A::StartShowOnly => "show-only",
        A::NextHit => "next-match",
        A::PreviousHit => "previous-match",
        A::StartGoTo => "go-to",
        A::JumpBack => "jump-back",
        A::Bookmark => "bookmark",
        A::BookmarkWithNote => "bookmark-with-note",
        A::OpenBookmarks => "bookmarks",
        A::CopyQuote => "copy-quote",
        A::CopyLink => "copy-link",
        A::ToggleSidebar => "sidebar",
        A::ToggleHelp => "help",
        A::Close => "close",
        A::PromptSubmit => "submit",
        A::PromptBackspace => "backspace",
        A::HistoryPrevious => "history-previous",
        A::HistoryNext => "history-next",
        A::ToggleRegex => "regex",
        A::DeleteBookmark => "delete",
        A::UndoDelete => "undo-delete",
        A::EditNote => "edit-note",
        A::ToggleScope => "scope",
        A::ToggleSkipped => "skipped",
        A::ToggleSelection => "select",
        A::StartFilter => "filter",
        A::CycleSort => "sort",
        A::PromptEdit(edit) => edit_name(*edit),
        _ => return None,
    })
}

/// A line edit's name in the config.
fn edit_name(edit: Edit) -> &'static str {
    match edit {
        Edit::Left => "cursor-left",
        Edit::Right => "cursor-right",
        Edit::Home => "line-start",
        Edit::End => "line-end",
        Edit::WordLeft => "word-left",
        Edit::WordRight => "word-right",
        Edit::DeleteForward => "delete-forward",
        Edit::DeleteWordBack => "delete-word-back",
        Edit::KillToStart => "kill-to-start",
        Edit::KillToEnd => "kill-to-end",
    }
}

/// A section's name in the config.
pub fn section_name(section: &Section) -> Option<&'static str> {
    SECTION_NAMES
        .iter()
        .find(|(_, s)| s.title == section.title)
        .map(|(name, _)| *name)
}

/// Remapped keys: (section name, action name) → the keys that now ask
/// for it. Empty: the tables as they are.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeyOverrides {
    keys: BTreeMap<(&'static str, &'static str), Vec<Key>>,
}

impl KeyOverrides {
    /// The overrides a config asks for, and a note for each entry that
    /// cannot be used (it names the file, the line, and why).
    pub fn from_config(specs: &KeySpecs, text: &str, file: &str) -> (Self, Vec<String>) {
        let mut overrides = Self::default();
        let mut notes = Vec::new();
        let lines = KeyLines::new(text);
        for (section_key, actions) in specs {
            let Some(&(section_id, section)) = SECTION_NAMES.iter().find(|(n, _)| n == section_key)
            else {
                let known: Vec<&str> = SECTION_NAMES.iter().map(|(n, _)| *n).collect();
                notes.push(note(
                    file,
                    &lines,
                    section_key,
                    &format!(
                        "no mode `keys.{}` (known: {})",
                        short(section_key),
                        known.join(", ")
                    ),
                ));
                continue;
            };
            for (action_key, list) in actions {
                let what = format!("keys.{section_id}.{}", short(action_key));
                match overrides.add(section, section_id, action_key, &list.keys()) {
                    Ok(()) => {}
                    Err(why) => {
                        notes.push(note(file, &lines, action_key, &format!("{what}: {why}")))
                    }
                }
            }
        }
        (overrides, notes)
    }

    fn add(
        &mut self,
        section: &Section,
        section_id: &'static str,
        action_key: &str,
        written: &[&str],
    ) -> Result<(), String> {
        let binding = section
            .bindings
            .iter()
            .find(|b| action_name(&b.action) == Some(action_key))
            .ok_or_else(|| format!("no such action here (known: {})", names_in(section)))?;
        let mut keys = Vec::new();
        for spec in written {
            let key = parse_key(spec).ok_or_else(|| {
                format!(
                    "`{}` is not a key (write q, Q, Ctrl-d, Alt-b, Space, PgDn, Enter, ...)",
                    short(spec)
                )
            })?;
            let typed = matches!(key, (KeyCode::Char(_), m) if m.is_empty());
            let bound_here = section.bindings.iter().any(|b| b.keys.contains(&key));
            if typed && takes_typing(section) && !bound_here {
                return Err(format!(
                    "`{}` is typed into the prompt here: use a key with Ctrl or Alt",
                    short(spec)
                ));
            }
            keys.push(key);
        }
        let name = action_name(&binding.action).unwrap_or_default();
        self.keys.insert((section_id, name), keys);
        Ok(())
    }

    /// Whether nothing is remapped.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The action a key asks for in a mode: the overrides first, then the
    /// tables, where a key the config moved to another action, or a
    /// binding the config gave other keys, no longer counts.
    pub fn action_for_key(&self, mode: impl Into<Mode>, key: KeyEvent) -> Option<Action> {
        let mode = mode.into();
        if self.is_empty() {
            return keymap::action_for_key(mode, key);
        }
        let pressed = (
            key.code,
            key.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT),
        );
        for layer in layers(mode) {
            if let Some(action) = self.overridden(layer, pressed) {
                return Some(action);
            }
        }
        let action = keymap::action_for_key(mode, key)?;
        if keymap::ANYWHERE
            .bindings
            .iter()
            .any(|b| b.keys.contains(&pressed))
        {
            return Some(action);
        }
        // The tables' binding of this key was given other keys.
        let moved = layers(mode)
            .into_iter()
            .any(|layer| self.override_of(layer, &action).is_some());
        match (moved, pressed) {
            (false, _) => Some(action),
            // A character a prompt's action no longer takes is typed.
            (true, (KeyCode::Char(c), held))
                if held.is_empty() && takes_typing(keymap::section(mode)) =>
            {
                Some(Action::PromptInput(c))
            }
            (true, _) => None,
        }
    }

    /// The action `pressed` is remapped to in a layer.
    fn overridden(&self, (section, scrolling_only): Layer<'_>, pressed: Key) -> Option<Action> {
        let id = section_name(section)?;
        section.bindings.iter().find_map(|binding| {
            let name = action_name(&binding.action)?;
            let keys = self.keys.get(&(id, name))?;
            let counts = !scrolling_only || keymap::scrolls(&binding.action);
            (counts && keys.contains(&pressed)).then(|| binding.action.clone())
        })
    }

    /// The keys a layer's binding of `action` was given, if remapped.
    fn override_of(
        &self,
        (section, scrolling_only): Layer<'_>,
        action: &Action,
    ) -> Option<&Vec<Key>> {
        let id = section_name(section)?;
        let name = action_name(action)?;
        let bound = section.bindings.iter().any(|b| b.action == *action);
        let counts = bound && (!scrolling_only || keymap::scrolls(action));
        counts.then(|| self.keys.get(&(id, name))).flatten()
    }

    /// Whether some override in a layer uses `pressed`.
    fn claims(&self, layer: Layer<'_>, pressed: Key) -> bool {
        self.overridden(layer, pressed).is_some()
    }

    /// The keys that ask for `binding` in `section` now: the override's,
    /// else the table's less those an override took.
    pub fn keys_of(&self, section: &Section, binding: &Binding) -> Vec<Key> {
        if let Some(keys) = self.override_of((section, false), &binding.action) {
            return keys.clone();
        }
        binding
            .keys
            .iter()
            .copied()
            .filter(|&k| !self.claims((section, false), k))
            .collect()
    }
}

/// A section a key is looked up in, and whether only its scrolling
/// bindings count there.
type Layer<'a> = (&'a Section, bool);

/// The sections a mode's keys are looked up in, in order (the help
/// scrolls with the reader's scrolling keys).
fn layers(mode: Mode) -> Vec<Layer<'static>> {
    match mode {
        Mode::Reader(ReaderMode::Help) => vec![(&HELP, false), (&READING, true)],
        other => vec![(keymap::section(other), false)],
    }
}

/// Whether plain characters are typed into a prompt in this section.
fn takes_typing(section: &Section) -> bool {
    [&SEARCH_BAR, &PROMPT, &LIBRARY, &LIBRARY_SEARCH]
        .iter()
        .any(|s| s.title == section.title)
}

/// The action names of a section, for a message.
fn names_in(section: &Section) -> String {
    let names: Vec<&str> = section
        .bindings
        .iter()
        .filter_map(|b| action_name(&b.action))
        .collect();
    names.join(", ")
}

/// A key as written in the config: `q`, `Q`, `Ctrl-d`, `Alt-b`, `Space`,
/// `PgDn`, `Enter`, `Esc`, `Tab`, `Backspace`, `Up`/`↑`, `Home`, `F1` …;
/// the names the help shows are accepted, case aside.
pub fn parse_key(text: &str) -> Option<Key> {
    let mut rest = text.trim();
    let mut modifiers = KeyModifiers::NONE;
    loop {
        let lower = rest.to_ascii_lowercase();
        if rest.chars().count() > 1 && (lower.starts_with("ctrl-") || lower.starts_with("alt-")) {
            let (held, len) = if lower.starts_with("ctrl-") {
                (KeyModifiers::CONTROL, 5)
            } else {
                (KeyModifiers::ALT, 4)
            };
            modifiers |= held;
            rest = &rest[len..];
        } else {
            break;
        }
    }
    let code = named_key(rest)?;
    let code = match (code, modifiers.contains(KeyModifiers::CONTROL)) {
        // Ctrl-D is Ctrl-d: terminals send the same for both.
        (KeyCode::Char(c), true) => KeyCode::Char(c.to_ascii_lowercase()),
        (code, _) => code,
    };
    Some((code, modifiers))
}

fn named_key(name: &str) -> Option<KeyCode> {
    let mut chars = name.chars();
    if let (Some(c), None) = (chars.next(), chars.clone().next()) {
        return (!c.is_control()).then_some(match c {
            '↑' => KeyCode::Up,
            '↓' => KeyCode::Down,
            '←' => KeyCode::Left,
            '→' => KeyCode::Right,
            c => KeyCode::Char(c),
        });
    }
    let lower = name.to_ascii_lowercase();
    Some(match lower.as_str() {
        "space" => KeyCode::Char(' '),
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backspace" => KeyCode::Backspace,
        "delete" | "del" => KeyCode::Delete,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pgup" | "pageup" => KeyCode::PageUp,
        "pgdn" | "pagedown" => KeyCode::PageDown,
        f if f.starts_with('f') => {
            KeyCode::F(f[1..].parse().ok().filter(|n| (1..=12).contains(n))?)
        }
        _ => return None,
    })
}

/// A name from the file, shortened and on one line, for a message.
fn short(text: &str) -> String {
    crate::config::settings::escaped_name(text)
}

/// A note naming the file and, when found, the line of `key`.
fn note(file: &str, lines: &KeyLines, key: &str, why: &str) -> String {
    let line = lines
        .of(key)
        .map(|l| format!("line {l}: "))
        .unwrap_or_default();
    format!("{file}: {line}{why} (ignored)")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::settings::parse;
    use crate::tui::key_docs::key_name;
    use crossterm::event::{KeyEventKind, KeyEventState};

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent {
            code,
            modifiers,
            kind: KeyEventKind::Press,
            state: KeyEventState::NONE,
        }
    }

    fn overrides(yaml: &str) -> (KeyOverrides, Vec<String>) {
        let loaded = parse(yaml, "config.yaml");
        assert!(loaded.notes.is_empty(), "{:?}", loaded.notes);
        KeyOverrides::from_config(&loaded.settings.keys, yaml, "config.yaml")
    }

    const READ: Mode = Mode::Reader(ReaderMode::Reading);

    #[test]
    fn every_binding_in_the_tables_has_a_name_unique_in_its_section() {
        for section in keymap::SECTIONS {
            let mut names = Vec::new();
            let mut actions: Vec<&Action> = Vec::new();
            for binding in section.bindings {
                // A second binding of one action (less's keys beside
                // earmark's) shares its name: remapping it moves both.
                if actions.contains(&&binding.action) {
                    continue;
                }
                actions.push(&binding.action);
                let name = action_name(&binding.action);
                assert!(
                    name.is_some(),
                    "{:?} in `{}` has no config name: add it to action_name in src/tui/key_overrides.rs",
                    binding.action,
                    section.title
                );
                names.push(name);
            }
            let count = names.len();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), count, "{}", section.title);
        }
    }

    #[test]
    fn every_key_the_help_names_reads_back_as_itself() {
        for section in keymap::SECTIONS {
            for &key in section.bindings.iter().flat_map(|b| b.keys) {
                assert_eq!(parse_key(&key_name(key)), Some(key), "{}", key_name(key));
            }
        }
        assert_eq!(
            parse_key("ctrl-D"),
            Some((KeyCode::Char('d'), KeyModifiers::CONTROL))
        );
        assert_eq!(parse_key("Up"), Some((KeyCode::Up, KeyModifiers::NONE)));
        assert_eq!(
            parse_key("-"),
            Some((KeyCode::Char('-'), KeyModifiers::NONE))
        );
        for bad in ["", "Ctrl-", "qq", "Hyper-x", "F13", "\u{1b}"] {
            assert_eq!(parse_key(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_remapped_action_takes_its_new_keys_and_leaves_its_old_ones() {
        let (keys, notes) =
            overrides("keys:\n  reading:\n    quit: Q\n    next-match: [n, Ctrl-n]\n");
        assert!(notes.is_empty(), "{notes:?}");
        let q = |c, m| keys.action_for_key(READ, press(KeyCode::Char(c), m));
        assert_eq!(q('Q', KeyModifiers::SHIFT), Some(Action::Quit));
        assert_eq!(q('q', KeyModifiers::NONE), None, "q no longer quits");
        assert_eq!(q('n', KeyModifiers::CONTROL), Some(Action::NextHit));
        assert_eq!(q('n', KeyModifiers::NONE), Some(Action::NextHit));
        assert_eq!(
            q('j', KeyModifiers::NONE),
            Some(Action::ScrollRows(1)),
            "the rest stay"
        );
        let c = q('c', KeyModifiers::CONTROL);
        assert_eq!(c, Some(Action::Quit), "Ctrl-c still quits");
    }

    #[test]
    fn a_key_taken_from_another_action_leaves_it() {
        let (keys, _) = overrides("keys:\n  reading:\n    top: j\n");
        let j = keys.action_for_key(READ, press(KeyCode::Char('j'), KeyModifiers::NONE));
        assert_eq!(j, Some(Action::Top));
        let down = READING
            .bindings
            .iter()
            .find(|b| b.action == Action::ScrollRows(1))
            .unwrap();
        assert_eq!(
            keys.keys_of(&READING, down),
            [(KeyCode::Down, KeyModifiers::NONE)]
        );
        // The help scrolls with the reader's remapped keys too.
        let help = keys.action_for_key(
            Mode::Reader(ReaderMode::Help),
            press(KeyCode::Char('j'), KeyModifiers::NONE),
        );
        assert_eq!(help, Some(Action::Top));
    }

    #[test]
    fn what_cannot_be_used_is_noted_with_its_line() {
        let yaml = "theme: dark\nkeys:\n  reading:\n    fly: x\n    quit: Hyper-q\n  anywhere:\n    quit: q\n  search-bar:\n    close: x\n";
        let (keys, notes) = overrides(yaml);
        assert!(keys.is_empty());
        assert_eq!(notes.len(), 4, "{notes:?}");
        assert!(
            notes
                .iter()
                .any(|n| n.starts_with("config.yaml: line 6: no mode `keys.anywhere`")),
            "{notes:?}"
        );
        assert!(
            notes
                .iter()
                .any(|n| n.contains("line 4: keys.reading.fly: no such action")),
            "{notes:?}"
        );
        assert!(
            notes.iter().any(|n| n.contains("`Hyper-q` is not a key")),
            "{notes:?}"
        );
        assert!(
            notes
                .iter()
                .any(|n| n.contains("`x` is typed into the prompt")),
            "{notes:?}"
        );
    }

    #[test]
    fn a_character_a_prompt_mode_no_longer_binds_is_typed() {
        let (keys, notes) = overrides("keys:\n  library:\n    search: Ctrl-f\n");
        assert!(notes.is_empty(), "{notes:?}");
        let list = Mode::Library(crate::tui::library::LibraryMode::List);
        let slash = keys.action_for_key(list, press(KeyCode::Char('/'), KeyModifiers::NONE));
        assert_eq!(slash, Some(Action::PromptInput('/')));
        let ctrl_f = keys.action_for_key(list, press(KeyCode::Char('f'), KeyModifiers::CONTROL));
        assert_eq!(ctrl_f, Some(Action::StartSearch));
    }

    #[test]
    fn no_overrides_is_the_tables() {
        let keys = KeyOverrides::default();
        for c in ['q', 'j', 'n', '?', 'x'] {
            let key = press(KeyCode::Char(c), KeyModifiers::NONE);
            assert_eq!(
                keys.action_for_key(READ, key),
                keymap::action_for_key(READ, key)
            );
        }
    }
}
