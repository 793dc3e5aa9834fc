//! The third hostile review's findings about the command line's own arguments and its messages:
//! each as the reproducing command, with the exit status and message expected now.

use std::process::{Command, Output};

const FIN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/fin-outcome-pricing.ron");

fn pricelab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pricelab")).args(args).output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn solve_range(range: &str) -> Output {
    pricelab(&[
        "solve",
        FIN,
        "--vary",
        "plans[2].charges[1].price",
        "--plan",
        "Per resolution + Advanced seats",
        "--target",
        "baseline",
        "--range",
        range,
    ])
}

#[test]
fn a_range_out_of_a_prices_reach_is_a_misuse_of_range_not_a_crash_nor_the_files_fault() {
    for (range, says) in [
        ("0..1e27", "--range: 1e27 is above the largest price a scenario can hold, 999,999,999,999,999.99"),
        ("0..1e15", "--range: 1e15 is above the largest price"),
        ("-5..5", "--range: -5 is below 0: a price cannot be negative"),
        ("0.001..1", "--range: 0.001 is not a whole number of cents"),
    ] {
        let out = solve_range(range);
        assert_eq!(out.status.code(), Some(2), "{range}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{range}: {}", stderr(&out));
        assert!(!stderr(&out).contains("plans[2]"), "not the file's problem: {}", stderr(&out));
    }
    // The whole of a price's reach is fine.
    assert!(solve_range("0..999999999999999.99").status.success());
}

fn sweep(args: &[&str]) -> Output {
    let mut all = vec!["sweep", FIN];
    all.extend_from_slice(args);
    pricelab(&all)
}

#[test]
fn sweep_says_what_is_wrong_once_and_with_the_real_limit() {
    let price = "plans[2].charges[1].price";
    let out = sweep(&["--vary", price, "--from", "0", "--to", "1e-300"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("`1e-300` is too small to tell from 0"), "{}", stderr(&out));
    let out = sweep(&["--vary", price, "--from", "0", "--to", "1e30"]);
    assert!(stderr(&out).contains("`1e30` is too large"), "{}", stderr(&out));
    let out = sweep(&["--vary", price, "--from", "0", "--to", "1", "--steps", "100000000000000000000"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("100000000000000000000 is not in 1..=1000"), "{}", stderr(&out));
    // A count beyond what a profile may hold: the path once, the real limit.
    let out = sweep(&["--vary", "accounts[0].count", "--from", "0", "--to", "20000000000000000000", "--steps", "1"]);
    let err = stderr(&out);
    assert!(err.contains("is not a whole number from 0 to 10,000,000"), "{err}");
    for line in err.lines() {
        assert!(line.matches("accounts[\"Support team\"].count").count() <= 2, "the path printed again: {line}");
        assert!(!line.contains("18446744073709551615"), "{line}");
    }
}

#[test]
fn standard_output_can_be_named_as_the_output() {
    for to in ["-", "/dev/stdout"] {
        let out = pricelab(&["simulate", FIN, "--format", "csv", "--output", to]);
        assert!(out.status.success(), "{to}: {}", stderr(&out));
        assert!(String::from_utf8_lossy(&out.stdout).starts_with("plan,account,count,month"), "{to}");
    }
    assert!(!std::path::Path::new("-").exists(), "no file named -");
}

#[test]
fn line_separators_and_invisible_format_characters_are_refused_in_names_and_escaped_in_messages() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(FIN).unwrap();
    for (c, code) in [
        ('\u{2028}', "U+2028"),
        ('\u{2029}', "U+2029"),
        ('\u{202E}', "U+202E"),
        ('\u{2066}', "U+2066"),
        ('\u{200E}', "U+200E"),
        ('\u{061C}', "U+061C"),
        ('\u{200B}', "U+200B"),
        ('\u{FEFF}', "U+FEFF"),
        ('\u{AD}', "U+00AD"),
    ] {
        let path = dir.path().join("s.ron");
        std::fs::write(&path, text.replacen("Seats only", &format!("Seats{c}fake.ron:1:1: only"), 1)).unwrap();
        let out = pricelab(&["check", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{code}");
        let err = stderr(&out);
        assert!(err.contains(code), "{code}: {err}");
        // Nothing a reader would take for a line or a reordering reaches the terminal raw.
        assert!(!err.contains(c), "{code} printed raw: {err:?}");
        assert_eq!(err.lines().count(), 2, "{code}: one problem line and the count: {err:?}");
    }
}

#[test]
fn a_huge_name_makes_a_short_message() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(FIN).unwrap();
    // Two plans with the same 1 MB name (and a NUL): the message quotes 40 characters of it.
    let huge = format!("{}\\u{{0}}", "x".repeat(1 << 20));
    let path = dir.path().join("s.ron");
    let text = text.replacen("\"Seats only\"", &format!("\"{huge}\""), 1).replacen(
        "\"Per AI conversation + seats\"",
        &format!("\"{huge}\""),
        1,
    );
    std::fs::write(&path, text).unwrap();
    let out = pricelab(&["check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.len() < 8_000, "{} bytes of messages", err.len());
    assert!(err.contains("another plan is already named \"xxxxxxxx"), "{}", &err[..err.len().min(2000)]);
}

/// `pricelab args…` with standard output and error on /dev/full (a full disk).
fn to_full_disk(args: &[&str], env_remove: &[&str]) -> Output {
    let full = || std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_pricelab"));
    command.args(args).stdout(full()).stderr(full());
    for name in env_remove {
        command.env_remove(name);
    }
    command.output().unwrap()
}

#[test]
fn output_that_cannot_be_written_ends_with_a_status_never_a_panic() {
    if !std::path::Path::new("/dev/full").exists() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let backtest = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/backtest");
    let out = dir.path().join("customers.ron");
    let o = to_full_disk(
        &[
            "import",
            &format!("{backtest}/usage.csv"),
            "--plans",
            &format!("{backtest}/plans.ron"),
            "--output",
            out.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(1), "import's summary to a full disk");
    // The app with no display to open a window on.
    let o = to_full_disk(&[], &["DISPLAY", "WAYLAND_DISPLAY"]);
    assert_eq!(o.status.code(), Some(1), "the app without a display");
    let o = to_full_disk(&["simulate", FIN], &[]);
    assert_eq!(o.status.code(), Some(1), "simulate to a full disk");
}

#[test]
fn a_tornado_too_large_to_run_is_refused_at_once_and_named_parameters_still_run() {
    let dir = tempfile::tempdir().unwrap();
    let fees: Vec<String> = (0..4000).map(|i| format!("Fee(name: \"F{i}\", amount: \"1.00\")")).collect();
    let path = dir.path().join("fees.ron");
    std::fs::write(
        &path,
        format!(
            "(format: 1, name: \"Fees\", start: \"2025-01\", months: 36,
              accounts: [(name: \"A\", conversations: 1000, resolution_rate: (start: 0.5, end: 0.5, months: 0), seats: Fixed(1))],
              plans: [(name: \"P\", charges: [{}])])",
            fees.join(", ")
        ),
    )
    .unwrap();
    let file = path.to_str().unwrap();
    let started = std::time::Instant::now();
    let out = pricelab(&["tornado", file]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the limit is 500,000,000: name the parameters to vary with --vary"),
        "{}",
        stderr(&out)
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(20), "refused at once, not after the work");
    let out = pricelab(&["tornado", file, "--vary", "plans[0].charges[7].amount"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn check_refuses_a_monte_carlo_run_over_the_limit_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.ron");
    // 166,666 accounts × 600 months × 101 trials: just over the 10^10 account-months allowed,
    // refused before any trial runs (100 trials are allowed; check then runs as many as fit in
    // a few seconds: monte_carlo::trials_within).
    std::fs::write(
        &path,
        r#"(format: 1, name: "Big", start: "2025-01", months: 600,
            accounts: [(name: "A", count: 166666, conversations: 1000, resolution_rate: (start: 0.5, end: 0.5, months: 0), seats: Fixed(1))],
            plans: [(name: "P", charges: [Usage(name: "R", metric: Resolutions, price: PerUnit("0.99"))])],
            simulation: (trials: 101, volume_noise: 0.1))"#,
    )
    .unwrap();
    let started = std::time::Instant::now();
    let out = pricelab(&["check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("too large a Monte Carlo run"), "{}", stderr(&out));
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}
