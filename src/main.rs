//! The `earmark` binary: parse the command line, dispatch, map errors to exit
//! codes (0 success, 2 error with one line on stderr, 128 + the signal's
//! number when a signal ended the reader).

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;

use clap::{CommandFactory, Parser};
use earmark::cli::{
    BookmarksAction, Cli, ColorChoice, Command, DumpFormat, ExportFormat, SearchShape,
};
use earmark::episode::Episode;
use earmark::formats::write;
use earmark::library::ScanOptions;
use earmark::library::search_cache::CacheSetting;
use earmark::library::search_command::{self, SearchCommand};
use earmark::library::search_filters::Filters;
use earmark::library::search_print::{OutputStyle, Shape};
use earmark::search::{Query, SearchOptions};
use earmark::tui::opening::Opening;
use earmark::tui::run::{Ending, Target};
use earmark::{atomic, bookmarks, config, dump, episode, formats, open_arg, stdin};

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
    check_path_or_command(&cli)?;
    match cli.command {
        Some(Command::Dump { path, json, to }) => run_dump(&path, json, to),
        Some(Command::Search {
            pattern,
            paths,
            regex,
            case_sensitive,
            json,
            shape,
            cache_dir,
            no_cache,
        }) => {
            let cache = match (no_cache, cache_dir) {
                (true, _) => CacheSetting::Off,
                (false, Some(dir)) => CacheSetting::At(dir),
                (false, None) => CacheSetting::Default,
            };
            let request = SearchCommand {
                pattern,
                paths,
                options: SearchOptions {
                    regex,
                    case_sensitive,
                },
                json,
                follow: cli.follow,
                shape: search_shape(&shape, json),
                cache,
            };
            run_search(&request)
        }
        Some(Command::Bookmarks { action, json }) => {
            let action = match action {
                None => BookmarksAction::List { json },
                Some(BookmarksAction::List { json: inner }) => BookmarksAction::List {
                    json: json || inner,
                },
                Some(export) => export,
            };
            run_bookmarks(cli.config_dir.as_deref(), action)
        }
        Some(Command::Completions { shell }) => write_generated(|out| {
            clap_complete::generate(shell, &mut Cli::command(), "earmark", out);
            Ok(())
        }),
        Some(Command::Man) => write_generated(|out| earmark::man::render(Cli::command(), out)),
        Some(Command::Config {
            print_default,
            path,
        }) => run_config(cli.config_dir.as_deref(), print_default, path),
        None => open_reader(&cli),
    }
}

/// A file to read and a command exclude each other, and so do a command and
/// the reader's own options.
fn check_path_or_command(cli: &Cli) -> anyhow::Result<()> {
    if let (Some(path), Some(_)) = (&cli.path, &cli.command) {
        anyhow::bail!(
            "{}: give either a file to read or a command, not both",
            episode::text::clean_file_name(&path.display().to_string())
        );
    }
    if cli.command.is_some() && (cli.at.is_some() || cli.search.is_some()) {
        anyhow::bail!(
            "--at and --search open an episode in the reader: give a file, not a command"
        );
    }
    Ok(())
}

/// `earmark dump`: the parsed episode as text or JSON, or written in
/// another format (`--to`).
fn run_dump(path: &Path, json: bool, to: Option<DumpFormat>) -> anyhow::Result<ExitCode> {
    let episode = stdin::parse_path(path)?;
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

/// `earmark search`: matches printed as they are found; the exit code says
/// whether any were.
fn run_search(request: &SearchCommand) -> anyhow::Result<ExitCode> {
    let mut out = BufWriter::new(io::stdout().lock());
    let outcome =
        search_command::run(request, &mut out, &mut io::stderr().lock()).context(STDOUT_ERROR)?;
    Ok(ExitCode::from(outcome.exit_code()))
}

/// No command: the reader on a file, a folder, standard input or the
/// configured library.
fn open_reader(cli: &Cli) -> anyhow::Result<ExitCode> {
    let config_dir = config::config_dir(cli.config_dir.as_deref());
    let mut loaded = config::load(config_dir.as_deref());
    let (path, opening) = reader_request(cli)?;
    let path = path.or_else(|| default_library(&mut loaded));
    let options = ScanOptions { follow: cli.follow };
    let reader = ReaderRun {
        config_dir,
        config: loaded,
        options,
    };
    let ending = run_reader(path.as_deref(), opening, reader)?;
    Ok(ExitCode::from(ending.exit_code()))
}

/// `earmark config`: the file's path (and, on stderr, what is wrong with
/// it), or a commented default file.
fn run_config(
    dir: Option<&Path>,
    print_default: bool,
    path_only: bool,
) -> anyhow::Result<ExitCode> {
    if print_default {
        let text = earmark::tui::default_config::render();
        write_stdout(|out| out.write_all(text.as_bytes()))?;
        return Ok(ExitCode::SUCCESS);
    }
    let dir = config::config_dir(dir).ok_or_else(|| {
        anyhow::anyhow!(
            "no config directory: pass --config-dir DIR or set {}",
            config::CONFIG_DIR_ENV
        )
    })?;
    let file = config::config_file(&dir);
    let shown = episode::text::clean_file_name(&file.display().to_string());
    write_stdout(|out| writeln!(out, "{shown}"))?;
    if !path_only {
        let loaded = config::load(Some(&dir));
        print_notes(&loaded.notes);
        if !file.exists() {
            eprintln!(
                "earmark: no config file yet: the defaults apply (`earmark config --print-default` writes one)"
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Notes about the config file, on stderr.
fn print_notes(notes: &[String]) {
    for note in notes {
        eprintln!("earmark: {note}");
    }
}

/// The `library` folder config.yaml names, `~/` expanded, if it is a
/// folder; a note for the status line if it is not.
fn default_library(loaded: &mut config::Loaded) -> Option<PathBuf> {
    let folder = loaded.settings.library.clone()?;
    let folder = match (folder.strip_prefix("~"), directories::BaseDirs::new()) {
        (Ok(rest), Some(dirs)) => dirs.home_dir().join(rest),
        _ => folder,
    };
    if folder.is_dir() {
        return Some(folder);
    }
    let shown = episode::text::clean_file_name(&folder.display().to_string());
    loaded.notes.push(format!(
        "{}: library: {shown} is not a folder: showing the sample episode",
        loaded.file
    ));
    None
}

/// What the reader runs with, beside the file: where its files are kept,
/// what config.yaml said, how a folder is scanned.
struct ReaderRun {
    config_dir: Option<PathBuf>,
    config: config::Loaded,
    options: ScanOptions,
}

/// `earmark completions` and `earmark man`: text made from the clap
/// definition, to standard output.
fn write_generated(
    write: impl FnOnce(&mut BufWriter<io::StdoutLock>) -> io::Result<()>,
) -> anyhow::Result<ExitCode> {
    write_stdout(write)?;
    Ok(ExitCode::SUCCESS)
}

/// How `earmark search` prints: `None` for today's lines by the fastest
/// pass (no option given, not a terminal, no colour).
fn search_shape(args: &SearchShape, json: bool) -> Option<Shape> {
    let terminal = io::stdout().is_terminal();
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let style = if json {
        OutputStyle::Json
    } else if args.files_with_matches {
        OutputStyle::Files
    } else if args.count {
        OutputStyle::Count
    } else if args.heading || (terminal && !args.no_heading) {
        OutputStyle::Heading
    } else {
        OutputStyle::Lines
    };
    let plain =
        matches!(style, OutputStyle::Lines | OutputStyle::Json) && !color && args.is_plain();
    (!plain).then(|| Shape {
        style,
        color,
        context: args.context.unwrap_or(0),
        filters: Filters::new(
            args.speaker.as_deref(),
            args.since.as_deref(),
            args.until.as_deref(),
            args.max_count,
        ),
    })
}

/// The file to read and where to open it: `--at`, `--search`, or a time
/// in the argument (`FILE:12:30`, `FILE at 00:12:30`).
fn reader_request(cli: &Cli) -> anyhow::Result<(Option<PathBuf>, Opening)> {
    let split = cli.path.as_deref().and_then(open_arg::split_time);
    let path = split
        .as_ref()
        .map(|(file, _)| file.clone())
        .or(cli.path.clone());
    let opening = match (&cli.at, &cli.search, &split) {
        (Some(_), _, Some((file, _))) => anyhow::bail!(
            "{}: a time in the name and --at: give one",
            episode::text::clean_file_name(&file.display().to_string())
        ),
        (Some(time), _, None) | (None, _, Some((_, time))) => Opening::At(time.clone()),
        (None, Some(word), None) => Opening::Search(word.clone()),
        (None, None, None) => Opening::Saved,
    };
    if opening != Opening::Saved && path.as_deref().is_none_or(Path::is_dir) {
        anyhow::bail!("--at and --search open an episode: name its file");
    }
    Ok((path, opening))
}

/// Refuses an opening the reader could not follow, with the `t` prompt's
/// and the `/` bar's own words.
fn check_opening(episode: &Episode, opening: &Opening, name: &str) -> anyhow::Result<()> {
    match opening {
        Opening::Saved => {}
        Opening::At(time) => {
            let duration = episode.duration_seconds();
            if let Err(why) = earmark::tui::goto::resolve(time, episode, duration, 0) {
                anyhow::bail!("{name}: --at {}: {why}", one_line(time));
            }
        }
        Opening::Search(word) => match Query::parse(word, SearchOptions::default()) {
            Err(why) => anyhow::bail!("{name}: --search {}: {why}", one_line(word)),
            Ok(query) if query.is_empty() => {
                anyhow::bail!("{name}: --search: nothing to search for")
            }
            Ok(_) => {}
        },
    }
    Ok(())
}

/// A user's text in a message, on one line.
fn one_line(text: &str) -> String {
    episode::text::clean_one_line(text)
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
fn run_reader(path: Option<&Path>, opening: Opening, run: ReaderRun) -> anyhow::Result<Ending> {
    let ReaderRun {
        config_dir,
        config,
        options,
    } = run;
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
        return earmark::tui::run::run_configured(target, Opening::Saved, config_dir, &config);
    }
    let episode = match path {
        Some(path) => stdin::parse_path(path)?,
        None => formats::sample(),
    };
    check_opening(&episode, &opening, &name)?;
    if !to_terminal {
        print_notes(&config.notes);
        return write_stdout(|out| dump::write_text(&episode, out)).map(|()| Ending::Quit);
    }
    require_input_terminal(&name)?;
    earmark::tui::run::run_configured(Target::Episode(episode), opening, config_dir, &config)
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
/// not even a corrupt one (that is the reader's job to set aside). Exit
/// status 1 when an export has nothing to export.
fn run_bookmarks(config_dir: Option<&Path>, action: BookmarksAction) -> anyhow::Result<ExitCode> {
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
        BookmarksAction::Export {
            format,
            output,
            episode,
            since,
        } => {
            let selection = bookmarks::selection(episode.as_deref(), since.as_deref());
            let chosen = selection.apply(&all);
            if chosen.is_empty() {
                // No file written, none overwritten: exit 1, as grep.
                eprintln!("earmark: nothing to export: {}", why_nothing(all.len()));
                return Ok(ExitCode::from(1));
            }
            (export(&chosen, format), output)
        }
    };
    match output {
        Some(path) => atomic::write_atomically(&path, text.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => write_stdout(|out| out.write_all(text.as_bytes()))?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Why an export is empty: no bookmarks at all, or none selected.
fn why_nothing(count: usize) -> String {
    match count {
        0 => "no bookmarks saved yet".into(),
        1 => "the one bookmark is not selected".into(),
        n => format!("none of the {n} bookmarks is selected"),
    }
}

/// The bookmarks in an export format.
fn export(chosen: &[bookmarks::Bookmark], format: ExportFormat) -> String {
    match format {
        ExportFormat::Md => bookmarks::export_markdown(chosen),
        ExportFormat::Json => bookmarks::export_json(chosen),
        ExportFormat::Csv => bookmarks::export_csv(chosen),
    }
}

/// `earmark dump … | head` closes the pipe early: that is not an error.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error
        .downcast_ref::<io::Error>()
        .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
}
