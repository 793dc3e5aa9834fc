//! `pricelab sweep`, `solve` and `tornado` run as a user would: answers worked on paper, and
//! every misuse exits 2 saying what would be right.

use std::process::{Command, Output};

pub(crate) fn pricelab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pricelab")).args(args).output().unwrap()
}

/// Two accounts × 2 months × 400 resolutions and 10 seats: seats earn 4,000; resolutions
/// 1,600 × the price.
pub(crate) const SMALL: &str = r#"(format: 1, name: "Small", start: "2025-01", months: 2,
    accounts: [(name: "Team", count: 2, conversations: 1000,
                ai_involvement: (start: 0.8, end: 0.8, months: 0),
                resolution_rate: (start: 0.5, end: 0.5, months: 0), seats: Fixed(10))],
    plans: [(name: "Seats", charges: [Usage(name: "Seat", metric: Seats, price: PerUnit("100"))]),
            (name: "Per resolution", charges: [Usage(name: "Resolution", metric: Resolutions, price: PerUnit("0.99"))])])"#;

const PRICE: &str = r#"plans["Per resolution"].charges["Resolution"].price"#;

fn small() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("small.ron");
    std::fs::write(&path, SMALL).unwrap();
    let path = path.to_string_lossy().into_owned();
    (dir, path)
}

/// `pricelab solve FILE --vary PRICE --plan PLAN --target TARGET` and `extra`.
fn solve(file: &str, plan: &str, target: &str, extra: &[&str]) -> Output {
    let mut args = vec!["solve", file, "--vary", PRICE, "--plan", plan, "--target", target];
    args.extend(extra);
    pricelab(&args)
}

#[test]
fn solve_finds_the_revenue_neutral_price() {
    let (_dir, file) = small();
    let o = solve(&file, "Per resolution", "baseline", &["--format", "json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // 1,600 × x ≥ 4,000 ⇔ x ≥ 2.50; at 2.49, 3,984.
    assert_eq!(v["value"], "2.50");
    assert_eq!(v["target"], "4000.00");
    assert_eq!(v["figure_at_value"], "4000.00");
    assert_eq!(v["figure_below"], "3984.00");
    let unreachable = solve(&file, "Per resolution", "baseline", &["--range", "0..2", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&unreachable.stdout).unwrap();
    assert_eq!((v["value"].is_null(), &v["unreachable"]["figure"]), (true, &serde_json::json!("3200.00")));
}

#[test]
fn solve_finds_the_price_that_keeps_a_margin() {
    let dir = tempfile::tempdir().unwrap();
    // SMALL with a cost of $0.10 an AI conversation: 2 accounts × 2 months × 800 = $320.
    let text = format!("{}, costs: (per_ai_conversation: \"0.10\"))", SMALL.strip_suffix(')').unwrap());
    let file = dir.path().join("costed.ron");
    std::fs::write(&file, text).unwrap();
    let file = file.to_string_lossy().into_owned();
    let json = |target: &str| {
        let o = solve(&file, "Per resolution", target, &["--measure", "margin", "--format", "json"]);
        assert!(o.status.success(), "{target}: {}", String::from_utf8_lossy(&o.stderr));
        serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()
    };
    // Covering the cost: 1,600 × x − 320 ≥ 0 ⇔ x ≥ 0.20; at 0.19 the margin is −16.
    let v = json("0");
    assert_eq!((&v["measure"], &v["value"], &v["target"]), (&"margin".into(), &"0.20".into(), &"0.00".into()));
    assert_eq!((&v["figure_at_value"], &v["figure_below"]), (&"0.00".into(), &"-16.00".into()));
    // A 25% gross margin: 1,200 × x ≥ 320 ⇔ x ≥ 0.27 (a margin of 112 on a bill of 432, whose
    // quarter is 108).
    let v = json("25%");
    assert_eq!(
        (&v["value"], &v["target"], &v["figure_at_value"]),
        (&"0.27".into(), &"108.00".into(), &"112.00".into())
    );
    // Against the baseline: the revenue's price, the figures less the cost.
    let v = json("baseline");
    assert_eq!((&v["value"], &v["target"]), (&"2.50".into(), &"3680.00".into()));
    // The revenue's answer says no measure (as it always has).
    let o = solve(&file, "Per resolution", "baseline", &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v.get("measure").is_none(), "{v}");
    // The table says which figure it is.
    let o = solve(&file, "Per resolution", "25%", &["--measure", "margin"]);
    let table = String::from_utf8(o.stdout).unwrap();
    assert!(table.contains("keeps a margin of at least 25% of its revenue (108.00)"), "{table}");
    // A share needs the margin, and is below 100%: misuses.
    for (target, extra, says) in [
        ("25%", &[][..], "add --measure margin"),
        ("100%", &["--measure", "margin"][..], "from 0% up to (not including) 100%"),
        ("x%", &["--measure", "margin"][..], "a margin share is written like 70%"),
    ] {
        let o = solve(&file, "Per resolution", target, extra);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{target}: {err}");
        assert!(err.contains(says), "{target}: {err}");
    }
}

#[test]
fn sweep_writes_every_point_and_plan() {
    let (_dir, file) = small();
    let o =
        pricelab(&["sweep", &file, "--vary", PRICE, "--from", "0.5", "--to", "1.5", "--steps", "2", "--format", "csv"]);
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "value,plan,total,margin,support_cost");
    assert_eq!(lines.len(), 1 + 3 * 2);
    assert!(lines.contains(&"1.5,Per resolution,2400.00,2400.00,2400.00"), "{text}");
    let table = pricelab(&["sweep", &file, "--vary", PRICE, "--from", "2", "--to", "3", "--steps", "2"]);
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(table.contains("Per resolution meets Seats at 2.5"), "{table}");
    let table = pricelab(&["sweep", &file, "--vary", PRICE, "--from", "2", "--to", "3", "--steps", "1"]);
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(table.contains("Per resolution overtakes Seats between 2 and 3"), "{table}");
}

#[test]
fn tornado_ranks_the_largest_swing_first() {
    let (_dir, file) = small();
    let o = pricelab(&["tornado", &file, "--format", "json"]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["swing"], "0.2");
    let seats = &v["plans"][0];
    assert_eq!(seats["base"], "4000.00");
    // Seats at 8 and 12: 3,200 and 4,800.
    assert_eq!(seats["rows"][0]["parameter"], r#"accounts["Team"].seats"#);
    assert_eq!(
        (&seats["rows"][0]["low"], &seats["rows"][0]["high"]),
        (&serde_json::json!("3200.00"), &serde_json::json!("4800.00"))
    );
}

#[test]
fn tables_show_real_values_as_people_write_them_and_json_keeps_them_exact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("growth.ron");
    std::fs::write(&path, SMALL.replace("conversations: 1000,", "conversations: 1000, growth: 0.1,")).unwrap();
    let file = path.to_string_lossy();
    let growth = r#"accounts["Team"].growth"#;
    // 0.1 × (1 − 0.2) is 0.08000000000000002 in f64.
    let table = pricelab(&["tornado", &file, "--vary", growth]);
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(table.contains("0.08 → 0.12") && !table.contains("0.0800000"), "{table}");
    let json = pricelab(&["tornado", &file, "--vary", growth, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["plans"][0]["rows"][0]["low_value"], "0.08000000000000002");
    // A sweep's steps: 0.01 + 0.29 × 2 / 10 is 0.06799999999999999 in f64.
    let sweep = pricelab(&["sweep", &file, "--vary", growth, "--from", "0.01", "--to", "0.3", "--steps", "10"]);
    let sweep = String::from_utf8(sweep.stdout).unwrap();
    assert!(sweep.lines().any(|l| l.starts_with("0.068 ")) && !sweep.contains("9999999"), "{sweep}");
}

#[test]
fn misuse_exits_2_and_says_what_would_be_right() {
    let (_dir, file) = small();
    let nope = r#"plans["Seats"].charges["Nope"].price"#;
    let discount = r#"plans["Per resolution"].discount"#;
    let cases: [(Output, &str); 9] = [
        (pricelab(&["sweep", &file, "--vary", nope, "--from", "1", "--to", "2"]), r#""Seat""#),
        (pricelab(&["sweep", &file, "--vary", PRICE, "--from", "1", "--to", "2", "--steps", "0"]), "1..=1000"),
        (pricelab(&["tornado", &file, "--swing", "1.5"]), "(0, 1]"),
        (solve(&file, "Nope", "baseline", &[]), r#""Per resolution""#),
        (
            pricelab(&["solve", &file, "--vary", discount, "--plan", "Per resolution", "--target", "baseline"]),
            "cannot be solved for",
        ),
        (solve(&file, "Seats", "baseline", &[]), "not a parameter of the plan"),
        (solve(&file, "Per resolution", "baseline", &["--range", "0.001..2"]), "whole number of cents"),
        (solve(&file, "Per resolution", "baseline", &["--year", "2"]), "1 to 1"),
        (solve(&file, "Per resolution", "plan:Nope", &[]), "no plan is named"),
    ];
    for (i, (o, says)) in cases.iter().enumerate() {
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "case {i}: {err}");
        assert!(err.contains(says), "case {i} should say {says:?}: {err}");
    }
}
