//! The command line (INTERFACE.md), as clap definitions.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// A terminal reader for podcast transcripts.
#[derive(Debug, Parser)]
#[command(
    name = "earmark",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// Where bookmarks and reading positions are kept
    /// [default: $EARMARK_CONFIG_DIR, else the platform's config dir]
    #[arg(long, global = true, value_name = "DIR")]
    pub config_dir: Option<PathBuf>,

    /// An episode file to read (no PATH: the built-in sample episode)
    pub path: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the parsed episode, as text or as JSON
    Dump {
        /// The transcript file
        path: PathBuf,
        /// Print JSON (the schema in INTERFACE.md)
        #[arg(long)]
        json: bool,
    },
}
