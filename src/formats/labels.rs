//! Speaker labels written in the text (`Ann Lee: words`, `[SPEAKER_01]:
//! words`, `JANE DOE: words`), and the rule that decides whether a file
//! reads as labelled dialogue, so that a one-off `Note:` or `Subtitles:
//! @someone` never becomes a speaker.

use std::collections::HashMap;

/// Words that end in a colon without naming anyone.
const STOP_WORDS: [&str; 18] = [
    "note",
    "warning",
    "caution",
    "tip",
    "step",
    "example",
    "update",
    "edit",
    "source",
    "subtitles",
    "captions",
    "translation",
    "transcript",
    "chapter",
    "part",
    "music",
    "url",
    "link",
];

/// Lower-case words that may sit inside a name (`Jane van Dijk`).
const PARTICLES: [&str; 16] = [
    "van", "von", "de", "da", "del", "der", "di", "du", "la", "le", "bin", "al", "y", "dos", "das",
    "ter",
];

/// A label at the start of a text: the name as written, and how many
/// bytes the label takes (brackets, colon and the spaces after it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Label<'a> {
    pub name: &'a str,
    pub len: usize,
}

/// The label candidate at the start of `text`, if there is one:
/// `^\[?NAME\]?\s*:` followed by whitespace or the end of the line.
pub fn candidate(text: &str) -> Option<Label<'_>> {
    label_shape(text).filter(|label| is_name(label.name))
}

/// Finds label candidates as [`candidate`] does, remembering whether the
/// last few names met are names': a file repeats its few speakers' labels
/// on line after line, and the check of a name is the costly part.
#[derive(Debug, Default)]
pub struct LabelFinder {
    names: Vec<(Box<str>, bool)>,
    next: usize,
}

impl LabelFinder {
    /// How many names are remembered.
    const KEPT: usize = 8;

    /// The label candidate at the start of `text`: [`candidate`]'s.
    pub fn candidate<'t>(&mut self, text: &'t str) -> Option<Label<'t>> {
        let label = label_shape(text)?;
        let known = self.names.iter().find(|(name, _)| **name == *label.name);
        let is = match known {
            Some(&(_, is)) => is,
            None => {
                let is = is_name(label.name);
                self.remember(label.name, is);
                is
            }
        };
        is.then_some(label)
    }

    fn remember(&mut self, name: &str, is: bool) {
        if self.names.len() < Self::KEPT {
            self.names.push((name.into(), is));
        } else {
            self.names[self.next] = (name.into(), is);
            self.next = (self.next + 1) % Self::KEPT;
        }
    }
}

/// What [`candidate`] finds before it asks whether the name is a name's:
/// cheap, so that a label found once can be found again from its text.
pub fn label_shape(text: &str) -> Option<Label<'_>> {
    let lead = text.len() - text.trim_start().len();
    let rest = &text[lead..];
    // Names are short: the colon is among the first 64 chars (at most
    // 4 bytes each), counted only when they are not all ASCII. So the
    // colon is looked for in those bytes only, not in a whole paragraph.
    let head = &rest.as_bytes()[..rest.len().min(4 * 64)];
    let colon = memchr::memchr(b':', head).filter(|&c| c > 0)?;
    if colon >= 64 && (colon >= 4 * 64 || rest[..colon].chars().count() >= 64) {
        return None;
    }
    let after = &rest[colon + 1..];
    let line_end = after.starts_with('\n') || after.is_empty();
    if !line_end && !after.starts_with(char::is_whitespace) {
        return None;
    }
    let mut name = rest[..colon].trim_end();
    if let Some(inner) = name.strip_prefix('[') {
        name = inner.strip_suffix(']')?.trim();
    }
    let spaces = after.len() - after.trim_start_matches([' ', '\t']).len();
    Some(Label {
        name,
        len: lead + colon + 1 + spaces,
    })
}

/// Whether Markdown's `Name:` header line reads `name`: one to four words,
/// each starting with a capital, of letters, digits, marks and `'’.-`
/// (`Ann Lee`, not `SPEAKER_01` nor `[Ann]`).
pub fn is_markdown_name(name: &str) -> bool {
    let word_ok = |w: &str| {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars()
                .all(|c| c.is_alphanumeric() || "'’.-".contains(c) || is_mark(c))
    };
    let words = name.split(' ');
    (1..=4).contains(&words.clone().count()) && words.into_iter().all(word_ok)
}

/// A combining mark (the common blocks): part of a letter as written.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{20d0}'..='\u{20ff}')
}

/// Whether `name` can be a speaker's name (docs/formats.md's label rules).
pub fn is_name(name: &str) -> bool {
    let chars = name.chars().count();
    if !(1..=40).contains(&chars) || !name.starts_with(char::is_alphabetic) {
        return false;
    }
    let has_http = (name.as_bytes().windows(4)).any(|w| w.eq_ignore_ascii_case(b"http"));
    if name.contains(['?', '!', '"', '/', '@', '#', '\n'])
        || has_http
        || name.ends_with('.')
        || has_clock(name)
    {
        return false;
    }
    // One to five words, each a name's; checked in one pass.
    let (mut count, mut all_name_words) = (0, true);
    for word in without_parenthetical(name).split_whitespace() {
        count += 1;
        if count > 5 {
            return false;
        }
        all_name_words &= is_name_word(word);
    }
    if count == 0 || STOP_WORDS.iter().any(|w| name.eq_ignore_ascii_case(w)) {
        return false;
    }
    all_name_words
}

/// The name without one trailing parenthetical such as `(host)`.
fn without_parenthetical(name: &str) -> &str {
    match name.strip_suffix(')').and_then(|n| n.rfind('(')) {
        Some(open) => name[..open].trim_end(),
        None => name,
    }
}

fn is_name_word(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let is_number = word.chars().all(|c| c.is_ascii_digit());
    let diarization = word
        .chars()
        .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '_');
    is_number || diarization || first.is_uppercase() || PARTICLES.contains(&word)
}

/// Whether the text holds a clock such as `10:30`.
fn has_clock(name: &str) -> bool {
    let bytes = name.as_bytes();
    bytes
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit())
}

/// Decides whether candidates found in a file are speakers: the file must
/// read as labelled dialogue.
#[derive(Debug, Default)]
pub struct Vote {
    /// Fragments that could carry a label.
    fragments: usize,
    /// Fragments that begin with a candidate.
    labelled: usize,
    /// Each candidate name with how often it begins a fragment, short of
    /// what `recent` holds for it.
    names: HashMap<String, usize>,
    /// The last names counted (none where the count is 0), with the
    /// counts not yet added to `names`: a dialogue's labels take turns
    /// between a few names, and comparing a name costs less than hashing
    /// it.
    recent: [(String, usize); 4],
    /// Names given by the file's own tags (voices, JSON fields).
    explicit: usize,
}

impl Vote {
    /// Counts one fragment and the candidate it begins with, if any.
    pub fn fragment(&mut self, candidate: Option<&str>) {
        self.fragments += 1;
        let Some(name) = candidate else {
            return;
        };
        self.labelled += 1;
        if let Some(recent) = self.recent.iter_mut().find(|(n, c)| *c > 0 && n == name) {
            recent.1 += 1;
            return;
        }
        // The oldest makes room: its count goes to `names`.
        let (older, pending) = &mut self.recent[3];
        if *pending > 0
            && let Some(count) = self.names.get_mut(older.as_str())
        {
            *count += std::mem::take(pending);
        }
        if !self.names.contains_key(name) {
            self.names.insert(name.to_string(), 0);
        }
        self.recent.rotate_right(1);
        let newest = &mut self.recent[0];
        newest.0.clear();
        newest.0.push_str(name);
        newest.1 = 1;
    }

    /// Whether `name` began some fragment as a candidate.
    pub fn has_name(&self, name: &str) -> bool {
        self.names.contains_key(name)
    }

    /// Counts the distinct speakers the file names by its own tags.
    pub fn explicit_speakers(&mut self, count: usize) {
        self.explicit = count;
    }

    /// How often each name began a fragment.
    fn counts(&self) -> impl Iterator<Item = usize> + '_ {
        let pending = |name: &str| {
            let recent = self.recent.iter().filter(|(n, c)| *c > 0 && n == name);
            recent.map(|(_, c)| c).sum::<usize>()
        };
        (self.names.iter()).map(move |(name, count)| count + pending(name))
    }

    /// Whether the candidates are speakers: at least two speakers named
    /// in all and a candidate seen twice (or candidates beginning a fifth
    /// of the fragments), or one candidate beginning half of them.
    pub fn accepts(&self) -> bool {
        if self.fragments == 0 || self.names.is_empty() {
            return false;
        }
        let distinct = self.names.len() + self.explicit;
        let repeated = self.counts().any(|n| n >= 2);
        let dense = self.labelled * 5 >= self.fragments;
        let dominant = self.counts().any(|n| n * 2 >= self.fragments);
        (distinct >= 2 && (repeated || dense)) || dominant
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_names_are_capitalised_words() {
        assert!(is_markdown_name("Ann Lee") && is_markdown_name("Zoë O'Brien-Smith"));
        assert!(is_markdown_name("UMESH"));
        assert!(!is_markdown_name("SPEAKER_01") && !is_markdown_name("李雷"));
        assert!(!is_markdown_name("a b") && !is_markdown_name("A B C D E"));
    }

    #[test]
    fn labels_as_people_write_them() {
        for (text, name, rest) in [
            ("JANE DOE: Hi, everyone.", "JANE DOE", "Hi, everyone."),
            ("[SPEAKER_01]: Hola", "SPEAKER_01", "Hola"),
            (" JANE VAN DIJK : words", "JANE VAN DIJK", "words"),
            ("Ann Lee (host): words", "Ann Lee (host)", "words"),
            ("Jane van Dijk: hi", "Jane van Dijk", "hi"),
            ("Speaker 1: hi", "Speaker 1", "hi"),
            ("UMESH:", "UMESH", ""),
            ("UMESH:\nthen text", "UMESH", "\nthen text"),
        ] {
            let label = candidate(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(label.name, name);
            assert_eq!(&text[label.len..], rest, "{text}");
        }
    }

    #[test]
    fn colons_that_are_not_labels() {
        for text in [
            "Subtitles: @someone",
            "Note: this is a note",
            "at 10:30 we met",
            "Meeting at 10:30: fine",
            "the plan: go",
            "Dr. Who.: x",
            "http://example.com: x",
            "Why? Because: x",
            "One Two Three Four Five Six: x",
            "Ann:no space",
            ": empty",
            "[Maria] hello",
        ] {
            assert_eq!(candidate(text), None, "{text}");
        }
    }

    #[test]
    fn a_finder_finds_what_candidate_finds() {
        let mut finder = LabelFinder::default();
        let texts = [
            "Ann: hi",
            "Note: x",
            "Ann: again",
            "at 10:30 we",
            "[SPEAKER_01]: x",
            "Note: y",
            "a: b",
            "B: c",
            "C: d",
            "D: e",
            "E: f",
            "F: g",
            "G: h",
            "H: i",
            "Ann: j",
            "a: k",
        ];
        for text in texts.iter().chain(&texts) {
            assert_eq!(finder.candidate(text), candidate(text), "{text}");
        }
    }

    #[test]
    fn one_credit_line_is_no_dialogue() {
        let mut vote = Vote::default();
        vote.fragment(Some("Credits"));
        for _ in 0..20 {
            vote.fragment(None);
        }
        assert!(!vote.accepts());
    }

    #[test]
    fn alternating_labels_are_dialogue() {
        let mut vote = Vote::default();
        for i in 0..10 {
            vote.fragment(Some(if i % 2 == 0 {
                "Ann Lee (host)"
            } else {
                "Bo Chen"
            }));
            vote.fragment(None);
            vote.fragment(None);
        }
        assert!(vote.accepts());
    }

    #[test]
    fn counts_kept_aside_for_recent_names_still_count() {
        // Five names taking turns: each leaves the recent ones in turn.
        let mut vote = Vote::default();
        for i in 0..5 {
            vote.fragment(Some(["A", "B", "C", "D", "E"][i]));
        }
        vote.fragment(Some("A"));
        assert_eq!(vote.counts().max(), Some(2));
        assert_eq!(vote.counts().sum::<usize>(), 6);
        // One name on half the fragments, its counts all kept aside.
        let mut vote = Vote::default();
        for name in ["A", "A", "A"] {
            vote.fragment(Some(name));
            vote.fragment(None);
        }
        assert!(vote.accepts() && vote.has_name("A") && !vote.has_name("B"));
        assert_eq!(vote.counts().collect::<Vec<_>>(), [3]);
    }

    #[test]
    fn one_label_on_most_lines_is_a_speaker() {
        let mut vote = Vote::default();
        vote.fragment(Some("Ann"));
        vote.fragment(None);
        assert!(vote.accepts());
    }
}
