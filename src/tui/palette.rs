//! A theme's colours: the dark and the light palette built in, the
//! config's `palette:` set over them, and how readable each colour is on
//! the backgrounds its theme is meant for (tests/theme_contrast.rs). The
//! views turn them into styles (`view::style`).

pub mod contrast;

use ratatui::style::Color;

use crate::config::settings::{ColorSpec, PaletteSpec};
use contrast::{DECORATION, Rgb, TEXT};

/// The most speaker colours a palette holds.
pub const MAX_SPEAKER_COLORS: usize = 16;

/// A theme's colours. Text without a colour of its own is the terminal's
/// default; bars are the terminal's default reversed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    /// `"dark"` or `"light"`: what background the colours are made for.
    pub name: &'static str,
    /// Backgrounds the colours must read on: the usual terminal
    /// backgrounds of this kind, darkest (or lightest) to the least so.
    pub backgrounds: &'static [Rgb],
    /// Secondary text: times, labels, the timeline's track.
    pub dim: Color,
    /// Notes that need attention.
    pub warning: Color,
    /// The background of a search match.
    pub hit: Color,
    /// The background of the current search match.
    pub current_hit: Color,
    speakers: [Color; MAX_SPEAKER_COLORS],
    speaker_count: usize,
}

/// Usual dark backgrounds: black, VS Code's, gruvbox's.
const DARK_BACKGROUNDS: &[Rgb] = &[(0, 0, 0), (0x1e, 0x1e, 0x1e), (0x28, 0x28, 0x28)];
/// Usual light backgrounds: white, Solarized's, gruvbox's.
const LIGHT_BACKGROUNDS: &[Rgb] = &[(255, 255, 255), (0xfd, 0xf6, 0xe3), (0xfb, 0xf1, 0xc7)];

/// Speaker colours for a dark background, from the 256-colour palette
/// (fixed values in every terminal), ordered so neighbours differ most:
/// the host and the first guest are blue and orange.
const DARK_SPEAKERS: [u8; 10] = [
    39,  // blue
    208, // orange
    35,  // green
    170, // orchid
    37,  // teal
    203, // red
    141, // purple
    178, // gold
    205, // pink
    70,  // chartreuse
];

/// The same hues, deep enough for a light background.
const LIGHT_SPEAKERS: [u8; 10] = [
    25,  // blue
    94,  // brown
    22,  // green
    127, // magenta
    23,  // teal
    124, // red
    55,  // purple
    58,  // olive
    125, // pink
    20,  // indigo
];

impl Palette {
    /// Light text on a dark background.
    pub const DARK: Palette = Palette::built_in(
        "dark",
        DARK_BACKGROUNDS,
        [246, 203, 186, 208],
        DARK_SPEAKERS,
    );

    /// Dark text on a light background.
    pub const LIGHT: Palette = Palette::built_in(
        "light",
        LIGHT_BACKGROUNDS,
        [242, 124, 31, 166],
        LIGHT_SPEAKERS,
    );

    /// `[dim, warning, hit, current hit]` and ten speakers, as 256-colour
    /// numbers.
    const fn built_in(
        name: &'static str,
        backgrounds: &'static [Rgb],
        [dim, warning, hit, current_hit]: [u8; 4],
        speakers: [u8; 10],
    ) -> Palette {
        let mut colors = [Color::Reset; MAX_SPEAKER_COLORS];
        let mut i = 0;
        while i < speakers.len() {
            colors[i] = Color::Indexed(speakers[i]);
            i += 1;
        }
        Palette {
            name,
            backgrounds,
            dim: Color::Indexed(dim),
            warning: Color::Indexed(warning),
            hit: Color::Indexed(hit),
            current_hit: Color::Indexed(current_hit),
            speakers: colors,
            speaker_count: speakers.len(),
        }
    }

    /// The speakers' colours, in the order they are given out.
    pub fn speakers(&self) -> &[Color] {
        &self.speakers[..self.speaker_count]
    }

    /// This palette with the config's colours set over it, and a note for
    /// each that will be hard to read on this palette's backgrounds.
    pub fn with(mut self, spec: &PaletteSpec) -> (Palette, Vec<String>) {
        let set = |slot: &mut Color, value: Option<ColorSpec>| {
            if let Some(value) = value {
                *slot = color(value);
            }
        };
        set(&mut self.dim, spec.dim);
        set(&mut self.warning, spec.warning);
        set(&mut self.hit, spec.hit);
        set(&mut self.current_hit, spec.current_hit);
        if let Some(speakers) = spec.speakers.as_ref().filter(|s| !s.is_empty()) {
            let count = speakers.len().min(MAX_SPEAKER_COLORS);
            for (slot, &value) in self.speakers.iter_mut().zip(&speakers[..count]) {
                *slot = color(value);
            }
            self.speaker_count = count;
        }
        let notes = self.hard_to_read();
        (self, notes)
    }

    /// Each text colour that reads below [`TEXT`] (or a highlight below
    /// [`DECORATION`]) on one of the backgrounds, in words.
    pub fn hard_to_read(&self) -> Vec<String> {
        let mut notes = Vec::new();
        let mut check = |what: &str, color: Color, needed: f64| {
            let worst = self.worst_contrast(color);
            if let Some(worst) = worst.filter(|&w| w < needed) {
                notes.push(format!(
                    "palette: {what} has a contrast of {worst:.1}:1 on a {} background ({needed}:1 reads well)",
                    self.name
                ));
            }
        };
        check("dim", self.dim, TEXT);
        check("warning", self.warning, TEXT);
        check("hit", self.hit, DECORATION);
        check("current_hit", self.current_hit, DECORATION);
        for (i, &speaker) in self.speakers().iter().enumerate() {
            check(&format!("speakers[{i}]"), speaker, TEXT);
        }
        notes
    }

    /// The lowest contrast of `color` on this palette's backgrounds;
    /// `None` when the colour's value is up to the terminal.
    pub fn worst_contrast(&self, color: Color) -> Option<f64> {
        let rgb = contrast::rgb(color)?;
        self.backgrounds
            .iter()
            .map(|&bg| contrast::ratio(rgb, bg))
            .reduce(f64::min)
    }
}

/// A config colour as a terminal colour.
fn color(spec: ColorSpec) -> Color {
    match spec {
        ColorSpec::Indexed(i) => Color::Indexed(i),
        ColorSpec::Rgb(r, g, b) => Color::Rgb(r, g, b),
    }
}
