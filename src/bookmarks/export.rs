//! Bookmarks for people and programs: the `bookmarks list` lines, a
//! Markdown document and a JSON array.

use serde::Serialize;
use serde_json::{Map, Value as Json};
use serde_yaml::Value as Yaml;

use super::Bookmark;
use crate::episode::text::clean_one_line;
use crate::episode::time::format_hms;

/// How much of a quote `bookmarks list` shows, in characters.
const EXCERPT_CHARS: usize = 80;

/// One line per bookmark for `earmark bookmarks list`:
/// `hh:mm:ss<TAB>speaker<TAB>quote excerpt<TAB>title<TAB>note`, `-` for a
/// missing field, and `hh:mm:ss–hh:mm:ss` for a timed range of segments.
/// Every field is cleaned to one line with no tabs or control characters,
/// since the file may have been edited by hand.
pub fn list_lines(bookmarks: &[Bookmark]) -> String {
    let mut out = String::new();
    for b in bookmarks {
        let fields = [
            list_time(b),
            or_dash(b.speaker.as_deref().unwrap_or("")),
            or_dash(&excerpt(&b.quote, EXCERPT_CHARS)),
            or_dash(&b.title),
            or_dash(&b.note),
        ];
        out.push_str(&fields.join("\t"));
        out.push('\n');
    }
    out
}

/// When a bookmark is: its start, its start and end for a timed range.
fn list_time(b: &Bookmark) -> String {
    match (b.start, b.end) {
        (Some(start), Some(end)) => format!("{}–{}", format_hms(start), format_hms(end)),
        (Some(start), None) => format_hms(start),
        (None, _) => "-".into(),
    }
}

fn or_dash(text: &str) -> String {
    let line = clean_one_line(text);
    if line.is_empty() { "-".into() } else { line }
}

/// The start of `text` on one line, at most `max` characters, with `…`
/// where it was cut.
fn excerpt(text: &str, max: usize) -> String {
    let line = clean_one_line(text);
    match line.char_indices().nth(max.saturating_sub(1)) {
        Some((cut, _)) if line.chars().count() > max => {
            format!("{}…", line[..cut].trim_end())
        }
        _ => line,
    }
}

/// A Markdown document for a notes app (Obsidian, Logseq): front matter
/// naming the sources, then one `## ` section per episode (in order of
/// first appearance), its quotes in time order (untimed ones last), each as
/// a blockquote followed by a line with the speaker, the time as a link to
/// that moment, and the note.
pub fn export_markdown(bookmarks: &[Bookmark]) -> String {
    let mut out = front_matter(bookmarks);
    out.push_str("# Bookmarks\n");
    for group in group_by_episode(bookmarks) {
        out.push_str(&format!("\n## {}\n", markdown_text(&heading(group[0]))));
        for b in group {
            out.push('\n');
            out.push_str(&blockquote(&b.quote));
            out.push_str(&attribution(b));
        }
    }
    out
}

/// `title`, `source` (each episode's URL, else its file, else its title)
/// and `tags`, written by the YAML library so any text is quoted right.
fn front_matter(bookmarks: &[Bookmark]) -> String {
    #[derive(Serialize)]
    struct Front {
        title: &'static str,
        source: Vec<String>,
        tags: [&'static str; 2],
    }
    let source = group_by_episode(bookmarks)
        .iter()
        .map(|group| clean_one_line(group[0].locator_or_url()))
        .collect();
    let front = Front {
        title: "Bookmarks",
        source,
        tags: ["earmark", "podcast"],
    };
    // Strings and a list of them: cannot fail.
    let yaml = serde_yaml::to_string(&front).unwrap_or_default();
    format!("---\n{yaml}---\n\n")
}

/// The episode's title, or its id for a hand-written bookmark without one.
fn heading(b: &Bookmark) -> String {
    let title = clean_one_line(&b.title);
    if title.is_empty() {
        clean_one_line(&b.episode)
    } else {
        title
    }
}

/// Bookmarks grouped by episode id, groups in order of first appearance,
/// each sorted by start (stable, so equal times keep file order).
fn group_by_episode(bookmarks: &[Bookmark]) -> Vec<Vec<&Bookmark>> {
    let mut groups: Vec<Vec<&Bookmark>> = Vec::new();
    for b in bookmarks {
        match groups.iter_mut().find(|g| g[0].episode == b.episode) {
            Some(group) => group.push(b),
            None => groups.push(vec![b]),
        }
    }
    for group in &mut groups {
        group.sort_by_key(|b| (b.start.is_none(), b.start));
    }
    groups
}

/// Every line of the quote prefixed with `> `, so a multi-line quote stays
/// one blockquote.
fn blockquote(quote: &str) -> String {
    let mut out = String::new();
    for line in quote.lines() {
        let line = markdown_text(&clean_one_line(line));
        if line.is_empty() {
            out.push_str(">\n");
        } else {
            out.push_str(&format!("> {line}\n"));
        }
    }
    if out.is_empty() {
        out.push_str(">\n");
    }
    out
}

/// `— Speaker · [00:29:09](<link>) · note`, leaving out what is missing
/// (and the whole line when nothing is there).
fn attribution(b: &Bookmark) -> String {
    let mut parts = Vec::new();
    if let Some(speaker) = b.speaker.as_deref().map(clean_one_line) {
        parts.push(markdown_text(&speaker));
    }
    let time = b.place_text();
    if b.url.is_some() {
        let text = time.as_deref().unwrap_or("link");
        parts.push(link(text, &clean_one_line(&b.deep_link())));
    } else {
        parts.extend(time);
        if b.path.is_some() {
            // What `Y` copies, and `earmark` opens: `path at 00:12:30`.
            parts.push(code_span(&clean_one_line(&b.deep_link())));
        }
    }
    let note = clean_one_line(&b.note);
    if !note.is_empty() {
        parts.push(format!("note: {}", markdown_text(&note)));
    }
    if parts.is_empty() {
        return String::new();
    }
    format!("\n— {}\n", parts.join(" · "))
}

/// One line of text that Markdown shows as it is: the ASCII punctuation
/// that can start emphasis, code, a link, HTML, an entity, a heading, a
/// table or a strikethrough is escaped with a backslash (which CommonMark
/// allows before any ASCII punctuation), and so is what would make the
/// line a list item, a rule or a heading underline (a leading `-`, `+` or
/// `=`, and `1. ` or `2) `).
fn markdown_text(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let bytes = line.as_bytes();
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    // `1.` and `2)` start a list only before a space or the line's end;
    // an escaped leading `-`, `+` or `=` shows the same in any case.
    let ends_marker = |at: usize| matches!(bytes.get(at), None | Some(b' ' | b'\t'));
    let list_marker = match bytes.get(digits) {
        Some(b'.' | b')') if digits > 0 && ends_marker(digits + 1) => Some(digits),
        Some(b'-' | b'+' | b'=') if digits == 0 => Some(0),
        _ => None,
    };
    for (at, c) in line.char_indices() {
        let special = matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '#' | '|' | '~'
        );
        if special || list_marker == Some(at) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A Markdown link to `url`, its destination in `<…>`, which may hold no
/// space, `<` or `>`: those are percent-encoded (a link from a hand-edited
/// file might).
fn link(text: &str, url: &str) -> String {
    let url = url
        .replace(' ', "%20")
        .replace('<', "%3C")
        .replace('>', "%3E");
    format!("[{}](<{url}>)", markdown_text(text))
}

/// Text as a Markdown code span, fenced by one backtick more than its
/// longest run of them, so a backtick in a path cannot end the span.
fn code_span(text: &str) -> String {
    let longest_run = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    // A space inside the fence lets the text start or end with a backtick.
    let pad = if longest_run > 0 { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// A pretty JSON array of the bookmarks, every field included (extras
/// too, after the known ones).
pub fn export_json(bookmarks: &[Bookmark]) -> String {
    let items: Vec<BookmarkJson> = bookmarks.iter().map(BookmarkJson::from).collect();
    // Only strings, numbers and maps of string keys are left: cannot fail.
    let mut text = serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".into());
    text.push('\n');
    text
}

/// A bookmark as JSON. Extras are converted by hand because a YAML key may
/// be something JSON has no key for (a list, null).
#[derive(Serialize)]
struct BookmarkJson<'a> {
    episode: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    transcript: Option<&'a str>,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    speaker: Option<&'a str>,
    start: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    segments: Option<u32>,
    quote: &'a str,
    note: &'a str,
    created: &'a str,
    #[serde(flatten)]
    extra: Map<String, Json>,
}

impl<'a> From<&'a Bookmark> for BookmarkJson<'a> {
    fn from(b: &'a Bookmark) -> Self {
        Self {
            episode: &b.episode,
            transcript: b.transcript.as_deref(),
            title: &b.title,
            path: b.path.as_deref(),
            url: b.url.as_deref(),
            speaker: b.speaker.as_deref(),
            start: b.start,
            end: b.end,
            segments: b.segments,
            quote: &b.quote,
            note: &b.note,
            created: &b.created,
            extra: mapping_to_json(&b.extra),
        }
    }
}

fn mapping_to_json(mapping: &serde_yaml::Mapping) -> Map<String, Json> {
    mapping
        .iter()
        .map(|(k, v)| (key_text(k), yaml_to_json(v)))
        .collect()
}

/// A YAML key as a JSON key: text as is, anything else in YAML's notation.
fn key_text(key: &Yaml) -> String {
    match key {
        Yaml::String(s) => s.clone(),
        other => serde_yaml::to_string(other)
            .map(|s| s.trim_end().to_string())
            .unwrap_or_default(),
    }
}

fn yaml_to_json(value: &Yaml) -> Json {
    match value {
        Yaml::Null => Json::Null,
        Yaml::Bool(b) => Json::Bool(*b),
        Yaml::Number(n) => number_to_json(n),
        Yaml::String(s) => Json::String(s.clone()),
        Yaml::Sequence(items) => Json::Array(items.iter().map(yaml_to_json).collect()),
        Yaml::Mapping(m) => Json::Object(mapping_to_json(m)),
        // JSON has no tags: keep the value they annotate.
        Yaml::Tagged(tagged) => yaml_to_json(&tagged.value),
    }
}

/// YAML numbers as JSON numbers; `.inf` and `.nan` have no JSON form and
/// become null.
fn number_to_json(n: &serde_yaml::Number) -> Json {
    crate::episode::front_matter::json_number(n).unwrap_or(Json::Null)
}
