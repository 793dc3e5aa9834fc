//! The clock: today's date and month, and moments written as dates (UTC), through `jiff`.
//!
//! Every "today" of the program comes from [`today`]: a new scenario's first month, a quote's
//! preparation date and its first month. `SOURCE_DATE_EPOCH` (seconds since 1970, the
//! reproducible-builds convention) stands for the clock when it is set, so a document made
//! twice from the same inputs is the same file.

use crate::model::YearMonth;
use jiff::Timestamp;

/// Today in UTC: the date as `YYYY-MM-DD` and its calendar month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Today {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The calendar month of [`Today::date`].
    pub month: YearMonth,
}

/// Today in UTC, from `SOURCE_DATE_EPOCH` when it is set, else from the system clock.
#[must_use]
pub fn today() -> Today {
    let secs = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse::<u64>().ok()).unwrap_or_else(now);
    let date: String = utc_text(secs).chars().take(10).collect();
    let month = date.get(..7).and_then(|m| m.parse::<YearMonth>().ok()).unwrap_or(YearMonth::MIN);
    Today { date, month }
}

/// Seconds since 1970 by the system clock (0 if it is set before 1970).
#[must_use]
pub fn now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// Seconds since 1970 as `YYYY-MM-DD hh:mm UTC` (a moment past the year 9999 reads as 1970).
///
/// ```
/// assert_eq!(pricelab::io::clock::utc_text(1_764_597_900), "2025-12-01 14:05 UTC");
/// ```
#[must_use]
pub fn utc_text(secs: u64) -> String {
    let moment = i64::try_from(secs).ok().and_then(|s| Timestamp::from_second(s).ok()).unwrap_or(Timestamp::UNIX_EPOCH);
    moment.strftime("%Y-%m-%d %H:%M UTC").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_text_counts_days_from_1970() {
        assert_eq!(utc_text(0), "1970-01-01 00:00 UTC");
        assert_eq!(utc_text(951_782_400), "2000-02-29 00:00 UTC");
        assert_eq!(utc_text(1_798_761_599), "2026-12-31 23:59 UTC");
    }
}
