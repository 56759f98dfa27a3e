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
use std::sync::atomic::{AtomicBool, Ordering};
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

/// Starts the threads that turn terminal events, signals and a hang-up
/// into [`Input`]. The flag it returns is set as soon as earmark must
/// leave, for the loop to see before anything still queued.
pub fn spawn_threads(sender: &Sender<Input>) -> io::Result<Arc<AtomicBool>> {
    let leaving = Arc::new(AtomicBool::new(false));
    let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT, SIGTSTP])?;
    let (signal_sender, flag) = (sender.clone(), Arc::clone(&leaving));
    thread::spawn(move || {
        for signal in signals.forever() {
            let input = if signal == SIGTSTP {
                Input::Stop
            } else {
                flag.store(true, Ordering::SeqCst);
                Input::Terminate
            };
            if signal_sender.send(input).is_err() {
                return;
            }
        }
    });
    if let Ok(terminal) = open_terminal() {
        let (watch_sender, flag) = (sender.clone(), Arc::clone(&leaving));
        thread::spawn(move || {
            wait_for_hang_up(&terminal);
            flag.store(true, Ordering::SeqCst);
            let _ = watch_sender.send(Input::Terminate);
        });
    }
    let sender = sender.clone();
    thread::spawn(move || {
        while let Ok(event) = event::read() {
            if sender.send(Input::Terminal(event)).is_err() {
                return;
            }
        }
        // The terminal is gone (read failed): ask the loop to leave.
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
