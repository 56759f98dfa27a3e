//! The bookmark store against real files: round trips, fields it does not
//! know, merging between stores, threads and processes writing at once,
//! corrupt and unreadable files, directories it cannot write.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use earmark::bookmarks::{Bookmark, BookmarkStore, Change, StoreError, read_bookmarks_noting};
use serde_yaml::Value;
use tempfile::TempDir;

/// Set in a child process: the directory it writes to, as a writer.
const WRITER_DIR: &str = "EARMARK_TEST_WRITER_DIR";
const WRITER_ID: &str = "EARMARK_TEST_WRITER_ID";
const ADDS_PER_WRITER: usize = 10;

fn bookmark(episode: &str, start: u32, quote: &str) -> Bookmark {
    Bookmark {
        episode: episode.into(),
        transcript: None,
        title: format!("Episode {episode}"),
        path: Some(format!("/podcasts/{episode}.md")),
        url: None,
        speaker: Some("Ada Lovelace".into()),
        start: Some(start),
        end: None,
        segments: None,
        quote: quote.into(),
        note: String::new(),
        created: "2026-11-26T10:00:00Z".into(),
        extra: serde_yaml::Mapping::new(),
    }
}

fn open(dir: &Path) -> BookmarkStore {
    let (store, notices) = BookmarkStore::open(dir.to_path_buf());
    assert_eq!(notices, Vec::<String>::new());
    store
}

fn add_and_save(dir: &Path, b: Bookmark) {
    let mut store = open(dir);
    store.apply(Change::Add(b));
    assert_eq!(store.save().unwrap(), Vec::<String>::new());
}

/// The bookmarks on disk, as the read-only commands read them.
fn read_bookmarks(dir: &Path) -> Result<Vec<Bookmark>, StoreError> {
    read_bookmarks_noting(dir).map(|(bookmarks, _)| bookmarks)
}

fn quotes_on_disk(dir: &Path) -> Vec<String> {
    read_bookmarks(dir)
        .unwrap()
        .into_iter()
        .map(|b| b.quote)
        .collect()
}

fn names_in(dir: &Path) -> BTreeSet<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

fn file(dir: &Path) -> PathBuf {
    dir.join("bookmarks.yaml")
}

#[test]
fn a_saved_store_reads_back_the_same() {
    let dir = TempDir::new().unwrap();
    let mut first = bookmark("e1", 1749, "Two lines:\nthe second one.");
    first.url = Some("https://www.youtube.com/watch?v=e1".into());
    first.note = "remember this".into();
    let mut second = bookmark("e2", 0, "No speaker, no time.");
    second.speaker = None;
    second.start = None;
    second.path = None;
    let mut store = open(dir.path());
    store.apply(Change::Add(first.clone()));
    store.apply(Change::Add(second.clone()));
    store.save().unwrap();
    assert_eq!(open(dir.path()).bookmarks(), [first, second]);
    assert_eq!(read_bookmarks(dir.path()).unwrap().len(), 2);
}

#[test]
fn the_file_has_the_documented_shape_and_field_order() {
    let dir = TempDir::new().unwrap();
    let mut b = bookmark("DeskgjrLxxs", 1749, "JSON schema.");
    b.url = Some("https://youtu.be/DeskgjrLxxs".into());
    add_and_save(dir.path(), b);
    let text = fs::read_to_string(file(dir.path())).unwrap();
    assert!(text.starts_with("version: 1\nbookmarks:\n"), "{text}");
    let order = [
        "episode:", "title:", "path:", "url:", "speaker:", "start:", "quote:", "note:", "created:",
    ];
    let positions: Vec<usize> = order.iter().map(|k| text.find(k).unwrap()).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{text}");
    assert!(text.contains("start: 1749\n"), "{text}");
    assert!(text.contains("created: 2026-11-26T10:00:00Z\n"), "{text}");
}

#[test]
fn fields_and_keys_it_does_not_know_survive_a_save() {
    let dir = TempDir::new().unwrap();
    fs::write(
        file(dir.path()),
        "version: 1\ntheme: dark\nsync: {device: laptop, last: 3}\nbookmarks:\n\
         - episode: e1\n  title: T\n  speaker: Ada\n  start: 5\n  quote: Kept.\n  note: ''\n\
         \x20 created: 2026-01-01T00:00:00Z\n  tags: [ai, jobs]\n  rating: 5\n  colour: !rgb [1, 2, 3]\n",
    )
    .unwrap();
    let mut store = open(dir.path());
    assert_eq!(
        store.bookmarks()[0].extra.get("tags"),
        Some(&serde_yaml::from_str::<Value>("[ai, jobs]").unwrap())
    );
    store.apply(Change::Add(bookmark("e2", 1, "New.")));
    store.save().unwrap();

    let doc: Value = serde_yaml::from_str(&fs::read_to_string(file(dir.path())).unwrap()).unwrap();
    assert_eq!(doc["theme"], Value::from("dark"));
    assert_eq!(doc["sync"]["device"], Value::from("laptop"));
    assert_eq!(doc["sync"]["last"], Value::from(3));
    let kept = &doc["bookmarks"][0];
    assert_eq!(kept["tags"][1], Value::from("jobs"));
    assert_eq!(kept["rating"], Value::from(5));
    let Value::Tagged(colour) = &kept["colour"] else {
        panic!("the tag is gone: {kept:?}");
    };
    assert_eq!(colour.tag, "rgb");
    assert_eq!(colour.value[2], Value::from(3));
    let keys: Vec<_> = kept
        .as_mapping()
        .unwrap()
        .keys()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "episode", "title", "speaker", "start", "quote", "note", "created", "tags", "rating",
            "colour"
        ]
    );
    assert_eq!(doc["bookmarks"][1]["quote"], Value::from("New."));
    assert_eq!(doc["bookmarks"][1].get("tags"), None);
}

#[test]
fn two_stores_saving_in_turn_keep_both_adds() {
    let dir = TempDir::new().unwrap();
    let mut a = open(dir.path());
    let mut b = open(dir.path());
    a.apply(Change::Add(bookmark("e", 1, "from a")));
    b.apply(Change::Add(bookmark("e", 2, "from b")));
    a.save().unwrap();
    b.save().unwrap();
    assert_eq!(quotes_on_disk(dir.path()), ["from a", "from b"]);
    // b's view is now the merged file, a's still what it last saw.
    assert_eq!(b.bookmarks().len(), 2);
    assert_eq!(a.bookmarks().len(), 1);
}

#[test]
fn a_remove_in_one_store_and_an_add_in_another_both_stay() {
    let dir = TempDir::new().unwrap();
    add_and_save(dir.path(), bookmark("e", 1, "old"));
    add_and_save(dir.path(), bookmark("e", 2, "kept"));
    let mut remover = open(dir.path());
    let mut adder = open(dir.path());
    remover.apply(Change::Remove(bookmark("e", 1, "old").key()));
    adder.apply(Change::Add(bookmark("e", 3, "new")));
    adder.apply(Change::SetNote(
        bookmark("e", 2, "kept").key(),
        "noted".into(),
    ));
    remover.save().unwrap();
    adder.save().unwrap();
    let on_disk = read_bookmarks(dir.path()).unwrap();
    let quotes: Vec<_> = on_disk.iter().map(|b| b.quote.as_str()).collect();
    assert_eq!(quotes, ["kept", "new"]);
    assert_eq!(on_disk[0].note, "noted");
}

#[test]
fn an_add_already_on_disk_is_not_duplicated() {
    let dir = TempDir::new().unwrap();
    let mut a = open(dir.path());
    let mut b = open(dir.path());
    a.apply(Change::Add(bookmark("e", 1, "same")));
    b.apply(Change::Add(bookmark("e", 1, "same")));
    a.save().unwrap();
    b.save().unwrap();
    assert_eq!(quotes_on_disk(dir.path()), ["same"]);
}

#[test]
fn writers_on_threads_lose_nothing() {
    let dir = TempDir::new().unwrap();
    std::thread::scope(|scope| {
        for thread in 0..8 {
            let dir = dir.path();
            scope.spawn(move || {
                for i in 0..ADDS_PER_WRITER {
                    add_and_save(dir, bookmark("e", 1, &format!("thread {thread} add {i}")));
                }
            });
        }
    });
    let quotes: BTreeSet<_> = quotes_on_disk(dir.path()).into_iter().collect();
    assert_eq!(quotes.len(), 8 * ADDS_PER_WRITER);
    assert_eq!(
        names_in(dir.path()),
        BTreeSet::from(["bookmarks.yaml".into(), "bookmarks.yaml.lock".into()])
    );
}

/// Not a test on its own: the body of the child processes that
/// [`writers_in_processes_lose_nothing`] starts. Without the variables it
/// does nothing.
#[test]
fn act_as_writer_process() {
    let (Some(dir), Some(id)) = (std::env::var_os(WRITER_DIR), std::env::var_os(WRITER_ID)) else {
        return;
    };
    let id = id.to_string_lossy();
    for i in 0..ADDS_PER_WRITER {
        add_and_save(
            Path::new(&dir),
            bookmark("e", 1, &format!("process {id} add {i}")),
        );
    }
}

#[test]
fn writers_in_processes_lose_nothing() {
    let dir = TempDir::new().unwrap();
    let me = std::env::current_exe().unwrap();
    let children: Vec<_> = (0..4)
        .map(|id| {
            // By name, not --exact: in a binary shared with other test
            // files the test's path starts with this file's module.
            Command::new(&me)
                .args(["act_as_writer_process", "--test-threads=1"])
                .env(WRITER_DIR, dir.path())
                .env(WRITER_ID, id.to_string())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success(), "{stdout}");
        // The child really ran as a writer, not as an empty filter.
        assert!(stdout.contains("1 passed"), "{stdout}");
    }
    let quotes: BTreeSet<_> = quotes_on_disk(dir.path()).into_iter().collect();
    assert_eq!(quotes.len(), 4 * ADDS_PER_WRITER);
    assert!(quotes.contains("process 3 add 9"));
}

fn corrupt_copies(dir: &Path) -> Vec<String> {
    names_in(dir)
        .into_iter()
        .filter(|n| n.starts_with("bookmarks.yaml.corrupt-"))
        .collect()
}

#[test]
fn a_file_that_is_not_yaml_is_set_aside_only_at_the_first_save_after_a_message() {
    let dir = TempDir::new().unwrap();
    let garbage = "version: 1\nbookmarks: [unclosed\n";
    fs::write(file(dir.path()), garbage).unwrap();
    let (mut store, notices) = BookmarkStore::open(dir.path().to_path_buf());
    assert_eq!(notices.len(), 1);
    assert!(
        notices[0] == "bookmarks.yaml: not YAML at line 3, column 1; set aside at the next save",
        "{notices:?}"
    );
    assert!(
        corrupt_copies(dir.path()).is_empty(),
        "opening moves nothing"
    );
    assert_eq!(fs::read_to_string(file(dir.path())).unwrap(), garbage);
    assert!(store.bookmarks().is_empty());

    store.apply(Change::Add(bookmark("e", 1, "fresh")));
    let notices = store.save().unwrap();
    assert!(
        notices[0].starts_with("moved bookmarks.yaml aside to bookmarks.yaml.corrupt-"),
        "{notices:?}"
    );
    let copies = corrupt_copies(dir.path());
    assert_eq!(copies.len(), 1);
    assert_eq!(
        fs::read_to_string(dir.path().join(&copies[0])).unwrap(),
        garbage
    );
    assert_eq!(quotes_on_disk(dir.path()), ["fresh"]);
}

#[test]
fn a_newer_version_is_read_only_for_the_run_and_never_set_aside() {
    let dir = TempDir::new().unwrap();
    let newer = "version: 2\nbookmarks:\n- {episode: e, quote: from the future, start: 4}\n";
    fs::write(file(dir.path()), newer).unwrap();
    let (mut store, notices) = BookmarkStore::open(dir.path().to_path_buf());
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(
        notices[0] == "bookmarks.yaml is read-only this run: version 2, from a newer earmark",
        "{notices:?}"
    );
    assert_eq!(store.bookmarks()[0].quote, "from the future", "still shown");
    store.apply(Change::Add(bookmark("e", 1, "not saved")));
    let error = store.save().unwrap_err();
    assert!(matches!(error, StoreError::ReadOnly { .. }), "{error}");
    assert_eq!(store.unsaved()[0].quote, "not saved");
    assert_eq!(fs::read_to_string(file(dir.path())).unwrap(), newer);
    assert!(corrupt_copies(dir.path()).is_empty());
}

#[test]
fn bad_entries_are_reported_once_and_written_back_as_they_were() {
    let dir = TempDir::new().unwrap();
    let text = "version: 1\nbookmarks:\n\
        - episode: e\n  quote: negative\n  start: -5\n\
        - episode: e\n  quote: twice\n  quote: again\n\
        - ~\n\
        - episode: e\n  quote: good\n  start: 7\n";
    fs::write(file(dir.path()), text).unwrap();
    let (mut store, notices) = BookmarkStore::open(dir.path().to_path_buf());
    assert_eq!(
        notices,
        ["bookmarks.yaml: 3 unreadable entries kept as is (entry 1: start, …)"]
    );
    assert!(notices[0].chars().count() <= 80);
    assert_eq!(store.bookmarks().len(), 1);
    store.apply(Change::Add(bookmark("e", 9, "new")));
    assert_eq!(store.save().unwrap(), Vec::<String>::new(), "reported once");
    let written = fs::read_to_string(file(dir.path())).unwrap();
    for kept in [
        "  start: -5\n",
        "- episode: e\n  quote: twice\n  quote: again\n",
        "- null\n",
    ] {
        assert!(written.contains(kept), "{kept:?} lost from:\n{written}");
    }
    assert!(corrupt_copies(dir.path()).is_empty());
    let (again, notices) = BookmarkStore::open(dir.path().to_path_buf());
    assert_eq!(notices.len(), 1);
    let quotes: Vec<&str> = again.bookmarks().iter().map(|b| b.quote.as_str()).collect();
    assert_eq!(quotes, ["good", "new"]);
}

#[cfg(unix)]
#[test]
fn a_symlinked_file_is_written_through_and_its_target_locked() {
    let tmp = TempDir::new().unwrap();
    let dotfiles = tmp.path().join("dotfiles");
    let config = tmp.path().join("config");
    fs::create_dir_all(&dotfiles).unwrap();
    fs::create_dir_all(&config).unwrap();
    add_and_save(&dotfiles, bookmark("e", 1, "in the dotfiles"));
    std::os::unix::fs::symlink("../dotfiles/bookmarks.yaml", file(&config)).unwrap();
    // A temporary file an older earmark left beside the link, its process gone.
    let mut child = Command::new("true").spawn().unwrap();
    let gone = child.id();
    child.wait().unwrap();
    let stale = config.join(format!(".bookmarks.yaml.tmp-{gone}-0"));
    fs::write(&stale, "half").unwrap();

    add_and_save(&config, bookmark("e", 2, "through the link"));
    let link = fs::symlink_metadata(file(&config)).unwrap();
    assert!(link.file_type().is_symlink(), "the link stays a link");
    assert_eq!(
        quotes_on_disk(&dotfiles),
        ["in the dotfiles", "through the link"]
    );
    assert!(dotfiles.join("bookmarks.yaml.lock").exists());
    if cfg!(target_os = "linux") {
        assert_eq!(names_in(&config), BTreeSet::from(["bookmarks.yaml".into()]));
    }
}

#[test]
fn a_save_removes_temporary_files_a_crashed_earmark_left() {
    let dir = TempDir::new().unwrap();
    let mut child = Command::new("true").spawn().unwrap();
    let gone = child.id();
    child.wait().unwrap();
    let stale = format!(".bookmarks.yaml.tmp-{gone}-0");
    fs::write(dir.path().join(&stale), "half a file").unwrap();
    add_and_save(dir.path(), bookmark("e", 1, "q"));
    if cfg!(target_os = "linux") {
        assert!(!dir.path().join(&stale).exists());
    }
}

#[test]
fn a_file_that_turns_corrupt_before_a_save_is_moved_aside() {
    let dir = TempDir::new().unwrap();
    add_and_save(dir.path(), bookmark("e", 1, "before"));
    let mut store = open(dir.path());
    fs::write(file(dir.path()), "bookmarks: [7\n").unwrap();
    store.apply(Change::Add(bookmark("e", 2, "after")));
    let notices = store.save().unwrap();
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(notices[0].contains("moved bookmarks.yaml aside"));
    let copies = corrupt_copies(dir.path());
    assert_eq!(copies.len(), 1);
    assert_eq!(
        fs::read_to_string(dir.path().join(&copies[0])).unwrap(),
        "bookmarks: [7\n"
    );
    assert_eq!(quotes_on_disk(dir.path()), ["after"]);
}

#[test]
fn another_earmarks_save_is_seen_on_refresh() {
    let dir = TempDir::new().unwrap();
    let mut store = open(dir.path());
    assert!(!store.refresh(), "nothing changed");
    add_and_save(dir.path(), bookmark("e", 1, "from elsewhere"));
    store.apply(Change::Add(bookmark("e", 2, "mine, unsaved")));
    assert!(store.refresh());
    let quotes: Vec<&str> = store.bookmarks().iter().map(|b| b.quote.as_str()).collect();
    assert_eq!(quotes, ["from elsewhere", "mine, unsaved"]);
    assert!(!store.refresh(), "read once");
}

#[test]
fn reading_only_leaves_a_corrupt_file_where_it_is() {
    let dir = TempDir::new().unwrap();
    fs::write(file(dir.path()), "[").unwrap();
    let error = read_bookmarks(dir.path()).unwrap_err();
    assert!(matches!(error, StoreError::Corrupt { .. }));
    assert!(!error.to_string().contains('\n'));
    assert_eq!(
        names_in(dir.path()),
        BTreeSet::from(["bookmarks.yaml".into()])
    );
}

#[test]
fn an_unreadable_file_is_reported_and_never_overwritten() {
    let dir = TempDir::new().unwrap();
    // A directory where the file should be: it exists but cannot be read.
    fs::create_dir(file(dir.path())).unwrap();
    fs::write(file(dir.path()).join("inside"), "x").unwrap();
    let (mut store, notices) = BookmarkStore::open(dir.path().to_path_buf());
    assert_eq!(notices.len(), 1);
    assert!(notices[0].contains("cannot read"), "{notices:?}");
    store.apply(Change::Add(bookmark("e", 1, "q")));
    assert!(matches!(store.save(), Err(StoreError::Save { .. })));
    assert_eq!(store.unsaved().len(), 1, "kept for the next save");
    assert!(file(dir.path()).join("inside").exists());
    assert!(corrupt_copies(dir.path()).is_empty());
}

#[test]
fn an_unwritable_directory_fails_the_save_and_keeps_the_bookmarks() {
    let tmp = TempDir::new().unwrap();
    let blocker = tmp.path().join("not-a-dir");
    fs::write(&blocker, "a regular file").unwrap();
    let dir = blocker.join("earmark");
    let (mut store, _) = BookmarkStore::open(dir.clone());
    store.apply(Change::Add(bookmark("e", 1, "kept in memory")));
    let error = store.save().unwrap_err();
    assert!(matches!(error, StoreError::Save { .. }), "{error}");
    assert!(!error.to_string().contains('\n'));
    assert_eq!(store.bookmarks().len(), 1);
    assert_eq!(store.unsaved().len(), 1, "kept for the next save");

    // Once the directory can be made, a later save writes what was kept.
    fs::remove_file(&blocker).unwrap();
    store.save().unwrap();
    assert!(store.unsaved().is_empty());
    assert_eq!(quotes_on_disk(&dir), ["kept in memory"]);
}

#[test]
fn saves_leave_no_temporary_files() {
    let dir = TempDir::new().unwrap();
    for i in 0..5 {
        add_and_save(dir.path(), bookmark("e", i, &format!("q{i}")));
    }
    let mut store = open(dir.path());
    store.apply(Change::Remove(bookmark("e", 0, "q0").key()));
    store.save().unwrap();
    assert_eq!(
        names_in(dir.path()),
        BTreeSet::from(["bookmarks.yaml".into(), "bookmarks.yaml.lock".into()])
    );
}

#[test]
fn a_save_with_nothing_to_save_touches_nothing() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("never-made");
    let (mut store, notices) = BookmarkStore::open(dir.clone());
    assert!(notices.is_empty());
    assert_eq!(store.save().unwrap(), Vec::<String>::new());
    assert!(!dir.exists());
}

/// A store keeps its own copy of the file to spare a large file being
/// parsed again on every save; an edit made by hand meanwhile is still
/// read first, never written over.
#[test]
fn an_edit_by_hand_between_two_saves_is_kept() {
    let dir = TempDir::new().unwrap();
    let mut store = open(dir.path());
    store.apply(Change::Add(bookmark("e", 1, "first")));
    store.save().unwrap();
    let text = fs::read_to_string(file(dir.path())).unwrap();
    let edited = text.replace("note: ''", "note: edited by hand");
    assert_ne!(edited, text);
    fs::write(file(dir.path()), &edited).unwrap();
    store.apply(Change::Add(bookmark("e", 2, "second")));
    store.save().unwrap();
    let on_disk = read_bookmarks(dir.path()).unwrap();
    assert_eq!(on_disk.len(), 2);
    assert_eq!(on_disk[0].note, "edited by hand");
}
