//! The Monte Carlo speed goals of issue #4, measured directly and printed against their targets:
//!
//! - 10,000 trials of `fin-outcome-pricing.ron` (goal: under 15 ms on 2 cores);
//! - 10^8 account-months: 1,000 trials × 2,800 account instances × 36 months, 5 plans
//!   (goal: under 4 s, memory not growing with the number of instances);
//! - the speed-up from 1 to 2 threads (goal: near-linear).
//!
//! Run with `cargo bench --bench targets`. Arguments after `--`: `quick` for a shorter portfolio
//! run of 10^7 account-months; `fin`, `portfolio` or `memory` for that part alone (for profiling).

// A benchmark with broken inputs should stop at once; its report is what it prints.
#![allow(clippy::expect_used, clippy::print_stdout, clippy::print_stderr)]

use pricelab::engine::monte_carlo::{self, Silent};
use pricelab::model::{Scenario, examples};
use std::time::{Duration, Instant};

fn shipped(file: &str) -> Scenario {
    examples::scenario_named(file).expect("shipped")
}

/// The shipped portfolio with its segments scaled to `instances` account instances in all
/// (the 2,800: 2,417 small, 353 mid-market, 30 enterprise), noise as shipped.
fn portfolio(instances: u64) -> Scenario {
    let mut s = shipped("saas-portfolio.ron");
    let shipped_total: u64 = s.accounts.iter().map(|a| a.count).sum();
    let mut left = instances;
    for (i, a) in s.accounts.iter_mut().enumerate().rev() {
        a.count = if i == 0 { left } else { (a.count * instances).div_ceil(shipped_total).min(left) };
        left -= a.count;
    }
    assert_eq!(s.accounts.iter().map(|a| a.count).sum::<u64>(), instances);
    s
}

/// The best of `runs` timings of `f` (the least disturbed by the rest of the machine).
fn best(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn on_threads<R: Send>(threads: usize, f: impl FnOnce() -> R + Send) -> R {
    rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("a thread pool").install(f)
}

/// The process's peak resident memory so far, in MiB (Linux), if known.
fn peak_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let quick = args.iter().any(|a| a == "quick");
    let parts: Vec<&str> = args.iter().map(String::as_str).filter(|a| *a != "quick").collect();
    let part = |name: &str| parts.is_empty() || parts.contains(&name);
    if part("memory") {
        memory();
    }
    if part("fin") {
        fin();
    }
    if part("portfolio") {
        portfolio_run(quick);
    }
}

fn memory() {
    // Memory against instances, first (the peak only grows): ten times the instances must not
    // need more memory.
    let peak = |instances: u64| {
        monte_carlo::run(&portfolio(instances), 20, 1, &Silent).expect("runs");
        peak_mib()
    };
    if let (Some(narrow), Some(wide)) = (peak(2_800), peak(28_000)) {
        println!(
            "peak memory, 20 trials of the portfolio: {narrow:.0} MiB with 2,800 instances, {wide:.0} MiB with 28,000"
        );
    }
}

fn fin() {
    let fin = shipped("fin-outcome-pricing.ron");
    let fin_run = || {
        monte_carlo::run(&fin, 10_000, 1, &Silent).expect("runs");
    };
    // Warm up (page in the code, grow the allocator's arenas).
    fin_run();
    let fin2 = on_threads(2, || best(15, fin_run));
    let fin1 = on_threads(1, || best(5, fin_run));
    println!("fin, 10,000 trials (36 months, 4 plans)");
    println!("  2 threads: {:>10}   goal < 15 ms", ms(fin2));
    println!("  1 thread:  {:>10}   speed-up ×{:.2}", ms(fin1), fin1.as_secs_f64() / fin2.as_secs_f64());
}

fn portfolio_run(quick: bool) {
    let trials = if quick { 100 } else { 1_000 };
    let s = portfolio(2_800);
    let account_months = trials * 2_800 * 36;
    let run = || {
        monte_carlo::run(&s, trials, 1, &Silent).expect("runs");
    };
    let port2 = on_threads(2, || best(if quick { 3 } else { 2 }, run));
    let port1 = on_threads(1, || best(1, run));
    println!(
        "portfolio, {trials} trials × 2,800 instances × 36 months × 5 plans = {account_months:.1e} account-months"
    );
    let goal = if quick { "goal < 0.4 s (10^7)" } else { "goal < 4 s" };
    println!("  2 threads: {:>10.2} s   {goal}", port2.as_secs_f64());
    println!(
        "  1 thread:  {:>10.2} s   speed-up ×{:.2}",
        port1.as_secs_f64(),
        port1.as_secs_f64() / port2.as_secs_f64()
    );
    println!(
        "  {:.1} ns per account-month on 2 threads",
        port2.as_secs_f64() * 1e9 / f64::from(u32::try_from(account_months).unwrap_or(u32::MAX))
    );
}
