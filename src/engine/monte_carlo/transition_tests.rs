//! Transitions in the Monte Carlo (docs/semantics.md §8.7): their figures against the plans'
//! where the rules say they are equal, the draws of kept accounts, and the plans' figures left
//! as they were.

use super::{MonteCarlo, PlanSpread, Silent, run, run_exact};
use crate::model::{ChurnPoint, MoveAt, Scenario, Transition, from_ron};
use rust_decimal::Decimal;

/// Two profiles (seven accounts spread over three renewal cohorts, two renewing together), and
/// plans billed every way the Monte Carlo bills: wholly linear, in whole cents account by
/// account (tiers, included units, a bundle), and in decimals (a minimum spend).
const BOOK: &str = r#"(format: 1, name: "Book", start: "2025-01", months: 14,
    accounts: [
        (name: "Small", count: 7, conversations: 900, ai_involvement: (start: 0.6, end: 0.9, months: 6),
         resolution_rate: (start: 0.4, end: 0.7, months: 10), seats: Staffed(start: 6, conversations_per_seat: 250.0, minimum: 2, term_months: 3)),
        (name: "Large", count: 2, conversations: 20000, renewal: Some(1), ai_involvement: (start: 0.8, end: 0.8, months: 0),
         resolution_rate: (start: 0.5, end: 0.6, months: 12), seats: Fixed(40), agent_cost: "12.5"),
    ],
    plans: [
        (name: "Seats", charges: [Usage(name: "Seat", metric: Seats, price: PerUnit("85.00"))]),
        (name: "Tiers", charges: [
            Usage(name: "Seat", metric: Seats, price: PerUnit("20.00")),
            Usage(name: "Resolution", metric: Resolutions, included: 50, price: Volume([
                (up_to: Some(1000), unit_price: "0.99"), (up_to: None, unit_price: "0.79")])),
        ]),
        (name: "Bundle", charges: [Usage(name: "Resolution", metric: Resolutions, price: PerUnit("0.90"))],
         commitments: [Bundle(name: "Bucket", metric: Resolutions, units: 3000, price: "2500.00", term_months: 6, billing: Monthly)]),
        (name: "Minimum", charges: [Usage(name: "AI", metric: AiConversations, price: PerUnit("0.35"))],
         commitments: [Minimum(name: "Floor", amount: "1000.00", term_months: 4)]),
        (name: "Dear", charges: [Usage(name: "Seat", metric: Seats, price: PerUnit("300.00"))]),
    ],
    costs: (per_ai_conversation: "0.10"),
    simulation: (volume_noise: 0.25, resolution_noise: 0.1))"#;

fn book() -> Scenario {
    from_ron(BOOK).unwrap()
}

/// `s` with one transition from plan `from` to plan `to`, the rest as in `t`.
fn moving(mut s: Scenario, from: usize, to: usize, t: Transition) -> Scenario {
    let (from, to) = (s.plans[from].name.clone(), s.plans[to].name.clone());
    s.transitions.push(Transition { name: "Move".into(), from, to, ..t });
    s
}

/// Every figure of a line but its name.
fn same_figures(line: &PlanSpread, plan: &PlanSpread) {
    assert_eq!(line.bills, plan.bills, "{} against {}", line.name, plan.name);
    assert_eq!(line.monthly, plan.monthly);
    assert_eq!(line.total, plan.total);
    assert_eq!(line.worst, plan.worst);
    assert_eq!(line.margin, plan.margin);
    assert_eq!(line.support_total, plan.support_total);
}

fn both(s: &Scenario, trials: u64, seed: u64) -> [MonteCarlo; 2] {
    [run(s, trials, seed, &Silent).unwrap(), run_exact(s, trials, seed, &Silent).unwrap()]
}

#[test]
fn everyone_moving_at_once_without_churn_is_the_new_plan() {
    for to in 1..5 {
        let t = Transition { launch: 0, at: MoveAt::Launch, ..Transition::default() };
        let s = moving(book(), 0, to, t);
        for mc in both(&s, 37, 11) {
            same_figures(&mc.transitions[0], &mc.plans[to]);
        }
    }
    // From a plan with commitments to the linear one.
    let s = moving(book(), 3, 0, Transition { at: MoveAt::Launch, ..Transition::default() });
    for mc in both(&s, 37, 12) {
        same_figures(&mc.transitions[0], &mc.plans[0]);
    }
}

#[test]
fn a_move_past_the_horizon_is_the_old_plan() {
    let churn = vec![ChurnPoint { increase: 0.01, share: 0.5 }];
    for (from, at) in [(0, MoveAt::Renewal), (2, MoveAt::Launch), (3, MoveAt::Renewal)] {
        let t = Transition { launch: 2, grandfather: 20, at, churn: churn.clone(), ..Transition::default() };
        let s = moving(book(), from, 1, t);
        for mc in both(&s, 29, 5) {
            same_figures(&mc.transitions[0], &mc.plans[from]);
        }
    }
}

#[test]
fn a_churn_of_everyone_leaves_nothing_after_the_move() {
    // "Dear" bills more than "Seats" in every cohort: everyone leaves at the move.
    let churn = vec![ChurnPoint { increase: 1e-9, share: 1.0 }];
    let t = Transition { launch: 4, at: MoveAt::Launch, churn, ..Transition::default() };
    let s = moving(book(), 0, 4, t);
    let outcome = crate::engine::simulate(&s).unwrap();
    assert!(
        outcome.transitions[0].lost[4..].iter().all(|l| *l == Decimal::from(9)),
        "{:?}",
        outcome.transitions[0].lost
    );
    let mc = run(&s, 41, 3, &Silent).unwrap();
    let (line, from) = (&mc.transitions[0], &mc.plans[0]);
    let trials = line.trials();
    assert_eq!(line.bills[..4 * trials], from.bills[..4 * trials], "the months before the move are the old plan's");
    assert!(line.bills[4 * trials..].iter().all(|b| *b == 0));
    assert!(line.monthly[4..].iter().all(|m| *m == super::Spread::default()));
    // No account left after the move: its seats cost the customers nothing more.
    assert!(line.support_total.p90 < from.support_total.p10);
}

#[test]
fn a_cohort_keeps_at_most_its_accounts_and_about_its_share() {
    let churn = vec![ChurnPoint { increase: 1e-9, share: 0.4 }];
    let mut s = moving(book(), 0, 4, Transition { launch: 1, churn, ..Transition::default() });
    s.accounts[0].count = 3000;
    let setup = super::Setup::new(&s, false, super::transitions::Moves::of(&s).unwrap());
    let mut lines = super::transitions::Lines::new(&s, &setup).unwrap();
    let (mut kept, mut accounts) = (0_u64, 0_u64);
    for trial in 0..200 {
        lines.start(&setup, 9, trial);
        for (profile, moves) in lines.kept(0).iter().zip(setup.transitions[0].profiles()) {
            for (k, cohort) in profile.iter().zip(moves) {
                assert!(*k <= cohort.accounts);
                if cohort.kept < Decimal::ONE {
                    kept += k;
                    accounts += cohort.accounts;
                }
            }
        }
    }
    // 0.6 of about 600,000 account-draws: a standard error of about 0.0006.
    #[allow(clippy::cast_precision_loss)]
    let share = kept as f64 / accounts as f64;
    assert!((share - 0.6).abs() < 0.004, "{share}");
}

#[test]
fn a_transition_changes_none_of_the_plans_figures() {
    let s = book();
    let churn = vec![ChurnPoint { increase: 0.05, share: 0.3 }];
    let with = moving(s.clone(), 0, 2, Transition { launch: 3, churn, ..Transition::default() });
    for (plain, moved) in both(&s, 53, 8).iter().zip(both(&with, 53, 8)) {
        assert_eq!(plain.plans, moved.plans);
        assert!(plain.transitions.is_empty());
        assert_eq!(moved.transitions.len(), 1);
        assert_eq!(moved.lines().count(), 6);
    }
}

#[test]
fn transitions_are_the_same_on_any_number_of_threads() {
    let churn = vec![ChurnPoint { increase: 0.05, share: 0.3 }];
    let s = moving(book(), 0, 3, Transition { launch: 3, churn, ..Transition::default() });
    let on = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        pool.install(|| run(&s, 263, 4, &Silent).unwrap())
    };
    let one = on(1);
    assert_eq!(one, on(2));
    assert_ne!(one.transitions[0].bills, run(&s, 263, 5, &Silent).unwrap().transitions[0].bills);
}
