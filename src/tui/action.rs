//! Every user intent as one value: keys, mouse and signals all become an
//! [`Action`], and `update` is the only thing that acts on them.

/// What the user (or the terminal) asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Quit,
    /// Scroll by this many rows (negative: up).
    ScrollRows(isize),
    /// Scroll by this many half pages.
    ScrollHalfPages(isize),
    /// Scroll by this many pages.
    ScrollPages(isize),
    Top,
    Bottom,
    NextSegment,
    PreviousSegment,
    NextSpeaker,
    PreviousSpeaker,
    ToggleSidebar,
    ToggleHelp,
    /// Esc: close whatever is open.
    Close,
    /// The terminal is now this many columns and rows.
    Resize(u16, u16),
    /// A click at this column and row of the terminal.
    Click(u16, u16),
    /// Ctrl-z: give the terminal back and stop until `fg`.
    Suspend,
}

/// What `update` asks the event loop to do: the only way state reaches the
/// outside world.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Quit,
    Suspend,
}

/// The effects of one update, in order.
pub type Effects = Vec<Effect>;
