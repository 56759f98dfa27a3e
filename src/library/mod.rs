//! Many episodes: finding them on disk, filtering and searching across them.

pub mod filter;
