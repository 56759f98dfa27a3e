//! Where segments start and how pieces join into their text: the last
//! step of [`super::merge`].
//!
//! A new segment starts at each change of speaker, at a turn break, when
//! time goes backwards, and otherwise at pauses and sentence ends with a
//! size cap, so captions a few words long read as paragraphs. Text is
//! written straight into the episode's one buffer, tidied as it is
//! written (runs of spaces collapsed, lines trimmed, empty lines dropped),
//! so no segment ever has a string of its own.

use super::fragment::{Fragment, Kind, Reading, SpeakerRef};
use super::scan;
use super::text_facts::{Counts, TextFacts, has_double_space, is_sentence_mark};
use super::timestamp::Ms;
use crate::episode::{Format, SegmentsBuilder, SpeakerId};

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
pub const HARD_SPAN_MS: Ms = 120_000;
pub const HARD_CHARS: usize = 2_000;

/// This many identical pieces in a row are worth a warning (likely a
/// recogniser's hallucination).
const REPEATS_WORTH_A_WARNING: usize = 5;

/// How many fragments the segmenter uses up before it gives their
/// memory back.
const RETURN_EVERY: usize = 1 << 16;

/// The segment being built.
#[derive(Debug)]
pub struct OpenSegment {
    pub speaker: Option<SpeakerRef>,
    pub start: Option<Ms>,
    /// The first known start (for spans, when the first piece has none).
    first_time: Option<Ms>,
    pub end: Option<Ms>,
    /// Where its text starts in the episode's buffer.
    text_from: usize,
    chars: usize,
}

impl OpenSegment {
    pub fn new(fragment: &Fragment, text_from: usize) -> Self {
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

/// Closed segments, in the episode's builder: speakers numbered in order
/// of first appearance, and the times the episode's duration comes from.
pub struct ClosedSegments {
    pub builder: SegmentsBuilder,
    /// Speaker names in order of first appearance.
    pub speakers: Vec<String>,
    ids: Vec<Option<SpeakerId>>,
    pub greatest_end: Option<Ms>,
    pub last_start: Option<Ms>,
}

impl ClosedSegments {
    /// Room for `text_bytes` of text and `segments` segments (room never
    /// written to costs no memory), for a file with `names` speakers.
    pub fn new(text_bytes: usize, segments: usize, names: usize) -> Self {
        ClosedSegments {
            builder: SegmentsBuilder::with_capacity(text_bytes, segments),
            speakers: Vec::new(),
            ids: vec![None; names],
            greatest_end: None,
            last_start: None,
        }
    }

    /// Adds `segment`, whose text runs from its `text_from` to the end of
    /// the buffer; `names` are the reading's.
    pub fn close(&mut self, segment: &OpenSegment, names: &[String]) {
        self.greatest_end = self.greatest_end.max(segment.end);
        self.last_start = segment.start.or(self.last_start);
        let speaker = segment.speaker.map(|r| {
            *self.ids[r as usize].get_or_insert_with(|| {
                self.speakers.push(names[r as usize].clone());
                self.speakers.len() - 1
            })
        });
        let start = segment.start.map(|ms| (ms / 1000) as u32);
        let end = self.builder.text_mut().len();
        self.builder
            .push_span(speaker, start, segment.text_from.min(end)..end);
    }
}

/// Walks the fragments, deciding where segments start (docs/formats.md,
/// "From captions to readable segments").
pub struct Segmenter {
    /// Unpunctuated text: every fragment end counts as a sentence end.
    every_end_is_sentence: bool,
    token_stream: bool,
    /// Whether a fragment without a speaker continues the previous one's.
    carry_speaker: bool,
    /// The speaker carried forward.
    speaker: Option<SpeakerRef>,
    open: Option<OpenSegment>,
    /// The open segment's text as joined, before tidying: its last char,
    /// and whether it has any.
    raw_last: Option<char>,
    tidy: Tidy,
    segments: ClosedSegments,
}

impl Segmenter {
    /// A segmenter for `reading`, whose fragments' texts `counts` counted.
    pub fn new(reading: &Reading<'_>, counts: Counts) -> Self {
        let Counts {
            bytes: chars,
            sentence_marks: ends,
        } = counts;
        Segmenter {
            every_end_is_sentence: ends * 400 < chars,
            token_stream: reading.token_stream,
            carry_speaker: reading.carry_speaker,
            speaker: None,
            open: None,
            raw_last: None,
            tidy: Tidy::for_format(reading.format),
            // Room for every piece and a space or line break between: the
            // text never outgrows it, so it is never copied as it grows.
            segments: ClosedSegments::new(
                chars + reading.fragments.len(),
                reading.fragments.len(),
                reading.names.len(),
            ),
        }
    }

    /// The segments, each tidied, and how many runs of identical pieces
    /// the text has. The reading's fragments are used up on the way:
    /// their memory goes back as the episode's text grows, so the two are
    /// never whole at once.
    pub fn run(mut self, reading: &mut Reading<'_>) -> (ClosedSegments, usize) {
        let mut fragments = std::mem::take(&mut reading.fragments);
        let reading: &Reading<'_> = reading;
        let mut repeats = Repeats::default();
        fragments.reverse();
        while let Some(fragment) = fragments.pop() {
            if fragments.len().is_multiple_of(RETURN_EVERY) {
                fragments.shrink_to_fit();
            }
            let mut fragment = fragment;
            let text = reading.text(&fragment);
            if text.is_empty() {
                continue;
            }
            let facts = known_facts(fragment.facts, text);
            if facts.blank() {
                // A token of whitespace: spacing inside the open segment.
                if self.token_stream && self.open.is_some() {
                    self.write(text);
                }
                continue;
            }
            repeats.piece(text.trim());
            if self.carry_speaker {
                match fragment.speaker {
                    Some(id) => self.speaker = Some(id),
                    None => fragment.speaker = self.speaker,
                }
            }
            if self.starts_segment(&fragment) {
                self.close_segment(&reading.names);
                let text_from = self.segments.builder.text_mut().len();
                self.open = Some(OpenSegment::new(&fragment, text_from));
            }
            self.append(&fragment, text, facts);
        }
        self.close_segment(&reading.names);
        (self.segments, repeats.runs)
    }

    fn close_segment(&mut self, names: &[String]) {
        if let Some(open) = self.open.take() {
            self.segments.close(&open, names);
        }
        self.raw_last = None;
        self.tidy = Tidy {
            collapse_by_runs: self.tidy.collapse_by_runs,
            ..Tidy::default()
        };
    }

    /// Writes `piece` into the open segment's text.
    fn write(&mut self, piece: &str) {
        if let Some(last) = piece.chars().next_back() {
            self.raw_last = Some(last);
        }
        self.tidy.write(self.segments.builder.text_mut(), piece);
    }

    /// Writes a space between two pieces: [`Self::write`] of `" "`, without
    /// looking for its lines (a memchr call per word of a word-level file).
    fn write_space(&mut self) {
        self.raw_last = Some(' ');
        self.tidy.line(self.segments.builder.text_mut(), " ", true);
    }

    /// Writes a fragment's text, whose facts are `facts`.
    fn write_piece(&mut self, piece: &str, facts: TextFacts) {
        if !facts.one_line_single_spaced() {
            return self.write(piece);
        }
        if let Some(last) = piece.chars().next_back() {
            self.raw_last = Some(last);
        }
        self.tidy
            .line(self.segments.builder.text_mut(), piece, false);
    }

    fn starts_segment(&self, f: &Fragment) -> bool {
        let Some(open) = &self.open else {
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
        self.ends_sentence(open)
            && (pause >= SENTENCE_PAUSE_MS
                || span >= SOFT_SPAN_MS
                || open.chars >= SOFT_CHARS
                || (f.kind == Kind::Paragraph && open.chars >= PARAGRAPH_CHARS))
    }

    /// Whether the open segment's text ends a sentence. Its tidied text
    /// tells as well as the raw: tidying moves only spaces and newlines.
    fn ends_sentence(&self, open: &OpenSegment) -> bool {
        if self.every_end_is_sentence {
            return true;
        }
        let text = self.segments.builder.text();
        ends_sentence(text.get(open.text_from..).unwrap_or_default())
    }

    fn append(&mut self, fragment: &Fragment, piece: &str, facts: TextFacts) {
        let Some(open) = &mut self.open else {
            return;
        };
        if open.first_time.is_none() {
            open.first_time = fragment.start;
        }
        open.end = open.end.max(fragment.end);
        open.chars += if facts.ascii() {
            piece.len()
        } else {
            piece.chars().count()
        };
        if self.token_stream {
            self.write_piece(piece, facts);
        } else if fragment.kind == Kind::Paragraph && self.raw_last.is_some() {
            self.write("\n");
            self.write_piece(piece, facts);
        } else {
            if needs_space(self.raw_last, piece) {
                self.write_space();
            }
            self.write_piece(piece, facts);
        }
    }
}

/// The facts of a fragment's text: as kept, or worked out now.
fn known_facts(facts: TextFacts, text: &str) -> TextFacts {
    if facts.known() {
        facts
    } else {
        TextFacts::of(text).0
    }
}

/// Counts runs of identical pieces (their text trimmed), one per run
/// when it reaches [`REPEATS_WORTH_A_WARNING`].
#[derive(Default)]
struct Repeats<'t> {
    previous: Option<&'t str>,
    run: usize,
    runs: usize,
}

impl<'t> Repeats<'t> {
    fn piece(&mut self, text: &'t str) {
        if self.previous == Some(text) {
            self.run += 1;
            self.runs += usize::from(self.run == REPEATS_WORTH_A_WARNING);
        } else {
            self.run = 1;
        }
        self.previous = Some(text);
    }
}

/// Tidies text as it is written: each line's runs of spaces collapsed
/// and its ends trimmed, empty lines dropped, lines joined by `\n`. The
/// result is that of tidying the whole text at once.
#[derive(Debug, Default)]
struct Tidy {
    /// The line being written has a word.
    line_has_words: bool,
    /// A space is owed before the next word on this line.
    space: bool,
    /// A line break is owed before the next word.
    newline: bool,
    /// Runs of spaces are collapsed by [`push_collapsed`] (copying the
    /// runs between them) rather than word by word: the same text, for
    /// the formats in [`Tidy::for_format`] only for now.
    collapse_by_runs: bool,
}

impl Tidy {
    /// A tidier for a file of `format`. TTML lines joined at a `<br/>`
    /// often hold two spaces in a row (a third of a generated file's):
    /// splitting them word by word was a tenth of its reading.
    fn for_format(format: Format) -> Self {
        Tidy {
            collapse_by_runs: format == Format::Ttml,
            ..Tidy::default()
        }
    }

    fn write(&mut self, out: &mut String, text: &str) {
        let mut lines = super::lines::lines(text);
        if let Some(first) = lines.next() {
            self.line(out, first, true);
        }
        for line in lines {
            if self.line_has_words {
                self.newline = true;
            }
            self.line_has_words = false;
            self.space = false;
            self.line(out, line, true);
        }
    }

    /// Writes a part of a line (no `\n` in it), which may have two
    /// spaces in a row only if `may_double_space`.
    fn line(&mut self, out: &mut String, part: &str, may_double_space: bool) {
        let words = trim_spaces(part);
        if words.is_empty() {
            self.space |= self.line_has_words && !part.is_empty();
            return;
        }
        if self.newline {
            out.push('\n');
        } else if self.line_has_words && (self.space || part.starts_with(' ')) {
            out.push(' ');
        }
        if may_double_space && self.collapse_by_runs {
            push_collapsed(out, words);
        } else if may_double_space && has_double_space(words.as_bytes()) {
            for (i, word) in words.split(' ').filter(|w| !w.is_empty()).enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(word);
            }
        } else {
            out.push_str(words);
        }
        self.newline = false;
        self.line_has_words = true;
        self.space = part.ends_with(' ');
    }
}

/// Appends `words` (no space at either end) with each run of spaces
/// in it written as one, copying the runs of text between them whole.
fn push_collapsed(out: &mut String, words: &str) {
    let bytes = words.as_bytes();
    let mut from = 0;
    // Two spaces found eight places at a time: byte by byte, this look
    // was most of the cost of writing a TTML paragraph joined at a `<br/>`.
    while let Some(at) = scan::find_pair(b' ', &bytes[from..]).map(|i| from + i) {
        // Keeps the run's first space; a space is one byte, never part of
        // another char, so these are char boundaries.
        out.push_str(&words[from..=at]);
        from = at + 1;
        while bytes.get(from) == Some(&b' ') {
            from += 1;
        }
    }
    out.push_str(&words[from..]);
}

/// `part` without spaces at either end, byte by byte (a space is one
/// byte, and never part of another char).
fn trim_spaces(part: &str) -> &str {
    let bytes = part.as_bytes();
    let from = bytes.iter().position(|&b| b != b' ').unwrap_or(bytes.len());
    let to = bytes
        .iter()
        .rposition(|&b| b != b' ')
        .map_or(from, |at| at + 1);
    &part[from..to]
}

/// Whether text ends a sentence, closing quotes and brackets aside.
fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .trim_end_matches(['"', '\'', '”', '’', ')', ']', '»', '」', '』'])
        .ends_with(is_sentence_mark)
}

/// Whether a space goes between text ending in `left` and `piece`: the
/// spacing a reader expects, none where either side already has
/// whitespace, before closing punctuation, after opening brackets or
/// between CJK characters; else one.
fn needs_space(left: Option<char>, piece: &str) -> bool {
    let (Some(left), Some(right)) = (left, piece.chars().next()) else {
        return false;
    };
    // `matches!`, not `str::contains`: a memchr call per word cost a
    // tenth of reading a word-level file.
    let glued = left.is_whitespace()
        || right.is_whitespace()
        || matches!(
            right,
            ',' | '.' | ';' | ':' | '!' | '?' | '…' | '%' | ')' | ']' | '}' | '”' | '’' | '»'
        )
        || matches!(left, '(' | '[' | '{' | '“' | '‘' | '«')
        || (is_cjk(left) && is_cjk(right));
    !glued
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The tidying the writer must match: each line's words, one space
    /// apart; empty lines dropped.
    fn tidy_at_once(text: &str) -> String {
        let lines = text.split('\n').map(|line| {
            let words: Vec<_> = line.split(' ').filter(|w| !w.is_empty()).collect();
            words.join(" ")
        });
        lines
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn tidying_as_written_is_tidying_at_once() {
        let pieces = [
            "", " ", "a", " b ", "  c  d", "\n", " \n ", "e\n\nf ", "g", "\t", " h\n", "\n\n",
            "i  ", " j",
        ];
        // Every split of these pieces into writes gives the same text.
        for start in 0..pieces.len() {
            for len in 0..=pieces.len() - start {
                let chosen = &pieces[start..start + len];
                let mut tidy = Tidy::default();
                let mut out = String::new();
                for piece in chosen {
                    tidy.write(&mut out, piece);
                }
                assert_eq!(out, tidy_at_once(&chosen.concat()), "{chosen:?}");
            }
        }
    }

    #[test]
    fn collapsing_by_runs_tidies_as_word_by_word() {
        let pieces = [
            "", " ", "a", " b ", "  c  d", "\n", " \n ", "e\n\nf ", "g", "\t", " h\n", "\n\n",
            "i  ", " j", "é   ü", "   ",
        ];
        for start in 0..pieces.len() {
            for len in 0..=pieces.len() - start {
                let chosen = &pieces[start..start + len];
                let (mut by_words, mut by_runs) = (Tidy::default(), Tidy::for_format(Format::Ttml));
                assert!(by_runs.collapse_by_runs);
                let (mut words_out, mut runs_out) = (String::new(), String::new());
                for piece in chosen {
                    by_words.write(&mut words_out, piece);
                    by_runs.write(&mut runs_out, piece);
                }
                assert_eq!(runs_out, words_out, "{chosen:?}");
            }
        }
    }

    #[test]
    fn collapsing_by_runs_matches_word_by_word_on_drawn_text() {
        let mut state = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            state = crate::test_support::xorshift_next(state);
            let len = (state % 24) as usize;
            let text: String = (0..len)
                .map(|i| match (state >> (i * 2 + 5)) & 3 {
                    0 | 1 => ' ',
                    2 => 'x',
                    _ => 'é',
                })
                .collect();
            let words = trim_spaces(&text);
            let mut expected = String::new();
            Tidy::default().line(&mut expected, words, true);
            let mut collapsed = String::new();
            push_collapsed(&mut collapsed, words);
            assert_eq!(collapsed, expected, "{text:?}");
        }
    }

    fn join_inline(out: &mut String, piece: &str) {
        if needs_space(out.chars().next_back(), piece) {
            out.push(' ');
        }
        out.push_str(piece);
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
}
