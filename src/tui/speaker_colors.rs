//! Which of the palette's colours each speaker of an episode gets.
//!
//! A speaker's colour comes from their name, not from the order they speak
//! in, so the host keeps one colour in every episode: the normalised name
//! is hashed into the palette. Within an episode colours stay distinct: on
//! a clash, one of the two takes the next free colour. Speakers claim
//! their colour in order of turns taken, most first (the host, who asks,
//! takes the most turns), then of first words: by first words alone, a
//! guest who opens the show moved the host's colour in 2 of the 25 test
//! episodes; by turns, in none. Only the slots are chosen here; the
//! colours in them are the theme's.

/// Colours the speaker palette holds (the theme's palette has this many).
pub const SLOTS: usize = 10;

/// The palette slot of each of `names` (an episode's speakers, in the order
/// they first speak, with `turns[i]` turns each), in `0..slots`: the
/// name's own slot, else the next free one after it. Past `slots`
/// speakers, colours repeat.
pub fn assign(names: &[String], turns: &[usize], slots: usize) -> Vec<usize> {
    let slots = slots.max(1);
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(turns.get(i).copied().unwrap_or(0)), i));
    let mut taken = vec![false; slots];
    let mut assigned = vec![0; names.len()];
    for i in order {
        let own = (name_hash(&names[i]) % slots as u64) as usize;
        let free = (0..slots)
            .map(|step| (own + step) % slots)
            .find(|&slot| !taken[slot]);
        let slot = free.unwrap_or(own);
        taken[slot] = true;
        assigned[i] = slot;
    }
    assigned
}

/// A hash of the name as people would call it the same: case and runs of
/// spaces ignored. FNV-1a, written out so it never changes with the
/// compiler (the standard library's hasher may).
fn name_hash(name: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let words = name.split_whitespace();
    for (i, word) in words.enumerate() {
        let space = (i > 0).then_some(' ');
        for c in space
            .into_iter()
            .chain(word.chars().flat_map(char::to_lowercase))
        {
            let mut bytes = [0; 4];
            for &byte in c.encode_utf8(&mut bytes).as_bytes() {
                hash ^= u64::from(byte);
                hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
            }
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_name_keeps_its_slot_whoever_else_speaks() {
        let host = "Lenny Rachitsky";
        let own = (name_hash(host) % SLOTS as u64) as usize;
        // Whoever clashes with the host and speaks first: the host, with
        // more turns, keeps the colour.
        let all: Vec<String> = (0..200).map(|i| format!("Guest {i}")).collect();
        let clash = all
            .iter()
            .find(|n| (name_hash(n) % SLOTS as u64) as usize == own);
        let clash = clash.unwrap().as_str();
        let slots = assign(&names(&[clash, host]), &[40, 41], SLOTS);
        assert_eq!(slots, [(own + 1) % SLOTS, own]);
        // On a tie of turns, the one who spoke first keeps it.
        let slots = assign(&names(&[clash, host]), &[41, 41], SLOTS);
        assert_eq!(slots, [own, (own + 1) % SLOTS]);
    }

    #[test]
    fn case_and_spaces_do_not_change_the_slot() {
        assert_eq!(
            name_hash("Lenny Rachitsky"),
            name_hash(" lenny   RACHITSKY ")
        );
        assert_ne!(name_hash("Lenny Rachitsky"), name_hash("LennyRachitsky"));
    }

    #[test]
    fn slots_are_distinct_within_an_episode_and_later_speakers_move() {
        // Two names that hash to one slot: the second moves on.
        let all: Vec<String> = (0..200).map(|i| format!("Speaker {i}")).collect();
        let slot_of = |n: &String| (name_hash(n) % SLOTS as u64) as usize;
        let first = &all[0];
        let clash = all[1..]
            .iter()
            .find(|n| slot_of(n) == slot_of(first))
            .unwrap();
        let slots = assign(&[first.clone(), clash.clone()], &[], SLOTS);
        assert_eq!(slots, [slot_of(first), (slot_of(first) + 1) % SLOTS]);
        // Ten speakers, ten colours; the eleventh repeats one.
        let ten = assign(&all[..10], &[], SLOTS);
        let mut sorted = ten.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 10, "{ten:?}");
        assert_eq!(assign(&all[..11], &[], SLOTS).len(), 11);
        assert!(assign(&all[..3], &[], 0).iter().all(|&s| s == 0));
    }
}
