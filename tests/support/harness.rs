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
use earmark::tui::keymap::action_for_paste;
use earmark::tui::runner::{Runner, StorePort, TerminalPort};
use earmark::tui::search_worker::SearchRunner;
use earmark::tui::shell::Shell;
use earmark::tui::{Action, view};
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

    /// Applies `action` and everything its effects bring back.
    pub fn act(&mut self, action: Action) {
        let mut pending = VecDeque::from([action]);
        let flow = self.runner.apply_all(&mut self.shell, &mut pending);
        self.quit |= flow.expect("in-memory ports do not fail") == earmark::tui::runner::Flow::Quit;
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
