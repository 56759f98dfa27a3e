//! What wakes the event loop, from threads of its own: terminal events,
//! signals, and a terminal that went away.
//!
//! A terminal that goes away (its window closed, the SSH link dropped) may
//! send no SIGHUP to earmark (only to the session's leader), and
//! crossterm's reader does not return then: a hung-up terminal reads as 0
//! bytes, and it reads again, for ever. So a watcher thread waits in
//! poll(2) for the hang-up itself (asking for no events, so keys do not
//! wake it) and tells the loop to leave.

use std::fs::File;
use std::io;
use std::os::fd::OwnedFd;
use std::sync::Arc;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::mpsc::Sender;
use std::thread;

use crossterm::event::{self, Event};
use rustix::event::{PollFd, PollFlags};
use signal_hook::consts::signal::{SIGHUP, SIGINT, SIGTERM, SIGTSTP};
use signal_hook::iterator::Signals;

use super::action::Action;

/// What wakes the event loop.
pub enum Input {
    Terminal(Event),
    /// SIGTERM, SIGHUP or SIGINT, or the terminal is gone: leave now.
    Terminate,
    /// SIGTSTP from outside (`kill -TSTP`): suspend like Ctrl-z.
    Stop,
    /// An answer the user waits for (search results): drawn at once.
    Action(Action),
    /// Background progress (library files found and loaded): drawn at a
    /// steady pace rather than once per message.
    Progress(Vec<Action>),
}

/// Why earmark must leave, set from any thread as soon as it must, for the
/// loop to see before anything still queued: the signal, or SIGHUP for a
/// terminal that went away without one. The first reason is kept.
#[derive(Debug, Clone, Default)]
pub struct Leaving(Arc<AtomicI32>);

impl Leaving {
    fn set(&self, signal: i32) {
        let _ = self
            .0
            .compare_exchange(0, signal, Ordering::SeqCst, Ordering::SeqCst);
    }

    /// The signal earmark leaves for, once it must.
    pub fn signal(&self) -> Option<i32> {
        Some(self.0.load(Ordering::SeqCst)).filter(|&signal| signal != 0)
    }
}

/// Starts the threads that turn terminal events, signals and a hang-up
/// into [`Input`], and says why once earmark must leave.
pub fn spawn_threads(sender: &Sender<Input>) -> io::Result<Leaving> {
    let leaving = Leaving::default();
    let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT, SIGTSTP])?;
    let (signal_sender, flag) = (sender.clone(), leaving.clone());
    thread::spawn(move || {
        for signal in signals.forever() {
            let input = if signal == SIGTSTP {
                Input::Stop
            } else {
                flag.set(signal);
                Input::Terminate
            };
            if signal_sender.send(input).is_err() {
                return;
            }
        }
    });
    if let Ok(terminal) = open_terminal() {
        let (watch_sender, flag) = (sender.clone(), leaving.clone());
        thread::spawn(move || {
            wait_for_hang_up(&terminal);
            flag.set(SIGHUP);
            let _ = watch_sender.send(Input::Terminate);
        });
    }
    let (sender, flag) = (sender.clone(), leaving.clone());
    thread::spawn(move || {
        while let Ok(event) = event::read() {
            if sender.send(Input::Terminal(event)).is_err() {
                return;
            }
        }
        // The terminal is gone (read failed): ask the loop to leave.
        flag.set(SIGHUP);
        let _ = sender.send(Input::Terminate);
    });
    Ok(leaving)
}

/// A second handle on the terminal crossterm reads: standard input when it
/// is a terminal, else `/dev/tty`.
fn open_terminal() -> io::Result<OwnedFd> {
    let stdin = rustix::stdio::stdin();
    if rustix::termios::isatty(stdin) {
        Ok(rustix::io::dup(stdin)?)
    } else {
        Ok(OwnedFd::from(File::open("/dev/tty")?))
    }
}

/// Returns once the terminal is hung up or closed (or cannot be watched).
fn wait_for_hang_up(terminal: &OwnedFd) {
    let gone = PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL;
    loop {
        // No events asked for: only a hang-up or an error is reported.
        let mut fds = [PollFd::new(terminal, PollFlags::empty())];
        match rustix::event::poll(&mut fds, None) {
            Err(rustix::io::Errno::INTR) => continue,
            Err(_) => return,
            Ok(_) if fds[0].revents().intersects(gone) => return,
            Ok(_) => continue,
        }
    }
}
