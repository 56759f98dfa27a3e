//! The event loop and the terminal guard: the only place with terminal I/O.
//!
//! Input and signals arrive on one channel from two threads, so the loop
//! blocks until something happens, applies everything pending, and draws
//! once. The terminal is given back on every way out: return, error, panic,
//! SIGTERM, SIGHUP, SIGINT; Ctrl-z suspends and `fg` redraws in full.

use std::collections::VecDeque;
use std::io::{self, Stdout, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Sender};
use std::thread;
use std::time::Duration;

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
use super::bookmarks_panel;
use super::clipboard;
use super::keymap::{Mode, action_for_key, action_for_mouse};
use super::library::Library;
use super::search_worker::{SearchRequest, SearchWorker};
use super::shell::{self, Shell};
use super::store_worker::{StoreWorker, Unsaved};
use super::view;
use crate::bookmarks::Bookmark;
use crate::episode::Episode;

/// What wakes the event loop.
enum Input {
    Terminal(Event),
    /// SIGTERM, SIGHUP or SIGINT: leave now.
    Terminate,
    /// SIGTSTP from outside (`kill -TSTP`): suspend like Ctrl-z.
    Stop,
    /// An action from a worker (search results, a loaded episode).
    Action(Action),
}

/// What earmark opens.
pub enum Target {
    /// One episode in the reader.
    Episode(Episode),
    /// A library: the folder as named, its candidate files, and those
    /// skipped while scanning (path, reason).
    Library {
        root: String,
        files: Vec<PathBuf>,
        skipped: Vec<(String, String)>,
    },
}

/// Opens the TUI on `target` and runs until the user quits. Bookmarks and
/// reading positions live in `config_dir` (none: kept for this run only).
pub fn run(target: Target, config_dir: Option<PathBuf>) -> anyhow::Result<()> {
    let colors = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let (sender, inputs) = mpsc::channel();
    spawn_input_threads(&sender)?;
    let worker_sender = sender.clone();
    let searcher = SearchWorker::spawn(move |action| {
        let _ = worker_sender.send(Input::Action(action));
    });
    let store_sender = sender.clone();
    let stores = StoreWorker::spawn(config_dir, move |action| {
        let _ = store_sender.send(Input::Action(action));
    });
    let guard = TerminalGuard::enter()?;
    let size = guard.terminal.size()?;
    let mut shell = Shell::new((size.width, size.height), colors);
    match target {
        Target::Episode(episode) => {
            shell.open(Arc::new(episode));
        }
        Target::Library {
            root,
            files,
            skipped,
        } => {
            spawn_loaders(files.clone(), &sender);
            shell.attach_library(Library::new(root, files, skipped));
        }
    }
    let mut runner = Runner {
        guard,
        searcher,
        stores,
    };
    let mut pending: VecDeque<Action> = VecDeque::new();
    loop {
        while let Some(action) = pending.pop_front() {
            for effect in shell::update(&mut shell, action) {
                if runner.perform(effect, &mut shell, &mut pending)? == Flow::Quit {
                    return runner.finish(&mut shell);
                }
            }
        }
        runner
            .guard
            .terminal
            .draw(|frame| view::draw_shell(frame, &shell))?;
        let Ok(first) = inputs.recv() else {
            return Ok(());
        };
        for input in std::iter::once(first).chain(inputs.try_iter()) {
            match input {
                Input::Terminate => {
                    for effect in shell.on_exit() {
                        runner.perform(effect, &mut shell, &mut pending)?;
                    }
                    return runner.finish(&mut shell);
                }
                Input::Stop => pending.push_back(Action::Suspend),
                Input::Action(action) => pending.push_back(action),
                Input::Terminal(event) => pending.extend(action_for_event(shell.mode(), event)),
            }
        }
    }
}

/// Whether the loop goes on.
#[derive(Debug, PartialEq, Eq)]
enum Flow {
    Continue,
    Quit,
}

/// What carries out effects: the terminal, the search worker, the stores.
struct Runner {
    guard: TerminalGuard,
    searcher: SearchWorker,
    stores: StoreWorker,
}

impl Runner {
    /// The way out: waits for the stores (a failed save is retried once),
    /// gives the terminal back, then shows what could not be saved.
    fn finish(self, shell: &mut Shell) -> anyhow::Result<()> {
        let Self {
            mut guard, stores, ..
        } = self;
        let unsaved = stores.finish(Duration::from_millis(200), || {
            shell.saving_notice();
            // The terminal may be gone already (SIGHUP): then nobody sees it.
            let _ = guard.terminal.draw(|frame| view::draw_shell(frame, shell));
        });
        drop(guard);
        match unsaved {
            None => Ok(()),
            Some(unsaved) => Err(report_unsaved(&unsaved)),
        }
    }

    /// Carries out one effect; what it learns comes back as actions.
    fn perform(
        &mut self,
        effect: Effect,
        shell: &mut Shell,
        pending: &mut VecDeque<Action>,
    ) -> anyhow::Result<Flow> {
        match effect {
            Effect::Quit => return Ok(Flow::Quit),
            Effect::Suspend => self.guard.suspend()?,
            Effect::Leave => {}
            search @ (Effect::Search { .. } | Effect::LibrarySearch { .. }) => {
                if let Some(request) = SearchRequest::from_effect(&search) {
                    self.searcher.request(request);
                }
            }
            Effect::Copy(text) => {
                // Straight to the terminal, beside ratatui's frames.
                clipboard::copy(&mut io::stdout(), &text)?;
            }
            Effect::Bookmark(change) => self.stores.bookmark(change),
            Effect::RefreshBookmarks => self.stores.refresh(),
            Effect::SavePosition { episode, resume } => self.stores.save_position(episode, resume),
            Effect::OpenBookmark(bookmark) => {
                for effect in shell.on_exit() {
                    self.perform(effect, shell, pending)?;
                }
                pending.extend(open_bookmark(shell, &bookmark));
            }
        }
        Ok(Flow::Continue)
    }
}

/// Opens a bookmark's episode file at the bookmark; a note if it cannot.
fn open_bookmark(shell: &mut Shell, bookmark: &Bookmark) -> Option<Action> {
    let path = PathBuf::from(bookmark.path.as_deref()?);
    match crate::episode::parse_file(&path) {
        Ok(episode) => {
            let reader = shell.open(Arc::new(episode));
            bookmarks_panel::jump_to_bookmark(reader, bookmark);
            None
        }
        Err(error) => Some(Action::Notice(format!(
            "cannot open the bookmark's episode: {error}"
        ))),
    }
}

/// Prints bookmarks that could not be saved on stderr (the terminal is
/// back by now), so the user can keep them; the error makes earmark exit
/// non-zero.
fn report_unsaved(unsaved: &Unsaved) -> anyhow::Error {
    let mut err = io::stderr().lock();
    let _ = writeln!(err, "earmark: these bookmarks could not be saved:");
    let _ = err.write_all(unsaved.yaml.as_bytes());
    anyhow::anyhow!("{}", unsaved.reason)
}

/// Parses library files on worker threads, one message per file.
fn spawn_loaders(files: Vec<PathBuf>, sender: &Sender<Input>) {
    let files = Arc::new(files);
    let next = Arc::new(AtomicUsize::new(0));
    let workers = thread::available_parallelism().map_or(2, |n| n.get());
    for _ in 0..workers {
        let (files, next, sender) = (Arc::clone(&files), Arc::clone(&next), sender.clone());
        thread::spawn(move || {
            loop {
                let entry = next.fetch_add(1, Ordering::Relaxed);
                let Some(path) = files.get(entry) else {
                    return;
                };
                let result = crate::episode::parse_file(path)
                    .map(Arc::new)
                    .map_err(|e| e.reason.to_string());
                if sender
                    .send(Input::Action(Action::LibraryLoaded { entry, result }))
                    .is_err()
                {
                    return;
                }
            }
        });
    }
}

fn action_for_event(mode: Mode, event: Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => action_for_key(mode, key),
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
