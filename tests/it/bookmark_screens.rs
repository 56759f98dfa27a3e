//! Bookmarks in the reader, driven by Actions: marks, the list, delete and
//! undo, notes, scope, copying; read back from state, effects and screen.

use crate::support;

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use earmark::bookmarks::{Bookmark, Change};
use earmark::formats;
use earmark::tui::keymap::ReaderMode;
use earmark::tui::{Action, Effect};
use support::harness::Harness;

fn fixed_now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_795_687_200) // 2026-11-26T10:00:00Z
}

/// The sample in a reader with no bookmarks and a fixed clock, driven by
/// the event loop's effect runner (bookmarks saved by its in-memory store).
fn reader() -> Harness {
    let mut harness = Harness::new((120, 40), true);
    harness.open(formats::sample()).now = fixed_now;
    harness
}

fn screen(app: &Harness) -> String {
    app.screen()
}

fn go_to(app: &mut Harness, time: &str) {
    app.act(Action::StartGoTo);
    app.type_text_as_prompt(time);
    app.act(Action::PromptSubmit);
}

fn added(effects: &[Effect]) -> Option<&Bookmark> {
    effects.iter().find_map(|e| match e {
        Effect::Bookmark(Change::Add(b)) => Some(b),
        _ => None,
    })
}

#[test]
fn m_bookmarks_the_current_segment_and_marks_it() {
    let mut app = reader();
    go_to(&mut app, "30:00");
    let effects = app.act_effects(Action::Bookmark);
    let bookmark = added(&effects).expect("an Add effect").clone();
    assert_eq!(bookmark.episode, "DeskgjrLxxs");
    assert_eq!(bookmark.speaker.as_deref(), Some("Karina Nguyen"));
    assert_eq!(bookmark.start, Some(1749));
    assert!(
        bookmark
            .quote
            .starts_with("And then it's mostly like developing JSON schema")
    );
    assert_eq!(bookmark.created, "2026-11-26T10:00:00Z");
    assert_eq!(bookmark.path, None, "the built-in sample has no path");
    let text = screen(&app);
    assert!(text.contains("00:29:09●"), "gutter mark:\n{text}");
    assert!(text.contains("bookmarked 00:29:09"), "{text}");
    // Again: it says so and adds nothing.
    let effects = app.act_effects(Action::Bookmark);
    assert!(added(&effects).is_none());
    assert!(screen(&app).contains("already bookmarked"));
}

#[test]
fn capital_m_asks_for_a_note_first() {
    let mut app = reader();
    app.act(Action::BookmarkWithNote);
    assert_eq!(app.current_reader().mode, ReaderMode::Note);
    app.type_text_as_prompt("great opening");
    assert!(screen(&app).contains("note great opening"));
    let effects = app.act_effects(Action::PromptSubmit);
    assert_eq!(added(&effects).unwrap().note, "great opening");
    assert_eq!(app.current_reader().mode, ReaderMode::Reading);
}

#[test]
fn the_list_shows_this_episodes_bookmarks_in_time_order_and_jumps() {
    let mut app = reader();
    for time in ["40:00", "10:00", "30:00"] {
        go_to(&mut app, time);
        app.act(Action::Bookmark);
    }
    app.act(Action::OpenBookmarks);
    assert_eq!(app.current_reader().mode, ReaderMode::Bookmarks);
    let text = screen(&app);
    let order: Vec<usize> = ["00:09:", "00:29:09", "00:39:"]
        .iter()
        .map(|t| {
            text.find(&format!("│ {t}"))
                .unwrap_or_else(|| panic!("{t} in\n{text}"))
        })
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "time order:\n{text}");
    // The list opens on the bookmark at or before the current segment.
    assert_eq!(app.current_reader().bookmarks.selected, 1);
    app.act(Action::ScrollRows(-1));
    app.act(Action::PromptSubmit);
    assert_eq!(app.current_reader().mode, ReaderMode::Reading);
    let start = app.current_reader().episode.segments[app.current_reader().current]
        .start
        .unwrap();
    assert!((540..600).contains(&start), "jumped to {start}");
    assert_eq!(
        app.current_reader().top.segment,
        app.current_reader().current
    );
}

#[test]
fn delete_undo_and_edit_the_note() {
    let mut app = reader();
    app.act(Action::Bookmark);
    app.act(Action::OpenBookmarks);
    let effects = app.act_effects(Action::DeleteBookmark);
    assert!(matches!(effects[..], [Effect::Bookmark(Change::Remove(_))]));
    assert!(app.current_reader().bookmarks.listed().is_empty());
    assert!(screen(&app).contains("none yet"));
    let effects = app.act_effects(Action::UndoDelete);
    assert!(added(&effects).is_some());
    assert_eq!(app.current_reader().bookmarks.listed().len(), 1);
    app.act(Action::EditNote);
    assert_eq!(app.current_reader().mode, ReaderMode::Note);
    app.type_text_as_prompt("keep");
    let effects = app.act_effects(Action::PromptSubmit);
    assert!(matches!(&effects[..], [Effect::Bookmark(Change::SetNote(_, note))] if note == "keep"));
    assert_eq!(
        app.current_reader().mode,
        ReaderMode::Bookmarks,
        "back to the list"
    );
    assert!(screen(&app).contains("· keep"));
    app.act(Action::Close);
    assert_eq!(app.current_reader().mode, ReaderMode::Reading);
}

#[test]
fn undo_selects_the_restored_bookmark_so_e_edits_it() {
    let mut app = reader();
    for time in ["10:00", "30:00", "40:00"] {
        go_to(&mut app, time);
        app.act(Action::Bookmark);
    }
    app.act(Action::OpenBookmarks);
    assert_eq!(
        app.current_reader().bookmarks.selected,
        2,
        "on the 40:00 bookmark"
    );
    let deleted = app.current_reader().bookmarks.listed()[2].key();
    app.act(Action::DeleteBookmark);
    assert_eq!(app.current_reader().bookmarks.selected, 1);
    app.act(Action::UndoDelete);
    assert_eq!(
        app.current_reader().bookmarks.selected,
        2,
        "on the restored bookmark"
    );
    app.act(Action::EditNote);
    app.type_text_as_prompt("this one");
    let effects = app.act_effects(Action::PromptSubmit);
    assert!(
        matches!(&effects[..], [Effect::Bookmark(Change::SetNote(key, _))] if *key == deleted),
        "{effects:?}"
    );
}

#[test]
fn notes_are_trimmed() {
    let mut app = reader();
    app.act(Action::BookmarkWithNote);
    app.type_text_as_prompt("  spaced out \t ");
    let effects = app.act_effects(Action::PromptSubmit);
    assert_eq!(added(&effects).unwrap().note, "spaced out");
    app.act(Action::OpenBookmarks);
    app.act(Action::EditNote);
    app.type_text_as_prompt("  ");
    let effects = app.act_effects(Action::PromptSubmit);
    assert!(
        matches!(&effects[..], [Effect::Bookmark(Change::SetNote(_, note))] if note == "spaced out"),
        "{effects:?}"
    );
}

#[test]
fn the_scope_key_shows_every_episodes_bookmarks_and_others_open_their_file() {
    let mut app = reader();
    let reader = app.current_reader();
    let identity = reader.bookmarks.identity(&reader.episode).clone();
    let mut other = earmark::bookmarks::new_bookmark(
        &app.current_reader().episode,
        &identity,
        5,
        String::new(),
        fixed_now(),
    )
    .unwrap();
    other.episode = "another".into();
    other.transcript = Some("0123456789abcdef".into());
    other.title = "Another episode".into();
    other.path = Some("/no/such/file.md".into());
    app.act(Action::BookmarksChanged {
        bookmarks: Arc::new(vec![other.clone()]),
        applied: u64::MAX,
    });
    app.act(Action::OpenBookmarks);
    assert!(app.current_reader().bookmarks.listed().is_empty());
    app.act(Action::ToggleScope);
    assert_eq!(app.current_reader().bookmarks.listed().len(), 1);
    assert!(screen(&app).contains("Another episode"));
    let effects = app.act_effects(Action::PromptSubmit);
    assert!(
        matches!(effects.first(), Some(Effect::OpenBookmark(b)) if **b == other),
        "{effects:?}"
    );
    // The runner read the file, as the event loop does: it is not there.
    assert!(
        screen(&app).contains("cannot open the bookmark's episode"),
        "{}",
        screen(&app)
    );
}

#[test]
fn y_and_capital_y_copy_the_quote_and_a_link() {
    let mut app = reader();
    go_to(&mut app, "30:00");
    let effects = app.act_effects(Action::CopyQuote);
    let [Effect::Copy(quote)] = &effects[..] else {
        panic!("{effects:?}")
    };
    assert!(quote.starts_with("“And then it's mostly like developing JSON schema."));
    assert!(quote.ends_with(
        "” — Karina Nguyen, OpenAI researcher on why soft skills are the future of work | Karina Nguyen (00:29:09)"
    ));
    let effects = app.act_effects(Action::CopyLink);
    let [Effect::Copy(link)] = &effects[..] else {
        panic!("{effects:?}")
    };
    assert_eq!(link, "https://www.youtube.com/watch?v=DeskgjrLxxs&t=1749s");
    assert!(screen(&app).contains("copied https://www.youtube.com"));
}

/// Opening another episode's bookmark: the event loop reads the file and
/// answers with an action; the shell opens the episode at the bookmark and
/// saves the place of the reader it replaces, or says why it could not.
#[test]
fn a_bookmarks_episode_read_by_the_event_loop_opens_at_the_bookmark() {
    let sample = formats::sample();
    let mut app = Harness::new((100, 30), true);
    app.open(sample.clone());
    let reader = app.current_reader();
    let identity = reader.bookmarks.identity(&reader.episode).clone();
    let bookmark =
        earmark::bookmarks::new_bookmark(&sample, &identity, 7, String::new(), fixed_now())
            .unwrap();
    let read = Action::BookmarkEpisodeRead {
        bookmark: Box::new(bookmark.clone()),
        episode: Ok(Arc::new(sample)),
    };
    let effects = app.act_effects(read);
    assert!(
        matches!(effects[..], [Effect::SavePosition { .. }]),
        "{effects:?}"
    );
    assert_eq!(app.runner.stores.positions.len(), 1, "the place was saved");
    let reader = app.current_reader();
    assert_eq!(reader.current, 7);
    assert_eq!(reader.jumps.len(), 1, "Ctrl-o goes back to the top");

    let unreadable = Action::BookmarkEpisodeRead {
        bookmark: Box::new(bookmark),
        episode: Err("no such file".into()),
    };
    app.act(unreadable);
    let reader = app.current_reader();
    assert_eq!(reader.current, 7, "the reader stays where it was");
    assert_eq!(
        reader.message.as_deref(),
        Some("cannot open the bookmark's episode: no such file")
    );
}
