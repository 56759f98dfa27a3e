//! The `earmark` binary: parse the command line, dispatch, map errors to exit
//! codes (0 success, 2 error with one line on stderr).

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;

use clap::Parser;
use earmark::cli::{BookmarksAction, Cli, Command, ExportFormat};
use earmark::library::ScanOptions;
use earmark::library::search_command::{self, SearchRequest};
use earmark::search::SearchOptions;
use earmark::tui::run::Target;
use earmark::{atomic, bookmarks, config, dump, episode};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("earmark: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    if let (Some(path), Some(_)) = (&cli.path, &cli.command) {
        anyhow::bail!(
            "{}: give either a file to read or a command, not both",
            episode::text::clean_file_name(&path.display().to_string())
        );
    }
    match cli.command {
        Some(Command::Dump { path, json }) => {
            let episode = episode::parse_file(&path)?;
            let mut out = BufWriter::new(io::stdout().lock());
            if json {
                dump::write_json(&episode, &mut out)?;
            } else {
                dump::write_text(&episode, &mut out)?;
            }
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Search {
            pattern,
            paths,
            regex,
            case_sensitive,
            json,
        }) => {
            let request = SearchRequest {
                pattern,
                paths,
                options: SearchOptions {
                    regex,
                    case_sensitive,
                },
                json,
                follow: cli.follow,
            };
            let mut out = BufWriter::new(io::stdout().lock());
            let outcome = search_command::run(&request, &mut out, &mut io::stderr().lock())?;
            Ok(ExitCode::from(outcome.exit_code()))
        }
        Some(Command::Bookmarks { action, json }) => {
            let action = match action {
                None => BookmarksAction::List { json },
                Some(BookmarksAction::List { json: inner }) => BookmarksAction::List {
                    json: json || inner,
                },
                Some(export) => export,
            };
            run_bookmarks(cli.config_dir.as_deref(), action)?;
            Ok(ExitCode::SUCCESS)
        }
        None => {
            let target = match cli.path {
                Some(root) if root.is_dir() => Target::Library {
                    root,
                    options: ScanOptions { follow: cli.follow },
                },
                Some(path) => Target::Episode(episode::parse_file(&path)?),
                None => Target::Episode(episode::sample()),
            };
            run_tui(target, config::config_dir(cli.config_dir.as_deref()))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn run_tui(target: Target, config_dir: Option<PathBuf>) -> anyhow::Result<()> {
    earmark::tui::run::run(target, config_dir)
}

/// `earmark bookmarks [list|export]`: reads the file and changes nothing,
/// not even a corrupt one (that is the reader's job to set aside).
fn run_bookmarks(config_dir: Option<&Path>, action: BookmarksAction) -> anyhow::Result<()> {
    let dir = config::config_dir(config_dir).ok_or_else(|| {
        anyhow::anyhow!(
            "no config directory: pass --config-dir DIR or set {}",
            config::CONFIG_DIR_ENV
        )
    })?;
    let all = bookmarks::read_bookmarks(&dir)?;
    let (text, output) = match action {
        BookmarksAction::List { json: false } => (bookmarks::list_lines(&all), None),
        BookmarksAction::List { json: true } => (bookmarks::export_json(&all), None),
        BookmarksAction::Export { format, output } => {
            let text = match format {
                ExportFormat::Md => bookmarks::export_markdown(&all),
                ExportFormat::Json => bookmarks::export_json(&all),
            };
            (text, output)
        }
    };
    match output {
        Some(path) => atomic::write_atomically(&path, text.as_bytes())
            .with_context(|| format!("cannot write {}", path.display())),
        None => {
            let mut out = io::stdout().lock();
            out.write_all(text.as_bytes())?;
            Ok(out.flush()?)
        }
    }
}

/// `earmark dump … | head` closes the pipe early: that is not an error.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error
        .downcast_ref::<io::Error>()
        .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
}
