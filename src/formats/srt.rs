//! SubRip (`.srt`): cues found by their timing lines, not by counting
//! lines, so missing, repeated or unordered index numbers, unspaced
//! arrows, `.` for `,` and stray lines all read.

use std::borrow::Cow;
use std::iter::Peekable;

use super::Refusal;
use super::cue_text::References;
use super::fragment::Reading;
use super::lines::{Lines, lines};
use super::timestamp::{Ms, TimingLine, parse_lenient};
use super::webvtt::{CueReader, TimedText, read_cues};
use crate::episode::Format;

/// What one line of a SubRip file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Line<'a> {
    /// A timing line; times `None` when unreadable.
    Timing(Option<(u64, u64)>),
    /// Only digits: an index, when a timing line follows.
    Digits(&'a str),
    Blank,
    Text(&'a str),
}

fn classify(line: &str) -> Line<'_> {
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return Line::Blank;
    }
    if trimmed.bytes().all(|b| b.is_ascii_digit()) {
        return Line::Digits(line);
    }
    // Only a line with `-->` can be a timing line.
    if memchr::memchr(b'>', trimmed.as_bytes()).is_some()
        && let Some(timing) = TimingLine::split(trimmed)
    {
        if let Some(times) = timing.lenient_times() {
            return Line::Timing(Some(times));
        }
        // A time left of the arrow makes it a timing line, if a bad one.
        if parse_lenient(timing.start).is_some() {
            return Line::Timing(None);
        }
    }
    Line::Text(line)
}

/// Reads a SubRip file into fragments, each cue as it is found (rolling
/// ones a line once); only a file whose cues rolled for a while and then
/// stopped is read a second time.
pub fn read(text: &str) -> Result<Reading<'_>, Refusal> {
    let mut scan = Cues::new(text);
    let mut reading = plain_reading(text);
    let mut cues = CueReader::new(References::Basic);
    let mut count = 0;
    for cue in scan.by_ref() {
        count += 1;
        cues.cue(&cue, &mut reading, || Cues::new(text));
    }
    if count == 0 {
        return Err(Refusal::new("srt", "no transcript found (0 cues)"));
    }
    // Cues that rolled for a while and then stopped are read again.
    let again = !cues.is_rolling() && !cues.read_every_cue();
    if again {
        reading = plain_reading(text);
    }
    reading
        .warnings
        .add_n("bad-timestamp", scan.bad, "cues with unreadable times");
    if cues.is_rolling() {
        cues.finish_rolling(&mut reading);
    } else if again {
        read_cues(|| Cues::new(text), false, References::Basic, &mut reading);
    } else {
        cues.finish(&mut reading);
    }
    Ok(reading)
}

fn plain_reading(text: &str) -> Reading<'_> {
    let mut reading = Reading::borrowing(Format::Srt, text);
    reading.find_labels = true;
    reading
}

/// A file's lines, classified as they are read.
type ClassifiedLines<'a> = Peekable<std::iter::Map<Lines<'a>, fn(&str) -> Line<'_>>>;

/// The cues of a SubRip file, found by their timing lines and read one
/// line ahead: lines before the first cue make an untimed one, stray lines
/// belong to the cue before, and an index is a line of digits before a
/// timing line.
struct Cues<'a> {
    text: &'a str,
    lines: ClassifiedLines<'a>,
    open: Option<OpenCue>,
    /// Timing lines whose times could not be read, so far.
    bad: usize,
}

impl<'a> Cues<'a> {
    fn new(text: &'a str) -> Self {
        let classify: fn(&str) -> Line<'_> = classify;
        Cues {
            text,
            lines: lines(text).map(classify).peekable(),
            open: None,
            bad: 0,
        }
    }
}

impl<'a> Iterator for Cues<'a> {
    type Item = TimedText<'a>;

    fn next(&mut self) -> Option<TimedText<'a>> {
        while let Some(line) = self.lines.next() {
            match line {
                Line::Timing(times) => {
                    self.bad += usize::from(times.is_none());
                    let done = self.open.replace(OpenCue::new(times));
                    if let Some(done) = done {
                        return Some(done.finish(self.text));
                    }
                }
                Line::Digits(_) if matches!(self.lines.peek(), Some(Line::Timing(_))) => {}
                Line::Blank => {}
                Line::Digits(line) | Line::Text(line) => {
                    let open = self.open.get_or_insert_with(|| OpenCue::new(None));
                    open.push_line(self.text, line);
                }
            }
        }
        self.open.take().map(|open| open.finish(self.text))
    }
}

/// A cue's payload so far: lines trimmed at the end, joined by `\n`. It
/// stays a slice of the file while its lines follow each other untrimmed.
#[derive(Debug)]
enum Payload {
    Empty,
    Run(usize, usize),
    Built(String),
}

#[derive(Debug)]
struct OpenCue {
    times: Option<(Ms, Ms)>,
    payload: Payload,
}

impl OpenCue {
    fn new(times: Option<(Ms, Ms)>) -> Self {
        OpenCue {
            times,
            payload: Payload::Empty,
        }
    }

    /// Appends `line`, a line of `text`.
    fn push_line(&mut self, text: &str, line: &str) {
        let line = line.trim_end();
        let from = line.as_ptr() as usize - text.as_ptr() as usize;
        let to = from + line.len();
        self.payload = match std::mem::replace(&mut self.payload, Payload::Empty) {
            Payload::Empty => Payload::Run(from, to),
            Payload::Run(start, end) if end + 1 == from => Payload::Run(start, to),
            Payload::Run(start, end) => Payload::Built(format!("{}\n{line}", &text[start..end])),
            Payload::Built(mut built) => {
                built.push('\n');
                built.push_str(line);
                Payload::Built(built)
            }
        };
    }

    fn finish(self, text: &str) -> TimedText<'_> {
        let raw_text = match self.payload {
            Payload::Empty => Cow::Borrowed(""),
            Payload::Run(from, to) => Cow::Borrowed(&text[from..to]),
            Payload::Built(built) => Cow::Owned(built),
        };
        TimedText {
            start: self.times.map(|t| t.0),
            end: self.times.map(|t| t.1),
            raw_text,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'r>(reading: &'r Reading<'_>) -> Vec<(Option<u64>, &'r str)> {
        reading
            .fragments
            .iter()
            .map(|f| (f.start, reading.text(f)))
            .collect()
    }

    #[test]
    fn cues_that_roll_after_voiced_ones_are_read_a_line_once_from_the_first() {
        use crate::formats::webvtt::tests::{VOICED_THEN_ROLLING, VOICED_THEN_ROLLING_READ};
        let mut file = String::new();
        for (i, payload) in VOICED_THEN_ROLLING.iter().enumerate() {
            let payload = payload.replace("<v Ann>", "").replace("<v Bob>", "");
            file += &format!(
                "{}\n00:00:{i:02},000 --> 00:00:{i:02},500\n{payload}\n\n",
                i + 1
            );
        }
        let reading = read(&file).expect("reads");
        let read: Vec<&str> = texts(&reading).into_iter().map(|(_, t)| t).collect();
        assert_eq!(read, VOICED_THEN_ROLLING_READ);
        assert_eq!(reading.warnings.count("rolling-captions"), 7);
    }

    #[test]
    fn cues_that_roll_only_at_first_are_each_read() {
        let mut file = String::new();
        let payloads = crate::formats::webvtt::tests::payloads_rolling_only_at_first();
        for (i, payload) in payloads.iter().enumerate() {
            file += &format!(
                "{}\n00:00:{i:02},000 --> 00:00:{i:02},500\n{payload}\n\n",
                i + 1
            );
        }
        let reading = read(&file).expect("reads");
        let texts = reading.all_texts();
        assert_eq!(texts.len(), 36, "{texts:?}");
        assert_eq!(texts[..3], ["a", "a b", "b"]);
        assert_eq!(texts[35], "line 29");
        assert_eq!(reading.warnings.count("rolling-captions"), 0);
    }

    #[test]
    fn cues_by_timing_lines_in_every_real_spelling() {
        let reading = read(
            "1\n00:00:00,060 --> 00:00:02,680\nHello\nthere\n\n\n00:00:03.000-->00:00:04.000 X1:1 Y1:2\nNo index\n7\n00:00:05,000 --> 00:00:06,000\n<i>Last</i> &amp; 12",
        )
        .expect("reads");
        assert_eq!(
            texts(&reading),
            [
                (Some(60), "Hello there"),
                (Some(3000), "No index"),
                (Some(5000), "Last & 12")
            ]
        );
    }

    #[test]
    fn stray_lines_belong_to_the_previous_cue_and_bad_times_keep_their_text() {
        let reading = read(
            "1\n00:00:01,000 --> 00:00:02,000\nOne\n\nstray\n2\n00:00:02,500 --> 00:00:99,000\nTwo\n",
        )
        .expect("reads");
        assert_eq!(texts(&reading), [(Some(1000), "One stray"), (None, "Two")]);
        assert_eq!(reading.warnings.count("bad-timestamp"), 1);
    }

    #[test]
    fn a_bare_ampersand_stays() {
        let reading = read("00:00:01,000 --> 00:00:02,000\nR&B &nbsp;\n").expect("reads");
        assert_eq!(reading.all_texts(), ["R&B &nbsp;"]);
    }
}
