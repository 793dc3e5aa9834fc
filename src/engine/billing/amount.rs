//! The amounts the billing rules are written over: [`Decimal`] for the exact biller, whole
//! numbers for the fast one (`i128` counts of `10^-S` while a price is walked, `i64` cents once a
//! line is rounded). The rules ([`super::price`], [`super::commit`]) are generic over
//! [`Amount`] and compiled once per type, so the fast biller pays nothing for sharing them.

use crate::model::money::round2;
use rust_decimal::Decimal;
use std::ops::{AddAssign, SubAssign};

/// An amount of money as the billing rules use it: added, compared, multiplied by a count of
/// units. Every operation that can overflow says so with `None`.
pub trait Amount: Copy + Ord + AddAssign + SubAssign {
    /// Nothing.
    const ZERO: Self;

    /// `self + other`, `None` on overflow.
    fn checked_add(self, other: Self) -> Option<Self>;

    /// `self − other`, `None` on overflow.
    fn checked_sub(self, other: Self) -> Option<Self>;

    /// `units × self`, `None` on overflow.
    fn times(self, units: u64) -> Option<Self>;

    /// Whether the amount is nothing.
    #[inline]
    fn is_zero(self) -> bool {
        self == Self::ZERO
    }
}

/// An amount of whole cents or finer, which a commitment is paid in.
pub trait Payment: Amount {
    /// `self / parts` rounded to cents, halves away from zero (`parts ≥ 1`; amounts ≥ 0): a
    /// commitment's monthly share (docs/format.md, "Commitments"). `None` on overflow.
    fn share(self, parts: u32) -> Option<Self>;
}

impl Amount for Decimal {
    const ZERO: Self = Decimal::ZERO;

    #[inline]
    fn checked_add(self, other: Self) -> Option<Self> {
        Decimal::checked_add(self, other)
    }

    #[inline]
    fn checked_sub(self, other: Self) -> Option<Self> {
        Decimal::checked_sub(self, other)
    }

    #[inline]
    fn times(self, units: u64) -> Option<Self> {
        Decimal::from(units).checked_mul(self)
    }
}

impl Payment for Decimal {
    #[inline]
    fn share(self, parts: u32) -> Option<Self> {
        self.checked_div(Decimal::from(parts)).map(round2)
    }
}

/// A count of `10^-S` (the fast biller's prices, `S` at most
/// [`super::fast::MAX_PRICE_SCALE`]).
impl Amount for i128 {
    const ZERO: Self = 0;

    #[inline]
    fn checked_add(self, other: Self) -> Option<Self> {
        i128::checked_add(self, other)
    }

    #[inline]
    fn checked_sub(self, other: Self) -> Option<Self> {
        i128::checked_sub(self, other)
    }

    #[inline]
    fn times(self, units: u64) -> Option<Self> {
        super::fast::mul(i128::from(units), self)
    }
}

/// Whole cents (the fast biller's lines and commitments).
impl Amount for i64 {
    const ZERO: Self = 0;

    #[inline]
    fn checked_add(self, other: Self) -> Option<Self> {
        i64::checked_add(self, other)
    }

    #[inline]
    fn checked_sub(self, other: Self) -> Option<Self> {
        i64::checked_sub(self, other)
    }

    #[inline]
    fn times(self, units: u64) -> Option<Self> {
        i64::try_from(units).ok()?.checked_mul(self)
    }
}

impl Payment for i64 {
    #[inline]
    fn share(self, parts: u32) -> Option<Self> {
        let t = i64::from(parts);
        let (q, r) = (self.checked_div(t)?, self.checked_rem(t)?);
        Some(if 2 * r >= t { q + 1 } else { q })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_round_alike_in_decimals_and_cents() {
        for (cents, parts) in [(10_000_i64, 3_u32), (10_001, 2), (1, 2), (5, 1), (0, 12), (99_999, 12)] {
            let exact = Decimal::new(cents, 2).share(parts).unwrap();
            assert_eq!(Decimal::new(cents.share(parts).unwrap(), 2), exact, "{cents} / {parts}");
        }
    }
}
