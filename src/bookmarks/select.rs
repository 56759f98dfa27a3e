//! Which bookmarks `earmark bookmarks export` exports: `--episode PATTERN`
//! and `--since DATE`.

use super::Bookmark;
use crate::date::normalize_date;

/// What to export; the default takes every bookmark.
#[derive(Debug, Clone, Default)]
pub struct BookmarkSelection {
    /// Smart case: lower-cased unless it holds an upper-case letter.
    pub episode: Option<String>,
    /// `YYYY-MM-DD`: bookmarks made on or after it.
    pub since: Option<String>,
}

impl BookmarkSelection {
    /// The bookmarks selected, in their order.
    pub fn apply(&self, bookmarks: &[Bookmark]) -> Vec<Bookmark> {
        let taken = bookmarks.iter().filter(|b| self.takes(b));
        taken.cloned().collect()
    }

    fn takes(&self, bookmark: &Bookmark) -> bool {
        self.episode_matches(bookmark) && self.recent_enough(bookmark)
    }

    /// The pattern is in the episode's title, file path or id.
    fn episode_matches(&self, b: &Bookmark) -> bool {
        let Some(pattern) = self.episode.as_deref() else {
            return true;
        };
        let exact = pattern.chars().any(char::is_uppercase);
        let holds = |field: &str| {
            if exact {
                field.contains(pattern)
            } else {
                field.to_lowercase().contains(pattern)
            }
        };
        let fields = [
            Some(b.title.as_str()),
            b.path.as_deref(),
            Some(b.episode.as_str()),
        ];
        fields.into_iter().flatten().any(holds)
    }

    /// Made on or after `since` (a bookmark with no readable date is not).
    fn recent_enough(&self, b: &Bookmark) -> bool {
        let Some(since) = self.since.as_deref() else {
            return true;
        };
        normalize_date(&b.created).is_some_and(|made| made.as_str() >= since)
    }
}

/// A selection from the command line's values.
pub fn selection(episode: Option<&str>, since: Option<&str>) -> BookmarkSelection {
    let episode = episode.map(|pattern| {
        if pattern.chars().any(char::is_uppercase) {
            pattern.to_string()
        } else {
            pattern.to_lowercase()
        }
    });
    BookmarkSelection {
        episode,
        since: since.map(str::to_string),
    }
}
