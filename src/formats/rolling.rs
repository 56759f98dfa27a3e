//! Rolling auto-captions (YouTube's, via yt-dlp; also converted to SRT):
//! each cue repeats the previous cue's last line and adds one, with short
//! "bridge" cues between, so every line shows two or three times. Such a
//! file is read one line once.

use super::fragment::{Fragment, Kind};
use super::timestamp::Ms;

/// A cue's lines with every tag removed and spaces collapsed, empty lines
/// dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlainCue {
    pub start: Option<Ms>,
    pub end: Option<Ms>,
    pub lines: Vec<String>,
}

/// Whether the cues roll: in at least 30% of consecutive pairs of
/// non-empty cues (and at least 3 pairs), the later cue's first line is
/// the earlier cue's last line.
pub fn is_rolling(cues: &[PlainCue]) -> bool {
    let mut non_empty = cues.iter().filter(|c| !c.lines.is_empty());
    let Some(mut previous) = non_empty.next() else {
        return false;
    };
    let (mut pairs, mut rolled) = (0usize, 0usize);
    for cue in non_empty {
        pairs += 1;
        if cue.lines.first() == previous.lines.last() {
            rolled += 1;
        }
        previous = cue;
    }
    pairs >= 3 && rolled * 10 >= pairs * 3
}

/// One fragment per line not equal to the line emitted just before, with
/// its cue's times; returns the fragments and how many lines were dropped.
pub fn dedupe(cues: Vec<PlainCue>) -> (Vec<Fragment>, usize) {
    let mut fragments = Vec::new();
    let mut dropped = 0;
    let mut last: Option<String> = None;
    for cue in cues {
        for line in cue.lines {
            if last.as_deref() == Some(line.as_str()) {
                dropped += 1;
                continue;
            }
            last = Some(line.clone());
            fragments.push(Fragment::new(Kind::Caption, cue.start, cue.end, line));
        }
    }
    (fragments, dropped)
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

    #[test]
    fn rolling_cues_read_each_line_once() {
        let cues = vec![
            cue(0, &["when I started"]),
            cue(1, &["when I started"]),
            cue(2, &["when I started", "working on it"]),
            cue(3, &["working on it"]),
            cue(4, &["working on it", "and then"]),
        ];
        assert!(is_rolling(&cues));
        let (fragments, dropped) = dedupe(cues);
        let texts: Vec<_> = fragments.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(texts, ["when I started", "working on it", "and then"]);
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
        assert!(!is_rolling(&cues));
    }
}
