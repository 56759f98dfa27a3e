//! The parsed episode: plain data, immutable once built, all text clean.

use std::path::PathBuf;

use serde_json::{Map, Value};

use super::time::Seconds;

/// Index into [`Episode::speakers`].
pub type SpeakerId = usize;

/// One stretch of speech: who, from when, and what.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// `None` for text before the first speaker header.
    pub speaker: Option<SpeakerId>,
    /// `None` where the file gives no time.
    pub start: Option<Seconds>,
    /// Non-empty lines, trimmed, joined with `\n`.
    pub text: String,
}

/// Where an episode came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A file on disk, as the user named it.
    File(PathBuf),
    /// Compiled into the binary (the sample episode); the name is for display.
    Builtin(&'static str),
}

impl Source {
    /// The path shown to the user and written to JSON, cleaned: a file
    /// name is as untrusted as the file.
    pub fn display(&self) -> String {
        match self {
            Source::File(path) => super::text::clean_file_name(&path.display().to_string()),
            Source::Builtin(name) => (*name).to_string(),
        }
    }

    /// The file on disk, if there is one.
    pub fn path(&self) -> Option<&std::path::Path> {
        match self {
            Source::File(path) => Some(path),
            Source::Builtin(_) => None,
        }
    }
}

/// A transcript with its front matter, ready to show.
#[derive(Debug, Clone, PartialEq)]
pub struct Episode {
    pub source: Source,
    /// Front matter `title`, else the first `# ` heading, else the file name.
    pub title: String,
    /// The front matter's keys in file order, text cleaned.
    pub metadata: Map<String, Value>,
    /// In order of first appearance.
    pub speakers: Vec<String>,
    pub segments: Vec<Segment>,
    /// Things that went wrong but did not stop the parse.
    pub warnings: Vec<String>,
}

impl Episode {
    /// The speaker's name for a segment, if it has one.
    pub fn speaker_name(&self, segment: &Segment) -> Option<&str> {
        segment.speaker.map(|id| self.speakers[id].as_str())
    }

    /// A front matter value as text, when it is a string.
    pub fn meta_str(&self, key: &str) -> Option<&str> {
        self.metadata.get(key).and_then(Value::as_str)
    }

    /// A front matter value as a number, when it is one (or a numeric string).
    pub fn meta_f64(&self, key: &str) -> Option<f64> {
        match self.metadata.get(key)? {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// Whether any segment carries a time.
    pub fn has_times(&self) -> bool {
        self.segments.iter().any(|s| s.start.is_some())
    }
}
