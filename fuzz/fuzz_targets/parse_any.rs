//! Every reader behind `parse_bytes`: the first byte picks the file name
//! (its extension is a hint to detection), the rest is the file. Nothing
//! may panic, and no text may hold a control character.
#![no_main]

mod common;

use earmark::episode::Source;
use earmark::formats::parse_bytes;
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 10] = [
    "f.vtt", "f.srt", "f.json", "f.txt", "f.md", "f.tsv", "f.html", "f.ttml", "f.xml", "f",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let name = NAMES[usize::from(pick) % NAMES.len()];
    if let Ok(episode) = parse_bytes(bytes, Source::Builtin(name)) {
        common::assert_clean(&episode);
    }
});
