//! Prices: what a monthly quantity costs before discount and rounding (docs/format.md, "Plans").
//!
//! The walk is written once, over any [`Amount`]: the exact biller walks a plan's
//! [`Price`] in decimals, the fast one its whole-number copy ([`super::fast`]).

use super::amount::Amount;
use crate::model::{self, Price};
use rust_decimal::Decimal;

/// The amount `price` gives for `q` units (after bundles and included units), exactly.
///
/// Returns `None` when the amount would overflow a decimal.
///
/// # Example
/// ```
/// use pricelab::engine::billing::price::amount;
/// use pricelab::model::{Price, Tier};
/// use rust_decimal::Decimal;
/// let d = |s: &str| s.parse::<Decimal>().unwrap();
/// let tiers = vec![
///     Tier { up_to: Some(1000), unit_price: d("0.99"), flat_fee: d("0") },
///     Tier { up_to: None, unit_price: d("0.79"), flat_fee: d("0") },
/// ];
/// // Graduated: 1000 × 0.99 + 500 × 0.79; volume: 1500 × 0.79.
/// assert_eq!(amount(&Price::Graduated(tiers.clone()), 1500), Some(d("1385.00")));
/// assert_eq!(amount(&Price::Volume(tiers), 1500), Some(d("1185.00")));
/// assert_eq!(amount(&Price::Package { size: 100, price: d("49") }, 101), Some(d("98")));
/// ```
#[must_use]
pub fn amount(price: &Price, q: u64) -> Option<Decimal> {
    walk(Form::of(price), q)
}

/// A price as the walk reads it: amounts of type `A`, tiers of type `T`.
#[derive(Debug)]
pub(super) enum Form<'p, A, T> {
    /// Every unit at one price.
    PerUnit(A),
    /// Whole packages of `size` units (`size` 0 is read as 1).
    Package { size: u64, price: A },
    /// Each tier bills the units inside it.
    Graduated(&'p [T]),
    /// Every unit at the price of the tier the quantity falls in.
    Volume(&'p [T]),
}

// (By hand: a derived copy would ask the tiers to be `Copy` too.)
impl<A: Copy, T> Clone for Form<'_, A, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<A: Copy, T> Copy for Form<'_, A, T> {}

impl<'p> Form<'p, Decimal, model::Tier> {
    /// A plan's price, in decimals.
    #[inline]
    pub(super) fn of(price: &'p Price) -> Self {
        match price {
            Price::PerUnit(unit) => Self::PerUnit(*unit),
            Price::Package { size, price } => Self::Package { size: *size, price: *price },
            Price::Graduated(tiers) => Self::Graduated(tiers),
            Price::Volume(tiers) => Self::Volume(tiers),
        }
    }
}

/// One tier of a tiered price: up to which quantity it reaches (`None`: no end), its unit price
/// and the flat fee it adds once reached.
pub(super) trait Tier<A> {
    /// The last quantity inside the tier.
    fn up_to(&self) -> Option<u64>;
    /// The price of each unit inside it.
    fn unit_price(&self) -> A;
    /// What it adds when at least one unit falls inside it.
    fn flat_fee(&self) -> A;
}

impl Tier<Decimal> for model::Tier {
    #[inline]
    fn up_to(&self) -> Option<u64> {
        self.up_to
    }

    #[inline]
    fn unit_price(&self) -> Decimal {
        self.unit_price
    }

    #[inline]
    fn flat_fee(&self) -> Decimal {
        self.flat_fee
    }
}

/// The amount `form` gives for `q` units; `None` on overflow.
#[inline]
pub(super) fn walk<A: Amount, T: Tier<A>>(form: Form<'_, A, T>, q: u64) -> Option<A> {
    match form {
        Form::PerUnit(unit) => unit.times(q),
        Form::Package { size, price } => {
            let size = size.max(1);
            let packages = q / size + u64::from(!q.is_multiple_of(size));
            price.times(packages)
        }
        Form::Graduated(tiers) => graduated(tiers, q),
        Form::Volume(tiers) => volume(tiers, q),
    }
}

/// Each tier bills the units inside `(lower, up_to]` at its unit price, plus its flat fee when at
/// least one unit falls inside it.
#[inline]
fn graduated<A: Amount, T: Tier<A>>(tiers: &[T], q: u64) -> Option<A> {
    let mut total = A::ZERO;
    let mut lower = 0_u64;
    for tier in tiers {
        if q <= lower {
            break;
        }
        let upper = tier.up_to().unwrap_or(u64::MAX).min(q);
        let units = upper.saturating_sub(lower);
        if units > 0 {
            let part = tier.unit_price().times(units)?.checked_add(tier.flat_fee())?;
            total = total.checked_add(part)?;
        }
        match tier.up_to() {
            Some(up_to) => lower = lower.max(up_to),
            None => break,
        }
    }
    Some(total)
}

/// All `q` units at the unit price of the tier `q` falls in, plus that tier's flat fee.
///
/// (Always inlined: the fast biller calls it in its inner loop.)
#[inline(always)]
pub(super) fn volume<A: Amount, T: Tier<A>>(tiers: &[T], q: u64) -> Option<A> {
    if q == 0 {
        return Some(A::ZERO);
    }
    let tier = tiers.iter().find(|t| t.up_to().is_none_or(|up_to| q <= up_to)).or(tiers.last())?;
    tier.unit_price().times(q)?.checked_add(tier.flat_fee())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Tier;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn tier(up_to: Option<u64>, unit: &str, flat: &str) -> Tier {
        Tier { up_to, unit_price: d(unit), flat_fee: d(flat) }
    }

    #[test]
    fn per_unit() {
        // 1234 × 0.99 = 1221.66
        assert_eq!(amount(&Price::PerUnit(d("0.99")), 1234), Some(d("1221.66")));
        assert_eq!(amount(&Price::PerUnit(d("0.99")), 0), Some(d("0")));
    }

    #[test]
    fn package_rounds_up_to_whole_packages() {
        let p = Price::Package { size: 100, price: d("49.00") };
        // 0 -> 0 packages; 1 -> 1; 100 -> 1; 250 -> 3 packages = 147.00
        assert_eq!(amount(&p, 0), Some(d("0")));
        assert_eq!(amount(&p, 1), Some(d("49")));
        assert_eq!(amount(&p, 100), Some(d("49")));
        assert_eq!(amount(&p, 250), Some(d("147")));
    }

    #[test]
    fn graduated_bills_each_tier_and_its_flat_fee_once_reached() {
        // (0,100] at 1.00 + flat 10; (100,1000] at 0.50 + flat 20; (1000,∞) at 0.25 + flat 30.
        let p = Price::Graduated(vec![
            tier(Some(100), "1.00", "10"),
            tier(Some(1000), "0.50", "20"),
            tier(None, "0.25", "30"),
        ]);
        assert_eq!(amount(&p, 0), Some(d("0")));
        // 50 units: 50 × 1 + 10 = 60
        assert_eq!(amount(&p, 50), Some(d("60")));
        // 100 units: 100 + 10 = 110 (the second tier is not reached)
        assert_eq!(amount(&p, 100), Some(d("110")));
        // 101 units: 110 + 1 × 0.5 + 20 = 130.5
        assert_eq!(amount(&p, 101), Some(d("130.5")));
        // 2000 units: 110 + 900 × 0.5 + 20 + 1000 × 0.25 + 30 = 110 + 470 + 280 = 860
        assert_eq!(amount(&p, 2000), Some(d("860")));
    }

    #[test]
    fn volume_prices_every_unit_at_the_reached_tier() {
        let p = Price::Volume(vec![
            tier(Some(100), "1.00", "10"),
            tier(Some(1000), "0.50", "20"),
            tier(None, "0.25", "30"),
        ]);
        assert_eq!(amount(&p, 0), Some(d("0")));
        // 100 units: 100 × 1 + 10 = 110
        assert_eq!(amount(&p, 100), Some(d("110")));
        // 101 units: 101 × 0.5 + 20 = 70.5 (volume pricing: the bill can drop as usage rises)
        assert_eq!(amount(&p, 101), Some(d("70.5")));
        // 5000 units: 5000 × 0.25 + 30 = 1280
        assert_eq!(amount(&p, 5000), Some(d("1280")));
    }

    #[test]
    fn overflow_is_none() {
        let p = Price::PerUnit(d("999999999999999"));
        // 1.8e19 × 1e15 is beyond a decimal's 7.9e28.
        assert_eq!(amount(&p, u64::MAX), None);
        assert!(amount(&p, 1 << 40).is_some());
    }
}
