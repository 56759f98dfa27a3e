//! Rendering cost must not grow with the transcript or with how far down
//! the reader is: a frame at the top and at the bottom of a 100,000-segment
//! transcript, beside a frame of the seed episode.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use earmark::episode::Source;
use earmark::formats;
use earmark::tui::reader::{Reader, update};
use earmark::tui::{Action, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// A transcript of `segments` segments alternating between two speakers.
fn big_transcript(segments: usize) -> Vec<u8> {
    let mut text = String::from("---\ntitle: Big\n---\n\n## Transcript\n\n");
    for i in 0..segments {
        let speaker = if i % 3 == 0 {
            "Lenny Rachitsky"
        } else {
            "Guest Person"
        };
        let (h, m, s) = (i / 3600, i / 60 % 60, i % 60);
        text.push_str(&format!(
            "{speaker} ({h:02}:{m:02}:{s:02}):\nSegment {i}: and then it's mostly like developing JSON \
             schema, writing evals, and reading transcripts carefully to see what the model did.\n\n"
        ));
    }
    text.into_bytes()
}

fn frame(c: &mut Criterion, name: &str, app: &Reader) {
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("test backend");
    c.bench_function(name, |b| {
        b.iter(|| {
            terminal
                .draw(|f| view::draw(f, black_box(app)))
                .expect("draw");
        })
    });
}

fn render(c: &mut Criterion) {
    let sample = Arc::new(formats::sample());
    frame(c, "render/seed top", &Reader::new(sample, (120, 40), true));

    let bytes = big_transcript(100_000);
    let big = Arc::new(formats::parse_bytes(&bytes, Source::Builtin("big")).expect("parses"));
    let top = Reader::new(Arc::clone(&big), (120, 40), true);
    frame(c, "render/100k segments top", &top);
    let mut bottom = Reader::new(big, (120, 40), true);
    update(&mut bottom, Action::Bottom);
    frame(c, "render/100k segments bottom", &bottom);
}

criterion_group!(benches, render);
criterion_main!(benches);
