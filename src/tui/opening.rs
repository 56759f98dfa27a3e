//! Where the reader opens when the command line says (`--at`, `--search`,
//! `FILE:12:30`): the keys a user would type, so the rules and messages are
//! the `t` prompt's and the `/` bar's.

use super::action::Action;
use super::keymap::paste_text;

/// Where an episode opens.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Opening {
    /// Where it was left last time (the start for a new one).
    #[default]
    Saved,
    /// At a time, as the `t` prompt takes it (`12:30`, `62m`, `45%`).
    At(String),
    /// With this search run, at its first match.
    Search(String),
}

impl Opening {
    /// The actions that open the episode there, as if typed.
    pub fn actions(&self) -> Vec<Action> {
        let (start, text) = match self {
            Opening::Saved => return Vec::new(),
            Opening::At(time) => (Action::StartGoTo, time),
            Opening::Search(word) => (Action::StartSearch, word),
        };
        vec![start, Action::Paste(paste_text(text)), Action::PromptSubmit]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_opening_is_typed_into_its_prompt() {
        assert!(Opening::Saved.actions().is_empty());
        assert_eq!(
            Opening::At("12:30".into()).actions(),
            [
                Action::StartGoTo,
                Action::Paste("12:30".into()),
                Action::PromptSubmit
            ]
        );
        assert_eq!(
            Opening::Search("a\u{1b}[2Jb".into()).actions()[1],
            Action::Paste("ab".into())
        );
    }
}
