//! The webvtt reader alone, on any bytes (detection skipped): no panic,
//! no control character in what it reads.
#![no_main]

mod common;

use earmark::formats::FormatReader;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| common::check(FormatReader::WebVtt, data));
