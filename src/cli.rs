//! The command line (docs/usage.md), as clap definitions.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// What `earmark --help` adds after the options: the library, the keys,
/// the exit statuses, and why the reader refuses large files (it must hold
/// the whole transcript, and a stray disk image named `.md` should not eat
/// memory).
const AFTER_HELP: &str = "\
Examples:
  earmark episode.md                 read an episode
  earmark episode.md --at 12:30      ... from 12:30 (also: episode.md:12:30)
  earmark episode.md --search growth ... at the first match (n / N for the next)
  earmark 'episode.md at 00:12:30'   a link copied with Y, pasted back
  earmark ~/transcripts              the library: every transcript below a folder
  earmark search pricing ~/transcripts

Library mode: a folder opens the library, every transcript below it, newest
first; type to filter, Enter to read, `/` to search every episode. Esc clears
the filter, then leaves it; then `q` quits, `s` sorts, `f` filters again.
A double click opens an episode; Shift-drag selects text.

Keys: press `?` in the reader or the library for every key; the same tables
are in `earmark man` (KEYS) and docs/usage.md. q quits, / searches (/@name
Enter steps through one speaker's turns), & shows only the segments that
match (Esc: all again), t goes to a time, m bookmarks, y / Y copy the quote / a link. less's f d u e (and
Ctrl-f/b/e/y, Enter) move as in less; a number first repeats a key (5j); v
selects segments for y, Y and m; every prompt edits like a shell line
(Left/Right, Home/End, Ctrl-a/e/w/u/k, Alt-b/f, Delete).

Configuration: config.yaml in the config directory (`earmark config` says
where; `earmark config --print-default` writes one to start from): theme
(dark, light, auto), colours, keys, reading width, sidebar, library folder.

Exit status: 0 success; 1 `search` found nothing (and `bookmarks export` had
nothing to export); 2 an error (one line on stderr naming the file and the
reason); 128 + N when signal N ended the reader (129 SIGHUP, 143 SIGTERM).

The reader opens episode files up to 256 MiB (a transcript is ~100 KB): it
keeps the whole transcript, parsed, in memory, about twice the file's size.
`earmark search` has no such limit: it maps large files rather than copying them.";

/// A terminal reader for podcast transcripts.
#[derive(Debug, Parser)]
// No `args_conflicts_with_subcommands`: it would also reject the global
// `--config-dir` placed before a subcommand (`earmark --config-dir D dump F`).
#[command(name = "earmark", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    /// Where config.yaml, bookmarks and reading positions are kept
    /// [default: $EARMARK_CONFIG_DIR, else the platform's config dir]
    #[arg(long, global = true, value_name = "DIR")]
    pub config_dir: Option<PathBuf>,

    /// Follow symbolic links to folders outside the folder named (as `rg
    /// -L`); links inside it are followed either way, each folder once
    #[arg(long, short = 'L', global = true)]
    pub follow: bool,

    /// An episode file to read, or a folder of them, or `-` for standard
    /// input (no PATH: the `library` folder config.yaml names, else the
    /// built-in sample episode). Into a pipe or a file,
    /// an episode is printed as `earmark dump` prints it. `FILE:12:30` and
    /// `FILE at 00:12:30` (a link copied with `Y`) open at that time
    pub path: Option<PathBuf>,

    /// Open the episode at this time, as the `t` prompt takes it: 1:02:03,
    /// 62:03, 3723, 62m, 1h2m3s, 45%, +5m (from the start); refused past
    /// the end
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,

    /// Open the episode with this search run, at its first match (`n` / `N`
    /// go on from there)
    #[arg(long, value_name = "WORD", conflicts_with = "at")]
    pub search: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the parsed episode, as text or as JSON, or write it in another
    /// format
    #[command(after_help = "Examples:\n  \
        earmark dump ep.vtt --to markdown > ep.md\n  \
        curl -s URL | earmark dump - --to srt")]
    Dump {
        /// The transcript file (`-`: standard input)
        path: PathBuf,
        /// Print JSON (the schema in docs/usage.md)
        #[arg(long, conflicts_with = "to")]
        json: bool,
        /// Write the episode in this format instead (docs/formats.md says
        /// what each keeps)
        #[arg(long, value_enum, value_name = "FORMAT")]
        to: Option<DumpFormat>,
    },
    /// List or export the saved bookmarks
    Bookmarks {
        #[command(subcommand)]
        action: Option<BookmarksAction>,
        /// Print a JSON array (as `bookmarks list --json`)
        #[arg(long)]
        json: bool,
    },
    /// Print the segments that match, across files and directories
    #[command(after_help = "Exit status: 0 a match, 1 no match, 2 an error.")]
    Search {
        /// What to look for: literal text (or a regex with --regex); `@name
        /// text` searches only segments whose speaker's name contains `name`,
        /// and `@name` alone lists everything that speaker says; straight and
        /// curly quotes find one another (`don't` finds `don’t`)
        pattern: String,
        /// Transcript files, or directories to search recursively (`-`:
        /// standard input)
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Read PATTERN as a regex (the `regex` crate's syntax)
        #[arg(long)]
        regex: bool,
        /// Match case exactly (by default: smart case, case-insensitive
        /// unless PATTERN has an upper-case letter), and quotes as typed
        #[arg(long)]
        case_sensitive: bool,
        /// One JSON object per matching segment, one per line
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        shape: SearchShape,
        /// Where parsed WebVTT, SRT, JSON… files and Markdown layouts are
        /// cached for the next search [default: $EARMARK_CACHE_DIR, else
        /// the platform's cache dir + /search, e.g. ~/.cache/earmark/search]
        #[arg(long, value_name = "DIR")]
        cache_dir: Option<PathBuf>,
        /// Neither read nor write the search cache
        #[arg(long, conflicts_with = "cache_dir")]
        no_cache: bool,
    },
    /// Print a shell's completions for earmark (source them from the
    /// shell's start-up file)
    #[command(after_help = "Examples:\n  \
        earmark completions bash > ~/.local/share/bash-completion/completions/earmark\n  \
        earmark completions zsh > ~/.zfunc/_earmark\n  \
        earmark completions fish > ~/.config/fish/completions/earmark.fish")]
    Completions {
        /// The shell
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print earmark's manual page (roff): `earmark man | man -l -`
    Man,
    /// Where the config file is, and what earmark makes of it; or a
    /// commented default file to start one from
    #[command(after_help = "Examples:\n  \
        earmark config                       the file's path, and any problem with it\n  \
        earmark config --print-default > \"$(earmark config --path)\"\n\n\
        Every key is in docs/configuration.md. A problem with the file is \
        reported (here on stderr, in the reader on the status line) and \
        earmark goes on with the defaults.")]
    Config {
        /// Print a config file with every key at its default, commented
        #[arg(long, conflicts_with = "path")]
        print_default: bool,
        /// Print only the config file's path
        #[arg(long)]
        path: bool,
    },
}

/// How `earmark search` shows and narrows its matches (docs/usage.md).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct SearchShape {
    /// When to colour: auto (a terminal, and NO_COLOR unset), always, never
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Group matches under each episode's title (the default on a terminal)
    #[arg(long, overrides_with = "no_heading")]
    pub heading: bool,
    /// One tab-separated line per match (the default into a pipe or a file)
    #[arg(long, overrides_with = "heading")]
    pub no_heading: bool,
    /// Show N segments before and after each match
    #[arg(short = 'C', long = "context", value_name = "N", conflicts_with_all = ["count", "files_with_matches", "json"])]
    pub context: Option<usize>,
    /// Print only the number of matching segments of each file (`path:N`)
    #[arg(short = 'c', long, conflicts_with_all = ["files_with_matches", "json"])]
    pub count: bool,
    /// Print only the names of the files with a match
    #[arg(short = 'l', long, conflicts_with = "json")]
    pub files_with_matches: bool,
    /// Only segments whose speaker's name contains NAME (smart case)
    #[arg(long, value_name = "NAME")]
    pub speaker: Option<String>,
    /// Only episodes published on or after DATE (YYYY-MM-DD, from the
    /// `publish_date` or `date` metadata; files without one are left out)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub since: Option<String>,
    /// Only episodes published on or before DATE (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub until: Option<String>,
    /// At most N matching segments per file
    #[arg(short = 'm', long, value_name = "N")]
    pub max_count: Option<usize>,
}

impl SearchShape {
    /// Whether anything beyond today's lines was asked for (then every
    /// file is parsed in full: the fast pass only knows those lines).
    pub fn is_plain(&self) -> bool {
        !self.heading
            && self.context.is_none()
            && !self.count
            && !self.files_with_matches
            && self.speaker.is_none()
            && self.since.is_none()
            && self.until.is_none()
            && self.max_count.is_none()
    }
}

/// When `earmark search` colours its output, as `rg --color`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set
    #[default]
    Auto,
    /// Always (even into a pipe)
    Always,
    /// Never
    Never,
}

/// A `YYYY-MM-DD` date (a `YYYY-MM` or `YYYY` stands for its first day).
pub fn parse_date(text: &str) -> Result<String, String> {
    crate::date::normalize_date(text)
        .ok_or_else(|| format!("`{text}` is not a date: write it as YYYY-MM-DD"))
}

/// What `earmark bookmarks` does; no action lists them.
#[derive(Debug, Subcommand)]
pub enum BookmarksAction {
    /// One line per bookmark: time, speaker, quote, title, note (tab-separated)
    List {
        /// Print a JSON array instead
        #[arg(long)]
        json: bool,
    },
    /// The bookmarks as a Markdown document, CSV or a JSON array (exit
    /// status 1, and a word on stderr, when none are selected)
    Export {
        /// The output format
        #[arg(long, value_enum, default_value_t = ExportFormat::Md)]
        format: ExportFormat,
        /// Write to FILE (atomically) instead of standard output
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Only bookmarks of episodes whose title, file or id contains
        /// PATTERN (smart case)
        #[arg(long, value_name = "PATTERN")]
        episode: Option<String>,
        /// Only bookmarks made on or after DATE (YYYY-MM-DD)
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        since: Option<String>,
    },
}

/// Formats of `earmark bookmarks export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Markdown, a section per episode, ready for Obsidian or Logseq
    Md,
    /// A JSON array of the bookmarks
    Json,
    /// CSV (RFC 4180), a row per bookmark, safe to open in a spreadsheet
    Csv,
}

/// Formats `earmark dump --to` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DumpFormat {
    /// Markdown with front matter and `Name (00:01:02):` headers
    Markdown,
    /// WebVTT, a cue per segment, speakers as `<v Name>`
    Webvtt,
    /// SubRip, a cue per segment, speakers as `<v Name>`
    Srt,
    /// Podcasting 2.0 JSON
    Json,
    /// Text, otter.ai style: `Name  00:01:02` then the text
    Text,
}

impl DumpFormat {
    /// The writer for this format.
    pub fn target(self) -> crate::formats::write::OutputFormat {
        use crate::formats::write::OutputFormat;
        match self {
            DumpFormat::Markdown => OutputFormat::Markdown,
            DumpFormat::Webvtt => OutputFormat::WebVtt,
            DumpFormat::Srt => OutputFormat::Srt,
            DumpFormat::Json => OutputFormat::Json,
            DumpFormat::Text => OutputFormat::Text,
        }
    }
}
