//! An owned file as a document: a mapping of top-level keys, one of which
//! holds the entries (a list for bookmarks, a mapping for positions).
//!
//! Entries are kept one by one, so that one bad entry costs only itself:
//! the store decodes what it can, and what it cannot is written back as it
//! was. When the YAML as a whole does not parse (a duplicate key inside
//! one entry, say), the entries' block is cut into entries by indentation
//! and each is parsed alone; one that still fails is kept as its text.

use serde::Serialize;
use serde_yaml::{Mapping, Value};

/// Where a store keeps its entries, and which version it writes.
#[derive(Debug, Clone, Copy)]
pub struct StoreShape {
    /// The top-level key holding the entries.
    pub key: &'static str,
    /// A list (`- …` items) or a mapping (`name: …` items).
    pub list: bool,
    /// The only version this earmark writes.
    pub version: u64,
}

/// One entry: parsed YAML (a list item, or a one-key mapping for a mapping
/// of entries), or text that did not parse, kept to be written back.
#[derive(Debug, Clone, PartialEq)]
pub enum StoreItem {
    /// Parsed: a list item's value, or a one-key mapping.
    Value(Value),
    /// Dedented so a list item starts with `-` in column 0 and a mapping
    /// item with its key in column 0.
    Raw(String),
}

/// The whole file.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The top-level keys other than the entries', in file order
    /// (`version` among them, when the file has one).
    pub head: Mapping,
    pub items: Vec<StoreItem>,
    /// Why the file cannot be written back, besides its version (the
    /// entries' key holds neither a list nor a mapping).
    problem: Option<String>,
}

impl Document {
    /// A file with no entries.
    pub fn empty() -> Self {
        Self {
            head: Mapping::new(),
            items: Vec::new(),
            problem: None,
        }
    }

    /// Parses a file's bytes; the error (not YAML, not a mapping) is a
    /// one-line reason. An empty file is an empty document.
    pub fn parse(bytes: &[u8], shape: &StoreShape) -> Result<Self, String> {
        let text = std::str::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_string())?;
        match serde_yaml::from_str::<Value>(text) {
            Ok(Value::Null) => Ok(Self::empty()),
            Ok(Value::Mapping(map)) => Ok(Self::from_mapping(map, shape)),
            Ok(_) => Err("not a YAML mapping".into()),
            Err(error) => salvage(text, shape).ok_or_else(|| match error.location() {
                Some(at) => format!("not YAML at line {}, column {}", at.line(), at.column()),
                None => "not YAML".into(),
            }),
        }
    }

    fn from_mapping(mut head: Mapping, shape: &StoreShape) -> Self {
        let mut doc = Self::empty();
        match head.shift_remove(shape.key) {
            None | Some(Value::Null) => {}
            Some(Value::Sequence(items)) if shape.list => {
                doc.items = items.into_iter().map(StoreItem::Value).collect();
            }
            Some(Value::Mapping(entries)) if !shape.list => {
                doc.items = entries
                    .into_iter()
                    .map(|(k, v)| StoreItem::Value(Value::Mapping(Mapping::from_iter([(k, v)]))))
                    .collect();
            }
            Some(other) => {
                let expected = if shape.list { "a list" } else { "a mapping" };
                doc.problem = Some(format!("{}: expected {expected}", shape.key));
                head.insert(shape.key.into(), other);
            }
        }
        doc.head = head;
        doc
    }

    /// Why this earmark must not write the file back: a version it does
    /// not know (a newer earmark's), or entries of the wrong shape.
    pub fn version_problem(&self, shape: &StoreShape) -> Option<String> {
        if let Some(problem) = &self.problem {
            return Some(problem.clone());
        }
        match self.head.get("version") {
            None => None,
            Some(v) if v.as_u64() == Some(shape.version) => None,
            Some(v) => match v.as_u64() {
                Some(n) if n > shape.version => Some(format!("version {n}, from a newer earmark")),
                _ => {
                    let text = one_line(&serde_yaml::to_string(v).unwrap_or_default());
                    let short: String = text.chars().take(12).collect();
                    Some(format!("version {short} is unknown here"))
                }
            },
        }
    }

    /// The document as YAML: `version`, the entries, then the other keys.
    pub fn to_yaml(&self, shape: &StoreShape) -> String {
        let mut out = header(shape, self.items.is_empty());
        write_items(&mut out, &self.items, shape.list);
        self.push_rest(&mut out);
        out
    }

    /// The document of a list `shape` as YAML, with `entries` in place of
    /// its items: a typed entry is serialized as it is (no YAML values are
    /// built for it first: a file may hold 100,000), a kept item as it was.
    pub fn list_to_yaml<T: Serialize>(
        &self,
        shape: &StoreShape,
        entries: &[ListEntry<'_, T>],
    ) -> String {
        let mut out = header(shape, entries.is_empty());
        let mut run: Vec<&T> = Vec::new();
        for entry in entries {
            match entry {
                ListEntry::Typed(value) => run.push(value),
                ListEntry::Kept(item) => {
                    push_run(&mut out, &mut run);
                    write_items(&mut out, std::slice::from_ref(*item), true);
                }
            }
        }
        push_run(&mut out, &mut run);
        self.push_rest(&mut out);
        out
    }

    /// The top-level keys other than `version` and the entries'.
    fn push_rest(&self, out: &mut String) {
        let mut rest = self.head.clone();
        rest.shift_remove("version");
        if !rest.is_empty() {
            out.push_str(&yaml(&Value::Mapping(rest)));
        }
    }
}

/// One entry of a list for [`Document::list_to_yaml`].
#[derive(Debug)]
pub enum ListEntry<'a, T> {
    /// Serialized as it is.
    Typed(&'a T),
    /// Written back as it was read.
    Kept(&'a StoreItem),
}

/// `version: N` and the entries' key, with `[]` / `{}` when there are none.
fn header(shape: &StoreShape, empty: bool) -> String {
    let none = if shape.list { " []" } else { " {}" };
    let after_key = if empty { none } else { "" };
    format!("version: {}\n{}:{after_key}\n", shape.version, shape.key)
}

/// Writes a run of typed list entries with one serializer, and empties it.
fn push_run<T: Serialize>(out: &mut String, run: &mut Vec<&T>) {
    if !run.is_empty() {
        // Bookmarks hold only text, numbers and YAML values: cannot fail.
        out.push_str(&serde_yaml::to_string(&*run).unwrap_or_default());
        run.clear();
    }
}

/// Writes items in order; runs of parsed ones are serialized together
/// (one serializer per run, not per entry: a file may hold 100,000).
fn write_items(out: &mut String, items: &[StoreItem], list: bool) {
    let indent = if list { "" } else { "  " };
    let mut run: Vec<&Value> = Vec::new();
    let flush = |out: &mut String, run: &mut Vec<&Value>| {
        if run.is_empty() {
            return;
        }
        let values = std::mem::take(run);
        let text = if list {
            serde_yaml::to_string(&values).unwrap_or_default()
        } else {
            let merged: Mapping = values
                .into_iter()
                .filter_map(Value::as_mapping)
                .flat_map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())))
                .collect();
            yaml(&Value::Mapping(merged))
        };
        push_indented(out, &text, indent);
    };
    for item in items {
        match item {
            StoreItem::Value(value) => run.push(value),
            StoreItem::Raw(text) => {
                flush(out, &mut run);
                push_indented(out, text, indent);
                if !text.ends_with('\n') {
                    out.push('\n');
                }
            }
        }
    }
    flush(out, &mut run);
}

fn yaml(value: &Value) -> String {
    // Serializing a Value cannot fail: its keys are YAML values already.
    serde_yaml::to_string(value).unwrap_or_default()
}

/// Appends `text` with `indent` before each non-empty line.
fn push_indented(out: &mut String, text: &str, indent: &str) {
    for line in text.split_inclusive('\n') {
        if line.trim().is_empty() {
            out.push_str(line.trim_start_matches([' ', '\t']));
        } else {
            out.push_str(indent);
            out.push_str(line);
        }
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The file as a document when only some of its entries are broken: the
/// entries' block is cut at its items' indentation and each item parsed
/// alone. `None` when the fault is elsewhere, or nothing is recognisable.
fn salvage(text: &str, shape: &StoreShape) -> Option<Document> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let start = lines.iter().position(|l| opens_block(l, shape.key))?;
    let end = start
        + 1
        + lines[start + 1..]
            .iter()
            .position(|l| ends_block(l, shape.list))
            .unwrap_or(lines.len() - start - 1);
    let head_text: String = lines[..start].concat() + &lines[end..].concat();
    let head = match serde_yaml::from_str::<Value>(&head_text).ok()? {
        Value::Null => Mapping::new(),
        Value::Mapping(map) => map,
        _ => return None,
    };
    let items = split_items(&lines[start + 1..end], shape);
    items
        .iter()
        .any(|i| matches!(i, StoreItem::Raw(_)))
        .then_some(Document {
            head,
            items,
            problem: None,
        })
}

fn is_content(line: &str) -> bool {
    let trimmed = line.trim_start();
    !trimmed.is_empty() && !trimmed.starts_with('#')
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// `key:` in column 0 with nothing but a comment after it.
fn opens_block(line: &str, key: &str) -> bool {
    line.strip_prefix(key)
        .and_then(|rest| rest.strip_prefix(':'))
        .is_some_and(|rest| {
            let rest = rest.trim();
            rest.is_empty() || rest.starts_with('#')
        })
}

/// A line in column 0 that is another top-level key (a list's items may
/// sit in column 0 too).
fn ends_block(line: &str, list: bool) -> bool {
    is_content(line) && indent_of(line) == 0 && !(list && line.starts_with('-'))
}

/// Cuts the block into items at the first item's indentation and parses
/// each alone. In a mapping, a key seen before is kept as text (YAML
/// forbids it, and taking either would drop the other).
fn split_items(block: &[&str], shape: &StoreShape) -> Vec<StoreItem> {
    let Some(indent) = block.iter().find(|l| is_content(l)).map(|l| indent_of(l)) else {
        return Vec::new();
    };
    let mut texts: Vec<String> = Vec::new();
    for line in block {
        let dedented = &line[indent_of(line).min(indent)..];
        if is_content(line) && indent_of(line) == indent {
            texts.push(String::new());
        }
        if let Some(current) = texts.last_mut() {
            current.push_str(dedented);
        }
    }
    let mut seen = std::collections::HashSet::new();
    texts
        .into_iter()
        .map(|text| match parse_item(&text, shape.list) {
            Some(Value::Mapping(m)) if !shape.list => {
                let fresh = m.keys().all(|k| seen.insert(k.clone()));
                if fresh {
                    StoreItem::Value(Value::Mapping(m))
                } else {
                    StoreItem::Raw(text)
                }
            }
            Some(value) => StoreItem::Value(value),
            None => StoreItem::Raw(text),
        })
        .collect()
}

/// One item's text as a list item's value, or a one-key mapping.
fn parse_item(text: &str, list: bool) -> Option<Value> {
    match serde_yaml::from_str::<Value>(text).ok()? {
        Value::Sequence(mut items) if list && items.len() == 1 => items.pop(),
        Value::Mapping(map) if !list && map.len() == 1 => Some(Value::Mapping(map)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: StoreShape = StoreShape {
        key: "bookmarks",
        list: true,
        version: 1,
    };
    const MAP: StoreShape = StoreShape {
        key: "positions",
        list: false,
        version: 1,
    };

    #[test]
    fn a_duplicate_key_in_one_list_item_costs_only_that_item() {
        let text = "version: 1\ntheme: dark\nbookmarks:\n- a: 1\n  b: 2\n- a: 3\n  a: 4\n- a: 5\n";
        let doc = Document::parse(text.as_bytes(), &LIST).unwrap();
        assert_eq!(doc.items.len(), 3);
        assert_eq!(
            doc.items[2],
            StoreItem::Value(serde_yaml::from_str("a: 5").unwrap())
        );
        assert_eq!(doc.items[1], StoreItem::Raw("- a: 3\n  a: 4\n".into()));
        let written = doc.to_yaml(&LIST);
        assert_eq!(Document::parse(written.as_bytes(), &LIST).unwrap(), doc);
        assert!(written.contains("theme: dark"), "{written}");
    }

    #[test]
    fn a_duplicate_key_in_a_mapping_of_entries_keeps_both() {
        let text = "version: 1\npositions:\n  x:\n    segment: 1\n  x:\n    segment: 2\n  y: {segment: 3}\n";
        let doc = Document::parse(text.as_bytes(), &MAP).unwrap();
        assert_eq!(doc.items.len(), 3);
        assert_eq!(doc.items[1], StoreItem::Raw("x:\n  segment: 2\n".into()));
        let written = doc.to_yaml(&MAP);
        assert!(written.contains("  x:\n    segment: 2\n"), "{written}");
        assert_eq!(Document::parse(written.as_bytes(), &MAP).unwrap(), doc);
    }

    #[test]
    fn what_is_not_yaml_or_not_a_mapping_is_an_error() {
        for bad in ["[unclosed", "just text", "- a\n- b\n", "bookmarks: [\n"] {
            assert!(Document::parse(bad.as_bytes(), &LIST).is_err(), "{bad}");
        }
        assert!(Document::parse(b"\xff\xfe", &LIST).is_err());
        assert_eq!(Document::parse(b"  \n", &LIST).unwrap(), Document::empty());
    }

    #[test]
    fn versions_and_shapes_it_cannot_write() {
        let problem = |text: &str| {
            Document::parse(text.as_bytes(), &LIST)
                .unwrap()
                .version_problem(&LIST)
        };
        assert_eq!(problem("version: 1\nbookmarks: []\n"), None);
        assert_eq!(problem("bookmarks: []\n"), None);
        assert_eq!(
            problem("version: 2\n").unwrap(),
            "version 2, from a newer earmark"
        );
        assert_eq!(
            problem("version: x\n").unwrap(),
            "version x is unknown here"
        );
        assert!(
            problem("bookmarks: 7\n")
                .unwrap()
                .contains("expected a list")
        );
    }
}
