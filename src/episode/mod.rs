//! Episodes: the model, the parser and the text hygiene it applies.

mod error;
mod format;
pub mod front_matter;
pub mod identity;
mod markdown;
mod model;
mod parse;
mod plain_yaml;
mod read;
mod synthetic;
pub mod text;
pub mod time;
mod yaml_value;

pub use error::{EpisodeError, Reason};
pub use format::Format;
pub use markdown::{BodyScan, SegmentSpan, episode_title, fold_spaces, line_cuts, parse_markdown};
pub use model::{Episode, Segment, SegmentsBuilder, Source, SpeakerId, metadata_line};
pub use parse::{parse_bytes, parse_file};
pub use read::{
    FileBytes, MAX_FILE_BYTES, MAX_LAYOUT_BYTES, READER_LIMIT_ENV, read_file, read_file_into,
    read_for_search, reader_limit,
};
pub use synthetic::repeat_transcript;

/// The sample episode shipped inside the binary.
pub const SAMPLE_NAME: &str = "karina-nguyen.md";
const SAMPLE_BYTES: &[u8] = include_bytes!("../../assets/karina-nguyen.md");

/// Parses the built-in sample episode.
pub fn sample() -> Episode {
    parse_bytes(SAMPLE_BYTES, Source::Builtin(SAMPLE_NAME))
        .expect("the built-in sample is a valid transcript (checked by tests)")
}
