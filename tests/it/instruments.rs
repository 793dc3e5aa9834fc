//! Roll-over, minimum spend and caps (issue #15), each worked on paper in the comments, with
//! the interactions that matter; then their properties on generated plans.
//!
//! The account: 800 conversations a month at seasonality 1.0, the AI in all of them, resolving
//! half: round(800 × s) conversations and round(800 × s × 0.5) resolutions in a month of
//! seasonality s (400 at 1.0, 800 at 2.0), 10 fixed seats.

use super::{cents, run};
use pricelab::engine::simulate;
use pricelab::model::{Commitment, Metric, from_ron};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn scenario(months: u32, seasonality: &str, plans: &str) -> String {
    format!(
        r#"(format: 1, name: "Instruments", start: "2024-01", months: {months},
            accounts: [(name: "Team", conversations: 800, seasonality: {seasonality},
                        resolution_rate: (start: 0.5, end: 0.5, months: 0), seats: Fixed(10))],
            plans: [{plans}])"#
    )
}

const FLAT: &str = "[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]";

/// One account's lines under plan `p`, month by month, as cents.
fn lines(o: &pricelab::engine::Outcome, p: usize) -> Vec<(String, Vec<String>)> {
    o.plans[p].accounts[0].lines.iter().map(|l| (l.name.clone(), cents(&l.billed))).collect()
}

#[test]
fn a_bundle_rolls_half_of_301_units_left_into_the_next_term() {
    // Terms of 2 months, 1101 units each, $1 a resolution beyond them, half of what is left
    // rolling over. Resolutions: Jan 400, Feb 400, Mar 800, Apr 800 (seasonality 2.0).
    // Term 1 (Jan–Feb): 800 used, 301 left; floor(0.5 × 301) = 150 roll over.
    // Term 2 (Mar–Apr): 1101 + 150 = 1251 units. Mar: 800 covered, 451 left. Apr: 451 covered,
    //   349 over: 349.00. (Without roll-over: 301 left in Apr, 499.00.)
    // Payments: 1000.00 upfront in Jan and Mar.
    let season = "[1, 1, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1]";
    let plan = |rollover: &str| {
        format!(
            r#"(name: "Bucket {rollover}", charges: [Usage(name: "Overage", metric: Resolutions, price: PerUnit("1"))],
                commitments: [Bundle(name: "Bucket", metric: Resolutions, units: 1101, price: "1000", term_months: 2, rollover: "{rollover}")])"#
        )
    };
    let o = run(&scenario(4, season, &format!("{}, {}", plan("0.5"), plan("0"))));
    assert_eq!(
        lines(&o, 0),
        [
            ("Overage".to_owned(), vec!["0.00", "0.00", "0.00", "349.00"].into_iter().map(String::from).collect()),
            ("Bucket".to_owned(), vec!["1000.00", "0.00", "1000.00", "0.00"].into_iter().map(String::from).collect()),
        ]
    );
    assert_eq!(cents(&o.plans[1].accounts[0].lines[0].billed), ["0.00", "0.00", "0.00", "499.00"]);
}

#[test]
fn a_commit_rolls_half_of_its_balance_rounded_to_cents() {
    // A 1000.00 commit each month covering resolutions at $1.005 each (lines round to cents),
    // half of what is left rolling over. Resolutions: Jan 400, Feb 1200 (seasonality 3.0), Mar 400.
    // Jan: line round2(402.00) = 402.00; drawn 402.00, 598.00 left; round2(0.5 × 598) = 299.00 rolls.
    // Feb: line 1206.00; balance 1000 + 299 = 1299.00, drawn 1206.00, 93.00 left; 46.50 rolls.
    // Mar: line 402.00; balance 1046.50, drawn 402.00.
    // Bills: Jan 402 + 1000 - 402 = 1000.00; Feb 1206 + 1000 - 1206 = 1000.00; Mar 1000.00.
    // Without roll-over Feb draws only 1000.00: 1206.00.
    let season = "[1, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]";
    let plan = |rollover: &str| {
        format!(
            r#"(name: "Commit {rollover}", charges: [Usage(name: "Resolution", metric: Resolutions, price: PerUnit("1.005"))],
                commitments: [Commit(name: "Commit", amount: "1000", term_months: 1, covers: [Resolutions], rollover: "{rollover}")])"#
        )
    };
    let o = run(&scenario(3, season, &format!("{}, {}", plan("0.5"), plan("0"))));
    let credit = |p: usize| cents(&o.plans[p].accounts[0].lines[2].billed);
    assert_eq!(credit(0), ["-402.00", "-1206.00", "-402.00"]);
    assert_eq!(cents(&o.plans[0].accounts[0].billed), ["1000.00", "1000.00", "1000.00"]);
    assert_eq!(cents(&o.plans[1].accounts[0].billed), ["1000.00", "1206.00", "1000.00"]);
}

#[test]
fn a_minimum_trues_up_each_whole_term_and_not_one_the_horizon_cuts_short() {
    // $1 a resolution: 400.00 a month. A minimum of 1000.00 per 2-month term over 5 months:
    // terms Jan–Feb and Mar–Apr are whole (800.00 each: true-up 200.00 in Feb and in Apr);
    // May starts a term the horizon cuts short: no true-up.
    // A 12-month minimum over the same 5 months never trues up.
    let plans = r#"(name: "Minimum", charges: [Usage(name: "Resolution", metric: Resolutions, price: PerUnit("1"))],
                    commitments: [Minimum(name: "Minimum spend", amount: "1000", term_months: 2)]),
                   (name: "Annual", charges: [Usage(name: "Resolution", metric: Resolutions, price: PerUnit("1"))],
                    commitments: [Minimum(name: "Minimum spend", amount: "100000", term_months: 12)])"#;
    let o = run(&scenario(5, FLAT, plans));
    assert_eq!(cents(&o.plans[0].accounts[0].lines[1].billed), ["0.00", "200.00", "0.00", "200.00", "0.00"]);
    assert_eq!(cents(&o.plans[0].accounts[0].billed), ["400.00", "600.00", "400.00", "600.00", "400.00"]);
    assert!(o.plans[1].accounts[0].lines[1].billed.iter().all(Decimal::is_zero));
    // A term ending exactly at the horizon's last month is whole: 4 months, true-up in Apr.
    let o = run(&scenario(4, FLAT, plans));
    assert_eq!(cents(&o.plans[0].accounts[0].lines[1].billed), ["0.00", "200.00", "0.00", "200.00"]);
}

#[test]
fn a_cap_before_a_commit_and_after_it() {
    // Seats 10 × 10.00 = 100.00 (not capped); resolutions 400 × 1.00 = 400.00.
    // Cap first (300.00 on resolutions): 100.00 credited, 300.00 still owed; the commit
    //   (250.00 a month) draws 250.00. Bill: 100 + 400 - 100 + 250 - 250 = 400.00.
    // Commit first: it draws 250.00, 150.00 owed; under the cap, nothing credited.
    //   Bill: 100 + 400 + 250 - 250 + 0 = 500.00.
    let charges = r#"charges: [Usage(name: "Seat", metric: Seats, price: PerUnit("10")),
                                Usage(name: "Resolution", metric: Resolutions, price: PerUnit("1"))]"#;
    let cap = r#"Cap(name: "Cap", amount: "300", covers: [Resolutions])"#;
    let commit = r#"Commit(name: "Commit", amount: "250", term_months: 1, covers: [Resolutions])"#;
    let o = run(&scenario(
        1,
        FLAT,
        &format!(
            r#"(name: "Cap first", {charges}, commitments: [{cap}, {commit}]),
               (name: "Commit first", {charges}, commitments: [{commit}, {cap}])"#
        ),
    ));
    let names: Vec<String> = lines(&o, 0).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["Seat", "Resolution", "Cap", "Commit", "Commit credit"]);
    let first: Vec<String> = lines(&o, 0).into_iter().map(|(_, v)| v[0].clone()).collect();
    assert_eq!(first, ["100.00", "400.00", "-100.00", "250.00", "-250.00"]);
    assert_eq!(cents(&o.plans[0].accounts[0].billed), ["400.00"]);
    let second: Vec<String> = lines(&o, 1).into_iter().map(|(_, v)| v[0].clone()).collect();
    assert_eq!(second, ["100.00", "400.00", "250.00", "-250.00", "0.00"]);
    assert_eq!(cents(&o.plans[1].accounts[0].billed), ["500.00"]);
}

#[test]
fn a_discount_comes_before_the_cap() {
    // 20% off: seats 100 × 0.8 = 80.00, resolutions 400 × 0.8 = 320.00; the cap of 300.00 on
    // resolutions credits 20.00. Bill: 80 + 320 - 20 = 380.00.
    let o = run(&scenario(
        1,
        FLAT,
        r#"(name: "P", discount: "0.2",
            charges: [Usage(name: "Seat", metric: Seats, price: PerUnit("10")),
                      Usage(name: "Resolution", metric: Resolutions, price: PerUnit("1"))],
            commitments: [Cap(name: "Cap", amount: "300", covers: [Resolutions])])"#,
    ));
    let first: Vec<String> = lines(&o, 0).into_iter().map(|(_, v)| v[0].clone()).collect();
    assert_eq!(first, ["80.00", "320.00", "-20.00"]);
    // A cap takes from the covered lines in the order of the charges: with two resolution lines
    // (320.00 and a 0.20 surcharge: 80.00), 100.00 over the cap comes off the first.
    let o = run(&scenario(
        1,
        FLAT,
        r#"(name: "P", discount: "0.2",
            charges: [Usage(name: "Resolution", metric: Resolutions, price: PerUnit("1")),
                      Usage(name: "Surcharge", metric: Resolutions, price: PerUnit("0.25"))],
            commitments: [Cap(name: "Cap", amount: "300", covers: [Resolutions])])"#,
    ));
    assert_eq!(cents(&o.plans[0].accounts[0].billed), ["300.00"]);
}

#[test]
fn rules_of_the_new_instruments_are_checked_at_their_fields() {
    let text = scenario(
        1,
        FLAT,
        r#"(name: "P", charges: [Fee(name: "F", amount: "1")],
            commitments: [Bundle(name: "B", metric: Resolutions, units: 1, price: "1", term_months: 1, rollover: "1.5"),
                          Commit(name: "C", amount: "1", term_months: 1, covers: [Seats], rollover: "-0.1"),
                          Minimum(name: "M", amount: "-1", term_months: 0),
                          Cap(name: "K", amount: "5", covers: [])])"#,
    );
    let problems = from_ron(&text).unwrap_err();
    let paths: Vec<&str> = problems.iter().filter_map(|p| p.path()).collect();
    for want in [
        r#"plans["P"].commitments["B"].rollover"#,
        r#"plans["P"].commitments["C"].rollover"#,
        r#"plans["P"].commitments["M"].amount"#,
        r#"plans["P"].commitments["M"].term_months"#,
        r#"plans["P"].commitments["K"].covers"#,
    ] {
        assert!(paths.contains(&want), "{want} not in {paths:?}");
    }
}

#[test]
fn the_new_instruments_survive_a_save_and_a_load() {
    let text = scenario(
        2,
        FLAT,
        r#"(name: "P", charges: [Usage(name: "R", metric: Resolutions, price: PerUnit("1"))],
            commitments: [Bundle(name: "B", metric: Resolutions, units: 10, price: "5.00", term_months: 1, rollover: "0.5"),
                          Minimum(name: "M", amount: "100.00", term_months: 2),
                          Cap(name: "K", amount: "50.00", covers: [Resolutions, Seats])])"#,
    );
    let s = from_ron(&text).unwrap();
    let written = pricelab::model::to_ron(&s);
    assert!(written.contains(r#"rollover: "0.5")"#), "{written}");
    assert!(written.contains(r#"Minimum(name: "M", amount: "100.00", term_months: 2)"#), "{written}");
    assert!(written.contains(r#"Cap(name: "K", amount: "50.00", covers: [Resolutions, Seats])"#), "{written}");
    assert_eq!(from_ron(&written).unwrap(), s);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn a_cap_never_lets_a_months_covered_lines_exceed_it(s in super::properties::scenario()) {
        // Each plan keeps its charges and gets one cap, on what its first charge counts.
        let mut s = s;
        for p in &mut s.plans {
            let covers = p.charges.iter().find_map(pricelab::model::Charge::metric).unwrap_or(Metric::Resolutions);
            p.commitments = vec![Commitment::Cap { name: "Cap".into(), amount: Decimal::new(12_345, 2), covers: vec![covers] }];
        }
        let o = simulate(&s).unwrap();
        for (plan, po) in s.plans.iter().zip(&o.plans) {
            let Commitment::Cap { amount, covers, .. } = &plan.commitments[0] else { unreachable!() };
            let covered: Vec<usize> = plan.charges.iter().enumerate()
                .filter(|(_, c)| c.metric().is_some_and(|m| covers.contains(&m))).map(|(i, _)| i).collect();
            for a in &po.accounts {
                let cap_line = &a.lines[plan.charges.len()];
                for m in 0..o.months.len() {
                    let lines: Decimal = covered.iter().map(|&i| a.lines[i].billed[m]).sum();
                    prop_assert!(lines + cap_line.billed[m] <= *amount, "{} + {} over {}", lines, cap_line.billed[m], amount);
                    prop_assert!(cap_line.billed[m] <= Decimal::ZERO);
                    // It credits only what is over: under the cap, nothing.
                    if lines <= *amount { prop_assert!(cap_line.billed[m].is_zero()); }
                }
            }
        }
    }

    #[test]
    fn a_minimums_whole_terms_never_sum_below_it(s in super::properties::scenario(), term in 1_u32..8) {
        let mut s = s;
        for p in &mut s.plans {
            p.commitments = vec![Commitment::Minimum { name: "Min".into(), amount: Decimal::new(250_000, 2), term_months: term }];
        }
        let o = simulate(&s).unwrap();
        let term = term as usize;
        for (plan, po) in s.plans.iter().zip(&o.plans) {
            for a in &po.accounts {
                let k = plan.charges.len();
                for start in (0..o.months.len()).step_by(term) {
                    let end = start + term;
                    let months = start..end.min(o.months.len());
                    let charged: Decimal = months.clone().map(|m| a.lines[..k].iter().map(|l| l.billed[m]).sum::<Decimal>()).sum();
                    let true_up: Decimal = months.map(|m| a.lines[k].billed[m]).sum();
                    if end <= o.months.len() {
                        prop_assert!(charged + true_up >= Decimal::new(250_000, 2));
                        prop_assert_eq!(true_up, (Decimal::new(250_000, 2) - charged).max(Decimal::ZERO));
                    } else {
                        prop_assert!(true_up.is_zero(), "a term cut short has no true-up");
                    }
                }
            }
        }
    }

    #[test]
    fn roll_over_never_adds_more_than_was_left(s in super::properties::scenario(), units in 0_u64..5_000, share in 0_i64..=100) {
        // One bundle on resolutions, priced lines probing what it covers: $1 a resolution.
        let mut s = s;
        let rollover = Decimal::new(share, 2);
        for p in &mut s.plans {
            p.discount = Decimal::ZERO;
            p.charges = vec![pricelab::model::Charge::Usage {
                name: "Probe".into(), metric: Metric::Resolutions, included: 0,
                price: pricelab::model::Price::PerUnit(Decimal::ONE),
            }];
            p.commitments = vec![Commitment::Bundle {
                name: "B".into(), metric: Metric::Resolutions, units, price: Decimal::ZERO, term_months: 2,
                billing: pricelab::model::Billing::Upfront, rollover,
            }];
        }
        let o = simulate(&s).unwrap();
        for (usage, a) in o.accounts.iter().zip(&o.plans[0].accounts) {
            let covered = |m: usize| {
                let q = Decimal::from(usage.months[m].resolutions);
                u64::try_from((q - a.lines[0].billed[m]).mantissa()).unwrap() / 10_u64.pow(a.lines[0].billed[m].scale())
            };
            let mut held = units;
            for start in (0..o.months.len()).step_by(2) {
                let used: u64 = (start..(start + 2).min(o.months.len())).map(covered).sum();
                prop_assert!(used <= held, "used {} of {} units", used, held);
                let left = held - used;
                let carried = (rollover * Decimal::from(left)).floor();
                prop_assert!(carried <= Decimal::from(left));
                held = units + u64::try_from(carried.mantissa()).unwrap() / 10_u64.pow(carried.scale());
            }
        }
    }
}
