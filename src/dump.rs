//! `earmark dump`: the parsed episode as JSON (docs/usage.md's schema) or as
//! readable text.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::{Map, Value};

use crate::episode::{Episode, metadata_line, time::format_hms};

#[derive(Serialize)]
struct EpisodeJson<'a> {
    path: String,
    title: &'a str,
    format: &'static str,
    metadata: &'a Map<String, Value>,
    speakers: &'a [String],
    segments: SegmentsJson<'a>,
    warnings: &'a [String],
}

/// The segments, serialised one by one as they are written: a list of
/// them built first cost 40 bytes a segment, twice a file of tiny ones.
struct SegmentsJson<'a>(&'a Episode);

impl Serialize for SegmentsJson<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let episode = self.0;
        serializer.collect_seq(episode.segments.iter().map(|s| SegmentJson {
            speaker: episode.speaker_name(s),
            start: s.start,
            text: s.text(episode),
        }))
    }
}

#[derive(Serialize)]
struct SegmentJson<'a> {
    speaker: Option<&'a str>,
    start: Option<u32>,
    text: &'a str,
}

/// Writes the episode as one JSON document.
pub fn write_json(episode: &Episode, out: &mut impl Write) -> io::Result<()> {
    let doc = EpisodeJson {
        path: episode.source.display(),
        title: &episode.title,
        format: episode.format.name(),
        metadata: &episode.metadata,
        speakers: &episode.speakers,
        segments: SegmentsJson(episode),
        warnings: &episode.warnings,
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

/// Writes a header (title, metadata, speakers) and then one
/// `hh:mm:ss  Speaker: text` entry per segment.
pub fn write_text(episode: &Episode, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "{}", episode.title)?;
    writeln!(out, "path: {}", episode.source.display())?;
    writeln!(out, "format: {}", episode.format)?;
    for (key, value) in &episode.metadata {
        writeln!(out, "{key}: {}", metadata_line(value))?;
    }
    writeln!(out, "speakers: {}", episode.speakers.join(", "))?;
    for warning in &episode.warnings {
        writeln!(out, "warning: {warning}")?;
    }
    writeln!(out)?;
    for segment in &episode.segments {
        let time = segment.start.map_or_else(|| "--:--:--".into(), format_hms);
        let text = segment.text(episode).replace('\n', "\n          ");
        match episode.speaker_name(segment) {
            Some(name) => writeln!(out, "{time}  {name}: {text}")?,
            None => writeln!(out, "{time}  {text}")?,
        }
    }
    Ok(())
}
