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
    let mut s = examples::ALL
        .iter()
        .find(|e| e.file == "saas-portfolio.ron")
        .expect("saas-portfolio.ron is shipped")
        .scenario()
        .expect("valid");
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
    let commit = examples::ALL
        .iter()
        .find(|e| e.file == "seat-to-resolution-commit.ron")
        .expect("shipped")
        .scenario()
        .expect("valid");
    group.bench_function("commitment scenario, 10,000 trials", |b| {
        b.iter(|| monte_carlo::run(black_box(&commit), 10_000, 1, &monte_carlo::Silent));
    });
    let shipped =
        examples::ALL.iter().find(|e| e.file == "saas-portfolio.ron").expect("shipped").scenario().expect("valid");
    group.bench_function("portfolio, 10 trials × 2,780 accounts × 36 months", |b| {
        b.iter(|| monte_carlo::run(black_box(&shipped), 10, 1, &monte_carlo::Silent));
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
