//! `earmark search`'s shapes of output (docs/usage.md): matches under each
//! episode's heading, colour, context segments, counts, files with a match,
//! and the speaker, date and per-file filters. Fixtures in
//! tests/fixtures/search_shapes/: two dated episodes, one undated, one
//! whose title, speaker and text hold escape sequences.

use crate::support;

use std::process::Output;

use support::cli::{earmark, fixture};

const DIR: &str = "search_shapes";

fn search(args: &[&str]) -> Output {
    earmark()
        .current_dir(fixture(""))
        .env_remove("NO_COLOR")
        .arg("search")
        .args(args)
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

#[test]
fn heading_groups_matches_under_each_episode() {
    let output = search(&["pricing", "--heading", "--color", "never", DIR]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let expected = "\
Pricing with Ada · search_shapes/a-pricing.md
00:00:05  Lenny Rachitsky: Welcome. Today we talk about pricing.
00:02:00  Ada Lovelace: Pricing is a product decision.
00:04:00  Ada Lovelace: Usage pricing came later.

Growth with Grace · search_shapes/b-growth.md
00:00:07  Lenny Rachitsky: Is pricing part of growth?
00:00:30  Grace Hopper: Pricing is growth, yes.

An undated teaser · search_shapes/c-undated.md
00:00:01  Lenny Rachitsky: A word on pricing.

Evil title · search_shapes/d-hostile.md
00:00:01  Malory: The pricing here reversed.
";
    assert_eq!(stdout(&output), expected);
}

/// Into a pipe, with no option (or `--color auto`, `--no-heading`): the
/// tab-separated lines, the same bytes whichever way.
#[test]
fn piped_output_is_the_tab_separated_lines() {
    let plain = search(&["pricing", DIR]);
    let text = stdout(&plain);
    assert_eq!(text.lines().count(), 7, "{text}");
    assert!(text.starts_with(
        "search_shapes/a-pricing.md\t00:00:05\tLenny Rachitsky\tWelcome. Today we talk about pricing.\n"
    ));
    for args in [["--color", "auto"], ["--no-heading", "--color=never"]] {
        let output = search(&[&["pricing"], &args[..], &[DIR]].concat());
        assert_eq!(output.stdout, plain.stdout, "{args:?}");
    }
}

#[test]
fn color_always_paints_the_match_and_never_leaves_it_plain() {
    let output = search(&[
        "pricing",
        "--heading",
        "--color",
        "always",
        "search_shapes/b-growth.md",
    ]);
    let text = stdout(&output);
    assert!(
        text.contains("Is \u{1b}[1;31mpricing\u{1b}[0m part of growth?"),
        "{text:?}"
    );
    assert!(text.contains("\u{1b}[32m00:00:07\u{1b}[0m"), "{text:?}");
    assert!(
        text.starts_with("\u{1b}[1mGrowth with Grace\u{1b}[0m"),
        "{text:?}"
    );
    let never = search(&[
        "pricing",
        "--heading",
        "--color",
        "never",
        "search_shapes/b-growth.md",
    ]);
    assert!(!stdout(&never).contains('\u{1b}'));
    // NO_COLOR asks `auto` for none; `always` is asked for by name.
    let no_color = earmark()
        .current_dir(fixture(""))
        .env("NO_COLOR", "1")
        .args([
            "search",
            "pricing",
            "--color",
            "always",
            "search_shapes/b-growth.md",
        ])
        .output()
        .unwrap();
    assert!(stdout(&no_color).contains("\u{1b}[1;31mpricing"));
}

/// Nothing from a file reaches the output as a control sequence: the
/// escape sequences the hostile fixture holds in its title, speaker and
/// text are gone, and with colour the only ones left are earmark's SGR.
#[test]
fn nothing_from_a_file_reaches_the_terminal() {
    for shape in [&["--heading"][..], &["-C", "1"], &["-c"], &["-l"], &[]] {
        let args = [
            &["pricing", "--color", "always"],
            shape,
            &["search_shapes/d-hostile.md"],
        ]
        .concat();
        let text = stdout(&search(&args));
        let stripped = [
            "\u{1b}[1;31m",
            "\u{1b}[32m",
            "\u{1b}[36m",
            "\u{1b}[35m",
            "\u{1b}[1m",
            "\u{1b}[0m",
        ]
        .iter()
        .fold(text.clone(), |t, sgr| t.replace(sgr, ""));
        assert!(
            !stripped
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t'),
            "{shape:?}: {text:?}"
        );
        assert!(!stripped.contains('\u{202e}'), "{shape:?}: {text:?}");
        assert!(
            stripped.contains("pricing") || stripped.contains("d-hostile"),
            "{shape:?}: {text:?}"
        );
    }
}

#[test]
fn context_shows_segments_around_each_match_and_marks_gaps() {
    let args = [
        "--regex",
        "Thanks|Welcome",
        "-C",
        "1",
        "--color",
        "never",
        "search_shapes/a-pricing.md",
    ];
    let heading = search(&[&args[..], &["--heading"]].concat());
    assert_eq!(
        stdout(&heading),
        "Pricing with Ada · search_shapes/a-pricing.md\n\
         00:00:05  Lenny Rachitsky: Welcome. Today we talk about pricing.\n\
         00:01:00  Ada Lovelace- First, some history.\n\
         --\n\
         00:04:00  Ada Lovelace- Usage pricing came later.\n\
         00:05:00  Lenny Rachitsky: Thanks for coming.\n"
    );
    let lines = stdout(&search(&args));
    let p = "search_shapes/a-pricing.md";
    assert_eq!(
        lines,
        format!(
            "{p}\t00:00:05\tLenny Rachitsky\tWelcome. Today we talk about pricing.\n\
             {p}\t00:01:00\tAda Lovelace\tFirst, some history.\n--\n\
             {p}\t00:04:00\tAda Lovelace\tUsage pricing came later.\n\
             {p}\t00:05:00\tLenny Rachitsky\tThanks for coming.\n"
        )
    );
    // Matches whose context touches run together, with no `--`.
    let close = stdout(&search(&[
        "pricing",
        "-C",
        "1",
        "search_shapes/a-pricing.md",
    ]));
    assert_eq!(close.lines().count(), 6, "{close}");
    assert!(!close.contains("--"), "{close}");
}

#[test]
fn count_and_files_with_matches() {
    let count = search(&["pricing", "-c", DIR]);
    assert_eq!(
        stdout(&count),
        "search_shapes/a-pricing.md:3\nsearch_shapes/b-growth.md:2\n\
         search_shapes/c-undated.md:1\nsearch_shapes/d-hostile.md:1\n"
    );
    let files = search(&["history", "-l", DIR]);
    assert_eq!(stdout(&files), "search_shapes/a-pricing.md\n");
    assert_eq!(search(&["nowhere", "-l", DIR]).status.code(), Some(1));
}

#[test]
fn speaker_and_max_count_narrow_the_matches() {
    let ada = search(&["pricing", "--speaker", "ada", "--no-heading", DIR]);
    let text = stdout(&ada);
    let speakers: Vec<&str> = text
        .lines()
        .map(|l| l.split('\t').nth(2).unwrap())
        .collect();
    assert_eq!(speakers, ["Ada Lovelace", "Ada Lovelace"], "{text}");
    // Smart case: an upper-case letter asks for exact case.
    assert_eq!(
        search(&["pricing", "--speaker", "ADA", DIR]).status.code(),
        Some(1)
    );
    let one_each = stdout(&search(&["pricing", "-m", "1", DIR]));
    assert_eq!(one_each.lines().count(), 4, "{one_each}");
    let counted = stdout(&search(&["pricing", "-m", "2", "-c", DIR]));
    assert!(
        counted.starts_with("search_shapes/a-pricing.md:2\n"),
        "{counted}"
    );
}

#[test]
fn since_and_until_go_by_the_publish_date_and_name_undated_files() {
    let output = search(&["pricing", "-l", "--since", "2024-01-01", DIR]);
    assert_eq!(
        stdout(&output),
        "search_shapes/b-growth.md\nsearch_shapes/d-hostile.md\n"
    );
    assert_eq!(
        stderr(&output),
        "earmark: search_shapes/c-undated.md: no publish date, left out (--since/--until)\n"
    );
    assert_eq!(output.status.code(), Some(0));
    let until = search(&["pricing", "-l", "--until", "2024-01-01", DIR]);
    assert_eq!(
        stdout(&until),
        "search_shapes/a-pricing.md\nsearch_shapes/d-hostile.md\n"
    );
    let bad = search(&["pricing", "--since", "last week", DIR]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("`last week` is not a date"),
        "{}",
        stderr(&bad)
    );
}

/// Filters apply to `--json` too, which keeps its one object per match.
#[test]
fn json_takes_the_filters() {
    let output = search(&["pricing", "--json", "--speaker", "grace", DIR]);
    let text = stdout(&output);
    assert_eq!(text.lines().count(), 1, "{text}");
    let value: serde_json::Value = serde_json::from_str(text.trim()).unwrap();
    assert_eq!(value["speaker"], "Grace Hopper");
    assert_eq!(value["title"], "Growth with Grace");
    assert_eq!(value["matches"], serde_json::json!([[0, 7]]));
}

/// Headings, colour, counts and names are printed as the search's own
/// passes find segments (the fast pass, and a large file split across
/// threads); a filter takes the full parse. Both print the same.
#[test]
fn streamed_and_parsed_shapes_print_the_same() {
    let dir = tempfile::TempDir::new().unwrap();
    let mut big = String::from("---\ntitle: Big one\n---\n\n## Transcript\n\n");
    let mut i = 0;
    while big.len() < 9 << 20 {
        let extra = if i % 997 == 0 { " and pricing" } else { "" };
        big.push_str(&format!(
            "Ada (00:{:02}:{:02}):\nLine {i} of a long talk{extra}.\n\n",
            i / 60 % 60,
            i % 60
        ));
        i += 1;
    }
    std::fs::write(dir.path().join("big.md"), big).unwrap();
    let shapes_dir = fixture(DIR);
    let corpus =
        std::env::var_os("EARMARK_CORPUS").map(|c| std::path::PathBuf::from(c).join("episodes"));
    if corpus.is_none() {
        eprintln!("EARMARK_CORPUS is not set: comparing on the fixtures only");
    }
    let small: Vec<&std::path::Path> = [Some(shapes_dir.as_path()), corpus.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    let big_path = dir.path().join("big.md");
    let shapes: [(&[&str], Vec<&std::path::Path>); 4] = [
        (
            &["--heading", "--color", "always"],
            vec![big_path.as_path(), shapes_dir.as_path()],
        ),
        (&["-c"], small.clone()),
        (&["-l"], small.clone()),
        (&["--no-heading", "--color", "always"], small),
    ];
    for (shape, paths) in shapes {
        let run = |extra: &[&str]| {
            let mut command = earmark();
            command
                .args(["search", "pricing"])
                .args(shape)
                .args(extra)
                .args(&paths);
            command.output().unwrap()
        };
        let streamed = run(&[]);
        let parsed = run(&["--max-count", "1000000"]);
        assert_eq!(streamed.status.code(), Some(0), "{shape:?}");
        assert_eq!(stdout(&streamed), stdout(&parsed), "{shape:?}");
        assert!(stdout(&streamed).contains("a-pricing.md"), "{shape:?}");
    }
}

/// Every match the excerpt shows is coloured, by the fast pass and the
/// full parse alike; one cut off by the excerpt's end is not.
#[test]
fn every_match_in_the_excerpt_is_coloured() {
    let dir = tempfile::TempDir::new().unwrap();
    let text = format!(
        "## Transcript\n\nAda (00:00:01):\nPricing, then\tpricing again; pricing.{}pricing\n",
        " x".repeat(60)
    );
    std::fs::write(dir.path().join("ep.md"), text).unwrap();
    let painted = "\u{1b}[1;31m";
    for extra in [&[][..], &["--max-count", "9"]] {
        let output = earmark()
            .args(["search", "pricing", "--heading", "--color", "always"])
            .args(extra)
            .arg(dir.path())
            .output()
            .unwrap();
        let out = stdout(&output);
        let row = out.lines().nth(1).unwrap();
        assert_eq!(row.matches(painted).count(), 3, "{extra:?}: {row:?}");
        assert!(
            row.contains("\u{1b}[1;31mPricing\u{1b}[0m, then \u{1b}[1;31mpricing\u{1b}[0m again"),
            "{row:?}"
        );
        assert!(row.ends_with('…'), "{row:?}");
    }
}
