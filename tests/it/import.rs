//! `pricelab import` (docs/import.md): monthly rows or raw events into a scenario of fitted customers.

use pricelab::io;
use pricelab::model::Seats;
use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Output};

fn pricelab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pricelab")).args(args).output().unwrap()
}

fn plans() -> &'static str {
    concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/backtest/plans.ron")
}

fn run(args: &[&str]) -> String {
    let out = pricelab(args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn monthly_rows_with_months_missing_are_completed_beside_the_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let usage = dir.path().join("export.csv");
    // Out of order, and Beta has no row for 2024-02 (a month without usage).
    std::fs::write(
        &usage,
        "account,month,conversations,ai_conversations,resolutions,seats\n\
         Beta,2024-03,500,400,200,3\n\
         Acme,2024-02,1100,900,450,10\n\
         Acme,2024-01,1000,800,400,10\n\
         Beta,2024-01,400,300,100,3\n\
         Acme,2024-03,1200,1000,520,10\n",
    )
    .unwrap();
    let out = dir.path().join("forecast.ron");
    let said = run(&[
        "import",
        usage.to_str().unwrap(),
        "--plans",
        plans(),
        "--output",
        out.to_str().unwrap(),
        "--project",
        "6",
    ]);
    assert!(said.contains("Read 2 customers over 3 months (2024-01 to 2024-03)"), "{said}");
    assert!(said.contains("forecast.usage.csv"), "{said}");
    let s = io::read_scenario(&out).unwrap();
    assert_eq!((s.start.to_string(), s.months), ("2024-01".into(), 9));
    let names: Vec<&str> = s.accounts.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Beta", "Acme"], "in the order first met");
    assert_eq!(s.accounts[1].seats, Seats::Fixed(10));
    assert_eq!(s.plans.len(), 4, "the plans of the plans file");
    let history = s.history.as_ref().unwrap();
    assert_eq!(history.file, "forecast.usage.csv");
    let written = std::fs::read_to_string(dir.path().join("forecast.usage.csv")).unwrap();
    assert!(written.contains("\nBeta,2024-02,0,0,0,0\n"), "{written}");
    // The scenario backtests, and simulates its projected months.
    run(&["backtest", out.to_str().unwrap()]);
    let o = pricelab::engine::simulate(&s).unwrap();
    assert_eq!(o.accounts[1].months[2].conversations, 1200, "recorded");
    assert!(o.accounts[1].months[8].conversations > 0, "projected");
}

#[test]
fn a_complete_monthly_file_is_the_history_itself_named_from_the_scenarios_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    std::fs::create_dir(dir.path().join("out")).unwrap();
    let usage = dir.path().join("in/usage.csv");
    std::fs::write(
        &usage,
        "seats,resolutions,ai_conversations,conversations,month,account\n3,1,2,4,2025-05,Solo\n3,2,3,5,2025-06,Solo\n",
    )
    .unwrap();
    let out = dir.path().join("out/s.ron");
    run(&["import", usage.to_str().unwrap(), "--plans", plans(), "--output", out.to_str().unwrap()]);
    let s = io::read_scenario(&out).unwrap();
    assert_eq!(s.history.unwrap().file, "../in/usage.csv");
    assert!(!dir.path().join("out/s.usage.csv").exists());
}

/// The monthly table the events below are made from: (account, month, conversations, AI
/// conversations, resolutions, seats).
const MONTHS: [(&str, &str, u32, u32, u32, u32); 5] = [
    ("Acme", "2024-01", 40, 30, 12, 4),
    ("Acme", "2024-02", 35, 30, 20, 4),
    ("Acme", "2024-03", 50, 41, 30, 3),
    ("Beta", "2024-01", 7, 0, 0, 1),
    ("Beta", "2024-03", 9, 9, 9, 1),
];

#[test]
fn events_aggregate_to_the_monthly_rows_they_were_made_from() {
    let dir = tempfile::tempdir().unwrap();
    let mut events = String::from("account,timestamp,ai,resolved,channel\n");
    for (account, month, conversations, ai, resolved, _) in MONTHS {
        for k in 0..conversations {
            // Timestamps in every accepted form, some with offsets that keep them in the month.
            let day = 1 + k % 27;
            let stamp = match k % 4 {
                0 => format!("{month}-{day:02}"),
                1 => format!("{month}-{day:02}T10:15:00Z"),
                2 => format!("{month}-{day:02}T23:59:59.250+05:30"),
                _ => format!("{month}-{day:02}T00:00:01-08:00"),
            };
            let (is_ai, is_resolved) = (k < ai, k < resolved);
            let ai_text = if k % 2 == 0 { is_ai.to_string() } else { u8::from(is_ai).to_string() };
            writeln!(events, "{account},{stamp},{ai_text},{is_resolved},chat").unwrap();
        }
    }
    // A conversation at 23:30 on the last day of January, New York time, is February's in UTC.
    writeln!(events, "Acme,2024-01-31T23:30:00-05:00,false,false,phone").unwrap();
    std::fs::write(dir.path().join("events.csv"), &events).unwrap();
    std::fs::write(
        dir.path().join("seats.csv"),
        "account,month,seats\nAcme,2024-01,4\nAcme,2024-03,3\nBeta,2024-01,1\n",
    )
    .unwrap();
    let out = dir.path().join("meter.ron");
    let said = run(&[
        "import",
        dir.path().join("events.csv").to_str().unwrap(),
        "--events",
        "--seats",
        dir.path().join("seats.csv").to_str().unwrap(),
        "--plans",
        plans(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(said.contains("Read 142 events, 2 customers over 3 months"), "{said}");
    let written = std::fs::read_to_string(dir.path().join("meter.usage.csv")).unwrap();
    let mut expected = String::from("account,month,conversations,ai_conversations,resolutions,seats\n");
    for (account, month, conversations, ai, resolved, seats) in MONTHS {
        // (The phone call moved to February; Beta had no events in February.)
        let conversations = conversations + u32::from(account == "Acme" && month == "2024-02");
        writeln!(expected, "{account},{month},{conversations},{ai},{resolved},{seats}").unwrap();
        if (account, month) == ("Beta", "2024-01") {
            writeln!(expected, "Beta,2024-02,0,0,0,1").unwrap();
        }
    }
    assert_eq!(written, expected);
    let s = io::read_scenario(&out).unwrap();
    assert_eq!(s.history.unwrap().file, "meter.usage.csv");
}

#[test]
fn bad_events_are_reported_at_their_lines() {
    let dir = tempfile::tempdir().unwrap();
    let events = dir.path().join("events.csv");
    std::fs::write(
        &events,
        "account,timestamp,ai,resolved\n\
         Acme,2024-01-05,true,false\n\
         Acme,05/01/2024,true,false\n\
         Acme,2024-01-05T10:00:00,true,false\n\
         Acme,2024-01-05,maybe,false\n\
         Acme,2024-01-05,false,true\n\
         ,2024-01-05,true,true\n",
    )
    .unwrap();
    let out = pricelab(&[
        "import",
        events.to_str().unwrap(),
        "--events",
        "--plans",
        plans(),
        "--output",
        dir.path().join("x.ron").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    let at = |line: u32, text: &str| {
        let want = format!("{}:{line}: ", events.display());
        assert!(
            err.lines().any(|l| l.starts_with(&want) && l.contains(text)),
            "line {line} should say {text:?}:\n{err}"
        );
    };
    at(3, "timestamp \"05/01/2024\" is neither RFC 3339");
    at(4, "is neither RFC 3339");
    at(5, "ai \"maybe\" is not true or false");
    at(6, "must be an AI conversation");
    at(7, "the account is empty");
    assert!(!dir.path().join("x.ron").exists(), "nothing written");
    // --seats without --events is a misuse.
    let out = pricelab(&["import", "u.csv", "--seats", "s.csv", "--plans", plans(), "--output", "x.ron"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_shipped_backtest_example_is_what_import_makes_of_its_usage() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/backtest");
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(here.join("usage.csv"), dir.path().join("usage.csv")).unwrap();
    let out = dir.path().join("customers.ron");
    run(&[
        "import",
        dir.path().join("usage.csv").to_str().unwrap(),
        "--plans",
        here.join("plans.ron").to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    let made = std::fs::read_to_string(&out).unwrap();
    let shipped = std::fs::read_to_string(here.join("customers.ron")).unwrap();
    assert!(made == shipped, "scenarios/backtest/customers.ron is out of date: import it again (see the README)");
    let table = run(&["backtest", here.join("customers.ron").to_str().unwrap()]);
    assert!(table.contains("24 recorded months, 2024-01 to 2025-12; 300 customers"), "{table}");
}
