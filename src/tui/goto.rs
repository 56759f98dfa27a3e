//! The go-to-time prompt (`t`): `1:02:03`, `62m`, `3723`, `45%`, …

use crate::episode::Episode;
use crate::episode::time::{TimeTarget, parse_goto};

use super::action::Action;
use super::keymap::ReaderMode;
use super::line_editor::LineEditor;
use super::reader_feature::{Context, Jump, Outcome};

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
        "go to: 1:02:03, 62m, 3723, 45%"
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
    pub fn update(&mut self, action: Action, context: &Context) -> Outcome {
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

    fn submit(&mut self, context: &Context) -> Outcome {
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
    fn target_segment(&self, context: &Context) -> Result<usize, String> {
        let episode = context.episode;
        match parse_goto(self.input.as_str())? {
            TimeTarget::At(_) if !episode.has_times() => {
                Err("this episode has no times: type a percentage like 45%".into())
            }
            TimeTarget::At(t) => Ok(episode.segment_at_time(t)),
            TimeTarget::Fraction(f) => match context.duration.filter(|_| episode.has_times()) {
                Some(duration) => Ok(episode.segment_at_time((f * f64::from(duration)) as u32)),
                None => Ok(context.segment_at_byte((f * context.text_len() as f64) as usize)),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::SystemTime;

    use super::*;
    use crate::tui::reader_feature::Place;

    fn context(episode: &Arc<Episode>, place: Place) -> Context<'_> {
        Context {
            episode,
            place,
            duration: episode.duration_seconds(),
            text_ends: &[],
            now: SystemTime::UNIX_EPOCH,
        }
    }

    fn typed(text: &str) -> GoTo {
        let episode = Arc::new(crate::episode::sample());
        let mut goto = GoTo::default();
        for c in text.chars() {
            goto.update(Action::PromptInput(c), &context(&episode, Place::default()));
        }
        goto
    }

    #[test]
    fn enter_asks_for_a_jump_from_a_place_it_remembers_and_closes() {
        let episode = Arc::new(crate::episode::sample());
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
        let episode = Arc::new(crate::episode::sample());
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
