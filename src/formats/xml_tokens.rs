//! A small XML tokenizer for the XML transcript formats: start and end
//! tags with their attributes, and text with the predefined and numeric
//! references decoded. No DTD, no custom entities, no recursion: a
//! document type is skipped whole, and an unknown `&name;` stays as text.

use std::borrow::Cow;

use super::entities;
use super::scan;

/// One piece of a document, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token<'a> {
    /// `<name …>` or `<name …/>` (`empty`), the name without its prefix.
    Start {
        name: &'a str,
        attributes: Attributes<'a>,
        empty: bool,
    },
    /// `</name>`, the name without its prefix.
    End { name: &'a str },
    /// Character data, references decoded (CDATA as written).
    Text(Cow<'a, str>),
    /// Character data holding a `&`, as written: its references not yet
    /// decoded. Only from [`XmlTokens::keeping_references`]; decoding it
    /// with [`entities::decode_basic`] gives what [`Token::Text`] would.
    RawText(&'a str),
}

/// The tokens of `text`, lazily.
pub fn tokens(text: &str) -> XmlTokens<'_> {
    XmlTokens {
        rest: text,
        keep_references: false,
    }
}

/// An iterator over a document's [`Token`]s.
pub struct XmlTokens<'a> {
    rest: &'a str,
    /// Whether text holding a `&` is handed on as written.
    keep_references: bool,
}

impl XmlTokens<'_> {
    /// The same tokens, but text holding a `&` comes as
    /// [`Token::RawText`]: for a reader that decodes it its own way in
    /// one pass, rather than after the basic decoding.
    pub fn keeping_references(self) -> Self {
        XmlTokens {
            keep_references: true,
            ..self
        }
    }
}

impl<'a> Iterator for XmlTokens<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        loop {
            if self.rest.is_empty() {
                return None;
            }
            let (open, references) = text_end(self.rest.as_bytes());
            let Some(open) = open else {
                let text = std::mem::take(&mut self.rest);
                return Some(self.text_token(text, references));
            };
            if open > 0 {
                let text = &self.rest[..open];
                self.rest = &self.rest[open..];
                return Some(self.text_token(text, references));
            }
            if let Some(token) = self.markup() {
                return Some(token);
            }
        }
    }
}

/// Where the text at the start of `bytes` ends (its `<`, if any), and
/// whether it holds a `&`: found in one look for either.
#[inline]
fn text_end(bytes: &[u8]) -> (Option<usize>, bool) {
    match scan::find2(b'<', b'&', bytes) {
        Some(at) if bytes[at] == b'&' => (scan::find(b'<', &bytes[at..]).map(|i| at + i), true),
        found => (found, false),
    }
}

impl<'a> XmlTokens<'a> {
    /// A piece of text, its references decoded when it holds a `&`
    /// (unless they are kept).
    fn text_token(&self, text: &'a str, references: bool) -> Token<'a> {
        match (references, self.keep_references) {
            (false, _) => Token::Text(Cow::Borrowed(text)),
            (true, false) => Token::Text(entities::decode_basic(text)),
            (true, true) => Token::RawText(text),
        }
    }

    /// Reads the markup at `<`; `None` for what is skipped (comments,
    /// declarations, processing instructions, document types).
    fn markup(&mut self) -> Option<Token<'a>> {
        let rest = self.rest;
        // Nearly every `<` opens a tag: the rarer markup is looked for only
        // after a `<!` or a `<?`.
        if matches!(rest.as_bytes().get(1), Some(b'!' | b'?')) {
            return self.declaration();
        }
        // Most tags are written plainly and read in one pass; the rest
        // (unquoted values, stray quotes, odd spaces) as they always were.
        if let Some((token, len)) = plain_tag(rest) {
            self.rest = &rest[len..];
            return Some(token);
        }
        let end = tag_end(rest);
        let inner = &rest[1..end];
        self.rest = rest.get(end + 1..).unwrap_or_default();
        Some(tag(inner))
    }

    /// Reads the markup at `<!` or `<?`: CDATA is text, the rest skipped.
    fn declaration(&mut self) -> Option<Token<'a>> {
        let rest = self.rest;
        for (open, close) in [("<!--", "-->"), ("<?", "?>")] {
            if let Some(after) = rest.strip_prefix(open) {
                self.rest = memchr::memmem::find(after.as_bytes(), close.as_bytes())
                    .map_or("", |end| &after[end + close.len()..]);
                return None;
            }
        }
        if let Some(after) = rest.strip_prefix("<![CDATA[") {
            let end = after.find("]]>").unwrap_or(after.len());
            self.rest = after.get(end + 3..).unwrap_or_default();
            return Some(Token::Text(Cow::Borrowed(&after[..end])));
        }
        self.rest = skip_declaration(rest);
        None
    }
}

/// Where the tag starting `text` ends (its `>`, outside quotes).
fn tag_end(text: &str) -> usize {
    unquoted_close(text, 1).unwrap_or(text.len())
}

/// The first `>` in `text` from `from` on that is outside quoted
/// attribute values; `None` when there is none (or a quote never closes).
pub fn unquoted_close(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = from.min(bytes.len());
    loop {
        // Byte by byte to the next quote or `>` (a tag's name and the
        // spaces between its attributes are a few bytes), then to the
        // quote's end.
        let found = bytes[at..]
            .iter()
            .position(|&b| matches!(b, b'>' | b'"' | b'\''))?;
        let i = at + found;
        let quote = bytes[i];
        if quote == b'>' {
            return Some(i);
        }
        at = i + 1 + scan::find(quote, &bytes[i + 1..])? + 1;
    }
}

/// Skips `<!DOCTYPE …>` including an internal subset in brackets.
fn skip_declaration(text: &str) -> &str {
    let mut depth = 0usize;
    // The three are ASCII: a byte equal to one is that char.
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'[' => depth += 1,
            b']' => depth = depth.saturating_sub(1),
            b'>' if depth == 0 => return &text[i + 1..],
            _ => {}
        }
    }
    ""
}

/// Up to this many attributes of a plainly written tag are kept as found.
const KEPT: usize = 4;

/// Where an attribute's name and value are in a tag's attribute text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct AttributeSpan {
    name: (u16, u16),
    value: (u16, u16),
}

/// The attributes found while a plainly written tag was read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Found {
    count: u8,
    spans: [AttributeSpan; KEPT],
}

impl Found {
    /// Keeps a pair found at these offsets of the attribute text starting
    /// at `base`; `None` when it cannot be kept (too many, too far).
    fn keep(&mut self, base: usize, name: (usize, usize), value: (usize, usize)) -> Option<()> {
        let offset = |at: usize| u16::try_from(at - base).ok();
        let span = AttributeSpan {
            name: (offset(name.0)?, offset(name.1)?),
            value: (offset(value.0)?, offset(value.1)?),
        };
        *self.spans.get_mut(usize::from(self.count))? = span;
        self.count += 1;
        Some(())
    }

    fn pairs<'a>(&self, text: &'a str) -> impl Iterator<Item = (&'a str, &'a str)> + use<'a> {
        let slice = move |(from, to): (u16, u16)| &text[usize::from(from)..usize::from(to)];
        let kept = self.spans.into_iter().take(usize::from(self.count));
        kept.map(move |span| (slice(span.name), slice(span.value)))
    }
}

/// Whether `b` may be in a name of a plainly written tag: ASCII, not a
/// space, and none of the bytes that end a name or open a value.
fn is_plain_name_byte(b: u8) -> bool {
    b < 0x80 && !is_ascii_space(b) && !matches!(b, b'>' | b'/' | b'=' | b'"' | b'\'')
}

/// Reads the tag at the start of `text` (`<` first, not `<!` or `<?`) in
/// one pass, its attributes found on the way, when it is written plainly:
/// ASCII names, quoted values, ASCII spaces. Returns the token and the
/// bytes it took; `None` for anything else, which [`tag`] reads. For a
/// plain tag the two agree (a test holds them to it).
fn plain_tag(text: &str) -> Option<(Token<'_>, usize)> {
    let bytes = text.as_bytes();
    if bytes.get(1) == Some(&b'/') {
        return plain_end_tag(text);
    }
    let name_end = skip_while(bytes, 1, is_plain_name_byte);
    let mut found = Found::default();
    let mut at = name_end;
    loop {
        at = skip_while(bytes, at, is_ascii_space);
        let (attributes_end, empty) = match *bytes.get(at)? {
            b'>' => (at, false),
            b'/' if bytes.get(at + 1) == Some(&b'>') => (at, true),
            _ => {
                at = plain_attribute(bytes, at, name_end, &mut found)?;
                continue;
            }
        };
        let token = Token::Start {
            name: local(&text[1..name_end]),
            attributes: Attributes {
                text: &text[name_end..attributes_end],
                found: Some(found),
            },
            empty,
        };
        return Some((token, at + if empty { 2 } else { 1 }));
    }
}

/// Reads `name="value"` at `at`, keeping it in `found` (offsets from
/// `base`); returns where it ends, `None` when it is not written plainly.
fn plain_attribute(bytes: &[u8], at: usize, base: usize, found: &mut Found) -> Option<usize> {
    let name_end = skip_while(bytes, at, is_plain_name_byte);
    if name_end == at {
        return None;
    }
    let equals = skip_while(bytes, name_end, is_ascii_space);
    if bytes.get(equals) != Some(&b'=') {
        return None;
    }
    let open = skip_while(bytes, equals + 1, is_ascii_space);
    let quote = *bytes.get(open).filter(|&&b| matches!(b, b'"' | b'\''))?;
    let close = open + 1 + scan::find(quote, &bytes[open + 1..])?;
    found.keep(base, (at, name_end), (open + 1, close))?;
    Some(close + 1)
}

/// Reads `</name>` at the start of `text` when no quote comes before its `>`.
fn plain_end_tag(text: &str) -> Option<(Token<'_>, usize)> {
    let bytes = text.as_bytes();
    let close = skip_while(bytes, 2, |b| !matches!(b, b'>' | b'"' | b'\''));
    if bytes.get(close) != Some(&b'>') {
        return None;
    }
    let name = local(trim(&text[2..close]));
    Some((Token::End { name }, close + 1))
}

/// The first index from `at` on whose byte is not `keep` (or the length).
fn skip_while(bytes: &[u8], at: usize, keep: impl Fn(u8) -> bool) -> usize {
    let rest = bytes.get(at..).unwrap_or_default();
    at + rest.iter().position(|&b| !keep(b)).unwrap_or(rest.len())
}

fn tag(inner: &str) -> Token<'_> {
    if let Some(name) = inner.strip_prefix('/') {
        return Token::End {
            name: local(trim(name)),
        };
    }
    let empty = inner.ends_with('/');
    let inner = inner.strip_suffix('/').unwrap_or(inner);
    let name_end = first_whitespace(inner).unwrap_or(inner.len());
    Token::Start {
        name: local(&inner[..name_end]),
        attributes: Attributes {
            text: &inner[name_end..],
            found: None,
        },
        empty,
    }
}

/// A name without its namespace prefix.
pub fn local(name: &str) -> &str {
    match scan::rfind(b':', name.as_bytes()) {
        Some(colon) => &name[colon + 1..],
        None => name,
    }
}

/// Whether `b` is an ASCII byte that `char::is_whitespace` takes.
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ')
}

/// Where the first whitespace char of `text` is (as `str::find(char::is_whitespace)`),
/// looking at bytes until a non-ASCII one needs the char.
fn first_whitespace(text: &str) -> Option<usize> {
    let at = text.bytes().position(|b| is_ascii_space(b) || b >= 0x80)?;
    if text.as_bytes()[at] < 0x80 {
        return Some(at);
    }
    text[at..].find(char::is_whitespace).map(|i| at + i)
}

/// `text.trim_start()`, by bytes while they are ASCII.
fn trim_start(text: &str) -> &str {
    let at = text
        .bytes()
        .position(|b| !is_ascii_space(b))
        .unwrap_or(text.len());
    let rest = &text[at..];
    match rest.as_bytes().first() {
        Some(&b) if b >= 0x80 => rest.trim_start(),
        _ => rest,
    }
}

/// `text.trim()`, by bytes while they are ASCII.
pub(super) fn trim(text: &str) -> &str {
    let text = trim_start(text);
    let end = text
        .bytes()
        .rposition(|b| !is_ascii_space(b))
        .map_or(0, |i| i + 1);
    let kept = &text[..end];
    match kept.as_bytes().last() {
        Some(&b) if b >= 0x80 => kept.trim_end(),
        _ => kept,
    }
}

/// A start tag's attributes as written; those of a plainly written tag
/// also as found while it was read, so no second pass looks for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attributes<'a> {
    text: &'a str,
    found: Option<Found>,
}

impl<'a> Attributes<'a> {
    /// `name="value"` pairs (also single-quoted), names as written (with
    /// their prefix), values as written.
    pub fn raw(&self) -> RawAttributes<'a> {
        RawAttributes { rest: self.text }
    }
}

/// The pairs of [`Attributes::raw`].
pub struct RawAttributes<'a> {
    rest: &'a str,
}

impl<'a> Iterator for RawAttributes<'a> {
    type Item = (&'a str, &'a str);

    fn next(&mut self) -> Option<(&'a str, &'a str)> {
        let rest = trim_start(self.rest);
        let equals = scan::find(b'=', rest.as_bytes())?;
        let name = trim(&rest[..equals]);
        let value = trim_start(&rest[equals + 1..]);
        let Some(&quote) = value
            .as_bytes()
            .first()
            .filter(|&&b| matches!(b, b'"' | b'\''))
        else {
            self.rest = "";
            return None;
        };
        let body = &value[1..];
        let end = scan::find(quote, body.as_bytes()).unwrap_or(body.len());
        self.rest = body.get(end + 1..).unwrap_or_default();
        Some((name, &body[..end]))
    }
}

impl<'a> Attributes<'a> {
    /// Calls `each` with every attribute's local name and raw value (as
    /// written, not decoded), in order: the pairs [`Attributes::pick`]
    /// looks through, for a reader that tells its names apart with one
    /// `match` rather than comparing each with every name it wants.
    pub fn for_each_local(&self, mut each: impl FnMut(&str, &'a str)) {
        match self.found {
            // A loop, not `for_each`: the pairs' closure was a call each.
            Some(found) => {
                for (name, value) in found.pairs(self.text) {
                    each(local(name), value);
                }
            }
            None => self.raw().for_each(|(n, v)| each(local(n), v)),
        }
    }

    /// The raw values (as written, not decoded) of the first attribute
    /// with each local name of `names`, in one pass over the attributes.
    pub fn pick<const N: usize>(&self, names: [&str; N]) -> [Option<&'a str>; N] {
        match self.found {
            Some(found) => pick_from(found.pairs(self.text), names),
            None => pick_from(self.raw(), names),
        }
    }
}

/// The first value of each of `names` among `pairs`.
fn pick_from<'a, const N: usize>(
    pairs: impl Iterator<Item = (&'a str, &'a str)>,
    names: [&str; N],
) -> [Option<&'a str>; N] {
    let mut found = [None; N];
    for (name, value) in pairs {
        let name = local(name).as_bytes();
        for (slot, wanted) in found.iter_mut().zip(names) {
            // Byte by byte: names are a few bytes, shorter than a call.
            let same =
                name.len() == wanted.len() && name.iter().zip(wanted.bytes()).all(|(&a, b)| a == b);
            if slot.is_none() && same {
                *slot = Some(value);
            }
        }
    }
    found
}

/// The value of the attribute whose local name is `name`, decoded.
pub fn attribute<'a>(attributes: &Attributes<'a>, name: &str) -> Option<Cow<'a, str>> {
    attributes
        .raw()
        .find(|(n, _)| local(n) == name)
        .map(|(_, v)| entities::decode_basic(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Attributes as the general reading of a tag gives them.
    fn written(text: &str) -> Attributes<'_> {
        Attributes { text, found: None }
    }

    /// `token` with its attributes as written only (what was found on
    /// the way dropped), to compare tokens however they were read.
    fn as_written(token: Token<'_>) -> Token<'_> {
        match token {
            Token::Start {
                name,
                attributes,
                empty,
            } => Token::Start {
                name,
                attributes: written(attributes.text),
                empty,
            },
            other => other,
        }
    }

    /// The tag at the start of `text` read the general way, and the bytes
    /// it took.
    fn general_tag(text: &str) -> (Token<'_>, usize) {
        let end = tag_end(text);
        (tag(&text[1..end]), (end + 1).min(text.len()))
    }

    #[test]
    fn a_plain_tag_reads_as_the_general_reading_does() {
        // A tag as a grammar writes it, each of its parts now and then
        // swapped for one of the odd pieces.
        let odd = [
            "<", "", " ", "\t", "\n", "=", "\"", "'", ">", "/", "é", "\u{a0}", "&amp;", " = ",
            "x y", "a=b",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move |n: usize| {
            state = crate::test_support::xorshift_next(state);
            (state >> 11) as usize % n
        };
        let (mut plain, mut with_pairs, mut cases) = (0, 0, 0);
        while cases < 200_000 {
            let mut parts = vec!["<", ["p", "tt:p", "/p", "/tt:p ", ""][next(5)]];
            for _ in 0..next(10) {
                parts.push([" ", "\t", "\n ", ""][next(4)]);
                parts.push(["a", "b:c", "x", "tts:a"][next(4)]);
                parts.push(["=", " =", "= "][next(3)]);
                parts.push(["\"v\"", "'w'", "\"1>2\"", "\"\"", "'é'"][next(5)]);
            }
            parts.push([">", "/>", " >", " />", ""][next(5)]);
            let mut text = String::new();
            for (i, part) in parts.into_iter().enumerate() {
                let swap = i > 0 && next(12) == 0;
                text.push_str(if swap { odd[next(odd.len())] } else { part });
            }
            cases += 1;
            if matches!(text.as_bytes().get(1), Some(b'!' | b'?')) {
                continue;
            }
            let Some((token, len)) = plain_tag(&text) else {
                continue;
            };
            plain += 1;
            let (general, general_len) = general_tag(&text);
            assert_eq!(
                (as_written(token.clone()), len),
                (general.clone(), general_len),
                "{text:?}"
            );
            if let (
                Token::Start { attributes, .. },
                Token::Start {
                    attributes: all, ..
                },
            ) = (token, general)
            {
                let names = ["a", "c", "p", "x", "b"];
                assert_eq!(attributes.pick(names), all.pick(names), "{text:?}");
                let found: Vec<_> = attributes
                    .found
                    .map(|f| f.pairs(attributes.text).collect())
                    .unwrap_or_default();
                with_pairs += usize::from(!found.is_empty());
                assert_eq!(found, all.raw().collect::<Vec<_>>(), "{text:?}");
            }
        }
        // Both kinds of tag were met often enough to mean something.
        assert!(
            plain > 10_000 && cases - plain > 10_000,
            "{plain} of {cases}"
        );
        assert!(with_pairs > 1_000, "{with_pairs} with attributes");
    }

    #[test]
    fn tags_attributes_text_and_what_is_skipped() {
        let doc = "<?xml version=\"1.0\"?><!DOCTYPE tt [<!ENTITY bomb \"x\">]><!-- c --><tt:p begin='1s' ttm:agent=\"a&amp;b\">Q&amp;A &bomb; <![CDATA[<raw>]]><br/></tt:p>";
        let got: Vec<_> = tokens(doc).map(as_written).collect();
        assert_eq!(
            got,
            [
                Token::Start {
                    name: "p",
                    attributes: written(" begin='1s' ttm:agent=\"a&amp;b\""),
                    empty: false
                },
                Token::Text("Q&A &bomb; ".into()),
                Token::Text("<raw>".into()),
                Token::Start {
                    name: "br",
                    attributes: written(""),
                    empty: true
                },
                Token::End { name: "p" },
            ]
        );
    }

    #[test]
    fn attributes_are_read_when_asked_for() {
        let Some(Token::Start { attributes, .. }) =
            tokens("<p a='x>y' tts:b = \"1&lt;2\" c=bare d=\"no\">").next()
        else {
            panic!("a start tag");
        };
        assert_eq!(attribute(&attributes, "a").as_deref(), Some("x>y"));
        assert_eq!(attribute(&attributes, "b").as_deref(), Some("1<2"));
        // An unquoted value ends the attributes, as it always did.
        assert_eq!(attribute(&attributes, "d"), None);
        assert_eq!(attributes.raw().count(), 2);
    }

    #[test]
    fn byte_helpers_agree_with_the_char_methods() {
        let samples = [
            "",
            " ",
            "p",
            " p ",
            "\tp\n",
            "a b",
            "\u{a0}x\u{3000}",
            "é ü ",
            "x\u{85}",
            "\u{1c}y",
            "\u{b}\u{c}\r",
            "a\u{2028}b",
            "\u{200b}z\u{200b}",
        ];
        for text in samples {
            assert_eq!(trim(text), text.trim(), "{text:?}");
            assert_eq!(trim_start(text), text.trim_start(), "{text:?}");
            assert_eq!(
                first_whitespace(text),
                text.find(char::is_whitespace),
                "{text:?}"
            );
        }
        assert_eq!(local("tt:p"), "p");
        assert_eq!(local("a:b:c"), "c");
        assert_eq!(local("p"), "p");
        assert_eq!(local("p:"), "");
    }

    #[test]
    fn picked_attributes_are_the_first_of_each_name_raw() {
        let Some(Token::Start { attributes, .. }) =
            tokens("<p tts:begin='1s' end=\"2&amp;\" begin=\"9s\" x=\"y\">").next()
        else {
            panic!("a start tag");
        };
        let [begin, end, dur] = attributes.pick(["begin", "end", "dur"]);
        assert_eq!((begin, end, dur), (Some("1s"), Some("2&amp;"), None));
        assert_eq!(attribute(&attributes, "begin").as_deref(), begin);
    }

    #[test]
    fn kept_references_are_the_text_as_written() {
        let doc = "<p a=\"&amp;\">x &amp; y<![CDATA[&amp;]]>plain</p>";
        let kept: Vec<_> = tokens(doc).keeping_references().collect();
        assert_eq!(kept[1], Token::RawText("x &amp; y"));
        assert_eq!(kept[2], Token::Text("&amp;".into()));
        assert_eq!(kept[3], Token::Text("plain".into()));
        // Decoded, they are the tokens read without keeping them.
        let decoded: Vec<_> = kept
            .into_iter()
            .map(|token| match token {
                Token::RawText(raw) => Token::Text(entities::decode_basic(raw)),
                other => other,
            })
            .collect();
        assert_eq!(decoded, tokens(doc).collect::<Vec<_>>());
    }

    #[test]
    fn unterminated_markup_ends_the_document() {
        assert_eq!(tokens("<p a=\"x>").count(), 1);
        assert_eq!(tokens("<!-- open").count(), 0);
        assert_eq!(tokens("<![CDATA[open").count(), 1);
    }
}
