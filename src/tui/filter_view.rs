//! `&pattern`, as in less: a prompt whose Enter shows only the segments
//! that match, until Esc (or an empty `&`) shows them all again at the
//! same place.
//!
//! The pattern is read as `/` reads it (smart case, typographic folding,
//! `@name` to keep one speaker's segments, Ctrl-r for a regex). Nothing
//! runs while typing: Enter asks the search worker once, as `/` does, and
//! the segments of its hits become the view ([`ShownSegments`]). `@name`
//! alone needs no search: the speaker's segments are known at once.

use std::sync::Arc;

use crate::search::{self, Hit, Query};

use super::action::{Action, Effect, SearchRequest};
use super::keymap::ReaderMode;
use super::reader_feature::{FeatureContext, Outcome, Show};
use super::search_prompt::SearchPrompt;
use super::shown::ShownSegments;

/// Set in the generation of a filter's search, so its results come back
/// to the filter and not to the search bar (both ask the same worker).
pub const FILTER_GENERATION: u64 = 1 << 63;

/// Whether search results of `generation` are a filter's.
pub fn is_filter_generation(generation: u64) -> bool {
    generation & FILTER_GENERATION != 0
}

/// The `&` prompt and the filter it applied.
#[derive(Debug, Default)]
pub struct FilterBar {
    /// The pattern as typed, its regex mode and why it cannot run.
    pub prompt: SearchPrompt,
    /// The pattern whose segments are shown, while a filter is on.
    pub applied: Option<String>,
    /// The pattern whose search is running, and its query (asked again
    /// if a `/` search overtakes it on the worker).
    pub asked: Option<String>,
    asked_query: Option<Arc<Query>>,
    /// Patterns applied before, oldest first (Up / Down in the prompt).
    history: Vec<String>,
    history_cursor: Option<usize>,
}

impl FilterBar {
    /// `&`: opens the prompt, empty (Enter on it shows everything again).
    pub fn start(&mut self) -> Outcome {
        self.prompt.input.clear();
        self.prompt.error = None;
        self.history_cursor = None;
        Outcome::mode(ReaderMode::Filter)
    }

    /// A key while the prompt is open.
    pub fn update(&mut self, action: Action, context: &FeatureContext) -> Outcome {
        match action {
            Action::PromptSubmit => self.submit(context),
            Action::Close => Outcome::mode(ReaderMode::Reading),
            Action::PromptBackspace if self.prompt.input.is_empty() => {
                Outcome::mode(ReaderMode::Reading)
            }
            Action::HistoryPrevious => self.recall(true),
            Action::HistoryNext => self.recall(false),
            edit => {
                if self.prompt.edit(&edit) {
                    self.history_cursor = None;
                    self.prompt.error = None;
                }
                Outcome::none()
            }
        }
    }

    /// Enter: an empty pattern shows everything; `@name` alone shows the
    /// speaker's segments now; anything else asks for a search.
    fn submit(&mut self, context: &FeatureContext) -> Outcome {
        let typed = self.prompt.input.as_str().trim().to_string();
        if typed.is_empty() {
            return self.show_all();
        }
        let query = match Query::parse(&typed, self.prompt.options()) {
            Ok(query) => query,
            Err(error) => {
                self.prompt.error = Some(error.to_string());
                return Outcome::none();
            }
        };
        if self.history.last() != Some(&typed) {
            self.history.push(typed.clone());
        }
        if query.is_speaker_only() {
            let segments = search::speaker_segments(context.episode, &query);
            return self.shown(typed, segments, context);
        }
        if query.is_empty() {
            self.prompt.error = Some("nothing to match".into());
            return Outcome::none();
        }
        self.asked = Some(typed);
        self.asked_query = Some(Arc::new(query));
        Outcome {
            mode: Some(ReaderMode::Reading),
            ..self.ask_again(context)
        }
    }

    /// Asks for the search of the pattern entered last, as a new
    /// generation: on Enter, and when a `/` search took the worker from it
    /// (the worker runs only the newest search of the reader).
    pub fn ask_again(&mut self, context: &FeatureContext) -> Outcome {
        let Some(query) = self.asked_query.clone().filter(|_| self.asked.is_some()) else {
            return Outcome::none();
        };
        self.prompt.generation += 1;
        self.prompt.pending = true;
        Outcome::effects(vec![Effect::Search(SearchRequest::Episode {
            generation: FILTER_GENERATION | self.prompt.generation,
            query,
            episode: Arc::clone(context.episode),
            from: 0,
        })])
    }

    /// The search asked on Enter is done: its segments are shown.
    pub fn results(&mut self, generation: u64, hits: &[Hit], context: &FeatureContext) -> Outcome {
        if generation != FILTER_GENERATION | self.prompt.generation || !self.prompt.pending {
            return Outcome::none(); // stale: Esc or a newer pattern since
        }
        self.prompt.pending = false;
        let Some(typed) = self.asked.take() else {
            return Outcome::none();
        };
        let segments: Vec<usize> = hits.iter().map(|hit| hit.segment).collect();
        self.shown(typed, segments, context)
    }

    /// Shows `segments`, or says nothing matched and leaves the view be.
    fn shown(&mut self, typed: String, segments: Vec<usize>, context: &FeatureContext) -> Outcome {
        let total = context.episode.segments.len();
        match ShownSegments::only(segments, total) {
            Some(shown) => {
                self.applied = Some(typed);
                Outcome {
                    show: Some(Show::Only(shown)),
                    ..Outcome::mode(ReaderMode::Reading)
                }
            }
            None => Outcome {
                note: Some(format!("&{typed}: no segment matches")),
                ..Outcome::mode(ReaderMode::Reading)
            },
        }
    }

    /// Esc in the reader, or `&` Enter on nothing: every segment again.
    pub fn show_all(&mut self) -> Outcome {
        self.clear();
        Outcome {
            show: Some(Show::All),
            ..Outcome::mode(ReaderMode::Reading)
        }
    }

    /// Forgets the filter and any search of one still running (the reader
    /// shows every segment again).
    pub fn clear(&mut self) {
        self.applied = None;
        self.asked = None;
        self.asked_query = None;
        self.prompt.pending = false;
    }

    /// Whether a filter is on, or its search is running.
    pub fn is_active(&self) -> bool {
        self.applied.is_some() || self.prompt.pending
    }

    /// What the status line says of the filter: `& growth · 14 of 212
    /// segments · Esc: all`, or that it is still being found.
    pub fn notice(&self, shown: Option<&ShownSegments>) -> Option<String> {
        if self.prompt.pending {
            let asked = self.asked.as_deref().unwrap_or_default();
            return Some(format!("& {asked} · finding… · Esc: all"));
        }
        let (applied, shown) = (self.applied.as_deref()?, shown?);
        Some(format!(
            "& {applied} · {} of {} segments · Esc: all",
            shown.len(),
            shown.total()
        ))
    }

    /// Up / Down in the prompt: earlier and later patterns.
    fn recall(&mut self, older: bool) -> Outcome {
        let Some(last) = self.history.len().checked_sub(1) else {
            return Outcome::none();
        };
        self.history_cursor = match (self.history_cursor, older) {
            (None, true) => Some(last),
            (None, false) => return Outcome::none(),
            (Some(i), true) => Some(i.saturating_sub(1)),
            (Some(i), false) if i < last => Some(i + 1),
            (Some(_), false) => None,
        };
        let text = self
            .history_cursor
            .map_or_else(String::new, |i| self.history[i].clone());
        self.prompt.input.set(text);
        Outcome::none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::reader_feature::Place;

    fn context(episode: &Arc<crate::episode::Episode>) -> FeatureContext<'_> {
        FeatureContext {
            episode,
            place: Place::default(),
            duration: None,
            text_ends: &[],
            now: std::time::SystemTime::UNIX_EPOCH,
            shown: None,
        }
    }

    fn typed(bar: &mut FilterBar, text: &str, context: &FeatureContext) -> Outcome {
        bar.start();
        for c in text.chars() {
            bar.update(Action::PromptInput(c), context);
        }
        bar.update(Action::PromptSubmit, context)
    }

    #[test]
    fn enter_asks_one_search_and_its_segments_are_shown() {
        let episode = Arc::new(crate::formats::sample());
        let context = context(&episode);
        let mut bar = FilterBar::default();
        let outcome = typed(&mut bar, "the", &context);
        let [Effect::Search(SearchRequest::Episode { generation, .. })] = outcome.effects[..]
        else {
            panic!("{outcome:?}");
        };
        assert!(is_filter_generation(generation));
        assert!(bar.notice(None).is_some_and(|n| n.contains("finding")));
        let hits = [
            Hit {
                segment: 3,
                range: 0..1,
            },
            Hit {
                segment: 3,
                range: 4..5,
            },
        ];
        let outcome = bar.results(generation, &hits, &context);
        let Some(Show::Only(shown)) = outcome.show else {
            panic!("{outcome:?}");
        };
        assert_eq!(shown.len(), 1);
        assert_eq!(
            bar.notice(Some(&shown)),
            Some(format!(
                "& the · 1 of {} segments · Esc: all",
                episode.segments.len()
            ))
        );
        // A late answer to an older search changes nothing.
        assert!(bar.results(generation, &hits, &context).show.is_none());
    }

    #[test]
    fn nothing_matching_leaves_the_view_and_says_so() {
        let episode = Arc::new(crate::formats::sample());
        let context = context(&episode);
        let mut bar = FilterBar::default();
        let outcome = typed(&mut bar, "@nobody", &context);
        assert!(outcome.show.is_none());
        assert_eq!(
            outcome.note.as_deref(),
            Some("&@nobody: no segment matches")
        );
        assert!(!bar.is_active());
        let outcome = typed(&mut bar, "", &context);
        assert_eq!(outcome.show, Some(Show::All));
    }
}
