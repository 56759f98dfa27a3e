//! JSON transcripts: Podcasting 2.0, the Whisper family and bare subtitle
//! arrays, told apart by their shape. Each list is read an item at a time
//! as it is parsed, into typed items that borrow the file's strings (never
//! a whole `Value` tree, never the whole list), so memory stays near the
//! fragments' size; serde_json's depth limit refuses absurd nesting.

mod items;
mod plain;
mod podcasting20;
mod sampled;
mod scalar;
mod whisper;
mod youtube;

use std::borrow::Cow;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

use super::Refusal;
use super::fragment::Reading;
use items::{Chunk, CppItem, JsonItem};
use podcasting20::Podcasting20;
use sampled::{Push, Sampled};
use scalar::{Obj, Scalar, Stream};
use whisper::{Subtitles, WhisperCpp};
use youtube::{Event, Json3};

pub use sampled::SHAPE_SAMPLE;

/// The top level of a JSON object transcript: the lists any known
/// producer writes, each read into its own reading as it comes (which one
/// is the transcript is known at the end), the metadata beside them, and
/// the names of all keys (for a refusal that says what it found).
#[derive(Default)]
struct Top<'de> {
    keys: Vec<String>,
    segments: Option<Sampled<'de, JsonItem<'de>, SegmentReader<'de>>>,
    transcription: Option<WhisperCpp<'de>>,
    chunks: Option<Reading<'de>>,
    speakers: Option<Reading<'de>>,
    events: Option<Sampled<'de, Event<'de>, Option<Json3<'de>>>>,
    language: Scalar<'de>,
    version: Scalar<'de>,
    result: Obj<items::CppResult<'de>>,
    word_segments: bool,
    language_probs: bool,
}

/// How a list of segments is read, as its first items show.
enum SegmentReader<'a> {
    Podcasting20(Podcasting20<'a>),
    Whisper(Reading<'a>),
    Subtitles(Subtitles<'a>),
    /// Speakers and times without text.
    Diarization,
    Unknown,
}

impl Push<JsonItem<'_>> for SegmentReader<'_> {
    fn push(&mut self, item: &JsonItem<'_>) {
        match self {
            SegmentReader::Podcasting20(reader) => reader.push(item),
            SegmentReader::Whisper(reading) => whisper::push_segment(reading, item),
            SegmentReader::Subtitles(reader) => reader.push(item),
            SegmentReader::Diarization | SegmentReader::Unknown => {}
        }
    }
}

impl Push<Event<'_>> for Option<Json3<'_>> {
    fn push(&mut self, event: &Event<'_>) {
        if let Some(reader) = self {
            reader.push(event);
        }
    }
}

/// A reading of a JSON list of `input`, with room for as many fragments
/// as the smallest items plausible would give: a word-level file has a
/// fragment every 70 bytes or so, and growing the list by doubling
/// copied it whole each time (room never written to costs no memory).
fn list_reading(format: crate::episode::Format, input: &str) -> Reading<'_> {
    /// Bytes of the file per fragment room is made for.
    const BYTES_PER_ITEM: usize = 64;
    let mut reading = Reading::borrowing(format, input);
    reading.fragments.reserve(input.len() / BYTES_PER_ITEM);
    reading
}

/// A time attribute in seconds (`"12.44"`) as whole milliseconds.
pub fn seconds_attribute_ms(value: &str) -> Option<super::timestamp::Ms> {
    Scalar::Text(Cow::Borrowed(value)).seconds_ms()
}

/// Whether the quick scan of plainly written files reads `text`, and if
/// so, as serde does (an error saying how they differ otherwise): for
/// the fuzz target `read_json`.
#[doc(hidden)]
pub fn plain_scan_agrees(text: &str) -> Result<bool, String> {
    plain::read_here_as_serde_does(text)
}

/// Reads a JSON transcript of any known shape.
pub fn read(text: &str) -> Result<Reading<'_>, Refusal> {
    parse(text).unwrap_or_else(|error| Err(syntax(&error)))
}

/// Reads `text` when it is JSON; `None` when it does not parse as JSON
/// (a file starting with `[` may be text: `[SPEAKER_01]: Hola`). A JSON
/// transcript is so parsed once, where telling it from text first and
/// reading it then parsed it twice.
pub fn read_if_json(text: &str) -> Option<Result<Reading<'_>, Refusal>> {
    match parse(text) {
        Ok(read) => Some(read),
        // Detection's test, which asks less of values (a number too big
        // for a float is JSON, that the reader refuses).
        Err(error) if serde_json::from_str::<IgnoredAny>(text.trim_start()).is_ok() => {
            Some(Err(syntax(&error)))
        }
        Err(_) => None,
    }
}

/// Parses `text` and reads it: the reading or the refusal of a file that
/// parses, or the error of one that does not.
fn parse(text: &str) -> Result<Result<Reading<'_>, Refusal>, serde_json::Error> {
    match plain::read(text) {
        Some(read) => Ok(read),
        None => parse_with_serde(text),
    }
}

/// [`parse`] by serde alone, whatever the file's layout.
fn parse_with_serde(text: &str) -> Result<Result<Reading<'_>, Refusal>, serde_json::Error> {
    let trimmed = text.trim_start();
    let mut deserializer = serde_json::Deserializer::from_str(trimmed);
    if trimmed.starts_with('[') {
        let mut segments = Sampled::new(array_shape, text);
        Stream::new(&mut |item: JsonItem| segments.push(&item)).deserialize(&mut deserializer)?;
        deserializer.end()?;
        return Ok(read_array(segments.finish()));
    }
    let top = deserializer.deserialize_map(TopVisitor { input: text })?;
    deserializer.end()?;
    Ok(read_object(top))
}

/// Whether the sample reads as Podcasting 2.0 segments (`startTime` or
/// `body`), in an object's `segments` or a bare array alike.
fn is_podcasting20(sample: &[JsonItem]) -> bool {
    sample
        .iter()
        .any(|s| s.start_time.is_present() || s.body.is_some())
}

/// The reader of an object's `segments`, as the sample shows them.
fn object_shape<'a>(sample: &[JsonItem], input: &'a str) -> SegmentReader<'a> {
    if is_podcasting20(sample) {
        return SegmentReader::Podcasting20(Podcasting20::new(input));
    }
    if sample
        .iter()
        .any(|s| s.start.is_present() && (s.text.is_some() || s.words.is_some()))
    {
        let format = crate::episode::Format::WhisperJson;
        return SegmentReader::Whisper(list_reading(format, input));
    }
    SegmentReader::Unknown
}

/// The reader of a bare array, as the sample shows it.
fn array_shape<'a>(sample: &[JsonItem], input: &'a str) -> SegmentReader<'a> {
    if is_podcasting20(sample) {
        return SegmentReader::Podcasting20(Podcasting20::new(input));
    }
    if sample
        .iter()
        .any(|s| s.start.number().is_some() && s.text.is_some())
    {
        return SegmentReader::Subtitles(Subtitles::new(input));
    }
    if sample
        .iter()
        .any(|s| s.speaker.is_present() && s.start.is_present())
    {
        return SegmentReader::Diarization;
    }
    SegmentReader::Unknown
}

/// The reader of a `json3` file's `events`: only when they have times.
fn events_shape<'a>(sample: &[Event], input: &'a str) -> Option<Json3<'a>> {
    sample
        .iter()
        .any(|e| e.start_ms.is_present())
        .then(|| Json3::new(input))
}

fn syntax(error: &serde_json::Error) -> Refusal {
    Refusal::new(
        "JSON",
        format!(
            "it does not parse at line {}, column {}: {}",
            error.line(),
            error.column(),
            error_kind(error)
        ),
    )
}

fn error_kind(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.find(" at line ") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

fn read_object(top: Top<'_>) -> Result<Reading<'_>, Refusal> {
    if let Some(items) = top.transcription
        && items.len() > 0
    {
        let language = top.result.0.map(|r| r.language).unwrap_or_default();
        return Ok(items.finish(&language));
    }
    if let Some(chunks) = top.chunks
        && !chunks.fragments.is_empty()
    {
        return Ok(whisper::finish_chunks(chunks, top.speakers));
    }
    if let Some(json3) = top.events.and_then(Sampled::finish) {
        return Ok(json3.finish());
    }
    match top.segments.map(Sampled::finish) {
        Some(SegmentReader::Podcasting20(reader)) => reader.finish(&top.version),
        Some(SegmentReader::Whisper(reading)) => {
            let generator = if top.word_segments {
                "WhisperX"
            } else if top.language_probs {
                "whisper-timestamped"
            } else {
                "Whisper"
            };
            Ok(whisper::finish_segments(reading, &top.language, generator))
        }
        _ => Err(Refusal::new(
            "JSON",
            format!(
                "JSON has no transcript: top-level keys {}",
                key_list(&top.keys)
            ),
        )),
    }
}

fn read_array(segments: SegmentReader<'_>) -> Result<Reading<'_>, Refusal> {
    match segments {
        SegmentReader::Podcasting20(reader) => reader.finish(&Scalar::Nothing),
        SegmentReader::Subtitles(reader) => Ok(reader.finish()),
        SegmentReader::Diarization => Err(Refusal::new(
            "JSON",
            "JSON array of {speaker, start, end} has no text: a diarization, not a transcript",
        )),
        SegmentReader::Whisper(_) | SegmentReader::Unknown => Err(Refusal::new(
            "JSON",
            "JSON array holds no captions (objects with a start and a text)",
        )),
    }
}

fn key_list(keys: &[String]) -> String {
    if keys.is_empty() {
        return "none".into();
    }
    let shown: Vec<String> = keys
        .iter()
        .take(12)
        .map(|k| crate::episode::text::clean_one_line(k))
        .collect();
    shown.join(", ")
}

/// Reads the top-level object of `input`.
struct TopVisitor<'de> {
    input: &'de str,
}

impl<'de> Visitor<'de> for TopVisitor<'de> {
    type Value = Top<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Top<'de>, A::Error> {
        let mut top = Top::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "segments" => {
                    let mut list = Sampled::new(object_shape, self.input);
                    map.next_value_seed(Stream::new(&mut |item: JsonItem<'de>| list.push(&item)))?;
                    top.segments = Some(list);
                }
                "transcription" => {
                    let mut reader = WhisperCpp::new(self.input);
                    map.next_value_seed(Stream::new(&mut |item: CppItem| reader.push(item)))?;
                    top.transcription = Some(reader);
                }
                "chunks" => top.chunks = Some(map.next_value_seed(ChunkList(self.input))?),
                "speakers" => top.speakers = Some(map.next_value_seed(ChunkList(self.input))?),
                "events" => {
                    let mut list = Sampled::new(events_shape, self.input);
                    map.next_value_seed(Stream::new(&mut |event: Event<'de>| list.push(&event)))?;
                    top.events = Some(list);
                }
                "language" => top.language = map.next_value()?,
                "version" => top.version = map.next_value()?,
                "result" => top.result = map.next_value()?,
                other => {
                    top.word_segments |= other == "word_segments";
                    top.language_probs |= other == "language_probs";
                    map.next_value::<IgnoredAny>()?;
                }
            }
            if top.keys.len() < 64 {
                top.keys.push(key);
            }
        }
        Ok(top)
    }
}

/// insanely-fast-whisper's `chunks` or `speakers` of an input, read as
/// they come.
struct ChunkList<'de>(&'de str);

impl<'de> DeserializeSeed<'de> for ChunkList<'de> {
    type Value = Reading<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Reading<'de>, D::Error> {
        let mut reading = Reading::borrowing(crate::episode::Format::WhisperJson, self.0);
        Stream::new(&mut |chunk: Chunk| whisper::push_chunk(&mut reading, chunk))
            .deserialize(deserializer)?;
        Ok(reading)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(text: &str) -> String {
        read(text).expect_err("refused").why
    }

    #[test]
    fn unknown_shapes_are_refused_saying_what_was_found() {
        assert_eq!(
            refusal(r#"{"language":"en","segmens":[{"start":1,"text":"x"}]}"#),
            "JSON has no transcript: top-level keys language, segmens"
        );
        assert!(refusal(r#"[{"speaker":"A","start":1,"end":2}]"#).contains("diarization"));
        assert!(refusal(r#"{"segments":[]}"#).contains("no transcript"));
        assert!(refusal("{\"a\": [1, 2").contains("line 1, column"));
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let deep = format!(
            "{{\"segments\": {}{}}}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        assert!(
            refusal(&deep).contains("no transcript"),
            "{}",
            refusal(&deep)
        );
        let deep_object = format!("{}{}", "{\"a\":".repeat(100_000), "}".repeat(100_000));
        assert!(!refusal(&deep_object).is_empty());
    }
}
