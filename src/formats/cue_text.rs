//! A caption's payload as WebVTT's cue-text tokenizer reads it: tags
//! dropped (their text kept), inline timestamps dropped, character
//! references decoded, and voices (`<v Ann>`) split into spans.

use std::borrow::Cow;

use super::entities;

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

/// Reads a payload into voice spans, in order. Lines are display breaks
/// and join with a space, except lines starting `- ` (dialogue dashes),
/// which lose the dash and stay separate lines. Text before the first
/// voice, or after `</v>`, has no voice.
pub fn voice_spans(payload: &str, references: References) -> Vec<VoiceSpan> {
    let mut spans = vec![VoiceSpan {
        voice: None,
        text: String::new(),
    }];
    for (i, line) in payload.split('\n').enumerate() {
        let (line, dash) = match line.trim_start().strip_prefix("- ") {
            Some(rest) => (rest, true),
            None => (line, false),
        };
        // A dialogue dash starts a line of its own, the cue's first too.
        if i > 0 || dash {
            let last = spans.last_mut().map(|s| &mut s.text);
            if let Some(text) = last {
                text.push(if dash { '\n' } else { ' ' });
            }
        }
        read_line(line, references, &mut spans);
    }
    spans.retain(|s| !s.text.trim().is_empty());
    spans
}

/// The payload's text with every tag dropped, on one line per payload
/// line, spaces collapsed and empty lines left out (for rolling
/// captions).
pub fn plain_lines(payload: &str, references: References) -> Vec<String> {
    payload
        .split('\n')
        .map(|line| plain_line(line, references))
        .filter(|line| !line.is_empty())
        .map(Cow::into_owned)
        .collect()
}

/// The first and the last of [`plain_lines`], without the rest: what
/// telling rolling captions apart needs of every cue.
pub fn edge_lines(payload: &str, references: References) -> Option<(String, String)> {
    let plain = |line| plain_line(line, references);
    let first = payload.split('\n').map(plain).find(|l| !l.is_empty())?;
    let last = payload.rsplit('\n').map(plain).find(|l| !l.is_empty())?;
    Some((first.into_owned(), last.into_owned()))
}

/// One payload line with its tags dropped and its spaces collapsed;
/// borrowed when there is nothing to drop.
fn plain_line(line: &str, references: References) -> Cow<'_, str> {
    let special = |b: u8| matches!(b, b'<' | b'&' | b'{') || (b.is_ascii_whitespace() && b != b' ');
    let plain = !line.bytes().any(special)
        && !line.contains("  ")
        && line.trim() == line
        && (line.is_ascii() || line.chars().all(|c| c == ' ' || !c.is_whitespace()));
    if plain {
        return Cow::Borrowed(line);
    }
    let mut spans = vec![VoiceSpan {
        voice: None,
        text: String::new(),
    }];
    read_line(line, references, &mut spans);
    let text: String = spans.into_iter().map(|s| s.text).collect();
    Cow::Owned(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Tokenizes one line, appending text to the last span and opening a new
/// span at each voice change.
fn read_line(line: &str, references: References, spans: &mut Vec<VoiceSpan>) {
    let mut rest = line;
    while !rest.is_empty() {
        let text_end = rest.find(['<', '{']).unwrap_or(rest.len());
        push_text(&rest[..text_end], references, spans);
        rest = &rest[text_end..];
        if rest.starts_with('{') {
            // An ASS override such as `{\an8}`; any other brace is text.
            match rest.strip_prefix("{\\").and_then(|r| r.find('}')) {
                Some(close) => rest = &rest[close + 3..],
                None => {
                    push_text("{", references, spans);
                    rest = &rest[1..];
                }
            }
            continue;
        }
        // A tag runs to `>`; a stray `<` swallows the rest, as browsers do.
        let Some(close) = rest.find('>') else {
            break;
        };
        tag(&rest[1..close], spans);
        rest = &rest[close + 1..];
    }
}

fn push_text(text: &str, references: References, spans: &mut [VoiceSpan]) {
    if text.is_empty() {
        return;
    }
    let decoded = match references {
        References::Html => entities::decode(text),
        References::Basic => entities::decode_basic(text),
    };
    if let Some(span) = spans.last_mut() {
        span.text.push_str(&decoded);
    }
}

/// Acts on one tag's inside (between `<` and `>`): a voice opens a span,
/// `</v>` closes it, everything else is dropped.
fn tag(inside: &str, spans: &mut Vec<VoiceSpan>) {
    if let Some(end) = inside.strip_prefix('/') {
        if end.trim() == "v" || end.starts_with("v.") {
            open_span(None, spans);
        }
        return;
    }
    let name_end = inside
        .find(|c: char| c == '.' || c.is_whitespace())
        .unwrap_or(inside.len());
    if &inside[..name_end] != "v" {
        return;
    }
    let annotation = inside[name_end..]
        .trim_start_matches(|c: char| !c.is_whitespace())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let annotation = entities::decode(&annotation).into_owned();
    if !annotation.is_empty() {
        open_span(Some(annotation), spans);
    }
}

fn open_span(voice: Option<String>, spans: &mut Vec<VoiceSpan>) {
    if spans.last().is_some_and(|s| s.voice == voice) {
        return;
    }
    spans.push(VoiceSpan {
        voice,
        text: String::new(),
    });
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
    fn lines_join_and_dialogue_dashes_stay_apart() {
        assert_eq!(spans("one\ntwo")[0].1, "one two");
        assert_eq!(spans("- Hi\n- Hello")[0].1, "\nHi\nHello");
    }

    #[test]
    fn edge_lines_are_the_first_and_last_plain_lines() {
        let payload = " \n<c>first</c>  line\nmiddle\nlast\n ";
        let (first, last) = edge_lines(payload, References::Html).expect("lines");
        assert_eq!((first.as_str(), last.as_str()), ("first line", "last"));
        assert_eq!(edge_lines(" \n", References::Html), None);
    }

    #[test]
    fn plain_lines_strip_everything() {
        let lines = plain_lines(
            "when I<00:00:01.680><c> started</c>\n \nnext",
            References::Html,
        );
        assert_eq!(lines, ["when I started", "next"]);
    }
}
