//! Fragments → segments → [`Episode`]: hygiene, speakers written in the
//! text, speakers carried over, warnings; then `segmenter` cuts
//! and joins the pieces into segments.

use serde_json::Value;

use super::fragment::{Fragment, Kind, Reading, SpeakerRef, Texts, Warnings};
use super::labels::{self, LabelFinder, Vote};
use super::segmenter::{ClosedSegments, OpenSegment, Segmenter};
use super::text_facts::{Counts, TextFacts, count_sentence_marks};
use super::timestamp::Ms;
use crate::episode::text::{clean, clean_one_line};
use crate::episode::{Episode, EpisodeError, Reason, Source, episode_title};

/// Turns a reader's fragments into the episode earmark shows. Refuses a
/// file that yields nothing with text, a speaker or a time.
///
/// Two walks over the fragments, since each costs on a file of a million
/// captions. The first reads only what [`Reading::push`] found of each
/// text as it was kept (a text is read again only to clean it or to look
/// for a label): hygiene, the time warnings and the label vote, which
/// needs the whole file. Labels are then applied to the fragments that
/// begin with one, and the segmenter writes the segments on the second.
pub fn merge(mut reading: Reading<'_>, source: Source) -> Result<Episode, EpisodeError> {
    let pass = first_pass(&mut reading);
    if let Some((vote, labelled)) = pass.labels {
        apply_labels(&mut reading, &vote, &labelled);
    }
    if !pass.has_text {
        return no_text(reading, source);
    }
    let counts = reading.counts;
    let (segments, repeats) = Segmenter::new(&reading, counts).run(&mut reading);
    reading.warnings.add_n(
        "repeated-text",
        repeats,
        "runs of 5 or more identical lines",
    );
    Ok(finish(reading, segments, source))
}

/// What the first walk found.
struct FirstPass {
    /// Whether any fragment has text.
    has_text: bool,
    /// When the file's labels are speakers: the vote, and the fragments
    /// that begin with a candidate.
    labels: Option<(Vote, Vec<u32>)>,
}

/// Hygiene on every text and name, the time warnings, and when the file
/// may have labels, the vote on them.
fn first_pass(reading: &mut Reading<'_>) -> FirstPass {
    clean_names_and_metadata(reading);
    let mut times = TimeWarnings::default();
    let mut vote = Vote::default();
    let mut explicit = vec![false; reading.names.len()];
    let mut labelled = Vec::new();
    let mut finder = LabelFinder::default();
    let mut has_text = false;
    let find_labels = reading.find_labels;
    let (texts, counts) = (&mut reading.texts, &mut reading.counts);
    for (i, fragment) in reading.fragments.iter_mut().enumerate() {
        know_and_clean(fragment, texts, counts);
        times.fragment(fragment);
        let blank = fragment.facts.blank();
        has_text |= !blank;
        if !find_labels {
            continue;
        }
        if let Some(id) = fragment.speaker {
            explicit[id as usize] = true;
        }
        let label = label_may_apply(fragment)
            .then(|| finder.candidate(texts.get(fragment.text)))
            .flatten();
        if label.is_some() {
            labelled.push(u32::try_from(i).unwrap_or(u32::MAX));
        }
        // A cue's later line only follows the vote of first lines.
        let votes = !matches!(fragment.kind, Kind::Word | Kind::CueLine);
        if votes && !blank {
            vote.fragment(label.map(|l| l.name));
        }
    }
    times.warn(&mut reading.warnings);
    vote.explicit_speakers(explicit.iter().filter(|&&e| e).count());
    let accepted = find_labels && vote.accepts();
    FirstPass {
        has_text,
        labels: accepted.then_some((vote, labelled)),
    }
}

/// Works out the facts of a fragment kept some other way than through
/// the reading's methods, then cleans its text if hygiene may change it.
fn know_and_clean(fragment: &mut Fragment, texts: &mut Texts, counts: &mut Counts) {
    if !fragment.facts.known() {
        let (facts, marks) = TextFacts::of(texts.get(fragment.text));
        fragment.facts = facts;
        counts.add(fragment.text.len(), marks);
    }
    if fragment.facts.unclean() {
        clean_fragment(fragment, texts, counts);
    }
}

/// Hygiene on speaker names and metadata values.
fn clean_names_and_metadata(reading: &mut Reading) {
    for name in &mut reading.names {
        *name = clean_one_line(&clean_text(name));
    }
    for value in reading.metadata.values_mut() {
        if let Value::String(text) = value {
            *text = clean_one_line(&clean_text(text));
        }
    }
}

/// Hygiene on a fragment's text: control sequences out, no-break spaces
/// to spaces, bidi marks dropped. Spacing is left for the join. The
/// counts and facts follow the text.
fn clean_fragment(fragment: &mut Fragment, texts: &mut Texts, counts: &mut Counts) {
    let text = texts.get(fragment.text);
    let cleaned = clean_text(text);
    if cleaned == text {
        return;
    }
    counts.remove(text.len(), count_sentence_marks(text));
    let (facts, marks) = TextFacts::of(&cleaned);
    fragment.text = texts.add(&cleaned);
    fragment.facts = facts;
    counts.add(fragment.text.len(), marks);
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

/// Makes the labels found by the vote the fragments' speakers, and takes
/// them off their text. `labelled` are the fragments that begin with a
/// candidate: the label is found again from its shape alone, its name
/// already known to be a name's.
fn apply_labels(reading: &mut Reading, vote: &Vote, labelled: &[u32]) {
    let mut ids = SpeakerCache::default();
    for &i in labelled {
        let Some(fragment) = reading.fragments.get(i as usize) else {
            continue;
        };
        let text = reading.texts.get(fragment.text);
        let Some(label) = labels::label_shape(text) else {
            continue;
        };
        if fragment.kind == Kind::CueLine && !vote.has_name(label.name) {
            continue;
        }
        // A label with nothing said after it names no one: taken away, the
        // fragment would vanish with whatever it held.
        if text[label.len..].trim().is_empty() {
            continue;
        }
        let len = label.len;
        let label_marks = count_sentence_marks(&text[..len]);
        let id = match ids.find(label.name) {
            Some(id) => id,
            None => {
                let name = label.name.to_string();
                let id = reading.speaker(&clean_one_line(&name));
                ids.keep(name, id);
                id
            }
        };
        let fragment = &mut reading.fragments[i as usize];
        fragment.speaker = id;
        fragment.text = fragment.text.skip(len);
        // What is left has the facts of the whole but its length and
        // marks: never blank (see above), ASCII if the whole was, and
        // the "may hold" facts still hold.
        reading.counts.remove(len, label_marks);
    }
}

fn label_may_apply(fragment: &Fragment) -> bool {
    fragment.kind != Kind::Word
        && !fragment.label_free
        && fragment.speaker.is_none()
        && !fragment.facts.blank()
}

/// The speakers of the label names met so far, as written: a file has a
/// handful of speakers and a label on every line.
#[derive(Default)]
struct SpeakerCache {
    names: Vec<(String, Option<SpeakerRef>)>,
}

impl SpeakerCache {
    /// Beyond this many names, look-ups are not worth it.
    const MAX: usize = 32;

    fn find(&self, name: &str) -> Option<Option<SpeakerRef>> {
        (self.names.iter())
            .find(|(n, _)| n == name)
            .map(|&(_, id)| id)
    }

    fn keep(&mut self, name: String, id: Option<SpeakerRef>) {
        if self.names.len() < Self::MAX {
            self.names.push((name, id));
        }
    }
}

/// Times that go backwards and ends before starts (which become unknown).
#[derive(Default)]
struct TimeWarnings {
    backwards: usize,
    inverted: usize,
    last_start: Option<Ms>,
}

impl TimeWarnings {
    fn fragment(&mut self, fragment: &mut Fragment) {
        if let (Some(start), Some(end)) = (fragment.start, fragment.end)
            && end < start
        {
            fragment.end = None;
            self.inverted += 1;
        }
        if let Some(start) = fragment.start {
            if self.last_start.is_some_and(|last| start < last) {
                self.backwards += 1;
            }
            self.last_start = Some(start);
        }
    }

    fn warn(&self, warnings: &mut Warnings) {
        warnings.add_n("times-backwards", self.backwards, "times go backwards");
        warnings.add_n("end-before-start", self.inverted, "ends before their start");
    }
}

/// A file with times and speakers but no text: one empty segment per turn.
fn no_text(mut reading: Reading<'_>, source: Source) -> Result<Episode, EpisodeError> {
    let mut segments = ClosedSegments::new(0, 0, reading.names.len());
    let mut open: Option<OpenSegment> = None;
    for fragment in &reading.fragments {
        if fragment.speaker.is_none() {
            continue;
        }
        let same =
            (open.as_ref()).is_some_and(|s| s.speaker == fragment.speaker && !fragment.turn_break);
        if !same && let Some(done) = open.replace(OpenSegment::new(fragment, 0)) {
            segments.close(&done, &reading.names);
        }
        if let Some(last) = &mut open {
            last.end = last.end.max(fragment.end);
        }
    }
    let Some(last) = open else {
        return Err(EpisodeError::new(
            source.display(),
            Reason::Refused {
                looked_like: reading.format.name(),
                why: "no transcript found (no cue or segment with text or a speaker)".into(),
            },
        ));
    };
    segments.close(&last, &reading.names);
    reading
        .warnings
        .add_n("no-text", segments.builder.len(), "turns without any text");
    Ok(finish(reading, segments, source))
}

/// Builds the episode: speakers in order of first appearance, times in
/// whole seconds, the duration into the metadata.
fn finish(mut reading: Reading<'_>, segments: ClosedSegments, source: Source) -> Episode {
    // The fragments are done with: their memory is free for what follows.
    reading.fragments = Vec::new();
    let ClosedSegments {
        builder,
        speakers,
        greatest_end,
        last_start,
        ..
    } = segments;
    let (text, segments) = builder.finish();
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
    use crate::formats::segmenter::HARD_CHARS;
    use crate::formats::timestamp::Ms;

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
    fn counts_follow_cleaning_and_labels() {
        let mut reading = Reading::new(Format::Text);
        reading.find_labels = true;
        for text in [
            "J. Lee: Hi. \u{7}Bye!",
            "Bo Chen: Yes.",
            "J. Lee: No…",
            "plain",
        ] {
            reading.push(Fragment::new(Kind::Paragraph, None, None), text);
        }
        // One kept another way than through `push`: its facts are found.
        let text = reading.texts.add("Bo Chen: Ok.");
        let mut fragment = Fragment::new(Kind::Paragraph, None, None);
        fragment.text = text;
        reading.fragments.push(fragment);
        let pass = first_pass(&mut reading);
        let (vote, labelled) = pass.labels.expect("a dialogue");
        apply_labels(&mut reading, &vote, &labelled);
        let mut recounted = Counts::default();
        for fragment in &reading.fragments {
            let text = reading.text(fragment);
            recounted.add(text.len(), count_sentence_marks(text));
            assert_eq!(fragment.facts, TextFacts::of(text).0, "{text:?}");
        }
        assert_eq!(reading.counts, recounted);
        assert_eq!(reading.all_texts()[0], "Hi. Bye!");
    }

    #[test]
    fn a_file_without_text_or_speakers_is_refused() {
        let mut reading = Reading::new(Format::Srt);
        reading.push(Fragment::new(Kind::Caption, None, None), " ");
        let error = merge(reading, Source::Builtin("x.srt")).unwrap_err();
        assert!(error.to_string().contains("looks like srt"), "{error}");
    }
}
