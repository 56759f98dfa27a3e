//! The reader driven by Actions, read back from ratatui's TestBackend.

use crate::support;

use std::sync::Arc;

use earmark::episode::Episode;
use earmark::formats;
use earmark::tui::keymap::ReaderMode;
use earmark::tui::reader::{Reader, update};
use earmark::tui::view;
use earmark::tui::{Action, Effect};
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use support::screen::{self, column_of, find_row, row_text, screen_text};

fn sample_app(width: u16, height: u16) -> Reader {
    Reader::new(Arc::new(formats::sample()), (width, height), true)
}

fn fixture(name: &str) -> Episode {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    formats::parse_file(&path).unwrap()
}

fn render(app: &Reader) -> Buffer {
    let areas = app.areas();
    let width = areas.transcript.width
        + areas.timeline.map_or(0, |a| a.width)
        + areas.sidebar.map_or(0, |a| a.width);
    let height = areas.transcript.height + areas.status.map_or(0, |a| a.height);
    screen::draw(width, height, |frame| view::draw(frame, app))
}

fn send(app: &mut Reader, actions: &[Action]) {
    for action in actions {
        update(app, action.clone());
    }
}

#[test]
fn the_sample_opens_with_the_transcript_and_the_sidebar() {
    let app = sample_app(120, 40);
    let buf = render(&app);
    insta::assert_snapshot!("sample_120x40", screen_text(&buf));
    let text = screen_text(&buf);
    for expected in [
        "OpenAI researcher on why soft skills",
        "Published 2025-02-09",
        "Duration  1:14:34",
        "Views     22,860",
        "Channel   Lenny's Podcast",
        "churn, metrics, roadmap",
        "Speakers",
        "Christina Cac",
        "00:00:00 / 1:14:34",
        "? help",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
}

#[test]
fn each_speaker_has_their_own_colour() {
    let mut app = sample_app(120, 40);
    send(&mut app, &[Action::ToggleSidebar]);
    let buf = render(&app);
    let color_of = |name: &str| {
        let y = find_row(&buf, &format!("  {name}")).unwrap();
        buf[(column_of(&buf, y, name), y)].fg
    };
    let (host, guest) = (color_of("Lenny Rachitsky"), color_of("Karina Nguyen"));
    assert_ne!(host, Color::Reset);
    assert_ne!(guest, Color::Reset);
    assert_ne!(host, guest);
    // Same speaker, same colour, every time.
    let mut again = sample_app(120, 40);
    send(&mut again, &[Action::ToggleSidebar]);
    assert_eq!(render(&again), buf);
}

#[test]
fn no_color_means_no_colours_and_bold_names() {
    let mut app = Reader::new(Arc::new(formats::sample()), (120, 40), false);
    let buf = render(&app);
    for cell in buf.content() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{cell:?}");
    }
    send(&mut app, &[Action::ToggleSidebar]);
    let buf = render(&app);
    let y = find_row(&buf, "  Karina Nguyen").unwrap();
    let x = column_of(&buf, y, "Karina");
    assert!(buf[(x, y)].modifier.contains(Modifier::BOLD));
}

#[test]
fn wide_and_combining_text_keeps_every_column_in_place() {
    let episode = Arc::new(fixture("wide-text.md"));
    for (width, height) in [(50, 14), (120, 30), (37, 10)] {
        let app = Reader::new(Arc::clone(&episode), (width, height), true);
        let buf = render(&app);
        let areas = app.areas();
        let timeline_x = areas.timeline.unwrap().x;
        for y in 0..areas.transcript.height {
            let symbol = buf[(timeline_x, y)].symbol();
            assert!(
                ["│", "┃"].contains(&symbol),
                "row {y} at {width}: {symbol:?}\n{}",
                screen_text(&buf)
            );
        }
        if let Some(sidebar) = areas.sidebar {
            for y in 0..sidebar.height {
                assert_eq!(buf[(sidebar.x, y)].symbol(), "│", "sidebar rule, row {y}");
            }
        }
        let text = screen_text(&buf);
        assert!(text.contains("日本語"), "{text}");
        if height >= 14 {
            // The combining accent stays on its letter's cell.
            assert!(text.contains("Cafe\u{301} na"), "{text}");
        }
    }
}

#[test]
fn every_size_down_to_one_by_one_draws_without_a_panic() {
    let mut app = sample_app(120, 40);
    for (width, height) in [
        (60, 20),
        (30, 8),
        (12, 4),
        (5, 2),
        (1, 1),
        (2, 1),
        (1, 3),
        (120, 40),
    ] {
        send(
            &mut app,
            &[
                Action::Resize(width, height),
                Action::ScrollRows(3),
                Action::ToggleHelp,
            ],
        );
        render(&app);
        send(&mut app, &[Action::Close, Action::Bottom]);
        let buf = render(&app);
        assert!(
            buf.content().iter().any(|c| c.symbol() != " "),
            "blank at {width}x{height}"
        );
        send(&mut app, &[Action::Top]);
    }
}

#[test]
fn scrolling_keys_move_the_view_and_keep_the_current_segment_on_screen() {
    let mut app = sample_app(100, 30);
    send(&mut app, &[Action::ScrollRows(1)]);
    assert_eq!(app.top.segment, 0);
    assert_eq!(app.top.row, 1);
    send(&mut app, &[Action::ScrollPages(3)]);
    let rows = app.visible_rows();
    assert!(rows.first().unwrap().segment > 0);
    assert!((rows.first().unwrap().segment..=rows.last().unwrap().segment).contains(&app.current));
    let before = app.top;
    send(
        &mut app,
        &[Action::ScrollHalfPages(1), Action::ScrollHalfPages(-1)],
    );
    assert_eq!(app.top, before);
    send(&mut app, &[Action::ScrollPages(-100)]);
    assert_eq!((app.top.segment, app.top.row), (0, 0));
}

#[test]
fn bottom_and_top() {
    let mut app = sample_app(100, 30);
    send(&mut app, &[Action::Bottom]);
    let last = app.episode.segments.len() - 1;
    assert_eq!(app.current, last);
    assert_eq!(app.percent(&app.visible_rows()), 100);
    let text = screen_text(&render(&app));
    assert!(text.contains("See you in the next"), "{text}");
    // Scrolling down at the bottom stays there.
    let top = app.top;
    send(&mut app, &[Action::ScrollRows(5)]);
    assert_eq!(app.top, top);
    send(&mut app, &[Action::Top]);
    assert_eq!((app.current, app.top.segment, app.top.row), (0, 0, 0));
}

#[test]
fn segment_and_speaker_keys_move_the_highlight() {
    let mut app = sample_app(100, 30);
    send(&mut app, &[Action::NextSegment, Action::NextSegment]);
    assert_eq!(app.current, 2);
    send(&mut app, &[Action::PreviousSegment]);
    assert_eq!(app.current, 1);
    let episode = Arc::clone(&app.episode);
    let speaker_of = |i: usize| episode.segments[i].speaker;
    send(&mut app, &[Action::NextSpeaker]);
    let landed = app.current;
    assert_ne!(speaker_of(landed), speaker_of(landed - 1));
    assert_eq!(app.top.segment, landed, "a speaker change shows at the top");
    send(&mut app, &[Action::PreviousSpeaker]);
    assert!(app.current < landed);
    assert_ne!(
        Some(app.current)
            .filter(|&c| c > 0)
            .map(|c| speaker_of(c - 1)),
        Some(speaker_of(app.current))
    );
}

#[test]
fn the_current_segment_is_marked_in_the_gutter() {
    let mut app = sample_app(100, 30);
    send(&mut app, &[Action::NextSegment]);
    let buf = render(&app);
    let y = find_row(&buf, "When I first came to Anthropic").unwrap();
    assert_eq!(buf[(0, y)].symbol(), "▌");
    let other = find_row(&buf, "What skills do you think").unwrap();
    assert_eq!(buf[(0, other)].symbol(), " ");
}

#[test]
fn tab_hides_the_sidebar_and_help_opens_and_closes() {
    let mut app = sample_app(120, 40);
    assert!(app.areas().sidebar.is_some());
    send(&mut app, &[Action::ToggleSidebar]);
    assert!(app.areas().sidebar.is_none());
    assert!(!screen_text(&render(&app)).contains("Published"));
    send(&mut app, &[Action::ToggleHelp]);
    assert_eq!(app.mode, ReaderMode::Help);
    let text = screen_text(&render(&app));
    assert!(text.contains("next / previous change of speaker"), "{text}");
    send(&mut app, &[Action::Close]);
    assert_eq!(app.mode, ReaderMode::Reading);
}

#[test]
fn a_click_makes_a_segment_current() {
    let mut app = sample_app(100, 30);
    let buf = render(&app);
    let y = find_row(&buf, "What skills do you think").unwrap();
    send(&mut app, &[Action::Click(20, y)]);
    assert_eq!(app.current, 2);
}

#[test]
fn resizing_keeps_the_reading_position() {
    let mut app = sample_app(120, 40);
    send(&mut app, &[Action::ScrollPages(10)]);
    let place = app.top.segment;
    let first_words = |app: &Reader| {
        let buf = render(app);
        let rows = app.visible_rows();
        let i = rows
            .iter()
            .position(|r| matches!(r.kind, earmark::tui::wrap_index::RowKind::Text { .. }))
            .unwrap();
        row_text(&buf, i as u16)
    };
    let before = first_words(&app);
    for (w, h) in [(60, 20), (30, 8), (12, 4), (120, 40)] {
        send(&mut app, &[Action::Resize(w, h)]);
        assert_eq!(app.top.segment, place, "at {w}x{h}");
    }
    assert_eq!(first_words(&app), before);
}

#[test]
fn quit_and_suspend_are_effects() {
    let mut app = sample_app(80, 24);
    assert!(matches!(update(&mut app, Action::Quit)[..], [Effect::Quit]));
    assert!(matches!(
        update(&mut app, Action::Suspend)[..],
        [Effect::Suspend]
    ));
}
