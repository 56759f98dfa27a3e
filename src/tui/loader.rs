//! Fills a library in the background: one thread walks the folder and hands
//! each file it finds to parser threads; what they learn comes back as
//! Actions ([`Action::LibraryScanned`], [`Action::LibraryLoaded`]), so the
//! list shows at once and fills in while the user reads, filters and types.
//! Dropping the [`Loader`] stops every thread at its next file.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use crate::episode::{self, text::clean_file_name};
use crate::formats;
use crate::library::{ScanOptions, WalkFinding, walk};

use super::action::Action;

/// Files found are sent on in batches of at most this many…
const BATCH_FILES: usize = 512;
/// …or after this long, so the first screenful shows at once.
const BATCH_TIME: Duration = Duration::from_millis(25);

/// A parser sends what it parsed in batches of at most this many files, or
/// sooner when it has nothing left to do: one wake-up of the event loop per
/// batch instead of one per file.
const BATCH_PARSED: usize = 64;

/// Why a link found while walking was left alone.
const NOT_FOLLOWED: &str = "a link to a folder outside this one (earmark --follow follows it)";

/// Where the background threads send what they find, a batch of actions at
/// a time: false once nobody listens, which stops them.
pub trait ActionSink: Fn(Vec<Action>) -> bool + Send + Sync + 'static {}
impl<F: Fn(Vec<Action>) -> bool + Send + Sync + 'static> ActionSink for F {}

/// The threads filling a library; they stop when this is dropped.
pub struct Loader {
    stop: Arc<AtomicBool>,
}

impl Loader {
    /// Starts walking `root` and parsing what it holds.
    pub fn start(root: PathBuf, options: ScanOptions, report: impl ActionSink) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let report = Arc::new(report);
        let (jobs, queue) = mpsc::channel();
        let queue = Arc::new(Mutex::new(queue));
        let parsers = thread::available_parallelism().map_or(2, |n| n.get());
        for _ in 0..parsers {
            let (queue, stop, report) =
                (Arc::clone(&queue), Arc::clone(&stop), Arc::clone(&report));
            thread::spawn(move || parse_files(&queue, &stop, &*report));
        }
        let scan_stop = Arc::clone(&stop);
        thread::spawn(move || scan(root, options, &scan_stop, &*report, &jobs));
        Self { stop }
    }
}

impl Drop for Loader {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// A parser thread: takes files (entry index, path) until there are no more.
fn parse_files(
    queue: &Mutex<Receiver<(usize, PathBuf)>>,
    stop: &AtomicBool,
    report: &dyn ActionSink,
) {
    let mut parsed = Vec::new();
    // One buffer for every file this thread reads, as `earmark search` does.
    let mut bytes = Vec::new();
    while let Some((entry, path)) = next_file(queue, &mut parsed, report) {
        if stop.load(Ordering::Relaxed) {
            return;
        }
        let result = episode::read_file_into(&path, &mut bytes)
            .and_then(|()| formats::parse_bytes(&bytes, episode::Source::File(path)))
            .map(Arc::new)
            .map_err(|e| e.reason.to_string());
        parsed.push(Action::LibraryLoaded { entry, result });
        if parsed.len() >= BATCH_PARSED && !report(std::mem::take(&mut parsed)) {
            stop.store(true, Ordering::Relaxed);
        }
    }
}

/// The next file to parse; before waiting for one, what was parsed so far
/// is sent. `None` once the walk is over and every file taken.
fn next_file(
    queue: &Mutex<Receiver<(usize, PathBuf)>>,
    parsed: &mut Vec<Action>,
    report: &dyn ActionSink,
) -> Option<(usize, PathBuf)> {
    // Another parser panicked while holding the queue: leave too.
    let queue = queue.lock().ok()?;
    match queue.try_recv() {
        Ok(job) => Some(job),
        Err(TryRecvError::Disconnected) => {
            report(std::mem::take(parsed));
            None
        }
        Err(TryRecvError::Empty) => {
            if !parsed.is_empty() {
                report(std::mem::take(parsed));
            }
            queue.recv().ok()
        }
    }
}

/// The walking thread: reports files in batches, queueing each for parsing
/// right after the batch that names it (so its entry exists first).
fn scan(
    root: PathBuf,
    options: ScanOptions,
    stop: &AtomicBool,
    report: &dyn ActionSink,
    jobs: &Sender<(usize, PathBuf)>,
) {
    let mut batch = Batch::new();
    let mut next_entry = 0;
    walk(&[root], options, stop, |found| {
        batch.add(found);
        if batch.is_due() && !batch.send(false, &mut next_entry, report, jobs) {
            stop.store(true, Ordering::Relaxed);
        }
    });
    if !stop.load(Ordering::Relaxed) {
        batch.send(true, &mut next_entry, report, jobs);
    }
}

/// What the walk found since the last report.
struct Batch {
    files: Vec<PathBuf>,
    skipped: Vec<(String, String)>,
    since: Instant,
}

impl Batch {
    fn new() -> Self {
        Self {
            files: Vec::new(),
            skipped: Vec::new(),
            since: Instant::now(),
        }
    }

    fn add(&mut self, found: WalkFinding) {
        let name = |path: &std::path::Path| clean_file_name(&path.display().to_string());
        match found {
            WalkFinding::File(path) => self.files.push(path),
            WalkFinding::Skipped(s) | WalkFinding::Error(s) => {
                self.skipped.push((name(&s.path), s.reason))
            }
            WalkFinding::NotFollowed(path) => self.skipped.push((name(&path), NOT_FOLLOWED.into())),
        }
    }

    fn is_due(&self) -> bool {
        let waiting = !self.files.is_empty() || !self.skipped.is_empty();
        self.files.len() >= BATCH_FILES || (waiting && self.since.elapsed() >= BATCH_TIME)
    }

    /// Reports the batch, then queues its files; false once nobody listens.
    fn send(
        &mut self,
        done: bool,
        next_entry: &mut usize,
        report: &dyn ActionSink,
        jobs: &Sender<(usize, PathBuf)>,
    ) -> bool {
        let files = std::mem::take(&mut self.files);
        let scanned = Action::LibraryScanned {
            files: files.clone(),
            skipped: std::mem::take(&mut self.skipped),
            done,
        };
        self.since = Instant::now();
        if !report(vec![scanned]) {
            return false;
        }
        for path in files {
            // The parsers may all have left (a stop): nothing to do then.
            let _ = jobs.send((*next_entry, path));
            *next_entry += 1;
        }
        true
    }
}
