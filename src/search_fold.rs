//! Typographic folding for literal search: `don't` finds `don’t`, `"x"`
//! finds `“x”`, and the reverse.
//!
//! Transcripts spell apostrophes, quotes and dashes every which way (curly
//! from an editor, straight from a caption tool), while people type the
//! straight ones. So a literal pattern holding one of these characters is
//! searched as a regex in which each of them is the class of its family,
//! everything else escaped: an equivalent pattern that every engine (the
//! reader, the library's search, `earmark search`, and their prefilters)
//! runs as it runs any regex. A pattern with none of them is left exactly
//! as it is, so the literal fast paths stay as they were. Regex patterns
//! and `--case-sensitive` searches are not folded: there, what is typed is
//! what is meant. docs/usage.md lists the families.
//!
//! Dashes are left alone: a hyphen joins words and a dash sets clauses
//! apart, so `-` finding `—` would mostly find the wrong thing, and every
//! hyphenated word would leave the literal fast path for nothing.

/// Characters that search takes for one another, family by family.
const FAMILIES: [&[char]; 2] = [
    // Apostrophes and single quotes: ' ‘ ’ ‚ ‛ ′ ʼ
    &[
        '\'', '\u{2018}', '\u{2019}', '\u{201a}', '\u{201b}', '\u{2032}', '\u{2bc}',
    ],
    // Double quotes: " “ ” „ ‟ ″
    &[
        '"', '\u{201c}', '\u{201d}', '\u{201e}', '\u{201f}', '\u{2033}',
    ],
];

/// The family `c` belongs to, if it folds at all.
fn family(c: char) -> Option<&'static [char]> {
    FAMILIES.iter().copied().find(|family| family.contains(&c))
}

/// Whether `pattern` holds a character that folds.
pub fn has_foldable(pattern: &str) -> bool {
    pattern.chars().any(|c| family(c).is_some())
}

/// The regex that finds what `literal` finds, each foldable character
/// standing for its whole family: `don't` → `don['‘’‚‛′ʼ]t`. Everything
/// else is escaped, so the regex means the literal and nothing more.
pub fn folded_regex(literal: &str) -> String {
    let mut regex = String::with_capacity(literal.len() * 2);
    let mut plain = [0u8; 4];
    for c in literal.chars() {
        match family(c) {
            Some(members) => {
                regex.push('[');
                members.iter().for_each(|&m| {
                    regex.push_str(&regex_syntax::escape(m.encode_utf8(&mut plain)))
                });
                regex.push(']');
            }
            None => regex.push_str(&regex_syntax::escape(c.encode_utf8(&mut plain))),
        }
    }
    regex
}

/// The first member of `c`'s family (`’` → `'`), or `c` itself: text
/// mapped through this compares as folded search matches, for filters that
/// compare strings rather than run a regex.
pub fn canonical(c: char) -> char {
    family(c).map_or(c, |members| members[0])
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    fn finds(literal: &str, text: &str) -> bool {
        Regex::new(&folded_regex(literal))
            .expect("a folded literal is a valid regex")
            .is_match(text)
    }

    #[test]
    fn each_member_finds_every_member_of_its_family() {
        for family in FAMILIES {
            for &typed in family {
                for &written in family {
                    let (pattern, text) = (format!("a{typed}b"), format!("xa{written}by"));
                    assert!(finds(&pattern, &text), "{pattern:?} in {text:?}");
                }
            }
        }
    }

    #[test]
    fn families_do_not_mix_and_the_rest_stays_literal() {
        assert!(!finds("don't", "don\u{201c}t"));
        assert!(!finds("a'b", "a\"b"));
        assert!(finds("(don't).*", "(don\u{2019}t).*"));
        assert!(!finds("(don't).*", "don't"));
        assert!(finds("\"AI\"", "\u{201c}AI\u{201d}"));
        assert!(finds("[x]'", "[x]\u{2019}"));
    }

    #[test]
    fn only_foldable_patterns_are_foldable() {
        assert!(has_foldable("don't"));
        assert!(has_foldable("\u{201c}"));
        assert!(!has_foldable("self-serve"), "dashes do not fold");
        assert!(!has_foldable("product market fit"));
        assert!(!has_foldable("…"));
    }

    #[test]
    fn canonical_is_one_char_per_family() {
        assert_eq!(canonical('\u{2019}'), '\'');
        assert_eq!(canonical('\u{201d}'), '"');
        assert_eq!(canonical('\u{2014}'), '\u{2014}');
        assert_eq!(canonical('a'), 'a');
    }
}
