//! The library's filter: fuzzy matching over each episode's title, guest and
//! keywords, with nucleo's matcher (the one helix uses).

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

/// Ranks haystacks against a typed filter.
pub struct FuzzyFilter {
    matcher: Matcher,
    buffer: Vec<char>,
}

impl Default for FuzzyFilter {
    fn default() -> Self {
        Self {
            matcher: Matcher::new(Config::DEFAULT),
            buffer: Vec::new(),
        }
    }
}

impl FuzzyFilter {
    /// The indices of `haystacks` that match `query`, best first (ties keep
    /// their order). An empty query matches everything, in order.
    pub fn rank<'a>(
        &mut self,
        query: &str,
        haystacks: impl IntoIterator<Item = &'a str>,
    ) -> Vec<usize> {
        let haystacks = haystacks.into_iter();
        if query.trim().is_empty() {
            return (0..haystacks.count()).collect();
        }
        let pattern = Pattern::parse(query, CaseMatching::Smart, Normalization::Smart);
        let mut scored: Vec<(u32, usize)> = haystacks
            .enumerate()
            .filter_map(|(i, text)| {
                let haystack = Utf32Str::new(text, &mut self.buffer);
                pattern.score(haystack, &mut self.matcher).map(|s| (s, i))
            })
            .collect();
        // Stable: equal scores keep the list's own order (newest first).
        scored.sort_by_key(|&(score, _)| std::cmp::Reverse(score));
        scored.into_iter().map(|(_, i)| i).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_query_keeps_everything_in_order() {
        let mut filter = FuzzyFilter::default();
        assert_eq!(filter.rank("", ["b", "a", "c"]), [0, 1, 2]);
    }

    #[test]
    fn fuzzy_matches_rank_best_first_and_drop_the_rest() {
        let mut filter = FuzzyFilter::default();
        let items = [
            "Brian Chesky on Airbnb",
            "Karina Nguyen OpenAI researcher",
            "Tobi Lutke Shopify",
        ];
        assert_eq!(filter.rank("karina", items), [1]);
        assert_eq!(filter.rank("krn ngy", items), [1]);
        assert_eq!(filter.rank("shopify", items), [2]);
        assert!(filter.rank("zzzz", items).is_empty());
        // Smart case: capitals must match exactly.
        assert!(filter.rank("KARINA", items).is_empty());
    }
}
