//! Podlove Simple Transcripts: `<pst:speech>` turns, each with an
//! optional `<pst:speaker>` and `<pst:item start end>` words or phrases.

use std::borrow::Cow;

use super::Refusal;
use super::entities::decode_basic;
use super::fragment::{Fragment, Kind, Reading};
use super::timestamp::parse_lenient;
use super::xml_tokens::{Attributes, Token, tokens};
use crate::episode::Format;

/// What text is being read into.
#[derive(PartialEq, Eq)]
enum PodloveField {
    Nothing,
    Speaker,
    Item,
}

/// Reads a Podlove Simple Transcripts document.
pub fn read(text: &str) -> Result<Reading<'_>, Refusal> {
    let mut reading = Reading::borrowing(Format::PodloveXml, text);
    // Room for an item every 64 bytes up front: a word-level file's
    // fragment list was copied each time it doubled (room never written
    // to costs no memory).
    reading.fragments.reserve(text.len() / 64);
    // Every speech names its speaker, or none: nothing carries over.
    reading.carry_speaker = false;
    let mut into = PodloveField::Nothing;
    let mut speaker = None;
    let mut speaker_name = String::new();
    let mut new_turn = false;
    let mut item = Item::default();
    for token in tokens(text) {
        match token {
            Token::Start {
                name, attributes, ..
            } => match name {
                "speech" => {
                    speaker = None;
                    new_turn = true;
                }
                "speaker" => {
                    into = PodloveField::Speaker;
                    speaker_name.clear();
                }
                "item" => {
                    let [start, end] = item_times(&attributes);
                    let time = |v: Option<&str>| v.and_then(|v| parse_lenient(&decode_basic(v)));
                    let mut fragment = Fragment::new(Kind::Word, time(start), time(end));
                    fragment.speaker = speaker;
                    fragment.turn_break = std::mem::take(&mut new_turn);
                    item.open(&mut reading, fragment);
                    into = PodloveField::Item;
                }
                _ => {}
            },
            Token::End { name } => {
                if name == "speaker" {
                    speaker = reading.speaker(&speaker_name);
                }
                into = PodloveField::Nothing;
            }
            Token::Text(text) => match into {
                PodloveField::Speaker => speaker_name.push_str(&text),
                PodloveField::Item => item.push(text),
                PodloveField::Nothing => {}
            },
            // Not asked for: decoded as `Text` would be.
            Token::RawText(raw) => match into {
                PodloveField::Speaker => speaker_name.push_str(&decode_basic(raw)),
                PodloveField::Item => item.push(decode_basic(raw)),
                PodloveField::Nothing => {}
            },
        }
    }
    item.close(&mut reading);
    if reading.fragments.is_empty() {
        return Err(Refusal::new("podlove-xml", "no transcript found (0 items)"));
    }
    Ok(reading)
}

/// The raw `start` and `end` of an item (the first of each):
/// `attributes.pick` of those names, with one `match` a pair.
fn item_times<'a>(attributes: &Attributes<'a>) -> [Option<&'a str>; 2] {
    let mut found = [None; 2];
    attributes.for_each_local(|name, value| {
        let slot = match name {
            "start" => 0,
            "end" => 1,
            _ => return,
        };
        found[slot].get_or_insert(value);
    });
    found
}

/// The last item met, kept until the next (or the end): its text is every
/// piece of text read while it was open, kept once when it is complete
/// (a word at a time through the appends cost more than the word).
#[derive(Default)]
struct Item<'a> {
    fragment: Option<Fragment>,
    /// Its text while it is one piece of the file (most are).
    only_piece: Option<Cow<'a, str>>,
    /// Its text once a second piece came (kept for its capacity).
    copied: String,
}

impl<'a> Item<'a> {
    /// Keeps the item before, and opens `fragment`.
    fn open(&mut self, reading: &mut Reading<'a>, fragment: Fragment) {
        self.close(reading);
        self.fragment = Some(fragment);
    }

    fn push(&mut self, text: Cow<'a, str>) {
        if self.only_piece.is_none() && self.copied.is_empty() {
            self.only_piece = Some(text);
            return;
        }
        if let Some(first) = self.only_piece.take() {
            self.copied.push_str(&first);
        }
        self.copied.push_str(&text);
    }

    /// Adds the item open, if any, with its text.
    fn close(&mut self, reading: &mut Reading<'a>) {
        let Some(fragment) = self.fragment.take() else {
            return;
        };
        match self.only_piece.take() {
            Some(piece) => reading.push_word(fragment, &piece),
            None => reading.push_word(fragment, &self.copied),
        }
        self.copied.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_times_are_picked_as_pick_does() {
        let tags = [
            r#"<pst:item start="00:00:01.000" end="00:00:02.000">"#,
            r#"<item end="2" start="1" start="9" x:start='3'>"#,
            r#"<pst:item other="1" end = "&amp;">"#,
            "<pst:item/>",
            r#"<pst:item start end="2">"#,
        ];
        for tag in tags {
            for token in tokens(tag) {
                if let Token::Start { attributes, .. } = token {
                    assert_eq!(
                        item_times(&attributes),
                        attributes.pick(["start", "end"]),
                        "{tag}"
                    );
                }
            }
        }
    }

    #[test]
    fn an_items_text_is_every_piece_until_an_element_ends() {
        let reading = read(
            r#"<pst:transcripts><pst:speech><pst:item start="1">a<!-- c --><![CDATA[b]]>&amp;c<b>d</b>lost</pst:item><pst:item start="2"></pst:item><pst:item start="3">R&amp;B"#,
        )
        .expect("reads");
        assert_eq!(reading.all_texts(), ["ab&cd", "", "R&B"]);
    }

    #[test]
    fn speeches_are_turns_and_items_words() {
        let reading = read(
            r#"<pst:transcripts xmlns:pst="http://podlove.org/simple-transcripts" version="1.0"><pst:speech><pst:speaker>Ann</pst:speaker><pst:item start="00:00:03.120" end="00:00:03.900">Hello and</pst:item><pst:item start="00:00:03.900" end="00:00:04.000">welcome</pst:item></pst:speech><pst:speech><pst:speaker></pst:speaker><pst:item start="00:00:05.000">Hi.</pst:item></pst:speech></pst:transcripts>"#,
        )
        .expect("reads");
        let got: Vec<_> = reading
            .fragments
            .iter()
            .map(|f| (f.speaker, f.start, f.turn_break, reading.text(f)))
            .collect();
        assert_eq!(
            got,
            [
                (Some(0), Some(3120), true, "Hello and"),
                (Some(0), Some(3900), false, "welcome"),
                (None, Some(5000), true, "Hi."),
            ]
        );
    }
}
