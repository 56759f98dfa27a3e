//! `theme: auto`: is the terminal's background dark or light? Read from
//! `COLORFGBG` where the terminal sets it (no round trip), else asked of
//! the terminal itself (OSC 11) before the screen is taken; `None` when
//! neither says, and the caller takes dark.

use std::fs::OpenOptions;
use std::io::{Read, Write};
use std::time::{Duration, Instant};

use rustix::event::{PollFd, PollFlags, Timespec};
use rustix::termios::{OptionalActions, tcgetattr, tcsetattr};

/// The longest earmark waits for the terminal's answer. Terminals answer
/// in a few milliseconds (more over a slow link); the device-attributes
/// query sent after it ends the wait at once on those that do not know
/// OSC 11, so only a terminal that answers neither waits this long.
pub const QUERY_TIMEOUT: Duration = Duration::from_millis(300);

/// The most bytes of answer read: two short replies.
const MAX_REPLY: usize = 256;

/// What the background is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Background {
    Dark,
    Light,
}

impl Background {
    /// A background of this colour: light when black text reads better
    /// on it than white.
    pub fn of(rgb: (u8, u8, u8)) -> Background {
        match super::palette::contrast::text_on(rgb) {
            ratatui::style::Color::Black => Background::Light,
            _ => Background::Dark,
        }
    }
}

/// The terminal's background: `COLORFGBG`, else its answer to OSC 11.
pub fn detect() -> Option<Background> {
    std::env::var("COLORFGBG")
        .ok()
        .and_then(|v| from_colorfgbg(&v))
        .or_else(query_terminal)
}

/// `COLORFGBG` as rxvt, Konsole and others set it: `fg;bg` (or
/// `fg;default;bg`); the background's number is one of the 16 colours.
pub fn from_colorfgbg(value: &str) -> Option<Background> {
    let bg: u8 = value.rsplit(';').next()?.trim().parse().ok()?;
    match bg {
        7 | 9..=15 => Some(Background::Light),
        0..=6 | 8 => Some(Background::Dark),
        _ => None,
    }
}

/// The colour in an OSC 11 answer: `ESC ] 11 ; rgb:RRRR/GGGG/BBBB`, ended
/// by BEL or ST, each part of one to four hex digits; anything else that
/// came with it is skipped.
pub fn from_osc11_reply(reply: &[u8]) -> Option<Background> {
    let text = String::from_utf8_lossy(reply);
    let start = text.find("]11;rgb:")? + "]11;rgb:".len();
    let body = &text[start..];
    let end = body.find(['\u{7}', '\u{1b}'])?;
    let mut parts = body[..end].split('/').map(scale);
    let rgb = (parts.next()??, parts.next()??, parts.next()??);
    parts.next().is_none().then(|| Background::of(rgb))
}

/// One hex part of an OSC 11 colour, scaled to 0-255.
fn scale(hex: &str) -> Option<u8> {
    if hex.is_empty() || hex.len() > 4 {
        return None;
    }
    let value = u32::from_str_radix(hex, 16).ok()?;
    let max = (1u32 << (4 * hex.len())) - 1;
    u8::try_from(value * 255 / max).ok()
}

/// Asks the controlling terminal for its background colour, in raw mode
/// for the answer's length, and puts the mode back.
fn query_terminal() -> Option<Background> {
    let mut tty = OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .ok()?;
    // Keys typed ahead wait to be read: the answer would be read with
    // them, and they would be lost. Better not to ask.
    if input_waiting(&tty) {
        return None;
    }
    let saved = tcgetattr(&tty).ok()?;
    let mut raw = saved.clone();
    raw.make_raw();
    tcsetattr(&tty, OptionalActions::Now, &raw).ok()?;
    // OSC 11, then a device-attributes query that every terminal answers:
    // its answer coming first means no OSC 11 answer will.
    let asked = tty
        .write_all(b"\x1b]11;?\x1b\\\x1b[c")
        .and_then(|()| tty.flush());
    let reply = asked.ok().map(|()| read_reply(&mut tty));
    let _ = tcsetattr(&tty, OptionalActions::Now, &saved);
    from_osc11_reply(&reply?)
}

/// Reads until the device-attributes answer (`ESC [ ? … c`) has come, or
/// [`QUERY_TIMEOUT`] has passed.
fn read_reply(tty: &mut std::fs::File) -> Vec<u8> {
    let deadline = Instant::now() + QUERY_TIMEOUT;
    let mut reply = Vec::new();
    while reply.len() < MAX_REPLY && !has_attributes_answer(&reply) {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        let timeout = Timespec::try_from(left).ok();
        let mut fds = [PollFd::new(&*tty, PollFlags::IN)];
        match rustix::event::poll(&mut fds, timeout.as_ref()) {
            Ok(0) => break,
            Ok(_) => {}
            Err(rustix::io::Errno::INTR) => continue,
            Err(_) => break,
        }
        let mut chunk = [0u8; 64];
        match tty.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => reply.extend_from_slice(&chunk[..n]),
        }
    }
    reply
}

/// Whether the terminal has input waiting to be read.
fn input_waiting(tty: &std::fs::File) -> bool {
    let mut fds = [PollFd::new(tty, PollFlags::IN)];
    let now = Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    rustix::event::poll(&mut fds, Some(&now)).is_ok_and(|n| n > 0)
}

/// Whether `bytes` hold a device-attributes answer: `ESC [ ?` … `c`.
fn has_attributes_answer(bytes: &[u8]) -> bool {
    bytes
        .windows(3)
        .position(|w| w == b"\x1b[?")
        .is_some_and(|at| bytes[at..].contains(&b'c'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colorfgbg_names_the_background_last() {
        assert_eq!(from_colorfgbg("15;0"), Some(Background::Dark));
        assert_eq!(from_colorfgbg("0;15"), Some(Background::Light));
        assert_eq!(from_colorfgbg("0;default;7"), Some(Background::Light));
        assert_eq!(from_colorfgbg("7;8"), Some(Background::Dark));
        for odd in ["", "15;", "0;default", "1;99", "x;y"] {
            assert_eq!(from_colorfgbg(odd), None, "{odd:?}");
        }
    }

    #[test]
    fn an_osc11_answer_is_read_whatever_its_end_and_precision() {
        let white = b"\x1b]11;rgb:ffff/ffff/ffff\x1b\\\x1b[?62;22c";
        assert_eq!(from_osc11_reply(white), Some(Background::Light));
        let black = b"\x1b]11;rgb:0000/0000/0000\x07";
        assert_eq!(from_osc11_reply(black), Some(Background::Dark));
        let solarized_light = b"\x1b]11;rgb:fd/f6/e3\x07";
        assert_eq!(from_osc11_reply(solarized_light), Some(Background::Light));
        let gruvbox_dark = b"\x1b]11;rgb:2828/2828/2828\x1b\\";
        assert_eq!(from_osc11_reply(gruvbox_dark), Some(Background::Dark));
    }

    #[test]
    fn no_answer_or_a_broken_one_says_nothing() {
        for reply in [
            &b""[..],
            b"\x1b[?62;22c",
            b"\x1b]11;rgb:ffff/ffff\x07",
            b"\x1b]11;rgb:fffff/0/0\x07",
            b"\x1b]11;rgb:ffff/ffff/ffff",
            b"\x1b]11;rgb:zz/00/00\x07",
        ] {
            assert_eq!(from_osc11_reply(reply), None, "{reply:?}");
        }
    }

    #[test]
    fn the_wait_ends_at_the_attributes_answer() {
        assert!(has_attributes_answer(b"\x1b]11;rgb:0/0/0\x07\x1b[?1;2c"));
        assert!(!has_attributes_answer(b"\x1b]11;rgb:0/0/0\x07"));
        assert!(!has_attributes_answer(b"\x1b[?1;2"));
    }
}
