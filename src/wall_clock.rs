//! Wall-clock instants as text: RFC 3339 for what users read (a bookmark's
//! `created`), a compact form for file names (a file set aside). Its own
//! module because both the stores and the owned-file discipline need it.

use std::time::{SystemTime, UNIX_EPOCH};

/// Formats an instant as RFC 3339 in UTC to the second:
/// `2026-11-26T10:00:00Z`. Instants before 1970 work too.
pub fn format_rfc3339(t: SystemTime) -> String {
    let (days, secs) = days_and_seconds(t);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// The same instant, compact enough for a file name: `20261126T100000Z`.
pub fn compact_timestamp(t: SystemTime) -> String {
    format_rfc3339(t).replace(['-', ':'], "")
}

/// Whole days since 1970-01-01 and seconds into that day (0..86400).
fn days_and_seconds(t: SystemTime) -> (i64, i64) {
    let seconds = match t.duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
        // Round down, so 0.5 s before the epoch is 23:59:59 the day before.
        Err(before) => {
            let d = before.duration();
            let whole = i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
            -whole - i64::from(d.subsec_nanos() > 0)
        }
    };
    (seconds.div_euclid(86_400), seconds.rem_euclid(86_400))
}

/// Days since 1970-01-01 to a proleptic Gregorian (year, month, day), after
/// Howard Hinnant's `civil_from_days`: eras of 400 years starting in March,
/// so the leap day is the last day of a year.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let march_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * march_month + 2) / 5 + 1;
    let month = if march_month < 10 {
        march_month + 3
    } else {
        march_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    // Both are in range by construction (1..=31, 1..=12).
    (year, month as u32, day as u32)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn at(seconds: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(seconds)
    }

    #[test]
    fn rfc3339_on_known_instants() {
        assert_eq!(format_rfc3339(at(0)), "1970-01-01T00:00:00Z");
        assert_eq!(format_rfc3339(at(951_782_400)), "2000-02-29T00:00:00Z");
        assert_eq!(format_rfc3339(at(1_795_687_200)), "2026-11-26T10:00:00Z");
        assert_eq!(format_rfc3339(at(1_798_761_599)), "2026-12-31T23:59:59Z");
        assert_eq!(format_rfc3339(at(4_107_542_400)), "2100-03-01T00:00:00Z");
        // Sub-second parts are dropped, not rounded.
        let almost = at(59) + Duration::from_millis(999);
        assert_eq!(format_rfc3339(almost), "1970-01-01T00:00:59Z");
    }

    #[test]
    fn rfc3339_before_the_epoch() {
        let before = UNIX_EPOCH - Duration::from_secs(1);
        assert_eq!(format_rfc3339(before), "1969-12-31T23:59:59Z");
        let half = UNIX_EPOCH - Duration::from_millis(500);
        assert_eq!(format_rfc3339(half), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn compact_timestamp_fits_a_file_name() {
        assert_eq!(compact_timestamp(at(1_795_687_200)), "20261126T100000Z");
    }
}
