//! Writes the benchmark's big transcript to a file, so other tools (`rg`,
//! `earmark dump`) can be timed on exactly the bytes `benches/parse.rs`
//! parses in memory: the seed's front matter once, then its transcript body
//! repeated.
//!
//! ```sh
//! cargo run --release --example big_transcript -- /tmp/earmark-7mb.md 100
//! ```

use std::process::ExitCode;

/// The seed episode (the same file the built-in sample compiles in).
const SEED: &str = include_str!("../assets/karina-nguyen.md");

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(path), repeats) = (args.next(), args.next()) else {
        eprintln!("usage: big_transcript OUTPUT [REPEATS, default 100]");
        return ExitCode::from(2);
    };
    let repeats = match repeats.map(|r| r.parse::<usize>()).transpose() {
        Ok(r) => r.unwrap_or(100),
        Err(error) => {
            eprintln!("big_transcript: REPEATS: {error}");
            return ExitCode::from(2);
        }
    };
    let Some(text) = earmark::episode::repeat_transcript(SEED, repeats) else {
        eprintln!("big_transcript: the seed has no `## Transcript` line");
        return ExitCode::from(2);
    };
    if let Err(error) = std::fs::write(&path, text) {
        eprintln!("big_transcript: {path}: {error}");
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}
