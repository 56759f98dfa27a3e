//! `earmark man`: the manual page, written from the clap definition (by
//! clap_mangen) with the key tables the help overlay shows added as KEYS.

use std::io::{self, Write};

use crate::tui::key_docs::{self, KeyRow};
use crate::tui::keymap::{LIBRARY, LIBRARY_SEARCH, Section};

/// Writes the manual page of `command` (roff, for `man -l -`).
pub fn render(command: clap::Command, out: &mut impl Write) -> io::Result<()> {
    clap_mangen::Man::new(command).render(out)?;
    writeln!(out, ".SH KEYS")?;
    writeln!(
        out,
        "In the reader and the library, \\fB?\\fR shows these tables too."
    )?;
    let library: [&Section; 2] = [&LIBRARY, &LIBRARY_SEARCH];
    for section in key_docs::HELP_SECTIONS.iter().copied().chain(library) {
        writeln!(out, ".SS {}", roff_text(section.title))?;
        for row in key_docs::rows(section) {
            write_row(out, &row)?;
        }
    }
    Ok(())
}

/// One key row as a tagged paragraph: the keys, then what they do.
fn write_row(out: &mut impl Write, row: &KeyRow) -> io::Result<()> {
    let keys: Vec<String> = row.keys.iter().map(|keys| keys.join(" ")).collect();
    writeln!(out, ".TP")?;
    writeln!(out, "\\fB{}\\fR", roff_text(&keys.join(" / ")))?;
    writeln!(out, "{}", roff_text(row.does))
}

/// Text roff prints as it is: a backslash escaped, and a leading `.` or `'`
/// (which would make the line a request) guarded.
fn roff_text(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with(['.', '\'']) {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}

#[cfg(test)]
mod tests {
    use super::roff_text;

    #[test]
    fn roff_requests_and_escapes_cannot_come_from_text() {
        assert_eq!(roff_text(".SH x"), "\\&.SH x");
        assert_eq!(roff_text("'q"), "\\&'q");
        assert_eq!(roff_text("a\\b-c"), "a\\eb\\-c");
    }
}
