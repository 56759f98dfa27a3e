//! earmark: a terminal reader for podcast transcripts.
//!
//! The library holds everything; `main.rs` only parses the command line and
//! maps errors to exit codes. See docs/architecture.md for the data flow.

pub mod atomic;
pub mod base64;
pub mod bookmarks;
pub mod caseless;
pub mod cli;
pub mod config;
pub mod date;
pub mod dump;
pub mod episode;
pub mod episode_search;
pub mod formats;
pub mod library;
pub mod man;
pub mod open_arg;
pub mod owned_file;
pub mod read_buffer;
pub mod search;
pub mod search_fold;
pub mod state;
pub mod stdin;
pub mod tui;
pub mod wall_clock;

#[cfg(test)]
mod test_support;
