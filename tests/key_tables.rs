//! The key tables in README.md and docs/usage.md say what the keymap does:
//! each is the keymap's own section written as Markdown, so a binding
//! changed in the code and not in the docs fails here.

use std::path::Path;

use earmark::tui::key_docs::{USAGE_SECTIONS, markdown_sections, markdown_table};
use earmark::tui::keymap::{ANYWHERE, READING};

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
    let block = markdown_sections(USAGE_SECTIONS);
    assert_holds("docs/usage.md", &usage, &block);
}

#[test]
fn a_table_row_changes_when_a_binding_does() {
    // The check has teeth: the reader's table names its keys and words.
    let table = markdown_table(&READING);
    assert!(
        table.contains("| `j` ↓ / `k` ↑ | a line down / up |\n"),
        "{table}"
    );
    assert!(table.contains("| `t` | go to a time:"), "{table}");
    assert_ne!(table, markdown_table(USAGE_SECTIONS[1]));
}
