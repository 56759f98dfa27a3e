//! Whisper's tab-separated output: `start⇥end⇥text`, times in whole
//! milliseconds, an optional header line.

use super::Refusal;
use super::fragment::{Fragment, Kind, Reading};
use super::timestamp::MAX_MS;
use crate::episode::Format;

/// Reads a Whisper TSV file; a line that is not `int⇥int⇥text` continues
/// the previous line's text.
pub fn read(text: &str) -> Result<Reading<'_>, Refusal> {
    let mut reading = Reading::borrowing(Format::WhisperTsv, text);
    reading.find_labels = true;
    for line in super::lines::lines(text) {
        if line.trim().is_empty() || line.trim_end() == "start\tend\ttext" {
            continue;
        }
        match timed_line(line) {
            Some((start, end, text)) => {
                reading.push(Fragment::new(Kind::Caption, start, end), text)
            }
            None if reading.fragments.is_empty() => {
                reading.push(Fragment::new(Kind::Caption, None, None), line)
            }
            None => {
                reading.append_to_last(" ");
                reading.append_to_last(line);
            }
        }
    }
    if reading.fragments.is_empty() {
        return Err(Refusal::new("whisper-tsv", "no transcript found (0 lines)"));
    }
    Ok(reading)
}

/// `start⇥end⇥text` with whole-ms times; a time out of range reads as
/// unknown.
fn timed_line(line: &str) -> Option<(Option<u64>, Option<u64>, &str)> {
    let bytes = line.as_bytes();
    let first_tab = memchr::memchr(b'\t', bytes)?;
    let second_tab = first_tab + 1 + memchr::memchr(b'\t', &bytes[first_tab + 1..])?;
    let start = whole_ms(&line[..first_tab])?;
    let end = whole_ms(&line[first_tab + 1..second_tab])?;
    Some((start, end, &line[second_tab + 1..]))
}

/// A field of digits as milliseconds (`None` when it is not one), read as
/// unknown when out of range.
fn whole_ms(field: &str) -> Option<Option<u64>> {
    let field = field.trim();
    if field.is_empty() || !field.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(field.parse().ok().filter(|&ms| ms < MAX_MS))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_ms_times_and_continuations() {
        let reading = read("start\tend\ttext\n0\t1500\tHello there\n1500\t99999999999999999999\tand\tmore\nwrapped\n").expect("reads");
        let got = reading.timed_texts();
        assert_eq!(
            got,
            [
                (Some(0), Some(1500), "Hello there"),
                (Some(1500), None, "and\tmore wrapped")
            ]
        );
    }

    #[test]
    fn a_header_alone_is_no_transcript() {
        assert!(read("start\tend\ttext\n").is_err());
    }
}
