//! The `pricelab` binary, run as a user would: every shipped scenario, every output format,
//! malformed and hostile files, and misuse of the command line.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub(crate) fn pricelab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pricelab")).args(args).output().unwrap()
}

pub(crate) fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs `pricelab` with `args`, which must exit 0, and returns its standard output.
pub(crate) fn succeeds(args: &[&str]) -> Vec<u8> {
    let o = pricelab(args);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    o.stdout
}

pub(crate) fn shipped() -> Vec<PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    files
}

pub(crate) fn write_temp(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> String {
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
        // Named where the name says which one; by index where it cannot (two "A"s, two "X"s,
        // an empty name).
        r#"plans["P"].charges[0].price[1].up_to"#,
        r#"plans["P"].charges[1].name"#,
        r#"plans["P"].charges[1].price.size"#,
        r#"plans["P"].charges[2].name"#,
        r#"plans["P"].charges[2].amount"#,
        r#"plans["P"].commitments["C"].term_months"#,
        r#"plans["P"].commitments["C"].covers"#,
        r#"plans["P"].discount"#,
        r#"plans["Empty"]"#,
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
    assert!(err.contains("accounts[\"A\"]: conversations in month 2024-01"), "{err}");
    // Money past a decimal's range: 10 million accounts × 9e15 seats × a 15-digit price.
    let huge_bill = r#"(format: 1, name: "Huge", start: "2024-01", months: 1,
        accounts: [(name: "A", count: 10000000, conversations: 1, resolution_rate: (start: 0.5, end: 0.5, months: 0),
                    seats: Fixed(9000000000000000))],
        plans: [(name: "P", charges: [Usage(name: "Seat", metric: Seats, price: PerUnit("999999999999999"))])])"#;
    let err = assert_refused(&write_temp(&dir, "bill.ron", huge_bill.as_bytes()));
    assert!(err.contains("plans[\"P\"]: the bill for account \"A\" in 2024-01 is too large"), "{err}");
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

/// The golden files of `tests/golden`, compared with outputs. A difference is kept and shown
/// as the lines that differ, and every output of a test is compared before it fails. With
/// `UPDATE_GOLDEN=1` the files are rewritten instead, and the test then fails, so that no run
/// that writes them passes: review `git diff tests/golden`, then run again without it.
struct Goldens {
    updating: bool,
    rewritten: Vec<String>,
    differences: Vec<String>,
}

impl Goldens {
    fn new() -> Self {
        let updating = std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| !v.is_empty() && v != "0");
        Self { updating, rewritten: Vec::new(), differences: Vec::new() }
    }

    /// Compares `output` with the golden file `name` (or rewrites it, when updating).
    fn check(&mut self, name: &str, output: &[u8]) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
        let golden = dir.join(name);
        let before = std::fs::read(&golden);
        if self.updating {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&golden, output).unwrap();
            let changed = before.as_deref().ok() != Some(output);
            self.rewritten.push(format!("{name} ({})", if changed { "changed" } else { "unchanged" }));
            return;
        }
        match before {
            Err(e) => self.differences.push(format!("{}: {e} (UPDATE_GOLDEN=1 writes it)", golden.display())),
            Ok(want) if want == output => {}
            Ok(want) => self.differences.push(format!(
                "the output differs from {}:\n{}",
                golden.display(),
                line_diff(&want, output)
            )),
        }
    }

    /// Fails the test when a golden file was rewritten or an output differed from its file.
    fn finish(self) {
        assert!(
            self.rewritten.is_empty(),
            "golden file rewritten: review `git diff tests/golden` and run again without UPDATE_GOLDEN: {}",
            self.rewritten.join(", ")
        );
        assert!(self.differences.is_empty(), "{}", self.differences.join("\n\n"));
    }
}

/// The lines that differ between `want` and `got`, numbered from 1: what is left once the lines
/// both start and end with are set aside, at most `SHOWN` of each side.
fn line_diff(want: &[u8], got: &[u8]) -> String {
    const SHOWN: usize = 6;
    let (want, got) = (String::from_utf8_lossy(want), String::from_utf8_lossy(got));
    let (w, g): (Vec<&str>, Vec<&str>) = (want.split('\n').collect(), got.split('\n').collect());
    let head = w.iter().zip(&g).take_while(|(a, b)| a == b).count();
    let tail = w[head..].iter().rev().zip(g[head..].iter().rev()).take_while(|(a, b)| a == b).count();
    let (w_diff, g_diff) = (&w[head..w.len() - tail], &g[head..g.len() - tail]);
    let mut out = format!(
        "{} line(s) expected, {} got, from line {} ({} lines expected in all, {} got; `-` expected, `+` got):\n",
        w_diff.len(),
        g_diff.len(),
        head + 1,
        w.len(),
        g.len()
    );
    if w_diff.is_empty() && g_diff.is_empty() {
        out.push_str("(the same text once read as UTF-8: the bytes differ where they are not UTF-8)\n");
    }
    for (sign, lines) in [('-', w_diff), ('+', g_diff)] {
        for (i, line) in lines.iter().enumerate().take(SHOWN) {
            out.push_str(&format!("{sign} {:>5} | {line:?}\n", head + i + 1));
        }
        if lines.len() > SHOWN {
            out.push_str(&format!("{sign}       | ... {} more\n", lines.len() - SHOWN));
        }
    }
    out
}

#[test]
fn a_golden_difference_is_shown_line_by_line() {
    let want = b"Plan  Total\nSeats  4,000.00\nPer resolution  1,584.00\nend\n";
    let got = b"Plan  Total\nSeats  4,000.00\nPer resolution  1,585.00\nend\n";
    let shown = line_diff(want, got);
    assert!(shown.starts_with("1 line(s) expected, 1 got, from line 3"), "{shown}");
    assert!(shown.contains("-     3 | \"Per resolution  1,584.00\"\n"), "{shown}");
    assert!(shown.contains("+     3 | \"Per resolution  1,585.00\"\n"), "{shown}");
    assert!(!shown.contains("Seats") && !shown.contains("end"), "only the differing lines: {shown}");
    // A line added, and a final newline lost: each shown where it is.
    let shown = line_diff(b"a\nb\n", b"a\nx\nb\n");
    assert!(
        shown.starts_with("0 line(s) expected, 1 got, from line 2") && shown.contains("+     2 | \"x\""),
        "{shown}"
    );
    let shown = line_diff(b"a\nb\n", b"a\nb");
    assert!(shown.starts_with("1 line(s) expected, 0 got, from line 3") && shown.contains("-     3 | \"\""), "{shown}");
}

#[test]
fn table_output_matches_the_golden_files() {
    let mut goldens = Goldens::new();
    for file in shipped() {
        let stem = file.file_stem().unwrap().to_string_lossy();
        goldens.check(&format!("{stem}.txt"), &succeeds(&["simulate", file.to_str().unwrap()]));
    }
    goldens.finish();
}

/// JSON and CSV are streamed as they are formatted; their bytes are those the earlier version
/// built in memory (the golden files were written by it, then gained each plan's `crossover`),
/// on every shipped scenario, and with Monte Carlo results and a budget.
#[test]
fn json_and_csv_outputs_match_the_golden_files_byte_for_byte() {
    let mut goldens = Goldens::new();
    for file in shipped() {
        let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
        for format in ["json", "csv"] {
            goldens.check(&format!("{stem}.{format}"), &succeeds(&["simulate", file.to_str().unwrap(), "-f", format]));
        }
    }
    let fin_mc = ["simulate", &fin(), "-f", "json", "--trials", "200", "--seed", "3", "--budget", "600000"];
    goldens.check("fin-outcome-pricing.mc.json", &succeeds(&fin_mc));
    let retailer = shipped().into_iter().find(|p| p.ends_with("seasonal-retailer.ron")).unwrap();
    let retailer_mc = ["simulate", retailer.to_str().unwrap(), "-f", "csv", "--trials", "100", "--seed", "5"];
    goldens.check("seasonal-retailer.mc.csv", &succeeds(&retailer_mc));
    // Written to a file, the bytes are the same.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.json");
    let o = succeeds(&["simulate", &fin(), "-f", "json", "-o", out.to_str().unwrap()]);
    assert!(o.is_empty(), "nothing on standard output with --output");
    goldens.check("fin-outcome-pricing.json", &std::fs::read(&out).unwrap());
    goldens.finish();
}

pub(crate) fn fin() -> String {
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
    assert_eq!((one.status.code(), two.status.code()), (Some(0), Some(0)), "{}{}", stderr(&one), stderr(&two));
    assert_eq!(one.stdout, two.stdout);
    let csv = String::from_utf8(one.stdout).unwrap();
    assert!(csv.starts_with(
        "plan,account,count,month,conversations,ai_conversations,resolutions,seats,billed_each,billed_total,portfolio_mean,portfolio_p10,portfolio_p50,portfolio_p90\n"
    ));
    assert!(csv.lines().skip(1).all(|l| l.split(',').count() == 14), "{csv}");
    let other = succeeds(&["simulate", &fin(), "--format", "csv", "--trials", "30", "--seed", "4"]);
    assert_ne!(other, csv.as_bytes(), "another seed draws differently");
}

#[test]
fn the_table_shows_the_p10_to_p90_range() {
    let table = String::from_utf8(succeeds(&["simulate", &fin(), "--trials", "20"])).unwrap();
    assert!(table.contains("Monte Carlo: 20 trials, seed 1"), "{table}");
    assert!(table.contains("P90") && table.contains("margin P10"), "{table}");
}
