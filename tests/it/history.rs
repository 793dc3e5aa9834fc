//! Recorded usage (docs/import.md): reading the usage file, what recorded months do to the simulation
//! and the Monte Carlo run, and `pricelab backtest`.

use pricelab::engine::backtest::backtest;
use pricelab::engine::monte_carlo::{self, Silent};
use pricelab::engine::simulate;
use pricelab::io::{self, LoadError};
use pricelab::model::{Location, Problem, Scenario};
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const HEADER: &str = "account,month,conversations,ai_conversations,resolutions,seats\n";

/// Three customers over four months, on seats at $100, per resolution at $0.99, and $0.50 per
/// AI conversation with a $400 monthly fee; the first two months are recorded.
fn scenario_text(history: &str) -> String {
    format!(
        r#"(format: 1, name: "Three customers", start: "2024-01", months: 4,
        accounts: [
            (name: "Acme", conversations: 1000, ai_involvement: (start: 0.8, end: 0.8, months: 0),
             resolution_rate: (start: 0.5, end: 0.5, months: 0),
             seats: Staffed(start: 10, conversations_per_seat: 100, minimum: 2, term_months: 3)),
            (name: "Beta", conversations: 500, resolution_rate: (start: 0.5, end: 0.5, months: 0), seats: Fixed(4)),
            (name: "Gamma", conversations: 100, resolution_rate: (start: 0.5, end: 0.5, months: 0), seats: Fixed(1)),
            (name: "Prospect", count: 3, conversations: 500, resolution_rate: (start: 0.5, end: 0.5, months: 0), seats: Fixed(4)),
        ],
        plans: [
            (name: "Seats", charges: [Usage(name: "Seat", metric: Seats, price: PerUnit("100"))]),
            (name: "Per resolution", charges: [Usage(name: "Resolution", metric: Resolutions, price: PerUnit("0.99"))]),
            (name: "Per AI conversation", charges: [Fee(name: "Platform", amount: "400"),
                Usage(name: "AI conversation", metric: AiConversations, price: PerUnit("0.50"))]),
        ],
        history: "{history}")"#
    )
}

/// The recorded months: Acme grows and is staffed down; Beta is quiet in February; Gamma has
/// no seats bill at all (a customer the AI serves alone).
pub const USAGE: &str = "account,month,conversations,ai_conversations,resolutions,seats
Acme,2024-01,1000,800,400,10
Acme,2024-02,1200,900,500,8
Beta,2024-01,500,500,250,4
Beta,2024-02,0,0,0,4
Gamma,2024-01,100,100,90,0
Gamma,2024-02,120,110,100,0
";

/// A folder holding the scenario (`s.ron`) and its usage file (`usage.csv`).
fn files(usage: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("usage.csv"), usage).unwrap();
    let path = dir.path().join("s.ron");
    std::fs::write(&path, scenario_text("usage.csv")).unwrap();
    (dir, path)
}

fn load(usage: &str) -> Scenario {
    let (_dir, path) = files(usage);
    io::read_scenario(&path).unwrap()
}

fn problems(usage: &[u8]) -> Vec<Problem> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("usage.csv"), usage).unwrap();
    let path = dir.path().join("s.ron");
    std::fs::write(&path, scenario_text("usage.csv")).unwrap();
    match io::read_scenario(&path) {
        Err(LoadError::Invalid { problems, .. }) => problems,
        other => panic!("expected problems, got {other:?}"),
    }
}

/// The (line, message) of each problem located in the usage file.
fn rows(problems: &[Problem]) -> Vec<(u64, String)> {
    problems
        .iter()
        .filter_map(|p| match &p.location {
            Location::Row { file, line } => {
                assert_eq!(file, "usage.csv");
                Some((*line, p.message.clone()))
            }
            _ => None,
        })
        .collect()
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn pricelab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pricelab")).args(args).output().unwrap()
}

#[test]
fn recorded_months_replace_the_generated_ones_and_staffing_carries_on() {
    let s = load(USAGE);
    let o = simulate(&s).unwrap();
    let acme = &o.accounts[0].months;
    // Months 0 and 1 as recorded, seats included.
    assert_eq!(
        (acme[1].conversations, acme[1].ai_conversations, acme[1].resolutions, acme[1].seats),
        (1200, 900, 500, 8)
    );
    // Month 2 is generated (1,000 conversations, 800 with AI, 400 resolved) and still in the
    // term of month 1 (months 0–2): it keeps month 1's 8 seats, not the profile's start of 10.
    assert_eq!((acme[2].conversations, acme[2].resolutions, acme[2].seats), (1000, 400, 8));
    // Month 3 begins a term: re-sized to ceil(600 humans / 100) = 6 seats.
    assert_eq!(acme[3].seats, 6);
    // A fixed profile has its seats after its recorded months; an unrecorded one is generated.
    assert_eq!(o.accounts[2].months[0].seats, 0);
    assert_eq!(o.accounts[2].months[2].seats, 1);
    assert_eq!(o.accounts[3].months[0].conversations, 500);
}

#[test]
fn a_history_equal_to_the_generated_usage_changes_nothing() {
    let without = {
        let mut s = load(USAGE);
        s.history = None;
        s
    };
    let generated = simulate(&without).unwrap();
    // Write the generated usage of the three one-account profiles as the history: the results
    // are those of the scenario without history, to the cent.
    let mut usage = HEADER.to_owned();
    for a in &generated.accounts[..3] {
        for (m, u) in a.months.iter().enumerate().take(3) {
            usage.push_str(&format!(
                "{},2024-{:02},{},{},{},{}\n",
                a.name,
                m + 1,
                u.conversations,
                u.ai_conversations,
                u.resolutions,
                u.seats
            ));
        }
    }
    let with = load(&usage);
    assert_eq!(with.history.as_ref().unwrap().recorded.as_ref().unwrap().months, 3);
    assert_eq!(simulate(&with).unwrap(), generated);
}

#[test]
fn monte_carlo_leaves_recorded_months_as_recorded() {
    let mut s = load(USAGE);
    s.simulation.volume_noise = 0.3;
    s.simulation.resolution_noise = 0.1;
    // Without the drawn profile, the recorded months have no spread at all.
    s.accounts.truncate(3);
    let mc = monte_carlo::run(&s, 200, 7, &Silent).unwrap();
    let exact = simulate(&s).unwrap();
    for (plan, spread) in exact.plans.iter().zip(&mc.plans) {
        for m in 0..2 {
            let month = spread.monthly[m];
            assert_eq!((month.p10, month.p50, month.p90), (plan.billed[m], plan.billed[m], plan.billed[m]));
        }
        assert!(spread.monthly[3].p10 < spread.monthly[3].p90, "{}: later months are drawn", plan.name);
    }
}

/// The three customers by hand (recorded months 2024-01 and 2024-02):
/// - Acme: seats 10 + 8 = 18 seat-months × $100 = **$1,800**; 400 + 500 = 900 resolutions ×
///   $0.99 = **$891.00**; 2 × $400 + (800 + 900) × $0.50 = **$1,650.00**.
/// - Beta: 4 + 4 seats = **$800**; 250 × $0.99 = **$247.50**; $800 + 500 × $0.50 = **$1,050.00**.
/// - Gamma: no seats, **$0**; 190 × $0.99 = **$188.10**; $800 + 210 × $0.50 = **$905.00**.
///
/// Per resolution against seats: Acme −$909.00 (−50.50%), Beta −$552.50 (−69.06%), Gamma
/// +$188.10 (no %: nothing on the baseline). Per AI conversation: Acme −$150.00 (−8.33%), Beta
/// +$250.00 (+31.25%), Gamma +$905.00.
#[test]
fn backtest_by_hand() {
    let s = load(USAGE);
    let b = backtest(&s, 10).unwrap();
    assert_eq!(b.months.len(), 2);
    let names: Vec<&str> = b.customers.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Acme", "Beta", "Gamma"], "the recorded customers, not the prospects");
    let totals: Vec<Vec<String>> =
        b.customers.iter().map(|c| c.totals.iter().map(|t| format!("{t:.2}")).collect()).collect();
    assert_eq!(
        totals,
        [["1800.00", "891.00", "1650.00"], ["800.00", "247.50", "1050.00"], ["0.00", "188.10", "905.00"]]
    );
    let per_resolution = &b.plans[1];
    assert_eq!(per_resolution.total, d("1326.60"));
    assert_eq!(per_resolution.change, d("1326.60") - d("2600"));
    assert_eq!((per_resolution.up, per_resolution.down, per_resolution.same), (1, 2, 0));
    // Nearest rank over the two customers with a baseline: −69.06 and −50.50.
    let spread = per_resolution.change_pct.unwrap();
    assert_eq!((spread.p5, spread.p50, spread.p95), (d("-69.06"), d("-69.06"), d("-50.50")));
    assert_eq!(per_resolution.top_increases[0].change, d("188.10"));
    assert_eq!(per_resolution.top_increases[0].change_pct, None);
    let decreases: Vec<usize> = per_resolution.top_decreases.iter().map(|m| m.customer).collect();
    assert_eq!(decreases, [0, 1], "Acme's −909.00 first, then Beta's −552.50");
    assert_eq!(b.customers[0].change_pct(1), Some(d("-50.50")));
    let per_ai = &b.plans[2];
    assert_eq!(b.customers[0].change_pct(2), Some(d("-8.33")));
    assert_eq!(b.customers[1].change_pct(2), Some(d("31.25")));
    let increases: Vec<usize> = per_ai.top_increases.iter().map(|m| m.customer).collect();
    assert_eq!(increases, [2, 1]);
    // The baseline against itself: nobody changes.
    assert_eq!((b.plans[0].up, b.plans[0].down, b.plans[0].same), (0, 0, 3));
    // --top 1 keeps the largest only.
    let b1 = backtest(&s, 1).unwrap();
    assert_eq!(b1.plans[2].top_increases.len(), 1);
    assert_eq!(b1.plans[2].top_increases[0].customer, 2);
}

#[test]
fn backtest_totals_are_the_simulations_over_the_recorded_months() {
    let s = load(USAGE);
    let b = backtest(&s, 10).unwrap();
    let o = simulate(&s).unwrap();
    for (p, plan) in o.plans.iter().enumerate() {
        for c in &b.customers {
            let bill = &plan.accounts[c.profile];
            let first_two: Decimal = bill.billed[..2].iter().sum();
            assert_eq!(c.totals[p], first_two, "{} under {}", c.name, plan.name);
        }
    }
}

#[test]
fn a_usage_file_as_spreadsheets_write_it_is_read() {
    // A byte-order mark, CRLF line ends, quoted fields, columns in another order, an extra
    // column and a blank line.
    let usage = "\u{feff}month,\"account\",seats,note,resolutions,ai_conversations,conversations\r\n\
        2024-01,\"Acme\",10,\"hello, world\",400,800,1000\r\n\
        \r\n\
        2024-02,Acme,8,,500,900,1200\r\n";
    let s = load(usage);
    let recorded = s.history.as_ref().unwrap().recorded.as_ref().unwrap();
    assert_eq!(recorded.months, 2);
    assert_eq!(recorded.accounts[0].months[1].seats, 8);
    assert_eq!(recorded.accounts[0].line, 2);
}

#[test]
fn every_broken_rule_is_reported_at_its_line() {
    let usage = "account,month,conversations,ai_conversations,resolutions,seats
Acme,2024-01,1000,800,900,10
Acme,2024-01,1000,800,400,10
Acme,2024-01,1000,800,400,10
Ghost,2024-01,1,1,1,1
Ghost,2024-02,1,1,1,1
Prospect,2024-01,1,1,1,1
Beta,2023-12,1,1,1,1
Beta,2024-01,-3,1,1,1
Beta,2024-02,1.5,1,1,1
Beta,03/2024,1,1,1,1
Gamma,2024-01,10,20,5,0
,2024-01,1,1,1,1
Acme,2024-02,1000,800,400
Gamma,2024-02,1,1,1,0
";
    let found = rows(&problems(usage.as_bytes()));
    let lines: Vec<u64> = found.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, [2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15], "{found:#?}");
    let says = |line: u64, text: &str| {
        assert!(
            found.iter().any(|(l, m)| *l == line && m.contains(text)),
            "line {line} should say {text:?}: {found:#?}"
        );
    };
    says(2, "resolutions (900) are more than AI conversations (800)");
    says(3, "has no row for 2024-02");
    says(4, "a second row for \"Acme\" in 2024-01 (the first is at line 3)");
    says(5, "\"Ghost\" is not a profile of the scenario");
    says(5, "(2 rows, none of them read)");
    says(7, "its profile (accounts[3]) must have count 1, not 3");
    says(8, "2023-12 is outside the scenario's months (2024-01 to 2024-04)");
    says(9, "conversations \"-3\" is not a count");
    says(10, "conversations \"1.5\" is not a count");
    says(11, "month \"03/2024\" is not a month written YYYY-MM");
    says(12, "AI conversations (20) are more than conversations (10)");
    says(13, "the account is empty");
    says(14, "the row has 5 fields; the column seats is field 6");
    says(15, "\"Gamma\" has no row for 2024-01");
}

#[test]
fn files_that_are_not_usage_files_say_so() {
    let first = |usage: &[u8]| problems(usage).remove(0).to_string();
    let semicolons = first(b"account;month;conversations;ai_conversations;resolutions;seats\nAcme;2024-01;1;1;1;1\n");
    assert!(semicolons.contains("usage.csv:1: the header lacks the columns"), "{semicolons}");
    assert!(semicolons.contains("separated by something other than commas"), "{semicolons}");
    assert!(first(b"").contains("the file is empty"));
    assert!(first(HEADER.as_bytes()).contains("usage.csv:2: the file has a header but no rows"));
    let missing = first(b"account,month,conversations,resolutions,seats\nAcme,2024-01,1,1,1\n");
    assert!(missing.contains("lacks the column ai_conversations;"), "{missing}");
    let binary =
        problems(b"account,month,conversations,ai_conversations,resolutions,seats\nAc\xffme,2024-01,1,1,1,1\n");
    assert!(binary[0].to_string().contains("usage.csv:2: account is not UTF-8 text"), "{binary:?}");
    // A missing file is a problem of the field `history`.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.ron");
    std::fs::write(&path, scenario_text("nowhere.csv")).unwrap();
    let Err(LoadError::Invalid { problems, .. }) = io::read_scenario(&path) else { panic!() };
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].path(), Some("history"));
    assert!(problems[0].message.contains("cannot read the usage file \"nowhere.csv\""));
}

#[test]
fn a_million_rows_of_an_unknown_account_make_one_problem() {
    let mut usage = String::with_capacity(40_000_000);
    usage.push_str(HEADER);
    for i in 0..1_000_000 {
        usage.push_str(&format!("Stranger,2024-0{},1,1,1,1\n", 1 + i % 4));
    }
    let found = problems(usage.as_bytes());
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].to_string().contains("(1000000 rows, none of them read)"), "{}", found[0]);
    // Many distinct problems: the first 50 are listed, the rest counted.
    let mut usage = HEADER.to_owned();
    for i in 0..200 {
        usage.push_str(&format!("Acme,2024-01,x{i},1,1,1\n"));
    }
    let found = problems(usage.as_bytes());
    assert_eq!(found.len(), 51);
    assert!(found[50].message.contains("and 150 more problems"), "{}", found[50]);
}

#[test]
fn editing_a_recorded_scenario_is_checked_against_its_history() {
    let mut s = load(USAGE);
    s.accounts[0].name = "Acme Corp".into();
    s.accounts[1].count = 2;
    s.start = pricelab::model::YearMonth::new(2024, 2).unwrap();
    s.months = 1;
    let found = pricelab::model::validate(&s);
    let text: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert!(
        text.iter().any(|t| t.starts_with("start: the recorded usage in \"usage.csv\" starts in 2024-01")),
        "{text:#?}"
    );
    assert!(text.iter().any(|t| t.starts_with("months: 2 months are recorded")), "{text:#?}");
    assert!(text.iter().any(|t| t == "usage.csv:2: account \"Acme\" is not a profile of the scenario"), "{text:#?}");
    assert!(
        text.iter().any(|t| t.starts_with(
            "usage.csv:4: account \"Beta\" is recorded, so its profile (accounts[1]) must have count 1, not 2"
        )),
        "{text:#?}"
    );
}

#[test]
fn the_command_line_backtests_and_reports_usage_file_problems_where_they_are() {
    let (dir, path) = files(USAGE);
    let file = path.to_str().unwrap();
    let out = pricelab(&["backtest", file]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.contains("2 recorded months, 2024-01 to 2024-02; 3 customers"), "{table}");
    assert!(table.contains("Largest increases under Per resolution:"), "{table}");

    let out = pricelab(&["backtest", file, "--format", "json", "--top", "1"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["baseline"], "Seats");
    assert_eq!(json["months"], serde_json::json!(["2024-01", "2024-02"]));
    assert_eq!(json["accounts"][2]["plans"][1], serde_json::json!({"name": "Per resolution", "total": "188.10"}));
    let plan = &json["plans"][1];
    assert_eq!(plan["change"], "-1273.40");
    assert_eq!(plan["change_pct"], serde_json::json!({"p5": "-69.06", "p50": "-69.06", "p95": "-50.50"}));
    assert_eq!(plan["top_increases"], serde_json::json!([{"name": "Gamma", "change": "188.10", "change_pct": null}]));
    assert_eq!(
        plan["top_decreases"],
        serde_json::json!([{"name": "Acme", "change": "-909.00", "change_pct": "-50.50"}])
    );
    assert_eq!(json["plans"][0]["customers_same"], 3);

    let out = pricelab(&["backtest", file, "--format", "csv"]);
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(
        csv.starts_with("account,plan,total,baseline_total,change,change_pct\nAcme,Seats,1800.00,1800.00,0.00,0.00\n"),
        "{csv}"
    );
    assert!(csv.contains("\nGamma,Per resolution,188.10,0.00,188.10,\n"), "{csv}");

    // A broken row: exit 1, the usage file's own path and line.
    std::fs::write(dir.path().join("usage.csv"), format!("{HEADER}Acme,2024-01,1000,800,900,10\n")).unwrap();
    let out = pricelab(&["backtest", file]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    let csv_path = dir.path().join("usage.csv");
    assert!(err.starts_with(&format!("{}:2: resolutions (900)", csv_path.display())), "{err}");

    // No history: exit 1, and what to do.
    let plain = dir.path().join("plain.ron");
    std::fs::write(&plain, scenario_text("usage.csv").replace("history: \"usage.csv\"", "")).unwrap();
    let out = pricelab(&["backtest", plain.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("has no recorded usage to backtest"));
}

#[test]
fn a_recorded_scenario_round_trips_with_its_history_field() {
    let s = load(USAGE);
    let text = pricelab::model::to_ron(&s);
    assert!(text.contains("history: \"usage.csv\""), "{text}");
    let (dir, _) = files(USAGE);
    let copy = dir.path().join("copy.ron");
    std::fs::write(&copy, &text).unwrap();
    assert_eq!(io::read_scenario(&copy).unwrap(), s);
    assert_eq!(history_of(&copy), Some("usage.csv".into()));
}

fn history_of(path: &Path) -> Option<String> {
    io::read_scenario(path).ok()?.history.map(|h| h.file)
}

#[test]
fn a_recovery_file_finds_the_usage_file_again() {
    let (dir, path) = files(USAGE);
    let s = io::read_scenario(&path).unwrap();
    let recovery = dir.path().join("unsaved.ron");
    io::recovery::write(&recovery, &io::recovery::Recovery::now(Some(path), s.clone())).unwrap();
    let back = io::recovery::read(&recovery).unwrap();
    assert_eq!(back.scenario, s, "restored with its recorded usage");
    assert!(pricelab::model::validate(&back.scenario).is_empty());
}
