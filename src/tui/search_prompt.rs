//! The search prompt both screens share: the query as typed, its options,
//! why it cannot run, and which search asked last. The reader's search bar
//! and the library's search across episodes each keep one, and keep apart
//! what they do with the results.

use crate::search::{Query, SearchOptions};

use super::action::Action;
use super::line_editor::LineEditor;

/// What a search prompt holds.
#[derive(Debug, Default)]
pub struct SearchPrompt {
    /// The query as typed.
    pub input: LineEditor,
    /// Whether the query is a regular expression.
    pub regex: bool,
    /// Why the typed query cannot run (invalid regex, too big); the last
    /// good results stay on screen meanwhile.
    pub error: Option<String>,
    /// Bumped for every search asked for; older results are stale.
    pub generation: u64,
    /// Whether a search is running whose results are not in yet.
    pub pending: bool,
}

/// What the typed query asks for, once parsed.
#[derive(Debug)]
pub enum Asked {
    /// Nothing typed to search for: the results are to be cleared.
    Nothing,
    /// A search to run, as generation [`SearchPrompt::generation`].
    Search(Query),
    /// The query cannot run; [`SearchPrompt::error`] says why.
    Invalid,
}

impl SearchPrompt {
    /// The options the prompt searches with: case-insensitive, regex as
    /// toggled.
    pub fn options(&self) -> SearchOptions {
        SearchOptions {
            regex: self.regex,
            case_sensitive: false,
        }
    }

    /// The typed query, if it can run.
    pub fn query(&self) -> Option<Query> {
        Query::parse(self.input.as_str(), self.options()).ok()
    }

    /// Applies a key typed in the prompt (a character, a paste, a line
    /// edit, the regex toggle). Returns whether the query changed; the
    /// caller then asks again with [`SearchPrompt::ask`].
    pub fn edit(&mut self, action: &Action) -> bool {
        match action {
            Action::ToggleRegex => {
                self.regex = !self.regex;
                true
            }
            other => self.input.edit(other),
        }
    }

    /// Parses the typed query for a new search: a search to run or nothing
    /// to search for starts a new generation; a query that cannot run
    /// leaves the last one's results coming.
    pub fn ask(&mut self) -> Asked {
        match Query::parse(self.input.as_str(), self.options()) {
            Ok(query) if query.is_empty() => {
                self.error = None;
                self.pending = false;
                self.generation += 1;
                Asked::Nothing
            }
            Ok(query) => {
                self.error = None;
                self.pending = true;
                self.generation += 1;
                Asked::Search(query)
            }
            Err(error) => {
                self.error = Some(error.to_string());
                Asked::Invalid
            }
        }
    }

    /// `regex · ` while regex mode is on: shown beside every count.
    pub fn regex_flag(&self) -> &'static str {
        if self.regex { "regex · " } else { "" }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(text: &str) -> SearchPrompt {
        let mut prompt = SearchPrompt::default();
        for c in text.chars() {
            assert!(prompt.edit(&Action::PromptInput(c)));
        }
        prompt
    }

    #[test]
    fn each_search_asked_for_is_a_new_generation() {
        let mut prompt = typed("canvas");
        assert!(matches!(prompt.ask(), Asked::Search(_)));
        assert_eq!((prompt.generation, prompt.pending), (1, true));
        prompt.input.clear();
        assert!(matches!(prompt.ask(), Asked::Nothing));
        assert_eq!((prompt.generation, prompt.pending), (2, false));
    }

    #[test]
    fn a_query_that_cannot_run_keeps_the_generation_and_says_why() {
        let mut prompt = typed("(");
        assert!(prompt.edit(&Action::ToggleRegex));
        assert!(matches!(prompt.ask(), Asked::Invalid));
        assert_eq!(prompt.generation, 0);
        assert!(prompt.error.is_some());
        assert!(prompt.edit(&Action::PromptBackspace));
        assert!(matches!(prompt.ask(), Asked::Nothing));
        assert_eq!(prompt.error, None);
    }

    #[test]
    fn other_keys_are_not_edits() {
        assert!(!SearchPrompt::default().edit(&Action::PromptSubmit));
    }
}
