//! JSON lines that tell the truth and are safe on a terminal.
//!
//! A path is written exactly as the file system has it (a name holding an
//! escape sequence names that file, not a cleaned look-alike); a name that
//! is not UTF-8 also gets its exact bytes, in base64, beside a readable
//! form, as `rg --json` does. Every char a terminal would act on, or that
//! can make text read other than it is, is written as a `\uXXXX` escape,
//! never raw: the JSON means the same, and nothing reaches the terminal.

use std::io;
use std::path::Path;

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, Serializer};

use crate::episode::text::{is_spoofing, is_unicode_line_break};

/// A file's path for JSON: `text` is exact when the name is UTF-8; when it
/// is not, `text` has U+FFFD for the bytes that are not and `bytes` holds
/// the exact name in base64.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonPath {
    pub text: String,
    pub bytes: Option<String>,
}

impl JsonPath {
    /// The path as JSON carries it.
    pub fn new(path: &Path) -> JsonPath {
        let raw = raw_bytes(path);
        match std::str::from_utf8(&raw) {
            Ok(text) => JsonPath {
                text: text.to_string(),
                bytes: None,
            },
            Err(_) => JsonPath {
                text: String::from_utf8_lossy(&raw).into_owned(),
                bytes: Some(crate::base64::encode(&raw)),
            },
        }
    }
}

#[cfg(unix)]
fn raw_bytes(path: &Path) -> std::borrow::Cow<'_, [u8]> {
    use std::os::unix::ffi::OsStrExt;
    path.as_os_str().as_bytes().into()
}

#[cfg(not(unix))]
fn raw_bytes(path: &Path) -> std::borrow::Cow<'_, [u8]> {
    path.to_string_lossy().into_owned().into_bytes().into()
}

/// `value` as one line of JSON, every terminal-unsafe char escaped.
pub fn to_line(value: &impl Serialize) -> serde_json::Result<String> {
    let mut bytes = Vec::with_capacity(256);
    value.serialize(&mut Serializer::with_formatter(&mut bytes, TerminalSafe))?;
    // serde_json writes UTF-8 only, so this never fails.
    String::from_utf8(bytes).map_err(serde::ser::Error::custom)
}

/// serde_json's compact format, but a string's DEL, C1 controls, spoofing
/// chars and Unicode line breaks are written as `\uXXXX` (serde_json
/// escapes the C0 controls itself).
struct TerminalSafe;

impl Formatter for TerminalSafe {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut rest = fragment;
        while let Some((at, c)) = first_to_escape(rest) {
            writer.write_all(&rest.as_bytes()[..at])?;
            write!(writer, "\\u{:04x}", u32::from(c))?;
            rest = &rest[at + c.len_utf8()..];
        }
        CompactFormatter.write_string_fragment(writer, rest)
    }
}

/// The first char of `text` that [`needs_escape`], and where. Their lead
/// bytes are found by the memchr crate and only those places looked at:
/// the text of every match goes through here, and decoding every char
/// doubled the time `search --json` took for a common word.
fn first_to_escape(text: &str) -> Option<(usize, char)> {
    let bytes = text.as_bytes();
    // Every char to escape starts with one of these five bytes.
    let escape_at = |&i: &usize| text[i..].chars().next().is_some_and(needs_escape);
    let common = memchr::memchr3_iter(0x7f, 0xc2, 0xe2, bytes).find(escape_at);
    let rare = memchr::memchr2_iter(0xd8, 0xef, bytes).find(escape_at);
    let at = common.into_iter().chain(rare).min()?;
    Some((at, text[at..].chars().next()?))
}

/// Chars never written raw: all of them are in the Basic Multilingual
/// Plane, so one `\uXXXX` is each one's whole escape.
fn needs_escape(c: char) -> bool {
    matches!(c, '\u{7f}'..='\u{9f}') || is_spoofing(c) || is_unicode_line_break(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_chars_are_escaped_and_the_json_means_the_same() {
        let text = "a\u{1b}]0;x\u{7}b\u{9b}c\u{202e}d\u{2028}e\u{feff}f’g日本";
        let line = to_line(&serde_json::json!({ "path": text })).unwrap();
        assert!(line.is_ascii() || !line.chars().any(needs_escape), "{line}");
        assert!(!line.chars().any(char::is_control), "{line}");
        assert!(
            line.contains("\\u202e") && line.contains("’g日本"),
            "{line}"
        );
        let back: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(back["path"], text);
    }

    /// [`first_to_escape`] looks only at these lead bytes.
    #[test]
    fn every_char_to_escape_starts_with_a_looked_at_byte() {
        for c in (0..=0x10ffff_u32)
            .filter_map(char::from_u32)
            .filter(|&c| needs_escape(c))
        {
            let lead = c.encode_utf8(&mut [0; 4]).as_bytes()[0];
            assert!([0x7f, 0xc2, 0xd8, 0xe2, 0xef].contains(&lead), "{c:?}");
            let text = format!("a’b{c}");
            assert_eq!(first_to_escape(&text), Some(("a’b".len(), c)));
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_name_that_is_not_utf8_keeps_its_bytes() {
        use std::os::unix::ffi::OsStrExt;
        let path = Path::new(std::ffi::OsStr::from_bytes(b"dir/a\xffb.md"));
        let json = JsonPath::new(path);
        assert_eq!(json.text, "dir/a\u{fffd}b.md");
        assert_eq!(json.bytes.as_deref(), Some("ZGlyL2H/Yi5tZA=="));
        let plain = JsonPath::new(Path::new("dir/\u{1b}[2J.md"));
        assert_eq!(plain.text, "dir/\u{1b}[2J.md");
        assert_eq!(plain.bytes, None);
    }
}
