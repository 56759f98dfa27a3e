//! Fragments → segments → [`Episode`]: who says each piece, where a new
//! segment starts, and how pieces join into readable text.
//!
//! A new segment starts at each change of speaker, at a turn break, when
//! time goes backwards, and otherwise at pauses and sentence ends with a
//! size cap, so captions a few words long read as paragraphs.

use serde_json::Value;

use super::fragment::{Fragment, Kind, Reading, SpeakerRef};
use super::labels::{self, Vote};
use super::timestamp::Ms;
use crate::episode::text::{clean, clean_one_line};
use crate::episode::{
    Episode, EpisodeError, Reason, SegmentsBuilder, Source, SpeakerId, episode_title,
};

/// A pause this long ends a segment that ends a sentence.
const SENTENCE_PAUSE_MS: Ms = 2_000;
/// A pause this long always ends a segment.
const LONG_PAUSE_MS: Ms = 5_000;
/// Soft limits: past them a segment ends at its next sentence end.
const SOFT_SPAN_MS: Ms = 60_000;
const SOFT_CHARS: usize = 1_000;
/// A paragraph after this much text starts a segment at a sentence end.
const PARAGRAPH_CHARS: usize = 200;
/// Hard limits: past them a segment ends at any boundary.
const HARD_SPAN_MS: Ms = 120_000;
const HARD_CHARS: usize = 2_000;
/// This many identical pieces in a row are worth a warning.
const REPEATS_WORTH_A_WARNING: usize = 5;

/// Turns a reader's fragments into the episode earmark shows. Refuses a
/// file that yields nothing with text, a speaker or a time.
pub fn merge(mut reading: Reading<'_>, source: Source) -> Result<Episode, EpisodeError> {
    clean_fragments(&mut reading);
    if reading.find_labels {
        apply_labels(&mut reading);
    }
    count_time_warnings(&mut reading);
    let has_text = (reading.fragments.iter()).any(|f| !reading.text(f).trim().is_empty());
    if !has_text {
        return no_text(reading, source);
    }
    if reading.carry_speaker {
        carry_speakers(&mut reading);
    }
    warn_repeats(&mut reading);
    let (segments, text) = Segmenter::new(&reading).run(&reading);
    Ok(finish(reading, segments, text, source))
}

/// Hygiene on every text and name: control sequences out, no-break spaces
/// to spaces, bidi marks dropped. Spacing is left for the join.
fn clean_fragments(reading: &mut Reading) {
    let texts = &mut reading.texts;
    for fragment in &mut reading.fragments {
        let text = texts.get(fragment.text);
        if !needs_cleaning(text) {
            continue;
        }
        let cleaned = clean_text(text);
        if cleaned != text {
            fragment.text = texts.add(&cleaned);
        }
    }
    for name in &mut reading.names {
        *name = clean_one_line(&clean_text(name));
    }
    for value in reading.metadata.values_mut() {
        if let Value::String(text) = value {
            *text = clean_one_line(&clean_text(text));
        }
    }
}

/// Whether [`clean_text`] may change `text`: only control characters,
/// non-ASCII text (mojibake, no-break spaces, bidi marks) and DEL matter.
fn needs_cleaning(text: &str) -> bool {
    let unclean = |b: u8| (b < 0x20 && b != b'\n') || b >= 0x7f;
    // A chunk at a time, every byte of it looked at: the compiler makes
    // that a vector loop, where a byte-by-byte early exit is not one.
    (text.as_bytes().chunks(32)).any(|chunk| chunk.iter().fold(false, |any, &b| any | unclean(b)))
}

/// The hygiene every format's text gets (docs/text-hygiene.md).
pub fn clean_text(text: &str) -> String {
    let cleaned = clean(text);
    if !cleaned.contains(['\u{a0}', '\u{200e}', '\u{200f}', '\u{61c}']) {
        return cleaned.into_owned();
    }
    cleaned
        .chars()
        .filter(|c| !matches!(c, '\u{200e}' | '\u{200f}' | '\u{61c}'))
        .map(|c| if c == '\u{a0}' { ' ' } else { c })
        .collect()
}

/// Finds labels such as `Ann:` at the start of fragments and, when the
/// file reads as labelled dialogue, makes them the speakers.
fn apply_labels(reading: &mut Reading) {
    let mut vote = Vote::default();
    let mut explicit = vec![false; reading.names.len()];
    for fragment in &reading.fragments {
        if let Some(id) = fragment.speaker {
            explicit[id as usize] = true;
        }
        // A cue's later line only follows the vote of first lines.
        let votes = !matches!(fragment.kind, Kind::Word | Kind::CueLine);
        let text = reading.texts.get(fragment.text);
        if votes && !text.trim().is_empty() {
            let label = label_may_apply(fragment, text).then(|| labels::candidate(text));
            vote.fragment(label.flatten().map(|l| l.name));
        }
    }
    vote.explicit_speakers(explicit.iter().filter(|&&e| e).count());
    if !vote.accepts() {
        return;
    }
    for i in 0..reading.fragments.len() {
        let fragment = &reading.fragments[i];
        let text = reading.texts.get(fragment.text);
        if !label_may_apply(fragment, text) {
            continue;
        }
        let Some(label) = labels::candidate(text) else {
            continue;
        };
        if fragment.kind == Kind::CueLine && !vote.has_name(label.name) {
            continue;
        }
        let (name, len) = (label.name.to_string(), label.len);
        let id = reading.speaker(&clean_one_line(&name));
        let fragment = &mut reading.fragments[i];
        fragment.speaker = id;
        fragment.text = fragment.text.skip(len);
    }
}

fn label_may_apply(fragment: &Fragment, text: &str) -> bool {
    fragment.kind != Kind::Word && fragment.speaker.is_none() && !text.trim().is_empty()
}

/// Counts times that go backwards and ends before starts (which become
/// unknown).
fn count_time_warnings(reading: &mut Reading) {
    let (mut backwards, mut inverted) = (0, 0);
    let mut last_start = None;
    for fragment in &mut reading.fragments {
        if let (Some(start), Some(end)) = (fragment.start, fragment.end)
            && end < start
        {
            fragment.end = None;
            inverted += 1;
        }
        if let Some(start) = fragment.start {
            if last_start.is_some_and(|last| start < last) {
                backwards += 1;
            }
            last_start = Some(start);
        }
    }
    let warnings = &mut reading.warnings;
    warnings.add_n("times-backwards", backwards, "times go backwards");
    warnings.add_n("end-before-start", inverted, "ends before their start");
}

/// A fragment without a speaker continues the previous fragment's.
fn carry_speakers(reading: &mut Reading<'_>) {
    let mut current = None;
    for fragment in &mut reading.fragments {
        if reading.texts.get(fragment.text).trim().is_empty() {
            continue;
        }
        match fragment.speaker {
            Some(id) => current = Some(id),
            None => fragment.speaker = current,
        }
    }
}

/// Warns of runs of identical pieces (likely a recogniser's hallucination).
fn warn_repeats(reading: &mut Reading) {
    let mut runs = 0;
    let mut run = 1;
    let texts = reading
        .fragments
        .iter()
        .map(|f| reading.texts.get(f.text).trim())
        .filter(|t| !t.is_empty());
    let mut previous: Option<&str> = None;
    for text in texts {
        if previous == Some(text) {
            run += 1;
            if run == REPEATS_WORTH_A_WARNING {
                runs += 1;
            }
        } else {
            run = 1;
        }
        previous = Some(text);
    }
    reading
        .warnings
        .add_n("repeated-text", runs, "runs of 5 or more identical lines");
}

/// A file with times and speakers but no text: one empty segment per turn.
fn no_text(mut reading: Reading<'_>, source: Source) -> Result<Episode, EpisodeError> {
    let mut segments: Vec<OpenSegment> = Vec::new();
    for fragment in &reading.fragments {
        if fragment.speaker.is_none() {
            continue;
        }
        let same = segments
            .last()
            .is_some_and(|s| s.speaker == fragment.speaker && !fragment.turn_break);
        if !same {
            segments.push(OpenSegment::new(fragment, 0));
        }
        if let Some(last) = segments.last_mut() {
            last.end = last.end.max(fragment.end);
        }
    }
    if segments.is_empty() {
        return Err(EpisodeError::new(
            source.display(),
            Reason::Refused {
                looked_like: reading.format.name(),
                why: "no transcript found (no cue or segment with text or a speaker)".into(),
            },
        ));
    }
    reading
        .warnings
        .add_n("no-text", segments.len(), "turns without any text");
    Ok(finish(reading, segments, String::new(), source))
}

/// A segment being built. Its text is the episode's text from `text_from`
/// on: segments are written one after the other straight into the one
/// buffer the episode keeps, with no string of their own.
#[derive(Debug)]
struct OpenSegment {
    speaker: Option<SpeakerRef>,
    start: Option<Ms>,
    /// The first known start (for spans, when the first piece has none).
    first_time: Option<Ms>,
    end: Option<Ms>,
    text_from: usize,
    chars: usize,
}

impl OpenSegment {
    fn new(fragment: &Fragment, text_from: usize) -> Self {
        OpenSegment {
            speaker: fragment.speaker,
            start: fragment.start,
            first_time: fragment.start,
            end: fragment.end,
            text_from,
            chars: 0,
        }
    }
}

/// Walks the fragments, deciding where segments start (docs/formats.md, "From captions to readable segments").
struct Segmenter {
    /// Unpunctuated text: every fragment end counts as a sentence end.
    every_end_is_sentence: bool,
    token_stream: bool,
    segments: Vec<OpenSegment>,
    /// Every segment's text so far, the open one's last.
    text: String,
}

impl Segmenter {
    fn new(reading: &Reading<'_>) -> Self {
        let (mut chars, mut ends) = (0usize, 0usize);
        for fragment in &reading.fragments {
            let text = reading.text(fragment);
            chars += text.len();
            ends += count_sentence_marks(text);
        }
        Segmenter {
            every_end_is_sentence: ends * 400 < chars,
            token_stream: reading.token_stream,
            segments: Vec::new(),
            // Room for every piece and a space or line break between: the
            // text never outgrows it, so it is never copied as it grows
            // (which once doubled its peak), and room not written to costs
            // no memory.
            text: String::with_capacity(chars + reading.fragments.len()),
        }
    }

    /// The segments and their text, each segment's tidied
    /// ([`tidy_text`]) and from its `text_from` to the next one's.
    fn run(mut self, reading: &Reading<'_>) -> (Vec<OpenSegment>, String) {
        for fragment in &reading.fragments {
            let text = reading.text(fragment);
            if text.is_empty() {
                continue;
            }
            if text.trim().is_empty() {
                if !self.token_stream {
                    continue;
                }
                // A token of whitespace: spacing inside the open segment.
                if !self.segments.is_empty() {
                    self.text.push_str(text);
                }
                continue;
            }
            if self.starts_segment(fragment) {
                self.close_segment();
                let open = OpenSegment::new(fragment, self.text.len());
                self.segments.push(open);
            }
            self.append(fragment, text);
        }
        self.close_segment();
        (self.segments, self.text)
    }

    /// Tidies the open segment's text, where it is, before the next one
    /// starts after it.
    fn close_segment(&mut self) {
        if let Some(open) = self.segments.last() {
            let raw = self.text.split_off(open.text_from);
            tidy_text(&raw, &mut self.text);
        }
    }

    /// The open segment's text so far.
    fn open_text(&self, open: &OpenSegment) -> &str {
        &self.text[open.text_from..]
    }

    fn starts_segment(&self, f: &Fragment) -> bool {
        let Some(open) = self.segments.last() else {
            return true;
        };
        // A time never joins a segment that has none: it would be lost.
        let timed_after_untimed = f.start.is_some() && open.first_time.is_none();
        if f.speaker != open.speaker || f.turn_break || timed_after_untimed {
            return true;
        }
        let span = f
            .start
            .zip(open.first_time)
            .map(|(s, first)| s.saturating_sub(first));
        if let (Some(start), Some(first)) = (f.start, open.first_time)
            && start < first
        {
            return true;
        }
        let pause = f.start.zip(open.end).map(|(s, end)| s.saturating_sub(end));
        let span = span.unwrap_or(0);
        let pause = pause.unwrap_or(0);
        if pause >= LONG_PAUSE_MS || span >= HARD_SPAN_MS || open.chars >= HARD_CHARS {
            return true;
        }
        self.ends_sentence(self.open_text(open))
            && (pause >= SENTENCE_PAUSE_MS
                || span >= SOFT_SPAN_MS
                || open.chars >= SOFT_CHARS
                || (f.kind == Kind::Paragraph && open.chars >= PARAGRAPH_CHARS))
    }

    fn ends_sentence(&self, text: &str) -> bool {
        self.every_end_is_sentence || ends_sentence(text)
    }

    fn append(&mut self, fragment: &Fragment, piece: &str) {
        let token_stream = self.token_stream;
        let Some(open) = self.segments.last_mut() else {
            return;
        };
        if open.first_time.is_none() {
            open.first_time = fragment.start;
        }
        open.end = open.end.max(fragment.end);
        open.chars += piece.chars().count();
        let text = &mut self.text;
        if token_stream {
            text.push_str(piece);
        } else if fragment.kind == Kind::Paragraph && text.len() > open.text_from {
            text.push('\n');
            text.push_str(piece);
        } else {
            join_inline_from(text, open.text_from, piece);
        }
    }
}

/// Whether text ends a sentence, closing quotes and brackets aside.
fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .trim_end_matches(['"', '\'', '”', '’', ')', ']', '»', '」', '』'])
        .ends_with(is_sentence_mark)
}

/// How many sentence marks `text` has ([`is_sentence_mark`]), the ASCII
/// ones counted byte by byte.
fn count_sentence_marks(text: &str) -> usize {
    let ascii = (text.bytes())
        .filter(|&b| matches!(b, b'.' | b'?' | b'!'))
        .count();
    if text.is_ascii() {
        return ascii;
    }
    let others = text
        .chars()
        .filter(|&c| !c.is_ascii() && is_sentence_mark(c));
    ascii + others.count()
}

fn is_sentence_mark(c: char) -> bool {
    matches!(c, '.' | '?' | '!' | '…' | '。' | '？' | '！')
}

/// Appends `piece` to `out` with the spacing a reader expects: none where
/// either side already has whitespace, before closing punctuation, after
/// opening brackets or between CJK characters; else one space.
pub fn join_inline(out: &mut String, piece: &str) {
    join_inline_from(out, 0, piece);
}

/// [`join_inline`] onto the text of `out` from byte `from` on (what is
/// before belongs to other segments).
fn join_inline_from(out: &mut String, from: usize, piece: &str) {
    let left = out.get(from..).and_then(|tail| tail.chars().next_back());
    let (Some(left), Some(right)) = (left, piece.chars().next()) else {
        out.push_str(piece);
        return;
    };
    let glued = left.is_whitespace()
        || right.is_whitespace()
        || ",.;:!?…%)]}”’»".contains(right)
        || "([{“‘«".contains(left)
        || (is_cjk(left) && is_cjk(right));
    if !glued {
        out.push(' ');
    }
    out.push_str(piece);
}

/// Han, kana, CJK punctuation and full-width forms (Hangul uses spaces).
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{30ff}'
        | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}'
        | '\u{ff00}'..='\u{ffef}'
        | '\u{20000}'..='\u{2fa1f}')
}

/// Each line with runs of spaces collapsed and its ends trimmed; empty
/// lines dropped.
fn tidy_text(text: &str, out: &mut String) {
    let from = out.len();
    for line in text.split('\n') {
        let mut words = line.split(' ').filter(|w| !w.is_empty()).peekable();
        if words.peek().is_none() {
            continue;
        }
        if out.len() > from {
            out.push('\n');
        }
        for (i, word) in words.enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
}

/// Builds the episode: speakers in order of first appearance, times in
/// whole seconds, the duration into the metadata.
fn finish(
    mut reading: Reading<'_>,
    open: Vec<OpenSegment>,
    text: String,
    source: Source,
) -> Episode {
    let mut speakers: Vec<String> = Vec::new();
    let mut ids: Vec<Option<SpeakerId>> = vec![None; reading.names.len()];
    let (mut greatest_end, mut last_start) = (None, None);
    let ends: Vec<usize> = (open.iter().skip(1).map(|s| s.text_from))
        .chain([text.len()])
        .collect();
    let mut built = SegmentsBuilder::with_text(text, open.len());
    for (segment, end) in open.into_iter().zip(ends) {
        greatest_end = greatest_end.max(segment.end);
        last_start = segment.start.or(last_start);
        let speaker = segment.speaker.map(|r| {
            *ids[r as usize].get_or_insert_with(|| {
                speakers.push(reading.names[r as usize].clone());
                speakers.len() - 1
            })
        });
        let start = segment.start.map(|ms| (ms / 1000) as u32);
        built.push_span(speaker, start, segment.text_from..end);
    }
    let (text, segments) = built.finish();
    if let Some(ms) = greatest_end.or(last_start)
        && !reading.metadata.contains_key("duration_seconds")
    {
        let seconds = serde_json::Number::from_f64(ms as f64 / 1000.0);
        if let Some(seconds) = seconds {
            reading
                .metadata
                .insert("duration_seconds".into(), Value::Number(seconds));
        }
    }
    let title = episode_title(&reading.metadata, None, &source);
    Episode {
        source,
        format: reading.format,
        title,
        metadata: reading.metadata,
        speakers,
        segments,
        text,
        warnings: reading.warnings.lines(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::episode::Format;

    /// A reading of `format` with one caption per `(start, end, text)`.
    fn captions(format: Format, captions: &[(Ms, Ms, &str)]) -> Reading<'static> {
        let mut reading = Reading::new(format);
        for &(start, end, text) in captions {
            reading.push(Fragment::new(Kind::Caption, Some(start), Some(end)), text);
        }
        reading
    }

    fn merged(reading: Reading) -> Episode {
        merge(reading, Source::Builtin("test")).expect("merges")
    }

    #[test]
    fn joins_words_without_inventing_or_losing_spaces() {
        let mut out = String::from("Hey,");
        join_inline(&mut out, "you");
        join_inline(&mut out, ",");
        join_inline(&mut out, "(yes)");
        join_inline(&mut out, " Hola");
        join_inline(&mut out, "你");
        join_inline(&mut out, "好");
        assert_eq!(out, "Hey, you, (yes) Hola 你好");
    }

    #[test]
    fn captions_of_one_speaker_become_one_segment_until_a_pause() {
        let reading = captions(
            Format::Srt,
            &[
                (0, 1000, "Hello there,"),
                (1000, 2000, "how are you?"),
                (2500, 3000, "Fine."),
                (9000, 9500, "Later."),
            ],
        );
        let episode = merged(reading);
        let texts: Vec<_> = episode.segments.iter().map(|s| s.text(&episode)).collect();
        assert_eq!(texts, ["Hello there, how are you? Fine.", "Later."]);
        assert_eq!(episode.segments[1].start, Some(9));
    }

    #[test]
    fn a_change_of_speaker_or_time_going_back_starts_a_segment() {
        let mut reading = captions(
            Format::WebVtt,
            &[
                (5000, 6000, "one"),
                (6000, 7000, "two"),
                (1000, 2000, "three"),
                (2000, 3000, "four"),
            ],
        );
        reading.fragments[0].speaker = reading.speaker("Ann");
        reading.fragments[1].speaker = reading.speaker("Bob");
        let episode = merged(reading);
        assert_eq!(episode.speakers, ["Ann", "Bob"]);
        let texts: Vec<_> = episode.segments.iter().map(|s| s.text(&episode)).collect();
        assert_eq!(texts, ["one", "two", "three four"]);
        assert_eq!(episode.warnings, ["times-backwards: 1 times go backwards"]);
    }

    #[test]
    fn hard_caps_bound_every_segment() {
        let pieces: Vec<_> = (0..500)
            .map(|i| (i * 1000, i * 1000 + 1000, "words without end"))
            .collect();
        let reading = captions(Format::Srt, &pieces);
        let episode = merged(reading);
        assert!(episode.segments.len() > 1);
        for segment in &episode.segments {
            assert!(segment.text(&episode).chars().count() <= HARD_CHARS + 40);
        }
    }

    #[test]
    fn end_before_start_is_unknown_and_warned() {
        let reading = captions(Format::Srt, &[(5000, 1000, "x.")]);
        let episode = merged(reading);
        assert_eq!(
            episode.warnings,
            ["end-before-start: 1 ends before their start"]
        );
        assert_eq!(episode.meta_f64("duration_seconds"), Some(5.0));
    }

    #[test]
    fn a_file_without_text_or_speakers_is_refused() {
        let mut reading = Reading::new(Format::Srt);
        reading.push(Fragment::new(Kind::Caption, None, None), " ");
        let error = merge(reading, Source::Builtin("x.srt")).unwrap_err();
        assert!(error.to_string().contains("looks like srt"), "{error}");
    }
}
