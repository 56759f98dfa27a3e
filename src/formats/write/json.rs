//! Podcasting 2.0 JSON: one entry per segment with `speaker`, `startTime`,
//! `endTime` and `body`. Each body ends with a line break, which marks the
//! end of a paragraph: earmark's reader starts a segment after it.

use std::io::{self, Write};

use serde::Serialize;

use super::Turn;

#[derive(Serialize)]
struct JsonTranscriptOut<'a> {
    version: &'static str,
    segments: Vec<JsonSegmentOut<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonSegmentOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    speaker: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_time: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_time: Option<u32>,
    body: String,
}

pub fn write(turns: &[Turn<'_>], out: &mut dyn Write) -> io::Result<()> {
    let segments = turns
        .iter()
        .map(|turn| JsonSegmentOut {
            speaker: turn.speaker,
            start_time: turn.start,
            end_time: turn.start.map(|_| turn.cue_end),
            body: format!("{}\n", turn.text),
        })
        .collect();
    let transcript = JsonTranscriptOut {
        version: "1.0.0",
        segments,
    };
    serde_json::to_writer_pretty(&mut *out, &transcript)?;
    writeln!(out)
}
