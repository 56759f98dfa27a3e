//! Which file format an episode was read from: shown in the sidebar and in
//! `dump`, and nowhere else (everything above the `Episode` is the same for
//! every format).

use std::fmt;

/// A transcript file format earmark reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Markdown with optional YAML front matter (the archive's format).
    Markdown,
    /// W3C WebVTT captions.
    WebVtt,
    /// SubRip captions.
    Srt,
    /// The Podcasting 2.0 JSON transcript.
    Podcasting20Json,
    /// Whisper's JSON output and its relatives (WhisperX, whisper.cpp, …).
    WhisperJson,
    /// A bare JSON array of `{start, end, text}` captions.
    SubtitleJson,
    /// YouTube's `json3` caption format.
    YoutubeJson3,
    /// YouTube's `srv3` caption XML.
    YoutubeSrv3,
    /// YouTube's legacy `srv1` caption XML.
    YoutubeSrv1,
    /// An HTML transcript (Podcasting 2.0 `<cite>`/`<time>`/`<p>`, or a page).
    Html,
    /// W3C TTML, Apple Podcasts' dialect included.
    Ttml,
    /// Podlove Simple Transcripts XML.
    PodloveXml,
    /// Whisper's tab-separated `start end text` output.
    WhisperTsv,
    /// Plain-text exports: labels, otter.ai, timed lines, paragraphs.
    Text,
}

impl Format {
    /// Every format, in the order of the enum.
    pub const ALL: [Format; 14] = [
        Format::Markdown,
        Format::WebVtt,
        Format::Srt,
        Format::Podcasting20Json,
        Format::WhisperJson,
        Format::SubtitleJson,
        Format::YoutubeJson3,
        Format::YoutubeSrv3,
        Format::YoutubeSrv1,
        Format::Html,
        Format::Ttml,
        Format::PodloveXml,
        Format::WhisperTsv,
        Format::Text,
    ];

    /// The format whose [`Format::name`] is `name`.
    pub fn named(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The name `dump --json` writes in `"format"`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Markdown => "markdown",
            Format::WebVtt => "webvtt",
            Format::Srt => "srt",
            Format::Podcasting20Json => "podcasting20-json",
            Format::WhisperJson => "whisper-json",
            Format::SubtitleJson => "subtitle-json",
            Format::YoutubeJson3 => "youtube-json3",
            Format::YoutubeSrv3 => "youtube-srv3",
            Format::YoutubeSrv1 => "youtube-srv1",
            Format::Html => "html",
            Format::Ttml => "ttml",
            Format::PodloveXml => "podlove-xml",
            Format::WhisperTsv => "whisper-tsv",
            Format::Text => "text",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::Format;

    /// Each format's name leads back to it, and to nothing else.
    #[test]
    fn every_format_is_found_by_its_name() {
        for format in Format::ALL {
            assert_eq!(Format::named(format.name()), Some(format));
        }
        assert_eq!(Format::named("no-such-format"), None);
    }
}
