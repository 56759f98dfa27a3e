//! The three header recognisers, one per dialect.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::lines::trim;
use crate::episode::read::MAX_LAYOUT_BYTES;
use crate::episode::time::{Seconds, parse_stamp};

/// The three ways a transcript marks who speaks when (docs/markdown-transcripts.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Dialect {
    /// `Name (HH:MM:SS):` on its own line.
    SpeakerTimes,
    /// `[HH:MM:SS] Name: text`.
    InlineTimes,
    /// `Name:` on its own line, no times.
    NamesOnly,
}

/// What a header line says.
#[derive(Debug, PartialEq)]
pub(super) struct Header<'a> {
    /// `None`: the same speaker as before.
    pub(super) speaker: Option<&'a str>,
    pub(super) start: Option<Seconds>,
    /// Text on the header line itself (inline times only).
    pub(super) text: &'a str,
}

impl Dialect {
    pub(super) const ALL: [Dialect; 3] = [
        Dialect::SpeakerTimes,
        Dialect::InlineTimes,
        Dialect::NamesOnly,
    ];

    /// The header this dialect reads on a trimmed line, if any.
    pub(super) fn read(self, trimmed: &str) -> Option<Header<'_>> {
        match self {
            Dialect::SpeakerTimes => speaker_times_header_trimmed(trimmed),
            Dialect::InlineTimes => inline_times_header_trimmed(trimmed),
            Dialect::NamesOnly => names_only_header_trimmed(trimmed),
        }
    }
}

/// Where a header line is in the body: all a
/// [`BodyScan`](super::body_scan::BodyScan) keeps of it. What the header says is read again from the line when its segment is built
/// ([`Dialect::read`]): a file of a million tiny segments holds a million
/// of these, and keeping the header's parts (40 bytes a header) cost twice
/// the file. Offsets are `u32`: bodies are at most [`MAX_LAYOUT_BYTES`].
#[derive(Debug, Clone, PartialEq)]
pub(super) struct HeaderAt {
    /// The line in the body, its `\n` left out.
    pub(super) line: Range<u32>,
    /// Lines the scan cleaned up to this one, this one included.
    pub(super) unclean_lines: u32,
    /// Whether the lines after this one, up to the next header's (or the
    /// body's end), hold no byte but ASCII whitespace after their first
    /// line: no `\n` before their last other byte, the segment's shape
    /// when its text is one line. The scan knows it from the lines it
    /// walks; `false` until the next header's line (or the end) is read.
    pub(super) one_text_line: bool,
}

const _: () = assert!(MAX_LAYOUT_BYTES <= u32::MAX as u64);

impl HeaderAt {
    pub(super) fn new(line: &Range<usize>, unclean_lines: u32) -> HeaderAt {
        HeaderAt {
            line: line.start as u32..line.end as u32,
            unclean_lines,
            one_text_line: false,
        }
    }

    pub(super) fn line_start(&self) -> usize {
        self.line.start as usize
    }

    pub(super) fn line_end(&self) -> usize {
        self.line.end as usize
    }
}

/// The dialect whose header lines appear most often (the first on a tie),
/// given how many lines each (in [`Dialect::ALL`] order) reads a header on.
pub(super) fn detect_dialect(counts: [usize; 3]) -> Option<Dialect> {
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

/// `Name (HH:MM:SS):` or `(HH:MM:SS):`, leniently (docs/markdown-transcripts.md: speaker headers with times).
///
/// Read by hand rather than by a regex (it ran on every other line and was
/// the largest cost of a parse); it accepts exactly what
/// `^(.*?)\s*\(\s*(\d{1,3}(?::\d{1,3}){1,2})\s*\)\s*:?$` with a
/// [`parse_stamp`]-able time did, which the tests check on many lines. The
/// text after the last `(` holds no `(`, so that is where the time starts.
///
/// `line` comes trimmed (the scan trims it once for all three dialects).
pub(super) fn speaker_times_header_trimmed(line: &str) -> Option<Header<'_>> {
    if line.len() > MAX_HEADER_LINE_BYTES {
        return None;
    }
    let inside_end = [")", "):", ") :"]
        .iter()
        .find(|tail| line.ends_with(*tail))
        .map(|tail| line.len() - tail.len())?;
    let (open, start) = match two_digit_stamp(&line.as_bytes()[..inside_end]) {
        Some(found) => found,
        None => {
            // A byte search: `memrchr` costs more to set up than this line
            // takes.
            let open = line.as_bytes()[..inside_end]
                .iter()
                .rposition(|&b| b == b'(')?;
            (open, parse_stamp(trim(&line[open + 1..inside_end]))?)
        }
    };
    let name = trim(&line[..open]);
    // A name of at most MAX_NAME_CHARS bytes has at most as many chars.
    if name.len() > MAX_NAME_CHARS && name.chars().count() > MAX_NAME_CHARS {
        return None;
    }
    Some(Header {
        speaker: (!name.is_empty()).then_some(name),
        start: Some(start),
        text: "",
    })
}

/// Where `before` (a line up to a closing `)`) ends in `(hh:mm:ss` or
/// `(mm:ss` with two digits a field, as nearly every speaker-times header
/// does: the `(`'s index and the time, read without a loop. That `(` is
/// the last one, and the time has no spaces to trim, so this is what the
/// general reading finds. `None` for any other ending.
fn two_digit_stamp(before: &[u8]) -> Option<(usize, Seconds)> {
    let field = |tens: &u8, ones: &u8| {
        (tens.is_ascii_digit() && ones.is_ascii_digit())
            .then(|| u32::from(tens - b'0') * 10 + u32::from(ones - b'0'))
    };
    match before {
        [name @ .., b'(', h1, h2, b':', m1, m2, b':', s1, s2] => {
            let seconds = field(h1, h2)? * 3600 + field(m1, m2)? * 60 + field(s1, s2)?;
            Some((name.len(), seconds))
        }
        [name @ .., b'(', m1, m2, b':', s1, s2] => {
            Some((name.len(), field(m1, m2)? * 60 + field(s1, s2)?))
        }
        _ => None,
    }
}

/// One to four capitalised words (a word may carry `.`, `'`, `-`).
const NAME: &str = r"\p{Lu}[\p{L}\p{M}\p{N}'’.\-]*(?: \p{Lu}[\p{L}\p{M}\p{N}'’.\-]*){0,3}";

/// A header regex, built when first needed: its Unicode classes take
/// ~3 ms to compile, more than searching a whole episode. Nearly every
/// line is ASCII and is read by hand instead ([`ascii_inline_times`],
/// [`ascii_name_len`]), as a build of the regex with every class cut down
/// to its ASCII members would read it (the tests compare the two).
type HeaderRegex = LazyLock<Regex>;

/// `\s` on ASCII text (Unicode's White_Space there): the vertical tab
/// too, which [`u8::is_ascii_whitespace`] leaves out.
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ')
}

/// `text` after its leading [`is_ascii_space`] bytes.
fn skip_ascii_spaces(text: &str) -> &str {
    let spaces = text.bytes().take_while(|&b| is_ascii_space(b)).count();
    &text[spaces..]
}

/// A byte a [`NAME`] word may hold after its capital, read with ASCII
/// classes (`\p{L}` is `A-Za-z` there, `\p{N}` `0-9`, `\p{M}` and `’`
/// nothing).
fn is_ascii_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'\'' | b'.' | b'-')
}

/// How long the [`NAME`] at the start of `text` is when read with ASCII
/// classes (`\p{Lu}` is `A-Z` there); 0 when there is none. The regex may
/// also match a shorter name, but one always followed by a name byte or by
/// a space and a capital, which neither header pattern accepts after a
/// name: the longest is the only one a header can use.
fn ascii_name_len(text: &[u8]) -> usize {
    let word_len = |at: usize| match text.get(at..) {
        Some([capital, rest @ ..]) if capital.is_ascii_uppercase() => {
            1 + rest.iter().take_while(|&&b| is_ascii_name_byte(b)).count()
        }
        _ => 0,
    };
    let mut end = word_len(0);
    if end == 0 {
        return 0;
    }
    for _ in 1..4 {
        let next = word_len(end + 1);
        if text.get(end) != Some(&b' ') || next == 0 {
            break;
        }
        end += 1 + next;
    }
    end
}

/// Whether every char [`INLINE_TIMES`] can look at in `line` is ASCII, so
/// that reading it with ASCII classes ([`ascii_inline_times`]) gives what
/// the Unicode regex does. Most inline header lines hold a `’` somewhere in
/// their text, past what the regex reads: up to the first `]` nothing but
/// the time can match; a name cannot run past the first `:` after it; after
/// that `:` only whitespace, then one more char (or the end, for `$`),
/// which matters only if it is whitespace.
fn inline_reads_only_ascii(line: &str) -> bool {
    if line.is_ascii() {
        return true;
    }
    let bytes = line.as_bytes();
    let Some(colon) = line
        .find(']')
        .and_then(|r| line[r..].find(':').map(|c| r + c))
    else {
        return false;
    };
    // `\s` also takes the vertical tab, which `is_ascii_whitespace` does not.
    let space = |b: &&u8| b.is_ascii_whitespace() || **b == 0x0b;
    let after = colon + 1 + bytes[colon + 1..].iter().take_while(space).count();
    // The char that ends the run may be any that is not whitespace: both
    // builds stop there.
    bytes[..after].is_ascii() && !line[after..].starts_with(char::is_whitespace)
}

/// `[time] Name: ` with the given name, space and digit classes.
fn inline_times_pattern(name: &str, space: &str, digit: &str) -> String {
    format!(
        r"^\[{space}*({digit}{{1,3}}(?::{digit}{{1,3}}){{1,2}}){space}*\]{space}*(?:({name}):(?:{space}+|$))?"
    )
}

/// `Name:` with the given name and space classes.
fn names_only_pattern(name: &str, space: &str) -> String {
    format!(r"^({name}){space}*:$")
}

fn build(pattern: &str) -> Regex {
    Regex::new(pattern).expect("valid regex")
}

static INLINE_TIMES: HeaderRegex =
    LazyLock::new(|| build(&inline_times_pattern(NAME, r"\s", r"\d")));

/// `[HH:MM:SS] Name: text` or `[HH:MM:SS] text` (dialect B). The regex
/// matches the time and name only: the text is the rest of the line, so a
/// long line is not scanned to its end.
///
/// `line` comes trimmed (the scan trims it once for all three dialects).
pub(super) fn inline_times_header_trimmed(line: &str) -> Option<Header<'_>> {
    // A quick no that spares most `[laughs]`-like lines the regex (and a
    // non-ASCII one the Unicode build): after `[` and any ASCII spaces,
    // a visible ASCII char must be a digit (`\s` matches none of them).
    let after = line.strip_prefix('[')?.trim_ascii_start();
    if after
        .as_bytes()
        .first()
        .is_some_and(|&b| b.is_ascii_graphic() && !b.is_ascii_digit())
    {
        return None;
    }
    if inline_reads_only_ascii(line) {
        return ascii_inline_times(line);
    }
    let caps = INLINE_TIMES.captures(line)?;
    Some(Header {
        speaker: caps.get(2).map(|m| m.as_str()),
        start: Some(parse_stamp(caps.get(1)?.as_str())?),
        text: &line[caps.get(0)?.end()..],
    })
}

/// [`inline_times_header_trimmed`] where [`INLINE_TIMES`] would read only
/// ASCII chars, by hand: as the regex with ASCII classes reads any line.
fn ascii_inline_times(line: &str) -> Option<Header<'_>> {
    let after_bracket = skip_ascii_spaces(line.strip_prefix('[')?);
    // The regex's time is the whole run of digits and colons: what follows
    // it (spaces, then `]`) is neither. `parse_stamp` takes exactly the
    // runs the time pattern matches.
    let time_len = after_bracket
        .bytes()
        .take_while(|&b| b.is_ascii_digit() || b == b':')
        .count();
    let (time, rest) = after_bracket.split_at(time_len);
    let start = parse_stamp(time)?;
    let rest = skip_ascii_spaces(skip_ascii_spaces(rest).strip_prefix(']')?);
    // The optional `Name:`, then at least one space or the end.
    let name_len = ascii_name_len(rest.as_bytes());
    let after_name = rest[name_len..]
        .strip_prefix(':')
        .filter(|after| name_len > 0 && after.bytes().next().is_none_or(is_ascii_space));
    let (speaker, text) = match after_name {
        Some(after) => (Some(&rest[..name_len]), skip_ascii_spaces(after)),
        None => (None, rest),
    };
    Some(Header {
        speaker,
        start: Some(start),
        text,
    })
}

static NAMES_ONLY: HeaderRegex = LazyLock::new(|| build(&names_only_pattern(NAME, r"\s")));

/// `Name:` alone on a line (dialect C).
///
/// `line` comes trimmed (the scan trims it once for all three dialects).
pub(super) fn names_only_header_trimmed(line: &str) -> Option<Header<'_>> {
    if line.len() > MAX_HEADER_LINE_BYTES || !line.ends_with(':') || !could_be_name(line) {
        return None;
    }
    let speaker = if line.is_ascii() {
        ascii_names_only(line)?
    } else {
        NAMES_ONLY.captures(line)?.get(1)?.as_str()
    };
    Some(Header {
        speaker: Some(speaker),
        start: None,
        text: "",
    })
}

/// The name of a `Name:` line read by hand, as [`NAMES_ONLY`] with ASCII
/// classes reads any line: a name, any spaces, the colon, the end.
fn ascii_names_only(line: &str) -> Option<&str> {
    let name_len = ascii_name_len(line.as_bytes());
    let tail = skip_ascii_spaces(&line[name_len..]);
    (name_len > 0 && tail == ":").then(|| &line[..name_len])
}

/// A quick no for lines [`NAMES_ONLY`] cannot match, such as every
/// `Name (time):` line of dialect A: an ASCII first char that is not an
/// upper-case letter, or an ASCII char the pattern has no place for.
/// Non-ASCII chars are left to the regex.
///
/// Also no when the name, before the `:` and any ASCII spaces, is not one
/// to four words split by single spaces, each starting with a capital (or
/// a non-ASCII char): a text line such as `And she said, “here’s how”:`
/// would otherwise need the Unicode build of the regex, whose compilation
/// costs more than searching an episode.
fn could_be_name(line: &str) -> bool {
    let allowed =
        |b: u8| b.is_ascii_alphanumeric() || b.is_ascii_whitespace() || b"'.-:".contains(&b);
    let capital = |word: &str| {
        word.as_bytes()
            .first()
            .is_some_and(|&b| !b.is_ascii() || b.is_ascii_uppercase())
    };
    let name = line.strip_suffix(':').unwrap_or(line).trim_ascii_end();
    // The byte test first, on the name's last byte (the `)` of every
    // `Name (time):` line) before all of them: it is the cheaper.
    let ok = |b: &u8| !b.is_ascii() || allowed(*b);
    if !name.as_bytes().last().is_none_or(ok) || !line.as_bytes().iter().all(ok) {
        return false;
    }
    name.split(' ').count() <= 4 && name.split(' ').all(capital)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`speaker_times_header_trimmed`] of any line.
    fn speaker_times_header(line: &str) -> Option<Header<'_>> {
        speaker_times_header_trimmed(line.trim())
    }

    /// [`inline_times_header_trimmed`] of any line.
    fn inline_times_header(line: &str) -> Option<Header<'_>> {
        inline_times_header_trimmed(line.trim())
    }

    /// [`names_only_header_trimmed`] of any line.
    fn names_only_header(line: &str) -> Option<Header<'_>> {
        names_only_header_trimmed(line.trim())
    }

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
            "12:34",
            "99:99:99",
            "0a:00:00",
            "00:0a",
            "x12:34",
            "1:23:45",
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
            "And she said, “here’s how”:",
            "One Two Three Four:",
            "One Two Three Four Five:",
            "One  Two:",
            "One two:",
            "Ève é:",
            "Lenny \u{a0}:",
            "Lenny\u{a0} :",
            "Lenny   :",
            "A:",
            ":",
            "Él Ñu Ça Ök Ü:",
            "Él Ñu Ça Ök Ü Ä:",
        ] {
            let by_regex = NAMES_ONLY.captures(line).is_some();
            assert_eq!(names_only_header(line).is_some(), by_regex, "{line:?}");
            let inline = format!("[00:01] {line}");
            let by_regex = INLINE_TIMES
                .captures(&inline)
                .map(|c| c.get(2).map(|m| m.range()));
            let by_hand = inline_times_header(&inline).map(|h| h.speaker);
            assert_eq!(by_hand.is_some(), by_regex.is_some(), "{inline:?}");
        }
    }

    /// [`NAME`] with every class cut down to its ASCII members: on an ASCII
    /// line it matches exactly where [`NAME`] does (`\p{Lu}` is `A-Z` there,
    /// `\p{L}` `A-Za-z`, `\p{N}` `0-9`, `\p{M}` and `’` nothing).
    const ASCII_NAME: &str = r"[A-Z][A-Za-z0-9'.\-]*(?: [A-Z][A-Za-z0-9'.\-]*){0,3}";

    /// `\s` and `\d` on ASCII text: Unicode's White_Space and Nd there.
    const ASCII_SPACE: &str = r"[\t\n\x0B\x0C\r ]";
    const ASCII_DIGIT: &str = "[0-9]";

    /// The header regexes with ASCII classes: what the hand readers
    /// ([`ascii_inline_times`], [`ascii_names_only`]) must read on any line
    /// (they once were the scan's ASCII builds).
    static ASCII_INLINE_TIMES: HeaderRegex =
        LazyLock::new(|| build(&inline_times_pattern(ASCII_NAME, ASCII_SPACE, ASCII_DIGIT)));
    static ASCII_NAMES_ONLY: HeaderRegex =
        LazyLock::new(|| build(&names_only_pattern(ASCII_NAME, ASCII_SPACE)));

    /// Every group's span where `regex` matches `line`.
    fn capture_spans(regex: &Regex, line: &str) -> Option<Vec<Option<Range<usize>>>> {
        regex
            .captures(line)
            .map(|c| c.iter().map(|m| m.map(|m| m.range())).collect())
    }

    /// The hand readers read `line` as the ASCII regexes do.
    fn assert_hand_reads_as_the_ascii_regexes(line: &str) {
        let by_regex = ASCII_INLINE_TIMES.captures(line).and_then(|caps| {
            Some(Header {
                speaker: caps.get(2).map(|m| m.as_str()),
                start: Some(parse_stamp(caps.get(1)?.as_str())?),
                text: &line[caps.get(0)?.end()..],
            })
        });
        assert_eq!(ascii_inline_times(line), by_regex, "{line:?}");
        let by_regex = ASCII_NAMES_ONLY
            .captures(line)
            .and_then(|caps| Some(caps.get(1)?.as_str()));
        assert_eq!(ascii_names_only(line), by_regex, "{line:?}");
    }

    /// The ASCII builds of the header regexes capture exactly what the
    /// Unicode builds do, on ASCII lines made of the pieces headers are
    /// (and, for inline times, on lines it reads only ASCII of); the hand
    /// readers read every such line, and the others, as the ASCII builds.
    #[test]
    fn ascii_header_regexes_agree_with_the_unicode_ones() {
        let pieces = [
            "[", "]", "00", "1", ":", " ", "  ", "\t", "\x0b", "Lenny", "Dr.", "O'Brien",
            "Fei-Fei", "a", "Z9", "_", "x:", "\r", "(", "A", "b c", "1234", "\x0c",
        ];
        let (mut checked, mut mixed) = (0, 0);
        let mut state = 12345u64;
        for _ in 0..20_000 {
            let mut line = String::new();
            for _ in 0..(state % 9) {
                state = crate::test_support::lcg_next(state);
                line.push_str(pieces[(state >> 33) as usize % pieces.len()]);
            }
            for (ascii, unicode) in [
                (&ASCII_INLINE_TIMES, &INLINE_TIMES),
                (&ASCII_NAMES_ONLY, &NAMES_ONLY),
            ] {
                assert_eq!(
                    capture_spans(ascii, &line),
                    capture_spans(unicode, &line),
                    "{line:?}"
                );
            }
            assert_hand_reads_as_the_ascii_regexes(&line);
            for prefix in ["[00:01] ", "[1:02:03]\t", "[00:01] Lé: ", "[00:01]\u{a0}"] {
                let tail = [
                    "’",
                    " ’",
                    "\u{a0}x",
                    " \u{b}é",
                    "x é",
                    " ",
                    " …",
                    " \u{2003}x",
                ][checked % 8];
                let mixed_line = format!("{prefix}{line}:{tail}");
                assert_hand_reads_as_the_ascii_regexes(&mixed_line);
                if inline_reads_only_ascii(&mixed_line) {
                    assert_eq!(
                        capture_spans(&ASCII_INLINE_TIMES, &mixed_line),
                        capture_spans(&INLINE_TIMES, &mixed_line),
                        "{mixed_line:?}"
                    );
                    mixed += 1;
                }
                let line = format!("{prefix}{line}");
                assert_hand_reads_as_the_ascii_regexes(&line);
                if !line.is_ascii() {
                    continue;
                }
                let spans = |r: &Regex| r.captures(&line).map(|c| c.get(2).map(|m| m.range()));
                assert_eq!(spans(&ASCII_INLINE_TIMES), spans(&INLINE_TIMES), "{line:?}");
            }
            checked += 1;
        }
        assert_eq!(checked, 20_000);
        assert!(mixed > 1000, "{mixed}");
    }

    /// The hand readers on header-shaped lines: names of up to five words,
    /// spaces of every kind before and after the colon, good and bad times.
    #[test]
    fn hand_readers_agree_with_the_ascii_regexes_on_headers() {
        let names = [
            "",
            "Lenny",
            "Dr. Fei-Fei Li",
            "O'Brien",
            "A B C D",
            "A B C D E",
            "a b",
            "A  B",
            "A\tB",
            "A_B",
            "A1 B2 C-3",
            "Lé",
            "Ève",
            "A B\u{a0}C",
            "A B ",
        ];
        let spacers = ["", " ", "\x0b", "\t ", "\u{a0}"];
        let afters = ["", " ", "x", "\x0b", "\x0c y", ":", "’", " ’", "\u{2003}"];
        let times = [
            "[00:01] ",
            "[ 1:02:03 ]",
            "[1234:00] ",
            "[1:2:3:4]",
            "[00:01]",
            "[\x0b00:01\x0b]\x0b",
            "[1:] ",
            "[:1] ",
            "[12] ",
        ];
        let mut checked = 0;
        for name in names {
            for spacer in spacers {
                for after in afters {
                    let line = format!("{name}{spacer}:{after}");
                    assert_hand_reads_as_the_ascii_regexes(&line);
                    for time in times {
                        assert_hand_reads_as_the_ascii_regexes(&format!("{time}{line}"));
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 5000, "{checked}");
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
        assert!(inline_times_header("[ laughs] she’s").is_none());
        for line in [
            "[\u{a0}00:01] x",
            "[١:٢] x",
            "[ \t00:01] x",
            "[]",
            "[",
            "[x",
        ] {
            let by_regex = INLINE_TIMES.captures(line).is_some();
            let by_hand = inline_times_header(line).is_some();
            // The time must also parse; the regex alone may say yes.
            assert!(by_regex || !by_hand, "{line:?}");
            if line
                .trim_start_matches(['[', ' ', '\t'])
                .starts_with(|c: char| c.is_ascii_alphabetic())
            {
                assert!(!by_regex, "{line:?}");
            }
        }
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
}
