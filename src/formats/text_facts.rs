//! What the merge needs to know of a fragment's text, found in one pass
//! over it while it is fresh in the cache (as a reader hands it over),
//! so that the merge's walks over a million fragments need not read
//! their texts again: whether hygiene may change it, whether it is blank,
//! ASCII, one line, single-spaced, and how many sentence marks it holds.

/// Facts about one text, as bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TextFacts(u8);

impl TextFacts {
    /// The facts were worked out (a fragment pushed some other way than
    /// through [`super::fragment::Reading`]'s methods has none).
    const KNOWN: u8 = 1;
    /// Only whitespace, or nothing.
    const BLANK: u8 = 1 << 1;
    /// Every byte is ASCII.
    const ASCII: u8 = 1 << 2;
    /// May hold a `\n`.
    const NEWLINE: u8 = 1 << 3;
    /// May hold two spaces in a row.
    const DOUBLE_SPACE: u8 = 1 << 4;
    /// Holds a byte hygiene may change (a control character other than
    /// `\n`, DEL, or any non-ASCII byte).
    const UNCLEAN: u8 = 1 << 5;

    /// Facts not worked out.
    pub const UNKNOWN: TextFacts = TextFacts(0);

    /// The facts of `text`, and its sentence marks.
    pub fn of(text: &str) -> (TextFacts, usize) {
        let scan = scan(text.as_bytes());
        let mut bits = Self::KNOWN;
        let set = |on: bool, bit: u8| if on { bit } else { 0 };
        bits |= set(is_blank(text), Self::BLANK);
        bits |= set(scan.high < 0x80, Self::ASCII);
        bits |= set(scan.newline, Self::NEWLINE);
        bits |= set(scan.double_space, Self::DOUBLE_SPACE);
        bits |= set(scan.unclean, Self::UNCLEAN);
        let marks = if scan.high < 0x80 {
            scan.ascii_marks
        } else {
            scan.ascii_marks + non_ascii_marks(text)
        };
        (TextFacts(bits), marks)
    }

    /// [`TextFacts::of`] for a word-level file's pieces: a word of up to
    /// [`WORD_BYTES`] visible ASCII bytes (nearly every one) is known by
    /// one early-exit look at its bytes (the chunked vector loop of
    /// [`TextFacts::of`] costs more to set up than such a word); any
    /// other text is looked at as [`TextFacts::of`] does. The same facts
    /// either way.
    pub fn of_word(text: &str) -> (TextFacts, usize) {
        let bytes = text.as_bytes();
        if bytes.is_empty() || bytes.len() > WORD_BYTES {
            return Self::of(text);
        }
        let mut marks = 0;
        for &b in bytes {
            if !(0x21..0x7f).contains(&b) {
                return Self::of(text);
            }
            marks += usize::from(matches!(b, b'.' | b'?' | b'!'));
        }
        // Not blank, ASCII, one line, no space at all, nothing unclean.
        (TextFacts(Self::KNOWN | Self::ASCII), marks)
    }

    /// The facts of `left` followed by `right`, whose own facts these
    /// are (`left_text` and `right_text` only for the spaces where they
    /// meet).
    pub fn joined(self, left_text: &str, right: TextFacts, right_text: &str) -> TextFacts {
        if !self.known() || !right.known() {
            return TextFacts::UNKNOWN;
        }
        let both = |bit: u8| (self.0 & right.0) & bit;
        let either = (self.0 | right.0) & (Self::NEWLINE | Self::DOUBLE_SPACE | Self::UNCLEAN);
        let meet = left_text.ends_with(' ') && right_text.starts_with(' ');
        let meet = if meet { Self::DOUBLE_SPACE } else { 0 };
        TextFacts(Self::KNOWN | both(Self::BLANK | Self::ASCII) | either | meet)
    }

    /// Whether these were worked out.
    pub fn known(self) -> bool {
        self.0 & Self::KNOWN != 0
    }

    /// Only whitespace, or nothing.
    pub fn blank(self) -> bool {
        self.0 & Self::BLANK != 0
    }

    /// Every byte is ASCII.
    pub fn ascii(self) -> bool {
        self.0 & Self::ASCII != 0
    }

    /// No `\n` and no two spaces in a row: the text's words need no
    /// tidying inside.
    pub fn one_line_single_spaced(self) -> bool {
        self.0 & (Self::NEWLINE | Self::DOUBLE_SPACE) == 0
    }

    /// Whether hygiene may change the text.
    pub fn unclean(self) -> bool {
        self.0 & Self::UNCLEAN != 0
    }
}

/// The longest text [`TextFacts::of_word`] looks at byte by byte.
pub const WORD_BYTES: usize = 24;

/// Whether `text` is only whitespace, or nothing: `text.trim().is_empty()`,
/// answered by the first byte for a text that starts with a visible
/// ASCII character (nearly every one).
fn is_blank(text: &str) -> bool {
    match text.as_bytes().first() {
        Some(&b) if b.is_ascii() && !b.is_ascii_whitespace() && b != 0x0B => false,
        _ => text.trim().is_empty(),
    }
}

/// What one look at every byte finds.
#[derive(Default)]
struct ByteSurvey {
    ascii_marks: usize,
    /// Every byte OR-ed: at or above 0x80 when any is not ASCII.
    high: u8,
    newline: bool,
    double_space: bool,
    unclean: bool,
}

/// Bytes [`ByteSurvey::add`] looks at in one go: a fixed count, so that
/// the look is a few vector steps with no loop set-up and no byte-by-byte
/// tail (the tail of a caption's text cost as much as the rest).
const LANES: usize = 32;

/// What pads a text's last chunk: a byte that is no mark, no space, no
/// line break, nothing unclean, and ASCII, so it changes no fact.
const PAD: u8 = b'a';

impl ByteSurvey {
    /// Looks at `LANES` bytes, each with the byte after it (for two
    /// spaces in a row), with comparisons rather than a `match` or an
    /// early exit, so that it is a vector loop.
    fn add(&mut self, chunk: &[u8; LANES], next: &[u8; LANES]) {
        let (mut marks, mut lines, mut controls, mut doubles) = (0u8, 0u8, 0u8, 0u8);
        for (&b, &next) in chunk.iter().zip(next) {
            marks += u8::from(b == b'.') + u8::from(b == b'?') + u8::from(b == b'!');
            lines |= u8::from(b == b'\n');
            controls |= u8::from((b < 0x20) & (b != b'\n')) | u8::from(b == 0x7f);
            doubles |= u8::from(b == b' ') & u8::from(next == b' ');
            self.high |= b;
        }
        self.ascii_marks += usize::from(marks);
        self.newline |= lines != 0;
        self.unclean |= controls != 0;
        self.double_space |= doubles != 0;
    }
}

/// One pass over `bytes`, [`LANES`] at a time (each byte beside the
/// next); the last chunk, and the byte after it, padded with [`PAD`].
fn scan(bytes: &[u8]) -> ByteSurvey {
    let mut survey = ByteSurvey::default();
    let mut at = 0;
    // Whole chunks with a byte after them.
    while let (Some(chunk), Some(next)) =
        (bytes.get(at..at + LANES), bytes.get(at + 1..at + 1 + LANES))
    {
        survey.add(as_lanes(chunk), as_lanes(next));
        at += LANES;
    }
    if at < bytes.len() {
        let rest = &bytes[at..];
        let mut chunk = [PAD; LANES];
        let mut next = [PAD; LANES];
        chunk[..rest.len()].copy_from_slice(rest);
        next[..rest.len() - 1].copy_from_slice(&rest[1..]);
        survey.add(&chunk, &next);
    }
    survey.unclean |= survey.high >= 0x80;
    survey
}

/// A slice of [`LANES`] bytes as an array.
fn as_lanes(bytes: &[u8]) -> &[u8; LANES] {
    bytes.try_into().unwrap_or(&[PAD; LANES])
}

/// Sentence marks outside ASCII.
fn non_ascii_marks(text: &str) -> usize {
    let marks = text
        .chars()
        .filter(|&c| !c.is_ascii() && is_sentence_mark(c));
    marks.count()
}

/// How many sentence marks `text` has ([`is_sentence_mark`]).
pub fn count_sentence_marks(text: &str) -> usize {
    TextFacts::of(text).1
}

/// A mark that ends a sentence.
pub fn is_sentence_mark(c: char) -> bool {
    matches!(c, '.' | '?' | '!' | '…' | '。' | '？' | '！')
}

/// Whether two spaces follow each other somewhere in `bytes`.
pub fn has_double_space(bytes: &[u8]) -> bool {
    let next = bytes.get(1..).unwrap_or_default();
    // OR-ed as bytes, not `bool`s: a vector loop.
    let pairs = bytes.iter().zip(next);
    pairs.fold(0u8, |any, (&a, &b)| {
        any | (u8::from(a == b' ') & u8::from(b == b' '))
    }) != 0
}

/// The texts' length and sentence marks, summed as they are kept: the
/// segmenter sizes itself by them.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub bytes: usize,
    pub sentence_marks: usize,
}

impl Counts {
    /// Counts a text of `bytes` with `marks` sentence marks.
    pub fn add(&mut self, bytes: usize, marks: usize) {
        self.bytes += bytes;
        self.sentence_marks += marks;
    }

    /// Uncounts what [`Counts::add`] counted.
    pub fn remove(&mut self, bytes: usize, marks: usize) {
        self.bytes = self.bytes.saturating_sub(bytes);
        self.sentence_marks = self.sentence_marks.saturating_sub(marks);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Facts worked out the slow, obvious way.
    fn obvious(text: &str) -> (bool, bool, bool, bool, usize) {
        let unclean = text
            .chars()
            .any(|c| (c.is_control() && c != '\n') || !c.is_ascii());
        let marks = text.chars().filter(|&c| is_sentence_mark(c)).count();
        (
            text.trim().is_empty(),
            text.is_ascii(),
            !text.contains('\n') && !text.contains("  "),
            unclean,
            marks,
        )
    }

    fn facts(text: &str) -> (bool, bool, bool, bool, usize) {
        let (f, marks) = TextFacts::of(text);
        assert!(f.known());
        (
            f.blank(),
            f.ascii(),
            f.one_line_single_spaced(),
            f.unclean(),
            marks,
        )
    }

    const TEXTS: [&str; 14] = [
        "",
        " ",
        "\u{3000}",
        "Hello there. How?",
        "a  b",
        "a\nb",
        "bell\x07",
        "del\x7f",
        "café…",
        "终于。好！",
        " lead",
        "trail ",
        "tab\there",
        "\u{a0}",
    ];

    #[test]
    fn one_pass_finds_what_the_obvious_checks_find() {
        let long = "x. ".repeat(200) + "  " + &"y".repeat(300);
        for text in TEXTS.iter().copied().chain([long.as_str()]) {
            assert_eq!(facts(text), obvious(text), "{text:?}");
        }
    }

    #[test]
    fn two_spaces_are_found_on_either_side_of_a_chunk_boundary() {
        for at in [0, 1, 126, 127, 128, 129, 254, 255, 256] {
            for len in [at + 2, at + 3, 257, 300] {
                let mut text = "w".repeat(len.max(at + 2));
                text.replace_range(at..at + 2, "  ");
                assert_eq!(facts(&text), obvious(&text), "at {at} of {len}");
                text.replace_range(at..at + 1, "w");
                assert_eq!(facts(&text), obvious(&text), "one space at {at}");
            }
        }
        for text in ["\x0b", "\x0bx", "\x0c", "\r", ".", " .", "x "] {
            assert_eq!(facts(text), obvious(text), "{text:?}");
        }
    }

    #[test]
    fn word_facts_are_the_facts() {
        let long = "x. ".repeat(200) + "  " + &"y".repeat(300);
        for text in TEXTS.iter().copied().chain([long.as_str()]) {
            assert_eq!(TextFacts::of_word(text), TextFacts::of(text), "{text:?}");
        }
        // Every text of up to six bytes drawn from a few telling ones.
        let alphabet = [
            " ", "\n", "\t", "\x7f", ".", "?", "!", "a", "é", "。", "\u{3000}",
        ];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..50_000 {
            state = crate::test_support::xorshift_next(state);
            let len = (state % 7) as usize;
            let text: String = (0..len)
                .map(|i| alphabet[((state >> (i * 4 + 3)) % alphabet.len() as u64) as usize])
                .collect();
            assert_eq!(TextFacts::of_word(&text), TextFacts::of(&text), "{text:?}");
        }
    }

    #[test]
    fn joined_facts_are_those_of_the_joined_text() {
        for left in TEXTS {
            for right in TEXTS {
                let joined = TextFacts::of(left)
                    .0
                    .joined(left, TextFacts::of(right).0, right);
                let whole = TextFacts::of(&format!("{left}{right}")).0;
                // The "may hold" bits may be set where the text has none;
                // here each is exact.
                assert_eq!(joined, whole, "{left:?} + {right:?}");
            }
        }
        let unknown = TextFacts::UNKNOWN.joined("", TextFacts::of("a").0, "a");
        assert!(!unknown.known());
    }
}
