//! Podlove Simple Transcripts: `<pst:speech>` turns, each with an
//! optional `<pst:speaker>` and `<pst:item start end>` words or phrases.

use super::Refusal;
use super::entities::decode_basic;
use super::fragment::{Fragment, Kind, Reading};
use super::timestamp::parse_lenient;
use super::xml_tokens::{Token, tokens};
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
    // Every speech names its speaker, or none: nothing carries over.
    reading.carry_speaker = false;
    let mut into = PodloveField::Nothing;
    let mut speaker = None;
    let mut speaker_name = String::new();
    let mut new_turn = false;
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
                    let [start, end] = attributes.pick(["start", "end"]);
                    let time = |v: Option<&str>| v.and_then(|v| parse_lenient(&decode_basic(v)));
                    let mut item = Fragment::new(Kind::Word, time(start), time(end));
                    item.speaker = speaker;
                    item.turn_break = std::mem::take(&mut new_turn);
                    reading.push(item, "");
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
                // An item's text is a slice of the file unless it held
                // references or several pieces.
                PodloveField::Item => reading.append_to_last(&text),
                PodloveField::Nothing => {}
            },
        }
    }
    if reading.fragments.is_empty() {
        return Err(Refusal::new("podlove-xml", "no transcript found (0 items)"));
    }
    Ok(reading)
}

#[cfg(test)]
mod tests {
    use super::*;

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
