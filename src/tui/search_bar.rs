//! The reader's search: the bar's state, and what `/`, typing, Enter, Esc,
//! `n` and `N` ask of the reader.
//!
//! Searching itself runs off the UI thread: each keystroke bumps a
//! generation and asks for a search ([`Effect::Search`]); results come back
//! as [`Action::SearchResults`] and are dropped if a newer generation
//! exists, so typing never waits on a search.

use std::sync::Arc;

use crate::search::{self, Hit};

use super::action::{Action, Effect, SearchRequest};
use super::keymap::ReaderMode;
use super::reader_feature::{FeatureContext, Jump, Outcome, Place};
use super::search_prompt::{Asked, SearchPrompt};
use super::shown::ShownSegments;

/// What the search bar holds.
#[derive(Debug, Default)]
pub struct SearchBar {
    /// The query as typed, its options, and the search asked last.
    pub prompt: SearchPrompt,
    /// The hits of the last query that ran in the segments on screen
    /// (all of them, or those a `&` filter shows), sorted.
    pub hits: Vec<Hit>,
    /// Every hit of the last query that ran, when a filter hides some:
    /// `hits` is made from these again when the filter changes.
    all_hits: Option<Vec<Hit>>,
    /// Index into `hits` of the current match.
    pub current: Option<usize>,
    /// Whether hits are highlighted (Esc in the reader turns it off).
    pub highlight: bool,
    /// The query whose hits are shown (the input is cleared by a new `/`
    /// while the old hits stay highlighted).
    pub shown: String,
    /// The query of the search asked for last, shown once its hits are in.
    asked: String,
    /// Whether `hits` are the first found of the search still running
    /// (the count is not known yet).
    partial: bool,
    /// Set by `/` Enter on an empty bar: the hits asked for go on from this
    /// hit (the current one, if it was in the current segment), as `n`.
    repeat: Option<Option<Hit>>,
    /// Where the reader was when `/` was pressed: Esc goes back there.
    origin: Option<Place>,
    /// The `n` (+1) and `N` (-1) pressed before the running search found a
    /// hit, summed: taken once its first hits are in, as a slower hand
    /// would have.
    queued_steps: i32,
    history: Vec<String>,
    /// While recalling with Up/Down: the history entry shown.
    history_cursor: Option<usize>,
}

impl SearchBar {
    /// The hits to highlight: none once highlighting is off.
    pub fn visible_hits(&self) -> &[Hit] {
        if self.highlight { &self.hits } else { &[] }
    }

    /// `K/N`, `no match`, or nothing when nothing is typed: a fresh `/`
    /// shows no count left over from the last search.
    pub fn counter(&self) -> Option<String> {
        let input = self.prompt.input.as_str();
        if input.is_empty() {
            return None;
        }
        let speaker_only = (search::Query::parse(input, self.prompt.options()).ok())
            .is_some_and(|query| query.is_speaker_only());
        if speaker_only && self.shown != input.trim() {
            // Nothing is searched while a name is typed: Enter finds them.
            return Some("Enter: this speaker's turns".into());
        }
        Some(self.count_text())
    }

    /// The count of the search kept after Enter, for the status line; none
    /// when no hits are highlighted.
    pub fn kept_count(&self) -> Option<String> {
        (self.highlight && !self.shown.is_empty()).then(|| self.count_text())
    }

    /// The query and count for the status line while reading: the search
    /// asked for last while none of its hits are in (the reader has not
    /// moved yet, and should say why), else the search kept after Enter.
    pub fn status(&self) -> Option<(&str, String)> {
        if self.prompt.pending && !self.partial && !self.asked.is_empty() {
            return Some((&self.asked, self.count_text()));
        }
        Some((&self.shown, self.kept_count()?))
    }

    fn count_text(&self) -> String {
        if self.prompt.pending && !self.partial {
            // The hits shown are the last search's: its count would mislead.
            return "searching…".to_string();
        }
        if self.prompt.pending {
            let at = self
                .current
                .map_or("-".to_string(), |k| (k + 1).to_string());
            return format!("{at}/{}+ searching…", self.hits.len());
        }
        match (self.current, self.hits.len()) {
            (_, 0) => "no match".to_string(),
            (Some(k), n) => format!("{}/{n}", k + 1),
            (None, n) => format!("-/{n}"),
        }
    }
}

impl SearchBar {
    /// `/`: opens the bar, remembering where the reader is.
    pub fn start(&mut self, context: &FeatureContext) -> Outcome {
        self.prompt.input.clear();
        self.prompt.error = None;
        self.history_cursor = None;
        self.origin = Some(context.place);
        Outcome::mode(ReaderMode::Search)
    }

    /// A key while the bar is open.
    pub fn update(&mut self, action: Action, context: &FeatureContext) -> Outcome {
        match action {
            Action::PromptBackspace if self.prompt.input.is_empty() => self.cancel(),
            Action::HistoryPrevious => self.recall(true, context),
            Action::HistoryNext => self.recall(false, context),
            Action::PromptSubmit => self.submit(context),
            Action::Close => self.cancel(),
            edit => {
                if !self.prompt.edit(&edit) {
                    return Outcome::none();
                }
                // A key typed in the bar changed the query (or its
                // options): search again.
                self.history_cursor = None;
                self.rerun(context)
            }
        }
    }

    fn rerun(&mut self, context: &FeatureContext) -> Outcome {
        match self.prompt.ask() {
            Asked::Nothing => {
                self.hits.clear();
                self.all_hits = None;
                self.shown.clear();
                self.current = None;
                Outcome {
                    restore: self.origin,
                    ..Outcome::none()
                }
            }
            Asked::Search(query) => {
                self.asked = self.prompt.input.as_str().to_string();
                self.partial = false;
                self.queued_steps = 0;
                Outcome::effects(vec![Effect::Search(SearchRequest::Episode {
                    generation: self.prompt.generation,
                    query: Arc::new(query),
                    episode: Arc::clone(context.episode),
                    from: self.origin.map_or(context.place.current, |o| o.current),
                })])
            }
            Asked::Invalid => Outcome::none(),
        }
    }

    /// A search still running that a `&` search took the worker from (the
    /// worker runs only the newest search of the reader): asked again.
    pub fn ask_again(&mut self, context: &FeatureContext) -> Outcome {
        if self.prompt.pending {
            self.rerun(context)
        } else {
            Outcome::none()
        }
    }

    /// Results are in (all of them when `done`, else the first found): show
    /// them, and while typing land on the first hit at or after where the
    /// search started. The full results after the first keep the current
    /// hit where it is.
    pub fn results(
        &mut self,
        generation: u64,
        hits: Vec<Hit>,
        done: bool,
        context: &FeatureContext,
    ) -> Outcome {
        if generation != self.prompt.generation || !self.prompt.pending {
            return Outcome::none(); // stale: a newer query is on its way
        }
        if !done && self.repeat.is_some() {
            return Outcome::none(); // `/` Enter goes on from the full list
        }
        let had_first = std::mem::replace(&mut self.partial, !done);
        self.prompt.pending = !done;
        if had_first {
            self.replace_partial_hits(hits, context.shown);
            let queued = std::mem::take(&mut self.queued_steps);
            return self.take_queued_steps(queued, Outcome::none(), context);
        }
        self.set_hits(hits, context.shown);
        self.highlight = true;
        self.shown.clone_from(&self.asked);
        let queued = std::mem::take(&mut self.queued_steps);
        if let Some(anchor) = self.repeat.take() {
            // `/` Enter repeated the last search: go on from the hit the
            // reader was on, as `n` does.
            self.current = anchor.and_then(|hit| self.hits.iter().position(|h| *h == hit));
            let landing = self.step(true, context);
            return self.take_queued_steps(queued, landing, context);
        }
        let from = self.origin.map_or(context.place.current, |o| o.current);
        self.current = search::first_hit_at_or_after(&self.hits, from);
        match self.current {
            Some(k) => {
                let landing = Outcome {
                    jump: Some(hit_jump(&self.hits[k])),
                    ..Outcome::none()
                };
                self.take_queued_steps(queued, landing, context)
            }
            None => Outcome {
                restore: self.origin,
                ..Outcome::none()
            },
        }
    }

    /// The `n` / `N` pressed while the search had no hit yet (`steps`,
    /// forward when positive), taken one by one from the hit just landed
    /// on; where a step cannot go yet (it would wrap before every hit is
    /// in), the reader stays where the steps before it led, and that step
    /// and the rest wait for the full list.
    fn take_queued_steps(
        &mut self,
        steps: i32,
        landing: Outcome,
        context: &FeatureContext,
    ) -> Outcome {
        let forward = steps > 0;
        let mut outcome = landing;
        for taken in 0..steps.unsigned_abs() {
            let on_hit = self
                .current
                .map_or(context.place.current, |k| self.hits[k].segment);
            let at = FeatureContext {
                place: Place {
                    current: on_hit,
                    ..context.place
                },
                ..*context
            };
            let stepped = self.step(forward, &at);
            let note = stepped.note.clone().or(outcome.note.take());
            if stepped.jump.is_none() {
                if self.queued_steps != 0 {
                    // This step waits for every hit: the rest wait with it.
                    for _ in taken + 1..steps.unsigned_abs() {
                        self.queue_step(forward);
                    }
                }
                outcome.note = note;
                return outcome;
            }
            outcome = Outcome {
                remember: Some(context.place),
                note,
                ..stepped
            };
        }
        outcome
    }

    /// The full list after the first hits: the current hit stays current
    /// (the reader is on it, or moved on from it with `n`).
    fn replace_partial_hits(&mut self, hits: Vec<Hit>, shown: Option<&ShownSegments>) {
        let current = self.current.and_then(|k| self.hits.get(k)).cloned();
        self.set_hits(hits, shown);
        self.current = current.and_then(|hit| {
            let k = (self.hits)
                .partition_point(|h| (h.segment, h.range.start) < (hit.segment, hit.range.start));
            (self.hits.get(k) == Some(&hit)).then_some(k)
        });
    }

    /// Keeps the hits in the segments shown (all of them with no filter),
    /// and the rest aside for when the filter changes.
    fn set_hits(&mut self, hits: Vec<Hit>, shown: Option<&ShownSegments>) {
        match shown {
            Some(shown) => {
                self.hits = hits
                    .iter()
                    .filter(|h| shown.contains(h.segment))
                    .cloned()
                    .collect();
                self.all_hits = Some(hits);
            }
            None => {
                self.hits = hits;
                self.all_hits = None;
            }
        }
    }

    /// The segments shown changed (`&`): only the hits in them count, and
    /// the current one stays current if it is still shown.
    pub fn show_only(&mut self, shown: Option<&ShownSegments>) {
        let current = self.current.and_then(|k| self.hits.get(k)).cloned();
        let all = self
            .all_hits
            .take()
            .unwrap_or_else(|| std::mem::take(&mut self.hits));
        self.set_hits(all, shown);
        self.current = current.and_then(|hit| self.hits.iter().position(|h| *h == hit));
    }

    /// Opens the reader on a hit found in the library: the query, its
    /// options and its hits carried over, as if typed here, so `n` / `N` go
    /// on.
    pub fn carry_over(
        &mut self,
        query: String,
        regex: bool,
        hits: Vec<Hit>,
        current: usize,
    ) -> Outcome {
        self.history.push(query.clone());
        self.shown.clone_from(&query);
        self.prompt.input.set(query);
        self.prompt.regex = regex;
        self.hits = hits;
        self.all_hits = None;
        self.highlight = true;
        let Some(hit) = self.hits.get(current) else {
            return Outcome::none();
        };
        self.current = Some(current);
        Outcome {
            jump: Some(hit_jump(hit)),
            ..Outcome::none()
        }
    }

    /// Enter: keep the search; the place before it joins the jump list. On
    /// an empty bar, Enter repeats the last search (as in less and vim).
    fn submit(&mut self, context: &FeatureContext) -> Outcome {
        if self.prompt.input.is_empty() {
            return Outcome {
                mode: Some(ReaderMode::Reading),
                ..self.repeat_last(context)
            };
        }
        let query = self.prompt.input.as_str().trim().to_string();
        if !query.is_empty() && self.history.last() != Some(&query) {
            self.history.push(query);
        }
        if let Some(outcome) = self.speaker_turns(context) {
            return outcome;
        }
        let origin = self.origin.take();
        Outcome {
            remember: origin.filter(|_| self.current.is_some()),
            ..Outcome::mode(ReaderMode::Reading)
        }
    }

    /// Enter on `@name` alone: each of the speaker's turns is a match, so
    /// `n` / `N` step through them; the first at or after where `/` was
    /// pressed is current. `None` for any other query.
    fn speaker_turns(&mut self, context: &FeatureContext) -> Option<Outcome> {
        if !self.take_speaker_turns(context) {
            return None;
        }
        let origin = self.origin.take();
        let from = origin.map_or(context.place.current, |o| o.current);
        self.current = search::first_hit_at_or_after(&self.hits, from);
        let Some(k) = self.current else {
            return Some(Outcome {
                restore: origin,
                note: Some(format!("/{}: no turn by that speaker", self.shown)),
                ..Outcome::mode(ReaderMode::Reading)
            });
        };
        Some(Outcome {
            remember: origin,
            jump: Some(hit_jump(&self.hits[k])),
            ..Outcome::mode(ReaderMode::Reading)
        })
    }

    /// `@name` alone in the bar: each of the speaker's turns becomes a
    /// hit. Whether the query was one (nothing changes if not).
    fn take_speaker_turns(&mut self, context: &FeatureContext) -> bool {
        let query = search::Query::parse(self.prompt.input.as_str(), self.prompt.options());
        let Some(query) = query.ok().filter(search::Query::is_speaker_only) else {
            return false;
        };
        self.prompt.generation += 1; // a search still running is stale now
        self.prompt.pending = false;
        let turns = search::speaker_turns(context.episode, &query);
        self.set_hits(turns, context.shown);
        self.highlight = true;
        self.shown = self.prompt.input.as_str().trim().to_string();
        true
    }

    /// `/` Enter: the last query again, going on to its next hit (the
    /// search runs again, as the regex mode may have changed since).
    fn repeat_last(&mut self, context: &FeatureContext) -> Outcome {
        self.origin = None;
        let Some(last) = self.history.last().cloned() else {
            return Outcome::note("no earlier search to repeat");
        };
        let anchor = (self.current)
            .and_then(|k| self.hits.get(k))
            .filter(|hit| hit.segment == context.place.current)
            .cloned();
        self.prompt.input.set(last);
        if self.take_speaker_turns(context) {
            // `/@ann` again: her next turn, as `n`.
            self.current = anchor.and_then(|hit| self.hits.iter().position(|h| *h == hit));
            return self.step(true, context);
        }
        self.repeat = Some(anchor);
        let mut outcome = self.rerun(context);
        if outcome.effects.is_empty() {
            // The query does not run now (regex mode was toggled since, or
            // it was a speaker filter alone): say why.
            self.repeat = None;
            let why = self
                .prompt
                .error
                .as_deref()
                .unwrap_or("nothing to search for");
            outcome.note = Some(format!("/{}: {why}", self.prompt.input.as_str()));
        }
        outcome
    }

    /// Esc while typing: back to where `/` was pressed; the hits stay
    /// highlighted until the next Esc.
    fn cancel(&mut self) -> Outcome {
        Outcome {
            restore: self.origin.take(),
            ..Outcome::mode(ReaderMode::Reading)
        }
    }

    /// Esc in the reader: clear the highlights.
    pub fn clear_highlight(&mut self) {
        self.highlight = false;
    }

    /// Up / Down in the bar: walk through earlier queries.
    fn recall(&mut self, older: bool, context: &FeatureContext) -> Outcome {
        if self.history.is_empty() {
            return Outcome::none();
        }
        let last = self.history.len() - 1;
        let cursor = match (self.history_cursor, older) {
            (None, true) => Some(last),
            (None, false) => return Outcome::none(),
            (Some(i), true) => Some(i.saturating_sub(1)),
            (Some(i), false) if i < last => Some(i + 1),
            (Some(_), false) => None,
        };
        self.history_cursor = cursor;
        (self.prompt.input).set(cursor.map_or_else(String::new, |i| self.history[i].clone()));
        self.rerun(context)
    }

    /// Keeps an `n` (`forward`) or `N` to take once the hits it needs are in.
    fn queue_step(&mut self, forward: bool) {
        self.queued_steps = self
            .queued_steps
            .saturating_add(if forward { 1 } else { -1 });
    }

    /// Whether `n` (`forward`) or `N` from segment `here` would wrap
    /// around the transcript: the current match is the last (first) one.
    /// Never while a search runs: `n` waits for its hits.
    pub fn would_wrap(&self, forward: bool, here: usize) -> bool {
        !self.prompt.pending
            && !self.hits.is_empty()
            && next_hit_index(&self.hits, self.current, here, forward).1
    }

    /// `n` / `N`: the next or previous hit from the current segment,
    /// wrapping around with a note.
    pub fn step(&mut self, forward: bool, context: &FeatureContext) -> Outcome {
        if self.prompt.pending && !self.partial {
            // None of the running search's hits are in (those shown are an
            // older query's): step once they are, not through stale ones,
            // nor say "no match" to keys typed right after Enter.
            self.queue_step(forward);
            return Outcome::none();
        }
        if self.hits.is_empty() {
            return Outcome::note(if self.prompt.input.is_empty() {
                "no search yet: press / to search"
            } else {
                "no match"
            });
        }
        let here = context.place.current;
        let (target, wrapped) = next_hit_index(&self.hits, self.current, here, forward);
        if wrapped && self.prompt.pending {
            // Not searched that far yet: a wrap now would skip hits, so the
            // step waits for the rest.
            self.queue_step(forward);
            return Outcome::note("still searching: the step follows once it is done");
        }
        self.current = Some(target);
        self.highlight = true;
        let note = match (wrapped, forward) {
            (false, _) => None,
            (true, true) => Some("search wrapped to the top".to_string()),
            (true, false) => Some("search wrapped to the bottom".to_string()),
        };
        Outcome {
            remember: Some(context.place),
            jump: Some(hit_jump(&self.hits[target])),
            note,
            ..Outcome::none()
        }
    }
}

/// The jump to a hit: its segment, at the hit's first byte.
fn hit_jump(hit: &Hit) -> Jump {
    Jump::Byte {
        segment: hit.segment,
        byte: hit.range.start,
    }
}

/// The hit after (or before) the current one when it is in the current
/// segment, else the first hit past the current segment; and whether that
/// wrapped around the transcript.
fn next_hit_index(
    hits: &[Hit],
    current_hit: Option<usize>,
    segment: usize,
    forward: bool,
) -> (usize, bool) {
    let n = hits.len();
    let anchored = current_hit.filter(|&k| hits[k].segment == segment);
    if forward {
        let next = match anchored {
            Some(k) => k + 1,
            None => hits.partition_point(|h| h.segment <= segment),
        };
        if next < n { (next, false) } else { (0, true) }
    } else {
        let before = match anchored {
            Some(k) => k,
            None => hits.partition_point(|h| h.segment < segment),
        };
        if before > 0 {
            (before - 1, false)
        } else {
            (n - 1, true)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(segments: &[usize]) -> Vec<Hit> {
        segments
            .iter()
            .map(|&segment| Hit {
                segment,
                range: 0..1,
            })
            .collect()
    }

    #[test]
    fn next_and_previous_hits_wrap() {
        let h = hits(&[2, 2, 5, 9]);
        assert_eq!(next_hit_index(&h, Some(0), 2, true), (1, false));
        assert_eq!(next_hit_index(&h, Some(1), 2, true), (2, false));
        assert_eq!(next_hit_index(&h, Some(3), 9, true), (0, true));
        assert_eq!(next_hit_index(&h, Some(0), 2, false), (3, true));
        // Scrolled away from the current hit: go from where the reader is.
        assert_eq!(next_hit_index(&h, Some(0), 6, true), (3, false));
        assert_eq!(next_hit_index(&h, Some(0), 6, false), (2, false));
        assert_eq!(next_hit_index(&h, None, 0, true), (0, false));
    }

    fn context(episode: &Arc<crate::episode::Episode>, place: Place) -> FeatureContext<'_> {
        FeatureContext {
            episode,
            place,
            duration: None,
            text_ends: &[],
            now: std::time::SystemTime::UNIX_EPOCH,
            shown: None,
        }
    }

    #[test]
    fn typing_asks_for_a_search_and_its_results_ask_for_a_jump() {
        let episode = Arc::new(crate::formats::sample());
        let here = Place {
            current: 2,
            ..Place::default()
        };
        let mut bar = SearchBar::default();
        assert_eq!(
            bar.start(&context(&episode, here)).mode,
            Some(ReaderMode::Search)
        );
        let outcome = bar.update(Action::PromptInput('a'), &context(&episode, here));
        let [Effect::Search(SearchRequest::Episode { generation, .. })] = outcome.effects[..]
        else {
            panic!("{outcome:?}");
        };
        assert!(
            outcome.jump.is_none(),
            "nothing moves before the hits are in"
        );
        let outcome = bar.results(generation, hits(&[1, 4, 7]), true, &context(&episode, here));
        assert_eq!(
            outcome.jump,
            Some(Jump::Byte {
                segment: 4,
                byte: 0
            })
        );
        // Esc goes back to where `/` was pressed.
        let outcome = bar.update(Action::Close, &context(&episode, here));
        assert_eq!(outcome.restore, Some(here));
        assert_eq!(outcome.mode, Some(ReaderMode::Reading));
    }

    #[test]
    fn stale_results_ask_for_nothing() {
        let episode = Arc::new(crate::formats::sample());
        let mut bar = SearchBar::default();
        bar.start(&context(&episode, Place::default()));
        bar.update(
            Action::PromptInput('a'),
            &context(&episode, Place::default()),
        );
        let outcome = bar.results(0, hits(&[1]), true, &context(&episode, Place::default()));
        assert!(outcome.jump.is_none() && outcome.restore.is_none());
        assert!(bar.hits.is_empty());
    }

    #[test]
    fn n_remembers_the_place_and_notes_a_wrap() {
        let episode = Arc::new(crate::formats::sample());
        let mut bar = SearchBar {
            hits: hits(&[1, 4]),
            ..SearchBar::default()
        };
        let here = Place {
            current: 5,
            ..Place::default()
        };
        let outcome = bar.step(true, &context(&episode, here));
        assert_eq!(outcome.remember, Some(here));
        assert_eq!(
            outcome.jump,
            Some(Jump::Byte {
                segment: 1,
                byte: 0
            })
        );
        assert_eq!(outcome.note.as_deref(), Some("search wrapped to the top"));
    }
}
