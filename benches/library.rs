//! The library at archive scale (300 episodes, ~21 MB of the seed):
//! one filter keystroke, and one search across every episode.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use earmark::episode::{self, Episode};
use earmark::formats;
use earmark::library::cross_search::search_library;
use earmark::library::filter::{FilterFields, ListFilter};
use earmark::search::{Query, SearchOptions};

fn archive() -> Vec<(usize, Arc<Episode>)> {
    let seed = include_str!("../assets/karina-nguyen.md");
    (0..300)
        .map(|i| {
            // Each a distinct episode, as a real archive's titles are.
            let text = seed.replacen("title: OpenAI", &format!("title: Episode {i}: OpenAI"), 1);
            let source = episode::Source::Builtin("bench");
            let parsed = formats::parse_bytes(text.as_bytes(), source).expect("the seed parses");
            (i, Arc::new(parsed))
        })
        .collect()
}

fn library(c: &mut Criterion) {
    let episodes = archive();
    let fields: Vec<FilterFields> = episodes
        .iter()
        .map(|(i, e)| {
            let guest = e.meta_str("guest").unwrap_or("");
            FilterFields::new(&e.title, guest, &[], &format!("episode-{i}.md"))
        })
        .collect();
    let fields: Vec<&FilterFields> = fields.iter().collect();
    let mut filter = ListFilter::default();
    c.bench_function("library/filter keystroke, 300 episodes", |b| {
        b.iter(|| filter.rank(black_box("karina ng"), &fields))
    });
    c.bench_function(
        "library/filter keystroke, fuzzy fallback, 300 episodes",
        |b| b.iter(|| filter.rank(black_box("krnngyn"), &fields)),
    );
    let query = Query::parse("growth", SearchOptions::default()).expect("a valid query");
    c.bench_function("library/search 'growth' across 300 episodes", |b| {
        b.iter(|| search_library(black_box(&query), &episodes))
    });
    let query = Query::parse("synthetic data", SearchOptions::default()).expect("a valid query");
    c.bench_function("library/search 'synthetic data' across 300 episodes", |b| {
        b.iter(|| search_library(black_box(&query), &episodes))
    });
}

criterion_group!(benches, library);
criterion_main!(benches);
