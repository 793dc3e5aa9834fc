//! The whole-number biller's own checks (the property tests compare it with the decimal one).

use super::*;

impl FastBiller {
    /// The bill of month `m` in cents (months in order from 0; month 0 starts every term), or
    /// `None` when an amount is too large for whole numbers: what [`FastBiller::add_months`]
    /// computes a charge at a time over all the months, here a month at a time.
    fn month(&mut self, m: u32, usage: &MonthUsage) -> Option<i64> {
        let mut remaining = *usage;
        cover_bundles(m, bundles(&self.commitments), &mut self.units_left, &mut remaining);
        let mut lines = self.charges.iter().map(|charge| self.line(charge, &remaining)).collect::<Option<Vec<_>>>()?;
        let mut bill = lines.iter().try_fold(0_i64, |bill, line| bill.checked_add(*line))?;
        for (c, balance) in self.commitments.iter().zip(&mut self.balance) {
            let position = m % c.schedule.term;
            bill = bill.checked_add(c.schedule.payment(position))?;
            if let FastKind::Commit { covers } = c.kind {
                let covered = covered(&self.charges, lines.iter_mut(), covers);
                bill -= commit_month(position, c.schedule.amount, |_| Some(0), balance, covered)?;
            }
        }
        Some(bill)
    }
}

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

/// Plans of every fast form (each price form, discounts, bundles and commits of several terms
/// and billings), billed month by month and all months at once: the same cents every month.
#[test]
fn billing_all_months_at_once_equals_month_by_month() {
    use crate::model::{Billing, Tier};
    let d = |s: &str| s.parse::<Decimal>().unwrap();
    let tiers = || {
        vec![
            Tier { up_to: Some(1_000), unit_price: d("0.995"), flat_fee: d("10") },
            Tier { up_to: Some(50_000), unit_price: d("0.5"), flat_fee: d("0") },
            Tier { up_to: None, unit_price: d("0.125"), flat_fee: d("20.5") },
        ]
    };
    let prices = [
        Price::PerUnit(d("0.99")),
        Price::PerUnit(d("0.0125")),
        Price::Package { size: 100, price: d("49.5") },
        Price::Graduated(tiers()),
        Price::Volume(tiers()),
    ];
    let charge =
        |metric, included, price: &Price| Charge::Usage { name: "U".into(), metric, included, price: price.clone() };
    let commitments = |k: u64| -> Vec<Commitment> {
        let billing = if k.is_multiple_of(2) { Billing::Upfront } else { Billing::Monthly };
        let term_months = u32::try_from(k % 5 + 1).unwrap_or(1);
        match k % 4 {
            0 => vec![],
            1 => vec![Commitment::Bundle {
                name: "B".into(),
                metric: Metric::Resolutions,
                units: 20_000 * k,
                price: d("100.01"),
                term_months,
                billing,
                rollover: Decimal::ZERO,
            }],
            2 => vec![Commitment::Commit {
                name: "C".into(),
                amount: d("12345.67"),
                term_months,
                billing,
                covers: vec![Metric::Resolutions, Metric::Seats],
                rollover: Decimal::ZERO,
            }],
            _ => vec![
                Commitment::Bundle {
                    name: "B".into(),
                    metric: Metric::Conversations,
                    units: 30_000,
                    price: d("0"),
                    term_months: 3,
                    billing: Billing::Monthly,
                    rollover: Decimal::ZERO,
                },
                Commitment::Commit {
                    name: "C".into(),
                    amount: d("999.99"),
                    term_months,
                    billing,
                    covers: Metric::ALL.to_vec(),
                    rollover: Decimal::ZERO,
                },
            ],
        }
    };
    // A small linear congruential generator: the same months every run.
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = |below: u64| {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % below
    };
    let mut plans = 0;
    for (k, price) in (0_u64..).zip(prices.iter().cycle().take(40)) {
        let discount = ["0", "0.15", "0.125"][usize::try_from(k % 3).unwrap_or(0)];
        let plan = Plan {
            name: "P".into(),
            charges: vec![
                charge(Metric::Resolutions, 0, price),
                Charge::Fee { name: "F".into(), amount: d("25.25") },
                charge(Metric::Seats, k % 3, &Price::PerUnit(d("139"))),
                charge(Metric::Conversations, 500, price),
            ],
            commitments: commitments(k),
            discount: d(discount),
        };
        let Some(biller) = FastBiller::new(&plan) else { continue };
        plans += 1;
        let months: Vec<MonthUsage> = (0..14)
            .map(|_| {
                let conversations = next(200_000);
                let ai_conversations = conversations * next(101) / 100;
                MonthUsage { seats: next(300), conversations, ai_conversations, resolutions: ai_conversations / 2 }
            })
            .collect();
        let mut sums = vec![0_i128; months.len()];
        biller.clone().add_months(&months, &mut sums).unwrap();
        let mut by_month = biller;
        for ((m, u), sum) in (0_u32..).zip(&months).zip(&sums) {
            assert_eq!(*sum, i128::from(by_month.month(m, u).unwrap()), "plan {k}, month {m}");
        }
    }
    assert!(plans >= 30, "{plans} plans with a fast form");
}
