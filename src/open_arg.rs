//! The reader's argument with a time in it: `FILE:12:30`, or a link that
//! `Y` copied for a local file, `FILE at 00:12:30`, pasted back.
//!
//! A file whose real name looks like that (`notes:12:30.md`, `a at 1`) is
//! opened as it is: a name that exists is never split.

use std::path::{Path, PathBuf};

use crate::episode::time::looks_like_goto;

/// The file and the time `arg` names, when it does not exist itself but a
/// file does at its start and the rest is a time the `t` prompt takes.
pub fn split_time(arg: &Path) -> Option<(PathBuf, String)> {
    if arg.exists() {
        return None;
    }
    let text = arg.to_str()?;
    let link = text
        .rsplit_once(" at ")
        .map(|(file, time)| (file, time.trim()));
    let colons = text
        .match_indices(':')
        .map(|(at, _)| (&text[..at], &text[at + 1..]));
    link.into_iter()
        .chain(colons)
        .find(|(file, time)| is_time(time) && !file.is_empty() && Path::new(file).is_file())
        .map(|(file, time)| (PathBuf::from(file), time.to_string()))
}

/// A time as the `t` prompt's are written (a percentage too), right or
/// wrong: a wrong one is refused later with the prompt's reason.
fn is_time(text: &str) -> bool {
    looks_like_goto(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir_with(names: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for name in names {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        dir
    }

    #[test]
    fn a_time_after_a_colon_or_at_is_split_off() {
        let dir = dir_with(&["ep.md"]);
        let file = dir.path().join("ep.md");
        let shown = file.display();
        for (arg, time) in [
            (format!("{shown}:12:30"), "12:30"),
            (format!("{shown}:1:02:03"), "1:02:03"),
            (format!("{shown}:45%"), "45%"),
            (format!("{shown} at 00:12:30"), "00:12:30"),
        ] {
            assert_eq!(
                split_time(Path::new(&arg)),
                Some((file.clone(), time.to_string())),
                "{arg}"
            );
        }
    }

    #[test]
    fn a_name_that_exists_is_never_split() {
        let dir = dir_with(&["ep.md", "ep.md:12:30", "ep.md at 1:00"]);
        for name in ["ep.md:12:30", "ep.md at 1:00", "ep.md"] {
            assert_eq!(split_time(&dir.path().join(name)), None, "{name}");
        }
    }

    #[test]
    fn no_split_without_a_file_or_a_time() {
        let dir = dir_with(&["ep.md"]);
        for name in ["ep.md:soon", "missing.md:12:30", "ep.md:", "ep.md at "] {
            assert_eq!(split_time(&dir.path().join(name)), None, "{name}");
        }
    }
}
