//! The reader's search as the user types: the fast finder for literal
//! patterns gives exactly the hits the regex gives, key after key (fresh,
//! narrowed, and split across threads), stops once overtaken, and costs
//! linear in the text.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};

use earmark::episode::{Episode, Source};
use earmark::episode_search::EpisodeSearcher;
use earmark::formats;
use earmark::search::{self, Query, SearchOptions};
use support::growth;

const SEED: &str = include_str!("../assets/karina-nguyen.md");

/// Copies of the seed that make more than a megabyte: searched on every core.
const OVER_A_MEGABYTE: usize = 20;

/// The seed's transcript `copies` times over, one segment after another:
/// about 65 KB of text a copy.
fn long_episode(copies: usize) -> Episode {
    let seed = formats::parse_bytes(SEED.as_bytes(), Source::File("seed.md".into()));
    let seed = seed.expect("the seed parses");
    let mut text = String::from("# Long\n\n");
    let mut second = 0;
    for _ in 0..copies {
        for segment in &seed.segments {
            let speaker = seed.speaker_name(segment).unwrap_or("Someone");
            let (h, m, s) = (second / 3600, second / 60 % 60, second % 60);
            text.push_str(&format!(
                "{speaker} ({h:02}:{m:02}:{s:02}):\n{}\n\n",
                segment.text(&seed)
            ));
            second += 7;
        }
    }
    formats::parse_bytes(text.as_bytes(), Source::File("long.md".into())).expect("parses")
}

fn query(input: &str) -> Query {
    Query::parse(input, SearchOptions::default()).expect("valid")
}

/// Types each pattern one key at a time into one searcher, checking every
/// key against a fresh regex search; then a key deleted, and a regex.
fn check_typing(episode: &Episode, searcher: &mut EpisodeSearcher) {
    for pattern in [
        "product-market fit",
        "the ai",
        "@karina the",
        "aa",
        "-",
        "k",
        "café",
    ] {
        for end in (1..=pattern.len()).filter(|&end| pattern.is_char_boundary(end)) {
            let q = query(&pattern[..end]);
            let found = searcher.search_until(episode, &q, &|| false);
            assert_eq!(
                found,
                Some(search::find_all(episode, &q)),
                "{:?}",
                &pattern[..end]
            );
        }
    }
    let regex = Query::parse(
        "evals?",
        SearchOptions {
            regex: true,
            case_sensitive: false,
        },
    );
    let regex = regex.expect("valid");
    let found = searcher.search_until(episode, &regex, &|| false);
    assert_eq!(found, Some(search::find_all(episode, &regex)));
}

#[test]
fn every_key_finds_what_the_regex_finds() {
    let odd = "# Odd\n\nNo speaker: Product, PRODUCT-market fit, pro-duct.\n\n\
               Ann (00:00:01):\nA product-market fit? aaaa AAAA a-a the AI.\n";
    let odd = formats::parse_bytes(odd.as_bytes(), Source::File("odd.md".into())).expect("parses");
    let mut searcher = EpisodeSearcher::default();
    check_typing(&odd, &mut searcher);
    searcher.clear();
    // Over a megabyte: split across threads.
    let long = long_episode(OVER_A_MEGABYTE);
    assert!(long.segments.iter().map(|s| s.text_len()).sum::<usize>() > 1 << 20);
    check_typing(&long, &mut searcher);
}

#[test]
fn an_overtaken_search_stops() {
    let episode = long_episode(OVER_A_MEGABYTE);
    let looks = AtomicUsize::new(0);
    let overtaken = || looks.fetch_add(1, Ordering::Relaxed) >= 1;
    let mut searcher = EpisodeSearcher::default();
    assert_eq!(
        searcher.search_until(&episode, &query("the"), &overtaken),
        None
    );
    // It looked a few times (once per thread, then stopped), not per segment.
    assert!(looks.load(Ordering::Relaxed) < 2 + 2 * 8, "{looks:?}");
    // Nothing of the stopped search is kept to narrow from.
    let found = searcher.search_until(&episode, &query("them"), &|| false);
    assert_eq!(found, Some(search::find_all(&episode, &query("them"))));
}

/// Typing a word costs CPU time linear in the text (N and 4N, same run).
#[test]
fn typing_grows_linearly_with_the_text() {
    let large = long_episode(32);
    let small = long_episode(8);
    let ratio = growth::ratio(8, |copies| {
        let episode = if copies == 8 { &small } else { &large };
        let mut searcher = EpisodeSearcher::default();
        let started = growth::process_cpu_time();
        for end in 1..="product".len() {
            std::hint::black_box(searcher.search_until(
                episode,
                &query(&"product"[..end]),
                &|| false,
            ));
        }
        growth::process_cpu_time() - started
    });
    assert!(ratio < growth::MAX_RATIO, "N to 4N: {ratio:.1}x");
}
