//! The command line (docs/usage.md), as clap definitions.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Why the reader refuses large files, in `--help`: it must hold the whole
/// transcript, and a stray disk image named `.md` should not eat memory.
const READER_LIMIT: &str = "The reader opens episode files up to 256 MiB (a transcript is \
~100 KB): it keeps the whole transcript, parsed, in memory, about twice the file's size. \
`earmark search` has no such limit: it maps large files rather than copying them.";

/// A terminal reader for podcast transcripts.
#[derive(Debug, Parser)]
// No `args_conflicts_with_subcommands`: it would also reject the global
// `--config-dir` placed before a subcommand (`earmark --config-dir D dump F`).
#[command(name = "earmark", version, about, after_help = READER_LIMIT)]
pub struct Cli {
    /// Where bookmarks and reading positions are kept
    /// [default: $EARMARK_CONFIG_DIR, else the platform's config dir]
    #[arg(long, global = true, value_name = "DIR")]
    pub config_dir: Option<PathBuf>,

    /// Follow symbolic links to folders outside the folder named (as `rg
    /// -L`); links inside it are followed either way, each folder once
    #[arg(long, short = 'L', global = true)]
    pub follow: bool,

    /// An episode file to read, or a folder of them, or `-` for standard
    /// input (no PATH: the built-in sample episode). Into a pipe or a file,
    /// an episode is printed as `earmark dump` prints it
    pub path: Option<PathBuf>,

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
        /// and `@name` alone lists everything that speaker says
        pattern: String,
        /// Transcript files, or directories to search recursively (`-`:
        /// standard input)
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Read PATTERN as a regex (the `regex` crate's syntax)
        #[arg(long)]
        regex: bool,
        /// Match case exactly (by default: smart case, case-insensitive
        /// unless PATTERN has an upper-case letter)
        #[arg(long)]
        case_sensitive: bool,
        /// One JSON object per matching segment, one per line
        #[arg(long)]
        json: bool,
    },
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
    /// All bookmarks as a Markdown document or a JSON array
    Export {
        /// The output format
        #[arg(long, value_enum, default_value_t = ExportFormat::Md)]
        format: ExportFormat,
        /// Write to FILE (atomically) instead of standard output
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// Formats of `earmark bookmarks export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Markdown, grouped by episode
    Md,
    /// A JSON array of the bookmarks
    Json,
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
    pub fn target(self) -> crate::formats::write::Target {
        use crate::formats::write::Target;
        match self {
            DumpFormat::Markdown => Target::Markdown,
            DumpFormat::Webvtt => Target::WebVtt,
            DumpFormat::Srt => Target::Srt,
            DumpFormat::Json => Target::Json,
            DumpFormat::Text => Target::Text,
        }
    }
}
