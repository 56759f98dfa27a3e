//! What every reader produces: the file's small pieces of text in file
//! order, with their times and speakers, before they are merged into the
//! segments earmark shows (see [`super::merge`]).

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::text_facts::{Counts, TextFacts};
use super::timestamp::Ms;
use crate::episode::Format;

/// How a fragment joins its neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A cue, an event, a JSON segment: joined inline.
    Caption,
    /// A word or a token: joined inline, never searched for labels.
    Word,
    /// Prose meant for reading (an HTML `<p>`, a text paragraph): joined
    /// with a line break.
    Paragraph,
    /// A later line of a cue that starts like a speaker label: joined
    /// inline, and its label is a speaker only when the file's labels are
    /// (the same name starting a cue elsewhere).
    CueLine,
}

/// Index into a [`Reading`]'s speaker names.
pub type SpeakerRef = u32;

/// One piece of a transcript as its file gives it.
///
/// Its text lives in the [`Reading`]'s [`Texts`]: a fragment holds only a
/// reference to it, so a million captions cost no million strings.
#[derive(Debug, Clone, PartialEq)]
pub struct Fragment {
    pub start: Option<Ms>,
    pub end: Option<Ms>,
    /// The speaker the file names for this piece (a voice tag, a JSON
    /// field); labels written in the text are found later.
    pub speaker: Option<SpeakerRef>,
    /// Markup removed and entities decoded; hygiene comes later. Read it
    /// with [`Reading::text`] or [`Texts::get`].
    pub text: TextRef,
    pub kind: Kind,
    /// The file marks a turn boundary here without naming a speaker.
    pub turn_break: bool,
    /// The reader knows the text cannot begin with a speaker label: the
    /// cue's first line has no colon (a label never spans lines, though
    /// the lines are joined by the time labels are looked for).
    pub label_free: bool,
    /// What the merge needs to know of its text, worked out as the text
    /// is kept ([`Reading::push`]); a reader leaves it alone.
    pub(super) facts: TextFacts,
}

impl Fragment {
    /// A fragment with no text yet, no speaker and no turn break: give it
    /// its text with [`Reading::push`].
    pub fn new(kind: Kind, start: Option<Ms>, end: Option<Ms>) -> Self {
        Fragment {
            start,
            end,
            speaker: None,
            text: TextRef::EMPTY,
            kind,
            turn_break: false,
            label_free: false,
            facts: TextFacts::UNKNOWN,
        }
    }
}

/// Where a fragment's text is: a span of the file's own text when the
/// reader changed nothing in it, else a span of the reading's own buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TextRef {
    from: u32,
    len: u32,
    owned: bool,
}

impl TextRef {
    /// No text.
    pub const EMPTY: TextRef = TextRef {
        from: 0,
        len: 0,
        owned: true,
    };

    /// The same text without its first `bytes` (a label read off it).
    pub fn skip(self, bytes: usize) -> TextRef {
        let bytes = u32::try_from(bytes).unwrap_or(u32::MAX).min(self.len);
        TextRef {
            from: self.from + bytes,
            len: self.len - bytes,
            owned: self.owned,
        }
    }

    /// The text's length in bytes.
    pub fn len(self) -> usize {
        self.len as usize
    }

    /// Whether there is no text.
    pub fn is_empty(self) -> bool {
        self.len == 0
    }
}

/// Every fragment's text: borrowed from the file's decoded text where a
/// reader hands over a slice of it, copied into one buffer otherwise.
/// Offsets are `u32`: text past 4 GiB (far past any file earmark opens)
/// would read as empty rather than wrap.
#[derive(Debug, Clone, Default)]
pub struct Texts<'a> {
    input: &'a str,
    owned: String,
}

impl<'a> Texts<'a> {
    /// Texts that borrow from `input` where they can.
    pub fn new(input: &'a str) -> Self {
        Texts {
            input,
            owned: String::new(),
        }
    }

    /// Keeps `text`: a slice of the input is only referred to, anything
    /// else is copied.
    pub fn add(&mut self, text: &str) -> TextRef {
        if text.is_empty() {
            return TextRef::EMPTY;
        }
        if let Some(from) = self.offset_in_input(text) {
            return TextRef {
                from,
                len: text.len() as u32,
                owned: false,
            };
        }
        self.copy(text)
    }

    /// `text` followed by `more`, as one text: extended in place when it
    /// ends the buffer, copied there first otherwise.
    pub fn extend(&mut self, text: TextRef, more: &str) -> TextRef {
        if more.is_empty() {
            return text;
        }
        if text.is_empty() {
            return self.add(more);
        }
        let ends_buffer = text.owned && (text.from + text.len) as usize == self.owned.len();
        let text = if ends_buffer {
            text
        } else {
            self.copy_ref(text)
        };
        if text.is_empty() || u32::try_from(self.owned.len() + more.len()).is_err() {
            return text;
        }
        self.make_room(more.len());
        self.owned.push_str(more);
        TextRef {
            len: text.len + more.len() as u32,
            ..text
        }
    }

    /// `text`, `separator` and `more` as one text: still a slice of the
    /// input when the input holds just that there (the lines of a
    /// paragraph), copied otherwise.
    pub fn join(&mut self, text: TextRef, separator: &str, more: &str) -> TextRef {
        let from = text.from as usize;
        let end = from + text.len as usize;
        let follows = !text.owned
            && !text.is_empty()
            && !more.is_empty()
            && self.offset_in_input(more).is_some_and(|at| {
                let at = at as usize;
                end + separator.len() == at && self.input.get(end..at) == Some(separator)
            });
        if follows {
            let len = end - from + separator.len() + more.len();
            return TextRef {
                len: len as u32,
                ..text
            };
        }
        let text = self.extend(text, separator);
        self.extend(text, more)
    }

    /// The text `text` refers to.
    pub fn get(&self, text: TextRef) -> &str {
        let from = text.from as usize;
        let range = from..from + text.len as usize;
        let source = if text.owned { &self.owned } else { self.input };
        source.get(range).unwrap_or_default()
    }

    /// Keeps the text `write` appends to the buffer, when it says to (by
    /// returning `true`); else takes it back and gives `None`. Text
    /// built in place is copied once, not built aside and copied again.
    pub fn write(&mut self, write: impl FnOnce(&mut String) -> bool) -> Option<TextRef> {
        let from = self.owned.len();
        self.make_room(1);
        if !write(&mut self.owned) {
            self.owned.truncate(from);
            return None;
        }
        let len = self.owned.len() - from;
        match (u32::try_from(from), u32::try_from(self.owned.len())) {
            _ if len == 0 => Some(TextRef::EMPTY),
            (Ok(from), Ok(_)) => Some(TextRef {
                from,
                len: len as u32,
                owned: true,
            }),
            // Past 4 GiB: empty, as `copy` gives.
            _ => {
                self.owned.truncate(from);
                Some(TextRef::EMPTY)
            }
        }
    }

    /// Reserves room for `bytes` more of copied text.
    pub fn reserve(&mut self, bytes: usize) {
        self.owned.reserve(bytes);
    }

    /// Where `text` starts in the input, if it is a slice of it. A `&str`
    /// inside the input's bytes starts and ends on its char boundaries.
    fn offset_in_input(&self, text: &str) -> Option<u32> {
        let base = self.input.as_ptr() as usize;
        let at = (text.as_ptr() as usize).checked_sub(base)?;
        let fits = at.checked_add(text.len())? <= self.input.len();
        let from = u32::try_from(at).ok()?;
        u32::try_from(at + text.len()).ok()?;
        fits.then_some(from)
    }

    fn copy(&mut self, text: &str) -> TextRef {
        let from = self.owned.len();
        let (Ok(from32), Ok(len)) = (u32::try_from(from), u32::try_from(text.len())) else {
            return TextRef::EMPTY;
        };
        if u32::try_from(from + text.len()).is_err() {
            return TextRef::EMPTY;
        }
        self.make_room(text.len());
        self.owned.push_str(text);
        TextRef {
            from: from32,
            len,
            owned: true,
        }
    }

    /// Room for `more` bytes of copied text. The first time, room for as
    /// many as the input holds: a file's copied texts rarely outgrow it,
    /// and a long file's were copied again each time the buffer doubled
    /// (room never written to costs no memory).
    fn make_room(&mut self, more: usize) {
        if self.owned.capacity() == 0 {
            self.owned.reserve(more.max(self.input.len()));
        }
    }

    /// Copies a text already kept to the end of the buffer.
    fn copy_ref(&mut self, text: TextRef) -> TextRef {
        let from = text.from as usize;
        let range = from..from + text.len as usize;
        if !text.owned {
            let input: &'a str = self.input;
            return self.copy(input.get(range).unwrap_or_default());
        }
        if self.owned.get(range.clone()).is_none() {
            return TextRef::EMPTY;
        }
        let start = self.owned.len();
        if u32::try_from(start + text.len as usize).is_err() {
            return TextRef::EMPTY;
        }
        self.make_room(range.len());
        self.owned.extend_from_within(range);
        TextRef {
            from: start as u32,
            len: text.len,
            owned: true,
        }
    }
}

/// Everything a reader found in one file.
#[derive(Debug, Clone)]
pub struct Reading<'a> {
    pub format: Format,
    pub fragments: Vec<Fragment>,
    /// The fragments' texts.
    pub texts: Texts<'a>,
    /// Speaker names, interned: fragments refer to them by index.
    pub names: Vec<String>,
    name_index: HashMap<String, SpeakerRef>,
    /// The last names asked for, checked before the index: a file names
    /// a speaker on every cue, and most have two or three.
    recent_names: RecentNames,
    /// Metadata found in the file (title, language, generator, …).
    pub metadata: Map<String, Value>,
    pub warnings: Warnings,
    /// Whether labels such as `Ann:` written in the text may be speakers.
    pub find_labels: bool,
    /// Whether a fragment without a speaker continues the previous one's.
    pub carry_speaker: bool,
    /// Whether the pieces are tokens whose own whitespace is the spacing
    /// (join verbatim).
    pub token_stream: bool,
    /// The length and sentence marks of every text kept through
    /// [`Reading::push`] and the appends, summed as they are kept.
    pub(super) counts: Counts,
}

impl<'a> Reading<'a> {
    /// Each fragment's start, end and text, for tests to compare at once.
    #[cfg(test)]
    pub fn timed_texts(&self) -> Vec<(Option<Ms>, Option<Ms>, &str)> {
        self.fragments
            .iter()
            .map(|f| (f.start, f.end, self.text(f)))
            .collect()
    }

    /// Each fragment's text, for tests.
    #[cfg(test)]
    pub(crate) fn all_texts(&self) -> Vec<&str> {
        self.fragments.iter().map(|f| self.text(f)).collect()
    }

    /// An empty reading of a file in `format`, speakers carried forward;
    /// every fragment's text is copied.
    pub fn new(format: Format) -> Self {
        Self::borrowing(format, "")
    }

    /// An empty reading of `input` in `format`, speakers carried forward.
    /// Fragment texts that are slices of `input` are kept as references.
    pub fn borrowing(format: Format, input: &'a str) -> Self {
        Reading {
            format,
            fragments: Vec::new(),
            texts: Texts::new(input),
            names: Vec::new(),
            name_index: HashMap::new(),
            recent_names: RecentNames::default(),
            metadata: Map::new(),
            warnings: Warnings::default(),
            find_labels: false,
            carry_speaker: true,
            token_stream: false,
            counts: Counts::default(),
        }
    }

    /// Adds `fragment` with `text` as its text.
    pub fn push(&mut self, fragment: Fragment, text: &str) {
        let text = self.texts.add(text);
        self.keep(fragment, text);
    }

    /// [`Reading::push`] for a word-level file's pieces: the same
    /// fragment, its facts found by `TextFacts::of_word`.
    pub fn push_word(&mut self, mut fragment: Fragment, text: &str) {
        let text = self.texts.add(text);
        fragment.text = text;
        let (facts, marks) = TextFacts::of_word(self.texts.get(text));
        fragment.facts = facts;
        self.counts.add(text.len(), marks);
        self.fragments.push(fragment);
    }

    /// Adds `fragment` with the text `write` appends to the copied texts
    /// (see [`Texts::write`]); nothing when `write` returns `false`.
    /// Returns whether the fragment was added.
    pub fn push_written(
        &mut self,
        fragment: Fragment,
        write: impl FnOnce(&mut String) -> bool,
    ) -> bool {
        let Some(text) = self.texts.write(write) else {
            return false;
        };
        self.keep(fragment, text);
        true
    }

    fn keep(&mut self, mut fragment: Fragment, text: TextRef) {
        fragment.text = text;
        let (facts, marks) = TextFacts::of(self.texts.get(text));
        fragment.facts = facts;
        self.counts.add(text.len(), marks);
        self.fragments.push(fragment);
    }

    /// Drops every fragment, the text copied for them and the speakers
    /// they named, giving their memory back (a reader that will read the
    /// file again, from the start).
    pub fn drop_fragments(&mut self) {
        self.fragments = Vec::new();
        self.texts.owned = String::new();
        self.counts = Counts::default();
        self.names = Vec::new();
        self.name_index = HashMap::new();
        self.recent_names = RecentNames::default();
    }

    /// Appends `more` to the last fragment's text (nothing without one).
    pub fn append_to_last(&mut self, more: &str) {
        self.join_to_last("", more);
    }

    /// Appends `separator` and `more` to the last fragment's text (see
    /// [`Texts::join`]).
    pub fn join_to_last(&mut self, separator: &str, more: &str) {
        let Some(last) = self.fragments.last_mut() else {
            return;
        };
        let before = last.text.len();
        let left = self.texts.get(last.text);
        let (separator_facts, separator_marks) = TextFacts::of(separator);
        let (more_facts, more_marks) = TextFacts::of(more);
        let facts = last.facts.joined(left, separator_facts, separator);
        // The text then ends as the separator does, if there is one.
        let end = if separator.is_empty() {
            left
        } else {
            separator
        };
        let facts = facts.joined(end, more_facts, more);
        last.text = self.texts.join(last.text, separator, more);
        last.facts = facts;
        let added = last.text.len().saturating_sub(before);
        self.counts.add(added, separator_marks + more_marks);
    }

    /// A fragment's text.
    pub fn text(&self, fragment: &Fragment) -> &str {
        self.texts.get(fragment.text)
    }
    /// The reference for a speaker name, interned; `None` for a name that
    /// is empty once trimmed.
    pub fn speaker(&mut self, name: &str) -> Option<SpeakerRef> {
        let name = name.trim();
        if name.is_empty() {
            return None;
        }
        if let Some(id) = self.recent_names.find(name) {
            return Some(id);
        }
        let id = match self.name_index.get(name) {
            Some(&id) => id,
            None => {
                let id = SpeakerRef::try_from(self.names.len()).ok()?;
                self.names.push(name.to_string());
                self.name_index.insert(name.to_string(), id);
                id
            }
        };
        self.recent_names.keep(name, id);
        Some(id)
    }

    /// Sets a metadata key to a string, unless it is empty.
    pub fn set_meta(&mut self, key: &str, value: &str) {
        let value = value.trim();
        if !value.is_empty() {
            self.metadata.insert(key.to_string(), Value::from(value));
        }
    }
}

/// A few names with their speakers, as [`Reading::speaker`] was asked for
/// them (before any cleaning of the names), the latest first out.
#[derive(Debug, Clone, Default)]
struct RecentNames {
    names: [Option<(Box<str>, SpeakerRef)>; 4],
    next: usize,
}

impl RecentNames {
    fn find(&self, name: &str) -> Option<SpeakerRef> {
        let mut kept = self.names.iter().flatten();
        kept.find(|(n, _)| &**n == name).map(|&(_, id)| id)
    }

    fn keep(&mut self, name: &str, id: SpeakerRef) {
        self.names[self.next] = Some((name.into(), id));
        self.next = (self.next + 1) % self.names.len();
    }
}

/// Problems forgiven while reading, counted by code: shown as
/// `"code: detail"` (`"bad-timestamp: 3 unreadable times"`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Warnings {
    /// In the order first raised.
    entries: Vec<(&'static str, usize, &'static str)>,
}

impl Warnings {
    /// Counts one more `code`; `what` names the counted things
    /// (`"timing lines read leniently"`).
    pub fn add(&mut self, code: &'static str, what: &'static str) {
        self.add_n(code, 1, what);
    }

    /// Counts `n` more `code`.
    pub fn add_n(&mut self, code: &'static str, n: usize, what: &'static str) {
        if n == 0 {
            return;
        }
        match self.entries.iter_mut().find(|(c, _, _)| *c == code) {
            Some((_, count, _)) => *count += n,
            None => self.entries.push((code, n, what)),
        }
    }

    /// How many of `code` were counted.
    pub fn count(&self, code: &str) -> usize {
        self.entries
            .iter()
            .find(|(c, _, _)| *c == code)
            .map_or(0, |(_, n, _)| *n)
    }

    /// One `"code: N what"` line per code.
    pub fn lines(&self) -> Vec<String> {
        self.entries
            .iter()
            .map(|(code, n, what)| format!("{code}: {n} {what}"))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_of_the_input_are_borrowed_and_other_text_copied() {
        let input = String::from("Ann: hello there");
        let mut texts = Texts::new(&input);
        let borrowed = texts.add(&input[5..]);
        let copied = texts.add("made up");
        assert_eq!(texts.get(borrowed), "hello there");
        assert_eq!(texts.get(copied), "made up");
        assert!(!borrowed.owned && copied.owned);
        // Nothing of the input was copied.
        assert_eq!(texts.owned, "made up");
    }

    #[test]
    fn extending_copies_a_borrowed_text_once_then_grows_in_place() {
        let input = "one\ntwo";
        let mut texts = Texts::new(input);
        let first = texts.add(&input[..3]);
        let other = texts.add("x");
        let joined = texts.extend(first, " ");
        let joined = texts.extend(joined, &input[4..]);
        assert_eq!(texts.get(joined), "one two");
        assert_eq!(texts.get(other), "x");
        assert_eq!(texts.owned, "xone two");
        // An older text not at the end is copied before growing.
        let other = texts.extend(other, "y");
        assert_eq!((texts.get(other), texts.get(joined)), ("xy", "one two"));
        let z = texts.extend(TextRef::EMPTY, "z");
        assert_eq!(texts.get(z), "z");
    }

    #[test]
    fn joining_lines_that_follow_each_other_borrows_them_all() {
        let input = "one\ntwo  \nthree";
        let mut texts = Texts::new(input);
        let one = texts.add(&input[..3]);
        let joined = texts.join(one, "\n", &input[4..7]);
        assert_eq!(texts.get(joined), "one\ntwo");
        assert!(!joined.owned && texts.owned.is_empty());
        // Not what the input holds there: copied.
        let joined = texts.join(joined, "\n", &input[10..]);
        assert_eq!(texts.get(joined), "one\ntwo\nthree");
        assert_eq!(texts.owned, "one\ntwo\nthree");
        let copied = texts.add("x");
        let joined = texts.join(copied, " ", &input[..3]);
        assert_eq!(texts.get(joined), "x one");
    }

    #[test]
    fn a_fragment_stays_small() {
        // A word-level file holds a fragment per word: the facts the merge
        // needs fit in the room the fields leave.
        assert!(std::mem::size_of::<Fragment>() <= 56);
    }

    #[test]
    fn appended_text_keeps_its_facts_and_counts() {
        let input = "a.  \nb?";
        let mut reading = Reading::borrowing(Format::Text, input);
        reading.push(Fragment::new(Kind::Paragraph, None, None), &input[..4]);
        reading.join_to_last("\n", &input[5..]);
        let whole = TextFacts::of("a.  \nb?");
        assert_eq!(reading.fragments[0].facts, whole.0);
        assert_eq!(
            (reading.counts.bytes, reading.counts.sentence_marks),
            (7, 2)
        );
        reading.drop_fragments();
        assert_eq!(reading.counts, Counts::default());
    }

    #[test]
    fn skipping_a_label_keeps_the_rest() {
        let mut texts = Texts::new("Ann: hi");
        let text = texts.add("Ann: hi");
        assert_eq!(texts.get(text.skip(5)), "hi");
        assert_eq!(texts.get(text.skip(99)), "");
    }

    #[test]
    fn a_reading_pushes_and_appends() {
        let input = "a\nb";
        let mut reading = Reading::borrowing(Format::Text, input);
        reading.push(Fragment::new(Kind::Paragraph, None, None), &input[..1]);
        reading.append_to_last("\n");
        reading.append_to_last(&input[2..]);
        reading.push(Fragment::new(Kind::Paragraph, Some(5), None), "");
        assert_eq!(reading.all_texts(), ["a\nb", ""]);
    }
}
