//! Thread CPU time of turning each file given into an episode (decoding,
//! detection, the reader and the merge: what `benches/formats.rs` times),
//! the best of five reads, with nothing else in the process to profile:
//!
//! ```sh
//! cargo run --release --example read_cpu -- FILE...
//! perf record -g target/release/examples/read_cpu FILE
//! ```

use std::process::ExitCode;
use std::time::Duration;

use earmark::episode::Source;
use earmark::formats::parse_bytes;

fn main() -> ExitCode {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        eprintln!("usage: read_cpu FILE...");
        return ExitCode::from(2);
    }
    for path in paths {
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(error) => {
                eprintln!("read_cpu: {path}: {error}");
                return ExitCode::from(2);
            }
        };
        let source = || Source::File(path.clone().into());
        let mut best = Duration::MAX;
        for _ in 0..5 {
            let started = thread_cpu_time();
            let episode = parse_bytes(std::hint::black_box(&bytes), source());
            best = best.min(thread_cpu_time() - started);
            if let Err(error) = episode {
                eprintln!("read_cpu: {error}");
                return ExitCode::from(2);
            }
        }
        let mb_per_s = bytes.len() as f64 / 1e6 / best.as_secs_f64().max(1e-9);
        println!(
            "{:>8.1} ms {mb_per_s:>6.0} MB/s  {path}",
            best.as_secs_f64() * 1e3
        );
    }
    ExitCode::SUCCESS
}

fn thread_cpu_time() -> Duration {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}
