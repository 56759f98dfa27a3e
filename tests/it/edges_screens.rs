//! The reader at its edges: resizes, notices, the help overlay, the search
//! bar. Driven by Actions and read back from ratatui's TestBackend.

use crate::support;

use earmark::formats;
use earmark::tui::keymap::ReaderMode;
use earmark::tui::{Action, view};
use ratatui::buffer::Buffer;
use support::harness::Harness;
use support::screen::{self, row_text, screen_text};

fn sample_app(width: u16, height: u16) -> Harness {
    Harness::reader(formats::sample(), (width, height))
}

fn render(app: &Harness, width: u16, height: u16) -> Buffer {
    screen::draw(width, height, |frame| view::draw_shell(frame, &app.shell))
}

fn status_line(app: &Harness, width: u16, height: u16) -> String {
    row_text(&render(app, width, height), height - 1)
}

#[test]
fn a_resize_keeps_the_current_segment_current_and_on_screen() {
    let mut app = sample_app(100, 30);
    app.send(&[const { Action::NextSegment }; 3]);
    assert!(status_line(&app, 100, 30).contains("00:00:26 /"));
    let chosen = app.current_reader().current;
    app.send(&[Action::Resize(100, 10)]);
    assert_eq!(app.current_reader().current, chosen);
    assert!(status_line(&app, 100, 10).contains("00:00:26 /"));
    let on_screen = app
        .current_reader()
        .visible_rows()
        .iter()
        .any(|r| r.segment == chosen);
    assert!(on_screen, "the current segment scrolled off screen");
    insta::assert_snapshot!("resized_to_100x10", screen_text(&render(&app, 100, 10)));
    // `m` bookmarks the segment the user chose.
    app.send(&[Action::Bookmark]);
    let saved = &app.runner.stores.bookmarks;
    assert!(
        matches!(&saved[..], [bookmark] if bookmark.start == Some(26)),
        "{saved:?}"
    );
}

#[test]
fn shrinking_and_growing_again_keeps_the_current_segment() {
    let mut app = sample_app(120, 40);
    app.send(&[const { Action::NextSegment }; 6]);
    let chosen = app.current_reader().current;
    for (w, h) in [(60, 8), (30, 5), (100, 6), (120, 40)] {
        app.send(&[Action::Resize(w, h)]);
        assert_eq!(app.current_reader().current, chosen, "at {w}x{h}");
        let on_screen = app
            .current_reader()
            .visible_rows()
            .iter()
            .any(|r| r.segment == chosen);
        assert!(on_screen, "segment {chosen} off screen at {w}x{h}");
    }
}

#[test]
fn a_notice_comes_first_and_the_title_is_cut_instead() {
    let mut app = sample_app(80, 24);
    let notice = "the bookmarks file is read-only: bookmarks stay unsaved";
    app.send(&[Action::Notice(notice.into())]);
    let status = status_line(&app, 80, 24);
    assert!(status.starts_with(&format!(" {notice}")), "{status:?}");
    assert!(status.contains("00:00:00 / 1:14:34"), "{status:?}");
    insta::assert_snapshot!("notice_at_80x24", screen_text(&render(&app, 80, 24)));
    // Wider, the title takes what is left.
    app.send(&[Action::Resize(120, 24)]);
    let status = status_line(&app, 120, 24);
    assert!(
        status.starts_with(&format!(" {notice}  ·  OpenAI")),
        "{status:?}"
    );
    assert!(status.contains("? help"), "{status:?}");
}

#[test]
fn a_long_notice_pushes_the_time_aside_rather_than_being_cut() {
    let mut app = sample_app(60, 20);
    let notice = "could not save bookmarks.yaml: no space left on device";
    app.send(&[Action::Notice(notice.into())]);
    let status = status_line(&app, 60, 20);
    assert!(status.contains(notice), "{status:?}");
    // Once read (the next key), the time and the title come back.
    app.send(&[Action::ScrollRows(1)]);
    let status = status_line(&app, 60, 20);
    assert!(
        status.contains("? help") && status.contains("OpenAI"),
        "{status:?}"
    );
}

#[test]
fn a_resize_does_not_erase_a_notice() {
    let mut app = sample_app(100, 30);
    app.send(&[Action::Notice("bookmark saved".into())]);
    app.send(&[Action::Resize(90, 20), Action::Resize(80, 24)]);
    assert_eq!(
        app.current_reader().message.as_deref(),
        Some("bookmark saved")
    );
    assert!(status_line(&app, 80, 24).contains("bookmark saved"));
}

fn typed(text: &str) -> Vec<Action> {
    text.chars().map(Action::PromptInput).collect()
}

fn search_and_keep(app: &mut Harness, query: &str) {
    app.send(&[Action::StartSearch]);
    app.send(&typed(query));
    app.send(&[Action::PromptSubmit]);
}

#[test]
fn slash_enter_on_an_empty_bar_repeats_the_last_search_like_n() {
    let mut with_n = sample_app(100, 30);
    search_and_keep(&mut with_n, "claude");
    with_n.send(&[Action::NextHit]);
    let mut repeated = sample_app(100, 30);
    search_and_keep(&mut repeated, "claude");
    assert_eq!(repeated.current_reader().search.current, Some(0));
    repeated.send(&[Action::StartSearch, Action::PromptSubmit]);
    assert_eq!(repeated.current_reader().mode, ReaderMode::Reading);
    assert_eq!(repeated.current_reader().search.current, Some(1));
    assert_eq!(
        repeated.current_reader().search.current,
        with_n.current_reader().search.current
    );
    assert_eq!(
        repeated.current_reader().current,
        with_n.current_reader().current
    );
    assert_eq!(repeated.current_reader().top, with_n.current_reader().top);
    let total = repeated.current_reader().search.hits.len();
    let status = status_line(&repeated, 100, 30);
    assert!(
        status.contains(&format!("/claude  2/{total}")),
        "{status:?}"
    );
    // Ctrl-o goes back to the hit it left.
    repeated.send(&[Action::JumpBack]);
    assert_eq!(
        repeated.current_reader().current,
        repeated.current_reader().search.hits[0].segment
    );
}

#[test]
fn slash_enter_with_no_earlier_search_says_so() {
    let mut app = sample_app(100, 30);
    app.send(&[Action::StartSearch, Action::PromptSubmit]);
    assert_eq!(app.current_reader().mode, ReaderMode::Reading);
    let status = status_line(&app, 100, 30);
    assert!(status.contains("no earlier search to repeat"), "{status:?}");
}

#[test]
fn a_new_slash_shows_no_count_left_from_the_last_search() {
    let mut app = sample_app(100, 30);
    search_and_keep(&mut app, "claude");
    let total = app.current_reader().search.hits.len();
    app.send(&[Action::StartSearch]);
    let bar = status_line(&app, 100, 30);
    assert_eq!(bar.trim_end(), "/", "{bar:?}");
    insta::assert_snapshot!("fresh_search_bar", bar);
    // Esc: the old hits stay highlighted, and the status line names them.
    app.send(&[Action::Close]);
    let status = status_line(&app, 100, 30);
    assert!(
        status.contains(&format!("/claude  1/{total}")),
        "{status:?}"
    );
}

#[test]
fn the_regex_flag_shows_while_typing_and_after_enter() {
    let mut app = sample_app(100, 30);
    app.send(&[Action::StartSearch, Action::ToggleRegex]);
    let bar = status_line(&app, 100, 30);
    assert!(bar.trim_end().ends_with(" regex"), "{bar:?}");
    app.send(&typed("clau.e"));
    let bar = status_line(&app, 100, 30);
    assert!(bar.contains("regex · 1/"), "{bar:?}");
    app.send(&[Action::PromptSubmit]);
    let status = status_line(&app, 100, 30);
    assert!(status.contains("/clau.e  regex · 1/"), "{status:?}");
    insta::assert_snapshot!("regex_search_kept", status);
}

#[test]
fn the_help_fits_its_content_and_says_when_it_scrolls() {
    for (w, h) in [(120, 40), (80, 24), (50, 16)] {
        let mut app = sample_app(w, h);
        app.send(&[Action::ToggleHelp]);
        let buf = render(&app, w, h);
        let text = screen_text(&buf);
        insta::assert_snapshot!(format!("help_{w}x{h}"), text);
        // Inside the box, no row is cut, and it lies within the screen.
        let popup = earmark::tui::help::HelpLayout::new(buf.area).popup;
        assert!(popup.right() <= w && popup.bottom() <= h);
        assert_eq!(buf[(popup.right() - 1, popup.y)].symbol(), "┐");
        for y in popup.y + 1..popup.bottom() - 1 {
            let inside: String = (popup.x..popup.right())
                .map(|x| buf[(x, y)].symbol())
                .collect();
            assert!(
                !inside.contains('…'),
                "a help row is cut at {w}x{h}: {inside}"
            );
            assert!(inside.ends_with(" │"), "no room left at {w}x{h}: {inside}");
        }
    }
}

#[test]
fn the_help_scrolls_to_its_last_line_and_no_further() {
    let mut app = sample_app(80, 24);
    app.send(&[Action::ToggleHelp]);
    let text = screen_text(&render(&app, 80, 24));
    assert!(text.contains("more · j k scroll"), "{text}");
    assert!(!text.contains("suspend (fg resumes)"), "{text}");
    app.send(&[Action::ScrollRows(100)]);
    let text = screen_text(&render(&app, 80, 24));
    assert!(text.contains("suspend (fg resumes)"), "{text}");
    assert!(text.contains("more above"), "{text}");
    insta::assert_snapshot!("help_80x24_scrolled_to_the_end", text);
    // One `k` from the end shows a row more at the top at once.
    let first_shown = |app: &Harness| {
        let buf = render(app, 80, 24);
        let top = support::screen::find_row(&buf, "Keys (Esc closes)").unwrap();
        row_text(&buf, top + 1)
    };
    let at_end = first_shown(&app);
    app.send(&[Action::ScrollRows(-1)]);
    assert_ne!(first_shown(&app), at_end);
}

#[test]
fn ctrl_d_and_ctrl_u_scroll_the_help_half_a_box_as_they_do_the_reader() {
    let mut app = sample_app(80, 24);
    app.send(&[Action::ToggleHelp, Action::ScrollHalfPages(1)]);
    // The box is the screen's height: 22 rows inside, so half is 11.
    assert_eq!(app.current_reader().help_scroll, 11);
    app.send(&[Action::ScrollHalfPages(-1)]);
    assert_eq!(app.current_reader().help_scroll, 0);
    assert_eq!(app.current_reader().mode, ReaderMode::Help);
}

fn fixture_app(name: &str, width: u16, height: u16) -> Harness {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    Harness::reader(formats::parse_file(&path).unwrap(), (width, height))
}

#[test]
fn a_zero_duration_falls_back_to_the_last_time_for_the_status_line_and_percent_jumps() {
    for name in ["duration_zero.md", "duration_empty.md"] {
        let mut app = fixture_app(name, 80, 24);
        let status = status_line(&app, 80, 24);
        assert!(status.contains("00:00:00 / 45:50"), "{name}: {status:?}");
        app.send(&[Action::StartGoTo]);
        app.send(&typed("50%"));
        app.send(&[Action::PromptSubmit]);
        // Half of 45:50 is 22:55: the segment from 20:00.
        assert_eq!(
            app.current_reader().episode.segments[app.current_reader().current].start,
            Some(20 * 60),
            "{name}"
        );
    }
}

#[test]
fn esc_clears_a_kept_search_that_found_nothing() {
    let mut app = sample_app(100, 30);
    search_and_keep(&mut app, "zebra crossing");
    let status = status_line(&app, 100, 30);
    assert!(status.contains("/zebra crossing  no match"), "{status:?}");
    app.send(&[Action::Close]);
    assert!(!app.quit, "Esc left the reader");
    let status = status_line(&app, 100, 30);
    assert!(!status.contains("zebra"), "{status:?}");
}

#[test]
fn repeating_a_search_that_no_longer_runs_says_why() {
    let mut app = sample_app(100, 30);
    search_and_keep(&mut app, "claude (");
    // Regex mode on (then Esc), so the same text is now a broken regex.
    app.send(&[Action::StartSearch, Action::ToggleRegex, Action::Close]);
    app.send(&[Action::StartSearch, Action::PromptSubmit]);
    let status = status_line(&app, 100, 30);
    assert!(status.contains("/claude (: invalid regex"), "{status:?}");
}

#[test]
fn the_help_and_a_notice_draw_at_every_small_size() {
    for w in 0..=30u16 {
        for h in 0..=8u16 {
            let mut app = sample_app(w, h);
            app.send(&[Action::Notice("a notice to read".into())]);
            render(&app, w, h);
            app.send(&[Action::ToggleHelp, Action::Bottom]);
            render(&app, w, h);
            app.send(&[Action::ScrollPages(-1), Action::Resize(w + 5, h + 3)]);
            render(&app, w + 5, h + 3);
        }
    }
}

#[test]
fn a_narrow_status_line_gives_up_the_hint_and_the_search_before_the_time() {
    let mut app = sample_app(50, 20);
    search_and_keep(&mut app, "building the cutting edge");
    let status = status_line(&app, 50, 20);
    assert!(status.contains("00:00:00 / 1:14:34"), "{status:?}");
    assert!(status.contains("1/3"), "{status:?}");
    insta::assert_snapshot!("kept_search_at_50_columns", status);
    app.send(&[Action::Resize(30, 20)]);
    let status = status_line(&app, 30, 20);
    assert!(status.contains("00:00:00 / 1:14:34"), "{status:?}");
}
