//! Prices: what a monthly quantity costs before discount and rounding (docs/format.md, "Plans").

use crate::model::{Price, Tier};
use rust_decimal::Decimal;

/// The amount `price` gives for `q` units (after bundles and included units), exactly.
///
/// Returns `None` when the amount would overflow a decimal.
///
/// # Example
/// ```
/// use pricelab::engine::price::amount;
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
    match price {
        Price::PerUnit(unit) => Decimal::from(q).checked_mul(*unit),
        Price::Package { size, price } => {
            let size = (*size).max(1);
            let packages = q / size + u64::from(!q.is_multiple_of(size));
            Decimal::from(packages).checked_mul(*price)
        }
        Price::Graduated(tiers) => graduated(tiers, q),
        Price::Volume(tiers) => volume(tiers, q),
    }
}

/// Each tier bills the units inside `(lower, up_to]` at its unit price, plus its flat fee when at
/// least one unit falls inside it.
fn graduated(tiers: &[Tier], q: u64) -> Option<Decimal> {
    let mut total = Decimal::ZERO;
    let mut lower = 0_u64;
    for tier in tiers {
        if q <= lower {
            break;
        }
        let upper = tier.up_to.unwrap_or(u64::MAX).min(q);
        let units = upper.saturating_sub(lower);
        if units > 0 {
            let part = Decimal::from(units).checked_mul(tier.unit_price)?.checked_add(tier.flat_fee)?;
            total = total.checked_add(part)?;
        }
        match tier.up_to {
            Some(up_to) => lower = lower.max(up_to),
            None => break,
        }
    }
    Some(total)
}

/// All `q` units at the unit price of the tier `q` falls in, plus that tier's flat fee.
fn volume(tiers: &[Tier], q: u64) -> Option<Decimal> {
    if q == 0 {
        return Some(Decimal::ZERO);
    }
    let tier = tiers.iter().find(|t| t.up_to.is_none_or(|up_to| q <= up_to)).or_else(|| tiers.last())?;
    Decimal::from(q).checked_mul(tier.unit_price)?.checked_add(tier.flat_fee)
}

#[cfg(test)]
mod tests {
    use super::*;

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
