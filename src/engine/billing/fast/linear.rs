//! The linear part of a plan's bill: what the Monte Carlo bills once per portfolio month
//! instead of once per account.

use super::mul;

/// The part of a plan's bill that is linear in usage: charges whose every line is a whole number
/// of cents per unit (a per-unit price with nothing included, whose price after the discount
/// has no fraction of a cent) and fees. Their lines are never rounded, so the sum of the lines of
/// many accounts is the price times the sum of their quantities: the Monte Carlo bills these
/// once per portfolio month instead of once per account.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Linear {
    /// Cents per unit of each metric, in the order of [`crate::model::Metric::ALL`].
    pub per_unit: [i64; 4],
    /// Cents per account and month (the fees).
    pub per_account: i64,
}

impl Linear {
    /// Whether nothing is billed this way.
    #[must_use]
    pub fn is_zero(&self) -> bool {
        *self == Self::default()
    }

    /// The linear part of the bill of `accounts` accounts whose quantities of each metric (in
    /// the order of [`crate::model::Metric::ALL`]) add up to `totals`, in cents; `None` on overflow.
    #[must_use]
    #[inline]
    pub fn bill(&self, totals: &[u128; 4], accounts: u128) -> Option<i128> {
        if accounts < SMALL && totals.iter().all(|q| *q < SMALL) {
            let narrow = |q: u128| i64::try_from(q).unwrap_or(0);
            return Some(self.bill_small(&totals.map(narrow), narrow(accounts)));
        }
        let mut sum = mul(i128::try_from(accounts).ok()?, i128::from(self.per_account))?;
        for (q, c) in totals.iter().zip(self.per_unit) {
            if c != 0 {
                sum = sum.checked_add(mul(i128::try_from(*q).ok()?, i128::from(c))?)?;
            }
        }
        Some(sum)
    }
}

/// Quantities (and account counts) below this are [`Linear::bill_small`]'s.
pub const SMALL: u128 = 1 << 62;

impl Linear {
    /// [`Linear::bill`] for quantities and an account count below 2^62, which cannot overflow:
    /// each product with a price of at most 10^15 (< 2^50) cents is below 2^112 and the sum of
    /// five below 2^115.
    #[inline]
    #[must_use]
    pub fn bill_small(&self, totals: &[i64; 4], accounts: i64) -> i128 {
        let [q0, q1, q2, q3] = totals.map(i128::from);
        let [c0, c1, c2, c3] = self.per_unit.map(i128::from);
        i128::from(accounts) * i128::from(self.per_account) + q0 * c0 + q1 * c1 + q2 * c2 + q3 * c3
    }
}

impl Linear {
    /// [`Linear::bill`] in 64 bits: `None` if any step would overflow (then the caller takes the
    /// 128-bit sum). Metrics without a price cost nothing to skip.
    #[inline]
    #[must_use]
    pub fn bill_narrow(&self, totals: &[i64; 4], accounts: i64) -> Option<i64> {
        let mut sum = accounts.checked_mul(self.per_account)?;
        for (q, c) in totals.iter().zip(self.per_unit) {
            if c != 0 {
                sum = sum.checked_add(q.checked_mul(c)?)?;
            }
        }
        Some(sum)
    }
}

/// Adds `cents` to `sum` when both are small enough for exact portfolio sums; says whether it did.
pub(super) fn add(sum: &mut i64, cents: Option<i64>) -> bool {
    match cents.and_then(|c| sum.checked_add(c)).filter(|s| s.abs() <= MAX_LINEAR_CENTS) {
        Some(total) => {
            *sum = total;
            true
        }
        None => false,
    }
}

/// The most cents per unit (or per account) billed linearly: with quantities below 2^53 and up
/// to 10^10 account-months, the portfolio's sums then stay far inside i128.
const MAX_LINEAR_CENTS: i64 = 1_000_000_000_000_000;

/// `n × 10^-scale` as whole cents, if it is a whole number of them.
pub(super) fn whole_cents(n: i128, scale: u32) -> Option<i64> {
    let cents = if scale <= 2 {
        n.checked_mul(10_i128.checked_pow(2 - scale)?)?
    } else {
        let d = 10_i128.checked_pow(scale - 2)?;
        if n % d != 0 {
            return None;
        }
        n / d
    };
    i64::try_from(cents).ok()
}
