//! The `earmark` binary: parse the command line, dispatch, map errors to exit
//! codes (0 success, 2 error with one line on stderr, 128 + the signal's
//! number when a signal ended the reader).

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;

use clap::Parser;
use earmark::cli::{BookmarksAction, Cli, Command, ExportFormat};
use earmark::formats::write;
use earmark::library::ScanOptions;
use earmark::library::search_command::{self, SearchCommand};
use earmark::search::SearchOptions;
use earmark::tui::run::{Ending, Target};
use earmark::{atomic, bookmarks, config, dump, episode, stdin};

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
        Some(Command::Dump { path, json, to }) => {
            let episode = stdin::parse_path(&path)?;
            let converted = match to {
                Some(format) => Some(write::render(&episode, format.target()).map_err(|why| {
                    anyhow::anyhow!(
                        "{}: cannot write it as {}: {why}",
                        episode.source.display(),
                        format.target().name()
                    )
                })?),
                None => None,
            };
            write_stdout(|out| match (converted, json) {
                (Some(bytes), _) => out.write_all(&bytes),
                (None, true) => dump::write_json(&episode, out),
                (None, false) => dump::write_text(&episode, out),
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Search {
            pattern,
            paths,
            regex,
            case_sensitive,
            json,
        }) => {
            let request = SearchCommand {
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
            let outcome = search_command::run(&request, &mut out, &mut io::stderr().lock())
                .context(STDOUT_ERROR)?;
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
            let config_dir = config::config_dir(cli.config_dir.as_deref());
            let ending = run_reader(
                cli.path.as_deref(),
                config_dir,
                ScanOptions { follow: cli.follow },
            )?;
            Ok(ExitCode::from(ending.exit_code()))
        }
    }
}

/// What standard output failed at, so that a full disk or a closed file
/// is not mistaken for a problem with the transcript.
const STDOUT_ERROR: &str = "cannot write to standard output";

/// Writes to standard output through a buffer, naming stdout on failure.
fn write_stdout(
    write: impl FnOnce(&mut BufWriter<io::StdoutLock>) -> io::Result<()>,
) -> anyhow::Result<()> {
    let mut out = BufWriter::new(io::stdout().lock());
    write(&mut out)
        .and_then(|()| out.flush())
        .context(STDOUT_ERROR)
}

/// `earmark [PATH]`: the reader, or, when standard output is not a
/// terminal (`earmark ep.md | less`, `> out.txt`), the transcript as
/// `earmark dump` prints it, as `git` and `bat` do.
fn run_reader(
    path: Option<&Path>,
    config_dir: Option<PathBuf>,
    options: ScanOptions,
) -> anyhow::Result<Ending> {
    let name = match path {
        None => "the sample episode".to_string(),
        Some(p) if stdin::is_stdin(p) => stdin::STDIN_NAME.to_string(),
        Some(p) => episode::text::clean_file_name(&p.display().to_string()),
    };
    let to_terminal = io::stdout().is_terminal();
    if let Some(dir) = path.filter(|p| !stdin::is_stdin(p) && p.is_dir()) {
        if !to_terminal {
            anyhow::bail!("{name}: the library needs a terminal (`earmark search` prints matches)");
        }
        require_input_terminal(&name)?;
        let target = Target::Library {
            root: dir.to_path_buf(),
            options,
        };
        return earmark::tui::run::run(target, config_dir);
    }
    let episode = match path {
        Some(path) => stdin::parse_path(path)?,
        None => episode::sample(),
    };
    if !to_terminal {
        return write_stdout(|out| dump::write_text(&episode, out)).map(|()| Ending::Quit);
    }
    require_input_terminal(&name)?;
    earmark::tui::run::run(Target::Episode(episode), config_dir)
}

/// Fails with a message pointing at `earmark dump` when there is no
/// terminal to read keys from.
fn require_input_terminal(name: &str) -> anyhow::Result<()> {
    if !has_input_terminal() {
        anyhow::bail!("{name}: no terminal to read keys from (`earmark dump` prints it)");
    }
    Ok(())
}

/// Whether keys can be read: from standard input when it is a terminal,
/// else from the controlling terminal (where the reader takes them then).
fn has_input_terminal() -> bool {
    io::stdin().is_terminal()
        || std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/tty")
            .is_ok()
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
    let (all, skipped) = bookmarks::read_bookmarks_noting(&dir)?;
    if let Some(note) = skipped {
        eprintln!("earmark: {note}");
    }
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
        None => write_stdout(|out| out.write_all(text.as_bytes())),
    }
}

/// `earmark dump … | head` closes the pipe early: that is not an error.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error
        .downcast_ref::<io::Error>()
        .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
}
