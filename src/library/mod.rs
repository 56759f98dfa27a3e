//! The library: many transcript files at once. Finding them below the paths
//! a user names ([`scan()`]), filtering them ([`filter`]) and searching them
//! all (`earmark search`, and the library screen's `/` through
//! [`cross_search`]).

pub mod cross_search;
pub mod cue_prefilter;
pub mod filter;
pub mod fragment_prefilter;
pub mod json_line;
pub mod json_prefilter;
pub mod json_reads;
pub mod prefilter;
pub mod same_stem;
pub mod scan;
pub mod search_cache;
pub mod search_command;
pub mod search_filters;
pub mod search_pass;
pub mod search_print;
pub mod unplain_list;

pub use scan::{Scan, ScanOptions, Skipped, WalkFinding, scan, walk};
