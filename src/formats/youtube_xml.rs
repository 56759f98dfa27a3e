//! YouTube's caption XML: `srv3` (`<timedtext format="3">`, the json3
//! model: `<p t d>` in ms with `<s>` pieces) and the legacy `srv1`
//! (`<transcript><text start dur>`, seconds).

use std::borrow::Cow;

use super::Refusal;
use super::entities::decode_basic;
use super::fragment::{Fragment, Kind, Reading};
use super::json::seconds_attribute_ms;
use super::xml_tokens::{Token, tokens};
use crate::episode::Format;

/// Reads srv3: each `<p>` an event; an appended `<p a="1">` holding only
/// a line break is a scrolling window's break, not text.
pub fn read_srv3(text: &str) -> Result<Reading<'static>, Refusal> {
    let mut reading = Reading::new(Format::YoutubeSrv3);
    let mut open: Option<(Fragment, bool)> = None;
    // The open caption's text (kept for its capacity).
    let mut caption = String::new();
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
            Token::Text(text) if open.is_some() => caption.push_str(&text),
            Token::End { name: "p" } => {
                if let Some((fragment, append)) = open.take()
                    && !(append && caption.trim().is_empty())
                {
                    push_caption(&mut reading, fragment, &caption);
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
pub fn read_srv1(text: &str) -> Result<Reading<'static>, Refusal> {
    let mut reading = Reading::new(Format::YoutubeSrv1);
    reading.find_labels = true;
    let mut open: Option<Fragment> = None;
    // The open caption's text (kept for its capacity).
    let mut caption = String::new();
    for token in tokens(text) {
        match token {
            Token::Start {
                name: "text",
                attributes,
                empty: false,
            } => {
                let [start, duration] = attributes.pick(["start", "dur"]);
                let seconds =
                    |v: Option<&str>| v.and_then(|v| seconds_attribute_ms(&decode_basic(v)));
                let (start, duration) = (seconds(start), seconds(duration));
                let end = start.zip(duration).map(|(s, d)| s + d);
                open = Some(Fragment::new(Kind::Caption, start, end));
                caption.clear();
            }
            Token::Text(text) if open.is_some() => caption.push_str(&text),
            Token::End { name: "text" } => {
                if let Some(fragment) = open.take() {
                    push_caption(&mut reading, fragment, &decode_again(&caption));
                }
            }
            _ => {}
        }
    }
    done(reading, "youtube-srv1")
}

/// Adds a caption, its line breaks as spaces.
fn push_caption(reading: &mut Reading, fragment: Fragment, caption: &str) {
    if caption.contains('\n') {
        reading.push(fragment, &caption.replace('\n', " "));
    } else {
        reading.push(fragment, caption);
    }
}

/// `&amp;#39;` → `'`: decode while references remain (a few rounds).
fn decode_again(text: &str) -> Cow<'_, str> {
    let mut text = Cow::Borrowed(text);
    for _ in 0..3 {
        // Most captions hold no `&` at all: one look for it, not three.
        let escaped = |t: &str| t.contains("&#") || t.contains("&quot;") || t.contains("&amp;");
        if !text.contains('&') || !escaped(&text) {
            break;
        }
        text = Cow::Owned(super::entities::decode_entities(&text).into_owned());
    }
    text
}

fn done(reading: Reading<'static>, looked_like: &'static str) -> Result<Reading<'static>, Refusal> {
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
