//! `earmark search PATTERN DIR` beside `rg -i -F -c PATTERN DIR`, both as
//! processes (start-up and reading the files included), in the same run, on
//! the same folder, with their output sent to the null device. Issue 6's
//! target: earmark within 1.5× of rg. Run with
//! `EARMARK_CORPUS=../shared/corpus cargo bench --bench search_command`.
//!
//! The archive is built once per run in a temporary folder: the 25 episodes
//! of `$EARMARK_CORPUS/episodes` copied 12 times (300 files, ~25 MB), or,
//! without a corpus, the seed `assets/karina-nguyen.md` copied 300 times
//! (~21 MB, with no `growth` or `product-market fit` in it, so those two
//! time a search that finds nothing); the first lines of the output say
//! which.
//!
//! Each pattern is a criterion group with the two commands in it. After
//! criterion, a table gives each pattern's medians and ratio from a
//! measurement of its own: [`INTERLEAVED_RUNS`] runs of each command, rg and
//! earmark alternating. Criterion times one command for seconds and then
//! the other, so a build another engineer starts on this shared machine can
//! land on one side only; alternating run by run puts the same load on both,
//! which is what a ratio needs. (Criterion's saved estimates were the other
//! choice; besides that, they outlive the run, so a filtered run would mix
//! old and new figures.) The table covers every pattern even when a filter
//! limits the criterion groups, and is skipped in test mode
//! (`cargo test --benches`). Criterion's "change" lines compare with the
//! previous run, even one on the other archive.
//!
//! About 45 s once built: per command 1 s of warm-up and 2 s of 20 flat
//! samples, then the table's 400 runs.
//!
//! Without `rg` on the PATH, earmark is timed alone and the output says so.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode};
use tempfile::TempDir;

const EARMARK: &str = env!("CARGO_BIN_EXE_earmark");
const SEED: &[u8] = include_bytes!("../assets/karina-nguyen.md");
/// Copies of the corpus: 25 episodes × 12 = 300 files, ~25 MB.
const CORPUS_COPIES: usize = 12;
/// Copies of the seed when there is no corpus: the same 300 files.
const SEED_COPIES: usize = 300;
/// Runs of each command in the table's own measurement.
const INTERLEAVED_RUNS: usize = 40;
/// Issue 6: earmark search within this factor of rg.
const TARGET_RATIO: f64 = 1.5;

/// Whether a pattern occurs in the archive, so that the exit status to
/// expect (0 a match, 1 none; 2 would be an error) is known before timing.
#[derive(Clone, Copy)]
enum Expect {
    Matches,
    NoMatch,
}

impl Expect {
    fn exit_code(self) -> i32 {
        match self {
            Expect::Matches => 0,
            Expect::NoMatch => 1,
        }
    }
}

/// A timed pattern and whether it occurs in each archive: the seed has no
/// `growth` or `product-market fit` in its transcript.
struct Pattern {
    text: &'static str,
    in_corpus: Expect,
    in_seed: Expect,
}

impl Pattern {
    const fn new(text: &'static str, in_corpus: Expect, in_seed: Expect) -> Pattern {
        Pattern {
            text,
            in_corpus,
            in_seed,
        }
    }

    fn expect_in(&self, source: ArchiveSource) -> Expect {
        match source {
            ArchiveSource::Corpus => self.in_corpus,
            ArchiveSource::Seed => self.in_seed,
        }
    }
}

/// Common, very common, common, rare, absent (in the corpus).
const PATTERNS: [Pattern; 5] = [
    Pattern::new("growth", Expect::Matches, Expect::NoMatch),
    Pattern::new("the", Expect::Matches, Expect::Matches),
    Pattern::new("ai", Expect::Matches, Expect::Matches),
    Pattern::new("product-market fit", Expect::Matches, Expect::NoMatch),
    Pattern::new("zebra crossing", Expect::NoMatch, Expect::NoMatch),
];

#[derive(Clone, Copy)]
enum ArchiveSource {
    Corpus,
    Seed,
}

/// The folder both commands search; removed when dropped.
struct Archive {
    dir: TempDir,
    source: ArchiveSource,
    description: String,
}

/// The episodes of `$EARMARK_CORPUS/episodes`, if it names a folder that
/// has any.
fn corpus_episodes() -> Option<Vec<PathBuf>> {
    let corpus = PathBuf::from(env::var_os("EARMARK_CORPUS")?);
    let mut episodes: Vec<PathBuf> = fs::read_dir(corpus.join("episodes"))
        .ok()?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .collect();
    episodes.sort();
    (!episodes.is_empty()).then_some(episodes)
}

fn build_archive() -> Archive {
    let dir = tempfile::tempdir().expect("a temporary folder for the archive");
    let (source, description) = match corpus_episodes() {
        Some(episodes) => (ArchiveSource::Corpus, copy_corpus(&episodes, dir.path())),
        None => (ArchiveSource::Seed, copy_seed(dir.path())),
    };
    Archive {
        dir,
        source,
        description,
    }
}

/// One subfolder per copy, the file names kept, as the hyperfine recipe in
/// BENCHMARKS.md lays them out.
fn copy_corpus(episodes: &[PathBuf], root: &Path) -> String {
    let mut bytes = 0;
    for copy in 1..=CORPUS_COPIES {
        let folder = root.join(format!("copy-{copy:02}"));
        fs::create_dir(&folder).expect("a folder in the archive");
        for episode in episodes {
            let name = episode.file_name().expect("an episode file has a name");
            bytes += fs::copy(episode, folder.join(name)).expect("copy an episode");
        }
    }
    format!(
        "the corpus ($EARMARK_CORPUS): {} episodes × {CORPUS_COPIES} = {} files, {:.1} MB",
        episodes.len(),
        episodes.len() * CORPUS_COPIES,
        megabytes(bytes),
    )
}

fn copy_seed(root: &Path) -> String {
    for copy in 1..=SEED_COPIES {
        fs::write(root.join(format!("seed-{copy:03}.md")), SEED).expect("write a seed copy");
    }
    format!(
        "the seed assets/karina-nguyen.md × {SEED_COPIES} ({:.1} MB, without `growth` or \
         `product-market fit`; set EARMARK_CORPUS to a folder with episodes/*.md for the \
         real archive)",
        megabytes((SEED.len() * SEED_COPIES) as u64),
    )
}

/// Decimal megabytes, as BENCHMARKS.md counts them.
fn megabytes(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

/// One of the two commands, without the folder it searches.
struct Tool {
    program: PathBuf,
    args: Vec<String>,
}

impl Tool {
    fn earmark(pattern: &str) -> Tool {
        Tool {
            program: PathBuf::from(EARMARK),
            args: vec!["search".into(), pattern.into()],
        }
    }

    fn rg(rg: &Path, pattern: &str) -> Tool {
        Tool {
            program: rg.to_path_buf(),
            args: ["-i", "-F", "-c", pattern].map(String::from).to_vec(),
        }
    }

    /// Runs over `dir` with no input and all output thrown away, as
    /// `hyperfine -N` with output to /dev/null.
    fn run(&self, dir: &Path) -> ExitStatus {
        Command::new(&self.program)
            .args(&self.args)
            .arg(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", self.program.display()))
    }

    fn time(&self, dir: &Path) -> Duration {
        let start = Instant::now();
        self.run(dir);
        start.elapsed()
    }
}

/// The first `rg` on the PATH that runs, with its version line.
fn find_rg() -> Option<(PathBuf, String)> {
    let path = env::var_os("PATH")?;
    env::split_paths(&path)
        .map(|dir| dir.join("rg"))
        .filter(|candidate| candidate.is_file())
        .find_map(|rg| rg_version(&rg).map(|version| (rg, version)))
}

fn rg_version(rg: &Path) -> Option<String> {
    let output = Command::new(rg).arg("--version").output().ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    let first_line = text.lines().next()?.to_string();
    output.status.success().then_some(first_line)
}

/// Fails the bench before any timing if a command does not exit as the
/// pattern expects: timing a usage error or a crash would look like speed.
fn check_exit_status(tool: &Tool, expect: Expect, dir: &Path) {
    let status = tool.run(dir);
    assert_eq!(
        status.code(),
        Some(expect.exit_code()),
        "`{} {}` exited with {status}, not {}: nothing to time",
        tool.program.display(),
        tool.args.join(" "),
        expect.exit_code(),
    );
}

fn check_exit_statuses(archive: &Archive, rg: Option<&Path>) {
    let dir = archive.dir.path();
    for pattern in &PATTERNS {
        let expect = pattern.expect_in(archive.source);
        check_exit_status(&Tool::earmark(pattern.text), expect, dir);
        if let Some(rg) = rg {
            check_exit_status(&Tool::rg(rg, pattern.text), expect, dir);
        }
    }
}

/// One criterion group per pattern: rg first, then earmark.
fn bench_pattern(c: &mut Criterion, pattern: &str, rg: Option<&Path>, dir: &Path) {
    let mut group = c.benchmark_group(format!("search_command {pattern}"));
    // A run takes 5–50 ms: linear sampling would need 210 of them per
    // function for 20 samples, flat sampling 20 or a few more.
    group.sampling_mode(SamplingMode::Flat);
    if let Some(rg) = rg {
        let tool = Tool::rg(rg, pattern);
        group.bench_function("rg -i -F -c", |b| b.iter(|| tool.run(dir)));
    }
    let tool = Tool::earmark(pattern);
    group.bench_function("earmark search", |b| b.iter(|| tool.run(dir)));
    group.finish();
}

/// Criterion benchmarks only under `cargo bench` (`--bench` given, and
/// neither `--test`, `--list` nor `--profile-time`); the table follows it.
fn is_benchmark_run() -> bool {
    let args: Vec<String> = env::args().collect();
    let given = |flag: &str| args.iter().any(|a| a == flag);
    given("--bench") && !given("--test") && !given("--list") && !given("--profile-time")
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    let mid = times.len() / 2;
    if times.len().is_multiple_of(2) {
        (times[mid - 1] + times[mid]) / 2
    } else {
        times[mid]
    }
}

/// One row of the table: rg's median (if rg was found) and earmark's.
struct Medians {
    pattern: &'static str,
    rg: Option<Duration>,
    earmark: Duration,
}

/// Medians of [`INTERLEAVED_RUNS`] runs of each command, alternating rg
/// and earmark, and which goes first alternating too, so neither always
/// runs right after the other.
fn measure_interleaved(pattern: &'static str, rg: Option<&Path>, dir: &Path) -> Medians {
    let rg = rg.map(|rg| Tool::rg(rg, pattern));
    let earmark = Tool::earmark(pattern);
    let (mut rg_times, mut earmark_times) = (Vec::new(), Vec::new());
    for run in 0..INTERLEAVED_RUNS {
        let earmark_first = run.is_multiple_of(2);
        if earmark_first {
            earmark_times.push(earmark.time(dir));
        }
        if let Some(rg) = &rg {
            rg_times.push(rg.time(dir));
        }
        if !earmark_first {
            earmark_times.push(earmark.time(dir));
        }
    }
    Medians {
        pattern,
        rg: rg.is_some().then(|| median(rg_times)),
        earmark: median(earmark_times),
    }
}

fn millis(time: Duration) -> String {
    format!("{:.2} ms", time.as_secs_f64() * 1e3)
}

fn print_table(rows: &[Medians]) {
    println!(
        "\nMedians of {INTERLEAVED_RUNS} interleaved runs each (processes, output to the null device):\n"
    );
    println!(
        "{:<20} {:>10} {:>15} {:>6}  ratio ≤ {TARGET_RATIO}",
        "pattern", "rg", "earmark search", "ratio"
    );
    for row in rows {
        let ratio = row
            .rg
            .map(|rg| row.earmark.as_secs_f64() / rg.as_secs_f64());
        println!(
            "{:<20} {:>10} {:>15} {:>6}  {}",
            format!("{:?}", row.pattern),
            row.rg.map_or("-".into(), millis),
            millis(row.earmark),
            ratio.map_or("-".into(), |r| format!("{r:.2}")),
            target_verdict(ratio),
        );
    }
}

fn target_verdict(ratio: Option<f64>) -> &'static str {
    match ratio {
        None => "- (no rg)",
        Some(ratio) if ratio <= TARGET_RATIO => "yes",
        Some(_) => "NO",
    }
}

fn main() {
    let archive = build_archive();
    let dir = archive.dir.path();
    let rg = find_rg();
    let rg_path = rg.as_ref().map(|(path, _)| path.as_path());
    println!("archive: {} in {}", archive.description, dir.display());
    match &rg {
        Some((path, version)) => println!("rg: {} ({version})", path.display()),
        None => println!("rg: not found on the PATH; timing earmark search alone"),
    }
    println!("earmark: {EARMARK}");

    check_exit_statuses(&archive, rg_path);

    let mut criterion = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args();
    for pattern in &PATTERNS {
        bench_pattern(&mut criterion, pattern.text, rg_path, dir);
    }
    criterion.final_summary();

    if is_benchmark_run() {
        let rows: Vec<Medians> = PATTERNS
            .iter()
            .map(|pattern| measure_interleaved(pattern.text, rg_path, dir))
            .collect();
        print_table(&rows);
    }
}
