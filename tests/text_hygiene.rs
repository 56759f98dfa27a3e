//! Text that reaches the terminal and the clipboard: bounded copies, no
//! spoofing characters, cells exactly as wide as the terminal draws them.

mod support;

use std::sync::Arc;

use earmark::episode::{Source, parse_bytes};
use earmark::tui::app::{App, update};
use earmark::tui::clipboard::MAX_COPY_BYTES;
use earmark::tui::{Action, Effect, view};
use support::screen::{self, screen_text};

fn reader(transcript: &str) -> App {
    let episode = parse_bytes(transcript.as_bytes(), Source::Builtin("t.md")).expect("parses");
    App::new(Arc::new(episode), (100, 30), true)
}

fn screen(app: &App) -> String {
    screen_text(&screen::draw(100, 30, |f| view::draw(f, app)))
}

#[test]
fn a_quote_over_the_cap_is_not_copied_and_says_so() {
    let long = "word ".repeat(1_000_000); // a 5 MB segment
    let mut app = reader(&format!(
        "Host (00:00:01):\n{long}\nGuest (00:00:02):\nshort\n"
    ));
    let effects = update(&mut app, Action::CopyQuote);
    assert!(effects.is_empty(), "{} effects", effects.len());
    let shown = screen(&app);
    assert!(shown.contains("too long to copy"), "{shown}");

    update(&mut app, Action::NextSegment);
    let effects = update(&mut app, Action::CopyQuote);
    let [Effect::Copy(quote)] = &effects[..] else {
        panic!("{effects:?}")
    };
    assert!(quote.starts_with("“short”"), "{quote}");
    assert!(screen(&app).contains("copied the quote"));
}

#[test]
fn a_quote_just_under_the_cap_is_copied() {
    // The quote adds “”, a dash and the credit (~20 bytes) to the text.
    let text = "x".repeat(MAX_COPY_BYTES - 100);
    let mut app = reader(&format!("Host (00:00:01):\n{text}\n"));
    let effects = update(&mut app, Action::CopyQuote);
    assert!(matches!(&effects[..], [Effect::Copy(q)] if q.len() <= MAX_COPY_BYTES));
}
