//! Rolling auto-captions (YouTube's, via yt-dlp; also converted to SRT):
//! each cue repeats the previous cue's last line and adds one, with short
//! "bridge" cues between, so every line shows two or three times. Such a
//! file is read one line once.
//!
//! Both steps go cue by cue, keeping only the line before: neither needs
//! a list of the file's cues.

use super::cue_text::{References, is_plain, line_has_text, plain_line_into};
use super::fragment::{Fragment, Kind, Reading};
use super::lines::lines;
use super::timestamp::Ms;

/// How many pairs must roll before a file is read as rolling.
const MIN_ROLLS: usize = 3;

/// Tells rolling cues apart, one cue at a time: in at least 30% of the
/// pairs of consecutive cues with text (and in at least 3 pairs), the later
/// cue's first plain line is the earlier cue's last, and one of the two
/// has more than one line (a line rolls up into a cue that adds one, or
/// out of one: one-line cues that repeat are only repeats).
#[derive(Debug, Default)]
pub struct RollCheck {
    pairs: usize,
    rolled: usize,
    /// The last plain line of the last cue with text, if any (as
    /// written, when `last_raw`).
    last: Option<String>,
    last_raw: bool,
    /// Whether that cue had more than one line with text.
    last_cue_lines: bool,
    first: String,
    /// A buffer to reuse for the next cue's last line.
    spare: String,
    /// A buffer for the lines after the first.
    scratch: String,
}

impl RollCheck {
    /// Notes the next cue's payload: its first and last plain lines with
    /// text, read in one pass over its lines.
    pub fn cue(&mut self, payload: &str, references: References) {
        if memchr::memchr(b'\n', payload.as_bytes()).is_none() {
            return self.one_line_cue(payload, references);
        }
        let mut lines = lines(payload);
        let found = lines.by_ref().any(|line| {
            plain_line_into(line, references, &mut self.first);
            !self.first.is_empty()
        });
        if !found {
            return;
        }
        let mut last = std::mem::take(&mut self.spare);
        last.clear();
        let mut many_lines = false;
        for line in lines {
            plain_line_into(line, references, &mut self.scratch);
            if !self.scratch.is_empty() {
                std::mem::swap(&mut last, &mut self.scratch);
                many_lines = true;
            }
        }
        if !many_lines {
            last.push_str(&self.first);
        }
        if let Some(mut previous) = self.last.take() {
            if self.last_raw {
                plain_line_into(&previous, references, &mut self.scratch);
                std::mem::swap(&mut previous, &mut self.scratch);
            }
            self.pairs += 1;
            let rolls = previous == self.first && (self.last_cue_lines || many_lines);
            self.rolled += usize::from(rolls);
            self.spare = previous;
        }
        self.last = Some(last);
        self.last_raw = false;
        self.last_cue_lines = many_lines;
    }

    /// A cue of one line (most cues): after another one-line cue it
    /// cannot roll, so its plain text is worked out only when the cue
    /// before had more lines; until then the line is kept as written.
    fn one_line_cue(&mut self, line: &str, references: References) {
        if !line_has_text(line, references, &mut self.scratch) {
            return;
        }
        if let Some(previous) = self.last.take() {
            self.pairs += 1;
            // A cue of many lines leaves its last line plain.
            if self.last_cue_lines {
                plain_line_into(line, references, &mut self.first);
                self.rolled += usize::from(previous == self.first);
            }
            self.spare = previous;
        }
        let mut last = std::mem::take(&mut self.spare);
        last.clear();
        last.push_str(line);
        self.last = Some(last);
        self.last_raw = true;
        self.last_cue_lines = false;
    }

    /// Notes the next cue by its plain lines with text (as
    /// [`PlainLines`] gives them): what [`RollCheck::cue`] notes of it.
    pub fn plain_cue<'l>(
        &mut self,
        mut lines: impl Iterator<Item = &'l str>,
        references: References,
    ) {
        let Some(first) = lines.next() else {
            return;
        };
        let last_line = lines.last();
        let many_lines = last_line.is_some();
        if let Some(mut previous) = self.last.take() {
            if self.last_raw {
                plain_line_into(&previous, references, &mut self.scratch);
                std::mem::swap(&mut previous, &mut self.scratch);
            }
            self.pairs += 1;
            let rolls = previous == first && (self.last_cue_lines || many_lines);
            self.rolled += usize::from(rolls);
            self.spare = previous;
        }
        let mut last = std::mem::take(&mut self.spare);
        last.clear();
        last.push_str(last_line.unwrap_or(first));
        self.last = Some(last);
        self.last_raw = false;
        self.last_cue_lines = many_lines;
    }

    /// Whether the cues noted so far roll.
    pub fn is_rolling(&self) -> bool {
        // Three rolls at least: a handful of cues that happen to repeat a
        // line (a short episode written to SubRip) is no evidence, and
        // reading it as rolling would drop what was said.
        self.rolled >= MIN_ROLLS && self.rolled * 10 >= self.pairs * 3
    }
}

/// Reads rolling cues into fragments: one per line not equal to the line
/// read just before, with its cue's times. A line is compared with the
/// last fragment's own text, and handed on as a slice of the file when
/// it has no tag: no line is copied to be remembered.
#[derive(Debug, Default)]
pub struct Dedupe {
    /// The fragment of the line read last.
    last: Option<usize>,
    /// The plain lines of the cue being read.
    plain: PlainLines,
    /// Lines dropped as repeats.
    pub dropped: usize,
}

impl Dedupe {
    /// Reads the next cue's payload.
    pub fn cue(
        &mut self,
        times: (Option<Ms>, Option<Ms>),
        payload: &str,
        references: References,
        reading: &mut Reading<'_>,
    ) {
        self.plain.read(payload, references);
        self.read_plain(times, payload, reading);
    }

    /// Reads the next cue's payload and notes it for `check`: its plain
    /// lines are worked out once for both (the tags dropped, the spaces
    /// looked at, once a line).
    pub fn cue_checked(
        &mut self,
        times: (Option<Ms>, Option<Ms>),
        payload: &str,
        references: References,
        check: &mut RollCheck,
        reading: &mut Reading<'_>,
    ) {
        self.plain.read(payload, references);
        check.plain_cue(self.plain.lines(payload), references);
        self.read_plain(times, payload, reading);
    }

    /// Adds the plain lines read of `payload` that do not repeat the
    /// line before.
    fn read_plain(
        &mut self,
        (start, end): (Option<Ms>, Option<Ms>),
        payload: &str,
        reading: &mut Reading<'_>,
    ) {
        for line in self.plain.lines(payload) {
            let last = (self.last).and_then(|i| reading.fragments.get(i));
            if last.is_some_and(|last| reading.text(last) == line) {
                self.dropped += 1;
                continue;
            }
            self.last = Some(reading.fragments.len());
            reading.push(Fragment::new(Kind::Caption, start, end), line);
        }
    }

    /// Ends the reading: the lines dropped are told, and the producer of
    /// rolling captions named.
    pub fn finish(self, reading: &mut Reading<'_>) {
        reading
            .warnings
            .add_n("rolling-captions", self.dropped, "repeated lines removed");
        reading.set_meta("generator", "YouTube (auto-generated)");
    }
}

/// A cue's plain lines with text, in order: a line with nothing to drop
/// is a span of the payload, any other is made plain into a buffer.
#[derive(Debug, Default)]
struct PlainLines {
    /// Each line: whether it is in `made` (else in the payload), and
    /// where.
    spans: Vec<(bool, usize, usize)>,
    /// The lines made plain, one after another.
    made: String,
    scratch: String,
}

impl PlainLines {
    /// Works out the plain lines of `payload`.
    fn read(&mut self, payload: &str, references: References) {
        self.spans.clear();
        self.made.clear();
        let mut from = 0;
        for line in lines(payload) {
            let at = from;
            from += line.len() + 1;
            if is_plain(line) {
                if !line.is_empty() {
                    self.spans.push((false, at, at + line.len()));
                }
                continue;
            }
            plain_line_into(line, references, &mut self.scratch);
            if !self.scratch.is_empty() {
                let made_at = self.made.len();
                self.made.push_str(&self.scratch);
                self.spans.push((true, made_at, self.made.len()));
            }
        }
    }

    /// The lines read of `payload` (the payload [`PlainLines::read`] was
    /// given).
    fn lines<'s>(&'s self, payload: &'s str) -> impl Iterator<Item = &'s str> + 's {
        self.spans.iter().map(move |&(made, from, to)| {
            let source = if made { &self.made } else { payload };
            source.get(from..to).unwrap_or_default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::episode::Format;

    fn roll_check(cues: &[&str]) -> bool {
        let mut check = RollCheck::default();
        for cue in cues {
            check.cue(cue, References::Html);
        }
        check.is_rolling()
    }

    const ROLLING: [&str; 5] = [
        "when I started",
        "when I started",
        "when I<00:00:01.000><c> started</c>\nworking on it",
        "working on it",
        "working on it\nand then",
    ];

    #[test]
    fn rolling_cues_read_each_line_once() {
        assert!(roll_check(&ROLLING));
        let mut reading = Reading::new(Format::WebVtt);
        let mut dedupe = Dedupe::default();
        for (i, cue) in ROLLING.iter().enumerate() {
            let start = Some(i as Ms);
            dedupe.cue((start, start), cue, References::Html, &mut reading);
        }
        assert_eq!(
            reading.all_texts(),
            ["when I started", "working on it", "and then"]
        );
        assert_eq!(dedupe.dropped, 4);
    }

    #[test]
    fn a_cue_noted_by_its_plain_lines_counts_as_one_noted_as_written() {
        let lines = [
            "a",
            "b",
            "<c>a</c>",
            "a ",
            " ",
            "",
            "b  c",
            "<v X>b",
            "&amp;",
            "\t",
            "a<00:00:01.000>",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move |n: usize| {
            state = crate::test_support::xorshift_next(state);
            (state >> 11) as usize % n
        };
        let (mut written, mut plain) = (RollCheck::default(), RollCheck::default());
        let mut cue_lines = PlainLines::default();
        for _ in 0..20_000 {
            let payload = (0..1 + next(3))
                .map(|_| lines[next(lines.len())])
                .collect::<Vec<_>>()
                .join("\n");
            written.cue(&payload, References::Html);
            cue_lines.read(&payload, References::Html);
            plain.plain_cue(cue_lines.lines(&payload), References::Html);
            assert_eq!(
                (written.pairs, written.rolled),
                (plain.pairs, plain.rolled),
                "{payload:?}"
            );
        }
        assert!(written.rolled > 1_000, "{} rolled", written.rolled);
    }

    #[test]
    fn a_line_said_twice_in_plain_captions_is_no_roll() {
        assert!(!roll_check(&[
            "Hello.",
            "Hello.",
            "How are you?",
            "Fine.",
            "Good."
        ]));
    }

    #[test]
    fn cues_without_text_are_not_counted() {
        // Nine pairs, three rolled (33%): rolling. With the two empty cues
        // counted as pairs (27%) it would not be.
        let cues = [
            "a", " ", "a\nb", "b", "b\nc", "d", "\n", "e", "f", "g", "h", "i",
        ];
        assert!(roll_check(&cues));
        assert!(!roll_check(&["a", "a\nb", "c"]));
    }

    #[test]
    fn one_line_cues_said_again_are_repeats_not_a_roll() {
        // Every other pair the same line: 66% of pairs, but no cue adds a
        // line to the one it repeats (a round trip through SubRip of
        // segments said twice once read as rolling, and lost them).
        assert!(!roll_check(&["3:2", "3:2", "R&B", "R&B"]));
        assert!(roll_check(&["a\nb", "b", "b\nc", "c"]));
    }

    #[test]
    fn one_line_cues_with_tags_are_compared_by_their_plain_text() {
        // Each one-line cue is kept as written until a cue of two lines
        // compares with it: tags never hide a roll.
        assert!(roll_check(&["a\nb", "<c>b</c>", "b\nc", "<v X>c", "c\nd"]));
        assert!(!roll_check(&["a\nb", "<c>x</c>", "b\nc", "<v X>y", "c\nd"]));
    }

    #[test]
    fn two_rolls_are_too_few_to_call_a_file_rolling() {
        // The shape a round trip through SubRip of four short segments once
        // had: two of three pairs roll, and reading them as rolling lost a
        // segment.
        assert!(!roll_check(&["3:2", "3:2\nR&B", "R&B", "R&B"]));
        assert!(roll_check(&["3:2", "3:2\nR&B", "R&B", "R&B\nok"]));
    }
}
