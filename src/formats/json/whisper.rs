//! The Whisper family: openai-whisper / faster-whisper / WhisperX /
//! whisper-timestamped `segments`, whisper.cpp's `transcription`,
//! insanely-fast-whisper's `chunks`, and bare subtitle arrays.

use super::items::{Chunk, CppItem, Item};
use super::scalar::Scalar;
use crate::episode::Format;
use crate::formats::fragment::{Fragment, Kind, Reading};

/// Reads `segments`: the segment's text, or its words when it has none
/// (never `word_segments`, which repeats them).
pub fn read_segments(segments: Vec<Item>, language: &Scalar, generator: &str) -> Reading<'static> {
    let mut reading = Reading::new(Format::WhisperJson);
    reading.set_meta("generator", generator);
    if let Some(language) = language.text() {
        reading.set_meta("language", language);
    }
    for segment in segments {
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
            None => read_words(&segment, speaker, &mut reading),
        }
    }
    reading
}

fn read_words(segment: &Item, speaker: Option<u32>, reading: &mut Reading) {
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
pub fn read_cpp(items: Vec<CppItem>, language: &Scalar) -> Reading<'static> {
    let mut reading = Reading::new(Format::WhisperJson);
    reading.set_meta("generator", "whisper.cpp");
    if let Some(language) = language.text() {
        reading.set_meta("language", language);
    }
    let mut turn_next = false;
    for item in items {
        let (start, end) = match &item.offsets.0 {
            Some(span) => (span.from.ms(), span.to.ms()),
            None => (None, None),
        };
        let text = item.text.text().unwrap_or_default();
        let mut fragment = Fragment::new(Kind::Caption, start, end);
        fragment.speaker = item.speaker.text().and_then(|s| reading.speaker(s));
        fragment.turn_break = turn_next;
        turn_next = item.speaker_turn_next.truthy();
        reading.push(fragment, text);
    }
    reading
}

/// Reads insanely-fast-whisper output: the diarized `speakers` when there
/// are any, else the `chunks`.
pub fn read_chunks(chunks: Vec<Chunk>, speakers: Vec<Chunk>) -> Reading<'static> {
    let mut reading = Reading::new(Format::WhisperJson);
    reading.set_meta("generator", "insanely-fast-whisper");
    let pieces = if speakers.is_empty() {
        chunks
    } else {
        speakers
    };
    for piece in pieces {
        let time = |i: usize| piece.timestamp.get(i).and_then(Scalar::seconds_ms);
        let text = piece.text.text().unwrap_or_default();
        let mut fragment = Fragment::new(Kind::Caption, time(0), time(1));
        fragment.speaker = piece.speaker.text().and_then(|s| reading.speaker(s));
        reading.push(fragment, text);
    }
    reading
}

/// Reads a bare array of `{start, end, text}`: seconds, unless every time
/// is a whole number and the median caption lasts over 60 of them, which
/// only milliseconds explain.
pub fn read_subtitles(items: Vec<Item>) -> Reading<'static> {
    let mut reading = Reading::new(Format::SubtitleJson);
    reading.find_labels = true;
    let in_ms = looks_like_ms(&items);
    if in_ms {
        reading
            .warnings
            .add("milliseconds", "file with times in milliseconds");
    }
    let time = |s: &Scalar| if in_ms { s.ms() } else { s.seconds_ms() };
    for item in items {
        let text = item.words_text().unwrap_or_default();
        let mut fragment = Fragment::new(Kind::Caption, time(&item.start), time(&item.end));
        fragment.speaker = item.speaker.text().and_then(|s| reading.speaker(s));
        reading.push(fragment, text);
    }
    reading.find_labels = reading.names.is_empty();
    reading
}

fn looks_like_ms(items: &[Item]) -> bool {
    let all_int = items.iter().all(|i| {
        (!i.start.is_present() || i.start.is_int()) && (!i.end.is_present() || i.end.is_int())
    });
    let mut durations: Vec<f64> = items
        .iter()
        .filter_map(|i| Some(i.end.number()? - i.start.number()?))
        .collect();
    if !all_int || durations.is_empty() {
        return false;
    }
    let middle = durations.len() / 2;
    let (_, median, _) = durations.select_nth_unstable_by(middle, f64::total_cmp);
    *median > 60.0
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
