//! A test on a reader's fragments that lets `earmark search` skip merging
//! a file (JSON, HTML, TTML, text, or a caption file the raw test of
//! [`super::cue_prefilter`] could not rule out) that cannot match:
//! merging and building the episode were most of the cost of a JSON file
//! searched for a word it does not hold.
//!
//! It reuses [`super::cue_prefilter`]'s pieces: the longest run of the
//! pattern with no char that can sit beside a seam between two fragments
//! (whitespace, the punctuation `merge` glues, everything from U+3000 up),
//! or of each literal a regex's matches start with. Why a file it rules
//! out holds no match:
//!
//! * A segment's text is its fragments' texts (a speaker label taken off
//!   the front of some, cleaned) joined by `merge` with a line break, a
//!   space or nothing, runs of spaces collapsed and lines trimmed. Every
//!   match of the pattern holds a piece, so it is enough that no piece
//!   matches.
//! * When no fragment's text holds anything cleaning acts on (as
//!   [`needs_cleaning`] and, for a piece that is not ASCII, mojibake tell;
//!   bidi marks, which cleaning drops, checked apart), cleaning changes a
//!   text at most by turning a no-break space into a space: whitespace, a
//!   seam char. Taking a label off keeps a tail of the text. So every
//!   segment's text is made of tails of the fragments' own texts, joined.
//! * A piece has no whitespace, so a match of it lies inside one
//!   fragment's text, or starts inside one and runs on into the next
//!   across a seam joined with nothing: then that text, trailing spaces
//!   aside, ends with a proper prefix of the piece. Neither found in any
//!   fragment: no match.
//!
//! Skipping must also not hide a refusal: merging refuses only a file with
//! no text and no speaker, so the test asks for a fragment with a speaker,
//! or with a letter or digit after its last `:` (a label ends at a colon,
//! and cleaning does not touch such a text).

use regex::bytes::{Regex, RegexBuilder};

use super::cue_prefilter::longest_piece;
use super::prefilter::{folds_like_ascii, required_prefixes};
use crate::episode::text::{bytes_may_hold_mojibake, needs_cleaning};
use crate::formats::fragment::Reading;
use crate::search::{Query, SIZE_LIMIT};

/// Chars cleaning drops from a fragment's text beyond what
/// [`needs_cleaning`] flags: the bidi marks.
const DROPPED_MARKS: [char; 3] = ['\u{200e}', '\u{200f}', '\u{61c}'];

/// Tells, from a reader's fragments, that merging them gives no match.
#[derive(Debug, Clone)]
pub struct FragmentFilter {
    /// Any piece, under the query's case rule.
    piece: Regex,
    /// A proper prefix of a piece at the end of a text; `None` when every
    /// piece is one char long.
    prefix_at_end: Option<Regex>,
    /// Bytes enough to hold any proper prefix of a piece, in any case.
    prefix_window: usize,
    /// Every piece is ASCII-like: mojibake repair cannot make it match.
    ascii: bool,
}

impl FragmentFilter {
    /// The filter for `query`, when one is exact for it: a non-empty
    /// literal pattern, or a regex whose every match starts with one of a
    /// few literals, each with a piece no seam can cut.
    pub fn for_query(query: &Query) -> Option<FragmentFilter> {
        if query.is_empty() {
            return None;
        }
        let (pieces, fold) = if query.options().regex {
            let literals = required_prefixes(query.pattern(), query.is_case_insensitive())?;
            let mut pieces = Vec::new();
            for literal in &literals {
                let literal = std::str::from_utf8(literal).ok()?;
                pieces.push(longest_piece(literal, false)?.to_string());
            }
            // The literals are spelt in every case the query allows.
            (pieces, false)
        } else {
            let fold = query.is_case_insensitive();
            let piece = longest_piece(query.pattern(), fold)?;
            (vec![piece.to_string()], fold)
        };
        let ascii = pieces.iter().all(|p| folds_like_ascii(p.as_bytes()));
        let escaped: Vec<String> = pieces.iter().map(|p| regex::escape(p)).collect();
        let piece = build(&escaped.join("|"), fold)?;
        let prefixes: Vec<String> = pieces
            .iter()
            .flat_map(|p| {
                p.char_indices()
                    .skip(1)
                    .map(|(at, _)| regex::escape(&p[..at]))
            })
            .collect();
        let longest = pieces.iter().map(|p| p.chars().count()).max().unwrap_or(0);
        let prefix_at_end = match prefixes.is_empty() {
            true => None,
            false => Some(build(&format!("(?:{})\\z", prefixes.join("|")), fold)?),
        };
        Some(FragmentFilter {
            piece,
            prefix_at_end,
            prefix_window: 4 * longest,
            ascii,
        })
    }

    /// True only when merging `reading` succeeds and none of its segments
    /// matches (see the module comment).
    pub fn rules_out(&self, reading: &Reading) -> bool {
        let mut keeps_text = false;
        for fragment in &reading.fragments {
            let text = reading.text(fragment);
            if self.may_match(text) {
                return false;
            }
            keeps_text = keeps_text || fragment.speaker.is_some() || says_something(text);
        }
        keeps_text
    }

    /// Whether merging `reading` keeps some text or speaker, so that it
    /// does not refuse the file (see the module comment): for a reading
    /// already known to hold no match.
    pub fn merge_keeps_text(reading: &Reading) -> bool {
        reading
            .fragments
            .iter()
            .any(|f| f.speaker.is_some() || says_something(reading.text(f)))
    }

    /// Whether `text` (trailing whitespace already trimmed) ends with a
    /// proper prefix of a piece, so that a match may start in it and run
    /// on into the text joined after it.
    pub fn may_run_on(&self, text: &[u8]) -> bool {
        let end = &text[text.len().saturating_sub(self.prefix_window)..];
        self.prefix_at_end.as_ref().is_some_and(|r| r.is_match(end))
    }

    /// Whether `text` may hold a match, or the start of one that runs on
    /// into the next fragment, or cleaning may change it.
    fn may_match(&self, text: &str) -> bool {
        let bytes = text.as_bytes();
        let cleaning_may_matter = !text.is_ascii()
            && (text.contains(DROPPED_MARKS) || (!self.ascii && bytes_may_hold_mojibake(bytes)));
        let end = text.trim_end().as_bytes();
        cleaning_may_matter
            || needs_cleaning(bytes)
            || self.piece.is_match(bytes)
            || self.prefix_at_end.as_ref().is_some_and(|r| r.is_match(end))
    }
}

fn build(pattern: &str, fold: bool) -> Option<Regex> {
    RegexBuilder::new(pattern)
        .case_insensitive(fold)
        .size_limit(SIZE_LIMIT)
        .dfa_size_limit(SIZE_LIMIT)
        .build()
        .ok()
}

/// Whether a text keeps something through the labels step, which takes off
/// at most up to a `:` and the spaces after it: a letter or digit after
/// its last `:`.
fn says_something(text: &str) -> bool {
    let after_colon = text.rsplit(':').next().unwrap_or(text);
    after_colon.bytes().any(|b| b.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::episode::Source;
    use crate::formats;
    use crate::search::SearchOptions;

    fn filter(pattern: &str, regex: bool) -> FragmentFilter {
        let options = SearchOptions {
            regex,
            case_sensitive: false,
        };
        let query = Query::parse(pattern, options).expect("valid");
        FragmentFilter::for_query(&query).expect("a filter")
    }

    /// Whether the merge of `json` is skipped for `pattern`.
    fn skipped(pattern: &str, json: &str) -> bool {
        let filter = filter(pattern, false);
        let source = Source::File("a.json".into());
        let parsed = formats::parse_bytes_unless(json.as_bytes(), source, |r| filter.rules_out(r));
        parsed.expect("reads").is_none()
    }

    fn segments(bodies: &[&str]) -> String {
        let items: Vec<String> = bodies
            .iter()
            .enumerate()
            .map(|(i, body)| format!(r#"{{"startTime":{i},"endTime":{},"body":"{body}"}}"#, i + 1))
            .collect();
        format!(r#"{{"version":"1.0.0","segments":[{}]}}"#, items.join(","))
    }

    #[test]
    fn fragments_without_the_piece_are_not_merged() {
        let json = segments(&["We talked about growth.", "And more."]);
        assert!(skipped("zebra", &json));
        assert!(skipped("product-market fit", &segments(&["a fit"])));
        assert!(!skipped("growth", &json));
        // Smart case: an upper-case letter matches only as typed.
        assert!(skipped("GROWTH", &json));
        assert!(!skipped("growth", &segments(&["GROWTH"])));
    }

    /// A fragment ending with the start of the piece may run on into the
    /// next one (token streams join with nothing).
    #[test]
    fn a_piece_cut_between_fragments_is_merged() {
        assert!(!skipped("growth", &segments(&["gro", "wth"])));
        assert!(!skipped("growth", &segments(&["we GR  ", "owth"])));
        assert!(skipped("growth", &segments(&["growt.", "h"])));
    }

    /// Text cleaning would change is merged, whatever its bytes show.
    #[test]
    fn text_cleaning_changes_is_merged() {
        for hidden in [
            r"gro\u200bwth",
            r"gro\u200ewth",
            r"gro\u0007wth",
            "gro\u{61c}wth",
        ] {
            assert!(!skipped("growth", &segments(&[hidden])), "{hidden}");
        }
        assert!(skipped("growth", &segments(&["caf\u{e9} au lait"])));
    }

    /// A file merging would refuse (no text, no speaker) is merged, so
    /// that its refusal shows.
    #[test]
    fn a_file_merging_refuses_is_merged() {
        assert!(!skipped("zebra", &segments(&["Ann:", "  "])));
        assert!(skipped("zebra", &segments(&["Ann: hello"])));
        let speakers = r#"{"version":"1.0.0","segments":[{"speaker":"Ann","startTime":0,"endTime":1,"body":":"}]}"#;
        assert!(skipped("zebra", speakers));
    }

    #[test]
    fn regexes_test_a_piece_of_each_literal() {
        let evals = filter("evals?", true);
        let read = |body: &str| {
            let json = segments(&[body]);
            let source = Source::File("a.json".into());
            let skipped =
                formats::parse_bytes_unless(json.as_bytes(), source, |r| evals.rules_out(r));
            skipped.expect("reads").is_none()
        };
        assert!(read("no such word"));
        assert!(!read("an EVAL"));
        assert!(!read("ev"));
    }
}
