//! The library: many transcript files at once. Finding them below the paths
//! a user names ([`scan`]) and searching them all (`earmark search`).

pub mod scan;

pub use scan::{Scan, Skipped, scan};
