//! Bytes → text: byte order marks, UTF-16, invalid UTF-8, NUL bytes and
//! the three newline conventions.

use std::borrow::Cow;

use crate::episode::Reason;

/// A file's text, ready for detection and reading.
#[derive(Debug)]
pub struct Decoded<'a> {
    /// With `\n` newlines only, no byte order mark.
    pub text: Cow<'a, str>,
    /// Invalid UTF-8 was replaced with U+FFFD.
    pub lossy: bool,
}

/// Decodes a file: a UTF-8 BOM is dropped, `FF FE` / `FE FF` mean UTF-16,
/// otherwise UTF-8 (invalid bytes become U+FFFD), or Windows-1252 for XML
/// or HTML that is not UTF-8 and declares it (or Latin-1, which browsers
/// read as Windows-1252). A NUL byte means binary, except in a WebVTT
/// file, whose parser turns NUL into U+FFFD.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, Reason> {
    let (text, lossy) = match bytes {
        [0xFF, 0xFE, rest @ ..] => (Cow::Owned(utf16(rest, u16::from_le_bytes)), false),
        [0xFE, 0xFF, rest @ ..] => (Cow::Owned(utf16(rest, u16::from_be_bytes)), false),
        _ => {
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            match std::str::from_utf8(bytes) {
                Ok(text) => (Cow::Borrowed(text), false),
                Err(_) if declares_windows_1252(bytes) => (Cow::Owned(windows_1252(bytes)), false),
                Err(_) => (String::from_utf8_lossy(bytes), true),
            }
        }
    };
    let text = without_nul(text)?;
    Ok(Decoded {
        text: unify_newlines(text),
        lossy,
    })
}

/// How far into a file its encoding may be declared (HTML's prescan
/// looks at the first 1024 bytes).
const DECLARATION_WINDOW: usize = 1024;

/// Encoding labels read as Windows-1252 (the WHATWG Encoding Standard's).
const WINDOWS_1252_LABELS: [&str; 11] = [
    "windows-1252",
    "cp1252",
    "x-cp1252",
    "iso-8859-1",
    "iso8859-1",
    "iso_8859-1",
    "latin1",
    "latin-1",
    "l1",
    "us-ascii",
    "ascii",
];

/// Whether markup declares Windows-1252 or Latin-1 near its start: an XML
/// `encoding="…"` or an HTML `charset=…`.
fn declares_windows_1252(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(DECLARATION_WINDOW)];
    if head.trim_ascii_start().first() != Some(&b'<') {
        return false;
    }
    let head = head.to_ascii_lowercase();
    ["encoding", "charset"].iter().any(|key| {
        declared_label(&head, key.as_bytes())
            .is_some_and(|label| WINDOWS_1252_LABELS.iter().any(|l| l.as_bytes() == label))
    })
}

/// The label after the first `key=` (quoted or not) in `head`.
fn declared_label<'a>(head: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    let at = head.windows(key.len()).position(|w| w == key)? + key.len();
    let rest = head[at..]
        .trim_ascii_start()
        .strip_prefix(b"=")?
        .trim_ascii_start();
    let rest = rest
        .strip_prefix(b"\"")
        .or(rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let len = rest
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_')))
        .unwrap_or(rest.len());
    Some(&rest[..len])
}

/// What Windows-1252 puts at 0x80..=0x9F; the five holes stay C1
/// controls (which cleaning removes), as WHATWG decodes them.
const WINDOWS_1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

/// Decodes Windows-1252: every byte is one char.
fn windows_1252(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => WINDOWS_1252_HIGH[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect()
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// Refuses text with NUL, unless it is WebVTT: there NUL becomes U+FFFD.
fn without_nul(text: Cow<'_, str>) -> Result<Cow<'_, str>, Reason> {
    if memchr::memchr(0, text.as_bytes()).is_none() {
        return Ok(text);
    }
    if text.trim_start_matches(['\n', '\r']).starts_with("WEBVTT") {
        return Ok(Cow::Owned(text.replace('\0', "\u{FFFD}")));
    }
    Err(Reason::NotText)
}

/// `\r\n` and a lone `\r` become `\n`.
fn unify_newlines(text: Cow<'_, str>) -> Cow<'_, str> {
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return text;
    }
    Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_encoding_of_a_file_decodes_alike() {
        let plain = "WEBVTT\n\n00:01.000 --> 00:02.000\nCafé\n";
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for unit in plain.encode_utf16() {
            le.extend(unit.to_le_bytes());
            be.extend(unit.to_be_bytes());
        }
        let bom = [b"\xEF\xBB\xBF".as_slice(), plain.as_bytes()].concat();
        let crlf = plain.replace('\n', "\r\n");
        let cr = plain.replace('\n', "\r");
        for bytes in [&le, &be, &bom, crlf.as_bytes(), cr.as_bytes()] {
            let decoded = decode(bytes).expect("decodes");
            assert_eq!(decoded.text, plain);
        }
    }

    #[test]
    fn nul_is_binary_except_in_webvtt() {
        assert!(matches!(decode(b"hello\0"), Err(Reason::NotText)));
        let vtt = decode(b"WEBVTT\n\n00:01.000 --> 00:02.000\na\0b\n").expect("vtt");
        assert!(vtt.text.contains("a\u{FFFD}b"));
    }

    #[test]
    fn markup_declaring_windows_1252_or_latin_1_is_decoded_so() {
        let xml = b"<?xml version='1.0' encoding='ISO-8859-1'?><tt>Caf\xE9 \x80 \x93</tt>";
        let decoded = decode(xml).expect("decodes");
        assert_eq!(
            decoded.text,
            "<?xml version='1.0' encoding='ISO-8859-1'?><tt>Café € “</tt>"
        );
        assert!(!decoded.lossy);
        let html = b"<html><head><meta charset=windows-1252></head><p>na\xEFve</p>";
        assert!(decode(html).expect("decodes").text.contains("naïve"));
        // Undeclared, or not markup: invalid UTF-8 as ever.
        for bytes in [&b"<p>Caf\xE9</p>"[..], b"charset=latin1 Caf\xE9"] {
            let decoded = decode(bytes).expect("decodes");
            assert!(decoded.lossy && decoded.text.contains('\u{FFFD}'));
        }
    }

    #[test]
    fn invalid_utf8_is_replaced_and_noted() {
        let decoded = decode(b"caf\xE9").expect("decodes");
        assert_eq!(decoded.text, "caf\u{FFFD}");
        assert!(decoded.lossy);
    }
}
