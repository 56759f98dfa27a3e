//! A proof, from a JSON file's bytes alone, that reading it gives an
//! episode and no refusal, for the one shape most JSON transcripts have:
//! a Podcasting 2.0 object written plainly. With it, `earmark search`
//! skips a JSON file that [`super::json_prefilter`] shows cannot match
//! without parsing it at all (parsing cost ten times the bytes' search);
//! [`reads_without_match`] makes both checks in one pass.
//!
//! [`reads_as_podcasting20`] accepts only bytes of this grammar (JSON
//! whitespace between tokens, as serde_json takes it):
//!
//! ```text
//! file    = "{" pair ("," pair)* "}"   keys: "segments" once, "version" at most once
//! pair    = "version" ":" string  |  "segments" ":" "[" item ("," item)* "]"
//! item    = "{" (field ("," field)*)? "}"   each key at most once
//! field   = ("speaker" | "body") ":" string  |  ("startTime" | "endTime") ":" number
//! string  = '"' (a byte >= 0x20 but '"' and '\', or "\n", "\"", or "\u" and 4 hex digits of an ASCII char but a control) '"'
//! number  = "-"? ("0" | [1-9][0-9]{0,14}) ("." [0-9]{1,15})?
//! ```
//!
//! and asks that one of the first 20 items (the reader's shape sample)
//! holds a `body`, and that some item names a speaker with a letter or
//! digit (no escape in it). Why such a file reads, given UTF-8 bytes with
//! no control char but line ends (which [`CueFilter::raw_clear`] checks,
//! and the scanner counts on): decoding keeps it as it
//! is but for line ends (`\r` is only whitespace between tokens here);
//! detection calls text starting with `{` JSON; serde_json parses it
//! (valid JSON, depth 3, every string valid UTF-8 with valid escapes, no
//! number out of range, no key twice in an item, which the item reader
//! refuses); the top level has neither `transcription`, `chunks` nor
//! `events`, so its `segments` decide, and a sample item with a `body`
//! makes them Podcasting 2.0; every item becomes a fragment, so the reader
//! has one and keeps it; and the named speaker (a trimmed name that is not
//! empty) gives merging a speaker, so it does not refuse the file.
//!
//! [`CueFilter::raw_clear`]: super::cue_prefilter::CueFilter::raw_clear

use super::fragment_prefilter::FragmentFilter;
use super::json_prefilter::{plain_escape, value_ends_clear};
use crate::formats::json::SHAPE_SAMPLE;

/// Whether `bytes` are a Podcasting 2.0 object of the module's grammar
/// that reading turns into an episode. For bytes that are UTF-8 and hold
/// no control char but line feeds and `\r` before them (what
/// [`needs_cleaning`] passes): others are not looked for.
///
/// [`needs_cleaning`]: crate::episode::text::needs_cleaning
pub fn reads_as_podcasting20(bytes: &[u8]) -> bool {
    let mut scan = PodcastingScan {
        bytes,
        at: 0,
        filter: None,
    };
    scan.top_level().is_some()
}

/// [`reads_as_podcasting20`], and every `body` is clear for `filter` as
/// [`super::json_prefilter`] asks of every string (its escapes plain, its
/// end no start of a match): the bodies are the only strings this reader
/// makes text of (`speaker` names a speaker, `version` is metadata). One
/// pass over the bytes instead of two.
pub fn reads_without_match(bytes: &[u8], filter: &FragmentFilter) -> bool {
    let mut scan = PodcastingScan {
        bytes,
        at: 0,
        filter: Some(filter),
    };
    scan.top_level().is_some()
}

/// Where a scan is in the bytes.
struct PodcastingScan<'b> {
    bytes: &'b [u8],
    at: usize,
    /// The bodies must be clear for it, if any.
    filter: Option<&'b FragmentFilter>,
}

/// What the `segments` showed.
#[derive(Default)]
struct Items {
    count: usize,
    /// A sample item holds a `body`.
    shaped: bool,
    /// Some item names a speaker.
    speaker: bool,
}

impl<'b> PodcastingScan<'b> {
    /// The whole file: `Some` when it is of the grammar and reads.
    fn top_level(&mut self) -> Option<()> {
        self.expect(b'{')?;
        let (mut version, mut items) = (false, None);
        loop {
            match self.string()? {
                b"version" if !version => {
                    version = true;
                    self.expect(b':')?;
                    self.string()?;
                }
                b"segments" if items.is_none() => {
                    self.expect(b':')?;
                    items = Some(self.segments()?);
                }
                _ => return None,
            }
            if !self.comma_or(b'}')? {
                break;
            }
        }
        self.skip_whitespace();
        let items = items?;
        let reads = self.at == self.bytes.len() && items.count > 0 && items.shaped;
        (reads && items.speaker).then_some(())
    }

    /// The `segments` array.
    fn segments(&mut self) -> Option<Items> {
        self.expect(b'[')?;
        let mut items = Items::default();
        loop {
            let (body, speaker) = self.item()?;
            items.shaped |= body && items.count < SHAPE_SAMPLE;
            items.speaker |= speaker;
            items.count += 1;
            if !self.comma_or(b']')? {
                return Some(items);
            }
        }
    }

    /// One item: whether it holds a `body`, and names a speaker.
    fn item(&mut self) -> Option<(bool, bool)> {
        self.expect(b'{')?;
        let mut seen = [false; 4];
        let mut speaker = false;
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Some((false, false));
        }
        loop {
            let index = self.field()?;
            if std::mem::replace(&mut seen[index], true) {
                return None;
            }
            self.expect(b':')?;
            if index < 2 {
                let value = self.string()?;
                let filter = self.filter.filter(|_| index == 1);
                if filter.is_some_and(|filter| !body_clear(value, filter)) {
                    return None;
                }
                // Asked of a speaker only: a body is long, and this was a
                // tenth of ruling a JSON file out.
                let named =
                    || !value.contains(&b'\\') && value.iter().any(u8::is_ascii_alphanumeric);
                speaker |= index == 0 && named();
            } else {
                self.number()?;
            }
            if !self.comma_or(b'}')? {
                return Some((seen[1], speaker));
            }
        }
    }

    /// An item's key: which of [`FIELDS`] it is. Each is looked for as it
    /// is written, quotes and all, before the string is read as any
    /// other: most keys are one of them, and `string`'s search for the
    /// closing quote was a sixth of ruling a JSON file out. (A key
    /// written with an escape is read as a string, and is none of them,
    /// as before.)
    fn field(&mut self) -> Option<usize> {
        self.skip_whitespace();
        let rest = &self.bytes[self.at..];
        let quoted = |field: &[u8]| {
            let inner = rest.get(1..1 + field.len())?;
            let close = rest.get(1 + field.len())?;
            (rest[0] == b'"' && inner == field && *close == b'"').then_some(field.len() + 2)
        };
        if let Some((index, len)) = FIELDS
            .iter()
            .enumerate()
            .find_map(|(i, f)| Some((i, quoted(f)?)))
        {
            self.at += len;
            return Some(index);
        }
        let key = self.string()?;
        FIELDS.iter().position(|&field| field == key)
    }

    /// A string token; its bytes between the quotes.
    fn string(&mut self) -> Option<&'b [u8]> {
        self.expect(b'"')?;
        let start = self.at;
        loop {
            self.at = next_special(self.bytes, self.at);
            match *self.bytes.get(self.at)? {
                b'"' => break,
                b'\\' => self.at += escape_len(&self.bytes[self.at..])?,
                _ => return None,
            }
        }
        self.at += 1;
        let bytes = self.bytes;
        Some(&bytes[start..self.at - 1])
    }

    /// A number token of the grammar's small kind.
    fn number(&mut self) -> Option<()> {
        self.skip_whitespace();
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        let whole = self.digits();
        let leading_zero = whole > 1 && self.bytes[self.at - whole] == b'0';
        if whole == 0 || whole > 15 || leading_zero {
            return None;
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            let fraction = self.digits();
            if fraction == 0 || fraction > 15 {
                return None;
            }
        }
        // An exponent or any other char goes on to `comma_or`, which
        // wants `,` or a closing bracket.
        Some(())
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
        self.at - start
    }

    /// After a value: `Some(true)` for a `,`, `Some(false)` for `close`.
    fn comma_or(&mut self, close: u8) -> Option<bool> {
        self.skip_whitespace();
        let next = self.peek()?;
        self.at += 1;
        match next {
            b',' => Some(true),
            b if b == close => Some(false),
            _ => None,
        }
    }

    /// The next token is `token` (one byte): step over it.
    fn expect(&mut self, token: u8) -> Option<()> {
        self.skip_whitespace();
        (self.peek() == Some(token)).then(|| self.at += 1)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    /// JSON's whitespace: space, tab, line feed, carriage return.
    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }
}

/// Whether a body's text cannot hold a match nor the start of one
/// running on into the next (see [`super::json_prefilter`]).
fn body_clear(value: &[u8], filter: &FragmentFilter) -> bool {
    memchr::memchr_iter(b'\\', value).all(|at| plain_escape(&value[at..]))
        && value_ends_clear(value, filter)
}

/// The first `"`, `\\` or line feed from `from`, or the length: the only
/// bytes a string cannot hold as they are, in bytes with no other control
/// char (the caller's promise; a `\r` comes before a line feed).
fn next_special(bytes: &[u8], from: usize) -> usize {
    let rest = bytes.get(from..).unwrap_or_default();
    from + memchr::memchr3(b'"', b'\\', b'\n', rest).unwrap_or(rest.len())
}

/// The keys of an item: strings first, then numbers.
const FIELDS: [&[u8]; 4] = [b"speaker", b"body", b"startTime", b"endTime"];

/// The length of the escape `escape` starts with (from its `\`), when it
/// is `\n`, `\"`, or a `\u` one of an ASCII char that is no control.
fn escape_len(escape: &[u8]) -> Option<usize> {
    match escape.get(1)? {
        b'n' | b'"' => Some(2),
        b'u' => {
            let hex = std::str::from_utf8(escape.get(2..6)?).ok()?;
            let code = u32::from_str_radix(hex, 16).ok()?;
            (0x20..0x7f).contains(&code).then_some(6)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = r#"{"version":"1.0.0","segments":[{"speaker":"Ann","startTime":0.5,"endTime":2,"body":"Hi."}]}"#;

    #[test]
    fn a_plain_podcasting20_object_reads() {
        assert!(reads_as_podcasting20(ONE.as_bytes()));
        let spaced =
            " {\r\n \"segments\" : [ { \"body\" : \"a\\n\" , \"speaker\" : \"B\" } , {} ]\t} \n";
        assert!(reads_as_podcasting20(spaced.as_bytes()));
    }

    #[test]
    fn anything_outside_the_grammar_is_not_proved() {
        for other in [
            r#"{"segments":[]}"#,
            r#"{"segments":[{"speaker":"Ann","startTime":1}]}"#,
            r#"{"segments":[{"speaker":" ","body":"x"}]}"#,
            r#"{"segments":[{"speaker":"\u0041","body":"x"}]}"#,
            r#"{"segments":[{"speaker":"Ann","body":"x","body":"y"}]}"#,
            r#"{"segments":[{"speaker":"Ann","body":"x","startTime":01}]}"#,
            r#"{"segments":[{"speaker":"Ann","body":"x","startTime":1e999}]}"#,
            r#"{"segments":[{"speaker":"Ann","body":"x","startTime":"1"}]}"#,
            r#"{"segments":[{"speaker":"Ann","body":"x","words":[]}]}"#,
            r#"{"segments":[{"spe\u0061ker":"Ann","body":"x"}]}"#,
            r#"{"segments":[{"speakers":"Ann","body":"x"}]}"#,
            r#"{"segments":[{"speaker":"Ann","body":"x","body"#,
            r#"{"segments":[{"speaker":"Ann","body":"a\tb"}]}"#,
            r#"{"segments":[{"speaker":"Ann","body":"a\u0007"}]}"#,
            r#"{"segments":[{"speaker":"Ann","body":"x"}],"events":[]}"#,
            r#"{"segments":[{"speaker":"Ann","body":"x"}],"segments":[]}"#,
            r#"{"segments":[{"speaker":"Ann","body":"x"}]} x"#,
            r#"{"segments":[{"speaker":"Ann","body":"x"}]"#,
            r#"{"segments":[{"speaker":"Ann","body":"x"},]}"#,
            r#"[{"speaker":"Ann","body":"x"}]"#,
        ] {
            assert!(!reads_as_podcasting20(other.as_bytes()), "{other}");
        }
    }

    /// Only the bodies are text: a speaker may end with the start of a
    /// word, a body may not, nor hide one behind an escape.
    #[test]
    fn the_bodies_must_be_clear_of_the_pattern() {
        let query = crate::search::Query::parse("zebra", Default::default()).expect("valid");
        let filter = FragmentFilter::for_query(&query).expect("a filter");
        let file = |speaker: &str, body: &str| {
            format!(
                r#"{{"segments":[{{"speaker":"{speaker}","body":"{body}"}},{{"body":"bra"}}]}}"#
            )
        };
        let clear = |json: String| reads_without_match(json.as_bytes(), &filter);
        assert!(clear(file("Ze", "a cat\\n")));
        assert!(!clear(file("Ann", "a ze")));
        assert!(!clear(file("Ann", "a ze\\n")));
        assert!(!clear(file("Ann", "a \\u0063at")));
        assert!(clear(file("Ann", "a \\u0026 cat")));
    }

    /// The shape is judged on the first 20 items.
    #[test]
    fn a_body_must_come_in_the_sample() {
        let timed = r#"{"speaker":"Ann","startTime":1}"#;
        let late = format!(
            r#"{{"segments":[{},{{"body":"x"}}]}}"#,
            vec![timed; SHAPE_SAMPLE].join(",")
        );
        assert!(!reads_as_podcasting20(late.as_bytes()));
        let early = late.replacen(timed, r#"{"speaker":"Ann","body":"y"}"#, 1);
        assert!(reads_as_podcasting20(early.as_bytes()));
    }
}
