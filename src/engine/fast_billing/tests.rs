//! The whole-number biller's own checks (the property tests compare it with the decimal one).

use super::*;

#[test]
fn cents_round_halves_away_from_zero() {
    assert_eq!(round_to_cents(24_625, 3), Some(2463)); // 24.625 -> 24.63
    assert_eq!(round_to_cents(24_624, 3), Some(2462));
    assert_eq!(round_to_cents(5, 0), Some(500));
    assert_eq!(round_to_cents(12_345, 2), Some(12_345));
}

#[test]
fn plans_with_too_many_decimals_have_no_fast_form() {
    let plan = |price: &str, discount: &str| Plan {
        name: "P".into(),
        charges: vec![Charge::Usage {
            name: "R".into(),
            metric: Metric::Resolutions,
            included: 0,
            price: Price::PerUnit(price.parse().unwrap()),
        }],
        commitments: vec![],
        discount: discount.parse().unwrap(),
    };
    assert!(FastBiller::new(&plan("0.99", "0.15")).is_some());
    assert!(FastBiller::new(&plan("0.0000001", "0")).is_none());
    assert!(FastBiller::new(&plan("0.0049", "0.125")).is_none(), "4 + 3 decimals");
}

#[test]
fn narrow_linear_bills_agree_with_wide_ones_or_decline() {
    let linear = Linear { per_unit: [13_900, 0, 200, 99], per_account: 2_500 };
    let q = [1_000, 250_000, 190_000, 120_000];
    let wide = linear.bill_small(&q, 3);
    assert_eq!(wide, 3 * 2_500 + 1_000 * 13_900 + 190_000 * 200 + 120_000 * 99);
    assert_eq!(linear.bill_narrow(&q, 3).map(i128::from), Some(wide));
    // A product or a sum past 2^63: no narrow bill, while the wide one is still exact.
    let huge = [1 << 61, 0, 0, 0];
    assert_eq!(linear.bill_narrow(&huge, 1), None);
    assert_eq!(linear.bill_small(&huge, 1), (1_i128 << 61) * 13_900 + 2_500);
    let edge = Linear { per_unit: [1, 0, 0, 1], per_account: 0 };
    assert_eq!(edge.bill_narrow(&[i64::MAX, 0, 0, 1], 0), None, "the sum overflows");
    // A metric without a price is skipped, whatever its quantity.
    assert_eq!(
        Linear { per_unit: [0, 0, 0, 99], per_account: 0 }.bill_narrow(&[i64::MAX, i64::MAX, 0, 2], 7),
        Some(198)
    );
}
