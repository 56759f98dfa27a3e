//! The library screen: a header with counts, the filter (or search) line,
//! the list (or the results across episodes, or the skipped files), and a
//! footer with the keys.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::style::Theme;
use super::{counted, fit};
use crate::episode::time::format_hms;
use crate::search::excerpt;
use crate::tui::library::{Entry, Library, LibraryMode};

const DATE_WIDTH: usize = 11;
const DURATION_WIDTH: usize = 9;
const GUEST_WIDTH: usize = 24;

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
        LibraryMode::List => list(library, theme, body, buf),
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
            .unwrap_or_else(|| keys(library).into());
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
        counted(library.episode_count(), "episode", "episodes")
    );
    if !library.skipped.is_empty() {
        text.push_str(&format!(" · {} skipped (Tab: why)", library.skipped.len()));
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
                (None, true) => "searching…".into(),
                (None, false) if search.prompt.input.is_empty() => "search every episode".into(),
                (None, false) => format!(
                    "{}{} in {}",
                    search.prompt.regex_flag(),
                    counted(search.hit_count(), "match", "matches"),
                    counted(search.results.len(), "episode", "episodes")
                ),
            };
            ("/", &search.prompt.input, note)
        }
        _ => (
            "filter: ",
            &library.filter,
            format!("{} shown", library.visible.len()),
        ),
    };
    let room = width.saturating_sub(prefix.len() + note.len() + 2);
    let (mut spans, used) = super::prompt::editor_spans(input, room);
    let used = prefix.len() + used;
    spans.insert(0, Span::raw(prefix));
    spans.push(Span::raw(
        " ".repeat(width.saturating_sub(used + note.len())),
    ));
    spans.push(Span::styled(note, theme.dim()));
    Line::from(spans)
}

fn keys(library: &Library) -> &'static str {
    match library.mode {
        LibraryMode::List => {
            "type to filter · ↑↓ select · Enter open · / search all episodes · Tab skipped · Esc quit"
        }
        LibraryMode::Search => {
            "type to search · ↑↓ select · Enter open at the match · Ctrl-r regex · Esc back"
        }
        LibraryMode::Skipped => "↑↓ scroll · Esc back",
    }
}

fn list(library: &Library, theme: Theme, area: Rect, buf: &mut Buffer) {
    let width = usize::from(area.width);
    let (title_width, guest_width) = title_and_guest_widths(width);
    let rows = library.visible.iter().enumerate().skip(library.top);
    for (y, (i, &entry)) in (area.y..area.bottom()).zip(rows) {
        let e = &library.entries[entry];
        let text = format!(
            " {}{}{} {}",
            fit(&e.date, DATE_WIDTH),
            fit(&e.duration, DURATION_WIDTH),
            title_with_others(e, title_width),
            fit(&e.guest, guest_width)
        );
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

/// Columns for the title and the guest in a row `width` wide: the guest
/// gives up room first, so a narrow screen still names every episode, and
/// a space keeps a cut title apart from the guest.
fn title_and_guest_widths(width: usize) -> (usize, usize) {
    let rest = width.saturating_sub(DATE_WIDTH + DURATION_WIDTH + 2);
    let guest = GUEST_WIDTH.min(rest / 3);
    (rest - guest, guest)
}

/// The title fitted to `width`, and the other files of the episode beside
/// it, if any (`Title · also .srt .json`): a long title is cut, not them.
fn title_with_others(entry: &Entry, width: usize) -> String {
    if entry.others.is_empty() {
        return fit(&entry.title, width);
    }
    let others = fit(&format!(" · also {}", entry.others.join(" ")), width / 2);
    let others = others.trim_end();
    let room = width.saturating_sub(others.width());
    let title = fit(&entry.title, room);
    format!(
        "{}{others}{}",
        title.trim_end(),
        " ".repeat(room - title.trim_end().width())
    )
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
                        counted(group.count, "match", "matches")
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
    entry: &crate::tui::library::Entry,
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
