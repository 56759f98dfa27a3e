//! The metadata sidebar: what the episode is, and who talks how much.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use unicode_width::UnicodeWidthStr;

use super::hyperlink::{self, LinkSpot};
use super::style::Theme;
use crate::episode::Format;
use crate::episode::metadata_line;
use crate::episode::time::format_duration;
use crate::tui::reader::Reader;

/// Front matter keys shown in the key/value block, in this order, with
/// their labels. Other keys follow under their own names.
const KNOWN_FIELDS: &[(&str, &str)] = &[
    ("guest", "Guest"),
    ("publish_date", "Published"),
    ("duration", "Duration"),
    ("view_count", "Views"),
    ("channel", "Channel"),
    ("youtube_url", "Link"),
    ("spotify_url", "Spotify"),
];
/// Keys shown elsewhere, or not worth a line of their own.
const HIDDEN_FIELDS: &[&str] = &[
    "title",
    "description",
    "keywords",
    "duration_seconds",
    "video_id",
    "spotify_id",
];
const LABEL_WIDTH: usize = 10;
/// Columns of a speaker's line besides the name and the bar: ` 100%` and
/// the space after the name.
const SHARE_WIDTH: usize = 6;
/// The fewest cells the talk bar keeps when names are long.
const MIN_BAR_WIDTH: usize = 4;

/// Draws the sidebar into `area`, with a rule on its left. Returns where
/// its links are, to be made clickable once the frame is finished.
pub fn render(reader: &Reader, theme: Theme, area: Rect, buf: &mut Buffer) -> Vec<LinkSpot> {
    let block = Block::new()
        .borders(Borders::LEFT)
        .border_style(theme.dim());
    let inner = block.inner(area);
    block.render(area, buf);
    let width = usize::from(inner.width.saturating_sub(1));
    let (lines, links) = sidebar_lines(reader, theme, width);
    let inner = Rect {
        x: inner.x.saturating_add(1).min(inner.right()),
        width: inner.width.saturating_sub(1),
        ..inner
    };
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
    links
        .into_iter()
        .filter_map(|link| link.find(buf, inner))
        .collect()
}

/// A link line of the sidebar: found on screen after the paragraph has
/// wrapped the lines above it.
struct LinkLine {
    /// The whole line's text: the label, then the link's.
    line: String,
    shown: String,
    target: String,
}

impl LinkLine {
    /// Where the line landed in `area`, if it is on screen.
    fn find(self, buf: &Buffer, area: Rect) -> Option<LinkSpot> {
        let y =
            (area.top()..area.bottom()).find(|&y| row_starts_with(buf, area.x, y, &self.line))?;
        let label = self.line.len() - self.shown.len();
        Some(LinkSpot {
            x: area.x + u16::try_from(label).ok()?,
            y,
            text: self.shown,
            target: self.target,
        })
    }
}

/// Whether row `y` from column `x` shows `text` (ASCII), a cell a char.
fn row_starts_with(buf: &Buffer, x: u16, y: u16, text: &str) -> bool {
    text.chars().enumerate().all(|(i, c)| {
        let at = u16::try_from(i).ok().map(|dx| (x.saturating_add(dx), y));
        let cell = at.and_then(|at| buf.cell(at));
        cell.is_some_and(|cell| cell.symbol().chars().eq(std::iter::once(c)))
    })
}

fn sidebar_lines(
    reader: &Reader,
    theme: Theme,
    width: usize,
) -> (Vec<Line<'static>>, Vec<LinkLine>) {
    let episode = &reader.episode;
    let mut links = Vec::new();
    let mut lines = vec![
        Line::styled(episode.title.clone(), theme.label()),
        Line::default(),
    ];
    // Markdown is the usual case: only other formats say what they are.
    if episode.format != Format::Markdown {
        lines.push(field_line("Format", episode.format.name().into(), theme));
    }
    let mut field = |label: &str, value: String| match hyperlink::clickable(&value) {
        Some(target) => {
            let (field_lines, link) = link_lines(label, target, width, theme);
            links.push(link);
            field_lines
        }
        None => vec![field_line(label, value, theme)],
    };
    for (key, label) in KNOWN_FIELDS {
        if let Some(value) = field_text(reader, key) {
            lines.extend(field(label, value));
        }
    }
    for (key, value) in &episode.metadata {
        let known = KNOWN_FIELDS.iter().any(|(k, _)| k == key) || HIDDEN_FIELDS.contains(&&**key);
        if !known {
            lines.extend(field(key, metadata_line(value)));
        }
    }
    if let Some(keywords) = episode.metadata.get("keywords") {
        lines.extend([Line::default(), Line::styled("Keywords", theme.label())]);
        lines.push(Line::raw(metadata_line(keywords)));
    }
    lines.extend([Line::default(), Line::styled("Speakers", theme.label())]);
    lines.extend(speaker_lines(reader, theme, width));
    if episode.format != Format::Markdown && !episode.warnings.is_empty() {
        lines.extend([Line::default(), Line::styled("Forgiven", theme.label())]);
        lines.extend(episode.warnings.iter().map(|w| Line::raw(w.clone())));
    }
    if let Some(description) = episode.meta_str("description") {
        lines.extend([Line::default(), Line::styled("Description", theme.label())]);
        lines.extend(description.lines().map(|l| Line::raw(l.to_string())));
    }
    (lines, links)
}

/// A known field as shown: durations formatted, view counts with separators.
fn field_text(reader: &Reader, key: &str) -> Option<String> {
    let episode = &reader.episode;
    match key {
        "duration" => reader.duration.map(format_duration),
        "view_count" => episode.meta_f64(key).map(|n| thousands(n as u64)),
        _ => episode.metadata.get(key).map(metadata_line),
    }
    .filter(|text| !text.is_empty())
}

fn field_line(label: &str, value: String, theme: Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(padded_label(label), theme.dim()),
        Span::raw(value),
    ])
}

fn padded_label(label: &str) -> String {
    let label: String = label.chars().take(LABEL_WIDTH - 1).collect();
    format!("{label:<LABEL_WIDTH$}")
}

/// A field whose value is a web link: shown without its scheme, beside
/// its label if it fits, else on a row of its own under it, cut to fit
/// there if it must; never wrapped (the link itself goes to all of it).
fn link_lines(
    label: &str,
    target: String,
    width: usize,
    theme: Theme,
) -> (Vec<Line<'static>>, LinkLine) {
    let label = padded_label(label);
    let whole = hyperlink::without_scheme(&target);
    let beside = whole.width() + label.width() <= width;
    let room = if beside { width - label.width() } else { width };
    let shown = super::fit(whole, room).trim_end().to_string();
    let link = Span::styled(shown.clone(), theme.link());
    let label_span = Span::styled(label.clone(), theme.dim());
    let (lines, line) = if beside {
        (
            vec![Line::from(vec![label_span, link])],
            format!("{label}{shown}"),
        )
    } else {
        (
            vec![Line::from(label_span), Line::from(link)],
            shown.clone(),
        )
    };
    (
        lines,
        LinkLine {
            line,
            shown,
            target,
        },
    )
}

/// One line per speaker: name, a bar in their colour, and their share.
/// Names take what they need; the bar gives way, down to a few cells.
fn speaker_lines(reader: &Reader, theme: Theme, width: usize) -> Vec<Line<'static>> {
    let speakers = &reader.episode.speakers;
    let longest = speakers.iter().map(|name| name.width()).max().unwrap_or(0);
    let name_width = longest.min(width.saturating_sub(SHARE_WIDTH + MIN_BAR_WIDTH));
    let bar_width = width.saturating_sub(name_width + SHARE_WIDTH);
    reader
        .episode
        .speakers
        .iter()
        .zip(&reader.talk_shares)
        .enumerate()
        .map(|(id, (name, share))| {
            let name = super::fit(name, name_width);
            let filled = ((share * bar_width as f64).round() as usize).min(bar_width);
            let style = theme.speaker(reader.speaker_slot(Some(id)));
            Line::from(vec![
                Span::styled(format!("{name} "), style),
                Span::styled("█".repeat(filled), style),
                Span::styled("░".repeat(bar_width - filled), theme.dim()),
                Span::raw(format!(" {:>3.0}%", share * 100.0)),
            ])
        })
        .collect()
}

/// `22860` → `22,860`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_separators() {
        assert_eq!(super::thousands(22860), "22,860");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(1_000_000), "1,000,000");
        assert_eq!(super::thousands(0), "0");
    }
}
