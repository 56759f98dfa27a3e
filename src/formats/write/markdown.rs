//! Markdown as the archive writes it: YAML front matter (the title and the
//! metadata), `## Transcript`, then `Name (hh:mm:ss):` headers.
//!
//! Markdown transcripts have no escapes, so a text line that would read as
//! a `Name (00:01:02):` header or a `# ` heading is joined to its
//! neighbour with a space: the words stay, in order, in the same segment.

use std::io::{self, Write};

use serde_json::Value;

use super::{Turn, clock};
use crate::episode::{Episode, Segment};
use crate::formats::labels;

/// Fails when the episode cannot be written as a Markdown transcript: one
/// with neither speakers nor times (nothing would start a segment), or
/// one without times whose speakers' names cannot be `Name:` headers.
pub fn check(episode: &Episode) -> Result<(), String> {
    let marked = |s: &Segment| s.speaker.is_some() || s.start.is_some();
    if !episode.segments.iter().any(marked) {
        return Err(
            "a Markdown transcript needs a speaker or a time to start a segment, and \
                    this episode has neither (--to text keeps it as paragraphs)"
                .into(),
        );
    }
    let timed = episode.segments.iter().any(|s| s.start.is_some());
    match episode
        .speakers
        .iter()
        .find(|name| !timed && !labels::is_markdown_name(name))
    {
        Some(name) => Err(format!(
            "without times, Markdown names speakers in `Name:` lines, and `{name}` cannot be \
             one (--to webvtt or --to json keep it)"
        )),
        None => Ok(()),
    }
}

/// Writes the episode. With times, every header has one (a segment
/// without its own time gets the one before it); without any, headers are
/// `Name:` lines.
pub fn write(episode: &Episode, turns: &[Turn<'_>], out: &mut dyn Write) -> io::Result<()> {
    front_matter(episode, out)?;
    writeln!(out, "\n## Transcript")?;
    let timed = turns.iter().any(|t| t.start.is_some());
    for turn in turns {
        writeln!(out)?;
        match (turn.speaker, timed) {
            (Some(name), true) => writeln!(out, "{name} ({}):", clock(turn.cue_start))?,
            (None, true) if turn.start.is_some() => writeln!(out, "({}):", clock(turn.cue_start))?,
            (Some(name), false) => writeln!(out, "{name}:")?,
            (None, _) => {}
        }
        for line in safe_lines(turn.text) {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

/// `---`, `"key": value` lines (JSON scalars and lists are YAML too), `---`.
fn front_matter(episode: &Episode, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "---")?;
    writeln!(out, "\"title\": {}", Value::from(episode.title.as_str()))?;
    for (key, value) in &episode.metadata {
        if key != "title" {
            writeln!(out, "{}: {value}", Value::from(key.as_str()))?;
        }
    }
    writeln!(out, "---")
}

/// The text's lines, each that would read as a header joined to the line
/// after it (the last to the line before). A last line ending in a time
/// (`… (1:02):`) stays one: Markdown cannot hold it as text.
fn safe_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut carried: Option<String> = None;
    for line in text.split('\n') {
        let line = match carried.take() {
            Some(before) => format!("{before} {line}"),
            None => line.to_string(),
        };
        if looks_like_header(&line) {
            carried = Some(line);
        } else {
            lines.push(line);
        }
    }
    if let Some(last) = carried {
        match lines.last_mut() {
            Some(before) => {
                before.push(' ');
                before.push_str(&last);
            }
            None => lines.push(last),
        }
    }
    lines
}

/// Whether a line would not read as text: a `# ` heading, or a line
/// ending in a parenthesised time (`… (1:02):`), as the Markdown reader's
/// speaker headers do.
fn looks_like_header(line: &str) -> bool {
    let trimmed = line.trim();
    let hashes = trimmed.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes) && matches!(trimmed.as_bytes().get(hashes), None | Some(b' ')) {
        return true;
    }
    let Some(inside) = [") :", "):", ")"]
        .iter()
        .find_map(|tail| trimmed.strip_suffix(tail))
    else {
        return false;
    };
    let Some(open) = inside.rfind('(') else {
        return false;
    };
    let stamp = inside[open + 1..].trim();
    stamp.contains(':') && stamp.bytes().all(|b| b.is_ascii_digit() || b == b':')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_that_reads_as_a_header_joins_its_neighbour() {
        assert_eq!(
            safe_lines("one\nsee (1:02):\ntwo"),
            ["one", "see (1:02): two"]
        );
        assert_eq!(safe_lines("at (00:01)\ntwo"), ["at (00:01) two"]);
        assert_eq!(safe_lines("only (1:02)"), ["only (1:02)"]);
        assert_eq!(safe_lines("a\n# b"), ["a # b"]);
        assert_eq!(safe_lines("an (aside)\nfine"), ["an (aside)", "fine"]);
    }
}
