//! The Whisper family: openai-whisper / faster-whisper / WhisperX /
//! whisper-timestamped `segments`, whisper.cpp's `transcription`,
//! insanely-fast-whisper's `chunks`, and bare subtitle arrays. Each is
//! read an item at a time as the list is parsed.

use super::items::{Chunk, CppItem, JsonItem};
use super::scalar::Scalar;
use crate::episode::Format;
use crate::formats::fragment::{Fragment, Kind, Reading};
use crate::formats::timestamp::seconds_to_ms;

/// Reads one of `segments`: the segment's text, or its words when it has
/// none (never `word_segments`, which repeats them).
pub fn push_segment(reading: &mut Reading, segment: &JsonItem<'_>) {
    let speaker = segment.speaker.text().and_then(|s| reading.speaker(s));
    match segment.text.as_ref().and_then(Scalar::text) {
        Some(text) => {
            let mut fragment = Fragment::new(
                Kind::Caption,
                segment.start.seconds_ms(),
                segment.end.seconds_ms(),
            );
            fragment.speaker = speaker;
            reading.push(fragment, text);
        }
        None => read_words(segment, speaker, reading),
    }
}

/// Names the producer and the language of a `segments` reading.
pub fn finish_segments<'a>(
    mut reading: Reading<'a>,
    language: &Scalar,
    generator: &str,
) -> Reading<'a> {
    reading.set_meta("generator", generator);
    if let Some(language) = language.text() {
        reading.set_meta("language", language);
    }
    reading
}

fn read_words(segment: &JsonItem, speaker: Option<u32>, reading: &mut Reading) {
    let Some(words) = &segment.words else {
        return;
    };
    for word in &words.0 {
        let text = word.word.text().or(word.text.text()).unwrap_or_default();
        let mut fragment =
            Fragment::new(Kind::Word, word.start.seconds_ms(), word.end.seconds_ms());
        fragment.speaker = word
            .speaker
            .text()
            .and_then(|s| reading.speaker(s))
            .or(speaker);
        reading.push(fragment, text);
    }
}

/// Reads whisper.cpp `-oj` output: times in ms; `speaker_turn_next`
/// marks a turn boundary before the next segment.
#[derive(Debug)]
pub struct WhisperCpp<'a> {
    reading: Reading<'a>,
    turn_next: bool,
}

impl<'a> WhisperCpp<'a> {
    /// A reader of `input` before its first item.
    pub fn new(input: &'a str) -> Self {
        WhisperCpp {
            reading: Reading::borrowing(Format::WhisperJson, input),
            turn_next: false,
        }
    }

    /// Reads one item of `transcription`.
    pub fn push(&mut self, item: CppItem<'_>) {
        let (start, end) = match &item.offsets.0 {
            Some(span) => (span.from.ms(), span.to.ms()),
            None => (None, None),
        };
        let text = item.text.text().unwrap_or_default();
        let mut fragment = Fragment::new(Kind::Caption, start, end);
        fragment.speaker = item.speaker.text().and_then(|s| self.reading.speaker(s));
        fragment.turn_break = self.turn_next;
        self.turn_next = item.speaker_turn_next.truthy();
        self.reading.push(fragment, text);
    }

    /// How many items were read.
    pub fn len(&self) -> usize {
        self.reading.fragments.len()
    }

    /// The reading, in `language`.
    pub fn finish(self, language: &Scalar) -> Reading<'a> {
        let mut reading = self.reading;
        reading.set_meta("generator", "whisper.cpp");
        if let Some(language) = language.text() {
            reading.set_meta("language", language);
        }
        reading
    }
}

/// Reads one insanely-fast-whisper chunk or diarized speaker turn.
pub fn push_chunk(reading: &mut Reading, piece: Chunk<'_>) {
    let time = |i: usize| piece.timestamp.get(i).and_then(Scalar::seconds_ms);
    let text = piece.text.text().unwrap_or_default();
    let mut fragment = Fragment::new(Kind::Caption, time(0), time(1));
    fragment.speaker = piece.speaker.text().and_then(|s| reading.speaker(s));
    reading.push(fragment, text);
}

/// insanely-fast-whisper output: the diarized `speakers` when there are
/// any, else the `chunks`.
pub fn finish_chunks<'a>(chunks: Reading<'a>, speakers: Option<Reading<'a>>) -> Reading<'a> {
    let mut reading = match speakers {
        Some(speakers) if !speakers.fragments.is_empty() => speakers,
        _ => chunks,
    };
    reading.set_meta("generator", "insanely-fast-whisper");
    reading
}

/// Reads a bare array of `{start, end, text}`: seconds, unless every time
/// is a whole number and the median caption lasts over 60 of them, which
/// only milliseconds explain. The unit is known only at the end, so each
/// caption's numbers are kept until then.
pub struct Subtitles<'a> {
    reading: Reading<'a>,
    /// Each fragment's start and end as written (NaN: none).
    numbers: Vec<[f64; 2]>,
    all_int: bool,
}

impl<'a> Subtitles<'a> {
    /// A reader of `input` before its first caption.
    pub fn new(input: &'a str) -> Self {
        Subtitles {
            reading: super::list_reading(Format::SubtitleJson, input),
            numbers: Vec::new(),
            all_int: true,
        }
    }

    /// Reads one caption.
    pub fn push(&mut self, item: &JsonItem<'_>) {
        let int_or_absent = |s: &Scalar| !s.is_present() || s.is_int();
        self.all_int &= int_or_absent(&item.start) && int_or_absent(&item.end);
        let number = |s: &Scalar| s.number().unwrap_or(f64::NAN);
        self.numbers.push([number(&item.start), number(&item.end)]);
        let text = item.words_text().unwrap_or_default();
        let mut fragment = Fragment::new(Kind::Caption, None, None);
        fragment.speaker = item.speaker.text().and_then(|s| self.reading.speaker(s));
        self.reading.push(fragment, text);
    }

    /// The reading, its times in the unit the whole file shows.
    pub fn finish(self) -> Reading<'a> {
        let mut reading = self.reading;
        let in_ms = self.all_int && median_duration(&self.numbers).is_some_and(|d| d > 60.0);
        if in_ms {
            reading
                .warnings
                .add("milliseconds", "file with times in milliseconds");
        }
        let scale = if in_ms { 1000.0 } else { 1.0 };
        // NaN (no time) is no time in either unit.
        let time = |n: f64| seconds_to_ms(n / scale);
        for (fragment, [start, end]) in reading.fragments.iter_mut().zip(self.numbers) {
            fragment.start = time(start);
            fragment.end = time(end);
        }
        reading.find_labels = reading.names.is_empty();
        reading
    }
}

/// The median of the captions' durations, of those with both times.
fn median_duration(numbers: &[[f64; 2]]) -> Option<f64> {
    let mut durations: Vec<f64> = numbers
        .iter()
        .filter(|[s, e]| !s.is_nan() && !e.is_nan())
        .map(|[s, e]| e - s)
        .collect();
    if durations.is_empty() {
        return None;
    }
    let middle = durations.len() / 2;
    let (_, median, _) = durations.select_nth_unstable_by(middle, f64::total_cmp);
    Some(*median)
}

#[cfg(test)]
mod tests {
    use crate::formats::json::read;

    #[test]
    fn segment_text_words_and_speakers() {
        let reading = read(
            r#"{"language":"ca","segments":[{"start":0.0,"end":2.0599999999999996,"text":" Hola, bon dia","speaker":"SPEAKER_01"},{"start":2.1,"end":3,"words":[{"word":"com","start":2.1},{"word":"et"}]}],"word_segments":[]}"#,
        )
        .expect("reads");
        assert_eq!(reading.metadata["generator"], "WhisperX");
        assert_eq!(reading.metadata["language"], "ca");
        let texts = reading.all_texts();
        assert_eq!(texts, [" Hola, bon dia", "com", "et"]);
        assert_eq!(reading.fragments[0].end, Some(2060));
        assert_eq!(reading.fragments[2].start, None);
    }

    #[test]
    fn whisper_cpp_offsets_are_ms_and_turns_break() {
        let reading = read(
            r#"{"result":{"language":"en"},"transcription":[{"offsets":{"from":0,"to":1500},"text":" Hi","speaker_turn_next":true},{"offsets":{"from":1500,"to":2000},"text":" Yo"}]}"#,
        )
        .expect("reads");
        assert_eq!(reading.fragments[0].end, Some(1500));
        assert!(reading.fragments[1].turn_break);
        assert_eq!(reading.metadata["language"], "en");
    }

    #[test]
    fn insanely_fast_whisper_chunks_with_an_open_end() {
        let reading =
            read(r#"{"speakers":[],"chunks":[{"timestamp":[0.0,1.5],"text":" a"},{"timestamp":[1.5,null],"text":" b"}]}"#)
                .expect("reads");
        assert_eq!(reading.fragments[1].end, None);
    }

    #[test]
    fn bare_arrays_in_ms_or_seconds() {
        let ms =
            read(r#"[{"start":1000,"end":3500,"text":"a"},{"start":4000,"end":6500,"text":"b"}]"#)
                .expect("reads");
        assert_eq!(ms.fragments[1].start, Some(4000));
        assert_eq!(ms.warnings.count("milliseconds"), 1);
        let seconds = read(r#"[{"start":1.0,"end":3.5,"text":"a"}]"#).expect("reads");
        assert_eq!(seconds.fragments[0].end, Some(3500));
    }
}
