//! Episodes: the model, the Markdown parser and the text hygiene they
//! apply. Reading a file in any format into an [`Episode`] is
//! [`crate::formats::parse_file`]'s job: `formats` builds on this module,
//! never the other way round.

mod error;
mod format;
pub mod front_matter;
pub mod identity;
mod markdown;
mod model;
mod plain_yaml;
mod read;
mod synthetic;
pub mod text;
pub mod time;
mod yaml_value;

pub use error::{EpisodeError, Reason};
pub use format::Format;
pub use markdown::{
    BodyScan, SegmentSpan, SparseSegments, episode_title, fold_spaces, line_cuts, parse_markdown,
};
pub use model::{Episode, Segment, SegmentsBuilder, Source, SpeakerId, metadata_line};
pub use read::{
    FileBytes, MAP_MIN_BYTES, MAX_FILE_BYTES, MAX_LAYOUT_BYTES, READER_LIMIT_ENV, read_file,
    read_file_into, read_for_search, read_for_search_seen, reader_limit,
};
pub use synthetic::repeat_transcript;
