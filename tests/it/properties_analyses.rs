//! Property tests of the Monte Carlo's two paths, the analyses (solve, sweep, tornado) and
//! recorded usage, over the random scenarios of `properties.rs`.

use super::properties::{config, fast_plan, scenario};
use pricelab::engine::simulate;
use pricelab::model::*;
use proptest::prelude::*;
use rust_decimal::Decimal;

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn monte_carlo_fast_path_equals_decimal_path(s in scenario(), fast in prop::collection::vec(fast_plan(), 0..3), seed in 0_u64..1000) {
        use pricelab::engine::monte_carlo::{self, Silent};
        let mut s = s;
        // Plans the whole-number path takes beside those of `scenario()` (most of which it leaves
        // to the decimal biller).
        for (i, mut plan) in fast.into_iter().enumerate() {
            plan.name = format!("Fast {i}");
            s.plans.push(plan);
        }
        for a in &mut s.accounts {
            a.count = a.count.min(3);
        }
        s.simulation.volume_noise = 0.3;
        s.simulation.resolution_noise = 0.2;
        let fast = monte_carlo::run(&s, 5, seed, &Silent);
        let exact = monte_carlo::run_exact(&s, 5, seed, &Silent);
        prop_assert_eq!(fast, exact);
    }
}

/// Plan 0's first usage charge priced `PerUnit(price)` (one is added when it has none), its
/// discount and commitments removed: nothing but its own line depends on the price.
fn with_plain_price(mut s: Scenario, price: Decimal) -> Scenario {
    let plan = &mut s.plans[0];
    plan.discount = Decimal::ZERO;
    plan.commitments.clear();
    match plan.charges.iter_mut().find(|c| matches!(c, Charge::Usage { .. })) {
        Some(Charge::Usage { price: p, .. }) => *p = Price::PerUnit(price),
        _ => plan.charges.push(Charge::Usage {
            name: "Added".into(),
            metric: Metric::Resolutions,
            included: 0,
            price: Price::PerUnit(price),
        }),
    }
    s
}

/// The path of that charge's price.
fn plain_price_path(s: &Scenario) -> pricelab::engine::analyses::Param {
    use pricelab::engine::analyses::{Param, PlanField};
    let c = s.plans[0].charges.iter().position(|c| matches!(c, Charge::Usage { .. })).unwrap();
    Param::Plan(0, PlanField::Price(c))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Solve's answer `v` reaches the target and one cent below does not (or `v` is the bottom);
    /// an unreachable target is missed at the top.
    #[test]
    fn solve_finds_the_first_cent_that_reaches_the_target(
        s in scenario(),
        price in (0_i64..500).prop_map(|n| Decimal::new(n, 2)),
        target in (0_i64..50_000_000).prop_map(|n| Decimal::new(n, 2)),
    ) {
        use pricelab::engine::analyses::{Goal, Scope, Target, solve};
        use pricelab::engine::monte_carlo::Silent;
        let s = with_plain_price(s, price);
        let param = plain_price_path(&s);
        let total_at = |v: Decimal| {
            let mut changed = s.clone();
            param.set(&mut changed, pricelab::engine::analyses::Value::Decimal(v)).unwrap();
            simulate(&changed).unwrap().plans[0].total
        };
        let top = Decimal::from(100);
        let goal = Goal {
            param,
            plan: 0,
            target: Target::Amount(target),
            measure: Default::default(),
            scope: Scope { account: None, months: 0..s.months as usize },
            range: (Decimal::ZERO, top),
        };
        let answer = solve(&s, &goal, &Silent).unwrap();
        match answer.value {
            Some(v) => {
                prop_assert!(total_at(v) >= target);
                prop_assert_eq!(answer.figure_at_value, Some(total_at(v)));
                if v > Decimal::ZERO {
                    let below = v - Decimal::new(1, 2);
                    prop_assert!(total_at(below) < target);
                    prop_assert_eq!(answer.figure_below, Some(total_at(below)));
                }
            }
            None => prop_assert!(total_at(top) < target),
        }
    }

    /// Points of a sweep at the current value are the simulation's figures.
    #[test]
    fn a_sweep_at_the_current_value_equals_simulate(s in scenario(), p in 0_usize..3) {
        use pricelab::engine::analyses::{Param, PlanField, sweep};
        let p = p % s.plans.len();
        let param = Param::Plan(p, PlanField::Discount);
        let x = s.plans[p].discount;
        let points = sweep(&s, param, x, x, 1, &pricelab::engine::monte_carlo::Silent).unwrap();
        let o = simulate(&s).unwrap();
        for point in &points {
            let figures = point.figures.as_ref().unwrap();
            for (f, plan) in figures.iter().zip(&o.plans) {
                let support: Decimal = plan.support_cost.iter().sum();
                prop_assert_eq!((f.total, f.margin, f.support_cost), (plan.total, plan.margin, support));
            }
        }
    }

    /// With nothing else depending on it, a per-unit price moves its plan's total as much down
    /// at −S as up at +S (prices in steps of 5 cents and S = 0.2 keep every line in whole cents).
    #[test]
    fn a_tornado_on_a_plain_price_is_symmetric(s in scenario(), k in 0_i64..400) {
        use pricelab::engine::analyses::tornado;
        let s = with_plain_price(s, Decimal::new(5 * k, 2));
        let param = plain_price_path(&s);
        let t = tornado(&s, &[param], Decimal::new(2, 1), &pricelab::engine::monte_carlo::Silent).unwrap();
        let row = &t.rows[0];
        let (low, high) = (row.low.as_ref().unwrap()[0], row.high.as_ref().unwrap()[0]);
        prop_assert_eq!(high - t.base[0], t.base[0] - low);
    }
}

proptest! {
    #![proptest_config(config())]

    /// docs/import.md: a history that is what §2 generates changes nothing, in the simulation nor in
    /// the backtest's totals (which are the simulation's over the recorded months).
    #[test]
    fn a_history_equal_to_the_generated_usage_simulates_as_without(mut s in scenario(), cut in 1_u32..40) {
        use pricelab::model::{History, Recorded, RecordedAccount, RecordedMonth};
        for a in &mut s.accounts {
            a.count = 1;
        }
        let plain = simulate(&s).unwrap();
        let h = cut.min(s.months);
        let accounts = plain
            .accounts
            .iter()
            .step_by(2)
            .map(|a| RecordedAccount {
                name: a.name.clone(),
                line: 2,
                months: a.months.iter().take(h as usize).map(|u| RecordedMonth {
                    conversations: u.conversations,
                    ai_conversations: u.ai_conversations,
                    resolutions: u.resolutions,
                    seats: u.seats,
                }).collect(),
            })
            .collect();
        let recorded = Recorded { file: "usage.csv".into(), start: s.start, months: h, accounts };
        s.history = Some(History { file: "usage.csv".into(), recorded: Some(std::sync::Arc::new(recorded)) });
        prop_assert_eq!(validate(&s), vec![]);
        prop_assert_eq!(&simulate(&s).unwrap(), &plain);
        let b = pricelab::engine::backtest::backtest(&s, 3).unwrap();
        for c in &b.customers {
            for (p, plan) in plain.plans.iter().enumerate() {
                let want: Decimal = plan.accounts[c.profile].billed[..h as usize].iter().sum();
                prop_assert_eq!(c.totals[p], want);
            }
        }
    }
}
