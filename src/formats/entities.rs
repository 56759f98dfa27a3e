//! Character references (`&amp;`, `&#39;`, `&nbsp;`, legacy `&amp` without
//! `;`) as HTML defines them, for every format whose text may hold them.

use std::borrow::Cow;

/// Decodes the HTML character references in `text` (the whole named set,
/// numeric ones, and the legacy forms without `;`).
pub fn decode_entities(text: &str) -> Cow<'_, str> {
    if !has_reference(text) {
        return Cow::Borrowed(text);
    }
    htmlize::unescape(text)
}

/// Decodes only the XML five (`&amp; &lt; &gt; &quot; &apos;`) and numeric
/// references that end in `;`: SubRip's conservative rule, where a bare
/// `&` stays as it is.
pub fn decode_basic(text: &str) -> Cow<'_, str> {
    if !has_reference(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match basic_reference(rest) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Whether `text` holds a `&` (every attribute value and piece of text
/// of a document is looked at: most are a few bytes long).
fn has_reference(text: &str) -> bool {
    super::scan::contains(b'&', text.as_bytes())
}

/// The char a reference at the start of `text` stands for, and its length.
fn basic_reference(text: &str) -> Option<(char, usize)> {
    let window = &text.as_bytes()[..text.len().min(12)];
    let end = window.iter().position(|&b| b == b';')?;
    let name = &text[1..end];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((c, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_references_decode_as_browsers_do() {
        assert_eq!(decode_entities("Q&amp;A"), "Q&A");
        assert_eq!(decode_entities("a&nbsp;b"), "a\u{a0}b");
        assert_eq!(decode_entities("&amp and &#39;x&#x27;"), "& and 'x'");
        assert_eq!(decode_entities("plain"), "plain");
    }

    #[test]
    fn subrip_decodes_only_the_basic_references() {
        assert_eq!(
            decode_basic("Q&amp;A &lt;b&gt; &#39;x&#x27;"),
            "Q&A <b> 'x'"
        );
        assert_eq!(decode_basic("&amp;ééééééé"), "&ééééééé");
        assert_eq!(decode_basic("R&B &nbsp; &amp"), "R&B &nbsp; &amp");
        assert_eq!(decode_basic("&#xFFFFFFFFF; &"), "&#xFFFFFFFFF; &");
    }
}
