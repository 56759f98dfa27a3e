//! Runs the real binary in a pseudo-terminal and reads its screen with vt100,
//! so end-to-end tests need nothing installed.

#![allow(dead_code)] // each test file uses a different part of this

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// How long to wait for the screen to show something before failing.
pub const PATIENCE: Duration = Duration::from_secs(10);

/// A program running in a pseudo-terminal, with its screen.
pub struct Pty {
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    parser: Arc<Mutex<vt100::Parser>>,
    /// Everything the program wrote, for checks on raw bytes.
    output: Arc<Mutex<Vec<u8>>>,
    /// The config directory earmark uses ($EARMARK_CONFIG_DIR): a fresh
    /// one per test, so tests never touch the user's, nor each other's.
    pub config: tempfile::TempDir,
}

impl Pty {
    /// Runs `sh -c script` (with `$0` set to the earmark binary) in a
    /// terminal of `cols` × `rows`.
    pub fn shell(script: &str, cols: u16, rows: u16, envs: &[(&str, &str)]) -> Pty {
        let pair = native_pty_system()
            .openpty(size(cols, rows))
            .expect("open a pty");
        let mut cmd = CommandBuilder::new("sh");
        cmd.args(["-c", script, env!("CARGO_BIN_EXE_earmark")]);
        cmd.env("TERM", "xterm-256color");
        cmd.env(super::cli::CACHE_DIR_ENV, super::cli::test_cache_dir());
        cmd.env_remove("NO_COLOR");
        // A dark background, as rxvt says it: vt100 answers no query, so
        // `theme: auto` would wait out its timeout at every start.
        cmd.env("COLORFGBG", "15;0");
        let config = tempfile::tempdir().expect("a temporary config dir");
        cmd.env("EARMARK_CONFIG_DIR", config.path());
        for (key, value) in envs {
            cmd.env(key, value);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn in the pty");
        drop(pair.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let output = Arc::new(Mutex::new(Vec::new()));
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let (screen, raw) = (Arc::clone(&parser), Arc::clone(&output));
        thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                screen.lock().unwrap().process(&buf[..n]);
                raw.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        let writer = pair.master.take_writer().expect("pty writer");
        Pty {
            master: pair.master,
            writer,
            child,
            parser,
            output,
            config,
        }
    }

    /// Runs earmark with `args`, then prints its exit status and the
    /// terminal's settings, so a test can check the terminal came back.
    pub fn earmark(args: &str, cols: u16, rows: u16) -> Pty {
        let script = format!("\"$0\" {args}; echo EXIT=$?; stty -a; sleep 30");
        Pty::shell(&script, cols, rows, &[])
    }

    /// A copy of the screen as it is now.
    pub fn parser_screen(&self) -> vt100::Screen {
        self.parser.lock().unwrap().screen().clone()
    }

    /// The screen's text.
    pub fn contents(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Runs `check` on the screen until it passes or patience runs out.
    pub fn wait_for(&self, what: &str, check: impl Fn(&vt100::Screen) -> bool) {
        let deadline = Instant::now() + PATIENCE;
        while Instant::now() < deadline {
            if check(self.parser.lock().unwrap().screen()) {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        panic!("timed out waiting for {what}; screen:\n{}", self.contents());
    }

    /// Waits until the screen shows `text`.
    pub fn wait_for_text(&self, text: &str) {
        self.wait_for(&format!("{text:?}"), |s| s.contents().contains(text));
    }

    /// Waits until the screen's first row shows `text`: where a jump puts
    /// its target (the second row, under the speaker's name when it is
    /// pinned on the first).
    pub fn wait_for_top_row(&self, text: &str) {
        self.wait_for(&format!("{text:?} at the top"), |s| {
            let contents = s.contents();
            let mut rows = contents.lines();
            let first = rows.next().unwrap_or("");
            let pinned = first.contains("(continued)");
            first.contains(text) || (pinned && rows.next().unwrap_or("").contains(text))
        });
    }

    /// Types keys (raw bytes: `"j"`, `"\x1b[B"` for Down, …) and gives the
    /// program a moment, so an Esc is not read as Alt with the next key.
    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        thread::sleep(Duration::from_millis(60));
    }

    /// Resizes the terminal (the program gets SIGWINCH).
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.parser
            .lock()
            .unwrap()
            .screen_mut()
            .set_size(rows, cols);
        self.master.resize(size(cols, rows)).unwrap();
        thread::sleep(Duration::from_millis(60));
    }

    /// The shell's pid.
    pub fn shell_pid(&self) -> u32 {
        self.child.process_id().expect("child pid")
    }

    /// The pid of the shell's child (earmark), once it has started.
    pub fn earmark_pid(&self) -> u32 {
        let pid = self.shell_pid();
        let children = std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children"))
            .expect("read the shell's children");
        children
            .split_whitespace()
            .next()
            .expect("earmark is running")
            .parse()
            .unwrap()
    }

    /// Everything written so far.
    pub fn output(&self) -> Vec<u8> {
        self.output.lock().unwrap().clone()
    }

    /// Whether the screen is back to how a shell leaves it: main screen,
    /// cursor visible, no mouse reporting.
    pub fn screen_is_restored(&self) -> bool {
        let parser = self.parser.lock().unwrap();
        let screen = parser.screen();
        !screen.alternate_screen()
            && !screen.hide_cursor()
            && screen.mouse_protocol_mode() == vt100::MouseProtocolMode::None
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

fn size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

/// Checks `stty -a` output (printed after earmark exits) for cooked mode
/// with echo.
pub fn is_cooked_with_echo(screen_text: &str) -> bool {
    let words: Vec<&str> = screen_text.split_whitespace().collect();
    words.contains(&"icanon") && words.contains(&"echo") && !words.contains(&"-icanon")
}
