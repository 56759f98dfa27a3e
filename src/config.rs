//! Where earmark keeps its files (docs/usage.md, "Files"), and the
//! config file among them (docs/configuration.md).

pub mod settings;

use std::path::{Path, PathBuf};

pub use settings::{Loaded, Settings, ThemeChoice};

/// The config file's name in the config directory. YAML, as earmark's
/// other files (bookmarks, reading positions).
pub const CONFIG_FILE: &str = "config.yaml";

/// The config file in `dir`.
pub fn config_file(dir: &Path) -> PathBuf {
    dir.join(CONFIG_FILE)
}

/// The settings in the config directory (defaults and no note when there
/// is no directory or no file).
pub fn load(dir: Option<&Path>) -> Loaded {
    dir.map(|d| settings::load(&config_file(d)))
        .unwrap_or_default()
}

/// The environment variable that names the config directory when no
/// `--config-dir` is given.
pub const CONFIG_DIR_ENV: &str = "EARMARK_CONFIG_DIR";

/// The config directory: the `--config-dir` flag, else `$EARMARK_CONFIG_DIR`
/// (if set and non-empty), else the platform's config directory
/// (`~/.config/earmark` on Linux). `None` when none of these resolves, e.g.
/// with no home directory.
pub fn config_dir(flag: Option<&Path>) -> Option<PathBuf> {
    if let Some(dir) = flag {
        return Some(dir.to_path_buf());
    }
    if let Some(dir) = std::env::var_os(CONFIG_DIR_ENV).filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "earmark").map(|dirs| dirs.config_dir().to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_wins() {
        let dir = config_dir(Some(Path::new("/tmp/somewhere")));
        assert_eq!(dir, Some(PathBuf::from("/tmp/somewhere")));
    }
}
