//! Calendar dates as the command line takes them and metadata holds them.

/// `YYYY-MM-DD` (also the start of an ISO date-time), `YYYY-MM` or `YYYY`
/// as `YYYY-MM-DD` (a missing month or day is the first); `None` for
/// anything else.
pub fn normalize_date(text: &str) -> Option<String> {
    let text = text.trim();
    // A date-time: the date before its `T` (or space).
    let date = match text.get(10..11) {
        Some("T" | " ") => &text[..10],
        _ => text,
    };
    let mut parts = date.split('-');
    let year = number(parts.next()?, 4, 0..=9999)?;
    let month = parts.next().map_or(Some(1), |m| number(m, 2, 1..=12))?;
    let day = parts.next().map_or(Some(1), |d| number(d, 2, 1..=31))?;
    if parts.next().is_some() {
        return None;
    }
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

/// `text` as a number of exactly `digits` ASCII digits within `range`.
fn number(text: &str, digits: usize, range: std::ops::RangeInclusive<u32>) -> Option<u32> {
    if text.len() != digits || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok().filter(|n| range.contains(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_normalized_or_refused() {
        assert_eq!(normalize_date("2024-03-07").as_deref(), Some("2024-03-07"));
        assert_eq!(normalize_date("2024-03").as_deref(), Some("2024-03-01"));
        assert_eq!(normalize_date("2024").as_deref(), Some("2024-01-01"));
        assert_eq!(
            normalize_date("2024-03-07T10:00:00Z").as_deref(),
            Some("2024-03-07")
        );
        for bad in [
            "",
            "24-03-07",
            "2024-13-01",
            "2024-3-7",
            "yesterday",
            "2024-03-07-1",
        ] {
            assert_eq!(normalize_date(bad), None, "{bad}");
        }
    }
}
