//! The objects JSON transcripts are lists of. Every field is optional and
//! read without failing ([`Scalar`]); unknown fields are skipped.

use serde::Deserialize;

use super::scalar::{List, Obj, Scalar};

/// A segment, a caption or a word of any producer: Podcasting 2.0
/// (`startTime`, `endTime`, `body`, `speaker`) and Whisper (`start`,
/// `end`, `text`, `words`, `speaker`) alike.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct JsonItem<'a> {
    #[serde(rename = "startTime", borrow)]
    pub start_time: Scalar<'a>,
    #[serde(rename = "endTime", borrow)]
    pub end_time: Scalar<'a>,
    #[serde(borrow)]
    pub body: Option<Scalar<'a>>,
    #[serde(borrow)]
    pub start: Scalar<'a>,
    #[serde(borrow)]
    pub end: Scalar<'a>,
    #[serde(borrow)]
    pub text: Option<Scalar<'a>>,
    #[serde(borrow)]
    pub speaker: Scalar<'a>,
    #[serde(borrow)]
    pub words: Option<List<Word<'a>>>,
}

/// A word inside a Whisper segment (`word`, or whisper-timestamped's
/// `text`).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Word<'a> {
    #[serde(borrow)]
    pub word: Scalar<'a>,
    #[serde(borrow)]
    pub text: Scalar<'a>,
    #[serde(borrow)]
    pub start: Scalar<'a>,
    #[serde(borrow)]
    pub end: Scalar<'a>,
    #[serde(borrow)]
    pub speaker: Scalar<'a>,
}

/// A whisper.cpp `-oj` segment: times in ms under `offsets`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CppItem<'a> {
    #[serde(borrow)]
    pub offsets: Obj<Span<'a>>,
    #[serde(borrow)]
    pub text: Scalar<'a>,
    #[serde(borrow)]
    pub speaker: Scalar<'a>,
    #[serde(borrow)]
    pub speaker_turn_next: Scalar<'a>,
}

/// whisper.cpp's `{from, to}`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Span<'a> {
    #[serde(borrow)]
    pub from: Scalar<'a>,
    #[serde(borrow)]
    pub to: Scalar<'a>,
}

/// whisper.cpp's `result`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CppResult<'a> {
    #[serde(borrow)]
    pub language: Scalar<'a>,
}

/// An insanely-fast-whisper chunk or diarized speaker turn:
/// `timestamp: [start, end]` in seconds.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Chunk<'a> {
    #[serde(borrow)]
    pub timestamp: Vec<Scalar<'a>>,
    #[serde(borrow)]
    pub text: Scalar<'a>,
    #[serde(borrow)]
    pub speaker: Scalar<'a>,
}

impl JsonItem<'_> {
    /// The text, from `body` or `text`, when it is a string.
    pub fn words_text(&self) -> Option<&str> {
        self.body
            .as_ref()
            .or(self.text.as_ref())
            .and_then(Scalar::text)
    }
}
