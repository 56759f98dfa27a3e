//! Search on a ~25 MB transcript: the sample's transcript body repeated,
//! its front matter kept once. Run with
//! `cargo bench --bench search -- --warm-up-time 1 --measurement-time 3`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use earmark::episode::{Episode, Source};
use earmark::formats::parse_bytes;
use earmark::search::{Query, SearchOptions, Searcher, find_all};

const SAMPLE: &[u8] = include_bytes!("../assets/karina-nguyen.md");
const TARGET_BYTES: usize = 25 << 20;

/// The sample with its transcript repeated to about [`TARGET_BYTES`].
fn big_bytes() -> Vec<u8> {
    let marker = b"## Transcript\n";
    let body_start = SAMPLE
        .windows(marker.len())
        .position(|w| w == marker)
        .map(|at| at + marker.len())
        .expect("the sample has a transcript heading");
    let (head, body) = SAMPLE.split_at(body_start);
    let mut bytes = Vec::with_capacity(TARGET_BYTES + body.len());
    bytes.extend_from_slice(head);
    while bytes.len() < TARGET_BYTES {
        bytes.extend_from_slice(body);
        bytes.push(b'\n');
    }
    bytes
}

fn big_episode() -> Episode {
    parse_bytes(&big_bytes(), Source::Builtin("big")).expect("the repeated sample parses")
}

fn literal(input: &str) -> Query {
    Query::parse(input, SearchOptions::default()).expect("a literal always compiles")
}

fn bench_search(c: &mut Criterion) {
    let episode = big_episode();
    let mut group = c.benchmark_group("search 25MB");
    group.sample_size(20);

    let fresh = literal("product-market fit");
    group.bench_function("fresh literal product-market fit", |b| {
        b.iter(|| find_all(black_box(&episode), black_box(&fresh)))
    });

    for (before, after) in [
        ("product-market fi", "product-market fit"),
        ("synthetic dat", "synthetic data"),
        ("p", "pr"),
    ] {
        let (before, after) = (literal(before), literal(after));
        group.bench_function(
            format!("step {:?} -> {:?}", before.input(), after.input()),
            |b| {
                b.iter_batched_ref(
                    || {
                        let mut searcher = Searcher::new();
                        searcher.search(&episode, &before);
                        searcher
                    },
                    |searcher| searcher.search(black_box(&episode), black_box(&after)),
                    criterion::BatchSize::LargeInput,
                )
            },
        );
    }

    // The first keystroke: one common letter, over a million hits.
    let common = literal("e");
    group.bench_function("fresh literal e", |b| {
        b.iter(|| find_all(black_box(&episode), black_box(&common)))
    });

    let evals = Query::parse(
        "evals?",
        SearchOptions {
            regex: true,
            case_sensitive: false,
        },
    )
    .expect("a valid regex");
    group.bench_function("fresh regex evals?", |b| {
        b.iter(|| find_all(black_box(&episode), black_box(&evals)))
    });
    group.finish();
}

criterion_group!(benches, bench_search);
criterion_main!(benches);
