//! The event loop and the terminal guard: the only place with terminal I/O.
//!
//! Input and signals arrive on one channel from two threads, so the loop
//! blocks until something happens, applies everything pending, and draws
//! once. The terminal is given back on every way out: return, error, panic,
//! SIGTERM, SIGHUP, SIGINT; Ctrl-z suspends and `fg` redraws in full.

use std::io::{self, Stdout, Write};
use std::sync::Arc;
use std::sync::mpsc::{self, Sender};
use std::thread;

use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind};
use crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use signal_hook::consts::signal::{SIGHUP, SIGINT, SIGTERM, SIGTSTP};
use signal_hook::iterator::Signals;

use super::action::{Action, Effect};
use super::app::{App, update};
use super::keymap::{action_for_key, action_for_mouse};
use super::search_worker::SearchWorker;
use super::view;
use crate::episode::Episode;

/// What wakes the event loop.
enum Input {
    Terminal(Event),
    /// SIGTERM, SIGHUP or SIGINT: leave now.
    Terminate,
    /// SIGTSTP from outside (`kill -TSTP`): suspend like Ctrl-z.
    Stop,
    /// An action from a worker (search results).
    Action(Action),
}

/// Opens the reader on `episode` and runs until the user quits.
pub fn run(episode: Episode) -> anyhow::Result<()> {
    let colors = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let (sender, inputs) = mpsc::channel();
    spawn_input_threads(&sender)?;
    let episode = Arc::new(episode);
    let worker_sender = sender.clone();
    let searcher = SearchWorker::spawn(Arc::clone(&episode), move |action| {
        let _ = worker_sender.send(Input::Action(action));
    });
    let mut guard = TerminalGuard::enter()?;
    let size = guard.terminal.size()?;
    let mut app = App::new(episode, (size.width, size.height), colors);
    loop {
        guard.terminal.draw(|frame| view::draw(frame, &app))?;
        let Ok(first) = inputs.recv() else {
            return Ok(());
        };
        for input in std::iter::once(first).chain(inputs.try_iter()) {
            let action = match input {
                Input::Terminate => return Ok(()),
                Input::Stop => Some(Action::Suspend),
                Input::Action(action) => Some(action),
                Input::Terminal(event) => action_for_event(&app, event),
            };
            let Some(action) = action else { continue };
            for effect in update(&mut app, action) {
                match effect {
                    Effect::Quit => return Ok(()),
                    Effect::Suspend => guard.suspend()?,
                    Effect::Search { generation, query } => searcher.request(generation, query),
                }
            }
        }
    }
}

fn action_for_event(app: &App, event: Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => action_for_key(app.mode, key),
        Event::Mouse(mouse) => action_for_mouse(mouse),
        Event::Resize(width, height) => Some(Action::Resize(width, height)),
        _ => None,
    }
}

/// Starts the threads that turn terminal events and signals into [`Input`].
fn spawn_input_threads(sender: &Sender<Input>) -> io::Result<()> {
    let sender = sender.clone();
    let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT, SIGTSTP])?;
    let signal_sender: Sender<Input> = sender.clone();
    thread::spawn(move || {
        for signal in signals.forever() {
            let input = if signal == SIGTSTP {
                Input::Stop
            } else {
                Input::Terminate
            };
            if signal_sender.send(input).is_err() {
                return;
            }
        }
    });
    thread::spawn(move || {
        while let Ok(event) = event::read() {
            if sender.send(Input::Terminal(event)).is_err() {
                return;
            }
        }
        // The terminal is gone (read failed): ask the loop to leave.
        let _ = sender.send(Input::Terminate);
    });
    Ok(())
}

/// Raw mode, the alternate screen and mouse capture for as long as it lives;
/// the terminal as it was once it is dropped, even by a panic.
struct TerminalGuard {
    terminal: Terminal<CrosstermBackend<Stdout>>,
}

impl TerminalGuard {
    fn enter() -> io::Result<Self> {
        install_panic_hook();
        enter_screen()?;
        let terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
        Ok(Self { terminal })
    }

    /// Gives the terminal back, stops the process until `fg`, then takes the
    /// terminal again and redraws everything.
    fn suspend(&mut self) -> io::Result<()> {
        restore_screen();
        // SIGSTOP, not SIGTSTP: our own SIGTSTP handler would catch that.
        signal_hook::low_level::raise(signal_hook::consts::signal::SIGSTOP)?;
        enter_screen()?;
        // A fresh Terminal has no previous frame, so the next draw repaints
        // everything. (`Terminal::clear` would ask the terminal for the
        // cursor position, and the input thread would swallow the answer.)
        execute!(io::stdout(), Clear(ClearType::All))?;
        self.terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
        Ok(())
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_screen();
    }
}

fn enter_screen() -> io::Result<()> {
    enable_raw_mode()?;
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        cursor::Hide
    )
}

/// Best effort: every step is tried even if one fails (the terminal may be
/// gone after SIGHUP).
fn restore_screen() {
    let mut out = io::stdout();
    let _ = execute!(out, DisableMouseCapture, LeaveAlternateScreen, cursor::Show);
    let _ = disable_raw_mode();
    let _ = out.flush();
}

/// Restores the terminal before the panic message is printed, so it is
/// readable and the shell is usable.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_screen();
        previous(info);
    }));
}
