//! The calendar month (in UTC) of an event's timestamp: RFC 3339, read strictly, or a date
//! (docs/import.md, "`pricelab import`": Events).

use crate::model::YearMonth;
use jiff::SignedDuration;
use jiff::civil::{Date, Time};

/// Why a timestamp gives no month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TimestampError {
    /// Not RFC 3339 and not a date.
    #[error(
        "is neither RFC 3339 (2024-03-05T14:30:00Z, or with an offset from -23:59 to +23:59 like +01:00) nor a date (2024-03-05)"
    )]
    Malformed,
    /// A second of 60 that is not the last second of a day in UTC.
    #[error("has second 60, which only a leap second at 23:59:60 UTC has")]
    LeapSecond,
    /// In UTC, before January of year 0.
    #[error("falls before 0000-01 in UTC, the first month there is")]
    BeforeFirst,
    /// In UTC, after December 9999.
    #[error("falls after 9999-12 in UTC, the last month there is")]
    AfterLast,
}

/// The UTC calendar month of an RFC 3339 timestamp (`T`, `t` or a space between date and time,
/// a fraction of a second of any length, `Z`, `z` or an offset `±hh:mm`) or a `YYYY-MM-DD` date.
/// Every part is checked: the day exists in its month, hours 00–23, minutes 00–59, seconds 00–59
/// (60 at 23:59 UTC, a leap second), offset hours 00–23 and minutes 00–59.
///
/// # Errors
/// What is wrong with it (the text itself is not repeated).
///
/// # Example
/// ```
/// use pricelab::io::import::event_month;
/// assert_eq!(event_month("2024-03-31T23:30:00-01:00").unwrap().to_string(), "2024-04");
/// assert!(event_month("2024-03-05T10:00:00+24:00").is_err());
/// ```
pub fn event_month(text: &str) -> Result<YearMonth, TimestampError> {
    use TimestampError::Malformed;
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Result<u32, TimestampError> {
        let s = b.get(r).ok_or(Malformed)?;
        if !s.iter().all(u8::is_ascii_digit) {
            return Err(Malformed);
        }
        Ok(s.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    };
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return Err(Malformed);
    }
    // The calendar (days in each month, leap years) is jiff's.
    let narrow = |n: u32| i8::try_from(n).map_err(|_| Malformed);
    let date =
        Date::new(i16::try_from(year).map_err(|_| Malformed)?, narrow(month)?, narrow(day)?).map_err(|_| Malformed)?;
    if b.len() == 10 {
        return month_of(date.year(), date.month());
    }
    // `T` (or a space), hh:mm:ss, an optional fraction, then `Z` or ±hh:mm.
    if !matches!(b.get(10), Some(b'T' | b't' | b' ')) || b.get(13) != Some(&b':') || b.get(16) != Some(&b':') {
        return Err(Malformed);
    }
    let (hour, minute, second) = (digits(11..13)?, digits(14..16)?, digits(17..19)?);
    if hour > 23 || minute > 59 || second > 60 {
        return Err(Malformed);
    }
    let mut rest = b.get(19..).ok_or(Malformed)?;
    if rest.first() == Some(&b'.') {
        let n = rest.iter().skip(1).take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return Err(Malformed);
        }
        rest = rest.get(1 + n..).ok_or(Malformed)?;
    }
    let offset = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let two = |a: u8, b: u8| -> Result<i64, TimestampError> {
                if a.is_ascii_digit() && b.is_ascii_digit() {
                    Ok(i64::from(a - b'0') * 10 + i64::from(b - b'0'))
                } else {
                    Err(Malformed)
                }
            };
            let (hours, minutes) = (two(*h1, *h2)?, two(*m1, *m2)?);
            if hours > 23 || minutes > 59 {
                return Err(Malformed);
            }
            let minutes = hours * 60 + minutes;
            if *sign == b'-' { -minutes } else { minutes }
        }
        _ => return Err(Malformed),
    };
    // A leap second is the last second of a day in UTC, whatever offset it is written with.
    let minutes = i64::from(hour) * 60 + i64::from(minute) - offset;
    if second == 60 && minutes.rem_euclid(24 * 60) != 23 * 60 + 59 {
        return Err(TimestampError::LeapSecond);
    }
    // Local time minus the offset is UTC (jiff knows no leap second: :60 counts as :59, in the
    // same minute). Past 9999-12-31 is the only way out of jiff's range.
    let time = Time::new(narrow(hour)?, narrow(minute)?, narrow(second.min(59))?, 0).map_err(|_| Malformed)?;
    let utc =
        date.to_datetime(time).checked_sub(SignedDuration::from_mins(offset)).map_err(|_| TimestampError::AfterLast)?;
    month_of(utc.year(), utc.month())
}

/// The month of a year and month in jiff's range (-9999 to 9999): before year 0 is out of ours.
fn month_of(year: i16, month: i8) -> Result<YearMonth, TimestampError> {
    let year = u16::try_from(year).map_err(|_| TimestampError::BeforeFirst)?;
    YearMonth::new(year, u8::try_from(month).map_err(|_| TimestampError::Malformed)?).ok_or(TimestampError::AfterLast)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Option<String> {
        event_month(s).ok().map(|m| m.to_string())
    }

    #[test]
    fn an_events_month_is_its_utc_month() {
        assert_eq!(m("2024-03-05"), Some("2024-03".into()));
        assert_eq!(m("2024-03-31T23:30:00Z"), Some("2024-03".into()));
        assert_eq!(m("2024-03-31T23:30:00-01:00"), Some("2024-04".into()), "00:30 UTC on April 1st");
        assert_eq!(m("2024-04-01T00:30:00+02:00"), Some("2024-03".into()), "22:30 UTC on March 31st");
        assert_eq!(m("2024-01-01T00:00:00.123456+00:30"), Some("2023-12".into()));
        assert_eq!(m("2024-02-29T12:00:00Z"), Some("2024-02".into()));
        assert_eq!(m("2024-12-31T23:00:00-05:00"), Some("2025-01".into()));
        assert_eq!(m("2024-12-31t23:00:00z"), Some("2024-12".into()));
        assert_eq!(m("2024-06-30 12:00:00+23:59"), Some("2024-06".into()));
        for bad in ["2023-02-29", "2024-13-01", "03/05/2024", "2024-03-05T25:00:00Z", "2024-03-05T10:00:00", "2024-03"]
        {
            assert_eq!(event_month(bad), Err(TimestampError::Malformed), "{bad}");
        }
    }

    /// Found by the hostile-input review (issue 23): offsets and seconds out of range were
    /// accepted and moved events to another month.
    #[test]
    fn every_part_of_a_timestamp_is_in_its_range() {
        for bad in [
            "2024-01-31T23:00:00+99:00",
            "2024-01-31T23:00:00+24:00",
            "2024-01-31T23:00:00-24:00",
            "2024-01-31T23:00:00+01:60",
            "2024-01-31T23:00:99Z",
            "2024-01-31T23:00:61Z",
            "2024-01-31T23:60:00Z",
            "2024-01-31T24:00:00Z",
            "2024-01-31T23:00:00.Z",
            "2024-01-31T23:00:00+0100",
            "2024-01-31T23:00:00+01:00:00",
            "2024-01-31T23:00:00 Z",
            "2024-01-31T23:00Z",
            "+024-01-31",
            "2024-01-31T23:00:00ZZ",
        ] {
            assert_eq!(event_month(bad), Err(TimestampError::Malformed), "{bad}");
        }
        // A leap second is a second of 23:59 UTC, whatever the offset it is written with.
        assert_eq!(m("2016-12-31T23:59:60Z"), Some("2016-12".into()));
        assert_eq!(m("2017-01-01T00:59:60+01:00"), Some("2016-12".into()));
        assert_eq!(event_month("2016-12-31T12:00:60Z"), Err(TimestampError::LeapSecond));
    }

    #[test]
    fn no_month_before_year_0_or_after_9999() {
        assert_eq!(event_month("9999-12-31T23:30:00-01:00"), Err(TimestampError::AfterLast));
        assert_eq!(m("9999-12-31T23:30:00Z"), Some("9999-12".into()));
        assert_eq!(event_month("0000-01-01T00:30:00+01:00"), Err(TimestampError::BeforeFirst));
        assert_eq!(m("0000-01-01T00:30:00Z"), Some("0000-01".into()));
    }
}
