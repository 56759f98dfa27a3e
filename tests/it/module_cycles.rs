//! No import circle between the crate's modules: a module may use its own
//! children and its ancestors, but two modules that are not nested must not
//! reach each other through `use crate::`/`super::` paths, directly or round a
//! longer loop. A circle means neither can be understood or moved alone.
//!
//! The check reads `src/**/*.rs` itself (std only), so it needs no tool that CI
//! might lack. Paths are resolved to the deepest module they name; names a module
//! re-exports with `pub use` are followed to the module that defines them.
//! Unit-test modules (`#[cfg(test)]`) are left out: a test may reach anywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// Module path (`["tui", "app"]`) to the source of its file.
type Sources = BTreeMap<Vec<String>, String>;

/// Uses between modules: (user, used).
type Edges = BTreeSet<(Vec<String>, Vec<String>)>;

fn collect(dir: &Path, prefix: &[String], out: &mut Sources) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            let mut child = prefix.to_vec();
            child.push(name);
            collect(&path, &child, out);
        } else if let Some(stem) = name.strip_suffix(".rs") {
            let mut module = prefix.to_vec();
            if !matches!(stem, "mod" | "lib" | "main") {
                module.push(stem.to_string());
            }
            // The binary is another crate; unit-test modules are not part
            // of the library's structure.
            if matches!(stem, "main" | "tests" | "test_support") {
                continue;
            }
            let text = fs::read_to_string(&path).expect("a source file");
            let text = without_test_modules(&strip_comments(&text));
            out.entry(module).or_default().push_str(&text);
        }
    }
}

/// The source without comments (line comments and doc comments), so paths
/// mentioned in prose are not counted.
fn strip_comments(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Expands a use tree starting at `text` (just after `crate::` or `super::`)
/// into full paths; returns them and where the tree ended.
fn use_tree(text: &str, base: Vec<String>) -> (Vec<Vec<String>>, usize) {
    let mut path = base;
    let mut at = 0;
    // A path or use tree ends by the next `;` at the latest.
    let bytes: Vec<char> = text.chars().take_while(|&c| c != ';').collect();
    loop {
        while at < bytes.len() && bytes[at].is_whitespace() {
            at += 1;
        }
        if at < bytes.len() && bytes[at] == '{' {
            at += 1;
            let mut all = Vec::new();
            loop {
                while at < bytes.len() && (bytes[at].is_whitespace() || bytes[at] == ',') {
                    at += 1;
                }
                if at >= bytes.len() || bytes[at] == '}' {
                    return (all, at + 1);
                }
                let rest: String = bytes[at..].iter().collect();
                let (paths, used) = use_tree(&rest, path.clone());
                all.extend(paths);
                at += used.max(1);
            }
        }
        let start = at;
        while at < bytes.len() && is_ident(bytes[at]) {
            at += 1;
        }
        let ident: String = bytes[start..at].iter().collect();
        if !ident.is_empty() && ident != "self" {
            path.push(ident);
        }
        if at + 1 < bytes.len() && bytes[at] == ':' && bytes[at + 1] == ':' {
            at += 2;
            continue;
        }
        return (vec![path], at);
    }
}

/// The source with each `#[cfg(test)] mod name { ... }` block removed: a
/// test may reach anywhere without making the library circular.
fn without_test_modules(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let Some(open) = after.find(['{', ';']) else {
            return out;
        };
        if after.as_bytes()[open] == b';' {
            rest = &after[open + 1..];
            continue;
        }
        let mut depth = 0usize;
        let mut end = after.len();
        for (i, c) in after[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// Every crate path the module's source names.
fn referenced(module: &[String], text: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices("::") {
        let before = &text[..at];
        let word_start = before
            .char_indices()
            .rev()
            .find(|&(_, c)| !is_ident(c))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let word = &before[word_start..];
        let preceded_by_path = before[..word_start].ends_with("::");
        if preceded_by_path {
            continue;
        }
        let base = match word {
            "crate" => Vec::new(),
            "super" => module[..module.len().saturating_sub(1)].to_vec(),
            _ => continue,
        };
        let (paths, _) = use_tree(&text[at + 2..], base);
        found.extend(paths);
    }
    found
}

/// Names each module re-exports (`pub use a::B`), to the full path they stand for.
fn re_exports(sources: &Sources) -> BTreeMap<Vec<String>, Vec<String>> {
    let mut map = BTreeMap::new();
    for (module, text) in sources {
        for (at, _) in text.match_indices("pub use ") {
            let rest = &text[at + "pub use ".len()..];
            let (base, rest) = if let Some(r) = rest.strip_prefix("crate::") {
                (Vec::new(), r)
            } else if let Some(r) = rest.strip_prefix("super::") {
                (module[..module.len().saturating_sub(1)].to_vec(), r)
            } else {
                (module.clone(), rest)
            };
            for target in use_tree(rest, base).0 {
                if let Some(name) = target.last() {
                    let mut alias = module.clone();
                    alias.push(name.clone());
                    map.insert(alias, target);
                }
            }
        }
    }
    map
}

/// The deepest module a path names, after following re-exports.
fn owner(
    path: &[String],
    sources: &Sources,
    aliases: &BTreeMap<Vec<String>, Vec<String>>,
) -> Vec<String> {
    let mut path = path.to_vec();
    for _ in 0..8 {
        let Some(target) = (1..=path.len())
            .rev()
            .find_map(|n| aliases.get(&path[..n]).map(|t| (n, t)))
        else {
            break;
        };
        let (n, target) = target;
        let mut next = target.clone();
        next.extend_from_slice(&path[n..]);
        if next == path {
            break;
        }
        path = next;
    }
    (0..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|m| sources.contains_key(m))
        .unwrap_or_default()
}

/// Edges between sibling modules: `a::x -> b::y` counts as `a -> b` under their
/// closest common parent; uses of an ancestor or descendant are not edges.
fn sibling_edges(sources: &Sources) -> Edges {
    let aliases = re_exports(sources);
    let mut edges = BTreeSet::new();
    for (module, text) in sources {
        for path in referenced(module, text) {
            let target = owner(&path, sources, &aliases);
            let common = module
                .iter()
                .zip(&target)
                .take_while(|(a, b)| a == b)
                .count();
            if common == module.len() || common == target.len() {
                continue;
            }
            edges.insert((module[..=common].to_vec(), target[..=common].to_vec()));
        }
    }
    edges
}

/// Groups of modules that each reach the others: the circles.
fn cycles(edges: &Edges) -> Vec<Vec<String>> {
    let mut nodes: BTreeSet<&Vec<String>> = BTreeSet::new();
    for (a, b) in edges {
        nodes.insert(a);
        nodes.insert(b);
    }
    let index: BTreeMap<&Vec<String>, usize> =
        nodes.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let names: Vec<String> = nodes.iter().map(|n| n.join("::")).collect();
    let mut next: Vec<Vec<usize>> = vec![Vec::new(); names.len()];
    for (a, b) in edges {
        next[index[a]].push(index[b]);
    }
    let mut groups = Vec::new();
    // Reachability closure is enough at this size (a few hundred modules).
    let reach: Vec<BTreeSet<usize>> = (0..names.len())
        .map(|start| {
            let mut seen = BTreeSet::new();
            let mut stack = vec![start];
            while let Some(n) = stack.pop() {
                for &m in &next[n] {
                    if seen.insert(m) {
                        stack.push(m);
                    }
                }
            }
            seen
        })
        .collect();
    let mut placed = BTreeSet::new();
    for a in 0..names.len() {
        if placed.contains(&a) || !reach[a].contains(&a) {
            continue;
        }
        let group: Vec<usize> = (0..names.len())
            .filter(|&b| reach[a].contains(&b) && reach[b].contains(&a))
            .collect();
        placed.extend(group.iter().copied());
        groups.push(group.iter().map(|&i| names[i].clone()).collect());
    }
    groups
}

fn crate_cycles() -> (Vec<String>, Edges) {
    let mut sources = Sources::new();
    collect(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &[],
        &mut sources,
    );
    assert!(sources.len() > 20, "src/ was not found");
    let edges = sibling_edges(&sources);
    let found = cycles(&edges)
        .into_iter()
        .map(|g| g.join(" <-> "))
        .collect();
    (found, edges)
}

#[test]
fn no_import_circle_between_modules() {
    let (found, edges) = crate_cycles();
    if !found.is_empty() {
        let listing: Vec<String> = (edges.iter())
            .map(|(a, b)| format!("{} -> {}", a.join("::"), b.join("::")))
            .collect();
        panic!("import circles: {found:?}\nedges:\n{}", listing.join("\n"));
    }
}

#[test]
fn the_check_sees_a_circle() {
    let module = |m: &str| m.split("::").map(String::from).collect::<Vec<_>>();
    let mut sources = Sources::new();
    sources.insert(module("a"), "use crate::b::thing;".into());
    sources.insert(module("b"), "pub fn f() { crate::c::g() }".into());
    sources.insert(module("c"), "use super::{a::{self, x}};".into());
    sources.insert(module("c::inner"), "use crate::a::y;".into());
    sources.insert(module("d"), "use crate::a::y;".into());
    let found = cycles(&sibling_edges(&sources));
    assert_eq!(found, vec![vec!["a".to_string(), "b".into(), "c".into()]]);
}

#[test]
fn test_modules_and_comments_are_not_dependencies() {
    let text = "// use crate::b;\nuse crate::c;\n#[cfg(test)]\nmod tests {\n    use crate::b::x;\n    fn f() { if true { } }\n}\nuse crate::d;\n";
    let kept = without_test_modules(&strip_comments(text));
    let found = referenced(&["a".to_string()], &kept);
    assert_eq!(found, vec![vec!["c".to_string()], vec!["d".to_string()]]);
}
