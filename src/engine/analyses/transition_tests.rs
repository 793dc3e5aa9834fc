//! Transitions in the analyses (docs/analyses.md): hand-worked sweeps, solves and tornado rows
//! of a transition, the arithmetic in the comments.

use super::*;
use crate::engine::monte_carlo::Silent;
use crate::engine::simulate;
use crate::model::from_ron;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn param(s: &Scenario, path: &str) -> Param {
    Param::resolve(s, &Path::parse(path).unwrap()).unwrap()
}

/// 24 accounts over 24 months, each 1,000 conversations a month, all with the AI, half resolved
/// (500), 10 seats, an agent cost of 10. "Seats": 10 × 100 = 1,000.00 an account-month; "New":
/// 500 × 2.40 = 1,200.00. The accounts renew in 12 cohorts of 2, cohort c in months c and c + 12.
/// Moving, a cohort's bill rises by x = 0.2: it loses 0.02 + 0.18 × 0.1 / 0.4 = 0.065 and keeps
/// 0.935, its line round2(2 × 0.935 × 1,200) = 2,244.00 a month against 2,000.00 on "Seats".
fn book() -> Scenario {
    from_ron(
        r#"(format: 1, name: "Book", start: "2024-01", months: 24,
        accounts: [(name: "Team", count: 24, conversations: 1000,
                    resolution_rate: (start: 0.5, end: 0.5, months: 0), seats: Fixed(10), agent_cost: "10")],
        plans: [(name: "Seats", charges: [Usage(name: "Seat", metric: Seats, price: PerUnit("100"))]),
                (name: "New", charges: [Usage(name: "Resolution", metric: Resolutions, price: PerUnit("2.40"))])],
        transitions: [(name: "Move", from: "Seats", to: "New", launch: 6,
                       churn: [(increase: 0.10, share: 0.02), (increase: 0.50, share: 0.20)])],
        costs: (per_ai_conversation: "0.10"))"#,
    )
    .unwrap()
}

#[test]
fn a_sweep_of_a_transitions_launch_by_hand() {
    let s = book();
    let launch = param(&s, r#"transitions["Move"].launch"#);
    assert_eq!((launch, launch.kind()), (Param::Transition(0, TransitionField::Launch), Kind::Whole));
    let points = sweep(&s, launch, d("0"), d("24"), 4, &Silent).unwrap();
    // Launch L ≤ 12: cohort c moves in month c when c ≥ L, else c + 12, and is on "New" 24 − c
    // or 12 − c months: T(L) = Σ (24 − c) − 12 L = 222 − 12 L cohort-months on "New" of 288.
    // Total: (288 − T) × 2,000 + T × 2,244 = 576,000 + 244 T.
    //   L = 0: T = 222, 630,168; L = 6: T = 150, 612,600; L = 12: T = 78, 595,032.
    //   L = 18: cohorts 6–11 move in months 18–23 (6 + 5 + … + 1 = 21 months), the others never
    //   (their next renewal is past the horizon): 581,124. L = 24 is past the horizon: problems.
    let totals: Vec<Option<Decimal>> = points.iter().map(|p| p.figures.as_ref().ok().map(|f| f[2].total)).collect();
    assert_eq!(totals, [Some(d("630168")), Some(d("612600")), Some(d("595032")), Some(d("581124")), None]);
    let problems = points[4].figures.as_ref().unwrap_err();
    assert_eq!(problems[0].path(), Some(r#"transitions["Move"].launch"#));
    // The plans do not move: "Seats" 288 × 2,000 = 576,000, "New" 288 × 2,400 = 691,200.
    let f = points[1].figures.as_ref().unwrap();
    assert_eq!((f.len(), f[0].total, f[1].total), (3, d("576000"), d("691200")));
    // At L = 6, the cost: 100.00 an account-month (1,000 AI conversations × 0.10), 2 × 0.935 ×
    // 100 = 187.00 a moved cohort-month: 138 × 200 + 150 × 187 = 55,650; margin 556,950. Support
    // cost: the bill plus 10 seats × 10 the same way (55,650): 668,250.
    assert_eq!((f[2].margin, f[2].support_cost), (d("556950"), d("668250")));
    // As simulated.
    let outcome = simulate(&s).unwrap();
    assert_eq!((f[2].total, f[2].margin), (outcome.transitions[0].line.total, outcome.transitions[0].line.margin));
}

#[test]
fn a_price_of_the_plan_moved_to_moves_the_transition_and_a_renewal_too() {
    let s = book();
    // "New"'s price at 2.00: 1,000.00 an account-month, no increase, no churn: 576,000 like
    // "Seats"; at 2.40 as above.
    let price = param(&s, r#"plans["New"].charges["Resolution"].price"#);
    let points = sweep(&s, price, d("2"), d("2.4"), 1, &Silent).unwrap();
    let move_total = |i: usize| points[i].figures.as_ref().unwrap()[2].total;
    assert_eq!((move_total(0), move_total(1)), (d("576000"), d("612600")));

    // A profile renewing together: `renewal: Some(k)`, one cohort of 24 renewing in k and k + 12.
    let mut one = book();
    one.accounts[0].renewal = Some(0);
    let renewal = param(&one, r#"accounts["Team"].renewal"#);
    assert_eq!(renewal.kind(), Kind::Whole);
    // k = 6: moves in month 6, 18 months of round2(24 × 0.935 × 1,200) = 26,928 against 6 of
    // 24,000: 144,000 + 484,704 = 628,704. k = 7: 7 × 24,000 + 17 × 26,928 = 625,776.
    let points = sweep(&one, renewal, d("6"), d("7"), 1, &Silent).unwrap();
    let totals: Vec<Decimal> = points.iter().map(|p| p.figures.as_ref().unwrap()[2].total).collect();
    assert_eq!(totals, [d("628704"), d("625776")]);
    // A profile spread over the months has no renewal to vary.
    let message = Param::resolve(&s, &Path::parse(r#"accounts["Team"].renewal"#).unwrap()).unwrap_err().0;
    assert!(message.contains("no renewal set"), "{message}");
}

#[test]
fn solve_for_a_transition_by_hand() {
    let s = book();
    let goal = Goal {
        param: param(&s, r#"plans["New"].charges["Resolution"].price"#),
        plan: 2,
        target: Target::Baseline,
        measure: Measure::Revenue,
        scope: Scope { account: None, months: 0..24 },
        range: (d("0"), d("1000000000")),
    };
    // Below 2.00 a moving bill falls (no churn): 576,000 + 150 cohort-months × (2 × 500 p −
    // 2,000) reaches 576,000 from p = 2.00; at 1.99, 576,000 − 150 × 10 = 574,500.
    let answer = solve(&s, &goal, &Silent).unwrap();
    assert_eq!(
        (answer.value, answer.target, answer.figure_at_value, answer.figure_below),
        (Some(d("2.00")), d("576000"), Some(d("576000")), Some(d("574500")))
    );
    // Its margin against the baseline's (576,000 − 57,600): the same cost at 2.00 and below.
    let margin = Goal { measure: Measure::Margin, ..goal.clone() };
    let answer = solve(&s, &margin, &Silent).unwrap();
    assert_eq!((answer.value, answer.target), (Some(d("2.00")), d("518400")));
    // One account of "Team" (its expected bill, a 24th of the portfolio's): the baseline's
    // 24,000, from the same price.
    let one = Goal { scope: Scope { account: Some(0), months: 0..24 }, ..goal };
    let answer = solve(&s, &one, &Silent).unwrap();
    assert_eq!((answer.value, answer.target), (Some(d("2.00")), d("24000")));
    // The price must be one of the plan it moves to.
    assert!(solve_misuse(&s, param(&s, "plans[0].charges[0].price"), 2).unwrap().contains("moves to"));
    assert_eq!(solve_misuse(&s, one.param, 2), None);
}

#[test]
fn a_transitions_tornado_rows_by_hand() {
    let s = book();
    let params = default_tornado_params(&s);
    let transition: Vec<String> = params[7..].iter().map(|p| p.name(&s)).collect();
    assert_eq!(
        transition,
        [
            r#"transitions["Move"].launch"#,
            r#"transitions["Move"].grandfather"#,
            r#"transitions["Move"].renewal_months"#,
            r#"transitions["Move"].churn[0].share"#,
            r#"transitions["Move"].churn[1].share"#,
        ]
    );
    let t = tornado(&s, &params[7..], d("0.2"), &Silent).unwrap();
    assert_eq!(t.base, [d("576000"), d("691200"), d("612600")]);
    let row = |i: usize| (t.rows[i].low.as_ref().unwrap()[2], t.rows[i].high.as_ref().unwrap()[2]);
    // Launch 4.8 → 5 and 7.2 → 7: T = 162 and 138, 576,000 + 244 T.
    assert_eq!((t.rows[0].low_value, t.rows[0].high_value), (Value::Whole(d("5")), Value::Whole(d("7"))));
    assert_eq!(row(0), (d("615528"), d("609672")));
    // Contracts of 10 months: cohorts 0–3 of 3 accounts move in months 10–13, 4–5 of 2 in 14–15,
    // 6–9 of 2 in 6–9: 3 × 50 + 2 × 19 + 2 × 66 = 320 account-months at 1,122 (round2(n × 0.935
    // × 1,200) is n × 1,122 exactly), 256 at 1,000: 615,040. 14 months: cohorts 0–9 of 2, 10–13
    // of 1; 0–5 move in 14–19 (45 months each), 6–9 in 6–9 (66), 10–13 in 10–13 (50): 272
    // account-months: 609,184.
    assert_eq!(row(2), (d("615040"), d("609184")));
    // The second point's share at 0.16 and 0.24: at x = 0.2 the cohort loses 0.02 + 0.14 × 0.25
    // = 0.055 (line 2,268) or 0.02 + 0.22 × 0.25 = 0.075 (2,220): 576,000 + 150 × 268 or 220.
    assert_eq!(row(4), (d("616200"), d("609000")));
    // The first point's share 0.016 / 0.024: 0.016 + 0.184 × 0.25 = 0.062 (2,251.20) or 0.024
    // + 0.176 × 0.25 = 0.068 (2,236.80): 576,000 + 150 × 251.20 or 236.80.
    assert_eq!(row(3), (d("613680"), d("611520")));
    // Ranked for the transition: the second share (7,200), launch and contract length (5,856
    // each, in the given order), the first share (2,160), grandfathering (0 both ends).
    let ranked: Vec<usize> =
        t.ranked(2).iter().map(|r| params[7..].iter().position(|p| *p == r.param).unwrap()).collect();
    assert_eq!(ranked, [4, 0, 2, 3, 1]);
    // The plans do not move with a transition's parameters.
    assert!(t.rows.iter().all(|r| r.swing(0) == Some(Decimal::ZERO) && r.swing(1) == Some(Decimal::ZERO)));
}

#[test]
fn a_tornado_row_of_one_profile_moves_the_transition_as_simulated_again() {
    // Two profiles: a row of one is simulated alone and added to the other's base part.
    let mut s = book();
    let mut other = s.accounts[0].clone();
    other.name = "Other".into();
    other.count = 5;
    other.conversations = 3000.0;
    other.renewal = Some(3);
    s.accounts.push(other);
    let params: Vec<Param> =
        default_tornado_params(&s).into_iter().filter(|p| matches!(p, Param::Account(..))).collect();
    let mut params = params;
    params.push(param(&s, r#"accounts["Other"].renewal"#));
    let t = tornado(&s, &params, d("0.5"), &Silent).unwrap();
    for row in &t.rows {
        for (end, value) in [(&row.low, row.low_value), (&row.high, row.high_value)] {
            let mut changed = s.clone();
            row.param.set(&mut changed, value).unwrap();
            let o = simulate(&changed).unwrap();
            let totals: Vec<Decimal> =
                o.plans.iter().map(|p| p.total).chain(o.transitions.iter().map(|t| t.line.total)).collect();
            assert_eq!(end.as_ref(), Some(&totals), "{} at {value}", row.name);
        }
    }
}
