//! Text in otter.ai's layout: a `Name  00:01:02` header line, the
//! segment's lines, a blank line. A segment without a speaker starts with
//! its time (`00:01:02 text`), or is a bare paragraph when it has none.
//!
//! Text has no escapes: a file whose first lines look like another format
//! (`<b>`, `{`, a `# ` heading) would be read as that format, so such an
//! episode is not written as text.

use std::io::{self, Write};

use super::{Turn, clock};
use crate::formats::detect::{Sniff, sniff};

pub fn write(turns: &[Turn<'_>], out: &mut dyn Write) -> io::Result<()> {
    for (i, turn) in turns.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        match (turn.speaker, turn.start) {
            (Some(name), Some(start)) => writeln!(out, "{name}  {}\n{}", clock(start), turn.text)?,
            (Some(name), None) => writeln!(out, "{name}: {}", turn.text)?,
            (None, Some(start)) => writeln!(out, "{} {}", clock(start), turn.text)?,
            (None, None) => writeln!(out, "{}", turn.text)?,
        }
    }
    Ok(())
}

/// Fails when the written text would not be read back as text.
pub fn check(written: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(written);
    match sniff(&text, Some("txt")) {
        Sniff::Text => Ok(()),
        _ => Err(
            "as text it would read as another format (it starts with markup, JSON \
                  or a heading, or holds a `# ` line); --to markdown keeps it"
                .into(),
        ),
    }
}
