//! The filtered view's costs grow with the transcript, never faster: the
//! segment map made from a `&` search's hits, and walking the whole
//! filtered view row by row through the wrap index, at N and 4N.

mod support;

use std::collections::HashMap;
use std::sync::Arc;

use earmark::episode::Episode;
use earmark::search::Hit;
use earmark::tui::shown::ShownSegments;
use earmark::tui::wrap_index::{Position, WrapIndex};
use support::growth;

/// `n` segments in turn by three speakers; every third mentions growth.
fn panel(n: usize) -> Episode {
    let mut text = String::from("---\ntitle: Growth\n---\n\n## Transcript\n\n");
    for i in 0..n {
        let speaker = ["Ann", "Bo", "Cy"][i % 3];
        let (h, m, s) = (i / 3600, i / 60 % 60, i % 60);
        let topic = if i % 3 == 0 { "growth" } else { "hiring" };
        text.push_str(&format!(
            "{speaker} ({h:02}:{m:02}:{s:02}):\nSegment {i} on {topic}, with a few more words to wrap.\n\n"
        ));
    }
    let source = earmark::episode::Source::Builtin("panel.md");
    earmark::formats::parse_bytes(text.as_bytes(), source).expect("it parses")
}

/// Two hits in every third segment, as a search finds them.
fn hits(n: usize) -> Vec<Hit> {
    (0..n)
        .step_by(3)
        .flat_map(|segment| [0..3, 5..9].map(|range| Hit { segment, range }))
        .collect()
}

#[test]
fn the_segment_map_and_a_walk_through_the_filtered_view_grow_linearly() {
    let sizes = [6000, 24_000];
    let episodes: HashMap<usize, Arc<Episode>> =
        sizes.into_iter().map(|n| (n, Arc::new(panel(n)))).collect();
    let found: HashMap<usize, Vec<Hit>> = sizes.into_iter().map(|n| (n, hits(n))).collect();
    let ratio = growth::ratio(6000, |n| {
        let (episode, hits) = (&episodes[&n], &found[&n]);
        growth::cpu_time(|| {
            let shown = ShownSegments::of_hits(hits, n).expect("matches");
            assert_eq!(shown.len(), n.div_ceil(3));
            let index = WrapIndex::showing(30, Some(shown));
            let mut pos = Position::default();
            let end = index.end(episode);
            let mut rows = 0;
            while pos < end {
                pos = index.advance(episode, pos, 1);
                rows += 1;
            }
            assert!(rows > n / 3, "{rows}");
        })
    });
    assert!(ratio < growth::MAX_RATIO, "{ratio}");
}
