//! Every style of both themes reads on the backgrounds it is made for:
//! WCAG contrast of text against the theme's backgrounds at least 4.5:1,
//! of a highlight's text against the highlight at least 4.5:1, and of the
//! highlight against the page at least 3:1. Styles that keep the
//! terminal's own colours (bold, reversed bars) are the terminal's pair;
//! a dimmed style is not allowed with colours, its contrast being up to
//! each terminal. Without colours (NO_COLOR) no style has one.

use earmark::tui::palette::contrast::{self, DECORATION, TEXT};
use earmark::tui::view::style::{Palette, Theme};
use ratatui::style::{Color, Modifier, Style};

/// Every style a view draws with, by name.
fn styles(theme: Theme) -> Vec<(String, Style)> {
    let mut styles = vec![
        ("dim".to_string(), theme.dim()),
        ("label".into(), theme.label()),
        ("heading".into(), theme.heading()),
        ("bar".into(), theme.bar()),
        ("hit".into(), theme.hit()),
        ("current hit".into(), theme.current_hit()),
        ("warning".into(), theme.warning()),
        ("no speaker".into(), theme.speaker(None)),
    ];
    for i in 0..theme.palette.speakers().len() {
        styles.push((format!("speaker {i}"), theme.speaker(Some(i))));
    }
    styles
}

/// Why a style does not read on `palette`'s backgrounds, if it does not.
fn problems(name: &str, style: Style, palette: &Palette) -> Vec<String> {
    let known = |color: Option<Color>| color.and_then(contrast::rgb);
    let mut found = Vec::new();
    let mut need = |what: &str, ratio: f64, least: f64| {
        if ratio < least {
            found.push(format!(
                "{} {name}: {what} {ratio:.2} < {least}",
                palette.name
            ));
        }
    };
    match (style.fg, known(style.fg), style.bg) {
        (_, Some(fg), Some(bg)) => {
            let bg = known(Some(bg)).expect("a highlight of a known colour");
            need("text on its highlight", contrast::ratio(fg, bg), TEXT);
            for &page in palette.backgrounds {
                need(
                    "highlight on the page",
                    contrast::ratio(bg, page),
                    DECORATION,
                );
            }
        }
        (_, Some(fg), None) => {
            for &page in palette.backgrounds {
                need("text on the page", contrast::ratio(fg, page), TEXT);
            }
        }
        (Some(fg), None, _) if fg != Color::Reset => found.push(format!(
            "{} {name}: {fg:?} has no fixed value",
            palette.name
        )),
        _ => {
            if style.add_modifier.contains(Modifier::DIM) {
                found.push(format!(
                    "{} {name}: dimmed text reads as each terminal dims",
                    palette.name
                ));
            }
        }
    }
    found
}

#[test]
fn every_style_of_both_themes_reads_on_its_backgrounds() {
    let mut found = Vec::new();
    let mut checked = 0;
    for palette in [Palette::DARK, Palette::LIGHT] {
        for (name, style) in styles(Theme::new(true, palette)) {
            found.extend(problems(&name, style, &palette));
            checked += 1;
        }
    }
    assert!(found.is_empty(), "{found:#?}");
    assert_eq!(checked, 2 * (8 + 10), "every style, ten speakers each");
}

#[test]
fn the_check_catches_a_colour_that_does_not_read() {
    // The dark theme's speaker blue and a pale grey on a light page: the
    // test above would fail on them.
    let light = Palette::LIGHT;
    let pale = Style::new().fg(Color::Indexed(250));
    assert!(!problems("pale", pale, &light).is_empty());
    let blue = Theme::new(true, Palette::DARK).speaker(Some(0));
    assert!(!problems("blue", blue, &light).is_empty());
    let dimmed = Style::new().add_modifier(Modifier::DIM);
    assert!(!problems("dimmed", dimmed, &light).is_empty());
    let yellow = Style::new().fg(Color::Black).bg(Color::Indexed(186));
    assert!(
        !problems("yellow", yellow, &light).is_empty(),
        "a pale highlight on white"
    );
}

#[test]
fn both_themes_give_speakers_ten_different_colours() {
    for palette in [Palette::DARK, Palette::LIGHT] {
        let mut speakers = palette.speakers().to_vec();
        assert_eq!(speakers.len(), 10);
        speakers.sort_by_key(|c| format!("{c:?}"));
        speakers.dedup();
        assert_eq!(speakers.len(), 10, "{}", palette.name);
        assert!(
            palette.hard_to_read().is_empty(),
            "{:?}",
            palette.hard_to_read()
        );
    }
}

#[test]
fn without_colours_no_style_has_one() {
    for palette in [Palette::DARK, Palette::LIGHT] {
        for (name, style) in styles(Theme::new(false, palette)) {
            assert!(
                style.fg.is_none() && style.bg.is_none(),
                "{name}: {style:?}"
            );
        }
    }
}
