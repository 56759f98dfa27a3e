//! The library's filter: which episodes a typed filter lets through, best
//! first, and why each one matched.
//!
//! Close matches come first and alone: the filter as a whole word of a
//! field, then as part of a word, then every word of a filter of several
//! somewhere in the fields; guests and titles before keywords and file
//! names. Only when nothing matches closely does the fuzzy matcher (nucleo,
//! the one helix uses) have a say, and then only its good matches: letters
//! scattered through a long title (`annie` in "…and then I recognised…")
//! are not a match. Case is smart (an upper-case letter makes it exact) and
//! quotes fold as in search (`don't` finds `don’t`). A word starting with
//! `!` leaves out the episodes that hold it (`pricing !saas`).

use std::cmp::Reverse;

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use crate::search_fold::canonical;

/// One field's text, as the filter compares it.
#[derive(Debug, Clone, Default)]
struct Text {
    /// Quotes made straight, case kept: for a filter with capitals.
    exact: String,
    /// The same, lower-cased.
    lower: String,
}

impl Text {
    fn new(text: &str) -> Self {
        let exact: String = text.chars().map(canonical).collect();
        Self {
            lower: exact.to_lowercase(),
            exact,
        }
    }

    fn get(&self, case: Case) -> &str {
        match case {
            Case::Insensitive => &self.lower,
            Case::Exact => &self.exact,
        }
    }
}

/// What the filter looks at in one episode.
#[derive(Debug, Clone, Default)]
pub struct FilterFields {
    guest: Text,
    title: Text,
    keywords: Vec<(String, Text)>,
    file: Text,
    /// Everything in one line, for the fuzzy matcher.
    all: String,
}

impl FilterFields {
    /// The fields of an episode: `keywords` as listed in its metadata.
    pub fn new(title: &str, guest: &str, keywords: &[String], file: &str) -> Self {
        Self {
            guest: Text::new(guest),
            title: Text::new(title),
            keywords: keywords.iter().map(|k| (k.clone(), Text::new(k))).collect(),
            file: Text::new(file),
            all: format!("{title} {guest} {}", keywords.join(" ")),
        }
    }
}

/// Why an episode is in the filtered list: the field that matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MatchReason {
    Guest,
    Title,
    /// This keyword, as the metadata spells it.
    Keyword(String),
    /// Only the file's name matched.
    FileName,
    /// No close match anywhere: the fuzzy matcher's pick.
    Fuzzy,
    /// The filter only leaves episodes out (`!word`): this one stays.
    Kept,
}

impl MatchReason {
    /// The words the list shows for it.
    pub fn label(&self) -> String {
        match self {
            MatchReason::Guest => "guest".into(),
            MatchReason::Title => "title".into(),
            MatchReason::Keyword(keyword) => format!("keyword: {keyword}"),
            MatchReason::FileName => "file name".into(),
            MatchReason::Fuzzy => "similar".into(),
            MatchReason::Kept => String::new(),
        }
    }
}

/// One episode the filter let through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked {
    /// Its index among the fields ranked.
    pub index: usize,
    pub reason: MatchReason,
}

/// How closely a field matched: lower is closer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Closeness {
    /// The filter is a whole word of a field.
    Whole,
    /// The filter is part of a word.
    Part,
    /// Each word of the filter is somewhere in the fields.
    Scattered,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    Insensitive,
    Exact,
}

/// Ranks episodes against a typed filter.
pub struct ListFilter {
    matcher: Matcher,
    buffer: Vec<char>,
}

impl Default for ListFilter {
    fn default() -> Self {
        Self {
            matcher: Matcher::new(Config::DEFAULT),
            buffer: Vec::new(),
        }
    }
}

impl std::fmt::Debug for ListFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ListFilter")
    }
}

/// A fuzzy match of a word of `n` letters spans at most `n + n / 2`
/// chars of the text (at least `n + 1`): a letter or two left out or
/// swapped in, not letters strewn through a title.
fn compact_enough(letters: usize, span: usize) -> bool {
    span <= letters + (letters / 2).max(1)
}

impl ListFilter {
    /// The episodes among `fields` that `filter` lets through, best first;
    /// ties keep the order given (the list's own). An empty filter lets
    /// everything through, in order, with no reason.
    pub fn rank(&mut self, filter: &str, fields: &[&FilterFields]) -> Vec<Ranked> {
        let close = self.rank_closely(filter, fields);
        if !close.is_empty() || filter.trim().is_empty() {
            return close;
        }
        self.rank_fuzzily(filter, fields)
    }

    /// Only the close matches (see the module comment): a longer filter's
    /// close matches are among a shorter one's, so narrowing may use this.
    pub fn rank_closely(&self, filter: &str, fields: &[&FilterFields]) -> Vec<Ranked> {
        let filter: String = filter.trim().chars().map(canonical).collect();
        let case = if filter.chars().any(char::is_uppercase) {
            Case::Exact
        } else {
            Case::Insensitive
        };
        let (phrase, excluded) = split_exclusions(&filter);
        if phrase.is_empty() && excluded.is_empty() {
            return Vec::new();
        }
        let mut found: Vec<(Closeness, u8, Ranked)> = fields
            .iter()
            .enumerate()
            .filter(|(_, fields)| !excluded.iter().any(|w| holds(fields, w, case)))
            .filter_map(|(index, fields)| {
                if phrase.is_empty() {
                    let kept = Ranked {
                        index,
                        reason: MatchReason::Kept,
                    };
                    return Some((Closeness::Whole, 0, kept));
                }
                let (closeness, reason) = closest(&phrase, fields, case)?;
                let field_rank = field_rank(&reason);
                Some((closeness, field_rank, Ranked { index, reason }))
            })
            .collect();
        found.sort_by_key(|(closeness, field, _)| (*closeness, *field));
        found.into_iter().map(|(_, _, ranked)| ranked).collect()
    }

    /// nucleo's matches in which each word of the filter is compact (see
    /// [`compact_enough`]), best first.
    fn rank_fuzzily(&mut self, filter: &str, fields: &[&FilterFields]) -> Vec<Ranked> {
        let (phrase, excluded) = split_exclusions(filter);
        if phrase.is_empty() || !excluded.is_empty() {
            return Vec::new(); // `!word` asks for exact words
        }
        let words: Vec<(Pattern, usize)> = phrase
            .split_whitespace()
            .map(|w| {
                let pattern = Pattern::parse(w, CaseMatching::Smart, Normalization::Smart);
                (pattern, w.chars().count())
            })
            .collect();
        let mut scored: Vec<(u32, usize)> = fields
            .iter()
            .enumerate()
            .filter_map(|(i, fields)| Some((self.fuzzy_score(&words, &fields.all)?, i)))
            .collect();
        scored.sort_by_key(|&(score, _)| Reverse(score));
        scored
            .into_iter()
            .map(|(_, index)| Ranked {
                index,
                reason: MatchReason::Fuzzy,
            })
            .collect()
    }

    /// The sum of each word's score in `text`, if every word matches there
    /// compactly.
    fn fuzzy_score(&mut self, words: &[(Pattern, usize)], text: &str) -> Option<u32> {
        let mut total = 0;
        let mut indices = Vec::new();
        for (pattern, letters) in words {
            indices.clear();
            let haystack = Utf32Str::new(text, &mut self.buffer);
            total += pattern.indices(haystack, &mut self.matcher, &mut indices)?;
            let (first, last) = (indices.iter().min()?, indices.iter().max()?);
            if !compact_enough(*letters, (last - first) as usize + 1) {
                return None;
            }
        }
        Some(total)
    }
}

/// The filter's words to look for, as one phrase, and those after a `!`
/// (a `!` alone is nothing yet).
fn split_exclusions(filter: &str) -> (String, Vec<&str>) {
    let (excluded, wanted): (Vec<&str>, Vec<&str>) =
        filter.split_whitespace().partition(|w| w.starts_with('!'));
    let excluded = excluded.iter().map(|w| &w[1..]).filter(|w| !w.is_empty());
    (wanted.join(" "), excluded.collect())
}

/// Whether any field of `fields` holds `word`.
fn holds(fields: &FilterFields, word: &str, case: Case) -> bool {
    let keywords = fields.keywords.iter().map(|(_, text)| text);
    [&fields.guest, &fields.title, &fields.file]
        .into_iter()
        .chain(keywords)
        .any(|text| text.get(case).contains(word))
}

/// Guests and titles say what an episode is; keywords and file names less.
fn field_rank(reason: &MatchReason) -> u8 {
    match reason {
        MatchReason::Guest => 0,
        MatchReason::Title => 1,
        MatchReason::Keyword(_) => 2,
        MatchReason::FileName => 3,
        MatchReason::Fuzzy | MatchReason::Kept => 4,
    }
}

/// The closest way `filter` matches `fields`, and in which field.
fn closest(filter: &str, fields: &FilterFields, case: Case) -> Option<(Closeness, MatchReason)> {
    let named = [
        (&fields.guest, MatchReason::Guest),
        (&fields.title, MatchReason::Title),
    ];
    let keywords = fields
        .keywords
        .iter()
        .map(|(spelt, text)| (text, MatchReason::Keyword(spelt.clone())));
    let file = std::iter::once((&fields.file, MatchReason::FileName));
    let each = || {
        named
            .iter()
            .map(|(text, reason)| (*text, reason.clone()))
            .chain(keywords.clone())
            .chain(file.clone())
    };
    for closeness in [Closeness::Whole, Closeness::Part] {
        let whole = closeness == Closeness::Whole;
        if let Some((_, reason)) = each().find(|(text, _)| finds(text.get(case), filter, whole)) {
            return Some((closeness, reason));
        }
    }
    let mut words = filter.split_whitespace();
    let first = words.next()?;
    let rest: Vec<&str> = words.collect();
    if rest.is_empty() {
        return None;
    }
    let (_, reason) = each().find(|(text, _)| finds(text.get(case), first, false))?;
    rest.iter()
        .all(|word| each().any(|(text, _)| finds(text.get(case), word, false)))
        .then_some((Closeness::Scattered, reason))
}

/// Whether `needle` is in `text`; `whole`: as a word of its own (no
/// letter or digit right before or after it).
fn finds(text: &str, needle: &str, whole: bool) -> bool {
    if !whole {
        return text.contains(needle);
    }
    let is_word_char = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    text.match_indices(needle).any(|(at, _)| {
        !is_word_char(text[..at].chars().next_back())
            && !is_word_char(text[at + needle.len()..].chars().next())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn episodes() -> Vec<FilterFields> {
        let kw = |words: &[&str]| words.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        vec![
            FilterFields::new(
                "Brian Chesky on Airbnb’s new playbook",
                "Brian Chesky",
                &kw(&["pricing", "leadership"]),
                "brian.md",
            ),
            FilterFields::new(
                "Karina Nguyen: OpenAI researcher",
                "Karina Nguyen",
                &kw(&["canvas"]),
                "karina.md",
            ),
            FilterFields::new(
                "Thinking in bets | Annie Duke",
                "Annie Duke",
                &kw(&["decisions"]),
                "annie.md",
            ),
            FilterFields::new(
                "Tobi Lutke: Shopify's pricing and the annual plan",
                "",
                &kw(&["growth"]),
                "tobi.md",
            ),
        ]
    }

    fn rank(filter: &str) -> Vec<(usize, MatchReason)> {
        let episodes = episodes();
        let fields: Vec<&FilterFields> = episodes.iter().collect();
        ListFilter::default()
            .rank(filter, &fields)
            .into_iter()
            .map(|r| (r.index, r.reason))
            .collect()
    }

    #[test]
    fn an_empty_filter_lets_nothing_be_ranked() {
        assert!(rank("").is_empty());
        assert!(rank("   ").is_empty());
    }

    #[test]
    fn whole_words_come_first_then_parts_of_words() {
        // `annie` is a whole word for Annie Duke, part of "annual" for none,
        // and scattered letters in every long title: only the first counts.
        assert_eq!(rank("annie"), [(2, MatchReason::Guest)]);
        assert_eq!(
            rank("pricing"),
            [
                (3, MatchReason::Title),
                (0, MatchReason::Keyword("pricing".into()))
            ]
        );
        assert_eq!(
            rank("ann"),
            [(2, MatchReason::Guest), (3, MatchReason::Title)]
        );
    }

    #[test]
    fn several_words_may_match_in_several_fields() {
        assert_eq!(rank("karina canvas"), [(1, MatchReason::Guest)]);
        assert!(rank("karina pricing").is_empty());
    }

    #[test]
    fn quotes_fold_and_case_is_smart() {
        assert_eq!(rank("airbnb's"), [(0, MatchReason::Title)]);
        assert_eq!(rank("shopify’s"), [(3, MatchReason::Title)]);
        assert_eq!(rank("KARINA"), Vec::new());
        assert_eq!(rank("Karina"), [(1, MatchReason::Guest)]);
    }

    #[test]
    fn a_word_after_a_bang_leaves_episodes_out() {
        assert_eq!(
            rank("pricing !shopify"),
            [(0, MatchReason::Keyword("pricing".into()))]
        );
        assert_eq!(rank("!a !e").len(), 0);
        assert_eq!(rank("!karina").len(), 3);
        assert_eq!(
            rank("annie !"),
            [(2, MatchReason::Guest)],
            "a bang alone is nothing yet"
        );
    }

    #[test]
    fn the_file_name_matches_last() {
        assert_eq!(rank("tobi.md"), [(3, MatchReason::FileName)]);
    }

    #[test]
    fn fuzzy_matches_only_when_nothing_is_close_and_only_good_ones() {
        assert_eq!(rank("krn ngyn"), Vec::new(), "too scattered");
        assert_eq!(rank("karinanguyen"), [(1, MatchReason::Fuzzy)]);
        assert_eq!(
            rank("chesy"),
            [(0, MatchReason::Fuzzy)],
            "a letter left out"
        );
        assert_eq!(rank("pricng strategy"), Vec::new(), "every word must match");
        assert!(rank("zzzz").is_empty());
    }
}
