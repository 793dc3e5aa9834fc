//! Hand-worked transitions (docs/semantics.md §8), the arithmetic in the comments.

use super::*;
use crate::engine::simulate;
use crate::model::from_ron;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn ds(values: &[&str]) -> Vec<Decimal> {
    values.iter().map(|v| d(v)).collect()
}

/// A scenario of `months` months from 2024-01 with these profiles, the plans "Seats" (10 seats
/// × 100.00 = 1,000.00 a month for the usual profile) and `to`, and one transition.
fn scenario(months: u32, accounts: &str, to: &str, transition: &str) -> Scenario {
    let text = format!(
        r#"(format: 1, name: "T", start: "2024-01", months: {months}, accounts: [{accounts}],
            plans: [(name: "Seats", charges: [Usage(name: "Seat", metric: Seats, price: PerUnit("100"))]), {to}],
            transitions: [(name: "Move", from: "Seats", to: "New", {transition})],
            costs: (per_ai_conversation: "0.10"))"#
    );
    from_ron(&text).unwrap()
}

/// 1,000 conversations a month, all with the AI, half resolved (500), 10 seats.
fn team(count: u64, extra: &str) -> String {
    format!(
        r#"(name: "Team", count: {count}, conversations: 1000, resolution_rate: (start: 0.5, end: 0.5, months: 0), seats: Fixed(10){extra})"#
    )
}

/// 500 resolutions × 2.40 = 1,200.00 a month.
const PER_RESOLUTION: &str =
    r#"(name: "New", charges: [Usage(name: "Resolution", metric: Resolutions, price: PerUnit("2.40"))])"#;

const CHURN: &str = "churn: [(increase: 0.10, share: 0.02), (increase: 0.50, share: 0.20)]";

fn run(s: &Scenario) -> TransitionOutcome {
    simulate(s).unwrap().transitions.remove(0)
}

#[test]
fn one_account_moves_at_its_renewal_and_some_of_it_leaves() {
    // One account: one cohort renewing in months 0, 12, 24…; launch 3, so it moves in month 12.
    // Over months 12..23: to 12 × 1,200 = 14,400, from 12 × 1,000 = 12,000: x = 0.2, between
    // (0.10, 0.02) and (0.50, 0.20): 0.02 + 0.18 × 0.1 / 0.4 = 0.065, kept 0.935000.
    let s = scenario(24, &team(1, ""), PER_RESOLUTION, &format!("launch: 3, {CHURN}"));
    let t = run(&s);
    // Months 0..11: 1,000.00; 12..23: round2(1 × 0.935 × 1,200) = 1,122.00.
    assert_eq!(t.line.billed[..12], ds(&["1000"; 12])[..]);
    assert_eq!(t.line.billed[12..], ds(&["1122.00"; 12])[..]);
    assert_eq!(t.line.total, d("25464.00")); // 12,000 + 13,464
    // Cost: 1,000 AI conversations × 0.10 = 100.00, then × 0.935 = 93.50; margin 25,464 − 2,322.
    assert_eq!((t.cost[11], t.cost[12]), (d("100.00"), d("93.50")));
    assert_eq!(t.line.margin, d("23142.00"));
    // 0.935 moved is 0.94 at 2 decimals; lost is what is left of the account, 0.06 (not 0.07).
    assert_eq!((t.on_from[11], t.moved[11], t.lost[11]), (d("1"), d("0"), d("0")));
    assert_eq!((t.on_from[12], t.moved[12], t.lost[12]), (d("0"), d("0.94"), d("0.06")));
    // Break-even: 12 × round2(1,200 × k) ≥ 12,000 from k = 0.8334 (1,000.08; 0.8333 gives 999.96).
    assert_eq!(t.break_even_churn, Some(d("0.1666")));
    // The one account's bill: its from line, then its to line.
    let account = &t.line.accounts[0];
    assert_eq!((account.lines[0].name.as_str(), account.lines[1].name.as_str()), ("Seats", "New"));
    assert_eq!((account.lines[0].billed[11], account.lines[1].billed[12]), (d("1000"), d("1122.00")));
    assert_eq!(account.total, t.line.total);
}

#[test]
fn twenty_four_accounts_move_in_cohorts_at_renewal_or_all_at_launch() {
    // 24 accounts, 12 cohorts of 2, cohort c renewing in months c, c + 12. Each cohort: x = 0.2,
    // kept 0.935, line round2(2 × 0.935 × 1,200) = 2,244.00 a month; on from 2 × 1,000.
    let renewal = run(&scenario(24, &team(24, ""), PER_RESOLUTION, &format!("launch: 6, {CHURN}")));
    // Launch 6: cohorts 6..11 move in months 6..11, cohorts 0..5 in 12..17. Months on to:
    // (18 + 17 + … + 13) + (12 + 11 + … + 7) = 93 + 57 = 150 cohort-months; on from 288 − 150 =
    // 138. Total 138 × 2,000 + 150 × 2,244 = 276,000 + 336,600.
    assert_eq!(renewal.line.total, d("612600.00"));
    // Month 6: 11 cohorts on from (22,000) and one moved (2,244).
    assert_eq!(renewal.line.billed[6], d("24244.00"));
    assert_eq!((renewal.on_from[6], renewal.moved[6], renewal.lost[6]), (d("22"), d("1.87"), d("0.13")));
    assert_eq!((renewal.on_from[17], renewal.moved[17], renewal.lost[17]), (d("0"), d("22.44"), d("1.56")));
    // At launch: every cohort moves in month 6: 6 × 24,000 + 18 × 12 × 2,244.
    let launch = run(&scenario(24, &team(24, ""), PER_RESOLUTION, &format!("launch: 6, at: Launch, {CHURN}")));
    assert_eq!(launch.line.total, d("628704.00"));
    assert_eq!(launch.line.billed[5..7], ds(&["24000", "26928.00"])[..]);
    // One account's expected bill: the profile's over its 24 accounts (26,928 / 24 = 1,122).
    assert_eq!(launch.line.accounts[0].billed[6], d("1122"));
    // A profile renewing together (renewal: Some(3)) is one cohort: renewals 3, 15: it moves in 15.
    let together = run(&scenario(24, &team(24, ", renewal: Some(3)"), PER_RESOLUTION, "launch: 6"));
    assert_eq!(together.line.billed[14..16], ds(&["24000", "28800.00"])[..]);
    // Grandfathered 10 months past launch 6: cohorts move at their first renewal from month 16.
    let later = run(&scenario(24, &team(24, ""), PER_RESOLUTION, "launch: 6, grandfather: 10"));
    assert_eq!(later.on_from[15..18], ds(&["24", "22", "20"])[..]);
}

#[test]
fn the_new_plans_terms_start_at_the_move() {
    // `to`: resolutions at 1.00, a bundle of 3,000 a year paid upfront (2,000.00), a minimum of
    // 4,000.00 a year. The one account moves at launch, month 5: the bundle's terms are months
    // 5..16 and 17..28, the minimum's first true-up in month 16.
    let to = r#"(name: "New", charges: [Usage(name: "Resolution", metric: Resolutions, price: PerUnit("1.00"))],
        commitments: [Bundle(name: "Bucket", metric: Resolutions, units: 3000, price: "2000.00", term_months: 12),
                      Minimum(name: "Minimum", amount: "4000.00", term_months: 12)])"#;
    let t = run(&scenario(24, &team(1, ""), to, "launch: 5, at: Launch"));
    // Month 5: the payment, 500 covered. 6..10: covered (3,000 units last six months). 11..15:
    // 500 × 1.00. 16: 500 + the true-up 4,000 − 6 × 500 = 1,000. 17: the next payment, covered.
    // 18..22 covered; 23: 500 (the second term is cut by the horizon: no true-up).
    let expected = [
        "1000", "1000", "1000", "1000", "1000", "2000.00", "0", "0", "0", "0", "0", "500.00", "500.00", "500.00",
        "500.00", "500.00", "1500.00", "2000.00", "0", "0", "0", "0", "0", "500.00",
    ];
    assert_eq!(t.line.billed, ds(&expected));
    // Over months 5..16 to bills 6,000 against 12,000: x = −0.5, nobody leaves.
    assert_eq!(t.line.total, d("13500.00"));
    assert_eq!(t.lost[23], d("0"));
    // Billed from month 0 instead, the bundle would have been paid in months 0 and 12.
    let plan = &simulate(&t_scenario_with_plan_only(to)).unwrap().plans[1];
    assert_eq!((plan.billed[0], plan.billed[12]), (d("2000.00"), d("2000.00")));
}

fn t_scenario_with_plan_only(to: &str) -> Scenario {
    scenario(24, &team(1, ""), to, "launch: 5")
}

#[test]
fn a_free_plan_before_makes_any_bill_an_infinite_increase() {
    // from bills 0: any bill under to is x = +inf, beyond the last point: share 0.30, kept 0.7.
    let text = format!(
        r#"(format: 1, name: "T", start: "2024-01", months: 3, accounts: [{}],
            plans: [(name: "Free", charges: [Fee(name: "Nothing", amount: "0")]), {PER_RESOLUTION}],
            transitions: [(name: "Move", from: "Free", to: "New", launch: 1, at: Launch,
                           churn: [(increase: 0.50, share: 0.30)])])"#,
        team(1, "")
    );
    let t = run(&from_ron(&text).unwrap());
    // Month 0: 0; months 1, 2: round2(0.7 × 1,200) = 840.00.
    assert_eq!(t.line.billed, ds(&["0", "840.00", "840.00"]));
    assert_eq!((t.moved[2], t.lost[2]), (d("0.7"), d("0.3")));
    // from's total is 0: any share keeps the transition at or above it.
    assert_eq!(t.break_even_churn, Some(d("1.0000")));
    // A free plan moving to another free one: x = 0, nobody leaves.
    assert!(increase(Decimal::ZERO, Decimal::ZERO).abs() < f64::MIN_POSITIVE);
}

#[test]
fn break_even_is_the_largest_step_that_still_reaches_from() {
    // Brute force over every 0.0001 on a few cohorts of uneven sizes.
    let s = scenario(18, &team(7, ""), PER_RESOLUTION, "launch: 2, renewal_months: 5");
    let t = run(&s);
    let from_total = simulate(&s).unwrap().plans[0].total;
    let usage = crate::engine::workload(&s).unwrap().accounts;
    let total_at = |p: Decimal| {
        let mut total = Decimal::ZERO;
        for c in cohorts(7, None, 5) {
            let m0 = usize::try_from(move_month(&s.transitions[0], c)).unwrap().min(18);
            let n = Decimal::from(c.accounts);
            total += n * d("1000") * Decimal::from(m0);
            let to = billing::monthly_bills(&s.plans[1], &usage[0].months[m0..]).unwrap();
            total += to.iter().map(|b| round2(n * (Decimal::ONE - p) * b)).sum::<Decimal>();
        }
        total
    };
    let brute = (0..=10_000).rev().map(|p| Decimal::new(p, 4)).find(|p| total_at(*p) >= from_total);
    assert_eq!(t.break_even_churn, brute);
    assert!(brute.is_some());
    // A to plan that bills less than from even without churn: none.
    let cheaper = r#"(name: "New", charges: [Usage(name: "Resolution", metric: Resolutions, price: PerUnit("1.00"))])"#;
    assert_eq!(run(&scenario(18, &team(7, ""), cheaper, "launch: 2")).break_even_churn, None);
}

#[test]
fn cohorts_share_the_accounts_out_evenly() {
    let c = cohorts(25, None, 12);
    assert_eq!(c.iter().map(|c| c.accounts).sum::<u64>(), 25);
    assert_eq!((c[0].accounts, c[1].accounts, c[11].accounts), (3, 2, 2));
    assert!(cohorts(0, None, 12).is_empty());
    assert!(cohorts(0, Some(2), 12).is_empty());
    assert_eq!(cohorts(3, None, 1), [Cohort { accounts: 3, renewal: 0 }]);
}

#[test]
fn a_profile_of_no_accounts_adds_nothing_but_shows_one_accounts_bill() {
    let s = scenario(24, &team(0, ""), PER_RESOLUTION, "launch: 0, at: Launch");
    let t = run(&s);
    assert_eq!(t.line.total, Decimal::ZERO);
    assert_eq!(t.line.accounts[0].count, 0);
    assert_eq!(t.line.accounts[0].billed[0], d("1200.00"));
    assert_eq!(t.break_even_churn, Some(d("1.0000")));
}
