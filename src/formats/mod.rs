//! Transcript formats: every file a listener holds, read into the same
//! [`Episode`].
//!
//! ```text
//! bytes ─decode─▶ text ─sniff─▶ reader ─▶ fragments ─merge─▶ Episode
//! ```
//!
//! [`decode`] turns bytes into text, [`detect`] tells the format by content
//! (the extension is only a hint), each reader turns text into
//! [`fragment::Fragment`]s, and [`merge`] turns those into segments.
//! Markdown keeps its own parser ([`crate::episode::parse_markdown`]),
//! byte for byte as before.

pub mod cue_text;
pub mod decode;
pub mod detect;
pub mod entities;
pub mod fragment;
mod html;
pub(crate) mod json;
pub mod labels;
mod lines;
mod markup;
pub mod merge;
mod podlove;
mod rolling;
mod scan;
mod segmenter;
mod srt;
mod text;
mod text_facts;
pub mod timestamp;
mod ttml;
pub mod webvtt;
mod whisper_tsv;
pub mod write;
mod xml_tokens;
mod youtube_xml;

use std::path::Path;

use crate::episode::{Episode, EpisodeError, Reason, Source, parse_markdown, read_file};
use detect::Sniff;
use fragment::Reading;

/// Why a reader could not read a file: the format it looked like and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub looked_like: &'static str,
    pub why: String,
}

impl Refusal {
    /// A refusal of a file that looked like `looked_like`.
    pub fn new(looked_like: &'static str, why: impl Into<String>) -> Self {
        Refusal {
            looked_like,
            why: why.into(),
        }
    }
}

/// The sample episode shipped inside the binary, shown when earmark is run
/// without a file.
const SAMPLE_NAME: &str = "karina-nguyen.md";
const SAMPLE_BYTES: &[u8] = include_bytes!("../../assets/karina-nguyen.md");

/// Parses the built-in sample episode.
pub fn sample() -> Episode {
    parse_bytes(SAMPLE_BYTES, Source::Builtin(SAMPLE_NAME))
        .expect("the built-in sample is a valid transcript (checked by tests)")
}

/// Reads and parses a transcript file in any format earmark reads, with
/// the file named in any error.
pub fn parse_file(path: &Path) -> Result<Episode, EpisodeError> {
    let bytes = read_file(path)?;
    parse_bytes(&bytes, Source::File(path.to_path_buf()))
}

/// Parses a transcript in any format earmark reads.
pub fn parse_bytes(bytes: &[u8], source: Source) -> Result<Episode, EpisodeError> {
    let missing = EpisodeError::new(source.display(), Reason::NoTranscript);
    parse_bytes_unless(bytes, source, |_| false)?.ok_or(missing)
}

/// [`parse_bytes`], but a reader's fragments are first shown to `skip`
/// (Markdown has none): when it answers true, they are not merged and
/// `Ok(None)` comes back. For `earmark search`, which skips the merge of a
/// file whose fragments cannot hold a match (and that merging would not
/// refuse: that is for `skip` to make sure of). A refusal by the reader
/// comes back as from [`parse_bytes`].
pub fn parse_bytes_unless(
    bytes: &[u8],
    source: Source,
    skip: impl FnOnce(&Reading) -> bool,
) -> Result<Option<Episode>, EpisodeError> {
    let error = |reason| EpisodeError::new(source.display(), reason);
    let decoded = decode::decode(bytes).map_err(error)?;
    let extension = extension(&source);
    let reading = match json_array(&decoded.text) {
        Some(reading) => reading,
        None => match detect::sniff(&decoded.text, extension.as_deref()) {
            Sniff::Markdown => return markdown(bytes, &decoded, source).map(Some),
            Sniff::Empty => return Err(error(Reason::Empty)),
            Sniff::Refused(looked_like, why) => Err(Refusal::new(looked_like, why)),
            Sniff::WebVtt { leading_blank } => webvtt::read(&decoded.text, leading_blank),
            Sniff::Srt => srt::read(&decoded.text),
            Sniff::Json => json::read(&decoded.text),
            Sniff::Text => Ok(text::read(&decoded.text)),
            Sniff::Markup => read_markup(&decoded.text),
            Sniff::WhisperTsv => whisper_tsv::read(&decoded.text),
        },
    };
    let mut reading = reading.map_err(|r| {
        error(Reason::Refused {
            looked_like: r.looked_like,
            why: r.why,
        })
    })?;
    if skip(&reading) {
        return Ok(None);
    }
    if decoded.lossy {
        reading
            .warnings
            .add("lossy-utf8", "times invalid UTF-8 was replaced with U+FFFD");
    }
    merge::merge(reading, source).map(Some)
}

#[doc(hidden)]
pub use json::plain_scan_agrees as json_plain_scan_agrees;

/// One reader, to drive directly whatever the text (the fuzz targets do,
/// so that each reader meets text detection would never hand it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatReader {
    Markdown,
    WebVtt,
    Srt,
    Json,
    WhisperTsv,
    Html,
    Ttml,
    PodloveXml,
    YoutubeSrv1,
    YoutubeSrv3,
    Text,
}

/// Reads `bytes` with `reader`: decoded as [`parse_bytes`] decodes them,
/// then read without detection, then merged.
pub fn parse_with(reader: FormatReader, bytes: &[u8]) -> Result<Episode, EpisodeError> {
    let source = Source::Builtin("fuzz");
    let error = |reason| EpisodeError::new(source.display(), reason);
    let decoded = decode::decode(bytes).map_err(error)?;
    let text = decoded.text.as_ref();
    let reading = match reader {
        FormatReader::Markdown => return parse_markdown(text.as_bytes(), source),
        FormatReader::WebVtt => webvtt::read(text, false),
        FormatReader::Srt => srt::read(text),
        FormatReader::Json => json::read(text),
        FormatReader::WhisperTsv => whisper_tsv::read(text),
        FormatReader::Html => Ok(html::read(text)),
        FormatReader::Ttml => ttml::read(text),
        FormatReader::PodloveXml => podlove::read(text),
        FormatReader::YoutubeSrv1 => youtube_xml::read_srv1(text),
        FormatReader::YoutubeSrv3 => youtube_xml::read_srv3(text),
        FormatReader::Text => Ok(text::read(text)),
    };
    let reading = reading.map_err(|r| {
        error(Reason::Refused {
            looked_like: r.looked_like,
            why: r.why,
        })
    })?;
    merge::merge(reading, source)
}

/// A file starting with `[` read as JSON, when it is JSON (detection
/// takes such a file for JSON exactly when it parses, and nothing else
/// it tests can match it): parsed once, by the reader, instead of once by
/// detection and again by the reader. `None` for anything else.
fn json_array(text: &str) -> Option<Result<Reading<'_>, Refusal>> {
    if !text.trim_start().starts_with('[') {
        return None;
    }
    json::read_if_json(text)
}

/// Reads a file starting with `<`, by its root element.
fn read_markup(text: &str) -> Result<Reading<'_>, Refusal> {
    match markup::root(text)? {
        markup::Root::Html => Ok(html::read(text)),
        markup::Root::Ttml => ttml::read(text),
        markup::Root::PodloveXml => podlove::read(text),
        markup::Root::YoutubeSrv1 => youtube_xml::read_srv1(text),
        markup::Root::YoutubeSrv3 => youtube_xml::read_srv3(text),
    }
}

/// Whether `bytes` would be read as Markdown: front matter, or text whose
/// content says so. `earmark search`'s fast path is only for Markdown.
pub fn is_markdown(bytes: &[u8], source: &Source) -> bool {
    if opens_with_front_matter(bytes) {
        return true;
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match decode::decode(bytes) {
        // An empty file is refused alike by either way.
        Ok(decoded) => matches!(
            detect::sniff(&decoded.text, extension(source).as_deref()),
            Sniff::Markdown | Sniff::Empty
        ),
        // Markdown's parser gives the same refusal.
        Err(_) => true,
    }
}

/// Whether `bytes` open with YAML front matter (a BOM aside): Markdown,
/// whatever follows.
pub fn opens_with_front_matter(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    bytes.starts_with(b"---\n") || bytes.starts_with(b"---\r\n")
}

/// How [`parse_bytes`] tells the format of `text` (already decoded) from
/// `source`: for `earmark search`'s tests of raw bytes, which hold only for
/// some formats.
pub fn sniff(text: &str, source: &Source) -> Sniff {
    detect::sniff(text, extension(source).as_deref())
}

/// The Markdown parser, on the file's own bytes unless they were UTF-16.
fn markdown(
    bytes: &[u8],
    decoded: &decode::Decoded<'_>,
    source: Source,
) -> Result<Episode, EpisodeError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        parse_markdown(decoded.text.as_bytes(), source)
    } else {
        parse_markdown(bytes, source)
    }
}

/// The file name's extension, lower case, as a hint for detection.
fn extension(source: &Source) -> Option<String> {
    let name = match source {
        Source::File(path) => path.extension()?.to_str()?.to_string(),
        Source::Builtin(name) => name.rsplit_once('.')?.1.to_string(),
    };
    Some(name.to_ascii_lowercase())
}
