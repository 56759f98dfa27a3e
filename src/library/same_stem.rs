//! Several files of one episode side by side (`ep1.vtt`, `ep1.srt`,
//! `ep1.json`: a feed publishes a transcript in more than one format and
//! sets no order) are one episode in the library: the best of them is
//! shown, the others named beside it.
//!
//! Best means the file that keeps the most of what a reader wants: the
//! archive's own Markdown (metadata and speakers), then JSON with speakers,
//! WebVTT with voices, SRT with speaker labels, other timed captions, HTML,
//! the XML formats, and plain text last.

use std::cmp::Ordering;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::episode::{Episode, Format};

/// What files of one episode share: their folder and their name without
/// the last extension.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StemKey {
    folder: PathBuf,
    stem: OsString,
}

impl StemKey {
    /// The key of `path`; `None` for a path without a file name.
    pub fn of(path: &Path) -> Option<Self> {
        Some(StemKey {
            folder: path.parent().unwrap_or(Path::new("")).to_path_buf(),
            stem: path.file_stem()?.to_os_string(),
        })
    }
}

/// How good a file of `episode` is as the one to show: lower is better.
pub fn preference(episode: &Episode) -> u8 {
    let speakers = !episode.speakers.is_empty();
    match episode.format {
        Format::Markdown => 0,
        Format::Podcasting20Json | Format::WhisperJson | Format::SubtitleJson if speakers => 1,
        Format::WebVtt if speakers => 2,
        Format::Srt if speakers => 3,
        Format::WebVtt
        | Format::Srt
        | Format::Podcasting20Json
        | Format::WhisperJson
        | Format::SubtitleJson
        | Format::YoutubeJson3
        | Format::WhisperTsv => 4,
        Format::Html => 5,
        Format::Ttml | Format::PodloveXml | Format::YoutubeSrv3 | Format::YoutubeSrv1 => 6,
        Format::Text => 7,
    }
}

/// Orders two files of one episode, the one to show first: by
/// [`preference`], then by path so the choice never depends on the order
/// the files loaded in.
pub fn better(a: (&Path, &Episode), b: (&Path, &Episode)) -> Ordering {
    preference(a.1)
        .cmp(&preference(b.1))
        .then_with(|| a.0.cmp(b.0))
}

/// How a file beside the one shown is named: its extension (`.srt`), or
/// its whole name when it has none.
pub fn other_name(path: &Path) -> String {
    let name = match path.extension() {
        Some(ext) => format!(".{}", ext.to_string_lossy()),
        None => path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    };
    crate::episode::text::clean_file_name(&name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::episode::Source;
    use crate::formats::parse_bytes;

    fn episode(name: &str, text: &str) -> Episode {
        parse_bytes(text.as_bytes(), Source::File(name.into())).expect(name)
    }

    const VOICES: &str = "WEBVTT\n\n00:00.000 --> 00:01.000\n<v Ann>Hello there.\n";
    const BARE: &str = "WEBVTT\n\n00:00.000 --> 00:01.000\nHello there.\n";
    const SRT: &str = "1\n00:00:00,000 --> 00:00:01,000\nHello there.\n";

    #[test]
    fn files_of_one_stem_in_one_folder_share_a_key() {
        let key = |p: &str| StemKey::of(Path::new(p));
        assert_eq!(key("a/ep1.vtt"), key("a/ep1.srt"));
        assert_ne!(key("a/ep1.vtt"), key("b/ep1.vtt"));
        assert_ne!(key("a/ep1.vtt"), key("a/ep2.vtt"));
    }

    #[test]
    fn voices_beat_bare_captions_and_captions_beat_text() {
        let voices = episode("ep.vtt", VOICES);
        let bare = episode("ep.vtt", BARE);
        let srt = episode("ep.srt", SRT);
        let text = episode("ep.txt", "Hello there, this is prose.\n");
        assert!(preference(&voices) < preference(&bare));
        assert_eq!(preference(&bare), preference(&srt));
        assert!(preference(&srt) < preference(&text));
    }

    #[test]
    fn ties_go_to_the_path_not_to_the_loading_order() {
        let bare = episode("ep.vtt", BARE);
        let srt = episode("ep.srt", SRT);
        let (a, b) = (Path::new("ep.srt"), Path::new("ep.vtt"));
        assert_eq!(better((a, &srt), (b, &bare)), Ordering::Less);
        assert_eq!(better((b, &bare), (a, &srt)), Ordering::Greater);
    }

    #[test]
    fn others_are_named_by_extension_cleaned() {
        assert_eq!(other_name(Path::new("d/ep1.srt")), ".srt");
        assert!(!other_name(Path::new("d/ep1.j\u{1b}[2Json")).contains('\u{1b}'));
    }
}
