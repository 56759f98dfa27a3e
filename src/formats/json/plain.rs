//! A scanner for JSON transcripts written plainly: the common shapes
//! (Podcasting 2.0, Whisper `segments`, bare subtitle arrays, YouTube
//! `json3`) read straight from the bytes, into the same items the serde
//! reader builds, at a fraction of serde's per-value cost.
//!
//! It reads only what it can read exactly as serde_json does: any value,
//! key or layout it is not sure of (a number with an exponent, a repeated
//! key, a surrogate escape, a list of something else than objects, an
//! unknown producer's key, a syntax error) stops it, and the serde reader
//! reads the whole file instead. So a file has one reading and one error
//! message whichever path read it; `tests` and the fuzz target
//! `read_json` hold the two paths to the same readings.

use std::borrow::Cow;

use serde::de::IgnoredAny;

use super::items::JsonItem;
use super::parse_with_serde;
use super::sampled::Sampled;
use super::scalar::{List, Scalar};
use super::youtube::{Event, Seg};
use super::{Top, array_shape, events_shape, object_shape, read_array, read_object};
use crate::formats::Refusal;
use crate::formats::fragment::Reading;

/// Reads `text` when it is written plainly; `None` when the serde reader
/// must read it.
pub fn read(text: &str) -> Option<Result<Reading<'_>, Refusal>> {
    let trimmed = text.trim_start();
    let mut scan = PlainScan {
        bytes: trimmed.as_bytes(),
        text: trimmed,
        at: 0,
    };
    let read = if trimmed.starts_with('[') {
        let mut segments = Sampled::new(array_shape, text);
        let mut item = JsonItem::default();
        scan.list(|scan| {
            scan.item(&mut item)?;
            segments.push(&item);
            Some(())
        })?;
        read_array(segments.finish())
    } else {
        read_object(scan.top(text)?)
    };
    scan.space();
    (scan.at == scan.bytes.len()).then_some(read)
}

/// The powers of ten serde_json divides a decimal's digits by (each
/// exactly a double).
const POW10: [f64; 19] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18,
];

/// Digits a number may have here: its digits fit a `u64` as they do in
/// serde_json's reading, which is then the same arithmetic.
const MAX_DIGITS: usize = 18;

/// A position in a plainly written JSON file, and the file.
struct PlainScan<'a> {
    bytes: &'a [u8],
    text: &'a str,
    at: usize,
}

impl<'a> PlainScan<'a> {
    /// The top-level object, as `TopVisitor` reads it.
    fn top(&mut self, input: &'a str) -> Option<Top<'a>> {
        let mut top = Top::default();
        self.object(|scan, key| {
            match key {
                "segments" if top.segments.is_none() => {
                    let mut list = Sampled::new(object_shape, input);
                    let mut item = JsonItem::default();
                    scan.list(|scan| {
                        scan.item(&mut item)?;
                        list.push(&item);
                        Some(())
                    })?;
                    top.segments = Some(list);
                }
                "events" if top.events.is_none() => {
                    let mut list = Sampled::new(events_shape, input);
                    let mut event = Event::default();
                    scan.list(|scan| {
                        scan.event(&mut event)?;
                        list.push(&event);
                        Some(())
                    })?;
                    top.events = Some(list);
                }
                "language" => top.language = scan.scalar()?,
                "version" => top.version = scan.scalar()?,
                // Read by serde alone, as are repeated lists.
                "segments" | "events" | "transcription" | "chunks" | "speakers" | "result" => {
                    return None;
                }
                other => {
                    top.word_segments |= other == "word_segments";
                    top.language_probs |= other == "language_probs";
                    scan.skip()?;
                }
            }
            if top.keys.len() < 64 {
                top.keys.push(key.to_string());
            }
            Some(())
        })?;
        Some(top)
    }

    /// A segment, a caption or a word, as `JsonItem`'s visitor reads it,
    /// into `item` (one item read again and again: moving one through
    /// the calls cost more than reading it).
    fn item(&mut self, item: &mut JsonItem<'a>) -> Option<()> {
        *item = JsonItem::default();
        let mut seen = [false; 8];
        self.object(|scan, key| {
            let field = match key {
                "startTime" => 0,
                "endTime" => 1,
                "body" => 2,
                "start" => 3,
                "end" => 4,
                "text" => 5,
                "speaker" => 6,
                "words" => 7,
                _ => return scan.skip(),
            };
            if std::mem::replace(&mut seen[field], true) {
                return None;
            }
            match field {
                0 => item.start_time = scan.scalar()?,
                1 => item.end_time = scan.scalar()?,
                2 => item.body = scan.optional()?,
                3 => item.start = scan.scalar()?,
                4 => item.end = scan.scalar()?,
                5 => item.text = scan.optional()?,
                6 => item.speaker = scan.scalar()?,
                // Words are read only when there is no text yet: by serde.
                _ if item.text.as_ref().and_then(Scalar::text).is_some() => scan.skip()?,
                _ => return None,
            }
            Some(())
        })
    }

    /// A json3 event, as its derived reader reads it, into `event` (its
    /// list of segs kept for its room).
    fn event(&mut self, event: &mut Event<'a>) -> Option<()> {
        let mut segs = event.segs.take().map(|segs| segs.0).unwrap_or_default();
        *event = Event::default();
        let mut seen = [false; 5];
        self.object(|scan, key| {
            let field = match key {
                "tStartMs" => 0,
                "dDurationMs" => 1,
                "aAppend" => 2,
                "wWinId" => 3,
                "segs" => 4,
                _ => return scan.skip(),
            };
            if std::mem::replace(&mut seen[field], true) {
                return None;
            }
            match field {
                0 => event.start_ms = scan.scalar()?,
                1 => event.duration_ms = scan.scalar()?,
                2 => event.append = scan.scalar()?,
                3 => event.window = scan.scalar()?,
                _ => event.segs = scan.segs(std::mem::take(&mut segs))?,
            }
            Some(())
        })
    }

    /// An event's `segs`: null, or a list of objects (read into `segs`).
    fn segs(&mut self, mut segs: Vec<Seg<'a>>) -> Option<Option<List<Seg<'a>>>> {
        if self.literal(b"null") {
            return Some(None);
        }
        segs.clear();
        self.list(|scan| {
            segs.push(scan.seg()?);
            Some(())
        })?;
        Some(Some(List(segs)))
    }

    fn seg(&mut self) -> Option<Seg<'a>> {
        let mut seg = Seg::default();
        let mut seen = [false; 2];
        self.object(|scan, key| {
            let field = match key {
                "utf8" => 0,
                "acAsrConf" => 1,
                _ => return scan.skip(),
            };
            if std::mem::replace(&mut seen[field], true) {
                return None;
            }
            match field {
                0 => seg.utf8 = scan.scalar()?,
                _ => seg.asr_confidence = scan.scalar()?,
            }
            Some(())
        })?;
        Some(seg)
    }

    /// A list whose elements are all objects, each read by `element`.
    fn list(&mut self, mut element: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        self.space();
        self.expect(b'[')?;
        self.space();
        if self.eat(b']') {
            return Some(());
        }
        loop {
            self.space();
            if self.peek() != Some(b'{') {
                return None;
            }
            element(self)?;
            self.space();
            if self.eat(b']') {
                return Some(());
            }
            self.expect(b',')?;
        }
    }

    /// An object: `value` reads the value of each key (the scan is just
    /// past the colon).
    fn object(&mut self, mut value: impl FnMut(&mut Self, &str) -> Option<()>) -> Option<()> {
        self.space();
        self.expect(b'{')?;
        self.space();
        if self.eat(b'}') {
            return Some(());
        }
        loop {
            self.space();
            self.expect(b'"')?;
            let key = self.string()?;
            self.space();
            self.expect(b':')?;
            self.space();
            value(self, &key)?;
            self.space();
            if self.eat(b'}') {
                return Some(());
            }
            self.expect(b',')?;
        }
    }

    /// A value read as `Option<Scalar>`: `null` is `None`.
    fn optional(&mut self) -> Option<Option<Scalar<'a>>> {
        if self.literal(b"null") {
            return Some(None);
        }
        self.scalar().map(Some)
    }

    /// A value read as a [`Scalar`].
    fn scalar(&mut self) -> Option<Scalar<'a>> {
        Some(match self.peek()? {
            b'"' => {
                self.at += 1;
                Scalar::Text(self.string()?)
            }
            b'-' | b'0'..=b'9' => self.number()?,
            b'n' if self.literal(b"null") => Scalar::Nothing,
            b't' if self.literal(b"true") => Scalar::Bool(true),
            b'f' if self.literal(b"false") => Scalar::Bool(false),
            b'[' | b'{' => {
                self.skip()?;
                Scalar::Nothing
            }
            _ => return None,
        })
    }

    /// A number as serde_json reads it: the digits as an integer, divided
    /// by the power of ten of the fraction's length. Exponents and longer
    /// numbers are left to serde.
    fn number(&mut self) -> Option<Scalar<'a>> {
        let negative = self.eat(b'-');
        let first = self.at;
        let mut digits: u64 = 0;
        let mut count = 0;
        let mut fraction = None;
        while let Some(&b) = self.bytes.get(self.at) {
            match b {
                b'0'..=b'9' => {
                    digits = digits * 10 + u64::from(b - b'0');
                    count += 1;
                    if count > MAX_DIGITS {
                        return None;
                    }
                }
                b'.' if fraction.is_none() && count > 0 => fraction = Some(count),
                b'e' | b'E' | b'.' => return None,
                _ => break,
            }
            self.at += 1;
        }
        let integer_digits = fraction.unwrap_or(count);
        let leading_zero = self.bytes.get(first) == Some(&b'0') && integer_digits > 1;
        if count == 0 || leading_zero || fraction == Some(count) {
            return None;
        }
        Some(match fraction {
            Some(at) => {
                let value = digits as f64 / POW10[count - at];
                Scalar::Float(if negative { -value } else { value })
            }
            None if !negative => Scalar::Int(digits as i64),
            // serde_json reads `-0` as a float.
            None if digits == 0 => Scalar::Float(-0.0),
            None => Scalar::Int(-(digits as i64)),
        })
    }

    /// A string's contents, the scan just past its opening quote:
    /// borrowed when it holds no escape.
    #[inline]
    fn string(&mut self) -> Option<Cow<'a, str>> {
        let from = self.at;
        let end = from + self.plain_run();
        if self.bytes.get(end) == Some(&b'"') {
            self.at = end + 1;
            return self.text.get(from..end).map(Cow::Borrowed);
        }
        self.at = end;
        self.escaped_string(from)
    }

    /// The rest of a string that holds escapes (or is not one): `from`
    /// is where its contents start, the scan where the plain part ends.
    #[cold]
    fn escaped_string(&mut self, from: usize) -> Option<Cow<'a, str>> {
        if self.peek()? != b'\\' {
            return None;
        }
        let mut owned = String::from(self.text.get(from..self.at)?);
        loop {
            match *self.bytes.get(self.at)? {
                b'"' => {
                    self.at += 1;
                    return Some(Cow::Owned(owned));
                }
                b'\\' => {
                    self.at += 1;
                    owned.push(self.escape()?);
                }
                b if b < 0x20 => return None,
                _ => {
                    let run = self.at;
                    self.at += self.plain_run();
                    owned.push_str(self.text.get(run..self.at)?);
                }
            }
        }
    }

    /// How many bytes from the scan on are a string's plain text: no
    /// quote, backslash or control character.
    #[inline]
    fn plain_run(&self) -> usize {
        plain_run(self.bytes.get(self.at..).unwrap_or_default())
    }

    /// The char an escape stands for, the scan just past its backslash;
    /// `None` for a surrogate (left to serde) or a bad escape.
    fn escape(&mut self) -> Option<char> {
        let b = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let hex = self.bytes.get(self.at..self.at + 4)?;
                self.at += 4;
                let mut code = 0;
                for &h in hex {
                    code = code * 16 + char::from(h).to_digit(16)?;
                }
                char::from_u32(code)?
            }
            _ => return None,
        })
    }

    /// Skips any value, checking it is JSON as serde_json's `IgnoredAny`
    /// does: a list or an object by serde_json itself (whose skipping is
    /// quicker, and the same by construction), anything else here.
    fn skip(&mut self) -> Option<()> {
        self.space();
        match self.peek()? {
            b'[' | b'{' => self.skip_with_serde(),
            b'"' => {
                self.at += 1;
                self.skip_string()
            }
            b'-' | b'0'..=b'9' => self.skip_number(),
            b'n' if self.literal(b"null") => Some(()),
            b't' if self.literal(b"true") => Some(()),
            b'f' if self.literal(b"false") => Some(()),
            _ => None,
        }
    }

    fn skip_with_serde(&mut self) -> Option<()> {
        let rest = self.text.get(self.at..)?;
        let mut values = serde_json::Deserializer::from_str(rest).into_iter::<IgnoredAny>();
        values.next()?.ok()?;
        self.at += values.byte_offset();
        Some(())
    }

    /// Passes over a string's contents, the scan just past its opening
    /// quote, its escapes checked as [`Self::string`] reads them.
    fn skip_string(&mut self) -> Option<()> {
        loop {
            self.at += self.plain_run();
            match *self.bytes.get(self.at)? {
                b'"' => {
                    self.at += 1;
                    return Some(());
                }
                b'\\' => {
                    self.at += 1;
                    self.escape()?;
                }
                _ => return None,
            }
        }
    }

    /// Skips a number of JSON's grammar, any size.
    fn skip_number(&mut self) -> Option<()> {
        self.eat(b'-');
        let digits = |scan: &mut Self| {
            let from = scan.at;
            while scan.bytes.get(scan.at).is_some_and(u8::is_ascii_digit) {
                scan.at += 1;
            }
            scan.at - from
        };
        let first = self.peek();
        let whole = digits(self);
        if whole == 0 || (first == Some(b'0') && whole > 1) {
            return None;
        }
        if self.eat(b'.') && digits(self) == 0 {
            return None;
        }
        if self.eat(b'e') || self.eat(b'E') {
            let _ = self.eat(b'+') || self.eat(b'-');
            if digits(self) == 0 {
                return None;
            }
        }
        Some(())
    }

    fn literal(&mut self, word: &[u8]) -> bool {
        let found = self.bytes.get(self.at..self.at + word.len()) == Some(word);
        if found {
            self.at += word.len();
        }
        found
    }

    fn space(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        let found = self.peek() == Some(b);
        self.at += usize::from(found);
        found
    }

    fn expect(&mut self, b: u8) -> Option<()> {
        self.eat(b).then_some(())
    }
}

/// Everything a reading holds, texts resolved, for comparing two.
fn summary(read: &Result<Reading, Refusal>) -> String {
    let reading = match read {
        Ok(reading) => reading,
        Err(refusal) => return format!("{refusal:?}"),
    };
    let fragments: Vec<_> = (reading.fragments.iter())
        .map(|f| format!("{f:?} {:?}", reading.text(f)))
        .collect();
    format!(
        "{:?} {fragments:?} {:?} {:?} {:?} {} {} {} {:?}",
        reading.format,
        reading.names,
        reading.metadata,
        reading.warnings.lines(),
        reading.find_labels,
        reading.carry_speaker,
        reading.token_stream,
        reading.counts,
    )
}

/// Whether the scan read `text` (and if so, as serde does: an error
/// saying how they differ otherwise). The unit tests and the fuzz target
/// `read_json` ask it.
pub fn read_here_as_serde_does(text: &str) -> Result<bool, String> {
    let Some(plain) = read(text) else {
        return Ok(false);
    };
    match parse_with_serde(text) {
        Ok(full) if summary(&full) == summary(&plain) => Ok(true),
        Ok(full) => Err(format!("{}\n!=\n{}", summary(&full), summary(&plain))),
        Err(error) => Err(format!("serde refused what the scan read: {error}")),
    }
}

/// How many bytes `bytes` starts with that may stand in a string as
/// they are: eight at a time, then one by one.
#[inline]
fn plain_run(bytes: &[u8]) -> usize {
    let mut at = 0;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let found = special_bytes(u64::from_le_bytes(word));
        if found != 0 {
            return at + found.trailing_zeros() as usize / 8;
        }
        at += 8;
    }
    let rest = bytes.get(at..).unwrap_or_default();
    at + (rest.iter())
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
        .unwrap_or(rest.len())
}

/// The high bit of the lowest byte of `word` that is a quote, a
/// backslash or a control character is set (bytes above it may be set
/// too; the bits of the bytes below are clear).
fn special_bytes(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = |n: u8| word.wrapping_sub(ONES * u64::from(n)) & !word;
    let zero = |v: u64| v.wrapping_sub(ONES) & !v;
    let quote = zero(word ^ (ONES * u64::from(b'"')));
    let backslash = zero(word ^ (ONES * u64::from(b'\\')));
    (quote | backslash | below(0x20)) & HIGH
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn the_common_shapes_are_read_here_as_serde_reads_them() {
        let shapes = [
            r#"{"version":"1.0.0","segments":[{"speaker":"Ann","startTime":0.5,"endTime":1.25,"body":"Hi there."},{"speaker":"Bob","startTime":2,"endTime":3,"body":"yo\n"}]}"#,
            r#" [{"startTime":"0.5","body":"We"},{"startTime":0,"body":" "},{"startTime":0,"body":"agree"}] "#,
            r#"{"text":"","language":"en","segments":[{"id":0,"seek":0,"start":0.0,"end":2.5,"text":" Hi \"you\" caf\u00e9","tokens":[50364,440],"temperature":0.0,"avg_logprob":-0.21,"no_speech_prob":1.2e-05}]}"#,
            r#"{"segments":[{"start":0,"end":2.06,"text":" Hola","speaker":"S1","words":[{"word":"Hola","start":0,"score":0.9}]}],"word_segments":[]}"#,
            r#"[{"start":1000,"end":3500,"text":"a"},{"start":4000,"end":6500,"text":"b"}]"#,
            r#"{"wireMagic":"pb3","events":[{"tStartMs":0,"dDurationMs":900000,"id":1},{"tStartMs":120,"dDurationMs":5400,"wWinId":1,"segs":[{"utf8":"so","acAsrConf":0},{"utf8":" today"}]},{"tStartMs":1950,"wWinId":1,"aAppend":1,"segs":[{"utf8":"\n"}]},{"tStartMs":2000,"segs":[{"utf8":"one\ntwo"}]}]}"#,
            r#"{"segments":[]}"#,
            r#"{"language":"en","segmens":[{"start":1,"text":"x"}]}"#,
            r#"[{"speaker":"A","start":1,"end":2}]"#,
        ];
        for shape in shapes {
            assert_eq!(read_here_as_serde_does(shape), Ok(true), "{shape}");
        }
    }

    #[test]
    fn what_the_scan_is_unsure_of_is_left_to_serde() {
        let unsure = [
            r#"{"segments":[{"start":1e400,"text":"x"}]}"#,
            r#"{"segments":[{"start":1,"start":2,"text":"x"}]}"#,
            r#"{"segments":[{"start":1,"text":"\ud83d\ude00"}]}"#,
            r#"{"segments":[{"start":12345678901234567890,"text":"x"}]}"#,
            r#"{"segments":[1,{"start":1,"text":"x"}]}"#,
            r#"{"segments":[{"words":[{"word":"x"}],"text":"x"}]}"#,
            r#"{"transcription":[]}"#,
            r#"{"segments":[{"start":01,"text":"x"}]}"#,
            r#"{"segments":[{"start":1,"text":"x"},]}"#,
            "{\"segments\":[{\"text\":\"a\tb\"}]}",
            r#"{"segments":[]} x"#,
        ];
        for text in unsure {
            assert!(read(text).is_none(), "{text}");
        }
    }

    /// Keys and values JSON transcripts hold, odd ones among them.
    const KEYS: &[&str] = &[
        "startTime",
        "endTime",
        "body",
        "start",
        "end",
        "text",
        "speaker",
        "words",
        "segs",
        "utf8",
        "tStartMs",
        "dDurationMs",
        "aAppend",
        "wWinId",
        "acAsrConf",
        "id",
        "sp\\u0065aker",
        "segments",
        "events",
        "language",
        "version",
        "word_segments",
        "language_probs",
        "word",
    ];
    /// Values the scan reads.
    const VALUES: &[&str] = &[
        "0",
        "1",
        "-0",
        "-3",
        "0.5",
        "2.060",
        "-0.25",
        "12.3456789012345678",
        "123456789012345678",
        "\"\"",
        "\" \"",
        "\"Ann\"",
        "\"Hi there.\"",
        "\"a\\nb\"",
        "\"caf\\u00e9 \\\"q\\\"\"",
        "\"\\u0000\\t\"",
        "\"3.5\"",
        "null",
        "true",
        "false",
        "[]",
        "{}",
        "[1,[2,{\"a\":null}]]",
        "{\"a\":[true,-1.5e-7]}",
        "[{\"word\":\"x\",\"start\":1}]",
        "[{\"utf8\":\" hi\",\"acAsrConf\":0}]",
        "[{\"utf8\":\"\\n\"}]",
    ];
    /// Values it leaves to serde, or that are not JSON.
    const ODD_VALUES: &[&str] = &[
        "1e3",
        "2.5E-2",
        "1234567890123456789",
        "01",
        "1.",
        "-",
        "\"\\ud83d\\ude00\"",
        "\"\\x\"",
        "\"a\tb\"",
        "nul",
        "[1]",
        "[,]",
        "{\"a\"}",
    ];
    const SPACES: &[&str] = &["", "", "", " ", "\n  ", "\t", "\r\n"];

    /// The `v`th value; of the odd ones too when `odd`.
    fn value(v: usize, odd: bool) -> &'static str {
        match v.checked_sub(VALUES.len()) {
            Some(o) if odd => ODD_VALUES[o % ODD_VALUES.len()],
            _ => VALUES[v % VALUES.len()],
        }
    }

    fn object(pairs: &[(usize, usize, usize)], odd: bool) -> String {
        let body: Vec<String> = (pairs.iter())
            .map(|&(k, v, s)| {
                let space = SPACES[s % SPACES.len()];
                format!(
                    "{space}\"{}\"{space}:{space}{}",
                    KEYS[k % KEYS.len()],
                    value(v, odd)
                )
            })
            .collect();
        format!("{{{}}}", body.join(","))
    }

    /// A list of generated objects.
    fn list(items: &[Vec<(usize, usize, usize)>], odd: bool) -> String {
        let items: Vec<String> = items.iter().map(|pairs| object(pairs, odd)).collect();
        format!("[{}]", items.join(", "))
    }

    fn document() -> impl Strategy<Value = String> {
        let values = VALUES.len() + ODD_VALUES.len();
        let pair = (0..KEYS.len(), 0..values, 0..SPACES.len());
        let items = prop::collection::vec(prop::collection::vec(pair, 0..6), 0..30);
        let tops = prop::collection::vec((0..KEYS.len(), 0..values), 0..4);
        let odd = prop::bool::weighted(0.3);
        let mutation = prop::option::weighted(0.2, (any::<prop::sample::Index>(), 0..6usize));
        (items, tops, any::<bool>(), 0..3usize, mutation, odd).prop_map(
            |(items, tops, bare, list_key, mutation, odd)| {
                let list = list(&items, odd);
                let mut text = if bare {
                    list
                } else {
                    let key = ["segments", "events", "segments"][list_key];
                    let mut pairs = vec![format!("\"{key}\":{list}")];
                    for (k, v) in tops {
                        pairs.push(format!("\"{}\":{}", KEYS[k], value(v, odd)));
                    }
                    format!("{{{}}}", pairs.join(","))
                };
                if let Some((at, what)) = mutation {
                    let mut at = at.index(text.len() + 1);
                    while !text.is_char_boundary(at) {
                        at -= 1;
                    }
                    let insert = ["", ",", "]", "}", "\"", " x"][what];
                    if what == 0 {
                        text.truncate(at);
                    } else {
                        text.insert_str(at, insert);
                    }
                }
                text
            },
        )
    }

    #[test]
    fn a_plain_run_ends_at_the_first_quote_backslash_or_control() {
        let naive = |bytes: &[u8]| {
            (bytes.iter())
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                .unwrap_or(bytes.len())
        };
        let pieces: [&[u8]; 10] = [
            b"a",
            b"\"",
            b"\\",
            b"\x1f",
            b" ",
            b"\x7f",
            b"\x00",
            "é".as_bytes(),
            b"!",
            b"]",
        ];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..20_000 {
            let mut bytes = Vec::new();
            for _ in 0..state % 24 {
                state = crate::test_support::lcg_next(state);
                bytes.extend_from_slice(pieces[(state >> 33) as usize % pieces.len()]);
            }
            assert_eq!(plain_run(&bytes), naive(&bytes), "{bytes:?}");
            state = crate::test_support::lcg_next(state);
        }
    }

    #[test]
    fn the_generated_files_reach_both_paths() {
        use proptest::strategy::ValueTree;
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let (mut here, mut left) = (0, 0);
        for _ in 0..1000 {
            let text = document().new_tree(&mut runner).expect("a file").current();
            match read(&text) {
                Some(_) => here += 1,
                None => left += 1,
            }
        }
        assert!(
            here > 100 && left > 100,
            "{here} read here, {left} left to serde"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn the_scan_reads_any_file_as_serde_does_or_not_at_all(text in document()) {
            let read = read_here_as_serde_does(&text);
            prop_assert!(read.is_ok(), "{}\n{:?}", text, read);
        }
    }
}
