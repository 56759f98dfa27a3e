//! One cache entry: an episode's searchable form in a compact binary
//! layout, and its decoding, which trusts nothing it reads.
//!
//! The layout (integers little-endian, a "string" is a `u32` length and
//! that many bytes):
//!
//! ```text
//! magic "EMSC", layout version u32, build stamp u64
//! source stamp: size u64, mtime s i64 + ns u32, ctime s i64 + ns u32,
//!               inode u64, device u64
//! path (bytes, as the search named it, made absolute)
//! format name, title
//! date count u32, then key and value strings (the metadata the date
//!   filters read)
//! speaker count u32, then one string each
//! segment count u32, then per segment: flags u8 (1: a start, 2: a
//!   speaker), start u32, speaker u32, text start u32, text end u32
//! text (every segment's text, the episode's text buffer)
//! ```
//!
//! Decoding checks every length against the bytes left (so nothing is
//! allocated beyond what the entry holds), every string for UTF-8, every
//! span for bounds and char boundaries, every speaker index, and every
//! text for what cleaning would have removed ([`is_clean`]): an entry
//! that passes prints nothing a parsed file could not have printed.

use std::ops::Range;

use serde_json::{Map, Value};

use crate::episode::text::{holds_invisible, next_unplain_control};
use crate::episode::{Episode, Format, SegmentsBuilder, Source};
use crate::library::search_filters::DATE_KEYS;
use crate::library::unplain_list::text_passing;

const MAGIC: &[u8; 4] = b"EMSC";
/// A Markdown file's entry: its layout only ([`encode_layout`]).
const LAYOUT_MAGIC: &[u8; 4] = b"EMSL";
/// Bumped with every change to the layout or to what it means.
const LAYOUT_VERSION: u32 = 2;
/// Bytes per segment in the table.
const SEGMENT_BYTES: usize = 17;
const HAS_START: u8 = 1;
const HAS_SPEAKER: u8 = 2;

/// What a source file looked like when it was read: an entry is used only
/// while the file still looks exactly so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SourceStamp {
    pub size: u64,
    pub mtime: (i64, u32),
    pub ctime: (i64, u32),
    pub inode: u64,
    pub device: u64,
}

/// What an entry is for: the build that wrote it, the file as it was, and
/// the path it was named by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryKey<'a> {
    pub build: u64,
    pub stamp: SourceStamp,
    pub path: &'a [u8],
}

/// Why an entry was not used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invalid {
    /// Not an entry of this layout, or cut short, or with bytes left over.
    Layout,
    /// A string that is not UTF-8, or text cleaning would have changed.
    Text,
    /// A span or speaker index that points outside the entry.
    Span,
}

/// A decoded entry, borrowing from its bytes.
#[derive(Debug)]
pub struct Entry<'a> {
    pub key: EntryKey<'a>,
    format: Format,
    title: &'a str,
    dates: Vec<(&'a str, &'a str)>,
    speakers: Vec<&'a str>,
    /// The segment table, checked.
    table: &'a [u8],
    text: &'a str,
}

/// The entry for `episode`, read from the file `key` describes, whole.
pub fn encode(key: &EntryKey, episode: &Episode) -> Option<Vec<u8>> {
    let mut out = encode_head(key, episode)?;
    out.extend_from_slice(episode.text.as_bytes());
    Some(out)
}

/// The entry for `episode` but its text (the episode's text buffer),
/// which follows it: the caller writes both, with no copy of the text.
/// `None` when an entry cannot hold the episode (a text past 4 GiB, or
/// anything decoding would refuse, so that an entry written is an entry
/// used).
pub fn encode_head(key: &EntryKey, episode: &Episode) -> Option<Vec<u8>> {
    let one_line = |text: &str| is_clean(text) && !text.contains('\n');
    let names_clean = episode.speakers.iter().all(|s| one_line(s));
    if !one_line(&episode.title) || !names_clean || !is_clean(&episode.text) {
        return None;
    }
    let mut out = Vec::with_capacity(episode.segments.len() * SEGMENT_BYTES + 256);
    out.extend_from_slice(MAGIC);
    put_u32(&mut out, LAYOUT_VERSION);
    put_u64(&mut out, key.build);
    put_stamp(&mut out, &key.stamp);
    put_bytes(&mut out, key.path)?;
    put_bytes(&mut out, episode.format.name().as_bytes())?;
    put_bytes(&mut out, episode.title.as_bytes())?;
    let dates: Vec<(&str, &str)> = DATE_KEYS
        .iter()
        .filter_map(|k| Some((*k, episode.meta_str(k)?)))
        .collect();
    put_u32(&mut out, dates.len() as u32);
    for (k, v) in dates {
        if !one_line(v) {
            return None;
        }
        put_bytes(&mut out, k.as_bytes())?;
        put_bytes(&mut out, v.as_bytes())?;
    }
    put_u32(&mut out, u32::try_from(episode.speakers.len()).ok()?);
    for name in &episode.speakers {
        put_bytes(&mut out, name.as_bytes())?;
    }
    put_u32(&mut out, u32::try_from(episode.segments.len()).ok()?);
    for segment in &episode.segments {
        let range = segment.text_range();
        let speaker = segment.speaker.map(u32::try_from).transpose().ok()?;
        let known = speaker.is_none_or(|id| (id as usize) < episode.speakers.len());
        if !known || episode.text.get(range.clone()).is_none() {
            return None;
        }
        let flags = u8::from(segment.start.is_some()) * HAS_START
            + u8::from(speaker.is_some()) * HAS_SPEAKER;
        out.push(flags);
        put_u32(&mut out, segment.start.unwrap_or(0));
        put_u32(&mut out, speaker.unwrap_or(0));
        put_u32(&mut out, u32::try_from(range.start).ok()?);
        put_u32(&mut out, u32::try_from(range.end).ok()?);
    }
    put_u32(&mut out, u32::try_from(episode.text.len()).ok()?);
    Some(out)
}

/// Decodes and checks an entry (see the module comment); any bytes at all
/// give an entry or an [`Invalid`], never a panic.
pub fn decode(bytes: &[u8]) -> Result<Entry<'_>, Invalid> {
    let mut r = EntryReader { bytes, at: 0 };
    let key = r.key(MAGIC)?;
    let format = Format::named(r.str_one_line()?).ok_or(Invalid::Layout)?;
    let title = r.str_one_line()?;
    let dates = r.list(|r| Ok((r.str_one_line()?, r.str_one_line()?)))?;
    let speakers = r.list(EntryReader::str_one_line)?;
    let segment_count = r.u32()? as usize;
    let table = r.take(
        segment_count
            .checked_mul(SEGMENT_BYTES)
            .ok_or(Invalid::Layout)?,
    )?;
    let text = r.str_clean()?;
    if r.at != bytes.len() {
        return Err(Invalid::Layout);
    }
    let entry = Entry {
        key,
        format,
        title,
        dates,
        speakers,
        table,
        text,
    };
    entry.check_table()?;
    Ok(entry)
}

/// The entry for a Markdown file `key` describes: its layout as
/// `BodyScan::encode` gives it, after the same key as an episode's entry.
/// The text is the file's own, read again by every search (the layout is
/// about a tenth of it).
pub fn encode_layout(key: &EntryKey, layout: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(64 + key.path.len() + layout.len());
    out.extend_from_slice(LAYOUT_MAGIC);
    put_u32(&mut out, LAYOUT_VERSION);
    put_u64(&mut out, key.build);
    put_stamp(&mut out, &key.stamp);
    put_bytes(&mut out, key.path)?;
    out.extend_from_slice(layout);
    Some(out)
}

/// The key and the layout bytes of a Markdown file's entry; the layout is
/// checked against the file by `BodyScan::decode`.
pub fn decode_layout(bytes: &[u8]) -> Result<(EntryKey<'_>, &[u8]), Invalid> {
    let mut r = EntryReader { bytes, at: 0 };
    let key = r.key(LAYOUT_MAGIC)?;
    Ok((key, &bytes[r.at..]))
}

impl<'a> Entry<'a> {
    /// Every segment's text, one after the other: a match in a segment is
    /// a match in this (a segment's text is a piece of it).
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The episode as its parse built it, named `source`.
    pub fn to_episode(&self, source: Source) -> Episode {
        let count = self.table.len() / SEGMENT_BYTES;
        let mut builder = SegmentsBuilder::with_text(self.text.to_owned(), count);
        for row in self.rows() {
            builder.push_span(row.speaker, row.start, row.text);
        }
        let (text, segments) = builder.finish();
        let metadata: Map<String, Value> = (self.dates.iter())
            .map(|(k, v)| ((*k).to_owned(), Value::String((*v).to_owned())))
            .collect();
        Episode {
            source,
            format: self.format,
            title: self.title.to_owned(),
            metadata,
            speakers: self.speakers.iter().map(|s| (*s).to_owned()).collect(),
            segments,
            text,
            warnings: Vec::new(),
        }
    }

    /// The episode's title.
    pub fn title(&self) -> &'a str {
        self.title
    }

    /// The segments in order, borrowing their text and speaker: what
    /// [`Entry::to_episode`]'s segments show, without building it.
    pub fn segments(&self) -> impl Iterator<Item = SegmentView<'a>> + '_ {
        self.rows().map(|row| SegmentView {
            start: row.start,
            // Checked by `check_table`.
            speaker: row.speaker.and_then(|id| self.speakers.get(id).copied()),
            text: self.text.get(row.text).unwrap_or_default(),
        })
    }

    fn rows(&self) -> impl Iterator<Item = SegmentRow> + '_ {
        self.table.chunks_exact(SEGMENT_BYTES).map(SegmentRow::read)
    }

    /// Every span a range of whole chars of the text, every speaker one
    /// of the list.
    fn check_table(&self) -> Result<(), Invalid> {
        for row in self.rows() {
            let speaker_ok = row.speaker.is_none_or(|id| id < self.speakers.len());
            if !speaker_ok || self.text.get(row.text).is_none() {
                return Err(Invalid::Span);
            }
        }
        Ok(())
    }
}

/// What a search reads of one segment.
#[derive(Debug, Clone, Copy)]
pub struct SegmentView<'a> {
    pub start: Option<u32>,
    pub speaker: Option<&'a str>,
    pub text: &'a str,
}

/// One segment of the table.
struct SegmentRow {
    start: Option<u32>,
    speaker: Option<usize>,
    text: Range<usize>,
}

impl SegmentRow {
    /// A row from its [`SEGMENT_BYTES`] bytes.
    fn read(bytes: &[u8]) -> SegmentRow {
        let word = |at: usize| {
            let mut four = [0; 4];
            four.copy_from_slice(&bytes[at..at + 4]);
            u32::from_le_bytes(four)
        };
        let flags = bytes[0];
        SegmentRow {
            start: (flags & HAS_START != 0).then(|| word(1)),
            speaker: (flags & HAS_SPEAKER != 0).then(|| word(5) as usize),
            text: word(9) as usize..word(13) as usize,
        }
    }
}

/// Whether cleaning would leave `text` as it is: no control char but
/// `\n`, no DEL, no C1 control, no spoofing char or Unicode line break
/// (the chars `episode::text::clean` removes or replaces).
pub fn is_clean(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    // The scan stops at 0xC2 and 0xC3 too, which lead accented letters:
    // only `C2 80..=9F` (a C1 control) is refused among those.
    loop {
        at = next_unplain_control(bytes, at);
        match bytes.get(at..) {
            None | Some([]) => break,
            Some([0xc2, next, ..]) if (0x80..=0x9f).contains(next) => return false,
            Some([0xc2 | 0xc3, ..]) => at += 1,
            Some(_) => return false,
        }
    }
    !holds_invisible(bytes)
}

/// `bytes` as text, when they are UTF-8 and [`is_clean`]: in one walk, as
/// the search-only pass checks Markdown ([`text_passing`]), that passes
/// plain ASCII blocks over and looks at the bytes `is_clean` stops at from
/// its list. The UTF-8 check, then `is_clean`'s two walks, were over a
/// third of a warm search of caption files, every entry's text checked
/// again.
fn clean_text(bytes: &[u8]) -> Option<&str> {
    let leads_a_letter = |&at: &u32| match &bytes[at as usize..] {
        [0xc3, ..] => true,
        [0xc2, next, ..] => *next >= 0xa0,
        _ => false,
    };
    text_passing(
        bytes,
        |unplain| unplain.iter().all(leads_a_letter),
        is_clean,
    )
}

fn put_u32(out: &mut Vec<u8>, value: u32) {
    out.extend_from_slice(&value.to_le_bytes());
}

fn put_u64(out: &mut Vec<u8>, value: u64) {
    out.extend_from_slice(&value.to_le_bytes());
}

fn put_stamp(out: &mut Vec<u8>, stamp: &SourceStamp) {
    put_u64(out, stamp.size);
    put_u64(out, stamp.mtime.0 as u64);
    put_u32(out, stamp.mtime.1);
    put_u64(out, stamp.ctime.0 as u64);
    put_u32(out, stamp.ctime.1);
    put_u64(out, stamp.inode);
    put_u64(out, stamp.device);
}

fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) -> Option<()> {
    put_u32(out, u32::try_from(bytes.len()).ok()?);
    out.extend_from_slice(bytes);
    Some(())
}

/// Reads an entry front to back; every read checks the bytes left.
struct EntryReader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> EntryReader<'a> {
    fn take(&mut self, len: usize) -> Result<&'a [u8], Invalid> {
        let end = self.at.checked_add(len).ok_or(Invalid::Layout)?;
        let piece = self.bytes.get(self.at..end).ok_or(Invalid::Layout)?;
        self.at = end;
        Ok(piece)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], Invalid> {
        let mut array = [0; N];
        array.copy_from_slice(self.take(N)?);
        Ok(array)
    }

    fn u32(&mut self) -> Result<u32, Invalid> {
        self.array().map(u32::from_le_bytes)
    }

    fn u64(&mut self) -> Result<u64, Invalid> {
        self.array().map(u64::from_le_bytes)
    }

    /// An entry's start: `magic`, this layout's version, and the key.
    fn key(&mut self, magic: &[u8; 4]) -> Result<EntryKey<'a>, Invalid> {
        if self.take(4)? != magic || self.u32()? != LAYOUT_VERSION {
            return Err(Invalid::Layout);
        }
        Ok(EntryKey {
            build: self.u64()?,
            stamp: self.stamp()?,
            path: self.bytes()?,
        })
    }

    fn stamp(&mut self) -> Result<SourceStamp, Invalid> {
        Ok(SourceStamp {
            size: self.u64()?,
            mtime: (self.u64()? as i64, self.u32()?),
            ctime: (self.u64()? as i64, self.u32()?),
            inode: self.u64()?,
            device: self.u64()?,
        })
    }

    fn bytes(&mut self) -> Result<&'a [u8], Invalid> {
        let len = self.u32()? as usize;
        self.take(len)
    }

    /// A clean string ([`is_clean`]).
    fn str_clean(&mut self) -> Result<&'a str, Invalid> {
        clean_text(self.bytes()?).ok_or(Invalid::Text)
    }

    /// A clean string on one line (a title, a name, a date).
    fn str_one_line(&mut self) -> Result<&'a str, Invalid> {
        let text = self.str_clean()?;
        (!text.contains('\n')).then_some(text).ok_or(Invalid::Text)
    }

    /// A count, then that many items; the count is not trusted for
    /// room (every item takes at least four bytes, checked as read).
    fn list<T>(
        &mut self,
        mut item: impl FnMut(&mut Self) -> Result<T, Invalid>,
    ) -> Result<Vec<T>, Invalid> {
        let count = self.u32()? as usize;
        if count > (self.bytes.len() - self.at) / 4 {
            return Err(Invalid::Layout);
        }
        (0..count).map(|_| item(self)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_is_told_from_text_cleaning_changes() {
        assert!(is_clean("café — naïve\nnext line ’s"));
        assert!(!is_clean("tab\there"));
        assert!(!is_clean("esc\u{1b}[31m"));
        assert!(!is_clean("c1 \u{85} char"));
        assert!(!is_clean("bidi \u{202e} override"));
        assert!(!is_clean("line \u{2028} break"));
        assert!(!is_clean("del \u{7f}"));
    }

    /// One walk tells what the UTF-8 check and [`is_clean`] told.
    #[test]
    fn one_walk_tells_what_the_utf8_check_and_is_clean_told() {
        crate::test_support::assert_one_walk_as_two(clean_text, is_clean);
    }

    #[test]
    fn any_truncation_of_an_entry_is_refused() {
        let episode = crate::formats::parse_bytes(
            b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ann>Hello there\n",
            Source::File("a.vtt".into()),
        )
        .expect("a WebVTT file");
        let key = EntryKey {
            build: 7,
            stamp: SourceStamp::default(),
            path: b"/x/a.vtt",
        };
        let bytes = encode(&key, &episode).expect("an entry");
        let back = decode(&bytes).expect("it decodes");
        assert_eq!(back.key, key);
        assert_eq!(
            back.to_episode(episode.source.clone()).segments,
            episode.segments
        );
        for len in 0..bytes.len() {
            assert!(decode(&bytes[..len]).is_err(), "cut at {len}");
        }
    }
}
