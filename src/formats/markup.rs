//! Files starting with `<`: told apart by their root element (after any
//! `<?xml?>`, comments, doctype and processing instructions), compared by
//! local name.

use super::Refusal;

/// What a markup file's root says it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Root {
    Html,
    Ttml,
    PodloveXml,
    YoutubeSrv1,
    YoutubeSrv3,
}

/// Element names that only HTML uses (and that transcripts are made of).
const HTML_ELEMENTS: &[&str] = &[
    "html",
    "head",
    "body",
    "cite",
    "time",
    "p",
    "div",
    "span",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "br",
    "a",
    "b",
    "i",
    "em",
    "strong",
    "ul",
    "ol",
    "li",
    "table",
    "meta",
    "title",
    "link",
    "script",
    "style",
    "nav",
    "header",
    "footer",
    "blockquote",
    "pre",
    "code",
    "figure",
    "img",
    "hr",
    "small",
    "u",
    "font",
    "center",
    "dl",
    "dt",
    "dd",
    "aside",
    "details",
    "summary",
    "mark",
    "q",
    "tr",
    "td",
    "th",
    "tbody",
    "thead",
];

/// Finds the root element of `text` (which starts with `<` once trimmed).
pub fn root(text: &str) -> Result<Root, Refusal> {
    let mut rest = text.trim_start();
    loop {
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
        } else if rest
            .get(..9)
            .is_some_and(|p| p.eq_ignore_ascii_case("<!doctype"))
        {
            let end = rest.find('>').unwrap_or(rest.len());
            if rest[..end].to_ascii_lowercase().contains("html") {
                return Ok(Root::Html);
            }
            rest = rest.get(end + 1..).unwrap_or_default();
        } else if rest.starts_with("<?") || rest.starts_with("<!") {
            rest = rest.find('>').map_or("", |end| &rest[end + 1..]);
        } else {
            break;
        }
        rest = rest.trim_start();
    }
    let name = element_name(rest)
        .ok_or_else(|| Refusal::new("XML", "it holds no element where a root element should be"))?;
    let local = name.rsplit(':').next().unwrap_or(name).to_ascii_lowercase();
    match local.as_str() {
        "tt" => Ok(Root::Ttml),
        "transcripts" => Ok(Root::PodloveXml),
        "transcript" => Ok(Root::YoutubeSrv1),
        "timedtext" => Ok(Root::YoutubeSrv3),
        _ if HTML_ELEMENTS.contains(&local.as_str()) => Ok(Root::Html),
        _ => Err(Refusal::new(
            "XML",
            format!(
                "XML <{}> is not a transcript format",
                crate::episode::text::clean_one_line(name)
            ),
        )),
    }
}

/// The element name after `<` at the start of `text`.
fn element_name(text: &str) -> Option<&str> {
    let rest = text.strip_prefix('<')?;
    let end = rest
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(rest.len());
    let name = &rest[..end];
    let valid = name.starts_with(|c: char| c.is_alphabetic()) && name.len() <= 80;
    valid.then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_by_local_name() {
        assert_eq!(
            root("<?xml version=\"1.0\"?>\n<!-- c -->\n<tt xmlns=\"x\">"),
            Ok(Root::Ttml)
        );
        assert_eq!(
            root("<pst:transcripts xmlns:pst=\"p\">"),
            Ok(Root::PodloveXml)
        );
        assert_eq!(
            root("<transcript><text start=\"1\">"),
            Ok(Root::YoutubeSrv1)
        );
        assert_eq!(root("<timedtext format=\"3\">"), Ok(Root::YoutubeSrv3));
        assert_eq!(root("<!DOCTYPE html><html>"), Ok(Root::Html));
        assert_eq!(
            root("<!-- saved from url=(0054)x -->\n<html>"),
            Ok(Root::Html)
        );
        assert_eq!(root("<cite>Ann:</cite>"), Ok(Root::Html));
        let refused = root("<?xml version=\"1.0\"?><rss>").unwrap_err();
        assert_eq!(refused.why, "XML <rss> is not a transcript format");
        assert!(root("<!-- never closed").is_err());
    }
}
