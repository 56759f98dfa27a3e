//! Search and go-to-time, driven by Actions and read back from the state and
//! the rendered screen.

use crate::support;

use std::sync::Arc;

use earmark::episode::{Episode, Source, time::format_hms};
use earmark::formats;
use earmark::search;
use earmark::tui::action::SearchRequest;
use earmark::tui::keymap::ReaderMode;
use earmark::tui::reader::update;
use earmark::tui::{Action, Effect, view};
use ratatui::buffer::Buffer;
use support::harness::Harness;
use support::screen::row_text;

fn sample_app() -> Harness {
    Harness::reader(formats::sample(), (120, 40))
}

fn search(app: &mut Harness, query: &str) {
    app.act(Action::StartSearch);
    app.type_text_as_prompt(query);
}

fn render(app: &Harness) -> Buffer {
    app.buffer()
}

fn bottom_line(app: &Harness) -> String {
    let buf = render(app);
    row_text(&buf, buf.area.height - 1)
}

/// Non-overlapping occurrences in every segment's text, counted without
/// earmark's search code.
fn independent_count(episode: &Episode, needle: &str, fold_case: bool) -> usize {
    episode
        .segments
        .iter()
        .map(|s| {
            if fold_case {
                s.text(episode).to_ascii_lowercase().matches(needle).count()
            } else {
                s.text(episode).matches(needle).count()
            }
        })
        .sum()
}

#[test]
fn typing_a_query_shows_the_first_match_and_the_count() {
    let mut app = sample_app();
    search(&mut app, "synthetic data");
    assert_eq!(app.current_reader().mode, ReaderMode::Search);
    assert!(bottom_line(&app).contains("1/12"), "{}", bottom_line(&app));
    let hit = &app.current_reader().search.hits[0];
    assert_eq!(app.current_reader().current, hit.segment);
    assert_eq!(
        app.current_reader().top.segment,
        hit.segment,
        "the match shows at the top"
    );
}

#[test]
fn n_and_capital_n_step_and_wrap_with_a_message() {
    let mut app = sample_app();
    search(&mut app, "synthetic data");
    app.act(Action::PromptSubmit);
    assert_eq!(app.current_reader().mode, ReaderMode::Reading);
    app.act(Action::NextHit);
    assert!(bottom_line(&app).contains("2/12"), "{}", bottom_line(&app));
    app.act(Action::PreviousHit);
    app.act(Action::PreviousHit);
    let line = bottom_line(&app);
    assert!(line.contains("12/12"), "{line}");
    assert!(line.contains("wrapped"), "{line}");
    app.act(Action::NextHit);
    assert!(bottom_line(&app).contains("1/12"));
}

#[test]
fn smart_case_counts_match_an_independent_count() {
    let episode = formats::sample();
    for (query, fold) in [
        ("AI", false),
        ("ai", true),
        ("Claude", false),
        ("the model", true),
    ] {
        let mut app = sample_app();
        search(&mut app, query);
        let want = independent_count(&episode, query, fold);
        assert!(want > 0, "{query} should occur");
        assert_eq!(app.current_reader().search.hits.len(), want, "{query}");
        assert!(
            bottom_line(&app).contains(&format!("/{want}")),
            "{}",
            bottom_line(&app)
        );
    }
}

#[test]
fn regex_mode_counts_and_shows_itself() {
    let mut app = sample_app();
    app.act(Action::StartSearch);
    app.act(Action::ToggleRegex);
    app.type_text_as_prompt("evals?");
    // `evals?` matches each "eval", taking a trailing "s" along.
    let want = independent_count(&app.current_reader().episode, "eval", true);
    assert!(want > 0);
    assert_eq!(app.current_reader().search.hits.len(), want);
    assert!(bottom_line(&app).contains("regex"), "{}", bottom_line(&app));
}

#[test]
fn an_invalid_regex_is_an_inline_error_and_keeps_the_last_results() {
    let mut app = sample_app();
    app.act(Action::StartSearch);
    app.act(Action::ToggleRegex);
    app.type_text_as_prompt("evals");
    let before = app.current_reader().search.hits.clone();
    app.type_text_as_prompt("(");
    assert!(app.current_reader().search.prompt.error.is_some());
    assert_eq!(app.current_reader().search.hits, before);
    let line = bottom_line(&app);
    assert!(
        line.contains("unclosed") || line.contains("regex"),
        "{line}"
    );
    app.act(Action::PromptBackspace);
    assert!(app.current_reader().search.prompt.error.is_none());
}

#[test]
fn a_query_with_no_match_says_so() {
    let mut app = sample_app();
    app.act(Action::ScrollPages(3));
    let place = app.current_reader().place();
    search(&mut app, "zebra crossing");
    assert!(
        bottom_line(&app).contains("no match"),
        "{}",
        bottom_line(&app)
    );
    assert_eq!(
        app.current_reader().place(),
        place,
        "no match leaves the view where it was"
    );
}

#[test]
fn esc_while_typing_goes_back_and_esc_again_clears_highlights() {
    let mut app = sample_app();
    app.act(Action::ScrollPages(2));
    let place = app.current_reader().place();
    search(&mut app, "canvas");
    assert_ne!(app.current_reader().place(), place);
    app.act(Action::Close);
    assert_eq!(app.current_reader().mode, ReaderMode::Reading);
    assert_eq!(app.current_reader().place(), place);
    assert!(!app.current_reader().search.visible_hits().is_empty());
    app.act(Action::Close);
    assert!(app.current_reader().search.visible_hits().is_empty());
}

#[test]
fn hits_are_highlighted_on_screen_and_marked_on_the_timeline() {
    let mut app = sample_app();
    search(&mut app, "synthetic data");
    let buf = render(&app);
    let theme = view::style::Theme::new(true, view::style::Palette::DARK);
    let highlighted: String = buf
        .content()
        .iter()
        .filter(|c| c.bg == theme.current_hit().bg.unwrap())
        .map(|c| c.symbol())
        .collect();
    assert!(
        highlighted.eq_ignore_ascii_case("synthetic data"),
        "{highlighted:?}"
    );
    let timeline_x = app.current_reader().areas().timeline.unwrap().x;
    let marks = (0..39)
        .filter(|&y| buf[(timeline_x, y)].symbol() == "◆")
        .count();
    assert!(marks >= 2, "timeline marks: {marks}");
    app.act(Action::Close);
    app.act(Action::Close);
    let buf = render(&app);
    assert!((0..39).all(|y| buf[(timeline_x, y)].symbol() != "◆"));
}

#[test]
fn a_speaker_filter_searches_only_their_segments() {
    let mut app = sample_app();
    search(&mut app, "@karina canvas");
    let episode = Arc::clone(&app.current_reader().episode);
    assert!(!app.current_reader().search.hits.is_empty());
    for hit in &app.current_reader().search.hits {
        let segment = &episode.segments[hit.segment];
        assert_eq!(episode.speaker_name(segment), Some("Karina Nguyen"));
    }
    let everyone = search::find_all(
        &episode,
        &search::Query::parse("canvas", Default::default()).unwrap(),
    );
    assert!(everyone.len() > app.current_reader().search.hits.len());
}

#[test]
fn up_and_down_recall_earlier_queries() {
    let mut app = sample_app();
    for query in ["canvas", "evals"] {
        search(&mut app, query);
        app.act(Action::PromptSubmit);
    }
    app.act(Action::StartSearch);
    app.act(Action::HistoryPrevious);
    assert_eq!(app.current_reader().search.prompt.input, "evals");
    app.act(Action::HistoryPrevious);
    assert_eq!(app.current_reader().search.prompt.input, "canvas");
    app.act(Action::HistoryNext);
    assert_eq!(app.current_reader().search.prompt.input, "evals");
}

#[test]
fn stale_results_are_dropped() {
    let mut app = sample_app();
    app.act(Action::StartSearch);
    let first = update(app.current_reader_mut(), Action::PromptInput('c'));
    let second = update(app.current_reader_mut(), Action::PromptInput('a'));
    let generation_of = |effects: &[Effect]| match &effects[0] {
        Effect::Search(SearchRequest::Episode { generation, .. }) => *generation,
        other => panic!("{other:?}"),
    };
    let hit = search::Hit {
        segment: 5,
        range: 0..1,
    };
    app.act(Action::SearchResults {
        generation: generation_of(&first),
        hits: vec![hit],
        done: true,
    });
    assert!(
        app.current_reader().search.hits.is_empty(),
        "results for 'c' arrived after 'ca' was typed"
    );
    app.act(Action::SearchResults {
        generation: generation_of(&second),
        hits: vec![],
        done: true,
    });
    assert!(bottom_line(&app).contains("no match"));
}

/// The landing rule, written out independently: the greatest start at or
/// before `t`, first in file order on a tie; else the first segment.
fn expected_landing(episode: &Episode, t: u32) -> usize {
    let mut best: Option<usize> = None;
    for (i, s) in episode.segments.iter().enumerate() {
        let Some(start) = s.start else { continue };
        if start <= t && best.is_none_or(|b| start > episode.segments[b].start.unwrap()) {
            best = Some(i);
        }
    }
    best.unwrap_or(0)
}

fn go_to(app: &mut Harness, expression: &str) {
    app.act(Action::StartGoTo);
    app.type_text_as_prompt(expression);
    app.act(Action::PromptSubmit);
}

#[test]
fn go_to_time_puts_the_right_segment_at_the_top() {
    let episode = formats::sample();
    let duration = episode.duration_seconds().unwrap();
    let cases = [
        ("30:00", 1800),
        ("1:02:03", 3723),
        ("3723", 3723),
        ("62m", 3720),
        ("1h2m3s", 3723),
        ("600", 600),
        ("90s", 90),
        ("45%", (0.45 * f64::from(duration)) as u32),
    ];
    for (expression, t) in cases {
        let mut app = sample_app();
        go_to(&mut app, expression);
        let want = expected_landing(&episode, t);
        assert_eq!(
            app.current_reader().mode,
            ReaderMode::Reading,
            "{expression}"
        );
        assert_eq!(app.current_reader().current, want, "{expression}");
        assert_eq!(app.current_reader().top.segment, want, "{expression}");
        let buf = render(&app);
        let time = format_hms(episode.segments[want].start.unwrap());
        // On the first row, or under the speaker's name pinned there.
        assert!(
            (0..2).any(|y| row_text(&buf, y).contains(&time)),
            "{expression}: {}",
            row_text(&buf, 0)
        );
    }
    let mut app = sample_app();
    go_to(&mut app, "30:00");
    assert_eq!(
        episode.segments[app.current_reader().current].start,
        Some(1749)
    );
}

#[test]
fn a_bad_time_is_an_inline_error() {
    let mut app = sample_app();
    go_to(&mut app, "soon");
    assert_eq!(
        app.current_reader().mode,
        ReaderMode::GoTo,
        "the prompt stays open"
    );
    assert!(
        bottom_line(&app).contains("not a time"),
        "{}",
        bottom_line(&app)
    );
    app.act(Action::Close);
    assert_eq!(app.current_reader().mode, ReaderMode::Reading);
    assert_eq!(app.current_reader().current, 0);
}

#[test]
fn without_times_only_percentages_work() {
    let bytes = b"Lenny:\nHello there.\n\nGuest:\nHi.\n\nLenny:\nBye now.\n\nGuest:\nBye.\n";
    let episode = formats::parse_bytes(bytes, Source::Builtin("untimed")).unwrap();
    let mut app = Harness::reader(episode, (120, 40));
    app.act(Action::StartGoTo);
    assert!(
        bottom_line(&app).contains("only a percentage"),
        "{}",
        bottom_line(&app)
    );
    app.type_text_as_prompt("1:00");
    app.act(Action::PromptSubmit);
    assert_eq!(app.current_reader().mode, ReaderMode::GoTo);
    assert!(
        bottom_line(&app).contains("no times"),
        "{}",
        bottom_line(&app)
    );
    app.act(Action::Close);
    // By text position: the third segment's text runs from 55% to 84%.
    go_to(&mut app, "75%");
    assert_eq!(app.current_reader().current, 2);
    go_to(&mut app, "100%");
    assert_eq!(app.current_reader().current, 3);
    go_to(&mut app, "0%");
    assert_eq!(app.current_reader().current, 0);
}

#[test]
fn ctrl_o_goes_back_before_the_last_jump() {
    let mut app = sample_app();
    app.act(Action::ScrollPages(2));
    let before = app.current_reader().place();
    go_to(&mut app, "1:00:00");
    assert_ne!(app.current_reader().place(), before);
    app.act(Action::JumpBack);
    assert_eq!(app.current_reader().place(), before);
}
