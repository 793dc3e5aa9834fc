//! Calendar months written `"YYYY-MM"`.

use serde::{Deserialize, Deserializer, Serialize, Serializer, de};
use std::fmt;
use std::str::FromStr;

/// A calendar month, such as 2024-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    year: u16,
    /// 1..=12
    month: u8,
}

impl YearMonth {
    /// January of year 0.
    pub const MIN: Self = Self { year: 0, month: 1 };
    /// December of year 9999: the last month written `YYYY-MM`.
    pub const LAST: Self = Self { year: 9999, month: 12 };

    /// The month `month` (1..=12) of `year` (0..=9999), or `None` when either is out of range.
    ///
    /// # Example
    /// ```
    /// use pricelab::model::YearMonth;
    /// assert_eq!(YearMonth::new(2024, 1).unwrap().to_string(), "2024-01");
    /// assert!(YearMonth::new(2024, 13).is_none());
    /// ```
    #[must_use]
    pub fn new(year: u16, month: u8) -> Option<Self> {
        (year <= 9999 && (1..=12).contains(&month)).then_some(Self { year, month })
    }

    /// The year.
    #[must_use]
    pub fn year(self) -> u16 {
        self.year
    }

    /// The month of the year, 1 for January to 12 for December.
    #[must_use]
    pub fn month(self) -> u8 {
        self.month
    }

    /// The index of the month in the year, 0 for January to 11 for December.
    #[must_use]
    pub fn month_index(self) -> usize {
        usize::from(self.month - 1)
    }

    /// The month `offset` months after this one (years past 9999 keep counting).
    ///
    /// # Example
    /// ```
    /// use pricelab::model::YearMonth;
    /// let start = YearMonth::new(2024, 11).unwrap();
    /// assert_eq!(start.plus(3).to_string(), "2025-02");
    /// ```
    #[must_use]
    pub fn plus(self, offset: u32) -> Self {
        let index = u32::from(self.year) * 12 + u32::from(self.month - 1) + offset;
        Self {
            year: u16::try_from(index / 12).unwrap_or(u16::MAX),
            // `index % 12` is below 12.
            month: u8::try_from(index % 12).unwrap_or(11) + 1,
        }
    }
}

impl YearMonth {
    /// How many months this one comes after `start` (`None` when it comes before).
    ///
    /// # Example
    /// ```
    /// use pricelab::model::YearMonth;
    /// let start = YearMonth::new(2024, 11).unwrap();
    /// assert_eq!(YearMonth::new(2025, 2).unwrap().months_since(start), Some(3));
    /// assert_eq!(start.months_since(YearMonth::new(2025, 2).unwrap()), None);
    /// ```
    #[must_use]
    pub fn months_since(self, start: Self) -> Option<u32> {
        let index = |m: Self| u32::from(m.year) * 12 + u32::from(m.month - 1);
        index(self).checked_sub(index(start))
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Why a text is not a `"YYYY-MM"` month.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a month: write it as \"YYYY-MM\", like \"2024-01\"")]
pub struct ParseMonthError(String);

impl FromStr for YearMonth {
    type Err = ParseMonthError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || ParseMonthError(s.to_owned());
        let (y, m) = s.split_once('-').ok_or_else(err)?;
        if y.len() != 4 || m.len() != 2 || !y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let year = y.parse().map_err(|_| err())?;
        let month = m.parse().map_err(|_| err())?;
        Self::new(year, month).ok_or_else(err)
    }
}

impl Serialize for YearMonth {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for YearMonth {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = YearMonth;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a month as a string, like \"2024-01\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<YearMonth, E> {
                v.parse().map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        let m: YearMonth = "2024-07".parse().unwrap();
        assert_eq!((m.year(), m.month(), m.month_index()), (2024, 7, 6));
        assert_eq!(m.to_string(), "2024-07");
        for bad in ["2024-7", "2024-00", "2024-13", "24-01", "2024/01", "", "abcd-ef", "2024-01-01"] {
            assert!(bad.parse::<YearMonth>().is_err(), "{bad}");
        }
    }

    #[test]
    fn plus_crosses_years() {
        let m = YearMonth::new(2024, 12).unwrap();
        assert_eq!(m.plus(0), m);
        assert_eq!(m.plus(1).to_string(), "2025-01");
        assert_eq!(m.plus(25).to_string(), "2027-01");
    }
}
