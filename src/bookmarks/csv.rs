//! Bookmarks as CSV (RFC 4180) that a spreadsheet opens safely.
//!
//! Fields holding a comma, a quote or a line break are quoted, quotes
//! doubled; records end with CRLF. A cell that starts with `=`, `+`, `-`,
//! `@` (or a tab or carriage return) would be run as a formula by Excel,
//! LibreOffice or Google Sheets (CSV injection): it gets a leading `'`,
//! which those show as text. Control chars are dropped, line breaks inside
//! a quote kept.

use super::Bookmark;
use crate::episode::text::clean_one_line;
use crate::episode::time::format_hms;

/// The header row's columns. `end` and `segments` are empty for a
/// bookmark of one segment.
const COLUMNS: [&str; 11] = [
    "title", "speaker", "start", "end", "segments", "quote", "note", "link", "created", "episode",
    "path",
];

/// The bookmarks as a CSV document, a header row first.
pub fn export_csv(bookmarks: &[Bookmark]) -> String {
    let mut out = String::new();
    push_record(&mut out, COLUMNS.iter().map(|c| c.to_string()));
    for b in bookmarks {
        let fields = [
            clean_one_line(&b.title),
            b.speaker.as_deref().map(clean_one_line).unwrap_or_default(),
            b.start.map(format_hms).unwrap_or_default(),
            b.end.map(format_hms).unwrap_or_default(),
            b.segments.map(|n| n.to_string()).unwrap_or_default(),
            clean_lines(&b.quote),
            clean_one_line(&b.note),
            clean_one_line(&b.deep_link()),
            clean_one_line(&b.created),
            clean_one_line(&b.episode),
            b.path.as_deref().map(clean_one_line).unwrap_or_default(),
        ];
        push_record(&mut out, fields.into_iter());
    }
    out
}

fn push_record(out: &mut String, fields: impl Iterator<Item = String>) {
    for (k, field) in fields.enumerate() {
        if k > 0 {
            out.push(',');
        }
        out.push_str(&csv_field(&field));
    }
    out.push_str("\r\n");
}

/// Each line cleaned, joined by `\n`: a multi-line quote stays one cell.
fn clean_lines(text: &str) -> String {
    text.lines()
        .map(clean_one_line)
        .collect::<Vec<_>>()
        .join("\n")
}

/// One cell: formula-safe, then quoted when it must be.
pub fn csv_field(text: &str) -> String {
    let safe = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if safe.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", safe.replace('"', "\"\""))
    } else {
        safe
    }
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn fields_are_quoted_as_rfc_4180_says() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field(""), "");
    }

    #[test]
    fn formulas_are_defused() {
        for cell in ["=1+1", "+1", "-2", "@SUM(A1)", "\tx"] {
            assert_eq!(csv_field(cell), format!("'{cell}"), "{cell:?}");
        }
        assert_eq!(
            csv_field("=HYPERLINK(\"x\",\"y\")"),
            "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\""
        );
        assert_eq!(csv_field("a=b"), "a=b");
    }
}
