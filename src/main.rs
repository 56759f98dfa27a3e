//! The `earmark` binary: parse the command line, dispatch, map errors to exit
//! codes (0 success, 2 error with one line on stderr).

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use clap::Parser;
use earmark::cli::{Cli, Command};
use earmark::library::search_command::{self, SearchRequest};
use earmark::search::SearchOptions;
use earmark::{dump, episode};

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
            };
            let mut out = BufWriter::new(io::stdout().lock());
            let outcome = search_command::run(&request, &mut out, &mut io::stderr().lock())?;
            Ok(ExitCode::from(outcome.exit_code()))
        }
        None => {
            let episode = match cli.path {
                Some(path) => episode::parse_file(&path)?,
                None => episode::sample(),
            };
            earmark::tui::run::run(episode)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `earmark dump … | head` closes the pipe early: that is not an error.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error
        .downcast_ref::<io::Error>()
        .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
}
