//! Which format a file is in, by its content; the file name's extension is
//! only a hint (WebVTT is served as `.txt`, bare cues as `.srt`).

use std::sync::LazyLock;

use regex::Regex;

use super::labels;
use super::timestamp::is_lenient_timing_line;

/// What the first look at a file found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sniff {
    /// Markdown with front matter, or one of its transcript dialects.
    Markdown,
    /// WebVTT; `leading_blank` when blank lines come before `WEBVTT`.
    WebVtt { leading_blank: bool },
    /// JSON: which kind is told by its shape.
    Json,
    /// XML or HTML: which kind is told by its root element.
    Markup,
    /// SubRip cues (also header-less WebVTT).
    Srt,
    /// Whisper's tab-separated output.
    WhisperTsv,
    /// A plain-text export (labels, timed lines, otter.ai, paragraphs).
    Text,
    /// Nothing but whitespace.
    Empty,
    /// Not a transcript: the format it looked like and why.
    Refused(&'static str, String),
}

/// Looks at decoded `text`; `extension` (lower case, no dot) breaks the
/// last tie: prose in a `.md` file is Markdown.
pub fn sniff(text: &str, extension: Option<&str>) -> Sniff {
    // The first line is `---` (not a search for the first line's end: a
    // JSON file is often one line of many megabytes).
    if text == "---" || text.starts_with("---\n") {
        return Sniff::Markdown;
    }
    if let Some(sniff) = webvtt_signature(text) {
        return sniff;
    }
    let trimmed = trim_start(text);
    if trimmed.is_empty() {
        return Sniff::Empty;
    }
    if trimmed.starts_with('{')
        || (trimmed.starts_with('[')
            && serde_json::from_str::<serde::de::IgnoredAny>(trimmed).is_ok())
    {
        return Sniff::Json;
    }
    if trimmed.starts_with('<') {
        return Sniff::Markup;
    }
    let mut first_lines = trimmed.lines().filter(|l| !l.trim().is_empty()).take(5);
    if first_lines.any(is_lenient_timing_line) {
        return Sniff::Srt;
    }
    if is_whisper_tsv(trimmed) {
        return Sniff::WhisperTsv;
    }
    if has_markdown_heading(text) {
        return Sniff::Markdown;
    }
    match vote(vote_sample(text, trimmed)) {
        Some(sniff) => sniff,
        None if matches!(extension, Some("md" | "markdown")) => Sniff::Markdown,
        None => Sniff::Text,
    }
}

/// How much of a file the line-shape vote reads: its first lines with
/// text, up to this many bytes (whole lines; at least one). Transcripts
/// keep one shape throughout, and a vote on every line of a 25 MB file
/// cost more than reading it.
pub const VOTE_SAMPLE_BYTES: usize = 256 * 1024;

/// `text` without its leading whitespace: ASCII skipped a byte at a time
/// (a file may start with megabytes of blank lines), the rest as
/// `str::trim_start` would.
fn trim_start(text: &str) -> &str {
    let ascii = |b: &u8| b.is_ascii_whitespace() || *b == 0x0B;
    let at = text.bytes().position(|b| !ascii(&b)).unwrap_or(text.len());
    text[at..].trim_start()
}

/// The lines the vote reads: from the line where `trimmed` (a suffix of
/// `text`) starts, whole lines up to [`VOTE_SAMPLE_BYTES`].
fn vote_sample<'a>(text: &'a str, trimmed: &'a str) -> &'a str {
    let first_line = memchr::memrchr(b'\n', &text.as_bytes()[..text.len() - trimmed.len()])
        .map_or(0, |at| at + 1);
    let rest = &text[first_line..];
    if rest.len() <= VOTE_SAMPLE_BYTES {
        return rest;
    }
    let window = &rest.as_bytes()[..VOTE_SAMPLE_BYTES];
    let end = match memchr::memrchr(b'\n', window) {
        Some(at) => at,
        None => memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len()),
    };
    &rest[..end]
}

/// Rule 7: a line `## Transcript` (trailing whitespace aside) or a line
/// starting `# `, anywhere in the file: one search through its bytes.
fn has_markdown_heading(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.starts_with(b"# ") || memchr::memmem::find(bytes, b"\n# ").is_some() {
        return true;
    }
    const TRANSCRIPT: &[u8] = b"## Transcript";
    memchr::memmem::find_iter(bytes, TRANSCRIPT).any(|at| {
        let line_start = at == 0 || bytes[at - 1] == b'\n';
        line_start && {
            let rest = &text[at + TRANSCRIPT.len()..];
            let line = &rest[..memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len())];
            line.trim_end().is_empty()
        }
    })
}

/// Rule 2: `WEBVTT` followed by a space, a tab, a newline or the end,
/// after any blank lines.
fn webvtt_signature(text: &str) -> Option<Sniff> {
    let blank = text.bytes().position(|b| b != b'\n').unwrap_or(text.len());
    let start = &text[blank..];
    let rest = start.strip_prefix("WEBVTT")?;
    let leading_blank = start.len() != text.len();
    match rest.chars().next() {
        None | Some(' ' | '\t' | '\n') => Some(Sniff::WebVtt { leading_blank }),
        Some(_) => Some(Sniff::Refused(
            "webvtt",
            "its signature is not `WEBVTT` followed by a space or a line end".into(),
        )),
    }
}

/// Rule 6: a `start⇥end⇥text` header, or lines `int⇥int⇥text`.
fn is_whisper_tsv(text: &str) -> bool {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let Some(first) = lines.next() else {
        return false;
    };
    if first.trim_end() == "start\tend\ttext" {
        return true;
    }
    let timed = |line: &str| {
        let mut fields = line.splitn(3, '\t');
        let mut int = || {
            fields
                .next()
                .is_some_and(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
        };
        int() && int() && fields.next().is_some()
    };
    timed(first) && lines.take(4).all(timed)
}

/// The shapes a text line can have, for the line-shape vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineShape {
    /// A Markdown speaker header with a time: `Name (HH:MM:SS):`.
    SpeakerTimes,
    /// Dialect B: `[HH:MM:SS] …`.
    InlineTimes,
    /// Dialect C: `Name:` alone.
    NameOnly,
    /// otter.ai: `Name  0:00`.
    Otter,
    /// `H:MM:SS text`, `(MM:SS) text`.
    Timed,
    /// `Name: text`, `[Label]: text`.
    Label,
}

static SPEAKER_TIMES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[^\n]{0,80}\(\d{1,3}:\d{1,2}(?::\d{1,2})?\):?\s*$").expect("valid regex")
});
static INLINE_TIMES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\[\d{1,3}:\d{1,2}(?::\d{1,2})?\]").expect("valid regex"));
static OTTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\S[^\n]{0,60}?\S {2,}\d{1,2}:\d{2}(?::\d{2})?\s*$").expect("valid regex")
});
static TIMED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\(?\d{1,2}:\d{2}(?::\d{2})?\)?\s+\S").expect("valid regex"));

/// A line's shape. Each regex runs only on lines that have what it needs
/// (checked by hand first: most lines have no time at all).
fn shape(line: &str) -> Option<LineShape> {
    let trimmed = line.trim();
    let ends_like_time = trimmed.ends_with([')', ':']) && trimmed.contains('(');
    if ends_like_time && SPEAKER_TIMES.is_match(trimmed) {
        return Some(LineShape::SpeakerTimes);
    }
    if trimmed.starts_with('[') && INLINE_TIMES.is_match(trimmed) {
        return Some(LineShape::InlineTimes);
    }
    // `\d` is a digit of any script: `is_numeric` takes at least those.
    let ends_in_digit = trimmed.ends_with(char::is_numeric);
    if ends_in_digit && line.contains("  ") && OTTER.is_match(line) {
        return Some(LineShape::Otter);
    }
    let digit_first = (trimmed.strip_prefix('(').unwrap_or(trimmed)).starts_with(char::is_numeric);
    if digit_first && TIMED.is_match(trimmed) {
        return Some(LineShape::Timed);
    }
    let label = labels::candidate(trimmed)?;
    // A name alone is Markdown's dialect only when Markdown reads the name
    // (`UMESH:`, not `[SPEAKER_01]:`, which only the text reader takes).
    let markdown_name = !trimmed.starts_with('[') && labels::is_markdown_name(label.name);
    if label.len >= trimmed.len() && markdown_name {
        Some(LineShape::NameOnly)
    } else {
        Some(LineShape::Label)
    }
}

/// Rule 8: the shape most lines have wins, if enough lines have it;
/// ties go to Markdown, whose dialects come first.
fn vote(text: &str) -> Option<Sniff> {
    const SHAPES: [LineShape; 6] = [
        LineShape::SpeakerTimes,
        LineShape::InlineTimes,
        LineShape::NameOnly,
        LineShape::Otter,
        LineShape::Timed,
        LineShape::Label,
    ];
    let mut counts = [0usize; 6];
    let mut lines = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        lines += 1;
        if let Some(shape) = shape(line) {
            counts[SHAPES.iter().position(|&s| s == shape).unwrap_or(0)] += 1;
        }
    }
    // Labels and names alone are one family when labels are the more.
    if counts[5] > counts[2] {
        counts[5] += counts[2];
        counts[2] = 0;
    }
    let needed = if lines <= 3 { 1 } else { 2 };
    let best = *counts.iter().max()?;
    if best < needed {
        return None;
    }
    let winner = SHAPES[counts.iter().position(|&c| c == best)?];
    Some(match winner {
        LineShape::SpeakerTimes | LineShape::InlineTimes | LineShape::NameOnly => Sniff::Markdown,
        LineShape::Otter | LineShape::Timed | LineShape::Label => Sniff::Text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sniffed(text: &str) -> Sniff {
        sniff(text, None)
    }

    #[test]
    fn front_matter_and_dialects_are_markdown() {
        assert_eq!(
            sniffed("---\ntitle: x\n---\nHost (00:01):\nhi\n"),
            Sniff::Markdown
        );
        assert_eq!(
            sniffed("Host (00:01):\nhi\n\nGuest (00:05):\nyo\n"),
            Sniff::Markdown
        );
        assert_eq!(
            sniffed("[00:00:28] Lenny: hi\n[00:00:30] Ann: yo\n"),
            Sniff::Markdown
        );
        assert_eq!(sniffed("Lenny:\nhello\n\nAnn:\nhi\n"), Sniff::Markdown);
        assert_eq!(sniffed("# Notes\n\nprose\n"), Sniff::Markdown);
    }

    #[test]
    fn webvtt_by_its_signature_wherever_it_is_saved() {
        assert_eq!(
            sniffed("WEBVTT\n\n"),
            Sniff::WebVtt {
                leading_blank: false
            }
        );
        assert_eq!(
            sniffed("WEBVTT"),
            Sniff::WebVtt {
                leading_blank: false
            }
        );
        assert_eq!(
            sniffed("\n\nWEBVTT - x\n"),
            Sniff::WebVtt {
                leading_blank: true
            }
        );
        assert!(matches!(sniffed("WEBVTTX\n"), Sniff::Refused("webvtt", _)));
    }

    #[test]
    fn json_markup_and_cues() {
        assert_eq!(sniffed("  {\"segments\": []}"), Sniff::Json);
        assert_eq!(sniffed("[{\"start\": 1}]"), Sniff::Json);
        assert_eq!(
            sniffed("\n<!-- saved from url=(0040)x -->\n<html>"),
            Sniff::Markup
        );
        assert_eq!(
            sniffed("1\n00:00:01,000 --> 00:00:02,000\nhi\n"),
            Sniff::Srt
        );
        assert_eq!(sniffed("00:01.000-->00:02.000\nhi\n"), Sniff::Srt);
        assert_eq!(sniffed("start\tend\ttext\n0\t100\thi\n"), Sniff::WhisperTsv);
        assert_eq!(sniffed("0\t100\thi\n100\t200\tyo\n"), Sniff::WhisperTsv);
    }

    #[test]
    fn bracketed_text_lines_are_not_json() {
        assert_eq!(
            sniffed("[SPEAKER_01]: Hola\n[SPEAKER_00]: Bon dia\n"),
            Sniff::Text
        );
        assert_eq!(sniffed("[00:00:28] Lenny: hi\n"), Sniff::Markdown);
    }

    #[test]
    fn text_exports_and_prose() {
        assert_eq!(
            sniffed("JANE DOE: Hi.\nBOB: Yo.\nJANE DOE: Ok.\n"),
            Sniff::Text
        );
        assert_eq!(
            sniffed("Emma  0:00  \nHello\n\nBob  0:05\nHi\n"),
            Sniff::Text
        );
        assert_eq!(
            sniffed("00:00:27 Welcome back.\n4:15 So tell me\n"),
            Sniff::Text
        );
        assert_eq!(sniffed("Just prose.\n\nMore prose.\n"), Sniff::Text);
        assert_eq!(sniff("Just prose.\n", Some("md")), Sniff::Markdown);
    }

    #[test]
    fn the_vote_reads_the_first_lines_only() {
        // Prose past the sample, then labelled lines: the vote never sees
        // the labels, so a `.md` file stays Markdown (a vote on every
        // line read them all, and cost more than reading the file).
        let prose = "Plain prose, a paragraph of it.\n\n".repeat(VOTE_SAMPLE_BYTES / 32 + 1);
        let labels = "ANN: hi.\nBOB: yo.\n".repeat(1000);
        let text = format!("{prose}{labels}");
        assert_eq!(sniff(&text, Some("md")), Sniff::Markdown);
        // Within the sample, they count.
        let text = format!("Plain prose.\n\n{labels}{prose}");
        assert_eq!(sniff(&text, Some("md")), Sniff::Text);
    }

    #[test]
    fn blank_lines_before_the_text_are_passed_over() {
        let blank = "\n".repeat(VOTE_SAMPLE_BYTES * 4);
        let text = format!("{blank} \t\u{3000}ANN: hi.\nBOB: yo.\n");
        assert_eq!(sniff(&text, Some("md")), Sniff::Text);
        assert_eq!(
            vote_sample(&text, trim_start(&text)),
            " \t\u{3000}ANN: hi.\nBOB: yo.\n"
        );
        let text = format!("{blank}Emma  0:00\nhi\n\nBob  0:05\nyo\n");
        assert_eq!(sniff(&text, Some("md")), Sniff::Text);
    }

    #[test]
    fn the_sample_is_whole_lines() {
        let line = "x".repeat(1000);
        let text = format!("{line}\n").repeat(VOTE_SAMPLE_BYTES / 1000 + 5);
        let sample = vote_sample(&text, &text);
        assert!(sample.len() <= VOTE_SAMPLE_BYTES && sample.len() > VOTE_SAMPLE_BYTES - 1001);
        assert!(sample.split('\n').all(|l| l == line));
        // One line longer than the sample is read whole.
        let long = "y".repeat(VOTE_SAMPLE_BYTES + 10);
        let text = format!("{long}\nmore\n");
        assert_eq!(vote_sample(&text, &text), long);
    }

    #[test]
    fn markdown_headings_anywhere_by_one_search() {
        for (text, heading) in [
            ("# Title\nprose", true),
            ("prose\n# Title", true),
            ("prose\n## Transcript\nx", true),
            ("prose\n## Transcript \t\nx", true),
            ("## Transcript", true),
            ("prose\n## Transcripts\nx", false),
            ("prose ## Transcript\n", false),
            ("prose\n #x\n#no\n", false),
            ("a ## Transcript## Transcript\n", false),
        ] {
            let by_lines = text
                .lines()
                .any(|l| l.trim_end() == "## Transcript" || l.starts_with("# "));
            assert_eq!(has_markdown_heading(text), heading, "{text:?}");
            assert_eq!(by_lines, heading, "{text:?}");
        }
    }

    #[test]
    fn nothing_but_whitespace_is_refused() {
        assert_eq!(sniffed(" \n\t\n"), Sniff::Empty);
        assert_eq!(sniffed(""), Sniff::Empty);
    }
}
