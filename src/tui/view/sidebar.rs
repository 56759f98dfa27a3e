//! The metadata sidebar: what the episode is, and who talks how much.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

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

/// Draws the sidebar into `area`, with a rule on its left.
pub fn render(reader: &Reader, theme: Theme, area: Rect, buf: &mut Buffer) {
    let block = Block::new()
        .borders(Borders::LEFT)
        .border_style(theme.dim());
    let inner = block.inner(area);
    block.render(area, buf);
    let width = usize::from(inner.width.saturating_sub(1));
    let lines = sidebar_lines(reader, theme, width);
    let inner = Rect {
        x: inner.x.saturating_add(1).min(inner.right()),
        width: inner.width.saturating_sub(1),
        ..inner
    };
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}

fn sidebar_lines(reader: &Reader, theme: Theme, width: usize) -> Vec<Line<'static>> {
    let episode = &reader.episode;
    let mut lines = vec![
        Line::styled(episode.title.clone(), theme.label()),
        Line::default(),
    ];
    // Markdown is the usual case: only other formats say what they are.
    if episode.format != Format::Markdown {
        lines.push(field_line("Format", episode.format.name().into(), theme));
    }
    for (key, label) in KNOWN_FIELDS {
        if let Some(value) = field_text(reader, key) {
            lines.push(field_line(label, value, theme));
        }
    }
    for (key, value) in &episode.metadata {
        let known = KNOWN_FIELDS.iter().any(|(k, _)| k == key) || HIDDEN_FIELDS.contains(&&**key);
        if !known {
            lines.push(field_line(key, metadata_line(value), theme));
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
    lines
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
    let label: String = label.chars().take(LABEL_WIDTH - 1).collect();
    Line::from(vec![
        Span::styled(format!("{label:<LABEL_WIDTH$}"), theme.dim()),
        Span::raw(value),
    ])
}

/// One line per speaker: name, a bar in their colour, and their share.
fn speaker_lines(reader: &Reader, theme: Theme, width: usize) -> Vec<Line<'static>> {
    let name_width = 14.min(width / 2);
    let bar_width = width.saturating_sub(name_width + 6);
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
