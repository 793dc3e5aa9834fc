//! What a new user of the command line meets in the first hour: a budget read year by year, a
//! check that says when it stopped reading, help that says what the command writes.

use std::process::{Command, Output};

fn pricelab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pricelab")).args(args).output().unwrap()
}

/// 1,000 conversations a month, 1.5× in November and 2× in December, growing 50% a year, billed
/// 1.00 each; no volume noise, so conversations — and the bill — are the same in every trial.
const SEASONAL: &str = r#"(format: 1, name: "Seasonal", start: "2025-01", months: 30,
    accounts: [(name: "Shop", conversations: 1000, growth: 0.5,
        seasonality: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1.5, 2.0],
        resolution_rate: (start: 0.5, end: 0.5, months: 0), seats: Fixed(1))],
    plans: [(name: "Per conversation", charges: [Usage(name: "Conversation", metric: Conversations, price: PerUnit("1"))])],
    simulation: (trials: 50, volume_noise: 0.0, resolution_noise: 0.1))"#;

/// Against a budget of 1,200, month `m` (from 0) bills 1,000 × 1.5^(m/12) × its season: in year 1
/// June is 1,184 and July 1,225, so July to December are over it (6 of 12 months); from January of
/// year 2 (1,500) every month is; year 3 has six months, all over.
#[test]
fn a_budget_is_read_year_by_year_in_the_table_and_the_json() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("seasonal.ron");
    std::fs::write(&path, SEASONAL).unwrap();
    let path = path.to_str().unwrap();
    let out = pricelab(&["simulate", path, "--budget", "1200", "--format", "json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let years = &json["monte_carlo"]["budget"]["plans"][0]["years"];
    let got: Vec<(u64, &str, &str, f64, f64)> = years
        .as_array()
        .unwrap()
        .iter()
        .map(|y| {
            (
                y["year"].as_u64().unwrap(),
                y["first"].as_str().unwrap(),
                y["last"].as_str().unwrap(),
                y["chance"].as_f64().unwrap(),
                y["months"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (1, "2025-01", "2025-12", 0.5, 6.0),
            (2, "2026-01", "2026-12", 1.0, 12.0),
            (3, "2027-01", "2027-06", 1.0, 6.0)
        ]
    );
    let out = pricelab(&["simulate", path, "--budget", "1200"]);
    assert!(out.status.success());
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.contains("Year by year against the budget (the customer's monthly bill)"), "{table}");
    let row = table.lines().find(|l| l.starts_with("Per conversation") && l.contains(" mo")).unwrap();
    let cells: Vec<&str> = row.split("  ").map(str::trim).filter(|c| !c.is_empty()).collect();
    assert_eq!(cells, ["Per conversation", "50.0% · 6.0 mo", "100.0% · 12.0 mo", "100.0% · 6.0 mo"], "{table}");
    // One account of a profile: no years (they are the portfolio's); the quote gives them.
    let out = pricelab(&["simulate", path, "--budget", "1200", "--budget-account", "Shop", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json["monte_carlo"]["budget"]["plans"][0]["years"].is_null());
}

#[test]
fn check_says_when_it_stopped_reading_at_a_syntax_error() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.ron");
    std::fs::write(&broken, SEASONAL.replace("months: 30,", "months: 30 x,").replace("\"1\")", "1)")).unwrap();
    let out = pricelab(&["check", broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("1 problem found (reading stops at the first syntax error: fix it, then check again for more)"),
        "{err}"
    );
    // Broken rules are all found at once: no such note.
    let invalid = dir.path().join("invalid.ron");
    std::fs::write(
        &invalid,
        SEASONAL.replace("growth: 0.5", "growth: -2").replace("trials: 50", "trials: 50, seed: 1"),
    )
    .unwrap();
    let out = pricelab(&["check", invalid.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("problem found") && !err.contains("reading stops"), "{err}");
}

/// `import --help` names the usage file `--events` writes as it is really written.
#[test]
fn import_help_names_the_usage_file_it_writes() {
    let help = String::from_utf8(pricelab(&["import", "--help"]).stdout).unwrap();
    assert!(help.contains("customers.usage-<12 hex digits>.csv"), "{help}");
    let dir = tempfile::tempdir().unwrap();
    let events = dir.path().join("events.csv");
    std::fs::write(
        &events,
        "account,timestamp,ai,resolved\nAcme,2025-01-03T10:00:00Z,true,true\nAcme,2025-02-03T10:00:00Z,true,false\n",
    )
    .unwrap();
    let plans = format!("{}/scenarios/backtest/plans.ron", env!("CARGO_MANIFEST_DIR"));
    let output = dir.path().join("customers.ron");
    let out = pricelab(&[
        "import",
        events.to_str().unwrap(),
        "--events",
        "--plans",
        &plans,
        "--output",
        output.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let written: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("customers.usage-"))
        .collect();
    assert_eq!(written.len(), 1, "{written:?}");
    let hex = written[0].strip_prefix("customers.usage-").unwrap().strip_suffix(".csv").unwrap();
    assert!(hex.len() == 12 && hex.chars().all(|c| c.is_ascii_hexdigit()), "{written:?}");
}

/// `fmt` keeps the header comment and drops the others: it says so, in `--check` before and when
/// it rewrites.
#[test]
fn fmt_says_which_comments_it_drops() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("commented.ron");
    let text = format!(
        "// Header kept\n{}",
        SEASONAL
            .replace("growth: 0.5,", "growth: 0.5, // from the 2025 plan\n")
            .replace("plans: [", "/* old plans:\n (name: \"x\") */ plans: [",)
    );
    std::fs::write(&path, &text).unwrap();
    let shown = path.to_str().unwrap();
    let out = pricelab(&["fmt", "--check", shown]);
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        said,
        format!(
            "{shown}: not in canonical form (pricelab fmt rewrites it, dropping its 2 comments below the header)\n"
        )
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text, "--check leaves it");
    let out = pricelab(&["fmt", shown]);
    assert!(out.status.success());
    let said = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        said,
        format!("{shown}: rewritten; its 2 comments below the header were dropped (notes belong in `notes`)\n")
    );
    let now = std::fs::read_to_string(&path).unwrap();
    assert!(now.starts_with("// Header kept\n") && !now.contains("2025 plan") && !now.contains("old plans"), "{now}");
}
