//! The Podcasting 2.0 JSON transcript: `segments` of `{speaker,
//! startTime, endTime, body}`, at word, line or token level.

use super::items::JsonItem;
use super::scalar::Scalar;
use crate::episode::Format;
use crate::formats::Refusal;
use crate::formats::fragment::{Fragment, Kind, Reading, SpeakerRef};

/// Reads Podcasting 2.0 segments one at a time. A missing speaker
/// continues the previous one, except in a file that marks its paragraphs
/// (a body ending in a newline ends one): there a segment without a
/// speaker has none. When any body is only whitespace the bodies are
/// tokens, joined verbatim.
pub struct Podcasting20<'a> {
    reading: Reading<'a>,
    /// The last speaker field as written, and its speaker: a word-level
    /// file names the same speaker on word after word.
    last_speaker: Option<(String, Option<SpeakerRef>)>,
    paragraph_ended: bool,
    marks_paragraphs: bool,
}

impl<'a> Podcasting20<'a> {
    /// A reader of `input` before its first segment.
    pub fn new(input: &'a str) -> Self {
        Podcasting20 {
            reading: super::list_reading(Format::Podcasting20Json, input),
            last_speaker: None,
            paragraph_ended: false,
            marks_paragraphs: false,
        }
    }

    /// Reads one segment.
    pub fn push(&mut self, segment: &JsonItem<'_>) {
        let body = segment.words_text().unwrap_or_default();
        let visible_first = body.as_bytes().first().is_some_and(u8::is_ascii_graphic);
        self.reading.token_stream |= !visible_first && !body.is_empty() && body.trim().is_empty();
        let mut fragment = Fragment::new(
            Kind::Caption,
            segment.start_time.seconds_ms(),
            segment.end_time.seconds_ms(),
        );
        fragment.speaker = segment.speaker.text().and_then(|s| self.speaker(s));
        let reading = &mut self.reading;
        fragment.turn_break = self.paragraph_ended;
        self.paragraph_ended = body.ends_with('\n');
        self.marks_paragraphs |= self.paragraph_ended;
        reading.push_word(fragment, body);
    }

    /// The speaker named `name` (as written).
    fn speaker(&mut self, name: &str) -> Option<SpeakerRef> {
        if let Some((last, id)) = &self.last_speaker
            && last == name
        {
            return *id;
        }
        let id = self.reading.speaker(name);
        self.last_speaker = Some((name.to_string(), id));
        id
    }

    /// The reading, with the file's `version`.
    pub fn finish(self, version: &Scalar) -> Result<Reading<'a>, Refusal> {
        let mut reading = self.reading;
        if reading.fragments.is_empty() {
            return Err(Refusal::new(
                "podcasting20-json",
                "no transcript found (0 segments)",
            ));
        }
        if let Some(version) = version.text() {
            reading.set_meta("version", version);
        }
        reading.carry_speaker = !self.marks_paragraphs || reading.token_stream;
        Ok(reading)
    }
}
#[cfg(test)]
mod tests {
    use crate::formats::json::read as read_json;

    fn texts(json: &str) -> Vec<String> {
        let reading = read_json(json).expect("reads");
        reading
            .fragments
            .iter()
            .map(|f| reading.text(f).to_string())
            .collect()
    }

    #[test]
    fn optional_fields_and_numeric_strings() {
        let reading = read_json(
            r#"{"version":"1.0.0","segments":[{"startTime":"0.5","body":"Hi"},{"startTime":1,"speaker":"Ann","body":"yo"}]}"#,
        )
        .expect("reads");
        assert_eq!(reading.fragments[0].start, Some(500));
        assert_eq!(reading.fragments[0].end, None);
        assert_eq!(reading.names, ["Ann"]);
        assert_eq!(reading.metadata["version"], "1.0.0");
    }

    #[test]
    fn whitespace_bodies_make_a_token_stream() {
        let reading =
            read_json(r#"[{"startTime":0,"body":"We"},{"startTime":0,"body":" "},{"startTime":0,"body":"agree"}]"#)
                .expect("reads");
        assert!(reading.token_stream);
        assert_eq!(texts(r#"[{"startTime":0,"body":"Hey,"}]"#), ["Hey,"]);
    }

    #[test]
    fn a_file_marking_paragraphs_carries_no_speaker_into_an_unnamed_one() {
        let marked = r#"{"segments":[{"speaker":"Ann","startTime":0,"body":"Hi.\n"},{"startTime":9,"body":"[Music]\n"}]}"#;
        assert!(!read_json(marked).expect("reads").carry_speaker);
        let unmarked = r#"{"segments":[{"speaker":"Ann","startTime":0,"body":"Hi."},{"startTime":9,"body":"more"}]}"#;
        assert!(read_json(unmarked).expect("reads").carry_speaker);
    }
}
