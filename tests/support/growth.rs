//! Costs that grow with the work: one measurement at N and one at 4N, in
//! the same run, as a ratio (linear ~4, n log n ~5, quadratic ~16). No
//! wall-clock limit anywhere.

#![allow(dead_code)] // each test file uses a different part of this

use std::sync::Mutex;
use std::time::Duration;

/// The ratio a linear (or n log n) cost stays under from N to 4N, with room
/// for a noisy machine. Linear is 4 and n log n about 5, but on a machine
/// shared with other work the 4N run loses more of the cache than the N
/// run, and CI has measured linear code at 6.0–6.9. A quadratic cost is 16
/// at the sizes these tests use (thousands of items and up, where the
/// square term dominates), so 8 still fails it by a factor of two.
pub const MAX_RATIO: f64 = 8.0;

/// CPU time this thread has used: unlike the clock on the wall, it does not
/// run on while other processes have the processor.
pub fn thread_cpu_time() -> Duration {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

/// CPU time every thread of this process has used: for work spread over
/// threads of its own.
pub fn process_cpu_time() -> Duration {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

/// The thread CPU time `work` takes once.
pub fn cpu_time(work: impl FnOnce()) -> Duration {
    let started = thread_cpu_time();
    work();
    thread_cpu_time() - started
}

/// Cost at 4N over cost at N, where `measure(size)` runs the work once at
/// `size` and says what it cost. The fastest of seven runs of each, taken
/// in turns so that a busy machine slows both alike, and one measurement
/// at a time in this test binary (its tests run in parallel otherwise).
pub fn ratio(n: usize, mut measure: impl FnMut(usize) -> Duration) -> f64 {
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    measure(n); // warm up the allocator and caches
    let (mut small, mut large) = (Duration::MAX, Duration::MAX);
    for _ in 0..7 {
        small = small.min(measure(n));
        large = large.min(measure(4 * n));
    }
    large.as_secs_f64() / small.as_secs_f64().max(1e-9)
}
