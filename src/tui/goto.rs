//! The go-to-time prompt (`t`): `1:02:03`, `62m`, `3723`, `45%`, …

use crate::episode::Episode;
use crate::episode::time::{Seconds, TimeTarget, format_duration, parse_goto};

use super::action::Action;
use super::keymap::ReaderMode;
use super::line_editor::LineEditor;
use super::reader_feature::{FeatureContext, Jump, Outcome};

/// What the prompt holds.
#[derive(Debug, Default)]
pub struct GoTo {
    /// The expression as typed.
    pub input: LineEditor,
    /// Why the last Enter did not go anywhere.
    pub error: Option<String>,
}

/// The prompt's hint: in an episode without times only `%` can work.
pub fn hint(episode: &Episode) -> &'static str {
    if episode.has_times() {
        "go to: 1:02:03, 62m, 3723, 45%, +30s, -5m"
    } else {
        "go to: this episode has no times, only a percentage like 45%"
    }
}

impl GoTo {
    /// `t`: an empty prompt.
    pub fn start(&mut self) -> Outcome {
        *self = Self::default();
        Outcome::mode(ReaderMode::GoTo)
    }

    /// A key while the prompt is open. Enter jumps (the place left joins
    /// the jump list), or says why not and stays open.
    pub fn update(&mut self, action: Action, context: &FeatureContext) -> Outcome {
        match action {
            Action::PromptBackspace if self.input.is_empty() => {
                self.error = None;
                return Outcome::mode(ReaderMode::Reading);
            }
            Action::PromptSubmit => return self.submit(context),
            Action::Close => return Outcome::mode(ReaderMode::Reading),
            edit => {
                if self.input.edit(&edit) {
                    self.error = None;
                }
            }
        }
        Outcome::none()
    }

    fn submit(&mut self, context: &FeatureContext) -> Outcome {
        match self.target_segment(context) {
            Ok(segment) => Outcome {
                remember: Some(context.place),
                jump: Some(Jump::Segment(segment)),
                mode: Some(ReaderMode::Reading),
                ..Outcome::none()
            },
            Err(error) => {
                self.error = Some(error);
                Outcome::none()
            }
        }
    }

    /// The segment the typed expression lands on (docs/usage.md's rule).
    fn target_segment(&self, context: &FeatureContext) -> Result<usize, String> {
        let episode = context.episode;
        let from = time_at(episode, context.place.current);
        match resolve(self.input.as_str(), episode, context.duration, from)? {
            Destination::Time(t) => Ok(episode.segment_at_time(t)),
            Destination::Fraction(f) => {
                Ok(context.segment_at_byte((f * context.text_len() as f64) as usize))
            }
        }
    }
}

/// Where a go-to expression sends the reader in one episode.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Destination {
    /// A time of the episode, within its length.
    Time(Seconds),
    /// A fraction of the way through the text (an episode without times).
    Fraction(f64),
}

/// Reads a go-to expression for `episode`, whose length is `duration`,
/// with the reader at time `from` (for `+30s`, `-5m`): the `t` prompt's
/// rule, and `--at`'s. A time past the end is refused with the length, as
/// is a time in an episode without times; a percentage goes that far
/// through the time, or through the text when there are no times.
pub fn resolve(
    input: &str,
    episode: &Episode,
    duration: Option<Seconds>,
    from: Seconds,
) -> Result<Destination, String> {
    let timed = episode.has_times();
    let time = match parse_goto(input)? {
        TimeTarget::Fraction(f) => {
            return Ok(match duration.filter(|_| timed) {
                Some(duration) => Destination::Time((f * f64::from(duration)) as Seconds),
                None => Destination::Fraction(f),
            });
        }
        _ if !timed => return Err("this episode has no times: type a percentage like 45%".into()),
        TimeTarget::At(t) => i64::from(t),
        TimeTarget::Relative(delta) => i64::from(from) + delta,
    };
    let time = Seconds::try_from(time.max(0)).unwrap_or(Seconds::MAX);
    match duration {
        Some(end) if time > end => Err(format!("past the end ({})", format_duration(end))),
        _ => Ok(Destination::Time(time)),
    }
}

/// The time of segment `current`: its start, else the last start before
/// it (the start of the episode when none).
fn time_at(episode: &Episode, current: usize) -> Seconds {
    let segments = episode.segments.get(..=current).unwrap_or_default();
    segments.iter().rev().find_map(|s| s.start).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::SystemTime;

    use super::*;
    use crate::tui::reader_feature::Place;

    fn context(episode: &Arc<Episode>, place: Place) -> FeatureContext<'_> {
        FeatureContext {
            episode,
            place,
            duration: episode.duration_seconds(),
            text_ends: &[],
            now: SystemTime::UNIX_EPOCH,
            shown: None,
        }
    }

    fn typed(text: &str) -> GoTo {
        let episode = Arc::new(crate::formats::sample());
        let mut goto = GoTo::default();
        for c in text.chars() {
            goto.update(Action::PromptInput(c), &context(&episode, Place::default()));
        }
        goto
    }

    #[test]
    fn enter_asks_for_a_jump_from_a_place_it_remembers_and_closes() {
        let episode = Arc::new(crate::formats::sample());
        let here = Place {
            current: 3,
            ..Place::default()
        };
        let mut goto = typed("30:00");
        let outcome = goto.update(Action::PromptSubmit, &context(&episode, here));
        let target = episode.segment_at_time(30 * 60);
        assert_eq!(outcome.jump, Some(Jump::Segment(target)));
        assert_eq!(outcome.remember, Some(here));
        assert_eq!(outcome.mode, Some(ReaderMode::Reading));
        assert!(outcome.effects.is_empty() && outcome.restore.is_none());
    }

    #[test]
    fn a_bad_time_stays_open_with_the_reason_and_moves_nothing() {
        let episode = Arc::new(crate::formats::sample());
        let mut goto = typed("soon");
        let outcome = goto.update(Action::PromptSubmit, &context(&episode, Place::default()));
        assert!(outcome.jump.is_none() && outcome.mode.is_none());
        assert!(goto.error.is_some());
        // Backspace on an empty prompt closes it.
        for _ in 0..4 {
            goto.update(
                Action::PromptBackspace,
                &context(&episode, Place::default()),
            );
        }
        let closed = goto.update(
            Action::PromptBackspace,
            &context(&episode, Place::default()),
        );
        assert_eq!(closed.mode, Some(ReaderMode::Reading));
    }
}
