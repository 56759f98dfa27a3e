//! The parsed episode: plain data, immutable once built, all text clean.

use std::path::PathBuf;

use serde_json::{Map, Value};

use super::format::Format;
use super::time::Seconds;

/// Index into [`Episode::speakers`].
pub type SpeakerId = usize;

/// One stretch of speech: who, from when, and where its text is.
///
/// The text lives in its episode's one text buffer ([`Segment::text`]):
/// a `String` per segment cost ~80 bytes a segment whatever its length, and
/// a file of a million tiny segments seven times its size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// `None` for text before the first speaker header.
    pub speaker: Option<SpeakerId>,
    /// `None` where the file gives no time.
    pub start: Option<Seconds>,
    /// Where the text (non-empty lines, trimmed, joined with `\n`) is in
    /// the episode's text buffer.
    text: TextSpan,
}

/// A byte range of an episode's text buffer. `u32` offsets keep a segment
/// small: a buffer is built from a file of at most
/// [`MAX_FILE_BYTES`](super::MAX_FILE_BYTES), and [`SegmentsBuilder`]
/// refuses to grow one past `u32::MAX`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct TextSpan {
    start: u32,
    end: u32,
}

impl Segment {
    /// The segment's text, from the episode it belongs to.
    pub fn text<'e>(&self, episode: &'e Episode) -> &'e str {
        episode.text_buffer(self.text)
    }

    /// The length of its text in bytes, without looking at the text.
    pub fn text_len(&self) -> usize {
        (self.text.end - self.text.start) as usize
    }

    /// Where its text lies in the episode's text buffer, in bytes (for
    /// `earmark search`'s cache, which stores the buffer and these).
    pub(crate) fn text_range(&self) -> std::ops::Range<usize> {
        self.text.start as usize..self.text.end as usize
    }
}

/// Builds an episode's segments and their one text buffer, in order.
#[derive(Debug, Default)]
pub struct SegmentsBuilder {
    text: String,
    segments: Vec<Segment>,
}

impl SegmentsBuilder {
    /// Adds a segment whose text is `text`.
    pub fn push(&mut self, speaker: Option<SpeakerId>, start: Option<Seconds>, text: &str) {
        self.push_with(speaker, start, |buffer| buffer.push_str(text));
    }

    /// Adds a segment whose text `write` appends to the buffer it is given
    /// (straight into the episode's text, with no string of its own). A
    /// segment that would carry the buffer past `u32::MAX` bytes gets no
    /// text; no file earmark opens comes near.
    pub fn push_with(
        &mut self,
        speaker: Option<SpeakerId>,
        start: Option<Seconds>,
        write: impl FnOnce(&mut String),
    ) {
        let from = self.text.len();
        write(&mut self.text);
        let text = match (u32::try_from(from), u32::try_from(self.text.len())) {
            (Ok(start), Ok(end)) => TextSpan { start, end },
            _ => {
                self.text.truncate(from);
                TextSpan { start: 0, end: 0 }
            }
        };
        self.segments.push(Segment {
            speaker,
            start,
            text,
        });
    }

    /// A builder with room for `text_bytes` of text and `segments`
    /// segments (room never written to costs no memory).
    pub fn with_capacity(text_bytes: usize, segments: usize) -> Self {
        SegmentsBuilder {
            text: String::with_capacity(text_bytes),
            segments: Vec::with_capacity(segments),
        }
    }

    /// A builder whose text buffer is `text`, for segments already written
    /// into it ([`SegmentsBuilder::push_span`]), with room for `segments`.
    pub fn with_text(text: String, segments: usize) -> Self {
        SegmentsBuilder {
            text,
            segments: Vec::with_capacity(segments),
        }
    }

    /// Adds a segment whose text is the bytes `range` of the buffer; one
    /// with no text if `range` is not a range of whole chars in it.
    pub fn push_span(
        &mut self,
        speaker: Option<SpeakerId>,
        start: Option<Seconds>,
        range: std::ops::Range<usize>,
    ) {
        let text = match (u32::try_from(range.start), u32::try_from(range.end)) {
            (Ok(start), Ok(end)) if self.text.get(range).is_some() => TextSpan { start, end },
            _ => TextSpan { start: 0, end: 0 },
        };
        self.segments.push(Segment {
            speaker,
            start,
            text,
        });
    }

    /// The text written so far.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text buffer, for a writer that writes a segment's text before
    /// adding its span ([`SegmentsBuilder::push_span`]).
    pub fn text_mut(&mut self) -> &mut String {
        &mut self.text
    }

    /// How many segments so far.
    pub fn len(&self) -> usize {
        self.segments.len()
    }

    /// Whether no segment was added.
    pub fn is_empty(&self) -> bool {
        self.segments.is_empty()
    }

    /// The text buffer and the segments, each without spare capacity.
    pub fn finish(mut self) -> (String, Vec<Segment>) {
        self.text.shrink_to_fit();
        self.segments.shrink_to_fit();
        (self.text, self.segments)
    }
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
    /// The file format it was read from.
    pub format: Format,
    /// Front matter `title`, else the first `# ` heading, else the file name.
    pub title: String,
    /// The front matter's keys in file order, text cleaned.
    pub metadata: Map<String, Value>,
    /// In order of first appearance.
    pub speakers: Vec<String>,
    pub segments: Vec<Segment>,
    /// Every segment's text, one after the other ([`Segment::text`]).
    pub(crate) text: String,
    /// Things that went wrong but did not stop the parse.
    pub warnings: Vec<String>,
}

impl Episode {
    /// The text of segment `index` (`""` past the last).
    pub fn segment_text(&self, index: usize) -> &str {
        self.segments
            .get(index)
            .map_or("", |segment| segment.text(self))
    }

    /// A span of the text buffer; `""` for one that is not of this
    /// episode's buffer, rather than a panic.
    fn text_buffer(&self, span: TextSpan) -> &str {
        self.text
            .get(span.start as usize..span.end as usize)
            .unwrap_or("")
    }

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

/// Words per second assumed when an episode has too few times to measure
/// its own pace: 150 words a minute, a usual rate of conversation.
const TYPICAL_WORDS_PER_SECOND: f64 = 2.5;

impl Episode {
    /// The episode's length in seconds: front matter `duration_seconds`, else
    /// `duration` ("1:14:34"), else the latest segment time. A zero or empty
    /// value (`duration: '0:00'`) means the length is unknown.
    pub fn duration_seconds(&self) -> Option<Seconds> {
        self.stated_duration()
            .or_else(|| self.segments.iter().filter_map(|s| s.start).max())
    }

    /// The length the front matter states, if it states a usable one.
    fn stated_duration(&self) -> Option<Seconds> {
        let from_seconds = self
            .meta_f64("duration_seconds")
            .filter(|s| s.is_finite() && *s >= 1.0)
            .map(|s| s.min(f64::from(u32::MAX)) as Seconds);
        let from_stamp = || {
            self.meta_str("duration")
                .and_then(|d| super::time::parse_stamp(d.trim()))
                .filter(|&d| d > 0)
        };
        from_seconds.or_else(from_stamp)
    }

    /// Each speaker's share of the talk, 0.0..=1.0, in `speakers` order. By
    /// time where segments have times, else by text length.
    ///
    /// A segment lasts until the next one starts (times that go backwards
    /// count nothing). The last segment has no next start: its length is
    /// estimated from its words at the episode's own speaking rate, and
    /// capped by the stated duration. (Crediting it up to the stated
    /// duration gave the last speaker an hour of talk in episodes whose
    /// transcript stops early; without a duration, nothing.)
    pub fn talk_shares(&self) -> Vec<f64> {
        let mut by_time = vec![0.0; self.speakers.len()];
        let mut by_text = vec![0.0; self.speakers.len()];
        for (i, segment) in self.segments.iter().enumerate() {
            let seconds = self.timed_length(i);
            if let Some(speaker) = segment.speaker {
                by_text[speaker] += segment.text_len() as f64;
                by_time[speaker] += seconds.unwrap_or(0.0);
            }
        }
        if let Some(last) = self.segments.last()
            && let (Some(speaker), Some(start)) = (last.speaker, last.start)
        {
            let estimate = word_count(last.text(self)) as f64 / self.pace().words_per_second();
            let left = self
                .stated_duration()
                .map_or(f64::INFINITY, |end| f64::from(end.saturating_sub(start)));
            by_time[speaker] += estimate.min(left);
        }
        let total_time: f64 = by_time.iter().sum();
        let shares = if total_time > 0.0 { by_time } else { by_text };
        let total: f64 = shares.iter().sum();
        shares
            .into_iter()
            .map(|s| if total > 0.0 { s / total } else { 0.0 })
            .collect()
    }
}

impl Episode {
    /// How long segment `i` lasts: until the next one starts, when both
    /// have times.
    fn timed_length(&self, i: usize) -> Option<f64> {
        let next_start = self.segments.get(i + 1).map(|next| next.start);
        match (self.segments.get(i)?.start, next_start) {
            (Some(start), Some(Some(next))) => Some(f64::from(next.saturating_sub(start))),
            _ => None,
        }
    }

    /// The speaking rate over the last timed segments, up to
    /// [`PACE_SAMPLE_BYTES`] of their text: enough to know the rate, and
    /// a cost that does not grow with the transcript (the reader works the
    /// shares out before its first frame).
    fn pace(&self) -> Pace {
        let mut pace = Pace::default();
        let mut bytes = 0;
        for i in (0..self.segments.len()).rev() {
            let Some(seconds) = self.timed_length(i) else {
                continue;
            };
            let text = self.segments[i].text(self);
            pace.add(text, seconds);
            bytes += text.len();
            if bytes >= PACE_SAMPLE_BYTES {
                break;
            }
        }
        pace
    }
}

/// How much text of the last timed segments the speaking rate is
/// measured on.
const PACE_SAMPLE_BYTES: usize = 1 << 20;

/// Words spoken and seconds taken over the segments whose length is known.
#[derive(Debug, Default)]
struct Pace {
    words: usize,
    seconds: f64,
}

impl Pace {
    fn add(&mut self, text: &str, seconds: f64) {
        self.words += word_count(text);
        self.seconds += seconds;
    }

    /// The measured rate, or a typical one when there is too little to
    /// measure (no timed segment before the last, or times all equal).
    fn words_per_second(&self) -> f64 {
        if self.words > 0 && self.seconds > 0.0 {
            self.words as f64 / self.seconds
        } else {
            TYPICAL_WORDS_PER_SECOND
        }
    }
}

/// `text.split_whitespace().count()`; for ASCII text, the starts of words
/// counted a byte pair at a time in one vector loop.
fn word_count(text: &str) -> usize {
    if !text.is_ascii() {
        return text.split_whitespace().count();
    }
    let space = |b: u8| {
        (b == b' ') | (b == b'\t') | (b == b'\n') | (b == 0x0B) | (b == 0x0C) | (b == b'\r')
    };
    let bytes = text.as_bytes();
    let first = usize::from(bytes.first().is_some_and(|&b| !space(b)));
    let next = bytes.get(1..).unwrap_or_default();
    let starts =
        (bytes.iter().zip(next)).fold(0usize, |n, (&a, &b)| n + usize::from(space(a) & !space(b)));
    first + starts
}

impl Episode {
    /// Where "go to time `t`" lands (docs/usage.md): among segments starting
    /// at or before `t`, the one with the greatest start, the first in file
    /// order on a tie; before the first timed segment, the first segment.
    /// Times may go backwards, so this scans rather than bisects.
    pub fn segment_at_time(&self, t: Seconds) -> usize {
        let mut best: Option<(Seconds, usize)> = None;
        for (i, segment) in self.segments.iter().enumerate() {
            if let Some(start) = segment.start.filter(|&s| s <= t)
                && best.is_none_or(|(best_start, _)| start > best_start)
            {
                best = Some((start, i));
            }
        }
        best.map_or(0, |(_, i)| i)
    }
}

/// A metadata value on one line, as the screen and `dump` show it: text
/// with its runs of white space folded, lists joined with commas.
pub fn metadata_line(value: &Value) -> String {
    match value {
        Value::String(s) => s.split_whitespace().collect::<Vec<_>>().join(" "),
        Value::Array(items) => items
            .iter()
            .map(metadata_line)
            .collect::<Vec<_>>()
            .join(", "),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::word_count;

    #[test]
    fn words_are_counted_as_split_whitespace_counts_them() {
        for text in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "a b",
            "  a  b  ",
            "a\tb\nc\x0bd\x0ce\rf",
            "\n\n",
            "x\u{a0}y z",
            "café  au\u{2003}lait",
            "a\u{85}b",
        ] {
            assert_eq!(
                word_count(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }
}
