//! Transitions in the analyses and the backtest (docs/analyses.md, docs/import.md): a property
//! over random scenarios, a backtest worked by hand, and the command line.

use super::cli::{pricelab, stderr, succeeds, write_temp};
use super::properties::scenario;
use pricelab::engine::analyses::{self, Param, Path};
use pricelab::engine::monte_carlo::Silent;
use pricelab::model::*;
use proptest::prelude::*;
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Everyone moving at month 0 without churn is the plan moved to, at every point of a sweep
    /// of the usage and of that plan's discount.
    #[test]
    fn moving_everyone_at_once_without_churn_sweeps_as_the_new_plan(s in scenario(), to in 0_usize..4) {
        prop_assume!(s.plans.len() >= 2);
        let mut s = s;
        let to = 1 + to % (s.plans.len() - 1);
        s.transitions = vec![Transition {
            name: "Move_".into(),
            from: s.plans[0].name.clone(),
            to: s.plans[to].name.clone(),
            at: MoveAt::Launch,
            ..Transition::default()
        }];
        let line = s.plans.len();
        let paths = [
            ("accounts[0].conversations".to_string(), d("0"), d("2000")),
            (format!("plans[{to}].discount"), d("0"), d("0.5")),
        ];
        for (path, from, till) in paths {
            let param = Param::resolve(&s, &Path::parse(&path).unwrap()).unwrap();
            let points = analyses::sweep(&s, param, from, till, 2, &Silent).unwrap();
            for p in &points {
                if let Ok(f) = &p.figures {
                    prop_assert_eq!(f.len(), line + 1);
                    prop_assert_eq!(f[line], f[to], "{} at {}", path, p.value);
                }
            }
        }
    }
}

/// Three recorded customers over four months of six, on seats at $100 or per resolution at
/// $0.99, moving with contracts of two months from month 1; half of a cohort leaves from a
/// doubled bill.
const SCENARIO: &str = r#"(format: 1, name: "Recorded move", start: "2024-01", months: 6,
    accounts: [
        (name: "Acme", conversations: 1000, ai_involvement: (start: 0.8, end: 0.8, months: 0),
         resolution_rate: (start: 0.5, end: 0.5, months: 0), seats: Fixed(10), renewal: Some(3)),
        (name: "Beta", conversations: 500, resolution_rate: (start: 0.5, end: 0.5, months: 0), seats: Fixed(4)),
        (name: "Gamma", conversations: 1000, resolution_rate: (start: 0.9, end: 0.9, months: 0), seats: Fixed(1),
         renewal: Some(0)),
    ],
    plans: [
        (name: "Seats", charges: [Usage(name: "Seat", metric: Seats, price: PerUnit("100"))]),
        (name: "Per resolution", charges: [Usage(name: "Resolution", metric: Resolutions, price: PerUnit("0.99"))]),
    ],
    transitions: [(name: "Move", from: "Seats", to: "Per resolution", launch: 1, renewal_months: 2,
                   churn: [(increase: 1.0, share: 0.5)])],
    history: "usage.csv")"#;

/// Every month alike: Acme 400 resolutions and 10 seats (1,000.00 or 396.00 a month), Beta 250
/// and 4 (400.00 or 247.50), Gamma 900 and 1 (100.00 or 891.00).
const USAGE: &str = "account,month,conversations,ai_conversations,resolutions,seats
Acme,2024-01,1000,800,400,10
Acme,2024-02,1000,800,400,10
Acme,2024-03,1000,800,400,10
Acme,2024-04,1000,800,400,10
Beta,2024-01,500,500,250,4
Beta,2024-02,500,500,250,4
Beta,2024-03,500,500,250,4
Beta,2024-04,500,500,250,4
Gamma,2024-01,1000,1000,900,1
Gamma,2024-02,1000,1000,900,1
Gamma,2024-03,1000,1000,900,1
Gamma,2024-04,1000,1000,900,1
";

fn recorded() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    write_temp(&dir, "usage.csv", USAGE.as_bytes());
    let path = write_temp(&dir, "s.ron", SCENARIO.as_bytes());
    (dir, path)
}

/// Each customer is a cohort of its own: Acme renews in month 3 (moves then), Beta (no renewal
/// set) in months 0, 2, 4 (moves in 2), Gamma in 0, 2 (moves in 2). Over the four recorded
/// months:
/// - Acme: 3 × 1,000 + 396 = 3,396.00 (its bill falls: nobody leaves), −604.00, −15.10%;
/// - Beta: 2 × 400 + 2 × 247.50 = 1,295.00, −305.00, −19.06% (19.0625);
/// - Gamma: its bill rises 7.91 times over, past the last point: half leaves, its line
///   round2(0.5 × 891) = 445.50: 2 × 100 + 2 × 445.50 = 1,091.00, +691.00, +172.75%.
#[test]
fn a_backtest_bills_each_recorded_customer_under_a_transition_by_hand() {
    let (_dir, path) = recorded();
    let s = pricelab::io::read_scenario(std::path::Path::new(&path)).unwrap();
    let b = pricelab::engine::backtest::backtest(&s, 10).unwrap();
    let names: Vec<&str> = b.plans.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Seats", "Per resolution", "Move"]);
    let moved: Vec<Decimal> = b.customers.iter().map(|c| c.totals[2]).collect();
    assert_eq!(moved, [d("3396.00"), d("1295.00"), d("1091.00")]);
    let pct: Vec<Option<Decimal>> = b.customers.iter().map(|c| c.change_pct(2)).collect();
    assert_eq!(pct, [Some(d("-15.10")), Some(d("-19.06")), Some(d("172.75"))]);
    let line = &b.plans[2];
    assert_eq!((line.total, line.change, line.up, line.down), (d("5782.00"), d("-218.00"), 1, 2));

    let json: serde_json::Value = serde_json::from_slice(&succeeds(&["backtest", &path, "--format", "json"])).unwrap();
    assert_eq!(json["accounts"][2]["plans"][2], serde_json::json!({"name": "Move", "total": "1091.00"}));
    assert_eq!(json["plans"][2]["name"], "Move");
    assert_eq!(
        json["plans"][2]["top_increases"][0],
        serde_json::json!({"name": "Gamma", "change": "691.00", "change_pct": "172.75"})
    );
    let csv = String::from_utf8(succeeds(&["backtest", &path, "--format", "csv"])).unwrap();
    assert!(csv.contains("Beta,Move,1295.00,1600.00,-305.00,-19.06\n"), "{csv}");
    let table = String::from_utf8(succeeds(&["backtest", &path])).unwrap();
    assert!(table.contains("Largest increases under Move:"), "{table}");
}

/// 24 accounts renewing in 12 cohorts of 2, moving from launch 6 to a plan 20% dearer (see
/// `engine::analyses`' hand-worked transitions): 612,600.00 over 24 months.
const BOOK: &str = r#"(format: 1, name: "Book", start: "2024-01", months: 24,
    accounts: [(name: "Team", count: 24, conversations: 1000,
                resolution_rate: (start: 0.5, end: 0.5, months: 0), seats: Fixed(10))],
    plans: [(name: "Seats", charges: [Usage(name: "Seat", metric: Seats, price: PerUnit("100"))]),
            (name: "New", charges: [Usage(name: "Resolution", metric: Resolutions, price: PerUnit("2.40"))])],
    transitions: [(name: "Move", from: "Seats", to: "New", launch: 6,
                   churn: [(increase: 0.10, share: 0.02), (increase: 0.50, share: 0.20)])],
    costs: (per_ai_conversation: "0.10"))"#;

#[test]
fn sweep_lists_a_transition_after_the_plans() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_temp(&dir, "book.ron", BOOK.as_bytes());
    let vary = r#"transitions["Move"].launch"#;
    let args = ["sweep", &path, "--vary", vary, "--from", "0", "--to", "12", "--steps", "2"];
    let table = String::from_utf8(succeeds(&args)).unwrap();
    assert!(table.contains("Seats") && table.contains("New") && table.contains("Move"), "{table}");
    assert!(table.contains("630,168.00") && table.contains("595,032.00"), "{table}");
    let json: serde_json::Value =
        serde_json::from_slice(&succeeds(&[&args[..], &["--format", "json"]].concat())).unwrap();
    assert_eq!(json["parameter"], vary);
    let names: Vec<&str> =
        json["points"][1]["plans"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Seats", "New", "Move"]);
    // Launch 6: 138 cohort-months × 200 + 150 × 187.00 = 55,650.00 of cost.
    assert_eq!(
        json["points"][1]["plans"][2],
        serde_json::json!({"name": "Move", "total": "612600.00", "margin": "556950.00", "support_cost": "612600.00"})
    );
    let csv = String::from_utf8(succeeds(&[&args[..], &["--format", "csv"]].concat())).unwrap();
    assert!(csv.contains("12,Move,595032.00,"), "{csv}");
    // A profile spread over the months has no renewal to vary: a misuse.
    let out = pricelab(&["sweep", &path, "--vary", "accounts[0].renewal", "--from", "0", "--to", "3"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no renewal set"), "{}", stderr(&out));
}

#[test]
fn solve_finds_the_price_at_which_a_transition_earns_the_baseline() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_temp(&dir, "book.ron", BOOK.as_bytes());
    let price = r#"plans["New"].charges["Resolution"].price"#;
    let args = ["solve", &path, "--vary", price, "--plan", "Move", "--target", "baseline", "--format", "json"];
    let json: serde_json::Value = serde_json::from_slice(&succeeds(&args)).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"parameter": price, "plan": "Move", "target": "576000.00", "value": "2.00",
                           "figure_at_value": "576000.00", "figure_below": "574500.00", "unreachable": null})
    );
    // A price of the plan customers leave is not one of the plan they move to.
    let out =
        pricelab(&["solve", &path, "--vary", "plans[0].charges[0].price", "--plan", "Move", "--target", "baseline"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("moves to"), "{}", stderr(&out));
    // A transition is not a target.
    let out = pricelab(&["solve", &path, "--vary", price, "--plan", "New", "--target", "plan:Move"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn tornado_ranks_a_transitions_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_temp(&dir, "book.ron", BOOK.as_bytes());
    let json: serde_json::Value = serde_json::from_slice(&succeeds(&["tornado", &path, "--format", "json"])).unwrap();
    let line = &json["plans"][2];
    assert_eq!((&line["name"], &line["base"]), (&serde_json::json!("Move"), &serde_json::json!("612600.00")));
    let row = line["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["parameter"] == r#"transitions["Move"].churn[1].share"#)
        .unwrap();
    assert_eq!((&row["low"], &row["high"]), (&serde_json::json!("616200.00"), &serde_json::json!("609000.00")));
    let csv = String::from_utf8(succeeds(&["tornado", &path, "--format", "csv"])).unwrap();
    assert!(csv.contains("Move,612600.00,\"transitions[\"\"Move\"\"].launch\",5,7,615528.00,609672.00\n"), "{csv}");
}
