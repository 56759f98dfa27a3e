//! A raw-bytes test that lets `earmark search` skip parsing files that
//! cannot match.
//!
//! Parsing cleans text (docs/text-hygiene.md, `episode/text/`), and search
//! looks at the cleaned text, so a file can match after cleaning without
//! matching in its raw bytes. The test below is exact for the patterns it
//! accepts: when it says "cannot match", parsing and searching the file
//! would find nothing. Which bytes cleaning may act on ([`needs_cleaning`])
//! is defined, next to its proofs, with the cleaning itself
//! (`episode/text/reach.rs`).
//!
//! It accepts literal patterns with no control char (so no newline),
//! searched with the same case rule as the query (smart case included), and
//! built as a `regex::bytes` regex from the same escaped pattern, so case
//! folding is the query's own (Unicode simple folding, so `k` also finds the
//! Kelvin sign U+212A and `s` the long s U+017F; the tests below check that
//! no other non-ASCII char folds to an ASCII one).
//!
//! A regex gets the same test on the literals every one of its matches
//! starts with, when `regex-syntax` can list them (`evals?`: `eval`, each
//! letter in either case); a match in a cleaned line starts with one of
//! them, and what follows holds for each of them as for a literal pattern.
//! Only where a match may start is then known, not the match itself
//! ([`Prefilter::raw_match_is_whole`]).
//!
//! Why "no raw match and no byte cleaning could act on" means "no match"
//! ([`Prefilter::cleaning_may_matter`] says which bytes those are):
//!
//! * The pattern holds no newline, so a match in a segment lies within one of
//!   its lines. Each line of a segment is a trimmed piece of one cleaned line
//!   of the file (the front matter and the BOM end at line boundaries, and a
//!   header's text is the tail of its line). A substring of a substring
//!   matched before, so it is enough that no cleaned line matches.
//! * Lossy UTF-8 decoding replaces invalid bytes with U+FFFD, which a
//!   pattern may hold: a file that is not UTF-8 is always parsed (the
//!   callers check), unless its raw bytes hold no match of an ASCII pattern,
//!   since U+FFFD matches no ASCII char.
//! * Mojibake repair replaces a run of non-ASCII chars by one non-ASCII char:
//!   for a printable-ASCII pattern the ASCII around it stays apart, and the
//!   new char matters only if the pattern can match it (U+212A from `â„ª`,
//!   U+017F from `Å¿`) or if it is a C1 control (from `Â` and a
//!   Windows-1252 char for 0x80..=0x9F), which the control stripping then
//!   removes together with the ASCII that follows it (a CSI body).
//!   [`needs_cleaning`] flags all three sources. Any other pattern could
//!   match the repaired char itself, so for those a file that may hold
//!   mojibake at all is parsed.
//! * Control stripping removes chars and turns tabs into spaces: both can
//!   join text into a match. It acts only on C0 controls, DEL, C1
//!   controls, spoofing chars and Unicode line breaks
//!   ([`is_spoofing`](crate::episode::text::is_spoofing), which mojibake
//!   repair can also make), so a file holding none of them (but `\n`, and
//!   `\r` right before a `\n`, which only ends a line) is left as it was.

use std::ops::Range;

use regex::bytes::{Regex, RegexBuilder};

use crate::caseless::{CaselessPair, SharedByteFinder};
use crate::episode::text::bytes_may_hold_mojibake;
pub use crate::episode::text::needs_cleaning;
use crate::search::{Query, SIZE_LIMIT};

/// Tells, from a file's raw bytes, whether it may hold a match.
#[derive(Debug, Clone)]
pub struct Prefilter {
    raw: RawFinder,
    /// The pattern is printable ASCII: mojibake repair cannot make it
    /// match, but in the cases [`needs_cleaning`] flags.
    ascii: bool,
    /// A raw match is a match of the query itself (a literal pattern), not
    /// only the start of one (a regex's required prefix).
    whole: bool,
}

impl Prefilter {
    /// The prefilter for `query`, when one is exact for it: a literal,
    /// non-empty pattern with no control char, or a regex whose every
    /// match starts with one of a few literals (see the module comment).
    pub fn for_query(query: &Query) -> Option<Prefilter> {
        let pattern = query.pattern();
        if query.is_empty() {
            return None;
        }
        if query.options().regex {
            return Prefilter::for_regex(query);
        }
        if pattern.chars().any(char::is_control) {
            return None;
        }
        let raw = RawFinder::for_literal(pattern, query.is_case_insensitive())?;
        let ascii = pattern.bytes().all(|b| (0x20..=0x7e).contains(&b));
        Some(Prefilter {
            raw,
            ascii,
            whole: true,
        })
    }

    /// A regex query's prefilter: the literals every match must start with
    /// (`evals?` under smart case: `eval` in its 16 spellings), found by
    /// `regex-syntax` from the same pattern under the same case rule. The
    /// module's argument holds for each literal as for a literal pattern
    /// (it holds no newline, so it lies in one cleaned line), and a match
    /// of the regex starts with one of them. None when some match could
    /// start with anything (`\w+`, `a*`) or a literal holds a control char.
    fn for_regex(query: &Query) -> Option<Prefilter> {
        let literals = required_prefixes(query.pattern(), query.is_case_insensitive())?;
        let ascii = literals.iter().all(|literal| folds_like_ascii(literal));
        if let Some(pair) = every_case_of_one(&literals) {
            return Some(Prefilter {
                raw: RawFinder::Caseless(pair),
                ascii,
                whole: false,
            });
        }
        let alternation: Vec<String> = literals.iter().map(|l| escape_bytes(l)).collect();
        let raw = RegexBuilder::new(&alternation.join("|"))
            .unicode(false)
            .size_limit(SIZE_LIMIT)
            .dfa_size_limit(SIZE_LIMIT)
            .build()
            .ok()?;
        let raw = RawFinder::Regex(raw);
        Some(Prefilter {
            raw,
            ascii,
            whole: false,
        })
    }

    /// Whether a raw match is the query's own match (with the same bytes),
    /// rather than only where one may start.
    pub fn raw_match_is_whole(&self) -> bool {
        self.whole
    }

    /// False only when parsing `bytes` and searching every segment would
    /// find no match (see the module's comment for why).
    pub fn may_match(&self, bytes: &[u8]) -> bool {
        self.first_match(bytes).is_some() || self.cleaning_may_matter(bytes)
    }

    /// Whether cleaning `bytes` could make a match appear that their raw
    /// bytes do not hold: then only parsing tells. For a pattern that is not
    /// printable ASCII, bytes that are not UTF-8 count too (lossy decoding
    /// makes U+FFFD, which such a pattern may hold).
    pub fn cleaning_may_matter(&self, bytes: &[u8]) -> bool {
        let ascii = self.ascii;
        any_unplain_run(bytes, |run| {
            needs_cleaning(run)
                || (!ascii && bytes_may_hold_mojibake(run))
                || (!ascii && std::str::from_utf8(run).is_err())
        })
    }

    /// For a pattern that is not printable ASCII: whether `bytes` may hold
    /// mojibake, which repairs to chars such a pattern may hold. (A caller
    /// that has not checked that the bytes are UTF-8 wants
    /// [`Prefilter::cleaning_may_matter`].)
    pub fn mojibake_may_matter(&self, bytes: &[u8]) -> bool {
        !self.ascii && bytes_may_hold_mojibake(bytes)
    }

    /// Where the first raw match starts, cleaning aside.
    pub fn first_match(&self, bytes: &[u8]) -> Option<usize> {
        self.first_match_from(bytes, 0).map(|m| m.start)
    }

    /// The first raw match starting at or after `from`. (A literal needs
    /// no context before it, so this is the first place at or after `from`
    /// that the pattern occurs.)
    ///
    /// Inlined into the search pass's loop, which asks once a segment,
    /// and the regex's part kept out of line: with it inlined here, each
    /// call saved and restored the registers only the regex uses (a fifth
    /// of a literal's cost per segment).
    #[inline]
    pub fn first_match_from(&self, bytes: &[u8], from: usize) -> Option<Range<usize>> {
        self.raw.find_at(bytes, from)
    }
}

/// The regex's first match starting at or after `from`, out of line (see
/// [`Prefilter::first_match_from`]).
#[inline(never)]
fn regex_match_from(regex: &Regex, bytes: &[u8], from: usize) -> Option<Range<usize>> {
    regex.find_at(bytes, from).map(|m| m.range())
}

/// How the raw bytes are searched: a case-insensitive ASCII literal by
/// [`CaselessPair`] (several times quicker than the regex crate's packed
/// searcher for its eight or sixteen spellings, with the same matches),
/// another case-insensitive literal by [`SharedByteFinder`] when it can
/// (`café`), anything else by a byte regex.
#[derive(Debug, Clone)]
pub(crate) enum RawFinder {
    Regex(Regex),
    Caseless(CaselessPair),
    SharedByte(SharedByteFinder),
}

impl RawFinder {
    /// The finder for the literal `pattern`, under the case rule
    /// `caseless`: the quickest of the three with the matches of the
    /// pattern's escaped regex. `None` when that regex is too large.
    pub(crate) fn for_literal(pattern: &str, caseless: bool) -> Option<RawFinder> {
        if let Some(finder) = caseless.then(|| caseless_finder(pattern)).flatten() {
            return Some(finder);
        }
        let regex = RegexBuilder::new(&regex::escape(pattern))
            .case_insensitive(caseless)
            .size_limit(SIZE_LIMIT)
            .dfa_size_limit(SIZE_LIMIT)
            .build()
            .ok()?;
        Some(RawFinder::Regex(regex))
    }

    /// Whether the pattern occurs in `bytes`: a regex need not find where
    /// its match ends.
    pub(crate) fn occurs_in(&self, bytes: &[u8]) -> bool {
        match self {
            RawFinder::Regex(regex) => regex.is_match(bytes),
            _ => self.find_at(bytes, 0).is_some(),
        }
    }

    /// The first match starting at or after `from` (see
    /// [`Prefilter::first_match_from`] for the inlining).
    #[inline]
    pub(crate) fn find_at(&self, bytes: &[u8], from: usize) -> Option<Range<usize>> {
        match self {
            RawFinder::Regex(regex) => regex_match_from(regex, bytes, from),
            RawFinder::Caseless(pair) => pair.find_at(bytes, from),
            RawFinder::SharedByte(finder) => finder.find_at(bytes, from),
        }
    }
}

/// A finder quicker than the case-insensitive regex for the literal
/// `pattern`, with the same matches, if there is one: its letters when it
/// is ASCII, or a byte its spellings share (see [`SharedByteFinder`]) when
/// `regex-syntax` lists every spelling the regex matches.
fn caseless_finder(pattern: &str) -> Option<RawFinder> {
    if let Some(pair) = CaselessPair::for_literal(pattern.as_bytes()) {
        return Some(RawFinder::Caseless(pair));
    }
    let seq = extracted_literals(&regex::escape(pattern), true)?;
    let spellings: Vec<Vec<u8>> = (seq.is_exact().then(|| seq.literals()).flatten()?.iter())
        .map(|l| l.as_bytes().to_vec())
        .collect();
    SharedByteFinder::for_spellings(&spellings).map(RawFinder::SharedByte)
}

/// A finder for where the first of `literals` starts, when the shortest
/// of them are every way of writing one ASCII literal in either case (a
/// case-insensitive regex's prefixes: `evals?` gives `eval` in its 16
/// spellings, and `evals`, `evalſ`… after them) and [`CaselessPair`]
/// takes it. A literal that starts with another starts where that one
/// does, so only the shortest tell where a match may start.
fn every_case_of_one(literals: &[Vec<u8>]) -> Option<CaselessPair> {
    let mut shortest: Vec<&[u8]> = Vec::new();
    let mut by_length: Vec<&[u8]> = literals.iter().map(Vec::as_slice).collect();
    by_length.sort_unstable_by_key(|l| l.len());
    for literal in by_length {
        if !shortest.iter().any(|s| literal.starts_with(s)) {
            shortest.push(literal);
        }
    }
    let first = *shortest.first()?;
    let one_word = shortest.iter().all(|l| l.eq_ignore_ascii_case(first));
    let letters = first.iter().filter(|b| b.is_ascii_alphabetic()).count();
    let every_case =
        one_word && u32::try_from(letters).is_ok_and(|n| n < 16 && shortest.len() == 1 << n);
    every_case
        .then(|| CaselessPair::for_literal(first))
        .flatten()
}

/// The literals every match of `pattern` starts with, as
/// `regex::Regex` reads it under the same case rule: `None` when there are
/// too many to list, one is empty (a match could start anywhere), or one
/// holds a control char (cleaning strips those or turns them into spaces).
pub(crate) fn required_prefixes(pattern: &str, case_insensitive: bool) -> Option<Vec<Vec<u8>>> {
    let seq = extracted_literals(pattern, case_insensitive)?;
    let literals: Vec<Vec<u8>> = seq
        .literals()?
        .iter()
        .map(|l| l.as_bytes().to_vec())
        .collect();
    let unusable = |l: &Vec<u8>| l.is_empty() || l.iter().any(|&b| b < 0x20 || b == 0x7f);
    (!literals.is_empty() && !literals.iter().any(unusable)).then_some(literals)
}

/// The literals `regex-syntax` finds that the matches of `pattern` start
/// with, as `regex::Regex` reads it under the same case rule (exact, the
/// matches themselves, when it could list them all).
fn extracted_literals(
    pattern: &str,
    case_insensitive: bool,
) -> Option<regex_syntax::hir::literal::Seq> {
    let hir = regex_syntax::ParserBuilder::new()
        .case_insensitive(case_insensitive)
        .build()
        .parse(pattern)
        .ok()?;
    Some(regex_syntax::hir::literal::Extractor::new().extract(&hir))
}

/// Whether mojibake repair can put `literal` into a line only where
/// [`needs_cleaning`] flags it, as for a printable-ASCII pattern: its chars
/// are printable ASCII or the two non-ASCII chars that fold to ASCII
/// letters, whose mojibake sources are flagged.
pub(crate) fn folds_like_ascii(literal: &[u8]) -> bool {
    std::str::from_utf8(literal).is_ok_and(|text| {
        text.chars()
            .all(|c| (' '..='~').contains(&c) || c == '\u{212a}' || c == '\u{17f}')
    })
}

/// `bytes` as a pattern for a byte regex (Unicode off) matching exactly
/// them, whether or not they are UTF-8.
fn escape_bytes(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| {
            if b.is_ascii_alphanumeric() {
                char::from(b).to_string()
            } else {
                format!("\\x{b:02x}")
            }
        })
        .collect()
}

/// Bytes looked at together by [`any_run_of_blocks`].
pub(super) const BLOCK: usize = 64;

/// Blocks [`any_run_of_blocks`] tests at once while it passes over
/// skippable ones: one test of 256 bytes costs fewer instructions than
/// four of 64 (one reduction and branch rather than four), and a
/// transcript's blocks are mostly skippable.
const GROUP: usize = 4;

/// Whether `b` keeps a 64-byte block from being plain: anything but
/// printable ASCII and `\n`. (The byte one past it, as a signed byte,
/// is below `0x21` exactly for the controls, DEL and bytes over 0x7F: one
/// add and one signed compare a vector of bytes.)
#[inline(always)]
pub(super) fn is_not_plain_ascii(b: u8) -> bool {
    ((b.wrapping_add(1) as i8) < 0x21) & (b != b'\n')
}

/// Whether `test` holds for some run of `bytes` that is not plain ASCII:
/// the same answer as `test(bytes)` for the tests
/// [`Prefilter::cleaning_may_matter`] makes, in one pass over the file
/// rather than three. A 64-byte block of ASCII with no control char but
/// `\n` holds nothing those tests flag, nor a byte that ends a char, so
/// only the runs of blocks that are not such (each with the one byte after
/// it, which a `\r` before it looks at) are tested. Every sequence those
/// tests flag is a control char, or a byte over 0x7F followed by bytes
/// over 0x7F only: it lies in one run. A char never spans an ASCII byte, so
/// each run starts and ends on char boundaries, and is UTF-8 exactly
/// where the whole is.
fn any_unplain_run(bytes: &[u8], test: impl FnMut(&[u8]) -> bool) -> bool {
    any_run_of_blocks(bytes, is_not_plain_ascii, 1, test)
}

/// Whether `test` holds for some run of `bytes` between the 64-byte blocks
/// that hold no byte that `stops` (skippable blocks): each run of other
/// blocks, with `after` bytes of the block that follows it; a run reaching
/// the last whole block takes in the tail too, else the tail (if any) is a
/// run of its own. One walk for the checks that need to look only where a
/// file is not plain.
///
/// On a CPU with AVX2 the walk is compiled a second time for it, its
/// block test then looking at 32 bytes an instruction rather than 16
/// (half the instructions, 1.6–2× quicker); these walks are a tenth of
/// searching for a common word.
pub(super) fn any_run_of_blocks(
    bytes: &[u8],
    stops: impl Fn(u8) -> bool,
    after: usize,
    test: impl FnMut(&[u8]) -> bool,
) -> bool {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2, as just checked.
        return unsafe { runs_of_blocks_avx2(bytes, stops, after, test) };
    }
    runs_of_blocks(bytes, stops, after, test)
}

/// [`runs_of_blocks`] compiled for AVX2 (its closures inlined with it).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn runs_of_blocks_avx2(
    bytes: &[u8],
    stops: impl Fn(u8) -> bool,
    after: usize,
    test: impl FnMut(&[u8]) -> bool,
) -> bool {
    runs_of_blocks(bytes, stops, after, test)
}

/// The walk of [`any_run_of_blocks`]. Skippable blocks are passed over
/// [`GROUP`] at a time where they come so; a group holding another
/// block is passed over block by block, so the runs are the same.
#[inline(always)]
fn runs_of_blocks(
    bytes: &[u8],
    stops: impl Fn(u8) -> bool,
    after: usize,
    mut test: impl FnMut(&[u8]) -> bool,
) -> bool {
    // No early exit: a branch a byte would cost more than the bytes.
    let skippable = |bytes: &[u8]| !bytes.iter().fold(false, |any, &b| any | stops(b));
    let (blocks, tail) = bytes.as_chunks::<BLOCK>();
    let mut k = 0;
    while k < blocks.len() {
        let group = blocks[k..].first_chunk::<GROUP>();
        if group.is_some_and(|group| skippable(group.as_flattened())) {
            k += GROUP;
            continue;
        }
        if skippable(&blocks[k]) {
            k += 1;
            continue;
        }
        let start = k * BLOCK;
        while k < blocks.len() && !skippable(&blocks[k]) {
            k += 1;
        }
        let end = match k == blocks.len() {
            true => bytes.len(),
            false => k * BLOCK + after,
        };
        if test(&bytes[start..end]) {
            return true;
        }
    }
    let tail_done = blocks.last().is_some_and(|last| !skippable(last));
    !tail_done && !tail.is_empty() && test(tail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::episode::text::clean;
    use crate::search::SearchOptions;

    fn prefilter(pattern: &str) -> Option<Prefilter> {
        let query = Query::parse(pattern, SearchOptions::default()).expect("valid");
        Prefilter::for_query(&query)
    }

    #[test]
    fn literals_without_control_chars_get_a_prefilter() {
        assert!(prefilter("product-market fit").is_some());
        assert!(prefilter("@karina canvas").is_some());
        assert!(prefilter("café").is_some());
        assert!(prefilter("").is_none());
        assert!(prefilter("a\tb").is_none());
        assert!(prefilter("a\u{85}b").is_none());
    }

    fn regex_prefilter(pattern: &str) -> Option<Prefilter> {
        let regex = SearchOptions {
            regex: true,
            case_sensitive: false,
        };
        let query = Query::parse(pattern, regex).expect("valid");
        Prefilter::for_query(&query)
    }

    /// A regex gets a prefilter when every match starts with one of a few
    /// literals without control chars; it then finds where a match may
    /// start, in either case under smart case, not the match itself.
    #[test]
    fn regexes_with_required_prefixes_get_a_prefilter() {
        let evals = regex_prefilter("evals?").expect("prefixes");
        assert!(!evals.raw_match_is_whole());
        for text in ["an eval", "EVALS", "eVaLuation"] {
            assert!(evals.may_match(text.as_bytes()), "{text}");
        }
        assert!(!evals.may_match(b"an eva l, an evl"));
        let cased = regex_prefilter("Evals?").expect("prefixes");
        assert!(!cased.may_match(b"an eval"));
        assert!(cased.may_match(b"an Eval"));
        assert!(regex_prefilter(r"\bai\b|growth").is_some());
        assert!(prefilter("growth").expect("literal").raw_match_is_whole());
        for anything in [r"\w+", "a*", "(ab)?", ".", r"a\tb", r"\n", "[^x]y"] {
            assert!(regex_prefilter(anything).is_none(), "{anything}");
        }
    }

    /// A case-insensitive ASCII literal, or a regex whose prefixes are
    /// every spelling of one, is searched by three of its letters; anything
    /// else by the byte regex.
    #[test]
    fn every_case_of_one_literal_is_searched_by_its_letters() {
        let by_pair =
            |p: Option<Prefilter>| matches!(p.expect("a prefilter").raw, RawFinder::Caseless(_));
        assert!(by_pair(regex_prefilter("evals?")));
        assert!(by_pair(regex_prefilter(r"growth\b")));
        assert!(by_pair(prefilter("the")));
        assert!(by_pair(prefilter("@lenny growth")));
        assert!(!by_pair(regex_prefilter("Evals?")));
        assert!(!by_pair(regex_prefilter("th(e|at)")));
        assert!(by_pair(prefilter("market")));
        assert!(by_pair(prefilter("sales")));
        assert!(!by_pair(regex_prefilter("k")));
        assert!(!by_pair(regex_prefilter("asks?")));
        assert!(!by_pair(prefilter("The")));
        assert!(!by_pair(prefilter("2024")));
    }

    /// `(?i)k` also matches the Kelvin sign, so its literals hold it; a
    /// file with the sign may match, and one with its mojibake source is
    /// parsed.
    #[test]
    fn a_regex_prefilter_keeps_the_non_ascii_case_folds() {
        let k = regex_prefilter("k").expect("prefixes");
        assert!(k.may_match("the \u{212a}elvin sign".as_bytes()));
        assert!(!k.may_match(b"no such letter"));
        assert!(k.may_match("mojibake \u{e2}\u{201e}\u{aa}".as_bytes()));
        let accented = regex_prefilter("caf[ée]").expect("prefixes");
        assert!(accented.cleaning_may_matter("a cafÃ© here".as_bytes()));
        assert!(
            !regex_prefilter("cafe")
                .expect("prefixes")
                .cleaning_may_matter("a cafÃ© here".as_bytes())
        );
    }

    /// Mojibake repairs to chars a non-ASCII pattern may hold, and lossy
    /// decoding makes U+FFFD: for such a pattern a file that may hold either
    /// must be parsed, while an ASCII pattern need not care.
    #[test]
    fn mojibake_and_invalid_utf8_matter_only_to_non_ascii_patterns() {
        let accented = prefilter("café").expect("literal");
        let ascii = prefilter("cafe").expect("literal");
        let mojibake = "a cafÃ© here".as_bytes();
        assert_eq!(clean(std::str::from_utf8(mojibake).unwrap()), "a café here");
        assert!(accented.cleaning_may_matter(mojibake));
        assert!(accented.may_match(mojibake));
        assert!(!ascii.cleaning_may_matter(mojibake));
        let plain = "a café here, and ö and she’s".as_bytes();
        assert!(!accented.cleaning_may_matter(plain));
        let elsewhere = "no such word here, Zürich".as_bytes();
        assert!(!accented.may_match(elsewhere));
        let invalid = b"caf\xff and more";
        assert!(accented.cleaning_may_matter(invalid));
        assert!(!ascii.cleaning_may_matter(invalid));
    }

    /// From every position, the first match is the first place the
    /// pattern occurs, overlapping occurrences included, under the query's
    /// case rule.
    #[test]
    fn first_match_from_is_the_next_occurrence() {
        let text = "k \u{212a} kk Kelvin \u{212a}\u{212a} growth GROWTH growthgrowth".as_bytes();
        for pattern in ["k", "growth", "K", "th g", "kk"] {
            let filter = prefilter(pattern).expect("literal");
            let case = if pattern.chars().any(char::is_uppercase) {
                ""
            } else {
                "(?i)"
            };
            let anchored =
                Regex::new(&format!("^{case}{}", regex::escape(pattern))).expect("valid");
            for from in 0..=text.len() {
                let next = (from..text.len()).find_map(|i| {
                    let found = anchored.find(&text[i..])?;
                    Some(i..i + found.end())
                });
                assert_eq!(
                    filter.first_match_from(text, from),
                    next,
                    "{pattern} from {from}"
                );
            }
            let first = filter.first_match_from(text, 0).map(|m| m.start);
            assert_eq!(filter.first_match(text), first);
        }
    }

    /// A case-insensitive literal that is not ASCII is found by a byte
    /// its spellings share when there is one, and from every position its
    /// first match is the case-insensitive regex's, on random text of its
    /// chars in both cases, other chars and stray bytes.
    #[test]
    fn a_non_ascii_literal_is_found_as_its_regex_finds_it() {
        let mut seed = 23u64;
        for (pattern, shared) in [
            ("caf\u{e9}", true),
            ("na\u{ef}ve", true),
            ("z\u{fc}rich", true),
            ("\u{f6}k\u{f6}", false),
            ("\u{65e5}\u{672c}", true),
            ("\u{e9}", true),
            ("a\u{e9} b", true),
            ("\u{3b1}", true),
            ("stra\u{df}e", false),
        ] {
            let filter = prefilter(pattern).expect("literal");
            assert_eq!(
                matches!(filter.raw, RawFinder::SharedByte(_)),
                shared,
                "{pattern}"
            );
            let regex = RegexBuilder::new(&regex::escape(pattern))
                .case_insensitive(true)
                .build()
                .expect("valid");
            let mut alphabet: Vec<String> = pattern
                .chars()
                .flat_map(|c| [c.to_string(), c.to_uppercase().to_string()])
                .collect();
            alphabet.extend(["\u{e8}", "\u{c8}", "\u{2019}", "x", " ", "\n"].map(String::from));
            let mut found = 0;
            for len in [0, 1, 3, 10, 40, 100] {
                let mut text: Vec<u8> = Vec::new();
                for _ in 0..len {
                    seed = crate::test_support::lcg_next(seed);
                    match (seed >> 33) as usize % (alphabet.len() + 4) {
                        0 => text.push(0xc3),
                        k if k <= alphabet.len() => {
                            text.extend_from_slice(alphabet[k - 1].as_bytes());
                        }
                        _ => {
                            let spelling = pattern.chars().enumerate().map(|(i, c)| {
                                match (seed >> (10 + i)) & 1 {
                                    0 => c.to_string(),
                                    _ => c.to_uppercase().to_string(),
                                }
                            });
                            text.extend(spelling.collect::<String>().bytes());
                        }
                    }
                }
                for from in 0..=text.len() {
                    let expected = regex.find_at(&text, from).map(|m| m.range());
                    found += usize::from(expected.is_some());
                    assert_eq!(
                        filter.first_match_from(&text, from),
                        expected,
                        "{pattern} {text:?} {from}"
                    );
                }
            }
            assert!(found > 50, "{pattern}: matches found: {found}");
        }
    }

    /// The module's reasoning assumes that only U+017F and U+212A fold to
    /// ASCII under the regex crate's case-insensitive matching.
    #[test]
    fn only_two_non_ascii_chars_fold_to_ascii_letters() {
        let ascii_letter = regex::Regex::new("(?i)^[a-z]$").expect("valid");
        let folding: Vec<char> = (0x80..=0x10ffff_u32)
            .filter_map(char::from_u32)
            .filter(|c| ascii_letter.is_match(c.encode_utf8(&mut [0; 4])))
            .collect();
        assert_eq!(folding, ['\u{17f}', '\u{212a}']);
    }

    #[test]
    fn raw_matches_follow_the_query_case_rule() {
        let smart = prefilter("growth").expect("literal");
        assert!(smart.may_match(b"GROWTH"));
        let k = prefilter("k").expect("literal");
        assert!(k.may_match("the \u{212a}elvin sign".as_bytes()));
        assert!(!smart.may_match(b"grow th"));
        let upper = prefilter("Growth").expect("literal");
        assert!(!upper.may_match(b"growth"));
        assert!(upper.may_match(b"Growth"));
    }

    #[test]
    fn not_plain_ascii_is_all_but_printable_ascii_and_newline() {
        for b in 0..=u8::MAX {
            let plain = b == b'\n' || (0x20..0x7f).contains(&b);
            assert_eq!(is_not_plain_ascii(b), !plain, "{b:#x}");
        }
    }

    /// The runs of blocks holding a byte that `stops`, each with `after`
    /// bytes more (the tail with the last), found block by block: what
    /// the walk, which passes over groups of skippable blocks, must find.
    fn runs_block_by_block(
        bytes: &[u8],
        stops: impl Fn(u8) -> bool,
        after: usize,
    ) -> Vec<Range<usize>> {
        let (blocks, tail) = bytes.as_chunks::<BLOCK>();
        let flagged: Vec<bool> = blocks.iter().map(|b| b.iter().any(|&b| stops(b))).collect();
        let mut runs: Vec<Range<usize>> = Vec::new();
        for (k, _) in flagged.iter().enumerate().filter(|(_, f)| **f) {
            match runs.last_mut() {
                Some(run) if run.end == k * BLOCK + after => run.end = (k + 1) * BLOCK + after,
                _ => runs.push(k * BLOCK..(k + 1) * BLOCK + after),
            }
        }
        match runs.last_mut() {
            Some(run) if run.end >= blocks.len() * BLOCK => run.end = bytes.len(),
            _ if !tail.is_empty() => runs.push(blocks.len() * BLOCK..bytes.len()),
            _ => {}
        }
        runs
    }

    /// The walk compiled for AVX2 and the plain one hand the same runs to
    /// the test, in the same order, and stop at the same one: the runs
    /// found block by block.
    #[test]
    fn both_compilations_of_the_walk_find_the_same_runs() {
        let plain = |b: u8| b != b'a' && b != b'\n';
        let (mut seed, mut many_runs) = (5u64, 0);
        for _ in 0..2000 {
            seed = crate::test_support::lcg_next(seed);
            let len = (seed >> 33) as usize % 1500;
            let mut next = seed;
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    next = crate::test_support::lcg_next_by(next, 1);
                    match (next >> 33) % 150 {
                        0 => b'x',
                        1 => b'\n',
                        _ => b'a',
                    }
                })
                .collect();
            let stop_after = (seed >> 20) as usize % 4;
            let walk = |avx2: bool| {
                let mut runs = Vec::new();
                let mut test = |run: &[u8]| {
                    runs.push(run.as_ptr() as usize - bytes.as_ptr() as usize..run.len());
                    runs.len() > stop_after
                };
                let found = match avx2 {
                    #[cfg(target_arch = "x86_64")]
                    true if std::arch::is_x86_feature_detected!("avx2") => {
                        // SAFETY: the CPU has AVX2, as just checked.
                        unsafe { runs_of_blocks_avx2(&bytes, plain, 1, &mut test) }
                    }
                    _ => runs_of_blocks(&bytes, plain, 1, &mut test),
                };
                (found, runs)
            };
            let (found, runs) = walk(false);
            let every = runs_block_by_block(&bytes, plain, 1);
            let tested = every.iter().take(stop_after + 1);
            let expected: Vec<Range<usize>> = tested.map(|run| run.start..run.len()).collect();
            assert_eq!((found, &runs), (every.len() > stop_after, &expected));
            many_runs += usize::from(runs.len() > 1);
            assert_eq!(
                walk(true),
                (found, runs),
                "{:?}",
                String::from_utf8_lossy(&bytes)
            );
        }
        assert!(many_runs > 200, "walks with several runs: {many_runs}");
    }

    /// The one-pass test agrees with testing the whole file, for every
    /// kind of byte the tests flag, placed around block boundaries.
    #[test]
    fn runs_answer_as_the_whole_file() {
        let pieces: [&[u8]; 10] = [
            b"plain ",
            "caf\u{e9} ".as_bytes(),
            "caf\u{c3}\u{a9}".as_bytes(),
            "\u{2019}".as_bytes(),
            "\u{200b}".as_bytes(),
            b"\r",
            b"\r\n",
            b"\x07",
            b"\xff",
            b"\xc3",
        ];
        let accented = prefilter("café").expect("a literal");
        let ascii = prefilter("cafe").expect("a literal");
        let whole = |p: &Prefilter, bytes: &[u8]| {
            needs_cleaning(bytes)
                || p.mojibake_may_matter(bytes)
                || (!p.ascii && std::str::from_utf8(bytes).is_err())
        };
        let (mut seed, mut kinds) = (11u64, [0; 2]);
        for _ in 0..4000 {
            let mut bytes = Vec::new();
            for _ in 0..(seed >> 40) % 4 {
                seed = crate::test_support::lcg_next(seed);
                bytes.extend(std::iter::repeat_n(b'a', (seed >> 33) as usize % 140));
                bytes.extend_from_slice(pieces[(seed >> 50) as usize % pieces.len()]);
            }
            seed = crate::test_support::lcg_next_by(seed, 7);
            for p in [&accented, &ascii] {
                let got = p.cleaning_may_matter(&bytes);
                assert_eq!(
                    got,
                    whole(p, &bytes),
                    "{:?}",
                    String::from_utf8_lossy(&bytes)
                );
                kinds[usize::from(got)] += 1;
            }
        }
        assert!(
            kinds.iter().all(|&n| n > 500),
            "both answers met: {kinds:?}"
        );
    }
}
