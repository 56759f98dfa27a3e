//! What makes an episode the same episode: its parsed transcript, not its
//! path, its bytes or its front matter.
//!
//! Two files may carry the same `video_id` in their front matter (one was
//! copied from the other) yet hold different transcripts; and one file may
//! be renamed, moved or re-saved with CRLF line ends or a BOM and still be
//! the same episode. The parser already removes those differences of
//! encoding, so a fingerprint of what it yields (each segment's speaker
//! name, start and text) is stable where it should be and differs where the
//! transcripts do. Reading positions and bookmarks are keyed by it.

use std::fmt;

use super::Episode;

/// A fingerprint of an episode's transcript: 64 bits of FNV-1a over every
/// segment's speaker name, start and text, each field length-prefixed so
/// that no two different transcripts feed the hash the same bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TranscriptId(u64);

impl TranscriptId {
    /// The fingerprint of `episode`'s transcript. An episode without
    /// segments has only its title to tell it apart.
    pub fn of(episode: &Episode) -> Self {
        let mut hash = Fnv1a::default();
        for segment in &episode.segments {
            hash.field(episode.speaker_name(segment).unwrap_or("").as_bytes());
            match segment.start {
                Some(start) => hash.field(&u64::from(start).to_le_bytes()),
                None => hash.field(b"-"),
            }
            hash.field(segment.text(episode).as_bytes());
        }
        if episode.segments.is_empty() {
            hash.field(episode.title.as_bytes());
        }
        Self(hash.0)
    }

    /// Reads the form [`Display`](fmt::Display) writes: 16 lower-case hex
    /// digits.
    pub fn parse(text: &str) -> Option<Self> {
        let valid = text.len() == 16 && text.bytes().all(|b| b.is_ascii_hexdigit());
        valid
            .then(|| u64::from_str_radix(text, 16).ok())
            .flatten()
            .map(Self)
    }
}

impl fmt::Display for TranscriptId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

/// FNV-1a, 64 bits: the same on every run and platform (std's hasher is
/// neither), and fast enough for a transcript of a few megabytes.
struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv1a {
    fn bytes(&mut self, bytes: &[u8]) {
        const PRIME: u64 = 0x0000_0100_0000_01b3;
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(PRIME);
        }
    }

    /// A field with its length first, so fields cannot run into each other.
    fn field(&mut self, bytes: &[u8]) {
        self.bytes(&(bytes.len() as u64).to_le_bytes());
        self.bytes(bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::episode::Source;
    use crate::formats::parse_bytes;

    fn id(text: &str, name: &str) -> TranscriptId {
        let episode = parse_bytes(text.as_bytes(), Source::File(name.into())).unwrap();
        TranscriptId::of(&episode)
    }

    const EPISODE: &str =
        "---\nvideo_id: abc\n---\nHost (00:00:01):\nHello.\n\nGuest (00:00:05):\nHi.\n";

    #[test]
    fn the_path_line_ends_and_bom_do_not_change_it() {
        let crlf = format!("\u{feff}{}", EPISODE.replace('\n', "\r\n"));
        assert_eq!(id(EPISODE, "a.md"), id(&crlf, "elsewhere/b.md"));
    }

    #[test]
    fn the_front_matter_does_not_change_it_but_the_transcript_does() {
        let other_id = EPISODE.replace("video_id: abc", "video_id: xyz");
        assert_eq!(id(EPISODE, "a.md"), id(&other_id, "a.md"));
        for changed in [
            EPISODE.replace("Hi.", "Hi!"),
            EPISODE.replace("00:00:05", "00:00:06"),
            EPISODE.replace("Guest", "Other"),
        ] {
            assert_ne!(id(EPISODE, "a.md"), id(&changed, "a.md"), "{changed}");
        }
    }

    #[test]
    fn it_reads_back_what_it_writes() {
        let first = id(EPISODE, "a.md");
        assert_eq!(TranscriptId::parse(&first.to_string()), Some(first));
        assert_eq!(TranscriptId::parse("xyz"), None);
        assert_eq!(TranscriptId::parse("+123456789abcdef"), None);
    }
}
