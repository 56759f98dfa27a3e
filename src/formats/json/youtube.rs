//! YouTube's `json3` captions (yt-dlp `--sub-format json3`): `events`
//! whose `segs` hold the text, times in milliseconds.

use serde::Deserialize;

use super::scalar::{List, Scalar};
use crate::episode::Format;
use crate::formats::fragment::{Fragment, Kind, Reading};

/// One event: a window definition (no `segs`), a caption, or a line
/// break in a scrolling window (`aAppend` with only `"\n"`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Event<'a> {
    #[serde(rename = "tStartMs", borrow)]
    pub start_ms: Scalar<'a>,
    #[serde(rename = "dDurationMs", borrow)]
    pub duration_ms: Scalar<'a>,
    #[serde(rename = "aAppend", borrow)]
    pub append: Scalar<'a>,
    #[serde(rename = "wWinId", borrow)]
    pub window: Scalar<'a>,
    #[serde(borrow)]
    pub segs: Option<List<Seg<'a>>>,
}

/// A piece of an event's text.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Seg<'a> {
    #[serde(borrow)]
    pub utf8: Scalar<'a>,
    #[serde(rename = "acAsrConf", borrow)]
    pub asr_confidence: Scalar<'a>,
}

/// Reads json3 events one at a time: each event's segs concatenated
/// verbatim (words carry their own leading space), display breaks as
/// spaces.
pub struct Json3<'a> {
    reading: Reading<'a>,
    automatic: bool,
    /// The event being read, when it has several segs (kept for its
    /// capacity).
    text: String,
}

impl<'a> Json3<'a> {
    /// A reader of `input` before its first event.
    pub fn new(input: &'a str) -> Self {
        Json3 {
            reading: super::list_reading(Format::YoutubeJson3, input),
            automatic: false,
            text: String::new(),
        }
    }

    /// Reads one event. An event of one seg keeps its text where it is
    /// (a slice of the file, unless it held escapes or line breaks).
    pub fn push(&mut self, event: &Event<'_>) {
        let Some(segs) = &event.segs else {
            return;
        };
        self.automatic |= event.window.is_present();
        self.automatic |= segs.0.iter().any(|seg| seg.asr_confidence.is_present());
        let text = match segs.0.as_slice() {
            [one] => one.utf8.text().unwrap_or_default(),
            many => {
                self.text.clear();
                for seg in many {
                    self.text.push_str(seg.utf8.text().unwrap_or_default());
                }
                &self.text
            }
        };
        if event.append.truthy() && text.trim().is_empty() {
            return;
        }
        let start = event.start_ms.ms();
        let end = start.zip(event.duration_ms.ms()).map(|(s, d)| s + d);
        let fragment = Fragment::new(Kind::Caption, start, end);
        if text.contains('\n') {
            self.reading.push(fragment, &text.replace('\n', " "));
        } else {
            self.reading.push(fragment, text);
        }
    }

    /// The reading, its generator told by what the events held.
    pub fn finish(self) -> Reading<'a> {
        let mut reading = self.reading;
        let generator = if self.automatic {
            "YouTube (auto-generated)"
        } else {
            "YouTube"
        };
        reading.set_meta("generator", generator);
        reading
    }
}

#[cfg(test)]
mod tests {
    use crate::formats::json::read;

    #[test]
    fn windows_appends_and_word_segs() {
        let reading = read(
            r#"{"wireMagic":"pb3","events":[
              {"tStartMs":0,"dDurationMs":900000,"id":1,"wpWinPosId":1},
              {"tStartMs":120,"dDurationMs":5400,"wWinId":1,"segs":[{"utf8":"so","acAsrConf":0},{"utf8":" today","tOffsetMs":610}]},
              {"tStartMs":1950,"dDurationMs":3570,"wWinId":1,"aAppend":1,"segs":[{"utf8":"\n"}]},
              {"tStartMs":2000,"wWinId":1,"segs":[{"utf8":"we"},{"utf8":" bake"}]}]}"#,
        )
        .expect("reads");
        let got = reading.timed_texts();
        assert_eq!(
            got,
            [
                (Some(120), Some(5520), "so today"),
                (Some(2000), None, "we bake")
            ]
        );
        assert_eq!(reading.metadata["generator"], "YouTube (auto-generated)");
    }

    #[test]
    fn manual_captions_break_lines_with_spaces() {
        let reading =
            read(r#"{"events":[{"tStartMs":0,"dDurationMs":1000,"segs":[{"utf8":"one\ntwo"}]}]}"#)
                .expect("reads");
        assert_eq!(reading.text(&reading.fragments[0]), "one two");
        assert_eq!(reading.metadata["generator"], "YouTube");
    }
}
