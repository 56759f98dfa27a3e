//! Episodes made from the built-in sample (`assets/karina-nguyen.md`):
//! one long episode of many copies, or many separate copies, for tests of
//! how costs grow.

#![allow(dead_code)] // each test file uses a different part of this

use std::sync::Arc;

use earmark::episode::{Episode, Source};
use earmark::formats;

const SEED: &[u8] = include_bytes!("../../assets/karina-nguyen.md");

/// The sample, parsed.
pub fn seed() -> Episode {
    formats::parse_bytes(SEED, Source::File("seed.md".into())).expect("the seed parses")
}

/// `count` separate copies of the sample, as the library holds them.
pub fn copies(count: usize) -> Vec<(usize, Arc<Episode>)> {
    let seed = seed();
    (0..count).map(|i| (i, Arc::new(seed.clone()))).collect()
}

/// The sample's transcript `copies` times over, one segment after another:
/// about 65 KB of text a copy.
pub fn long_episode(copies: usize) -> Episode {
    let seed = seed();
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
