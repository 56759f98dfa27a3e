//! SubRip: numbered cues, one per segment, speakers as `<v>` voices (which
//! earmark and many players read; SubRip has no speaker field). SubRip has
//! no header to say who wrote it, so on reading back a speaker's cues that
//! follow one another closely are joined again into paragraphs.

use std::io::{self, Write};

use super::{Turn, cue_payload};

pub fn write(turns: &[Turn<'_>], out: &mut dyn Write) -> io::Result<()> {
    for (i, turn) in turns.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(
            out,
            "{}\n{} --> {}\n{}",
            i + 1,
            stamp(turn.cue_start),
            stamp(turn.cue_end),
            cue_payload(turn)
        )?;
    }
    Ok(())
}

/// `hh:mm:ss,000`: SubRip's timestamp.
fn stamp(seconds: u32) -> String {
    format!("{},000", super::clock(seconds))
}
