//! Generated input for property tests: transcript-shaped bytes.

#![allow(dead_code)] // each test file uses a different part of this

use proptest::prelude::*;

/// Up to `most` pieces in a row: mostly ones picked from `pieces` (`weight`
/// to one), the others a few arbitrary bytes, so that the structure the
/// pieces carry is there and so is anything a file may hold.
pub fn pieces_and_bytes(
    pieces: &'static [&'static str],
    weight: u32,
    most: usize,
    raw_len: std::ops::Range<usize>,
) -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        weight => prop::sample::select(pieces).prop_map(|p| p.as_bytes().to_vec()),
        1 => prop::collection::vec(any::<u8>(), raw_len),
    ];
    prop::collection::vec(piece, 0..most).prop_map(|pieces| pieces.concat())
}

/// An episode earmark could have read, built through a Podcasting 2.0
/// file (a body ending in a line break ends a segment): maybe an untimed
/// intro without a speaker, then `segments` turns, each a speaker from
/// `names`, a start (in any order: times may go backwards) and a text
/// drawn from `text()`.
pub fn podcasting20_episode<T: Strategy<Value = String>>(
    names: &'static [&'static str],
    text: impl Fn() -> T,
    segments: std::ops::Range<usize>,
) -> impl Strategy<Value = earmark::episode::Episode> {
    use serde_json::json;
    let segment = (prop::sample::select(names), 0u32..360_000, text());
    (
        prop::option::of(text()),
        prop::collection::vec(segment, segments),
    )
        .prop_map(|(intro, segments)| {
            let mut entries = Vec::new();
            if let Some(intro) = intro {
                entries.push(json!({ "body": format!("{intro}\n") }));
            }
            for (name, start, text) in segments {
                entries.push(
                    json!({ "speaker": name, "startTime": start, "body": format!("{text}\n") }),
                );
            }
            let file = json!({ "version": "1.0.0", "segments": entries }).to_string();
            let source = earmark::episode::Source::Builtin("generated.json");
            earmark::formats::parse_bytes(file.as_bytes(), source).expect("generated file reads")
        })
}
