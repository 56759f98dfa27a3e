//! SubRip (`.srt`): cues found by their timing lines, not by counting
//! lines, so missing, repeated or unordered index numbers, unspaced
//! arrows, `.` for `,` and stray lines all read.

use super::Refusal;
use super::cue_text::References;
use super::fragment::Reading;
use super::timestamp::{TimingLine, parse_lenient};
use super::webvtt::{TimedText, read_cues};
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
    if let Some(timing) = TimingLine::split(trimmed) {
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

/// Reads a SubRip file into fragments.
pub fn read(text: &str) -> Result<Reading<'_>, Refusal> {
    // Classified one line ahead, not all at once: a list of every line
    // cost 24 bytes a line, as much as the file's text.
    let mut lines = text.split('\n').map(classify).peekable();
    let mut cues: Vec<TimedText> = Vec::new();
    let mut bad = 0;
    while let Some(line) = lines.next() {
        match line {
            Line::Timing(times) => {
                bad += usize::from(times.is_none());
                cues.push(TimedText {
                    start: times.map(|t| t.0),
                    end: times.map(|t| t.1),
                    raw_text: String::new(),
                });
            }
            Line::Digits(_) if matches!(lines.peek(), Some(Line::Timing(_))) => {}
            Line::Blank => {}
            Line::Digits(line) | Line::Text(line) => push_line(&mut cues, line),
        }
    }
    if cues.is_empty() {
        return Err(Refusal::new("srt", "no transcript found (0 cues)"));
    }
    let mut reading = Reading::borrowing(Format::Srt, text);
    reading.find_labels = true;
    reading
        .warnings
        .add_n("bad-timestamp", bad, "cues with unreadable times");
    read_cues(cues, References::Basic, &mut reading);
    Ok(reading)
}

/// Appends a text line to the open cue; lines before the first cue make
/// an untimed one.
fn push_line(cues: &mut Vec<TimedText>, line: &str) {
    if cues.is_empty() {
        cues.push(TimedText {
            start: None,
            end: None,
            raw_text: String::new(),
        });
    }
    if let Some(cue) = cues.last_mut() {
        if !cue.raw_text.is_empty() {
            cue.raw_text.push('\n');
        }
        cue.raw_text.push_str(line.trim_end());
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
