//! Clock times in caption files: one lenient grammar for every format, the
//! strict WebVTT grammar, and timing lines (`start --> end settings`).
//!
//! Times are whole milliseconds in a `u64`; every value read is below
//! [`MAX_MS`], so sums of a few of them never overflow.

/// Milliseconds from the start of an episode.
pub type Ms = u64;

/// Times at or past this (10,000,000 s, about 115 days) are not believed.
pub const MAX_MS: Ms = 10_000_000_000;

/// Parses a lenient timestamp: `[h:][m:]s[.f]` or `[h:][m:]s[,f]`, read
/// right to left as seconds, minutes and hours (`3:33.380`, `01:00:23`,
/// `0.860`, `1:02:03,5`). Two parts are always `M:SS`. A later part is one
/// or two digits and at most 59; the leading part has up to 7 digits; the
/// fraction has 1 to 3 digits and scales by its length (`.5` is 500 ms).
/// Anything else, trailing text included, is `None`.
pub fn parse_lenient(text: &str) -> Option<Ms> {
    let whole_clock = text.len() == 12;
    if whole_clock && let Some(ms) = clock_with_fraction(text.as_bytes(), b",.") {
        return Some(ms);
    }
    lenient_in_full(text)
}

/// `HH:MM:SS` then one of `separators` and three digits at the start of
/// `bytes` (what follows is the caller's), the shape nearly every caption
/// file writes, read at fixed places: `None` for any other text (which
/// the full grammars then read, or refuse).
fn clock_with_fraction(bytes: &[u8], separators: &[u8]) -> Option<Ms> {
    let clock: &[u8; 12] = bytes.get(..12)?.try_into().ok()?;
    if clock[2] != b':' || clock[5] != b':' || !separators.contains(&clock[8]) {
        return None;
    }
    // Each digit's value, or 10 and more for any other byte: one test of
    // the greatest rather than a test and a branch a digit.
    let value = |at: usize| clock[at].wrapping_sub(b'0');
    let (h1, h2, m1, m2, s1, s2) = (value(0), value(1), value(3), value(4), value(6), value(7));
    let (f1, f2, f3) = (value(9), value(10), value(11));
    let greatest = h1
        .max(h2)
        .max(m1)
        .max(m2)
        .max(s1)
        .max(s2)
        .max(f1)
        .max(f2)
        .max(f3);
    if greatest > 9 {
        return None;
    }
    let two = |tens: u8, ones: u8| u64::from(tens) * 10 + u64::from(ones);
    let (hours, minutes, seconds) = (two(h1, h2), two(m1, m2), two(s1, s2));
    let millis = two(f1, f2) * 10 + u64::from(f3);
    let total = ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis;
    (minutes <= 59 && seconds <= 59).then_some(total)
}

/// [`parse_lenient`] for any text.
fn lenient_in_full(text: &str) -> Option<Ms> {
    // One pass over the bytes: a file has a time or two on every cue, and
    // splitting each into parts showed in the readers' profiles.
    let bytes = text.as_bytes();
    let mut parts = [0u64; 3];
    let mut count = 0;
    let mut at = 0;
    loop {
        let max_digits = if count == 0 { 7 } else { 2 };
        let (value, len) = leading_digits(&bytes[at..], max_digits)?;
        parts[count] = value;
        count += 1;
        at += len;
        match bytes.get(at) {
            Some(b':') if count < 3 => at += 1,
            Some(b'.' | b',') | None => break,
            Some(_) => return None,
        }
    }
    let seconds = match count {
        1 => parts[0],
        2 if parts[1] <= 59 => parts[0] * 60 + parts[1],
        3 if parts[1] <= 59 && parts[2] <= 59 => parts[0] * 3600 + parts[1] * 60 + parts[2],
        _ => return None,
    };
    let millis = match bytes.get(at + 1..) {
        None => 0,
        Some(fraction) => match leading_digits(fraction, 3)? {
            (value, len) if len == fraction.len() => value * 10u64.pow(3 - len as u32),
            _ => return None,
        },
    };
    within_range(seconds.checked_mul(1000)?.checked_add(millis)?)
}

/// The number the ASCII digits starting `bytes` write and how many there
/// are: at least one, at most `max` (a longer run is `None`).
fn leading_digits(bytes: &[u8], max: usize) -> Option<(u64, usize)> {
    let len = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    if len == 0 || len > max {
        return None;
    }
    let value = bytes[..len]
        .iter()
        .fold(0u64, |n, &b| n * 10 + u64::from(b - b'0'));
    Some((value, len))
}

/// Reads the strict WebVTT timestamp (W3C "collect a WebVTT timestamp") at
/// the start of `text`: `[hours:]MM:SS.mmm`, minutes and seconds exactly
/// two digits and at most 59, exactly three fraction digits, hours any
/// number of digits. Returns the time and the bytes it took; what follows
/// is the caller's.
pub fn parse_webvtt_prefix(text: &str) -> Option<(Ms, usize)> {
    let bytes = text.as_bytes();
    let digit_next = bytes.get(12).is_some_and(u8::is_ascii_digit);
    if !digit_next && let Some(ms) = clock_with_fraction(bytes, b".") {
        return Some((ms, 12));
    }
    webvtt_prefix_in_full(text)
}

/// [`parse_webvtt_prefix`] for any text.
fn webvtt_prefix_in_full(text: &str) -> Option<(Ms, usize)> {
    let bytes = text.as_bytes();
    let first_len = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    if first_len == 0 {
        return None;
    }
    let first = digits_checked(&text[..first_len])?;
    let mut at = first_len;
    let field = |at: usize| -> Option<u64> {
        let two = text.get(at..at + 2)?;
        let value = digits(two)?;
        (value <= 59).then_some(value)
    };
    let (hours, minutes);
    // A first field that is not two digits, or is over 59, is hours.
    if first_len != 2 || first > 59 || bytes.get(at + 3) == Some(&b':') {
        hours = first;
        expect(bytes, at, b':')?;
        minutes = field(at + 1)?;
        at += 3;
    } else {
        hours = 0;
        minutes = first;
    }
    expect(bytes, at, b':')?;
    let seconds = field(at + 1)?;
    at += 3;
    expect(bytes, at, b'.')?;
    let fraction = text.get(at + 1..at + 4)?;
    let millis = digits(fraction)?;
    at += 4;
    if bytes.get(at).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let total = hours
        .checked_mul(3600)?
        .checked_add(minutes * 60 + seconds)?
        .checked_mul(1000)?
        .checked_add(millis)?;
    Some((within_range(total)?, at))
}

/// A timing line split at its arrow: the text left of `-->`, the first
/// word right of it, and the rest (cue settings), each without the
/// whitespace around them. `None` when there is no arrow or nothing left
/// of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimingLine<'a> {
    pub start: &'a str,
    pub end: &'a str,
    pub settings: &'a str,
}

impl<'a> TimingLine<'a> {
    /// Splits `line` at its first `-->`.
    pub fn split(line: &'a str) -> Option<Self> {
        let arrow = find_arrow(line.as_bytes())?;
        let start = line[..arrow].trim_matches(is_timing_space);
        let after = line[arrow + 3..].trim_start_matches(is_timing_space);
        let end_len = after.find(is_timing_space).unwrap_or(after.len());
        let (end, settings) = after.split_at(end_len);
        if start.is_empty() {
            return None;
        }
        Some(TimingLine {
            start,
            end,
            settings: settings.trim_matches(is_timing_space),
        })
    }

    /// Both times by the lenient grammar, when both read.
    pub fn lenient_times(&self) -> Option<(Ms, Ms)> {
        Some((parse_lenient(self.start)?, parse_lenient(self.end)?))
    }
}

/// Where the first `-->` starts: found by its `>` (a search for one byte
/// costs less on a short line than setting up a search for three).
fn find_arrow(bytes: &[u8]) -> Option<usize> {
    let ends = memchr::memchr_iter(b'>', bytes);
    ends.filter(|&at| at >= 2 && &bytes[at - 2..at] == b"--")
        .map(|at| at - 2)
        .next()
}

/// Whether `line` is a timing line by the lenient grammar (a time left of
/// the arrow and right of it).
pub fn is_lenient_timing_line(line: &str) -> bool {
    TimingLine::split(line).is_some_and(|t| t.lenient_times().is_some())
}

/// Space, tab and form feed: the whitespace allowed around a timing arrow
/// (not the vertical tab).
pub fn is_timing_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{c}')
}

/// JSON seconds (a float, possibly with noise such as `2.0599999999999996`)
/// to whole milliseconds, rounded to the nearest; `None` when negative,
/// not finite or out of range.
pub fn seconds_to_ms(seconds: f64) -> Option<Ms> {
    if !seconds.is_finite() || seconds < 0.0 {
        return None;
    }
    let ms = (seconds * 1000.0).round();
    (ms < MAX_MS as f64).then_some(ms as Ms)
}

fn within_range(ms: Ms) -> Option<Ms> {
    (ms < MAX_MS).then_some(ms)
}

fn expect(bytes: &[u8], at: usize, want: u8) -> Option<()> {
    (bytes.get(at) == Some(&want)).then_some(())
}

/// An all-ASCII-digit string of at most 7 digits as a number.
fn digits(text: &str) -> Option<u64> {
    if text.is_empty() || text.len() > 7 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // At most seven digits: no overflow, and no call to `str::parse`.
    Some(text.bytes().fold(0, |n, b| n * 10 + u64::from(b - b'0')))
}

/// Digits of any length, `None` when the number does not fit.
fn digits_checked(text: &str) -> Option<u64> {
    text.bytes().try_fold(0u64, |n, b| {
        n.checked_mul(10)?.checked_add(u64::from(b - b'0'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_reads_what_feeds_write() {
        for (text, ms) in [
            ("0.860", 860),
            ("3:33.380", 213_380),
            ("12:41.500", 761_500),
            ("01:00:23", 3_623_000),
            ("1:02:03,5", 3_723_500),
            ("00:00:00,060", 60),
            ("0.05", 50),
            ("0.5", 500),
            ("75:30", 4_530_000),
            ("9999999", 9_999_999_000),
        ] {
            assert_eq!(parse_lenient(text), Some(ms), "{text}");
        }
    }

    /// The grammar as it was first written (split at the fraction, then
    /// at the colons), which the one-pass reader must agree with.
    fn lenient_by_parts(text: &str) -> Option<Ms> {
        let (clock, fraction) = match text.find(['.', ',']) {
            Some(at) => (&text[..at], Some(&text[at + 1..])),
            None => (text, None),
        };
        let mut parts = [0u64; 3];
        let mut count = 0;
        for (i, part) in clock.split(':').enumerate() {
            let max_digits = if i == 0 { 7 } else { 2 };
            if i >= 3 || part.is_empty() || part.len() > max_digits {
                return None;
            }
            parts[i] = digits(part)?;
            count = i + 1;
        }
        let seconds = match count {
            1 => parts[0],
            2 if parts[1] <= 59 => parts[0] * 60 + parts[1],
            3 if parts[1] <= 59 && parts[2] <= 59 => parts[0] * 3600 + parts[1] * 60 + parts[2],
            _ => return None,
        };
        let millis = match fraction {
            None => 0,
            Some(f) if (1..=3).contains(&f.len()) => digits(f)? * 10u64.pow(3 - f.len() as u32),
            Some(_) => return None,
        };
        within_range(seconds.checked_mul(1000)?.checked_add(millis)?)
    }

    proptest::proptest! {
        #[test]
        fn one_pass_lenient_agrees_with_the_grammar_by_parts(
            text in "[0-9:.,x é]{0,14}|[0-9]{1,9}(:[0-9]{1,3}){0,3}([.,][0-9]{0,4})?"
        ) {
            proptest::prop_assert_eq!(parse_lenient(&text), lenient_by_parts(&text), "{:?}", text);
        }

        #[test]
        fn the_clock_shortcuts_agree_with_the_full_grammars(
            text in "[0-9]{2}:[0-9]{2}:[0-9]{2}[.,][0-9]{3}[0-9 x]{0,2}|[0-9:.,]{12,14}"
        ) {
            proptest::prop_assert_eq!(parse_lenient(&text), lenient_by_parts(&text), "{:?}", text);
            let full = webvtt_prefix_in_full(&text);
            proptest::prop_assert_eq!(parse_webvtt_prefix(&text), full, "{:?}", text);
        }

        #[test]
        fn the_arrow_is_where_a_search_for_it_finds_it(text in "[-> 0:]{0,12}") {
            let found = memchr::memmem::find(text.as_bytes(), b"-->");
            proptest::prop_assert_eq!(find_arrow(text.as_bytes()), found, "{:?}", text);
        }
    }

    #[test]
    fn lenient_refuses_what_is_not_a_time() {
        for text in [
            "",
            "00:00.",
            "00::00",
            "00:00:00.000x",
            "00:00:00.0000",
            "1:60",
            "1:60:00",
            "10000000",
            "1:2:3:4",
            "12345678:00",
            "-1",
            ".5",
            "a:00",
            "0:0.5.5",
        ] {
            assert_eq!(parse_lenient(text), None, "{text:?}");
        }
    }

    #[test]
    fn strict_follows_the_webvtt_grammar() {
        for (text, ms) in [
            ("00:01.000", 1000),
            ("0:00:00.000", 0),
            ("000:00:00.000", 0),
            ("60:00:00.000", 216_000_000),
            ("01:02:03.004", 3_723_004),
            ("00:00:01.000x", 1000),
        ] {
            assert_eq!(parse_webvtt_prefix(text).map(|t| t.0), Some(ms), "{text}");
        }
        for text in [
            "00:00:60.000",
            "00:00:00.00",
            "00:00.0000",
            "0.860",
            "3:33.380",
            "00:00:00,000",
        ] {
            assert_eq!(parse_webvtt_prefix(text), None, "{text}");
        }
    }

    #[test]
    fn lenient_and_strict_agree_on_strict_times() {
        for text in ["00:01.000", "01:02:03.004", "59:59.999", "100:00:00.000"] {
            let strict = parse_webvtt_prefix(text).map(|t| t.0);
            assert_eq!(strict, parse_lenient(text), "{text}");
        }
    }

    #[test]
    fn timing_lines_take_any_whitespace_or_none() {
        let line = TimingLine::split("00:00:00,000-->00:00:02,000").unwrap();
        assert_eq!(line.lenient_times(), Some((0, 2000)));
        let line = TimingLine::split("1.0\t\u{c}-->  2.5 align:start position:0%").unwrap();
        assert_eq!((line.start, line.end), ("1.0", "2.5"));
        assert_eq!(line.settings, "align:start position:0%");
        assert!(TimingLine::split("--> 00:01.000").is_none());
        assert!(!is_lenient_timing_line("<!-- saved from url -->"));
        assert!(!is_lenient_timing_line("1.0 \u{b}--> 2.0"));
    }

    #[test]
    fn json_seconds_round_to_the_nearest_ms() {
        assert_eq!(seconds_to_ms(2.0599999999999996), Some(2060));
        assert_eq!(seconds_to_ms(-1.0), None);
        assert_eq!(seconds_to_ms(f64::NAN), None);
        assert_eq!(seconds_to_ms(1e300), None);
    }
}
