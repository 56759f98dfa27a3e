//! The library screen: a header with counts, the filter (or search) line,
//! the list (or the results across episodes, or the skipped files), and a
//! footer with the keys.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::style::Theme;
use super::{count_with_noun, fit};
use crate::episode::time::format_hms;
use crate::search::excerpt;
use crate::tui::library::{Library, LibraryEntry, LibraryMode};
use crate::tui::library_order::SortKey;
use crate::tui::line_editor::tail_fitting;

const DATE_WIDTH: usize = 10;
const DURATION_WIDTH: usize = 8;
const GUEST_WIDTH: usize = 24;
const REASON_WIDTH: usize = 22;
/// Below this width the date gives way, and below the next the duration,
/// so that a narrow screen still names each episode.
const DATE_MIN_WIDTH: usize = 40;
const DURATION_MIN_WIDTH: usize = 30;

/// Draws the library into `area`.
pub fn render(library: &Library, theme: Theme, area: Rect, buf: &mut Buffer) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let width = usize::from(area.width);
    buf.set_line(area.x, area.y, &header(library, theme, width), area.width);
    if area.height >= 2 {
        buf.set_line(
            area.x,
            area.y + 1,
            &input_line(library, theme, width),
            area.width,
        );
    }
    let body = Rect {
        y: area.y + 2,
        height: area.height.saturating_sub(3),
        ..area
    };
    match library.mode {
        LibraryMode::List | LibraryMode::Browse => list(library, theme, body, buf),
        LibraryMode::Search => results(library, theme, body, buf),
        LibraryMode::Skipped => skipped(library, theme, body, buf),
    }
    if area.height >= 3 {
        let footer = Rect {
            y: area.bottom() - 1,
            height: 1,
            ..area
        };
        buf.set_style(footer, theme.bar());
        let text = library
            .message
            .clone()
            .unwrap_or_else(|| fitting_keys(keys(library), width));
        buf.set_line(
            footer.x,
            footer.y,
            &Line::raw(fit(&format!(" {text}"), width)),
            area.width,
        );
    }
}

fn header(library: &Library, theme: Theme, width: usize) -> Line<'static> {
    let mut text = format!(
        " {} · {}",
        library.root,
        count_with_noun(library.episode_count(), "episode", "episodes")
    );
    if !library.skipped.is_empty() {
        text.push_str(&format!(" · {} skipped (Tab: why)", library.skipped.len()));
    }
    // The usual order goes without saying; another is named.
    if library.sort != SortKey::default() {
        text.push_str(&format!(" · {} (s)", library.sort.label()));
    }
    if library.scanning {
        text.push_str(&format!(" · scanning… {} found", library.entries.len()));
    } else if library.loading > 0 {
        text.push_str(&format!(" · loading {} more…", library.loading));
    }
    Line::styled(fit(&text, width), theme.label())
}

fn input_line(library: &Library, theme: Theme, width: usize) -> Line<'static> {
    let (prefix, input, note) = match library.mode {
        LibraryMode::Search => {
            let search = &library.search;
            let note = match (&search.prompt.error, search.prompt.pending) {
                (Some(error), _) => error.clone(),
                (None, true) if search.is_partial() => format!(
                    "searching… {}{} in {} so far",
                    search.prompt.regex_flag(),
                    count_with_noun(search.hit_count(), "match", "matches"),
                    count_with_noun(search.results.len(), "episode", "episodes")
                ),
                (None, true) => "searching…".into(),
                (None, false) if search.prompt.input.is_empty() => "search every episode".into(),
                (None, false) => format!(
                    "{}{} in {}",
                    search.prompt.regex_flag(),
                    count_with_noun(search.hit_count(), "match", "matches"),
                    count_with_noun(search.results.len(), "episode", "episodes")
                ),
            };
            ("/", &search.prompt.input, note)
        }
        LibraryMode::Browse if library.filter.is_empty() => (
            "",
            &library.filter,
            format!("{} shown", library.visible.len()),
        ),
        _ => (
            "filter: ",
            &library.filter,
            format!("{} shown", library.visible.len()),
        ),
    };
    // The cursor shows only where typing goes.
    let typing = matches!(library.mode, LibraryMode::List | LibraryMode::Search);
    let room = width.saturating_sub(prefix.len() + note.len() + 2);
    let (mut spans, used) = if typing {
        super::prompt::editor_spans(input, room)
    } else {
        let shown = tail_fitting(input.as_str(), room).to_string();
        let used = shown.width();
        (vec![Span::raw(shown)], used)
    };
    let used = prefix.len() + used;
    spans.insert(0, Span::raw(prefix));
    spans.push(Span::raw(
        " ".repeat(width.saturating_sub(used + note.len())),
    ));
    spans.push(Span::styled(note, theme.dim()));
    Line::from(spans)
}

/// The keys of the mode, each with how much it matters (0 most): what
/// does not fit is left out, least first, so that how to leave and how to
/// quit stay in sight on a narrow screen.
fn keys(library: &Library) -> Vec<(&'static str, u8)> {
    match library.mode {
        LibraryMode::List if library.filter.is_empty() => vec![
            ("type to filter", 1),
            ("↑↓ select", 3),
            ("Enter open", 1),
            ("/ search all episodes", 2),
            ("Tab skipped", 3),
            ("Esc leave the filter", 0),
            ("Ctrl-c quit", 0),
        ],
        LibraryMode::List => vec![
            ("type to filter", 1),
            ("↑↓ select", 3),
            ("Enter open", 1),
            ("/ search all episodes", 2),
            ("Esc clear the filter", 0),
            ("Ctrl-c quit", 0),
        ],
        LibraryMode::Browse => vec![
            ("j k select", 2),
            ("Enter open", 1),
            ("f filter", 0),
            ("s sort", 1),
            ("/ search all episodes", 2),
            ("Tab skipped", 3),
            ("q quit", 0),
        ],
        LibraryMode::Search => vec![
            ("type to search", 1),
            ("↑↓ select", 3),
            ("Enter open at the match", 1),
            ("Ctrl-r regex", 2),
            ("Esc back", 0),
            ("Ctrl-c quit", 0),
        ],
        LibraryMode::Skipped => vec![("↑↓ scroll", 1), ("Esc back", 0), ("Ctrl-c quit", 0)],
    }
}

/// The keys that fit in `width` columns (after a leading space), joined.
fn fitting_keys(mut keys: Vec<(&str, u8)>, width: usize) -> String {
    let line = |keys: &[(&str, u8)]| {
        let names: Vec<&str> = keys.iter().map(|&(k, _)| k).collect();
        names.join(" · ")
    };
    while line(&keys).width() + 1 > width {
        let least = keys.iter().map(|&(_, p)| p).max().unwrap_or(0);
        match keys.iter().rposition(|&(_, p)| p == least) {
            Some(i) if keys.len() > 1 => keys.remove(i),
            _ => break,
        };
    }
    line(&keys)
}

fn list(library: &Library, theme: Theme, area: Rect, buf: &mut Buffer) {
    let width = usize::from(area.width);
    let columns = Columns::for_width(width, !library.reasons.is_empty());
    let rows = library.visible.iter().enumerate().skip(library.top);
    for (y, (i, &entry)) in (area.y..area.bottom()).zip(rows) {
        let e = &library.entries[entry];
        let reason = library
            .reasons
            .get(i)
            .map(|r| r.label())
            .unwrap_or_default();
        let text = columns.row(e, library.shares_title(e), &reason);
        let style = if i == library.selected {
            theme.bar()
        } else if e.episode.is_none() {
            theme.dim()
        } else {
            Style::new()
        };
        buf.set_line(area.x, y, &Line::styled(text, style), area.width);
    }
    if library.visible.is_empty() && area.height > 0 {
        buf.set_line(
            area.x,
            area.y,
            &Line::styled(
                fit(&format!(" {}", empty_note(library)), width),
                theme.dim(),
            ),
            area.width,
        );
    }
}

/// The widths of a row's columns; 0: the column is left out. Every column
/// but the last is followed by a space, so columns never touch, whatever
/// the width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Columns {
    date: usize,
    duration: usize,
    title: usize,
    guest: usize,
    reason: usize,
}

impl Columns {
    /// The guest and the reason give up room first, then the date and the
    /// duration, so a narrow screen still names every episode.
    fn for_width(width: usize, reasons: bool) -> Self {
        let date = if width >= DATE_MIN_WIDTH {
            DATE_WIDTH
        } else {
            0
        };
        let duration = if width >= DURATION_MIN_WIDTH {
            DURATION_WIDTH
        } else {
            0
        };
        let gap = |w: usize| if w > 0 { w + 1 } else { 0 };
        // A space at the start of the row.
        let rest = width.saturating_sub(1 + gap(date) + gap(duration));
        let share = if reasons { 4 } else { 3 };
        let guest = GUEST_WIDTH.min(rest.saturating_sub(1) / share);
        let reason = if reasons {
            REASON_WIDTH.min(rest / share)
        } else {
            0
        };
        let title = rest.saturating_sub(gap(guest) + gap(reason));
        Self {
            date,
            duration,
            title,
            guest,
            reason,
        }
    }

    /// One row: each column fitted to its width, a space after each.
    fn row(&self, entry: &LibraryEntry, shares_title: bool, reason: &str) -> String {
        let title = title_with_others(entry, shares_title, self.title);
        let cells = [
            (entry.date.as_str(), self.date),
            (entry.duration.as_str(), self.duration),
            (title.as_str(), self.title),
            (entry.guest.as_str(), self.guest),
            (reason, self.reason),
        ];
        let mut row = String::from(" ");
        for (text, width) in cells.into_iter().filter(|&(_, w)| w > 0) {
            row.push_str(&fit(text, width));
            row.push(' ');
        }
        row
    }
}

/// The title, then what tells the episode apart (its file's name when
/// another episode has the same title) and the other files of the episode
/// (`Title · ep1.md · also .srt .json`): a long title is cut, not them.
fn title_with_others(entry: &LibraryEntry, shares_title: bool, width: usize) -> String {
    let mut tail = String::new();
    if shares_title {
        tail.push_str(&format!(" · {}", entry.file_name));
    }
    if !entry.others.is_empty() {
        tail.push_str(&format!(" · also {}", entry.others.join(" ")));
    }
    if tail.is_empty() {
        return entry.title.clone();
    }
    let tail = fit(&tail, width / 2);
    let tail = tail.trim_end();
    let room = width.saturating_sub(tail.width());
    format!("{}{tail}", fit(&entry.title, room).trim_end())
}

/// Why the list is empty: still loading, a filter that matches nothing,
/// or a folder with no transcripts at all.
fn empty_note(library: &Library) -> String {
    if !library.is_complete() {
        "loading…".into()
    } else if library.episode_count() > 0 {
        "no episode matches the filter".into()
    } else if library.skipped.is_empty() {
        format!("no transcripts under {}", library.root)
    } else {
        format!(
            "no transcripts under {} ({} skipped: Tab shows why)",
            library.root,
            library.skipped.len()
        )
    }
}

fn results(library: &Library, theme: Theme, area: Rect, buf: &mut Buffer) {
    let search = &library.search;
    let width = usize::from(area.width);
    for (y, row) in (area.y..area.bottom()).zip(search.top..search.row_count()) {
        let Some((group, hit)) = search.row(row) else {
            break;
        };
        let group = &search.results[group];
        let entry = &library.entries[group.entry];
        let line = match hit {
            None => Line::styled(
                fit(
                    &format!(
                        " {} — {}",
                        entry.title,
                        count_with_noun(group.count, "match", "matches")
                    ),
                    width,
                ),
                theme.label(),
            ),
            Some(k) => hit_line(entry, &group.hits[k], row == search.selected, theme, width),
        };
        buf.set_line(area.x, y, &line, area.width);
    }
}

/// `   00:29:09  Speaker  …text with the match highlighted…`
fn hit_line(
    entry: &crate::tui::library::LibraryEntry,
    hit: &crate::search::Hit,
    selected: bool,
    theme: Theme,
    width: usize,
) -> Line<'static> {
    let Some(episode) = &entry.episode else {
        return Line::default();
    };
    let segment = &episode.segments[hit.segment];
    let time = segment.start.map_or_else(|| "--:--:--".into(), format_hms);
    let speaker = fit(episode.speaker_name(segment).unwrap_or("-"), 16);
    let lead = format!("   {time}  {speaker} ");
    let room = width.saturating_sub(lead.chars().count());
    let e = excerpt(
        segment.text(episode),
        hit.range.clone(),
        room.saturating_sub(20) / 2,
        room / 2,
    );
    let base = if selected { theme.bar() } else { Style::new() };
    Line::from(vec![
        Span::styled(lead, base.patch(theme.dim())),
        Span::styled(e.line[..e.matched.start].to_string(), base),
        Span::styled(e.line[e.matched.clone()].to_string(), theme.current_hit()),
        Span::styled(e.line[e.matched.end..].to_string(), base),
    ])
}

fn skipped(library: &Library, theme: Theme, area: Rect, buf: &mut Buffer) {
    let width = usize::from(area.width);
    let rows = library.skipped.iter().skip(library.skipped_scroll);
    for (y, (path, reason)) in (area.y..area.bottom()).zip(rows) {
        let line = Line::from(vec![
            Span::raw(format!(" {path}  ")),
            Span::styled(reason.clone(), theme.dim()),
        ]);
        buf.set_line(area.x, y, &line, width as u16);
    }
    if library.skipped.is_empty() && area.height > 0 {
        buf.set_line(
            area.x,
            area.y,
            &Line::styled(" nothing was skipped", theme.dim()),
            area.width,
        );
    }
}
