//! What every reader produces: the file's small pieces of text in file
//! order, with their times and speakers, before they are merged into the
//! segments earmark shows (see [`super::merge`]).

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::timestamp::Ms;
use crate::episode::Format;

/// How a fragment joins its neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A cue, an event, a JSON segment: joined inline.
    Caption,
    /// A word or a token: joined inline, never searched for labels.
    Word,
    /// Prose meant for reading (an HTML `<p>`, a text paragraph): joined
    /// with a line break.
    Paragraph,
    /// A later line of a cue that starts like a speaker label: joined
    /// inline, and its label is a speaker only when the file's labels are
    /// (the same name starting a cue elsewhere).
    CueLine,
}

/// Index into a [`Reading`]'s speaker names.
pub type SpeakerRef = u32;

/// One piece of a transcript as its file gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct Fragment {
    pub start: Option<Ms>,
    pub end: Option<Ms>,
    /// The speaker the file names for this piece (a voice tag, a JSON
    /// field); labels written in the text are found later.
    pub speaker: Option<SpeakerRef>,
    /// Markup removed and entities decoded; hygiene comes later.
    pub text: String,
    pub kind: Kind,
    /// The file marks a turn boundary here without naming a speaker.
    pub turn_break: bool,
}

impl Fragment {
    /// A fragment with no speaker and no turn break.
    pub fn new(kind: Kind, start: Option<Ms>, end: Option<Ms>, text: String) -> Self {
        Fragment {
            start,
            end,
            speaker: None,
            text,
            kind,
            turn_break: false,
        }
    }
}

/// Everything a reader found in one file.
#[derive(Debug, Clone)]
pub struct Reading {
    pub format: Format,
    pub fragments: Vec<Fragment>,
    /// Speaker names, interned: fragments refer to them by index.
    pub names: Vec<String>,
    name_index: HashMap<String, SpeakerRef>,
    /// Metadata found in the file (title, language, generator, …).
    pub metadata: Map<String, Value>,
    pub warnings: Warnings,
    /// Whether labels such as `Ann:` written in the text may be speakers.
    pub find_labels: bool,
    /// Whether a fragment without a speaker continues the previous one's.
    pub carry_speaker: bool,
    /// Whether the pieces are tokens whose own whitespace is the spacing
    /// (join verbatim).
    pub token_stream: bool,
}

impl Reading {
    /// Each fragment's start, end and text, for tests to compare at once.
    #[cfg(test)]
    pub fn timed_texts(&self) -> Vec<(Option<Ms>, Option<Ms>, &str)> {
        self.fragments
            .iter()
            .map(|f| (f.start, f.end, f.text.as_str()))
            .collect()
    }

    /// An empty reading of a file in `format`, speakers carried forward.
    pub fn new(format: Format) -> Self {
        Reading {
            format,
            fragments: Vec::new(),
            names: Vec::new(),
            name_index: HashMap::new(),
            metadata: Map::new(),
            warnings: Warnings::default(),
            find_labels: false,
            carry_speaker: true,
            token_stream: false,
        }
    }

    /// The reference for a speaker name, interned; `None` for a name that
    /// is empty once trimmed.
    pub fn speaker(&mut self, name: &str) -> Option<SpeakerRef> {
        let name = name.trim();
        if name.is_empty() {
            return None;
        }
        if let Some(&id) = self.name_index.get(name) {
            return Some(id);
        }
        let id = SpeakerRef::try_from(self.names.len()).ok()?;
        self.names.push(name.to_string());
        self.name_index.insert(name.to_string(), id);
        Some(id)
    }

    /// Sets a metadata key to a string, unless it is empty.
    pub fn set_meta(&mut self, key: &str, value: &str) {
        let value = value.trim();
        if !value.is_empty() {
            self.metadata.insert(key.to_string(), Value::from(value));
        }
    }
}

/// Problems forgiven while reading, counted by code: shown as
/// `"code: detail"` (`"bad-timestamp: 3 unreadable times"`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Warnings {
    /// In the order first raised.
    entries: Vec<(&'static str, usize, &'static str)>,
}

impl Warnings {
    /// Counts one more `code`; `what` names the counted things
    /// (`"timing lines read leniently"`).
    pub fn add(&mut self, code: &'static str, what: &'static str) {
        self.add_n(code, 1, what);
    }

    /// Counts `n` more `code`.
    pub fn add_n(&mut self, code: &'static str, n: usize, what: &'static str) {
        if n == 0 {
            return;
        }
        match self.entries.iter_mut().find(|(c, _, _)| *c == code) {
            Some((_, count, _)) => *count += n,
            None => self.entries.push((code, n, what)),
        }
    }

    /// How many of `code` were counted.
    pub fn count(&self, code: &str) -> usize {
        self.entries
            .iter()
            .find(|(c, _, _)| *c == code)
            .map_or(0, |(_, n, _)| *n)
    }

    /// One `"code: N what"` line per code.
    pub fn lines(&self) -> Vec<String> {
        self.entries
            .iter()
            .map(|(code, n, what)| format!("{code}: {n} {what}"))
            .collect()
    }
}
