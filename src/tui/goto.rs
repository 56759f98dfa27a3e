//! The go-to-time prompt (`t`): `1:02:03`, `62m`, `3723`, `45%`, …

use crate::episode::time::{TimeTarget, parse_goto};

use super::app::{App, jump_to};
use super::keymap::Mode;

/// What the prompt holds.
#[derive(Debug, Default)]
pub struct GoToState {
    pub input: String,
    /// Why the last Enter did not go anywhere.
    pub error: Option<String>,
}

/// The prompt's hint: in an episode without times only `%` can work.
pub fn hint(app: &App) -> &'static str {
    if app.episode.has_times() {
        "go to: 1:02:03, 62m, 3723, 45%"
    } else {
        "go to: this episode has no times, only a percentage like 45%"
    }
}

/// `t`: opens the prompt.
pub fn start(app: &mut App) {
    app.mode = Mode::GoTo;
    app.goto = GoToState::default();
}

/// Enter: jump, or say why not and stay open.
pub fn submit(app: &mut App) {
    match target_segment(app) {
        Ok(segment) => {
            app.mode = Mode::Reading;
            app.jumps.push(app.place());
            jump_to(app, segment);
        }
        Err(error) => app.goto.error = Some(error),
    }
}

/// The segment the typed expression lands on (docs/usage.md's rule).
fn target_segment(app: &App) -> Result<usize, String> {
    let episode = &app.episode;
    match parse_goto(&app.goto.input)? {
        TimeTarget::At(_) if !episode.has_times() => {
            Err("this episode has no times: type a percentage like 45%".into())
        }
        TimeTarget::At(t) => Ok(episode.segment_at_time(t)),
        TimeTarget::Fraction(f) => match app.duration.filter(|_| episode.has_times()) {
            Some(duration) => Ok(episode.segment_at_time((f * f64::from(duration)) as u32)),
            None => Ok(app.segment_at_byte((f * app.text_len() as f64) as usize)),
        },
    }
}
