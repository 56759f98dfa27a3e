//! One pass over a file's bytes for the search-only pass: that they are
//! UTF-8 with no invisible char, and where their unplain bytes are.
//!
//! The layout scan must know where the bytes cleaning acts on are (its
//! `next_unplain`), and the search-only pass must know that none of them
//! makes cleaning matter. Both used to be a walk of their own over every
//! byte of the body after the UTF-8 check's walk (a quarter of searching
//! a 258 MB file for a rare phrase). A 64-byte block of ASCII with no
//! control char but `\n` and no DEL holds no unplain byte
//! ([`is_unplain_byte`]: a control but `\n`, DEL, 0xC2 or 0xC3), no
//! invalid UTF-8 and no invisible char, so one walk that passes such
//! blocks over finds all three in the runs of other blocks: the unplain
//! bytes there are listed, and the layout scan and the check read the
//! list.
//!
//! The list holds one `u32` per unplain byte (files are below 4 GiB), and
//! at most one for every four bytes of the file: a file with more is
//! [`Unlisted::TooMany`], and its caller walks as before.

use super::prefilter::{BLOCK, any_run_of_blocks, is_not_plain_ascii};
use crate::episode::text::{holds_invisible, is_suspect_at, is_unplain_byte};

/// Bytes that are UTF-8 with no invisible char, and their unplain bytes.
#[derive(Debug)]
pub struct Listed<'b> {
    pub text: &'b str,
    /// Where each unplain byte is, in order, as an index into the bytes.
    unplain: Vec<u32>,
}

/// Why bytes were not listed.
#[derive(Debug, PartialEq, Eq)]
pub enum Unlisted {
    /// Not UTF-8, or an invisible char is among them: the search-only pass
    /// is not exact for them.
    Unfit,
    /// More unplain bytes than the list takes.
    TooMany,
}

/// Checks and lists `bytes` in one walk (see the module comment). A BOM
/// at their start is passed over when `bom_allowed` (the start of a file);
/// anywhere else it is an invisible char.
pub fn listed_utf8(bytes: &[u8], bom_allowed: bool) -> Result<Listed<'_>, Unlisted> {
    let after_bom = usize::from(bom_allowed && bytes.starts_with(b"\xEF\xBB\xBF")) * 3;
    let rest = &bytes[after_bom..];
    let most = bytes.len() / 4 + BLOCK;
    let mut unplain = Vec::new();
    let mut outcome = Ok(());
    // Runs start and end next to plain ASCII blocks, so on char boundaries.
    any_run_of_blocks(rest, is_not_plain_ascii, 0, |run| {
        if std::str::from_utf8(run).is_err() || holds_invisible(run) {
            outcome = Err(Unlisted::Unfit);
            return true;
        }
        // The run is a slice of `rest`: where it starts in `bytes`.
        let start = run.as_ptr() as usize - rest.as_ptr() as usize + after_bom;
        each_unplain(run, |i| unplain.push((start + i) as u32));
        if unplain.len() > most {
            outcome = Err(Unlisted::TooMany);
        }
        outcome.is_err()
    });
    outcome?;
    // SAFETY: every run of other blocks (and the tail) is valid UTF-8, they
    // start and end on char boundaries, and the rest is ASCII and the BOM,
    // so the whole is valid UTF-8.
    let text = unsafe { std::str::from_utf8_unchecked(bytes) };
    Ok(Listed { text, unplain })
}

/// `bytes` as text, for a check that was a UTF-8 check and then a walk of
/// its own, made in the one walk of [`listed_utf8`] (a BOM counts as an
/// invisible char): they pass when they are UTF-8 with no invisible char
/// and `list_passes` holds of their unplain bytes. Bytes with too many
/// unplain bytes to list take the long way: they pass when they are UTF-8
/// and `text_passes` holds of the text, which must then look for
/// invisible chars itself.
pub fn text_passing(
    bytes: &[u8],
    list_passes: impl FnOnce(&[u32]) -> bool,
    text_passes: impl FnOnce(&str) -> bool,
) -> Option<&str> {
    match listed_utf8(bytes, false) {
        Ok(listed) => list_passes(listed.from(0)).then_some(listed.text),
        Err(Unlisted::Unfit) => None,
        Err(Unlisted::TooMany) => {
            let text = std::str::from_utf8(bytes).ok()?;
            text_passes(text).then_some(text)
        }
    }
}

/// Calls `found` with the index of each unplain byte of `run`, in order:
/// a mask of them for each 64-byte piece ([`unplain_mask`]), and its bits
/// in turn. A byte-by-byte look cost a dozen instructions a byte.
fn each_unplain(run: &[u8], mut found: impl FnMut(usize)) {
    let (pieces, tail) = run.as_chunks::<BLOCK>();
    for (k, piece) in pieces.iter().enumerate() {
        let mut mask = unplain_mask(piece);
        while mask != 0 {
            found(k * BLOCK + mask.trailing_zeros() as usize);
            mask &= mask - 1;
        }
    }
    let unplain = tail
        .iter()
        .enumerate()
        .filter(|(_, b)| is_unplain_byte(**b));
    unplain.for_each(|(i, _)| found(pieces.len() * BLOCK + i));
}

/// A bit for each unplain byte of `piece`: a flag (0 or 1) a byte, in
/// vector compares, and the flags of each eight bytes gathered into one
/// byte by a multiply (flag `j` lands on bit `56 + j`, and no two
/// partial products meet there). A mask built bit by bit compiles to a
/// shift a byte.
#[inline(always)]
fn unplain_mask(piece: &[u8; BLOCK]) -> u64 {
    let mut flags = [0u8; BLOCK];
    for (flag, &b) in flags.iter_mut().zip(piece) {
        *flag = u8::from(is_unplain_byte(b));
    }
    let (eights, _) = flags.as_chunks::<8>();
    eights.iter().enumerate().fold(0, |mask, (k, eight)| {
        let gathered = u64::from_le_bytes(*eight).wrapping_mul(0x0102_0408_1020_4080) >> 56;
        mask | gathered << (8 * k)
    })
}

impl Listed<'_> {
    /// The listed unplain bytes at or after `from`, as indices into the
    /// bytes.
    pub fn from(&self, from: usize) -> &[u32] {
        let first = self.unplain.partition_point(|&at| (at as usize) < from);
        &self.unplain[first..]
    }

    /// The bytes of `later`, listed apart, which come right after these
    /// (their indices moved on by `offset`, where they start).
    pub fn append(&mut self, later: Listed, offset: usize) {
        let moved = later.unplain.iter().map(|&at| at + offset as u32);
        self.unplain.extend(moved);
    }
}

/// Whether cleaning would act on any of the unplain bytes `listed` (into
/// `bytes`): with no invisible char, what [`needs_cleaning`] says of the
/// bytes they lie in.
///
/// [`needs_cleaning`]: crate::episode::text::needs_cleaning
pub fn any_suspect(bytes: &[u8], listed: &[u32]) -> bool {
    listed.iter().any(|&at| is_suspect_at(bytes, at as usize))
}

/// The `next_unplain` a layout scan takes ([`BodyScan::scan_with`]) for the
/// body starting at `offset` in the bytes, from `listed` (the unplain bytes
/// at or after the body's start, or after where the scan starts), the
/// answers capped at `end` (the body's length, or the end of the run the
/// scan reads, which then stands for "none in it").
///
/// [`BodyScan::scan_with`]: crate::episode::BodyScan::scan_with
pub fn listed_walk(listed: &[u32], offset: usize, end: usize) -> impl FnMut(usize) -> usize {
    let mut next = 0;
    move |from| {
        while listed
            .get(next)
            .is_some_and(|&at| (at as usize) < offset + from)
        {
            next += 1;
        }
        listed
            .get(next)
            .map_or(end, |&at| (at as usize - offset).min(end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::episode::text::{needs_cleaning, next_unplain_byte};

    /// For text with no invisible char, the list gives every answer the
    /// walk over all bytes gives, and the check the whole-bytes check's,
    /// around block boundaries, with a BOM, CRLF, controls and mojibake.
    #[test]
    fn the_list_answers_as_the_walks_do() {
        let pieces: [&[u8]; 11] = [
            b"plain text ",
            "caf\u{e9} ".as_bytes(),
            "\u{2019}".as_bytes(),
            "caf\u{c3}\u{a9}".as_bytes(),
            b"\r\n",
            b"\r",
            b"\x07",
            b"\x7f",
            "\u{85}".as_bytes(),
            b"\n",
            "\u{200b}".as_bytes(),
        ];
        let (mut seed, mut kinds) = (5u64, [0; 3]);
        for _ in 0..4000 {
            let mut bytes = Vec::new();
            seed = crate::test_support::lcg_next(seed);
            if seed % 7 == 0 {
                bytes.extend_from_slice("\u{feff}".as_bytes());
            }
            for _ in 0..(seed >> 40) % 5 {
                seed = crate::test_support::lcg_next_by(seed, 1);
                bytes.extend(std::iter::repeat_n(b'a', (seed >> 33) as usize % 150));
                bytes.extend_from_slice(pieces[(seed >> 50) as usize % pieces.len()]);
            }
            let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
            let Ok(text) = std::str::from_utf8(&bytes) else {
                unreachable!("the pieces are UTF-8");
            };
            let listed = listed_utf8(&bytes, true);
            if holds_invisible(body) {
                assert_eq!(listed.map(|_| ()), Err(Unlisted::Unfit), "{text:?}");
                kinds[0] += 1;
                continue;
            }
            let listed = listed.expect("listed");
            assert_eq!(listed.text, text);
            let suspect = any_suspect(&bytes, listed.from(0));
            assert_eq!(suspect, needs_cleaning(body), "{text:?}");
            kinds[1 + usize::from(suspect)] += 1;
            let offset = bytes.len() - body.len();
            let body_text = &text[offset..];
            let mut walk = listed_walk(listed.from(offset), offset, body.len());
            for from in 0..=body.len() {
                assert_eq!(
                    walk(from),
                    next_unplain_byte(body_text, from),
                    "{text:?} {from}"
                );
            }
        }
        assert!(
            kinds.iter().all(|&n| n > 300),
            "every answer met: {kinds:?}"
        );
    }

    /// The mask of a piece has the bit of each unplain byte, and only
    /// those, for every byte value at every place.
    #[test]
    fn the_mask_marks_the_unplain_bytes() {
        for b in 0..=u8::MAX {
            for at in 0..BLOCK {
                let mut piece = [b'a'; BLOCK];
                piece[at] = b;
                let expected = u64::from(is_unplain_byte(b)) << at;
                assert_eq!(unplain_mask(&piece), expected, "{b:#x} at {at}");
            }
        }
        let crowd = [0xc3; BLOCK];
        assert_eq!(unplain_mask(&crowd), u64::MAX);
    }

    #[test]
    fn invalid_bytes_and_a_late_bom_are_unfit_and_crowds_too_many() {
        assert_eq!(
            listed_utf8(b"ab\xffcd", true).map(|_| ()),
            Err(Unlisted::Unfit)
        );
        let late = "a\n\u{feff}b".as_bytes();
        assert!(listed_utf8(late, true).is_err());
        assert!(listed_utf8(&late[2..], false).is_err());
        assert!(listed_utf8(&late[2..], true).is_ok());
        let crowd = "\u{e9}".repeat(1000);
        let too_many = listed_utf8(crowd.as_bytes(), true).map(|_| ());
        assert_eq!(too_many, Err(Unlisted::TooMany));
    }
}
