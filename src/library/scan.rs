//! Finds transcript files below the paths a user names.
//!
//! Directories are walked recursively; transcript files (`.md`,
//! `.markdown`, `.txt`, `.vtt`, `.srt`, `.json`, `.html`, `.htm`, `.ttml`,
//! `.xml`, `.tsv`, any case) are candidates; hidden files and folders are left out, as `rg`
//! and `fd` do. Symbolic links are followed, and each directory is entered
//! once (by its canonical path), so a link back up the tree ends the walk
//! instead of looping. A path named explicitly is taken as it is.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use crate::episode::Reason;

/// File name endings that mark a transcript inside a directory.
const EXTENSIONS: [&str; 11] = [
    "md", "markdown", "txt", "vtt", "srt", "json", "html", "htm", "ttml", "xml", "tsv",
];

/// What a scan found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Scan {
    /// Candidate files, sorted by path, each once.
    pub files: Vec<PathBuf>,
    /// Files and folders found below a directory that could not be read.
    pub skipped: Vec<Skipped>,
    /// Paths named explicitly that do not exist or cannot be read.
    pub errors: Vec<Skipped>,
}

/// A path left out of the scan, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    /// One line, e.g. `permission denied`.
    pub reason: String,
}

impl Skipped {
    fn new(path: &Path, error: std::io::Error) -> Self {
        Skipped {
            path: path.to_path_buf(),
            reason: Reason::from(error).to_string(),
        }
    }
}

/// Walks `paths`: a file is a candidate whatever its name; a directory
/// contributes its transcript files at any depth.
pub fn scan(paths: &[PathBuf]) -> Scan {
    let mut walk = Walk::default();
    for path in paths {
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk.directory(path, true),
            Ok(_) => walk.scan.files.push(path.clone()),
            Err(error) => walk.scan.errors.push(Skipped::new(path, error)),
        }
    }
    let mut scan = walk.scan;
    scan.files.sort();
    scan.files.dedup();
    scan.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    scan
}

/// The state of one scan: what was found and which directories were entered.
#[derive(Default)]
struct Walk {
    scan: Scan,
    /// Canonical paths of the directories entered so far.
    visited: HashSet<PathBuf>,
}

impl Walk {
    /// Walks the tree below `root` without recursion, so a deep tree cannot
    /// overflow the stack.
    fn directory(&mut self, root: &Path, explicit: bool) {
        let mut pending = vec![(root.to_path_buf(), explicit)];
        while let Some((dir, explicit)) = pending.pop() {
            if !self.first_visit(&dir, explicit) {
                continue;
            }
            let entries = match fs::read_dir(&dir) {
                Ok(entries) => entries,
                Err(error) => {
                    self.unreadable(Skipped::new(&dir, error), explicit);
                    continue;
                }
            };
            for entry in entries {
                match entry {
                    Ok(entry) => {
                        if let Some(subdir) = self.entry(&entry) {
                            pending.push((subdir, false));
                        }
                    }
                    Err(error) => self.scan.skipped.push(Skipped::new(&dir, error)),
                }
            }
        }
    }

    /// Marks `dir` as entered; false when it was entered before (a symlink
    /// loop, or two links to one folder).
    fn first_visit(&mut self, dir: &Path, explicit: bool) -> bool {
        match fs::canonicalize(dir) {
            Ok(canonical) => self.visited.insert(canonical),
            Err(error) => {
                self.unreadable(Skipped::new(dir, error), explicit);
                false
            }
        }
    }

    fn unreadable(&mut self, skipped: Skipped, explicit: bool) {
        if explicit {
            self.scan.errors.push(skipped);
        } else {
            self.scan.skipped.push(skipped);
        }
    }

    /// Takes in one directory entry: a candidate file is recorded, a folder
    /// is returned to be walked.
    fn entry(&mut self, entry: &fs::DirEntry) -> Option<PathBuf> {
        if is_hidden(&entry.file_name()) {
            return None;
        }
        let path = entry.path();
        let file_type = match entry.file_type() {
            // Only a link needs a second look to see what it points at.
            Ok(t) if t.is_symlink() => fs::metadata(&path).map(|m| m.file_type()),
            other => other,
        };
        match file_type {
            Ok(t) if t.is_dir() => return Some(path),
            Ok(t) if t.is_file() && has_transcript_extension(&path) => {
                self.scan.files.push(path);
            }
            Ok(_) => {}
            Err(error) => self.scan.skipped.push(Skipped::new(&path, error)),
        }
        None
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

fn has_transcript_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;
    use tempfile::TempDir;

    fn touch(root: &Path, relative: &str) -> PathBuf {
        let path = root.join(relative);
        fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        fs::write(&path, "x").expect("write");
        path
    }

    fn names(root: &Path, scan: &Scan) -> Vec<String> {
        scan.files
            .iter()
            .map(|p| {
                p.strip_prefix(root)
                    .expect("below root")
                    .display()
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn walks_nested_folders_sorted_and_keeps_transcript_names_only() {
        let dir = TempDir::new().expect("tempdir");
        let root = dir.path();
        for name in [
            "b.md",
            "a/z.TXT",
            "a/deep/er/y.Markdown",
            "a/notes.pdf",
            "c.mdx",
            "README",
            "a.md",
            "cues/ep.vtt",
            "cues/ep.SRT",
            "cues/ep.json",
            "cues/ep.htm",
            "cues/ep.tsv",
            "cues/ep.ttml",
            "cues/ep.xml",
            "cues/ep.html",
            "cues/ep.mp3",
        ] {
            touch(root, name);
        }
        let scan = scan(&[root.to_path_buf()]);
        assert_eq!(
            names(root, &scan),
            [
                "a/deep/er/y.Markdown",
                "a/z.TXT",
                "a.md",
                "b.md",
                "cues/ep.SRT",
                "cues/ep.htm",
                "cues/ep.html",
                "cues/ep.json",
                "cues/ep.tsv",
                "cues/ep.ttml",
                "cues/ep.vtt",
                "cues/ep.xml",
            ]
        );
        assert!(scan.skipped.is_empty() && scan.errors.is_empty());
    }

    #[test]
    fn hidden_files_and_folders_are_left_out() {
        let dir = TempDir::new().expect("tempdir");
        let root = dir.path();
        for name in [".hidden.md", ".git/x.md", "a/.cache/y.md", "a/seen.md"] {
            touch(root, name);
        }
        let scan = scan(&[root.to_path_buf()]);
        assert_eq!(names(root, &scan), ["a/seen.md"]);
        // Named explicitly, a hidden folder or file is searched.
        let explicit = [root.join(".git"), root.join(".hidden.md")];
        assert_eq!(
            names(root, &super::scan(&explicit)),
            [".git/x.md", ".hidden.md"]
        );
    }

    #[test]
    fn explicit_files_are_candidates_whatever_their_name() {
        let dir = TempDir::new().expect("tempdir");
        let file = touch(dir.path(), "notes.pdf");
        let scan = scan(&[file.clone(), file.clone()]);
        assert_eq!(scan.files, [file]);
    }

    #[test]
    fn missing_explicit_paths_are_errors() {
        let dir = TempDir::new().expect("tempdir");
        let missing = dir.path().join("nope");
        let scan = scan(std::slice::from_ref(&missing));
        assert!(scan.files.is_empty());
        assert_eq!(
            scan.errors,
            [Skipped {
                path: missing,
                reason: "no such file or directory".into()
            }]
        );
    }

    #[test]
    fn symlink_loops_end_and_links_are_followed() {
        let dir = TempDir::new().expect("tempdir");
        let root = dir.path();
        touch(root, "a/b/one.md");
        let outside = TempDir::new().expect("tempdir");
        touch(outside.path(), "two.md");
        symlink(root.join("a"), root.join("a/b/loop")).expect("symlink");
        symlink(root, root.join("a/b/to_root")).expect("symlink");
        symlink(outside.path(), root.join("a/linked")).expect("symlink");
        symlink(root.join("a/b/one.md"), root.join("alias.md")).expect("symlink");
        symlink(root.join("gone.md"), root.join("broken.md")).expect("symlink");
        let scan = scan(&[root.to_path_buf()]);
        assert_eq!(
            names(root, &scan),
            ["a/b/one.md", "a/linked/two.md", "alias.md"]
        );
        assert_eq!(scan.skipped.len(), 1, "{:?}", scan.skipped);
        assert_eq!(scan.skipped[0].path, root.join("broken.md"));
    }

    #[test]
    fn unreadable_folders_are_skipped_with_a_reason() {
        use std::os::unix::fs::PermissionsExt;
        if is_root() {
            return; // root reads every folder: nothing would be skipped
        }
        let dir = TempDir::new().expect("tempdir");
        let root = dir.path();
        touch(root, "ok.md");
        let locked = root.join("locked");
        touch(root, "locked/secret.md");
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).expect("chmod");
        let scan = scan(&[root.to_path_buf()]);
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).expect("chmod");
        assert_eq!(names(root, &scan), ["ok.md"]);
        assert_eq!(scan.skipped[0].path, locked);
        assert_eq!(scan.skipped[0].reason, "permission denied");
    }

    /// Root ignores permissions, so a locked folder is readable then.
    fn is_root() -> bool {
        fs::read_to_string("/proc/self/status")
            .map(|s| {
                s.lines()
                    .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0"))
            })
            .unwrap_or(false)
    }
}
