//! A raw-bytes test that lets `earmark search` skip reading WebVTT and
//! SubRip files that cannot match, as [`super::prefilter`] does for
//! Markdown.
//!
//! A caption file's text is not its bytes: cue text is cut into lines and
//! voice spans, tags are dropped, character references decoded, and the
//! pieces joined into segments, often with a space, sometimes with
//! nothing. So the whole pattern may be in a segment and nowhere in the
//! bytes (`product-market` ending one cue and `fit` starting the next).
//! The test therefore looks for a *piece* of the pattern that no seam can
//! cut, and rules a file out only when that piece is not in its bytes and
//! the file holds nothing that could hide text from the bytes. It is exact
//! for the patterns and files it accepts: when it rules a file out, reading
//! it and searching every segment would print nothing, and no error.
//!
//! Why, for a file the test accepts (see [`CueFilter::rules_out`]):
//!
//! * A segment's text is its fragments' texts joined by
//!   `formats::merge`: a line break, a space, or nothing when the char
//!   before the seam is whitespace or an opening bracket or quote, the
//!   char after it is whitespace or closing punctuation, or both are CJK;
//!   then runs of spaces are collapsed and lines trimmed. (No caption
//!   reader makes a token stream, which joins with nothing at all.)
//!   [`is_seam_char`] holds every char that can sit on either side of such
//!   a seam. A piece of the pattern with none of them (nor a char that
//!   folds to one, under a case-insensitive query) therefore matches
//!   inside one fragment's text: a match that crossed a seam would hold
//!   the chars on both sides of it.
//! * A fragment's text is one voice span of one cue (or one line, for
//!   rolling captions): payload lines joined with a space or a line
//!   break, each line with its tags dropped and references decoded, a
//!   leading `- ` or speaker label taken off, trailing spaces trimmed.
//!   When every `<` starts a line, the only tag a line has is at its start,
//!   so what is left of the line is a tail of it, unbroken. With no `{\`
//!   there is no ASS override to drop mid-line. When every `&` is a bare
//!   ampersand or one of `&amp;` `&lt;` `&gt;` `&quot;` `&apos;` (both
//!   reference decoders agree on those, and leave a bare one alone), a
//!   decoded reference puts one of `& < > " '` between two runs of the
//!   file's bytes, and those are seam chars too. So a piece with no seam
//!   char matches inside one run of the file's own bytes.
//! * Cleaning then leaves those bytes as they are, under the conditions of
//!   [`super::prefilter`] (`needs_cleaning`, and for a pattern that is not
//!   ASCII, no possible mojibake at all); the no-break space it turns into
//!   a space is whitespace, a seam char. Decoding changes nothing in valid
//!   UTF-8 but line ends, and a `\r` the raw test lets through only ends a
//!   line.
//!
//! So no raw match of the piece means no match. The file must also read
//! without a refusal, or skipping it would hide the error the full read
//! reports: `yields_text` checks that some cue keeps text after every
//! step that can drop it, with the readers' own cue layer for WebVTT.

use memchr::{memchr_iter, memchr2, memmem};
use regex::bytes::RegexBuilder;
use regex_syntax::hir::{ClassUnicode, ClassUnicodeRange};

use super::prefilter::{RawFinder, folds_like_ascii, required_prefixes};
use super::unplain_list::{any_suspect, text_passing};
use crate::episode::Source;
use crate::episode::text::{bytes_may_hold_mojibake, needs_cleaning};
use crate::formats::{self, decode, detect::Sniff, webvtt};
use crate::search::{Query, SIZE_LIMIT};

/// Tells, from a WebVTT or SubRip file's raw bytes, that it cannot match.
#[derive(Debug, Clone)]
pub struct CueFilter {
    /// The longest seam-free piece of the pattern (of each literal a
    /// regex's matches start with), under the query's case rule; a
    /// literal's found as `earmark search`'s prefilter finds a pattern.
    raw: RawFinder,
    /// Every piece is printable ASCII (or one of the two chars that fold
    /// to ASCII letters): mojibake repair cannot make it match.
    ascii: bool,
}

impl CueFilter {
    /// The filter for `query`, when one is exact for it: a non-empty
    /// literal pattern, or a regex whose every match starts with one of a
    /// few literals, with a piece no seam can cut.
    pub fn for_query(query: &Query) -> Option<CueFilter> {
        if query.is_empty() {
            return None;
        }
        if query.options().regex {
            return CueFilter::for_regex(query);
        }
        let fold = query.is_case_insensitive();
        let piece = longest_piece(query.pattern(), fold)?;
        let raw = RawFinder::for_literal(piece, fold)?;
        let ascii = piece.bytes().all(|b| (0x20..=0x7e).contains(&b));
        Some(CueFilter { raw, ascii })
    }

    /// A regex query's filter: the longest piece of each literal its
    /// matches start with (the literals are already spelt in every case
    /// the query allows, so the pieces are matched as they are).
    fn for_regex(query: &Query) -> Option<CueFilter> {
        let literals = required_prefixes(query.pattern(), query.is_case_insensitive())?;
        let mut pieces = Vec::new();
        for literal in &literals {
            let literal = std::str::from_utf8(literal).ok()?;
            pieces.push(longest_piece(literal, false)?);
        }
        let ascii = pieces.iter().all(|p| folds_like_ascii(p.as_bytes()));
        let alternation: Vec<String> = pieces.iter().map(|p| regex::escape(p)).collect();
        let raw = RegexBuilder::new(&alternation.join("|"))
            .size_limit(SIZE_LIMIT)
            .dfa_size_limit(SIZE_LIMIT)
            .build()
            .ok()?;
        Some(CueFilter {
            raw: RawFinder::Regex(raw),
            ascii,
        })
    }

    /// True only when reading `bytes` (from `source`) succeeds and no
    /// segment matches: the file is WebVTT or SubRip, the piece is not in
    /// its bytes, nothing in them can hide text (see the module comment),
    /// and some cue keeps text. Cheapest first: most files of a search for
    /// a common word stop at the first test.
    pub fn rules_out(&self, bytes: &[u8], source: &Source) -> bool {
        self.raw_clear(bytes)
            .is_some_and(|text| self.rules_out_clear(text, source))
    }

    /// The first half of [`CueFilter::rules_out`], which other raw tests
    /// build on too: no piece in `bytes`, which are UTF-8 (the text they
    /// hold comes back) that cleaning leaves as it is.
    pub fn raw_clear<'b>(&self, bytes: &'b [u8]) -> Option<&'b str> {
        if self.raw.occurs_in(bytes) {
            return None;
        }
        let text = text_cleaning_leaves(bytes)?;
        (self.ascii || !bytes_may_hold_mojibake(bytes)).then_some(text)
    }

    /// The second half of [`CueFilter::rules_out`], for a text that is
    /// [`CueFilter::raw_clear`]: a caption file whose markup hides
    /// nothing and that reads without a refusal.
    pub fn rules_out_clear(&self, text: &str, source: &Source) -> bool {
        markup_keeps_lines_whole(text.as_bytes()) && yields_text(text, source)
    }
}

/// `bytes` as text, when they are UTF-8 and [`needs_cleaning`] says
/// cleaning leaves them as they are. In one walk over them, as the
/// search-only pass takes Markdown ([`text_passing`]): the UTF-8 check and
/// the look for invisible chars pass plain ASCII blocks over, and the
/// bytes cleaning may act on are looked at from its list. Two walks (the
/// UTF-8 check, then `needs_cleaning`) were a fifth of ruling a JSON file
/// out.
fn text_cleaning_leaves(bytes: &[u8]) -> Option<&str> {
    text_passing(
        bytes,
        |unplain| !any_suspect(bytes, unplain),
        |text| !needs_cleaning(text.as_bytes()),
    )
}

/// Chars that may sit beside a seam between two fragments, or be put
/// between two runs of a file's bytes: whitespace and controls, the
/// punctuation `merge` glues to its neighbour, the chars a plain reference
/// decodes to, and (for CJK, which joins with nothing) everything from
/// U+3000 up, a superset of merge's CJK ranges.
pub fn is_seam_char(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || c >= '\u{3000}'
        || ",.;:!?…%)]}”’»([{“‘«&<>\"'".contains(c)
}

/// Whether `c`, or under case folding any char it matches, is a seam char.
fn may_match_a_seam_char(c: char, fold: bool) -> bool {
    if !fold {
        return is_seam_char(c);
    }
    let mut class = ClassUnicode::new([ClassUnicodeRange::new(c, c)]);
    class.case_fold_simple();
    class
        .iter()
        .any(|range| (range.start()..=range.end()).any(is_seam_char))
}

/// The longest run of `pattern` with no char that may match a seam char
/// (the first of the longest), or `None` when there is none.
pub fn longest_piece(pattern: &str, fold: bool) -> Option<&str> {
    let mut best: Option<&str> = None;
    for piece in pattern.split(|c| may_match_a_seam_char(c, fold)) {
        if piece.len() > best.map_or(0, str::len) {
            best = Some(piece);
        }
    }
    best
}

/// The references both decoders turn into one ASCII seam char.
const PLAIN_REFERENCES: [&[u8]; 5] = [b"amp;", b"lt;", b"gt;", b"quot;", b"apos;"];

/// Whether the tags and references of `bytes` leave every line's text an
/// unbroken tail of it: every `<` starts a line, no `{\` (an ASS
/// override), and every `&` is bare or a `PLAIN_REFERENCES` one.
pub fn markup_keeps_lines_whole(bytes: &[u8]) -> bool {
    let tags_open_lines = memchr_iter(b'<', bytes).all(|at| at == 0 || bytes[at - 1] == b'\n');
    let plain_references = memchr_iter(b'&', bytes).all(|at| {
        let rest = &bytes[at + 1..];
        let bare = rest
            .first()
            .is_none_or(|&b| !b.is_ascii_alphanumeric() && b != b'#');
        bare || PLAIN_REFERENCES.iter().any(|name| rest.starts_with(name))
    });
    tags_open_lines && plain_references && memmem::find(bytes, b"{\\").is_none()
}

/// Whether `text` reads as WebVTT or SubRip without a refusal: some cue's
/// last payload line keeps text whatever the reader drops. For WebVTT
/// that is the last cue the cue layer keeps; for SubRip, the file's last
/// line that is not blank, when it is no timing line or cue number (it
/// then ends the last cue).
fn yields_text(text: &str, source: &Source) -> bool {
    // Decoding valid UTF-8 only takes a BOM off, turns `\r` into `\n`
    // and refuses (or, in WebVTT, replaces) a NUL: without any, the text
    // is its own decoding, and a second pass over it is saved.
    let decoded;
    let text = if text.starts_with('\u{feff}') || memchr2(b'\r', 0, text.as_bytes()).is_some() {
        let Ok(whole) = decode::decode(text.as_bytes()) else {
            return false;
        };
        decoded = whole.text;
        decoded.as_ref()
    } else {
        text
    };
    match formats::sniff(text, source) {
        Sniff::WebVtt { .. } => last_cue_payload(text)
            .is_some_and(|payload| payload.rsplit('\n').next().is_some_and(line_keeps_text)),
        Sniff::Srt => text
            .rsplit('\n')
            .find(|line| !line.trim().is_empty())
            .is_some_and(|line| {
                let number = line.trim().bytes().all(|b| b.is_ascii_digit());
                !number && !line.contains("-->") && line_keeps_text(line)
            }),
        _ => false,
    }
}

/// The payload of the last cue WebVTT's cue layer keeps in `text`, read
/// from the last cue block alone when it can be: parsing every cue to find
/// the last took most of the time of ruling a file out. Every line with
/// `-->` is the first line of a block or the second after an identifier
/// (another ends the block before it), so the last such line is the last
/// cue block's timing line, and its payload runs to the next blank line.
/// When the strict grammar reads that line, the cue layer keeps the cue
/// whichever grammar the file takes (the lenient one only when it reads
/// every such line). Otherwise, and when that line would be the signature,
/// the whole file's cues.
fn last_cue_payload(text: &str) -> Option<String> {
    let strict_last = memmem::rfind(text.as_bytes(), b"-->").and_then(|arrow| {
        let line_start = text[..arrow].rfind('\n').map_or(0, |at| at + 1);
        let signed = !text[..line_start].trim_start_matches('\n').is_empty();
        // Alone, one block: the strict grammar reads it or there is no cue.
        let alone = format!("WEBVTT\n\n{}", &text[line_start..]);
        signed.then(|| webvtt::parse_cues(&alone).pop()).flatten()
    });
    strict_last
        .or_else(|| webvtt::parse_cues(text).pop())
        .map(|cue| cue.raw_text)
}

/// Whether a payload line that ends a cue keeps text through the reader
/// (a leading `- ` and a leading tag dropped, under
/// [`markup_keeps_lines_whole`]) and the speaker labels step, which drops
/// at most up to the first `:` and the spaces after it: it does when
/// something not blank follows the line's last `:` (or the line has none).
/// The fragment it ends then keeps that text.
fn line_keeps_text(line: &str) -> bool {
    let line = line.trim_start().strip_prefix("- ").unwrap_or(line);
    let tail = match line.strip_prefix('<') {
        Some(tag) => tag.split_once('>').map_or("", |(_, tail)| tail),
        None => line,
    };
    let after_colon = tail.rsplit(':').next().unwrap_or(tail);
    !after_colon.trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::SearchOptions;

    /// One walk tells what the UTF-8 check and `needs_cleaning` told.
    #[test]
    fn one_walk_tells_what_the_utf8_check_and_needs_cleaning_told() {
        crate::test_support::assert_one_walk_as_two(text_cleaning_leaves, |text| {
            !needs_cleaning(text.as_bytes())
        });
    }

    fn filter(pattern: &str) -> Option<CueFilter> {
        let query = Query::parse(pattern, SearchOptions::default()).expect("valid");
        CueFilter::for_query(&query)
    }

    fn vtt(body: &str) -> Vec<u8> {
        format!("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n{body}\n").into_bytes()
    }

    fn rules_out(pattern: &str, bytes: &[u8]) -> bool {
        let source = Source::File("a.vtt".into());
        filter(pattern).is_some_and(|f| f.rules_out(bytes, &source))
    }

    #[test]
    fn pieces_stop_at_every_seam_char() {
        assert_eq!(
            longest_piece("product-market fit", true),
            Some("product-market")
        );
        assert_eq!(longest_piece("growth.", true), Some("growth"));
        assert_eq!(longest_piece("she’s", true), Some("she"));
        assert_eq!(longest_piece("a 中文 b", true), Some("a"));
        assert_eq!(longest_piece("Q&A", false), Some("Q"));
        assert_eq!(longest_piece("...", true), None);
        assert_eq!(longest_piece("中文", true), None);
    }

    /// A char whose case fold is a seam char is one too; none of the
    /// ASCII letters is.
    #[test]
    fn case_folds_of_seam_chars_are_seam_chars() {
        // U+FF21 (full-width A) is in the CJK range, and so is its fold.
        assert!(may_match_a_seam_char('\u{ff21}', true));
        for c in ('a'..='z').chain('A'..='Z') {
            assert!(!may_match_a_seam_char(c, true), "{c}");
        }
        // `ɦ` folds to U+A7AA, past U+3000: conservatively a seam char.
        assert!(may_match_a_seam_char('\u{266}', true));
        assert!(!may_match_a_seam_char('\u{266}', false));
    }

    #[test]
    fn a_file_without_the_piece_is_ruled_out() {
        let file = vtt("<v Ann>We talked about growth.");
        assert!(rules_out("zebra", &file));
        assert!(!rules_out("growth", &file));
        // `product-market` is the piece: `fit` alone is not enough.
        assert!(rules_out("product-market fit", &vtt("a fit")));
        assert!(!rules_out(
            "product-market fit",
            &vtt("product-market\nfit")
        ));
    }

    /// Text hidden from the bytes by a tag mid-line, an ASS override, a
    /// reference or cleaning keeps the file from being ruled out.
    #[test]
    fn text_the_bytes_hide_is_never_ruled_out() {
        for hidden in [
            "gro<i>wth</i>",
            "gro{\\an8}wth",
            "gr&#111;wth",
            "gr&ouml;wth",
            "gro\u{200b}wth",
            "gro\u{7}wth",
        ] {
            assert!(!rules_out("growth", &vtt(hidden)), "{hidden}");
        }
        assert!(rules_out("growth", &vtt("Q &amp; A &lt;3 & more")));
    }

    /// A file the full read would refuse is read, so that its error shows.
    #[test]
    fn a_file_that_would_be_refused_is_not_ruled_out() {
        let source = Source::File("a.vtt".into());
        let zebra = filter("zebra").expect("literal");
        assert!(!zebra.rules_out(b"WEBVTT\n\nNOTE only a note\n", &source));
        assert!(!zebra.rules_out(&vtt("<v Ann>"), &source));
        assert!(!zebra.rules_out(&vtt("Ann:"), &source));
        assert!(zebra.rules_out(&vtt("Ann: hello"), &source));
        let srt = Source::File("a.srt".into());
        let cue = b"1\n00:00:01,000 --> 00:00:02,000\nhello\n";
        assert!(zebra.rules_out(cue, &srt));
        assert!(!zebra.rules_out(b"1\n00:00:01,000 --> 00:00:02,000\n", &srt));
        assert!(!zebra.rules_out(b"1\n00:00:01,000 --> 00:00:02,000\n- \n", &srt));
    }

    /// The last cue read from its block alone is the one the whole file's
    /// cues end with: after identifiers, notes, header lines with `-->`,
    /// lenient times (the file's and the last cue's own), bad timings.
    #[test]
    fn the_last_cue_is_the_whole_files_last() {
        for text in [
            "WEBVTT\n\n00:01.000 --> 00:02.000\nA\n\nid\n00:02.000 --> 00:03.000\nB\nC\n\nNOTE x\n",
            "WEBVTT\nKind: captions\n00:01.000 --> 00:02.000\nonly\n",
            "WEBVTT\n\nNOTE\n00:01.000 --> 00:02.000\nin a note\n",
            "WEBVTT\n\n0.5 --> 1.5\none\n\n2.5 --> 3.5\ntwo\n\n4 --> 5\nthree\n",
            "WEBVTT\n\n0.5 --> 1.5\none\n\n2.5 --> 3.5\ntwo\n\n00:04.000 --> 00:05.000\nthree\n",
            "WEBVTT\n\n00:01.000 --> 00:02.000\ngood\n\n99 --> x\nbad\n",
            "WEBVTT\n\n00:01.000 --> 00:02.000\na\n00:02.000 --> 00:03.000\nb\n",
            "WEBVTT --> 00:01.000\n",
            "\n\nWEBVTT\n\n00:01.000 --> 00:02.000\n\n",
            "WEBVTT\n",
        ] {
            let whole = webvtt::parse_cues(text).pop().map(|cue| cue.raw_text);
            assert_eq!(last_cue_payload(text), whole, "{text:?}");
        }
    }

    #[test]
    fn other_formats_are_never_ruled_out() {
        let json = br#"{"version":"1.0.0","segments":[{"body":"hello"}]}"#;
        let source = Source::File("a.json".into());
        let zebra = filter("zebra").expect("literal");
        assert!(!zebra.rules_out(json, &source));
        assert!(!zebra.rules_out(b"---\ntitle: x\n---\n## Transcript\n", &source));
    }

    #[test]
    fn regexes_use_a_piece_of_each_literal() {
        let regex = SearchOptions {
            regex: true,
            case_sensitive: false,
        };
        let query = Query::parse("evals?", regex).expect("valid");
        let evals = CueFilter::for_query(&query).expect("literals");
        let source = Source::File("a.vtt".into());
        assert!(evals.rules_out(&vtt("no such word"), &source));
        assert!(!evals.rules_out(&vtt("an EVAL"), &source));
        let anything = Query::parse(r"\w+", regex).expect("valid");
        assert!(CueFilter::for_query(&anything).is_none());
    }
}
