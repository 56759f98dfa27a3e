//! What the reader's features (the search bar, the go-to prompt, the
//! bookmarks panel) see and return. Each keeps its own state and answers an
//! action with an [`Outcome`]; only the reader moves, changes mode and talks
//! to the event loop, so a feature never reaches back into the reader.

use std::sync::Arc;
use std::time::SystemTime;

use crate::episode::Episode;
use crate::episode::time::Seconds;

use super::action::Effects;
use super::keymap::ReaderMode;
use super::shown::ShownSegments;
use super::wrap_index::Position;

/// Where the reader is: enough to come back to it (Esc in the search bar,
/// Ctrl-o).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Place {
    /// The first row on screen.
    pub top: Position,
    /// The highlighted segment.
    pub current: usize,
}

/// What a feature may read of the reader.
#[derive(Debug)]
pub struct FeatureContext<'a> {
    /// The episode on screen.
    pub episode: &'a Arc<Episode>,
    /// Where the reader is.
    pub place: Place,
    /// The episode's length, if it has times.
    pub duration: Option<Seconds>,
    /// `text_ends[i]`: bytes of text in segments `0..=i`.
    pub text_ends: &'a [usize],
    /// The time now, for stamping bookmarks.
    pub now: SystemTime,
    /// The segments a `&` filter shows; `None`: all of them.
    pub shown: Option<&'a ShownSegments>,
}

impl FeatureContext<'_> {
    /// Bytes of text in the whole transcript.
    pub fn text_len(&self) -> usize {
        self.text_ends.last().copied().unwrap_or(0)
    }

    /// The segment holding byte `byte` of the whole text.
    pub fn segment_at_byte(&self, byte: usize) -> usize {
        segment_at_byte(self.text_ends, self.episode.segments.len(), byte)
    }
}

/// The segment of `segments` holding byte `byte`, given each segment's end.
pub fn segment_at_byte(text_ends: &[usize], segments: usize, byte: usize) -> usize {
    let i = text_ends.partition_point(|&end| end <= byte);
    i.min(segments.saturating_sub(1))
}

/// Where a feature sends the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Jump {
    /// To a segment, shown at the top of the pane.
    Segment(usize),
    /// To a byte of a segment's text (a search hit): the segment at the top
    /// unless that leaves the byte below the screen.
    Byte { segment: usize, byte: usize },
}

/// Which segments to show from now on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Show {
    /// The whole transcript, at the same place.
    All,
    /// Only these.
    Only(ShownSegments),
}

/// What a feature asks the reader to do, applied in this order: remember a
/// place, go back to a place, show segments, jump, note, change mode; the
/// effects go to the event loop.
#[derive(Debug, Default)]
pub struct Outcome {
    /// A place for the jump list (Ctrl-o comes back to it).
    pub remember: Option<Place>,
    /// Go back to where the reader was.
    pub restore: Option<Place>,
    /// Go somewhere.
    pub jump: Option<Jump>,
    /// A one-off note for the status line.
    pub note: Option<String>,
    /// The mode the reader is in next (a prompt or panel opens or closes).
    pub mode: Option<ReaderMode>,
    /// Show only some segments, or all of them again (`&`); applied
    /// before the jump.
    pub show: Option<Show>,
    /// What the event loop must do.
    pub effects: Effects,
}

impl Outcome {
    /// Nothing for the reader to do.
    pub fn none() -> Self {
        Self::default()
    }

    /// Only a change of mode.
    pub fn mode(mode: ReaderMode) -> Self {
        Self {
            mode: Some(mode),
            ..Self::default()
        }
    }

    /// Only a note.
    pub fn note(note: impl Into<String>) -> Self {
        Self {
            note: Some(note.into()),
            ..Self::default()
        }
    }

    /// Only effects.
    pub fn effects(effects: Effects) -> Self {
        Self {
            effects,
            ..Self::default()
        }
    }
}
