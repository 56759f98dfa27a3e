//! The event loop and the terminal guard: the only place with terminal I/O.
//!
//! Input, signals and worker results arrive on one channel (see
//! `input.rs`), so the loop blocks until something happens.
//! Each event is mapped to an Action in the mode left by the one before it
//! (keys that arrive together, typed ahead or pasted, mean what they would
//! one by one), everything pending is applied, and one frame is drawn: at
//! once after a key, at a steady pace for background progress. The
//! terminal is given back on every way out: return, error, panic, SIGTERM,
//! SIGHUP, SIGINT, a terminal that went away; Ctrl-z suspends and `fg`
//! redraws in full.

use std::collections::VecDeque;
use std::io::{self, BufWriter, Stdout, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, TryRecvError};
use std::time::{Duration, Instant};

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event,
    KeyEventKind,
};
use crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use super::action::Action;
use super::action::SearchRequest;
use super::background;
use super::clipboard;
use super::configure::Look;
use super::input::{self, Input, Leaving};
use super::keymap::{Clicks, action_for_mouse, action_for_paste};
use super::library::Library;
use super::loader::Loader;
use super::opening::Opening;
use super::runner::{Flow, Runner, SearchPort, StorePort, TerminalPort};
use super::search_worker::SearchWorker;
use super::shell::Shell;
use super::store_worker::{StoreWorker, Unsaved};
use super::view;
use crate::bookmarks::Change;
use crate::config::Loaded;
use crate::episode::Episode;
use crate::library::ScanOptions;
use crate::state::Resume;

/// Background progress is drawn at most this often.
const PROGRESS_FRAME: Duration = Duration::from_millis(40);
/// The longest the loop applies queued input before it draws a frame.
const DRAIN_BUDGET: Duration = Duration::from_millis(12);

/// What earmark opens.
pub enum Target {
    /// One episode in the reader.
    Episode(Episode),
    /// A library: every transcript below a folder, found and loaded in
    /// the background.
    Library { root: PathBuf, options: ScanOptions },
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// The user quit.
    Quit,
    /// A signal ended it (SIGHUP too when the terminal went away without
    /// one), after the reader's place was saved and the terminal restored.
    Signal(i32),
}

impl Ending {
    /// The exit status: 0 when the user quit; 128 + the signal's number
    /// otherwise, as a shell reports a process a signal ended (and as
    /// `less` and `vim` exit: 129 for SIGHUP, 143 for SIGTERM).
    pub fn exit_code(self) -> u8 {
        match self {
            Ending::Quit => 0,
            Ending::Signal(signal) => u8::try_from(128 + signal).unwrap_or(u8::MAX),
        }
    }
}

/// Opens the TUI on `target` and runs until the user quits or a signal
/// ends it. Bookmarks and reading positions live in `config_dir` (none:
/// kept for this run only).
pub fn run(target: Target, config_dir: Option<PathBuf>) -> anyhow::Result<Ending> {
    run_at(target, Opening::Saved, config_dir)
}

/// [`run`], an episode opened at `opening` rather than where it was left.
pub fn run_at(
    target: Target,
    opening: Opening,
    config_dir: Option<PathBuf>,
) -> anyhow::Result<Ending> {
    let config = crate::config::load(config_dir.as_deref());
    run_configured(target, opening, config_dir, &config)
}

/// [`run_at`] with the config file already read (`config`).
pub fn run_configured(
    target: Target,
    opening: Opening,
    config_dir: Option<PathBuf>,
    config: &Loaded,
) -> anyhow::Result<Ending> {
    let colors = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    // Before the input thread reads the terminal: it would take the answer.
    let look = Look::new(config, colors, background::detect);
    let (sender, inputs) = std::sync::mpsc::channel();
    let leaving = input::spawn_threads(&sender)?;
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
    look.apply(&mut shell);
    let library = open_target(&mut shell, target);
    if opening != Opening::Saved {
        shell.keep_place = true;
    }
    let mut event_loop = EventLoop {
        shell,
        runner: Runner {
            terminal: guard,
            stores,
            searches: searcher,
        },
        pending: look
            .notes
            .into_iter()
            .map(Action::Notice)
            .chain(opening.actions())
            .collect(),
        inputs,
        leaving,
        frames: Frames::default(),
        clicks: Clicks::default(),
    };
    // The first frame goes out before the library's threads take the
    // processors. The loader is kept until the loop ends: dropping it
    // stops them.
    if event_loop.apply_pending()? == Flow::Quit {
        return event_loop.close().map(|()| Ending::Quit);
    }
    event_loop.draw()?;
    let _loader = library.map(|(root, options)| {
        Loader::start(root, options, move |actions| {
            sender.send(Input::Progress(actions)).is_ok()
        })
    });
    let outcome = event_loop.run();
    let ending = event_loop
        .leaving
        .signal()
        .map_or(Ending::Quit, Ending::Signal);
    let closed = event_loop.close();
    outcome.and(closed).map(|()| ending)
}

/// Puts `target` on screen; for a library, the folder to load it from.
fn open_target(shell: &mut Shell, target: Target) -> Option<(PathBuf, ScanOptions)> {
    match target {
        Target::Episode(episode) => {
            shell.open(Arc::new(episode));
            None
        }
        Target::Library { root, options } => {
            let name = crate::episode::text::clean_file_name(&root.display().to_string());
            shell.attach_library(Library::scanning(name));
            Some((root, options))
        }
    }
}

/// The loop's state: the screens, what carries out effects, what is queued.
struct EventLoop {
    shell: Shell,
    runner: LoopRunner,
    pending: VecDeque<Action>,
    inputs: Receiver<Input>,
    /// Set on a signal or a hang-up: leave before anything still queued.
    leaving: Leaving,
    frames: Frames,
    /// The last click, to tell a double click.
    clicks: Clicks,
}

impl EventLoop {
    fn run(&mut self) -> anyhow::Result<()> {
        loop {
            if self.apply_pending()? == Flow::Quit {
                return Ok(());
            }
            if self.frames.is_due() {
                self.draw()?;
            }
            let first = match self.frames.wait() {
                None => self.inputs.recv().ok(),
                Some(wait) => match self.inputs.recv_timeout(wait) {
                    Err(RecvTimeoutError::Timeout) => continue,
                    received => received.ok(),
                },
            };
            let Some(first) = first else {
                return Ok(()); // every sender is gone
            };
            if self.take_inputs(first)? == Flow::Quit {
                return Ok(());
            }
        }
    }

    /// Waits for the stores, gives the terminal back and reports what
    /// could not be saved, but leaves the screens (a big library's
    /// episodes) to the end of the process, which frees them at once:
    /// freeing 40,000 episodes one by one took half a second after a
    /// SIGHUP.
    fn close(self) -> anyhow::Result<()> {
        let EventLoop {
            mut shell, runner, ..
        } = self;
        let finished = finish(runner, &mut shell);
        std::mem::forget(shell);
        finished
    }

    fn draw(&mut self) -> anyhow::Result<()> {
        let shell = &self.shell;
        self.runner
            .terminal
            .terminal
            .draw(|frame| view::draw_shell(frame, shell))?;
        self.frames.drawn();
        Ok(())
    }

    /// Handles `first` and whatever else is queued, within the drain budget.
    fn take_inputs(&mut self, first: Input) -> anyhow::Result<Flow> {
        let until = Instant::now() + DRAIN_BUDGET;
        let mut input = first;
        loop {
            if self.leaving.signal().is_some() {
                input = Input::Terminate;
            }
            if self.take(input)? == Flow::Quit {
                return Ok(Flow::Quit);
            }
            if Instant::now() >= until {
                return Ok(Flow::Continue);
            }
            input = match self.inputs.try_recv() {
                Ok(next) => next,
                Err(TryRecvError::Empty) => return Ok(Flow::Continue),
                Err(TryRecvError::Disconnected) => return Ok(Flow::Quit),
            };
        }
    }

    /// Applies one input, mapped in the mode the input before it left.
    fn take(&mut self, input: Input) -> anyhow::Result<Flow> {
        let action = match input {
            Input::Terminate => return self.leave(),
            Input::Stop => Some(Action::Suspend),
            Input::Action(action) => Some(action),
            Input::Progress(actions) => {
                self.pending.extend(actions);
                let flow = self.apply_pending()?;
                // The last of it shows at once; the rest at a steady pace.
                match &self.shell.library {
                    Some(library) if library.is_complete() => self.frames.answer(),
                    _ => self.frames.progress(),
                }
                return Ok(flow);
            }
            Input::Terminal(event) => action_for_event(&self.shell, event)
                .map(|action| self.clicks.classify(action, Instant::now())),
        };
        self.frames.answer();
        self.pending.extend(action);
        self.apply_pending()
    }

    /// Applies every pending action and carries out its effects.
    fn apply_pending(&mut self) -> anyhow::Result<Flow> {
        Ok(self.runner.apply_all(&mut self.shell, &mut self.pending)?)
    }

    /// Leaves on a signal or a lost terminal: the reader's place is saved.
    fn leave(&mut self) -> anyhow::Result<Flow> {
        for effect in self.shell.on_exit() {
            self.runner.perform(effect, &mut self.pending)?;
        }
        Ok(Flow::Quit)
    }
}

/// When to draw: at once after the user acted (or an answer came), at
/// most every [`PROGRESS_FRAME`] for background progress.
#[derive(Debug, Default)]
struct Frames {
    last: Option<Instant>,
    /// Something changed that the user waits to see.
    answered: bool,
    /// Background progress not drawn yet.
    progressed: bool,
}

impl Frames {
    fn answer(&mut self) {
        self.answered = true;
    }

    fn progress(&mut self) {
        self.progressed = true;
    }

    fn is_due(&self) -> bool {
        match self.last {
            None => true,
            Some(_) if self.answered => true,
            Some(last) => self.progressed && last.elapsed() >= PROGRESS_FRAME,
        }
    }

    fn drawn(&mut self) {
        *self = Self {
            last: Some(Instant::now()),
            ..Self::default()
        };
    }

    /// How long to wait for input before drawing progress; `None`: until
    /// something happens.
    fn wait(&self) -> Option<Duration> {
        match self.last {
            Some(last) if self.progressed => Some(PROGRESS_FRAME.saturating_sub(last.elapsed())),
            _ => None,
        }
    }
}

/// The runner of the real loop: the terminal, the store worker, the search
/// worker.
type LoopRunner = Runner<TerminalGuard, StoreWorker, SearchWorker>;

impl TerminalPort for TerminalGuard {
    fn suspend(&mut self) -> io::Result<()> {
        TerminalGuard::suspend(self)
    }

    fn copy(&mut self, text: &str) -> io::Result<()> {
        // Straight to the terminal, beside ratatui's frames.
        clipboard::copy(&mut io::stdout(), text)
    }
}

/// The worker answers through the event loop's channel.
impl StorePort for StoreWorker {
    fn bookmark(&mut self, change: Change) -> Vec<Action> {
        StoreWorker::bookmark(self, change);
        Vec::new()
    }

    fn refresh(&mut self) -> Vec<Action> {
        StoreWorker::refresh(self);
        Vec::new()
    }

    fn save_position(&mut self, key: String, resume: Resume) -> Vec<Action> {
        StoreWorker::save_position(self, key, resume);
        Vec::new()
    }
}

/// The worker answers through the event loop's channel.
impl SearchPort for SearchWorker {
    fn request(&mut self, request: SearchRequest) -> Vec<Action> {
        SearchWorker::request(self, request);
        Vec::new()
    }
}

/// The way out: waits for the stores (a failed save is retried once),
/// gives the terminal back, then shows what could not be saved.
fn finish(runner: LoopRunner, shell: &mut Shell) -> anyhow::Result<()> {
    let Runner {
        terminal: mut guard,
        stores,
        ..
    } = runner;
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

/// Prints bookmarks that could not be saved on stderr (the terminal is
/// back by now), so the user can keep them; the error makes earmark exit
/// non-zero.
fn report_unsaved(unsaved: &Unsaved) -> anyhow::Error {
    let mut err = io::stderr().lock();
    let _ = writeln!(err, "earmark: these bookmarks could not be saved:");
    let _ = err.write_all(unsaved.yaml.as_bytes());
    anyhow::anyhow!("{}", unsaved.reason)
}

/// The action an event asks for in the mode the shell is in now.
fn action_for_event(shell: &Shell, event: Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            shell.keys.action_for_key(shell.mode(), key)
        }
        Event::Mouse(mouse) => action_for_mouse(mouse),
        Event::Paste(text) => action_for_paste(shell.mode(), &text),
        Event::Resize(width, height) => Some(Action::Resize(width, height)),
        _ => None,
    }
}

/// Raw mode, the alternate screen, mouse capture and bracketed paste for as
/// long as it lives; the terminal as it was once it is dropped, even by a
/// panic.
struct TerminalGuard {
    terminal: Terminal<CrosstermBackend<BufWriter<Stdout>>>,
}

impl TerminalGuard {
    fn enter() -> io::Result<Self> {
        install_panic_hook();
        enter_screen()?;
        let terminal = Terminal::new(frame_backend())?;
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
        self.terminal = Terminal::new(frame_backend())?;
        Ok(())
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_screen();
    }
}

/// Frames go out whole: buffered, and written once the frame is done
/// (ratatui flushes after each draw), so the terminal never shows half a
/// frame, and a frame costs a few writes instead of one per kilobyte.
fn frame_backend() -> CrosstermBackend<BufWriter<Stdout>> {
    CrosstermBackend::new(BufWriter::with_capacity(1 << 16, io::stdout()))
}

fn enter_screen() -> io::Result<()> {
    enable_raw_mode()?;
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste,
        cursor::Hide
    )
}

/// Best effort: every step is tried even if one fails (the terminal may be
/// gone after SIGHUP).
fn restore_screen() {
    let mut out = io::stdout();
    let _ = execute!(
        out,
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        cursor::Show
    );
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
