//! The break-even churn of a transition (docs/semantics.md §8.4): the largest share `p`, in steps
//! of 0.0001, that every cohort may lose at its move with the transition still billing at least
//! `from`'s total.
//!
//! The bills do not change with `p`: only each cohort's monthly line `round2(accounts × (1 − p) ×
//! bill)` does. Before the moves both sides bill the same, so the question is whether the moved
//! lines add up to what `from` would have billed those accounts in those months (`need`). The
//! lines never fall as `1 − p` rises (bills are never negative), so a bisection over the 10,001
//! steps finds the answer; a first guess from the unrounded sum, which the rounded one is within
//! half a cent per line of, narrows it to a few evaluations. Lines in whole cents are summed as
//! integers; others in decimals.

use crate::model::money::round2;
use rust_decimal::Decimal;
use std::rc::Rc;

/// The steps of `1 − p`: 10,000 of 0.0001.
const STEPS: i64 = 10_000;

/// The moved lines of a transition's cohorts, gathered for the search.
#[derive(Debug, Default)]
pub struct BreakEven {
    /// What `from` bills the moving accounts from their moves on.
    need: Decimal,
    /// `accounts × bill` of every moved cohort's month, in cents, when it is whole cents that fit.
    cents: Vec<i64>,
    /// The others, as decimals.
    exact: Vec<Decimal>,
    /// The sum of every `accounts × bill`, unrounded.
    sum: Decimal,
}

/// The most a line in cents may be so that `cents × 10,000` fits an `i64`.
const MAX_CENTS: i64 = i64::MAX / STEPS;

impl BreakEven {
    /// Adds one profile's moving cohorts (accounts, move month, kept share, `to`'s bills from the
    /// move) and `from`'s bills of one of its accounts. `None` when an amount is too large.
    pub(super) fn add_profile(
        &mut self,
        cohorts: &[(u64, usize, Decimal, Rc<Vec<Decimal>>)],
        from_bills: &[Decimal],
    ) -> Option<()> {
        for (accounts, s, _, bills) in cohorts {
            let accounts = Decimal::from(*accounts);
            for (bill_from, bill_to) in from_bills.get(*s..)?.iter().zip(bills.iter()) {
                self.need = self.need.checked_add(accounts.checked_mul(*bill_from)?)?;
                let v = accounts.checked_mul(*bill_to)?;
                self.sum = self.sum.checked_add(v)?;
                self.push(v);
            }
        }
        Some(())
    }

    fn push(&mut self, v: Decimal) {
        let cents = v.checked_mul(Decimal::ONE_HUNDRED).filter(|c| c.fract().is_zero());
        match cents.and_then(|c| i64::try_from(c).ok()).filter(|c| c.abs() <= MAX_CENTS) {
            Some(c) => self.cents.push(c),
            None => self.exact.push(v),
        }
    }

    /// The moved lines' sum when every cohort keeps `k / 10,000` of its accounts.
    fn moved(&self, k: i64) -> Option<Decimal> {
        let half = STEPS / 2;
        let cents: i128 = self
            .cents
            .iter()
            .map(|&v| {
                // round2(v/100 × k/10,000) in cents: v × k / 10,000, halves away from zero.
                let x = v * k;
                i128::from(if x >= 0 { (x + half) / STEPS } else { -((-x + half) / STEPS) })
            })
            .sum();
        let keep = Decimal::new(k, 4);
        let mut total = Decimal::try_from_i128_with_scale(cents, 2).ok()?;
        for v in &self.exact {
            total = total.checked_add(round2(v.checked_mul(keep)?))?;
        }
        Some(total)
    }

    /// Whether keeping `k / 10,000` bills at least what `from` does (`None`: too large).
    fn reaches(&self, k: i64) -> Option<bool> {
        Some(self.moved(k)? >= self.need)
    }
}

/// The break-even churn: the largest `p` in steps of 0.0001 (4 decimals) at which the moved
/// lines still add up to at least `need`; `None` when even `p = 0` falls short (or an amount is
/// too large).
#[must_use]
pub fn break_even(search: &BreakEven) -> Option<Decimal> {
    // The smallest k (kept, in 1/10,000) that reaches `need`: k = 10,000 must, k = 0 may.
    if !search.reaches(STEPS)? {
        return None;
    }
    let (mut lo, mut hi) = (0, STEPS);
    // Keeping no account bills nothing.
    if search.need <= Decimal::ZERO {
        hi = 0;
    } else {
        // The rounded sum is within half a cent a line of sum × k / 10,000: guess the bracket.
        let lines = search.cents.len() + search.exact.len();
        let slack = Decimal::from(lines) * Decimal::new(5, 3);
        if search.sum > Decimal::ZERO {
            let at = |target: Decimal| {
                target
                    .checked_mul(Decimal::from(STEPS))
                    .and_then(|x| x.checked_div(search.sum))
                    .and_then(|x| i64::try_from(x.floor()).ok())
                    .map(|k| k.clamp(0, STEPS))
            };
            if let Some(k) = at(search.need - slack).map(|k| (k - 1).max(lo))
                && k > lo
                && !search.reaches(k)?
            {
                lo = k;
            }
            if let Some(k) = at(search.need + slack).map(|k| (k + 2).min(hi))
                && k < hi
                && k > lo
                && search.reaches(k)?
            {
                hi = k;
            }
        }
        // Invariant: `lo` falls short, `hi` reaches.
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if search.reaches(mid)? {
                hi = mid;
            } else {
                lo = mid;
            }
        }
    }
    Some(Decimal::new(STEPS - hi, 4))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn search(need: i64, lines: &[i64]) -> BreakEven {
        let mut s = BreakEven { need: Decimal::new(need, 2), ..BreakEven::default() };
        for &v in lines {
            s.sum += Decimal::new(v, 2);
            s.push(Decimal::new(v, 2));
        }
        s
    }

    /// The bisection agrees with trying every step.
    #[test]
    fn the_search_finds_the_largest_share() {
        for (need, lines) in [
            (10_000, vec![12_345, 1, 999, 0]),
            (13_345, vec![12_345, 1, 999, 0]),
            (13_346, vec![12_345, 1, 999, 0]),
            (0, vec![5]),
            (1, vec![3, 3, 3]),
            (7_777, (0..500).map(|i| 17 + i % 13).collect()),
        ] {
            let s = search(need, &lines);
            let brute = (0..=STEPS).rev().find(|&p| s.reaches(STEPS - p) == Some(true)).map(|p| Decimal::new(p, 4));
            assert_eq!(break_even(&s), brute, "{need} {lines:?}");
        }
    }

    /// 10,000 profiles of twelve cohorts over 36 months: 4.3 million lines, searched in a few
    /// passes (well under 50 ms in a release build).
    #[test]
    fn a_large_book_is_searched_in_a_few_passes() {
        let lines: Vec<i64> = (0..4_320_000_i64).map(|i| 100_000 + (i * 7919) % 50_000).collect();
        let sum: i64 = lines.iter().sum();
        let s = search(sum * 9 / 10, &lines);
        let start = std::time::Instant::now();
        let p = break_even(&s);
        let took = start.elapsed();
        assert!(p.is_some_and(|p| p > Decimal::new(999, 4) && p < Decimal::new(1001, 4)), "{p:?}");
        if !cfg!(debug_assertions) {
            assert!(took < std::time::Duration::from_millis(50), "{took:?}");
        }
    }

    #[test]
    fn lines_not_in_whole_cents_are_summed_in_decimals() {
        // 0.125 × 1.0000 = 0.13 (halves away from zero); × 0.5 = 0.0625 → 0.06.
        let mut s = BreakEven { need: Decimal::new(6, 2), ..BreakEven::default() };
        s.push(Decimal::new(125, 3));
        assert_eq!(s.exact.len(), 1);
        assert_eq!(s.moved(STEPS), Some(Decimal::new(13, 2)));
        assert_eq!(s.moved(5_000), Some(Decimal::new(6, 2)));
        // 0.125 × k rounds to 0.06 down to k = 0.4400 (0.055): p = 0.5600.
        assert_eq!(break_even(&s), Some(Decimal::new(5_600, 4)));
    }
}
