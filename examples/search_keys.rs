//! CPU time per key of a query typed into a search, in-process (no
//! terminal, no drawing): the library's `/` over every episode under a
//! folder, or the reader's `/` in one file. Each prefix of the query is
//! searched as the worker does after each key, then the last few keys are
//! deleted one by one and typed again. CPU time is the whole process's
//! (every thread), so it is steady on a loaded machine; for the library,
//! also the CPU time until the first results were handed on (the first
//! screenful), `-` when the whole answer came first.
//!
//! ```sh
//! cargo run --release --example search_keys -- /tmp/wt-search-scale/x10 'product market'
//! cargo run --release --example search_keys -- /tmp/wt-search-scale/big.md 'product market'
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use earmark::episode::Episode;
use earmark::formats;
use earmark::search::{Query, SearchOptions};
use earmark::tui::action::{Action, SearchRequest};
use earmark::tui::search_worker::SearchRunner;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(path), query) = (args.next(), args.next()) else {
        eprintln!("usage: search_keys DIR|FILE [QUERY]");
        return ExitCode::from(2);
    };
    let query = query.unwrap_or_else(|| "product market".into());
    let path = PathBuf::from(path);
    let episodes = load(&path);
    let bytes: usize = episodes.iter().map(|(_, e)| text_bytes(e)).sum();
    let library = path.is_dir();
    println!(
        "{} episodes, {:.0} MB of text; {} search",
        episodes.len(),
        bytes as f64 / 1e6,
        if library { "library" } else { "reader" }
    );
    let mut runner = SearchRunner::default();
    let mut generation = 0;
    for typed in keys(&query) {
        generation += 1;
        let Ok(parsed) = Query::parse(&typed, SearchOptions::default()) else {
            continue;
        };
        let request = request(library, generation, parsed, &episodes);
        let started = cpu_now();
        // The first results handed on while the search runs: what the
        // library shows first (the reader hands on nothing before the end).
        let mut first_shown = None;
        let never = |_| false;
        let answer = runner.answer_as_found(request, &never, &mut |_| {
            first_shown.get_or_insert_with(|| cpu_now() - started);
        });
        let cpu = cpu_now() - started;
        let Some(answer) = answer else { continue };
        let first =
            first_shown.map_or("-".to_string(), |t| format!("{:.1}", t.as_secs_f64() * 1e3));
        println!(
            "{:>16} {:>6.1} ms CPU (first screenful {:>5} ms)  {}",
            format!("{typed:?}"),
            cpu.as_secs_f64() * 1e3,
            first,
            found(&answer)
        );
    }
    ExitCode::SUCCESS
}

/// Every prefix of `query`, then the last three keys deleted and typed again.
fn keys(query: &str) -> Vec<String> {
    let chars: Vec<char> = query.chars().collect();
    let mut keys: Vec<String> = (1..=chars.len())
        .map(|n| chars[..n].iter().collect())
        .collect();
    let back = chars.len().saturating_sub(3).max(1);
    keys.extend(
        (back..chars.len())
            .rev()
            .map(|n| chars[..n].iter().collect()),
    );
    keys.extend((back + 1..=chars.len()).map(|n| chars[..n].iter().collect()));
    keys
}

fn request(
    library: bool,
    generation: u64,
    query: Query,
    episodes: &[(usize, Arc<Episode>)],
) -> SearchRequest {
    let query = Arc::new(query);
    match (library, episodes.first()) {
        (false, Some((_, episode))) => SearchRequest::Episode {
            generation,
            query,
            episode: Arc::clone(episode),
            from: 0,
        },
        _ => SearchRequest::Library {
            generation,
            query,
            episodes: episodes.to_vec(),
        },
    }
}

fn found(answer: &Action) -> String {
    match answer {
        Action::SearchResults { hits, .. } => format!("{} hits", hits.len()),
        Action::LibrarySearchResults { results, .. } => format!(
            "{} hits in {} episodes",
            results.iter().map(|r| r.count).sum::<usize>(),
            results.len()
        ),
        _ => String::new(),
    }
}

fn text_bytes(episode: &Episode) -> usize {
    (0..episode.segments.len())
        .map(|i| episode.segment_text(i).len())
        .sum()
}

/// The episodes under `path` (a folder, searched recursively) or in it.
fn load(path: &Path) -> Vec<(usize, Arc<Episode>)> {
    let mut files = Vec::new();
    collect(path, &mut files);
    files.sort();
    files
        .iter()
        .filter_map(|file| formats::parse_file(file).ok())
        .enumerate()
        .map(|(i, episode)| (i, Arc::new(episode)))
        .collect()
}

fn collect(path: &Path, files: &mut Vec<PathBuf>) {
    match std::fs::read_dir(path) {
        Ok(entries) => entries
            .flatten()
            .for_each(|entry| collect(&entry.path(), files)),
        Err(_) => files.push(path.to_path_buf()),
    }
}

fn cpu_now() -> Duration {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}
