//! A Markdown file's layout as `earmark search`'s cache keeps it, decoded
//! against a body: no panic, whatever the bytes, and every segment of a
//! layout that decodes can be built.
//!
//! The input is a body and some noise, cut where its first two bytes say
//! (the rest is all body when they say more). The noise is read as a
//! layout, and also flipped into the body's own layout, so that the
//! fuzzer starts from layouts that decode.
#![no_main]

use earmark::episode::BodyScan;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((cut, rest)) = data.split_first_chunk::<2>() else {
        return;
    };
    let cut = usize::from(u16::from_le_bytes(*cut)).min(rest.len());
    let (body, noise) = rest.split_at(cut);
    let Ok(body) = std::str::from_utf8(body) else {
        return;
    };
    build_all(body, noise);
    if let Some(scan) = BodyScan::scan(body) {
        let mut bytes = scan.encode();
        let len = bytes.len();
        for (i, flip) in noise.iter().enumerate() {
            bytes[i % len] ^= flip;
        }
        build_all(body, &bytes);
    }
});

/// Decodes `bytes` as a layout of `body` and builds every segment.
fn build_all(body: &str, bytes: &[u8]) {
    if let Some(layout) = BodyScan::decode(body, bytes) {
        for span in layout.segments() {
            std::hint::black_box((span.text(), span.speaker, span.start));
        }
    }
}
