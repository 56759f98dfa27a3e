//! `earmark search`'s cache entries, decoded from any bytes: no panic,
//! and whatever decodes holds only clean text.
#![no_main]

use earmark::episode::Source;
use earmark::library::search_cache::entry::{decode, is_clean};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(entry) = decode(data) else {
        return;
    };
    assert!(is_clean(entry.text()) && is_clean(entry.title()));
    for segment in entry.segments() {
        assert!(is_clean(segment.text));
        assert!(segment.speaker.is_none_or(is_clean));
    }
    let episode = entry.to_episode(Source::Builtin("fuzz"));
    assert_eq!(episode.segments.len(), entry.segments().count());
});
