//! WCAG 2 contrast between terminal colours, to check that every style
//! of a theme reads on the backgrounds it is meant for (and to warn when a
//! palette in the config does not).

use ratatui::style::Color;

/// A colour as red, green, blue.
pub type Rgb = (u8, u8, u8);

/// Text needs this contrast against its background (WCAG AA).
pub const TEXT: f64 = 4.5;
/// Marks that are not text (a highlight's edge, a bar) need this.
pub const DECORATION: f64 = 3.0;

/// The steps of the 256-colour cube.
const CUBE: [u8; 6] = [0, 95, 135, 175, 215, 255];

/// A colour's red, green and blue, where they are known: the 256-colour
/// palette's cube and greys are fixed; of the 16 colours a terminal's
/// scheme chooses, only black and white are taken as what they say.
/// `None` for the terminal's default colours and the other 14.
pub fn rgb(color: Color) -> Option<Rgb> {
    match color {
        Color::Rgb(r, g, b) => Some((r, g, b)),
        Color::Black | Color::Indexed(0) | Color::Indexed(16) => Some((0, 0, 0)),
        Color::White | Color::Indexed(15) | Color::Indexed(231) => Some((255, 255, 255)),
        Color::Indexed(i @ 232..=255) => {
            let v = 8 + 10 * (i - 232);
            Some((v, v, v))
        }
        Color::Indexed(i @ 16..=231) => {
            let i = usize::from(i - 16);
            Some((CUBE[i / 36], CUBE[(i / 6) % 6], CUBE[i % 6]))
        }
        _ => None,
    }
}

/// Relative luminance, 0 (black) to 1 (white).
pub fn luminance((r, g, b): Rgb) -> f64 {
    let linear = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

/// The contrast ratio of two colours, 1 (none) to 21 (black on white).
pub fn ratio(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (light, dark) = if la > lb { (la, lb) } else { (lb, la) };
    (light + 0.05) / (dark + 0.05)
}

/// Black or white, whichever reads better on `background`.
pub fn text_on(background: Rgb) -> Color {
    if ratio((0, 0, 0), background) >= ratio((255, 255, 255), background) {
        Color::Black
    } else {
        Color::White
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_match_the_wcag_examples() {
        assert!((ratio((0, 0, 0), (255, 255, 255)) - 21.0).abs() < 1e-9);
        assert!((ratio((118, 118, 118), (255, 255, 255)) - 4.54).abs() < 0.01);
        assert_eq!(ratio((9, 9, 9), (9, 9, 9)), 1.0);
    }

    #[test]
    fn the_256_palette_maps_to_its_fixed_values() {
        assert_eq!(rgb(Color::Indexed(33)), Some((0, 135, 255)));
        assert_eq!(rgb(Color::Indexed(208)), Some((255, 135, 0)));
        assert_eq!(rgb(Color::Indexed(244)), Some((128, 128, 128)));
        assert_eq!(rgb(Color::Reset), None);
        assert_eq!(rgb(Color::Red), None);
    }

    #[test]
    fn text_on_a_highlight_is_the_more_readable_of_black_and_white() {
        assert_eq!(text_on((215, 215, 135)), Color::Black);
        assert_eq!(text_on((0, 0, 135)), Color::White);
    }
}
