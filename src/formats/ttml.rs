//! TTML, generic and Apple Podcasts' dialect: each `<p>` is a fragment,
//! its speaker from `ttm:agent` (on it or an ancestor, resolved through
//! the head's agent names), its times from `begin`/`end`/`dur`.

use std::collections::HashMap;

use super::Refusal;
use super::fragment::{Fragment, Kind, Reading};
use super::timestamp::{Ms, parse_lenient, seconds_to_ms};
use super::xml_tokens::{Token, attribute, tokens};
use crate::episode::Format;

/// Deeper than this is refused: no transcript nests so.
const MAX_DEPTH: usize = 256;

/// What an open element passes to its children.
#[derive(Debug, Clone, Default)]
struct Scope {
    begin: Option<Ms>,
    agent: Option<String>,
}

/// A `<p>` being read.
struct OpenParagraph {
    start: Option<Ms>,
    end: Option<Ms>,
    agent: Option<String>,
    text: String,
    words: bool,
}

/// Frame and tick rates for `f` and `t` times.
#[derive(Clone, Copy)]
struct Rates {
    frame: f64,
    tick: f64,
}

/// The reading state of one document.
struct TtmlReader {
    reading: Reading<'static>,
    rates: Rates,
    scopes: Vec<Scope>,
    /// Agent ids to names, from the head.
    names: HashMap<String, String>,
    agent_id: Option<String>,
    /// A head element whose text is wanted (`name`, `title`).
    collecting: Option<(String, String)>,
    paragraph: Option<OpenParagraph>,
    /// Fragments and the agent id they were said by, resolved at the end
    /// (the head may name agents after they are used).
    agents_used: Vec<(usize, String)>,
}

/// Reads a TTML document.
pub fn read(text: &str) -> Result<Reading<'static>, Refusal> {
    let mut reader = TtmlReader {
        reading: Reading::new(Format::Ttml),
        rates: Rates {
            frame: 30.0,
            tick: 1.0,
        },
        scopes: vec![Scope::default()],
        names: HashMap::new(),
        agent_id: None,
        collecting: None,
        paragraph: None,
        agents_used: Vec::new(),
    };
    for token in tokens(text) {
        match token {
            Token::Start {
                name,
                attributes,
                empty,
            } => reader.start(name, &attributes, empty)?,
            Token::End { name } => reader.end(name),
            Token::Text(text) => reader.text(&text),
        }
    }
    reader.finish()
}

type Attributes<'a> = [(&'a str, std::borrow::Cow<'a, str>)];

impl TtmlReader {
    fn start(&mut self, name: &str, attributes: &Attributes, empty: bool) -> Result<(), Refusal> {
        let parent = self.scopes.last().cloned().unwrap_or_default();
        self.element(name, attributes);
        let (begin, end) = times(attributes, parent.begin, self.rates);
        let agent = attribute(attributes, "agent")
            .map(str::to_string)
            .or(parent.agent);
        if name == "p" && self.paragraph.is_none() {
            self.paragraph = Some(OpenParagraph {
                start: begin,
                end,
                agent: agent.clone(),
                text: String::new(),
                words: false,
            });
        }
        if !empty {
            if self.scopes.len() > MAX_DEPTH {
                return Err(Refusal::new("ttml", "elements nest deeper than 256 levels"));
            }
            self.scopes.push(Scope {
                begin: begin.or(parent.begin),
                agent,
            });
        }
        Ok(())
    }

    /// What an element means besides its times and agent.
    fn element(&mut self, name: &str, attributes: &Attributes) {
        match name {
            "tt" => self.rates = tt_attributes(attributes, &mut self.reading),
            "agent" => self.agent_id = attribute(attributes, "id").map(str::to_string),
            "name" | "title" => self.collecting = Some((name.to_string(), String::new())),
            "body" => {
                let dur = attribute(attributes, "dur").and_then(|d| time(d, self.rates));
                let seconds = dur.and_then(|ms| serde_json::Number::from_f64(ms as f64 / 1000.0));
                if let Some(seconds) = seconds {
                    self.reading
                        .metadata
                        .insert("duration_seconds".into(), seconds.into());
                }
            }
            "br" => push_text(&mut self.paragraph, " "),
            "span" if is_unit(attributes) => {
                if let Some(p) = &mut self.paragraph {
                    p.words = true;
                    if !p.text.is_empty() && !p.text.ends_with(' ') {
                        p.text.push(' ');
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
            if let Some(agent) = p.agent {
                self.agents_used.push((self.reading.fragments.len(), agent));
            }
            let fragment = Fragment::new(kind, p.start, p.end);
            self.reading.push(fragment, &p.text);
        }
    }

    fn text(&mut self, text: &str) {
        if let Some((_, value)) = &mut self.collecting {
            value.push_str(text);
        }
        push_text(&mut self.paragraph, text);
    }

    /// Resolves agent ids to names; labels are looked for only in files
    /// without agents.
    fn finish(mut self) -> Result<Reading<'static>, Refusal> {
        for (index, agent) in std::mem::take(&mut self.agents_used) {
            let name = self.names.get(&agent).cloned().unwrap_or(agent);
            let id = self.reading.speaker(&name);
            self.reading.fragments[index].speaker = id;
        }
        let mut reading = self.reading;
        reading.find_labels = reading.names.is_empty();
        if reading.fragments.is_empty() {
            return Err(Refusal::new("ttml", "no transcript found (0 paragraphs)"));
        }
        Ok(reading)
    }
}

fn push_text(paragraph: &mut Option<OpenParagraph>, text: &str) {
    if let Some(p) = paragraph {
        // Line breaks and indentation in XML are spaces.
        p.text.extend(
            text.chars()
                .map(|c| if c.is_whitespace() { ' ' } else { c }),
        );
    }
}

/// Whether a span is one of Apple's word or sentence units.
fn is_unit(attributes: &Attributes) -> bool {
    matches!(attribute(attributes, "unit"), Some("word" | "sentence"))
}

/// Language, frame and tick rates, and Apple's generator from `<tt>`.
fn tt_attributes(attributes: &Attributes, reading: &mut Reading) -> Rates {
    if let Some(lang) = attribute(attributes, "lang") {
        reading.set_meta("language", lang);
    }
    if attributes
        .iter()
        .any(|(_, v)| v.contains("podcasts.apple.com"))
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

/// An element's begin and end: `end`, or `begin + dur`. A begin smaller
/// than the parent's is taken as relative to it.
fn times(attributes: &Attributes, parent: Option<Ms>, rates: Rates) -> (Option<Ms>, Option<Ms>) {
    let read = |name| attribute(attributes, name).and_then(|v| time(v, rates));
    let relative = |t: Ms| match parent {
        Some(p) if t < p => p + t,
        _ => t,
    };
    let begin = read("begin").map(relative);
    let end = read("end")
        .map(relative)
        .or_else(|| Some(begin? + read("dur")?));
    (begin, end)
}

/// A TTML time: a clock (`00:00:01.5`, `00:00:01:12` with frames), an
/// offset (`12.3s`, `500ms`, `2h`, `5m`, `30f`, `100t`) or Apple's bare
/// seconds and `M:SS.mmm`.
fn time(value: &str, rates: Rates) -> Option<Ms> {
    let value = value.trim();
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
    fn nesting_is_capped() {
        let deep = format!("<tt>{}", "<div>".repeat(1000));
        assert!(read(&deep).is_err());
    }
}
