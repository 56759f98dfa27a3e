//! Parse throughput: the seed episode, and the seed's transcript repeated
//! 100 times (~7 MB, the size of a long compilation and then some).
//! Target: at least 100 MB/s on both.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use earmark::episode::{Source, repeat_transcript};
use earmark::formats::parse_bytes;

const SEED: &str = include_str!("../assets/karina-nguyen.md");
/// How many times the big input repeats the seed's transcript.
const REPEATS: usize = 100;

fn parse(c: &mut Criterion) {
    let big = repeat_transcript(SEED, REPEATS).expect("the seed has a transcript");
    let inputs = [("seed", SEED.as_bytes()), ("seed_x100", big.as_bytes())];
    let mut group = c.benchmark_group("parse");
    for (name, bytes) in inputs {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| parse_bytes(black_box(bytes), Source::Builtin("bench.md")))
        });
    }
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
