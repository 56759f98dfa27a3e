//! Copying through the terminal: OSC 52 asks the terminal (even over SSH)
//! to put text on the system clipboard.

use std::io::{self, Write};

/// The most text one copy sends: 75 KiB, which base64 makes a 100 KiB
/// OSC 52 sequence. Terminals and multiplexers drop longer ones silently
/// (tmux among them), so a longer copy is refused with a message instead
/// of being reported as done.
pub const MAX_COPY_BYTES: usize = 75 * 1024;

/// Whether `text` is short enough to copy ([`MAX_COPY_BYTES`]).
pub fn fits(text: &str) -> bool {
    text.len() <= MAX_COPY_BYTES
}

/// What the status line says when `text` does not [`fit`](fits).
pub fn too_long_message(text: &str) -> String {
    format!(
        "too long to copy: {} KB (the clipboard takes up to {} KB)",
        text.len().div_ceil(1024),
        MAX_COPY_BYTES / 1024
    )
}

/// Writes the OSC 52 sequence that sets the clipboard to `text`; nothing
/// for text that does not [`fit`](fits) (callers say so first).
pub fn copy(out: &mut impl Write, text: &str) -> io::Result<()> {
    if !fits(text) {
        return Ok(());
    }
    write!(
        out,
        "\x1b]52;c;{}\x07",
        crate::base64::encode(text.as_bytes())
    )?;
    out.flush()
}

#[cfg(test)]
mod tests {
    #[test]
    fn copy_writes_one_osc_52_sequence() {
        let mut out = Vec::new();
        super::copy(&mut out, "hi").unwrap();
        assert_eq!(out, b"\x1b]52;c;aGk=\x07");
    }

    #[test]
    fn a_copy_over_the_cap_writes_nothing() {
        let mut out = Vec::new();
        let longest = "x".repeat(super::MAX_COPY_BYTES);
        super::copy(&mut out, &longest).unwrap();
        assert_eq!(out.len(), "\x1b]52;c;\x07".len() + 100 * 1024);
        out.clear();
        super::copy(&mut out, &format!("{longest}y")).unwrap();
        assert!(out.is_empty());
    }
}
