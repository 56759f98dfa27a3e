//! `earmark config` and config.yaml as the command line meets it: the
//! commented default file, the path, a bad or hostile file named with its
//! line on stderr while earmark goes on with the defaults (exit status
//! unchanged), and the default library folder.

use crate::support;

use std::path::Path;

use support::cli::{earmark, fixture};

/// A config directory holding `text` as config.yaml.
fn config_dir(text: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("config.yaml"), text).unwrap();
    dir
}

fn with_fixture(name: &str) -> tempfile::TempDir {
    config_dir(&std::fs::read(fixture(&format!("config/{name}"))).unwrap())
}

/// `earmark --config-dir DIR ARGS…`: (exit code, stdout, stderr).
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = earmark()
        .arg("--config-dir")
        .arg(dir)
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_default_file_names_every_key_and_reads_back_without_a_word() {
    let empty = tempfile::tempdir().unwrap();
    let (code, text, _) = run(empty.path(), &["config", "--print-default"]);
    assert_eq!(code, 0);
    for key in [
        "theme: auto",
        "max_width: 100",
        "sidebar: true",
        "# library:",
        "palette:",
        "keys:",
    ] {
        assert!(text.contains(key), "{key} missing from:\n{text}");
    }
    for mode in ["reading", "search-bar", "bookmarks", "library"] {
        assert!(text.contains(&format!("\n  {mode}:\n")), "{mode}");
    }
    let dir = config_dir(text.as_bytes());
    let (code, path, notes) = run(dir.path(), &["config"]);
    assert_eq!((code, notes.as_str()), (0, ""));
    assert_eq!(
        path.trim(),
        dir.path().join("config.yaml").display().to_string()
    );
}

#[test]
fn config_path_prints_only_the_path() {
    let dir = with_fixture("invalid.yaml");
    let (code, out, err) = run(dir.path(), &["config", "--path"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        format!("{}\n", dir.path().join("config.yaml").display())
    );
    assert_eq!(err, "");
}

#[test]
fn no_file_yet_says_how_to_start_one() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(dir.path(), &["config"]);
    assert_eq!(code, 0);
    assert!(err.contains("no config file yet"), "{err}");
}

#[test]
fn an_invalid_file_is_named_with_its_line_and_the_reader_goes_on() {
    let dir = with_fixture("invalid.yaml");
    let file = dir.path().join("config.yaml").display().to_string();
    let (code, _, err) = run(dir.path(), &["config"]);
    assert_eq!(code, 0);
    assert!(
        err.starts_with(&format!(
            "earmark: {file}: line 3: theme: unknown variant `lite`"
        )),
        "{err}"
    );
    assert!(err.trim_end().ends_with("using the defaults"), "{err}");
    // The reader into a pipe prints the episode, says why, and exits 0.
    let episode = fixture("dialect_a.md");
    let (code, out, err) = run(dir.path(), &[episode.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.is_empty());
    assert!(err.contains("line 3: theme"), "{err}");
}

#[test]
fn unknown_keys_are_warnings_only() {
    let dir = with_fixture("unknown-keys.yaml");
    let (code, _, err) = run(dir.path(), &["config"]);
    assert_eq!(code, 0);
    assert!(err.contains("line 2: unknown key `colour`"), "{err}");
    assert!(err.contains("line 4: unknown key `palette.bold`"), "{err}");
}

#[test]
fn a_good_file_gives_no_note() {
    let dir = with_fixture("light.yaml");
    let (code, _, err) = run(dir.path(), &["config"]);
    assert_eq!((code, err.as_str()), (0, ""));
}

#[test]
fn hostile_files_are_refused_quickly_and_cleanly() {
    let huge = config_dir(&vec![b'#'; 1 << 20]);
    let (code, _, err) = run(huge.path(), &["config"]);
    assert_eq!(code, 0);
    assert!(err.contains("larger than 64 KiB"), "{err}");

    let bomb = with_fixture("alias-bomb.yaml");
    let (code, _, err) = run(bomb.path(), &["config"]);
    assert_eq!(code, 0, "no hang, no crash");
    assert!(err.contains("repetition limit exceeded"), "{err}");

    let binary = config_dir(b"theme: \xff\xfe\n");
    let (_, _, err) = run(binary.path(), &["config"]);
    assert!(err.contains("not UTF-8"), "{err}");

    let escapes = config_dir(b"\"\\e]0;owned\\a\\e[2J\": 1\ntheme: dark\n");
    let (_, _, err) = run(escapes.path(), &["config"]);
    assert!(
        err.contains("unknown key `\\u{1b}]0;owned"),
        "shown escaped: {err}"
    );
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
}

#[test]
fn a_fifo_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("config.yaml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo is not available: test skipped");
        return;
    }
    let (code, _, err) = run(dir.path(), &["config"]);
    assert_eq!(code, 0);
    assert!(err.contains("not a regular file"), "{err}");
}

#[test]
fn the_library_folder_is_what_earmark_alone_opens() {
    let library = tempfile::tempdir().unwrap();
    let yaml = format!("library: {}\n", library.path().display());
    let dir = config_dir(yaml.as_bytes());
    // Into a pipe the library cannot open: the error shows it was chosen.
    let (code, _, err) = run(dir.path(), &[]);
    assert_eq!(code, 2);
    assert!(err.contains("the library needs a terminal"), "{err}");

    let missing = config_dir(b"library: /no/such/folder/anywhere\n");
    let (code, out, err) = run(missing.path(), &[]);
    assert_eq!(code, 0);
    assert!(out.contains("Lenny"), "the sample episode");
    assert!(
        err.contains("/no/such/folder/anywhere is not a folder"),
        "{err}"
    );
}
