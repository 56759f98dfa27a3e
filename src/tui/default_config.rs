//! The commented config that `earmark config --print-default` prints:
//! every key, set to its default, with what it does. The keys section is
//! written from the key tables, so it lists every action there is.

use super::key_docs::key_name;
use super::key_overrides::{SECTION_NAMES, action_name};

/// The top of the file: every key but the key tables.
const HEAD: &str = "\
# earmark's config file: config.yaml in the config directory
# (`earmark config --path` says where). Every key is optional; a key
# left out keeps its default, shown here. An unknown key is noted and
# ignored; a file earmark cannot read is noted and the defaults are used.

# Colours: `auto` asks the terminal for its background colour (and reads
# COLORFGBG) and picks `dark` or `light`; `dark` when it cannot tell.
# NO_COLOR in the environment turns every colour off, whatever this says.
theme: auto

# Colours set over the theme's, by name: a 256-colour number (33) or
# \"#rrggbb\". Left out: the theme's own. Keep them readable on your
# background (docs/configuration.md says how the built-in ones are checked).
palette:
  # dim: 246           # secondary text: times, labels, the timeline
  # warning: 160       # a note that needs attention
  # hit: 186           # the background of a search match
  # current_hit: 208   # the background of the current match
  # speakers: [33, 208, 35, 170]   # speakers' colours, in order

# The widest the transcript's lines run, in columns, however wide the
# terminal (0: as wide as the terminal).
max_width: 100

# Whether the reader opens with the sidebar (title, guest, speakers)
# shown; Tab shows and hides it either way.
sidebar: true

# The folder `earmark` with no file opens as a library; unset: the
# built-in sample episode.
# library: ~/podcasts/transcripts

# Keys: in a mode, an action and the key or keys that ask for it now;
# its keys from the table no longer do, and a key given to an action
# leaves the action it had. Keys are written as the help shows them:
# q, Q, Ctrl-d, Alt-b, Space, Enter, Esc, Tab, Backspace, Up, Down,
# PgUp, PgDn, Home, End, F1. In the prompts' modes a key needs Ctrl or
# Alt (plain characters are typed). Ctrl-c (quit) and Ctrl-z (suspend)
# cannot be changed. Every mode and action, with its default keys:
keys:
";

/// The whole commented default config.
pub fn render() -> String {
    let mut out = HEAD.to_string();
    for (mode, section) in SECTION_NAMES {
        out.push_str(&format!("  {mode}:\n"));
        // One line per action: an action bound twice (less's keys beside
        // earmark's) lists all its keys once.
        let mut lines: Vec<(&str, Vec<String>)> = Vec::new();
        for binding in section.bindings {
            let Some(name) = action_name(&binding.action) else {
                continue;
            };
            let keys = binding.keys.iter().map(|&k| yaml_key(&key_name(k)));
            match lines.iter_mut().find(|(known, _)| *known == name) {
                Some((_, known_keys)) => known_keys.extend(keys),
                None => lines.push((name, keys.collect())),
            }
        }
        for (name, keys) in lines {
            out.push_str(&format!("    # {name}: [{}]\n", keys.join(", ")));
        }
    }
    out
}

/// A key name as a YAML flow-sequence item: quoted where YAML would
/// read it otherwise.
fn yaml_key(name: &str) -> String {
    let plain = name.chars().all(|c| c.is_alphanumeric() || c == '-') && name != "-";
    if plain {
        name.to_string()
    } else {
        format!("{name:?}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::settings::{KEYS, PALETTE_KEYS, Settings, parse};

    #[test]
    fn the_default_file_reads_as_the_defaults() {
        let loaded = parse(&render(), "config.yaml");
        assert!(loaded.notes.is_empty(), "{:?}", loaded.notes);
        assert_eq!(loaded.settings, Settings::default());
    }

    #[test]
    fn every_key_is_in_it() {
        let text = render();
        for key in KEYS {
            assert!(
                text.contains(&format!("\n{key}:")) || text.contains(&format!("# {key}:")),
                "{key}"
            );
        }
        for key in PALETTE_KEYS {
            assert!(text.contains(&format!("# {key}:")), "palette.{key}");
        }
        assert!(text.contains("    # next-match: [n]"), "{text}");
        assert!(text.contains("    # line-down: [j, \"↓\"]"), "{text}");
    }

    #[test]
    fn each_commented_key_line_works_when_uncommented() {
        let text = render();
        let mut uncommented = String::new();
        for line in text.lines() {
            let line = match line.strip_prefix("    # ") {
                Some(rest) => format!("    {rest}"),
                None => line.to_string(),
            };
            uncommented.push_str(&line);
            uncommented.push('\n');
        }
        let loaded = parse(&uncommented, "config.yaml");
        assert!(loaded.notes.is_empty(), "{:?}", loaded.notes);
        let (_, notes) = crate::tui::key_overrides::KeyOverrides::from_config(
            &loaded.settings.keys,
            &uncommented,
            "config.yaml",
        );
        assert!(notes.is_empty(), "{notes:?}");
    }
}
