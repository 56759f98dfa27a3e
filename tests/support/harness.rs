//! One harness for every screen test: the shell driven by the same effect
//! runner as the real event loop, with in-memory stores, a clipboard that
//! keeps what it was given, and a search that answers at once.

#![allow(dead_code)] // each test file uses a different part of this

use std::collections::{BTreeMap, VecDeque};
use std::io;
use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers};
use earmark::bookmarks::{Bookmark, Change};
use earmark::episode::Episode;
use earmark::state::Resume;
use earmark::tui::keymap::{Mode, action_for_paste};
use earmark::tui::reader::Reader;
use earmark::tui::runner::{Runner, StorePort, TerminalPort};
use earmark::tui::search_worker::SearchRunner;
use earmark::tui::shell::Shell;
use earmark::tui::{Action, Effect, view};
use ratatui::buffer::Buffer;

use super::screen;

/// A terminal that keeps what was copied and counts suspensions.
#[derive(Debug, Default)]
pub struct MemoryTerminal {
    pub copied: Vec<String>,
    pub suspended: usize,
}

impl TerminalPort for MemoryTerminal {
    fn suspend(&mut self) -> io::Result<()> {
        self.suspended += 1;
        Ok(())
    }

    fn copy(&mut self, text: &str) -> io::Result<()> {
        self.copied.push(text.to_string());
        Ok(())
    }
}

/// Stores that save at once: each change comes back as the merged list,
/// as the store worker sends it after a save.
#[derive(Debug, Default)]
pub struct MemoryStores {
    pub bookmarks: Vec<Bookmark>,
    pub positions: BTreeMap<String, Resume>,
    applied: u64,
}

impl StorePort for MemoryStores {
    fn bookmark(&mut self, change: Change) -> Vec<Action> {
        change.apply_to(&mut self.bookmarks);
        self.applied += 1;
        vec![Action::BookmarksChanged {
            bookmarks: Arc::new(self.bookmarks.clone()),
            applied: self.applied,
        }]
    }

    fn refresh(&mut self) -> Vec<Action> {
        Vec::new()
    }

    fn save_position(&mut self, key: String, resume: Resume) -> Vec<Action> {
        self.positions.insert(key, resume);
        Vec::new()
    }
}

/// The shell and the runner, as the event loop holds them.
pub struct Harness {
    pub shell: Shell,
    pub runner: Runner<MemoryTerminal, MemoryStores, SearchRunner>,
    /// Whether an action asked to quit.
    pub quit: bool,
}

impl Harness {
    /// A shell of `width` × `height` with nothing open.
    pub fn new((width, height): (u16, u16), colors: bool) -> Self {
        Self {
            shell: Shell::new((width, height), colors),
            runner: Runner {
                terminal: MemoryTerminal::default(),
                stores: MemoryStores::default(),
                searches: SearchRunner::default(),
            },
            quit: false,
        }
    }

    /// A reader on `episode`.
    pub fn reader(episode: Episode, size: (u16, u16)) -> Self {
        let mut harness = Self::new(size, true);
        harness.shell.open(Arc::new(episode));
        harness
    }

    /// Opens `episode` in the reader, as the shell does for a file.
    pub fn open(&mut self, episode: Episode) -> &mut Reader {
        self.shell.open(Arc::new(episode))
    }

    /// The reader's state (the test fails when no episode is open).
    pub fn current_reader(&self) -> &Reader {
        self.shell.reader.as_ref().expect("an episode is open")
    }

    /// The reader's state, to set what a test fixes (the clock).
    pub fn current_reader_mut(&mut self) -> &mut Reader {
        self.shell.reader.as_mut().expect("an episode is open")
    }

    /// The keymap mode of what has the keyboard.
    pub fn mode(&self) -> Mode {
        self.shell.mode()
    }

    /// Applies each action in turn, with everything its effects bring back.
    pub fn send(&mut self, actions: &[Action]) {
        for action in actions {
            self.act(action.clone());
        }
    }

    /// A library of `files` under `root`, every file parsed and loaded as
    /// the loaders would.
    pub fn library(root: &str, files: &[std::path::PathBuf], size: (u16, u16)) -> Self {
        let mut harness = Self::new(size, true);
        let library = earmark::tui::library::Library::new(root.into(), files.to_vec(), Vec::new());
        harness.shell.attach_library(library);
        for (entry, path) in files.iter().enumerate() {
            let result = earmark::formats::parse_file(path)
                .map(Arc::new)
                .map_err(|e| e.reason.to_string());
            harness.act(Action::LibraryLoaded { entry, result });
        }
        harness
    }

    /// Applies `action` and everything its effects bring back.
    pub fn act(&mut self, action: Action) {
        self.act_effects(action);
    }

    /// [`Harness::act`], returning every effect `update` asked for on the
    /// way (the runner has carried them all out).
    pub fn act_effects(&mut self, action: Action) -> Vec<Effect> {
        let mut pending = VecDeque::from([action]);
        let mut effects = Vec::new();
        let flow = self
            .runner
            .apply_all_shown(&mut self.shell, &mut pending, &mut |effect| {
                effects.push(effect.clone());
            });
        self.quit |= flow.expect("in-memory ports do not fail") == earmark::tui::runner::Flow::Quit;
        effects
    }

    /// [`Harness::act`], but a search it asks for is not answered: its
    /// answers come back, in the order the worker would send them (what
    /// was found as it went, then the whole), for the test to hand in with
    /// [`Harness::act`] one at a time: the screens while a search runs.
    pub fn act_holding_searches(&mut self, action: Action) -> Vec<Action> {
        let mut answers = Vec::new();
        let mut pending = VecDeque::new();
        for effect in earmark::tui::shell::update(&mut self.shell, action) {
            match effect {
                Effect::Search(request) => {
                    let searches = &mut self.runner.searches;
                    let never = |_| false;
                    let last = searches.answer_as_found(request, &never, &mut |a| answers.push(a));
                    answers.extend(last);
                }
                other => {
                    let flow = self.runner.perform(other, &mut pending);
                    flow.expect("in-memory ports do not fail");
                }
            }
        }
        pending.into_iter().for_each(|action| self.act(action));
        answers
    }

    /// Quits as the event loop does on a signal (the reader's place saved
    /// through the stores port), then starts again on the same stores with
    /// nothing open: what the next run of earmark reads back.
    pub fn restart(&mut self) {
        let mut pending = VecDeque::new();
        for effect in self.shell.on_exit() {
            let flow = self.runner.perform(effect, &mut pending);
            flow.expect("in-memory ports do not fail");
        }
        self.shell = Shell::new(self.shell.size, self.shell.colors);
        let bookmarks = Arc::new(self.runner.stores.bookmarks.clone());
        let positions = self.runner.stores.positions.clone();
        self.act(Action::StoresLoaded {
            bookmarks,
            positions,
        });
    }

    /// A key as the terminal sends it, mapped in the current mode.
    pub fn press(&mut self, code: KeyCode, modifiers: KeyModifiers) {
        let key = KeyEvent {
            code,
            modifiers,
            kind: KeyEventKind::Press,
            state: KeyEventState::NONE,
        };
        // Through the config's key overrides, as the event loop maps keys.
        if let Some(action) = self.shell.keys.action_for_key(self.shell.mode(), key) {
            self.act(action);
        }
    }

    /// Each character typed as a key.
    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.press(KeyCode::Char(c), KeyModifiers::NONE);
        }
    }

    /// Each character sent to the open prompt as it is, not as a key:
    /// what the keymap makes of a typed character in a prompt.
    pub fn type_text_as_prompt(&mut self, text: &str) {
        for c in text.chars() {
            self.act(Action::PromptInput(c));
        }
    }

    /// A bracketed paste.
    pub fn paste(&mut self, text: &str) {
        if let Some(action) = action_for_paste(self.shell.mode(), text) {
            self.act(action);
        }
    }

    /// The terminal changed size.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.act(Action::Resize(width, height));
    }

    /// The frame the event loop would draw now.
    pub fn buffer(&self) -> Buffer {
        let (width, height) = self.shell.size;
        screen::draw(width, height, |frame| view::draw_shell(frame, &self.shell))
    }

    /// The screen as text, one line per row.
    pub fn screen(&self) -> String {
        screen::screen_text(&self.buffer())
    }
}
