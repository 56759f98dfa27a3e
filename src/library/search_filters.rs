//! What narrows `earmark search` beyond the pattern: a speaker, a span of
//! publish dates, a most matches per file (docs/usage.md).

use crate::date::normalize_date;
use crate::episode::Episode;

/// The filters of one search; the default lets everything through.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Lower-cased unless it holds an upper-case letter (smart case).
    speaker: Option<String>,
    /// Inclusive bounds, `YYYY-MM-DD`.
    since: Option<String>,
    until: Option<String>,
    /// At most this many matching segments per file.
    pub max_count: Option<usize>,
}

/// Whether an episode's date lets it through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateVerdict {
    Inside,
    Outside,
    /// A date was asked for and the episode states none.
    Undated,
}

/// Metadata keys that hold an episode's publish date, first found wins.
pub(crate) const DATE_KEYS: [&str; 4] = ["publish_date", "date", "published", "pubDate"];

impl Filters {
    /// Filters from the command line's values (dates already normalized).
    pub fn new(
        speaker: Option<&str>,
        since: Option<&str>,
        until: Option<&str>,
        max_count: Option<usize>,
    ) -> Filters {
        let speaker = speaker.map(|name| {
            if name.chars().any(char::is_uppercase) {
                name.to_string()
            } else {
                name.to_lowercase()
            }
        });
        Filters {
            speaker,
            since: since.map(str::to_string),
            until: until.map(str::to_string),
            max_count,
        }
    }

    /// Whether these filters let everything through.
    pub fn is_empty(&self) -> bool {
        self.speaker.is_none()
            && self.since.is_none()
            && self.until.is_none()
            && self.max_count.is_none()
    }

    /// Whether a segment by `speaker` may be shown.
    pub fn speaker_matches(&self, speaker: Option<&str>) -> bool {
        let Some(wanted) = &self.speaker else {
            return true;
        };
        let Some(name) = speaker else {
            return false;
        };
        if wanted.chars().any(char::is_uppercase) {
            name.contains(wanted.as_str())
        } else {
            name.to_lowercase().contains(wanted.as_str())
        }
    }

    /// Whether `episode`'s publish date is within `--since`/`--until`.
    pub fn date_verdict(&self, episode: &Episode) -> DateVerdict {
        if self.since.is_none() && self.until.is_none() {
            return DateVerdict::Inside;
        }
        let Some(date) = publish_date(episode) else {
            return DateVerdict::Undated;
        };
        let after_since = self.since.as_deref().is_none_or(|s| date.as_str() >= s);
        let before_until = self.until.as_deref().is_none_or(|u| date.as_str() <= u);
        if after_since && before_until {
            DateVerdict::Inside
        } else {
            DateVerdict::Outside
        }
    }
}

/// The episode's publish date as `YYYY-MM-DD`, from its metadata.
pub fn publish_date(episode: &Episode) -> Option<String> {
    DATE_KEYS
        .iter()
        .find_map(|key| episode.meta_str(key).and_then(normalize_date))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speaker_is_smart_case_substring() {
        let lower = Filters::new(Some("lenny"), None, None, None);
        assert!(lower.speaker_matches(Some("Lenny Rachitsky")));
        assert!(!lower.speaker_matches(Some("Annie Duke")));
        assert!(!lower.speaker_matches(None));
        let exact = Filters::new(Some("Lenny"), None, None, None);
        assert!(!exact.speaker_matches(Some("lenny r")));
        assert!(Filters::default().speaker_matches(None));
    }
}
