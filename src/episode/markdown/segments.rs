//! Building an episode's segments and speakers from a [`BodyScan`].

use std::borrow::Cow;
use std::collections::HashMap;

use super::body_scan::BodyScan;
use crate::episode::model::{Segment, SegmentsBuilder, SpeakerId};

/// Speakers and segments, before they join the front matter.
pub(super) struct TranscriptBody {
    pub(super) speakers: Vec<String>,
    pub(super) text: String,
    pub(super) segments: Vec<Segment>,
}

/// Builds every segment of a layout, their text written straight into the
/// episode's one buffer.
pub(super) fn build_transcript(layout: &BodyScan) -> TranscriptBody {
    let mut speakers = Speakers::default();
    // The segments' text is at most the body's (cleaning rarely adds a
    // byte), and there is a segment per header and maybe one before: room
    // reserved once, so neither list is copied as it grows.
    let mut built = SegmentsBuilder::with_capacity(layout.body.len(), layout.headers.len() + 1);
    for span in layout.segments() {
        let speaker = span.speaker.map(|name| speakers.id(name));
        built.push_with(speaker, span.start, |out| span.write_text(out));
    }
    let (text, segments) = built.finish();
    TranscriptBody {
        speakers: speakers.names,
        text,
        segments,
    }
}

/// Speaker names in order of first appearance, with a map from name to id
/// so that finding a speaker costs the same however many there are (a
/// search of the list per segment made 100k speakers take minutes).
#[derive(Default)]
struct Speakers {
    names: Vec<String>,
    ids: HashMap<String, SpeakerId>,
}

impl Speakers {
    /// The id of a speaker, adding it on first appearance. Runs of spaces
    /// in a name are folded so `Lenny  Rachitsky` is the same person.
    fn id(&mut self, name: &str) -> SpeakerId {
        let name = fold_spaces(name);
        if let Some(&id) = self.ids.get(name.as_ref()) {
            return id;
        }
        let id = self.names.len();
        self.names.push(name.to_string());
        self.ids.insert(name.into_owned(), id);
        id
    }
}

/// A speaker's name as shown: runs of whitespace folded to one space.
/// Borrowed when it is already so, as nearly every name is.
pub fn fold_spaces(name: &str) -> Cow<'_, str> {
    if is_folded(name) {
        return Cow::Borrowed(name);
    }
    Cow::Owned(name.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Whether `name` is its own [`fold_spaces`]: words split by single spaces.
fn is_folded(name: &str) -> bool {
    let bytes = name.as_bytes();
    if !name.is_ascii() {
        return name.split_whitespace().eq(name.split(' '));
    }
    let spaced_ends = bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ');
    let mut previous = 0;
    let odd_space = bytes.iter().any(|&b| {
        // `\t`, `\n`, vertical tab, form feed and `\r` are the other
        // ASCII chars `split_whitespace` splits on.
        let odd = (b == b' ' && previous == b' ') || matches!(b, b'\t'..=b'\r');
        previous = b;
        odd
    });
    !spaced_ends && !odd_space
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quick test for names that need no folding agrees with folding.
    #[test]
    fn folded_names_are_borrowed_exactly_when_folding_changes_nothing() {
        let names = [
            "Lenny Rachitsky",
            "Lenny  Rachitsky",
            " Lenny",
            "Lenny ",
            "",
            " ",
            "a\tb",
            "a\u{b}b",
            "a\u{c}b",
            "a\rb",
            "a\u{1f}b",
            "José García",
            "José  García",
            "a\u{a0}b",
            "a\u{3000}b",
            "Dr. K",
        ];
        for name in names {
            let reference = name.split_whitespace().collect::<Vec<_>>().join(" ");
            let folded = fold_spaces(name);
            assert_eq!(folded, reference, "{name:?}");
            assert_eq!(
                matches!(folded, Cow::Borrowed(_)),
                reference == name,
                "{name:?}"
            );
        }
    }
}
