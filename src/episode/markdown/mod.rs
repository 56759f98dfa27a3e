//! Markdown transcripts (docs/markdown-transcripts.md): decoding, front
//! matter, then the body read by [`body_scan`] (with [`headers`] recognising
//! the three dialects) and built into segments by [`segments`].

mod body_scan;
mod headers;
mod lines;
mod segments;
mod sparse;

use std::borrow::Cow;

use serde_json::{Map, Value};

use super::error::EpisodeError;
use super::front_matter::{self, FrontMatter};
use super::model::{Episode, Source};
use super::read::MAX_LAYOUT_BYTES;
use super::text::clean_one_line;

pub use body_scan::{BodyScan, SegmentSpan, line_cuts};
use segments::build_transcript;
pub use segments::fold_spaces;
pub use sparse::SparseSegments;

/// Parses a Markdown transcript (docs/markdown-transcripts.md) held in memory.
pub fn parse_markdown(bytes: &[u8], source: Source) -> Result<Episode, EpisodeError> {
    use super::error::Reason;
    let error = |reason| EpisodeError::new(source.display(), reason);
    if bytes.contains(&0) {
        return Err(error(Reason::NotText));
    }
    // The reader's own limit (MAX_FILE_BYTES) is kept where it reads;
    // `earmark search` has none but this one.
    if bytes.len() as u64 > MAX_LAYOUT_BYTES {
        return Err(error(Reason::BeyondLayout(bytes.len() as u64)));
    }
    let mut warnings = Vec::new();
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // Validation alone is much faster than the lossy decoder, and nearly
    // every file is valid.
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    };
    if matches!(text, Cow::Owned(_)) {
        warnings.push("invalid UTF-8 was replaced with \u{FFFD}".to_string());
    }

    let (front, body) = front_matter::split(&text);
    let FrontMatter {
        metadata,
        warnings: yaml_warnings,
    } = front_matter::parse(front);
    warnings.extend(yaml_warnings);

    let layout = BodyScan::scan(body).ok_or_else(|| error(Reason::NoTranscript))?;
    let transcript = build_transcript(&layout);
    let title = episode_title(&metadata, layout.heading(), &source);
    Ok(Episode {
        source,
        format: super::Format::Markdown,
        title,
        metadata,
        speakers: transcript.speakers,
        segments: transcript.segments,
        text: transcript.text,
        warnings,
    })
}

/// The display title (docs/markdown-transcripts.md): front matter `title`, else the first
/// `# ` heading, else the file name without extension.
pub fn episode_title(
    metadata: &Map<String, Value>,
    heading: Option<&str>,
    source: &Source,
) -> String {
    metadata
        .get("title")
        .and_then(|v| v.as_str())
        .filter(|t| !t.is_empty())
        .or(heading)
        .map_or_else(|| file_stem(source), str::to_string)
}

fn file_stem(source: &Source) -> String {
    match source {
        Source::File(path) => path
            .file_stem()
            .map(|s| clean_one_line(&s.to_string_lossy()))
            .unwrap_or_default(),
        Source::Builtin(name) => (*name).to_string(),
    }
}
