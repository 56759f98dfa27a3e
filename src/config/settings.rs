//! `config.yaml`: what it may say, and reading it as untrusted input.
//! A file that cannot be read or parsed gives the defaults and a note
//! naming the file, the line and the reason; an unknown key gives a note
//! and is otherwise ignored. docs/configuration.md lists every key.

use std::collections::BTreeMap;
use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::episode::text::{clean_file_name, clean_one_line};

/// The most bytes of config earmark reads: a config is a few hundred
/// bytes; anything this big is not one.
pub const MAX_CONFIG_BYTES: u64 = 64 * 1024;

/// The default reading width, in columns.
pub const DEFAULT_READING_WIDTH: u16 = 100;

/// The keys `config.yaml` knows, at the top level.
pub const KEYS: [&str; 6] = [
    "theme",
    "palette",
    "keys",
    "max_width",
    "sidebar",
    "library",
];

/// Which colours earmark uses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeChoice {
    /// Light text on a dark background.
    Dark,
    /// Dark text on a light background.
    Light,
    /// Ask the terminal for its background colour; dark when it does not
    /// say.
    #[default]
    Auto,
}

/// A colour as the config writes it: a 256-colour index (`33`) or
/// `"#rrggbb"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorSpec {
    Indexed(u8),
    Rgb(u8, u8, u8),
}

impl<'de> Deserialize<'de> for ColorSpec {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Index(u64),
            Text(String),
        }
        let parsed = match Raw::deserialize(deserializer)? {
            Raw::Index(n) => u8::try_from(n).ok().map(ColorSpec::Indexed),
            Raw::Text(text) => parse_color(&text),
        };
        parsed.ok_or_else(|| serde::de::Error::custom("a colour is a number 0-255 or \"#rrggbb\""))
    }
}

/// `"#rrggbb"`, or a number 0-255 written as text.
fn parse_color(text: &str) -> Option<ColorSpec> {
    let text = text.trim();
    if let Some(hex) = text.strip_prefix('#') {
        if hex.len() != 6 || !hex.is_ascii() {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        return Some(ColorSpec::Rgb(byte(0)?, byte(2)?, byte(4)?));
    }
    text.parse().ok().map(ColorSpec::Indexed)
}

/// Colours the config sets over the theme's, by style name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct PaletteSpec {
    pub dim: Option<ColorSpec>,
    pub warning: Option<ColorSpec>,
    pub hit: Option<ColorSpec>,
    pub current_hit: Option<ColorSpec>,
    pub speakers: Option<Vec<ColorSpec>>,
}

/// The names a palette may set.
pub const PALETTE_KEYS: [&str; 5] = ["dim", "warning", "hit", "current_hit", "speakers"];

/// Keys per action, per mode: `keys.reading.next-match: [n, Ctrl-n]`.
/// Names and keys are checked by the keymap, which knows them.
pub type KeySpecs = BTreeMap<String, BTreeMap<String, KeyList>>;

/// One key or a list of them, as written.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum KeyList {
    One(String),
    Many(Vec<String>),
}

impl KeyList {
    /// The keys as written, in order.
    pub fn keys(&self) -> Vec<&str> {
        match self {
            KeyList::One(key) => vec![key.as_str()],
            KeyList::Many(keys) => keys.iter().map(String::as_str).collect(),
        }
    }
}

/// What the config file says, with the defaults for what it does not.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub theme: ThemeChoice,
    pub palette: PaletteSpec,
    pub keys: KeySpecs,
    /// The widest the transcript's text runs, in columns; 0: as wide as
    /// the terminal.
    pub max_width: u16,
    /// Whether the reader opens with the sidebar shown.
    pub sidebar: bool,
    /// The folder `earmark` with no file opens as a library.
    pub library: Option<PathBuf>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            theme: ThemeChoice::Auto,
            palette: PaletteSpec::default(),
            keys: KeySpecs::new(),
            max_width: DEFAULT_READING_WIDTH,
            sidebar: true,
            library: None,
        }
    }
}

/// The settings read, and what the user should be told about the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Loaded {
    pub settings: Settings,
    /// One line each, naming the file; no control characters.
    pub notes: Vec<String>,
    /// The file as messages name it ("" without a file).
    pub file: String,
    /// The file's text, for the line of a later note ("" without one).
    pub text: String,
}

/// Reads `path`: no file is the defaults, without a word.
pub fn load(path: &Path) -> Loaded {
    let name = clean_file_name(&path.display().to_string());
    match read_text(path) {
        Ok(None) => Loaded::default(),
        Ok(Some(text)) => Loaded {
            file: name.clone(),
            ..parse(&text, &name)
        },
        Err(why) => Loaded {
            notes: vec![format!("{name}: {why}: using the defaults")],
            file: name,
            ..Loaded::default()
        },
    }
}

/// The file's text; `None` when there is no file.
fn read_text(path: &Path) -> Result<Option<String>, String> {
    match std::fs::metadata(path) {
        // No file, or no directory to hold one (the stores say so).
        Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {
            return Ok(None);
        }
        Err(e) => return Err(e.to_string()),
        // A FIFO or a device would block the read, or never end.
        Ok(meta) if !meta.is_file() => return Err("not a regular file".into()),
        Ok(meta) if meta.len() > MAX_CONFIG_BYTES => return Err(too_big()),
        Ok(_) => {}
    }
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut bytes = Vec::new();
    file.take(MAX_CONFIG_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(too_big());
    }
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| "not UTF-8 text".to_string())
}

fn too_big() -> String {
    format!(
        "larger than {} KiB, not a config file",
        MAX_CONFIG_BYTES / 1024
    )
}

/// Parses a config's text; `name` is the file as messages name it.
pub fn parse(text: &str, name: &str) -> Loaded {
    if text.trim().is_empty() {
        return Loaded::default();
    }
    match serde_yaml::from_str::<Option<Settings>>(text) {
        Ok(settings) => {
            let mut notes = unknown_keys(text, name);
            let mut settings = settings.unwrap_or_default();
            // A mode with every line commented out reads as no mode.
            settings.keys.retain(|_, actions| !actions.is_empty());
            notes.retain(|n| !n.is_empty());
            Loaded {
                settings,
                notes,
                file: name.to_string(),
                text: text.to_string(),
            }
        }
        Err(error) => Loaded {
            notes: vec![format!(
                "{name}: {}: using the defaults",
                describe_error(&error)
            )],
            file: name.to_string(),
            ..Loaded::default()
        },
    }
}

/// A parse error as `line 3: theme: unknown variant …`, on one line.
fn describe_error(error: &serde_yaml::Error) -> String {
    let mut why = error.to_string();
    // serde_yaml ends its message with " at line L column C": said first.
    if let Some(at) = why.find(" at line ") {
        why.truncate(at);
    }
    let why = clean_one_line(&why);
    match error.location() {
        Some(at) => format!("line {}: {why}", at.line()),
        None => why,
    }
}

/// A note for each top-level or palette key earmark does not know.
fn unknown_keys(text: &str, name: &str) -> Vec<String> {
    let top = match serde_yaml::from_str(text) {
        Ok(serde_yaml::Value::Mapping(top)) => top,
        Ok(_) => return Vec::new(),
        // Read as settings, yet not as plain YAML: an alias bomb, say.
        Err(error) => return vec![format!("{name}: {}", describe_error(&error))],
    };
    let lines = KeyLines::new(text);
    let mut notes = Vec::new();
    for (key, value) in &top {
        let key = key_text(key);
        if !KEYS.contains(&key.as_str()) {
            notes.push(unknown(name, &lines, &key, "", &KEYS));
        }
        if let (true, serde_yaml::Value::Mapping(palette)) = (key == "palette", value) {
            for inner in palette.keys().map(key_text) {
                if !PALETTE_KEYS.contains(&inner.as_str()) {
                    notes.push(unknown(name, &lines, &inner, "palette.", &PALETTE_KEYS));
                }
            }
        }
    }
    notes
}

/// A YAML key as text (a key that is not a string is shown as YAML).
pub fn key_text(key: &serde_yaml::Value) -> String {
    match key {
        serde_yaml::Value::String(s) => s.clone(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

/// `config.yaml: line 4: unknown key `colour` (ignored; known: …)`.
fn unknown(name: &str, lines: &KeyLines, key: &str, prefix: &str, known: &[&str]) -> String {
    let line = lines
        .of(key)
        .map(|l| format!("line {l}: "))
        .unwrap_or_default();
    let key = escaped_name(key);
    format!(
        "{name}: {line}unknown key `{prefix}{key}` (ignored; known: {})",
        known.join(", ")
    )
}

/// A name from the file for a message: control characters escaped
/// (`\u{1b}`), so none reaches the terminal and none vanishes, on one
/// line, at most 40 characters.
pub fn escaped_name(name: &str) -> String {
    name.escape_debug().take(40).collect()
}

/// Where each key of a YAML file first appears: built once per file, so
/// naming the lines of many keys stays linear in the file.
#[derive(Debug, Default)]
pub struct KeyLines(std::collections::HashMap<String, usize>);

impl KeyLines {
    /// The first line (from 1) of every `key:` (or `"key":`) in `text`.
    pub fn new(text: &str) -> Self {
        let mut lines = std::collections::HashMap::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_start();
            let Some((key, _)) = line.split_once(':') else {
                continue;
            };
            let key = key.trim_end();
            let key = key
                .strip_prefix('"')
                .and_then(|k| k.strip_suffix('"'))
                .unwrap_or(key);
            lines.entry(key.to_string()).or_insert(i + 1);
        }
        Self(lines)
    }

    /// The line where `key:` first starts, if it does.
    pub fn of(&self, key: &str) -> Option<usize> {
        self.0.get(key).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Loaded {
        parse(text, "config.yaml")
    }

    #[test]
    fn every_key_is_read() {
        let loaded = parsed(
            "theme: light\nmax_width: 80\nsidebar: false\nlibrary: /srv/podcasts\n\
             palette:\n  dim: 240\n  hit: \"#ffd75f\"\n  speakers: [25, 130]\n\
             keys:\n  reading:\n    next-match: [n, Ctrl-n]\n    quit: Q\n",
        );
        assert_eq!(loaded.notes, Vec::<String>::new());
        let s = loaded.settings;
        assert_eq!(s.theme, ThemeChoice::Light);
        assert_eq!(s.max_width, 80);
        assert!(!s.sidebar);
        assert_eq!(s.library, Some(PathBuf::from("/srv/podcasts")));
        assert_eq!(s.palette.dim, Some(ColorSpec::Indexed(240)));
        assert_eq!(s.palette.hit, Some(ColorSpec::Rgb(0xff, 0xd7, 0x5f)));
        assert_eq!(
            s.palette.speakers,
            Some(vec![ColorSpec::Indexed(25), ColorSpec::Indexed(130)])
        );
        let reading = &s.keys["reading"];
        assert_eq!(reading["next-match"].keys(), ["n", "Ctrl-n"]);
        assert_eq!(reading["quit"].keys(), ["Q"]);
    }

    #[test]
    fn an_empty_or_comment_only_file_is_the_defaults() {
        for text in ["", "\n\n", "# nothing\n", "---\n"] {
            let loaded = parsed(text);
            assert_eq!(loaded.settings, Settings::default(), "{text:?}");
            assert!(loaded.notes.is_empty(), "{text:?}");
        }
    }

    #[test]
    fn a_bad_value_names_the_line_and_gives_the_defaults() {
        let loaded = parsed("sidebar: false\n\ntheme: lite\n");
        assert_eq!(loaded.settings, Settings::default());
        let [note] = &loaded.notes[..] else {
            panic!("{:?}", loaded.notes)
        };
        assert!(
            note.starts_with("config.yaml: line 3: theme: unknown variant `lite`"),
            "{note}"
        );
        assert!(note.ends_with("using the defaults"), "{note}");
    }

    #[test]
    fn broken_yaml_names_the_line() {
        let loaded = parsed("theme: dark\nsidebar: [\n");
        assert_eq!(loaded.settings, Settings::default());
        assert!(loaded.notes[0].contains("line "), "{:?}", loaded.notes);
        let colour = parsed("palette:\n  dim: \"#12345\"\n");
        assert!(
            colour.notes[0].contains("line 2: palette") && colour.notes[0].contains("a colour is"),
            "{:?}",
            colour.notes
        );
    }

    #[test]
    fn unknown_keys_are_noted_and_the_rest_applies() {
        let loaded = parsed("theme: dark\ncolour: red\npalette:\n  bold: 1\n");
        assert_eq!(loaded.settings.theme, ThemeChoice::Dark);
        assert_eq!(loaded.notes.len(), 2, "{:?}", loaded.notes);
        assert!(loaded.notes[0].starts_with("config.yaml: line 2: unknown key `colour`"));
        assert!(loaded.notes[1].contains("line 4: unknown key `palette.bold`"));
    }

    #[test]
    fn control_characters_in_the_file_do_not_reach_a_note() {
        let loaded = parsed("\"\\e[31mevil\\u0007\": 1\ntheme: \"\\e]0;x\\u0007\"\n");
        for note in &loaded.notes {
            assert!(!note.chars().any(char::is_control), "{note:?}");
        }
        assert!(!loaded.notes.is_empty());
    }

    #[test]
    fn a_width_is_a_number_of_columns() {
        assert_eq!(parsed("max_width: 0").settings.max_width, 0);
        assert_eq!(parsed("max_width: 72").settings.max_width, 72);
        for bad in ["max_width: 70000", "max_width: -1", "max_width: wide"] {
            let loaded = parsed(bad);
            assert_eq!(loaded.settings.max_width, DEFAULT_READING_WIDTH, "{bad}");
            assert!(
                loaded.notes[0].contains("line 1: max_width"),
                "{:?}",
                loaded.notes
            );
        }
    }
}
