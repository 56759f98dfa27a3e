//! `earmark man`: the manual page, written from the clap definition (by
//! clap_mangen) with the key tables the help overlay shows added as KEYS.

use std::io::{self, Write};

use crate::tui::key_docs::{self, KeyRow};
use crate::tui::keymap::{LIBRARY, LIBRARY_SEARCH, Section};

/// Writes the manual page of `command` (roff, for `man -l -`): clap_mangen's
/// sections, then the text after `--help` as it is laid out (examples,
/// exit statuses), every subcommand's options, and the keys.
pub fn render(mut command: clap::Command, out: &mut impl Write) -> io::Result<()> {
    command.build();
    let after_help = command.get_after_help().map(ToString::to_string);
    let page = clap_mangen::Man::new(command.clone().after_help(None::<&str>));
    page.render(out)?;
    if let Some(text) = after_help {
        writeln!(out, ".SH NOTES\n.nf")?;
        for line in text.lines() {
            writeln!(out, "{}", roff_text(line))?;
        }
        writeln!(out, ".fi")?;
    }
    write_commands(&command, out)?;
    write_keys(out)
}

/// A section per subcommand (and nested one): what it does, its usage,
/// its own options (the global ones are under OPTIONS).
fn write_commands(command: &clap::Command, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, ".SH COMMANDS")?;
    for sub in subcommands(command) {
        write_command(sub, "earmark", out)?;
    }
    Ok(())
}

fn subcommands(command: &clap::Command) -> impl Iterator<Item = &clap::Command> {
    command.get_subcommands().filter(|s| s.get_name() != "help")
}

fn write_command(command: &clap::Command, parent: &str, out: &mut impl Write) -> io::Result<()> {
    let name = format!("{parent} {}", command.get_name());
    let about = command
        .get_about()
        .map(ToString::to_string)
        .unwrap_or_default();
    let usage = command.clone().render_usage().to_string();
    writeln!(out, ".SS \"{}\"\n{}", roff_text(&name), roff_text(&about))?;
    writeln!(
        out,
        ".PP\n\\fB{}\\fR",
        roff_text(usage.trim_start_matches("Usage: "))
    )?;
    let own = |a: &&clap::Arg| !a.is_hide_set() && !a.is_global_set() && a.get_id() != "help";
    for arg in command.get_arguments().filter(own) {
        let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
        writeln!(
            out,
            ".TP\n\\fB{}\\fR\n{}",
            roff_text(&arg_name(arg)),
            roff_text(&help)
        )?;
    }
    for nested in subcommands(command) {
        write_command(nested, &name, out)?;
    }
    Ok(())
}

/// `-C, --context <N>` or `<PATTERN>`, as `--help` names an argument.
fn arg_name(arg: &clap::Arg) -> String {
    let mut names: Vec<String> = Vec::new();
    names.extend(arg.get_short().map(|c| format!("-{c}")));
    names.extend(arg.get_long().map(|l| format!("--{l}")));
    let value = arg
        .get_value_names()
        .map(|v| {
            v.iter()
                .map(|n| format!("<{n}>"))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|_| arg.get_action().takes_values());
    match (names.is_empty(), value) {
        (true, Some(value)) => value,
        (true, None) => arg.get_id().to_string(),
        (false, Some(value)) => format!("{} {value}", names.join(", ")),
        (false, None) => names.join(", "),
    }
}

/// The key tables, as `?` shows them.
fn write_keys(out: &mut impl Write) -> io::Result<()> {
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

/// Text roff prints as it is: a backslash escaped, a leading `.` or `'`
/// (which would make the line a request) guarded, and the arrows written
/// as roff's own glyphs, which every output device has.
fn roff_text(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\e")
        .replace('-', "\\-")
        .replace('↑', "\\(ua")
        .replace('↓', "\\(da");
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
