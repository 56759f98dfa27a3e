//! The objects JSON transcripts are lists of. Every field is optional and
//! read without failing ([`Scalar`]); unknown fields are skipped.

use serde::Deserialize;

use super::scalar::{List, Obj, Scalar};

/// A segment, a caption or a word of any producer: Podcasting 2.0
/// (`startTime`, `endTime`, `body`, `speaker`) and Whisper (`start`,
/// `end`, `text`, `words`, `speaker`) alike.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Item {
    #[serde(rename = "startTime")]
    pub start_time: Scalar,
    #[serde(rename = "endTime")]
    pub end_time: Scalar,
    pub body: Option<Scalar>,
    pub start: Scalar,
    pub end: Scalar,
    pub text: Option<Scalar>,
    pub speaker: Scalar,
    pub words: Option<List<Word>>,
}

/// A word inside a Whisper segment (`word`, or whisper-timestamped's
/// `text`).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Word {
    pub word: Scalar,
    pub text: Scalar,
    pub start: Scalar,
    pub end: Scalar,
    pub speaker: Scalar,
}

/// A whisper.cpp `-oj` segment: times in ms under `offsets`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CppItem {
    pub offsets: Obj<Span>,
    pub text: Scalar,
    pub speaker: Scalar,
    pub speaker_turn_next: Scalar,
}

/// whisper.cpp's `{from, to}`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Span {
    pub from: Scalar,
    pub to: Scalar,
}

/// whisper.cpp's `result`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CppResult {
    pub language: Scalar,
}

/// An insanely-fast-whisper chunk or diarized speaker turn:
/// `timestamp: [start, end]` in seconds.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Chunk {
    pub timestamp: Vec<Scalar>,
    pub text: Scalar,
    pub speaker: Scalar,
}

impl Item {
    /// The text, from `body` or `text`, when it is a string.
    pub fn words_text(&self) -> Option<&str> {
        self.body
            .as_ref()
            .or(self.text.as_ref())
            .and_then(Scalar::text)
    }
}
