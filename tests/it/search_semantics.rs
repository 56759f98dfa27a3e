//! Search semantics through the public API, on the built-in sample: the
//! figures the acceptance checks and the TUI rely on.

use earmark::formats;
use earmark::search::{
    Query, SearchError, SearchOptions, Searcher, find_all, find_in_text, first_hit_at_or_after,
    hits_in_segment,
};

const LITERAL: SearchOptions = SearchOptions {
    regex: false,
    case_sensitive: false,
};
const REGEX: SearchOptions = SearchOptions {
    regex: true,
    case_sensitive: false,
};

fn count(input: &str, options: SearchOptions) -> usize {
    let query = Query::parse(input, options).expect("a valid query");
    find_all(&formats::sample(), &query).len()
}

#[test]
fn synthetic_data_has_twelve_hits_in_the_sample() {
    assert_eq!(count("synthetic data", LITERAL), 12);
    assert_eq!(count("Synthetic data", LITERAL), 0);
    assert_eq!(count("synthetic\\s+data", REGEX), 12);
}

#[test]
fn speaker_names_and_metadata_are_not_searched() {
    // "Rachitsky" heads every one of Lenny's segments; the video id is only
    // in the front matter.
    let sample = formats::sample();
    let in_text: usize = sample
        .segments
        .iter()
        .map(|s| s.text(&sample).matches("Rachitsky").count())
        .sum();
    assert_eq!(count("Rachitsky", LITERAL), in_text);
    assert!(in_text < 10, "the name heads far more segments than that");
    assert_eq!(count("DeskgjrLxxs", LITERAL), 0);
}

#[test]
fn each_hit_is_in_its_segment_and_the_lookups_agree() {
    let episode = formats::sample();
    let query = Query::parse("model", LITERAL).expect("a literal");
    let hits = find_all(&episode, &query);
    assert!(!hits.is_empty());
    for (segment, text) in episode
        .segments
        .iter()
        .map(|s| s.text(&episode))
        .enumerate()
    {
        let ranges: Vec<_> = hits_in_segment(&hits, segment)
            .iter()
            .map(|h| h.range.clone())
            .collect();
        assert_eq!(ranges, find_in_text(text, &query));
    }
    let last = hits.last().map(|h| h.segment).unwrap_or_default();
    assert_eq!(first_hit_at_or_after(&hits, last + 1), Some(0));
}

#[test]
fn typing_a_query_narrows_to_the_fresh_result() {
    let episode = formats::sample();
    let mut searcher = Searcher::new();
    let typed = "@karina the model";
    for end in 0..=typed.len() {
        let query = Query::parse(&typed[..end], LITERAL).expect("a literal");
        assert_eq!(
            searcher.search(&episode, &query),
            find_all(&episode, &query)
        );
    }
}

#[test]
fn bad_patterns_are_one_line_errors() {
    for pattern in ["(", "[a-", "a{2,1}", "(a{1000}){1000}"] {
        let error = Query::parse(pattern, REGEX).expect_err(pattern);
        let message = error.to_string();
        assert!(
            !message.is_empty() && !message.contains('\n'),
            "{message:?}"
        );
    }
    assert!(matches!(
        Query::parse("(a{1000}){1000}", REGEX),
        Err(SearchError::TooLarge(_))
    ));
}
