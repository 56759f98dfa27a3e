//! Bytes → [`Episode`]: decoding, front matter, then one function per
//! transcript dialect (FORMAT.md §2).

use std::borrow::Cow;
use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use super::error::EpisodeError;
use super::front_matter::{self, FrontMatter};
use super::model::{Episode, Segment, Source, SpeakerId};
use super::text::{clean, clean_one_line};
use super::time::{Seconds, parse_stamp};

/// Files larger than this are refused: a transcript is ~100 KB and a whole
/// archive ~26 MB, so this only stops a stray disk image from eating memory.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Reads and parses a transcript file.
pub fn parse_file(path: &Path) -> Result<Episode, EpisodeError> {
    let bytes = read_file(path)?;
    parse_bytes(&bytes, Source::File(path.to_path_buf()))
}

/// Reads a transcript file's bytes, refusing directories, special files and
/// files over [`MAX_FILE_BYTES`], with the file named in the error.
pub fn read_file(path: &Path) -> Result<Vec<u8>, EpisodeError> {
    let error = |reason| EpisodeError::new(path.display(), reason);
    let meta = std::fs::metadata(path).map_err(|e| error(e.into()))?;
    if meta.is_dir() {
        return Err(error(super::error::Reason::Directory));
    }
    if !meta.is_file() {
        return Err(error(super::error::Reason::NotRegular));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(error(super::error::Reason::TooLarge(meta.len())));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| error(e.into()))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(error(super::error::Reason::TooLarge(bytes.len() as u64)));
    }
    Ok(bytes)
}

/// Parses a transcript held in memory.
pub fn parse_bytes(bytes: &[u8], source: Source) -> Result<Episode, EpisodeError> {
    use super::error::Reason;
    let error = |reason| EpisodeError::new(source.display(), reason);
    if bytes.contains(&0) {
        return Err(error(Reason::NotText));
    }
    let mut warnings = Vec::new();
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // Validation alone is much faster than the lossy decoder, and nearly
    // every file is valid.
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    };
    if matches!(text, Cow::Owned(_)) {
        warnings.push("invalid UTF-8 was replaced with \u{FFFD}".to_string());
    }

    let (front, body) = front_matter::split(&text);
    let FrontMatter {
        metadata,
        warnings: yaml_warnings,
    } = front_matter::parse(front);
    warnings.extend(yaml_warnings);

    let (heading, lines) = transcript_lines(body);
    let transcript = parse_transcript(&lines).ok_or_else(|| error(Reason::NoTranscript))?;

    let title = metadata
        .get("title")
        .and_then(|v| v.as_str())
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .or(heading)
        .unwrap_or_else(|| file_stem(&source));
    Ok(Episode {
        source,
        title,
        metadata,
        speakers: transcript.speakers,
        segments: transcript.segments,
        warnings,
    })
}

fn file_stem(source: &Source) -> String {
    match source {
        Source::File(path) => path
            .file_stem()
            .map(|s| clean_one_line(&s.to_string_lossy()))
            .unwrap_or_default(),
        Source::Builtin(name) => (*name).to_string(),
    }
}

/// Finds the first `# ` heading and the transcript's lines, each cleaned.
/// The transcript follows a `## Transcript` line when there is one, otherwise
/// it is the whole body less its heading lines. Lines borrow from `body`
/// unless cleaning changed them: one allocation per line was a good part of
/// the parse time.
fn transcript_lines(body: &str) -> (Option<String>, Vec<Cow<'_, str>>) {
    let mut heading = None;
    let mut lines = Vec::new();
    for raw in body.split('\n') {
        let line = clean(raw);
        let trimmed = line.trim();
        if is_heading(trimmed) {
            if trimmed.eq_ignore_ascii_case("## transcript") {
                lines.clear();
            } else if heading.is_none()
                && let Some(title) = trimmed.strip_prefix("# ")
            {
                heading = Some(title.trim().to_string());
            }
            continue;
        }
        lines.push(line);
    }
    (heading.filter(|h| !h.is_empty()), lines)
}

/// A Markdown ATX heading: one to six `#`, then a space or the end.
fn is_heading(line: &str) -> bool {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    (1..=6).contains(&hashes) && matches!(line.as_bytes().get(hashes), None | Some(b' '))
}

/// The three ways a transcript marks who speaks when (FORMAT.md §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dialect {
    /// `Name (HH:MM:SS):` on its own line.
    SpeakerTimes,
    /// `[HH:MM:SS] Name: text`.
    InlineTimes,
    /// `Name:` on its own line, no times.
    NamesOnly,
}

/// What a header line says.
#[derive(Debug, PartialEq)]
struct Header<'a> {
    /// `None`: the same speaker as before.
    speaker: Option<&'a str>,
    start: Option<Seconds>,
    /// Text on the header line itself (inline times only).
    text: &'a str,
}

impl Dialect {
    const ALL: [Dialect; 3] = [
        Dialect::SpeakerTimes,
        Dialect::InlineTimes,
        Dialect::NamesOnly,
    ];

    fn header<'a>(self, line: &'a str) -> Option<Header<'a>> {
        match self {
            Dialect::SpeakerTimes => speaker_times_header(line),
            Dialect::InlineTimes => inline_times_header(line),
            Dialect::NamesOnly => names_only_header(line),
        }
    }
}

/// The dialect whose header lines appear most often (the first on a tie).
fn detect_dialect(lines: &[Cow<str>]) -> Option<Dialect> {
    let mut counts = [0usize; 3];
    for line in lines {
        for (count, dialect) in counts.iter_mut().zip(Dialect::ALL) {
            if dialect.header(line).is_some() {
                *count += 1;
            }
        }
    }
    let best = (0..3).rev().max_by_key(|&i| counts[i])?;
    (counts[best] > 0).then_some(Dialect::ALL[best])
}

/// Longest name accepted before a `(time)`: guards against a sentence that
/// happens to end in a parenthesised time.
const MAX_NAME_CHARS: usize = 80;

/// Longest line that can be a `Name (time):` or `Name:` header: a name of at
/// most [`MAX_NAME_CHARS`] chars (up to 4 bytes each), a time and some stray
/// spaces. Longer lines are text, known without running a regex over them:
/// a 20 MB line ending in `(00:00:01):` took 2 s (28 s unoptimised).
const MAX_HEADER_LINE_BYTES: usize = 512;

/// `Name (HH:MM:SS):` or `(HH:MM:SS):`, leniently (FORMAT.md §2, dialect A).
///
/// Read by hand rather than by a regex (it ran on every other line and was
/// the largest cost of a parse); it accepts exactly what
/// `^(.*?)\s*\(\s*(\d{1,3}(?::\d{1,3}){1,2})\s*\)\s*:?$` with a
/// [`parse_stamp`]-able time did, which the tests check on many lines. The
/// text after the last `(` holds no `(`, so that is where the time starts.
fn speaker_times_header(line: &str) -> Option<Header<'_>> {
    let line = line.trim();
    if line.len() > MAX_HEADER_LINE_BYTES {
        return None;
    }
    let inside_end = [")", "):", ") :"]
        .iter()
        .find(|tail| line.ends_with(*tail))
        .map(|tail| line.len() - tail.len())?;
    let open = line[..inside_end].rfind('(')?;
    let start = parse_stamp(line[open + 1..inside_end].trim())?;
    let name = line[..open].trim();
    if name.chars().count() > MAX_NAME_CHARS {
        return None;
    }
    Some(Header {
        speaker: (!name.is_empty()).then_some(name),
        start: Some(start),
        text: "",
    })
}

/// One to four capitalised words (a word may carry `.`, `'`, `-`).
const NAME: &str = r"\p{Lu}[\p{L}\p{M}\p{N}'’.\-]*(?: \p{Lu}[\p{L}\p{M}\p{N}'’.\-]*){0,3}";

static INLINE_TIMES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^\[\s*(\d{{1,3}}(?::\d{{1,3}}){{1,2}})\s*\]\s*(?:({NAME}):(?:\s+|$))?"
    ))
    .expect("valid regex")
});

/// `[HH:MM:SS] Name: text` or `[HH:MM:SS] text` (dialect B). The regex
/// matches the time and name only: the text is the rest of the line, so a
/// long line is not scanned to its end.
fn inline_times_header(line: &str) -> Option<Header<'_>> {
    let line = line.trim();
    if !line.starts_with('[') {
        return None;
    }
    let caps = INLINE_TIMES.captures(line)?;
    Some(Header {
        speaker: caps.get(2).map(|m| m.as_str()),
        start: Some(parse_stamp(caps.get(1)?.as_str())?),
        text: &line[caps.get(0)?.end()..],
    })
}

static NAMES_ONLY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^({NAME})\s*:$")).expect("valid regex"));

/// `Name:` alone on a line (dialect C).
fn names_only_header(line: &str) -> Option<Header<'_>> {
    let line = line.trim();
    if line.len() > MAX_HEADER_LINE_BYTES || !line.ends_with(':') || !could_be_name(line) {
        return None;
    }
    let caps = NAMES_ONLY.captures(line)?;
    Some(Header {
        speaker: Some(caps.get(1)?.as_str()),
        start: None,
        text: "",
    })
}

/// A quick no for lines [`NAMES_ONLY`] cannot match, such as every
/// `Name (time):` line of dialect A: an ASCII first char that is not an
/// upper-case letter, or an ASCII char the pattern has no place for.
/// Non-ASCII chars are left to the regex.
fn could_be_name(line: &str) -> bool {
    let allowed =
        |b: u8| b.is_ascii_alphanumeric() || b.is_ascii_whitespace() || b"'.-:".contains(&b);
    let first_ok = line
        .as_bytes()
        .first()
        .is_some_and(|&b| !b.is_ascii() || b.is_ascii_uppercase());
    first_ok && line.bytes().all(|b| !b.is_ascii() || allowed(b))
}

/// Speakers and segments, before they join the front matter.
struct Transcript {
    speakers: Vec<String>,
    segments: Vec<Segment>,
}

/// Splits cleaned lines into segments by the detected dialect. `None` when
/// no line is a header of any dialect: that is not a transcript.
fn parse_transcript(lines: &[Cow<str>]) -> Option<Transcript> {
    let dialect = detect_dialect(lines)?;
    let mut builder = TranscriptBuilder::default();
    for line in lines {
        match dialect.header(line) {
            Some(header) => builder.start_segment(header),
            None => builder.push_line(line),
        }
    }
    Some(builder.finish())
}

/// Accumulates segments line by line.
#[derive(Default)]
struct TranscriptBuilder {
    speakers: Vec<String>,
    segments: Vec<Segment>,
    /// The segment being filled; text before the first header opens a
    /// speaker-less one.
    current: Option<Segment>,
}

impl TranscriptBuilder {
    fn start_segment(&mut self, header: Header) {
        let previous_speaker = self.current.as_ref().and_then(|s| s.speaker);
        self.close_segment();
        let speaker = match header.speaker {
            Some(name) => Some(self.speaker_id(name)),
            None => previous_speaker,
        };
        self.current = Some(Segment {
            speaker,
            start: header.start,
            text: String::new(),
        });
        self.push_line(header.text);
    }

    fn push_line(&mut self, line: &str) {
        let line = line.trim();
        if line.is_empty() {
            return;
        }
        let segment = self.current.get_or_insert_with(|| Segment {
            speaker: None,
            start: None,
            text: String::new(),
        });
        if !segment.text.is_empty() {
            segment.text.push('\n');
        }
        segment.text.push_str(line);
    }

    fn close_segment(&mut self) {
        if let Some(segment) = self.current.take() {
            self.segments.push(segment);
        }
    }

    /// The id of a speaker, adding it on first appearance. Runs of spaces in
    /// a name are folded so `Lenny  Rachitsky` is the same person.
    fn speaker_id(&mut self, name: &str) -> SpeakerId {
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        match self.speakers.iter().rposition(|s| *s == name) {
            Some(id) => id,
            None => {
                self.speakers.push(name);
                self.speakers.len() - 1
            }
        }
    }

    fn finish(mut self) -> Transcript {
        self.close_segment();
        Transcript {
            speakers: self.speakers,
            segments: self.segments,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speaker_times_headers_are_lenient() {
        let h = speaker_times_header("Lenny Rachitsky (00:04:45):").unwrap();
        assert_eq!((h.speaker, h.start), (Some("Lenny Rachitsky"), Some(285)));
        let h = speaker_times_header("  Adam Grant  (1:19) ").unwrap();
        assert_eq!((h.speaker, h.start), (Some("Adam Grant"), Some(79)));
        let h = speaker_times_header("Jiaona Zhang (JZ) (00:39:27):").unwrap();
        assert_eq!(h.speaker, Some("Jiaona Zhang (JZ)"));
        let h = speaker_times_header("(00:07:30):").unwrap();
        assert_eq!((h.speaker, h.start), (None, Some(450)));
        assert!(speaker_times_header("I said (hello):").is_none());
        assert!(speaker_times_header("Plain text.").is_none());
    }

    /// The regex `speaker_times_header` used to be, kept as the reference.
    fn speaker_times_by_regex(line: &str) -> Option<Header<'_>> {
        static SPEAKER_TIMES: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"^(.*?)\s*\(\s*(\d{1,3}(?::\d{1,3}){1,2})\s*\)\s*:?$").expect("valid regex")
        });
        let line = line.trim();
        if line.len() > MAX_HEADER_LINE_BYTES
            || !(line.ends_with(')') || line.ends_with("):") || line.ends_with(") :"))
        {
            return None;
        }
        let caps = SPEAKER_TIMES.captures(line)?;
        let name = caps.get(1).map_or("", |m| m.as_str()).trim();
        if name.chars().count() > MAX_NAME_CHARS {
            return None;
        }
        Some(Header {
            speaker: (!name.is_empty()).then_some(name),
            start: Some(parse_stamp(caps.get(2)?.as_str())?),
            text: "",
        })
    }

    #[test]
    fn speaker_times_by_hand_agree_with_the_regex() {
        let names = [
            "",
            "Lenny",
            " Jiaona Zhang (JZ) ",
            "a(b",
            "Ünïcode\u{a0}Name",
            "(",
            ")",
        ];
        let stamps = [
            "00:04:45",
            "1:19",
            " 1:02:03 ",
            "\u{2003}12:34\u{2003}",
            "1:2:3:4",
            "1234:00",
            "",
            "12",
            "1:",
            "١:٢",
            "00:0a",
            "(1:00)",
            "1:00) (2:00",
        ];
        let tails = ["", ":", " :", "  :", "::", ")", " "];
        let long = "N".repeat(MAX_NAME_CHARS + 1);
        let mut checked = 0;
        for name in names.iter().copied().chain([long.as_str()]) {
            for stamp in stamps {
                for tail in tails {
                    for opener in ["(", " (", "( ", ""] {
                        let line = format!("{name}{opener}{stamp}){tail}");
                        assert_eq!(
                            speaker_times_header(&line),
                            speaker_times_by_regex(&line),
                            "{line:?}"
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 1000);
    }

    #[test]
    fn names_only_quick_no_agrees_with_the_regex() {
        for line in [
            "Lenny:",
            "Dr. Fei-Fei Li:",
            "lenny:",
            "Lenny (00:01):",
            "Ünal:",
            "Ève Dupont:",
            "O'Brien  :",
            "Jean-Luc Picard:",
            "A_B:",
            "Élan vital [x]:",
            "Name\u{a0}Two:",
        ] {
            let by_regex = NAMES_ONLY.captures(line).is_some();
            assert_eq!(names_only_header(line).is_some(), by_regex, "{line:?}");
        }
    }

    #[test]
    fn over_long_lines_are_text_not_headers() {
        let long_name = "Word ".repeat(MAX_HEADER_LINE_BYTES / 5);
        assert!(speaker_times_header(&format!("{long_name}(00:00:01):")).is_none());
        assert!(names_only_header(&format!("{}:", "A".repeat(600))).is_none());
        // Inline times keep the whole line, however long, as text.
        let text = "x ".repeat(1000);
        let line = format!("[00:00:01] Host: {text}");
        let h = inline_times_header(&line).unwrap();
        assert_eq!((h.speaker, h.text), (Some("Host"), text.trim_end()));
    }

    #[test]
    fn inline_times_headers() {
        let h = inline_times_header("[00:00:28] Lenny: Ryan Hoover is here").unwrap();
        assert_eq!(h.speaker, Some("Lenny"));
        assert_eq!(h.text, "Ryan Hoover is here");
        let h = inline_times_header("[00:02:12] Hey Ashley, head of marketing: hi").unwrap();
        assert_eq!(h.speaker, None);
        assert_eq!(h.text, "Hey Ashley, head of marketing: hi");
        let h = inline_times_header("[00:01:09] Lenny: [That's the clip").unwrap();
        assert_eq!((h.speaker, h.text), (Some("Lenny"), "[That's the clip"));
        assert!(inline_times_header("[laughs] yes").is_none());
    }

    #[test]
    fn names_only_headers() {
        assert_eq!(names_only_header("Lenny:").unwrap().speaker, Some("Lenny"));
        assert_eq!(
            names_only_header("Dr. Fei-Fei Li:").unwrap().speaker,
            Some("Dr. Fei-Fei Li")
        );
        assert!(names_only_header("And he said:").is_none());
        assert!(names_only_header("One Two Three Four Five:").is_none());
    }

    #[test]
    fn headings_are_recognised() {
        assert!(is_heading("# Title"));
        assert!(is_heading("## Transcript"));
        assert!(is_heading("#"));
        assert!(!is_heading("#1 thing"));
        assert!(!is_heading("####### seven"));
    }
}
