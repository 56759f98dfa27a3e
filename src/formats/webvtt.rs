//! WebVTT: the W3C parsing algorithm (blocks, NOTE/STYLE/REGION, cue
//! timings and settings), the lenient timestamps real feeds write, voices
//! and rolling auto-captions.
//!
//! Blocks are slices of the file's text, found a line at a time; the
//! reader goes through them twice or three times (times, rolling, text)
//! rather than keeping a list of the file's cues, so that reading costs
//! memory for the fragments only.

use std::borrow::Cow;

use super::Refusal;
use super::cue_text::{self, References};
use super::fragment::{Fragment, Kind, Reading, SpeakerRef};
use super::rolling::{Dedupe, RollCheck};
use super::timestamp::{Ms, TimingLine, is_timing_space, parse_webvtt_prefix};
use crate::episode::Format;

/// A cue as the file writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    /// The identifier line, raw; empty when there is none.
    pub id: String,
    pub start_ms: Ms,
    pub end_ms: Ms,
    /// The settings after the end time, unparsed (they never matter here).
    pub settings: String,
    /// The payload, tags and references as written.
    pub raw_text: String,
}

/// A caption's raw payload and its times, if they could be read: what
/// WebVTT and SubRip cues have in common.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct TimedText<'a> {
    pub start: Option<Ms>,
    pub end: Option<Ms>,
    pub raw_text: Cow<'a, str>,
}

/// Everything a WebVTT file holds besides its cues.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CueFile {
    pub cues: Vec<Cue>,
    /// The text after `WEBVTT` on the first line.
    pub title: String,
    /// `Key: value` lines of the header, in order.
    pub header: Vec<(String, String)>,
    /// Text of each `NOTE` block.
    pub notes: Vec<String>,
    /// Timing lines the strict grammar rejected but the lenient one read.
    pub lenient: usize,
    /// Blocks with a timing line that neither grammar could read.
    pub bad_timings: usize,
}

/// The cue layer: parses `text` (starting with the `WEBVTT` line, newlines
/// already `\n`) into its cues, in file order. Ends before starts are kept.
pub fn parse_cues(text: &str) -> Vec<Cue> {
    parse_cue_file(text).cues
}

/// Parses a whole WebVTT file: header, notes and cues. When the strict
/// W3C timestamps reject two timing lines or more and the lenient grammar
/// reads every line holding `-->`, the lenient reading is taken.
pub fn parse_cue_file(text: &str) -> CueFile {
    let preamble = Preamble::read(text);
    let survey = CueSurvey::of(preamble.body);
    let cues = cues(preamble.body, survey.lenient)
        .map(|cue| Cue {
            id: cue.id.to_string(),
            start_ms: cue.start,
            end_ms: cue.end,
            settings: cue.settings.to_string(),
            raw_text: cue.payload.to_string(),
        })
        .collect();
    CueFile {
        cues,
        title: title(preamble.signature),
        header: preamble.header,
        lenient: survey.lenient_count(),
        notes: survey.notes,
        bad_timings: survey.bad_timings,
    }
}

/// The signature line, the header's `Key: value` lines, and the rest.
struct Preamble<'a> {
    signature: &'a str,
    header: Vec<(String, String)>,
    /// From the first block on.
    body: &'a str,
}

impl<'a> Preamble<'a> {
    /// The header runs to the first blank line; a line with `-->` ends it
    /// and starts the first cue.
    fn read(text: &'a str) -> Self {
        let text = text.trim_start_matches('\n');
        let (signature, mut rest) = split_line(text);
        let mut header = Vec::new();
        while let Some(after) = rest {
            let (line, next) = split_line(after);
            if line.is_empty() {
                rest = next;
                break;
            }
            if has_arrow(line) {
                break;
            }
            header_line(line, &mut header);
            rest = next;
        }
        Preamble {
            signature,
            header,
            body: rest.unwrap_or_default(),
        }
    }
}

/// The first line of `text` and what follows its `\n` (`None` after the
/// last line): `str::split('\n')` one step at a time.
fn split_line(text: &str) -> (&str, Option<&str>) {
    match memchr::memchr(b'\n', text.as_bytes()) {
        Some(at) => (&text[..at], Some(&text[at + 1..])),
        None => (text, None),
    }
}

/// Whether a line holds `-->`.
fn has_arrow(line: &str) -> bool {
    let bytes = line.as_bytes();
    memchr::memchr_iter(b'>', bytes).any(|at| at >= 2 && &bytes[at - 2..at] == b"--")
}

/// [`split_line`], and whether the line holds `-->` ([`has_arrow`]),
/// found in one scan of it: the `\n` and every `>` before it.
fn split_line_with_arrow(text: &str) -> (&str, Option<&str>, bool) {
    let bytes = text.as_bytes();
    let (mut from, mut arrow) = (0, false);
    while let Some(at) = memchr::memchr2(b'\n', b'>', &bytes[from..]) {
        let at = from + at;
        if bytes[at] == b'\n' {
            return (&text[..at], Some(&text[at + 1..]), arrow);
        }
        arrow |= at >= 2 && &bytes[at - 2..at] == b"--";
        from = at + 1;
    }
    (text, None, arrow)
}

/// The blocks of a body, each a slice of it: a block runs to a blank line,
/// or to a line with `-->` that is neither its first line nor its second
/// after an identifier. Only an empty line is blank.
#[derive(Debug, Clone)]
struct Blocks<'a> {
    rest: Option<&'a str>,
}

fn blocks(body: &str) -> Blocks<'_> {
    Blocks { rest: Some(body) }
}

/// A block, and where its timing line is in it, if it has one (found
/// while the block was, so that no line is looked at twice).
#[derive(Debug, Clone, Copy)]
struct Block<'a> {
    text: &'a str,
    timing: Option<(usize, usize)>,
}

impl<'a> Iterator for Blocks<'a> {
    type Item = Block<'a>;

    fn next(&mut self) -> Option<Block<'a>> {
        // Blank lines between blocks.
        let start = loop {
            let text = self.rest?;
            let (line, next) = split_line(text);
            if !line.is_empty() {
                break text;
            }
            self.rest = next;
        };
        let (mut len, mut lines, mut timing) = (0, 0, None);
        while let Some(text) = self.rest {
            let (line, next, arrow) = split_line_with_arrow(text);
            if line.is_empty() {
                break;
            }
            let opens_cue = lines == 0 || (lines == 1 && timing.is_none());
            if arrow && !opens_cue {
                break;
            }
            let at = start.len() - text.len();
            if arrow {
                timing = Some((at, at + line.len()));
            }
            lines += 1;
            len = at + line.len();
            self.rest = next;
        }
        Some(Block {
            text: &start[..len],
            timing,
        })
    }
}

/// Keeps a header `Key: value` line; CSS-like lines old tools wrote there
/// (`Style:`, `::cue`, `##`) are not metadata.
fn header_line(line: &str, header: &mut Vec<(String, String)>) {
    let Some((key, value)) = line.split_once(':') else {
        return;
    };
    let key = key.trim();
    let plain_key = !key.is_empty()
        && key.len() <= 40
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
    if plain_key && !key.eq_ignore_ascii_case("style") {
        header.push((key.to_ascii_lowercase(), value.trim().to_string()));
    }
}

/// A block's identifier, timing line and payload, if it is a cue block:
/// its timing line is the first line, or the second after an identifier.
fn cue_parts(block: Block<'_>) -> Option<(&str, &str, &str)> {
    let (from, to) = block.timing?;
    let text = block.text;
    let id = if from == 0 { "" } else { &text[..from - 1] };
    let payload = text.get(to + 1..).unwrap_or_default();
    Some((id, &text[from..to], payload))
}

/// A `NOTE` block's text.
fn note_text(block: &str) -> Option<String> {
    if !block.starts_with("NOTE") {
        return None;
    }
    let (first, rest) = split_line(block);
    let note = first.strip_prefix("NOTE")?;
    if !(note.is_empty() || note.starts_with([' ', '\t'])) {
        return None;
    }
    let mut text = note.trim().to_string();
    for line in rest.into_iter().flat_map(|rest| rest.split('\n')) {
        text.push(' ');
        text.push_str(line.trim());
    }
    Some(text.trim().to_string())
}

/// The title on the signature line: `WEBVTT - Title` gives `Title`.
fn title(signature: &str) -> String {
    let rest = signature.strip_prefix("WEBVTT").unwrap_or_default();
    rest.trim().trim_start_matches('-').trim().to_string()
}

/// The W3C timing line: a strict timestamp, whitespace, `-->`,
/// whitespace, a strict timestamp, then settings.
fn strict_times(line: &str) -> Option<((Ms, Ms), &str)> {
    let line = line.trim_start_matches(is_timing_space);
    let (start, used) = parse_webvtt_prefix(line)?;
    let rest = line[used..].trim_start_matches(is_timing_space);
    let rest = rest.strip_prefix("-->")?;
    let rest = rest.trim_start_matches(is_timing_space);
    let (end, used) = parse_webvtt_prefix(rest)?;
    Some(((start, end), rest[used..].trim()))
}

/// A timing line read by the grammar the file takes.
fn times(timing: &str, lenient: bool) -> Option<((Ms, Ms), &str)> {
    if lenient {
        TimingLine::split(timing).and_then(|t| t.lenient_times().map(|x| (x, t.settings)))
    } else {
        strict_times(timing)
    }
}

/// A cue block's parts, borrowed from the file.
struct CueRef<'a> {
    id: &'a str,
    start: Ms,
    end: Ms,
    settings: &'a str,
    payload: &'a str,
}

/// The cues of a body whose times read by the grammar taken.
fn cues(body: &str, lenient: bool) -> impl Iterator<Item = CueRef<'_>> {
    blocks(body).filter_map(move |block| {
        let (id, timing, payload) = cue_parts(block)?;
        let ((start, end), settings) = times(timing, lenient)?;
        Some(CueRef {
            id,
            start,
            end,
            settings,
            payload,
        })
    })
}

fn timed_cues(body: &str, lenient: bool) -> impl Iterator<Item = TimedText<'_>> {
    cues(body, lenient).map(|cue| cue.timed())
}

impl<'a> CueRef<'a> {
    /// The cue's times and payload, as every caption reader hands them on.
    fn timed(&self) -> TimedText<'a> {
        TimedText {
            start: Some(self.start),
            end: Some(self.end),
            raw_text: Cow::Borrowed(self.payload),
        }
    }
}

/// A first look through the blocks: notes, which grammar the timing lines
/// take, how many cues that leaves, and whether they roll.
struct CueSurvey {
    notes: Vec<String>,
    lenient: bool,
    strict_failures: usize,
    bad_timings: usize,
    cues: usize,
    roll: RollCheck,
}

impl CueSurvey {
    fn new() -> Self {
        CueSurvey {
            notes: Vec::new(),
            lenient: false,
            strict_failures: 0,
            bad_timings: 0,
            cues: 0,
            roll: RollCheck::default(),
        }
    }

    fn of(body: &str) -> Self {
        let mut survey = CueSurvey::new();
        for block in blocks(body) {
            if let Some(cue) = survey.block(block) {
                survey.roll.cue(cue.payload, References::Html);
            }
        }
        survey.finish(body);
        survey
    }

    /// Notes one block: its note, or its cue when the strict grammar
    /// reads its times (returned, to be read on the same pass).
    fn block<'a>(&mut self, block: Block<'a>) -> Option<CueRef<'a>> {
        if let Some(note) = note_text(block.text) {
            self.notes.push(note);
        }
        let (id, timing, payload) = cue_parts(block)?;
        let Some(((start, end), settings)) = strict_times(timing) else {
            self.strict_failures += 1;
            return None;
        };
        self.cues += 1;
        Some(CueRef {
            id,
            start,
            end,
            settings,
            payload,
        })
    }

    /// After the last block: the lenient grammar is taken when the strict
    /// one failed twice or more and the lenient one reads every line
    /// holding `-->`.
    fn finish(&mut self, body: &str) {
        self.bad_timings = self.strict_failures;
        if self.strict_failures >= 2 && every_arrow_line_is_lenient(body) {
            self.take_lenient(body);
        }
    }

    /// Every cue read leniently: counted and checked for rolling again.
    fn take_lenient(&mut self, body: &str) {
        self.lenient = true;
        self.cues = 0;
        self.roll = RollCheck::default();
        for cue in cues(body, true) {
            self.cues += 1;
            self.roll.cue(cue.payload, References::Html);
        }
        let candidates = blocks(body).filter_map(cue_parts).count();
        self.bad_timings = candidates - self.cues;
    }

    /// Timing lines read leniently.
    fn lenient_count(&self) -> usize {
        if self.lenient {
            self.strict_failures
        } else {
            0
        }
    }
}

fn every_arrow_line_is_lenient(body: &str) -> bool {
    blocks(body)
        .flat_map(|block| block.text.split('\n'))
        .filter(|line| has_arrow(line))
        .all(|line| TimingLine::split(line).is_some_and(|t| t.lenient_times().is_some()))
}

/// Reads a WebVTT file into fragments and metadata, in one pass over its
/// blocks for the common file: each cue is read as the survey meets it.
/// Rolling captions are read a line once on that pass too, from the
/// point they roll. Only a file the survey finds to be something else
/// (lenient times, written by earmark, cues that rolled only for a while)
/// is read a second time, its way.
pub fn read(text: &str, leading_blank: bool) -> Result<Reading<'_>, Refusal> {
    let preamble = Preamble::read(text);
    let body = preamble.body;
    let mut survey = CueSurvey::new();
    let mut reading = plain_reading(text);
    let mut cues = CueReader::new(References::Html);
    for block in blocks(body) {
        if let Some(cue) = survey.block(block) {
            let first_cues = || timed_cues(body, false);
            cues.cue(&cue.timed(), &mut reading, first_cues);
        }
    }
    survey.finish(body);
    describe(&preamble, &survey, leading_blank, &mut reading);
    if survey.cues == 0 {
        return Err(Refusal::new("webvtt", "no transcript found (0 cues)"));
    }
    let generator = reading.metadata.get("generator").and_then(|g| g.as_str());
    let own = generator == Some(OWN_GENERATOR);
    let rolling = if survey.lenient {
        survey.roll.is_rolling()
    } else {
        cues.is_rolling()
    };
    if !(own || survey.lenient || rolling) && cues.read_every_cue() {
        cues.finish(&mut reading);
        return Ok(reading);
    }
    if rolling && !(own || survey.lenient) && cues.finish_rolling(&mut reading) {
        return Ok(reading);
    }
    reading = plain_reading(text);
    describe(&preamble, &survey, leading_blank, &mut reading);
    if own {
        read_own_cues(timed_cues(body, survey.lenient), &mut reading);
    } else {
        let cues = || timed_cues(body, survey.lenient);
        read_cues(cues, rolling, References::Html, &mut reading);
    }
    Ok(reading)
}

fn plain_reading(text: &str) -> Reading<'_> {
    let mut reading = Reading::borrowing(Format::WebVtt, text);
    reading.find_labels = true;
    reading
}

/// The warnings and metadata of a file, in the order they were always
/// given.
fn describe(
    preamble: &Preamble<'_>,
    survey: &CueSurvey,
    leading_blank: bool,
    reading: &mut Reading,
) {
    if leading_blank {
        reading
            .warnings
            .add("leading-blank-lines", "blank lines before WEBVTT");
    }
    reading.warnings.add_n(
        "lenient-timestamps",
        survey.lenient_count(),
        "timing lines read leniently",
    );
    reading.warnings.add_n(
        "bad-timestamp",
        survey.bad_timings,
        "cues with unreadable times skipped",
    );
    metadata(preamble, &survey.notes, reading);
}

/// The generator named by the note `earmark dump --to webvtt` writes.
const OWN_GENERATOR: &str = "earmark";

/// Cues of a file earmark wrote: each is a segment of its own, as it was
/// when written, and a cue without a voice has no speaker.
fn read_own_cues<'a>(cues: impl Iterator<Item = TimedText<'a>>, reading: &mut Reading<'a>) {
    reading.find_labels = false;
    reading.carry_speaker = false;
    let mut scratch = String::new();
    for cue in cues {
        let mut first = true;
        cue_text::for_each_voice_span(&cue.raw_text, References::Html, &mut scratch, |v, text| {
            let mut fragment = Fragment::new(Kind::Caption, cue.start, cue.end);
            fragment.speaker = v.and_then(|v| reading.speaker(v));
            fragment.turn_break = std::mem::take(&mut first);
            reading.push(fragment, text);
        });
    }
}

fn metadata(preamble: &Preamble<'_>, notes: &[String], reading: &mut Reading<'_>) {
    reading.set_meta("title", &title(preamble.signature));
    for (key, value) in &preamble.header {
        reading.set_meta(key, value);
    }
    for note in notes {
        if let Some(generator) = generator_in_note(note) {
            reading.set_meta("generator", &generator);
        }
    }
}

/// `NOTE This file was generated by Descript` → Descript; a Netflix
/// `NOTE Profile: …` → Netflix.
fn generator_in_note(note: &str) -> Option<String> {
    if note.starts_with("Profile:") {
        return Some("Netflix".into());
    }
    let lower = note.to_ascii_lowercase();
    let at = lower.find("generated by ")? + "generated by ".len();
    let name = note[at..].split(['\n', ',', '(']).next()?.trim();
    let name = name.trim_end_matches('.');
    (!name.is_empty() && name.len() <= 60).then(|| name.to_string())
}

/// Cues → fragments, shared with SubRip: rolling captions read each line
/// once; otherwise one fragment per voice span. Where at least half the
/// cues carry a voice, an unvoiced cue has no speaker. `cues` gives the
/// same cues each time it is called.
pub(super) fn read_cues<'a, I>(
    cues: impl Fn() -> I,
    rolling: bool,
    references: References,
    reading: &mut Reading<'a>,
) where
    I: Iterator<Item = TimedText<'a>>,
{
    if rolling {
        let mut dedupe = Dedupe::default();
        for cue in cues() {
            dedupe.cue((cue.start, cue.end), &cue.raw_text, references, reading);
        }
        dedupe.finish(reading);
        return;
    }
    let mut reader = CueReader::new(references);
    for cue in cues() {
        reader.read(&cue, reading);
    }
    reader.finish(reading);
}

/// Reads cues into fragments one at a time (one per voice span), and
/// checks on the way whether they roll, so that a reader that meets its
/// cues once can read them on that pass. Once the cues met so far roll,
/// it stops reading them a span at a time (their fragments would be
/// thrown away) and reads them a line once instead, from the first cue:
/// a file that rolls to its end is read in that one pass, and only one
/// that rolled for a while and then stopped is read again.
pub(super) struct CueReader {
    references: References,
    roll: RollCheck,
    scratch: String,
    voiced: usize,
    non_empty: usize,
    stopped: bool,
    /// Cues met so far.
    met: usize,
    /// Every cue met, read a line once, from the point the cues rolled.
    rolled: Option<Dedupe>,
}

impl CueReader {
    pub(super) fn new(references: References) -> Self {
        CueReader {
            references,
            roll: RollCheck::default(),
            scratch: String::new(),
            voiced: 0,
            non_empty: 0,
            stopped: false,
            met: 0,
            rolled: None,
        }
    }

    /// Reads the next cue, and notes it for the rolling check. When the
    /// cues first roll, the fragments read are dropped and the cues met
    /// so far, which `first_cues` gives again from the first, are read a
    /// line once; every later cue is read that way too.
    pub(super) fn cue<'a, I>(
        &mut self,
        cue: &TimedText<'a>,
        reading: &mut Reading<'a>,
        first_cues: impl FnOnce() -> I,
    ) where
        I: Iterator<Item = TimedText<'a>>,
    {
        self.met += 1;
        if let Some(dedupe) = &mut self.rolled {
            let times = (cue.start, cue.end);
            let check = &mut self.roll;
            dedupe.cue_checked(times, &cue.raw_text, self.references, check, reading);
            return;
        }
        self.roll.cue(&cue.raw_text, self.references);
        if !self.roll.is_rolling() {
            self.read(cue, reading);
            return;
        }
        self.stopped = true;
        reading.drop_fragments();
        let mut dedupe = Dedupe::default();
        for cue in first_cues().take(self.met) {
            dedupe.cue(
                (cue.start, cue.end),
                &cue.raw_text,
                self.references,
                reading,
            );
        }
        self.rolled = Some(dedupe);
    }

    /// Ends a reading whose cues roll, read a line once on the pass that
    /// met them: `false` (nothing done) unless they were.
    pub(super) fn finish_rolling(&mut self, reading: &mut Reading<'_>) -> bool {
        match self.rolled.take() {
            Some(dedupe) => {
                dedupe.finish(reading);
                true
            }
            None => false,
        }
    }

    /// Whether every cue met was read into fragments (none were, from
    /// the point where the cues rolled).
    pub(super) fn read_every_cue(&self) -> bool {
        !self.stopped
    }

    fn read<'a>(&mut self, cue: &TimedText<'a>, reading: &mut Reading<'a>) {
        let (any_text, any_voice) = read_cue(cue, self.references, &mut self.scratch, reading);
        self.non_empty += usize::from(any_text);
        self.voiced += usize::from(any_voice);
    }

    /// Whether the cues met so far roll (they must then be read again,
    /// a line once).
    pub(super) fn is_rolling(&self) -> bool {
        self.roll.is_rolling()
    }

    /// Where at least half the cues carry a voice, an unvoiced cue has no
    /// speaker.
    pub(super) fn finish(self, reading: &mut Reading<'_>) {
        reading.carry_speaker = self.voiced * 2 < self.non_empty;
    }
}

/// One cue's fragments: one per voice span of each of its parts (see
/// [`for_each_label_part`]). Returns whether it had text, and a voice.
fn read_cue(
    cue: &TimedText<'_>,
    references: References,
    scratch: &mut String,
    reading: &mut Reading<'_>,
) -> (bool, bool) {
    let (mut any_text, mut any_voice) = (false, false);
    // The speaker a later part continues, when it names none.
    let mut speaker: Option<SpeakerRef> = None;
    for_each_label_part(&cue.raw_text, references, |i, part| {
        let kind = if i == 0 { Kind::Caption } else { Kind::CueLine };
        // No `:` before the first line's end.
        let label_free = memchr::memchr2(b':', b'\n', part.as_bytes())
            .is_none_or(|at| part.as_bytes()[at] == b'\n');
        cue_text::for_each_voice_span(part, references, scratch, |voice, text| {
            any_text = true;
            any_voice |= voice.is_some();
            let mut fragment = Fragment::new(kind, cue.start, cue.end);
            fragment.label_free = label_free;
            fragment.speaker = match voice {
                Some(voice) => reading.speaker(voice),
                None if i > 0 => speaker,
                None => None,
            };
            speaker = fragment.speaker;
            reading.push(fragment, text);
        });
    });
    (any_text, any_voice)
}

/// Calls `each(i, part)` for the parts of a cue's payload, cut before each
/// later line that starts like a speaker label (`Bo: Thanks.`): such a
/// line may be another speaker's, which the labels step decides
/// (docs/formats.md).
fn for_each_label_part(payload: &str, references: References, mut each: impl FnMut(usize, &str)) {
    // The first line never starts a part of its own.
    let Some(first_end) = memchr::memchr(b'\n', payload.as_bytes()) else {
        return each(0, payload);
    };
    let (mut part_start, mut line_start, mut parts) = (0, first_end + 1, 0);
    for line in super::lines::lines(&payload[line_start..]) {
        let starts_label = memchr::memchr(b':', line.as_bytes()).is_some()
            && super::labels::candidate(&cue_text::plain_line(line, references)).is_some();
        if starts_label {
            each(parts, &payload[part_start..line_start - 1]);
            parts += 1;
            part_start = line_start;
        }
        line_start += line.len() + 1;
    }
    each(parts, &payload[part_start..]);
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn a_line_and_its_arrow_are_found_in_one_scan_as_in_two() {
        for text in [
            "",
            "\n",
            "a",
            "-->",
            "a-->b\nc",
            "<v A>b\n-->",
            "x->\n",
            "-- >",
            "a>b>-->",
            "00:01.000 --> 00:02.000 align:start\nhi",
            ">\n",
            "->",
            "é-->",
        ] {
            let (line, rest) = split_line(text);
            let want = (line, rest, has_arrow(line));
            assert_eq!(split_line_with_arrow(text), want, "{text:?}");
        }
    }

    #[test]
    fn cues_identifiers_settings_and_times() {
        let cues = parse_cues(
            "WEBVTT - Title\nKind: captions\n\nintro\n00:01.000 --> 00:02.500 align:start position:0%\nHello\nthere\n\n00:00:03.000-->00:00:04.000\nBye\n",
        );
        assert_eq!(cues.len(), 2);
        assert_eq!(cues[0].id, "intro");
        assert_eq!((cues[0].start_ms, cues[0].end_ms), (1000, 2500));
        assert_eq!(cues[0].settings, "align:start position:0%");
        assert_eq!(cues[0].raw_text, "Hello\nthere");
        assert_eq!((cues[1].start_ms, cues[1].raw_text.as_str()), (3000, "Bye"));
    }

    #[test]
    fn a_timing_line_after_text_starts_a_new_cue_and_spaces_do_not_end_one() {
        let cues = parse_cues(
            "WEBVTT\n\n00:01.000 --> 00:02.000\none\n00:02.000 --> 00:03.000\ntwo\n \nstill two\n",
        );
        let texts: Vec<_> = cues.iter().map(|c| c.raw_text.as_str()).collect();
        assert_eq!(texts, ["one", "two\n \nstill two"]);
    }

    #[test]
    fn a_timing_line_in_the_header_starts_the_first_cue() {
        let file = parse_cue_file(
            "WEBVTT 00:01.000 --> 00:02.000\nLanguage: en\n00:01.000 --> 00:02.000\nhi\n",
        );
        assert_eq!(file.cues.len(), 1);
        assert_eq!(file.title, "00:01.000 --> 00:02.000");
        assert_eq!(file.header, [("language".to_string(), "en".to_string())]);
    }

    #[test]
    fn notes_styles_and_regions_are_never_cues() {
        let file = parse_cue_file(
            "WEBVTT\n\nSTYLE\n::cue { color: red }\n\nREGION\nid:x\n\nNOTE This file was generated by Descript\n\n00:01.000 --> 00:02.000\nhi\n\nNOTE\nlater note\n",
        );
        assert_eq!(file.cues.len(), 1);
        assert_eq!(
            file.notes,
            ["This file was generated by Descript", "later note"]
        );
    }

    #[test]
    fn strict_times_drop_only_their_cue_in_a_conformant_file() {
        let file = parse_cue_file(
            "WEBVTT\n\n00:00:60.000 --> 00:01:01.000\nbad\n\n00:01.000 --> 00:02.000\ngood\n\n60:00:00.000 --> 60:00:01.000\nlate\n",
        );
        let texts: Vec<_> = file.cues.iter().map(|c| c.raw_text.as_str()).collect();
        assert_eq!(texts, ["good", "late"]);
        assert_eq!(file.cues[1].start_ms, 216_000_000);
        assert_eq!((file.bad_timings, file.lenient), (1, 0));
    }

    #[test]
    fn feeds_minimal_times_are_read_leniently() {
        let file = parse_cue_file(
            "WEBVTT\n\n0.860 --> 7.380\none\n\n3:33.380 --> 3:40.300\ntwo\n\n00:00:00.00 --> 00:00:01.00\nthree\n",
        );
        assert_eq!(file.cues.len(), 3);
        assert_eq!(file.cues[1].start_ms, 213_380);
        assert_eq!(file.lenient, 3);
    }

    #[test]
    fn a_file_earmark_wrote_reads_a_segment_per_cue() {
        let cues = "00:00.000 --> 00:01.000\n<v Ann>One.\n\n00:01.000 --> 00:02.000\n<v Ann>Two.\n\n00:02.000 --> 00:03.000\nAnn: none\n";
        let own_file = format!("WEBVTT\n\n{}\n\n{cues}", crate::formats::write::OWN_NOTE);
        let own = read(&own_file, false).expect("reads");
        assert!(own.fragments.iter().all(|f| f.turn_break));
        assert!(!own.carry_speaker && !own.find_labels);
        let other_file = format!("WEBVTT\n\n{cues}");
        let other = read(&other_file, false).expect("reads");
        assert!(other.fragments.iter().all(|f| !f.turn_break));
    }

    /// Cues that roll at first (five rolls in six cues) and then stop:
    /// thirty plain captions leave the file below the rolling share.
    pub(crate) fn payloads_rolling_only_at_first() -> Vec<String> {
        let rolling = ["a", "a\nb", "b", "b\nc", "c", "c\nd"].map(String::from);
        let plain = (0..30).map(|i| format!("line {i}"));
        rolling.into_iter().chain(plain).collect()
    }

    #[test]
    fn cues_that_roll_only_at_first_are_each_read() {
        let mut file = String::from("WEBVTT\n\n");
        for (i, payload) in payloads_rolling_only_at_first().iter().enumerate() {
            file += &format!("00:{:02}.000 --> 00:{:02}.500\n{payload}\n\n", i, i);
        }
        let reading = read(&file, false).expect("reads");
        let texts = reading.all_texts();
        assert_eq!(texts.len(), 36, "{texts:?}");
        assert_eq!(texts[..3], ["a", "a b", "b"]);
        assert_eq!(texts[35], "line 29");
        assert_eq!(reading.warnings.count("rolling-captions"), 0);
    }

    /// Two voiced cues, then cues that roll to the end of the file.
    pub(crate) const VOICED_THEN_ROLLING: [&str; 10] = [
        "<v Ann>hello there",
        "<v Bob>how are you",
        "a",
        "a\nb",
        "b",
        "b\nc",
        "c",
        "c\nd",
        "d",
        "d\ne",
    ];

    /// What reading [`VOICED_THEN_ROLLING`] a line once gives.
    pub(crate) const VOICED_THEN_ROLLING_READ: [&str; 7] =
        ["hello there", "how are you", "a", "b", "c", "d", "e"];

    #[test]
    fn cues_that_roll_after_voiced_ones_are_read_a_line_once_from_the_first() {
        let mut file = String::from("WEBVTT\n\n");
        for (i, payload) in VOICED_THEN_ROLLING.iter().enumerate() {
            file += &format!("00:{i:02}.000 --> 00:{i:02}.500\n{payload}\n\n");
        }
        let reading = read(&file, false).expect("reads");
        assert_eq!(reading.all_texts(), VOICED_THEN_ROLLING_READ);
        assert_eq!(reading.timed_texts()[3].0, Some(3000));
        assert!(reading.fragments.iter().all(|f| f.speaker.is_none()));
        assert!(reading.names.is_empty(), "{:?}", reading.names);
        assert_eq!(reading.warnings.count("rolling-captions"), 7);
    }

    #[test]
    fn generators_from_notes() {
        assert_eq!(
            generator_in_note("This file was generated by Descript").as_deref(),
            Some("Descript")
        );
        assert_eq!(generator_in_note("Profile: x").as_deref(), Some("Netflix"));
        assert_eq!(generator_in_note("just a note"), None);
    }
}
