//! Hand-worked examples on a small scenario (figures computed on paper in the comments), and
//! the analyses held to the deterministic simulation.

use super::*;
use crate::engine::monte_carlo::Silent;
use crate::engine::simulate;
use crate::model::from_ron;

/// Two accounts of 1,000 conversations a month for two months, 80% with the AI, half of those
/// resolved: 400 resolutions and 10 (fixed) seats per account-month.
/// - "Seats": 10 × $100 = $1,000 a month → $2,000 per account → **$4,000** for the portfolio.
/// - "Per resolution": 400 × $0.99 = $396 a month → $792 per account → **$1,584**; at a price
///   `x`, 1,600 × x for the portfolio.
fn small() -> Scenario {
    from_ron(
        r#"(format: 1, name: "Small", start: "2025-01", months: 2,
        accounts: [(name: "Team", count: 2, conversations: 1000,
                    ai_involvement: (start: 0.8, end: 0.8, months: 0),
                    resolution_rate: (start: 0.5, end: 0.5, months: 0), seats: Fixed(10),
                    agent_cost: "1000")],
        plans: [(name: "Seats", charges: [Usage(name: "Seat", metric: Seats, price: PerUnit("100"))]),
                (name: "Per resolution", charges: [Usage(name: "Resolution", metric: Resolutions, price: PerUnit("0.99"))])],
        costs: (per_ai_conversation: "0.10"))"#,
    )
    .unwrap()
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn param(s: &Scenario, path: &str) -> Param {
    Param::resolve(s, &Path::parse(path).unwrap()).unwrap()
}

#[test]
fn sweep_by_hand() {
    let s = small();
    let price = param(&s, r#"plans["Per resolution"].charges["Resolution"].price"#);
    let points = sweep(&s, price, d("0.5"), d("1.5"), 2, &Silent).unwrap();
    // 1,600 resolutions × 0.50, 1.00, 1.50; seats unchanged at 4,000.
    let totals: Vec<(String, Decimal, Decimal)> = points
        .iter()
        .map(|p| {
            let f = p.figures.as_ref().unwrap();
            (p.value.to_string(), f[0].total, f[1].total)
        })
        .collect();
    assert_eq!(
        totals,
        [("0.5".into(), d("4000"), d("800")), ("1".into(), d("4000"), d("1600")), ("1.5".into(), d("4000"), d("2400"))]
    );
    // Margin: total − 2 months × 2 accounts × 800 AI conversations × $0.10 = total − 320.
    // Support cost: total + 2 × 2 months × 10 seats × $1,000 = total + 40,000.
    let f = points[1].figures.as_ref().unwrap()[1];
    assert_eq!((f.margin, f.support_cost), (d("1280"), d("41600")));
}

#[test]
fn a_sweep_point_that_fails_validation_reports_problems_and_the_rest_goes_on() {
    let s = small();
    let price = param(&s, "plans[1].charges[0].price");
    let points = sweep(&s, price, d("-1"), d("1"), 2, &Silent).unwrap();
    assert!(points[0].figures.is_err(), "a negative price is refused");
    assert!(points[1].figures.is_ok() && points[2].figures.is_ok());
}

#[test]
fn solve_by_hand() {
    let s = small();
    let price = param(&s, "plans[1].charges[0].price");
    let goal = Goal {
        param: price,
        plan: 1,
        target: Target::Baseline,
        measure: Measure::Revenue,
        scope: Scope { account: None, months: 0..2 },
        range: (d("0"), d("1000000000")),
    };
    // 1,600 × x ≥ 4,000 ⇔ x ≥ 2.50; at 2.49: 3,984.
    let answer = solve(&s, &goal, &Silent).unwrap();
    assert_eq!(answer.value, Some(d("2.50")));
    assert_eq!(
        (answer.target, answer.figure_at_value, answer.figure_below),
        (d("4000"), Some(d("4000")), Some(d("3984")))
    );
    assert!(answer.evaluations <= 42, "{} evaluations", answer.evaluations);

    // One account in the first year: 800 × x ≥ 2,000, the same price.
    let one = Goal { scope: Scope { account: Some(0), months: year_months(&s, 1).unwrap() }, ..goal };
    assert_eq!(solve(&s, &one, &Silent).unwrap().value, Some(d("2.50")));

    // An amount of 1,000.01: 1,600 × x ≥ 1,000.01 ⇔ x ≥ 0.62500625 → 0.63 (0.62 gives 992).
    let amount = Goal { target: Target::Amount(d("1000.01")), ..goal.clone() };
    let answer = solve(&s, &amount, &Silent).unwrap();
    assert_eq!((answer.value, answer.figure_below), (Some(d("0.63")), Some(d("992"))));

    // Unreachable below $2: the top gives 3,200.
    let capped = Goal { range: (d("0"), d("2")), ..goal };
    let answer = solve(&s, &capped, &Silent).unwrap();
    assert_eq!((answer.value, answer.unreachable), (None, Some((d("2"), d("3200")))));
}

#[test]
fn solve_on_margin_by_hand() {
    let s = small();
    // The cost to serve: 800 AI conversations × $0.10 = $80 per account-month → $320 for the
    // portfolio over two months, $80 for one account in one month.
    let goal = Goal {
        param: param(&s, "plans[1].charges[0].price"),
        plan: 1,
        target: Target::Amount(Decimal::ZERO),
        measure: Measure::Margin,
        scope: Scope { account: None, months: 0..2 },
        range: (d("0"), d("1000000000")),
    };
    // Covering the cost: 1,600 × x − 320 ≥ 0 ⇔ x ≥ 0.20; at 0.19 the margin is 304 − 320 = −16.
    let answer = solve(&s, &goal, &Silent).unwrap();
    assert_eq!(
        (answer.value, answer.target, answer.figure_at_value, answer.figure_below),
        (Some(d("0.20")), d("0"), Some(d("0")), Some(d("-16")))
    );
    // A 25% gross margin: 1,600x − 320 ≥ 0.25 × 1,600x ⇔ 1,200x ≥ 320 ⇔ x ≥ 0.2666… → 0.27:
    // the bill 432, the margin 112 against 108; at 0.26 the margin 96 falls short of 104.
    let share = Goal { target: Target::MarginShare(d("0.25")), ..goal.clone() };
    let answer = solve(&s, &share, &Silent).unwrap();
    assert_eq!((answer.value, answer.target, answer.figure_at_value), (Some(d("0.27")), d("108"), Some(d("112"))));
    assert_eq!((answer.figure_below, answer.target_below), (Some(d("96")), Some(d("104"))));
    // 75%: 400x ≥ 320 ⇔ x ≥ 0.80 exactly: the bill 1,280, the margin 960 and its target
    // 0.75 × 1,280 = 960 (compared exactly, not rounded); at 0.79 the margin 944 falls short of 948.
    let share = Goal { target: Target::MarginShare(d("0.75")), ..goal.clone() };
    let answer = solve(&s, &share, &Silent).unwrap();
    assert_eq!((answer.value, answer.target, answer.figure_at_value), (Some(d("0.80")), d("960"), Some(d("960"))));
    assert_eq!(answer.figure_below, Some(d("944")));
    // Against the baseline the cost falls on both sides: the same price as on revenue (2.50), the
    // figures less 320.
    let baseline = Goal { target: Target::Baseline, ..goal.clone() };
    let answer = solve(&s, &baseline, &Silent).unwrap();
    assert_eq!((answer.value, answer.target, answer.figure_at_value), (Some(d("2.50")), d("3680"), Some(d("3680"))));
    // One account in one month: 400x − 80 ≥ 0, the same 0.20.
    let one = Goal { scope: Scope { account: Some(0), months: 0..1 }, ..goal };
    let answer = solve(&s, &one, &Silent).unwrap();
    assert_eq!((answer.value, answer.figure_below), (Some(d("0.20")), Some(d("-4"))));
    // A share is a target of the margin only, and below 100%.
    for wrong in [
        Goal { measure: Measure::Revenue, ..share.clone() },
        Goal { target: Target::MarginShare(Decimal::ONE), ..share },
    ] {
        assert!(matches!(solve(&s, &wrong, &Silent), Err(Error::Invalid(_))), "{wrong:?}");
    }
}

#[test]
fn solve_takes_only_prices_of_its_own_plan() {
    let s = small();
    assert!(solve_misuse(&s, param(&s, "plans[1].charges[0].price"), 1).is_none());
    assert!(solve_misuse(&s, param(&s, "plans[0].charges[0].price"), 1).is_some());
    assert!(solve_misuse(&s, param(&s, "plans[1].charges[0].included"), 1).is_some());
    assert!(solve_misuse(&s, param(&s, "accounts[0].growth"), 1).is_some());
}

#[test]
fn tornado_by_hand() {
    let s = small();
    let t = tornado(&s, &default_tornado_params(&s), d("0.2"), &Silent).unwrap();
    assert_eq!(t.base, [d("4000"), d("1584")]);
    let names: Vec<&str> = t.rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        [
            r#"accounts["Team"].conversations"#,
            r#"accounts["Team"].growth"#,
            r#"accounts["Team"].ai_involvement.end"#,
            r#"accounts["Team"].resolution_rate.end"#,
            r#"accounts["Team"].seats"#,
            r#"plans["Seats"].charges["Seat"].price"#,
            r#"plans["Per resolution"].charges["Resolution"].price"#,
        ]
    );
    // The resolution price at 0.792 and 1.188: 1,600 × those = 1,267.20 and 1,900.80,
    // ±316.80 around 1,584.
    let price = &t.rows[6];
    assert_eq!((price.low_value.to_string(), price.high_value.to_string()), ("0.792".into(), "1.188".into()));
    assert_eq!(price.low.as_ref().unwrap()[1], d("1267.20"));
    assert_eq!(price.high.as_ref().unwrap()[1], d("1900.80"));
    // Seats at 8 and 12: 8,000 × 0.8… = 3,200 and 4,800 for the seat plan, its top row.
    let ranked = t.ranked(0);
    assert_eq!(ranked[0].name, r#"accounts["Team"].seats"#);
    assert_eq!(ranked[0].swing(0), Some(d("1600")));
    // Growth is 0: both ends 0, no swing.
    assert_eq!(t.rows[1].swing(1), Some(Decimal::ZERO));
}

#[test]
fn a_ramp_end_is_capped_at_one() {
    let mut s = small();
    s.accounts[0].resolution_rate.end = 0.9;
    let end = param(&s, "accounts[0].resolution_rate.end");
    let t = tornado(&s, &[end], d("0.2"), &Silent).unwrap();
    assert_eq!(t.rows[0].high_value, Value::Real(1.0));
    assert!(t.rows[0].problems.is_empty());
}

#[test]
fn sweep_points_equal_the_simulation() {
    for example in crate::model::examples::ALL {
        let s = example.scenario().unwrap();
        if s.accounts.len() > 100 {
            continue;
        }
        for (p, path) in [(None, "accounts[0].growth".to_string()), (Some(0), "plans[0].discount".to_string())] {
            let param = param(&s, &path);
            let Some(x) = param.get(&s).and_then(Value::as_decimal) else { continue };
            let points = sweep(&s, param, x, x, 1, &Silent).unwrap();
            let expected = simulate(&s).unwrap();
            for point in &points {
                let figures = point.figures.as_ref().unwrap();
                for (f, plan) in figures.iter().zip(&expected.plans) {
                    let support: Decimal = plan.support_cost.iter().sum();
                    assert_eq!(
                        (f.total, f.margin, f.support_cost),
                        (plan.total, plan.margin, support),
                        "{} {path} {p:?}",
                        example.file
                    );
                }
            }
        }
    }
}

#[test]
fn a_tornado_on_every_profile_scales_each_profiles_own_value() {
    let mut s = small();
    let mut second = s.accounts[0].clone();
    second.name = "Other".into();
    second.conversations = 3000.0;
    s.accounts.push(second);
    let every = param(&s, "accounts[*].conversations");
    let t = tornado(&s, &[every], d("0.2"), &Silent).unwrap();
    // 800 and 2,400 conversations: as simulated with each profile at 80% of its own volume.
    let mut low = s.clone();
    low.accounts[0].conversations = 1000.0 * 0.8;
    low.accounts[1].conversations = 3000.0 * 0.8;
    let expected = simulate(&low).unwrap();
    assert_eq!(t.rows[0].low.as_ref().unwrap()[1], expected.plans[1].total);
    assert_eq!(t.rows[0].low_value, Value::Real(800.0), "the row shows the first profile's values");
}

#[test]
fn a_tornado_row_of_one_profile_equals_the_whole_portfolio_simulated_again() {
    // Three profiles, one of them staffed, on plans with a volume tier and a bundle: each row of
    // one profile is simulated on its own and added to the others' base bills.
    let mut s = crate::model::examples::scenario_named("saas-portfolio.ron").unwrap();
    s.months = 14;
    let params = default_tornado_params(&s);
    assert!(params.iter().any(|p| matches!(p, Param::Account(Profiles::One(2), _))));
    let t = tornado(&s, &params, d("0.5"), &Silent).unwrap();
    for row in t.rows.iter().filter(|r| matches!(r.param, Param::Account(..))) {
        for (end, value) in [(&row.low, row.low_value), (&row.high, row.high_value)] {
            let mut changed = s.clone();
            row.param.set(&mut changed, value).unwrap();
            match simulate(&changed) {
                Ok(o) => {
                    let totals: Vec<Decimal> = o.plans.iter().map(|p| p.total).collect();
                    assert_eq!(end.as_ref(), Some(&totals), "{} at {value}", row.name);
                }
                Err(problems) => {
                    assert!(end.is_none(), "{} at {value}", row.name);
                    assert_eq!(row.problems, problems, "{} at {value}", row.name);
                }
            }
        }
    }
    // A value the profile refuses: its problem, at its own field.
    s.accounts[1].resolution_rate.start = 0.7;
    let rate = param(&s, "accounts[1].resolution_rate.start");
    let t = tornado(&s, &[rate], d("1"), &Silent).unwrap();
    assert!(t.rows[0].low.is_some());
    let mut high = s.clone();
    rate.set(&mut high, t.rows[0].high_value).unwrap();
    let named: Vec<_> = crate::model::validate(&high).into_iter().map(|p| p.named(&high)).collect();
    assert_eq!(t.rows[0].problems, named);
    let at = format!("accounts[{:?}].resolution_rate.start", s.accounts[1].name);
    assert_eq!(t.rows[0].problems[0].path(), Some(at.as_str()));
}
