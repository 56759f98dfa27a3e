//! Each type name in `src/` means one thing: no struct, enum, trait, union or
//! type alias is declared under the same name in two places. Two `Entry`s or
//! two `Context`s make a reader stop to work out which one a line means, and
//! a search for the name finds both.
//!
//! The check reads `src/**/*.rs` itself (std only). A type alias counts when
//! it is declared at the top of a file; an indented `type Item = ...` is an
//! associated type of an impl (`Iterator::Item`), which is not a new name.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Every `.rs` file below `dir`, in a stable order.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The line without its visibility (`pub`, `pub(crate)`, `pub(in path)`).
fn without_visibility(line: &str) -> &str {
    let Some(rest) = line.strip_prefix("pub") else {
        return line;
    };
    let rest = match rest.strip_prefix('(') {
        Some(inner) => inner.split_once(')').map_or("", |(_, after)| after),
        None => rest,
    };
    // `pub` must be a whole word: `publish()` is not a visibility.
    if rest.starts_with(char::is_whitespace) {
        rest.trim_start()
    } else {
        line
    }
}

/// The type name a line declares, if it declares one.
fn declared_name(line: &str) -> Option<&str> {
    let indented = line.starts_with(char::is_whitespace);
    let item = without_visibility(line.trim_start());
    let item = item.strip_prefix("unsafe ").unwrap_or(item);
    let (keyword, rest) = item.split_once(' ')?;
    let counts = match keyword {
        "struct" | "enum" | "trait" | "union" => true,
        "type" => !indented,
        _ => false,
    };
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    let name = &rest[..end];
    (counts && name.starts_with(|c: char| c.is_ascii_uppercase())).then_some(name)
}

/// Names declared more than once across `files` (name, text), each with the
/// places (`file:line`) that declare it.
fn declared_twice(files: &[(String, String)]) -> BTreeMap<String, Vec<String>> {
    let mut places: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (file, text) in files {
        for (index, line) in text.lines().enumerate() {
            if let Some(name) = declared_name(line) {
                places
                    .entry(name.to_string())
                    .or_default()
                    .push(format!("{file}:{}", index + 1));
            }
        }
    }
    places.retain(|_, at| at.len() > 1);
    places
}

#[test]
fn no_type_name_is_declared_twice_in_src() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    rust_files(&root.join("src"), &mut paths);
    assert!(
        paths.len() > 50,
        "src/ should hold the crate's files, found {}",
        paths.len()
    );
    let files: Vec<(String, String)> = paths
        .iter()
        .map(|path| {
            let shown = path
                .strip_prefix(root)
                .unwrap_or(path)
                .display()
                .to_string();
            let text = fs::read_to_string(path).expect("a readable source file");
            (shown, text)
        })
        .collect();
    let twice = declared_twice(&files);
    let listed: Vec<String> = twice
        .iter()
        .map(|(name, at)| format!("{name}: {}", at.join(", ")))
        .collect();
    assert!(
        twice.is_empty(),
        "type names declared in more than one place (give each a name that says what it is):\n{}",
        listed.join("\n")
    );
}

#[test]
fn the_scan_sees_each_kind_of_declaration() {
    let text = "\
pub struct Entry {
pub(super) enum Found {
pub(crate) trait Report: Fn() {}
pub(in crate::tui) struct Scoped<'a> {
type Found = (usize, u32);
unsafe trait Raw {}
    struct Nested;
";
    let names: Vec<&str> = text.lines().filter_map(declared_name).collect();
    assert_eq!(
        names,
        [
            "Entry", "Found", "Report", "Scoped", "Found", "Raw", "Nested"
        ]
    );
}

#[test]
fn the_scan_leaves_associated_types_comments_and_lookalikes_alone() {
    let text = "\
impl Iterator for Tokens<'_> {
    type Item = Token;
/// struct Entry in a doc comment
// enum Found in a comment
let publish = struct_size;
pub fn structure() {}
";
    let names: Vec<&str> = text.lines().filter_map(declared_name).collect();
    assert!(names.is_empty(), "nothing is declared here, got {names:?}");
}

#[test]
fn a_name_in_two_files_is_reported_with_both_places() {
    let files = [
        (
            "a.rs".to_string(),
            "struct Item;\npub enum Kind {}\n".to_string(),
        ),
        (
            "b.rs".to_string(),
            "\n\npub struct Item<'a> {}\n".to_string(),
        ),
    ];
    let twice = declared_twice(&files);
    assert_eq!(twice.len(), 1);
    assert_eq!(twice["Item"], ["a.rs:1", "b.rs:3"]);
}
