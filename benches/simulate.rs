//! Benchmarks of the deterministic simulation (issue #2 targets: the Fin scenario under 1 ms,
//! a portfolio of 10,000 account profiles × 36 months × 5 plans under 1 s).
//!
//! Run with `cargo bench --bench simulate`.

// A benchmark with broken inputs should stop at once.
#![allow(clippy::expect_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use pricelab::engine::{monte_carlo, simulate};
use pricelab::model::{Scenario, examples};
use std::hint::black_box;
use std::time::Duration;

fn fin() -> Scenario {
    examples::DEFAULT.scenario().expect("the default scenario is valid")
}

/// The shipped portfolio's three segments and five plans, spread into 10,000 distinct profiles.
fn portfolio_10k() -> Scenario {
    let mut s = examples::scenario_named("saas-portfolio.ron").expect("saas-portfolio.ron is shipped");
    let base = s.accounts.clone();
    s.accounts = (0..10_000)
        .map(|i| {
            let mut a = base[i % base.len()].clone();
            a.name = format!("{} {i}", a.name);
            a.count = 1 + (i as u64 % 7);
            a.conversations *= 0.5 + (i % 100) as f64 / 100.0;
            a.growth += (i % 11) as f64 / 100.0;
            a
        })
        .collect();
    assert_eq!((s.accounts.len(), s.months, s.plans.len()), (10_000, 36, 5));
    s
}

fn bench(c: &mut Criterion) {
    let fin = fin();
    c.bench_function("fin scenario (36 months, 4 plans)", |b| b.iter(|| simulate(black_box(&fin))));
    let portfolio = portfolio_10k();
    let mut group = c.benchmark_group("portfolio");
    group.sample_size(10).measurement_time(Duration::from_secs(10));
    group.bench_function("10,000 profiles × 36 months × 5 plans", |b| b.iter(|| simulate(black_box(&portfolio))));
    group.finish();

    // Monte Carlo (issue #4 targets: 10,000 trials of the Fin scenario under 15 ms; 10^8
    // account-months of the portfolio under 4 s). The portfolio case here runs 10 trials of the
    // shipped 2,780-account portfolio (10 × 2,780 × 36 ≈ 10^6 account-months, 5 plans): scale
    // by 100 for 10^8.
    let mut group = c.benchmark_group("monte carlo");
    group.sample_size(10).measurement_time(Duration::from_secs(10));
    group.bench_function("fin scenario, 10,000 trials", |b| {
        b.iter(|| monte_carlo::run(black_box(&fin), 10_000, 1, &monte_carlo::Silent));
    });
    // Issue #10's whole-process goal is a Fin-like file with commitments: the shipped
    // seat-to-resolution commitment file (two of its three plans bill against annual commits).
    let commit = examples::scenario_named("seat-to-resolution-commit.ron").expect("shipped");
    group.bench_function("commitment scenario, 10,000 trials", |b| {
        b.iter(|| monte_carlo::run(black_box(&commit), 10_000, 1, &monte_carlo::Silent));
    });
    let shipped = examples::scenario_named("saas-portfolio.ron").expect("shipped");
    group.bench_function("portfolio, 10 trials × 2,780 accounts × 36 months", |b| {
        b.iter(|| monte_carlo::run(black_box(&shipped), 10, 1, &monte_carlo::Silent));
    });
    group.finish();
}

/// Issue #11's analyses: solve and the default tornado on Fin (under 5 ms and 20 ms whole
/// process), solve and a 100-point price sweep on 10,000 profiles (under 2 s each).
fn decide(c: &mut Criterion) {
    use pricelab::engine::analyses::{self, Goal, Param, Path, Scope, Target};
    let fin = fin();
    let price = |s: &Scenario, path: &str| Param::resolve(s, &Path::parse(path).expect("path")).expect("param");
    let fin_goal = Goal {
        param: price(&fin, "plans[2].charges[1].price"),
        plan: 2,
        target: Target::Baseline,
        measure: analyses::Measure::Revenue,
        scope: Scope { account: None, months: 0..12 },
        range: (0.into(), 1_000_000_000.into()),
    };
    let mut group = c.benchmark_group("decide");
    group.bench_function("fin: solve year 1", |b| {
        b.iter(|| analyses::solve(black_box(&fin), &fin_goal, &monte_carlo::Silent));
    });
    let params = analyses::default_tornado_params(&fin);
    group.bench_function("fin: default tornado", |b| {
        b.iter(|| analyses::tornado(black_box(&fin), &params, "0.2".parse().expect("swing"), &monte_carlo::Silent));
    });
    group.sample_size(10).measurement_time(Duration::from_secs(10));
    let portfolio = portfolio_10k();
    let resolution = price(&portfolio, "plans[2].charges[1].price");
    let goal = Goal {
        param: resolution,
        plan: 2,
        target: Target::Plan(1),
        scope: Scope { account: None, months: 0..36 },
        ..fin_goal
    };
    group.bench_function("10,000 profiles: solve", |b| {
        b.iter(|| analyses::solve(black_box(&portfolio), &goal, &monte_carlo::Silent));
    });
    group.bench_function("10,000 profiles: 100-point price sweep", |b| {
        b.iter(|| {
            analyses::sweep(
                black_box(&portfolio),
                resolution,
                "0.5".parse().expect("n"),
                "1.5".parse().expect("n"),
                100,
                &monte_carlo::Silent,
            )
        });
    });
    group.finish();
}

criterion_group!(benches, bench, decide);
criterion_main!(benches);
