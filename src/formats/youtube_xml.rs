//! YouTube's caption XML: `srv3` (`<timedtext format="3">`, the json3
//! model: `<p t d>` in ms with `<s>` pieces) and the legacy `srv1`
//! (`<transcript><text start dur>`, seconds).

use std::borrow::Cow;

use super::Refusal;
use super::entities::decode_basic;
use super::fragment::{Fragment, Kind, Reading};
use super::json::seconds_attribute_ms;
use super::timestamp::Ms;
use super::xml_tokens::{Attributes, Token, tokens};
use crate::episode::Format;

/// Reads srv3: each `<p>` an event; an appended `<p a="1">` holding only
/// a line break is a scrolling window's break, not text.
pub fn read_srv3(text: &str) -> Result<Reading<'_>, Refusal> {
    let mut reading = Reading::borrowing(Format::YoutubeSrv3, text);
    let mut open: Option<(Fragment, bool)> = None;
    let mut caption = Caption::default();
    let mut automatic = false;
    for token in tokens(text) {
        match token {
            Token::Start {
                name: "p",
                attributes,
                empty: false,
            } => {
                let [t, d, a] = attributes.pick(["t", "d", "a"]);
                let ms =
                    |v: Option<&str>| v.and_then(|v| decode_basic(v).trim().parse::<u64>().ok());
                let start = ms(t).filter(|&t| t < super::timestamp::MAX_MS);
                let end = start.zip(ms(d)).and_then(|(s, d)| s.checked_add(d));
                let append = a.map(decode_basic).as_deref() == Some("1");
                open = Some((Fragment::new(Kind::Caption, start, end), append));
                caption.clear();
            }
            Token::Start {
                name: "s",
                attributes,
                ..
            } if !automatic => {
                automatic = attributes.pick(["ac"])[0].is_some();
            }
            Token::Text(text) if open.is_some() => caption.push(text),
            Token::End { name: "p" } => {
                if let Some((fragment, append)) = open.take()
                    && !(append && caption.text().trim().is_empty())
                {
                    push_caption(&mut reading, fragment, caption.text());
                }
            }
            _ => {}
        }
    }
    let generator = if automatic {
        "YouTube (auto-generated)"
    } else {
        "YouTube"
    };
    reading.set_meta("generator", generator);
    done(reading, "youtube-srv3")
}

/// Reads srv1: `<text start dur>` in seconds; text escaped twice by some
/// tools is decoded again.
pub fn read_srv1(text: &str) -> Result<Reading<'_>, Refusal> {
    let mut reading = Reading::borrowing(Format::YoutubeSrv1, text);
    // Room for a caption every 64 bytes up front, so the fragment list is
    // not copied each time it doubles (room never written to costs no
    // memory).
    reading.fragments.reserve(text.len() / 64);
    reading.find_labels = true;
    let mut open: Option<Fragment> = None;
    let mut caption = Caption::default();
    for token in tokens(text).keeping_references() {
        match token {
            Token::Start {
                name: "text",
                attributes,
                empty: false,
            } => {
                let [start, duration] = start_and_dur(&attributes);
                let seconds = |v: Option<&str>| v.and_then(|v| seconds_ms(&decode_basic(v)));
                let (start, duration) = (seconds(start), seconds(duration));
                let end = start.zip(duration).map(|(s, d)| s + d);
                open = Some(Fragment::new(Kind::Caption, start, end));
                caption.clear();
            }
            Token::Text(text) if open.is_some() => caption.push(text),
            Token::RawText(raw) if open.is_some() => caption.push_raw(raw),
            Token::End { name: "text" } => {
                if let Some(fragment) = open.take() {
                    push_srv1_caption(&mut reading, fragment, &caption);
                }
            }
            _ => {}
        }
    }
    done(reading, "youtube-srv1")
}

/// The raw `start` and `dur` of an srv1 `<text>` (the first of each):
/// `attributes.pick` of those names, with one `match` a pair.
fn start_and_dur<'a>(attributes: &Attributes<'a>) -> [Option<&'a str>; 2] {
    let mut found = [None; 2];
    attributes.for_each_local(|name, value| {
        let slot = match name {
            "start" => 0,
            "dur" => 1,
            _ => return,
        };
        found[slot].get_or_insert(value);
    });
    found
}

/// Adds an srv1 caption: one written with `&amp;#39;` and `&amp;quot;`
/// (escaped twice, as YouTube's own files are) decoded straight into the
/// reading's text, any other decoded in rounds.
fn push_srv1_caption(reading: &mut Reading, fragment: Fragment, caption: &Caption) {
    if let Some(raw) = caption.raw_only {
        let decoded = reading.push_written(fragment.clone(), |out| decode_escaped_twice(raw, out));
        if !decoded {
            push_caption(reading, fragment, &decode_again(&decode_basic(raw)));
        }
        return;
    }
    push_caption(reading, fragment, &decode_again(caption.text()));
}

/// A caption's text as it is read: a slice of the file while it is one
/// piece (most are), copied once a second piece comes.
#[derive(Default)]
struct Caption<'a> {
    only_piece: Option<&'a str>,
    /// The only piece, when it holds references (not decoded yet).
    raw_only: Option<&'a str>,
    pieces: usize,
    /// The pieces copied (kept for its capacity).
    copied: String,
}

impl<'a> Caption<'a> {
    fn push(&mut self, piece: Cow<'a, str>) {
        match (self.pieces, piece) {
            (0, Cow::Borrowed(piece)) => self.only_piece = Some(piece),
            (_, piece) => {
                self.spill();
                self.copied.push_str(&piece);
            }
        }
        self.pieces += 1;
    }

    /// Adds a piece whose references are not decoded yet.
    fn push_raw(&mut self, raw: &'a str) {
        if self.pieces == 0 {
            self.raw_only = Some(raw);
            self.pieces += 1;
        } else {
            self.push(decode_basic(raw));
        }
    }

    /// Copies the only piece, kept as it was found, where more will go.
    fn spill(&mut self) {
        if let Some(first) = self.only_piece.take() {
            self.copied.push_str(first);
        }
        if let Some(raw) = self.raw_only.take() {
            self.copied.push_str(&decode_basic(raw));
        }
    }

    /// The text of a caption that is not one piece with references.
    fn text(&self) -> &str {
        self.only_piece.unwrap_or(&self.copied)
    }

    fn clear(&mut self) {
        self.only_piece = None;
        self.raw_only = None;
        self.pieces = 0;
        self.copied.clear();
    }
}

/// Seconds as written in srv1 (`12.44`) as milliseconds: the usual
/// shape (up to nine digits, up to three decimals) read exactly, what
/// else a file writes read as a number as before.
fn seconds_ms(value: &str) -> Option<Ms> {
    plain_seconds_ms(value).or_else(|| seconds_attribute_ms(value))
}

/// `12`, `12.4`, `12.44`, `12.445` as milliseconds; `None` for anything
/// else (spaces, signs, exponents, long numbers).
fn plain_seconds_ms(value: &str) -> Option<Ms> {
    // One walk over the bytes, whole seconds then the fraction: two
    // caption times a caption, splitting each and checking its parts
    // apart cost more than the rest of the start tag.
    let bytes = value.as_bytes();
    if bytes.len() > 13 {
        return None;
    }
    let whole_len = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    if !(1..=9).contains(&whole_len) {
        return None;
    }
    let number = |digits: &[u8]| {
        digits
            .iter()
            .fold(0, |n: Ms, &b| n * 10 + Ms::from(b - b'0'))
    };
    let whole = number(&bytes[..whole_len]);
    let millis = match bytes.get(whole_len..) {
        Some([]) | None => 0,
        Some([b'.', fraction @ ..])
            if (1..=3).contains(&fraction.len()) && fraction.iter().all(u8::is_ascii_digit) =>
        {
            number(fraction) * [100, 10, 1][fraction.len() - 1]
        }
        Some(_) => return None,
    };
    let ms = whole * 1000 + millis;
    (ms < super::timestamp::MAX_MS).then_some(ms)
}

/// Adds a caption, its line breaks as spaces.
fn push_caption(reading: &mut Reading, fragment: Fragment, caption: &str) {
    if super::scan::contains(b'\n', caption.as_bytes()) {
        reading.push(fragment, &caption.replace('\n', " "));
    } else {
        reading.push(fragment, caption);
    }
}

/// Writes `raw` decoded to `out` when its only references are `&amp;#N;`
/// (N a printable ASCII character other than `&`) and `&amp;quot;`, line
/// breaks as spaces: what the basic decoding, [`decode_again`] and
/// [`push_caption`] make of it, in one pass. `false` for any other `&`.
fn decode_escaped_twice(raw: &str, out: &mut String) -> bool {
    let bytes = raw.as_bytes();
    let (mut copied, mut at) = (0, 0);
    // A reference or a line break, whichever comes first, in one search.
    while let Some(found) = super::scan::find2(b'&', b'\n', &bytes[at..]) {
        let found = at + found;
        out.push_str(&raw[copied..found]);
        let (c, len) = match bytes[found] {
            b'\n' => (' ', 1),
            _ => match escaped_twice(&raw[found..]) {
                Some(reference) => reference,
                None => return false,
            },
        };
        out.push(c);
        at = found + len;
        copied = at;
    }
    out.push_str(&raw[copied..]);
    true
}

/// The character `&amp;#N;` or `&amp;quot;` at the start of `text`
/// stands for, once decoded twice, and the bytes it takes.
fn escaped_twice(text: &str) -> Option<(char, usize)> {
    let after = text.strip_prefix("&amp;")?;
    if after.starts_with("quot;") {
        return Some(('"', "&amp;quot;".len()));
    }
    let number = after.strip_prefix('#')?.as_bytes();
    let end = number.iter().take(8).position(|&b| b == b';')?;
    let digits = &number[..end];
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let code = digits
        .iter()
        .fold(0u32, |n, &d| n * 10 + u32::from(d - b'0'));
    let printable = (0x20..0x7f).contains(&code) && code != u32::from(b'&');
    printable.then(|| (char::from(code as u8), "&amp;#".len() + end + 1))
}

/// `&amp;#39;` → `'`: decode while references remain (a few rounds).
fn decode_again(text: &str) -> Cow<'_, str> {
    let mut text = Cow::Borrowed(text);
    for _ in 0..3 {
        // Most captions hold no `&` at all: one look for it, not three.
        let escaped = |t: &str| t.contains("&#") || t.contains("&quot;") || t.contains("&amp;");
        if !super::scan::contains(b'&', text.as_bytes()) || !escaped(&text) {
            break;
        }
        text = Cow::Owned(super::entities::decode_entities(&text).into_owned());
    }
    text
}

fn done<'a>(reading: Reading<'a>, looked_like: &'static str) -> Result<Reading<'a>, Refusal> {
    if reading.fragments.is_empty() {
        return Err(Refusal::new(
            looked_like,
            "no transcript found (0 captions)",
        ));
    }
    Ok(reading)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_and_dur_are_picked_as_pick_does() {
        let tags = [
            r#"<text start="1.5" dur="2.5">"#,
            r#"<text dur="2" start="1" start="9" x:start='3'>"#,
            r#"<text other="1" dur = "&amp;">"#,
            "<text/>",
            r#"<text start dur="2">"#,
        ];
        for tag in tags {
            for token in tokens(tag) {
                if let Token::Start { attributes, .. } = token {
                    let picked = attributes.pick(["start", "dur"]);
                    assert_eq!(start_and_dur(&attributes), picked, "{tag}");
                }
            }
        }
    }

    #[test]
    fn srv3_events_and_appended_breaks() {
        let reading = read_srv3(
            "<timedtext format=\"3\"><body><p t=\"120\" d=\"5400\" w=\"1\"><s ac=\"0\">so</s><s t=\"610\"> today</s></p><p t=\"1950\" d=\"3570\" a=\"1\">\n</p><p t=\"2000\" d=\"100\">we&amp;you</p></body></timedtext>",
        )
        .expect("reads");
        let got = reading.timed_texts();
        assert_eq!(
            got,
            [
                (Some(120), Some(5520), "so today"),
                (Some(2000), Some(2100), "we&you")
            ]
        );
        assert_eq!(reading.metadata["generator"], "YouTube (auto-generated)");
    }

    #[test]
    fn plain_seconds_read_as_the_number_does() {
        let mut values: Vec<String> = ["0", "5.", ".5", "1e3", " 2.5", "+1", "-1", "1.2345"]
            .map(String::from)
            .to_vec();
        let mut state: u64 = 0x1234_5678_9abc_def1;
        for _ in 0..50_000 {
            state = crate::test_support::xorshift_next(state);
            let whole = state % [10, 1000, 100_000, 1_000_000_000][(state >> 40) as usize % 4];
            let value = match (state >> 50) % 4 {
                0 => format!("{whole}"),
                1 => format!("{whole}.{}", (state >> 20) % 10),
                2 => format!("{whole}.{:02}", (state >> 20) % 100),
                _ => format!("{whole}.{:03}", (state >> 20) % 1000),
            };
            values.push(value);
        }
        for value in &values {
            assert_eq!(seconds_ms(value), seconds_attribute_ms(value), "{value:?}");
        }
        assert_eq!(plain_seconds_ms("12.44"), Some(12_440));
        assert_eq!(plain_seconds_ms("7.5"), Some(7_500));
        assert_eq!(plain_seconds_ms("7"), Some(7_000));
        // Anything else is left to the general reading.
        for odd in [
            "1e3",
            "",
            ".",
            "3.",
            ".5",
            "1.2.3",
            "1234567890",
            "12.3456",
            "+1",
            " 1",
            "1 ",
            "1,5",
            "١",
        ] {
            assert_eq!(plain_seconds_ms(odd), None, "{odd:?}");
        }
    }

    /// What srv1 made of a caption's raw text before the one-pass
    /// decoding: the basic decoding, then rounds, then line breaks.
    fn decoded_in_rounds(raw: &str) -> String {
        decode_again(&decode_basic(raw)).replace('\n', " ")
    }

    #[test]
    fn captions_escaped_twice_decode_in_one_pass_as_in_rounds() {
        let pieces = [
            "it",
            " ",
            "\n",
            "\r",
            "é",
            "Ann: ",
            "&amp;#39;",
            "&amp;quot;",
            "&amp;#0039;",
            "&amp;#32;",
            "&amp;#126;",
            "&amp;#59;",
            "&amp;#38;",
            "&amp;#10;",
            "&amp;#127;",
            "&amp;#31;",
            "&amp;amp;",
            "&amp;#65",
            "&amp;#12345678;",
            "&amp;#1234567;",
            "&amp;#x27;",
            "&amp;quot",
            "&amp;QUOT;",
            "&#39;",
            "&amp;",
            "&",
            "&amp;#;",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let (mut one_pass, mut cases) = (0, 0);
        for _ in 0..20_000 {
            let mut raw = String::new();
            for _ in 0..5 {
                state = crate::test_support::xorshift_next(state);
                let piece = pieces[(state >> 8) as usize % pieces.len()];
                // Two in three pieces from the first twelve (the usual
                // ones), so that many captions take the one pass.
                let usual = pieces[(state >> 40) as usize % 12];
                let any = state.is_multiple_of(3);
                raw.push_str(if any { piece } else { usual });
            }
            cases += 1;
            let mut out = String::from("kept");
            if decode_escaped_twice(&raw, &mut out) {
                one_pass += 1;
                assert_eq!(out, format!("kept{}", decoded_in_rounds(&raw)), "{raw:?}");
            }
        }
        assert!(
            one_pass > 2_000 && cases - one_pass > 2_000,
            "{one_pass} of {cases}"
        );
    }

    #[test]
    fn srv1_captions_of_pieces_and_odd_references_read_as_before() {
        let reading = read_srv1(
            "<transcript><text start=\"1\">a&amp;#39;b\nc</text><text start=\"2\">R&amp;amp;B &amp;#38;</text><text start=\"3\">x<!-- c -->&amp;#39;y<![CDATA[&amp;]]></text></transcript>",
        )
        .expect("reads");
        assert_eq!(reading.all_texts(), ["a'b c", "R&B &", "x'y&"]);
    }

    #[test]
    fn srv1_seconds_and_double_escapes() {
        let reading = read_srv1(
            "<?xml version=\"1.0\"?><transcript><text start=\"12.44\" dur=\"2.5\">it&amp;#39;s &amp;quot;fine&amp;quot;</text></transcript>",
        )
        .expect("reads");
        let fragment = &reading.fragments[0];
        assert_eq!((fragment.start, fragment.end), (Some(12_440), Some(14_940)));
        assert_eq!(reading.text(fragment), "it's \"fine\"");
    }
}
