//! How far a history supports the profile fitted to it, in figures and in words
//! (docs/import.md, "How sure a fit is").
//!
//! The volume model has a level per calendar month and one yearly trend. A calendar month seen
//! once fixes its level exactly, noise included; only a calendar month seen again says how far
//! the months stray from the model, and only it measures growth. So the figures are the months
//! recorded, whether growth was measured, how many years each season rests on, and the scatter of
//! the months around the fit once there are more months than the model has parameters.

use std::cmp::Ordering;
use std::fmt;

/// A scatter (in %) at or above which a fit is rated [`Rating::Low`] whatever its length: the
/// months stray a quarter from the model, so a season or a year's growth of that size cannot be
/// told from noise (docs/import.md).
pub const LOW_SCATTER: f64 = 25.0;

/// A scatter (in %) under which a fit of two years or more is rated [`Rating::High`]: on two
/// years each season is then known within some 7% and growth within some 4 points a year
/// (docs/import.md).
pub const HIGH_SCATTER: f64 = 10.0;

/// How many years every calendar month must be seen for a [`Rating::High`].
pub const HIGH_YEARS: u32 = 2;

/// The overall rating of a fit, worst first (docs/import.md, "How sure a fit is").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rating {
    /// Growth not measured (no calendar month seen twice: a year or less), or the months stray
    /// [`LOW_SCATTER`] or more from the fit.
    Low,
    /// Neither low nor high: growth measured, but some season rests on one year (or none), or
    /// the months stray [`HIGH_SCATTER`]% or more.
    Medium,
    /// Every calendar month seen in [`HIGH_YEARS`] years or more, and the months stray less than
    /// [`HIGH_SCATTER`]% from the fit.
    High,
}

impl Rating {
    /// The rating of a fit whose growth was `measured` or not, whose seasons rest on
    /// `season_years` years at least (over the calendar months seen), with `unseen` calendar
    /// months never seen and the months straying `scatter`% from the fit (none: not measurable).
    #[must_use]
    pub fn of(measured: bool, season_years: u32, unseen: u32, scatter: Option<f64>) -> Self {
        match scatter {
            _ if !measured => Self::Low,
            Some(s) if s >= LOW_SCATTER => Self::Low,
            Some(s) if s < HIGH_SCATTER && season_years >= HIGH_YEARS && unseen == 0 => Self::High,
            _ => Self::Medium,
        }
    }

    /// `low`, `medium` or `high`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
        }
    }
}

impl fmt::Display for Rating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How far one account's history supports its fitted profile (docs/import.md, "How sure a fit
/// is").
#[derive(Debug, Clone, PartialEq)]
pub struct Confidence {
    /// Months recorded.
    pub months: u32,
    /// Those with conversations: the months the volume is fitted to.
    pub with_conversations: u32,
    /// In how many years each calendar month (January first) was seen with conversations.
    pub years: [u32; 12],
    /// Whether growth was measured: some calendar month seen twice (13 months or more).
    /// Otherwise growth is 0 by construction.
    pub growth_measured: bool,
    /// How many years each season rests on: the fewest years any calendar month seen was seen in
    /// (0 without conversations).
    pub season_years: u32,
    /// How far the months stray from the fitted volume model, in %: `e^RMS − 1` of the residuals
    /// of `ln conversations`, the RMS over the months less the parameters fitted. None when not
    /// measurable: no more months than parameters (a year or less, or 13 months), where the fit
    /// is exact by construction.
    pub scatter: Option<f64>,
    /// Whether the season was shrunk toward flat ([`super::Season::Shrunk`]).
    pub shrunk: bool,
    /// The overall rating.
    pub rating: Rating,
}

impl Confidence {
    /// The confidence of a fit to `months` recorded months, each calendar month seen in
    /// `years[c]` of them with conversations, growth `measured` or not, the months straying
    /// `scatter`% from the fit, the season `shrunk` or not.
    #[must_use]
    pub fn of(months: u32, years: [u32; 12], measured: bool, scatter: Option<f64>, shrunk: bool) -> Self {
        let season_years = years.iter().copied().filter(|&y| y > 0).min().unwrap_or(0);
        let unseen = count(&years, |y| y == 0);
        Self {
            months,
            with_conversations: years.iter().sum(),
            years,
            growth_measured: measured,
            season_years,
            scatter,
            shrunk,
            rating: Rating::of(measured, season_years, unseen, scatter),
        }
    }

    /// Calendar months never seen with conversations (their multiplier is the average).
    #[must_use]
    pub fn unseen(&self) -> u32 {
        count(&self.years, |y| y == 0)
    }

    /// Whether the season rests on one year or less: no calendar month seen twice, though some
    /// month has conversations (the case `--season shrunk` is for).
    #[must_use]
    pub fn rests_on_one_year(&self) -> bool {
        !self.growth_measured && self.with_conversations > 0
    }

    /// Weakest first: by rating; then growth not measured before measured; then the larger
    /// scatter first (not measurable first of all); then fewer months with conversations first.
    #[must_use]
    pub fn cmp_weakest_first(&self, other: &Self) -> Ordering {
        let scatter = |c: &Self| c.scatter.unwrap_or(f64::INFINITY);
        self.rating
            .cmp(&other.rating)
            .then(self.growth_measured.cmp(&other.growth_measured))
            .then(scatter(other).total_cmp(&scatter(self)))
            .then(self.with_conversations.cmp(&other.with_conversations))
    }

    /// The confidence in words, for a person: `high: 36 months, seasons repeat within ±4.1%,
    /// growth measured`.
    #[must_use]
    pub fn words(&self) -> String {
        let rating = self.rating;
        let n = self.with_conversations;
        if n == 0 {
            return format!(
                "{rating}: no conversations in {}, so there is nothing to fit",
                plural(self.months, "month")
            );
        }
        let (span, history) = if n == self.months {
            (plural(n, "month"), format!("{} of history", plural(n, "month")))
        } else {
            let span = format!("{n} of {} with conversations", plural(self.months, "month"));
            (span.clone(), span)
        };
        let unseen = self.unseen();
        if !self.growth_measured {
            let history = if self.months == 12 && n == 12 {
                "one year of history (each month seen once)".to_owned()
            } else if unseen == 0 {
                format!("{history}, each calendar month seen once")
            } else {
                format!("{history} ({} never seen, set to the average)", plural(unseen, "calendar month"))
            };
            let shrunk = if self.shrunk { "; the season is shrunk halfway to flat" } else { "" };
            return format!(
                "{rating}: {history}, so a season cannot be told from noise and growth is not measured{shrunk}"
            );
        }
        let once = count(&self.years, |y| y == 1);
        let more = 12 - once - unseen;
        match self.scatter {
            Some(s) if rating == Rating::High => {
                format!("{rating}: {span}, seasons repeat within {}, growth measured", plus_minus(s))
            }
            Some(s) if s >= LOW_SCATTER => format!(
                "{rating}: {span}, growth measured, but the months stray {} from the fit, so a season cannot be told from noise",
                plus_minus(s)
            ),
            Some(s) if once == 0 && unseen == 0 => {
                format!("{rating}: {span}, growth measured, but seasons repeat only within {}", plus_minus(s))
            }
            scatter => {
                let mut words = format!(
                    "{rating}: {span}, growth measured from {} seen twice or more",
                    plural(more, "calendar month")
                );
                if once > 0 {
                    words.push_str(&format!(", {once} seen once"));
                }
                if unseen > 0 {
                    words.push_str(&format!(", {unseen} never (set to the average)"));
                }
                match scatter {
                    Some(s) => words.push_str(&format!("; the months stray {} from the fit", plus_minus(s))),
                    None => words.push_str("; the scatter is not measurable yet"),
                }
                words
            }
        }
    }
}

fn count(years: &[u32; 12], which: impl Fn(u32) -> bool) -> u32 {
    years.iter().fold(0, |n, &y| n + u32::from(which(y)))
}

/// `1 month`, `3 months`.
fn plural(n: u32, what: &str) -> String {
    if n == 1 { format!("1 {what}") } else { format!("{n} {what}s") }
}

/// A scatter in words, never rounded across a rating's threshold: `±4.1%` (tenths, cut) under
/// 10%, `±14%` (whole, cut) from 10%; at least `±0.1%`.
fn plus_minus(scatter: f64) -> String {
    if scatter < 10.0 {
        format!("±{:.1}%", ((scatter * 10.0).floor() / 10.0).max(0.1))
    } else {
        format!("±{:.0}%", scatter.floor())
    }
}

/// The scatter of `points` (calendar month, years since the start, ln conversations) around the
/// volume model: each calendar month's mean `t_mean` and `y_mean`, the trend `beta`; `years` the
/// months seen per calendar month. As [`Confidence::scatter`].
#[allow(clippy::cast_precision_loss)] // at most 600 months
pub(super) fn scatter(
    points: &[(usize, f64, f64)],
    years: &[u32; 12],
    t_mean: &[f64; 12],
    y_mean: &[f64; 12],
    beta: f64,
    measured: bool,
) -> Option<f64> {
    // The parameters: a level per calendar month seen, and the trend.
    let parameters = years.iter().filter(|&&y| y > 0).count() + 1;
    let freedom = points.len().checked_sub(parameters).filter(|&f| f > 0 && measured)?;
    let residuals: f64 =
        points.iter().map(|&(c, t, y)| ((y - y_mean[c]) - beta * (t - t_mean[c])).powi(2)).sum::<f64>();
    Some(100.0 * ((residuals / freedom as f64).sqrt().exp() - 1.0))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{known, recorded};
    use super::super::{Season, fit_with};
    use super::*;
    use crate::model::{RecordedMonth, YearMonth};
    use rust_decimal::Decimal;

    fn confidence(usage: &[RecordedMonth]) -> Confidence {
        fit_with("Known", YearMonth::new(2024, 3).unwrap(), usage, Decimal::ZERO, Season::AsRecorded).confidence
    }

    #[test]
    fn each_ratings_boundary() {
        // Growth measured or not: a calendar month seen twice.
        assert_eq!(Rating::of(false, 1, 0, None), Rating::Low);
        assert_eq!(Rating::of(true, 1, 0, None), Rating::Medium);
        // High: every calendar month in two years, and a scatter under 10%.
        assert_eq!(Rating::of(true, 2, 0, Some(9.999)), Rating::High);
        assert_eq!(Rating::of(true, 2, 0, Some(10.0)), Rating::Medium);
        assert_eq!(Rating::of(true, 1, 0, Some(1.0)), Rating::Medium);
        assert_eq!(Rating::of(true, 3, 1, Some(1.0)), Rating::Medium, "a calendar month never seen");
        // Low again from a scatter of 25%.
        assert_eq!(Rating::of(true, 2, 0, Some(24.999)), Rating::Medium);
        assert_eq!(Rating::of(true, 2, 0, Some(25.0)), Rating::Low);
        assert_eq!(Rating::of(true, 5, 0, Some(40.0)), Rating::Low);
    }

    #[test]
    fn the_months_recorded_set_the_rating_of_noise_free_usage() {
        let start = YearMonth::new(2024, 3).unwrap();
        let usage = recorded(&known(), start, 36);
        let rated = |months: usize| confidence(&usage[..months]);
        for (months, rating) in [(12, Rating::Low), (13, Rating::Medium), (23, Rating::Medium), (24, Rating::High)] {
            assert_eq!(rated(months).rating, rating, "{months} months: {:?}", rated(months));
        }
        let year = rated(12);
        assert_eq!((year.months, year.season_years, year.growth_measured, year.scatter), (12, 1, false, None));
        assert_eq!(
            year.words(),
            "low: one year of history (each month seen once), so a season cannot be told from noise and growth is not measured"
        );
        // 13 months: the month seen twice fixes the growth, the fit is still exact.
        let thirteen = rated(13);
        assert!(thirteen.growth_measured && thirteen.scatter.is_none(), "{thirteen:?}");
        assert_eq!(
            thirteen.words(),
            "medium: 13 months, growth measured from 1 calendar month seen twice or more, 11 seen once; the scatter is not measurable yet"
        );
        let two = rated(24);
        assert_eq!(two.season_years, 2);
        assert!(two.scatter.is_some_and(|s| s < 0.1), "{two:?}");
        assert_eq!(two.words(), "high: 24 months, seasons repeat within ±0.1%, growth measured");
        let three = rated(36);
        assert_eq!((three.months, three.season_years, three.rating), (36, 3, Rating::High));
    }

    #[test]
    fn the_scatter_measures_the_noise_of_a_seeded_series() {
        use rand::SeedableRng as _;
        use rand_distr::{Distribution as _, StandardNormal};
        let start = YearMonth::new(2024, 3).unwrap();
        let sigma = 0.06_f64;
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(26);
        let noisy: Vec<RecordedMonth> = recorded(&known(), start, 36)
            .iter()
            .map(|u| {
                let z: f64 = StandardNormal.sample(&mut rng);
                #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let conversations = (u.conversations as f64 * (sigma * z).exp()).round() as u64;
                RecordedMonth { conversations, ..*u }
            })
            .collect();
        let c = confidence(&noisy);
        let truth = 100.0 * (sigma.exp() - 1.0); // 6.18%
        let scatter = c.scatter.unwrap();
        // 36 months, 13 parameters: the estimate's own spread is about a seventh of it.
        assert!((scatter - truth).abs() < truth * 0.2, "scatter {scatter}%, noise {truth}%");
        assert_eq!(c.rating, Rating::High);
        assert!(c.words().starts_with("high: 36 months, seasons repeat within ±"), "{}", c.words());
        // Three times the noise: medium; five times: low.
        for (times, rating) in [(3.0, Rating::Medium), (5.0, Rating::Low)] {
            let louder: Vec<RecordedMonth> = recorded(&known(), start, 36)
                .iter()
                .zip(&noisy)
                .map(|(clean, noisy)| {
                    #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                    let conversations = (clean.conversations as f64
                        * (noisy.conversations as f64 / clean.conversations as f64).powf(times))
                    .round() as u64;
                    RecordedMonth { conversations, ..*clean }
                })
                .collect();
            let c = confidence(&louder);
            assert_eq!(c.rating, rating, "{times} × the noise: {c:?}");
        }
    }

    #[test]
    fn words_for_short_noisy_and_empty_histories() {
        let start = YearMonth::new(2024, 3).unwrap();
        let usage = recorded(&known(), start, 8);
        assert_eq!(
            confidence(&usage).words(),
            "low: 8 months of history (4 calendar months never seen, set to the average), so a season cannot be told from noise and growth is not measured"
        );
        let shrunk = fit_with("Known", start, &usage, Decimal::ZERO, Season::Shrunk).confidence;
        assert!(shrunk.words().ends_with("; the season is shrunk halfway to flat"), "{}", shrunk.words());
        let quiet = confidence(&[RecordedMonth::default(); 6]);
        assert_eq!(quiet.rating, Rating::Low);
        assert!(!quiet.rests_on_one_year());
        assert_eq!(quiet.words(), "low: no conversations in 6 months, so there is nothing to fit");
        // A scatter of 14% on three years; of 31%.
        let medium = Confidence::of(36, [3; 12], true, Some(14.2), false);
        assert_eq!(medium.words(), "medium: 36 months, growth measured, but seasons repeat only within ±14%");
        let low = Confidence::of(36, [3; 12], true, Some(31.0), false);
        assert_eq!(
            low.words(),
            "low: 36 months, growth measured, but the months stray ±31% from the fit, so a season cannot be told from noise"
        );
        // Never rounded across a threshold.
        assert_eq!(plus_minus(9.96), "±9.9%");
        assert_eq!(plus_minus(24.9), "±24%");
        assert_eq!(plus_minus(0.0), "±0.1%");
    }

    #[test]
    fn the_weakest_come_first() {
        let high = Confidence::of(24, [2; 12], true, Some(3.0), false);
        let noisy_high = Confidence::of(24, [2; 12], true, Some(9.0), false);
        let medium = Confidence::of(13, [2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], true, None, false);
        let year = Confidence::of(12, [1; 12], false, None, false);
        let months = Confidence::of(3, [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0], false, None, false);
        let mut all = [&high, &year, &noisy_high, &medium, &months];
        all.sort_by(|a, b| a.cmp_weakest_first(b));
        assert_eq!(all, [&months, &year, &medium, &noisy_high, &high]);
    }
}
