//! The `pricelab` binary, run as a user would: every shipped scenario, every output format,
//! malformed and hostile files, and misuse of the command line.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn pricelab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pricelab")).args(args).output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn shipped() -> Vec<PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    files
}

fn write_temp(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_string_lossy().into_owned()
}

/// Runs `check` and `simulate` on a file that must be refused: exit 1, located messages, no panic.
fn assert_refused(path: &str) -> String {
    let mut messages = String::new();
    for args in [vec!["check", path], vec!["simulate", path, "--format", "json"]] {
        let o = pricelab(&args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        assert!(o.stdout.is_empty(), "{args:?} wrote to stdout");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        let first = err.lines().next().unwrap_or_default();
        assert!(first.starts_with(&format!("{path}:")), "{args:?}: the message names the file: {first}");
        messages = err;
    }
    messages
}

#[test]
fn six_scenarios_are_shipped_and_each_checks_and_simulates_in_every_format() {
    let files = shipped();
    assert_eq!(files.len(), 6, "{files:?}");
    for file in files {
        let path = file.to_str().unwrap();
        let o = pricelab(&["check", path]);
        assert!(o.status.success(), "{path}: {}", stderr(&o));
        assert!(String::from_utf8_lossy(&o.stdout).contains(": ok:"));

        let o = pricelab(&["simulate", path]);
        assert!(o.status.success(), "{path}: {}", stderr(&o));
        let table = String::from_utf8(o.stdout).unwrap();
        assert!(table.contains("baseline") && table.contains("per resolution"), "{table}");

        let o = pricelab(&["simulate", path, "--format", "json"]);
        assert!(o.status.success(), "{path}: {}", stderr(&o));
        check_json(path, &serde_json::from_slice(&o.stdout).unwrap());

        let o = pricelab(&["simulate", path, "--format", "csv"]);
        assert!(o.status.success(), "{path}: {}", stderr(&o));
        check_csv(path, &String::from_utf8(o.stdout).unwrap());
    }
}

fn dec(v: &serde_json::Value) -> rust_decimal::Decimal {
    let s = v.as_str().unwrap();
    let (_, frac) = s.split_once('.').unwrap();
    assert_eq!(frac.len(), 2, "money has exactly two decimals: {s}");
    s.parse().unwrap()
}

fn sum(values: &serde_json::Value) -> rust_decimal::Decimal {
    values.as_array().unwrap().iter().map(dec).sum()
}

/// The JSON's own arithmetic holds: lines sum to bills, bills to totals, accounts to the portfolio.
fn check_json(path: &str, j: &serde_json::Value) {
    assert_eq!(j["format"], 1);
    let trials = pricelab::io::read_scenario(Path::new(path)).unwrap().simulation.trials;
    if trials == 0 {
        assert!(j["monte_carlo"].is_null(), "{path}");
    } else {
        assert_eq!(j["monte_carlo"]["trials"].as_u64(), Some(trials), "{path}");
    }
    let months = j["months"].as_array().unwrap().len();
    let counts: Vec<u64> = j["accounts"].as_array().unwrap().iter().map(|a| a["count"].as_u64().unwrap()).collect();
    for a in j["accounts"].as_array().unwrap() {
        for key in ["conversations", "ai_conversations", "resolutions", "seats"] {
            assert_eq!(a[key].as_array().unwrap().len(), months, "{path}: {key}");
        }
    }
    for p in j["plans"].as_array().unwrap() {
        assert_eq!(sum(&p["billed"]), dec(&p["total"]), "{path}: {}", p["name"]);
        assert_eq!(dec(&p["total"]) - sum(&p["cost"]), dec(&p["margin"]));
        let mut portfolio = vec![rust_decimal::Decimal::ZERO; months];
        for (a, count) in p["accounts"].as_array().unwrap().iter().zip(&counts) {
            assert_eq!(sum(&a["billed"]), dec(&a["total"]));
            for (m, slot) in portfolio.iter_mut().enumerate() {
                let lines: rust_decimal::Decimal =
                    a["lines"].as_array().unwrap().iter().map(|l| dec(&l["billed"][m])).sum();
                assert_eq!(lines, dec(&a["billed"][m]), "{path}: lines sum to the bill");
                *slot += dec(&a["billed"][m]) * rust_decimal::Decimal::from(*count);
            }
        }
        let billed: Vec<_> = p["billed"].as_array().unwrap().iter().map(dec).collect();
        assert_eq!(billed, portfolio, "{path}: portfolio = Σ count × account");
    }
}

fn check_csv(path: &str, csv: &str) {
    let mut lines = csv.lines();
    let scenario = pricelab::io::read_scenario(Path::new(path)).unwrap();
    let spec = "plan,account,count,month,conversations,ai_conversations,resolutions,seats,billed_each,billed_total";
    let header = if scenario.simulation.trials > 0 {
        format!("{spec},portfolio_mean,portfolio_p10,portfolio_p50,portfolio_p90")
    } else {
        spec.to_owned()
    };
    assert_eq!(lines.next(), Some(header.as_str()));
    let rows = scenario.plans.len() * scenario.accounts.len() * scenario.months as usize;
    assert_eq!(lines.count(), rows, "{path}");
}

#[test]
fn output_goes_to_a_file_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("fin.json");
    let fin = shipped().into_iter().find(|p| p.ends_with("fin-outcome-pricing.ron")).unwrap();
    let o = pricelab(&["simulate", fin.to_str().unwrap(), "--format", "json", "--output", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    let j: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(j["months"].as_array().unwrap().len(), 36);
    let o = pricelab(&["simulate", fin.to_str().unwrap(), "--output", "/nonexistent-dir/x.txt"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("cannot write /nonexistent-dir/x.txt"));
}

#[test]
fn misuse_of_the_command_line_exits_2() {
    for args in [
        vec!["check"],
        vec!["simulate"],
        vec!["simulate", "x.ron", "--format", "xml"],
        vec!["check", "a.ron", "b.ron"],
        vec!["--no-such-flag"],
    ] {
        let o = pricelab(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    }
    assert_eq!(pricelab(&["--help"]).status.code(), Some(0));
}

#[test]
fn unreadable_files_exit_1() {
    let o = pricelab(&["check", "/nonexistent/scenario.ron"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("cannot read /nonexistent/scenario.ron"), "{}", stderr(&o));
    let o = pricelab(&["simulate", "/tmp"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn syntax_errors_give_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(shipped()[0].clone()).unwrap().replacen("growth:", "growht:", 1);
    let line = text.lines().position(|l| l.contains("growht")).unwrap() + 1;
    let path = write_temp(&dir, "typo.ron", text.as_bytes());
    let err = assert_refused(&path);
    assert!(err.contains(&format!("{path}:{line}:")), "{err}");
    assert!(err.contains("growht"), "{err}");
}

#[test]
fn every_broken_rule_is_reported_with_its_field_path() {
    let dir = tempfile::tempdir().unwrap();
    let text = r#"(format: 1, name: "Broken", currency: "usd", start: "2024-01", months: 700,
        accounts: [(name: "A", conversations: 100, seasonality: [1, 1, 1],
                    resolution_rate: (start: 0.5, end: 1.5, months: 0), seats: Fixed(1)),
                   (name: "A", count: 20000000, conversations: 100, growth: -1,
                    resolution_rate: (start: 0.5, end: 0.5, months: 0),
                    seats: Staffed(start: 1, conversations_per_seat: 0, minimum: 0, term_months: 0))],
        plans: [(name: "P", charges: [Usage(name: "X", metric: Seats, price: Graduated([(up_to: Some(10)), (up_to: Some(5)), (up_to: None)])),
                                      Usage(name: "X", metric: Seats, price: Package(size: 0, price: "1")),
                                      Fee(name: "", amount: "1234567890123456")],
                 commitments: [Commit(name: "C", amount: "1", term_months: 0, covers: [])],
                 discount: "1"),
                (name: "Empty")],
        simulation: (trials: 200000, volume_noise: 2))"#;
    let path = write_temp(&dir, "broken.ron", text.as_bytes());
    let err = assert_refused(&path);
    for field in [
        "currency",
        "months",
        "accounts[0].seasonality",
        "accounts[0].resolution_rate.end",
        "accounts[1].name",
        "accounts[1].count",
        "accounts[1].growth",
        "accounts[1].seats.conversations_per_seat",
        "accounts[1].seats.term_months",
        "plans[0].charges[0].price[1].up_to",
        "plans[0].charges[1].name",
        "plans[0].charges[1].price.size",
        "plans[0].charges[2].name",
        "plans[0].charges[2].amount",
        "plans[0].commitments[0].term_months",
        "plans[0].commitments[0].covers",
        "plans[0].discount",
        "plans[1]",
        "simulation.trials",
        "simulation.volume_noise",
    ] {
        assert!(err.contains(&format!("{path}: {field}: ")), "no problem reported at {field}:\n{err}");
    }
    assert!(err.contains("problems found"));
}

#[test]
fn files_of_another_format_are_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_temp(&dir, "v2.ron", b"(format: 2, name: \"Future\", whatever: [1, 2, 3])");
    let err = assert_refused(&path);
    assert!(err.contains("format: this file is in scenario format 2"), "{err}");
}

#[test]
fn hostile_files_are_refused_without_panic_or_hang() {
    let dir = tempfile::tempdir().unwrap();
    // Random bytes (a fixed xorshift stream), once as they come and once made ASCII.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let bytes: Vec<u8> = (0..20_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x.to_le_bytes()[0]
        })
        .collect();
    assert_refused(&write_temp(&dir, "random.ron", &bytes));
    let ascii: Vec<u8> = bytes.iter().map(|b| b % 95 + 32).collect();
    assert_refused(&write_temp(&dir, "ascii.ron", &ascii));
    // 100,000 open brackets, bare and inside a field the format does not know.
    assert_refused(&write_temp(&dir, "brackets.ron", "[".repeat(100_000).as_bytes()));
    assert_refused(&write_temp(&dir, "parens.ron", "(".repeat(100_000).as_bytes()));
    let nested = format!("(format: 1, name: \"x\", notes: \"\", x: {}", "(a: [".repeat(50_000));
    assert_refused(&write_temp(&dir, "nested.ron", nested.as_bytes()));
    // Empty, and a file over 16 MiB (refused before parsing).
    assert_refused(&write_temp(&dir, "empty.ron", b""));
    let mut big = b"(format: 1, notes: \"".to_vec();
    big.resize(16 * 1024 * 1024 + 1, b'a');
    let err = assert_refused(&write_temp(&dir, "big.ron", &big));
    assert!(err.contains("16 MiB"), "{err}");
}

#[test]
fn truncated_files_are_refused_with_a_location() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        std::fs::read(shipped().into_iter().find(|p| p.ends_with("seat-to-resolution-commit.ron")).unwrap()).unwrap();
    let end = text.iter().rposition(|&b| b == b')').unwrap();
    for cut in (0..end).step_by(149) {
        let path = write_temp(&dir, "cut.ron", &text[..cut]);
        let o = pricelab(&["check", &path]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "cut at {cut}: {err}");
        let located = err.lines().next().unwrap().strip_prefix(&format!("{path}:")).unwrap();
        assert!(located.split(':').next().unwrap().parse::<usize>().is_ok(), "cut at {cut}: {err}");
    }
}

#[test]
fn arithmetic_that_would_overflow_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    // Quantities past 2^53: 1e12 conversations × 1e6 seasonality.
    let huge_volume = r#"(format: 1, name: "Huge", start: "2024-01", months: 2,
        accounts: [(name: "A", conversations: 1e12, seasonality: [1e6, 1e6, 1e6, 1e6, 1e6, 1e6, 1e6, 1e6, 1e6, 1e6, 1e6, 1e6],
                    resolution_rate: (start: 0.5, end: 0.5, months: 0), seats: Fixed(1))],
        plans: [(name: "P", charges: [Fee(name: "F", amount: "1")])])"#;
    let err = assert_refused(&write_temp(&dir, "volume.ron", huge_volume.as_bytes()));
    assert!(err.contains("accounts[0]: \"A\": conversations in month 2024-01"), "{err}");
    // Money past a decimal's range: 10 million accounts × 9e15 seats × a 15-digit price.
    let huge_bill = r#"(format: 1, name: "Huge", start: "2024-01", months: 1,
        accounts: [(name: "A", count: 10000000, conversations: 1, resolution_rate: (start: 0.5, end: 0.5, months: 0),
                    seats: Fixed(9000000000000000))],
        plans: [(name: "P", charges: [Usage(name: "Seat", metric: Seats, price: PerUnit("999999999999999"))])])"#;
    let err = assert_refused(&write_temp(&dir, "bill.ron", huge_bill.as_bytes()));
    assert!(err.contains("plans[0]: \"P\": the bill for account \"A\" in 2024-01 is too large"), "{err}");
}

#[test]
fn without_a_display_the_app_points_to_the_command_line() {
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_pricelab"))
            .args(args)
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .output()
            .unwrap()
    };
    let o = run(&[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("no display") && err.contains("pricelab simulate"), "{err}");
    assert!(!err.contains("panicked"));
}

/// Compares `output` with the golden file `name` in `tests/golden` (`UPDATE_GOLDEN=1` rewrites it).
fn assert_golden(name: &str, output: &[u8]) {
    let golden_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let golden = golden_dir.join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(&golden_dir).unwrap();
        std::fs::write(&golden, output).unwrap();
    }
    let want = std::fs::read(&golden)
        .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_GOLDEN=1 to create it)", golden.display()));
    assert!(output == want.as_slice(), "the output differs from {}", golden.display());
}

#[test]
fn table_output_matches_the_golden_files() {
    for file in shipped() {
        let o = pricelab(&["simulate", file.to_str().unwrap()]);
        let stem = file.file_stem().unwrap().to_string_lossy();
        assert_golden(&format!("{stem}.txt"), &o.stdout);
    }
}

/// JSON and CSV are streamed as they are formatted; their bytes are those the earlier version
/// built in memory (the golden files were written by it, then gained each plan's `crossover`),
/// on every shipped scenario, and with Monte Carlo results and a budget.
#[test]
fn json_and_csv_outputs_match_the_golden_files_byte_for_byte() {
    for file in shipped() {
        let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
        for format in ["json", "csv"] {
            let o = pricelab(&["simulate", file.to_str().unwrap(), "--format", format]);
            assert!(o.status.success(), "{}", stderr(&o));
            assert_golden(&format!("{stem}.{format}"), &o.stdout);
        }
    }
    let fin_mc = ["simulate", &fin(), "-f", "json", "--trials", "200", "--seed", "3", "--budget", "600000"];
    assert_golden("fin-outcome-pricing.mc.json", &pricelab(&fin_mc).stdout);
    let retailer = shipped().into_iter().find(|p| p.ends_with("seasonal-retailer.ron")).unwrap();
    let retailer_mc = ["simulate", retailer.to_str().unwrap(), "-f", "csv", "--trials", "100", "--seed", "5"];
    assert_golden("seasonal-retailer.mc.csv", &pricelab(&retailer_mc).stdout);
    // Written to a file, the bytes are the same.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.json");
    let o = pricelab(&["simulate", &fin(), "-f", "json", "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_golden("fin-outcome-pricing.json", &std::fs::read(&out).unwrap());
}

fn fin() -> String {
    shipped().into_iter().find(|p| p.ends_with("fin-outcome-pricing.ron")).unwrap().to_string_lossy().into_owned()
}

#[test]
fn trials_add_the_monte_carlo_section_to_the_json() {
    let o = pricelab(&["simulate", &fin(), "--format", "json", "--trials", "40", "--seed", "7"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let mc = &j["monte_carlo"];
    assert_eq!((mc["trials"].as_u64(), mc["seed"].as_u64()), (Some(40), Some(7)));
    let plans = mc["plans"].as_array().unwrap();
    assert_eq!(plans.len(), j["plans"].as_array().unwrap().len());
    for p in plans {
        for k in ["mean", "p10", "p50", "p90"] {
            assert_eq!(p["monthly"][k].as_array().unwrap().len(), 36, "{k}");
            dec(&p["total"][k]);
        }
        assert!(dec(&p["total"]["p10"]) <= dec(&p["total"]["p90"]));
    }
}

#[test]
fn monte_carlo_output_is_the_same_on_one_thread_or_two() {
    let run = |threads: &str| {
        Command::new(env!("CARGO_BIN_EXE_pricelab"))
            .args(["simulate", &fin(), "--format", "csv", "--trials", "30", "--seed", "3"])
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap()
    };
    let (one, two) = (run("1"), run("2"));
    assert!(one.status.success());
    assert_eq!(one.stdout, two.stdout);
    let csv = String::from_utf8(one.stdout).unwrap();
    assert!(csv.starts_with(
        "plan,account,count,month,conversations,ai_conversations,resolutions,seats,billed_each,billed_total,portfolio_mean,portfolio_p10,portfolio_p50,portfolio_p90\n"
    ));
    assert!(csv.lines().skip(1).all(|l| l.split(',').count() == 14), "{csv}");
    let other = pricelab(&["simulate", &fin(), "--format", "csv", "--trials", "30", "--seed", "4"]);
    assert_ne!(other.stdout, csv.as_bytes(), "another seed draws differently");
}

#[test]
fn the_table_shows_the_p10_to_p90_range() {
    let o = pricelab(&["simulate", &fin(), "--trials", "20"]);
    let table = String::from_utf8(o.stdout).unwrap();
    assert!(table.contains("Monte Carlo: 20 trials, seed 1"), "{table}");
    assert!(table.contains("P90") && table.contains("margin P10"), "{table}");
}

#[test]
fn monte_carlo_runs_over_the_budget_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fin()).unwrap().replacen(
        "name: \"Support team\",",
        "name: \"Support team\", count: 10000000,",
        1,
    );
    let path = write_temp(&dir, "big.ron", text.as_bytes());
    let o = pricelab(&["simulate", &path, "--trials", "100000"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("simulation.trials") && stderr(&o).contains("too large"), "{}", stderr(&o));
    assert_eq!(pricelab(&["simulate", &path, "--trials", "-3"]).status.code(), Some(2));
}

/// The `budget` object of `simulate --format json` with `args` after the file.
fn budget_json(file: &str, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["simulate", file, "--format", "json"];
    all.extend_from_slice(args);
    let o = pricelab(&all);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    j["monte_carlo"]["budget"].clone()
}

#[test]
fn a_budget_gives_each_plans_chance_of_a_month_above_it() {
    use pricelab::engine::monte_carlo::{self, Budget, Silent};
    let scenario = pricelab::io::read_scenario(Path::new(&fin())).unwrap();
    let mc = monte_carlo::run(&scenario, 300, 5, &Silent).unwrap();
    // The per-conversation plan's median December is about 830,000: a budget there is crossed
    // in some trials and not others.
    let amount = rust_decimal::Decimal::new(830_000, 0);
    let budget = budget_json(&fin(), &["--trials", "300", "--seed", "5", "--budget", "830000"]);
    assert_eq!((budget["amount"].as_str(), budget["account"].as_null()), (Some("830000.00"), Some(())));
    let plans = budget["plans"].as_array().unwrap();
    assert_eq!(plans.len(), 4);
    for (json, plan) in plans.iter().zip(&mc.plans) {
        assert_eq!(json["name"].as_str(), Some(plan.name.as_str()));
        let want = plan.chance_over(&Budget { amount, account: None }).unwrap();
        let got = json["chance_over"].as_f64().unwrap();
        // (Rounded to 4 decimals in the JSON.)
        assert!((got - want.to_string().parse::<f64>().unwrap()).abs() <= 5e-5, "{}: {got} vs {want}", plan.name);
        assert!(json["month_p90_over_p50"].as_f64().unwrap() >= 1.0);
        assert!(json["peak_over_average"].as_f64().unwrap() >= 1.0);
    }
    let per_conversation = plans[1]["chance_over"].as_f64().unwrap();
    assert!(per_conversation > 0.05 && per_conversation < 0.95, "{per_conversation}");
    // No budget is always crossed (every plan bills something); a huge one never.
    let all = |b: &serde_json::Value| {
        b["plans"].as_array().unwrap().iter().map(|p| p["chance_over"].as_f64()).collect::<Vec<_>>()
    };
    assert!(all(&budget_json(&fin(), &["--trials", "50", "--budget", "0"])).iter().all(|c| *c == Some(1.0)));
    assert!(all(&budget_json(&fin(), &["--trials", "50", "--budget", "1000000000"])).iter().all(|c| *c == Some(0.0)));
    // Without --budget the JSON is the spec's, nothing added.
    let o = pricelab(&["simulate", &fin(), "--format", "json", "--trials", "20"]);
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(j["monte_carlo"].get("budget").is_none());
    // The table says the same, as percentages.
    let o = pricelab(&["simulate", &fin(), "--trials", "300", "--seed", "5", "--budget", "830000"]);
    let table = String::from_utf8(o.stdout).unwrap();
    assert!(
        table.contains("Bill predictability: a budget of 830,000.00 a month against the customer's monthly bill"),
        "{table}"
    );
    let row = table.lines().find(|l| l.starts_with("Per AI conversation") && l.contains('×')).unwrap();
    assert!(row.contains(&format!("{:.1}%", per_conversation * 100.0)), "{row} vs {per_conversation}");
}

#[test]
fn a_budget_can_be_one_account_of_a_profile() {
    let portfolio = shipped().into_iter().find(|p| p.ends_with("saas-portfolio.ron")).unwrap();
    let portfolio = portfolio.to_str().unwrap();
    let args = ["--trials", "40", "--budget", "12000", "--budget-account", "Mid-market"];
    let one = budget_json(portfolio, &args);
    assert_eq!(one["account"].as_str(), Some("Mid-market"));
    let chances = |b: &serde_json::Value| {
        b["plans"].as_array().unwrap().iter().map(|p| p["chance_over"].as_f64().unwrap()).collect::<Vec<_>>()
    };
    // One mid-market account's seat bill (60 seats falling to 10, × 85) stays under 12,000; with
    // AI conversations or resolutions billed (about 15,000 a month) it does not.
    assert_eq!(chances(&one), [0.0, 1.0, 1.0, 1.0, 1.0]);
    // The whole portfolio's bill is over 12,000 every month under every plan.
    let whole = budget_json(portfolio, &args[..4]);
    assert!(whole["account"].is_null());
    assert_eq!(chances(&whole), [1.0; 5]);
    let table = String::from_utf8(
        pricelab(&["simulate", portfolio, "--trials", "40", "--budget", "12000", "--budget-account", "Mid-market"])
            .stdout,
    )
    .unwrap();
    assert!(table.contains("against one \"Mid-market\" account's monthly bill"), "{table}");
    assert!(table.contains("the whole portfolio's)"), "{table}");
}

#[test]
fn budget_misuse_exits_2_and_says_why() {
    let portfolio = shipped().into_iter().find(|p| p.ends_with("saas-portfolio.ron")).unwrap();
    let portfolio = portfolio.to_str().unwrap();
    for (args, says) in [
        (vec!["--trials", "0", "--budget", "100"], "needs Monte Carlo trials"),
        (vec!["--trials", "5", "--budget", "100", "--budget-account", "Nope"], "no account profile is named \"Nope\""),
        (vec!["--trials", "5", "--budget", "100", "--format", "csv"], "not in CSV"),
        (vec!["--trials", "5", "--budget=-100"], "negative"),
        (vec!["--trials", "5", "--budget", "12,000"], "not an amount of money"),
        (vec!["--trials", "5", "--budget", "79228162514264337593543950335"], "digits before the point"),
        (vec!["--trials", "5", "--budget-account", "SMB"], "--budget <AMOUNT>"),
    ] {
        let mut all = vec!["simulate", portfolio];
        all.extend_from_slice(&args);
        let o = pricelab(&all);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
        assert!(o.stdout.is_empty(), "{args:?}");
    }
}
