//! The terminal reader: actions in, state updated, frames out.

pub mod action;
pub mod app;
pub mod bookmarks_panel;
pub mod clipboard;
pub mod goto;
pub mod help;
mod input;
pub mod key_docs;
pub mod keymap;
pub mod layout;
pub mod library;
mod library_order;
pub mod loader;
pub mod opening;
pub mod run;
pub mod screen;
pub mod search_bar;
pub mod search_worker;
pub mod shell;
pub mod store_view;
pub mod store_worker;
pub mod view;

pub use action::{Action, Effect, Effects};
pub use app::{App, update};
