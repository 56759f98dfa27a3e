//! JSON transcripts: Podcasting 2.0, the Whisper family and bare subtitle
//! arrays, told apart by their shape. Parsed straight into typed items
//! (never a whole `Value` tree), so memory stays near the file's size;
//! serde_json's depth limit refuses absurd nesting.

mod items;
mod podcasting20;
mod scalar;
mod whisper;
mod youtube;

use std::fmt;

use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};

use super::Refusal;
use super::fragment::Reading;
use items::{Chunk, CppItem, Item};
use scalar::{List, Obj, Scalar};

/// How many items the shape is judged on.
const SHAPE_SAMPLE: usize = 20;

/// The top level of a JSON object transcript: the keys any known producer
/// writes, and the names of all keys (for a refusal that says what it
/// found).
#[derive(Debug, Default)]
struct Top {
    keys: Vec<String>,
    segments: Option<List<Item>>,
    transcription: Option<List<CppItem>>,
    chunks: Option<List<Chunk>>,
    speakers: Option<List<Chunk>>,
    events: Option<List<youtube::Event>>,
    language: Scalar,
    version: Scalar,
    result: Obj<items::CppResult>,
    word_segments: bool,
    language_probs: bool,
}

/// A time attribute in seconds (`"12.44"`) as whole milliseconds.
pub fn seconds_attribute_ms(value: &str) -> Option<super::timestamp::Ms> {
    Scalar::Text(value.to_string()).seconds_ms()
}

/// Reads a JSON transcript of any known shape.
pub fn read(text: &str) -> Result<Reading<'static>, Refusal> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') {
        let items: List<Item> = serde_json::from_str(trimmed).map_err(|e| syntax(&e))?;
        return read_array(items.0);
    }
    let mut deserializer = serde_json::Deserializer::from_str(trimmed);
    let top = deserializer
        .deserialize_map(TopVisitor)
        .and_then(|top| deserializer.end().map(|()| top))
        .map_err(|e| syntax(&e))?;
    read_object(top)
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

fn read_object(top: Top) -> Result<Reading<'static>, Refusal> {
    if let Some(List(items)) = top.transcription
        && !items.is_empty()
    {
        let language = top.result.0.map(|r| r.language).unwrap_or_default();
        return Ok(whisper::read_cpp(items, &language));
    }
    if let Some(List(chunks)) = top.chunks
        && !chunks.is_empty()
    {
        let speakers = top.speakers.map(|l| l.0).unwrap_or_default();
        return Ok(whisper::read_chunks(chunks, speakers));
    }
    if let Some(List(events)) = top.events
        && events
            .iter()
            .take(SHAPE_SAMPLE)
            .any(|e| e.start_ms.is_present())
    {
        return Ok(youtube::read(events));
    }
    let segments = top.segments.map(|l| l.0).unwrap_or_default();
    let sample = &segments[..segments.len().min(SHAPE_SAMPLE)];
    if sample
        .iter()
        .any(|s| s.start_time.is_present() || s.body.is_some())
    {
        return podcasting20::read(segments, &top.version);
    }
    if sample
        .iter()
        .any(|s| s.start.is_present() && (s.text.is_some() || s.words.is_some()))
    {
        let generator = if top.word_segments {
            "WhisperX"
        } else if top.language_probs {
            "whisper-timestamped"
        } else {
            "Whisper"
        };
        return Ok(whisper::read_segments(segments, &top.language, generator));
    }
    Err(Refusal::new(
        "JSON",
        format!(
            "JSON has no transcript: top-level keys {}",
            key_list(&top.keys)
        ),
    ))
}

fn read_array(items: Vec<Item>) -> Result<Reading<'static>, Refusal> {
    let sample = &items[..items.len().min(SHAPE_SAMPLE)];
    if sample
        .iter()
        .any(|s| s.start_time.is_present() || s.body.is_some())
    {
        return podcasting20::read(items, &Scalar::Nothing);
    }
    if sample
        .iter()
        .any(|s| s.start.number().is_some() && s.text.is_some())
    {
        return Ok(whisper::read_subtitles(items));
    }
    if sample
        .iter()
        .any(|s| s.speaker.is_present() && s.start.is_present())
    {
        return Err(Refusal::new(
            "JSON",
            "JSON array of {speaker, start, end} has no text: a diarization, not a transcript",
        ));
    }
    Err(Refusal::new(
        "JSON",
        "JSON array holds no captions (objects with a start and a text)",
    ))
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

struct TopVisitor;

impl<'de> Visitor<'de> for TopVisitor {
    type Value = Top;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Top, A::Error> {
        let mut top = Top::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "segments" => top.segments = Some(map.next_value()?),
                "transcription" => top.transcription = Some(map.next_value()?),
                "chunks" => top.chunks = Some(map.next_value()?),
                "speakers" => top.speakers = Some(map.next_value()?),
                "events" => top.events = Some(map.next_value()?),
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
