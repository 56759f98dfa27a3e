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
/// otherwise UTF-8 (invalid bytes become U+FFFD). A NUL byte means binary,
/// except in a WebVTT file, whose parser turns NUL into U+FFFD.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, Reason> {
    let (text, lossy) = match bytes {
        [0xFF, 0xFE, rest @ ..] => (Cow::Owned(utf16(rest, u16::from_le_bytes)), false),
        [0xFE, 0xFF, rest @ ..] => (Cow::Owned(utf16(rest, u16::from_be_bytes)), false),
        _ => {
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            match std::str::from_utf8(bytes) {
                Ok(text) => (Cow::Borrowed(text), false),
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

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// Refuses text with NUL, unless it is WebVTT: there NUL becomes U+FFFD.
fn without_nul(text: Cow<'_, str>) -> Result<Cow<'_, str>, Reason> {
    if !text.contains('\0') {
        return Ok(text);
    }
    if text.trim_start_matches(['\n', '\r']).starts_with("WEBVTT") {
        return Ok(Cow::Owned(text.replace('\0', "\u{FFFD}")));
    }
    Err(Reason::NotText)
}

/// `\r\n` and a lone `\r` become `\n`.
fn unify_newlines(text: Cow<'_, str>) -> Cow<'_, str> {
    if !text.contains('\r') {
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
    fn invalid_utf8_is_replaced_and_noted() {
        let decoded = decode(b"caf\xE9").expect("decodes");
        assert_eq!(decoded.text, "caf\u{FFFD}");
        assert!(decoded.lossy);
    }
}
