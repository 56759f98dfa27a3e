//! `earmark search`'s cache of parsed transcripts (docs/usage.md, "The
//! search cache"): the same output with a cold cache, a warm one and
//! `--no-cache`; an entry used only while its file is unchanged; damaged
//! entries passed over and rewritten; private files, written atomically,
//! pruned under a cap; never the user's own cache in a test.
//!
//! A file changed in the last two seconds is not cached, so the tests
//! that need a warm entry wait that long after writing their files.

use crate::support;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

use earmark::episode::{Episode, Source};
use earmark::formats::write::{OutputFormat, render};
use earmark::library::search_cache::entry::{decode, is_clean};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use support::cli::{CACHE_DIR_ENV, earmark, fixture};
use tempfile::TempDir;

/// Longer than the cache's "changed too recently" window.
const SETTLE: Duration = Duration::from_millis(2_200);

/// What one run printed: stdout, stderr, exit code.
type Run = (String, String, i32);

/// Where a run keeps its cache.
#[derive(Clone, Copy)]
enum Cache<'a> {
    In(&'a Path),
    Off,
}

/// `earmark search ARGS...` with the cache as `cache` says.
fn search(args: &[&str], cache: Cache) -> Run {
    let mut command = earmark();
    command.arg("search");
    match cache {
        Cache::In(dir) => command.env(CACHE_DIR_ENV, dir),
        Cache::Off => command.arg("--no-cache"),
    };
    let output = command.args(args).output().expect("earmark runs");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        output.status.code().unwrap_or(-1),
    )
}

/// Sets a file's modification time an hour back, so that once
/// [`SETTLE`] has passed it is old enough to be cached.
fn age(path: &Path) {
    let file = fs::File::options().write(true).open(path).expect("open");
    let past = SystemTime::now() - Duration::from_secs(3600);
    file.set_modified(past).expect("set mtime");
}

/// The cache's entry files, sorted.
fn entries(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(dir)
        .map(|listing| listing.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    found.retain(|p| p.extension().is_some_and(|e| e == "entry"));
    found.sort();
    found
}

/// The fixtures of this module copied into a folder of their own, aged
/// and settled: made once, searched by several tests, never changed.
fn settled_fixtures() -> &'static Path {
    static FOLDER: OnceLock<TempDir> = OnceLock::new();
    FOLDER
        .get_or_init(|| {
            let dir = TempDir::new().expect("temp dir");
            for name in ["talk.vtt", "talk.srt", "talk.json", "notes.md"] {
                let to = dir.path().join(name);
                fs::copy(fixture(&format!("search_cache/{name}")), &to).expect("copy");
                age(&to);
            }
            std::thread::sleep(SETTLE);
            dir
        })
        .path()
}

/// Every output mode, as arguments before the folder.
const MODES: &[&[&str]] = &[
    &["growth"],
    &["café"],
    &["product-market fit"],
    &["zebra crossing"],
    &["nothing-like-this"],
    &["--json", "growth"],
    &["-c", "the"],
    &["-l", "simple"],
    &["-C", "1", "growth"],
    &["--heading", "--color", "always", "café"],
    &["@ann"],
    &["@bo growth"],
    &["--speaker", "ann", "the"],
    &["--regex", "evals?"],
    &["--regex", "--json", "gr(ow|ew)th"],
    &["--regex", r"\w+ing"],
    &["-m", "1", "the"],
    &["--since", "2024-01-01", "growth"],
    &["--case-sensitive", "Growth"],
];

/// Runs `mode` over `target` cold (a fresh cache), warm (the same cache
/// again) and without a cache, and checks that all three print the same.
fn same_three_ways(mode: &[&str], target: &Path) -> PathBuf {
    let cache = TempDir::new().expect("temp dir").keep();
    let mut args = mode.to_vec();
    let target = target.to_str().expect("a UTF-8 path");
    args.push(target);
    let cold = search(&args, Cache::In(&cache));
    let warm = search(&args, Cache::In(&cache));
    let off = search(&args, Cache::Off);
    assert_eq!(cold, off, "cold against --no-cache: {args:?}");
    assert_eq!(warm, off, "warm against --no-cache: {args:?}");
    cache
}

#[test]
fn every_output_mode_prints_the_same_cold_warm_and_without_a_cache() {
    let folder = settled_fixtures();
    for mode in MODES {
        let cache = same_three_ways(mode, folder);
        fs::remove_dir_all(cache).ok();
    }
}

#[test]
fn a_search_that_parses_writes_an_entry_per_caption_or_json_file_only() {
    let folder = settled_fixtures();
    // `@ann` alone parses every file: three entries, none for Markdown.
    let cache = same_three_ways(&["@ann"], folder);
    assert_eq!(entries(&cache).len(), 3, "{:?}", entries(&cache));
    fs::remove_dir_all(cache).ok();
}

#[test]
fn a_fresh_entry_is_what_the_search_reads() {
    let folder = settled_fixtures();
    let cache = same_three_ways(&["growth"], folder);
    // Change a word in every entry's text, keeping its length: a warm
    // search now finds the new word, which no file holds.
    for entry in entries(&cache) {
        let bytes = fs::read(&entry).expect("an entry");
        let changed = replace_all(&bytes, b"coffee", b"toffee");
        fs::write(&entry, changed).expect("write");
    }
    let target = folder.to_str().expect("UTF-8");
    let (out, _, code) = search(&["toffee", target], Cache::In(&cache));
    assert_eq!(code, 0, "the entries were read: {out}");
    assert!(out.contains("toffee"), "{out}");
    let (_, _, code) = search(&["toffee", target], Cache::Off);
    assert_eq!(code, 1, "no file holds the word");
    fs::remove_dir_all(cache).ok();
}

fn replace_all(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let mut at = 0;
    while let Some(i) = out[at..].windows(from.len()).position(|w| w == from) {
        out[at + i..at + i + to.len()].copy_from_slice(to);
        at += i + from.len();
    }
    out
}

/// A folder with one WebVTT file saying `text`, aged and settled.
fn one_caption_file(text: &str) -> (TempDir, PathBuf) {
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join("one.vtt");
    write_caption(&path, text);
    age(&path);
    std::thread::sleep(SETTLE);
    (dir, path)
}

fn write_caption(path: &Path, text: &str) {
    let body = format!("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ann>{text}\n");
    fs::write(path, body).expect("write");
}

/// Searches `path` for `word` with the cache in `cache`: whether it matched.
fn finds(word: &str, path: &Path, cache: &Path) -> bool {
    let (_, err, code) = search(&[word, path.to_str().expect("UTF-8")], Cache::In(cache));
    assert!(code == 0 || code == 1, "{err}");
    code == 0
}

#[test]
fn an_edit_that_keeps_size_and_mtime_is_still_seen() {
    let (dir, path) = one_caption_file("the apple speech");
    let cache = dir.path().join("cache");
    assert!(finds("apple", &path, &cache));
    assert_eq!(entries(&cache).len(), 1, "the file was cached");
    let mtime = fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("mtime");
    write_caption(&path, "the mango speech");
    let file = fs::File::options().write(true).open(&path).expect("open");
    file.set_modified(mtime).expect("mtime back");
    // Past the racy window: only the status change time tells now.
    std::thread::sleep(SETTLE);
    assert!(finds("mango", &path, &cache), "the edit is seen");
    assert!(!finds("apple", &path, &cache));
}

#[test]
fn a_file_renamed_onto_the_path_is_seen() {
    let (dir, path) = one_caption_file("the apple speech");
    let cache = dir.path().join("cache");
    assert!(finds("apple", &path, &cache));
    let other = dir.path().join("other.vtt");
    write_caption(&other, "the mango speech");
    let mtime = fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("mtime");
    fs::File::options()
        .write(true)
        .open(&other)
        .and_then(|f| f.set_modified(mtime))
        .expect("same mtime");
    fs::rename(&other, &path).expect("rename");
    std::thread::sleep(SETTLE);
    assert!(finds("mango", &path, &cache), "a new inode is a new file");
}

#[test]
fn a_file_changed_just_now_is_not_cached() {
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join("new.vtt");
    write_caption(&path, "fresh words");
    let cache = dir.path().join("cache");
    assert!(finds("fresh", &path, &cache));
    assert!(entries(&cache).is_empty(), "{:?}", entries(&cache));
}

/// Where an entry's build stamp starts: its first byte changed makes the
/// entry another build's.
const BUILD_STAMP_AT: usize = 8;

/// [`one_caption_file`] saying `text`, searched once for its second word
/// so that it has an entry: the folder, the file, the cache and the entry.
fn cached_caption_file(text: &str) -> (TempDir, PathBuf, PathBuf, PathBuf) {
    let (dir, path) = one_caption_file(text);
    let cache = dir.path().join("cache");
    let word = text.split(' ').nth(1).expect("a second word");
    assert!(finds(word, &path, &cache));
    let entry = entries(&cache).pop().expect("an entry");
    (dir, path, cache, entry)
}

#[test]
fn an_entry_from_another_build_or_damaged_is_passed_over_and_rewritten() {
    let (_dir, path, cache, entry) = cached_caption_file("the apple speech");
    let good = fs::read(&entry).expect("read");
    let mut other_build = replace_all(&good, b"apple", b"mango");
    other_build[BUILD_STAMP_AT] ^= 0xff;
    let mut control = replace_all(&good, b"apple", b"mango");
    let at = control.len() - 3;
    control[at] = 0x1b; // an escape in the text
    let damaged: Vec<Vec<u8>> = vec![
        other_build,
        control,
        good[..good.len() / 2].to_vec(),
        b"EMSC\x01\0\0\0garbage".to_vec(),
        vec![0xff; 4096],
        Vec::new(),
    ];
    for bytes in damaged {
        fs::write(&entry, &bytes).expect("write");
        assert!(!finds("mango", &path, &cache), "not used");
        assert!(finds("apple", &path, &cache), "the file was read");
        assert_eq!(fs::read(&entry).expect("read"), good, "rewritten");
    }
}

/// A stale entry is removed when found, even by a search that never
/// parses the file (its raw test rules the word out): else every such
/// search would read it, and the file too, until one parsed it.
#[test]
fn a_stale_entry_is_removed_by_a_search_that_does_not_parse() {
    let (_dir, path, cache, entry) = cached_caption_file("the apple speech");
    let mut other_build = fs::read(&entry).expect("read");
    other_build[BUILD_STAMP_AT] ^= 0xff;
    fs::write(&entry, &other_build).expect("write");
    assert!(!finds("zebra", &path, &cache));
    assert!(entries(&cache).is_empty(), "{:?}", entries(&cache));
    assert!(finds("apple", &path, &cache));
    assert_eq!(entries(&cache).len(), 1, "written again by a parse");
}

#[test]
fn cache_files_are_the_owners_alone() {
    let (dir, path) = one_caption_file("private words");
    let cache = dir.path().join("nested/cache");
    assert!(finds("private", &path, &cache));
    let mode = |p: &Path| fs::metadata(p).expect("stat").permissions().mode() & 0o777;
    assert_eq!(mode(&cache), 0o700);
    let entry = entries(&cache).pop().expect("an entry");
    assert_eq!(mode(&entry), 0o600);
}

#[test]
fn stdin_is_never_cached() {
    let folder = settled_fixtures();
    let cache = TempDir::new().expect("temp dir");
    let vtt = fs::read(folder.join("talk.vtt")).expect("read");
    earmark()
        .env(CACHE_DIR_ENV, cache.path())
        .args(["search", "growth", "-"])
        .write_stdin(vtt)
        .assert()
        .success();
    assert!(entries(cache.path()).is_empty());
}

/// A Markdown file's entry is its layout alone: smaller than the file,
/// none of its text; and a search with it prints what one without
/// it does.
#[test]
fn a_markdown_entry_holds_the_layout_not_the_text() {
    let folder = settled_fixtures();
    let cache = same_three_ways(&["growth"], &folder.join("notes.md"));
    let entry = entries(&cache)
        .pop()
        .expect("an entry for the Markdown file");
    let bytes = fs::read(&entry).expect("read");
    let source = fs::read(folder.join("notes.md")).expect("read");
    // About 34 bytes a speaker line and the key: for this short file,
    // over half of it; for the shared episodes, about a tenth.
    assert!(
        bytes.len() < source.len(),
        "{} of {}",
        bytes.len(),
        source.len()
    );
    let text_held = |word: &[u8]| bytes.windows(word.len()).any(|w| w == word);
    assert!(!text_held(b"growth") && !text_held(b"coffee"));
    fs::remove_dir_all(cache).ok();
}

/// A Markdown entry cut short, or from another build, is passed over (the
/// same output as without a cache) and written again by that search.
#[test]
fn a_damaged_markdown_entry_is_passed_over_and_rewritten() {
    let folder = settled_fixtures();
    let md = folder.join("notes.md");
    let cache = same_three_ways(&["growth"], &md);
    let entry = entries(&cache).pop().expect("an entry");
    let whole = fs::read(&entry).expect("read");
    let mut other_build = whole.clone();
    other_build[BUILD_STAMP_AT] ^= 1;
    let target = md.to_str().expect("UTF-8");
    let expected = search(&["growth", target], Cache::Off);
    for damaged in [whole[..whole.len() - 3].to_vec(), other_build] {
        fs::write(&entry, &damaged).expect("write");
        assert_eq!(search(&["growth", target], Cache::In(&cache)), expected);
        assert_eq!(fs::read(&entry).expect("rewritten"), whole);
    }
    fs::remove_dir_all(cache).ok();
}

/// A Markdown file large enough to be searched on several threads keeps
/// its layout too, in an entry that is mapped rather than read (its source
/// is 4 MiB or more): the same output cold, warm and without a cache, and
/// an entry cut short or from another build passed over and written again.
#[test]
fn a_large_markdown_file_keeps_its_layout() {
    let folder = TempDir::new().expect("temp dir");
    let big = folder.path().join("big.md");
    let notes = fs::read_to_string(fixture("search_cache/notes.md")).expect("read");
    let (head, body) = notes.split_at(notes.find("Ann Lee (").expect("a speaker line"));
    // Past the size from which a file is searched in parts (8 MiB).
    let copies = (9 << 20) / body.len() + 1;
    fs::write(&big, format!("{head}{}", body.repeat(copies))).expect("write");
    age(&big);
    std::thread::sleep(SETTLE);
    let cache = same_three_ways(&["zebra crossing"], &big);
    let entry = entries(&cache).pop().expect("an entry for the large file");
    let whole = fs::read(&entry).expect("read");
    assert!(whole.len() < fs::metadata(&big).expect("stat").len() as usize);
    let target = big.to_str().expect("UTF-8");
    let expected = search(&["zebra crossing", target], Cache::Off);
    let mut other_build = whole.clone();
    other_build[BUILD_STAMP_AT] ^= 1;
    for damaged in [whole[..whole.len() - 3].to_vec(), other_build] {
        fs::write(&entry, &damaged).expect("write");
        assert_eq!(
            search(&["zebra crossing", target], Cache::In(&cache)),
            expected
        );
        assert_eq!(fs::read(&entry).expect("rewritten"), whole);
    }
    fs::remove_dir_all(cache).ok();
}

#[test]
fn two_searches_at_once_both_print_right_and_leave_whole_entries() {
    let folder = generated_folder();
    let cache = TempDir::new().expect("temp dir");
    let target = folder.path().to_str().expect("UTF-8");
    let expected = search(&["@n", target], Cache::Off);
    let runs: Vec<Run> = std::thread::scope(|scope| {
        let a = scope.spawn(|| search(&["@n", target], Cache::In(cache.path())));
        let b = scope.spawn(|| search(&["@n", target], Cache::In(cache.path())));
        vec![a.join().expect("a"), b.join().expect("b")]
    });
    for run in runs {
        assert_eq!(run, expected);
    }
    for entry in entries(cache.path()) {
        let bytes = fs::read(&entry).expect("read");
        assert!(decode(&bytes).is_ok(), "{entry:?} is whole");
    }
    assert_eq!(search(&["@n", target], Cache::In(cache.path())), expected);
}

#[test]
fn a_cache_dir_that_cannot_be_made_changes_nothing_but_one_warning() {
    let folder = settled_fixtures();
    let blocker = TempDir::new().expect("temp dir");
    let file = blocker.path().join("a-file");
    fs::write(&file, "not a folder").expect("write");
    let target = folder.to_str().expect("UTF-8");
    let off = search(&["growth", target], Cache::Off);
    let named = search(&["growth", target], Cache::In(&file.join("cache")));
    assert_eq!((&named.0, named.2), (&off.0, off.2));
    let extra = named.1.strip_suffix(&off.1).unwrap_or(&named.1);
    assert_eq!(extra.lines().count(), 1, "{}", named.1);
    assert!(extra.contains("searching without it"), "{extra}");
    // The default directory failing says nothing.
    let output = earmark()
        .env_remove(CACHE_DIR_ENV)
        .env("HOME", &file)
        .env("XDG_CACHE_HOME", file.join("cache"))
        .args(["search", "growth", target])
        .output()
        .expect("runs");
    assert_eq!(String::from_utf8_lossy(&output.stdout), off.0);
    assert_eq!(String::from_utf8_lossy(&output.stderr), off.1);
    assert_eq!(output.status.code(), Some(off.2));
}

#[test]
fn the_default_cache_is_in_the_platform_cache_dir() {
    let (dir, path) = one_caption_file("home words");
    let home = dir.path().join("home");
    earmark()
        .env_remove(CACHE_DIR_ENV)
        .env_remove("XDG_CACHE_HOME")
        .env("HOME", &home)
        .args(["search", "home"])
        .arg(&path)
        .assert()
        .success();
    assert_eq!(entries(&home.join(".cache/earmark/search")).len(), 1);
}

#[test]
fn the_cache_is_pruned_to_its_cap() {
    let folder = generated_folder();
    let cache = TempDir::new().expect("temp dir");
    let target = folder.path().to_str().expect("UTF-8");
    let full = search(&["@n", target], Cache::In(cache.path()));
    let written: u64 = entries(cache.path()).iter().map(|e| size(e)).sum();
    assert!(entries(cache.path()).len() > 4);
    // A cap of half what one search writes: the next search that writes
    // prunes to three quarters of the cap.
    let cap = written / 2;
    fs::remove_dir_all(cache.path()).ok();
    let run = earmark()
        .env(CACHE_DIR_ENV, cache.path())
        .env("EARMARK_CACHE_MAX_BYTES", cap.to_string())
        .args(["search", "@n", target])
        .output()
        .expect("runs");
    assert_eq!(String::from_utf8_lossy(&run.stdout), full.0);
    let kept: u64 = entries(cache.path()).iter().map(|e| size(e)).sum();
    assert!(kept <= cap, "{kept} bytes kept, cap {cap}");
    assert!(!entries(cache.path()).is_empty(), "pruned, not emptied");
}

fn size(path: &Path) -> u64 {
    fs::metadata(path).map_or(0, |m| m.len())
}

// --- Generated episodes -------------------------------------------------

#[rustfmt::skip]
const WORDS: &[&str] = &[
    "growth", "Growth", "the", "café", "cafe", "evals", "eval", "zebra", "crossing",
    "product-market", "fit", "“quoted”", "don't", "don’t", "😀", "中文", "Zoë", "e\u{301}",
    "R&B", "<b>bold</b>", "-->", "50%", "a:b", "K", "\u{212a}", "ß", "SS", "ﬁ",
];

const NAMES: &[&str] = &["Ann", "Bo Chen", "Zoë Ångström", "李雷", "SPEAKER_01"];

fn text() -> impl Strategy<Value = String> {
    let line = prop::collection::vec(prop::sample::select(WORDS), 1..8).prop_map(|w| w.join(" "));
    prop::collection::vec(line, 1..3).prop_map(|l| l.join("\n"))
}

/// An episode earmark could have read: built through a Podcasting 2.0
/// file, with an optional untimed intro.
fn episode() -> impl Strategy<Value = Episode> {
    support::generate::podcasting20_episode(NAMES, text, 1..10)
}

/// Generated episodes, each written as `dump --to webvtt`, `srt`, `json`
/// and `markdown` write it, into one folder, aged and settled.
fn generated_folder() -> TempDir {
    let dir = TempDir::new().expect("temp dir");
    let mut runner = TestRunner::default();
    for n in 0..12 {
        let episode = episode().new_tree(&mut runner).expect("a case").current();
        for (target, extension) in [
            (OutputFormat::WebVtt, "vtt"),
            (OutputFormat::Srt, "srt"),
            (OutputFormat::Json, "json"),
            (OutputFormat::Markdown, "md"),
        ] {
            let path = dir.path().join(format!("episode-{n}.{extension}"));
            fs::write(&path, render(&episode, target).expect("renders")).expect("write");
            age(&path);
        }
    }
    std::thread::sleep(SETTLE);
    dir
}

#[test]
fn generated_episodes_print_the_same_cold_warm_and_without_a_cache() {
    let folder = generated_folder();
    let patterns = [
        "growth",
        "café",
        "don't",
        "k",
        "ss",
        "the zebra",
        "😀",
        "e\u{301}",
    ];
    for pattern in patterns {
        for flags in [
            &[][..],
            &["--json"],
            &["-c"],
            &["-C", "1"],
            &["--case-sensitive"],
        ] {
            let mut mode = flags.to_vec();
            mode.push(pattern);
            let cache = same_three_ways(&mode, folder.path());
            fs::remove_dir_all(cache).ok();
        }
    }
    for mode in [
        &["@ann"][..],
        &["@bo growth"],
        &["--regex", "gr[oa]wth"],
        &["--regex", r"\bthe\b"],
    ] {
        let cache = same_three_ways(mode, folder.path());
        fs::remove_dir_all(cache).ok();
    }
}

// --- Entries as untrusted input ------------------------------------------

/// A valid entry for a small generated episode.
fn valid_entry(episode: &Episode) -> Vec<u8> {
    use earmark::library::search_cache::entry::{EntryKey, SourceStamp, encode};
    let key = EntryKey {
        build: 1,
        stamp: SourceStamp::default(),
        path: b"/some/file.vtt",
    };
    encode(&key, episode).expect("encodes")
}

/// Whatever decodes is clean: every text, title and name.
fn check_decoded(bytes: &[u8]) {
    if let Ok(entry) = decode(bytes) {
        assert!(is_clean(entry.text()));
        assert!(is_clean(entry.title()) && !entry.title().contains('\n'));
        for segment in entry.segments() {
            assert!(is_clean(segment.text));
            assert!(
                segment
                    .speaker
                    .is_none_or(|s| is_clean(s) && !s.contains('\n'))
            );
        }
        let episode = entry.to_episode(Source::Builtin("x"));
        assert_eq!(episode.segments.len(), entry.segments().count());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_bytes_decode_without_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        check_decoded(&bytes);
        let mut with_magic = b"EMSC\x01\0\0\0".to_vec();
        with_magic.extend_from_slice(&bytes);
        check_decoded(&with_magic);
    }

    #[test]
    fn mutated_entries_decode_without_panic(
        episode in episode(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
        cut in any::<prop::sample::Index>(),
    ) {
        let good = valid_entry(&episode);
        let decoded = decode(&good).expect("a valid entry decodes");
        let rebuilt = decoded.to_episode(episode.source.clone());
        prop_assert_eq!(&rebuilt.segments, &episode.segments);
        prop_assert_eq!(&rebuilt.speakers, &episode.speakers);
        prop_assert_eq!(&rebuilt.title, &episode.title);
        prop_assert_eq!(rebuilt.format, episode.format);
        let texts = |e: &Episode| e.segments.iter().map(|s| s.text(e).to_owned()).collect::<Vec<_>>();
        prop_assert_eq!(texts(&rebuilt), texts(&episode));
        let mut bytes = good.clone();
        for (at, byte) in edits {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        check_decoded(&bytes);
        check_decoded(&bytes[..cut.index(bytes.len())]);
    }
}

// --- Markdown layouts at scale --------------------------------------------

/// A Markdown body of `n` segments by three speakers.
fn markdown_body(n: usize) -> String {
    let mut body = String::new();
    for i in 0..n {
        let speaker = ["Ann", "Bo Chen", "Zoë"][i % 3];
        let (h, m, s) = (i / 3600, i / 60 % 60, i % 60);
        body.push_str(&format!(
            "{speaker} ({h:02}:{m:02}:{s:02}):\nSegment {i}, café and growth.\n\n"
        ));
    }
    body
}

/// Writing a layout and reading it back (with every segment built from
/// it, as a search for a common word does) grows with the headers, no
/// faster: at N and 4N in the same run.
#[test]
fn a_layout_is_written_and_read_in_time_linear_in_its_headers() {
    use earmark::episode::BodyScan;
    let n = 5_000;
    let bodies: Vec<(usize, String)> = [n, 4 * n].map(|k| (k, markdown_body(k))).into();
    let ratio = support::growth::ratio(n, |size| {
        let body = &bodies.iter().find(|(k, _)| *k == size).expect("a body").1;
        let scan = BodyScan::scan(body).expect("a layout");
        support::growth::cpu_time(|| {
            let layout = BodyScan::decode(body, &scan.encode()).expect("decodes");
            assert_eq!(layout.segments().count(), size);
        })
    });
    assert!(ratio < support::growth::MAX_RATIO, "{ratio}");
}
