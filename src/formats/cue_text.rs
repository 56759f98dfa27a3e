//! A caption's payload as WebVTT's cue-text tokenizer reads it: tags
//! dropped (their text kept), inline timestamps dropped, character
//! references decoded, and voices (`<v Ann>`) split into spans.

use std::borrow::Cow;

use super::entities;
use super::text_facts::has_double_space;

/// A run of a cue's text said by one voice (or by none named).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoiceSpan {
    pub voice: Option<String>,
    pub text: String,
}

/// How references are decoded: WebVTT uses HTML's whole set, SubRip only
/// the basic ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum References {
    Html,
    Basic,
}

/// Reads a payload into voice spans, in order: [`for_each_voice_span`],
/// collected.
pub fn voice_spans(payload: &str, references: References) -> Vec<VoiceSpan> {
    let mut spans = Vec::new();
    for_each_voice_span(payload, references, &mut String::new(), |voice, text| {
        spans.push(VoiceSpan {
            voice: voice.map(str::to_string),
            text: text.to_string(),
        });
    });
    spans
}

/// Calls `each(voice, text)` for each voice span of a payload, in order,
/// leaving out spans of only whitespace. Lines are display breaks and join
/// with a space, except lines starting `- ` (dialogue dashes), which lose
/// the dash and stay separate lines. Text before the first voice, or after
/// `</v>`, has no voice. A span's text is a slice of `payload` where it is
/// one run of it that nothing changed (no copy), else built in `scratch`.
pub fn for_each_voice_span(
    payload: &str,
    references: References,
    scratch: &mut String,
    each: impl FnMut(Option<&str>, &str),
) {
    // A payload starting with a tag is never one plain run.
    if !payload.starts_with('<') && is_one_plain_run(payload) {
        // What the tokenizer would find: one span, the payload itself.
        if !payload.trim().is_empty() {
            let mut each = each;
            each(None, payload);
        }
        return;
    }
    if let Some((inside, text)) = one_tag_then_plain_run(payload) {
        // What the tokenizer would find: the tag's voice, if it is one,
        // and the text after it as one span.
        let voice = tag(inside).flatten();
        if !text.trim().is_empty() {
            let mut each = each;
            each(voice.as_deref(), text);
        }
        return;
    }
    let mut spans = Spans {
        payload,
        references,
        voice: None,
        text: SpanText::Empty,
        scratch,
        each,
    };
    for (i, line) in payload.split('\n').enumerate() {
        let (line, dash) = match line.trim_start().strip_prefix("- ") {
            Some(rest) => (rest, true),
            None => (line, false),
        };
        // A dialogue dash starts a line of its own, the cue's first too.
        if i > 0 || dash {
            spans.separator(if dash { '\n' } else { ' ' });
        }
        read_line(line, &mut spans);
    }
    spans.emit();
}

/// Whether a payload is one line with no tag, reference, brace or
/// dialogue dash: the common caption, which needs no tokenizer.
fn is_one_plain_run(payload: &str) -> bool {
    !has_any(payload.as_bytes(), [b'<', b'&', b'{', b'\n'])
        && !payload.trim_start().starts_with("- ")
}

/// A one-line payload that is a tag and then a plain run (`<v Ann>Hi`,
/// the common voiced caption): the tag's inside and the run.
fn one_tag_then_plain_run(payload: &str) -> Option<(&str, &str)> {
    let rest = payload.strip_prefix('<')?;
    let close = memchr::memchr(b'>', rest.as_bytes())?;
    let (inside, text) = (&rest[..close], &rest[close + 1..]);
    let plain = !has_any(text.as_bytes(), [b'<', b'&', b'{', b'\n'])
        && memchr::memchr(b'\n', inside.as_bytes()).is_none();
    plain.then_some((inside, text))
}

/// Whether any byte of `bytes` is one of `set`: 64 bytes at a time,
/// each chunk looked at whole with comparisons (a vector loop), so that a
/// short caption costs one look and a long one stops at the first chunk
/// with a hit.
fn has_any<const N: usize>(bytes: &[u8], set: [u8; N]) -> bool {
    any_byte(bytes, |b| set.iter().fold(false, |hit, &s| hit | (b == s)))
}

/// Whether `is` holds for any byte of `bytes`: [`ANY_LANES`] bytes at a
/// time, each chunk's answers OR-ed as bytes (which the compiler makes a
/// few vector steps, where OR-ed `bool`s stay one byte at a time). The
/// bytes after the last whole chunk are looked at as the last
/// [`ANY_LANES`] bytes of the text, overlapping the chunk before (looked
/// at twice, they answer the same): a caption's tail one byte at a time
/// cost as much as the rest of it.
pub(super) fn any_byte(bytes: &[u8], is: impl Fn(u8) -> bool) -> bool {
    let has = |chunk: &[u8]| chunk.iter().fold(0u8, |any, &b| any | u8::from(is(b))) != 0;
    let lanes = |chunk: &[u8]| -> [u8; ANY_LANES] { chunk.try_into().unwrap_or([0; ANY_LANES]) };
    let mut chunks = bytes.chunks_exact(ANY_LANES);
    if chunks.any(|chunk| has(&lanes(chunk))) {
        return true;
    }
    match bytes.len().checked_sub(ANY_LANES) {
        _ if chunks.remainder().is_empty() => false,
        Some(from) => has(&lanes(&bytes[from..])),
        // Shorter than a chunk.
        None => has(bytes),
    }
}

/// Bytes [`any_byte`] looks at in one go.
const ANY_LANES: usize = 16;

/// What the tokenizer finds in a line, in order.
trait CueTokenSink<'a> {
    /// A run of text as written (references not yet decoded): always a
    /// slice of the line read.
    fn text(&mut self, raw: &'a str);
    /// A voice opens (`Some`) or closes (`None`).
    fn voice(&mut self, voice: Option<Cow<'a, str>>);
}

/// The text of the open span so far.
enum SpanText {
    Empty,
    /// Bytes of the payload, unchanged.
    Run(usize, usize),
    /// In the scratch buffer.
    Built,
}

/// Voice spans being read, each handed on when the next voice opens.
struct Spans<'a, 's, F> {
    payload: &'a str,
    references: References,
    voice: Option<Cow<'a, str>>,
    text: SpanText,
    scratch: &'s mut String,
    each: F,
}

impl<'a, F: FnMut(Option<&str>, &str)> Spans<'a, '_, F> {
    /// Hands on the open span, unless it is only whitespace.
    fn emit(&mut self) {
        let text = match self.text {
            SpanText::Empty => return,
            SpanText::Run(from, to) => &self.payload[from..to],
            SpanText::Built => self.scratch.as_str(),
        };
        if !text.trim().is_empty() {
            (self.each)(self.voice.as_deref(), text);
        }
        self.text = SpanText::Empty;
    }

    /// The open span's text moved to the scratch buffer, to be added to.
    fn built(&mut self) -> &mut String {
        if let SpanText::Run(from, to) = self.text {
            self.scratch.clear();
            self.scratch.push_str(&self.payload[from..to]);
        } else if let SpanText::Empty = self.text {
            self.scratch.clear();
        }
        self.text = SpanText::Built;
        self.scratch
    }

    fn separator(&mut self, c: char) {
        self.built().push(c);
    }

    /// Where `raw`, a slice of the payload, starts in it.
    fn offset(&self, raw: &str) -> usize {
        raw.as_ptr() as usize - self.payload.as_ptr() as usize
    }
}

impl<'a, F: FnMut(Option<&str>, &str)> CueTokenSink<'a> for Spans<'a, '_, F> {
    fn text(&mut self, raw: &'a str) {
        let decoded = decode(raw, self.references);
        if let Cow::Owned(decoded) = decoded {
            self.built().push_str(&decoded);
            return;
        }
        let from = self.offset(raw);
        let to = from + raw.len();
        self.text = match self.text {
            SpanText::Empty => SpanText::Run(from, to),
            SpanText::Run(start, end) if end == from => SpanText::Run(start, to),
            _ => {
                self.built().push_str(raw);
                SpanText::Built
            }
        };
    }

    fn voice(&mut self, voice: Option<Cow<'a, str>>) {
        if self.voice == voice {
            return;
        }
        self.emit();
        self.voice = voice;
    }
}

fn decode(text: &str, references: References) -> Cow<'_, str> {
    match references {
        References::Html => entities::decode_entities(text),
        References::Basic => entities::decode_basic(text),
    }
}

/// One payload line with its tags dropped and its spaces collapsed;
/// borrowed when there is nothing to drop.
pub fn plain_line(line: &str, references: References) -> Cow<'_, str> {
    if is_plain(line) {
        return Cow::Borrowed(line);
    }
    let mut out = String::new();
    plain_line_into(line, references, &mut out);
    Cow::Owned(out)
}

/// Whether [`plain_line`] of `line` has text, worked out without the
/// tokenizer for a line with no tag, reference or brace, or only one tag
/// first (`scratch` is a buffer for the other lines).
pub fn line_has_text(line: &str, references: References, scratch: &mut String) -> bool {
    // A line starting with a tag has one: the shortcut below is tried first.
    if !line.starts_with('<') && !has_any(line.as_bytes(), [b'<', b'&', b'{']) {
        return !line.trim().is_empty();
    }
    if let Some((_, text)) = one_tag_then_plain_run(line) {
        return !text.trim().is_empty();
    }
    plain_line_into(line, references, scratch);
    !scratch.is_empty()
}

/// [`plain_line`] written into `out` (cleared first), so that a caller
/// going through many lines reuses one buffer: the tags are dropped
/// straight into it, and its spaces collapsed only if any need it.
pub fn plain_line_into(line: &str, references: References, out: &mut String) {
    out.clear();
    if is_plain(line) {
        out.push_str(line);
        return;
    }
    read_line(
        line,
        &mut Plain {
            text: out,
            references,
        },
    );
    if !is_collapsed(out) {
        if out.trim().is_empty() {
            // A line of spaces (rolling captions' blank line): no words
            // to gather.
            out.clear();
            return;
        }
        let words: Vec<&str> = out.split_whitespace().collect();
        *out = words.join(" ");
    }
}

/// Whether a line has no tag, reference or brace and no whitespace to
/// collapse: its plain form is itself. (A vertical tab inside an ASCII
/// line is let through, as it always was.)
pub fn is_plain(line: &str) -> bool {
    // Compared one by one (no `match`), for a vector loop.
    single_spaced(line, |b| {
        (b == b'<')
            | (b == b'&')
            | (b == b'{')
            | (b == b'\t')
            | (b == b'\n')
            | (b == 0x0C)
            | (b == b'\r')
    })
}

/// Whether `text` is words one space apart, as `split_whitespace` joined
/// with spaces leaves it.
fn is_collapsed(text: &str) -> bool {
    single_spaced(text, |b| {
        (b == b'\t') | (b == b'\n') | (b == 0x0B) | (b == 0x0C) | (b == b'\r')
    })
}

/// Whether `text` has no byte `refused`, no whitespace at either end and
/// no two spaces in a row; text with non-ASCII bytes is looked at again,
/// char by char (Unicode has other spaces). Every byte is looked at, with
/// the one after it, in one pass with no early exit, so that the compiler
/// makes a vector loop of it (a line is short; a long one is still read
/// once).
fn single_spaced(text: &str, refused: impl Fn(u8) -> bool) -> bool {
    let bytes = text.as_bytes();
    let end_space = |b: &u8| b.is_ascii_whitespace() || *b == 0x0B;
    let (Some(first), Some(last)) = (bytes.first(), bytes.last()) else {
        return true;
    };
    if end_space(first) || end_space(last) {
        return false;
    }
    let pairs = bytes.iter().zip(&bytes[1..]);
    let (bad, high) = pairs.fold((0u8, 0u8), |(bad, high), (&b, &next)| {
        let double = u8::from(b == b' ') & u8::from(next == b' ');
        (bad | u8::from(refused(b)) | double, high | b)
    });
    if bad | u8::from(refused(*last)) != 0 {
        return false;
    }
    (high | last) < 0x80 || text.chars().all(|c| c == ' ' || !c.is_whitespace())
}

/// A line's text with every voice ignored.
struct Plain<'o> {
    text: &'o mut String,
    references: References,
}

impl<'a> CueTokenSink<'a> for Plain<'_> {
    fn text(&mut self, raw: &'a str) {
        self.text.push_str(&decode(raw, self.references));
    }

    fn voice(&mut self, _: Option<Cow<'a, str>>) {}
}

/// Tokenizes one line: text runs and voice changes, in order.
fn read_line<'a>(line: &'a str, out: &mut impl CueTokenSink<'a>) {
    let mut rest = line;
    while !rest.is_empty() {
        let text_end = memchr::memchr2(b'<', b'{', rest.as_bytes()).unwrap_or(rest.len());
        if text_end > 0 {
            out.text(&rest[..text_end]);
        }
        rest = &rest[text_end..];
        if rest.starts_with('{') {
            // An ASS override such as `{\an8}`; any other brace is text.
            match rest.strip_prefix("{\\").and_then(|r| r.find('}')) {
                Some(close) => rest = &rest[close + 3..],
                None => {
                    out.text(&rest[..1]);
                    rest = &rest[1..];
                }
            }
            continue;
        }
        // A tag runs to `>`; a stray `<` swallows the rest, as browsers do.
        let Some(close) = memchr::memchr(b'>', rest.as_bytes()) else {
            break;
        };
        if let Some(voice) = tag(&rest[1..close]) {
            out.voice(voice);
        }
        rest = &rest[close + 1..];
    }
}

/// What one tag's inside (between `<` and `>`) does to voices: a voice
/// with a name opens (`Some(Some(name))`), `</v>` closes (`Some(None)`),
/// anything else does nothing (`None`).
fn tag(inside: &str) -> Option<Option<Cow<'_, str>>> {
    if let Some(name) = inside.strip_prefix("v ").filter(|name| is_plain_name(name)) {
        // `<v Ann Lee>`, the common voice: nothing to trim, collapse or
        // decode, so the name is the slice itself.
        return Some(Some(Cow::Borrowed(name)));
    }
    if !inside.starts_with(['v', '/']) {
        // Neither a voice nor a closing tag (`<c>`, `<00:00:01.000>`).
        return None;
    }
    tag_in_full(inside)
}

/// [`tag`] for any inside: every spelling of a voice, closing tags, and
/// other tags.
fn tag_in_full(inside: &str) -> Option<Option<Cow<'_, str>>> {
    if let Some(end) = inside.strip_prefix('/') {
        return (end.trim() == "v" || end.starts_with("v.")).then_some(None);
    }
    let name_end = inside
        .find(|c: char| c == '.' || c.is_whitespace())
        .unwrap_or(inside.len());
    if &inside[..name_end] != "v" {
        return None;
    }
    let annotation = inside[name_end..].trim_start_matches(|c: char| !c.is_whitespace());
    let annotation = collapse_whitespace(annotation);
    let annotation = match entities::decode_entities(&annotation) {
        Cow::Borrowed(_) => annotation,
        Cow::Owned(decoded) => Cow::Owned(decoded),
    };
    (!annotation.is_empty()).then_some(Some(annotation))
}

/// Whether a voice's name is printable ASCII words one space apart with
/// no reference: what trimming, collapsing and decoding leave as it is.
fn is_plain_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    let printable = |b: &u8| (0x21..0x7f).contains(b) && *b != b'&';
    let inner = |b: &u8| printable(b) || *b == b' ';
    bytes.first().is_some_and(printable)
        && bytes.last().is_some_and(printable)
        && bytes.iter().all(inner)
        && !has_double_space(bytes)
}

/// Words split at whitespace and joined with one space; borrowed when
/// that changes nothing but the ends.
fn collapse_whitespace(text: &str) -> Cow<'_, str> {
    let trimmed = text.trim();
    let single_spaces = !has_double_space(trimmed.as_bytes())
        && trimmed.chars().all(|c| c == ' ' || !c.is_whitespace());
    if single_spaces {
        return Cow::Borrowed(trimmed);
    }
    Cow::Owned(trimmed.split_whitespace().collect::<Vec<_>>().join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(payload: &str) -> Vec<(Option<&'static str>, String)> {
        voice_spans(payload, References::Html)
            .into_iter()
            .map(|s| (s.voice.map(|v| &*v.leak()), s.text))
            .collect()
    }

    #[test]
    fn the_plain_voice_shortcut_reads_as_the_full_tag_reading() {
        for inside in [
            "v Ann",
            "v Ann Lee",
            "v  Ann",
            "v Ann ",
            "v ",
            "v Q&amp;A",
            "v A\tB",
            "v Zoë",
            "v a  b",
            "v.loud Ann",
            "/v",
            "c",
            "v\u{a0}Ann",
            "v Ann\u{a0}",
            "v <x",
            "v a.b",
            "v -",
            "v a\u{7f}",
            "00:00:01.000",
            "c.loud",
            "",
            " v",
            "/c",
            "b",
            "vv x",
            "v.",
            "v\tAnn",
        ] {
            assert_eq!(tag(inside), tag_in_full(inside), "{inside:?}");
        }
        assert!(matches!(
            tag("v Ann Lee"),
            Some(Some(Cow::Borrowed("Ann Lee")))
        ));
    }

    #[test]
    fn voices_in_every_spelling() {
        for payload in [
            "<v Ann>Hello",
            "<v.loud Ann>Hello",
            "<v Ann> Hello</v>",
            "<v  Ann >Hello",
        ] {
            let got = spans(payload);
            assert_eq!(got.len(), 1, "{payload}");
            assert_eq!(got[0].0, Some("Ann"), "{payload}");
            assert_eq!(got[0].1.trim(), "Hello", "{payload}");
        }
        assert_eq!(spans("<v a  b>x")[0].0, Some("a b"));
        assert_eq!(spans("<v>x"), [(None, "x".to_string())]);
    }

    #[test]
    fn two_voices_give_two_spans_and_unvoiced_text_none() {
        let got = spans("<v Ann>Hi</v> <i>Laughter</i> <v Bob>Yo");
        let voices: Vec<_> = got.iter().map(|s| s.0).collect();
        assert_eq!(voices, [Some("Ann"), None, Some("Bob")]);
        assert_eq!(got[1].1.trim(), "Laughter");
    }

    #[test]
    fn tags_timestamps_and_references() {
        let got = spans("Q&amp;A<00:00:01.310><c> over</c>&nbsp;<b>bold</b> &amp");
        assert_eq!(got[0].1, "Q&A over\u{a0}bold &");
        assert_eq!(spans("a <stray b")[0].1, "a ");
        assert_eq!(spans("{\\an8}top")[0].1, "top");
        assert_eq!(spans("{curly}")[0].1, "{curly}");
    }

    #[test]
    fn whether_a_line_has_text_is_whether_its_plain_form_has() {
        let mut scratch = String::new();
        for line in [
            "",
            " ",
            "\u{a0}",
            "\x0b",
            "a",
            " a ",
            "<v Ann>",
            "<v Ann> ",
            "<v Ann>hi",
            "<c></c>",
            "<c> </c>",
            "&nbsp;",
            "&amp;",
            "{\\an8}",
            "{\\an8}x",
            "<b",
            "<i>x</i>",
            "x<00:01.000>",
        ] {
            for references in [References::Html, References::Basic] {
                let has = !plain_line(line, references).is_empty();
                assert_eq!(
                    line_has_text(line, references, &mut scratch),
                    has,
                    "{line:?}"
                );
            }
        }
    }

    #[test]
    fn a_plain_one_line_payload_is_one_span_as_the_tokenizer_reads_it() {
        for payload in [
            "Hello there",
            " padded ",
            "-dash",
            "- dash",
            "a&b",
            "  ",
            "",
        ] {
            let mut tokenized = Vec::new();
            let mut spans = Spans {
                payload,
                references: References::Html,
                voice: None,
                text: SpanText::Empty,
                scratch: &mut String::new(),
                each: |voice: Option<&str>, text: &str| {
                    tokenized.push((voice.map(str::to_string), text.to_string()))
                },
            };
            let (line, dash) = match payload.trim_start().strip_prefix("- ") {
                Some(rest) => (rest, true),
                None => (payload, false),
            };
            if dash {
                spans.separator('\n');
            }
            read_line(line, &mut spans);
            spans.emit();
            let fast: Vec<_> = voice_spans(payload, References::Html)
                .into_iter()
                .map(|s| (s.voice, s.text))
                .collect();
            assert_eq!(fast, tokenized, "{payload:?}");
        }
    }

    #[test]
    fn lines_join_and_dialogue_dashes_stay_apart() {
        assert_eq!(spans("one\ntwo")[0].1, "one two");
        assert_eq!(spans("- Hi\n- Hello")[0].1, "\nHi\nHello");
    }

    #[test]
    fn plain_forms_are_those_of_collapsing_every_word() {
        for line in [
            "a b",
            " a",
            "a ",
            "a  b",
            "a\tb",
            "a\u{b}b",
            "\u{b}a",
            "a\u{a0}b",
            "é b",
            "é  b",
            "<i>a</i>  b",
            "<i> a</i>",
            "a<c>\u{b}</c>b",
            "&amp; x",
            "x\u{2003}",
            "<b></b>",
        ] {
            let mut words = String::new();
            read_line(
                line,
                &mut Plain {
                    text: &mut words,
                    references: References::Html,
                },
            );
            let collapsed = words.split_whitespace().collect::<Vec<_>>().join(" ");
            let mut out = String::from("stale");
            plain_line_into(line, References::Html, &mut out);
            // A vertical tab inside an ASCII line with nothing to drop
            // was always left as it is.
            let kept = line == "a\u{b}b";
            assert_eq!(
                out,
                if kept { line.to_string() } else { collapsed },
                "{line:?}"
            );
        }
    }
}
