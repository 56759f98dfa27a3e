//! Rolling auto-captions (YouTube's, via yt-dlp; also converted to SRT):
//! each cue repeats the previous cue's last line and adds one, with short
//! "bridge" cues between, so every line shows two or three times. Such a
//! file is read one line once.

use super::fragment::{Fragment, Kind, Reading};
use super::timestamp::Ms;

/// A cue's lines with every tag removed and spaces collapsed, empty lines
/// dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlainCue {
    pub start: Option<Ms>,
    pub end: Option<Ms>,
    pub lines: Vec<String>,
}

/// Whether the cues roll, given each non-empty cue's first and last plain
/// line: in at least 30% of consecutive pairs (and at least 3 pairs), the
/// later cue's first line is the earlier cue's last line.
pub fn is_rolling(edges: &[(String, String)]) -> bool {
    let pairs = edges.len().saturating_sub(1);
    let rolled = edges.windows(2).filter(|w| w[1].0 == w[0].1).count();
    pairs >= 3 && rolled * 10 >= pairs * 3
}

/// Adds one fragment per line not equal to the line emitted just before,
/// with its cue's times; returns how many lines were dropped.
pub fn dedupe(cues: Vec<PlainCue>, reading: &mut Reading<'_>) -> usize {
    let mut dropped = 0;
    let mut last: Option<String> = None;
    for cue in cues {
        for line in cue.lines {
            if last.as_deref() == Some(line.as_str()) {
                dropped += 1;
                continue;
            }
            reading.push(Fragment::new(Kind::Caption, cue.start, cue.end), &line);
            last = Some(line);
        }
    }
    dropped
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cue(start: Ms, lines: &[&str]) -> PlainCue {
        PlainCue {
            start: Some(start),
            end: Some(start + 10),
            lines: lines.iter().map(|l| l.to_string()).collect(),
        }
    }

    fn edges(cues: &[PlainCue]) -> Vec<(String, String)> {
        let edge = |c: &PlainCue| Some((c.lines.first()?.clone(), c.lines.last()?.clone()));
        cues.iter().filter_map(edge).collect()
    }

    #[test]
    fn rolling_cues_read_each_line_once() {
        let cues = vec![
            cue(0, &["when I started"]),
            cue(1, &["when I started"]),
            cue(2, &["when I started", "working on it"]),
            cue(3, &["working on it"]),
            cue(4, &["working on it", "and then"]),
        ];
        assert!(is_rolling(&edges(&cues)));
        let mut reading = Reading::new(crate::episode::Format::WebVtt);
        let dropped = dedupe(cues, &mut reading);
        assert_eq!(
            reading.all_texts(),
            ["when I started", "working on it", "and then"]
        );
        assert_eq!(dropped, 4);
    }

    #[test]
    fn a_line_said_twice_in_plain_captions_is_no_roll() {
        let cues = vec![
            cue(0, &["Hello."]),
            cue(1, &["Hello."]),
            cue(2, &["How are you?"]),
            cue(3, &["Fine."]),
            cue(4, &["Good."]),
        ];
        assert!(!is_rolling(&edges(&cues)));
    }
}
