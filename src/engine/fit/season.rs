//! The season of a history without a calendar month seen twice, as recorded or shrunk toward
//! flat (docs/import.md, "Shrinking a one-year season").
//!
//! With each calendar month seen once, a multiplier is that one month's volume over the year's
//! average: the season, that month's noise and the year's growth in one figure, and the
//! projection repeats it every year. [`Season::Shrunk`] keeps half of it, in log space.

/// How the season of a history without a calendar month seen twice (at most a year of months
/// with conversations) is taken. A longer history's season is always as recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Season {
    /// Each calendar month's level as recorded (exact on the year recorded, its noise included).
    #[default]
    AsRecorded,
    /// Each multiplier pulled toward 1.0 in log space by [`SHRINK_WEIGHT`], the twelve averaging
    /// 1.0 again, the base rescaled so that the recorded months keep their total.
    Shrunk,
}

/// What is kept of a one-year season's log-deviation: each multiplier `s` becomes
/// `s^SHRINK_WEIGHT` before the twelve are scaled to average 1.0 again. One year cannot tell a
/// season from noise; a half is right when both are about as strong (docs/import.md).
pub const SHRINK_WEIGHT: f64 = 0.5;

/// `seasonality` (twelve multipliers averaging 1.0) with each `s` made `s^SHRINK_WEIGHT` and the
/// twelve scaled to average 1.0 again, and `base` rescaled so that the months `seen` (the
/// calendar month of each month with conversations) total what they did:
/// `base' × Σ s'[seen] = base × Σ s[seen]`.
pub(super) fn shrink(base: f64, seasonality: &[f64], seen: &[usize]) -> (f64, Vec<f64>) {
    let pulled: Vec<f64> = seasonality.iter().map(|s| s.powf(SHRINK_WEIGHT)).collect();
    #[allow(clippy::cast_precision_loss)] // twelve
    let mean = pulled.iter().sum::<f64>() / pulled.len() as f64;
    let shrunk: Vec<f64> = pulled.iter().map(|p| p / mean).collect();
    let before: f64 = seen.iter().map(|&c| seasonality[c]).sum();
    let after: f64 = seen.iter().map(|&c| shrunk[c]).sum();
    let base = if after > 0.0 { base * before / after } else { base };
    (base, shrunk)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{known, recorded};
    use super::super::{fit, fit_with};
    use super::*;
    use crate::model::{RecordedMonth, YearMonth};
    use rust_decimal::Decimal;

    /// The natural logarithms of `s`, less their mean: each month's log-deviation from the
    /// season's (geometric) average.
    fn log_deviations(s: &[f64]) -> Vec<f64> {
        let logs: Vec<f64> = s.iter().map(|x| x.ln()).collect();
        #[allow(clippy::cast_precision_loss)]
        let mean = logs.iter().sum::<f64>() / logs.len() as f64;
        logs.iter().map(|l| l - mean).collect()
    }

    #[test]
    fn shrinking_leaves_a_history_with_a_month_seen_twice_as_recorded() {
        let start = YearMonth::new(2024, 3).unwrap();
        for months in [13, 24] {
            let usage = recorded(&known(), start, months);
            let shrunk = fit_with("Known", start, &usage, Decimal::ZERO, Season::Shrunk);
            assert_eq!(shrunk.account, fit("Known", start, &usage, Decimal::ZERO), "{months} months");
            assert!(!shrunk.confidence.shrunk);
        }
    }

    #[test]
    fn shrinking_one_year_halves_each_months_log_deviation_and_keeps_the_years_total() {
        let start = YearMonth::new(2024, 3).unwrap();
        let mut truth = known();
        truth.growth = 0.0;
        let usage = recorded(&truth, start, 12);
        let recorded_total: u64 = usage.iter().map(|u| u.conversations).sum();
        let as_recorded = fit_with("Known", start, &usage, Decimal::ZERO, Season::AsRecorded).account;
        let shrunk = fit_with("Known", start, &usage, Decimal::ZERO, Season::Shrunk);
        assert!(shrunk.confidence.shrunk);
        let shrunk = shrunk.account;
        // One year as recorded is the year itself: its season is the truth's.
        for (got, want) in as_recorded.seasonality.iter().zip(&truth.seasonality) {
            assert!((got - want).abs() < 1e-3, "{got} {want}");
        }
        // Shrunk: every log-deviation is half what it was (to the 4 decimals written), and the
        // twelve still average 1.0.
        let (before, after) = (log_deviations(&as_recorded.seasonality), log_deviations(&shrunk.seasonality));
        for (c, (b, a)) in before.iter().zip(&after).enumerate() {
            assert!((a - b * SHRINK_WEIGHT).abs() < 2e-4, "calendar month {c}: {b} became {a}");
        }
        assert!((shrunk.seasonality.iter().sum::<f64>() / 12.0 - 1.0).abs() < 1e-4, "{:?}", shrunk.seasonality);
        // The year's total is what was recorded, before and after.
        for account in [&as_recorded, &shrunk] {
            let fitted = crate::engine::usage::deterministic(account, start, 12).unwrap();
            #[allow(clippy::cast_precision_loss)]
            let (fitted, recorded) =
                (fitted.iter().map(|u| u.conversations).sum::<u64>() as f64, recorded_total as f64);
            assert!((fitted - recorded).abs() <= recorded * 1e-4, "{fitted} against {recorded}");
        }
        // Nothing else moves.
        assert!(shrunk.growth.abs() < 1e-12);
        assert_eq!(
            (&shrunk.ai_involvement, &shrunk.resolution_rate, &shrunk.seats),
            (&as_recorded.ai_involvement, &as_recorded.resolution_rate, &as_recorded.seats)
        );
    }

    #[test]
    fn a_shorter_history_keeps_the_total_of_its_months_and_flat_stays_flat() {
        let start = YearMonth::new(2025, 1).unwrap();
        let usage = recorded(&known(), start, 7);
        let shrunk = fit_with("Known", start, &usage, Decimal::ZERO, Season::Shrunk).account;
        let fitted = crate::engine::usage::deterministic(&shrunk, start, 7).unwrap();
        let (got, want): (u64, u64) =
            (fitted.iter().map(|u| u.conversations).sum(), usage.iter().map(|u| u.conversations).sum());
        #[allow(clippy::cast_precision_loss)]
        let off = (got as f64 - want as f64).abs() / want as f64;
        assert!(off < 1e-4, "{got} against {want}");
        // Flat usage has a flat season: shrinking it changes nothing.
        let flat = vec![RecordedMonth { conversations: 5000, ..RecordedMonth::default() }; 12];
        let (a, b) = (
            fit("Flat", start, &flat, Decimal::ZERO),
            fit_with("Flat", start, &flat, Decimal::ZERO, Season::Shrunk).account,
        );
        assert_eq!(a, b);
    }
}
