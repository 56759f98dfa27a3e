//! Where each pane goes for a terminal size: shared by the view (to draw)
//! and by `update` (to know page heights and what a click hit).

use ratatui::layout::Rect;

/// The panes of the reader for one terminal size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    /// The transcript rows, gutter included.
    pub transcript: Rect,
    /// The one-column timeline along the transcript's right edge.
    pub timeline: Option<Rect>,
    pub sidebar: Option<Rect>,
    pub status: Option<Rect>,
    /// The most columns the text wraps to, however wide the pane: lines
    /// longer than this are hard to follow back to their start.
    pub max_text_width: Option<u16>,
}

/// Narrowest terminal that still gets a sidebar: the transcript keeps at
/// least 60 columns beside it.
pub const SIDEBAR_MIN_TERMINAL_WIDTH: u16 = 96;
/// Columns of the time gutter: a marker, `hh:mm:ss`, two spaces.
pub const GUTTER_WIDTH: u16 = 11;
/// The gutter is dropped below this transcript width, to keep room for text.
const GUTTER_MIN_PANE_WIDTH: u16 = 36;

impl Areas {
    /// Splits a terminal of `width` × `height`.
    pub fn new(width: u16, height: u16, sidebar_wanted: bool) -> Self {
        let status = (height >= 2).then(|| Rect::new(0, height - 1, width, 1));
        let main_height = if status.is_some() { height - 1 } else { height };
        let mut main = Rect::new(0, 0, width, main_height);
        let sidebar = (sidebar_wanted && width >= SIDEBAR_MIN_TERMINAL_WIDTH).then(|| {
            let sidebar_width = (width / 3).clamp(30, 46);
            main.width -= sidebar_width;
            Rect::new(main.width, 0, sidebar_width, main_height)
        });
        let timeline = (main.width >= 12).then(|| {
            main.width -= 1;
            Rect::new(main.width, 0, 1, main_height)
        });
        Self {
            transcript: main,
            timeline,
            sidebar,
            status,
            max_text_width: None,
        }
    }

    /// These panes with the text wrapped to at most `max` columns (`None`:
    /// as wide as the pane). The text stays at the left, by the gutter, as
    /// in `less`: the rest of a wide pane is left blank.
    pub fn with_max_text_width(self, max: Option<u16>) -> Self {
        Self {
            max_text_width: max,
            ..self
        }
    }

    /// Columns of the time gutter at this transcript width.
    pub fn gutter_width(&self) -> u16 {
        if self.transcript.width >= GUTTER_MIN_PANE_WIDTH {
            GUTTER_WIDTH
        } else {
            0
        }
    }

    /// Columns the transcript's text wraps to: what the gutter leaves, less
    /// a column of air before the timeline.
    pub fn text_width(&self) -> usize {
        let margin = u16::from(self.timeline.is_some());
        let width = self
            .transcript
            .width
            .saturating_sub(self.gutter_width() + margin);
        let width = self.max_text_width.map_or(width, |max| width.min(max));
        usize::from(width).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_terminals_get_every_pane() {
        let areas = Areas::new(120, 40, true);
        assert!(areas.sidebar.is_some() && areas.timeline.is_some() && areas.status.is_some());
        let sidebar = areas.sidebar.unwrap();
        assert_eq!(areas.transcript.width + 1 + sidebar.width, 120);
        assert_eq!(areas.transcript.height, 39);
    }

    #[test]
    fn the_text_wraps_to_the_maximum_width_at_most() {
        let wide = Areas::new(200, 40, false);
        assert_eq!(wide.text_width(), 200 - 11 - 1 - 1);
        assert_eq!(wide.with_max_text_width(Some(100)).text_width(), 100);
        let narrow = Areas::new(80, 24, false).with_max_text_width(Some(100));
        assert_eq!(narrow.text_width(), 80 - 11 - 1 - 1);
    }

    #[test]
    fn narrow_terminals_drop_the_sidebar_and_tiny_ones_everything_else() {
        assert!(Areas::new(60, 20, true).sidebar.is_none());
        let tiny = Areas::new(1, 1, true);
        assert_eq!(tiny.transcript, Rect::new(0, 0, 1, 1));
        assert!(tiny.status.is_none() && tiny.timeline.is_none());
        assert_eq!(Areas::new(0, 0, true).text_width(), 1);
    }
}
