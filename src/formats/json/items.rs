//! The objects JSON transcripts are lists of. Every field is optional and
//! read without failing ([`Scalar`]); unknown fields are skipped.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};

use super::scalar::{List, Obj, Scalar};

/// A segment, a caption or a word of any producer: Podcasting 2.0
/// (`startTime`, `endTime`, `body`, `speaker`) and Whisper (`start`,
/// `end`, `text`, `words`, `speaker`) alike.
#[derive(Debug, Clone, Default)]
pub struct JsonItem<'a> {
    pub start_time: Scalar<'a>,
    pub end_time: Scalar<'a>,
    pub body: Option<Scalar<'a>>,
    pub start: Scalar<'a>,
    pub end: Scalar<'a>,
    pub text: Option<Scalar<'a>>,
    pub speaker: Scalar<'a>,
    /// Read only while the item has no text yet: a segment's words are
    /// used when it has no text, and WhisperX writes them after it, where
    /// building them cost a third of reading the file.
    pub words: Option<List<Word<'a>>>,
}

/// The keys of an [`JsonItem`].
#[derive(Clone, Copy, Deserialize)]
#[serde(field_identifier)]
enum ItemKey {
    #[serde(rename = "startTime")]
    StartTime,
    #[serde(rename = "endTime")]
    EndTime,
    #[serde(rename = "body")]
    Body,
    #[serde(rename = "start")]
    Start,
    #[serde(rename = "end")]
    End,
    #[serde(rename = "text")]
    Text,
    #[serde(rename = "speaker")]
    Speaker,
    #[serde(rename = "words")]
    Words,
    #[serde(other)]
    Other,
}

impl<'de: 'a, 'a> Deserialize<'de> for JsonItem<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ItemVisitor(PhantomData))
    }
}

struct ItemVisitor<'a>(PhantomData<&'a ()>);

impl<'de: 'a, 'a> Visitor<'de> for ItemVisitor<'a> {
    type Value = JsonItem<'a>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("struct JsonItem")
    }

    /// As `#[derive(Deserialize)]` with `#[serde(default)]` reads it (a
    /// repeated key is an error), but for words after a text.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JsonItem<'a>, A::Error> {
        let mut item = JsonItem::default();
        let mut seen = [false; 8];
        while let Some(key) = map.next_key::<ItemKey>()? {
            if let Some(name) = key.name()
                && std::mem::replace(&mut seen[key as usize], true)
            {
                return Err(de::Error::duplicate_field(name));
            }
            match key {
                ItemKey::StartTime => item.start_time = map.next_value()?,
                ItemKey::EndTime => item.end_time = map.next_value()?,
                ItemKey::Body => item.body = map.next_value()?,
                ItemKey::Start => item.start = map.next_value()?,
                ItemKey::End => item.end = map.next_value()?,
                ItemKey::Text => item.text = map.next_value()?,
                ItemKey::Speaker => item.speaker = map.next_value()?,
                ItemKey::Words if item.text.as_ref().and_then(Scalar::text).is_some() => {
                    map.next_value::<IgnoredAny>()?;
                }
                ItemKey::Words => item.words = map.next_value()?,
                ItemKey::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(item)
    }
}

impl ItemKey {
    /// The key as written, for a known one.
    fn name(&self) -> Option<&'static str> {
        Some(match self {
            ItemKey::StartTime => "startTime",
            ItemKey::EndTime => "endTime",
            ItemKey::Body => "body",
            ItemKey::Start => "start",
            ItemKey::End => "end",
            ItemKey::Text => "text",
            ItemKey::Speaker => "speaker",
            ItemKey::Words => "words",
            ItemKey::Other => return None,
        })
    }
}

/// A word inside a Whisper segment (`word`, or whisper-timestamped's
/// `text`).
#[derive(Debug, Clone, Default, Deserialize)]
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

#[cfg(test)]
mod tests {
    use super::*;

    fn item(json: &str) -> Result<JsonItem<'_>, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn words_are_read_only_while_there_is_no_text() {
        let after = item(r#"{"start":1,"text":" Hi","words":[{"word":"Hi","start":1}]}"#);
        assert!(after.expect("reads").words.is_none());
        let before = item(r#"{"words":[{"word":"Hi","start":1}],"text":" Hi"}"#);
        assert_eq!(before.expect("reads").words.map(|w| w.0.len()), Some(1));
        let no_text = item(r#"{"text":null,"words":[{"word":"Hi"},{"word":"yo"}]}"#);
        let words = no_text.expect("reads").words.expect("words");
        assert_eq!(words.0[1].word.text(), Some("yo"));
        let number_text = item(r#"{"text":5,"words":[{"word":"Hi"}]}"#);
        assert!(number_text.expect("reads").words.is_some());
    }

    #[test]
    fn items_read_as_the_derived_reader_did() {
        let read =
            item(r#"{"startTime":"0.5","endTime":1,"body":"x","sp\u0065aker":"Ann","x":[{}]}"#)
                .expect("reads");
        assert_eq!(read.start_time.seconds_ms(), Some(500));
        assert_eq!(read.end_time, Scalar::Int(1));
        assert_eq!(read.words_text(), Some("x"));
        assert_eq!(read.speaker.text(), Some("Ann"));
        let repeated = item(r#"{"start":1,"start":2}"#).expect_err("refused");
        assert!(repeated.to_string().starts_with("duplicate field `start`"));
        assert!(item(r#"{"body":null}"#).expect("reads").body.is_none());
    }
}
