//! Plain-text exports: `Name: text` labels, otter.ai's `Name  0:00`
//! headers, timed lines (`00:00:27 text`, `(4:15) text`) and plain
//! paragraphs.

use std::sync::LazyLock;

use regex::Regex;

use super::fragment::{Fragment, Kind, Reading};
use super::labels::LabelFinder;
use super::timestamp::{Ms, parse_lenient};
use crate::episode::Format;

/// otter.ai's header: the speaker, two spaces or more, the start.
static OTTER_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\S.{0,60}?\S) {2,}(\d{1,2}:\d{2}(?::\d{2})?)\s*$").expect("valid regex")
});
/// A line starting with a time: `00:00:27 text`, `(00:01:02) text`.
static TIMED_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\(?(\d{1,2}:\d{2}(?::\d{2})?)\)?\s+(\S.*)$").expect("valid regex")
});

const OTTER_FOOTER: &str = "Transcribed by https://otter.ai";

/// Reads a text export: each paragraph or labelled line is a paragraph
/// fragment; labels are weighed later, like every format's.
pub fn read(text: &str) -> Reading<'_> {
    let mut reading = Reading::borrowing(Format::Text, text);
    reading.find_labels = true;
    // Whether the last fragment is a paragraph that the next line continues.
    let mut open = false;
    let mut finder = LabelFinder::default();
    let mut lines = super::lines::lines(text);
    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            open = false;
            lines.skip_empty();
            continue;
        }
        if trimmed == OTTER_FOOTER {
            reading.set_meta("generator", "otter.ai");
            continue;
        }
        if let Some(header) = may_be_otter_header(line)
            .then(|| OTTER_HEADER.captures(line))
            .flatten()
        {
            let mut fragment = paragraph(parse_lenient(&header[2]));
            fragment.speaker = reading.speaker(&header[1]);
            // A header is a turn the file marks, even for the same speaker.
            fragment.turn_break = true;
            reading.push(fragment, "");
            open = true;
            continue;
        }
        if let Some(timed) = may_be_timed(trimmed)
            .then(|| TIMED_LINE.captures(trimmed))
            .flatten()
        {
            let start = parse_lenient(&timed[1]);
            let body = timed.get(2).map_or("", |m| m.as_str());
            reading.push(paragraph(start), body);
            open = true;
            continue;
        }
        if finder.candidate(trimmed).is_some() {
            open = false;
        }
        if !open {
            reading.push(paragraph(None), trimmed);
            open = true;
        } else {
            continue_paragraph(&mut reading, trimmed);
        }
    }
    reading
}

/// What [`OTTER_HEADER`] needs, checked first since most lines are not
/// headers: a digit at the end (of any script, as `\d` reads) and two
/// spaces before it.
fn may_be_otter_header(line: &str) -> bool {
    line.trim_end().ends_with(char::is_numeric) && line.contains("  ")
}

/// What [`TIMED_LINE`] needs: a digit (of any script) first, or after `(`.
fn may_be_timed(trimmed: &str) -> bool {
    let digits = trimmed.strip_prefix('(').unwrap_or(trimmed);
    digits.starts_with(char::is_numeric)
}

fn paragraph(start: Option<Ms>) -> Fragment {
    Fragment::new(Kind::Paragraph, start, None)
}

/// Adds a line to the open paragraph, after a line break unless it is
/// still empty (an otter header's).
fn continue_paragraph(reading: &mut Reading<'_>, line: &str) {
    let empty = reading.fragments.last().is_none_or(|f| f.text.is_empty());
    if empty {
        reading.append_to_last(line);
    } else {
        reading.join_to_last("\n", line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn otter_headers_give_speaker_and_start_and_the_footer_goes() {
        let reading = read(
            "Emma  0:00  \nHello there.\n\nUnknown Speaker  1:05\nHi.\n\nTranscribed by https://otter.ai\n",
        );
        assert_eq!(reading.names, ["Emma", "Unknown Speaker"]);
        let starts: Vec<_> = reading.fragments.iter().map(|f| f.start).collect();
        assert_eq!(starts, [Some(0), Some(65_000)]);
        assert!(reading.fragments.iter().all(|f| f.turn_break));
        assert_eq!(reading.text(&reading.fragments[1]), "Hi.");
        assert_eq!(reading.metadata["generator"], "otter.ai");
    }

    #[test]
    fn timed_lines_start_paragraphs_and_untimed_ones_before_have_none() {
        let reading = read("Intro text\n\n00:00:27 Welcome back.\nmore\n(4:15) So tell me\n");
        let got: Vec<_> = reading
            .fragments
            .iter()
            .map(|f| (f.start, reading.text(f)))
            .collect();
        assert_eq!(
            got,
            [
                (None, "Intro text"),
                (Some(27_000), "Welcome back.\nmore"),
                (Some(255_000), "So tell me")
            ]
        );
    }

    #[test]
    fn each_labelled_line_is_its_own_paragraph() {
        let reading = read("ANN: Hi.\nBOB: Yo.\ncontinued\n");
        let texts = reading.all_texts();
        assert_eq!(texts, ["ANN: Hi.", "BOB: Yo.\ncontinued"]);
    }
}
