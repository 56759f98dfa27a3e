//! `earmark search`'s caseless literal finder against the case-insensitive
//! regex it stands in for: from every place, the same first match. The
//! first byte is the literal's length (up to 16), the next that many its
//! bytes (a literal the finder refuses is skipped), the rest the text.
#![no_main]

use earmark::caseless::CaselessPair;
use libfuzzer_sys::fuzz_target;
use regex::bytes::RegexBuilder;

fuzz_target!(|data: &[u8]| {
    let Some((&len, rest)) = data.split_first() else {
        return;
    };
    let (literal, text) = rest.split_at(usize::from(len % 17).min(rest.len()));
    let Some(finder) = CaselessPair::for_literal(literal) else {
        return;
    };
    let literal = std::str::from_utf8(literal).expect("the finder takes ASCII only");
    let regex = RegexBuilder::new(&regex::escape(literal))
        .case_insensitive(true)
        .build()
        .expect("an escaped literal compiles");
    for from in 0..=text.len() {
        let expected = regex.find_at(text, from).map(|m| m.range());
        assert_eq!(
            finder.find_at(text, from),
            expected,
            "{literal:?} from {from}"
        );
    }
});
