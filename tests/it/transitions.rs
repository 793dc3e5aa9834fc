//! Transitions (docs/semantics.md §8): properties over random scenarios, the rules of
//! validation at their field paths, and `simulate`'s outputs.

use super::cli::pricelab;
use super::properties::{config, money, scenario};
use pricelab::engine::simulate;
use pricelab::model::*;
use proptest::prelude::*;
use rust_decimal::Decimal;

/// `s` with its transitions replaced by one from plan `from` to plan `to` (indices).
fn with_transition(mut s: Scenario, from: usize, to: usize, t: Transition) -> Scenario {
    let n = s.plans.len();
    s.transitions = vec![Transition {
        name: "Move_".into(),
        from: s.plans[from % n].name.clone(),
        to: s.plans[to % n].name.clone(),
        ..t
    }];
    s
}

proptest! {
    #![proptest_config(config())]

    /// Everyone moving at month 0 of a new contract and nobody leaving is the plan moved to.
    #[test]
    fn moving_everyone_at_once_without_churn_is_the_new_plan(s in scenario(), to in 0_usize..4) {
        prop_assume!(s.plans.len() >= 2);
        let to = 1 + to % (s.plans.len() - 1);
        let t = Transition { at: MoveAt::Launch, ..Transition::default() };
        let s = with_transition(s, 0, to, t);
        let outcome = simulate(&s).unwrap();
        let (line, plan) = (&outcome.transitions[0].line, &outcome.plans[to]);
        prop_assert_eq!(&line.billed, &plan.billed);
        prop_assert_eq!(line.total, plan.total);
        prop_assert_eq!(&outcome.transitions[0].cost, &outcome.cost);
        for (a, b) in line.accounts.iter().zip(&plan.accounts).filter(|(a, _)| a.count > 0) {
            prop_assert_eq!(&a.billed, &b.billed);
        }
    }

    /// Nobody moving within the horizon is the plan they are on.
    #[test]
    fn a_move_past_the_horizon_is_the_old_plan(
        s in scenario(), to in 0_usize..4, at_launch in any::<bool>(), churn in super::properties::churn(),
    ) {
        prop_assume!(s.plans.len() >= 2);
        let to = 1 + to % (s.plans.len() - 1);
        // Past the horizon, and past every renewal profile's first renewal (below 40).
        let grandfather = s.months.max(40);
        let at = if at_launch { MoveAt::Launch } else { MoveAt::Renewal };
        let t = Transition { launch: 0, grandfather, at, renewal_months: 600, churn, ..Transition::default() };
        let s = with_transition(s, 0, to, t);
        let outcome = simulate(&s).unwrap();
        prop_assert_eq!(&outcome.transitions[0].line.billed, &outcome.plans[0].billed);
        prop_assert_eq!(&outcome.transitions[0].cost, &outcome.cost);
        prop_assert!(outcome.transitions[0].lost.iter().all(Decimal::is_zero));
        prop_assert_eq!(outcome.transitions[0].break_even_churn, Some(Decimal::ONE));
    }

    /// The accounts add up every month, and none is kept that was not there.
    #[test]
    fn accounts_on_from_moved_and_lost_add_up(s in scenario()) {
        prop_assume!(!s.transitions.is_empty());
        let accounts = Decimal::from(s.accounts.iter().map(|a| a.count).sum::<u64>());
        let outcome = simulate(&s).unwrap();
        for t in &outcome.transitions {
            for m in 0..t.on_from.len() {
                prop_assert_eq!(t.on_from[m] + t.moved[m] + t.lost[m], accounts);
                prop_assert!(t.moved[m] >= Decimal::ZERO && t.lost[m] >= Decimal::ZERO);
                prop_assert!(t.on_from[m] + t.moved[m] <= accounts);
                prop_assert!(t.moved[m].scale() <= 2);
            }
            // The lines of each profile's account add up to its bill, and the profiles to the
            // portfolio (one account's expected bill × count, to the cent).
            for (m, billed) in t.line.billed.iter().enumerate() {
                let sum: Decimal = t.line.accounts.iter().map(|a| Decimal::from(a.count) * a.billed[m]).sum();
                prop_assert!((sum - billed).abs() < Decimal::new(1, 6), "{} against {}", sum, billed);
            }
            if let Some(p) = t.break_even_churn {
                prop_assert!(p >= Decimal::ZERO && p <= Decimal::ONE && p.scale() == 4);
            }
        }
    }

    /// A dearer plan to move to never lowers the break-even churn.
    #[test]
    fn a_dearer_new_plan_never_lowers_the_break_even_churn(s in scenario(), fee in money(1000)) {
        prop_assume!(!s.transitions.is_empty());
        let to = s.plans.iter().position(|p| p.name == s.transitions[0].to).unwrap();
        // A fee adds to every month's bill (a minimum's true-up could give some of it back).
        prop_assume!(!s.plans[to].commitments.iter().any(|c| matches!(c, Commitment::Minimum { .. })));
        let before = simulate(&s).unwrap().transitions[0].break_even_churn;
        let mut dearer = s;
        dearer.plans[to].charges.push(Charge::Fee { name: "Extra_".into(), amount: fee });
        let after = simulate(&dearer).unwrap().transitions[0].break_even_churn;
        match (before, after) {
            (Some(b), Some(a)) => prop_assert!(a >= b, "{} then {}", b, a),
            (Some(b), None) => prop_assert!(false, "{} then none", b),
            _ => {}
        }
    }
}

/// A scenario with two plans, one profile and one transition of these fields.
fn one(fields: &str, account: &str) -> String {
    format!(
        r#"(format: 1, name: "T", start: "2024-01", months: 12,
            accounts: [(name: "Team", count: 3, conversations: 1000, resolution_rate: (start: 0.5, end: 0.5, months: 0),
                        seats: Fixed(10){account})],
            plans: [(name: "Seats", charges: [Usage(name: "Seat", metric: Seats, price: PerUnit("100"))]),
                    (name: "Per resolution", charges: [Usage(name: "Resolution", metric: Resolutions, price: PerUnit("2.40"))])],
            transitions: [{fields}])"#
    )
}

fn paths(text: &str) -> Vec<String> {
    let (s, _) = from_bytes_to_fix(text.as_bytes(), |_| Vec::new()).unwrap();
    validate(&s).iter().filter_map(|p| p.path().map(str::to_owned)).collect()
}

#[test]
fn every_rule_of_a_transition_is_a_problem_at_its_field() {
    let good = r#"(name: "Move", from: "Seats", to: "Per resolution", launch: 3)"#;
    assert_eq!(paths(&one(good, "")), Vec::<String>::new());
    assert_eq!(paths(&one(good, ", renewal: Some(700)")), Vec::<String>::new());
    let cases = [
        (r#"(name: " ", from: "Seats", to: "Per resolution", launch: 3)"#, vec!["transitions[0].name"]),
        (r#"(name: "Seats", from: "Seats", to: "Per resolution", launch: 3)"#, vec!["transitions[0].name"]),
        (
            r#"(name: "M", from: "Seats", to: "Per resolution", launch: 3), (name: "M", from: "Seats", to: "Per resolution", launch: 3)"#,
            vec!["transitions[1].name"],
        ),
        (r#"(name: "M", from: "Nope", to: "Per resolution", launch: 3)"#, vec!["transitions[0].from"]),
        (r#"(name: "M", from: "Seats", to: "Nope", launch: 3)"#, vec!["transitions[0].to"]),
        (r#"(name: "M", from: "Seats", to: "Seats", launch: 3)"#, vec!["transitions[0].to"]),
        (r#"(name: "M", from: "Seats", to: "Per resolution", launch: 12)"#, vec!["transitions[0].launch"]),
        (
            r#"(name: "M", from: "Seats", to: "Per resolution", launch: 3, renewal_months: 0)"#,
            vec!["transitions[0].renewal_months"],
        ),
        (
            r#"(name: "M", from: "Seats", to: "Per resolution", launch: 3, renewal_months: 601, grandfather: 601)"#,
            vec!["transitions[0].renewal_months", "transitions[0].grandfather"],
        ),
        (
            r#"(name: "M", from: "Seats", to: "Per resolution", launch: 3, churn: [(increase: 0, share: 0.1)])"#,
            vec!["transitions[0].churn[0].increase"],
        ),
        (
            r#"(name: "M", from: "Seats", to: "Per resolution", launch: 3,
                churn: [(increase: 0.5, share: 0.3), (increase: 0.5, share: 0.2), (increase: inf, share: 1.5)])"#,
            vec![
                "transitions[0].churn[1].increase",
                "transitions[0].churn[1].share",
                "transitions[0].churn[2].increase",
                "transitions[0].churn[2].share",
            ],
        ),
        (
            r#"(name: "M", from: "Seats", to: "Per resolution", launch: 3, churn: [(increase: NaN, share: -0.1)])"#,
            vec!["transitions[0].churn[0].increase", "transitions[0].churn[0].share"],
        ),
    ];
    for (fields, expected) in cases {
        assert_eq!(paths(&one(fields, "")), expected, "{fields}");
    }
    // Read from a file, a problem names the transition, as the other lists are named.
    let read = from_ron(&one(r#"(name: "M", from: "Seats", to: "Seats", launch: 3)"#, "")).unwrap_err();
    assert_eq!(read[0].path(), Some(r#"transitions["M"].to"#));
    assert!(read[0].message.contains("another plan"), "{}", read[0].message);
}

#[test]
fn transitions_are_written_only_when_set_and_read_back() {
    let text = one(
        r#"(name: "Move", from: "Seats", to: "Per resolution", launch: 3, at: Launch, renewal_months: 6,
            grandfather: 2, churn: [(increase: 0.10, share: 0.02), (increase: 0.5, share: 0.125)])"#,
        ", renewal: Some(4)",
    );
    let s = from_ron(&text).unwrap();
    let written = to_ron(&s);
    assert!(written.contains(
        "    transitions: [\n        (\n            name: \"Move\",\n            from: \"Seats\",\n            to: \"Per resolution\",\n            launch: 3,\n            at: Launch,\n            renewal_months: 6,\n            grandfather: 2,\n            churn: [(increase: 0.10, share: 0.02), (increase: 0.50, share: 0.125)],\n        ),\n    ],\n"
    ), "{written}");
    assert!(written.contains("            renewal: Some(4),\n"), "{written}");
    assert_eq!(from_ron(&written).unwrap(), s);
    // At their defaults, nothing is written.
    let plain = from_ron(&one(r#"(name: "Move", from: "Seats", to: "Per resolution", launch: 0)"#, "")).unwrap();
    let written = to_ron(&plain);
    assert!(written.contains("            launch: 0,\n        ),\n"), "{written}");
    assert!(!written.contains("renewal"), "{written}");
    let mut none = plain;
    none.transitions.clear();
    assert!(!to_ron(&none).contains("transitions"));
}

#[test]
fn a_changed_transition_is_one_change_named_like_a_plan() {
    let before = from_ron(&one(r#"(name: "Move", from: "Seats", to: "Per resolution", launch: 3)"#, "")).unwrap();
    let mut after = before.clone();
    after.transitions[0].launch = 5;
    after.transitions[0].at = MoveAt::Launch;
    after.accounts[0].renewal = Some(2);
    let changes: Vec<String> = diff::changes(&before, &after).iter().map(ToString::to_string).collect();
    assert_eq!(
        changes,
        [
            "account \"Team\", renewal: added",
            "transition \"Move\", launch: was 3, now 5",
            "transition \"Move\", at: was Renewal, now Launch",
        ]
    );
    let mut added = before.clone();
    added.transitions.push(Transition { name: "Back".into(), ..before.transitions[0].clone() });
    let changes: Vec<String> = diff::changes(&before, &added).iter().map(ToString::to_string).collect();
    assert_eq!(changes, ["transition \"Back\": added"]);
}

/// The hand-worked scenario of the engine's tests (src/engine/transition/tests.rs), on the
/// command line.
const FILE: &str = r#"(format: 1, name: "Move", start: "2024-01", months: 24,
    accounts: [(name: "Team", count: 1, conversations: 1000, resolution_rate: (start: 0.5, end: 0.5, months: 0), seats: Fixed(10))],
    plans: [(name: "Seats", charges: [Usage(name: "Seat", metric: Seats, price: PerUnit("100"))]),
            (name: "Per resolution", charges: [Usage(name: "Resolution", metric: Resolutions, price: PerUnit("2.40"))])],
    transitions: [(name: "Move to per resolution", from: "Seats", to: "Per resolution", launch: 3,
                   churn: [(increase: 0.10, share: 0.02), (increase: 0.50, share: 0.20)])],
    costs: (per_ai_conversation: "0.10"))"#;

#[test]
fn simulate_writes_transitions_after_the_plans() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("move.ron");
    std::fs::write(&path, FILE).unwrap();
    let file = path.to_str().unwrap();

    let out = pricelab(&["simulate", file, "--format", "json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let t = &json["plans"][2];
    assert_eq!(t["name"], "Move to per resolution");
    assert_eq!(t["total"], "25464.00");
    assert_eq!((&t["billed"][11], &t["billed"][12]), (&"1000.00".into(), &"1122.00".into()));
    assert_eq!((&t["cost"][11], &t["cost"][12]), (&"100.00".into(), &"93.50".into()));
    assert_eq!(t["margin"], "23142.00");
    // Never below the baseline (equal until the move): no crossover.
    assert_eq!(t["crossover"], serde_json::Value::Null);
    assert_eq!(t["accounts"][0]["lines"][1]["name"], "Per resolution");
    let moves = &t["transition"];
    assert_eq!((&moves["from"], &moves["to"]), (&"Seats".into(), &"Per resolution".into()));
    assert_eq!((moves["on_from"][11].as_f64(), moves["on_from"][12].as_f64()), (Some(1.0), Some(0.0)));
    assert_eq!((moves["moved"][12].as_f64(), moves["lost"][12].as_f64()), (Some(0.94), Some(0.06)));
    assert_eq!(moves["break_even_churn"], "0.1666");
    // The Monte Carlo's lines: the plans, then the transition, in the same shape.
    let out = pricelab(&["simulate", file, "--format", "json", "--trials", "3", "--budget", "1500"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let lines = json["monte_carlo"]["plans"].as_array().unwrap();
    assert_eq!(
        lines.iter().map(|l| l["name"].as_str().unwrap()).collect::<Vec<_>>(),
        ["Seats", "Per resolution", "Move to per resolution"]
    );
    // Until the move the one account is billed under "Seats" in every trial: 10 seats × 100.
    assert_eq!(
        (&lines[2]["monthly"]["p10"][0], &lines[2]["monthly"]["p90"][11]),
        (&"1000.00".into(), &"1000.00".into())
    );
    assert_eq!(lines[2]["monthly"]["mean"].as_array().map(Vec::len), Some(24));
    let budget = json["monte_carlo"]["budget"]["plans"].as_array().unwrap();
    assert_eq!(budget.len(), 3);
    assert_eq!(budget[2]["name"], "Move to per resolution");

    let out = pricelab(&["simulate", file, "--format", "csv"]);
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.contains("\nMove to per resolution,Team,1,2025-01,1000,1000,500,10,1122.00,1122.00\n"), "{csv}");
    assert_eq!(csv.lines().count(), 1 + 3 * 24);
    let out = pricelab(&["simulate", file, "--format", "csv", "--trials", "3"]);
    let csv = String::from_utf8(out.stdout).unwrap();
    let last = csv.lines().last().unwrap();
    assert!(last.starts_with("Move to per resolution,Team,1,2025-12,") && !last.ends_with(",,,,"), "{csv}");
    let first = csv.lines().find(|l| l.starts_with("Move to per resolution,Team,1,2024-01,")).unwrap();
    assert!(first.ends_with(",1000.00,1000.00,1000.00,1000.00,1000.00,1000.00"), "{first}");

    let out = pricelab(&["simulate", file]);
    let table = String::from_utf8(out.stdout).unwrap();
    let row = table.lines().find(|l| l.starts_with("Move to per resolution  ")).unwrap();
    assert!(row.contains("25,464.00") && row.trim_end().ends_with("none"), "{table}");
    assert!(
        table.lines().any(|l| l.starts_with("Move to per resolution  Seats  Per resolution") && l.ends_with("16.66%")),
        "{table}"
    );
}
