//! Detection alone, on any text.
#![no_main]

use earmark::formats::detect::sniff;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = sniff(text, Some("md"));
    let _ = sniff(text, None);
});
