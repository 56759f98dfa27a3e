//! The docs the project cites are in the project: every relative link in
//! the README and `docs/`, and every `docs/<name>.md` a source file or test
//! names, leads to a file of the repository (a clone has nothing else).

use std::fs;
use std::path::{Path, PathBuf};

use regex::Regex;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The Markdown files whose links are checked: README.md and docs/*.md.
fn markdown_files() -> Vec<PathBuf> {
    let mut files = vec![root().join("README.md"), root().join("BENCHMARKS.md")];
    for entry in fs::read_dir(root().join("docs")).expect("a docs folder") {
        let path = entry.expect("an entry").path();
        if path.extension().is_some_and(|e| e == "md") {
            files.push(path);
        }
    }
    files
}

/// Every `.rs` file below `dir`.
fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

#[test]
fn relative_links_in_the_docs_lead_to_files() {
    let link = Regex::new(r"\]\(([^)#\s]+)(#[^)]*)?\)").unwrap();
    let mut broken = Vec::new();
    for file in markdown_files() {
        let text = fs::read_to_string(&file).expect("readable");
        for target in link.captures_iter(&text).map(|c| c[1].to_string()) {
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let dir = file.parent().expect("a folder");
            if !dir.join(&target).exists() {
                broken.push(format!("{}: {target}", file.display()));
            }
        }
    }
    assert!(broken.is_empty(), "links to nothing: {broken:#?}");
}

#[test]
fn docs_cited_in_the_code_are_in_the_repository() {
    let cited = Regex::new(r"\b([A-Za-z_-]+/)?[A-Za-z_-]+\.md\b").unwrap();
    let mut files = Vec::new();
    for dir in ["src", "tests", "benches"] {
        rust_files(&root().join(dir), &mut files);
    }
    let mut missing = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).expect("readable");
        for line in text.lines().filter(|l| l.trim_start().starts_with("//")) {
            for name in cited.find_iter(line).map(|m| m.as_str()) {
                let known = root().join(name).exists() || root().join("docs").join(name).exists();
                if !known && name.chars().next().is_some_and(|c| c.is_ascii_uppercase()) {
                    missing.push(format!("{}: {name}", file.display()));
                }
                if name.starts_with("docs/") && !root().join(name).exists() {
                    missing.push(format!("{}: {name}", file.display()));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "cited but not in the repository: {missing:#?}"
    );
}
