//! One line of text being edited, as a shell's readline does it: a cursor
//! that moves by grapheme (so `é` typed as `e` + a combining accent, or an
//! emoji with a modifier, is one step) and by word, and the usual kills
//! (Ctrl-w, Ctrl-u, Ctrl-k). Every prompt holds one: the search bars, the
//! go-to prompt, the note prompt and the library's filter.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::action::{Action, Edit};

/// The text of a prompt and where its cursor is.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct LineEditor {
    text: String,
    /// A byte offset into `text`, always on a grapheme boundary.
    cursor: usize,
}

impl LineEditor {
    /// A line holding `text`, the cursor at its end.
    pub fn with_text(text: impl Into<String>) -> Self {
        let text = text.into();
        let cursor = text.len();
        Self { text, cursor }
    }

    /// The text as typed.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The cursor, as a byte offset into [`LineEditor::as_str`].
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Replaces the text; the cursor goes to its end (a recalled query).
    pub fn set(&mut self, text: impl Into<String>) {
        *self = Self::with_text(text);
    }

    /// Empties the line.
    pub fn clear(&mut self) {
        *self = Self::default();
    }

    /// Takes the text out, leaving the line empty.
    pub fn take(&mut self) -> String {
        self.cursor = 0;
        std::mem::take(&mut self.text)
    }

    /// Applies a typing action (a character, a paste, Backspace or an
    /// [`Edit`]). Returns whether the text changed (a cursor move does
    /// not change it; other actions are left alone).
    pub fn edit(&mut self, action: &Action) -> bool {
        // Edits only insert or only delete, so the length tells a change.
        let before = self.text.len();
        match action {
            Action::PromptInput(c) => self.insert(c.encode_utf8(&mut [0; 4])),
            Action::Paste(text) => self.insert(text),
            Action::PromptBackspace => self.backspace(),
            Action::PromptEdit(edit) => self.apply(*edit),
            _ => {}
        }
        self.text.len() != before
    }

    /// Inserts `text` at the cursor and moves past it.
    pub fn insert(&mut self, text: &str) {
        self.text.insert_str(self.cursor, text);
        self.cursor += text.len();
        // A combining mark joins the grapheme before it: keep the cursor on
        // a boundary.
        self.cursor = self.boundary_at_or_after(self.cursor);
    }

    /// Deletes the grapheme before the cursor.
    pub fn backspace(&mut self) {
        let start = self.previous_boundary();
        self.text.replace_range(start..self.cursor, "");
        self.cursor = start;
    }

    /// Applies one movement or deletion.
    pub fn apply(&mut self, edit: Edit) {
        match edit {
            Edit::Left => self.cursor = self.previous_boundary(),
            Edit::Right => self.cursor = self.next_boundary(),
            Edit::Home => self.cursor = 0,
            Edit::End => self.cursor = self.text.len(),
            Edit::WordLeft => self.cursor = self.word_start_before(),
            Edit::WordRight => self.cursor = self.word_end_after(),
            Edit::DeleteForward => {
                let end = self.next_boundary();
                self.text.replace_range(self.cursor..end, "");
            }
            Edit::DeleteWordBack => {
                let start = self.word_start_before();
                self.text.replace_range(start..self.cursor, "");
                self.cursor = start;
            }
            Edit::KillToStart => {
                self.text.replace_range(..self.cursor, "");
                self.cursor = 0;
            }
            Edit::KillToEnd => self.text.truncate(self.cursor),
        }
    }

    fn previous_boundary(&self) -> usize {
        self.text[..self.cursor]
            .grapheme_indices(true)
            .next_back()
            .map_or(0, |(i, _)| i)
    }

    fn next_boundary(&self) -> usize {
        self.text[self.cursor..]
            .graphemes(true)
            .next()
            .map_or(self.cursor, |g| self.cursor + g.len())
    }

    /// The first grapheme boundary at or after byte `at`.
    fn boundary_at_or_after(&self, at: usize) -> usize {
        self.text
            .grapheme_indices(true)
            .map(|(i, _)| i)
            .find(|&i| i >= at)
            .unwrap_or(self.text.len())
    }

    /// Where the word before the cursor starts, skipping spaces first.
    fn word_start_before(&self) -> usize {
        let before = &self.text[..self.cursor];
        let mut start = self.cursor;
        let mut seen_word = false;
        for (i, g) in before.grapheme_indices(true).rev() {
            let word = is_word(g);
            if seen_word && !word {
                break;
            }
            seen_word |= word;
            start = i;
        }
        start
    }

    /// Where the word after the cursor ends, skipping spaces first.
    fn word_end_after(&self) -> usize {
        let mut end = self.cursor;
        let mut seen_word = false;
        for g in self.text[self.cursor..].graphemes(true) {
            let word = is_word(g);
            if seen_word && !word {
                break;
            }
            seen_word |= word;
            end += g.len();
        }
        end
    }

    /// What to draw in `width` columns: the visible part of the text and
    /// the column of the cursor in it. The cursor always shows (a cell is
    /// kept for it at the end); a long line scrolls so the cursor stays in
    /// view, as a shell's line does.
    pub fn window(&self, width: usize) -> (&str, usize) {
        let room = width.saturating_sub(1);
        let before = &self.text[..self.cursor];
        if before.width() <= room {
            let shown = head_fitting(&self.text, room.max(before.width()));
            return (shown, before.width());
        }
        // The cursor sits at the right edge; what precedes it is cut.
        let shown_before = tail_fitting(before, room);
        let start = self.cursor - shown_before.len();
        (&self.text[start..self.cursor], shown_before.width())
    }
}

/// A line equals the text it holds, wherever its cursor is.
impl PartialEq<&str> for LineEditor {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

/// The longest start of `text` that fits in `width` columns, whole
/// graphemes only.
fn head_fitting(text: &str, width: usize) -> &str {
    let mut used = 0;
    for (i, g) in text.grapheme_indices(true) {
        used += g.width();
        if used > width {
            return &text[..i];
        }
    }
    text
}

/// The longest end of `text` that fits in `width` columns, whole graphemes
/// only.
pub(crate) fn tail_fitting(text: &str, width: usize) -> &str {
    let mut used = 0;
    for (i, g) in text.grapheme_indices(true).rev() {
        used += g.width();
        if used > width {
            return &text[i + g.len()..];
        }
    }
    text
}

/// Whether a grapheme is part of a word (letters, digits, `_`, `'`), for
/// Alt-b, Alt-f and Ctrl-w.
fn is_word(grapheme: &str) -> bool {
    grapheme
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '\'' || c == '’')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, cursor: usize) -> LineEditor {
        LineEditor {
            text: text.into(),
            cursor,
        }
    }

    fn after(mut line: LineEditor, edits: &[Edit]) -> (String, usize) {
        for &edit in edits {
            line.apply(edit);
        }
        (line.text, line.cursor)
    }

    #[test]
    fn typing_inserts_at_the_cursor() {
        let mut line = LineEditor::with_text("helo");
        line.apply(Edit::Left);
        assert!(line.edit(&Action::PromptInput('l')));
        assert_eq!((line.as_str(), line.cursor()), ("hello", 4));
        assert!(line.edit(&Action::Paste("XY".into())));
        assert_eq!((line.as_str(), line.cursor()), ("hellXYo", 6));
        assert!(!line.edit(&Action::PromptSubmit));
        assert!(!line.edit(&Action::PromptEdit(Edit::Home)), "a move");
        assert_eq!(line.cursor(), 0);
    }

    #[test]
    fn left_right_home_end_move_by_grapheme() {
        // e + combining acute, then a flag (two code points, one grapheme).
        let text = "ae\u{301}🇫🇷b";
        let end = text.len();
        assert_eq!(after(at(text, end), &[Edit::Left]).1, end - 1);
        assert_eq!(after(at(text, end), &[Edit::Left, Edit::Left]).1, 4);
        assert_eq!(after(at(text, 4), &[Edit::Left]).1, 1);
        assert_eq!(after(at(text, 1), &[Edit::Right]).1, 4);
        assert_eq!(after(at(text, 4), &[Edit::Home]).1, 0);
        assert_eq!(after(at(text, 0), &[Edit::End]).1, end);
        assert_eq!(after(at(text, 0), &[Edit::Left]).1, 0);
        assert_eq!(after(at(text, end), &[Edit::Right]).1, end);
    }

    #[test]
    fn backspace_and_delete_remove_a_whole_grapheme() {
        let text = "ae\u{301}b";
        let mut line = at(text, 4);
        line.backspace();
        assert_eq!((line.as_str(), line.cursor()), ("ab", 1));
        line.backspace();
        line.backspace();
        assert_eq!((line.as_str(), line.cursor()), ("b", 0));
        assert_eq!(
            after(at("日本語", 3), &[Edit::DeleteForward]),
            ("日語".into(), 3)
        );
        assert_eq!(after(at("ab", 2), &[Edit::DeleteForward]), ("ab".into(), 2));
    }

    #[test]
    fn a_combining_mark_typed_joins_the_letter_before() {
        let mut line = LineEditor::with_text("cafe");
        line.edit(&Action::PromptInput('\u{301}'));
        line.apply(Edit::Left);
        assert_eq!(line.cursor(), 3, "one step back over é");
    }

    #[test]
    fn word_moves_skip_spaces_then_a_word() {
        let text = "the cost  of scale";
        assert_eq!(after(at(text, text.len()), &[Edit::WordLeft]).1, 13);
        assert_eq!(after(at(text, 13), &[Edit::WordLeft]).1, 10);
        assert_eq!(after(at(text, 9), &[Edit::WordLeft]).1, 4);
        assert_eq!(after(at(text, 0), &[Edit::WordRight]).1, 3);
        assert_eq!(after(at(text, 3), &[Edit::WordRight]).1, 8);
        assert_eq!(after(at(text, 13), &[Edit::WordRight]).1, text.len());
    }

    #[test]
    fn kills_cut_a_word_the_start_or_the_end() {
        let text = "@annie pricing power";
        let end = text.len();
        assert_eq!(
            after(at(text, end), &[Edit::DeleteWordBack]),
            ("@annie pricing ".into(), 15)
        );
        assert_eq!(
            after(at(text, 15), &[Edit::DeleteWordBack]),
            ("@annie power".into(), 7)
        );
        assert_eq!(
            after(at(text, 7), &[Edit::KillToStart]),
            ("pricing power".into(), 0)
        );
        assert_eq!(
            after(at(text, 14), &[Edit::KillToEnd]),
            ("@annie pricing".into(), 14)
        );
    }

    #[test]
    fn the_window_keeps_the_cursor_in_view() {
        let line = LineEditor::with_text("abcdefghij");
        assert_eq!(line.window(20), ("abcdefghij", 10));
        assert_eq!(
            line.window(5),
            ("ghij", 4),
            "the end shows, cursor after it"
        );
        let start = at("abcdefghij", 0);
        assert_eq!(start.window(5), ("abcd", 0), "the start shows");
        let wide = LineEditor::with_text("日本語");
        assert_eq!(wide.window(5), ("本語", 4), "wide characters are not split");
        assert_eq!(LineEditor::default().window(0), ("", 0));
    }
}
