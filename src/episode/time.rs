//! Times: the `hh:mm:ss` stamps in transcripts, how earmark shows them, and
//! the "go to" expressions a user types (`1:02:03`, `62m`, `45%`, …).

/// Seconds from the start of an episode.
pub type Seconds = u32;

/// Parses a stamp of two or three `:`-separated numbers (`04:45`,
/// `1:02:03`). Leniently: one-digit fields and minutes over 59 are accepted,
/// since the intent is unambiguous. Fields are at most three digits, which
/// keeps the arithmetic far from overflow.
pub fn parse_stamp(stamp: &str) -> Option<Seconds> {
    // By hand, byte by byte: it runs on every header line of a transcript.
    let mut fields = [0u32; 3];
    // Fields finished so far, and digits in the current one.
    let (mut count, mut digits) = (0, 0);
    for &b in stamp.as_bytes() {
        if b == b':' {
            if digits == 0 || count == 2 {
                return None;
            }
            count += 1;
            digits = 0;
        } else if b.is_ascii_digit() && digits < 3 {
            fields[count] = fields[count] * 10 + u32::from(b - b'0');
            digits += 1;
        } else {
            return None;
        }
    }
    match (count, digits) {
        (_, 0) => None,
        (1, _) => Some(fields[0] * 60 + fields[1]),
        (2, _) => Some(fields[0] * 3600 + fields[1] * 60 + fields[2]),
        _ => None,
    }
}

/// Formats seconds as zero-padded `hh:mm:ss` (hours grow past two digits if
/// they must).
///
/// ```
/// assert_eq!(earmark::episode::time::format_hms(1749), "00:29:09");
/// ```
pub fn format_hms(seconds: Seconds) -> String {
    let mut text = String::with_capacity(8);
    push_hms(&mut text, seconds);
    text
}

/// [`format_hms`] appended to `out`, for a caller writing many lines into
/// one buffer (by hand: the formatting machinery cost more than the rest of
/// an output line). Under 100 hours the eight bytes are made on the stack
/// and appended at once: a push a char was 1.4% of searching for `the`.
/// Inlined, with the long stamps apart: the call and the registers saved
/// for the rare path cost as much as the stamp.
#[inline]
pub fn push_hms(out: &mut String, seconds: Seconds) {
    match ShortHms::of(seconds) {
        Some(stamp) => out.push_str(stamp.as_str()),
        None => {
            let minutes = seconds / 60;
            push_long_hms(out, minutes / 60, [minutes % 60, seconds % 60]);
        }
    }
}

/// The `hh:mm:ss` of [`format_hms`] under 100 hours, made on the stack,
/// for a caller that writes it into a line of its own.
pub struct ShortHms([u8; 8]);

impl ShortHms {
    /// The stamp of `seconds`, or `None` from 100 hours on (three digits
    /// or more of hours: [`push_hms`] writes those).
    #[inline]
    pub fn of(seconds: Seconds) -> Option<ShortHms> {
        let (minutes, s) = (seconds / 60, seconds % 60);
        let (hours, m) = (minutes / 60, minutes % 60);
        if hours >= 100 {
            return None;
        }
        // Put together in one word: made a byte at a time, the stamp cost
        // as many instructions again in shifts and masks.
        let [h, m, s] = [hours, m, s].map(|n| u64::from(u16::from_le_bytes(two_digits(n))));
        let colons = u64::from_le_bytes([0, 0, b':', 0, 0, b':', 0, 0]);
        Some(ShortHms((h | m << 24 | s << 48 | colons).to_le_bytes()))
    }

    /// The eight bytes as text.
    #[inline]
    pub fn as_str(&self) -> &str {
        // SAFETY: the bytes are ASCII digits and colons (`of` makes no
        // other), which are UTF-8; checking it took longer than making them.
        unsafe { std::str::from_utf8_unchecked(&self.0) }
    }
}

/// [`push_hms`] of 100 hours or more.
#[cold]
fn push_long_hms(out: &mut String, hours: Seconds, minutes_seconds: [Seconds; 2]) {
    out.push_str(&hours.to_string());
    for part in minutes_seconds {
        out.push(':');
        out.push_str(std::str::from_utf8(&two_digits(part)).unwrap_or("00"));
    }
}

/// `n` (below 100) as two ASCII digits, looked up: working them out took
/// two divisions a field, most of writing a stamp.
fn two_digits(n: Seconds) -> [u8; 2] {
    DIGIT_PAIRS[n as usize % DIGIT_PAIRS.len()]
}

/// `00` to `99`.
const DIGIT_PAIRS: [[u8; 2]; 100] = {
    let mut pairs = [[0; 2]; 100];
    let mut n = 0;
    while n < pairs.len() {
        pairs[n] = [b'0' + (n / 10) as u8, b'0' + (n % 10) as u8];
        n += 1;
    }
    pairs
};

/// Formats a duration the way people write them: `1:14:34`, or `4:05` under
/// an hour.
pub fn format_duration(seconds: Seconds) -> String {
    if seconds >= 3600 {
        format!(
            "{}:{:02}:{:02}",
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60
        )
    } else {
        format!("{}:{:02}", seconds / 60, seconds % 60)
    }
}

/// Where a "go to" expression points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TimeTarget {
    /// An absolute time in seconds.
    At(Seconds),
    /// A fraction of the way through the transcript, 0.0 ..= 1.0.
    Fraction(f64),
    /// Seconds forward (or back, when negative) from where the reader is:
    /// `+30s`, `-5m`, `+2m30s`.
    Relative(i64),
}

/// Parses what a user types after `t`: `1:02:03`, `62:03`, `3723`, `62m`,
/// `1h2m3s`, `90s`, `45%`, and the same times after `+` or `-` to move
/// from where the reader is (`+30s`, `-5m`). Whitespace around it is
/// ignored. Minutes and seconds after a larger field stop at 59 (`1:75:00`
/// is refused, `75:00` is not).
///
/// ```
/// use earmark::episode::time::{TimeTarget, parse_goto};
/// assert_eq!(parse_goto("1h2m3s"), Ok(TimeTarget::At(3723)));
/// assert_eq!(parse_goto("45%"), Ok(TimeTarget::Fraction(0.45)));
/// assert_eq!(parse_goto("-5m"), Ok(TimeTarget::Relative(-300)));
/// assert!(parse_goto("soon").is_err());
/// assert!(parse_goto("9:99:99").is_err());
/// ```
pub fn parse_goto(input: &str) -> Result<TimeTarget, String> {
    let input = input.trim();
    if input.is_empty() {
        return Err("type a time like 1:02:03, 62m, 3723 or 45%".into());
    }
    if let Some(percent) = input.strip_suffix('%') {
        return match percent.trim().parse::<f64>() {
            Ok(p) if (0.0..=100.0).contains(&p) => Ok(TimeTarget::Fraction(p / 100.0)),
            _ => Err(format!("not a percentage from 0 to 100: {input}")),
        };
    }
    let sign = match input.as_bytes()[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return parse_time(input, input).map(TimeTarget::At),
    };
    let time = parse_time(input[1..].trim_start(), input)?;
    Ok(TimeTarget::Relative(sign * i64::from(time)))
}

/// An absolute time, `1:02:03`, `3723` or `1h2m3s`; `whole` is what the
/// user typed, for the messages.
fn parse_time(input: &str, whole: &str) -> Result<Seconds, String> {
    if past_59(input) {
        return Err(format!("{whole}: minutes and seconds stop at 59"));
    }
    if input.contains(':') {
        return parse_stamp(input).ok_or_else(|| format!("not a time: {whole}"));
    }
    if !input.is_empty() && input.bytes().all(|b| b.is_ascii_digit()) {
        return input
            .parse::<Seconds>()
            .map_err(|_| format!("too large: {whole}"));
    }
    parse_units(input)
        .ok_or_else(|| format!("not a time: {whole} (try 1:02:03, 62m, 1h2m3s, 3723 or 45%)"))
}

/// Whether a field after the first (`1:75`, `2m90s`) is 60 or more: a slip
/// of the fingers, not a time (a transcript's own stamps are read more
/// leniently by [`parse_stamp`]).
fn past_59(input: &str) -> bool {
    let fields = input.split(|c: char| c == ':' || c.is_ascii_alphabetic());
    fields
        .filter(|field| !field.is_empty())
        .skip(1)
        .any(|field| field.parse::<u64>().is_ok_and(|n| n >= 60))
}

/// Whether `text` is written like a go-to time (digits, `:`, units, `%`,
/// a sign), right or wrong: `FILE:1:75:00` names a time, to be refused
/// with the reason, not a file to look for.
pub fn looks_like_goto(text: &str) -> bool {
    let text = text.trim();
    text.bytes().any(|b| b.is_ascii_digit())
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || b":hmsHMS%+-. ".contains(&b))
}

/// `1h2m3s`, `62m`, `90s`: numbers each followed by a unit, units in order
/// and none repeated.
fn parse_units(input: &str) -> Option<Seconds> {
    let mut total: Seconds = 0;
    let mut number: Option<Seconds> = None;
    let mut last_unit = 0u8; // 0 none, 1 h, 2 m, 3 s: units must descend
    for c in input.chars() {
        if let Some(d) = c.to_digit(10) {
            number = Some(number.unwrap_or(0).checked_mul(10)?.checked_add(d)?);
            continue;
        }
        let (rank, scale) = match c.to_ascii_lowercase() {
            'h' => (1, 3600),
            'm' => (2, 60),
            's' => (3, 1),
            _ => return None,
        };
        if rank <= last_unit {
            return None;
        }
        last_unit = rank;
        total = total.checked_add(number.take()?.checked_mul(scale)?)?;
    }
    if number.is_some() || last_unit == 0 {
        return None;
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The split-and-parse `parse_stamp` was, kept as the reference.
    fn parse_stamp_by_split(stamp: &str) -> Option<Seconds> {
        let mut fields = [0u32; 3];
        let mut count = 0;
        for part in stamp.split(':') {
            if count == 3 || part.is_empty() || part.len() > 3 {
                return None;
            }
            if !part.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            fields[count] = part.parse().ok()?;
            count += 1;
        }
        match count {
            2 => Some(fields[0] * 60 + fields[1]),
            3 => Some(fields[0] * 3600 + fields[1] * 60 + fields[2]),
            _ => None,
        }
    }

    #[test]
    fn stamps_by_hand_agree_with_split_and_parse() {
        let pieces = [
            "0", "7", "12", "999", "1234", ":", "::", " ", "a", "١", "+1", "",
        ];
        let stamps = crate::test_support::concatenations(&pieces, 5);
        let mut parsed = 0;
        for stamp in &stamps {
            assert_eq!(parse_stamp(stamp), parse_stamp_by_split(stamp), "{stamp:?}");
            parsed += usize::from(parse_stamp(stamp).is_some());
        }
        assert!(parsed > 200, "{parsed}");
    }

    #[test]
    fn stamps() {
        assert_eq!(parse_stamp("00:04:45"), Some(285));
        assert_eq!(parse_stamp("04:45"), Some(285));
        assert_eq!(parse_stamp("7:05:09"), Some(7 * 3600 + 5 * 60 + 9));
        assert_eq!(parse_stamp("0:00"), Some(0));
        assert_eq!(parse_stamp("99:75:30"), Some(99 * 3600 + 75 * 60 + 30));
        assert_eq!(parse_stamp("75:30"), Some(75 * 60 + 30));
        assert_eq!(parse_stamp("1:2:3:4"), None);
        assert_eq!(parse_stamp("12"), None);
        assert_eq!(parse_stamp("1::2"), None);
        assert_eq!(parse_stamp("a:02"), None);
        assert_eq!(parse_stamp("9999:00"), None);
    }

    #[test]
    fn formats() {
        assert_eq!(format_hms(1749), "00:29:09");
        assert_eq!(format_hms(0), "00:00:00");
        assert_eq!(format_hms(4474), "01:14:34");
        assert_eq!(format_hms(99 * 3600 + 59 * 60 + 59), "99:59:59");
        assert_eq!(format_hms(360_000 + 61), "100:01:01");
        assert_eq!(format_hms(Seconds::MAX), "1193046:28:15");
        // Appended after what is there, at every field's carry.
        let mut out = String::from("x\t");
        for seconds in [59, 60, 3599, 3600, 359_999, 360_000] {
            push_hms(&mut out, seconds);
            out.push(' ');
        }
        assert_eq!(
            out,
            "x\t00:00:59 00:01:00 00:59:59 01:00:00 99:59:59 100:00:00 "
        );
        // Every minute and second of the first hours, and the hours.
        for seconds in (0..7200).chain((0..400).map(|h| h * 3600 + 3599)) {
            let want = format!(
                "{:02}:{:02}:{:02}",
                seconds / 3600,
                seconds / 60 % 60,
                seconds % 60
            );
            assert_eq!(format_hms(seconds), want);
        }
        assert_eq!(format_duration(4474), "1:14:34");
        assert_eq!(format_duration(245), "4:05");
    }

    #[test]
    fn minutes_and_seconds_after_a_larger_field_stop_at_59() {
        use TimeTarget::*;
        for bad in [
            "9:99:99", "1:60:00", "1:00:60", "12:75", "1h75m", "2m90s", "+1:75",
        ] {
            let why = parse_goto(bad).expect_err(bad);
            assert!(why.contains("stop at 59"), "{bad}: {why}");
        }
        assert_eq!(parse_goto("75:30"), Ok(At(75 * 60 + 30)));
        assert_eq!(parse_goto("90m"), Ok(At(5400)));
        assert_eq!(parse_goto("1:59:59"), Ok(At(7199)));
        assert_eq!(parse_goto("1h59m59s"), Ok(At(7199)));
    }

    #[test]
    fn what_looks_like_a_time() {
        for yes in ["1:75:00", "12:30", "45%", "+5m", "3723"] {
            assert!(looks_like_goto(yes), "{yes}");
        }
        for no in ["notes", "", "md", "x1"] {
            assert!(!looks_like_goto(no), "{no}");
        }
    }

    #[test]
    fn goto_expressions() {
        use TimeTarget::*;
        assert_eq!(parse_goto("1:02:03"), Ok(At(3723)));
        assert_eq!(parse_goto("62:03"), Ok(At(3723)));
        assert_eq!(parse_goto("3723"), Ok(At(3723)));
        assert_eq!(parse_goto("62m"), Ok(At(3720)));
        assert_eq!(parse_goto("1h2m3s"), Ok(At(3723)));
        assert_eq!(parse_goto("90s"), Ok(At(90)));
        assert_eq!(parse_goto(" 30:00 "), Ok(At(1800)));
        assert_eq!(parse_goto("45%"), Ok(Fraction(0.45)));
        assert_eq!(parse_goto("+30s"), Ok(Relative(30)));
        assert_eq!(parse_goto("-5m"), Ok(Relative(-300)));
        assert_eq!(parse_goto("+2m30s"), Ok(Relative(150)));
        assert_eq!(parse_goto("- 1:30"), Ok(Relative(-90)));
        assert_eq!(parse_goto("-3"), Ok(Relative(-3)));
        for bad in [
            "soon", "", "1m1h", "1h1h", "5x", "h", "101%", "1:2:3:4", "+", "-5%",
        ] {
            assert!(parse_goto(bad).is_err(), "{bad:?} should be an error");
        }
    }
}
