//! The terminal reader: actions in, state updated, frames out.

pub mod action;
pub mod background;
pub mod bookmarks_panel;
pub mod clipboard;
pub mod configure;
pub mod default_config;
pub mod goto;
pub mod help;
mod input;
pub mod key_docs;
pub mod key_overrides;
pub mod keymap;
pub mod library;
mod library_order;
pub mod loader;
pub mod opening;
pub mod palette;
pub mod reader;
pub mod reader_feature;
pub mod run;
pub mod runner;
pub mod screen;
pub mod search_bar;
pub mod search_prompt;
pub mod search_worker;
pub mod shell;
pub mod store_view;
pub mod store_worker;
pub mod view;
pub mod wrap_index;

pub use action::{Action, Effect, Effects};
pub use reader::{Reader, update};
