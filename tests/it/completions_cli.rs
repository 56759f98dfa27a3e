//! `earmark completions SHELL` and `earmark man`, generated from the clap
//! definition: every subcommand and flag is in each, and the man page is
//! roff with its sections.

use crate::support;

use clap::CommandFactory;
use earmark::cli::Cli;
use support::cli::earmark;

fn run(args: &[&str]) -> String {
    let output = earmark().args(args).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{args:?}");
    String::from_utf8(output.stdout).unwrap()
}

/// Every subcommand's name and every long flag, at any depth.
fn names_in(command: &clap::Command) -> Vec<String> {
    let mut names = Vec::new();
    for arg in command.get_arguments() {
        names.extend(arg.get_long().map(|long| format!("--{long}")));
    }
    for sub in command.get_subcommands() {
        names.push(sub.get_name().to_string());
        names.extend(names_in(sub));
    }
    names
}

#[test]
fn completions_name_every_subcommand_and_flag() {
    let mut command = Cli::command();
    command.build();
    let wanted = names_in(&command);
    for flag in [
        "--at",
        "--search",
        "--color",
        "--max-count",
        "--since",
        "--episode",
        "completions",
        "man",
    ] {
        assert!(
            wanted.iter().any(|n| n == flag),
            "{flag} missing from the definition"
        );
    }
    for shell in ["bash", "zsh", "fish"] {
        let script = run(&["completions", shell]);
        for name in &wanted {
            // fish writes `-l at` for `--at`.
            let fish = format!("-l {}", name.trim_start_matches("--"));
            assert!(
                script.contains(name.as_str()) || (shell == "fish" && script.contains(&fish)),
                "{shell}: {name} missing"
            );
        }
    }
}

#[test]
fn an_unknown_shell_is_refused() {
    let output = earmark().args(["completions", "cmd.exe"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn the_man_page_has_its_sections_and_every_subcommand() {
    let page = run(&["man"]);
    assert!(
        page.starts_with(".ie \\n(.g .ds Aq") || page.starts_with(".TH"),
        "{}",
        &page[..80]
    );
    for section in [
        ".TH earmark 1",
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH OPTIONS",
        ".SH SUBCOMMANDS",
        ".SH KEYS",
    ] {
        assert!(page.contains(section), "{section} missing");
    }
    for sub in Cli::command().get_subcommands() {
        let name = format!("earmark\\-{}", sub.get_name());
        assert!(page.contains(&name), "{name} missing");
        // Each has its own section under COMMANDS, with its options.
        let section = format!(".SS \"earmark {}\"", sub.get_name());
        assert!(page.contains(&section), "{section} missing");
    }
    for nested in ["earmark bookmarks export", "earmark bookmarks list"] {
        assert!(
            page.contains(&format!(".SS \"{nested}\"")),
            "{nested} missing"
        );
    }
    for flag in [
        "\\-\\-episode",
        "\\-\\-max\\-count",
        "\\-\\-since",
        "\\-C, \\-\\-context",
    ] {
        assert!(page.contains(flag), "{flag} missing");
    }
    // The keys are there, and no line of them is a roff request by accident.
    assert!(page.contains("go to a time"), "keys missing");
    assert!(
        page.contains("Exit status: 0 success"),
        "exit statuses missing"
    );
}

#[test]
fn help_covers_the_library_the_keys_and_exit_statuses() {
    let help = run(&["--help"]);
    for words in [
        "Library mode",
        "Keys:",
        "`?`",
        "earmark man",
        "Exit status:",
        "--at",
        "--search",
    ] {
        assert!(help.contains(words), "{words} missing from --help");
    }
}
