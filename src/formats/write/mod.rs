//! `earmark dump --to FORMAT`: an episode written in one of the formats
//! earmark reads, so a folder of mixed transcripts can be made one format.
//!
//! Every writer takes the episode as read: its text, names and metadata
//! were cleaned when the file was read (docs/text-hygiene.md), so nothing
//! a file held reaches the output as a control sequence; each writer only
//! escapes what its own format gives a meaning to (`<` and `&` in cues, a
//! line that would read as a speaker header in Markdown).
//!
//! What each format keeps of an episode is in docs/formats.md ("Writing").

mod json;
mod markdown;
mod srt;
mod text;
mod webvtt;

pub use webvtt::OWN_NOTE;

use crate::episode::{Episode, Segment};

/// A format `dump --to` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// Markdown with YAML front matter and `Name (hh:mm:ss):` headers.
    Markdown,
    /// WebVTT, one cue per segment, speakers as `<v>` voices.
    WebVtt,
    /// SubRip, one cue per segment, speakers as `<v>` voices.
    Srt,
    /// Podcasting 2.0 JSON, one entry per segment.
    Json,
    /// Text with otter.ai-style `Name  0:00:00` headers.
    Text,
}

impl OutputFormat {
    /// Every target, in the order `--help` lists them.
    pub const ALL: [OutputFormat; 5] = [
        OutputFormat::Markdown,
        OutputFormat::WebVtt,
        OutputFormat::Srt,
        OutputFormat::Json,
        OutputFormat::Text,
    ];

    /// The format's name, as `--to` takes it.
    pub fn name(self) -> &'static str {
        match self {
            OutputFormat::Markdown => "markdown",
            OutputFormat::WebVtt => "webvtt",
            OutputFormat::Srt => "srt",
            OutputFormat::Json => "json",
            OutputFormat::Text => "text",
        }
    }

    /// The usual file extension for the format.
    pub fn extension(self) -> &'static str {
        match self {
            OutputFormat::Markdown => "md",
            OutputFormat::WebVtt => "vtt",
            OutputFormat::Srt => "srt",
            OutputFormat::Json => "json",
            OutputFormat::Text => "txt",
        }
    }
}

/// `episode` in `target`'s format, or why it cannot be written so (one
/// line, for an error message).
pub fn render(episode: &Episode, target: OutputFormat) -> Result<Vec<u8>, String> {
    if target == OutputFormat::Markdown {
        markdown::check(episode)?;
    }
    let turns = turns(episode);
    let mut out = Vec::new();
    match target {
        OutputFormat::Markdown => markdown::write(episode, &turns, &mut out),
        OutputFormat::WebVtt => webvtt::write(episode, &turns, &mut out),
        OutputFormat::Srt => srt::write(&turns, &mut out),
        OutputFormat::Json => json::write(&turns, &mut out),
        OutputFormat::Text => text::write(&turns, &mut out),
    }
    .map_err(|e| e.to_string())?;
    if target == OutputFormat::Text {
        text::check(&out)?;
    }
    Ok(out)
}

/// One segment as the writers see it.
#[derive(Debug, Clone, Copy)]
struct Turn<'a> {
    speaker: Option<&'a str>,
    /// Seconds, as the episode has it.
    start: Option<u32>,
    /// Where a caption of it starts: its start, else the last known one.
    cue_start: u32,
    /// Where a caption of it ends: the next later start, else an estimate
    /// from its length.
    cue_end: u32,
    text: &'a str,
}

/// Seconds of speech assumed per character for a last caption's length.
const CHARS_PER_SECOND: usize = 15;

/// The segments with the times caption formats need.
fn turns(episode: &Episode) -> Vec<Turn<'_>> {
    let segments = &episode.segments;
    let next_starts = next_starts(segments);
    let mut last_start = 0;
    let mut turns = Vec::with_capacity(segments.len());
    for (segment, next) in segments.iter().zip(next_starts) {
        let cue_start = segment.start.unwrap_or(last_start);
        last_start = cue_start;
        let text = segment.text(episode);
        let spoken = (text.chars().count() / CHARS_PER_SECOND).clamp(1, 30) as u32;
        let cue_end = match next {
            Some(next) if next > cue_start => next,
            _ => cue_start.saturating_add(spoken),
        };
        turns.push(Turn {
            speaker: episode.speaker_name(segment),
            start: segment.start,
            cue_start,
            cue_end,
            text,
        });
    }
    turns
}

/// For each segment, the first start among the segments after it: one
/// pass from the end, so segments without times cost no rescans.
fn next_starts(segments: &[Segment]) -> Vec<Option<u32>> {
    let mut next = vec![None; segments.len()];
    let mut later = None;
    for (slot, segment) in next.iter_mut().zip(segments).rev() {
        *slot = later;
        later = segment.start.or(later);
    }
    next
}

/// `h:mm:ss` with at least two digits of hours: `00:01:02`.
fn clock(seconds: u32) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    format!("{h:02}:{m:02}:{s:02}")
}

/// Escapes cue text for WebVTT and SubRip: `&`, `<` and `>` as references
/// (so no `-->` and no tag), `\` as a numeric one (no `{\an8}` override),
/// and a line's leading `- ` (a dialogue dash) as `&#45; `.
fn escape_cue_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let line = match line.strip_prefix('-') {
            Some(rest) if rest.starts_with(' ') => {
                out.push_str("&#45;");
                rest
            }
            _ => line,
        };
        for c in line.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '\\' => out.push_str("&#92;"),
                c => out.push(c),
            }
        }
    }
    out
}

/// A cue's payload: the text, behind a `<v Name>` voice when it has a
/// speaker.
fn cue_payload(turn: &Turn<'_>) -> String {
    let text = escape_cue_text(turn.text);
    match turn.speaker {
        Some(name) => format!("<v {}>{text}", escape_cue_text(name)),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::episode::Source;
    use crate::formats::parse_bytes;

    #[test]
    fn cue_ends_are_the_next_later_start_or_an_estimate() {
        let episode = parse_bytes(
            b"Ann (00:00:10):\nHi.\n\nBo (00:00:05):\nBack in time.\n\nAnn (00:00:20):\nEnd.\n",
            Source::Builtin("t.md"),
        )
        .expect("parses");
        let ends: Vec<_> = turns(&episode).iter().map(|t| t.cue_end).collect();
        assert_eq!(ends, [11, 20, 21]);
    }

    #[test]
    fn cue_text_escapes_what_cues_give_a_meaning_to() {
        assert_eq!(
            escape_cue_text("a --> b <i> & {\\an8}\n- dash\nx - y"),
            "a --&gt; b &lt;i&gt; &amp; {&#92;an8}\n&#45; dash\nx - y"
        );
    }
}
