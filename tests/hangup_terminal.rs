//! The terminal going away (its window closed, the SSH link dropped) ends
//! earmark within a second even in the middle of loading a big library,
//! with the reader's place saved, whether or not a SIGHUP reaches it.

mod support;

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::BorrowedFd;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use support::pty::Pty;

/// A terminal whose far end can be dropped. What earmark writes may be kept
/// as bytes (no screen model), so a test can wait for a frame to arrive;
/// the reading stops at a given text, as its copy of the terminal would
/// otherwise keep the far end open.
///
/// Keys go through a copy of the master's descriptor, not portable_pty's
/// writer: dropping that writer types a newline and Ctrl-D (the terminal's
/// end-of-file) for the program on the other side, which earmark, in raw
/// mode, reads as keys (Ctrl-D scrolls half a page) when they reach it
/// before the hang-up does. A closing terminal window types nothing.
struct Terminal {
    master: Box<dyn MasterPty + Send>,
    keys: File,
    child: Box<dyn Child + Send + Sync>,
    output: Arc<Mutex<Vec<u8>>>,
}

impl Terminal {
    /// Runs `sh -c script` (`$0`: earmark) with `config` as the config dir;
    /// what earmark writes is kept until it has written `read_until`.
    fn open(script: &str, config: &Path, read_until: Option<&'static str>) -> Terminal {
        let size = PtySize {
            rows: 10,
            cols: 40,
            pixel_width: 0,
            pixel_height: 0,
        };
        let pair = native_pty_system().openpty(size).expect("a pty");
        let mut cmd = CommandBuilder::new("sh");
        cmd.args(["-c", script, env!("CARGO_BIN_EXE_earmark")]);
        cmd.env("TERM", "xterm-256color");
        cmd.env(support::cli::CACHE_DIR_ENV, support::cli::test_cache_dir());
        cmd.env("EARMARK_CONFIG_DIR", config);
        let child = pair.slave.spawn_command(cmd).expect("spawn");
        drop(pair.slave);
        let master_fd = pair.master.as_raw_fd().expect("a master descriptor");
        // SAFETY: the descriptor belongs to `pair.master`, alive here; the
        // copy made from it is owned on its own.
        let master_fd = unsafe { BorrowedFd::borrow_raw(master_fd) };
        let keys = File::from(rustix::io::dup(master_fd).expect("a copy of the master"));
        let output = Arc::new(Mutex::new(Vec::new()));
        if let Some(last) = read_until {
            let mut reader = pair.master.try_clone_reader().expect("a reader");
            let sink = Arc::clone(&output);
            thread::spawn(move || {
                let mut chunk = [0u8; 4096];
                while let Ok(n @ 1..) = reader.read(&mut chunk) {
                    let mut output = sink.lock().unwrap();
                    output.extend_from_slice(&chunk[..n]);
                    if contains(&output, last) {
                        return; // drops this copy of the terminal
                    }
                }
            });
        }
        Terminal {
            master: pair.master,
            keys,
            child,
            output,
        }
    }

    /// Waits until earmark has written `text` (a frame showing it).
    fn wait_for_output(&self, text: &str) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            if contains(&self.output.lock().unwrap(), text) {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        panic!("earmark never wrote {text:?}");
    }

    /// earmark's pid: the shell's child, or the shell itself after `exec`.
    fn earmark_pid(&self) -> u32 {
        let shell = self.child.process_id().expect("a pid");
        let children = std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children"))
            .unwrap_or_default();
        children
            .split_whitespace()
            .next()
            .map_or(shell, |pid| pid.parse().expect("a pid"))
    }

    fn type_keys(&mut self, keys: &str) {
        self.keys.write_all(keys.as_bytes()).unwrap();
    }

    /// Closes the terminal's far end, as a closed window does (typing
    /// nothing first).
    fn hang_up(self) -> Box<dyn Child + Send + Sync> {
        drop(self.keys);
        drop(self.master);
        self.child
    }
}

fn contains(output: &[u8], text: &str) -> bool {
    output.windows(text.len()).any(|w| w == text.as_bytes())
}

/// Whether process `pid` has ended (gone, or a zombie nobody reaped).
fn has_ended(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => stat
            .rsplit(')')
            .next()
            .unwrap_or("")
            .trim_start()
            .starts_with('Z'),
        Err(_) => true,
    }
}

/// How long `pid` took to end, if it did within `patience`.
fn time_to_end(pid: u32, patience: Duration) -> Option<Duration> {
    let start = Instant::now();
    while start.elapsed() < patience {
        if has_ended(pid) {
            return Some(start.elapsed());
        }
        thread::sleep(Duration::from_millis(10));
    }
    None
}

/// A folder of `count` small transcripts.
fn big_library(count: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..count {
        let text = format!(
            "---\ntitle: Episode {i}\npublish_date: 2020-01-{:02}\n---\n\n\
             Host (00:00:01):\nHello number {i}.\n\nGuest (00:00:05):\nHi.\n",
            1 + i % 28
        );
        std::fs::write(dir.path().join(format!("ep{i:05}.md")), text).unwrap();
    }
    dir
}

#[test]
fn a_library_loading_in_a_terminal_that_goes_away_ends_within_two_seconds() {
    let library = big_library(5000);
    let folder = library.path().display().to_string();
    // As the session's leader earmark gets SIGHUP; as a shell's child it
    // does not, and must see the terminal go.
    for script in [
        format!("exec \"$0\" '{folder}'"),
        format!("\"$0\" '{folder}'; sleep 30"),
    ] {
        let config = tempfile::tempdir().unwrap();
        let terminal = Terminal::open(&script, config.path(), None);
        thread::sleep(Duration::from_millis(500));
        let pid = terminal.earmark_pid();
        assert!(
            !has_ended(pid),
            "{script}: earmark ended before the hang-up"
        );
        let mut child = terminal.hang_up();
        let took = time_to_end(pid, Duration::from_secs(10));
        let _ = child.kill();
        let took = took.unwrap_or_else(|| panic!("{script}: still running 10 s later"));
        eprintln!("{script}: ended {took:?} after the hang-up");
        assert!(
            took < Duration::from_secs(2),
            "{script}: ended {took:?} after the hang-up"
        );
    }
}

#[test]
fn the_reading_position_is_saved_when_the_terminal_goes_away() {
    let dir = tempfile::tempdir().unwrap();
    let episode = dir.path().join("karina.md");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(root.join("assets/karina-nguyen.md"), &episode).unwrap();
    let config = dir.path().join("config");
    let script = format!("\"$0\" '{}'; sleep 30", episode.display());
    let mut terminal = Terminal::open(&script, &config, Some("00:29:09"));
    terminal.wait_for_output("1:14:34"); // the first frame's status line
    terminal.type_keys("t30:00\r");
    terminal.wait_for_output("00:29:09");
    thread::sleep(Duration::from_millis(300)); // the frames after the jump
    let pid = terminal.earmark_pid();
    let mut child = terminal.hang_up();
    let took = time_to_end(pid, Duration::from_secs(10));
    let _ = child.kill();
    assert!(took.is_some_and(|t| t < Duration::from_secs(1)), "{took:?}");

    // A new run (at the same size) opens the episode where the lost
    // terminal left it.
    let config = config.display().to_string();
    let envs = [("EARMARK_CONFIG_DIR", config.as_str())];
    let script = format!("\"$0\" '{}'; sleep 30", episode.display());
    let pty = Pty::shell(&script, 40, 10, &envs);
    // The segment at 00:29:09 is current again, at the top of the screen
    // as the jump left it, and the status line says so.
    pty.wait_for_text("resumed at 29:09");
    pty.wait_for_top_row("00:29:09");
}
