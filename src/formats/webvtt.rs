//! WebVTT: the W3C parsing algorithm (blocks, NOTE/STYLE/REGION, cue
//! timings and settings), the lenient timestamps real feeds write, voices
//! and rolling auto-captions.

use super::Refusal;
use super::cue_text::{self, References};
use super::fragment::{Fragment, Kind, Reading};
use super::rolling::{self, PlainCue};
use super::timestamp::{Ms, TimingLine, parse_webvtt_prefix};
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
pub(super) struct TimedText {
    pub start: Option<Ms>,
    pub end: Option<Ms>,
    pub raw_text: String,
}

impl From<Cue> for TimedText {
    fn from(cue: Cue) -> Self {
        TimedText {
            start: Some(cue.start_ms),
            end: Some(cue.end_ms),
            raw_text: cue.raw_text,
        }
    }
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
    parse_file(text).cues
}

/// Parses a whole WebVTT file: header, notes and cues. When the strict
/// W3C timestamps reject two timing lines or more and the lenient grammar
/// reads every line holding `-->`, the lenient reading is taken.
pub fn parse_file(text: &str) -> CueFile {
    let text = text.trim_start_matches('\n');
    let mut lines = text.split('\n');
    let signature = lines.next().unwrap_or_default();
    let mut file = CueFile {
        title: title(signature),
        ..CueFile::default()
    };
    let blocks = split_blocks(lines, &mut file.header);
    let candidates: Vec<_> = blocks.iter().filter_map(|b| cue_parts(b)).collect();
    let strict_failures = candidates
        .iter()
        .filter(|(_, timing, _)| strict_times(timing).is_none())
        .count();
    let lenient = strict_failures >= 2
        && blocks
            .iter()
            .flatten()
            .filter(|l| l.contains("-->"))
            .all(|l| TimingLine::split(l).is_some_and(|t| t.lenient_times().is_some()));
    for block in &blocks {
        if let Some(note) = note_text(block) {
            file.notes.push(note);
        }
    }
    for (id, timing, payload) in candidates {
        let times = if lenient {
            TimingLine::split(timing).and_then(|t| t.lenient_times().map(|x| (x, t.settings)))
        } else {
            strict_times(timing)
        };
        let Some(((start_ms, end_ms), settings)) = times else {
            file.bad_timings += 1;
            continue;
        };
        file.cues.push(Cue {
            id: id.to_string(),
            start_ms,
            end_ms,
            settings: settings.to_string(),
            raw_text: payload.join("\n"),
        });
    }
    if lenient {
        file.lenient = strict_failures;
    }
    file
}

/// The title on the signature line: `WEBVTT - Title` gives `Title`.
fn title(signature: &str) -> String {
    let rest = signature.strip_prefix("WEBVTT").unwrap_or_default();
    rest.trim().trim_start_matches('-').trim().to_string()
}

/// Splits the lines after the signature into blocks. The header runs to
/// the first blank line (its `Key: value` lines are kept); a line with
/// `-->` ends it and starts the first cue. A block runs to a blank line,
/// or to a line with `-->` that is neither its first line nor its second
/// after an identifier. Only an empty line is blank.
fn split_blocks<'a>(
    lines: impl Iterator<Item = &'a str>,
    header: &mut Vec<(String, String)>,
) -> Vec<Vec<&'a str>> {
    let mut blocks: Vec<Vec<&str>> = Vec::new();
    let mut block: Vec<&str> = Vec::new();
    let mut in_header = true;
    for line in lines {
        if in_header {
            if line.is_empty() {
                in_header = false;
                continue;
            }
            if !line.contains("-->") {
                header_line(line, header);
                continue;
            }
            in_header = false;
        }
        if line.is_empty() {
            if !block.is_empty() {
                blocks.push(std::mem::take(&mut block));
            }
            continue;
        }
        let opens_cue = block.is_empty() || (block.len() == 1 && !block[0].contains("-->"));
        if line.contains("-->") && !opens_cue {
            blocks.push(std::mem::take(&mut block));
        }
        block.push(line);
    }
    if !block.is_empty() {
        blocks.push(block);
    }
    blocks
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

/// A block's identifier, timing line and payload, if it is a cue block.
fn cue_parts<'b, 'a>(block: &'b [&'a str]) -> Option<(&'a str, &'a str, &'b [&'a str])> {
    match block {
        [timing, payload @ ..] if timing.contains("-->") => Some(("", timing, payload)),
        [id, timing, payload @ ..] if timing.contains("-->") => Some((id, timing, payload)),
        _ => None,
    }
}

/// A `NOTE` block's text.
fn note_text(block: &[&str]) -> Option<String> {
    let first = block.first()?;
    let rest = first.strip_prefix("NOTE")?;
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let mut text = rest.trim().to_string();
    for line in &block[1..] {
        text.push(' ');
        text.push_str(line.trim());
    }
    Some(text.trim().to_string())
}

/// The W3C timing line: a strict timestamp, whitespace, `-->`,
/// whitespace, a strict timestamp, then settings.
fn strict_times(line: &str) -> Option<((Ms, Ms), &str)> {
    let line = line.trim_start_matches(super::timestamp::is_timing_space);
    let (start, used) = parse_webvtt_prefix(line)?;
    let rest = line[used..].trim_start_matches(super::timestamp::is_timing_space);
    let rest = rest.strip_prefix("-->")?;
    let rest = rest.trim_start_matches(super::timestamp::is_timing_space);
    let (end, used) = parse_webvtt_prefix(rest)?;
    Some(((start, end), rest[used..].trim()))
}

/// Reads a WebVTT file into fragments and metadata.
pub fn read(text: &str, leading_blank: bool) -> Result<Reading<'_>, Refusal> {
    let file = parse_file(text);
    let mut reading = Reading::borrowing(Format::WebVtt, text);
    reading.find_labels = true;
    if leading_blank {
        reading
            .warnings
            .add("leading-blank-lines", "blank lines before WEBVTT");
    }
    reading.warnings.add_n(
        "lenient-timestamps",
        file.lenient,
        "timing lines read leniently",
    );
    reading.warnings.add_n(
        "bad-timestamp",
        file.bad_timings,
        "cues with unreadable times skipped",
    );
    metadata(&file, &mut reading);
    if file.cues.is_empty() {
        return Err(Refusal::new("webvtt", "no transcript found (0 cues)"));
    }
    let own = reading.metadata.get("generator").and_then(|g| g.as_str()) == Some(OWN_GENERATOR);
    let cues = file.cues.into_iter().map(TimedText::from).collect();
    if own {
        read_own_cues(cues, &mut reading);
    } else {
        read_cues(cues, References::Html, &mut reading);
    }
    Ok(reading)
}

/// The generator named by the note `earmark dump --to webvtt` writes.
const OWN_GENERATOR: &str = "earmark";

/// Cues of a file earmark wrote: each is a segment of its own, as it was
/// when written, and a cue without a voice has no speaker.
fn read_own_cues(cues: Vec<TimedText>, reading: &mut Reading) {
    reading.find_labels = false;
    reading.carry_speaker = false;
    for cue in cues {
        let spans = cue_text::voice_spans(&cue.raw_text, References::Html);
        for (i, span) in spans.into_iter().enumerate() {
            let mut fragment = Fragment::new(Kind::Caption, cue.start, cue.end);
            fragment.speaker = span.voice.and_then(|v| reading.speaker(&v));
            fragment.turn_break = i == 0;
            reading.push(fragment, &span.text);
        }
    }
}

fn metadata(file: &CueFile, reading: &mut Reading) {
    reading.set_meta("title", &file.title);
    for (key, value) in &file.header {
        reading.set_meta(key, value);
    }
    for note in &file.notes {
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
/// cues carry a voice, an unvoiced cue has no speaker.
pub(super) fn read_cues(cues: Vec<TimedText>, references: References, reading: &mut Reading) {
    let edges: Vec<_> = cues
        .iter()
        .filter_map(|c| cue_text::edge_lines(&c.raw_text, references))
        .collect();
    if rolling::is_rolling(&edges) {
        let plain = cues
            .iter()
            .map(|c| PlainCue {
                start: c.start,
                end: c.end,
                lines: cue_text::plain_lines(&c.raw_text, references),
            })
            .collect();
        let dropped = rolling::dedupe(plain, reading);
        reading
            .warnings
            .add_n("rolling-captions", dropped, "repeated lines removed");
        reading.set_meta("generator", "YouTube (auto-generated)");
        return;
    }
    drop(edges);
    let (mut voiced, mut non_empty) = (0, 0);
    for cue in cues {
        let (mut any_text, mut any_voice) = (false, false);
        // The voice a later part continues, when it names none.
        let mut voice: Option<String> = None;
        for (i, part) in label_parts(&cue.raw_text, references)
            .into_iter()
            .enumerate()
        {
            let kind = if i == 0 { Kind::Caption } else { Kind::CueLine };
            for span in cue_text::voice_spans(part, references) {
                any_text = true;
                any_voice |= span.voice.is_some();
                let name = span
                    .voice
                    .or_else(|| (i > 0).then(|| voice.clone()).flatten());
                let mut fragment = Fragment::new(kind, cue.start, cue.end);
                fragment.speaker = name.as_deref().and_then(|v| reading.speaker(v));
                voice = name;
                reading.push(fragment, &span.text);
            }
        }
        non_empty += usize::from(any_text);
        voiced += usize::from(any_voice);
    }
    reading.carry_speaker = voiced * 2 < non_empty;
}

/// A cue's payload cut before each later line that starts like a speaker
/// label (`Bo: Thanks.`): such a line may be another speaker's, which the
/// labels step decides (docs/formats.md).
fn label_parts(payload: &str, references: References) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut part_start = 0;
    let mut line_start = 0;
    for line in payload.split('\n') {
        let starts_label = line_start > 0
            && line.contains(':')
            && cue_text::plain_lines(line, references)
                .first()
                .is_some_and(|plain| super::labels::candidate(plain).is_some());
        if starts_label {
            parts.push(&payload[part_start..line_start - 1]);
            part_start = line_start;
        }
        line_start += line.len() + 1;
    }
    parts.push(&payload[part_start..]);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let file = parse_file(
            "WEBVTT 00:01.000 --> 00:02.000\nLanguage: en\n00:01.000 --> 00:02.000\nhi\n",
        );
        assert_eq!(file.cues.len(), 1);
        assert_eq!(file.title, "00:01.000 --> 00:02.000");
        assert_eq!(file.header, [("language".to_string(), "en".to_string())]);
    }

    #[test]
    fn notes_styles_and_regions_are_never_cues() {
        let file = parse_file(
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
        let file = parse_file(
            "WEBVTT\n\n00:00:60.000 --> 00:01:01.000\nbad\n\n00:01.000 --> 00:02.000\ngood\n\n60:00:00.000 --> 60:00:01.000\nlate\n",
        );
        let texts: Vec<_> = file.cues.iter().map(|c| c.raw_text.as_str()).collect();
        assert_eq!(texts, ["good", "late"]);
        assert_eq!(file.cues[1].start_ms, 216_000_000);
        assert_eq!((file.bad_timings, file.lenient), (1, 0));
    }

    #[test]
    fn feeds_minimal_times_are_read_leniently() {
        let file = parse_file(
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
