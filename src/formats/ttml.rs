//! TTML, generic and Apple Podcasts' dialect: each `<p>` is a fragment,
//! its speaker from `ttm:agent` (on it or an ancestor, resolved through
//! the head's agent names), its times from `begin`/`end`/`dur`.

use std::borrow::Cow;
use std::collections::HashMap;

use super::Refusal;
use super::cue_text::any_byte;
use super::entities;
use super::fragment::{Fragment, Kind, Reading};
use super::timestamp::{Ms, parse_lenient, seconds_to_ms};
use super::xml_tokens::{self, Attributes, Token, attribute, tokens};
use crate::episode::Format;

/// Up to this many agents are looked up by comparing ids, not hashing.
const FEW_AGENTS: usize = 8;

/// Deeper than this is refused: no transcript nests so.
const MAX_DEPTH: usize = 256;

/// What an open element passes to its children.
#[derive(Debug, Clone, Default)]
struct ElementScope<'a> {
    begin: Option<Ms>,
    /// Borrowed from the document unless it held a reference.
    agent: Option<Cow<'a, str>>,
}

/// A `<p>` being read (its text in the reader's `text`).
struct OpenParagraph<'a> {
    start: Option<Ms>,
    end: Option<Ms>,
    agent: Option<Cow<'a, str>>,
    words: bool,
}

/// Frame and tick rates for `f` and `t` times.
#[derive(Clone, Copy)]
struct Rates {
    frame: f64,
    tick: f64,
}

/// The reading state of one document.
struct TtmlReader<'a> {
    reading: Reading<'a>,
    rates: Rates,
    scopes: Vec<ElementScope<'a>>,
    /// Agent ids to names, from the head.
    names: HashMap<String, String>,
    agent_id: Option<String>,
    /// A head element whose text is wanted (`name`, `title`).
    collecting: Option<(String, String)>,
    paragraph: Option<OpenParagraph<'a>>,
    /// The open paragraph's text (kept for its capacity).
    text: String,
    /// The open paragraph's text while it is one piece of the file (kept
    /// as a slice of it when no whitespace needs changing); copied into
    /// `text` when more comes.
    only_piece: Option<&'a str>,
    pieces: usize,
    /// Agent ids, interned. Until [`TtmlReader::finish`] resolves them to
    /// names (the head may name agents after they are used), a fragment's
    /// speaker is the index of its agent id here.
    agents: Vec<Cow<'a, str>>,
    agent_index: HashMap<Cow<'a, str>, u32>,
}

/// Reads a TTML document.
pub fn read(text: &str) -> Result<Reading<'_>, Refusal> {
    let mut reading = Reading::borrowing(Format::Ttml, text);
    // Room for a paragraph every 128 bytes up front, so the fragment list
    // is not copied each time it doubles (room never written to costs no
    // memory).
    reading.fragments.reserve(text.len() / 128);
    let mut reader = TtmlReader {
        reading,
        rates: Rates {
            frame: 30.0,
            tick: 1.0,
        },
        scopes: vec![ElementScope::default()],
        names: HashMap::new(),
        agent_id: None,
        collecting: None,
        paragraph: None,
        text: String::new(),
        only_piece: None,
        pieces: 0,
        agents: Vec::new(),
        agent_index: HashMap::new(),
    };
    for token in tokens(text) {
        match token {
            Token::Start {
                name,
                attributes,
                empty,
            } => reader.start(name, &attributes, empty)?,
            Token::End { name } => reader.end(name),
            Token::Text(text) => reader.text(text),
            // Not asked for: decoded as `Text` would be.
            Token::RawText(raw) => reader.text(entities::decode_basic(raw)),
        }
    }
    reader.finish()
}

impl<'a> TtmlReader<'a> {
    fn start(
        &mut self,
        name: &str,
        attributes: &Attributes<'a>,
        empty: bool,
    ) -> Result<(), Refusal> {
        // Every attribute a start tag may need, in one pass over them.
        let [begin, end, dur, agent, unit] = timing_attributes(attributes);
        let parent = self.scopes.last().cloned().unwrap_or_default();
        self.element(name, attributes, dur, unit);
        let timing = Timing { begin, end, dur };
        let (begin, end) = times(timing, parent.begin, self.rates);
        let agent = agent.map(entities::decode_basic).or(parent.agent);
        if name == "p" && self.paragraph.is_none() {
            self.paragraph = Some(OpenParagraph {
                start: begin,
                end,
                agent: agent.clone(),
                words: false,
            });
            self.text.clear();
            self.only_piece = None;
            self.pieces = 0;
        }
        if !empty {
            if self.scopes.len() > MAX_DEPTH {
                return Err(Refusal::new("ttml", "elements nest deeper than 256 levels"));
            }
            self.scopes.push(ElementScope {
                begin: begin.or(parent.begin),
                agent,
            });
        }
        Ok(())
    }

    /// What an element means besides its times and agent (`dur` and
    /// `unit` are its raw attributes of those names).
    fn element(
        &mut self,
        name: &str,
        attributes: &Attributes,
        dur: Option<&str>,
        unit: Option<&str>,
    ) {
        match name {
            "tt" => self.rates = tt_attributes(attributes, &mut self.reading),
            "agent" => self.agent_id = attribute(attributes, "id").map(Cow::into_owned),
            "name" | "title" => self.collecting = Some((name.to_string(), String::new())),
            "body" => {
                let dur = dur.and_then(|d| time(&entities::decode_basic(d), self.rates));
                let seconds = dur.and_then(|ms| serde_json::Number::from_f64(ms as f64 / 1000.0));
                if let Some(seconds) = seconds {
                    self.reading
                        .metadata
                        .insert("duration_seconds".into(), seconds.into());
                }
            }
            "br" => self.push_text(" "),
            "span" if is_unit(unit) => {
                self.spill_only_piece();
                if let Some(p) = &mut self.paragraph {
                    p.words = true;
                    if !self.text.is_empty() && !self.text.ends_with(' ') {
                        self.text.push(' ');
                        self.pieces += 1;
                    }
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        if self.scopes.len() > 1 {
            self.scopes.pop();
        }
        if let Some((what, value)) = self.collecting.take_if(|(n, _)| n == name) {
            if what == "title" {
                self.reading.set_meta("title", &value);
            } else if let Some(id) = &self.agent_id {
                self.names.insert(id.clone(), value.trim().to_string());
            }
        }
        if name == "p"
            && let Some(p) = self.paragraph.take()
        {
            let kind = if p.words {
                Kind::Paragraph
            } else {
                Kind::Caption
            };
            let mut fragment = Fragment::new(kind, p.start, p.end);
            fragment.speaker = p.agent.map(|agent| self.agent(agent));
            match self.only_piece.take() {
                Some(piece) if is_spaced(piece) => self.reading.push(fragment, piece),
                Some(piece) => {
                    push_spaced(&mut self.text, piece);
                    self.reading.push(fragment, &self.text);
                }
                None => self.reading.push(fragment, &self.text),
            }
        }
    }

    fn text(&mut self, text: Cow<'a, str>) {
        if let Some((_, value)) = &mut self.collecting {
            value.push_str(&text);
        }
        if self.paragraph.is_none() {
            return;
        }
        match (self.pieces, text) {
            // Not copied unless a second piece comes.
            (0, Cow::Borrowed(piece)) => {
                self.only_piece = Some(piece);
                self.pieces += 1;
            }
            (_, text) => self.push_text(&text),
        }
    }

    /// Adds to the open paragraph's text, if one is open.
    fn push_text(&mut self, text: &str) {
        if self.paragraph.is_some() {
            self.spill_only_piece();
            push_spaced(&mut self.text, text);
            self.pieces += 1;
        }
    }

    /// Copies the paragraph's first piece, kept as a slice of the file
    /// until now, into its text, where what follows goes.
    fn spill_only_piece(&mut self) {
        if let Some(piece) = self.only_piece.take() {
            push_spaced(&mut self.text, piece);
        }
    }

    /// The index of an agent id, interned.
    fn agent(&mut self, agent: Cow<'a, str>) -> u32 {
        // A file has a handful of agents and one on every paragraph: a
        // look along a few costs less than hashing the id.
        let known = if self.agents.len() <= FEW_AGENTS {
            let found = self.agents.iter().position(|a| *a == agent);
            found.and_then(|i| u32::try_from(i).ok())
        } else {
            self.agent_index.get(&agent).copied()
        };
        if let Some(index) = known {
            return index;
        }
        let index = u32::try_from(self.agents.len()).unwrap_or(u32::MAX);
        self.agents.push(agent.clone());
        self.agent_index.insert(agent, index);
        index
    }

    /// Resolves agent ids to names; labels are looked for only in files
    /// without agents.
    fn finish(mut self) -> Result<Reading<'a>, Refusal> {
        let mut speakers: Vec<Option<Option<u32>>> = vec![None; self.agents.len()];
        for index in 0..self.reading.fragments.len() {
            let Some(agent) = self.reading.fragments[index].speaker else {
                continue;
            };
            let slot = &mut speakers[agent as usize];
            self.reading.fragments[index].speaker = *slot.get_or_insert_with(|| {
                let agent = &self.agents[agent as usize];
                let name = self
                    .names
                    .get(agent.as_ref())
                    .map_or(agent.as_ref(), String::as_str);
                self.reading.speaker(name)
            });
        }
        let mut reading = self.reading;
        reading.find_labels = reading.names.is_empty();
        if reading.fragments.is_empty() {
            return Err(Refusal::new("ttml", "no transcript found (0 paragraphs)"));
        }
        Ok(reading)
    }
}

/// The raw `begin`, `end`, `dur`, `agent` and `unit` of a start tag
/// (the first of each): `attributes.pick` of those names, with one
/// `match` a pair rather than five comparisons.
fn timing_attributes<'a>(attributes: &Attributes<'a>) -> [Option<&'a str>; 5] {
    let mut found = [None; 5];
    attributes.for_each_local(|name, value| {
        let slot = match name {
            "begin" => 0,
            "end" => 1,
            "dur" => 2,
            "agent" => 3,
            "unit" => 4,
            _ => return,
        };
        found[slot].get_or_insert(value);
    });
    found
}

/// Whether [`push_spaced`] would copy `text` unchanged.
fn is_spaced(text: &str) -> bool {
    // One look at every byte for a break or a non-ASCII one (a vector
    // loop); only text that has one is looked at again.
    let odd = |b: u8| {
        (b == b'\t') | (b == b'\n') | (b == 0x0B) | (b == 0x0C) | (b == b'\r') | (b >= 0x80)
    };
    if !any_byte(text.as_bytes(), odd) {
        return true;
    }
    let ascii_break = |b: &u8| matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r');
    !text.as_bytes().iter().any(ascii_break) && !text.chars().any(|c| c != ' ' && c.is_whitespace())
}

/// Appends `text` with every whitespace character as a space: line
/// breaks and indentation in XML are spaces. Copies runs, not chars.
fn push_spaced(out: &mut String, text: &str) {
    if is_spaced(text) {
        return out.push_str(text);
    }
    let bytes = text.as_bytes();
    let (mut from, mut at) = (0, 0);
    while at < bytes.len() {
        let (len, space) = match bytes[at] {
            b'\t' | b'\n' | 0x0B | 0x0C | b'\r' => (1, true),
            b if b < 0x80 => (1, false),
            _ => {
                let c = text[at..].chars().next().unwrap_or(' ');
                (c.len_utf8(), c.is_whitespace())
            }
        };
        if space {
            out.push_str(&text[from..at]);
            out.push(' ');
            from = at + len;
        }
        at += len;
    }
    out.push_str(&text[from..]);
}

/// Whether a span's raw `unit` makes it one of Apple's word or sentence
/// units.
fn is_unit(unit: Option<&str>) -> bool {
    matches!(
        unit.map(entities::decode_basic).as_deref(),
        Some("word" | "sentence")
    )
}

/// Language, frame and tick rates, and Apple's generator from `<tt>`.
fn tt_attributes(attributes: &Attributes, reading: &mut Reading) -> Rates {
    if let Some(lang) = attribute(attributes, "lang") {
        reading.set_meta("language", &lang);
    }
    if attributes
        .raw()
        .any(|(_, v)| entities::decode_basic(v).contains("podcasts.apple.com"))
    {
        reading.set_meta("generator", "Apple Podcasts");
    }
    let rate = |name, default: f64| {
        attribute(attributes, name)
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|r| r.is_finite() && *r > 0.0)
            .unwrap_or(default)
    };
    Rates {
        frame: rate("frameRate", 30.0),
        tick: rate("tickRate", 1.0),
    }
}

/// An element's timing attributes, raw.
struct Timing<'a> {
    begin: Option<&'a str>,
    end: Option<&'a str>,
    dur: Option<&'a str>,
}

/// An element's begin and end: `end`, or `begin + dur`. A begin smaller
/// than the parent's is taken as relative to it.
fn times(timing: Timing, parent: Option<Ms>, rates: Rates) -> (Option<Ms>, Option<Ms>) {
    let read = |value: Option<&str>| value.and_then(|v| time(&entities::decode_basic(v), rates));
    let relative = |t: Ms| match parent {
        Some(p) if t < p => p + t,
        _ => t,
    };
    let begin = read(timing.begin).map(relative);
    let end = read(timing.end)
        .map(relative)
        .or_else(|| Some(begin? + read(timing.dur)?));
    (begin, end)
}

/// A TTML time: a clock (`00:00:01.5`, `00:00:01:12` with frames), an
/// offset (`12.3s`, `500ms`, `2h`, `5m`, `30f`, `100t`) or Apple's bare
/// seconds and `M:SS.mmm`.
fn time(value: &str, rates: Rates) -> Option<Ms> {
    let value = xml_tokens::trim(value);
    if let Some(ms) = parse_lenient(value) {
        return Some(ms);
    }
    let parts: Vec<&str> = value.split(':').collect();
    if let [h, m, s, frames] = parts[..] {
        let clock = parse_lenient(&format!("{h}:{m}:{s}"))?;
        let frames: f64 = frames.parse().ok()?;
        return clock.checked_add(seconds_to_ms(frames / rates.frame)?);
    }
    let unit_at = value.find(|c: char| c.is_ascii_alphabetic())?;
    let number: f64 = value[..unit_at].parse().ok()?;
    let seconds = match &value[unit_at..] {
        "h" => number * 3600.0,
        "m" => number * 60.0,
        "s" => number,
        "ms" => number / 1000.0,
        "f" => number / rates.frame,
        "t" => number / rates.tick,
        _ => return None,
    };
    seconds_to_ms(seconds)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RATES: Rates = Rates {
        frame: 30.0,
        tick: 1.0,
    };

    #[test]
    fn every_time_expression() {
        for (text, ms) in [
            ("0.76s", 760),
            ("500ms", 500),
            ("2h", 7_200_000),
            ("5m", 300_000),
            ("30f", 1000),
            ("00:00:01:15", 1500),
            ("00:00:01.500", 1500),
            ("12.345", 12_345),
            ("1:02.5", 62_500),
        ] {
            assert_eq!(time(text, RATES), Some(ms), "{text}");
        }
        assert_eq!(time("soon", RATES), None);
        assert_eq!(time("1e400s", RATES), None);
    }

    #[test]
    fn apple_agents_words_and_relative_times() {
        let reading = read(
            r#"<tt xmlns="http://www.w3.org/ns/ttml" xmlns:podcasts="http://podcasts.apple.com/transcript-ttml-internal" xmlns:ttm="http://www.w3.org/ns/ttml#metadata" xml:lang="en">
<head><metadata><ttm:agent xml:id="SPEAKER_1"><ttm:name>Ann Lee</ttm:name></ttm:agent></metadata></head>
<body dur="30.5"><div begin="10s">
<p begin="0.310" end="2.5" ttm:agent="SPEAKER_1"><span podcasts:unit="sentence"><span podcasts:unit="word">Welcome</span><span podcasts:unit="word">to</span><span podcasts:unit="word">the</span><span podcasts:unit="word">show.</span></span></p>
<p begin="12s" dur="2s" ttm:agent="SPEAKER_2">Second<br/>line</p>
</div></body></tt>"#,
        )
        .expect("reads");
        assert_eq!(reading.metadata["generator"], "Apple Podcasts");
        assert_eq!(reading.metadata["language"], "en");
        assert_eq!(reading.names, ["Ann Lee", "SPEAKER_2"]);
        let first = &reading.fragments[0];
        assert_eq!(reading.text(first).trim(), "Welcome to the show.");
        assert_eq!(
            (first.start, first.end, first.kind),
            (Some(10_310), Some(12_500), Kind::Paragraph)
        );
        let second = &reading.fragments[1];
        assert_eq!((second.start, second.end), (Some(12_000), Some(14_000)));
        assert_eq!(reading.text(second), "Second line");
    }

    #[test]
    fn one_piece_is_kept_as_written_unless_its_whitespace_changes() {
        assert!(is_spaced("plain words é"));
        for text in ["a\tb", "a\nb", "a\u{a0}b", "a\u{2028}b"] {
            assert!(!is_spaced(text), "{text:?}");
        }
        let reading = read(
            "<tt><body><p begin=\"1s\">One piece.</p><p begin=\"2s\">Two\nlines</p><p begin=\"3s\">A<br/>B &amp; C</p></body></tt>",
        )
        .expect("reads");
        assert_eq!(reading.all_texts(), ["One piece.", "Two lines", "A B & C"]);
    }

    #[test]
    fn every_whitespace_character_is_a_space() {
        let text = "a\tb\nc\u{b}d\u{c}e\rf g\u{a0}h\u{3000}i\u{85}é";
        let mut spaced = String::from(">");
        push_spaced(&mut spaced, text);
        let expected: String = text
            .chars()
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .collect();
        assert_eq!(spaced, format!(">{expected}"));
    }

    #[test]
    fn timing_attributes_are_picked_as_pick_does() {
        use super::super::xml_tokens::tokens;
        let tags = [
            r#"<p begin="1s" end="2s" ttm:agent="a" podcasts:unit="word">"#,
            r#"<p end="2s" begin="1s" begin="9s" dur="3s" x:y:agent='b'>"#,
            r#"<span unit = "word" other="1" agent="c" end="&amp;">"#,
            "<br/>",
            r#"<p begin="1s" end>"#,
        ];
        let names = ["begin", "end", "dur", "agent", "unit"];
        for tag in tags {
            for token in tokens(tag) {
                if let Token::Start { attributes, .. } = token {
                    assert_eq!(
                        timing_attributes(&attributes),
                        attributes.pick(names),
                        "{tag}"
                    );
                }
            }
        }
    }

    #[test]
    fn nesting_is_capped() {
        let deep = format!("<tt>{}", "<div>".repeat(1000));
        assert!(read(&deep).is_err());
    }
}
