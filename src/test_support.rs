//! Helpers shared by the unit tests.

/// Every string made of up to `most` of `pieces` in a row (the empty one
/// included), each once, sorted: exhaustive inputs for checking a quick
/// routine against a slow, obvious one.
pub fn concatenations(pieces: &[&str], most: usize) -> Vec<String> {
    let mut all = vec![String::new()];
    for _ in 0..most {
        let longer: Vec<String> = all
            .iter()
            .flat_map(|start| pieces.iter().map(move |p| format!("{start}{p}")))
            .collect();
        all.extend(longer);
        all.sort();
        all.dedup();
    }
    all
}

/// The multiplier of Knuth's MMIX linear congruential generator.
const LCG_MULTIPLIER: u64 = 6364136223846793005;

/// The next state of the MMIX generator after `state`: the repeatable
/// "random" inputs the unit tests build from a seed.
pub const fn lcg_next(state: u64) -> u64 {
    lcg_next_by(state, 1442695040888963407)
}

/// [`lcg_next`] with another `increment`: a second stream from the same
/// seed.
pub const fn lcg_next_by(state: u64, increment: u64) -> u64 {
    state.wrapping_mul(LCG_MULTIPLIER).wrapping_add(increment)
}

/// The next state of Marsaglia's xorshift64 generator after `state` (a
/// non-zero state never reaches zero): the other stream of repeatable
/// inputs the unit tests draw from a seed.
pub const fn xorshift_next(state: u64) -> u64 {
    let mut state = state;
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    state
}

/// A range of `text` between two of its char boundaries picked by
/// `seed`: where a generated test puts a match.
pub fn char_range(text: &str, seed: u64) -> std::ops::Range<usize> {
    let bounds: Vec<usize> = (0..=text.len())
        .filter(|&i| text.is_char_boundary(i))
        .collect();
    let pick = |n: u64| bounds[(n as usize) % bounds.len()];
    let (a, b) = (pick(seed >> 7), pick(seed >> 17));
    a.min(b)..a.max(b)
}

/// `count` of `pieces` in a row, each picked by the generator's next
/// state after `seed` (which moves on): text drawn from the pieces a
/// property is about.
pub fn drawn_from(pieces: &[Vec<u8>], count: usize, seed: &mut u64) -> Vec<u8> {
    (0..count)
        .flat_map(|_| {
            *seed = lcg_next(*seed);
            pieces[(*seed >> 33) as usize % pieces.len()].clone()
        })
        .collect()
}

/// Pieces of text for properties of what cleaning acts on: plain runs
/// (whole 64-byte blocks of them), controls, DEL, C1 controls, mojibake,
/// invisible chars, a BOM, other non-ASCII, and an invalid byte.
pub fn cleaning_pieces() -> Vec<Vec<u8>> {
    let plain = ["a b", "the quick brown fox jumps over the lazy dog.\n"];
    let mut pieces: Vec<Vec<u8>> = plain.iter().map(|p| p.repeat(3).into_bytes()).collect();
    let odd = [
        "\r\n", "\t", "\x7f", "é", "Ã©", "Å¿", "\u{feff}", "\u{200b}", "\u{85}", "’", "\u{a0}",
        "\u{2028}",
    ];
    pieces.extend(odd.iter().map(|p| p.as_bytes().to_vec()));
    pieces.push(b"\xff".to_vec());
    pieces
}
