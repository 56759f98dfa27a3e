//! HTML transcripts: the Podcasting 2.0 shape (`<cite>` speaker, `<time>`
//! start, `<p>` text) as bare fragments or saved pages. A tolerant
//! tokenizer in document order, no DOM: nothing nests on the stack.

use std::borrow::Cow;

use super::entities;
use super::fragment::{Fragment, Kind, Reading};
use super::timestamp::{Ms, parse_lenient};
use super::xml_tokens::unquoted_close;
use crate::episode::Format;

/// Elements whose text is never transcript.
fn is_skipped(name: &str) -> bool {
    matches!(name, "script" | "style" | "nav" | "header" | "footer")
}

/// Elements whose start or end ends a paragraph of bare text.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "li"
            | "ul"
            | "ol"
            | "section"
            | "article"
            | "main"
            | "blockquote"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "tr"
    )
}

/// A tag as read: its lower-case local name, whether it closes, and its
/// raw attribute text.
struct Tag<'a> {
    name: Cow<'a, str>,
    closing: bool,
    attributes: &'a str,
}

/// Where text goes while it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HtmlField {
    Body,
    Cite,
    Time,
    Title,
}

/// The reading state: the current speaker, the pending start, the text
/// being collected.
struct HtmlReader<'a> {
    reading: Reading<'a>,
    /// The collected text while it is one piece of the file: copied into
    /// `buffer` only when a second piece comes, kept as a slice of the
    /// file when nothing needs decoding or collapsing.
    first_piece: Option<&'a str>,
    /// How many pieces (texts and line breaks) were collected.
    pieces: usize,
    speaker: Option<u32>,
    pending_start: Option<Ms>,
    into: HtmlField,
    buffer: String,
    datetime: Option<String>,
    /// Inside `<head>` (only `<title>` counts there) or a skipped element.
    in_head: bool,
    skip_depth: usize,
    saw_cite: bool,
}

/// Reads an HTML transcript.
pub fn read(text: &str) -> Reading<'_> {
    let mut reader = HtmlReader {
        reading: Reading::borrowing(Format::Html, text),
        first_piece: None,
        pieces: 0,
        speaker: None,
        pending_start: None,
        into: HtmlField::Body,
        buffer: String::new(),
        datetime: None,
        in_head: false,
        skip_depth: 0,
        saw_cite: false,
    };
    let mut rest = text;
    while !rest.is_empty() {
        let Some(open) = super::scan::find(b'<', rest.as_bytes()) else {
            reader.text(rest);
            break;
        };
        reader.text(&rest[..open]);
        rest = reader.markup(&rest[open..]);
    }
    reader.flush();
    reader.reading.find_labels = !reader.saw_cite;
    reader.reading
}

impl<'a> HtmlReader<'a> {
    fn text(&mut self, text: &'a str) {
        let hidden = self.skip_depth > 0 || (self.in_head && self.into != HtmlField::Title);
        if hidden || text.is_empty() {
            return;
        }
        if self.pieces == 0 {
            self.first_piece = Some(text);
        } else {
            self.spill_first_piece();
            self.buffer.push_str(text);
        }
        self.pieces += 1;
    }

    /// A line break: a space in the collected text.
    fn line_break(&mut self) {
        self.spill_first_piece();
        self.buffer.push(' ');
        self.pieces += 1;
    }

    /// Copies the first piece into the buffer, where the next goes.
    fn spill_first_piece(&mut self) {
        if let Some(first) = self.first_piece.take() {
            self.buffer.push_str(first);
        }
    }

    /// Reads the markup at the start of `text` (`<…`), returning the rest.
    fn markup(&mut self, text: &'a str) -> &'a str {
        if let Some(after) = text.strip_prefix("<!--") {
            return match after.find("-->") {
                Some(end) => &after[end + 3..],
                None => {
                    self.reading
                        .warnings
                        .add("unterminated-comment", "comment never closed");
                    ""
                }
            };
        }
        if text.starts_with("<!") || text.starts_with("<?") {
            return text.find('>').map_or("", |end| &text[end + 1..]);
        }
        let Some((tag, rest)) = read_tag(text) else {
            // A `<` that opens no tag is text.
            self.text("<");
            return &text[1..];
        };
        if !tag.closing && matches!(tag.name.as_ref(), "script" | "style") {
            return skip_raw_text(rest, &tag.name);
        }
        self.tag(&tag);
        rest
    }

    fn tag(&mut self, tag: &Tag) {
        let name = tag.name.as_ref();
        if is_skipped(name) {
            self.skip_depth = if tag.closing {
                self.skip_depth.saturating_sub(1)
            } else {
                self.skip_depth + 1
            };
            return;
        }
        match (name, tag.closing) {
            ("html", false) => self.attribute_meta(tag, "lang", "language"),
            ("link", false) if attribute(tag.attributes, "rel").as_deref() == Some("canonical") => {
                self.attribute_meta(tag, "href", "canonical_url")
            }
            ("head", closing) => self.in_head = !closing,
            ("title", false) => self.switch(HtmlField::Title),
            ("cite", false) => self.switch(HtmlField::Cite),
            ("time", false) => {
                self.switch(HtmlField::Time);
                self.datetime = attribute(tag.attributes, "datetime");
            }
            ("title" | "cite" | "time", true) => self.switch(HtmlField::Body),
            ("br", _) => self.line_break(),
            (block, _) if is_block(block) && self.into == HtmlField::Body => self.flush(),
            _ => {}
        }
    }

    fn attribute_meta(&mut self, tag: &Tag, name: &str, key: &str) {
        if let Some(value) = attribute(tag.attributes, name) {
            self.reading
                .set_meta(key, &entities::decode_entities(&value));
        }
    }

    /// Ends what is being collected and starts collecting into `into`.
    fn switch(&mut self, into: HtmlField) {
        self.flush();
        self.into = into;
    }

    /// Acts on the collected text: a title, a speaker, a start, or a
    /// paragraph (a paragraph that is only a clock is a start).
    fn flush(&mut self) {
        let text = match self.first_piece.take() {
            // Most often the line break between two tags.
            Some(piece) if is_blank(piece) => Cow::Borrowed(""),
            Some(piece) if !has_byte(piece, b'&') && is_collapsed(piece) => Cow::Borrowed(piece),
            Some(piece) => Cow::Owned(collapse_whitespace(&entities::decode_entities(piece))),
            None if self.pieces == 0 => Cow::Borrowed(""),
            None => Cow::Owned(collapse_whitespace(&entities::decode_entities(
                &self.buffer,
            ))),
        };
        self.pieces = 0;
        // The buffer keeps a paragraph's capacity for the next one, but
        // never holds on to a huge one.
        if self.buffer.capacity() > 1 << 16 {
            self.buffer = String::new();
        }
        self.buffer.clear();
        match self.into {
            HtmlField::Title => self.reading.set_meta("title", &text),
            HtmlField::Cite => {
                self.saw_cite = true;
                let name = text.strip_suffix(':').unwrap_or(&text).trim_end();
                self.speaker = self.reading.speaker(name);
            }
            HtmlField::Time => {
                let datetime = self.datetime.take();
                self.pending_start =
                    parse_lenient(&text).or_else(|| datetime.as_deref().and_then(parse_datetime));
            }
            HtmlField::Body if text.is_empty() => {}
            HtmlField::Body => match has_byte(&text, b':')
                .then(|| parse_lenient(&text))
                .flatten()
            {
                Some(start) => self.pending_start = Some(start),
                None => {
                    let mut fragment =
                        Fragment::new(Kind::Paragraph, self.pending_start.take(), None);
                    fragment.speaker = self.speaker;
                    self.reading.push(fragment, &text);
                }
            },
        }
        self.into = HtmlField::Body;
    }
}

/// Reads a tag at the start of `text`, up to its `>` (quoted attribute
/// values may hold `>`); `None` when `<` opens no tag.
fn read_tag(text: &str) -> Option<(Tag<'_>, &str)> {
    let inner = &text[1..];
    let closing = inner.starts_with('/');
    let inner = inner.strip_prefix('/').unwrap_or(inner);
    // Every byte of a name is ASCII: a byte that is not ends it (the first
    // byte of a char, so a char boundary).
    let name_len = inner
        .bytes()
        .position(|b| !b.is_ascii_alphanumeric() && b != b'-' && b != b':')
        .unwrap_or(inner.len());
    if name_len == 0 || !inner.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let end = unquoted_close(inner, name_len).unwrap_or(inner.len());
    let local = inner[..name_len].rsplit(':').next().unwrap_or_default();
    let name = if local.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(local.to_ascii_lowercase())
    } else {
        Cow::Borrowed(local)
    };
    let tag = Tag {
        name,
        closing,
        attributes: &inner[name_len..end],
    };
    Some((tag, inner.get(end + 1..).unwrap_or_default()))
}

/// Whether `text` is already its words joined by one space each: no
/// whitespace but single spaces between words. By bytes; chars are
/// decoded only in text that is not all ASCII.
fn is_collapsed(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    let other_space = |b: u8| matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r');
    // Every byte looked at, no early exit: the compiler makes a vector
    // loop of it, where a byte-by-byte scan with exits is not one.
    let any_other = bytes.iter().fold(false, |any, &b| any | other_space(b));
    // Two spaces in a row, the same way (a paragraph is a few dozen bytes:
    // a substring search's set-up costs more than the search).
    let doubled = (bytes.windows(2)).fold(false, |any, w| any | (w[0] == b' ') & (w[1] == b' '));
    if any_other || doubled {
        return false;
    }
    text.is_ascii() || !text.chars().any(|c| c != ' ' && c.is_whitespace())
}

/// Whether `text` holds the ASCII byte `b`.
fn has_byte(text: &str, b: u8) -> bool {
    super::scan::contains(b, text.as_bytes())
}

/// Whether `text` is only ASCII whitespace (nothing once collapsed).
fn is_blank(text: &str) -> bool {
    text.bytes()
        .all(|b| matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' '))
}

/// The words of `text` joined by one space each.
fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Skips a `<script>` or `<style>` body up to its end tag.
fn skip_raw_text<'a>(text: &'a str, name: &str) -> &'a str {
    let closing = format!("</{name}");
    let bytes = text.as_bytes();
    let found = (0..bytes.len()).find(|&i| {
        bytes[i] == b'<'
            && bytes
                .get(i..i + closing.len())
                .is_some_and(|b| b.eq_ignore_ascii_case(closing.as_bytes()))
    });
    match found {
        Some(at) => text[at..].find('>').map_or("", |end| &text[at + end + 1..]),
        None => "",
    }
}

/// An attribute's value (`name="v"`, `name='v'` or `name=v`).
fn attribute(attributes: &str, name: &str) -> Option<String> {
    // Most tags have no attributes at all.
    if !attributes.contains('=') {
        return None;
    }
    let lower = attributes.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find(name) {
        let start = from + at;
        from = start + name.len();
        let before_ok = start == 0 || lower.as_bytes()[start - 1].is_ascii_whitespace();
        let after = attributes[from..].trim_start();
        let Some(value) = after.strip_prefix('=').map(str::trim_start) else {
            continue;
        };
        if !before_ok {
            continue;
        }
        let value = match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or_default(),
            _ => value
                .split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .unwrap_or_default(),
        };
        return Some(value.to_string());
    }
    None
}

/// A `datetime` attribute: a clock, or ISO 8601 `PT1H2M3.5S`.
fn parse_datetime(value: &str) -> Option<Ms> {
    if let Some(ms) = parse_lenient(value.trim()) {
        return Some(ms);
    }
    let mut rest = value.trim().strip_prefix("PT")?;
    let mut ms: f64 = 0.0;
    while !rest.is_empty() {
        let number_len = rest.find(|c: char| !c.is_ascii_digit() && c != '.')?;
        let number: f64 = rest[..number_len].parse().ok()?;
        let unit = match rest[number_len..].chars().next()? {
            'H' => 3_600_000.0,
            'M' => 60_000.0,
            'S' => 1000.0,
            _ => return None,
        };
        ms += number * unit;
        rest = &rest[number_len + 1..];
    }
    super::timestamp::seconds_to_ms(ms / 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows<'r>(reading: &'r Reading<'_>) -> Vec<(Option<&'r str>, Option<Ms>, &'r str)> {
        reading
            .fragments
            .iter()
            .map(|f| {
                let name = f.speaker.map(|s| reading.names[s as usize].as_str());
                (name, f.start, reading.text(f))
            })
            .collect()
    }

    #[test]
    fn cite_time_and_paragraphs() {
        let reading = read(
            "<cite>Ann:</cite>\n<time>59:58</time>\n<p>It&#39;s late.</p>\n<cite>Bob :</cite><time>1:00:03</time><p>Very<br>late.</p><p></p><p>12:04  </p><p>Later.</p><p>2024</p>",
        );
        assert_eq!(
            rows(&reading),
            [
                (Some("Ann"), Some(3_598_000), "It's late."),
                (Some("Bob"), Some(3_603_000), "Very late."),
                (Some("Bob"), Some(724_000), "Later."),
                (Some("Bob"), None, "2024"),
            ]
        );
        assert!(!reading.find_labels);
    }

    #[test]
    fn saved_pages_skip_head_scripts_and_navigation() {
        let reading = read(
            "<!-- saved from url=(0040)https://x -->\n<!DOCTYPE html><html lang=\"en\"><head><title>Ep 1 &amp; more</title><style>p{}</style><link rel=\"canonical\" href='https://x/1'></head><body><nav>Home</nav><script>var a = '<p>no</p>';</script><header>Site</header><p>Text <b>bold</b>.</p><div>Bare div text</div>Loose text<footer>(c)</footer></body></html>",
        );
        assert_eq!(reading.metadata["title"], "Ep 1 & more");
        assert_eq!(reading.metadata["language"], "en");
        assert_eq!(reading.metadata["canonical_url"], "https://x/1");
        let texts = reading.all_texts();
        assert_eq!(texts, ["Text bold.", "Bare div text", "Loose text"]);
    }

    #[test]
    fn text_is_kept_as_written_only_when_collapsing_changes_nothing() {
        for text in ["a b", "one", "", "é ü"] {
            assert!(is_collapsed(text), "{text:?}");
            assert_eq!(collapse_whitespace(text), text);
        }
        for text in [" a", "a ", "a  b", "a\tb", "a\nb", "a\u{a0}b", "  "] {
            assert!(!is_collapsed(text), "{text:?}");
            assert_ne!(collapse_whitespace(text), text);
        }
        for text in [
            "a\u{85}b",
            "x\u{3000}",
            "a\u{2000}b",
            "é",
            "a b c",
            "\u{1c}",
        ] {
            let by_words = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(is_collapsed(text), by_words == text, "{text:?}");
        }
        for text in ["", " \n\t\r", "\u{b}\u{c}"] {
            assert!(is_blank(text) && collapse_whitespace(text).is_empty());
        }
        assert!(!is_blank(" x ") && !is_blank("\u{a0}"));
        let reading = read("<p>Kept as written.</p><p>Two\n  lines &amp; more</p>");
        assert_eq!(
            reading.all_texts(),
            ["Kept as written.", "Two lines & more"]
        );
    }

    #[test]
    fn datetime_attributes_and_unterminated_comments() {
        let reading = read("<time datetime=\"PT1H2M3S\">start</time><p>x</p><!-- open");
        assert_eq!(reading.fragments[0].start, Some(3_723_000));
        assert_eq!(reading.warnings.count("unterminated-comment"), 1);
        assert_eq!(parse_datetime("PT1.5S"), Some(1500));
        assert_eq!(parse_datetime("P1D"), None);
    }
}
