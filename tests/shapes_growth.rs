//! The new output shapes grow linearly with the work: `earmark search`'s
//! heading layout with context over an episode of N and 4N matching
//! segments, and a CSV export of N and 4N selected bookmarks.

mod support;

use std::path::PathBuf;

use earmark::bookmarks::{self, Bookmark};
use earmark::episode::{Episode, Source};
use earmark::formats::parse_bytes;
use earmark::library::search_filters::Filters;
use earmark::library::search_print::{OutputStyle, Shape, Sink, print_episode};
use earmark::search::{Query, SearchOptions};
use support::growth::{MAX_RATIO, cpu_time, ratio};

fn episode(segments: usize) -> Episode {
    let mut text = String::from("## Transcript\n\n");
    for i in 0..segments {
        let who = if i % 3 == 0 { "Ada" } else { "Lenny" };
        let (m, s) = (i / 60 % 60, i % 60);
        text.push_str(&format!(
            "{who} (00:{m:02}:{s:02}):\nSegment {i} on pricing and more.\n\n"
        ));
    }
    parse_bytes(text.as_bytes(), Source::File(PathBuf::from("ep.md"))).unwrap()
}

#[test]
fn heading_with_context_is_linear_in_the_matches() {
    let query = Query::parse("pricing", SearchOptions::default()).unwrap();
    let shape = Shape {
        style: OutputStyle::Heading,
        color: true,
        context: 2,
        filters: Filters::new(Some("ada"), None, None, None),
    };
    // Big enough that the run takes milliseconds: at 500 segments a
    // scheduler hiccup alone once made the ratio 6.2.
    let (small, large) = (episode(2_000), episode(8_000));
    let r = ratio(2_000, |n| {
        let ep = if n == 2_000 { &small } else { &large };
        let mut out = String::new();
        let spent = cpu_time(|| {
            print_episode(ep, &query, &shape, "ep.md", Sink::Text(&mut out));
        });
        assert!(out.lines().count() > n / 3, "{}", out.lines().count());
        spent
    });
    assert!(r < MAX_RATIO, "4N / N = {r:.1}");
}

fn bookmark(i: usize) -> Bookmark {
    let yaml = format!(
        "episode: ep{}\ntitle: Episode {}\nspeaker: Ada\nstart: {i}\nquote: '=quote {i}, \"said\"'\nnote: ''\ncreated: 2026-11-{:02}T10:00:00Z\n",
        i % 50,
        i % 50,
        i % 28 + 1
    );
    serde_yaml::from_str(&yaml).unwrap()
}

#[test]
fn csv_export_of_a_selection_is_linear() {
    let all: Vec<Bookmark> = (0..4_000).map(bookmark).collect();
    let selection = bookmarks::selection(Some("episode 1"), Some("2026-11-10"));
    let r = ratio(1_000, |n| {
        cpu_time(|| {
            let chosen = selection.apply(&all[..n]);
            assert!(!bookmarks::export_csv(&chosen).is_empty());
        })
    });
    assert!(r < MAX_RATIO, "4N / N = {r:.1}");
}
