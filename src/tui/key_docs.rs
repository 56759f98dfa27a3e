//! The key tables in words: rows of keys and what they do, written from
//! [`keymap`](super::keymap)'s sections, for the help overlay (and for the
//! test that checks the key tables in README.md and docs/usage.md).

use crossterm::event::{KeyCode, KeyModifiers};

use super::key_overrides::KeyOverrides;
use super::keymap::{ANYWHERE, BOOKMARKS, Key, LINE_EDITING, PROMPT, READING, SEARCH_BAR, Section};

/// The sections the help overlay shows, in order.
pub const HELP_SECTIONS: &[&Section] = &[
    &READING,
    &SEARCH_BAR,
    &PROMPT,
    &LINE_EDITING,
    &BOOKMARKS,
    &ANYWHERE,
];

/// One row of a key table: the keys, as words, and what they do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRow {
    /// Each binding's keys; a row holds more than one binding when they
    /// are a pair ("a line down / up").
    pub keys: Vec<Vec<String>>,
    pub does: &'static str,
}

/// A section's rows: its bindings (a binding without words joins the row
/// above), then its notes.
pub fn rows(section: &Section) -> Vec<KeyRow> {
    rows_with(section, &KeyOverrides::default())
}

/// [`rows`], with the keys the config remapped.
pub fn rows_with(section: &Section, overrides: &KeyOverrides) -> Vec<KeyRow> {
    let mut rows: Vec<KeyRow> = Vec::new();
    for binding in section.bindings {
        let keys = overrides
            .keys_of(section, binding)
            .into_iter()
            .map(key_name)
            .collect();
        match rows.last_mut() {
            Some(row) if binding.does.is_empty() => row.keys.push(keys),
            _ => rows.push(KeyRow {
                keys: vec![keys],
                does: binding.does,
            }),
        }
    }
    let notes = section.notes.iter().map(|(what, does)| KeyRow {
        keys: vec![vec![(*what).to_string()]],
        does,
    });
    rows.extend(notes);
    rows
}

/// A key as a person writes it: `j`, `Ctrl-d`, `Space`, `PgDn`, `↓`.
pub fn key_name((code, modifiers): Key) -> String {
    let name = match code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        // Named here, not by crossterm's Display: that one says "Return"
        // for Enter on macOS, and the docs must read the same everywhere.
        KeyCode::Backspace => "Backspace".into(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        other => format!("{other:?}"),
    };
    let mut prefix = String::new();
    if modifiers.contains(KeyModifiers::CONTROL) {
        prefix.push_str("Ctrl-");
    }
    if modifiers.contains(KeyModifiers::ALT) {
        prefix.push_str("Alt-");
    }
    prefix + &name
}

/// A row's keys for the help overlay: `j ↓  k ↑`.
pub fn help_keys(row: &KeyRow) -> String {
    let bindings: Vec<String> = row.keys.iter().map(|keys| keys.join(" ")).collect();
    bindings.join("  ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_as_people_write_them() {
        let names: Vec<String> = [
            (KeyCode::Char('j'), KeyModifiers::NONE),
            (KeyCode::Char('d'), KeyModifiers::CONTROL),
            (KeyCode::Char(' '), KeyModifiers::NONE),
            (KeyCode::PageDown, KeyModifiers::NONE),
            (KeyCode::Down, KeyModifiers::NONE),
            (KeyCode::Esc, KeyModifiers::NONE),
        ]
        .into_iter()
        .map(key_name)
        .collect();
        assert_eq!(names, ["j", "Ctrl-d", "Space", "PgDn", "↓", "Esc"]);
    }

    #[test]
    fn every_row_of_every_section_says_what_it_does() {
        for section in crate::tui::keymap::SECTIONS {
            for row in rows(section) {
                assert!(!row.does.is_empty(), "{}: {:?}", section.title, row.keys);
            }
        }
    }

    #[test]
    fn a_binding_without_words_shares_the_row_above() {
        let rows = rows(&READING);
        let lines = rows.iter().find(|r| r.does == "a line down / up").unwrap();
        assert_eq!(help_keys(lines), "j ↓  k ↑");
        assert!(rows.iter().all(|r| !r.does.is_empty()));
        // Every binding is on some row, and the notes come last.
        let keys: usize = rows.iter().map(|r| r.keys.len()).sum();
        assert_eq!(keys, READING.bindings.len() + READING.notes.len());
        assert_eq!(rows.last().unwrap().keys, [["wheel, click"]]);
    }
}
