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

/// Asserts that `one_walk` gives what a UTF-8 check and then
/// `text_passes` give: on text drawn from [`cleaning_pieces`] (both
/// outcomes many times), and on text with more unplain bytes than
/// `listed_utf8` lists, which `one_walk` must take the long way.
pub fn assert_one_walk_as_two(
    one_walk: impl Fn(&[u8]) -> Option<&str>,
    text_passes: impl Fn(&str) -> bool,
) {
    let pieces = cleaning_pieces();
    let mut seed = 0x5eed_u64;
    let (mut passed, mut failed) = (0, 0);
    for count in [0, 1, 2, 3, 5, 8, 13, 40, 100] {
        for _ in 0..300 {
            let bytes = drawn_from(&pieces, count, &mut seed);
            let two_walks = std::str::from_utf8(&bytes).ok().filter(|t| text_passes(t));
            assert_eq!(one_walk(&bytes), two_walks, "{bytes:?}");
            *(if two_walks.is_some() {
                &mut passed
            } else {
                &mut failed
            }) += 1;
        }
        let unplain_rich = "é\u{a0}".repeat(count * 8);
        let listed = crate::library::unplain_list::listed_utf8(unplain_rich.as_bytes(), false);
        let too_many = matches!(listed, Err(crate::library::unplain_list::Unlisted::TooMany));
        assert_eq!(too_many, count >= 13, "the long way is taken from 13 on");
        let two_walks = Some(unplain_rich.as_str()).filter(|t| text_passes(t));
        assert_eq!(one_walk(unplain_rich.as_bytes()), two_walks);
    }
    assert!(
        passed > 300 && failed > 300,
        "{passed} passed, {failed} failed"
    );
}
