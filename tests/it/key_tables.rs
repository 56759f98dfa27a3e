//! The key tables in README.md and docs/usage.md say what the keymap does:
//! each is the keymap's own section written as Markdown here, so a binding
//! changed in the code and not in the docs fails this test.

use std::path::Path;

use earmark::tui::key_docs::{self, KeyRow};
use earmark::tui::keymap::{ANYWHERE, BOOKMARKS, READING, SECTIONS, Section};

/// A section as the docs hold it: a `###` title and a table, single
/// characters in backticks, named keys as words.
fn markdown_section(section: &Section) -> String {
    let mut table = format!("### {}\n\n| key | action |\n|---|---|\n", section.title);
    for row in key_docs::rows(section) {
        table.push_str(&format!("| {} | {} |\n", markdown_keys(&row), row.does));
    }
    table
}

/// `j` ↓ / `k` ↑: each binding's keys, the bindings of a row apart.
fn markdown_keys(row: &KeyRow) -> String {
    let bindings: Vec<String> = row
        .keys
        .iter()
        .map(|keys| {
            let names: Vec<String> = keys.iter().map(|name| markdown_key(name)).collect();
            names.join(" ")
        })
        .collect();
    bindings.join(" / ")
}

/// One character in backticks; a named key (or a note's words) as is.
fn markdown_key(name: &str) -> String {
    if name.chars().count() == 1 && !matches!(name, "↑" | "↓") {
        format!("`{name}`")
    } else {
        name.to_string()
    }
}

fn markdown_sections(sections: &[&Section]) -> String {
    let tables: Vec<String> = sections.iter().map(|s| markdown_section(s)).collect();
    tables.join("\n")
}

fn read(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Asserts `doc` holds `block` verbatim, showing the block to paste if not.
fn assert_holds(doc_name: &str, doc: &str, block: &str) {
    assert!(
        doc.contains(block),
        "{doc_name} is out of date with src/tui/keymap.rs; it should hold:\n\n{block}"
    );
}

#[test]
fn the_readme_key_tables_are_the_readers_keymap() {
    let readme = read("README.md");
    let block = markdown_sections(&[&READING, &ANYWHERE]);
    assert_holds("README.md", &readme, &block);
}

#[test]
fn the_usage_key_tables_are_the_keymap() {
    let usage = read("docs/usage.md");
    assert_holds("docs/usage.md", &usage, &markdown_sections(&SECTIONS));
}

#[test]
fn a_table_row_names_the_keys_and_what_they_do() {
    // The check has teeth: a row changes with its binding.
    let reading = markdown_section(&READING);
    assert!(
        reading.contains("| `j` ↓ / `k` ↑ | a line down / up |\n"),
        "{reading}"
    );
    assert!(reading.contains("| `t` | go to a time:"), "{reading}");
    let bookmarks = markdown_section(&BOOKMARKS);
    assert!(
        bookmarks.contains("| Esc `'` `q` | close the list |\n"),
        "{bookmarks}"
    );
}
