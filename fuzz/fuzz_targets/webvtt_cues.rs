//! The WebVTT cue layer: every cue's times in range, ends kept as written.
#![no_main]

use earmark::formats::timestamp::MAX_MS;
use earmark::formats::webvtt::parse_cues;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    for cue in parse_cues(text) {
        assert!(cue.start_ms < MAX_MS && cue.end_ms < MAX_MS);
    }
});
