//! The json reader alone, on any bytes (detection skipped): no panic,
//! no control character in what it reads, and the quick scan of plainly
//! written files reads whatever it reads as serde does.
#![no_main]

mod common;

use earmark::formats::FormatReader;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    common::check(FormatReader::Json, data);
    if let Ok(text) = std::str::from_utf8(data)
        && let Err(difference) = earmark::formats::json_plain_scan_agrees(text)
    {
        panic!("the scan and serde differ on {text:?}: {difference}");
    }
});
