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
